//! Every comparator in `src/` given to `sort_by` / `sort_unstable_by` is a total order, and
//! what it sorts comes out sorted, on random mixed values (numbers, text, NaN-like strings,
//! NaN and infinite floats, empty and missing values), without a panic. Since Rust 1.81
//! `sort_by` may panic on a comparator that is not a total order, and the release build
//! aborts on panic.
//!
//! A new `sort_by` needs a named comparator (or a public function to sort through) and a test
//! here; `tests/house_rules.rs` counts the call sites and names this file when one is missing.
#![cfg(not(target_arch = "wasm32"))]

use artifact_explorer::domain::artifact::{dataset_collections, model_collections};
use artifact_explorer::domain::sweep::{metric_keys, rank, sweeps, Goal};
use artifact_explorer::domain::table::{self, key_columns, param_cmp, version_cmp, Column};
use artifact_explorer::domain::{Collection, Run, Version};
use artifact_explorer::lineage::layout::{layout_with_previous, LayoutNode, LayoutOptions};
use artifact_explorer::manifest::{natural_cmp, Manifest, ManifestEntry, SortDir, SortKey};
use artifact_explorer::mlflow::fuzz::Rng;
use artifact_explorer::mlflow::wire;
use artifact_explorer::order::check::{self, is_sorted_by, mixed_f64, mixed_value, TRICKY};
use std::cmp::Ordering;

const ROUNDS: u64 = 20;

fn maybe<T>(rng: &mut Rng, f: impl FnOnce(&mut Rng) -> T) -> Option<T> {
    if rng.chance(4) {
        None
    } else {
        Some(f(rng))
    }
}

fn small_time(rng: &mut Rng) -> i64 {
    // few distinct values, so ties are common
    1_700_000_000_000 + rng.below(8) as i64 - if rng.chance(10) { 1 << 40 } else { 0 }
}

fn random_version(rng: &mut Rng, index: usize) -> Version {
    let metrics = (0..rng.below(3))
        .map(|_| {
            (
                ["acc", "loss", ""][rng.below(3)].to_string(),
                mixed_f64(rng),
            )
        })
        .collect();
    let params = (0..rng.below(3))
        .map(|_| {
            (
                ["lr", "opt", ""][rng.below(3)].to_string(),
                mixed_value(rng),
            )
        })
        .collect();
    Version {
        // numbered or not (a collection read in part shows ids)
        number: (rng.below(4) != 0).then_some(index),
        id: mixed_value(rng),
        created: maybe(rng, small_time),
        updated: maybe(rng, small_time),
        logged_by: maybe(rng, mixed_value),
        logged_by_inferred: false,
        aliases: vec![],
        registry_links: vec![],
        tags: vec![],
        params,
        metrics,
        status: String::new(),
        source: None,
        schema: String::new(),
        profile: String::new(),
    }
}

fn random_collection(rng: &mut Rng, n: usize) -> Collection {
    Collection {
        kind: artifact_explorer::domain::artifact::ArtifactKind::Model,
        type_name: "model".into(),
        name: "c".into(),
        experiment_id: "1".into(),
        versions: (0..n).map(|i| random_version(rng, i)).collect(),
        numbering: artifact_explorer::domain::artifact::Numbering::Complete,
    }
}

fn columns() -> Vec<Column> {
    vec![
        Column::Version,
        Column::Created,
        Column::LoggedBy,
        Column::Metric("acc".into()),
        Column::Metric("absent".into()),
        Column::Param("lr".into()),
        Column::Param("absent".into()),
    ]
}

#[test]
fn param_cmp_is_total_on_mixed_values() {
    check::total_order(TRICKY, |a, b| param_cmp(a, b)).unwrap();
    let mut rng = Rng::new(1);
    for _ in 0..ROUNDS {
        let values: Vec<String> = (0..55).map(|_| mixed_value(&mut rng)).collect();
        check::total_order(&values, |a, b| param_cmp(a, b)).unwrap();
    }
}

/// The bug of issue 12: "9" < "10" (numbers), "10" < "1x" and "1x" < "9" (text) made a cycle
/// that `sort_by` may panic on.
#[test]
fn versions_sort_by_a_param_with_mixed_values() {
    let mut rng = Rng::new(2);
    let mut c = random_collection(&mut rng, 3);
    for (v, lr) in c.versions.iter_mut().zip(["9", "10", "1x"]) {
        v.params = vec![("lr".into(), lr.into())];
    }
    let rows = table::rows(&c, "", &Column::Param("lr".into()), false);
    let shown: Vec<&str> = rows
        .iter()
        .map(|&i| c.versions[i].params[0].1.as_str())
        .collect();
    assert_eq!(shown, ["9", "10", "1x"]);
}

#[test]
fn version_cmp_is_total_for_every_column_and_direction() {
    let mut rng = Rng::new(3);
    for round in 0..ROUNDS {
        let c = random_collection(&mut rng, if round % 10 == 0 { 300 } else { 40 });
        for col in columns() {
            for desc in [false, true] {
                let cmp = version_cmp(&col, desc);
                check::total_order(&c.versions, &cmp)
                    .unwrap_or_else(|e| panic!("{col:?} desc={desc}: {e}"));
                let rows = table::rows(&c, "", &col, desc);
                let sorted: Vec<&Version> = rows.iter().map(|&i| &c.versions[i]).collect();
                assert!(is_sorted_by(&sorted, |a, b| cmp(a, b)), "{col:?}");
                assert_eq!(rows.len(), c.versions.len());
            }
        }
        // filtering too: a subset, still sorted
        let rows = table::rows(&c, "1", &Column::Param("lr".into()), true);
        assert!(rows.len() <= c.versions.len());
    }
}

#[test]
fn key_columns_are_ordered_by_count_then_name() {
    let mut rng = Rng::new(4);
    for _ in 0..ROUNDS {
        let mut c = random_collection(&mut rng, 30);
        for v in &mut c.versions {
            for p in &mut v.params {
                p.0 = mixed_value(&mut rng);
            }
        }
        let (_, params) = key_columns(&c, 100);
        // how often the key occurs (a version may carry a key twice)
        let count = |k: &str| {
            c.versions
                .iter()
                .flat_map(|v| &v.params)
                .filter(|(p, _)| p == k)
                .count()
        };
        assert!(is_sorted_by(&params, |a, b| count(b)
            .cmp(&count(a))
            .then(a.cmp(b))));
    }
}

#[test]
fn natural_cmp_is_total_on_mixed_names() {
    check::total_order(TRICKY, |a, b| natural_cmp(a, b)).unwrap();
    let mut rng = Rng::new(5);
    for _ in 0..ROUNDS {
        let names: Vec<String> = (0..55).map(|_| mixed_value(&mut rng)).collect();
        check::total_order(&names, |a, b| natural_cmp(a, b)).unwrap();
    }
}

#[test]
fn manifests_of_mixed_paths_sort_both_ways_without_panicking() {
    // folder children (natural_cmp), names sharing a 16-byte key prefix, duplicates
    let mut rng = Rng::new(6);
    for _ in 0..ROUNDS {
        let entries: Vec<ManifestEntry> = (0..300)
            .map(|_| {
                let depth = 1 + rng.below(3);
                let path: Vec<String> = (0..depth)
                    .map(|_| match rng.below(3) {
                        0 => format!("events.out.tfevents.17000{}", rng.below(100)),
                        _ => mixed_value(&mut rng),
                    })
                    .collect();
                ManifestEntry::new(path.join("/"), maybe(&mut rng, |r| r.below(5) as u64))
            })
            .collect();
        let m = Manifest::new(entries);
        for key in [SortKey::Path, SortKey::Size] {
            let asc = m.sorted(key, SortDir::Asc);
            let mut desc = m.sorted(key, SortDir::Desc);
            assert_eq!(asc.len(), m.len());
            desc.sort_unstable();
            let mut all = asc.clone();
            all.sort_unstable();
            assert_eq!(all, desc, "both directions hold every entry once");
        }
    }
}

fn wire_run(rng: &mut Rng, i: usize) -> wire::Run {
    let mut r = wire::Run::default();
    r.info.run_id = format!("r{i}");
    r.info.run_name = mixed_value(rng);
    r.info.experiment_id = ["1", "2"][rng.below(2)].into();
    r.info.start_time = maybe(rng, small_time);
    if rng.chance(2) {
        r.data.tags.push(wire::Tag {
            key: "mlflow.parentRunId".into(),
            value: format!("r{}", rng.below(4)),
        });
    }
    for _ in 0..rng.below(4) {
        r.data.metrics.push(wire::Metric {
            key: ["val_acc", "loss", "acc", "valx", ""][rng.below(5)].into(),
            value: mixed_f64(rng),
            step: rng.below(3) as i64,
            timestamp: maybe(rng, small_time),
            ..Default::default()
        });
    }
    for _ in 0..rng.below(3) {
        r.inputs.dataset_inputs.push(wire::DatasetInput {
            dataset: wire::Dataset {
                name: ["train", "eval", ""][rng.below(3)].into(),
                digest: ["d1", "d2", "d3", ""][rng.below(4)].into(),
                ..Default::default()
            },
            ..Default::default()
        });
    }
    r
}

fn random_runs(rng: &mut Rng, n: usize) -> Vec<Run> {
    (0..n).map(|i| Run::from(&wire_run(rng, i))).collect()
}

#[test]
fn runs_keep_metrics_sorted_by_key() {
    let mut rng = Rng::new(7);
    for run in random_runs(&mut rng, 200) {
        assert!(is_sorted_by(&run.metrics, |a, b| a.key.cmp(&b.key)));
    }
}

#[test]
fn sweeps_are_ordered_by_size_then_name() {
    let mut rng = Rng::new(8);
    for _ in 0..ROUNDS {
        let runs = random_runs(&mut rng, 40);
        let s = sweeps(&runs);
        assert!(is_sorted_by(&s, |a, b| b
            .children
            .len()
            .cmp(&a.children.len())
            .then(a.name.cmp(&b.name))));
    }
}

#[test]
fn metric_keys_and_rankings_are_ordered_with_nan_and_infinities() {
    let mut rng = Rng::new(9);
    for _ in 0..ROUNDS {
        let runs = random_runs(&mut rng, 40);
        let keys = metric_keys(&runs);
        let count = |k: &str| {
            runs.iter()
                .filter(|r| r.metrics.iter().any(|m| m.key == k && !m.value.is_nan()))
                .count()
        };
        // the order is the metric rule's (domain::sweep), a total order: the same keys in the
        // same order whatever order the runs come in, each key once, widely reported first
        // among keys the rule ranks alike (checked through the rule's own pick, below)
        let mut reversed = runs.clone();
        reversed.reverse();
        assert_eq!(keys, metric_keys(&reversed));
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), keys.len());
        assert!(keys.iter().all(|k| count(k) > 0));
        if let Some(first) = keys.first() {
            let (pick, _) = artifact_explorer::domain::sweep::default_metric(&keys).unwrap();
            assert_eq!(&pick, first);
        }
        for metric in ["val_acc", "loss", "absent"] {
            for goal in [Goal::Max, Goal::Min] {
                let ranked = rank(&runs, metric, goal);
                assert_eq!(ranked.len(), runs.len());
                let key = |(r, v): &(&Run, Option<f64>)| {
                    let v = v.map(|v| if goal == Goal::Max { -v } else { v });
                    (v.is_none(), v.unwrap_or(0.0), r.name.clone())
                };
                assert!(is_sorted_by(&ranked, |a, b| {
                    let (ka, kb) = (key(a), key(b));
                    ka.0.cmp(&kb.0)
                        .then(ka.1.total_cmp(&kb.1))
                        .then(ka.2.cmp(&kb.2))
                }));
                assert!(ranked.iter().all(|(_, v)| v.is_none_or(|v| !v.is_nan())));
            }
        }
    }
}

#[test]
fn model_and_dataset_collections_number_versions_in_order() {
    let mut rng = Rng::new(10);
    for _ in 0..ROUNDS {
        let models: Vec<wire::LoggedModel> = (0..40)
            .map(|i| {
                let mut m = wire::LoggedModel::default();
                m.info.model_id = format!("m-{}", rng.below(30) + i % 2);
                m.info.experiment_id = ["1", "2"][rng.below(2)].into();
                m.info.name = ["a", "b", "", "模型"][rng.below(4)].into();
                m.info.creation_timestamp_ms = maybe(&mut rng, small_time);
                m.info.last_updated_timestamp_ms = maybe(&mut rng, small_time);
                m
            })
            .collect();
        let collections = model_collections(&models);
        let by_update = |a: &Collection, b: &Collection| {
            b.last_update()
                .cmp(&a.last_update())
                .then(a.name.cmp(&b.name))
        };
        assert!(is_sorted_by(&collections, by_update));
        for c in &collections {
            assert!(is_sorted_by(&c.versions, |a, b| (a.created, &a.id)
                .cmp(&(b.created, &b.id))));
            assert!(c
                .versions
                .iter()
                .enumerate()
                .all(|(i, v)| v.number == Some(i)));
        }

        let datasets = dataset_collections(&random_runs(&mut rng, 40));
        assert!(is_sorted_by(&datasets, by_update));
        for c in &datasets {
            // by first use (then run id and position in the run, which the versions do not
            // carry): first-use times never go down, and numbers follow the order
            assert!(is_sorted_by(&c.versions, |a, b| (
                a.created.is_none(),
                a.created
            )
                .cmp(&(b.created.is_none(), b.created))));
            assert!(c
                .versions
                .iter()
                .enumerate()
                .all(|(i, v)| v.number == Some(i)));
        }
    }
}

#[test]
fn layout_orders_by_previous_positions_even_when_they_are_nan_or_infinite() {
    // The layout's sorts compare f64 keys with `total_cmp` and break ties by index; the keys
    // come from previous positions, which a caller could pass as NaN or infinite.
    let mut rng = Rng::new(11);
    for _ in 0..ROUNDS {
        let n = 2 + rng.below(40);
        let nodes: Vec<LayoutNode> = (0..n)
            .map(|_| LayoutNode {
                width: 40.0,
                height: 20.0,
            })
            .collect();
        let edges: Vec<(usize, usize)> = (0..n * 2).map(|_| (rng.below(n), rng.below(n))).collect();
        let previous: Vec<Option<(f64, f64)>> = (0..n)
            .map(|_| maybe(&mut rng, |r| (mixed_f64(r), mixed_f64(r))))
            .collect();
        let l = layout_with_previous(&nodes, &edges, &LayoutOptions::default(), &previous);
        assert_eq!(l.nodes.len(), n);
        assert!(l.nodes.iter().all(|r| r.x.is_finite() && r.y.is_finite()));
    }
}

#[test]
fn mixed_values_really_are_mixed() {
    // the generator must produce every class, or the properties above prove little
    let mut rng = Rng::new(12);
    let values: Vec<String> = (0..2_000).map(|_| mixed_value(&mut rng)).collect();
    let numbers = values.iter().filter(|v| v.parse::<f64>().is_ok()).count();
    let nan_like = values
        .iter()
        .filter(|v| v.parse::<f64>().is_ok_and(f64::is_nan))
        .count();
    let empty = values.iter().filter(|v| v.is_empty()).count();
    let text = values.len() - numbers;
    assert!(numbers > 300 && text > 300 && nan_like > 5 && empty > 5);
    assert_ne!(param_cmp("1x", "9"), Ordering::Less, "text after numbers");
}
