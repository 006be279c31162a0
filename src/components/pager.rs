//! Previous/next paging for long tables; the page number lives in the URL (`?page=`, 1-based).

use crate::format;
use leptos::prelude::*;

/// `total` rows shown `per_page` at a time; `page` is 0-based; `on_page` gets the 1-based page
/// to put in the URL. `noun` names the rows ("versions", "runs").
#[component]
pub fn Pager(
    total: usize,
    page: usize,
    per_page: usize,
    noun: &'static str,
    on_page: Callback<String>,
) -> impl IntoView {
    let pages = total.div_ceil(per_page.max(1)).max(1);
    let current = page.min(pages - 1);
    let shown = total.saturating_sub(current * per_page).min(per_page);
    view! {
        <nav class="pager" aria-label=format!("Pages of {noun}")>
            <span class="muted">
                {if total == 0 {
                    format!("No {noun} match this filter.")
                } else {
                    format!("{shown} of {} {noun} · page {} of {pages}", format::thousands(total as u64), current + 1)
                }}
            </span>
            <button type="button" class="button" disabled={current == 0} on:click=move |_| on_page.run(current.to_string())>"Previous"</button>
            <button type="button" class="button" disabled={current + 1 >= pages} on:click=move |_| on_page.run((current + 2).to_string())>"Next"</button>
        </nav>
    }
}
