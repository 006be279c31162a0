//! Settings: which MLflow server to talk to, changeable at runtime and kept in this browser.

use crate::config::normalise_server_url;
use crate::context::{save_server_url, set_crumbs, Crumb, ServerConfig};
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    set_crumbs(vec![Crumb::here("Settings")]);
    let config = expect_context::<ServerConfig>();
    let draft = RwSignal::new(config.url.get_untracked());
    let message = RwSignal::new(None::<(bool, String)>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match normalise_server_url(&draft.get_untracked()) {
            Ok(url) => {
                save_server_url(&url);
                draft.set(url.clone());
                config.url.set(url.clone());
                message.set(Some((
                    true,
                    if url.is_empty() {
                        "Saved: this app talks to MLflow on its own origin.".to_string()
                    } else {
                        format!("Saved: this app talks to {url}.")
                    },
                )));
            }
            Err(e) => message.set(Some((false, e))),
        }
    };
    view! {
        <section class="page settings">
            <h1>"Settings"</h1>
            <form class="settings-form" on:submit=save>
                <label for="mlflow-url">"MLflow server URL"</label>
                <input
                    id="mlflow-url"
                    name="mlflow-url"
                    type="url"
                    placeholder="empty = this site's own origin, e.g. http://127.0.0.1:5000"
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                />
                <p class="hint">
                    "Leave empty when this app is served by (or proxied to) the MLflow server. "
                    "A server on another origin must allow this one: "
                    <code>"mlflow server --cors-allowed-origins <this app's origin>"</code>
                    " (MLflow ≥ 3.5 allows localhost origins by default)."
                </p>
                <div class="form-actions">
                    <button type="submit" class="button primary">"Save"</button>
                    <button type="button" class="button" on:click=move |_| draft.set(String::new())>"Use this site's origin"</button>
                </div>
                {move || message.get().map(|(ok, text)| view! {
                    <p class=if ok { "form-message ok" } else { "form-message error" } role=if ok { "status" } else { "alert" }>{text}</p>
                })}
            </form>
        </section>
    }
}
