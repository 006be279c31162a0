//! The sweep page's rules on a real autologged sweep: `mlflow.sklearn.autolog()` around a
//! `GridSearchCV` over six values of `C`, seeded by `scripts/seed_demo.py` (`iris-gridsearch`) and
//! captured from MLflow 3.17 (`tests/fixtures/mlflow/*gridsearch*.json`).

mod common;

use artifact_explorer::domain::artifact::model_collections;
use artifact_explorer::domain::sweep::{
    best_models, default_metric, metric_keys, param_columns, rank, Goal,
};
use artifact_explorer::domain::{table, Run};
use artifact_explorer::mlflow::wire;
use common::fixture;

fn children() -> Vec<Run> {
    fixture::<wire::SearchRunsResponse>("runs_search_gridsearch_children.json")
        .runs
        .iter()
        .map(Run::from)
        .collect()
}

fn parent() -> Run {
    Run::from(&fixture::<wire::GetRunResponse>("runs_get_gridsearch_parent.json").run)
}

#[test]
fn the_default_metric_is_mean_test_score_maximised() {
    let children = children();
    assert!(children.len() >= 2, "a sweep: {}", children.len());
    let keys = metric_keys(&children);
    assert!(keys.contains(&"mean_fit_time".to_string()), "{keys:?}");
    assert_eq!(
        default_metric(&keys),
        Some(("mean_test_score".to_string(), Goal::Max))
    );
    // the picker lists it first and the timings last
    assert_eq!(keys[0], "mean_test_score");
    assert!(keys.last().unwrap().ends_with("_time"), "{keys:?}");
}

#[test]
fn the_best_child_is_mlflows_best_by_mean_test_score() {
    let children = children();
    let mlflow_best = fixture::<wire::SearchRunsResponse>("runs_search_gridsearch_best.json").runs
        [0]
    .id()
    .to_string();
    let ranked = rank(&children, "mean_test_score", Goal::Max);
    assert_eq!(ranked[0].0.id, mlflow_best);
    assert!(
        ranked[0].1 > ranked[1].1,
        "a unique best: {:?}",
        ranked[1].1
    );
    // GridSearchCV's own rank agrees
    assert_eq!(ranked[0].0.metric("rank_test_score"), Some(1.0));
}

#[test]
fn only_the_swept_param_is_shown_by_default() {
    let children = children();
    assert_eq!(param_columns(&children, false), ["C"]);
    let all = param_columns(&children, true);
    assert!(
        all.len() > 10,
        "autolog logs every estimator param: {all:?}"
    );
    assert!(all
        .iter()
        .all(|k| children.iter().all(|r| r.param(k).is_some())));
    // each child has its own C
    let mut cs: Vec<&str> = children.iter().filter_map(|r| r.param("C")).collect();
    cs.sort();
    cs.dedup();
    assert_eq!(cs.len(), children.len());
}

#[test]
fn the_parents_models_stand_in_for_the_best_childs() {
    let children = children();
    let parent = parent();
    let models =
        fixture::<wire::SearchLoggedModelsResponse>("logged_models_search_gridsearch.json").models;
    let collections = model_collections(&models);
    let best = rank(&children, "mean_test_score", Goal::Max)[0].0.clone();
    let found = best_models(&collections, &best, &parent);
    assert!(found.from_parent);
    let mut names: Vec<&str> = found
        .versions
        .iter()
        .map(|(c, _)| c.name.as_str())
        .collect();
    names.sort();
    assert_eq!(names, ["best_estimator", "model"]);
    // …and they are exactly what MLflow lists for `source_run_id = parent`: the experiment-wide
    // listing the sweep page reads already holds them, no extra request needed.
    let by_parent: Vec<String> =
        fixture::<wire::SearchLoggedModelsResponse>("logged_models_search_gridsearch_parent.json")
            .models
            .iter()
            .map(|m| m.info.model_id.clone())
            .collect();
    let mut ids: Vec<String> = found.versions.iter().map(|(_, v)| v.id.clone()).collect();
    ids.sort();
    let mut expected = by_parent.clone();
    expected.sort();
    assert_eq!(ids, expected);
    // no child logged a model
    for c in &children {
        assert!(
            best_models(&collections, c, &parent).from_parent,
            "{}",
            c.name
        );
    }
}

#[test]
fn a_version_list_shows_only_params_that_differ_between_versions() {
    let models =
        fixture::<wire::SearchLoggedModelsResponse>("logged_models_search_gridsearch.json").models;
    // one version each: nothing differs, so no param columns (the MLmodel params stay on the
    // version page)
    for c in model_collections(&models) {
        assert_eq!(c.versions.len(), 1);
        assert!(!c.versions[0].params.is_empty(), "{} has params", c.name);
        assert!(table::key_columns(&c, 3).1.is_empty(), "{}", c.name);
    }
}
