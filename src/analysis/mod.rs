//! Relationship analysis over a petgraph projection of the knowledge graph: which measures connect
//! two entities and through what, paths, neighbourhoods and centrality.

pub mod connect;
pub mod graph;
pub mod lookup;

/// What can go wrong in an analysis.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No entity has this name.
    #[error("no entity is called '{name}'{}", did_you_mean(suggestions))]
    Unknown { name: String, suggestions: Vec<String> },
    /// Several entities have this name.
    #[error("'{name}' names several entities: {}; give one of their prefixed names", candidates.join(", "))]
    Ambiguous { name: String, candidates: Vec<String> },
    /// A query over the graph failed.
    #[error(transparent)]
    Sparql(#[from] crate::sparql::Error),
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        "; `policykg query 'SELECT ?e ?l WHERE { ?e a pk:Entity ; rdfs:label ?l }'` lists every name".to_string()
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    }
}
