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

/// Removes duplicate rows of terms (query solutions, or triples that need not be valid RDF: a
/// literal may stand anywhere), sorts them, and names their blank nodes `_:b0`, `_:b1`, … in that
/// order, so that what is drawn or written does not depend on the ids a store or parser chose.
/// Each row is written as a blank node with one triple per position, whose objects are the row's
/// terms (any term may be an object), and the whole goes through [`stable_order`]'s canonicalization.
/// Rows without a blank node are only deduplicated and sorted.
pub fn stable_rows<const N: usize>(rows: Vec<[Term; N]>) -> Vec<[Term; N]> {
    use oxigraph::model::{BlankNode, NamedNode};
    let key = |row: &[Term; N]| row.iter().map(|t| t.to_string()).collect::<Vec<_>>();
    if !rows.iter().flatten().any(|t| matches!(t, Term::BlankNode(_))) {
        let mut rows = rows;
        rows.sort_by_cached_key(key);
        rows.dedup();
        return rows;
    }
    let positions: Vec<NamedNode> =
        (0..N).map(|i| NamedNode::new_unchecked(format!("urn:policykg:row#t{i}"))).collect();
    let mut quads = Vec::with_capacity(rows.len() * N);
    for row in rows {
        let node = BlankNode::default();
        for (position, term) in positions.iter().zip(row) {
            quads.push(Quad::new(node.clone(), position.clone(), term, GraphName::DefaultGraph));
        }
    }
    let mut by_row: std::collections::BTreeMap<String, Vec<Option<Term>>> = std::collections::BTreeMap::new();
    for q in stable_order(quads) {
        let i = positions.iter().position(|p| *p == q.predicate).expect("a row position");
        by_row.entry(q.subject.to_string()).or_insert_with(|| vec![None; N])[i] = Some(q.object);
    }
    // Rows in the order of their terms, the row nodes' names left out; then the terms' blank nodes
    // renamed in that order, so that they are numbered from `_:b0` as they are drawn.
    let mut rows: Vec<[Term; N]> = by_row
        .into_values()
        .map(|terms| {
            let terms: Vec<Term> = terms.into_iter().map(|t| t.expect("every position is filled")).collect();
            terms.try_into().unwrap_or_else(|_| unreachable!("N terms"))
        })
        .collect();
    let masked_key = |row: &[Term; N]| {
        let masked: Vec<String> = row.iter().map(|t| masked(&t.to_string(), matches!(t, Term::BlankNode(_)))).collect();
        (masked, key(row))
    };
    rows.sort_by_cached_key(masked_key);
    rows.dedup();
    let mut names: std::collections::HashMap<BlankNode, BlankNode> = std::collections::HashMap::new();
    let mut rows: Vec<[Term; N]> = rows
        .into_iter()
        .map(|row| {
            row.map(|t| match t {
                Term::BlankNode(b) => {
                    let next = names.len();
                    Term::BlankNode(
                        names.entry(b).or_insert_with(|| BlankNode::new_unchecked(format!("b{next}"))).clone(),
                    )
                }
                other => other,
            })
        })
        .collect();
    rows.sort_by_cached_key(key);
    rows
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
    fn stable_rows_ignore_blank_node_ids_and_input_order() {
        let rows = |a: &str, b: &str| {
            let (a, b) = (Term::from(BlankNode::new_unchecked(a)), Term::from(BlankNode::new_unchecked(b)));
            vec![
                [iri("s").into(), iri("p").into(), a.clone()],
                [a.clone(), iri("q").into(), Literal::from("x").into()],
                // A row that is no RDF triple: a literal subject.
                [Literal::from("l").into(), iri("p").into(), b.clone()],
                [b, iri("q").into(), Literal::from("y").into()],
            ]
        };
        let mut other = rows("k1", "k2");
        other.reverse();
        other.push(other[0].clone());
        assert_eq!(stable_rows(rows("zzz", "aaa")), stable_rows(other));
        let lines: Vec<String> = stable_rows(rows("zzz", "aaa"))
            .iter()
            .map(|r| r.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(" "))
            .collect();
        // Sorted with blank nodes masked, `"l"` before `<…s>` and `_:` last; named in that order.
        assert_eq!(
            lines,
            [
                "\"l\" <http://example.org/p> _:b0",
                "<http://example.org/s> <http://example.org/p> _:b1",
                "_:b0 <http://example.org/q> \"y\"",
                "_:b1 <http://example.org/q> \"x\"",
            ]
        );
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
