//! When to send a failed request again. Pure, so the policy is tested natively; the browser
//! client (`client.rs`) only sleeps for the delay this returns.
//!
//! Policy: only read-only requests (GETs, and MLflow's POST searches and GraphQL queries, which
//! change nothing), only errors that may go away by themselves (no answer, 5xx, 429), at most
//! [`MAX_RETRIES`] more tries, waiting [`BACKOFF_MS`] before each. Timeouts are not retried:
//! the user already waited the client's whole timeout and a retry would
//! triple that; the error view offers a manual retry instead.

use super::api::{ApiRequest, Method};
use super::ApiError;

/// At most this many extra tries after the first.
pub const MAX_RETRIES: u32 = 2;
/// Wait before retry 1, 2, … (milliseconds).
pub const BACKOFF_MS: [u32; MAX_RETRIES as usize] = [300, 1000];

/// True when sending `req` twice has the same effect as sending it once.
pub fn is_read_only(req: &ApiRequest) -> bool {
    match req.method {
        Method::Get => true,
        Method::Post => {
            let path = req.path.split('?').next().unwrap_or("");
            path == "/graphql"
                || path.ends_with("/search")
                || path.ends_with("/search-datasets")
                || path.ends_with("/search-traces")
        }
        // writes (tags, descriptions, aliases): never sent twice by us
        Method::Patch | Method::Delete => false,
    }
}

/// How long to wait before retry number `failures` (1 after the first failure), or `None` to
/// give up and show `error`.
pub fn retry_delay_ms(req: &ApiRequest, failures: u32, error: &ApiError) -> Option<u32> {
    if failures == 0 || failures > MAX_RETRIES || !is_read_only(req) {
        return None;
    }
    if matches!(error, ApiError::Timeout { .. }) || !error.is_retryable() {
        return None;
    }
    BACKOFF_MS.get(failures as usize - 1).copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mlflow::api;

    fn network() -> ApiError {
        ApiError::Network {
            url: "/x".into(),
            detail: "refused".into(),
        }
    }

    #[test]
    fn reads_retry_twice_with_backoff_then_give_up() {
        let req = api::search_runs(&["1"], "", &[], 10);
        assert_eq!(retry_delay_ms(&req, 1, &network()), Some(300));
        assert_eq!(retry_delay_ms(&req, 2, &network()), Some(1000));
        assert_eq!(retry_delay_ms(&req, 3, &network()), None);
        assert_eq!(retry_delay_ms(&req, 0, &network()), None);
    }

    #[test]
    fn only_transient_errors_are_retried() {
        let req = api::get_experiment("1");
        let e500 = ApiError::from_status(
            "/x",
            500,
            r#"{"error_code":"INTERNAL_ERROR","message":"boom"}"#,
        );
        let e502 = ApiError::from_status("/x", 502, "<html>bad gateway</html>");
        let e429 = ApiError::from_status("/x", 429, "");
        assert_eq!(retry_delay_ms(&req, 1, &e500), Some(300));
        assert_eq!(retry_delay_ms(&req, 1, &e502), Some(300));
        assert_eq!(retry_delay_ms(&req, 1, &e429), Some(300));
        for e in [
            ApiError::from_status("/x", 404, ""),
            ApiError::from_status("/x", 400, ""),
            ApiError::from_status("/x", 401, ""),
            ApiError::from_status("/x", 403, ""),
            ApiError::Timeout {
                url: "/x".into(),
                seconds: 30,
            },
            ApiError::Decode {
                url: "/x".into(),
                detail: "EOF".into(),
            },
            ApiError::Cancelled,
        ] {
            assert_eq!(retry_delay_ms(&req, 1, &e), None, "{e:?}");
        }
    }

    #[test]
    fn every_request_the_app_builds_is_read_only_and_writes_are_not_retried() {
        for req in [
            api::search_experiments(1),
            api::get_experiment("1"),
            api::search_runs(&["1"], "", &[], 10),
            api::get_run("r"),
            api::search_logged_models(&["1"], "", 10),
            api::get_logged_model("m"),
            api::search_registered_models("", 10),
            api::get_registered_model("m"),
            api::search_model_versions("", 10),
            api::list_run_artifacts("r", ""),
            api::list_logged_model_artifacts("m", ""),
            api::search_datasets(&["1"]),
            api::graphql("{ x }"),
            api::current_user(),
            api::current_user_permissions(),
            api::user_permission("u", "experiment", "1"),
            api::get_registered_model_alias("m", "a"),
            api::get_model_version("m", "1"),
        ] {
            assert!(is_read_only(&req), "{req:?}");
        }
        let mut write = api::get_experiment("1");
        write.method = Method::Post;
        write.path = "/api/2.0/mlflow/runs/create".into();
        assert!(!is_read_only(&write));
        assert_eq!(retry_delay_ms(&write, 1, &network()), None);
    }

    /// Every write the app sends (issue 11). None may be retried, whatever the error, and each
    /// is a path on the configured server (no absolute URL can smuggle it elsewhere).
    #[test]
    fn every_write_is_never_retried_and_stays_on_the_configured_server() {
        use api::writes as w;
        let writes = [
            w::set_registered_model_alias("m", "production", "3"),
            w::delete_registered_model_alias("m", "production"),
            w::create_registered_model("m", ""),
            w::create_model_version("m", "m-1", "r"),
            w::set_logged_model_tags("m-1", &[("k".into(), "v".into())]),
            w::delete_logged_model_tag("m-1", "k"),
            w::set_run_tag("r", "k", "v"),
            w::delete_run_tag("r", "k"),
            w::set_registered_model_tag("m", "k", "v"),
            w::delete_registered_model_tag("m", "k"),
            w::set_model_version_tag("m", "1", "k", "v"),
            w::delete_model_version_tag("m", "1", "k"),
            w::update_registered_model("m", "d"),
            w::update_model_version("m", "1", "d"),
        ];
        let transient = [
            network(),
            ApiError::from_status("/x", 500, ""),
            ApiError::from_status("/x", 502, ""),
            ApiError::from_status("/x", 503, ""),
            ApiError::from_status("/x", 429, ""),
            ApiError::Timeout {
                url: "/x".into(),
                seconds: 30,
            },
        ];
        for req in &writes {
            assert!(!is_read_only(req), "{req:?}");
            for e in &transient {
                for failures in 0..=MAX_RETRIES + 1 {
                    assert_eq!(retry_delay_ms(req, failures, e), None, "{req:?} {e:?}");
                }
            }
            assert!(req.path.starts_with("/api/2.0/mlflow/"), "{req:?}");
            assert!(
                !req.path.contains("://") && !req.path.contains("//"),
                "{req:?}"
            );
            assert!(req
                .url("https://mlflow.example.com")
                .starts_with("https://mlflow.example.com/api/2.0/mlflow/"));
        }
        // the methods MLflow's write endpoints use, each present
        for m in [Method::Post, Method::Patch, Method::Delete] {
            assert!(writes.iter().any(|r| r.method == m), "{m:?}");
        }
    }
}
