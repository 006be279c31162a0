//! A sweep (a parent run): its children ranked by a metric the user picks, and the artifacts of
//! the best run — the W&B FAQ's "find the artifacts of the best run of a sweep" as one page.

use super::query_param;
use crate::app::{set_crumbs, use_client, Crumb};
use crate::components::{loaded, AliasChips, RunLink, VersionLink};
use crate::domain::sweep::{metric_keys, rank, Goal};
use crate::format;
use crate::mlflow::load::{self, SweepData};
use crate::routes::{self, Query};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SweepPage() -> impl IntoView {
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
        async move { load::sweep(&c, &exp, &run).await }
    });
    Effect::new(move |_| {
        let (exp, _) = ids.get();
        let (project, name) = match data.get() {
            Some(Ok(d)) => (d.project.name, d.parent.name),
            _ => (format!("Project {exp}"), "sweep".into()),
        };
        set_crumbs(vec![
            Crumb::link("Projects", routes::projects()),
            Crumb::link(project, routes::project_tab(&exp, "sweeps")),
            Crumb::here(format!("sweep {name}")),
        ]);
    });
    view! { <section class="page">{loaded(data, 8, |d: SweepData| view! { <SweepView data=d/> })}</section> }
}

#[component]
fn SweepView(data: SweepData) -> impl IntoView {
    let (metric_q, set_metric) = query_param(Query::Metric);
    let (goal_q, set_goal) = query_param(Query::Goal);
    let keys = metric_keys(&data.children);
    let default_metric = keys.first().cloned().unwrap_or_default();
    let metric = Memo::new(move |_| {
        let m = metric_q.get();
        if m.is_empty() {
            default_metric.clone()
        } else {
            m
        }
    });
    let goal = Memo::new(move |_| {
        Goal::parse(&goal_q.get()).unwrap_or_else(|| Goal::default_for(&metric.get()))
    });
    let exp = data.project.id.clone();
    let parent = data.parent.clone();
    let children = data.children.clone();
    let collections = data.collections.clone();
    let set_goal2 = set_goal.clone();
    view! {
        <header class="page-head">
            <p class="eyebrow">"sweep"</p>
            <h1>{parent.name.clone()}</h1>
            <p class="meta">{format!("{} child runs · parent run ", children.len())}
                <RunLink experiment_id=exp.clone() run_id=parent.id.clone() name=parent.name.clone()/></p>
        </header>
        {if children.is_empty() {
            view! { <p class="empty">"This run has no child runs."</p> }.into_any()
        } else { view! {
        <div class="toolbar">
            <label>"Rank by metric "
                <select aria-label="Metric to rank by" on:change=move |ev| { set_metric(event_target_value(&ev)); set_goal2(String::new()); }>
                    {keys.iter().map(|k| {
                        let k2 = k.clone();
                        view! { <option value=k.clone() selected=move || metric.get() == k2>{k.clone()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>" goal "
                <select aria-label="Goal" on:change=move |ev| set_goal(event_target_value(&ev))>
                    <option value="max" selected=move || goal.get() == Goal::Max>"maximise"</option>
                    <option value="min" selected=move || goal.get() == Goal::Min>"minimise"</option>
                </select>
            </label>
        </div>
        {move || {
            let m = metric.get();
            let ranked = rank(&children, &m, goal.get());
            let best = ranked.first().filter(|(_, v)| v.is_some()).map(|(r, _)| (*r).clone());
            let best_artifacts: Vec<_> = best.as_ref().map(|b| {
                collections.iter().flat_map(|c| c.versions.iter().map(move |v| (c, v)))
                    .filter(|(_, v)| v.logged_by.as_deref() == Some(b.id.as_str()) || b.logged_models.contains(&v.id))
                    .map(|(c, v)| (c.clone(), v.clone())).collect()
            }).unwrap_or_default();
            let exp = exp.clone();
            view! {
                {best.clone().map(|b| view! {
                    <section class="best-run" aria-label="Best run">
                        <h2>"Best run: " <RunLink experiment_id=exp.clone() run_id=b.id.clone() name=b.name.clone()/>
                            " " <span class="muted">{format!("{m} = {}", b.metric(&m).map(format::metric).unwrap_or_default())}</span></h2>
                        {if best_artifacts.is_empty() {
                            view! { <p class="empty">"The best run logged no model."</p> }.into_any()
                        } else {
                            view! { <ul class="best-artifacts">{best_artifacts.into_iter().map(|(c, v)| view! {
                                <li><VersionLink collection=c.clone() version=v.clone()/> " " <AliasChips aliases=v.aliases.clone()/></li>
                            }).collect_view()}</ul> }.into_any()
                        }}
                    </section>
                })}
                <table class="data-table sweep-table">
                    <caption class="visually-hidden">{format!("Child runs ranked by {m}")}</caption>
                    <thead><tr><th scope="col" class="num">"Rank"</th><th scope="col">"Run"</th><th scope="col" class="num">{m.clone()}</th><th scope="col">"Parameters"</th></tr></thead>
                    <tbody>
                        {ranked.iter().enumerate().map(|(i, (r, v))| {
                            let is_best = best.as_ref().is_some_and(|b| b.id == r.id);
                            view! {
                                <tr class:best=is_best data-run-id=r.id.clone()>
                                    <td class="num">{if v.is_some() { (i + 1).to_string() } else { "—".into() }}</td>
                                    <th scope="row"><RunLink experiment_id=exp.clone() run_id=r.id.clone() name=r.name.clone()/>
                                        {is_best.then(|| view! { " " <span class="chip best-chip">"best"</span> })}</th>
                                    <td class="num metric-value">{v.map(format::metric).unwrap_or_else(|| "—".into())}</td>
                                    <td class="mono small">{r.params.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("  ")}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
        }}
        }.into_any() }}
    }
}
