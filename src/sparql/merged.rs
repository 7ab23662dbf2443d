//! The default graph as SPARQL defines it: the RDF merge of its graphs, a set of triples.
//!
//! Oxigraph 0.5 evaluates a default graph made of several graphs (the union of all graphs, or
//! several `FROM` clauses) by chaining the graphs' quads, so a triple held in two graphs is seen
//! twice and `COUNT(*)` counts it twice (Oxigraph issue #1919, fixed after 0.5). [`Merged`] is a
//! dataset over a [`Store`] whose default graph is that merge without duplicates: each pattern's
//! matches are deduplicated with a hash set, so memory grows with the matches of one pattern, never
//! with the size of the answer. Named graphs (`GRAPH ?g`) are the store's own, unchanged.

use std::collections::HashSet;

use oxigraph::model::{GraphName, GraphNameRef, NamedNodeRef, NamedOrBlankNodeRef, Quad, Term, TermRef};
use oxigraph::store::{StorageError, Store};
use spareval::{InternalQuad, QueryableDataset};

/// Which graphs make the default graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultGraph {
    /// Every graph of the store, its default graph included: policykg's union default graph.
    Union,
    /// These graphs, as named by a query's `FROM` clauses.
    Graphs(Vec<GraphName>),
}

/// A store seen through a default graph that is the RDF merge of [`DefaultGraph`].
#[derive(Clone)]
pub struct Merged {
    store: Store,
    default: DefaultGraph,
}

impl Merged {
    pub fn new(store: Store, default: DefaultGraph) -> Self {
        Self { store, default }
    }
}

type Item = Result<InternalQuad<Term>, StorageError>;

fn internal(q: Quad) -> InternalQuad<Term> {
    InternalQuad {
        subject: q.subject.into(),
        predicate: q.predicate.into(),
        object: q.object,
        graph_name: match q.graph_name {
            GraphName::NamedNode(n) => Some(n.into()),
            GraphName::BlankNode(b) => Some(b.into()),
            GraphName::DefaultGraph => None,
        },
    }
}

fn graph_ref(term: &Term) -> Option<GraphNameRef<'_>> {
    match term {
        Term::NamedNode(n) => Some(n.into()),
        Term::BlankNode(b) => Some(b.into()),
        _ => None,
    }
}

impl<'a> QueryableDataset<'a> for Merged {
    type InternalTerm = Term;
    type Error = StorageError;

    fn internal_quads_for_pattern(
        &self,
        subject: Option<&Term>,
        predicate: Option<&Term>,
        object: Option<&Term>,
        graph_name: Option<Option<&Term>>,
    ) -> impl Iterator<Item = Item> + use<'a> {
        let none = || -> Box<dyn Iterator<Item = Item>> { Box::new(std::iter::empty()) };
        let s: Option<NamedOrBlankNodeRef<'_>> = match subject.map(Term::as_ref) {
            None => None,
            Some(TermRef::NamedNode(n)) => Some(n.into()),
            Some(TermRef::BlankNode(b)) => Some(b.into()),
            Some(_) => return none(),
        };
        let p: Option<NamedNodeRef<'_>> = match predicate.map(Term::as_ref) {
            None => None,
            Some(TermRef::NamedNode(n)) => Some(n),
            Some(_) => return none(),
        };
        let o = object.map(Term::as_ref);
        let store = &self.store;
        match graph_name {
            // One named graph.
            Some(Some(g)) => match graph_ref(g) {
                Some(g) => Box::new(store.quads_for_pattern(s, p, o, Some(g)).map(|q| q.map(internal))),
                None => none(),
            },
            // Any named graph, for `GRAPH ?g`.
            None => Box::new(
                store
                    .quads_for_pattern(s, p, o, None)
                    .filter(|q| !matches!(q, Ok(q) if q.graph_name.is_default_graph()))
                    .map(|q| q.map(internal)),
            ),
            // The default graph: the merge, each triple once.
            Some(None) => {
                let matches: Box<dyn Iterator<Item = Result<Quad, StorageError>>> = match &self.default {
                    DefaultGraph::Union => Box::new(store.quads_for_pattern(s, p, o, None)),
                    DefaultGraph::Graphs(graphs) => Box::new(
                        graphs
                            .iter()
                            .map(|g| store.quads_for_pattern(s, p, o, Some(g.as_ref())))
                            .collect::<Vec<_>>()
                            .into_iter()
                            .flatten(),
                    ),
                };
                let mut seen = HashSet::new();
                Box::new(matches.filter_map(move |q| match q {
                    Ok(q) => {
                        let triple = (q.subject, q.predicate, q.object);
                        if !seen.insert(triple.clone()) {
                            return None;
                        }
                        Some(Ok(InternalQuad {
                            subject: triple.0.into(),
                            predicate: triple.1.into(),
                            object: triple.2,
                            graph_name: None,
                        }))
                    }
                    Err(e) => Some(Err(e)),
                }))
            }
        }
    }

    fn internal_named_graphs(&self) -> impl Iterator<Item = Result<Term, StorageError>> + use<'a> {
        self.store.named_graphs().map(|g| g.map(Term::from))
    }

    fn contains_internal_graph_name(&self, graph_name: &Term) -> Result<bool, StorageError> {
        match graph_name {
            Term::NamedNode(n) => self.store.contains_named_graph(n),
            Term::BlankNode(b) => self.store.contains_named_graph(b),
            _ => Ok(false),
        }
    }

    fn internalize_term(&self, term: Term) -> Result<Term, StorageError> {
        Ok(term)
    }

    fn externalize_term(&self, term: Term) -> Result<Term, StorageError> {
        Ok(term)
    }
}
