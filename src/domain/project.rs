//! Projects: MLflow experiments as the UI shows them.

use super::{user_tags, Millis};
use crate::mlflow::wire;

#[derive(Clone, Debug, PartialEq)]
pub struct Project {
    pub id: String,
    pub name: String,
    /// MLflow keeps an experiment's description in the `mlflow.note.content` tag.
    pub description: String,
    pub created: Option<Millis>,
    pub updated: Option<Millis>,
    pub tags: Vec<(String, String)>,
}

impl From<&wire::Experiment> for Project {
    fn from(e: &wire::Experiment) -> Self {
        Project {
            id: e.experiment_id.clone(),
            name: if e.name.is_empty() {
                format!("experiment {}", e.experiment_id)
            } else {
                e.name.clone()
            },
            description: e
                .tags
                .iter()
                .find(|t| t.key == "mlflow.note.content")
                .map(|t| t.value.clone())
                .unwrap_or_default(),
            created: e.creation_time,
            updated: e.last_update_time,
            tags: user_tags(&e.tags),
        }
    }
}

/// A count that may have stopped at a bound ("10,000+").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Count {
    pub n: usize,
    pub more: bool,
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}{}",
            crate::format::thousands(self.n as u64),
            if self.more { "+" } else { "" }
        )
    }
}
