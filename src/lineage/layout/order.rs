//! Ordering: the vertical order of the nodes within each layer, chosen to have few crossings.
//!
//! Initial order by DFS from the sources (as dagre), or by the previous positions when given.
//! Then alternating down/up layer sweeps ordering by barycenter (nodes without neighbours keep
//! their slot, ties broken left/right alternately), each followed by adjacent-exchange passes
//! ("transpose", Gansner et al.). Crossings between adjacent layers are counted in O(E log V)
//! with the Barth–Jünger–Mutzel accumulator tree; the best order is kept; it stops after 4
//! sweeps without improvement or `max_sweeps`.

use super::layered::{positions, Adj, Layered};
use super::LayoutOptions;

/// Crossing reduction; returns the layers, top to bottom.
pub(super) fn order_layers(
    g: &Layered,
    hint: &[Option<f64>],
    opts: &LayoutOptions,
) -> Vec<Vec<usize>> {
    let (nl, rank, succ, pred) = (g.n_layers, &g.rank, &g.succ, &g.pred);
    let total = g.len();
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); nl];
    // DFS from the nodes in rank order.
    let mut by_rank: Vec<Vec<usize>> = vec![Vec::new(); nl];
    for v in 0..total {
        by_rank[rank[v]].push(v);
    }
    let mut visited = vec![false; total];
    let mut stack = Vec::new();
    for s in by_rank.into_iter().flatten() {
        stack.push(s);
        while let Some(v) = stack.pop() {
            if visited[v] {
                continue;
            }
            visited[v] = true;
            layers[rank[v]].push(v);
            stack.extend(succ[v].iter().rev().filter(|&&w| !visited[w]));
        }
    }
    follow_hints(&mut layers, hint);
    let mut pos = positions(&layers, total);
    let mut counter = CrossingCounter::default();
    let mut best_cc = counter.total(&layers, succ, &pos);
    let mut best = layers.clone();
    let mut since_best = 0;
    let mut iter = 0;
    let mut scratch = SweepScratch::default();
    while best_cc > 0 && since_best < 4 && iter < opts.max_sweeps {
        let bias_right = iter % 4 >= 2;
        if iter % 2 == 0 {
            for layer in layers.iter_mut().skip(1) {
                sweep_layer(layer, pred, &mut pos, bias_right, &mut scratch);
            }
        } else {
            for r in (0..nl.saturating_sub(1)).rev() {
                sweep_layer(&mut layers[r], succ, &mut pos, bias_right, &mut scratch);
            }
        }
        if opts.transpose {
            transpose(&mut layers, pred, succ, &mut pos);
        }
        let cc = counter.total(&layers, succ, &pos);

        if cc < best_cc {
            best_cc = cc;
            best.clone_from(&layers);
            since_best = 0;
        } else {
            since_best += 1;
        }
        iter += 1;
    }
    best
}

/// Reorders each layer by the previous vertical positions, when any are given: a node without
/// one keeps the key of the node before it, so it stays next to it.
pub(super) fn follow_hints(layers: &mut [Vec<usize>], hint: &[Option<f64>]) {
    if hint.iter().any(|h| h.is_some()) {
        for layer in layers.iter_mut() {
            let mut key = f64::NEG_INFINITY;
            let mut keyed: Vec<(f64, usize, usize)> = layer
                .iter()
                .enumerate()
                .map(|(i, &v)| {
                    if let Some(Some(y)) = hint.get(v) {
                        key = *y;
                    }
                    (key, i, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            *layer = keyed.into_iter().map(|k| k.2).collect();
        }
    }
}

#[derive(Default)]
struct SweepScratch {
    sortable: Vec<(f64, usize, usize)>,
    unsortable: Vec<(usize, usize)>,
}

/// Orders one layer by the barycenter of its neighbours in the fixed layer; nodes
/// without neighbours keep their index (dagre's rule).
fn sweep_layer(
    layer: &mut [usize],
    nbrs: &Adj,
    pos: &mut [usize],
    bias_right: bool,
    s: &mut SweepScratch,
) {
    s.sortable.clear();
    s.unsortable.clear();
    for (i, &v) in layer.iter().enumerate() {
        let ns = &nbrs[v];
        if ns.is_empty() {
            s.unsortable.push((i, v));
        } else {
            let sum: usize = ns.iter().map(|&w| pos[w]).sum();
            s.sortable.push((sum as f64 / ns.len() as f64, i, v));
        }
    }
    s.sortable.sort_by(|a, b| {
        a.0.total_cmp(&b.0).then(if bias_right {
            b.1.cmp(&a.1)
        } else {
            a.1.cmp(&b.1)
        })
    });
    let mut k = 0;
    let mut u = 0;
    for &(_, _, v) in &s.sortable {
        while u < s.unsortable.len() && s.unsortable[u].0 <= k {
            layer[k] = s.unsortable[u].1;
            k += 1;
            u += 1;
        }
        layer[k] = v;
        k += 1;
    }
    while u < s.unsortable.len() {
        layer[k] = s.unsortable[u].1;
        k += 1;
        u += 1;
    }
    for (i, &v) in layer.iter().enumerate() {
        pos[v] = i;
    }
}

/// Pairs (x in a, y in b) with pos[x] > pos[y]: the crossings between the edges of
/// a node placed just above another and the other's edges, on one side.
fn pair_cross(a: &[usize], b: &[usize], pos: &[usize]) -> u64 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    if a.len() * b.len() <= 64 {
        let mut c = 0;
        for &x in a {
            for &y in b {
                if pos[x] > pos[y] {
                    c += 1;
                }
            }
        }
        return c;
    }
    let mut pa: Vec<usize> = a.iter().map(|&x| pos[x]).collect();
    let mut pb: Vec<usize> = b.iter().map(|&y| pos[y]).collect();
    pa.sort_unstable();
    pb.sort_unstable();
    let mut c = 0u64;
    let mut j = 0;
    for &x in &pa {
        while j < pb.len() && pb[j] < x {
            j += 1;
        }
        c += j as u64;
    }
    c
}

/// Adjacent exchanges while they strictly reduce crossings (bounded passes). A pass
/// only revisits the layers next to a layer that changed in the previous pass.
fn transpose(layers: &mut [Vec<usize>], pred: &Adj, succ: &Adj, pos: &mut [usize]) {
    let nl = layers.len();
    let mut dirty = vec![true; nl];
    let mut next = vec![false; nl];
    for _ in 0..8 {
        let mut improved = false;
        for (r, layer) in layers.iter_mut().enumerate() {
            if !dirty[r] {
                continue;
            }
            let mut swapped = false;
            for i in 0..layer.len().saturating_sub(1) {
                let (v, w) = (layer[i], layer[i + 1]);
                let c_vw =
                    pair_cross(&pred[v], &pred[w], pos) + pair_cross(&succ[v], &succ[w], pos);
                if c_vw == 0 {
                    continue;
                }
                let c_wv =
                    pair_cross(&pred[w], &pred[v], pos) + pair_cross(&succ[w], &succ[v], pos);
                if c_wv < c_vw {
                    layer.swap(i, i + 1);
                    pos[v] = i + 1;
                    pos[w] = i;
                    swapped = true;
                }
            }
            if swapped {
                improved = true;
                next[r] = true;
                if r > 0 {
                    next[r - 1] = true;
                }
                if r + 1 < nl {
                    next[r + 1] = true;
                }
            }
        }
        if !improved {
            break;
        }
        std::mem::swap(&mut dirty, &mut next);
        next.iter_mut().for_each(|d| *d = false);
    }
}

/// Barth–Jünger–Mutzel bilayer crossing counting with an accumulator tree.
#[derive(Default)]
struct CrossingCounter {
    south: Vec<usize>,
    tree: Vec<u64>,
}

impl CrossingCounter {
    fn total(&mut self, layers: &[Vec<usize>], succ: &Adj, pos: &[usize]) -> u64 {
        layers
            .windows(2)
            .map(|w| self.bilayer(&w[0], w[1].len(), succ, pos))
            .sum()
    }

    fn bilayer(&mut self, north: &[usize], south_len: usize, succ: &Adj, pos: &[usize]) -> u64 {
        if south_len == 0 {
            return 0;
        }
        self.south.clear();
        for &u in north {
            let start = self.south.len();
            self.south.extend(succ[u].iter().map(|&v| pos[v]));
            self.south[start..].sort_unstable();
        }
        let mut first = 1;
        while first < south_len {
            first <<= 1;
        }
        self.tree.clear();
        self.tree.resize(2 * first - 1, 0);
        let first = first - 1;
        let mut cross = 0;
        for &p in &self.south {
            let mut index = p + first;
            self.tree[index] += 1;
            while index > 0 {
                if index % 2 == 1 {
                    cross += self.tree[index + 1];
                }
                index = (index - 1) / 2;
                self.tree[index] += 1;
            }
        }
        cross
    }
}
