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

#[component]
pub fn Skeleton(#[prop(default = 3)] rows: usize) -> impl IntoView {
    view! {
        <div class="skeleton" aria-busy="true" aria-label="Loading">
            {(0..rows).map(|_| view! { <div class="skeleton-line"></div> }).collect_view()}
        </div>
    }
}
