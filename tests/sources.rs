//! Where a command's graph comes from: the built-in graph, `--data FILE…` or `--store DIR`, with
//! `--base` and `--default-graph`; FROM and FROM NAMED as SPARQL 1.1 §13.2 defines them; byte-order
//! marks, text that is not UTF-8, deep nesting, streaming results and one-line errors. Every count
//! below is worked out by hand from the fixtures in tests/fixtures/sources/ or from files the test
//! writes itself; the comment beside it says how.

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::util::policykg;

/// No command here should take anywhere near this long; a hang fails instead of blocking the suite.
const DEADLINE: Duration = Duration::from_secs(120);

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sources")
        .join(name)
        .to_str()
        .expect("the fixture path is UTF-8")
        .to_string()
}

/// What a run of `policykg` gave: the exit code (128 + the signal when a signal ended it, as a shell
/// reports it), stdout and stderr.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_with(args: &[&str], dir: Option<&Path>, stdin: Option<&[u8]>) -> Run {
    let mut command = policykg();
    command.args(args).timeout(DEADLINE);
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    if let Some(stdin) = stdin {
        command.write_stdin(stdin.to_vec());
    }
    let output = command.output().expect("policykg runs");
    let code =
        output.status.code().unwrap_or_else(|| 128 + output.status.signal().expect("no exit code means a signal"));
    Run {
        code,
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn run(args: &[&str]) -> Run {
    run_with(args, None, None)
}

/// The single value of a one-row, one-column SELECT, read from its TSV.
fn count(args: &[&str]) -> u64 {
    let mut all = vec!["query", "--format", "tsv"];
    all.extend_from_slice(args);
    let r = run(&all);
    assert_eq!(r.code, 0, "{all:?}: {}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{all:?} gives a header and one row: {}", r.stdout);
    lines[1].parse().unwrap_or_else(|_| panic!("{all:?} gives a number: {}", r.stdout))
}

/// The answer of an ASK: true with exit 0, false with exit 1.
fn ask(args: &[&str]) -> bool {
    let mut all = vec!["query"];
    all.extend_from_slice(args);
    let r = run(&all);
    match (r.code, r.stdout.as_str()) {
        (0, "true\n") => true,
        (1, "false\n") => false,
        _ => panic!("{all:?} gave exit {}, stdout {:?}, stderr {:?}", r.code, r.stdout, r.stderr),
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("the test file is written");
    path.to_str().expect("the temporary path is UTF-8").to_string()
}

// --- 1. FROM and FROM NAMED ----------------------------------------------------------------------

#[test]
fn from_replaces_the_default_graph_of_the_built_in_graph() {
    // SPARQL 1.1 §13.2.1: FROM pkg:background makes that graph the whole default graph, so the
    // query sees exactly the triples GRAPH pkg:background sees.
    let from = count(&["SELECT (COUNT(*) AS ?n) FROM pkg:background WHERE { ?s ?p ?o }"]);
    let graph = count(&["SELECT (COUNT(*) AS ?n) WHERE { GRAPH pkg:background { ?s ?p ?o } }"]);
    assert_eq!(from, graph);
    // Without FROM the default graph is the merge of ontology, document and background; the
    // ontology alone has triples outside the background (its owl:Ontology header), so the merge is
    // bigger.
    let all = count(&["SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"]);
    assert!(from > 0 && from < all, "FROM pkg:background has {from} triples, the merge {all}");
    assert!(ask(&["ASK { GRAPH pkg:ontology { ?o a owl:Ontology } }"]));
    assert!(!ask(&["ASK FROM pkg:background WHERE { ?o a owl:Ontology }"]));
}

#[test]
fn from_and_from_named_give_exactly_the_graphs_they_name() {
    let data = fixture("two-graphs.trig");
    let d = ["--data", data.as_str()];
    let q = |query: &str| -> Vec<String> {
        let mut args = vec![query.to_string()];
        args.extend(d.iter().map(|s| s.to_string()));
        args
    };
    let n = |query: &str| count(&q(query).iter().map(String::as_str).collect::<Vec<_>>());
    let yes = |query: &str| ask(&q(query).iter().map(String::as_str).collect::<Vec<_>>());
    // No FROM: the merge of the default graph (1), e:g1 (3) and e:g2 (2, one shared with e:g1): 5.
    assert_eq!(n("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"), 5);
    // FROM e:g1: e:g1's 3 triples, without the unnamed e:s0 e:p e:o0.
    assert_eq!(n("SELECT (COUNT(*) AS ?n) FROM <http://e.org/g1> WHERE { ?s ?p ?o }"), 3);
    // FROM e:g1 FROM e:g2: their merge, the shared e:s1 e:p e:o1 once: 3 + 2 - 1 = 4.
    assert_eq!(n("SELECT (COUNT(*) AS ?n) FROM <http://e.org/g1> FROM <http://e.org/g2> WHERE { ?s ?p ?o }"), 4);
    // FROM a graph the data does not hold: an empty default graph.
    assert_eq!(n("SELECT (COUNT(*) AS ?n) FROM <http://e.org/none> WHERE { ?s ?p ?o }"), 0);
    // FROM without FROM NAMED: the dataset has no named graphs (§13.2.1), so GRAPH ?g sees nothing.
    assert!(!yes("ASK FROM <http://e.org/g1> WHERE { GRAPH ?g { ?s ?p ?o } }"));
    // FROM NAMED alone: the default graph is empty (§13.2.2) ...
    assert!(!yes("ASK FROM NAMED <http://e.org/g1> WHERE { ?s ?p ?o }"));
    // ... and GRAPH ?g reaches e:g1 only, with its 3 triples.
    let r = run(&[
        "query",
        "--format",
        "tsv",
        "SELECT DISTINCT ?g FROM NAMED <http://e.org/g1> WHERE { GRAPH ?g { ?s ?p ?o } }",
        "--data",
        &data,
    ]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "?g\n<http://e.org/g1>\n"), "{}", r.stderr);
    assert_eq!(n("SELECT (COUNT(*) AS ?n) FROM NAMED <http://e.org/g1> WHERE { GRAPH ?g { ?s ?p ?o } }"), 3);
}

// --- 2. The union default graph ------------------------------------------------------------------

#[test]
fn the_union_default_graph_holds_a_triple_once_however_many_graphs_hold_it() {
    let data = fixture("shared-triple.trig");
    // shared (in three graphs, counted once), only-default and only-g1: 3.
    assert_eq!(count(&["SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--data", &data]), 3);
    assert_eq!(count(&["SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--default-graph", "union", "--data", &data]), 3);
    // Only the unnamed graph: shared and only-default: 2.
    assert_eq!(
        count(&["SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--default-graph", "unnamed", "--data", &data]),
        2
    );
    // GRAPH ?g still reaches the named graphs under either choice: e:g1's 2 plus e:g2's 1 = 3.
    assert_eq!(
        count(&[
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "--default-graph",
            "unnamed",
            "--data",
            &data
        ]),
        3
    );
}

// --- 3. Blank nodes ------------------------------------------------------------------------------

#[test]
fn blank_nodes_of_separate_files_stay_distinct() {
    let query = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s <http://e.org/p> ?o }";
    // bnode-a.ttl and bnode-b.ttl each say _:x, but each file's _:x is its own node: 2 subjects.
    assert_eq!(count(&[query, "--data", &fixture("bnode-a.ttl"), &fixture("bnode-b.ttl")]), 2);
    // bnode-both.ttl says _:x twice in one file: one node, 1 subject.
    assert_eq!(count(&[query, "--data", &fixture("bnode-both.ttl")]), 1);
    // ... and that node has both values, 1 and 2.
    assert_eq!(
        count(&["SELECT (COUNT(*) AS ?n) WHERE { ?s <http://e.org/p> 1, 2 }", "--data", &fixture("bnode-both.ttl")]),
        1
    );
    // Across the two files no one node has both values.
    assert_eq!(
        count(&[
            "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://e.org/p> 1, 2 }",
            "--data",
            &fixture("bnode-a.ttl"),
            &fixture("bnode-b.ttl")
        ]),
        0
    );
}

#[test]
fn blank_nodes_of_separate_n_quads_files_in_one_graph_stay_distinct() {
    // Two N-Quads files put _:x into the same named graph; still two nodes.
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.nq", b"_:x <http://e.org/p> \"1\" <http://e.org/g> .\n");
    let b = write(dir.path(), "b.nq", b"_:x <http://e.org/p> \"2\" <http://e.org/g> .\n");
    let query = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH <http://e.org/g> { ?s <http://e.org/p> ?o } }";
    assert_eq!(count(&[query, "--data", &a, &b]), 2);
}
