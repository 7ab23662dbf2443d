pub mod build;
pub mod connect;
pub mod diagram;
pub mod explore;
pub mod export;
pub mod extract;
pub mod load;
pub mod manual;
pub mod prefixes;
pub mod push;
pub mod query;
pub mod serve;
pub mod text;
pub mod validate;

use crate::analysis::Analyzer;
use crate::cli::config::SourceArgs;

/// Opens the source the arguments name, projected and indexed for analysis.
fn analyzer(args: &SourceArgs) -> anyhow::Result<Analyzer> {
    Ok(Analyzer::new(args.open()?)?)
}
