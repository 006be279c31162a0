//! What hovering a node highlights: the node and every node on its upstream and downstream
//! paths.

use super::view::View;

/// View nodes on the upstream or downstream paths of `v` (and `v`): what hover highlights.
pub fn connected(view: &View, v: usize) -> Vec<bool> {
    let n = view.nodes.len();
    let mut on = vec![false; n];
    if v >= n {
        return on;
    }
    on[v] = true;
    for forward in [true, false] {
        let mut stack = vec![v];
        let mut seen = vec![false; n];
        seen[v] = true;
        while let Some(x) = stack.pop() {
            for e in &view.edges {
                let (a, b) = if forward {
                    (e.from, e.to)
                } else {
                    (e.to, e.from)
                };
                if a == x && b < n && !seen[b] {
                    seen[b] = true;
                    on[b] = true;
                    stack.push(b);
                }
            }
        }
    }
    on
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lineage::graph::{LineageGraph, Node};
    use crate::lineage::view::{build_view, ViewMode, ViewOptions};

    #[test]
    fn hover_highlights_both_paths_only() {
        let mut g = LineageGraph::new();
        for (id, run) in [
            ("a", false),
            ("r", true),
            ("b", false),
            ("r2", true),
            ("c", false),
        ] {
            g.add_node(if run {
                Node::run(id, id, "")
            } else {
                Node::artifact(id, id, "")
            });
        }
        g.add_edge_by_id("a", "r", None, false).unwrap();
        g.add_edge_by_id("r", "b", None, false).unwrap();
        g.add_edge_by_id("c", "r2", None, false).unwrap();
        let v = build_view(
            &g,
            &ViewOptions {
                mode: ViewMode::Explode,
                ..Default::default()
            },
        );
        assert_eq!(connected(&v, 1), vec![true, true, true, false, false]);
        assert_eq!(connected(&v, 99), vec![false; 5]);
    }
}
