//! Positioning: the vertical coordinate of every node within its column (Brandes–Köpf).
//!
//! Type-1 conflicts marked, four vertical alignments (up/down × left/right) compacted on the
//! block graph (two passes, as in dagre), aligned to the narrowest, and balanced with the
//! average median. Long edges come out straight and nodes never overlap.

use super::layered::{positions, Layered};
use super::LayoutOptions;
use crate::hash::FxSet;
use crate::lineage::topo::topological_order;

/// Brandes–Köpf coordinate assignment (vertical position within a column).
/// Returns the center of every layered node, real and dummy.
pub(super) fn brandes_koepf(g: &Layered, layers: &[Vec<usize>], opts: &LayoutOptions) -> Vec<f64> {
    let (pred, succ, height) = (&g.pred, &g.succ, &g.height);
    let total = g.len();
    let is_dummy = |v: usize| g.is_dummy(v);
    let pos = positions(layers, total);
    // Type-1 conflicts: a non-inner segment crossing an inner (dummy–dummy) one.
    let mut conflicts = FxSet::default();
    let key = |a: usize, b: usize| ((a.min(b) as u64) << 32) | a.max(b) as u64;
    for w in layers.windows(2) {
        let (prev, layer) = (&w[0], &w[1]);
        if layer.is_empty() {
            continue;
        }
        let mut k0 = 0usize;
        let mut scan = 0usize;
        let last = layer[layer.len() - 1];
        for (i, &v) in layer.iter().enumerate() {
            let inner = if is_dummy(v) {
                pred[v].iter().copied().find(|&u| is_dummy(u))
            } else {
                None
            };
            let k1 = inner.map(|u| pos[u]).unwrap_or(prev.len());
            if inner.is_some() || v == last {
                for &sn in &layer[scan..=i] {
                    for &u in &pred[sn] {
                        let up = pos[u];
                        if (up < k0 || k1 < up) && !(is_dummy(u) && is_dummy(sn)) {
                            conflicts.insert(key(u, sn));
                        }
                    }
                }
                scan = i + 1;
                k0 = k1;
            }
        }
    }
    let sep = |u: usize, v: usize| -> f64 {
        let gap = |x: usize| {
            if is_dummy(x) {
                opts.edge_sep
            } else {
                opts.node_sep
            }
        };
        (height[u] + height[v]) / 2.0 + (gap(u) + gap(v)) / 2.0
    };

    let mut xss: Vec<Vec<f64>> = Vec::with_capacity(4);
    let mut adj: Vec<Vec<usize>> = Vec::with_capacity(layers.len());
    let mut root = vec![0usize; total];
    let mut align = vec![0usize; total];
    let mut apos = vec![0usize; total];
    let mut ws: Vec<usize> = Vec::new();
    let mut bstart: Vec<usize> = Vec::new();
    let mut fill: Vec<usize> = Vec::new();
    let mut bedges: Vec<(usize, f64)> = Vec::new();
    for (down, right) in [(false, false), (false, true), (true, false), (true, true)] {
        adj.clear();
        for k in 0..layers.len() {
            let mut l = if down {
                layers[layers.len() - 1 - k].clone()
            } else {
                layers[k].clone()
            };
            if right {
                l.reverse();
            }
            adj.push(l);
        }
        for l in &adj {
            for (i, &v) in l.iter().enumerate() {
                apos[v] = i;
            }
        }
        let nbrs = if down { succ } else { pred };
        // Vertical alignment.
        for v in 0..total {
            root[v] = v;
            align[v] = v;
        }
        for l in &adj {
            let mut prev_idx: isize = -1;
            for &v in l {
                ws.clear();
                ws.extend(nbrs[v].iter().copied());
                if ws.is_empty() {
                    continue;
                }
                ws.sort_unstable_by_key(|&w| apos[w]);
                let mp = (ws.len() - 1) as f64 / 2.0;
                for &w in &ws[mp.floor() as usize..=mp.ceil() as usize] {
                    if align[v] == v
                        && prev_idx < apos[w] as isize
                        && !conflicts.contains(&key(v, w))
                    {
                        align[w] = v;
                        root[v] = root[w];
                        align[v] = root[v];
                        prev_idx = apos[w] as isize;
                    }
                }
            }
        }
        // Horizontal compaction on the block graph (CSR: edges root -> root).
        bedges.clear();
        bstart.clear();
        bstart.resize(total + 1, 0);
        for l in &adj {
            for p in l.windows(2) {
                let (ru, rv) = (root[p[0]], root[p[1]]);
                if ru != rv {
                    bstart[ru + 1] += 1;
                }
            }
        }
        for v in 0..total {
            bstart[v + 1] += bstart[v];
        }
        bedges.resize(bstart[total], (0, 0.0));
        fill.clear();
        fill.extend_from_slice(&bstart[..total]);
        let mut indeg = vec![0usize; total];
        for l in &adj {
            for p in l.windows(2) {
                let (u, v) = (p[0], p[1]);
                let (ru, rv) = (root[u], root[v]);
                if ru != rv {
                    bedges[fill[ru]] = (rv, sep(u, v));
                    fill[ru] += 1;
                    indeg[rv] += 1;
                }
            }
        }
        let bout = |v: usize| &bedges[bstart[v]..bstart[v + 1]];
        let order = topological_order(indeg, |v| root[v] == v, |v| bout(v).iter().map(|&(w, _)| w));
        let mut xs = vec![0.0f64; total];
        for &v in &order {
            let xv = xs[v];
            for &(w, s) in bout(v) {
                xs[w] = xs[w].max(xv + s);
            }
        }
        for &v in order.iter().rev() {
            let min = bout(v)
                .iter()
                .map(|&(w, s)| xs[w] - s)
                .fold(f64::INFINITY, f64::min);
            if min.is_finite() && min > xs[v] {
                xs[v] = min;
            }
        }
        for v in 0..total {
            xs[v] = xs[root[v]];
        }
        if right {
            xs.iter_mut().for_each(|x| *x = -*x);
        }
        xss.push(xs);
    }
    // Align to the narrowest, then balance.
    let extent = |xs: &[f64]| -> (f64, f64) {
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for v in 0..total {
            lo = lo.min(xs[v] - height[v] / 2.0);
            hi = hi.max(xs[v] + height[v] / 2.0);
        }
        (lo, hi)
    };
    let mut best = 0;
    let mut best_w = f64::INFINITY;
    for (i, xs) in xss.iter().enumerate() {
        let (lo, hi) = extent(xs);
        if hi - lo < best_w {
            best_w = hi - lo;
            best = i;
        }
    }
    let min_max = |xs: &[f64]| {
        xs.iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            })
    };
    let (to_min, to_max) = min_max(&xss[best]);
    for (i, xs) in xss.iter_mut().enumerate() {
        let (lo, hi) = min_max(xs);
        let right = i % 2 == 1;
        let delta = if right { to_max - hi } else { to_min - lo };
        xs.iter_mut().for_each(|x| *x += delta);
    }
    (0..total)
        .map(|v| {
            let mut vals = [xss[0][v], xss[1][v], xss[2][v], xss[3][v]];
            vals.sort_by(f64::total_cmp);
            (vals[1] + vals[2]) / 2.0
        })
        .collect()
}
