//! `<FilesView source=…/>`: the *Files* tab of a run, logged model or dataset version. Walks
//! the artifact tree (≤ 6 listings in flight, progress shown, cancelled when the view goes
//! away), then shows the manifest table beside the preview of the selected file. Open
//! folder, selected file, filter and sort live in the URL.

use super::file_preview::FilePreview;
use super::manifest_diff::ManifestDiffView;
use super::manifest_table::ManifestTable;
use super::ErrorView;
use crate::hooks::use_client;
use crate::hooks::use_query_param;
use crate::manifest::{format, WalkProgress};
use crate::mlflow::files::{self, FileSource, WalkOutcome};
use crate::mlflow::ApiError;
use crate::routes::{self, Query};
use futures::future::{AbortHandle, Abortable};
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Where a walk is.
#[derive(Clone, Debug)]
pub enum WalkState {
    Walking(WalkProgress),
    Done(Arc<WalkOutcome>),
    Failed(ApiError),
}

/// Walks `source` (again whenever the server changes). The walk stops, and its requests are
/// aborted, when the calling component is disposed (the user left the page).
pub fn use_walk(source: FileSource) -> ReadSignal<WalkState> {
    let client = use_client();
    let state = RwSignal::new(WalkState::Walking(WalkProgress::default()));
    let running: StoredValue<Option<(AbortHandle, Arc<AtomicBool>)>> = StoredValue::new(None);
    let stop = move || {
        if let Some(Some((handle, flag))) = running.try_get_value() {
            flag.store(true, Ordering::Relaxed);
            handle.abort();
        }
    };
    Effect::new(move |_| {
        let c = client.get();
        stop();
        let _ = state.try_set(WalkState::Walking(WalkProgress::default()));
        let (handle, registration) = AbortHandle::new_pair();
        let cancelled = Arc::new(AtomicBool::new(false));
        running.set_value(Some((handle, cancelled.clone())));
        let source = source.clone();
        leptos::task::spawn_local(async move {
            let flag = cancelled.clone();
            let walk = files::walk(
                &c,
                &source,
                move || flag.load(Ordering::Relaxed),
                move |p| {
                    let _ = state.try_set(WalkState::Walking(p));
                },
            );
            match Abortable::new(walk, registration).await {
                Err(_) | Ok(Err(ApiError::Cancelled)) => {}
                Ok(Ok(outcome)) => {
                    let _ = state.try_set(WalkState::Done(Arc::new(outcome)));
                }
                Ok(Err(e)) => {
                    let _ = state.try_set(WalkState::Failed(e));
                }
            }
        });
    });
    on_cleanup(stop);
    state.read_only()
}

/// An app URL: the current one with some query parameters replaced. Reads the URL tracked,
/// so a link built in a view is rebuilt when any other parameter changes (a sort link made
/// before the filter changed must not bring back the old filter).
pub fn use_href() -> Callback<Vec<(Query, String)>, String> {
    let location = use_location();
    Callback::new(move |changes: Vec<(Query, String)>| {
        let mut search = location.search.get();
        for (key, value) in changes {
            search = routes::with_query(&routes::parse_query(&search), key, &value);
        }
        format!("{}{search}", location.pathname.get())
    })
}

#[component]
pub fn FilesView(source: FileSource) -> impl IntoView {
    let label = source.label();
    let state = use_walk(source.clone());
    let client = use_client();
    let (folder, _) = use_query_param(Query::Path);
    let (file, _) = use_query_param(Query::File);
    let (filter, set_filter) = use_query_param(Query::Filter);
    let (sort, _) = use_query_param(Query::Sort);
    let (dir, _) = use_query_param(Query::Dir);
    let href = use_href();
    let src = source.clone();
    let file_url =
        Callback::new(move |path: String| src.file_url(&client.get_untracked().base, &path));
    let on_filter = Callback::new(move |text: String| set_filter(text));

    let section_label = format!("Files of {label}");
    view! {
        <section class="files-view" aria-label=section_label>
            {move || match state.get() {
                WalkState::Walking(p) => view! {
                    <p class="walk-progress" role="status" aria-live="polite" aria-busy="true">
                        {format!("Listing files… {p}")}
                    </p>
                }.into_any(),
                WalkState::Failed(e) => view! { <ErrorView error=e/> }.into_any(),
                WalkState::Done(outcome) => {
                    let m = Arc::new(outcome.manifest.clone());
                    let t = m.totals();
                    let totals = format!(
                        "{} file{} · {} · {} folder{}",
                        format::thousands(t.files),
                        if t.files == 1 { "" } else { "s" },
                        format::human_bytes(t.bytes),
                        format::thousands(t.folders),
                        if t.folders == 1 { "" } else { "s" },
                    );
                    let errors = outcome.errors.clone();
                    let truncated = outcome.truncated;
                    let m2 = m.clone();
                    let label = label.clone();
                    let preview = move || {
                        let path = file.get();
                        if path.is_empty() {
                            return view! { <p class="muted preview-hint">"Select a file to preview it."</p> }.into_any();
                        }
                        match m2.entries().iter().find(|e| e.path == path) {
                            Some(e) => {
                                let url = file_url.run(e.path.clone());
                                view! { <FilePreview entry=e.clone() url=url/> }.into_any()
                            }
                            None => view! { <p class="muted">"That file is not in this listing."</p> }.into_any(),
                        }
                    };
                    view! {
                        <p class="files-totals" title=format::exact_bytes(t.bytes)>{totals}</p>
                        {(!errors.is_empty()).then(|| view! {
                            <div class="notice" role="status">
                                <p>{format!("{} folder{} could not be listed:", errors.len(), if errors.len() == 1 { "" } else { "s" })}</p>
                                <ul>{errors.into_iter().take(20).map(|e| view! { <li><span class="mono">{e.folder}</span>" — "{e.message}</li> }).collect_view()}</ul>
                            </div>
                        })}
                        {truncated.then(|| view! { <p class="notice" role="status">"The listing stopped at the walk limit; not every file is shown."</p> })}
                        <div class="files-layout">
                            <ManifestTable
                                manifest=m
                                folder=folder
                                filter=filter
                                sort=sort
                                dir=dir
                                selected=file
                                href=href
                                file_url=file_url
                                on_filter=on_filter
                                label=label
                            />
                            <aside class="files-preview" aria-label="File preview">{preview}</aside>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// Added, removed and changed files between two sources (two runs, two model versions…),
/// walking both listings in parallel.
#[component]
pub fn FileDiff(
    old: FileSource,
    new: FileSource,
    old_label: String,
    new_label: String,
) -> impl IntoView {
    let a = use_walk(old);
    let b = use_walk(new);
    view! {
        {move || match (a.get(), b.get()) {
            (WalkState::Failed(e), _) | (_, WalkState::Failed(e)) => view! { <ErrorView error=e/> }.into_any(),
            (WalkState::Done(x), WalkState::Done(y)) => view! {
                <ManifestDiffView
                    old=Arc::new(x.manifest.clone())
                    new=Arc::new(y.manifest.clone())
                    old_label=old_label.clone()
                    new_label=new_label.clone()
                />
            }.into_any(),
            (pa, pb) => {
                let p = |s: WalkState| match s {
                    WalkState::Walking(p) => p.to_string(),
                    _ => "done".to_string(),
                };
                view! {
                    <p class="walk-progress" role="status" aria-busy="true">
                        {format!("Listing files… old: {} · new: {}", p(pa), p(pb))}
                    </p>
                }.into_any()
            }
        }}
    }
}
