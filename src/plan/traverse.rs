//! The lineage traversal: from a focus node, hop by hop, up to a depth, upstream, downstream or
//! both — across experiments.
//!
//! Each hop expands every node of its frontier once what that needs has arrived:
//!
//! | node | upstream (what made it) | downstream (what used it) |
//! |---|---|---|
//! | run | the run by id: its dataset and model inputs | models it logged (`source_run_id`, `model_outputs`); datasets whose source is one of its files (among runs read) |
//! | model | the model by id: its source run | a consumer scan ([`Candidates`]): runs of every project started after the model, read in full |
//! | dataset | a run that used it: its source names the producer run | the runs that used it (`dataset.name` and `dataset.digest`) |
//!
//! Nodes are fetched by id wherever they live, so a model trained in one experiment and
//! evaluated in another is drawn with both runs, labelled with its project. Labels come from
//! the one numbering ([`Locator`]). Runs read in full are finished ones cached for the session by
//! the caller ([`LineagePlan::know`], [`LineagePlan::fresh_runs`]).

use super::consumers::{Candidates, SCAN_IN_FLIGHT};
use super::datasets::run_listing;
use super::limits::{count, Limits, Notice};
use super::locate::{LocateKey, Locator};
use super::models::ModelRead;
use super::pages::Pages;
use super::projects::{experiment_list, experiments_notice};
use super::runs::RunsById;
use super::{poll_part, Answer, Plan};
use crate::domain::artifact::Collection;
use crate::domain::{Project, Run};
use crate::lineage::build::NodeRef;
use crate::lineage::graph::Direction;
use crate::mlflow::api::{self, ApiRequest};
use crate::mlflow::graphql::RunFields;
use crate::mlflow::{wire, ApiError};
use std::collections::{BTreeMap, BTreeSet, HashMap};

type DatasetKey = (String, String, String);

#[derive(Clone, Debug)]
pub enum LineageKey {
    Experiments,
    Runs,
    Locate(LocateKey),
    LoggedBy(String),
    Users(DatasetKey),
    Scan(String),
}

/// Progress of the consumer scans: runs read in full of those listed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub scanned: usize,
    pub total: usize,
}

#[derive(Clone, Debug)]
struct Walk {
    forward: bool,
    hops_left: u32,
    frontier: Vec<NodeRef>,
    seen: BTreeSet<String>,
}

#[derive(Clone, Debug)]
pub struct LineagePlan {
    home: String,
    focus: NodeRef,
    limits: Limits,
    walks: Vec<Walk>,
    experiments: Option<Pages<wire::Experiment>>,
    runs: RunsById,
    /// Runs known from dataset listings (no model inputs): enough to draw them.
    partial: BTreeMap<String, Run>,
    locator: Locator,
    logged_by: BTreeMap<String, ModelRead>,
    users: BTreeMap<DatasetKey, Pages<wire::Run>>,
    scans: BTreeMap<String, Candidates>,
    /// The experiment each dataset node belongs to (where it was met).
    dataset_home: HashMap<(String, String), String>,
    /// Model nodes met, dataset nodes met (for labels).
    models: BTreeSet<String>,
}

/// What the lineage knows so far: feed `runs` and `collections` to
/// [`crate::lineage::build::build`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineageView {
    pub runs: Vec<Run>,
    pub collections: Vec<Collection>,
    /// Names of the projects of nodes that are not in the focus's own project.
    pub projects: HashMap<String, String>,
    pub progress: Progress,
    pub notices: Vec<Notice>,
    pub fatal: Option<ApiError>,
    /// The consumer scans stopped at their budget with runs left ("scan more").
    pub more: bool,
    pub complete: bool,
    /// Once complete: the runs read from MLflow (for the session cache).
    pub fresh: Vec<Run>,
}

fn node_key(n: &NodeRef) -> String {
    match n {
        NodeRef::Run(r) => format!("run:{r}"),
        NodeRef::Model(m) => format!("model:{m}"),
        NodeRef::Dataset { name, digest } => format!("dataset:{name}@{digest}"),
    }
}

impl LineagePlan {
    pub fn new(
        experiment_id: &str,
        focus: NodeRef,
        depth: u32,
        direction: Direction,
        limits: Limits,
    ) -> LineagePlan {
        let mut walks = Vec::new();
        for forward in [false, true] {
            let wanted = match direction {
                Direction::Upstream => !forward,
                Direction::Downstream => forward,
                Direction::Both => true,
            };
            if wanted && depth > 0 {
                walks.push(Walk {
                    forward,
                    hops_left: depth,
                    frontier: vec![focus.clone()],
                    seen: [node_key(&focus)].into_iter().collect(),
                });
            }
        }
        let mut plan = LineagePlan {
            home: experiment_id.to_string(),
            focus: focus.clone(),
            limits,
            walks,
            experiments: None,
            runs: RunsById::new(SCAN_IN_FLIGHT),
            partial: BTreeMap::new(),
            locator: Locator::new(experiment_id, limits),
            logged_by: BTreeMap::new(),
            users: BTreeMap::new(),
            scans: BTreeMap::new(),
            dataset_home: HashMap::new(),
            models: BTreeSet::new(),
        };
        plan.meet(&focus, experiment_id);
        plan
    }

    /// Runs known in full this session (not read again).
    pub fn know(&mut self, runs: impl IntoIterator<Item = Run>) {
        for r in runs {
            self.runs.know(r);
        }
    }

    /// Runs this plan read from MLflow, for the session cache.
    pub fn fresh_runs(&self) -> impl Iterator<Item = &Run> {
        self.runs.fresh()
    }

    fn run(&self, id: &str) -> Option<&Run> {
        self.runs.get(id).or_else(|| self.partial.get(id))
    }

    /// A node enters the graph: ask for what draws it (and for a run, the run itself).
    fn meet(&mut self, node: &NodeRef, experiment_hint: &str) {
        match node {
            NodeRef::Run(r) => {
                self.runs.want([r.clone()]);
                self.locator.want_project(experiment_hint);
            }
            NodeRef::Model(m) => {
                self.models.insert(m.clone());
                self.locator.want_model(m);
            }
            NodeRef::Dataset { name, digest } => {
                let exp = self
                    .dataset_home
                    .entry((name.clone(), digest.clone()))
                    .or_insert_with(|| experiment_hint.to_string())
                    .clone();
                self.locator.want_dataset(&exp, name);
                self.want_users(&exp, name, digest);
            }
        }
    }

    fn want_users(&mut self, exp: &str, name: &str, digest: &str) {
        let key = (exp.to_string(), name.to_string(), digest.to_string());
        if self.users.contains_key(&key) {
            return;
        }
        let filter = format!(
            "dataset.name = {} AND dataset.digest = {}",
            api::filter_string(name),
            api::filter_string(digest)
        );
        self.users.insert(
            key,
            run_listing(
                &[exp.to_string()],
                &filter,
                &["attributes.start_time ASC"],
                RunFields::DatasetsAndTags,
                self.limits.list_runs,
                self.limits.runs_page,
            ),
        );
    }

    fn dataset_exp(&self, name: &str, digest: &str) -> String {
        self.dataset_home
            .get(&(name.to_string(), digest.to_string()))
            .cloned()
            .unwrap_or_else(|| self.home.clone())
    }

    /// Asks for what expanding `node` needs; `Some(neighbours)` once it has arrived.
    fn expand(&mut self, node: &NodeRef, forward: bool) -> Option<Vec<(NodeRef, String)>> {
        match (node, forward) {
            (NodeRef::Run(r), false) => {
                self.runs.want([r.clone()]);
                if !self.runs.settled(r) {
                    return None;
                }
                let Some(run) = self.run(r).cloned() else {
                    return Some(Vec::new()); // deleted or unreadable: a leaf
                };
                let mut out: Vec<(NodeRef, String)> = run
                    .used_datasets
                    .iter()
                    .map(|d| {
                        (
                            NodeRef::Dataset {
                                name: d.name.clone(),
                                digest: d.digest.clone(),
                            },
                            run.experiment_id.clone(),
                        )
                    })
                    .collect();
                out.extend(
                    run.used_models
                        .iter()
                        .map(|m| (NodeRef::Model(m.clone()), run.experiment_id.clone())),
                );
                Some(out)
            }
            (NodeRef::Run(r), true) => {
                self.runs.want([r.clone()]);
                if !self.runs.settled(r) {
                    return None;
                }
                let Some(run) = self.run(r).cloned() else {
                    return Some(Vec::new());
                };
                let limits = self.limits;
                let read = self.logged_by.entry(r.clone()).or_insert_with(|| {
                    ModelRead::logged_by(
                        &[run.experiment_id.as_str()],
                        std::slice::from_ref(r),
                        &limits,
                    )
                });
                if !read.is_done() {
                    return None;
                }
                let mut models: Vec<String> = read
                    .models()
                    .iter()
                    .map(|m| m.info.model_id.clone())
                    .collect();
                let found: Vec<wire::LoggedModel> = read.models().to_vec();
                for m in &found {
                    self.locator.know_model(m);
                }
                for m in &run.logged_models {
                    if !models.contains(m) {
                        models.push(m.clone());
                    }
                }
                let mut out: Vec<(NodeRef, String)> = models
                    .into_iter()
                    .map(|m| (NodeRef::Model(m), run.experiment_id.clone()))
                    .collect();
                // datasets made from its files, among the runs read
                let mut seen = BTreeSet::new();
                for other in self.runs.runs().chain(self.partial.values()) {
                    for d in &other.used_datasets {
                        if d.source.producer_run() == Some(r.as_str())
                            && seen.insert((d.name.clone(), d.digest.clone()))
                        {
                            out.push((
                                NodeRef::Dataset {
                                    name: d.name.clone(),
                                    digest: d.digest.clone(),
                                },
                                other.experiment_id.clone(),
                            ));
                        }
                    }
                }
                Some(out)
            }
            (NodeRef::Model(m), false) => {
                self.locator.want_model(m);
                let Some(model) = self.locator.logged_model(m) else {
                    return self.locator.model_error(m).map(|_| Vec::new());
                };
                let src = model.info.source_run_id.clone();
                let exp = model.info.experiment_id.clone();
                Some(if src.is_empty() {
                    Vec::new()
                } else {
                    vec![(NodeRef::Run(src), exp)]
                })
            }
            (NodeRef::Model(m), true) => {
                self.locator.want_model(m);
                let created = match self.locator.logged_model(m) {
                    Some(model) => model.info.creation_timestamp_ms,
                    None if self.locator.model_error(m).is_some() => None,
                    None => return None,
                };
                let experiments = self
                    .experiments
                    .get_or_insert_with(|| experiment_list(&self.limits));
                if !experiments.is_done() {
                    return None;
                }
                let mut ids: Vec<String> = experiments
                    .items()
                    .iter()
                    .map(|e| e.experiment_id.clone())
                    .collect();
                if !ids.contains(&self.home) {
                    ids.push(self.home.clone()); // the list failed or was cut
                }
                let (budget, page) = (self.limits.consumer_scan_runs, self.limits.runs_page);
                let scan = self
                    .scans
                    .entry(m.clone())
                    .or_insert_with(|| Candidates::new(&ids, created, budget, page));
                if !scan.is_done() || self.runs.pending() > 0 {
                    return None;
                }
                Some(
                    self.runs
                        .runs()
                        .filter(|r| r.used_models.contains(m))
                        .map(|r| (NodeRef::Run(r.id.clone()), r.experiment_id.clone()))
                        .collect(),
                )
            }
            (NodeRef::Dataset { name, digest }, forward) => {
                let exp = self.dataset_exp(name, digest);
                self.want_users(&exp, name, digest);
                let key = (exp.clone(), name.clone(), digest.clone());
                let users = self.users.get(&key)?;
                if !users.is_done() {
                    return None;
                }
                let runs: Vec<Run> = users.items().iter().map(Run::from).collect();
                if forward {
                    return Some(
                        runs.iter()
                            .map(|r| (NodeRef::Run(r.id.clone()), r.experiment_id.clone()))
                            .collect(),
                    );
                }
                let producer = runs.iter().find_map(|r| {
                    r.used_datasets
                        .iter()
                        .find(|d| &d.name == name && &d.digest == digest)
                        .and_then(|d| d.source.producer_run())
                        .map(str::to_string)
                });
                Some(
                    producer
                        .map(|p| (NodeRef::Run(p), exp))
                        .into_iter()
                        .collect(),
                )
            }
        }
    }

    /// Moves every walk on as far as what has arrived allows.
    fn advance(&mut self) {
        for i in 0..self.walks.len() {
            loop {
                let walk = &self.walks[i];
                if walk.hops_left == 0 || walk.frontier.is_empty() {
                    break;
                }
                let (frontier, forward) = (walk.frontier.clone(), walk.forward);
                let mut next: Vec<(NodeRef, String)> = Vec::new();
                let mut ready = true;
                for node in &frontier {
                    match self.expand(node, forward) {
                        Some(ns) => next.extend(ns),
                        None => ready = false,
                    }
                }
                if !ready {
                    break;
                }
                let mut frontier = Vec::new();
                for (n, exp) in next {
                    if self.walks[i].seen.insert(node_key(&n)) {
                        self.meet(&n, &exp);
                        frontier.push(n);
                    }
                }
                let walk = &mut self.walks[i];
                walk.hops_left -= 1;
                walk.frontier = frontier;
            }
        }
    }

    fn absorb_users(&mut self) {
        for pages in self.users.values() {
            for w in pages.items() {
                if !self.partial.contains_key(w.id()) {
                    let r = Run::from(w);
                    self.partial.insert(r.id.clone(), r);
                }
            }
        }
    }

    pub fn view(&self) -> LineageView {
        let mut runs: Vec<Run> = self.runs.runs().cloned().collect();
        runs.extend(
            self.partial
                .values()
                .filter(|r| self.runs.get(&r.id).is_none())
                .cloned(),
        );
        runs.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
        let mut collections: BTreeMap<(String, String, bool), Collection> = BTreeMap::new();
        let mut projects: HashMap<String, String> = HashMap::new();
        let mut add = |c: Collection, p: Option<Project>, dataset: bool| {
            if let Some(p) = p {
                projects.insert(p.id.clone(), p.name);
            }
            collections
                .entry((c.experiment_id.clone(), c.name.clone(), dataset))
                .or_insert(c);
        };
        for m in &self.models {
            if let Some(l) = self.locator.model(m) {
                add(l.collection, l.project, false);
            }
        }
        let mut datasets: BTreeSet<(String, String)> = BTreeSet::new();
        for ((name, _), exp) in &self.dataset_home {
            datasets.insert((exp.clone(), name.clone()));
        }
        for (exp, name) in datasets {
            if let Some(c) = self.locator.scan(&exp, &name).and_then(|s| s.collection()) {
                add(c, None, true);
            }
        }
        for r in &runs {
            if r.experiment_id != self.home {
                if let Some(p) = self.locator.project_name(&r.experiment_id) {
                    projects.insert(r.experiment_id.clone(), p);
                }
            }
        }
        let progress = Progress {
            scanned: self
                .scans
                .values()
                .map(Candidates::handed)
                .sum::<usize>()
                .saturating_sub(self.runs.pending()),
            total: self.scans.values().map(|c| c.listed().0).sum(),
        };
        let more = self.scans.values().any(Candidates::has_more);
        let mut notices = self.locator.notices();
        if let Some(e) = &self.experiments {
            notices.extend(experiments_notice(e));
        }
        if more {
            notices.push(Notice::limit(format!(
                "Looking for the runs that used a model, {} runs were read (the first ones that \
                 started after it was created); later runs were not scanned.",
                count(progress.scanned, false)
            )));
        }
        for (key, pages) in &self.users {
            if pages.is_truncated() {
                notices.push(Notice::limit(format!(
                    "Only the first {} runs that used {}@{} are drawn.",
                    count(pages.items().len(), false),
                    key.1,
                    crate::domain::artifact::short_id(&key.2)
                )));
            }
            if let Some(e) = pages.error() {
                notices.push(Notice::failed(&format!("The runs that used {}", key.1), e));
            }
        }
        for e in self.runs.errors.iter().take(1) {
            notices.push(Notice::failed("Some runs", e));
        }
        let focus_missing = match &self.focus {
            NodeRef::Run(r) => self.runs.settled(r) && self.run(r).is_none(),
            NodeRef::Model(m) => self.locator.model_error(m).is_some(),
            NodeRef::Dataset { .. } => false,
        };
        LineageView {
            runs,
            collections: collections.into_values().collect(),
            projects,
            progress,
            notices,
            fatal: focus_missing.then(|| ApiError::Http {
                url: String::new(),
                status: 404,
                error_code: Some("RESOURCE_DOES_NOT_EXIST".into()),
                message: "The focus of this lineage could not be read (deleted, or no permission)."
                    .into(),
            }),
            more,
            complete: self.is_done(),
            fresh: if self.is_done() {
                self.runs.fresh().cloned().collect()
            } else {
                Vec::new()
            },
        }
    }
}

impl Plan for LineagePlan {
    type Key = LineageKey;

    fn poll(&mut self) -> Vec<(LineageKey, ApiRequest)> {
        self.advance();
        let mut out = Vec::new();
        if let Some(e) = &mut self.experiments {
            if let Some(r) = e.want() {
                out.push((LineageKey::Experiments, r));
            }
        }
        for (m, scan) in self.scans.iter_mut() {
            let key = m.clone();
            poll_part(scan, &mut out, |_| LineageKey::Scan(key.clone()));
            let ids = scan.take();
            self.runs.want(ids);
        }
        poll_part(&mut self.runs, &mut out, |_| LineageKey::Runs);
        poll_part(&mut self.locator, &mut out, LineageKey::Locate);
        for (r, read) in self.logged_by.iter_mut() {
            let key = r.clone();
            poll_part(read, &mut out, |_| LineageKey::LoggedBy(key.clone()));
        }
        for (k, pages) in self.users.iter_mut() {
            if let Some(r) = pages.want() {
                out.push((LineageKey::Users(k.clone()), r));
            }
        }
        out
    }

    fn feed(&mut self, key: LineageKey, answer: Answer) {
        match key {
            LineageKey::Experiments => {
                if let Some(e) = &mut self.experiments {
                    e.feed(answer);
                }
            }
            LineageKey::Runs => self.runs.feed((), answer),
            LineageKey::Locate(k) => self.locator.feed(k, answer),
            LineageKey::LoggedBy(r) => {
                if let Some(read) = self.logged_by.get_mut(&r) {
                    read.feed((), answer);
                }
            }
            LineageKey::Users(k) => {
                if let Some(p) = self.users.get_mut(&k) {
                    p.feed(answer);
                }
                self.absorb_users();
            }
            LineageKey::Scan(m) => {
                if let Some(s) = self.scans.get_mut(&m) {
                    s.feed((), answer);
                }
            }
        }
        self.advance();
    }

    fn is_done(&self) -> bool {
        self.walks
            .iter()
            .all(|w| w.hops_left == 0 || w.frontier.is_empty())
            && self.experiments.as_ref().is_none_or(Pages::is_done)
            && self.runs.is_done()
            && self.locator.is_done()
            && self.logged_by.values().all(ModelRead::is_done)
            && self.users.values().all(Pages::is_done)
            && self.scans.values().all(Candidates::is_done)
    }
}
