//! Recorded MLflow exchanges for the plan tests: what a plan asked a real MLflow (seeded by
//! `scripts/seed_demo.py`) and what it answered, written by `examples/record_plans.rs`, and a
//! fake server that answers the same requests from the recording — and fails loudly when a plan
//! asks something that was not recorded.
#![allow(dead_code)]

use artifact_explorer::mlflow::api::{ApiRequest, Method};
use artifact_explorer::mlflow::ApiError;
use artifact_explorer::plan::{Answer, Limits};
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Exchange {
    pub method: String,
    /// Path and query, as the app builds it (`ApiRequest::url("")`).
    pub url: String,
    pub body: Option<Value>,
    pub status: u16,
    /// The answer, parsed (JSON answers) or as text.
    pub response: Value,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Recording {
    /// What the scenario needs to build its plan again (experiment id, run id…).
    pub args: Value,
    pub limits: Limits,
    pub exchanges: Vec<Exchange>,
}

pub fn method(req: &ApiRequest) -> &'static str {
    match req.method {
        Method::Get => "GET",
        Method::Post => "POST",
        Method::Patch => "PATCH",
        Method::Delete => "DELETE",
    }
}

pub fn path(name: &str) -> String {
    format!(
        "{}/tests/fixtures/plans/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    )
}

pub fn load(name: &str) -> Recording {
    let p = path(name);
    let text = std::fs::read_to_string(&p)
        .unwrap_or_else(|e| panic!("{p}: {e} (run examples/record_plans)"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{p}: {e}"))
}

impl Recording {
    /// The recorded answer to `req`; panics, naming the request, when there is none.
    pub fn answer(&self, req: &ApiRequest) -> Answer {
        let url = req.url("");
        let ex = self
            .exchanges
            .iter()
            .find(|e| e.method == method(req) && e.url == url && e.body == req.body)
            .unwrap_or_else(|| {
                panic!(
                    "no recorded answer for {} {url} {} — re-record with examples/record_plans",
                    method(req),
                    req.body.as_ref().map(|b| b.to_string()).unwrap_or_default()
                )
            });
        let text = match &ex.response {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if (200..300).contains(&ex.status) {
            Ok(text)
        } else {
            Err(ApiError::from_status(&url, ex.status, &text))
        }
    }

    pub fn arg(&self, key: &str) -> String {
        self.args[key]
            .as_str()
            .unwrap_or_else(|| panic!("recording has no arg {key}"))
            .to_string()
    }
}
