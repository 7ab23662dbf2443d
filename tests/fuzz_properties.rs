//! What must hold for any input, checked by the fuzz targets of `fuzz/` (each includes this file)
//! and again, on every input they kept, by `tests/fuzz.rs`. Each function takes the fuzzer's bytes
//! and panics when a property fails; bytes that are not UTF-8 are skipped where the input is text.

use std::sync::LazyLock;

use oxigraph::io::{RdfFormat, RdfParser};
use policykg::text::Script;

/// The text cleaner never fails; both scripts have one character for each clean character; the
/// map back to the raw text is monotone in both ends and stays inside the raw text.
pub fn text_clean(data: &[u8]) {
    static EMENDATIONS: LazyLock<Vec<policykg::text::Emendation>> = LazyLock::new(policykg::builtin::emendations);
    let Ok(raw) = std::str::from_utf8(data) else { return };
    let clean = policykg::text::clean(raw, &EMENDATIONS);
    let (hans, hant) = (clean.chars(Script::Hans), clean.chars(Script::Hant));
    assert_eq!(hans.len(), hant.len(), "one clean character in each script");
    let spans = clean.raw_spans();
    assert_eq!(spans.len(), hans.len(), "one raw span for each clean character");
    let raw_len = raw.chars().count();
    for span in spans {
        assert!(span.start <= span.end && span.end <= raw_len, "{span:?} outside 0..{raw_len}");
    }
    for pair in spans.windows(2) {
        assert!(pair[0].start <= pair[1].start && pair[0].end <= pair[1].end, "not monotone: {pair:?}");
    }
}

/// Any text as a label: quoted for DOT, Graphviz's grammar (graphviz-rust's parser) reads it back
/// as one quoted string; written for Mermaid, it is not empty and has no `"` (which would end the
/// label), no `%` (which starts Mermaid's directives and comments), no control character and no
/// line break.
pub fn labels(data: &[u8]) {
    let Ok(label) = std::str::from_utf8(data) else { return };
    let quoted = policykg::diagram::escape::dot_quoted(label);
    let dot = format!("digraph {{ n [label={quoted}] }}");
    assert!(graphviz_rust::parse(&dot).is_ok(), "Graphviz's grammar refuses {dot:?}");
    let mermaid = policykg::diagram::escape::mermaid_label(label);
    assert!(!mermaid.is_empty(), "an empty Mermaid label for {label:?}");
    assert!(
        !mermaid.contains(['"', '%', '\u{2028}', '\u{2029}', '\u{85}']) && !mermaid.chars().any(char::is_control),
        "{mermaid:?} for {label:?}"
    );
}

/// Name lookup on the built-in graph gives an entity or an error for any name, never a panic; a
/// name that resolves resolves to the same entity again once width, spaces and quotes are added.
pub fn lookup(data: &[u8]) {
    static ANALYZER: LazyLock<policykg::analysis::Analyzer> =
        LazyLock::new(|| policykg::analysis::Analyzer::builtin().expect("the built-in graph builds"));
    let Ok(name) = std::str::from_utf8(data) else { return };
    if let Ok(iri) = ANALYZER.resolver.resolve(name) {
        let padded = format!("\u{3000}「{name}」\u{200b}");
        assert_eq!(ANALYZER.resolver.resolve(&padded).ok().as_deref(), Some(iri.as_str()), "{padded:?}");
    }
}

/// A query either parses or gives a syntax error whose line and column lie inside the query.
pub fn sparql(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(policykg::sparql::Error::Syntax(e)) = policykg::sparql::Query::parse(text, None) {
        let _ = e.to_string();
        if let Some(at) = e.location() {
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            let lines = text.split('\n').count();
            assert!(at.line >= 1 && at.line <= lines, "line {} of {lines}", at.line);
            assert!(
                at.column >= 1 && at.column <= at.text.chars().count() + 1,
                "column {} of {:?}",
                at.column,
                at.text
            );
        }
    }
}

/// Every RDF format: the parser gives quads or an error, never a panic; the quads, written as
/// N-Quads by policykg and read back, are as many again.
pub fn rdf(data: &[u8]) {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let formats = [
        RdfFormat::Turtle,
        RdfFormat::NTriples,
        RdfFormat::NQuads,
        RdfFormat::TriG,
        RdfFormat::N3,
        RdfFormat::RdfXml,
        RdfFormat::JsonLd { profile: Default::default() },
    ];
    let format = formats[usize::from(selector) % formats.len()];
    let Ok(quads) = policykg::rdf::parse::parse("fuzz", bytes, format, Some("http://example.org/base/")) else {
        return;
    };
    let quads = policykg::rdf::stable_order(quads);
    let mut written = Vec::new();
    policykg::rdf::write_quads(&quads, RdfFormat::NQuads, &mut written).expect("N-Quads can write any quad");
    let read = RdfParser::from_format(RdfFormat::NQuads).for_slice(&written).count();
    let mut distinct = quads.clone();
    distinct.dedup();
    assert_eq!(read, distinct.len(), "{}", String::from_utf8_lossy(&written));
}
