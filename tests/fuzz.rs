//! The fuzz targets' properties (tests/fuzz_properties.rs), checked again on every input the
//! fuzzers kept: the seeds and minimised corpus of `fuzz/corpus/TARGET/`, and any input that once
//! failed and was fixed, in `fuzz/regressions/TARGET/`.

use std::path::Path;

use crate::fuzz_properties as properties;

/// Runs `property` on every file of `fuzz/corpus/TARGET` and `fuzz/regressions/TARGET`; gives how
/// many inputs were checked.
fn check(target: &str, property: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut checked = 0;
    for folder in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder).join(target)) else { continue };
        let mut paths: Vec<_> = entries.map(|e| e.expect("a readable folder").path()).collect();
        paths.sort();
        for path in paths {
            // A fuzzer running meanwhile may replace an input by a smaller one: skip what vanished.
            let data = match std::fs::read(&path) {
                Ok(data) => data,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => panic!("{}: {e}", path.display()),
            };
            let outcome = std::panic::catch_unwind(|| property(&data));
            assert!(outcome.is_ok(), "{target}: the property fails on {}", path.display());
            checked += 1;
        }
    }
    checked
}

#[test]
fn the_text_cleaner_keeps_its_promises_on_every_kept_input() {
    assert!(check("text_clean", properties::text_clean) > 0);
}

#[test]
fn labels_stay_labels_in_dot_and_mermaid_on_every_kept_input() {
    assert!(check("labels", properties::labels) > 0);
}

#[test]
fn lookup_never_fails_unexpectedly_on_every_kept_input() {
    assert!(check("lookup", properties::lookup) > 0);
}

#[test]
fn sparql_errors_point_inside_the_query_on_every_kept_input() {
    assert!(check("sparql", properties::sparql) > 0);
}

#[test]
fn rdf_parsing_and_writing_agree_on_every_kept_input() {
    assert!(check("rdf", properties::rdf) > 0);
}

#[test]
fn the_properties_can_fail() {
    // Each property must be able to fail: a label check on what Mermaid would refuse, a text
    // property on a map that is not monotone, are exercised through their parts here.
    let quoted = policykg::diagram::escape::dot_quoted("a\"b");
    assert!(graphviz_rust::parse(&format!("digraph {{ n [label={quoted}] }}")).is_ok());
    assert!(graphviz_rust::parse("digraph { n [label=\"a\"b\"] }").is_err(), "an unescaped quote is refused");
    let outcome = std::panic::catch_unwind(|| properties::sparql(b"SELECT * WHERE { ?s ?p ?o "));
    assert!(outcome.is_ok(), "a syntax error with its place inside the query passes");
}
