//! Renders the tree from `crate::markdown` as elements, node by node: text stays text, links are
//! only the http(s) ones the parser let through (opened in a new tab without a referrer).

use crate::markdown::{self, Block, Inline};
use leptos::prelude::*;

/// A description rendered as Markdown. `heading_offset` shifts `#` levels so a description's
/// `# Title` does not compete with the page's own `<h1>` (default: `#` → `<h3>`).
#[component]
pub fn Markdown(
    #[prop(into)] source: String,
    #[prop(default = 2)] heading_offset: u8,
) -> impl IntoView {
    let blocks = markdown::parse(&source);
    view! { <div class="markdown" dir="auto">{render_blocks(blocks, heading_offset)}</div> }
}

/// The first heading or paragraph as one line of text (lists and tables of many items).
#[component]
pub fn MarkdownSummary(#[prop(into)] source: String) -> impl IntoView {
    let inlines = markdown::summary(&source);
    let title = markdown::plain(&inlines);
    view! { <span class="markdown-summary" dir="auto" title=title>{render_inlines(inlines)}</span> }
}

fn render_blocks(blocks: Vec<Block>, offset: u8) -> AnyView {
    blocks
        .into_iter()
        .map(|b| render_block(b, offset))
        .collect_view()
        .into_any()
}

fn render_block(b: Block, offset: u8) -> AnyView {
    match b {
        Block::Heading { level, content } => {
            let c = render_inlines(content);
            match (level + offset).min(6) {
                1 => view! { <h1>{c}</h1> }.into_any(),
                2 => view! { <h2>{c}</h2> }.into_any(),
                3 => view! { <h3>{c}</h3> }.into_any(),
                4 => view! { <h4>{c}</h4> }.into_any(),
                5 => view! { <h5>{c}</h5> }.into_any(),
                _ => view! { <h6>{c}</h6> }.into_any(),
            }
        }
        Block::Paragraph(content) => view! { <p>{render_inlines(content)}</p> }.into_any(),
        Block::Code { info, text } => {
            view! { <pre class="code" data-lang=info><code>{text}</code></pre> }.into_any()
        }
        Block::List {
            ordered,
            start,
            items,
        } => {
            let items = items
                .into_iter()
                .map(|item| view! { <li>{render_blocks(item, offset)}</li> })
                .collect_view();
            if ordered {
                view! { <ol start=start.to_string()>{items}</ol> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }
        }
        Block::Quote(inner) => {
            view! { <blockquote>{render_blocks(inner, offset)}</blockquote> }.into_any()
        }
        Block::Rule => view! { <hr/> }.into_any(),
    }
}

fn render_inlines(inlines: Vec<Inline>) -> AnyView {
    inlines
        .into_iter()
        .map(|i| match i {
            Inline::Text(t) => t.into_any(),
            Inline::Code(t) => view! { <code>{t}</code> }.into_any(),
            Inline::Emphasis(c) => view! { <em>{render_inlines(c)}</em> }.into_any(),
            Inline::Strong(c) => view! { <strong>{render_inlines(c)}</strong> }.into_any(),
            Inline::Link { href, content } => {
                // the parser emits only http(s); checked again here, where the attribute is set
                if markdown::is_safe_href(&href) {
                    view! { <a href=href rel="noopener noreferrer nofollow" target="_blank">{render_inlines(content)}</a> }.into_any()
                } else {
                    render_inlines(content)
                }
            }
            Inline::LineBreak => view! { <br/> }.into_any(),
        })
        .collect_view()
        .into_any()
}
