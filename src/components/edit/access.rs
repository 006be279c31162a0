//! What the signed-in user may change, loaded once per component from MLflow's auth answers
//! (see `edit::permissions`) and updated when a save meets a 403.

use crate::edit::{Access, Capability, Level, Resource, Write};
use crate::hooks::use_client;
use crate::mlflow::client::Client;
use crate::mlflow::{api, wire_auth};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;

/// The user's access, and whether it has been asked yet.
#[derive(Clone, Copy)]
pub struct AccessState {
    pub access: RwSignal<Access>,
    pub ready: RwSignal<bool>,
}

impl AccessState {
    /// What a control for `w` on `r` may do; disabled while MLflow is still being asked.
    pub fn can(&self, w: Write, r: &Resource) -> Capability {
        if !self.ready.get() {
            return Capability::Denied("Checking what you may change…".into());
        }
        self.access.with(|a| a.can(w, r))
    }
}

/// Access decided once for a whole page (or a test): when provided as a context, the edit
/// components use it instead of asking MLflow themselves.
#[derive(Clone, Copy)]
pub struct SharedAccess(pub AccessState);

impl SharedAccess {
    /// A ready state holding `access` (tests, or a page that already knows).
    pub fn known(access: Access) -> SharedAccess {
        SharedAccess(AccessState {
            access: RwSignal::new(access),
            ready: RwSignal::new(true),
        })
    }
}

/// Asks MLflow (again whenever the server or the signed-in user changes), unless a
/// [`SharedAccess`] is provided.
pub fn use_access(resources: Vec<Resource>) -> AccessState {
    if let Some(SharedAccess(shared)) = use_context::<SharedAccess>() {
        return shared;
    }
    let client = use_client();
    let state = AccessState {
        access: RwSignal::new(Access::default()),
        ready: RwSignal::new(false),
    };
    Effect::new(move |_| {
        let c = client.get();
        let resources = resources.clone();
        state.ready.set(false);
        leptos::task::spawn_local(async move {
            let a = load(&c, &resources).await;
            state.access.try_set(a);
            state.ready.try_set(true);
        });
    });
    state
}

type Pending<T> = Shared<LocalBoxFuture<'static, T>>;
/// Server and credentials, then the resource.
type EffectiveKey = (String, Resource);

thread_local! {
    /// Who is signed in and their grants, per server and credentials, asked once per session
    /// (every edit component of every page shares the answer). In-flight answers are shared
    /// too, so a page with five editors sends one request of each kind.
    static USERS: RefCell<HashMap<String, Pending<Access>>> = RefCell::new(HashMap::new());
    /// Effective levels MLflow resolved, per server, credentials and resource.
    static EFFECTIVE: RefCell<HashMap<EffectiveKey, Pending<Option<Level>>>> =
        RefCell::new(HashMap::new());
}

/// `users/current` (404 without the auth app: nothing known), the user's grants, and the
/// effective level of each resource no grant names. Answers are shared for the session; a
/// permission changed on the server meanwhile shows on the next page load, or as a 403 on save.
pub async fn load(client: &Client, resources: &[Resource]) -> Access {
    // not tied to the asking component: its unmount must not cancel an answer others share
    let mut c = client.clone();
    c.scope = None;
    let key = format!(
        "{}\n{}",
        c.base,
        c.authorization.clone().unwrap_or_default()
    );
    let base = USERS.with(|m| {
        m.borrow_mut()
            .entry(key.clone())
            .or_insert_with(|| {
                let c = c.clone();
                async move { load_user(&c).await }.boxed_local().shared()
            })
            .clone()
    });
    let mut a = base.await;
    let Some((username, _)) = a.user.clone() else {
        return a;
    };
    let mut pending = Vec::new();
    for r in resources {
        if !a.needs_effective(r) {
            continue;
        }
        let fut = EFFECTIVE.with(|m| {
            m.borrow_mut()
                .entry((key.clone(), r.clone()))
                .or_insert_with(|| {
                    let (c, req) = (
                        c.clone(),
                        api::user_permission(&username, r.type_name(), r.id()),
                    );
                    async move {
                        c.call::<wire_auth::UserPermissionResponse>(&req)
                            .await
                            .ok()
                            .and_then(|p| Level::parse(&p.permission))
                    }
                    .boxed_local()
                    .shared()
                })
                .clone()
        });
        pending.push((r.clone(), fut));
    }
    for (r, fut) in pending {
        if let Some(level) = fut.await {
            a.effective.insert(r, level);
        }
    }
    a
}

async fn load_user(client: &Client) -> Access {
    let mut a = Access::default();
    let me = match client
        .call::<wire_auth::CurrentUserResponse>(&api::current_user())
        .await
    {
        Ok(me) if !me.user.username.is_empty() => me.user,
        _ => return a,
    };
    a.user = Some((me.username.clone(), me.is_admin));
    if let Ok(p) = client
        .call::<wire_auth::CurrentPermissionsResponse>(&api::current_user_permissions())
        .await
    {
        a.grants = p.permissions;
        if p.is_admin {
            a.user = Some((me.username, true));
        }
    }
    a
}
