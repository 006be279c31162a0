//! Runs as the UI shows them: info, params, latest metrics, and what they used and logged.

use super::source::DatasetSource;
use super::{user_tags, Millis};
use crate::mlflow::wire;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunStatus {
    Running,
    Scheduled,
    Finished,
    Failed,
    Killed,
    Other(String),
}

impl RunStatus {
    pub fn parse(s: &str) -> RunStatus {
        match s {
            "RUNNING" => RunStatus::Running,
            "SCHEDULED" => RunStatus::Scheduled,
            "FINISHED" => RunStatus::Finished,
            "FAILED" => RunStatus::Failed,
            "KILLED" => RunStatus::Killed,
            other => RunStatus::Other(other.to_string()),
        }
    }

    /// The run can change no more.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            RunStatus::Finished | RunStatus::Failed | RunStatus::Killed
        )
    }

    pub fn label(&self) -> &str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Scheduled => "scheduled",
            RunStatus::Finished => "finished",
            RunStatus::Failed => "failed",
            RunStatus::Killed => "killed",
            RunStatus::Other(s) if s.is_empty() => "unknown",
            RunStatus::Other(s) => s,
        }
    }
}

/// A dataset a run used, with the context MLflow recorded (`training`, `evaluation`…).
#[derive(Clone, Debug, PartialEq)]
pub struct UsedDataset {
    pub name: String,
    pub digest: String,
    pub context: Option<String>,
    pub source_type: String,
    pub source: DatasetSource,
    pub schema: String,
    pub profile: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MetricValue {
    pub key: String,
    pub value: f64,
    pub step: i64,
    pub timestamp: Option<Millis>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub id: String,
    pub name: String,
    pub experiment_id: String,
    pub status: RunStatus,
    pub user: String,
    pub start: Option<Millis>,
    pub end: Option<Millis>,
    /// W&B's job type, decided by [`job_type`]: never empty.
    pub job_type: String,
    /// Set on the children of a sweep (`mlflow.parentRunId`).
    pub parent_run_id: Option<String>,
    pub params: Vec<(String, String)>,
    /// Latest value per key, sorted by key.
    pub metrics: Vec<MetricValue>,
    /// Tags without MLflow's own `mlflow.*` ones.
    pub tags: Vec<(String, String)>,
    pub used_datasets: Vec<UsedDataset>,
    /// Logged models this run used. Only `runs/get` reports these (not `runs/search`).
    pub used_models: Vec<String>,
    pub logged_models: Vec<String>,
    pub artifact_uri: String,
}

impl Run {
    pub fn duration_ms(&self) -> Option<Millis> {
        Some(self.end? - self.start?).filter(|d| *d >= 0)
    }

    pub fn metric(&self, key: &str) -> Option<f64> {
        self.metrics.iter().find(|m| m.key == key).map(|m| m.value)
    }

    pub fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

impl From<&wire::Run> for Run {
    fn from(r: &wire::Run) -> Self {
        let tag = |key: &str| {
            r.data
                .tags
                .iter()
                .find(|t| t.key == key)
                .map(|t| t.value.clone())
                .filter(|v| !v.is_empty())
        };
        let id = r.id().to_string();
        let name = [
            r.info.run_name.clone(),
            tag("mlflow.runName").unwrap_or_default(),
        ]
        .into_iter()
        .find(|n| !n.is_empty())
        .unwrap_or_else(|| id.chars().take(8).collect());
        let mut metrics: Vec<MetricValue> = Vec::new();
        for m in &r.data.metrics {
            let value = MetricValue {
                key: m.key.clone(),
                value: m.value,
                step: m.step,
                timestamp: m.timestamp,
            };
            match metrics.iter_mut().find(|x| x.key == m.key) {
                Some(x) if (m.step, m.timestamp) >= (x.step, x.timestamp) => *x = value,
                Some(_) => {}
                None => metrics.push(value),
            }
        }
        metrics.sort_by(|a, b| a.key.cmp(&b.key));
        let mut params: Vec<(String, String)> = r
            .data
            .params
            .iter()
            .map(|p| (p.key.clone(), p.value.clone()))
            .collect();
        params.sort();
        Run {
            name,
            experiment_id: r.info.experiment_id.clone(),
            status: RunStatus::parse(&r.info.status),
            user: tag("mlflow.user").unwrap_or_else(|| r.info.user_id.clone()),
            start: r.info.start_time,
            end: r.info.end_time,
            job_type: job_type(&r.data.tags),
            parent_run_id: tag("mlflow.parentRunId"),
            params,
            metrics,
            tags: user_tags(&r.data.tags),
            used_datasets: r
                .inputs
                .dataset_inputs
                .iter()
                .map(|d| UsedDataset {
                    name: d.dataset.name.clone(),
                    digest: d.dataset.digest.clone(),
                    context: d
                        .tags
                        .iter()
                        .find(|t| t.key == "mlflow.data.context")
                        .map(|t| t.value.clone()),
                    source_type: d.dataset.source_type.clone(),
                    source: DatasetSource::parse(&d.dataset.source_type, &d.dataset.source),
                    schema: d.dataset.schema.clone(),
                    profile: d.dataset.profile.clone(),
                })
                .collect(),
            used_models: dedup(r.inputs.model_inputs.iter().map(|m| m.model_id.clone())),
            logged_models: dedup(r.outputs.model_outputs.iter().map(|m| m.model_id.clone())),
            artifact_uri: r.info.artifact_uri.clone(),
            id,
        }
    }
}

/// A run's job type (W&B's `job_type`), from what MLflow records: the `job_type` tag where a
/// user set one; else the entry point MLflow saved in `mlflow.source.name` — the file or
/// notebook name without its folders (`/home/ana/train.py` → `train.py`); else `run`. A
/// Jupyter kernel's launcher (`ipykernel_launcher.py`) says only that it was a notebook.
///
/// The one place job types are decided: tables, clusters, the Types view and the legend use it.
pub fn job_type(tags: &[wire::Tag]) -> String {
    let tag = |key: &str| {
        tags.iter()
            .find(|t| t.key == key)
            .map(|t| t.value.trim())
            .filter(|v| !v.is_empty())
    };
    if let Some(j) = tag("job_type") {
        return j.to_string();
    }
    let entry = tag("mlflow.source.name")
        .and_then(|s| {
            s.trim_end_matches(['/', '\\'])
                .rsplit(['/', '\\'])
                .next()
                .map(str::trim)
        })
        .filter(|s| !s.is_empty());
    match entry {
        Some(e) if e.starts_with("ipykernel_launcher") || e.starts_with("ipykernel") => {
            "notebook".to_string()
        }
        Some(e) => e.to_string(),
        None => "run".to_string(),
    }
}

fn dedup(ids: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids.filter(|i| !i.is_empty()) {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}
