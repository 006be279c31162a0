//! The views W&B offers on a lineage graph: clusters (the default), explode and types.
//!
//! A [`View`] is what gets laid out and drawn: view nodes (a node, a cluster of
//! siblings, or a type), merged edges with a count, and a stable key per view
//! node so that positions can be kept across view changes
//! (see [`previous_positions`]).

use std::collections::{HashMap, HashSet};

use super::graph::{LineageGraph, NodeKind};
use super::topo::{longest_path, topological_order};

/// Which transform to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ViewMode {
    /// Siblings collapse into clusters (the default).
    #[default]
    Clusters,
    /// Every node shown.
    Explode,
    /// One node per artifact type and per run job type.
    Types,
}

/// How to build a view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewOptions {
    pub mode: ViewMode,
    /// Never clustered.
    pub focus: Option<usize>,
    /// Ids of nodes pulled out of their cluster.
    pub pulled_out: HashSet<String>,
    /// Smallest group of siblings that collapses (5, as W&B).
    pub min_cluster: usize,
}

impl Default for ViewOptions {
    fn default() -> Self {
        Self {
            mode: ViewMode::Clusters,
            focus: None,
            pulled_out: HashSet::new(),
            min_cluster: 5,
        }
    }
}

/// One node of a view. Indices are node indices of the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewNode {
    Node(usize),
    Cluster {
        members: Vec<usize>,
        kind: NodeKind,
        type_name: String,
    },
    Type {
        kind: NodeKind,
        type_name: String,
        members: Vec<usize>,
    },
}

impl ViewNode {
    /// The graph nodes this view node stands for.
    pub fn members(&self) -> &[usize] {
        match self {
            ViewNode::Node(i) => std::slice::from_ref(i),
            ViewNode::Cluster { members, .. } | ViewNode::Type { members, .. } => members,
        }
    }
}

/// An edge between view nodes, merging `count` graph edges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewEdge {
    pub from: usize,
    pub to: usize,
    pub count: usize,
    /// The label shared by all merged edges, if they share one.
    pub label: Option<String>,
    /// True when every merged edge is inferred.
    pub inferred: bool,
}

/// A view of a graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub nodes: Vec<ViewNode>,
    /// Stable key of each view node: "node:{id}", "cluster:{kind}:{type}:{neighbours}",
    /// or "type:{kind}:{type}".
    pub keys: Vec<String>,
    pub edges: Vec<ViewEdge>,
    /// For each graph node, the view node showing it.
    pub node_of: Vec<usize>,
}

impl View {
    pub fn index_of_key(&self, key: &str) -> Option<usize> {
        self.keys.iter().position(|k| k == key)
    }

    /// The edges as (from, to) pairs, for [`super::layout::layout`].
    pub fn layout_edges(&self) -> Vec<(usize, usize)> {
        self.edges.iter().map(|e| (e.from, e.to)).collect()
    }
}

/// For each view node, its previous position if its key is in `previous`; pass
/// the result to [`super::layout::layout_with_previous`].
pub fn previous_positions(
    view: &View,
    previous: &HashMap<String, (f64, f64)>,
) -> Vec<Option<(f64, f64)>> {
    view.keys.iter().map(|k| previous.get(k).copied()).collect()
}

fn node_key(graph: &LineageGraph, v: usize) -> String {
    format!("node:{}", graph.node(v).id)
}

/// Builds the view of `graph` for `opts`.
pub fn build_view(graph: &LineageGraph, opts: &ViewOptions) -> View {
    let n = graph.len();
    let mut nodes: Vec<ViewNode> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut node_of = vec![usize::MAX; n];
    match opts.mode {
        ViewMode::Explode => {
            for (v, slot) in node_of.iter_mut().enumerate() {
                *slot = v;
                nodes.push(ViewNode::Node(v));
                keys.push(node_key(graph, v));
            }
        }
        ViewMode::Types => {
            let mut by_type: HashMap<(NodeKind, &str), usize> = HashMap::new();
            for (v, slot) in node_of.iter_mut().enumerate() {
                let nd = graph.node(v);
                let t = *by_type
                    .entry((nd.kind, nd.type_name.as_str()))
                    .or_insert_with(|| {
                        nodes.push(ViewNode::Type {
                            kind: nd.kind,
                            type_name: nd.type_name.clone(),
                            members: Vec::new(),
                        });
                        keys.push(format!("type:{}:{}", nd.kind, nd.type_name));
                        nodes.len() - 1
                    });
                if let ViewNode::Type { members, .. } = &mut nodes[t] {
                    members.push(v);
                }
                *slot = t;
            }
        }
        ViewMode::Clusters => {
            let (cluster_of, clusters) = find_clusters(graph, opts);
            let mut view_of_cluster = vec![usize::MAX; clusters.len()];
            for v in 0..n {
                match cluster_of[v] {
                    Some(c) => {
                        if view_of_cluster[c] == usize::MAX {
                            view_of_cluster[c] = nodes.len();
                            let nd = graph.node(v);
                            nodes.push(ViewNode::Cluster {
                                members: clusters[c].0.clone(),
                                kind: nd.kind,
                                type_name: nd.type_name.clone(),
                            });
                            keys.push(clusters[c].1.clone());
                        }
                        node_of[v] = view_of_cluster[c];
                    }
                    None => {
                        node_of[v] = nodes.len();
                        nodes.push(ViewNode::Node(v));
                        keys.push(node_key(graph, v));
                    }
                }
            }
        }
    }
    // Merge edges.
    let mut edges: Vec<ViewEdge> = Vec::new();
    let mut edge_at: HashMap<(usize, usize), usize> = HashMap::new();
    let mut label_conflict: Vec<bool> = Vec::new();
    for e in graph.edges() {
        let (a, b) = (node_of[e.from], node_of[e.to]);
        if a == b {
            continue;
        }
        match edge_at.get(&(a, b)) {
            Some(&i) => {
                let ve = &mut edges[i];
                ve.count += 1;
                ve.inferred &= e.inferred;
                if ve.label != e.label {
                    label_conflict[i] = true;
                }
            }
            None => {
                edge_at.insert((a, b), edges.len());
                label_conflict.push(false);
                edges.push(ViewEdge {
                    from: a,
                    to: b,
                    count: 1,
                    label: e.label.clone(),
                    inferred: e.inferred,
                });
            }
        }
    }
    for (e, conflict) in edges.iter_mut().zip(label_conflict) {
        if conflict {
            e.label = None;
        }
    }
    View {
        nodes,
        keys,
        edges,
        node_of,
    }
}

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Rep {
    Node(usize),
    Cluster(usize),
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum Siblings {
    /// Exactly one upstream neighbour.
    Up(Rep),
    /// The same upstream and downstream neighbours.
    Set(Vec<Rep>, Vec<Rep>),
}

/// Finds the clusters: per layer (longest path from the sources), siblings of the
/// same kind and type with the same single upstream neighbour or the same set of
/// neighbours (neighbours already clustered count as their cluster), at least
/// `min_cluster` of them (pulled-out members count). Pulled-out members and the
/// focus stay out; a group left with fewer than 2 members is not drawn as a cluster.
#[allow(clippy::type_complexity)]
fn find_clusters(
    graph: &LineageGraph,
    opts: &ViewOptions,
) -> (Vec<Option<usize>>, Vec<(Vec<usize>, String)>) {
    let n = graph.len();
    // Layers (cycle-safe: nodes left over by Kahn's algorithm go last).
    let indeg: Vec<usize> = (0..n).map(|v| graph.incoming(v).len()).collect();
    let topo = topological_order(indeg, |_| true, |v| graph.successors(v));
    let layer = longest_path(&topo, |v| graph.successors(v));
    let mut by_layer: Vec<usize> = (0..n).collect();
    by_layer.sort_by_key(|&v| (layer[v], v));

    // cluster_of: the cluster a node is drawn in; group_of: the group of siblings
    // it belongs to (pulled-out members too), which is what its neighbours see, so
    // that pulling one member out does not break up the clusters next to it.
    let mut cluster_of: Vec<Option<usize>> = vec![None; n];
    let mut group_of: Vec<Option<usize>> = vec![None; n];
    let mut clusters: Vec<(Vec<usize>, String)> = Vec::new();
    let mut used_keys: HashSet<String> = HashSet::new();
    let rep_key = |r: &Rep, clusters: &[(Vec<usize>, String)]| -> String {
        match *r {
            Rep::Node(v) => node_key(graph, v),
            Rep::Cluster(c) => clusters[c].1.clone(),
        }
    };
    let mut i = 0;
    while i < by_layer.len() {
        let l = layer[by_layer[i]];
        let mut j = i;
        while j < by_layer.len() && layer[by_layer[j]] == l {
            j += 1;
        }
        let mut groups: HashMap<(NodeKind, &str, Siblings), Vec<usize>> = HashMap::new();
        let mut group_order: Vec<(NodeKind, &str, Siblings)> = Vec::new();
        for &v in &by_layer[i..j] {
            if Some(v) == opts.focus {
                continue;
            }
            let rep = |w: usize| match group_of[w] {
                Some(c) => Rep::Cluster(c),
                None => Rep::Node(w),
            };
            let mut ups: Vec<Rep> = graph.predecessors(v).map(rep).collect();
            ups.sort();
            ups.dedup();
            let sib = if ups.len() == 1 {
                Siblings::Up(ups.pop().expect("one element"))
            } else {
                let mut downs: Vec<Rep> = graph.successors(v).map(rep).collect();
                downs.sort();
                downs.dedup();
                Siblings::Set(ups, downs)
            };
            let nd = graph.node(v);
            let k = (nd.kind, nd.type_name.as_str(), sib);
            match groups.get_mut(&k) {
                Some(g) => g.push(v),
                None => {
                    groups.insert(k.clone(), vec![v]);
                    group_order.push(k);
                }
            }
        }
        for k in group_order {
            let members = &groups[&k];
            if members.len() < opts.min_cluster.max(2) {
                continue;
            }
            let stay: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&v| !opts.pulled_out.contains(&graph.node(v).id))
                .collect();
            let nbrs = match &k.2 {
                Siblings::Up(r) => format!("up={}", rep_key(r, &clusters)),
                Siblings::Set(ups, downs) => {
                    let list = |rs: &[Rep]| {
                        rs.iter()
                            .map(|r| rep_key(r, &clusters))
                            .collect::<Vec<_>>()
                            .join(",")
                    };
                    format!("in=[{}];out=[{}]", list(ups), list(downs))
                }
            };
            let mut key = format!("cluster:{}:{}:{}", k.0, k.1, nbrs);
            if used_keys.contains(&key) {
                let mut s = 2;
                while used_keys.contains(&format!("{key}#{s}")) {
                    s += 1;
                }
                key = format!("{key}#{s}");
            }
            used_keys.insert(key.clone());
            let c = clusters.len();
            for &v in members {
                group_of[v] = Some(c);
            }
            if stay.len() >= 2 {
                for &v in &stay {
                    cluster_of[v] = Some(c);
                }
            }
            clusters.push((stay, key));
        }
        i = j;
    }
    (cluster_of, clusters)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The text shown on a view node: the node's label, "12 runs · train",
/// "7 artifacts · dataset", or the type name.
pub fn label(graph: &LineageGraph, node: &ViewNode) -> String {
    match node {
        ViewNode::Node(v) => graph.node(*v).label.clone(),
        ViewNode::Cluster {
            members,
            kind,
            type_name,
        } => {
            let count = match kind {
                NodeKind::Run => plural(members.len(), "run", "runs"),
                NodeKind::Artifact => plural(members.len(), "artifact", "artifacts"),
            };
            if type_name.is_empty() {
                count
            } else {
                format!("{count} · {type_name}")
            }
        }
        ViewNode::Type {
            kind, type_name, ..
        } => {
            if type_name.is_empty() {
                format!("{}s", kind.as_str())
            } else {
                type_name.clone()
            }
        }
    }
}

/// Accessible name: "run sweep-lr-3", "model sweep-model:v4" (artifact type, then
/// label), "cluster of 12 runs", "cluster of 7 dataset artifacts", "type model".
pub fn aria_label(graph: &LineageGraph, node: &ViewNode) -> String {
    match node {
        ViewNode::Node(v) => {
            let nd = graph.node(*v);
            match nd.kind {
                NodeKind::Run => format!("run {}", nd.label),
                NodeKind::Artifact if nd.type_name.is_empty() => format!("artifact {}", nd.label),
                NodeKind::Artifact => format!("{} {}", nd.type_name, nd.label),
            }
        }
        ViewNode::Cluster {
            members,
            kind,
            type_name,
        } => match kind {
            NodeKind::Run => format!("cluster of {}", plural(members.len(), "run", "runs")),
            NodeKind::Artifact if type_name.is_empty() => {
                format!(
                    "cluster of {}",
                    plural(members.len(), "artifact", "artifacts")
                )
            }
            NodeKind::Artifact => format!(
                "cluster of {}",
                plural(
                    members.len(),
                    &format!("{type_name} artifact"),
                    &format!("{type_name} artifacts")
                )
            ),
        },
        ViewNode::Type {
            kind, type_name, ..
        } => {
            if type_name.is_empty() {
                format!("type {kind}")
            } else {
                format!("type {type_name}")
            }
        }
    }
}

/// Members of a cluster (or type) whose label, id or an alias contains `query`,
/// ignoring case; all members for an empty query.
pub fn cluster_members_matching(graph: &LineageGraph, node: &ViewNode, query: &str) -> Vec<usize> {
    let q = query.trim().to_lowercase();
    node.members()
        .iter()
        .copied()
        .filter(|&v| {
            let nd = graph.node(v);
            q.is_empty()
                || nd.label.to_lowercase().contains(&q)
                || nd.id.to_lowercase().contains(&q)
                || nd.aliases.iter().any(|a| a.to_lowercase().contains(&q))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lineage::graph::Node;

    /// dataset d -> `n` train runs (r0..), each logging model m{i}; plus an eval run
    /// using d.
    fn fan(n: usize) -> LineageGraph {
        let mut g = LineageGraph::new();
        g.add_node(Node::artifact("d", "data:v0", "dataset"));
        for i in 0..n {
            g.add_node(Node::run(format!("r{i}"), format!("sweep-lr-{i}"), "train"));
            g.add_node(
                Node::artifact(format!("m{i}"), format!("sweep-model:v{i}"), "model")
                    .with_aliases([format!("best-{i}")]),
            );
            g.add_edge_by_id("d", &format!("r{i}"), Some("training".into()), false)
                .unwrap();
            g.add_edge_by_id(&format!("r{i}"), &format!("m{i}"), None, false)
                .unwrap();
        }
        g.add_node(Node::run("e", "evaluate", "eval"));
        g.add_edge_by_id("d", "e", None, true).unwrap();
        g
    }

    fn clusters(v: &View) -> Vec<(NodeKind, String, usize)> {
        v.nodes
            .iter()
            .filter_map(|n| match n {
                ViewNode::Cluster {
                    members,
                    kind,
                    type_name,
                } => Some((*kind, type_name.clone(), members.len())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn four_siblings_do_not_cluster() {
        let g = fan(4);
        let v = build_view(&g, &ViewOptions::default());
        assert!(clusters(&v).is_empty());
        assert_eq!(v.nodes.len(), g.len());
    }

    #[test]
    fn five_siblings_cluster_and_their_outputs_too() {
        let g = fan(5);
        let v = build_view(&g, &ViewOptions::default());
        assert_eq!(
            clusters(&v),
            vec![
                (NodeKind::Run, "train".to_string(), 5),
                (NodeKind::Artifact, "model".to_string(), 5)
            ]
        );
        // d, run cluster, model cluster, eval run.
        assert_eq!(v.nodes.len(), 4);
        let d = v.node_of[g.index_of("d").unwrap()];
        let rc = v.node_of[g.index_of("r0").unwrap()];
        let mc = v.node_of[g.index_of("m3").unwrap()];
        let e = v.node_of[g.index_of("e").unwrap()];
        let find = |a, b| v.edges.iter().find(|x| x.from == a && x.to == b).unwrap();
        assert_eq!(find(d, rc).count, 5);
        assert_eq!(find(d, rc).label.as_deref(), Some("training"));
        assert_eq!(find(rc, mc).count, 5);
        assert!(find(d, e).inferred);
        assert!(!find(d, rc).inferred);
        assert_eq!(v.edges.len(), 3);
        assert_eq!(label(&g, &v.nodes[rc]), "5 runs · train");
        assert_eq!(aria_label(&g, &v.nodes[rc]), "cluster of 5 runs");
        assert_eq!(aria_label(&g, &v.nodes[mc]), "cluster of 5 model artifacts");
    }

    #[test]
    fn different_type_does_not_cluster() {
        let mut g = fan(4);
        // A fifth run with another job type.
        g.add_node(Node::run("x", "other", "eval"));
        g.add_edge_by_id("d", "x", None, false).unwrap();
        let v = build_view(&g, &ViewOptions::default());
        assert!(clusters(&v).is_empty());
    }

    #[test]
    fn same_neighbour_set_clusters() {
        // 6 source datasets all feeding the same run.
        let mut g = LineageGraph::new();
        g.add_node(Node::run("r", "join", "prep"));
        for i in 0..6 {
            g.add_node(Node::artifact(
                format!("s{i}"),
                format!("shard:v{i}"),
                "dataset",
            ));
            g.add_edge_by_id(&format!("s{i}"), "r", None, false)
                .unwrap();
        }
        let v = build_view(&g, &ViewOptions::default());
        assert_eq!(
            clusters(&v),
            vec![(NodeKind::Artifact, "dataset".to_string(), 6)]
        );
        let c = v.node_of[1];
        assert_eq!(
            aria_label(&g, &v.nodes[c]),
            "cluster of 6 dataset artifacts"
        );
        assert_eq!(label(&g, &v.nodes[c]), "6 artifacts · dataset");
        assert_eq!(v.edges.len(), 1);
        assert_eq!(v.edges[0].count, 6);
    }

    #[test]
    fn focus_is_never_clustered() {
        let g = fan(5);
        let focus = g.index_of("r2").unwrap();
        let opts = ViewOptions {
            focus: Some(focus),
            ..ViewOptions::default()
        };
        let v = build_view(&g, &opts);
        // The other 4 runs fall under the threshold; so do the models.
        assert!(clusters(&v).is_empty());
        let g = fan(6);
        let focus = g.index_of("r2").unwrap();
        let v = build_view(
            &g,
            &ViewOptions {
                focus: Some(focus),
                ..ViewOptions::default()
            },
        );
        assert_eq!(v.nodes[v.node_of[focus]], ViewNode::Node(focus));
        assert!(clusters(&v).contains(&(NodeKind::Run, "train".to_string(), 5)));
    }

    #[test]
    fn pulled_out_member_stays_out() {
        let g = fan(5);
        let opts = ViewOptions {
            pulled_out: ["r1".to_string()].into_iter().collect(),
            ..ViewOptions::default()
        };
        let v = build_view(&g, &opts);
        let r1 = g.index_of("r1").unwrap();
        assert_eq!(v.nodes[v.node_of[r1]], ViewNode::Node(r1));
        assert!(clusters(&v).contains(&(NodeKind::Run, "train".to_string(), 4)));
        // The model cluster is unaffected; r1 now links to it directly.
        assert!(clusters(&v).contains(&(NodeKind::Artifact, "model".to_string(), 5)));
        let mc = v.node_of[g.index_of("m1").unwrap()];
        assert!(v
            .edges
            .iter()
            .any(|e| e.from == v.node_of[r1] && e.to == mc && e.count == 1));
        // Pulling out all but one leaves no cluster.
        let opts = ViewOptions {
            pulled_out: ["r0", "r1", "r2", "r3"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            ..ViewOptions::default()
        };
        let v = build_view(&g, &opts);
        assert!(!clusters(&v).iter().any(|c| c.0 == NodeKind::Run));
    }

    #[test]
    fn cluster_keys_are_stable() {
        let g = fan(6);
        let a = build_view(&g, &ViewOptions::default());
        let b = build_view(
            &g,
            &ViewOptions {
                pulled_out: ["r0".to_string()].into_iter().collect(),
                ..ViewOptions::default()
            },
        );
        let key_a = &a.keys[a.node_of[g.index_of("r3").unwrap()]];
        let key_b = &b.keys[b.node_of[g.index_of("r3").unwrap()]];
        assert_eq!(key_a, key_b);
        assert_eq!(key_a, "cluster:run:train:up=node:d");
        assert_eq!(
            a.keys[a.node_of[g.index_of("m3").unwrap()]],
            "cluster:artifact:model:up=cluster:run:train:up=node:d"
        );
        let mut uniq = a.keys.clone();
        uniq.sort();
        uniq.dedup();
        assert_eq!(uniq.len(), a.keys.len());
    }

    #[test]
    fn cluster_search() {
        let g = fan(12);
        let v = build_view(&g, &ViewOptions::default());
        let rc = &v.nodes[v.node_of[g.index_of("r0").unwrap()]];
        assert_eq!(cluster_members_matching(&g, rc, "LR-1").len(), 3); // 1, 10, 11
        assert_eq!(cluster_members_matching(&g, rc, "").len(), 12);
        let mc = &v.nodes[v.node_of[g.index_of("m0").unwrap()]];
        assert_eq!(
            cluster_members_matching(&g, mc, "best-7"),
            vec![g.index_of("m7").unwrap()]
        );
        assert!(cluster_members_matching(&g, mc, "zzz").is_empty());
    }

    #[test]
    fn explode_shows_every_node() {
        let g = fan(8);
        let v = build_view(
            &g,
            &ViewOptions {
                mode: ViewMode::Explode,
                ..ViewOptions::default()
            },
        );
        assert_eq!(v.nodes.len(), g.len());
        assert_eq!(v.edges.len(), g.edges().len());
        assert!(v.edges.iter().all(|e| e.count == 1));
        assert!(clusters(&v).is_empty());
        assert_eq!(v.keys[0], "node:d");
    }

    #[test]
    fn types_view() {
        let g = fan(8);
        let v = build_view(
            &g,
            &ViewOptions {
                mode: ViewMode::Types,
                ..ViewOptions::default()
            },
        );
        let ar: Vec<String> = v.nodes.iter().map(|n| aria_label(&g, n)).collect();
        assert_eq!(
            ar,
            vec!["type dataset", "type train", "type model", "type eval"]
        );
        assert_eq!(
            v.keys,
            vec![
                "type:artifact:dataset",
                "type:run:train",
                "type:artifact:model",
                "type:run:eval"
            ]
        );
        // dataset->train (8), train->model (8), dataset->eval (1).
        let counts: Vec<(usize, usize, usize)> =
            v.edges.iter().map(|e| (e.from, e.to, e.count)).collect();
        assert_eq!(counts, vec![(0, 1, 8), (1, 2, 8), (0, 3, 1)]);
        assert_eq!(v.nodes[1].members().len(), 8);
    }

    #[test]
    fn aria_labels_of_nodes() {
        let g = fan(1);
        let v = build_view(&g, &ViewOptions::default());
        let at = |id: &str| aria_label(&g, &v.nodes[v.node_of[g.index_of(id).unwrap()]]);
        assert_eq!(at("r0"), "run sweep-lr-0");
        assert_eq!(at("m0"), "model sweep-model:v0");
        let mut g2 = LineageGraph::new();
        g2.add_node(Node::artifact("a", "thing:v1", ""));
        assert_eq!(aria_label(&g2, &ViewNode::Node(0)), "artifact thing:v1");
        let one = ViewNode::Cluster {
            members: vec![0],
            kind: NodeKind::Artifact,
            type_name: String::new(),
        };
        assert_eq!(aria_label(&g2, &one), "cluster of 1 artifact");
    }

    #[test]
    fn previous_positions_by_key() {
        let g = fan(6);
        let v = build_view(&g, &ViewOptions::default());
        let mut prev = HashMap::new();
        prev.insert("node:d".to_string(), (1.0, 2.0));
        let p = previous_positions(&v, &prev);
        assert_eq!(p[v.node_of[0]], Some((1.0, 2.0)));
        assert_eq!(p.iter().filter(|x| x.is_some()).count(), 1);
    }
}
