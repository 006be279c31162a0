//! Serde mirrors of MLflow 3.x REST responses (`/api/2.0/mlflow/…`, `/ajax-api/…`, `/graphql`).
//!
//! Only the fields the app reads are declared; unknown fields are ignored. Every struct has
//! `#[serde(default)]` and lenient scalars (see [`super::de`]) because protobuf's JSON printer
//! omits empty fields and a shared server holds data written by many clients.

use super::de;
use serde::Deserialize;

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Tag {
    #[serde(deserialize_with = "de::string")]
    pub key: String,
    #[serde(deserialize_with = "de::string")]
    pub value: String,
}

/// A run or logged-model parameter (same shape as a tag).
pub type Param = Tag;

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Experiment {
    #[serde(deserialize_with = "de::string")]
    pub experiment_id: String,
    #[serde(deserialize_with = "de::string")]
    pub name: String,
    #[serde(deserialize_with = "de::string")]
    pub artifact_location: String,
    #[serde(deserialize_with = "de::string")]
    pub lifecycle_stage: String,
    #[serde(deserialize_with = "de::opt_i64")]
    pub last_update_time: Option<i64>,
    #[serde(deserialize_with = "de::opt_i64")]
    pub creation_time: Option<i64>,
    #[serde(deserialize_with = "de::null_default")]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct SearchExperimentsResponse {
    #[serde(deserialize_with = "de::null_default")]
    pub experiments: Vec<Experiment>,
    #[serde(deserialize_with = "de::null_default")]
    pub next_page_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct GetExperimentResponse {
    #[serde(deserialize_with = "de::null_default")]
    pub experiment: Experiment,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct RunInfo {
    #[serde(deserialize_with = "de::string")]
    pub run_id: String,
    /// Older servers only send `run_uuid`; [`Run::id`] falls back to it.
    #[serde(deserialize_with = "de::string")]
    pub run_uuid: String,
    #[serde(deserialize_with = "de::string")]
    pub experiment_id: String,
    #[serde(deserialize_with = "de::string")]
    pub run_name: String,
    #[serde(deserialize_with = "de::string")]
    pub user_id: String,
    #[serde(deserialize_with = "de::string")]
    pub status: String,
    #[serde(deserialize_with = "de::opt_i64")]
    pub start_time: Option<i64>,
    #[serde(deserialize_with = "de::opt_i64")]
    pub end_time: Option<i64>,
    #[serde(deserialize_with = "de::string")]
    pub artifact_uri: String,
    #[serde(deserialize_with = "de::string")]
    pub lifecycle_stage: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Metric {
    #[serde(deserialize_with = "de::string")]
    pub key: String,
    #[serde(deserialize_with = "de::f64_lenient")]
    pub value: f64,
    #[serde(deserialize_with = "de::opt_i64")]
    pub timestamp: Option<i64>,
    #[serde(deserialize_with = "de::i64_or_zero")]
    pub step: i64,
    #[serde(deserialize_with = "de::null_default")]
    pub dataset_name: Option<String>,
    #[serde(deserialize_with = "de::null_default")]
    pub dataset_digest: Option<String>,
    #[serde(deserialize_with = "de::null_default")]
    pub model_id: Option<String>,
    #[serde(deserialize_with = "de::null_default")]
    pub run_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct RunData {
    #[serde(deserialize_with = "de::null_default")]
    pub metrics: Vec<Metric>,
    #[serde(deserialize_with = "de::null_default")]
    pub params: Vec<Param>,
    #[serde(deserialize_with = "de::null_default")]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Dataset {
    #[serde(deserialize_with = "de::string")]
    pub name: String,
    #[serde(deserialize_with = "de::string")]
    pub digest: String,
    #[serde(deserialize_with = "de::string")]
    pub source_type: String,
    /// A JSON document as a string, e.g. `{"url": "…"}` or `{"uri": "s3://…"}`.
    #[serde(deserialize_with = "de::string")]
    pub source: String,
    #[serde(deserialize_with = "de::string")]
    pub schema: String,
    #[serde(deserialize_with = "de::string")]
    pub profile: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct DatasetInput {
    #[serde(deserialize_with = "de::null_default")]
    pub tags: Vec<Tag>,
    #[serde(deserialize_with = "de::null_default")]
    pub dataset: Dataset,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ModelInput {
    #[serde(deserialize_with = "de::string")]
    pub model_id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ModelOutput {
    #[serde(deserialize_with = "de::string")]
    pub model_id: String,
    #[serde(deserialize_with = "de::i64_or_zero")]
    pub step: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct RunInputs {
    #[serde(deserialize_with = "de::null_default")]
    pub dataset_inputs: Vec<DatasetInput>,
    /// Present in `runs/get`, omitted by `runs/search`.
    #[serde(deserialize_with = "de::null_default")]
    pub model_inputs: Vec<ModelInput>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct RunOutputs {
    #[serde(deserialize_with = "de::null_default")]
    pub model_outputs: Vec<ModelOutput>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Run {
    #[serde(deserialize_with = "de::null_default")]
    pub info: RunInfo,
    #[serde(deserialize_with = "de::null_default")]
    pub data: RunData,
    #[serde(deserialize_with = "de::null_default")]
    pub inputs: RunInputs,
    #[serde(deserialize_with = "de::null_default")]
    pub outputs: RunOutputs,
}

impl Run {
    /// The run id, from `run_id` or the older `run_uuid`.
    pub fn id(&self) -> &str {
        if self.info.run_id.is_empty() {
            &self.info.run_uuid
        } else {
            &self.info.run_id
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct SearchRunsResponse {
    #[serde(deserialize_with = "de::null_default")]
    pub runs: Vec<Run>,
    #[serde(deserialize_with = "de::null_default")]
    pub next_page_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct GetRunResponse {
    #[serde(deserialize_with = "de::null_default")]
    pub run: Run,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct LoggedModelInfo {
    #[serde(deserialize_with = "de::string")]
    pub model_id: String,
    #[serde(deserialize_with = "de::string")]
    pub experiment_id: String,
    #[serde(deserialize_with = "de::string")]
    pub name: String,
    #[serde(deserialize_with = "de::opt_i64")]
    pub creation_timestamp_ms: Option<i64>,
    #[serde(deserialize_with = "de::opt_i64")]
    pub last_updated_timestamp_ms: Option<i64>,
    #[serde(deserialize_with = "de::string")]
    pub artifact_uri: String,
    #[serde(deserialize_with = "de::string")]
    pub status: String,
    #[serde(deserialize_with = "de::string")]
    pub model_type: String,
    #[serde(deserialize_with = "de::string")]
    pub source_run_id: String,
    #[serde(deserialize_with = "de::null_default")]
    pub tags: Vec<Tag>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct LoggedModelData {
    #[serde(deserialize_with = "de::null_default")]
    pub params: Vec<Param>,
    #[serde(deserialize_with = "de::null_default")]
    pub metrics: Vec<Metric>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct LoggedModel {
    #[serde(deserialize_with = "de::null_default")]
    pub info: LoggedModelInfo,
    #[serde(deserialize_with = "de::null_default")]
    pub data: LoggedModelData,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct SearchLoggedModelsResponse {
    #[serde(deserialize_with = "de::null_default")]
    pub models: Vec<LoggedModel>,
    #[serde(deserialize_with = "de::null_default")]
    pub next_page_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct GetLoggedModelResponse {
    #[serde(deserialize_with = "de::null_default")]
    pub model: LoggedModel,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct RegisteredModelAlias {
    #[serde(deserialize_with = "de::string")]
    pub alias: String,
    #[serde(deserialize_with = "de::string")]
    pub version: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ModelVersion {
    #[serde(deserialize_with = "de::string")]
    pub name: String,
    #[serde(deserialize_with = "de::string")]
    pub version: String,
    #[serde(deserialize_with = "de::opt_i64")]
    pub creation_timestamp: Option<i64>,
    #[serde(deserialize_with = "de::opt_i64")]
    pub last_updated_timestamp: Option<i64>,
    #[serde(deserialize_with = "de::string")]
    pub current_stage: String,
    #[serde(deserialize_with = "de::string")]
    pub description: String,
    /// `models:/m-…` when the version points at a logged model.
    #[serde(deserialize_with = "de::string")]
    pub source: String,
    #[serde(deserialize_with = "de::string")]
    pub run_id: String,
    #[serde(deserialize_with = "de::string")]
    pub status: String,
    #[serde(deserialize_with = "de::null_default")]
    pub tags: Vec<Tag>,
    /// Only `model-versions/get` and `registered-models/get` fill this.
    #[serde(deserialize_with = "de::null_default")]
    pub aliases: Vec<String>,
    #[serde(deserialize_with = "de::string")]
    pub model_id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct RegisteredModel {
    #[serde(deserialize_with = "de::string")]
    pub name: String,
    #[serde(deserialize_with = "de::opt_i64")]
    pub creation_timestamp: Option<i64>,
    #[serde(deserialize_with = "de::opt_i64")]
    pub last_updated_timestamp: Option<i64>,
    #[serde(deserialize_with = "de::string")]
    pub description: String,
    #[serde(deserialize_with = "de::null_default")]
    pub latest_versions: Vec<ModelVersion>,
    #[serde(deserialize_with = "de::null_default")]
    pub tags: Vec<Tag>,
    #[serde(deserialize_with = "de::null_default")]
    pub aliases: Vec<RegisteredModelAlias>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct SearchRegisteredModelsResponse {
    #[serde(deserialize_with = "de::null_default")]
    pub registered_models: Vec<RegisteredModel>,
    #[serde(deserialize_with = "de::null_default")]
    pub next_page_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct GetRegisteredModelResponse {
    #[serde(deserialize_with = "de::null_default")]
    pub registered_model: RegisteredModel,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct SearchModelVersionsResponse {
    #[serde(deserialize_with = "de::null_default")]
    pub model_versions: Vec<ModelVersion>,
    #[serde(deserialize_with = "de::null_default")]
    pub next_page_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct GetModelVersionResponse {
    #[serde(deserialize_with = "de::null_default")]
    pub model_version: ModelVersion,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct FileInfo {
    #[serde(deserialize_with = "de::string")]
    pub path: String,
    #[serde(deserialize_with = "de::bool_lenient")]
    pub is_dir: bool,
    #[serde(deserialize_with = "de::opt_i64")]
    pub file_size: Option<i64>,
}

/// `artifacts/list` and `logged-models/{id}/artifacts/directories`: one folder level.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ListArtifactsResponse {
    #[serde(deserialize_with = "de::string")]
    pub root_uri: String,
    #[serde(deserialize_with = "de::null_default")]
    pub files: Vec<FileInfo>,
    #[serde(deserialize_with = "de::null_default")]
    pub next_page_token: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct DatasetSummary {
    #[serde(deserialize_with = "de::string")]
    pub experiment_id: String,
    #[serde(deserialize_with = "de::string")]
    pub name: String,
    #[serde(deserialize_with = "de::string")]
    pub digest: String,
    #[serde(deserialize_with = "de::null_default")]
    pub context: Option<String>,
}

/// `/ajax-api/2.0/mlflow/experiments/search-datasets`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct SearchDatasetsResponse {
    #[serde(deserialize_with = "de::null_default")]
    pub dataset_summaries: Vec<DatasetSummary>,
}

/// The error body MLflow sends with 4xx/5xx answers.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    #[serde(deserialize_with = "de::string")]
    pub error_code: String,
    #[serde(deserialize_with = "de::string")]
    pub message: String,
}

/// `/graphql` answers `{ "data": {...}, "errors": [...] }`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct GraphqlResponse<T> {
    pub data: Option<T>,
    #[serde(default, deserialize_with = "de::null_default")]
    pub errors: Vec<GraphqlError>,
}

/// MLflow's `/graphql` sends its errors as plain strings; the GraphQL spec's `{message}` objects
/// are read too.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GraphqlError {
    pub message: String,
}

impl<'de> Deserialize<'de> for GraphqlError {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Object {
                #[serde(default, deserialize_with = "de::string")]
                message: String,
            },
            Other(serde::de::IgnoredAny),
        }
        Ok(GraphqlError {
            message: match Raw::deserialize(d)? {
                Raw::Text(message) | Raw::Object { message } => message,
                Raw::Other(_) => String::new(),
            },
        })
    }
}
