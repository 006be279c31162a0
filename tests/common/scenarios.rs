//! The plan scenarios that `examples/record_plans.rs` records against a demo MLflow and
//! `tests/plans.rs` replays: each builds its plan from the recording's args and limits, so the
//! recorder and the tests ask exactly the same requests.
#![allow(dead_code)]

use artifact_explorer::lineage::build::NodeRef;
use artifact_explorer::lineage::graph::Direction;
use artifact_explorer::plan::collection::CollectionPlan;
use artifact_explorer::plan::consumers::ModelUsage;
use artifact_explorer::plan::project::{ProjectPlan, SweepsPlan};
use artifact_explorer::plan::projects::ProjectsPlan;
use artifact_explorer::plan::registry::RegisteredModelPlan;
use artifact_explorer::plan::run::RunPlan;
use artifact_explorer::plan::sweep::SweepPlan;
use artifact_explorer::plan::traverse::LineagePlan;
use artifact_explorer::plan::Limits;
use artifact_explorer::routes::CollectionKind;
use serde_json::Value;

/// Small pages, so the demo's few dozen runs and models come in several pages.
pub fn small_pages() -> Limits {
    Limits {
        runs_page: 5,
        models_page: 5,
        experiments_page: 2,
        registry_page: 2,
        ..Limits::default()
    }
}

/// Small pages and limits the demo goes beyond.
pub fn tight() -> Limits {
    Limits {
        models: 10,
        count_runs: 10,
        dataset_scan_runs: 5,
        consumer_scan_runs: 5,
        list_runs: 5,
        registry: 2,
        ..small_pages()
    }
}

pub fn s(args: &Value, key: &str) -> String {
    args[key]
        .as_str()
        .unwrap_or_else(|| panic!("scenario arg {key} missing"))
        .to_string()
}

pub fn projects(_: &Value, l: Limits) -> ProjectsPlan {
    ProjectsPlan::new(&l)
}

pub fn project(a: &Value, l: Limits) -> ProjectPlan {
    ProjectPlan::new(&s(a, "experiment"), l)
}

pub fn sweeps(a: &Value, l: Limits) -> SweepsPlan {
    SweepsPlan::new(&s(a, "experiment"), &l)
}

pub fn model_collection(a: &Value, l: Limits) -> CollectionPlan {
    CollectionPlan::new(
        &s(a, "experiment"),
        CollectionKind::Models,
        &s(a, "collection"),
        l,
    )
}

pub fn dataset_collection(a: &Value, l: Limits) -> CollectionPlan {
    CollectionPlan::new(
        &s(a, "experiment"),
        CollectionKind::Datasets,
        &s(a, "collection"),
        l,
    )
}

pub fn run(a: &Value, l: Limits) -> RunPlan {
    RunPlan::new(&s(a, "experiment"), &s(a, "run"), l)
}

pub fn sweep(a: &Value, l: Limits) -> SweepPlan {
    SweepPlan::new(&s(a, "experiment"), &s(a, "run"), l)
}

pub fn registered_model(a: &Value, l: Limits) -> RegisteredModelPlan {
    RegisteredModelPlan::new(&s(a, "name"), l)
}

pub fn model_usage(a: &Value, l: Limits) -> ModelUsage {
    ModelUsage::new(&s(a, "model"), a["created"].as_i64(), l)
}

pub fn lineage_of_model(a: &Value, l: Limits) -> LineagePlan {
    LineagePlan::new(
        &s(a, "experiment"),
        NodeRef::Model(s(a, "model")),
        2,
        Direction::Both,
        l,
    )
}

pub fn lineage_of_run_upstream(a: &Value, l: Limits) -> LineagePlan {
    LineagePlan::new(
        &s(a, "experiment"),
        NodeRef::Run(s(a, "run")),
        3,
        Direction::Upstream,
        l,
    )
}
