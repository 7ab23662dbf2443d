//! A real Virtuoso Open Source 7 (Debian's `virtuoso-opensource-7-bin`) as a remote SPARQL server.
//!
//! [`Virtuoso::start`] runs a throw-away server in a temporary folder, listening on two free loopback
//! ports only (SQL and HTTP), and lets the anonymous HTTP user `SPARQL` update. A start takes about
//! 3 seconds. Without `virtuoso-t` the tests say so and pass, unless `CI=true`, where a missing binary
//! or a failed start fails the test.
//!
//! What this Virtuoso (7.2.5) does, found by experiment, for the SPARQL client:
//!
//! - SELECT results: JSON comes as `application/sparql-results+json`, XML as
//!   `application/sparql-results+xml; charset=UTF-8`. JSON literals use the old `"typed-literal"`
//!   type, an `xsd:boolean` reads `"1"` in JSON (`true` in XML), language tags come back lower-cased
//!   (`zh-Hans` → `zh-hans`), numbers in canonical form (`"007"^^xsd:integer` → `7`, `1.50` → `1.5`),
//!   other datatypes (`xsd:nonNegativeInteger`, `xsd:gYearMonth`) are kept, blank nodes read
//!   `nodeID://b10036`, and non-ASCII text is `\uXXXX`-escaped in JSON.
//! - ASK does not answer with a boolean: it answers a SELECT with the one variable `__ASK_RETVAL`,
//!   one row `"1"^^xsd:integer` when true, no row when false (JSON and XML alike).
//! - CONSTRUCT and DESCRIBE: `application/n-triples; charset=UTF-8` or `text/turtle; charset=UTF-8`
//!   as asked, `# Empty NT` / `# Empty TURTLE` for no triples, 406 for `application/n-quads`. Both
//!   parse with Oxigraph; Turtle writes doubles as bare `1.0`, which reads back as `xsd:decimal`.
//! - A query without FROM sees every graph as a bag: the system graphs too, and a triple held by two
//!   graphs twice (also with two FROM or two `default-graph-uri`).
//! - A POST with `Content-Type: application/sparql-query` is never answered (the connection hangs);
//!   GET and form POST (`query=`, `update=`) work, and so does `application/sparql-update`.
//! - `INSERT DATA` refuses blank nodes and a request of more than about 1,000 triples; the Graph Store
//!   Protocol (`PUT /sparql-graph-crud?graph-uri=G`, N-Triples or Turtle) takes a whole graph.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput};

use crate::util::policykg;

const BINARY: &str = "virtuoso-t";
const ISQL: &str = "isql-vt";
/// Where the package would keep its VAD and VSP files (absent from the `-bin` package alone).
const SHARE: &str = "/usr/share/virtuoso-opensource-7";
const GRAPHS: &str = "https://w3id.org/policykg/graph/";

/// A running throw-away Virtuoso; dropping it stops the server and removes its folder.
pub struct Virtuoso {
    /// The HTTP port (SPARQL endpoint, Graph Store Protocol).
    pub http: u16,
    /// The SQL port (`isql-vt`).
    pub sql: u16,
    child: Child,
    dir: tempfile::TempDir,
}

impl Virtuoso {
    /// Starts a server, or returns `None` when `virtuoso-t` is not installed and `CI` is not `true`.
    pub fn start() -> Option<Virtuoso> {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        if !on_path(BINARY) {
            assert!(!ci, "virtuoso: {BINARY} is not installed (CI=true)");
            println!("virtuoso: skipped ({BINARY} not installed)");
            return None;
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (sql, http) = (free_port(), free_port());
        let ini = dir.path().join("virtuoso.ini");
        fs::write(&ini, ini_text(dir.path(), sql, http)).expect("virtuoso.ini is written");
        let log = fs::File::create(dir.path().join("server.log")).expect("the log file");
        let started = Instant::now();
        let child = Command::new(BINARY)
            .arg("+configfile")
            .arg(&ini)
            .arg("+foreground")
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("the log file"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("virtuoso: {BINARY} does not run: {e}"));
        let mut server = Virtuoso { http, sql, child, dir };
        if let Err(why) = server.wait_until_ready(Duration::from_secs(60)) {
            panic!("virtuoso: the server did not start: {why}\n{}", server.log_tail(30));
        }
        let out = server.isql(r#"grant SPARQL_UPDATE to "SPARQL";"#);
        assert!(out.contains("Done."), "virtuoso: the grant failed:\n{out}");
        println!("virtuoso: started in {:.1} s on 127.0.0.1:{http}", started.elapsed().as_secs_f64());
        Some(server)
    }

    /// The SPARQL endpoint (query and update, anonymous).
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/sparql", self.http)
    }

    /// The Graph Store Protocol endpoint (anonymous; `?graph-uri=G`).
    pub fn graph_store(&self) -> String {
        format!("http://127.0.0.1:{}/sparql-graph-crud", self.http)
    }

    /// Runs SQL through `isql-vt` as `dba`; returns stdout and stderr together. `isql-vt` exits 0 even
    /// when a statement fails (it prints `*** Error` on stderr), so this panics on that text too.
    pub fn isql(&self, sql: &str) -> String {
        let out = Command::new(ISQL)
            .arg(self.sql.to_string())
            .args(["dba", "dba"])
            .arg(format!("exec={sql}"))
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("virtuoso: {ISQL} does not run: {e}"));
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success() && !text.contains("*** Error"), "virtuoso: isql `{sql}` failed:\n{text}");
        text
    }

    fn wait_until_ready(&mut self, limit: Duration) -> Result<(), String> {
        let agent = agent();
        let url = format!("{}?query=ASK%7B%7D", self.endpoint());
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().map_err(|e| e.to_string())? {
                return Err(format!("{BINARY} exited with {status}"));
            }
            if agent.get(&url).call().is_ok_and(|r| r.status() == 200) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(format!("no answer from {url} within {} s", limit.as_secs()))
    }

    /// The last lines of the server's output and error log.
    fn log_tail(&self, lines: usize) -> String {
        let mut text = String::new();
        for name in ["server.log", "virtuoso.log"] {
            let body = fs::read_to_string(self.dir.path().join(name)).unwrap_or_default();
            let all: Vec<&str> = body.lines().collect();
            text += &format!("--- {name}\n{}\n", all[all.len().saturating_sub(lines)..].join("\n"));
        }
        text
    }
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A minimal configuration for a small machine; every file in `dir`, every port on 127.0.0.1.
fn ini_text(dir: &Path, sql: u16, http: u16) -> String {
    let d = dir.display();
    let vsp = Path::new(SHARE).join("vsp");
    let root = if vsp.is_dir() { vsp } else { dir.to_path_buf() };
    format!(
        "[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxQueryMem = 200M
DirsAllowed = ., {d}, {SHARE}/vad
ThreadCleanupInterval = 1
ResourcesCleanupInterval = 1

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {root}
ServerThreads = 5
MaxClientConnections = 5
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 60
DefaultQuery = SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}
DeferInferenceRulesInit = 0
",
        root = root.display()
    )
}

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(name).is_file()))
}

/// A free loopback port: bind port 0, read the port, let it go.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port()
}

/// An HTTP agent that hands back 4xx and 5xx answers instead of failing on them.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// The built-in graph as exported by policykg: N-Triples lines per graph IRI, in file order.
fn built_in_graphs() -> BTreeMap<String, Vec<String>> {
    let out = policykg().args(["export", "--format", "nq"]).output().expect("policykg runs");
    assert!(out.status.success(), "policykg export failed: {}", String::from_utf8_lossy(&out.stderr));
    let mut graphs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in BufReader::new(&out.stdout[..]).lines() {
        let line = line.expect("UTF-8 N-Quads");
        let Some(body) = line.trim_end().strip_suffix(" .") else { continue };
        let (triple, graph) = body.rsplit_once(' ').expect("a graph name ends each quad");
        let graph = graph.strip_prefix('<').and_then(|g| g.strip_suffix('>')).expect("a named graph");
        graphs.entry(graph.to_owned()).or_default().push(format!("{triple} ."));
    }
    graphs
}

/// Replaces graph `graph` with `lines` (N-Triples) through the Graph Store Protocol.
fn put_graph(server: &Virtuoso, graph: &str, lines: &[String]) {
    let url = format!("{}?graph-uri={}", server.graph_store(), encode(graph));
    let mut response = agent()
        .put(&url)
        .header("Content-Type", "application/n-triples")
        .send(lines.join("\n") + "\n")
        .expect("the PUT is answered");
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    assert!(matches!(status, 200 | 201 | 204), "PUT {graph}: {status} {body}");
}

/// The one integer of a one-row, one-column SELECT, read with Oxigraph's JSON results parser.
fn select_count(server: &Virtuoso, query: &str) -> u64 {
    let mut response = agent()
        .get(&server.endpoint())
        .query("query", query)
        .header("Accept", "application/sparql-results+json")
        .call()
        .expect("the query is answered");
    let body = response.body_mut().read_to_vec().expect("a body");
    assert_eq!(response.status(), 200, "{query}: {}", String::from_utf8_lossy(&body));
    let SliceQueryResultsParserOutput::Solutions(mut rows) =
        QueryResultsParser::from_format(QueryResultsFormat::Json).for_slice(&body).expect("JSON results")
    else {
        panic!("{query}: not a solution sequence")
    };
    let row = rows.next().expect("one row").expect("a valid row");
    let Some(Term::Literal(n)) = row.get(0) else { panic!("{query}: no number in {row:?}") };
    n.value().parse().expect("an integer")
}

/// Percent-encodes everything but unreserved characters, for a query-string value.
fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[test]
fn virtuoso_holds_the_built_in_graph() {
    let Some(server) = Virtuoso::start() else { return };
    let graphs = built_in_graphs();
    assert_eq!(graphs.len(), 3, "{:?}", graphs.keys().collect::<Vec<_>>());
    assert_eq!(graphs.values().map(Vec::len).sum::<usize>(), 9326);
    assert_eq!(graphs[&format!("{GRAPHS}background")].len(), 549);
    for (graph, lines) in &graphs {
        put_graph(&server, graph, lines);
    }
    let mut total = 0;
    for (graph, lines) in &graphs {
        let n = select_count(&server, &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"));
        assert_eq!(n, lines.len() as u64, "triples in {graph}");
        total += n;
    }
    assert_eq!(total, 9326);
    let ours = select_count(
        &server,
        &format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{GRAPHS}\")) }}"
        ),
    );
    assert_eq!(ours, 9326);
    // The default graph (no FROM) is every graph, Virtuoso's own included.
    let all = select_count(&server, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }");
    assert!(all > 9326, "the default graph holds {all} triples");
}

/// CONSTRUCT answers in N-Triples and Turtle parse with Oxigraph and give back the loaded triples.
#[test]
fn virtuoso_construct_parses_with_oxigraph() {
    let Some(server) = Virtuoso::start() else { return };
    let graphs = built_in_graphs();
    let background = format!("{GRAPHS}background");
    put_graph(&server, &background, &graphs[&background]);
    let expected: std::collections::BTreeSet<String> = RdfParser::from_format(RdfFormat::NTriples)
        .for_slice(graphs[&background].join("\n").as_bytes())
        .map(|q| q.expect("valid N-Triples").to_string())
        .collect();
    let query = format!("CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{background}> {{ ?s ?p ?o }} }}");
    for (accept, format) in [("application/n-triples", RdfFormat::NTriples), ("text/turtle", RdfFormat::Turtle)] {
        let mut response = agent()
            .get(&server.endpoint())
            .query("query", &query)
            .header("Accept", accept)
            .call()
            .expect("the query is answered");
        assert_eq!(response.status(), 200);
        let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
        assert_eq!(content_type, format!("{accept}; charset=UTF-8"));
        let body = response.body_mut().read_to_vec().expect("a body");
        let got: std::collections::BTreeSet<String> = RdfParser::from_format(format)
            .for_slice(&body)
            .map(|q| q.unwrap_or_else(|e| panic!("{accept}: {e}")).to_string())
            .collect();
        assert_eq!(got, expected, "{accept}");
    }
}

/// `/sparql-auth` asks for Digest credentials and takes `dba:dba` computed with `digest_auth`.
#[test]
fn virtuoso_takes_digest_credentials() {
    let Some(server) = Virtuoso::start() else { return };
    let path = format!("/sparql-auth?query={}", encode("SELECT (1 AS ?x) WHERE {}"));
    let url = format!("http://127.0.0.1:{}{path}", server.http);
    let agent = agent();
    let first = agent.get(&url).call().expect("an answer");
    assert_eq!(first.status(), 401);
    let challenge = first.headers().get("www-authenticate").and_then(|v| v.to_str().ok()).expect("a challenge");
    assert!(challenge.starts_with("Digest "), "{challenge}");
    let mut prompt = digest_auth::parse(challenge).expect("a Digest challenge");
    let answer = prompt.respond(&digest_auth::AuthContext::new("dba", "dba", &path)).expect("a response");
    let mut second = agent
        .get(&url)
        .header("Authorization", answer.to_header_string())
        .header("Accept", "application/sparql-results+json")
        .call()
        .expect("an answer");
    let body = second.body_mut().read_to_string().expect("a body");
    assert_eq!(second.status(), 200, "{body}");
    assert!(body.contains("\"x\""), "{body}");
}

// --- policykg as a client of the server -----------------------------------------------------------

/// Runs `policykg` with `args` (and `env`) and gives its exit code, stdout and stderr.
fn run(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut command = policykg();
    command.args(args).env_remove("POLICYKG_PASSWORD");
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output().expect("policykg runs");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `push` writes the built-in graph through the Graph Store Protocol, and then every command gives
/// over the server, byte for byte, what it gives on the built-in graph: the server is only another
/// source. The thirteen example queries give the rows a reader of the article expects.
#[test]
fn after_push_every_command_answers_over_the_server_as_on_the_built_in_graph() {
    let Some(server) = Virtuoso::start() else { return };
    let endpoint = server.endpoint();
    let (code, _, stderr) = run(&["push", "--endpoint", &endpoint, "--graph-store", &server.graph_store()], &[]);
    assert_eq!(code, 0, "{stderr}");
    // 9326 quads in three graphs (the export's own count), each checked on the server by push.
    assert!(stderr.contains("pushed 3 graphs, 9326 triples"), "{stderr}");
    for command in [
        "connect 赣州 粤港澳大湾区",
        "connect 赣州 粤港澳大湾区 --format json",
        "connect 南康区 深圳",
        "connect 南康区 香港",
        "paths 横琴 粤港澳大湾区 --max-len 3",
        "neighbors 南康区",
        "rank --by degree",
        "diagram bridge",
        "validate",
    ] {
        let args: Vec<&str> = command.split(' ').collect();
        let local = run(&args, &[]);
        let mut remote_args = args.clone();
        remote_args.extend(["--endpoint", endpoint.as_str()]);
        let remote = run(&remote_args, &[]);
        assert_eq!(local.0, remote.0, "{command}: exit codes; over the server: {}", remote.2);
        assert!(local.1 == remote.1, "{command}: stdout differs over the server:\n{}", remote.1);
    }
    let source =
        policykg::source::Source::open(&policykg::source::Spec::Endpoint(policykg::source::endpoint::EndpointSpec {
            url: endpoint.clone(),
            credentials: None,
            timeout: Some(Duration::from_secs(60)),
            default_graphs: Vec::new(),
        }))
        .expect("the endpoint opens");
    // Virtuoso 7 gives a row once per path for `p*` (query 03's `pk:partOf*`), where SPARQL 1.1
    // §18.5 (ZeroOrMorePath) gives each node once: rows are compared as sets.
    let failures = crate::examples::check(&source, true);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // ASK, which Virtuoso answers as a one-row SELECT, reads as a boolean.
    let (code, stdout, _) = run(&["query", "--endpoint", &endpoint, "ASK { pkr:Hengqin pk:partOf pkr:Zhuhai }"], &[]);
    assert_eq!((code, stdout.as_str()), (0, "true\n"));
    let (code, stdout, _) = run(&["query", "--endpoint", &endpoint, "ASK { pkr:Zhuhai pk:partOf pkr:Hengqin }"], &[]);
    assert_eq!((code, stdout.as_str()), (1, "false\n"));
}

/// `push` by SPARQL Update in small batches, blank nodes and all, and again (a re-push replaces
/// each graph whole, so the counts stay those of the data).
#[test]
fn push_by_sparql_update_replaces_each_graph_and_checks_the_counts() {
    let Some(server) = Virtuoso::start() else { return };
    let endpoint = server.endpoint();
    for _ in 0..2 {
        let (code, _, stderr) = run(&["push", "--endpoint", &endpoint, "--batch", "700"], &[]);
        assert_eq!(code, 0, "{stderr}");
        // The counts the export writes per graph: 647 ontology, 8130 document, 549 background.
        assert!(stderr.contains("graph/background>: 549 triples"), "{stderr}");
        assert!(stderr.contains("pushed 3 graphs, 9326 triples"), "{stderr}");
    }
    let count = select_count(
        &server,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/policykg/graph/doc/ganzhou-measures-2020> { ?s ?p ?o } }",
    );
    assert_eq!(count, 8130);
}

/// A server that asks for credentials: none given, the wrong ones, and the right ones (Digest).
#[test]
fn credentials_are_asked_for_refused_and_accepted_in_one_line() {
    let Some(server) = Virtuoso::start() else { return };
    let auth = server.endpoint().replace("/sparql", "/sparql-auth");
    let (code, _, stderr) = run(&["query", "--endpoint", &auth, "ASK {}"], &[]);
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("asks for credentials (HTTP 401)") && stderr.contains("POLICYKG_PASSWORD"), "{stderr}");
    let (code, _, stderr) =
        run(&["query", "--endpoint", &auth, "--user", "dba", "ASK {}"], &[("POLICYKG_PASSWORD", "wrong")]);
    assert_eq!(code, 2);
    assert!(stderr.contains("refused the credentials of user 'dba'"), "{stderr}");
    assert!(!stderr.contains("wrong"), "the password is never shown: {stderr}");
    let (code, stdout, stderr) =
        run(&["query", "--endpoint", &auth, "--user", "dba", "ASK {}"], &[("POLICYKG_PASSWORD", "dba")]);
    // An empty group has one solution, the empty one: ASK {} is true (SPARQL 1.1 §18.5).
    assert_eq!((code, stdout.as_str()), (0, "true\n"), "{stderr}");
}

/// A wrong path answers 404 with an HTML page: one line with the status and the page's first words.
#[test]
fn a_wrong_url_is_one_line_with_the_status() {
    let Some(server) = Virtuoso::start() else { return };
    let wrong = server.endpoint().replace("/sparql", "/nothing");
    let (code, _, stderr) = run(&["connect", "赣州", "粤港澳大湾区", "--endpoint", &wrong], &[]);
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("answered HTTP 404"), "{stderr}");
    // A query policykg parses and the server cannot run (a function it does not know): the
    // server's own first line, after the status.
    let unknown = "SELECT ?x WHERE { BIND(<urn:policykg:no-such-function>(1) AS ?x) }";
    let (code, _, stderr) = run(&["query", "--endpoint", &server.endpoint(), unknown], &[]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("answered HTTP"), "{stderr}");
}
