//! A time shown relative ("3 hours ago") with the exact UTC time on hover.

use crate::context::now_ms;
use crate::format;
use leptos::prelude::*;

#[component]
pub fn RelTime(t: Option<i64>) -> impl IntoView {
    match t {
        Some(t) => view! {
            <time datetime=format::exact_time(t) title=format::exact_time(t)>
                {format::relative_time(t, now_ms())}
            </time>
        }
        .into_any(),
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}
