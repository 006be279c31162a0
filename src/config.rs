//! Runtime configuration: which MLflow server to talk to. Never compiled in: the same build
//! serves any server. Order: the URL saved in this browser (Settings), then `config.json`
//! beside `index.html`, then the app's own origin (a proxy or the MLflow server itself).

use serde::Deserialize;

/// The `localStorage` key holding the MLflow URL chosen in Settings.
pub const STORAGE_KEY: &str = "artifact-explorer.mlflow-url";

/// `config.json` beside `index.html`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct FileConfig {
    #[serde(deserialize_with = "crate::mlflow::de::string")]
    pub mlflow_url: String,
    /// How much the app reads from MLflow before it stops and says so (see `plan::limits`).
    pub limits: crate::plan::Limits,
}

/// Checks and normalises a server URL typed by a user: empty means same origin; otherwise an
/// `http(s)://host[:port][/prefix]` without query, fragment or credentials, and no trailing slash.
pub fn normalise_server_url(input: &str) -> Result<String, String> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(String::new());
    }
    let rest = s
        .strip_prefix("http://")
        .or_else(|| s.strip_prefix("https://"))
        .ok_or_else(|| "The URL must start with http:// or https://".to_string())?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err("The URL needs a host, e.g. http://127.0.0.1:5000".into());
    }
    if host.contains('@') {
        return Err("Put credentials in the sign-in form, not in the URL".into());
    }
    if s.contains('?') || s.contains('#') || s.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err("The URL must not contain spaces, '?' or '#'".into());
    }
    Ok(s.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_json_may_set_limits() {
        let c: FileConfig =
            serde_json::from_str(r#"{"mlflow_url": "", "limits": {"consumer_scan_runs": 10}}"#)
                .unwrap();
        assert_eq!(c.limits.consumer_scan_runs, 10);
        assert_eq!(c.limits.models, crate::plan::Limits::default().models);
        let plain: FileConfig = serde_json::from_str(r#"{"mlflow_url": "http://h:1"}"#).unwrap();
        assert_eq!(plain.limits, crate::plan::Limits::default());
    }

    #[test]
    fn server_urls_are_normalised() {
        assert_eq!(normalise_server_url("  ").unwrap(), "");
        assert_eq!(
            normalise_server_url("http://127.0.0.1:5000/").unwrap(),
            "http://127.0.0.1:5000"
        );
        assert_eq!(
            normalise_server_url("https://mlflow.example.com/prefix/").unwrap(),
            "https://mlflow.example.com/prefix"
        );
        assert!(normalise_server_url("javascript:alert(1)").is_err());
        assert!(normalise_server_url("ftp://x").is_err());
        assert!(normalise_server_url("http://").is_err());
        assert!(normalise_server_url("http://user:pw@host").is_err());
        assert!(normalise_server_url("http://host/?x=1").is_err());
    }
}
