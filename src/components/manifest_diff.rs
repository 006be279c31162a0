//! `<ManifestDiffView old new/>`: the file diff of two versions (added, removed, changed by
//! size or digest), standalone so compare pages can embed it.

use crate::manifest::{self, format, Manifest};
use leptos::prelude::*;
use std::sync::Arc;

/// At most this many rows per kind of change are listed.
const MAX_ROWS: usize = 2_000;

#[component]
pub fn ManifestDiffView(
    old: Arc<Manifest>,
    new: Arc<Manifest>,
    /// Names of the two sides for labels (`run a`, `v3`).
    #[prop(into, default = "old".to_string())]
    old_label: String,
    #[prop(into, default = "new".to_string())] new_label: String,
) -> impl IntoView {
    let d = manifest::diff(&old, &new);
    let summary = format!(
        "{} added · {} removed · {} changed · {} unchanged",
        format::thousands(d.added.len() as u64),
        format::thousands(d.removed.len() as u64),
        format::thousands(d.changed.len() as u64),
        format::thousands(d.unchanged as u64),
    );
    let size = |m: &Manifest, row: u32| m.entry(row).and_then(|e| e.size);
    let cell = |s: Option<u64>| {
        let title = s.map(format::exact_bytes).unwrap_or_default();
        view! { <td class="num" title=title>{format::human_size(s)}</td> }
    };
    let mut rows = Vec::new();
    let mut cut = 0usize;
    for &r in &d.added {
        if rows.len() >= MAX_ROWS {
            cut += 1;
            continue;
        }
        let path = new.normalized_path(r).to_string();
        let key = path.clone();
        rows.push(
            view! {
                <tr class="diff-added" data-change="added" data-path=key>
                    <td><span class="diff-chip">"added"</span></td>
                    <th scope="row" class="mono">{path}</th>
                    <td class="num">"—"</td>
                    {cell(size(&new, r))}
                    <td></td>
                </tr>
            }
            .into_any(),
        );
    }
    for &r in &d.removed {
        if rows.len() >= 2 * MAX_ROWS {
            cut += 1;
            continue;
        }
        let path = old.normalized_path(r).to_string();
        let key = path.clone();
        rows.push(
            view! {
                <tr class="diff-removed" data-change="removed" data-path=key>
                    <td><span class="diff-chip">"removed"</span></td>
                    <th scope="row" class="mono">{path}</th>
                    {cell(size(&old, r))}
                    <td class="num">"—"</td>
                    <td></td>
                </tr>
            }
            .into_any(),
        );
    }
    for c in &d.changed {
        if rows.len() >= 3 * MAX_ROWS {
            cut += 1;
            continue;
        }
        let path = new.normalized_path(c.new).to_string();
        let key = path.clone();
        let what = match (c.size, c.digest) {
            (true, true) => "size and digest",
            (true, false) => "size",
            _ => "digest",
        };
        rows.push(
            view! {
                <tr class="diff-changed" data-change="changed" data-path=key>
                    <td><span class="diff-chip">"changed"</span></td>
                    <th scope="row" class="mono">{path}</th>
                    {cell(size(&old, c.old))}
                    {cell(size(&new, c.new))}
                    <td>{what}</td>
                </tr>
            }
            .into_any(),
        );
    }
    let empty = rows.is_empty();
    view! {
        <section class="manifest-diff" aria-label=format!("File changes from {old_label} to {new_label}")>
            <p class="diff-summary" role="status">{summary}</p>
            {if empty {
                view! { <p class="empty">"No file differences."</p> }.into_any()
            } else {
                view! {
                    <table class="data-table diff-table">
                        <thead>
                            <tr>
                                <th scope="col">"Change"</th>
                                <th scope="col">"Path"</th>
                                <th scope="col" class="num">{format!("Size ({old_label})")}</th>
                                <th scope="col" class="num">{format!("Size ({new_label})")}</th>
                                <th scope="col">"What changed"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                }.into_any()
            }}
            {(cut > 0).then(|| view! { <p class="muted">{format!("{} more changes not listed.", format::thousands(cut as u64))}</p> })}
        </section>
    }
}
