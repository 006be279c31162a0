//! A run: info, params, metrics, and W&B's `run.logged_artifacts()` / `run.used_artifacts()` as
//! tables, with the producer of each used artifact and a way to the consumers of each logged one.

use crate::components::artifact::collection_kind;
use crate::components::edit::{DescriptionEditor, TagEditor};
use crate::components::files_view::FilesView;
use crate::components::LineageView;
use crate::components::{
    page_state, AliasChips, ErrorView, KeyValues, Notices, Reading, RelTime, RunLink, Skeleton,
    TabLinks, VersionLink,
};
use crate::context::{set_crumbs, Crumb};
use crate::domain::ArtifactKind;
use crate::edit::Target;
use crate::format;
use crate::hooks::use_query_param;
use crate::hooks::{use_limits, use_plan, use_run_route};
use crate::mlflow::files::FileSource;
use crate::plan::run::{ArtifactRow, RunPlan, RunView as Data};
use crate::routes::{self, Query};
use leptos::prelude::*;

#[component]
pub fn RunPage() -> impl IntoView {
    let ids = use_run_route();
    let planned = use_plan(
        move |_| {
            let (exp, run) = ids.get();
            Some(RunPlan::new(&exp, &run, use_limits()))
        },
        RunPlan::view,
    );
    Effect::new(move |_| {
        let (exp, run) = ids.get();
        let (project, name) = planned.view.with(|v| {
            let v = v.as_ref();
            (
                v.and_then(|v| v.project.as_ref().map(|p| p.name.clone())),
                v.and_then(|v| v.run.as_ref().map(|r| r.name.clone())),
            )
        });
        set_crumbs(vec![
            Crumb::link("Projects", routes::projects()),
            Crumb::link(
                project.unwrap_or_else(|| format!("Project {exp}")),
                routes::project_tab(&exp, "runs"),
            ),
            Crumb::here(format!(
                "run {}",
                name.unwrap_or_else(|| run.chars().take(8).collect())
            )),
        ]);
    });
    // redrawn when the run arrives and when everything has: the tabs' own plans keep going
    let shown = Memo::new(move |prev: Option<&Option<Data>>| {
        let d = planned.view.get()?;
        match prev {
            Some(Some(p)) if p.run.is_some() && !d.complete && d.fatal.is_none() => Some(p.clone()),
            _ => Some(d),
        }
    });
    // The Files and Lineage tabs run plans of their own: drawn once the run is known, and
    // again only when the run or the tab changes (not when the page's data completes).
    let (tab, _) = use_query_param(Query::Tab);
    let tab_target = Memo::new(move |_| {
        let has_run = shown.with(|d| d.as_ref().is_some_and(|d| d.run.is_some()));
        has_run.then(|| (ids.get(), run_tab(&tab.get())))
    });
    let reading = Signal::derive(move || {
        planned
            .view
            .with(|v| v.as_ref().map(|v| v.reading.clone()).unwrap_or_default())
    });
    // The run view is drawn once per run (its editors keep what is typed); what fills in later
    // comes through `data`.
    let data = Signal::derive(move || shown.get().unwrap_or_default());
    let state = Memo::new(move |_| {
        shown.with(|d| match d {
            Some(Data { fatal: Some(e), .. }) => Err(Some(e.clone())),
            Some(d) => d.run.as_ref().map(|r| r.id.clone()).ok_or(None),
            None => Err(None),
        })
    });
    view! {
        <section class="page" data-state=move || page_state(planned.is_done())>
            {move || match state.get() {
                Err(Some(e)) => view! { <ErrorView error=e on_retry=move |_| planned.retry()/> }.into_any(),
                Ok(_) => view! { <RunView data=data reading=reading/> }.into_any(),
                Err(None) => view! { <Skeleton rows=8/> }.into_any(),
            }}
            {move || {
                let ((exp, run_id), tab) = tab_target.get()?;
                let panel = match tab {
                    "files" => view! { <FilesView source=FileSource::Run(run_id)/> }.into_any(),
                    "lineage" => view! { <LineageView experiment=exp focus=crate::lineage::build::run_id(&run_id)/> }.into_any(),
                    _ => return None,
                };
                Some(view! { <div role="tabpanel">{panel}</div> })
            }}
        </section>
    }
}

/// The run tab named in the URL, `overview` when it names none.
fn run_tab(t: &str) -> &'static str {
    RUN_TABS
        .iter()
        .map(|(k, _)| *k)
        .find(|k| *k == t)
        .unwrap_or("overview")
}

const RUN_TABS: [(&str, &str); 3] = [
    ("overview", "Overview"),
    ("files", "Files"),
    ("lineage", "Lineage"),
];

#[component]
fn RunView(data: Signal<Data>, reading: Signal<Vec<String>>) -> impl IntoView {
    let Some(r) = data.with_untracked(|d| d.run.clone()) else {
        return ().into_any();
    };
    let exp = r.experiment_id.clone();
    let parent = r.parent_run_id.clone();
    let (tab, _) = use_query_param(Query::Tab);
    let active = Signal::derive(move || run_tab(&tab.get()).to_string());
    let base = routes::run(&exp, &r.id);
    let hrefs = RUN_TABS
        .iter()
        .map(|(k, _)| format!("{base}?tab={k}"))
        .collect();
    let tabs = RUN_TABS.iter().map(|(k, l)| (*k, l.to_string())).collect();

    view! {
        <header class="page-head">
            <p class="eyebrow">"run · " <span class="chip job-type" title="job type: the job_type tag, else the entry point MLflow recorded">{r.job_type.clone()}</span></p>
            <h1>{r.name.clone()}</h1>
            <p class="meta">
                <span class="status-chip" data-status=r.status.label().to_string()>{r.status.label().to_string()}</span>
                " · started " <RelTime t=r.start/>
                {r.duration_ms().map(|d| format!(" · took {}", format::duration(d)))}
                {(!r.user.is_empty()).then(|| format!(" · by {}", r.user))}
                " · " <span class="mono">{r.id.clone()}</span>
            </p>
            {parent.map(|p| {
                let href = routes::sweep(&exp, &p);
                let name = move || data.with(|d| d.run_names.get(&p).cloned().unwrap_or_else(|| p.chars().take(8).collect()));
                view! { <p class="meta">"Part of sweep " <a href=href>{name}</a></p> }
            })}
            {move || view! { <Notices notices=data.with(|d| d.notices.clone())/> }}
            {move || view! { <Reading items=reading.get()/> }}
        </header>

        <TabLinks tabs=tabs hrefs=hrefs active=active/>
        // the other tabs are drawn by the page (see `tab_target` in RunPage)
        {move || (active.get() == "overview").then(|| view! {
            <div role="tabpanel"><RunOverview data=data/></div>
        })}
    }
    .into_any()
}

/// "name:vN" linking to the version by id, with the project when it lives elsewhere.
#[component]
fn Placed(row: ArtifactRow) -> impl IntoView {
    let l = row.located;
    view! {
        <VersionLink collection=l.collection.clone() version=l.version.clone()/>
        {l.project.map(|p| view! { " " <span class="chip project-chip" title="in another project">{p.name}</span> })}
    }
}

/// The run's description, artifacts, params, metrics and tags. Drawn once per run: the
/// artifact tables follow `data` as it fills in, the editors keep what is typed.
#[component]
fn RunOverview(data: Signal<Data>) -> impl IntoView {
    let Some(r) = data.with_untracked(|d| d.run.clone()) else {
        return ().into_any();
    };
    let metrics: Vec<(String, String)> = r
        .metrics
        .iter()
        .map(|m| (m.key.clone(), format::metric(m.value)))
        .collect();
    // edits (issue 11): the run's description (`mlflow.note.content`) and tags
    let target = Target::Run {
        run_id: r.id.clone(),
        experiment_id: r.experiment_id.clone(),
    };
    view! {
        <h2>"Description"</h2>
        <DescriptionEditor target=target.clone()/>
        <h2 id="logged">"Logged artifacts"</h2>
        {move || {
            let (logged, complete): (Vec<ArtifactRow>, bool) = data.with(|d| {
                (d.logged.iter().chain(&d.produced).cloned().collect(), d.complete)
            });
            if logged.is_empty() && !complete {
                // not known yet: say nothing false while the searches run
                return view! { <p class="reading muted small" role="status">"Looking for what this run logged…"</p> }.into_any();
            }
            if logged.is_empty() {
                return view! { <p class="empty">"This run logged no model, and no dataset points into its files."</p> }.into_any();
            }
            view! {
                <table class="data-table logged-table" aria-labelledby="logged">
                    <thead><tr><th scope="col">"Artifact"</th><th scope="col">"Type"</th><th scope="col">"Aliases"</th><th scope="col">"Created"</th><th scope="col">"Used by"</th></tr></thead>
                    <tbody>
                        {logged.into_iter().map(|row| {
                            let (c, v) = (row.located.collection.clone(), row.located.version.clone());
                            let usage = format!("{}?tab=usage", routes::version(&c.experiment_id, collection_kind(c.kind), &c.name, v.spec()));
                            let inferred = v.logged_by_inferred;
                            view! {
                                <tr data-artifact=format!("{}:{}", c.name, v.label())>
                                    <th scope="row"><Placed row=row.clone()/>
                                        {inferred.then(|| view! { <span class="muted small" title="the dataset's source is a file of this run">" (inferred)"</span> })}</th>
                                    <td><span class="type-chip" data-kind=if c.kind == ArtifactKind::Model { "model" } else { "dataset" }>{c.type_name.clone()}</span></td>
                                    <td><AliasChips aliases=v.aliases.clone()/></td>
                                    <td><RelTime t=v.created/></td>
                                    <td><a href=usage>"consumers"</a></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}

        <h2 id="used">"Used artifacts"</h2>
        {move || view! { <UsedArtifacts data=data.get()/> }}

        <div class="two-col">
            <div><h2>"Parameters"</h2><KeyValues caption="Parameters" rows=r.params.clone()/></div>
            <div><h2>"Metrics (latest)"</h2><KeyValues caption="Metrics" rows=metrics/></div>
        </div>
        <h2>"Tags"</h2>
        <TagEditor target=target tags=r.tags.clone()/>
    }
    .into_any()
}

#[component]
fn UsedArtifacts(data: Data) -> impl IntoView {
    if data.used.is_empty() {
        return view! { <p class="empty">"This run used no dataset or model."</p> }.into_any();
    }
    let exp = data
        .run
        .as_ref()
        .map(|r| r.experiment_id.clone())
        .unwrap_or_default();
    view! {
        <table class="data-table used-table" aria-labelledby="used">
            <thead><tr><th scope="col">"Artifact"</th><th scope="col">"Type"</th><th scope="col">"Context"</th><th scope="col">"Logged by"</th></tr></thead>
            <tbody>
                {data.used.iter().map(|row| {
                    let c = &row.located.collection;
                    let producer = row.located.version.logged_by.clone();
                    let producer_exp = c.experiment_id.clone();
                    let kind = if c.kind == ArtifactKind::Model { "model" } else { "dataset" };
                    view! {
                        <tr>
                            <th scope="row"><Placed row=row.clone()/></th>
                            <td><span class="type-chip" data-kind=kind>{c.type_name.clone()}</span></td>
                            <td>{row.context.clone()}</td>
                            <td>{producer.map(|p| {
                                let name = data.run_names.get(&p).cloned().unwrap_or_else(|| p.chars().take(8).collect());
                                let e = if producer_exp.is_empty() { exp.clone() } else { producer_exp.clone() };
                                view! { <RunLink experiment_id=e run_id=p name=name/> }
                            })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
