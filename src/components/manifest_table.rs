//! The manifest table: a real `<table>` with a sticky header inside a scroll container,
//! virtualised (only the rows in view plus [`OVERSCAN`] on each side are in the DOM, with
//! spacer rows standing in for the rest, see [`manifest::window`]). Columns: name/path, size
//! (human-readable, exact bytes on hover), digest, ref, extras, download. Without a filter it
//! shows one folder (breadcrumb drill-down, subfolders first with their totals); with a
//! filter (substring or glob) the matching files of every folder, by full path.
//!
//! The table keeps no state of its own: folder, filter, sort and selection come in as
//! signals (the files view keeps them in the URL) and links are built by the `href` callback.

use crate::hooks::use_client;
use crate::manifest::{self, format, Manifest, Query, Row, SortDir, SortKey};
use crate::mlflow::client::{BlobFile, Client};
use crate::preview::SIGNED_IN_DOWNLOAD_LIMIT;
use crate::routes::Query as Q;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Every row is exactly this tall (CSS sets the same height), so windowing is arithmetic.
pub const ROW_HEIGHT_PX: f64 = 32.0;
/// Rows rendered above and below the visible ones.
pub const OVERSCAN: usize = 8;

// Icons are static markup of our own (never server data), so `inner_html` is safe and keeps
// the per-row view code small.
const ICON_COPY: &str = r#"<svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true"><rect x="5" y="5" width="9" height="9" rx="1" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M3 11V3h8" fill="none" stroke="currentColor" stroke-width="1.5"/></svg>"#;
const ICON_DONE: &str = r#"<svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true"><path d="M3 8l3 3 7-7" fill="none" stroke="currentColor" stroke-width="2"/></svg>"#;
const ICON_DOWNLOAD: &str = r#"<svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true"><path d="M8 2v9M4 7l4 4 4-4M3 14h10" fill="none" stroke="currentColor" stroke-width="1.5"/></svg>"#;

/// `"size"` sorts by size, anything else by path.
pub fn sort_key(text: &str) -> SortKey {
    if text == "size" {
        SortKey::Size
    } else {
        SortKey::Path
    }
}

/// `"desc"` is descending, anything else ascending.
pub fn sort_dir(text: &str) -> SortDir {
    if text == "desc" {
        SortDir::Desc
    } else {
        SortDir::Asc
    }
}

/// Copies text with `navigator.clipboard`; a refusal (no permission, no focus) is ignored.
pub fn copy_to_clipboard(text: &str) {
    if let Some(w) = web_sys::window() {
        let promise = w.navigator().clipboard().write_text(text);
        leptos::task::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}

/// A small button copying `text`, labelled `Copy <what>`.
#[component]
pub fn CopyButton(#[prop(into)] what: String, #[prop(into)] text: String) -> impl IntoView {
    let copied = RwSignal::new(false);
    let label = format!("Copy {what}");
    view! {
        <button
            type="button"
            class="copy-btn"
            aria-label=label.clone()
            title=label
            on:click=move |_| {
                copy_to_clipboard(&text);
                copied.set(true);
            }
        >
            <span class="icon" inner_html=move || if copied.get() { ICON_DONE } else { ICON_COPY }></span>
        </button>
    }
}

/// Saves a downloaded blob under `name`: a temporary `<a download>` clicked, and the `blob:`
/// URL kept a minute for the browser to read it (revoked when the last clone drops).
fn save_blob(file: BlobFile, name: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(a) = doc.create_element("a").and_then(|e| {
        e.dyn_into::<web_sys::HtmlAnchorElement>()
            .map_err(Into::into)
    }) {
        a.set_href(file.url.as_str());
        a.set_download(name);
        a.set_rel("external noopener");
        a.click();
    }
    let keep = Closure::once_into_js(move || drop(file));
    if let Some(w) = web_sys::window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(keep.unchecked_ref(), 60_000);
    }
}

/// The download control of a file row. Without sign-in a plain link: the browser streams
/// the file, whatever its size. Signed in, a link cannot carry the `Authorization` header, so
/// a button fetches the file with it (progress shown) into a `blob:` URL and saves that; a
/// file over [`SIGNED_IN_DOWNLOAD_LIMIT`] (it would sit in memory) is refused with the reason,
/// in `note`.
#[component]
fn DownloadLink(
    url: String,
    name: String,
    size: Option<u64>,
    client: Signal<Client>,
    note: RwSignal<Option<String>>,
) -> impl IntoView {
    let progress = RwSignal::new(None::<String>);
    let signed_in = move || client.with(|c| c.authorization.is_some());
    let label = format!("Download {name}");
    let too_big = {
        let name = name.clone();
        move |bytes: u64| {
            format!(
            "{name} is {}: files over {} cannot be downloaded while signed in (the browser would \
             hold the whole file in memory to add the credentials). Copy its download URL and \
             fetch it with your MLflow credentials, e.g. curl -u USER -O URL.",
            format::human_bytes(bytes),
            format::human_bytes(SIGNED_IN_DOWNLOAD_LIMIT)
        )
        }
    };
    let start = {
        let (url, name) = (url.clone(), name.clone());
        move |_| {
            if progress.get_untracked().is_some() {
                return;
            }
            if let Some(s) = size.filter(|&s| s > SIGNED_IN_DOWNLOAD_LIMIT) {
                note.set(Some(too_big(s)));
                return;
            }
            let c = client.get_untracked();
            let (url, name) = (url.clone(), name.clone());
            let too_big = too_big.clone();
            progress.set(Some("0%".into()));
            leptos::task::spawn_local(async move {
                let shown = |read: u64, total: Option<u64>| {
                    let text = match total.or(size) {
                        Some(t) if t > 0 => format!("{}%", (read.saturating_mul(100) / t).min(100)),
                        _ => format::human_bytes(read),
                    };
                    let _ = progress.try_set(Some(text));
                };
                let outcome = c
                    .fetch_blob(
                        &url,
                        SIGNED_IN_DOWNLOAD_LIMIT,
                        "application/octet-stream",
                        &shown,
                    )
                    .await;
                let _ = progress.try_set(None);
                match outcome {
                    Ok(file) if file.complete => {
                        let _ = note.try_set(None);
                        save_blob(file, &name);
                    }
                    Ok(file) => {
                        let _ = note.try_set(Some(too_big(file.total.unwrap_or(file.bytes))));
                    }
                    Err(crate::mlflow::ApiError::Cancelled) => {}
                    Err(e) => {
                        let _ =
                            note.try_set(Some(format!("Could not download {name}: {}", e.title())));
                    }
                }
            });
        }
    };
    move || {
        if signed_in() {
            view! {
                <button
                    type="button"
                    class="download-link"
                    aria-label=label.clone()
                    title=label.clone()
                    aria-busy=move || progress.get().is_some().to_string()
                    on:click=start.clone()
                >
                    {move || match progress.get() {
                        Some(p) => view! { <span class="download-progress">{p}</span> }.into_any(),
                        None => view! { <span class="icon" inner_html=ICON_DOWNLOAD></span> }.into_any(),
                    }}
                </button>
            }
            .into_any()
        } else {
            view! {
                <a href=url.clone() class="download-link" download=name.clone() rel="external noopener" aria-label=label.clone()><span class="icon" inner_html=ICON_DOWNLOAD></span></a>
            }
            .into_any()
        }
    }
}

/// The rows for the current folder / filter / sort.
pub fn table_rows(
    m: &Manifest,
    folder: &str,
    filter: &str,
    key: SortKey,
    dir: SortDir,
) -> Vec<Row> {
    let query = Query::parse(filter);
    if matches!(query, Query::All) {
        let id = m.folder_by_path(folder).unwrap_or(manifest::ROOT);
        m.folder_rows(id, key, dir)
    } else {
        let sorted = m.sorted(key, dir);
        m.filter_rows(&sorted, &query)
            .into_iter()
            .map(Row::File)
            .collect()
    }
}

#[component]
pub fn ManifestTable(
    manifest: Arc<Manifest>,
    /// Open folder (normalised path, `""` for the top level).
    #[prop(into)]
    folder: Signal<String>,
    #[prop(into)] filter: Signal<String>,
    /// `path` or `size`.
    #[prop(into)]
    sort: Signal<String>,
    /// `asc` or `desc`.
    #[prop(into)]
    dir: Signal<String>,
    /// Path of the selected file.
    #[prop(into)]
    selected: Signal<String>,
    /// An app URL with these query parameters replaced (empty value removes one).
    href: Callback<Vec<(Q, String)>, String>,
    /// The download URL of a file path, when MLflow can serve it.
    file_url: Callback<String, Option<String>>,
    /// Called with the filter text as the user types.
    on_filter: Callback<String>,
    /// What the files are of, for labels (`run 1a2b…`).
    #[prop(into, default = "artifact".to_string())]
    label: String,
    /// Height of the scroll container (its max-height; rows in view are computed for it).
    #[prop(default = 480.0)]
    height_px: f64,
) -> impl IntoView {
    let m = manifest.clone();
    let rows = Memo::new(move |_| {
        Arc::new(table_rows(
            &m,
            &folder.get(),
            &filter.get(),
            sort_key(&sort.get()),
            sort_dir(&dir.get()),
        ))
    });
    let scroll_top = RwSignal::new(0.0f64);
    let container = NodeRef::<leptos::html::Div>::new();
    // A new folder or filter starts at the top.
    Effect::new(move |_| {
        folder.track();
        filter.track();
        scroll_top.set(0.0);
        if let Some(el) = container.get_untracked() {
            el.set_scroll_top(0);
        }
    });
    let win = Memo::new(move |_| {
        manifest::window(
            rows.with(|r| r.len()),
            ROW_HEIGHT_PX,
            height_px,
            scroll_top.get(),
            OVERSCAN,
        )
    });
    let filtering = move || !matches!(Query::parse(&filter.get()), Query::All);

    let m = manifest.clone();
    let crumbs = move || {
        if filtering() {
            return view! {
                <p class="files-crumbs muted">{move || format!("Files matching “{}” in every folder", filter.get())}</p>
            }
            .into_any();
        }
        let id = m.folder_by_path(&folder.get()).unwrap_or(manifest::ROOT);
        let trail = m.breadcrumbs(id);
        let last = trail.len() - 1;
        view! {
            <nav class="files-crumbs" aria-label="Folder">
                <ol>
                    {trail.into_iter().enumerate().map(|(i, c)| {
                        let name = if c.name.is_empty() { "Top level".to_string() } else { c.name.clone() };
                        if i == last {
                            view! { <li aria-current="location">{name}</li> }.into_any()
                        } else {
                            let link = href.run(vec![(Q::Path, c.path.clone()), (Q::File, String::new())]);
                            view! { <li><a href=link>{name}</a></li> }.into_any()
                        }
                    }).collect_view()}
                </ol>
            </nav>
        }
        .into_any()
    };

    let sort_header = move |key: &'static str, title: &'static str, class: &'static str| {
        let active = move || sort_key(&sort.get()) == sort_key(key);
        let aria = move || match (active(), sort_dir(&dir.get())) {
            (false, _) => "none",
            (true, SortDir::Asc) => "ascending",
            (true, SortDir::Desc) => "descending",
        };
        let link = move || {
            let next = if active() && sort_dir(&dir.get()) == SortDir::Asc {
                "desc"
            } else {
                "asc"
            };
            href.run(vec![(Q::Sort, key.to_string()), (Q::Dir, next.to_string())])
        };
        view! {
            <th scope="col" class=class aria-sort=aria>
                <a href=link class="sort-link" aria-label=format!("Sort by {title}")>
                    {title}
                    <span aria-hidden="true">{move || match aria() { "ascending" => " ▲", "descending" => " ▼", _ => "" }}</span>
                </a>
            </th>
        }
    };

    let client = use_client();
    // why a download did not happen (too big while signed in, a failed fetch)
    let download_note = RwSignal::new(None::<String>);
    let m = manifest.clone();
    let body = move || {
        let w = win.get();
        let rows = rows.get();
        let flat = filtering();
        let sel = selected.get();
        let visible = rows.get(w.rows.clone()).unwrap_or(&[]);
        let first = w.rows.start;
        let dl = Download {
            client,
            note: download_note,
        };
        let rendered = visible
            .iter()
            .enumerate()
            .map(|(i, row)| render_row(&m, *row, first + i + 2, flat, &sel, href, file_url, dl))
            .collect_view();
        view! {
            <tr class="spacer" aria-hidden="true"><td colspan="6" style:height=format!("{}px", w.top_px)></td></tr>
            {rendered}
            <tr class="spacer" aria-hidden="true"><td colspan="6" style:height=format!("{}px", w.bottom_px)></td></tr>
        }
    };

    let empty = move || {
        rows.with(|r| r.is_empty()).then(|| {
            let text = if filtering() {
                "No file matches this filter."
            } else {
                "This folder is empty."
            };
            view! { <p class="empty">{text}</p> }
        })
    };

    view! {
        <div class="manifest-table">
            <div class="toolbar">
                <input
                    type="search"
                    class="filter"
                    placeholder="Filter files: text or glob (*.png, data/**/*.csv)"
                    aria-label=format!("Filter files of {label}")
                    prop:value=move || filter.get()
                    on:input=move |ev| on_filter.run(event_target_value(&ev))
                />
                <span class="muted row-count" role="status">
                    {move || {
                        let n = rows.with(|r| r.len()) as u64;
                        if filtering() {
                            format!("{} matching file{}", format::thousands(n), if n == 1 { "" } else { "s" })
                        } else {
                            format!("{} item{}", format::thousands(n), if n == 1 { "" } else { "s" })
                        }
                    }}
                </span>
            </div>
            {crumbs}
            {move || download_note.get().map(|n| view! {
                <p class="notice download-note" role="status">
                    {n}
                    " "
                    <button type="button" class="copy-btn" aria-label="Dismiss" on:click=move |_| download_note.set(None)>"✕"</button>
                </p>
            })}
            <div
                class="manifest-scroll"
                node_ref=container
                style:max-height=format!("{height_px}px")
                style:overflow="auto"
                on:scroll=move |ev| {
                    if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                        scroll_top.set(el.scroll_top() as f64);
                    }
                }
            >
                <table class="data-table files-table" aria-label=format!("Files of {label}") aria-rowcount=move || rows.with(|r| r.len()) + 1>
                    <thead>
                        <tr aria-rowindex="1">
                            {sort_header("path", "Name", "col-name")}
                            {sort_header("size", "Size", "num col-size")}
                            <th scope="col" class="col-digest">"Digest"</th>
                            <th scope="col" class="col-ref">"Ref"</th>
                            <th scope="col" class="col-extra">"Extras"</th>
                            <th scope="col" class="col-dl"><span class="visually-hidden">"Download"</span></th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
                {empty}
            </div>
        </div>
    }
}

/// What a row's download control needs.
#[derive(Clone, Copy)]
struct Download {
    client: Signal<Client>,
    note: RwSignal<Option<String>>,
}

#[allow(clippy::too_many_arguments)]
fn render_row(
    m: &Manifest,
    row: Row,
    aria_index: usize,
    flat: bool,
    selected: &str,
    href: Callback<Vec<(Q, String)>, String>,
    file_url: Callback<String, Option<String>>,
    dl: Download,
) -> AnyView {
    match row {
        Row::Folder(id) => {
            let Some(f) = m.folder(id) else {
                return ().into_any();
            };
            let path = m.folder_path(id);
            let link = href.run(vec![(Q::Path, path.clone()), (Q::File, String::new())]);
            let files = f.total_files();
            let bytes = f.total_bytes();
            view! {
                <tr class="folder-row" data-folder=path aria-rowindex=aria_index>
                    <th scope="row" class="col-name">
                        <a href=link class="folder-link"><span aria-hidden="true">"▸ "</span>{f.name().to_string()}"/"</a>
                    </th>
                    <td class="num" title=format::exact_bytes(bytes)>{format::human_bytes(bytes)}</td>
                    <td></td>
                    <td></td>
                    <td class="muted">{format!("{} file{}", format::thousands(files), if files == 1 { "" } else { "s" })}</td>
                    <td></td>
                </tr>
            }
            .into_any()
        }
        Row::File(i) => {
            let Some(e) = m.entry(i) else {
                return ().into_any();
            };
            let shown = if flat {
                e.path.clone()
            } else {
                m.file_name(i).to_string()
            };
            let is_selected = e.path == selected;
            let link = href.run(vec![(Q::File, e.path.clone())]);
            let download = file_url.run(e.path.clone());
            let size_title = e
                .size
                .map(format::exact_bytes)
                .unwrap_or_else(|| "size unknown".into());
            let extras = e
                .extra
                .iter()
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let name = m.file_name(i).to_string();
            view! {
                <tr class="file-row" class:selected=is_selected data-path=e.path.clone() aria-selected=is_selected.to_string() aria-rowindex=aria_index>
                    <th scope="row" class="col-name">
                        <a href=link class="file-link" title=e.path.clone() aria-current=is_selected.then_some("true")>{shown}</a>
                        <CopyButton what=format!("path of {name}") text=e.path.clone()/>
                    </th>
                    <td class="num" title=size_title>{format::human_size(e.size)}</td>
                    <td class="mono clip col-digest">
                        {e.digest.clone().map(|d| view! {
                            <span title=d.clone()>{d.clone()}</span>
                            <CopyButton what=format!("digest of {name}") text=d/>
                        })}
                    </td>
                    <td class="mono clip col-ref">
                        {e.ref_uri.clone().map(|r| view! {
                            <span class="ref-uri" title=r.clone()>{r.clone()}</span>
                            <CopyButton what=format!("URI of {name}") text=r/>
                        })}
                    </td>
                    <td class="clip muted">{extras}</td>
                    <td class="col-dl">
                        {download.map(|url| view! {
                            <DownloadLink url=url.clone() name=name.clone() size=e.size client=dl.client note=dl.note/>
                            <CopyButton what=format!("download URL of {name}") text=url/>
                        })}
                    </td>
                </tr>
            }
            .into_any()
        }
    }
}
