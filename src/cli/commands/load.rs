//! `policykg load --store DIR FILE…`: RDF files into a persistent Oxigraph store, all or nothing.
//!
//! Every file is parsed into memory before the store is even opened, so a syntax error in any of
//! them leaves the store exactly as it was (or not created at all); then the bulk loader writes
//! everything and commits once.

use std::fs::File;
use std::io::{BufReader, IsTerminal};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use oxigraph::io::{RdfFormat, RdfParseError, RdfParser, RdfSyntaxError};
use oxigraph::model::{NamedNode, Quad};

use super::export::parse_iri;
use crate::cli::ExitStatus;
use crate::cli::input::rdf_format;
use crate::kg;

/// Files smaller than this parse too fast for a progress bar to help.
const PROGRESS_BYTES: u64 = 4 << 20;
/// Likewise for the number of quads written to the store.
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
    /// name such as pkg:document. Quads of N-Quads and TriG files keep their own graph.
    #[arg(long, value_name = "IRI")]
    pub graph: Option<String>,
    /// The RDF format of the files, when their extension does not tell.
    #[arg(long, value_name = "FORMAT")]
    pub data_format: Option<String>,
}

pub fn run(args: LoadArgs) -> anyhow::Result<ExitStatus> {
    kg::store::available()?;
    let graph = args.graph.as_deref().map(parse_iri).transpose()?;
    let mut quads = Vec::new();
    for path in &args.files {
        let format = rdf_format(path, args.data_format.as_deref())?;
        quads.extend(parse_file(path, format, graph.as_ref())?);
    }
    let store = kg::store::open(&args.store)?;
    let count = quads.len();
    let bar = if count >= PROGRESS_QUADS {
        bar(count as u64, "{msg} [{bar:30}] {pos}/{len} quads")
    } else {
        ProgressBar::hidden()
    };
    bar.set_message("loading");
    let progress = bar.clone();
    kg::store::load(&store, quads, move |done| progress.set_position(done))?;
    bar.finish_and_clear();
    let files = if args.files.len() == 1 { "1 file".to_string() } else { format!("{} files", args.files.len()) };
    eprintln!("policykg: loaded {count} quads from {files} into {}", args.store.display());
    Ok(ExitStatus::Success)
}

/// Parses one file. Blank nodes get fresh random ids, so that `_:b0` in two files, or in two loads,
/// stays two nodes in the store.
fn parse_file(path: &Path, format: RdfFormat, graph: Option<&NamedNode>) -> anyhow::Result<Vec<Quad>> {
    let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = if size >= PROGRESS_BYTES {
        bar(size, "{msg} [{bar:30}] {bytes}/{total_bytes}")
    } else {
        ProgressBar::hidden()
    };
    bar.set_message(format!("parsing {}", path.display()));
    let mut parser = RdfParser::from_format(format).rename_blank_nodes();
    if let Some(graph) = graph {
        parser = parser.with_default_graph(graph.clone());
    }
    let mut quads = Vec::new();
    for quad in parser.for_reader(BufReader::new(bar.wrap_read(file))) {
        match quad {
            Ok(quad) => quads.push(quad),
            Err(RdfParseError::Syntax(e)) => {
                bar.finish_and_clear();
                anyhow::bail!("{}", syntax_error(path, &e));
            }
            Err(RdfParseError::Io(e)) => {
                bar.finish_and_clear();
                return Err(e).with_context(|| format!("cannot read {}", path.display()));
            }
        }
    }
    bar.finish_and_clear();
    Ok(quads)
}

/// `FILE: message`, with the line and column when the parser knows them and its message does not
/// already say them.
fn syntax_error(path: &Path, e: &RdfSyntaxError) -> String {
    let message = e.to_string();
    match e.location() {
        Some(at) if !message.contains("line") => {
            format!("{}:{}:{}: {message}", path.display(), at.start.line + 1, at.start.column + 1)
        }
        _ => format!("{}: {message}", path.display()),
    }
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
fn bar(len: u64, template: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let style = ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr()).with_style(style.progress_chars("=> "))
}
