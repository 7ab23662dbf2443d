//! Paths between two nodes, neighbourhoods and centrality, over the projection taken as undirected:
//! a relation can be walked against its direction (赣州 ←partOf— 南康区), and every step says which
//! way it holds.

use std::collections::{BTreeMap, VecDeque};

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::connect::{Named, Step, named, step};
use super::graph::{NodeKind, Projection, Relation};

/// Undirected adjacency in a stable order: for each node, (neighbour, relation, edge points outward).
fn adjacency(p: &Projection) -> Vec<Vec<(NodeIndex, Relation, bool)>> {
    let mut adj = vec![Vec::new(); p.graph.node_count()];
    for e in p.graph.edge_references() {
        adj[e.source().index()].push((e.target(), e.weight().relation, true));
        adj[e.target().index()].push((e.source(), e.weight().relation, false));
    }
    for list in &mut adj {
        list.sort_by(|a, b| (p.graph[a.0].iri.as_str(), a.1, a.2).cmp(&(p.graph[b.0].iri.as_str(), b.1, b.2)));
        list.dedup();
    }
    adj
}

fn to_steps(p: &Projection, hops: &[Hop]) -> Vec<Step> {
    hops.iter()
        .map(
            |(from, to, relation, outward)| {
                if *outward { step(p, *from, *relation, *to) } else { step(p, *to, *relation, *from) }
            },
        )
        .collect()
}

type Hop = (NodeIndex, NodeIndex, Relation, bool);

/// A depth-first search for simple paths of exactly `len` steps, each handed to `emit` as found.
struct SimplePaths<'a, E> {
    adj: &'a [Vec<(NodeIndex, Relation, bool)>],
    target: NodeIndex,
    /// The length this round looks for.
    len: usize,
    on_path: Vec<bool>,
    stack: Vec<Hop>,
    /// Paths still to emit before the count cap; one more found past it sets `truncated`.
    left: usize,
    truncated: bool,
    emit: &'a mut dyn FnMut(&[Hop]) -> Result<(), E>,
}

impl<E> SimplePaths<'_, E> {
    fn visit(&mut self, n: NodeIndex) -> Result<(), E> {
        if self.truncated {
            return Ok(());
        }
        if n == self.target {
            // Shorter paths were listed in an earlier round.
            if self.stack.len() == self.len {
                if self.left == 0 {
                    self.truncated = true;
                } else {
                    self.left -= 1;
                    (self.emit)(&self.stack)?;
                }
            }
            return Ok(());
        }
        if self.stack.len() == self.len {
            return Ok(());
        }
        self.on_path[n.index()] = true;
        let adj = self.adj;
        for &(m, relation, outward) in &adj[n.index()] {
            if !self.on_path[m.index()] {
                self.stack.push((n, m, relation, outward));
                self.visit(m)?;
                self.stack.pop();
            }
        }
        self.on_path[n.index()] = false;
        Ok(())
    }
}

/// The paths `paths A B` finds.
#[derive(Debug, Clone, Serialize)]
pub struct Paths {
    pub shortest: Option<Vec<Step>>,
    /// Simple paths of at most `max_len` steps, shortest first.
    pub all: Vec<Vec<Step>>,
    /// Set when `limit` cut the list: more paths exist.
    pub truncated: bool,
}

/// Shortest path and simple paths up to `max_len` steps, at most `limit` of them, collected. The
/// search grows exponentially with the length, so both caps always apply; to write many paths,
/// [`simple_paths`] hands them over one by one instead.
pub fn paths(p: &Projection, a: NodeIndex, b: NodeIndex, max_len: usize, limit: usize) -> Paths {
    let mut all = Vec::new();
    let truncated = simple_paths(p, a, b, max_len, limit, |path| {
        all.push(path);
        Ok::<_, std::convert::Infallible>(())
    })
    .unwrap_or_else(|never| match never {});
    Paths { shortest: shortest_path(p, a, b), all, truncated }
}

/// A shortest path from `a` to `b` (breadth-first, walking relations either way), if any.
pub fn shortest_path(p: &Projection, a: NodeIndex, b: NodeIndex) -> Option<Vec<Step>> {
    let adj = adjacency(p);
    let mut prev: Vec<Option<(NodeIndex, Relation, bool)>> = vec![None; adj.len()];
    let mut seen = vec![false; adj.len()];
    seen[a.index()] = true;
    let mut queue = VecDeque::from([a]);
    while let Some(n) = queue.pop_front() {
        if n == b {
            break;
        }
        for &(m, relation, outward) in &adj[n.index()] {
            if !seen[m.index()] {
                seen[m.index()] = true;
                prev[m.index()] = Some((n, relation, outward));
                queue.push_back(m);
            }
        }
    }
    seen[b.index()].then(|| {
        let mut hops = Vec::new();
        let mut n = b;
        while let Some((from, relation, outward)) = prev[n.index()] {
            hops.push((from, n, relation, outward));
            n = from;
        }
        hops.reverse();
        to_steps(p, &hops)
    })
}

/// Hands every simple path from `a` to `b` of at most `max_len` steps to `emit`, shortest first
/// (iterative deepening: one depth-first round per length), at most `limit` of them; gives whether
/// the limit cut the list. Memory holds one path, whatever the number of paths; an error from
/// `emit` (a closed pipe) stops the search.
pub fn simple_paths<E>(
    p: &Projection,
    a: NodeIndex,
    b: NodeIndex,
    max_len: usize,
    limit: usize,
    mut emit: impl FnMut(Vec<Step>) -> Result<(), E>,
) -> Result<bool, E> {
    let adj = adjacency(p);
    let mut emit_hops = |hops: &[Hop]| emit(to_steps(p, hops));
    let mut search = SimplePaths {
        adj: &adj,
        target: b,
        len: 0,
        on_path: vec![false; adj.len()],
        stack: Vec::new(),
        left: limit,
        truncated: false,
        emit: &mut emit_hops,
    };
    for len in 1..=max_len {
        if a == b || search.truncated {
            break;
        }
        search.len = len;
        search.visit(a)?;
    }
    Ok(search.truncated)
}

/// What lies within `hops` steps of a node, grouped by the relation that reaches it.
#[derive(Debug, Clone, Serialize)]
pub struct Neighbourhood {
    pub center: Named,
    /// Relation name (with `^` for an inverse step, e.g. `^partOf` for what is part of the centre side) → steps.
    pub by_relation: BTreeMap<String, Vec<Neighbour>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Neighbour {
    /// How many steps from the centre.
    pub hops: usize,
    pub step: Step,
}

pub fn neighbours(p: &Projection, center: NodeIndex, max_hops: usize) -> Neighbourhood {
    let adj = adjacency(p);
    let mut distance = vec![usize::MAX; adj.len()];
    distance[center.index()] = 0;
    let mut queue = VecDeque::from([center]);
    let mut by_relation: BTreeMap<String, Vec<Neighbour>> = BTreeMap::new();
    while let Some(n) = queue.pop_front() {
        let d = distance[n.index()];
        if d == max_hops {
            continue;
        }
        for &(m, relation, outward) in &adj[n.index()] {
            if distance[m.index()] == usize::MAX {
                distance[m.index()] = d + 1;
                queue.push_back(m);
                let key = if outward { relation.local().to_string() } else { format!("^{}", relation.local()) };
                let step = to_steps(p, &[(n, m, relation, outward)]).remove(0);
                by_relation.entry(key).or_default().push(Neighbour { hops: d + 1, step });
            }
        }
    }
    Neighbourhood { center: named(p, center), by_relation }
}

/// Betweenness centrality of an unweighted undirected graph given as adjacency lists (Brandes 2001),
/// counting each unordered pair of endpoints once.
pub fn betweenness(adj: &[Vec<usize>]) -> Vec<f64> {
    let n = adj.len();
    let mut centrality = vec![0.0; n];
    for s in 0..n {
        let mut stack = Vec::new();
        let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut sigma = vec![0.0_f64; n];
        let mut dist = vec![-1_i64; n];
        sigma[s] = 1.0;
        dist[s] = 0;
        let mut queue = VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            stack.push(v);
            for &w in &adj[v] {
                if dist[w] < 0 {
                    dist[w] = dist[v] + 1;
                    queue.push_back(w);
                }
                if dist[w] == dist[v] + 1 {
                    sigma[w] += sigma[v];
                    preds[w].push(v);
                }
            }
        }
        let mut delta = vec![0.0; n];
        while let Some(w) = stack.pop() {
            for &v in &preds[w] {
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
            }
            if w != s {
                centrality[w] += delta[w];
            }
        }
    }
    // Each pair was counted from both ends.
    centrality.iter().map(|c| c / 2.0).collect()
}

/// How to rank. Both are computed on the whole projection (entities, measures and pillars), and
/// both equal networkx's on the GraphML of `export --format graphml` (checked by a test):
///
/// - degree: the relations a node takes part in, either direction, each (subject, relation,
///   object) once; networkx `G.degree(n)` on the directed multigraph `read_graphml` gives;
/// - betweenness: Brandes (2001) on the undirected simple graph (direction and relation ignored,
///   parallel edges merged), not normalised, each unordered pair of endpoints once; networkx
///   `betweenness_centrality(nx.Graph(G), normalized=False)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
pub enum Centrality {
    /// Number of relations a node takes part in, in either direction.
    Degree,
    /// How many shortest paths between other nodes pass through it (undirected, not normalised,
    /// each pair of nodes once).
    Betweenness,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ranked {
    pub node: Named,
    pub class: String,
    pub score: f64,
}

/// Nodes by centrality ([`Centrality`] says what is counted), highest first, ties by IRI; only
/// entities, unless `class` names a pk: class (e.g. `Platform`, `Measure`, `Pillar`) to keep.
pub fn rank(p: &Projection, by: Centrality, class: Option<&str>) -> Vec<Ranked> {
    let adj = adjacency(p);
    let simple: Vec<Vec<usize>> = adj
        .iter()
        .map(|list| {
            let mut v: Vec<usize> = list.iter().map(|(m, _, _)| m.index()).collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    let scores: Vec<f64> = match by {
        Centrality::Degree => adj.iter().map(|l| l.len() as f64).collect(),
        Centrality::Betweenness => betweenness(&simple),
    };
    let mut ranked: Vec<Ranked> = p
        .graph
        .node_indices()
        .filter(|n| p.graph[*n].kind == NodeKind::Entity || class.is_some())
        .filter(|n| class.is_none_or(|c| p.graph[*n].class.eq_ignore_ascii_case(c)))
        .map(|n| Ranked { node: named(p, n), class: p.graph[n].class.clone(), score: scores[n.index()] })
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.node.iri.cmp(&b.node.iri)));
    ranked
}

#[cfg(test)]
mod tests {
    use super::betweenness;

    #[test]
    fn betweenness_of_a_path_and_a_star_by_hand() {
        // a - b - c: only the pair (a, c) passes through b.
        assert_eq!(betweenness(&[vec![1], vec![0, 2], vec![1]]), [0.0, 1.0, 0.0]);
        // A star with centre 0 and leaves 1, 2, 3: the three leaf pairs all pass through 0.
        assert_eq!(betweenness(&[vec![1, 2, 3], vec![0], vec![0], vec![0]]), [3.0, 0.0, 0.0, 0.0]);
        // A square 0-1-2-3-0: the pair (0, 2) has two shortest paths, via 1 and via 3, half each;
        // likewise (1, 3). So every node scores 0.5.
        assert_eq!(betweenness(&[vec![1, 3], vec![0, 2], vec![1, 3], vec![0, 2]]), [0.5, 0.5, 0.5, 0.5]);
    }
}
