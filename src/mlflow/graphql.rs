//! The GraphQL documents the app sends to MLflow's `/graphql`, and the reading of their answers
//! into the REST wire types (GraphQL answers in camelCase; keys are renamed and [`wire::Run`]'s
//! lenient decoding reused). GraphQL lets a listing ask for just the fields it needs: a run
//! listing for names and ids is a few dozen bytes per run, where `runs/search` sends every
//! param, metric and tag. Pure, tested natively.

use super::api::{graphql_string, GRAPHQL_MAX_ROOT_FIELDS};
use super::wire;
use super::ApiError;
use serde_json::{Map, Value};

/// The fields of a run the lineage needs: info, tags (job type, parent), inputs and outputs.
const FULL_RUN: &str = "info { runId runName experimentId status startTime endTime artifactUri userId lifecycleStage } \
data { tags { key value } } \
inputs { datasetInputs { dataset { name digest sourceType source } tags { key value } } modelInputs { modelId } } \
outputs { modelOutputs { modelId step } }";

/// Which fields a run listing asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunFields {
    /// Id, name, experiment, status, start: to count, name and link runs.
    Info,
    /// Plus tags (job type, sweep parent).
    Tags,
    /// Plus dataset inputs (name, digest, source, context): to number dataset versions.
    Datasets,
    /// Dataset inputs and tags: runs drawn in the lineage (job type) from a dataset listing.
    DatasetsAndTags,
}

impl RunFields {
    fn selection(self) -> &'static str {
        match self {
            RunFields::Info => "info { runId runName experimentId status startTime lifecycleStage }",
            RunFields::Tags => {
                "info { runId runName experimentId status startTime endTime lifecycleStage } data { tags { key value } }"
            }
            RunFields::Datasets => {
                "info { runId runName experimentId status startTime lifecycleStage } \
                 inputs { datasetInputs { dataset { name digest sourceType source } tags { key value } } }"
            }
            RunFields::DatasetsAndTags => {
                "info { runId runName experimentId status startTime endTime lifecycleStage } \
                 data { tags { key value } } \
                 inputs { datasetInputs { dataset { name digest sourceType source } tags { key value } } }"
            }
        }
    }
}

/// One `/graphql` document fetching up to [`GRAPHQL_MAX_ROOT_FIELDS`] runs by id, as root
/// fields `r0`…`r9`, with everything the lineage needs (model inputs included, which
/// `runs/search` leaves out). Extra ids are ignored: callers chunk.
pub fn get_runs_query(run_ids: &[String]) -> String {
    get_runs_with(run_ids, FULL_RUN)
}

/// Like [`get_runs_query`], asking only for what `fields` names.
pub fn get_runs_fields_query(run_ids: &[String], fields: RunFields) -> String {
    get_runs_with(run_ids, fields.selection())
}

fn get_runs_with(run_ids: &[String], selection: &str) -> String {
    let mut q = String::from("query GetRuns {");
    for (i, id) in run_ids.iter().take(GRAPHQL_MAX_ROOT_FIELDS).enumerate() {
        q.push_str(&format!(
            " r{i}: mlflowGetRun(input: {{runId: {}}}) {{ run {{ {selection} }} }}",
            graphql_string(id)
        ));
    }
    q.push_str(" }");
    q
}

/// A listing of active runs of some experiments matching `filter` (MLflow's search syntax),
/// ordered by `order_by`, asking only for `fields`. Pages by `$pageToken`. (MLflow 3.17's
/// GraphQL cannot list deleted runs: any `runViewType` fails to parse on the server.)
pub fn search_runs_query(
    experiment_ids: &[String],
    filter: &str,
    order_by: &[&str],
    fields: RunFields,
    page_size: u32,
) -> String {
    let ids: Vec<String> = experiment_ids.iter().map(|e| graphql_string(e)).collect();
    let order: Vec<String> = order_by.iter().map(|o| graphql_string(o)).collect();
    format!(
        "query SearchRuns($pageToken: String) {{ mlflowSearchRuns(input: {{experimentIds: [{}], filter: {}, \
         orderBy: [{}], maxResults: {page_size}, pageToken: $pageToken}}) \
         {{ runs {{ {} }} nextPageToken }} }}",
        ids.join(", "),
        graphql_string(filter),
        order.join(", "),
        fields.selection()
    )
}

/// Reads a `/graphql` answer: its `data`, or its first error.
pub fn decode_answer(url: &str, text: &str) -> Result<Value, ApiError> {
    let resp: wire::GraphqlResponse<Value> = super::decode(url, text)?;
    match (resp.data, resp.errors.first()) {
        (Some(data), None) => Ok(data),
        (_, Some(err)) => Err(ApiError::Decode {
            url: url.to_string(),
            detail: format!("GraphQL error: {}", super::error::clip(&err.message, 300)),
        }),
        (None, None) => Err(ApiError::Decode {
            url: url.to_string(),
            detail: "GraphQL answer without data".into(),
        }),
    }
}

/// One page of [`search_runs_query`]: the runs and the next page token.
pub fn split_search_runs(
    url: &str,
    text: &str,
) -> Result<(Vec<wire::Run>, Option<String>), ApiError> {
    let data = decode_answer(url, text)?;
    let page = data.get("mlflowSearchRuns").cloned().unwrap_or(Value::Null);
    let token = page
        .get("nextPageToken")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    let runs = match page.get("runs") {
        Some(Value::Array(runs)) => runs
            .iter()
            .filter_map(|r| from_text::<wire::Run>(&snake_keys(r.clone())))
            .filter(|r| !r.id().is_empty())
            .collect(),
        _ => Vec::new(),
    };
    Ok((runs, token))
}

/// Reads the answer of [`get_runs_query`]: the runs found, in the order asked (missing or
/// unreadable ones are left out).
pub fn split_get_runs(url: &str, text: &str) -> Result<Vec<wire::Run>, ApiError> {
    Ok(read_runs(decode_answer(url, text)?))
}

/// `camelCase` → `snake_case`.
pub fn snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Renames every object key to snake_case, recursively.
pub fn snake_keys(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (snake(&k), snake_keys(v)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(snake_keys).collect()),
        other => other,
    }
}

/// Decodes through text rather than `from_value`: the wire types' decoders are then shared with
/// the REST answers instead of compiled a second time for `Value` (wasm bundle size).
fn from_text<T: serde::de::DeserializeOwned>(v: &Value) -> Option<T> {
    serde_json::to_string(v)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
}

/// Reads the answer of [`get_runs_query`]: the runs found (missing or unreadable ones are
/// left out).
pub fn read_runs(data: Value) -> Vec<wire::Run> {
    let Value::Object(map) = data else {
        return Vec::new();
    };
    let mut fields: Vec<(String, Value)> = map.into_iter().collect();
    fields.sort_by_key(|(k, _)| k.trim_start_matches('r').parse::<usize>().unwrap_or(0));
    fields
        .into_iter()
        .filter_map(|(_, v)| {
            let run = snake_keys(v.get("run")?.clone());
            from_text::<wire::Run>(&run).filter(|r| !r.id().is_empty())
        })
        .collect()
}

/// Whether a run can change no more (only those are cached for the session).
pub fn is_terminal(status: &str) -> bool {
    matches!(status, "FINISHED" | "FAILED" | "KILLED")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_at_most_ten_runs_with_escaped_ids() {
        let ids: Vec<String> = (0..12).map(|i| format!("id{i}\"x")).collect();
        let q = get_runs_query(&ids);
        assert_eq!(q.matches("mlflowGetRun").count(), 10);
        assert!(q.contains(r#"runId: "id0\"x""#));
        assert!(!q.contains("id10"));
    }

    #[test]
    fn reads_graphql_runs_into_wire_runs() {
        let data = serde_json::json!({
            "r1": {"run": {"info": {"runId": "b", "runName": "two", "startTime": "17", "status": "RUNNING"},
                            "inputs": {"modelInputs": [{"modelId": "m-1"}]}}},
            "r0": {"run": {"info": {"runId": "a", "experimentId": "1"},
                            "data": {"tags": [{"key": "job_type", "value": "eval"}]},
                            "inputs": {"datasetInputs": [{"dataset": {"name": "d", "digest": "x", "sourceType": "s3", "source": "{}"}, "tags": []}]},
                            "outputs": {"modelOutputs": [{"modelId": "m-2", "step": "4"}]}}},
            "r2": {"run": null},
            "r3": "garbage"
        });
        let runs = read_runs(data);
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].id(), "a");
        assert_eq!(runs[0].inputs.dataset_inputs[0].dataset.source_type, "s3");
        assert_eq!(runs[0].outputs.model_outputs[0].step, 4);
        assert_eq!(runs[1].info.start_time, Some(17));
        assert_eq!(runs[1].inputs.model_inputs[0].model_id, "m-1");
        assert!(read_runs(Value::Null).is_empty());
    }

    #[test]
    fn reads_search_pages_and_errors_as_mlflow_sends_them() {
        let text = r#"{"data": {"mlflowSearchRuns": {"runs": [
            {"info": {"runId": "a", "status": "FINISHED", "startTime": "5"},
             "inputs": {"datasetInputs": [{"dataset": {"name": "d", "digest": "x"}, "tags": [{"key": "mlflow.data.context", "value": "training"}]}]}},
            {"info": {}}], "nextPageToken": "t"}}, "errors": null}"#;
        let (runs, token) = split_search_runs("/graphql", text).unwrap();
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].info.start_time, Some(5));
        assert_eq!(runs[0].inputs.dataset_inputs[0].dataset.digest, "x");
        assert_eq!(token.as_deref(), Some("t"));
        // MLflow sends GraphQL errors as strings
        let err = split_search_runs(
            "/graphql",
            r#"{"data": null, "errors": ["Invalid filter 'x'"]}"#,
        )
        .unwrap_err();
        assert!(err.detail().contains("Invalid filter"), "{err:?}");
        let q = search_runs_query(
            &["1".into()],
            "attributes.start_time >= 5",
            &["attributes.start_time ASC"],
            RunFields::Datasets,
            1000,
        );
        assert!(q.contains(r#"filter: "attributes.start_time >= 5""#));
        assert!(!q.contains("runViewType") && q.contains("datasetInputs"));
        assert!(is_terminal("KILLED") && !is_terminal("RUNNING"));
    }
}
