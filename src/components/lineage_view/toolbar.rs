//! The lineage toolbar: depth, direction and view mode, and while the lineage loads, its
//! progress and a Cancel button. It shows settings and reports changes; where they are kept
//! (the URL) is the caller's business.

use crate::format::thousands;
use crate::lineage::graph::Direction;
use crate::lineage::params::{self, MAX_DEPTH};
use crate::lineage::view::ViewMode;
use crate::plan::traverse::Progress;
use leptos::prelude::*;

const DIRECTIONS: [(Direction, &str); 3] = [
    (Direction::Both, "Both"),
    (Direction::Upstream, "Upstream"),
    (Direction::Downstream, "Downstream"),
];
const MODES: [(ViewMode, &str); 3] = [
    (ViewMode::Clusters, "Clusters"),
    (ViewMode::Explode, "Explode"),
    (ViewMode::Types, "Types"),
];

/// The controls above the lineage canvas.
#[component]
pub(super) fn LineageToolbar(
    #[prop(into)] depth: Signal<u32>,
    #[prop(into)] direction: Signal<Direction>,
    #[prop(into)] mode: Signal<ViewMode>,
    set_depth: Callback<u32>,
    set_direction: Callback<Direction>,
    set_mode: Callback<ViewMode>,
    #[prop(into)] busy: Signal<bool>,
    #[prop(into)] progress: Signal<Progress>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let depths = (1..=MAX_DEPTH)
        .map(|d| {
            let text = if d == 1 {
                "1 hop".to_string()
            } else {
                format!("{d} hops")
            };
            (d.to_string(), text)
        })
        .collect();
    let directions = DIRECTIONS
        .iter()
        .map(|(d, text)| (params::direction_name(*d).to_string(), text.to_string()))
        .collect();
    view! {
        <div class="lineage-toolbar" role="toolbar" aria-label="Lineage controls">
            <SelectControl
                label="Depth"
                options=depths
                value=Signal::derive(move || depth.get().to_string())
                on_change=Callback::new(move |v: String| set_depth.run(params::parse_depth(&v)))
            />
            <SelectControl
                label="Direction"
                options=directions
                value=Signal::derive(move || params::direction_name(direction.get()).to_string())
                on_change=Callback::new(move |v: String| set_direction.run(params::parse_direction(&v)))
            />
            <div class="segmented" role="group" aria-label="View mode">
                {MODES
                    .into_iter()
                    .map(|(m, text)| {
                        view! {
                            <button
                                type="button"
                                data-mode=params::mode_name(m)
                                aria-pressed=move || (mode.get() == m).to_string()
                                on:click=move |_| set_mode.run(m)
                            >
                                {text}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <Show when=move || busy.get()>
                <span class="lineage-progress" role="status">
                    {move || {
                        let p = progress.get();
                        if p.total == 0 {
                            "Loading lineage…".to_string()
                        } else {
                            format!(
                                "scanned {} / {} runs",
                                thousands(p.scanned as u64),
                                thousands(p.total as u64)
                            )
                        }
                    }}
                </span>
                <button type="button" class="lineage-cancel" on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
            </Show>
        </div>
    }
}

/// A labelled `<select>` of `(value, text)` options.
#[component]
fn SelectControl(
    label: &'static str,
    options: Vec<(String, String)>,
    value: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    view! {
        <label class="lineage-control">
            {label} " "
            <select
                aria-label=label
                on:change=move |ev| on_change.run(event_target_value(&ev))
                prop:value=move || value.get()
            >
                {options
                    .into_iter()
                    .map(|(v, text)| view! { <option value=v>{text}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}
