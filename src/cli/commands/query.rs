//! `policykg query [QUERY] [-f FILE]`: SPARQL over the built-in graph, RDF files or a persistent
//! store. SELECT and ASK give an aligned table or a W3C results format; CONSTRUCT and DESCRIBE
//! give sorted RDF. Exit 1 when the answer is negative: ASK false, no rows, no triples.

use std::io::{BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{ArgAction, Args, ValueEnum};
use oxigraph::sparql::results::QueryResultsFormat;
use oxigraph::sparql::{CancellationToken, PreparedSparqlQuery};
use oxigraph::store::Store;

use super::export::RdfOutput;
use crate::cli::ExitStatus;
use crate::cli::input::read_rdf;
use crate::kg::{self, KnowledgeGraph};
use crate::sparql::{self, Answer, table};

/// What `--format` may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    /// An aligned table (SELECT, ASK; their default).
    Table,
    /// SPARQL 1.1 results JSON (SELECT, ASK).
    Json,
    /// SPARQL results XML (SELECT, ASK).
    Xml,
    /// SPARQL 1.1 results CSV (SELECT, ASK).
    Csv,
    /// SPARQL 1.1 results TSV (SELECT, ASK).
    Tsv,
    /// Turtle (CONSTRUCT, DESCRIBE; their default).
    #[value(alias = "turtle")]
    Ttl,
    /// N-Triples (CONSTRUCT, DESCRIBE).
    #[value(alias = "ntriples", alias = "n-triples")]
    Nt,
    /// N-Quads (CONSTRUCT, DESCRIBE).
    #[value(alias = "nquads", alias = "n-quads")]
    Nq,
    /// TriG (CONSTRUCT, DESCRIBE).
    Trig,
    /// RDF/XML (CONSTRUCT, DESCRIBE).
    #[value(alias = "rdfxml")]
    Rdf,
    /// JSON-LD (CONSTRUCT, DESCRIBE).
    #[value(alias = "json-ld")]
    Jsonld,
}

/// How `--format` writes a result, once the kind of query is known.
enum Output {
    Table,
    Results(QueryResultsFormat),
    Rdf(RdfOutput),
}

impl QueryFormat {
    fn output(self) -> Output {
        match self {
            QueryFormat::Table => Output::Table,
            QueryFormat::Json => Output::Results(QueryResultsFormat::Json),
            QueryFormat::Xml => Output::Results(QueryResultsFormat::Xml),
            QueryFormat::Csv => Output::Results(QueryResultsFormat::Csv),
            QueryFormat::Tsv => Output::Results(QueryResultsFormat::Tsv),
            QueryFormat::Ttl => Output::Rdf(RdfOutput::Ttl),
            QueryFormat::Nt => Output::Rdf(RdfOutput::Nt),
            QueryFormat::Nq => Output::Rdf(RdfOutput::Nq),
            QueryFormat::Trig => Output::Rdf(RdfOutput::Trig),
            QueryFormat::Rdf => Output::Rdf(RdfOutput::Rdf),
            QueryFormat::Jsonld => Output::Rdf(RdfOutput::Jsonld),
        }
    }

    fn name(self) -> String {
        self.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default()
    }
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The SPARQL query. Without it, the query is read from --file, or else from stdin. The default
    /// graph is the union of all named graphs, and the prefixes of `policykg prefixes` are declared.
    #[arg(value_name = "QUERY", conflicts_with = "file")]
    pub query: Option<String>,
    /// Read the query from this file (`-` for stdin).
    #[arg(short = 'f', long = "file", value_name = "FILE.rq")]
    pub file: Option<PathBuf>,
    /// Query these RDF files instead of the built-in graph (format from the extension, or
    /// --data-format). A query given after them needs `--` before it.
    #[arg(long, value_name = "FILE", num_args = 1.., action = ArgAction::Append, conflicts_with = "store")]
    pub data: Vec<PathBuf>,
    /// The RDF format of the --data files, when their extension does not tell.
    #[arg(long, value_name = "FORMAT", requires = "data")]
    pub data_format: Option<String>,
    /// Query this persistent Oxigraph store instead of the built-in graph (needs the rocksdb feature).
    #[arg(long, value_name = "DIR")]
    pub store: Option<PathBuf>,
    /// Output format; the default is table for SELECT and ASK, ttl for CONSTRUCT and DESCRIBE.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<QueryFormat>,
    /// Cancel the query when it runs longer than this many seconds.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    pub timeout: Option<Duration>,
    /// Show at most N rows of the table, and say how many were cut.
    #[arg(long, value_name = "N")]
    pub limit_rows: Option<usize>,
}

fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text.trim().parse().map_err(|_| format!("'{text}' is not a number of seconds"))?;
    if seconds.is_nan() || seconds <= 0.0 {
        return Err("the timeout must be more than 0 seconds".to_string());
    }
    Duration::try_from_secs_f64(seconds).map_err(|_| format!("'{text}' seconds is too long a timeout"))
}

/// The data a query runs over; the built-in graph keeps its store inside.
enum Dataset {
    Builtin(KnowledgeGraph),
    Store(Store),
}

impl Dataset {
    fn store(&self) -> &Store {
        match self {
            Dataset::Builtin(kg) => kg.store(),
            Dataset::Store(store) => store,
        }
    }
}

pub fn run(args: QueryArgs) -> anyhow::Result<ExitStatus> {
    // Everything that can be refused without reading the query or the data is refused first.
    if args.store.is_some() {
        kg::store::available()?;
    }
    if let (Some(_), Some(format)) = (args.limit_rows, args.format) {
        if format != QueryFormat::Table {
            bail!("--limit-rows caps the table; with --format {}, use LIMIT in the query", format.name());
        }
    }
    if let (None, None, Some(last)) = (&args.query, &args.file, args.data.last()) {
        if !last.exists() && last.to_string_lossy().contains(char::is_whitespace) {
            bail!(
                "--data {}: no such file; it looks like the query: put the query before --data, or `--` before it",
                last.display()
            );
        }
    }
    let (query, origin) = read_query(&args)?;
    if query.trim().is_empty() {
        bail!("{}the query is empty", origin.as_deref().map(|o| format!("{o}: ")).unwrap_or_default());
    }
    let cancel = CancellationToken::new();
    let prepared = sparql::prepare(&query, Some(cancel.clone())).map_err(|e| match e {
        sparql::Error::Syntax(e) => {
            let origin = origin.as_deref().map(|o| format!("{o}: ")).unwrap_or_default();
            anyhow::anyhow!("{origin}{e}\n{}", e.snippet())
        }
        other => other.into(),
    })?;
    let dataset = dataset(&args)?;
    let answer =
        answer_within(dataset.store(), prepared, cancel, args.timeout).map_err(|e| match (e, args.timeout) {
            (sparql::Error::Cancelled, Some(t)) => {
                anyhow::anyhow!("the query was cancelled after {} s (--timeout)", t.as_secs_f64())
            }
            (other, _) => other.into(),
        })?;
    write(answer, &args)
}

/// The query text, and where it came from when that was a file (for error messages).
fn read_query(args: &QueryArgs) -> anyhow::Result<(String, Option<String>)> {
    if let Some(query) = &args.query {
        return Ok((query.clone(), None));
    }
    match &args.file {
        Some(path) if path == Path::new("-") => Ok((read_stdin()?, None)),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the query file {}", path.display()))?;
            Ok((text, Some(path.display().to_string())))
        }
        None => {
            if std::io::stdin().is_terminal() {
                bail!("no query: give it as an argument, with -f FILE, or on stdin");
            }
            Ok((read_stdin()?, None))
        }
    }
}

fn read_stdin() -> anyhow::Result<String> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).context("cannot read the query from stdin")?;
    Ok(text)
}

fn dataset(args: &QueryArgs) -> anyhow::Result<Dataset> {
    if let Some(dir) = &args.store {
        return Ok(Dataset::Store(kg::store::open_existing(dir)?));
    }
    if !args.data.is_empty() {
        let store = Store::new()?;
        store.extend(read_rdf(&args.data, args.data_format.as_deref())?)?;
        return Ok(Dataset::Store(store));
    }
    Ok(Dataset::Builtin(KnowledgeGraph::builtin()?))
}

/// Runs the query to the end, or gives up after `timeout`. Oxigraph checks its cancellation token
/// only when it reads the store, so a query busy joining what it has already read (a cross product,
/// a big aggregate) may not notice for minutes; the evaluation therefore runs on its own thread,
/// and at the timeout the token is cancelled and the answer no longer awaited. The thread stops at
/// its next check, or with the process.
fn answer_within(
    store: &Store,
    prepared: PreparedSparqlQuery,
    cancel: CancellationToken,
    timeout: Option<Duration>,
) -> Result<Answer, sparql::Error> {
    let Some(timeout) = timeout else { return sparql::answer(store, prepared) };
    let store = store.clone();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || sender.send(sparql::answer(&store, prepared)).ok());
    match receiver.recv_timeout(timeout) {
        Ok(answer) => answer,
        Err(RecvTimeoutError::Timeout) => {
            cancel.cancel();
            Err(sparql::Error::Cancelled)
        }
        Err(RecvTimeoutError::Disconnected) => {
            Err(sparql::Error::Evaluation("the evaluation stopped without an answer".to_string()))
        }
    }
}

fn write(answer: Answer, args: &QueryArgs) -> anyhow::Result<ExitStatus> {
    let output = args.format.map(QueryFormat::output);
    let mut out = BufWriter::new(std::io::stdout().lock());
    match &answer {
        Answer::Boolean(_) | Answer::Solutions { .. } => match output.unwrap_or(Output::Table) {
            Output::Table => write_table(&answer, args.limit_rows, &mut out)?,
            Output::Results(format) => {
                // JSON, XML and booleans come without a final line break; a terminal wants one.
                let mut bytes = sparql::write_results(&answer, format, Vec::new())?;
                if !bytes.ends_with(b"\n") {
                    bytes.push(b'\n');
                }
                out.write_all(&bytes)?;
            }
            Output::Rdf(f) => bail!(
                "--format {} is for CONSTRUCT and DESCRIBE; a SELECT or ASK writes table, json, xml, csv or tsv",
                f.name()
            ),
        },
        Answer::Graph(quads) => {
            let rdf = match output.unwrap_or(Output::Rdf(RdfOutput::Ttl)) {
                Output::Rdf(f) => f,
                _ => bail!(
                    "--format {} is for SELECT and ASK; a CONSTRUCT or DESCRIBE writes ttl, nt, nq, trig, rdf or jsonld",
                    args.format.map(QueryFormat::name).unwrap_or_default()
                ),
            };
            if args.limit_rows.is_some() {
                bail!("--limit-rows caps the table of a SELECT; limit a CONSTRUCT or DESCRIBE with LIMIT in the query");
            }
            kg::write_quads(quads, rdf.format(), &mut out)?;
        }
    }
    out.flush()?;
    let positive = match &answer {
        Answer::Boolean(b) => *b,
        Answer::Solutions { rows, .. } => {
            eprintln!("policykg: {}", count(rows.len(), "row"));
            !rows.is_empty()
        }
        Answer::Graph(quads) => {
            eprintln!("policykg: {}", count(quads.len(), "triple"));
            !quads.is_empty()
        }
    };
    Ok(if positive { ExitStatus::Success } else { ExitStatus::Failure })
}

/// Writes an ASK answer as `true` or `false`, a SELECT answer as a table of at most `limit` rows.
fn write_table(answer: &Answer, limit: Option<usize>, out: &mut impl Write) -> anyhow::Result<()> {
    match answer {
        Answer::Boolean(b) => writeln!(out, "{b}")?,
        Answer::Solutions { variables, rows } => {
            let shown = limit.map_or(rows.len(), |n| n.min(rows.len()));
            if !rows.is_empty() {
                let header: Vec<String> = variables.iter().map(|v| v.as_str().to_string()).collect();
                let cells: Vec<Vec<String>> =
                    rows[..shown].iter().map(|row| row.iter().map(|t| table::cell(t.as_ref())).collect()).collect();
                out.write_all(table::render(&header, &cells).as_bytes())?;
            }
            if shown < rows.len() {
                out.flush()?;
                eprintln!(
                    "policykg: {} cut by --limit-rows {}",
                    count(rows.len() - shown, "row"),
                    limit.unwrap_or_default()
                );
            }
        }
        Answer::Graph(_) => {}
    }
    Ok(())
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}
