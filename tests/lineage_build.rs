//! Lineage graph building on responses captured from the seeded MLflow, plus edge cases.

mod common;

use common::{all_runs as runs, fixture};

use artifact_explorer::domain::artifact::{
    attach_registry, dataset_collections, model_collections,
};
use artifact_explorer::domain::{Collection, Run};
use artifact_explorer::lineage::build::{build, dataset_id, model_id, run_id};
use artifact_explorer::lineage::graph::{scope, Direction, NodeKind};
use artifact_explorer::lineage::view::{aria_label, build_view, ViewMode, ViewNode, ViewOptions};
use artifact_explorer::mlflow::wire;

fn collections(runs: &[Run]) -> Vec<Collection> {
    let models: wire::SearchLoggedModelsResponse = fixture("logged_models_search.json");
    let registered: wire::SearchRegisteredModelsResponse = fixture("registered_models_search.json");
    let rm: wire::GetRegisteredModelResponse = fixture("registered_models_get.json");
    let versions: wire::SearchModelVersionsResponse = fixture("model_versions_search.json");
    let mut c = model_collections(&models.models);
    let mut regs = registered.registered_models;
    regs.push(rm.registered_model);
    attach_registry(&mut c, &regs, &versions.model_versions);
    c.extend(dataset_collections(runs));
    c
}

fn by_name<'a>(runs: &'a [Run], name: &str) -> &'a Run {
    runs.iter().find(|r| r.name == name).unwrap()
}

#[test]
fn fixtures_build_runs_artifacts_and_edges() {
    let runs = runs();
    let cols = collections(&runs);
    let built = build(&runs, &cols);
    let g = &built.graph;
    let eval = by_name(&runs, "evaluate-champion");
    let champion = &eval.used_models[0];
    let m = g
        .index_of(&model_id(champion))
        .expect("champion model node");
    let node = g.node(m);
    assert_eq!(node.kind, NodeKind::Artifact);
    assert!(node.label.starts_with("sweep-model:v"), "{}", node.label);
    assert!(
        node.aliases.iter().any(|a| a.ends_with("@champion")),
        "{:?}",
        node.aliases
    );
    // logged by its sweep child, used by the evaluation run
    let producers: Vec<&str> = g
        .predecessors(m)
        .map(|p| g.node(p).label.as_str())
        .collect();
    assert_eq!(producers.len(), 1);
    assert!(producers[0].starts_with("sweep-lr-"));
    let consumers: Vec<&str> = g.successors(m).map(|p| g.node(p).label.as_str()).collect();
    assert_eq!(consumers, vec!["evaluate-champion"]);
    // the training run used iris-train with context "training"
    let child = g
        .index_of(&run_id(&by_name(&runs, producers[0]).id))
        .unwrap();
    assert_eq!(g.node(child).type_name, "train");
    let e = g
        .incoming(child)
        .iter()
        .map(|&e| &g.edges()[e])
        .find(|e| g.node(e.from).label.starts_with("iris-train:v"))
        .expect("dataset edge");
    assert_eq!(e.label.as_deref(), Some("training"));
    assert!(!e.inferred);
    // iris-train was produced by prepare-data (inferred from its source): dashed
    let prep = g
        .index_of(&run_id(&by_name(&runs, "prepare-data").id))
        .unwrap();
    let inferred: Vec<_> = g.outgoing(prep).iter().map(|&e| &g.edges()[e]).collect();
    assert!(!inferred.is_empty());
    assert!(inferred.iter().all(|e| e.inferred));
    assert_eq!(g.node(prep).type_name, "data-prep");
    // ids and accessible names
    let sweep_children = runs.iter().filter(|r| r.parent_run_id.is_some()).count();
    assert!(sweep_children >= 5);
    assert_eq!(
        aria_label(g, &ViewNode::Node(m)),
        format!("model {}", node.label)
    );
    assert!(built.info[&model_id(champion)].version.starts_with('v'));
}

#[test]
fn training_dataset_downstream_clusters_the_sweep() {
    let runs = runs();
    let built = build(&runs, &collections(&runs));
    let g = &built.graph;
    let child = runs.iter().find(|r| r.parent_run_id.is_some()).unwrap();
    let d = &child.used_datasets[0];
    let focus = g.index_of(&dataset_id(&d.name, &d.digest)).unwrap();
    let s = scope(g, focus, 2, Direction::Downstream).unwrap();
    let opts = ViewOptions {
        focus: Some(s.focus),
        ..Default::default()
    };
    let v = build_view(&s.graph, &opts);
    // every run that used this dataset version with the children's job type
    let expected = runs
        .iter()
        .filter(|r| {
            r.job_type == child.job_type
                && r.used_datasets
                    .iter()
                    .any(|u| u.name == d.name && u.digest == d.digest)
        })
        .count();
    let clusters: Vec<usize> = v
        .nodes
        .iter()
        .filter_map(|n| match n {
            ViewNode::Cluster {
                kind: NodeKind::Run,
                members,
                ..
            } => Some(members.len()),
            _ => None,
        })
        .collect();
    assert_eq!(clusters, vec![expected]);
    let exploded = build_view(
        &s.graph,
        &ViewOptions {
            mode: ViewMode::Explode,
            ..opts.clone()
        },
    );
    assert_eq!(exploded.nodes.len(), s.graph.len());
    let types = build_view(
        &s.graph,
        &ViewOptions {
            mode: ViewMode::Types,
            ..opts
        },
    );
    let mut kinds: Vec<(NodeKind, String)> = s
        .graph
        .nodes()
        .iter()
        .map(|n| (n.kind, n.type_name.clone()))
        .collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(types.nodes.len(), kinds.len());
}

#[test]
fn missing_producer_run_is_left_out() {
    let runs = runs();
    let cols = collections(&runs);
    // without the sweep children: their models have no producer node, and nothing panics
    let kept: Vec<Run> = runs
        .iter()
        .filter(|r| r.parent_run_id.is_none())
        .cloned()
        .collect();
    let built = build(&kept, &cols);
    let g = &built.graph;
    let orphan = runs.iter().find(|r| r.parent_run_id.is_some()).unwrap();
    let m = g
        .index_of(&model_id(&orphan.logged_models[0]))
        .expect("model still drawn");
    assert_eq!(g.predecessors(m).count(), 0);
    assert!(g.index_of(&run_id(&orphan.id)).is_none());
    // an empty input builds an empty graph
    assert!(build(&[], &[]).graph.is_empty());
}

fn synthetic_run(i: usize, dataset: &str, digest: &str) -> Run {
    let json = format!(
        r#"{{"info": {{"run_id": "r{i}", "run_name": "user-{i}", "experiment_id": "1", "status": "FINISHED", "start_time": {}}},
            "data": {{"tags": [{{"key": "job_type", "value": "train"}}]}},
            "inputs": {{"dataset_inputs": [{{"tags": [{{"key": "mlflow.data.context", "value": "training"}}],
               "dataset": {{"name": {}, "digest": {}, "source_type": "s3", "source": "{{\"uri\": \"s3://b/x\"}}"}}}}]}}}}"#,
        1000 + i,
        serde_json::to_string(dataset).unwrap(),
        serde_json::to_string(digest).unwrap()
    );
    let w: wire::Run = serde_json::from_str(&json).unwrap();
    Run::from(&w)
}

#[test]
fn a_dataset_used_by_hundreds_of_runs_is_one_node_and_one_cluster() {
    let runs: Vec<Run> = (0..600).map(|i| synthetic_run(i, "big", "d1")).collect();
    let cols = dataset_collections(&runs);
    let built = build(&runs, &cols);
    let g = &built.graph;
    assert_eq!(g.len(), 601);
    let d = g.index_of(&dataset_id("big", "d1")).unwrap();
    assert_eq!(g.node(d).label, "big:v0");
    assert_eq!(g.successors(d).count(), 600);
    let v = build_view(
        g,
        &ViewOptions {
            focus: Some(d),
            ..Default::default()
        },
    );
    assert_eq!(v.nodes.len(), 2);
    assert_eq!(aria_label(g, &v.nodes[v.node_of[0]]), "cluster of 600 runs");
}

#[test]
fn hostile_names_stay_data() {
    let evil = "<img src=x onerror=alert(1)>@'\"";
    let runs = vec![synthetic_run(1, evil, "@@"), synthetic_run(2, evil, "dig")];
    let built = build(&runs, &dataset_collections(&runs));
    let g = &built.graph;
    let d = g.index_of(&dataset_id(evil, "@@")).unwrap();
    assert_eq!(g.node(d).label, format!("{evil}:v0"));
    assert_eq!(
        artifact_explorer::lineage::build::parse_node_id(&dataset_id(evil, "dig")),
        Some(artifact_explorer::lineage::build::NodeRef::Dataset {
            name: evil.into(),
            digest: "dig".into()
        })
    );
    let v = build_view(
        g,
        &ViewOptions {
            mode: ViewMode::Explode,
            ..Default::default()
        },
    );
    let l = artifact_explorer::lineage::layout::layout(
        &artifact_explorer::lineage::export::layout_nodes(&v),
        &v.layout_edges(),
        &Default::default(),
    );
    let svg = artifact_explorer::lineage::export::to_svg(g, &v, &l);
    assert!(!svg.contains("<img"));
}
