//! Writing a [`Diagram`] as a Mermaid flowchart. Mermaid ids must be plain ASCII and must not be
//! keywords (`end`, `graph` …), so nodes are numbered `n0`, `n1` … in drawing order and clusters
//! `c0`, `c1` …; every label is written in `["…"]` through [`mermaid_label`].

use std::collections::BTreeMap;
use std::fmt::Write;

use super::dot::{FONTS, look};
use super::escape::{mermaid_label, yaml_quoted};
use super::model::{Arrow, Diagram, Direction, Line, Style};

/// The class name of a style: a prefix keeps it clear of Mermaid's keywords (`default`, `end`).
fn class_name(style: Style) -> String {
    match style {
        Style::Document => "k_document".to_string(),
        Style::Pillar(p) => format!("k_pillar{p}"),
        Style::Measure(p) => format!("k_measure{p}"),
        Style::Region => "k_region".to_string(),
        Style::Industry => "k_industry".to_string(),
        Style::Platform => "k_platform".to_string(),
        Style::Organization => "k_organization".to_string(),
        Style::Agency => "k_agency".to_string(),
        Style::Program => "k_program".to_string(),
        Style::OutsideClass => "k_outside".to_string(),
        Style::Literal => "k_literal".to_string(),
        Style::Other => "k_other".to_string(),
    }
}

/// The font list for Mermaid's theme. Mermaid empties any theme value holding a character outside
/// ASCII letters, digits, space and `"#%(),.;` (its sanitiser's pattern), so the list keeps only
/// the [`FONTS`] whose names are made of letters, digits and spaces — the generic `sans-serif`
/// goes, and is what a browser falls back to anyway — each quoted as CSS allows.
fn fonts() -> String {
    FONTS
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_alphanumeric() || c == ' '))
        .map(|f| format!("\"{f}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn link(line: Line, arrow: Arrow) -> &'static str {
    match (line, arrow) {
        (Line::Invisible, _) => "~~~",
        (Line::Solid, Arrow::None) => "---",
        (Line::Dashed, Arrow::None) => "-.-",
        (Line::Solid, _) => "-->",
        (Line::Dashed, _) => "-.->",
    }
}

fn write_link(out: &mut String, from: &str, to: &str, label: &str, line: Line, arrow: Arrow) {
    // Mermaid has no arrowhead at the start of a link: turn a backward edge around.
    let (from, to) = if arrow == Arrow::Back { (to, from) } else { (from, to) };
    let link = link(line, arrow);
    if label.is_empty() || line == Line::Invisible {
        writeln!(out, "  {from} {link} {to}").ok();
    } else {
        writeln!(out, "  {from} {link}|\"{}\"| {to}", mermaid_label(label)).ok();
    }
}

/// The diagram as a Mermaid flowchart, ending in a line break.
pub fn to_mermaid(d: &Diagram) -> String {
    let mut out = String::new();
    writeln!(out, "---").ok();
    writeln!(out, "title: {}", yaml_quoted(&d.title)).ok();
    writeln!(out, "config:\n  themeVariables:\n    fontFamily: {}", yaml_quoted(&fonts())).ok();
    writeln!(out, "---").ok();
    let direction = match d.direction {
        Direction::LeftRight => "LR",
        Direction::RightLeft => "RL",
        Direction::TopBottom => "TB",
        Direction::BottomTop => "BT",
    };
    writeln!(out, "flowchart {direction}").ok();

    let nodes = d.nodes();
    let ids: BTreeMap<&str, String> = nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), format!("n{i}"))).collect();
    let mut next = nodes.len();
    let mut fresh = || {
        next += 1;
        format!("n{}", next - 1)
    };
    let mut used: BTreeMap<String, Style> = BTreeMap::new();
    let mut emphasised = Vec::new();
    let mut node_line = |out: &mut String, indent: &str, id: &str, label: &str, style: Style| {
        let class = class_name(style);
        writeln!(out, "{indent}{id}[\"{}\"]:::{class}", mermaid_label(label)).ok();
        used.insert(class, style);
    };

    for (i, c) in d.clusters().iter().enumerate() {
        let members: Vec<_> = nodes.iter().filter(|n| n.cluster == Some(i)).collect();
        if members.is_empty() {
            continue;
        }
        writeln!(out, "  subgraph c{i}[\"{}\"]", mermaid_label(&c.label)).ok();
        for n in members {
            node_line(&mut out, "    ", &ids[n.id.as_str()], &n.label, n.style);
        }
        writeln!(out, "  end").ok();
    }
    for n in nodes.iter().filter(|n| n.cluster.is_none()) {
        node_line(&mut out, "  ", &ids[n.id.as_str()], &n.label, n.style);
    }
    for n in nodes.iter().filter(|n| n.emphasis) {
        emphasised.push(ids[n.id.as_str()].clone());
    }

    let note = d.note().map(|note| (fresh(), note.to_string()));
    if let Some((id, note)) = &note {
        writeln!(out, "  {id}[\"{}\"]:::k_note", mermaid_label(&super::label::wrap(note, 48, 8))).ok();
    }

    let legend = d.legend();
    let mut legend_links = Vec::new();
    if !legend.is_empty() || !d.edge_legend().is_empty() {
        writeln!(out, "  subgraph c_legend[\"{}\"]", mermaid_label(d.lang.legend())).ok();
        for (style, name) in &legend {
            let id = fresh();
            node_line(&mut out, "    ", &id, &super::label::balanced(name, 28, 3), *style);
        }
        for (line, arrow, meaning) in d.edge_legend() {
            let (a, b) = (fresh(), fresh());
            writeln!(out, "    {a}[\" \"]:::k_point\n    {b}[\" \"]:::k_point").ok();
            legend_links.push((a, b, super::label::balanced(meaning, 24, 3), *line, *arrow));
        }
        writeln!(out, "  end").ok();
    }

    for e in d.edges() {
        write_link(&mut out, &ids[e.from.as_str()], &ids[e.to.as_str()], &e.label, e.line, e.arrow);
    }
    for (a, b, meaning, line, arrow) in &legend_links {
        write_link(&mut out, a, b, meaning, *line, *arrow);
    }

    for (class, style) in &used {
        let (_, fill_style, fill, line) = look(*style);
        let dash = if fill_style.contains("dashed") { ",stroke-dasharray:4 3" } else { "" };
        writeln!(out, "  classDef {class} fill:{fill},stroke:{line},color:#0F172A{dash}").ok();
    }
    if note.is_some() {
        writeln!(out, "  classDef k_note fill:#FFFBEB,stroke:#B45309,color:#0F172A").ok();
    }
    if !legend_links.is_empty() {
        writeln!(out, "  classDef k_point fill:#FFFFFF,stroke:#FFFFFF").ok();
    }
    for id in emphasised {
        writeln!(out, "  style {id} stroke-width:3px").ok();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::lang::Lang;
    use crate::diagram::model::{Edge, Node};

    #[test]
    fn ids_are_numbered_and_labels_escaped() {
        let mut d = Diagram::new("t", "a \"title\"", Direction::LeftRight, Lang::En);
        d.node(Node::new("end", "say \"hi\" #1\nnext", Style::Region));
        d.node(Node::new("pkr:X", "X (x)", Style::Platform));
        d.edge(Edge::new("pkr:X", "end", "part \"of\"").line(Line::Dashed));
        let m = to_mermaid(&d);
        assert!(m.contains("title: \"a \\\"title\\\"\"\n"), "{m}");
        assert!(m.contains("  n0[\"say #quot;hi#quot; #35;1<br>next\"]:::k_region\n"), "{m}");
        assert!(m.contains("  n1[\"X (x)\"]:::k_platform\n"), "{m}");
        assert!(m.contains("  n1 -.->|\"part #quot;of#quot;\"| n0\n"), "{m}");
        assert!(!m.lines().any(|l| l.trim_start().starts_with("end[")) && !m.contains("pkr:X"), "{m}");
    }

    #[test]
    fn blank_labels_are_written_as_a_no_break_space() {
        let mut d = Diagram::new("t", "", Direction::LeftRight, Lang::En);
        d.node(Node::new("a", "", Style::Region));
        d.node(Node::new("b", " \u{2028} ", Style::Region));
        d.edge(Edge::new("a", "b", " "));
        let m = to_mermaid(&d);
        assert!(m.contains("  n0[\"#160;\"]:::k_region\n"), "{m}");
        assert!(m.contains("  n1[\"#160;\"]:::k_region\n"), "{m}");
        assert!(m.contains("  n0 -->|\"#160;\"| n1\n"), "{m}");
        assert!(!m.contains("[\"\"]") && !m.contains("|\"\"|"), "{m}");
    }

    #[test]
    fn the_font_list_passes_mermaids_sanitiser() {
        // Mermaid 11 empties a theme value unless it matches /^[\d "#%(),.;A-Za-z]+$/.
        let fonts = fonts();
        assert_eq!(
            fonts,
            r#""Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC""#
        );
        assert!(fonts.chars().all(|c| c.is_ascii_alphanumeric() || " \"#%(),.;".contains(c)), "{fonts}");
    }
}
