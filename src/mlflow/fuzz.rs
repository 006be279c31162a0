//! A small, deterministic fuzzer for the MLflow decoders and the wire → domain mapping: random
//! byte- and JSON-level mutations of captured responses (missing fields, nulls, wrong types,
//! huge numbers, deep nesting, huge arrays, truncation, control and bidi characters), each
//! decoded with [`super::decode`] and, when that succeeds, mapped to domain types. Anything
//! but a panic is fine: a decode error is the correct answer to garbage.
//!
//! Native only (the browser bundle does not contain it). Used by `tests/fuzz.rs` and by
//! `cargo run --release --example fuzz_decoders -- 200000`.

use super::{decode, files, graphql, wire, ApiError};
use crate::domain::{artifact, compare, sweep, table, Project, Run};
use crate::lineage::{graph, view};
use crate::manifest::{Manifest, ManifestEntry, SortDir, SortKey};
use crate::preview;
use serde_json::{Map, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// xorshift64*: tiny, fast, reproducible from its seed.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// What a fixture decodes as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    SearchExperiments,
    GetExperiment,
    SearchRuns,
    GetRun,
    SearchLoggedModels,
    GetLoggedModel,
    SearchRegisteredModels,
    GetRegisteredModel,
    SearchModelVersions,
    GetModelVersion,
    ListArtifacts,
    SearchDatasets,
    Graphql,
    Error,
    /// A downloaded file shown in a preview (JSON, CSV, text, binary sniffing).
    FileBody,
}

pub const TARGETS: [Target; 15] = [
    Target::SearchExperiments,
    Target::GetExperiment,
    Target::SearchRuns,
    Target::GetRun,
    Target::SearchLoggedModels,
    Target::GetLoggedModel,
    Target::SearchRegisteredModels,
    Target::GetRegisteredModel,
    Target::SearchModelVersions,
    Target::GetModelVersion,
    Target::ListArtifacts,
    Target::SearchDatasets,
    Target::Graphql,
    Target::Error,
    Target::FileBody,
];

/// The decoder for a captured fixture, by its file name.
pub fn target_of(file: &str) -> Option<Target> {
    let t = match file {
        f if f.starts_with("experiments_search_datasets") => Target::SearchDatasets,
        f if f.starts_with("experiments_search") => Target::SearchExperiments,
        f if f.starts_with("experiments_get") => Target::GetExperiment,
        f if f.starts_with("runs_search") => Target::SearchRuns,
        f if f.starts_with("runs_get") => Target::GetRun,
        f if f.starts_with("logged_models_search") => Target::SearchLoggedModels,
        f if f.starts_with("logged_models_get") => Target::GetLoggedModel,
        f if f.starts_with("logged_models_artifacts") || f.starts_with("artifacts_list") => {
            Target::ListArtifacts
        }
        f if f.starts_with("registered_models_search") => Target::SearchRegisteredModels,
        f if f.starts_with("registered_models_get") => Target::GetRegisteredModel,
        f if f.starts_with("registered_models_alias") || f.starts_with("model_versions_get") => {
            Target::GetModelVersion
        }
        f if f.starts_with("model_versions_search") => Target::SearchModelVersions,
        f if f.starts_with("graphql") => Target::Graphql,
        f if f.starts_with("error_") => Target::Error,
        _ => return None,
    };
    Some(t)
}

/// Decodes `text` as `target` and maps whatever decodes through the domain code the pages use
/// (collections, version tables sorted by every column, comparisons, sweeps, rankings, the
/// lineage graph and its views, file manifests, previews). Returns whether it decoded. Never
/// panics (that is what is being tested).
pub fn exercise(target: Target, text: &str) -> bool {
    let url = "/fuzz";
    match target {
        Target::SearchExperiments => decode::<wire::SearchExperimentsResponse>(url, text)
            .map(|r| r.experiments.iter().map(Project::from).count())
            .is_ok(),
        Target::GetExperiment => decode::<wire::GetExperimentResponse>(url, text)
            .map(|r| Project::from(&r.experiment))
            .is_ok(),
        Target::SearchRuns => decode::<wire::SearchRunsResponse>(url, text)
            .map(|r| runs_through_domain(&r.runs))
            .is_ok(),
        Target::GetRun => decode::<wire::GetRunResponse>(url, text)
            .map(|r| runs_through_domain(std::slice::from_ref(&r.run)))
            .is_ok(),
        Target::SearchLoggedModels => decode::<wire::SearchLoggedModelsResponse>(url, text)
            .map(|r| models_through_domain(&r.models, &[], &[]))
            .is_ok(),
        Target::GetLoggedModel => decode::<wire::GetLoggedModelResponse>(url, text)
            .map(|r| models_through_domain(std::slice::from_ref(&r.model), &[], &[]))
            .is_ok(),
        Target::SearchRegisteredModels => decode::<wire::SearchRegisteredModelsResponse>(url, text)
            .map(|r| models_through_domain(&[], &r.registered_models, &[]))
            .is_ok(),
        Target::GetRegisteredModel => decode::<wire::GetRegisteredModelResponse>(url, text)
            .map(|r| models_through_domain(&[], std::slice::from_ref(&r.registered_model), &[]))
            .is_ok(),
        Target::SearchModelVersions => decode::<wire::SearchModelVersionsResponse>(url, text)
            .map(|r| models_through_domain(&[], &[], &r.model_versions))
            .is_ok(),
        Target::GetModelVersion => decode::<wire::GetModelVersionResponse>(url, text)
            .map(|r| models_through_domain(&[], &[], std::slice::from_ref(&r.model_version)))
            .is_ok(),
        Target::ListArtifacts => decode::<wire::ListArtifactsResponse>(url, text)
            .map(|r| {
                // as the folder walk does: listing items, then the manifest and its table
                let items = files::listing_items(&r);
                let entries: Vec<ManifestEntry> = items
                    .into_iter()
                    .map(|(path, _, size)| ManifestEntry::new(path, size))
                    .collect();
                manifest_through_table(Manifest::new(entries));
            })
            .is_ok(),
        Target::SearchDatasets => decode::<wire::SearchDatasetsResponse>(url, text)
            .map(|r| r.dataset_summaries.len())
            .is_ok(),
        Target::Graphql => {
            // run listings (mlflowSearchRuns pages) and runs by id (mlflowGetRun batches), as
            // the plans read them
            if let Ok((runs, _)) = graphql::split_search_runs(url, text) {
                runs_through_domain(&runs);
            }
            if let Ok(runs) = graphql::split_get_runs(url, text) {
                runs_through_domain(&runs);
            }
            decode::<wire::GraphqlResponse<Value>>(url, text).is_ok()
        }
        Target::Error => {
            for status in [400, 401, 403, 404, 429, 500, 502, 599, 0, 999] {
                let e = ApiError::from_status(url, status, text);
                let _ = (e.title(), e.detail(), e.is_retryable(), e.is_not_found());
            }
            true
        }
        Target::FileBody => {
            // a downloaded file (maybe cut at 1 MB) through every preview
            let bytes = text.as_bytes();
            // cut inside a character half the time, as a 1 MB range can be
            let b = &bytes[..bytes.len().min(bytes.len() / 2 + bytes.len() % 2)];
            let _ = preview::is_binary(b);
            let t = preview::text_of(b);
            let _ = preview::pretty_json(&t);
            let _ = preview::csv_rows(&t, if t.len().is_multiple_of(2) { ',' } else { '\t' }, 51);
            true
        }
    }
}

fn runs_through_domain(runs: &[wire::Run]) {
    let runs: Vec<Run> = runs.iter().map(Run::from).collect();
    let collections = artifact::dataset_collections(&runs);
    let _ = sweep::sweeps(&runs);
    for metric in sweep::metric_keys(&runs).iter().take(3) {
        for goal in [sweep::Goal::Max, sweep::Goal::Min] {
            let _ = sweep::rank(&runs, metric, goal);
        }
    }
    for c in &collections {
        for v in &c.versions {
            let _ = files::dataset_entries(&c.name, v);
        }
    }
    touch(&collections);
    lineage_through_views(&runs, &collections);
}

fn models_through_domain(
    models: &[wire::LoggedModel],
    registered: &[wire::RegisteredModel],
    versions: &[wire::ModelVersion],
) {
    let mut collections = artifact::model_collections(models);
    artifact::attach_registry(&mut collections, registered, versions);
    for v in versions {
        let _ = artifact::logged_model_of(v);
    }
    touch(&collections);
    lineage_through_views(&[], &collections);
}

/// What the collection and version pages do with a collection: resolve specs, sort the
/// version table by every column both ways, filter, page, compare neighbours.
fn touch(collections: &[crate::domain::Collection]) {
    for c in collections {
        let _ = c.last_update();
        for spec in [
            "v0",
            "v1",
            "latest",
            "champion",
            "v99999999999999999999",
            "",
        ] {
            let _ = c.resolve(spec);
        }
        let (metrics, params) = table::key_columns(c, 3);
        let mut columns = vec![
            table::Column::Version,
            table::Column::Created,
            table::Column::LoggedBy,
        ];
        columns.extend(metrics.into_iter().map(table::Column::Metric));
        columns.extend(params.into_iter().map(table::Column::Param));
        for col in &columns {
            for desc in [false, true] {
                let rows = table::rows(c, "", col, desc);
                let _ = table::page(&rows, 1, 50);
            }
        }
        let _ = table::rows(c, "v1", &table::Column::Version, true);
        for pair in c.versions.windows(2).take(5) {
            let _ = compare::compare(&pair[0], &pair[1]);
        }
    }
}

/// The lineage tab: graph, a scope around the first node, and every view mode.
fn lineage_through_views(runs: &[Run], collections: &[crate::domain::Collection]) {
    let built = crate::lineage::build::build(runs, collections);
    for (id, info) in built.info.iter().take(20) {
        let _ = crate::lineage::build::node_href(id, info);
        let _ = crate::lineage::build::parse_node_id(id);
    }
    if built.graph.is_empty() {
        return;
    }
    let Some(s) = graph::scope(&built.graph, 0, 2, graph::Direction::Both) else {
        return;
    };
    for mode in [
        view::ViewMode::Clusters,
        view::ViewMode::Explode,
        view::ViewMode::Types,
    ] {
        let v = view::build_view(
            &s.graph,
            &view::ViewOptions {
                mode,
                focus: Some(s.focus),
                ..Default::default()
            },
        );
        for n in v.nodes.iter().take(50) {
            let _ = (view::label(&s.graph, n), view::aria_label(&s.graph, n));
        }
    }
}

/// What the files view does with a manifest: totals, sorted and filtered rows, folder rows.
fn manifest_through_table(m: Manifest) {
    let _ = m.totals();
    for key in [SortKey::Path, SortKey::Size] {
        for dir in [SortDir::Asc, SortDir::Desc] {
            let sorted = m.sorted(key, dir);
            let _ = m.filter_rows(&sorted, &crate::manifest::Query::parse("*.json"));
            let _ = m.folder_rows(crate::manifest::ROOT, key, dir);
        }
    }
}

const TOKENS: &[&str] = &[
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1e400",
    "-1e400",
    "1.5e308",
    "18446744073709551616",
    "-9223372036854775809",
    "9223372036854775807",
    "\"\"",
    "\"NaN\"",
    "\"Infinity\"",
    "[]",
    "{}",
    "[[[[[[[[",
    "]]]]",
    "{\"\":",
    "\"\\u202e\"",
    "\"\\ud800\"",
    "\"\\u0000\"",
    ",",
    ":",
    "\"",
    "\\",
];

/// A random JSON value, sometimes huge, deep or hostile.
fn random_value(rng: &mut Rng, depth: u32) -> Value {
    match rng.below(if depth > 3 { 8 } else { 12 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(2)),
        2 => Value::from(rng.next_u64()),
        3 => Value::from((rng.below(1 << 30) as i64).wrapping_mul(-1_000_000_000_000)),
        4 => serde_json::Number::from_f64(f64::from_bits(rng.next_u64()))
            .map(Value::Number)
            .unwrap_or(Value::Null),
        5 => Value::String(
            [
                "",
                "NaN",
                "-Infinity",
                "<img src=x onerror=alert(1)>",
                "javascript:alert(1)",
                "../../etc/passwd",
                "\u{202e}gnp.exe",
                "שלום עולם",
                "models:/",
                "m-",
                "v",
                "latest",
                "1e999",
            ][rng.below(13)]
            .to_string(),
        ),
        // huge strings and arrays a quarter of the time (they dominate a run's cost)
        6 => {
            let max = if rng.chance(4) { 20_000 } else { 300 };
            Value::String("x".repeat(rng.below(max)))
        }
        7 => {
            // deep nesting, below and above serde_json's recursion limit (128)
            let mut v = Value::Null;
            for _ in 0..rng.below(200) {
                v = if rng.chance(2) {
                    Value::Array(vec![v])
                } else {
                    let mut m = Map::new();
                    m.insert("a".into(), v);
                    Value::Object(m)
                };
            }
            v
        }
        8 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        9 => {
            let mut m = Map::new();
            for _ in 0..rng.below(4) {
                let key = ["name", "info", "data", "tags", "key", "value", "runs", "x"]
                    [rng.below(8)]
                .to_string();
                m.insert(key, random_value(rng, depth + 1));
            }
            Value::Object(m)
        }
        10 => {
            let max = if rng.chance(4) { 50_000 } else { 500 };
            Value::Array(vec![Value::Null; rng.below(max)])
        }
        _ => Value::Array(vec![Value::from(1); rng.below(1000)]),
    }
}

/// Replaces, deletes or retypes one random node of `v`.
fn mutate_value(v: &mut Value, rng: &mut Rng, depth: u32) {
    let descend = depth < 12 && rng.below(4) != 0;
    match v {
        Value::Object(map) if !map.is_empty() && descend => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = &keys[rng.below(keys.len())];
            match rng.below(6) {
                0 => {
                    map.remove(key);
                }
                1 => {
                    map.insert(key.clone(), Value::Null);
                }
                _ => {
                    if let Some(child) = map.get_mut(key) {
                        mutate_value(child, rng, depth + 1);
                    }
                }
            }
        }
        Value::Array(items) if !items.is_empty() && descend => {
            let i = rng.below(items.len());
            match rng.below(6) {
                0 => {
                    items.remove(i);
                }
                1 => {
                    let copy = items[i].clone();
                    for _ in 0..rng.below(200) {
                        items.push(copy.clone());
                    }
                }
                _ => mutate_value(&mut items[i], rng, depth + 1),
            }
        }
        _ => *v = random_value(rng, depth),
    }
}

/// One mutated input from `base` (JSON-level most of the time, byte-level otherwise).
pub fn mutate(base: &str, rng: &mut Rng) -> String {
    mutate_parsed(base, serde_json::from_str::<Value>(base).ok().as_ref(), rng)
}

/// [`mutate`] with `base` already parsed (parsing each time was most of a run's cost).
fn mutate_parsed(base: &str, parsed: Option<&Value>, rng: &mut Rng) -> String {
    if rng.below(3) != 0 {
        if let Some(v) = parsed {
            let mut v = v.clone();
            for _ in 0..1 + rng.below(4) {
                mutate_value(&mut v, rng, 0);
            }
            return v.to_string();
        }
    }
    let mut bytes = base.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = bytes.len();
        match rng.below(6) {
            0 if len > 0 => bytes.truncate(rng.below(len)),
            1 if len > 0 => {
                let i = rng.below(len);
                bytes[i] ^= 1 << rng.below(8);
            }
            2 if len > 0 => {
                let i = rng.below(len);
                let j = (i + rng.below(64)).min(len);
                bytes.drain(i..j);
            }
            3 if len > 0 => {
                let i = rng.below(len);
                let j = (i + rng.below(256)).min(len);
                let chunk = bytes[i..j].to_vec();
                bytes.splice(i..i, chunk);
            }
            _ => {
                let i = rng.below(len + 1);
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                bytes.splice(i..i, token.iter().copied());
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// What a fuzzing run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub inputs: u64,
    pub decoded: u64,
    pub panics: u64,
    /// Inputs and decoded inputs per target, in [`TARGETS`] order: every decoder must see
    /// inputs, and most must decode some of them, or the mapping behind it is never reached.
    pub by_target: Vec<(Target, u64, u64)>,
    /// The first panicking input (target and text), to reproduce.
    pub first_panic: Option<(String, String)>,
}

/// Runs `n` mutated inputs derived from `fixtures` (`(file name, text)`), starting at `seed`.
/// Each input is decoded as its fixture's type and as one random other type.
pub fn run(fixtures: &[(String, String)], n: u64, seed: u64) -> Report {
    let bases: Vec<(Target, &str, Option<Value>)> = fixtures
        .iter()
        .filter_map(|(name, text)| {
            target_of(name).map(|t| (t, text.as_str(), serde_json::from_str(text).ok()))
        })
        .collect();
    let mut report = Report {
        by_target: TARGETS.iter().map(|&t| (t, 0, 0)).collect(),
        ..Report::default()
    };
    if bases.is_empty() {
        return report;
    }
    let mut rng = Rng::new(seed);
    for i in 0..n {
        let (own, base, parsed) = &bases[(i as usize) % bases.len()];
        let own = *own;
        let text = mutate_parsed(base, parsed.as_ref(), &mut rng);
        let other = TARGETS[rng.below(TARGETS.len())];
        for target in [own, other] {
            report.inputs += 1;
            let slot = TARGETS.iter().position(|&t| t == target).unwrap_or(0);
            report.by_target[slot].1 += 1;
            match catch_unwind(AssertUnwindSafe(|| exercise(target, &text))) {
                Ok(true) => {
                    report.decoded += 1;
                    report.by_target[slot].2 += 1;
                }
                Ok(false) => {}
                Err(_) => {
                    report.panics += 1;
                    if report.first_panic.is_none() {
                        report.first_panic = Some((format!("{target:?}"), text.clone()));
                    }
                }
            }
        }
    }
    report
}

/// [`run`] on `threads` threads, each with `n / threads` bodies and its own seed
/// (`seed + thread`), merged: the same inputs for the same `(n, seed, threads)`.
pub fn run_parallel(fixtures: &[(String, String)], n: u64, seed: u64, threads: usize) -> Report {
    let threads = threads.max(1) as u64;
    let reports: Vec<Report> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|k| {
                let share = n / threads + u64::from(k < n % threads);
                s.spawn(move || run(fixtures, share, seed.wrapping_add(k)))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut out = Report {
        by_target: TARGETS.iter().map(|&t| (t, 0, 0)).collect(),
        ..Report::default()
    };
    for r in reports {
        out.inputs += r.inputs;
        out.decoded += r.decoded;
        out.panics += r.panics;
        for (slot, (_, i, d)) in out.by_target.iter_mut().zip(&r.by_target) {
            slot.1 += i;
            slot.2 += d;
        }
        if out.first_panic.is_none() {
            out.first_panic = r.first_panic;
        }
    }
    out
}

/// Reads every `*.json` fixture of a directory as `(file name, text)`.
pub fn read_fixtures(dir: &std::path::Path) -> std::io::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        if name.ends_with(".json") && target_of(&name).is_some() {
            out.push((name, std::fs::read_to_string(&path)?));
        }
    }
    out.sort();
    Ok(out)
}
