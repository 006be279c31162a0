//! Fixture loading shared by the native integration tests: responses captured from a real
//! MLflow seeded by `scripts/seed_demo.py` (see `tests/fixtures/mlflow/README.md`).
#![allow(dead_code)]

use artifact_explorer::domain::Run;
use artifact_explorer::mlflow::{decode, wire};
use serde::de::DeserializeOwned;

pub fn fixture_path(name: &str) -> String {
    format!(
        "{}/tests/fixtures/mlflow/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// Decodes one captured response into its wire type.
pub fn fixture<T: DeserializeOwned>(name: &str) -> T {
    let path = fixture_path(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    decode(&path, &text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every demo run: `runs/get` answers (richer: they carry model inputs) win over the same runs
/// from `runs/search`.
pub fn all_runs() -> Vec<Run> {
    let mut runs: Vec<wire::Run> = Vec::new();
    for f in [
        "runs_get_prepare_data.json",
        "runs_get_sweep_child.json",
        "runs_get_sweep_parent.json",
        "runs_get_eval.json",
    ] {
        runs.push(fixture::<wire::GetRunResponse>(f).run);
    }
    for r in fixture::<wire::SearchRunsResponse>("runs_search_all.json").runs {
        if !runs.iter().any(|x| x.id() == r.id()) {
            runs.push(r);
        }
    }
    runs.iter().map(Run::from).collect()
}
pub mod replay;
pub mod scenarios;
