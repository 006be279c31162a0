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

fn indent(line: &str) -> usize {
    line.chars().take_while(|c| *c == ' ').count()
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

fn fence(line: &str) -> Option<(char, usize, String)> {
    if indent(line) > 3 {
        return None;
    }
    let t = line.trim_start();
    let c = t.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let n = t.chars().take_while(|x| *x == c).count();
    if n < 3 {
        return None;
    }
    let info = t[n..].trim().to_string();
    if c == '`' && info.contains('`') {
        return None;
    }
    Some((c, n, info))
}

fn heading(line: &str) -> Option<(u8, &str)> {
    if indent(line) > 3 {
        return None;
    }
    let t = line.trim_start();
    let n = t.chars().take_while(|c| *c == '#').count();
    if n == 0 || n > 6 {
        return None;
    }
    let rest = &t[n..];
    if !rest.is_empty() && !rest.starts_with(' ') && !rest.starts_with('\t') {
        return None;
    }
    let mut content = rest.trim();
    // closing #s, when separated by a space
    let stripped = content.trim_end_matches('#');
    if stripped.is_empty() || stripped.ends_with(' ') {
        content = stripped.trim_end();
    }
    Some((n as u8, content))
}

fn is_rule(line: &str) -> bool {
    if indent(line) > 3 {
        return false;
    }
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(c) = t.chars().next() else {
        return false;
    };
    matches!(c, '-' | '*' | '_') && t.chars().count() >= 3 && t.chars().all(|x| x == c)
}

/// `- x`, `* x`, `+ x`, `1. x`, `1) x`: (ordered, start, content column).
fn list_marker(line: &str) -> Option<(bool, u64, usize)> {
    let ind = indent(line);
    if ind > 3 {
        return None;
    }
    let t = &line[ind..];
    let bytes = t.as_bytes();
    let (ordered, start, marker_len) = match bytes.first()? {
        b'-' | b'*' | b'+' => (false, 1, 1),
        b'0'..=b'9' => {
            let digits = t.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 9 || !matches!(bytes.get(digits), Some(b'.' | b')')) {
                return None;
            }
            (true, t[..digits].parse().unwrap_or(1), digits + 1)
        }
        _ => return None,
    };
    let after = &t[marker_len..];
    if !(after.is_empty() || after.starts_with(' ') || after.starts_with('\t')) {
        return None;
    }
    let spaces = after.chars().take_while(|c| *c == ' ').count().clamp(1, 4);
    Some((ordered, start, ind + marker_len + spaces))
}

fn quote_line(line: &str) -> Option<&str> {
    if indent(line) > 3 {
        return None;
    }
    let t = line.trim_start();
    let rest = t.strip_prefix('>')?;
    Some(rest.strip_prefix(' ').unwrap_or(rest))
}

fn starts_block(line: &str) -> bool {
    fence(line).is_some()
        || heading(line).is_some()
        || is_rule(line)
        || quote_line(line).is_some()
        || list_marker(line).is_some_and(|(_, _, col)| line.len() > col || !is_blank(line))
}

/// Drops up to `n` leading spaces.
fn dedent(line: &str, n: usize) -> &str {
    let k = indent(line).min(n);
    &line[k..]
}

fn blocks(lines: &[&str], depth: usize) -> Vec<Block> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if is_blank(line) {
            i += 1;
            continue;
        }
        if let Some((c, n, info)) = fence(line) {
            let ind = indent(line);
            let mut text = Vec::new();
            i += 1;
            while i < lines.len() {
                if let Some((c2, n2, info2)) = fence(lines[i]) {
                    if c2 == c && n2 >= n && info2.is_empty() {
                        i += 1;
                        break;
                    }
                }
                text.push(dedent(lines[i], ind));
                i += 1;
            }
            out.push(Block::Code {
                info: info.split_whitespace().next().unwrap_or("").to_string(),
                text: text.join("\n"),
            });
            continue;
        }
        if let Some((level, content)) = heading(line) {
            out.push(Block::Heading {
                level,
                content: inlines(content, depth),
            });
            i += 1;
            continue;
        }
        if is_rule(line) {
            out.push(Block::Rule);
            i += 1;
            continue;
        }
        if quote_line(line).is_some() {
            let mut inner = Vec::new();
            while i < lines.len() {
                match quote_line(lines[i]) {
                    Some(rest) => inner.push(rest),
                    // lazy continuation of a quoted paragraph
                    None if !is_blank(lines[i])
                        && !starts_block(lines[i])
                        && inner.last().is_some_and(|l| !is_blank(l)) =>
                    {
                        inner.push(lines[i])
                    }
                    None => break,
                }
                i += 1;
            }
            out.push(if depth < MAX_DEPTH {
                Block::Quote(blocks(&inner, depth + 1))
            } else {
                Block::Paragraph(vec![Inline::Text(inner.join("\n"))])
            });
            continue;
        }
        if let Some((ordered, start, _)) = list_marker(line) {
            let mut items: Vec<Vec<Block>> = Vec::new();
            while i < lines.len() {
                let Some((o, _, col)) = list_marker(lines[i]) else {
                    break;
                };
                if o != ordered {
                    break;
                }
                let first = lines[i].get(col..).unwrap_or("");
                let mut item = vec![first];
                i += 1;
                while i < lines.len() {
                    let l = lines[i];
                    if is_blank(l) {
                        // a blank line continues the item only when indented content follows
                        if lines
                            .get(i + 1)
                            .is_some_and(|n| indent(n) >= col && !is_blank(n))
                        {
                            item.push("");
                            i += 1;
                            continue;
                        }
                        break;
                    }
                    if indent(l) >= col {
                        item.push(dedent(l, col));
                    } else if !starts_block(l) && item.last().is_some_and(|x| !is_blank(x)) {
                        item.push(l.trim_start());
                    } else {
                        break;
                    }
                    i += 1;
                }
                items.push(if depth < MAX_DEPTH {
                    blocks(&item, depth + 1)
                } else {
                    vec![Block::Paragraph(vec![Inline::Text(item.join("\n"))])]
                });
                // blank lines between items keep the list going
                let mut j = i;
                while j < lines.len() && is_blank(lines[j]) {
                    j += 1;
                }
                if j > i
                    && j < lines.len()
                    && list_marker(lines[j]).is_some_and(|(o, _, _)| o == ordered)
                {
                    i = j;
                }
            }
            out.push(Block::List {
                ordered,
                start,
                items,
            });
            continue;
        }
        // a paragraph: lines up to a blank line or another block
        let mut para = vec![line.trim_start()];
        i += 1;
        let mut setext = None;
        while i < lines.len() && !is_blank(lines[i]) {
            let l = lines[i];
            let t = l.trim();
            if indent(l) <= 3 && !t.is_empty() && t.chars().all(|c| c == '=') {
                setext = Some(1);
                i += 1;
                break;
            }
            if indent(l) <= 3 && !t.is_empty() && t.chars().all(|c| c == '-') {
                setext = Some(2);
                i += 1;
                break;
            }
            if starts_block(l) {
                break;
            }
            para.push(l.trim_start());
            i += 1;
        }
        let text = para.join("\n");
        out.push(match setext {
            Some(level) => Block::Heading {
                level,
                content: inlines(text.trim_end(), depth),
            },
            None => Block::Paragraph(inlines(text.trim_end(), depth)),
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Inlines

struct Scanner {
    failed: usize,
}

fn inlines(text: &str, depth: usize) -> Vec<Inline> {
    let mut s = Scanner { failed: 0 };
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    s.run(&chars, depth, &mut out);
    merge_text(out)
}

fn merge_text(items: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(items.len());
    for i in items {
        match (out.last_mut(), i) {
            (Some(Inline::Text(a)), Inline::Text(b)) => a.push_str(&b),
            (_, Inline::Text(b)) if b.is_empty() => {}
            (_, i) => out.push(i),
        }
    }
    out
}

fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
}

impl Scanner {
    fn run(&mut self, c: &[char], depth: usize, out: &mut Vec<Inline>) {
        let mut text = String::new();
        let mut i = 0;
        let flush = |text: &mut String, out: &mut Vec<Inline>| {
            if !text.is_empty() {
                out.push(Inline::Text(std::mem::take(text)));
            }
        };
        while i < c.len() {
            let ch = c[i];
            match ch {
                '\\' if c.get(i + 1).is_some_and(|n| is_punct(*n)) => {
                    text.push(c[i + 1]);
                    i += 2;
                }
                '\\' if c.get(i + 1) == Some(&'\n') => {
                    flush(&mut text, out);
                    out.push(Inline::LineBreak);
                    i += 2;
                }
                '\n' => {
                    // two trailing spaces make a hard break
                    if text.ends_with("  ") {
                        let t = text.trim_end_matches(' ').to_string();
                        text = t;
                        flush(&mut text, out);
                        out.push(Inline::LineBreak);
                    } else {
                        let t = text.trim_end_matches(' ').to_string();
                        text = t;
                        text.push('\n');
                    }
                    i += 1;
                    while i < c.len() && c[i] == ' ' {
                        i += 1;
                    }
                }
                '`' => {
                    let n = run_len(c, i, '`');
                    match self.find_run(c, i + n, '`', n) {
                        Some(end) => {
                            flush(&mut text, out);
                            let inner: String = c[i + n..end].iter().collect();
                            let inner = inner.replace('\n', " ");
                            let trimmed = if inner.len() > 1
                                && inner.starts_with(' ')
                                && inner.ends_with(' ')
                                && !inner.trim().is_empty()
                            {
                                inner[1..inner.len() - 1].to_string()
                            } else {
                                inner
                            };
                            out.push(Inline::Code(trimmed));
                            i = end + n;
                        }
                        None => {
                            text.extend(std::iter::repeat_n('`', n));
                            i += n;
                        }
                    }
                }
                '*' | '_' if depth < MAX_DEPTH => {
                    let n = run_len(c, i, ch).min(2);
                    let opens = c.get(i + n).is_some_and(|x| !x.is_whitespace())
                        && (ch == '*' || i == 0 || !c[i - 1].is_alphanumeric());
                    let close = if opens {
                        self.find_closer(c, i + n, ch, n)
                    } else {
                        None
                    };
                    match close {
                        Some(end) => {
                            flush(&mut text, out);
                            let mut inner = Vec::new();
                            self.run(&c[i + n..end], depth + 1, &mut inner);
                            let inner = merge_text(inner);
                            out.push(if n == 2 {
                                Inline::Strong(inner)
                            } else {
                                Inline::Emphasis(inner)
                            });
                            i = end + n;
                        }
                        None => {
                            let all = run_len(c, i, ch);
                            text.extend(std::iter::repeat_n(ch, all));
                            i += all;
                        }
                    }
                }
                '!' if c.get(i + 1) == Some(&'[') => match self.link(c, i + 1, depth) {
                    Some((href, content, end)) => {
                        flush(&mut text, out);
                        let mut label = vec![Inline::Text("image: ".into())];
                        label.extend(content);
                        push_link(out, href, merge_text(label));
                        i = end;
                    }
                    None => {
                        text.push('!');
                        i += 1;
                    }
                },
                '[' => match self.link(c, i, depth) {
                    Some((href, content, end)) => {
                        flush(&mut text, out);
                        push_link(out, href, content);
                        i = end;
                    }
                    None => {
                        text.push('[');
                        i += 1;
                    }
                },
                '<' => match autolink(c, i) {
                    Some((url, end)) => {
                        flush(&mut text, out);
                        out.push(Inline::Link {
                            href: url.clone(),
                            content: vec![Inline::Text(url)],
                        });
                        i = end;
                    }
                    None => {
                        text.push('<');
                        i += 1;
                    }
                },
                'h' | 'H' if i == 0 || !c[i - 1].is_alphanumeric() => match bare_url(c, i) {
                    Some((url, end)) => {
                        flush(&mut text, out);
                        out.push(Inline::Link {
                            href: url.clone(),
                            content: vec![Inline::Text(url)],
                        });
                        i = end;
                    }
                    None => {
                        text.push(ch);
                        i += 1;
                    }
                },
                '&' => match entity(c, i) {
                    Some((decoded, end)) => {
                        text.push(decoded);
                        i = end;
                    }
                    None => {
                        text.push('&');
                        i += 1;
                    }
                },
                _ => {
                    text.push(ch);
                    i += 1;
                }
            }
        }
        flush(&mut text, out);
    }

    /// The index of the next run of exactly `n` `ch`s at or after `from`.
    fn find_run(&mut self, c: &[char], from: usize, ch: char, n: usize) -> Option<usize> {
        if self.failed >= MAX_FAILED_SEARCHES {
            return None;
        }
        let mut j = from;
        while j < c.len() {
            if c[j] == ch {
                let m = run_len(c, j, ch);
                if m == n {
                    return Some(j);
                }
                j += m;
            } else {
                j += 1;
            }
        }
        self.failed += 1;
        None
    }

    /// A closing `*`/`_` run of length `n` (not preceded by whitespace), skipping code spans.
    fn find_closer(&mut self, c: &[char], from: usize, ch: char, n: usize) -> Option<usize> {
        if self.failed >= MAX_FAILED_SEARCHES {
            return None;
        }
        let mut j = from;
        while j < c.len() {
            if c[j] == '\\' {
                j += 2;
                continue;
            }
            if c[j] == '`' {
                let m = run_len(c, j, '`');
                j += m;
                while j < c.len() && c[j] != '`' {
                    j += 1;
                }
                j += run_len(c, j.min(c.len()), '`');
                continue;
            }
            if c[j] == ch {
                let m = run_len(c, j, ch);
                let before_ok = j > from && !c[j - 1].is_whitespace();
                let after_ok = ch == '*' || c.get(j + m).is_none_or(|x| !x.is_alphanumeric());
                if before_ok && after_ok && (m == n || (m > n && n == 2) || (m >= 3)) {
                    return Some(j + m - n);
                }
                j += m;
                continue;
            }
            j += 1;
        }
        self.failed += 1;
        None
    }

    /// `[text](url "title")` starting at `[`: (href, content, index after `)`). Unsafe targets
    /// give plain-text content with no href (see [`push_link`]).
    fn link(
        &mut self,
        c: &[char],
        open: usize,
        depth: usize,
    ) -> Option<(Option<String>, Vec<Inline>, usize)> {
        if self.failed >= MAX_FAILED_SEARCHES {
            return None;
        }
        let mut level = 0usize;
        let mut j = open;
        let close = loop {
            match c.get(j) {
                None => {
                    self.failed += 1;
                    return None;
                }
                Some('\\') => j += 1,
                Some('[') => level += 1,
                Some(']') => {
                    level -= 1;
                    if level == 0 {
                        break j;
                    }
                }
                _ => {}
            }
            j += 1;
        };
        if c.get(close + 1) != Some(&'(') {
            return None;
        }
        let mut k = close + 2;
        while c.get(k).is_some_and(|x| *x == ' ') {
            k += 1;
        }
        let (url, mut k) = if c.get(k) == Some(&'<') {
            let end = (k + 1..c.len()).find(|&x| c[x] == '>' || c[x] == '\n')?;
            if c[end] != '>' {
                return None;
            }
            (c[k + 1..end].iter().collect::<String>(), end + 1)
        } else {
            let mut parens = 0i32;
            let start = k;
            while let Some(&x) = c.get(k) {
                if x.is_whitespace() || (x == ')' && parens == 0) {
                    break;
                }
                if x == '(' {
                    parens += 1;
                }
                if x == ')' {
                    parens -= 1;
                }
                k += 1;
            }
            (c[start..k].iter().collect::<String>(), k)
        };
        while c.get(k).is_some_and(|x| x.is_whitespace()) {
            k += 1;
        }
        if matches!(c.get(k), Some('"' | '\'')) {
            let q = c[k];
            let end = (k + 1..c.len()).find(|&x| c[x] == q)?;
            k = end + 1;
            while c.get(k).is_some_and(|x| x.is_whitespace()) {
                k += 1;
            }
        }
        if c.get(k) != Some(&')') {
            return None;
        }
        let mut content = Vec::new();
        self.run(&c[open + 1..close], depth + 1, &mut content);
        let href = Some(unescape(&url)).filter(|u| is_safe_href(u));
        Some((href, merge_text(content), k + 1))
    }
}

/// A link with a safe target, or just its content when the target is not http(s).
fn push_link(out: &mut Vec<Inline>, href: Option<String>, content: Vec<Inline>) {
    match href {
        Some(href) => out.push(Inline::Link {
            href,
            content: strip_links(content),
        }),
        None => out.extend(content),
    }
}

/// Links inside a link's text become their text (no nested anchors).
fn strip_links(items: Vec<Inline>) -> Vec<Inline> {
    items
        .into_iter()
        .flat_map(|i| match i {
            Inline::Link { content, .. } => strip_links(content),
            Inline::Emphasis(c) => vec![Inline::Emphasis(strip_links(c))],
            Inline::Strong(c) => vec![Inline::Strong(strip_links(c))],
            other => vec![other],
        })
        .collect()
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| is_punct(*n)) {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn run_len(c: &[char], i: usize, ch: char) -> usize {
    c[i..].iter().take_while(|x| **x == ch).count()
}

/// `<https://…>`.
fn autolink(c: &[char], open: usize) -> Option<(String, usize)> {
    let end = (open + 1..c.len().min(open + 2050))
        .find(|&j| c[j] == '>' || c[j] == '<' || c[j].is_whitespace())?;
    if c[end] != '>' {
        return None;
    }
    let url: String = c[open + 1..end].iter().collect();
    is_safe_href(&url).then_some((url, end + 1))
}

/// A bare `http(s)://…` up to whitespace or `<`, without trailing punctuation.
fn bare_url(c: &[char], start: usize) -> Option<(String, usize)> {
    let head: String = c[start..c.len().min(start + 8)]
        .iter()
        .collect::<String>()
        .to_ascii_lowercase();
    if !(head.starts_with("http://") || head.starts_with("https://")) {
        return None;
    }
    let mut end = start;
    while end < c.len() && !c[end].is_whitespace() && c[end] != '<' {
        end += 1;
    }
    // trailing punctuation, and closing parentheses that opened nothing, end the sentence
    loop {
        let before = end;
        while end > start
            && matches!(
                c[end - 1],
                '.' | ',' | ':' | ';' | '!' | '?' | '"' | '\'' | '*' | '_' | '~'
            )
        {
            end -= 1;
        }
        let url = &c[start..end];
        let opened = url.iter().filter(|x| **x == '(').count();
        let closed = url.iter().filter(|x| **x == ')').count();
        if end > start && c[end - 1] == ')' && closed > opened {
            end -= 1;
        }
        if end == before {
            break;
        }
    }
    let url: String = c[start..end].iter().collect();
    let scheme_len = if head.starts_with("https://") { 8 } else { 7 };
    (url.chars().count() > scheme_len && is_safe_href(&url)).then_some((url, end))
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;`, `&#123;`, `&#x1F600;`.
fn entity(c: &[char], i: usize) -> Option<(char, usize)> {
    let end = (i + 1..c.len().min(i + 12)).find(|&j| c[j] == ';')?;
    let name: String = c[i + 1..end].iter().collect();
    let ch = match name.as_str() {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        n if n.starts_with("#x") || n.starts_with("#X") => {
            char::from_u32(u32::from_str_radix(&n[2..], 16).ok()?).filter(|c| *c != '\0')?
        }
        n if n.starts_with('#') => char::from_u32(n[1..].parse().ok()?).filter(|c| *c != '\0')?,
        _ => return None,
    };
    Some((ch, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    fn para(s: &str) -> Vec<Inline> {
        match parse(s).into_iter().next() {
            Some(Block::Paragraph(i)) => i,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn headings_paragraphs_and_the_projects_list_summary() {
        let doc = parse("# Demo project\n\nTrains **iris** models.\nSecond line.\n\n## Data ##\n");
        assert_eq!(
            doc,
            vec![
                Block::Heading {
                    level: 1,
                    content: vec![t("Demo project")]
                },
                Block::Paragraph(vec![
                    t("Trains "),
                    Inline::Strong(vec![t("iris")]),
                    t(" models.\nSecond line.")
                ]),
                Block::Heading {
                    level: 2,
                    content: vec![t("Data")]
                },
            ]
        );
        assert_eq!(plain(&summary("# Demo project\nmore")), "Demo project");
        assert_eq!(plain(&summary("\n\nPlain *text*")), "Plain text");
        assert!(summary("").is_empty());
        assert_eq!(
            parse("Title\n===\nbody")[0],
            Block::Heading {
                level: 1,
                content: vec![t("Title")]
            }
        );
        assert_eq!(
            parse("#nospace"),
            vec![Block::Paragraph(vec![t("#nospace")])]
        );
    }

    #[test]
    fn raw_html_stays_text() {
        let src = "<script>alert(1)</script> <img src=x onerror=alert(1)>";
        assert_eq!(para(src), vec![t(src)]);
        let doc = parse("<div>\n<b>bold?</b>\n</div>");
        assert_eq!(
            plain(&summary("<div>\n<b>bold?</b>\n</div>")),
            "<div>\n<b>bold?</b>\n</div>"
        );
        assert_eq!(doc.len(), 1);
    }

    #[test]
    fn only_http_links_become_links() {
        assert_eq!(
            para("see [docs](https://mlflow.org/docs \"t\") now"),
            vec![
                t("see "),
                Inline::Link {
                    href: "https://mlflow.org/docs".into(),
                    content: vec![t("docs")]
                },
                t(" now")
            ]
        );
        for bad in [
            "[x](javascript:alert(1))",
            "[x](JavaScript:alert(1))",
            "[x](data:text/html,<b>)",
            "[x](/relative)",
            "[x](vbscript:msgbox)",
            "[x]( javascript:alert(1))",
            "[x](<javascript:alert(1)>)",
            "<javascript:alert(1)>",
        ] {
            let p = para(bad);
            assert!(
                !p.iter().any(|i| matches!(i, Inline::Link { .. })),
                "{bad}: {p:?}"
            );
        }
        assert_eq!(plain(&para("[x](javascript:alert(1))")), "x");
        assert_eq!(
            para("<https://a.b/c?d=1&e=2>"),
            vec![Inline::Link {
                href: "https://a.b/c?d=1&e=2".into(),
                content: vec![t("https://a.b/c?d=1&e=2")]
            }]
        );
        assert_eq!(
            para("(see https://x.org/a_(b).)"),
            vec![
                t("(see "),
                Inline::Link {
                    href: "https://x.org/a_(b)".into(),
                    content: vec![t("https://x.org/a_(b)")]
                },
                t(".)")
            ]
        );
        // images are links to the image, never loaded
        assert_eq!(
            para("![plot](https://x.org/p.png)"),
            vec![Inline::Link {
                href: "https://x.org/p.png".into(),
                content: vec![t("image: plot")]
            }]
        );
        assert!(!is_safe_href("https://x.org/a b"));
        assert!(!is_safe_href("https://x.org/\u{0}"));
    }

    #[test]
    fn emphasis_code_escapes_and_entities() {
        assert_eq!(
            para("*a* _b_ **c** `x*y*` \\*d\\* snake_case_name"),
            vec![
                Inline::Emphasis(vec![t("a")]),
                t(" "),
                Inline::Emphasis(vec![t("b")]),
                t(" "),
                Inline::Strong(vec![t("c")]),
                t(" "),
                Inline::Code("x*y*".into()),
                t(" *d* snake_case_name"),
            ]
        );
        assert_eq!(
            para("a &amp; b &lt;i&gt; &#65; &bogus;"),
            vec![t("a & b <i> A &bogus;")]
        );
        assert_eq!(para("2 * 3 * 4"), vec![t("2 * 3 * 4")]);
        assert_eq!(
            para("line  \nnext"),
            vec![t("line"), Inline::LineBreak, t("next")]
        );
    }

    #[test]
    fn code_lists_quotes_rules() {
        let doc = parse("```python\nx = '<b>'\n```\n\n- one\n- two\n  more\n\n1. a\n2. b\n\n> quoted\n> **text**\n\n---\n");
        assert_eq!(
            doc,
            vec![
                Block::Code {
                    info: "python".into(),
                    text: "x = '<b>'".into()
                },
                Block::List {
                    ordered: false,
                    start: 1,
                    items: vec![
                        vec![Block::Paragraph(vec![t("one")])],
                        vec![Block::Paragraph(vec![t("two\nmore")])]
                    ]
                },
                Block::List {
                    ordered: true,
                    start: 1,
                    items: vec![
                        vec![Block::Paragraph(vec![t("a")])],
                        vec![Block::Paragraph(vec![t("b")])]
                    ]
                },
                Block::Quote(vec![Block::Paragraph(vec![
                    t("quoted\n"),
                    Inline::Strong(vec![t("text")])
                ])]),
                Block::Rule,
            ]
        );
        // an unclosed fence runs to the end
        assert_eq!(
            parse("```\nopen"),
            vec![Block::Code {
                info: String::new(),
                text: "open".into()
            }]
        );
    }

    #[test]
    fn hostile_input_is_bounded_and_never_panics() {
        let deep = ">".repeat(10_000) + " x";
        let _ = parse(&deep);
        let nested = "- ".repeat(5_000) + "x";
        let _ = parse(&nested);
        // how long these take is a benchmark's question (examples/domain_bench.rs)
        let stars = "*a ".repeat(20_000);
        let p = parse(&stars);
        assert_eq!(
            plain(&summary(&stars))
                .chars()
                .filter(|c| *c == 'a')
                .count(),
            20_000
        );
        assert_eq!(p.len(), 1);
        let brackets = "[".repeat(20_000) + &"](".repeat(5_000);
        let _ = parse(&brackets);
        let ticks = "`".repeat(3) + &"a`".repeat(20_000);
        let _ = parse(&ticks);
        for s in [
            "\u{202e}",
            "é*",
            "*é",
            "&#xD800;",
            "&#99999999999;",
            "[](",
            "![",
            "<",
            "h",
            "http://",
            "\\",
        ] {
            let _ = parse(s);
        }
    }
}
