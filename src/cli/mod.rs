//! The command line: clap definitions, and one module per subcommand that calls the library.
//! Only this layer reads files, writes to the terminal and knows about exit codes.

mod commands;
pub mod config;
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
    /// Run a SPARQL query over the built-in graph, RDF files or a store; exit 1 on no answer.
    Query(commands::query::QueryArgs),
    /// List the prefixes every query may use without declaring them.
    Prefixes(commands::prefixes::PrefixesArgs),
    /// Load RDF files into a persistent store, all or nothing (needs the rocksdb feature).
    Load(commands::load::LoadArgs),
    /// Write the built-in graph, files or a store to a SPARQL server, each named graph replaced whole.
    Push(commands::push::PushArgs),
    /// Write the graph of any source (built-in, files, store, endpoint) in any RDF format, sorted.
    Export(commands::export::ExportArgs),
    /// Check the graph against the shape rules; exit 1 when a rule is broken.
    Validate(commands::validate::ValidateArgs),
    /// Which measures connect two entities, through which entities, on what evidence.
    Connect(commands::connect::ConnectArgs),
    /// The shortest path and all simple paths between two entities, capped.
    Paths(commands::explore::PathsArgs),
    /// An entity's neighbourhood, grouped by relation, with evidence.
    Neighbors(commands::explore::NeighborsArgs),
    /// The most central entities, by degree or betweenness.
    Rank(commands::explore::RankArgs),
    /// Draw a view of the graph as DOT, SVG, PNG, Mermaid or GraphML.
    Diagram(commands::diagram::DiagramArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(commands::manual::CompletionsArgs),
    /// Print the manual page in roff, or write one page per command into a folder.
    Man(commands::manual::ManArgs),
    /// Serve a SPARQL 1.1 endpoint and the web explorer (read-only; loopback by default).
    Serve(commands::serve::ServeArgs),
    /// Read new policy texts into a cited, machine-extracted graph (exit 1 when no measure is found).
    Extract(commands::extract::ExtractArgs),
}

/// Parses the command line, or prints clap's message and exits 2. When required arguments are
/// missing and `--data` came before them, says that `--data` took them as files.
pub fn parse_args() -> Args {
    match Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let after_data = std::env::args().skip_while(|a| a != "--data").nth(2).is_some();
            if e.kind() == clap::error::ErrorKind::MissingRequiredArgument && after_data {
                let _ = e.print();
                eprintln!(
                    "hint: --data takes every argument after it as a file: give names before --data, or `--` after its files"
                );
                std::process::exit(2);
            }
            e.exit()
        }
    }
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

impl ExitStatus {
    /// The process exit code: 0, 1 or 2.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
    }
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        status.code().into()
    }
}

/// Set when a command leaves a store's evaluation running on another thread (a `--timeout` that
/// the evaluation did not notice in time); see [`must_skip_exit_handlers`].
static STORE_STILL_IN_USE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Says that an evaluation over a RocksDB store is still running and will not be waited for.
pub(crate) fn leave_store_in_use() {
    STORE_STILL_IN_USE.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// Whether the process must end without running its exit handlers: a thread still reads a RocksDB
/// store, and RocksDB's globals, destroyed by those handlers, would crash it mid-read. The binary
/// then flushes its output and ends at once (`_exit`); nothing is lost, as readers write nothing.
pub fn must_skip_exit_handlers() -> bool {
    STORE_STILL_IN_USE.load(std::sync::atomic::Ordering::SeqCst)
}

/// Runs a parsed command line.
pub fn run(args: Args) -> anyhow::Result<ExitStatus> {
    match args.command {
        Command::Text(a) => commands::text::run(a),
        Command::Build(a) => commands::build::run(a),
        Command::Query(a) => commands::query::run(a),
        Command::Prefixes(a) => commands::prefixes::run(a),
        Command::Load(a) => commands::load::run(a),
        Command::Export(a) => commands::export::run(a),
        Command::Push(a) => commands::push::run(a),
        Command::Validate(a) => commands::validate::run(a),
        Command::Connect(a) => commands::connect::run(a),
        Command::Paths(a) => commands::explore::run_paths(a),
        Command::Neighbors(a) => commands::explore::run_neighbors(a),
        Command::Rank(a) => commands::explore::run_rank(a),
        Command::Diagram(a) => commands::diagram::run(a),
        Command::Completions(a) => commands::manual::run_completions(a),
        Command::Man(a) => commands::manual::run_man(a),
        Command::Serve(a) => commands::serve::run(a),
        Command::Extract(a) => commands::extract::run(a),
    }
}
