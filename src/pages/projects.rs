//! Projects: the server's MLflow experiments with their run counts.

use super::query_param;
use crate::app::{set_crumbs, use_client, Crumb};
use crate::components::edit::MarkdownSummary;
use crate::components::{loaded, RelTime};
use crate::domain::Project;
use crate::mlflow::load;
use crate::routes::{self, Query};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ProjectsPage() -> impl IntoView {
    set_crumbs(vec![Crumb::here("Projects")]);
    let client = use_client();
    let projects = LocalResource::new(move || {
        let c = client.get();
        async move { load::projects(&c).await }
    });
    let (filter, set_filter) = query_param(Query::Filter);

    view! {
        <section class="page">
            <h1>"Projects"</h1>
            <p class="lede">"Every MLflow experiment on this server, with its artifact collections, versions and lineage."</p>
            <div class="toolbar">
                <input
                    type="search"
                    class="filter"
                    placeholder="Filter projects by name"
                    aria-label="Filter projects by name"
                    prop:value=move || filter.get()
                    on:input=move |ev| set_filter(event_target_value(&ev))
                />
            </div>
            {loaded(projects, 5, move |list: Vec<Project>| {
                let total = list.len();
                move || {
                    let f = filter.get().to_lowercase();
                    let rows: Vec<Project> = list
                        .iter()
                        .filter(|p| f.is_empty() || p.name.to_lowercase().contains(&f))
                        .cloned()
                        .collect();
                    if total == 0 {
                        return view! { <p class="empty">"This server has no experiments yet."</p> }.into_any();
                    }
                    if rows.is_empty() {
                        return view! { <p class="empty">"No project matches this filter."</p> }.into_any();
                    }
                    view! {
                        <table class="data-table projects-table">
                            <caption class="visually-hidden">"Projects"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Project"</th>
                                    <th scope="col">"Description"</th>
                                    <th scope="col" class="num">"Runs"</th>
                                    <th scope="col">"Last update"</th>
                                    <th scope="col" class="num">"ID"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|p| view! { <ProjectRow project=p/> }).collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any()
                }
            })}
        </section>
    }
}

#[component]
fn ProjectRow(project: Project) -> impl IntoView {
    let client = use_client();
    let id = project.id.clone();
    let count = LocalResource::new(move || {
        let c = client.get();
        let id = id.clone();
        async move { load::run_count(&c, &id).await }
    });
    view! {
        <tr data-project-id=project.id.clone()>
            <th scope="row"><A href=routes::project(&project.id)>{project.name.clone()}</A></th>
            <td class="clip"><MarkdownSummary source=project.description.clone()/></td>
            <td class="num run-count">
                {move || match count.get() {
                    None => view! { <span class="muted" aria-label="counting runs">"…"</span> }.into_any(),
                    Some(Ok(n)) => view! { <span>{n.to_string()}</span> }.into_any(),
                    Some(Err(e)) => view! { <span class="warn" title=e.to_string()>"?"</span> }.into_any(),
                }}
            </td>
            <td><RelTime t=project.updated/></td>
            <td class="num mono">{project.id.clone()}</td>
        </tr>
    }
}
