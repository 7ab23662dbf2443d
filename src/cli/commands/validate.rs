//! `policykg validate`: the shape rules, over the built-in graph, RDF files or a store.

use std::io::Write;

use clap::Args;

use crate::analysis::validate::validate;
use crate::cli::ExitStatus;
use crate::cli::config::SourceArgs;
use crate::kg::Ontology;
use crate::source::{self, Source, Spec};

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// --data files get the built-in ontology and its entailments added before the rules run, so
    /// that a fragment can be checked; a store is checked as it is.
    #[command(flatten)]
    pub source: SourceArgs,
}

pub fn run(args: ValidateArgs) -> anyhow::Result<ExitStatus> {
    let source = match args.source.spec()? {
        Spec::Files(files) => {
            let ontology = Ontology::builtin();
            let mut quads = ontology.entail(source::read_all(&files)?);
            quads.extend(ontology.quads().iter().cloned());
            Source::from_quads(quads)?
        }
        spec => args.source.open_spec(&spec)?,
    };
    let violations = validate(&source, source.clean_text())?;
    let mut out = std::io::stdout().lock();
    for v in &violations {
        writeln!(out, "{}: {} {}", v.rule, v.focus, v.message)?;
    }
    if violations.is_empty() {
        eprintln!("policykg: valid: every rule holds");
        Ok(ExitStatus::Success)
    } else {
        eprintln!("policykg: {}", super::explore::plural(violations.len(), "violation"));
        Ok(ExitStatus::Failure)
    }
}
