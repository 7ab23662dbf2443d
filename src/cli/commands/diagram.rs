//! `policykg diagram VIEW`: a view of the graph as DOT, SVG, PNG or Mermaid, on standard output or
//! written whole to a file.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Subcommand, ValueEnum};

use crate::analysis::connect_names;
use crate::analysis::graph::Projection;
use crate::analysis::lookup::Resolver;
use crate::cli::ExitStatus;
use crate::cli::config::{SourceArgs, at_least_one};
use crate::cli::input::{read_query, write_atomically};
use crate::diagram::{self, Diagram, Image, Lang, Options};

/// The environment variable that names the Graphviz program to run instead of `dot`.
pub const DOT_VARIABLE: &str = "POLICYKG_DOT";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagramFormat {
    /// Graphviz DOT.
    Dot,
    /// SVG, drawn by Graphviz's `dot`.
    Svg,
    /// PNG, drawn by Graphviz's `dot`.
    Png,
    /// A Mermaid flowchart.
    Mermaid,
    /// GraphML, for Gephi, yEd and Cytoscape: labels in three languages, classes, IRIs and
    /// relations as attributes.
    Graphml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Simplified Chinese.
    #[value(name = "zh-Hans")]
    ZhHans,
    /// Traditional Chinese.
    #[value(name = "zh-Hant")]
    ZhHant,
    /// English.
    #[value(name = "en")]
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::ZhHans => Lang::ZhHans,
            LangArg::ZhHant => Lang::ZhHant,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Debug, Args)]
#[command(subcommand_value_name = "VIEW", subcommand_help_heading = "Views")]
pub struct DiagramArgs {
    #[command(subcommand)]
    pub view: View,
    /// dot, svg, png, mermaid or graphml [default: from the extension of -o, else dot].
    #[arg(long, value_enum, global = true)]
    pub format: Option<DiagramFormat>,
    /// Write to FILE, whole or not at all, instead of standard output.
    #[arg(short, long, value_name = "FILE", global = true)]
    pub output: Option<PathBuf>,
    /// The language of the labels; a missing label falls back to zh-Hans, then en.
    #[arg(long, value_enum, default_value = "zh-Hans", ignore_case = true, global = true)]
    pub lang: LangArg,
    /// Draw at most N nodes; a note in the diagram says what was left out.
    #[arg(long, value_name = "N", default_value_t = diagram::MAX_NODES, value_parser = at_least_one, global = true)]
    pub max_nodes: usize,
    #[command(flatten)]
    pub source: SourceArgs,
}

#[derive(Debug, Subcommand)]
pub enum View {
    /// A document, its pillars and their measures, coloured by pillar.
    Overview {
        /// The document to draw, by its id (`ganzhou-measures-2020`) or IRI; needed only when the
        /// data holds several.
        #[arg(long, value_name = "ID")]
        document: Option<String>,
    },
    /// The measures that connect A and B: A's side, the measures, B's side.
    Bridge {
        /// The first entity.
        #[arg(default_value = "赣州")]
        a: String,
        /// The second entity.
        #[arg(default_value = "粤港澳大湾区")]
        b: String,
    },
    /// An entity's neighbourhood, in both directions, with the relations on the edges.
    Entity {
        /// A name in Simplified, Traditional or English, an alias, or a prefixed name.
        name: String,
        /// How many edges away from the entity to go.
        #[arg(long, value_name = "K", default_value_t = 1, value_parser = at_least_one)]
        hops: usize,
        /// With more measures than N in view, draw one node per pillar, with their count and their
        /// roles, instead of one per measure.
        #[arg(long, value_name = "N", default_value_t = diagram::GROUP_ABOVE)]
        group_above: usize,
        /// Draw every measure, however many there are.
        #[arg(long)]
        expand: bool,
    },
    /// Regions by containment, with the platforms and organisations placed in them.
    RegionTree,
    /// The ontology's classes and object properties.
    Ontology,
    /// The result of a SPARQL CONSTRUCT, or of a SELECT with ?s ?p ?o.
    Query {
        /// The query file (.rq).
        file: PathBuf,
    },
}

/// The format: as given, else from the output file's extension, else DOT.
/// Refuses a --format that contradicts the output file's known extension (`-o x.svg --format dot`).
fn format_of(forced: Option<DiagramFormat>, output: Option<&Path>) -> anyhow::Result<DiagramFormat> {
    let Some(path) = output else {
        return Ok(forced.unwrap_or(DiagramFormat::Dot));
    };
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let by_extension = match ext.as_str() {
        "dot" | "gv" => Some(DiagramFormat::Dot),
        "svg" => Some(DiagramFormat::Svg),
        "png" => Some(DiagramFormat::Png),
        "mmd" | "mermaid" => Some(DiagramFormat::Mermaid),
        "graphml" => Some(DiagramFormat::Graphml),
        _ => None,
    };
    match (forced, by_extension) {
        (Some(f), Some(e)) if f != e => bail!(
            "{}: the file's extension says {} and --format says {}; make them agree",
            path.display(),
            name(e),
            name(f)
        ),
        (Some(f), _) | (None, Some(f)) => Ok(f),
        (None, None) => bail!(
            "{}: cannot tell the diagram format from '{ext}'; name it with --format (dot, svg, png, mermaid, graphml)",
            path.display()
        ),
    }
}

fn name(format: DiagramFormat) -> String {
    format.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default()
}

/// The drawing, whether it is a negative answer (an empty bridge or query result), and the
/// projection it was drawn from, when there is one (for GraphML's attributes).
fn build(view: &View, source: &SourceArgs, options: &Options) -> anyhow::Result<(Diagram, bool, Option<Projection>)> {
    let spec = source.spec()?;
    // A query file is read and parsed before any data: its errors come first and cost nothing.
    let query = match view {
        View::Query { file } => Some(read_query(file, source.base())?),
        _ => None,
    };
    let kg = source.open_spec(&spec)?;
    // The bridge needs only what connects A and B; the other views the whole projection.
    let whole = || Projection::build(&kg);
    let (diagram, projection) = match view {
        View::Overview { document } => {
            let p = whole()?;
            (diagram::overview(&kg, &p, options, document.as_deref())?, Some(p))
        }
        View::Bridge { a, b } => {
            let (connection, projection) = connect_names(&kg, a, b)?;
            let empty = connection.measures.is_empty();
            return Ok((diagram::bridge(&connection, &projection.classes(), options), empty, Some(projection)));
        }
        View::Entity { name, hops, .. } => {
            let projection = whole()?;
            let resolver = Resolver::new(&kg, &projection)?;
            (diagram::entity(&kg, &projection, &resolver.resolve(name)?, *hops, options)?, Some(projection))
        }
        View::RegionTree => {
            let p = whole()?;
            (diagram::region_tree(&kg, &p, options)?, Some(p))
        }
        View::Ontology => (diagram::ontology(&kg, options)?, None),
        View::Query { file } => {
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let Some(query) = &query else { anyhow::bail!("no query was read") };
            let p = whole()?;
            let d = diagram::query(&kg, &p, &name, query, options).with_context(|| file.display().to_string())?;
            let empty = d.node_count() == 0;
            return Ok((d, empty, Some(p)));
        }
    };
    Ok((diagram, false, projection))
}

/// Writes `bytes` to the file, or to standard output.
fn emit(output: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            write_atomically(path, bytes)?;
            eprintln!("policykg: wrote {} ({} bytes)", path.display(), bytes.len());
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
        }
    }
    Ok(())
}

pub fn run(args: DiagramArgs) -> anyhow::Result<ExitStatus> {
    let format = format_of(args.format, args.output.as_deref())?;
    let output = args.output.as_deref();
    if format == DiagramFormat::Png && output.is_none() && std::io::stdout().is_terminal() {
        bail!("a PNG is binary: write it to a file with -o FILE.png, or redirect standard output");
    }
    let group_above = match &args.view {
        View::Entity { expand: true, .. } => None,
        View::Entity { group_above, .. } => Some(*group_above),
        _ => None,
    };
    let options = Options { lang: args.lang.into(), max_nodes: args.max_nodes, group_above };
    let (diagram, empty, projection) = build(&args.view, &args.source, &options)?;
    let image = match format {
        DiagramFormat::Graphml => {
            emit(output, diagram.to_graphml(projection.as_ref()).as_bytes())?;
            return Ok(status(empty));
        }
        DiagramFormat::Dot => None,
        DiagramFormat::Svg => Some(Image::Svg),
        DiagramFormat::Png => Some(Image::Png),
        DiagramFormat::Mermaid => {
            emit(output, diagram.to_mermaid().as_bytes())?;
            return Ok(status(empty));
        }
    };
    let dot = diagram.to_dot();
    let Some(image) = image else {
        emit(output, dot.as_bytes())?;
        return Ok(status(empty));
    };
    let program = std::env::var_os(DOT_VARIABLE).unwrap_or_else(|| OsString::from("dot"));
    match diagram::render(&dot, image, &program) {
        Ok(bytes) => emit(output, &bytes)?,
        Err(diagram::Error::GraphvizMissing { program, reason }) => {
            // Keep the drawing: the DOT can be rendered later, or elsewhere.
            let fallback = output.map(|p| p.with_extension("dot"));
            let wrote = match &fallback {
                Some(path) => {
                    write_atomically(path, dot.as_bytes())?;
                    format!("the DOT is in {}", path.display())
                }
                None => {
                    emit(None, dot.as_bytes())?;
                    "the DOT went to standard output".to_string()
                }
            };
            bail!(
                "Graphviz is needed to draw {}, and `{program}` cannot be run ({reason}); install it with `apt-get install graphviz` or `brew install graphviz`, or set {DOT_VARIABLE} to its path; {wrote}",
                image.name()
            );
        }
        Err(e) => return Err(e.into()),
    }
    Ok(status(empty))
}

/// An empty bridge or query result is a negative answer, as with `connect` and `query`.
fn status(empty: bool) -> ExitStatus {
    if empty { ExitStatus::Failure } else { ExitStatus::Success }
}
