//! `policykg push --endpoint URL`: the built-in graph, RDF files or a store written to a SPARQL
//! server, each named graph replaced whole, and the server's counts checked.

use std::io::IsTerminal;

use anyhow::bail;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::ExitStatus;
use crate::cli::config::{LocalArgs, RemoteArgs, graph_iri};
use crate::source::Source;
use crate::source::endpoint::Endpoint;
use crate::source::push::{Method, push};

#[derive(Debug, Args)]
pub struct PushArgs {
    /// What to push: the built-in graph unless --data or --store is given.
    #[command(flatten)]
    pub local: LocalArgs,
    /// Where to: --endpoint is required; SPARQL Update requests go to it.
    #[command(flatten)]
    pub remote: RemoteArgs,
    /// Write each graph with one PUT to this SPARQL 1.1 Graph Store HTTP Protocol URL (e.g.
    /// http://127.0.0.1:8890/sparql-graph-crud) instead of SPARQL Update.
    #[arg(long, value_name = "URL")]
    pub graph_store: Option<String>,
    /// Triples per request with SPARQL Update (the triples that share a blank node always go
    /// together); Virtuoso 7 refuses much more than 1,000.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub batch: usize,
    /// Put the triples that are in no named graph into this graph: an IRI or a prefixed name.
    #[arg(long, value_name = "IRI")]
    pub graph: Option<String>,
}

pub fn run(args: PushArgs) -> anyhow::Result<ExitStatus> {
    let Some(spec) = args.remote.spec(Vec::new())? else {
        bail!("push needs --endpoint URL, the SPARQL endpoint to write to");
    };
    if args.batch == 0 {
        bail!("--batch must be at least 1");
    }
    let graph = args.graph.as_deref().map(graph_iri).transpose()?;
    let target = Endpoint::new(spec)?;
    let source = Source::open(&args.local.spec()?)?;
    let total = source.quad_count()? as u64;
    let method = match &args.graph_store {
        Some(url) => Method::GraphStore { url: url.clone() },
        None => Method::Update { batch: args.batch },
    };
    let bar = if std::io::stderr().is_terminal() {
        let style = ProgressStyle::with_template("pushing [{bar:30}] {pos}/{len} triples")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()).with_style(style.progress_chars("=> "))
    } else {
        ProgressBar::hidden()
    };
    let result = push(&source, graph.as_ref(), &target, &method, &mut |n| bar.set_position(n));
    bar.finish_and_clear();
    let pushed = result?;
    for p in &pushed {
        eprintln!("policykg: <{}>: {} triples, as many on the server", p.graph, p.triples);
    }
    let sent: u64 = pushed.iter().map(|p| p.triples).sum();
    eprintln!("policykg: pushed {} graphs, {sent} triples, to {}", pushed.len(), target.url());
    Ok(ExitStatus::Success)
}
