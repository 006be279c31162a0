//! Where a dataset came from: MLflow stores a dataset's `source` as a JSON string whose shape
//! depends on `source_type`. We read it to show a `ref` URI and to infer which run logged the
//! dataset when the source points into that run's artifacts (a dashed, inferred edge).

use crate::mlflow::api::decode_component;
use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatasetSource {
    /// The data is a file of an MLflow run (inferred `logged_by` edge).
    RunArtifact {
        run_id: String,
        path: String,
        uri: String,
    },
    /// A reference to external storage (`s3://…`, `gs://…`, `https://…`, a table name …).
    Uri(String),
    /// Logged from code with no location (`source_type = code`).
    Code,
    /// Nothing we could read.
    Unknown,
}

impl DatasetSource {
    /// Reads a dataset's `source` (a JSON document in a string) given its `source_type`.
    pub fn parse(source_type: &str, source: &str) -> DatasetSource {
        let uri = match serde_json::from_str::<Value>(source) {
            Ok(Value::Object(map)) => ["url", "uri", "path", "table_name", "source"]
                .iter()
                .find_map(|k| map.get(*k).and_then(Value::as_str).map(str::to_string)),
            Ok(Value::String(s)) => Some(s),
            _ if !source.trim().is_empty() && !source.trim_start().starts_with('{') => {
                Some(source.trim().to_string())
            }
            _ => None,
        };
        match uri {
            Some(uri) if !uri.is_empty() => match run_artifact(&uri) {
                Some((run_id, path)) => DatasetSource::RunArtifact { run_id, path, uri },
                None => DatasetSource::Uri(uri),
            },
            _ if source_type == "code" => DatasetSource::Code,
            _ => DatasetSource::Unknown,
        }
    }

    /// The URI to show as the manifest entry's `ref`.
    pub fn uri(&self) -> Option<&str> {
        match self {
            DatasetSource::RunArtifact { uri, .. } | DatasetSource::Uri(uri) => Some(uri),
            _ => None,
        }
    }

    /// The run that logged the data, when the source points into a run's artifacts.
    pub fn producer_run(&self) -> Option<&str> {
        match self {
            DatasetSource::RunArtifact { run_id, .. } => Some(run_id),
            _ => None,
        }
    }
}

/// Recognises `…/get-artifact?path=P&run_uuid=R`, `runs:/R/P` and
/// `mlflow-artifacts:/EXP/R/artifacts/P`.
fn run_artifact(uri: &str) -> Option<(String, String)> {
    if let Some(rest) = uri.strip_prefix("runs:/") {
        let (run, path) = rest.split_once('/').unwrap_or((rest, ""));
        return valid_run_id(run).then(|| (run.to_string(), path.to_string()));
    }
    if let Some(rest) = uri.strip_prefix("mlflow-artifacts:/") {
        let parts: Vec<&str> = rest.trim_start_matches('/').splitn(4, '/').collect();
        if parts.len() >= 3 && parts[2] == "artifacts" && valid_run_id(parts[1]) {
            return Some((
                parts[1].to_string(),
                parts.get(3).unwrap_or(&"").to_string(),
            ));
        }
        return None;
    }
    let (before, query) = uri.split_once('?')?;
    if !before.ends_with("/get-artifact") && before != "get-artifact" {
        return None;
    }
    let mut run = None;
    let mut path = String::new();
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        match k {
            "run_uuid" | "run_id" => run = Some(decode_component(v)),
            "path" => path = decode_component(v),
            _ => {}
        }
    }
    run.filter(|r| valid_run_id(r)).map(|r| (r, path))
}

fn valid_run_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_artifact_url_points_at_its_run() {
        let s = DatasetSource::parse(
            "http",
            r#"{"url": "http://127.0.0.1:5055/get-artifact?path=data/iris%20train.csv&run_uuid=6efef895226a43be8c370ae17a18d70b"}"#,
        );
        assert_eq!(s.producer_run(), Some("6efef895226a43be8c370ae17a18d70b"));
        assert!(
            matches!(&s, DatasetSource::RunArtifact { path, .. } if path == "data/iris train.csv")
        );
    }

    #[test]
    fn s3_is_a_reference() {
        let s = DatasetSource::parse("s3", r#"{"uri": "s3://demo-bucket/raw/images/"}"#);
        assert_eq!(s, DatasetSource::Uri("s3://demo-bucket/raw/images/".into()));
        assert_eq!(s.producer_run(), None);
    }

    #[test]
    fn runs_and_mlflow_artifacts_uris_point_at_runs() {
        let s = DatasetSource::parse("local", r#"{"uri": "runs:/abc123/data/x.csv"}"#);
        assert_eq!(s.producer_run(), Some("abc123"));
        let s = DatasetSource::parse(
            "local",
            r#"{"uri": "mlflow-artifacts:/1/abc123/artifacts/d.csv"}"#,
        );
        assert_eq!(s.producer_run(), Some("abc123"));
    }

    #[test]
    fn code_and_garbage() {
        assert_eq!(
            DatasetSource::parse("code", r#"{"tags": {}}"#),
            DatasetSource::Code
        );
        assert_eq!(
            DatasetSource::parse("http", "{not json"),
            DatasetSource::Unknown
        );
        assert_eq!(DatasetSource::parse("", ""), DatasetSource::Unknown);
        // a hostile run id is not trusted as one
        let s = DatasetSource::parse(
            "http",
            r#"{"url": "/get-artifact?run_uuid=%22%3E%3Cscript%3E"}"#,
        );
        assert!(matches!(s, DatasetSource::Uri(_)));
    }
}
