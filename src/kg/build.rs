//! From the clean text and the annotation files to RDF quads: the document graph, with a Web
//! Annotation for every grounded fact, and the background graph, with a source for every fact.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use super::annotations::{Annotations, Catalogue, Source, check_quote};
use super::{Error, Ontology};
use crate::builtin::Metadata;
use crate::rdf::vocab::{self, Graph, dcterms, oa, pk, prov, rdf, rdfs, res, skos};
use crate::text::{CleanText, Script, to_traditional};

/// How many characters of context a quote selector keeps on each side.
const CONTEXT: usize = 8;

/// The roles a measure can give an entity: sub-properties of `pk:involves`.
const BACKGROUND_PREDICATES: [&str; 4] = ["partOf", "locatedIn", "seatedIn", "overlaps"];

struct Sink {
    quads: Vec<Quad>,
}

impl Sink {
    fn add(&mut self, graph: &NamedNode, s: &NamedNode, p: NamedNode, o: impl Into<Term>) {
        self.quads.push(Quad::new(NamedOrBlankNode::from(s.clone()), p, o.into(), GraphName::from(graph.clone())));
    }
}

fn lang(text: &str, tag: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(text, tag.to_ascii_lowercase())
}

fn integer(n: usize) -> Literal {
    Literal::new_typed_literal(n.to_string(), NamedNode::new_unchecked(format!("{}nonNegativeInteger", vocab::XSD)))
}

/// Everything the builder reads.
pub struct Inputs<'a> {
    pub clean: &'a CleanText,
    pub metadata: &'a Metadata,
    pub ontology: &'a Ontology,
    pub catalogue: &'a Source<Catalogue>,
    pub annotations: &'a Source<Annotations>,
}

/// Builds the document and background graphs.
pub fn build(inputs: &Inputs) -> Result<Vec<Quad>, Error> {
    let Inputs { clean, metadata, ontology, catalogue, annotations } = inputs;
    let mut sink = Sink { quads: Vec::new() };
    // The document's own graph and namespace; entities and background are shared by all documents.
    let doc = &vocab::document_graph(&metadata.id);
    let namespace = vocab::document_namespace(&metadata.id);
    let local = |name: &str| NamedNode::new_unchecked(format!("{namespace}{name}"));
    let background = &Graph::Background.iri();

    // Entities: every id once, with a class the ontology knows.
    let classes = ontology.entity_classes();
    let roles = ontology.roles();
    let mut entities: BTreeMap<&str, &super::annotations::EntityRecord> = BTreeMap::new();
    for e in &catalogue.value.entity {
        if !classes.contains(&e.class) {
            return Err(catalogue.error(
                e.id.span(),
                format!("entity {} has unknown class {}; use one of {}", e.id.get_ref(), e.class, classes.join(", ")),
            ));
        }
        if entities.insert(e.id.get_ref(), e).is_some() {
            return Err(catalogue.error(e.id.span(), format!("entity id {} is declared twice", e.id.get_ref())));
        }
    }
    let known = |source_error: &dyn Fn(String) -> Error, id: &str| -> Result<NamedNode, Error> {
        if entities.contains_key(id) { Ok(res(id)) } else { Err(source_error(format!("unknown entity {id}"))) }
    };

    // Provenance of the text.
    let raw = local("RawText");
    let clean_hans = local("CleanText");
    let report = local("NewsReport");
    let document = local("Document");
    sink.add(doc, &raw, rdf("type"), prov("Entity"));
    sink.add(doc, &raw, rdfs("label"), lang("the news report as it reached us, damaged", "en"));
    sink.add(doc, &raw, dcterms("identifier"), Literal::new_simple_literal(format!("sha256:{}", metadata.sha256)));
    sink.add(doc, &raw, dcterms("source"), Literal::new_simple_literal(&metadata.file));
    sink.add(doc, &raw, dcterms("isFormatOf"), report.clone());
    sink.add(doc, &clean_hans, rdf("type"), prov("Entity"));
    sink.add(
        doc,
        &clean_hans,
        rdfs("label"),
        lang("the cleaned text; offsets are Unicode code points, the same in zh-Hans and zh-Hant", "en"),
    );
    sink.add(doc, &clean_hans, prov("wasDerivedFrom"), raw.clone());
    sink.add(doc, &report, rdf("type"), NamedNode::new_unchecked(format!("{}NewsArticle", vocab::SCHEMA)));
    for reporter in &metadata.report.reporters {
        sink.add(doc, &report, NamedNode::new_unchecked(format!("{}author", vocab::SCHEMA)), lang(reporter, "zh-Hans"));
    }
    sink.add(
        doc,
        &report,
        dcterms("date"),
        Literal::new_typed_literal(
            &metadata.report.published,
            NamedNode::new_unchecked(format!("{}gYearMonth", vocab::XSD)),
        ),
    );
    sink.add(doc, &report, NamedNode::new_unchecked(format!("{}about", vocab::SCHEMA)), document.clone());

    let d = &metadata.document;
    sink.add(doc, &document, rdf("type"), pk("PolicyDocument"));
    sink.add(doc, &document, dcterms("title"), lang(&d.title, "zh-Hans"));
    sink.add(doc, &document, dcterms("title"), lang(&d.title_en, "en"));
    sink.add(doc, &document, rdfs("label"), lang(&d.short_title, "zh-Hans"));
    sink.add(doc, &document, rdfs("label"), lang(&to_traditional(&d.short_title), "zh-Hant"));
    sink.add(doc, &document, rdfs("label"), lang("Several Measures", "en"));
    let issuer =
        entities.iter().find(|(_, e)| e.zh_hans == d.issuer).map(|(id, _)| res(id)).ok_or_else(|| Error::Data {
            file: catalogue.file.clone(),
            line: 1,
            message: format!("no entity is labelled {}, the issuer the metadata names", d.issuer),
        })?;
    sink.add(doc, &document, pk("issuedBy"), issuer);

    let mut ev = Evidence { clean, sink: &mut sink, graph: doc, local: &local };
    let mut mentioned: BTreeSet<String> = BTreeSet::new();

    // The document-level beneficiaries, stated once in the lead paragraph.
    let mut beneficiaries = Vec::new();
    for b in &annotations.value.beneficiary {
        let range = check_quote(annotations, clean, &b.quote, b.start)?;
        let entity = known(&|m| annotations.error(b.entity.span(), m), b.entity.get_ref())?;
        let annotation = ev.annotate(&format!("ev-beneficiary-{}", b.entity.get_ref()), &entity, range, "identifying");
        mentioned.insert(b.entity.get_ref().clone());
        beneficiaries.push((entity, annotation));
    }

    // Pillars.
    let mut pillars = BTreeMap::new();
    for p in &annotations.value.pillar {
        let id = p.id.get_ref();
        let node = local(id);
        let named = check_quote(annotations, clean, &p.quote, p.start)?;
        let heading = check_quote(annotations, clean, &p.heading_quote, p.heading_start)?;
        ev.sink.add(doc, &node, rdf("type"), pk("Pillar"));
        ev.sink.add(doc, &node, rdfs("label"), lang(p.quote.get_ref(), "zh-Hans"));
        ev.sink.add(doc, &node, rdfs("label"), lang(&to_traditional(p.quote.get_ref()), "zh-Hant"));
        ev.sink.add(doc, &node, rdfs("label"), lang(&p.en, "en"));
        ev.sink.add(doc, &node, pk("order"), integer(p.order as usize));
        ev.sink.add(doc, &document, pk("hasPillar"), node.clone());
        let a = ev.annotate(&format!("ev-{id}"), &node, named, "describing");
        ev.sink.add(doc, &node, pk("evidence"), a);
        let a = ev.annotate(&format!("ev-{id}-heading"), &node, heading, "describing");
        ev.sink.add(doc, &node, pk("evidence"), a);
        if pillars.insert(id.clone(), node).is_some() {
            return Err(annotations.error(p.id.span(), format!("pillar {id} is declared twice")));
        }
    }

    // Measures; the lead paragraph is the text before the first paragraph break.
    let lead_end = clean.text(Script::Hans).split('\n').next().map_or(0, |lead| lead.chars().count());
    let mut measure_ids = BTreeSet::new();
    for (order, m) in annotations.value.measure.iter().enumerate() {
        let id = m.id.get_ref();
        if !measure_ids.insert(id.clone()) {
            return Err(annotations.error(m.id.span(), format!("measure {id} is declared twice")));
        }
        let node = local(id);
        let range = check_quote(annotations, clean, &m.quote, m.start)?;
        let pillar = match &m.pillar {
            Some(pillar) => Some(
                pillars
                    .get(pillar)
                    .ok_or_else(|| annotations.error(m.id.span(), format!("measure {id}: unknown pillar {pillar}")))?,
            ),
            // Only the lead paragraph states commitments of the document as a whole.
            None if range.end <= lead_end => None,
            None => {
                return Err(annotations.error(
                    m.id.span(),
                    format!("measure {id} has no pillar; only a commitment of the lead paragraph may have none"),
                ));
            }
        };
        let action = pk(&m.action);
        if !ontology.is_action(&action) {
            return Err(
                annotations.error(m.id.span(), format!("measure {id}: {} is no pk:Action of the ontology", m.action))
            );
        }
        // The label is standard Traditional; the clause text keeps the characters of the article.
        let hant = clean.slice(Script::Hant, range.clone()).unwrap_or_default();
        let class = if pillar.is_some() { "Measure" } else { "LeadCommitment" };
        ev.sink.add(doc, &node, rdf("type"), pk(class));
        ev.sink.add(doc, &node, rdfs("label"), lang(m.quote.get_ref(), "zh-Hans"));
        ev.sink.add(doc, &node, rdfs("label"), lang(&to_traditional(m.quote.get_ref()), "zh-Hant"));
        ev.sink.add(doc, &node, rdfs("label"), lang(&m.en, "en"));
        ev.sink.add(doc, &node, pk("clauseText"), lang(m.quote.get_ref(), "zh-Hans"));
        ev.sink.add(doc, &node, pk("clauseText"), lang(&hant, "zh-Hant"));
        ev.sink.add(doc, &node, pk("order"), integer(order + 1));
        if let Some(pillar) = pillar {
            ev.sink.add(doc, &node, pk("inPillar"), pillar.clone());
        }
        ev.sink.add(doc, &node, pk("action"), action);
        ev.sink.add(doc, &document, pk("hasMeasure"), node.clone());
        let a = ev.annotate(&format!("ev-{id}"), &node, range.clone(), "describing");
        ev.sink.add(doc, &node, pk("evidence"), a);

        for (entity, annotation) in &beneficiaries {
            let local = entity.as_str().trim_start_matches(vocab::RESOURCE);
            ev.statement(&format!("st-{id}-beneficiary-{local}"), &node, pk("beneficiary"), entity, Some(annotation));
        }
        for (n, inv) in m.involves.iter().enumerate() {
            if !roles.contains(&inv.role) {
                return Err(annotations.error(
                    inv.entity.span(),
                    format!("measure {id}: unknown role {}; use one of {}", inv.role, roles.join(", ")),
                ));
            }
            let entity = known(
                &|msg| annotations.error(inv.entity.span(), format!("measure {id}: {msg}")),
                inv.entity.get_ref(),
            )?;
            let span = check_quote(annotations, clean, &inv.quote, inv.start)?;
            if span.start < range.start || span.end > range.end {
                return Err(annotations.error(
                    inv.quote.span(),
                    format!("measure {id}: \"{}\" lies outside the measure's words", inv.quote.get_ref()),
                ));
            }
            let n = n + 1;
            let annotation = ev.annotate(&format!("ev-{id}-{n}"), &entity, span, "identifying");
            ev.statement(&format!("st-{id}-{n}"), &node, pk(&inv.role), &entity, Some(&annotation));
            ev.sink.add(doc, &entity, pk("mentionedIn"), node.clone());
            mentioned.insert(inv.entity.get_ref().clone());
        }
    }

    // Mentions outside the measures.
    for (n, mention) in annotations.value.mention.iter().enumerate() {
        let entity = known(&|m| annotations.error(mention.entity.span(), m), mention.entity.get_ref())?;
        let range = check_quote(annotations, clean, &mention.quote, mention.start)?;
        ev.annotate(&format!("ev-mention-{}", n + 1), &entity, range, "identifying");
        mentioned.insert(mention.entity.get_ref().clone());
    }

    // Entity descriptions: in the document graph when the document names the entity, else background.
    for (id, e) in &entities {
        let graph = if mentioned.contains(*id) { doc } else { background };
        let node = res(id);
        ev.sink.add(graph, &node, rdf("type"), pk(&e.class));
        ev.sink.add(graph, &node, rdfs("label"), lang(&e.zh_hans, "zh-Hans"));
        ev.sink.add(graph, &node, rdfs("label"), lang(&to_traditional(&e.zh_hans), "zh-Hant"));
        ev.sink.add(graph, &node, rdfs("label"), lang(&e.en, "en"));
        for alt in &e.alt_zh_hans {
            ev.sink.add(graph, &node, skos("altLabel"), lang(alt, "zh-Hans"));
        }
        for alt in &e.alt_en {
            ev.sink.add(graph, &node, skos("altLabel"), lang(alt, "en"));
        }
        if let Some(comment) = &e.comment {
            ev.sink.add(graph, &node, rdfs("comment"), lang(comment, "en"));
        }
        if let Some(q) = &e.wikidata {
            ev.sink.add(background, &node, skos("exactMatch"), vocab::wikidata(q));
        }
    }

    // Background facts, each reified with its source.
    for (n, f) in catalogue.value.fact.iter().enumerate() {
        if !BACKGROUND_PREDICATES.contains(&f.predicate.as_str()) {
            return Err(catalogue.error(
                f.subject.span(),
                format!("unknown predicate {}; use one of {}", f.predicate, BACKGROUND_PREDICATES.join(", ")),
            ));
        }
        let s = known(&|m| catalogue.error(f.subject.span(), m), f.subject.get_ref())?;
        let o = known(&|m| catalogue.error(f.subject.span(), m), &f.object)?;
        let st = res(&format!("bg-{}", n + 1));
        let sink = &mut ev.sink;
        sink.add(background, &s, pk(&f.predicate), o.clone());
        sink.add(background, &st, rdf("type"), rdf("Statement"));
        sink.add(background, &st, rdf("subject"), s);
        sink.add(background, &st, rdf("predicate"), pk(&f.predicate));
        sink.add(background, &st, rdf("object"), o);
        let source: Term = match f.source.strip_prefix("wikidata:") {
            Some(q) => vocab::wikidata(q).into(),
            None => Literal::new_simple_literal(&f.source).into(),
        };
        sink.add(background, &st, pk("source"), source);
    }

    Ok(sink.quads)
}

/// Writes Web Annotations that ground facts in the clean text, into the document's graph.
struct Evidence<'a> {
    clean: &'a CleanText,
    sink: &'a mut Sink,
    graph: &'a NamedNode,
    /// A resource of the document's namespace, from its local name.
    local: &'a dyn Fn(&str) -> NamedNode,
}

impl Evidence<'_> {
    /// An annotation whose body is `body` and whose target is `range` of the clean text.
    fn annotate(&mut self, id: &str, body: &NamedNode, range: Range<usize>, motivation: &str) -> NamedNode {
        let doc = self.graph;
        let node = (self.local)(id);
        let target = (self.local)(&format!("{id}-target"));
        let quote = (self.local)(&format!("{id}-quote"));
        let position = (self.local)(&format!("{id}-position"));
        let raw = self.clean.raw_span(range.clone()).unwrap_or(0..0);
        let hans = |r: Range<usize>| self.clean.slice(Script::Hans, r).unwrap_or_default();
        let sink = &mut *self.sink;
        sink.add(doc, &node, rdf("type"), oa("Annotation"));
        sink.add(doc, &node, oa("motivatedBy"), oa(motivation));
        sink.add(doc, &node, oa("hasBody"), body.clone());
        sink.add(doc, &node, oa("hasTarget"), target.clone());
        sink.add(doc, &target, rdf("type"), oa("SpecificResource"));
        sink.add(doc, &target, oa("hasSource"), (self.local)("CleanText"));
        sink.add(doc, &target, oa("hasSelector"), quote.clone());
        sink.add(doc, &target, oa("hasSelector"), position.clone());
        sink.add(doc, &quote, rdf("type"), oa("TextQuoteSelector"));
        sink.add(doc, &quote, oa("exact"), Literal::new_simple_literal(hans(range.clone())));
        sink.add(
            doc,
            &quote,
            oa("prefix"),
            Literal::new_simple_literal(hans(range.start.saturating_sub(CONTEXT)..range.start)),
        );
        sink.add(
            doc,
            &quote,
            oa("suffix"),
            Literal::new_simple_literal(hans(range.end..(range.end + CONTEXT).min(self.clean.len()))),
        );
        sink.add(doc, &position, rdf("type"), oa("TextPositionSelector"));
        sink.add(doc, &position, oa("start"), integer(range.start));
        sink.add(doc, &position, oa("end"), integer(range.end));
        sink.add(doc, &position, pk("rawStart"), integer(raw.start));
        sink.add(doc, &position, pk("rawEnd"), integer(raw.end));
        node
    }

    /// A document fact `s p o`, asserted and reified so that its evidence can be attached.
    fn statement(&mut self, id: &str, s: &NamedNode, p: NamedNode, o: &NamedNode, evidence: Option<&NamedNode>) {
        let doc = self.graph;
        let st = (self.local)(id);
        self.sink.add(doc, s, p.clone(), o.clone());
        self.sink.add(doc, &st, rdf("type"), rdf("Statement"));
        self.sink.add(doc, &st, rdf("subject"), s.clone());
        self.sink.add(doc, &st, rdf("predicate"), p);
        self.sink.add(doc, &st, rdf("object"), o.clone());
        if let Some(e) = evidence {
            self.sink.add(doc, &st, pk("evidence"), e.clone());
        }
    }
}
