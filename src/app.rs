//! The router, the shell (header, breadcrumbs, status) and the contexts every page shares.

use crate::components::sign_in::SignOut;
use crate::components::status::StatusIndicator;
use crate::config::{self, normalise_server_url, FileConfig, STORAGE_KEY};
use crate::mlflow::client::{Client, Scope};
use crate::pages::{
    ArtifactPage, FilesPage, LineagePage, NotFound, ProjectPage, ProjectsPage, RegisteredModelPage,
    RegistryPage, RunPage, SettingsPage, SweepPage,
};
use crate::routes;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The MLflow server the app talks to; `ready` turns true once the configuration is known;
/// `error` says why `config.json` could not be used (shown on every page).
#[derive(Clone, Copy)]
pub struct ServerConfig {
    pub url: RwSignal<String>,
    pub ready: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
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

/// Who is signed in to MLflow's `basic-auth` app, if anyone, and on which server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub username: String,
    /// The `Authorization` header value. Never logged, never put in a URL.
    pub authorization: String,
    /// The origin of the server the credentials were checked against ([`server_origin`]):
    /// they are sent to that origin only, and choosing another server signs out.
    pub origin: String,
}

/// The origin of a server URL (`""`: this page's own origin), as sessions are bound to.
pub fn server_origin(url: &str) -> String {
    let page = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    config::server_origin(url, &page)
}

/// The signed-in session. Kept in `sessionStorage` (this tab only, gone when it closes, never
/// written to disk like `localStorage`) so reloads and typed deep links do not ask again.
#[derive(Clone, Copy)]
pub struct Credentials(pub RwSignal<Option<Session>>);

const SESSION_KEY: &str = "artifact-explorer.session";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Stored as `origin\nusername\nauthorization` (none of them can contain a newline). A
/// session stored without its origin (an older build) is not used.
fn saved_session() -> Option<Session> {
    let text = session_storage()?.get_item(SESSION_KEY).ok()??;
    let mut parts = text.splitn(3, '\n');
    let (origin, username, authorization) = (parts.next()?, parts.next()?, parts.next()?);
    Some(Session {
        username: username.to_string(),
        authorization: authorization.to_string(),
        origin: origin.to_string(),
    })
}

impl Credentials {
    /// Signs in (`Some`) or out (`None`): every resource reading [`use_client`] refetches.
    pub fn set(self, session: Option<Session>) {
        if let Some(storage) = session_storage() {
            let _ = match &session {
                Some(s) => storage.set_item(
                    SESSION_KEY,
                    &format!("{}\n{}\n{}", s.origin, s.username, s.authorization),
                ),
                None => storage.remove_item(SESSION_KEY),
            };
        }
        self.0.set(session);
    }
}

/// A client for the configured server and the signed-in user, tracked: resources that read it
/// refetch when either changes. Its requests are aborted when the calling component unmounts.
pub fn use_client() -> Signal<Client> {
    // outside the app's shell (a component on its own) the server is this origin
    let config = use_context::<ServerConfig>();
    let credentials = use_context::<Credentials>();
    let scope = Scope::new();
    on_cleanup({
        let scope = scope.clone();
        move || scope.cancel()
    });
    Signal::derive(move || {
        let base = config.map(|c| c.url.get()).unwrap_or_default();
        // credentials go only to the server they were made for
        let origin = server_origin(&base);
        let authorization = credentials
            .and_then(|Credentials(c)| c.get())
            .filter(|s| s.origin == origin)
            .map(|s| s.authorization);
        Client {
            base,
            authorization,
            scope: Some(scope.clone()),
        }
    })
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
        error: RwSignal::new(None),
    };
    provide_context(config);
    provide_context(Crumbs(RwSignal::new(Vec::new())));
    provide_context(Credentials(RwSignal::new(saved_session())));
    provide_context(crate::hooks::RunCache::default());
    provide_context(crate::hooks::PlanLimits(RwSignal::new(Default::default())));
    config
}

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
    let config = provide_app_contexts();
    let limits = expect_context::<crate::hooks::PlanLimits>();
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
        }
        // a URL saved in this browser wins over config.json's
        let url = saved_server_url()
            .and_then(|u| normalise_server_url(&u).ok())
            .or_else(|| file.map(|f| f.mlflow_url));
        if let Some(url) = url {
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
                        <Route path=path!("/projects/:experiment") view=ProjectPage/>
                        <Route path=path!("/projects/:experiment/lineage") view=LineagePage/>
                        <Route path=path!("/projects/:experiment/files") view=FilesPage/>
                        <Route path=path!("/projects/:experiment/runs/:run") view=RunPage/>
                        <Route path=path!("/projects/:experiment/sweeps/:run") view=SweepPage/>
                        <Route path=path!("/projects/:experiment/:kind/:artifact") view=ArtifactPage/>
                        <Route path=path!("/registry") view=RegistryPage/>
                        <Route path=path!("/registry/:name") view=RegisteredModelPage/>
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
