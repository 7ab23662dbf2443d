//! Writing a graph to a SPARQL server: every named graph replaced whole, through the SPARQL 1.1
//! Graph Store HTTP Protocol (`PUT ?graph=IRI`) or through SPARQL 1.1 Update (`DROP SILENT GRAPH`,
//! then `INSERT { GRAPH <g> { … } } WHERE {}` in batches), and checked at the end by counting what
//! the server holds.
//!
//! `INSERT … WHERE {}` rather than `INSERT DATA`: Virtuoso 7 refuses blank nodes in `INSERT DATA`.
//! Each request gives its blank nodes new nodes, so the triples that share blank nodes (a connected
//! component over blank nodes) always go in one batch. Virtuoso 7 refuses requests of much more
//! than 1,000 triples ("generated SQL text has exceeded 10000 lines"), hence the default batch.

use std::collections::BTreeMap;

use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};

use super::Source;
use super::endpoint::Endpoint;
use crate::sparql::{self, QuerySource};

/// What can go wrong pushing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Triples in no named graph have nowhere to go on a server.
    #[error(
        "{0} triples are in no named graph, and a server's default graph is its own: put them in a graph with --graph IRI"
    )]
    DefaultGraph(usize),
    /// A request failed; `batch` is 1-based, 0 for the `DROP` or `PUT`.
    #[error("graph <{graph}>, batch {batch}: {cause}")]
    Request { graph: String, batch: usize, cause: sparql::Error },
    /// The source could not be read.
    #[error(transparent)]
    Source(#[from] super::Error),
    /// The server holds another number of triples than was sent.
    #[error("graph <{graph}>: sent {sent} triples and the server holds {held}; run the push again")]
    Count { graph: String, sent: u64, held: u64 },
}

/// How the graphs are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    /// SPARQL 1.1 Update on the query endpoint, in batches of about this many triples.
    Update { batch: usize },
    /// The Graph Store HTTP Protocol at this URL.
    GraphStore { url: String },
}

/// One graph pushed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    pub graph: String,
    /// Distinct triples sent, and as counted on the server afterwards.
    pub triples: u64,
}

/// Pushes the named graphs of `source` to `target`, each replaced whole, one graph in memory at a
/// time; the triples in no named graph go to `unnamed`, or make an error. `progress` is called with
/// the number of triples sent so far. Gives each graph with its count, checked on the server.
pub fn push(
    source: &Source,
    unnamed: Option<&NamedNode>,
    target: &Endpoint,
    method: &Method,
    progress: &mut dyn FnMut(u64),
) -> Result<Vec<Pushed>, Error> {
    let default = source.graph_quads(&GraphName::DefaultGraph)?;
    let mut graphs: Vec<GraphName> = source
        .named_graphs()?
        .into_iter()
        .filter_map(|g| match g {
            NamedOrBlankNode::NamedNode(n) => Some(GraphName::NamedNode(n)),
            NamedOrBlankNode::BlankNode(_) => None,
        })
        .collect();
    match unnamed {
        None if !default.is_empty() => return Err(Error::DefaultGraph(default.len())),
        Some(g) if !graphs.contains(&GraphName::NamedNode(g.clone())) && !default.is_empty() => {
            graphs.push(GraphName::NamedNode(g.clone()))
        }
        _ => {}
    }
    let mut sent = 0u64;
    let mut pushed = Vec::new();
    for name in graphs {
        let GraphName::NamedNode(graph_node) = &name else { continue };
        let graph = graph_node.as_str().to_string();
        let mut quads = source.graph_quads(&name)?;
        if unnamed == Some(graph_node) {
            quads.extend(default.iter().cloned());
            let mut seen = std::collections::HashSet::new();
            quads.retain(|q| seen.insert((q.subject.clone(), q.predicate.clone(), q.object.clone())));
        }
        let request = |batch: usize| {
            let graph = graph.clone();
            move |cause: sparql::Error| Error::Request { graph, batch, cause }
        };
        let count = quads.len() as u64;
        match method {
            Method::GraphStore { url } => {
                let body = ntriples(&quads);
                target.put_graph(url, &graph, body).map_err(request(0))?;
                sent += count;
                progress(sent);
            }
            Method::Update { batch } => {
                target.update(&format!("DROP SILENT GRAPH <{graph}>")).map_err(request(0))?;
                for (n, part) in batches(quads, *batch).into_iter().enumerate() {
                    let text = format!("INSERT {{ GRAPH <{graph}> {{\n{}}} }} WHERE {{}}", ntriples(&part));
                    target.update(&text).map_err(request(n + 1))?;
                    sent += part.len() as u64;
                    progress(sent);
                }
            }
        }
        let query = format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}");
        let held = sparql::select(target as &dyn QuerySource, &query, &["n"])
            .map_err(request(0))?
            .first()
            .and_then(|row| sparql::value(&row[0]).parse::<u64>().ok())
            .unwrap_or(0);
        if held != count {
            return Err(Error::Count { graph, sent: count, held });
        }
        pushed.push(Pushed { graph, triples: count });
    }
    Ok(pushed)
}

/// The triples of `quads` as N-Triples.
fn ntriples(quads: &[Quad]) -> String {
    let mut bytes = Vec::new();
    crate::rdf::write_quads(quads, RdfFormat::NTriples, &mut bytes).expect("writing to memory does not fail");
    String::from_utf8(bytes).expect("N-Triples is UTF-8")
}

/// Splits `quads` into batches of about `size`, never splitting the triples that share a blank
/// node: each connected component over blank nodes stays whole (a component larger than `size`
/// makes a batch of its own).
fn batches(quads: Vec<Quad>, size: usize) -> Vec<Vec<Quad>> {
    // Union-find over blank node ids.
    let mut parent: BTreeMap<String, String> = BTreeMap::new();
    fn find(parent: &mut BTreeMap<String, String>, x: &str) -> String {
        let p = parent.get(x).cloned().unwrap_or_else(|| x.to_string());
        if p == x {
            return p;
        }
        let root = find(parent, &p);
        parent.insert(x.to_string(), root.clone());
        root
    }
    let blanks = |q: &Quad| -> Vec<String> {
        let mut ids = Vec::new();
        if let NamedOrBlankNode::BlankNode(b) = &q.subject {
            ids.push(b.as_str().to_string());
        }
        if let Term::BlankNode(b) = &q.object {
            ids.push(b.as_str().to_string());
        }
        ids
    };
    for q in &quads {
        let ids = blanks(q);
        for pair in ids.windows(2) {
            let (a, b) = (find(&mut parent, &pair[0]), find(&mut parent, &pair[1]));
            if a != b {
                parent.insert(a, b);
            }
        }
    }
    // Group: each component keyed by its root, in order of first appearance; plain triples alone.
    let mut groups: Vec<Vec<Quad>> = Vec::new();
    let mut component: BTreeMap<String, usize> = BTreeMap::new();
    for q in quads {
        match blanks(&q).first() {
            Some(id) => {
                let root = find(&mut parent, id);
                let index = *component.entry(root).or_insert_with(|| {
                    groups.push(Vec::new());
                    groups.len() - 1
                });
                groups[index].push(q);
            }
            None => groups.push(vec![q]),
        }
    }
    let mut out: Vec<Vec<Quad>> = Vec::new();
    for group in groups {
        match out.last_mut() {
            Some(last) if last.len() + group.len() <= size.max(1) => last.extend(group),
            _ => out.push(group),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use oxigraph::model::{BlankNode, Literal, NamedNode};

    use super::*;

    fn q(s: NamedOrBlankNode, o: Term) -> Quad {
        let g = NamedNode::new_unchecked("http://e.org/g");
        Quad::new(s, NamedNode::new_unchecked("http://e.org/p"), o, g)
    }

    #[test]
    fn batches_keep_the_triples_of_a_blank_node_together() {
        let (x, y) = (BlankNode::new_unchecked("x"), BlankNode::new_unchecked("y"));
        let iri = |s: &str| NamedNode::new_unchecked(format!("http://e.org/{s}"));
        let quads = vec![
            q(iri("a").into(), x.clone().into()),         // a → _:x
            q(iri("b").into(), Literal::from(1).into()),  // plain
            q(x.clone().into(), y.clone().into()),        // _:x → _:y
            q(y.clone().into(), Literal::from(2).into()), // _:y → 2
            q(iri("c").into(), Literal::from(3).into()),  // plain
        ];
        let out = batches(quads, 2);
        // The three triples of _:x and _:y stay together, though the batch size is 2.
        let sizes: Vec<usize> = out.iter().map(Vec::len).collect();
        assert_eq!(sizes, [3, 2]);
        assert!(
            out[0]
                .iter()
                .all(|q| matches!(q.object, Term::BlankNode(_)) || matches!(q.subject, NamedOrBlankNode::BlankNode(_)))
        );
    }
}
