//! Scoring `extract` against the curated graph of the built-in article.
//!
//! The extractor reads the built-in raw text with its knowledge stripped of every catalogue entity
//! that only this article introduces: a catalogue entity stays only when the article does not name
//! it, or when it is a region of the division gazetteer (赣州, 南康区, 深圳 …) or of the background,
//! a party to a fact whose source is an outside document (粤港澳大湾区 and its cities from the Outline
//! Development Plan, 泛珠三角 from its framework agreement, “三南” from an encyclopedia; not the
//! article's own 原国家级贫困县). So the rules of `data/extract-rules.toml`, not the catalogue, find
//! the platforms, industries, programs and organisations. `POLICYKG_SCORE_STRICT=1` keeps only the
//! division gazetteer's regions (the stricter reading, for comparison). The gold standard is `data/measures.toml`, read at run time (no count
//! is written here).
//!
//! - Measures: a predicted clause matches a curated measure when their spans overlap by at least half
//!   of the longer one; one-to-one, in text order.
//! - Entities: distinct entities. A predicted entity matches a curated one the article names when its
//!   label is the curated label or an alias (either script), or its IRI is the curated IRI; it counts
//!   only with the same top class under pk:Entity (Agency counts as Organization).
//! - Roles: (measure, role, entity) of the clauses; a predicted role matches when its measure matches,
//!   its entity matches and the role is the same. The document-level beneficiaries that the lead paragraph names (given
//!   to every measure, in both graphs) are scored on their own line.
//! - Connect: the measures `connect 赣州 粤港澳大湾区` lists on the curated graph, and the share of them
//!   (by span, as for measures) that `connect` lists on the extracted graph alone.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use policykg::extract::{self, Knowledge, Rules};
use policykg::kg::Ontology;
use policykg::kg::annotations::{self, Annotations, Catalogue};

/// Precision and recall, with the counts they come from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Score {
    pub predicted: usize,
    pub gold: usize,
    /// Predictions that match.
    pub true_predicted: usize,
    /// Gold items matched.
    pub found: usize,
}

impl Score {
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 { 0.0 } else { self.true_predicted as f64 / self.predicted as f64 }
    }
    pub fn recall(&self) -> f64 {
        if self.gold == 0 { 0.0 } else { self.found as f64 / self.gold as f64 }
    }
}

/// Every score, by name, in the order of the README's table.
pub struct Scores {
    pub rows: Vec<(String, Score)>,
}

fn overlaps_half(a: &Range<usize>, b: &Range<usize>) -> bool {
    let common = a.end.min(b.end).saturating_sub(a.start.max(b.start));
    2 * common >= a.len().max(b.len()) && common > 0
}

/// One-to-one matches of predicted to gold spans, in text order: prediction index → gold index.
fn match_spans(predicted: &[Range<usize>], gold: &[Range<usize>]) -> BTreeMap<usize, usize> {
    let mut used = BTreeSet::new();
    let mut out = BTreeMap::new();
    for (i, p) in predicted.iter().enumerate() {
        if let Some(g) = (0..gold.len()).find(|g| !used.contains(g) && overlaps_half(p, &gold[*g])) {
            used.insert(g);
            out.insert(i, g);
        }
    }
    out
}

fn top_class(class: &str) -> &str {
    if class == "Agency" { "Organization" } else { class }
}

/// The curated catalogue and annotations of the built-in article, and the ids of the entities the
/// article names (its beneficiaries, mentions and the entities of its measures).
fn curated() -> (Catalogue, Annotations, BTreeSet<String>) {
    let catalogue = annotations::parse::<Catalogue>("data/entities.toml", policykg::builtin::ENTITIES).unwrap().value;
    let gold = annotations::parse::<Annotations>("data/measures.toml", policykg::builtin::MEASURES).unwrap().value;
    let mut named: BTreeSet<String> = BTreeSet::new();
    named.extend(gold.beneficiary.iter().map(|b| b.entity.get_ref().clone()));
    named.extend(gold.mention.iter().map(|b| b.entity.get_ref().clone()));
    for m in &gold.measure {
        named.extend(m.involves.iter().map(|i| i.entity.get_ref().clone()));
    }
    (catalogue, gold, named)
}

/// The built-in article extracted with the stripped knowledge, and that knowledge.
pub fn scored_extraction() -> (extract::Extraction, Knowledge) {
    let ontology = Ontology::builtin();
    let (catalogue, _, named) = curated();
    // The division gazetteer's names, full and short.
    let divisions: BTreeSet<String> = policykg::builtin::DIVISIONS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .filter_map(|l| l.split(',').nth(1))
        .flat_map(|n| [Some(n.to_string()), extract::knowledge::short_form(n)])
        .flatten()
        .collect();
    // The background's regions: parties to a fact whose source is an outside document (a plan, an
    // encyclopedia, Wikidata), not this article and not a name in it.
    let title = policykg::builtin::metadata().document.title;
    let outside = |source: &str| !source.contains(&title) && !source.contains("in the document");
    let background: BTreeSet<&str> = catalogue
        .fact
        .iter()
        .filter(|f| outside(&f.source))
        .flat_map(|f| [f.subject.get_ref().as_str(), f.object.as_str()])
        .collect();
    let strict = std::env::var_os("POLICYKG_SCORE_STRICT").is_some();
    let keep = |r: &annotations::EntityRecord| {
        let gazetteer = std::iter::once(&r.zh_hans).chain(&r.alt_zh_hans).any(|n| divisions.contains(n));
        !named.contains(r.id.get_ref())
            || (r.class == "Region" && (gazetteer || (!strict && background.contains(r.id.get_ref().as_str()))))
    };
    let knowledge = Knowledge::new(&catalogue, &keep, policykg::builtin::DIVISIONS);
    let x = extract::extract(
        "scored",
        policykg::builtin::RAW_TEXT,
        &knowledge,
        Rules::builtin(),
        ontology,
        &policykg::builtin::emendations(),
    );
    (x, knowledge)
}

/// Extracts the built-in article with the stripped knowledge and scores it.
pub fn scores() -> Scores {
    let ontology = Ontology::builtin();
    let (catalogue, gold, named) = curated();
    let (x, knowledge) = scored_extraction();
    let mut rows = Vec::new();

    // Measures.
    let gold_spans: Vec<Range<usize>> =
        gold.measure.iter().map(|m| m.start..m.start + m.quote.get_ref().chars().count()).collect();
    let spans: Vec<Range<usize>> = x.measures.iter().map(|m| m.span.clone()).collect();
    let matched = match_spans(&spans, &gold_spans);
    // POLICYKG_SCORE_DEBUG=1: the curated measures missed and the predictions that match none.
    if std::env::var_os("POLICYKG_SCORE_DEBUG").is_some() {
        let found: BTreeSet<usize> = matched.values().copied().collect();
        for (g, m) in gold.measure.iter().enumerate().filter(|(g, _)| !found.contains(g)) {
            eprintln!("missed {} {:?} {}", m.id.get_ref(), gold_spans[g], m.quote.get_ref());
        }
        for m in x.measures.iter().enumerate().filter(|(i, _)| !matched.contains_key(i)).map(|(_, m)| m) {
            eprintln!("unmatched prediction {} {:?}", m.iri, m.span);
        }
    }
    rows.push((
        "measures".to_string(),
        Score { predicted: spans.len(), gold: gold_spans.len(), true_predicted: matched.len(), found: matched.len() },
    ));

    // Entities.
    let records: BTreeMap<&str, &annotations::EntityRecord> =
        catalogue.entity.iter().map(|r| (r.id.get_ref().as_str(), r)).collect();
    let gold_entities: Vec<&annotations::EntityRecord> = named.iter().map(|id| records[id.as_str()]).collect();
    let names_of = |r: &annotations::EntityRecord| -> BTreeSet<String> {
        std::iter::once(r.zh_hans.clone())
            .chain([policykg::text::to_traditional(&r.zh_hans)])
            .chain(r.alt_zh_hans.iter().cloned())
            .collect()
    };
    let same = |e: &extract::Entity, r: &annotations::EntityRecord| {
        e.iri == policykg::rdf::vocab::res(r.id.get_ref()).as_str()
            || names_of(r).contains(&e.label)
            || e.mentions.iter().any(|m| {
                names_of(r).contains(&x.clean.slice(policykg::text::Script::Hans, m.clone()).unwrap_or_default())
            })
    };
    let entity_match: Vec<Option<usize>> = x
        .entities
        .iter()
        .map(|e| gold_entities.iter().position(|r| same(e, r) && top_class(&r.class) == top_class(&e.class)))
        .collect();
    if std::env::var_os("POLICYKG_SCORE_DEBUG").is_some() {
        let found: BTreeSet<usize> = entity_match.iter().flatten().copied().collect();
        for (_, r) in gold_entities.iter().enumerate().filter(|(g, _)| !found.contains(g)) {
            let by_name = x.entities.iter().find(|e| same(e, r)).map(|e| e.class.as_str());
            eprintln!("missed entity {} {} {} (found as {by_name:?})", r.id.get_ref(), r.class, r.zh_hans);
        }
        for (e, _) in x.entities.iter().zip(&entity_match).filter(|(_, m)| m.is_none()) {
            eprintln!("unmatched entity {} {} {}", e.class, e.label, e.iri);
        }
    }
    let classes: BTreeSet<&str> = gold_entities.iter().map(|r| top_class(&r.class)).collect();
    let entity_score = |class: Option<&str>| {
        let in_class = |c: &str| class.is_none_or(|k| top_class(c) == k);
        let predicted: Vec<usize> = (0..x.entities.len()).filter(|i| in_class(&x.entities[*i].class)).collect();
        let gold_in: Vec<usize> = (0..gold_entities.len()).filter(|g| in_class(&gold_entities[*g].class)).collect();
        let found: BTreeSet<usize> = entity_match.iter().flatten().copied().filter(|g| gold_in.contains(g)).collect();
        Score {
            predicted: predicted.len(),
            gold: gold_in.len(),
            true_predicted: predicted.iter().filter(|i| entity_match[**i].is_some()).count(),
            found: found.len(),
        }
    };
    rows.push(("entities (all classes)".to_string(), entity_score(None)));
    for class in classes {
        rows.push((format!("  entities: {class}"), entity_score(Some(class))));
    }

    // Roles of the clauses, then the lead's beneficiaries.
    let gold_index: BTreeMap<&str, usize> =
        gold_entities.iter().enumerate().map(|(i, r)| (r.id.get_ref().as_str(), i)).collect();
    let gold_roles: BTreeSet<(usize, String, usize)> = gold
        .measure
        .iter()
        .enumerate()
        .flat_map(|(m, rec)| rec.involves.iter().map(move |i| (m, i.role.clone(), i.entity.get_ref().clone())))
        .map(|(m, role, e)| (m, role, gold_index[e.as_str()]))
        .collect();
    let predicted_roles: Vec<(usize, String, usize)> = x
        .measures
        .iter()
        .enumerate()
        .flat_map(|(m, measure)| {
            measure.roles.iter().filter(|r| !r.cue.ends_with("(the lead)")).map(move |r| (m, r.role.clone(), r.entity))
        })
        .collect();
    let mut found = BTreeSet::new();
    let mut true_predicted = 0;
    for (m, role, e) in &predicted_roles {
        // A predicted entity may match a curated one by name even when its class differs.
        let g_entity = gold_entities.iter().position(|r| same(&x.entities[*e], r)).filter(|_| true);
        if let (Some(gm), Some(ge)) = (matched.get(m), g_entity) {
            let key = (*gm, role.clone(), ge);
            if gold_roles.contains(&key) {
                true_predicted += 1;
                found.insert(key);
            }
        }
    }
    if std::env::var_os("POLICYKG_SCORE_DEBUG").is_some() {
        for (m, role, e) in gold_roles.iter().filter(|k| !found.contains(*k)) {
            eprintln!("missed role {} {role} {}", gold.measure[*m].id.get_ref(), gold_entities[*e].zh_hans);
        }
    }
    rows.push((
        "roles (clauses)".to_string(),
        Score { predicted: predicted_roles.len(), gold: gold_roles.len(), true_predicted, found: found.len() },
    ));
    let lead_gold: BTreeSet<usize> = gold.beneficiary.iter().map(|b| gold_index[b.entity.get_ref().as_str()]).collect();
    let lead_predicted: BTreeSet<usize> = x
        .measures
        .iter()
        .flat_map(|m| m.roles.iter().filter(|r| r.cue.ends_with("(the lead)")).map(|r| r.entity))
        .collect();
    let lead_true: BTreeSet<usize> = lead_predicted
        .iter()
        .filter_map(|e| gold_entities.iter().position(|r| same(&x.entities[*e], r)))
        .filter(|g| lead_gold.contains(g))
        .collect();
    rows.push((
        "document beneficiaries (lead)".to_string(),
        Score {
            predicted: lead_predicted.len(),
            gold: lead_gold.len(),
            true_predicted: lead_true.len(),
            found: lead_true.len(),
        },
    ));

    // Connect 赣州 粤港澳大湾区 on the curated graph and on the extracted graph alone.
    let curated = policykg::source::Source::builtin().unwrap();
    let (want, _) = policykg::analysis::connect_names(&curated, "赣州", "粤港澳大湾区").unwrap();
    let file = extract::quads::SourceFile { name: "scored.txt".into(), encoding: "UTF-8", bytes: 0 };
    let extracted =
        policykg::source::Source::from_quads(extract::quads::quads(&x, &file, &knowledge, ontology)).unwrap();
    let got: Vec<Range<usize>> = match policykg::analysis::connect_names(&extracted, "赣州", "粤港澳大湾区") {
        Ok((c, _)) => c.measures.iter().map(|m| m.evidence.start..m.evidence.end).collect(),
        Err(_) => Vec::new(),
    };
    let want_quotes: Vec<String> = want.measures.iter().map(|m| m.evidence.quote.clone()).collect();
    let want: Vec<Range<usize>> = want.measures.iter().map(|m| m.evidence.start..m.evidence.end).collect();
    let hits = match_spans(&got, &want);
    if std::env::var_os("POLICYKG_SCORE_DEBUG").is_some() {
        let found: BTreeSet<usize> = hits.values().copied().collect();
        for (g, q) in want_quotes.iter().enumerate().filter(|(g, _)| !found.contains(g)) {
            eprintln!("connect missed {:?} {q}", want[g]);
        }
    }
    rows.push((
        "connect 赣州 粤港澳大湾区".to_string(),
        Score { predicted: got.len(), gold: want.len(), true_predicted: hits.len(), found: hits.len() },
    ));
    // For comparison, what a user with the whole catalogue gets: not the measure.
    let full = Knowledge::builtin();
    let x = extract::extract(
        "full",
        policykg::builtin::RAW_TEXT,
        full,
        Rules::builtin(),
        ontology,
        &policykg::builtin::emendations(),
    );
    let extracted = policykg::source::Source::from_quads(extract::quads::quads(&x, &file, full, ontology)).unwrap();
    let got: Vec<Range<usize>> = match policykg::analysis::connect_names(&extracted, "赣州", "粤港澳大湾区") {
        Ok((c, _)) => c.measures.iter().map(|m| m.evidence.start..m.evidence.end).collect(),
        Err(_) => Vec::new(),
    };
    let hits = match_spans(&got, &want);
    rows.push((
        "connect, with the whole catalogue (for comparison)".to_string(),
        Score { predicted: got.len(), gold: want.len(), true_predicted: hits.len(), found: hits.len() },
    ));
    Scores { rows }
}

impl Scores {
    pub fn get(&self, name: &str) -> Score {
        self.rows.iter().find(|(n, _)| n == name).map(|(_, s)| *s).unwrap_or_default()
    }

    /// The table as Markdown.
    pub fn table(&self) -> String {
        let mut s = String::from("| what | precision | recall | predicted | curated | matched (pred / curated) |\n");
        s.push_str("|---|---:|---:|---:|---:|---:|\n");
        for (name, x) in &self.rows {
            s.push_str(&format!(
                "| {name} | {:.2} | {:.2} | {} | {} | {} / {} |\n",
                x.precision(),
                x.recall(),
                x.predicted,
                x.gold,
                x.true_predicted,
                x.found
            ));
        }
        s
    }
}

/// Floors this extractor reaches on the article today (see the README's table); they guard against a
/// regression, and are below the targets where the extractor is. Not tuned: the rules are
/// the genre's words, and the numbers are what they give.
#[test]
fn extraction_scores_against_the_curated_graph_stay_above_their_floors() {
    let s = scores();
    eprintln!("{}", s.table());
    let floor = |name: &str, p: f64, r: f64| {
        let x = s.get(name);
        assert!(
            x.precision() >= p && x.recall() >= r,
            "{name}: P {:.2} R {:.2} under the floor {p} {r}\n{}",
            x.precision(),
            x.recall(),
            s.table()
        );
    };
    floor("measures", FLOORS[0].0, FLOORS[0].1);
    floor("entities (all classes)", FLOORS[1].0, FLOORS[1].1);
    floor("roles (clauses)", FLOORS[2].0, FLOORS[2].1);
    floor("connect 赣州 粤港澳大湾区", 0.0, FLOORS[3].1);
}

/// (precision, recall) floors of measures, entities, roles and connect: the numbers measured (README),
/// rounded down. On this article they meet the targets (0.9, 0.8, 0.7, 0.9), entity recall
/// only just (84 of 105); these floors only catch a regression.
const FLOORS: [(f64, f64); 4] = [(0.95, 0.95), (0.80, 0.78), (0.80, 0.76), (0.0, 0.90)];
