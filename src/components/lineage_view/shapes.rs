//! The nodes and edges the canvas draws. Each re-renders only when its own state changes:
//! hovering touches the nodes entering or leaving the hovered path and the edges between them
//! ([`PathMarks`]), selecting touches the old and the new selection, and panning only adds and
//! removes the nodes that cross the edge of the screen. `scripts/bench/lineage-hover` prints
//! what a hover costs.

use super::CanvasData;
use crate::lineage::export::{self, NODE_HEIGHT, NODE_WIDTH};
use crate::lineage::graph::NodeKind;
use crate::lineage::layout::{Layout, Rect};
use crate::lineage::view::{self, View, ViewNode};
use leptos::prelude::*;
use std::collections::HashMap;

/// One drawn node: everything its markup shows (the `For` key).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct NodeItem {
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

/// The nodes of `v` laid out in `l` that `shows` keeps (those on screen).
pub(super) fn node_items(
    d: &CanvasData,
    v: &View,
    l: &Layout,
    shows: impl Fn(&Rect) -> bool,
) -> Vec<NodeItem> {
    let g = &d.graph;
    v.nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| Some((i, n, l.nodes.get(i).filter(|r| shows(r))?)))
        .map(|(i, n, r)| {
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
                href: d.href(v, i),
                focus: matches!(n, ViewNode::Node(x) if Some(*x) == d.focus),
            }
        })
        .collect()
}

/// Whether each view node is on the hovered path, as one signal per drawn node.
///
/// With one signal for the whole path, every node and edge would wake on each hover. Here a
/// hover sets only the marks whose value changes, so only the nodes entering or leaving the
/// path, and the edges touching them, re-render. Off-path elements dim through one class on
/// the graph ([`PathMarks::hovering`]), so they are not touched either.
#[derive(Clone, Copy)]
pub(super) struct PathMarks {
    /// For each view node, whether it is on the hovered path; `None` when nothing is hovered.
    path: Memo<Option<Vec<bool>>>,
    hovering: Memo<bool>,
    /// Created on first read, so only drawn nodes have one; a view index keeps its mark
    /// across views (the path is recomputed for the new view).
    marks: StoredValue<HashMap<usize, ArcRwSignal<bool>>>,
}

fn on_path(path: &Option<Vec<bool>>, i: usize) -> bool {
    path.as_ref()
        .is_some_and(|on| on.get(i).copied().unwrap_or(false))
}

impl PathMarks {
    pub fn new(path: Memo<Option<Vec<bool>>>) -> Self {
        let marks = StoredValue::new(HashMap::<usize, ArcRwSignal<bool>>::new());
        let hovering = Memo::new(move |_| path.with(Option::is_some));
        Effect::new(move |_| {
            // collected first: no signal is set while the marks are borrowed
            let changed: Vec<(ArcRwSignal<bool>, bool)> = path.with(|p| {
                marks.with_value(|m| {
                    m.iter()
                        .filter_map(|(&i, mark)| {
                            let on = on_path(p, i);
                            (mark.get_untracked() != on).then(|| (mark.clone(), on))
                        })
                        .collect()
                })
            });
            for (mark, on) in changed {
                mark.set(on);
            }
        });
        PathMarks {
            path,
            hovering,
            marks,
        }
    }

    /// Whether anything is hovered (tracked).
    pub fn hovering(self) -> bool {
        self.hovering.get()
    }

    /// Whether view node `i` is on the hovered path; tracks node `i`'s mark only.
    pub fn is_on(self, i: usize) -> bool {
        let path = self.path;
        self.marks
            .try_update_value(|m| {
                m.entry(i)
                    .or_insert_with(|| ArcRwSignal::new(path.with_untracked(|p| on_path(p, i))))
                    .clone()
            })
            .is_some_and(|mark| mark.get())
    }
}

/// The drawn nodes, keyed by everything they show so that hover, selection and panning update
/// attributes in place (keeping keyboard focus) instead of redrawing.
#[component]
pub(super) fn LineageNodes(
    items: Memo<Vec<NodeItem>>,
    marks: PathMarks,
    hovered: RwSignal<Option<usize>>,
    selected: RwSignal<Option<String>>,
    on_open: Callback<String>,
    canvas_id: usize,
) -> impl IntoView {
    let is_selected = Selector::new(move || selected.get());
    view! {
        <For
            each=move || items.get()
            key=|it: &NodeItem| it.clone()
            children=move |it: NodeItem| {
                let i = it.i;
                let key = Some(it.key.clone());
                let (k1, k2) = (it.key.clone(), it.key.clone());
                let h2 = it.href.clone();
                let rx = if it.kind == NodeKind::Run { 3.0 } else { 16.0 };
                let clip = format!("lc{canvas_id}-{i}");
                let base = format!(
                    "lnode {} {}{}",
                    kind_class(it.kind),
                    it.shape,
                    if it.focus { " focus" } else { "" }
                );
                let is_selected = is_selected.clone();
                let class = move || {
                    let lit = if marks.is_on(i) { " lit" } else { "" };
                    let sel = if is_selected.selected(&key) { " selected" } else { "" };
                    format!("{base}{lit}{sel}")
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
}

/// The drawn edges, redrawn when the view or the layout changes. Each follows the marks of
/// its two ends: it is lit when both are on the hovered path.
#[component]
pub(super) fn LineageEdges(
    view: Memo<View>,
    layout: Memo<Layout>,
    marks: PathMarks,
) -> impl IntoView {
    move || {
        let v = view.get();
        let l = layout.get();
        v.edges
            .iter()
            .zip(&l.edges)
            .map(|(e, pts)| {
                let (from, to) = (e.from, e.to);
                let lit = Memo::new(move |_| marks.is_on(from) && marks.is_on(to));
                let class = move || if lit.get() { "ledge lit" } else { "ledge" };
                let mid = export::label_point(pts);
                view! {
                    <path
                        class=class
                        d=export::path_d(pts)
                        data-from=v.keys.get(from).cloned()
                        data-to=v.keys.get(to).cloned()
                        stroke-dasharray=if e.inferred { "5 4" } else { "" }
                        marker-end="url(#lineage-arrow)"
                    ></path>
                    {e.label.clone().zip(mid).map(|(t, (x, y))| view! {
                        <text class="ledge-label" x=format!("{x:.1}") y=format!("{:.1}", y - 4.0) text-anchor="middle">{export::fit_label(&t, 18)}</text>
                    })}
                }
            })
            .collect_view()
    }
}
