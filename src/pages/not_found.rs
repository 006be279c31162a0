use crate::context::{set_crumbs, Crumb};
use crate::routes;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    set_crumbs(vec![Crumb::here("Not found")]);
    view! {
        <section class="not-found">
            <h1>"Page not found"</h1>
            <p>"Nothing lives at this address. It may have been a link to something that was renamed or deleted."</p>
            <a class="button primary" href=routes::projects()>"Go to projects"</a>
        </section>
    }
}
