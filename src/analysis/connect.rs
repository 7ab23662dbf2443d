//! Which measures connect two entities, through which entities, on what evidence.
//!
//! A measure connects A to B when it involves, in any role, something within A (A itself, or
//! anything `partOf`/`locatedIn`/`seatedIn` A, however many steps up) and something within B. A
//! link is `direct` when the B-side entity lies within B by containment, and `indirect` when it
//! reaches B only through a region that shares ground with B without lying inside it: one that
//! `overlaps` B (广东 and the Greater Bay Area) or one that contains B (泛珠三角).

use std::collections::{BTreeMap, HashMap, VecDeque};

use petgraph::Direction;
use petgraph::graph::NodeIndex;
use serde::Serialize;

use super::Error;
use super::graph::{Justification, NodeKind, Projection, Relation, VALUES_CHUNK, values};
use crate::rdf::vocab::{PK, shorten};
use crate::sparql::{self, QuerySource};

/// Whether a link reaches B by containment or only through a region that overlaps B.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    Direct,
    Indirect,
}

/// A node as the output names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named {
    pub iri: String,
    /// `zh-Hans`, `zh-Hant` and `en` labels.
    pub label: BTreeMap<String, String>,
}

/// One edge of a chain, in the direction the relation holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub from: Named,
    pub relation: String,
    pub to: Named,
    pub why: Justification,
}

/// An entity on one side of a measure, with the chain that puts it within A or B.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SideEntity {
    pub entity: Named,
    /// The measure's role for it: `beneficiary`, `partner`, `platform` …
    pub role: String,
    pub kind: LinkKind,
    /// From the entity up to A or B (empty when the entity is A or B itself).
    pub chain: Vec<Step>,
}

/// The clause a measure stands on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub quote: String,
    pub start: usize,
    pub end: usize,
    pub raw_start: usize,
    pub raw_end: usize,
}

/// A measure that connects A and B.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConnectedMeasure {
    pub iri: String,
    pub label: BTreeMap<String, String>,
    /// The document that states the measure (`?document pk:hasMeasure ?measure`), when the graph says.
    pub document: Option<Named>,
    /// The pillar the measure is listed under; for a commitment of the lead paragraph, which has
    /// none, the class `pk:LeadCommitment` with its labels.
    pub pillar: Named,
    pub order: usize,
    pub kind: LinkKind,
    pub a_side: Vec<SideEntity>,
    pub b_side: Vec<SideEntity>,
    /// A ← … ← A-side entity ← measure → B-side entity → … → B, for the strongest link.
    pub path: Vec<Step>,
    pub evidence: Evidence,
}

/// The answer to `connect A B`.
#[derive(Debug, Clone, Serialize)]
pub struct Connection {
    pub a: Named,
    pub b: Named,
    pub measures: Vec<ConnectedMeasure>,
}

impl Connection {
    pub fn count(&self, kind: LinkKind) -> usize {
        self.measures.iter().filter(|m| m.kind == kind).count()
    }
}

/// How each node reaches the target: the next containment edge up, or none for the target itself.
type Reach = HashMap<NodeIndex, Option<(NodeIndex, Relation)>>;

/// Everything within `target` by containment, each with the edge it goes up by.
fn within(p: &Projection, target: NodeIndex) -> Reach {
    let mut reach: Reach = HashMap::from([(target, None)]);
    let mut queue = VecDeque::from([target]);
    while let Some(n) = queue.pop_front() {
        let mut below: Vec<_> =
            p.edges_of(n, Direction::Incoming).filter(|(_, _, e)| e.relation.is_containment()).collect();
        below.sort_by_key(|(_, other, e)| (p.graph[*other].iri.clone(), e.relation));
        for (_, child, edge) in below {
            if let std::collections::hash_map::Entry::Vacant(slot) = reach.entry(child) {
                slot.insert(Some((n, edge.relation)));
                queue.push_back(child);
            }
        }
    }
    reach
}

/// The chain of steps from `n` up to the root of `reach`.
fn chain(p: &Projection, reach: &Reach, mut n: NodeIndex) -> Vec<Step> {
    let mut steps = Vec::new();
    while let Some(Some((up, relation))) = reach.get(&n) {
        steps.push(step(p, n, *relation, *up));
        n = *up;
    }
    steps
}

/// A node as the output names it.
pub(crate) fn named(p: &Projection, n: NodeIndex) -> Named {
    let node = &p.graph[n];
    let mut label = BTreeMap::new();
    for (tag, key) in [("zh-Hans", "zh-hans"), ("zh-Hant", "zh-hant"), ("en", "en")] {
        if let Some(l) = node.labels.get(key) {
            label.insert(tag.to_string(), l.clone());
        }
    }
    Named { iri: node.iri.clone(), label }
}

/// The step `from relation to` with its justification.
pub(crate) fn step(p: &Projection, from: NodeIndex, relation: Relation, to: NodeIndex) -> Step {
    let why = p
        .graph
        .edges_connecting(from, to)
        .find(|e| e.weight().relation == relation)
        .map(|e| e.weight().why.clone())
        .unwrap_or(Justification::None);
    Step { from: named(p, from), relation: relation.local().to_string(), to: named(p, to), why }
}

const MEASURES: &str = r#"
SELECT ?m ?order ?pillar ?exact ?start ?end ?rawStart ?rawEnd WHERE {
  {values}
  ?m a pk:Measure ; pk:order ?order ; pk:evidence ?a .
  { ?m pk:inPillar ?pillar } UNION { ?m a pk:LeadCommitment . BIND(pk:LeadCommitment AS ?pillar) }
  ?a oa:hasTarget/oa:hasSelector ?q , ?pos .
  ?q oa:exact ?exact .
  ?pos oa:start ?start ; oa:end ?end ; pk:rawStart ?rawStart ; pk:rawEnd ?rawEnd .
}"#;

/// The entities on each side of a connection, and the regions that reach B only indirectly.
type Sides = (Reach, Reach, HashMap<NodeIndex, Vec<Step>>);

fn sides(p: &Projection, a_node: NodeIndex, b_node: NodeIndex) -> Sides {
    let a_reach = within(p, a_node);
    let b_reach = within(p, b_node);

    // Regions that share ground with B without lying inside it, and how each relates to B.
    let mut sharing: BTreeMap<NodeIndex, Step> = BTreeMap::new();
    for (_, other, edge) in p.edges_of(b_node, Direction::Outgoing).chain(p.edges_of(b_node, Direction::Incoming)) {
        if edge.relation == Relation::Overlaps && !b_reach.contains_key(&other) {
            sharing.insert(other, step(p, other, Relation::Overlaps, b_node).with_why(edge.why.clone()));
        }
    }
    for (_, up, edge) in p.edges_of(b_node, Direction::Outgoing) {
        if edge.relation.is_containment() && !b_reach.contains_key(&up) {
            // B lies within `up`, so `up` shares ground with B: show the fact in its true direction.
            sharing.insert(up, step(p, b_node, edge.relation, up));
        }
    }
    // An overlapping region reaches B with everything inside it; a containing one only as itself,
    // or everything in 泛珠三角 (Jiangxi, Ganzhou …) would count as B.
    let mut indirect: HashMap<NodeIndex, Vec<Step>> = HashMap::new();
    for (region, link) in &sharing {
        let overlaps = link.relation == "overlaps";
        let reach = within(p, *region);
        for (n, _) in reach.iter().filter(|(n, _)| overlaps || *n == region) {
            if !b_reach.contains_key(n) && !a_reach.contains_key(n) {
                let mut steps = chain(p, &reach, *n);
                steps.push(link.clone());
                indirect.entry(*n).or_insert(steps);
            }
        }
    }
    (a_reach, b_reach, indirect)
}

/// The entities (IRIs, sorted) a measure must give a role to for [`connect`] to list it: what
/// lies within `a` or `b`, and the regions that reach `b` indirectly. A projection of the entity
/// layer suffices to find them ([`super::graph::Builder::entities`]).
pub fn focus(p: &Projection, a: &str, b: &str) -> Result<Vec<String>, Error> {
    let unknown = |name: &str| Error::Unknown { name: shorten(name), suggestions: vec![] };
    let a_node = p.node(a).ok_or_else(|| unknown(a))?;
    let b_node = p.node(b).ok_or_else(|| unknown(b))?;
    let (a_reach, b_reach, indirect) = sides(p, a_node, b_node);
    let mut iris: Vec<String> =
        a_reach.keys().chain(b_reach.keys()).chain(indirect.keys()).map(|n| p.graph[*n].iri.clone()).collect();
    iris.sort();
    iris.dedup();
    Ok(iris)
}

/// Adds a label to `labels` under its tag as the output writes it (`zh-Hans`, `zh-Hant`, `en`;
/// Oxigraph gives tags in lower case), keeping the smallest label of each tag so that the choice does
/// not depend on the order rows come in. Anything but a literal in one of those languages is ignored.
pub fn add_label(labels: &mut BTreeMap<String, String>, term: Option<&oxigraph::model::Term>) {
    let Some(oxigraph::model::Term::Literal(l)) = term else { return };
    let Some(tag) =
        ["zh-Hans", "zh-Hant", "en"].into_iter().find(|t| l.language().is_some_and(|x| x.eq_ignore_ascii_case(t)))
    else {
        return;
    };
    let slot = labels.entry(tag.to_string()).or_insert_with(|| l.value().to_string());
    if l.value() < slot.as_str() {
        *slot = l.value().to_string();
    }
}

/// The labels of the class `pk:LeadCommitment`, under which the lead paragraph's commitments are
/// listed (its short name when the source lacks the ontology).
fn lead_commitment(source: &(impl QuerySource + ?Sized)) -> Result<Named, Error> {
    let iri = format!("{PK}LeadCommitment");
    let mut label = BTreeMap::new();
    for row in sparql::select(source, "SELECT ?l WHERE { pk:LeadCommitment rdfs:label ?l }", &["l"])? {
        add_label(&mut label, row[0].as_ref());
    }
    if label.is_empty() {
        label.insert("en".to_string(), shorten(&iri));
    }
    Ok(Named { iri, label })
}

/// The measures that connect `a` and `b` (IRIs): the lead paragraph's commitments first, then the
/// pillars' measures, each in text order. `p` must hold every measure that
/// gives one of the [`focus`] entities a role; it may hold more.
pub fn connect(source: &(impl QuerySource + ?Sized), p: &Projection, a: &str, b: &str) -> Result<Connection, Error> {
    let unknown = |name: &str| Error::Unknown { name: shorten(name), suggestions: vec![] };
    let a_node = p.node(a).ok_or_else(|| unknown(a))?;
    let b_node = p.node(b).ok_or_else(|| unknown(b))?;
    let (a_reach, b_reach, indirect) = sides(p, a_node, b_node);

    // Order, pillar and evidence of the projection's measures; of two evidences, the earliest.
    let measure_iris: Vec<String> =
        p.graph.node_weights().filter(|n| n.kind == NodeKind::Measure).map(|n| n.iri.clone()).collect();
    let mut info: HashMap<String, (usize, String, Evidence)> = HashMap::new();
    for chunk in measure_iris.chunks(VALUES_CHUNK) {
        let query = MEASURES.replace("{values}", &values("m", chunk));
        for row in
            sparql::select(source, &query, &["m", "order", "pillar", "exact", "start", "end", "rawStart", "rawEnd"])?
        {
            let num = |i: usize| sparql::value(&row[i]).parse::<usize>().unwrap_or(0);
            let evidence = Evidence {
                quote: sparql::value(&row[3]),
                start: num(4),
                end: num(5),
                raw_start: num(6),
                raw_end: num(7),
            };
            let entry = (num(1), sparql::value(&row[2]), evidence);
            let slot = info.entry(sparql::value(&row[0])).or_insert_with(|| entry.clone());
            if (entry.2.start, entry.2.end, &entry.1) < (slot.2.start, slot.2.end, &slot.1) {
                *slot = entry;
            }
        }
    }

    let lead = lead_commitment(source)?;
    // The document of each measure, and its labels; of two documents, the smaller IRI.
    let mut documents: HashMap<String, Named> = HashMap::new();
    for chunk in measure_iris.chunks(VALUES_CHUNK) {
        let query = format!(
            "SELECT ?m ?doc ?label WHERE {{ {} ?doc pk:hasMeasure ?m . OPTIONAL {{ ?doc rdfs:label ?label }} }}",
            values("m", chunk)
        );
        for row in sparql::select(source, &query, &["m", "doc", "label"])? {
            let doc = sparql::value(&row[1]);
            let slot = documents
                .entry(sparql::value(&row[0]))
                .or_insert_with(|| Named { iri: doc.clone(), label: BTreeMap::new() });
            if doc < slot.iri {
                *slot = Named { iri: doc.clone(), label: BTreeMap::new() };
            }
            if slot.iri == doc {
                add_label(&mut slot.label, row[2].as_ref());
            }
        }
    }

    let mut measures = Vec::new();
    for m in p.graph.node_indices().filter(|n| p.graph[*n].kind == NodeKind::Measure) {
        let Some((order, pillar, evidence)) = info.get(&p.graph[m].iri) else { continue };
        let mut a_side = Vec::new();
        let mut b_side = Vec::new();
        let mut roles: Vec<_> = p.edges_of(m, Direction::Outgoing).filter(|(_, _, e)| e.relation.is_role()).collect();
        roles.sort_by_key(|(_, n, e)| (e.relation, p.graph[*n].iri.clone()));
        for (_, entity, edge) in roles {
            let side = |kind, chain| SideEntity {
                entity: named(p, entity),
                role: edge.relation.local().to_string(),
                kind,
                chain,
            };
            // When one side lies within the other (赣州 within 江西), an entity within both is on
            // neither side: a measure connects the two only through something of each side alone.
            let (in_a, in_b) = (a_reach.contains_key(&entity), b_reach.contains_key(&entity));
            if in_a && !in_b {
                a_side.push(side(LinkKind::Direct, chain(p, &a_reach, entity)));
            }
            if in_b && !in_a {
                b_side.push(side(LinkKind::Direct, chain(p, &b_reach, entity)));
            } else if let Some(steps) = indirect.get(&entity) {
                b_side.push(side(LinkKind::Indirect, steps.clone()));
            }
        }
        if a_side.is_empty() || b_side.is_empty() {
            continue;
        }
        // The strongest link: a direct B-side entity with the shortest chain, then the A-side entity closest to A.
        let best_b = b_side.iter().min_by_key(|s| (s.kind, s.chain.len())).expect("b_side is not empty");
        let best_a = a_side.iter().min_by_key(|s| s.chain.len()).expect("a_side is not empty");
        let mut path: Vec<Step> = best_a.chain.iter().rev().cloned().collect();
        let entity_node = |s: &SideEntity| p.node(&s.entity.iri).expect("side entities are nodes");
        path.push(step(p, m, Relation::from_local(&best_a.role).expect("a role"), entity_node(best_a)));
        path.push(step(p, m, Relation::from_local(&best_b.role).expect("a role"), entity_node(best_b)));
        path.extend(best_b.chain.iter().cloned());
        let kind = best_b.kind;
        let pillar = match p.node(pillar) {
            Some(node) => named(p, node),
            None => lead.clone(),
        };
        measures.push(ConnectedMeasure {
            iri: p.graph[m].iri.clone(),
            label: named(p, m).label,
            document: documents.get(&p.graph[m].iri).cloned(),
            pillar,
            order: *order,
            kind,
            a_side,
            b_side,
            path,
            evidence: evidence.clone(),
        });
    }
    // By document, then the lead paragraph's commitments first, then in text order.
    measures.sort_by(|x, y| {
        let key =
            |m: &ConnectedMeasure| (m.document.as_ref().map(|d| d.iri.clone()), m.pillar.iri != lead.iri, m.order);
        key(x).cmp(&key(y))
    });
    Ok(Connection { a: named(p, a_node), b: named(p, b_node), measures })
}

impl Step {
    fn with_why(mut self, why: Justification) -> Self {
        if self.why == Justification::None {
            self.why = why;
        }
        self
    }
}
