//! The lineage graph: `<LineageView experiment focus/>` fetches the lineage around a focus node
//! (depth, direction and mode live in the URL) and draws it with [`LineageCanvas`], an SVG with
//! pan, zoom, fit, hover paths, selection with a side panel, keyboard navigation, clusters you
//! can search and pull members out of, and `.svg` export.
//!
//! - this module: [`LineageView`], the fetching (a [`LineagePlan`]) and what surrounds the canvas;
//! - [`toolbar`]: depth, direction and mode controls, progress and Cancel;
//! - [`canvas`]: [`LineageCanvas`], the view and layout of the graph, pan, zoom and export;
//! - [`shapes`]: the drawn nodes and edges, each re-rendering only when its own state changes;
//! - [`panel`]: the side panel of the selected node or group.
//!
//! All labels are SVG text nodes; nothing from MLflow is rendered as markup.

mod canvas;
mod panel;
mod shapes;
mod toolbar;
mod worker;

pub use canvas::{CanvasData, LineageCanvas};

use crate::hooks::use_query_param;
use crate::hooks::{use_limits, use_plan, RunCache};
use crate::lineage::build::{self, Built};
use crate::lineage::graph::scope;
use crate::lineage::params;
use crate::mlflow::ApiError;
use crate::plan::traverse::LineagePlan;
use crate::routes::Query;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use toolbar::LineageToolbar;

/// Fetches and draws the lineage of `focus` (a node id) in `experiment`.
#[component]
pub fn LineageView(
    #[prop(into)] experiment: Signal<String>,
    #[prop(into)] focus: Signal<String>,
) -> impl IntoView {
    let cache = use_context::<RunCache>().unwrap_or_default();
    let (depth_q, set_depth) = use_query_param(Query::Depth);
    let (dir_q, set_dir) = use_query_param(Query::Direction);
    let (mode_q, set_mode) = use_query_param(Query::Mode);
    let depth = Memo::new(move |_| params::parse_depth(&depth_q.get()));
    let direction = Memo::new(move |_| params::parse_direction(&dir_q.get()));
    let mode = Memo::new(move |_| params::parse_mode(&mode_q.get()));

    // The traversal runs as a plan; Cancel stops it and keeps what was drawn.
    let cancelled = RwSignal::new(false);
    let budgets = RwSignal::new(1usize);
    let cache2 = cache.clone();
    let planned = use_plan(
        move |_| {
            cancelled.set(false);
            let f = build::parse_node_id(&focus.get())?;
            let mut limits = use_limits();
            limits.consumer_scan_runs = limits.consumer_scan_runs.saturating_mul(budgets.get());
            let mut plan =
                LineagePlan::new(&experiment.get(), f, depth.get(), direction.get(), limits);
            plan.know(cache2.finished());
            Some(plan)
        },
        LineagePlan::view,
    );
    let busy = Memo::new(move |_| {
        !cancelled.get()
            && planned
                .view
                .with(|v| v.as_ref().is_some_and(|v| !v.complete))
    });
    let progress = Memo::new(move |_| {
        planned
            .view
            .with(|v| v.as_ref().map(|v| v.progress).unwrap_or_default())
    });
    let error = Memo::new(move |_| {
        let bad_focus = build::parse_node_id(&focus.get())
            .is_none()
            .then(|| ApiError::Decode {
                url: String::new(),
                detail: format!(
                    "{:?} is not a lineage node (run:…, model:…, dataset:name@digest)",
                    focus.get()
                ),
            });
        bad_focus.or_else(|| {
            planned
                .view
                .with(|v| v.as_ref().and_then(|v| v.fatal.clone()))
        })
    });
    let notices = Memo::new(move |_| {
        planned
            .view
            .with(|v| v.as_ref().map(|v| v.notices.clone()).unwrap_or_default())
    });
    let more = Memo::new(move |_| planned.view.with(|v| v.as_ref().is_some_and(|v| v.more)));
    // Built afresh when the plan's view changes (throttled by the executor), never while
    // cancelled: what was drawn stays.
    let built: Memo<Option<Built>> = Memo::new_with_compare(
        move |prev: Option<&Option<Built>>| {
            if cancelled.get() {
                return prev.cloned().flatten();
            }
            planned.view.with(|v| {
                let v = v.as_ref()?;
                if v.complete {
                    cache.remember(v.fresh.iter().cloned());
                }
                let mut b = build::build(&v.runs, &v.collections);
                build::label_projects(&mut b, &experiment.get_untracked(), &v.projects);
                Some(b)
            })
        },
        // always "changed": a graph has no cheap equality, and this only runs on a new view
        |_, _| true,
    );
    let cancel = Callback::new(move |()| {
        planned.stop();
        cancelled.set(true);
    });

    // Scope around the focus.
    // Always "changed": the graph has no cheap equality, and it only recomputes when the
    // fetch publishes or a control changes.
    let scoped = Memo::new_with_compare(
        move |_| {
            let b = built.get()?;
            let f = focus.get();
            let i = b.graph.index_of(&f)?;
            let s = scope(&b.graph, i, depth.get(), direction.get())?;
            Some(CanvasData {
                graph: s.graph,
                focus: Some(s.focus),
                info: b.info,
            })
        },
        |_, _| true,
    );
    // The canvas stays mounted while snapshots arrive (keeps pan, zoom and selection).
    let has_data = Memo::new(move |_| scoped.with(Option::is_some));
    let data = Signal::derive(move || scoped.get().unwrap_or_default());

    let navigate = use_navigate();
    // app links carry the base path already (routes.rs): do not let the router prefix it again
    let on_open = Callback::new(move |href: String| {
        navigate(
            &href,
            leptos_router::NavigateOptions {
                resolve: false,
                ..Default::default()
            },
        )
    });

    view! {
        <section class="lineage" aria-label="Lineage graph" data-busy=move || busy.get().to_string()>
            <LineageToolbar
                depth=depth
                direction=direction
                mode=mode
                set_depth=Callback::new(move |d| set_depth(params::depth_param(d)))
                set_direction=Callback::new(move |d| set_dir(params::direction_param(d).to_string()))
                set_mode=Callback::new(move |m| set_mode(params::mode_param(m).to_string()))
                busy=busy
                progress=progress
                on_cancel=cancel
            />
            {move || view! { <crate::components::Notices notices=notices.get()/> }}
            {move || more.get().then(|| view! {
                <button type="button" class="button scan-more" on:click=move |_| budgets.update(|b| *b += 1)>
                    "Scan more runs"
                </button>
            })}
            {move || error.get().map(|e| view! {
                <crate::components::ErrorView error=e on_retry=move |_| planned.retry()/>
            })}
            {move || match has_data.get() {
                true => view! {
                    <LineageCanvas data=data mode=mode on_open=on_open/>
                }.into_any(),
                false if busy.get() => view! { <crate::components::Skeleton rows=6/> }.into_any(),
                false if error.get().is_none() => view! {
                    <p class="empty">"This node is not in the lineage of this project."</p>
                }.into_any(),
                false => ().into_any(),
            }}
        </section>
    }
}
