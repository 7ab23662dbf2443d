//! `policykg serve`: a read-only SPARQL 1.1 Protocol endpoint, a Graph Store Protocol reader, a JSON
//! API over the analysis, and the explorer pages, on one axum [`Router`] that tests drive in-process.
//!
//! Routes (every answer is deterministic for a given graph):
//! - `/sparql` and `/query`: SPARQL 1.1 Protocol queries (`protocol.rs`); GET without `query` gives
//!   the SPARQL 1.1 Service Description.
//! - `/store`: SPARQL 1.1 Graph Store HTTP Protocol, GET only (`?graph=IRI`, `?default`).
//! - `/api/…`: JSON for the explorer (`api.rs`; shapes in the README).
//! - `/`, `/app.js`, `/app.css`, `/yasgui/…`: the explorer, embedded in the binary (`assets.rs`).
//!
//! SPARQL and the analysis are blocking: each request runs on tokio's blocking pool, under the
//! per-query timeout, and the async workers only wait for it.

mod api;
mod assets;
pub mod negotiate;
mod protocol;

use std::ffi::OsString;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use oxigraph::model::NamedOrBlankNode;

use crate::analysis::Analyzer;
use crate::source::Source;

/// What can go wrong starting the server.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The graph could not be projected or its names indexed.
    #[error(transparent)]
    Analysis(#[from] crate::analysis::Error),
    /// The named graphs could not be listed.
    #[error(transparent)]
    Source(#[from] crate::source::Error),
}

/// How the server answers.
#[derive(Debug, Clone)]
pub struct Config {
    /// A query (or an analysis request) running longer than this is cancelled and answered 503.
    pub timeout: Duration,
    /// A SELECT with more rows, or a CONSTRUCT/DESCRIBE with more triples, is answered 413.
    pub max_rows: usize,
    /// Whether to answer cross-origin requests (CORS, any origin).
    pub cors: bool,
    /// The Graphviz program that draws the explorer's diagrams as SVG (`dot`); `None` lets the page
    /// draw its own.
    pub dot: Option<OsString>,
    /// The base IRI relative IRIs in queries resolve against.
    pub base: Option<String>,
    /// Whether a query without a dataset gets the merge of every graph (the service description
    /// then names the feature `sd:UnionDefaultGraph`).
    pub union_default_graph: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            timeout: Duration::from_secs(30),
            max_rows: 100_000,
            cors: false,
            dot: None,
            base: None,
            union_default_graph: true,
        }
    }
}

/// The graph being served, indexed once, with the server's configuration.
pub struct Service {
    analyzer: Analyzer,
    named_graphs: Vec<NamedOrBlankNode>,
    config: Config,
}

impl Service {
    /// Projects `source` and indexes its names, as the analysis commands do.
    pub fn new(source: Source, config: Config) -> Result<Self, Error> {
        let named_graphs = source.named_graphs()?;
        Ok(Self { analyzer: Analyzer::new(source)?, named_graphs, config })
    }

    fn source(&self) -> &Source {
        &self.analyzer.source
    }
}

/// Every route of the server over `service`; `tower::ServiceExt::oneshot` drives it in tests.
pub fn router(service: Arc<Service>) -> Router {
    let cors = service.config.cors;
    let router = Router::new()
        .route("/sparql", get(protocol::get).post(protocol::post))
        .route("/query", get(protocol::get).post(protocol::post))
        .route("/store", get(protocol::graph_store))
        .merge(api::routes())
        .merge(assets::routes())
        .with_state(service);
    if cors {
        router.layer(
            tower_http::cors::CorsLayer::new()
                .allow_origin(tower_http::cors::Any)
                .allow_methods([axum::http::Method::GET, axum::http::Method::POST])
                .allow_headers([header::CONTENT_TYPE, header::ACCEPT]),
        )
    } else {
        router
    }
}

/// Whether binding `addr` exposes the server beyond this machine.
pub fn is_public(addr: &std::net::SocketAddr) -> bool {
    !addr.ip().is_loopback()
}

/// Serves `router` on `listener` until Ctrl-C.
pub async fn run(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

/// A one-line plain-text answer, for errors.
fn text(status: StatusCode, message: impl Into<String>) -> Response {
    let mut body = message.into();
    body.push('\n');
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

/// Runs `work` on the blocking pool under the configured timeout; `on_timeout` is called when the
/// time runs out (to cancel a query), and the answer is then 503.
async fn blocking<T: Send + 'static>(
    service: &Service,
    work: impl FnOnce() -> T + Send + 'static,
    on_timeout: impl FnOnce(),
) -> Result<T, Response> {
    let timeout = service.config.timeout;
    match tokio::time::timeout(timeout, tokio::task::spawn_blocking(work)).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(text(StatusCode::INTERNAL_SERVER_ERROR, format!("the request failed: {e}"))),
        Err(_) => {
            on_timeout();
            Err(text(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the request ran longer than {} s (--timeout) and was stopped; narrow the query or add a LIMIT",
                    timeout.as_secs_f64()
                ),
            ))
        }
    }
}
