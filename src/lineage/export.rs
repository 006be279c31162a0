//! Node geometry shared by the drawing and the `.svg` export, and the export itself: a
//! standalone SVG document built as text, with every piece of data escaped. Hover paths are in
//! [`super::hover`], the pan/zoom transform in [`super::viewport`].

use super::graph::{LineageGraph, NodeKind};
use super::layout::{Layout, LayoutNode};
use super::view::{self, View, ViewNode};

/// Size of a drawn node.
pub const NODE_WIDTH: f64 = 184.0;
pub const NODE_HEIGHT: f64 = 52.0;
/// Roughly how many characters fit on one line of a node (12px sans-serif).
pub const LABEL_CHARS: usize = 24;

/// Layout sizes for every view node.
pub fn layout_nodes(view: &View) -> Vec<LayoutNode> {
    view.nodes
        .iter()
        .map(|_| LayoutNode {
            width: NODE_WIDTH,
            height: NODE_HEIGHT,
        })
        .collect()
}

/// Escapes text for XML content and attribute values.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 does not allow are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Shortens `s` to at most `max` characters, ending with `…` when cut.
pub fn fit_label(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The small line above a node's label: the artifact type or the run's job type, or the kind.
pub fn sub_label(graph: &LineageGraph, node: &ViewNode) -> String {
    match node {
        ViewNode::Node(v) => {
            let n = graph.node(*v);
            match (n.kind, n.type_name.is_empty()) {
                (NodeKind::Run, true) => "run".into(),
                (NodeKind::Run, false) => format!("run · {}", n.type_name),
                (NodeKind::Artifact, true) => "artifact".into(),
                (NodeKind::Artifact, false) => n.type_name.clone(),
            }
        }
        ViewNode::Cluster { kind, .. } => format!("cluster · {kind}s"),
        ViewNode::Type { kind, .. } => format!("type · {kind}"),
    }
}

/// The kind a view node draws as.
pub fn view_kind(graph: &LineageGraph, node: &ViewNode) -> NodeKind {
    match node {
        ViewNode::Node(v) => graph.node(*v).kind,
        ViewNode::Cluster { kind, .. } | ViewNode::Type { kind, .. } => *kind,
    }
}

/// An SVG path through `points` (empty for fewer than two).
pub fn path_d(points: &[(f64, f64)]) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        if !x.is_finite() || !y.is_finite() {
            return String::new();
        }
        d.push_str(&format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { " L" }));
    }
    if points.len() < 2 {
        String::new()
    } else {
        d
    }
}

/// Where an edge's label goes: halfway along its middle segment.
pub fn label_point(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    if points.len() < 2 {
        return None;
    }
    let j = points.len() / 2;
    let (a, b) = (points[j - 1], points[j]);
    Some(((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0))
}

/// The current view as a standalone SVG document.
pub fn to_svg(graph: &LineageGraph, view: &View, layout: &Layout) -> String {
    let pad = 20.0;
    let (w, h) = (layout.width + 2.0 * pad, layout.height + 2.0 * pad);
    let mut s = String::new();
    s.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"{x:.0} {x:.0} {w:.0} {h:.0}\" font-family=\"sans-serif\">\n",
        x = -pad
    ));
    s.push_str("<title>Lineage</title>\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#667\"/></marker></defs>\n");
    for (e, pts) in view.edges.iter().zip(&layout.edges) {
        let d = path_d(pts);
        if d.is_empty() {
            continue;
        }
        s.push_str(&format!(
            "<path d=\"{d}\" fill=\"none\" stroke=\"#667\" stroke-width=\"1.2\"{} marker-end=\"url(#arrow)\"/>\n",
            if e.inferred { " stroke-dasharray=\"5 4\"" } else { "" }
        ));
        if let (Some(label), Some((x, y))) = (&e.label, label_point(pts)) {
            s.push_str(&format!(
                "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#556\" text-anchor=\"middle\">{}</text>\n",
                y - 4.0,
                escape_xml(&fit_label(label, 18))
            ));
        }
    }
    for (i, (node, r)) in view.nodes.iter().zip(&layout.nodes).enumerate() {
        let run = view_kind(graph, node) == NodeKind::Run;
        let (fill, stroke, rx) = if run {
            ("#e8f1fb", "#3b73b9", 4.0)
        } else {
            ("#fdf3e6", "#c77a1c", 14.0)
        };
        s.push_str(&format!(
            "<g><clipPath id=\"c{i}\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/></clipPath>",
            r.x + 6.0,
            r.y,
            (r.width - 12.0).max(0.0),
            r.height
        ));
        s.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{rx}\" fill=\"{fill}\" stroke=\"{stroke}\"/>",
            r.x, r.y, r.width, r.height
        ));
        s.push_str(&format!(
            "<g clip-path=\"url(#c{i})\"><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#556\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#112\">{}</text></g>",
            r.x + 10.0,
            r.y + 18.0,
            escape_xml(&fit_label(&sub_label(graph, node), LABEL_CHARS + 4)),
            r.x + 10.0,
            r.y + 36.0,
            escape_xml(&fit_label(&view::label(graph, node), LABEL_CHARS)),
        ));
        s.push_str(&format!(
            "<desc>{}</desc></g>\n",
            escape_xml(&view::aria_label(graph, node))
        ));
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lineage::graph::Node;
    use crate::lineage::layout::{layout, LayoutOptions};
    use crate::lineage::view::{build_view, ViewOptions};

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            escape_xml("<a href=\"x\">'&'</a>\u{1}\u{FFFF}"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape_xml("ok\tline\n"), "ok\tline\n");
    }

    #[test]
    fn fit_label_cuts_on_characters() {
        assert_eq!(fit_label("short", 10), "short");
        assert_eq!(fit_label("模型模型模型", 4), "模型模…");
        assert_eq!(fit_label("abc", 0), "…");
    }

    #[test]
    fn export_escapes_hostile_names() {
        let mut g = LineageGraph::new();
        g.add_node(Node::run("run:1", "<script>alert(1)</script>", "train\"x"));
        g.add_node(Node::artifact("model:m", "a&b:v0", "model"));
        g.add_edge_by_id("run:1", "model:m", Some("</text><script>".into()), true)
            .unwrap();
        let v = build_view(&g, &ViewOptions::default());
        let l = layout(
            &layout_nodes(&v),
            &v.layout_edges(),
            &LayoutOptions::default(),
        );
        let svg = to_svg(&g, &v, &l);
        assert!(!svg.contains("<script"), "{svg}");
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("a&amp;b:v0"));
        assert!(svg.contains("stroke-dasharray"));
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert_eq!(svg.matches("<g><clipPath").count(), 2);
        assert!(svg.ends_with("</svg>\n"));
    }

    #[test]
    fn paths_skip_degenerate_points() {
        assert_eq!(label_point(&[(0.0, 0.0), (10.0, 4.0)]), Some((5.0, 2.0)));
        assert_eq!(label_point(&[(0.0, 0.0)]), None);
        assert_eq!(path_d(&[]), "");
        assert_eq!(path_d(&[(1.0, 2.0)]), "");
        assert_eq!(path_d(&[(0.0, 0.0), (f64::NAN, 1.0)]), "");
        assert_eq!(path_d(&[(0.0, 0.0), (10.0, 5.5)]), "M0.0,0.0 L10.0,5.5");
    }
}
