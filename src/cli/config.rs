//! The command line resolved once into what the library needs: which source to read. Every command
//! that reads a graph flattens [`SourceArgs`] and calls [`SourceArgs::open`]; none decides for
//! itself where its data comes from.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::bail;
use clap::{ArgAction, Args};
use oxigraph::model::NamedNode;

use crate::source::endpoint::{Credentials, EndpointSpec};
use crate::source::{DataFile, Source, Spec, store};
use crate::sparql::DefaultDataset;

/// The environment variable that holds the password for `--user`.
pub const PASSWORD_VARIABLE: &str = "POLICYKG_PASSWORD";

/// Where the graph comes from: the built-in graph unless one of these is given.
#[derive(Debug, Clone, Default, Args)]
pub struct SourceArgs {
    #[command(flatten)]
    pub local: LocalArgs,
    #[command(flatten)]
    pub remote: RemoteArgs,
    /// The default graph of the queries that name no dataset (FROM, FROM NAMED): `union`, the merge
    /// of every graph, each triple once (the default); `unnamed`, only the triples in no named
    /// graph, as the SPARQL Recommendation takes it; or graph IRIs (repeat the option), merged.
    #[arg(long, value_name = "GRAPH", action = ArgAction::Append, global = true)]
    pub default_graph: Vec<String>,
}

/// A graph on this machine: RDF files or a store.
#[derive(Debug, Clone, Default, Args)]
pub struct LocalArgs {
    /// Read these RDF files instead of the built-in graph (format from the extension, or
    /// --data-format). N-Quads and TriG keep their graphs; each file's blank nodes are its own.
    /// Arguments after --data are taken as files: put other arguments before it, or `--` after it.
    #[arg(long, value_name = "FILE", num_args = 1.., action = ArgAction::Append, conflicts_with = "store", global = true)]
    pub data: Vec<PathBuf>,
    /// The RDF format of the --data files, when their extension does not tell (ttl, nt, nq, trig,
    /// rdf, n3, jsonld).
    #[arg(long, value_name = "FORMAT", global = true)]
    pub data_format: Option<String>,
    /// Read this persistent Oxigraph store, filled by `policykg load` (needs the rocksdb feature).
    #[arg(long, value_name = "DIR", global = true)]
    pub store: Option<PathBuf>,
    /// The base IRI that relative IRIs resolve against, in --data files and in queries (given,
    /// or those the commands run); by default each file's own file: URL.
    #[arg(long, value_name = "IRI", global = true)]
    pub base: Option<String>,
}

/// A SPARQL server.
#[derive(Debug, Clone, Default, Args)]
pub struct RemoteArgs {
    /// A SPARQL 1.1 endpoint (e.g. http://127.0.0.1:8890/sparql). Queries go by POST with the
    /// prefixes of `policykg prefixes` written out in front; the default graph is the server's
    /// own (most servers query the union of their graphs) unless --default-graph names graphs.
    #[arg(long, value_name = "URL", global = true)]
    pub endpoint: Option<String>,
    /// The user name for an endpoint that asks for credentials (HTTP Basic or Digest); the
    /// password comes from the environment variable POLICYKG_PASSWORD, never from the command line.
    #[arg(long, value_name = "NAME", requires = "endpoint", global = true)]
    pub user: Option<String>,
    /// Give up on a request to an endpoint (600 s when not given) and, for `query`, on the
    /// evaluation, after this many seconds; for `serve`, on each request (30 s when not given).
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds, global = true)]
    pub timeout: Option<Duration>,
}

impl RemoteArgs {
    /// The endpoint named, with its credentials, and `default_graphs` to send as
    /// `default-graph-uri`; `None` without --endpoint.
    pub fn spec(&self, default_graphs: Vec<String>) -> anyhow::Result<Option<EndpointSpec>> {
        let Some(url) = &self.endpoint else { return Ok(None) };
        let password = std::env::var(PASSWORD_VARIABLE).ok();
        let credentials = match (&self.user, password) {
            (Some(user), Some(password)) => Some(Credentials { user: user.clone(), password }),
            (Some(_), None) => bail!("--user needs the password in the environment variable {PASSWORD_VARIABLE}"),
            (None, _) => None,
        };
        Ok(Some(EndpointSpec { url: url.clone(), credentials, timeout: self.timeout, default_graphs }))
    }
}

impl LocalArgs {
    /// The local source named: files, a store, or the built-in graph.
    pub fn spec(&self) -> anyhow::Result<Spec> {
        if self.data_format.is_some() && self.data.is_empty() {
            bail!("--data-format names the format of --data files, and no --data file is given");
        }
        if let Some(base) = &self.base
            && NamedNode::new(base).is_err()
        {
            bail!("--base {base}: not an absolute IRI (e.g. http://example.org/ or file:///data/)");
        }
        if let Some(dir) = &self.store {
            store::available()?;
            return Ok(Spec::Store(dir.clone()));
        }
        if self.data.is_empty() {
            return Ok(Spec::Builtin);
        }
        let files = self
            .data
            .iter()
            .map(|path| DataFile::new(path, self.data_format.as_deref(), self.base.as_deref()))
            .collect::<Result<_, _>>()?;
        Ok(Spec::Files(files))
    }
}

fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text.trim().parse().map_err(|_| format!("'{text}' is not a number of seconds"))?;
    if seconds.is_nan() || seconds <= 0.0 {
        return Err("the timeout must be more than 0 seconds".to_string());
    }
    Duration::try_from_secs_f64(seconds).map_err(|_| format!("'{text}' seconds is too long a timeout"))
}

impl SourceArgs {
    /// Opens the source these arguments name.
    pub fn open(&self) -> anyhow::Result<Source> {
        self.open_spec(&self.spec()?)
    }

    /// Opens `spec`, resolved from these arguments, with their default graph.
    pub fn open_spec(&self, spec: &Spec) -> anyhow::Result<Source> {
        let default = self.default_dataset()?;
        let source = Source::open(spec)?;
        if let (DefaultDataset::Graphs(graphs), false) = (&default, matches!(spec, Spec::Endpoint(_))) {
            let named = source.named_graphs()?;
            for g in graphs {
                if !named.iter().any(|n| n.to_string() == format!("<{}>", g.as_str())) {
                    let names: Vec<String> = named.iter().map(|n| n.to_string()).collect();
                    bail!(
                        "--default-graph {}: no such graph; the named graphs are: {}",
                        crate::rdf::vocab::shorten(g.as_str()),
                        if names.is_empty() { "none".to_string() } else { names.join(", ") }
                    );
                }
            }
        }
        Ok(source.with_default_dataset(default))
    }

    /// What --default-graph names.
    pub fn default_dataset(&self) -> anyhow::Result<DefaultDataset> {
        let words = self.default_graph.iter().map(String::as_str).collect::<Vec<_>>();
        if words.len() > 1 && words.iter().any(|w| matches!(*w, "union" | "unnamed")) {
            bail!("--default-graph union or unnamed stands alone; to merge graphs, give only their IRIs");
        }
        match words.as_slice() {
            [] | ["union"] => Ok(DefaultDataset::Union),
            ["unnamed"] => Ok(DefaultDataset::Unnamed),
            iris => Ok(DefaultDataset::Graphs(iris.iter().map(|i| graph_iri(i)).collect::<Result<_, _>>()?)),
        }
    }

    /// The source these arguments name. Refuses at once what can be refused without reading any
    /// data: a store in a build without the rocksdb feature, an unknown format, a bad base IRI.
    pub fn spec(&self) -> anyhow::Result<Spec> {
        if self.remote.endpoint.is_some() && (!self.local.data.is_empty() || self.local.store.is_some()) {
            bail!("--endpoint names the graph to read, and so do --data and --store: give one of them");
        }
        let local = self.local.spec()?;
        let default_graphs = match self.default_dataset()? {
            DefaultDataset::Graphs(graphs) => graphs.iter().map(|g| g.as_str().to_string()).collect(),
            DefaultDataset::Unnamed if self.remote.endpoint.is_some() => bail!(
                "--default-graph unnamed: a remote endpoint's default graph is its own; name graphs with --default-graph IRI"
            ),
            _ => Vec::new(),
        };
        Ok(self.remote.spec(default_graphs)?.map(Spec::Endpoint).unwrap_or(local))
    }

    /// The base IRI given.
    pub fn base(&self) -> Option<&str> {
        self.local.base.as_deref()
    }
}

/// A graph named on the command line: `<IRI>`, a prefixed name with a predeclared prefix
/// (`pkg:background`, `pkg:doc/ganzhou-measures-2020`), or a full IRI.
pub fn graph_iri(text: &str) -> anyhow::Result<NamedNode> {
    let text = text.trim();
    let expanded = match text.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
        Some(inner) => inner.to_string(),
        None => {
            let known = text.split_once(':').and_then(|(p, local)| {
                crate::rdf::vocab::PREFIXES.iter().find(|(name, _)| *name == p).map(|(_, ns)| format!("{ns}{local}"))
            });
            known.unwrap_or_else(|| text.to_string())
        }
    };
    NamedNode::new(&expanded).map_err(|e| {
        anyhow::anyhow!("'{text}' is not an IRI ({e}): give a full IRI or a prefixed name such as pkg:background")
    })
}

/// A count given on the command line that must be at least 1 (a cap, a number of hops).
pub fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("expected a whole number of at least 1, got '{s}'")),
    }
}
