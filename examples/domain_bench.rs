//! Timings that used to be asserted in unit tests (where a loaded machine made them flake),
//! printed here instead: `cargo run --release --example domain_bench`.
//!
//! * `versions_rows`: sorting and filtering a collection of 10,000 versions (by a metric, by a
//!   param with mixed numeric and text values), as the collection page does on each change;
//! * `model_collections`: mapping 10,000 logged models into collections (numbering versions);
//! * `glob_worst`: the glob patterns a backtracking matcher blows up on, over 10,000 bytes.
//!
//! One line each, `name=… median_ms=… max_ms=…` over 15 runs. Goals: each ≤ 100 ms.

use artifact_explorer::domain::artifact::{model_collections, ArtifactKind};
use artifact_explorer::domain::table::{rows, Column};
use artifact_explorer::domain::{Collection, Version};
use artifact_explorer::manifest::Glob;
use artifact_explorer::mlflow::wire;
use std::hint::black_box;
use std::time::Instant;

fn time(name: &str, mut f: impl FnMut()) {
    let mut ms: Vec<f64> = (0..15)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    println!(
        "name={name} median_ms={:.3} max_ms={:.3}",
        ms[ms.len() / 2],
        ms[ms.len() - 1]
    );
}

fn version(i: usize) -> Version {
    Version {
        number: Some(i),
        id: format!("m-{i:05}"),
        created: Some(1_700_000_000_000 + i as i64),
        updated: None,
        logged_by: Some(format!("run{}", i % 97)),
        logged_by_inferred: false,
        aliases: vec![],
        registry_links: vec![],
        tags: vec![("stage".into(), ["dev", "prod"][i % 2].into())],
        params: vec![(
            "lr".into(),
            if i.is_multiple_of(7) {
                format!("{}x", i % 13)
            } else {
                format!("{}", (i % 101) as f64 / 1000.0)
            },
        )],
        metrics: vec![("val_acc".into(), (i % 97) as f64 / 97.0)],
        status: String::new(),
        source: None,
        schema: String::new(),
        profile: String::new(),
    }
}

fn main() {
    let c = Collection {
        kind: ArtifactKind::Model,
        type_name: "model".into(),
        name: "bench".into(),
        experiment_id: "1".into(),
        versions: (0..10_000).map(version).collect(),
        numbering: artifact_explorer::domain::artifact::Numbering::Complete,
    };
    time("versions_rows(10000, metric, filter v99)", || {
        black_box(rows(&c, "v99", &Column::Metric("val_acc".into()), true));
    });
    time("versions_rows(10000, mixed param)", || {
        black_box(rows(&c, "", &Column::Param("lr".into()), false));
    });

    let models: Vec<wire::LoggedModel> = (0..10_000)
        .map(|i| wire::LoggedModel {
            info: wire::LoggedModelInfo {
                model_id: format!("m-{i:05}"),
                experiment_id: "1".into(),
                name: ["even", "odd"][i % 2].into(),
                creation_timestamp_ms: Some(1_700_000_000_000 + (9_999 - i) as i64),
                ..Default::default()
            },
            ..Default::default()
        })
        .collect();
    time("model_collections(10000)", || {
        black_box(model_collections(&models));
    });

    let text = "a".repeat(10_000);
    let nested = format!("{}/x", "a/".repeat(3_000));
    time("glob_worst(10000 bytes, 3 patterns)", || {
        black_box(Glob::new("*a*a*a*a*a*a*a*a*a*a*b").is_match(&text));
        black_box(Glob::new("**a**a**a**a**a**a**b").is_match(&text));
        black_box(Glob::new("**/a/**/a/**/a/**/b").is_match(&nested));
    });

    // descriptions from MLflow are Markdown from anyone: the parser must stay linear on
    // hostile input (60,000 emphasis markers, 25,000 brackets, 40,000 backticks)
    let stars = "*a ".repeat(20_000);
    let brackets = "[".repeat(20_000) + &"](".repeat(5_000);
    let ticks = "`".repeat(3) + &"a`".repeat(20_000);
    time("markdown_hostile(3 inputs)", || {
        black_box(artifact_explorer::markdown::parse(&stars));
        black_box(artifact_explorer::markdown::parse(&brackets));
        black_box(artifact_explorer::markdown::parse(&ticks));
    });
}
