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
