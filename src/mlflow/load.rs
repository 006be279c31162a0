//! What each page needs, fetched from MLflow and mapped to domain types. Requests that do not
//! depend on each other are sent together.

use super::api;
use super::client::Client;
use super::wire;
use super::ApiError;
use crate::domain::{self, artifact, Collection, Count, Project, Run, Sweep};
use futures::future::join;

/// At most this many experiments are listed (200 per page).
const MAX_EXPERIMENT_PAGES: usize = 50;
/// Run counts stop at this many pages of 1,000 ids and show "10,000+".
const MAX_RUN_ID_PAGES: usize = 10;
/// A project page reads at most this many runs (pages of 1,000).
const MAX_RUN_PAGES: usize = 5;
/// …and at most this many logged models (pages of 100).
const MAX_MODEL_PAGES: usize = 20;
/// Registry reads (registered models, model versions) stop after this many pages of 1,000.
const MAX_REGISTRY_PAGES: usize = 10;

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

#[derive(serde::Deserialize)]
struct RunIdsData {
    #[serde(rename = "mlflowSearchRuns")]
    search: Option<RunIdsPage>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RunIdsPage {
    #[serde(deserialize_with = "super::de::null_default")]
    runs: Vec<serde_json::Value>,
    #[serde(rename = "nextPageToken", deserialize_with = "super::de::null_default")]
    next_page_token: Option<String>,
}

/// Counts an experiment's runs by paging through their ids over GraphQL (a few bytes per run
/// instead of the whole run from `runs/search`).
pub async fn run_count(client: &Client, experiment_id: &str) -> Result<Count, ApiError> {
    let mut token: Option<String> = None;
    let mut n = 0;
    for _ in 0..MAX_RUN_ID_PAGES {
        let req = api::graphql_run_ids_page(experiment_id, token.as_deref());
        let query = req
            .body
            .as_ref()
            .and_then(|b| b["query"].as_str())
            .unwrap_or_default()
            .to_string();
        let data: RunIdsData = client.graphql(&query).await?;
        let page = data.search.unwrap_or_default();
        n += page.runs.len();
        match page.next_page_token.filter(|t| !t.is_empty()) {
            Some(t) => token = Some(t),
            None => return Ok(Count { n, more: false }),
        }
    }
    Ok(Count { n, more: true })
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

pub async fn project(client: &Client, experiment_id: &str) -> Result<ProjectData, ApiError> {
    let ids = [experiment_id];
    let experiment_req = api::get_experiment(experiment_id);
    let experiment = client.call::<wire::GetExperimentResponse>(&experiment_req);
    let runs = client.pages(
        api::search_runs(&ids, "", &["attributes.start_time DESC"], api::RUNS_PAGE),
        MAX_RUN_PAGES,
        |r: wire::SearchRunsResponse| (r.runs, r.next_page_token),
    );
    let models = client.pages(
        api::search_logged_models(&ids, "", 100),
        MAX_MODEL_PAGES,
        |r: wire::SearchLoggedModelsResponse| (r.models, r.next_page_token),
    );
    let (experiment, ((runs, models), registry)) =
        join(experiment, join(join(runs, models), registry(client))).await;
    let experiment = experiment?;
    let runs = runs?;
    let models = models?;
    let domain_runs: Vec<Run> = runs.items.iter().map(Run::from).collect();
    let mut collections = artifact::model_collections(&models.items);
    let registry_error = match registry {
        Ok((registered, versions)) => {
            artifact::attach_registry(&mut collections, &registered, &versions);
            None
        }
        Err(e) => Some(e),
    };
    collections.extend(artifact::dataset_collections(&domain_runs));
    Ok(ProjectData {
        project: Project::from(&experiment.experiment),
        sweeps: domain::sweep::sweeps(&domain_runs),
        collections,
        runs: domain_runs,
        runs_truncated: runs.truncated,
        models_truncated: models.truncated,
        registry_error,
    })
}

/// A cheap probe for the status indicator: can we list one experiment?
pub async fn probe(client: &Client) -> Result<(), ApiError> {
    client
        .call::<wire::SearchExperimentsResponse>(&api::search_experiments(1))
        .await
        .map(|_| ())
}
