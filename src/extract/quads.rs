//! An extraction as RDF: the document's own named graph (`pkg:doc/{id}`), every resource of the
//! document under its own namespace (`pkr:doc/{id}/…`), a W3C Web Annotation for every fact, PROV-O
//! for the extractor; and, in `pkg:background`, the types, labels and background facts (each with its
//! source) of every known entity the document names and of everything above them, so that the file
//! alone answers `connect`.

use std::collections::BTreeSet;
use std::ops::Range;

use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use pinyin::ToPinyin;

use super::knowledge::{Knowledge, Origin};
use super::{EXTRACTOR, Extraction};
use crate::kg::Ontology;
use crate::rdf::vocab::{self, Graph, dcterms, document_graph, document_namespace, oa, pk, prov, rdf, rdfs, skos};
use crate::text::Script;

/// How many characters of context a quote selector keeps on each side (as in the built-in graph).
const CONTEXT: usize = 8;

/// What a document file was, for its provenance.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The file name as given (no folder).
    pub name: String,
    /// Its encoding.
    pub encoding: &'static str,
    /// Its length in bytes.
    pub bytes: usize,
}

fn iri(s: &str) -> NamedNode {
    NamedNode::new_unchecked(s)
}

fn lang(text: &str, tag: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(text, tag.to_ascii_lowercase())
}

fn integer(n: usize) -> Literal {
    Literal::new_typed_literal(n.to_string(), NamedNode::new_unchecked(format!("{}nonNegativeInteger", vocab::XSD)))
}

/// Tone-marked pinyin of a Chinese name, syllables separated by spaces; other characters kept.
pub fn pinyin_of(name: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut other = String::new();
    for (c, p) in name.chars().zip(name.to_pinyin()) {
        match p {
            Some(p) => {
                if !other.is_empty() {
                    parts.push(std::mem::take(&mut other));
                }
                parts.push(p.with_tone().to_string());
            }
            None => other.push(c),
        }
    }
    if !other.is_empty() {
        parts.push(other);
    }
    parts.join(" ")
}

struct Sink {
    quads: Vec<Quad>,
}

impl Sink {
    fn add(&mut self, graph: &NamedNode, s: &NamedNode, p: NamedNode, o: impl Into<Term>) {
        self.quads.push(Quad::new(NamedOrBlankNode::from(s.clone()), p, o.into(), GraphName::from(graph.clone())));
    }
}

/// The quads of one extraction, in no particular order ([`crate::rdf::stable_order`] sorts them).
pub fn quads(x: &Extraction, file: &SourceFile, knowledge: &Knowledge, ontology: &Ontology) -> Vec<Quad> {
    let mut sink = Sink { quads: Vec::new() };
    let g = document_graph(&x.id);
    let ns = document_namespace(&x.id);
    let local = |name: &str| iri(&format!("{ns}{name}"));
    let hans = |r: Range<usize>| x.clean.slice(Script::Hans, r).unwrap_or_default();
    let hant = |r: Range<usize>| x.clean.slice(Script::Hant, r).unwrap_or_default();

    // Provenance: the raw text, the clean text, the document, the extraction activity.
    let raw = local("RawText");
    let clean = local("CleanText");
    let document = local("Document");
    let activity = local("Extraction");
    let agent = iri(&format!("{}software/policykg-extract-{}", vocab::RESOURCE, env!("CARGO_PKG_VERSION")));
    sink.add(&g, &raw, rdf("type"), prov("Entity"));
    sink.add(&g, &raw, dcterms("source"), Literal::new_simple_literal(&file.name));
    sink.add(
        &g,
        &raw,
        dcterms("format"),
        Literal::new_simple_literal(format!("text/plain; charset={}", file.encoding)),
    );
    sink.add(&g, &raw, dcterms("extent"), Literal::new_simple_literal(format!("{} bytes", file.bytes)));
    sink.add(&g, &clean, rdf("type"), prov("Entity"));
    sink.add(
        &g,
        &clean,
        rdfs("label"),
        lang("the cleaned text; offsets are Unicode code points, the same in zh-Hans and zh-Hant", "en"),
    );
    sink.add(&g, &clean, prov("wasDerivedFrom"), raw.clone());
    // The clean text itself, so that every quote of the file can be checked (`policykg validate`).
    sink.add(&g, &clean, rdf("value"), lang(&x.clean.text(Script::Hans), "zh-Hans"));
    sink.add(&g, &clean, prov("wasGeneratedBy"), activity.clone());
    sink.add(&g, &activity, rdf("type"), prov("Activity"));
    sink.add(&g, &activity, rdfs("label"), lang(EXTRACTOR, "en"));
    sink.add(&g, &activity, prov("used"), raw.clone());
    sink.add(&g, &activity, prov("wasAssociatedWith"), agent.clone());
    sink.add(&g, &agent, rdf("type"), prov("SoftwareAgent"));
    sink.add(&g, &agent, rdfs("label"), lang(EXTRACTOR, "en"));
    sink.add(&g, &g, prov("wasGeneratedBy"), activity.clone());
    sink.add(
        &g,
        &g,
        rdfs("comment"),
        lang("machine-extracted by rules from the text; not curated: check each fact against its quote", "en"),
    );
    sink.add(&g, &document, rdf("type"), pk("PolicyDocument"));
    sink.add(&g, &document, prov("wasDerivedFrom"), raw.clone());
    sink.add(&g, &document, prov("wasGeneratedBy"), activity.clone());
    let label = x.title.clone().unwrap_or_else(|| file.name.clone());
    sink.add(&g, &document, rdfs("label"), lang(&label, "zh-Hans"));
    sink.add(&g, &document, dcterms("identifier"), Literal::new_simple_literal(&x.id));

    let mut ev = Evidence { x, sink: &mut sink, graph: g.clone(), clean: clean.clone(), activity: activity.clone() };

    for (n, p) in x.pillars.iter().enumerate() {
        let node = iri(&p.iri);
        ev.sink.add(&g, &node, rdf("type"), pk("Pillar"));
        ev.sink.add(&g, &node, prov("wasGeneratedBy"), activity.clone());
        ev.sink.add(&g, &node, rdfs("label"), lang(&p.label, "zh-Hans"));
        if let Some(label) = &p.label_hant {
            ev.sink.add(&g, &node, rdfs("label"), lang(label, "zh-Hant"));
        }
        ev.sink.add(&g, &node, pk("order"), integer(n + 1));
        ev.sink.add(&g, &document, pk("hasPillar"), node.clone());
        if let Some(span) = &p.span {
            let a = ev.annotate(&format!("ev-P{}", n + 1), &node, span.clone(), "describing");
            ev.sink.add(&g, &node, pk("evidence"), a);
        }
    }

    for (n, m) in x.measures.iter().enumerate() {
        let node = iri(&m.iri);
        let id = m.iri.rsplit('/').next().unwrap_or("M").to_string();
        let (zh, zh_hant) = (hans(m.span.clone()), hant(m.span.clone()));
        ev.sink.add(&g, &node, rdf("type"), pk("Measure"));
        if m.pillar.is_none() {
            // Typed with its class and its superclass, so that the file needs no entailment.
            ev.sink.add(&g, &node, rdf("type"), pk("LeadCommitment"));
        }
        ev.sink.add(&g, &node, rdfs("label"), lang(&zh, "zh-Hans"));
        ev.sink.add(&g, &node, rdfs("label"), lang(&zh_hant, "zh-Hant"));
        ev.sink.add(&g, &node, pk("clauseText"), lang(&zh, "zh-Hans"));
        ev.sink.add(&g, &node, pk("clauseText"), lang(&zh_hant, "zh-Hant"));
        ev.sink.add(&g, &node, pk("order"), integer(n + 1));
        if let Some(p) = m.pillar {
            ev.sink.add(&g, &node, pk("inPillar"), iri(&x.pillars[p].iri));
        }
        if !m.action.is_empty() {
            ev.sink.add(&g, &node, pk("action"), iri(&m.action));
        }
        ev.sink.add(&g, &node, prov("wasGeneratedBy"), activity.clone());
        ev.sink.add(&g, &document, pk("hasMeasure"), node.clone());
        let a = ev.annotate(&format!("ev-{id}"), &node, m.span.clone(), "describing");
        ev.sink.add(&g, &node, pk("evidence"), a);
        for (k, r) in m.roles.iter().enumerate() {
            let entity = iri(&x.entities[r.entity].iri);
            let a = ev.annotate(&format!("ev-{id}-{}", k + 1), &entity, r.span.clone(), "identifying");
            ev.statement(&format!("st-{id}-{}", k + 1), &node, pk(&r.role), &entity, &a);
            ev.sink.add(&g, &entity, pk("mentionedIn"), node.clone());
        }
    }

    // New entities: described in the document graph, where they were found.
    let mut known: BTreeSet<usize> = BTreeSet::new();
    for (i, e) in x.entities.iter().enumerate() {
        let node = iri(&e.iri);
        match e.known {
            Some(k) => {
                known.insert(k);
            }
            None => {
                ev.sink.add(&g, &node, rdf("type"), pk(&e.class));
                ev.sink.add(&g, &node, rdfs("label"), lang(&e.label, "zh-Hans"));
                if let Some(span) = e.mentions.first() {
                    ev.sink.add(&g, &node, rdfs("label"), lang(&hant(span.clone()), "zh-Hant"));
                }
                ev.sink.add(&g, &node, rdfs("label"), lang(&pinyin_of(&e.label), "zh-Latn-pinyin"));
                ev.sink.add(&g, &node, prov("wasGeneratedBy"), activity.clone());
            }
        }
        if let Some((region, span)) = &e.located_in {
            let region_node = iri(&x.entities[*region].iri);
            let a = ev.annotate(&format!("ev-located-{}", i + 1), &node, span.start..e.mentions[0].end, "identifying");
            ev.statement(&format!("st-located-{}", i + 1), &node, pk("locatedIn"), &region_node, &a);
        }
    }

    // Background: every known entity named, and everything above it, with the facts between them.
    let mut closure: BTreeSet<usize> = known.clone();
    loop {
        let more: Vec<usize> = knowledge
            .facts
            .iter()
            .filter(|f| {
                (closure.contains(&f.subject) && !closure.contains(&f.object))
                    || (f.predicate == "overlaps" && closure.contains(&f.object) && !closure.contains(&f.subject))
            })
            .flat_map(|f| [f.subject, f.object])
            .collect();
        if more.is_empty() {
            break;
        }
        closure.extend(more);
    }
    let bg = Graph::Background.iri();
    for &k in &closure {
        let e = &knowledge.entities[k];
        let node = iri(&e.iri);
        sink_entity(ev.sink, &bg, &node, e);
    }
    for f in knowledge.facts.iter().filter(|f| closure.contains(&f.subject) && closure.contains(&f.object)) {
        let (s, o) = (iri(&knowledge.entities[f.subject].iri), iri(&knowledge.entities[f.object].iri));
        let st = iri(&f.statement);
        ev.sink.add(&bg, &s, pk(&f.predicate), o.clone());
        ev.sink.add(&bg, &st, rdf("type"), rdf("Statement"));
        ev.sink.add(&bg, &st, rdf("subject"), s);
        ev.sink.add(&bg, &st, rdf("predicate"), pk(&f.predicate));
        ev.sink.add(&bg, &st, rdf("object"), o);
        let source: Term = if f.source.starts_with("http") {
            iri(&f.source).into()
        } else {
            Literal::new_simple_literal(&f.source).into()
        };
        ev.sink.add(&bg, &st, pk("source"), source);
    }
    ontology.entail(sink.quads)
}

/// The description of a known entity, as the catalogue or the gazetteer gives it.
fn sink_entity(sink: &mut Sink, bg: &NamedNode, node: &NamedNode, e: &super::knowledge::Known) {
    sink.add(bg, node, rdf("type"), pk(&e.class));
    match &e.record {
        Some(r) => {
            sink.add(bg, node, rdfs("label"), lang(&r.zh_hans, "zh-Hans"));
            sink.add(bg, node, rdfs("label"), lang(&crate::text::to_traditional(&r.zh_hans), "zh-Hant"));
            sink.add(bg, node, rdfs("label"), lang(&r.en, "en"));
            for alt in &r.alt_zh_hans {
                sink.add(bg, node, skos("altLabel"), lang(alt, "zh-Hans"));
            }
            for alt in &r.alt_en {
                sink.add(bg, node, skos("altLabel"), lang(alt, "en"));
            }
            if let Some(q) = &r.wikidata {
                sink.add(bg, node, skos("exactMatch"), vocab::wikidata(q));
            }
        }
        None => {
            sink.add(bg, node, rdfs("label"), lang(&e.label, "zh-Hans"));
            sink.add(bg, node, rdfs("label"), lang(&pinyin_of(&e.label), "zh-Latn-pinyin"));
        }
    }
    if let (Some(code), Origin::Gazetteer | Origin::Catalogue) = (&e.code, e.origin) {
        sink.add(bg, node, skos("notation"), Literal::new_simple_literal(format!("GB/T 2260:{code}")));
    }
}

/// Writes Web Annotations into the document graph.
struct Evidence<'a> {
    x: &'a Extraction,
    sink: &'a mut Sink,
    graph: NamedNode,
    clean: NamedNode,
    activity: NamedNode,
}

impl Evidence<'_> {
    /// An annotation whose body is `body` and whose target is `range` of the clean text.
    fn annotate(&mut self, id: &str, body: &NamedNode, range: Range<usize>, motivation: &str) -> NamedNode {
        let g = self.graph.clone();
        let ns = document_namespace(&self.x.id);
        let node = iri(&format!("{ns}{id}"));
        let target = iri(&format!("{ns}{id}-target"));
        let quote = iri(&format!("{ns}{id}-quote"));
        let position = iri(&format!("{ns}{id}-position"));
        let clean = &self.x.clean;
        let raw = clean.raw_span(range.clone()).unwrap_or(0..0);
        let hans = |r: Range<usize>| clean.slice(Script::Hans, r).unwrap_or_default();
        let sink = &mut *self.sink;
        sink.add(&g, &node, rdf("type"), oa("Annotation"));
        sink.add(&g, &node, oa("motivatedBy"), oa(motivation));
        sink.add(&g, &node, oa("hasBody"), body.clone());
        sink.add(&g, &node, oa("hasTarget"), target.clone());
        sink.add(&g, &node, prov("wasGeneratedBy"), self.activity.clone());
        sink.add(&g, &target, rdf("type"), oa("SpecificResource"));
        sink.add(&g, &target, oa("hasSource"), self.clean.clone());
        sink.add(&g, &target, oa("hasSelector"), quote.clone());
        sink.add(&g, &target, oa("hasSelector"), position.clone());
        sink.add(&g, &quote, rdf("type"), oa("TextQuoteSelector"));
        sink.add(&g, &quote, oa("exact"), Literal::new_simple_literal(hans(range.clone())));
        sink.add(
            &g,
            &quote,
            oa("prefix"),
            Literal::new_simple_literal(hans(range.start.saturating_sub(CONTEXT)..range.start)),
        );
        sink.add(
            &g,
            &quote,
            oa("suffix"),
            Literal::new_simple_literal(hans(range.end..(range.end + CONTEXT).min(clean.len()))),
        );
        sink.add(&g, &position, rdf("type"), oa("TextPositionSelector"));
        sink.add(&g, &position, oa("start"), integer(range.start));
        sink.add(&g, &position, oa("end"), integer(range.end));
        sink.add(&g, &position, pk("rawStart"), integer(raw.start));
        sink.add(&g, &position, pk("rawEnd"), integer(raw.end));
        node
    }

    /// A document fact `s p o`, asserted and reified with its evidence and provenance.
    fn statement(&mut self, id: &str, s: &NamedNode, p: NamedNode, o: &NamedNode, evidence: &NamedNode) {
        let g = self.graph.clone();
        let st = iri(&format!("{}{id}", document_namespace(&self.x.id)));
        self.sink.add(&g, s, p.clone(), o.clone());
        self.sink.add(&g, &st, rdf("type"), rdf("Statement"));
        self.sink.add(&g, &st, rdf("subject"), s.clone());
        self.sink.add(&g, &st, rdf("predicate"), p);
        self.sink.add(&g, &st, rdf("object"), o.clone());
        self.sink.add(&g, &st, pk("evidence"), evidence.clone());
        self.sink.add(&g, &st, prov("wasGeneratedBy"), self.activity.clone());
    }
}

/// Sorts quads by graph, subject, predicate and object, comparing the terms' own strings (no copy
/// of a quad or a key is made, so a large document's graph is sorted in the memory it already
/// takes), and drops repeats. Deterministic; not the N-Quads string order of [`crate::rdf::sort_quads`].
pub fn sort_and_dedup(quads: &mut Vec<Quad>) {
    use oxigraph::model::{GraphNameRef, NamedOrBlankNodeRef, TermRef};
    fn term(t: TermRef<'_>) -> (u8, &str, &str, &str) {
        match t {
            TermRef::Literal(l) => (0, l.value(), l.language().unwrap_or(""), l.datatype().as_str()),
            TermRef::NamedNode(n) => (1, n.as_str(), "", ""),
            TermRef::BlankNode(b) => (2, b.as_str(), "", ""),
            #[allow(unreachable_patterns)]
            _ => (3, "", "", ""),
        }
    }
    fn subject(s: NamedOrBlankNodeRef<'_>) -> (u8, &str) {
        match s {
            NamedOrBlankNodeRef::NamedNode(n) => (1, n.as_str()),
            NamedOrBlankNodeRef::BlankNode(b) => (2, b.as_str()),
        }
    }
    fn graph(g: GraphNameRef<'_>) -> (u8, &str) {
        match g {
            GraphNameRef::DefaultGraph => (0, ""),
            GraphNameRef::NamedNode(n) => (1, n.as_str()),
            GraphNameRef::BlankNode(b) => (2, b.as_str()),
        }
    }
    type Key<'a> = ((u8, &'a str), (u8, &'a str), &'a str, (u8, &'a str, &'a str, &'a str));
    fn key(q: &Quad) -> Key<'_> {
        let q = q.as_ref();
        (graph(q.graph_name), subject(q.subject), q.predicate.as_str(), term(q.object))
    }
    quads.sort_unstable_by(|a, b| key(a).cmp(&key(b)));
    quads.dedup();
}
