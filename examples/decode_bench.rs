//! Times decoding a large MLflow answer (issue 14): the app's way, `serde_json::from_str` on the
//! body's text (`mlflow::decode`), against the browser's `JSON.parse` followed by
//! `serde_wasm_bindgen::from_value`, into the same wire type (`SearchRunsResponse`, whose lenient
//! fields read any serde data format).
//!
//! `cargo run --release --example decode_bench -- BODY.json [--runs N]` prints
//! `bytes=B runs_in_body=R serde_json_ms=T`, T the median of N decodes (default 7).
//!
//! On wasm32 it exports `decode_bench(text, runs)`, which returns the same line with
//! `json_parse_ms=` (`JSON.parse` alone) and `json_parse_serde_wasm_bindgen_ms=` (both steps)
//! added, timed with `performance.now()`. `scripts/bench/decode` builds it the way Trunk builds
//! the app and runs it in headless Chromium through `scripts/bench/wasm_bench.cjs`.

use artifact_explorer::mlflow::wire::SearchRunsResponse;

/// The median of `runs` timings of `f`, in ms, with `now` a clock in ms; `f` returns how many
/// runs it decoded, which must be the same every time.
fn median_ms(runs: usize, now: fn() -> f64, mut f: impl FnMut() -> usize) -> (f64, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut decoded = 0;
    for _ in 0..runs.max(1) {
        let start = now();
        decoded = f();
        times.push(now() - start);
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], decoded)
}

/// The app's decode: text to the wire type with serde_json.
fn with_serde_json(text: &str) -> usize {
    artifact_explorer::mlflow::decode::<SearchRunsResponse>("bench", text)
        .map(|r| r.runs.len())
        .unwrap_or(0)
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::{median_ms, with_serde_json, SearchRunsResponse};
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = performance)]
        fn now() -> f64;
    }

    fn with_json_parse(text: &str) -> Option<JsValue> {
        js_sys::JSON::parse(text).ok()
    }

    /// The benchmark line for an MLflow `runs/search` body, timed in the browser.
    #[wasm_bindgen]
    pub fn decode_bench(text: &str, runs: u32) -> Result<String, String> {
        let runs = runs as usize;
        let (serde_json_ms, a) = median_ms(runs, now, || with_serde_json(text));
        let (parse_ms, _) = median_ms(runs, now, || usize::from(with_json_parse(text).is_some()));
        let (both_ms, b) = median_ms(runs, now, || {
            with_json_parse(text)
                .and_then(|v| serde_wasm_bindgen::from_value::<SearchRunsResponse>(v).ok())
                .map(|r| r.runs.len())
                .unwrap_or(0)
        });
        if a == 0 || a != b {
            return Err(format!(
                "the two ways decoded {a} and {b} runs: not the same answer"
            ));
        }
        Ok(format!(
            "bytes={} runs_in_body={a} serde_json_ms={serde_json_ms:.1} json_parse_ms={parse_ms:.1} \
             json_parse_serde_wasm_bindgen_ms={both_ms:.1}",
            text.len()
        ))
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::sync::OnceLock;
    use std::time::Instant;

    fn fail(msg: &str) -> ! {
        eprintln!("decode_bench: {msg}");
        eprintln!("usage: decode_bench BODY.json [--runs N]");
        std::process::exit(2);
    }
    fn now() -> f64 {
        static START: OnceLock<Instant> = OnceLock::new();
        START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
    }

    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut file = None;
    let mut runs = 7usize;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--runs" => {
                runs = args
                    .get(i + 1)
                    .and_then(|s| s.parse().ok())
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| fail("--runs needs a positive number"));
                i += 1;
            }
            f if file.is_none() && !f.starts_with("--") => file = Some(f.to_string()),
            other => fail(&format!("unexpected argument {other}")),
        }
        i += 1;
    }
    let file = file.unwrap_or_else(|| fail("needs a BODY.json"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
    let (ms, decoded) = median_ms(runs, now, || with_serde_json(&text));
    if decoded == 0 {
        fail("the body decoded to no runs");
    }
    println!(
        "bytes={} runs_in_body={decoded} serde_json_ms={ms:.1}",
        text.len()
    );
}
