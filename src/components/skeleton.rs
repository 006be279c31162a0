//! The placeholder a page shows while its plan has nothing to draw yet, saying so when MLflow is
//! slow to answer.

use leptos::prelude::*;

/// After this long without an answer the skeleton says that MLflow is slow.
pub const SLOW_AFTER_SECONDS: u64 = 10;

#[component]
pub fn Skeleton(#[prop(default = 3)] rows: usize) -> impl IntoView {
    let slow = RwSignal::new(false);
    if let Ok(handle) = set_timeout_with_handle(
        move || slow.set(true),
        std::time::Duration::from_secs(SLOW_AFTER_SECONDS),
    ) {
        on_cleanup(move || handle.clear());
    }
    view! {
        <div class="skeleton" aria-busy="true" aria-label="Loading">
            {move || slow.get().then(|| view! {
                <p class="slow-notice" role="status">
                    {format!("MLflow is slow to answer (over {SLOW_AFTER_SECONDS} s so far); still waiting…")}
                </p>
            })}
            {(0..rows).map(|_| view! { <div class="skeleton-line"></div> }).collect_view()}
        </div>
    }
}
