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
