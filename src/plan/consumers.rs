//! Which runs used a logged model.
//!
//! MLflow records model inputs per run and only `runs/get` returns them, so finding a model's
//! consumers is a scan. It is cut down three ways: only runs that started after the model was
//! created are candidates (listed oldest first, ids only, over GraphQL); candidates are read ten
//! per GraphQL request, a few requests at a time, skipping runs already known this session; and
//! a scan reads at most [`Limits::consumer_scan_runs`] runs per click, saying how many more there
//! are ("Scan 5,000 more"). Candidates come from every project the user can see: a model trained
//! in one experiment is often evaluated or served from another.

use super::limits::{count, Limits, Notice};
use super::pages::Pages;
use super::projects::{experiment_list, experiments_notice};
use super::runs::RunsById;
use super::{poll_part, Answer, Plan};
use crate::domain::{Millis, Run};
use crate::mlflow::api::ApiRequest;
use crate::mlflow::graphql::RunFields;
use crate::mlflow::{wire, ApiError};

/// GraphQL run batches in flight at once while scanning.
pub const SCAN_IN_FLIGHT: usize = 4;

/// The candidate list of one scan: runs of some experiments that started at or after a time.
#[derive(Clone, Debug)]
pub struct Candidates {
    pages: Pages<wire::Run>,
    /// How many candidates may be read in full (grows with "scan more").
    budget: usize,
    /// Candidates handed out to be read.
    handed: usize,
}

impl Candidates {
    pub fn new(
        experiment_ids: &[String],
        after: Option<Millis>,
        budget: usize,
        page: u32,
    ) -> Candidates {
        let filter = after
            .map(|t| format!("attributes.start_time >= {t}"))
            .unwrap_or_default();
        Candidates {
            pages: super::datasets::run_listing(
                experiment_ids,
                &filter,
                &["attributes.start_time ASC"],
                RunFields::Info,
                usize::MAX / 2,
                page,
            ),
            budget,
            handed: 0,
        }
    }

    /// Ids to read now (within the budget).
    pub fn take(&mut self) -> Vec<String> {
        let upto = self.pages.items().len().min(self.budget);
        let ids = self.pages.items()[self.handed.min(upto)..upto]
            .iter()
            .map(|r| r.id().to_string())
            .collect();
        self.handed = upto;
        ids
    }

    /// Candidates read in full so far (handed out).
    pub fn handed(&self) -> usize {
        self.handed
    }

    /// Candidates known (listed) so far, and whether MLflow has more.
    pub fn listed(&self) -> (usize, bool) {
        (self.pages.items().len(), self.pages.has_more())
    }

    /// The budget is spent and candidates remain.
    pub fn has_more(&self) -> bool {
        self.handed >= self.budget
            && (self.pages.items().len() > self.handed || self.pages.has_more())
    }

    /// Reads `n` more candidates.
    pub fn more(&mut self, n: usize) {
        self.budget += n;
        self.pages.resume();
    }

    pub fn error(&self) -> Option<&ApiError> {
        self.pages.error()
    }

    pub fn is_done(&self) -> bool {
        self.pages.is_done() && self.handed >= self.pages.items().len().min(self.budget)
    }
}

impl Plan for Candidates {
    type Key = ();

    fn poll(&mut self) -> Vec<((), ApiRequest)> {
        if self.pages.items().len() >= self.budget {
            self.pages.stop();
            return Vec::new();
        }
        self.pages.want().map(|r| ((), r)).into_iter().collect()
    }

    fn feed(&mut self, _: (), answer: Answer) {
        self.pages.feed(answer);
    }

    fn is_done(&self) -> bool {
        self.pages.is_done()
    }
}

#[derive(Clone, Debug)]
pub enum UsageKey {
    Experiments,
    Candidates,
    Runs,
}

/// The Usage tab of a logged model version: its consumers, in every project.
#[derive(Clone, Debug)]
pub struct ModelUsage {
    model_id: String,
    created: Option<Millis>,
    experiments: Pages<wire::Experiment>,
    candidates: Option<Candidates>,
    runs: RunsById,
    limits: Limits,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct UsageView {
    /// Newest first.
    pub consumers: Vec<Run>,
    pub scanned: usize,
    /// Candidates listed so far and whether MLflow has more.
    pub candidates: (usize, bool),
    pub projects: usize,
    /// The budget was spent with candidates left: offer "scan more".
    pub more: bool,
    pub notices: Vec<Notice>,
    pub fatal: Option<ApiError>,
    pub complete: bool,
    /// Once complete: the runs this scan read from MLflow (for the session cache).
    pub fresh: Vec<Run>,
}

impl ModelUsage {
    pub fn new(model_id: &str, created: Option<Millis>, limits: Limits) -> ModelUsage {
        ModelUsage {
            model_id: model_id.to_string(),
            created,
            experiments: experiment_list(&limits),
            candidates: None,
            runs: RunsById::new(SCAN_IN_FLIGHT),
            limits,
        }
    }

    /// Runs known in full this session (not read again).
    pub fn know(&mut self, runs: impl IntoIterator<Item = Run>) {
        for r in runs {
            self.runs.know(r);
        }
    }

    /// Scans the next batch of candidates.
    pub fn scan_more(&mut self) {
        if let Some(c) = &mut self.candidates {
            c.more(self.limits.consumer_scan_runs);
        }
    }

    /// Runs read from MLflow by this scan (for the session cache).
    pub fn fresh_runs(&self) -> impl Iterator<Item = &Run> {
        self.runs.fresh()
    }

    pub fn view(&self) -> UsageView {
        let mut consumers: Vec<Run> = self
            .runs
            .runs()
            .filter(|r| r.used_models.contains(&self.model_id))
            .cloned()
            .collect();
        consumers.sort_by(|a, b| (b.start, &b.id).cmp(&(a.start, &a.id)));
        let scanned = self
            .candidates
            .as_ref()
            .map(|c| c.handed().saturating_sub(self.runs.pending()))
            .unwrap_or(0);
        let candidates = self
            .candidates
            .as_ref()
            .map(Candidates::listed)
            .unwrap_or((0, false));
        let more = self.candidates.as_ref().is_some_and(Candidates::has_more);
        let mut notices = Vec::new();
        notices.extend(experiments_notice(&self.experiments));
        if more {
            let left = candidates.0.saturating_sub(scanned);
            let left = match (left, candidates.1) {
                (0, _) => "more".to_string(),
                (n, more) => format!("{} more", count(n, more)),
            };
            notices.push(Notice::limit(format!(
                "Scanned the first {} runs that started after this version was created; {left} \
                 were not scanned, so runs that used it may be missing.",
                count(scanned, false),
            )));
        }
        for e in self.runs.errors.iter().take(1) {
            notices.push(Notice::failed("Some runs of the scan", e));
        }
        let fatal = self
            .experiments
            .error()
            .or(self.candidates.as_ref().and_then(Candidates::error))
            .cloned();
        UsageView {
            consumers,
            scanned,
            candidates,
            projects: self.experiments.items().len(),
            more,
            notices,
            fatal,
            complete: self.is_done(),
            fresh: if self.is_done() {
                self.runs.fresh().cloned().collect()
            } else {
                Vec::new()
            },
        }
    }
}

impl Plan for ModelUsage {
    type Key = UsageKey;

    fn poll(&mut self) -> Vec<(UsageKey, ApiRequest)> {
        let mut out = Vec::new();
        if let Some(r) = self.experiments.want() {
            out.push((UsageKey::Experiments, r));
        }
        if let Some(c) = &mut self.candidates {
            poll_part(c, &mut out, |_| UsageKey::Candidates);
            let ids = c.take();
            self.runs.want(ids);
        }
        poll_part(&mut self.runs, &mut out, |_| UsageKey::Runs);
        out
    }

    fn feed(&mut self, key: UsageKey, answer: Answer) {
        match key {
            UsageKey::Experiments => {
                self.experiments.feed(answer);
                if self.experiments.is_done() && self.experiments.error().is_none() {
                    let ids: Vec<String> = self
                        .experiments
                        .items()
                        .iter()
                        .map(|e| e.experiment_id.clone())
                        .collect();
                    self.candidates = Some(Candidates::new(
                        &ids,
                        self.created,
                        self.limits.consumer_scan_runs,
                        self.limits.runs_page,
                    ));
                }
            }
            UsageKey::Candidates => {
                if let Some(c) = &mut self.candidates {
                    c.feed((), answer);
                }
            }
            UsageKey::Runs => self.runs.feed((), answer),
        }
    }

    fn is_done(&self) -> bool {
        self.experiments.is_done()
            && self.candidates.as_ref().is_none_or(Candidates::is_done)
            && self.runs.is_done()
    }
}
