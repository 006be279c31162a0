//! `/projects/:experiment/lineage?focus=<node id>&depth=…&direction=…&mode=…`: the lineage
//! graph of a project around one node, built on the reusable [`LineageView`].

use crate::components::LineageView;
use crate::context::{set_crumbs, Crumb};
use crate::hooks::use_query_param;
use crate::routes::{self, Query};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn LineagePage() -> impl IntoView {
    let params = use_params_map();
    let experiment = Memo::new(move |_| params.read().get("experiment").unwrap_or_default());
    let (focus, _) = use_query_param(Query::Focus);
    Effect::new(move |_| {
        let id = experiment.get();
        set_crumbs(vec![
            Crumb::link("Projects", routes::projects()),
            Crumb::link(format!("Project {id}"), routes::project(&id)),
            Crumb::here("Lineage"),
        ]);
    });
    view! {
        <section class="page lineage-page">
            <header class="page-head">
                <h1>"Lineage"</h1>
                <p class="meta mono">{move || focus.get()}</p>
            </header>
            <Show
                when=move || !focus.get().is_empty()
                fallback=|| view! {
                    <p class="empty">"Pick a version from the project's collections to see its lineage."</p>
                }
            >
                <LineageView experiment=experiment focus=focus/>
            </Show>
        </section>
    }
}
