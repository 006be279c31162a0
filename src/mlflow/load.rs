//! What each page needs, fetched from MLflow and mapped to domain types. Requests that do not
//! depend on each other are sent together; every list is paged with a bound.

use super::api;
use super::client::Client;
use super::lineage_query;
use super::wire;
use super::ApiError;
use crate::domain::{self, artifact, Collection, Count, Project, Run, Sweep};
use crate::routes::CollectionKind;
use futures::future::{join, join3, join_all};
use std::collections::HashMap;

/// At most this many experiments are listed (200 per page).
const MAX_EXPERIMENT_PAGES: usize = 50;
/// Run listings over GraphQL stop at this many pages of 1,000 and say "10,000+".
const MAX_RUN_ID_PAGES: usize = 10;
/// A page reads at most this many full runs (pages of 1,000).
const MAX_RUN_PAGES: usize = 5;
/// …and at most this many logged models (pages of 100): 10,000 versions.
const MAX_MODEL_PAGES: usize = 100;
/// Registry reads (registered models, model versions) stop after this many pages of 1,000.
const MAX_REGISTRY_PAGES: usize = 10;
/// GraphQL batches of `runs/get` in flight at once when scanning for model consumers.
const SCAN_CONCURRENCY: usize = 3;

pub async fn projects(client: &Client) -> Result<Vec<Project>, ApiError> {
    let paged = client
        .pages(
            api::search_experiments(200),
            MAX_EXPERIMENT_PAGES,
            |r: wire::SearchExperimentsResponse| (r.experiments, r.next_page_token),
        )
        .await?;
    Ok(paged.items.iter().map(Project::from).collect())
}

/// A run as listed over GraphQL: just enough to name and link it.
pub use super::lineage_query::RunStub as RunRef;

/// Lists an experiment's runs (id, name, start, status) over GraphQL — a few bytes per run
/// instead of the whole run from `runs/search`. `filter` uses MLflow's search syntax.
pub async fn run_refs(
    client: &Client,
    experiment_id: &str,
    filter: &str,
) -> Result<(Vec<RunRef>, bool), ApiError> {
    let experiments = [experiment_id.to_string()];
    let mut token: Option<String> = None;
    let mut out = Vec::new();
    for _ in 0..MAX_RUN_ID_PAGES {
        let query = lineage_query::run_ids_query(&experiments, filter, token.as_deref());
        let (page, next) = lineage_query::read_run_ids(client.graphql(&query).await?);
        out.extend(page);
        match next {
            Some(t) => token = Some(t),
            None => return Ok((out, false)),
        }
    }
    Ok((out, true))
}

pub async fn run_count(client: &Client, experiment_id: &str) -> Result<Count, ApiError> {
    let (runs, more) = run_refs(client, experiment_id, "").await?;
    Ok(Count {
        n: runs.len(),
        more,
    })
}

/// Everything the project page shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectData {
    pub project: Project,
    /// Model collections then dataset collections.
    pub collections: Vec<Collection>,
    /// Newest first.
    pub runs: Vec<Run>,
    pub runs_truncated: bool,
    pub models_truncated: bool,
    pub sweeps: Vec<Sweep>,
    /// The registry could not be read (aliases are missing); the rest of the page still works.
    pub registry_error: Option<ApiError>,
}

/// Registered models (with their aliases) and every model version, for alias attachment.
pub async fn registry(
    client: &Client,
) -> Result<(Vec<wire::RegisteredModel>, Vec<wire::ModelVersion>), ApiError> {
    let models = client.pages(
        api::search_registered_models("", 1000),
        MAX_REGISTRY_PAGES,
        |r: wire::SearchRegisteredModelsResponse| (r.registered_models, r.next_page_token),
    );
    let versions = client.pages(
        api::search_model_versions("", 1000),
        MAX_REGISTRY_PAGES,
        |r: wire::SearchModelVersionsResponse| (r.model_versions, r.next_page_token),
    );
    let (models, versions) = join(models, versions).await;
    Ok((models?.items, versions?.items))
}

async fn experiment(client: &Client, experiment_id: &str) -> Result<Project, ApiError> {
    let req = api::get_experiment(experiment_id);
    let e: wire::GetExperimentResponse = client.call(&req).await?;
    Ok(Project::from(&e.experiment))
}

async fn runs(
    client: &Client,
    experiment_id: &str,
    filter: &str,
) -> Result<(Vec<Run>, bool), ApiError> {
    let paged = client
        .pages(
            api::search_runs(
                &[experiment_id],
                filter,
                &["attributes.start_time DESC"],
                api::RUNS_PAGE,
            ),
            MAX_RUN_PAGES,
            |r: wire::SearchRunsResponse| (r.runs, r.next_page_token),
        )
        .await?;
    Ok((paged.items.iter().map(Run::from).collect(), paged.truncated))
}

async fn logged_models(
    client: &Client,
    experiment_id: &str,
    filter: &str,
) -> Result<(Vec<wire::LoggedModel>, bool), ApiError> {
    let paged = client
        .pages(
            api::search_logged_models(&[experiment_id], filter, 100),
            MAX_MODEL_PAGES,
            |r: wire::SearchLoggedModelsResponse| (r.models, r.next_page_token),
        )
        .await?;
    Ok((paged.items, paged.truncated))
}

/// Model collections with registry aliases attached; a registry failure is returned beside
/// them instead of failing the page.
async fn model_collections_with_registry(
    client: &Client,
    experiment_id: &str,
    filter: &str,
) -> Result<(Vec<Collection>, bool, Option<ApiError>), ApiError> {
    let (models, registry) = join(
        logged_models(client, experiment_id, filter),
        registry(client),
    )
    .await;
    let (models, truncated) = models?;
    let mut collections = artifact::model_collections(&models);
    let registry_error = match registry {
        Ok((registered, versions)) => {
            artifact::attach_registry(&mut collections, &registered, &versions);
            None
        }
        Err(e) => Some(e),
    };
    Ok((collections, truncated, registry_error))
}

pub async fn project(client: &Client, experiment_id: &str) -> Result<ProjectData, ApiError> {
    let (project, runs, models) = join3(
        experiment(client, experiment_id),
        runs(client, experiment_id, ""),
        model_collections_with_registry(client, experiment_id, ""),
    )
    .await;
    let project = project?;
    let (runs, runs_truncated) = runs?;
    let (mut collections, models_truncated, registry_error) = models?;
    collections.extend(artifact::dataset_collections(&runs));
    Ok(ProjectData {
        project,
        sweeps: domain::sweep::sweeps(&runs),
        collections,
        runs,
        runs_truncated,
        models_truncated,
        registry_error,
    })
}

/// A collection page: the collection, its project, the names of the runs it mentions, and the
/// runs that used its versions (datasets: known from `runs/search`; models: see [`model_consumers`]).
#[derive(Clone, Debug, PartialEq)]
pub struct CollectionData {
    pub project: Project,
    pub collection: Collection,
    pub run_names: HashMap<String, String>,
    /// Dataset collections only: the runs that used any of its versions.
    pub dataset_users: Vec<Run>,
    pub truncated: bool,
    pub registry_error: Option<ApiError>,
}

impl CollectionData {
    pub fn run_name(&self, id: &str) -> String {
        self.run_names
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.chars().take(8).collect())
    }
}

pub async fn collection(
    client: &Client,
    experiment_id: &str,
    kind: CollectionKind,
    name: &str,
) -> Result<CollectionData, ApiError> {
    let names = run_refs(client, experiment_id, "");
    let project = experiment(client, experiment_id);
    let not_found = || ApiError::Http {
        url: String::new(),
        status: 404,
        error_code: Some("RESOURCE_DOES_NOT_EXIST".into()),
        message: format!(
            "No {} collection named '{name}' in this project",
            kind.segment().trim_end_matches('s')
        ),
    };
    let (project, names, data) = match kind {
        CollectionKind::Models => {
            let filter = format!("name = {}", api::filter_string(name));
            let (p, n, m) = join3(
                project,
                names,
                model_collections_with_registry(client, experiment_id, &filter),
            )
            .await;
            let (collections, truncated, registry_error) = m?;
            let c = collections
                .into_iter()
                .find(|c| c.name == name)
                .ok_or_else(not_found)?;
            (p, n, (c, Vec::new(), truncated, registry_error))
        }
        CollectionKind::Datasets => {
            let filter = format!("dataset.name = {}", api::filter_string(name));
            let (p, n, r) = join3(project, names, runs(client, experiment_id, &filter)).await;
            let (users, truncated) = r?;
            let c = artifact::dataset_collections(&users)
                .into_iter()
                .find(|c| c.name == name)
                .ok_or_else(not_found)?;
            (p, n, (c, users, truncated, None))
        }
    };
    let (collection, dataset_users, truncated, registry_error) = data;
    let run_names = names?.0.into_iter().map(|r| (r.id, r.name)).collect();
    Ok(CollectionData {
        project: project?,
        collection,
        run_names,
        dataset_users,
        truncated,
        registry_error,
    })
}

/// The runs that used a logged model as an input, and how many runs were scanned.
///
/// MLflow reports model inputs only per run (`runs/get`), so this scans — but only runs of the
/// model's experiment that started after the model was created, ten per GraphQL request, a few
/// requests at a time.
pub async fn model_consumers(
    client: &Client,
    experiment_id: &str,
    model_id: &str,
    created: Option<i64>,
) -> Result<(Vec<RunRef>, usize), ApiError> {
    let filter = created
        .map(|t| format!("attributes.start_time >= {t}"))
        .unwrap_or_default();
    let (candidates, _) = run_refs(client, experiment_id, &filter).await?;
    let ids: Vec<String> = candidates.iter().map(|r| r.id.clone()).collect();
    let batches: Vec<&[String]> = ids.chunks(api::GRAPHQL_MAX_ROOT_FIELDS).collect();
    let mut consumers = Vec::new();
    for wave in batches.chunks(SCAN_CONCURRENCY) {
        let answers = join_all(wave.iter().map(|batch| {
            let query = lineage_query::get_runs_query(batch);
            async move { client.graphql::<serde_json::Value>(&query).await }
        }))
        .await;
        for answer in answers {
            for run in lineage_query::read_runs(answer?) {
                if run
                    .inputs
                    .model_inputs
                    .iter()
                    .any(|m| m.model_id == model_id)
                {
                    consumers.push(RunRef {
                        id: run.id().to_string(),
                        name: run.info.run_name.clone(),
                        status: run.info.status.clone(),
                        start: run.info.start_time,
                    });
                }
            }
        }
    }
    consumers.sort_by_key(|r| std::cmp::Reverse(r.start));
    Ok((consumers, candidates.len()))
}

/// A run page: the run, and the artifacts it logged and used, resolved to collections.
#[derive(Clone, Debug, PartialEq)]
pub struct RunData {
    pub project: Project,
    pub run: Run,
    /// Every collection of the project, to label artifacts `name:vN` and link them.
    pub collections: Vec<Collection>,
    pub run_names: HashMap<String, String>,
}

impl RunData {
    /// Finds the collection and version holding an artifact id (model id or dataset digest).
    pub fn locate(
        &self,
        kind: domain::ArtifactKind,
        id: &str,
        name: Option<&str>,
    ) -> Option<(&Collection, &domain::Version)> {
        self.collections
            .iter()
            .filter(|c| c.kind == kind && name.is_none_or(|n| n == c.name))
            .find_map(|c| c.versions.iter().find(|v| v.id == id).map(|v| (c, v)))
    }

    /// The logged models of this run (source run or model outputs).
    pub fn logged(&self) -> Vec<(&Collection, &domain::Version)> {
        self.collections
            .iter()
            .filter(|c| c.kind == domain::ArtifactKind::Model)
            .flat_map(|c| c.versions.iter().map(move |v| (c, v)))
            .filter(|(_, v)| {
                v.logged_by.as_deref() == Some(self.run.id.as_str())
                    || self.run.logged_models.contains(&v.id)
            })
            .collect()
    }

    /// Datasets whose source points into this run's artifacts (inferred).
    pub fn produced_datasets(&self) -> Vec<(&Collection, &domain::Version)> {
        self.collections
            .iter()
            .filter(|c| c.kind == domain::ArtifactKind::Dataset)
            .flat_map(|c| c.versions.iter().map(move |v| (c, v)))
            .filter(|(_, v)| v.logged_by.as_deref() == Some(self.run.id.as_str()))
            .collect()
    }
}

pub async fn run(client: &Client, experiment_id: &str, run_id: &str) -> Result<RunData, ApiError> {
    let req = api::get_run(run_id);
    let (got, project, (runs, models), names) = futures::join!(
        client.call::<wire::GetRunResponse>(&req),
        experiment(client, experiment_id),
        join(
            runs(client, experiment_id, ""),
            model_collections_with_registry(client, experiment_id, "")
        ),
        run_refs(client, experiment_id, ""),
    );
    let run = Run::from(&got?.run);
    let (runs, _) = runs?;
    let (mut collections, _, _) = models?;
    collections.extend(artifact::dataset_collections(&runs));
    Ok(RunData {
        project: project?,
        run,
        collections,
        run_names: names?.0.into_iter().map(|r| (r.id, r.name)).collect(),
    })
}

/// A sweep page: the parent run, its children (full runs, for metrics), and the logged models
/// of the project (to show the best run's artifacts — or the parent's, which are among them).
#[derive(Clone, Debug, PartialEq)]
pub struct SweepData {
    pub project: Project,
    pub parent: Run,
    pub children: Vec<Run>,
    pub collections: Vec<Collection>,
    /// The project has more logged models than were read: the best run's may be among those left out.
    pub models_truncated: bool,
}

pub async fn sweep(
    client: &Client,
    experiment_id: &str,
    parent_id: &str,
) -> Result<SweepData, ApiError> {
    let req = api::get_run(parent_id);
    let filter = format!(
        "tags.mlflow.parentRunId = {}",
        api::filter_string(parent_id)
    );
    let (parent, project, children, models) = futures::join!(
        client.call::<wire::GetRunResponse>(&req),
        experiment(client, experiment_id),
        runs(client, experiment_id, &filter),
        model_collections_with_registry(client, experiment_id, ""),
    );
    let (collections, models_truncated, _) = models?;
    Ok(SweepData {
        parent: Run::from(&parent?.run),
        project: project?,
        children: children?.0,
        collections,
        models_truncated,
    })
}

/// Registered models with their aliases (the registry page).
pub async fn registered_models(client: &Client) -> Result<Vec<wire::RegisteredModel>, ApiError> {
    Ok(client
        .pages(
            api::search_registered_models("", 1000),
            MAX_REGISTRY_PAGES,
            |r: wire::SearchRegisteredModelsResponse| (r.registered_models, r.next_page_token),
        )
        .await?
        .items)
}

/// One registered model: its versions (newest first), each with the logged model it points at.
#[derive(Clone, Debug, PartialEq)]
pub struct RegisteredModelData {
    pub model: wire::RegisteredModel,
    pub versions: Vec<(wire::ModelVersion, Option<wire::LoggedModel>)>,
}

pub async fn registered_model(
    client: &Client,
    name: &str,
) -> Result<RegisteredModelData, ApiError> {
    let get = api::get_registered_model(name);
    let filter = format!("name = {}", api::filter_string(name));
    let (model, versions) = join(
        client.call::<wire::GetRegisteredModelResponse>(&get),
        client.pages(
            api::search_model_versions(&filter, 1000),
            MAX_REGISTRY_PAGES,
            |r: wire::SearchModelVersionsResponse| (r.model_versions, r.next_page_token),
        ),
    )
    .await;
    let model = model?.registered_model;
    let mut versions = versions?.items;
    versions.sort_by_key(|v| std::cmp::Reverse(v.version.parse::<u64>().unwrap_or(0)));
    // Resolve each version's logged model, a few at a time; a missing one is not an error.
    let mut resolved = Vec::with_capacity(versions.len());
    for wave in versions.chunks(6) {
        let got = join_all(wave.iter().map(|v| async move {
            match artifact::logged_model_of(v) {
                Some(id) => {
                    let req = api::get_logged_model(&id);
                    client
                        .call::<wire::GetLoggedModelResponse>(&req)
                        .await
                        .ok()
                        .map(|r| r.model)
                }
                None => None,
            }
        }))
        .await;
        resolved.extend(wave.iter().cloned().zip(got));
    }
    Ok(RegisteredModelData {
        model,
        versions: resolved,
    })
}

/// A cheap probe for the status indicator: can we list one experiment?
pub async fn probe(client: &Client) -> Result<(), ApiError> {
    client
        .call::<wire::SearchExperimentsResponse>(&api::search_experiments(1))
        .await
        .map(|_| ())
}
