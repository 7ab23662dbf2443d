//! Where a command's graph comes from: the built-in graph, `--data FILE…` or `--store DIR`, with
//! `--base` and `--default-graph`; FROM and FROM NAMED as SPARQL 1.1 §13.2 defines them; byte-order
//! marks, text that is not UTF-8, deep nesting, streaming results and one-line errors. Every count
//! below is worked out by hand from the fixtures in tests/fixtures/sources/ or from files the test
//! writes itself; the comment beside it says how.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Dataset;
use oxigraph::model::dataset::CanonicalizationAlgorithm;

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

/// Asserts that the run failed with exit 2 and exactly one line on stderr, and gives that line.
fn one_line_error(r: &Run) -> &str {
    assert_eq!(r.code, 2, "exit 2 expected; stderr: {}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "one line on stderr expected: {:?}", r.stderr);
    assert!(r.stderr.ends_with('\n'), "{:?}", r.stderr);
    r.stderr.trim_end()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("the test file is written");
    path.to_str().expect("the temporary path is UTF-8").to_string()
}

/// A temporary folder whose absolute path needs no percent-encoding in a `file:` URL, so that the
/// URL of a file in it is just `file://` followed by the path.
fn plain_tempdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().to_str().expect("UTF-8").to_string();
    assert!(
        path.starts_with('/') && path.chars().all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c)),
        "{path} would need percent-encoding"
    );
    dir
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

// --- 4. Base IRI ---------------------------------------------------------------------------------

/// `<> <#p> <#o> .` and `<> :q :r .` with `@prefix : <#> .`: every IRI is relative to the base.
const RELATIVE_TTL: &[u8] = b"# Every IRI here is relative to the base.\n@prefix : <#> .\n<> <#p> <#o> .\n<> :q :r .\n";

fn triples_tsv(args: &[&str]) -> String {
    let mut all = vec!["query", "--format", "tsv", "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?p"];
    all.extend_from_slice(args);
    let r = run(&all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

#[test]
fn relative_iris_of_a_data_file_resolve_against_its_file_url() {
    let dir = plain_tempdir();
    let path = write(dir.path(), "doc.ttl", RELATIVE_TTL);
    // The path is absolute and needs no escaping: its URL is file:// followed by the path.
    let url = format!("file://{path}");
    // RFC 3986 §5.2: <> is the base itself, <#p> the base with fragment p; :q is <#q>.
    assert_eq!(
        triples_tsv(&["--data", &path]),
        format!("?s\t?p\t?o\n<{url}>\t<{url}#p>\t<{url}#o>\n<{url}>\t<{url}#q>\t<{url}#r>\n")
    );
    // The same file named relative to the working folder has the same URL.
    assert_eq!(
        run_with(
            &["query", "--format", "tsv", "SELECT DISTINCT ?s WHERE { ?s ?p ?o }", "--data", "doc.ttl"],
            Some(dir.path()),
            None
        )
        .stdout,
        format!("?s\n<{url}>\n")
    );
}

#[test]
fn a_file_url_percent_encodes_spaces_and_chinese() {
    let dir = plain_tempdir();
    let sub = dir.path().join("dir 赣州");
    std::fs::create_dir(&sub).unwrap();
    let path = write(&sub, "doc.ttl", RELATIVE_TTL);
    // A space is %20; 赣 is U+8D63, UTF-8 E8 B5 A3; 州 is U+5DDE, UTF-8 E5 B7 9E (RFC 3987 §3.1).
    let url = format!("file://{}/dir%20%E8%B5%A3%E5%B7%9E/doc.ttl", dir.path().display());
    assert_eq!(
        run(&["query", "--format", "tsv", "SELECT DISTINCT ?s WHERE { ?s ?p ?o }", "--data", &path]).stdout,
        format!("?s\n<{url}>\n")
    );
}

#[test]
fn a_file_named_through_dot_dot_has_the_url_of_the_file_itself() {
    let dir = plain_tempdir();
    write(dir.path(), "doc.ttl", RELATIVE_TTL);
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    // ../doc.ttl from sub is <dir>/doc.ttl; resolving it against sub's URL removes the dot segments
    // (RFC 3986 §5.2.4), as a browser or rapper does.
    let url = format!("file://{}/doc.ttl", dir.path().display());
    assert_eq!(
        run_with(
            &["query", "--format", "tsv", "SELECT DISTINCT ?s WHERE { ?s ?p ?o }", "--data", "../doc.ttl"],
            Some(&sub),
            None
        )
        .stdout,
        format!("?s\n<{url}>\n")
    );
}

#[test]
fn base_overrides_the_file_url_of_data_files() {
    let dir = plain_tempdir();
    let path = write(dir.path(), "doc.ttl", RELATIVE_TTL);
    // Against http://example.org/doc: <> is it, <#p> is http://example.org/doc#p.
    assert_eq!(
        triples_tsv(&["--base", "http://example.org/doc", "--data", &path]),
        "?s\t?p\t?o\n\
         <http://example.org/doc>\t<http://example.org/doc#p>\t<http://example.org/doc#o>\n\
         <http://example.org/doc>\t<http://example.org/doc#q>\t<http://example.org/doc#r>\n"
    );
}

#[test]
fn relative_iris_of_a_query_file_resolve_against_its_url_or_base() {
    let dir = plain_tempdir();
    let query = write(dir.path(), "q.rq", b"SELECT ?x WHERE { BIND(<relative> AS ?x) }\n");
    // <relative> against file://<dir>/q.rq replaces the last segment (RFC 3986 §5.2.3).
    let r = run(&["query", "--format", "tsv", "-f", &query]);
    assert_eq!((r.code, r.stdout), (0, format!("?x\n<file://{}/relative>\n", dir.path().display())), "{}", r.stderr);
    // Against http://example.org/doc it is http://example.org/relative.
    let r = run(&["query", "--format", "tsv", "-f", &query, "--base", "http://example.org/doc"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "?x\n<http://example.org/relative>\n"), "{}", r.stderr);
    // An inline query has no file, so --base is what it resolves against.
    let r = run(&[
        "query",
        "--format",
        "tsv",
        "SELECT ?x WHERE { BIND(<relative> AS ?x) }",
        "--base",
        "http://example.org/a/b",
    ]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "?x\n<http://example.org/a/relative>\n"), "{}", r.stderr);
}

#[test]
fn a_base_that_is_not_an_absolute_iri_is_one_line_exit_2() {
    for bad in ["not-an-iri", "relative/path"] {
        let r = run(&["query", "ASK { ?s ?p ?o }", "--base", bad]);
        let line = one_line_error(&r);
        assert!(line.contains(bad), "{line}");
    }
    let r = run(&["connect", "赣州", "粤港澳大湾区", "--base", "not-an-iri"]);
    assert!(one_line_error(&r).contains("not-an-iri"));
}

// --- 5. Byte-order marks -------------------------------------------------------------------------

/// `s p "赣州"` in Turtle, after a UTF-8 byte-order mark.
const BOM_TTL: &[u8] = b"\xEF\xBB\xBF@prefix e: <http://e.org/> .\ne:s e:p \"\xE8\xB5\xA3\xE5\xB7\x9E\" .\n";
/// The query for it, after a UTF-8 byte-order mark.
const BOM_RQ: &[u8] = b"\xEF\xBB\xBFSELECT ?o WHERE { ?s <http://e.org/p> ?o }\n";

#[test]
fn a_byte_order_mark_is_skipped_in_data_query_files_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "bom.ttl", BOM_TTL);
    let query = write(dir.path(), "bom.rq", BOM_RQ);
    // E8 B5 A3 E5 B7 9E is 赣州 in UTF-8; the one triple gives one row.
    let expected = "?o\n\"赣州\"\n";
    let r = run(&["query", "--format", "tsv", "-f", &query, "--data", &data]);
    assert_eq!((r.code, r.stdout.as_str()), (0, expected), "{}", r.stderr);
    let r = run_with(&["query", "--format", "tsv", "--data", &data], None, Some(BOM_RQ));
    assert_eq!((r.code, r.stdout.as_str()), (0, expected), "{}", r.stderr);
    let r = run_with(&["query", "--format", "tsv", "-f", "-", "--data", &data], None, Some(BOM_RQ));
    assert_eq!((r.code, r.stdout.as_str()), (0, expected), "{}", r.stderr);
    // N-Triples and N-Quads files with a mark too.
    let nt = write(dir.path(), "bom.nt", b"\xEF\xBB\xBF<http://e.org/s> <http://e.org/p> \"x\" .\n");
    let nq = write(dir.path(), "bom.nq", b"\xEF\xBB\xBF<http://e.org/s> <http://e.org/p> \"y\" <http://e.org/g> .\n");
    let r = run(&["query", "--format", "tsv", "-f", &query, "--data", &nt, &nq]);
    let mut rows: Vec<&str> = r.stdout.lines().skip(1).collect();
    rows.sort();
    assert_eq!((r.code, rows), (0, vec!["\"x\"", "\"y\""]), "{}", r.stderr);
}

// --- 6. Not UTF-8 --------------------------------------------------------------------------------

/// 赣州 in GBK: C9 CD D6 DD.
const GBK_GANZHOU: &[u8] = b"\xC9\xCD\xD6\xDD";

#[test]
fn a_data_or_query_file_in_gbk_is_one_line_naming_it_with_the_iconv_command() {
    let dir = tempfile::tempdir().unwrap();
    let ttl =
        write(dir.path(), "gbk.ttl", &[b"@prefix e: <http://e.org/> .\ne:s e:p \"", GBK_GANZHOU, b"\" .\n"].concat());
    let rq = write(dir.path(), "gbk.rq", &[b"ASK { ?s ?p \"", GBK_GANZHOU, b"\" }\n"].concat());
    for args in [
        vec!["query", "ASK { ?s ?p ?o }", "--data", ttl.as_str()],
        vec!["validate", "--data", ttl.as_str()],
        vec!["query", "-f", rq.as_str()],
    ] {
        let r = run(&args);
        let line = one_line_error(&r);
        let file = args.last().unwrap();
        assert!(line.contains(file), "{args:?}: {line}");
        assert!(line.contains("iconv -f GBK -t UTF-8"), "{args:?}: {line}");
    }
}

#[test]
fn a_query_in_gbk_on_stdin_is_one_line_with_a_usable_iconv_command() {
    let query = [b"ASK { ?s ?p \"", GBK_GANZHOU, b"\" }\n"].concat();
    let r = run_with(&["query"], None, Some(&query));
    let line = one_line_error(&r);
    assert!(line.contains("standard input"), "{line}");
    assert!(line.contains("iconv -f GBK -t UTF-8"), "{line}");
    // `standard input` is no file iconv could read.
    assert!(!line.contains("UTF-8 standard input"), "{line}");
}

// --- 7. Deep nesting -----------------------------------------------------------------------------

#[test]
fn a_query_nested_5000_deep_is_refused_in_one_line() {
    let deep = format!("ASK {}{}", "{".repeat(5000), "}".repeat(5000));
    // Exit 2, not 134 (SIGABRT of a stack overflow, which `run` reports as 128 + 6).
    let r = run(&["query", &deep]);
    assert!(one_line_error(&r).contains("128"), "{}", r.stderr);
    // The same from a file, and with parentheses.
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "deep.rq", deep.as_bytes());
    let r = run(&["query", "-f", &file]);
    assert!(one_line_error(&r).contains("deep.rq"), "{}", r.stderr);
    let parens = format!("SELECT * WHERE {{ FILTER({}1{}) }}", "(".repeat(5000), ")".repeat(5000));
    one_line_error(&run(&["query", &parens]));
}

#[test]
fn a_query_nested_100_or_128_deep_is_answered() {
    // Braces around one triple pattern; the built-in graph has triples, so the answer is true.
    for depth in [100, 128] {
        let query = format!("ASK {}?s ?p ?o{}", "{".repeat(depth), "}".repeat(depth));
        assert!(ask(&[&query]), "depth {depth}");
    }
    // 129 is one more than the documented 128.
    let query = format!("ASK {}?s ?p ?o{}", "{".repeat(129), "}".repeat(129));
    one_line_error(&run(&["query", &query]));
}

#[test]
fn brackets_in_strings_and_comments_do_not_count_as_nesting() {
    // 200 braces inside a string: STRLEN is 200; 200 in a comment are ignored.
    let query = format!("ASK {{ FILTER(STRLEN(\"{}\") = 200) }}", "{".repeat(200));
    assert!(ask(&[&query]));
    let query = format!("# {}\nASK {{ ?s ?p ?o }}", "(".repeat(200));
    assert!(ask(&[&query]));
}

// --- 8. Streaming --------------------------------------------------------------------------------

/// Every triple with every triple: the built-in graph's triple count squared, about 10^8 rows.
const PRODUCT: &str = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }";

#[test]
fn limit_rows_ends_a_huge_product_after_n_rows_in_every_format() {
    let stopped = "policykg: stopped after 3 rows by --limit-rows 3\n";
    let started = Instant::now();
    let r = run(&["query", PRODUCT, "--limit-rows", "3"]);
    // The whole product would take many minutes; three rows take well under the deadline.
    assert!(started.elapsed() < DEADLINE);
    assert_eq!((r.code, r.stderr.as_str()), (0, stopped));
    let lines: Vec<&str> = r.stdout.lines().collect();
    // A header naming the six variables, a rule of dashes, 3 rows.
    assert_eq!(lines.len(), 5, "{}", r.stdout);
    assert_eq!(lines[0].split_whitespace().collect::<Vec<_>>(), ["a", "b", "c", "d", "e", "f"]);
    assert!(lines[1].chars().all(|c| c == '-' || c == ' ') && lines[1].starts_with('-'), "{}", lines[1]);

    let r = run(&["query", PRODUCT, "--limit-rows", "3", "--format", "csv"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, stopped));
    // SPARQL 1.1 CSV ends every record with CRLF: the header and 3 rows.
    assert_eq!(r.stdout.matches("\r\n").count(), 4, "{}", r.stdout);
    assert!(r.stdout.starts_with("a,b,c,d,e,f\r\n"), "{}", r.stdout);

    let r = run(&["query", PRODUCT, "--limit-rows", "3", "--format", "json"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, stopped));
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("complete JSON");
    assert_eq!(json["head"]["vars"], serde_json::json!(["a", "b", "c", "d", "e", "f"]));
    assert_eq!(json["results"]["bindings"].as_array().expect("bindings").len(), 3);
}

/// A child that is killed when the test ends, whatever happens.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn_product_tsv() -> Reaped {
    Reaped(
        Command::new(env!("CARGO_BIN_EXE_policykg"))
            .args(["query", PRODUCT, "--format", "tsv"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("policykg starts"),
    )
}

/// Reads the header and `rows` lines of the child's stdout in a thread; gives them and the reader,
/// or None when they do not come within `within`.
fn first_lines(
    child: &mut Child,
    rows: usize,
    within: Duration,
) -> Option<(Vec<String>, BufReader<std::process::ChildStdout>)> {
    let stdout = child.stdout.take().expect("stdout is piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut lines = Vec::new();
        for _ in 0..=rows {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            lines.push(line);
        }
        let _ = tx.send((lines, reader));
    });
    rx.recv_timeout(within).ok()
}

/// The resident memory of a process, in kB, from /proc/PID/status.
fn vm_rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc/PID/status");
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("a VmRSS line");
    line.split_whitespace().nth(1).and_then(|kb| kb.parse().ok()).expect("VmRSS in kB")
}

#[test]
fn the_first_rows_of_a_huge_product_arrive_at_once_in_little_memory() {
    let mut child = spawn_product_tsv();
    // Generous for a debug build: the answer of the first row must not wait for the whole product.
    let (lines, reader) = first_lines(&mut child.0, 2, Duration::from_secs(10)).expect("the first rows within 10 s");
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0], "?a\t?b\t?c\t?d\t?e\t?f\n");
    // Every row binds all six variables: six tab-separated terms.
    assert_eq!(lines[1].split('\t').count(), 6, "{}", lines[1]);
    // 10^8 rows of six terms would be gigabytes; streaming keeps the process small.
    let rss = vm_rss_kb(child.0.id());
    assert!(rss < 200 * 1024, "VmRSS {rss} kB once the first rows arrived");
    drop(reader);
}

#[test]
fn closing_the_pipe_ends_the_query_quietly() {
    let mut child = spawn_product_tsv();
    let (lines, reader) = first_lines(&mut child.0, 5, Duration::from_secs(60)).expect("the first rows");
    assert_eq!(lines.len(), 6);
    // Like `policykg query … | head`: the reader goes away.
    drop(reader);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.0.try_wait().expect("waits") {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "policykg still runs 30 s after its stdout closed");
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    child.0.stderr.take().expect("stderr is piped").read_to_string(&mut stderr).unwrap();
    // A closed pipe is not an error: exit 0, nothing said.
    assert_eq!((status.code(), stderr.as_str()), (Some(0), ""), "{status:?}");
}

// --- 9. The same answers from any source ---------------------------------------------------------

/// The commands that must answer byte for byte the same from the built-in graph and from its export.
const SAME_ANSWER: &[&[&str]] = &[
    &["connect", "赣州", "粤港澳大湾区"],
    &["connect", "赣州", "粤港澳大湾区", "--format", "json"],
    &["paths", "赣州", "粤港澳大湾区"],
    &["neighbors", "南康区"],
    &["rank", "--by", "betweenness"],
    &["diagram", "bridge"],
    &["diagram", "overview", "--format", "mermaid"],
    &["validate"],
];

/// Runs `args` on the built-in graph and then with `source` appended, and asserts the same exit
/// code, stdout and stderr (validate says its verdict on stderr).
fn assert_same_answer(args: &[&str], source: &[&str]) {
    let built_in = run(args);
    let mut with_source = args.to_vec();
    with_source.extend_from_slice(source);
    let other = run(&with_source);
    assert_eq!(built_in.code, other.code, "{with_source:?}: {}", other.stderr);
    assert!(built_in.stdout == other.stdout, "{with_source:?} answers differently from the built-in graph");
    assert_eq!(built_in.stderr, other.stderr, "{with_source:?}");
    assert!(!(built_in.stdout.is_empty() && built_in.stderr.is_empty()), "{args:?} says something");
}

fn export_built_in(dir: &Path) -> (String, String) {
    let r = run(&["export", "--format", "nq"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let path = write(dir, "built.nq", r.stdout.as_bytes());
    (path, r.stdout)
}

fn canonical(nquads: &str) -> Dataset {
    let mut dataset: Dataset = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(nquads.as_bytes())
        .collect::<Result<_, _>>()
        .expect("the export parses");
    dataset.canonicalize(CanonicalizationAlgorithm::Unstable);
    dataset
}

#[test]
fn the_built_in_graph_and_its_export_read_back_give_the_same_answers() {
    let dir = tempfile::tempdir().unwrap();
    let (built, export) = export_built_in(dir.path());
    for args in SAME_ANSWER {
        assert_same_answer(args, &["--data", &built]);
    }
    // The export read back and exported again is the same dataset (blank nodes aside: see below).
    let r = run(&["export", "--format", "nq", "--data", &built]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), export.lines().count());
    assert!(canonical(&r.stdout) == canonical(&export), "the export read back is another dataset");
}

#[test]
fn the_export_of_the_export_is_byte_identical() {
    // export is documented as sorted so that it depends neither on parser ids nor on input order.
    let dir = tempfile::tempdir().unwrap();
    let (built, export) = export_built_in(dir.path());
    let r = run(&["export", "--format", "nq", "--data", &built]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout == export, "export --data built.nq differs from export");
}

#[cfg(feature = "rocksdb")]
#[test]
fn the_built_in_graph_and_a_store_loaded_from_its_export_give_the_same_answers() {
    let dir = tempfile::tempdir().unwrap();
    let (built, export) = export_built_in(dir.path());
    let store = dir.path().join("store");
    let store = store.to_str().expect("UTF-8");
    let r = run(&["load", "--store", store, &built]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for args in SAME_ANSWER {
        assert_same_answer(args, &["--store", store]);
    }
    let r = run(&["export", "--format", "nq", "--store", store]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(canonical(&r.stdout) == canonical(&export), "the store holds another dataset");
}

// --- 10. One-line errors -------------------------------------------------------------------------

#[test]
fn a_missing_data_file_is_one_line_naming_it() {
    let r = run(&["query", "ASK { ?s ?p ?o }", "--data", "missing.ttl"]);
    assert!(one_line_error(&r).contains("missing.ttl"), "{}", r.stderr);
    let r = run(&["neighbors", "南康区", "--data", "missing.ttl"]);
    assert!(one_line_error(&r).contains("missing.ttl"), "{}", r.stderr);
}

#[test]
fn an_unknown_extension_is_one_line_suggesting_data_format() {
    let file = fixture("unknown-extension.txt");
    let r = run(&["query", "ASK { ?s ?p ?o }", "--data", &file]);
    let line = one_line_error(&r);
    assert!(line.contains("unknown-extension.txt") && line.contains("--data-format"), "{line}");
    // Named with --data-format, the file is read: its one triple.
    assert!(ask(&[
        "ASK { <http://e.org/s> <http://e.org/p> <http://e.org/o> }",
        "--data-format",
        "ttl",
        "--data",
        &file
    ]));
}

#[test]
fn data_format_without_data_is_one_line() {
    let r = run(&["query", "ASK { ?s ?p ?o }", "--data-format", "ttl"]);
    let line = one_line_error(&r);
    assert!(line.contains("--data-format") && line.contains("--data"), "{line}");
}

#[test]
fn a_turtle_syntax_error_is_one_line_with_the_file_and_line() {
    // syntax-error.ttl lacks the object of the triple on its line 4.
    let file = fixture("syntax-error.ttl");
    for args in [vec!["query", "ASK { ?s ?p ?o }", "--data", &file], vec!["validate", "--data", &file]] {
        let r = run(&args);
        let line = one_line_error(&r);
        assert!(line.contains("syntax-error.ttl") && line.contains("line 4"), "{args:?}: {line}");
    }
}

// --- remote endpoints without a SPARQL server ------------------------------------------------------

/// A port nothing listens on: connection refused, in one line naming the URL.
#[test]
fn an_endpoint_that_is_not_running_is_one_line() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/sparql");
    let out = policykg().args(["connect", "赣州", "粤港澳大湾区", "--endpoint", &url]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&url) && stderr.contains("connection refused"), "{stderr}");
}

/// A web server that answers every request with a page of HTML (200 OK): one line saying that what
/// came back is no SPARQL answer, with its content type.
#[test]
fn an_endpoint_that_answers_html_is_one_line() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/sparql", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for stream in listener.incoming().take(1) {
            let mut stream = stream.unwrap();
            let mut buffer = [0u8; 65536];
            let _ = stream.read(&mut buffer);
            let body = "<html><body><h1>Welcome</h1></body></html>";
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let out = policykg().args(["query", "--endpoint", &url, "ASK {}"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("'text/html'") && stderr.contains("is it a SPARQL endpoint?"), "{stderr}");
}

/// A graph named in --default-graph that the data does not hold is an error, not an empty answer.
#[test]
fn a_default_graph_that_is_not_there_is_one_line() {
    let out = policykg()
        .args(["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--default-graph", "pkg:Background"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.starts_with("policykg: error: --default-graph pkg:Background: no such graph"), "{stderr}");
    assert!(stderr.contains("<https://w3id.org/policykg/graph/background>"), "{stderr}");
}

/// A password written in the endpoint's URL never appears in a message; a failed push says its
/// cause once.
#[test]
fn credentials_in_an_endpoint_url_stay_out_of_messages() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://reader:s3cret@127.0.0.1:{port}/sparql");
    for args in [vec!["query", "ASK {}", "--endpoint", url.as_str()], vec!["push", "--endpoint", url.as_str()]] {
        let out = policykg().args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(!stderr.contains("s3cret"), "{stderr}");
        assert_eq!(stderr.matches("connection refused").count(), 1, "{stderr}");
    }
}

/// Names given after --data are taken as files; the error says so.
#[test]
fn names_swallowed_by_data_get_a_hint() {
    let out = policykg().args(["connect", "--data", "a.nq", "赣州", "粤港澳大湾区"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("hint: --data takes every argument after it as a file"), "{stderr}");
}

// --- a store shared by several processes, and a load that is killed ---------------------------------

/// `lines` N-Triples lines, each a new triple, in a file of `dir`.
#[cfg(feature = "rocksdb")]
fn many_triples(dir: &Path, lines: usize) -> String {
    let mut text = String::with_capacity(lines * 64);
    for n in 0..lines {
        text.push_str(&format!("<http://example.org/s{n}> <http://example.org/p> \"{n}\" .\n"));
    }
    write(dir, "many.nt", text.as_bytes())
}

#[cfg(feature = "rocksdb")]
const ALL_QUADS: &str = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }";

/// A temporary folder with a file of one quad, `one.nt`, loaded into the store `store` beside it:
/// the folder, the file and the store.
#[cfg(feature = "rocksdb")]
fn one_quad_store() -> (tempfile::TempDir, String, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let data = write(dir.path(), "one.nt", b"<http://example.org/s> <http://example.org/p> \"1\" .\n");
    let store = dir.path().join("store");
    assert_eq!(run(&["load", "--store", store.to_str().unwrap(), &data]).code, 0);
    (dir, data, store)
}

#[cfg(feature = "rocksdb")]
#[test]
fn readers_share_a_store_and_a_writer_waits_for_none_of_them() {
    use policykg::source::store::{Error, Reader, Writer};
    let (_dir, data, store) = one_quad_store();

    // Two readers at once (a lock is per open file, so two in one process stand for two processes).
    let first = Reader::open(&store).expect("a first reader");
    let second = Reader::open(&store).expect("a second reader beside it");
    assert_eq!(first.store.len().unwrap() + second.store.len().unwrap(), 2);
    // A writer meanwhile is refused, in a line that says why and what to do; so is `load`.
    let Err(Error::InUse { writing: false, .. }) = Writer::open(&store) else { panic!("a writer beside readers") };
    let r = run(&["load", "--store", store.to_str().unwrap(), &data]);
    let line = one_line_error(&r);
    assert!(line.contains("in use by another policykg process") && line.contains("try again"), "{line}");
    // A third reader is another process: a query while both readers hold the store.
    assert_eq!(count(&[ALL_QUADS, "--store", store.to_str().unwrap()]), 1);
    drop((first, second));

    // While a writer holds the store, a reader is told it is being written.
    let writer = Writer::open(&store).expect("a writer once the readers are gone");
    let r = run(&["query", ALL_QUADS, "--store", store.to_str().unwrap()]);
    let line = one_line_error(&r);
    assert!(line.contains("in use by another policykg process that is writing it"), "{line}");
    drop(writer);
    assert_eq!(count(&[ALL_QUADS, "--store", store.to_str().unwrap()]), 1);
}

#[cfg(feature = "rocksdb")]
#[test]
fn a_damaged_store_is_one_line_said_once() {
    let (_dir, _, store) = one_quad_store();
    // CURRENT names the manifest RocksDB reads first; point it at one that does not exist.
    std::fs::write(store.join("CURRENT"), "MANIFEST-999999\n").unwrap();
    let r = run(&["query", ALL_QUADS, "--store", store.to_str().unwrap()]);
    let line = one_line_error(&r);
    assert!(line.starts_with("policykg: error: cannot open the store at"), "{line}");
    assert_eq!(line.matches("MANIFEST-999999").count(), 1, "the cause is said once: {line}");
}

/// A query over a store ends with the store closed: the evaluating thread is waited for, so that
/// RocksDB's background threads never outlive the process's globals. Before, an ASK (answered
/// while the thread still held the store) ended in a segmentation fault or an abort (`pthread lock:
/// Invalid argument`) about one run in three when the store's path was short (`store`, as here),
/// and now and then with a long one.
#[cfg(feature = "rocksdb")]
#[test]
fn a_query_over_a_store_exits_cleanly_every_time() {
    let (dir, _, _) = one_quad_store();
    let binary = assert_cmd::cargo::cargo_bin("policykg");
    let mut failed = Vec::new();
    for _ in 0..60 {
        let output = Command::new(&binary)
            .args(["query", "ASK { ?s ?p \"1\" }", "--store", "store"])
            .current_dir(dir.path())
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        if !output.status.success() || output.stdout != b"true\n" {
            failed.push(format!("{:?}: {}", output.status, String::from_utf8_lossy(&output.stderr)));
        }
    }
    assert!(failed.is_empty(), "{} of 60 runs failed, the first: {}", failed.len(), failed[0]);
}

/// `--timeout` over a store ends the command on time even when the evaluation does not notice the
/// cancellation (Oxigraph checks it as it reads quads, not while it joins them): exit 2 and one
/// line, never a crash from the store left open.
#[cfg(feature = "rocksdb")]
#[test]
fn a_timeout_over_a_store_ends_in_one_line_without_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let (built, _) = export_built_in(dir.path());
    assert_eq!(run_with(&["load", "--store", "store", &built], Some(dir.path()), None).code, 0);
    for _ in 0..3 {
        let started = Instant::now();
        let r = run_with(
            &[
                "query",
                "--timeout",
                "0.5",
                "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                "--store",
                "store",
            ],
            Some(dir.path()),
            None,
        );
        assert_eq!(
            (r.code, r.stderr.as_str()),
            (2, "policykg: error: the query was cancelled after 0.5 s (--timeout)\n"),
            "{}",
            r.stdout
        );
        // The whole count would take many minutes.
        assert!(started.elapsed() < Duration::from_secs(30), "{:?}", started.elapsed());
    }
}

/// A store whose folder and files are read-only (a copy on a read-only share, a store handed to
/// users who may read it only) is read as usual: readers take no lock they cannot take. A `load`
/// into it is one line, and leaves it as it was. Permissions bind every user but root, so when the
/// tests run as root (containers, CI) the commands run as the user `nobody`, through util-linux's
/// `setpriv`, from a copy of the binary that user can reach.
#[cfg(feature = "rocksdb")]
#[test]
fn a_read_only_store_is_read_and_a_load_into_it_is_one_line() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &Path, mode: u32| std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    mode(dir.path(), 0o755);
    let data = write(dir.path(), "one.nt", b"<http://example.org/s> <http://example.org/p> \"1\" .\n");
    mode(Path::new(&data), 0o644);
    let store = dir.path().join("store");
    assert_eq!(run(&["load", "--store", store.to_str().unwrap(), &data]).code, 0);
    for entry in std::fs::read_dir(&store).unwrap() {
        mode(&entry.unwrap().path(), 0o444);
    }
    mode(&store, 0o555);

    let root = Command::new("id").arg("-u").output().map(|o| o.stdout == b"0\n").unwrap_or(false);
    let binary = assert_cmd::cargo::cargo_bin("policykg");
    let as_reader = |args: &[&str]| -> Run {
        let mut command = if root {
            let copy = dir.path().join("policykg");
            if !copy.exists() {
                std::fs::copy(&binary, &copy).unwrap();
                mode(&copy, 0o755);
            }
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(copy);
            c
        } else {
            Command::new(&binary)
        };
        match command.args(args).output() {
            Ok(output) => Run {
                code: output.status.code().unwrap_or(-1),
                stdout: String::from_utf8(output.stdout).unwrap(),
                stderr: String::from_utf8(output.stderr).unwrap(),
            },
            Err(e) => Run { code: -1, stdout: String::new(), stderr: e.to_string() },
        }
    };
    // The other user must be able to run policykg at all (a temporary folder mounted noexec would
    // stop it): if not, the test says so and proves nothing either way.
    let version = as_reader(&["--version"]);
    if version.code != 0 {
        eprintln!("skipping the read-only store test: the user nobody cannot run policykg here: {}", version.stderr);
        return;
    }
    // The user really cannot write there (else the test proves nothing).
    let probe = as_reader(&["load", "--store", store.to_str().unwrap(), &data]);
    assert_ne!(probe.code, 0, "a load into a read-only store succeeded: {}", probe.stderr);

    let r = as_reader(&["query", "--format", "tsv", ALL_QUADS, "--store", store.to_str().unwrap()]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "?n\n1\n"), "{}", r.stderr);
    // And again: the first run left nothing behind that keeps the next out.
    let r = as_reader(&["query", "ASK { ?s ?p \"1\" }", "--store", store.to_str().unwrap()]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "true\n"), "{}", r.stderr);

    let line = one_line_error(&probe);
    assert!(line.contains(store.to_str().unwrap()) && line.contains("permission"), "{line}");
    mode(&store, 0o755);
    assert_eq!(count(&[ALL_QUADS, "--store", store.to_str().unwrap()]), 1, "the store is as it was");
}

/// A load killed (SIGKILL) at any moment leaves the store as it was or fully loaded, never in
/// between, and the store still opens; a new store is either complete or absent. The kills fall
/// after the file is parsed, while the store is written: a new store's hidden folder appearing
/// marks that moment.
#[cfg(feature = "rocksdb")]
#[test]
fn a_load_killed_midway_leaves_the_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let one = write(dir.path(), "one.nt", b"<http://example.org/s> <http://example.org/p> \"1\" .\n");
    let lines = 150_000;
    let many = many_triples(dir.path(), lines);
    let load = |store: &str| {
        Reaped(
            Command::new(env!("CARGO_BIN_EXE_policykg"))
                .args(["load", "--store", store, &many])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("policykg starts"),
        )
    };
    for (i, wait) in [0u64, 200, 1000, 3000].into_iter().enumerate() {
        // A new store: wait for its hidden folder, then kill `wait` ms later.
        let name = format!("fresh-{i}");
        let fresh = dir.path().join(&name);
        let started = Instant::now();
        let mut child = load(fresh.to_str().unwrap());
        let hidden = format!(".{name}.loading-");
        let staged = |d: &Path| {
            std::fs::read_dir(d).unwrap().any(|e| e.unwrap().file_name().to_string_lossy().starts_with(&hidden))
        };
        while !staged(dir.path()) && !fresh.exists() && started.elapsed() < DEADLINE {
            std::thread::sleep(Duration::from_millis(5));
        }
        let parsed = started.elapsed();
        std::thread::sleep(Duration::from_millis(wait));
        child.0.kill().ok();
        child.0.wait().ok();
        if fresh.exists() {
            assert_eq!(count(&[ALL_QUADS, "--store", fresh.to_str().unwrap()]), lines as u64, "after {wait} ms");
        } else {
            let r = run(&["query", ALL_QUADS, "--store", fresh.to_str().unwrap()]);
            assert!(one_line_error(&r).contains("no store at"), "{}", r.stderr);
        }

        // An existing store with one triple: the same load, killed as long after starting.
        let store = dir.path().join(format!("store-{i}"));
        let store = store.to_str().unwrap();
        assert_eq!(run(&["load", "--store", store, &one]).code, 0);
        let mut child = load(store);
        std::thread::sleep(parsed + Duration::from_millis(wait));
        child.0.kill().ok();
        child.0.wait().ok();
        let n = count(&[ALL_QUADS, "--store", store]);
        assert!(n == 1 || n == 1 + lines as u64, "killed {wait} ms into writing, the store holds {n} quads");
    }
}
