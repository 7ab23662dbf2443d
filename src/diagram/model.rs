//! A drawing before it is written in a notation: nodes with a label and a style, clusters, edges
//! with a label and a line. The views build one; `dot.rs` and `mermaid.rs` write it.
//!
//! Nodes are kept in a `BTreeMap` and written in a sorted order, edges are deduplicated and sorted,
//! so the same graph always gives byte-identical output.

use std::collections::{BTreeMap, BTreeSet};

use super::lang::Lang;
use crate::analysis::graph::Relation;

/// How a node looks: by the class of what it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    /// The policy document.
    Document,
    /// A pillar, by its order (1–5; 0 when unknown).
    Pillar(usize),
    /// A measure, coloured by the order of its pillar (0 when unknown).
    Measure(usize),
    Region,
    Industry,
    Platform,
    Organization,
    Agency,
    Program,
    /// A class from another vocabulary (schema:, prov: …) in the ontology view.
    OutsideClass,
    /// A literal value in a query result.
    Literal,
    /// Anything else.
    Other,
}

impl Style {
    /// The style of a node of the pk: class `class`.
    pub fn of_class(class: &str, pillar: usize) -> Style {
        match class {
            "PolicyDocument" => Style::Document,
            "Pillar" => Style::Pillar(pillar),
            "Measure" => Style::Measure(pillar),
            "Region" => Style::Region,
            "Industry" => Style::Industry,
            "Platform" => Style::Platform,
            "Organization" => Style::Organization,
            "Agency" => Style::Agency,
            "Program" => Style::Program,
            _ => Style::Other,
        }
    }

    /// The pk: class it stands for, if any.
    pub fn class(self) -> Option<&'static str> {
        Some(match self {
            Style::Document => "PolicyDocument",
            Style::Pillar(_) => "Pillar",
            Style::Measure(_) => "Measure",
            Style::Region => "Region",
            Style::Industry => "Industry",
            Style::Platform => "Platform",
            Style::Organization => "Organization",
            Style::Agency => "Agency",
            Style::Program => "Program",
            Style::OutsideClass | Style::Literal | Style::Other => return None,
        })
    }

    /// Its name in the legend.
    pub fn name(self, lang: Lang) -> String {
        match self {
            Style::OutsideClass => lang.outside_class().to_string(),
            Style::Literal => lang.literal().to_string(),
            Style::Other => lang.other().to_string(),
            s => lang.term(s.class().unwrap_or("Entity")),
        }
    }
}

/// How a cluster looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusterStyle {
    /// A grey frame.
    Plain,
    /// A frame in the colour of a pillar.
    Pillar(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    /// Unique within the diagram, plain ASCII.
    pub key: String,
    pub label: String,
    pub style: ClusterStyle,
    /// Whether its nodes share one rank (a column in a left-to-right drawing).
    pub same_rank: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Unique within the diagram: a short IRI, a blank node or a literal.
    pub id: String,
    pub label: String,
    /// The name in full, on one line: for a note on what the size cap left out.
    pub name: String,
    pub style: Style,
    /// Index into the diagram's clusters.
    pub cluster: Option<usize>,
    /// Shown on hover in SVG.
    pub tooltip: Option<String>,
    /// Drawn with a heavy outline (the entity a neighbourhood is centred on).
    pub emphasis: bool,
    /// Lower comes first and is the last to go under the size cap.
    pub priority: usize,
    /// Order among nodes of the same priority (text order for measures).
    pub order: usize,
}

impl Node {
    pub fn new(id: impl Into<String>, label: impl Into<String>, style: Style) -> Self {
        let label = label.into();
        let name = label.split('\n').collect::<Vec<_>>().join(" ");
        Node { id: id.into(), label, name, style, cluster: None, tooltip: None, emphasis: false, priority: 0, order: 0 }
    }

    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    pub fn in_cluster(mut self, cluster: usize) -> Self {
        self.cluster = Some(cluster);
        self
    }

    pub fn tooltip(mut self, tooltip: impl Into<String>) -> Self {
        self.tooltip = Some(tooltip.into());
        self
    }

    pub fn rank(mut self, priority: usize, order: usize) -> Self {
        self.priority = priority;
        self.order = order;
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Line {
    Solid,
    Dashed,
    /// Not drawn; only holds nodes in place.
    Invisible,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arrow {
    /// An arrowhead at `to`.
    Forward,
    /// An arrowhead at `from`: the relation goes from `to` to `from`, but the layout puts `from`
    /// first (the A side of a bridge sits left of its measures).
    Back,
    /// No arrowhead: a symmetric relation.
    None,
    /// A hollow arrowhead at `to`: `rdfs:subClassOf`.
    Hollow,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub label: String,
    pub line: Line,
    pub arrow: Arrow,
    /// Whether the edge may set the layout's ranks.
    pub constraint: bool,
    /// The relation of the projection the edge stands for, if any (for GraphML).
    pub relation: Option<Relation>,
}

impl Edge {
    pub fn new(from: impl Into<String>, to: impl Into<String>, label: impl Into<String>) -> Self {
        Edge {
            from: from.into(),
            to: to.into(),
            label: label.into(),
            line: Line::Solid,
            arrow: Arrow::Forward,
            constraint: true,
            relation: None,
        }
    }

    /// Says which relation of the projection the edge stands for.
    pub fn relation(mut self, relation: Relation) -> Self {
        self.relation = Some(relation);
        self
    }

    pub fn line(mut self, line: Line) -> Self {
        self.line = line;
        self
    }

    pub fn arrow(mut self, arrow: Arrow) -> Self {
        self.arrow = arrow;
        self
    }

    pub fn loose(mut self) -> Self {
        self.constraint = false;
        self
    }
}

/// Which way ranks run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    LeftRight,
    RightLeft,
    TopBottom,
    BottomTop,
}

/// A drawing in no particular notation.
#[derive(Debug, Clone)]
pub struct Diagram {
    /// The graph's name in DOT: `bridge`, `overview` …
    pub name: String,
    pub title: String,
    pub direction: Direction,
    pub lang: Lang,
    nodes: BTreeMap<String, Node>,
    edges: BTreeSet<Edge>,
    clusters: Vec<Cluster>,
    /// Pillar order → name, for the legend of measure colours.
    pillars: BTreeMap<usize, String>,
    /// Whether the legend explains measure colours pillar by pillar.
    pub pillar_legend: bool,
    /// Whether the legend shows node styles at all.
    pub node_legend: bool,
    /// The gap between ranks, in inches.
    pub rank_gap: &'static str,
    /// What dashed or special edges mean.
    edge_legend: Vec<(Line, Arrow, String)>,
    /// What the size cap left out.
    note: Option<String>,
}

impl Diagram {
    pub fn new(name: &str, title: impl Into<String>, direction: Direction, lang: Lang) -> Self {
        Diagram {
            name: name.to_string(),
            title: title.into(),
            direction,
            lang,
            nodes: BTreeMap::new(),
            edges: BTreeSet::new(),
            clusters: Vec::new(),
            pillars: BTreeMap::new(),
            pillar_legend: true,
            node_legend: true,
            rank_gap: "0.6",
            edge_legend: Vec::new(),
            note: None,
        }
    }

    /// Adds a cluster and gives its index.
    pub fn cluster(&mut self, key: &str, label: impl Into<String>, style: ClusterStyle) -> usize {
        self.clusters.push(Cluster { key: key.to_string(), label: label.into(), style, same_rank: false });
        self.clusters.len() - 1
    }

    /// Puts the nodes of a cluster on one rank.
    pub fn same_rank(&mut self, cluster: usize) {
        if let Some(c) = self.clusters.get_mut(cluster) {
            c.same_rank = true;
        }
    }

    /// Adds a node; a node already there is kept as it is, except that it moves up to the higher priority.
    pub fn node(&mut self, node: Node) {
        match self.nodes.get_mut(&node.id) {
            Some(existing) => existing.priority = existing.priority.min(node.priority),
            None => {
                self.nodes.insert(node.id.clone(), node);
            }
        }
    }

    pub fn has_node(&self, id: &str) -> bool {
        self.nodes.contains_key(id)
    }

    /// Adds an edge. The same relation between the same nodes is drawn once, solid if any copy is.
    pub fn edge(&mut self, edge: Edge) {
        let twin = self.edges.iter().find(|e| e.from == edge.from && e.to == edge.to && e.label == edge.label).cloned();
        match twin {
            Some(t) if t.line <= edge.line => {}
            Some(t) => {
                self.edges.remove(&t);
                self.edges.insert(edge);
            }
            None => {
                self.edges.insert(edge);
            }
        }
    }

    pub fn pillar(&mut self, order: usize, name: impl Into<String>) {
        self.pillars.insert(order, name.into());
    }

    /// Says in the legend what an edge drawn this way means.
    pub fn explain(&mut self, line: Line, arrow: Arrow, meaning: impl Into<String>) {
        let entry = (line, arrow, meaning.into());
        if !self.edge_legend.contains(&entry) {
            self.edge_legend.push(entry);
        }
    }

    pub fn clusters(&self) -> &[Cluster] {
        &self.clusters
    }

    /// The nodes in drawing order: by priority, then order, then id.
    pub fn nodes(&self) -> Vec<&Node> {
        let mut nodes: Vec<&Node> = self.nodes.values().collect();
        nodes.sort_by(|a, b| (a.priority, a.order, &a.id).cmp(&(b.priority, b.order, &b.id)));
        nodes
    }

    /// The edges whose ends are both drawn, in the order of their ends.
    pub fn edges(&self) -> Vec<&Edge> {
        let position: BTreeMap<&str, usize> =
            self.nodes().iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
        let mut edges: Vec<(usize, usize, &Edge)> = self
            .edges
            .iter()
            .filter_map(|e| Some((*position.get(e.from.as_str())?, *position.get(e.to.as_str())?, e)))
            .collect();
        edges.sort();
        edges.into_iter().map(|(_, _, e)| e).collect()
    }

    /// The legend: one entry per node style drawn, with its name.
    pub fn legend(&self) -> Vec<(Style, String)> {
        if !self.node_legend {
            return Vec::new();
        }
        let styles: BTreeSet<Style> = self
            .nodes
            .values()
            .map(|n| match n.style {
                Style::Pillar(_) => Style::Pillar(0),
                Style::Measure(_) if !self.pillar_legend => Style::Measure(0),
                s => s,
            })
            .collect();
        styles
            .into_iter()
            .map(|s| {
                let name = match s {
                    Style::Measure(p) if self.pillar_legend => match self.pillars.get(&p) {
                        Some(pillar) => {
                            format!("{}{}{pillar}", s.name(self.lang), self.lang.colon())
                        }
                        None => s.name(self.lang),
                    },
                    s => s.name(self.lang),
                };
                (s, name)
            })
            .collect()
    }

    pub fn edge_legend(&self) -> &[(Line, Arrow, String)] {
        &self.edge_legend
    }

    /// The note saying what the size cap left out.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// Keeps the first `max` nodes in drawing order and notes what was left out.
    pub fn cap(&mut self, max: usize) {
        if self.nodes.len() <= max {
            return;
        }
        let dropped: Vec<Node> = self.nodes().into_iter().skip(max).cloned().collect();
        for n in &dropped {
            self.nodes.remove(&n.id);
        }
        let before = self.edges.len();
        let nodes = &self.nodes;
        self.edges.retain(|e| nodes.contains_key(&e.from) && nodes.contains_key(&e.to));
        let edges = before - self.edges.len();

        let mut by_class: BTreeMap<String, (Style, usize)> = BTreeMap::new();
        for n in &dropped {
            let key = n.style.name(self.lang);
            by_class.entry(key).or_insert((n.style, 0)).1 += 1;
        }
        let mut counts: Vec<(Style, String, usize)> = by_class.into_iter().map(|(name, (s, c))| (s, name, c)).collect();
        counts.sort_by(|a, b| (b.2, a.0).cmp(&(a.2, b.0)));
        let lang = self.lang;
        let by_class = counts.iter().map(|(_, name, c)| format!("{name} {c}")).collect::<Vec<_>>().join(lang.comma());
        let examples: Vec<String> = dropped.iter().take(3).map(|n| n.name.clone()).collect();
        let mut examples = examples.join(lang.comma());
        if dropped.len() > 3 {
            examples.push('…');
        }
        self.note = Some(lang.omitted(max, dropped.len(), &by_class, edges, &examples));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Diagram {
        let mut d = Diagram::new("t", "T", Direction::LeftRight, Lang::En);
        d.node(Node::new("b", "B", Style::Region).rank(1, 0));
        d.node(Node::new("a", "A", Style::Region).rank(0, 0));
        d.node(Node::new("m2", "M02", Style::Measure(1)).rank(1, 2));
        d.node(Node::new("m1", "M01", Style::Measure(1)).rank(1, 1));
        d.edge(Edge::new("m1", "a", "beneficiary"));
        d.edge(Edge::new("m2", "b", "partner").line(Line::Dashed));
        d.edge(Edge::new("m2", "b", "partner"));
        d
    }

    #[test]
    fn nodes_and_edges_come_out_sorted_and_deduplicated() {
        let d = sample();
        let ids: Vec<&str> = d.nodes().iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "m1", "m2"]);
        let edges: Vec<(&str, Line)> = d.edges().iter().map(|e| (e.from.as_str(), e.line)).collect();
        assert_eq!(edges, [("m1", Line::Solid), ("m2", Line::Solid)]);
    }

    #[test]
    fn the_cap_keeps_the_first_nodes_and_says_what_went() {
        let mut d = sample();
        d.cap(2);
        assert_eq!(d.node_count(), 2);
        assert!(d.edges().is_empty());
        assert_eq!(d.note(), Some("Not drawn (--max-nodes 2): 2 nodes (measure 2) and 2 edges, e.g. M01, M02"));
        let mut d = sample();
        d.cap(4);
        assert_eq!(d.note(), None);
    }

    #[test]
    fn the_legend_names_each_style_once() {
        let mut d = sample();
        d.pillar(1, "Platforms");
        let legend: Vec<String> = d.legend().into_iter().map(|(_, n)| n).collect();
        assert_eq!(legend, ["measure: Platforms", "region"]);
    }
}
