//! Sweeps: a parent run whose children carry `mlflow.parentRunId`; which metric ranks them by
//! default, which params were swept, and where the sweep's best model was logged.

use super::artifact::{ArtifactKind, Collection, Version};
use super::run::Run;
use std::collections::BTreeMap;

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

    /// The goal a metric's name implies: see [`default_metric`] for the rule.
    pub fn default_for(metric: &str) -> Goal {
        MetricName::read(metric).goal
    }
}

/// Metric keys the runs report, in the order of the default metric rule ([`default_metric`]):
/// held-out scores first, timings and ranks last; among equals the most widely reported first,
/// then by name. The sweep page's metric picker lists them in this order.
pub fn metric_keys(runs: &[Run]) -> Vec<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in runs {
        for m in r.metrics.iter().filter(|m| !m.value.is_nan()) {
            *counts.entry(m.key.as_str()).or_insert(0) += 1;
        }
    }
    let mut keys: Vec<(&str, usize, (Tier, Kind))> = counts
        .into_iter()
        .map(|(k, n)| (k, n, MetricName::read(k).preference()))
        .collect();
    keys.sort_by(|a, b| a.2.cmp(&b.2).then(b.1.cmp(&a.1)).then(a.0.cmp(b.0)));
    keys.into_iter().map(|(k, _, _)| k.to_string()).collect()
}

/// The metric a sweep is ranked by when the user has not chosen one, and its goal.
///
/// The rule, applied to the words of each name (split at `_ - . / @`, spaces, digits-to-letters
/// and lower-to-upper case changes, compared lower-cased):
///
/// 1. **Timings** (`time`, `seconds`, `duration`, `runtime`, `latency`, `per_second`…) and
///    **ranks** (`rank`) are picked only when nothing else exists, ranks before timings.
/// 2. First come **held-out** metrics: a word `val`, `valid`, `validation`, `eval`,
///    `evaluation`, `test`, `dev`, `holdout`, `cv` or `oof` (`mean_test_score`, `val_loss`,
///    `validation_0-logloss`, `eval-auc`).
/// 3. Then **training** and unmarked metrics that say what they measure (`train_loss`,
///    `training_score`, `loss`, `accuracy`).
/// 4. Then the rest: spreads (`std_test_score`) and names that say neither (`epoch`, `lr`,
///    `best_iteration`).
///
/// Within a group a **score** (score, accuracy/acc, AUC, F1, R², precision, recall, AP, NDCG…)
/// comes before a **loss or error** (loss, logloss, error, RMSE, MAE, MSE, L1, L2, perplexity…),
/// which comes before a name that says neither; ties keep the order of `keys` (pass them most
/// widely reported first, as [`metric_keys`] does).
///
/// **Goal**: losses, errors, spreads, timings and ranks are minimised — unless the name is
/// negated (`neg_…`, as scikit-learn's error scorers are), or a rate (`per_second`,
/// `throughput`); everything else is maximised.
pub fn default_metric<S: AsRef<str>>(keys: &[S]) -> Option<(String, Goal)> {
    keys.iter()
        .map(|k| MetricName::read(k.as_ref()))
        .enumerate()
        .min_by_key(|(i, m)| (m.preference(), *i))
        .map(|(_, m)| (m.name, m.goal))
}

/// Groups of [`default_metric`]'s rule, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    HeldOut,
    Training,
    Other,
    Rank,
    Timing,
}

/// What a name says it measures, within a [`Tier`]: scores first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Score,
    Loss,
    Unknown,
}

/// A metric name as [`default_metric`] reads it.
struct MetricName {
    name: String,
    tier: Tier,
    kind: Kind,
    goal: Goal,
}

const HELD_OUT: &[&str] = &[
    "val",
    "valid",
    "validation",
    "eval",
    "evaluation",
    "test",
    "testing",
    "dev",
    "holdout",
    "heldout",
    "cv",
    "oof",
];
const TIMING: &[&str] = &[
    "time",
    "times",
    "timing",
    "second",
    "seconds",
    "sec",
    "secs",
    "duration",
    "runtime",
    "latency",
    "elapsed",
    "throughput",
];
const SCORE: &[&str] = &[
    "score",
    "scores",
    "acc",
    "accuracy",
    "auc",
    "aucpr",
    "roc",
    "f1",
    "fbeta",
    "r2",
    "precision",
    "recall",
    "ap",
    "map",
    "ndcg",
    "iou",
    "miou",
    "dice",
    "bleu",
    "rouge",
    "mcc",
    "kappa",
    "jaccard",
    "sensitivity",
    "specificity",
    "tpr",
    "tnr",
    "explained",
    "top1",
    "top5",
];
const LOSS: &[&str] = &[
    "loss",
    "losses",
    "logloss",
    "mlogloss",
    "nll",
    "error",
    "errors",
    "err",
    "merror",
    "mae",
    "mse",
    "rmse",
    "rmsle",
    "msle",
    "mape",
    "smape",
    "l1",
    "l2",
    "huber",
    "hinge",
    "perplexity",
    "ppl",
    "deviance",
    "entropy",
    "crossentropy",
    "kl",
    "kld",
    "wer",
    "cer",
    "fpr",
    "fnr",
    "poisson",
    "tweedie",
    "regret",
];
const SPREAD: &[&str] = &["std", "stdev", "stddev", "stdv"];

impl MetricName {
    fn read(name: &str) -> MetricName {
        let words = words(name);
        let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
        let negated = words.iter().any(|w| w == "neg");
        let rate = words.iter().any(|w| w == "per" || w == "throughput");
        let kind = if has(SCORE) {
            Kind::Score
        } else if has(LOSS) {
            Kind::Loss
        } else {
            Kind::Unknown
        };
        let tier = if has(TIMING) {
            Tier::Timing
        } else if words.iter().any(|w| w == "rank") {
            Tier::Rank
        } else if has(SPREAD) {
            Tier::Other
        } else if has(HELD_OUT) {
            Tier::HeldOut
        } else if kind != Kind::Unknown {
            Tier::Training
        } else {
            Tier::Other
        };
        let minimised = match tier {
            Tier::Timing => !rate,
            Tier::Rank => true,
            _ if has(SPREAD) => true,
            _ => kind == Kind::Loss,
        };
        MetricName {
            name: name.to_string(),
            tier,
            kind,
            goal: if minimised && !negated {
                Goal::Min
            } else {
                Goal::Max
            },
        }
    }

    fn preference(&self) -> (Tier, Kind) {
        (self.tier, self.kind)
    }
}

/// `validation_0-logloss` → `validation`, `0`, `logloss`; `valAccuracy` → `val`, `accuracy`;
/// `F1Score` → `f1`, `score`.
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev: Option<char> = None;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev = None;
            continue;
        }
        let boundary = match prev {
            Some(p) => {
                (p.is_lowercase() || p.is_numeric()) && c.is_uppercase()
                    || p.is_numeric() && c.is_alphabetic() && !cur.chars().all(char::is_numeric)
            }
            None => false,
        };
        if boundary && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.extend(c.to_lowercase());
        prev = Some(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The param keys whose values differ across `runs`: the params a sweep swept (W&B's sweep
/// tables show only these). A key that some runs lack counts as differing; fewer than two runs
/// sweep nothing. Sorted by key. The collection page's version list uses the same rule.
pub fn varying_params<'a, I>(runs: I) -> Vec<String>
where
    I: IntoIterator<Item = &'a [(String, String)]>,
{
    // key → (first value seen, runs that have it, a different value was seen)
    let mut seen: BTreeMap<&str, (&str, usize, bool)> = BTreeMap::new();
    let mut n = 0;
    for params in runs {
        n += 1;
        for (k, v) in params {
            let e = seen.entry(k.as_str()).or_insert((v.as_str(), 0, false));
            e.1 += 1;
            e.2 |= e.0 != v.as_str();
        }
    }
    if n < 2 {
        return Vec::new();
    }
    seen.into_iter()
        .filter(|(_, (_, count, differs))| *differs || *count < n)
        .map(|(k, _)| k.to_string())
        .collect()
}

/// The param columns of the sweep table: the swept ones ([`varying_params`]), or every param
/// any child has when `all` is set. Sorted by key.
pub fn param_columns(children: &[Run], all: bool) -> Vec<String> {
    if all {
        let keys: std::collections::BTreeSet<&str> = children
            .iter()
            .flat_map(|r| r.params.iter().map(|(k, _)| k.as_str()))
            .collect();
        keys.into_iter().map(str::to_string).collect()
    } else {
        varying_params(children.iter().map(|r| r.params.as_slice()))
    }
}

/// The model versions a run logged: its logged models (`source_run_id`) or model outputs.
pub fn models_logged_by<'a>(
    collections: &'a [Collection],
    run: &Run,
) -> Vec<(&'a Collection, &'a Version)> {
    collections
        .iter()
        .filter(|c| c.kind == ArtifactKind::Model)
        .flat_map(|c| c.versions.iter().map(move |v| (c, v)))
        .filter(|(_, v)| {
            v.logged_by.as_deref() == Some(run.id.as_str()) || run.logged_models.contains(&v.id)
        })
        .collect()
}

/// The sweep's best model, wherever it was logged.
#[derive(Clone, Debug, PartialEq)]
pub struct BestModels<'a> {
    pub versions: Vec<(&'a Collection, &'a Version)>,
    /// The best child logged none: these are the parent's (GridSearchCV's autolog logs
    /// `best_estimator` and `model` on the parent only).
    pub from_parent: bool,
}

/// The best child's models when it logged any (each child logging its own model, as W&B
/// sweeps do), else the models the sweep's parent logged.
pub fn best_models<'a>(collections: &'a [Collection], best: &Run, parent: &Run) -> BestModels<'a> {
    let own = models_logged_by(collections, best);
    if !own.is_empty() {
        return BestModels {
            versions: own,
            from_parent: false,
        };
    }
    let parents = models_logged_by(collections, parent);
    BestModels {
        from_parent: !parents.is_empty(),
        versions: parents,
    }
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
mod tests;
