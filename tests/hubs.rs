//! A hub's neighbourhood summarised: `diagram entity 赣州` and `neighbors 赣州` group the measures
//! by pillar, with counts, and `--expand` gives every one. The measures expected are asked of the
//! graph in SPARQL here, not copied from the output, so that new measures in the data do not
//! break the tests.

use std::collections::{BTreeMap, BTreeSet};

use crate::util::policykg;

fn stdout(args: &[&str]) -> String {
    let out = policykg().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// What `neighbors` says for a measure in no pillar.
const NO_PILLAR: &str = "(no pillar)";

/// The measures that give 赣州 a role, by their id (`M06`), each with its pillar's zh-Hans label
/// (the smallest, should a measure have several), or [`NO_PILLAR`].
fn ganzhou_measures() -> BTreeMap<String, String> {
    let tsv = stdout(&[
        "query",
        "--format",
        "tsv",
        r#"SELECT ?m (MIN(?label) AS ?p) WHERE { ?m a pk:Measure ; pk:involves pkr:Ganzhou .
           OPTIONAL { ?m pk:inPillar ?pl . ?pl rdfs:label ?label FILTER(langMatches(lang(?label), "zh-Hans")) }
           } GROUP BY ?m"#,
    ]);
    tsv.lines()
        .skip(1)
        .map(|line| {
            let (m, p) = line.split_once('\t').unwrap_or((line, ""));
            let id = m.trim_end_matches('>').rsplit('/').next().unwrap().to_string();
            let pillar = p.trim_start_matches('"').split("\"@").next().unwrap().to_string();
            (id, if pillar.is_empty() { NO_PILLAR.to_string() } else { pillar })
        })
        .collect()
}

#[test]
fn the_entity_view_of_ganzhou_draws_one_node_per_pillar_with_its_count() {
    let measures = ganzhou_measures();
    assert!(measures.len() > policykg::diagram::GROUP_ABOVE, "赣州 is a hub: {} measures", measures.len());
    let dot = stdout(&["diagram", "entity", "赣州"]);
    // No measure is drawn by itself; each pillar's node says how many measures it holds.
    assert!(!dot.contains("\"pkr:doc/ganzhou-measures-2020/M01\"["), "{dot}");
    let mut per_pillar: BTreeMap<&str, usize> = BTreeMap::new();
    for pillar in measures.values() {
        *per_pillar.entry(pillar).or_default() += 1;
    }
    for (pillar, count) in per_pillar.iter().filter(|(p, _)| **p != NO_PILLAR) {
        // The label is the pillar's name, broken over lines, then the count.
        let node = dot
            .lines()
            .find(|l| l.contains("#measures\"[") && l.replace("\\n", "").contains(*pillar))
            .unwrap_or_else(|| panic!("no node for {pillar}"));
        assert!(node.contains(&format!("\\n{count} 项措施\"")), "{pillar}: {node}");
    }
    assert_eq!(dot.matches("#measures\"[").count(), per_pillar.len());
    assert!(dot.contains(&format!("{} 项措施按支柱归并", measures.len())), "the title says they are grouped");
    // The edges say the role and how many measures hold it: all of 赣州's are beneficiaries.
    assert!(dot.contains("-> \"pkr:Ganzhou\" [label=\"支持对象地区 ×"), "{dot}");
    // What is not a measure stays: 南康区 is part of 赣州.
    assert!(dot.contains("\"pkr:Nankang\" -> \"pkr:Ganzhou\""), "{dot}");
}

#[test]
fn expand_draws_every_measure_and_mermaid_groups_too() {
    let measures = ganzhou_measures();
    for args in
        [&["diagram", "entity", "赣州", "--expand"][..], &["diagram", "entity", "赣州", "--group-above", "1000"]]
    {
        let dot = stdout(args);
        for id in measures.keys() {
            assert!(dot.contains(&format!("\"pkr:doc/ganzhou-measures-2020/{id}\"[")), "{args:?}: {id} is not drawn");
        }
        assert!(!dot.contains("#measures"), "{args:?}");
    }
    let mermaid = stdout(&["diagram", "entity", "赣州", "--format", "mermaid"]);
    assert!(mermaid.contains("项措施") && !mermaid.contains("M01<br"), "{mermaid}");
    // A neighbourhood of few measures is drawn as before: 深圳前海 within two hops shows M06.
    assert!(
        stdout(&["diagram", "entity", "深圳前海", "--hops", "2"]).contains("\"pkr:doc/ganzhou-measures-2020/M06\"[")
    );
}

#[test]
fn neighbors_of_ganzhou_lists_measures_by_pillar_and_expand_lists_each() {
    let measures = ganzhou_measures();
    let text = stdout(&["neighbors", "赣州"]);
    assert!(text.lines().next().unwrap().contains(&format!("{} measures grouped by pillar", measures.len())), "{text}");
    // `    PILLAR — N measures: M01 M02 …`: every measure once, under its own pillar.
    let mut listed = BTreeSet::new();
    for line in text.lines().filter(|l| l.contains(" measures: ") || l.contains(" measure: ")) {
        let (pillar, rest) = line.trim().split_once(" — ").unwrap();
        let (count, ids) = rest.split_once(": ").unwrap();
        let ids: Vec<&str> = ids.split(' ').collect();
        assert_eq!(count.split(' ').next().unwrap().parse::<usize>().unwrap(), ids.len(), "{line}");
        for id in ids {
            assert_eq!(measures.get(id).map(String::as_str), Some(pillar), "{id} under {pillar}");
            listed.insert(id.to_string());
        }
    }
    assert_eq!(listed, measures.keys().cloned().collect::<BTreeSet<_>>());
    // Entities are still listed one by one.
    assert!(text.contains("南康区 partOf 赣州"), "{text}");

    let expanded = stdout(&["neighbors", "赣州", "--expand"]);
    let lines = expanded.lines().filter(|l| l.starts_with("    [1]") && l.contains(" beneficiary 赣州")).count();
    assert_eq!(lines, measures.len(), "{expanded}");
    assert!(!expanded.contains("grouped by pillar"));
}
