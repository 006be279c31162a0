//! [`LineageCanvas`]: the view (clusters, explode, types) and layout of a scoped graph, drawn as
//! SVG with pan, zoom, fit and `.svg` export, beside the side panel of the selected node.

use super::panel::SidePanel;
use super::shapes::{node_items, LineageEdges, LineageNodes, PathMarks};
use super::worker::LayoutWorker;
use crate::hooks::use_layout_worker_min;
use crate::lineage::build::{self, NodeInfo};
use crate::lineage::export;
use crate::lineage::graph::LineageGraph;
use crate::lineage::hover;
use crate::lineage::layout::job::LayoutJob;
use crate::lineage::layout::{Layout, LayoutOptions};
use crate::lineage::view::{self, build_view, View, ViewMode, ViewNode, ViewOptions};
use crate::lineage::viewport::Transform;
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};
use wasm_bindgen::JsCast;

/// What [`LineageCanvas`] draws: a (scoped) graph, its focus, and node details for links.
#[derive(Clone, Debug, Default)]
pub struct CanvasData {
    pub graph: LineageGraph,
    pub focus: Option<usize>,
    pub info: HashMap<String, NodeInfo>,
}

impl CanvasData {
    /// The app page of view node `i` of `view`, when it is one graph node with a known page.
    pub fn href(&self, view: &View, i: usize) -> Option<String> {
        match view.nodes.get(i)? {
            ViewNode::Node(n) => {
                let id = &self.graph.node(*n).id;
                self.info.get(id).and_then(|x| build::node_href(id, x))
            }
            _ => None,
        }
    }
}

/// Draws a (scoped) lineage graph. `on_open` receives the href of a node to open.
#[component]
pub fn LineageCanvas(
    #[prop(into)] data: Signal<CanvasData>,
    #[prop(into)] mode: Signal<ViewMode>,
    on_open: Callback<String>,
) -> impl IntoView {
    // Unique clip-path ids per canvas (several can be on one page).
    static CANVASES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let canvas_id = CANVASES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let pulled: RwSignal<HashSet<String>> = RwSignal::new(HashSet::new());
    let view_memo = Memo::new(move |_| {
        let opts = ViewOptions {
            mode: mode.get(),
            focus: data.with(|d| d.focus),
            pulled_out: pulled.get(),
            ..Default::default()
        };
        data.with(|d| build_view(&d.graph, &opts))
    });
    let previous: StoredValue<HashMap<String, (f64, f64)>> = StoredValue::new(HashMap::new());
    let remember = move |v: &View, l: &Layout| {
        previous.update_value(|p| {
            for (k, r) in v.keys.iter().zip(&l.nodes) {
                p.insert(k.clone(), r.center());
            }
        });
    };
    let job = move |v: &View, id: u64| LayoutJob {
        id,
        nodes: export::layout_nodes(v),
        edges: v.layout_edges(),
        options: LayoutOptions::default(),
        previous: previous.with_value(|p| view::previous_positions(v, p)),
    };
    // Large views are laid out in a Web Worker (see `worker`), so that the page keeps
    // scrolling and echoing keys meanwhile; the previous drawing stays until the answer comes.
    let worker_min = use_layout_worker_min();
    let worker_broken = RwSignal::new(false);
    let in_worker = move |v: &View| v.nodes.len() >= worker_min && !worker_broken.get();
    // the newest job sent, and the view it lays out
    let sent: StoredValue<Option<(u64, View)>> = StoredValue::new(None);
    let answered: RwSignal<Option<(View, Layout)>> = RwSignal::new(None);
    let worker = LayoutWorker::new(
        move |id, layout| {
            let Some(Some((_, v))) = sent.try_update_value(|s| s.take_if(|(i, _)| *i == id)) else {
                return; // an answer to an older job
            };
            remember(&v, &layout);
            answered.try_set(Some((v, layout)));
        },
        move || {
            worker_broken.try_set(true);
        },
    );
    // the handle is Send (the worker itself stays on this thread), as on_cleanup needs
    let stored = StoredValue::new_local(worker.clone());
    on_cleanup(move || stored.with_value(LayoutWorker::terminate));
    let next_id = StoredValue::new(0u64);
    Effect::new(move |_| {
        let v = view_memo.get();
        if !in_worker(&v) {
            return;
        }
        let id = next_id.get_value() + 1;
        next_id.set_value(id);
        let j = job(&v, id);
        sent.set_value(Some((id, v)));
        if !worker.post(&j) {
            worker_broken.set(true);
        }
    });
    // What is drawn: a view and its layout, always laid out together.
    let drawn = Memo::new(move |prev: Option<&(View, Layout)>| {
        let v = view_memo.get();
        if in_worker(&v) {
            let got = answered.with(|a| {
                a.as_ref()
                    .filter(|(av, _)| *av == v)
                    .map(|(_, l)| l.clone())
            });
            return match (got, prev) {
                (Some(l), _) => (v, l),
                (None, Some(p)) => p.clone(),
                (None, None) => (View::default(), Layout::default()),
            };
        }
        let l = job(&v, 0).run();
        remember(&v, &l);
        (v, l)
    });
    // still laying out the view asked for (the previous one is drawn meanwhile)
    let laying_out = Memo::new(move |_| drawn.with(|d| view_memo.with(|v| d.0 != *v)));
    let layout_memo = Memo::new(move |_| drawn.with(|d| d.1.clone()));
    let view_memo_asked = view_memo;
    let view_memo = Memo::new(move |_| drawn.with(|d| d.0.clone()));
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
        let text = data.with_untracked(|d| export::to_svg(&d.graph, &v, &l));
        download("lineage.svg", &text);
    };

    // The hovered path, computed once per hover; each node and edge follows its own mark.
    let path = Memo::new(move |_| {
        let h = hovered.get()?;
        Some(view_memo.with(|v| hover::connected(v, h)))
    });
    let marks = PathMarks::new(path);
    // Off-path nodes and edges dim through this one class (see style/lineage.css), so that a
    // hover leaves them untouched.
    let graph_class = move || {
        if marks.hovering() {
            "lgraph hovering"
        } else {
            "lgraph"
        }
    };
    // The drawn nodes (those on screen).
    let items = Memo::new(move |_| {
        let v = view_memo.get();
        let l = layout_memo.get();
        let t = transform.get();
        let (vw, vh) = viewport.get();
        data.with(|d| node_items(d, &v, &l, |r| t.shows(r, vw, vh)))
    });

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
                    aria-busy=move || laying_out.get().to_string()
                    data-layout=move || if laying_out.get() { "pending" } else { "ready" }
                    data-layout-in=move || if view_memo_asked.with(|v| in_worker(v)) { "worker" } else { "page" }
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
                    <g
                        class=graph_class
                        transform=move || { let t = transform.get(); format!("translate({:.1},{:.1}) scale({:.4})", t.x, t.y, t.k) }
                    >
                        <g class="ledges">
                            <LineageEdges view=view_memo layout=layout_memo marks=marks/>
                        </g>
                        <g class="lnodes">
                            <LineageNodes
                                items=items
                                marks=marks
                                hovered=hovered
                                selected=selected
                                on_open=on_open
                                canvas_id=canvas_id
                            />
                        </g>
                    </g>
                </svg>
                <Show when=move || laying_out.get()>
                    <p class="lineage-laying-out" role="status">{move || format!("Laying out {} nodes…", view_memo_asked.with(|v| v.nodes.len()))}</p>
                </Show>
                <ul class="lineage-legend" aria-label="Legend">
                    <li><span class="swatch run"></span>"Run"</li>
                    <li><span class="swatch artifact"></span>"Artifact"</li>
                    <li><span class="swatch dashed"></span>"Inferred (from a dataset source)"</li>
                </ul>
            </div>
            <SidePanel data=data view=view_memo selected=selected pulled=pulled/>
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
