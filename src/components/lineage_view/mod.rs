//! The lineage graph: `<LineageView experiment focus/>` fetches the lineage around a focus node
//! (depth, direction and mode live in the URL) and draws it with [`LineageCanvas`], an SVG with
//! pan, zoom, fit, hover paths, selection with a side panel, keyboard navigation, clusters you
//! can search and pull members out of, and `.svg` export.
//!
//! All labels are SVG text nodes; nothing from MLflow is rendered as markup.

use crate::hooks::{use_limits, use_plan, RunCache};
use crate::lineage::build::{self, Built, NodeInfo};
use crate::lineage::export::{self, NODE_HEIGHT, NODE_WIDTH};
use crate::lineage::graph::{scope, Direction, LineageGraph, NodeKind};
use crate::lineage::hover;
use crate::lineage::layout::{layout_with_previous, Layout, LayoutOptions};
use crate::lineage::view::{self, build_view, View, ViewMode, ViewNode, ViewOptions};
use crate::lineage::viewport::Transform;
use crate::mlflow::ApiError;
use crate::pages::query_param;
use crate::plan::lineage::LineagePlan;
use crate::routes::Query;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::collections::{HashMap, HashSet};
use wasm_bindgen::JsCast;

/// Default hops from the focus.
pub const DEFAULT_DEPTH: u32 = 2;
const MAX_DEPTH: u32 = 6;

pub fn parse_depth(s: &str) -> u32 {
    s.parse::<u32>()
        .ok()
        .filter(|d| (1..=MAX_DEPTH).contains(d))
        .unwrap_or(DEFAULT_DEPTH)
}

pub fn parse_direction(s: &str) -> Direction {
    match s {
        "upstream" => Direction::Upstream,
        "downstream" => Direction::Downstream,
        _ => Direction::Both,
    }
}

pub fn parse_mode(s: &str) -> ViewMode {
    match s {
        "explode" => ViewMode::Explode,
        "types" => ViewMode::Types,
        _ => ViewMode::Clusters,
    }
}

/// Fetches and draws the lineage of `focus` (a node id) in `experiment`.
#[component]
pub fn LineageView(
    #[prop(into)] experiment: Signal<String>,
    #[prop(into)] focus: Signal<String>,
) -> impl IntoView {
    let cache = use_context::<RunCache>().unwrap_or_default();
    let (depth_q, set_depth) = query_param(Query::Depth);
    let (dir_q, set_dir) = query_param(Query::Direction);
    let (mode_q, set_mode) = query_param(Query::Mode);
    let depth = Memo::new(move |_| parse_depth(&depth_q.get()));
    let direction = Memo::new(move |_| parse_direction(&dir_q.get()));
    let mode = Memo::new(move |_| parse_mode(&mode_q.get()));

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
    let cancel_current = move || {
        planned.stop();
        cancelled.set(true);
    };

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
    let on_open = Callback::new(move |href: String| navigate(&href, Default::default()));

    let select_control =
        move |label: &'static str,
              options: &'static [(&'static str, &'static str)],
              value: Memo<String>,
              set: std::sync::Arc<dyn Fn(String) + Send + Sync>| {
            view! {
                <label class="lineage-control">
                    {label} " "
                    <select
                        aria-label=label
                        on:change=move |ev| set(event_target_value(&ev))
                        prop:value=move || value.get()
                    >
                        {options
                            .iter()
                            .map(|(v, text)| view! { <option value=*v>{*text}</option> })
                            .collect_view()}
                    </select>
                </label>
            }
        };
    let depth_value = Memo::new(move |_| depth.get().to_string());
    let dir_value = Memo::new(move |_| {
        match direction.get() {
            Direction::Upstream => "upstream",
            Direction::Downstream => "downstream",
            Direction::Both => "both",
        }
        .to_string()
    });
    let mode_value = Memo::new(move |_| {
        match mode.get() {
            ViewMode::Clusters => "clusters",
            ViewMode::Explode => "explode",
            ViewMode::Types => "types",
        }
        .to_string()
    });

    view! {
        <section class="lineage" aria-label="Lineage graph" data-busy=move || busy.get().to_string()>
            <div class="lineage-toolbar" role="toolbar" aria-label="Lineage controls">
                {select_control(
                    "Depth",
                    &[("1", "1 hop"), ("2", "2 hops"), ("3", "3 hops"), ("4", "4 hops"), ("5", "5 hops"), ("6", "6 hops")],
                    depth_value,
                    std::sync::Arc::new(move |v: String| set_depth(if v == "2" { String::new() } else { v })),
                )}
                {select_control(
                    "Direction",
                    &[("both", "Both"), ("upstream", "Upstream"), ("downstream", "Downstream")],
                    dir_value,
                    std::sync::Arc::new(move |v: String| set_dir(if v == "both" { String::new() } else { v })),
                )}
                <div class="segmented" role="group" aria-label="View mode">
                    {[("clusters", "Clusters"), ("explode", "Explode"), ("types", "Types")]
                        .into_iter()
                        .map(|(v, text)| {
                            let set_mode = set_mode.clone();
                            view! {
                                <button
                                    type="button"
                                    data-mode=v
                                    aria-pressed=move || (mode_value.get() == v).to_string()
                                    on:click=move |_| set_mode(if v == "clusters" { String::new() } else { v.to_string() })
                                >
                                    {text}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <Show when=move || busy.get()>
                    <span class="lineage-progress" role="status">
                        {move || {
                            let p = progress.get();
                            if p.total == 0 {
                                "Loading lineage…".to_string()
                            } else {
                                format!(
                                    "scanned {} / {} runs",
                                    crate::format::thousands(p.scanned as u64),
                                    crate::format::thousands(p.total as u64)
                                )
                            }
                        }}
                    </span>
                    <button type="button" class="lineage-cancel" on:click={
                        move |_| cancel_current()
                    }>"Cancel"</button>
                </Show>
            </div>
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

/// One drawn node: everything its markup shows (the `For` key).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct NodeItem {
    i: usize,
    key: String,
    x: i64,
    y: i64,
    kind: NodeKind,
    shape: &'static str,
    label: String,
    sub: String,
    aria: String,
    aliases: Vec<String>,
    node_id: String,
    type_name: String,
    members: usize,
    href: Option<String>,
    focus: bool,
}

fn kind_class(k: NodeKind) -> &'static str {
    match k {
        NodeKind::Run => "run",
        NodeKind::Artifact => "artifact",
    }
}

/// What [`LineageCanvas`] draws: a (scoped) graph, its focus, and node details for links.
#[derive(Clone, Debug, Default)]
pub struct CanvasData {
    pub graph: LineageGraph,
    pub focus: Option<usize>,
    pub info: HashMap<String, NodeInfo>,
}

/// Read access to the canvas data in the shape the drawing code uses.
#[derive(Clone, Copy)]
struct Data(Signal<CanvasData>);

impl Data {
    fn with_value<R>(&self, f: impl FnOnce(&LineageGraph) -> R) -> R {
        self.0.with(|d| f(&d.graph))
    }
}

#[derive(Clone, Copy)]
struct Info(Signal<CanvasData>);

impl Info {
    fn with_value<R>(&self, f: impl FnOnce(&HashMap<String, NodeInfo>) -> R) -> R {
        self.0.with_untracked(|d| f(&d.info))
    }
}

/// Draws a (scoped) lineage graph. `on_open` receives the href of a node to open.
#[component]
pub fn LineageCanvas(
    #[prop(into)] data: Signal<CanvasData>,
    #[prop(into)] mode: Signal<ViewMode>,
    on_open: Callback<String>,
) -> impl IntoView {
    let graph = Data(data);
    let info = Info(data);
    // Unique clip-path ids per canvas (several can be on one page).
    static CANVASES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let canvas_id = CANVASES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let pulled: RwSignal<HashSet<String>> = RwSignal::new(HashSet::new());
    let view_memo = Memo::new(move |_| {
        let focus = data.with(|d| d.focus);
        let opts = ViewOptions {
            mode: mode.get(),
            focus,
            pulled_out: pulled.get(),
            ..Default::default()
        };
        graph.with_value(|g| build_view(g, &opts))
    });
    let previous: StoredValue<HashMap<String, (f64, f64)>> = StoredValue::new(HashMap::new());
    let layout_memo = Memo::new(move |_| {
        let v = view_memo.get();
        let prev = previous.with_value(|p| view::previous_positions(&v, p));
        let l = layout_with_previous(
            &export::layout_nodes(&v),
            &v.layout_edges(),
            &LayoutOptions::default(),
            &prev,
        );
        previous.update_value(|p| {
            for (k, r) in v.keys.iter().zip(&l.nodes) {
                p.insert(k.clone(), r.center());
            }
        });
        l
    });
    let transform = RwSignal::new(Transform::default());
    let viewport = RwSignal::new((900.0f64, 560.0f64));
    let hovered: RwSignal<Option<usize>> = RwSignal::new(None);
    let selected: RwSignal<Option<String>> = RwSignal::new(None);
    let drag: StoredValue<Option<(f64, f64, Transform)>> = StoredValue::new(None);
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();

    // Both run from animation frames, which may fire after the canvas was unmounted (a tab
    // switch, a page that re-renders when its data completes): every access is a `try_`.
    let measure = move || {
        if let Some(el) = svg_ref.try_get_untracked().flatten() {
            let r = el.get_bounding_client_rect();
            if r.width() > 0.0 && r.height() > 0.0 {
                viewport.try_set((r.width(), r.height()));
            }
        }
    };
    let fit = move || {
        measure();
        let (Some(l), Some((vw, vh))) = (
            layout_memo.try_get_untracked(),
            viewport.try_get_untracked(),
        ) else {
            return;
        };
        transform.try_set(Transform::fit(l.width, l.height, vw, vh));
    };
    // Fit while the graph loads, until the user pans or zooms; then keep their view.
    let user_moved = StoredValue::new(false);
    Effect::new(move |_| {
        layout_memo.track();
        if !user_moved.get_value() {
            request_animation_frame(fit);
        }
    });

    let local_point = move |x: f64, y: f64| -> (f64, f64) {
        match svg_ref.get_untracked() {
            Some(el) => {
                let r = el.get_bounding_client_rect();
                (x - r.left(), y - r.top())
            }
            None => (x, y),
        }
    };
    let zoom_by = move |factor: f64| {
        let (vw, vh) = viewport.get_untracked();
        user_moved.set_value(true);
        transform.update(|t| *t = t.zoom_at(factor, vw / 2.0, vh / 2.0));
    };

    let href_of = move |v: &View, i: usize| -> Option<String> {
        match v.nodes.get(i)? {
            ViewNode::Node(n) => graph.with_value(|g| {
                let id = g.node(*n).id.clone();
                info.with_value(|inf| inf.get(&id).and_then(|x| build::node_href(&id, x)))
            }),
            _ => None,
        }
    };

    // Escape closes the side panel wherever focus is (a re-render may have replaced the
    // focused node), for as long as the graph is on the page.
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            selected.set(None);
        }
    });
    on_cleanup(move || escape.remove());

    let export_svg = move |_| {
        let v = view_memo.get_untracked();
        let l = layout_memo.get_untracked();
        let text = graph.with_value(|g| export::to_svg(g, &v, &l));
        download("lineage.svg", &text);
    };

    // Hover paths, computed once per hover.
    let lit = Memo::new(move |_| {
        let h = hovered.get()?;
        Some(view_memo.with(|v| hover::connected(v, h)))
    });
    // The drawn nodes (those on screen), keyed so that hover, selection and panning update
    // attributes in place (keeping keyboard focus) instead of redrawing.
    let items = Memo::new(move |_| {
        let v = view_memo.get();
        let l = layout_memo.get();
        let t = transform.get();
        let (vw, vh) = viewport.get();
        let focus = data.with(|d| d.focus);
        graph.with_value(|g| {
            v.nodes
                .iter()
                .enumerate()
                .filter(|(i, _)| l.nodes.get(*i).is_some_and(|r| t.shows(r, vw, vh)))
                .map(|(i, n)| {
                    let r = l.nodes[i];
                    let (node_id, aliases, type_name) = match n {
                        ViewNode::Node(x) => {
                            let nd = g.node(*x);
                            (nd.id.clone(), nd.aliases.clone(), nd.type_name.clone())
                        }
                        ViewNode::Cluster { type_name, .. } | ViewNode::Type { type_name, .. } => {
                            (String::new(), Vec::new(), type_name.clone())
                        }
                    };
                    NodeItem {
                        i,
                        key: v.keys[i].clone(),
                        x: (r.x * 10.0).round() as i64,
                        y: (r.y * 10.0).round() as i64,
                        kind: export::view_kind(g, n),
                        shape: match n {
                            ViewNode::Node(_) => "node",
                            ViewNode::Cluster { .. } => "cluster",
                            ViewNode::Type { .. } => "type",
                        },
                        label: export::fit_label(&view::label(g, n), export::LABEL_CHARS),
                        sub: export::fit_label(&export::sub_label(g, n), export::LABEL_CHARS + 4),
                        aria: view::aria_label(g, n),
                        aliases,
                        node_id,
                        type_name,
                        members: n.members().len(),
                        href: href_of(&v, i),
                        focus: matches!(n, ViewNode::Node(x) if Some(*x) == focus),
                    }
                })
                .collect::<Vec<_>>()
        })
    });

    let nodes_view = move || {
        view! {
            <For
                each=move || items.get()
                key=|it: &NodeItem| it.clone()
                children=move |it: NodeItem| {
                    let i = it.i;
                    let k1 = it.key.clone();
                    let k2 = it.key.clone();
                    let k3 = it.key.clone();
                    let h2 = it.href.clone();
                    let rx = if it.kind == NodeKind::Run { 3.0 } else { 16.0 };
                    let clip = format!("lc{canvas_id}-{i}");
                    let base = format!(
                        "lnode {} {}{}",
                        kind_class(it.kind),
                        it.shape,
                        if it.focus { " focus" } else { "" }
                    );
                    let class = move || {
                        let dim = lit.with(|l| l.as_ref().is_some_and(|on| !on.get(i).copied().unwrap_or(false)));
                        let sel = selected.with(|s| s.as_deref() == Some(k3.as_str()));
                        format!("{base}{}{}", if dim { " dim" } else { "" }, if sel { " selected" } else { "" })
                    };
                    view! {
                        <g
                            class=class
                            transform=format!("translate({:.1},{:.1})", it.x as f64 / 10.0, it.y as f64 / 10.0)
                            role="button"
                            tabindex="0"
                            aria-label=it.aria.clone()
                            data-node-id=it.node_id.clone()
                            data-kind=kind_class(it.kind)
                            data-type=it.type_name.clone()
                            on:mouseenter=move |_| hovered.set(Some(i))
                            on:mouseleave=move |_| hovered.set(None)
                            on:focus=move |_| hovered.set(Some(i))
                            on:blur=move |_| hovered.set(None)
                            on:click=move |ev| {
                                ev.stop_propagation();
                                selected.set(Some(k1.clone()));
                            }
                            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                match ev.key().as_str() {
                                    "Enter" => {
                                        ev.prevent_default();
                                        match &h2 {
                                            Some(h) => on_open.run(h.clone()),
                                            None => selected.set(Some(k2.clone())),
                                        }
                                    }
                                    " " => {
                                        ev.prevent_default();
                                        selected.set(Some(k2.clone()));
                                    }
                                    _ => {}
                                }
                            }
                        >
                            <clipPath id=clip.clone()>
                                <rect x="6" y="0" width=format!("{:.0}", NODE_WIDTH - 12.0) height=format!("{NODE_HEIGHT:.0}")></rect>
                            </clipPath>
                            <rect class="lnode-shape" width=format!("{NODE_WIDTH:.0}") height=format!("{NODE_HEIGHT:.0}") rx=rx.to_string()></rect>
                            <g clip-path=format!("url(#{clip})")>
                                <text class="lnode-sub" x="10" y="18">{it.sub.clone()}</text>
                                <text class="lnode-label" x="10" y="36">{it.label.clone()}</text>
                                {(!it.aliases.is_empty()).then(|| view! {
                                    <text class="lnode-alias" x="10" y="48">{it.aliases.join("  ")}</text>
                                })}
                            </g>
                        </g>
                    }
                }
            />
        }
    };

    let edges_view = move || {
        let v = view_memo.get();
        let l: Layout = layout_memo.get();
        let lit = lit.get();
        v.edges
            .iter()
            .zip(&l.edges)
            .map(|(e, pts)| {
                let d = export::path_d(pts);
                let on = lit.as_ref().map(|on| on[e.from] && on[e.to]);
                let class = match on {
                    Some(true) => "ledge lit",
                    Some(false) => "ledge dim",
                    None => "ledge",
                };
                let mid = export::label_point(pts);
                view! {
                    <path class=class d=d stroke-dasharray=if e.inferred { "5 4" } else { "" } marker-end="url(#lineage-arrow)"></path>
                    {e.label.clone().zip(mid).map(|(t, (x, y))| view! {
                        <text class="ledge-label" x=format!("{x:.1}") y=format!("{:.1}", y - 4.0) text-anchor="middle">{export::fit_label(&t, 18)}</text>
                    })}
                }
            })
            .collect_view()
    };

    let panel = move || {
        let key = selected.get()?;
        let v = view_memo.get();
        let i = v.index_of_key(&key)?;
        let node = v.nodes[i].clone();
        let href = href_of(&v, i);
        Some(graph.with_value(|g| match &node {
            ViewNode::Node(n) => {
                let nd = g.node(*n).clone();
                let inf = info.with_value(|x| x.get(&nd.id).cloned());
                view! {
                    <aside class="lineage-panel" aria-label="Selected node">
                        <h2>{view::aria_label(g, &node)}</h2>
                        <dl>
                            <dt>"Kind"</dt><dd>{nd.kind.as_str()}</dd>
                            <dt>"Type"</dt><dd>{nd.type_name.clone()}</dd>
                            <dt>"Id"</dt><dd class="mono">{nd.id.clone()}</dd>
                            {inf.as_ref().map(|x| view! {
                                <dt>"Status"</dt><dd>{x.status.clone()}</dd>
                                <dt>"Created"</dt><dd><crate::components::RelTime t=x.created/></dd>
                            })}
                            {(!nd.aliases.is_empty()).then(|| view! {
                                <dt>"Aliases"</dt>
                                <dd>{nd.aliases.iter().map(|a| view! { <span class="chip">{a.clone()}</span> " " }).collect_view()}</dd>
                            })}
                        </dl>
                        {href.map(|h| view! { <a class="lineage-open" href=h>{format!("Open {}", nd.label)}</a> })}
                        <button type="button" on:click=move |_| selected.set(None)>"Close"</button>
                    </aside>
                }
                .into_any()
            }
            ViewNode::Cluster { .. } | ViewNode::Type { .. } => {
                let is_cluster = matches!(node, ViewNode::Cluster { .. });
                let query = RwSignal::new(String::new());
                let node2 = node.clone();
                view! {
                    <aside class="lineage-panel" aria-label="Selected group">
                        <h2>{view::aria_label(g, &node)}</h2>
                        <input type="search" placeholder="Search members" aria-label="Search members"
                            prop:value=move || query.get()
                            on:input=move |ev| query.set(event_target_value(&ev))/>
                        <ul class="lineage-members">
                            {move || graph.with_value(|g| {
                                view::cluster_members_matching(g, &node2, &query.get())
                                    .into_iter()
                                    .take(200)
                                    .map(|m| {
                                        let nd = g.node(m).clone();
                                        let id = nd.id.clone();
                                        view! {
                                            <li>
                                                <span>{nd.label.clone()}</span>
                                                {is_cluster.then(|| view! {
                                                    <button type="button" aria-label=format!("Pull {} out of the cluster", nd.label)
                                                        on:click=move |_| pulled.update(|p| { p.insert(id.clone()); })>"Pull out"</button>
                                                })}
                                            </li>
                                        }
                                    })
                                    .collect_view()
                            })}
                        </ul>
                        <button type="button" on:click=move |_| selected.set(None)>"Close"</button>
                    </aside>
                }
                .into_any()
            }
        }))
    };

    view! {
        <div class="lineage-body">
            <div class="lineage-stage">
                <div class="lineage-zoom" role="group" aria-label="Zoom">
                    <button type="button" aria-label="Zoom in" on:click=move |_| zoom_by(1.25)>"+"</button>
                    <button type="button" aria-label="Zoom out" on:click=move |_| zoom_by(0.8)>"−"</button>
                    <button type="button" aria-label="Fit to screen" on:click=move |_| fit()>"Fit"</button>
                    <button type="button" aria-label="Export as SVG" on:click=export_svg>"Export .svg"</button>
                    <Show when=move || !pulled.get().is_empty()>
                        <button type="button" on:click=move |_| pulled.set(HashSet::new())>"Regroup"</button>
                    </Show>
                </div>
                <svg
                    node_ref=svg_ref
                    class="lineage-svg"
                    role="group"
                    aria-label="Lineage graph"
                    on:wheel=move |ev: leptos::ev::WheelEvent| {
                        ev.prevent_default();
                        let (x, y) = local_point(ev.client_x() as f64, ev.client_y() as f64);
                        let factor = if ev.delta_y() < 0.0 { 1.15 } else { 1.0 / 1.15 };
                        user_moved.set_value(true);
                        transform.update(|t| *t = t.zoom_at(factor, x, y));
                    }
                    on:pointerdown=move |ev: leptos::ev::PointerEvent| {
                        if ev.button() == 0 {
                            measure();
                            drag.set_value(Some((ev.client_x() as f64, ev.client_y() as f64, transform.get_untracked())));
                        }
                    }
                    on:pointermove=move |ev: leptos::ev::PointerEvent| {
                        if let Some((x0, y0, t0)) = drag.get_value() {
                            let (dx, dy) = (ev.client_x() as f64 - x0, ev.client_y() as f64 - y0);
                            if dx.abs() + dy.abs() > 2.0 {
                                user_moved.set_value(true);
                                transform.set(Transform { x: t0.x + dx, y: t0.y + dy, k: t0.k });
                            }
                        }
                    }
                    on:pointerup=move |_| drag.set_value(None)
                    on:pointerleave=move |_| drag.set_value(None)
                >
                    <defs>
                        <marker id="lineage-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">
                            <path d="M0,0 L10,5 L0,10 z" class="arrowhead"></path>
                        </marker>
                    </defs>
                    <g transform=move || { let t = transform.get(); format!("translate({:.1},{:.1}) scale({:.4})", t.x, t.y, t.k) }>
                        <g class="ledges">{edges_view}</g>
                        <g class="lnodes">{nodes_view}</g>
                    </g>
                </svg>
                <ul class="lineage-legend" aria-label="Legend">
                    <li><span class="swatch run"></span>"Run"</li>
                    <li><span class="swatch artifact"></span>"Artifact"</li>
                    <li><span class="swatch dashed"></span>"Inferred (from a dataset source)"</li>
                </ul>
            </div>
            {panel}
        </div>
    }
}

/// Offers `text` as a file download.
fn download(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("image/svg+xml");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Some(a) = doc
            .create_element("a")
            .ok()
            .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        {
            a.set_href(&url);
            a.set_download(name);
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
