//! Builds the lineage graph from domain types (runs and artifact collections).
//!
//! Pure: the fetcher (`mlflow::lineage`, wasm) gathers runs, model collections (with registry
//! aliases attached) and dataset collections, then calls [`build`]. Edges:
//!
//! * run → model: the logged model's `source_run_id`, or the run's `outputs.model_outputs`;
//! * dataset → run: the run's dataset inputs, labelled with the dataset context (`training`);
//! * model → run: the run's model inputs (only `runs/get` reports them);
//! * run → dataset, inferred (dashed): the dataset's source points into that run's artifacts.
//!
//! Only nodes we know are drawn: an edge to a run or model that was not given (deleted, or not
//! fetched) is left out rather than guessed.

use super::graph::{LineageGraph, Node};
use crate::domain::{Alias, ArtifactKind, Collection, Run};
use std::collections::HashMap;

/// `run:<id>`.
pub fn run_id(id: &str) -> String {
    format!("run:{id}")
}

/// `model:<model_id>`.
pub fn model_id(id: &str) -> String {
    format!("model:{id}")
}

/// `dataset:<name>@<digest>`.
pub fn dataset_id(name: &str, digest: &str) -> String {
    format!("dataset:{name}@{digest}")
}

/// The lineage node of an artifact version: `model:<id>` or `dataset:<name>@<digest>`.
pub fn version_node_id(c: &crate::domain::Collection, v: &crate::domain::Version) -> String {
    match c.kind {
        ArtifactKind::Model => model_id(&v.id),
        ArtifactKind::Dataset => dataset_id(&c.name, &v.id),
    }
}

/// What a node id points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeRef {
    Run(String),
    Model(String),
    Dataset { name: String, digest: String },
}

/// Reads a node id back (`run:…`, `model:…`, `dataset:name@digest`; the digest is after the
/// last `@`, since names may contain `@`).
pub fn parse_node_id(id: &str) -> Option<NodeRef> {
    if let Some(r) = id.strip_prefix("run:") {
        return (!r.is_empty()).then(|| NodeRef::Run(r.to_string()));
    }
    if let Some(m) = id.strip_prefix("model:") {
        return (!m.is_empty()).then(|| NodeRef::Model(m.to_string()));
    }
    let rest = id.strip_prefix("dataset:")?;
    let (name, digest) = rest.rsplit_once('@')?;
    (!name.is_empty()).then(|| NodeRef::Dataset {
        name: name.to_string(),
        digest: digest.to_string(),
    })
}

/// Details of one node, for the side panel and links.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeInfo {
    pub experiment_id: String,
    /// Collection name (artifacts) or run name.
    pub name: String,
    /// `vN` for artifacts; empty for runs.
    pub version: String,
    pub kind: Option<ArtifactKind>,
    pub created: Option<i64>,
    /// Status (runs) or logged model status.
    pub status: String,
    pub aliases: Vec<String>,
    /// The project's name when the node lives in another experiment than the focus.
    pub project: Option<String>,
}

/// The graph plus details per node id.
#[derive(Debug, Clone, Default)]
pub struct Built {
    pub graph: LineageGraph,
    pub info: HashMap<String, NodeInfo>,
}

fn alias_labels(aliases: &[Alias]) -> Vec<String> {
    aliases
        .iter()
        .filter(|a| **a != Alias::Latest)
        .map(Alias::label)
        .collect()
}

/// Builds the graph of everything given. `collections` holds model collections (registry
/// aliases attached) and dataset collections; their numbering gives the `name:vN` labels.
pub fn build(runs: &[Run], collections: &[Collection]) -> Built {
    let mut g = LineageGraph::new();
    let mut info: HashMap<String, NodeInfo> = HashMap::new();
    // Runs first (stable order), then artifacts.
    for r in runs {
        let id = run_id(&r.id);
        g.add_node(Node::run(id.clone(), r.name.clone(), r.job_type.clone()));
        info.entry(id).or_insert_with(|| NodeInfo {
            experiment_id: r.experiment_id.clone(),
            name: r.name.clone(),
            version: String::new(),
            kind: None,
            created: r.start,
            status: r.status.label().to_string(),
            aliases: Vec::new(),
            project: None,
        });
    }
    // Dataset versions by (name, digest): the first collection wins (one per experiment).
    let mut dataset_of: HashMap<(&str, &str), (&Collection, usize)> = HashMap::new();
    for c in collections {
        for (i, v) in c.versions.iter().enumerate() {
            let id = match c.kind {
                ArtifactKind::Model => model_id(&v.id),
                ArtifactKind::Dataset => {
                    dataset_of
                        .entry((c.name.as_str(), v.id.as_str()))
                        .or_insert((c, i));
                    dataset_id(&c.name, &v.id)
                }
            };
            if g.index_of(&id).is_some() {
                continue;
            }
            let aliases = alias_labels(&v.aliases);
            g.add_node(
                Node::artifact(
                    id.clone(),
                    format!("{}:{}", c.name, v.label()),
                    c.type_name.clone(),
                )
                .with_aliases(aliases.clone()),
            );
            info.insert(
                id.clone(),
                NodeInfo {
                    experiment_id: c.experiment_id.clone(),
                    name: c.name.clone(),
                    version: v.label(),
                    kind: Some(c.kind),
                    created: v.created,
                    status: v.status.clone(),
                    aliases,
                    project: None,
                },
            );
            if let Some(run) = &v.logged_by {
                // Unknown producer runs are left out (see the module docs).
                let _ = g.add_edge_by_id(&run_id(run), &id, None, v.logged_by_inferred);
            }
        }
    }
    for r in runs {
        let rid = run_id(&r.id);
        for m in &r.logged_models {
            let _ = g.add_edge_by_id(&rid, &model_id(m), None, false);
        }
        for m in &r.used_models {
            let _ = g.add_edge_by_id(&model_id(m), &rid, None, false);
        }
        for d in &r.used_datasets {
            let did = dataset_id(&d.name, &d.digest);
            if g.index_of(&did).is_none() {
                // Not in the collections: still drawn, without a version number.
                g.add_node(Node::artifact(did.clone(), d.name.clone(), "dataset"));
                info.insert(
                    did.clone(),
                    NodeInfo {
                        experiment_id: r.experiment_id.clone(),
                        name: d.name.clone(),
                        version: String::new(),
                        kind: Some(ArtifactKind::Dataset),
                        created: None,
                        status: String::new(),
                        aliases: Vec::new(),
                        project: None,
                    },
                );
                if let Some(p) = d.source.producer_run() {
                    let _ = g.add_edge_by_id(&run_id(p), &did, None, true);
                }
            }
            let _ = g.add_edge_by_id(&did, &rid, d.context.clone(), false);
        }
    }
    Built { graph: g, info }
}

/// Labels nodes of other experiments than `home` with their project's name (`projects`:
/// experiment id → name; an unknown name shows the experiment id): "iris:v2 · training".
pub fn label_projects(built: &mut Built, home: &str, projects: &HashMap<String, String>) {
    let mut labels: Vec<(usize, String)> = Vec::new();
    for (id, info) in built.info.iter_mut() {
        if info.experiment_id.is_empty() || info.experiment_id == home {
            continue;
        }
        let name = projects
            .get(&info.experiment_id)
            .cloned()
            .unwrap_or_else(|| format!("experiment {}", info.experiment_id));
        if let Some(i) = built.graph.index_of(id) {
            labels.push((i, format!("{} · {name}", built.graph.node(i).label)));
        }
        info.project = Some(name);
    }
    for (i, label) in labels {
        built.graph.set_label(i, label);
    }
}

/// The app page of a node: a run page, or an artifact version (or collection) page.
pub fn node_href(id: &str, info: &NodeInfo) -> Option<String> {
    use crate::routes::{self, CollectionKind};
    let exp = &info.experiment_id;
    match parse_node_id(id)? {
        NodeRef::Run(r) => Some(routes::run(exp, &r)),
        NodeRef::Model(_) | NodeRef::Dataset { .. } => {
            let kind = match info.kind? {
                ArtifactKind::Model => CollectionKind::Models,
                ArtifactKind::Dataset => CollectionKind::Datasets,
            };
            // by MLflow's id: the node's id part, which never renumbers
            let spec = match parse_node_id(id)? {
                NodeRef::Model(m) => m,
                NodeRef::Dataset { digest, .. } => digest,
                NodeRef::Run(_) => return None,
            };
            Some(routes::version(exp, kind, &info.name, &spec))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_point_at_version_and_run_pages() {
        let mut info = NodeInfo {
            experiment_id: "1".into(),
            name: "sweep model".into(),
            version: "v4".into(),
            kind: Some(ArtifactKind::Model),
            created: None,
            status: String::new(),
            aliases: Vec::new(),
            project: None,
        };
        // links carry MLflow's ids (a vN can renumber; an id cannot)
        assert_eq!(
            node_href("model:m-1", &info).as_deref(),
            Some("/projects/1/models/sweep%20model:m-1")
        );
        info.kind = Some(ArtifactKind::Dataset);
        info.version.clear();
        assert_eq!(
            node_href("dataset:sweep model@d", &info).as_deref(),
            Some("/projects/1/datasets/sweep%20model:d")
        );
        assert_eq!(
            node_href("run:ab/c", &info).as_deref(),
            Some("/projects/1/runs/ab%2Fc")
        );
        assert_eq!(node_href("nope", &info), None);
    }

    #[test]
    fn a_version_names_its_node_by_id() {
        let mk = |kind| crate::domain::Collection {
            kind,
            type_name: String::new(),
            name: "iris".into(),
            experiment_id: "1".into(),
            versions: Vec::new(),
            numbering: crate::domain::artifact::Numbering::Complete,
        };
        let v = crate::domain::Version::of_dataset_use(&crate::domain::UsedDataset {
            name: "iris".into(),
            digest: "d1".into(),
            context: None,
            source_type: String::new(),
            source: crate::domain::DatasetSource::Unknown,
            schema: String::new(),
            profile: String::new(),
        });
        assert_eq!(
            version_node_id(&mk(ArtifactKind::Dataset), &v),
            "dataset:iris@d1"
        );
        assert_eq!(version_node_id(&mk(ArtifactKind::Model), &v), "model:d1");
    }

    #[test]
    fn node_ids_round_trip() {
        assert_eq!(
            parse_node_id(&run_id("abc")),
            Some(NodeRef::Run("abc".into()))
        );
        assert_eq!(
            parse_node_id(&model_id("m-1")),
            Some(NodeRef::Model("m-1".into()))
        );
        assert_eq!(
            parse_node_id(&dataset_id("a@b", "d1")),
            Some(NodeRef::Dataset {
                name: "a@b".into(),
                digest: "d1".into()
            })
        );
        for bad in ["", "run:", "model:", "dataset:x", "dataset:@d", "other:x"] {
            assert_eq!(parse_node_id(bad), None, "{bad}");
        }
    }
}
