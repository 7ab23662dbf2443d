//! GraphML (<http://graphml.graphdrawing.org/specification.html>) for Gephi, yEd and Cytoscape: the
//! whole petgraph projection ([`projection`]), or a drawn view ([`Diagram::to_graphml`]).
//!
//! Written with quick-xml; every attribute value and text is XML-escaped, `\r` is kept as `&#13;`
//! (a parser would turn a bare one into `\n`), and characters XML 1.0 cannot carry at all (most
//! C0 controls, U+FFFE, U+FFFF) become U+FFFD. Node ids are `n0`, `n1` … and edge ids `e0`, `e1` …
//! (GraphML ids are XML name tokens, which an IRI is not); the IRI is the node's `iri` attribute.
//! Keys are declared with `attr.name` and `attr.type` (`string` or `int`).
//!
//! Nodes carry `label` (Simplified Chinese, what Gephi and Cytoscape show by default),
//! `label_zh-Hans`, `label_zh-Hant`, `label_en`, `class` (the most specific pk: class, e.g.
//! `Region`), `kind` (`entity`, `measure`, `pillar`) and `iri`. Edges are directed as the relation
//! runs (a measure → its beneficiary, a city → the region it is partOf) and carry `relation` (the
//! pk: property's local name), `justification` (`text`, `source` or `none`), and then `quote`,
//! `start` and `end` (code points in the clean text) or `source`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::model::{Arrow, Diagram};
use crate::analysis::graph::{Edge, Justification, NodeKind, Projection};
use crate::rdf::vocab::shorten;

/// A declared attribute: what it is for, its name and its GraphML type.
struct Key {
    id: String,
    domain: &'static str,
    name: &'static str,
    kind: &'static str,
}

const NODE_KEYS: [(&str, &str); 10] = [
    ("label", "string"),
    ("label_zh-Hans", "string"),
    ("label_zh-Hant", "string"),
    ("label_en", "string"),
    ("class", "string"),
    ("kind", "string"),
    ("iri", "string"),
    ("style", "string"),
    ("group", "string"),
    ("drawn_id", "string"),
];

const EDGE_KEYS: [(&str, &str); 7] = [
    ("relation", "string"),
    ("justification", "string"),
    ("quote", "string"),
    ("start", "int"),
    ("end", "int"),
    ("source", "string"),
    ("label", "string"),
];

/// Every key, numbered `d0`, `d1` … in the order above, nodes first.
fn keys() -> Vec<Key> {
    let node = NODE_KEYS.iter().map(|(name, kind)| ("node", *name, *kind));
    let edge = EDGE_KEYS.iter().map(|(name, kind)| ("edge", *name, *kind));
    node.chain(edge)
        .enumerate()
        .map(|(i, (domain, name, kind))| Key { id: format!("d{i}"), domain, name, kind })
        .collect()
}

/// Text as XML 1.0 can carry it: characters it forbids replaced by U+FFFD.
fn xml_chars(text: &str) -> Cow<'_, str> {
    let allowed =
        |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().map(|c| if allowed(c) { c } else { '\u{FFFD}' }).collect())
    }
}

/// One node or edge's attributes, by key name, in declaration order when written.
type Data = Vec<(&'static str, String)>;

struct GraphMl {
    writer: Writer<Vec<u8>>,
    keys: Vec<Key>,
}

impl GraphMl {
    fn new(declare: &[&str]) -> std::io::Result<Self> {
        let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        writer.write_event(Event::Start(BytesStart::new("graphml").with_attributes([
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ])))?;
        let keys: Vec<Key> =
            keys().into_iter().filter(|k| declare.contains(&format!("{}:{}", k.domain, k.name).as_str())).collect();
        for k in &keys {
            writer.write_event(Event::Empty(BytesStart::new("key").with_attributes([
                ("id", k.id.as_str()),
                ("for", k.domain),
                ("attr.name", k.name),
                ("attr.type", k.kind),
            ])))?;
        }
        Ok(Self { writer, keys })
    }

    fn start_graph(&mut self, id: &str) -> std::io::Result<()> {
        let id = xml_chars(id);
        self.writer.write_event(Event::Start(
            BytesStart::new("graph").with_attributes([("id", id.as_ref()), ("edgedefault", "directed")]),
        ))
    }

    fn data(&mut self, domain: &str, data: &Data) -> std::io::Result<()> {
        for key in self.keys.iter().filter(|k| k.domain == domain) {
            for (_, value) in data.iter().filter(|(name, _)| *name == key.name) {
                let escaped = quick_xml::escape::escape(xml_chars(value).as_ref()).replace('\r', "&#13;");
                self.writer
                    .create_element("data")
                    .with_attribute(("key", key.id.as_str()))
                    .write_text_content(BytesText::from_escaped(escaped))?;
            }
        }
        Ok(())
    }

    fn node(&mut self, id: &str, data: &Data) -> std::io::Result<()> {
        self.writer.write_event(Event::Start(BytesStart::new("node").with_attributes([("id", id)])))?;
        self.data("node", data)?;
        self.writer.write_event(Event::End(BytesEnd::new("node")))
    }

    fn edge(&mut self, id: &str, source: &str, target: &str, data: &Data) -> std::io::Result<()> {
        self.writer.write_event(Event::Start(BytesStart::new("edge").with_attributes([
            ("id", id),
            ("source", source),
            ("target", target),
        ])))?;
        self.data("edge", data)?;
        self.writer.write_event(Event::End(BytesEnd::new("edge")))
    }

    fn finish(mut self) -> std::io::Result<String> {
        self.writer.write_event(Event::End(BytesEnd::new("graph")))?;
        self.writer.write_event(Event::End(BytesEnd::new("graphml")))?;
        let mut bytes = self.writer.into_inner();
        bytes.push(b'\n');
        Ok(String::from_utf8(bytes).expect("quick-xml writes the UTF-8 it is given"))
    }
}

/// The attributes of a projection node.
fn node_data(p: &Projection, n: NodeIndex) -> Data {
    let node = &p.graph[n];
    let kind = match node.kind {
        NodeKind::Entity => "entity",
        NodeKind::Measure => "measure",
        NodeKind::Pillar => "pillar",
    };
    let mut data: Data = vec![("label", node.label("zh-Hans"))];
    for (key, tag) in [("label_zh-Hans", "zh-hans"), ("label_zh-Hant", "zh-hant"), ("label_en", "en")] {
        if let Some(l) = node.labels.get(tag) {
            data.push((key, l.clone()));
        }
    }
    data.extend([("class", node.class.clone()), ("kind", kind.to_string()), ("iri", node.iri.clone())]);
    data
}

/// The attributes of a projection edge.
fn edge_data(edge: &Edge) -> Data {
    let mut data: Data = vec![("relation", edge.relation.local().to_string())];
    match &edge.why {
        Justification::Text { quote, start, end } => data.extend([
            ("justification", "text".to_string()),
            ("quote", quote.clone()),
            ("start", start.to_string()),
            ("end", end.to_string()),
        ]),
        Justification::Source { source } => {
            data.extend([("justification", "source".to_string()), ("source", source.clone())])
        }
        Justification::None => data.push(("justification", "none".to_string())),
    }
    data
}

/// The data keys of a projection node, declared in this order.
const PROJECTION_NODE: [&str; 7] =
    ["node:label", "node:label_zh-Hans", "node:label_zh-Hant", "node:label_en", "node:class", "node:kind", "node:iri"];

/// The data keys of a projection edge, declared in this order.
const PROJECTION_EDGE: [&str; 6] =
    ["edge:relation", "edge:justification", "edge:quote", "edge:start", "edge:end", "edge:source"];

/// What a drawing adds to them, declared between the two.
const DRAWN: [&str; 4] = ["node:style", "node:group", "node:drawn_id", "edge:label"];

/// The whole projection as GraphML: every node (entities, measures, pillars) sorted by IRI, every
/// edge sorted by its ends' IRIs and relation. The same graph gives the same bytes.
pub fn projection(p: &Projection) -> String {
    let write = || -> std::io::Result<String> {
        let mut g = GraphMl::new(&[&PROJECTION_NODE[..], &PROJECTION_EDGE[..]].concat())?;
        g.start_graph("policykg")?;
        let mut nodes: Vec<NodeIndex> = p.graph.node_indices().collect();
        nodes.sort_by(|a, b| p.graph[*a].iri.cmp(&p.graph[*b].iri));
        let ids: BTreeMap<NodeIndex, String> = nodes.iter().enumerate().map(|(i, n)| (*n, format!("n{i}"))).collect();
        for n in &nodes {
            g.node(&ids[n], &node_data(p, *n))?;
        }
        let mut edges: Vec<(&str, &str, &str, &Edge, NodeIndex, NodeIndex)> = p
            .graph
            .edge_indices()
            .filter_map(|e| {
                let (s, t) = p.graph.edge_endpoints(e)?;
                let edge = &p.graph[e];
                Some((p.graph[s].iri.as_str(), p.graph[t].iri.as_str(), edge.relation.local(), edge, s, t))
            })
            .collect();
        edges.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
        for (i, (_, _, _, edge, s, t)) in edges.iter().enumerate() {
            g.edge(&format!("e{i}"), &ids[s], &ids[t], &edge_data(edge))?;
        }
        g.finish()
    };
    write().expect("writing to memory cannot fail")
}

impl Diagram {
    /// The drawing as GraphML: its nodes and edges as drawn (after the size cap), each node with
    /// its drawn `label` (in the diagram's language), `style`, `group` (the box it is drawn in,
    /// e.g. its pillar) and `drawn_id` (its id in the DOT: a short IRI, or `pkr:Pillar1#measures`
    /// for a pillar's grouped measures), and — when it is a node of `projection` — its three
    /// labels, class, kind and IRI; each edge with its drawn `label` and, when it stands for a relation of the
    /// projection, that relation and its justification, directed as the relation runs.
    pub fn to_graphml(&self, projection: Option<&Projection>) -> String {
        let by_short: BTreeMap<String, NodeIndex> = projection
            .map(|p| p.graph.node_indices().map(|n| (shorten(&p.graph[n].iri), n)).collect())
            .unwrap_or_default();
        let write = || -> std::io::Result<String> {
            let mut g = GraphMl::new(&[&PROJECTION_NODE[..], &DRAWN[..], &PROJECTION_EDGE[..]].concat())?;
            g.start_graph(&self.name)?;
            let nodes = self.nodes();
            let ids: BTreeMap<&str, String> =
                nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), format!("n{i}"))).collect();
            for node in &nodes {
                let mut data: Data = vec![("label", node.label.clone())];
                if let (Some(p), Some(n)) = (projection, by_short.get(&node.id)) {
                    data.extend(node_data(p, *n).into_iter().filter(|(k, _)| *k != "label"));
                }
                data.push(("drawn_id", node.id.clone()));
                data.push(("style", node.style.name(self.lang)));
                if let Some(c) = node.cluster.and_then(|c| self.clusters().get(c)) {
                    data.push(("group", c.label.replace('\n', "")));
                }
                g.node(&ids[node.id.as_str()], &data)?;
            }
            for (i, edge) in self.edges().iter().enumerate() {
                let (from, to) =
                    if edge.arrow == Arrow::Back { (&edge.to, &edge.from) } else { (&edge.from, &edge.to) };
                let mut data: Data = vec![("label", edge.label.clone())];
                if let Some(relation) = edge.relation {
                    let found = projection.and_then(|p| {
                        let (s, t) = (*by_short.get(from)?, *by_short.get(to)?);
                        p.graph.edges_connecting(s, t).map(|e| e.weight()).find(|e| e.relation == relation)
                    });
                    match found {
                        Some(e) => data.extend(edge_data(e)),
                        None => data.push(("relation", relation.local().to_string())),
                    }
                }
                g.edge(&format!("e{i}"), &ids[from.as_str()], &ids[to.as_str()], &data)?;
            }
            g.finish()
        };
        write().expect("writing to memory cannot fail")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::{Direction, Edge as DrawnEdge, Lang, Node, Style};

    #[test]
    fn awkward_text_is_escaped_and_forbidden_characters_replaced() {
        let mut d = Diagram::new("a<b>&\"c\"", "t", Direction::LeftRight, Lang::En);
        d.node(Node::new("x", "R&D <b> \"q\" 'a'\r\nnext\u{1}", Style::Region));
        d.node(Node::new("y", "y", Style::Region));
        d.edge(DrawnEdge::new("x", "y", "a]]>b"));
        let xml = d.to_graphml(None);
        assert!(xml.contains(r#"<graph id="a&lt;b&gt;&amp;&quot;c&quot;" edgedefault="directed">"#), "{xml}");
        assert!(xml.contains("R&amp;D &lt;b&gt; &quot;q&quot; &apos;a&apos;&#13;\nnext\u{FFFD}</data>"), "{xml}");
        assert!(xml.contains(">a]]&gt;b</data>"), "{xml}");
        assert!(!xml.contains('\u{1}'));
        // Every node is declared before the edge that names it.
        assert!(
            xml.find(r#"<node id="n1">"#).unwrap() < xml.find(r#"<edge id="e0" source="n0" target="n1">"#).unwrap()
        );
    }
}
