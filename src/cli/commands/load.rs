//! `policykg load --store DIR FILE…`: RDF files into a persistent Oxigraph store, all or nothing.
//!
//! Every file is parsed into memory before the store is even opened, so a syntax error in any of
//! them leaves the store exactly as it was (or not created at all); then the bulk loader writes
//! everything and commits once.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::ExitStatus;
use crate::cli::config::graph_iri;
use crate::source::{self, DataFile};

/// Fewer quads than this load too fast for a progress bar to help.
const PROGRESS_QUADS: usize = 100_000;

#[derive(Debug, Args)]
pub struct LoadArgs {
    /// The store folder; it is created if missing (needs the rocksdb feature).
    #[arg(long, value_name = "DIR")]
    pub store: PathBuf,
    /// RDF files to load (format from the extension, or --data-format).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Put the triples that are in no named graph into this graph: an IRI, <IRI>, or a prefixed
    /// name such as pkg:doc/my-document. Quads of N-Quads and TriG files keep their own graph.
    #[arg(long, value_name = "IRI")]
    pub graph: Option<String>,
    /// The RDF format of the files, when their extension does not tell (ttl, nt, nq, trig, rdf,
    /// n3, jsonld).
    #[arg(long, value_name = "FORMAT")]
    pub data_format: Option<String>,
    /// The base IRI relative IRIs resolve against; by default each file's own file: URL.
    #[arg(long, value_name = "IRI")]
    pub base: Option<String>,
}

pub fn run(args: LoadArgs) -> anyhow::Result<ExitStatus> {
    source::store::available()?;
    let graph = args.graph.as_deref().map(graph_iri).transpose()?;
    let mut quads = Vec::new();
    for path in &args.files {
        let file = DataFile {
            graph: graph.clone(),
            ..DataFile::new(path, args.data_format.as_deref(), args.base.as_deref())?
        };
        quads.extend(file.read()?);
    }
    let writer = source::store::Writer::open(&args.store)?;
    let count = quads.len();
    let bar = if count >= PROGRESS_QUADS {
        bar(count as u64, "{msg} [{bar:30}] {pos}/{len} quads")
    } else {
        ProgressBar::hidden()
    };
    bar.set_message("loading");
    let progress = bar.clone();
    source::store::load(writer.store(), quads, move |done| progress.set_position(done))?;
    writer.finish()?;
    bar.finish_and_clear();
    let files = if args.files.len() == 1 { "1 file".to_string() } else { format!("{} files", args.files.len()) };
    eprintln!("policykg: loaded {count} quads from {files} into {}", args.store.display());
    Ok(ExitStatus::Success)
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
fn bar(len: u64, template: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr()).with_style(style.progress_chars("=> "))
}
