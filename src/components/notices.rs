//! What a page says beside its content: limits that were reached, parts that could not be read,
//! and what is still being read.

use crate::plan::Notice;
use leptos::prelude::*;

/// One line per notice; failures are warnings. Nothing when there are none.
#[component]
pub fn Notices(notices: Vec<Notice>) -> impl IntoView {
    notices
        .into_iter()
        .map(|n| {
            view! {
                <p class="notice" class:warn=n.failed role="status" data-notice=if n.failed { "failed" } else { "limit" }>
                    {n.text}
                </p>
            }
        })
        .collect_view()
}

/// "reading logged models: 1,500 so far · …", while a plan is not complete.
#[component]
pub fn Reading(items: Vec<String>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! { <p class="reading muted small" role="status" aria-live="polite">{items.join(" · ")}</p> }
    })
}

/// `data-state` of a page section: `complete` once every plan of the page is done.
pub fn page_state(complete: bool) -> &'static str {
    if complete {
        "complete"
    } else {
        "loading"
    }
}
