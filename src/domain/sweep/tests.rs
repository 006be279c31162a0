//! Tests of the sweep rules: default metric, varying params, best models.
use super::*;
use crate::domain::run::{MetricValue, RunStatus};

fn run(name: &str, parent: Option<&str>, metrics: &[(&str, f64)]) -> Run {
    Run {
        id: format!("id-{name}"),
        name: name.into(),
        experiment_id: "1".into(),
        status: RunStatus::Finished,
        user: String::new(),
        start: None,
        end: None,
        job_type: "run".into(),
        parent_run_id: parent.map(|p| format!("id-{p}")),
        params: vec![],
        metrics: metrics
            .iter()
            .map(|(k, v)| MetricValue {
                key: k.to_string(),
                value: *v,
                step: 0,
                timestamp: None,
            })
            .collect(),
        tags: vec![],
        used_datasets: vec![],
        used_models: vec![],
        logged_models: vec![],
        artifact_uri: String::new(),
    }
}

#[test]
fn ranks_best_first_with_missing_last() {
    let runs = vec![
        run("a", Some("p"), &[("val_acc", 0.8), ("train_loss", 0.3)]),
        run("b", Some("p"), &[("val_acc", 0.95), ("train_loss", 0.5)]),
        run("c", Some("p"), &[("train_loss", 0.1)]),
        run(
            "d",
            Some("p"),
            &[("val_acc", f64::NAN), ("train_loss", 0.2)],
        ),
    ];
    let names =
        |r: Vec<(&Run, Option<f64>)>| r.iter().map(|(r, _)| r.name.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(rank(&runs, "val_acc", Goal::Max)),
        ["b", "a", "c", "d"]
    );
    assert_eq!(
        names(rank(&runs, "val_acc", Goal::Min)),
        ["a", "b", "c", "d"]
    );
    assert_eq!(
        names(rank(&runs, "train_loss", Goal::Min)),
        ["c", "d", "a", "b"]
    );
}

#[test]
fn default_metric_prefers_widely_reported_validation_metrics() {
    let runs = vec![
        run(
            "a",
            None,
            &[("val_acc", 0.8), ("train_loss", 0.3), ("x", 1.0)],
        ),
        run("b", None, &[("val_acc", 0.9), ("train_loss", 0.2)]),
    ];
    assert_eq!(metric_keys(&runs), ["val_acc", "train_loss", "x"]);
    assert_eq!(Goal::default_for("val_acc"), Goal::Max);
    assert_eq!(Goal::default_for("train_loss"), Goal::Min);
    assert!(metric_keys(&[]).is_empty());
}

#[test]
fn sweeps_need_children() {
    let runs = vec![
        run("p", None, &[]),
        run("c1", Some("p"), &[]),
        run("c2", Some("p"), &[]),
        run("solo", None, &[]),
    ];
    let s = sweeps(&runs);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].name, "p");
    assert_eq!(s[0].children, ["id-c1", "id-c2"]);
}

fn pick(names: &[&str]) -> (String, Goal) {
    default_metric(names).expect("a default metric")
}

fn is(name: &str, goal: Goal) -> (String, Goal) {
    (name.to_string(), goal)
}

// scikit-learn GridSearchCV under `mlflow.sklearn.autolog()`: each child gets the
// `cv_results_` columns of its parameter set. Names from scikit-learn's GridSearchCV
// reference (`cv_results_`, single and multi-metric scoring, `return_train_score`):
// https://scikit-learn.org/stable/modules/generated/sklearn.model_selection.GridSearchCV.html
// and the scorer names of https://scikit-learn.org/stable/modules/model_evaluation.html
// ("higher return values are better": `neg_*` errors). The seeded demo sweep's children
// report exactly the first list (tests/fixtures/mlflow/runs_search_gridsearch_children.json).
#[test]
fn default_metric_of_sklearn_gridsearch_children() {
    let child = [
        "mean_fit_time",
        "mean_score_time",
        "mean_test_score",
        "rank_test_score",
        "std_fit_time",
        "std_score_time",
        "std_test_score",
    ];
    assert_eq!(pick(&child), is("mean_test_score", Goal::Max));
    let with_train = [
        "mean_fit_time",
        "mean_train_score",
        "mean_test_score",
        "split0_test_score",
        "split0_train_score",
        "std_train_score",
    ];
    assert_eq!(pick(&with_train), is("mean_test_score", Goal::Max));
    let multi = [
        "mean_fit_time",
        "mean_test_AUC",
        "mean_test_Accuracy",
        "rank_test_AUC",
        "std_test_AUC",
    ];
    assert_eq!(pick(&multi), is("mean_test_AUC", Goal::Max));
    let negated = [
        "mean_fit_time",
        "mean_test_neg_mean_squared_error",
        "rank_test_neg_mean_squared_error",
    ];
    assert_eq!(
        pick(&negated),
        is("mean_test_neg_mean_squared_error", Goal::Max)
    );
    assert_eq!(Goal::default_for("mean_test_neg_log_loss"), Goal::Max);
    // Only timings and ranks: the rank, minimised.
    assert_eq!(
        pick(&["mean_fit_time", "rank_test_score", "std_fit_time"]),
        is("rank_test_score", Goal::Min)
    );
    assert_eq!(pick(&["mean_fit_time"]), is("mean_fit_time", Goal::Min));
}

// A plain (non-search) scikit-learn fit, and the GridSearchCV parent run: training metrics
// from the `mlflow.sklearn.autolog` reference (classifier: precision, recall, f1, accuracy,
// log loss, ROC AUC; its regressor example prints these exact keys):
// https://mlflow.org/docs/latest/api_reference/python_api/mlflow.sklearn.html
#[test]
fn default_metric_of_sklearn_training_runs() {
    let regressor = [
        "training_mean_absolute_error",
        "training_mean_squared_error",
        "training_r2_score",
        "training_root_mean_squared_error",
        "training_score",
    ];
    assert_eq!(pick(&regressor), is("training_r2_score", Goal::Max));
    assert_eq!(
        Goal::default_for("training_root_mean_squared_error"),
        Goal::Min
    );
    let parent = [
        "best_cv_score",
        "training_accuracy_score",
        "training_f1_score",
        "training_log_loss",
        "training_precision_score",
        "training_recall_score",
        "training_roc_auc",
        "training_score",
    ];
    assert_eq!(pick(&parent), is("best_cv_score", Goal::Max));
    assert_eq!(Goal::default_for("training_log_loss"), Goal::Min);
    assert_eq!(Goal::default_for("training_roc_auc"), Goal::Max);
    // post-training metrics: `{metric_name}_{dataset_name}` (same reference)
    assert_eq!(
        pick(&["accuracy_score_X_train", "accuracy_score_X_test"]),
        is("accuracy_score_X_test", Goal::Max)
    );
}

// XGBoost under `mlflow.xgboost.autolog()`: one metric per eval set and eval metric, named
// `{eval set}-{metric}`, plus `best_iteration`/`stopped_iteration` with early stopping
// (https://mlflow.org/docs/latest/api_reference/python_api/mlflow.xgboost.html). Eval set and
// metric names from the docs: the MLflow XGBoost guide trains with
// `evals=[(dtrain, "train"), (dtest, "test")]` on `reg:squarederror` (RMSE) and with
// `eval_metric=["logloss", "auc", "error"]`
// (https://mlflow.org/docs/latest/ml/traditional-ml/xgboost/guide); XGBoost's scikit-learn
// demo names its two eval sets `validation_0`, `validation_1` with `logloss`
// (https://xgboost.readthedocs.io/en/release_3.2.0/python/examples/sklearn_evals_result.html).
#[test]
fn default_metric_of_xgboost_runs() {
    assert_eq!(
        pick(&[
            "best_iteration",
            "stopped_iteration",
            "test-rmse",
            "train-rmse"
        ]),
        is("test-rmse", Goal::Min)
    );
    assert_eq!(
        pick(&[
            "test-auc",
            "test-error",
            "test-logloss",
            "train-auc",
            "train-error",
            "train-logloss",
        ]),
        is("test-auc", Goal::Max)
    );
    assert_eq!(
        pick(&["validation_0-logloss", "validation_1-logloss"]),
        is("validation_0-logloss", Goal::Min)
    );
    assert_eq!(Goal::default_for("train-error"), Goal::Min);
}

// LightGBM under `mlflow.lightgbm.autolog()`: `{dataset}-{metric}` per iteration, `@` in
// metric names replaced by `_at_` (https://mlflow.org/docs/latest/api_reference/python_api/mlflow.lightgbm.html).
// Names from LightGBM's docs: `record_evaluation` with sets `train` and `eval` and metric
// `logloss` (https://lightgbm.readthedocs.io/en/latest/pythonapi/lightgbm.record_evaluation.html);
// the plotting example trains on `valid_sets=[lgb_train, lgb_test]` (named `training`,
// `valid_1`) with `metric: ("l1", "l2")` (https://github.com/microsoft/LightGBM/blob/master/examples/python-guide/plot_example.py);
// metric names `multi_logloss`, `multi_error`, `auc`, `ndcg@k` from
// https://lightgbm.readthedocs.io/en/latest/Parameters.html#metric-parameters.
#[test]
fn default_metric_of_lightgbm_runs() {
    assert_eq!(
        pick(&["eval-logloss", "train-logloss"]),
        is("eval-logloss", Goal::Min)
    );
    assert_eq!(
        pick(&["training-l1", "training-l2", "valid_1-l1", "valid_1-l2"]),
        is("valid_1-l1", Goal::Min)
    );
    assert_eq!(
        pick(&[
            "training-multi_logloss",
            "valid_1-multi_error",
            "valid_1-multi_logloss"
        ]),
        is("valid_1-multi_error", Goal::Min)
    );
    assert_eq!(
        pick(&["training-auc", "valid_1-auc", "valid_1-binary_logloss"]),
        is("valid_1-auc", Goal::Max)
    );
    assert_eq!(Goal::default_for("valid_1-ndcg_at_3"), Goal::Max);
}

// PyTorch Lightning under `mlflow.pytorch.autolog()`: whatever the module logs with
// `self.log` ("Training loss; validation loss; average_test_accuracy; user-defined-metrics",
// https://mlflow.org/docs/latest/ml/tracking/autolog#autolog-pytorch), plus `stopped_epoch`
// and `restored_epoch` from EarlyStopping. The reference example logs `train_loss` and `acc`,
// and checkpoints on `val_loss` (https://mlflow.org/docs/latest/api_reference/python_api/mlflow.pytorch.html);
// Lightning's docs log `loss`, `acc`, `metric_n` (https://lightning.ai/docs/pytorch/stable/visualize/logging_basic.html),
// and a metric logged on step and epoch becomes `*_step` and `*_epoch`.
#[test]
fn default_metric_of_pytorch_lightning_runs() {
    assert_eq!(pick(&["acc", "train_loss"]), is("acc", Goal::Max));
    assert_eq!(
        pick(&[
            "restored_epoch",
            "stopped_epoch",
            "train_loss",
            "val_acc",
            "val_loss"
        ]),
        is("val_acc", Goal::Max)
    );
    assert_eq!(
        pick(&["train_loss_epoch", "train_loss_step", "val_loss"]),
        is("val_loss", Goal::Min)
    );
    assert_eq!(
        pick(&["acc", "loss", "metric_n", "average_test_accuracy"]),
        is("average_test_accuracy", Goal::Max)
    );
    assert_eq!(pick(&["epoch", "lr-Adam", "loss"]), is("loss", Goal::Min));
}

// Keras under `mlflow.keras.autolog()` / `mlflow.tensorflow.autolog()`: the `fit()` logs
// each epoch ("Training loss; validation loss; user-specified metrics", plus EarlyStopping's
// `stopped_epoch`, `restored_epoch`: https://mlflow.org/docs/latest/ml/tracking/autolog#autolog-keras).
// Keras names them `loss`, `sparse_categorical_accuracy`, `val_loss`,
// `val_sparse_categorical_accuracy` (https://keras.io/guides/training_with_built_in_methods/),
// or `accuracy`/`val_accuracy` with `metrics=["accuracy"]`.
#[test]
fn default_metric_of_keras_runs() {
    assert_eq!(
        pick(&[
            "loss",
            "sparse_categorical_accuracy",
            "val_loss",
            "val_sparse_categorical_accuracy"
        ]),
        is("val_sparse_categorical_accuracy", Goal::Max)
    );
    assert_eq!(
        pick(&["accuracy", "loss", "restored_epoch", "stopped_epoch"]),
        is("accuracy", Goal::Max)
    );
    assert_eq!(pick(&["loss", "val_loss"]), is("val_loss", Goal::Min));
    assert_eq!(Goal::default_for("val_accuracy"), Goal::Max);
}

#[test]
fn metric_names_split_into_words() {
    assert_eq!(
        words("validation_0-logloss"),
        ["validation", "0", "logloss"]
    );
    assert_eq!(words("valAccuracy"), ["val", "accuracy"]);
    assert_eq!(words("F1Score"), ["f1", "score"]);
    assert_eq!(words("mean_test_AUC"), ["mean", "test", "auc"]);
    assert_eq!(words("eval/ndcg@10"), ["eval", "ndcg", "10"]);
    assert!(words("").is_empty());
    // "latest" is not "test": whole words only
    assert_eq!(Goal::default_for("latest_loss"), Goal::Min);
    assert_eq!(pick(&["latest_loss", "val_foo"]), is("val_foo", Goal::Max));
}

#[test]
fn rates_are_maximised_and_empty_has_no_default() {
    assert_eq!(Goal::default_for("eval_samples_per_second"), Goal::Max);
    assert_eq!(Goal::default_for("eval_runtime"), Goal::Min);
    assert_eq!(
        pick(&["eval_runtime", "eval_samples_per_second", "eval_loss"]),
        is("eval_loss", Goal::Min)
    );
    assert_eq!(default_metric::<&str>(&[]), None);
}

#[test]
fn metric_keys_follow_the_rule_then_coverage() {
    let runs = vec![
        run(
            "a",
            None,
            &[
                ("mean_fit_time", 0.1),
                ("mean_test_score", 0.9),
                ("rank_test_score", 1.0),
            ],
        ),
        run(
            "b",
            None,
            &[("mean_fit_time", 0.2), ("rank_test_score", 2.0)],
        ),
    ];
    assert_eq!(
        metric_keys(&runs),
        ["mean_test_score", "rank_test_score", "mean_fit_time"]
    );
}

fn with_params(name: &str, params: &[(&str, &str)]) -> Run {
    Run {
        params: params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..run(name, Some("p"), &[])
    }
}

#[test]
fn swept_params_are_those_that_differ() {
    let runs = vec![
        with_params(
            "a",
            &[("C", "0.1"), ("max_iter", "1000"), ("solver", "lbfgs")],
        ),
        with_params(
            "b",
            &[("C", "1"), ("max_iter", "1000"), ("solver", "lbfgs")],
        ),
        with_params("c", &[("C", "10"), ("max_iter", "1000")]),
    ];
    let lists = || runs.iter().map(|r| r.params.as_slice());
    // `solver` is missing on one run: that differs too
    assert_eq!(varying_params(lists()), ["C", "solver"]);
    assert_eq!(param_columns(&runs, false), ["C", "solver"]);
    assert_eq!(param_columns(&runs, true), ["C", "max_iter", "solver"]);
    // one run sweeps nothing; identical runs sweep nothing
    assert!(varying_params(lists().take(1)).is_empty());
    let same = [runs[0].clone(), runs[0].clone()];
    assert!(param_columns(&same, false).is_empty());
    assert_eq!(param_columns(&same, true).len(), 3);
}

fn model_collection(name: &str, logged_by: &[&str]) -> Collection {
    Collection {
        kind: ArtifactKind::Model,
        type_name: "model".into(),
        name: name.into(),
        experiment_id: "1".into(),
        versions: logged_by
            .iter()
            .enumerate()
            .map(|(i, by)| Version {
                number: Some(i),
                id: format!("m-{name}-{i}"),
                created: Some(i as i64),
                updated: None,
                logged_by: Some(format!("id-{by}")),
                logged_by_inferred: false,
                aliases: vec![],
                registry_links: vec![],
                tags: vec![],
                params: vec![],
                metrics: vec![],
                status: String::new(),
                source: None,
                schema: String::new(),
                profile: String::new(),
            })
            .collect(),
        numbering: crate::domain::artifact::Numbering::Complete,
    }
}

fn ids(m: &BestModels) -> Vec<String> {
    m.versions.iter().map(|(_, v)| v.id.clone()).collect()
}

#[test]
fn best_model_is_the_best_childs_else_the_parents() {
    let parent = run("p", None, &[]);
    let (c1, c2) = (run("c1", Some("p"), &[]), run("c2", Some("p"), &[]));
    // W&B style: every child logs its model; the parent's is not shown
    let cols = vec![
        model_collection("sweep-model", &["c1", "c2"]),
        model_collection("summary", &["p"]),
    ];
    let m = best_models(&cols, &c2, &parent);
    assert_eq!(ids(&m), ["m-sweep-model-1"]);
    assert!(!m.from_parent);
    // GridSearchCV autolog: only the parent logged models
    let cols = vec![
        model_collection("best_estimator", &["p"]),
        model_collection("model", &["p"]),
    ];
    let m = best_models(&cols, &c1, &parent);
    assert_eq!(ids(&m), ["m-best_estimator-0", "m-model-0"]);
    assert!(m.from_parent);
    // nobody logged a model
    let m = best_models(&[], &c1, &parent);
    assert!(m.versions.is_empty());
    assert!(!m.from_parent);
    // a model output (not the source run) counts as logged by the run
    let mut out = run("c1", Some("p"), &[]);
    out.logged_models = vec!["m-model-0".into()];
    let m = best_models(&cols, &out, &parent);
    assert_eq!(ids(&m), ["m-model-0"]);
    assert!(!m.from_parent);
}
