//! Descriptions as Markdown, rendered safely: the parser returns a small tree ([`Block`],
//! [`Inline`]) that a component turns into elements one by one — never an HTML string. Raw HTML
//! in the source stays visible text; a link becomes a link only when its target is `http:` or
//! `https:` (anything else, `javascript:` included, stays text); images become links to the
//! image instead of loading it.
//!
//! It covers what descriptions use: ATX and setext headings, paragraphs, emphasis and strong
//! emphasis, code spans, fenced code, bullet and numbered lists, block quotes, rules, links,
//! `<https://…>` and bare `https://…` links, backslash escapes, common entities and hard
//! breaks. Not a full CommonMark parser: written here rather than taking `pulldown-cmark`
//! because the app needs only this subset and a tree it can check, and every byte of wasm
//! counts. It never panics and stays linear: nesting stops at [`MAX_DEPTH`] and each block
//! gives up looking for closing delimiters after [`MAX_FAILED_SEARCHES`] misses (the rest then
//! shows as plain text — nothing is dropped).

/// Deepest nesting of quotes/lists (and of emphasis) that is parsed as structure.
pub const MAX_DEPTH: usize = 12;
/// Unmatched delimiter searches allowed per block before delimiters are taken as text.
pub const MAX_FAILED_SEARCHES: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    Code {
        info: String,
        text: String,
    },
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    Rule,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    /// `href` is always an `http:` or `https:` URL.
    Link {
        href: String,
        content: Vec<Inline>,
    },
    LineBreak,
}

/// Parses `source` into blocks.
pub fn parse(source: &str) -> Vec<Block> {
    let text = source.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    blocks(&lines, 0)
}

/// The first block's text as inlines (a heading's or paragraph's), for one-line summaries such
/// as the projects list: `# Demo project\n…` gives `Demo project`.
pub fn summary(source: &str) -> Vec<Inline> {
    for b in parse(source) {
        match b {
            Block::Heading { content, .. } | Block::Paragraph(content) => return content,
            Block::Code { text, .. } => return vec![Inline::Text(text)],
            _ => continue,
        }
    }
    Vec::new()
}

/// The plain text of inlines (for `title` attributes and tests).
pub fn plain(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Link { content: c, .. } => {
                out.push_str(&plain(c))
            }
            Inline::LineBreak => out.push('\n'),
        }
    }
    out
}

/// True for `http:`/`https:` URLs — the only link targets the renderer emits.
pub fn is_safe_href(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !url.chars().any(|c| c.is_control() || c.is_whitespace())
}

// ---------------------------------------------------------------------------------------------
// Blocks

mod block;
mod inline;
#[cfg(test)]
mod tests;

use block::blocks;
