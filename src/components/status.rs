//! The header's backend indicator: is the configured MLflow server answering? A server that
//! answers but refuses (403: a proxy rule, a permission) is up, so it is not "Offline".

use crate::context::ServerConfig;
use crate::hooks::use_client;
use crate::mlflow::ApiError;
use leptos::prelude::*;

#[component]
pub fn StatusIndicator() -> impl IntoView {
    let client = use_client();
    let config = expect_context::<ServerConfig>();
    let probe = LocalResource::new(move || {
        let c = client.get();
        async move { c.probe().await }
    });
    let server = move || {
        let url = config.url.get();
        if url.is_empty() {
            "this origin".to_string()
        } else {
            url
        }
    };
    let state = move || match probe.get() {
        None => ("checking", "Checking MLflow…".to_string()),
        Some(Ok(())) => ("ok", format!("MLflow connected ({})", server())),
        Some(Err(ApiError::Unauthorized { .. })) => ("auth", "MLflow needs sign-in".to_string()),
        Some(Err(ApiError::Forbidden { .. })) => (
            "refused",
            format!("MLflow answered but refused access (403) at {}", server()),
        ),
        Some(Err(e)) => ("down", format!("MLflow unavailable: {}", e.title())),
    };
    view! {
        <button
            type="button"
            class="status"
            role="status"
            data-state=move || state().0
            title=move || format!("{} — click to check again", state().1)
            aria-label=move || state().1
            on:click=move |_| probe.refetch()
        >
            <span class="status-dot" aria-hidden="true"></span>
            <span class="status-text">{move || match state().0 {
                "ok" => "MLflow",
                "checking" => "Checking…",
                "auth" => "Sign-in needed",
                "refused" => "Refused",
                _ => "Offline",
            }}</span>
        </button>
    }
}
