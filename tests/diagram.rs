//! `policykg diagram`: every view drawn through Graphviz, labels that must be escaped, Mermaid,
//! determinism, the size cap, and what happens when Graphviz is missing or the file cannot be
//! written. The Chinese labels checked are words of the source text (M06 reads
//! 积极对接深圳前海、广州南沙、珠海横琴、东莞滨海湾新区等重大平台).

use std::path::Path;

use policykg::diagram::{self, Diagram, Direction, Edge, Image, Lang, Line, Node, Style};

use crate::util::policykg;

const GBA_PLATFORMS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/diagrams/gba-platforms.rq");
const AWKWARD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/awkward-labels.rq");
const BLANK_NODES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/blank-nodes.rq");
const ADVERSARIAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/adversarial-labels.rq");

/// Every view, with words of the text its drawing must show.
const VIEWS: [(&[&str], &[&str]); 6] = [
    (&["overview"], &["若干措施", "加快重大产业平台建设", "M06"]),
    (&["bridge"], &["赣州", "深圳前海", "粤港澳大湾区"]),
    (&["entity", "深圳前海", "--hops", "2"], &["深圳前海", "深圳", "M06"]),
    (&["region-tree"], &["南康区", "赣州", "江西"]),
    (&["ontology"], &["pk:Region", "地区", "属于"]),
    (&["query", GBA_PLATFORMS], &["深圳前海", "广州南沙", "珠海横琴", "东莞滨海湾新区", "粤港澳大湾区"]),
];

/// Runs `policykg diagram ARGS…` and gives its output.
fn diagram(args: &[&str]) -> std::process::Output {
    policykg().arg("diagram").args(args).output().expect("policykg runs")
}

fn stdout(args: &[&str]) -> Vec<u8> {
    let out = diagram(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn text(args: &[&str]) -> String {
    String::from_utf8(stdout(args)).expect("UTF-8 output")
}

#[test]
fn every_view_renders_as_svg_and_png_with_its_chinese_labels() {
    let dir = tempfile::tempdir().unwrap();
    for (view, words) in VIEWS {
        let name = view[0];
        let svg = dir.path().join(format!("{name}.svg"));
        let png = dir.path().join(format!("{name}.png"));
        for file in [&svg, &png] {
            let mut args = view.to_vec();
            args.extend(["-o", file.to_str().unwrap()]);
            let out = diagram(&args);
            assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        }
        let svg = std::fs::read_to_string(&svg).unwrap();
        assert!(svg.contains("<svg"), "{name}: not an SVG");
        for word in words {
            assert!(svg.contains(&format!(">{word}<")) || svg.contains(word), "{name}: no {word} in the SVG");
        }
        assert!(svg.contains("Noto Sans CJK SC"), "{name}: the SVG names no CJK font");
        let png = std::fs::read(&png).unwrap();
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 1000, "{name}: not a PNG");
    }
}

#[test]
fn the_example_diagrams_are_up_to_date() {
    let examples = [
        ("overview", VIEWS[0].0),
        ("bridge", &["bridge", "赣州", "粤港澳大湾区"][..]),
        ("entity", VIEWS[2].0),
        ("entity-hub", &["entity", "赣州"][..]),
        ("region-tree", VIEWS[3].0),
        ("ontology", VIEWS[4].0),
        ("gba-platforms", VIEWS[5].0),
    ];
    for (name, view) in examples {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/diagrams").join(format!("{name}.dot"));
        let on_disk = std::fs::read(&file).unwrap_or_default();
        assert!(
            on_disk == stdout(view),
            "examples/diagrams/{name}.dot is out of date; write it again (see examples/diagrams/README.md)"
        );
        assert!(file.with_extension("svg").exists(), "examples/diagrams/{name}.svg is missing");
    }
}

#[test]
fn the_bridge_shows_each_gba_platform_of_m06_as_a_node() {
    let dot = text(&["bridge", "赣州", "粤港澳大湾区"]);
    for platform in ["深圳前海", "广州南沙", "珠海横琴", "东莞滨海湾新区"] {
        assert!(dot.contains(&format!("[label=\"{platform}\"")), "no node {platform}");
    }
    assert!(dot.contains("\"pkr:doc/ganzhou-measures-2020/M06\" -> \"pkr:Qianhai\""), "M06 does not reach 深圳前海");
    // M54 reaches the Bay Area only through 泛珠三角, which contains it: a dashed link.
    assert!(
        dot.contains("\"pkr:doc/ganzhou-measures-2020/M54\" -> \"pkr:PanPRD\" [label=\"对接合作方\" style=\"dashed\"]"),
        "{dot}"
    );
}

#[test]
fn connect_format_dot_prints_the_bridge_view() {
    let from_connect = policykg().args(["connect", "赣州", "粤港澳大湾区", "--format", "dot"]).output().unwrap();
    assert_eq!(from_connect.status.code(), Some(0));
    assert_eq!(from_connect.stdout, stdout(&["bridge", "赣州", "粤港澳大湾区"]));
}

#[test]
fn labels_with_quotes_backslashes_parentheses_and_line_breaks_survive_dot() {
    let svg = text(&["query", AWKWARD, "--format", "svg"]);
    assert!(svg.contains(">say &quot;hi&quot; to C:\\dir\\ (twice)<"), "{svg}");
    assert!(svg.contains(">second line #1 &lt;b&gt;&amp;<"), "{svg}");
    assert!(svg.contains(">end<"));

    // The same through the library, with the awkward strings as ids, labels and edge labels.
    let mut d = Diagram::new("a \"graph\" (1)", "title with \\ and \"", Direction::LeftRight, Lang::En);
    let awkward = "say \"hi\"\nC:\\dir\\ (x) [y] {z} -> ;";
    d.node(Node::new(awkward, awkward, Style::Platform));
    d.node(Node::new("end", "end\\", Style::Region));
    d.edge(Edge::new(awkward, "end", "part \"of\" (\\)").line(Line::Dashed));
    let dot = d.to_dot();
    let svg = diagram::render(&dot, Image::Svg, std::ffi::OsStr::new("dot")).expect("dot accepts the DOT");
    let svg = String::from_utf8(svg).unwrap();
    for shown in
        [">say &quot;hi&quot;<", ">C:\\dir\\ (x) [y] {z} &#45;&gt; ;<", ">end\\<", ">part &quot;of&quot; (\\)<"]
    {
        assert!(svg.contains(shown), "no {shown} in {svg}");
    }
    assert!(graphviz_parses(&dot), "graphviz-rust cannot read back {dot}");
}

#[test]
fn entities_and_escape_sequences_in_labels_are_drawn_as_typed() {
    // Graphviz decodes HTML entities in strings and reads `\N`, `\G`, `\l` in labels; each label
    // must come out of the SVG as it was typed (in the SVG's own XML escaping).
    let typed = [
        ("R&amp;D", ">R&amp;amp;D<"),
        ("a & b", ">a &amp; b<"),
        ("&#x8D63;州", ">&amp;#x8D63;州<"),
        ("&lt;b&gt;", ">&amp;lt;b&amp;gt;<"),
        (r"x \N \G \l y\", r">x \N \G \l y\<"),
        ("上行\u{2028}下行", ">上行<"),
    ];
    let mut d = Diagram::new("entities", "entities", Direction::LeftRight, Lang::En);
    for (i, (label, _)) in typed.iter().enumerate() {
        d.node(Node::new(format!("{label}{i}"), *label, Style::Other));
    }
    let dot = d.to_dot();
    let svg = diagram::render(&dot, Image::Svg, std::ffi::OsStr::new("dot")).expect("dot accepts the DOT");
    let svg = String::from_utf8(svg).unwrap();
    for (_, shown) in typed {
        assert!(svg.contains(shown), "no {shown} in {svg}");
    }
    assert!(svg.contains(">下行<") && !svg.contains('\u{2028}'), "{svg}");
    assert!(graphviz_parses(&dot), "graphviz-rust cannot read back {dot}");
}

/// Whether graphviz-rust's own parser reads the DOT.
fn graphviz_parses(dot: &str) -> bool {
    graphviz_rust::parse(dot).is_ok()
}

#[test]
fn mermaid_numbers_its_ids_and_escapes_its_labels() {
    let mermaid = text(&["query", AWKWARD, "--format", "mermaid"]);
    assert!(
        mermaid.contains("[\"say #quot;hi#quot; to C:\\dir\\ (twice)<br>second line #35;1 #lt;b#gt;#amp;\"]"),
        "{mermaid}"
    );
    for line in mermaid.lines().filter(|l| l.contains("[\"")) {
        let id = line.trim_start().split('[').next().unwrap();
        let ok = id == "subgraph c_legend" || id.strip_prefix("subgraph c").is_some_and(|n| n.parse::<u32>().is_ok());
        assert!(ok || id.strip_prefix('n').is_some_and(|n| n.parse::<u32>().is_ok()), "id {id:?} in {line}");
        let label = &line[line.find("[\"").unwrap() + 2..line.rfind("\"]").unwrap()];
        assert!(!label.contains('"'), "a raw quote in {line}");
    }
    assert!(!mermaid.lines().any(|l| l.trim_start().starts_with("end[")), "`end` used as an id");
    // Every view writes Mermaid with the same rules.
    for (view, _) in VIEWS {
        let mut args = view.to_vec();
        args.extend(["--format", "mermaid"]);
        let m = text(&args);
        assert!(m.starts_with("---\ntitle: \""), "{view:?}");
        assert!(m.contains("\nflowchart "), "{view:?}");
        assert!(!m.contains("pkr:") || m.lines().all(|l| !l.trim_start().starts_with("pkr:")), "{view:?}");
    }
}

#[test]
fn mermaid_writes_adversarial_labels_as_labels_it_accepts() {
    let mermaid = text(&["query", ADVERSARIAL, "--format", "mermaid"]);
    // An empty or blank literal is shown as Turtle writes it; `%` as a code, so that Mermaid's
    // directive stripping finds no `%%{…}%%`; markup as text.
    for label in [
        r##"["#quot;#quot;"]"##,
        r##"["#quot;   #quot;"]"##,
        r##"["#37;#37;{init: {}}#37;#37;"]"##,
        r##"["end"]"##,
        r##"["a #quot;b#quot; 'c'"]"##,
        r##"["[x] {y} (z)"]"##,
        r##"["#lt;br#gt;"]"##,
    ] {
        assert!(mermaid.contains(label), "no {label} in {mermaid}");
    }
    assert!(!mermaid.contains(r#"[""]"#) && !mermaid.contains("%%"), "{mermaid}");
    assert!(!mermaid.contains('\u{2028}'), "{mermaid}");
    // The font list without the generic family, whose hyphen makes Mermaid blank the whole value.
    let fonts = mermaid.lines().find_map(|l| l.trim().strip_prefix("fontFamily: ")).expect("a font list");
    assert!(fonts.contains("Noto Sans CJK SC") && !fonts.contains('-'), "{fonts}");
}

#[test]
fn the_same_graph_prints_byte_identical_dot_and_mermaid() {
    for (view, _) in VIEWS {
        for format in ["dot", "mermaid"] {
            let mut args = view.to_vec();
            args.extend(["--format", format]);
            assert_eq!(stdout(&args), stdout(&args), "{view:?} as {format}");
        }
    }
    let svg = |lang: &str| stdout(&["bridge", "--format", "svg", "--lang", lang]);
    assert_eq!(svg("en"), svg("en"));
}

#[test]
fn blank_nodes_made_by_a_query_are_named_by_a_canonical_order() {
    // The store names the CONSTRUCT's blank nodes at random; the drawing names them in the order of
    // what they hang from, blank nodes left out: pkr:GBA sorts before pkr:Ganzhou ('B' < 'a').
    let dot = text(&["query", BLANK_NODES]);
    for edge in [
        r#""pkr:GBA" -> "_:b0" [label="skos:note"]"#,
        r#""_:b0" -> "literal \"乙\"" [label="rdfs:label"]"#,
        r#""pkr:Ganzhou" -> "_:b1" [label="skos:note"]"#,
        r#""_:b1" -> "literal \"甲\"" [label="rdfs:label"]"#,
    ] {
        assert!(dot.contains(edge), "no {edge} in {dot}");
    }
    for format in ["dot", "mermaid"] {
        let args = ["query", BLANK_NODES, "--format", format];
        assert_eq!(stdout(&args), stdout(&args), "{format}");
    }
}

#[test]
fn labels_follow_the_chosen_language() {
    let en = text(&["bridge", "--lang", "en"]);
    assert!(en.contains("[label=\"Shenzhen Qianhai\""), "{en}");
    assert!(en.contains("label=\"partner\""));
    let hant = text(&["bridge", "--lang", "zh-Hant"]);
    assert!(hant.contains("[label=\"贛州\""));
    assert!(hant.contains("label=\"屬於\""), "partOf in Traditional");
}

#[test]
fn the_size_cap_leaves_a_note_saying_what_is_left_out() {
    let dot = text(&["overview", "--max-nodes", "10"]);
    assert!(note(&dot).starts_with("未画出（--max-nodes10）：68个节点（措施68）"), "{dot}");
    // The document, five pillars and the first four measures.
    let drawn = dot.lines().filter(|l| l.trim_start().starts_with("\"pkr:") && !l.contains(" -> ")).count();
    assert_eq!(drawn, 10);
    assert!(
        dot.contains("\"pkr:doc/ganzhou-measures-2020/M04\"[")
            && !dot.contains("\"pkr:doc/ganzhou-measures-2020/M05\"[")
    );
    let en = text(&["overview", "--max-nodes", "10", "--lang", "en"]);
    assert!(note(&en).starts_with("Notdrawn(--max-nodes10):68nodes(measure68)"), "{en}");
    let out = diagram(&["overview", "--max-nodes", "0"]);
    assert_eq!(out.status.code(), Some(2));
}

/// The label of the note node, without line breaks or spaces.
fn note(dot: &str) -> String {
    let line = dot.lines().find(|l| l.trim_start().starts_with("\"_note\"")).expect("a note");
    let label = line.split("label=\"").nth(1).unwrap().split("\" ").next().unwrap();
    label.replace("\\n", "").replace(' ', "")
}

#[test]
fn the_format_comes_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let mmd = dir.path().join("overview.mmd");
    assert_eq!(diagram(&["overview", "-o", mmd.to_str().unwrap()]).status.code(), Some(0));
    assert!(std::fs::read_to_string(&mmd).unwrap().contains("\nflowchart TB\n"));
    let dot = dir.path().join("overview.gv");
    assert_eq!(diagram(&["overview", "-o", dot.to_str().unwrap()]).status.code(), Some(0));
    assert!(std::fs::read_to_string(&dot).unwrap().starts_with("digraph \"overview\" {"));
    let out = diagram(&["overview", "-o", dir.path().join("overview.txt").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("name it with --format"));
}

/// Stderr has exactly one line, and it contains all of `words`.
fn one_line(stderr: &[u8], words: &[&str]) {
    let stderr = String::from_utf8_lossy(stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for w in words {
        assert!(stderr.contains(w), "no {w:?} in {stderr}");
    }
}

#[test]
fn without_graphviz_the_dot_is_still_written_and_one_line_says_how_to_install_it() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("bridge.svg");
    let out = policykg()
        .env("POLICYKG_DOT", "/nonexistent")
        .args(["diagram", "bridge", "-o", svg.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    one_line(
        &out.stderr,
        &["Graphviz", "apt-get install graphviz", "brew install graphviz", "POLICYKG_DOT", "bridge.dot"],
    );
    assert!(!svg.exists());
    let dot = std::fs::read_to_string(dir.path().join("bridge.dot")).expect("the DOT is written beside");
    assert_eq!(dot.as_bytes(), stdout(&["bridge"]));
    assert_eq!(files_in(dir.path()), ["bridge.dot"]);

    // Without -o the DOT goes to standard output.
    let out = policykg()
        .env("POLICYKG_DOT", "/nonexistent")
        .args(["diagram", "overview", "--format", "png"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    one_line(&out.stderr, &["Graphviz", "apt-get install graphviz", "brew install graphviz"]);
    assert!(out.stdout.starts_with(b"digraph \"overview\" {"));
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn an_unwritable_output_gives_one_line_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("missing").join("bridge.svg");
    let out = diagram(&["bridge", "-o", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    one_line(&out.stderr, &["cannot write"]);
    assert!(files_in(dir.path()).is_empty());
    // A folder where the file should be.
    let folder = dir.path().join("taken.dot");
    std::fs::create_dir(&folder).unwrap();
    let out = diagram(&["bridge", "-o", folder.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    one_line(&out.stderr, &["cannot write"]);
    assert_eq!(files_in(dir.path()), ["taken.dot"]);
    assert!(files_in(&folder).is_empty());
}

#[test]
fn a_query_that_gives_no_graph_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let ask = dir.path().join("ask.rq");
    std::fs::write(&ask, "ASK { ?s ?p ?o }").unwrap();
    let out = diagram(&["query", ask.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    one_line(&out.stderr, &["ASK"]);
    let select = dir.path().join("select.rq");
    std::fs::write(&select, "SELECT ?x WHERE { ?x a pk:Region }").unwrap();
    let out = diagram(&["query", select.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    one_line(&out.stderr, &["?s ?p ?o", "?x"]);
    // A SELECT with ?s ?p ?o is drawn.
    let rows = dir.path().join("rows.rq");
    std::fs::write(&rows, "SELECT ?s ?p ?o WHERE { BIND(pkr:Qianhai AS ?s) BIND(pk:partOf AS ?p) ?s ?p ?o }").unwrap();
    let dot = text(&["query", rows.to_str().unwrap()]);
    assert!(dot.contains("\"pkr:Qianhai\" -> \"pkr:Shenzhen\" [label=\"属于\"]"), "{dot}");
    // No triples: drawn, and exit 1, as for a query with no rows.
    let none = dir.path().join("none.rq");
    std::fs::write(&none, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(false) }").unwrap();
    assert_eq!(diagram(&["query", none.to_str().unwrap()]).status.code(), Some(1));
}

#[test]
fn a_format_that_contradicts_the_file_extension_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.svg");
    let out = policykg().args(["diagram", "overview", "--format", "dot", "-o"]).arg(&path).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("the file's extension says svg and --format says dot"), "{stderr}");
    assert!(!path.exists());
}

/// The node_modules folder of tests/renderers (Mermaid and jsdom), named by POLICYKG_NODE_MODULES;
/// `None` (with a note) when it is not set outside CI, a failure when it is missing under CI.
fn renderer_modules() -> Option<String> {
    match std::env::var("POLICYKG_NODE_MODULES") {
        Ok(dir) if Path::new(&dir).join("mermaid").is_dir() => Some(dir),
        _ if std::env::var_os("CI").is_some() => {
            panic!("CI: POLICYKG_NODE_MODULES must name the node_modules of tests/renderers (.ci/run installs it)")
        }
        _ => {
            eprintln!("skipped: set POLICYKG_NODE_MODULES to the node_modules of tests/renderers (npm ci there)");
            None
        }
    }
}

#[test]
fn mermaid_itself_parses_every_view_in_every_language_and_every_awkward_label() {
    let Some(modules) = renderer_modules() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut cases: Vec<Vec<&str>> = Vec::new();
    for (view, _) in VIEWS {
        for lang in ["zh-Hans", "zh-Hant", "en"] {
            let mut args = view.to_vec();
            args.extend(["--lang", lang]);
            cases.push(args);
        }
    }
    for query in [AWKWARD, ADVERSARIAL, BLANK_NODES] {
        cases.push(vec!["query", query]);
    }
    for (i, args) in cases.iter().enumerate() {
        let mut args = args.clone();
        args.extend(["--format", "mermaid"]);
        let path = dir.path().join(format!("{i:02}.mmd"));
        std::fs::write(&path, stdout(&args)).unwrap();
        files.push((path, args));
    }
    let out = std::process::Command::new("node")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/renderers/mermaid-parse.mjs"))
        .args(files.iter().map(|(path, _)| path))
        .env("POLICYKG_NODE_MODULES", &modules)
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&out.stdout);
    for (path, args) in &files {
        let ok = format!("ok {}", path.display());
        assert!(report.lines().any(|l| l == ok), "Mermaid rejects {args:?}:\n{report}");
    }
    assert_eq!(out.status.code(), Some(0), "{report}{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_mermaid_check_rejects_what_mermaid_rejects() {
    // The check itself must be able to fail: an empty label is Mermaid 11's own parse error.
    let Some(modules) = renderer_modules() else { return };
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.mmd");
    std::fs::write(&bad, "flowchart LR\n  n1[\"\"]\n").unwrap();
    let out = std::process::Command::new("node")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/renderers/mermaid-parse.mjs"))
        .arg(&bad)
        .env("POLICYKG_NODE_MODULES", &modules)
        .output()
        .expect("node runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("error "));
}
