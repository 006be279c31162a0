//! MLflow wire → domain mapping, on responses captured from a real MLflow 3.17 server seeded by
//! `scripts/seed_demo.py` (see `tests/fixtures/mlflow/README.md`), plus synthetic edge cases.

mod common;

use common::{all_runs, fixture, fixture_path};

use artifact_explorer::domain::artifact::{
    attach_registry, dataset_collections, model_collections,
};
use artifact_explorer::domain::{sweep, Alias, DatasetSource, Project, Run, RunStatus};
use artifact_explorer::mlflow::{decode, wire, ApiError};

#[test]
fn every_captured_response_decodes() {
    fixture::<wire::SearchExperimentsResponse>("experiments_search.json");
    fixture::<wire::GetExperimentResponse>("experiments_get.json");
    fixture::<wire::GetExperimentResponse>("experiments_get_by_name.json");
    fixture::<wire::SearchRunsResponse>("runs_search_page1.json");
    fixture::<wire::SearchRunsResponse>("runs_search_page2.json");
    fixture::<wire::SearchRunsResponse>("runs_search_all.json");
    fixture::<wire::SearchLoggedModelsResponse>("logged_models_search.json");
    fixture::<wire::GetLoggedModelResponse>("logged_models_get.json");
    fixture::<wire::ListArtifactsResponse>("logged_models_artifacts_directories.json");
    fixture::<wire::SearchRegisteredModelsResponse>("registered_models_search.json");
    fixture::<wire::GetRegisteredModelResponse>("registered_models_get.json");
    fixture::<wire::SearchModelVersionsResponse>("model_versions_search.json");
    fixture::<wire::GetModelVersionResponse>("model_versions_get.json");
    fixture::<wire::GetModelVersionResponse>("registered_models_alias_get.json");
    fixture::<wire::ListArtifactsResponse>("artifacts_list_eval_root.json");
    fixture::<wire::ListArtifactsResponse>("artifacts_list_eval_nested.json");
    fixture::<wire::SearchDatasetsResponse>("experiments_search_datasets.json");
    fixture::<wire::GraphqlResponse<serde_json::Value>>("graphql_get_runs.json");
}

#[test]
fn experiments_become_projects_with_descriptions() {
    let resp: wire::SearchExperimentsResponse = fixture("experiments_search.json");
    let projects: Vec<Project> = resp.experiments.iter().map(Project::from).collect();
    let demo = projects
        .iter()
        .find(|p| p.name == "artifacts-demo")
        .expect("demo project");
    assert!(
        !demo.description.is_empty(),
        "mlflow.note.content is the description"
    );
    assert!(demo.tags.iter().all(|(k, _)| !k.starts_with("mlflow.")));
    assert!(projects.iter().any(|p| p.name == "scratch"));
    assert!(projects.iter().any(|p| p.name == "Default"));
}

#[test]
fn runs_map_status_job_type_inputs_and_parent() {
    let runs = all_runs();
    let eval = runs
        .iter()
        .find(|r| r.name == "evaluate-champion")
        .expect("eval run");
    assert_eq!(eval.status, RunStatus::Finished);
    assert_eq!(eval.job_type, "eval");
    assert_eq!(eval.used_models.len(), 1, "runs/get reports model inputs");
    let test_ds = eval
        .used_datasets
        .iter()
        .find(|d| d.name == "iris-test")
        .expect("iris-test input");
    assert_eq!(test_ds.context.as_deref(), Some("evaluation"));
    let prep = runs
        .iter()
        .find(|r| r.name == "prepare-data")
        .expect("prep run");
    assert_eq!(
        test_ds.source.producer_run(),
        Some(prep.id.as_str()),
        "inferred logged_by"
    );

    let child = runs
        .iter()
        .find(|r| r.name == "sweep-lr-5")
        .expect("best sweep child");
    let parent = runs
        .iter()
        .find(|r| r.name == "sweep-lr")
        .expect("sweep parent");
    assert_eq!(child.parent_run_id.as_deref(), Some(parent.id.as_str()));
    assert!(child.metric("val_acc").is_some());
    assert!(child.param("lr").is_some());
    assert!(child.duration_ms().is_some());
}

#[test]
fn logged_models_group_into_collections_numbered_by_creation() {
    let models = fixture::<wire::SearchLoggedModelsResponse>("logged_models_search.json").models;
    let collections = model_collections(&models);
    let names: Vec<&str> = collections.iter().map(|c| c.name.as_str()).collect();
    for expected in ["sweep-model", "cnn", "resnet"] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    for c in &collections {
        for (i, v) in c.versions.iter().enumerate() {
            assert_eq!(v.number, Some(i));
            assert_eq!(v.label(), format!("v{i}"));
            assert_eq!(
                v.aliases.contains(&Alias::Latest),
                i + 1 == c.versions.len()
            );
        }
        assert!(c.versions.windows(2).all(|w| w[0].created <= w[1].created));
        assert!(c.versions.iter().all(|v| v.logged_by.is_some()));
    }
    let cnn = collections.iter().find(|c| c.name == "cnn").unwrap();
    assert_eq!(
        cnn.type_name, "classifier",
        "model_type is the artifact type"
    );
    let resnet = collections.iter().find(|c| c.name == "resnet").unwrap();
    assert_eq!(resnet.type_name, "model");
    let total: usize = collections.iter().map(|c| c.versions.len()).sum();
    assert_eq!(total, models.len());
}

#[test]
fn registry_aliases_land_on_the_logged_models_they_point_at() {
    let models = fixture::<wire::SearchLoggedModelsResponse>("logged_models_search.json").models;
    let registered =
        fixture::<wire::GetRegisteredModelResponse>("registered_models_get.json").registered_model;
    let versions =
        fixture::<wire::SearchModelVersionsResponse>("model_versions_search.json").model_versions;
    let mut collections = model_collections(&models);
    attach_registry(
        &mut collections,
        std::slice::from_ref(&registered),
        &versions,
    );

    for alias in &registered.aliases {
        let mv = versions
            .iter()
            .find(|v| v.version == alias.version)
            .expect("aliased version");
        let model_id = mv.source.trim_start_matches("models:/");
        let (c, v) = collections
            .iter()
            .find_map(|c| c.versions.iter().find(|v| v.id == model_id).map(|v| (c, v)))
            .expect("the logged model is in a collection");
        let label = format!("{}@{}", registered.name, alias.alias);
        assert!(
            v.aliases.iter().any(|a| a.label() == label),
            "{label} on {}:{}",
            c.name,
            v.label()
        );
        assert_eq!(c.resolve(&alias.alias).map(|x| &x.id), Some(&v.id));
        assert!(v.registry_links.iter().any(|l| l.version == alias.version));
    }
    let champion = collections
        .iter()
        .find_map(|c| c.resolve("champion").map(|v| (c, v)));
    assert_eq!(champion.map(|(c, _)| c.name.as_str()), Some("sweep-model"));
}

#[test]
fn versions_resolve_by_number_alias_and_id() {
    let models = fixture::<wire::SearchLoggedModelsResponse>("logged_models_search.json").models;
    let collections = model_collections(&models);
    let c = collections
        .iter()
        .find(|c| c.name == "sweep-model")
        .unwrap();
    assert_eq!(c.resolve("v0").unwrap().number, Some(0));
    assert_eq!(
        c.resolve("latest").unwrap().number,
        Some(c.versions.len() - 1)
    );
    let v3 = c.resolve("v3").unwrap();
    assert_eq!(c.resolve(&v3.id).unwrap().number, Some(3));
    assert!(c.resolve("v999").is_none());
    assert!(c.resolve("no-such-alias").is_none());
    assert!(c.resolve("").is_none());
}

#[test]
fn datasets_become_collections_with_digest_versions() {
    let runs = all_runs();
    let datasets = dataset_collections(&runs);
    let train = datasets
        .iter()
        .find(|c| c.name == "iris-train")
        .expect("iris-train");
    assert_eq!(train.versions.len(), 2, "two digests of one dataset name");
    assert!(train
        .versions
        .iter()
        .all(|v| v.logged_by_inferred && v.logged_by.is_some()));
    assert!(train.latest().unwrap().aliases.contains(&Alias::Latest));
    let raw = datasets
        .iter()
        .find(|c| c.name == "raw-images")
        .expect("reference dataset");
    match &raw.versions[0].source {
        Some(DatasetSource::Uri(u)) => assert!(u.starts_with("s3://")),
        other => panic!("raw-images source: {other:?}"),
    }
    assert!(raw.versions[0].logged_by.is_none());
}

#[test]
fn sweeps_group_children_under_their_parent() {
    let runs = all_runs();
    let sweeps = sweep::sweeps(&runs);
    assert_eq!(sweeps.len(), 1, "{sweeps:?}");
    assert_eq!(sweeps[0].name, "sweep-lr");
    let children = runs
        .iter()
        .filter(|r| r.name.starts_with("sweep-lr-"))
        .count();
    assert!(children >= 8);
    assert_eq!(sweeps[0].children.len(), children);
}

#[test]
fn mlflow_404_body_becomes_a_not_found_error() {
    let body = std::fs::read_to_string(fixture_path("error_runs_get_not_found.json")).unwrap();
    let e = ApiError::from_status("/api/2.0/mlflow/runs/get", 404, &body);
    assert!(e.is_not_found());
    assert!(e.title().contains("RESOURCE_DOES_NOT_EXIST"));
}

#[test]
fn graphql_int64_strings_decode() {
    #[derive(serde::Deserialize)]
    struct Info {
        #[serde(
            rename = "startTime",
            deserialize_with = "artifact_explorer::mlflow::de::opt_i64"
        )]
        start: Option<i64>,
    }
    let v: wire::GraphqlResponse<serde_json::Value> = fixture("graphql_get_runs.json");
    let info = &v.data.unwrap()["child"]["run"]["info"];
    let info: Info = serde_json::from_value(info.clone()).unwrap();
    assert!(info.start.unwrap() > 1_700_000_000_000);
}

#[test]
fn missing_null_and_odd_fields_do_not_fail() {
    let r: wire::SearchRunsResponse = decode("/x", r#"{}"#).unwrap();
    assert!(r.runs.is_empty());
    let r: wire::SearchRunsResponse = decode(
        "/x",
        r#"{"runs":[{"info":null,"data":{"metrics":[{"key":"m","value":"NaN","step":"3"}],"params":null,"tags":[{"key":5,"value":true}]},"inputs":{"dataset_inputs":null}}],"next_page_token":null}"#,
    )
    .unwrap();
    let run = Run::from(&r.runs[0]);
    assert!(run.metric("m").unwrap().is_nan());
    assert_eq!(run.metrics[0].step, 3);
    assert_eq!(run.status, RunStatus::Other(String::new()));
    let e = decode::<wire::SearchRunsResponse>("/x", "<html>oops</html>").unwrap_err();
    assert!(matches!(e, ApiError::Decode { .. }));
    assert!(decode::<wire::SearchRunsResponse>("/x", r#"{"runs": [1"#).is_err());
}

#[test]
fn ten_thousand_versions_number_correctly() {
    let models: Vec<wire::LoggedModel> = (0..10_000)
        .map(|i| wire::LoggedModel {
            info: wire::LoggedModelInfo {
                model_id: format!("m-{i:05}"),
                experiment_id: "1".into(),
                name: if i % 2 == 0 {
                    "even".into()
                } else {
                    "odd".into()
                },
                creation_timestamp_ms: Some(1_700_000_000_000 + (9_999 - i) as i64),
                ..Default::default()
            },
            ..Default::default()
        })
        .collect();
    // how long this takes is printed by `cargo run --release --example domain_bench`
    let collections = model_collections(&models);
    assert_eq!(collections.len(), 2);
    for c in &collections {
        assert_eq!(c.versions.len(), 5_000);
        // creation time runs backwards with i, so v0 is the highest i
        assert!(c.versions[0].id > c.versions[4_999].id);
        assert_eq!(c.resolve("v4999").unwrap().aliases, vec![Alias::Latest]);
    }
}

#[test]
fn empty_collections_and_inputs() {
    assert!(model_collections(&[]).is_empty());
    assert!(dataset_collections(&[]).is_empty());
    let nameless = wire::LoggedModel::default();
    assert!(
        model_collections(&[nameless]).is_empty(),
        "a model without id is skipped"
    );
}
