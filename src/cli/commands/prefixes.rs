//! `policykg prefixes`: the prefixes every query may use without declaring them, and that Turtle
//! output is written with.

use std::io::{BufWriter, Write};

use clap::Args;

use crate::cli::ExitStatus;
use crate::rdf::vocab::PREFIXES;

#[derive(Debug, Args)]
pub struct PrefixesArgs {}

pub fn run(_args: PrefixesArgs) -> anyhow::Result<ExitStatus> {
    let width = PREFIXES.iter().map(|(p, _)| p.len() + 1).max().unwrap_or(0);
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (prefix, namespace) in PREFIXES {
        writeln!(out, "{:<width$}  {namespace}", format!("{prefix}:"))?;
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}
