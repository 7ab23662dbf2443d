//! `policykg connect A B`: the measures that connect two entities, with the chain of relations and
//! the words of the text.

use std::io::{BufWriter, Write};

use clap::{Args, ValueEnum};

use crate::analysis::connect::{Connection, LinkKind, Step};
use crate::analysis::connect_names;
use crate::analysis::graph::Justification;
use crate::cli::ExitStatus;
use crate::cli::config::SourceArgs;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConnectFormat {
    /// Grouped by pillar, for reading in a terminal.
    Text,
    /// The documented JSON schema (see the README).
    Json,
    /// A Graphviz drawing of the result.
    Dot,
}

#[derive(Debug, Args)]
pub struct ConnectArgs {
    /// The first entity: a name in Simplified, Traditional or English, an alias, or a prefixed name.
    pub a: String,
    /// The second entity.
    pub b: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ConnectFormat,
    #[command(flatten)]
    pub source: SourceArgs,
}

pub fn run(args: ConnectArgs) -> anyhow::Result<ExitStatus> {
    let source = args.source.open()?;
    let (connection, projection) = connect_names(&source, &args.a, &args.b)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        ConnectFormat::Text => out.write_all(render_text(&connection).as_bytes())?,
        ConnectFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &connection)?;
            writeln!(out)?;
        }
        ConnectFormat::Dot => {
            out.write_all(crate::diagram::bridge_dot(&connection, &projection, "zh-Hans").as_bytes())?
        }
    }
    out.flush()?;
    Ok(if connection.measures.is_empty() { ExitStatus::Failure } else { ExitStatus::Success })
}

pub fn zh(label: &std::collections::BTreeMap<String, String>) -> &str {
    label.get("zh-Hans").or_else(|| label.get("en")).map(String::as_str).unwrap_or("?")
}

/// Renders a path as `A ←rel— x —rel→ y`, walking from the first step's A-side end.
/// Measures are named by their id (M01, or L2 for a commitment of the lead paragraph), which is
/// shorter than their clause; with `qualified`, by their document's id and theirs (`a/M01`).
pub fn render_path(start: &crate::analysis::connect::Named, path: &[Step], qualified: bool) -> String {
    // Measures (M…) and lead commitments (L…) by their id, with their document's when `qualified`.
    let name = |n: &crate::analysis::connect::Named| match crate::rdf::vocab::measure_name(&n.iri, qualified) {
        Some(id) if id.rsplit('/').next().is_some_and(|local| local.starts_with(['M', 'L'])) => id,
        _ => zh(&n.label).to_string(),
    };
    let mut current = start.iri.clone();
    let mut s = name(start);
    for step in path {
        if step.to.iri == current {
            s.push_str(&format!(" ←{}— {}", step.relation, name(&step.from)));
            current = step.from.iri.clone();
        } else {
            s.push_str(&format!(" —{}→ {}", step.relation, name(&step.to)));
            current = step.to.iri.clone();
        }
    }
    s
}

fn render_text(c: &Connection) -> String {
    let mut s = format!(
        "{} → {}: {} measure{} ({} direct, {} indirect)\n",
        zh(&c.a.label),
        zh(&c.b.label),
        c.measures.len(),
        if c.measures.len() == 1 { "" } else { "s" },
        c.count(LinkKind::Direct),
        c.count(LinkKind::Indirect)
    );
    if c.measures.is_empty() {
        s.push_str(&format!(
            "no measure names something within {} and something within {}; `policykg paths {} {}` shows how they relate\n",
            zh(&c.a.label),
            zh(&c.b.label),
            zh(&c.a.label),
            zh(&c.b.label)
        ));
    }
    // With several documents, the measures are grouped by document, then pillar.
    let documents: std::collections::BTreeSet<Option<&str>> =
        c.measures.iter().map(|m| m.document.as_ref().map(|d| d.iri.as_str())).collect();
    let mut document = None;
    let mut pillar = String::new();
    for m in &c.measures {
        let doc = m.document.as_ref().map(|d| d.iri.as_str());
        if documents.len() > 1 && doc != document {
            document = doc;
            let name = m.document.as_ref().map_or("(no document)".to_string(), |d| {
                format!(
                    "{} <{}>",
                    d.label.get("zh-Hans").or_else(|| d.label.get("en")).map_or("", |l| l.as_str()),
                    d.iri
                )
            });
            s.push_str(&format!("\n== {name}\n"));
            pillar.clear();
        }
        if m.pillar.iri != pillar {
            pillar = m.pillar.iri.clone();
            match m.pillar.label.get("en") {
                Some(en) => s.push_str(&format!("\n{} · {en}\n", zh(&m.pillar.label))),
                None => s.push_str(&format!("\n{}\n", zh(&m.pillar.label))),
            }
        }
        let id = m.iri.rsplit('/').next().unwrap_or(&m.iri);
        s.push_str(&format!(
            "\n  {id} [{}] {}\n",
            match m.kind {
                LinkKind::Direct => "direct",
                LinkKind::Indirect => "indirect",
            },
            zh(&m.label)
        ));
        if let Some(en) = m.label.get("en") {
            s.push_str(&format!("      {en}\n"));
        }
        s.push_str(&format!("      path: {}\n", render_path(&c.a, &m.path, false)));
        let side = |entities: &[crate::analysis::connect::SideEntity]| {
            entities
                .iter()
                .map(|e| {
                    format!(
                        "{} ({}{})",
                        zh(&e.entity.label),
                        e.role,
                        if e.kind == LinkKind::Indirect { ", indirect" } else { "" }
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        s.push_str(&format!("      {} side: {}\n", zh(&c.a.label), side(&m.a_side)));
        s.push_str(&format!("      {} side: {}\n", zh(&c.b.label), side(&m.b_side)));
        s.push_str(&format!("      evidence [{}..{}]: “{}”\n", m.evidence.start, m.evidence.end, m.evidence.quote));
        for step in m.path.iter().filter(|st| matches!(st.why, Justification::Source { .. })) {
            if let Justification::Source { source } = &step.why {
                s.push_str(&format!(
                    "      background: {} {} {} — {source}\n",
                    zh(&step.from.label),
                    step.relation,
                    zh(&step.to.label)
                ));
            }
        }
    }
    s
}
