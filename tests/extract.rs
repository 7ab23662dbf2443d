//! `policykg extract`: decoding, bad input, the graph it writes, and `connect` on that graph alone.
//!
//! The synthetic text below was written for these tests in the genre's words; it is no real
//! document. Every expected value is read off it by a person.

use std::path::{Path, PathBuf};

use crate::util::policykg;

/// A synthetic text (not a real document): a title line, two headings and three sentences of measures.
const SYNTHETIC: &str = "某市对接粤港澳大湾区若干措施（合成测试文本）
一、加快平台建设
支持龙南市建设赣深产业合作示范区，积极对接深圳前海、广州南沙等重大平台。
二、培育特色产业
重点支持新能源汽车产业发展，支持赣州经开区与深圳市合作共建电子信息产业园。
";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// `policykg extract --format json` on `text`, written to `dir/name`: the summary, after checking
/// the run succeeded.
fn extract_json(dir: &Path, name: &str, text: &str) -> serde_json::Value {
    let input = write(dir, name, text.as_bytes());
    let out = policykg().arg("extract").arg(&input).args(["--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The `key` of every item of the first document's `list` (measures, entities, pillars) in the JSON
/// summary: quotes, labels, verbs.
fn each<'a>(json: &'a serde_json::Value, list: &str, key: &str) -> Vec<&'a str> {
    json["documents"][0][list].as_array().unwrap().iter().map(|x| x[key].as_str().unwrap()).collect()
}

/// A measure's roles in the JSON summary, as (role, quote, label).
fn roles_of(measure: &serde_json::Value) -> Vec<(String, String, String)> {
    measure["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap().to_string();
            (s("role"), s("quote"), s("label"))
        })
        .collect()
}

/// `connect 赣州 粤港澳大湾区 --format json` on `trig` alone: the answer, and the quote of each measure.
fn connect_quotes(trig: &Path) -> (serde_json::Value, Vec<String>) {
    let out =
        policykg().args(["connect", "赣州", "粤港澳大湾区", "--format", "json", "--data"]).arg(trig).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let quotes = json["measures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["evidence"]["quote"].as_str().unwrap().to_string())
        .collect();
    (json, quotes)
}

#[test]
fn a_synthetic_text_gives_measures_pillars_and_roles() {
    let dir = tempfile::tempdir().unwrap();
    let json = extract_json(dir.path(), "synthetic.txt", SYNTHETIC);
    let doc = &json["documents"][0];
    let quotes = each(&json, "measures", "quote");
    // Read off the text: each clause that opens with a policy verb (支持, 对接 after 积极, 重点支持).
    assert_eq!(
        quotes,
        [
            "支持龙南市建设赣深产业合作示范区",
            "积极对接深圳前海、广州南沙等重大平台",
            "重点支持新能源汽车产业发展",
            "支持赣州经开区与深圳市合作共建电子信息产业园"
        ]
    );
    let pillars = each(&json, "pillars", "label");
    // The title line is the text's title, no pillar.
    assert_eq!(pillars, ["加快平台建设", "培育特色产业"]);
    let measure_pillars: Vec<&str> =
        doc["measures"].as_array().unwrap().iter().map(|m| m["pillar"].as_str().unwrap()).collect();
    assert!(measure_pillars[0].ends_with("/P1") && measure_pillars[3].ends_with("/P2"), "{measure_pillars:?}");

    let roles = |i: usize| -> Vec<(String, String)> {
        doc["measures"][i]["roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["role"].as_str().unwrap().to_string(), r["quote"].as_str().unwrap().to_string()))
            .collect()
    };
    // 支持龙南市: a region after 支持 benefits; 赣深产业合作示范区 is a new platform (suffix 示范区).
    assert!(roles(0).contains(&("beneficiary".into(), "龙南市".into())), "{:?}", roles(0));
    assert!(roles(0).contains(&("platform".into(), "赣深产业合作示范区".into())), "{:?}", roles(0));
    // 对接 governs the whole list.
    assert!(roles(1).contains(&("partner".into(), "深圳前海".into())), "{:?}", roles(1));
    assert!(roles(1).contains(&("partner".into(), "广州南沙".into())), "{:?}", roles(1));
    // 与X合作; 电子信息产业园 is a new platform (suffix 产业园), the industry named inside it its target.
    assert!(roles(3).contains(&("partner".into(), "深圳市".into())), "{:?}", roles(3));
    assert!(roles(3).contains(&("platform".into(), "电子信息产业园".into())), "{:?}", roles(3));

    let entity = |label: &str| doc["entities"].as_array().unwrap().iter().find(|e| e["label"] == label).cloned();
    let platform = entity("赣深产业合作示范区").expect("a new platform");
    assert_eq!(platform["known"], false);
    assert_eq!(platform["class"], "Platform");
    // 龙南市 is the catalogue's Longnan (alias 龙南市).
    assert_eq!(entity("龙南").expect("Longnan")["known"], true);
}

#[test]
fn connect_runs_on_the_extracted_file_alone_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "synthetic.txt", SYNTHETIC.as_bytes());
    let trig = dir.path().join("synthetic.trig");
    let run = || policykg().arg("extract").arg(&input).arg("-o").arg(&trig).assert().success();
    run();
    let first = std::fs::read(&trig).unwrap();
    run();
    assert_eq!(first, std::fs::read(&trig).unwrap(), "two runs write the same bytes");
    let text = String::from_utf8(first).unwrap();
    assert!(text.contains("prov:wasGeneratedBy"), "machine extraction is marked");
    assert!(text.contains("pkgdoc:synthetic {"), "the document's own graph");
    assert!(text.contains("@prefix doc: <https://w3id.org/policykg/resource/doc/synthetic/>"), "its own namespace");
    assert!(text.contains("zh-latn-pinyin"), "new entities get a pinyin label");

    let (json, quotes) = connect_quotes(&trig);
    // 赣州经开区 opens with 赣州, so it lies in 赣州 (on its own words); 深圳 is part of the Bay Area (background).
    assert!(quotes.iter().any(|q| q == "支持赣州经开区与深圳市合作共建电子信息产业园"), "{quotes:?}");
    assert!(json["measures"][0]["document"].is_object(), "each measure names its document");
}

#[test]
fn gbk_text_is_detected_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(SYNTHETIC);
    let input = write(dir.path(), "gbk.txt", &gbk);
    let out = policykg().arg("extract").arg(&input).args(["--format", "json"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("read as GB18030"));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["documents"][0]["encoding"], "GB18030");
    assert_eq!(json["documents"][0]["measures"].as_array().unwrap().len(), 4);
}

/// Runs extract on `bytes` with an output file; returns the exit code and stderr, and checks that
/// nothing was written.
fn refused(bytes: &[u8]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in.txt", bytes);
    let out_path = dir.path().join("out.trig");
    let out = policykg().arg("extract").arg(&input).arg("-o").arg(&out_path).output().unwrap();
    assert!(!out_path.exists(), "nothing is written");
    (out.status.code().unwrap(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn an_empty_file_is_refused_in_one_line() {
    let (code, err) = refused(b"");
    assert_eq!(code, 2);
    assert!(err.contains("in.txt: the file is empty"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_binary_file_is_refused_in_one_line() {
    let (code, err) = refused(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    assert_eq!(code, 2);
    assert!(err.contains("binary"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_text_with_no_measure_exits_1_and_writes_nothing() {
    let (code, err) = refused("今天天气很好，我们去公园散步。\n".as_bytes());
    assert_eq!(code, 1);
    assert!(err.contains("no measure found"), "{err}");
}

#[test]
fn a_50_mb_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.txt");
    // A sparse file: its size is known without writing 50 MB.
    std::fs::File::create(&input).unwrap().set_len(50 * 1024 * 1024).unwrap();
    let out = policykg().arg("extract").arg(&input).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("52428800 bytes, over the 1048576 bytes"), "{err}");
}

/// A second synthetic text (tests/fixtures/extract, labelled as such in its title line): numbered
/// headings, sub-headings that open a paragraph, and docking with named Bay Area cities.
#[test]
fn numbered_headings_frame_measures_and_connect_reaches_the_bay_area_through_its_cities() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/extract/synthetic-docking-plan.txt");
    let dir = tempfile::tempdir().unwrap();
    let trig = dir.path().join("plan.trig");
    let out = policykg().args(["extract", fixture, "--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let doc = &json["documents"][0];
    let pillars = each(&json, "pillars", "label");
    // Read off the fixture: 一、 二、 三、 lines and the （一）（二）（三） sentences, numbering left out.
    assert_eq!(pillars, ["总体要求", "重点任务", "推进产业合作", "完善交通网络", "加强人才交流", "保障措施"]);
    let measure = |quote: &str| {
        doc["measures"].as_array().unwrap().iter().find(|m| m["quote"] == quote).cloned().unwrap_or_else(|| {
            panic!(
                "no measure {quote}: {:?}",
                doc["measures"].as_array().unwrap().iter().map(|m| &m["quote"]).collect::<Vec<_>>()
            )
        })
    };
    let pillar_of = |quote: &str| {
        pillars[measure(quote)["pillar"].as_str().unwrap().rsplit('P').next().unwrap().parse::<usize>().unwrap() - 1]
    };
    assert_eq!(pillar_of("支持龙南经开区与东莞市共建产业园区"), "推进产业合作");
    assert_eq!(pillar_of("加快赣深高铁建设"), "完善交通网络");

    policykg().args(["extract", fixture, "-o"]).arg(&trig).assert().success();
    let (_, quotes) = connect_quotes(&trig);
    // 龙南 lies in 赣州 (GB/T 2260) and 东莞 in the Bay Area (the catalogue's background, with its source).
    assert!(quotes.iter().any(|q| q == "支持龙南经开区与东莞市共建产业园区"), "{quotes:?}");
    // 赣州国际陆港 and 深圳盐田港 are new platforms, each in the region its name opens with.
    assert!(quotes.iter().any(|q| q == "推动赣州国际陆港与深圳盐田港合作"), "{quotes:?}");
}

#[test]
fn two_documents_are_grouped_by_document_in_connect() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", SYNTHETIC.as_bytes());
    let b = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/extract/synthetic-docking-plan.txt");
    let trig = dir.path().join("both.trig");
    policykg().arg("extract").arg(&a).arg(b).arg("-o").arg(&trig).assert().success();
    let out = policykg().args(["connect", "赣州", "粤港澳大湾区", "--data"]).arg(&trig).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let headers: Vec<&str> = text.lines().filter(|l| l.starts_with("== ")).collect();
    assert_eq!(headers.len(), 2, "{text}");
    assert!(headers[0].contains("/doc/a/Document"), "{headers:?}");
    assert!(headers[1].contains("/doc/synthetic-docking-plan/Document"), "{headers:?}");
}

/// The built-in document beside two extracted ones: each in its own graph and namespace, so that
/// nothing collides; `connect` groups by document; a bare measure id that two documents share is
/// ambiguous, the document's id before it is not.
#[test]
fn the_built_in_document_and_two_extracted_ones_load_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", SYNTHETIC.as_bytes());
    let b = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/extract/synthetic-docking-plan.txt");
    let (extracted, builtin) = (dir.path().join("extracted.trig"), dir.path().join("builtin.trig"));
    policykg().arg("extract").arg(&a).arg(b).arg("-o").arg(&extracted).assert().success();
    let out = policykg().args(["export", "--format", "trig"]).output().unwrap();
    std::fs::write(&builtin, out.stdout).unwrap();
    let run = |args: &[&str]| {
        let out = policykg().args(args).arg("--data").arg(&builtin).arg(&extracted).output().unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
    };

    let (code, text, stderr) = run(&["connect", "赣州", "粤港澳大湾区"]);
    assert_eq!(code, Some(0), "{stderr}");
    let headers: Vec<&str> = text.lines().filter(|l| l.starts_with("== ")).collect();
    assert_eq!(headers.len(), 3, "{text}");
    assert!(headers[1].ends_with("<https://w3id.org/policykg/resource/doc/ganzhou-measures-2020/Document>"));
    // The built-in document's part is its own answer: 15 measures (README), L2 first.
    let builtin_part: Vec<&str> = text.split("== ").nth(2).unwrap().lines().collect();
    let ids: Vec<&str> = builtin_part
        .iter()
        .filter_map(|l| l.strip_prefix("  ").and_then(|l| l.split_once(" [")).map(|(id, _)| id))
        .filter(|id| !id.starts_with(' '))
        .collect();
    assert_eq!(ids.len(), 15, "{ids:?}");
    assert_eq!(ids[0], "L2");

    // Every document has an M01; only one has an M31.
    let (code, _, stderr) = run(&["neighbors", "M01"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("pkr:doc/a/M01") && stderr.contains("pkr:doc/ganzhou-measures-2020/M01"), "{stderr}");
    let (code, text, stderr) = run(&["neighbors", "ganzhou-measures-2020/M01"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(text.starts_with("ganzhou-measures-2020/M01 支持建设对接粤港澳大湾区产业合作区"), "{text}");
    let (code, text, _) = run(&["neighbors", "M31"]);
    assert_eq!(code, Some(0));
    // Over several documents a measure is named by its document's id and its own.
    assert!(text.starts_with("ganzhou-measures-2020/M31 支持赣州市与中国赛宝实验室合作 within 1 hop"), "{text}");

    // paths and the diagrams name each measure's document the same way.
    let (code, text, _) = run(&["paths", "赣州", "深圳前海", "--max-len", "2"]);
    assert_eq!(code, Some(0));
    assert!(
        text.starts_with("shortest (2 steps): 赣州 ←beneficiary— ganzhou-measures-2020/M06 —partner→ 深圳前海"),
        "{text}"
    );
    let (_, text, _) = run(&["neighbors", "深圳前海"]);
    // 积极对接深圳前海、广州南沙 is the second measure of a.txt (read off SYNTHETIC).
    assert!(text.contains("a/M02 积极对接深圳前海、广州南沙等重大平台 partner 深圳前海"), "{text}");
    let (_, dot, _) = run(&["diagram", "bridge"]);
    assert!(dot.contains("label=\"ganzhou-measures-2020/M31\\n") && dot.contains("label=\"a/M04\\n"), "{dot}");
    // One overview per document: several and none chosen is an error naming them.
    let (code, _, stderr) = run(&["diagram", "overview"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "policykg: error: the data holds 3 documents (a, ganzhou-measures-2020, synthetic-docking-plan): choose one \
         with --document ID\n"
    );
    let (code, dot, _) = run(&["diagram", "overview", "--document", "a"]);
    assert_eq!(code, Some(0));
    assert!(dot.contains("label=\"M04\\n") && !dot.contains("M31"), "{dot}");
}

/// `validate` holds an extracted file to the rules of a machine-extracted graph: every quote is
/// checked, and no English label is asked of words the extractor does not translate.
#[test]
fn an_extracted_file_is_valid_without_translations() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.txt", SYNTHETIC.as_bytes());
    let trig = dir.path().join("a.trig");
    policykg().arg("extract").arg(&input).arg("-o").arg(&trig).assert().success();
    let out = policykg().args(["validate", "--data"]).arg(&trig).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    // A new entity of the file without its Simplified label is still caught.
    let turtle = std::fs::read_to_string(&trig).unwrap();
    let label = ", \"赣深产业合作示范区\"@zh-hans";
    assert_eq!(turtle.matches(label).count(), 1, "the new platform's label is written once");
    std::fs::write(&trig, turtle.replace(label, "")).unwrap();
    let out = policykg().args(["validate", "--data"]).arg(&trig).output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(report.contains("has no rdfs:label in zh-Hans"), "{report}");
}

/// Provinces named by their short names at the head of a cooperation's name are its partners, but
/// for the province the beneficiary lies in. The text is synthetic, written for this test.
#[test]
fn short_names_of_provinces_in_a_cooperation_name_are_partners() {
    let dir = tempfile::tempdir().unwrap();
    let text = "一、区域合作\n支持萍乡市建设湘赣产业合作示范区。\n支持新余市建设湘赣物流园。\n";
    let json = extract_json(dir.path(), "coop.txt", text);
    let roles = |i: usize| roles_of(&json["documents"][0]["measures"][i]);
    // 萍乡市 lies in 江西 (GB/T 2260), so of 湘 (湖南) and 赣 (江西) only 湖南 is a partner.
    let first = roles(0);
    assert!(first.contains(&("partner".into(), "湘".into(), "湖南省".into())), "{first:?}");
    assert!(!first.iter().any(|(_, quote, _)| quote == "赣"), "{first:?}");
    // 湘赣物流园 names no cooperation: no partner from its characters.
    let second = roles(1);
    assert!(!second.iter().any(|(role, _, _)| role == "partner"), "{second:?}");
}

/// A known name that two words happen to spell across their boundary is no name: 江西 in 珠江西岸
/// (珠江 + 西岸). The text is synthetic, written for this test.
#[test]
fn a_name_spelt_across_two_words_is_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let input =
        write(dir.path(), "river.txt", "一、交通\n加快珠江西岸快速通道建设，支持江西与广东共建产业园。\n".as_bytes());
    let out = policykg().arg("extract").arg(&input).args(["--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Mentions are [start, end] code points of the clean text.
    let starts: Vec<u64> = json["documents"][0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["label"] == "江西")
        .flat_map(|e| e["mentions"].as_array().unwrap().iter().map(|m| m[0].as_u64().unwrap()))
        .collect();
    // 江西 is named once, as a word of its own after 支持 (offset 20), never inside 珠江西岸 (7..11).
    assert_eq!(starts, [20]);
}

/// Names the rules read from a clause's shape: a platform named for what it is built to do (建设 +
/// 承接…示范区), the items of a `…等产业` list however short (钨, 锂), and a list's head that names a
/// category (特色优势产业). The text is synthetic, written for this test.
#[test]
fn purpose_verbs_short_list_items_and_category_heads_are_names() {
    let dir = tempfile::tempdir().unwrap();
    let text = "一、产业\n支持宜春市建设承接产业转移示范区。\n支持钨、锂等特色优势产业加快发展。\n积极对接深圳前海。\n";
    let json = extract_json(dir.path(), "shapes.txt", text);
    let roles = |i: usize| -> Vec<(String, String)> {
        json["documents"][0]["measures"][i]["roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["role"].as_str().unwrap().to_string(), r["quote"].as_str().unwrap().to_string()))
            .collect()
    };
    assert!(roles(0).contains(&("platform".into(), "承接产业转移示范区".into())), "{:?}", roles(0));
    for industry in ["钨", "锂", "特色优势产业"] {
        assert!(roles(1).contains(&("targetIndustry".into(), industry.into())), "{industry}: {:?}", roles(1));
    }
    // 对接 after an adverb is the measure's own verb, and what follows it its partner.
    assert!(roles(2).contains(&("partner".into(), "深圳前海".into())), "{:?}", roles(2));
}

#[test]
fn a_long_clause_without_punctuation_is_skipped_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("支持{}。\n支持赣州建设产业园。\n", "电子信息产业".repeat(50_000));
    let input = write(dir.path(), "long.txt", text.as_bytes());
    let out = policykg().arg("extract").arg(&input).args(["--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("runs 300002 characters, over 300"));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let quotes = each(&json, "measures", "quote");
    assert_eq!(quotes, ["支持赣州建设产业园"]);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]
    /// Any text of the genre's characters, punctuation out of place included, extracts without a panic,
    /// and every measure and role lies inside the text.
    #[test]
    fn any_text_extracts_without_a_panic(text in "[支持加快建设对接与合作赣州深圳南康大湾区产业园基地集团“”《》（）、，；。提出将积极等\n a1市省两至经边高铁负责任单位现如下措施湘长沙统筹域布局国内外特别是发展改革委]{0,160}") {
        let x = policykg::extract::extract(
            "prop",
            &text,
            policykg::extract::Knowledge::builtin(),
            policykg::extract::Rules::builtin(),
            policykg::kg::Ontology::builtin(),
            &[],
        );
        for m in &x.measures {
            proptest::prop_assert!(m.span.end <= x.clean.len() && m.span.start < m.span.end);
            for r in &m.roles {
                proptest::prop_assert!(r.span.end <= x.clean.len());
            }
        }
        let file = policykg::extract::quads::SourceFile { name: "prop.txt".into(), encoding: "UTF-8", bytes: text.len() };
        let _ = policykg::extract::quads::quads(&x, &file, policykg::extract::Knowledge::builtin(), policykg::kg::Ontology::builtin());
    }
}

/// An item's own sentence is its measure when nothing after it is a measure, and the agencies its
/// responsibility note names are the actors; an agency's remit is no verb (发展改革委); a border
/// area's provinces open the name after them (湘赣边); a short name shared by a city and its
/// county is the city (长沙); a region's name before an industry is not part of it; a list item
/// that is a bare verb (协同发展) is no measure. The text is synthetic, written for this test.
#[test]
fn responsibility_notes_agencies_border_areas_and_nested_short_names() {
    let dir = tempfile::tempdir().unwrap();
    let text = "一、产业转移\n\
（一）支持赣州承接粤港澳大湾区电子信息产业转移。（省发展改革委、省商务厅按职责分工负责）\n\
（二）推动市发展改革委会同市商务局建设赣深产业合作区。\n\
（三）鼓励湘赣边区域合作示范区与长沙共建产业园，促进区域产业融合、协同发展。\n";
    let json = extract_json(dir.path(), "items.txt", text);
    let measures = json["documents"][0]["measures"].as_array().unwrap();
    let quotes: Vec<&str> = measures.iter().map(|m| m["quote"].as_str().unwrap()).collect();
    assert_eq!(
        quotes,
        [
            "支持赣州承接粤港澳大湾区电子信息产业转移",
            "推动市发展改革委会同市商务局建设赣深产业合作区",
            "鼓励湘赣边区域合作示范区与长沙共建产业园",
            "促进区域产业融合、协同发展",
        ],
        "one pillar, 产业转移, and four measures"
    );
    let roles = |i: usize| roles_of(&measures[i]);
    let first = roles(0);
    for agency in ["省发展改革委", "省商务厅"] {
        assert!(first.iter().any(|(role, quote, _)| role == "actor" && quote == agency), "{agency}: {first:?}");
    }
    assert!(first.iter().any(|(role, _, label)| role == "targetIndustry" && label == "电子信息"), "{first:?}");
    assert!(!first.iter().any(|(_, quote, _)| quote.starts_with("粤港澳大湾区电子")), "{first:?}");
    let second = roles(1);
    for agency in ["市发展改革委", "市商务局"] {
        assert!(second.iter().any(|(role, quote, _)| role == "actor" && quote == agency), "{agency}: {second:?}");
    }
    let third = roles(2);
    assert!(third.iter().any(|(role, quote, _)| role == "platform" && quote == "湘赣边区域合作示范区"), "{third:?}");
    // 长沙 names 长沙市 (GB/T 2260: 长沙县 lies in it).
    assert!(third.iter().any(|(role, _, label)| role == "partner" && label == "长沙市"), "{third:?}");
}

/// A clause may name who acts before its verb (赣州市加快…, 湖南、江西两省携手推进…); a word that is an
/// adverb before a verb is a verb before an object (统筹资源); 如 introduces an example measure; a noun
/// that merely ends in a suffix (布局 in 局) is no name; a cue reaches its partner over bridge words
/// (国内外特别是); the first line is the title, and the words that announce the measures (现提出如下措施)
/// are none. The text is
/// synthetic, written for this test.
#[test]
fn subjects_before_the_verb_examples_and_common_nouns() {
    let dir = tempfile::tempdir().unwrap();
    let text = "某省推动产业转移工作方案（合成测试文本）\n\
为促进区域产业融合发展，现提出如下措施。\n\
一、产业协作\n\
赣州市加快建设承接产业转移示范区。湖南、江西两省携手推进红色旅游合作。统筹资源要素，优化区域经济布局。如推动吉安建设农产品供应基地。支持赣州承接国内外特别是珠三角地区产业转移。\n";
    let json = extract_json(dir.path(), "subjects.txt", text);
    let doc = &json["documents"][0];
    let quotes = each(&json, "measures", "quote");
    assert_eq!(
        quotes,
        [
            "赣州市加快建设承接产业转移示范区",
            "湖南、江西两省携手推进红色旅游合作",
            "统筹资源要素",
            "优化区域经济布局",
            "推动吉安建设农产品供应基地",
            "支持赣州承接国内外特别是珠三角地区产业转移"
        ]
    );
    // 国内外特别是 stands between the cue 承接 and its partner.
    let last = doc["measures"][5]["roles"].as_array().unwrap();
    assert!(last.iter().any(|r| r["role"] == "partner" && r["quote"] == "珠三角地区"), "{last:?}");
    let pillars = each(&json, "pillars", "label");
    assert_eq!(pillars, ["产业协作"]);
    let labels = each(&json, "entities", "label");
    // 区域经济布局 and 江西两省 only end in the suffixes 局 and 省.
    assert!(!labels.iter().any(|l| l.ends_with("布局") || l.ends_with("两省")), "{labels:?}");
    // 区域产业 names no industry.
    assert!(!labels.iter().any(|l| l.starts_with("区域")), "{labels:?}");
    for name in ["赣州", "湖南省", "江西", "承接产业转移示范区", "农产品供应基地"] {
        assert!(labels.iter().any(|l| l.contains(name)), "{name}: {labels:?}");
    }
}

/// 与X…合作: the second cue may follow the partner after a few words of what is shared, in the same
/// clause (与大湾区产业协同发展), not across a comma. The text is synthetic, written for this test.
#[test]
fn a_partner_between_cues_a_few_words_apart() {
    let dir = tempfile::tempdir().unwrap();
    let text = "一、协同\n推动赣州与大湾区产业协同发展。\n支持赣州与深圳，加快产业合作。\n";
    let json = extract_json(dir.path(), "between.txt", text);
    let measures = json["documents"][0]["measures"].as_array().unwrap();
    let partners = |i: usize| -> Vec<&str> {
        measures[i]["roles"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["role"] == "partner")
            .map(|r| r["quote"].as_str().unwrap())
            .collect()
    };
    assert_eq!(partners(0), ["大湾区"]);
    // 深圳 and 合作 stand in two clauses: no partner from that pair.
    assert!(partners(1).is_empty(), "{:?}", measures[1]);
}

/// A transport line's name holds the places it links (长沙至赣州高铁, 衡阳经茶陵至吉安铁路), and those
/// places are where its measure takes place; 至 elsewhere joins nothing (运至赣州港). The text is
/// synthetic, written for this test.
#[test]
fn a_line_between_places_is_one_name_that_locates_its_measure() {
    let dir = tempfile::tempdir().unwrap();
    let text = "一、交通\n加快推进长沙至赣州高铁前期工作，规划建设衡阳经茶陵至吉安铁路。\n支持货物运至赣州港。\n";
    let json = extract_json(dir.path(), "lines.txt", text);
    let measures = json["documents"][0]["measures"].as_array().unwrap();
    let roles = |i: usize| -> Vec<(String, String)> {
        measures[i]["roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["role"].as_str().unwrap().to_string(), r["label"].as_str().unwrap().to_string()))
            .collect()
    };
    let first = roles(0);
    assert!(first.contains(&("platform".into(), "长沙至赣州高铁".into())), "{first:?}");
    // 长沙 names 长沙市 (its county 长沙县 lies in it); 赣州 is the catalogue's.
    assert!(first.contains(&("location".into(), "长沙市".into())), "{first:?}");
    assert!(first.contains(&("location".into(), "赣州".into())), "{first:?}");
    assert!(!first.iter().any(|(_, label)| label == "长沙至赣州"), "{first:?}");
    let second = roles(1);
    assert!(second.contains(&("platform".into(), "衡阳经茶陵至吉安铁路".into())), "{second:?}");
    let third = roles(2);
    assert_eq!(third, [("platform".to_string(), "赣州港".to_string())]);
}

/// A preamble's aims are the document's headline commitments (L1, L2), cut before the words that
/// announce the measures, and the regions its support verbs name benefit from every measure, as a
/// report's lead sentence's do. The text is synthetic, written for this test.
#[test]
fn a_preambles_aims_are_headline_commitments() {
    let dir = tempfile::tempdir().unwrap();
    let text = "某省支持某市发展的若干措施（合成测试文本）\n\
为深入贯彻落实国家战略，支持赣州市对接融入粤港澳大湾区，加快建设省域副中心城市，现提出如下措施：\n\
一、产业\n\
加快建设电子信息产业园。\n";
    let json = extract_json(dir.path(), "preamble.txt", text);
    let measures = json["documents"][0]["measures"].as_array().unwrap();
    let by_id: Vec<(&str, &str)> = measures
        .iter()
        .map(|m| (m["iri"].as_str().unwrap().rsplit('/').next().unwrap(), m["quote"].as_str().unwrap()))
        .collect();
    assert_eq!(
        by_id,
        [("L1", "支持赣州市对接融入粤港澳大湾区"), ("L2", "加快建设省域副中心城市"), ("M01", "加快建设电子信息产业园")]
    );
    let m01 = measures[2]["roles"].as_array().unwrap();
    assert!(m01.iter().any(|r| r["role"] == "beneficiary" && r["quote"] == "赣州市"), "{m01:?}");
}

/// A shorthand with no Han character (1+N) is each document's own: it is not the built-in
/// document's “1+N”工业设计模式, which still links by its full name. The text is synthetic,
/// written for this test.
#[test]
fn a_shorthand_is_each_documents_own() {
    let dir = tempfile::tempdir().unwrap();
    let text = "一、政策\n加快实施1+N。\n建立“1+N”产业转移政策体系。\n加快推广“1+N”工业设计模式。\n";
    let json = extract_json(dir.path(), "shorthand.txt", text);
    let entities = json["documents"][0]["entities"].as_array().unwrap();
    // The sentences are code points 5..14 (after 一、政策 and its line break), 14..30 and 30..45: the
    // built-in programme is named in the third only.
    let design = entities.iter().find(|e| e["iri"].as_str().unwrap().ends_with("/OnePlusNDesign"));
    let starts: Vec<u64> = design
        .map(|e| e["mentions"].as_array().unwrap().iter().map(|m| m[0].as_u64().unwrap()).collect())
        .unwrap_or_default();
    assert!(!starts.is_empty() && starts.iter().all(|s| *s >= 30), "{entities:?}");
    // The second sentence's programme is a name of its own, quotes and all.
    let own = entities.iter().find(|e| e["label"] == "“1+N”产业转移政策").expect("the first sentence's programme");
    assert_eq!(own["known"], false);
}

/// A prepositional phrase before the verb with no comma belongs to the measure (对符合条件的园区实施…,
/// 以项目合作为载体加强…). The text is synthetic, written for this test.
#[test]
fn a_prepositional_phrase_before_the_verb_opens_the_measure() {
    let dir = tempfile::tempdir().unwrap();
    let text = "一、保障\n对符合条件的园区实施用地保障。\n以项目合作为载体加强与深圳合作。\n";
    let json = extract_json(dir.path(), "phrases.txt", text);
    let quotes = each(&json, "measures", "quote");
    assert_eq!(quotes, ["对符合条件的园区实施用地保障", "以项目合作为载体加强与深圳合作"]);
    let verbs = each(&json, "measures", "verb");
    assert_eq!(verbs, ["实施", "加强"]);
}

/// A quoted word right before a suffixed name opens it: 东莞“菜篮子”供应基地 names one base, “菜篮子”供应基地,
/// in no region of its own here. The text is synthetic, written for this test.
#[test]
fn a_quoted_word_before_a_suffixed_name_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let json = extract_json(dir.path(), "quoted.txt", "一、农业\n推动吉安成为东莞“菜篮子”供应基地。\n");
    let roles = roles_of(&json["documents"][0]["measures"][0]);
    assert!(roles.contains(&("platform".into(), "“菜篮子”供应基地".into(), "“菜篮子”供应基地".into())), "{roles:?}");
    assert!(!roles.iter().any(|(_, quote, _)| quote == "菜篮子" || quote == "供应基地"), "{roles:?}");
}

/// A verb of saying may be followed by a comma (《方案》强调，将…打造成为…): the clause after it is the
/// measure, led by its subject; designations a plan gives (先行区, 样板区) are no names. The text is
/// synthetic, written for this test.
#[test]
fn a_verb_of_saying_and_its_comma_lead_into_the_measure() {
    let dir = tempfile::tempdir().unwrap();
    let text = "一、定位\n《方案》强调，将湘赣边区域打造成为革命老区振兴发展的先行区、省际交界地区协同发展的样板区。\n";
    let json = extract_json(dir.path(), "saying.txt", text);
    let measures = json["documents"][0]["measures"].as_array().unwrap();
    assert_eq!(measures.len(), 1, "{measures:?}");
    assert!(measures[0]["quote"].as_str().unwrap().starts_with("湘赣边区域打造成为"), "{:?}", measures[0]["quote"]);
    assert_eq!(measures[0]["verb"], "打造");
    let labels = each(&json, "entities", "label");
    assert!(
        !labels.iter().any(|l| l.ends_with("先行区") || l.ends_with("样板区") || l.starts_with("成为")),
        "{labels:?}"
    );
}
