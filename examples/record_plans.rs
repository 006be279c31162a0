//! Records what each plan scenario asks a real MLflow and what it answers, for `tests/plans.rs`:
//!
//! ```sh
//! cargo run --example record_plans -- http://127.0.0.1:5077 summary.json
//! ```
//!
//! The server must be seeded by `scripts/seed_demo.py` (the summary is its `--summary-out`).
//! Requests go through `curl`; nothing here is part of the app.

#[path = "../tests/common/replay.rs"]
mod replay;
#[path = "../tests/common/scenarios.rs"]
mod scenarios;

use artifact_explorer::mlflow::api::ApiRequest;
use artifact_explorer::mlflow::ApiError;
use artifact_explorer::plan::{drive, Limits, Plan};
use replay::{Exchange, Recording};
use serde_json::{json, Value};
use std::process::Command;

fn curl(base: &str, req: &ApiRequest) -> (u16, String) {
    let mut cmd = Command::new("curl");
    cmd.args(["-sS", "-w", "\n%{http_code}", "-X", replay::method(req)]);
    cmd.arg(req.url(base));
    if let Some(body) = &req.body {
        cmd.args(["-H", "content-type: application/json", "--data-binary"]);
        cmd.arg(body.to_string());
    }
    let out = cmd.output().expect("curl runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, code) = text.rsplit_once('\n').unwrap_or(("", "0"));
    (code.trim().parse().unwrap_or(0), body.to_string())
}

fn record<P: Plan>(base: &str, name: &str, args: Value, limits: Limits, mut plan: P) {
    let mut exchanges = Vec::new();
    let sent = drive(&mut plan, |req| {
        let (status, text) = curl(base, req);
        let response = serde_json::from_str(&text).unwrap_or(Value::String(text.clone()));
        exchanges.push(Exchange {
            method: replay::method(req).to_string(),
            url: req.url(""),
            body: req.body.clone(),
            status,
            response,
        });
        if (200..300).contains(&status) {
            Ok(text)
        } else {
            Err(ApiError::from_status(&req.url(base), status, &text))
        }
    });
    let rec = Recording {
        args,
        limits,
        exchanges,
    };
    let path = replay::path(name);
    std::fs::write(&path, serde_json::to_string_pretty(&rec).unwrap() + "\n").unwrap();
    println!("{name}: {sent} requests → {path}");
}

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    let (base, summary) = match argv.as_slice() {
        [_, base, summary] => (base.trim_end_matches('/').to_string(), summary.clone()),
        _ => {
            eprintln!("usage: record_plans MLFLOW_URL SEED_SUMMARY_JSON");
            std::process::exit(2);
        }
    };
    let sum: Value = serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    let exp = sum["experiment"]["id"].as_str().unwrap().to_string();
    let run = |name: &str| sum["runs"][name].as_str().unwrap().to_string();
    let champion = sum["sweep"]["best_model_id"].as_str().unwrap().to_string();
    let created = {
        let req = artifact_explorer::mlflow::api::get_logged_model(&champion);
        let (_, text) = curl(&base, &req);
        let v: Value = serde_json::from_str(&text).unwrap();
        v["model"]["info"]["creation_timestamp_ms"]
            .as_str()
            .map(|s| s.parse::<i64>().unwrap())
            .or(v["model"]["info"]["creation_timestamp_ms"].as_i64())
    };
    let small = scenarios::small_pages();
    let tight = scenarios::tight();
    let e = json!({ "experiment": exp });
    let b = base.as_str();
    record(
        b,
        "projects",
        json!({}),
        small,
        scenarios::projects(&json!({}), small),
    );
    record(
        b,
        "project",
        e.clone(),
        small,
        scenarios::project(&e, small),
    );
    record(
        b,
        "project_tight",
        e.clone(),
        tight,
        scenarios::project(&e, tight),
    );
    record(b, "sweeps", e.clone(), small, scenarios::sweeps(&e, small));
    let a = json!({ "experiment": exp, "collection": "sweep-model" });
    record(
        b,
        "collection_models",
        a.clone(),
        small,
        scenarios::model_collection(&a, small),
    );
    record(
        b,
        "collection_models_tight",
        a.clone(),
        tight,
        scenarios::model_collection(&a, tight),
    );
    let a = json!({ "experiment": exp, "collection": "iris-train" });
    record(
        b,
        "collection_datasets",
        a.clone(),
        small,
        scenarios::dataset_collection(&a, small),
    );
    let a = json!({ "experiment": exp, "collection": "no such collection" });
    record(
        b,
        "collection_missing",
        a.clone(),
        small,
        scenarios::model_collection(&a, small),
    );
    let a = json!({ "experiment": exp, "run": run("evaluate-champion") });
    record(b, "run_eval", a.clone(), small, scenarios::run(&a, small));
    let a = json!({ "experiment": exp, "run": run("prepare-data") });
    record(b, "run_prep", a.clone(), small, scenarios::run(&a, small));
    let a = json!({ "experiment": exp, "run": run("sweep-lr") });
    record(b, "sweep", a.clone(), small, scenarios::sweep(&a, small));
    let a = json!({ "name": "iris-classifier" });
    record(
        b,
        "registered_model",
        a.clone(),
        small,
        scenarios::registered_model(&a, small),
    );
    let a = json!({ "model": champion, "created": created });
    record(
        b,
        "usage",
        a.clone(),
        small,
        scenarios::model_usage(&a, small),
    );
    record(
        b,
        "usage_tight",
        a.clone(),
        tight,
        scenarios::model_usage(&a, tight),
    );
    let a = json!({ "experiment": exp, "model": champion });
    record(
        b,
        "lineage_model",
        a.clone(),
        small,
        scenarios::lineage_of_model(&a, small),
    );
    let a = json!({ "experiment": exp, "run": run("evaluate-champion") });
    record(
        b,
        "lineage_run_up",
        a.clone(),
        small,
        scenarios::lineage_of_run_upstream(&a, small),
    );
}
