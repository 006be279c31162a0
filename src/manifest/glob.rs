//! The filter box: case-insensitive substring, or a glob when the text has `*`, `?` or `[`.
//!
//! Glob syntax: `*` matches within one path segment, `**` across segments (`**/` also matches
//! zero folders, so `data/**/*.parquet` finds `data/x.parquet`), `?` one character,
//! `[abc]`, `[a-z]`, `[!x]` / `[^x]` one character of a class (a `]` right after `[` or `[!`
//! is literal; an unclosed `[` is a literal `[`). Neither `*`, `?` nor a class matches `/`.
//! There is no escape character (paths may contain `\`); match a literal `*` with `[*]`.
//! Matching is case-insensitive. A pattern without `/` is matched against the file name
//! (`*.safetensors` finds `a/b/model.safetensors`); a pattern with `/` against the whole
//! normalised path (a leading `/` is ignored, a trailing `/` means "everything below").
//!
//! The matcher simulates the pattern as an NFA over a bit set of positions, so it runs in
//! O(path length × pattern length) whatever the pattern (`*a*a*a*a*b` cannot blow up), after
//! cheap anchored checks of the literal prefix and suffix, which decide most real queries.

use super::Manifest;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// One character, stored case-folded.
    Lit(char),
    /// `?`
    Any,
    /// `[...]`
    Class(Class),
    /// `*`: any run of characters other than `/`.
    Star,
    /// `**` not forming a whole `**/` segment: any run of characters.
    GlobStar,
    /// `**/` at a segment start: zero or more whole folders. Occupies two states: the entry
    /// (which can skip the whole group) and the body (which may only leave after a `/`).
    DirsEnter,
    DirsBody,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Class {
    negated: bool,
    ranges: Vec<(char, char)>,
}

impl Class {
    fn contains(&self, c: char) -> bool {
        let hit = |c: char| self.ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi);
        let found = hit(c) || hit(fold(c)) || hit(upper(c));
        found != self.negated
    }
}

#[inline]
fn fold(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) => l,
            _ => c,
        }
    }
}

#[inline]
fn upper(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_uppercase()
    } else {
        let mut up = c.to_uppercase();
        match (up.next(), up.next()) {
            (Some(u), None) => u,
            _ => c,
        }
    }
}

/// A compiled glob. Compile once per query with [`Glob::new`], then match many paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    source: String,
    toks: Vec<Tok>,
    /// Whether the pattern matches whole paths (it contains `/`) rather than file names.
    full_path: bool,
    prefix: usize,
    suffix: usize,
    /// Positions of tokens with an epsilon move, ascending.
    eps: Vec<usize>,
}

impl Glob {
    /// Compiles a pattern; every string is a valid pattern.
    pub fn new(pattern: &str) -> Glob {
        let full_path = pattern.contains('/');
        let mut text: String = pattern.trim_start_matches('/').to_string();
        if full_path && text.ends_with('/') {
            text.push_str("**");
        }
        let chars: Vec<char> = text.chars().collect();
        let mut toks = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '*' => {
                    let mut j = i;
                    while j < chars.len() && chars[j] == '*' {
                        j += 1;
                    }
                    if j - i == 1 {
                        toks.push(Tok::Star);
                    } else {
                        let at_segment_start = i == 0 || chars[i - 1] == '/';
                        if at_segment_start && chars.get(j) == Some(&'/') {
                            toks.push(Tok::DirsEnter);
                            toks.push(Tok::DirsBody);
                            j += 1;
                        } else {
                            toks.push(Tok::GlobStar);
                        }
                    }
                    i = j;
                }
                '?' => {
                    toks.push(Tok::Any);
                    i += 1;
                }
                '[' => match parse_class(&chars, i) {
                    Some((class, next)) => {
                        toks.push(Tok::Class(class));
                        i = next;
                    }
                    None => {
                        toks.push(Tok::Lit('['));
                        i += 1;
                    }
                },
                c => {
                    toks.push(Tok::Lit(fold(c)));
                    i += 1;
                }
            }
        }
        let prefix = toks.iter().take_while(|t| matches!(t, Tok::Lit(_))).count();
        let suffix = if prefix == toks.len() {
            0
        } else {
            toks.iter()
                .rev()
                .take_while(|t| matches!(t, Tok::Lit(_)))
                .count()
        };
        let eps = toks
            .iter()
            .enumerate()
            .filter(|(_, t)| matches!(t, Tok::Star | Tok::GlobStar | Tok::DirsEnter))
            .map(|(i, _)| i)
            .collect();
        Glob {
            source: pattern.to_string(),
            toks,
            full_path,
            prefix,
            suffix,
            eps,
        }
    }

    /// The pattern as typed.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// True when the pattern contains `/` and so applies to whole paths, not file names.
    pub fn matches_full_path(&self) -> bool {
        self.full_path
    }

    /// Matches one string (a file name or a normalised path, see [`Glob::matches_full_path`]).
    pub fn is_match(&self, text: &str) -> bool {
        let toks = &self.toks;
        // Anchored literal prefix.
        let mut start = 0;
        let mut chars = text.char_indices();
        for tok in &toks[..self.prefix] {
            match (chars.next(), tok) {
                (Some((_, c)), Tok::Lit(l)) if fold(c) == *l => {}
                _ => return false,
            }
        }
        if self.prefix > 0 {
            start = chars.next().map_or(text.len(), |(i, _)| i);
        }
        if self.prefix == toks.len() {
            return start == text.len();
        }
        // Anchored literal suffix.
        let mut end = text.len();
        if self.suffix > 0 {
            let mut rev = text[start..].char_indices().rev();
            for tok in toks[toks.len() - self.suffix..].iter().rev() {
                match (rev.next(), tok) {
                    (Some((i, c)), Tok::Lit(l)) if fold(c) == *l => end = start + i,
                    _ => return false,
                }
            }
        }
        let middle = &toks[self.prefix..toks.len() - self.suffix];
        let text = &text[start..end];
        match middle {
            [Tok::Star] => !text.contains('/'),
            [Tok::GlobStar] => true,
            _ => self.nfa(middle, text),
        }
    }

    fn nfa(&self, toks: &[Tok], text: &str) -> bool {
        let states = toks.len() + 1;
        let words = states.div_ceil(64);
        // Epsilon positions relative to `toks` (which starts at self.prefix).
        let offset = self.prefix;
        let eps = self
            .eps
            .iter()
            .map(|&i| i - offset)
            .filter(|&i| i < toks.len());
        let mut stack_a = [0u64; 4];
        let mut stack_b = [0u64; 4];
        let mut heap_a;
        let mut heap_b;
        let (cur, next): (&mut [u64], &mut [u64]) = if words <= 4 {
            (&mut stack_a[..words], &mut stack_b[..words])
        } else {
            heap_a = vec![0u64; words];
            heap_b = vec![0u64; words];
            (&mut heap_a[..], &mut heap_b[..])
        };
        set(cur, 0);
        close(toks, eps.clone(), cur);
        for c in text.chars() {
            next.fill(0);
            let lower = fold(c);
            let mut any = false;
            for (w, &word) in cur.iter().enumerate() {
                let mut bits = word;
                while bits != 0 {
                    let i = w * 64 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    let Some(tok) = toks.get(i) else { continue };
                    let target = match tok {
                        Tok::Lit(l) => (*l == lower).then_some(i + 1),
                        Tok::Any => (c != '/').then_some(i + 1),
                        Tok::Class(class) => (c != '/' && class.contains(c)).then_some(i + 1),
                        Tok::Star => (c != '/').then_some(i),
                        Tok::GlobStar => Some(i),
                        Tok::DirsEnter => None,
                        Tok::DirsBody => {
                            if c == '/' {
                                set(next, i + 1);
                                any = true;
                            }
                            Some(i)
                        }
                    };
                    if let Some(t) = target {
                        set(next, t);
                        any = true;
                    }
                }
            }
            if !any {
                return false;
            }
            close(toks, eps.clone(), next);
            cur.copy_from_slice(next);
        }
        get(cur, toks.len())
    }
}

#[inline]
fn set(bits: &mut [u64], i: usize) {
    bits[i / 64] |= 1 << (i % 64);
}

#[inline]
fn get(bits: &[u64], i: usize) -> bool {
    bits[i / 64] & (1 << (i % 64)) != 0
}

/// Epsilon closure; positions are ascending and moves only go forward, so one pass suffices.
fn close(toks: &[Tok], eps: impl Iterator<Item = usize>, bits: &mut [u64]) {
    for i in eps {
        if get(bits, i) {
            set(bits, i + 1);
            if toks[i] == Tok::DirsEnter {
                set(bits, i + 2);
            }
        }
    }
}

/// Parses `[...]` starting at `chars[open] == '['`; `None` when it is not closed.
fn parse_class(chars: &[char], open: usize) -> Option<(Class, usize)> {
    let mut i = open + 1;
    let negated = matches!(chars.get(i), Some('!') | Some('^'));
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(i)?;
        if c == ']' && !first {
            return Some((Class { negated, ranges }, i + 1));
        }
        first = false;
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|&h| h != ']') {
            let hi = chars[i + 2];
            let (lo, hi) = if c <= hi { (c, hi) } else { (hi, c) };
            ranges.push((lo, hi));
            i += 3;
        } else {
            ranges.push((c, c));
            i += 1;
        }
    }
}

/// A parsed filter-box query. Build it once per keystroke with [`Query::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Query {
    /// Empty (or all-blank) text: every row.
    #[default]
    All,
    /// Case-insensitive substring of the original path; holds the lowercased needle.
    Contains(String),
    /// A glob, see the module docs.
    Glob(Glob),
}

impl Query {
    /// `*`, `?` or `[` make a glob; blank text matches everything; anything else is a
    /// case-insensitive substring.
    pub fn parse(text: &str) -> Query {
        if text.trim().is_empty() {
            Query::All
        } else if text.contains(['*', '?', '[']) {
            Query::Glob(Glob::new(text))
        } else {
            Query::Contains(text.to_lowercase())
        }
    }

    pub(crate) fn matches_row(&self, manifest: &Manifest, row: u32, scratch: &mut String) -> bool {
        match self {
            Query::All => true,
            Query::Contains(needle) => {
                contains_ci(&manifest.entries[row as usize].path, needle, scratch)
            }
            Query::Glob(glob) => {
                if glob.full_path {
                    glob.is_match(manifest.normalized_path(row))
                } else {
                    glob.is_match(manifest.file_name(row))
                }
            }
        }
    }

    /// Whether a single path matches (glob: file name or full path as described above).
    pub fn matches_path(&self, path: &str) -> bool {
        match self {
            Query::All => true,
            Query::Contains(needle) => contains_ci(path, needle, &mut String::new()),
            Query::Glob(glob) => {
                if glob.full_path {
                    glob.is_match(&super::normalize_path(path))
                } else {
                    let name = super::segments(path).next_back().unwrap_or("");
                    glob.is_match(name)
                }
            }
        }
    }
}

/// Case-insensitive `haystack.contains(needle)` for an already lowercased needle. ASCII
/// needles compare bytes without allocating (ASCII bytes never occur inside multi-byte
/// UTF-8); others lowercase the haystack into a reused buffer.
fn contains_ci(haystack: &str, needle: &str, scratch: &mut String) -> bool {
    if needle.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle.as_bytes());
        if n.is_empty() {
            return true;
        }
        if n.len() > h.len() {
            return false;
        }
        let first = n[0];
        (0..=h.len() - n.len()).any(|i| {
            h[i].to_ascii_lowercase() == first
                && h[i..i + n.len()]
                    .iter()
                    .zip(n)
                    .all(|(a, b)| a.to_ascii_lowercase() == *b)
        })
    } else {
        scratch.clear();
        scratch.extend(haystack.chars().flat_map(char::to_lowercase));
        scratch.contains(needle)
    }
}
