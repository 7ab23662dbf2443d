//! The IRIs policykg writes. The ontology namespace is a public contract: extend it, never rename.

use oxigraph::model::NamedNode;

pub const PK: &str = "https://w3id.org/policykg/ontology#";
pub const RESOURCE: &str = "https://w3id.org/policykg/resource/";
pub const GRAPH: &str = "https://w3id.org/policykg/graph/";
pub const WIKIDATA: &str = "http://www.wikidata.org/entity/";
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const SCHEMA: &str = "https://schema.org/";
pub const ORG: &str = "http://www.w3.org/ns/org#";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const OA: &str = "http://www.w3.org/ns/oa#";

/// The prefixes every query and every Turtle file can use, in the order `policykg prefixes` lists them.
pub const PREFIXES: [(&str, &str); 14] = [
    ("pk", PK),
    ("pkr", RESOURCE),
    ("pkg", GRAPH),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("owl", OWL),
    ("xsd", XSD),
    ("skos", SKOS),
    ("schema", SCHEMA),
    ("org", ORG),
    ("dcterms", DCTERMS),
    ("prov", PROV),
    ("oa", OA),
    ("wd", WIKIDATA),
];

fn iri(namespace: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{namespace}{local}"))
}

/// A term of the ontology, `pk:local`.
pub fn pk(local: &str) -> NamedNode {
    iri(PK, local)
}

/// A resource of the graph, `pkr:local`.
pub fn res(local: &str) -> NamedNode {
    iri(RESOURCE, local)
}

pub fn rdf(local: &str) -> NamedNode {
    iri(RDF, local)
}

pub fn rdfs(local: &str) -> NamedNode {
    iri(RDFS, local)
}

pub fn skos(local: &str) -> NamedNode {
    iri(SKOS, local)
}

pub fn dcterms(local: &str) -> NamedNode {
    iri(DCTERMS, local)
}

pub fn prov(local: &str) -> NamedNode {
    iri(PROV, local)
}

pub fn oa(local: &str) -> NamedNode {
    iri(OA, local)
}

pub fn wikidata(id: &str) -> NamedNode {
    iri(WIKIDATA, id)
}

/// The named graphs every dataset shares. Each document has a graph of its own, [`document_graph`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Graph {
    /// The OWL ontology.
    Ontology,
    /// Geography and organisations from named outside sources.
    Background,
}

impl Graph {
    pub const ALL: [Graph; 2] = [Graph::Ontology, Graph::Background];

    pub fn name(self) -> &'static str {
        match self {
            Graph::Ontology => "ontology",
            Graph::Background => "background",
        }
    }

    pub fn iri(self) -> NamedNode {
        iri(GRAPH, self.name())
    }
}

/// The named graph of the document `id`, `pkg:doc/{id}`: what the document says, each fact with
/// its evidence. `id` is percent-encoded as by [`iri_segment`].
pub fn document_graph(id: &str) -> NamedNode {
    iri(GRAPH, &format!("doc/{}", iri_segment(id)))
}

/// The namespace of the document `id`'s own resources (its measures, pillars, evidence,
/// statements, texts), `pkr:doc/{id}/`, ending in `/`.
pub fn document_namespace(id: &str) -> String {
    format!("{RESOURCE}doc/{}/", iri_segment(id))
}

/// The id of the document whose namespace or graph `iri` lies in: `ganzhou-measures-2020` for
/// `…/resource/doc/ganzhou-measures-2020/M16` or `…/graph/doc/ganzhou-measures-2020`, still
/// percent-encoded; `None` for any other IRI.
pub fn document_id(iri: &str) -> Option<&str> {
    let rest = iri
        .strip_prefix(RESOURCE)
        .and_then(|r| r.strip_prefix("doc/"))
        .or_else(|| iri.strip_prefix(GRAPH).and_then(|r| r.strip_prefix("doc/")))?;
    let id = rest.split('/').next()?;
    (!id.is_empty()).then_some(id)
}

/// `s` as one IRI path segment: letters, digits (any script), `-`, `_` and `.` kept, every other
/// character percent-encoded as UTF-8 bytes (RFC 3987's `ipchar` is wider; this is a safe subset).
pub fn iri_segment(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
            out.push(c);
        } else {
            for b in c.encode_utf8(&mut [0; 4]).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Shortens an IRI with the known prefixes (`pk:Measure`), or gives it back in angle brackets.
pub fn shorten(iri: &str) -> String {
    PREFIXES
        .iter()
        .filter(|(_, ns)| iri.starts_with(ns))
        .max_by_key(|(_, ns)| ns.len())
        .map(|(p, ns)| format!("{p}:{}", &iri[ns.len()..]))
        .unwrap_or_else(|| format!("<{iri}>"))
}

/// A measure's id (`M06`, `L2`: capital letters, then digits) from its IRI, when the IRI ends in one.
pub fn measure_id(iri: &str) -> Option<&str> {
    let id = iri.rsplit(['/', '#', ':']).next()?;
    let digits = id.trim_start_matches(|c: char| c.is_ascii_uppercase());
    let letters = id.len() - digits.len();
    (letters > 0 && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())).then_some(id)
}

/// The name a measure goes by in output: its id (`M31`), or, with `qualified` (when an output
/// holds measures of several documents), its document's id and its own (`ganzhou-measures-2020/M31`),
/// as `policykg` takes a name back. `None` when the IRI ends in no measure id.
pub fn measure_name(iri: &str, qualified: bool) -> Option<String> {
    let id = measure_id(iri)?;
    match document_id(iri) {
        Some(document) if qualified => Some(format!("{document}/{id}")),
        _ => Some(id.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measure_ids_come_from_the_iri() {
        assert_eq!(measure_id("https://w3id.org/policykg/resource/M06"), Some("M06"));
        assert_eq!(measure_id("pkr:M72"), Some("M72"));
        assert_eq!(measure_id("https://w3id.org/policykg/resource/Ganzhou"), None);
        assert_eq!(measure_id("https://w3id.org/policykg/resource/M"), None);
        // The lead paragraph's commitments are L1…L3.
        assert_eq!(measure_id("https://w3id.org/policykg/resource/L2"), Some("L2"));
        assert_eq!(measure_id("https://w3id.org/policykg/resource/2"), None);
        assert_eq!(measure_id("https://w3id.org/policykg/resource/doc/a/M01"), Some("M01"));
    }

    #[test]
    fn a_measure_is_named_with_its_document_when_asked() {
        let m = format!("{RESOURCE}doc/ganzhou-measures-2020/M31");
        assert_eq!(measure_name(&m, false).as_deref(), Some("M31"));
        assert_eq!(measure_name(&m, true).as_deref(), Some("ganzhou-measures-2020/M31"));
        // A measure outside any document's namespace keeps its bare id.
        assert_eq!(measure_name(&format!("{RESOURCE}M31"), true).as_deref(), Some("M31"));
        assert_eq!(measure_name(&format!("{RESOURCE}Ganzhou"), true), None);
    }

    #[test]
    fn a_document_has_its_own_namespace_and_graph() {
        assert_eq!(document_namespace("ganzhou-measures-2020"), format!("{RESOURCE}doc/ganzhou-measures-2020/"));
        assert_eq!(document_graph("a").as_str(), "https://w3id.org/policykg/graph/doc/a");
        // A character outside letters, digits, - _ . is percent-encoded as UTF-8 bytes.
        assert_eq!(document_namespace("赣州 2020/1"), format!("{RESOURCE}doc/赣州%202020%2F1/"));
        assert_eq!(document_id(&format!("{RESOURCE}doc/a/M01")), Some("a"));
        assert_eq!(document_id(document_graph("b.c").as_str()), Some("b.c"));
        assert_eq!(document_id(&format!("{RESOURCE}Ganzhou")), None);
        assert_eq!(document_id(&format!("{RESOURCE}doc/")), None);
    }
}
