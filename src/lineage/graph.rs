//! The lineage graph model: runs and artifacts, and the edges between them.
//!
//! Edges always go run → artifact (the run logged it) or artifact → run (the run
//! used it). Nodes are indexed by position; an index from id finds them.

use std::collections::{HashMap, VecDeque};
use std::fmt;

/// Whether a node is a run or an artifact version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    Run,
    Artifact,
}

impl NodeKind {
    /// "run" or "artifact".
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Run => "run",
            NodeKind::Artifact => "artifact",
        }
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A run or an artifact version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    pub kind: NodeKind,
    /// The run name, or "name:vN" for an artifact version.
    pub label: String,
    /// Artifact type ("model", "dataset") or run job type ("train", "eval"); "" when unknown.
    pub type_name: String,
    pub aliases: Vec<String>,
}

impl Node {
    pub fn run(
        id: impl Into<String>,
        label: impl Into<String>,
        job_type: impl Into<String>,
    ) -> Self {
        Node {
            id: id.into(),
            kind: NodeKind::Run,
            label: label.into(),
            type_name: job_type.into(),
            aliases: Vec::new(),
        }
    }

    pub fn artifact(
        id: impl Into<String>,
        label: impl Into<String>,
        type_name: impl Into<String>,
    ) -> Self {
        Node {
            id: id.into(),
            kind: NodeKind::Artifact,
            label: label.into(),
            type_name: type_name.into(),
            aliases: Vec::new(),
        }
    }

    pub fn with_aliases(mut self, aliases: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.aliases = aliases.into_iter().map(Into::into).collect();
        self
    }
}

/// An edge between node indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// Dataset context such as "training".
    pub label: Option<String>,
    /// Inferred rather than recorded; drawn dashed.
    pub inferred: bool,
}

/// Why an edge or node could not be added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GraphError {
    /// No node has this id.
    UnknownNode(String),
    /// No node has this index.
    IndexOutOfRange(usize),
    /// Both ends are runs or both are artifacts.
    SameKind { from: String, to: String },
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GraphError::UnknownNode(id) => write!(f, "no node with id {id:?}"),
            GraphError::IndexOutOfRange(i) => write!(f, "no node with index {i}"),
            GraphError::SameKind { from, to } => {
                write!(
                    f,
                    "edge {from:?} -> {to:?} joins two nodes of the same kind"
                )
            }
        }
    }
}

impl std::error::Error for GraphError {}

/// Runs, artifacts and edges, with an index from id and adjacency lists.
#[derive(Debug, Clone, Default)]
pub struct LineageGraph {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
    index: HashMap<String, usize>,
    edge_index: HashMap<(usize, usize), usize>,
    out_edges: Vec<Vec<usize>>,
    in_edges: Vec<Vec<usize>>,
}

impl LineageGraph {
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds a graph; nodes with a repeated id are merged into the first.
    pub fn from_parts(nodes: Vec<Node>, edges: Vec<Edge>) -> Result<Self, GraphError> {
        let mut g = LineageGraph::new();
        let mut map = Vec::with_capacity(nodes.len());
        for n in nodes {
            map.push(g.add_node(n));
        }
        for e in edges {
            let from = *map.get(e.from).ok_or(GraphError::IndexOutOfRange(e.from))?;
            let to = *map.get(e.to).ok_or(GraphError::IndexOutOfRange(e.to))?;
            g.add_edge(from, to, e.label, e.inferred)?;
        }
        Ok(g)
    }

    /// Adds a node and returns its index; if the id is known, returns the existing
    /// node's index and keeps the existing node.
    pub fn add_node(&mut self, node: Node) -> usize {
        if let Some(&i) = self.index.get(&node.id) {
            return i;
        }
        let i = self.nodes.len();
        self.index.insert(node.id.clone(), i);
        self.nodes.push(node);
        self.out_edges.push(Vec::new());
        self.in_edges.push(Vec::new());
        i
    }

    /// Adds an edge and returns its index. A repeated (from, to) pair is merged
    /// into the existing edge: it takes the label if it had none, and stays
    /// inferred only if both were inferred.
    pub fn add_edge(
        &mut self,
        from: usize,
        to: usize,
        label: Option<String>,
        inferred: bool,
    ) -> Result<usize, GraphError> {
        let n = self.nodes.len();
        for i in [from, to] {
            if i >= n {
                return Err(GraphError::IndexOutOfRange(i));
            }
        }
        if self.nodes[from].kind == self.nodes[to].kind {
            return Err(GraphError::SameKind {
                from: self.nodes[from].id.clone(),
                to: self.nodes[to].id.clone(),
            });
        }
        if let Some(&e) = self.edge_index.get(&(from, to)) {
            let edge = &mut self.edges[e];
            if edge.label.is_none() {
                edge.label = label;
            }
            edge.inferred &= inferred;
            return Ok(e);
        }
        let e = self.edges.len();
        self.edges.push(Edge {
            from,
            to,
            label,
            inferred,
        });
        self.edge_index.insert((from, to), e);
        self.out_edges[from].push(e);
        self.in_edges[to].push(e);
        Ok(e)
    }

    /// [`add_edge`](Self::add_edge) by node ids.
    pub fn add_edge_by_id(
        &mut self,
        from: &str,
        to: &str,
        label: Option<String>,
        inferred: bool,
    ) -> Result<usize, GraphError> {
        let f = self
            .index_of(from)
            .ok_or_else(|| GraphError::UnknownNode(from.to_string()))?;
        let t = self
            .index_of(to)
            .ok_or_else(|| GraphError::UnknownNode(to.to_string()))?;
        self.add_edge(f, t, label, inferred)
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    /// Changes a node's label (e.g. to add its project).
    pub fn set_label(&mut self, i: usize, label: String) {
        if let Some(n) = self.nodes.get_mut(i) {
            n.label = label;
        }
    }

    pub fn node(&self, i: usize) -> &Node {
        &self.nodes[i]
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Indices of the edges leaving node `v`.
    pub fn outgoing(&self, v: usize) -> &[usize] {
        &self.out_edges[v]
    }

    /// Indices of the edges entering node `v`.
    pub fn incoming(&self, v: usize) -> &[usize] {
        &self.in_edges[v]
    }

    /// Nodes that `v` has an edge to (downstream neighbours).
    pub fn successors(&self, v: usize) -> impl Iterator<Item = usize> + '_ {
        self.out_edges[v].iter().map(move |&e| self.edges[e].to)
    }

    /// Nodes that have an edge to `v` (upstream neighbours).
    pub fn predecessors(&self, v: usize) -> impl Iterator<Item = usize> + '_ {
        self.in_edges[v].iter().map(move |&e| self.edges[e].from)
    }

    /// The subgraph induced by `keep` (node indices; order and repeats do not
    /// matter). Returns it with, for each new index, the original index; nodes keep
    /// their original relative order.
    pub fn induced(&self, keep: &[usize]) -> (LineageGraph, Vec<usize>) {
        let mut mask = vec![false; self.nodes.len()];
        for &v in keep {
            if v < mask.len() {
                mask[v] = true;
            }
        }
        let original: Vec<usize> = (0..self.nodes.len()).filter(|&v| mask[v]).collect();
        let mut new_of = vec![usize::MAX; self.nodes.len()];
        let mut g = LineageGraph::new();
        for (i, &v) in original.iter().enumerate() {
            new_of[v] = i;
            g.add_node(self.nodes[v].clone());
        }
        for e in &self.edges {
            if mask[e.from] && mask[e.to] {
                // Cannot fail: both ends exist and differ in kind.
                let _ = g.add_edge(new_of[e.from], new_of[e.to], e.label.clone(), e.inferred);
            }
        }
        (g, original)
    }
}

/// Which way to walk from the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Follow edges backwards (what the focus came from).
    Upstream,
    /// Follow edges forwards (what came from the focus).
    Downstream,
    /// Upstream within the depth plus downstream within the depth (no zig-zag).
    Both,
}

/// A scoped subgraph.
#[derive(Debug, Clone)]
pub struct Scoped {
    pub graph: LineageGraph,
    /// The focus node's index in `graph`.
    pub focus: usize,
    /// For each node of `graph`, its index in the original graph.
    pub original: Vec<usize>,
}

/// Nodes within `depth` hops (edges) of `focus` in `direction`, and the edges among
/// them. `None` if `focus` is not a node.
pub fn scope(
    graph: &LineageGraph,
    focus: usize,
    depth: u32,
    direction: Direction,
) -> Option<Scoped> {
    if focus >= graph.len() {
        return None;
    }
    let mut keep = vec![focus];
    if matches!(direction, Direction::Upstream | Direction::Both) {
        bfs(graph, focus, depth, false, &mut keep);
    }
    if matches!(direction, Direction::Downstream | Direction::Both) {
        bfs(graph, focus, depth, true, &mut keep);
    }
    let (g, original) = graph.induced(&keep);
    let focus = original.iter().position(|&v| v == focus)?;
    Some(Scoped {
        graph: g,
        focus,
        original,
    })
}

fn bfs(graph: &LineageGraph, start: usize, depth: u32, forward: bool, out: &mut Vec<usize>) {
    let mut dist: HashMap<usize, u32> = HashMap::new();
    dist.insert(start, 0);
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        let d = dist[&v];
        if d >= depth {
            continue;
        }
        let next: Vec<usize> = if forward {
            graph.successors(v).collect()
        } else {
            graph.predecessors(v).collect()
        };
        for w in next {
            if let std::collections::hash_map::Entry::Vacant(e) = dist.entry(w) {
                e.insert(d + 1);
                out.push(w);
                queue.push_back(w);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// d0 -> r1 -> m1 -> r2 -> m2 -> r3 -> m3, and d0 -> r9 -> m9.
    fn chain() -> LineageGraph {
        let mut g = LineageGraph::new();
        g.add_node(Node::artifact("d0", "data:v0", "dataset"));
        for i in 1..=3 {
            g.add_node(Node::run(format!("r{i}"), format!("run-{i}"), "train"));
            g.add_node(Node::artifact(
                format!("m{i}"),
                format!("model:v{i}"),
                "model",
            ));
        }
        g.add_node(Node::run("r9", "run-9", "eval"));
        g.add_node(Node::artifact("m9", "report:v0", "report"));
        for (a, b) in [
            ("d0", "r1"),
            ("r1", "m1"),
            ("m1", "r2"),
            ("r2", "m2"),
            ("m2", "r3"),
            ("r3", "m3"),
            ("d0", "r9"),
            ("r9", "m9"),
        ] {
            g.add_edge_by_id(a, b, None, false).unwrap();
        }
        g
    }

    fn ids(s: &Scoped) -> Vec<&str> {
        let mut v: Vec<&str> = s.graph.nodes().iter().map(|n| n.id.as_str()).collect();
        v.sort();
        v
    }

    #[test]
    fn index_and_adjacency() {
        let g = chain();
        let r1 = g.index_of("r1").unwrap();
        assert_eq!(g.node(r1).label, "run-1");
        assert_eq!(
            g.predecessors(r1).collect::<Vec<_>>(),
            vec![g.index_of("d0").unwrap()]
        );
        assert_eq!(
            g.successors(r1).collect::<Vec<_>>(),
            vec![g.index_of("m1").unwrap()]
        );
        assert_eq!(g.outgoing(g.index_of("d0").unwrap()).len(), 2);
        assert_eq!(g.index_of("nope"), None);
    }

    #[test]
    fn edges_validated_and_merged() {
        let mut g = chain();
        assert!(matches!(
            g.add_edge_by_id("r1", "r2", None, false),
            Err(GraphError::SameKind { .. })
        ));
        assert!(matches!(
            g.add_edge_by_id("r1", "zz", None, false),
            Err(GraphError::UnknownNode(_))
        ));
        assert_eq!(
            g.add_edge(0, 999, None, false),
            Err(GraphError::IndexOutOfRange(999))
        );
        let before = g.edges().len();
        let e = g
            .add_edge_by_id("d0", "r1", Some("training".into()), true)
            .unwrap();
        assert_eq!(g.edges().len(), before);
        assert_eq!(g.edges()[e].label.as_deref(), Some("training"));
        assert!(!g.edges()[e].inferred);
        // A repeated id keeps the first node.
        let again = g.add_node(Node::run("r1", "other", ""));
        assert_eq!(again, g.index_of("r1").unwrap());
        assert_eq!(g.node(again).label, "run-1");
    }

    #[test]
    fn scope_downstream_depth() {
        let g = chain();
        let d0 = g.index_of("d0").unwrap();
        let s = scope(&g, d0, 2, Direction::Downstream).unwrap();
        assert_eq!(ids(&s), vec!["d0", "m1", "m9", "r1", "r9"]);
        assert_eq!(s.graph.node(s.focus).id, "d0");
        assert_eq!(s.graph.edges().len(), 4);
        let s = scope(&g, d0, 0, Direction::Downstream).unwrap();
        assert_eq!(ids(&s), vec!["d0"]);
        let s = scope(&g, d0, 100, Direction::Downstream).unwrap();
        assert_eq!(s.graph.len(), g.len());
    }

    #[test]
    fn scope_upstream_and_both() {
        let g = chain();
        let m2 = g.index_of("m2").unwrap();
        let s = scope(&g, m2, 3, Direction::Upstream).unwrap();
        assert_eq!(ids(&s), vec!["m1", "m2", "r1", "r2"]);
        let s = scope(&g, m2, 1, Direction::Both).unwrap();
        assert_eq!(ids(&s), vec!["m2", "r2", "r3"]);
        // Both is not zig-zag: from m1, upstream 2 reaches d0 but not d0's other run r9.
        let m1 = g.index_of("m1").unwrap();
        let s = scope(&g, m1, 2, Direction::Both).unwrap();
        assert_eq!(ids(&s), vec!["d0", "m1", "m2", "r1", "r2"]);
        for (i, &o) in s.original.iter().enumerate() {
            assert_eq!(s.graph.node(i).id, g.node(o).id);
        }
        assert!(scope(&g, 999, 1, Direction::Both).is_none());
    }
}
