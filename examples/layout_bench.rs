//! Times the lineage layout on a JSON graph and counts crossings on the drawing.
//!
//! `cargo run --release --example layout_bench -- FILE.json [--out OUT.json] [--runs N]`
//!
//! Input: `{"nodes":[{"id":"a0","kind":"artifact"},…],"edges":[{"from":"a0","to":"r0"},…]}`.
//! Every node is 160×40. Prints `nodes=N edges=E layout_ms=T crossings=C`, with T
//! the median of N runs (default 7) and C the pairs of route segments that properly
//! intersect (`layout::count_geometric_crossings`, the definition `dagre_bench.js`
//! shares). `--out` writes the nodes' rects and the edges' points.
//!
//! The same program builds for the browser: on wasm32 it exports `layout_bench(json, runs)`,
//! which returns the same line, timed with `performance.now()`. `scripts/bench/layout-vs-dagre`
//! builds it with the app's release profile and wasm-opt level and runs it in headless
//! Chromium through `scripts/bench/wasm_bench.cjs`.

use std::collections::HashMap;

#[path = "common/bench.rs"]
mod bench;
use bench::median_ms;
#[cfg(not(target_arch = "wasm32"))]
use bench::{Args, Cli};

use artifact_explorer::lineage::layout::{
    count_geometric_crossings, layout, Layout, LayoutNode, LayoutOptions,
};
use serde_json::Value;

/// A graph read from the input JSON.
struct Graph {
    ids: Vec<String>,
    edges: Vec<(usize, usize)>,
    /// The input's edges, for `--out`.
    #[cfg(not(target_arch = "wasm32"))]
    raw_edges: Vec<Value>,
}

fn parse(text: &str) -> Result<Graph, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let empty = Vec::new();
    let jnodes = doc["nodes"].as_array().unwrap_or(&empty);
    let jedges = doc["edges"].as_array().unwrap_or(&empty);
    let ids = jnodes
        .iter()
        .map(|n| {
            n["id"]
                .as_str()
                .map(str::to_string)
                .ok_or("a node has no string id")
        })
        .collect::<Result<Vec<String>, _>>()?;
    let index: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let end = |e: &Value, k: &str| -> Result<usize, String> {
        let id = e[k].as_str().ok_or("an edge end is not a string")?;
        index
            .get(id)
            .copied()
            .ok_or_else(|| format!("unknown node {id}"))
    };
    let edges = jedges
        .iter()
        .map(|e| Ok((end(e, "from")?, end(e, "to")?)))
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Graph {
        ids,
        edges,
        #[cfg(not(target_arch = "wasm32"))]
        raw_edges: jedges.clone(),
    })
}

/// Lays `g` out `runs` times (at least once); returns the median time in ms, as measured by
/// `now` (a clock in ms), the last layout, and the summary line.
fn bench(g: &Graph, runs: usize, now: impl Fn() -> f64) -> (Layout, String) {
    let sizes = vec![
        LayoutNode {
            width: 160.0,
            height: 40.0
        };
        g.ids.len()
    ];
    let opts = LayoutOptions::default();
    let (median, l) = median_ms(runs, now, || layout(&sizes, &g.edges, &opts));
    let line = format!(
        "nodes={} edges={} layout_ms={:.1} crossings={}",
        g.ids.len(),
        g.edges.len(),
        median,
        count_geometric_crossings(&l)
    );
    (l, line)
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = performance)]
        fn now() -> f64;
    }

    /// The benchmark line for a graph given as JSON text, timed in the browser.
    #[wasm_bindgen]
    pub fn layout_bench(json: &str, runs: u32) -> Result<String, String> {
        let g = super::parse(json)?;
        Ok(super::bench(&g, runs as usize, now).1)
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use serde_json::json;
    use std::time::Instant;

    let cli = Cli {
        name: "layout_bench",
        usage: "layout_bench FILE.json [--out OUT.json] [--runs N]",
    };
    let Args {
        file,
        runs,
        out: out_path,
    } = cli.parse();
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| cli.fail(&format!("{file}: {e}")));
    let g = parse(&text).unwrap_or_else(|e| cli.fail(&format!("{file}: {e}")));
    let start = Instant::now();
    let (l, line) = bench(&g, runs, || start.elapsed().as_secs_f64() * 1000.0);
    println!("{line}");
    if let Some(path) = out_path {
        let nodes: Vec<Value> = g
            .ids
            .iter()
            .zip(&l.nodes)
            .map(|(id, r)| json!({"id": id, "x": r.x, "y": r.y, "width": r.width, "height": r.height}))
            .collect();
        let edges: Vec<Value> = g
            .raw_edges
            .iter()
            .zip(&l.edges)
            .map(|(e, pts)| {
                let points: Vec<Value> = pts.iter().map(|&(x, y)| json!([x, y])).collect();
                json!({"from": e["from"], "to": e["to"], "points": points})
            })
            .collect();
        let doc = json!({"nodes": nodes, "edges": edges, "width": l.width, "height": l.height});
        std::fs::write(&path, doc.to_string())
            .unwrap_or_else(|e| cli.fail(&format!("{path}: {e}")));
    }
}
