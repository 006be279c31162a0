//! Fuzzes the MLflow decoders and the wire → domain mapping with N mutated fixtures, each
//! decoded as its own type and as one random other (so 2 × N inputs; the default N = 500,000
//! gives 1,000,000), on every core:
//!   cargo run --release --example fuzz_decoders -- [N] [SEED] [THREADS]
//! Prints `inputs=… decoded=… panics=…` and one line per decoder (inputs, decoded); exits 1
//! when anything panicked or a decoder saw no input. (The release profile aborts on panic, so
//! a panic there stops the run with a non-zero exit and its message.)

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use artifact_explorer::mlflow::fuzz;
    use std::time::Instant;

    let mut args = std::env::args().skip(1);
    let n: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(500_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(7);
    let threads: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mlflow");
    let fixtures = match fuzz::read_fixtures(&dir) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("cannot read {}: {e}", dir.display());
            std::process::exit(2);
        }
    };
    let start = Instant::now();
    let report = fuzz::run_parallel(&fixtures, n, seed, threads);
    println!(
        "inputs={} decoded={} panics={} fixtures={} seed={seed} threads={threads} seconds={:.1}",
        report.inputs,
        report.decoded,
        report.panics,
        fixtures.len(),
        start.elapsed().as_secs_f64()
    );
    for (target, inputs, decoded) in &report.by_target {
        println!("  {target:?}: inputs={inputs} decoded={decoded}");
    }
    if let Some((target, text)) = report.first_panic {
        eprintln!("first panic: {target} on {}", &text[..text.len().min(500)]);
        std::process::exit(1);
    }
    if report.by_target.iter().any(|(_, inputs, _)| *inputs == 0) {
        eprintln!("a decoder saw no input");
        std::process::exit(1);
    }
}
