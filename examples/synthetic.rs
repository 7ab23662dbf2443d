//! A synthetic corpus shaped like the built-in graph, for measuring policykg at scale: K documents,
//! each a copy of the built-in document in its own named graph (`pkg:document-1` …) with its own
//! IRIs for everything the document owns (the article, its measures, pillars, annotations,
//! statements), all sharing the built-in entities, ontology and background graph. So `connect 赣州
//! 粤港澳大湾区` finds K times the built-in answer.
//!
//! ```sh
//! cargo run --release --example synthetic -- 125 > corpus.nq    # about 10^6 quads
//! ```
//!
//! Written as sorted N-Quads on standard output; the count of quads goes to standard error.

use std::collections::HashSet;
use std::io::{BufWriter, Write};

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use policykg::rdf::vocab::{GRAPH, RESOURCE};
use policykg::source::Source;
use policykg::sparql::{self, QuerySource};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let k: usize = match std::env::args().nth(1).map(|a| a.parse()) {
        Some(Ok(k)) if k >= 1 => k,
        _ => return Err("usage: synthetic K (the number of documents, at least 1) > corpus.nq".into()),
    };
    let source = Source::builtin()?;
    // Entities are shared by every document: anything typed with a sub-class of pk:Entity.
    let entities: HashSet<String> =
        sparql::select(&source as &dyn QuerySource, "SELECT DISTINCT ?e WHERE { ?e a pk:Entity }", &["e"])?
            .iter()
            .map(|row| sparql::value(&row[0]))
            .collect();
    let document = NamedNode::new_unchecked(format!("{GRAPH}document"));
    let quads = source.quads(None)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut writer = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(&mut out);
    let mut count = 0u64;
    for q in quads.iter().filter(|q| q.graph_name != GraphName::NamedNode(document.clone())) {
        writer.serialize_quad(q)?;
        count += 1;
    }
    for n in 1..=k {
        let graph = NamedNode::new(format!("{GRAPH}document-{n}"))?;
        let own = |iri: &NamedNode| -> NamedNode {
            match iri.as_str().strip_prefix(RESOURCE) {
                Some(local) if !entities.contains(iri.as_str()) => {
                    NamedNode::new_unchecked(format!("{RESOURCE}doc{n}/{local}"))
                }
                _ => iri.clone(),
            }
        };
        for q in quads.iter().filter(|q| q.graph_name == GraphName::NamedNode(document.clone())) {
            let subject = match &q.subject {
                NamedOrBlankNode::NamedNode(s) => NamedOrBlankNode::from(own(s)),
                NamedOrBlankNode::BlankNode(b) => {
                    NamedOrBlankNode::from(oxigraph::model::BlankNode::new_unchecked(format!("d{n}{}", b.as_str())))
                }
            };
            let object = match &q.object {
                Term::NamedNode(o) => Term::from(own(o)),
                Term::BlankNode(b) => {
                    Term::from(oxigraph::model::BlankNode::new_unchecked(format!("d{n}{}", b.as_str())))
                }
                other => other.clone(),
            };
            writer.serialize_quad(&Quad::new(subject, q.predicate.clone(), object, graph.clone()))?;
            count += 1;
        }
    }
    writer.finish()?;
    out.flush()?;
    eprintln!("synthetic: {k} documents, {count} quads");
    Ok(())
}
