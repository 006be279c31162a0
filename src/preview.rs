//! What the file preview shows, decided without the DOM: the kind of a file (from its name
//! and first bytes), binary detection, JSON pretty-printing that keeps key order and number
//! text, and the first rows of a CSV. Tested natively.

/// Files up to this size are fetched when selected; bigger ones only on an explicit click,
/// and then only this many bytes (`Range: bytes=0-1048575`).
pub const AUTO_FETCH_LIMIT: u64 = 1_048_576;

/// Images are fetched whole (with the session's credentials, into a `blob:` URL) up to this
/// size; a bigger one is not previewed and the page says so.
pub const IMAGE_LIMIT: u64 = 32 * 1_048_576;

/// Downloads that need the session's credentials are fetched into memory (a `Blob`) before
/// the browser saves them, up to this size; a bigger file is not downloaded that way and the
/// page says why (without sign-in a plain link streams any size).
pub const SIGNED_IN_DOWNLOAD_LIMIT: u64 = 256 * 1_048_576;

/// Bytes inspected by [`is_binary`].
pub const SNIFF_BYTES: usize = 1024;

/// How a file is previewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreviewKind {
    Text,
    Json,
    Csv,
    Image,
}

/// The kind by file extension (case-insensitive); unknown extensions are text, and the bytes
/// decide later whether they are binary.
pub fn kind_for(path: &str) -> PreviewKind {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "json" | "jsonl" | "ndjson" | "geojson" | "ipynb" => {
            if ext == "json" || ext == "geojson" || ext == "ipynb" {
                PreviewKind::Json
            } else {
                PreviewKind::Text
            }
        }
        "csv" | "tsv" => PreviewKind::Csv,
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "bmp" | "svg" | "ico" | "avif" => {
            PreviewKind::Image
        }
        _ => PreviewKind::Text,
    }
}

/// The media type of an image preview, by extension: a `blob:` URL has no server headers,
/// and an SVG renders in `<img>` only when its blob says `image/svg+xml`.
pub fn image_mime(path: &str) -> &'static str {
    let ext = path
        .rsplit('/')
        .next()
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "bmp" => "image/bmp",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "avif" => "image/avif",
        _ => "application/octet-stream",
    }
}

/// True when the first KB has a NUL byte or is not valid UTF-8 (a multi-byte character cut
/// off at the 1 KB boundary is not counted as invalid).
pub fn is_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.contains(&0) {
        return true;
    }
    match std::str::from_utf8(head) {
        Ok(_) => false,
        // Invalid sequence: binary. The input ending inside a character is binary only when
        // that is the real end of the file, not our 1 KB cut.
        Err(e) => e.error_len().is_some() || head.len() == bytes.len(),
    }
}

/// Text of (possibly truncated) bytes: a character cut at the end is dropped, anything else
/// invalid becomes U+FFFD.
pub fn text_of(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) if e.error_len().is_none() => {
            String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned()
        }
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Re-indents valid JSON with two spaces, keeping key order and number text exactly as sent.
/// `None` when the text is not one valid JSON document (e.g. cut off at 1 MB).
pub fn pretty_json(text: &str) -> Option<String> {
    // `Value` (not `IgnoredAny`): its deserializer is already in the bundle.
    serde_json::from_str::<serde_json::Value>(text).ok()?;
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut depth = 0usize;
    let mut chars = text.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push('"');
                while let Some(s) = chars.next() {
                    out.push(s);
                    match s {
                        '\\' => {
                            if let Some(esc) = chars.next() {
                                out.push(esc);
                            }
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '{' | '[' => {
                out.push(c);
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
                if matches!(chars.peek(), Some('}') | Some(']')) {
                    if let Some(close) = chars.next() {
                        out.push(close);
                    }
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// The first `max_rows` records of CSV text (RFC 4180 quoting: `""` inside quotes, quoted
/// commas and newlines), and whether more followed. A record cut off at the end of the text
/// (a truncated download) is dropped. `delimiter` is `,` or `\t`.
pub fn csv_rows(text: &str, delimiter: char, max_rows: usize) -> (Vec<Vec<String>>, bool) {
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut complete = true;
    while let Some(c) = chars.next() {
        if rows.len() == max_rows {
            return (rows, true);
        }
        complete = false;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                complete = true;
            }
            c if c == delimiter => row.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    if !complete && !quoted && rows.len() < max_rows {
        row.push(field);
        rows.push(row);
    }
    (rows, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_types_follow_the_extension() {
        assert_eq!(image_mime("plots/roc curve.PNG"), "image/png");
        assert_eq!(image_mime("a.jpeg"), "image/jpeg");
        assert_eq!(image_mime("icon.svg"), "image/svg+xml");
        assert_eq!(image_mime("svg/noext"), "application/octet-stream");
        for path in [
            "x.png", "x.jpg", "x.gif", "x.webp", "x.bmp", "x.svg", "x.ico", "x.avif",
        ] {
            assert_eq!(kind_for(path), PreviewKind::Image);
            assert!(image_mime(path).starts_with("image/"), "{path}");
        }
    }

    #[test]
    fn kinds_follow_the_extension() {
        assert_eq!(kind_for("report/metrics.json"), PreviewKind::Json);
        assert_eq!(kind_for("a/B.CSV"), PreviewKind::Csv);
        assert_eq!(kind_for("plots/roc curve.png"), PreviewKind::Image);
        assert_eq!(kind_for("train.py"), PreviewKind::Text);
        assert_eq!(kind_for("MLmodel"), PreviewKind::Text);
        assert_eq!(kind_for("x.jsonl"), PreviewKind::Text);
        assert_eq!(kind_for("dir.png/file"), PreviewKind::Text);
    }

    #[test]
    fn binary_means_nul_or_invalid_utf8_in_the_first_kb() {
        assert!(!is_binary(b"hello\nworld"));
        assert!(!is_binary("données ✓".as_bytes()));
        assert!(!is_binary(b""));
        assert!(is_binary(b"PK\x03\x04\x00\x00"));
        assert!(is_binary(b"\x89PNG\r\n\x1a\n"));
        assert!(is_binary(&[0xff, 0xfe, b'a']));
        // NUL after the first KB is not looked at.
        let mut late = vec![b'a'; 2000];
        late[1500] = 0;
        assert!(!is_binary(&late));
        // A character cut by the 1 KB window is fine…
        let mut text = vec![b'a'; 1023];
        text.extend_from_slice("é and more".as_bytes());
        assert!(!is_binary(&text));
        // …but a short file ending inside a character is not text.
        assert!(is_binary(&[b'a', 0xc3]));
    }

    #[test]
    fn truncated_text_drops_the_cut_character() {
        let bytes = "abé".as_bytes();
        assert_eq!(text_of(&bytes[..3]), "ab");
        assert_eq!(text_of(bytes), "abé");
        assert_eq!(text_of(&[b'a', 0xff, b'b']), "a\u{fffd}b");
    }

    #[test]
    fn json_is_reindented_keeping_order_and_numbers() {
        let src = r#"{"z":1,"a":[1.50,2e3,{}],"s":"a,b:{\"c\"}","e":[ ],"n":null}"#;
        assert_eq!(
            pretty_json(src).unwrap(),
            "{\n  \"z\": 1,\n  \"a\": [\n    1.50,\n    2e3,\n    {}\n  ],\n  \"s\": \"a,b:{\\\"c\\\"}\",\n  \"e\": [],\n  \"n\": null\n}"
        );
        assert_eq!(pretty_json("  42 ").unwrap(), "42");
        assert_eq!(pretty_json(r#"{"a": [1, 2"#), None);
        assert_eq!(pretty_json("not json"), None);
        // Output is JSON equal to the input.
        let v: serde_json::Value = serde_json::from_str(&pretty_json(src).unwrap()).unwrap();
        assert_eq!(v, serde_json::from_str::<serde_json::Value>(src).unwrap());
    }

    #[test]
    fn csv_first_rows_with_quotes_and_truncation() {
        let text = "name,note\r\na,\"x, \"\"y\"\"\"\nb,\"two\nlines\"\nc,3\n";
        let (rows, more) = csv_rows(text, ',', 10);
        assert_eq!(
            rows,
            vec![
                vec!["name", "note"],
                vec!["a", "x, \"y\""],
                vec!["b", "two\nlines"],
                vec!["c", "3"],
            ]
        );
        assert!(!more);
        let (rows, more) = csv_rows(text, ',', 2);
        assert_eq!(rows.len(), 2);
        assert!(more);
        // No trailing newline: the last record still counts.
        assert_eq!(
            csv_rows("a,b\n1,2", ',', 10).0,
            vec![vec!["a", "b"], vec!["1", "2"]]
        );
        // An unterminated quote (text cut at 1 MB) drops the partial record.
        assert_eq!(csv_rows("a\n\"cut", ',', 10).0, vec![vec!["a"]]);
        assert_eq!(csv_rows("a\tb\n", '\t', 10).0, vec![vec!["a", "b"]]);
        assert_eq!(csv_rows("", ',', 10).0, Vec::<Vec<String>>::new());
    }
}
