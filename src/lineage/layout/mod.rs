//! Layered ("Sugiyama") layout, left to right, as a pure function.
//!
//! # Why our own
//!
//! No crate meets the speed goal (≤ 100 ms at ~2,600 nodes, ≤ 1 s at 10,000 nodes):
//! the `dagre` crate 0.1.2 takes 27.5 s at 2,598 nodes, and `rust-sugiyama` 0.4.0
//! returns no edge bends (long edges would cut through nodes). dagre.js itself takes
//! ~21 s at 2,600 nodes. This module is plain `std` and runs in the browser (wasm)
//! as well as natively.
//!
//! # Stages, one module each (as dagre lays out its own source)
//!
//! 1. **Clean-up** (here). Self-loops and duplicate edges are set aside (duplicates share
//!    the route of the first copy; self-loops get a small loop on the right side);
//!    edges naming a missing node get no points.
//! 2. **Cycle breaking** (`acyclic`): back edges of a DFS are reversed.
//! 3. **Components** (`components`): every weakly connected component is laid out on its
//!    own, and the components are stacked top to bottom.
//! 4. **Ranking** (`rank`): longest path, greedy edge shortening, network simplex.
//! 5. **Dummy nodes** (`layered`) split every edge longer than one layer.
//! 6. **Ordering** (`order`): crossing reduction by barycenter sweeps and transposition.
//! 7. **Positioning** (`position`): Brandes–Köpf.
//! 8. **Routing** (`route`): columns, and edges with two bends per column they cross.
//!
//! `metrics` counts crossings on the result, the way the dagre.js benchmark does.
//!
//! # Measured
//!
//! `examples/layout_bench.rs` on `examples/gen_lineage.rs` graphs (seed 1), 2-core
//! machine under load, release build at opt-level 3 (opt-level "z" in brackets);
//! dagre.js 1.1.8 on the same graphs through `scripts/bench/dagre_bench.js`, with
//! crossings counted the same way:
//!
//! | nodes / edges  | ours ms      | ours crossings | dagre.js ms | dagre.js crossings |
//! |----------------|--------------|----------------|-------------|--------------------|
//! | 800 / 1,034    | 2.4 (4.0)    | 619            | 1,230       | 759                |
//! | 2,600 / 3,372  | 17.6 (30.8)  | 2,909          | 16,325      | 3,306              |
//! | 10,000 / 12,867| 206 (364)    | 22,256         | 492,807     | 26,631             |
//!
//! `scripts/bench/layout-vs-dagre` prints these, and beside them the layout timed in headless
//! Chromium on a wasm build made as the app's is (opt-level "z", wasm-opt -Oz), which draws
//! the same (same crossings).

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

mod acyclic;
mod components;
pub mod job;
mod layered;
mod metrics;
mod order;
mod position;
mod rank;
mod route;
#[cfg(test)]
mod tests;

pub use metrics::{count_geometric_crossings, count_polyline_crossings};

use layered::Layered;

/// The size of one node to lay out.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LayoutNode {
    pub width: f64,
    pub height: f64,
}

/// Spacing and effort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayoutOptions {
    /// Horizontal gap between two columns (at least 1).
    pub rank_sep: f64,
    /// Vertical gap between two nodes of one column.
    pub node_sep: f64,
    /// Vertical gap between two edges passing through one column.
    pub edge_sep: f64,
    /// Vertical gap between two disconnected components.
    pub component_sep: f64,
    /// Upper bound on the number of ordering sweeps.
    pub max_sweeps: usize,
    /// Run adjacent-exchange passes after each sweep.
    pub transpose: bool,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        Self {
            rank_sep: 60.0,
            node_sep: 20.0,
            edge_sep: 10.0,
            component_sep: 40.0,
            max_sweeps: 24,
            transpose: true,
        }
    }
}

/// A placed node; `x`, `y` is the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.width
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }
    pub fn center(&self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }
    /// True when the interiors intersect (rects that only touch do not overlap).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
}

/// The result: one rect per input node and one polyline per input edge (same order).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Layout {
    pub nodes: Vec<Rect>,
    /// Points from the source's right side to the target's left side, with bends.
    /// Empty for an edge naming a missing node.
    pub edges: Vec<Vec<(f64, f64)>>,
    pub width: f64,
    pub height: f64,
}

/// Lays out a graph left to right. Never panics or hangs, whatever the edges.
pub fn layout(nodes: &[LayoutNode], edges: &[(usize, usize)], opts: &LayoutOptions) -> Layout {
    layout_with_previous(nodes, edges, opts, &[])
}

/// Like [`layout`], with the previous center of some nodes (indexed like `nodes`;
/// shorter slices are fine). The initial order of each layer, and the order of the
/// components, follow the previous vertical positions, and a sweep only replaces
/// that order when it has strictly fewer crossings, so toggling a view keeps the
/// nodes that stay in the same relative order.
pub fn layout_with_previous(
    nodes: &[LayoutNode],
    edges: &[(usize, usize)],
    opts: &LayoutOptions,
    previous: &[Option<(f64, f64)>],
) -> Layout {
    layout_impl(nodes, edges, opts, previous, order::order_layers)
}

/// The ordering phase. The pipeline takes it as a parameter so that tests can lay out with a
/// baseline order and compare; the public functions use `order::order_layers`.
type OrderFn = fn(&Layered, &[Option<f64>], &LayoutOptions) -> Vec<Vec<usize>>;

fn clean(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        0.0
    }
}

enum Route {
    Missing,
    SelfLoop(usize),
    Pair(usize),
}

fn layout_impl(
    nodes: &[LayoutNode],
    edges: &[(usize, usize)],
    opts: &LayoutOptions,
    previous: &[Option<(f64, f64)>],
    order: OrderFn,
) -> Layout {
    let opts = LayoutOptions {
        rank_sep: clean(opts.rank_sep).max(1.0),
        node_sep: clean(opts.node_sep),
        edge_sep: clean(opts.edge_sep),
        component_sep: clean(opts.component_sep),
        max_sweeps: opts.max_sweeps.min(1000),
        transpose: opts.transpose,
    };
    let n = nodes.len();
    let size: Vec<(f64, f64)> = nodes
        .iter()
        .map(|nd| (clean(nd.width), clean(nd.height)))
        .collect();
    let hint: Vec<Option<f64>> = (0..n)
        .map(|i| {
            previous
                .get(i)
                .copied()
                .flatten()
                .map(|p| p.1)
                .filter(|y| y.is_finite())
        })
        .collect();

    // 1. Unique simple pairs.
    let mut pair_index: HashMap<(usize, usize), usize> = HashMap::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let routes: Vec<Route> = edges
        .iter()
        .map(|&(u, v)| {
            if u >= n || v >= n {
                Route::Missing
            } else if u == v {
                Route::SelfLoop(u)
            } else {
                let id = *pair_index.entry((u, v)).or_insert_with(|| {
                    pairs.push((u, v));
                    pairs.len() - 1
                });
                Route::Pair(id)
            }
        })
        .collect();

    // 2. Cycle breaking.
    let acyclic::Acyclic {
        edges: dag,
        of_pair: pair_dag,
    } = acyclic::make_acyclic(n, &pairs);

    // 3. Components.
    let comps = components::components(n, &dag, &hint);

    let mut out = Layout {
        nodes: vec![Rect::default(); n],
        edges: vec![Vec::new(); edges.len()],
        width: 0.0,
        height: 0.0,
    };
    let mut dag_paths: Vec<Vec<(f64, f64)>> = vec![Vec::new(); dag.len()];
    let mut y_off = 0.0;
    for (k, &c) in comps.order.iter().enumerate() {
        let cn = &comps.nodes[c];
        let csize: Vec<(f64, f64)> = cn.iter().map(|&v| size[v]).collect();
        let chint: Vec<Option<f64>> = cn.iter().map(|&v| hint[v]).collect();
        let cedges: Vec<(usize, usize)> = comps.edges[c]
            .iter()
            .map(|&e| (comps.local[dag[e].0], comps.local[dag[e].1]))
            .collect();
        let res = layout_component(&csize, &cedges, &chint, &opts, order);
        if k > 0 {
            y_off += opts.component_sep;
        }
        for (li, &v) in cn.iter().enumerate() {
            let (cx, cy) = res.centers[li];
            let (w, h) = size[v];
            out.nodes[v] = Rect {
                x: cx - w / 2.0,
                y: cy - h / 2.0 + y_off,
                width: w,
                height: h,
            };
        }
        for (le, &e) in comps.edges[c].iter().enumerate() {
            dag_paths[e] = res.paths[le].iter().map(|&(x, y)| (x, y + y_off)).collect();
        }
        out.width = out.width.max(res.width);
        y_off += res.height;
    }
    out.height = y_off;

    for (i, r) in routes.iter().enumerate() {
        out.edges[i] = match *r {
            Route::Missing => Vec::new(),
            Route::SelfLoop(u) => route::self_loop(out.nodes[u], opts.rank_sep),
            Route::Pair(p) => {
                let (d, rev) = pair_dag[p];
                let mut pts = dag_paths[d].clone();
                if rev {
                    pts.reverse();
                }
                pts
            }
        };
    }
    out
}

/// One laid-out component, in its own coordinates (top at y = 0).
struct CompResult {
    centers: Vec<(f64, f64)>,
    paths: Vec<Vec<(f64, f64)>>,
    width: f64,
    height: f64,
}

/// Lays out one connected DAG (local indices): rank, split long edges, order, position, route.
fn layout_component(
    size: &[(f64, f64)],
    edges: &[(usize, usize)],
    hint: &[Option<f64>],
    opts: &LayoutOptions,
    order: OrderFn,
) -> CompResult {
    let n = size.len();
    if edges.is_empty() {
        // A single node (components are connected).
        let (w, h) = size.first().copied().unwrap_or((0.0, 0.0));
        return CompResult {
            centers: vec![(w / 2.0, h / 2.0); n],
            paths: Vec::new(),
            width: w,
            height: h,
        };
    }
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut inn: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(u, v) in edges {
        out[u].push(v);
        inn[v].push(u);
    }
    let rank = rank::assign_ranks(&out, &inn);
    let g = Layered::new(size, edges, &rank);
    let layers = order(&g, hint, opts);
    let ys = position::brandes_koepf(&g, &layers, opts);
    route::route(&g, size, edges, &ys, opts)
}
