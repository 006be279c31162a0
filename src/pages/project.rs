//! A project (MLflow experiment): its artifact types and collections, recent runs and sweeps.

use crate::components::artifact::collection_kind;
use crate::components::edit::Markdown;
use crate::components::{page_state, ErrorView, Notices, Reading, RelTime, Skeleton};
use crate::context::{set_crumbs, Crumb};
use crate::domain::{Alias, ArtifactKind, Run, Sweep};
use crate::format;
use crate::hooks::use_query_param;
use crate::hooks::{use_limits, use_plan};
use crate::plan::project::{CollectionRow, ProjectPlan, ProjectView, SweepsPlan};
use crate::plan::runs::{RunsTable, RUNS_TABLE_PAGE};
use crate::routes::{self, Query};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

const TABS: [(&str, &str); 3] = [
    ("artifacts", "Artifacts"),
    ("runs", "Runs"),
    ("sweeps", "Sweeps"),
];

#[component]
pub fn ProjectPage() -> impl IntoView {
    let params = use_params_map();
    let experiment = Memo::new(move |_| params.read().get("experiment").unwrap_or_default());
    let planned = use_plan(
        move |_| Some(ProjectPlan::new(&experiment.get(), use_limits())),
        ProjectPlan::view,
    );
    let (tab, _) = use_query_param(Query::Tab);
    let (filter, set_filter) = use_query_param(Query::Filter);
    let active = Memo::new(move |_| {
        let t = tab.get();
        if TABS.iter().any(|(k, _)| *k == t) {
            t
        } else {
            "artifacts".to_string()
        }
    });
    let name = Memo::new(move |_| {
        planned.view.with(|v| {
            v.as_ref()
                .and_then(|v| v.project.as_ref().map(|p| p.name.clone()))
        })
    });
    Effect::new(move |_| {
        set_crumbs(vec![
            Crumb::link("Projects", routes::projects()),
            Crumb::here(
                name.get()
                    .unwrap_or_else(|| format!("Project {}", experiment.get())),
            ),
        ]);
    });

    view! {
        <section class="page" data-state=move || page_state(planned.is_done())>
            {move || {
                let v: Option<ProjectView> = planned.view.get();
                match v {
                    Some(ProjectView { fatal: Some(e), .. }) => {
                        view! { <ErrorView error=e on_retry=move |_| planned.retry()/> }.into_any()
                    }
                    Some(ProjectView { project: Some(p), runs, .. }) => view! {
                        <header class="page-head">
                            <h1>{p.name.clone()}</h1>
                            <div class="lede clamp"><Markdown source=p.description.clone()/></div>
                            <p class="meta">
                                "Experiment " <span class="mono">{p.id.clone()}</span>
                                " · created " <RelTime t=p.created/>
                                " · " <span class="run-total">{match runs {
                                    Some(c) => format!("{c} runs"),
                                    None => "counting runs…".to_string(),
                                }}</span>
                            </p>
                        </header>
                    }.into_any(),
                    _ => view! { <Skeleton rows=2/> }.into_any(),
                }
            }}
            <nav class="tabs" role="tablist" aria-label="Project sections">
                {TABS.iter().map(|(key, label)| {
                    let href = move || routes::project_tab(&experiment.get(), key);
                    view! {
                        <A href=href attr:role="tab" attr:aria-selected=move || (active.get() == *key).to_string()>{*label}</A>
                    }
                }).collect_view()}
            </nav>
            <div role="tabpanel">
                {move || match active.get().as_str() {
                    "runs" => view! { <RunsTab experiment=experiment.get()/> }.into_any(),
                    "sweeps" => view! { <SweepsTab experiment=experiment.get()/> }.into_any(),
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
                        {move || {
                            let Some(v) = planned.view.get() else {
                                return view! { <Skeleton rows=6/> }.into_any();
                            };
                            if v.fatal.is_some() {
                                return ().into_any();
                            }
                            view! {
                                <Notices notices=v.notices.clone()/>
                                <Reading items=v.reading.clone()/>
                                <Collections rows=v.collections.clone() complete=v.complete filter=filter/>
                            }.into_any()
                        }}
                    }.into_any(),
                }}
            </div>
        </section>
    }
}

#[component]
fn Collections(rows: Vec<CollectionRow>, complete: bool, filter: Memo<String>) -> impl IntoView {
    move || {
        let f = filter.get().to_lowercase();
        let shown: Vec<&CollectionRow> = rows
            .iter()
            .filter(|c| f.is_empty() || c.name.to_lowercase().contains(&f))
            .collect();
        if rows.is_empty() {
            if !complete {
                return view! { <Skeleton rows=4/> }.into_any();
            }
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
                let rows: Vec<CollectionRow> = shown
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
                                    let ck = collection_kind(c.kind);
                                    let lineage = c.latest.as_ref().map(|(label, spec)| {
                                        (format!("{}?tab=lineage", routes::version(&c.experiment_id, ck, &c.name, spec)),
                                         format!("Lineage of {}:{label}", c.name))
                                    });
                                    view! {
                                        <tr data-collection=c.name.clone() data-versions=c.versions.n.to_string()>
                                            <th scope="row"><a href=routes::collection(&c.experiment_id, ck, &c.name)>{c.name.clone()}</a></th>
                                            <td class="num" title=c.versions.more.then_some("more versions may exist: see the notice above")>{c.versions.to_string()}</td>
                                            <td>{c.latest.clone().map(|(label, spec)| view! {
                                                <a class="mono" href=routes::version(&c.experiment_id, ck, &c.name, &spec)>{label}</a>
                                                " " <span class="chip derived" title="derived: the newest version">"latest"</span>
                                            })}</td>
                                            <td>{c.aliases.into_iter().filter(|a| *a != Alias::Latest).map(|a| view! { <span class="chip">{a.label()}</span> }).collect_view()}</td>
                                            <td><RelTime t=c.last_update/></td>
                                            <td>{lineage.map(|(h, label)| view! { <A href=h attr:class="lineage-link" attr:aria-label=label>"Lineage"</A> })}</td>
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

/// The runs tab: one page of runs at a time, paged and sorted by MLflow.
#[component]
fn RunsTab(experiment: String) -> impl IntoView {
    let (page, set_page) = use_query_param(Query::Page);
    let page_no = Memo::new(move |_| page.get().parse::<usize>().unwrap_or(1).max(1) - 1);
    // page tokens learnt so far: the next page starts where this one ended
    let tokens = StoredValue::new(Vec::<Option<String>>::new());
    let planned = use_plan(
        move |_| {
            Some(RunsTable::new(
                &experiment,
                page_no.get(),
                &tokens.get_value(),
            ))
        },
        |t: &RunsTable| {
            (
                t.page(),
                t.runs().to_vec(),
                t.has_next(),
                t.error().cloned(),
                t.tokens(),
            )
        },
    );
    let on_page = Callback::new(move |p: String| set_page(p));
    move || {
        let Some((shown, runs, has_next, error, learnt)) = planned.view.get() else {
            return view! { <Skeleton rows=6/> }.into_any();
        };
        if learnt.len() > tokens.with_value(Vec::len) {
            tokens.set_value(learnt);
        }
        if let Some(e) = error {
            return view! { <ErrorView error=e on_retry=move |_| planned.retry()/> }.into_any();
        }
        let Some(shown) = shown else {
            return view! { <Skeleton rows=6/> }.into_any();
        };
        if runs.is_empty() && shown == 0 {
            return view! { <p class="empty">"No runs in this project yet."</p> }.into_any();
        }
        view! {
            <RunsTable runs=runs/>
            <nav class="pager" aria-label="Pages of runs">
                <span class="muted">{format!("page {} · {} runs a page, newest first", shown + 1, RUNS_TABLE_PAGE)}</span>
                <button type="button" class="button" disabled={shown == 0} on:click=move |_| on_page.run(shown.to_string())>"Previous"</button>
                <button type="button" class="button" disabled={!has_next} on:click=move |_| on_page.run((shown + 2).to_string())>"Next"</button>
            </nav>
        }
        .into_any()
    }
}

#[component]
fn RunsTable(runs: Vec<Run>) -> impl IntoView {
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
                {runs.into_iter().map(|r| {
                    let inputs = r.used_datasets.iter().map(|d| format!("{}{}", d.name, d.context.as_ref().map(|c| format!(" ({c})")).unwrap_or_default())).collect::<Vec<_>>().join(", ");
                    view! {
                        <tr data-run-id=r.id.clone()>
                            <th scope="row"><a href=routes::run(&r.experiment_id, &r.id)>{r.name.clone()}</a></th>
                            <td><span class="status-chip" data-status=r.status.label().to_string()>{r.status.label().to_string()}</span></td>
                            <td>{r.job_type.clone()}</td>
                            <td><RelTime t=r.start/></td>
                            <td class="num">{r.duration_ms().map(format::duration).unwrap_or_default()}</td>
                            <td class="clip">{inputs}</td>
                            <td><a href=routes::files_run(&r.experiment_id, &r.id) class="files-link" aria-label=format!("Files of run {}", r.name)>"Files"</a></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn SweepsTab(experiment: String) -> impl IntoView {
    let exp = experiment.clone();
    let planned = use_plan(
        move |_| Some(SweepsPlan::new(&exp, &use_limits())),
        SweepsPlan::view,
    );
    move || {
        let Some(v) = planned.view.get() else {
            return view! { <Skeleton rows=4/> }.into_any();
        };
        if let Some(e) = v.fatal {
            return view! { <ErrorView error=e on_retry=move |_| planned.retry()/> }.into_any();
        }
        if !v.complete && v.sweeps.is_empty() {
            return view! { <Skeleton rows=4/> }.into_any();
        }
        view! {
            <Notices notices=v.notices/>
            <SweepsTable sweeps=v.sweeps experiment_id=experiment.clone()/>
        }
        .into_any()
    }
}

#[component]
fn SweepsTable(sweeps: Vec<(Sweep, Option<i64>)>, experiment_id: String) -> impl IntoView {
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
                {sweeps.into_iter().map(|(s, start)| view! {
                    <tr data-sweep=s.parent_id.clone()>
                        <th scope="row"><a href=routes::sweep(&experiment_id, &s.parent_id)>{s.name.clone()}</a></th>
                        <td class="num">{s.children.len()}</td>
                        <td><RelTime t=start/></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
