//! "Use this version": copyable code for exactly the version shown (see `crate::snippets`).

use crate::components::manifest_table::CopyButton;
use crate::context::ServerConfig;
use crate::snippets::Snippet;
use leptos::prelude::*;

/// The MLflow URL the snippets should name: the configured one, or this page's origin when the
/// app talks to MLflow on its own origin.
pub fn server_url() -> String {
    let configured = use_context::<ServerConfig>()
        .map(|c| c.url.get_untracked())
        .unwrap_or_default();
    if !configured.is_empty() {
        return configured;
    }
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

#[component]
pub fn UseThisVersion(snippets: Vec<Snippet>) -> impl IntoView {
    view! {
        <section class="use-version" aria-labelledby="use-version-title">
            <h2 id="use-version-title">"Use this version"</h2>
            {snippets.into_iter().map(|s| {
                let title = s.title.clone();
                view! {
                    <figure class="snippet" data-lang=s.language>
                        <figcaption>
                            <span>{s.title.clone()}</span>
                            <CopyButton what=title text=s.code.clone()/>
                        </figcaption>
                        <pre class="code"><code>{s.code}</code></pre>
                    </figure>
                }
            }).collect_view()}
        </section>
    }
}
