//! Renders a resource that loads from MLflow: a skeleton while loading, the shared error view
//! (with retry) on failure, the content on success. Other parts of the page keep working.

use super::ErrorView;
use crate::mlflow::ApiError;
use leptos::prelude::*;

/// `loaded(resource, 3, |value| view! { … })`: skeleton with `skeleton_rows` lines while
/// loading, [`ErrorView`] with retry on failure, `children(value)` on success.
pub fn loaded<T, V, F>(
    resource: LocalResource<Result<T, ApiError>>,
    skeleton_rows: usize,
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    move || match resource.get() {
        None => view! { <Skeleton rows=skeleton_rows/> }.into_any(),
        Some(Ok(value)) => children(value).into_any(),
        Some(Err(ApiError::Cancelled)) => ().into_any(),
        Some(Err(e)) => {
            view! { <ErrorView error=e on_retry=move |_| resource.refetch()/> }.into_any()
        }
    }
}

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
