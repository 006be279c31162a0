//! Dataset collections and their numbering.
//!
//! MLflow has no dataset-version list: a dataset version is a digest that runs used. The
//! cheapest source of *which* collections and digests exist is
//! `experiments/search-datasets` ([`Summaries`]) — but it has no order, no paging, and MLflow
//! stops it at 1,000 rows without saying so. The order (`v0…vN` by first use) comes from the
//! runs that used a dataset: [`DatasetScan`] reads them oldest first, just the fields it needs,
//! and stops as soon as every digest the summaries list has appeared. When the summaries were
//! cut, it reads to the end (up to [`Limits::dataset_scan_runs`]); when that limit stops it
//! first, the collection says its numbering is unknown instead of guessing.
//!
//! Several versions first used by one run (a prep step that logs v1, v2, v3) are numbered in
//! that run's `dataset_inputs` order. MLflow's run search does not keep that order: its SQL
//! store sorts the inputs of a page of runs by run id only, and PostgreSQL's sort is not
//! stable, so the three come back shuffled. `runs/get` of the one run keeps it (a handful of
//! rows sort stably), so the scan re-reads such runs by id before it numbers.

use super::limits::{count, Limits, Notice, DATASET_SUMMARIES_MAX};
use super::pages::{Pages, Status};
use super::run::get_run;
use super::{json, Answer, One, Plan};
use crate::domain::artifact::{self, Collection};
use crate::domain::Run;
use crate::mlflow::api::{self, ApiRequest};
use crate::mlflow::graphql::{self, RunFields};
use crate::mlflow::{wire, ApiError};
use std::collections::{BTreeMap, BTreeSet};

/// The digests `search-datasets` lists per dataset name, for one experiment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Listed {
    pub by_name: BTreeMap<String, BTreeSet<String>>,
    /// MLflow returned as many rows as it ever does: more may exist.
    pub cut: bool,
}

impl Listed {
    /// The digests of `name`, when the list is known to be whole.
    pub fn digests(&self, name: &str) -> Option<BTreeSet<String>> {
        if self.cut {
            return None;
        }
        Some(self.by_name.get(name).cloned().unwrap_or_default())
    }
}

fn decode_summaries(url: &str, text: &str) -> Result<Listed, ApiError> {
    let r: wire::SearchDatasetsResponse = json(url, text)?;
    let mut listed = Listed {
        cut: r.dataset_summaries.len() >= DATASET_SUMMARIES_MAX,
        ..Listed::default()
    };
    for s in r.dataset_summaries {
        if !s.name.is_empty() {
            listed.by_name.entry(s.name).or_default().insert(s.digest);
        }
    }
    Ok(listed)
}

/// `experiments/search-datasets` for one experiment.
pub fn summaries(experiment_id: &str) -> One<Listed> {
    One::new(api::search_datasets(&[experiment_id]), decode_summaries)
}

/// A GraphQL run listing as a page reader.
pub fn run_listing(
    experiment_ids: &[String],
    filter: &str,
    order_by: &[&str],
    fields: RunFields,
    max_runs: usize,
    page: u32,
) -> Pages<wire::Run> {
    Pages::sized(
        |n| {
            api::graphql(&graphql::search_runs_query(
                experiment_ids,
                filter,
                order_by,
                fields,
                n,
            ))
        },
        max_runs,
        page,
        graphql::split_search_runs,
    )
}

/// Numbers one dataset collection (an experiment's datasets named `name`): reads the runs that
/// used it, oldest first, until every listed digest has appeared.
#[derive(Clone, Debug)]
pub struct DatasetScan {
    pub experiment_id: String,
    pub name: String,
    /// Digests `search-datasets` lists for this name; `None` when that list was cut.
    expected: Option<BTreeSet<String>>,
    pages: Pages<wire::Run>,
    runs: Vec<Run>,
    seen: BTreeSet<String>,
    /// Every listed digest has appeared: the numbering is settled.
    found_all: bool,
    /// Runs that first used two or more digests, re-read by id for their log order:
    /// (index in `runs`, the request).
    reread: Vec<(usize, One<Run>)>,
}

/// What a [`DatasetScan`] asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum ScanKey {
    Page,
    /// The re-read of `reread[i]`.
    Run(usize),
}

impl DatasetScan {
    pub fn new(
        experiment_id: &str,
        name: &str,
        expected: Option<BTreeSet<String>>,
        limits: &Limits,
    ) -> DatasetScan {
        let filter = format!("dataset.name = {}", api::filter_string(name));
        DatasetScan {
            experiment_id: experiment_id.to_string(),
            name: name.to_string(),
            expected,
            // Active runs only (GraphQL cannot list deleted ones): a digest only deleted runs used
            // is listed by `search-datasets` but never seen, so the scan then reads to the end.
            pages: run_listing(
                &[experiment_id.to_string()],
                &filter,
                &["attributes.start_time ASC"],
                RunFields::Datasets,
                limits.dataset_scan_runs,
                limits.runs_page,
            ),
            runs: Vec::new(),
            seen: BTreeSet::new(),
            found_all: false,
            reread: Vec::new(),
        }
    }

    /// Every listed digest has appeared, or every run was read; and the runs that first used
    /// several at once were re-read for their order.
    pub fn is_numbered(&self) -> bool {
        (self.found_all || self.pages.is_complete()) && self.reread.iter().all(|(_, r)| r.is_done())
    }

    /// The runs read so far (oldest first), with their dataset inputs.
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// A page of runs arrived and MLflow has more that the scan still reads (not merely the
    /// re-reads by id, which are one request each).
    pub fn reads_more_pages(&self) -> bool {
        self.pages.pages() > 0 && !self.pages.is_done()
    }

    /// The collection as far as it is known: numbered when [`DatasetScan::is_numbered`].
    pub fn collection(&self) -> Option<Collection> {
        let mut c = artifact::dataset_collections(&self.runs)
            .into_iter()
            .find(|c| c.name == self.name && c.experiment_id == self.experiment_id)?;
        if !self.is_numbered() {
            let why = match (self.pages.status(), self.pages.error()) {
                (_, Some(_)) => "the runs that used it could not all be read".to_string(),
                (Status::Truncated, _) if !self.found_all => format!(
                    "only the first {} runs that used it were read",
                    count(self.runs.len(), false)
                ),
                _ => "still reading the runs that used it".to_string(),
            };
            c.numbering_unknown(why);
        }
        Some(c)
    }

    pub fn notices(&self) -> Vec<Notice> {
        if let Some(e) = self.pages.error() {
            return vec![Notice::failed(
                &format!("The runs that used {}", self.name),
                e,
            )];
        }
        if let Some((i, e)) = self
            .reread
            .iter()
            .find_map(|(i, r)| r.error().map(|e| (i, e)))
        {
            return vec![Notice::failed(
                &format!(
                    "The order in which run {} logged versions of {} (they are numbered in \
                     MLflow's search order)",
                    self.runs[*i].name, self.name
                ),
                e,
            )];
        }
        if self.pages.is_truncated() && !self.is_numbered() {
            return vec![Notice::limit(format!(
                "Read the first {} runs that used {}; versions first used by later runs may be \
                 missing, so version numbers are not shown.",
                count(self.runs.len(), false),
                self.name
            ))];
        }
        Vec::new()
    }
}

impl Plan for DatasetScan {
    type Key = ScanKey;

    fn poll(&mut self) -> Vec<(ScanKey, ApiRequest)> {
        let mut out: Vec<_> = self
            .pages
            .want()
            .map(|r| (ScanKey::Page, r))
            .into_iter()
            .collect();
        for (i, (_, r)) in self.reread.iter_mut().enumerate() {
            out.extend(r.want().map(|r| (ScanKey::Run(i), r)));
        }
        out
    }

    fn feed(&mut self, key: ScanKey, answer: Answer) {
        match key {
            ScanKey::Page => self.feed_page(answer),
            ScanKey::Run(i) => self.feed_reread(i, answer),
        }
    }

    fn is_done(&self) -> bool {
        self.pages.is_done() && self.reread.iter().all(|(_, r)| r.is_done())
    }
}

impl DatasetScan {
    fn feed_reread(&mut self, i: usize, answer: Answer) {
        let Some((at, read)) = self.reread.get_mut(i) else {
            return;
        };
        read.feed(answer);
        // the same datasets, in the order `runs/get` gives them (else keep what search gave)
        let (Some(got), Some(run)) = (read.get(), self.runs.get_mut(*at)) else {
            return;
        };
        fn sorted(r: &Run) -> Vec<(&str, &str)> {
            let mut d: Vec<(&str, &str)> = r
                .used_datasets
                .iter()
                .map(|d| (d.name.as_str(), d.digest.as_str()))
                .collect();
            d.sort_unstable();
            d
        }
        if sorted(got) == sorted(run) {
            run.used_datasets = got.used_datasets.clone();
        }
    }

    /// The digests `search-datasets` lists for the name, when they arrive after the scan
    /// started (`None`: the list was cut or failed, so the scan reads to the end). The scan
    /// stops once every one of them has appeared, perhaps already.
    pub fn listed(&mut self, expected: Option<BTreeSet<String>>) {
        self.expected = expected;
        self.check_found_all();
    }

    fn check_found_all(&mut self) {
        if let Some(expected) = &self.expected {
            if !expected.is_empty() && expected.is_subset(&self.seen) {
                self.found_all = true;
                self.pages.stop();
            }
        }
    }

    fn feed_page(&mut self, answer: Answer) {
        let before = self.pages.items().len();
        self.pages.feed(answer);
        for w in &self.pages.items()[before..] {
            let run = Run::from(w);
            let mut first_used = 0;
            for d in run.used_datasets.iter().filter(|d| d.name == self.name) {
                first_used += usize::from(self.seen.insert(d.digest.clone()));
            }
            if first_used > 1 {
                self.reread.push((self.runs.len(), get_run(&run.id)));
            }
            self.runs.push(run);
        }
        self.check_found_all();
    }
}

/// The newest run that used a dataset name: the collection's last update.
pub fn last_use(experiment_id: &str, name: &str) -> One<Option<Run>> {
    let filter = format!("dataset.name = {}", api::filter_string(name));
    let query = graphql::search_runs_query(
        &[experiment_id.to_string()],
        &filter,
        &["attributes.start_time DESC"],
        RunFields::Info,
        1,
    );
    One::new(api::graphql(&query), |url, text| {
        let (runs, _) = graphql::split_search_runs(url, text)?;
        Ok(runs.first().map(Run::from))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (run id, start, [(dataset name, digest)])
    type TestRun<'a> = (&'a str, i64, &'a [(&'a str, &'a str)]);

    fn page(runs: &[TestRun], token: Option<&str>) -> String {
        let runs: Vec<serde_json::Value> = runs
            .iter()
            .map(|(id, start, inputs)| {
                serde_json::json!({
                    "info": {"runId": id, "experimentId": "1", "startTime": start.to_string()},
                    "inputs": {"datasetInputs": inputs.iter().map(|(n, d)| serde_json::json!({
                        "dataset": {"name": n, "digest": d, "sourceType": "code", "source": "{}"},
                        "tags": []})).collect::<Vec<_>>()}
                })
            })
            .collect();
        serde_json::json!({"data": {"mlflowSearchRuns": {"runs": runs, "nextPageToken": token}}})
            .to_string()
    }

    #[test]
    fn stops_once_every_listed_digest_appeared_and_numbers_in_log_order() {
        let expected: BTreeSet<String> = ["c", "a", "b"].iter().map(|s| s.to_string()).collect();
        let mut scan = DatasetScan::new("1", "d", Some(expected), &Limits::default());
        let (_, first) = scan.poll().remove(0);
        assert!(first.body.unwrap()["query"]
            .as_str()
            .unwrap()
            .contains("attributes.start_time ASC"));
        // one prep run logs c, a, b (in that order): their digests do not sort in log order
        scan.feed(
            ScanKey::Page,
            Ok(page(
                &[("r1", 10, &[("d", "c"), ("d", "a"), ("d", "b")])],
                Some("t"),
            )),
        );
        // all three digests seen: no second page, only the run read by id for its order
        let asked = scan.poll();
        assert_eq!(asked.len(), 1, "{asked:?}");
        assert_eq!(asked[0].0, ScanKey::Run(0));
        let logged = [("d", "c"), ("d", "a"), ("d", "b")];
        scan.feed(ScanKey::Run(0), Ok(get_run("r1", 10, &logged)));
        assert!(scan.poll().is_empty());
        assert!(scan.is_done() && scan.is_numbered());
        let c = scan.collection().unwrap();
        let order: Vec<(&str, String)> = c
            .versions
            .iter()
            .map(|v| (v.id.as_str(), v.label()))
            .collect();
        assert_eq!(
            order,
            [("c", "v0".into()), ("a", "v1".into()), ("b", "v2".into())]
        );
        assert_eq!(c.resolve("latest").unwrap().id, "b");
    }

    /// `runs/get`'s answer for one run with `inputs` (REST field names).
    fn get_run(id: &str, start: i64, inputs: &[(&str, &str)]) -> String {
        serde_json::json!({"run": {
            "info": {"run_id": id, "experiment_id": "1", "start_time": start.to_string()},
            "data": {},
            "inputs": {"dataset_inputs": inputs.iter().map(|(n, d)| serde_json::json!({
                "dataset": {"name": n, "digest": d, "source_type": "code", "source": "{}"},
                "tags": []})).collect::<Vec<_>>()}
        }})
        .to_string()
    }

    #[test]
    fn a_run_that_first_used_several_versions_is_reread_for_their_log_order() {
        let expected: BTreeSet<String> =
            ["a", "b", "c", "z"].iter().map(|s| s.to_string()).collect();
        let mut scan = DatasetScan::new("1", "d", Some(expected), &Limits::default());
        scan.poll();
        // search shuffles r1's inputs (as PostgreSQL does); r0 first used z alone, r2 reuses a
        let shuffled: &[(&str, &str)] = &[("d", "b"), ("other", "o"), ("d", "a"), ("d", "c")];
        scan.feed(
            ScanKey::Page,
            Ok(page(
                &[
                    ("r0", 5, &[("d", "z")]),
                    ("r1", 10, shuffled),
                    ("r2", 20, &[("d", "a"), ("d", "z")]),
                ],
                None,
            )),
        );
        assert!(!scan.is_numbered(), "numbers wait for the re-read");
        let asked = scan.poll();
        assert_eq!(asked.len(), 1, "only r1 first used two or more: {asked:?}");
        assert_eq!(asked[0].0, ScanKey::Run(0));
        assert!(
            asked[0].1.url("").contains("runs/get?run_id=r1"),
            "{}",
            asked[0].1.url("")
        );
        let logged = [("d", "c"), ("d", "a"), ("other", "o"), ("d", "b")];
        scan.feed(ScanKey::Run(0), Ok(get_run("r1", 10, &logged)));
        assert!(scan.is_done() && scan.is_numbered());
        let ids: Vec<String> = scan
            .collection()
            .unwrap()
            .versions
            .iter()
            .map(|v| v.id.clone())
            .collect();
        assert_eq!(ids, ["z", "c", "a", "b"], "r1's log order, after r0's z");
        assert!(scan.notices().is_empty());
    }

    #[test]
    fn a_failed_reread_numbers_in_search_order_and_says_so() {
        let mut scan = DatasetScan::new("1", "d", None, &Limits::default());
        scan.poll();
        scan.feed(
            ScanKey::Page,
            Ok(page(&[("r1", 10, &[("d", "b"), ("d", "a")])], None)),
        );
        let (key, _) = scan.poll().remove(0);
        scan.feed(
            key,
            Err(ApiError::Network {
                url: "/api".into(),
                detail: "connection reset".into(),
            }),
        );
        assert!(scan.is_done() && scan.is_numbered());
        assert_eq!(
            scan.collection().unwrap().resolve("latest").unwrap().id,
            "a"
        );
        let n = scan.notices();
        assert_eq!(n.len(), 1);
        assert!(
            n[0].failed && n[0].text.contains("search order"),
            "{:?}",
            n[0]
        );
    }

    #[test]
    fn a_scan_started_before_the_list_stops_once_the_list_arrives() {
        let limits = Limits {
            runs_page: 1,
            ..Limits::default()
        };
        let mut scan = DatasetScan::new("1", "d", None, &limits);
        scan.poll();
        scan.feed(
            ScanKey::Page,
            Ok(page(&[("r1", 1, &[("d", "a")])], Some("t"))),
        );
        scan.poll();
        scan.feed(
            ScanKey::Page,
            Ok(page(&[("r2", 2, &[("d", "b")])], Some("u"))),
        );
        assert!(!scan.is_done(), "without the list, the scan reads on");
        let listed: BTreeSet<String> = ["a", "b"].iter().map(|s| s.to_string()).collect();
        scan.listed(Some(listed));
        assert!(scan.poll().is_empty() && scan.is_done() && scan.is_numbered());
        assert_eq!(
            scan.collection().unwrap().resolve("latest").unwrap().id,
            "b"
        );
        // a cut list leaves it reading to the end
        let mut cut = DatasetScan::new("1", "d", None, &limits);
        cut.poll();
        cut.feed(
            ScanKey::Page,
            Ok(page(&[("r1", 1, &[("d", "a")])], Some("t"))),
        );
        cut.listed(None);
        assert_eq!(cut.poll().len(), 1);
    }

    #[test]
    fn every_digest_found_on_the_last_allowed_page_still_numbers() {
        let expected: BTreeSet<String> = ["a", "b"].iter().map(|s| s.to_string()).collect();
        let limits = Limits {
            dataset_scan_runs: 2,
            runs_page: 2,
            ..Limits::default()
        };
        let mut scan = DatasetScan::new("1", "d", Some(expected), &limits);
        scan.poll();
        // one page allowed; MLflow has more, but both digests are here
        scan.feed(
            ScanKey::Page,
            Ok(page(
                &[("r1", 1, &[("d", "b")]), ("r2", 2, &[("d", "a")])],
                Some("t"),
            )),
        );
        assert!(scan.is_done() && scan.is_numbered());
        assert!(scan.notices().is_empty());
        assert_eq!(scan.collection().unwrap().resolve("v0").unwrap().id, "b");
    }

    #[test]
    fn cut_summaries_read_to_the_end_and_a_limit_hides_numbers() {
        let limits = Limits {
            dataset_scan_runs: 50,
            runs_page: 50,
            ..Limits::default()
        };
        let mut scan = DatasetScan::new("1", "d", None, &limits);
        scan.poll();
        scan.feed(
            ScanKey::Page,
            Ok(page(&[("r1", 10, &[("d", "x")])], Some("more"))),
        );
        assert!(scan.poll().is_empty(), "the limit (one page) was reached");
        assert!(!scan.is_numbered());
        let c = scan.collection().unwrap();
        assert_eq!(c.versions[0].label(), "x");
        assert!(c.latest().is_none());
        assert!(scan.notices()[0]
            .text
            .contains("version numbers are not shown"));
    }

    #[test]
    fn summaries_at_mlflows_row_limit_count_as_cut() {
        let rows: Vec<serde_json::Value> = (0..DATASET_SUMMARIES_MAX)
            .map(|i| serde_json::json!({"experiment_id": "1", "name": format!("n{}", i % 7), "digest": format!("{i}")}))
            .collect();
        let text = serde_json::json!({ "dataset_summaries": rows }).to_string();
        let listed = decode_summaries("", &text).unwrap();
        assert!(listed.cut);
        assert_eq!(listed.digests("n1"), None);
        let small = decode_summaries("", r#"{"dataset_summaries":[{"name":"a","digest":"1"},{"name":"a","digest":"1","context":"training"}]}"#).unwrap();
        assert!(!small.cut);
        assert_eq!(small.digests("a").unwrap().len(), 1);
        assert_eq!(small.digests("zzz").unwrap().len(), 0);
    }
}
