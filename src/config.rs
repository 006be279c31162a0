//! Runtime configuration: which MLflow server to talk to, and where the app itself lives.
//! Never compiled in: the same build serves any server, under any path. Server order: the
//! URL saved in this browser (Settings), then `config.json` beside `index.html`, then the
//! app's own origin (a proxy or the MLflow server itself). A `config.json` that cannot be
//! used is reported on every page, never skipped silently.

use serde::Deserialize;

/// The `localStorage` key holding the MLflow URL chosen in Settings.
pub const STORAGE_KEY: &str = "artifact-explorer.mlflow-url";

/// `config.json` beside `index.html`. Unknown keys are errors: a misspelt `mlflow_url` must
/// not quietly mean "this origin".
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileConfig {
    #[serde(deserialize_with = "crate::mlflow::de::string")]
    pub mlflow_url: String,
    /// How much the app reads from MLflow before it stops and says so (see `plan::limits`).
    pub limits: crate::plan::Limits,
    /// Lineage views with at least this many nodes are laid out in a Web Worker (default
    /// [`WORKER_MIN_NODES`](crate::lineage::layout::job::WORKER_MIN_NODES)).
    pub layout_worker_min_nodes: Option<usize>,
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

/// The server URL `config.json` sets (`""`: this origin), or why the file cannot be used.
pub fn parse_file_config(text: &str) -> Result<FileConfig, String> {
    if text.trim_start().starts_with('<') {
        return Err(
            "config.json is a web page, not JSON (is the file missing from the deployment?)".into(),
        );
    }
    if !text.trim_start().starts_with('{') {
        return Err("config.json is not valid: it must be one JSON object".into());
    }
    let cfg: FileConfig = serde_json::from_str(text).map_err(|e| {
        format!(
            "config.json is not valid: {}",
            crate::mlflow::error::clip(&e.to_string(), 200)
        )
    })?;
    let mlflow_url = normalise_server_url(&cfg.mlflow_url)
        .map_err(|e| format!("config.json: mlflow_url: {e}"))?;
    Ok(FileConfig { mlflow_url, ..cfg })
}

/// The origin (`scheme://host[:port]`, lowercase, default port left out) of a server URL as
/// [`normalise_server_url`] returns it; `page_origin` (the app's own) for `""`. Credentials
/// are bound to it: a session made for one origin is never sent to another.
pub fn server_origin(url: &str, page_origin: &str) -> String {
    let url = if url.is_empty() { page_origin } else { url };
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let scheme = scheme.to_ascii_lowercase();
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let host = match (scheme.as_str(), host.rsplit_once(':')) {
        ("http", Some((h, "80"))) | ("https", Some((h, "443"))) => h.to_string(),
        _ => host,
    };
    format!("{scheme}://{host}")
}

/// The path the app is served under, from the pathname of the document's base URL
/// (`<base href>`, which the deployment sets): `""` at the root, `"/artifacts"` behind a
/// reverse proxy at `/artifacts/`. Links, routes and `config.json` are resolved below it.
pub fn base_path(base_pathname: &str) -> String {
    let p = base_pathname.trim();
    if !p.starts_with('/') {
        return String::new();
    }
    // `<base href>` names a folder; a file name in it (`/app/index.html`) is not part of it
    let folder = match p.rsplit_once('/') {
        Some((dir, _)) => dir,
        None => "",
    };
    folder.trim_end_matches('/').to_string()
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
        assert_eq!(c.layout_worker_min_nodes, None);
        let w = parse_file_config(r#"{"layout_worker_min_nodes": 0}"#).unwrap();
        assert_eq!(w.layout_worker_min_nodes, Some(0));
        assert_eq!(c.limits.models, crate::plan::Limits::default().models);
        let plain: FileConfig = serde_json::from_str(r#"{"mlflow_url": "http://h:1"}"#).unwrap();
        assert_eq!(plain.limits, crate::plan::Limits::default());
    }

    #[test]
    fn config_json_errors_are_reported() {
        let url = |t: &str| parse_file_config(t).map(|c| c.mlflow_url);
        assert_eq!(
            url(r#"{"mlflow_url": "http://mlflow:5000/"}"#).unwrap(),
            "http://mlflow:5000"
        );
        assert_eq!(url(r#"{"mlflow_url": ""}"#).unwrap(), "");
        assert_eq!(url("{}").unwrap(), "");
        assert_eq!(
            parse_file_config(r#"{"limits": {"list_runs": 7}}"#)
                .unwrap()
                .limits
                .list_runs,
            7
        );
        for (bad, says) in [
            (r#"{"mlflow_url": "#, "not valid"),
            ("[1]", "not valid"),
            (r#"{"mlflowurl": "http://x"}"#, "unknown field `mlflowurl`"),
            (r#"{"mlflow_url": "mlflow:5000"}"#, "http://"),
            ("<!doctype html><html>", "web page"),
        ] {
            let err = parse_file_config(bad).unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
            assert!(err.starts_with("config.json"), "{err}");
        }
    }

    #[test]
    fn origins_ignore_paths_case_and_default_ports() {
        let page = "http://127.0.0.1:8080";
        assert_eq!(server_origin("", page), page);
        assert_eq!(
            server_origin("http://MLflow.example.com:80/prefix", page),
            "http://mlflow.example.com"
        );
        assert_eq!(
            server_origin("https://a.example:443", page),
            "https://a.example"
        );
        assert_eq!(
            server_origin("https://a.example:8443/x", page),
            "https://a.example:8443"
        );
        assert_ne!(
            server_origin("http://127.0.0.1:5000", page),
            server_origin("http://127.0.0.1:5001", page)
        );
        assert_ne!(
            server_origin("http://127.0.0.1:5000", page),
            server_origin("https://127.0.0.1:5000", page)
        );
        assert_eq!(
            server_origin("http://[::1]:5000/", page),
            "http://[::1]:5000"
        );
    }

    #[test]
    fn base_paths_from_base_href() {
        assert_eq!(base_path("/"), "");
        assert_eq!(base_path("/artifacts/"), "/artifacts");
        assert_eq!(base_path("/a/b/"), "/a/b");
        assert_eq!(base_path("/artifacts/index.html"), "/artifacts");
        assert_eq!(base_path(""), "");
        assert_eq!(base_path("relative/"), "");
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
