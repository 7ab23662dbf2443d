pub mod build;
pub mod connect;
pub mod diagram;
pub mod explore;
pub mod export;
pub mod load;
pub mod prefixes;
pub mod query;
pub mod text;
pub mod validate;

use crate::analysis::Analyzer;
use crate::cli::config::SourceArgs;
use crate::source::Source;

/// Opens the source the arguments name.
fn source(args: &SourceArgs) -> anyhow::Result<Source> {
    Ok(Source::open(&args.spec()?)?)
}

/// Opens the source the arguments name, projected and indexed for analysis.
fn analyzer(args: &SourceArgs) -> anyhow::Result<Analyzer> {
    Ok(Analyzer::new(source(args)?)?)
}
