//! Re-layout time when toggling Clusters → Explode → Clusters on a generated 500-node lineage
//! scope (goal: ≤ 16 ms per toggle).
//!
//! `cargo run --release --example lineage_toggle_bench [-- --nodes 500 --runs 15]`
//!
//! The scope: a few dataset versions, each used by sweeps of 6–20 training runs that each log a
//! model, some evaluation runs using models, and a data-prep run producing the datasets — the
//! shape that clusters. Each step builds the view and lays it out with the previous positions
//! (`view::previous_positions` + `layout::layout_with_previous`), as the UI does. Prints the
//! median over `--runs` repetitions.

use artifact_explorer::lineage::export::layout_nodes;
use artifact_explorer::lineage::graph::{LineageGraph, Node};
use artifact_explorer::lineage::layout::{layout_with_previous, Layout, LayoutOptions};
use artifact_explorer::lineage::view::{
    build_view, previous_positions, View, ViewMode, ViewOptions,
};
use std::collections::HashMap;
use std::time::Instant;

fn generate(target: usize) -> LineageGraph {
    let mut g = LineageGraph::new();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut rand = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    g.add_node(Node::run("run:prep", "prepare-data", "data-prep"));
    let mut d = 0;
    let mut r = 0;
    let mut models: Vec<String> = Vec::new();
    while g.len() < target {
        let did = format!("dataset:train@{d}");
        g.add_node(Node::artifact(
            did.clone(),
            format!("train:v{d}"),
            "dataset",
        ));
        let _ = g.add_edge_by_id("run:prep", &did, None, true);
        d += 1;
        for _ in 0..(1 + rand(3)) {
            let n = 6 + rand(15);
            for _ in 0..n {
                if g.len() + 2 > target {
                    break;
                }
                let rid = format!("run:{r}");
                g.add_node(Node::run(rid.clone(), format!("sweep-{r}"), "train"));
                let mid = format!("model:{r}");
                g.add_node(Node::artifact(mid.clone(), format!("model:v{r}"), "model"));
                let _ = g.add_edge_by_id(&did, &rid, Some("training".into()), false);
                let _ = g.add_edge_by_id(&rid, &mid, None, false);
                models.push(mid);
                r += 1;
            }
            if g.len() < target && !models.is_empty() {
                let eid = format!("run:eval{r}");
                g.add_node(Node::run(eid.clone(), format!("eval-{r}"), "eval"));
                let m = models[rand(models.len())].clone();
                let _ = g.add_edge_by_id(&m, &eid, None, false);
                r += 1;
            }
        }
    }
    g
}

fn step(
    g: &LineageGraph,
    mode: ViewMode,
    prev: &mut HashMap<String, (f64, f64)>,
) -> (View, Layout, f64, f64) {
    let t0 = Instant::now();
    let opts = ViewOptions {
        mode,
        ..Default::default()
    };
    let v = build_view(g, &opts);
    let t1 = Instant::now();
    let p = previous_positions(&v, prev);
    let l = layout_with_previous(
        &layout_nodes(&v),
        &v.layout_edges(),
        &LayoutOptions::default(),
        &p,
    );
    let t2 = Instant::now();
    prev.clear();
    for (k, r) in v.keys.iter().zip(&l.nodes) {
        prev.insert(k.clone(), r.center());
    }
    (
        v,
        l,
        (t1 - t0).as_secs_f64() * 1e3,
        (t2 - t1).as_secs_f64() * 1e3,
    )
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (nodes, runs) = (arg("--nodes", 500), arg("--runs", 15).max(1));
    let g = generate(nodes);
    let steps = [
        ("collapse", ViewMode::Clusters),
        ("explode", ViewMode::Explode),
        ("collapse", ViewMode::Clusters),
    ];
    let mut view_ms = vec![Vec::new(); 3];
    let mut layout_ms = vec![Vec::new(); 3];
    let mut sizes = [0usize; 3];
    for _ in 0..runs {
        let mut prev = HashMap::new();
        for (i, (_, mode)) in steps.iter().enumerate() {
            let (v, _, vm, lm) = step(&g, *mode, &mut prev);
            sizes[i] = v.nodes.len();
            view_ms[i].push(vm);
            layout_ms[i].push(lm);
        }
    }
    println!(
        "scope: nodes={} edges={} (median of {runs} runs)",
        g.len(),
        g.edges().len()
    );
    for (i, (name, _)) in steps.iter().enumerate() {
        let (vm, lm) = (median(view_ms[i].clone()), median(layout_ms[i].clone()));
        println!(
            "{name:>8}: view_nodes={:>4} view_ms={vm:.2} layout_ms={lm:.2} total_ms={:.2} {}",
            sizes[i],
            vm + lm,
            if vm + lm <= 16.0 {
                "(≤ 16 ms)"
            } else {
                "(over 16 ms)"
            }
        );
    }
}
