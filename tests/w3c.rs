//! The W3C SPARQL 1.0 and 1.1 query test suites, run against the SPARQL engine policykg answers with.
//!
//! The suites (manifests, queries, data and expected results; no code) live outside the repository, in
//! the `sparql/` folder of a checkout of <https://github.com/w3c/rdf-tests>. The test finds that checkout
//! through the environment variable `POLICYKG_W3C_TESTS`; without it, it says so and passes.
//!
//! Every `manifest*.ttl` at the top of `sparql/sparql10` and `sparql/sparql11` is walked, following
//! `mf:include` and `mf:entries`. Four kinds of test are run:
//!
//! - positive syntax tests: the query must parse;
//! - negative syntax tests: the query must not parse;
//! - query evaluation tests: the query runs over the test's dataset and its answer must equal the
//!   expected one, read from SPARQL XML, JSON or TSV results, or from an RDF graph (a `rs:ResultSet`
//!   for solutions and booleans, any other graph for CONSTRUCT and DESCRIBE);
//! - CSV result format tests: the answer, written as CSV, must hold the same rows as the expected CSV.
//!
//! "Equal" is the spec's notion: solutions form a multiset, compared row for row on every variable by
//! RDF term equality (lexical form, datatype and language; `"1.0"^^xsd:decimal` is not
//! `"1"^^xsd:decimal`), with the blank nodes of the whole answer matched to the expected ones by one
//! consistent renaming. Order counts only when the expected answer is ordered: a `rs:ResultSet` whose
//! solutions all carry `rs:index`, or XML, JSON or TSV results of a query with `ORDER BY`. Graphs are
//! compared up to blank-node renaming (isomorphism).
//!
//! Update, federation (`SERVICE`), protocol, graph-store, service-description and entailment tests are
//! counted as "not applicable": policykg neither updates nor federates. Withdrawn tests are skipped the
//! same way; `mf:requires` is ignored, as in Oxigraph's own harness.
//!
//! [`KNOWN`] lists the tests where the engine deviates from the suite on purpose or by a known limit.
//! The test fails on any other failure, and on any listed test that passes (so the list stays true).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{
    Graph, GraphName, NamedNode, NamedOrBlankNode, NamedOrBlankNodeRef, Term, TermRef, Triple, Variable,
};
use oxigraph::sparql::SparqlEvaluator;
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, QueryResultsSerializer, ReaderQueryResultsParserOutput,
};
use policykg::source::{DataFile, Source, Spec};
use policykg::sparql::{Answer, DefaultDataset, Query, QuerySource};

/// The environment variable naming the `w3c-rdf-tests` folder.
const ENV: &str = "POLICYKG_W3C_TESTS";

/// Where the W3C publishes the same files; test IRIs relative to a local manifest are shown against it,
/// so that names in [`KNOWN`] and in messages do not depend on where the suite is on disk.
const PUBLISHED: &str = "https://w3c.github.io/rdf-tests/";

/// The two suites: a label for the summary and the folder under `sparql/`.
const SUITES: [(&str, &str); 2] = [("SPARQL 1.0", "sparql10"), ("SPARQL 1.1", "sparql11")];

/// Folders whose query tests need something policykg does not do: federation or entailment.
const NOT_APPLICABLE_FOLDERS: [&str; 3] = ["entailment", "service", "syntax-fed"];

/// Known deviations of the engine from the suites, as (test IRI, reason). Each was checked by hand: the
/// harness reads the test right, and the engine's answer differs for the reason given.
const KNOWN: &[(&str, &str)] = &[
    // SPARQL 1.0
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/distinct/manifest#distinct-1", STORED),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/distinct/manifest#distinct-9", STORED),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/distinct/manifest#no-distinct-1", STORED),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/distinct/manifest#no-distinct-9", STORED),
    (
        "http://www.w3.org/2001/sw/DataAccess/tests/data-r2/expr-builtin/manifest#case-insensitive-booleans",
        "the parser takes `true` and `false` in lower case only (test only Proposed)",
    ),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/expr-builtin/manifest#dawg-datatype-1", STORED),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/expr-builtin/manifest#dawg-str-1", STORED),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/expr-builtin/manifest#dawg-str-2", STORED),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/expr-builtin/manifest#sameTerm-eq", STORED),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/expr-builtin/manifest#sameTerm-not-eq", STORED),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/expr-builtin/manifest#sameTerm-simple", STORED),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/expr-equals/manifest#eq-2-1", STORED),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/expr-equals/manifest#eq-2-2", STORED),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/expr-equals/manifest#eq-graph-1", STORED),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/expr-equals/manifest#eq-graph-2", STORED),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/graph/manifest#graph-optional", GRAPH_SCOPE),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/graph/manifest#graph-variable-scope", GRAPH_SCOPE),
    (
        "http://www.w3.org/2001/sw/DataAccess/tests/data-r2/open-world/manifest#date-2",
        "`!=` on xsd:date values with and without a timezone is decided (XSD 1.1), not an error",
    ),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/open-world/manifest#date-3", STORED),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/open-world/manifest#open-eq-01", STORED),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/open-world/manifest#open-eq-03", STORED),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/open-world/manifest#open-eq-04", STORED),
    ("http://www.w3.org/2001/sw/DataAccess/tests/data-r2/sort/manifest#dawg-sort-7", STORED),
    (
        "http://www.w3.org/2001/sw/DataAccess/tests/data-r2/syntax-sparql3/manifest#syn-bad-26",
        "`?x<?a&&?b>?y` is read as comparisons, not as the IRI `<?a&&?b>` the longest-token rule asks for",
    ),
    // SPARQL 1.1
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/aggregates/manifest#agg-avg-02", COMPUTED),
    (
        "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/aggregates/manifest#agg-empty-group-count-graph",
        GRAPH_SCOPE,
    ),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/aggregates/manifest#agg-err-02", COMPUTED),
    (
        "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/aggregates/manifest#agg-groupconcat-04",
        "GROUP_CONCAT keeps the language tag its values share (\"1 2\"@en); the test wants a simple literal",
    ),
    (
        "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/aggregates/manifest#agg-groupconcat-06",
        "GROUP_CONCAT keeps the language tag its values share (\"1\"@en); the test wants a simple literal",
    ),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/aggregates/manifest#agg-max-01", STORED),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/aggregates/manifest#agg-max-02", STORED),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/aggregates/manifest#agg-max-distinct", STORED),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/aggregates/manifest#agg-min-01", STORED),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/aggregates/manifest#agg-min-02", STORED),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/aggregates/manifest#agg-min-distinct", STORED),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/aggregates/manifest#agg-sum-02", COMPUTED),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/bindings/manifest#graph", GRAPH_SCOPE),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/cast/manifest#cast-bool", STORED),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/cast/manifest#cast-decimal", COMPUTED),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/cast/manifest#cast-double", COMPUTED),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/cast/manifest#cast-float", COMPUTED),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/cast/manifest#cast-int", STORED),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/cast/manifest#cast-string", STORED),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/csv-tsv-res/manifest#csv03", STORED),
    (
        "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/csv-tsv-res/manifest#tsv03",
        "the store gives \"-3\"^^xsd:negativeInteger back as xsd:integer and \"1.0E6\"^^xsd:double as \"1000000\"",
    ),
    (
        "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/functions/manifest#bnode01",
        "BNODE(\"foo\") gives the blank node _:foo in every solution; the spec wants a new one per solution",
    ),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/functions/manifest#coalesce01", COMPUTED),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/functions/manifest#plus-1-corrected", COMPUTED),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/functions/manifest#plus-2-corrected", STORED),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/negation/manifest#graph-minus", GRAPH_SCOPE),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/property-path/manifest#zero_or_more_set_end", EMPTY_PATH),
    (
        "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/property-path/manifest#zero_or_more_set_start",
        EMPTY_PATH,
    ),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/property-path/manifest#zero_or_one_set_end", EMPTY_PATH),
    ("http://www.w3.org/2009/sparql/docs/tests/data-sparql11/property-path/manifest#zero_or_one_set_start", EMPTY_PATH),
];

/// Oxigraph's store keeps xsd numbers, booleans and dates by value (and integer subtypes as xsd:integer),
/// and gives them back in its own lexical form; literals the data keeps apart can thus become one term.
const STORED: &str =
    "the store gives literals back by value (\"01\"^^xsd:integer as \"1\", \"1.0e0\"^^xsd:double as \"1\")";
/// Numbers the query computes are written in Oxigraph's shortest form, where the tests expect XSD 1.0
/// canonical forms.
const COMPUTED: &str = "computed numbers are written \"2\", \"0.2\", \"32100\", not \"2.0\", \"2.0E-1\", \"3.21E4\"";
/// Oxigraph evaluates `GRAPH ?g { P }` with ?g bound inside P, so FILTER, OPTIONAL, MINUS, VALUES and
/// sub-SELECTs in P see it; the spec evaluates P alone and joins its answer with the graph name. Oxigraph's
/// own harness lists these tests too.
const GRAPH_SCOPE: &str = "GRAPH ?g { P } binds ?g inside P instead of joining P's answer with the graph name";
/// `?s :p* :o` must give `:o` itself (the zero-length path) even when `:o` is in no triple. Oxigraph's own
/// harness lists these tests too.
const EMPTY_PATH: &str = "a `*` or `?` path to or from a constant gives no zero-length row over an empty graph";

const MF: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
const QT: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#";
const DAWGT: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#";
const RS: &str = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#";
const SD: &str = "http://www.w3.org/ns/sparql-service-description#";

/// The IRI `local` in `namespace`.
fn iri(namespace: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{namespace}{local}"))
}

// --- The test --------------------------------------------------------------------------------------

#[test]
fn w3c_sparql_query_test_suites() {
    let Some(root) = env::var_os(ENV) else {
        println!("w3c: skipped (set {ENV} to the w3c-rdf-tests folder)");
        return;
    };
    let started = Instant::now();
    let root = match fs::canonicalize(&root) {
        Ok(root) => root,
        Err(error) => panic!("w3c: {ENV}={}: {error}", PathBuf::from(root).display()),
    };
    let root_url = format!("{}/", file_url(&root));
    let known: HashMap<&str, &str> = KNOWN.iter().copied().collect();
    let mut failures: Vec<(String, String)> = Vec::new();
    let mut seen_known = HashSet::new();
    let mut total = Counts::default();
    let mut all_read = true;

    for (label, folder) in SUITES {
        let mut counts = Counts::default();
        let tests = match collect_tests(&root.join("sparql").join(folder), &root_url) {
            Ok(tests) => tests,
            Err(error) => {
                failures.push((format!("{PUBLISHED}sparql/{folder}/"), error));
                all_read = false;
                continue;
            }
        };
        for (id, kind) in &tests {
            let result = match kind {
                Kind::NotApplicable => {
                    counts.not_applicable += 1;
                    continue;
                }
                kind => run(kind),
            };
            match (result, known.get(id.as_str())) {
                (Ok(()), None) => counts.passed += 1,
                (Ok(()), Some(_)) => {
                    seen_known.insert(id.clone());
                    failures.push((id.clone(), "passes now: remove it from KNOWN".into()));
                }
                (Err(_), Some(_)) => {
                    seen_known.insert(id.clone());
                    counts.known += 1;
                }
                (Err(reason), None) => failures.push((id.clone(), reason)),
            }
        }
        println!("w3c: {} ({label})", counts.line());
        total.add(&counts);
    }
    println!("w3c: {} (total, {:.1?})", total.line(), started.elapsed());

    for (id, _) in KNOWN {
        if all_read && !seen_known.contains(*id) {
            failures.push(((*id).into(), "listed in KNOWN but not run as a query test".into()));
        }
    }
    if !failures.is_empty() {
        failures.sort();
        let list: Vec<String> = failures.iter().map(|(id, reason)| format!("  {id}\n    {reason}")).collect();
        panic!("w3c: {} unexpected result(s):\n{}", failures.len(), list.join("\n"));
    }
}

/// How many tests of a suite passed, failed as listed in [`KNOWN`], or were not applicable.
#[derive(Default)]
struct Counts {
    passed: usize,
    known: usize,
    not_applicable: usize,
}

impl Counts {
    /// Adds another suite's counts.
    fn add(&mut self, other: &Counts) {
        self.passed += other.passed;
        self.known += other.known;
        self.not_applicable += other.not_applicable;
    }

    /// The summary line.
    fn line(&self) -> String {
        format!("{} passed, {} known deviations, {} not applicable", self.passed, self.known, self.not_applicable)
    }
}

// --- Manifests -------------------------------------------------------------------------------------

/// What one manifest entry asks for, with its files as local paths.
enum Kind {
    /// Update, federation, protocol, entailment and the like, or withdrawn.
    NotApplicable,
    /// The query must parse.
    PositiveSyntax { query: PathBuf },
    /// The query must not parse.
    NegativeSyntax { query: PathBuf },
    /// The query's answer over the dataset must equal `result`; with `csv`, compared as CSV text; with
    /// `lax` (`mf:LaxCardinality`, for REDUCED), a row may appear fewer times than expected, but once.
    Evaluation { query: PathBuf, data: Vec<PathBuf>, graph_data: Vec<PathBuf>, result: PathBuf, csv: bool, lax: bool },
    /// The entry could not be read; running it fails with this message.
    Broken(String),
}

/// Walks every top-level `manifest*.ttl` of `suite` and the manifests they include, and gives each
/// test once, by IRI (shown against [`PUBLISHED`] when it is a local file IRI), in sorted order.
fn collect_tests(suite: &Path, root_url: &str) -> Result<BTreeMap<String, Kind>, String> {
    let mut to_do: Vec<PathBuf> = fs::read_dir(suite)
        .map_err(|error| format!("cannot list {}: {error}", suite.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("manifest") && name.ends_with(".ttl"))
        })
        .collect();
    if to_do.is_empty() {
        return Err(format!("no manifest*.ttl in {}", suite.display()));
    }
    to_do.sort();
    to_do.reverse(); // popped from the end: alphabetical order
    let mut done = HashSet::new();
    let mut tests = BTreeMap::new();
    while let Some(manifest) = to_do.pop() {
        if !done.insert(manifest.clone()) {
            continue;
        }
        let graph = read_graph(&manifest)?;
        let folder = manifest.parent().and_then(Path::file_name).and_then(|name| name.to_str()).unwrap_or("");
        let not_applicable_folder = NOT_APPLICABLE_FOLDERS.contains(&folder);
        let manifests: Vec<NamedOrBlankNodeRef<'_>> =
            graph.subjects_for_predicate_object(rdf::TYPE, &iri(MF, "Manifest")).collect();
        for node in manifests {
            if let Some(list) = graph.object_for_subject_predicate(node, &iri(MF, "include")) {
                let mut included = Vec::new();
                for item in rdf_list(&graph, list)? {
                    included.push(
                        file_path(&item).ok_or_else(|| {
                            format!("{}: mf:include names {item}, not a local file", manifest.display())
                        })?,
                    );
                }
                included.reverse();
                to_do.extend(included);
            }
            if let Some(list) = graph.object_for_subject_predicate(node, &iri(MF, "entries")) {
                for entry in rdf_list(&graph, list)? {
                    let (id, mut kind) = read_entry(&graph, entry.as_ref(), &manifest, root_url);
                    if not_applicable_folder {
                        kind = Kind::NotApplicable;
                    }
                    tests.entry(id).or_insert(kind);
                }
            }
        }
    }
    Ok(tests)
}

/// Reads one manifest entry: its IRI and what it asks for.
fn read_entry(graph: &Graph, entry: TermRef<'_>, manifest: &Path, root_url: &str) -> (String, Kind) {
    let node = match entry {
        TermRef::NamedNode(node) => NamedOrBlankNodeRef::from(node),
        TermRef::BlankNode(node) => NamedOrBlankNodeRef::from(node),
        _ => return (format!("{} {entry}", manifest.display()), Kind::Broken("the entry is a literal".into())),
    };
    let id = match node {
        NamedOrBlankNodeRef::NamedNode(node) => shown_iri(node.as_str(), root_url),
        NamedOrBlankNodeRef::BlankNode(_) => {
            let name = graph.object_for_subject_predicate(node, &iri(MF, "name")).map(literal_value);
            format!("{}#{}", shown_iri(&file_url(manifest), root_url), name.unwrap_or_default())
        }
    };
    let kinds: Vec<String> = graph
        .objects_for_subject_predicate(node, rdf::TYPE)
        .filter_map(|kind| match kind {
            TermRef::NamedNode(kind) => kind.as_str().strip_prefix(MF).map(str::to_owned),
            _ => None,
        })
        .collect();
    let withdrawn = graph
        .objects_for_subject_predicate(node, &iri(DAWGT, "approval"))
        .any(|approval| approval == iri(DAWGT, "Withdrawn").as_ref().into());
    let kind = match entry_kind(graph, node, &kinds) {
        Ok(_) if withdrawn => Kind::NotApplicable,
        Ok(kind) => kind,
        Err(reason) => Kind::Broken(format!("manifest {}: {reason}", manifest.display())),
    };
    (id, kind)
}

/// What a test node asks for, from its types, `mf:action` and `mf:result`.
fn entry_kind(graph: &Graph, node: NamedOrBlankNodeRef<'_>, kinds: &[String]) -> Result<Kind, String> {
    let is = |name: &str| kinds.iter().any(|kind| kind == name);
    let action = graph.object_for_subject_predicate(node, &iri(MF, "action"));
    if is("PositiveSyntaxTest") || is("PositiveSyntaxTest11") || is("NegativeSyntaxTest") || is("NegativeSyntaxTest11")
    {
        let query = action.and_then(file_path).ok_or("mf:action is not a local file")?;
        return Ok(if is("PositiveSyntaxTest") || is("PositiveSyntaxTest11") {
            Kind::PositiveSyntax { query }
        } else {
            Kind::NegativeSyntax { query }
        });
    }
    let csv = is("CSVResultFormatTest");
    if !csv && !is("QueryEvaluationTest") {
        return Ok(Kind::NotApplicable);
    }
    let action = match action {
        Some(TermRef::BlankNode(action)) => NamedOrBlankNodeRef::from(action),
        Some(TermRef::NamedNode(action)) => NamedOrBlankNodeRef::from(action),
        _ => return Err("mf:action is missing or a literal".into()),
    };
    if graph.object_for_subject_predicate(action, &iri(QT, "serviceData")).is_some()
        || graph.object_for_subject_predicate(action, &iri(SD, "entailmentRegime")).is_some()
    {
        return Ok(Kind::NotApplicable);
    }
    let files = |property: &str| -> Result<Vec<PathBuf>, String> {
        graph
            .objects_for_subject_predicate(action, &iri(QT, property))
            .map(|file| file_path(file).ok_or_else(|| format!("qt:{property} {file} is not a local file")))
            .collect()
    };
    let query = files("query")?.into_iter().next().ok_or("qt:query is missing")?;
    let result = graph
        .object_for_subject_predicate(node, &iri(MF, "result"))
        .and_then(file_path)
        .ok_or("mf:result is missing or not a local file")?;
    let lax = graph
        .object_for_subject_predicate(node, &iri(MF, "resultCardinality"))
        .is_some_and(|cardinality| cardinality == iri(MF, "LaxCardinality").as_ref().into());
    Ok(Kind::Evaluation { query, data: files("data")?, graph_data: files("graphData")?, result, csv, lax })
}

/// The items of the RDF list starting at `head`.
fn rdf_list(graph: &Graph, head: TermRef<'_>) -> Result<Vec<Term>, String> {
    let mut items = Vec::new();
    let mut node = head;
    while node != rdf::NIL.into() {
        let subject = match node {
            TermRef::NamedNode(node) => NamedOrBlankNodeRef::from(node),
            TermRef::BlankNode(node) => NamedOrBlankNodeRef::from(node),
            _ => return Err(format!("malformed RDF list at {node}")),
        };
        let (Some(first), Some(rest)) = (
            graph.object_for_subject_predicate(subject, rdf::FIRST),
            graph.object_for_subject_predicate(subject, rdf::REST),
        ) else {
            return Err(format!("malformed RDF list at {node}"));
        };
        items.push(first.into_owned());
        node = rest;
        if items.len() > 100_000 {
            return Err("RDF list too long (a cycle?)".into());
        }
    }
    Ok(items)
}

/// The lexical form of a literal, or any other term as N-Triples.
fn literal_value(term: TermRef<'_>) -> String {
    match term {
        TermRef::Literal(literal) => literal.value().to_owned(),
        other => other.to_string(),
    }
}

// --- Files and IRIs --------------------------------------------------------------------------------

/// The `file:` IRI of an absolute path, percent-encoding all but unreserved characters and `/`.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// The local path a `file:` IRI names, if the term is one.
fn file_path<'a>(term: impl Into<TermRef<'a>>) -> Option<PathBuf> {
    let TermRef::NamedNode(node) = term.into() else { return None };
    let encoded = node.as_str().strip_prefix("file://")?.split(['#', '?']).next()?.as_bytes();
    let mut bytes = Vec::with_capacity(encoded.len());
    let mut i = 0;
    while i < encoded.len() {
        if encoded[i] == b'%' {
            let hex = std::str::from_utf8(encoded.get(i + 1..i + 3)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            bytes.push(encoded[i]);
            i += 1;
        }
    }
    Some(PathBuf::from(String::from_utf8(bytes).ok()?))
}

/// A test IRI as shown: local file IRIs under the suite's folder are replaced by the published ones.
fn shown_iri(iri: &str, root_url: &str) -> String {
    match iri.strip_prefix(root_url) {
        Some(rest) => format!("{PUBLISHED}{rest}"),
        None => iri.to_owned(),
    }
}

/// The text of a file, without a byte-order mark.
fn read_text(path: &Path) -> Result<String, String> {
    let text = fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text))
}

/// The RDF syntax of a file, from its extension.
fn rdf_format(path: &Path) -> Result<RdfFormat, String> {
    path.extension()
        .and_then(|extension| extension.to_str())
        .and_then(RdfFormat::from_extension)
        .ok_or_else(|| format!("{}: not a known RDF file extension", path.display()))
}

/// Parses an RDF file with its own `file:` IRI as base.
fn read_graph(path: &Path) -> Result<Graph, String> {
    let bytes = fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let parser = RdfParser::from_format(rdf_format(path)?)
        .with_base_iri(file_url(path))
        .map_err(|error| format!("{}: {error}", path.display()))?;
    parser
        .for_slice(&bytes)
        .map(|quad| quad.map(Triple::from).map_err(|error| format!("{}: {error}", path.display())))
        .collect()
}

// --- Running a test --------------------------------------------------------------------------------

/// Runs one applicable test; `Err` gives a one-line reason.
fn run(kind: &Kind) -> Result<(), String> {
    match kind {
        Kind::NotApplicable => Ok(()),
        Kind::Broken(reason) => Err(reason.clone()),
        Kind::PositiveSyntax { query } => {
            if parses(&read_text(query)?, &file_url(query)) {
                Ok(())
            } else {
                Err("a valid query does not parse".into())
            }
        }
        Kind::NegativeSyntax { query } => {
            if parses(&read_text(query)?, &file_url(query)) {
                Err("an invalid query parses".into())
            } else {
                Ok(())
            }
        }
        Kind::Evaluation { query, data, graph_data, result, csv, lax } => {
            let text = read_text(query)?;
            let base = file_url(query);
            let mut named: Vec<(PathBuf, NamedNode)> = Vec::new();
            for path in graph_data.iter().cloned().chain(dataset_files(&text, &base)) {
                if !named.iter().any(|(known, _)| *known == path) {
                    let name = NamedNode::new(file_url(&path)).map_err(|error| error.to_string())?;
                    named.push((path, name));
                }
            }
            let actual = evaluate(&text, &base, data, &named).map_err(|error| format!("evaluation failed: {error}"))?;
            if *csv {
                compare_csv(&read_text(result)?, &actual)
            } else {
                let (expected, ordered) = read_expected(result, &text)?;
                compare(&expected, &actual, ordered, *lax)
            }
        }
    }
}

/// The local files a query names in `FROM` and `FROM NAMED`. They are loaded as named graphs, named by
/// their IRI, so that the query's own dataset clause picks them out of the store.
fn dataset_files(query: &str, base: &str) -> Vec<PathBuf> {
    let Ok(prepared) = SparqlEvaluator::new().with_base_iri(base).map(|evaluator| evaluator.parse_query(query)) else {
        return Vec::new();
    };
    let Ok(prepared) = prepared else { return Vec::new() };
    let dataset = prepared.dataset();
    let from = dataset.default_graph_graphs().unwrap_or_default().iter().filter_map(|graph| match graph {
        GraphName::NamedNode(node) => file_path(node),
        _ => None,
    });
    let from_named = dataset.available_named_graphs().unwrap_or_default().iter().filter_map(|graph| match graph {
        NamedOrBlankNode::NamedNode(node) => file_path(node),
        NamedOrBlankNode::BlankNode(_) => None,
    });
    from.chain(from_named).collect()
}

/// A query's answer, in a form every expected-result syntax can be read into.
#[derive(Debug)]
enum Outcome {
    /// ASK.
    Boolean(bool),
    /// SELECT: the projected variables and one row per solution, aligned with them.
    Solutions { variables: Vec<Variable>, rows: Vec<Vec<Option<Term>>> },
    /// CONSTRUCT and DESCRIBE.
    Graph(Vec<Triple>),
}

/// Answers `query` (parsed with `query_base` as base IRI) over a dataset whose default graph holds the
/// `default_graph_files` and whose named graphs hold the `named_graph_files`, each under its name. Each
/// file is read with its own `file:` IRI as base, and its blank nodes are its own (two files sharing the
/// label `_:a` do not share the node).
///
/// This runs the code path of `policykg query --data FILE… --default-graph unnamed`: the files become a
/// [`Spec::Files`] source, the query a [`Query`] with policykg's predeclared prefixes, and the answer
/// comes through [`QuerySource`]. The default graph is the unnamed one, as the suites assume, not
/// policykg's union of every graph.
fn evaluate(
    query: &str,
    query_base: &str,
    default_graph_files: &[PathBuf],
    named_graph_files: &[(PathBuf, NamedNode)],
) -> Result<Outcome, String> {
    let file = |path: &PathBuf, graph: Option<NamedNode>| -> Result<DataFile, String> {
        let format = rdf_format(path)?;
        Ok(DataFile { path: path.clone(), format, base: Some(file_url(path)), graph })
    };
    let files = default_graph_files
        .iter()
        .map(|path| file(path, None))
        .chain(named_graph_files.iter().map(|(path, name)| file(path, Some(name.clone()))))
        .collect::<Result<Vec<_>, _>>()?;
    let source = Source::open(&Spec::Files(files))
        .map_err(|error| error.to_string())?
        .with_default_dataset(DefaultDataset::Unnamed);
    let query = Query::parse(query, Some(query_base)).map_err(|error| error.to_string())?;
    match source.execute(&query).map_err(|error| error.to_string())?.collect().map_err(|e| e.to_string())? {
        Answer::Boolean(value) => Ok(Outcome::Boolean(value)),
        Answer::Solutions { variables, rows } => Ok(Outcome::Solutions { variables, rows }),
        Answer::Graph(triples) => Ok(Outcome::Graph(triples)),
    }
}

/// Whether `query` parses, with `base` as base IRI; the same parser [`evaluate`] uses.
fn parses(query: &str, base: &str) -> bool {
    Query::parse(query, Some(base)).is_ok()
}

// --- Expected results ------------------------------------------------------------------------------

/// Reads an expected result and whether its order counts.
fn read_expected(path: &Path, query: &str) -> Result<(Outcome, bool), String> {
    let extension = path.extension().and_then(|extension| extension.to_str()).unwrap_or("");
    let context = |error: &dyn std::fmt::Display| format!("{}: {error}", path.display());
    if let Some(format) = QueryResultsFormat::from_extension(extension) {
        let bytes = fs::read(path).map_err(|error| context(&error))?;
        let ordered = has_order_by(query);
        return match QueryResultsParser::from_format(format).for_reader(bytes.as_slice()).map_err(|e| context(&e))? {
            ReaderQueryResultsParserOutput::Boolean(value) => Ok((Outcome::Boolean(value), false)),
            ReaderQueryResultsParserOutput::Solutions(solutions) => {
                let variables = solutions.variables().to_vec();
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution.map_err(|error| context(&error))?;
                    rows.push(variables.iter().map(|variable| solution.get(variable).cloned()).collect());
                }
                Ok((Outcome::Solutions { variables, rows }, ordered))
            }
        };
    }
    let graph = read_graph(path)?;
    match result_set(&graph).map_err(|error| context(&error))? {
        Some(expected) => Ok(expected),
        None => Ok((Outcome::Graph(graph.iter().map(Triple::from).collect()), false)),
    }
}

/// Whether the query's text asks for an order.
fn has_order_by(query: &str) -> bool {
    let words: Vec<String> = query.split_whitespace().map(str::to_ascii_uppercase).collect();
    words.windows(2).any(|pair| pair[0] == "ORDER" && pair[1].starts_with("BY"))
}

/// Reads the RDF encoding of a result set (`rs:ResultSet`), used by the SPARQL 1.0 tests, if the graph
/// holds one. It is ordered when every solution has an `rs:index`.
fn result_set(graph: &Graph) -> Result<Option<(Outcome, bool)>, String> {
    let rs = |local: &str| iri(RS, local);
    let Some(set) = graph.subject_for_predicate_object(rdf::TYPE, &rs("ResultSet")) else { return Ok(None) };
    if let Some(value) = graph.object_for_subject_predicate(set, &rs("boolean")) {
        return Ok(Some((Outcome::Boolean(matches!(literal_value(value).as_str(), "true" | "1")), false)));
    }
    let mut variables: Vec<Variable> = graph
        .objects_for_subject_predicate(set, &rs("resultVariable"))
        .map(|name| Variable::new(literal_value(name)).map_err(|error| error.to_string()))
        .collect::<Result<_, _>>()?;
    variables.sort();
    let mut solutions = Vec::new();
    for solution in graph.objects_for_subject_predicate(set, &rs("solution")) {
        let solution = match solution {
            TermRef::BlankNode(node) => NamedOrBlankNodeRef::from(node),
            TermRef::NamedNode(node) => NamedOrBlankNodeRef::from(node),
            _ => return Err(format!("rs:solution {solution} is a literal")),
        };
        let mut row = vec![None; variables.len()];
        for binding in graph.objects_for_subject_predicate(solution, &rs("binding")) {
            let binding = match binding {
                TermRef::BlankNode(node) => NamedOrBlankNodeRef::from(node),
                TermRef::NamedNode(node) => NamedOrBlankNodeRef::from(node),
                _ => return Err(format!("rs:binding {binding} is a literal")),
            };
            let (Some(name), Some(value)) = (
                graph.object_for_subject_predicate(binding, &rs("variable")),
                graph.object_for_subject_predicate(binding, &rs("value")),
            ) else {
                return Err(format!("rs:binding {binding} lacks rs:variable or rs:value"));
            };
            let name = literal_value(name);
            let column = variables
                .iter()
                .position(|variable| variable.as_str() == name)
                .ok_or_else(|| format!("rs:variable {name} is not an rs:resultVariable"))?;
            row[column] = Some(value.into_owned());
        }
        let index = match graph.object_for_subject_predicate(solution, &rs("index")) {
            Some(index) => {
                Some(literal_value(index).parse::<u64>().map_err(|error| format!("rs:index {index}: {error}"))?)
            }
            None => None,
        };
        solutions.push((index, row));
    }
    let ordered = solutions.iter().all(|(index, _)| index.is_some());
    solutions.sort_by_key(|(index, _)| *index);
    let rows = solutions.into_iter().map(|(_, row)| row).collect();
    Ok(Some((Outcome::Solutions { variables, rows }, ordered)))
}

// --- Comparing -------------------------------------------------------------------------------------

/// One value of a result row, as compared: blank nodes by label (matched up to renaming), anything else
/// by its N-Triples form, which is equal exactly when the RDF terms are.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Cell {
    Unbound,
    Blank(String),
    Value(String),
}

impl Cell {
    /// The cell of a bound or unbound value.
    fn of(term: Option<&Term>) -> Cell {
        match term {
            None => Cell::Unbound,
            Some(Term::BlankNode(node)) => Cell::Blank(node.as_str().to_owned()),
            Some(term) => Cell::Value(term.to_string()),
        }
    }

    /// The cell as shown in a message; blank-node labels are left out, as they carry no meaning.
    fn shown(&self) -> &str {
        match self {
            Cell::Unbound => "-",
            Cell::Blank(_) => "_:",
            Cell::Value(value) => value,
        }
    }
}

type Row = Vec<Cell>;

/// Compares an answer with the expected one: booleans by value, solutions as described in the module
/// documentation (in order if `ordered`, up to duplicates if `lax`), graphs by isomorphism.
fn compare(expected: &Outcome, actual: &Outcome, ordered: bool, lax: bool) -> Result<(), String> {
    match (expected, actual) {
        (Outcome::Boolean(expected), Outcome::Boolean(actual)) => {
            if expected == actual {
                Ok(())
            } else {
                Err(format!("expected {expected}, got {actual}"))
            }
        }
        (
            Outcome::Solutions { variables: expected_variables, rows: expected_rows },
            Outcome::Solutions { variables: actual_variables, rows: actual_rows },
        ) => {
            let mut names: Vec<&str> = expected_variables.iter().map(Variable::as_str).collect();
            let mut actual_names: Vec<&str> = actual_variables.iter().map(Variable::as_str).collect();
            names.sort_unstable();
            actual_names.sort_unstable();
            if names != actual_names {
                return Err(format!("expected variables {names:?}, got {actual_names:?}"));
            }
            let table = |variables: &[Variable], rows: &[Vec<Option<Term>>]| -> Vec<Row> {
                let columns: Vec<usize> = names
                    .iter()
                    .map(|name| variables.iter().position(|variable| variable.as_str() == *name).unwrap_or(0))
                    .collect();
                rows.iter().map(|row| columns.iter().map(|&column| Cell::of(row[column].as_ref())).collect()).collect()
            };
            let (expected, actual) = (table(expected_variables, expected_rows), table(actual_variables, actual_rows));
            if lax { compare_lax(&expected, &actual) } else { compare_rows(&expected, &actual, ordered) }
        }
        (Outcome::Graph(expected), Outcome::Graph(actual)) => compare_graphs(expected, actual),
        (expected, actual) => Err(format!("expected {}, got {}", outcome_kind(expected), outcome_kind(actual))),
    }
}

/// What kind of answer an outcome is, for messages.
fn outcome_kind(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Boolean(_) => "a boolean",
        Outcome::Solutions { .. } => "solutions",
        Outcome::Graph(_) => "a graph",
    }
}

/// Compares two graphs up to blank-node renaming, by canonicalising both.
fn compare_graphs(expected: &[Triple], actual: &[Triple]) -> Result<(), String> {
    let canonical = |triples: &[Triple]| {
        let mut graph: Graph = triples.iter().collect();
        graph.canonicalize(CanonicalizationAlgorithm::Unstable);
        graph
    };
    let (expected_graph, actual_graph) = (canonical(expected), canonical(actual));
    if expected_graph == actual_graph {
        return Ok(());
    }
    let ground = |graph: &Graph| -> HashSet<String> {
        graph.iter().filter(|triple| !triple.to_string().contains("_:")).map(|triple| triple.to_string()).collect()
    };
    let (expected_ground, actual_ground) = (ground(&expected_graph), ground(&actual_graph));
    let mut missing: Vec<&String> = expected_ground.difference(&actual_ground).collect();
    let mut extra: Vec<&String> = actual_ground.difference(&expected_ground).collect();
    missing.sort();
    extra.sort();
    Err(format!(
        "graphs differ: {} expected triples, {} got; among triples without blank nodes, missing {}; unexpected {}",
        expected_graph.len(),
        actual_graph.len(),
        first(&missing),
        first(&extra)
    ))
}

/// The first of `items` and how many more there are, for one-line messages.
fn first(items: &[&String]) -> String {
    match items {
        [] => "none".into(),
        [only] => (*only).clone(),
        [head, rest @ ..] => format!("{head} and {} more", rest.len()),
    }
}

/// Compares rows: as multisets, or in order, with one blank-node renaming for the whole answer.
fn compare_rows(expected: &[Row], actual: &[Row], ordered: bool) -> Result<(), String> {
    let mut renaming = Renaming::default();
    let matched = expected.len() == actual.len()
        && if ordered {
            expected.iter().zip(actual).all(|(expected, actual)| renaming.bind(expected, actual).is_some())
        } else {
            match_unordered(expected, actual)?
        };
    if matched {
        return Ok(());
    }
    let shown = |rows: &[Row]| -> Vec<String> {
        rows.iter().map(|row| format!("({})", row.iter().map(Cell::shown).collect::<Vec<_>>().join(" "))).collect()
    };
    let (expected_shown, actual_shown) = (shown(expected), shown(actual));
    let mut missing = expected_shown.clone();
    let mut extra = Vec::new();
    for row in &actual_shown {
        match missing.iter().position(|candidate| candidate == row) {
            Some(position) => {
                missing.remove(position);
            }
            None => extra.push(row.clone()),
        }
    }
    let reason = if missing.is_empty() && extra.is_empty() {
        if ordered && match_unordered(expected, actual)? {
            "the rows are right but not in the expected order".into()
        } else {
            "the rows differ only in how blank nodes are shared".into()
        }
    } else {
        let missing: Vec<&String> = missing.iter().collect();
        let extra: Vec<&String> = extra.iter().collect();
        format!("missing {}; unexpected {}", first(&missing), first(&extra))
    };
    Err(format!("{} expected rows, {} got: {reason}", expected.len(), actual.len()))
}

/// Compares rows where duplicates may be dropped (REDUCED): the distinct rows must match, and no row may
/// appear more often than expected.
fn compare_lax(expected: &[Row], actual: &[Row]) -> Result<(), String> {
    let count = |rows: &[Row]| {
        let mut counts: HashMap<Row, usize> = HashMap::new();
        for row in rows {
            *counts.entry(row.clone()).or_default() += 1;
        }
        counts
    };
    let (expected_counts, actual_counts) = (count(expected), count(actual));
    let distinct = |counts: &HashMap<Row, usize>| {
        let mut rows: Vec<Row> = counts.keys().cloned().collect();
        rows.sort_by_key(|row| format!("{row:?}"));
        rows
    };
    compare_rows(&distinct(&expected_counts), &distinct(&actual_counts), false)?;
    for (row, times) in &actual_counts {
        let allowed = expected_counts.get(row).copied().unwrap_or(*times);
        if *times > allowed {
            let shown: Vec<&str> = row.iter().map(Cell::shown).collect();
            return Err(format!("({}) appears {times} times, at most {allowed} expected", shown.join(" ")));
        }
    }
    Ok(())
}

/// A one-to-one renaming of expected blank nodes to actual ones, built while matching rows.
#[derive(Default)]
struct Renaming {
    forward: HashMap<String, String>,
    backward: HashMap<String, String>,
}

impl Renaming {
    /// Extends the renaming so that `expected` becomes `actual`, giving the pairs it added (to undo),
    /// or `None` (and no change) if the rows cannot match.
    fn bind(&mut self, expected: &Row, actual: &Row) -> Option<Vec<String>> {
        let mut added = Vec::new();
        for (expected, actual) in expected.iter().zip(actual) {
            let fits = match (expected, actual) {
                (Cell::Blank(expected), Cell::Blank(actual)) => {
                    match (self.forward.get(expected), self.backward.get(actual)) {
                        (Some(known), _) => known == actual,
                        (None, Some(_)) => false,
                        (None, None) => {
                            self.forward.insert(expected.clone(), actual.clone());
                            self.backward.insert(actual.clone(), expected.clone());
                            added.push(expected.clone());
                            true
                        }
                    }
                }
                (expected, actual) => expected == actual,
            };
            if !fits {
                self.undo(&added);
                return None;
            }
        }
        Some(added)
    }

    /// Takes back the pairs [`Renaming::bind`] added.
    fn undo(&mut self, added: &[String]) {
        for expected in added {
            if let Some(actual) = self.forward.remove(expected) {
                self.backward.remove(&actual);
            }
        }
    }
}

/// Whether the rows match as multisets under one blank-node renaming. Rows without blank nodes are
/// counted; the others are matched by backtracking, trying only rows equal outside their blank nodes.
fn match_unordered(expected: &[Row], actual: &[Row]) -> Result<bool, String> {
    let has_blank = |row: &Row| row.iter().any(|cell| matches!(cell, Cell::Blank(_)));
    let mut ground: HashMap<&Row, i64> = HashMap::new();
    for row in expected.iter().filter(|row| !has_blank(row)) {
        *ground.entry(row).or_default() += 1;
    }
    for row in actual.iter().filter(|row| !has_blank(row)) {
        *ground.entry(row).or_default() -= 1;
    }
    if ground.values().any(|count| *count != 0) {
        return Ok(false);
    }
    let expected: Vec<&Row> = expected.iter().filter(|row| has_blank(row)).collect();
    let actual: Vec<&Row> = actual.iter().filter(|row| has_blank(row)).collect();
    if expected.len() != actual.len() {
        return Ok(false);
    }
    let shape = |row: &Row| -> Row {
        row.iter()
            .map(|cell| if let Cell::Blank(_) = cell { Cell::Blank(String::new()) } else { cell.clone() })
            .collect()
    };
    let candidates: Vec<Vec<usize>> = expected
        .iter()
        .map(|row| {
            let shape = shape(row);
            (0..actual.len()).filter(|&i| shape_eq(&shape, actual[i])).collect()
        })
        .collect();
    let mut search = Search {
        expected: &expected,
        actual: &actual,
        candidates: &candidates,
        used: vec![false; actual.len()],
        steps: 0,
    };
    let found = search.run(0, &mut Renaming::default());
    if search.steps > Search::BUDGET {
        return Err(format!("gave up matching blank nodes after {} steps", Search::BUDGET));
    }
    Ok(found)
}

/// Whether `row` equals `shape` outside the blank nodes (which `shape` holds at the same places).
fn shape_eq(shape: &Row, row: &Row) -> bool {
    shape.iter().zip(row).all(|(shape, cell)| match (shape, cell) {
        (Cell::Blank(_), Cell::Blank(_)) => true,
        (shape, cell) => shape == cell,
    })
}

/// The backtracking search of [`match_unordered`].
struct Search<'a> {
    expected: &'a [&'a Row],
    actual: &'a [&'a Row],
    candidates: &'a [Vec<usize>],
    used: Vec<bool>,
    steps: usize,
}

impl Search<'_> {
    const BUDGET: usize = 1_000_000;

    /// Matches expected rows `next..` to unused actual rows, extending `renaming`.
    fn run(&mut self, next: usize, renaming: &mut Renaming) -> bool {
        if next == self.expected.len() {
            return true;
        }
        for &candidate in &self.candidates[next] {
            self.steps += 1;
            if self.steps > Self::BUDGET {
                return false;
            }
            if self.used[candidate] {
                continue;
            }
            if let Some(added) = renaming.bind(self.expected[next], self.actual[candidate]) {
                self.used[candidate] = true;
                if self.run(next + 1, renaming) {
                    return true;
                }
                self.used[candidate] = false;
                renaming.undo(&added);
            }
        }
        false
    }
}

/// Compares an answer, written as CSV by the engine's own writer, with the expected CSV text: same
/// columns (in any order) and the same rows as a multiset of strings, blank nodes (`_:x`) up to renaming.
/// CSV keeps no datatypes or languages, so that is all it can check.
fn compare_csv(expected: &str, actual: &Outcome) -> Result<(), String> {
    let Outcome::Solutions { variables, rows } = actual else {
        return Err(format!("expected solutions, got {}", outcome_kind(actual)));
    };
    let mut serializer = QueryResultsSerializer::from_format(QueryResultsFormat::Csv)
        .serialize_solutions_to_writer(Vec::new(), variables.clone())
        .map_err(|error| error.to_string())?;
    for row in rows {
        let bindings = variables.iter().zip(row).filter_map(|(variable, value)| Some((variable, value.as_ref()?)));
        serializer.serialize(bindings).map_err(|error| error.to_string())?;
    }
    let written = serializer.finish().map_err(|error| error.to_string())?;
    let written = String::from_utf8(written).map_err(|error| error.to_string())?;
    let (expected_header, expected_rows) = parse_csv(expected)?;
    let (actual_header, actual_rows) = parse_csv(&written)?;
    let mut names = expected_header.clone();
    let mut actual_names = actual_header.clone();
    names.sort();
    actual_names.sort();
    if names != actual_names {
        return Err(format!("expected columns {names:?}, got {actual_names:?}"));
    }
    let table = |header: &[String], rows: &[Vec<String>]| -> Result<Vec<Row>, String> {
        let columns: Vec<usize> =
            names.iter().map(|name| header.iter().position(|column| column == name).unwrap_or(0)).collect();
        rows.iter()
            .map(|row| {
                if row.len() != header.len() {
                    return Err(format!("CSV row {row:?} has {} fields, not {}", row.len(), header.len()));
                }
                Ok(columns
                    .iter()
                    .map(|&column| match row[column].strip_prefix("_:") {
                        Some(label) => Cell::Blank(label.to_owned()),
                        None => Cell::Value(row[column].clone()),
                    })
                    .collect())
            })
            .collect()
    };
    compare_rows(&table(&expected_header, &expected_rows)?, &table(&actual_header, &actual_rows)?, false)
}

/// Splits CSV text (RFC 4180: quoted fields may hold commas, quotes doubled, and line breaks) into its
/// header and rows.
fn parse_csv(text: &str) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err("CSV ends inside a quoted field".into());
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    let mut records = records.into_iter();
    let header = records.next().ok_or("empty CSV")?;
    Ok((header, records.collect()))
}
