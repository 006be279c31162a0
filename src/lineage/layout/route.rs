//! Routing: layers become columns and every edge a polyline.
//!
//! A column is as wide as its widest node, `rank_sep` apart from the next. An edge starts at
//! the middle of its source's right side, crosses every intermediate column horizontally at
//! its dummy's height (two bend points per column) and ends at the middle of the target's left
//! side, so x strictly increases along every route of a DAG edge. A self-loop is a small loop
//! on the right side of its node.

use super::layered::Layered;
use super::{CompResult, LayoutOptions, Rect};

/// Places the columns of a positioned component (`ys`: the center of every layered node) and
/// routes its edges, moving it so that its top is at y = 0.
pub(super) fn route(
    g: &Layered,
    size: &[(f64, f64)],
    edges: &[(usize, usize)],
    ys: &[f64],
    opts: &LayoutOptions,
) -> CompResult {
    let (n, nl, rank, height) = (g.n_real, g.n_layers, &g.rank, &g.height);
    let mut col_w = vec![0.0f64; nl];
    for v in 0..n {
        col_w[rank[v]] = col_w[rank[v]].max(size[v].0);
    }
    let mut col_left = vec![0.0f64; nl];
    for r in 1..nl {
        col_left[r] = col_left[r - 1] + col_w[r - 1] + opts.rank_sep;
    }
    let width = col_left[nl - 1] + col_w[nl - 1];
    let mut min_y = f64::INFINITY;
    let mut max_y = f64::NEG_INFINITY;
    for v in 0..g.len() {
        min_y = min_y.min(ys[v] - height[v] / 2.0);
        max_y = max_y.max(ys[v] + height[v] / 2.0);
    }
    let centers: Vec<(f64, f64)> = (0..n)
        .map(|v| (col_left[rank[v]] + col_w[rank[v]] / 2.0, ys[v] - min_y))
        .collect();
    let paths = edges
        .iter()
        .enumerate()
        .map(|(e, &(u, v))| {
            let dummies = g.dummies(e);
            let mut pts = Vec::with_capacity(2 + 2 * dummies.len());
            pts.push((centers[u].0 + size[u].0 / 2.0, centers[u].1));
            for &d in dummies {
                debug_assert!(g.is_dummy(d));
                let r = rank[d];
                let y = ys[d] - min_y;
                pts.push((col_left[r], y));
                if col_w[r] > 0.0 {
                    pts.push((col_left[r] + col_w[r], y));
                }
            }
            pts.push((centers[v].0 - size[v].0 / 2.0, centers[v].1));
            pts
        })
        .collect();
    CompResult {
        centers,
        paths,
        width,
        height: max_y - min_y,
    }
}

/// A small loop on the right side of a placed node.
pub(super) fn self_loop(r: Rect, rank_sep: f64) -> Vec<(f64, f64)> {
    let (_, cy) = r.center();
    let dx = rank_sep / 3.0;
    let dy = r.height / 4.0;
    vec![
        (r.right(), cy - dy),
        (r.right() + dx, cy - dy),
        (r.right() + dx, cy + dy),
        (r.right(), cy + dy),
    ]
}
