//! The ontology and the document's knowledge graph. Expected values come from reading the article:
//! the five pillars are listed in its lead paragraph; the geography is the background knowledge the
//! catalogue cites.

use std::collections::BTreeSet;

use policykg::sparql;
use policykg::text::{Script, SegmentKind};

use crate::util::{CLEAN, DOC_GRAPH, ask, kg, policykg, with_doc};

fn column(query: &str) -> Vec<String> {
    sparql::select(kg(), &with_doc(query), &["x"])
        .expect("the query runs")
        .iter()
        .map(|r| sparql::value(&r[0]))
        .collect()
}

#[test]
fn the_five_pillars_in_order() {
    let pillars = column(
        r#"SELECT ?x WHERE { doc:Document pk:hasPillar ?p . ?p pk:order ?o ; rdfs:label ?x .
           FILTER(langMatches(lang(?x), "zh-Hans")) } ORDER BY ?o"#,
    );
    assert_eq!(
        pillars,
        [
            "加快重大产业平台建设",
            "加快特色优势产业做大做强",
            "大力发展新产业新动能",
            "大力提升创新发展能力",
            "强化规划政策衔接支持"
        ]
    );
}

#[test]
fn measures_per_pillar() {
    let counts =
        column("SELECT (COUNT(?m) AS ?x) WHERE { ?m pk:inPillar ?p . ?p pk:order ?o } GROUP BY ?o ORDER BY ?o");
    // Pillar 1 read by hand: 支持建设…产业合作区, 重点支持南康区…, 指导支持…产业分工, 打造赣粤协作产业链,
    // 支持打造…产业集群, 积极对接…重大平台, 聚焦…首位产业, 打造特色产业集群, 支持搭建…对接合作平台,
    // 开展…产业对接活动, 支持赣州承办…展览展示活动: eleven.
    assert_eq!(counts, ["11", "16", "23", "11", "11"]);
}

#[test]
fn named_entities_have_their_class() {
    for (entity, class) in [
        ("Ganzhou", "Region"),
        ("GBA", "Region"),
        ("Nankang", "Region"),
        ("Qianhai", "Platform"),
        ("QingfengPharmaValley", "Platform"),
        ("GanzhouTextileExpo", "Platform"),
        ("CEPREI", "Organization"),
        ("ChinaSouthernRareEarth", "Organization"),
        ("JiangxiDIIT", "Agency"),
        ("JiangxiDIIT", "Organization"),
        ("SRDI", "Program"),
        ("HundredCitiesThousandStores", "Program"),
        ("RareEarth", "Industry"),
        ("TextileGarment", "Industry"),
    ] {
        assert!(ask(&format!("ASK {{ pkr:{entity} a pk:{class} }}")), "{entity} should be a pk:{class}");
    }
}

#[test]
fn containment_follows_the_background_knowledge() {
    for (part, whole) in [
        ("Hengqin", "GBA"),
        ("Qianhai", "Shenzhen"),
        ("Nansha", "Guangzhou"),
        ("Binhaiwan", "Dongguan"),
        ("Longnan", "Ganzhou"),
        ("Nankang", "Ganzhou"),
        ("Ganzhou", "Jiangxi"),
        ("HongKong", "GBA"),
    ] {
        assert!(ask(&format!("ASK {{ pkr:{part} pk:partOf+ pkr:{whole} }}")), "{part} should lie within {whole}");
    }
    // Guangdong and the Greater Bay Area overlap: neither contains the other.
    assert!(!ask("ASK { pkr:Guangdong pk:partOf+ pkr:GBA }"));
    assert!(!ask("ASK { pkr:GBA pk:partOf+ pkr:Guangdong }"));
    assert!(ask("ASK { { pkr:Guangdong pk:overlaps pkr:GBA } UNION { pkr:GBA pk:overlaps pkr:Guangdong } }"));
    // CEPREI is seated in Guangzhou, which entailment also states as located.
    assert!(ask("ASK { pkr:CEPREI pk:seatedIn pkr:Guangzhou . pkr:CEPREI pk:locatedIn pkr:Guangzhou }"));
}

#[test]
fn background_facts_name_their_source() {
    // Nanchang's Wikidata id is confirmed (see fidelity.rs); Ganzhou's former one was not, and is gone.
    assert!(ask("ASK { GRAPH pkg:background { pkr:Nanchang skos:exactMatch wd:Q171943 } }"));
    assert!(ask(
        "ASK { GRAPH pkg:background { ?st rdf:subject pkr:Nanchang ; rdf:predicate pk:partOf ; rdf:object pkr:Jiangxi ; pk:source wd:Q171943 } }"
    ));
    assert!(!ask("ASK { pkr:Ganzhou skos:exactMatch ?q }"));
    // Containment is background knowledge, never a claim of the document graph.
    assert!(ask(&format!("ASK {{ GRAPH <{DOC_GRAPH}> {{ ?m pk:beneficiary ?b }} }}")));
    assert!(!ask(&format!("ASK {{ GRAPH <{DOC_GRAPH}> {{ ?a pk:partOf ?b }} }}")));
}

#[test]
fn roles_entail_involves_and_measures_carry_their_words() {
    // 以国家级、省级开发区为载体，积极对接深圳前海、广州南沙、珠海横琴、东莞滨海湾新区等重大平台
    assert!(ask(r#"ASK { ?m pk:partner pkr:Qianhai ; pk:involves pkr:Hengqin ; pk:action ?a ; pk:clauseText ?t .
               ?a skos:notation "对接" . FILTER(CONTAINS(?t, "积极对接深圳前海")) }"#));
    // The Traditional clause is the same span in the published script, with its own characters.
    assert!(ask(
        r#"ASK { ?m pk:clauseText "以國家級、省級開發區為載體，積極對接深圳前海、廣州南沙、珠海橫琴、東莞濱海灣新區等重大平臺"@zh-Hant }"#
    ));
}

#[test]
fn every_measure_states_its_beneficiary_with_the_lead_sentence() {
    let missing = column(
        r#"SELECT ?x WHERE { ?x a pk:Measure . FILTER NOT EXISTS {
             ?st rdf:subject ?x ; rdf:predicate pk:beneficiary ; rdf:object pkr:Ganzhou ;
                 pk:evidence/oa:hasTarget/oa:hasSelector/oa:exact "支持赣州打造对接粤港澳大湾区桥头堡和建设省域副中心城市" } }"#,
    );
    assert!(missing.is_empty(), "{missing:?}");
}

#[test]
fn evidence_points_into_the_clean_and_raw_text() {
    let rows = sparql::select(
        kg(),
        &with_doc(
            "SELECT ?exact ?s ?e ?rs ?re WHERE { doc:M31 pk:evidence/oa:hasTarget/oa:hasSelector ?q , ?p .
           ?q oa:exact ?exact . ?p oa:start ?s ; oa:end ?e ; pk:rawStart ?rs ; pk:rawEnd ?re }",
        ),
        &["exact", "s", "e", "rs", "re"],
    )
    .unwrap();
    let v: Vec<String> = rows[0].iter().map(sparql::value).collect();
    assert_eq!(v[0], "支持赣州市与中国赛宝实验室合作");
    let raw: Vec<char> = policykg::builtin::RAW_TEXT.chars().collect();
    let raw_span: String = raw[v[3].parse::<usize>().unwrap()..v[4].parse::<usize>().unwrap()].iter().collect();
    // The raw span is the Traditional clause with its glosses.
    assert!(raw_span.starts_with("支持贛州市與中國賽寶實(shí)驗(yàn)室合作"), "{raw_span}");
}

/// Clause openers that precede the policy verb: the report's formula and adverbs.
const LEADS: [&str; 7] = ["《若干措施》提出", "将", "积极", "高标准", "适度", "共同", "大力"];

#[test]
fn every_clause_opening_with_a_policy_verb_is_covered_by_a_measure() {
    let verbs = policykg::kg::Ontology::builtin().clause_openers();
    let spans: Vec<(usize, usize)> = sparql::select(
        kg(),
        "SELECT ?s ?e WHERE { ?m a pk:Measure ; pk:evidence/oa:hasTarget/oa:hasSelector ?p . ?p oa:start ?s ; oa:end ?e }",
        &["s", "e"],
    )
    .unwrap()
    .iter()
    .map(|r| (sparql::value(&r[0]).parse().unwrap(), sparql::value(&r[1]).parse().unwrap()))
    .collect();
    let hans = CLEAN.chars(Script::Hans);
    let mut uncovered = Vec::new();
    for clause in policykg::text::segment(hans, &verbs).into_iter().filter(|s| s.kind == SegmentKind::Clause) {
        let mut text: String = hans[clause.range()].iter().collect();
        // A prepositional lead-in (通过…平台，) governs the verb after it.
        if let Some((_, rest)) =
            text.split_once('，').filter(|(lead, _)| ["以", "通过", "在", "从"].iter().any(|p| lead.starts_with(p)))
        {
            text = rest.to_string();
        }
        while let Some(rest) = LEADS.iter().find_map(|l| text.strip_prefix(l)) {
            text = rest.to_string();
        }
        // The pillar headings restate a pillar and are not measures; the lead paragraph opens with
        // the dateline and the issuing (出台了《…》), and its commitments are measures.
        let heading = clause.start == segment_start(clause.paragraph);
        if heading || !verbs.iter().any(|v| text.starts_with(v.as_str())) {
            continue;
        }
        if !spans.iter().any(|(s, e)| *s < clause.end && clause.start < *e) {
            uncovered.push(text);
        }
    }
    assert!(uncovered.is_empty(), "clauses with no measure: {uncovered:?}");
}

fn segment_start(paragraph: usize) -> usize {
    CLEAN.text(Script::Hans).split('\n').take(paragraph).map(|p| p.chars().count() + 1).sum()
}

#[test]
fn a_wrong_quote_in_the_annotation_is_an_error_naming_file_and_line() {
    let good = "quote = \"支持赣州承办各种重大展览展示活动\"";
    assert!(policykg::builtin::MEASURES.contains(good));
    let broken = policykg::builtin::MEASURES.replacen(good, "quote = \"支持赣州承办各种重大展览活动\"", 1);
    let line = broken.lines().position(|l| l.contains("重大展览活动")).unwrap() + 1;
    let annotations = policykg::kg::annotations::parse("data/measures.toml", &broken).unwrap();
    let catalogue = policykg::kg::annotations::parse("data/entities.toml", policykg::builtin::ENTITIES).unwrap();
    let metadata = policykg::builtin::metadata();
    let ontology = policykg::kg::Ontology::builtin();
    let err = policykg::kg::build::build(&policykg::kg::build::Inputs {
        clean: &CLEAN,
        metadata: &metadata,
        ontology,
        catalogue: &catalogue,
        annotations: &annotations,
    })
    .expect_err("a wrong quote fails the build");
    let message = err.to_string();
    assert!(message.starts_with(&format!("data/measures.toml:{line}: ")), "{message}");
    assert!(
        message.contains("which reads \"支持赣州承办各种重大展览展示\""),
        "the message shows what the text reads: {message}"
    );
}

#[test]
fn the_built_in_graph_is_valid() {
    policykg().arg("validate").assert().code(0);
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn validation_catches_broken_graphs() {
    for (file, rule, focus) in [
        ("broken-quote.ttl", "quote", "pkr:bad-annotation"),
        ("missing-label.ttl", "labelled", "pkr:Ruijin"),
        ("untyped-entity.ttl", "typed", "pkr:Somewhere"),
        ("untyped-entity.ttl", "measure-pillar", "pkr:Mx"),
        ("untyped-entity.ttl", "measure-evidence", "pkr:Mx"),
        ("duplicate-action.ttl", "action-notation", "pkr:AnotherSupport"),
        ("duplicate-action.ttl", "action-notation", "pk:ActionSupport"),
        ("duplicate-action.ttl", "action-notation", "pkr:TwoVerbs"),
    ] {
        let out = policykg().args(["validate", "--data", &fixture(file)]).assert().code(1);
        let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
        assert!(
            stdout.lines().any(|l| l.starts_with(&format!("{rule}: {focus} "))),
            "{file}: no {rule} for {focus} in\n{stdout}"
        );
    }
    let out = policykg().args(["validate", "--data", &fixture("missing-label.ttl")]).assert().code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let missing: BTreeSet<&str> =
        stdout.lines().filter_map(|l| l.strip_prefix("labelled: pkr:Ruijin has no rdfs:label in ")).collect();
    assert_eq!(missing, BTreeSet::from(["en", "zh-Hant"]));
}

#[test]
fn validating_a_file_with_a_syntax_error_names_file_and_line() {
    let out = policykg().args(["validate", "--data", &fixture("broken-syntax.ttl")]).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("broken-syntax.ttl") && stderr.contains("line 2"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
}

#[test]
fn build_writes_the_same_bytes_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    for out in [&one, &two] {
        policykg().args(["build", "--out"]).arg(out).assert().success();
    }
    for name in ["ontology.ttl", "document.ttl", "background.ttl", "policykg.nq"] {
        let a = std::fs::read(one.join(name)).unwrap();
        assert!(!a.is_empty(), "{name} is empty");
        assert_eq!(a, std::fs::read(two.join(name)).unwrap(), "{name} differs between runs");
    }
}

#[test]
fn build_into_an_unwritable_place_fails_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let out = policykg().args(["build", "--out"]).arg(file.join("sub")).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.starts_with("policykg: error: cannot create"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
}
