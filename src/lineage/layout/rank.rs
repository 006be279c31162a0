//! Ranking: which column (layer) every node goes in.
//!
//! Longest path from the sources, then greedy edge shortening: a node with more outgoing than
//! incoming edges moves right next to its nearest successor, one with more incoming than
//! outgoing moves left next to its farthest predecessor (cheap, and it saves most of network
//! simplex's pivots). Then network simplex (Gansner et al. 1993; minimal total edge length, as
//! dagre) with Graphviz's incremental tree updates — only the moved subtree is reranked, only
//! the cycle's cut values change, only the subtree under the cycle's top is renumbered — and a
//! work budget, past which it stops with the (always feasible) ranking it has.

use crate::lineage::topo::{longest_path, topological_order};

/// Longest path from the sources, greedy edge shortening, then network simplex.
pub(super) fn assign_ranks(out: &[Vec<usize>], inn: &[Vec<usize>]) -> Vec<usize> {
    let n = out.len();
    // The caller guarantees a DAG; the order stays total anyway.
    let succ = |v: usize| out[v].iter().copied();
    let topo = topological_order(inn.iter().map(Vec::len).collect(), |_| true, succ);
    let mut rank = longest_path(&topo, succ);
    for _ in 0..8 {
        let mut changed = false;
        for &v in topo.iter().rev() {
            if out[v].len() > inn[v].len() {
                let t = out[v].iter().map(|&w| rank[w]).min().unwrap_or(1);
                if t >= 1 && t - 1 > rank[v] {
                    rank[v] = t - 1;
                    changed = true;
                }
            }
        }
        for &v in &topo {
            if inn[v].len() > out[v].len() {
                let t = inn[v].iter().map(|&p| rank[p] + 1).max().unwrap_or(0);
                if t < rank[v] {
                    rank[v] = t;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    // Network simplex from there, with a work budget (it usually needs ~100–300
    // visits per node and edge on lineage graphs).
    let edges: Vec<(usize, usize)> = (0..n)
        .flat_map(|u| out[u].iter().map(move |&v| (u, v)))
        .collect();
    let mut r: Vec<i64> = rank.iter().map(|&x| x as i64).collect();
    let budget = 1000 * (n + edges.len()) as u64 + 1_000_000;
    network_simplex(n, &edges, &mut r, budget);
    let lowest = r.iter().copied().min().unwrap_or(0);
    for (dst, &x) in rank.iter_mut().zip(&r) {
        *dst = (x - lowest) as usize;
    }
    let min = rank.iter().copied().min().unwrap_or(0);
    rank.iter_mut().for_each(|r| *r -= min);
    rank
}

/// A rooted spanning tree with postorder numbers: the subtree of `v` is the nodes
/// whose `lim` lies in `low[v]..=lim[v]`; `at_lim` inverts `lim`.
struct Tree {
    parent_edge: Vec<usize>,
    low: Vec<usize>,
    lim: Vec<usize>,
    at_lim: Vec<usize>,
    stack: Vec<(usize, usize)>,
}

impl Tree {
    /// Renumbers the subtree of `root` (entered through `par`) from `low`.
    fn dfs_range(
        &mut self,
        tadj: &[Vec<usize>],
        edges: &[(usize, usize)],
        root: usize,
        par: usize,
        low: usize,
    ) {
        let mut next = low;
        self.parent_edge[root] = par;
        self.low[root] = next;
        self.stack.clear();
        self.stack.push((root, 0));
        while let Some(top) = self.stack.last_mut() {
            let (v, i) = *top;
            if i < tadj[v].len() {
                top.1 += 1;
                let e = tadj[v][i];
                if e == self.parent_edge[v] {
                    continue;
                }
                let w = if edges[e].0 == v {
                    edges[e].1
                } else {
                    edges[e].0
                };
                self.parent_edge[w] = e;
                self.low[w] = next;
                self.stack.push((w, 0));
            } else {
                self.lim[v] = next;
                self.at_lim[next] = v;
                next += 1;
                self.stack.pop();
            }
        }
    }

    /// Adds `cv` to the cut values on the path from `v` up to the first node whose
    /// subtree holds `w` (returned), with Graphviz's signs.
    fn tree_update(
        &self,
        edges: &[(usize, usize)],
        cutval: &mut [i64],
        mut v: usize,
        w: usize,
        cv: i64,
        dir: bool,
    ) -> usize {
        while !(self.low[v] <= self.lim[w] && self.lim[w] <= self.lim[v]) {
            let e = self.parent_edge[v];
            let d = if v == edges[e].0 { dir } else { !dir };
            if d {
                cutval[e] += cv;
            } else {
                cutval[e] -= cv;
            }
            v = if self.lim[edges[e].0] > self.lim[edges[e].1] {
                edges[e].0
            } else {
                edges[e].1
            };
        }
        v
    }
}

/// Network simplex (Gansner et al. 1993, the variant dagre uses) on a connected
/// DAG with a feasible ranking (every edge at least one layer long). Every step
/// keeps the ranking feasible, so it can stop at any time: it stops when `budget`
/// units of work (edge and node visits) are spent. Returns (tree-building steps,
/// pivots), or `None` if the budget ran out while building the first tree (the
/// ranking is then still feasible, just shifted in places).
pub(super) fn network_simplex(
    n: usize,
    edges: &[(usize, usize)],
    rank: &mut [i64],
    budget: u64,
) -> Option<(usize, usize)> {
    let m = edges.len();
    if n < 2 || m == 0 {
        return Some((0, 0));
    }
    let mut work = 0u64;
    let mut inc: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (e, &(u, v)) in edges.iter().enumerate() {
        inc[u].push(e);
        inc[v].push(e);
    }
    let slack = |rank: &[i64], e: usize| rank[edges[e].1] - rank[edges[e].0] - 1;
    let other = |e: usize, v: usize| {
        if edges[e].0 == v {
            edges[e].1
        } else {
            edges[e].0
        }
    };

    // Feasible tight spanning tree.
    let mut in_tree = vec![false; n];
    let mut tree_edge = vec![false; m];
    let mut count = 1;
    in_tree[0] = true;
    let mut stack = vec![0usize];
    let mut steps = 0;
    loop {
        while let Some(v) = stack.pop() {
            for &e in &inc[v] {
                let w = other(e, v);
                if !in_tree[w] && slack(rank, e) == 0 {
                    in_tree[w] = true;
                    tree_edge[e] = true;
                    count += 1;
                    stack.push(w);
                }
            }
        }
        if count == n {
            break;
        }
        work += (2 * m + n) as u64;
        if work > budget {
            return None;
        }
        steps += 1;
        let mut best: Option<(i64, usize)> = None;
        for (e, &(u, v)) in edges.iter().enumerate() {
            if in_tree[u] != in_tree[v] {
                let s = slack(rank, e);
                if best.is_none_or(|b| s < b.0) {
                    best = Some((s, e));
                }
            }
        }
        let Some((s, e)) = best else {
            return None; // not connected
        };
        let delta = if in_tree[edges[e].0] { s } else { -s };
        for v in 0..n {
            if in_tree[v] {
                rank[v] += delta;
            }
        }
        for (e, &(u, v)) in edges.iter().enumerate() {
            if in_tree[u] != in_tree[v] && slack(rank, e) == 0 {
                stack.push(if in_tree[u] { u } else { v });
            }
        }
    }

    // Pivots (incremental updates as in Graphviz: only the moved subtree is
    // reranked, only the cycle's cut values change, only the subtree of the
    // cycle's top is renumbered).
    let mut tadj: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut out_e: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut in_e: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (e, &(u, v)) in edges.iter().enumerate() {
        out_e[u].push(e);
        in_e[v].push(e);
        if tree_edge[e] {
            tadj[u].push(e);
            tadj[v].push(e);
        }
    }
    let none = usize::MAX;
    let mut t = Tree {
        parent_edge: vec![none; n],
        low: vec![0; n],
        lim: vec![0; n],
        at_lim: vec![0; n + 1],
        stack: Vec::new(),
    };
    t.dfs_range(&tadj, edges, 0, none, 1);
    // Initial cut values, children first (increasing lim).
    let mut cutval = vec![0i64; m];
    for l in 1..=n {
        let v = t.at_lim[l];
        let pe = t.parent_edge[v];
        if pe == none {
            continue;
        }
        let child_is_tail = edges[pe].0 == v;
        let mut c = 1i64;
        for &e in &inc[v] {
            if e == pe {
                continue;
            }
            let points_to_head = (edges[e].0 == v) == child_is_tail;
            c += if points_to_head { 1 } else { -1 };
            if tree_edge[e] {
                c += if points_to_head {
                    -cutval[e]
                } else {
                    cutval[e]
                };
            }
        }
        cutval[pe] = c;
    }
    work += (n + 2 * m) as u64;
    let mut pivots = 0;
    let mut search = 0;
    while work <= budget {
        // Leaving edge: the next tree edge with a negative cut value.
        let mut leave = none;
        for k in 0..m {
            let e = (search + k) % m;
            if tree_edge[e] && cutval[e] < 0 {
                leave = e;
                break;
            }
        }
        if leave == none {
            break;
        }
        search = leave + 1;
        let (u, w) = edges[leave];
        // The child side of the leaving edge is a contiguous lim range.
        let tail_is_child = t.lim[u] < t.lim[w];
        let c = if tail_is_child { u } else { w };
        let (lo, hi) = (t.low[c], t.lim[c]);
        let inside = |x: usize, t: &Tree| lo <= t.lim[x] && t.lim[x] <= hi;
        // Entering edge: from the head side to the tail side, least slack.
        let mut enter: Option<(i64, usize)> = None;
        for l in lo..=hi {
            let x = t.at_lim[l];
            let cand = if tail_is_child { &in_e[x] } else { &out_e[x] };
            work += cand.len() as u64 + 1;
            for &f in cand {
                let y = other(f, x);
                if !inside(y, &t) {
                    let sl = slack(rank, f);
                    if enter.is_none_or(|b| sl < b.0 || (sl == b.0 && f < b.1)) {
                        enter = Some((sl, f));
                    }
                }
            }
        }
        let Some((delta, f)) = enter else {
            break;
        };
        pivots += 1;
        if delta > 0 {
            let d = if tail_is_child { -delta } else { delta };
            for l in lo..=hi {
                rank[t.at_lim[l]] += d;
            }
            work += (hi - lo + 1) as u64;
        }
        let cv = cutval[leave];
        let (fa, fb) = edges[f];
        let lca = t.tree_update(edges, &mut cutval, fa, fb, cv, true);
        t.tree_update(edges, &mut cutval, fb, fa, cv, false);
        cutval[f] = -cv;
        cutval[leave] = 0;
        tree_edge[leave] = false;
        tree_edge[f] = true;
        for x in [u, w] {
            tadj[x].retain(|&e| e != leave);
        }
        tadj[fa].push(f);
        tadj[fb].push(f);
        let (pl, ll) = (t.parent_edge[lca], t.low[lca]);
        work += (t.lim[lca] - ll + 1) as u64;
        t.dfs_range(&tadj, edges, lca, pl, ll);
    }
    Some((steps, pivots))
}
