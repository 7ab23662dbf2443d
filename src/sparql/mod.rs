//! SPARQL over the graph: the predeclared prefixes, the union default graph, answers read whole
//! into memory, and errors that say where the query went wrong.

pub mod syntax;
pub mod table;

use std::io::Write;

use oxigraph::model::{GraphName, Quad, Term, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, PreparedSparqlQuery, QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::kg::vocab::PREFIXES;
pub use syntax::SyntaxError;

/// What can go wrong with a query.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The query does not parse.
    #[error("{0}")]
    Syntax(SyntaxError),
    /// Evaluation failed.
    #[error("SPARQL evaluation failed: {0}")]
    Evaluation(String),
    /// Evaluation was cancelled through its cancellation token.
    #[error("the query was cancelled")]
    Cancelled,
    /// The query is not of the kind the caller needs (e.g. a CONSTRUCT where rows were expected).
    #[error("{0}")]
    Kind(String),
    /// Writing the results failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl From<QueryEvaluationError> for Error {
    fn from(e: QueryEvaluationError) -> Self {
        match e {
            QueryEvaluationError::Cancelled => Error::Cancelled,
            other => Error::Evaluation(other.to_string()),
        }
    }
}

/// The whole answer to a query, read into memory, so that a failure or a timeout half-way never
/// leaves half an output behind.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The answer to an ASK.
    Boolean(bool),
    /// The rows of a SELECT: for each row, the value of each variable, in order, `None` where unbound.
    Solutions { variables: Vec<Variable>, rows: Vec<Vec<Option<Term>>> },
    /// The triples of a CONSTRUCT or DESCRIBE, in the default graph, without duplicates, in
    /// [`crate::kg::store::stable_order`].
    Graph(Vec<Quad>),
}

/// An evaluator with the prefixes every policykg query may use.
pub fn evaluator() -> SparqlEvaluator {
    PREFIXES
        .iter()
        .fold(SparqlEvaluator::new(), |e, (p, ns)| e.with_prefix(*p, *ns).expect("the built-in prefixes are valid"))
}

/// Parses a query with the predeclared prefixes, the union of all named graphs as its default
/// graph, and, when given, a token that cancels its evaluation.
pub fn prepare(query: &str, cancel: Option<CancellationToken>) -> Result<PreparedSparqlQuery, Error> {
    let evaluator = match cancel {
        Some(token) => evaluator().with_cancellation_token(token),
        None => evaluator(),
    };
    let known: Vec<&str> = PREFIXES.iter().map(|(p, _)| *p).collect();
    let mut prepared = evaluator
        .parse_query(query)
        .map_err(|_| Error::Syntax(SyntaxError::new(query, &known, |q| self::evaluator().parse_query(q).err())))?;
    prepared.dataset_mut().set_default_graph_as_union();
    Ok(prepared)
}

/// Runs a query with the union of all named graphs as its default graph.
pub fn run<'a>(store: &'a Store, query: &str) -> Result<QueryResults<'a>, Error> {
    Ok(prepare(query, None)?.on_store(store).execute()?)
}

/// Runs a query from [`prepare`] to the end and gives its whole answer.
pub fn answer(store: &Store, prepared: PreparedSparqlQuery) -> Result<Answer, Error> {
    Ok(match prepared.on_store(store).execute()? {
        QueryResults::Boolean(b) => Answer::Boolean(b),
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let rows = solutions
                .map(|row| row.map(|row| variables.iter().map(|v| row.get(v).cloned()).collect()))
                .collect::<Result<_, _>>()?;
            Answer::Solutions { variables, rows }
        }
        QueryResults::Graph(triples) => {
            let quads =
                triples.map(|t| t.map(|t| t.in_graph(GraphName::DefaultGraph))).collect::<Result<Vec<_>, _>>()?;
            Answer::Graph(crate::kg::store::stable_order(quads))
        }
    })
}

/// Writes an ASK or SELECT answer in a W3C results format (JSON, XML, CSV, TSV).
pub fn write_results<W: Write>(answer: &Answer, format: QueryResultsFormat, out: W) -> Result<W, Error> {
    let serializer = QueryResultsSerializer::from_format(format);
    match answer {
        Answer::Boolean(b) => Ok(serializer.serialize_boolean_to_writer(out, *b)?),
        Answer::Solutions { variables, rows } => {
            let mut writer = serializer.serialize_solutions_to_writer(out, variables.clone())?;
            for row in rows {
                writer.serialize(variables.iter().zip(row).filter_map(|(v, t)| t.as_ref().map(|t| (v, t))))?;
            }
            Ok(writer.finish()?)
        }
        Answer::Graph(_) => Err(Error::Kind("a CONSTRUCT or DESCRIBE gives triples, not a results table".to_string())),
    }
}

/// Runs a SELECT and gives every row as the values of `vars`, in order (`None` where unbound).
pub fn select(store: &Store, query: &str, vars: &[&str]) -> Result<Vec<Vec<Option<Term>>>, Error> {
    match run(store, query)? {
        QueryResults::Solutions(solutions) => solutions
            .map(|row| {
                let row = row?;
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

#[cfg(test)]
mod tests {
    use oxigraph::model::{Literal, NamedNode};

    use super::*;

    /// Two regions in two named graphs, one with a label.
    fn store() -> Store {
        let store = Store::new().unwrap();
        let pkr = |s: &str| NamedNode::new_unchecked(format!("https://w3id.org/policykg/resource/{s}"));
        let graph = |s: &str| NamedNode::new_unchecked(format!("https://w3id.org/policykg/graph/{s}"));
        let part_of = NamedNode::new_unchecked("https://w3id.org/policykg/ontology#partOf");
        let label = NamedNode::new_unchecked("http://www.w3.org/2000/01/rdf-schema#label");
        store.insert(&Quad::new(pkr("Nankang"), part_of, pkr("Ganzhou"), graph("background"))).unwrap();
        let zh = Literal::new_language_tagged_literal("赣州", "zh-Hans").unwrap();
        store.insert(&Quad::new(pkr("Ganzhou"), label, zh, graph("document"))).unwrap();
        store
    }

    fn ask(query: &str) -> Answer {
        answer(&store(), prepare(query, None).unwrap()).unwrap()
    }

    #[test]
    fn the_default_graph_is_the_union_and_graph_still_reaches_each() {
        assert_eq!(ask("ASK { ?r pk:partOf ?c . ?c rdfs:label ?l }"), Answer::Boolean(true));
        assert_eq!(ask("ASK { GRAPH pkg:background { ?r pk:partOf ?c . ?c rdfs:label ?l } }"), Answer::Boolean(false));
        assert_eq!(ask("ASK { GRAPH pkg:document { pkr:Ganzhou rdfs:label ?l } }"), Answer::Boolean(true));
    }

    #[test]
    fn select_rows_keep_the_projection_order_and_unbound_values() {
        let Answer::Solutions { variables, rows } =
            ask("SELECT ?c ?r ?l WHERE { ?r pk:partOf ?c OPTIONAL { ?r rdfs:label ?l } }")
        else {
            panic!("a SELECT gives rows")
        };
        assert_eq!(variables.iter().map(|v| v.as_str()).collect::<Vec<_>>(), ["c", "r", "l"]);
        let cells: Vec<String> = rows[0].iter().map(|t| table::cell(t.as_ref())).collect();
        assert_eq!(cells, ["pkr:Ganzhou", "pkr:Nankang", ""]);
    }

    #[test]
    fn construct_gives_sorted_triples_in_the_default_graph() {
        let Answer::Graph(quads) =
            ask("CONSTRUCT { ?c pk:hasPart ?r . ?c rdfs:label ?l } WHERE { ?r pk:partOf ?c . ?c rdfs:label ?l }")
        else {
            panic!("a CONSTRUCT gives triples")
        };
        let lines: Vec<String> = quads.iter().map(|q| q.to_string()).collect();
        assert_eq!(
            lines,
            [
                "<https://w3id.org/policykg/resource/Ganzhou> <http://www.w3.org/2000/01/rdf-schema#label> \"赣州\"@zh-hans",
                "<https://w3id.org/policykg/resource/Ganzhou> <https://w3id.org/policykg/ontology#hasPart> <https://w3id.org/policykg/resource/Nankang>",
            ]
        );
    }

    #[test]
    fn results_are_written_in_the_w3c_formats() {
        let rows = ask("SELECT ?l WHERE { ?c rdfs:label ?l }");
        let csv = write_results(&rows, QueryResultsFormat::Csv, Vec::new()).unwrap();
        assert_eq!(String::from_utf8(csv).unwrap(), "l\r\n赣州\r\n");
        let json = write_results(&ask("ASK {}"), QueryResultsFormat::Json, Vec::new()).unwrap();
        assert_eq!(String::from_utf8(json).unwrap(), r#"{"head":{},"boolean":true}"#);
        assert!(matches!(
            write_results(&Answer::Graph(vec![]), QueryResultsFormat::Csv, Vec::new()),
            Err(Error::Kind(_))
        ));
    }

    #[test]
    fn a_cancelled_token_stops_evaluation() {
        let token = CancellationToken::new();
        token.cancel();
        let prepared = prepare("SELECT * WHERE { ?s ?p ?o }", Some(token)).unwrap();
        assert!(matches!(answer(&store(), prepared), Err(Error::Cancelled)));
    }

    #[test]
    fn a_syntax_error_is_one_line_with_its_location() {
        let Err(Error::Syntax(e)) = prepare("SELECT ?x WHERE { ?x a pk:Region", None) else {
            panic!("the query is cut short")
        };
        assert_eq!(e.to_string(), format!("SPARQL syntax error at line 1, column 33: {}", e.message()));
        assert!(e.message().starts_with("unexpected end of query"));
    }
}
