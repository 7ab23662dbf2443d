//! Reading a new policy text into a cited graph (`policykg extract`).
//!
//! The text is decoded ([`decode`]: UTF-8, else GB18030/GBK), cleaned by [`crate::text::clean`]
//! (pinyin glosses, shifted-GBK runs, narrowed punctuation; Traditional and Simplified one for one)
//! and segmented. A clause that opens with the `skos:notation` of a `pk:Action` (after a lead-in
//! such as `《…》提出` and adverbs such as `积极`) is a measure; a short first sentence, or a line of its
//! own, that frames what follows gives those measures a pillar. Entities are the catalogue's labels
//! and aliases and the division gazetteer's names ([`knowledge`], Aho–Corasick, leftmost-longest),
//! and names that the rules of `data/extract-rules.toml` find in jieba's words (a run of name-like
//! words ending in a class suffix, a quoted name, an item of a `…等产业` list). Roles come from the
//! clause's own cue words, else from the entity's class. [`quads`] writes the document's own graph,
//! every fact with a W3C Web Annotation and PROV-O provenance.
//!
//! All offsets are Unicode code points of the clean text (the same in both scripts), end exclusive.

pub mod decode;
pub mod knowledge;
pub mod quads;
pub mod rules;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::LazyLock;

use jieba_rs::Jieba;
use serde::Serialize;

pub use decode::{DecodeError, Encoding, decode};
pub use knowledge::{Knowledge, NameKind, Origin};
pub use rules::Rules;

use crate::kg::Ontology;
use crate::rdf::vocab::{RESOURCE, document_graph, document_namespace as namespace, iri_segment};
use crate::text::{CleanText, Emendation, Script, SegmentKind, numbering_len};

/// The extractor's name and version, as its PROV-O activity states them.
pub const EXTRACTOR: &str = concat!("policykg extract ", env!("CARGO_PKG_VERSION"));

/// jieba's dictionary, with the built-in rules' agency names as whole words (tag `nt`, an
/// organisation, as jieba tags 商务局).
static JIEBA: LazyLock<Jieba> = LazyLock::new(|| {
    let mut jieba = Jieba::new();
    for name in &Rules::builtin().agency_names {
        jieba.add_word(name, None, Some("nt"));
    }
    jieba
});

/// A pillar: the heading that frames a group of measures.
#[derive(Debug, Clone, Serialize)]
pub struct Pillar {
    /// IRI in the document's namespace.
    pub iri: String,
    /// The heading's words, lead-in and numbering left out; for a paragraph with no heading,
    /// `段落 N` (its 1-based number).
    pub label: String,
    /// The same in Traditional, for a pillar with a heading.
    pub label_hant: Option<String>,
    /// The heading's span, or `None` for a paragraph with no heading.
    pub span: Option<Range<usize>>,
}

/// An entity's part in a measure.
#[derive(Debug, Clone, Serialize)]
pub struct RoleFact {
    /// Local name of a sub-property of `pk:involves`.
    pub role: String,
    /// Index into [`Extraction::entities`].
    pub entity: usize,
    /// The mention's span.
    pub span: Range<usize>,
    /// The cue word that gave the role, or `class` when the entity's class did.
    pub cue: String,
}

/// A measure: one clause that opens with a policy verb.
#[derive(Debug, Clone, Serialize)]
pub struct Measure {
    pub iri: String,
    pub span: Range<usize>,
    /// The verb, as written.
    pub verb: String,
    /// The `pk:Action` IRI.
    pub action: String,
    /// Index into [`Extraction::pillars`]; `None` for a commitment of the sentence that reports the
    /// document (《…》提出，支持…), a `pk:LeadCommitment`, which no pillar holds.
    pub pillar: Option<usize>,
    pub roles: Vec<RoleFact>,
}

/// An entity the text names.
#[derive(Debug, Clone, Serialize)]
pub struct Entity {
    pub iri: String,
    /// `pk:` local class name.
    pub class: String,
    /// Simplified label.
    pub label: String,
    pub origin: Origin,
    /// Index into the knowledge's entities, for a known one.
    #[serde(skip)]
    pub known: Option<usize>,
    /// Every span that names it.
    pub mentions: Vec<Range<usize>>,
    /// For a new entity whose name opens with a known region's name (深圳前海): that region's
    /// entity index and the span of its name.
    pub located_in: Option<(usize, Range<usize>)>,
}

/// Something the extractor saw and did not use.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub span: Range<usize>,
    pub why: String,
}

/// What was read from one text.
#[derive(Debug, Clone)]
pub struct Extraction {
    /// The document id: the last segment of its IRI namespace.
    pub id: String,
    pub clean: CleanText,
    pub pillars: Vec<Pillar>,
    pub measures: Vec<Measure>,
    pub entities: Vec<Entity>,
    pub skipped: Vec<Skipped>,
    /// The first title in 《》 of the text, if any.
    pub title: Option<String>,
}

/// The IRI a new entity gets from its Simplified label: the same in every document.
pub fn minted_iri(label: &str) -> String {
    format!("{RESOURCE}entity/{}", iri_segment(label))
}

/// A document id from a file name: its stem, with every character other than letters, digits, `-`,
/// `_` and `.` made `-`.
pub fn id_from_stem(stem: &str) -> String {
    let id: String =
        stem.chars().map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '-' }).collect();
    if id.is_empty() { "document".to_string() } else { id }
}

/// A candidate name in a measure, before the leftmost-longest choice.
#[derive(Debug, Clone)]
struct Candidate {
    span: Range<usize>,
    /// Known entity, or a new one with its class.
    known: Option<usize>,
    class: String,
}

/// The entities found so far, one per IRI.
struct Registry {
    entities: Vec<Entity>,
    of: BTreeMap<String, usize>,
}

impl Registry {
    /// The entity a candidate names (added on first sight), with the mention recorded.
    fn add(&mut self, c: &Candidate, label: String, knowledge: &Knowledge) -> usize {
        let (iri, class, origin, label) = match c.known {
            Some(k) => {
                let e = &knowledge.entities[k];
                (e.iri.clone(), e.class.clone(), e.origin, e.label.clone())
            }
            None => {
                let label = industry_core(&c.class, label);
                (minted_iri(&label), c.class.clone(), Origin::Rule, label)
            }
        };
        let entities = &mut self.entities;
        let i = *self.of.entry(iri.clone()).or_insert_with(|| {
            entities.push(Entity { iri, class, label, origin, known: c.known, mentions: Vec::new(), located_in: None });
            entities.len() - 1
        });
        if !entities[i].mentions.contains(&c.span) {
            entities[i].mentions.push(c.span.clone());
        }
        i
    }
}

/// The items of `sorted` (by the start of `range_of`) that start within `span`.
fn in_span<'a, T>(sorted: &'a [T], span: &Range<usize>, range_of: impl Fn(&T) -> &Range<usize>) -> &'a [T] {
    let from = sorted.partition_point(|x| range_of(x).start < span.start);
    let to = sorted.partition_point(|x| range_of(x).start < span.end);
    &sorted[from..to.max(from)]
}

/// An industry named with 产业 is the industry itself (家具产业 is 家具), when two characters remain.
/// A core that is one word and no noun (主导, 首位) keeps its 产业.
fn industry_core(class: &str, label: String) -> String {
    match label.strip_suffix("产业") {
        Some(core) if class == "Industry" && core.chars().count() >= 2 => {
            let tags = JIEBA.tag(core, true);
            let noun = |tag: &str| tag.starts_with('n') || matches!(tag, "eng" | "j" | "l" | "vn");
            if tags.len() == 1 && !noun(tags[0].tag) { label } else { core.to_string() }
        }
        _ => label,
    }
}

/// Every place in the text where an industry found by the first pass is named, leftmost-longest.
fn document_industries(registry: &Registry, text: &str) -> Vec<Candidate> {
    let names: BTreeSet<String> = registry
        .entities
        .iter()
        .filter(|e| e.origin == Origin::Rule && e.class == "Industry" && e.label.chars().count() >= 2)
        .flat_map(|e| [e.label.clone(), format!("{}产业", e.label)])
        .collect();
    let names: Vec<String> = names.into_iter().collect();
    if names.is_empty() {
        return Vec::new();
    }
    let Ok(matcher) =
        aho_corasick::AhoCorasick::builder().match_kind(aho_corasick::MatchKind::LeftmostLongest).build(&names)
    else {
        return Vec::new();
    };
    let mut char_at = vec![0; text.len() + 1];
    let mut n = 0;
    for (b, c) in text.char_indices() {
        for k in 0..c.len_utf8() {
            char_at[b + k] = n;
        }
        n += 1;
    }
    char_at[text.len()] = n;
    matcher
        .find_iter(text)
        .map(|m| Candidate { span: char_at[m.start()]..char_at[m.end()], known: None, class: "Industry".to_string() })
        .collect()
}

/// Reads `text` (already decoded) as the document `id`.
pub fn extract(
    id: &str,
    text: &str,
    knowledge: &Knowledge,
    rules: &Rules,
    ontology: &Ontology,
    emendations: &[Emendation],
) -> Extraction {
    let clean = crate::text::clean(text, emendations);
    let hans: Vec<char> = clean.chars(Script::Hans).to_vec();
    let hans_text: String = hans.iter().collect();
    let openers = ontology.clause_openers();
    // A clause also opens with an adverb before a policy verb (，积极对接 …).
    let mut clause_openers = openers.clone();
    for adverb in &rules.adverbs {
        clause_openers.extend(openers.iter().map(|o| format!("{adverb}{o}")));
    }
    let segments = crate::text::segment(&hans, &clause_openers);
    let ns = namespace(id);
    let slice = |r: &Range<usize>| -> String { hans[r.clone()].iter().collect() };
    let hant_label =
        |r: &Range<usize>| -> Option<String> { clean.slice(Script::Hant, r.clone()).map(|t| heading_label(&t, rules)) };
    let mut skipped = Vec::new();

    // Known names, disambiguated: a county's short form or a name several divisions bear counts only
    // when the document names a division above it in full.
    let matches = knowledge.find(&hans_text);
    let named: BTreeSet<usize> = matches
        .iter()
        .filter(|m| {
            m.candidates.len() == 1 && (m.kind == NameKind::Full || knowledge.short_form_alone(m.candidates[0]))
        })
        .map(|m| m.candidates[0])
        .collect();
    // Word boundaries (code points): a known name both of whose ends fall inside words is an accident of
    // two words meeting (江西 in 珠江|西岸), not a name.
    let mut boundaries = BTreeSet::from([0]);
    let mut at = 0;
    for word in JIEBA.cut(&hans_text, true) {
        at += word.word.chars().count();
        boundaries.insert(at);
    }
    let mut known_at: Vec<(Range<usize>, usize)> = Vec::new();
    for m in matches.iter().filter(|m| boundaries.contains(&m.start) || boundaries.contains(&m.end)) {
        let fits = |e: &usize| {
            let alone = m.candidates.len() == 1 && (m.kind == NameKind::Full || knowledge.short_form_alone(*e));
            alone || knowledge.ancestors(*e).iter().any(|a| named.contains(a))
        };
        let mut fitting: Vec<usize> = m.candidates.iter().copied().filter(fits).collect();
        // Divisions of one name nested in each other (长沙 for 长沙市 and its 长沙县): the name alone
        // names the one that holds the others, as a county is called after its city.
        // Unless the text names one of the others in full.
        if m.candidates.len() > 1 && m.kind == NameKind::Short {
            let holder = m
                .candidates
                .iter()
                .copied()
                .find(|h| m.candidates.iter().all(|o| o == h || knowledge.ancestors(*o).contains(h)));
            if let Some(h) = holder.filter(|h| !m.candidates.iter().any(|o| o != h && named.contains(o))) {
                fitting = vec![h];
            }
        }
        match fitting.as_slice() {
            [e] => known_at.push((m.start..m.end, *e)),
            // A county's short name with nothing above it named is most often a word (合作, 大方).
            [] if m.kind == NameKind::Short && m.candidates.len() == 1 => {}
            _ => skipped.push(Skipped {
                span: m.start..m.end,
                why: if m.candidates.len() == 1 {
                    format!(
                        "{} is a short division name, and the text names nothing above it",
                        slice(&(m.start..m.end))
                    )
                } else {
                    format!(
                        "{} may name {} divisions, and the text names nothing above any",
                        slice(&(m.start..m.end)),
                        m.candidates.len()
                    )
                },
            }),
        }
    }

    // Paragraphs, sentences, clauses.
    let paragraphs: Vec<_> = segments.iter().filter(|s| s.kind == SegmentKind::Paragraph).collect();
    // Segments are sorted by start: each lookup starts where its range does.
    let within = |kind: SegmentKind, r: &Range<usize>| -> Vec<Range<usize>> {
        let from = segments.partition_point(|s| s.start < r.start);
        segments[from..]
            .iter()
            .take_while(|s| s.start < r.end)
            .filter(|s| s.kind == kind && s.end <= r.end)
            .map(|s| s.range())
            .collect()
    };
    let title = title_of(&hans);
    let mut pillars: Vec<Pillar> = Vec::new();
    let mut measures: Vec<Measure> = Vec::new();
    // Clauses of a sentence that reports the document's issue and open with a policy verb: the
    // document's headline commitments, and whom the document as a whole supports (支持赣州…).
    let mut lead_clauses: Vec<Range<usize>> = Vec::new();
    let mut section: Option<usize> = None;
    // Sentences that say who carries out an item's measures, with their cue and those measures.
    let mut responsible: Vec<(Range<usize>, String, Range<usize>)> = Vec::new();
    // The measures of the last paragraph that had any: a paragraph of responsibility alone follows its item.
    let mut last_item: Range<usize> = 0..0;
    for (n, paragraph) in paragraphs.iter().enumerate() {
        let range = paragraph.range();
        let first_measure = measures.len();
        let mut cued: Vec<(Range<usize>, String)> = Vec::new();
        let sentences: Vec<Range<usize>> = within(SegmentKind::Sentence, &range);
        let ends_sentence = |r: &Range<usize>| hans[r.end - 1] == '。' || hans[r.end - 1] == '！';
        // The text's first line, unnumbered and with no sentence end, is its title: no heading, no measure.
        let line = sentences.len() == 1 && !ends_sentence(&sentences[0]);
        if n == 0
            && line
            && paragraphs.len() > 1
            && numbering_len(&hans[range.clone()]) == 0
            && range.len() <= rules.title_max_chars
        {
            continue;
        }
        // A line of its own that frames the paragraphs after it.
        if sentences.len() == 1 && !ends_sentence(&sentences[0]) && range.len() <= rules.heading_max_chars {
            let (label, label_hant) = (heading_label(&slice(&range), rules), hant_label(&range));
            pillars.push(Pillar {
                iri: format!("{ns}P{}", pillars.len() + 1),
                label,
                label_hant,
                span: Some(range.clone()),
            });
            section = Some(pillars.len() - 1);
            continue;
        }
        let mut pillar = section;
        let mut body_start = range.start;
        // A sentence that holds a measure: a clause of it opens with a policy verb.
        let holds_measure = |sentence: &Range<usize>| {
            within(SegmentKind::Clause, sentence)
                .into_iter()
                .flat_map(|c| split_at_enumeration(&hans, c, &openers))
                .any(|c| opening(&hans, c, rules, &openers).is_some())
        };
        // A sentence that names who acts, or a phrase, before its verb (赣州市加快…) is a measure, never
        // a heading.
        let names_its_subject =
            |sentence: Range<usize>| matches!(opening(&hans, sentence, rules, &openers), Some((_, _, true)));
        if let Some(first) = sentences.first() {
            let clauses = within(SegmentKind::Clause, first).len();
            // A heading frames measures: with none after it (only who is responsible, a date), the first
            // sentence is the item's own measure.
            if sentences.len() > 1
                && clauses == 1
                && first.len() <= rules.heading_max_chars
                && !names_its_subject(first.clone())
                && sentences[1..].iter().any(holds_measure)
            {
                let (label, label_hant) = (heading_label(&slice(first), rules), hant_label(first));
                pillars.push(Pillar {
                    iri: format!("{ns}P{}", pillars.len() + 1),
                    label,
                    label_hant,
                    span: Some(first.clone()),
                });
                pillar = Some(pillars.len() - 1);
                body_start = first.end;
            }
        }
        for sentence in sentences.iter().filter(|s| s.start >= body_start) {
            let cue = rules.responsibility_cues.iter().find(|cue| slice(sentence).contains(cue.as_str()));
            if let Some(cue) = cue.filter(|_| !holds_measure(sentence)) {
                cued.push((sentence.clone(), cue.clone()));
                continue;
            }
            // The preamble's aims (为…，加快建设…，打造…，现提出如下意见) are the document's headline commitments,
            // as a report's lead sentence is; the words that announce the measures end them.
            let preamble_at = rules
                .preamble_cues
                .iter()
                .filter_map(|cue| slice(sentence).find(cue.as_str()))
                .min()
                .map(|b| sentence.start + slice(sentence)[..b].chars().count());
            let reports =
                preamble_at.is_some() || rules.lead_cues.iter().any(|cue| slice(sentence).contains(cue.as_str()));
            for clause in
                within(SegmentKind::Clause, sentence).into_iter().flat_map(|c| split_at_enumeration(&hans, c, &openers))
            {
                // Cut before the announcing words, and before the comma that leads to them.
                let clause = match preamble_at {
                    Some(at) if clause.start >= at => continue,
                    Some(at) if clause.end > at => {
                        let end = (clause.start..at).rev().find(|k| !"， ".contains(hans[*k])).map_or(at, |k| k + 1);
                        clause.start..end
                    }
                    _ => clause,
                };
                let Some((start, verb, _)) = opening(&hans, clause.clone(), rules, &openers) else { continue };
                if clause.end - start > rules.max_measure_chars {
                    skipped.push(Skipped {
                        span: start..clause.end,
                        why: format!(
                            "opens with a policy verb but runs {} characters, over {}",
                            clause.end - start,
                            rules.max_measure_chars
                        ),
                    });
                    continue;
                }
                let action = ontology.action_of(&verb).map(|a| a.as_str().to_string()).unwrap_or_default();
                if reports {
                    // The document's own headline commitments: measures of no pillar (pk:LeadCommitment),
                    // and their support verbs name the document's beneficiaries too.
                    lead_clauses.push(start..clause.end);
                    let leads = measures.iter().filter(|m| m.pillar.is_none()).count();
                    measures.push(Measure {
                        iri: format!("{ns}L{}", leads + 1),
                        span: start..clause.end,
                        verb,
                        action,
                        pillar: None,
                        roles: Vec::new(),
                    });
                    continue;
                }
                let pillar = *pillar.get_or_insert_with(|| {
                    pillars.push(Pillar {
                        iri: format!("{ns}P{}", pillars.len() + 1),
                        label: format!("段落 {}", n + 1),
                        label_hant: None,
                        span: None,
                    });
                    pillars.len() - 1
                });
                let numbered = measures.iter().filter(|m| m.pillar.is_some()).count();
                measures.push(Measure {
                    iri: format!("{ns}M{:02}", numbered + 1),
                    span: start..clause.end,
                    verb,
                    action,
                    pillar: Some(pillar),
                    roles: Vec::new(),
                });
            }
        }
        if measures.len() > first_measure {
            last_item = first_measure..measures.len();
        }
        for (sentence, cue) in cued {
            responsible.push((sentence, cue, last_item.clone()));
        }
    }

    // Entities and roles, measure by measure.
    // Two passes: the industries the first finds are names everywhere in the second (家具 inside
    // 家具企业, 稀土 inside 稀土永磁电机产业园), as the catalogue's names are.
    let mut registry = Registry { entities: Vec::new(), of: BTreeMap::new() };
    let mut document_names: Vec<Candidate> = Vec::new();
    for pass in 0..2 {
        registry = Registry { entities: Vec::new(), of: BTreeMap::new() };
        for measure in &mut measures {
            let span = measure.span.clone();
            let known: Vec<Candidate> = in_span(&known_at, &span, |(r, _)| r)
                .iter()
                .filter(|(r, _)| r.end <= span.end)
                .map(|(r, k)| Candidate {
                    span: r.clone(),
                    known: Some(*k),
                    class: knowledge.entities[*k].class.clone(),
                })
                .collect();
            // The measure's own verb is never part of a name.
            let verb_end = (span.start..span.end)
                .find(|&at| hans[at..span.end].starts_with(&measure.verb.chars().collect::<Vec<_>>()))
                .map_or(span.start, |at| at + measure.verb.chars().count());
            // Names before the verb too: a prepositional lead-in's (以国家级、省级开发区为载体，积极对接…).
            let verb_start = verb_end - measure.verb.chars().count().min(verb_end - span.start);
            let frames = rules.frame_lead_ins.iter().any(|f| slice(&span).starts_with(f.as_str()));
            let mut found = if frames { Vec::new() } else { discover(&hans, span.start..verb_start, rules, &openers) };
            found.extend(discover(&hans, verb_end..span.end, rules, &openers));
            // Two or more provinces' short names and a border word before a name open it: the name is
            // of their border area (湘赣边区域合作示范区, 闽粤赣边…).
            for f in &mut found {
                let Some(border) = rules.border_words.iter().map(|w| w.chars().collect::<Vec<char>>()).find(|w| {
                    f.span.start >= span.start + w.len() && hans[f.span.start - w.len()..f.span.start] == w[..]
                }) else {
                    continue;
                };
                let at = f.span.start - border.len();
                let provinces =
                    (span.start..at).rev().take_while(|k| knowledge.province_by_short_name(hans[*k]).is_some()).count();
                if provinces >= 2 {
                    f.span.start = at - provinces;
                }
            }
            // Nor is a known region's (赣州产业): a region's name and an industry suffix alone.
            let industry_suffix =
                |s: &str| rules.suffixes.get("Industry").is_some_and(|list| list.iter().any(|x| x == s));
            // And a known region's name that opens an industry's is not part of it (粤港澳大湾区电子信息产业
            // is the Bay Area's 电子信息产业).
            found.retain_mut(|f| {
                let region = known.iter().find(|k| {
                    f.class == "Industry"
                        && k.class == "Region"
                        && k.span.start == f.span.start
                        && k.span.end < f.span.end
                });
                match region {
                    None => true,
                    Some(k) if industry_suffix(&slice(&(k.span.end..f.span.end))) => false,
                    Some(k) => {
                        f.span.start = k.span.end;
                        f.span.len() >= 2
                    }
                }
            });
            found.extend(
                in_span(&document_names, &span, |c| &c.span)
                    .iter()
                    .filter(|c| {
                        c.span.end <= span.end && ((!frames && c.span.end <= verb_start) || c.span.start >= verb_end)
                    })
                    .cloned(),
            );
            let chosen = leftmost_longest(known.iter().cloned().chain(found.iter().cloned()).collect());
            // Known names and new region names inside a chosen new name (粤港澳大湾区 in
            // 粤港澳大湾区产业合作区): kept when a cue gives them a role, or when they are industries the
            // named platform or program serves.
            let mut nested: Vec<Candidate> = Vec::new();
            let inner_regions = found.iter().filter(|f| f.class == "Region" || f.class == "Industry");
            for c in chosen.iter().filter(|c| c.known.is_none()) {
                for k in known
                    .iter()
                    .chain(inner_regions.clone())
                    .filter(|k| k.span.start >= c.span.start && k.span.end <= c.span.end && k.span != c.span)
                {
                    if !nested.iter().any(|n| n.span == k.span) {
                        nested.push(k.clone());
                    }
                }
            }
            // Known names inside a chosen known name (粤港澳大湾区 in the catalogue's
            // 对接粤港澳大湾区产业合作区): the longest known name at each place inside it.
            for c in chosen.iter().filter(|c| c.known.is_some() && c.span.len() > 2) {
                for at in c.span.clone() {
                    let inner: String = hans[at..c.span.end].iter().collect();
                    let Some(m) = knowledge.find(&inner).into_iter().find(|m| m.start == 0) else { continue };
                    let range = at..at + m.end;
                    let whole = range == c.span;
                    let inside = nested.iter().any(|n| n.span.start <= range.start && n.span.end >= range.end);
                    if let ([e], false, false, NameKind::Full) = (m.candidates.as_slice(), whole, inside, m.kind) {
                        let class = knowledge.entities[*e].class.clone();
                        if class == "Region" || class == "Industry" {
                            nested.push(Candidate { span: range, known: Some(*e), class });
                        }
                    }
                }
            }
            let tops: Vec<Range<usize>> = chosen.iter().map(|c| c.span.clone()).collect();
            let mut roles = Vec::new();
            for (c, is_nested) in chosen.iter().map(|c| (c, false)).chain(nested.iter().map(|c| (c, true))) {
                let others: Vec<Range<usize>> = tops.iter().filter(|r| **r != c.span).cloned().collect();
                let cued = cue_role(&hans, &span, &c.span, &c.class, &others, rules);
                // The places a transport line's name links are where the measure takes place.
                let on_route = is_nested
                    && c.class == "Region"
                    && chosen.iter().any(|t| {
                        t.span.start <= c.span.start
                            && t.span.end >= c.span.end
                            && rules.route_suffixes.iter().any(|s| slice(&t.span).ends_with(s.as_str()))
                    });
                let (role, cue) = match cued {
                    Some(rc) => rc,
                    None if on_route => ("location".to_string(), "route".to_string()),
                    None if is_nested && c.class != "Industry" => continue,
                    None => match rules.roles.by_class.get(&c.class) {
                        Some(role) => (role.clone(), "class".to_string()),
                        None => continue,
                    },
                };
                let label = slice(&c.span);
                let e = registry.add(c, label, knowledge);
                roles.push(RoleFact { role, entity: e, span: c.span.clone(), cue });
            }
            // A new name that opens with a known region's name lies in that region.
            for c in chosen.iter().filter(|c| c.known.is_none()) {
                let Some(region) = nested
                    .iter()
                    .chain(&known)
                    .find(|k| k.span.start == c.span.start && k.span.end < c.span.end && k.class == "Region")
                else {
                    continue;
                };
                let Some(&e) = registry.of.get(&minted_iri(&slice(&c.span))) else { continue };
                let r = registry.add(region, slice(&region.span), knowledge);
                if registry.entities[e].located_in.is_none() && r != e {
                    registry.entities[e].located_in = Some((r, region.span.clone()));
                }
            }
            roles.sort_by_key(|r| (r.span.start, r.span.end, r.role.clone()));
            measure.roles = roles;
        }
        if pass == 0 {
            document_names = document_industries(&registry, &hans_text);
        }
    }
    // Regions the lead's support verbs name benefit from every measure, on the lead's words.
    let mut document_roles = Vec::new();
    for lead in &lead_clauses {
        let inside: Vec<&(Range<usize>, usize)> =
            known_at.iter().filter(|(r, _)| r.start >= lead.start && r.end <= lead.end).collect();
        let spans: Vec<Range<usize>> = inside.iter().map(|(r, _)| r.clone()).collect();
        for (r, k) in inside {
            let class = &knowledge.entities[*k].class;
            let others: Vec<Range<usize>> = spans.iter().filter(|o| *o != r).cloned().collect();
            if let Some((role, cue)) =
                cue_role(&hans, lead, r, class, &others, rules).filter(|(role, _)| role == "beneficiary")
            {
                let c = Candidate { span: r.clone(), known: Some(*k), class: class.clone() };
                let e = registry.add(&c, slice(r), knowledge);
                document_roles.push(RoleFact { role, entity: e, span: r.clone(), cue: format!("{cue} (the lead)") });
            }
        }
    }
    for measure in &mut measures {
        for role in &document_roles {
            if !measure.roles.iter().any(|r| r.entity == role.entity && r.role == role.role) {
                measure.roles.push(role.clone());
            }
        }
    }
    // Provinces a cooperation's name opens with (赣粤产业合作区, new or known): partners, but for the
    // measure's own side.
    for measure in &mut measures {
        let own: BTreeSet<usize> = measure
            .roles
            .iter()
            .filter(|r| r.role == "beneficiary")
            .filter_map(|r| registry.entities[r.entity].known)
            .flat_map(|k| std::iter::once(k).chain(knowledge.ancestors(k)))
            .collect();
        let mut partners = Vec::new();
        let names: Vec<Range<usize>> = measure
            .roles
            .iter()
            .filter(|r| registry.entities[r.entity].class != "Region")
            .map(|r| r.span.clone())
            .collect();
        for span in names {
            let label = slice(&span);
            if !rules.cooperation_words.iter().any(|w| label.contains(w.as_str())) {
                continue;
            }
            let run: Vec<(usize, usize)> =
                span.clone().map_while(|at| knowledge.province_by_short_name(hans[at]).map(|p| (at, p))).collect();
            // Not when the characters begin another known name (粤港澳 of 粤港澳大湾区产业合作区).
            let covered = |at: usize| known_at.iter().any(|(r, _)| r.contains(&at) && *r != span);
            if run.len() < 2 || run.iter().any(|(at, _)| covered(*at)) {
                continue;
            }
            for (at, province) in run.into_iter().filter(|(_, p)| !own.contains(p)) {
                let c = Candidate { span: at..at + 1, known: Some(province), class: "Region".to_string() };
                let e = registry.add(&c, knowledge.entities[province].label.clone(), knowledge);
                partners.push(RoleFact {
                    role: "partner".to_string(),
                    entity: e,
                    span: at..at + 1,
                    cue: format!("short name in {label}"),
                });
            }
        }
        for p in partners {
            if !measure.roles.iter().any(|r| r.entity == p.entity && r.role == p.role) {
                measure.roles.push(p);
            }
        }
        measure.roles.sort_by_key(|r| (r.span.start, r.span.end, r.role.clone()));
    }
    // Who carries out an item's measures: the organisations its responsibility sentence names.
    for (sentence, cue, item) in &responsible {
        let known = known_at
            .iter()
            .filter(|(r, _)| r.start >= sentence.start && r.end <= sentence.end)
            .map(|(r, k)| Candidate { span: r.clone(), known: Some(*k), class: knowledge.entities[*k].class.clone() });
        let chosen = leftmost_longest(
            known
                .chain(discover(&hans, sentence.clone(), rules, &openers))
                .filter(|c| c.class == "Organization" || c.class == "Agency")
                .collect(),
        );
        for c in &chosen {
            let e = registry.add(c, slice(&c.span), knowledge);
            for measure in &mut measures[item.clone()] {
                if !measure.roles.iter().any(|r| r.entity == e && r.role == "actor") {
                    measure.roles.push(RoleFact {
                        role: "actor".to_string(),
                        entity: e,
                        span: c.span.clone(),
                        cue: cue.clone(),
                    });
                }
            }
        }
        for measure in &mut measures[item.clone()] {
            measure.roles.sort_by_key(|r| (r.span.start, r.span.end, r.role.clone()));
        }
    }
    merge_short_names(&mut registry, &mut measures);
    skipped.sort_by_key(|s| (s.span.start, s.span.end));
    Extraction { id: id.to_string(), clean, pillars, measures, entities: registry.entities, skipped, title }
}

/// The names to keep of overlapping candidates: leftmost-longest, a known name winning a tie.
fn leftmost_longest(mut all: Vec<Candidate>) -> Vec<Candidate> {
    all.sort_by_key(|c| (c.span.start, std::cmp::Reverse(c.span.end), c.known.is_none()));
    let mut chosen: Vec<Candidate> = Vec::new();
    for c in all {
        if chosen.last().is_none_or(|last| c.span.start >= last.span.end) {
            chosen.push(c);
        }
    }
    chosen
}

/// A new region's name that ends another new region's name, and only one (大湾区 after 粤港澳大湾区),
/// is that entity named short: its mentions and roles move to the longer name.
fn merge_short_names(registry: &mut Registry, measures: &mut [Measure]) {
    let entities = &registry.entities;
    let mut into: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, short) in entities.iter().enumerate().filter(|(_, e)| e.origin == Origin::Rule) {
        let longer: Vec<usize> = (0..entities.len())
            .filter(|j| {
                let long = &entities[*j];
                *j != i
                    && long.origin == Origin::Rule
                    && short.class == "Region"
                    && long.class == short.class
                    && long.label.ends_with(&short.label)
                    && long.label != short.label
            })
            .collect();
        if let ([j], true) = (longer.as_slice(), short.label.chars().count() >= 3) {
            into.insert(i, *j);
        }
    }
    if into.is_empty() {
        return;
    }
    for (&from, &to) in &into {
        let mentions = std::mem::take(&mut registry.entities[from].mentions);
        registry.entities[to].mentions.extend(mentions);
        registry.entities[to].mentions.sort_by_key(|m| (m.start, m.end));
    }
    // Renumber what is left.
    let mut new_index = BTreeMap::new();
    let mut kept = Vec::new();
    for (i, e) in std::mem::take(&mut registry.entities).into_iter().enumerate() {
        if !into.contains_key(&i) {
            new_index.insert(i, kept.len());
            kept.push(e);
        }
    }
    let map = |i: usize| new_index[&into.get(&i).copied().unwrap_or(i)];
    for e in &mut kept {
        if let Some((r, _)) = &mut e.located_in {
            *r = map(*r);
        }
    }
    for m in measures.iter_mut() {
        for r in &mut m.roles {
            r.entity = map(r.entity);
        }
        let mut seen = BTreeSet::new();
        m.roles.retain(|r| seen.insert((r.role.clone(), r.entity, r.span.start)));
    }
    registry.of = kept.iter().enumerate().map(|(i, e)| (e.iri.clone(), i)).collect();
    registry.entities = kept;
}

/// A clause cut at every `、` that a policy verb follows (支持培育车联网产业、规划建设区块链技术产业园):
/// an enumeration of measures. A prepositional lead-in that opens the clause (从加快…、强化…五大方面，)
/// is not cut: what it enumerates are the frames of the clause after its comma.
fn split_at_enumeration(hans: &[char], clause: Range<usize>, openers: &[String]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = clause.start;
    let lead_in_end = crate::text::PREPOSITIONS
        .iter()
        .any(|p| hans[clause.clone()].starts_with(&p.chars().collect::<Vec<_>>()))
        .then(|| hans[clause.clone()].iter().position(|c| *c == '，').map(|comma| clause.start + comma + 1))
        .flatten()
        .unwrap_or(clause.start);
    for at in lead_in_end..clause.end {
        if hans[at] != '、' && hans[at] != '和' {
            continue;
        }
        // A verb right after the conjunction, with an object after it: a list item that is only a verb,
        // or a verb before 的, is a noun of the list (协同发展, 高质量发展的布局).
        let verb = openers
            .iter()
            .map(|o| o.chars().collect::<Vec<_>>())
            .filter(|o| hans[at + 1..clause.end].starts_with(o))
            .map(|o| o.len())
            .max();
        let object =
            verb.map(|n| at + 1 + n).filter(|after| *after < clause.end && !"的、，；。".contains(hans[*after]));
        if object.is_some() {
            out.push(start..at);
            start = at + 1;
        }
    }
    out.push(start..clause.end);
    out
}

/// Where a measure starts in `clause`, its verb, and whether words other than adverbs stand between
/// the two (a subject, a prepositional phrase): past a lead-in (《…》提出, 将 …), over adverbs (which
/// stay in the measure), the longest opener.
fn opening(hans: &[char], clause: Range<usize>, rules: &Rules, openers: &[String]) -> Option<(usize, String, bool)> {
    let starts = |at: usize, word: &str| {
        let w: Vec<char> = word.chars().collect();
        !w.is_empty() && hans[at..clause.end].starts_with(&w)
    };
    let mut at = clause.start;
    while at < clause.end && hans[at].is_whitespace() {
        at += 1;
    }
    // Numbering: 一、 （一） 1. 1、 and the enumerating 一是 二是.
    at += numbering_len(&hans[at..clause.end]);
    loop {
        if at < clause.end
            && hans[at] == '《'
            && let Some(close) = hans[at..clause.end].iter().position(|c| *c == '》')
        {
            let after = at + close + 1;
            if let Some(v) = rules.lead_in_verbs.iter().find(|v| starts(after, v)) {
                at = after + v.chars().count();
                // The verb of saying may be followed by a comma or a colon (《方案》强调，将…).
                while at < clause.end && "，：".contains(hans[at]) {
                    at += 1;
                }
                continue;
            }
        }
        match rules.lead_in_words.iter().chain(&rules.lead_in_verbs).find(|w| starts(at, w)) {
            // A lead-in word is skipped unless a policy verb starts where it does.
            Some(w) if !openers.iter().any(|o| starts(at, o)) => at += w.chars().count(),
            _ => break,
        }
    }
    // A prepositional lead-in that the segmenter keeps with the clause it governs (通过…平台，开展…,
    // 以…为载体，积极对接…): the measure starts with it, and its verb follows the lead-in's comma.
    if crate::text::PREPOSITIONS.iter().any(|p| starts(at, p))
        && let Some(comma) = hans[at..clause.end].iter().position(|c| *c == '，')
    {
        let mut verb = at + comma + 1;
        while let Some(a) = rules.adverbs.iter().find(|a| starts(verb, a)) {
            verb += a.chars().count();
        }
        if let Some(o) = openers.iter().find(|o| starts(verb, o)) {
            return Some((at, o.clone(), true));
        }
    }
    let start = at;
    while let Some(a) = rules.adverbs.iter().find(|a| starts(at, a)) {
        at += a.chars().count();
    }
    // A word that is an adverb before a verb (统筹推进) is a verb of its own before an object (统筹资源).
    if let Some(o) = openers.iter().find(|o| starts(at, o)).or_else(|| openers.iter().find(|o| starts(start, o))) {
        return Some((start, o.clone(), false));
    }
    // A prepositional phrase may stand before the verb with no comma (对符合条件的园区实施…, 以项目合作为载体
    // 加强…): the verb is the first policy verb after it that no adverb leads, else the first one.
    if rules.phrase_lead_ins.iter().any(|p| starts(start, p)) {
        let limit = (start + 2 * rules.max_subject_chars).min(clause.end);
        let reach = (start + 1..limit).take_while(|k| hans[*k] != '，').collect::<Vec<_>>();
        let verbs: Vec<(usize, &String)> =
            reach.iter().filter_map(|k| openers.iter().find(|o| starts(*k, o)).map(|o| (*k, o))).collect();
        let led = |k: usize| {
            rules.adverbs.iter().any(|a| {
                let a: Vec<char> = a.chars().collect();
                k >= start + a.len() && hans[k - a.len()..k] == a[..]
            })
        };
        if let Some((_, o)) = verbs.iter().find(|(k, _)| !led(*k)).or(verbs.first()) {
            return Some((start, (*o).clone(), true));
        }
    }
    // A clause may name who acts before its verb (赣州市加快…, 湖南、江西两省携手推进…): a short subject
    // that ends in a word of the rules' `subject-ends`, then adverbs, then the verb. The subject stays in
    // the measure, for its roles.
    let limit = (start + rules.max_subject_chars + 1).min(clause.end);
    for verb in start + 1..limit {
        let Some(o) = openers.iter().find(|o| starts(verb, o)) else { continue };
        let mut end = verb;
        // Adverbs between the subject and the verb.
        'back: loop {
            for a in &rules.adverbs {
                let a: Vec<char> = a.chars().collect();
                if end >= start + a.len() && hans[end - a.len()..end] == a[..] {
                    end -= a.len();
                    continue 'back;
                }
            }
            break;
        }
        let subject: String = hans[start..end].iter().collect();
        // Words and list marks only; and the verb is no part of an agency's name (省发展改革委).
        let plain = subject.chars().all(|c| c.is_alphanumeric() || "、和与及".contains(c))
            && !subject.contains('的')
            && !rules.agency_names.iter().any(|n| starts(verb, n));
        if plain && rules.subject_ends.iter().any(|e| subject.ends_with(e.as_str()) && subject.len() > e.len()) {
            return Some((start, o.clone(), true));
        }
        break;
    }
    None
}

/// A heading's label: its words without numbering (一、 （一） 1.), a lead-in (《…》提出) or end mark.
fn heading_label(text: &str, rules: &Rules) -> String {
    let mut s = text.trim().trim_end_matches(['。', '：', ':', '！']).to_string();
    let n = numbering_len(&s.chars().collect::<Vec<_>>());
    s = s.chars().skip(n).collect();
    if s.starts_with('《')
        && let Some(close) = s.find('》')
    {
        let after = &s[close + '》'.len_utf8()..];
        if let Some(v) = rules.lead_in_verbs.iter().find(|v| after.starts_with(v.as_str())) {
            s = after[v.len()..].to_string();
        }
    }
    s.trim().to_string()
}

/// The first title in 《》 in the text.
fn title_of(hans: &[char]) -> Option<String> {
    let open = hans.iter().position(|c| *c == '《')?;
    let close = hans[open..].iter().position(|c| *c == '》')? + open;
    (close > open + 1 && close - open < 120).then(|| hans[open + 1..close].iter().collect())
}

/// The characters that may stand between a cue and the entities of the list it governs.
const LIST_GLUE: &str = "、和与及“”「」 ";

/// The role a cue of the clause gives the entity at `at`, with the cue; `others` are the spans of the
/// clause's other names, which may stand in a list between the cue and the entity.
fn cue_role(
    hans: &[char],
    measure: &Range<usize>,
    at: &Range<usize>,
    class: &str,
    others: &[Range<usize>],
    rules: &Rules,
) -> Option<(String, String)> {
    let r = &rules.roles;
    // Walk left over the list the entity stands in.
    let mut left = at.start;
    let mut stops = vec![left];
    loop {
        if left > measure.start && LIST_GLUE.contains(hans[left - 1]) {
            left -= 1;
        } else if let Some(o) = others.iter().find(|o| o.end == left && o.start >= measure.start) {
            left = o.start;
        } else {
            break;
        }
        stops.push(left);
    }
    let mut right = at.end;
    loop {
        if right < measure.end && LIST_GLUE.contains(hans[right]) {
            right += 1;
        } else if let Some(o) = others.iter().find(|o| o.start == right && o.end <= measure.end) {
            right = o.end;
        } else {
            break;
        }
    }
    // The cue may stand right before the entity or anywhere the list it is in may start (a glue
    // character may also end a cue: 与 in 参与).
    // Bridge words may stand between them (承接国内外特别是珠三角地区…).
    let before = |cues: &[String]| -> Option<String> {
        stops.iter().copied().find_map(|end| {
            let mut text: String = hans[measure.start..end].iter().collect();
            loop {
                let cue = cues.iter().filter(|c| text.ends_with(c.as_str())).max_by_key(|c| c.chars().count());
                if let Some(cue) = cue {
                    return Some(cue.clone());
                }
                match r.cue_bridges.iter().find(|b| text.ends_with(b.as_str())) {
                    Some(b) => text.truncate(text.len() - b.len()),
                    None => return None,
                }
            }
        })
    };
    let after_text: String = hans[right..measure.end].iter().collect();
    let immediately_after: String = hans[at.end..measure.end].iter().collect();
    let region_role = |class: &str| -> Option<(String, String)> {
        if class != "Region" {
            return None;
        }
        if let Some(cue) = before(&r.beneficiary_before) {
            return Some(("beneficiary".to_string(), cue));
        }
        if let Some(cue) = before(&r.location_before) {
            return Some(("location".to_string(), cue));
        }
        r.location_after
            .iter()
            .find(|c| immediately_after.starts_with(c.as_str()))
            .map(|cue| ("location".to_string(), cue.clone()))
    };
    if !r.partner_classes.iter().any(|c| c == class) {
        return region_role(class);
    }
    // The second cue follows the list at once or after a few words of what is shared, in the same
    // clause (与大湾区产业协同发展).
    let near: String = after_text.chars().take_while(|c| !"，；。、".contains(*c)).take(r.partner_gap + 2).collect();
    for [open, close] in &r.partner_between {
        let within = near.find(close.as_str()).is_some_and(|at| near[..at].chars().count() <= r.partner_gap);
        if before(std::slice::from_ref(open)).is_some() && within {
            return Some(("partner".to_string(), format!("{open}…{close}")));
        }
    }
    if let Some(cue) = before(&r.partner_before) {
        return Some(("partner".to_string(), cue));
    }
    region_role(class)
}

/// New names in a measure: quoted names, items of `…等 head` lists, and runs of name-like words
/// that end in a class suffix.
fn discover(hans: &[char], span: Range<usize>, rules: &Rules, openers: &[String]) -> Vec<Candidate> {
    let text: String = hans[span.clone()].iter().collect();
    let mut out = Vec::new();
    let push = |out: &mut Vec<Candidate>, start: usize, end: usize, class: &str| {
        let mut start = start;
        // Generic modifiers never open a name.
        'strip: loop {
            for m in &rules.generic_modifiers {
                let m: Vec<char> = m.chars().collect();
                if hans[start..end].starts_with(&m) && end - start > m.len() {
                    start += m.len();
                    continue 'strip;
                }
            }
            break;
        }
        // No region's name opens with a level word (国家区域发展战略 speaks of the nation's regions).
        if class == "Region"
            && rules
                .levels
                .iter()
                .any(|l| l.chars().count() > 1 && hans[start..end].starts_with(&l.chars().collect::<Vec<_>>()))
        {
            return;
        }
        // An industry has no administrative level (省级消费品工业 is the province's 消费品工业).
        if class == "Industry" {
            for l in &rules.levels {
                let l: Vec<char> = l.chars().collect();
                if hans[start..end].starts_with(&l) && end - start > l.len() {
                    start += l.len();
                    break;
                }
            }
        }
        // Levels joined before a name belong to it (国家级、省级开发区; 国家和省工业设计中心).
        let level_at = |at: usize| -> Option<usize> {
            rules.levels.iter().map(|l| l.chars().count()).filter(|n| *n <= at).find(|n| {
                let level: String = hans[at - n..at].iter().collect();
                rules.levels.contains(&level)
            })
        };
        if rules.levels.iter().any(|l| hans[start..end].starts_with(&l.chars().collect::<Vec<_>>())) {
            while start > span.start + 1 && "、和及与".contains(hans[start - 1]) {
                match level_at(start - 1) {
                    Some(n) if start - 1 - n >= span.start => start = start - 1 - n,
                    _ => break,
                }
            }
        }
        // A name holds its parentheses in pairs: one left open or closed alone is not part of it.
        let mut end = end;
        // Start after a closing parenthesis that nothing in the name opens (区）首位产业 → 首位产业).
        let mut depth = 0usize;
        let from = start;
        for (at, c) in hans[from..end].iter().enumerate() {
            match c {
                '（' => depth += 1,
                '）' if depth == 0 => start = from + at + 1,
                '）' => depth -= 1,
                _ => {}
            }
        }
        let opened = hans[start..end].iter().filter(|c| **c == '（').count();
        let closed = hans[start..end].iter().filter(|c| **c == '）').count();
        if opened != closed || hans.get(end.wrapping_sub(1)) == Some(&'（') {
            match hans[start..end].iter().rposition(|c| *c == '（') {
                // A parenthesis that opens the run opens a list of names (（省商务厅、…负责）).
                Some(0) if opened > closed => start += 1,
                Some(p) if opened > closed => end = start + p,
                _ => {}
            }
        }
        if start >= end {
            return;
        }
        let len = end - start;
        let name: String = hans[start..end].iter().collect();
        // A region's industry (大湾区产业) is no industry of its own.
        if class == "Industry"
            && rules.class_by_suffix(&name).is_some_and(|(_, suffix)| {
                let rest = &name[..name.len() - suffix.len()];
                rules.class_by_suffix(rest).is_some_and(|(c, _)| c == "Region")
            })
        {
            return;
        }
        let bare = rules.is_bare(&name);
        if len >= rules.min_chars.min(2) && len <= rules.max_chars && !bare {
            out.push(Candidate { span: start..end, known: None, class: class.to_string() });
        }
    };

    // Quoted names: 《…》 and “…”.
    for (open, close) in [('《', '》'), ('“', '”')] {
        let mut at = span.start;
        while let Some(o) = hans[at..span.end].iter().position(|c| *c == open) {
            let o = at + o;
            let Some(c) = hans[o + 1..span.end].iter().position(|c| *c == close) else { break };
            let c = o + 1 + c;
            let inner: String = hans[o + 1..c].iter().collect();
            // Quoted names followed, after any further quoted names, by a region's suffix
            // (“三南”地区, “广佛肇”“深莞惠”经济圈) are regions.
            let mut after = c + 1;
            while after < span.end && hans[after] == open {
                match hans[after..span.end].iter().position(|x| *x == close) {
                    Some(k) => after += k + 1,
                    None => break,
                }
            }
            let rest: String = hans[after..span.end].iter().collect();
            let region = rules
                .suffixes
                .get("Region")
                .is_some_and(|r| r.iter().any(|x| x.chars().count() > 1 && rest.starts_with(x.as_str())));
            let class = if region {
                "Region"
            } else {
                rules.class_by_suffix(&inner).map_or(rules.quoted_class.as_str(), |(class, _)| class)
            };
            if c > o + 1 {
                push(&mut out, o + 1, c, class);
            }
            at = c + 1;
        }
    }

    // Words, tagged by jieba.
    let tags = JIEBA.tag(&text, true);
    let words: Vec<(Range<usize>, &str, &str)> =
        tags.iter().map(|t| (span.start + t.start..span.start + t.end, t.word, t.tag)).collect();
    let name_like = |(_, word, tag): &(Range<usize>, &str, &str)| {
        let symbol = word.chars().all(|c| c.is_ascii_alphanumeric() || c == '+');
        let punctuation = word.chars().all(|c| !c.is_alphanumeric()) && !symbol;
        let breaks = rules.break_tags.iter().any(|t| t == tag)
            || openers.iter().any(|o| o == word)
            || rules.break_words.iter().any(|w| w == word);
        let parenthesis = matches!(*word, "（" | "）");
        (symbol || parenthesis || (!breaks && !punctuation)) && !word.chars().any(|c| "、，；。“”《》".contains(c))
    };

    // Lists: A、B、C等 head. Their items are names however short (钨, 氟盐): the list says what they are.
    let mut listed: Vec<(Range<usize>, String)> = Vec::new();
    for (class, heads) in &rules.list_heads {
        for head in heads {
            let pattern = format!("等{head}");
            for (b, _) in text.match_indices(&pattern) {
                let deng = span.start + text[..b].chars().count();
                // A head that is more than its class's word names a category of its own (特色优势产业).
                let head_len = head.chars().count();
                let suffix_alone = rules.suffixes.values().flatten().any(|w| w == head);
                let generic = rules.generic_modifiers.iter().any(|m| head.starts_with(m.as_str()));
                if rules.class_by_suffix(head).is_some_and(|(c, _)| c == class)
                    && !suffix_alone
                    && !generic
                    && head_len > 2
                {
                    out.push(Candidate { span: deng + 1..deng + 1 + head_len, known: None, class: class.clone() });
                }
                // Items back from 等, split at 、 和 及 与; the first item starts after the last word that is
                // not name-like.
                let mut items = Vec::new();
                let mut end = deng;
                let mut at = deng;
                while at > span.start {
                    let c = hans[at - 1];
                    if "、和及与".contains(c) {
                        items.push(at..end);
                        end = at - 1;
                    } else if "，；“”《》".contains(c) {
                        break;
                    }
                    at -= 1;
                }
                let first_start = words
                    .iter()
                    .filter(|w| w.0.end <= end && w.0.start >= at)
                    .rev()
                    .take_while(|w| name_like(w))
                    .last()
                    .map_or(end, |w| w.0.start);
                if items.is_empty() {
                    continue;
                }
                // A region before the first item qualifies the whole list (大湾区生物医药、…等产业).
                let first_start = (first_start..end)
                    .rev()
                    .find(|&k| {
                        let name: String = hans[first_start..k].iter().collect();
                        end - k >= 2
                            && words.iter().any(|w| w.0.end == k)
                            && rules.class_by_suffix(&name).is_some_and(|(c, _)| c == "Region")
                    })
                    .unwrap_or(first_start);
                items.push(first_start..end);
                for item in items.into_iter().filter(|r| !r.is_empty()) {
                    let name: String = hans[item.clone()].iter().collect();
                    let class = rules.class_by_suffix(&name).map_or(class.as_str(), |(c, _)| c);
                    listed.push((item, class.to_string()));
                }
            }
        }
    }

    // A route joiner (至, 经) between places stands inside the name of the line that links them, when
    // name-like words after it end in a route's suffix (长沙至赣州高铁, 衡阳经茶陵至吉安铁路).
    let mut route_glue = BTreeSet::new();
    for (k, _) in words.iter().enumerate().filter(|(_, w)| rules.route_joiners.iter().any(|j| j == w.1)) {
        let mut end = k + 1;
        while end < words.len()
            && (name_like(&words[end]) || rules.route_joiners.iter().any(|j| j == words[end].1))
            && words[end].0.end - words[k].0.end <= rules.max_chars
        {
            end += 1;
            let tail: String = hans[words[k].0.end..words[end - 1].0.end].iter().collect();
            if rules.route_suffixes.iter().any(|s| tail.ends_with(s.as_str())) {
                route_glue.insert(k);
                break;
            }
        }
    }
    let in_name = |k: usize| name_like(&words[k]) || route_glue.contains(&k);

    // Runs of name-like words that end in a suffix; the longest suffixed prefix of the run first.
    let mut i = 0;
    while i < words.len() {
        if !in_name(i) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < words.len() && in_name(j) {
            j += 1;
        }
        let mut from = i;
        while from < j {
            // No name is longer than max-chars: only ends within reach are tried.
            let reach = (from..j).take_while(|k| words[*k].0.end - words[from].0.start <= rules.max_chars).count();
            let best = (from..from + reach).rev().find_map(|k| {
                let name: String = hans[words[from].0.start..words[k].0.end].iter().collect();
                rules.class_by_suffix(&name).map(|(class, _)| (k, class.to_string()))
            });
            match best {
                None if reach == 0 || from + reach < j => from += 1,
                Some((k, class)) => {
                    push(&mut out, words[from].0.start, words[k].0.end, &class);
                    // A region's name that opens a longer name, for the role a cue may give it.
                    for inner in from..k {
                        let name: String = hans[words[from].0.start..words[inner].0.end].iter().collect();
                        let paren = name.contains(['（', '）']);
                        // Not the first stops of a line (长沙至赣州 of 长沙至赣州高铁).
                        let route = rules.route_joiners.iter().any(|j| name.contains(j.as_str()));
                        if !paren && !route && rules.class_by_suffix(&name).is_some_and(|(class, _)| class == "Region")
                        {
                            push(&mut out, words[from].0.start, words[inner].0.end, "Region");
                        }
                    }
                    from = k + 1;
                }
                None => break,
            }
        }
        i = j;
    }
    // A quoted word right before a suffixed name opens it (“菜篮子”供应基地, “科创飞地”园区): the name runs from
    // the opening quote.
    for c in out.iter_mut().filter(|c| c.known.is_none() && c.span.start > span.start + 1) {
        if hans[c.span.start - 1] != '”' {
            continue;
        }
        let Some(open) = (span.start..c.span.start - 1).rev().find(|k| hans[*k] == '“') else { continue };
        let quoted = open + 1..c.span.start - 1;
        let plain = !quoted.is_empty() && hans[quoted].iter().all(|ch| !"“”，、；。".contains(*ch));
        if plain && c.span.end - open <= rules.max_chars {
            c.span.start = open;
        }
    }
    // A purpose verb between a building verb (or 的) and a platform's name belongs to the name: the
    // platform is named for what it is built to do (建设对接粤港澳大湾区产业合作区, 搭建…的对接合作平台).
    for c in out.iter_mut().filter(|c| c.class == "Platform") {
        // The building verb may be the measure's own, before the span names are read in.
        let ends_at = |at: usize, floor: usize, words: &[String]| {
            words
                .iter()
                .map(|w| w.chars().collect::<Vec<char>>())
                .find(|w| at >= floor + w.len() && hans[at - w.len()..at] == w[..])
        };
        let Some(purpose) = ends_at(c.span.start, span.start, &rules.purpose_verbs) else { continue };
        let start = c.span.start - purpose.len();
        if ends_at(start, 0, &rules.building_verbs).is_some() {
            c.span.start = start;
        }
    }
    // Industries joined to one named with its head (稀土和钨产业): the words before the conjunction
    // name an industry too.
    let mut shared = Vec::new();
    for c in out.iter().filter(|c| c.class == "Industry") {
        let Some(at) = c.span.start.checked_sub(1).filter(|at| *at > span.start && "和及、".contains(hans[*at]))
        else {
            continue;
        };
        let start = words
            .iter()
            .filter(|w| w.0.end <= at)
            .rev()
            .take_while(|w| name_like(w))
            .take(2)
            .last()
            .map_or(at, |w| w.0.start);
        let name: String = hans[start..at].iter().collect();
        if start < at && words.iter().any(|w| w.0.end == at) && rules.class_by_suffix(&name).is_none() {
            shared.push((start, at));
        }
    }
    // An organisation's name joined by a conjunction (工业和信息化厅, 发展和改革委员会): the name-like
    // words before the joiner belong to it.
    for c in out.iter_mut().filter(|c| c.class == "Organization") {
        let joiner = rules
            .name_joiners
            .iter()
            .map(|j| j.chars().collect::<Vec<char>>())
            .find(|j| c.span.start >= span.start + j.len() && hans[c.span.start - j.len()..c.span.start] == j[..]);
        let Some(joiner) = joiner else { continue };
        let before = c.span.start - joiner.len();
        let start = words
            .iter()
            .filter(|w| w.0.end <= before)
            .rev()
            .take_while(|w| name_like(w))
            .take_while(|w| c.span.end - w.0.start <= rules.max_chars)
            .last()
            .map_or(c.span.start, |w| w.0.start);
        if start < before && words.iter().any(|w| w.0.end == before) {
            c.span.start = start;
        }
    }
    // Short names stand only in quotes (“三南”).
    out.retain(|c| {
        c.span.len() >= rules.min_chars || (c.span.start > 0 && matches!(hans[c.span.start - 1], '“' | '《'))
    });
    // …and before a head they share (稀土 of 稀土和钨产业), and in a list.
    for (start, end) in shared {
        push(&mut out, start, end, "Industry");
    }
    for (item, class) in listed {
        if item.len() == 1 {
            // One character (钨): nothing to trim, and shorter than any name `push` takes.
            out.push(Candidate { span: item, known: None, class });
        } else {
            push(&mut out, item.start, item.end, &class);
        }
    }
    out
}

impl Extraction {
    /// Counts for the report: measures, pillars, entities known (catalogue, gazetteer) and new.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let by = |o: Origin| self.entities.iter().filter(|e| e.origin == o).count();
        BTreeMap::from([
            ("measures", self.measures.len()),
            ("pillars", self.pillars.len()),
            ("catalogue", by(Origin::Catalogue)),
            ("gazetteer", by(Origin::Gazetteer)),
            ("new", by(Origin::Rule)),
            ("roles", self.measures.iter().map(|m| m.roles.len()).sum()),
        ])
    }
}

/// The documented JSON summary of an extraction (README, `extract --format json`): the document, its
/// cleaning, pillars, measures with their roles, entities with class, IRI, origin and mentions, and
/// what was skipped. Offsets are clean-text code points; `raw_start`/`raw_end` are raw-text code points.
pub fn summary(x: &Extraction, file: &quads::SourceFile) -> serde_json::Value {
    use serde_json::json;
    let quote = |r: &Range<usize>| x.clean.slice(Script::Hans, r.clone()).unwrap_or_default();
    let raw = |r: &Range<usize>| x.clean.raw_span(r.clone()).unwrap_or(0..0);
    let report = &x.clean.report;
    json!({
        "id": x.id,
        "file": file.name,
        "encoding": file.encoding,
        "graph": document_graph(&x.id).as_str(),
        "namespace": namespace(&x.id),
        "title": x.title,
        "characters": x.clean.len(),
        "cleaning": {
            "glosses_removed": report.glosses.len(),
            "runs_repaired": report.repairs.len(),
            "punctuation_widened": report.widened.len(),
            "suspicious": report.suspicious.iter().map(|s| json!({
                "raw_start": s.raw_start, "raw_end": s.raw_end, "text": s.text, "why": s.why,
            })).collect::<Vec<_>>(),
        },
        "pillars": x.pillars.iter().map(|p| json!({
            "iri": p.iri, "label": p.label,
            "start": p.span.as_ref().map(|s| s.start), "end": p.span.as_ref().map(|s| s.end),
        })).collect::<Vec<_>>(),
        "measures": x.measures.iter().map(|m| json!({
            "iri": m.iri,
            "quote": quote(&m.span),
            "start": m.span.start, "end": m.span.end,
            "raw_start": raw(&m.span).start, "raw_end": raw(&m.span).end,
            "verb": m.verb, "action": m.action,
            "pillar": m.pillar.map(|p| x.pillars[p].iri.clone()),
            "roles": m.roles.iter().map(|r| json!({
                "role": r.role,
                "entity": x.entities[r.entity].iri,
                "label": x.entities[r.entity].label,
                "class": x.entities[r.entity].class,
                "quote": quote(&r.span),
                "start": r.span.start, "end": r.span.end,
                "cue": r.cue,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "entities": x.entities.iter().map(|e| json!({
            "iri": e.iri, "label": e.label, "class": e.class,
            "known": e.origin != Origin::Rule, "origin": e.origin,
            "mentions": e.mentions.iter().map(|m| [m.start, m.end]).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "skipped": x.skipped.iter().map(|s| json!({
            "start": s.span.start, "end": s.span.end, "text": quote(&s.span), "why": s.why,
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_is_recognised_in_its_usual_forms() {
        let len = |s: &str| numbering_len(&s.chars().collect::<Vec<_>>());
        assert_eq!(len("一、总体要求"), 2);
        assert_eq!(len("（十二）加快"), 4);
        assert_eq!(len("3. 支持"), 2);
        assert_eq!(len("二是支持"), 2);
        // 一批 and 十四五 are words, not numbering.
        assert_eq!(len("一批企业"), 0);
        assert_eq!(len("十四五规划"), 0);
    }

    #[test]
    fn a_measure_opens_after_numbering_lead_ins_and_adverbs() {
        let rules = Rules::builtin();
        let openers = Ontology::builtin().clause_openers();
        let at = |s: &str| {
            let chars: Vec<char> = s.chars().collect();
            opening(&chars, 0..chars.len(), rules, &openers)
        };
        assert_eq!(at("一是加快建设平台"), Some((2, "加快".to_string(), false)));
        assert_eq!(at("《若干措施》提出将重点支持稀土"), Some((9, "重点支持".to_string(), false)));
        assert_eq!(at("积极对接深圳前海"), Some((0, "对接".to_string(), false)));
        // A subject, or a phrase, before the verb (counted from the measure's start).
        assert_eq!(at("赣州市加快建设平台"), Some((0, "加快".to_string(), true)));
        assert_eq!(at("对符合条件的园区实施保障"), Some((0, "实施".to_string(), true)));
        assert_eq!(at("今天天气很好"), None);
    }
}
