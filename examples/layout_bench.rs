//! Times the lineage layout on a JSON graph and counts crossings on the drawing.
//!
//! `cargo run --release --example layout_bench -- FILE.json [--out OUT.json] [--runs N]`
//!
//! Input: `{"nodes":[{"id":"a0","kind":"artifact"},…],"edges":[{"from":"a0","to":"r0"},…]}`.
//! Every node is 160×40. Prints `nodes=N edges=E layout_ms=T crossings=C`, with T
//! the median of N runs (default 7) and C the pairs of route segments that properly
//! intersect (`layout::count_geometric_crossings`, the definition `dagre_bench.js`
//! shares). `--out` writes the nodes' rects and the edges' points.

use std::collections::HashMap;
use std::time::Instant;

use artifact_explorer::lineage::layout::{
    count_geometric_crossings, layout, LayoutNode, LayoutOptions,
};
use serde_json::{json, Value};

fn fail(msg: &str) -> ! {
    eprintln!("layout_bench: {msg}");
    eprintln!("usage: layout_bench FILE.json [--out OUT.json] [--runs N]");
    std::process::exit(2);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut file = None;
    let mut out_path = None;
    let mut runs = 7usize;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--out" => {
                out_path = Some(
                    args.get(i + 1)
                        .cloned()
                        .unwrap_or_else(|| fail("--out needs a path")),
                );
                i += 1;
            }
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
    let file = file.unwrap_or_else(|| fail("no input file"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
    let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| fail(&format!("{file}: {e}")));
    let empty = Vec::new();
    let jnodes = doc["nodes"].as_array().unwrap_or(&empty);
    let jedges = doc["edges"].as_array().unwrap_or(&empty);
    let ids: Vec<String> = jnodes
        .iter()
        .map(|n| {
            n["id"]
                .as_str()
                .unwrap_or_else(|| fail("a node has no string id"))
                .to_string()
        })
        .collect();
    let index: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let edges: Vec<(usize, usize)> = jedges
        .iter()
        .map(|e| {
            let end = |k: &str| {
                let id = e[k]
                    .as_str()
                    .unwrap_or_else(|| fail("an edge end is not a string"));
                *index
                    .get(id)
                    .unwrap_or_else(|| fail(&format!("unknown node {id}")))
            };
            (end("from"), end("to"))
        })
        .collect();
    let sizes = vec![
        LayoutNode {
            width: 160.0,
            height: 40.0
        };
        ids.len()
    ];
    let opts = LayoutOptions::default();
    let mut times = Vec::with_capacity(runs);
    let mut result = None;
    for _ in 0..runs {
        let t = Instant::now();
        let l = layout(&sizes, &edges, &opts);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        result = Some(l);
    }
    let l = result.expect("at least one run");
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let crossings = count_geometric_crossings(&l);
    println!(
        "nodes={} edges={} layout_ms={:.1} crossings={}",
        ids.len(),
        edges.len(),
        median,
        crossings
    );
    if let Some(path) = out_path {
        let nodes: Vec<Value> = ids
            .iter()
            .zip(&l.nodes)
            .map(|(id, r)| json!({"id": id, "x": r.x, "y": r.y, "width": r.width, "height": r.height}))
            .collect();
        let edges: Vec<Value> = jedges
            .iter()
            .zip(&l.edges)
            .map(|(e, pts)| {
                let points: Vec<Value> = pts.iter().map(|&(x, y)| json!([x, y])).collect();
                json!({"from": e["from"], "to": e["to"], "points": points})
            })
            .collect();
        let doc = json!({"nodes": nodes, "edges": edges, "width": l.width, "height": l.height});
        std::fs::write(&path, doc.to_string()).unwrap_or_else(|e| fail(&format!("{path}: {e}")));
    }
}
