//! Components: every weakly connected component is laid out on its own, and the components
//! are stacked top to bottom — in input order, or by the previous positions when given.

use std::collections::HashMap;

pub(super) struct Components {
    /// The nodes of every component, in index order; a node's place here is its local index.
    pub nodes: Vec<Vec<usize>>,
    /// The local index of every node in its component.
    pub local: Vec<usize>,
    /// The DAG edges of every component (indices into the DAG's edges).
    pub edges: Vec<Vec<usize>>,
    /// The order to stack the components in, top to bottom.
    pub order: Vec<usize>,
}

/// Union–find over the DAG's edges; `hint` is the previous vertical center of each node.
pub(super) fn components(n: usize, dag: &[(usize, usize)], hint: &[Option<f64>]) -> Components {
    let mut uf: Vec<usize> = (0..n).collect();
    fn find(uf: &mut [usize], mut x: usize) -> usize {
        while uf[x] != x {
            uf[x] = uf[uf[x]];
            x = uf[x];
        }
        x
    }
    for &(u, v) in dag {
        let (a, b) = (find(&mut uf, u), find(&mut uf, v));
        if a != b {
            uf[a.max(b)] = a.min(b);
        }
    }
    let mut comp_of_root: HashMap<usize, usize> = HashMap::new();
    let mut comp_nodes: Vec<Vec<usize>> = Vec::new();
    let mut local = vec![0usize; n];
    let mut comp_of = vec![0usize; n];
    for v in 0..n {
        let r = find(&mut uf, v);
        let c = *comp_of_root.entry(r).or_insert_with(|| {
            comp_nodes.push(Vec::new());
            comp_nodes.len() - 1
        });
        comp_of[v] = c;
        local[v] = comp_nodes[c].len();
        comp_nodes[c].push(v);
    }
    let mut comp_edges: Vec<Vec<usize>> = vec![Vec::new(); comp_nodes.len()];
    for (i, &(u, _)) in dag.iter().enumerate() {
        comp_edges[comp_of[u]].push(i);
    }
    let mut comp_order: Vec<usize> = (0..comp_nodes.len()).collect();
    if hint.iter().any(|h| h.is_some()) {
        let key = |c: usize| -> f64 {
            comp_nodes[c]
                .iter()
                .filter_map(|&v| hint[v])
                .fold(f64::INFINITY, f64::min)
        };
        let keys: Vec<f64> = (0..comp_nodes.len()).map(key).collect();
        comp_order.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]).then(a.cmp(&b)));
    }
    Components {
        nodes: comp_nodes,
        local,
        edges: comp_edges,
        order: comp_order,
    }
}
