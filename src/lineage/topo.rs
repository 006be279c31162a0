//! Topological order and longest-path layers, shared by the view (cluster layers) and the
//! layout (initial ranks, block compaction). Both stay total on a graph with cycles.

/// Kahn's algorithm over the nodes `0..n` that `keep` selects, given their in-degrees (from
/// kept nodes; `indeg` is used up): sources in index order first, every node after all its
/// predecessors, and nodes on a cycle (never freed) last, in index order.
pub(crate) fn topological_order<I: IntoIterator<Item = usize>>(
    mut indeg: Vec<usize>,
    keep: impl Fn(usize) -> bool,
    successors: impl Fn(usize) -> I,
) -> Vec<usize> {
    let n = indeg.len();
    let mut order: Vec<usize> = (0..n).filter(|&v| keep(v) && indeg[v] == 0).collect();
    let mut head = 0;
    while head < order.len() {
        let v = order[head];
        head += 1;
        for w in successors(v) {
            indeg[w] -= 1;
            if indeg[w] == 0 {
                order.push(w);
            }
        }
    }
    let mut placed = vec![false; n];
    for &v in &order {
        placed[v] = true;
    }
    order.extend((0..n).filter(|&v| keep(v) && !placed[v]));
    order
}

/// The layer of every node: the length of the longest path to it from a source, walking
/// `order` (a [`topological_order`] of all `n` nodes), capped at `n` for cycles.
pub(crate) fn longest_path<I: IntoIterator<Item = usize>>(
    order: &[usize],
    successors: impl Fn(usize) -> I,
) -> Vec<usize> {
    let n = order.len();
    let mut layer = vec![0usize; n];
    for &v in order {
        for w in successors(v) {
            layer[w] = layer[w].max(layer[v] + 1).min(n);
        }
    }
    layer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn succ(edges: &[(usize, usize)]) -> impl Fn(usize) -> Vec<usize> + '_ {
        move |v| edges.iter().filter(|e| e.0 == v).map(|e| e.1).collect()
    }

    fn indegrees(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
        (0..n)
            .map(|v| edges.iter().filter(|e| e.1 == v).count())
            .collect()
    }

    #[test]
    fn order_puts_every_node_after_its_predecessors() {
        let edges = [(3, 1), (1, 0), (3, 2), (2, 0), (4, 2)];
        let order = topological_order(indegrees(5, &edges), |_| true, succ(&edges));
        assert_eq!(order, vec![3, 4, 1, 2, 0]);
        assert_eq!(longest_path(&order, succ(&edges)), vec![2, 1, 1, 0, 0]);
    }

    #[test]
    fn cycles_go_last_in_index_order_and_layers_stay_bounded() {
        // 0 -> 1 -> 2 -> 1 (cycle), 3 isolated.
        let edges = [(0, 1), (1, 2), (2, 1)];
        let order = topological_order(indegrees(4, &edges), |_| true, succ(&edges));
        assert_eq!(order, vec![0, 3, 1, 2]);
        let layers = longest_path(&order, succ(&edges));
        assert!(layers.iter().all(|&l| l <= 4), "{layers:?}");
        assert_eq!(layers[0], 0);
    }

    #[test]
    fn only_kept_nodes_are_ordered() {
        // Odd nodes are left out, even the sources among them.
        let edges = [(4, 2), (2, 0)];
        let order = topological_order(indegrees(5, &edges), |v| v % 2 == 0, succ(&edges));
        assert_eq!(order, vec![4, 2, 0]);
    }
}
