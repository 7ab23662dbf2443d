//! Relationship analysis: `connect`, `paths`, `neighbors`, `rank` and name lookup. The expected
//! measures are the ones a reader finds in the article tying Ganzhou to the Greater Bay Area.

use serde_json::Value;

use crate::util::policykg;

fn json(args: &[&str]) -> Value {
    let out = policykg().args(args).assert().success();
    serde_json::from_slice(&out.get_output().stdout).expect("valid JSON")
}

fn connect_ganzhou_gba() -> Value {
    json(&["connect", "赣州", "粤港澳大湾区", "--format", "json"])
}

fn quote(m: &Value) -> &str {
    m["evidence"]["quote"].as_str().unwrap()
}

#[test]
fn ganzhou_connects_to_the_bay_area_through_the_measures_the_text_names() {
    let result = connect_ganzhou_gba();
    let measures = result["measures"].as_array().unwrap();
    for words in [
        "对接粤港澳大湾区产业合作区",
        "“广佛肇”“深莞惠”经济圈产业分工",
        "积极对接深圳前海、广州南沙、珠海横琴、东莞滨海湾新区",
        "大湾区纺织服装产业链合作",
        "“青峰药谷”承接大湾区",
        "大湾区科技人才资源库",
        "对接大湾区人才合作示范区",
        "大湾区职业（技工）院校",
        "中国赛宝实验室",
    ] {
        assert!(measures.iter().any(|m| quote(m).contains(words)), "no connecting measure says {words}");
    }
}

#[test]
fn every_connecting_measure_has_both_sides_and_its_evidence() {
    let result = connect_ganzhou_gba();
    for m in result["measures"].as_array().unwrap() {
        assert!(!m["a_side"].as_array().unwrap().is_empty(), "{}", quote(m));
        assert!(!m["b_side"].as_array().unwrap().is_empty(), "{}", quote(m));
        assert!(m["evidence"]["end"].as_u64() > m["evidence"]["start"].as_u64());
        for key in ["zh-Hans", "en"] {
            assert!(m["label"][key].is_string(), "{key} label missing");
        }
    }
}

#[test]
fn cepreis_link_to_the_bay_area_is_background_knowledge() {
    let result = connect_ganzhou_gba();
    let m = result["measures"].as_array().unwrap().iter().find(|m| quote(m).contains("中国赛宝实验室")).unwrap();
    assert_eq!(m["kind"], "direct");
    let cepreis =
        m["b_side"].as_array().unwrap().iter().find(|s| s["entity"]["label"]["zh-Hans"] == "中国赛宝实验室").unwrap();
    let chain = cepreis["chain"].as_array().unwrap();
    // 中国赛宝实验室 —seatedIn→ 广州 —partOf→ 粤港澳大湾区, each step from a named source.
    let relations: Vec<&str> = chain.iter().map(|s| s["relation"].as_str().unwrap()).collect();
    assert_eq!(relations, ["seatedIn", "partOf"]);
    assert_eq!(chain[0]["to"]["label"]["zh-Hans"], "广州");
    assert!(chain.iter().all(|s| s["why"]["kind"] == "source"));
}

#[test]
fn the_pan_pearl_river_delta_link_is_indirect() {
    let result = connect_ganzhou_gba();
    let measures = result["measures"].as_array().unwrap();
    let m = measures.iter().find(|m| quote(m).contains("泛珠三角区域工信合作创新发展示范试点园区")).unwrap();
    assert_eq!(m["kind"], "indirect");
    // An indirect measure has no B-side entity inside the Bay Area.
    for m in measures.iter().filter(|m| m["kind"] == "indirect") {
        assert!(m["b_side"].as_array().unwrap().iter().all(|s| s["kind"] == "indirect"));
    }
    // 赣粤 names Guangdong, which overlaps the Bay Area without lying inside it.
    for words in ["重点支持南康区和“三南”地区建设赣粤产业合作区", "打造赣粤协作产业链"]
    {
        let m = measures.iter().find(|m| quote(m) == words).unwrap();
        assert_eq!(m["kind"], "indirect", "{words}");
        assert_eq!(m["b_side"][0]["entity"]["label"]["zh-Hans"], "广东", "{words}");
        assert_eq!(m["b_side"][0]["chain"][0]["relation"], "overlaps", "{words}");
    }
    // Measures that only name Ganzhou-side things do not connect: 稀土 and 钨.
    assert!(!measures.iter().any(|m| quote(m).contains("重点支持稀土和钨产业加快发展")));
}

#[test]
fn the_text_output_groups_by_pillar_and_marks_indirect_links() {
    let out = policykg().args(["connect", "Ganzhou", "GBA"]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.starts_with("赣州 → 粤港澳大湾区: "));
    assert!(text.contains("\n加快重大产业平台建设 · "));
    assert!(text.contains("[indirect]"));
    assert!(text.contains("path: 赣州 ←beneficiary— M06 —partner→"), "{text}");
}

#[test]
fn names_resolve_in_either_script_english_or_alias() {
    let reference = connect_ganzhou_gba();
    for (a, b) in [("贛州", "粵港澳大灣區"), ("Ganzhou", "GBA"), ("赣南", "大湾区"), ("pkr:Ganzhou", "pkr:GBA")]
    {
        let other = json(&["connect", a, b, "--format", "json"]);
        assert_eq!(other["a"]["iri"], reference["a"]["iri"], "{a}");
        assert_eq!(other["b"]["iri"], reference["b"]["iri"], "{b}");
    }
}

#[test]
fn width_spaces_invisible_characters_and_corner_quotes_do_not_matter() {
    let analyzer = policykg::analysis::Analyzer::builtin().unwrap();
    let ganzhou = "https://w3id.org/policykg/resource/Ganzhou";
    let gba = "https://w3id.org/policykg/resource/GBA";
    for (typed, iri) in [
        ("ＧＢＡ", gba),           // full-width letters
        ("ｇｂａ", gba),           // full-width, lower case
        ("赣　州", ganzhou),       // ideographic space U+3000
        ("赣\u{00A0}州", ganzhou), // no-break space
        ("赣\u{200B}州", ganzhou), // zero-width space (a format character)
        ("\u{FEFF}赣州", ganzhou), // a byte-order mark pasted in front
        ("「赣州」", ganzhou),     // corner brackets
        ("『大湾区』", gba),       // white corner brackets around an alias
        ("“粵港澳大灣區”", gba),   // curly quotes, Traditional script
        ("粤港澳\u{3000}大湾区", gba),
    ] {
        assert_eq!(analyzer.resolver.resolve(typed).unwrap(), iri, "{typed:?}");
    }
}

#[test]
fn two_names_of_one_entity_are_refused_in_one_line() {
    // 贛州 is 赣州 in Traditional script, 赣南 an alias of it: nothing lies between an entity and itself.
    for (args, a, b, entity) in [
        (&["connect", "赣州", "贛州"][..], "赣州", "贛州", "赣州 (pkr:Ganzhou)"),
        (&["paths", "赣州", "贛州"], "赣州", "贛州", "赣州 (pkr:Ganzhou)"),
        (&["connect", "赣南", "pkr:Ganzhou", "--format", "json"], "赣南", "pkr:Ganzhou", "赣州 (pkr:Ganzhou)"),
        (&["diagram", "bridge", "GBA", "大湾区"], "GBA", "大湾区", "粤港澳大湾区 (pkr:GBA)"),
    ] {
        let out = policykg().args(args).assert().code(2);
        let output = out.get_output();
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        let said = format!("policykg: error: '{a}' and '{b}' name the same entity, {entity}");
        assert!(stderr.starts_with(&said), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn an_unknown_name_suggests_close_ones() {
    let out = policykg().args(["connect", "赣洲", "粤港澳大湾区"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.starts_with("policykg: error: no entity is called '赣洲'; did you mean 赣州 (pkr:Ganzhou)"),
        "{stderr}"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1);
    let out = policykg().args(["neighbors", "Atlantis"]).assert().code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("no entity is called 'Atlantis'"));
}

#[test]
fn the_shortest_path_from_hengqin_to_the_bay_area_runs_through_zhuhai() {
    let paths = json(&["paths", "横琴", "粤港澳大湾区", "--format", "json"]);
    let shortest = paths["shortest"].as_array().unwrap();
    let steps: Vec<(&str, &str, &str)> = shortest
        .iter()
        .map(|s| {
            (
                s["from"]["label"]["zh-Hans"].as_str().unwrap(),
                s["relation"].as_str().unwrap(),
                s["to"]["label"]["zh-Hans"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(steps, [("珠海横琴", "partOf", "珠海"), ("珠海", "partOf", "粤港澳大湾区")]);
}

#[test]
fn paths_are_capped_and_say_so() {
    let paths = json(&["paths", "赣州", "粤港澳大湾区", "--max-len", "3", "--limit", "3", "--format", "json"]);
    assert_eq!(paths["all"].as_array().unwrap().len(), 3);
    assert_eq!(paths["truncated"], true);
    let lengths: Vec<usize> = paths["all"].as_array().unwrap().iter().map(|p| p.as_array().unwrap().len()).collect();
    assert!(lengths.windows(2).all(|w| w[0] <= w[1]), "shortest first: {lengths:?}");
}

#[test]
fn neighbors_of_qianhai_include_shenzhen_and_the_docking_measure() {
    let hood = json(&["neighbors", "前海", "--format", "json"]);
    let part_of = hood["by_relation"]["partOf"].as_array().unwrap();
    assert!(part_of.iter().any(|n| n["step"]["to"]["label"]["zh-Hans"] == "深圳"));
    let partner_of = hood["by_relation"]["^partner"].as_array().unwrap();
    assert!(partner_of.iter().any(|n| n["step"]["why"]["quote"] == "深圳前海"));
}

#[test]
fn rank_by_class_keeps_that_class() {
    let ranked = json(&["rank", "--class", "Platform", "--by", "betweenness", "--format", "json"]);
    let ranked = ranked.as_array().unwrap();
    assert!(!ranked.is_empty());
    assert!(ranked.iter().all(|r| r["class"] == "Platform"));
    let scores: Vec<f64> = ranked.iter().map(|r| r["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));
    policykg().args(["rank", "--class", "Planet"]).assert().code(2);
}

#[test]
fn a_name_two_entities_share_is_ambiguous() {
    use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
    use policykg::analysis::Analyzer;
    let pk = |l: &str| NamedNode::new_unchecked(format!("https://w3id.org/policykg/ontology#{l}"));
    let res = |l: &str| NamedNode::new_unchecked(format!("https://w3id.org/policykg/resource/{l}"));
    let label = NamedNode::new_unchecked("http://www.w3.org/2000/01/rdf-schema#label");
    let a_type = NamedNode::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    // Two different places that both go by 新区 ("new area").
    let quads = ["Pudong", "Binhai"].into_iter().flat_map(|id| {
        [
            Quad::new(res(id), a_type.clone(), pk("Region"), GraphName::DefaultGraph),
            Quad::new(
                res(id),
                label.clone(),
                Literal::new_language_tagged_literal_unchecked("新区", "zh-hans"),
                GraphName::DefaultGraph,
            ),
        ]
    });
    let analyzer = Analyzer::new(policykg::source::Source::from_quads(quads.collect()).unwrap()).unwrap();
    let message = analyzer.node("新区").unwrap_err().to_string();
    assert!(message.starts_with("'新区' names several entities"), "{message}");
    assert!(message.contains("pkr:Pudong") && message.contains("pkr:Binhai"), "{message}");
    // The prefixed name settles it.
    assert!(analyzer.node("pkr:Pudong").is_ok());
}

#[test]
fn nankang_reaches_shenzhen_only_through_guangdong() {
    // The Nankang measures (南康区 in the 赣粤 zone, the furniture platform, alliance and town) name
    // nothing in Shenzhen; the 赣粤 zone names Guangdong, which contains Shenzhen: one indirect link.
    let out = policykg().args(["connect", "南康区", "深圳"]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.starts_with("南康区 → 深圳: 1 measure (0 direct, 1 indirect)"), "{text}");
    assert!(text.contains("M02 [indirect]"), "{text}");
}

#[test]
fn no_measure_ties_nankang_to_hong_kong_and_the_answer_says_so() {
    let out = policykg().args(["connect", "南康区", "香港"]).assert().code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.starts_with("南康区 → 香港: 0 measures"), "{text}");
    assert!(text.contains("policykg paths 南康区 香港"), "{text}");
}

#[test]
fn an_entity_inside_the_other_side_is_no_link_by_itself() {
    // 赣州 lies within 江西 (background: partOf). A measure that names 赣州 alone (M01 names 赣州 as
    // beneficiary and the Bay Area as partner) does not connect 赣州 to 江西 through 赣州 itself:
    // neither direction lists a path that passes from 赣州 to 赣州.
    for (a, b) in [("赣州", "江西"), ("江西", "赣州")] {
        let out = policykg().args(["connect", a, b]).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(!text.contains("M01 [direct]"), "{a} → {b}:\n{text}");
        assert!(!text.contains("—beneficiary→ 赣州 —partOf→ 江西"), "{a} → {b}:\n{text}");
    }
}

#[test]
fn a_full_iri_names_an_entity_with_or_without_angle_brackets() {
    for name in ["https://w3id.org/policykg/resource/Ganzhou", "<https://w3id.org/policykg/resource/Ganzhou>"] {
        let out = policykg().args(["connect", name, "粤港澳大湾区"]).assert().success();
        let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
        // The lead paragraph's 支持赣州打造对接粤港澳大湾区桥头堡 and the pillars' fourteen measures.
        assert!(text.starts_with("赣州 → 粤港澳大湾区: 15 measures"), "{name}: {text}");
    }
}
