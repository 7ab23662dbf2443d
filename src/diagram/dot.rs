//! Writing a [`Diagram`] as Graphviz DOT, built from graphviz-rust's `dot_structures` and printed
//! with its `DotPrinter`. Every identifier and value is quoted by [`dot_quoted`] first, because
//! the printer writes them exactly as given.

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, GraphAttributes, Id, Node as DotNode, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::escape::dot_quoted;
use super::model::{Arrow, ClusterStyle, Diagram, Direction, Line, Node, Style};

/// Fonts that have Chinese characters, most likely first; the last resort is any sans-serif font.
pub const FONTS: &str =
    "Noto Sans CJK SC,Noto Sans SC,Source Han Sans SC,WenQuanYi Micro Hei,Microsoft YaHei,PingFang SC,sans-serif";

/// Pillar colours: (measure fill, pillar fill, line), by pillar order; index 0 for an unknown pillar.
const PILLARS: [(&str, &str, &str); 6] = [
    ("#F1F5F9", "#CBD5E1", "#475569"),
    ("#FEE2E2", "#FCA5A5", "#B91C1C"),
    ("#FFEDD5", "#FDBA74", "#C2410C"),
    ("#E0E7FF", "#A5B4FC", "#4338CA"),
    ("#D1FAE5", "#6EE7B7", "#047857"),
    ("#FAE8FF", "#F0ABFC", "#A21CAF"),
];

/// The colours of a pillar (orders past five cycle; 0 is grey).
pub fn pillar_colours(order: usize) -> (&'static str, &'static str, &'static str) {
    if order == 0 { PILLARS[0] } else { PILLARS[1 + (order - 1) % 5] }
}

/// Shape, style, fill and line colour of a node style.
pub fn look(style: Style) -> (&'static str, &'static str, &'static str, &'static str) {
    match style {
        Style::Document => ("box", "filled,bold", "#E2E8F0", "#0F172A"),
        Style::Pillar(p) => ("folder", "filled", pillar_colours(p).1, pillar_colours(p).2),
        Style::Measure(p) => ("box", "filled", pillar_colours(p).0, pillar_colours(p).2),
        Style::Region => ("ellipse", "filled", "#DBEAFE", "#1D4ED8"),
        Style::Industry => ("hexagon", "filled", "#DCFCE7", "#15803D"),
        Style::Platform => ("box", "rounded,filled", "#FEF3C7", "#B45309"),
        Style::Organization => ("box3d", "filled", "#FCE7F3", "#BE185D"),
        Style::Agency => ("box3d", "filled", "#F3E8FF", "#7E22CE"),
        Style::Program => ("tab", "filled", "#CCFBF1", "#0F766E"),
        Style::OutsideClass => ("ellipse", "dashed,filled", "#F8FAFC", "#64748B"),
        Style::Literal => ("box", "dashed,filled", "#FFFFFF", "#94A3B8"),
        Style::Other => ("ellipse", "filled", "#F1F5F9", "#475569"),
    }
}

fn id(s: &str) -> Id {
    Id::Escaped(dot_quoted(s))
}

fn attr(name: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(name.to_string()), id(value))
}

fn node_id(s: &str) -> NodeId {
    NodeId(id(s), None)
}

fn style_attrs(style: Style) -> Vec<Attribute> {
    let (shape, fill_style, fill, line) = look(style);
    let mut attrs = vec![attr("shape", shape), attr("style", fill_style), attr("fillcolor", fill), attr("color", line)];
    if style == Style::Document {
        attrs.push(attr("peripheries", "2"));
    }
    attrs
}

fn node(n: &Node) -> Stmt {
    let mut attributes = vec![attr("label", &n.label)];
    attributes.extend(style_attrs(n.style));
    if let Some(t) = &n.tooltip {
        attributes.push(attr("tooltip", t));
    }
    if n.emphasis {
        attributes.push(attr("penwidth", "3"));
    }
    Stmt::Node(DotNode::new(node_id(&n.id), attributes))
}

fn edge_attrs(label: &str, line: Line, arrow: Arrow, constraint: bool) -> Vec<Attribute> {
    let mut attributes = Vec::new();
    if !label.is_empty() {
        attributes.push(attr("label", label));
    }
    match line {
        Line::Solid => {}
        Line::Dashed => attributes.push(attr("style", "dashed")),
        Line::Invisible => attributes.push(attr("style", "invis")),
    }
    match arrow {
        Arrow::Forward => {}
        Arrow::Back => attributes.push(attr("dir", "back")),
        Arrow::None => attributes.push(attr("dir", "none")),
        Arrow::Hollow => attributes.push(attr("arrowhead", "onormal")),
    }
    if !constraint {
        attributes.push(attr("constraint", "false"));
    }
    attributes
}

fn edge(from: &str, to: &str, attributes: Vec<Attribute>) -> Stmt {
    Stmt::Edge(DotEdge { ty: EdgeTy::Pair(Vertex::N(node_id(from)), Vertex::N(node_id(to))), attributes })
}

fn graph_attrs(attrs: Vec<Attribute>) -> Stmt {
    Stmt::GAttribute(GraphAttributes::Graph(attrs))
}

fn frame(key: &str, label: &str, fill: &str, line: &str, stmts: Vec<Stmt>) -> Stmt {
    let mut all = vec![graph_attrs(vec![
        attr("label", label),
        attr("style", "rounded,filled"),
        attr("fillcolor", fill),
        attr("color", line),
        attr("fontsize", "14"),
    ])];
    all.extend(stmts);
    Stmt::Subgraph(Subgraph { id: id(&format!("cluster_{key}")), stmts: all })
}

/// The diagram as DOT, ending in a line break.
pub fn to_dot(d: &Diagram) -> String {
    let rankdir = match d.direction {
        Direction::LeftRight => "LR",
        Direction::RightLeft => "RL",
        Direction::TopBottom => "TB",
        Direction::BottomTop => "BT",
    };
    let mut stmts = vec![
        graph_attrs(vec![
            attr("fontname", FONTS),
            attr("label", &d.title),
            attr("labelloc", "t"),
            attr("fontsize", "18"),
            attr("rankdir", rankdir),
            attr("newrank", "true"),
            attr("nodesep", "0.25"),
            attr("ranksep", d.rank_gap),
            attr("pad", "0.3"),
            attr("bgcolor", "white"),
            // The last crossing-reduction pass ignores the order fixed within a rank.
            attr("remincross", if d.clusters().iter().any(|c| c.same_rank) { "false" } else { "true" }),
        ]),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", FONTS),
            attr("fontsize", "12"),
            attr("margin", "0.12,0.06"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", FONTS),
            attr("fontsize", "10"),
            attr("color", "#475569"),
            attr("fontcolor", "#334155"),
            attr("arrowsize", "0.7"),
        ])),
    ];

    let nodes = d.nodes();
    for (i, c) in d.clusters().iter().enumerate() {
        let inside: Vec<&&Node> = nodes.iter().filter(|n| n.cluster == Some(i)).collect();
        if inside.is_empty() {
            continue;
        }
        let mut members: Vec<Stmt> = inside.iter().map(|n| node(n)).collect();
        if c.same_rank {
            // One rank, in drawing order: invisible edges within a rank fix the order of its nodes.
            let mut column = vec![graph_attrs(vec![attr("rank", "same")])];
            column.append(&mut members);
            for pair in inside.windows(2) {
                // Left to right within a rank reads bottom to top once ranks run left to right.
                let (first, then) = if matches!(d.direction, Direction::LeftRight | Direction::RightLeft) {
                    (pair[1], pair[0])
                } else {
                    (pair[0], pair[1])
                };
                column.push(edge(&first.id, &then.id, vec![attr("style", "invis")]));
            }
            members = vec![Stmt::Subgraph(Subgraph { id: id(&format!("rank_{}", c.key)), stmts: column })];
        }
        let (fill, line) = match c.style {
            ClusterStyle::Plain => ("#F8FAFC", "#CBD5E1"),
            ClusterStyle::Pillar(p) => ("#FFFFFF", pillar_colours(p).2),
        };
        stmts.push(frame(&c.key, &c.label, fill, line, members));
    }
    stmts.extend(nodes.iter().filter(|n| n.cluster.is_none()).map(|n| node(n)));

    if let Some(note) = d.note() {
        let text = super::label::wrap(note, 48, 8);
        stmts.push(Stmt::Node(DotNode::new(
            node_id("_note"),
            vec![
                attr("label", &text),
                attr("shape", "note"),
                attr("style", "filled"),
                attr("fillcolor", "#FFFBEB"),
                attr("color", "#B45309"),
            ],
        )));
    }

    let mut legend: Vec<Stmt> = Vec::new();
    for (i, (style, name)) in d.legend().into_iter().enumerate() {
        let mut attributes = vec![attr("label", &super::label::balanced(&name, 28, 3))];
        attributes.extend(style_attrs(style));
        legend.push(Stmt::Node(DotNode::new(node_id(&format!("_legend_{i}")), attributes)));
    }
    for (i, (line, arrow, meaning)) in d.edge_legend().iter().enumerate() {
        let (a, b) = (format!("_legend_edge_{i}_from"), format!("_legend_edge_{i}_to"));
        for end in [&a, &b] {
            legend.push(Stmt::Node(DotNode::new(
                node_id(end),
                vec![attr("shape", "point"), attr("width", "0.06"), attr("color", "#475569")],
            )));
        }
        let meaning = super::label::balanced(meaning, 24, 3);
        legend.push(edge(&a, &b, edge_attrs(&meaning, *line, *arrow, true)));
    }
    if !legend.is_empty() {
        stmts.push(frame("legend", d.lang.legend(), "#FFFFFF", "#94A3B8", legend));
    }

    for e in d.edges() {
        stmts.push(edge(&e.from, &e.to, edge_attrs(&e.label, e.line, e.arrow, e.constraint)));
    }

    let graph = Graph::DiGraph { id: id(&d.name), strict: false, stmts };
    let mut text = graph.print(&mut PrinterContext::default());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::lang::Lang;
    use crate::diagram::model::{Edge, Node};

    #[test]
    fn every_id_and_label_is_quoted() {
        let mut d = Diagram::new("a b", "say \"hi\"", Direction::LeftRight, Lang::En);
        d.node(Node::new("x\\y", "line one\nline (two)", Style::Region));
        d.node(Node::new("end", "\"quoted\"", Style::Other));
        d.edge(Edge::new("x\\y", "end", "rel \\ \"q\""));
        let dot = to_dot(&d);
        assert!(dot.starts_with("digraph \"a b\" {"), "{dot}");
        assert!(dot.contains(r#""x\\y"[label="line one\nline (two)""#), "{dot}");
        assert!(dot.contains(r#""end"[label="\"quoted\"""#), "{dot}");
        assert!(dot.contains(r#""x\\y" -> "end" [label="rel \\ \"q\""]"#), "{dot}");
        assert!(dot.contains(r#"label="say \"hi\"""#), "{dot}");
        assert!(dot.ends_with("}\n"));
    }

    #[test]
    fn the_same_diagram_prints_the_same() {
        let build = || {
            let mut d = Diagram::new("g", "G", Direction::TopBottom, Lang::ZhHans);
            for i in (0..20).rev() {
                d.node(Node::new(format!("n{i}"), format!("节点{i}"), Style::Platform));
                d.edge(Edge::new(format!("n{i}"), "n0", "属于"));
            }
            to_dot(&d)
        };
        assert_eq!(build(), build());
    }
}
