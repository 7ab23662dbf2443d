//! The command line resolved once into what the library needs: which source to read. Every command
//! that reads a graph flattens [`SourceArgs`] and calls [`SourceArgs::spec`]; none decides for
//! itself where its data comes from.

use std::path::PathBuf;

use anyhow::bail;
use clap::{ArgAction, Args, ValueEnum};
use oxigraph::model::NamedNode;

use crate::source::{DataFile, Source, Spec, store};
use crate::sparql::DefaultDataset;

/// Where the graph comes from: the built-in graph unless one of these is given.
#[derive(Debug, Clone, Default, Args)]
pub struct SourceArgs {
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
    /// The base IRI that relative IRIs in the --data files and in the query resolve against; by
    /// default each file's own file: URL.
    #[arg(long, value_name = "IRI", global = true)]
    pub base: Option<String>,
    /// The default graph of a query that names no dataset with FROM or FROM NAMED: `union`, the
    /// merge of every graph (each triple once); or `unnamed`, only the triples in no named graph,
    /// as the SPARQL Recommendation takes it.
    #[arg(long, value_enum, value_name = "GRAPH", default_value = "union", global = true)]
    pub default_graph: DefaultGraphArg,
}

/// What `--default-graph` may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum DefaultGraphArg {
    #[default]
    Union,
    Unnamed,
}

impl From<DefaultGraphArg> for DefaultDataset {
    fn from(arg: DefaultGraphArg) -> Self {
        match arg {
            DefaultGraphArg::Union => DefaultDataset::Union,
            DefaultGraphArg::Unnamed => DefaultDataset::Unnamed,
        }
    }
}

impl SourceArgs {
    /// Opens the source these arguments name.
    pub fn open(&self) -> anyhow::Result<Source> {
        self.open_spec(&self.spec()?)
    }

    /// Opens `spec`, resolved from these arguments, with their default graph.
    pub fn open_spec(&self, spec: &Spec) -> anyhow::Result<Source> {
        Ok(Source::open(spec)?.with_default_dataset(self.default_graph.into()))
    }

    /// The source these arguments name. Refuses at once what can be refused without reading any
    /// data: a store in a build without the rocksdb feature, an unknown format, a bad base IRI.
    pub fn spec(&self) -> anyhow::Result<Spec> {
        if self.data_format.is_some() && self.data.is_empty() {
            bail!("--data-format names the format of --data files, and no --data file is given");
        }
        if let Some(base) = &self.base {
            if NamedNode::new(base).is_err() {
                bail!("--base {base}: not an absolute IRI (e.g. http://example.org/ or file:///data/)");
            }
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
