//! One file per route.

mod lineage;
mod not_found;
mod project;
mod projects;
mod settings;

pub use lineage::LineagePage;
pub use not_found::NotFound;
pub use project::ProjectPage;
pub use projects::ProjectsPage;
pub use settings::SettingsPage;

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
                ..Default::default()
            },
        );
    };
    (value, set)
}
