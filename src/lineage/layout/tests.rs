//! Layout tests: invariants of the drawing on fixed and generated graphs, crossings against
//! baselines, the ranking against brute force, and the crossing count's definition.

use super::metrics::proper_intersection;
use super::rank::{assign_ranks, network_simplex};
use super::*;

/// The baseline order the crossing reduction must beat: every layer in node-index order (real
/// nodes, then dummies), then the previous positions; no sweeps.
fn index_order(g: &Layered, hint: &[Option<f64>], _: &LayoutOptions) -> Vec<Vec<usize>> {
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); g.n_layers];
    for v in 0..g.len() {
        layers[g.rank[v]].push(v);
    }
    order::follow_hints(&mut layers, hint);
    layers
}

fn boxes(n: usize) -> Vec<LayoutNode> {
    (0..n)
        .map(|i| LayoutNode {
            width: 120.0 + (i % 3) as f64 * 20.0,
            height: 30.0 + (i % 2) as f64 * 10.0,
        })
        .collect()
}

/// Lineage-shaped DAG like `examples/gen_lineage.rs`, small.
fn generated(nodes: usize, seed: u64) -> (usize, Vec<(usize, usize)>) {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut rnd = |m: usize| {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) % m as u64) as usize
    };
    let mut n = 3;
    let mut artifacts = vec![0, 1, 2];
    let mut edges = Vec::new();
    while n < nodes {
        let run = n;
        n += 1;
        for _ in 0..1 + rnd(3) {
            let w = artifacts.len().min(12);
            let a = artifacts[artifacts.len() - 1 - rnd(w)];
            if !edges.contains(&(a, run)) {
                edges.push((a, run));
            }
        }
        for _ in 0..1 + rnd(2) {
            artifacts.push(n);
            edges.push((run, n));
            n += 1;
        }
    }
    (n, edges)
}

fn check_invariants(nodes: &[LayoutNode], edges: &[(usize, usize)], l: &Layout) {
    assert_eq!(l.nodes.len(), nodes.len());
    assert_eq!(l.edges.len(), edges.len());
    for (r, nd) in l.nodes.iter().zip(nodes) {
        assert_eq!((r.width, r.height), (nd.width, nd.height));
        assert!(r.x >= -1e-9 && r.y >= -1e-9);
        assert!(r.right() <= l.width + 1e-6 && r.bottom() <= l.height + 1e-6);
    }
    // No overlaps; within a component, nodes either share a column (same center
    // x) or their columns are disjoint.
    let mut comp: Vec<usize> = (0..nodes.len()).collect();
    for _ in 0..nodes.len() {
        for &(u, v) in edges {
            if u < nodes.len() && v < nodes.len() {
                let m = comp[u].min(comp[v]);
                comp[u] = m;
                comp[v] = m;
            }
        }
    }
    for i in 0..l.nodes.len() {
        for j in i + 1..l.nodes.len() {
            let (a, b) = (l.nodes[i], l.nodes[j]);
            assert!(!a.overlaps(&b), "nodes {i} and {j} overlap: {a:?} {b:?}");
            let same_col = (a.center().0 - b.center().0).abs() < 1e-9;
            let disjoint = a.right() <= b.x || b.right() <= a.x;
            assert!(
                comp[i] != comp[j] || same_col || disjoint,
                "nodes {i} and {j} are in no common column"
            );
        }
    }
    for (k, &(u, v)) in edges.iter().enumerate() {
        if u == v {
            continue;
        }
        let pts = &l.edges[k];
        assert!(pts.len() >= 2);
        for w in pts.windows(2) {
            assert!(w[1].0 > w[0].0, "edge {k} goes backwards: {pts:?}");
        }
        let (s, t) = (l.nodes[u], l.nodes[v]);
        assert!((pts[0].0 - s.right()).abs() < 1e-9 && (pts[0].1 - s.center().1).abs() < 1e-9);
        let last = pts[pts.len() - 1];
        assert!((last.0 - t.x).abs() < 1e-9 && (last.1 - t.center().1).abs() < 1e-9);
    }
}

fn dag_cases() -> Vec<(usize, Vec<(usize, usize)>)> {
    vec![
        (1, vec![]),
        (2, vec![(0, 1)]),
        (4, vec![(0, 1), (0, 2), (1, 3), (2, 3)]),
        // Long edge 0 -> 4 past a chain, plus crossing-prone pairs.
        (5, vec![(0, 1), (1, 2), (2, 3), (3, 4), (0, 4)]),
        (6, vec![(0, 3), (0, 4), (1, 5), (2, 3), (1, 3), (2, 4)]),
        // Two components and an isolated node.
        (7, vec![(0, 1), (1, 2), (3, 4), (4, 5)]),
        (
            8,
            vec![
                (0, 4),
                (1, 5),
                (2, 6),
                (3, 7),
                (0, 7),
                (3, 4),
                (1, 6),
                (2, 5),
            ],
        ),
    ]
}

#[test]
fn invariants_on_fixed_graphs() {
    for (n, edges) in dag_cases() {
        let nodes = boxes(n);
        let l = layout(&nodes, &edges, &LayoutOptions::default());
        check_invariants(&nodes, &edges, &l);
    }
}

#[test]
fn invariants_on_generated_graphs() {
    for seed in 1..6 {
        let (n, edges) = generated(60 + 40 * seed as usize, seed);
        let nodes = boxes(n);
        let l = layout(&nodes, &edges, &LayoutOptions::default());
        check_invariants(&nodes, &edges, &l);
    }
}

#[test]
fn long_edges_bend_between_columns() {
    let nodes = boxes(5);
    let edges = vec![(0, 1), (1, 2), (2, 3), (3, 4), (0, 4)];
    let l = layout(&nodes, &edges, &LayoutOptions::default());
    // Three intermediate columns, two points each, plus both ends.
    assert_eq!(l.edges[4].len(), 8);
    assert_eq!(l.edges[0].len(), 2);
}

#[test]
fn empty_graph() {
    let l = layout(&[], &[], &LayoutOptions::default());
    assert_eq!(l, Layout::default());
    let l = layout(&[], &[(0, 1)], &LayoutOptions::default());
    assert_eq!(l.edges, vec![Vec::<(f64, f64)>::new()]);
}

#[test]
fn cycles_self_loops_duplicates_do_not_panic() {
    let nodes = boxes(5);
    let edges = vec![
        (0, 1),
        (1, 2),
        (2, 0),
        (3, 3),
        (1, 2),
        (1, 2),
        (2, 1),
        (4, 9),
        (3, 4),
        (4, 3),
    ];
    let l = layout(&nodes, &edges, &LayoutOptions::default());
    assert_eq!(l.edges.len(), edges.len());
    for i in 0..5 {
        for j in i + 1..5 {
            assert!(!l.nodes[i].overlaps(&l.nodes[j]));
        }
    }
    assert!(l.edges[3].len() == 4, "self-loop gets a loop");
    assert!(l.edges[7].is_empty(), "missing node gets no route");
    assert_eq!(l.edges[1], l.edges[4], "duplicates share a route");
    // Every routed edge starts and ends on its nodes (a reversed edge runs right to left).
    for (k, &(u, v)) in edges.iter().enumerate() {
        if u == v || v >= 5 {
            continue;
        }
        let pts = &l.edges[k];
        let (a, b) = (pts[0], pts[pts.len() - 1]);
        let on = |r: Rect, p: (f64, f64)| {
            (p.0 == r.x || p.0 == r.right()) && (p.1 - r.center().1).abs() < 1e-9
        };
        assert!(on(l.nodes[u], a) && on(l.nodes[v], b), "edge {k}: {pts:?}");
    }
    // Complete digraph and a big cycle.
    let n = 12;
    let nodes = boxes(n);
    let all: Vec<(usize, usize)> = (0..n).flat_map(|i| (0..n).map(move |j| (i, j))).collect();
    let l = layout(&nodes, &all, &LayoutOptions::default());
    assert_eq!(l.nodes.len(), n);
    let ring: Vec<(usize, usize)> = (0..n).map(|i| (i, (i + 1) % n)).collect();
    let l = layout(&nodes, &ring, &LayoutOptions::default());
    assert!(l.width > 0.0);
}

#[test]
fn odd_sizes_and_options() {
    let nodes = vec![
        LayoutNode {
            width: f64::NAN,
            height: -3.0,
        },
        LayoutNode {
            width: 0.0,
            height: 0.0,
        },
        LayoutNode {
            width: 10.0,
            height: f64::INFINITY,
        },
    ];
    let opts = LayoutOptions {
        rank_sep: 0.0,
        node_sep: -1.0,
        edge_sep: f64::NAN,
        component_sep: 0.0,
        max_sweeps: 0,
        transpose: false,
    };
    let l = layout(&nodes, &[(0, 1), (1, 2), (0, 2)], &opts);
    assert!(l.nodes.iter().all(|r| r.x.is_finite() && r.y.is_finite()));
    for pts in &l.edges {
        for w in pts.windows(2) {
            assert!(w[1].0 > w[0].0);
        }
    }
}

#[test]
fn deterministic() {
    let (n, edges) = generated(300, 7);
    let nodes = boxes(n);
    let a = layout(&nodes, &edges, &LayoutOptions::default());
    let b = layout(&nodes, &edges, &LayoutOptions::default());
    assert_eq!(a, b);
}

#[test]
fn crossings_no_worse_than_baselines() {
    let mut cases = dag_cases();
    for seed in 1..5 {
        cases.push(generated(150, seed));
    }
    for (n, edges) in cases {
        let nodes = boxes(n);
        let opts = LayoutOptions::default();
        let ours = count_geometric_crossings(&layout(&nodes, &edges, &opts));
        let by_index =
            count_geometric_crossings(&layout_impl(&nodes, &edges, &opts, &[], index_order));
        let dfs_only = LayoutOptions {
            max_sweeps: 0,
            transpose: false,
            ..LayoutOptions::default()
        };
        let initial = count_geometric_crossings(&layout(&nodes, &edges, &dfs_only));
        assert!(ours <= by_index, "{ours} > {by_index} (input order)");
        assert!(ours <= initial, "{ours} > {initial} (DFS order)");
    }
}

fn total_length(edges: &[(usize, usize)], rank: &[usize]) -> usize {
    edges.iter().map(|&(u, v)| rank[v] - rank[u]).sum()
}

#[test]
fn ranking_is_feasible_and_minimal() {
    // Random small connected DAGs against brute force.
    let mut x = 0x1234_5678_9abc_def1u64;
    let mut rnd = |m: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % m
    };
    for _ in 0..200 {
        let n = 2 + rnd(5) as usize;
        let mut edges: Vec<(usize, usize)> = (1..n).map(|v| (rnd(v as u64) as usize, v)).collect();
        for _ in 0..rnd(4) {
            let a = rnd(n as u64) as usize;
            let b = rnd(n as u64) as usize;
            if a < b && !edges.contains(&(a, b)) {
                edges.push((a, b));
            }
        }
        let mut out = vec![Vec::new(); n];
        let mut inn = vec![Vec::new(); n];
        for &(u, v) in &edges {
            out[u].push(v);
            inn[v].push(u);
        }
        let rank = assign_ranks(&out, &inn);
        assert!(
            edges.iter().all(|&(u, v)| rank[v] > rank[u]),
            "{edges:?} {rank:?}"
        );
        assert_eq!(rank.iter().min(), Some(&0));
        // Brute force over ranks 0..n.
        let mut best = usize::MAX;
        let mut r = vec![0usize; n];
        loop {
            if edges.iter().all(|&(u, v)| r[v] > r[u]) {
                best = best.min(total_length(&edges, &r));
            }
            let mut i = 0;
            while i < n && r[i] == n - 1 {
                r[i] = 0;
                i += 1;
            }
            if i == n {
                break;
            }
            r[i] += 1;
        }
        assert_eq!(total_length(&edges, &rank), best, "{edges:?} {rank:?}");
    }
}

#[test]
fn network_simplex_stops_on_budget_feasibly() {
    let (n, edges) = generated(400, 5);
    let mut rank = vec![0i64; n];
    // Longest path (edges go from lower to higher index in `generated`).
    for &(u, v) in &{
        let mut e = edges.clone();
        e.sort();
        e
    } {
        rank[v] = rank[v].max(rank[u] + 1);
    }
    let before: i64 = edges.iter().map(|&(u, v)| rank[v] - rank[u]).sum();
    for budget in [0, 1_000, 50_000, u64::MAX] {
        let mut r = rank.clone();
        network_simplex(n, &edges, &mut r, budget);
        assert!(edges.iter().all(|&(u, v)| r[v] > r[u]));
        let after: i64 = edges.iter().map(|&(u, v)| r[v] - r[u]).sum();
        assert!(after <= before);
    }
}

#[test]
fn known_crossing_free_graph_has_none() {
    // K2,2 twisted by input order: the reduction removes the crossing.
    let nodes = boxes(6);
    let edges = vec![(0, 3), (1, 2), (2, 4), (3, 5)];
    let l = layout(&nodes, &edges, &LayoutOptions::default());
    assert_eq!(count_geometric_crossings(&l), 0);
}

#[test]
fn geometric_crossing_definition() {
    let x = vec![
        vec![(0.0, 0.0), (10.0, 10.0)],
        vec![(0.0, 10.0), (10.0, 0.0)],
    ];
    assert_eq!(count_polyline_crossings(&x), 1);
    // Shared endpoint, touching, collinear overlap: none.
    let shared = vec![
        vec![(0.0, 0.0), (10.0, 10.0)],
        vec![(0.0, 0.0), (10.0, 0.0)],
    ];
    assert_eq!(count_polyline_crossings(&shared), 0);
    let touch = vec![vec![(0.0, 0.0), (10.0, 0.0)], vec![(5.0, 0.0), (5.0, 10.0)]];
    assert_eq!(count_polyline_crossings(&touch), 0);
    let collinear = vec![vec![(0.0, 0.0), (10.0, 0.0)], vec![(5.0, 0.0), (15.0, 0.0)]];
    assert_eq!(count_polyline_crossings(&collinear), 0);
    // A grid of 10 horizontal and 10 vertical lines made of many short segments.
    let mut lines = Vec::new();
    for i in 0..10 {
        let c = i as f64 * 10.0 + 5.0;
        lines.push((0..=20).map(|k| (k as f64 * 5.0, c)).collect::<Vec<_>>());
        lines.push(vec![(c + 0.5, -1.0), (c + 0.5, 101.0)]);
    }
    assert_eq!(count_polyline_crossings(&lines), 100);
    // Agrees with all pairs on a generated drawing.
    let (n, edges) = generated(200, 3);
    let l = layout(&boxes(n), &edges, &LayoutOptions::default());
    let segs: Vec<[f64; 4]> = l
        .edges
        .iter()
        .flat_map(|p| {
            p.windows(2)
                .map(|w| [w[0].0, w[0].1, w[1].0, w[1].1])
                .collect::<Vec<_>>()
        })
        .collect();
    let mut naive = 0;
    for i in 0..segs.len() {
        for j in i + 1..segs.len() {
            if proper_intersection(&segs[i], &segs[j]) {
                naive += 1;
            }
        }
    }
    assert_eq!(count_geometric_crossings(&l), naive);
}

#[test]
fn previous_positions_keep_order() {
    // Two independent chains; the previous drawing had the second on top.
    let nodes = boxes(4);
    let edges = vec![(0, 1), (2, 3)];
    let prev = vec![
        Some((0.0, 100.0)),
        Some((200.0, 100.0)),
        Some((0.0, 0.0)),
        Some((200.0, 0.0)),
    ];
    let l = layout_with_previous(&nodes, &edges, &LayoutOptions::default(), &prev);
    assert!(l.nodes[2].y < l.nodes[0].y);
    // Within one layer too.
    let edges = vec![(0, 1), (0, 2), (0, 3)];
    let prev = vec![
        None,
        Some((0.0, 300.0)),
        Some((0.0, 100.0)),
        Some((0.0, 200.0)),
    ];
    let l = layout_with_previous(&nodes, &edges, &LayoutOptions::default(), &prev);
    assert!(l.nodes[2].y < l.nodes[3].y && l.nodes[3].y < l.nodes[1].y);
    let l = layout(&nodes, &edges, &LayoutOptions::default());
    assert!(l.nodes[1].y < l.nodes[2].y && l.nodes[2].y < l.nodes[3].y);
}
