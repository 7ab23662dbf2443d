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
use crate::rdf::vocab::{PK, shorten};
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
}

const EDGES: &str = r#"
SELECT ?s ?p ?o ?exact ?start ?end ?src WHERE {
  ?s ?p ?o .
  FILTER(STRSTARTS(STR(?p), STR(pk:)) && isIRI(?o))
  OPTIONAL {
    ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
    OPTIONAL { ?st pk:evidence/oa:hasTarget/oa:hasSelector ?q . ?q oa:exact ?exact .
               ?st pk:evidence/oa:hasTarget/oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end . }
    OPTIONAL { ?st pk:source ?src }
  }
}"#;

/// The nodes: instances of the ontology's entity classes, of `pk:Measure` and of `pk:Pillar`.
fn nodes_query(ontology: &Ontology) -> String {
    let classes: Vec<String> = ontology
        .entity_classes()
        .iter()
        .chain(&["Measure".to_string(), "Pillar".to_string()])
        .map(|c| format!("pk:{c}"))
        .collect();
    format!(
        "SELECT ?n ?class ?label WHERE {{ ?n a ?class . FILTER(?class IN ({})) OPTIONAL {{ ?n rdfs:label ?label }} }}",
        classes.join(", ")
    )
}

impl Projection {
    /// Fills the projection from two SELECT queries over `source`, so that it is the same on any source.
    pub fn build(source: &(impl QuerySource + ?Sized)) -> Result<Self, Error> {
        let mut graph: DiGraph<Node, Edge> = DiGraph::new();
        let mut index: HashMap<String, NodeIndex> = HashMap::new();
        // Subclasses win over their superclasses: Agency over Organization.
        let ontology = Ontology::builtin();
        let rank = |class: &str| ontology.class_depth(class);
        let mut nodes: BTreeMap<String, Node> = BTreeMap::new();
        for row in sparql::select(source, &nodes_query(ontology), &["n", "class", "label"])? {
            let iri = sparql::value(&row[0]);
            let class = sparql::value(&row[1]).trim_start_matches(PK).to_string();
            let kind = match class.as_str() {
                "Measure" => NodeKind::Measure,
                "Pillar" => NodeKind::Pillar,
                _ => NodeKind::Entity,
            };
            let node = nodes.entry(iri.clone()).or_insert_with(|| Node {
                iri,
                kind,
                class: class.clone(),
                labels: BTreeMap::new(),
            });
            if rank(&class) > rank(&node.class) {
                node.class = class;
                node.kind = kind;
            }
            if let Some(Term::Literal(l)) = &row[2] {
                if let Some(lang) = l.language() {
                    node.labels.entry(lang.to_string()).or_insert_with(|| l.value().to_string());
                }
            }
        }
        for (iri, node) in nodes {
            index.insert(iri, graph.add_node(node));
        }

        let mut edges: BTreeMap<(NodeIndex, NodeIndex, Relation), Justification> = BTreeMap::new();
        for row in sparql::select(source, EDGES, &["s", "p", "o", "exact", "start", "end", "src"])? {
            let (Some(&s), Some(&o)) = (index.get(&sparql::value(&row[0])), index.get(&sparql::value(&row[2]))) else {
                continue;
            };
            let Some(relation) = Relation::from_local(sparql::value(&row[1]).trim_start_matches(PK)) else {
                continue;
            };
            let why = match (&row[3], sparql::value(&row[4]).parse(), sparql::value(&row[5]).parse(), &row[6]) {
                (Some(_), Ok(start), Ok(end), _) => Justification::Text { quote: sparql::value(&row[3]), start, end },
                (_, _, _, Some(src)) => {
                    Justification::Source { source: shorten_source(&sparql::value(&Some(src.clone()))) }
                }
                _ => Justification::None,
            };
            let slot = edges.entry((s, o, relation)).or_insert(Justification::None);
            if *slot == Justification::None {
                *slot = why;
            }
        }
        // seatedIn is a kind of locatedIn, and entailment asserted both: keep the specific one.
        let seated: Vec<(NodeIndex, NodeIndex)> =
            edges.keys().filter(|(_, _, r)| *r == Relation::SeatedIn).map(|(s, o, _)| (*s, *o)).collect();
        for (s, o) in seated {
            edges.remove(&(s, o, Relation::LocatedIn));
        }
        for ((s, o, relation), why) in edges {
            graph.add_edge(s, o, Edge { relation, why });
        }
        Ok(Self { graph, index })
    }

    /// The most specific `pk:` class of every node (`Region`, `Agency`, `Measure` …), by IRI.
    pub fn classes(&self) -> BTreeMap<String, String> {
        self.graph.node_weights().map(|n| (n.iri.clone(), n.class.clone())).collect()
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
