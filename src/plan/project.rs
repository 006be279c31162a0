//! The project page: the experiment, its run count, and its artifact collections — model
//! collections from the logged-model search, dataset collections from `search-datasets` (or,
//! when MLflow cut that list, from a bounded scan of the runs), registry aliases beside them.
//! The runs and sweeps tabs have plans of their own ([`super::runs::RunsTable`],
//! [`SweepsPlan`]).

use super::datasets::{self, Listed};
use super::limits::{count, Limits, Notice};
use super::models::{ModelRead, RegistryKey, RegistryRead};
use super::pages::Pages;
use super::runs::{NamesKey, RunCount, RunNames};
use super::{json, poll_part, Answer, One, Plan};
use crate::domain::artifact::{Alias, ArtifactKind, Collection};
use crate::domain::{Count, Millis, Project, Run, Sweep};
use crate::mlflow::api::{self, ApiRequest};
use crate::mlflow::graphql::RunFields;
use crate::mlflow::{wire, ApiError};
use std::collections::{BTreeMap, BTreeSet};

/// `last_use` lookups in flight at once.
const LAST_USE_IN_FLIGHT: usize = 4;

#[derive(Clone, Debug)]
pub enum ProjectKey {
    Experiment,
    Count,
    Models,
    Registry(RegistryKey),
    Summaries,
    Scan,
    LastUse(String),
}

pub fn experiment(experiment_id: &str) -> One<Project> {
    One::new(api::get_experiment(experiment_id), |url, text| {
        let r: wire::GetExperimentResponse = json(url, text)?;
        Ok(Project::from(&r.experiment))
    })
}

#[derive(Clone, Debug)]
pub struct ProjectPlan {
    experiment_id: String,
    experiment: One<Project>,
    count: RunCount,
    models: ModelRead,
    registry: RegistryRead,
    summaries: One<Listed>,
    /// When `search-datasets` was cut: runs newest first, for dataset names and digests.
    scan: Option<Pages<wire::Run>>,
    last_use: BTreeMap<String, One<Option<Run>>>,
    limits: Limits,
}

/// One row of the project's collection list.
#[derive(Clone, Debug, PartialEq)]
pub struct CollectionRow {
    pub kind: ArtifactKind,
    pub type_name: String,
    pub name: String,
    pub experiment_id: String,
    pub versions: Count,
    /// The latest version's label and the spec that opens it, when known.
    pub latest: Option<(String, String)>,
    pub aliases: Vec<Alias>,
    pub last_update: Option<Millis>,
}

/// What the project page knows so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProjectView {
    pub project: Option<Project>,
    /// The page cannot be shown (the experiment could not be read).
    pub fatal: Option<ApiError>,
    pub runs: Option<Count>,
    pub collections: Vec<CollectionRow>,
    pub notices: Vec<Notice>,
    /// What is still being read, for the progress line.
    pub reading: Vec<String>,
    pub complete: bool,
}

impl ProjectPlan {
    pub fn new(experiment_id: &str, limits: Limits) -> ProjectPlan {
        ProjectPlan {
            experiment_id: experiment_id.to_string(),
            experiment: experiment(experiment_id),
            count: RunCount::new(experiment_id, &limits),
            models: ModelRead::project(experiment_id, &limits),
            registry: RegistryRead::new(&limits),
            summaries: datasets::summaries(experiment_id),
            scan: None,
            last_use: BTreeMap::new(),
            limits,
        }
    }

    fn dataset_rows(&self) -> (Vec<CollectionRow>, Vec<Notice>, Vec<String>) {
        let mut rows = Vec::new();
        let mut notices = Vec::new();
        let mut reading = Vec::new();
        let listed = self.summaries.get();
        if let Some(e) = self.summaries.error() {
            notices.push(Notice::failed("The list of dataset collections", e));
        }
        // names → digests, from the summaries and (when they were cut) the scan
        let mut digests: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        let mut last: BTreeMap<&str, Millis> = BTreeMap::new();
        if let Some(l) = listed {
            for (name, ds) in &l.by_name {
                digests
                    .entry(name)
                    .or_default()
                    .extend(ds.iter().map(String::as_str));
            }
        }
        let mut exact = listed.is_some_and(|l| !l.cut);
        if let Some(scan) = &self.scan {
            for run in scan.items() {
                for d in &run.inputs.dataset_inputs {
                    digests
                        .entry(&d.dataset.name)
                        .or_default()
                        .insert(&d.dataset.digest);
                    if let Some(t) = run.info.start_time {
                        let e = last.entry(&d.dataset.name).or_insert(t);
                        *e = (*e).max(t);
                    }
                }
            }
            exact = scan.is_complete();
            if scan.is_truncated() {
                notices.push(Notice::limit(format!(
                    "MLflow lists at most 1,000 dataset versions per project, so the newest {} runs \
                     were read for dataset collections; collections and versions used only by \
                     older runs may be missing, and version counts are lower bounds.",
                    count(scan.items().len(), false)
                )));
            } else if let Some(e) = scan.error() {
                notices.push(Notice::failed("The runs read for dataset collections", e));
            } else if !scan.is_done() {
                reading.push(format!(
                    "reading runs for dataset collections: {} so far",
                    count(scan.items().len(), false)
                ));
            }
        }
        for (name, ds) in digests {
            let n = ds.len();
            let last_update = last.get(name).copied().or_else(|| {
                self.last_use
                    .get(name)
                    .and_then(|o| o.get())
                    .and_then(|r| r.as_ref())
                    .and_then(|r| r.start)
            });
            rows.push(CollectionRow {
                kind: ArtifactKind::Dataset,
                type_name: "dataset".into(),
                name: name.to_string(),
                experiment_id: self.experiment_id.clone(),
                versions: Count { n, more: !exact },
                // which digest is newest is decided by the numbering scan of the collection
                // page; here only the way to it
                latest: (n > 0).then(|| ("latest".to_string(), "latest".to_string())),
                aliases: Vec::new(),
                last_update,
            });
        }
        (rows, notices, reading)
    }

    pub fn view(&self) -> ProjectView {
        let mut notices = Vec::new();
        let mut reading = Vec::new();
        let mut models = self.models.collections();
        self.registry.attach(&mut models);
        notices.extend(self.models.notices());
        notices.extend(self.registry.notices());
        if !self.models.is_done() {
            reading.push(format!(
                "reading logged models: {} so far",
                count(self.models.models().len(), false)
            ));
        }
        let mut collections: Vec<CollectionRow> = models
            .iter()
            .map(|c| model_row(c, self.models.is_complete()))
            .collect();
        let (datasets, n, r) = self.dataset_rows();
        collections.extend(datasets);
        notices.extend(n);
        reading.extend(r);
        if let Some(e) = self.count.error() {
            notices.push(Notice::failed("The run count", e));
        }
        ProjectView {
            project: self.experiment.get().cloned(),
            fatal: self.experiment.error().cloned(),
            runs: self.count.count(),
            collections,
            notices,
            reading,
            complete: self.is_done() && self.experiment.get().is_some(),
        }
    }
}

fn model_row(c: &Collection, complete: bool) -> CollectionRow {
    let latest = c.latest().map(|v| (v.label(), v.spec().to_string()));
    CollectionRow {
        kind: c.kind,
        type_name: c.type_name.clone(),
        name: c.name.clone(),
        experiment_id: c.experiment_id.clone(),
        versions: Count {
            n: c.versions.len(),
            more: !complete,
        },
        latest,
        aliases: c
            .versions
            .iter()
            .rev()
            .flat_map(|v| v.aliases.iter().cloned())
            .filter(|a| *a != Alias::Latest)
            .collect(),
        last_update: c.last_update(),
    }
}

impl Plan for ProjectPlan {
    type Key = ProjectKey;

    fn poll(&mut self) -> Vec<(ProjectKey, ApiRequest)> {
        let mut out = Vec::new();
        if let Some(r) = self.experiment.want() {
            out.push((ProjectKey::Experiment, r));
        }
        poll_part(&mut self.models, &mut out, |_| ProjectKey::Models);
        // The first models are the page's first content: the rest waits for them, so that
        // MLflow answers them alone (at 100,000 runs, the dataset listing and the count
        // running beside it made that small answer take 0.3–0.5 s instead of 0.02 s).
        if !self.models.models().is_empty() || self.models.is_done() {
            poll_part(&mut self.count, &mut out, |_| ProjectKey::Count);
            poll_part(&mut self.registry, &mut out, ProjectKey::Registry);
            if let Some(r) = self.summaries.want() {
                out.push((ProjectKey::Summaries, r));
            }
        }
        if let Some(scan) = &mut self.scan {
            if let Some(r) = scan.want() {
                out.push((ProjectKey::Scan, r));
            }
        }
        let in_flight = self.last_use.values().filter(|o| o.is_in_flight()).count();
        let mut room = LAST_USE_IN_FLIGHT.saturating_sub(in_flight);
        for (name, one) in self.last_use.iter_mut() {
            if room == 0 {
                break;
            }
            if let Some(r) = one.want() {
                out.push((ProjectKey::LastUse(name.clone()), r));
                room -= 1;
            }
        }
        out
    }

    fn feed(&mut self, key: ProjectKey, answer: Answer) {
        match key {
            ProjectKey::Experiment => self.experiment.feed(answer),
            ProjectKey::Count => self.count.feed((), answer),
            ProjectKey::Models => self.models.feed((), answer),
            ProjectKey::Registry(k) => self.registry.feed(k, answer),
            ProjectKey::Summaries => {
                self.summaries.feed(answer);
                match self.summaries.get() {
                    Some(l) if l.cut => {
                        self.scan = Some(datasets::run_listing(
                            std::slice::from_ref(&self.experiment_id),
                            "",
                            &["attributes.start_time DESC"],
                            RunFields::Datasets,
                            self.limits.dataset_scan_runs,
                            self.limits.runs_page,
                        ));
                    }
                    Some(l) => {
                        for name in l.by_name.keys() {
                            self.last_use.insert(
                                name.clone(),
                                datasets::last_use(&self.experiment_id, name),
                            );
                        }
                    }
                    None => {}
                }
            }
            ProjectKey::Scan => {
                if let Some(s) = &mut self.scan {
                    s.feed(answer);
                }
            }
            ProjectKey::LastUse(name) => {
                if let Some(o) = self.last_use.get_mut(&name) {
                    o.feed(answer);
                }
            }
        }
    }

    fn is_done(&self) -> bool {
        self.experiment.is_done()
            && self.count.is_done()
            && self.models.is_done()
            && self.registry.is_done()
            && self.summaries.is_done()
            && self.scan.as_ref().is_none_or(Pages::is_done)
            && self.last_use.values().all(One::is_done)
    }
}

/// The sweeps tab: runs that have a parent (`mlflow.parentRunId`), grouped by parent, with the
/// parents' names.
#[derive(Clone, Debug)]
pub struct SweepsPlan {
    children: Pages<wire::Run>,
    parents: RunNames,
}

#[derive(Clone, Debug)]
pub enum SweepsKey {
    Children,
    Parents((NamesKey, usize)),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SweepsView {
    pub sweeps: Vec<(Sweep, Option<Millis>)>,
    pub notices: Vec<Notice>,
    pub fatal: Option<ApiError>,
    pub complete: bool,
}

impl SweepsPlan {
    pub fn new(experiment_id: &str, limits: &Limits) -> SweepsPlan {
        SweepsPlan {
            children: datasets::run_listing(
                &[experiment_id.to_string()],
                "tags.mlflow.parentRunId LIKE '%'",
                &["attributes.start_time DESC"],
                RunFields::Tags,
                limits.list_runs,
                limits.runs_page,
            ),
            parents: RunNames::new(&[experiment_id]),
        }
    }

    pub fn view(&self) -> SweepsView {
        let mut runs: Vec<Run> = self.children.items().iter().map(Run::from).collect();
        let parent_ids: BTreeSet<String> = runs
            .iter()
            .filter_map(|r| r.parent_run_id.clone())
            .collect();
        for p in &parent_ids {
            if let Some(r) = self.parents.get(p) {
                runs.push(r.clone());
            }
        }
        let sweeps = crate::domain::sweep::sweeps(&runs)
            .into_iter()
            .map(|s| {
                let start = self.parents.get(&s.parent_id).and_then(|r| r.start);
                (s, start)
            })
            .collect();
        let mut notices = self.parents.notices();
        if self.children.is_truncated() {
            notices.push(Notice::limit(format!(
                "Only the newest {} child runs were read: older sweeps may be missing and child \
                 counts are lower bounds.",
                count(self.children.items().len(), false)
            )));
        }
        SweepsView {
            sweeps,
            notices,
            fatal: self.children.error().cloned(),
            complete: self.is_done(),
        }
    }
}

impl Plan for SweepsPlan {
    type Key = SweepsKey;

    fn poll(&mut self) -> Vec<(SweepsKey, ApiRequest)> {
        let mut out = Vec::new();
        if let Some(r) = self.children.want() {
            out.push((SweepsKey::Children, r));
        }
        poll_part(&mut self.parents, &mut out, SweepsKey::Parents);
        out
    }

    fn feed(&mut self, key: SweepsKey, answer: Answer) {
        match key {
            SweepsKey::Children => {
                self.children.feed(answer);
                if self.children.is_done() {
                    let ids: Vec<String> = self
                        .children
                        .items()
                        .iter()
                        .map(Run::from)
                        .filter_map(|r| r.parent_run_id)
                        .collect();
                    self.parents.want(ids);
                }
            }
            SweepsKey::Parents(k) => self.parents.feed(k, answer),
        }
    }

    fn is_done(&self) -> bool {
        self.children.is_done() && self.parents.is_done()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_models_are_asked_alone_then_the_rest() {
        let mut plan = ProjectPlan::new("1", Limits::default());
        let first: Vec<ProjectKey> = plan.poll().into_iter().map(|(k, _)| k).collect();
        assert!(
            matches!(first[..], [ProjectKey::Experiment, ProjectKey::Models]),
            "{first:?}"
        );
        assert!(
            plan.poll().is_empty(),
            "nothing more until the models arrive"
        );
        let models = serde_json::json!({"models": [{"info": {"model_id": "m-1", "experiment_id": "1",
            "name": "clf", "creation_timestamp_ms": 1}}], "next_page_token": "t"});
        plan.feed(ProjectKey::Models, Ok(models.to_string()));
        assert_eq!(
            plan.view().collections.len(),
            1,
            "drawn from the first page"
        );
        let next: Vec<String> = plan
            .poll()
            .into_iter()
            .map(|(k, _)| format!("{k:?}"))
            .collect();
        for want in [
            "Count",
            "Models",
            "Registry(Models)",
            "Registry(Versions)",
            "Summaries",
        ] {
            assert!(next.iter().any(|k| k == want), "{want} in {next:?}");
        }
    }
}
