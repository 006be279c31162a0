//! A project (MLflow experiment): its artifact types and collections, recent runs and sweeps.

use super::query_param;
use crate::app::{set_crumbs, use_client, Crumb};
use crate::components::artifact::collection_kind;
use crate::components::edit::Markdown;
use crate::components::{loaded, Pager, RelTime};
use crate::domain::table;
use crate::domain::{Alias, ArtifactKind, Collection, Run, Sweep};
use crate::format;
use crate::mlflow::load::{self, ProjectData};
use crate::routes::{self, Query};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// Runs per page of the project's runs table.
const RUNS_PER_PAGE: usize = 50;

const TABS: [(&str, &str); 3] = [
    ("artifacts", "Artifacts"),
    ("runs", "Runs"),
    ("sweeps", "Sweeps"),
];

#[component]
pub fn ProjectPage() -> impl IntoView {
    let params = use_params_map();
    let experiment = Memo::new(move |_| params.read().get("experiment").unwrap_or_default());
    let client = use_client();
    let data = LocalResource::new(move || {
        let c = client.get();
        let id = experiment.get();
        async move { load::project(&c, &id).await }
    });
    let (tab, _) = query_param(Query::Tab);
    let (filter, set_filter) = query_param(Query::Filter);
    Effect::new(move |_| {
        let name = match data.get() {
            Some(Ok(d)) => d.project.name.clone(),
            _ => format!("Project {}", experiment.get()),
        };
        set_crumbs(vec![
            Crumb::link("Projects", routes::projects()),
            Crumb::here(name),
        ]);
    });

    view! {
        <section class="page">
            {loaded(data, 8, move |d: ProjectData| {
                let id = d.project.id.clone();
                let active = move || {
                    let t = tab.get();
                    if TABS.iter().any(|(k, _)| *k == t) { t } else { "artifacts".to_string() }
                };
                let d2 = d.clone();
                let set_filter = set_filter.clone();
                view! {
                    <header class="page-head">
                        <h1>{d.project.name.clone()}</h1>
                        <div class="lede clamp"><Markdown source=d.project.description.clone()/></div>
                        <p class="meta">
                            "Experiment " <span class="mono">{d.project.id.clone()}</span>
                            " · created " <RelTime t=d.project.created/>
                            " · " {format::thousands(d.runs.len() as u64)} {if d.runs_truncated { "+ runs" } else { " runs" }}
                        </p>
                    </header>
                    {d.registry_error.clone().map(|e| view! {
                        <p class="notice" role="status">
                            "Registry aliases are not shown: " {e.title()} " — " {e.detail()}
                        </p>
                    })}
                    <nav class="tabs" role="tablist" aria-label="Project sections">
                        {TABS.iter().map(|(key, label)| {
                            let href = routes::project_tab(&id, key);
                            view! {
                                <A href=href attr:role="tab" attr:aria-selected=move || (active() == *key).to_string()>{*label}</A>
                            }
                        }).collect_view()}
                    </nav>
                    <div role="tabpanel">
                                        {move || match active().as_str() {
                            "runs" => view! { <RunsTable runs=d2.runs.clone()/> }.into_any(),
                            "sweeps" => view! { <SweepsTable sweeps=d2.sweeps.clone() runs=d2.runs.clone() experiment_id=d2.project.id.clone()/> }.into_any(),
                            _ => view! {
                                <div class="toolbar">
                                    <input
                                        type="search"
                                        class="filter"
                                        placeholder="Filter collections by name"
                                        aria-label="Filter collections by name"
                                        prop:value=move || filter.get()
                                        on:input={
                                            let set_filter = set_filter.clone();
                                            move |ev| set_filter(event_target_value(&ev))
                                        }
                                    />
                                </div>
                                <Collections collections=d2.collections.clone() filter=filter/>
                            }.into_any(),
                        }}
                    </div>
                }
            })}
        </section>
    }
}

#[component]
fn Collections(collections: Vec<Collection>, filter: Memo<String>) -> impl IntoView {
    move || {
        let f = filter.get().to_lowercase();
        let shown: Vec<&Collection> = collections
            .iter()
            .filter(|c| f.is_empty() || c.name.to_lowercase().contains(&f))
            .collect();
        if collections.is_empty() {
            return view! { <p class="empty">"No logged models or datasets in this project yet."</p> }.into_any();
        }
        if shown.is_empty() {
            return view! { <p class="empty">"No collection matches this filter."</p> }.into_any();
        }
        let mut types: Vec<(ArtifactKind, String)> = shown
            .iter()
            .map(|c| (c.kind, c.type_name.clone()))
            .collect();
        types.sort();
        types.dedup();
        types
            .into_iter()
            .map(|(kind, type_name)| {
                let rows: Vec<Collection> = shown
                    .iter()
                    .filter(|c| c.kind == kind && c.type_name == type_name)
                    .map(|c| (*c).clone())
                    .collect();
                view! {
                    <section class="artifact-type" aria-label=format!("{type_name} collections")>
                        <h2><span class="type-chip" data-kind=format!("{kind:?}").to_lowercase()>{type_name.clone()}</span>
                            " " <span class="muted">{format!("{} collection{}", rows.len(), if rows.len() == 1 { "" } else { "s" })}</span></h2>
                        <table class="data-table collections-table">
                            <thead>
                                <tr>
                                    <th scope="col">"Collection"</th>
                                    <th scope="col" class="num">"Versions"</th>
                                    <th scope="col">"Latest"</th>
                                    <th scope="col">"Aliases"</th>
                                    <th scope="col">"Last update"</th>
                                    <th scope="col">"Lineage"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|c| {
                                    let latest = c.latest().cloned();
                                    let lineage_href = latest.as_ref().map(|v| {
                                        let node = match c.kind {
                                            ArtifactKind::Model => crate::lineage::build::model_id(&v.id),
                                            ArtifactKind::Dataset => crate::lineage::build::dataset_id(&c.name, &v.id),
                                        };
                                        routes::lineage(&c.experiment_id, &node)
                                    });
                                    let lineage_label = format!("Lineage of {}:{}", c.name, latest.as_ref().map(|v| v.label()).unwrap_or_default());
                                    let aliases: Vec<Alias> = c.versions.iter().rev().flat_map(|v| v.aliases.clone()).filter(|a| *a != Alias::Latest).collect();
                                    view! {
                                        <tr data-collection=c.name.clone()>
                                            <th scope="row"><a href=routes::collection(&c.experiment_id, collection_kind(c.kind), &c.name)>{c.name.clone()}</a></th>
                                            <td class="num">{c.versions.len()}</td>
                                            <td>{latest.as_ref().map(|v| view! {
                                                <a class="mono" href=routes::version(&c.experiment_id, collection_kind(c.kind), &c.name, "latest")>{v.label()}</a> " " <span class="chip derived" title="derived: the newest version">"latest"</span>
                                            })}</td>
                                            <td>{aliases.into_iter().map(|a| view! { <span class="chip">{a.label()}</span> }).collect_view()}</td>
                                            <td><RelTime t=c.last_update()/></td>
                                            <td>{lineage_href.map(|h| view! { <A href=h attr:class="lineage-link" attr:aria-label=lineage_label>"Lineage"</A> })}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </section>
                }
            })
            .collect_view()
            .into_any()
    }
}

#[component]
fn RunsTable(runs: Vec<Run>) -> impl IntoView {
    if runs.is_empty() {
        return view! { <p class="empty">"No runs in this project yet."</p> }.into_any();
    }
    let (page, set_page) = query_param(Query::Page);
    let page_no = Memo::new(move |_| page.get().parse::<usize>().unwrap_or(1).max(1) - 1);
    let total = runs.len();
    let on_page = Callback::new(move |p: String| set_page(p));
    view! {
        <table class="data-table runs-table">
            <thead>
                <tr>
                    <th scope="col">"Run"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Job type"</th>
                    <th scope="col">"Started"</th>
                    <th scope="col" class="num">"Duration"</th>
                    <th scope="col">"Inputs"</th>
                    <th scope="col">"Files"</th>
                </tr>
            </thead>
            <tbody>
                {move || table::page(&runs, page_no.get(), RUNS_PER_PAGE).0.into_iter().map(|r| {
                    let inputs = r.used_datasets.iter().map(|d| format!("{}{}", d.name, d.context.as_ref().map(|c| format!(" ({c})")).unwrap_or_default())).collect::<Vec<_>>().join(", ");
                    view! {
                        <tr data-run-id=r.id.clone()>
                            <th scope="row"><a href=routes::run(&r.experiment_id, &r.id)>{r.name.clone()}</a></th>
                            <td><span class="status-chip" data-status=r.status.label().to_string()>{r.status.label().to_string()}</span></td>
                            <td>{r.job_type.clone().unwrap_or_default()}</td>
                            <td><RelTime t=r.start/></td>
                            <td class="num">{r.duration_ms().map(format::duration).unwrap_or_default()}</td>
                            <td class="clip">{inputs}</td>
                            <td><a href=routes::files_run(&r.experiment_id, &r.id) class="files-link" aria-label=format!("Files of run {}", r.name)>"Files"</a></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {move || view! { <Pager total=total page=page_no.get() per_page=RUNS_PER_PAGE noun="runs" on_page=on_page/> }}
    }
    .into_any()
}

#[component]
fn SweepsTable(sweeps: Vec<Sweep>, runs: Vec<Run>, experiment_id: String) -> impl IntoView {
    if sweeps.is_empty() {
        return view! { <p class="empty">"No sweeps: no run in this project has child runs."</p> }
            .into_any();
    }
    view! {
        <table class="data-table sweeps-table">
            <thead>
                <tr>
                    <th scope="col">"Sweep (parent run)"</th>
                    <th scope="col" class="num">"Child runs"</th>
                    <th scope="col">"Started"</th>
                </tr>
            </thead>
            <tbody>
                {sweeps.into_iter().map(|s| {
                    let start = runs.iter().find(|r| r.id == s.parent_id).and_then(|r| r.start);
                    view! {
                        <tr data-sweep=s.parent_id.clone()>
                            <th scope="row"><a href=routes::sweep(&experiment_id, &s.parent_id)>{s.name.clone()}</a></th>
                            <td class="num">{s.children.len()}</td>
                            <td><RelTime t=start/></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
