//! A run: info, params, metrics, and W&B's `run.logged_artifacts()` / `run.used_artifacts()` as
//! tables, with the producer of each used artifact and a way to the consumers of each logged one.

use super::query_param;
use crate::app::{set_crumbs, use_client, Crumb};
use crate::components::edit::{DescriptionEditor, TagEditor};
use crate::components::files_view::FilesView;
use crate::components::LineageView;
use crate::components::{loaded, AliasChips, KeyValues, RelTime, RunLink, TabLinks, VersionLink};
use crate::domain::ArtifactKind;
use crate::edit::Target;
use crate::format;
use crate::mlflow::files::FileSource;
use crate::mlflow::load::{self, RunData};
use crate::routes::{self, Query};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RunPage() -> impl IntoView {
    let params = use_params_map();
    let ids = Memo::new(move |_| {
        let p = params.read();
        (
            p.get("experiment").unwrap_or_default(),
            p.get("run").unwrap_or_default(),
        )
    });
    let client = use_client();
    let data = LocalResource::new(move || {
        let c = client.get();
        let (exp, run) = ids.get();
        async move { load::run(&c, &exp, &run).await }
    });
    Effect::new(move |_| {
        let (exp, run) = ids.get();
        let (project, name) = match data.get() {
            Some(Ok(d)) => (d.project.name, d.run.name),
            _ => (format!("Project {exp}"), run.chars().take(8).collect()),
        };
        set_crumbs(vec![
            Crumb::link("Projects", routes::projects()),
            Crumb::link(project, routes::project_tab(&exp, "runs")),
            Crumb::here(format!("run {name}")),
        ]);
    });
    view! { <section class="page">{loaded(data, 8, |d: RunData| view! { <RunView data=d/> })}</section> }
}

const RUN_TABS: [(&str, &str); 3] = [
    ("overview", "Overview"),
    ("files", "Files"),
    ("lineage", "Lineage"),
];

#[component]
fn RunView(data: RunData) -> impl IntoView {
    let r = data.run.clone();
    let exp = data.project.id.clone();
    let parent = r.parent_run_id.clone();
    let (tab, _) = query_param(Query::Tab);
    let active = Signal::derive(move || {
        let t = tab.get();
        if RUN_TABS.iter().any(|(k, _)| *k == t) {
            t
        } else {
            "overview".into()
        }
    });
    let base = routes::run(&exp, &r.id);
    let hrefs = RUN_TABS
        .iter()
        .map(|(k, _)| format!("{base}?tab={k}"))
        .collect();
    let tabs = RUN_TABS.iter().map(|(k, l)| (*k, l.to_string())).collect();
    let run_id = r.id.clone();
    let overview_data = data.clone();
    view! {
        <header class="page-head">
            <p class="eyebrow">"run" {r.job_type.clone().map(|j| view! { " · " <span class="chip">{j}</span> })}</p>
            <h1>{r.name.clone()}</h1>
            <p class="meta">
                <span class="status-chip" data-status=r.status.label().to_string()>{r.status.label().to_string()}</span>
                " · started " <RelTime t=r.start/>
                {r.duration_ms().map(|d| format!(" · took {}", format::duration(d)))}
                {(!r.user.is_empty()).then(|| format!(" · by {}", r.user))}
                " · " <span class="mono">{r.id.clone()}</span>
            </p>
            {parent.map(|p| {
                let name = data.run_names.get(&p).cloned().unwrap_or_else(|| p.chars().take(8).collect());
                view! { <p class="meta">"Part of sweep " <a href=routes::sweep(&exp, &p)>{name}</a></p> }
            })}
        </header>

        <TabLinks tabs=tabs hrefs=hrefs active=active/>
        <div role="tabpanel">
        {move || match active.get().as_str() {
            "files" => view! { <FilesView source=FileSource::Run(run_id.clone())/> }.into_any(),
            "lineage" => view! { <LineageView experiment=exp.clone() focus=crate::lineage::build::run_id(&run_id)/> }.into_any(),
            _ => view! { <RunOverview data=overview_data.clone()/> }.into_any(),
        }}
        </div>
    }
}

/// The run's artifacts, params, metrics and tags.
#[component]
fn RunOverview(data: RunData) -> impl IntoView {
    let r = data.run.clone();
    let metrics: Vec<(String, String)> = r
        .metrics
        .iter()
        .map(|m| (m.key.clone(), format::metric(m.value)))
        .collect();
    let logged = data
        .logged()
        .into_iter()
        .map(|(c, v)| (c.clone(), v.clone()))
        .collect::<Vec<_>>();
    let produced = data
        .produced_datasets()
        .into_iter()
        .map(|(c, v)| (c.clone(), v.clone()))
        .collect::<Vec<_>>();
    // edits (issue 11): the run's description (`mlflow.note.content`) and tags
    let target = Target::Run {
        run_id: r.id.clone(),
        experiment_id: data.project.id.clone(),
    };
    view! {
        <h2>"Description"</h2>
        <DescriptionEditor target=target.clone()/>
        <h2 id="logged">"Logged artifacts"</h2>
        {if logged.is_empty() && produced.is_empty() {
            view! { <p class="empty">"This run logged no model, and no dataset points into its files."</p> }.into_any()
        } else {
            view! {
                <table class="data-table logged-table" aria-labelledby="logged">
                    <thead><tr><th scope="col">"Artifact"</th><th scope="col">"Type"</th><th scope="col">"Aliases"</th><th scope="col">"Created"</th><th scope="col">"Used by"</th></tr></thead>
                    <tbody>
                        {logged.into_iter().chain(produced).map(|(c, v)| {
                            let usage = format!("{}?tab=usage", routes::version(&c.experiment_id, crate::components::artifact::collection_kind(c.kind), &c.name, &v.label()));
                            let inferred = v.logged_by_inferred;
                            view! {
                                <tr data-artifact=format!("{}:{}", c.name, v.label())>
                                    <th scope="row"><VersionLink collection=c.clone() version=v.clone()/>
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
        <UsedArtifacts data=data.clone()/>

        <div class="two-col">
            <div><h2>"Parameters"</h2><KeyValues caption="Parameters" rows=r.params.clone()/></div>
            <div><h2>"Metrics (latest)"</h2><KeyValues caption="Metrics" rows=metrics/></div>
        </div>
        <h2>"Tags"</h2>
        <TagEditor target=target tags=r.tags.clone()/>
    }
}

#[component]
fn UsedArtifacts(data: RunData) -> impl IntoView {
    let exp = data.project.id.clone();
    let mut rows = Vec::new();
    for d in &data.run.used_datasets {
        let found = data
            .locate(ArtifactKind::Dataset, &d.digest, Some(&d.name))
            .map(|(c, v)| (c.clone(), v.clone()));
        rows.push((
            found,
            format!("{}@{}", d.name, d.digest),
            "dataset".to_string(),
            d.context.clone(),
        ));
    }
    for m in &data.run.used_models {
        let found = data
            .locate(ArtifactKind::Model, m, None)
            .map(|(c, v)| (c.clone(), v.clone()));
        rows.push((found, m.clone(), "model".to_string(), None));
    }
    if rows.is_empty() {
        return view! { <p class="empty">"This run used no dataset or model."</p> }.into_any();
    }
    view! {
        <table class="data-table used-table" aria-labelledby="used">
            <thead><tr><th scope="col">"Artifact"</th><th scope="col">"Type"</th><th scope="col">"Context"</th><th scope="col">"Logged by"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|(found, fallback, kind, context)| {
                    let producer = found.as_ref().and_then(|(_, v)| v.logged_by.clone());
                    view! {
                        <tr>
                            <th scope="row">{match found.clone() {
                                Some((c, v)) => view! { <VersionLink collection=c version=v/> }.into_any(),
                                None => view! { <span class="mono" title="not in this project">{fallback}</span> }.into_any(),
                            }}</th>
                            <td><span class="type-chip" data-kind=kind.clone()>{found.as_ref().map(|(c, _)| c.type_name.clone()).unwrap_or(kind.clone())}</span></td>
                            <td>{context}</td>
                            <td>{producer.map(|p| {
                                let name = data.run_names.get(&p).cloned().unwrap_or_else(|| p.chars().take(8).collect());
                                view! { <RunLink experiment_id=exp.clone() run_id=p name=name/> }
                            })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
