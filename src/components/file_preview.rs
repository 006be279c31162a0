//! Preview of one file: text and code with line numbers, JSON pretty-printed, CSV as a table of
//! its first rows, images as an `<img>` of a `blob:` URL. Every file is fetched by the app's
//! client, with the session's `Authorization` header when signed in (an `<img src>` could not
//! send it, so images failed under sign-in). Size-guarded: files over [`AUTO_FETCH_LIMIT`]
//! (or of unknown size) are fetched only on an explicit click, and then only their first MB
//! (`Range`); images whole up to [`IMAGE_LIMIT`]. Binary content says so instead of showing
//! garbage. Content is always rendered as text, never as markup.

use crate::components::ErrorView;
use crate::hooks::use_client;
use crate::manifest::{format, ManifestEntry};
use crate::mlflow::client::Fetched;
use crate::mlflow::ApiError;
use crate::preview::{self, PreviewKind, AUTO_FETCH_LIMIT, IMAGE_LIMIT};
use leptos::prelude::*;

/// At most this many CSV rows and text lines are rendered.
const CSV_ROWS: usize = 50;
const TEXT_LINES: usize = 5_000;

#[component]
pub fn FilePreview(
    entry: ManifestEntry,
    /// The app-built download URL; `None` for external references.
    url: Option<String>,
) -> impl IntoView {
    let name = entry
        .path
        .rsplit('/')
        .find(|s| !s.is_empty())
        .unwrap_or(&entry.path)
        .to_string();
    let kind = preview::kind_for(&entry.path);
    let small = entry.size.is_some_and(|s| s <= AUTO_FETCH_LIMIT);
    let size_text = entry
        .size
        .map(|s| format!("{} ({})", format::human_bytes(s), format::exact_bytes(s)))
        .unwrap_or_else(|| "size unknown".into());

    let details = view! {
        <dl class="preview-meta">
            <dt>"Path"</dt><dd class="mono">{entry.path.clone()}</dd>
            <dt>"Size"</dt><dd>{size_text}</dd>
            {entry.digest.clone().map(|d| view! { <dt>"Digest"</dt><dd class="mono">{d}</dd> })}
            {entry.ref_uri.clone().map(|r| view! { <dt>"Ref"</dt><dd class="mono">{r}</dd> })}
            {entry.extra.iter().map(|(k, v)| view! {
                <dt>{k.clone()}</dt><dd><pre class="extra-value">{clip_chars(v, 4000)}</pre></dd>
            }).collect_view()}
        </dl>
    };

    let body = match url {
        None => view! {
            <p class="muted">"No preview: this entry refers to storage MLflow does not serve."</p>
        }
        .into_any(),
        Some(url) if kind == PreviewKind::Image => {
            let show = RwSignal::new(small);
            let alt = format!("Preview of {name}");
            let label = format!("Show image {name} ({})", format::human_size(entry.size));
            let too_big = entry.size.is_some_and(|s| s > IMAGE_LIMIT);
            let client = use_client();
            let mime = preview::image_mime(&entry.path);
            let image = LocalResource::new(move || {
                let go = show.get() && !too_big;
                let c = client.get();
                let url = url.clone();
                async move {
                    if go {
                        Some(c.fetch_blob(&url, IMAGE_LIMIT, mime, &|_, _| {}).await)
                    } else {
                        None
                    }
                }
            });
            let too_big_text = format!(
                "This image is over {}: too big to preview here. Download it to open it.",
                format::human_bytes(IMAGE_LIMIT)
            );
            view! {
                {move || match image.get() {
                    _ if too_big || image.get().is_some_and(|r| r.is_some_and(|r| r.is_ok_and(|f| !f.complete))) => view! {
                        <p class="notice" role="note">{too_big_text.clone()}</p>
                    }.into_any(),
                    _ if !show.get() => view! {
                        <p class="muted">"This image is over 1 MB or of unknown size; it is not loaded until you ask."</p>
                        <button type="button" class="load-preview" on:click=move |_| show.set(true)>{label.clone()}</button>
                    }.into_any(),
                    None | Some(None) => view! { <p class="muted" aria-busy="true">"Loading image…"</p> }.into_any(),
                    Some(Some(Err(ApiError::Cancelled))) => ().into_any(),
                    Some(Some(Err(e))) => view! { <ErrorView error=e on_retry=move |_| image.refetch()/> }.into_any(),
                    // the blob: URL lives as long as this view holds the file
                    Some(Some(Ok(file))) => view! {
                        <img class="preview-image" src=file.url.as_str().to_string() alt=alt.clone() data-bytes=file.bytes/>
                    }.into_any(),
                }}
            }
            .into_any()
        }
        Some(url) => {
            let requested = RwSignal::new(small);
            let client = use_client();
            let data = LocalResource::new(move || {
                let go = requested.get();
                let c = client.get();
                let url = url.clone();
                async move {
                    if go {
                        Some(c.fetch_bytes(&url, Some(AUTO_FETCH_LIMIT)).await)
                    } else {
                        None
                    }
                }
            });
            let button_label = format!("Load first 1 MB of {name}");
            let size = entry.size;
            view! {
                {move || match data.get() {
                    _ if !requested.get() => view! {
                        <p class="muted">
                            {match size {
                                Some(s) => format!("This file is {} — over 1 MB, so it is not fetched until you ask.", format::human_bytes(s)),
                                None => "This file's size is unknown, so it is not fetched until you ask.".to_string(),
                            }}
                        </p>
                        <button type="button" class="load-preview" aria-label=button_label.clone() on:click=move |_| requested.set(true)>
                            "Load first 1 MB"
                        </button>
                    }.into_any(),
                    None | Some(None) => view! { <p class="muted" aria-busy="true">"Loading preview…"</p> }.into_any(),
                    Some(Some(Err(ApiError::Cancelled))) => ().into_any(),
                    Some(Some(Err(e))) => view! { <ErrorView error=e on_retry=move |_| data.refetch()/> }.into_any(),
                    Some(Some(Ok(f))) => render_content(kind, &f, size).into_any(),
                }}
            }
            .into_any()
        }
    };

    view! {
        <section class="file-preview" aria-label=format!("Preview of {name}")>
            <h2 class="preview-title">{name.clone()}</h2>
            {details}
            <div class="preview-body">{body}</div>
        </section>
    }
}

fn clip_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

fn render_content(kind: PreviewKind, f: &Fetched, size: Option<u64>) -> impl IntoView {
    let total = f.total.or(size);
    let partial = total.is_some_and(|t| (f.bytes.len() as u64) < t);
    let note = if f.range_ignored {
        Some(format!(
            "The server ignored the range request and sent the whole file; showing its first {}.",
            format::human_bytes(f.bytes.len() as u64)
        ))
    } else if partial {
        Some(format!(
            "Showing the first {} of {}.",
            format::human_bytes(f.bytes.len() as u64),
            total.map(format::human_bytes).unwrap_or_default()
        ))
    } else {
        None
    };
    let note = note.map(|n| view! { <p class="notice partial-note" role="note">{n}</p> });
    if preview::is_binary(&f.bytes) {
        let text = format!(
            "Binary file — no preview ({} read). Download it to open it.",
            format::exact_bytes(f.bytes.len() as u64)
        );
        return view! { {note} <p class="binary-note" data-preview="binary">{text}</p> }.into_any();
    }
    let text = preview::text_of(&f.bytes);
    let content = match kind {
        PreviewKind::Json => match preview::pretty_json(&text) {
            Some(pretty) => {
                view! { <pre class="preview-json" data-preview="json"><code>{pretty}</code></pre> }
                    .into_any()
            }
            None => text_lines(&text),
        },
        PreviewKind::Csv => {
            let delim = if text
                .lines()
                .next()
                .is_some_and(|l| l.contains('\t') && !l.contains(','))
            {
                '\t'
            } else {
                ','
            };
            let (rows, more) = preview::csv_rows(&text, delim, CSV_ROWS + 1);
            let mut rows = rows.into_iter();
            let header = rows.next().unwrap_or_default();
            let body: Vec<Vec<String>> = rows.take(CSV_ROWS).collect();
            let shown = body.len();
            let more = more || shown == CSV_ROWS;
            view! {
                <table class="data-table preview-csv" data-preview="csv" aria-label="First rows of the CSV file">
                    <thead><tr>{header.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {body.into_iter().map(|r| view! {
                            <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {more.then(|| view! { <p class="muted">{format!("First {shown} rows shown.")}</p> })}
            }
            .into_any()
        }
        _ => text_lines(&text),
    };
    view! { {note} {content} }.into_any()
}

fn text_lines(text: &str) -> AnyView {
    let lines: Vec<String> = text.lines().take(TEXT_LINES).map(str::to_string).collect();
    let more = text.lines().nth(TEXT_LINES).is_some();
    view! {
        <ol class="preview-text" data-preview="text" aria-label="File contents with line numbers">
            {lines.into_iter().map(|l| view! { <li><code>{l}</code></li> }).collect_view()}
        </ol>
        {more.then(|| view! { <p class="muted">{format!("First {TEXT_LINES} lines shown.")}</p> })}
    }
    .into_any()
}
