//! The app: reads its configuration, then the router and the shell (header, breadcrumbs, status)
//! around the pages. The contexts they share are in [`crate::context`].

use crate::components::sign_in::SignOut;
use crate::components::status::StatusIndicator;
use crate::config::{self, normalise_server_url, FileConfig};
use crate::context::{
    provide_app_contexts, saved_server_url, server_origin, Credentials, Crumbs, ServerConfig,
};
use crate::pages::{Deferred, DeferredPage, NotFound, ProjectsPage};
use crate::routes;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// `config.json` beside `index.html` (under the base path): `Ok(None)` when there is none
/// (404), an error when it cannot be read or used.
async fn file_config(base: &str) -> Result<Option<FileConfig>, String> {
    let resp = gloo_net::http::Request::get(&format!("{base}/config.json"))
        .send()
        .await
        .map_err(|e| format!("config.json could not be read: {e}"))?;
    match resp.status() {
        404 => return Ok(None),
        200..=299 => {}
        s => return Err(format!("config.json could not be read: HTTP {s}")),
    }
    let text = resp
        .text()
        .await
        .map_err(|e| format!("config.json could not be read: {e}"))?;
    config::parse_file_config(&text).map(Some)
}

/// The path the app is served under, from `<base href>` (see [`config::base_path`]).
fn base_path() -> String {
    let href = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    let pathname = web_sys::Url::new(&href)
        .map(|u| u.pathname())
        .unwrap_or_default();
    config::base_path(&pathname)
}

#[component]
pub fn App() -> impl IntoView {
    let base = base_path();
    routes::set_base(&base);
    // a deep link to another page: its code is fetched while config.json is read, not after
    let pathname = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    if !routes::is_projects_list(&pathname, &base) {
        crate::pages::preload_deferred();
    }
    let config = provide_app_contexts();
    let limits = expect_context::<crate::hooks::PlanLimits>();
    let worker_min = expect_context::<crate::hooks::LayoutWorkerMin>();
    // config.json is read first in any case: it also holds the read limits
    let config_base = base.clone();
    leptos::task::spawn_local(async move {
        let file = match file_config(&config_base).await {
            Ok(f) => f,
            Err(e) => {
                config.error.set(Some(e));
                None
            }
        };
        if let Some(f) = &file {
            limits.0.set(f.limits);
            worker_min.0.set(f.layout_worker_min_nodes);
        }
        // a URL saved in this browser wins over config.json's
        let url = saved_server_url()
            .and_then(|u| normalise_server_url(&u).ok())
            .or_else(|| file.map(|f| f.mlflow_url));
        // the same URL again would make every reader of the client (the status probe, which is
        // outside the routes) ask again
        if let Some(url) = url.filter(|u| *u != config.url.get_untracked()) {
            config.url.set(url);
        }
        config.ready.set(true);
    });
    // A session belongs to the server it was made for: choosing another one signs out.
    let Credentials(session) = expect_context::<Credentials>();
    Effect::new(move |_| {
        if !config.ready.get() {
            return;
        }
        let origin = server_origin(&config.url.get());
        if session.with_untracked(|s| s.as_ref().is_some_and(|s| s.origin != origin)) {
            Credentials(session).set(None);
        }
    });

    view! {
        <Router base=base>
            <Shell>
                <Show when=move || config.ready.get() fallback=|| view! { <p class="muted">"Loading configuration…"</p> }>
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=ProjectsPage/>
                        <Route path=path!("/projects/:experiment") view=|| view! { <DeferredPage page=Deferred::Project/> }/>
                        <Route path=path!("/projects/:experiment/lineage") view=|| view! { <DeferredPage page=Deferred::Lineage/> }/>
                        <Route path=path!("/projects/:experiment/files") view=|| view! { <DeferredPage page=Deferred::Files/> }/>
                        <Route path=path!("/projects/:experiment/runs/:run") view=|| view! { <DeferredPage page=Deferred::Run/> }/>
                        <Route path=path!("/projects/:experiment/sweeps/:run") view=|| view! { <DeferredPage page=Deferred::Sweep/> }/>
                        <Route path=path!("/projects/:experiment/:kind/:artifact") view=|| view! { <DeferredPage page=Deferred::Artifact/> }/>
                        <Route path=path!("/registry") view=|| view! { <DeferredPage page=Deferred::Registry/> }/>
                        <Route path=path!("/registry/:name") view=|| view! { <DeferredPage page=Deferred::RegisteredModel/> }/>
                        <Route path=path!("/settings") view=|| view! { <DeferredPage page=Deferred::Settings/> }/>
                    </Routes>
                </Show>
            </Shell>
        </Router>
    }
}

/// Header with brand, breadcrumbs, server status and settings; the page below.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let Crumbs(crumbs) = expect_context::<Crumbs>();
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="topbar">
            <a href=routes::projects() class="brand">"Artifact Explorer"</a>
            <nav class="crumbs" aria-label="Breadcrumb">
                <ol>
                    {move || {
                        let trail = crumbs.get();
                        let last = trail.len().saturating_sub(1);
                        trail
                            .into_iter()
                            .enumerate()
                            .map(|(i, c)| match c.href {
                                Some(href) if i != last => view! { <li><a href=href>{c.label}</a></li> }.into_any(),
                                _ => view! { <li aria-current="page">{c.label}</li> }.into_any(),
                            })
                            .collect_view()
                    }}
                </ol>
            </nav>
            <div class="topbar-end">
                <StatusIndicator/>
                <a href=routes::registry() class="settings-link">"Registry"</a>
                <SignOut/>
                <a href=routes::settings() class="settings-link">"Settings"</a>
            </div>
        </header>
        {move || expect_context::<ServerConfig>().error.get().map(|e| view! {
            <div class="config-error" role="alert">
                <strong>"The deployment's configuration cannot be used. "</strong>
                {e}
                " This app talks to MLflow on its own origin until it is fixed; "
                <a href=routes::settings()>"Settings"</a>
                " can choose a server for this browser."
            </div>
        })}
        <main id="main" tabindex="-1">{children()}</main>
    }
}
