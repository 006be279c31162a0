//! A sweep (a parent run): its children ranked by a metric the user picks, and the artifacts of
//! the best run — the W&B FAQ's "find the artifacts of the best run of a sweep" as one page.

use crate::components::{
    page_state, AliasChips, ClippedText, ErrorView, Notices, Reading, RunLink, Skeleton,
    VersionLink,
};
use crate::context::{set_crumbs, Crumb};
use crate::domain::sweep::{best_models, default_metric, metric_keys, param_columns, rank, Goal};
use crate::domain::Collection;
use crate::format;
use crate::hooks::use_query_param;
use crate::hooks::{use_limits, use_plan, use_run_route};
use crate::plan::sweep::{SweepPlan, SweepView as SweepData};
use crate::routes::{self, Query};
use leptos::prelude::*;

#[component]
pub fn SweepPage() -> impl IntoView {
    let ids = use_run_route();
    let planned = use_plan(
        move |_| {
            let (exp, run) = ids.get();
            Some(SweepPlan::new(&exp, &run, use_limits()))
        },
        SweepPlan::view,
    );
    Effect::new(move |_| {
        let (exp, _) = ids.get();
        let (project, name) = planned.view.with(|v| {
            let v = v.as_ref();
            (
                v.and_then(|v| v.project.as_ref().map(|p| p.name.clone()))
                    .unwrap_or_else(|| format!("Project {exp}")),
                v.and_then(|v| v.parent.as_ref().map(|p| p.name.clone()))
                    .unwrap_or_else(|| "sweep".into()),
            )
        });
        set_crumbs(vec![
            Crumb::link("Projects", routes::projects()),
            Crumb::link(project, routes::project_tab(&exp, "sweeps")),
            Crumb::here(format!("sweep {name}")),
        ]);
    });
    // Drawn twice: once the first children arrive (ranked among those, the best run's models
    // not looked up yet: never "logged no model" while they are still being looked for), and
    // again once complete. In between, only the progress line moves.
    let drawn = Memo::new(move |prev: Option<&Option<SweepData>>| {
        let d = planned.view.get()?;
        let (_, run) = ids.get();
        match prev {
            Some(Some(p))
                if !d.complete
                    && d.fatal.is_none()
                    && drawable(p)
                    && p.parent.as_ref().is_some_and(|r| r.id == run) =>
            {
                Some(p.clone())
            }
            _ => Some(d),
        }
    });
    let reading = Signal::derive(move || {
        planned
            .view
            .with(|v| v.as_ref().map(|v| v.reading.clone()).unwrap_or_default())
    });
    view! {
        <section class="page" data-state=move || page_state(planned.is_done())>
            {move || match drawn.get() {
                Some(SweepData { fatal: Some(e), .. }) => view! { <ErrorView error=e on_retry=move |_| planned.retry()/> }.into_any(),
                Some(d) if drawable(&d) => view! { <SweepView data=d reading=reading/> }.into_any(),
                Some(d) => view! { <Reading items=d.reading/> <Skeleton rows=8/> }.into_any(),
                None => view! { <Skeleton rows=8/> }.into_any(),
            }}
        </section>
    }
}

/// The sweep can be drawn: its parent and project are known, and its first children (or all
/// of them, when there are none).
fn drawable(d: &SweepData) -> bool {
    d.parent.is_some() && d.project.is_some() && (d.complete || !d.children.is_empty())
}

#[component]
fn SweepView(data: SweepData, reading: Signal<Vec<String>>) -> impl IntoView {
    let complete = data.complete;
    let (metric_q, set_metric) = use_query_param(Query::Metric);
    let (goal_q, set_goal) = use_query_param(Query::Goal);
    let (params_q, set_params) = use_query_param(Query::Params);
    let keys = metric_keys(&data.children);
    let default_metric = default_metric(&keys).map(|(m, _)| m).unwrap_or_default();
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
    let all_params = Memo::new(move |_| params_q.get() == "all");
    let (Some(project), Some(parent)) = (data.project.clone(), data.parent.clone()) else {
        return ().into_any();
    };
    let exp = project.id.clone();
    let children = data.children.clone();
    // the collections of every model the parent and the children logged (numbered in full)
    let mut collections: Vec<Collection> = Vec::new();
    for l in &data.models {
        if !collections
            .iter()
            .any(|c| c.name == l.collection.name && c.experiment_id == l.collection.experiment_id)
        {
            collections.push(l.collection.clone());
        }
    }
    let swept = param_columns(&children, false);
    let swept_summary = format!(
        "swept: {} ({} of {} params)",
        if swept.is_empty() {
            "none".to_string()
        } else {
            swept.join(", ")
        },
        swept.len(),
        param_columns(&children, true).len()
    );
    let set_goal2 = set_goal.clone();
    view! {
        <header class="page-head">
            <p class="eyebrow">"sweep"</p>
            <Notices notices=data.notices.clone()/>
            <h1>{parent.name.clone()}</h1>
            <p class="meta">{format!("{} child runs{} · parent run ", children.len(), if complete { "" } else { " so far" })}
                <RunLink experiment_id=exp.clone() run_id=parent.id.clone() name=parent.name.clone()/></p>
            {(!complete).then_some(move || view! { <Reading items=reading.get()/> })}
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
            <label class="sweep-params-toggle">
                <input type="checkbox" prop:checked=move || all_params.get()
                    on:change=move |ev| set_params(if event_target_checked(&ev) { "all".into() } else { String::new() })/>
                "Show all params"
            </label>
            <span class="meta swept-summary">{swept_summary}</span>
        </div>
        {move || {
            let m = metric.get();
            let ranked = rank(&children, &m, goal.get());
            let best = ranked.first().filter(|(_, v)| v.is_some()).map(|(r, _)| (*r).clone());
            let columns = param_columns(&children, all_params.get());
            let exp = exp.clone();
            let parent = parent.clone();
            view! {
                {best.clone().map(|b| {
                    // while children are still read, the best so far (its models are looked up
                    // once every child is in: never "logged no model" before that)
                    let (label, title) = if complete { ("Best run", "Best run: ") } else { ("Best run so far", "Best so far: ") };
                    let body = if !complete {
                        view! { <p class="muted">{format!("Ranked among the {} child runs read so far; the models of the best run are looked up once every child has been read.", children.len())}</p> }.into_any()
                    } else {
                        let models = best_models(&collections, &b, &parent);
                        let from_parent = models.from_parent;
                        let links: Vec<_> = models.versions.iter().map(|(c, v)| ((*c).clone(), (*v).clone())).collect();
                        if links.is_empty() {
                            view! { <p class="empty">"The best run logged no model, and neither did the sweep's parent."</p> }.into_any()
                        } else {
                            view! {
                                {from_parent.then(|| view! {
                                    <p class="notice best-from-parent">"The best child logged no model; the sweep's parent "
                                        <RunLink experiment_id=exp.clone() run_id=parent.id.clone() name=parent.name.clone()/> " logged:"</p>
                                })}
                                <ul class="best-artifacts">{links.into_iter().map(|(c, v)| view! {
                                    <li><VersionLink collection=c version=v.clone()/> " " <AliasChips aliases=v.aliases.clone()/></li>
                                }).collect_view()}</ul>
                            }.into_any()
                        }
                    };
                    view! {
                        <section class="best-run" aria-label=label>
                            <h2>{title} <RunLink experiment_id=exp.clone() run_id=b.id.clone() name=b.name.clone()/>
                                " " <span class="muted">{format!("{m} = {}", b.metric(&m).map(format::metric).unwrap_or_default())}</span></h2>
                            {body}
                        </section>
                    }
                })}
                <div class="table-scroll" role="region" aria-label="Child runs" tabindex="0">
                <table class="data-table sweep-table">
                    <caption class="visually-hidden">{format!("Child runs ranked by {m}")}</caption>
                    <thead><tr>
                        <th scope="col" class="num">"Rank"</th><th scope="col">"Run"</th><th scope="col" class="num">{m.clone()}</th>
                        {columns.iter().map(|k| view! { <th scope="col" class="param-col">{k.clone()}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {ranked.iter().enumerate().map(|(i, (r, v))| {
                            let is_best = best.as_ref().is_some_and(|b| b.id == r.id);
                            view! {
                                <tr class:best=is_best data-run-id=r.id.clone()>
                                    <td class="num">{if v.is_some() { (i + 1).to_string() } else { "—".into() }}</td>
                                    <th scope="row"><RunLink experiment_id=exp.clone() run_id=r.id.clone() name=r.name.clone()/>
                                        {is_best.then(|| view! { " " <span class="chip best-chip">"best"</span> })}</th>
                                    <td class="num metric-value">{v.map(format::metric).unwrap_or_else(|| "—".into())}</td>
                                    {columns.iter().map(|k| view! {
                                        <td class="mono small param" data-param=k.clone()>{match r.param(k) {
                                            Some(value) => view! { <ClippedText text=value.to_string() name=k.clone()/> }.into_any(),
                                            None => view! { <span class="muted">"—"</span> }.into_any(),
                                        }}</td>
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }
        }}
        }.into_any() }}
    }
    .into_any()
}
