//! Inline content: emphasis, code spans, links and autolinks, escapes and entities, scanned
//! once with bounded searches for closing delimiters.

use super::{is_safe_href, Inline, MAX_DEPTH, MAX_FAILED_SEARCHES};

struct Scanner {
    failed: usize,
}

pub(super) fn inlines(text: &str, depth: usize) -> Vec<Inline> {
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
