//! Cycle breaking (defensive: the input should be a DAG).
//!
//! Iterative DFS in node order; every back edge is reversed for the layout, and the caller
//! reverses its route back at the end (so it runs right to left).

use std::collections::HashMap;

/// The DAG to lay out, made from unique simple pairs.
pub(super) struct Acyclic {
    /// The DAG's edges: the pairs with every back edge reversed (merged with an edge already
    /// going that way).
    pub edges: Vec<(usize, usize)>,
    /// For every pair, its DAG edge and whether it was reversed.
    pub of_pair: Vec<(usize, bool)>,
}

pub(super) fn make_acyclic(n: usize, pairs: &[(usize, usize)]) -> Acyclic {
    let back = back_edges(n, pairs);
    let mut dag_index: HashMap<(usize, usize), usize> = HashMap::new();
    let mut dag: Vec<(usize, usize)> = Vec::new();
    let pair_dag: Vec<(usize, bool)> = pairs
        .iter()
        .zip(&back)
        .map(|(&(u, v), &rev)| {
            let e = if rev { (v, u) } else { (u, v) };
            let id = *dag_index.entry(e).or_insert_with(|| {
                dag.push(e);
                dag.len() - 1
            });
            (id, rev)
        })
        .collect();
    Acyclic {
        edges: dag,
        of_pair: pair_dag,
    }
}

/// Marks the pairs that close a cycle (back edges of an iterative DFS in node order).
fn back_edges(n: usize, pairs: &[(usize, usize)]) -> Vec<bool> {
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, &(u, _)) in pairs.iter().enumerate() {
        adj[u].push(i);
    }
    let mut back = vec![false; pairs.len()];
    // 0 = unvisited, 1 = on the stack, 2 = done
    let mut state = vec![0u8; n];
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for s in 0..n {
        if state[s] != 0 {
            continue;
        }
        state[s] = 1;
        stack.push((s, 0));
        while let Some(top) = stack.last_mut() {
            let (v, i) = *top;
            if i < adj[v].len() {
                top.1 += 1;
                let e = adj[v][i];
                let w = pairs[e].1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => back[e] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    back
}
