//! Projects: the server's MLflow experiments with their run counts.

use crate::components::edit::MarkdownSummary;
use crate::components::{page_state, ErrorView, Notices, Reading, RelTime, Skeleton};
use crate::context::{set_crumbs, Crumb};
use crate::domain::Project;
use crate::hooks::use_query_param;
use crate::hooks::{use_limits, use_plan};
use crate::plan::projects::{ProjectsPlan, ProjectsView};
use crate::plan::runs::RunCount;
use crate::routes::{self, Query};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ProjectsPage() -> impl IntoView {
    set_crumbs(vec![Crumb::here("Projects")]);
    let planned = use_plan(
        move |_| Some(ProjectsPlan::new(&use_limits())),
        ProjectsPlan::view,
    );
    let (filter, set_filter) = use_query_param(Query::Filter);
    // the other pages' code, fetched once the list is drawn: a click on a project seldom waits
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let drawn = planned.view.with(|v| {
            v.as_ref()
                .is_some_and(|v| !v.projects.is_empty() || v.complete)
        });
        if drawn {
            crate::pages::preload_deferred();
        }
        drawn
    });

    view! {
        <section class="page" data-state=move || page_state(planned.is_done())>
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
            {move || {
                let Some(v): Option<ProjectsView> = planned.view.get() else {
                    return view! { <Skeleton rows=5/> }.into_any();
                };
                if let Some(e) = v.fatal {
                    return view! { <ErrorView error=e on_retry=move |_| planned.retry()/> }.into_any();
                }
                if v.projects.is_empty() && !v.complete {
                    return view! { <Skeleton rows=5/> }.into_any();
                }
                let total = v.projects.len();
                let list = v.projects;
                view! {
                    <Notices notices=v.notices/>
                    <Reading items=v.reading/>
                    {move || {
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
                    }}
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn ProjectRow(project: Project) -> impl IntoView {
    let id = project.id.clone();
    // counts fill in as they arrive; the list never waits for them
    let count = use_plan(
        move |_| Some(RunCount::new(&id, &use_limits())),
        |c: &RunCount| c.count().map(Ok).or_else(|| c.error().cloned().map(Err)),
    );
    view! {
        <tr data-project-id=project.id.clone()>
            <th scope="row"><A href=routes::project(&project.id)>{project.name.clone()}</A></th>
            <td class="clip"><MarkdownSummary source=project.description.clone()/></td>
            <td class="num run-count">
                {move || match count.view.get().flatten() {
                    None => view! { <span class="muted" aria-label="counting runs">"…"</span> }.into_any(),
                    Some(Ok(n)) => view! { <span title=n.more.then_some("counting stopped here: there are more runs")>{n.to_string()}</span> }.into_any(),
                    Some(Err(e)) => view! { <span class="warn" title=e.to_string()>"?"</span> }.into_any(),
                }}
            </td>
            <td><RelTime t=project.updated/></td>
            <td class="num mono">{project.id.clone()}</td>
        </tr>
    }
}
