//! W&B's artifact vocabulary over MLflow: types, collections, versions and aliases.
//!
//! * A model collection is the logged models sharing a `name` in one experiment; its versions
//!   are numbered `v0…vN` by creation time. The artifact type is the logged model's
//!   `model_type` when set, else `model`.
//! * A dataset collection is the datasets sharing a `name` in one experiment; each digest is a
//!   version, numbered by first use.
//! * `latest` is derived (the newest version) and marked as such; registry aliases
//!   (`champion`…) attach to the logged model a registered model version points at.

use super::run::Run;
use super::source::DatasetSource;
use super::{user_tags, Millis};
use crate::mlflow::wire;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ArtifactKind {
    Model,
    Dataset,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Alias {
    /// `latest`: computed by this app, not stored in MLflow.
    Latest,
    /// A registered model alias: `iris-classifier@champion` pointing at registry version `version`.
    Registry {
        model: String,
        alias: String,
        version: String,
    },
}

impl Alias {
    /// The name matched in URLs such as `…:champion`.
    pub fn name(&self) -> &str {
        match self {
            Alias::Latest => "latest",
            Alias::Registry { alias, .. } => alias,
        }
    }

    /// The chip text: `latest` or `iris-classifier@champion`.
    pub fn label(&self) -> String {
        match self {
            Alias::Latest => "latest".into(),
            Alias::Registry { model, alias, .. } => format!("{model}@{alias}"),
        }
    }
}

/// A registered model version that points at a logged model (W&B: a linked version).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistryLink {
    pub model: String,
    pub version: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Version {
    /// `N` in `vN`: position by creation time (models) or first use (datasets); `None` when
    /// the collection's numbering is not known in full (see [`Numbering`]): never guessed.
    pub number: Option<usize>,
    /// MLflow's id: the logged model id, or the dataset digest.
    pub id: String,
    pub created: Option<Millis>,
    pub updated: Option<Millis>,
    /// The run that logged this version, when known.
    pub logged_by: Option<String>,
    /// True when `logged_by` was inferred from a dataset source URI.
    pub logged_by_inferred: bool,
    pub aliases: Vec<Alias>,
    pub registry_links: Vec<RegistryLink>,
    pub tags: Vec<(String, String)>,
    pub params: Vec<(String, String)>,
    pub metrics: Vec<(String, f64)>,
    pub status: String,
    /// Dataset only: the source reference (`s3://…`), schema and profile.
    pub source: Option<DatasetSource>,
    pub schema: String,
    pub profile: String,
}

impl Version {
    /// `v3`, or a short form of MLflow's id when the number is not known.
    pub fn label(&self) -> String {
        match self.number {
            Some(n) => format!("v{n}"),
            None => short_id(&self.id),
        }
    }

    /// What links the app builds put after `name:` — MLflow's id, which never renumbers.
    pub fn spec(&self) -> &str {
        &self.id
    }
}

impl Version {
    /// A dataset version as one run recorded it, without a number (its collection's numbering
    /// is decided by [`dataset_collections`]).
    pub fn of_dataset_use(used: &super::run::UsedDataset) -> Version {
        Version {
            number: None,
            id: used.digest.clone(),
            created: None,
            updated: None,
            logged_by: used.source.producer_run().map(str::to_string),
            logged_by_inferred: used.source.producer_run().is_some(),
            aliases: Vec::new(),
            registry_links: Vec::new(),
            tags: Vec::new(),
            params: Vec::new(),
            metrics: Vec::new(),
            status: String::new(),
            source: Some(used.source.clone()),
            schema: used.schema.clone(),
            profile: used.profile.clone(),
        }
    }
}

/// The first 10 characters of a long id, with an ellipsis.
pub fn short_id(id: &str) -> String {
    if id.chars().count() > 12 {
        format!("{}…", id.chars().take(10).collect::<String>())
    } else {
        id.to_string()
    }
}

/// Whether a collection's `v0…vN` numbering is known in full.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Numbering {
    Complete,
    /// Not every version could be read; the reason is shown where numbers would be.
    Unknown(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Collection {
    pub kind: ArtifactKind,
    /// `model`, `dataset`, or a logged model's `model_type`.
    pub type_name: String,
    pub name: String,
    pub experiment_id: String,
    /// Oldest first. With [`Numbering::Complete`], `versions[i].number == Some(i)`.
    pub versions: Vec<Version>,
    pub numbering: Numbering,
}

impl Collection {
    /// The newest version, when the numbering is known (a partial read cannot tell).
    pub fn latest(&self) -> Option<&Version> {
        match self.numbering {
            Numbering::Complete => self.versions.last(),
            Numbering::Unknown(_) => None,
        }
    }

    /// Forgets the numbering (and so `latest`): called when not every version was read.
    pub fn numbering_unknown(&mut self, reason: impl Into<String>) {
        self.numbering = Numbering::Unknown(reason.into());
        for v in &mut self.versions {
            v.number = None;
            v.aliases.retain(|a| *a != Alias::Latest);
        }
    }

    /// When the collection last changed: its newest version's update or creation time.
    pub fn last_update(&self) -> Option<Millis> {
        self.versions
            .iter()
            .filter_map(|v| v.updated.or(v.created))
            .max()
    }

    /// Finds a version by `v3`, an alias (`latest`, `champion`), or MLflow's id.
    pub fn resolve(&self, spec: &str) -> Option<&Version> {
        let spec = spec.trim();
        if let Some(n) = spec.strip_prefix('v').and_then(|n| n.parse::<usize>().ok()) {
            if let Some(v) = self.versions.iter().find(|v| v.number == Some(n)) {
                return Some(v);
            }
        }
        if spec == "latest" {
            return self.latest();
        }
        self.versions
            .iter()
            .rev()
            .find(|v| v.aliases.iter().any(|a| a.name() == spec))
            .or_else(|| self.versions.iter().find(|v| v.id == spec))
    }
}

/// Groups logged models into collections by (experiment, name), numbering versions by
/// creation time (ties broken by id so numbering is stable), newest collection first.
pub fn model_collections(models: &[wire::LoggedModel]) -> Vec<Collection> {
    let mut groups: BTreeMap<(String, String), Vec<&wire::LoggedModel>> = BTreeMap::new();
    for m in models.iter().filter(|m| !m.info.model_id.is_empty()) {
        groups
            .entry((m.info.experiment_id.clone(), m.info.name.clone()))
            .or_default()
            .push(m);
    }
    let mut out: Vec<Collection> = groups
        .into_iter()
        .map(|((experiment_id, name), mut ms)| {
            ms.sort_by(|a, b| {
                (a.info.creation_timestamp_ms, &a.info.model_id)
                    .cmp(&(b.info.creation_timestamp_ms, &b.info.model_id))
            });
            ms.dedup_by(|a, b| a.info.model_id == b.info.model_id);
            let type_name = ms
                .iter()
                .rev()
                .map(|m| m.info.model_type.trim())
                .find(|t| !t.is_empty())
                .unwrap_or("model")
                .to_string();
            let versions = ms
                .iter()
                .enumerate()
                .map(|(index, m)| Version {
                    number: Some(index),
                    id: m.info.model_id.clone(),
                    created: m.info.creation_timestamp_ms,
                    updated: m.info.last_updated_timestamp_ms,
                    logged_by: Some(m.info.source_run_id.clone()).filter(|r| !r.is_empty()),
                    logged_by_inferred: false,
                    aliases: Vec::new(),
                    registry_links: Vec::new(),
                    tags: user_tags(&m.info.tags),
                    params: m
                        .data
                        .params
                        .iter()
                        .map(|p| (p.key.clone(), p.value.clone()))
                        .collect(),
                    metrics: latest_metrics(&m.data.metrics),
                    status: m.info.status.clone(),
                    source: None,
                    schema: String::new(),
                    profile: String::new(),
                })
                .collect();
            Collection {
                kind: ArtifactKind::Model,
                type_name,
                name,
                experiment_id,
                versions,
                numbering: Numbering::Complete,
            }
        })
        .collect();
    for c in &mut out {
        if let Some(v) = c.versions.last_mut() {
            v.aliases.push(Alias::Latest);
        }
    }
    sort_collections(&mut out);
    out
}

/// Attaches registry aliases and links to the model versions they point at
/// (`source = models:/m-…`, or the version's `model_id`).
pub fn attach_registry(
    collections: &mut [Collection],
    registered: &[wire::RegisteredModel],
    versions: &[wire::ModelVersion],
) {
    for mv in versions {
        let Some(model_id) = logged_model_of(mv) else {
            continue;
        };
        let Some(version) = find_version_mut(collections, &model_id) else {
            continue;
        };
        let link = RegistryLink {
            model: mv.name.clone(),
            version: mv.version.clone(),
        };
        if !version.registry_links.contains(&link) {
            version.registry_links.push(link);
        }
        for alias in registry_aliases(registered, mv) {
            let a = Alias::Registry {
                model: mv.name.clone(),
                alias,
                version: mv.version.clone(),
            };
            if !version.aliases.contains(&a) {
                version.aliases.push(a);
            }
        }
    }
}

/// The aliases of one registry version: those its registered model lists for it (the search
/// answers carry them there) and those the version itself carries (`model-versions/get`), once
/// each, sorted.
pub fn registry_aliases(
    registered: &[wire::RegisteredModel],
    mv: &wire::ModelVersion,
) -> Vec<String> {
    let set: std::collections::BTreeSet<String> = registered
        .iter()
        .filter(|rm| rm.name == mv.name)
        .flat_map(|rm| {
            rm.aliases
                .iter()
                .filter(|a| a.version == mv.version)
                .map(|a| a.alias.clone())
        })
        .chain(mv.aliases.iter().cloned())
        .collect();
    set.into_iter().collect()
}

/// The logged model id a registry version points at, if any.
pub fn logged_model_of(mv: &wire::ModelVersion) -> Option<String> {
    if !mv.model_id.is_empty() {
        return Some(mv.model_id.clone());
    }
    let rest = mv.source.strip_prefix("models:/")?;
    let id = rest.split('/').next()?;
    id.starts_with("m-").then(|| id.to_string())
}

fn find_version_mut<'a>(collections: &'a mut [Collection], id: &str) -> Option<&'a mut Version> {
    collections
        .iter_mut()
        .flat_map(|c| c.versions.iter_mut())
        .find(|v| v.id == id)
}

fn latest_metrics(metrics: &[wire::Metric]) -> Vec<(String, f64)> {
    let mut by_key: BTreeMap<&str, (&wire::Metric, f64)> = BTreeMap::new();
    for m in metrics {
        match by_key.get(m.key.as_str()) {
            Some((prev, _)) if (prev.step, prev.timestamp) > (m.step, m.timestamp) => {}
            _ => {
                by_key.insert(&m.key, (m, m.value));
            }
        }
    }
    by_key
        .into_iter()
        .map(|(k, (_, v))| (k.to_string(), v))
        .collect()
}

/// Builds dataset collections from the runs that used them: one version per digest, numbered
/// by first use — the earliest run start, then the run id (MLflow's own tie-break), then the
/// position in that run's `dataset_inputs`, so a prep run that logs v1, v2, v3 at once keeps
/// that order. `logged_by` is inferred from sources that point into a run's artifacts.
///
/// This is the one numbering of dataset versions: every page and the lineage call it, with the
/// runs of a complete scan (see `plan::datasets`); a partial scan marks its collections
/// [`Numbering::Unknown`].
pub fn dataset_collections(runs: &[Run]) -> Vec<Collection> {
    struct Seen<'a> {
        /// (no start, start, run id, position): the first use, as a total order.
        first: (bool, Millis, &'a str, usize),
        last_use: Option<Millis>,
        used: &'a super::run::UsedDataset,
    }
    let mut groups: BTreeMap<(&str, &str), BTreeMap<&str, Seen>> = BTreeMap::new();
    for run in runs {
        for (pos, d) in run.used_datasets.iter().enumerate() {
            let key = (
                run.start.is_none(),
                run.start.unwrap_or(0),
                run.id.as_str(),
                pos,
            );
            let digests = groups
                .entry((run.experiment_id.as_str(), d.name.as_str()))
                .or_default();
            match digests.get_mut(d.digest.as_str()) {
                Some(seen) => {
                    if key < seen.first {
                        seen.first = key;
                        seen.used = d;
                    }
                    seen.last_use = seen.last_use.max(run.start);
                }
                None => {
                    digests.insert(
                        d.digest.as_str(),
                        Seen {
                            first: key,
                            last_use: run.start,
                            used: d,
                        },
                    );
                }
            }
        }
    }
    let mut out: Vec<Collection> = groups
        .into_iter()
        .map(|((experiment_id, name), digests)| {
            let mut seen: Vec<(&str, Seen)> = digests.into_iter().collect();
            seen.sort_by(|a, b| a.1.first.cmp(&b.1.first).then(a.0.cmp(b.0)));
            let n = seen.len();
            let versions = seen
                .into_iter()
                .enumerate()
                .map(|(index, (digest, s))| Version {
                    number: Some(index),
                    id: digest.to_string(),
                    created: (!s.first.0).then_some(s.first.1),
                    updated: s.last_use,
                    logged_by: s.used.source.producer_run().map(str::to_string),
                    logged_by_inferred: s.used.source.producer_run().is_some(),
                    aliases: if index + 1 == n {
                        vec![Alias::Latest]
                    } else {
                        Vec::new()
                    },
                    registry_links: Vec::new(),
                    tags: Vec::new(),
                    params: Vec::new(),
                    metrics: Vec::new(),
                    status: String::new(),
                    source: Some(s.used.source.clone()),
                    schema: s.used.schema.clone(),
                    profile: s.used.profile.clone(),
                })
                .collect();
            Collection {
                kind: ArtifactKind::Dataset,
                type_name: "dataset".into(),
                name: name.to_string(),
                experiment_id: experiment_id.to_string(),
                versions,
                numbering: Numbering::Complete,
            }
        })
        .collect();
    sort_collections(&mut out);
    out
}

/// Newest activity first, then by name.
pub fn sort_collections(collections: &mut [Collection]) {
    collections.sort_by(|a, b| {
        b.last_update()
            .cmp(&a.last_update())
            .then(a.name.cmp(&b.name))
            .then(a.experiment_id.cmp(&b.experiment_id))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_aliases_merge_both_answers_once_each() {
        let rm = wire::RegisteredModel {
            name: "m".into(),
            aliases: vec![
                wire::RegisteredModelAlias {
                    alias: "prod".into(),
                    version: "2".into(),
                },
                wire::RegisteredModelAlias {
                    alias: "champion".into(),
                    version: "2".into(),
                },
                wire::RegisteredModelAlias {
                    alias: "old".into(),
                    version: "1".into(),
                },
            ],
            ..Default::default()
        };
        let other = wire::RegisteredModel {
            name: "n".into(),
            aliases: vec![wire::RegisteredModelAlias {
                alias: "elsewhere".into(),
                version: "2".into(),
            }],
            ..Default::default()
        };
        let mv = wire::ModelVersion {
            name: "m".into(),
            version: "2".into(),
            aliases: vec!["prod".into(), "canary".into()],
            ..Default::default()
        };
        assert_eq!(
            registry_aliases(&[rm, other], &mv),
            ["canary", "champion", "prod"]
        );
    }
}
