//! Every page but the projects list is loaded on first use (issue 14).
//!
//! [`deferred_page`] is one wasm split point. Trunk's post-build hook (`scripts/split_wasm.cjs`)
//! moves the code that only it reaches (every page but the first, the lineage graph, the files
//! view, the editors) into one second `.wasm` file. The projects list, the first page, loads
//! without it, and fetches it in the background once its first rows are drawn ([`preload`]); a
//! deep link to any other page fetches it at start, while `config.json` is read (`app.rs`).
//!
//! One split point, not one per page: wasm-split gives the code that several split points share a
//! chunk of its own, and one per page made a deep link fetch 59–98 files.
//!
//! A failed load is shown, with a retry, and never cached: the network may come back, and a tab
//! opened before a new release asks for chunk names that are gone (then reloading helps).
//!
//! Without the `split` feature (`cargo test`, `wasm-bindgen-test`) the same functions are plain
//! ones: a split point that no hook splits imports a module no JS provides.

use super::{
    ArtifactPage, FilesPage, LineagePage, ProjectPage, RegisteredModelPage, RegistryPage, RunPage,
    SettingsPage, SweepPage,
};
use futures::FutureExt;
use leptos::prelude::*;
#[cfg(feature = "split")]
use leptos::wasm_split::SplitLoaderError;

/// A page loaded on first use, one per route but `/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deferred {
    Project,
    Lineage,
    Files,
    Run,
    Sweep,
    Artifact,
    Registry,
    RegisteredModel,
    Settings,
}

/// The page's view, built in the caller's reactive owner.
fn render(page: Deferred) -> AnyView {
    match page {
        Deferred::Project => view! { <ProjectPage/> }.into_any(),
        Deferred::Lineage => view! { <LineagePage/> }.into_any(),
        Deferred::Files => view! { <FilesPage/> }.into_any(),
        Deferred::Run => view! { <RunPage/> }.into_any(),
        Deferred::Sweep => view! { <SweepPage/> }.into_any(),
        Deferred::Artifact => view! { <ArtifactPage/> }.into_any(),
        Deferred::Registry => view! { <RegistryPage/> }.into_any(),
        Deferred::RegisteredModel => view! { <RegisteredModelPage/> }.into_any(),
        Deferred::Settings => view! { <SettingsPage/> }.into_any(),
    }
}

#[cfg(feature = "split")]
#[leptos::wasm_split::wasm_split(
    deferred_pages,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(load_deferred_pages)
)]
fn deferred_page(page: Deferred) -> Result<AnyView, SplitLoaderError> {
    Ok(render(page))
}

/// Why the pages could not be loaded (the loader logs the details to the console).
#[cfg(not(feature = "split"))]
#[derive(Debug)]
struct SplitLoaderError;

#[cfg(not(feature = "split"))]
async fn load_deferred_pages() -> Result<(), SplitLoaderError> {
    Ok(())
}

#[cfg(not(feature = "split"))]
async fn deferred_page(page: Deferred) -> Result<AnyView, SplitLoaderError> {
    Ok(render(page))
}

/// Starts loading the deferred pages in the background; a failure is left to the page that
/// needs them, which says so and retries.
pub fn preload() {
    leptos::task::spawn_local(async {
        let _ = load_deferred_pages().await;
    });
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Load {
    Loading,
    Ready,
    Failed,
}

/// The route's view for `page`: a placeholder while its code loads, the page once it is there,
/// or what went wrong with a way to try again.
#[component]
pub fn DeferredPage(page: Deferred) -> impl IntoView {
    let load = RwSignal::new(Load::Loading);
    let start = move || {
        let mut pending = Box::pin(load_deferred_pages());
        // loaded before (another page, or the preload): no placeholder frame
        match pending.as_mut().now_or_never() {
            Some(Ok(())) => load.set(Load::Ready),
            Some(Err(_)) => load.set(Load::Failed),
            None => {
                load.set(Load::Loading);
                leptos::task::spawn_local(async move {
                    let next = if pending.await.is_ok() {
                        Load::Ready
                    } else {
                        Load::Failed
                    };
                    load.set(next);
                });
            }
        }
    };
    start();
    move || match load.get() {
        // once loaded, the split function's future is ready at once: the page is built here,
        // synchronously, in this route's owner, as it would be without the split
        Load::Ready => match deferred_page(page).now_or_never() {
            Some(Ok(view)) => view,
            Some(Err(_)) => failed(start),
            None => loading(),
        },
        Load::Loading => loading(),
        Load::Failed => failed(start),
    }
}

fn loading() -> AnyView {
    view! {
        <section class="page" data-state="loading">
            <div class="skeleton" aria-busy="true" aria-label="Loading this page">
                <div class="skeleton-line"></div>
                <div class="skeleton-line"></div>
                <div class="skeleton-line"></div>
            </div>
        </section>
    }
    .into_any()
}

fn failed(retry: impl Fn() + Copy + Send + Sync + 'static) -> AnyView {
    view! {
        <section class="error-view" role="alert" data-error-kind="app-code">
            <h2 class="error-title">"This page could not be loaded"</h2>
            <p class="error-detail">
                "The app fetches the code of every page but the projects list when it is first \
                 needed, and that request failed. The network may be down, or a new release of the \
                 app has replaced these files since this tab was opened: then reloading helps."
            </p>
            <div class="error-actions">
                <button type="button" class="button primary" on:click=move |_| retry()>"Retry"</button>
                <button type="button" class="button" on:click=|_| {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().reload();
                    }
                }>"Reload the app"</button>
            </div>
        </section>
    }
    .into_any()
}
