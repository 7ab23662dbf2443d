//! The views: what each diagram shows, built from the knowledge graph, its projection or a
//! `connect` result into a [`Diagram`].

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use oxigraph::model::Term;
use petgraph::Direction as Towards;
use petgraph::graph::NodeIndex;

use super::label::{balanced, measure_label, name_label, wrap};
use super::lang::Lang;
use super::model::{Arrow, ClusterStyle, Diagram, Direction, Edge, Line, Node, Style};
use super::{Error, Options};
use crate::analysis::connect::{Connection, LinkKind, Named, Step};
use crate::analysis::graph::{NodeKind, Projection, Relation};

use crate::rdf::vocab::{PK, document_id, measure_name, shorten};
use crate::sparql::{self, Query, QuerySource, Results};

/// The `pk:order` of every pillar and measure.
fn orders(source: &(impl QuerySource + ?Sized)) -> Result<BTreeMap<String, usize>, Error> {
    let mut orders = BTreeMap::new();
    for row in sparql::select(source, "SELECT ?n ?o WHERE { ?n pk:order ?o }", &["n", "o"])? {
        if let Ok(o) = sparql::value(&row[1]).parse() {
            orders.entry(sparql::value(&row[0])).or_insert(o);
        }
    }
    Ok(orders)
}

/// Literal values by language tag (lower case) for each subject, from rows of `?n ?v`; of two
/// values in one language the smaller is kept, so that the choice never depends on row order.
fn by_language(rows: Vec<Vec<Option<Term>>>) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for row in rows {
        if let Some(Term::Literal(l)) = &row[1] {
            let lang = l.language().unwrap_or("").to_string();
            let slot =
                out.entry(sparql::value(&row[0])).or_default().entry(lang).or_insert_with(|| l.value().to_string());
            if l.value() < slot.as_str() {
                *slot = l.value().to_string();
            }
        }
    }
    out
}

/// Every `rdfs:label` of every IRI.
fn all_labels(source: &(impl QuerySource + ?Sized)) -> Result<BTreeMap<String, BTreeMap<String, String>>, Error> {
    let rows = sparql::select(source, "SELECT ?n ?l WHERE { ?n rdfs:label ?l FILTER(isIRI(?n)) }", &["n", "l"])?;
    Ok(by_language(rows))
}

/// The number a pillar's IRI ends in (`…/Pillar3` → 3), or 0.
fn trailing_number(iri: &str) -> usize {
    let digits: String = iri.chars().rev().take_while(char::is_ascii_digit).collect();
    digits.chars().rev().collect::<String>().parse().unwrap_or(0)
}

fn english(lang: Lang) -> bool {
    lang == Lang::En
}

/// Every name of a node, for its tooltip.
fn tooltip(id: &str, labels: &BTreeMap<String, String>) -> String {
    let mut names: Vec<&str> = Vec::new();
    for tag in ["zh-hans", "zh-hant", "en"] {
        if let Some((_, l)) = labels.iter().find(|(k, _)| k.eq_ignore_ascii_case(tag))
            && !names.contains(&l.as_str())
        {
            names.push(l);
        }
    }
    format!("{id} · {}", names.join(" / "))
}

/// The pillar a measure is listed under, and its order.
fn pillar_of(p: &Projection, n: NodeIndex, orders: &BTreeMap<String, usize>) -> Option<(NodeIndex, usize)> {
    p.edges_of(n, Towards::Outgoing)
        .filter(|(_, _, e)| e.relation == Relation::InPillar)
        .map(|(_, pillar, _)| (pillar, orders.get(&p.graph[pillar].iri).copied().unwrap_or(0)))
        .min_by_key(|(pillar, order)| (*order, p.graph[*pillar].iri.clone()))
}

/// A projection node as drawn: measures by id (with their document's when `qualified`, see
/// [`measure_name`]) and shortened clause, in their pillar's colour.
fn projection_node(
    p: &Projection,
    n: NodeIndex,
    lang: Lang,
    orders: &BTreeMap<String, usize>,
    qualified: bool,
) -> Node {
    let node = &p.graph[n];
    let id = shorten(&node.iri);
    let name = lang.pick(&node.labels).unwrap_or_else(|| id.clone());
    let order = orders.get(&node.iri).copied().unwrap_or(0);
    match node.kind {
        NodeKind::Measure => {
            let pillar = pillar_of(p, n, orders).map(|(_, o)| o).unwrap_or(0);
            let number = measure_name(&node.iri, qualified).unwrap_or_else(|| id.clone());
            Node::new(id.clone(), measure_label(&number, &name, english(lang)), Style::Measure(pillar))
                .named(number.clone())
                .tooltip(format!("{number} {name}"))
                .rank(0, order)
        }
        NodeKind::Pillar => Node::new(id.clone(), name_label(&name), Style::Pillar(order))
            .named(name)
            .tooltip(tooltip(&id, &node.labels))
            .rank(0, order),
        NodeKind::Entity => Node::new(id.clone(), name_label(&name), Style::of_class(&node.class, 0))
            .named(name)
            .tooltip(tooltip(&id, &node.labels)),
    }
}

/// How a relation is drawn: overlaps is symmetric, so dashed and without an arrowhead.
fn relation_edge(from: &str, to: &str, relation: Relation, lang: Lang) -> Edge {
    let edge = Edge::new(from, to, lang.term(relation.local())).relation(relation);
    if relation == Relation::Overlaps { edge.line(Line::Dashed).arrow(Arrow::None).loose() } else { edge }
}

fn finish(mut d: Diagram, o: &Options) -> Diagram {
    d.cap(o.max_nodes);
    d
}

// ---------------------------------------------------------------------------------------------
// overview
// ---------------------------------------------------------------------------------------------

/// The most measures the overview stacks in one column.
const COLUMN: usize = 12;

/// A document, its pillars, and the measures of each pillar in a column, coloured by pillar:
/// `document` (an id or IRI) when given, else the data's only document; several and none chosen is
/// an error naming them.
pub fn overview(
    source: &(impl QuerySource + ?Sized),
    p: &Projection,
    o: &Options,
    document: Option<&str>,
) -> Result<Diagram, Error> {
    let lang = o.lang;
    let orders = orders(source)?;
    let docs: BTreeSet<String> = sparql::select(source, "SELECT DISTINCT ?d WHERE { ?d a pk:PolicyDocument }", &["d"])?
        .iter()
        .map(|r| sparql::value(&r[0]))
        .collect();
    let id_of = |iri: &str| document_id(iri).map_or_else(|| shorten(iri), str::to_string);
    let doc = match document {
        Some(wanted) => {
            Some(docs.iter().find(|d| d.as_str() == wanted || id_of(d) == wanted).cloned().ok_or_else(|| {
                let known: Vec<String> = docs.iter().map(|d| id_of(d)).collect();
                Error::Query(format!("no document '{wanted}' in the data; its documents: {}", known.join(", ")))
            })?)
        }
        None if docs.len() > 1 => {
            let known: Vec<String> = docs.iter().map(|d| id_of(d)).collect();
            return Err(Error::Query(format!(
                "the data holds {} documents ({}): choose one with --document ID",
                docs.len(),
                known.join(", ")
            )));
        }
        None => docs.into_iter().next(),
    };
    // The document's own pillars; with no document in the data, every pillar.
    let own_pillars: Option<BTreeSet<String>> = match &doc {
        Some(iri) => Some(
            sparql::select(source, &format!("SELECT ?p WHERE {{ <{iri}> pk:hasPillar ?p }}"), &["p"])?
                .iter()
                .map(|r| sparql::value(&r[0]))
                .collect(),
        ),
        None => None,
    };
    let (title, doc_node) = match &doc {
        Some(iri) => {
            let q = |p: &str| format!("SELECT ?n ?v WHERE {{ BIND(<{iri}> AS ?n) ?n {p} ?v }}");
            let titles =
                by_language(sparql::select(source, &q("dcterms:title"), &["n", "v"])?).remove(iri).unwrap_or_default();
            let labels =
                by_language(sparql::select(source, &q("rdfs:label"), &["n", "v"])?).remove(iri).unwrap_or_default();
            let id = shorten(iri);
            let title = lang.pick(&titles).map(|t| if english(lang) { t } else { format!("《{t}》") });
            let name = lang.pick(&labels).unwrap_or_else(|| id.clone());
            let node = Node::new(id.clone(), name_label(&name), Style::Document)
                .named(name.clone())
                .tooltip(tooltip(&id, &labels));
            (title.unwrap_or(name), Some(node))
        }
        None => (lang.measures().to_string(), None),
    };
    let mut d = Diagram::new("overview", wrap(&title, 80, 3), Direction::TopBottom, lang);
    d.pillar_legend = false;
    d.rank_gap = "0.25";

    let mut pillars: Vec<(usize, NodeIndex)> = p
        .graph
        .node_indices()
        .filter(|n| p.graph[*n].kind == NodeKind::Pillar)
        .filter(|n| own_pillars.as_ref().is_none_or(|own| own.contains(&p.graph[*n].iri)))
        .map(|n| (orders.get(&p.graph[n].iri).copied().unwrap_or(0), n))
        .collect();
    pillars.sort_by_key(|(order, n)| (*order, p.graph[*n].iri.clone()));
    let mut measures: BTreeMap<NodeIndex, Vec<(usize, NodeIndex)>> = BTreeMap::new();
    for m in p.graph.node_indices().filter(|n| p.graph[*n].kind == NodeKind::Measure) {
        if let Some((pillar, _)) = pillar_of(p, m, &orders) {
            measures.entry(pillar).or_default().push((orders.get(&p.graph[m].iri).copied().unwrap_or(0), m));
        }
    }

    if let Some(node) = doc_node.clone() {
        d.node(node.rank(0, 0));
    }
    for (order, pillar) in &pillars {
        let list = measures.get(pillar).cloned().unwrap_or_default();
        let cluster =
            d.cluster(&format!("pillar{order}"), lang.measure_count(list.len()), ClusterStyle::Pillar(*order));
        let pillar_node = projection_node(p, *pillar, lang, &orders, false);
        let pillar_id = pillar_node.id.clone();
        d.pillar(*order, lang.pick(&p.graph[*pillar].labels).unwrap_or_default());
        d.node(pillar_node.in_cluster(cluster).rank(1, *order));
        if let Some(doc) = &doc_node {
            d.edge(Edge::new(&doc.id, &pillar_id, lang.term("hasPillar")));
        }
        // The measures hang below their pillar in text order, held in columns of at most
        // COLUMN by invisible links.
        let mut list = list;
        list.sort_by_key(|(order, m)| (*order, p.graph[*m].iri.clone()));
        let columns = list.len().div_ceil(COLUMN).max(1);
        for column in list.chunks(list.len().div_ceil(columns).max(1)) {
            let mut above = pillar_id.clone();
            for (order, m) in column {
                let node = projection_node(p, *m, lang, &orders, false).in_cluster(cluster).rank(2, *order);
                let id = node.id.clone();
                d.node(node);
                d.edge(Edge::new(&above, &id, "").line(Line::Invisible));
                above = id;
            }
        }
    }
    Ok(finish(d, o))
}

// ---------------------------------------------------------------------------------------------
// bridge
// ---------------------------------------------------------------------------------------------

/// A `connect` result: A and what lies within it on the left, the measures in the middle, B and
/// what lies within or beside it on the right. `classes` gives each entity IRI its pk: class.
pub fn bridge(c: &Connection, classes: &BTreeMap<String, String>, o: &Options) -> Diagram {
    let lang = o.lang;
    let name = |n: &Named| lang.pick(&n.label).unwrap_or_else(|| shorten(&n.iri));
    let (a_name, b_name) = (name(&c.a), name(&c.b));
    let title =
        lang.bridge_title(&a_name, &b_name, c.measures.len(), c.count(LinkKind::Direct), c.count(LinkKind::Indirect));
    let mut d = Diagram::new("bridge", title, Direction::LeftRight, lang);
    let a_cluster = d.cluster("a", lang.side(&a_name), ClusterStyle::Plain);
    let m_cluster = d.cluster("measures", lang.measures(), ClusterStyle::Plain);
    d.same_rank(m_cluster);
    let b_cluster = d.cluster("b", lang.side(&b_name), ClusterStyle::Plain);

    let entity = |n: &Named, cluster: usize, priority: usize| {
        let class = classes.get(&n.iri).map(String::as_str).unwrap_or("");
        let id = shorten(&n.iri);
        Node::new(id.clone(), name_label(&name(n)), Style::of_class(class, 0))
            .named(name(n))
            .tooltip(tooltip(&id, &n.label))
            .in_cluster(cluster)
            .rank(priority, 0)
    };
    let mut a_node = entity(&c.a, a_cluster, 0);
    a_node.emphasis = true;
    let mut b_node = entity(&c.b, b_cluster, 0);
    b_node.emphasis = true;
    d.node(a_node);
    d.node(b_node);

    // A-side edges are drawn from A towards the measures, with the arrowhead turned back, so that
    // the layout puts A on the left; B-side edges run left to right as the relations do.
    let a_step = |d: &mut Diagram, s: &Step| {
        d.node(entity(&s.from, a_cluster, 2));
        d.node(entity(&s.to, a_cluster, 2));
        let mut edge = Edge::new(shorten(&s.to.iri), shorten(&s.from.iri), lang.term(&s.relation)).arrow(Arrow::Back);
        edge.relation = Relation::from_local(&s.relation);
        d.edge(edge);
    };
    // Measures of several documents are named with their document's id (a/M01).
    let documents: BTreeSet<Option<&str>> =
        c.measures.iter().map(|m| m.document.as_ref().map(|d| d.iri.as_str())).collect();
    let qualified = documents.len() > 1;
    for m in &c.measures {
        let pillar = trailing_number(&m.pillar.iri);
        d.pillar(pillar, name(&m.pillar));
        let id = shorten(&m.iri);
        let number = measure_name(&m.iri, qualified).unwrap_or_else(|| id.clone());
        let clause = lang.pick(&m.label).unwrap_or_default();
        let kind = match m.kind {
            LinkKind::Direct => "",
            LinkKind::Indirect => lang.indirect_mark(),
        };
        d.node(
            Node::new(
                id.clone(),
                measure_label(&format!("{number}{kind}"), &clause, english(lang)),
                Style::Measure(pillar),
            )
            .named(number.clone())
            .tooltip(format!("{number} {clause}"))
            .in_cluster(m_cluster)
            .rank(1, m.order),
        );
        for side in &m.a_side {
            d.node(entity(&side.entity, a_cluster, 2));
            let mut edge = Edge::new(shorten(&side.entity.iri), &id, lang.term(&side.role)).arrow(Arrow::Back);
            edge.relation = Relation::from_local(&side.role);
            d.edge(edge);
            for s in &side.chain {
                a_step(&mut d, s);
            }
        }
        for side in &m.b_side {
            d.node(entity(&side.entity, b_cluster, 2));
            let line = if side.kind == LinkKind::Indirect { Line::Dashed } else { Line::Solid };
            let mut edge = Edge::new(&id, shorten(&side.entity.iri), lang.term(&side.role)).line(line);
            edge.relation = Relation::from_local(&side.role);
            d.edge(edge);
            for (i, s) in side.chain.iter().enumerate() {
                d.node(entity(&s.from, b_cluster, 2));
                d.node(entity(&s.to, b_cluster, 2));
                let mut edge = Edge::new(shorten(&s.from.iri), shorten(&s.to.iri), lang.term(&s.relation));
                edge.relation = Relation::from_local(&s.relation);
                if Relation::from_local(&s.relation) == Some(Relation::Overlaps) {
                    edge = edge.line(Line::Dashed).arrow(Arrow::None).loose();
                }
                // The last step of an indirect chain is the shared ground that makes it indirect.
                if side.kind == LinkKind::Indirect && i + 1 == side.chain.len() {
                    edge = edge.line(Line::Dashed).loose();
                }
                d.edge(edge);
            }
        }
    }
    if c.count(LinkKind::Indirect) > 0 {
        d.explain(Line::Dashed, Arrow::Forward, lang.indirect_link());
    }
    finish(d, o)
}

// ---------------------------------------------------------------------------------------------
// entity
// ---------------------------------------------------------------------------------------------

/// An entity and everything within `hops` edges of it, in either direction, with the relations
/// among them; measures grouped by pillar.
pub fn entity(
    source: &(impl QuerySource + ?Sized),
    p: &Projection,
    iri: &str,
    hops: usize,
    o: &Options,
) -> Result<Diagram, Error> {
    let lang = o.lang;
    let orders = orders(source)?;
    let centre =
        p.node(iri).ok_or_else(|| crate::analysis::Error::Unknown { name: shorten(iri), suggestions: vec![] })?;
    let mut distance: BTreeMap<NodeIndex, usize> = BTreeMap::from([(centre, 0)]);
    let mut queue = VecDeque::from([centre]);
    while let Some(n) = queue.pop_front() {
        let dist = distance[&n];
        if dist == hops {
            continue;
        }
        let mut next: Vec<NodeIndex> = p
            .edges_of(n, Towards::Outgoing)
            .chain(p.edges_of(n, Towards::Incoming))
            .map(|(_, other, _)| other)
            .collect();
        next.sort_by_key(|x| p.graph[*x].iri.clone());
        for other in next {
            if let std::collections::btree_map::Entry::Vacant(slot) = distance.entry(other) {
                slot.insert(dist + 1);
                queue.push_back(other);
            }
        }
    }

    let centre_name = lang.pick(&p.graph[centre].labels).unwrap_or_else(|| shorten(iri));
    let centre_name = p.measure_name(iri).unwrap_or(centre_name);
    let measures = distance.keys().filter(|n| **n != centre && p.graph[**n].kind == NodeKind::Measure).count();
    let grouped = o.group_above.is_some_and(|max| measures > max);
    let mut title = lang.entity_title(&centre_name, hops);
    if grouped {
        title = format!("{title} · {}", lang.grouped(measures));
    }
    let mut d = Diagram::new("entity", title, Direction::LeftRight, lang);
    if grouped {
        entity_grouped(&mut d, p, centre, &distance, &orders, lang);
        return Ok(finish(d, o));
    }
    let mut clusters: BTreeMap<usize, usize> = BTreeMap::new();
    for (&n, &dist) in &distance {
        let mut node = projection_node(p, n, lang, &orders, p.several_documents());
        node.priority = dist;
        node.emphasis = n == centre;
        let pillar = match p.graph[n].kind {
            NodeKind::Measure => pillar_of(p, n, &orders),
            NodeKind::Pillar => Some((n, orders.get(&p.graph[n].iri).copied().unwrap_or(0))),
            NodeKind::Entity => None,
        };
        if let Some((pillar, order)) = pillar {
            let pillar_name = lang.pick(&p.graph[pillar].labels).unwrap_or_default();
            d.pillar(order, pillar_name.clone());
            let cluster = *clusters.entry(order).or_insert_with(|| {
                d.cluster(&format!("pillar{order}"), wrap(&pillar_name, 40, 2), ClusterStyle::Pillar(order))
            });
            node = node.in_cluster(cluster);
        }
        d.node(node);
    }
    for &n in distance.keys() {
        for (_, other, edge) in p.edges_of(n, Towards::Outgoing) {
            if distance.contains_key(&other) {
                d.edge(relation_edge(&shorten(&p.graph[n].iri), &shorten(&p.graph[other].iri), edge.relation, lang));
            }
        }
    }
    Ok(finish(d, o))
}

/// The entity view of a hub: every measure (other than the centre) stands in the node of its
/// pillar, which says how many it holds and which they are (tooltip); the pillars themselves and
/// the measures' pillar edges are left out, since the group is the pillar; every other node is
/// drawn as it is. An edge between a group and a node says the relation and, when more than one
/// measure holds it, how many (`受益方 ×18`).
fn entity_grouped(
    d: &mut Diagram,
    p: &Projection,
    centre: NodeIndex,
    distance: &BTreeMap<NodeIndex, usize>,
    orders: &BTreeMap<String, usize>,
    lang: Lang,
) {
    let grouped = |n: NodeIndex| n != centre && p.graph[n].kind == NodeKind::Measure;
    // The drawn id of each node: a grouped measure's is its pillar group's.
    let mut ids: BTreeMap<NodeIndex, String> = BTreeMap::new();
    // Group id → (pillar, order, nearest distance, measures).
    let mut groups: BTreeMap<String, (Option<NodeIndex>, usize, usize, Vec<NodeIndex>)> = BTreeMap::new();
    for (&n, &dist) in distance {
        if grouped(n) {
            let pillar = pillar_of(p, n, orders);
            let id = match pillar {
                Some((pillar, _)) => format!("{}#measures", shorten(&p.graph[pillar].iri)),
                None => "no-pillar#measures".to_string(),
            };
            let order = pillar.map(|(_, o)| o).unwrap_or(0);
            let group = groups.entry(id.clone()).or_insert((pillar.map(|(x, _)| x), order, dist, Vec::new()));
            group.2 = group.2.min(dist);
            group.3.push(n);
            ids.insert(n, id);
        } else if n == centre || p.graph[n].kind != NodeKind::Pillar {
            let mut node = projection_node(p, n, lang, orders, p.several_documents());
            node.priority = dist;
            node.emphasis = n == centre;
            ids.insert(n, node.id.clone());
            d.node(node);
        }
    }
    for (id, (pillar, order, dist, mut measures)) in groups {
        measures.sort_by_key(|m| (orders.get(&p.graph[*m].iri).copied().unwrap_or(0), p.graph[*m].iri.clone()));
        let numbers: Vec<String> = measures
            .iter()
            .map(|m| p.measure_name(&p.graph[*m].iri).unwrap_or_else(|| shorten(&p.graph[*m].iri)))
            .collect();
        let pillar_name =
            pillar.and_then(|x| lang.pick(&p.graph[x].labels)).unwrap_or_else(|| lang.measures_in_no_pillar().into());
        if pillar.is_some() {
            d.pillar(order, pillar_name.clone());
        }
        // Ten Chinese characters, or thirty columns of English, to a line.
        let width = if english(lang) { 30 } else { 20 };
        let label = format!("{}\n{}", balanced(&pillar_name, width, 4), lang.measure_count(measures.len()));
        d.node(
            Node::new(id, label, Style::Measure(order))
                .named(format!("{pillar_name} ({})", measures.len()))
                .tooltip(numbers.join(" "))
                .rank(dist, order),
        );
    }
    // Edges between drawn nodes, counted by (from, to, relation) after grouping.
    let mut counts: BTreeMap<(String, String, Relation), usize> = BTreeMap::new();
    for &n in distance.keys() {
        for (_, other, edge) in p.edges_of(n, Towards::Outgoing) {
            let (Some(from), Some(to)) = (ids.get(&n), ids.get(&other)) else {
                continue;
            };
            if from != to {
                *counts.entry((from.clone(), to.clone(), edge.relation)).or_default() += 1;
            }
        }
    }
    for ((from, to, relation), count) in counts {
        let mut edge = relation_edge(&from, &to, relation, lang);
        if count > 1 {
            edge.label = format!("{} ×{count}", edge.label);
        }
        d.edge(edge);
    }
}

// ---------------------------------------------------------------------------------------------
// region tree
// ---------------------------------------------------------------------------------------------

/// Regions and their containment (partOf, locatedIn, seatedIn), with the platforms and
/// organisations placed in them; overlapping regions joined by a dashed line.
pub fn region_tree(source: &(impl QuerySource + ?Sized), p: &Projection, o: &Options) -> Result<Diagram, Error> {
    let lang = o.lang;
    let orders = orders(source)?;
    let is_region = |n: NodeIndex| p.graph[n].kind == NodeKind::Entity && p.graph[n].class == "Region";
    let mut included: BTreeSet<NodeIndex> = p.graph.node_indices().filter(|n| is_region(*n)).collect();
    // Whatever lies in an included node is included too, however deep (a park in a new area in a city).
    loop {
        let more: Vec<NodeIndex> = p
            .graph
            .edge_indices()
            .filter_map(|e| {
                let (s, t) = p.graph.edge_endpoints(e)?;
                let placed = p.graph[e].relation.is_containment() && included.contains(&t) && !included.contains(&s);
                (placed && p.graph[s].kind == NodeKind::Entity).then_some(s)
            })
            .collect();
        if more.is_empty() {
            break;
        }
        included.extend(more);
    }
    let mut d = Diagram::new("region_tree", lang.region_tree_title(), Direction::RightLeft, lang);
    for &n in &included {
        let node = projection_node(p, n, lang, &orders, p.several_documents());
        let priority = usize::from(!is_region(n));
        d.node(node.rank(priority, 0));
    }
    let mut overlaps = false;
    for e in p.graph.edge_indices() {
        let Some((s, t)) = p.graph.edge_endpoints(e) else {
            continue;
        };
        let relation = p.graph[e].relation;
        if included.contains(&s)
            && included.contains(&t)
            && (relation.is_containment() || relation == Relation::Overlaps)
        {
            overlaps |= relation == Relation::Overlaps;
            d.edge(relation_edge(&shorten(&p.graph[s].iri), &shorten(&p.graph[t].iri), relation, lang));
        }
    }
    if overlaps {
        d.explain(Line::Dashed, Arrow::None, lang.term("overlaps"));
    }
    Ok(finish(d, o))
}

// ---------------------------------------------------------------------------------------------
// ontology
// ---------------------------------------------------------------------------------------------

const CLASSES: &str = r#"
SELECT ?c WHERE { GRAPH pkg:ontology { ?c a owl:Class } FILTER(isIRI(?c) && STRSTARTS(STR(?c), STR(pk:))) }"#;

const SUPER_CLASSES: &str = r#"
SELECT ?c ?s WHERE { GRAPH pkg:ontology { ?c rdfs:subClassOf ?s } FILTER(isIRI(?s) && STRSTARTS(STR(?c), STR(pk:))) }"#;

const EQUIVALENT_CLASSES: &str = r#"
SELECT ?c ?e WHERE { GRAPH pkg:ontology { ?c owl:equivalentClass ?e } FILTER(isIRI(?c) && isIRI(?e)) }"#;

/// Domains or ranges of the pk: object properties, with `owl:unionOf` lists taken apart.
fn ends(which: &str) -> String {
    format!(
        r#"SELECT ?p ?c WHERE {{ GRAPH pkg:ontology {{
  ?p a owl:ObjectProperty ; {which} ?d .
  OPTIONAL {{ ?d owl:unionOf/rdf:rest*/rdf:first ?member }}
}}
BIND(COALESCE(?member, ?d) AS ?c)
FILTER(isIRI(?c) && STRSTARTS(STR(?p), STR(pk:))) }}"#
    )
}

/// The pk: classes with their super-classes, and the pk: object properties as edges from domain to range.
pub fn ontology(source: &(impl QuerySource + ?Sized), o: &Options) -> Result<Diagram, Error> {
    let lang = o.lang;
    let mut d = Diagram::new("ontology", lang.ontology_title(), Direction::LeftRight, lang);
    // Every class is named on its node; a legend of class colours would only repeat the names.
    d.node_legend = false;
    let class_node = |iri: &str| {
        let id = shorten(iri);
        match iri.strip_prefix(PK) {
            Some(local) => {
                let style = Style::of_class(local, 0);
                Node::new(id.clone(), format!("{}\n{id}", lang.term(local)), style).rank(0, 0)
            }
            None => Node::new(id.clone(), id, Style::OutsideClass).rank(1, 0),
        }
    };
    for row in sparql::select(source, CLASSES, &["c"])? {
        d.node(class_node(&sparql::value(&row[0])));
    }
    let mut subclass = false;
    for row in sparql::select(source, SUPER_CLASSES, &["c", "s"])? {
        let (c, s) = (sparql::value(&row[0]), sparql::value(&row[1]));
        d.node(class_node(&s));
        d.edge(Edge::new(shorten(&c), shorten(&s), "").arrow(Arrow::Hollow));
        subclass = true;
    }
    for row in sparql::select(source, EQUIVALENT_CLASSES, &["c", "e"])? {
        let (c, e) = (sparql::value(&row[0]), sparql::value(&row[1]));
        d.node(class_node(&e));
        d.edge(
            Edge::new(shorten(&c), shorten(&e), "owl:equivalentClass").line(Line::Dashed).arrow(Arrow::None).loose(),
        );
    }
    let thing = "http://www.w3.org/2002/07/owl#Thing";
    let mut domains: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut ranges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (query, map) in [(ends("rdfs:domain"), &mut domains), (ends("rdfs:range"), &mut ranges)] {
        for row in sparql::select(source, &query, &["p", "c"])? {
            map.entry(sparql::value(&row[0])).or_default().insert(sparql::value(&row[1]));
        }
    }
    let properties: BTreeSet<String> = domains.keys().chain(ranges.keys()).cloned().collect();
    let anything = BTreeSet::from([thing.to_string()]);
    for property in properties {
        let local = property.strip_prefix(PK).unwrap_or(&property);
        let label = format!("{local}\n{}", lang.term(local));
        for domain in domains.get(&property).unwrap_or(&anything) {
            for range in ranges.get(&property).unwrap_or(&anything) {
                d.node(class_node(domain));
                d.node(class_node(range));
                d.edge(Edge::new(shorten(domain), shorten(range), label.clone()));
            }
        }
    }
    if subclass {
        d.explain(Line::Solid, Arrow::Hollow, "rdfs:subClassOf");
    }
    Ok(finish(d, o))
}

// ---------------------------------------------------------------------------------------------
// query
// ---------------------------------------------------------------------------------------------

/// The triples a CONSTRUCT gives, or the rows `?s ?p ?o` of a SELECT, drawn as a graph. `name`
/// (the file's name) goes in the title. Rows and triples are drawn once however often they come,
/// and their blank nodes are named `_:b0`, `_:b1`, … by a canonical order, so that the drawing is the
/// same from run to run.
pub fn query(
    source: &(impl QuerySource + ?Sized),
    p: &Projection,
    name: &str,
    query: &Query,
    o: &Options,
) -> Result<Diagram, Error> {
    let lang = o.lang;
    let mut triples: Vec<[Term; 3]> = Vec::new();
    let mut add = |s: Term, p: Term, o: Term| triples.push([s, p, o]);
    match source.execute(query)? {
        Results::Graph(iter) => {
            for t in iter {
                let t = t?;
                add(t.subject.into(), t.predicate.into(), t.object);
            }
        }
        Results::Solutions { variables, rows } => {
            let names: Vec<&str> = variables.iter().map(|v| v.as_str()).collect();
            let at = |v: &str| names.iter().position(|n| *n == v);
            let (Some(si), Some(pi), Some(oi)) = (at("s"), at("p"), at("o")) else {
                return Err(Error::Query(format!(
                    "a SELECT to draw must bind ?s ?p ?o, and this one binds {}",
                    names.iter().map(|n| format!("?{n}")).collect::<Vec<_>>().join(" ")
                )));
            };
            for row in rows {
                let row = row?;
                if let (Some(s), Some(p), Some(o)) = (&row[si], &row[pi], &row[oi]) {
                    add(s.clone(), p.clone(), o.clone());
                }
            }
        }
        Results::Boolean(_) => {
            return Err(Error::Query(
                "an ASK query answers yes or no, which is no graph; draw a CONSTRUCT, or a SELECT with ?s ?p ?o"
                    .to_string(),
            ));
        }
    }

    // Blank nodes are named by a canonical order, not by the ids the store gave them.
    let triples = crate::rdf::stable_rows(triples);
    let orders = orders(source)?;
    let labels = all_labels(source)?;
    let documents: BTreeSet<String> = sparql::select(source, "SELECT ?d WHERE { ?d a pk:PolicyDocument }", &["d"])?
        .iter()
        .map(|r| sparql::value(&r[0]))
        .collect();
    let mut d = Diagram::new("query", lang.query_title(name, triples.len()), Direction::LeftRight, lang);
    let mut seen = 0usize;
    let mut term_node = |d: &mut Diagram, term: &Term| -> String {
        let node = match term {
            Term::NamedNode(n) => match p.node(n.as_str()) {
                Some(index) => {
                    if let Some((pillar, order)) = pillar_of(p, index, &orders) {
                        d.pillar(order, lang.pick(&p.graph[pillar].labels).unwrap_or_default());
                    }
                    projection_node(p, index, lang, &orders, p.several_documents())
                }
                None => {
                    let id = shorten(n.as_str());
                    let names = labels.get(n.as_str()).cloned().unwrap_or_default();
                    let style = if documents.contains(n.as_str()) { Style::Document } else { Style::Other };
                    let name = lang.pick(&names).unwrap_or_else(|| id.clone());
                    Node::new(id.clone(), name_label(&name), style).named(name).tooltip(tooltip(&id, &names))
                }
            },
            // A blank literal is shown as written in Turtle (`""`), so that it is seen.
            Term::Literal(l) if l.value().trim().is_empty() => {
                Node::new(format!("literal {l}"), l.to_string(), Style::Literal).tooltip(l.to_string())
            }
            Term::Literal(l) => Node::new(format!("literal {l}"), wrap(l.value(), 30, 4), Style::Literal)
                .named(l.value())
                .tooltip(l.to_string()),
            other => Node::new(other.to_string(), other.to_string(), Style::Other),
        };
        let id = node.id.clone();
        if !d.has_node(&id) {
            d.node(node.rank(0, seen));
            seen += 1;
        }
        id
    };
    for [s, pred, obj] in &triples {
        let from = term_node(&mut d, s);
        let to = term_node(&mut d, obj);
        let predicate = match pred {
            Term::NamedNode(n) => n.as_str().to_string(),
            other => other.to_string(),
        };
        let label = match predicate.strip_prefix(PK) {
            Some(local) => lang.term(local),
            None => shorten(&predicate),
        };
        let edge = Edge::new(from, to, label);
        d.edge(if predicate == format!("{PK}overlaps") { edge.line(Line::Dashed).arrow(Arrow::None) } else { edge });
    }
    Ok(finish(d, o))
}
