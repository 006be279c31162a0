//! Placing artifact versions in their collections, wherever they live: the part of the run,
//! sweep and lineage plans that turns "model m-… / dataset iris@8f3c…" into
//! `iris-classifier:v3` of project `training`.
//!
//! A logged model is read by id (it may belong to another experiment), then its whole
//! collection is read so the number comes from the one numbering
//! ([`crate::domain::artifact::model_collections`]); a dataset version is numbered by a
//! [`DatasetScan`] of its collection. Registry aliases are attached, and the names of other
//! experiments read so a version from elsewhere is labelled with its project.

use super::datasets::{self, DatasetScan, Listed, ScanKey};
use super::limits::{Limits, Notice};
use super::models::{ModelRead, RegistryKey, RegistryRead};
use super::project::experiment;
use super::{json, poll_part, Answer, One, Plan};
use crate::domain::artifact::{self, Collection, Numbering, Version};
use crate::domain::run::UsedDataset;
use crate::domain::Project;
use crate::mlflow::api::{self, ApiRequest};
use crate::mlflow::{wire, ApiError};
use std::collections::BTreeMap;

/// A version in its collection (numbered, or saying why not), and the project it belongs to
/// when that is not the page's own.
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    pub collection: Collection,
    pub version: Version,
    pub project: Option<Project>,
}

#[derive(Clone, Debug)]
pub enum LocateKey {
    Model(String),
    Collection((String, String)),
    Registry(RegistryKey),
    Summaries(String),
    Scan(((String, String), ScanKey)),
    Project(String),
}

#[derive(Clone, Debug)]
pub struct Locator {
    limits: Limits,
    /// The page's own experiment: its name is not needed.
    home: String,
    by_id: BTreeMap<String, One<wire::LoggedModel>>,
    models: BTreeMap<String, wire::LoggedModel>,
    collections: BTreeMap<(String, String), ModelRead>,
    registry: Option<RegistryRead>,
    summaries: BTreeMap<String, One<Listed>>,
    /// Dataset collections wanted, waiting for their experiment's summaries.
    waiting: Vec<(String, String)>,
    scans: BTreeMap<(String, String), DatasetScan>,
    projects: BTreeMap<String, One<Project>>,
}

pub(super) fn decode_model(url: &str, text: &str) -> Result<wire::LoggedModel, ApiError> {
    let r: wire::GetLoggedModelResponse = json(url, text)?;
    Ok(r.model)
}

impl Locator {
    pub fn new(home_experiment: &str, limits: Limits) -> Locator {
        Locator {
            limits,
            home: home_experiment.to_string(),
            by_id: BTreeMap::new(),
            models: BTreeMap::new(),
            collections: BTreeMap::new(),
            registry: None,
            summaries: BTreeMap::new(),
            waiting: Vec::new(),
            scans: BTreeMap::new(),
            projects: BTreeMap::new(),
        }
    }

    /// A logged model to place, read by id unless already known.
    pub fn want_model(&mut self, model_id: &str) {
        if model_id.is_empty()
            || self.models.contains_key(model_id)
            || self.by_id.contains_key(model_id)
        {
            return;
        }
        self.by_id.insert(
            model_id.to_string(),
            One::new(api::get_logged_model(model_id), decode_model),
        );
    }

    /// A logged model already read (by a search): its collection is read next.
    pub fn know_model(&mut self, m: &wire::LoggedModel) {
        if m.info.model_id.is_empty() {
            return;
        }
        self.models.insert(m.info.model_id.clone(), m.clone());
        self.want_collection(&m.info.experiment_id, &m.info.name);
    }

    fn want_collection(&mut self, experiment_id: &str, name: &str) {
        let key = (experiment_id.to_string(), name.to_string());
        if !self.collections.contains_key(&key) {
            self.collections.insert(
                key,
                ModelRead::collection(experiment_id, name, &self.limits),
            );
        }
        if self.registry.is_none() {
            self.registry = Some(RegistryRead::new(&self.limits));
        }
        self.want_project(experiment_id);
    }

    /// Reads another experiment's name (its nodes are labelled with their project).
    pub fn want_project(&mut self, experiment_id: &str) {
        if !experiment_id.is_empty()
            && experiment_id != self.home
            && !self.projects.contains_key(experiment_id)
        {
            self.projects
                .insert(experiment_id.to_string(), experiment(experiment_id));
        }
    }

    /// A dataset collection to number.
    pub fn want_dataset(&mut self, experiment_id: &str, name: &str) {
        let key = (experiment_id.to_string(), name.to_string());
        if self.scans.contains_key(&key) || self.waiting.contains(&key) {
            return;
        }
        self.want_project(experiment_id);
        let summaries = self
            .summaries
            .entry(experiment_id.to_string())
            .or_insert_with(|| datasets::summaries(experiment_id));
        if summaries.is_done() {
            // the experiment's list is already here (or failed): scan now
            let expected = summaries.get().and_then(|l| l.digests(name));
            let scan = DatasetScan::new(experiment_id, name, expected, &self.limits);
            self.scans.insert(key, scan);
        } else {
            self.waiting.push(key);
        }
    }

    /// The name of another experiment met while placing versions.
    pub fn project_name(&self, experiment_id: &str) -> Option<String> {
        self.project(experiment_id).map(|p| p.name)
    }

    fn project(&self, experiment_id: &str) -> Option<Project> {
        self.projects
            .get(experiment_id)
            .and_then(|p| p.get().cloned())
    }

    /// A logged model's place: its version in its collection (numbered once the collection is
    /// read), or `None` while the model itself is unknown.
    pub fn model(&self, model_id: &str) -> Option<Located> {
        let m = self
            .models
            .get(model_id)
            .or_else(|| self.by_id.get(model_id).and_then(One::get))?;
        let key = (m.info.experiment_id.clone(), m.info.name.clone());
        let read = self.collections.get(&key);
        let mut collections = match read {
            Some(r) if r.is_complete() || !r.models().is_empty() => r.collections(),
            _ => Vec::new(),
        };
        if let Some(r) = &self.registry {
            r.attach(&mut collections);
        }
        let found = collections
            .into_iter()
            .find(|c| c.name == m.info.name)
            .and_then(|c| {
                let v = c.versions.iter().find(|v| v.id == model_id)?.clone();
                Some((c, v))
            });
        let (collection, version) = match found {
            Some(cv) => cv,
            None => {
                // not (yet) in a collection read: the model alone, without a number
                let mut cs = artifact::model_collections(std::slice::from_ref(m));
                let mut c = cs.pop()?;
                c.numbering_unknown("its collection is still being read");
                if let Some(r) = &self.registry {
                    r.attach(std::slice::from_mut(&mut c));
                }
                let v = c.versions.first()?.clone();
                (c, v)
            }
        };
        Some(Located {
            project: self.project(&collection.experiment_id),
            collection,
            version,
        })
    }

    /// A dataset version's place, as far as its collection's scan has got. `used` is what the
    /// run that used it recorded (source, schema), shown while the number is unknown.
    pub fn dataset(&self, experiment_id: &str, used: &UsedDataset) -> Located {
        let key = (experiment_id.to_string(), used.name.clone());
        let scanned = self.scans.get(&key).and_then(DatasetScan::collection);
        let found = scanned.and_then(|c| {
            let v = c.versions.iter().find(|v| v.id == used.digest)?.clone();
            Some((c, v))
        });
        let (collection, version) = found.unwrap_or_else(|| unnumbered(experiment_id, used));
        Located {
            project: self.project(experiment_id),
            collection,
            version,
        }
    }

    /// The model read by id, for its producer and creation time.
    pub fn logged_model(&self, model_id: &str) -> Option<&wire::LoggedModel> {
        self.models
            .get(model_id)
            .or_else(|| self.by_id.get(model_id).and_then(One::get))
    }

    /// Whether the model was asked for and could not be read (deleted, or no permission).
    pub fn model_error(&self, model_id: &str) -> Option<&ApiError> {
        self.by_id.get(model_id).and_then(One::error)
    }

    /// The scan numbering `name` in `experiment_id`, once started.
    pub fn scan(&self, experiment_id: &str, name: &str) -> Option<&DatasetScan> {
        self.scans
            .get(&(experiment_id.to_string(), name.to_string()))
    }

    pub fn notices(&self) -> Vec<Notice> {
        let mut out = Vec::new();
        for (id, one) in &self.by_id {
            if let Some(e) = one.error() {
                out.push(Notice::failed(&format!("Logged model {id}"), e));
            }
        }
        for read in self.collections.values() {
            out.extend(read.notices());
        }
        if let Some(r) = &self.registry {
            out.extend(r.notices());
        }
        for (exp, s) in &self.summaries {
            if let Some(e) = s.error() {
                out.push(Notice::failed(
                    &format!("The dataset list of experiment {exp}"),
                    e,
                ));
            }
        }
        for scan in self.scans.values() {
            out.extend(scan.notices());
        }
        out
    }

    /// Parts still being read, for the progress line.
    pub fn reading(&self) -> usize {
        self.by_id.values().filter(|o| !o.is_done()).count()
            + self.collections.values().filter(|c| !c.is_done()).count()
            + self.scans.values().filter(|s| !s.is_done()).count()
            + self.waiting.len()
    }
}

/// A dataset version on its own, before (or without) its collection's numbering.
fn unnumbered(experiment_id: &str, used: &UsedDataset) -> (Collection, Version) {
    let version = Version::of_dataset_use(used);
    let collection = Collection {
        kind: artifact::ArtifactKind::Dataset,
        type_name: "dataset".into(),
        name: used.name.clone(),
        experiment_id: experiment_id.to_string(),
        versions: vec![version.clone()],
        numbering: Numbering::Unknown("still reading the runs that used it".into()),
    };
    (collection, version)
}

impl Plan for Locator {
    type Key = LocateKey;

    fn poll(&mut self) -> Vec<(LocateKey, ApiRequest)> {
        let mut out = Vec::new();
        for (id, one) in self.by_id.iter_mut() {
            if let Some(r) = one.want() {
                out.push((LocateKey::Model(id.clone()), r));
            }
        }
        for (key, read) in self.collections.iter_mut() {
            let k = key.clone();
            poll_part(read, &mut out, |_| LocateKey::Collection(k.clone()));
        }
        if let Some(r) = &mut self.registry {
            poll_part(r, &mut out, LocateKey::Registry);
        }
        for (exp, one) in self.summaries.iter_mut() {
            if let Some(r) = one.want() {
                out.push((LocateKey::Summaries(exp.clone()), r));
            }
        }
        for (key, scan) in self.scans.iter_mut() {
            let k = key.clone();
            poll_part(scan, &mut out, |s| LocateKey::Scan((k.clone(), s)));
        }
        for (exp, one) in self.projects.iter_mut() {
            if let Some(r) = one.want() {
                out.push((LocateKey::Project(exp.clone()), r));
            }
        }
        out
    }

    fn feed(&mut self, key: LocateKey, answer: Answer) {
        match key {
            LocateKey::Model(id) => {
                let mut got = None;
                if let Some(one) = self.by_id.get_mut(&id) {
                    one.feed(answer);
                    got = one.get().cloned();
                }
                if let Some(m) = got {
                    self.want_collection(&m.info.experiment_id, &m.info.name);
                }
            }
            LocateKey::Collection(k) => {
                if let Some(r) = self.collections.get_mut(&k) {
                    r.feed((), answer);
                }
            }
            LocateKey::Registry(k) => {
                if let Some(r) = &mut self.registry {
                    r.feed(k, answer);
                }
            }
            LocateKey::Summaries(exp) => {
                let Some(one) = self.summaries.get_mut(&exp) else {
                    return;
                };
                one.feed(answer);
                let listed = one.get().cloned();
                let (ready, rest): (Vec<_>, Vec<_>) =
                    self.waiting.drain(..).partition(|(e, _)| *e == exp);
                self.waiting = rest;
                for (e, name) in ready {
                    let expected = listed.as_ref().and_then(|l| l.digests(&name));
                    let scan = DatasetScan::new(&e, &name, expected, &self.limits);
                    self.scans.insert((e, name), scan);
                }
            }
            LocateKey::Scan((k, s)) => {
                if let Some(scan) = self.scans.get_mut(&k) {
                    scan.feed(s, answer);
                }
            }
            LocateKey::Project(exp) => {
                if let Some(p) = self.projects.get_mut(&exp) {
                    p.feed(answer);
                }
            }
        }
    }

    fn is_done(&self) -> bool {
        self.by_id.values().all(One::is_done)
            && self.collections.values().all(ModelRead::is_done)
            && self.registry.as_ref().is_none_or(RegistryRead::is_done)
            && self.summaries.values().all(One::is_done)
            && self.waiting.is_empty()
            && self.scans.values().all(DatasetScan::is_done)
            && self.projects.values().all(One::is_done)
    }
}
