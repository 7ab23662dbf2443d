//! Relationship diagrams: six views of the graph drawn as Graphviz DOT (then SVG or PNG through
//! Graphviz's `dot`), as a Mermaid flowchart, or as GraphML (`graphml.rs`, also the whole projection).
//!
//! A view (`views.rs`) builds a [`Diagram`], a drawing in no particular notation (`model.rs`);
//! `dot.rs` and `mermaid.rs` write it out, escaping every identifier and label (`escape.rs`);
//! `render.rs` runs `dot`. Labels are in the chosen [`Lang`], measures are named by id and a
//! shortened clause (`label.rs`), and a size cap leaves a note saying what it left out.
//!
//! **Invariant:** the same graph gives byte-identical DOT and Mermaid: nodes and edges are kept in
//! ordered collections and written sorted.

mod dot;
pub mod escape;
pub mod graphml;
mod label;
mod lang;
mod mermaid;
mod model;
mod render;
mod views;

use crate::analysis::connect::Connection;
use crate::analysis::graph::Projection;

pub use dot::FONTS;
pub use escape::{dot_quoted, mermaid_label};
pub use lang::Lang;
pub use model::{Arrow, Cluster, ClusterStyle, Diagram, Direction, Edge, Line, Node, Style};
pub use render::{Image, render};
pub use views::{bridge, entity, ontology, overview, query, region_tree};

/// What can go wrong drawing a diagram.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An entity could not be found, or a query over the graph failed.
    #[error(transparent)]
    Analysis(#[from] crate::analysis::Error),
    /// A query failed.
    #[error(transparent)]
    Sparql(#[from] crate::sparql::Error),
    /// A query gives nothing that can be drawn as a graph.
    #[error("{0}")]
    Query(String),
    /// Graphviz's `dot` could not be started.
    #[error("cannot run Graphviz's `{program}`: {reason}")]
    GraphvizMissing { program: String, reason: String },
    /// Graphviz ran and failed.
    #[error("Graphviz failed: {message}")]
    Graphviz { message: String },
}

/// The default size cap: more nodes than this and a diagram stops being readable.
pub const MAX_NODES: usize = 150;

/// The default threshold for summarising a hub: an entity view with more measures than this
/// draws one node per pillar instead of one per measure.
pub const GROUP_ABOVE: usize = 20;

/// How a view is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub lang: Lang,
    /// At most this many nodes are drawn; a note says what was left out.
    pub max_nodes: usize,
    /// The entity view groups its measures into one node per pillar (with their count and their
    /// roles on the edges) when it holds more than this many; `None` draws every measure.
    pub group_above: Option<usize>,
}

impl Default for Options {
    fn default() -> Self {
        Options { lang: Lang::ZhHans, max_nodes: MAX_NODES, group_above: Some(GROUP_ABOVE) }
    }
}

impl Diagram {
    /// The diagram as Graphviz DOT.
    pub fn to_dot(&self) -> String {
        dot::to_dot(self)
    }

    /// The diagram as a Mermaid flowchart.
    pub fn to_mermaid(&self) -> String {
        mermaid::to_mermaid(self)
    }
}

/// The bridge view as DOT, as `connect --format dot` prints it, entities styled by their classes in
/// `projection`; `lang` is a BCP 47 tag (`zh-Hans`, `zh-Hant`, `en`), Simplified when unknown.
pub fn bridge_dot(connection: &Connection, projection: &Projection, lang: &str) -> String {
    let options = Options { lang: Lang::from_tag(lang).unwrap_or_default(), ..Options::default() };
    bridge(connection, &projection.classes(), &options).to_dot()
}
