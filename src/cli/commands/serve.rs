//! `policykg serve`: the SPARQL endpoint and the explorer over any source, until Ctrl-C.

use std::ffi::OsString;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

use super::diagram::DOT_VARIABLE;
use crate::cli::ExitStatus;
use crate::cli::config::{SourceArgs, at_least_one};
use crate::serve::{self, Config, Service};

/// The per-query timeout when `--timeout` is not given.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address and port to listen on; another address than loopback exposes the graph to the
    /// network (a warning says so).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7878")]
    pub bind: SocketAddr,
    /// Answer a query with more rows (or triples) than this with 413 and a one-line message.
    #[arg(long, value_name = "N", default_value_t = 100_000, value_parser = at_least_one)]
    pub max_rows: usize,
    /// Answer cross-origin requests from any web page (CORS); off by default.
    #[arg(long)]
    pub cors: bool,
    #[command(flatten)]
    pub source: SourceArgs,
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitStatus> {
    let source = args.source.open()?;
    let config = Config {
        timeout: args.source.remote.timeout.unwrap_or(DEFAULT_TIMEOUT),
        max_rows: args.max_rows,
        cors: args.cors,
        dot: graphviz(),
        base: args.source.base().map(str::to_string),
        union_default_graph: args.source.remote.endpoint.is_none()
            && args.source.default_dataset()? == crate::sparql::DefaultDataset::Union,
    };
    let service = Arc::new(Service::new(source, config)?);
    let listener = std::net::TcpListener::bind(args.bind).with_context(|| format!("cannot listen on {}", args.bind))?;
    listener.set_nonblocking(true)?;
    let bound = listener.local_addr()?;
    if serve::is_public(&bound) {
        eprintln!(
            "policykg: warning: listening on {bound}, which is not loopback: anyone who can reach this machine can query the graph"
        );
    }
    eprintln!("policykg: serving at http://{bound}/ (SPARQL at http://{bound}/sparql); Ctrl-C stops");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        serve::run(listener, serve::router(service)).await
    })?;
    Ok(ExitStatus::Success)
}

/// The Graphviz program to draw SVG with, when it runs.
fn graphviz() -> Option<OsString> {
    let program = std::env::var_os(DOT_VARIABLE).unwrap_or_else(|| OsString::from("dot"));
    let runs = std::process::Command::new(&program)
        .arg("-V")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    runs.then_some(program)
}
