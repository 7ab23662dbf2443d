//! SPARQL over the graph: the predeclared prefixes, the union default graph, and errors that say
//! where the query went wrong.

use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::kg::vocab::PREFIXES;

/// What can go wrong with a query.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The query does not parse.
    #[error("SPARQL syntax error: {0}")]
    Syntax(String),
    /// Evaluation failed.
    #[error("SPARQL evaluation failed: {0}")]
    Evaluation(String),
    /// The query is not of the kind the caller needs (e.g. a CONSTRUCT where rows were expected).
    #[error("{0}")]
    Kind(String),
}

/// An evaluator with the prefixes every policykg query may use.
pub fn evaluator() -> SparqlEvaluator {
    PREFIXES
        .iter()
        .fold(SparqlEvaluator::new(), |e, (p, ns)| e.with_prefix(*p, *ns).expect("the built-in prefixes are valid"))
}

/// Runs a query with the union of all named graphs as its default graph.
pub fn run<'a>(store: &'a Store, query: &str) -> Result<QueryResults<'a>, Error> {
    let mut prepared = evaluator().parse_query(query).map_err(|e| Error::Syntax(e.to_string()))?;
    prepared.dataset_mut().set_default_graph_as_union();
    prepared.on_store(store).execute().map_err(|e| Error::Evaluation(e.to_string()))
}

/// Runs a SELECT and gives every row as the values of `vars`, in order (`None` where unbound).
pub fn select(store: &Store, query: &str, vars: &[&str]) -> Result<Vec<Vec<Option<Term>>>, Error> {
    match run(store, query)? {
        QueryResults::Solutions(solutions) => solutions
            .map(|row| {
                let row = row.map_err(|e| Error::Evaluation(e.to_string()))?;
                Ok(vars.iter().map(|v| row.get(*v).cloned()).collect())
            })
            .collect(),
        _ => Err(Error::Kind("expected a SELECT query".to_string())),
    }
}

/// The lexical value of a term: an IRI's string, a literal's value.
pub fn value(term: &Option<Term>) -> String {
    match term {
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        Some(Term::Literal(l)) => l.value().to_string(),
        Some(Term::BlankNode(b)) => format!("_:{}", b.as_str()),
        #[allow(unreachable_patterns)]
        Some(other) => other.to_string(),
        None => String::new(),
    }
}
