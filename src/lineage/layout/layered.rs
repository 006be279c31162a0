//! The proper layered graph of one component: every edge longer than one layer is split by
//! dummy nodes, one per layer it crosses, so ordering and positioning see only edges between
//! adjacent layers (dagre's "normalize"). Routing later turns the dummies' places into bends.

/// One connected component as a layered graph: nodes `0..n_real` are the real nodes (local
/// indices), the rest are dummies.
pub(super) struct Layered {
    pub n_real: usize,
    /// Number of layers.
    pub n_layers: usize,
    /// The layer of every node, real and dummy.
    pub rank: Vec<usize>,
    /// The height of every node (0 for a dummy).
    pub height: Vec<f64>,
    pub succ: Adj,
    pub pred: Adj,
    /// For every input edge, the range of its dummies in `chain_nodes`, left to right.
    chains: Vec<(usize, usize)>,
    chain_nodes: Vec<usize>,
}

impl Layered {
    /// Builds the layered graph of a ranked DAG (`rank[u] < rank[v]` for every edge).
    pub fn new(size: &[(f64, f64)], edges: &[(usize, usize)], rank: &[usize]) -> Self {
        let n = size.len();
        let mut lrank = rank.to_vec();
        let mut height: Vec<f64> = size.iter().map(|s| s.1).collect();
        let mut lsucc: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut lpred: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut chains: Vec<(usize, usize)> = Vec::with_capacity(edges.len());
        let mut chain_nodes: Vec<usize> = Vec::new();
        for &(u, v) in edges {
            let start = chain_nodes.len();
            let mut prev = u;
            for r in rank[u] + 1..rank[v] {
                let d = lrank.len();
                lrank.push(r);
                height.push(0.0);
                lsucc.push(Vec::new());
                lpred.push(vec![prev]);
                lsucc[prev].push(d);
                chain_nodes.push(d);
                prev = d;
            }
            lsucc[prev].push(v);
            lpred[v].push(prev);
            chains.push((start, chain_nodes.len()));
        }
        let n_layers = lrank.iter().copied().max().unwrap_or(0) + 1;
        Layered {
            n_real: n,
            n_layers,
            rank: lrank,
            height,
            succ: Adj::from_lists(&lsucc),
            pred: Adj::from_lists(&lpred),
            chains,
            chain_nodes,
        }
    }

    /// Number of nodes, real and dummy.
    pub fn len(&self) -> usize {
        self.rank.len()
    }

    pub fn is_dummy(&self, v: usize) -> bool {
        v >= self.n_real
    }

    /// The dummies of input edge `e`, left to right.
    pub fn dummies(&self, e: usize) -> &[usize] {
        let (a, b) = self.chains[e];
        &self.chain_nodes[a..b]
    }
}

/// The index of every node within its layer (`total`: the number of nodes).
pub(super) fn positions(layers: &[Vec<usize>], total: usize) -> Vec<usize> {
    let mut pos = vec![0usize; total];
    for layer in layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i;
        }
    }
    pos
}

/// Adjacency lists in one block (compressed sparse rows); `adj[v]` is a slice.
pub(super) struct Adj {
    start: Vec<usize>,
    list: Vec<usize>,
}

impl Adj {
    fn from_lists(lists: &[Vec<usize>]) -> Self {
        let mut start = Vec::with_capacity(lists.len() + 1);
        let mut list = Vec::with_capacity(lists.iter().map(Vec::len).sum());
        start.push(0);
        for l in lists {
            list.extend_from_slice(l);
            start.push(list.len());
        }
        Adj { start, list }
    }
}

impl std::ops::Index<usize> for Adj {
    type Output = [usize];
    fn index(&self, v: usize) -> &[usize] {
        &self.list[self.start[v]..self.start[v + 1]]
    }
}
