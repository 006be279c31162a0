//! The sweep page: the parent run, its children in full (metrics and params, to rank them), and
//! the logged models of the parent and every child, placed in their collections — so the page
//! can show the best run's models whichever metric the user ranks by.

use super::limits::{count, Limits, Notice};
use super::locate::{LocateKey, Located, Locator};
use super::models::ModelRead;
use super::pages::Pages;
use super::project::experiment;
use super::run::get_run;
use super::{json, poll_part, Answer, One, Plan};
use crate::domain::{Project, Run};
use crate::mlflow::api::{self, ApiRequest};
use crate::mlflow::{wire, ApiError};

/// Run ids per `source_run_id IN (…)` model search.
const IDS_PER_SEARCH: usize = 100;

#[derive(Clone, Debug)]
pub enum SweepKey {
    Parent,
    Experiment,
    Children,
    Models(usize),
    Locate(LocateKey),
}

fn split_runs(url: &str, text: &str) -> Result<(Vec<wire::Run>, Option<String>), ApiError> {
    let r: wire::SearchRunsResponse = json(url, text)?;
    Ok((r.runs, r.next_page_token))
}

#[derive(Clone, Debug)]
pub struct SweepPlan {
    experiment_id: String,
    parent_id: String,
    parent: One<Run>,
    experiment: One<Project>,
    children: Pages<wire::Run>,
    models: Vec<ModelRead>,
    locator: Locator,
    limits: Limits,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SweepView {
    pub project: Option<Project>,
    pub parent: Option<Run>,
    pub children: Vec<Run>,
    /// Every logged model of the parent and the children, placed in its collection.
    pub models: Vec<Located>,
    pub notices: Vec<Notice>,
    pub reading: Vec<String>,
    pub fatal: Option<ApiError>,
    pub complete: bool,
}

impl SweepPlan {
    pub fn new(experiment_id: &str, parent_id: &str, limits: Limits) -> SweepPlan {
        let filter = format!(
            "tags.mlflow.parentRunId = {}",
            api::filter_string(parent_id)
        );
        SweepPlan {
            experiment_id: experiment_id.to_string(),
            parent_id: parent_id.to_string(),
            parent: get_run(parent_id),
            experiment: experiment(experiment_id),
            children: Pages::sized(
                |n| {
                    api::search_runs(
                        &[experiment_id],
                        &filter,
                        &["attributes.start_time DESC"],
                        n,
                    )
                },
                limits.list_runs,
                limits.runs_page,
                split_runs,
            ),
            models: Vec::new(),
            locator: Locator::new(experiment_id, limits),
            limits,
        }
    }

    pub fn view(&self) -> SweepView {
        let mut models: Vec<Located> = Vec::new();
        for read in &self.models {
            for m in read.models() {
                if let Some(l) = self.locator.model(&m.info.model_id) {
                    models.push(l);
                }
            }
        }
        let mut notices = self.locator.notices();
        for read in &self.models {
            notices.extend(read.notices());
        }
        if self.children.is_truncated() {
            notices.push(Notice::limit(format!(
                "Only the newest {} child runs were read; the ranking leaves the others out.",
                count(self.children.items().len(), false)
            )));
        }
        let mut reading = Vec::new();
        if !self.children.is_done() {
            reading.push(format!(
                "reading child runs: {} so far",
                count(self.children.items().len(), false)
            ));
        }
        SweepView {
            project: self.experiment.get().cloned(),
            parent: self.parent.get().cloned(),
            children: self.children.items().iter().map(Run::from).collect(),
            models,
            notices,
            reading,
            fatal: self
                .parent
                .error()
                .or(self.experiment.error())
                .or(self.children.error())
                .cloned(),
            complete: self.is_done(),
        }
    }

    /// Once every child is known: search the models they (and the parent) logged.
    fn on_children(&mut self) {
        if !self.children.is_done() || !self.models.is_empty() {
            return;
        }
        let mut ids: Vec<String> = vec![self.parent_id.clone()];
        ids.extend(self.children.items().iter().map(|r| r.id().to_string()));
        for chunk in ids.chunks(IDS_PER_SEARCH) {
            self.models.push(ModelRead::logged_by(
                &[self.experiment_id.as_str()],
                chunk,
                &self.limits,
            ));
        }
    }
}

impl Plan for SweepPlan {
    type Key = SweepKey;

    fn poll(&mut self) -> Vec<(SweepKey, ApiRequest)> {
        let mut out = Vec::new();
        if let Some(r) = self.parent.want() {
            out.push((SweepKey::Parent, r));
        }
        if let Some(r) = self.experiment.want() {
            out.push((SweepKey::Experiment, r));
        }
        if let Some(r) = self.children.want() {
            out.push((SweepKey::Children, r));
        }
        for (i, read) in self.models.iter_mut().enumerate() {
            poll_part(read, &mut out, |_| SweepKey::Models(i));
        }
        poll_part(&mut self.locator, &mut out, SweepKey::Locate);
        out
    }

    fn feed(&mut self, key: SweepKey, answer: Answer) {
        match key {
            SweepKey::Parent => self.parent.feed(answer),
            SweepKey::Experiment => self.experiment.feed(answer),
            SweepKey::Children => {
                self.children.feed(answer);
                self.on_children();
            }
            SweepKey::Models(i) => {
                if let Some(read) = self.models.get_mut(i) {
                    read.feed((), answer);
                    let found: Vec<wire::LoggedModel> = read.models().to_vec();
                    for m in &found {
                        self.locator.know_model(m);
                    }
                }
            }
            SweepKey::Locate(k) => self.locator.feed(k, answer),
        }
    }

    fn is_done(&self) -> bool {
        self.parent.is_done()
            && self.experiment.is_done()
            && self.children.is_done()
            && self.models.iter().all(ModelRead::is_done)
            && self.locator.is_done()
    }
}
