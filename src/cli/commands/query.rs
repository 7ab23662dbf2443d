//! `policykg query [QUERY] [-f FILE]`: SPARQL over the built-in graph, RDF files or a persistent
//! store. SELECT and ASK give an aligned table or a W3C results format; CONSTRUCT and DESCRIBE
//! give sorted RDF. Exit 1 when the answer is negative: ASK false, no rows, no triples.
//!
//! The answer is written as it is produced: the query runs on its own thread and hands rows and
//! triples over a bounded channel, so memory stays bounded by what is being written, `--limit-rows`
//! stops the evaluation, and `--timeout` can give up on an evaluation that never yields.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::time::{Duration, Instant};

use anyhow::bail;
use clap::{Args, ValueEnum};
use oxigraph::model::{GraphName, Triple, Variable};
use oxigraph::sparql::results::QueryResultsFormat;

use super::export::RdfOutput;
use crate::cli::ExitStatus;
use crate::cli::config::SourceArgs;
use crate::cli::input::{parse_query, read_query, read_stdin};
use crate::rdf;
use crate::source::Source;
use crate::sparql::{self, Query, QuerySource, Results, Row, table};

/// A CONSTRUCT or DESCRIBE answer up to this many triples is written sorted and without
/// duplicates; a larger one is written as it comes, and a note says so.
pub const SORTED_TRIPLES: usize = 1_000_000;

/// The table's column widths are measured on this many first rows; later rows follow them.
const TABLE_SAMPLE: usize = 200;

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
    /// The SPARQL query. Without it, the query is read from --file, or else from stdin. Without FROM
    /// or FROM NAMED, the default graph is the merge of all graphs (each triple once) and GRAPH
    /// reaches every named graph; with them, the query gets just the graphs it names. The prefixes
    /// of `policykg prefixes` are declared.
    #[arg(value_name = "QUERY", conflicts_with = "file")]
    pub query: Option<String>,
    /// Read the query from this file (`-` for stdin); relative IRIs in it resolve against its
    /// file: URL unless --base is given.
    #[arg(short = 'f', long = "file", value_name = "FILE.rq")]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub source: SourceArgs,
    /// Output format; the default is table for SELECT and ASK, ttl for CONSTRUCT and DESCRIBE.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<QueryFormat>,
    /// Write at most N rows (or triples), in any format, and stop the evaluation there.
    #[arg(long, value_name = "N")]
    pub limit_rows: Option<u64>,
    /// In the table, show the language tag of every literal (`赣州@zh-Hans`). Without it, a column
    /// of one language names it once in its header, and only a column that mixes languages shows
    /// the tag of each cell.
    #[arg(long)]
    pub lang_tags: bool,
}

pub fn run(args: QueryArgs) -> anyhow::Result<ExitStatus> {
    // Everything that can be refused without reading the data is refused first.
    if let (None, None, Some(last)) = (&args.query, &args.file, args.source.local.data.last())
        && !last.exists()
        && last.to_string_lossy().contains(char::is_whitespace)
    {
        bail!(
            "--data {}: no such file; it looks like the query: put the query before --data, or `--` before it",
            last.display()
        );
    }
    let spec = args.source.spec()?;
    let base = args.source.base();
    let query = match (&args.query, &args.file) {
        (Some(text), _) => parse_query(text.as_bytes(), None, base)?,
        (None, Some(path)) => read_query(path, base)?,
        (None, None) => {
            if std::io::stdin().is_terminal() {
                bail!("no query: give it as an argument, with -f FILE, or on stdin");
            }
            parse_query(&read_stdin()?, Some("standard input"), base)?
        }
    };
    let source = Arc::new(args.source.open_spec(&spec)?);
    let events = Events::start(source, query, args.source.remote.timeout);
    write(events, &args).map_err(|e| match (e.downcast_ref::<sparql::Error>(), args.source.remote.timeout) {
        (Some(sparql::Error::Cancelled), Some(t)) => {
            anyhow::anyhow!("the query was cancelled after {} s (--timeout)", t.as_secs_f64())
        }
        _ => e,
    })
}

/// What the evaluating thread hands over.
enum Event {
    Boolean(bool),
    Variables(Vec<Variable>),
    Row(Row),
    Graph,
    Triple(Triple),
    Failed(sparql::Error),
}

/// The answer as it comes from the evaluating thread, with the deadline of `--timeout`.
struct Events {
    receiver: Receiver<Event>,
    deadline: Option<Instant>,
    cancel: oxigraph::sparql::CancellationToken,
    /// Disconnected when the evaluating thread has let go of the source; waited on when the events
    /// are dropped if the source is a store on disk ([`Source::is_on_disk`]).
    released: Option<Receiver<()>>,
}

impl Events {
    /// Starts evaluating `query` on its own thread. The thread stops when the receiver is gone
    /// (enough rows, a closed pipe), at its next check after cancellation, or with the process.
    fn start(source: Arc<Source>, query: Query, timeout: Option<Duration>) -> Self {
        let (sender, receiver) = mpsc::sync_channel(1024);
        let cancel = query.cancellation_token();
        let (release, released) = mpsc::channel();
        let released = source.is_on_disk().then_some(released);
        std::thread::spawn(move || {
            evaluate(&*source, &query, &sender);
            drop(source);
            drop(release);
        });
        Self { receiver, deadline: timeout.map(|t| Instant::now() + t), cancel, released }
    }

    /// The next event; `None` when the answer is complete.
    fn next(&self) -> Result<Option<Event>, sparql::Error> {
        let received = match self.deadline {
            None => self.receiver.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(deadline) => self.receiver.recv_timeout(deadline.saturating_duration_since(Instant::now())),
        };
        match received {
            Ok(Event::Failed(e)) => Err(e),
            Ok(event) => Ok(Some(event)),
            Err(RecvTimeoutError::Disconnected) => Ok(None),
            Err(RecvTimeoutError::Timeout) => {
                self.cancel.cancel();
                Err(sparql::Error::Cancelled)
            }
        }
    }

    /// The rows that follow [`Event::Variables`].
    fn rows(&self) -> impl Iterator<Item = Result<Row, sparql::Error>> + '_ {
        std::iter::from_fn(move || match self.next() {
            Ok(Some(Event::Row(row))) => Some(Ok(row)),
            Ok(_) => None,
            Err(e) => Some(Err(e)),
        })
    }

    /// The triples that follow [`Event::Graph`].
    fn triples(&self) -> impl Iterator<Item = Result<Triple, sparql::Error>> + '_ {
        std::iter::from_fn(move || match self.next() {
            Ok(Some(Event::Triple(t))) => Some(Ok(t)),
            Ok(_) => None,
            Err(e) => Some(Err(e)),
        })
    }
}

/// How long a cancelled evaluation over a store is waited for. Oxigraph checks cancellation as it
/// reads quads, not while it joins what it has read, so a product may go on for minutes.
const STOP_GRACE: Duration = Duration::from_secs(2);

impl Drop for Events {
    /// Stops the evaluation (cancelled, and its receiver gone) and waits up to [`STOP_GRACE`] for
    /// one over a store to end; if it goes on, the process will end without exit handlers
    /// ([`crate::cli::must_skip_exit_handlers`]).
    fn drop(&mut self) {
        self.cancel.cancel();
        let (_, closed) = mpsc::sync_channel(0);
        drop(std::mem::replace(&mut self.receiver, closed));
        if let Some(released) = &self.released
            && released.recv_timeout(STOP_GRACE) == Err(RecvTimeoutError::Timeout)
        {
            crate::cli::leave_store_in_use();
        }
    }
}

/// Evaluates `query` and sends the answer piece by piece; returns when the receiver is gone.
fn evaluate(source: &dyn QuerySource, query: &Query, sender: &SyncSender<Event>) {
    let send = |event| sender.send(event).is_ok();
    match source.execute(query) {
        Err(e) => {
            send(Event::Failed(e));
        }
        Ok(Results::Boolean(b)) => {
            send(Event::Boolean(b));
        }
        Ok(Results::Solutions { variables, rows }) => {
            if !send(Event::Variables(variables)) {
                return;
            }
            for row in rows {
                let event = row.map(Event::Row).unwrap_or_else(Event::Failed);
                let failed = matches!(event, Event::Failed(_));
                if !send(event) || failed {
                    return;
                }
            }
        }
        Ok(Results::Graph(triples)) => {
            if !send(Event::Graph) {
                return;
            }
            for triple in triples {
                let event = triple.map(Event::Triple).unwrap_or_else(Event::Failed);
                let failed = matches!(event, Event::Failed(_));
                if !send(event) || failed {
                    return;
                }
            }
        }
    }
}

fn write(events: Events, args: &QueryArgs) -> anyhow::Result<ExitStatus> {
    let output = args.format.map(QueryFormat::output);
    let mut out = BufWriter::new(std::io::stdout().lock());
    let limit = args.limit_rows.unwrap_or(u64::MAX);
    let first = events.next()?;
    let positive = match first {
        Some(Event::Boolean(b)) => {
            match output.unwrap_or(Output::Table) {
                Output::Table => writeln!(out, "{b}")?,
                Output::Results(format) => {
                    sparql::write_boolean(b, format, &mut out)?;
                    // JSON and XML come without a final line break; a terminal wants one.
                    writeln!(out)?;
                }
                Output::Rdf(f) => bail!(not_for_select(f)),
            }
            b
        }
        Some(Event::Variables(variables)) => {
            let mut rows = events.rows();
            let mut taken = 0u64;
            let mut capped = (&mut rows).take_while(|_| {
                taken += 1;
                taken <= limit
            });
            let written = match output.unwrap_or(Output::Table) {
                Output::Table => write_table(&variables, &mut capped, args.lang_tags, &mut out)?,
                Output::Results(format) => {
                    let (out, n) = sparql::write_solutions(variables, &mut capped, format, &mut out)?;
                    if matches!(format, QueryResultsFormat::Json | QueryResultsFormat::Xml) {
                        writeln!(out)?;
                    }
                    n
                }
                Output::Rdf(f) => bail!(not_for_select(f)),
            };
            out.flush()?;
            if taken > limit {
                eprintln!("policykg: stopped after {} by --limit-rows {limit}", count(written, "row"));
            } else {
                eprintln!("policykg: {}", count(written, "row"));
            }
            written > 0
        }
        Some(Event::Graph) => {
            let format = match output.unwrap_or(Output::Rdf(RdfOutput::Ttl)) {
                Output::Rdf(f) => f.format(),
                _ => bail!(
                    "--format {} is for SELECT and ASK; a CONSTRUCT or DESCRIBE writes ttl, nt, nq, trig, rdf or jsonld",
                    args.format.map(QueryFormat::name).unwrap_or_default()
                ),
            };
            let mut triples = events.triples().take(usize::try_from(limit).unwrap_or(usize::MAX));
            let written = write_graph(&mut triples, format, &mut out)?;
            out.flush()?;
            eprintln!("policykg: {}", count(written, "triple"));
            written > 0
        }
        Some(_) | None => bail!("the evaluation stopped without an answer"),
    };
    out.flush()?;
    Ok(if positive { ExitStatus::Success } else { ExitStatus::Failure })
}

fn not_for_select(f: RdfOutput) -> String {
    format!("--format {} is for CONSTRUCT and DESCRIBE; a SELECT or ASK writes table, json, xml, csv or tsv", f.name())
}

/// Writes rows as an aligned table, widths, alignment and language tags decided on the first rows
/// ([`table::Columns`]; `all_tags` for `--lang-tags`), and gives how many.
fn write_table(
    variables: &[Variable],
    rows: &mut impl Iterator<Item = Result<Row, sparql::Error>>,
    all_tags: bool,
    out: &mut impl Write,
) -> anyhow::Result<u64> {
    let mut terms = Vec::new();
    for row in rows.by_ref().take(TABLE_SAMPLE) {
        terms.push(row?);
    }
    if terms.is_empty() {
        return Ok(0);
    }
    let columns = table::Columns::new(variables.len(), &terms, all_tags);
    let cells = |row: Row| columns.cells(&row);
    let sample: Vec<Vec<String>> = terms.into_iter().map(cells).collect();
    let names: Vec<String> = variables.iter().map(|v| v.as_str().to_string()).collect();
    let header = columns.header(&names);
    let layout = table::Layout::new(&header, &sample).right_aligned(columns.right_aligned());
    out.write_all(layout.head().as_bytes())?;
    let mut written = 0;
    for row in &sample {
        out.write_all(layout.line(row).as_bytes())?;
        written += 1;
    }
    for row in rows {
        out.write_all(layout.line(&cells(row?)).as_bytes())?;
        written += 1;
    }
    Ok(written)
}

/// Writes triples: sorted and without duplicates when there are at most [`SORTED_TRIPLES`], as
/// they come otherwise. Gives how many were written.
fn write_graph(
    triples: &mut impl Iterator<Item = Result<Triple, sparql::Error>>,
    format: oxigraph::io::RdfFormat,
    out: &mut impl Write,
) -> anyhow::Result<u64> {
    let mut buffer = Vec::new();
    for triple in triples.by_ref().take(SORTED_TRIPLES + 1) {
        buffer.push(triple?.in_graph(GraphName::DefaultGraph));
    }
    if buffer.len() <= SORTED_TRIPLES {
        let quads = rdf::stable_order(buffer);
        rdf::write_quads(&quads, format, out)?;
        return Ok(quads.len() as u64);
    }
    eprintln!("policykg: more than {SORTED_TRIPLES} triples: written as they come, unsorted and possibly repeated");
    let mut writer = rdf::QuadWriter::new(format, out);
    let mut written = 0;
    for quad in buffer.into_iter().map(Ok).chain(triples.map(|t| t.map(|t| t.in_graph(GraphName::DefaultGraph)))) {
        writer.write(quad?.as_ref())?;
        written += 1;
    }
    writer.finish()?;
    Ok(written)
}

fn count(n: u64, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}
