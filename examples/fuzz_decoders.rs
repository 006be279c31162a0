//! Fuzzes the MLflow decoders and the wire → domain mapping with N mutated fixtures:
//!   cargo run --release --example fuzz_decoders -- 200000 [SEED]
//! Prints `inputs=N decoded=D panics=P`; exits 1 when anything panicked. (The release profile
//! aborts on panic, so a panic there stops the run with a non-zero exit and its message.)

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use artifact_explorer::mlflow::fuzz;
    use std::time::Instant;

    let mut args = std::env::args().skip(1);
    let n: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(7);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mlflow");
    let fixtures = match fuzz::read_fixtures(&dir) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("cannot read {}: {e}", dir.display());
            std::process::exit(2);
        }
    };
    let start = Instant::now();
    let report = fuzz::run(&fixtures, n, seed);
    println!(
        "inputs={} decoded={} panics={} fixtures={} seed={seed} seconds={:.1}",
        report.inputs,
        report.decoded,
        report.panics,
        fixtures.len(),
        start.elapsed().as_secs_f64()
    );
    if let Some((target, text)) = report.first_panic {
        eprintln!("first panic: {target} on {}", &text[..text.len().min(500)]);
        std::process::exit(1);
    }
}
