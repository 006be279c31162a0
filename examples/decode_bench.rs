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

#[path = "common/bench.rs"]
mod bench;
use bench::median_ms;
#[cfg(not(target_arch = "wasm32"))]
use bench::Cli;

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
    use std::time::Instant;

    let cli = Cli {
        name: "decode_bench",
        usage: "decode_bench BODY.json [--runs N]",
    };
    let args = cli.parse();
    if args.out.is_some() {
        cli.fail("--out: this benchmark writes no output");
    }
    let file = args.file;
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| cli.fail(&format!("{file}: {e}")));
    let start = Instant::now();
    let now = || start.elapsed().as_secs_f64() * 1000.0;
    let (ms, decoded) = median_ms(args.runs, now, || with_serde_json(&text));
    if decoded == 0 {
        cli.fail("the body decoded to no runs");
    }
    println!(
        "bytes={} runs_in_body={decoded} serde_json_ms={ms:.1}",
        text.len()
    );
}
