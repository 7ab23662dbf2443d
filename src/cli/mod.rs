//! The command line: clap definitions, and one module per subcommand that calls the library.
//! Only this layer reads files, writes to the terminal and knows about exit codes.

mod commands;
mod input;

use clap::{Parser, Subcommand};

pub use commands::text::TextArgs;

/// policykg: a knowledge graph of Jiangxi's 2020 "Several Measures" for the former Central Soviet
/// Area, every fact traceable to the words of the text.
#[derive(Debug, Parser)]
#[command(name = "policykg", version, about, max_term_width = 100)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the cleaned source text, or its segments and repair report as JSON.
    Text(TextArgs),
    /// Write the built-in graph as Turtle (one file per named graph) and N-Quads.
    Build(commands::build::BuildArgs),
    /// Check the graph against the shape rules; exit 1 when a rule is broken.
    Validate(commands::validate::ValidateArgs),
    /// Which measures connect two entities, through which entities, on what evidence.
    Connect(commands::connect::ConnectArgs),
    /// Draw a view of the graph as DOT, SVG, PNG or Mermaid.
    Diagram(commands::diagram::DiagramArgs),
}

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// The command did what was asked.
    Success,
    /// The command ran, and the answer is negative (no rows, validation problems).
    Failure,
    /// The command could not run.
    Error,
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        match status {
            ExitStatus::Success => 0.into(),
            ExitStatus::Failure => 1.into(),
            ExitStatus::Error => 2.into(),
        }
    }
}

/// Runs a parsed command line.
pub fn run(args: Args) -> anyhow::Result<ExitStatus> {
    match args.command {
        Command::Text(a) => commands::text::run(a),
        Command::Build(a) => commands::build::run(a),
        Command::Validate(a) => commands::validate::run(a),
        Command::Connect(a) => commands::connect::run(a),
        Command::Diagram(a) => commands::diagram::run(a),
    }
}
