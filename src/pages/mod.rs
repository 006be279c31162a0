//! One file per route.

mod artifact;
mod collection;
mod deferred;
mod files;
mod lineage;
mod not_found;
mod project;
mod projects;
mod registry;
mod run;
mod settings;
mod sweep;
mod version;

pub use artifact::ArtifactPage;
pub use deferred::{preload as preload_deferred, Deferred, DeferredPage};
pub use files::FilesPage;
pub use lineage::LineagePage;
pub use not_found::NotFound;
pub use project::ProjectPage;
pub use projects::ProjectsPage;
pub use registry::{RegisteredModelPage, RegistryPage};
pub use run::RunPage;
pub use settings::SettingsPage;
pub use sweep::SweepPage;
