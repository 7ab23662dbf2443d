//! `policykg serve`, driven in-process through its router (no socket): the SPARQL 1.1 Protocol's
//! status codes, every result format, content negotiation, the dataset parameters, the timeout
//! and row cap, the Graph Store GET, CORS, and the explorer's JSON API. Expected values come from
//! the SPARQL 1.1 Protocol and Results Recommendations, from the article (赣州 lies in 江西), or
//! from the same question asked through `policykg query`/`connect` — never from the server itself.

use std::collections::BTreeSet;
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use oxigraph::io::{RdfFormat, RdfParser};
use policykg::serve::{Config, Service, router};
use policykg::source::Source;

use crate::util::DOC_GRAPH;
use tower::ServiceExt;

use super::util::{CLEAN, policykg};

fn service(config: Config) -> Arc<Service> {
    Arc::new(Service::new(Source::builtin().unwrap(), config).unwrap())
}

/// The server over the built-in graph with the default configuration, built once.
static DEFAULT: LazyLock<Router> = LazyLock::new(|| router(service(Config::default())));

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    fn content_type(&self) -> &str {
        self.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap().block_on(f)
}

async fn send(router: &Router, request: Request<Body>) -> Answer {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer { status, headers, body: String::from_utf8(bytes.to_vec()).unwrap() }
}

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn get(path: &str, accept: Option<&str>) -> Request<Body> {
    let mut r = Request::get(path);
    if let Some(a) = accept {
        r = r.header(header::ACCEPT, a);
    }
    r.body(Body::empty()).unwrap()
}

fn query_get(query: &str, accept: Option<&str>) -> Request<Body> {
    get(&format!("/sparql?query={}", encode(query)), accept)
}

fn post(path: &str, content_type: Option<&str>, body: &str) -> Request<Body> {
    let mut r = Request::post(path);
    if let Some(c) = content_type {
        r = r.header(header::CONTENT_TYPE, c);
    }
    r.body(Body::from(body.to_string())).unwrap()
}

fn call(request: Request<Body>) -> Answer {
    block_on(send(&DEFAULT, request))
}

/// The one value of a one-row SPARQL JSON answer.
fn json_value(body: &str, var: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    v["results"]["bindings"][0][var]["value"].as_str().unwrap().to_string()
}

/// The rows `policykg query` prints as TSV, without the header, sorted.
fn cli_rows(query: &str) -> Vec<String> {
    let out = policykg().args(["query", query, "--format", "tsv"]).output().unwrap();
    let mut rows: Vec<String> = String::from_utf8(out.stdout).unwrap().lines().skip(1).map(str::to_string).collect();
    rows.sort();
    rows
}

const LABEL: &str = "SELECT ?l WHERE { pkr:Ganzhou rdfs:label ?l FILTER(langMatches(lang(?l), \"zh-Hans\")) }";

#[test]
fn get_and_both_posts_give_the_same_answer() {
    let ask = "ASK { pkr:Ganzhou pk:partOf+ pkr:Jiangxi }";
    let by_get = call(query_get(ask, None));
    let by_body = call(post("/sparql", Some("application/sparql-query"), ask));
    let by_form = call(post("/query", Some("application/x-www-form-urlencoded"), &format!("query={}", encode(ask))));
    for answer in [&by_get, &by_body, &by_form] {
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.content_type(), "application/sparql-results+json");
        // SPARQL 1.1 Query Results JSON §3.2.2: an ASK answer is {"head": {}, "boolean": …}.
        let v: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
        assert_eq!(v["boolean"], serde_json::Value::Bool(true), "赣州 lies in 江西");
    }
}

#[test]
fn every_result_format_holds_the_same_row() {
    let cases = [
        ("application/sparql-results+json", "application/sparql-results+json", "\"value\":\"赣州\""),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            "<literal xml:lang=\"zh-hans\">赣州</literal>",
        ),
        // SPARQL 1.1 CSV/TSV §2, §3: CSV gives the lexical form, TSV the term in Turtle syntax.
        ("text/csv", "text/csv; charset=utf-8", "l\r\n赣州\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8", "?l\n\"赣州\"@zh-hans\n"),
    ];
    for (accept, content_type, expected) in cases {
        let answer = call(query_get(LABEL, Some(accept)));
        assert_eq!(answer.status, StatusCode::OK, "{accept}");
        assert_eq!(answer.content_type(), content_type);
        assert!(answer.body.contains(expected), "{accept}: {}", answer.body);
    }
}

#[test]
fn quality_values_pick_the_format_and_nothing_acceptable_is_406() {
    let answer = call(query_get(LABEL, Some("text/csv;q=0.5, application/sparql-results+xml;q=0.9, */*;q=0.1")));
    assert_eq!(answer.content_type(), "application/sparql-results+xml");
    let answer = call(query_get(LABEL, Some("text/*;q=0.8, application/json;q=0.2")));
    assert_eq!(answer.content_type(), "text/csv; charset=utf-8");
    let answer = call(query_get(LABEL, Some("image/png")));
    assert_eq!(answer.status, StatusCode::NOT_ACCEPTABLE);
    assert_eq!(answer.body.lines().count(), 1, "{}", answer.body);
    // A graph cannot be written as SPARQL results.
    let construct = "CONSTRUCT WHERE { pkr:Ganzhou pk:partOf ?c }";
    assert_eq!(call(query_get(construct, Some("application/sparql-results+json"))).status, StatusCode::NOT_ACCEPTABLE);
}

#[test]
fn every_graph_format_holds_the_same_triples() {
    let construct = "CONSTRUCT { ?r pk:partOf ?c } WHERE { ?r pk:partOf ?c ; a pk:Region }";
    let select = call(query_get("SELECT DISTINCT ?r ?c WHERE { ?r pk:partOf ?c ; a pk:Region }", None));
    let v: serde_json::Value = serde_json::from_str(&select.body).unwrap();
    let expected: BTreeSet<String> = v["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            format!(
                "<{}> <https://w3id.org/policykg/ontology#partOf> <{}>",
                b["r"]["value"].as_str().unwrap(),
                b["c"]["value"].as_str().unwrap()
            )
        })
        .collect();
    assert!(expected.len() > 5, "the article names many regions within regions");
    let formats = [
        ("text/turtle", RdfFormat::Turtle),
        ("application/n-triples", RdfFormat::NTriples),
        ("application/n-quads", RdfFormat::NQuads),
        ("application/trig", RdfFormat::TriG),
        ("application/ld+json", RdfFormat::JsonLd { profile: oxigraph::io::JsonLdProfileSet::empty() }),
        ("application/rdf+xml", RdfFormat::RdfXml),
    ];
    for (accept, format) in formats {
        let answer = call(query_get(construct, Some(accept)));
        assert_eq!(answer.status, StatusCode::OK, "{accept}");
        assert_eq!(answer.content_type(), format.media_type());
        let got: BTreeSet<String> = RdfParser::from_format(format)
            .for_slice(answer.body.as_bytes())
            .map(|q| q.unwrap().to_string().trim_end_matches(" .").to_string())
            .collect();
        assert_eq!(got, expected, "{accept}");
    }
    // Without Accept, Turtle.
    assert_eq!(call(query_get(construct, None)).content_type(), "text/turtle");
}

#[test]
fn a_syntax_error_is_400_with_the_message_and_a_caret() {
    let answer = call(query_get("SELECT ?x WHERE { ?x a pk:Region", None));
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.content_type(), "text/plain; charset=utf-8");
    let lines: Vec<&str> = answer.body.lines().collect();
    assert!(lines[0].starts_with("SPARQL syntax error at line 1, column 33"), "{}", answer.body);
    // The caret stands under column 33, after the "  | " gutter.
    assert_eq!(lines.last().unwrap().find('^'), Some(4 + 32), "{}", answer.body);
    // Two queries in one request, and a graph name that is no IRI, are refused too.
    let twice = format!("/sparql?query={}&query={}", encode("ASK {}"), encode("ASK {}"));
    assert_eq!(call(get(&twice, None)).status, StatusCode::BAD_REQUEST);
    let bad_graph = format!("/sparql?query={}&default-graph-uri=not%20an%20iri", encode("ASK {}"));
    assert_eq!(call(get(&bad_graph, None)).status, StatusCode::BAD_REQUEST);
}

#[test]
fn updates_are_405_and_unknown_bodies_415() {
    let update = "INSERT DATA { pkr:a pk:partOf pkr:b }";
    let cases = [
        call(post("/sparql", Some("application/sparql-update"), update)),
        call(post("/sparql", Some("application/x-www-form-urlencoded"), &format!("update={}", encode(update)))),
        call(query_get(update, None)),
        call(Request::put("/sparql").body(Body::empty()).unwrap()),
        call(Request::delete("/store?default").body(Body::empty()).unwrap()),
    ];
    for answer in &cases {
        assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED, "{}", answer.body);
    }
    assert!(cases[0].body.contains("read-only"));
    assert_eq!(call(post("/sparql", Some("text/plain"), "ASK {}")).status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(call(post("/sparql", None, "ASK {}")).status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // The graph still has no such triple.
    let ask = call(query_get("ASK { pkr:a pk:partOf pkr:b }", None));
    assert!(ask.body.contains("false"));
}

#[test]
fn default_and_named_graph_uris_replace_the_query_s_dataset() {
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    let graph = |g: &str| format!("https://w3id.org/policykg/graph/{g}");
    // What the same question with FROM gives through `policykg query`.
    let with_from = cli_rows(&format!("SELECT (COUNT(*) AS ?n) FROM <{}> WHERE {{ ?s ?p ?o }}", graph("ontology")));
    let via_protocol =
        call(get(&format!("/sparql?query={}&default-graph-uri={}", encode(count), encode(&graph("ontology"))), None));
    assert_eq!(json_value(&via_protocol.body, "n"), with_from[0].split('"').nth(1).unwrap_or(&with_from[0]));
    // The protocol's dataset wins over the query's FROM (SPARQL 1.1 Protocol §2.1.4).
    let from_document = format!("SELECT (COUNT(*) AS ?n) FROM <{DOC_GRAPH}> WHERE {{ ?s ?p ?o }}");
    let overridden = call(get(
        &format!("/sparql?query={}&default-graph-uri={}", encode(&from_document), encode(&graph("ontology"))),
        None,
    ));
    assert_eq!(json_value(&overridden.body, "n"), json_value(&via_protocol.body, "n"));
    // named-graph-uri: GRAPH sees only the graphs named.
    let ask = format!("ASK {{ GRAPH <{DOC_GRAPH}> {{ ?s ?p ?o }} }}");
    let named =
        |g: &str| call(get(&format!("/sparql?query={}&named-graph-uri={}", encode(&ask), encode(&graph(g))), None));
    assert!(named("doc/ganzhou-measures-2020").body.contains("true"));
    assert!(named("ontology").body.contains("false"));
}

#[test]
fn the_service_description_comes_without_a_query() {
    let answer = call(get("/sparql", None));
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.content_type(), "text/turtle");
    let quads: Vec<String> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(answer.body.as_bytes())
        .map(|q| q.unwrap().to_string())
        .collect();
    let sd = "http://www.w3.org/ns/sparql-service-description#";
    assert!(quads.iter().any(|q| q.contains(&format!("<{sd}supportedLanguage> <{sd}SPARQL11Query>"))));
    assert!(quads.iter().any(|q| q.contains(&format!("<{sd}name> <{DOC_GRAPH}>"))));
    // Without FROM, the default graph is the merge of every graph (README, "SPARQL").
    assert!(quads.iter().any(|q| q.contains(&format!("<{sd}feature> <{sd}UnionDefaultGraph>"))));
    let as_ntriples = call(get("/sparql", Some("application/n-triples")));
    assert_eq!(as_ntriples.content_type(), "application/n-triples");
}

#[test]
fn the_timeout_stops_a_slow_query_without_stalling_others() {
    let config = Config { timeout: Duration::from_millis(300), ..Config::default() };
    let router = router(service(config));
    let started = Instant::now();
    block_on(async {
        // Chains of four triples through a graph of 9 000: far more than a second's work, and a join
        // that reads the store at every step, where Oxigraph checks for cancellation.
        let slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?c ?e ?f . ?f ?h ?i . ?i ?k ?l }";
        let (answer, quick) = tokio::join!(send(&router, query_get(slow, None)), send(&router, query_get(LABEL, None)));
        assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(answer.body.contains("--timeout"), "{}", answer.body);
        assert_eq!(answer.body.lines().count(), 1);
        assert_eq!(quick.status, StatusCode::OK);
        // The server still answers after the cancelled query.
        assert_eq!(send(&router, query_get(LABEL, None)).await.status, StatusCode::OK);
    });
    // Dropping the runtime waits for its blocking threads: the cancelled evaluation has stopped.
    assert!(started.elapsed() < Duration::from_secs(30), "{:?}", started.elapsed());
}

#[test]
fn the_row_cap_refuses_a_larger_answer() {
    let router = router(service(Config { max_rows: 5, ..Config::default() }));
    block_on(async {
        let all = send(&router, query_get("SELECT * WHERE { ?s ?p ?o }", None)).await;
        assert_eq!(all.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(all.body.contains("--max-rows"));
        let five = send(&router, query_get("SELECT * WHERE { ?s ?p ?o } LIMIT 5", Some("text/csv"))).await;
        assert_eq!((five.status, five.body.lines().count()), (StatusCode::OK, 6));
        let graph = send(&router, query_get("CONSTRUCT WHERE { ?s ?p ?o }", None)).await;
        assert_eq!(graph.status, StatusCode::PAYLOAD_TOO_LARGE);
    });
}

#[test]
fn the_graph_store_gives_one_graph() {
    let background = "https://w3id.org/policykg/graph/background";
    let answer = call(get(&format!("/store?graph={}", encode(background)), Some("application/n-triples")));
    assert_eq!(answer.status, StatusCode::OK);
    let expected = cli_rows(&format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{background}> {{ ?s ?p ?o }} }}"));
    let n: usize = answer.body.lines().filter(|l| !l.is_empty()).count();
    assert_eq!(n.to_string(), expected[0]);
    assert_eq!(call(get("/store?default", None)).status, StatusCode::OK);
    assert_eq!(call(get("/store?graph=http%3A%2F%2Fexample.org%2Fnone", None)).status, StatusCode::NOT_FOUND);
    assert_eq!(call(get("/store", None)).status, StatusCode::BAD_REQUEST);
}

#[test]
fn cors_only_when_asked() {
    let with_origin = || {
        Request::builder()
            .method(Method::GET)
            .uri(format!("/sparql?query={}", encode(LABEL)))
            .header(header::ORIGIN, "http://example.org")
            .body(Body::empty())
            .unwrap()
    };
    let plain = call(with_origin());
    assert!(plain.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    let router = router(service(Config { cors: true, ..Config::default() }));
    let answer = block_on(send(&router, with_origin()));
    assert_eq!(answer.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).unwrap(), "*");
}

fn api(path: &str) -> (StatusCode, serde_json::Value) {
    let answer = call(get(path, None));
    (answer.status, serde_json::from_str(&answer.body).unwrap())
}

#[test]
fn api_connect_is_what_the_cli_prints() {
    let out = policykg().args(["connect", "赣州", "粤港澳大湾区", "--format", "json"]).output().unwrap();
    let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (status, served) = api(&format!("/api/connect?a={}&b={}", encode("赣州"), encode("粤港澳大湾区")));
    assert_eq!(status, StatusCode::OK);
    assert_eq!(served, cli);
    let (status, error) = api(&format!("/api/connect?a={}&b={}", encode("赣州"), encode("火星")));
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(error["error"].as_str().unwrap().contains("火星"));
    assert_eq!(api("/api/connect?a=x").0, StatusCode::BAD_REQUEST);
}

#[test]
fn api_search_finds_names_in_any_script_as_typed() {
    let ids = |q: &str| -> Vec<String> {
        let (_, v) = api(&format!("/api/search?q={}", encode(q)));
        v["results"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
    };
    // 贛 is the Traditional form of 赣; every result's Simplified name contains 赣 or an alias does.
    assert!(ids("贛").contains(&"pkr:Ganzhou".to_string()));
    assert_eq!(ids("赣州").first().map(String::as_str), Some("pkr:Ganzhou"));
    // An alias (大湾区) and an English name, any case.
    assert!(ids("大湾区").contains(&"pkr:GBA".to_string()));
    assert!(ids("ganzhou").contains(&"pkr:Ganzhou".to_string()));
    assert!(ids("").is_empty());
}

#[test]
fn api_entity_measure_and_article_point_into_the_text() {
    let (status, entity) = api(&format!("/api/entity?id={}", encode("贛州")));
    assert_eq!(status, StatusCode::OK);
    assert_eq!(entity["entity"]["id"], "pkr:Ganzhou");
    assert_eq!(entity["entity"]["label"]["zh-Hant"], "贛州");
    assert_eq!(entity["entity"]["class"], "Region");
    assert!(entity["neighbours"]["by_relation"]["partOf"].as_array().is_some_and(|a| !a.is_empty()));
    assert_eq!(api("/api/entity?id=nowhere").0, StatusCode::NOT_FOUND);

    let (status, measure) = api("/api/measure?id=M01");
    assert_eq!(status, StatusCode::OK);
    let evidence = &measure["evidence"][0];
    let (start, end) = (evidence["start"].as_u64().unwrap() as usize, evidence["end"].as_u64().unwrap() as usize);
    let hans: String = CLEAN.chars(policykg::text::Script::Hans)[start..end].iter().collect();
    assert_eq!(evidence["quote"].as_str().unwrap(), hans, "the offsets are code points of the clean text");
    assert!(!measure["roles"].as_array().unwrap().is_empty());
    assert_eq!(api("/api/measure?id=Ganzhou").0, StatusCode::NOT_FOUND);

    let (status, article) = api("/api/article?script=hant");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(article["text"].as_str().unwrap(), CLEAN.text(policykg::text::Script::Hant));
    let marked: BTreeSet<&str> =
        article["measures"].as_array().unwrap().iter().map(|m| m["measure"].as_str().unwrap()).collect();
    let measures = cli_rows("SELECT ?m WHERE { ?m a pk:Measure }");
    assert_eq!(marked.len(), measures.len(), "every measure's clause is marked");
    assert_eq!(api("/api/article?script=latin").0, StatusCode::BAD_REQUEST);
}

/// The built-in document beside an extracted one: each has its own article, its text and only its
/// own measures marked; without `doc=` the API says which documents there are. The extracted text is
/// synthetic, written for this test.
#[test]
fn several_documents_each_have_their_article() {
    use policykg::extract::{self, Knowledge, Rules};
    let text = "一、区域合作\n支持龙南市建设赣深产业合作示范区，积极对接深圳前海。\n";
    let (knowledge, ontology) = (Knowledge::builtin(), policykg::kg::Ontology::builtin());
    let x = extract::extract("synthetic", text, knowledge, Rules::builtin(), ontology, &[]);
    let file = extract::quads::SourceFile { name: "synthetic.txt".into(), encoding: "UTF-8", bytes: text.len() };
    let mut quads = Source::builtin().unwrap().quads(None).unwrap();
    quads.extend(extract::quads::quads(&x, &file, knowledge, ontology));
    let router = router(Arc::new(Service::new(Source::from_quads(quads).unwrap(), Config::default()).unwrap()));
    let api = |path: &str| {
        let answer = block_on(send(&router, get(path, None)));
        (answer.status, serde_json::from_str::<serde_json::Value>(&answer.body).unwrap())
    };

    let (status, documents) = api("/api/documents");
    assert_eq!(status, StatusCode::OK);
    let ids: Vec<&str> = documents.as_array().unwrap().iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["ganzhou-measures-2020", "synthetic"]);
    // Read off the text: 支持龙南市… and 积极对接深圳前海 open with policy verbs.
    assert_eq!(documents[1]["measures"], 2);

    let (status, error) = api("/api/article");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error["error"].as_str().unwrap().contains("ganzhou-measures-2020, synthetic"), "{error}");

    let (status, article) = api("/api/article?doc=synthetic");
    assert_eq!(status, StatusCode::OK, "{article}");
    assert_eq!(article["text"].as_str().unwrap(), x.clean.text(policykg::text::Script::Hans));
    let marked: Vec<&str> =
        article["measures"].as_array().unwrap().iter().map(|m| m["measure"].as_str().unwrap()).collect();
    assert_eq!(marked, ["pkr:doc/synthetic/M01", "pkr:doc/synthetic/M02"]);
    assert_eq!(api("/api/article?doc=synthetic&script=hant").0, StatusCode::NOT_FOUND);

    let (status, article) = api("/api/article?doc=ganzhou-measures-2020&script=hant");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(article["text"].as_str().unwrap(), CLEAN.text(policykg::text::Script::Hant));
    assert!(
        article["measures"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| { m["measure"].as_str().unwrap().starts_with("pkr:doc/ganzhou-measures-2020/") }),
        "only the document's own measures are marked"
    );
    assert_eq!(api("/api/article?doc=nothing").0, StatusCode::NOT_FOUND);
}

#[test]
fn the_explorer_is_served_from_the_binary() {
    let page = call(get("/", None));
    assert_eq!((page.status, page.content_type()), (StatusCode::OK, "text/html; charset=utf-8"));
    assert!(page.body.contains("app.js"));
    assert_eq!(call(get("/app.js", None)).status, StatusCode::OK);
    assert_eq!(call(get("/app.css", None)).status, StatusCode::OK);
}

/// Reads the server's stderr up to the line saying where it listens; kills it.
fn startup_lines(bind: &str) -> Vec<String> {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("policykg"))
        .args(["serve", "--bind", bind])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = Vec::new();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        let done = line.contains("serving at");
        lines.push(line);
        if done {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    lines
}

#[test]
fn binding_beyond_loopback_warns() {
    let public = startup_lines("0.0.0.0:0");
    assert!(public[0].starts_with("policykg: warning: listening on 0.0.0.0:"), "{public:?}");
    let local = startup_lines("127.0.0.1:0");
    assert_eq!(local.len(), 1, "{local:?}");
    // A port already taken is one line and exit 2.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let out = policykg().args(["serve", "--bind", &address]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with(&format!("policykg: error: cannot listen on {address}")), "{stderr}");
}
