//! Native tests of the manifest model on realistic (and hostile) paths.

use super::format::{exact_bytes, human_bytes, human_size, thousands};
use super::*;

fn entry(path: &str, size: Option<u64>) -> ManifestEntry {
    ManifestEntry::new(path, size)
}

fn manifest(items: &[(&str, Option<u64>)]) -> Manifest {
    Manifest::new(items.iter().map(|&(p, s)| entry(p, s)).collect())
}

fn paths(m: &Manifest, rows: &[u32]) -> Vec<String> {
    rows.iter()
        .map(|&r| m.entry(r).unwrap().path.clone())
        .collect()
}

fn model_version() -> Manifest {
    manifest(&[
        ("model/weights-00002-of-00010.safetensors", Some(2_000)),
        ("model/weights-00010-of-00010.safetensors", Some(1_000)),
        ("model/config.json", Some(512)),
        ("data/train/part-2.parquet", Some(300)),
        ("data/train/part-10.parquet", None),
        ("data/test/part-1.parquet", Some(300)),
        ("README.md", Some(42)),
    ])
}

// ---------- building ----------

#[test]
fn builds_tree_with_totals() {
    let m = model_version();
    assert_eq!(
        m.totals(),
        Totals {
            files: 7,
            bytes: 4_154,
            unknown_sizes: 1,
            folders: 4
        }
    );
    let data = m.folder_by_path("data").unwrap();
    let f = m.folder(data).unwrap();
    assert_eq!(f.total_files(), 3);
    assert_eq!(f.total_bytes(), 600);
    assert_eq!(f.unknown_sizes(), 1);
    assert_eq!(f.files().len(), 0);
    assert_eq!(f.folders().len(), 2);
    let root = m.folder(ROOT).unwrap();
    assert_eq!(root.total_files(), 7);
    assert_eq!(root.files().len(), 1);
    assert_eq!(
        m.folder(m.folder_by_path("data/train").unwrap())
            .unwrap()
            .depth(),
        2
    );
}

#[test]
fn empty_manifest() {
    let m = Manifest::new(Vec::new());
    assert!(m.is_empty());
    assert_eq!(m.totals(), Totals::default());
    assert!(m.sorted(SortKey::Size, SortDir::Desc).is_empty());
    assert!(m.filter(&Query::parse("*.bin")).is_empty());
    assert!(m.folder_rows(ROOT, SortKey::Path, SortDir::Asc).is_empty());
    assert_eq!(m.breadcrumbs(ROOT).len(), 1);
}

#[test]
fn duplicates_last_wins_by_normalised_path() {
    let m = manifest(&[
        ("a/b.txt", Some(1)),
        ("c.txt", Some(5)),
        ("/a//b.txt", Some(2)),
        ("a/b.txt/", Some(3)),
    ]);
    assert_eq!(m.len(), 2);
    assert_eq!(paths(&m, &m.all_rows()), vec!["c.txt", "a/b.txt/"]);
    assert_eq!(m.entry(1).unwrap().size, Some(3));
    assert_eq!(m.totals().bytes, 8);
}

#[test]
fn many_duplicates_of_one_path_do_not_blow_up() {
    let entries: Vec<_> = (0..50_000)
        .map(|i| entry("same/file.bin", Some(i)))
        .collect();
    let m = Manifest::new(entries);
    assert_eq!(m.len(), 1);
    assert_eq!(m.entry(0).unwrap().size, Some(49_999));
}

#[test]
fn hostile_paths_round_trip_and_never_panic() {
    let long = "x".repeat(10_000);
    let long_dir = format!("{}/{}.bin", "d".repeat(10_000), long);
    let raw = vec![
        "données/模型/ß.txt".to_string(),
        "with space/file name (1).txt".to_string(),
        "../../etc/passwd".to_string(),
        "a/../b".to_string(),
        "./x".to_string(),
        "//double//slash//".to_string(),
        "/leading".to_string(),
        "trailing/".to_string(),
        String::new(),
        "/".to_string(),
        long.clone(),
        long_dir.clone(),
        "emoji/🦀/crab.rs".to_string(),
        "back\\slash\\file.txt".to_string(),
    ];
    let m = Manifest::new(raw.iter().map(|p| entry(p, Some(1))).collect());
    // "" and "/" normalise to the same (empty) path: the later one wins.
    assert_eq!(m.len(), raw.len() - 1);
    let shown = paths(&m, &m.all_rows());
    for p in &raw {
        if !p.is_empty() {
            assert!(shown.contains(p), "{p:?} lost");
        }
    }
    // `..` is a literal folder, never resolved upwards.
    let dotdot = m.folder_by_path("..").unwrap();
    assert_eq!(m.folder(dotdot).unwrap().name(), "..");
    assert!(m.folder_by_path("../../etc").is_some());
    assert!(m.folder_by_path("a/..").is_some());
    assert_eq!(
        m.folder_of(raw_row(&m, "a/../b")),
        m.folder_by_path("a/..").unwrap()
    );
    // `//` and trailing slashes collapse in the tree only.
    assert!(m.folder_by_path("double").is_some());
    let r = raw_row(&m, "//double//slash//");
    assert_eq!(m.normalized_path(r), "double/slash");
    assert_eq!(m.file_name(r), "slash");
    assert_eq!(m.normalized_path(raw_row(&m, "/leading")), "leading");
    // Unicode.
    let r = raw_row(&m, "données/模型/ß.txt");
    assert_eq!(m.file_name(r), "ß.txt");
    let crumbs = m.breadcrumbs(m.folder_of(r));
    assert_eq!(
        crumbs.iter().map(|c| c.path.as_str()).collect::<Vec<_>>(),
        vec!["", "données", "données/模型"]
    );
    // Long names.
    let r = raw_row(&m, &long_dir);
    assert_eq!(m.file_name(r).len(), 10_004);
    assert_eq!(m.folder(m.folder_of(r)).unwrap().name().len(), 10_000);
    // Everything still works on them.
    for q in [
        "ß",
        "SS",
        "模型",
        "*.txt",
        "**/ß.*",
        "../*",
        "[",
        "x*x*x*x*x*x*y",
    ] {
        let _ = m.filter(&Query::parse(q));
    }
    let _ = m.sorted(SortKey::Path, SortDir::Desc);
    assert_eq!(m.filter(&Query::parse("*.bin")).len(), 1);
    assert_eq!(
        paths(&m, &m.filter(&Query::parse("DONNÉES"))),
        vec!["données/模型/ß.txt"]
    );
}

fn raw_row(m: &Manifest, path: &str) -> u32 {
    m.entries().iter().position(|e| e.path == path).unwrap() as u32
}

// ---------- sorting ----------

#[test]
fn natural_path_order() {
    let m = model_version();
    let sorted = paths(&m, &m.sorted(SortKey::Path, SortDir::Asc));
    assert_eq!(
        sorted,
        vec![
            "data/test/part-1.parquet",
            "data/train/part-2.parquet",
            "data/train/part-10.parquet",
            "model/config.json",
            "model/weights-00002-of-00010.safetensors",
            "model/weights-00010-of-00010.safetensors",
            "README.md",
        ]
    );
    let mut desc = paths(&m, &m.sorted(SortKey::Path, SortDir::Desc));
    desc.reverse();
    assert_eq!(desc, sorted);
}

#[test]
fn natural_cmp_rules() {
    use std::cmp::Ordering::*;
    assert_eq!(natural_cmp("file2", "file10"), Less);
    assert_eq!(natural_cmp("file010", "file9"), Greater);
    assert_eq!(
        natural_cmp("a/x", "a-b"),
        Less,
        "folder contents stay together"
    );
    assert_eq!(
        natural_cmp("Readme", "readme"),
        Less,
        "ties fall back to bytes"
    );
    assert_eq!(natural_cmp("b", "A"), Greater, "case-insensitive first");
    assert_eq!(natural_cmp("x01", "x1"), Less);
    assert_eq!(natural_cmp("", ""), Equal);
    let huge = "9".repeat(500);
    assert_eq!(natural_cmp(&huge, "10"), Greater, "no integer overflow");
}

#[test]
fn size_sort_unknown_last_and_stable() {
    let m = manifest(&[
        ("a", Some(5)),
        ("b", None),
        ("c", Some(1)),
        ("d", Some(5)),
        ("e", None),
        ("f", Some(5)),
    ]);
    assert_eq!(
        paths(&m, &m.sorted(SortKey::Size, SortDir::Asc)),
        vec!["c", "a", "d", "f", "b", "e"]
    );
    assert_eq!(
        paths(&m, &m.sorted(SortKey::Size, SortDir::Desc)),
        vec!["a", "d", "f", "c", "b", "e"]
    );
    // Stable on a pre-sorted subset: size ties keep the path-descending input order.
    let mut rows = m.sorted(SortKey::Path, SortDir::Desc);
    m.sort_rows(&mut rows, SortKey::Size, SortDir::Desc);
    assert_eq!(paths(&m, &rows), vec!["f", "d", "a", "c", "e", "b"]);
}

#[test]
fn path_sort_stable_for_equal_normalised_paths_is_deterministic() {
    let m = model_version();
    let a = m.sorted(SortKey::Path, SortDir::Asc);
    let b = m.sorted(SortKey::Path, SortDir::Asc);
    assert_eq!(a, b);
    let rebuilt = model_version();
    assert_eq!(
        rebuilt.sorted(SortKey::Size, SortDir::Desc),
        m.sorted(SortKey::Size, SortDir::Desc)
    );
}

// ---------- filtering and globbing ----------

#[test]
fn substring_is_case_insensitive() {
    let m = model_version();
    assert_eq!(m.filter(&Query::parse("WEIGHTS")).len(), 2);
    assert_eq!(m.filter(&Query::parse("train/")).len(), 2);
    assert_eq!(m.filter(&Query::parse("   ")).len(), 7);
    assert_eq!(m.filter(&Query::parse("")).len(), 7);
    assert!(m.filter(&Query::parse("nope")).is_empty());
}

#[test]
fn filter_rows_keeps_sorted_order() {
    let m = model_version();
    let sorted = m.sorted(SortKey::Size, SortDir::Desc);
    let rows = m.filter_rows(&sorted, &Query::parse("*.safetensors"));
    assert_eq!(
        paths(&m, &rows),
        vec![
            "model/weights-00002-of-00010.safetensors",
            "model/weights-00010-of-00010.safetensors"
        ]
    );
}

#[test]
fn glob_without_slash_matches_file_name_anywhere() {
    let m = manifest(&[
        ("a/b/model.safetensors", None),
        ("model.safetensors", None),
        ("model.safetensors.index.json", None),
        ("x.SAFETENSORS", None),
    ]);
    assert_eq!(
        paths(&m, &m.filter(&Query::parse("*.safetensors"))),
        vec![
            "a/b/model.safetensors",
            "model.safetensors",
            "x.SAFETENSORS"
        ]
    );
}

#[test]
fn glob_with_slash_matches_full_path() {
    let m = manifest(&[
        ("data/train/part-1.parquet", None),
        ("data/part-0.parquet", None),
        ("data/train/deep/part-2.parquet", None),
        ("other/data/train/part-3.parquet", None),
        ("/data//train/part-4.parquet", None),
    ]);
    let q = |p: &str| paths(&m, &m.filter(&Query::parse(p)));
    assert_eq!(
        q("data/*/*.parquet"),
        vec!["data/train/part-1.parquet", "/data//train/part-4.parquet"]
    );
    assert_eq!(
        q("data/**/*.parquet"),
        vec![
            "data/train/part-1.parquet",
            "data/part-0.parquet",
            "data/train/deep/part-2.parquet",
            "/data//train/part-4.parquet"
        ]
    );
    assert_eq!(q("**/train/*.parquet").len(), 3);
    assert_eq!(q("data/**").len(), 4);
    // Without a wildcard the text is a substring; as a glob, a trailing `/` means "below".
    assert_eq!(q("/data/train/"), vec!["other/data/train/part-3.parquet"]);
    let below = Glob::new("/data/train/");
    assert!(below.is_match("data/train/deep/part-2.parquet"));
    assert!(!below.is_match("data/trainee/x"));
    assert_eq!(
        q("d**/part-1.parquet"),
        vec!["data/train/part-1.parquet"],
        "** inside a segment crosses folders"
    );
    assert!(
        q("data**parquet").is_empty(),
        "no `/`: matched against file names only"
    );
}

#[test]
fn glob_syntax_edge_cases() {
    let g = |p: &str, t: &str| Glob::new(p).is_match(t);
    assert!(g("?.txt", "a.txt"));
    assert!(g("?.txt", "ß.txt"), "? is one character, not one byte");
    assert!(!g("?.txt", "ab.txt"));
    assert!(g("file[0-9].bin", "file7.bin"));
    assert!(!g("file[0-9].bin", "filex.bin"));
    assert!(g("file[!0-9].bin", "filex.bin"));
    assert!(g("file[^0-9].bin", "filex.bin"));
    assert!(!g("file[!0-9].bin", "file3.bin"));
    assert!(g("[abc]", "B"), "classes are case-insensitive");
    assert!(g("[]]", "]"));
    assert!(g("[!]]", "a"));
    assert!(g("[*]", "*"));
    assert!(g("a[", "a["), "an unclosed [ is literal");
    assert!(g("[z-a]", "m"), "reversed ranges are accepted");
    assert!(g("*", ""));
    assert!(g("**", ""));
    assert!(!g("a/*", "a/b/c"));
    assert!(g("a/**", "a/b/c"));
    assert!(g("a/**/c", "a/c"));
    assert!(g("a/**/c", "a/x/y/c"));
    assert!(!g("a/**/c", "a/xc"));
    assert!(!g("a?b", "a/b"));
    assert!(!g("a[/]b", "a/b"));
    assert!(g("*a*a*a*a*b", &format!("{}b", "a".repeat(50))));
    assert!(g("Ünï*", "ünïcode"));
    assert!(g("模型/*", "模型/ß.txt"));
    assert!(g("exact.txt", "EXACT.txt"));
    assert!(!g("exact.txt", "exact.txt2"));
    assert!(!g("ab*ba", "aba"), "prefix and suffix must not overlap");
    // Long patterns use the heap bit set.
    let long_pattern = format!("*{}*", "?".repeat(300));
    assert!(g(&long_pattern, &"x".repeat(300)));
    assert!(!g(&long_pattern, &"x".repeat(299)));
}

#[test]
fn glob_has_no_backtracking_blowup() {
    // Finishing at all is the test (a backtracking matcher takes ages here); the time these
    // take is printed by `cargo run --release --example domain_bench`, not asserted.
    let text = "a".repeat(10_000);
    assert!(!Glob::new("*a*a*a*a*a*a*a*a*a*a*b").is_match(&text));
    assert!(!Glob::new("**a**a**a**a**a**a**b").is_match(&text));
    let nested = format!("{}/x", "a/".repeat(3_000));
    assert!(!Glob::new("**/a/**/a/**/a/**/b").is_match(&nested));
}

#[test]
fn query_detects_globs() {
    assert!(matches!(Query::parse("*.bin"), Query::Glob(_)));
    assert!(matches!(Query::parse("a?"), Query::Glob(_)));
    assert!(matches!(Query::parse("[ab]"), Query::Glob(_)));
    assert!(matches!(Query::parse("model"), Query::Contains(_)));
    assert_eq!(Query::parse(" "), Query::All);
    assert!(Query::parse("*.txt").matches_path("/x//y/z.txt"));
    assert!(Query::parse("x/*/z.txt").matches_path("/x//y/z.txt"));
    assert!(Query::parse("Y/Z").matches_path("/x/y/z.txt"));
}

// ---------- folders ----------

#[test]
fn folder_rows_folders_first_then_files() {
    let m = manifest(&[
        ("m/file10.bin", Some(1)),
        ("m/b/x", Some(100)),
        ("m/file2.bin", Some(50)),
        ("m/a/y", Some(7)),
    ]);
    let folder = m.folder_by_path("m").unwrap();
    let rows = m.folder_rows(folder, SortKey::Path, SortDir::Asc);
    let a = m.folder_by_path("m/a").unwrap();
    let b = m.folder_by_path("m/b").unwrap();
    assert_eq!(
        rows,
        vec![Row::Folder(a), Row::Folder(b), Row::File(2), Row::File(0)]
    );
    let rows = m.folder_rows(folder, SortKey::Size, SortDir::Desc);
    assert_eq!(
        rows,
        vec![Row::Folder(b), Row::Folder(a), Row::File(2), Row::File(0)]
    );
    assert!(rows[0].is_folder());
    assert!(m.folder_rows(9_999, SortKey::Path, SortDir::Asc).is_empty());
}

#[test]
fn breadcrumbs_and_folder_paths() {
    let m = model_version();
    let train = m.folder_by_path("/data//train/").unwrap();
    assert_eq!(m.folder_path(train), "data/train");
    let crumbs = m.breadcrumbs(train);
    assert_eq!(
        crumbs,
        vec![
            Crumb {
                folder: ROOT,
                name: String::new(),
                path: String::new()
            },
            Crumb {
                folder: m.folder_by_path("data").unwrap(),
                name: "data".into(),
                path: "data".into()
            },
            Crumb {
                folder: train,
                name: "train".into(),
                path: "data/train".into()
            },
        ]
    );
    assert_eq!(m.folder_by_path(""), Some(ROOT));
    assert_eq!(m.folder_by_path("data/nope"), None);
    assert_eq!(m.breadcrumbs(12_345).len(), 1);
    assert_eq!(m.folder_path(ROOT), "");
}

// ---------- windowing ----------

#[test]
fn window_basic_and_spacers() {
    let w = window(1_000, 28.0, 800.0, 0.0, 8);
    assert_eq!(w.rows, 0..37);
    assert_eq!(w.top_px, 0.0);
    assert_eq!(w.bottom_px, (1_000 - 37) as f64 * 28.0);
    assert_eq!(w.total_px, 28_000.0);
    let w = window(1_000, 28.0, 800.0, 28.0 * 500.0 + 5.0, 8);
    assert_eq!(w.rows, 492..537);
    assert_eq!(
        w.top_px + (w.rows.len() as f64) * 28.0 + w.bottom_px,
        w.total_px
    );
    assert!(w.rows.len() <= 60);
}

#[test]
fn window_clamps_and_degenerate_inputs() {
    // Scrolled far past the end (list shrank): show the last page.
    let w = window(100, 28.0, 800.0, 1e9, 8);
    assert_eq!(w.rows.end, 100);
    assert!(w.rows.start <= 100 - 28);
    assert_eq!(w.bottom_px, 0.0);
    // Negative / NaN scroll.
    assert_eq!(window(100, 28.0, 800.0, -50.0, 0).rows.start, 0);
    assert_eq!(window(100, 28.0, 800.0, f64::NAN, 0).rows.start, 0);
    // Zero rows, zero or bad heights.
    assert_eq!(window(0, 28.0, 800.0, 0.0, 8).rows, 0..0);
    assert_eq!(window(100, 0.0, 800.0, 0.0, 8).rows, 0..0);
    assert_eq!(window(100, f64::NAN, 800.0, 0.0, 8).rows, 0..0);
    assert_eq!(window(100, 28.0, 0.0, 0.0, 8).rows, 0..8);
    assert_eq!(window(100, 28.0, f64::INFINITY, 0.0, 8).rows, 0..8);
    // Fewer rows than the viewport.
    let w = window(3, 28.0, 800.0, 500.0, 8);
    assert_eq!((w.rows, w.top_px, w.bottom_px), (0..3, 0.0, 0.0));
    // Huge lists.
    let w = window(usize::MAX / 2, 28.0, 800.0, 1e12, usize::MAX);
    assert!(w.rows.start == 0 && w.rows.end == usize::MAX / 2);
}

#[test]
fn window_never_renders_more_than_sixty_rows_in_800px() {
    for scroll in (0..200_000).step_by(997) {
        let w = window(5_000, 28.0, 800.0, scroll as f64, 8);
        assert!(w.rows.len() <= 60, "{scroll}: {:?}", w.rows);
        assert!(!w.rows.is_empty());
    }
}

// ---------- diffing ----------

#[test]
fn diff_reports_added_removed_changed() {
    let mut old_entries = vec![
        entry("model/weights.bin", Some(100)),
        entry("model/config.json", Some(10)),
        entry("data/old.csv", Some(5)),
        entry("README.md", None),
        entry("same.txt", Some(1)),
    ];
    old_entries[1].digest = Some("aaa".into());
    let mut new_entries = vec![
        entry("/model//weights.bin", Some(120)),
        entry("model/config.json", Some(10)),
        entry("data/new file.csv", Some(6)),
        entry("README.md", Some(9)),
        entry("same.txt", Some(1)),
        entry("data/a10.csv", Some(1)),
        entry("data/a9.csv", Some(1)),
    ];
    new_entries[1].digest = Some("bbb".into());
    let old = Manifest::new(old_entries);
    let new = Manifest::new(new_entries);
    let d = diff(&old, &new);
    assert_eq!(
        paths(&new, &d.added),
        vec!["data/a9.csv", "data/a10.csv", "data/new file.csv"]
    );
    assert_eq!(paths(&old, &d.removed), vec!["data/old.csv"]);
    assert_eq!(
        d.changed,
        vec![
            Change {
                old: 1,
                new: 1,
                size: false,
                digest: true
            },
            Change {
                old: 0,
                new: 0,
                size: true,
                digest: false
            },
        ]
    );
    // README: unknown → 9 bytes is not evidence of a change.
    assert_eq!(d.unchanged, 2);
    let same = diff(&new, &new);
    assert!(same.added.is_empty() && same.removed.is_empty() && same.changed.is_empty());
    assert_eq!(same.unchanged, new.len());
}

// ---------- formatting ----------

#[test]
fn formats_bytes() {
    assert_eq!(human_bytes(0), "0 B");
    assert_eq!(human_bytes(999), "999 B");
    assert_eq!(human_bytes(1_000), "1.0 KB");
    assert_eq!(human_bytes(1_500), "1.5 KB");
    assert_eq!(human_bytes(12_345_678), "12.3 MB");
    assert_eq!(human_bytes(999_949), "999.9 KB");
    assert_eq!(human_bytes(999_950), "1.0 MB");
    assert_eq!(human_bytes(2_000_000_000), "2.0 GB");
    assert_eq!(human_bytes(u64::MAX), "18.4 EB");
    assert_eq!(human_size(None), "—");
    assert_eq!(human_size(Some(1_500)), "1.5 KB");
    assert_eq!(exact_bytes(1_234_567), "1,234,567 bytes");
    assert_eq!(exact_bytes(1), "1 byte");
    assert_eq!(exact_bytes(0), "0 bytes");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1_000), "1,000");
    assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
}

// ---------- folder walk ----------

/// A simulated MLflow artifact tree: `artifacts/list` answers with full paths, one level.
struct FakeServer {
    files: Vec<(String, u64)>,
    failing: Vec<String>,
}

impl FakeServer {
    fn list(&self, folder: &str) -> Result<Vec<ListingItem>, String> {
        if self.failing.iter().any(|f| f == folder) {
            return Err(format!("RESOURCE_DOES_NOT_EXIST: {folder}"));
        }
        let prefix = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        let mut items: Vec<ListingItem> = Vec::new();
        for (path, size) in &self.files {
            let Some(rest) = path.strip_prefix(&prefix) else {
                continue;
            };
            match rest.split_once('/') {
                Some((dir, _)) => {
                    let full = format!("{prefix}{dir}");
                    if !items.iter().any(|(p, d, _)| *d && *p == full) {
                        items.push((full, true, None));
                    }
                }
                None => items.push((path.clone(), false, Some(*size))),
            }
        }
        Ok(items)
    }

    /// Drives a walk like the browser would: requests answered out of order.
    fn run(&self, walk: &mut Walk) -> usize {
        let mut max_seen_in_flight = 0;
        let mut pending: Vec<String> = Vec::new();
        let mut rounds = 0;
        while !walk.is_done() {
            pending.extend(walk.next_requests(6));
            max_seen_in_flight = max_seen_in_flight.max(walk.progress().in_flight);
            assert!(walk.progress().in_flight <= 6);
            // Answer the newest request first, to scramble the order.
            let folder = pending.pop().expect("walk not done but nothing pending");
            match self.list(&folder) {
                Ok(items) => assert!(walk.on_listing(&folder, items)),
                Err(e) => assert!(walk.on_error(&folder, e)),
            }
            rounds += 1;
            assert!(rounds < 100_000);
        }
        max_seen_in_flight as usize
    }
}

fn fake_tree() -> FakeServer {
    let mut files = Vec::new();
    for e in 0..5 {
        for s in 0..4 {
            files.push((
                format!("model/checkpoints/epoch_{e:03}/shard-{s:05}-of-00004.safetensors"),
                1_000 + s,
            ));
        }
    }
    for i in 0..30 {
        files.push((format!("model/data/train/part-{i:06}.parquet"), 10));
    }
    files.push(("model/données/模型/ß.txt".into(), 3));
    files.push(("model/with space/a b.txt".into(), 4));
    files.push(("model/config.json".into(), 7));
    files.push(("other/ignored.txt".into(), 1));
    FakeServer {
        files,
        failing: Vec::new(),
    }
}

#[test]
fn walk_lists_whole_tree_with_bounded_concurrency() {
    let server = fake_tree();
    let mut walk = Walk::new("model");
    assert_eq!(walk.progress().folders_left, 1);
    let max_in_flight = server.run(&mut walk);
    assert!(max_in_flight > 1 && max_in_flight <= 6);
    let p = walk.progress();
    assert_eq!(p.files, 53);
    assert_eq!(p.bytes, 20 * 1_000 + 5 * 6 + 300 + 3 + 4 + 7);
    assert_eq!(p.errors, 0);
    assert_eq!(p.folders_left, 0);
    // model, checkpoints, 5 epochs, data, train, données, 模型, with space
    assert_eq!(p.folders_done, 12);
    assert!(!walk.is_truncated());
    assert_eq!(p.to_string(), "53 files");
    let m = walk.into_manifest();
    assert_eq!(m.len(), 53);
    assert!(m.entries().iter().all(|e| !e.path.starts_with("model/")));
    assert_eq!(m.filter(&Query::parse("*.safetensors")).len(), 20);
    assert!(m.folder_by_path("données/模型").is_some());
    assert_eq!(m.totals().folders, 11);
}

#[test]
fn walk_from_root_with_errors_continues() {
    let mut server = fake_tree();
    server.failing.push("model/data".into());
    let mut walk = Walk::new("");
    server.run(&mut walk);
    let p = walk.progress();
    assert_eq!(p.errors, 1);
    assert_eq!(p.files, 24);
    assert_eq!(walk.errors()[0].folder, "model/data");
    assert!(walk.errors()[0].message.contains("RESOURCE_DOES_NOT_EXIST"));
    assert_eq!(p.to_string(), "24 files · 1 error");
    assert!(walk.entries().iter().any(|e| e.path == "model/config.json"));
}

#[test]
fn walk_progress_line_mid_walk_and_stale_answers() {
    let server = fake_tree();
    let mut walk = Walk::new("model");
    let first = walk.next_requests(6);
    assert_eq!(first, vec!["model"]);
    assert!(walk.next_requests(6).is_empty(), "nothing else known yet");
    assert!(walk.on_listing("model", server.list("model").unwrap()));
    assert!(
        !walk.on_listing("model", server.list("model").unwrap()),
        "duplicate answer"
    );
    assert!(!walk.on_error("nowhere", "x"), "unknown folder");
    let p = walk.progress();
    assert_eq!(p.files, 1);
    assert_eq!(p.folders_left, 4);
    assert_eq!(p.to_string(), "1 file · 4 folders left");
    let next = walk.next_requests(2);
    assert_eq!(next.len(), 2);
    assert_eq!(walk.progress().in_flight, 2);
    assert!(walk.next_requests(2).is_empty());
    assert_eq!(
        walk.next_requests(0).len(),
        0,
        "0 means 1, and 2 are already out"
    );
}

#[test]
fn walk_truncates_after_max_files() {
    let server = fake_tree();
    let mut walk = Walk::with_limits(
        "model",
        WalkLimits {
            max_files: 10,
            max_folders: 1_000,
        },
    );
    server.run(&mut walk);
    assert!(walk.is_done());
    assert!(walk.is_truncated());
    assert_eq!(walk.progress().files, 10);
    assert!(walk.progress().to_string().ends_with("· truncated"));
}

#[test]
fn walk_stops_on_self_listing_server() {
    // A broken server that lists a folder inside every folder, forever.
    let mut walk = Walk::with_limits(
        "",
        WalkLimits {
            max_files: 1_000,
            max_folders: 50,
        },
    );
    let mut rounds = 0;
    while !walk.is_done() {
        for folder in walk.next_requests(6) {
            let child = if folder.is_empty() {
                "loop".to_string()
            } else {
                format!("{folder}/loop")
            };
            walk.on_listing(
                &folder,
                vec![(child, true, None), ("f".into(), false, Some(1))],
            );
        }
        rounds += 1;
        assert!(rounds < 1_000);
    }
    assert!(walk.is_truncated());
    assert!(walk.progress().folders_done <= 50);
}

#[test]
fn walk_ignores_empty_names_and_normalises_root() {
    let mut walk = Walk::new("/model/");
    assert_eq!(walk.root(), "model");
    let req = walk.next_requests(6);
    assert_eq!(req, vec!["model"]);
    walk.on_listing(
        "model",
        vec![
            (String::new(), false, Some(1)),
            ("/".into(), true, None),
            ("model/a.txt".into(), false, Some(2)),
            ("b.txt".into(), false, None),
        ],
    );
    assert!(walk.is_done());
    let paths: Vec<_> = walk.entries().iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, vec!["a.txt", "b.txt"]);
}

// ---------- scale ----------

#[test]
fn large_manifest_is_consistent() {
    let entries: Vec<_> = (0..20_000u64)
        .map(|i| {
            entry(
                &format!("d{}/e{}/f{i}.bin", i % 7, i % 13),
                (i % 10 != 0).then_some(i),
            )
        })
        .collect();
    let m = Manifest::new(entries);
    assert_eq!(m.len(), 20_000);
    let sum: u64 = m.folders()[1..]
        .iter()
        .filter(|f| f.depth() == 1)
        .map(|f| f.total_bytes())
        .sum();
    assert_eq!(sum, m.totals().bytes);
    let by_size = m.sorted(SortKey::Size, SortDir::Asc);
    let sizes: Vec<_> = by_size.iter().map(|&r| m.entry(r).unwrap().size).collect();
    let known = sizes.iter().take_while(|s| s.is_some()).count();
    assert_eq!(known, 18_000);
    assert!(sizes[..known].windows(2).all(|w| w[0] <= w[1]));
    let expected = (0..20_000).filter(|i| i % 7 == 3).count();
    assert_eq!(m.filter(&Query::parse("d3/**/f*.bin")).len(), expected);
}

/// Exponential but obviously-correct reference for the glob semantics (no classes).
fn reference_glob(p: &[char], t: &[char], segment_start: bool) -> bool {
    match p.first() {
        None => t.is_empty(),
        Some('*') => {
            let stars = p.iter().take_while(|&&c| c == '*').count();
            let rest = &p[stars..];
            if stars == 1 {
                (0..=t.len())
                    .take_while(|&k| !t[..k].contains(&'/'))
                    .any(|k| reference_glob(rest, &t[k..], false))
            } else if segment_start && rest.first() == Some(&'/') {
                reference_glob(&rest[1..], t, true)
                    || (1..=t.len())
                        .filter(|&k| t[k - 1] == '/')
                        .any(|k| reference_glob(&rest[1..], &t[k..], true))
            } else {
                (0..=t.len()).any(|k| reference_glob(rest, &t[k..], false))
            }
        }
        Some('?') => !t.is_empty() && t[0] != '/' && reference_glob(&p[1..], &t[1..], false),
        Some(&c) => {
            !t.is_empty()
                && t[0].eq_ignore_ascii_case(&c)
                && reference_glob(&p[1..], &t[1..], c == '/')
        }
    }
}

#[test]
fn glob_agrees_with_reference_on_random_cases() {
    let mut state = 0x1234_5678_u64;
    let mut next = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let pattern_alphabet = ['a', 'B', '/', '*', '*', '?', 'b'];
    let text_alphabet = ['a', 'b', 'A', '/'];
    for _ in 0..20_000 {
        let plen = 1 + next(7) as usize;
        let mut pattern: String = (0..plen)
            .map(|_| pattern_alphabet[next(pattern_alphabet.len() as u64) as usize])
            .collect();
        pattern = pattern.trim_matches('/').to_string();
        if pattern.is_empty() {
            continue;
        }
        let tlen = next(9) as usize;
        let text: String = (0..tlen)
            .map(|_| text_alphabet[next(text_alphabet.len() as u64) as usize])
            .collect();
        let p: Vec<char> = pattern.chars().collect();
        let t: Vec<char> = text.chars().collect();
        assert_eq!(
            Glob::new(&pattern).is_match(&text),
            reference_glob(&p, &t, true),
            "pattern {pattern:?} text {text:?}"
        );
    }
}

fn xorshift(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut state = seed;
    move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    }
}

#[test]
fn natural_key_prefix_agrees_with_natural_cmp() {
    use super::sort::natural_key_prefix;
    let mut next = xorshift(0xfeed_beef);
    let alphabet = ['a', 'A', 'b', '0', '1', '9', '-', '.', '_', 'é'];
    let random = |next: &mut dyn FnMut(u64) -> u64| -> String {
        let len = next(24) as usize;
        (0..len)
            .map(|_| alphabet[next(alphabet.len() as u64) as usize])
            .collect()
    };
    let long_digits = format!("x{}", "7".repeat(300));
    let longer_digits = format!("x{}", "7".repeat(301));
    assert!(natural_key_prefix(&long_digits) < natural_key_prefix(&longer_digits));
    for _ in 0..50_000 {
        let (a, b) = (random(&mut next), random(&mut next));
        let (ka, kb) = (natural_key_prefix(&a), natural_key_prefix(&b));
        if ka != kb {
            assert_eq!(ka.cmp(&kb), natural_cmp(&a, &b), "{a:?} vs {b:?}");
        }
    }
}

/// Reference path order: segment-wise natural comparison, shorter (file) first.
fn reference_path_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (sa, sb): (Vec<_>, Vec<_>) = (segments(a).collect(), segments(b).collect());
    for (x, y) in sa.iter().zip(&sb) {
        let ord = natural_cmp(x, y);
        if ord != std::cmp::Ordering::Equal {
            return ord;
        }
    }
    sa.len().cmp(&sb.len())
}

#[test]
fn path_order_is_segment_wise_natural_order() {
    let mut next = xorshift(0x0dd_ba11);
    let names = [
        "a", "A", "a1", "a01", "a10", "a2", "b", "a.txt", "a-b", "ß", "x9y", "x10y",
    ];
    let entries: Vec<_> = (0..3_000)
        .map(|_| {
            let depth = 1 + next(4) as usize;
            let path: Vec<&str> = (0..depth)
                .map(|_| names[next(names.len() as u64) as usize])
                .collect();
            entry(&path.join("/"), Some(next(5)))
        })
        .collect();
    let m = Manifest::new(entries);
    let sorted = m.sorted(SortKey::Path, SortDir::Asc);
    for w in sorted.windows(2) {
        let (a, b) = (m.normalized_path(w[0]), m.normalized_path(w[1]));
        assert_eq!(
            reference_path_cmp(a, b),
            std::cmp::Ordering::Less,
            "{a:?} !< {b:?}"
        );
    }
    let mut desc = m.sorted(SortKey::Path, SortDir::Desc);
    desc.reverse();
    assert_eq!(desc, sorted);
}

#[test]
fn path_order_keeps_folders_together() {
    let m = manifest(&[
        ("a1/b", None),
        ("a01/z", None),
        ("a1", None),
        ("a01/a", None),
        ("a1.txt", None),
    ]);
    assert_eq!(
        paths(&m, &m.sorted(SortKey::Path, SortDir::Asc)),
        vec!["a01/a", "a01/z", "a1", "a1/b", "a1.txt"]
    );
}

#[test]
fn paged_listings_are_followed_to_their_last_page() {
    let mut walk = Walk::new("");
    assert_eq!(walk.next_requests(6), vec![""]);
    assert_eq!(walk.page_token(""), None);
    assert!(walk.on_listing_page(
        "",
        vec![("a.txt".into(), false, Some(1)), ("d".into(), true, None)],
        Some("p2".into())
    ));
    // the root again, from page 2, before its subfolder
    assert_eq!(walk.next_requests(1), vec![""]);
    assert_eq!(walk.page_token(""), Some("p2"));
    assert!(!walk.is_done());
    assert!(walk.on_listing_page("", vec![("b.txt".into(), false, Some(2))], None));
    assert_eq!(walk.page_token(""), None);
    assert_eq!(walk.next_requests(6), vec!["d"]);
    walk.on_listing("d", vec![("c.txt".into(), false, Some(3))]);
    assert!(walk.is_done());
    let paths: Vec<&str> = walk.entries().iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["a.txt", "b.txt", "d/c.txt"]);
    assert_eq!(walk.progress().folders_done, 2);
}
