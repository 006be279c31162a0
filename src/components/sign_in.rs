//! Sign-in for MLflow's `basic-auth` app: shown in place of content that answered 401, and a
//! sign-out button in the header. The password lives only in the `Authorization` value of the
//! session (see `app::Credentials`); it is never logged or put in a URL.

use crate::auth::basic_authorization;
use crate::context::{server_origin, Credentials, Session};
use crate::hooks::use_client;
use crate::mlflow::ApiError;
use leptos::prelude::*;

/// The sign-in form. Checks the credentials with one cheap request before keeping them, so a
/// wrong password is reported here instead of as a page full of errors.
#[component]
pub fn SignInForm() -> impl IntoView {
    let client = use_client();
    let credentials = use_context::<Credentials>();
    let username: NodeRef<leptos::html::Input> = NodeRef::new();
    let password: NodeRef<leptos::html::Input> = NodeRef::new();
    let busy = RwSignal::new(false);
    let message = RwSignal::new(
        credentials
            .and_then(|Credentials(c)| c.get_untracked())
            .map(|s| {
                format!(
                    "MLflow no longer accepts the sign-in of {}. Sign in again.",
                    s.username
                )
            }),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let (Some(user_input), Some(password_input)) = (username.get(), password.get()) else {
            return;
        };
        let user = user_input.value();
        let authorization = match basic_authorization(&user, &password_input.value()) {
            Ok(a) => a,
            Err(e) => {
                message.set(Some(e));
                return;
            }
        };
        let mut candidate = client.get_untracked();
        candidate.authorization = Some(authorization.clone());
        // bound to the server they are checked against, even if Settings change meanwhile
        let origin = server_origin(&candidate.base);
        // the check outlives this form if another error view re-renders it
        candidate.scope = None;
        busy.set(true);
        message.set(None);
        leptos::task::spawn_local(async move {
            let outcome = candidate.probe().await;
            busy.set(false);
            match outcome {
                // signed in; a 403 on the probe still means the credentials are right
                Ok(()) | Err(ApiError::Forbidden { .. }) => {
                    password_input.set_value("");
                    if let Some(c) = credentials {
                        c.set(Some(Session {
                            username: user,
                            authorization,
                            origin,
                        }));
                    }
                }
                Err(ApiError::Unauthorized { .. }) => message.set(Some(
                    "Wrong username or password: MLflow did not accept them.".into(),
                )),
                Err(ApiError::Cancelled) => {}
                Err(e) => message.set(Some(format!("Could not sign in: {}", e.title()))),
            }
        });
    };
    view! {
        <form class="sign-in-form" on:submit=submit aria-label="Sign in to MLflow">
            <label>
                <span>"Username"</span>
                <input
                    type="text"
                    name="username"
                    autocomplete="username"
                    required=true
                    node_ref=username
                />
            </label>
            <label>
                <span>"Password"</span>
                <input
                    type="password"
                    name="password"
                    autocomplete="current-password"
                    node_ref=password
                />
            </label>
            <div class="form-actions">
                <button type="submit" class="button primary" prop:disabled=move || busy.get()>
                    {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </div>
            {move || message.get().map(|text| view! { <p class="form-message error" role="alert">{text}</p> })}
        </form>
    }
}

/// "Sign out (user)" in the header while signed in.
#[component]
pub fn SignOut() -> impl IntoView {
    let credentials = use_context::<Credentials>();
    let user = move || {
        credentials
            .and_then(|Credentials(c)| c.get())
            .map(|s| s.username)
    };
    move || {
        user().map(|name| {
            view! {
                <button
                    type="button"
                    class="button sign-out"
                    aria-label=format!("Sign out {name}")
                    title=format!("Signed in to MLflow as {name}")
                    on:click=move |_| {
                        if let Some(c) = credentials {
                            c.set(None);
                        }
                    }
                >
                    <span class="sign-out-user" dir="auto">{name.clone()}</span>
                    " · Sign out"
                </button>
            }
        })
    }
}
