//! Request builders for every MLflow endpoint the app calls.
//!
//! Building a request is pure (method, path, query, JSON body) so URLs and bodies are tested
//! natively; the browser client only sends what is built here. Every value that goes into a URL
//! is percent-encoded with [`encode_component`].

use serde_json::{json, Value};

/// MLflow caps `/graphql` at 10 root fields per request.
pub const GRAPHQL_MAX_ROOT_FIELDS: usize = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    /// Writes only (see [`writes`]).
    Patch,
    /// Writes only (see [`writes`]).
    Delete,
}

/// One HTTP request to MLflow, relative to the configured server URL.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiRequest {
    pub method: Method,
    /// Absolute path on the server, starting with `/`, already encoded.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
}

impl ApiRequest {
    fn get(path: impl Into<String>) -> Self {
        ApiRequest {
            method: Method::Get,
            path: path.into(),
            query: Vec::new(),
            body: None,
        }
    }

    fn post(path: impl Into<String>, body: Value) -> Self {
        ApiRequest {
            method: Method::Post,
            path: path.into(),
            query: Vec::new(),
            body: Some(body),
        }
    }

    fn write(method: Method, path: impl Into<String>, body: Option<Value>) -> Self {
        ApiRequest {
            method,
            path: path.into(),
            query: Vec::new(),
            body,
        }
    }

    fn param(mut self, key: &str, value: impl Into<String>) -> Self {
        self.query.push((key.to_string(), value.into()));
        self
    }

    /// The full URL against `base` (`""` for same origin, or `http://host:port[/prefix]`).
    pub fn url(&self, base: &str) -> String {
        let mut url = format!("{}{}", base.trim_end_matches('/'), self.path);
        for (i, (k, v)) in self.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(&encode_component(k));
            url.push('=');
            url.push_str(&encode_component(v));
        }
        url
    }

    /// Returns the same request asking for the page after `token`.
    pub fn with_page_token(mut self, token: Option<&str>) -> Self {
        let Some(token) = token else { return self };
        if self.path == GRAPHQL_PATH {
            // a GraphQL listing takes its token as the `$pageToken` variable
            if let Some(Value::Object(map)) = &mut self.body {
                map.insert("variables".into(), json!({ "pageToken": token }));
            }
            return self;
        }
        match (&mut self.body, self.method) {
            (Some(Value::Object(map)), Method::Post) => {
                map.insert("page_token".into(), Value::String(token.into()));
            }
            _ => {
                self.query.retain(|(k, _)| k != "page_token");
                self.query.push(("page_token".into(), token.into()));
            }
        }
        self
    }
}

const API: &str = "/api/2.0/mlflow";
const AJAX: &str = "/ajax-api/2.0/mlflow";

/// `experiments/search`: active experiments, newest activity first.
pub fn search_experiments(max_results: u32) -> ApiRequest {
    ApiRequest::post(
        format!("{API}/experiments/search"),
        json!({
            "max_results": max_results,
            "view_type": "ACTIVE_ONLY",
            "order_by": ["last_update_time DESC"],
        }),
    )
}

pub fn get_experiment(experiment_id: &str) -> ApiRequest {
    ApiRequest::get(format!("{API}/experiments/get")).param("experiment_id", experiment_id)
}

/// `runs/search` over some experiments. `filter` uses MLflow's search syntax.
pub fn search_runs(
    experiment_ids: &[&str],
    filter: &str,
    order_by: &[&str],
    max_results: u32,
) -> ApiRequest {
    ApiRequest::post(
        format!("{API}/runs/search"),
        json!({
            "experiment_ids": experiment_ids,
            "filter": filter,
            "run_view_type": "ACTIVE_ONLY",
            "max_results": max_results,
            "order_by": order_by,
        }),
    )
}

pub fn get_run(run_id: &str) -> ApiRequest {
    ApiRequest::get(format!("{API}/runs/get")).param("run_id", run_id)
}

pub fn search_logged_models(experiment_ids: &[&str], filter: &str, max_results: u32) -> ApiRequest {
    let mut body = json!({
        "experiment_ids": experiment_ids,
        "max_results": max_results,
        "order_by": [{"field_name": "creation_time", "ascending": false}],
    });
    if !filter.is_empty() {
        body["filter"] = Value::String(filter.into());
    }
    ApiRequest::post(format!("{API}/logged-models/search"), body)
}

pub fn get_logged_model(model_id: &str) -> ApiRequest {
    ApiRequest::get(format!(
        "{API}/logged-models/{}",
        encode_component(model_id)
    ))
}

/// `registered-models/search` is GET-only in MLflow 3.
pub fn search_registered_models(filter: &str, max_results: u32) -> ApiRequest {
    let req = ApiRequest::get(format!("{API}/registered-models/search"))
        .param("max_results", max_results.to_string());
    if filter.is_empty() {
        req
    } else {
        req.param("filter", filter)
    }
}

/// `registered-models/get` (returns aliases, unlike the search).
pub fn get_registered_model(name: &str) -> ApiRequest {
    ApiRequest::get(format!("{API}/registered-models/get")).param("name", name)
}

pub fn search_model_versions(filter: &str, max_results: u32) -> ApiRequest {
    ApiRequest::get(format!("{API}/model-versions/search"))
        .param("filter", filter)
        .param("max_results", max_results.to_string())
}

/// One folder level of a run's artifacts.
pub fn list_run_artifacts(run_id: &str, path: &str) -> ApiRequest {
    let req = ApiRequest::get(format!("{API}/artifacts/list")).param("run_id", run_id);
    if path.is_empty() {
        req
    } else {
        req.param("path", path)
    }
}

/// One folder level of a logged model's artifacts (ajax-only endpoint).
pub fn list_logged_model_artifacts(model_id: &str, path: &str) -> ApiRequest {
    let req = ApiRequest::get(format!(
        "{AJAX}/logged-models/{}/artifacts/directories",
        encode_component(model_id)
    ));
    if path.is_empty() {
        req
    } else {
        req.param("artifact_directory_path", path)
    }
}

/// Dataset summaries of experiments (ajax-only endpoint).
pub fn search_datasets(experiment_ids: &[&str]) -> ApiRequest {
    ApiRequest::post(
        format!("{AJAX}/experiments/search-datasets"),
        json!({ "experiment_ids": experiment_ids }),
    )
}

const GRAPHQL_PATH: &str = "/graphql";

/// A GraphQL query against MLflow's `/graphql`. A listing declares `$pageToken`
/// (see [`ApiRequest::with_page_token`]).
pub fn graphql(query: &str) -> ApiRequest {
    ApiRequest::post(GRAPHQL_PATH, json!({ "query": query }))
}

/// A download URL for one run file through MLflow's `/get-artifact` endpoint.
pub fn run_file_url(base: &str, run_id: &str, path: &str) -> String {
    ApiRequest::get("/get-artifact")
        .param("path", path)
        .param("run_uuid", run_id)
        .url(base)
}

/// A download URL for one logged model file. MLflow serves these only under `/ajax-api`
/// (`/api/…/artifacts/files` answers 404); `path` is relative to the model's artifact root.
pub fn logged_model_file_url(base: &str, model_id: &str, path: &str) -> String {
    ApiRequest::get(format!(
        "{AJAX}/logged-models/{}/artifacts/files",
        encode_component(model_id)
    ))
    .param("artifact_file_path", path)
    .url(base)
}

// ---------------------------------------------------------------------------------------------
// Who is signed in and what they may do (MLflow's basic-auth app; a 404 elsewhere).

/// `users/current`: the signed-in user of MLflow's basic-auth app.
pub fn current_user() -> ApiRequest {
    ApiRequest::get(format!("{API}/users/current"))
}

/// The signed-in user's own grants (MLflow ≥ 3.17 serves this under `/api/3.0`).
pub fn current_user_permissions() -> ApiRequest {
    ApiRequest::get("/api/3.0/mlflow/users/current/permissions")
}

/// A user's effective permission on one resource, resolved by MLflow as a real request would be
/// (grants, then the server's default). Users may ask about themselves.
pub fn user_permission(username: &str, resource_type: &str, resource_id: &str) -> ApiRequest {
    ApiRequest::get("/api/3.0/mlflow/users/permissions/get")
        .param("username", username)
        .param("resource_type", resource_type)
        .param("resource_id", resource_id)
}

/// `registered-models/alias` (GET): the model version an alias points at now.
pub fn get_registered_model_alias(name: &str, alias: &str) -> ApiRequest {
    ApiRequest::get(format!("{API}/registered-models/alias"))
        .param("name", name)
        .param("alias", alias)
}

/// `model-versions/get`: one registry version with its aliases, tags and description.
pub fn get_model_version(name: &str, version: &str) -> ApiRequest {
    ApiRequest::get(format!("{API}/model-versions/get"))
        .param("name", name)
        .param("version", version)
}

/// Every write the app sends. They are never retried automatically (`retry::is_read_only` is
/// false for each, a test walks them all), always go to the configured server (paths only,
/// joined to its URL), and the page re-reads what MLflow holds after each one.
pub mod writes {
    use super::{encode_component, ApiRequest, Method, API};
    use serde_json::json;

    /// Points `alias` at `version` (moving it if it pointed elsewhere). Needs EDIT on the
    /// registered model.
    pub fn set_registered_model_alias(name: &str, alias: &str, version: &str) -> ApiRequest {
        ApiRequest::write(
            Method::Post,
            format!("{API}/registered-models/alias"),
            Some(json!({ "name": name, "alias": alias, "version": version })),
        )
    }

    /// Removes an alias. Needs MANAGE on the registered model.
    pub fn delete_registered_model_alias(name: &str, alias: &str) -> ApiRequest {
        ApiRequest::write(
            Method::Delete,
            format!("{API}/registered-models/alias"),
            Some(json!({ "name": name, "alias": alias })),
        )
    }

    /// A new registered model. Any signed-in user may create one (and gets MANAGE on it).
    pub fn create_registered_model(name: &str, description: &str) -> ApiRequest {
        let mut body = json!({ "name": name });
        if !description.is_empty() {
            body["description"] = json!(description);
        }
        ApiRequest::write(
            Method::Post,
            format!("{API}/registered-models/create"),
            Some(body),
        )
    }

    /// Registers a logged model as the next version of `name` (W&B: link to registry). Needs
    /// EDIT on the registered model and READ on the logged model's experiment.
    pub fn create_model_version(name: &str, model_id: &str, run_id: &str) -> ApiRequest {
        let mut body = json!({
            "name": name,
            "source": format!("models:/{model_id}"),
            "model_id": model_id,
        });
        if !run_id.is_empty() {
            body["run_id"] = json!(run_id);
        }
        ApiRequest::write(
            Method::Post,
            format!("{API}/model-versions/create"),
            Some(body),
        )
    }

    /// Sets (adds or replaces) tags on a logged model. Needs EDIT on its experiment.
    pub fn set_logged_model_tags(model_id: &str, tags: &[(String, String)]) -> ApiRequest {
        let tags: Vec<_> = tags
            .iter()
            .map(|(k, v)| json!({ "key": k, "value": v }))
            .collect();
        ApiRequest::write(
            Method::Patch,
            format!("{API}/logged-models/{}/tags", encode_component(model_id)),
            Some(json!({ "tags": tags })),
        )
    }

    /// Deletes one logged-model tag. Needs MANAGE on its experiment. MLflow cannot route a
    /// key containing `/` here (the server decodes `%2F` before routing and answers 404).
    pub fn delete_logged_model_tag(model_id: &str, key: &str) -> ApiRequest {
        ApiRequest::write(
            Method::Delete,
            format!(
                "{API}/logged-models/{}/tags/{}",
                encode_component(model_id),
                encode_component(key)
            ),
            None,
        )
    }

    /// Sets a run tag (also the run's description, `mlflow.note.content`). Needs EDIT on the
    /// run's experiment.
    pub fn set_run_tag(run_id: &str, key: &str, value: &str) -> ApiRequest {
        ApiRequest::write(
            Method::Post,
            format!("{API}/runs/set-tag"),
            Some(json!({ "run_id": run_id, "key": key, "value": value })),
        )
    }

    /// Deletes a run tag. Needs EDIT on the run's experiment.
    pub fn delete_run_tag(run_id: &str, key: &str) -> ApiRequest {
        ApiRequest::write(
            Method::Post,
            format!("{API}/runs/delete-tag"),
            Some(json!({ "run_id": run_id, "key": key })),
        )
    }

    /// Needs EDIT on the registered model.
    pub fn set_registered_model_tag(name: &str, key: &str, value: &str) -> ApiRequest {
        ApiRequest::write(
            Method::Post,
            format!("{API}/registered-models/set-tag"),
            Some(json!({ "name": name, "key": key, "value": value })),
        )
    }

    /// Needs EDIT on the registered model.
    pub fn delete_registered_model_tag(name: &str, key: &str) -> ApiRequest {
        ApiRequest::write(
            Method::Delete,
            format!("{API}/registered-models/delete-tag"),
            Some(json!({ "name": name, "key": key })),
        )
    }

    /// Needs EDIT on the registered model.
    pub fn set_model_version_tag(name: &str, version: &str, key: &str, value: &str) -> ApiRequest {
        ApiRequest::write(
            Method::Post,
            format!("{API}/model-versions/set-tag"),
            Some(json!({ "name": name, "version": version, "key": key, "value": value })),
        )
    }

    /// Needs MANAGE on the registered model.
    pub fn delete_model_version_tag(name: &str, version: &str, key: &str) -> ApiRequest {
        ApiRequest::write(
            Method::Delete,
            format!("{API}/model-versions/delete-tag"),
            Some(json!({ "name": name, "version": version, "key": key })),
        )
    }

    /// The registered model's description. Needs EDIT on it.
    pub fn update_registered_model(name: &str, description: &str) -> ApiRequest {
        ApiRequest::write(
            Method::Patch,
            format!("{API}/registered-models/update"),
            Some(json!({ "name": name, "description": description })),
        )
    }

    /// A model version's description. Needs EDIT on its registered model.
    pub fn update_model_version(name: &str, version: &str, description: &str) -> ApiRequest {
        ApiRequest::write(
            Method::Patch,
            format!("{API}/model-versions/update"),
            Some(json!({ "name": name, "version": version, "description": description })),
        )
    }
}

/// A string literal for a GraphQL document, escaped per the GraphQL spec.
pub fn graphql_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A string literal for MLflow's search filter syntax (single quotes, backslash escapes).
pub fn filter_string(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// Percent-encodes a URL component exactly like JavaScript's `encodeURIComponent`.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as space, as in query strings). Invalid escapes stay as text.
pub fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_encode_uri_component() {
        assert_eq!(encode_component("a b/c?d=e&f"), "a%20b%2Fc%3Fd%3De%26f");
        assert_eq!(encode_component("données"), "donn%C3%A9es");
        assert_eq!(encode_component("m-1_2.3~"), "m-1_2.3~");
    }

    #[test]
    fn decode_reverses_encode() {
        for s in ["a b/c?d=e&f", "données/模型", "100%", "%zz", "%", "x%2"] {
            assert_eq!(decode_component(&encode_component(s)), s);
        }
        assert_eq!(decode_component("%zz"), "%zz");
        assert_eq!(decode_component("x%2"), "x%2");
    }

    #[test]
    fn urls_join_base_and_encode_query() {
        let req = get_run("abc def");
        assert_eq!(req.url(""), "/api/2.0/mlflow/runs/get?run_id=abc%20def");
        assert_eq!(
            req.url("http://127.0.0.1:5000/"),
            "http://127.0.0.1:5000/api/2.0/mlflow/runs/get?run_id=abc%20def"
        );
        assert_eq!(
            run_file_url("", "r1", "report/a b.txt"),
            "/get-artifact?path=report%2Fa%20b.txt&run_uuid=r1"
        );
    }

    #[test]
    fn file_urls_encode_ids_and_hostile_paths() {
        assert_eq!(
            logged_model_file_url("http://h:1", "m-1", "MLmodel"),
            "http://h:1/ajax-api/2.0/mlflow/logged-models/m-1/artifacts/files?artifact_file_path=MLmodel"
        );
        assert_eq!(
            logged_model_file_url("", "m/../x", "a b/c?d=1&e#f%"),
            "/ajax-api/2.0/mlflow/logged-models/m%2F..%2Fx/artifacts/files?artifact_file_path=a%20b%2Fc%3Fd%3D1%26e%23f%25"
        );
        assert_eq!(
            run_file_url("", "r&x=1", "../../etc/passwd"),
            "/get-artifact?path=..%2F..%2Fetc%2Fpasswd&run_uuid=r%26x%3D1"
        );
        assert_eq!(
            list_logged_model_artifacts("m-1", "sub dir").url(""),
            "/ajax-api/2.0/mlflow/logged-models/m-1/artifacts/directories?artifact_directory_path=sub%20dir"
        );
        assert_eq!(
            list_run_artifacts("r1", "report/plots").url(""),
            "/api/2.0/mlflow/artifacts/list?run_id=r1&path=report%2Fplots"
        );
    }

    #[test]
    fn page_token_goes_into_body_or_query() {
        let post = search_runs(&["1"], "", &[], 10).with_page_token(Some("tok"));
        assert_eq!(post.body.unwrap()["page_token"], "tok");
        let get = search_registered_models("", 10)
            .with_page_token(Some("a"))
            .with_page_token(Some("b"));
        assert_eq!(
            get.query
                .iter()
                .filter(|(k, _)| k == "page_token")
                .collect::<Vec<_>>(),
            vec![&("page_token".to_string(), "b".to_string())]
        );
    }

    #[test]
    fn writes_encode_ids_in_paths_and_keep_hostile_values_in_bodies() {
        let del = writes::delete_logged_model_tag("m-1", "a?b=c&d#<x>");
        assert_eq!(del.method, Method::Delete);
        assert_eq!(
            del.url("http://h:1"),
            "http://h:1/api/2.0/mlflow/logged-models/m-1/tags/a%3Fb%3Dc%26d%23%3Cx%3E"
        );
        let set = writes::set_logged_model_tags(
            "m/../x",
            &[("<b>".into(), "javascript:alert(1)".into())],
        );
        assert_eq!(set.method, Method::Patch);
        assert_eq!(set.path, "/api/2.0/mlflow/logged-models/m%2F..%2Fx/tags");
        assert_eq!(
            set.body.unwrap()["tags"][0],
            json!({"key": "<b>", "value": "javascript:alert(1)"})
        );
        let mv = writes::create_model_version("clf", "m-9", "r1");
        assert_eq!(
            mv.body.unwrap(),
            json!({"name": "clf", "source": "models:/m-9", "model_id": "m-9", "run_id": "r1"})
        );
        let alias = get_registered_model_alias("a b", "prod&x");
        assert_eq!(
            alias.url(""),
            "/api/2.0/mlflow/registered-models/alias?name=a%20b&alias=prod%26x"
        );
        assert_eq!(
            user_permission("ü", "experiment", "1").url(""),
            "/api/3.0/mlflow/users/permissions/get?username=%C3%BC&resource_type=experiment&resource_id=1"
        );
    }

    #[test]
    fn graphql_and_filter_strings_escape_quotes() {
        assert_eq!(graphql_string("a\"b\\c\n"), r#""a\"b\\c\n""#);
        assert_eq!(filter_string("it's"), r"'it\'s'");
        let body = crate::mlflow::graphql::search_runs_query(
            &["1\"}) { x".into()],
            "",
            &[],
            crate::mlflow::graphql::RunFields::Info,
            10,
        );
        assert!(body.contains(r#"experimentIds: ["1\"}) { x"]"#));
        let paged = graphql(&body).with_page_token(Some("t\"k"));
        assert_eq!(paged.body.unwrap()["variables"]["pageToken"], "t\"k");
    }
}
