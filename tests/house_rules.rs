//! Rules of the house that a reviewer would otherwise have to remember, checked on the source:
//!
//! * every `sort_by` / `sort_unstable_by` in `src/` is accounted for: its comparator is proven a
//!   total order on random mixed values in `tests/sort_orders.rs` (or is a lexicographic
//!   comparison of `Ord` keys / `f64::total_cmp`, said so below). A new call site fails this
//!   test until it is added to [`COMPARATOR_SITES`] with the test that covers it;
//! * no test measures wall-clock time: timings flake on a loaded machine and belong in a
//!   benchmark (`examples/*_bench.rs`, `scripts/bench/`), which prints them.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// `(file, number of comparator sorts in it, what proves them total)`.
const COMPARATOR_SITES: &[(&str, usize, &str)] = &[
    (
        "src/domain/artifact.rs",
        3,
        "sort_orders::model_and_dataset_collections_number_versions_in_order",
    ),
    ("src/domain/run.rs", 1, "sort_orders::runs_keep_metrics_sorted_by_key"),
    (
        "src/domain/sweep/mod.rs",
        3,
        "sort_orders::sweeps_are_ordered_by_size_then_name, \
         metric_keys_and_rankings_are_ordered_with_nan_and_infinities",
    ),
    (
        "src/domain/table.rs",
        2,
        "sort_orders::version_cmp_is_total_for_every_column_and_direction, \
         key_columns_are_ordered_by_count_then_name",
    ),
    (
        "src/lineage/layout/components.rs",
        1,
        "f64::total_cmp then index; \
         sort_orders::layout_orders_by_previous_positions_even_when_they_are_nan_or_infinite",
    ),
    (
        "src/lineage/layout/order.rs",
        2,
        "f64::total_cmp then index; \
         sort_orders::layout_orders_by_previous_positions_even_when_they_are_nan_or_infinite",
    ),
    (
        "src/lineage/layout/position.rs",
        1,
        "f64::total_cmp then index; \
         sort_orders::layout_orders_by_previous_positions_even_when_they_are_nan_or_infinite",
    ),
    (
        "src/manifest/mod.rs",
        1,
        "(folder, name, index) tuples; sort_orders::manifests_of_mixed_paths_sort_both_ways_without_panicking",
    ),
    (
        "src/manifest/sort.rs",
        2,
        "sort_orders::natural_cmp_is_total_on_mixed_names, manifests_of_mixed_paths_sort_both_ways_without_panicking",
    ),
    (
        "src/plan/consumers.rs",
        1,
        "(start, id) tuples: lexicographic Ord, total by construction",
    ),
    (
        "src/plan/traverse.rs",
        1,
        "(start, id) tuples: lexicographic Ord, total by construction",
    ),
    (
        "src/order.rs",
        2,
        "the checker itself, and its own test",
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn every_comparator_sort_has_a_total_order_test() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut problems = Vec::new();
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let n = text.matches(".sort_by(").count() + text.matches(".sort_unstable_by(").count();
        if n == 0 {
            continue;
        }
        let name = relative(file);
        found.push(name.clone());
        match COMPARATOR_SITES.iter().find(|(f, _, _)| *f == name) {
            Some((_, listed, _)) if *listed == n => {}
            Some((_, listed, _)) => problems.push(format!(
                "{name} has {n} comparator sorts, the list says {listed}"
            )),
            None => problems.push(format!("{name} has {n} comparator sorts and is not listed")),
        }
    }
    for (f, _, _) in COMPARATOR_SITES {
        if !found.iter().any(|x| x == f) {
            problems.push(format!("{f} is listed but has no comparator sort any more"));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nA comparator given to sort_by must be a total order: give it a name (or sort \
         through a public function), prove it with crate::order::check::total_order on random \
         mixed values in tests/sort_orders.rs, and update COMPARATOR_SITES in {}.",
        problems.join("\n"),
        file!()
    );
}

#[test]
fn no_test_asserts_on_wall_clock_time() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    rust_files(&root().join("tests"), &mut files);
    let mut offenders = Vec::new();
    for file in &files {
        let name = relative(file);
        if name == "tests/house_rules.rs" {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap_or_default();
        // in src/, only the test code (after `#[cfg(test)]`) and test-only modules
        let test_code = if name.starts_with("tests/") || name.ends_with("/tests.rs") {
            text.as_str()
        } else {
            text.find("#[cfg(test)]").map_or("", |i| &text[i..])
        };
        for needle in ["Instant::now", ".elapsed()", "SystemTime::now"] {
            if test_code.contains(needle) {
                offenders.push(format!("{name}: {needle}"));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "tests must not measure time (it flakes on a loaded machine); print timings from a \
         benchmark instead (examples/domain_bench.rs): {offenders:?}"
    );
}
