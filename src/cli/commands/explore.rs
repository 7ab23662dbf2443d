//! `policykg paths`, `neighbors` and `rank`: exploring the projection around entities.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};

use clap::{Args, ValueEnum};

use super::connect::{render_path, zh};
use crate::analysis::connect::{Named, Step};
use petgraph::Direction;
use petgraph::graph::NodeIndex;

use crate::analysis::graph::{Justification, NodeKind, Projection, Relation};
use crate::analysis::paths::{Centrality, Neighbour, neighbours, rank, shortest_path, simple_paths};
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
    /// With more measures than N in the neighbourhood, the text lists them by relation and pillar,
    /// with their count and ids, instead of one line each (JSON always lists each).
    #[arg(long, value_name = "N", default_value_t = crate::diagram::GROUP_ABOVE)]
    pub group_above: usize,
    /// List every measure on its own line, however many there are.
    #[arg(long)]
    pub expand: bool,
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
    let qualified = p.several_documents();
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
                writeln!(out, "shortest ({}): {}", plural(path.len(), "step"), render_path(&start, path, qualified))?;
                for step in path {
                    writeln!(
                        out,
                        "    {} {} {}  {}",
                        name(p, &step.from),
                        step.relation,
                        name(p, &step.to),
                        why(step)
                    )?;
                }
            }
            None => writeln!(out, "no path")?,
        }
        writeln!(out, "\nsimple paths of at most {} steps, shortest first:", args.max_len)?;
        let mut count = 0usize;
        let truncated = simple_paths(p, a, b, args.max_len, args.limit, |path| -> anyhow::Result<()> {
            writeln!(out, "  {}", render_path(&start, &path, qualified))?;
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
        let p = &analyzer.projection;
        // The node each entry reaches: `to` of an outward step, `from` of an inverse one (`^…`).
        let reached = |relation: &str, n: &Neighbour| {
            let named = if relation.starts_with('^') { &n.step.from } else { &n.step.to };
            p.node(&named.iri)
        };
        let is_measure = |i: Option<NodeIndex>| i.is_some_and(|i| p.graph[i].kind == NodeKind::Measure);
        let measures: usize = hood
            .by_relation
            .iter()
            .map(|(relation, list)| list.iter().filter(|n| is_measure(reached(relation, n))).count())
            .sum();
        let grouped = !args.expand && measures > args.group_above;
        write!(out, "{} within {}:", name(p, &hood.center), plural(args.hops, "hop"))?;
        if grouped {
            write!(out, " {} grouped by pillar (--expand lists each)", plural(measures, "measure"))?;
        }
        writeln!(out)?;
        for (relation, list) in &hood.by_relation {
            writeln!(out, "\n  {relation} ({})", list.len())?;
            // Pillar (sort key, label) → the measures under it.
            let mut pillars: BTreeMap<(usize, String, String), Vec<&Neighbour>> = BTreeMap::new();
            for n in list {
                let node = reached(relation, n);
                if grouped && is_measure(node) {
                    pillars.entry(pillar_key(p, node)).or_default().push(n);
                    continue;
                }
                writeln!(
                    out,
                    "    [{}] {} {} {}  {}",
                    n.hops,
                    name(p, &n.step.from),
                    n.step.relation,
                    name(p, &n.step.to),
                    why(&n.step)
                )?;
            }
            for ((_, _, pillar), group) in &pillars {
                let mut ids: Vec<String> = group
                    .iter()
                    .map(|n| {
                        let iri = reached_iri(relation, n);
                        p.measure_name(&iri).unwrap_or_else(|| local_name(&iri).to_string())
                    })
                    .collect();
                ids.sort_by_key(|id| natural(id));
                writeln!(out, "    {pillar} — {}: {}", plural(group.len(), "measure"), ids.join(" "))?;
                let first = why(&group[0].step);
                if !first.is_empty() && group.iter().all(|n| why(&n.step) == first) {
                    writeln!(out, "      all on {first}")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(ExitStatus::Success)
}

/// A node's Simplified label; a measure's is preceded by its document's id and its own when the
/// projection holds several documents (`a/M01 支持…`), so that each line says where it stands.
fn name(p: &Projection, n: &Named) -> String {
    match p.measure_name(&n.iri) {
        Some(id) if p.several_documents() => format!("{id} {}", zh(&n.label)),
        _ => zh(&n.label).to_string(),
    }
}

/// The IRI an entry reaches (see `run_neighbors`).
fn reached_iri(relation: &str, n: &Neighbour) -> String {
    if relation.starts_with('^') { n.step.from.iri.clone() } else { n.step.to.iri.clone() }
}

/// The last segment of an IRI: `M06` for `…/resource/M06`.
fn local_name(iri: &str) -> &str {
    iri.rsplit(['/', '#']).next().unwrap_or(iri)
}

/// Sorts `M2` before `M10`: the text, with its digits as a number.
fn natural(id: &str) -> (String, usize) {
    let digits: String = id.chars().filter(char::is_ascii_digit).collect();
    (id.chars().filter(|c| !c.is_ascii_digit()).collect(), digits.parse().unwrap_or(0))
}

/// A measure's pillar as a sort key (the number its IRI ends in, its IRI) and its label; the
/// pillar with the smallest IRI when a measure has several, and `(no pillar)` when it has none.
fn pillar_key(p: &Projection, measure: Option<NodeIndex>) -> (usize, String, String) {
    let pillar = measure.and_then(|m| {
        p.edges_of(m, Direction::Outgoing)
            .filter(|(_, _, e)| e.relation == Relation::InPillar)
            .map(|(_, pillar, _)| pillar)
            .min_by_key(|pillar| p.graph[*pillar].iri.clone())
    });
    match pillar {
        Some(x) => {
            let iri = p.graph[x].iri.clone();
            (natural(local_name(&iri)).1, iri, p.graph[x].label("zh-Hans"))
        }
        None => (usize::MAX, String::new(), "(no pillar)".to_string()),
    }
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
