//! Every bound on what the app reads from MLflow, in one place, and the notices a page shows
//! when one is reached or a secondary request fails. No limit is silent: each plan that stops at
//! one of these adds a [`Notice`] saying what was left out.
//!
//! The defaults suit a server with 100,000 runs; a deployment can change them in `config.json`
//! (`"limits": {"dataset_scan_runs": 50000}`), and the end-to-end tests lower them to check the
//! notices on a small server.

use crate::format::thousands;
use crate::mlflow::ApiError;
use serde::{Deserialize, Serialize};

/// Rows `experiments/search-datasets` returns at most (MLflow's `MAX_DATASET_SUMMARIES_RESULTS`,
/// not said in the answer): an answer this long may be cut.
pub const DATASET_SUMMARIES_MAX: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct Limits {
    /// Projects listed (in pages of [`EXPERIMENTS_PAGE`]).
    pub experiments: usize,
    /// Run counts stop here and show "10,000+".
    pub count_runs: usize,
    /// Logged models read for one project, or one collection.
    pub models: usize,
    /// Registered models, and model versions, read for aliases.
    pub registry: usize,
    /// Runs read by one dataset scan (numbering a dataset collection; listing dataset
    /// collections when `search-datasets` was cut).
    pub dataset_scan_runs: usize,
    /// Runs read in full, per click, when looking for the consumers of a logged model.
    pub consumer_scan_runs: usize,
    /// Runs listed in a table that is not paged by MLflow (a sweep's children, a dataset
    /// version's users).
    pub list_runs: usize,
    /// Runs per page of `runs/search` and of GraphQL run listings (MLflow allows up to
    /// 50,000; 1,000 keeps each answer well under a megabyte).
    pub runs_page: u32,
    /// Logged models per page of `logged-models/search`.
    pub models_page: u32,
    /// Experiments per page of `experiments/search`.
    pub experiments_page: u32,
    /// Registered models, and model versions, per page.
    pub registry_page: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            experiments: 10_000,
            count_runs: 10_000,
            models: 50_000,
            registry: 10_000,
            dataset_scan_runs: 20_000,
            consumer_scan_runs: 5_000,
            list_runs: 5_000,
            runs_page: 1000,
            models_page: 500,
            experiments_page: 200,
            registry_page: 1000,
        }
    }
}

impl Limits {
    /// Pages needed to read `items` items of `page` each (at least one).
    pub fn pages(items: usize, page: u32) -> usize {
        items.div_ceil(page.max(1) as usize).max(1)
    }
}

/// Something the page must say beside what it shows: a limit that was reached, or a part that
/// could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    /// A request failed (shown as a warning), rather than a limit reached.
    pub failed: bool,
}

impl Notice {
    pub fn limit(text: impl Into<String>) -> Notice {
        Notice {
            text: text.into(),
            failed: false,
        }
    }

    /// `what` could not be read: the error's title and detail, never a response body.
    pub fn failed(what: &str, error: &ApiError) -> Notice {
        Notice {
            text: format!(
                "{what} could not be read: {} — {}",
                error.title(),
                error.detail()
            ),
            failed: true,
        }
    }
}

/// "5,000" / "5,000+".
pub fn count(n: usize, more: bool) -> String {
    format!("{}{}", thousands(n as u64), if more { "+" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_from_config_with_defaults() {
        let l: Limits = serde_json::from_str(r#"{"dataset_scan_runs": 50}"#).unwrap();
        assert_eq!(l.dataset_scan_runs, 50);
        assert_eq!(l.models, Limits::default().models);
        assert_eq!(Limits::pages(2001, 1000), 3);
        assert_eq!(Limits::pages(0, 1000), 1);
        assert_eq!(count(10_000, true), "10,000+");
    }
}
