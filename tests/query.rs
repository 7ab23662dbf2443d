//! `policykg query`, `prefixes`, `load` and `export`. The expected rows come from reading the
//! `[[entity]]` labels and `[[fact]]`s of data/entities.toml, or the fixture files beside them in
//! tests/fixtures/query/; none depend on the measures.

use std::path::PathBuf;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad, Term};

use crate::util::policykg;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/query").join(name)
}

fn pkr(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("https://w3id.org/policykg/resource/{local}"))
}

/// Runs `policykg` with `args` and gives its exit code, stdout and stderr.
fn run(args: &[&str]) -> (i32, String, String) {
    let output = policykg().args(args).output().expect("policykg runs");
    (
        output.status.code().expect("policykg exits with a code"),
        String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    )
}

fn parse(format: RdfFormat, text: &str) -> Vec<Quad> {
    RdfParser::from_format(format).for_slice(text.as_bytes()).collect::<Result<_, _>>().expect("the output re-parses")
}

// --- SELECT and ASK over the built-in graph ------------------------------------------------------

#[test]
fn hengqin_is_part_of_zhuhai_guangdong_the_bay_area_and_the_pan_pearl_river_delta() {
    // Hengqin partOf Zhuhai; Zhuhai partOf the GBA and Guangdong; both partOf the PanPRD.
    let (code, stdout, stderr) = run(&[
        "query",
        r#"SELECT ?l WHERE { pkr:Hengqin pk:partOf+ ?r . ?r rdfs:label ?l FILTER(langMatches(lang(?l), "en")) } ORDER BY ?l"#,
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "l@en\n\
         ------------------------------------------\n\
         Guangdong\n\
         Guangdong–Hong Kong–Macao Greater Bay Area\n\
         Pan-Pearl River Delta region\n\
         Zhuhai\n"
    );
    assert_eq!(stderr, "policykg: 4 rows\n");
}

#[test]
fn the_table_aligns_chinese_labels_by_display_width() {
    // 三南 is Longnan, Dingnan and Quannan. `定南@zh-Hans` is 10 characters but 12 columns wide,
    // so the English column starts at column 27 (11 + 2 + 12 + 2) on every line. --lang-tags keeps
    // every cell's tag.
    let (code, stdout, stderr) = run(&[
        "query",
        "--lang-tags",
        r#"SELECT ?county ?zh ?en WHERE {
             ?county pk:partOf pkr:SanNan ; rdfs:label ?zh, ?en .
             FILTER(langMatches(lang(?zh), "zh-Hans") && langMatches(lang(?en), "en"))
           } ORDER BY ?county"#,
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "county       zh            en\n\
         -----------  ------------  -----------------\n\
         pkr:Dingnan  定南@zh-Hans  Dingnan County@en\n\
         pkr:Longnan  龙南@zh-Hans  Longnan@en\n\
         pkr:Quannan  全南@zh-Hans  Quannan County@en\n"
    );
}

#[test]
fn the_table_names_a_single_language_in_the_header_and_a_mixed_one_in_each_cell() {
    // The same three counties of 三南: each column of labels is of one language, so its tag goes
    // to the header once; in one column of both languages every cell keeps its tag.
    let query = r#"SELECT ?county ?zh ?en WHERE {
             ?county pk:partOf pkr:SanNan ; rdfs:label ?zh, ?en .
             FILTER(langMatches(lang(?zh), "zh-Hans") && langMatches(lang(?en), "en"))
           } ORDER BY ?county"#;
    let (code, stdout, stderr) = run(&["query", query]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "county       zh@zh-Hans  en@en\n\
         -----------  ----------  --------------\n\
         pkr:Dingnan  定南        Dingnan County\n\
         pkr:Longnan  龙南        Longnan\n\
         pkr:Quannan  全南        Quannan County\n"
    );
    let mixed = r#"SELECT ?l WHERE { pkr:Longnan rdfs:label ?l
             FILTER(langMatches(lang(?l), "zh-Hans") || langMatches(lang(?l), "en")) } ORDER BY ?l"#;
    let (code, stdout, stderr) = run(&["query", mixed]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "l\n------------\nLongnan@en\n龙南@zh-Hans\n");
}

#[test]
fn numbers_are_right_aligned_and_strings_that_read_as_numbers_are_quoted() {
    let (code, stdout, stderr) =
        run(&["query", r#"SELECT ?n ?s WHERE { VALUES (?n ?s) { (7 "7") (1234 "x") } } ORDER BY ?n"#]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "   n  s\n----  ---\n   7  \"7\"\n1234  x\n");
}

#[test]
fn comparing_lang_with_an_upper_case_tag_gets_a_warning_that_names_lang_matches() {
    for filter in [r#"lang(?l) = "zh-Hans""#, r#""zh-Hans" = lang(?l)"#, r#"lang(?l) != "zh-Hans""#] {
        let query = format!("SELECT ?l WHERE {{ pkr:Ganzhou rdfs:label ?l FILTER({filter}) }}");
        let (_, _, stderr) = run(&["query", &query]);
        let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("policykg: warning:")).collect();
        assert_eq!(warnings.len(), 1, "{filter}: {stderr}");
        assert!(warnings[0].contains(r#"langMatches(lang(?l), "zh-Hans")"#), "{stderr}");
    }
    // From a file, the warning names it; a diagram of the query warns the same way.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pitfall.rq");
    std::fs::write(
        &file,
        "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l FILTER(lang(?l) = \"en\" || lang(?l) = \"zh-Hant\") }",
    )
    .unwrap();
    for args in [&["query", "-f", file.to_str().unwrap()][..], &["diagram", "query", file.to_str().unwrap()]] {
        let (_, _, stderr) = run(args);
        assert!(
            stderr.contains(&format!("policykg: warning: {}: lang(?l) is compared with \"zh-Hant\"", file.display())),
            "{args:?}: {stderr}"
        );
    }
    // Oxigraph gives tags in lower case: `=` with "zh-Hans" finds no row, hence the warning.
    let (code, _, _) = run(&["query", r#"SELECT ?l WHERE { pkr:Ganzhou rdfs:label ?l FILTER(lang(?l) = "zh-Hans") }"#]);
    assert_eq!(code, 1);
    let (code, _, stderr) =
        run(&["query", r#"SELECT ?l WHERE { pkr:Ganzhou rdfs:label ?l FILTER(langMatches(lang(?l), "zh-Hans")) }"#]);
    assert_eq!(code, 0);
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn ask_prints_true_or_false_and_exits_1_on_false() {
    let (code, stdout, _) = run(&["query", "ASK { pkr:Hengqin pk:partOf pkr:Zhuhai }"]);
    assert_eq!((code, stdout.as_str()), (0, "true\n"));
    // Zhuhai is in Guangdong, not Jiangxi.
    let (code, stdout, _) = run(&["query", "ASK { pkr:Zhuhai pk:partOf+ pkr:Jiangxi }"]);
    assert_eq!((code, stdout.as_str()), (1, "false\n"));
}

#[test]
fn a_select_without_rows_exits_1() {
    let (code, stdout, stderr) = run(&["query", "SELECT ?r WHERE { ?r pk:partOf pkr:Hengqin }"]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (1, "", "policykg: 0 rows\n"));
}

#[test]
fn the_default_graph_is_the_union_and_graph_reaches_each_named_graph() {
    let (code, _, _) = run(&["query", "ASK { GRAPH pkg:background { pkr:Hengqin pk:partOf pkr:Zhuhai } }"]);
    assert_eq!(code, 0);
    let (code, _, _) = run(&["query", "ASK { GRAPH pkg:ontology { pkr:Hengqin pk:partOf pkr:Zhuhai } }"]);
    assert_eq!(code, 1);
}

#[test]
fn limit_rows_stops_after_n_rows_and_says_so() {
    // Eleven cities and two city groups (广佛肇, 深莞惠) are partOf the Bay Area: 13 rows.
    let query = "SELECT ?a WHERE { ?a pk:partOf pkr:GBA } ORDER BY ?a";
    let (code, stdout, stderr) = run(&["query", "--limit-rows", "2", query]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "a\n------------\npkr:Dongguan\npkr:Foshan\n");
    assert_eq!(stderr, "policykg: stopped after 2 rows by --limit-rows 2\n");
    // Exactly as many rows as the limit: nothing was cut.
    let (_, _, stderr) = run(&["query", "--limit-rows", "13", query]);
    assert_eq!(stderr, "policykg: 13 rows\n");
    // Every format stops there.
    let (_, stdout, _) = run(&["query", "--limit-rows", "2", "--format", "csv", query]);
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
}

// --- W3C result formats and RDF output ----------------------------------------------------------

#[test]
fn json_results_parse_and_hold_the_three_labels_of_ganzhou() {
    let (code, stdout, _) =
        run(&["query", "--format", "json", "SELECT ?l WHERE { pkr:Ganzhou rdfs:label ?l } ORDER BY ?l"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    assert_eq!(json["head"]["vars"], serde_json::json!(["l"]));
    let mut labels: Vec<&str> = json["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|b| b["l"]["value"].as_str().expect("a value"))
        .collect();
    labels.sort();
    assert_eq!(labels, ["Ganzhou", "贛州", "赣州"]);
}

#[test]
fn csv_results_have_a_header_and_one_line_per_row() {
    let (code, stdout, _) =
        run(&["query", "--format", "csv", "SELECT ?county WHERE { ?county pk:partOf pkr:SanNan } ORDER BY ?county"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.split("\r\n").collect();
    assert_eq!(
        lines,
        [
            "county",
            "https://w3id.org/policykg/resource/Dingnan",
            "https://w3id.org/policykg/resource/Longnan",
            "https://w3id.org/policykg/resource/Quannan",
            ""
        ]
    );
}

#[test]
fn construct_gives_turtle_that_reparses_and_is_the_same_every_time() {
    let query = "CONSTRUCT { ?part pk:partOf pkr:Ganzhou } WHERE { ?part pk:partOf pkr:Ganzhou }";
    let (code, turtle, stderr) = run(&["query", query]);
    assert_eq!(code, 0, "{stderr}");
    assert!(turtle.contains("@prefix pkr: <https://w3id.org/policykg/resource/> ."), "{turtle}");
    let mut parts: Vec<Term> = parse(RdfFormat::Turtle, &turtle).into_iter().map(|q| q.subject.into()).collect();
    parts.sort_by_key(|t| t.to_string());
    // Nankang, 三南 and the two development zones are partOf Ganzhou.
    let expected: Vec<Term> =
        ["GanzhouETDZ", "GanzhouHighTechZone", "Nankang", "SanNan"].into_iter().map(|l| pkr(l).into()).collect();
    assert_eq!(parts, expected);
    assert_eq!(stderr, "policykg: 4 triples\n");
    assert_eq!(run(&["query", query]).1, turtle);
    // The same triples as N-Triples, one per line.
    let (_, ntriples, _) = run(&["query", "--format", "nt", query]);
    assert_eq!(parse(RdfFormat::NTriples, &ntriples).len(), 4);
    assert_eq!(ntriples.lines().count(), 4);
}

#[test]
fn a_result_format_that_does_not_fit_the_query_is_refused() {
    let (code, _, stderr) = run(&["query", "--format", "ttl", "ASK {}"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("policykg: error: --format ttl is for CONSTRUCT and DESCRIBE"), "{stderr}");
    let (code, _, stderr) = run(&["query", "--format", "csv", "CONSTRUCT WHERE { ?s pk:partOf pkr:SanNan }"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("policykg: error: --format csv is for SELECT and ASK"), "{stderr}");
}

// --- where the query and the data come from -----------------------------------------------------

#[test]
fn the_query_can_come_from_stdin_or_a_file() {
    let output = policykg().arg("query").write_stdin("ASK { pkr:Hengqin pk:partOf pkr:Zhuhai }").output().unwrap();
    assert_eq!((output.status.code(), output.stdout.as_slice()), (Some(0), b"true\n".as_slice()));
    let (code, stdout, _) = run(&["query", "-f", fixture("hengqin.rq").to_str().unwrap()]);
    assert_eq!((code, stdout.as_str()), (0, "true\n"));
}

#[test]
fn a_missing_query_file_is_named() {
    let (code, _, stderr) = run(&["query", "-f", "no-such-query.rq"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("policykg: error: cannot read the query file no-such-query.rq: "), "{stderr}");
}

#[test]
fn data_files_replace_the_built_in_graph() {
    let data = fixture("regions.ttl");
    let (code, stdout, _) = run(&[
        "query",
        "--data",
        data.to_str().unwrap(),
        "--",
        r#"SELECT ?r ?zh WHERE { ?r pk:partOf+ pkr:Jiangxi ; rdfs:label ?zh FILTER(langMatches(lang(?zh), "zh-Hans")) } ORDER BY ?r"#,
    ]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "r            zh@zh-Hans\n-----------  ----------\npkr:Ganzhou  赣州\npkr:Nankang  南康区\n");
    // The built-in background is not there.
    let (code, _, _) = run(&["query", "ASK { pkr:Hengqin pk:partOf pkr:Zhuhai }", "--data", data.to_str().unwrap()]);
    assert_eq!(code, 1);
}

#[test]
fn a_missing_data_file_is_named() {
    let (code, _, stderr) = run(&["query", "ASK {}", "--data", "no-such-file.ttl"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("policykg: error: cannot read no-such-file.ttl: "), "{stderr}");
    assert_eq!(stderr.lines().count(), 1);
}

#[test]
fn a_query_swallowed_by_data_gets_a_hint() {
    let data = fixture("regions.ttl");
    let (code, _, stderr) = run(&["query", "--data", data.to_str().unwrap(), "ASK { ?s ?p ?o }"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("it looks like the query: put the query before --data, or `--` before it"), "{stderr}");
}

// --- errors --------------------------------------------------------------------------------------

#[test]
fn a_syntax_error_gives_line_column_and_a_caret() {
    let (code, stdout, stderr) = run(&["query", "SELECT ?r WHERE {\n  ?r pk:partOf pkr:Ganzhou ..\n}"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    // The second dot is the 29th character of line 2, after 28 others.
    let caret = format!("  | {}^", " ".repeat(28));
    assert_eq!(
        stderr,
        format!(
            "policykg: error: SPARQL syntax error at line 2, column 29: unexpected '.'\n  |\n2 |   ?r pk:partOf pkr:Ganzhou ..\n{caret}\n"
        )
    );
}

#[test]
fn a_short_chinese_prefix_and_a_bind_in_scope_are_named_where_they_stand() {
    // `SELECT ?x WHERE { ?x ` is 21 characters; 地 is the 22nd and sits 21 columns in.
    let (code, _, stderr) = run(&["query", "SELECT ?x WHERE { ?x 地:名 ?y }"]);
    assert_eq!(code, 2);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines[0].starts_with("policykg: error: SPARQL syntax error at line 1, column 22: unknown prefix '地:'"),
        "{stderr}"
    );
    assert_eq!(lines[3], format!("  | {}^", " ".repeat(21)), "{stderr}");
    // SPARQL 1.1 §18.2.1: the variable of BIND must not be in scope already. `SELECT * { ?s ?p ?o . `
    // is 22 characters; BIND starts at the 23rd.
    let (code, _, stderr) = run(&["query", "SELECT * { ?s ?p ?o . BIND(?o AS ?s) }"]);
    assert_eq!(code, 2);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines[0].starts_with("policykg: error: SPARQL syntax error at line 1, column 23: BIND(… AS ?s) binds ?s, which is already in scope"),
        "{stderr}"
    );
    assert_eq!(lines[3], format!("  | {}^", " ".repeat(22)), "{stderr}");
}

#[test]
fn an_unknown_prefix_lists_the_known_ones() {
    let (code, _, stderr) = run(&["query", "SELECT ?x WHERE { ?x a foo:Region }"]);
    assert_eq!(code, 2);
    let first = stderr.lines().next().unwrap();
    assert!(
        first.starts_with("policykg: error: SPARQL syntax error at line 1, column 24: unknown prefix 'foo:'"),
        "{first}"
    );
    assert!(first.contains("pk: pkr: pkg: rdf: rdfs: owl: xsd: skos: schema: org: dcterms: prov: oa: wd:"), "{first}");
}

#[test]
fn a_timeout_cancels_a_query_that_runs_too_long() {
    let started = std::time::Instant::now();
    let (code, stdout, stderr) =
        run(&["query", "--timeout", "0.5", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(stderr, "policykg: error: the query was cancelled after 0.5 s (--timeout)\n");
    // Unbounded, the count of every triple cubed would take minutes.
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
}

#[test]
fn prefixes_lists_pk_first_in_two_aligned_columns() {
    let (code, stdout, _) = run(&["prefixes"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 14);
    // `dcterms:` is the longest prefix, 8 characters; the namespaces start at column 10.
    assert_eq!(lines[0], "pk:       https://w3id.org/policykg/ontology#");
    assert!(lines.contains(&"dcterms:  http://purl.org/dc/terms/"));
    assert!(lines.iter().all(|l| l.find("http") == Some(10)), "{stdout}");
}

// --- export ---------------------------------------------------------------------------------------

#[test]
fn export_writes_one_graph_as_turtle_or_all_as_n_quads() {
    let (code, turtle, _) = run(&["export", "--format", "ttl", "--graph", "pkg:background"]);
    assert_eq!(code, 0);
    let quads = parse(RdfFormat::Turtle, &turtle);
    let part_of = NamedNode::new_unchecked("https://w3id.org/policykg/ontology#partOf");
    let hengqin = NamedOrBlankNode::from(pkr("Hengqin"));
    assert!(
        quads.iter().any(|q| q.subject == hengqin && q.predicate == part_of && q.object == Term::from(pkr("Zhuhai")))
    );
    assert_eq!(run(&["export", "--format", "ttl", "--graph", "pkg:background"]).1, turtle);
    // N-Quads keeps the three graphs.
    let (code, nquads, _) = run(&["export", "--format", "nq"]);
    assert_eq!(code, 0);
    let mut graphs: Vec<String> = parse(RdfFormat::NQuads, &nquads).iter().map(|q| q.graph_name.to_string()).collect();
    graphs.dedup();
    assert_eq!(
        graphs,
        [
            "<https://w3id.org/policykg/graph/background>",
            "<https://w3id.org/policykg/graph/doc/ganzhou-measures-2020>",
            "<https://w3id.org/policykg/graph/ontology>"
        ]
    );
}

#[test]
fn export_refuses_to_flatten_named_graphs_into_one() {
    let (code, stdout, stderr) = run(&["export", "--format", "ttl"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(
        stderr,
        "policykg: error: ttl holds one graph and the data has named graphs: choose one with --graph \
         (pkg:background, pkg:doc/ganzhou-measures-2020, pkg:ontology), or write nq, trig or jsonld\n"
    );
    let (code, _, stderr) = run(&["export", "--format", "nq", "--graph", "pkg:nothing"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("policykg: error: the graph pkg:nothing is empty or absent"), "{stderr}");
}

// --- the persistent store -------------------------------------------------------------------------

#[cfg(not(feature = "rocksdb"))]
#[test]
fn without_the_rocksdb_feature_store_commands_say_how_to_build_it() {
    let expected = "policykg: error: the persistent store needs policykg built with the rocksdb feature: \
                    cargo build --release --features rocksdb\n";
    let data = fixture("regions.ttl");
    for args in [
        vec!["query", "--store", "some-store", "ASK {}"],
        vec!["load", "--store", "some-store", data.to_str().unwrap()],
        vec!["export", "--store", "some-store", "--format", "nq"],
    ] {
        let (code, stdout, stderr) = run(&args);
        assert_eq!((code, stdout.as_str(), stderr.as_str()), (2, "", expected), "{args:?}");
    }
    assert!(!std::path::Path::new("some-store").exists());
}

#[cfg(feature = "rocksdb")]
mod store {
    use super::*;

    #[test]
    fn load_then_query_then_export() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        let store = store.to_str().unwrap();
        let (code, _, stderr) = run(&["load", "--store", store, fixture("regions.ttl").to_str().unwrap()]);
        assert_eq!(code, 0, "{stderr}");
        // regions.ttl has six labels and two partOf triples.
        assert_eq!(stderr, format!("policykg: loaded 8 quads from 1 file into {store}\n"));
        let (code, stdout, _) =
            run(&["query", "--store", store, "SELECT ?r WHERE { ?r pk:partOf+ pkr:Jiangxi } ORDER BY ?r"]);
        assert_eq!((code, stdout.as_str()), (0, "r\n-----------\npkr:Ganzhou\npkr:Nankang\n"));
        let (code, ntriples, _) = run(&["export", "--store", store, "--format", "nt"]);
        assert_eq!(code, 0);
        assert_eq!(parse(RdfFormat::NTriples, &ntriples).len(), 8);
    }

    #[test]
    fn a_syntax_error_in_any_file_leaves_the_store_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        let store = store.to_str().unwrap();
        assert_eq!(run(&["load", "--store", store, fixture("regions.ttl").to_str().unwrap()]).0, 0);
        let before = run(&["export", "--store", store, "--format", "nq"]).1;
        let broken = fixture("broken.ttl");
        let (code, _, stderr) =
            run(&["load", "--store", store, fixture("regions.ttl").to_str().unwrap(), broken.to_str().unwrap()]);
        assert_eq!(code, 2);
        // Line 4 lacks the dot before `pkr:Quannan`, which starts at column 35.
        assert!(stderr.starts_with(&format!("policykg: error: {}: ", broken.display())), "{stderr}");
        assert!(stderr.contains("line 4") && stderr.contains("35"), "{stderr}");
        // broken.ttl's first triple (Longnan partOf Ganzhou) parsed, and was not loaded either.
        assert_eq!(run(&["export", "--store", store, "--format", "nq"]).1, before);
    }

    #[test]
    fn graph_loads_into_a_named_graph() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        let store = store.to_str().unwrap();
        let data = fixture("regions.ttl");
        assert_eq!(run(&["load", "--store", store, "--graph", "pkg:regions", data.to_str().unwrap()]).0, 0);
        let (code, _, _) =
            run(&["query", "--store", store, "ASK { GRAPH pkg:regions { pkr:Nankang pk:partOf pkr:Ganzhou } }"]);
        assert_eq!(code, 0);
        let (code, turtle, _) = run(&["export", "--store", store, "--graph", "pkg:regions", "--format", "ttl"]);
        assert_eq!(code, 0);
        assert_eq!(parse(RdfFormat::Turtle, &turtle).len(), 8);
    }

    #[test]
    fn querying_a_folder_that_is_no_store_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nothing");
        let (code, _, stderr) = run(&["query", "--store", missing.to_str().unwrap(), "ASK {}"]);
        assert_eq!(code, 2);
        assert!(stderr.starts_with(&format!("policykg: error: no store at {}", missing.display())), "{stderr}");
        assert!(!missing.exists());
    }
}

/// Sorted N-Triples lines of `quads`' triples, for comparing graphs without blank nodes.
fn lines(quads: &[Quad]) -> Vec<String> {
    let mut lines: Vec<String> =
        quads.iter().map(|q| format!("{} {} {} .", q.subject, q.predicate, q.object)).collect();
    lines.sort();
    lines.dedup();
    lines
}

#[test]
fn rdf_xml_is_well_formed_xml_and_reads_back_as_the_same_graph() {
    for graph in ["pkg:doc/ganzhou-measures-2020", "pkg:background", "pkg:ontology"] {
        let (code, xml, stderr) = run(&["export", "--format", "rdf", "--graph", graph]);
        assert_eq!(code, 0, "{stderr}");
        // An XML parser policykg does not use: Python's expat, through minidom.
        let mut python = std::process::Command::new("python3")
            .args(["-c", "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.stdin.buffer)"])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("python3 runs");
        use std::io::Write;
        python.stdin.take().unwrap().write_all(xml.as_bytes()).unwrap();
        assert!(python.wait().unwrap().success(), "{graph}: not well-formed XML");
        let (_, turtle, _) = run(&["export", "--format", "nt", "--graph", graph]);
        assert_eq!(lines(&parse(RdfFormat::RdfXml, &xml)), lines(&parse(RdfFormat::NTriples, &turtle)), "{graph}");
    }
}

#[test]
fn rdf_xml_refuses_a_predicate_without_an_xml_name_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("numbered.nt");
    // RDF/XML writes a predicate as an element name, and `123` cannot start one (XML 1.0 §2.3).
    std::fs::write(&data, "<http://example.org/s> <http://example.org/p/123> \"x\" .\n").unwrap();
    let data = data.to_str().unwrap();
    let (code, stdout, stderr) = run(&["export", "--format", "rdf", "--data", data]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("<http://example.org/p/123>") && stderr.contains("ttl"), "{stderr}");
    let (code, stdout, stderr) =
        run(&["query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "--format", "rdf", "--data", data]);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
}

#[test]
fn json_ld_declares_the_known_prefixes_in_its_context_and_reads_back_as_the_same_dataset() {
    let (code, jsonld, stderr) = run(&["export", "--format", "jsonld"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&jsonld).expect("JSON");
    let context = &json["@context"];
    assert_eq!(context["pk"], "https://w3id.org/policykg/ontology#");
    assert_eq!(context["skos"], "http://www.w3.org/2004/02/skos/core#");
    let (_, nquads, _) = run(&["export", "--format", "nq"]);
    let quads = |q: Vec<Quad>| {
        let mut v: Vec<String> = q
            .iter()
            .filter(|q| !q.subject.is_blank_node() && !q.object.is_blank_node())
            .map(ToString::to_string)
            .collect();
        v.sort();
        v
    };
    let read = quads(parse(RdfFormat::JsonLd { profile: Default::default() }, &jsonld));
    assert!(!read.is_empty());
    assert_eq!(read, quads(parse(RdfFormat::NQuads, &nquads)));
}
