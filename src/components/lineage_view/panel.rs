//! The side panel of the selected view node: a node's kind, type, id, status, aliases and a
//! link to its page; a cluster's or type's members, searchable, with "pull out" for clusters.

use super::CanvasData;
use crate::components::RelTime;
use crate::format::thousands;
use crate::lineage::view::{self, View, ViewNode};
use leptos::prelude::*;
use std::collections::HashSet;

/// Members listed at most; the list says when more match.
const MEMBERS_SHOWN: usize = 200;

/// The panel of the node whose view key is `selected`; nothing when none is. Close and Escape
/// (handled by the canvas) clear the selection; "Pull out" adds a member's id to `pulled`.
#[component]
pub(super) fn SidePanel(
    data: Signal<CanvasData>,
    view: Memo<View>,
    selected: RwSignal<Option<String>>,
    pulled: RwSignal<HashSet<String>>,
) -> impl IntoView {
    move || {
        let key = selected.get()?;
        let v = view.get();
        let i = v.index_of_key(&key)?;
        let node = v.nodes[i].clone();
        Some(data.with(|d| match &node {
            ViewNode::Node(n) => {
                let g = &d.graph;
                let nd = g.node(*n).clone();
                let inf = d.info.get(&nd.id).cloned();
                let href = d.href(&v, i);
                view! {
                    <aside class="lineage-panel" aria-label="Selected node">
                        <h2>{view::aria_label(g, &node)}</h2>
                        <dl>
                            <dt>"Kind"</dt><dd>{nd.kind.as_str()}</dd>
                            <dt>"Type"</dt><dd>{nd.type_name.clone()}</dd>
                            <dt>"Id"</dt><dd class="mono">{nd.id.clone()}</dd>
                            {inf.as_ref().map(|x| view! {
                                <dt>"Status"</dt><dd>{x.status.clone()}</dd>
                                <dt>"Created"</dt><dd><RelTime t=x.created/></dd>
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
                let group = node.clone();
                let matching = Memo::new(move |_| {
                    data.with(|d| view::cluster_members_matching(&d.graph, &group, &query.get()))
                });
                view! {
                    <aside class="lineage-panel" aria-label="Selected group">
                        <h2>{view::aria_label(&d.graph, &node)}</h2>
                        <input type="search" placeholder="Search members" aria-label="Search members"
                            prop:value=move || query.get()
                            on:input=move |ev| query.set(event_target_value(&ev))/>
                        <ul class="lineage-members">
                            {move || data.with(|d| matching.with(|ms| {
                                ms.iter()
                                    .take(MEMBERS_SHOWN)
                                    .map(|&m| {
                                        let nd = d.graph.node(m).clone();
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
                            }))}
                        </ul>
                        {move || {
                            let total = matching.with(Vec::len);
                            (total > MEMBERS_SHOWN).then(|| view! {
                                <p class="lineage-members-more">
                                    {format!(
                                        "Showing the first {MEMBERS_SHOWN} of {} matching members: search to find the others.",
                                        thousands(total as u64)
                                    )}
                                </p>
                            })
                        }}
                        <button type="button" on:click=move |_| selected.set(None)>"Close"</button>
                    </aside>
                }
                .into_any()
            }
        }))
    }
}
