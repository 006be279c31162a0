//! What the UI talks about — projects, runs, artifact collections, versions, aliases — and
//! the mapping from MLflow's wire types to them. No DOM, no HTTP: tested natively on JSON
//! captured from a real MLflow server (`tests/fixtures/mlflow/`).

pub mod artifact;
pub mod compare;
pub mod project;
pub mod run;
pub mod source;
pub mod sweep;
pub mod table;

pub use artifact::{Alias, ArtifactKind, Collection, Version};
pub use project::{Count, Project};
pub use run::{Run, RunStatus, UsedDataset};
pub use source::DatasetSource;
pub use sweep::Sweep;

use crate::mlflow::wire::Tag;

/// Milliseconds since the Unix epoch, as MLflow stores times.
pub type Millis = i64;

/// Tags a user set, without MLflow's own bookkeeping tags (`mlflow.*`).
pub fn user_tags(tags: &[Tag]) -> Vec<(String, String)> {
    tags.iter()
        .filter(|t| !t.key.starts_with("mlflow."))
        .map(|t| (t.key.clone(), t.value.clone()))
        .collect()
}
