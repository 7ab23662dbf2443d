//! The knowledge graph: ontology, document and background as named graphs in an Oxigraph store.
//!
//! [`builtin_quads`] reads the annotation files, checks every quote against the clean text of
//! [`builtin_text`], builds the quads and materialises the ontology's `pk:` sub-class and
//! sub-property entailments. `source` loads them into a store.

pub mod annotations;
pub mod build;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};

use crate::builtin;
use crate::rdf::relabel_blank_nodes;
use crate::rdf::vocab::{self, Graph, PK, pk, rdf, rdfs};
use crate::text::{self, CleanText};

/// What can go wrong building or loading the graph.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A data file is malformed or says something inconsistent; `line` is 1-based.
    #[error("{file}:{line}: {message}")]
    Data { file: String, line: usize, message: String },
    /// An RDF file does not parse.
    #[error("{file}: {message}")]
    Rdf { file: String, message: String },
    /// The store failed.
    #[error("store: {0}")]
    Storage(#[from] oxigraph::store::StorageError),
    /// Writing output failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The ontology's class and property hierarchies, for entailment and checks.
#[derive(Debug, Clone)]
pub struct Ontology {
    quads: Vec<Quad>,
    super_classes: BTreeMap<NamedNode, BTreeSet<NamedNode>>,
    super_properties: BTreeMap<NamedNode, BTreeSet<NamedNode>>,
    actions: HashSet<NamedNode>,
}

impl Ontology {
    /// Parses Turtle into the ontology graph.
    pub fn parse(file: &str, turtle: &str) -> Result<Self, Error> {
        let graph = GraphName::from(Graph::Ontology.iri());
        let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(turtle.as_bytes())
            .map(|q| q.map(|q| Quad::new(q.subject, q.predicate, q.object, graph.clone())))
            .collect::<Result<_, _>>()
            .map_err(|e| Error::Rdf { file: file.to_string(), message: e.to_string() })?;
        let quads = relabel_blank_nodes(quads);
        let direct = |p: NamedNode| -> BTreeMap<NamedNode, BTreeSet<NamedNode>> {
            let mut map: BTreeMap<NamedNode, BTreeSet<NamedNode>> = BTreeMap::new();
            for q in quads.iter().filter(|q| q.predicate == p) {
                if let (NamedOrBlankNode::NamedNode(s), Term::NamedNode(o)) = (&q.subject, &q.object) {
                    map.entry(s.clone()).or_default().insert(o.clone());
                }
            }
            closure(map)
        };
        let action = pk("Action");
        let actions = quads
            .iter()
            .filter(|q| q.predicate == rdf("type") && q.object == Term::from(action.clone()))
            .filter_map(|q| match &q.subject {
                NamedOrBlankNode::NamedNode(n) => Some(n.clone()),
                _ => None,
            })
            .collect();
        Ok(Self {
            super_classes: direct(rdfs("subClassOf")),
            super_properties: direct(rdfs("subPropertyOf")),
            actions,
            quads,
        })
    }

    /// The ontology of `ontology/policykg.ttl`, parsed once per process.
    pub fn builtin() -> &'static Self {
        static ONTOLOGY: std::sync::LazyLock<Ontology> = std::sync::LazyLock::new(|| {
            Ontology::parse("ontology/policykg.ttl", builtin::ONTOLOGY).expect("the built-in ontology parses")
        });
        &ONTOLOGY
    }

    /// The local names of the `pk:` sub-properties of `pk:involves`: the roles a measure gives an
    /// entity (`beneficiary`, `partner` …), sorted.
    pub fn roles(&self) -> Vec<String> {
        self.locals_below(&self.super_properties, "involves")
    }

    /// The local names of the `pk:` sub-classes of `pk:Entity` (`Region`, `Agency` …), sorted.
    pub fn entity_classes(&self) -> Vec<String> {
        self.locals_below(&self.super_classes, "Entity")
    }

    /// How many `pk:` classes lie above the class `pk:{local}`: the more, the more specific
    /// (`Agency`, below `Organization` and `Entity`, is 2).
    pub fn class_depth(&self, local: &str) -> usize {
        self.super_classes.get(&pk(local)).map_or(0, |s| s.iter().filter(|c| c.as_str().starts_with(PK)).count())
    }

    fn locals_below(&self, closure: &BTreeMap<NamedNode, BTreeSet<NamedNode>>, top: &str) -> Vec<String> {
        let top = pk(top);
        closure
            .iter()
            .filter(|(sub, sup)| sup.contains(&top) && sub.as_str().starts_with(PK))
            .map(|(sub, _)| sub.as_str()[PK.len()..].to_string())
            .collect()
    }

    /// The ontology's own quads, in the ontology graph.
    pub fn quads(&self) -> &[Quad] {
        &self.quads
    }

    /// The policy verbs that open a measure clause: the `skos:notation` of every `pk:Action`,
    /// longest first so that 重点支持 is tried before 支持.
    pub fn clause_openers(&self) -> Vec<String> {
        let notation = vocab::skos("notation");
        let mut openers: Vec<String> = self
            .quads
            .iter()
            .filter(|q| q.predicate == notation)
            .filter(|q| matches!(&q.subject, NamedOrBlankNode::NamedNode(n) if self.actions.contains(n)))
            .filter_map(|q| match &q.object {
                Term::Literal(l) => Some(l.value().to_string()),
                _ => None,
            })
            .collect();
        openers.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        openers.dedup();
        openers
    }

    /// The `pk:Action` whose `skos:notation` is `verb` (the exact Simplified verb), if any.
    pub fn action_of(&self, verb: &str) -> Option<NamedNode> {
        let notation = vocab::skos("notation");
        self.quads.iter().find_map(|q| match (&q.subject, &q.object) {
            (NamedOrBlankNode::NamedNode(n), Term::Literal(l))
                if q.predicate == notation && l.value() == verb && self.actions.contains(n) =>
            {
                Some(n.clone())
            }
            _ => None,
        })
    }

    pub fn is_action(&self, node: &NamedNode) -> bool {
        self.actions.contains(node)
    }

    /// Adds, for every quad, the `pk:` super-classes of its types and `pk:` super-properties of its
    /// predicate, in the same graph. Alignments to outside vocabularies (schema:, dcterms:) are not
    /// materialised: they would double the output without helping a query over `pk:`.
    pub fn entail(&self, quads: Vec<Quad>) -> Vec<Quad> {
        let rdf_type = rdf("type");
        let in_pk = |n: &&NamedNode| n.as_str().starts_with(PK);
        let mut derived = Vec::new();
        for q in &quads {
            if q.predicate == rdf_type
                && let Term::NamedNode(class) = &q.object
            {
                for sup in self.super_classes.get(class).into_iter().flatten().filter(in_pk) {
                    derived.push(Quad::new(q.subject.clone(), q.predicate.clone(), sup.clone(), q.graph_name.clone()));
                }
            }
            for sup in self.super_properties.get(&q.predicate).into_iter().flatten().filter(in_pk) {
                derived.push(Quad::new(q.subject.clone(), sup.clone(), q.object.clone(), q.graph_name.clone()));
            }
        }
        // Only a derived quad can repeat one already there, and only one with a derived predicate.
        let derivable: HashSet<&NamedNode> = derived.iter().map(|q| &q.predicate).collect();
        let mut seen: HashSet<Quad> = quads.iter().filter(|q| derivable.contains(&q.predicate)).cloned().collect();
        let mut out = quads;
        out.extend(derived.into_iter().filter(|q| seen.insert(q.clone())));
        out
    }
}

/// Transitive closure of a relation given as direct successors.
fn closure(direct: BTreeMap<NamedNode, BTreeSet<NamedNode>>) -> BTreeMap<NamedNode, BTreeSet<NamedNode>> {
    let mut result = BTreeMap::new();
    for start in direct.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&NamedNode> = direct[start].iter().collect();
        while let Some(n) = stack.pop() {
            if seen.insert(n.clone()) {
                stack.extend(direct.get(n).into_iter().flatten());
            }
        }
        result.insert(start.clone(), seen);
    }
    result
}

/// The clean text of the built-in article, which the evidence of the built-in graph points into;
/// cleaned once per process, on first use.
pub fn builtin_text() -> &'static CleanText {
    static TEXT: std::sync::LazyLock<CleanText> =
        std::sync::LazyLock::new(|| text::clean(builtin::RAW_TEXT, &builtin::emendations()));
    &TEXT
}

/// Builds the quads of the built-in graph from the built-in files, in no particular order:
/// [`crate::rdf::stable_order`] sorts them for output.
pub fn builtin_quads(clean: &CleanText) -> Result<Vec<Quad>, Error> {
    let ontology = Ontology::builtin();
    let catalogue = annotations::parse("data/entities.toml", builtin::ENTITIES)?;
    let annotations = annotations::parse("data/measures.toml", builtin::MEASURES)?;
    let metadata = builtin::metadata();
    let quads = build::build(&build::Inputs {
        clean,
        metadata: &metadata,
        ontology,
        catalogue: &catalogue,
        annotations: &annotations,
    })?;
    let mut all = ontology.quads.clone();
    all.extend(ontology.entail(quads));
    Ok(all)
}
