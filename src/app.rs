//! The router, the shell (header, breadcrumbs, status) and the contexts every page shares.

use crate::components::status::StatusIndicator;
use crate::config::{normalise_server_url, FileConfig, STORAGE_KEY};
use crate::mlflow::client::Client;
use crate::pages::{LineagePage, NotFound, ProjectPage, ProjectsPage, SettingsPage};
use crate::routes;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The MLflow server the app talks to; `ready` turns true once the configuration is known.
#[derive(Clone, Copy)]
pub struct ServerConfig {
    pub url: RwSignal<String>,
    pub ready: RwSignal<bool>,
}

/// One step of the breadcrumb trail in the header.
#[derive(Clone, Debug, PartialEq)]
pub struct Crumb {
    pub label: String,
    pub href: Option<String>,
}

impl Crumb {
    pub fn link(label: impl Into<String>, href: impl Into<String>) -> Crumb {
        Crumb {
            label: label.into(),
            href: Some(href.into()),
        }
    }

    pub fn here(label: impl Into<String>) -> Crumb {
        Crumb {
            label: label.into(),
            href: None,
        }
    }
}

#[derive(Clone, Copy)]
pub struct Crumbs(pub RwSignal<Vec<Crumb>>);

/// Sets the header's breadcrumb trail (pages call this when they render).
pub fn set_crumbs(trail: Vec<Crumb>) {
    if let Some(Crumbs(c)) = use_context::<Crumbs>() {
        c.set(trail);
    }
}

/// A client for the configured server, tracked: resources that read it refetch when it changes.
pub fn use_client() -> Signal<Client> {
    let config = expect_context::<ServerConfig>();
    Signal::derive(move || Client::new(config.url.get()))
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

pub fn saved_server_url() -> Option<String> {
    let storage = web_sys::window()?.local_storage().ok()??;
    storage.get_item(STORAGE_KEY).ok()?
}

pub fn save_server_url(url: &str) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = if url.is_empty() {
            storage.remove_item(STORAGE_KEY)
        } else {
            storage.set_item(STORAGE_KEY, url)
        };
    }
}

/// Provides the shared contexts: server configuration and breadcrumbs.
pub fn provide_app_contexts() -> ServerConfig {
    let config = ServerConfig {
        url: RwSignal::new(String::new()),
        ready: RwSignal::new(false),
    };
    provide_context(config);
    provide_context(Crumbs(RwSignal::new(Vec::new())));
    provide_context(crate::mlflow::lineage::RunCache::default());
    config
}

async fn file_config_url() -> Option<String> {
    let resp = gloo_net::http::Request::get("/config.json")
        .send()
        .await
        .ok()?;
    if !resp.ok() {
        return None;
    }
    let cfg: FileConfig = serde_json::from_str(&resp.text().await.ok()?).ok()?;
    normalise_server_url(&cfg.mlflow_url).ok()
}

#[component]
pub fn App() -> impl IntoView {
    let config = provide_app_contexts();
    match saved_server_url().and_then(|u| normalise_server_url(&u).ok()) {
        Some(url) => {
            config.url.set(url);
            config.ready.set(true);
        }
        None => leptos::task::spawn_local(async move {
            if let Some(url) = file_config_url().await {
                config.url.set(url);
            }
            config.ready.set(true);
        }),
    }

    view! {
        <Router>
            <Shell>
                <Show when=move || config.ready.get() fallback=|| view! { <p class="muted">"Loading configuration…"</p> }>
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=ProjectsPage/>
                        <Route path=path!("/projects/:experiment") view=ProjectPage/>
                        <Route path=path!("/projects/:experiment/lineage") view=LineagePage/>
                        <Route path=path!("/settings") view=SettingsPage/>
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
                <a href=routes::settings() class="settings-link">"Settings"</a>
            </div>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
    }
}
