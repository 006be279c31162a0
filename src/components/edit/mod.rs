//! Editing controls (issue 11): aliases, registry links, tags, descriptions, usage snippets.
//! Each component checks what the signed-in user may do ([`access`]), validates input with
//! `edit::rules`, sends one write through `Client::write` (never retried), re-reads what MLflow
//! holds with a small request of its own and shows that. A failed save shows MLflow's message
//! and keeps everything the user typed. Pages only place them and pass what they already know.

pub mod access;
pub mod alias;
pub mod description;
pub mod link;
pub mod markdown;
pub mod registry;
pub mod tags;
pub mod use_version;

pub use access::{use_access, AccessState, SharedAccess};
pub use alias::{AliasEditor, RegistryAliases};
pub use description::DescriptionEditor;
pub use link::LinkToRegistry;
pub use markdown::{Markdown, MarkdownSummary};
pub use registry::{RegistryPanel, RegistryVersionEditor};
pub use tags::TagEditor;
pub use use_version::UseThisVersion;

use crate::edit::{Access, Resource, Snapshot, Target, Write};
use crate::mlflow::client::Client;
use crate::mlflow::ApiError;
use leptos::prelude::*;

/// Sends one write, then re-reads `target`. `Err((error, written))`: `written` says whether the
/// write itself went through (only the re-read failed).
pub async fn write_and_reread(
    client: &Client,
    req: &crate::mlflow::api::ApiRequest,
    target: &Target,
) -> Result<Snapshot, (ApiError, bool)> {
    client.write(req).await.map_err(|e| (e, false))?;
    reread(client, target).await.map_err(|e| (e, true))
}

/// One small read of `target` (see `Target::reread`).
pub async fn reread(client: &Client, target: &Target) -> Result<Snapshot, ApiError> {
    let req = target.reread();
    let text = client.send_text(&req).await?;
    target.read(&req.url(&client.base), &text)
}

/// The sentence shown for a failed save; a 403 is also remembered so the control turns
/// disabled with MLflow's reason.
pub fn save_failed(
    access: RwSignal<Access>,
    write: Write,
    resource: &Resource,
    error: &ApiError,
    written: bool,
) -> String {
    if let ApiError::Forbidden { message, .. } = error {
        access.update(|a| a.refuse(write, resource, message));
    }
    let what = match error {
        ApiError::Forbidden { message, .. } => {
            format!("MLflow refused the change (403): {message}")
        }
        ApiError::Unauthorized { .. } => {
            "MLflow asks you to sign in again (401); nothing was changed.".into()
        }
        e => format!("{}: {}", e.title(), e.detail()),
    };
    if written {
        format!(
            "Saved, but reading it back failed — {what} Reload the page to see what MLflow holds."
        )
    } else {
        format!("{what} Your input is kept; nothing was retried.")
    }
}

/// The reason beside a control that cannot be used (or may not be usable), if any.
#[component]
pub fn EditReason(#[prop(into)] reason: Signal<Option<String>>) -> impl IntoView {
    move || {
        reason
            .get()
            .map(|r| view! { <p class="edit-reason" role="note">{r}</p> })
    }
}
