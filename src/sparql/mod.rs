//! SPARQL over any source: a [`Query`] parsed once with the predeclared prefixes, and the one
//! interface every source answers through, [`QuerySource`], whose [`Results`] stream rows and
//! triples as they are produced.
//!
//! Dataset rules (SPARQL 1.1 §13): a query with `FROM` or `FROM NAMED` gets exactly the graphs it
//! names; a query without either gets policykg's convention, a default graph that is the RDF merge
//! of every graph (each triple once, however many graphs hold it) and every named graph for `GRAPH`.

pub mod lint;
pub mod merged;
pub mod nesting;
pub mod syntax;
pub mod table;

use std::io::Write;

use oxigraph::model::{GraphName, Term, Triple, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, PreparedSparqlQuery, QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::rdf::vocab::PREFIXES;
use merged::{DefaultGraph, Merged};
pub use syntax::SyntaxError;

/// What can go wrong with a query.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The query does not parse.
    #[error("{0}")]
    Syntax(SyntaxError),
    /// The query nests groups deeper than the parser can take.
    #[error(
        "the query nests {depth} levels of brackets deep (at line {line}); policykg reads at most {} levels",
        nesting::MAX_DEPTH
    )]
    TooDeep { depth: usize, line: usize },
    /// The base IRI is not an absolute IRI.
    #[error("the base IRI <{0}> is not an absolute IRI")]
    Base(String),
    /// The text is a SPARQL Update, which policykg does not run.
    #[error(
        "this is a SPARQL Update (INSERT, DELETE, LOAD …): policykg only reads; to write a server, use `policykg push`"
    )]
    Update,
    /// The query has a relative IRI and no base IRI to resolve it against.
    #[error("the query has a relative IRI and no base IRI to resolve it against: give one with --base IRI")]
    NoBase,
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
    /// A remote source could not answer: unreachable, refused, or an answer that does not parse.
    #[error("{0}")]
    Remote(String),
}

impl From<QueryEvaluationError> for Error {
    fn from(e: QueryEvaluationError) -> Self {
        match e {
            QueryEvaluationError::Cancelled => Error::Cancelled,
            other => Error::Evaluation(other.to_string()),
        }
    }
}

impl From<oxigraph::store::StorageError> for Error {
    fn from(e: oxigraph::store::StorageError) -> Self {
        Error::Evaluation(e.to_string())
    }
}

/// A parsed query, with the prefixes of `policykg prefixes` declared and its base IRI, ready to run
/// on any [`QuerySource`]. Each query has its own cancellation token.
#[derive(Clone)]
pub struct Query {
    text: String,
    base: Option<String>,
    form: Form,
    prepared: PreparedSparqlQuery,
    cancel: CancellationToken,
    duplicates_allowed: bool,
    warnings: Vec<String>,
}

/// The four forms of a SPARQL query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Select,
    Construct,
    Describe,
    Ask,
}

/// A parser with the prefixes every policykg query may use.
fn parser(base: Option<&str>) -> Result<spargebra::SparqlParser, Error> {
    let parser = PREFIXES.iter().fold(spargebra::SparqlParser::new(), |p, (prefix, ns)| {
        p.with_prefix(*prefix, *ns).expect("the built-in prefixes are valid")
    });
    match base {
        Some(base) => parser.with_base_iri(base).map_err(|_| Error::Base(base.to_string())),
        None => Ok(parser),
    }
}

impl Query {
    /// Parses `text`, a leading byte-order mark skipped, with relative IRIs resolved against `base`.
    ///
    /// Errors: [`Error::TooDeep`] for brackets nested deeper than [`nesting::MAX_DEPTH`] (checked
    /// before parsing, since the parser recurses), [`Error::Syntax`] with a located message.
    pub fn parse(text: &str, base: Option<&str>) -> Result<Self, Error> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        nesting::check(text)?;
        let cancel = CancellationToken::new();
        let parsed = parser(base)?.parse_query(text).map_err(|_| {
            if base.is_none() && parser(Some("file:///")).is_ok_and(|p| p.parse_query(text).is_ok()) {
                return Error::NoBase;
            }
            if parser(base.or(Some("file:///"))).is_ok_and(|p| p.parse_update(text).is_ok()) {
                return Error::Update;
            }
            let known: Vec<&str> = PREFIXES.iter().map(|(p, _)| *p).collect();
            Error::Syntax(SyntaxError::new(text, &known, |q| parser(base).ok()?.parse_query(q).err()))
        })?;
        let form = match &parsed {
            spargebra::Query::Select { .. } => Form::Select,
            spargebra::Query::Construct { .. } => Form::Construct,
            spargebra::Query::Describe { .. } => Form::Describe,
            spargebra::Query::Ask { .. } => Form::Ask,
        };
        let warnings = lint::warnings(&parsed);
        let prepared = SparqlEvaluator::new().with_cancellation_token(cancel.clone()).for_query(parsed);
        Ok(Self {
            text: text.to_string(),
            base: base.map(str::to_string),
            form,
            prepared,
            cancel,
            duplicates_allowed: false,
            warnings,
        })
    }

    /// The same query, for a caller that collects the rows into sets: a triple held in several
    /// graphs may then give its rows several times over a default graph of several graphs, which
    /// lets a store use Oxigraph's own, faster union instead of the deduplicating merge.
    pub fn allowing_duplicates(self) -> Self {
        Self { duplicates_allowed: true, ..self }
    }

    /// The same query over the dataset a SPARQL 1.1 Protocol request names with `default-graph-uri`
    /// and `named-graph-uri` (§2.1.4): it replaces the query's own `FROM` and `FROM NAMED`. The
    /// default graph is the merge of `default` (empty when none is given), and `GRAPH` sees only
    /// `named`.
    pub fn with_dataset(
        mut self,
        default: Vec<oxigraph::model::NamedNode>,
        named: Vec<oxigraph::model::NamedNode>,
    ) -> Self {
        let dataset = self.prepared.dataset_mut();
        dataset.set_default_graph(default.into_iter().map(GraphName::from).collect());
        dataset.set_available_named_graphs(named.into_iter().map(Into::into).collect());
        self
    }

    /// SELECT, CONSTRUCT, DESCRIBE or ASK.
    pub fn form(&self) -> Form {
        self.form
    }

    /// The query as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The base IRI relative IRIs were resolved against.
    pub fn base(&self) -> Option<&str> {
        self.base.as_deref()
    }

    /// Warnings about parts of the query that parse but cannot match ([`lint::warnings`]), one line
    /// each, for a person to read.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Whether the query names its own dataset with `FROM` or `FROM NAMED`.
    pub fn has_dataset_clause(&self) -> bool {
        !self.prepared.dataset().is_default_dataset()
    }

    /// A token that cancels this query's evaluation; Oxigraph checks it whenever it reads a source.
    pub fn cancellation_token(&self) -> CancellationToken {
        self.cancel.clone()
    }
}

/// One row of a SELECT: the value of each variable, in order, `None` where unbound.
pub type Row = Vec<Option<Term>>;

/// The answer to a query, produced as it is read: nothing is collected on the way.
pub enum Results<'a> {
    /// The answer to an ASK.
    Boolean(bool),
    /// The rows of a SELECT, each in the order of `variables`.
    Solutions { variables: Vec<Variable>, rows: Box<dyn Iterator<Item = Result<Row, Error>> + 'a> },
    /// The triples of a CONSTRUCT or DESCRIBE, possibly repeated, in no particular order.
    Graph(Box<dyn Iterator<Item = Result<Triple, Error>> + 'a>),
}

/// Anything SPARQL can be asked of: an Oxigraph store in memory or on disk, and (through the same
/// interface) a remote SPARQL endpoint. Analysis, diagrams and validation use only this.
pub trait QuerySource {
    /// Evaluates `query`. Rows and triples come as the source produces them.
    fn execute(&self, query: &Query) -> Result<Results<'_>, Error>;

    /// Parses and evaluates `text` with no base IRI: the form policykg's own queries take.
    fn run(&self, text: &str) -> Result<Results<'_>, Error> {
        self.execute(&Query::parse(text, None)?)
    }
}

/// What a query without `FROM` or `FROM NAMED` gets as its default graph.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum DefaultDataset {
    /// The merge of every graph, named or not (policykg's convention, as in Jena's and QLever's
    /// union default graph).
    #[default]
    Union,
    /// Only the triples in no named graph: the default graph of the data as loaded, as the SPARQL
    /// 1.1 Recommendation and its test suite take it.
    Unnamed,
    /// The merge of these named graphs, as if the query said `FROM` for each.
    Graphs(Vec<oxigraph::model::NamedNode>),
}

/// An Oxigraph [`Store`] (in memory or RocksDB) as a [`QuerySource`].
#[derive(Clone)]
pub struct StoreSource {
    store: Store,
    default: DefaultDataset,
    /// Whether no triple is held in two graphs (counting the default graph): then Oxigraph's own
    /// union of all graphs is already the merge, and its faster evaluation can be used.
    graphs_are_disjoint: bool,
}

impl StoreSource {
    /// A store whose graphs may share triples: the union default graph is deduplicated.
    pub fn new(store: Store) -> Self {
        Self { store, default: DefaultDataset::Union, graphs_are_disjoint: false }
    }

    /// A store that the caller knows holds no triple in two graphs (see [`disjoint_graphs`]).
    pub fn with_disjoint_graphs(store: Store) -> Self {
        Self { store, default: DefaultDataset::Union, graphs_are_disjoint: true }
    }

    /// The same store, with `default` as the default graph of queries that name no dataset.
    pub fn with_default_dataset(self, default: DefaultDataset) -> Self {
        Self { default, ..self }
    }

    /// The store itself.
    pub fn store(&self) -> &Store {
        &self.store
    }
}

/// Whether no triple of `quads` stands in two graphs (the default graph counting as one).
pub fn disjoint_graphs<'a>(quads: impl IntoIterator<Item = &'a oxigraph::model::Quad>) -> bool {
    let mut seen = std::collections::HashSet::new();
    quads.into_iter().all(|q| seen.insert((q.subject.as_ref(), q.predicate.as_ref(), q.object.as_ref())))
}

impl QuerySource for StoreSource {
    fn execute(&self, query: &Query) -> Result<Results<'_>, Error> {
        let mut prepared = query.prepared.clone();
        let dataset = prepared.dataset().clone();
        let default = if dataset.is_default_dataset() {
            match &self.default {
                DefaultDataset::Union => DefaultGraph::Union,
                DefaultDataset::Unnamed => DefaultGraph::Graphs(vec![GraphName::DefaultGraph]),
                DefaultDataset::Graphs(graphs) => {
                    let graphs: Vec<GraphName> = graphs.iter().cloned().map(GraphName::from).collect();
                    prepared.dataset_mut().set_default_graph(graphs.clone());
                    DefaultGraph::Graphs(graphs)
                }
            }
        } else {
            DefaultGraph::Graphs(dataset.default_graph_graphs().map(<[GraphName]>::to_vec).unwrap_or_default())
        };
        let results = match default {
            DefaultGraph::Union if self.graphs_are_disjoint || query.duplicates_allowed => {
                prepared.dataset_mut().set_default_graph_as_union();
                prepared.on_store(&self.store).execute()?
            }
            DefaultGraph::Graphs(graphs) if graphs.len() <= 1 || query.duplicates_allowed => {
                prepared.on_store(&self.store).execute()?
            }
            default => {
                // The merged dataset serves the default graph itself, as its own default graph.
                prepared.dataset_mut().set_default_graph(vec![GraphName::DefaultGraph]);
                prepared.on_queryable_dataset(Merged::new(self.store.clone(), default)).execute()?
            }
        };
        Ok(from_oxigraph(results))
    }
}

fn from_oxigraph<'a>(results: QueryResults<'a>) -> Results<'a> {
    match results {
        QueryResults::Boolean(b) => Results::Boolean(b),
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let order = variables.clone();
            let rows = solutions.map(move |row| {
                let row = row?;
                Ok(order.iter().map(|v| row.get(v).cloned()).collect())
            });
            Results::Solutions { variables, rows: Box::new(rows) }
        }
        QueryResults::Graph(triples) => Results::Graph(Box::new(triples.map(|t| t.map_err(Error::from)))),
    }
}

/// The whole answer to a query, read into memory, for callers that need all of it at once.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The answer to an ASK.
    Boolean(bool),
    /// The rows of a SELECT.
    Solutions { variables: Vec<Variable>, rows: Vec<Row> },
    /// The triples of a CONSTRUCT or DESCRIBE, without duplicates, sorted as N-Triples lines.
    Graph(Vec<Triple>),
}

impl Results<'_> {
    /// Reads the whole answer.
    pub fn collect(self) -> Result<Answer, Error> {
        Ok(match self {
            Results::Boolean(b) => Answer::Boolean(b),
            Results::Solutions { variables, rows } => {
                Answer::Solutions { variables, rows: rows.collect::<Result<_, _>>()? }
            }
            Results::Graph(triples) => {
                let mut triples: Vec<Triple> = triples.collect::<Result<_, _>>()?;
                triples.sort_by_cached_key(|t| t.to_string());
                triples.dedup();
                Answer::Graph(triples)
            }
        })
    }
}

/// Runs policykg's own SELECT `text` on `source` and gives every row as the values of `vars`, in
/// order (`None` where unbound). A row may repeat when a triple is held in several graphs (see
/// [`Query::allowing_duplicates`]): callers collect rows into sets, maps or minimums.
pub fn select(source: &(impl QuerySource + ?Sized), text: &str, vars: &[&str]) -> Result<Vec<Row>, Error> {
    let started = std::time::Instant::now();
    let rows: Vec<Row> = match source.execute(&Query::parse(text, None)?.allowing_duplicates())? {
        Results::Solutions { variables, rows } => {
            let positions: Vec<Option<usize>> =
                vars.iter().map(|v| variables.iter().position(|x| x.as_str() == *v)).collect();
            rows.map(|row| row.map(|row| positions.iter().map(|p| p.and_then(|p| row[p].clone())).collect()))
                .collect::<Result<_, _>>()?
        }
        _ => return Err(Error::Kind("expected a SELECT query".to_string())),
    };
    if std::env::var_os(TRACE_VARIABLE).is_some() {
        let first: String = text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(100).collect();
        eprintln!("policykg: {:>8.1} ms {:>7} rows  {first}", started.elapsed().as_secs_f64() * 1000.0, rows.len());
    }
    Ok(rows)
}

/// Set (to anything) to have every query policykg runs for its own analysis print its time, row
/// count and first words on stderr.
pub const TRACE_VARIABLE: &str = "POLICYKG_TRACE";

/// Writes the rows of a SELECT in a W3C results format (JSON, XML, CSV, TSV) as they come, and
/// gives the number of rows written; stops after `limit` rows when given.
pub fn write_solutions<W: Write>(
    variables: Vec<Variable>,
    rows: impl Iterator<Item = Result<Row, Error>>,
    format: QueryResultsFormat,
    out: W,
) -> Result<(W, u64), Error> {
    let mut writer =
        QueryResultsSerializer::from_format(format).serialize_solutions_to_writer(out, variables.clone())?;
    let mut count = 0;
    for row in rows {
        let row = row?;
        writer.serialize(variables.iter().zip(&row).filter_map(|(v, t)| t.as_ref().map(|t| (v, t))))?;
        count += 1;
    }
    Ok((writer.finish()?, count))
}

/// Writes an ASK answer in a W3C results format.
pub fn write_boolean<W: Write>(value: bool, format: QueryResultsFormat, out: W) -> Result<W, Error> {
    Ok(QueryResultsSerializer::from_format(format).serialize_boolean_to_writer(out, value)?)
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
    use oxigraph::model::{Literal, NamedNode, Quad};

    use super::*;

    fn pkr(s: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("https://w3id.org/policykg/resource/{s}"))
    }

    fn graph(s: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("https://w3id.org/policykg/graph/{s}"))
    }

    /// Nankang partOf Ganzhou in the background graph, Ganzhou's label in the document graph, and
    /// Ganzhou partOf Jiangxi in both graphs and in the default graph: 3 distinct triples, 5 quads.
    fn source() -> StoreSource {
        let store = Store::new().unwrap();
        let part_of = NamedNode::new_unchecked("https://w3id.org/policykg/ontology#partOf");
        let label = NamedNode::new_unchecked("http://www.w3.org/2000/01/rdf-schema#label");
        let shared = |g: GraphName| Quad::new(pkr("Ganzhou"), part_of.clone(), pkr("Jiangxi"), g);
        store.insert(&Quad::new(pkr("Nankang"), part_of.clone(), pkr("Ganzhou"), graph("background"))).unwrap();
        let zh = Literal::new_language_tagged_literal("赣州", "zh-Hans").unwrap();
        store.insert(&Quad::new(pkr("Ganzhou"), label, zh, graph("document"))).unwrap();
        for g in [graph("background").into(), graph("document").into(), GraphName::DefaultGraph] {
            store.insert(&shared(g)).unwrap();
        }
        StoreSource::new(store)
    }

    fn ask(source: &StoreSource, query: &str) -> Answer {
        source.run(query).unwrap().collect().unwrap()
    }

    /// The one value of a one-row SELECT, with SPARQL's exact semantics (not [`select`]'s).
    fn count(source: &StoreSource, query: &str) -> String {
        let Answer::Solutions { rows, .. } = ask(source, query) else { panic!("a SELECT gives rows") };
        value(&rows[0][0])
    }

    #[test]
    fn the_default_graph_is_the_merge_of_all_graphs_each_triple_once() {
        let s = source();
        assert_eq!(count(&s, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"), "3");
        assert_eq!(ask(&s, "ASK { ?r pk:partOf ?c . ?c rdfs:label ?l }"), Answer::Boolean(true));
        // GRAPH still reaches each named graph, and only named graphs.
        assert_eq!(count(&s, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"), "4");
        assert_eq!(ask(&s, "ASK { GRAPH pkg:background { ?c rdfs:label ?l } }"), Answer::Boolean(false));
        // The default graph alone, as SPARQL takes it: the one triple in no named graph.
        let unnamed = s.with_default_dataset(DefaultDataset::Unnamed);
        assert_eq!(count(&unnamed, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"), "1");
    }

    #[test]
    fn from_and_from_named_replace_the_dataset() {
        let s = source();
        // pkg:background holds 2 triples; with pkg:document (2 triples, one shared) the merge has 3.
        assert_eq!(count(&s, "SELECT (COUNT(*) AS ?n) FROM pkg:background WHERE { ?s ?p ?o }"), "2");
        let both = "SELECT (COUNT(*) AS ?n) FROM pkg:background FROM pkg:document WHERE { ?s ?p ?o }";
        assert_eq!(count(&s, both), "3");
        // FROM NAMED alone: an empty default graph, and GRAPH sees only the graph named.
        assert_eq!(ask(&s, "ASK FROM NAMED pkg:document { ?s ?p ?o }"), Answer::Boolean(false));
        let named = "SELECT (COUNT(*) AS ?n) FROM NAMED pkg:document WHERE { GRAPH ?g { ?s ?p ?o } }";
        assert_eq!(count(&s, named), "2");
    }

    #[test]
    fn policykg_s_own_selects_may_see_a_shared_triple_once_per_graph() {
        // Ganzhou partOf Jiangxi is in three graphs: the merge holds it once, Oxigraph's union three
        // times; `select` allows that, since its callers collect rows into sets.
        let s = source();
        assert_eq!(count(&s, "SELECT (COUNT(*) AS ?n) WHERE { pkr:Ganzhou pk:partOf ?c }"), "1");
        assert_eq!(select(&s, "SELECT ?c WHERE { pkr:Ganzhou pk:partOf ?c }", &["c"]).unwrap().len(), 3);
    }

    #[test]
    fn construct_gives_each_triple_once_in_order() {
        let Answer::Graph(triples) =
            ask(&source(), "CONSTRUCT { ?c pk:hasPart ?r } WHERE { { ?r pk:partOf ?c } UNION { ?r pk:partOf ?c } }")
        else {
            panic!("a CONSTRUCT gives triples")
        };
        let lines: Vec<String> = triples.iter().map(|t| t.to_string()).collect();
        assert_eq!(
            lines,
            [
                "<https://w3id.org/policykg/resource/Ganzhou> <https://w3id.org/policykg/ontology#hasPart> <https://w3id.org/policykg/resource/Nankang>",
                "<https://w3id.org/policykg/resource/Jiangxi> <https://w3id.org/policykg/ontology#hasPart> <https://w3id.org/policykg/resource/Ganzhou>",
            ]
        );
    }

    #[test]
    fn rows_are_written_in_the_w3c_formats_as_they_come() {
        let s = source();
        let Results::Solutions { variables, rows } = s.run("SELECT ?l WHERE { ?c rdfs:label ?l }").unwrap() else {
            panic!("a SELECT gives rows")
        };
        let (csv, n) = write_solutions(variables, rows, QueryResultsFormat::Csv, Vec::new()).unwrap();
        assert_eq!((String::from_utf8(csv).unwrap().as_str(), n), ("l\r\n赣州\r\n", 1));
        let json = write_boolean(true, QueryResultsFormat::Json, Vec::new()).unwrap();
        assert_eq!(String::from_utf8(json).unwrap(), r#"{"head":{},"boolean":true}"#);
    }

    #[test]
    fn a_cancelled_query_stops() {
        let query = Query::parse("SELECT * WHERE { ?s ?p ?o }", None).unwrap();
        query.cancellation_token().cancel();
        let result = source().execute(&query).and_then(Results::collect);
        assert!(matches!(result, Err(Error::Cancelled)), "{:?}", result.err());
    }

    #[test]
    fn relative_iris_resolve_against_the_base_and_a_bom_is_skipped() {
        let s = source();
        let query = Query::parse("\u{feff}ASK { <Ganzhou> pk:partOf <Jiangxi> }", Some(pkr("").as_str())).unwrap();
        assert_eq!(s.execute(&query).unwrap().collect().unwrap(), Answer::Boolean(true));
        assert!(matches!(Query::parse("ASK { <Ganzhou> ?p ?o }", None), Err(Error::NoBase)));
        assert!(matches!(Query::parse("INSERT DATA { pkr:a pk:partOf pkr:b }", None), Err(Error::Update)));
    }

    #[test]
    fn a_syntax_error_is_one_line_with_its_location() {
        let Err(Error::Syntax(e)) = Query::parse("SELECT ?x WHERE { ?x a pk:Region", None) else {
            panic!("the query is cut short")
        };
        assert_eq!(e.to_string(), format!("SPARQL syntax error at line 1, column 33: {}", e.message()));
        assert!(e.message().starts_with("unexpected end of query"));
    }
}
