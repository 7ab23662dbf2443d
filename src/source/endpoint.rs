//! A remote SPARQL 1.1 server as a [`QuerySource`], over the SPARQL 1.1 Protocol
//! (<https://www.w3.org/TR/sparql11-protocol/>).
//!
//! A query is sent by POST, form-encoded (§2.1.2), with the prefixes of `policykg prefixes` and
//! its base IRI written out in front, since those are local conventions. SELECT and ASK ask for
//! SPARQL results JSON or XML; CONSTRUCT and DESCRIBE for N-Triples or Turtle. What comes back is
//! parsed as it arrives (sparesults, oxrdfio), so rows stream. The default graph is the server's
//! own (Virtuoso, GraphDB and QLever query the union of their graphs), unless `default-graph-uri`
//! names graphs. HTTP Basic and Digest credentials are answered when the server asks; they never
//! appear in messages.

use std::io::Read;
use std::time::Duration;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput};
use ureq::http::Response;

use crate::rdf::vocab::PREFIXES;
use crate::sparql::{self, Form, Query, QuerySource, Results};

/// What the client accepts for SELECT and ASK, best first (TSV is left out: Virtuoso's quotes IRIs
/// and drops language tags).
const ACCEPT_RESULTS: &str = "application/sparql-results+json, application/sparql-results+xml;q=0.9";
/// What the client accepts for CONSTRUCT and DESCRIBE: N-Triples first, since Virtuoso's Turtle
/// writes doubles as decimals.
const ACCEPT_GRAPH: &str = "application/n-triples, text/turtle;q=0.8, application/rdf+xml;q=0.5";
/// How long a request may take when `--timeout` does not say: a server that accepts the
/// connection and never answers must not hang policykg for ever.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// The one variable Virtuoso 7 answers an ASK with, as a SELECT: one row when true, none when false.
const VIRTUOSO_ASK: &str = "__ASK_RETVAL";

/// A user name and password for a server that asks for them.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub user: String,
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credentials {{ user: {:?}, password: <hidden> }}", self.user)
    }
}

/// How to reach a SPARQL endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointSpec {
    /// The query endpoint, e.g. `http://127.0.0.1:8890/sparql`.
    pub url: String,
    pub credentials: Option<Credentials>,
    /// Per request: connecting, sending and reading the whole answer.
    pub timeout: Option<Duration>,
    /// Sent as `default-graph-uri`; none leaves the server's own default graph.
    pub default_graphs: Vec<String>,
}

/// A SPARQL endpoint, ready to ask.
pub struct Endpoint {
    spec: EndpointSpec,
    agent: ureq::Agent,
}

impl Endpoint {
    /// A client for `spec`; nothing is sent until the first query. Fails on a URL that is not
    /// `http://` or `https://`.
    pub fn new(mut spec: EndpointSpec) -> Result<Self, sparql::Error> {
        let mut parsed = url::Url::parse(&spec.url).map_err(|_| {
            sparql::Error::Remote("--endpoint: not a URL (e.g. http://127.0.0.1:8890/sparql)".to_string())
        })?;
        // Credentials written in the URL become the credentials, and leave the URL every message shows.
        if !parsed.username().is_empty() || parsed.password().is_some() {
            let decode =
                |s: &str| url::form_urlencoded::parse(format!("x={s}").as_bytes()).next().map(|(_, v)| v.into_owned());
            if spec.credentials.is_none() {
                let user = decode(parsed.username()).unwrap_or_default();
                let password = parsed.password().and_then(decode).unwrap_or_default();
                spec.credentials = Some(Credentials { user, password });
            }
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            spec.url = parsed.to_string();
        }
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(sparql::Error::Remote(format!(
                "--endpoint {}: a SPARQL endpoint is an http:// or https:// URL",
                spec.url
            )));
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(spec.timeout.unwrap_or(DEFAULT_TIMEOUT)))
            .user_agent(concat!("policykg/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(Self { spec, agent })
    }

    /// The URL queries go to.
    pub fn url(&self) -> &str {
        &self.spec.url
    }

    /// The query as the server gets it: the predeclared prefixes and the base IRI written out in
    /// front (a query may declare a prefix again; the later declaration wins).
    pub fn wire_text(query: &Query) -> String {
        let mut text = String::new();
        if let Some(base) = query.base() {
            text.push_str(&format!("BASE <{base}>\n"));
        }
        for (prefix, ns) in PREFIXES {
            text.push_str(&format!("PREFIX {prefix}: <{ns}>\n"));
        }
        text.push_str(query.text());
        text
    }

    /// Sends a form-encoded POST of `fields` to the endpoint with `accept` (`default-graph-uri`
    /// added to a query); gives the response with a success status.
    pub fn post_form(&self, fields: &[(&str, &str)], accept: &str) -> Result<Response<ureq::Body>, sparql::Error> {
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        if fields.iter().any(|(k, _)| *k == "query") {
            form.extend(self.spec.default_graphs.iter().map(|g| ("default-graph-uri", g.as_str())));
        }
        let body = form_encode(&form);
        self.send("POST", &self.spec.url, "application/x-www-form-urlencoded", body.as_bytes(), accept)
    }

    /// Runs a SPARQL 1.1 Update on the endpoint (form field `update`).
    pub fn update(&self, text: &str) -> Result<(), sparql::Error> {
        let mut response = self.post_form(&[("update", text)], "*/*")?;
        let _ = std::io::copy(&mut response.body_mut().as_reader(), &mut std::io::sink());
        Ok(())
    }

    /// Replaces `graph` with the N-Triples `body` through the Graph Store HTTP Protocol at
    /// `store` (`PUT store?graph=IRI`).
    pub fn put_graph(&self, store: &str, graph: &str, body: String) -> Result<(), sparql::Error> {
        let mut url = url::Url::parse(store)
            .map_err(|e| sparql::Error::Remote(format!("--graph-store {store}: not a URL ({e})")))?;
        url.query_pairs_mut().append_pair("graph", graph);
        let mut response = self.send("PUT", url.as_str(), "application/n-triples", body.as_bytes(), "*/*")?;
        let _ = std::io::copy(&mut response.body_mut().as_reader(), &mut std::io::sink());
        Ok(())
    }

    /// Sends one request, answering an authentication challenge once; gives the response with a
    /// success status, or one line saying what went wrong.
    fn send(
        &self,
        method: &str,
        url: &str,
        content_type: &str,
        body: &[u8],
        accept: &str,
    ) -> Result<Response<ureq::Body>, sparql::Error> {
        let send = |authorization: Option<String>| {
            let request = ureq::http::Request::builder()
                .method(method)
                .uri(url)
                .header("Accept", accept)
                .header("Content-Type", content_type);
            let request = match authorization {
                Some(value) => request.header("Authorization", value),
                None => request,
            };
            let request = request.body(body).map_err(|e| sparql::Error::Remote(format!("{url}: {e}")))?;
            self.agent.run(request).map_err(|e| self.transport_error(url, e))
        };
        let mut response = send(None)?;
        if response.status() == 401 {
            let challenge = header(&response, "www-authenticate").unwrap_or_default();
            let Some(credentials) = &self.spec.credentials else {
                return Err(sparql::Error::Remote(format!(
                    "{url} asks for credentials (HTTP 401): give them with --user NAME and the password in POLICYKG_PASSWORD"
                )));
            };
            response = send(Some(self.authorization(method, url, &challenge, credentials, body)?))?;
            if response.status() == 401 {
                return Err(sparql::Error::Remote(format!(
                    "{url} refused the credentials of user '{}' (HTTP 401)",
                    credentials.user
                )));
            }
        }
        let status = response.status();
        if !status.is_success() {
            let content_type = header(&response, "content-type").unwrap_or_default();
            let mut text = String::new();
            let _ = response.body_mut().as_reader().take(64 * 1024).read_to_string(&mut text);
            let line = first_line(&text, &content_type);
            return Err(sparql::Error::Remote(format!(
                "{url} answered HTTP {}{}",
                status.as_u16(),
                if line.is_empty() { String::new() } else { format!(": {line}") }
            )));
        }
        Ok(response)
    }

    /// The `Authorization` header that answers `challenge` (Basic or Digest).
    fn authorization(
        &self,
        method: &str,
        url: &str,
        challenge: &str,
        credentials: &Credentials,
        body: &[u8],
    ) -> Result<String, sparql::Error> {
        if challenge.trim_start().to_ascii_lowercase().starts_with("digest") {
            let uri = url::Url::parse(url)
                .map(|u| match u.query() {
                    Some(q) => format!("{}?{q}", u.path()),
                    None => u.path().to_string(),
                })
                .unwrap_or_else(|_| "/".into());
            let method = digest_auth::HttpMethod::from(method.to_string());
            let context = digest_auth::AuthContext::new_with_method(
                credentials.user.as_str(),
                credentials.password.as_str(),
                uri,
                Some(body),
                method,
            );
            let mut prompt = digest_auth::parse(challenge).map_err(|e| {
                sparql::Error::Remote(format!("{}: cannot read its Digest challenge ({e})", self.spec.url))
            })?;
            let answer = prompt.respond(&context).map_err(|e| {
                sparql::Error::Remote(format!("{}: cannot answer its Digest challenge ({e})", self.spec.url))
            })?;
            Ok(answer.to_header_string())
        } else {
            use base64::Engine;
            let pair = format!("{}:{}", credentials.user, credentials.password);
            Ok(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair)))
        }
    }

    /// One line for a failure to get any answer from `url`.
    fn transport_error(&self, url: &str, e: ureq::Error) -> sparql::Error {
        sparql::Error::Remote(match e {
            ureq::Error::Timeout(_) => format!(
                "{url} did not answer within {} s (--timeout)",
                self.spec.timeout.unwrap_or(DEFAULT_TIMEOUT).as_secs_f64()
            ),
            ureq::Error::HostNotFound => format!("{url}: no such host"),
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                format!("cannot connect to {url}: connection refused (is the server running?)")
            }
            ureq::Error::Io(io) => format!("cannot reach {url}: {io}"),
            other => format!("cannot reach {url}: {other}"),
        })
    }
}

impl QuerySource for Endpoint {
    fn execute(&self, query: &Query) -> Result<Results<'_>, sparql::Error> {
        let text = Self::wire_text(query);
        let accept = match query.form() {
            Form::Select | Form::Ask => ACCEPT_RESULTS,
            Form::Construct | Form::Describe => ACCEPT_GRAPH,
        };
        let response = self.post_form(&[("query", &text)], accept)?;
        // Virtuoso answers a query that ran out of time with the rows found so far, status 200, and
        // says so only in these headers: an incomplete answer is refused, never passed on.
        if let Some(message) = header(&response, "x-sql-message").or_else(|| header(&response, "x-sql-state")) {
            return Err(sparql::Error::Remote(format!(
                "{} cut its answer short ({message}): raise the server's time limit, or ask less",
                self.spec.url
            )));
        }
        let content_type = header(&response, "content-type").unwrap_or_default();
        let media = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let url = self.spec.url.clone();
        let reader = response.into_body().into_reader();
        let unreadable = move |e: &dyn std::fmt::Display| {
            sparql::Error::Remote(format!("{url} sent results that do not parse: {e}"))
        };
        if let Some(format) = QueryResultsFormat::from_media_type(&media).filter(|_| media.contains("sparql-results")) {
            return match QueryResultsParser::from_format(format).for_reader(reader).map_err(|e| unreadable(&e))? {
                ReaderQueryResultsParserOutput::Boolean(b) => Ok(Results::Boolean(b)),
                ReaderQueryResultsParserOutput::Solutions(solutions)
                    if query.form() == Form::Ask
                        && solutions.variables().iter().map(|v| v.as_str()).eq([VIRTUOSO_ASK]) =>
                {
                    let mut solutions = solutions;
                    let row = solutions.next().transpose().map_err(|e| unreadable(&e))?;
                    let value = row.and_then(|r| r.get(VIRTUOSO_ASK).map(|t| sparql::value(&Some(t.clone()))));
                    Ok(Results::Boolean(matches!(value.as_deref(), Some("1" | "true"))))
                }
                ReaderQueryResultsParserOutput::Solutions(solutions) => {
                    let variables = solutions.variables().to_vec();
                    let order = variables.clone();
                    let url = self.spec.url.clone();
                    let rows = solutions.map(move |row| {
                        let row = row
                            .map_err(|e| sparql::Error::Remote(format!("{url} sent results that do not parse: {e}")))?;
                        Ok(order.iter().map(|v| row.get(v).cloned()).collect())
                    });
                    Ok(Results::Solutions { variables, rows: Box::new(rows) })
                }
            };
        }
        if let Some(format) = RdfFormat::from_media_type(&media).filter(|f| !f.supports_datasets()) {
            let url = self.spec.url.clone();
            let triples = RdfParser::from_format(format).for_reader(reader).map(move |quad| {
                quad.map(oxigraph::model::Triple::from)
                    .map_err(|e| sparql::Error::Remote(format!("{url} sent RDF that does not parse: {e}")))
            });
            return Ok(Results::Graph(Box::new(triples)));
        }
        Err(sparql::Error::Remote(format!(
            "{} answered with {}, not SPARQL results or RDF: is it a SPARQL endpoint?",
            self.spec.url,
            if content_type.is_empty() { "no content type".to_string() } else { format!("'{content_type}'") }
        )))
    }
}

fn header(response: &Response<ureq::Body>, name: &str) -> Option<String> {
    response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// The first line of an error body worth showing: an HTML page is reduced to its text.
fn first_line(body: &str, content_type: &str) -> String {
    let text = if content_type.contains("html") { strip_tags(body) } else { body.to_string() };
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    line.chars().take(300).collect()
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push('\n');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// `application/x-www-form-urlencoded` encoding of `fields`.
fn form_encode(fields: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish()
}
