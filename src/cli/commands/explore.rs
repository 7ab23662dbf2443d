//! `policykg paths`, `neighbors` and `rank`: exploring the projection around entities.

use std::io::{BufWriter, Write};

use clap::{Args, ValueEnum};

use super::connect::{render_path, zh};
use crate::analysis::connect::Step;
use crate::analysis::graph::Justification;
use crate::analysis::paths::{Centrality, neighbours, rank, shortest_path, simple_paths};
use crate::cli::ExitStatus;
use crate::cli::config::{SourceArgs, at_least_one};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExploreFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct PathsArgs {
    /// The first entity: a name in Simplified, Traditional or English, an alias, or a prefixed name.
    pub a: String,
    /// The second entity.
    pub b: String,
    /// Longest path to look for, in steps.
    #[arg(long, default_value_t = 4, value_parser = at_least_one)]
    pub max_len: usize,
    /// Most paths to list; the search stops there and says so.
    #[arg(long, default_value_t = 20, value_parser = at_least_one)]
    pub limit: usize,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ExploreFormat,
    #[command(flatten)]
    pub source: SourceArgs,
}

#[derive(Debug, Args)]
pub struct NeighborsArgs {
    /// The entity: a name in Simplified, Traditional or English, an alias, or a prefixed name.
    pub entity: String,
    /// How many steps out to go.
    #[arg(long, default_value_t = 1, value_parser = at_least_one)]
    pub hops: usize,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ExploreFormat,
    #[command(flatten)]
    pub source: SourceArgs,
}

#[derive(Debug, Args)]
pub struct RankArgs {
    /// Only this class: Region, Industry, Platform, Organization, Agency, Program, Measure.
    #[arg(long)]
    pub class: Option<String>,
    #[arg(long, value_enum, default_value = "degree")]
    pub by: Centrality,
    /// How many to list.
    #[arg(long, default_value_t = 15)]
    pub top: usize,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ExploreFormat,
    #[command(flatten)]
    pub source: SourceArgs,
}

fn why(step: &Step) -> String {
    match &step.why {
        Justification::Text { quote, start, end } => format!("“{quote}” [{start}..{end}]"),
        Justification::Source { source } => format!("source: {source}"),
        Justification::None => String::new(),
    }
}

pub fn run_paths(args: PathsArgs) -> anyhow::Result<ExitStatus> {
    let analyzer = super::analyzer(&args.source)?;
    let (a, b) = analyzer.two_nodes(&args.a, &args.b)?;
    let p = &analyzer.projection;
    let shortest = shortest_path(p, a, b);
    // Paths are written as the search finds them: memory holds one path, however many there are.
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.format == ExploreFormat::Json {
        write!(out, "{{\n  \"shortest\": ")?;
        serde_json::to_writer(&mut out, &shortest)?;
        write!(out, ",\n  \"all\": [")?;
        let mut count = 0usize;
        let truncated = simple_paths(p, a, b, args.max_len, args.limit, |path| -> anyhow::Result<()> {
            write!(out, "{}\n    ", if count == 0 { "" } else { "," })?;
            serde_json::to_writer(&mut out, &path)?;
            count += 1;
            Ok(())
        })?;
        writeln!(out, "{}],\n  \"truncated\": {truncated}\n}}", if count == 0 { "" } else { "\n  " })?;
    } else {
        let start = crate::analysis::connect::named(p, a);
        match &shortest {
            Some(path) => {
                writeln!(out, "shortest ({}): {}", plural(path.len(), "step"), render_path(&start, path))?;
                for step in path {
                    writeln!(
                        out,
                        "    {} {} {}  {}",
                        zh(&step.from.label),
                        step.relation,
                        zh(&step.to.label),
                        why(step)
                    )?;
                }
            }
            None => writeln!(out, "no path")?,
        }
        writeln!(out, "\nsimple paths of at most {} steps, shortest first:", args.max_len)?;
        let mut count = 0usize;
        let truncated = simple_paths(p, a, b, args.max_len, args.limit, |path| -> anyhow::Result<()> {
            writeln!(out, "  {}", render_path(&start, &path))?;
            count += 1;
            Ok(())
        })?;
        writeln!(out, "{count} simple path{}", if count == 1 { "" } else { "s" })?;
        if truncated {
            writeln!(out, "(stopped at --limit {}: there are more; raise --limit or lower --max-len)", args.limit)?;
        }
    }
    out.flush()?;
    Ok(if shortest.is_some() { ExitStatus::Success } else { ExitStatus::Failure })
}

pub fn run_neighbors(args: NeighborsArgs) -> anyhow::Result<ExitStatus> {
    let analyzer = super::analyzer(&args.source)?;
    let center = analyzer.node(&args.entity)?;
    let hood = neighbours(&analyzer.projection, center, args.hops);
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.format == ExploreFormat::Json {
        serde_json::to_writer_pretty(&mut out, &hood)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{} within {}:", zh(&hood.center.label), plural(args.hops, "hop"))?;
        for (relation, list) in &hood.by_relation {
            writeln!(out, "\n  {relation} ({})", list.len())?;
            for n in list {
                writeln!(
                    out,
                    "    [{}] {} {} {}  {}",
                    n.hops,
                    zh(&n.step.from.label),
                    n.step.relation,
                    zh(&n.step.to.label),
                    why(&n.step)
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}

pub fn run_rank(args: RankArgs) -> anyhow::Result<ExitStatus> {
    let analyzer = super::analyzer(&args.source)?;
    let ranked = rank(&analyzer.projection, args.by, args.class.as_deref());
    if ranked.is_empty() {
        anyhow::bail!(
            "no node of class '{}'; use Region, Industry, Platform, Organization, Agency, Program or Measure",
            args.class.unwrap_or_default()
        );
    }
    let top = &ranked[..args.top.min(ranked.len())];
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.format == ExploreFormat::Json {
        serde_json::to_writer_pretty(&mut out, top)?;
        writeln!(out)?;
    } else {
        for (i, r) in top.iter().enumerate() {
            writeln!(
                out,
                "{:>3}. {:>9.2}  {} ({}, {})",
                i + 1,
                r.score,
                zh(&r.node.label),
                r.class,
                crate::rdf::vocab::shorten(&r.node.iri)
            )?;
        }
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// `1 step`, `2 steps`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}
