//! The order quads are written in, so that every output is byte-identical from run to run: sorted
//! as N-Quads terms, blank nodes named `_:b0`, `_:b1`, … in order of appearance.

use std::collections::HashSet;

use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::{Dataset, GraphName, NamedOrBlankNode, Quad, QuadRef, Term};

/// Renames blank nodes `_:b0`, `_:b1`, … in order of first appearance. Parsers give anonymous
/// nodes random ids; renaming them makes every output byte-identical from run to run.
pub fn relabel_blank_nodes(quads: Vec<Quad>) -> Vec<Quad> {
    use oxigraph::model::BlankNode;
    let mut names: std::collections::HashMap<BlankNode, BlankNode> = std::collections::HashMap::new();
    let mut rename = |b: &BlankNode| -> BlankNode {
        let next = names.len();
        names.entry(b.clone()).or_insert_with(|| BlankNode::new_unchecked(format!("b{next}"))).clone()
    };
    quads
        .into_iter()
        .map(|q| {
            let subject = match q.subject {
                NamedOrBlankNode::BlankNode(b) => NamedOrBlankNode::BlankNode(rename(&b)),
                other => other,
            };
            let object = match q.object {
                Term::BlankNode(b) => Term::BlankNode(rename(&b)),
                other => other,
            };
            let graph_name = match q.graph_name {
                GraphName::BlankNode(b) => GraphName::BlankNode(rename(&b)),
                other => other,
            };
            Quad::new(subject, q.predicate, object, graph_name)
        })
        .collect()
}

/// Sorts quads by graph, subject, predicate and object as N-Quads terms: the order every file is written in.
pub fn sort_quads(quads: &mut [Quad]) {
    quads.sort_by_cached_key(|q| {
        (q.graph_name.to_string(), q.subject.to_string(), q.predicate.to_string(), q.object.to_string())
    });
}

/// Removes duplicate quads, sorts the rest and names their blank nodes `_:b0`, `_:b1`, … in that
/// order, so that what is written depends neither on the ids a parser or a store chose nor on the
/// order the quads came in: blank nodes are first given canonical ids by Oxigraph's dataset
/// canonicalization (a hash of each node's neighbourhood), which break the ties of the sort
/// where quads differ only in their blank nodes.
pub fn stable_order(quads: Vec<Quad>) -> Vec<Quad> {
    let has_blank = quads.iter().any(|q| {
        matches!(q.subject, NamedOrBlankNode::BlankNode(_))
            || matches!(q.object, Term::BlankNode(_))
            || matches!(q.graph_name, GraphName::BlankNode(_))
    });
    let mut quads: Vec<Quad> = if has_blank {
        let mut dataset: Dataset = quads.into_iter().collect();
        dataset.canonicalize(CanonicalizationAlgorithm::Unstable);
        dataset.iter().map(QuadRef::into_owned).collect()
    } else {
        let mut seen = HashSet::new();
        quads.into_iter().filter(|q| seen.insert(q.clone())).collect()
    };
    quads.sort_by_cached_key(|q| {
        (
            masked(&q.graph_name.to_string(), matches!(q.graph_name, GraphName::BlankNode(_))),
            masked(&q.subject.to_string(), matches!(q.subject, NamedOrBlankNode::BlankNode(_))),
            q.predicate.to_string(),
            masked(&q.object.to_string(), matches!(q.object, Term::BlankNode(_))),
            q.to_string(),
        )
    });
    let mut quads = relabel_blank_nodes(quads);
    sort_quads(&mut quads);
    quads
}

/// A blank node's id says nothing, so it sorts as `_:` whatever it is.
fn masked(term: &str, blank: bool) -> String {
    if blank { "_:".to_string() } else { term.to_string() }
}

#[cfg(test)]
mod tests {
    use oxigraph::model::{BlankNode, Literal, NamedNode};

    use super::*;

    fn iri(s: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("http://example.org/{s}"))
    }

    #[test]
    fn stable_order_ignores_blank_node_ids_and_input_order() {
        let one = |b: &BlankNode| {
            vec![
                Quad::new(iri("s"), iri("p"), b.clone(), GraphName::DefaultGraph),
                Quad::new(b.clone(), iri("q"), Literal::from("x"), GraphName::DefaultGraph),
                Quad::new(iri("a"), iri("p"), iri("o"), GraphName::DefaultGraph),
            ]
        };
        let a = one(&BlankNode::new_unchecked("zzz"));
        let mut b = one(&BlankNode::new_unchecked("aaa"));
        b.reverse();
        b.push(b[0].clone());
        assert_eq!(stable_order(a.clone()), stable_order(b));
        let lines: Vec<String> = stable_order(a).iter().map(|q| q.to_string()).collect();
        assert_eq!(
            lines,
            [
                "<http://example.org/a> <http://example.org/p> <http://example.org/o>",
                "<http://example.org/s> <http://example.org/p> _:b0",
                "_:b0 <http://example.org/q> \"x\"",
            ]
        );
    }
}
