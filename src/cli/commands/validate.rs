//! `policykg validate [FILE…]`: the shape rules, over the built-in graph or over RDF files.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use crate::cli::ExitStatus;
use crate::cli::input::read_rdf;
use crate::kg::{KnowledgeGraph, Ontology, validate::validate};

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// RDF files to check instead of the built-in graph (format from the extension). The built-in
    /// ontology is added to them, and its entailments drawn, before the rules run.
    pub files: Vec<PathBuf>,
    /// The RDF format of the files, when their extension does not tell.
    #[arg(long, value_name = "FORMAT")]
    pub data_format: Option<String>,
}

pub fn run(args: ValidateArgs) -> anyhow::Result<ExitStatus> {
    let kg = if args.files.is_empty() {
        KnowledgeGraph::builtin()?
    } else {
        let ontology = Ontology::builtin();
        let mut quads = ontology.entail(read_rdf(&args.files, args.data_format.as_deref())?);
        quads.extend(ontology.quads().iter().cloned());
        KnowledgeGraph::from_quads(quads)?
    };
    let violations = validate(&kg)?;
    let mut out = std::io::stdout().lock();
    for v in &violations {
        writeln!(out, "{}: {} {}", v.rule, v.focus, v.message)?;
    }
    if violations.is_empty() {
        eprintln!("policykg: valid: every rule holds");
        Ok(ExitStatus::Success)
    } else {
        eprintln!("policykg: {} violations", violations.len());
        Ok(ExitStatus::Failure)
    }
}
