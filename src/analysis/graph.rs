//! The petgraph projection of the knowledge graph: entities, measures and pillars as nodes;
//! containment, location, overlap, measure roles and pillar membership as typed edges, each edge
//! with the words of the text or the outside source that justifies it.

use std::collections::{BTreeMap, HashMap};

use oxigraph::model::Term;
use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use serde::Serialize;

use super::Error;
use crate::kg::Ontology;
use crate::rdf::vocab::{PK, document_id, measure_name, shorten};
use crate::sparql::{self, QuerySource};

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    Entity,
    Measure,
    Pillar,
}

/// A node: an IRI with its class and labels.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    pub iri: String,
    pub kind: NodeKind,
    /// The most specific pk: class, e.g. `Region`.
    pub class: String,
    /// Labels by language tag as Oxigraph gives them (lower case: `zh-hans`, `zh-hant`, `en`).
    pub labels: BTreeMap<String, String>,
}

impl Node {
    /// The label in `lang` (e.g. `zh-Hans`), else in Simplified, else English, else the short IRI.
    pub fn label(&self, lang: &str) -> String {
        let lang = lang.to_ascii_lowercase();
        self.labels
            .get(&lang)
            .or_else(|| self.labels.get("zh-hans"))
            .or_else(|| self.labels.get("en"))
            .cloned()
            .unwrap_or_else(|| shorten(&self.iri))
    }
}

/// A relation between two nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Relation {
    PartOf,
    LocatedIn,
    SeatedIn,
    Overlaps,
    InPillar,
    Beneficiary,
    Partner,
    TargetIndustry,
    Platform,
    Program,
    Actor,
    Location,
}

impl Relation {
    pub fn from_local(local: &str) -> Option<Self> {
        Some(match local {
            "partOf" => Relation::PartOf,
            "locatedIn" => Relation::LocatedIn,
            "seatedIn" => Relation::SeatedIn,
            "overlaps" => Relation::Overlaps,
            "inPillar" => Relation::InPillar,
            "beneficiary" => Relation::Beneficiary,
            "partner" => Relation::Partner,
            "targetIndustry" => Relation::TargetIndustry,
            "platform" => Relation::Platform,
            "program" => Relation::Program,
            "actor" => Relation::Actor,
            "location" => Relation::Location,
            _ => return None,
        })
    }

    /// The property's local name in the ontology.
    pub fn local(self) -> &'static str {
        match self {
            Relation::PartOf => "partOf",
            Relation::LocatedIn => "locatedIn",
            Relation::SeatedIn => "seatedIn",
            Relation::Overlaps => "overlaps",
            Relation::InPillar => "inPillar",
            Relation::Beneficiary => "beneficiary",
            Relation::Partner => "partner",
            Relation::TargetIndustry => "targetIndustry",
            Relation::Platform => "platform",
            Relation::Program => "program",
            Relation::Actor => "actor",
            Relation::Location => "location",
        }
    }

    /// Containment: the subject lies within the object.
    pub fn is_containment(self) -> bool {
        matches!(self, Relation::PartOf | Relation::LocatedIn | Relation::SeatedIn)
    }

    /// A measure's role for an entity: a sub-property of `pk:involves` in the ontology.
    pub fn is_role(self) -> bool {
        static ROLES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| Ontology::builtin().roles());
        ROLES.iter().any(|r| r == self.local())
    }
}

/// Why an edge holds: the words of the text, or an outside source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind")]
pub enum Justification {
    /// A quote of the clean text with its code-point offsets.
    Text { quote: String, start: usize, end: usize },
    /// A background source: a Wikidata IRI or a source named in words.
    Source { source: String },
    /// Asserted with nothing attached (possible in user-supplied files).
    None,
}

#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    pub relation: Relation,
    pub why: Justification,
}

/// The projection, built once per run.
pub struct Projection {
    pub graph: DiGraph<Node, Edge>,
    index: HashMap<String, NodeIndex>,
    /// Whether the measures lie in the namespaces of more than one document (`pkr:doc/{id}/`).
    several_documents: bool,
}

// The queries below never join two patterns that a corpus of many documents repeats (an entity's
// type or label, or a fact about two entities, stated once in every document's graph): over a
// default graph that is a bag of those graphs, such a join would grow with the square of the
// number of documents. Each asks one repeated pattern, DISTINCT, or starts from the resources a
// document owns (statements, annotations), which no other graph repeats.

/// The `pk:` edges whose subject the `{focus}` clause binds.
fn edges_query(focus: &str) -> String {
    format!("SELECT DISTINCT ?s ?p ?o WHERE {{ {focus} ?s ?p ?o . FILTER(STRSTARTS(STR(?p), STR(pk:)) && isIRI(?o)) }}")
}

/// The quotes of the statements of the edges the `{focus}` clause allows (inner joins only, all
/// from the statement, so that the focus drives the evaluation).
fn quotes_query(focus: &str) -> String {
    format!(
        "SELECT ?s ?p ?o ?exact ?start ?end WHERE {{ {focus} \
         ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; pk:evidence ?a . \
         ?a oa:hasTarget ?t . ?t oa:hasSelector ?q , ?pos . ?q oa:exact ?exact . ?pos oa:start ?start ; oa:end ?end . \
         FILTER(STRSTARTS(STR(?p), STR(pk:)) && isIRI(?o)) }}"
    )
}

/// The outside sources of the statements of the edges the `{focus}` clause allows.
fn sources_query(focus: &str) -> String {
    format!(
        "SELECT ?s ?p ?o ?src WHERE {{ {focus} ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; pk:source ?src . \
         FILTER(STRSTARTS(STR(?p), STR(pk:)) && isIRI(?o)) }}"
    )
}

/// The nodes of `classes` (local names) that the `{focus}` clause allows.
fn nodes_query(classes: &[String], focus: &str) -> String {
    let classes: Vec<String> = classes.iter().map(|c| format!("pk:{c}")).collect();
    format!("SELECT DISTINCT ?n ?class WHERE {{ {focus} ?n a ?class . FILTER(?class IN ({})) }}", classes.join(", "))
}

/// The labels of the nodes the `{focus}` clause binds.
fn labels_query(focus: &str) -> String {
    format!("SELECT DISTINCT ?n ?label WHERE {{ {focus} ?n rdfs:label ?label . FILTER(isLiteral(?label)) }}")
}

/// A `VALUES ?var { <iri> … }` clause.
pub fn values(var: &str, iris: &[String]) -> String {
    let list: Vec<String> = iris.iter().map(|i| format!("<{i}>")).collect();
    format!("VALUES ?{var} {{ {} }}", list.join(" "))
}

/// At most this many IRIs go in one `VALUES` clause, so that no request grows without bound.
pub const VALUES_CHUNK: usize = 500;

/// The relations between entities: containment and overlap.
const ENTITY_RELATIONS: [Relation; 4] = [Relation::PartOf, Relation::LocatedIn, Relation::SeatedIn, Relation::Overlaps];

/// Collects nodes and edges from queries, in any order, and makes a [`Projection`] of them. What
/// it keeps does not depend on the order rows come in: of two labels in one language the smaller
/// is kept, and of two justifications of an edge the better (a quote before a source).
#[derive(Debug, Clone, Default)]
pub struct Builder {
    nodes: BTreeMap<String, Node>,
    edges: BTreeMap<(String, String, Relation), Justification>,
}

impl Builder {
    /// Adds the nodes the rows of a [`nodes_query`] give.
    fn add_nodes(&mut self, source: &(impl QuerySource + ?Sized), query: &str) -> Result<(), Error> {
        let ontology = Ontology::builtin();
        // Subclasses win over their superclasses: Agency over Organization.
        let rank = |class: &str| ontology.class_depth(class);
        for row in sparql::select(source, query, &["n", "class"])? {
            let iri = sparql::value(&row[0]);
            let class = sparql::value(&row[1]).trim_start_matches(PK).to_string();
            let kind = match class.as_str() {
                "Measure" => NodeKind::Measure,
                "Pillar" => NodeKind::Pillar,
                _ => NodeKind::Entity,
            };
            let node = self.nodes.entry(iri.clone()).or_insert_with(|| Node {
                iri,
                kind,
                class: class.clone(),
                labels: BTreeMap::new(),
            });
            if rank(&class) > rank(&node.class) {
                node.class = class;
                node.kind = kind;
            }
        }
        Ok(())
    }

    /// Adds the labels the rows of a [`labels_query`] give to nodes already added.
    fn add_labels(&mut self, source: &(impl QuerySource + ?Sized), query: &str) -> Result<(), Error> {
        for row in sparql::select(source, query, &["n", "label"])? {
            let (Some(node), Some(Term::Literal(l))) = (self.nodes.get_mut(&sparql::value(&row[0])), &row[1]) else {
                continue;
            };
            if let Some(lang) = l.language() {
                let label = node.labels.entry(lang.to_string()).or_insert_with(|| l.value().to_string());
                if l.value() < label.as_str() {
                    *label = l.value().to_string();
                }
            }
        }
        Ok(())
    }

    /// Adds the labels of every node added so far, asked in chunks of [`VALUES_CHUNK`] IRIs.
    fn add_all_labels(&mut self, source: &(impl QuerySource + ?Sized)) -> Result<(), Error> {
        let missing: Vec<String> = self.nodes.values().filter(|n| n.labels.is_empty()).map(|n| n.iri.clone()).collect();
        for chunk in missing.chunks(VALUES_CHUNK) {
            self.add_labels(source, &labels_query(&values("n", chunk)))?;
        }
        Ok(())
    }

    /// Adds the edges between nodes already added that the `focus` clause allows (it binds ?s or
    /// ?p), with the best justification of each: an [`edges_query`], a [`quotes_query`] and a
    /// [`sources_query`].
    fn add_edges(&mut self, source: &(impl QuerySource + ?Sized), focus: &str) -> Result<(), Error> {
        let relation = |row: &[Option<Term>]| {
            let (s, o) = (sparql::value(&row[0]), sparql::value(&row[2]));
            let known = self.nodes.contains_key(&s) && self.nodes.contains_key(&o);
            let relation = Relation::from_local(sparql::value(&row[1]).trim_start_matches(PK));
            relation.filter(|_| known).map(|r| (s, o, r))
        };
        let mut found = Vec::new();
        for row in sparql::select(source, &edges_query(focus), &["s", "p", "o"])? {
            found.extend(relation(&row));
        }
        for key in found {
            self.edges.entry(key).or_insert(Justification::None);
        }
        let mut justified = Vec::new();
        for row in sparql::select(source, &quotes_query(focus), &["s", "p", "o", "exact", "start", "end"])? {
            if let (Some(key), Ok(start), Ok(end)) =
                (relation(&row), sparql::value(&row[4]).parse(), sparql::value(&row[5]).parse())
            {
                justified.push((key, Justification::Text { quote: sparql::value(&row[3]), start, end }));
            }
        }
        for row in sparql::select(source, &sources_query(focus), &["s", "p", "o", "src"])? {
            if let Some(key) = relation(&row) {
                justified.push((key, Justification::Source { source: shorten_source(&sparql::value(&row[3])) }));
            }
        }
        for (key, why) in justified {
            if let Some(slot) = self.edges.get_mut(&key)
                && why.better_than(slot)
            {
                *slot = why;
            }
        }
        Ok(())
    }

    /// The projection of what was added.
    pub fn finish(&self) -> Projection {
        let mut graph: DiGraph<Node, Edge> = DiGraph::new();
        let mut index: HashMap<String, NodeIndex> = HashMap::new();
        for (iri, node) in &self.nodes {
            index.insert(iri.clone(), graph.add_node(node.clone()));
        }
        // seatedIn is a kind of locatedIn, and entailment asserted both: keep the specific one.
        for ((s, o, relation), why) in &self.edges {
            let shadowed = *relation == Relation::LocatedIn
                && self.edges.contains_key(&(s.clone(), o.clone(), Relation::SeatedIn));
            if !shadowed {
                graph.add_edge(index[s], index[o], Edge { relation: *relation, why: why.clone() });
            }
        }
        let documents: std::collections::BTreeSet<&str> =
            self.nodes.values().filter(|n| n.kind == NodeKind::Measure).filter_map(|n| document_id(&n.iri)).collect();
        Projection { graph, index, several_documents: documents.len() > 1 }
    }

    /// Every entity, with the containment and overlap edges between entities: the part of the
    /// graph that does not grow with the number of documents.
    pub fn entities(source: &(impl QuerySource + ?Sized)) -> Result<Self, Error> {
        let mut builder = Self::default();
        builder.add_nodes(source, &nodes_query(&Ontology::builtin().entity_classes(), ""))?;
        builder.add_all_labels(source)?;
        let relations: Vec<String> = ENTITY_RELATIONS.iter().map(|r| format!("pk:{}", r.local())).collect();
        builder.add_edges(source, &format!("VALUES ?p {{ {} }}", relations.join(" ")))?;
        Ok(builder)
    }

    /// Adds the measures that give any of `entities` (IRIs) a role, their pillars, and all their
    /// role and pillar edges; asked in chunks of [`VALUES_CHUNK`] IRIs.
    pub fn add_measures_around(
        &mut self,
        source: &(impl QuerySource + ?Sized),
        entities: &[String],
    ) -> Result<(), Error> {
        let roles: Vec<String> = Ontology::builtin().roles().iter().map(|r| format!("pk:{r}")).collect();
        let mut measures = std::collections::BTreeSet::new();
        for chunk in entities.chunks(VALUES_CHUNK) {
            let query = format!(
                "SELECT DISTINCT ?m WHERE {{ {} ?m ?role ?e . VALUES ?role {{ {} }} ?m a pk:Measure }}",
                values("e", chunk),
                roles.join(" ")
            );
            measures.extend(sparql::select(source, &query, &["m"])?.iter().map(|r| sparql::value(&r[0])));
        }
        let measures: Vec<String> = measures.into_iter().collect();
        let kinds = ["Measure".to_string(), "Pillar".to_string()];
        for chunk in measures.chunks(VALUES_CHUNK) {
            self.add_nodes(source, &nodes_query(&kinds, &values("n", chunk)))?;
            let pillars = format!("{} ?m pk:inPillar ?n .", values("m", chunk));
            self.add_nodes(source, &nodes_query(&kinds, &pillars))?;
        }
        self.add_all_labels(source)?;
        for chunk in measures.chunks(VALUES_CHUNK) {
            self.add_edges(source, &values("s", chunk))?;
        }
        Ok(())
    }
}

impl Justification {
    /// Whether this justification should stand for an edge rather than `other`: a quote before a
    /// source before nothing, and the earliest quote (or smallest source) among several.
    fn better_than(&self, other: &Justification) -> bool {
        let key = |j: &Justification| match j {
            Justification::Text { quote, start, end } => (0, *start, *end, quote.clone()),
            Justification::Source { source } => (1, 0, 0, source.clone()),
            Justification::None => (2, 0, 0, String::new()),
        };
        key(self) < key(other)
    }
}

impl Projection {
    /// Fills the projection from SELECT queries over `source`, so that it is the same on any
    /// source: every entity, measure and pillar, and every edge between them.
    pub fn build(source: &(impl QuerySource + ?Sized)) -> Result<Self, Error> {
        let mut builder = Builder::default();
        let mut classes = Ontology::builtin().entity_classes();
        classes.extend(["Measure".to_string(), "Pillar".to_string()]);
        builder.add_nodes(source, &nodes_query(&classes, ""))?;
        builder.add_all_labels(source)?;
        builder.add_edges(source, "")?;
        Ok(builder.finish())
    }

    /// The most specific `pk:` class of every node (`Region`, `Agency`, `Measure` …), by IRI.
    pub fn classes(&self) -> BTreeMap<String, String> {
        self.graph.node_weights().map(|n| (n.iri.clone(), n.class.clone())).collect()
    }

    /// Whether the projection holds measures of more than one document: then output names each
    /// measure with its document ([`measure_name`]'s `qualified`).
    pub fn several_documents(&self) -> bool {
        self.several_documents
    }

    /// The name a measure goes by in output (`M31`, or `ganzhou-measures-2020/M31` when the
    /// projection holds several documents); `None` for any other IRI.
    pub fn measure_name(&self, iri: &str) -> Option<String> {
        measure_name(iri, self.several_documents)
    }

    pub fn node(&self, iri: &str) -> Option<NodeIndex> {
        self.index.get(iri).copied()
    }

    pub fn edges_of(&self, n: NodeIndex, direction: Direction) -> impl Iterator<Item = (EdgeIndex, NodeIndex, &Edge)> {
        use petgraph::visit::EdgeRef;
        self.graph.edges_directed(n, direction).map(move |e| {
            let other = if direction == Direction::Outgoing { e.target() } else { e.source() };
            (e.id(), other, e.weight())
        })
    }
}

fn shorten_source(source: &str) -> String {
    if source.starts_with("http") { shorten(source) } else { source.to_string() }
}
