//! Cluster, explode and types rules, each pinned by a test.

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
