//! No input makes the MLflow decoders or the wire → domain mapping panic: deterministic random
//! mutations of every captured fixture (see `src/mlflow/fuzz.rs`). The long run is
//! `cargo run --release --example fuzz_decoders` (1,000,000 inputs).
#![cfg(not(target_arch = "wasm32"))]

use artifact_explorer::mlflow::fuzz;
use std::path::Path;

fn fixtures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mlflow");
    let f = fuzz::read_fixtures(&dir).expect("fixtures readable");
    assert!(
        f.len() >= 20,
        "expected the captured fixtures, found {}",
        f.len()
    );
    f
}

#[test]
fn every_fixture_has_a_decoder_and_decodes_unmutated() {
    for (name, text) in fixtures() {
        let target = fuzz::target_of(&name).expect("target");
        assert!(
            fuzz::exercise(target, &text),
            "{name} does not decode as {target:?}"
        );
    }
}

#[test]
fn mutated_fixtures_never_panic() {
    let report = fuzz::run(&fixtures(), 3_000, 1);
    eprintln!(
        "fuzz: inputs={} decoded={} panics={}",
        report.inputs, report.decoded, report.panics
    );
    assert_eq!(
        report.panics, 0,
        "first panicking input: {:?}",
        report.first_panic
    );
    assert_eq!(report.inputs, 6_000);
    // the mutations must not all be rejected outright, or the mapping is never exercised
    assert!(
        report.decoded > 1_000,
        "only {} inputs decoded",
        report.decoded
    );
    // every decoder (and the mapping behind it) sees inputs that decode
    for (target, inputs, decoded) in &report.by_target {
        assert!(
            *inputs > 50 && *decoded > 10,
            "{target:?}: {inputs} inputs, {decoded} decoded"
        );
    }
}

#[test]
fn hand_picked_hostile_bodies_never_panic() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_obj = format!("{}null{}", "{\"runs\":".repeat(5_000), "}".repeat(5_000));
    let huge_array = format!("{{\"runs\":[{}{{}}]}}", "{},".repeat(100_000));
    let bodies = [
        "",
        "null",
        "[]",
        "{}",
        "<html><script>alert(1)</script></html>",
        "{\"experiments\": 5}",
        "{\"experiments\": [null, 1, \"x\", {\"experiment_id\": 1e999}]}",
        "{\"runs\": [{\"info\": null, \"data\": {\"metrics\": [{\"value\": \"NaN\", \"step\": 1e300}]}}]}",
        "{\"model_versions\": [{\"version\": 99999999999999999999999999, \"source\": \"models:/\"}]}",
        "{\"files\": [{\"path\": \"../../\\u202e/x\", \"file_size\": -1}, {\"path\": \"\", \"is_dir\": \"yes\"}]}",
        "{\"error_code\": [], \"message\": {}}",
        "{\"runs\": [",
        deep.as_str(),
        deep_obj.as_str(),
        huge_array.as_str(),
    ];
    for body in bodies {
        for target in fuzz::TARGETS {
            let r = std::panic::catch_unwind(|| fuzz::exercise(target, body));
            assert!(
                r.is_ok(),
                "{target:?} panicked on {}",
                &body[..body.len().min(80)]
            );
        }
    }
}
