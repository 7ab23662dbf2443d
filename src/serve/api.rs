//! The explorer's JSON API: the analysis the command line runs, answered as JSON with sorted arrays
//! and `BTreeMap` objects, so an answer is the same byte for byte on every run. Shapes are in the
//! README ("JSON API"). Errors are `{"error": "one line"}` with 400 (a missing parameter, an
//! ambiguous name) or 404 (an unknown name); the timeout is 503 with one line of text, as for SPARQL.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use petgraph::Direction;
use serde::{Deserialize, Serialize};

use super::{Service, blocking, text};
use crate::analysis::connect::{Named, add_label, named};
use crate::analysis::graph::{Justification, NodeKind};
use crate::analysis::paths::{Neighbourhood, neighbours};
use crate::analysis::{self, connect_names};
use crate::diagram::{self, Image, Lang, Options};
use crate::rdf::vocab::{document_id, shorten};
use crate::sparql::{self, value};
use crate::text::Script;

/// At most this many search results.
const SEARCH_LIMIT: usize = 20;

pub fn routes() -> Router<Arc<Service>> {
    Router::new()
        .route("/api/search", get(search))
        .route("/api/connect", get(connect))
        .route("/api/entity", get(entity))
        .route("/api/measure", get(measure))
        .route("/api/article", get(article))
        .route("/api/documents", get(documents))
        .route("/api/diagram/bridge.svg", get(bridge_svg))
        .route("/api/diagram/entity.svg", get(entity_svg))
}

/// The query string of every API route; each route reads the fields it needs.
#[derive(Debug, Default, Deserialize)]
pub struct Params {
    q: Option<String>,
    a: Option<String>,
    b: Option<String>,
    id: Option<String>,
    script: Option<String>,
    lang: Option<String>,
    doc: Option<String>,
}

/// An API failure: a status and one line.
struct Failure(StatusCode, String);

impl From<analysis::Error> for Failure {
    fn from(e: analysis::Error) -> Self {
        let status = match e {
            analysis::Error::Unknown { .. } => StatusCode::NOT_FOUND,
            analysis::Error::Ambiguous { .. } | analysis::Error::SameEntity { .. } => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Failure(status, e.to_string())
    }
}

impl From<sparql::Error> for Failure {
    fn from(e: sparql::Error) -> Self {
        Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
    }
}

impl From<diagram::Error> for Failure {
    fn from(e: diagram::Error) -> Self {
        match e {
            diagram::Error::Analysis(a) => a.into(),
            diagram::Error::GraphvizMissing { .. } => Failure(StatusCode::SERVICE_UNAVAILABLE, e.to_string()),
            e => Failure(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    }
}

fn required<'a>(value: &'a Option<String>, name: &str) -> Result<&'a str, Failure> {
    value
        .as_deref()
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| Failure(StatusCode::BAD_REQUEST, format!("the parameter `{name}` is missing")))
}

/// Runs `work` on the blocking pool and answers its value as JSON.
async fn json<T: Serialize + Send + 'static>(
    service: Arc<Service>,
    work: impl FnOnce(&Service) -> Result<T, Failure> + Send + 'static,
) -> Response {
    let worker = Arc::clone(&service);
    match blocking(&service, move || work(&worker), || {}).await {
        Err(response) => response,
        Ok(Ok(value)) => Json(value).into_response(),
        Ok(Err(Failure(status, message))) => (status, Json(BTreeMap::from([("error", message)]))).into_response(),
    }
}

/// A node as the API lists it.
#[derive(Debug, Serialize)]
pub struct Item {
    pub iri: String,
    /// The prefixed name, e.g. `pkr:Ganzhou`.
    pub id: String,
    /// `entity`, `measure` or `pillar`.
    pub kind: NodeKind,
    /// The most specific pk: class, e.g. `Region`.
    pub class: String,
    /// `zh-Hans`, `zh-Hant` and `en` labels.
    pub label: BTreeMap<String, String>,
}

fn item(service: &Service, iri: &str) -> Option<Item> {
    let p = &service.analyzer.projection;
    let n = p.node(iri)?;
    let node = &p.graph[n];
    Some(Item {
        iri: iri.to_string(),
        id: shorten(iri),
        kind: node.kind,
        class: node.class.clone(),
        label: named(p, n).label,
    })
}

fn named_iri(service: &Service, iri: &str) -> Named {
    let p = &service.analyzer.projection;
    match p.node(iri) {
        Some(n) => named(p, n),
        None => Named { iri: iri.to_string(), label: BTreeMap::new() },
    }
}

/// `GET /api/search?q=…`: `{"query": q, "results": [Item]}`, names starting with `q` first.
async fn search(State(service): State<Arc<Service>>, Query(params): Query<Params>) -> Response {
    json(service, move |s| {
        let q = params.q.unwrap_or_default();
        let results: Vec<Item> =
            s.analyzer.resolver.search(&q, SEARCH_LIMIT).iter().filter_map(|iri| item(s, iri)).collect();
        Ok(serde_json::json!({ "query": q, "results": results }))
    })
    .await
}

/// `GET /api/connect?a=…&b=…`: the JSON of `policykg connect A B --format json`.
async fn connect(State(service): State<Arc<Service>>, Query(params): Query<Params>) -> Response {
    json(service, move |s| {
        let (a, b) = (required(&params.a, "a")?, required(&params.b, "b")?);
        Ok(connect_names(s.source(), a, b)?.0)
    })
    .await
}

/// A background fact about an entity, with its source.
#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct Fact {
    subject: String,
    predicate: String,
    object: String,
    source: String,
}

/// An entity's page.
#[derive(Debug, Serialize)]
struct EntityPage {
    entity: Item,
    /// `rdfs:comment`s, sorted.
    comment: Vec<String>,
    /// `skos:exactMatch` IRIs (Wikidata), sorted.
    same_as: Vec<String>,
    /// Background facts with the entity as subject or object, sorted.
    background: Vec<Fact>,
    /// The IRIs the facts name, with their labels.
    names: BTreeMap<String, Named>,
    /// Everything one step away, grouped by relation.
    neighbours: Neighbourhood,
}

fn strings(s: &Service, query: &str) -> Result<Vec<String>, Failure> {
    let mut values: Vec<String> = sparql::select(s.source(), query, &["v"])?.iter().map(|r| value(&r[0])).collect();
    values.sort();
    values.dedup();
    Ok(values)
}

/// `GET /api/entity?id=…` (any name the CLI takes).
async fn entity(State(service): State<Arc<Service>>, Query(params): Query<Params>) -> Response {
    json(service, move |s| {
        let iri = s.analyzer.resolver.resolve(required(&params.id, "id")?)?;
        let node = s.analyzer.node(&iri)?;
        let entity = item(s, &iri).ok_or_else(|| Failure(StatusCode::NOT_FOUND, format!("no node <{iri}>")))?;
        let comment = strings(s, &format!("SELECT ?v WHERE {{ <{iri}> rdfs:comment ?v }}"))?;
        let same_as = strings(s, &format!("SELECT ?v WHERE {{ <{iri}> skos:exactMatch ?v }}"))?;
        let facts = sparql::select(
            s.source(),
            &format!(
                "SELECT ?s ?p ?o ?src WHERE {{ GRAPH pkg:background {{ ?st a rdf:Statement ; rdf:subject ?s ; \
                 rdf:predicate ?p ; rdf:object ?o ; pk:source ?src }} FILTER(?s = <{iri}> || ?o = <{iri}>) }}"
            ),
            &["s", "p", "o", "src"],
        )?;
        let mut background: Vec<Fact> = facts
            .iter()
            .map(|r| Fact {
                subject: value(&r[0]),
                predicate: shorten(&value(&r[1])),
                object: value(&r[2]),
                source: value(&r[3]),
            })
            .collect();
        background.sort();
        background.dedup();
        let names =
            background.iter().flat_map(|f| [&f.subject, &f.object]).map(|i| (i.clone(), named_iri(s, i))).collect();
        let neighbours = neighbours(&s.analyzer.projection, node, 1);
        Ok(EntityPage { entity, comment, same_as, background, names, neighbours })
    })
    .await
}

/// Where a measure stands in the clean text.
#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord, Clone)]
struct Span {
    /// Code-point offsets into the clean text (either script: one character for one character).
    start: usize,
    end: usize,
    /// The quoted words, in Simplified script.
    quote: String,
}

/// A measure's role for an entity.
#[derive(Debug, Serialize)]
struct Role {
    role: String,
    entity: Named,
    why: Justification,
}

/// A measure's page.
#[derive(Debug, Serialize)]
struct MeasurePage {
    measure: Item,
    order: Option<usize>,
    pillar: Option<Named>,
    /// Sorted by role, then entity IRI.
    roles: Vec<Role>,
    /// Sorted by offset.
    evidence: Vec<Span>,
}

fn spans(s: &Service, measure: &str) -> Result<Vec<Span>, Failure> {
    let rows = sparql::select(
        s.source(),
        &format!(
            "SELECT ?exact ?start ?end WHERE {{ <{measure}> pk:evidence ?a . ?a oa:hasTarget/oa:hasSelector ?q , ?pos . \
             ?q oa:exact ?exact . ?pos oa:start ?start ; oa:end ?end }}"
        ),
        &["exact", "start", "end"],
    )?;
    let mut spans: Vec<Span> = rows
        .iter()
        .map(|r| Span {
            start: value(&r[1]).parse().unwrap_or(0),
            end: value(&r[2]).parse().unwrap_or(0),
            quote: value(&r[0]),
        })
        .collect();
    spans.sort();
    spans.dedup();
    Ok(spans)
}

/// `GET /api/measure?id=…` (`M01` when one document has it, `pkr:doc/{document}/M01` or the IRI).
async fn measure(State(service): State<Arc<Service>>, Query(params): Query<Params>) -> Response {
    json(service, move |s| {
        let iri = s.analyzer.resolver.resolve(required(&params.id, "id")?)?;
        let p = &s.analyzer.projection;
        let node = s.analyzer.node(&iri)?;
        if p.graph[node].kind != NodeKind::Measure {
            return Err(Failure(StatusCode::NOT_FOUND, format!("{} is not a measure", shorten(&iri))));
        }
        let measure = item(s, &iri).ok_or_else(|| Failure(StatusCode::NOT_FOUND, format!("no node <{iri}>")))?;
        let mut roles = Vec::new();
        let mut pillar = None;
        for (_, other, edge) in p.edges_of(node, Direction::Outgoing) {
            if edge.relation.is_role() {
                roles.push(Role {
                    role: edge.relation.local().to_string(),
                    entity: named(p, other),
                    why: edge.why.clone(),
                });
            } else if p.graph[other].kind == NodeKind::Pillar {
                pillar = Some(named(p, other));
            }
        }
        roles.sort_by(|x, y| (&x.role, &x.entity.iri).cmp(&(&y.role, &y.entity.iri)));
        let order =
            strings(s, &format!("SELECT ?v WHERE {{ <{iri}> pk:order ?v }}"))?.first().and_then(|o| o.parse().ok());
        Ok(MeasurePage { measure, order, pillar, roles, evidence: spans(s, &iri)? })
    })
    .await
}

/// A measure clause in the article.
#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct Marked {
    start: usize,
    end: usize,
    /// The measure's prefixed name, e.g. `pkr:doc/ganzhou-measures-2020/M01`.
    measure: String,
    /// The pillar's prefixed name; empty for a measure in no pillar (the lead paragraph's).
    pillar: String,
}

/// A document of the data: its IRI, its id (`ganzhou-measures-2020`, the segment of its namespace)
/// and its labels.
#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct Document {
    id: String,
    iri: String,
    label: BTreeMap<String, String>,
    /// How many measures it states.
    measures: usize,
}

/// Every `pk:PolicyDocument` of the data, by id: two queries, however many documents there are.
fn all_documents(s: &Service) -> Result<Vec<Document>, Failure> {
    let mut documents: BTreeMap<String, Document> = BTreeMap::new();
    let counts = sparql::select(
        s.source(),
        "SELECT ?d (COUNT(DISTINCT ?m) AS ?n) WHERE { ?d a pk:PolicyDocument . OPTIONAL { ?d pk:hasMeasure ?m } } GROUP BY ?d",
        &["d", "n"],
    )?;
    for row in counts {
        let iri = value(&row[0]);
        let id = document_id(&iri).map_or_else(|| shorten(&iri), str::to_string);
        let measures = value(&row[1]).parse().unwrap_or(0);
        documents.insert(iri.clone(), Document { id, iri, label: BTreeMap::new(), measures });
    }
    let labels = "SELECT ?d ?l WHERE { ?d a pk:PolicyDocument ; rdfs:label ?l }";
    for row in sparql::select(s.source(), labels, &["d", "l"])? {
        if let Some(d) = documents.get_mut(&value(&row[0])) {
            add_label(&mut d.label, row[1].as_ref());
        }
    }
    let mut out: Vec<Document> = documents.into_values().collect();
    out.sort();
    Ok(out)
}

/// The document `doc` names (its id or IRI), or the data's only document.
fn choose_document(s: &Service, doc: Option<&str>) -> Result<Document, Failure> {
    let mut all = all_documents(s)?;
    let ids = |all: &[Document]| all.iter().map(|d| d.id.clone()).collect::<Vec<_>>().join(", ");
    match doc.filter(|d| !d.trim().is_empty()) {
        Some(wanted) => match all.iter().position(|d| d.id == wanted || d.iri == wanted) {
            Some(i) => Ok(all.swap_remove(i)),
            None => Err(Failure(StatusCode::NOT_FOUND, format!("no document '{wanted}'; the data has: {}", ids(&all)))),
        },
        None if all.len() == 1 => Ok(all.remove(0)),
        None if all.is_empty() => Err(Failure(StatusCode::NOT_FOUND, "the data holds no document".to_string())),
        None => Err(Failure(
            StatusCode::BAD_REQUEST,
            format!("the data holds {} documents ({}): choose one with doc=ID", all.len(), ids(&all)),
        )),
    }
}

/// `GET /api/documents`: `[Document]`, every document of the data with its id, labels and how many
/// measures it states, sorted by id.
async fn documents(State(service): State<Arc<Service>>) -> Response {
    json(service, all_documents).await
}

/// `GET /api/article?script=hans|hant&doc=ID`: `{"script", "document", "text", "measures": [Marked]}`,
/// a document's clean text and the evidence of each of its measures, sorted by offset. Offsets count
/// Unicode code points. `doc` (an id or IRI) may be left out when the data holds one document. The
/// text is the one the document stores (`rdf:value` of its `CleanText`, as `extract` writes it; in
/// Simplified only), else the built-in article's, in both scripts.
async fn article(State(service): State<Arc<Service>>, Query(params): Query<Params>) -> Response {
    json(service, move |s| {
        let script = match params.script.as_deref().unwrap_or("hans") {
            "hans" | "zh-Hans" => Script::Hans,
            "hant" | "zh-Hant" => Script::Hant,
            other => {
                return Err(Failure(StatusCode::BAD_REQUEST, format!("script '{other}': use hans or hant")));
            }
        };
        let document = choose_document(s, params.doc.as_deref())?;
        // A document's resources share its namespace: `…/doc/{id}/Document`, `…/doc/{id}/CleanText`.
        let namespace = document.iri.strip_suffix("Document").unwrap_or(&document.iri);
        let stored = strings(s, &format!("SELECT ?v WHERE {{ <{namespace}CleanText> rdf:value ?v }}"))?;
        let builtin = crate::builtin::metadata().id;
        let text = match (stored.first(), script) {
            (Some(text), Script::Hans) => text.clone(),
            (Some(_), Script::Hant) => {
                return Err(Failure(
                    StatusCode::NOT_FOUND,
                    format!("{} stores its text in Simplified only: use script=hans", document.id),
                ));
            }
            (None, _) if document.id == builtin => s.source().clean_text().text(script),
            (None, _) => {
                return Err(Failure(StatusCode::NOT_FOUND, format!("{} stores no text", document.id)));
            }
        };
        let rows = sparql::select(
            s.source(),
            &format!(
                "SELECT ?m ?pillar ?start ?end WHERE {{ <{}> pk:hasMeasure ?m . ?m a pk:Measure ; pk:evidence ?a . \
                 OPTIONAL {{ ?m pk:inPillar ?pillar }} ?a oa:hasTarget/oa:hasSelector ?pos . ?pos oa:start ?start ; oa:end ?end }}",
                document.iri
            ),
            &["m", "pillar", "start", "end"],
        )?;
        let mut measures: Vec<Marked> = rows
            .iter()
            .map(|r| Marked {
                start: value(&r[2]).parse().unwrap_or(0),
                end: value(&r[3]).parse().unwrap_or(0),
                measure: shorten(&value(&r[0])),
                pillar: shorten(&value(&r[1])),
            })
            .collect();
        measures.sort();
        measures.dedup();
        let name = if script == Script::Hans { "hans" } else { "hant" };
        Ok(serde_json::json!({ "script": name, "document": document, "text": text, "measures": measures }))
    })
    .await
}

fn options(params: &Params) -> Options {
    Options { lang: params.lang.as_deref().and_then(Lang::from_tag).unwrap_or_default(), ..Options::default() }
}

/// Runs Graphviz on the blocking pool and answers SVG, or the failure as text (503 without `dot`).
async fn svg(
    service: Arc<Service>,
    draw: impl FnOnce(&Service) -> Result<String, Failure> + Send + 'static,
) -> Response {
    let Some(program) = service.config.dot.clone() else {
        return text(StatusCode::SERVICE_UNAVAILABLE, "this server draws no SVG (Graphviz's dot is not installed)");
    };
    let worker = Arc::clone(&service);
    let result = blocking(
        &service,
        move || draw(&worker).and_then(|dot| Ok(diagram::render(&dot, Image::Svg, &program)?)),
        || {},
    )
    .await;
    match result {
        Err(response) => response,
        Ok(Ok(svg)) => ([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response(),
        Ok(Err(Failure(status, message))) => text(status, message),
    }
}

/// `GET /api/diagram/bridge.svg?a=…&b=…&lang=…`: the drawing of `policykg diagram bridge A B`.
async fn bridge_svg(State(service): State<Arc<Service>>, Query(params): Query<Params>) -> Response {
    svg(service, move |s| {
        let (a, b) = (required(&params.a, "a")?, required(&params.b, "b")?);
        let (connection, projection) = connect_names(s.source(), a, b)?;
        Ok(diagram::bridge(&connection, &projection.classes(), &options(&params)).to_dot())
    })
    .await
}

/// `GET /api/diagram/entity.svg?id=…&lang=…`: the drawing of `policykg diagram entity NAME`.
async fn entity_svg(State(service): State<Arc<Service>>, Query(params): Query<Params>) -> Response {
    svg(service, move |s| {
        let iri = s.analyzer.resolver.resolve(required(&params.id, "id")?)?;
        Ok(diagram::entity(s.source(), &s.analyzer.projection, &iri, 1, &options(&params))?.to_dot())
    })
    .await
}
