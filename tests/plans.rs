//! The fetching plans, driven natively against MLflow answers recorded from a real server
//! (`examples/record_plans.rs`): paged answers, limits reached, failures, and what each page
//! then knows.

mod common;

use artifact_explorer::domain::artifact::Numbering;
use artifact_explorer::mlflow::ApiError;
use artifact_explorer::plan::{drive, Plan};
use common::replay::{self, Recording};
use common::scenarios;
use serde_json::Value;

/// Drives a plan against a recording; `fail` turns chosen requests into errors.
fn replay_with<P: Plan>(
    rec: &Recording,
    plan: &mut P,
    fail: impl Fn(&str) -> Option<ApiError>,
) -> usize {
    drive(plan, |req| {
        let url = req.url("");
        let body = req.body.as_ref().map(|b| b.to_string()).unwrap_or_default();
        match fail(&format!("{url} {body}")) {
            Some(e) => Err(e),
            None => rec.answer(req),
        }
    })
}

fn replay<P: Plan>(rec: &Recording, plan: &mut P) -> usize {
    replay_with(rec, plan, |_| None)
}

fn forbidden() -> ApiError {
    ApiError::Forbidden {
        url: String::new(),
        message: "Permission denied".into(),
    }
}

/// Items MLflow answered across the recorded pages of one endpoint.
fn recorded_items(rec: &Recording, url_part: &str, key: &str) -> Vec<Value> {
    rec.exchanges
        .iter()
        .filter(|e| e.url.contains(url_part))
        .flat_map(|e| e.response[key].as_array().cloned().unwrap_or_default())
        .collect()
}

#[test]
fn projects_follow_page_tokens_to_every_experiment() {
    let rec = replay::load("projects");
    let mut plan = scenarios::projects(&rec.args, rec.limits);
    let sent = replay(&rec, &mut plan);
    let v = plan.view();
    let answered = recorded_items(&rec, "experiments/search", "experiments");
    assert!(sent >= 2, "two pages of 2");
    assert_eq!(v.projects.len(), answered.len());
    assert!(v.projects.iter().any(|p| p.name == "artifacts-demo"));
    assert!(v.complete && v.notices.is_empty());
}

#[test]
fn project_lists_every_collection_mlflow_knows_with_its_count() {
    let rec = replay::load("project");
    let mut plan = scenarios::project(&rec.args, rec.limits);
    replay(&rec, &mut plan);
    let v = plan.view();
    assert!(v.complete, "{:?}", v.reading);
    assert!(v.notices.is_empty(), "{:?}", v.notices);
    // every logged model MLflow returned (over several pages of 5) is in a collection
    let models = recorded_items(&rec, "logged-models/search", "models");
    assert!(models.len() > 5, "the recording pages the models");
    let total: usize = v
        .collections
        .iter()
        .filter(|c| c.kind == artifact_explorer::domain::ArtifactKind::Model)
        .map(|c| c.versions.n)
        .sum();
    assert_eq!(total, models.len());
    let sweep = v
        .collections
        .iter()
        .find(|c| c.name == "sweep-model")
        .unwrap();
    assert_eq!(sweep.versions.to_string(), "12");
    assert_eq!(sweep.latest.as_ref().unwrap().0, "v11");
    assert!(
        sweep
            .aliases
            .iter()
            .any(|a| a.label() == "iris-classifier@champion"),
        "registry aliases read over two pages: {:?}",
        sweep.aliases
    );
    // dataset collections from search-datasets, with exact counts
    let train = v
        .collections
        .iter()
        .find(|c| c.name == "iris-train")
        .unwrap();
    assert_eq!(train.versions.to_string(), "2");
    assert!(train.last_update.is_some());
    assert_eq!(v.runs.unwrap().to_string(), "17");
}

#[test]
fn a_project_beyond_the_limits_says_what_was_left_out() {
    let rec = replay::load("project_tight");
    let mut plan = scenarios::project(&rec.args, rec.limits);
    replay(&rec, &mut plan);
    let v = plan.view();
    assert!(v.complete);
    let texts: Vec<&str> = v.notices.iter().map(|n| n.text.as_str()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Only the newest 10 logged models were read")),
        "{texts:?}"
    );
    assert!(texts
        .iter()
        .any(|t| t.contains("registry aliases of the others are not shown")));
    // counts stop and say "+"; a partial read shows no latest (never a guessed vN)
    assert_eq!(v.runs.unwrap().to_string(), "10+");
    for c in v
        .collections
        .iter()
        .filter(|c| c.kind == artifact_explorer::domain::ArtifactKind::Model)
    {
        assert!(c.versions.more && c.latest.is_none(), "{c:?}");
    }
}

#[test]
fn a_failed_registry_is_a_notice_beside_the_collections() {
    let rec = replay::load("project");
    let mut plan = scenarios::project(&rec.args, rec.limits);
    replay_with(&rec, &mut plan, |req| {
        (req.contains("registered-models/search") || req.contains("model-versions/search"))
            .then(forbidden)
    });
    let v = plan.view();
    assert!(v.complete && v.fatal.is_none());
    assert!(v.collections.iter().any(|c| c.name == "sweep-model"));
    assert!(v.notices.iter().any(|n| n.failed
        && n.text.contains("The model registry")
        && n.text.contains("no permission")));
}

#[test]
fn an_unreadable_experiment_fails_the_page() {
    let rec = replay::load("project");
    let mut plan = scenarios::project(&rec.args, rec.limits);
    replay_with(&rec, &mut plan, |req| {
        req.contains("experiments/get").then(|| ApiError::Http {
            url: String::new(),
            status: 500,
            error_code: None,
            message: "boom".into(),
        })
    });
    assert!(matches!(
        plan.view().fatal,
        Some(ApiError::Http { status: 500, .. })
    ));
}

#[test]
fn a_model_collection_is_numbered_by_creation_over_several_pages() {
    let rec = replay::load("collection_models");
    let mut plan = scenarios::model_collection(&rec.args, rec.limits);
    replay(&rec, &mut plan);
    let v = plan.view();
    let c = v.collection.unwrap();
    assert_eq!(c.numbering, Numbering::Complete);
    assert_eq!(c.versions.len(), 12);
    let mut created: Vec<(Option<i64>, String)> = c
        .versions
        .iter()
        .map(|v| (v.created, v.id.clone()))
        .collect();
    created.sort();
    let ids: Vec<String> = c.versions.iter().map(|v| v.id.clone()).collect();
    assert_eq!(
        ids,
        created.into_iter().map(|(_, id)| id).collect::<Vec<_>>()
    );
    assert_eq!(c.resolve("latest").unwrap().label(), "v11");
    // every logged-by run has its name
    for v in &c.versions {
        let r = v.logged_by.as_ref().unwrap();
        assert!(v_name_known(&v_run_names(&rec), r), "{r}");
    }
}

fn v_run_names(rec: &Recording) -> Vec<String> {
    let mut plan = scenarios::model_collection(&rec.args, rec.limits);
    replay(rec, &mut plan);
    plan.view().run_names.keys().cloned().collect()
}

fn v_name_known(names: &[String], id: &str) -> bool {
    names.iter().any(|n| n == id)
}

#[test]
fn a_collection_past_the_limit_shows_ids_not_numbers() {
    let rec = replay::load("collection_models_tight");
    let mut plan = scenarios::model_collection(&rec.args, rec.limits);
    replay(&rec, &mut plan);
    let v = plan.view();
    let c = v.collection.unwrap();
    assert!(matches!(c.numbering, Numbering::Unknown(_)));
    assert!(c.versions.iter().all(|v| v.number.is_none()));
    assert!(c.resolve("latest").is_none() && c.resolve("v0").is_none());
    // an id still resolves
    assert!(c.resolve(&c.versions[0].id).is_some());
    assert!(v
        .notices
        .iter()
        .any(|n| n.text.contains("version numbers are not shown")));
}

#[test]
fn a_long_version_list_is_partial_until_every_page_arrived() {
    let rec = replay::load("collection_models");
    let mut plan = scenarios::model_collection(&rec.args, rec.limits);
    // answered one at a time, in the order asked; the view after each answer
    let mut queue = std::collections::VecDeque::new();
    let mut seen_partial = None;
    loop {
        queue.extend(plan.poll());
        let Some((key, req)) = queue.pop_front() else {
            break;
        };
        plan.feed(key, rec.answer(&req));
        let v = plan.view();
        if v.partial && seen_partial.is_none() {
            seen_partial = Some(v);
        }
    }
    let first = seen_partial.expect("a partial list before the end (5 models a page, 12 models)");
    assert!(!first.complete);
    let c = first.collection.unwrap();
    assert!((5..12).contains(&c.versions.len()), "{}", c.versions.len());
    assert_eq!(
        c.numbering,
        Numbering::Unknown("still reading the versions of sweep-model".into())
    );
    assert!(c.versions.iter().all(|v| v.number.is_none()) && c.latest().is_none());
    let end = plan.view();
    assert!(end.complete && !end.partial);
    assert_eq!(end.collection.unwrap().numbering, Numbering::Complete);
}

#[test]
fn a_dataset_collection_is_numbered_by_first_use() {
    let rec = replay::load("collection_datasets");
    let mut plan = scenarios::dataset_collection(&rec.args, rec.limits);
    replay(&rec, &mut plan);
    let v = plan.view();
    assert!(v.complete);
    let c = v.collection.unwrap();
    assert_eq!(c.numbering, Numbering::Complete);
    assert_eq!(c.versions.len(), 2);
    assert!(c.versions[0].created <= c.versions[1].created);
    // both versions' producer (prepare-data, inferred from the source) is named
    let producer = c.versions[0].logged_by.clone().unwrap();
    assert_eq!(
        v.run_names.get(&producer).map(String::as_str),
        Some("prepare-data")
    );
}

#[test]
fn a_missing_collection_is_a_404() {
    let rec = replay::load("collection_missing");
    let mut plan = scenarios::model_collection(&rec.args, rec.limits);
    replay(&rec, &mut plan);
    let v = plan.view();
    assert!(
        matches!(v.fatal, Some(ref e) if e.is_not_found()),
        "{:?}",
        v.fatal
    );
}

#[test]
fn a_run_page_places_what_it_used_and_logged() {
    let rec = replay::load("run_eval");
    let mut plan = scenarios::run(&rec.args, rec.limits);
    replay(&rec, &mut plan);
    let v = plan.view();
    assert!(v.complete && v.fatal.is_none(), "{:?}", v.notices);
    let used: Vec<String> = v
        .used
        .iter()
        .map(|r| {
            format!(
                "{}:{}",
                r.located.collection.name,
                r.located.version.label()
            )
        })
        .collect();
    assert!(used.contains(&"iris-test:v0".to_string()), "{used:?}");
    assert!(used.contains(&"sweep-model:v5".to_string()), "{used:?}");
    let model = v
        .used
        .iter()
        .find(|r| r.located.collection.name == "sweep-model")
        .unwrap();
    assert!(model
        .located
        .version
        .aliases
        .iter()
        .any(|a| a.label() == "iris-classifier@champion"));
    // the producer of the model (its sweep child) is named
    let producer = model.located.version.logged_by.clone().unwrap();
    assert_eq!(
        v.run_names.get(&producer).map(String::as_str),
        Some("sweep-lr-5")
    );
}

#[test]
fn a_prep_run_finds_the_datasets_made_from_its_files() {
    let rec = replay::load("run_prep");
    let mut plan = scenarios::run(&rec.args, rec.limits);
    replay(&rec, &mut plan);
    let v = plan.view();
    let mut produced: Vec<String> = v
        .produced
        .iter()
        .map(|r| {
            format!(
                "{}:{}",
                r.located.collection.name,
                r.located.version.label()
            )
        })
        .collect();
    produced.sort();
    assert_eq!(produced, ["iris-test:v0", "iris-train:v0", "iris-train:v1"]);
    assert!(v
        .produced
        .iter()
        .all(|r| r.located.version.logged_by_inferred));
}

#[test]
fn a_sweep_reads_its_children_and_their_models() {
    let rec = replay::load("sweep");
    let mut plan = scenarios::sweep(&rec.args, rec.limits);
    replay(&rec, &mut plan);
    let v = plan.view();
    assert!(v.complete);
    assert_eq!(v.children.len(), 12, "three pages of 5");
    assert_eq!(v.models.len(), 12);
    assert!(v
        .models
        .iter()
        .all(|m| m.collection.numbering == Numbering::Complete));
}

#[test]
fn sweeps_group_children_under_named_parents() {
    let rec = replay::load("sweeps");
    let mut plan = scenarios::sweeps(&rec.args, rec.limits);
    replay(&rec, &mut plan);
    let v = plan.view();
    assert_eq!(v.sweeps.len(), 1);
    assert_eq!(v.sweeps[0].0.name, "sweep-lr");
    assert_eq!(v.sweeps[0].0.children.len(), 12);
    assert!(v.sweeps[0].1.is_some(), "the parent's start time");
}

#[test]
fn a_registered_model_places_each_version_and_says_why_one_cannot_be() {
    let rec = replay::load("registered_model");
    let mut plan = scenarios::registered_model(&rec.args, rec.limits);
    replay(&rec, &mut plan);
    let v = plan.view();
    assert_eq!(v.versions.len(), 3);
    assert_eq!(v.versions[0].version.version, "3", "newest first");
    assert!(v.versions.iter().all(|r| r.located.is_some()));
    // a logged model that cannot be read is said, not shown as "not found"
    let mut plan = scenarios::registered_model(&rec.args, rec.limits);
    replay_with(&rec, &mut plan, |req| {
        (req.contains("/logged-models/m-") && !req.contains("search")).then(forbidden)
    });
    let v = plan.view();
    let row = &v.versions[0];
    assert!(row.located.is_none());
    assert!(
        row.problem.as_deref().unwrap().contains("no permission"),
        "{:?}",
        row.problem
    );
}

#[test]
fn model_usage_scans_runs_after_the_model_in_every_project() {
    let rec = replay::load("usage");
    let mut plan = scenarios::model_usage(&rec.args, rec.limits);
    replay(&rec, &mut plan);
    let v = plan.view();
    assert!(v.complete && !v.more);
    let names: Vec<&str> = v.consumers.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["evaluate-champion"]);
    assert_eq!(v.projects, 3);
}

#[test]
fn a_consumer_scan_stops_at_its_budget_and_offers_more() {
    let rec = replay::load("usage_tight");
    let mut plan = scenarios::model_usage(&rec.args, rec.limits);
    replay(&rec, &mut plan);
    let v = plan.view();
    assert_eq!(v.scanned, 5, "the budget is 5 runs");
    assert!(v.more && v.complete);
    assert!(
        v.notices
            .iter()
            .any(|n| n.text.starts_with("Scanned the first 5 runs")
                && n.text.contains("more were not scanned")),
        "{:?}",
        v.notices
    );
}

#[test]
fn lineage_of_a_model_reaches_its_producer_and_consumer() {
    let rec = replay::load("lineage_model");
    let mut plan = scenarios::lineage_of_model(&rec.args, rec.limits);
    replay(&rec, &mut plan);
    let v = plan.view();
    assert!(v.complete, "{:?}", v.notices);
    let labels = drawn_labels(&v);
    for want in [
        "sweep-lr-5",
        "evaluate-champion",
        "sweep-model:v5",
        "iris-train:v1",
    ] {
        assert!(
            labels.iter().any(|l| l == want),
            "{want} missing from {labels:?}"
        );
    }
}

/// The labels of the nodes the lineage view draws from what a lineage plan read.
fn drawn_labels(v: &artifact_explorer::plan::traverse::LineageView) -> Vec<String> {
    artifact_explorer::lineage::build::build(&v.runs, &v.collections)
        .graph
        .nodes()
        .iter()
        .map(|n| n.label.clone())
        .collect()
}

#[test]
fn lineage_upstream_of_a_run_numbers_what_it_draws() {
    let rec = replay::load("lineage_run_up");
    let mut plan = scenarios::lineage_of_run_upstream(&rec.args, rec.limits);
    replay(&rec, &mut plan);
    let v = plan.view();
    assert!(v.complete);
    let labels = drawn_labels(&v);
    for want in [
        "iris-test:v0",
        "sweep-model:v5",
        "sweep-lr-5",
        "prepare-data",
    ] {
        assert!(
            labels.iter().any(|l| l == want),
            "{want} missing from {labels:?}"
        );
    }
}
