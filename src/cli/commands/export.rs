//! `policykg export --format F [--graph IRI]`: the built-in graph, RDF files or a persistent store,
//! as RDF in any format, sorted, so that the same data always gives the same bytes; or, with
//! `--format graphml`, the petgraph projection of `analysis/graph.rs` as GraphML.

use std::io::{BufWriter, Write};

use anyhow::bail;
use clap::{Args, ValueEnum};
use oxigraph::io::RdfFormat;

use crate::analysis::graph::Projection;
use crate::cli::ExitStatus;
use crate::cli::config::{SourceArgs, graph_iri};
use crate::rdf;
use crate::rdf::vocab::shorten;

/// An RDF format to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RdfOutput {
    /// Turtle, with the predeclared prefixes.
    #[value(alias = "turtle")]
    Ttl,
    /// N-Triples.
    #[value(alias = "ntriples", alias = "n-triples")]
    Nt,
    /// N-Quads.
    #[value(alias = "nquads", alias = "n-quads")]
    Nq,
    /// TriG, with the predeclared prefixes.
    Trig,
    /// RDF/XML.
    #[value(alias = "rdfxml", alias = "owl")]
    Rdf,
    /// JSON-LD, with the predeclared prefixes as its @context.
    #[value(alias = "json-ld")]
    Jsonld,
}

impl RdfOutput {
    pub fn format(self) -> RdfFormat {
        match self {
            RdfOutput::Ttl => RdfFormat::Turtle,
            RdfOutput::Nt => RdfFormat::NTriples,
            RdfOutput::Nq => RdfFormat::NQuads,
            RdfOutput::Trig => RdfFormat::TriG,
            RdfOutput::Rdf => RdfFormat::RdfXml,
            RdfOutput::Jsonld => RdfFormat::JsonLd { profile: Default::default() },
        }
    }

    /// The name `--format` takes.
    pub fn name(self) -> String {
        self.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default()
    }
}

/// What `export --format` may name: an RDF format, or GraphML of the analysis projection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One of the RDF formats, as every command names them.
    Rdf(RdfOutput),
    /// GraphML of the whole projection that connect, paths and rank use (entities, measures,
    /// pillars and their relations), for Gephi, yEd and Cytoscape.
    Graphml,
}

impl ValueEnum for ExportFormat {
    fn value_variants<'a>() -> &'a [Self] {
        use RdfOutput::*;
        &[
            Self::Rdf(Ttl),
            Self::Rdf(Nt),
            Self::Rdf(Nq),
            Self::Rdf(Trig),
            Self::Rdf(Rdf),
            Self::Rdf(Jsonld),
            Self::Graphml,
        ]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        match self {
            Self::Rdf(format) => format.to_possible_value(),
            Self::Graphml => Some(clap::builder::PossibleValue::new("graphml").help(
                "GraphML of the whole projection that connect, paths and rank use (entities, measures, pillars and \
                 their relations), for Gephi, yEd and Cytoscape",
            )),
        }
    }
}

impl ExportFormat {
    /// The RDF format, or `None` for GraphML.
    fn rdf(self) -> Option<RdfOutput> {
        match self {
            Self::Rdf(format) => Some(format),
            Self::Graphml => None,
        }
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format to write. ttl, nt and rdf hold one graph: with named graphs in the data,
    /// choose one with --graph, or write nq, trig or jsonld. graphml writes the projection the
    /// analysis commands use, not the RDF.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: ExportFormat,
    /// Export only this named graph: an IRI, <IRI>, or a prefixed name such as pkg:background or pkg:doc/ganzhou-measures-2020.
    #[arg(long, value_name = "IRI")]
    pub graph: Option<String>,
    #[command(flatten)]
    pub source: SourceArgs,
}

pub fn run(args: ExportArgs) -> anyhow::Result<ExitStatus> {
    let spec = args.source.spec()?;
    let graph = args.graph.as_deref().map(graph_iri).transpose()?;
    let Some(rdf_format) = args.format.rdf() else {
        if args.graph.is_some() {
            bail!(
                "--graph chooses an RDF graph; graphml writes the projection of the whole dataset, so leave --graph out"
            );
        }
        let source = args.source.open_spec(&spec)?;
        let projection = Projection::build(&source)?;
        let mut out = BufWriter::new(std::io::stdout().lock());
        out.write_all(crate::diagram::graphml::projection(&projection).as_bytes())?;
        out.flush()?;
        eprintln!(
            "policykg: wrote {} nodes and {} edges",
            projection.graph.node_count(),
            projection.graph.edge_count()
        );
        return Ok(ExitStatus::Success);
    };
    let source = args.source.open_spec(&spec)?;
    let quads = source.quads(graph.as_ref())?;
    let graphs = source.named_graphs()?;
    let names = || graphs.iter().map(|g| shorten_term(&g.to_string())).collect::<Vec<_>>().join(", ");
    if let (Some(g), true) = (&graph, quads.is_empty()) {
        bail!("the graph {} is empty or absent; the named graphs are: {}", shorten(g.as_str()), names());
    }
    let format = rdf_format.format();
    if graph.is_none() && !format.supports_datasets() && quads.iter().any(|q| !q.graph_name.is_default_graph()) {
        bail!(
            "{} holds one graph and the data has named graphs: choose one with --graph ({}), or write nq, trig or jsonld",
            rdf_format.name(),
            names()
        );
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    rdf::write_quads(&quads, format, &mut out)?;
    out.flush()?;
    eprintln!("policykg: wrote {} quads", quads.len());
    Ok(ExitStatus::Success)
}

/// An IRI in N-Triples form (`<…>`) shortened with the prefixes; anything else as it is.
fn shorten_term(term: &str) -> String {
    match term.strip_prefix('<').and_then(|t| t.strip_suffix('>')) {
        Some(iri) => shorten(iri),
        None => term.to_string(),
    }
}
