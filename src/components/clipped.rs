//! A long value in a table cell: cut to a few dozen characters ([`format::clip`]), with the
//! full text on hover and an expand control for keyboards and touch screens.

use crate::format;
use leptos::prelude::*;

/// `text` cut to `max` characters. When cut, the full text is the `title` (hover) and a
/// "more"/"less" button, labelled with `name`, shows it in place.
#[component]
pub fn ClippedText(
    text: String,
    /// What the value is, for the expand button's label (`Show all of estimator`).
    #[prop(into)]
    name: String,
    #[prop(default = 40)] max: usize,
) -> impl IntoView {
    let (short, cut) = format::clip(&text, max);
    if !cut {
        return view! { <span class="clipped">{short}</span> }.into_any();
    }
    let open = RwSignal::new(false);
    let full = text.clone();
    view! {
        <span class="clipped" title=text data-open=move || open.get().to_string()>
            <span class="clipped-text">{move || if open.get() { full.clone() } else { short.clone() }}</span>
            " "
            <button type="button" class="clip-toggle"
                aria-expanded=move || open.get().to_string()
                aria-label=move || format!("{} all of {name}", if open.get() { "Hide" } else { "Show" })
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { "less" } else { "more" }}
            </button>
        </span>
    }
    .into_any()
}
