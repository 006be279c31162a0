//! Run listings: counting an experiment's runs, naming runs by id, the runs table paged by
//! MLflow, and reading runs in full by id.

use super::limits::{count, Limits, Notice};
use super::pages::Pages;
use super::{json, Answer, Plan};
use crate::domain::{Count, Run};
use crate::mlflow::api::{self, ApiRequest, GRAPHQL_MAX_ROOT_FIELDS};
use crate::mlflow::graphql::{self, RunFields};
use crate::mlflow::{wire, ApiError};
use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::datasets::run_listing;

/// Counts an experiment's runs, up to [`Limits::count_runs`] ("10,000+"), reading only ids.
#[derive(Clone, Debug)]
pub struct RunCount {
    pages: Pages<wire::Run>,
}

impl RunCount {
    pub fn new(experiment_id: &str, limits: &Limits) -> RunCount {
        RunCount {
            pages: run_listing(
                &[experiment_id.to_string()],
                "",
                &[],
                RunFields::Info,
                limits.count_runs,
                limits.runs_page,
            ),
        }
    }

    /// The count once known (a truncated count says "+").
    pub fn count(&self) -> Option<Count> {
        self.pages.is_done().then(|| Count {
            n: self.pages.items().len(),
            more: self.pages.is_truncated(),
        })
    }

    pub fn error(&self) -> Option<&ApiError> {
        self.pages.error()
    }
}

super::plan_by_field!(RunCount, pages);

/// Run ids per name lookup: `attributes.run_id IN (…)`, this many at a time.
const NAMES_PER_REQUEST: usize = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamesKey {
    /// A search of the known experiments for these ids.
    Search,
    /// Runs the search did not find (another experiment), read by id.
    ById,
}

/// Names (and experiments, start times) of runs known by id: a search of the page's
/// experiments first (100 ids a request), then runs elsewhere by id (10 a request).
#[derive(Clone, Debug, Default)]
pub struct RunNames {
    experiments: Vec<String>,
    wanted: BTreeSet<String>,
    asked: BTreeSet<String>,
    /// Searched for but not found in the experiments: read by id.
    elsewhere: Vec<String>,
    searching: Vec<Vec<String>>,
    in_flight: usize,
    runs: HashMap<String, Run>,
    error: Option<ApiError>,
}

impl RunNames {
    /// Names runs, looking in `experiment_ids` first.
    pub fn new(experiment_ids: &[&str]) -> RunNames {
        RunNames {
            experiments: experiment_ids.iter().map(|e| e.to_string()).collect(),
            ..RunNames::default()
        }
    }

    /// Asks for these runs too (ids already asked for are skipped).
    pub fn want(&mut self, ids: impl IntoIterator<Item = String>) {
        for id in ids {
            if !id.is_empty() && !self.asked.contains(&id) {
                self.wanted.insert(id);
            }
        }
    }

    /// The run's name, or its first 8 characters when it is not (yet) known.
    pub fn name(&self, id: &str) -> String {
        self.runs
            .get(id)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| id.chars().take(8).collect())
    }

    pub fn get(&self, id: &str) -> Option<&Run> {
        self.runs.get(id)
    }

    pub fn names(&self) -> HashMap<String, String> {
        self.runs
            .iter()
            .map(|(k, r)| (k.clone(), r.name.clone()))
            .collect()
    }

    pub fn notices(&self) -> Vec<Notice> {
        self.error
            .iter()
            .map(|e| Notice::failed("Some run names", e))
            .collect()
    }
}

impl Plan for RunNames {
    type Key = (NamesKey, usize);

    fn poll(&mut self) -> Vec<((NamesKey, usize), ApiRequest)> {
        let mut out = Vec::new();
        while !self.wanted.is_empty() {
            let batch: Vec<String> = self
                .wanted
                .iter()
                .take(NAMES_PER_REQUEST)
                .cloned()
                .collect();
            for id in &batch {
                self.wanted.remove(id);
                self.asked.insert(id.clone());
            }
            if self.experiments.is_empty() {
                self.elsewhere.extend(batch);
                continue;
            }
            let list: Vec<String> = batch.iter().map(|i| api::filter_string(i)).collect();
            let query = graphql::search_runs_query(
                &self.experiments,
                &format!("attributes.run_id IN ({})", list.join(", ")),
                &[],
                RunFields::Info,
                NAMES_PER_REQUEST as u32,
            );
            self.in_flight += 1;
            out.push((
                (NamesKey::Search, self.searching.len()),
                api::graphql(&query),
            ));
            self.searching.push(batch);
        }
        while !self.elsewhere.is_empty() {
            let n = self.elsewhere.len().min(GRAPHQL_MAX_ROOT_FIELDS);
            let batch: Vec<String> = self.elsewhere.drain(..n).collect();
            self.in_flight += 1;
            let query = graphql::get_runs_fields_query(&batch, RunFields::Info);
            out.push(((NamesKey::ById, 0), api::graphql(&query)));
        }
        out
    }

    fn feed(&mut self, (key, batch): (NamesKey, usize), answer: Answer) {
        self.in_flight = self.in_flight.saturating_sub(1);
        let runs = match key {
            NamesKey::Search => answer
                .and_then(|t| graphql::split_search_runs("/graphql", &t))
                .map(|(runs, _)| runs),
            NamesKey::ById => answer.and_then(|t| graphql::split_get_runs("/graphql", &t)),
        };
        match runs {
            Ok(runs) => {
                for w in &runs {
                    let r = Run::from(w);
                    self.runs.insert(r.id.clone(), r);
                }
            }
            Err(e) => self.error = Some(e),
        }
        if key == NamesKey::Search {
            if let Some(ids) = self.searching.get(batch) {
                let missing: Vec<String> = ids
                    .iter()
                    .filter(|id| !self.runs.contains_key(*id))
                    .cloned()
                    .collect();
                self.elsewhere.extend(missing);
            }
        }
    }

    fn is_done(&self) -> bool {
        self.wanted.is_empty() && self.elsewhere.is_empty() && self.in_flight == 0
    }
}

/// Runs read in full by id over GraphQL (model inputs included, which `runs/search` leaves
/// out), ten per request, a few requests at a time. Runs already known (a session cache) are
/// not asked for again.
#[derive(Clone, Debug, Default)]
pub struct RunsById {
    wanted: Vec<String>,
    asked: BTreeSet<String>,
    in_flight: usize,
    runs: BTreeMap<String, Run>,
    /// Runs read by this plan (not given), for the session cache.
    fresh: Vec<String>,
    pub errors: Vec<ApiError>,
    pub max_in_flight: usize,
}

impl RunsById {
    pub fn new(max_in_flight: usize) -> RunsById {
        RunsById {
            max_in_flight,
            ..RunsById::default()
        }
    }

    /// Runs already known in full (e.g. a session cache).
    pub fn know(&mut self, run: Run) {
        self.asked.insert(run.id.clone());
        self.runs.insert(run.id.clone(), run);
    }

    pub fn want(&mut self, ids: impl IntoIterator<Item = String>) {
        for id in ids {
            if !id.is_empty() && !self.asked.contains(&id) && !self.wanted.contains(&id) {
                self.wanted.push(id);
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<&Run> {
        self.runs.get(id)
    }

    /// Whether `id` was asked for and answered (found or not).
    pub fn settled(&self, id: &str) -> bool {
        self.asked.contains(id) && !self.wanted.iter().any(|w| w == id) && self.in_flight == 0
            || self.runs.contains_key(id)
    }

    pub fn runs(&self) -> impl Iterator<Item = &Run> {
        self.runs.values()
    }

    /// Runs this plan read from MLflow (not given through [`RunsById::know`]).
    pub fn fresh(&self) -> impl Iterator<Item = &Run> {
        self.fresh.iter().filter_map(|id| self.runs.get(id))
    }

    pub fn pending(&self) -> usize {
        self.wanted.len() + self.in_flight * GRAPHQL_MAX_ROOT_FIELDS
    }
}

impl Plan for RunsById {
    type Key = ();

    fn poll(&mut self) -> Vec<((), ApiRequest)> {
        let mut out = Vec::new();
        while !self.wanted.is_empty() && self.in_flight < self.max_in_flight.max(1) {
            let n = self.wanted.len().min(GRAPHQL_MAX_ROOT_FIELDS);
            let batch: Vec<String> = self.wanted.drain(..n).collect();
            self.asked.extend(batch.iter().cloned());
            self.in_flight += 1;
            out.push(((), api::graphql(&graphql::get_runs_query(&batch))));
        }
        out
    }

    fn feed(&mut self, _: (), answer: Answer) {
        self.in_flight = self.in_flight.saturating_sub(1);
        match answer.and_then(|t| graphql::split_get_runs("/graphql", &t)) {
            Ok(runs) => {
                for w in &runs {
                    let r = Run::from(w);
                    self.fresh.push(r.id.clone());
                    self.runs.insert(r.id.clone(), r);
                }
            }
            Err(e) => self.errors.push(e),
        }
    }

    fn is_done(&self) -> bool {
        self.wanted.is_empty() && self.in_flight == 0
    }
}

/// One page of the runs table, newest first, paged by MLflow (`page_token`). Page *n* needs
/// the token of page *n − 1*: a deep link to page 5 reads pages 1–4 first (50 runs each).
#[derive(Clone, Debug)]
pub struct RunsTable {
    request: ApiRequest,
    want_page: usize,
    /// Tokens of pages read so far: `tokens[i]` opens page `i + 1`.
    tokens: Vec<Option<String>>,
    in_flight: bool,
    runs: Vec<Run>,
    shown_page: Option<usize>,
    next: Option<String>,
    last: bool,
    error: Option<ApiError>,
}

pub const RUNS_TABLE_PAGE: u32 = 50;

impl RunsTable {
    /// Page `page` (0-based) of an experiment's runs, newest first. `tokens` are page tokens
    /// learnt before ([`RunsTable::tokens`]): `tokens[i]` opens page `i + 1`.
    pub fn new(experiment_id: &str, page: usize, tokens: &[Option<String>]) -> RunsTable {
        let mut tokens: Vec<Option<String>> = tokens.iter().take(page + 1).cloned().collect();
        if tokens.is_empty() {
            tokens.push(None);
        }
        RunsTable {
            request: api::search_runs(
                &[experiment_id],
                "",
                &["attributes.start_time DESC"],
                RUNS_TABLE_PAGE,
            ),
            want_page: page,
            tokens,
            in_flight: false,
            runs: Vec::new(),
            shown_page: None,
            next: None,
            last: false,
            error: None,
        }
    }

    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// Page tokens learnt so far, to start the next page's plan where this one ended.
    pub fn tokens(&self) -> Vec<Option<String>> {
        let mut t = self.tokens.clone();
        if let (Some(p), Some(next)) = (self.shown_page, &self.next) {
            if t.len() == p + 1 {
                t.push(Some(next.clone()));
            }
        }
        t
    }

    /// The page shown (0-based), once read; fewer pages exist than asked for when the
    /// experiment ran out.
    pub fn page(&self) -> Option<usize> {
        self.shown_page
    }

    /// MLflow has runs after this page.
    pub fn has_next(&self) -> bool {
        !self.last
    }

    pub fn error(&self) -> Option<&ApiError> {
        self.error.as_ref()
    }
}

impl Plan for RunsTable {
    type Key = usize;

    fn poll(&mut self) -> Vec<(usize, ApiRequest)> {
        if self.in_flight || self.shown_page.is_some() || self.error.is_some() {
            return Vec::new();
        }
        let i = self.tokens.len() - 1;
        self.in_flight = true;
        let token = self.tokens[i].clone();
        vec![(i, self.request.clone().with_page_token(token.as_deref()))]
    }

    fn feed(&mut self, page: usize, answer: Answer) {
        self.in_flight = false;
        let url = self.request.url("");
        match answer.and_then(|t| json::<wire::SearchRunsResponse>(&url, &t)) {
            Ok(r) => {
                let next = r.next_page_token.filter(|t| !t.is_empty());
                self.last = next.is_none();
                if page >= self.want_page || next.is_none() {
                    self.runs = r.runs.iter().map(Run::from).collect();
                    self.shown_page = Some(page);
                    self.next = next;
                } else {
                    self.tokens.push(next);
                }
            }
            Err(e) => self.error = Some(e),
        }
    }

    fn is_done(&self) -> bool {
        !self.in_flight && (self.shown_page.is_some() || self.error.is_some())
    }
}

/// "Counted 10,000+ runs" and the like.
pub fn count_text(c: &Count) -> String {
    count(c.n, c.more)
}
