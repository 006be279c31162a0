//! Sweeps: a parent run whose children carry `mlflow.parentRunId`.

use super::run::Run;

#[derive(Clone, Debug, PartialEq)]
pub struct Sweep {
    pub parent_id: String,
    /// The parent's name, or its id when the parent is not among the runs we have.
    pub name: String,
    pub children: Vec<String>,
}

/// Groups runs into sweeps, biggest first; parents with no children are not sweeps.
pub fn sweeps(runs: &[Run]) -> Vec<Sweep> {
    let mut out: Vec<Sweep> = Vec::new();
    for run in runs {
        let Some(parent) = run.parent_run_id.as_deref() else {
            continue;
        };
        match out.iter_mut().find(|s| s.parent_id == parent) {
            Some(s) => s.children.push(run.id.clone()),
            None => out.push(Sweep {
                parent_id: parent.to_string(),
                name: runs
                    .iter()
                    .find(|r| r.id == parent)
                    .map(|r| r.name.clone())
                    .unwrap_or_else(|| parent.to_string()),
                children: vec![run.id.clone()],
            }),
        }
    }
    out.sort_by(|a, b| {
        b.children
            .len()
            .cmp(&a.children.len())
            .then(a.name.cmp(&b.name))
    });
    out
}

/// Whether a bigger or a smaller metric value is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    Max,
    Min,
}

impl Goal {
    pub fn parse(s: &str) -> Option<Goal> {
        match s {
            "max" => Some(Goal::Max),
            "min" => Some(Goal::Min),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Goal::Max => "max",
            Goal::Min => "min",
        }
    }

    /// Losses and errors are minimised; everything else maximised.
    pub fn default_for(metric: &str) -> Goal {
        let m = metric.to_lowercase();
        if [
            "loss",
            "error",
            "err",
            "mse",
            "mae",
            "rmse",
            "perplexity",
            "latency",
        ]
        .iter()
        .any(|w| m.contains(w))
        {
            Goal::Min
        } else {
            Goal::Max
        }
    }
}

/// Metric keys the runs report, most widely reported first; among equals, validation metrics
/// (`val…`) first, then by name. The first one is the sweep page's default.
pub fn metric_keys(runs: &[Run]) -> Vec<String> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for r in runs {
        for m in r.metrics.iter().filter(|m| !m.value.is_nan()) {
            *counts.entry(m.key.as_str()).or_insert(0) += 1;
        }
    }
    let mut keys: Vec<(&str, usize)> = counts.into_iter().collect();
    keys.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(b.0.starts_with("val").cmp(&a.0.starts_with("val")))
            .then(a.0.cmp(b.0))
    });
    keys.into_iter().map(|(k, _)| k.to_string()).collect()
}

/// Ranks runs by a metric, best first; runs without the metric (or NaN) come last, by name.
pub fn rank<'a>(runs: &'a [Run], metric: &str, goal: Goal) -> Vec<(&'a Run, Option<f64>)> {
    let mut ranked: Vec<(&Run, Option<f64>)> = runs
        .iter()
        .map(|r| (r, r.metric(metric).filter(|v| !v.is_nan())))
        .collect();
    ranked.sort_by(|(ra, a), (rb, b)| match (a, b) {
        (Some(x), Some(y)) => {
            let ord = x.total_cmp(y);
            match goal {
                Goal::Max => ord.reverse(),
                Goal::Min => ord,
            }
            .then(ra.name.cmp(&rb.name))
        }
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => ra.name.cmp(&rb.name),
    });
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::run::{MetricValue, RunStatus};

    fn run(name: &str, parent: Option<&str>, metrics: &[(&str, f64)]) -> Run {
        Run {
            id: format!("id-{name}"),
            name: name.into(),
            experiment_id: "1".into(),
            status: RunStatus::Finished,
            user: String::new(),
            start: None,
            end: None,
            job_type: "run".into(),
            parent_run_id: parent.map(|p| format!("id-{p}")),
            params: vec![],
            metrics: metrics
                .iter()
                .map(|(k, v)| MetricValue {
                    key: k.to_string(),
                    value: *v,
                    step: 0,
                    timestamp: None,
                })
                .collect(),
            tags: vec![],
            used_datasets: vec![],
            used_models: vec![],
            logged_models: vec![],
            artifact_uri: String::new(),
        }
    }

    #[test]
    fn ranks_best_first_with_missing_last() {
        let runs = vec![
            run("a", Some("p"), &[("val_acc", 0.8), ("train_loss", 0.3)]),
            run("b", Some("p"), &[("val_acc", 0.95), ("train_loss", 0.5)]),
            run("c", Some("p"), &[("train_loss", 0.1)]),
            run(
                "d",
                Some("p"),
                &[("val_acc", f64::NAN), ("train_loss", 0.2)],
            ),
        ];
        let names =
            |r: Vec<(&Run, Option<f64>)>| r.iter().map(|(r, _)| r.name.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(rank(&runs, "val_acc", Goal::Max)),
            ["b", "a", "c", "d"]
        );
        assert_eq!(
            names(rank(&runs, "val_acc", Goal::Min)),
            ["a", "b", "c", "d"]
        );
        assert_eq!(
            names(rank(&runs, "train_loss", Goal::Min)),
            ["c", "d", "a", "b"]
        );
    }

    #[test]
    fn default_metric_prefers_widely_reported_validation_metrics() {
        let runs = vec![
            run(
                "a",
                None,
                &[("val_acc", 0.8), ("train_loss", 0.3), ("x", 1.0)],
            ),
            run("b", None, &[("val_acc", 0.9), ("train_loss", 0.2)]),
        ];
        assert_eq!(metric_keys(&runs), ["val_acc", "train_loss", "x"]);
        assert_eq!(Goal::default_for("val_acc"), Goal::Max);
        assert_eq!(Goal::default_for("train_loss"), Goal::Min);
        assert!(metric_keys(&[]).is_empty());
    }

    #[test]
    fn sweeps_need_children() {
        let runs = vec![
            run("p", None, &[]),
            run("c1", Some("p"), &[]),
            run("c2", Some("p"), &[]),
            run("solo", None, &[]),
        ];
        let s = sweeps(&runs);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].name, "p");
        assert_eq!(s[0].children, ["id-c1", "id-c2"]);
    }
}
