//! What the signed-in user may change, loaded once per component from MLflow's auth answers
//! (see `edit::permissions`) and updated when a save meets a 403.

use crate::app::use_client;
use crate::edit::{Access, Capability, Level, Resource, Write};
use crate::mlflow::client::Client;
use crate::mlflow::{api, wire_auth};
use leptos::prelude::*;

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

/// `users/current` (404 without the auth app: nothing known), the user's grants, and the
/// effective level of each resource no grant names.
pub async fn load(client: &Client, resources: &[Resource]) -> Access {
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
            a.user = Some((me.username.clone(), true));
        }
    }
    for r in resources {
        if !a.needs_effective(r) {
            continue;
        }
        let req = api::user_permission(&me.username, r.type_name(), r.id());
        if let Ok(p) = client.call::<wire_auth::UserPermissionResponse>(&req).await {
            if let Some(level) = Level::parse(&p.permission) {
                a.effective.insert(r.clone(), level);
            }
        }
    }
    a
}
