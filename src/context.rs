//! What every page shares, as contexts: the MLflow server the app talks to, the signed-in
//! session (bound to its server's origin), the breadcrumb trail, and the browser storage they
//! live in. The app shell provides them ([`provide_app_contexts`]); components and pages read
//! them. Pure parts (session encoding, origins, config parsing) live in `auth` and `config`.

pub use crate::auth::Session;
use crate::config::{self, STORAGE_KEY};
use leptos::prelude::*;

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

fn saved_session() -> Option<Session> {
    Session::decode(&session_storage()?.get_item(SESSION_KEY).ok()??)
}

impl Credentials {
    /// Signs in (`Some`) or out (`None`): every resource reading [`use_client`] refetches.
    pub fn set(self, session: Option<Session>) {
        if let Some(storage) = session_storage() {
            let _ = match &session {
                Some(s) => storage.set_item(SESSION_KEY, &s.encode()),
                None => storage.remove_item(SESSION_KEY),
            };
        }
        self.0.set(session);
    }
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
    provide_context(crate::hooks::LayoutWorkerMin(RwSignal::new(None)));
    config
}
