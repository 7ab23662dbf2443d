//! Where a graph comes from, chosen once: the built-in graph, RDF files, or a persistent store (and,
//! through the same [`QuerySource`] interface, a remote SPARQL endpoint). Every command that reads
//! a graph opens a [`Source`] from a [`Spec`] and asks it SPARQL; none decides for itself.

pub mod endpoint;
pub mod push;
pub mod store;

use std::path::{Path, PathBuf};

use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Store;

use crate::kg;
use crate::rdf::parse;
use crate::sparql::{self, DefaultDataset, Query, QuerySource, Results, StoreSource};
use crate::text::CleanText;

/// What can go wrong opening a source.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A data file cannot be read.
    #[error("cannot read {}: {reason}", path.display())]
    Read { path: PathBuf, reason: String },
    /// A data file does not parse, or is not UTF-8.
    #[error(transparent)]
    Parse(#[from] parse::Error),
    /// The persistent store cannot be opened.
    #[error(transparent)]
    Store(#[from] store::Error),
    /// The built-in graph cannot be built.
    #[error(transparent)]
    Kg(#[from] kg::Error),
    /// The in-memory store failed.
    #[error("store: {0}")]
    Storage(#[from] oxigraph::store::StorageError),
    /// A query to the source failed (a remote endpoint's answer, mostly).
    #[error(transparent)]
    Sparql(#[from] sparql::Error),
}

/// One RDF file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFile {
    pub path: PathBuf,
    pub format: RdfFormat,
    /// The base IRI relative IRIs resolve against: `--base`, or else the file's own `file:` URL.
    pub base: Option<String>,
    /// The named graph the file's unnamed triples go into; `None` keeps them in the default graph.
    pub graph: Option<NamedNode>,
}

impl DataFile {
    /// `path` in `format` (else the format its extension names), with `base` or else its own URL.
    pub fn new(path: &Path, format: Option<&str>, base: Option<&str>) -> Result<Self, Error> {
        if path.is_dir() {
            return Err(Error::Read { path: path.to_path_buf(), reason: "it is a folder, not a file".to_string() });
        }
        Ok(Self {
            path: path.to_path_buf(),
            format: parse::format_of(path, format)?,
            base: base.map(str::to_string).or_else(|| parse::file_url(path)),
            graph: None,
        })
    }

    /// Reads and parses the file; its blank nodes are its own.
    pub fn read(&self) -> Result<Vec<Quad>, Error> {
        let bytes =
            std::fs::read(&self.path).map_err(|e| Error::Read { path: self.path.clone(), reason: io_reason(&e) })?;
        let quads = parse::parse(&self.path.display().to_string(), &bytes, self.format, self.base.as_deref())?;
        Ok(match &self.graph {
            None => quads,
            Some(g) => quads
                .into_iter()
                .map(|q| match q.graph_name {
                    GraphName::DefaultGraph => Quad::new(q.subject, q.predicate, q.object, g.clone()),
                    _ => q,
                })
                .collect(),
        })
    }
}

/// Where the graph comes from, as resolved from the command line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Spec {
    /// The built-in graph: ontology, document and background.
    #[default]
    Builtin,
    /// RDF files, read into memory; N-Quads and TriG keep their graphs.
    Files(Vec<DataFile>),
    /// A persistent RocksDB store filled by `policykg load`.
    Store(PathBuf),
    /// A remote SPARQL 1.1 endpoint.
    Endpoint(endpoint::EndpointSpec),
}

/// An opened source: something to ask SPARQL, and the clean text evidence offsets point into.
pub struct Source {
    inner: Inner,
    /// A store's shared lock, held as long as the source is open (see [`store::Reader`]).
    _lock: Option<std::fs::File>,
    /// Whether the data is a RocksDB store on disk (see [`Source::is_on_disk`]).
    on_disk: bool,
}

enum Inner {
    Local(StoreSource),
    Remote(endpoint::Endpoint),
}

impl Source {
    /// Opens what `spec` names. Files are all parsed before anything is built.
    pub fn open(spec: &Spec) -> Result<Self, Error> {
        match spec {
            Spec::Builtin => Self::builtin(),
            Spec::Files(files) => Self::from_quads(read_all(files)?),
            Spec::Store(dir) => {
                let store::Reader { store, lock } = store::Reader::open(dir)?;
                let query = if store_graphs_are_disjoint(&store)? {
                    StoreSource::with_disjoint_graphs(store)
                } else {
                    StoreSource::new(store)
                };
                Ok(Self { inner: Inner::Local(query), _lock: lock, on_disk: true })
            }
            Spec::Endpoint(spec) => {
                Ok(Self { inner: Inner::Remote(endpoint::Endpoint::new(spec.clone())?), _lock: None, on_disk: false })
            }
        }
    }

    /// The built-in graph.
    pub fn builtin() -> Result<Self, Error> {
        Self::from_quads(kg::builtin_quads(kg::builtin_text())?)
    }

    /// A graph of `quads` in memory.
    pub fn from_quads(quads: Vec<Quad>) -> Result<Self, Error> {
        Ok(Self { inner: Inner::Local(in_memory(quads)?), _lock: None, on_disk: false })
    }

    /// The same source, with `default` as the default graph of queries that name no dataset. A
    /// remote endpoint keeps the default graph its spec names (`default-graph-uri`), or the server's.
    pub fn with_default_dataset(self, default: DefaultDataset) -> Self {
        match self.inner {
            Inner::Local(s) => Self { inner: Inner::Local(s.with_default_dataset(default)), ..self },
            remote => Self { inner: remote, ..self },
        }
    }

    /// The quads of `graph`, or of every graph, in [`crate::rdf::stable_order`]: read from the
    /// store, or asked of an endpoint with `GRAPH ?g` (its default graph is its own business).
    pub fn quads(&self, graph: Option<&NamedNode>) -> Result<Vec<Quad>, Error> {
        match &self.inner {
            Inner::Local(s) => Ok(store::quads(s.store(), graph)?),
            Inner::Remote(e) => {
                let pattern = match graph {
                    Some(g) => format!(
                        "SELECT ?s ?p ?o (<{}> AS ?g) WHERE {{ GRAPH <{}> {{ ?s ?p ?o }} }}",
                        g.as_str(),
                        g.as_str()
                    ),
                    None => "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }".to_string(),
                };
                let mut quads = Vec::new();
                for row in sparql::select(e, &pattern, &["s", "p", "o", "g"])? {
                    if let [Some(s), Some(Term::NamedNode(p)), Some(o), Some(g)] = &row[..] {
                        let subject = match s {
                            Term::NamedNode(n) => NamedOrBlankNode::from(n.clone()),
                            Term::BlankNode(b) => NamedOrBlankNode::from(b.clone()),
                            _ => continue,
                        };
                        let graph = match g {
                            Term::NamedNode(n) => GraphName::from(n.clone()),
                            Term::BlankNode(b) => GraphName::from(b.clone()),
                            _ => continue,
                        };
                        quads.push(Quad::new(subject, p.clone(), o.clone(), graph));
                    }
                }
                Ok(crate::rdf::stable_order(quads))
            }
        }
    }

    /// The quads of one graph of a local source, in the store's order (for writing a graph out
    /// without sorting the whole dataset); a remote source gives them through [`Source::quads`].
    pub fn graph_quads(&self, graph: &GraphName) -> Result<Vec<Quad>, Error> {
        match &self.inner {
            Inner::Local(s) => {
                Ok(s.store().quads_for_pattern(None, None, None, Some(graph.as_ref())).collect::<Result<_, _>>()?)
            }
            Inner::Remote(_) => match graph {
                GraphName::NamedNode(g) => self.quads(Some(g)),
                _ => Ok(Vec::new()),
            },
        }
    }

    /// How many quads a local source holds (for a progress bar); 0 for a remote one.
    pub fn quad_count(&self) -> Result<usize, Error> {
        match &self.inner {
            Inner::Local(s) => Ok(s.store().len()?),
            Inner::Remote(_) => Ok(0),
        }
    }

    /// The named graphs, sorted.
    pub fn named_graphs(&self) -> Result<Vec<NamedOrBlankNode>, Error> {
        match &self.inner {
            Inner::Local(s) => Ok(store::named_graphs(s.store())?),
            Inner::Remote(e) => {
                let mut graphs: Vec<NamedOrBlankNode> =
                    sparql::select(e, "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", &["g"])?
                        .into_iter()
                        .filter_map(|row| match row.into_iter().next().flatten() {
                            Some(Term::NamedNode(n)) => Some(n.into()),
                            Some(Term::BlankNode(b)) => Some(b.into()),
                            _ => None,
                        })
                        .collect();
                graphs.sort_by_cached_key(|g| g.to_string());
                Ok(graphs)
            }
        }
    }

    /// Whether the source is a RocksDB store on disk. Such a store must be closed before the
    /// process exits: RocksDB's background threads and globals do not survive the process's exit
    /// handlers (a segmentation fault, or an abort with `pthread lock: Invalid argument`).
    pub fn is_on_disk(&self) -> bool {
        self.on_disk
    }

    /// Whether the source is a remote SPARQL endpoint (which gets a query's text, not its parsed form).
    pub fn is_remote(&self) -> bool {
        matches!(self.inner, Inner::Remote(_))
    }

    /// The clean text of the built-in document, which the evidence offsets of its facts point into.
    pub fn clean_text(&self) -> &CleanText {
        kg::builtin_text()
    }
}

/// Reads and parses every file, in order.
pub fn read_all(files: &[DataFile]) -> Result<Vec<Quad>, Error> {
    let mut quads = Vec::new();
    for file in files {
        quads.extend(file.read()?);
    }
    Ok(quads)
}

/// Stores up to this many quads are read once on opening to learn whether any triple is in two
/// graphs; larger ones are taken to share triples, and their union default graph is deduplicated.
const DISJOINT_CHECK_QUADS: usize = 200_000;

/// Whether no triple of `store` is in two graphs, when that can be known cheaply.
fn store_graphs_are_disjoint(store: &Store) -> Result<bool, Error> {
    let named = store.named_graphs().take(2).count();
    let has_default =
        store.quads_for_pattern(None, None, None, Some(oxigraph::model::GraphNameRef::DefaultGraph)).next().is_some();
    if named + usize::from(has_default) <= 1 {
        return Ok(true);
    }
    if store.len()? > DISJOINT_CHECK_QUADS {
        return Ok(false);
    }
    let quads: Vec<Quad> = store.iter().collect::<Result<_, _>>()?;
    Ok(sparql::disjoint_graphs(&quads))
}

fn in_memory(quads: Vec<Quad>) -> Result<StoreSource, Error> {
    let disjoint = sparql::disjoint_graphs(&quads);
    let store = Store::new()?;
    store.extend(quads)?;
    Ok(if disjoint { StoreSource::with_disjoint_graphs(store) } else { StoreSource::new(store) })
}

impl QuerySource for Source {
    fn execute(&self, query: &Query) -> Result<Results<'_>, sparql::Error> {
        match &self.inner {
            Inner::Local(s) => s.execute(query),
            Inner::Remote(e) => e.execute(query),
        }
    }
}

/// A reason for an I/O failure that a person can act on.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::IsADirectory => "it is a folder, not a file".to_string(),
        std::io::ErrorKind::InvalidData => "not UTF-8 text".to_string(),
        _ => e.to_string(),
    }
}
