//! Block structure: headings, paragraphs, lists, quotes, fences and rules, line by line.

use super::inline::inlines;
use super::{Block, Inline, MAX_DEPTH};

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

pub(super) fn blocks(lines: &[&str], depth: usize) -> Vec<Block> {
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
