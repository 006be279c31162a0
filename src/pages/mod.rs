//! One file per route.

mod artifact;
mod files;
mod lineage;
mod not_found;
mod project;
mod projects;
mod registry;
mod run;
mod settings;
mod sweep;

pub use artifact::ArtifactPage;
pub use files::FilesPage;
pub use lineage::LineagePage;
pub use not_found::NotFound;
pub use project::ProjectPage;
pub use projects::ProjectsPage;
pub use registry::{RegisteredModelPage, RegistryPage};
pub use run::RunPage;
pub use settings::SettingsPage;
pub use sweep::SweepPage;

use crate::routes::{self, Query};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

/// A query parameter as a signal, and a setter that replaces it in the URL (history entry
/// replaced, so typing in a filter does not flood back/forward).
pub(crate) fn query_param(key: Query) -> (Memo<String>, impl Fn(String) + Clone) {
    let location = use_location();
    let value = Memo::new(move |_| routes::query_value(&location.search.get(), key));
    let navigate = use_navigate();
    let set = move |v: String| {
        let search = location.search.get_untracked();
        let path = location.pathname.get_untracked();
        let query = routes::with_query(&routes::parse_query(&search), key, &v);
        navigate(
            &format!("{path}{query}"),
            NavigateOptions {
                replace: true,
                scroll: false,
                // `path` is the full path, base path included: do not prefix it again
                resolve: false,
                ..Default::default()
            },
        );
    };
    (value, set)
}
