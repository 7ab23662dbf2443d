//! GraphML read back by a reader policykg did not write: Python's networkx. The centralities of
//! `policykg rank` must be networkx's own on the same graph:
//!
//! - degree: the number of relations a node takes part in, either direction, each (subject,
//!   relation, object) once: `G.degree()` on the directed multigraph networkx reads;
//! - betweenness: Brandes' betweenness on the undirected simple graph (direction and relation
//!   ignored, parallel edges merged) over all nodes (entities, measures, pillars), not normalised,
//!   each unordered pair of endpoints once: `betweenness_centrality(nx.Graph(G), normalized=False)`.
//!
//! networkx comes from pip (`.ci/run` installs it into a folder outside the clone and puts it on
//! PYTHONPATH). Without it the test fails under CI=true and otherwise says it is skipped.

use std::collections::BTreeMap;
use std::process::Command;

use crate::util::policykg;

/// Reads a GraphML file with networkx and prints, for each node, its attributes and both
/// centralities; for each edge, its ends' IRIs and attributes.
const READER: &str = r#"
import json, sys
import networkx as nx
G = nx.read_graphml(sys.argv[1])
simple = nx.Graph(G)
betweenness = nx.betweenness_centrality(simple, normalized=False)
nodes = {n: dict(G.nodes[n], degree=G.degree(n), betweenness=betweenness[n]) for n in G}
edges = [dict(d, source=s, target=t) for s, t, d in G.edges(data=True)]
print(json.dumps({"directed": G.is_directed(), "nodes": nodes, "edges": edges}))
"#;

/// Whether networkx can be imported; panics under CI=true when it cannot.
fn networkx() -> bool {
    let ok = Command::new("python3").args(["-c", "import networkx"]).output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "networkx is missing: `pip install --target DIR networkx` and put DIR on PYTHONPATH (.ci/run does)"
        );
        eprintln!("skipped: Python's networkx is not installed (pip install networkx)");
    }
    ok
}

/// networkx's reading of `graphml`.
fn read(graphml: &[u8]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("graph.graphml");
    std::fs::write(&file, graphml).unwrap();
    let out = Command::new("python3").args(["-c", READER, file.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "networkx cannot read it: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn stdout(args: &[&str]) -> Vec<u8> {
    let out = policykg().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

#[test]
fn rank_agrees_with_networkx_on_the_exported_projection() {
    if !networkx() {
        return;
    }
    let graph = read(&stdout(&["export", "--format", "graphml"]));
    assert_eq!(graph["directed"], true);
    let nodes = graph["nodes"].as_object().unwrap();
    // By IRI: (class, degree, betweenness) as networkx computes them.
    let by_iri: BTreeMap<&str, (&str, f64, f64)> = nodes
        .values()
        .map(|n| {
            let iri = n["iri"].as_str().unwrap();
            (iri, (n["class"].as_str().unwrap(), n["degree"].as_f64().unwrap(), n["betweenness"].as_f64().unwrap()))
        })
        .collect();
    assert_eq!(by_iri.len(), nodes.len(), "two nodes share an IRI");
    assert!(by_iri.contains_key("https://w3id.org/policykg/resource/Ganzhou"));
    for (by, column) in [("degree", 1), ("betweenness", 2)] {
        let mut seen = 0;
        // Without --class, rank lists the entities; measures and pillars are asked for by class.
        for class in [None, Some("Measure"), Some("Pillar")] {
            let mut args = vec!["rank", "--by", by, "--top", "1000000", "--format", "json"];
            if let Some(c) = class {
                args.extend(["--class", c]);
            }
            let ranked: serde_json::Value = serde_json::from_slice(&stdout(&args)).unwrap();
            for r in ranked.as_array().unwrap() {
                let iri = r["node"]["iri"].as_str().unwrap();
                let ours = r["score"].as_f64().unwrap();
                let (class, degree, betweenness) = by_iri[iri];
                let theirs = if column == 1 { degree } else { betweenness };
                assert!((ours - theirs).abs() < 1e-6, "{by} of {iri}: policykg {ours}, networkx {theirs}");
                assert_eq!(r["class"].as_str().unwrap(), class, "{iri}");
                seen += 1;
            }
        }
        // Every node of the GraphML was ranked once.
        assert_eq!(seen, nodes.len(), "{by}: ranked {seen} of {} nodes", nodes.len());
    }
    // Ganzhou is named by more measures than any other entity and lies between them and the
    // regions it is part of: it has a betweenness above zero.
    assert!(by_iri["https://w3id.org/policykg/resource/Ganzhou"].2 > 0.0);
}

#[test]
fn the_graphml_carries_labels_classes_relations_and_evidence() {
    if !networkx() {
        return;
    }
    let bytes = stdout(&["export", "--format", "graphml"]);
    assert_eq!(bytes, stdout(&["export", "--format", "graphml"]), "the same graph gives the same bytes");
    let graph = read(&bytes);
    let nodes = graph["nodes"].as_object().unwrap();
    let iri_of = |id: &str| nodes[id]["iri"].as_str().unwrap().to_string();
    // 深圳前海 (Qianhai) in three languages, as data/entities.toml gives it.
    let qianhai = nodes.values().find(|n| n["label"] == "深圳前海").expect("a node labelled 深圳前海");
    assert_eq!(qianhai["label_zh-Hans"], "深圳前海");
    assert_eq!(qianhai["class"], "Platform");
    assert!(qianhai["label_zh-Hant"].as_str().is_some_and(|l| !l.is_empty()));
    assert!(qianhai["label_en"].as_str().is_some_and(|l| l.contains("Qianhai")));
    // M06 (积极对接深圳前海、广州南沙、珠海横琴、东莞滨海湾新区等重大平台) names Qianhai as a partner,
    // and the edge carries the quote with its offsets: the quote is the text's own words.
    let m06 = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            iri_of(e["source"].as_str().unwrap()).ends_with("/M06")
                && iri_of(e["target"].as_str().unwrap()).ends_with("/Qianhai")
        })
        .expect("an edge M06 → Qianhai");
    assert_eq!(m06["relation"], "partner");
    assert_eq!(m06["justification"], "text");
    let quote = m06["quote"].as_str().unwrap();
    assert!(quote.contains("深圳前海"), "{quote}");
    let (start, end) = (m06["start"].as_i64().unwrap() as usize, m06["end"].as_i64().unwrap() as usize);
    let clean = crate::util::CLEAN.slice(policykg::text::Script::Hans, start..end).unwrap();
    assert_eq!(clean, quote);
    // Background facts carry their source.
    assert!(
        graph["edges"].as_array().unwrap().iter().any(|e| e["justification"] == "source" && e["source"].is_string())
    );
}

#[test]
fn a_diagram_view_as_graphml_reads_back_with_its_drawn_labels() {
    if !networkx() {
        return;
    }
    let graph = read(&stdout(&["diagram", "entity", "深圳前海", "--hops", "2", "--format", "graphml", "--lang", "en"]));
    let nodes = graph["nodes"].as_object().unwrap();
    let qianhai = nodes.values().find(|n| n["label_zh-Hans"] == "深圳前海").expect("深圳前海 is drawn");
    assert!(qianhai["label"].as_str().unwrap().contains("Qianhai"), "the drawn label is English: {qianhai}");
    assert!(qianhai["iri"].as_str().unwrap().ends_with("/Qianhai"));
    // Every edge between projection nodes names its relation.
    assert!(graph["edges"].as_array().unwrap().iter().all(|e| e["relation"].is_string()), "{graph}");
}

#[test]
fn graphml_by_extension_and_a_graph_option_it_cannot_honour() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bridge.graphml");
    let out = policykg().args(["diagram", "bridge", "-o", file.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let xml = std::fs::read_to_string(&file).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>") && xml.contains("<graphml xmlns="));
    assert!(xml.contains(r#"attr.name="relation" attr.type="string""#), "{xml}");
    let out = policykg()
        .args(["export", "--format", "graphml", "--graph", "pkg:doc/ganzhou-measures-2020"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
}
