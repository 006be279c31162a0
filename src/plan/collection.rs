//! The collection and version pages: one collection with its numbering, registry aliases and
//! the names of the runs that logged its versions; and the users of one dataset version.

use super::datasets::{self, DatasetScan, Listed, ScanKey};
use super::limits::{count, Limits, Notice};
use super::models::{ModelRead, RegistryKey, RegistryRead};
use super::pages::Pages;
use super::project::experiment;
use super::runs::{NamesKey, RunNames};
use super::{poll_part, Answer, One, Plan};
use crate::domain::artifact::{self, Collection};
use crate::domain::{Project, Run};
use crate::mlflow::api::{self, ApiRequest};
use crate::mlflow::graphql::RunFields;
use crate::mlflow::{wire, ApiError};
use crate::routes::CollectionKind;
use std::collections::HashMap;

#[derive(Clone, Debug)]
pub enum CollectionKey {
    Experiment,
    Models,
    Registry(RegistryKey),
    Summaries,
    Scan(ScanKey),
    Names((NamesKey, usize)),
}

#[derive(Clone, Debug)]
pub struct CollectionPlan {
    kind: CollectionKind,
    name: String,
    experiment: One<Project>,
    models: Option<ModelRead>,
    registry: Option<RegistryRead>,
    summaries: Option<One<Listed>>,
    scan: Option<DatasetScan>,
    names: RunNames,
}

/// What the collection (or version) page knows so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CollectionView {
    pub project: Option<Project>,
    /// `None` until the first versions arrive (or when there is no such collection).
    pub collection: Option<Collection>,
    pub run_names: HashMap<String, String>,
    pub notices: Vec<Notice>,
    pub reading: Vec<String>,
    /// The page cannot be shown: the experiment or the collection's versions could not be
    /// read, or MLflow has no such collection.
    pub fatal: Option<ApiError>,
    pub complete: bool,
    /// A model collection with more versions than one page: the newest have arrived and the
    /// rest are still being read. The list may be shown meanwhile, without numbers or edits.
    pub partial: bool,
}

impl CollectionView {
    pub fn run_name(&self, id: &str) -> String {
        self.run_names
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.chars().take(8).collect())
    }
}

impl CollectionPlan {
    pub fn new(experiment_id: &str, kind: CollectionKind, name: &str, limits: Limits) -> Self {
        let models = (kind == CollectionKind::Models)
            .then(|| ModelRead::collection(experiment_id, name, &limits));
        CollectionPlan {
            kind,
            name: name.to_string(),
            experiment: experiment(experiment_id),
            registry: models.as_ref().map(|_| RegistryRead::new(&limits)),
            models,
            summaries: (kind == CollectionKind::Datasets)
                .then(|| datasets::summaries(experiment_id)),
            // started at once: `search-datasets` can take seconds on a big experiment, and
            // the scan's first page is what the page shows first
            scan: (kind == CollectionKind::Datasets)
                .then(|| DatasetScan::new(experiment_id, name, None, &limits)),
            names: RunNames::new(&[experiment_id]),
        }
    }

    fn collection(&self) -> Option<Collection> {
        match self.kind {
            CollectionKind::Models => {
                let m = self.models.as_ref()?;
                let mut cs = m.collections();
                if let Some(r) = &self.registry {
                    r.attach(&mut cs);
                }
                cs.into_iter().find(|c| c.name == self.name)
            }
            CollectionKind::Datasets => self.scan.as_ref()?.collection(),
        }
    }

    pub fn view(&self) -> CollectionView {
        let mut notices = Vec::new();
        let mut reading = Vec::new();
        let mut fatal = self.experiment.error().cloned();
        if let Some(m) = &self.models {
            if let Some(e) = m.error() {
                fatal = fatal.or(Some(e.clone()));
            }
            notices.extend(m.notices().into_iter().filter(|n| !n.failed));
            if !m.is_done() {
                reading.push(format!(
                    "reading versions: {} so far",
                    count(m.models().len(), false)
                ));
            }
        }
        if let Some(r) = &self.registry {
            notices.extend(r.notices());
        }
        if let Some(s) = &self.summaries {
            if let Some(e) = s.error() {
                notices.push(Notice::failed("The list of dataset versions", e));
            }
        }
        if let Some(scan) = &self.scan {
            notices.extend(scan.notices());
            if !scan.is_done() {
                reading.push(format!(
                    "reading the runs that used {}: {} so far",
                    self.name,
                    count(scan.runs().len(), false)
                ));
            }
        }
        notices.extend(self.names.notices());
        let collection = self.collection();
        let done = self.is_done();
        // a first page of versions arrived and more are being read (a long list is drawn
        // before it is complete: newest models, or the datasets' first uses so far)
        let partial = !done
            && collection.is_some()
            && (self
                .models
                .as_ref()
                .is_some_and(|m| !m.is_done() && m.has_more())
                || self
                    .scan
                    .as_ref()
                    .is_some_and(DatasetScan::reads_more_pages));
        if done && fatal.is_none() && collection.is_none() {
            fatal = Some(ApiError::Http {
                url: String::new(),
                status: 404,
                error_code: Some("RESOURCE_DOES_NOT_EXIST".into()),
                message: format!(
                    "No {} collection named '{}' in this project",
                    self.kind.segment().trim_end_matches('s'),
                    self.name
                ),
            });
        }
        CollectionView {
            project: self.experiment.get().cloned(),
            collection,
            run_names: self.names.names(),
            notices,
            reading,
            fatal,
            complete: done,
            partial,
        }
    }

    /// After new versions arrive: name the runs that logged them.
    fn want_names(&mut self) {
        if let Some(c) = self.collection() {
            let ids: Vec<String> = c
                .versions
                .iter()
                .filter_map(|v| v.logged_by.clone())
                .collect();
            self.names.want(ids);
        }
    }
}

impl Plan for CollectionPlan {
    type Key = CollectionKey;

    fn poll(&mut self) -> Vec<(CollectionKey, ApiRequest)> {
        let mut out = Vec::new();
        if let Some(r) = self.experiment.want() {
            out.push((CollectionKey::Experiment, r));
        }
        if let Some(m) = &mut self.models {
            poll_part(m, &mut out, |_| CollectionKey::Models);
        }
        if let Some(r) = &mut self.registry {
            poll_part(r, &mut out, CollectionKey::Registry);
        }
        if let Some(s) = &mut self.summaries {
            if let Some(r) = s.want() {
                out.push((CollectionKey::Summaries, r));
            }
        }
        if let Some(s) = &mut self.scan {
            poll_part(s, &mut out, CollectionKey::Scan);
        }
        poll_part(&mut self.names, &mut out, CollectionKey::Names);
        out
    }

    fn feed(&mut self, key: CollectionKey, answer: Answer) {
        match key {
            CollectionKey::Experiment => self.experiment.feed(answer),
            CollectionKey::Models => {
                if let Some(m) = &mut self.models {
                    m.feed((), answer);
                }
                self.want_names();
            }
            CollectionKey::Registry(k) => {
                if let Some(r) = &mut self.registry {
                    r.feed(k, answer);
                }
            }
            CollectionKey::Summaries => {
                if let Some(s) = &mut self.summaries {
                    s.feed(answer);
                    // a failed list is not fatal: the scan then reads to the end
                    let expected = s.get().and_then(|l| l.digests(&self.name));
                    if let Some(scan) = &mut self.scan {
                        scan.listed(expected);
                    }
                }
            }
            CollectionKey::Scan(k) => {
                if let Some(s) = &mut self.scan {
                    s.feed(k, answer);
                }
                self.want_names();
            }
            CollectionKey::Names(k) => self.names.feed(k, answer),
        }
    }

    fn is_done(&self) -> bool {
        let datasets_done = match self.kind {
            CollectionKind::Models => true,
            CollectionKind::Datasets => {
                self.summaries.as_ref().is_some_and(One::is_done)
                    && self.scan.as_ref().is_some_and(DatasetScan::is_done)
            }
        };
        self.experiment.is_done()
            && self.models.as_ref().is_none_or(ModelRead::is_done)
            && self.registry.as_ref().is_none_or(RegistryRead::is_done)
            && datasets_done
            && self.names.is_done()
    }
}

/// The runs of an experiment that used one dataset version (`dataset.name` and
/// `dataset.digest`), newest first, up to [`Limits::list_runs`].
#[derive(Clone, Debug)]
pub struct DatasetUsers {
    pages: Pages<wire::Run>,
    name: String,
    digest: String,
}

/// A run that used a dataset version, and in what context.
#[derive(Clone, Debug, PartialEq)]
pub struct Use {
    pub run: Run,
    pub context: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct UsersView {
    pub users: Vec<Use>,
    /// How many runs were read, and whether MLflow had more.
    pub read: usize,
    pub more: bool,
    pub notices: Vec<Notice>,
    pub fatal: Option<ApiError>,
    pub complete: bool,
}

impl DatasetUsers {
    pub fn new(experiment_id: &str, name: &str, digest: &str, limits: &Limits) -> DatasetUsers {
        let filter = format!(
            "dataset.name = {} AND dataset.digest = {}",
            api::filter_string(name),
            api::filter_string(digest)
        );
        DatasetUsers {
            pages: datasets::run_listing(
                &[experiment_id.to_string()],
                &filter,
                &["attributes.start_time DESC"],
                RunFields::Datasets,
                limits.list_runs,
                limits.runs_page,
            ),
            name: name.to_string(),
            digest: digest.to_string(),
        }
    }

    pub fn view(&self) -> UsersView {
        let users = self
            .pages
            .items()
            .iter()
            .map(Run::from)
            .map(|run| {
                let context = run
                    .used_datasets
                    .iter()
                    .find(|d| d.name == self.name && d.digest == self.digest)
                    .and_then(|d| d.context.clone());
                Use { run, context }
            })
            .collect();
        let mut notices = Vec::new();
        if self.pages.is_truncated() {
            notices.push(Notice::limit(format!(
                "Showing the newest {} runs that used this version; older ones were not read.",
                count(self.pages.items().len(), false)
            )));
        }
        UsersView {
            users,
            read: self.pages.items().len(),
            more: self.pages.is_truncated(),
            notices,
            fatal: self.pages.error().cloned(),
            complete: self.pages.is_done(),
        }
    }
}

super::plan_by_field!(DatasetUsers, pages);

/// The first run that used a dataset version, read in full (`runs/search`): its record of the
/// dataset has the schema and profile, which the scans leave out to stay small. For a version's
/// Files and Metadata tabs; find the version with [`UsedDataset`](crate::domain::run::UsedDataset)'s
/// name and digest.
pub fn dataset_detail(experiment_id: &str, name: &str, digest: &str) -> One<Option<Run>> {
    let filter = format!(
        "dataset.name = {} AND dataset.digest = {}",
        api::filter_string(name),
        api::filter_string(digest)
    );
    One::new(
        api::search_runs(&[experiment_id], &filter, &["attributes.start_time ASC"], 1),
        |url, text| {
            let r: wire::SearchRunsResponse = super::json(url, text)?;
            Ok(r.runs.first().map(Run::from))
        },
    )
}

/// One version read by its MLflow id, so that the version page can show it before its
/// collection is read in full and numbered: the logged model (`logged-models/get`), or the
/// first run that used a dataset digest. Its collection holds just that version, without a
/// number; the page is drawn again, numbered, once [`CollectionPlan`] is complete.
#[derive(Clone, Debug)]
pub struct VersionLookup {
    experiment_id: String,
    name: String,
    spec: String,
    model: Option<One<wire::LoggedModel>>,
    dataset: Option<One<Option<Run>>>,
}

impl VersionLookup {
    /// `None` for a spec that only the whole collection can resolve (`v3`, `latest`, an alias).
    pub fn new(
        experiment_id: &str,
        kind: CollectionKind,
        name: &str,
        spec: &str,
    ) -> Option<VersionLookup> {
        let spec = spec.trim();
        let numbered = spec == "latest"
            || spec
                .strip_prefix('v')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        let (model, dataset) = match kind {
            CollectionKind::Models if spec.starts_with("m-") => (
                Some(One::new(
                    api::get_logged_model(spec),
                    super::locate::decode_model,
                )),
                None,
            ),
            CollectionKind::Datasets if !numbered && !spec.is_empty() => {
                (None, Some(dataset_detail(experiment_id, name, spec)))
            }
            _ => return None,
        };
        Some(VersionLookup {
            experiment_id: experiment_id.to_string(),
            name: name.to_string(),
            spec: spec.to_string(),
            model,
            dataset,
        })
    }

    /// The version's collection holding only that version, numbering unknown; `None` until
    /// it has been read, or when it is not a version of this collection (the whole collection
    /// then decides what the page says).
    pub fn collection(&self) -> Option<Collection> {
        let mut c = match (&self.model, &self.dataset) {
            (Some(m), _) => artifact::model_collections(std::slice::from_ref(m.get()?)),
            (_, Some(d)) => artifact::dataset_collections(std::slice::from_ref(d.get()?.as_ref()?)),
            _ => return None,
        }
        .into_iter()
        .find(|c| c.name == self.name && c.experiment_id == self.experiment_id)?;
        c.versions.retain(|v| v.id == self.spec);
        if c.versions.is_empty() {
            return None;
        }
        c.numbering_unknown(format!(
            "the versions of {} are still being read to number them",
            self.name
        ));
        Some(c)
    }
}

impl Plan for VersionLookup {
    type Key = ();

    fn poll(&mut self) -> Vec<((), ApiRequest)> {
        let m = self.model.as_mut().and_then(One::want);
        let d = self.dataset.as_mut().and_then(One::want);
        m.or(d).map(|r| ((), r)).into_iter().collect()
    }

    fn feed(&mut self, _: (), answer: Answer) {
        if let Some(m) = &mut self.model {
            m.feed(answer);
        } else if let Some(d) = &mut self.dataset {
            d.feed(answer);
        }
    }

    fn is_done(&self) -> bool {
        self.model.as_ref().is_none_or(One::is_done)
            && self.dataset.as_ref().is_none_or(One::is_done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::artifact::Numbering;

    const MODEL: &str = include_str!("../../tests/fixtures/mlflow/logged_models_get.json");
    const MODEL_ID: &str = "m-a19bf3a4008a46f08ff3ee066d1dd58d";

    fn answer(l: &mut VersionLookup, text: &str) {
        assert_eq!(l.poll().len(), 1, "one request");
        assert!(l.poll().is_empty());
        l.feed((), Ok(text.to_string()));
    }

    #[test]
    fn a_model_version_by_id_shows_without_a_number() {
        let mut l = VersionLookup::new("1", CollectionKind::Models, "sweep-model", MODEL_ID)
            .expect("an id is looked up");
        assert!(l.collection().is_none(), "nothing read yet");
        let (_, req) = l.poll().remove(0);
        assert!(req.url("").contains("logged-models/") && req.url("").contains(MODEL_ID));
        l.feed((), Ok(MODEL.to_string()));
        assert!(l.is_done());
        let c = l.collection().expect("the version's collection");
        assert_eq!(c.versions.len(), 1);
        assert_eq!(c.versions[0].id, MODEL_ID);
        assert_eq!(c.versions[0].number, None);
        assert!(c.latest().is_none());
        assert!(
            matches!(c.numbering, Numbering::Unknown(ref why) if why.contains("still being read"))
        );
        assert_eq!(c.resolve(MODEL_ID).map(|v| v.id.as_str()), Some(MODEL_ID));
    }

    #[test]
    fn a_model_of_another_collection_or_a_number_is_left_to_the_collection() {
        let mut l = VersionLookup::new("1", CollectionKind::Models, "other", MODEL_ID).unwrap();
        answer(&mut l, MODEL);
        assert!(
            l.collection().is_none(),
            "the id names a version of sweep-model"
        );
        for spec in ["v3", "latest", "champion"] {
            assert!(VersionLookup::new("1", CollectionKind::Models, "m", spec).is_none());
        }
        for spec in ["v0", "latest"] {
            assert!(VersionLookup::new("1", CollectionKind::Datasets, "d", spec).is_none());
        }
        let mut failed = VersionLookup::new("1", CollectionKind::Models, "m", "m-x").unwrap();
        failed.poll();
        failed.feed((), Err(ApiError::Cancelled));
        assert!(failed.is_done() && failed.collection().is_none());
    }

    #[test]
    fn a_dataset_version_from_the_first_run_that_used_it() {
        let mut l = VersionLookup::new("1", CollectionKind::Datasets, "d", "abc").unwrap();
        let (_, req) = l.poll().remove(0);
        let body = req.body.unwrap().to_string();
        assert!(body.contains("dataset.digest = 'abc'") && body.contains("start_time ASC"));
        let run = serde_json::json!({"runs": [{
            "info": {"run_id": "r1", "experiment_id": "1", "start_time": 5},
            "inputs": {"dataset_inputs": [
                {"dataset": {"name": "d", "digest": "zzz", "source_type": "code", "source": "{}"}},
                {"dataset": {"name": "d", "digest": "abc", "source_type": "code", "source": "{}"}}
            ]}
        }]});
        l.feed((), Ok(run.to_string()));
        let c = l.collection().unwrap();
        assert_eq!(c.versions.len(), 1, "only the version asked for");
        assert_eq!(c.versions[0].id, "abc");
        assert_eq!(c.versions[0].created, Some(5));
        assert_eq!(c.versions[0].number, None);
    }

    fn scan_page(runs: &[(&str, i64, &str)], token: Option<&str>) -> String {
        let runs: Vec<serde_json::Value> = runs
            .iter()
            .map(|(id, start, digest)| {
                serde_json::json!({
                    "info": {"runId": id, "experimentId": "1", "startTime": start.to_string()},
                    "inputs": {"datasetInputs": [{"dataset": {"name": "d", "digest": digest,
                        "sourceType": "code", "source": "{}"}, "tags": []}]}
                })
            })
            .collect();
        serde_json::json!({"data": {"mlflowSearchRuns": {"runs": runs, "nextPageToken": token}}})
            .to_string()
    }

    #[test]
    fn a_dataset_list_shows_its_first_uses_while_the_scan_reads_on() {
        let limits = Limits {
            runs_page: 1,
            ..Limits::default()
        };
        let mut plan = CollectionPlan::new("1", CollectionKind::Datasets, "d", limits);
        let mut scan_pages = vec![
            scan_page(&[("r1", 1, "a")], Some("t1")),
            scan_page(&[("r2", 2, "b")], None),
        ]
        .into_iter();
        let mut partial_seen = None;
        loop {
            let asked = plan.poll();
            if asked.is_empty() {
                break;
            }
            for (key, _) in asked {
                let text = match &key {
                    CollectionKey::Experiment => r#"{"experiment": {"experiment_id": "1", "name": "p"}}"#.to_string(),
                    CollectionKey::Summaries => r#"{"dataset_summaries": [{"experiment_id": "1", "name": "d", "digest": "a"}, {"experiment_id": "1", "name": "d", "digest": "b"}]}"#.to_string(),
                    CollectionKey::Scan(ScanKey::Page) => scan_pages.next().expect("two pages"),
                    _ => r#"{"data": {}}"#.to_string(),
                };
                plan.feed(key, Ok(text));
                let v = plan.view();
                if v.partial && partial_seen.is_none() {
                    partial_seen = Some(v);
                }
            }
        }
        let p = partial_seen.expect("the list was partial once the first page arrived");
        let c = p.collection.unwrap();
        assert_eq!(c.versions.len(), 1);
        assert_eq!(
            c.versions[0].label(),
            "a",
            "an id, not a number, while reading"
        );
        assert!(c.latest().is_none() && !p.complete);
        let v = plan.view();
        assert!(v.complete && !v.partial, "{:?}", v.reading);
        assert_eq!(v.collection.unwrap().resolve("latest").unwrap().id, "b");
    }
}
