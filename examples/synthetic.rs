//! A synthetic corpus shaped like the built-in graph, for measuring policykg at scale: K documents,
//! each a copy of the built-in document in its own named graph (`pkg:doc/synthetic-1` …) with its
//! own IRIs (`pkr:doc/synthetic-1/…`) for everything the document owns (the article, its measures, pillars, annotations,
//! statements), all sharing the built-in entities, ontology and background graph. So `connect 赣州
//! 粤港澳大湾区` finds K times the built-in answer.
//!
//! ```sh
//! cargo run --release --example synthetic -- 125 > corpus.nq    # about 10^6 quads
//! ```
//!
//! Written as sorted N-Quads on standard output; the count of quads goes to standard error.

use std::io::{BufWriter, Write};

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};
use policykg::rdf::vocab::{document_graph, document_namespace};
use policykg::source::Source;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let k: usize = match std::env::args().nth(1).map(|a| a.parse()) {
        Some(Ok(k)) if k >= 1 => k,
        _ => return Err("usage: synthetic K (the number of documents, at least 1) > corpus.nq".into()),
    };
    let source = Source::builtin()?;
    let id = policykg::builtin::metadata().id;
    let (document, namespace) = (document_graph(&id), document_namespace(&id));
    let quads = source.quads(None)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut writer = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(&mut out);
    let mut count = 0u64;
    for q in quads.iter().filter(|q| q.graph_name != GraphName::NamedNode(document.clone())) {
        writer.serialize_quad(q)?;
        count += 1;
    }
    for n in 1..=k {
        let copy = format!("synthetic-{n}");
        let (graph, own_namespace) = (document_graph(&copy), document_namespace(&copy));
        // What the document owns lies in its namespace; entities are shared.
        let own = |iri: &NamedNode| -> NamedNode {
            match iri.as_str().strip_prefix(namespace.as_str()) {
                Some(local) => NamedNode::new_unchecked(format!("{own_namespace}{local}")),
                None => iri.clone(),
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
