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

/// The named graphs of the built-in dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Graph {
    /// The OWL ontology.
    Ontology,
    /// What the document says, each fact with its evidence.
    Document,
    /// Geography and organisations from named outside sources.
    Background,
}

impl Graph {
    pub const ALL: [Graph; 3] = [Graph::Ontology, Graph::Document, Graph::Background];

    pub fn name(self) -> &'static str {
        match self {
            Graph::Ontology => "ontology",
            Graph::Document => "document",
            Graph::Background => "background",
        }
    }

    pub fn iri(self) -> NamedNode {
        iri(GRAPH, self.name())
    }
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
