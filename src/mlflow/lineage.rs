//! Fetches the lineage around a focus node, hop by hop, up to a depth, in a direction.
//!
//! What it asks MLflow (and why it scales):
//! * once: the experiment's logged models (numbering `name:vN`, producers, and the logged
//!   models of a run by `source_run_id` without a request per run) and the registry (aliases);
//! * producers: a logged model's `source_run_id`, a dataset's source run — fetched by id;
//! * dataset consumers and numbering: one `runs/search` per dataset *name*
//!   (`dataset.name = 'x'`), which gives every digest's consumers and the first-use order;
//! * logged-model consumers: only `runs/search` omits model inputs, so we list the ids of the
//!   experiment's runs that started after the model was created (one GraphQL page per 1,000)
//!   and read those runs through `/graphql` (`mlflowGetRun`, 10 per request, 4 requests in
//!   flight), skipping runs already in the session cache ([`RunCache`]).

use super::api;
use super::client::Client;
use super::lineage_query::{self as q, RunStub};
use super::load;
use super::wire;
use super::ApiError;
use crate::domain::{artifact, Collection, Run};
use crate::lineage::build::{self, NodeRef};
use crate::lineage::graph::Direction;
use futures::future::join4;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// GraphQL run batches in flight at once (the `join4` in `ensure_runs`).
const CONCURRENCY: usize = 4;
const MAX_MODEL_PAGES: usize = 20;
const MAX_RUN_PAGES: usize = 5;
const MAX_ID_PAGES: usize = 20;

/// Finished runs read this session, by id (a context; runs still going are never cached).
#[derive(Clone, Default)]
pub struct RunCache(pub Arc<Mutex<HashMap<String, Run>>>);

/// Progress of the consumer scan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub scanned: usize,
    pub total: usize,
}

/// What has been fetched so far: feed it to [`build::build`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    pub runs: Vec<Run>,
    pub collections: Vec<Collection>,
    /// The registry could not be read (no aliases).
    pub registry_error: Option<ApiError>,
}

/// Reads one batch of runs (none for `None`), for [`join4`] (smaller than a futures stream).
async fn read_batch(
    client: &Client,
    batch: Option<&Vec<String>>,
) -> Option<Result<(usize, Vec<wire::Run>), ApiError>> {
    let batch = batch?;
    let query = q::get_runs_query(batch);
    Some(
        client
            .graphql::<serde_json::Value>(&query)
            .await
            .map(|data| (batch.len(), q::read_runs(data))),
    )
}

/// Fetch state.
struct Fetch<'a> {
    client: &'a Client,
    experiments: Vec<String>,
    cache: RunCache,
    cancel: Arc<AtomicBool>,
    on_progress: &'a dyn Fn(Progress),
    on_snapshot: &'a dyn Fn(Snapshot),
    models: Vec<wire::LoggedModel>,
    registry: Option<(Vec<wire::RegisteredModel>, Vec<wire::ModelVersion>)>,
    registry_error: Option<ApiError>,
    /// Runs with model inputs (from `runs/get`-like reads).
    full: HashMap<String, Run>,
    /// Runs from `runs/search` (no model inputs).
    partial: HashMap<String, Run>,
    dataset_names: HashSet<String>,
    /// Ids of runs already scanned for model inputs after a given time.
    scanned_after: Option<i64>,
    progress: Progress,
}

impl Fetch<'_> {
    fn cancelled(&self) -> Result<(), ApiError> {
        if self.cancel.load(Ordering::Relaxed) {
            Err(ApiError::Cancelled)
        } else {
            Ok(())
        }
    }

    fn runs(&self) -> Vec<Run> {
        let mut runs: Vec<Run> = self.full.values().cloned().collect();
        runs.extend(
            self.partial
                .iter()
                .filter(|(id, _)| !self.full.contains_key(*id))
                .map(|(_, r)| r.clone()),
        );
        runs.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
        runs
    }

    fn snapshot(&self) -> Snapshot {
        let runs = self.runs();
        let mut collections = artifact::model_collections(&self.models);
        if let Some((registered, versions)) = &self.registry {
            artifact::attach_registry(&mut collections, registered, versions);
        }
        let dataset_runs: Vec<Run> = self.partial.values().cloned().collect();
        collections.extend(artifact::dataset_collections(&dataset_runs));
        Snapshot {
            runs,
            collections,
            registry_error: self.registry_error.clone(),
        }
    }

    fn publish(&self) {
        (self.on_snapshot)(self.snapshot());
    }

    fn run(&self, id: &str) -> Option<&Run> {
        self.full.get(id).or_else(|| self.partial.get(id))
    }

    /// Reads runs by id (full: with model inputs) through the cache and GraphQL batches.
    async fn ensure_runs(
        &mut self,
        ids: Vec<String>,
        count_progress: bool,
    ) -> Result<(), ApiError> {
        let mut missing: Vec<String> = Vec::new();
        for id in ids {
            if self.full.contains_key(&id) || missing.contains(&id) {
                continue;
            }
            let cached = self.cache.0.lock().ok().and_then(|c| c.get(&id).cloned());
            match cached {
                Some(r) => {
                    self.full.insert(id, r);
                    if count_progress {
                        self.progress.scanned += 1;
                    }
                }
                None => missing.push(id),
            }
        }
        if count_progress {
            (self.on_progress)(self.progress);
        }
        let batches: Vec<Vec<String>> = missing
            .chunks(api::GRAPHQL_MAX_ROOT_FIELDS)
            .map(<[String]>::to_vec)
            .collect();
        // CONCURRENCY requests in flight: one group at a time.
        for group in batches.chunks(CONCURRENCY) {
            self.cancelled()?;
            let client = self.client.clone();
            let read = |i: usize| read_batch(&client, group.get(i));
            let (a, b, c, d) = join4(read(0), read(1), read(2), read(3)).await;
            self.cancelled()?;
            for res in [a, b, c, d].into_iter().flatten() {
                let (n, runs) = res?;
                for w in &runs {
                    let r = Run::from(w);
                    if q::is_terminal(&w.info.status) {
                        if let Ok(mut c) = self.cache.0.lock() {
                            c.insert(r.id.clone(), r.clone());
                        }
                    }
                    self.full.insert(r.id.clone(), r);
                }
                if count_progress {
                    self.progress.scanned += n;
                }
            }
            if count_progress {
                (self.on_progress)(self.progress);
                self.publish();
            }
        }
        Ok(())
    }

    /// Every run of the experiments that used a dataset named `name` (numbering + consumers).
    async fn ensure_dataset_name(&mut self, name: &str) -> Result<(), ApiError> {
        if !self.dataset_names.insert(name.to_string()) {
            return Ok(());
        }
        let ids: Vec<&str> = self.experiments.iter().map(String::as_str).collect();
        let filter = format!("dataset.name = {}", api::filter_string(name));
        let paged = self
            .client
            .pages(
                api::search_runs(
                    &ids,
                    &filter,
                    &["attributes.start_time ASC"],
                    api::RUNS_PAGE,
                ),
                MAX_RUN_PAGES,
                |r: wire::SearchRunsResponse| (r.runs, r.next_page_token),
            )
            .await?;
        for w in &paged.items {
            let r = Run::from(w);
            self.partial.entry(r.id.clone()).or_insert(r);
        }
        Ok(())
    }

    /// Runs of the experiments that started at or after `t`, read in full (model inputs).
    async fn scan_after(&mut self, t: i64) -> Result<(), ApiError> {
        if self.scanned_after.is_some_and(|s| s <= t) {
            return Ok(());
        }
        let filter = format!("attributes.start_time >= {t}");
        let mut token: Option<String> = None;
        let mut stubs: Vec<RunStub> = Vec::new();
        for _ in 0..MAX_ID_PAGES {
            self.cancelled()?;
            let query = q::run_ids_query(&self.experiments, &filter, token.as_deref());
            let data: serde_json::Value = self.client.graphql(&query).await?;
            let (page, next) = q::read_run_ids(data);
            stubs.extend(page);
            match next {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        self.progress.total += stubs.len();
        self.scanned_after = Some(t);
        self.ensure_runs(stubs.into_iter().map(|s| s.id).collect(), true)
            .await
    }

    /// Neighbours of `node` one hop away in `forward` (downstream) or upstream direction.
    async fn expand(&mut self, node: &NodeRef, forward: bool) -> Result<Vec<NodeRef>, ApiError> {
        let mut out = Vec::new();
        match (node, forward) {
            (NodeRef::Model(m), false) => {
                if let Some(r) = self.model(m).map(|x| x.info.source_run_id.clone()) {
                    if !r.is_empty() {
                        self.ensure_runs(vec![r.clone()], false).await?;
                        out.push(NodeRef::Run(r));
                    }
                }
            }
            (NodeRef::Model(m), true) => {
                let created = self
                    .model(m)
                    .and_then(|x| x.info.creation_timestamp_ms)
                    .unwrap_or(0);
                self.scan_after(created).await?;
                for r in self.full.values() {
                    if r.used_models.contains(m) {
                        out.push(NodeRef::Run(r.id.clone()));
                    }
                }
            }
            (NodeRef::Dataset { name, digest }, forward) => {
                self.ensure_dataset_name(name).await?;
                let users: Vec<&Run> = self
                    .partial
                    .values()
                    .filter(|r| {
                        r.used_datasets
                            .iter()
                            .any(|d| &d.name == name && &d.digest == digest)
                    })
                    .collect();
                if forward {
                    out.extend(users.iter().map(|r| NodeRef::Run(r.id.clone())));
                } else {
                    let producer = users.iter().find_map(|r| {
                        r.used_datasets
                            .iter()
                            .find(|d| &d.name == name && &d.digest == digest)
                            .and_then(|d| d.source.producer_run())
                            .map(str::to_string)
                    });
                    if let Some(p) = producer {
                        self.ensure_runs(vec![p.clone()], false).await?;
                        if self.full.contains_key(&p) {
                            out.push(NodeRef::Run(p));
                        }
                    }
                }
            }
            (NodeRef::Run(r), false) => {
                self.ensure_runs(vec![r.clone()], false).await?;
                let Some(run) = self.full.get(r).cloned() else {
                    return Ok(out);
                };
                for d in &run.used_datasets {
                    self.ensure_dataset_name(&d.name).await?;
                    out.push(NodeRef::Dataset {
                        name: d.name.clone(),
                        digest: d.digest.clone(),
                    });
                }
                out.extend(run.used_models.iter().map(|m| NodeRef::Model(m.clone())));
            }
            (NodeRef::Run(r), true) => {
                let mut models: Vec<String> = self
                    .models
                    .iter()
                    .filter(|m| &m.info.source_run_id == r)
                    .map(|m| m.info.model_id.clone())
                    .collect();
                if let Some(run) = self.run(r) {
                    for m in &run.logged_models {
                        if !models.contains(m) {
                            models.push(m.clone());
                        }
                    }
                }
                out.extend(models.into_iter().map(NodeRef::Model));
                // Datasets whose source points into this run (among those we know).
                let mut seen = HashSet::new();
                for run in self.partial.values() {
                    for d in &run.used_datasets {
                        if d.source.producer_run() == Some(r.as_str())
                            && seen.insert((d.name.clone(), d.digest.clone()))
                        {
                            out.push(NodeRef::Dataset {
                                name: d.name.clone(),
                                digest: d.digest.clone(),
                            });
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    fn model(&self, id: &str) -> Option<&wire::LoggedModel> {
        self.models.iter().find(|m| m.info.model_id == id)
    }

    async fn walk(&mut self, focus: &NodeRef, depth: u32, forward: bool) -> Result<(), ApiError> {
        let mut seen: HashSet<String> = HashSet::new();
        let mut frontier = vec![focus.clone()];
        for _ in 0..depth {
            let mut next = Vec::new();
            for node in frontier {
                self.cancelled()?;
                for n in self.expand(&node, forward).await? {
                    let key = format!("{n:?}");
                    if seen.insert(key) {
                        next.push(n);
                    }
                }
            }
            self.publish();
            frontier = next;
            if frontier.is_empty() {
                break;
            }
        }
        Ok(())
    }
}

/// Fetches the lineage of `focus` (a node id) in experiment `experiment_id`. Calls
/// `on_snapshot` as hops complete (progressive drawing) and `on_progress` during consumer
/// scans; stops with [`ApiError::Cancelled`] when `cancel` is set.
#[allow(clippy::too_many_arguments)]
pub async fn fetch(
    client: &Client,
    experiment_id: &str,
    focus: &str,
    depth: u32,
    direction: Direction,
    cache: RunCache,
    cancel: Arc<AtomicBool>,
    on_progress: &dyn Fn(Progress),
    on_snapshot: &dyn Fn(Snapshot),
) -> Result<Snapshot, ApiError> {
    let Some(focus_ref) = build::parse_node_id(focus) else {
        return Err(ApiError::Decode {
            url: String::new(),
            detail: format!(
                "{focus:?} is not a lineage node (run:…, model:…, dataset:name@digest)"
            ),
        });
    };
    let ids = [experiment_id];
    let models = client.pages(
        api::search_logged_models(&ids, "", 100),
        MAX_MODEL_PAGES,
        |r: wire::SearchLoggedModelsResponse| (r.models, r.next_page_token),
    );
    let (models, registry) = futures::future::join(models, load::registry(client)).await;
    let mut f = Fetch {
        client,
        experiments: vec![experiment_id.to_string()],
        cache,
        cancel,
        on_progress,
        on_snapshot,
        models: models?.items,
        registry: None,
        registry_error: None,
        full: HashMap::new(),
        partial: HashMap::new(),
        dataset_names: HashSet::new(),
        scanned_after: None,
        progress: Progress::default(),
    };
    match registry {
        Ok(r) => f.registry = Some(r),
        Err(e) => f.registry_error = Some(e),
    }
    // The focus itself.
    match &focus_ref {
        NodeRef::Run(r) => f.ensure_runs(vec![r.clone()], false).await?,
        NodeRef::Dataset { name, .. } => f.ensure_dataset_name(name).await?,
        NodeRef::Model(_) => {}
    }
    if matches!(direction, Direction::Upstream | Direction::Both) {
        f.walk(&focus_ref, depth, false).await?;
    }
    if matches!(direction, Direction::Downstream | Direction::Both) {
        f.walk(&focus_ref, depth, true).await?;
    }
    Ok(f.snapshot())
}
