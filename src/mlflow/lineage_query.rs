//! The GraphQL documents the lineage fetcher sends, and the reading of their answers into the
//! REST wire types (GraphQL answers in camelCase; we rename keys and reuse [`wire::Run`]'s
//! lenient decoding). Pure, tested natively.

use super::api::{graphql_string, GRAPHQL_MAX_ROOT_FIELDS};
use super::wire;
use serde_json::{Map, Value};

/// The run fields lineage needs: info, tags (job type, parent), inputs and outputs.
const RUN_FIELDS: &str = "info { runId runName experimentId status startTime endTime artifactUri userId } \
data { tags { key value } } \
inputs { datasetInputs { dataset { name digest sourceType source } tags { key value } } modelInputs { modelId } } \
outputs { modelOutputs { modelId step } }";

/// One `/graphql` document fetching up to [`GRAPHQL_MAX_ROOT_FIELDS`] runs by id, as root
/// fields `r0`…`r9`. Extra ids are ignored: callers chunk.
pub fn get_runs_query(run_ids: &[String]) -> String {
    let mut q = String::from("query LineageRuns {");
    for (i, id) in run_ids.iter().take(GRAPHQL_MAX_ROOT_FIELDS).enumerate() {
        q.push_str(&format!(
            " r{i}: mlflowGetRun(input: {{runId: {}}}) {{ run {{ {RUN_FIELDS} }} }}",
            graphql_string(id)
        ));
    }
    q.push_str(" }");
    q
}

/// One page of run ids (with name, status and start time) of some experiments matching
/// `filter`: a few bytes per run, where `runs/search` sends every param, metric and tag.
pub fn run_ids_query(experiment_ids: &[String], filter: &str, page_token: Option<&str>) -> String {
    let ids: Vec<String> = experiment_ids.iter().map(|e| graphql_string(e)).collect();
    let token = page_token
        .map(|t| format!(", pageToken: {}", graphql_string(t)))
        .unwrap_or_default();
    format!(
        "query LineageRunIds {{ mlflowSearchRuns(input: {{experimentIds: [{}], filter: {}, maxResults: 1000{token}}}) \
         {{ runs {{ info {{ runId runName status startTime }} }} nextPageToken }} }}",
        ids.join(", "),
        graphql_string(filter)
    )
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

/// A run id with what the scan needs to know before fetching it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunStub {
    pub id: String,
    pub name: String,
    pub status: String,
    pub start: Option<i64>,
}

/// Reads one page of [`run_ids_query`]: the stubs and the next page token.
pub fn read_run_ids(data: Value) -> (Vec<RunStub>, Option<String>) {
    let page = data.get("mlflowSearchRuns").cloned().unwrap_or(Value::Null);
    let runs = page
        .get("runs")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let stubs = runs
        .into_iter()
        .filter_map(|r| {
            let info: wire::RunInfo =
                serde_json::from_value(snake_keys(r.get("info")?.clone())).ok()?;
            (!info.run_id.is_empty()).then_some(RunStub {
                id: info.run_id,
                name: info.run_name,
                status: info.status,
                start: info.start_time,
            })
        })
        .collect();
    let token = page
        .get("nextPageToken")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    (stubs, token)
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
    fn reads_run_id_pages() {
        let data = serde_json::json!({"mlflowSearchRuns": {"runs": [
            {"info": {"runId": "a", "status": "FINISHED", "startTime": "5"}}, {"info": {}}],
            "nextPageToken": "t"}});
        let (stubs, token) = read_run_ids(data);
        assert_eq!(
            stubs,
            vec![RunStub {
                id: "a".into(),
                name: String::new(),
                status: "FINISHED".into(),
                start: Some(5)
            }]
        );
        assert_eq!(token.as_deref(), Some("t"));
        let q = run_ids_query(&["1".into()], "attributes.start_time >= 5", None);
        assert!(q.contains(r#"filter: "attributes.start_time >= 5""#));
        assert!(is_terminal("KILLED") && !is_terminal("RUNNING"));
    }
}
