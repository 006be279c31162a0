//! The one view for every backend failure: what went wrong, in plain words, and a retry.

use super::sign_in::SignInForm;
use crate::mlflow::ApiError;
use crate::routes;
use leptos::prelude::*;

#[component]
pub fn ErrorView(
    error: ApiError,
    /// Called by the retry button; no button when absent.
    #[prop(optional, into)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let is_network = matches!(error, ApiError::Network { .. } | ApiError::Timeout { .. });
    let needs_sign_in = matches!(error, ApiError::Unauthorized { .. });
    // signing in refetches everything; a retry button would only ask again
    let on_retry = on_retry.filter(|_| !needs_sign_in);
    let kind = match &error {
        ApiError::Network { .. } => "network",
        ApiError::Timeout { .. } => "timeout",
        ApiError::Unauthorized { .. } => "unauthorized",
        ApiError::Forbidden { .. } => "forbidden",
        ApiError::Http { .. } => "http",
        ApiError::Decode { .. } => "decode",
        ApiError::Cancelled => "cancelled",
    };
    view! {
        <section class="error-view" role="alert" data-error-kind=kind>
            <h2 class="error-title">{error.title()}</h2>
            <p class="error-detail">{error.detail()}</p>
            {needs_sign_in.then(|| view! { <SignInForm/> })}
            <div class="error-actions">
                {on_retry.map(|cb| view! {
                    <button type="button" class="button primary" on:click=move |_| cb.run(())>"Retry"</button>
                })}
                {is_network.then(|| view! {
                    <a class="button" href=routes::settings()>"Check settings"</a>
                })}
            </div>
        </section>
    }
}
