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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
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
mod tests;
