//! The SPARQL 1.1 Protocol (W3C Recommendation, 21 March 2013), read-only, and the read side of
//! the SPARQL 1.1 Graph Store HTTP Protocol.
//!
//! Status codes: 200 with the answer; 400 for a query that does not parse (the message and the
//! offending line with a caret, as text) or a malformed request; 404 for an unknown graph; 405 for
//! an update (`update=`, `application/sparql-update`, or an update in `query=`); 406 when the
//! `Accept` header allows none of the formats the answer can take; 413 when the answer has more
//! rows or triples than `--max-rows`; 415 for a POST body that is neither
//! `application/sparql-query` nor `application/x-www-form-urlencoded`; 503 when `--timeout` runs
//! out; 500 when the evaluation fails. Every error body is one line of text (a syntax error adds
//! its snippet).

use std::cell::Cell;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad};
use oxigraph::sparql::results::QueryResultsFormat;

use super::{Service, blocking, negotiate, text};
use crate::rdf;
use crate::sparql::{self, Form, Query, QuerySource, Results};

/// What an answer is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Results(QueryResultsFormat),
    Rdf(RdfFormat),
}

/// The formats of SELECT and ASK answers, preferred first; `application/json` and `application/xml`
/// are taken as the SPARQL results formats, as most clients mean them.
const RESULT_FORMATS: [(&str, Format); 7] = [
    ("application/sparql-results+json", Format::Results(QueryResultsFormat::Json)),
    ("application/sparql-results+xml", Format::Results(QueryResultsFormat::Xml)),
    ("text/csv", Format::Results(QueryResultsFormat::Csv)),
    ("text/tab-separated-values", Format::Results(QueryResultsFormat::Tsv)),
    ("application/json", Format::Results(QueryResultsFormat::Json)),
    ("application/xml", Format::Results(QueryResultsFormat::Xml)),
    ("text/xml", Format::Results(QueryResultsFormat::Xml)),
];

/// The formats of CONSTRUCT and DESCRIBE answers and of graphs, preferred first.
const GRAPH_FORMATS: [(&str, Format); 8] = [
    ("text/turtle", Format::Rdf(RdfFormat::Turtle)),
    ("application/n-triples", Format::Rdf(RdfFormat::NTriples)),
    ("application/n-quads", Format::Rdf(RdfFormat::NQuads)),
    ("application/trig", Format::Rdf(RdfFormat::TriG)),
    ("application/ld+json", Format::Rdf(RdfFormat::JsonLd { profile: oxigraph::io::JsonLdProfileSet::empty() })),
    ("application/rdf+xml", Format::Rdf(RdfFormat::RdfXml)),
    ("text/plain", Format::Rdf(RdfFormat::NTriples)),
    ("application/xml", Format::Rdf(RdfFormat::RdfXml)),
];

impl Format {
    fn media_type(self) -> &'static str {
        match self {
            Format::Results(QueryResultsFormat::Csv) => "text/csv; charset=utf-8",
            Format::Results(QueryResultsFormat::Tsv) => "text/tab-separated-values; charset=utf-8",
            Format::Results(f) => f.media_type(),
            Format::Rdf(f) => f.media_type(),
        }
    }
}

/// Picks a format for `offers` from the request's `Accept`, or answers 406 naming the offers.
fn negotiate(headers: &HeaderMap, offers: &[(&str, Format)]) -> Result<Format, Box<Response>> {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    negotiate::choose(accept, offers).ok_or_else(|| Box::new(not_acceptable(offers)))
}

fn not_acceptable(offers: &[(&str, Format)]) -> Response {
    let mut names: Vec<&str> = offers.iter().map(|(m, _)| *m).collect();
    names.dedup();
    text(
        StatusCode::NOT_ACCEPTABLE,
        format!("none of the formats in Accept can hold this answer; ask for one of: {}", names.join(", ")),
    )
}

/// The protocol's parameters, from the URL or a form body.
#[derive(Debug, Default)]
struct Request {
    query: Option<String>,
    default_graphs: Vec<String>,
    named_graphs: Vec<String>,
}

fn read_only() -> Response {
    let mut response = text(
        StatusCode::METHOD_NOT_ALLOWED,
        "policykg serve is read-only: SPARQL Update is not accepted; to write a server, use `policykg push`",
    );
    response.headers_mut().insert(header::ALLOW, header::HeaderValue::from_static("GET, POST"));
    response
}

impl Request {
    /// Adds `application/x-www-form-urlencoded` pairs; refuses updates and a repeated `query`.
    fn add(&mut self, pairs: &[u8]) -> Result<(), Box<Response>> {
        for (name, value) in url::form_urlencoded::parse(pairs) {
            match name.as_ref() {
                "query" if self.query.is_some() => {
                    return Err(Box::new(text(
                        StatusCode::BAD_REQUEST,
                        "the request gives `query` more than once; give one query",
                    )));
                }
                "query" => self.query = Some(value.into_owned()),
                "update" | "using-graph-uri" | "using-named-graph-uri" => return Err(Box::new(read_only())),
                "default-graph-uri" => self.default_graphs.push(value.into_owned()),
                "named-graph-uri" => self.named_graphs.push(value.into_owned()),
                _ => {}
            }
        }
        Ok(())
    }
}

/// `GET /sparql?query=…`, or the service description without a query.
pub async fn get(State(service): State<Arc<Service>>, headers: HeaderMap, RawQuery(params): RawQuery) -> Response {
    let mut request = Request::default();
    if let Err(response) = request.add(params.unwrap_or_default().as_bytes()) {
        return *response;
    }
    answer(service, &headers, request).await
}

/// `POST /sparql` with `application/sparql-query` or `application/x-www-form-urlencoded`.
pub async fn post(
    State(service): State<Arc<Service>>,
    headers: HeaderMap,
    RawQuery(params): RawQuery,
    body: Bytes,
) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .unwrap_or_default();
    let mut request = Request::default();
    if let Err(response) = request.add(params.unwrap_or_default().as_bytes()) {
        return *response;
    }
    match content_type.as_str() {
        "application/sparql-query" => {
            if request.query.is_some() {
                return text(StatusCode::BAD_REQUEST, "the query is both in the URL and in the body; give it once");
            }
            match String::from_utf8(body.to_vec()) {
                Ok(q) => request.query = Some(q),
                Err(_) => return text(StatusCode::BAD_REQUEST, "the query is not UTF-8 text"),
            }
        }
        "application/x-www-form-urlencoded" => {
            if let Err(response) = request.add(&body) {
                return *response;
            }
        }
        "application/sparql-update" => return read_only(),
        other => {
            return text(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "a POST body of type '{}' is not understood; send application/sparql-query or application/x-www-form-urlencoded",
                    if other.is_empty() { "(none)" } else { other }
                ),
            );
        }
    }
    if request.query.is_none() {
        return text(StatusCode::BAD_REQUEST, "the POST has no query: give it as `query=` or as the body");
    }
    answer(service, &headers, request).await
}

/// IRIs given as graph names, or 400 naming the one that is not an absolute IRI.
fn iris(names: &[String], parameter: &str) -> Result<Vec<NamedNode>, Box<Response>> {
    names
        .iter()
        .map(|n| {
            NamedNode::new(n.as_str()).map_err(|_| {
                Box::new(text(StatusCode::BAD_REQUEST, format!("{parameter} '{n}' is not an absolute IRI")))
            })
        })
        .collect()
}

async fn answer(service: Arc<Service>, headers: &HeaderMap, request: Request) -> Response {
    let Some(text_of_query) = request.query else {
        return service_description(&service, headers);
    };
    let mut query = match Query::parse(&text_of_query, service.config.base.as_deref()) {
        Ok(q) => q,
        Err(e) => return refusal(e),
    };
    let (default, named) =
        match (iris(&request.default_graphs, "default-graph-uri"), iris(&request.named_graphs, "named-graph-uri")) {
            (Ok(d), Ok(n)) => (d, n),
            (Err(r), _) | (_, Err(r)) => return *r,
        };
    if !default.is_empty() || !named.is_empty() {
        if service.source().is_remote() {
            return text(
                StatusCode::BAD_REQUEST,
                "default-graph-uri and named-graph-uri are not passed on to the remote endpoint this server reads; use FROM and FROM NAMED",
            );
        }
        query = query.with_dataset(default, named);
    }
    let offers: &[(&str, Format)] = match query.form() {
        Form::Select | Form::Ask => &RESULT_FORMATS,
        Form::Construct | Form::Describe => &GRAPH_FORMATS,
    };
    let format = match negotiate(headers, offers) {
        Ok(f) => f,
        Err(response) => return *response,
    };
    run(service, query, format).await
}

/// Evaluates `query` on the blocking pool, under the timeout and the row cap.
async fn run(service: Arc<Service>, query: Query, format: Format) -> Response {
    let cancel = query.cancellation_token();
    let worker = Arc::clone(&service);
    let result = blocking(
        &service,
        move || evaluate(worker.source(), &query, format, worker.config.max_rows),
        move || cancel.cancel(),
    )
    .await;
    match result {
        Err(response) => response,
        Ok(Ok(body)) => ([(header::CONTENT_TYPE, format.media_type())], body).into_response(),
        Ok(Err(Failure::TooLarge)) => text(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the answer has more than {} rows or triples (--max-rows); add a LIMIT or narrow the query",
                service.config.max_rows
            ),
        ),
        Ok(Err(Failure::Sparql(e))) => refusal(e),
    }
}

/// Why an evaluation gave no answer.
enum Failure {
    TooLarge,
    Sparql(sparql::Error),
}

impl From<sparql::Error> for Failure {
    fn from(e: sparql::Error) -> Self {
        Failure::Sparql(e)
    }
}

/// The whole answer, written in `format`: rows as they come, triples sorted as `policykg query`
/// writes them. More than `max` rows or triples is [`Failure::TooLarge`].
fn evaluate(source: &dyn QuerySource, query: &Query, format: Format, max: usize) -> Result<Vec<u8>, Failure> {
    // Oxigraph checks the token when it reads the store; between rows, the writer checks it too, so
    // that an answer computed without reading (a cross product) also stops.
    let cancel = query.cancellation_token();
    let alive = || if cancel.is_cancelled() { Err(sparql::Error::Cancelled) } else { Ok(()) };
    match (source.execute(query)?, format) {
        (Results::Boolean(b), Format::Results(f)) => Ok(sparql::write_boolean(b, f, Vec::new())?),
        (Results::Solutions { variables, rows }, Format::Results(f)) => {
            let over = Cell::new(false);
            let mut seen = 0usize;
            let capped = rows
                .take_while(|_| {
                    seen += 1;
                    over.set(seen > max);
                    seen <= max
                })
                .map(|row| alive().and(row));
            let (body, _) = sparql::write_solutions(variables, capped, f, Vec::new())?;
            if over.get() { Err(Failure::TooLarge) } else { Ok(body) }
        }
        (Results::Graph(triples), Format::Rdf(f)) => {
            let mut quads = Vec::new();
            for triple in triples {
                if quads.len() == max {
                    return Err(Failure::TooLarge);
                }
                alive()?;
                quads.push(triple?.in_graph(GraphName::DefaultGraph));
            }
            let mut body = Vec::new();
            rdf::write_quads(&rdf::stable_order(quads), f, &mut body).map_err(sparql::Error::Io)?;
            Ok(body)
        }
        _ => Err(Failure::Sparql(sparql::Error::Kind("the answer does not fit the negotiated format".to_string()))),
    }
}

/// The answer to a query that cannot run, or whose evaluation failed.
fn refusal(e: sparql::Error) -> Response {
    match e {
        sparql::Error::Syntax(s) => {
            let snippet = s.snippet();
            let body = if snippet.is_empty() { s.to_string() } else { format!("{s}\n{snippet}") };
            text(StatusCode::BAD_REQUEST, body)
        }
        sparql::Error::Update => read_only(),
        e @ (sparql::Error::TooDeep { .. } | sparql::Error::Base(_) | sparql::Error::NoBase) => {
            text(StatusCode::BAD_REQUEST, e.to_string())
        }
        sparql::Error::Cancelled => text(StatusCode::SERVICE_UNAVAILABLE, "the query was cancelled (--timeout)"),
        sparql::Error::Remote(m) => text(StatusCode::BAD_GATEWAY, m),
        e => text(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// The SPARQL 1.1 Service Description of this endpoint, in Turtle or another RDF format the
/// request accepts.
fn service_description(service: &Service, headers: &HeaderMap) -> Response {
    let format = match negotiate(headers, &GRAPH_FORMATS) {
        Ok(Format::Rdf(f)) => f,
        Ok(_) => RdfFormat::Turtle,
        Err(response) => return *response,
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1:7878");
    let endpoint = format!("http://{host}/sparql");
    let named: Vec<String> = service
        .named_graphs
        .iter()
        .filter_map(|g| match g {
            NamedOrBlankNode::NamedNode(n) => {
                Some(format!("    sd:namedGraph [ a sd:NamedGraph ; sd:name <{}> ]", n.as_str()))
            }
            _ => None,
        })
        .collect();
    let formats = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV"]
        .iter()
        .chain(&["Turtle", "N-Triples", "N-Quads", "TriG", "JSON-LD", "RDF_XML"])
        .map(|f| format!("<http://www.w3.org/ns/formats/{f}>"))
        .collect::<Vec<_>>()
        .join(", ");
    // SERVICE is not evaluated (Oxigraph is built without its HTTP client): no sd:BasicFederatedQuery.
    let features = if service.config.union_default_graph { "  sd:feature sd:UnionDefaultGraph ;\n" } else { "" };
    let turtle = format!(
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n\
         <{endpoint}> a sd:Service ;\n  sd:endpoint <{endpoint}> ;\n  sd:supportedLanguage sd:SPARQL11Query ;\n{features}  \
         sd:resultFormat {formats} ;\n  \
         sd:defaultDataset [ a sd:Dataset ;\n    sd:defaultGraph [ a sd:Graph ]{}{} ] .\n",
        if named.is_empty() { "" } else { " ;\n" },
        named.join(" ;\n")
    );
    let quads: Result<Vec<Quad>, _> = RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle.as_bytes()).collect();
    let Ok(quads) = quads else {
        return text(StatusCode::INTERNAL_SERVER_ERROR, "the service description does not parse");
    };
    let mut body = Vec::new();
    if rdf::write_quads(&rdf::stable_order(quads), format, &mut body).is_err() {
        return text(StatusCode::INTERNAL_SERVER_ERROR, "the service description could not be written");
    }
    ([(header::CONTENT_TYPE, Format::Rdf(format).media_type())], body).into_response()
}

/// `GET /store?graph=IRI` (a named graph) or `GET /store?default` (the default graph, which is the
/// merge of every graph unless the server was started with `--default-graph`), as in the SPARQL
/// 1.1 Graph Store HTTP Protocol §5.2; writing methods are answered 405.
pub async fn graph_store(
    State(service): State<Arc<Service>>,
    headers: HeaderMap,
    RawQuery(params): RawQuery,
) -> Response {
    let params: Vec<(String, String)> =
        url::form_urlencoded::parse(params.unwrap_or_default().as_bytes()).into_owned().collect();
    let graph: Vec<&str> = params.iter().filter(|(n, _)| n == "graph").map(|(_, v)| v.as_str()).collect();
    let default = params.iter().any(|(n, _)| n == "default");
    let query = match (graph.as_slice(), default) {
        ([], true) => "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }".to_string(),
        ([iri], false) => {
            let Ok(node) = NamedNode::new(*iri) else {
                return text(StatusCode::BAD_REQUEST, format!("graph '{iri}' is not an absolute IRI"));
            };
            if !service.named_graphs.iter().any(|g| *g == NamedOrBlankNode::from(node.clone())) {
                return text(
                    StatusCode::NOT_FOUND,
                    format!("no graph <{iri}> here; GET /sparql lists the named graphs"),
                );
            }
            format!("CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
        }
        _ => return text(StatusCode::BAD_REQUEST, "name one graph: ?graph=IRI or ?default"),
    };
    let query = match Query::parse(&query, None) {
        Ok(q) => q,
        Err(e) => return refusal(e),
    };
    match negotiate(&headers, &GRAPH_FORMATS[..6]) {
        Ok(format) => run(service, query, format).await,
        Err(response) => *response,
    }
}
