//! Small pieces every artifact page uses: alias chips, version and run links, key/value tables.

use crate::domain::{Alias, ArtifactKind, Collection, Version};
use crate::routes::{self, CollectionKind};
use leptos::prelude::*;

pub fn collection_kind(kind: ArtifactKind) -> CollectionKind {
    match kind {
        ArtifactKind::Model => CollectionKind::Models,
        ArtifactKind::Dataset => CollectionKind::Datasets,
    }
}

/// `latest` (dashed: derived by this app) or `iris-classifier@champion` (a registry alias).
#[component]
pub fn AliasChips(aliases: Vec<Alias>) -> impl IntoView {
    aliases
        .into_iter()
        .map(|a| match a {
            Alias::Latest => view! {
                <span class="chip derived" title="derived: the newest version of this collection">"latest"</span>
            }
            .into_any(),
            other => {
                let label = other.label();
                view! { <span class="chip" title=format!("registry alias {label}")>{label.clone()}</span> }.into_any()
            }
        })
        .collect_view()
}

/// `name:vN` (or `name:` and a short id when the number is not known) linking to the version
/// page by MLflow's id.
#[component]
pub fn VersionLink(collection: Collection, version: Version) -> impl IntoView {
    let href = routes::version(
        &collection.experiment_id,
        collection_kind(collection.kind),
        &collection.name,
        version.spec(),
    );
    view! { <a href=href class="version-link">{format!("{}:{}", collection.name, version.label())}</a> }
}

/// A run's name linking to its page (or a short id when the name is unknown).
#[component]
pub fn RunLink(experiment_id: String, run_id: String, name: String) -> impl IntoView {
    view! { <a href=routes::run(&experiment_id, &run_id) class="run-link">{name}</a> }
}

/// A two-column table of keys and values (params, tags…), or a note when empty.
#[component]
pub fn KeyValues(caption: &'static str, rows: Vec<(String, String)>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">{format!("No {}.", caption.to_lowercase())}</p> }
            .into_any();
    }
    view! {
        <table class="data-table kv-table">
            <caption class="visually-hidden">{caption}</caption>
            <thead><tr><th scope="col">"Key"</th><th scope="col">"Value"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|(k, v)| view! {
                    <tr><th scope="row" class="mono">{k}</th><td class="mono" dir="auto">{v}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// A tab bar whose tabs are links that set `?tab=` (so every tab is a deep link).
#[component]
pub fn TabLinks(
    tabs: Vec<(&'static str, String)>,
    hrefs: Vec<String>,
    active: Signal<String>,
) -> impl IntoView {
    view! {
        <nav class="tabs" role="tablist">
            {tabs.into_iter().zip(hrefs).map(|((key, label), href)| view! {
                <a href=href role="tab" aria-selected=move || (active.get() == key).to_string() data-tab=key>{label}</a>
            }).collect_view()}
        </nav>
    }
}
