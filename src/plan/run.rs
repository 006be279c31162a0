//! The run page: the run in full, what it logged and used — each placed in its collection
//! (numbered `name:vN`, labelled with its project when it lives elsewhere) — and the names of
//! the runs that produced what it used. Only the runs and models it shows are read, by id.

use super::datasets;
use super::limits::{count, Limits, Notice};
use super::locate::{LocateKey, Located, Locator};
use super::models::ModelRead;
use super::pages::Pages;
use super::project::experiment;
use super::runs::{NamesKey, RunNames};
use super::{json, poll_part, Answer, One, Plan};
use crate::domain::{Project, Run};
use crate::mlflow::api::{self, ApiRequest};
use crate::mlflow::graphql::RunFields;
use crate::mlflow::{wire, ApiError};
use std::collections::{BTreeSet, HashMap};

#[derive(Clone, Debug)]
pub enum RunKey {
    Run,
    Experiment,
    Logged,
    Locate(LocateKey),
    Names((NamesKey, usize)),
    Produced,
}

pub fn get_run(run_id: &str) -> One<Run> {
    One::new(api::get_run(run_id), |url, text| {
        let r: wire::GetRunResponse = json(url, text)?;
        if r.run.id().is_empty() {
            return Err(ApiError::Decode {
                url: url.to_string(),
                detail: "the answer held no run".into(),
            });
        }
        Ok(Run::from(&r.run))
    })
}

#[derive(Clone, Debug)]
pub struct RunPlan {
    experiment_id: String,
    run_id: String,
    run: One<Run>,
    experiment: One<Project>,
    /// Models whose `source_run_id` is this run.
    logged: ModelRead,
    locator: Locator,
    names: RunNames,
    /// Runs started after this one, read for datasets whose source points into its files.
    produced: Option<Pages<wire::Run>>,
    limits: Limits,
}

/// One artifact row of the run page.
#[derive(Clone, Debug, PartialEq)]
pub struct ArtifactRow {
    pub located: Located,
    /// The dataset context (`training`) of a used dataset.
    pub context: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunView {
    pub project: Option<Project>,
    pub run: Option<Run>,
    pub logged: Vec<ArtifactRow>,
    /// Datasets whose source is a file of this run (logged by it, inferred).
    pub produced: Vec<ArtifactRow>,
    pub used: Vec<ArtifactRow>,
    pub run_names: HashMap<String, String>,
    pub notices: Vec<Notice>,
    pub reading: Vec<String>,
    pub fatal: Option<ApiError>,
    pub complete: bool,
}

impl RunPlan {
    pub fn new(experiment_id: &str, run_id: &str, limits: Limits) -> RunPlan {
        RunPlan {
            experiment_id: experiment_id.to_string(),
            run_id: run_id.to_string(),
            run: get_run(run_id),
            experiment: experiment(experiment_id),
            logged: ModelRead::logged_by(&[experiment_id], &[run_id.to_string()], &limits),
            locator: Locator::new(experiment_id, limits),
            names: RunNames::new(&[experiment_id]),
            produced: None,
            limits,
        }
    }

    fn produced_sources(&self) -> Vec<(String, crate::domain::run::UsedDataset)> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for w in self.produced.iter().flat_map(|p| p.items()) {
            let r = Run::from(w);
            for d in r.used_datasets {
                if d.source.producer_run() == Some(self.run_id.as_str())
                    && seen.insert((r.experiment_id.clone(), d.name.clone(), d.digest.clone()))
                {
                    out.push((r.experiment_id.clone(), d));
                }
            }
        }
        out
    }

    pub fn view(&self) -> RunView {
        let run = self.run.get().cloned();
        let mut logged = Vec::new();
        let mut used = Vec::new();
        if let Some(r) = &run {
            let mut ids: Vec<String> = self
                .logged
                .models()
                .iter()
                .map(|m| m.info.model_id.clone())
                .collect();
            for m in &r.logged_models {
                if !ids.contains(m) {
                    ids.push(m.clone());
                }
            }
            logged.extend(ids.iter().filter_map(|id| {
                self.locator.model(id).map(|located| ArtifactRow {
                    located,
                    context: None,
                })
            }));
            for d in &r.used_datasets {
                used.push(ArtifactRow {
                    located: self.locator.dataset(&r.experiment_id, d),
                    context: d.context.clone(),
                });
            }
            for m in &r.used_models {
                if let Some(located) = self.locator.model(m) {
                    used.push(ArtifactRow {
                        located,
                        context: None,
                    });
                }
            }
        }
        let produced = self
            .produced_sources()
            .iter()
            .map(|(exp, d)| ArtifactRow {
                located: self.locator.dataset(exp, d),
                context: None,
            })
            .collect();
        let mut notices = self.locator.notices();
        notices.extend(self.logged.notices());
        notices.extend(self.names.notices());
        if let Some(p) = &self.produced {
            if p.is_truncated() {
                notices.push(Notice::limit(format!(
                    "Datasets made from this run's files were looked for in the {} runs that \
                     started next; later runs were not read.",
                    count(p.items().len(), false)
                )));
            }
            if let Some(e) = p.error() {
                notices.push(Notice::failed(
                    "The runs read for datasets made from this run's files",
                    e,
                ));
            }
        }
        let mut reading = Vec::new();
        let pending = self.locator.reading();
        if pending > 0 {
            reading.push(format!("placing {pending} artifact collections"));
        }
        RunView {
            project: self.experiment.get().cloned(),
            fatal: self.run.error().or(self.experiment.error()).cloned(),
            run,
            logged,
            produced,
            used,
            run_names: self.names.names(),
            notices,
            reading,
            complete: self.is_done(),
        }
    }

    /// What to read once the run itself is known.
    fn on_run(&mut self) {
        let Some(r) = self.run.get().cloned() else {
            return;
        };
        for m in r.logged_models.iter().chain(&r.used_models) {
            self.locator.want_model(m);
        }
        for d in &r.used_datasets {
            self.locator.want_dataset(&r.experiment_id, &d.name);
        }
        let mut names: Vec<String> = r
            .used_datasets
            .iter()
            .filter_map(|d| d.source.producer_run().map(str::to_string))
            .collect();
        names.extend(r.parent_run_id.clone());
        self.names.want(names);
        let filter = r
            .start
            .map(|t| format!("attributes.start_time >= {t}"))
            .unwrap_or_default();
        self.produced = Some(datasets::run_listing(
            std::slice::from_ref(&self.experiment_id),
            &filter,
            &["attributes.start_time ASC"],
            RunFields::Datasets,
            self.limits.consumer_scan_runs,
            self.limits.runs_page,
        ));
    }

    /// Producers of used models, once those are known.
    fn want_model_producers(&mut self) {
        let ids: Vec<String> = self
            .run
            .get()
            .map(|r| r.used_models.clone())
            .unwrap_or_default()
            .iter()
            .filter_map(|m| self.locator.logged_model(m))
            .map(|m| m.info.source_run_id.clone())
            .collect();
        self.names.want(ids);
    }
}

impl Plan for RunPlan {
    type Key = RunKey;

    fn poll(&mut self) -> Vec<(RunKey, ApiRequest)> {
        let mut out = Vec::new();
        if let Some(r) = self.run.want() {
            out.push((RunKey::Run, r));
        }
        if let Some(r) = self.experiment.want() {
            out.push((RunKey::Experiment, r));
        }
        poll_part(&mut self.logged, &mut out, |_| RunKey::Logged);
        poll_part(&mut self.locator, &mut out, RunKey::Locate);
        poll_part(&mut self.names, &mut out, RunKey::Names);
        if let Some(p) = &mut self.produced {
            if let Some(r) = p.want() {
                out.push((RunKey::Produced, r));
            }
        }
        out
    }

    fn feed(&mut self, key: RunKey, answer: Answer) {
        match key {
            RunKey::Run => {
                self.run.feed(answer);
                self.on_run();
            }
            RunKey::Experiment => self.experiment.feed(answer),
            RunKey::Logged => {
                self.logged.feed((), answer);
                let models: Vec<wire::LoggedModel> = self.logged.models().to_vec();
                for m in &models {
                    self.locator.know_model(m);
                }
            }
            RunKey::Locate(k) => {
                self.locator.feed(k, answer);
                self.want_model_producers();
            }
            RunKey::Names(k) => self.names.feed(k, answer),
            RunKey::Produced => {
                if let Some(p) = &mut self.produced {
                    p.feed(answer);
                }
                for (exp, d) in self.produced_sources() {
                    self.locator.want_dataset(&exp, &d.name);
                }
            }
        }
    }

    fn is_done(&self) -> bool {
        self.run.is_done()
            && self.experiment.is_done()
            && self.logged.is_done()
            && self.locator.is_done()
            && self.names.is_done()
            && self.produced.as_ref().is_none_or(Pages::is_done)
    }
}
