//! `policykg build --out DIR`: the built-in graph as files, one Turtle file per named graph and
//! the whole dataset as N-Quads, byte-identical from run to run.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use oxigraph::io::RdfFormat;

use crate::builtin;
use crate::cli::ExitStatus;
use crate::cli::input::write_atomically;
use crate::rdf::{self, vocab, vocab::Graph};
use crate::source::Source;

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The folder to write into; it is created if missing.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

pub fn run(args: BuildArgs) -> anyhow::Result<ExitStatus> {
    let source = Source::builtin()?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}: check the path and its permissions", args.out.display()))?;
    // Serialise everything first, so that nothing is written unless everything can be.
    let mut files = Vec::new();
    let document = vocab::document_graph(&builtin::metadata().id);
    let graphs = [("ontology", Graph::Ontology.iri()), ("document", document), ("background", Graph::Background.iri())];
    for (name, graph) in graphs {
        let mut bytes = Vec::new();
        rdf::write_quads(&source.quads(Some(&graph))?, RdfFormat::Turtle, &mut bytes)?;
        files.push((format!("{name}.ttl"), bytes));
    }
    let mut bytes = Vec::new();
    rdf::write_quads(&source.quads(None)?, RdfFormat::NQuads, &mut bytes)?;
    files.push(("policykg.nq".to_string(), bytes));
    for (name, bytes) in &files {
        let path = args.out.join(name);
        write_atomically(&path, bytes)?;
        eprintln!("policykg: wrote {} ({} bytes)", path.display(), bytes.len());
    }
    Ok(ExitStatus::Success)
}
