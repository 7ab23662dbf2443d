//! Relationship analysis over a petgraph projection of the knowledge graph: which measures connect
//! two entities and through what, paths, neighbourhoods and centrality.

pub mod connect;
pub mod graph;
pub mod lookup;
pub mod paths;
pub mod validate;

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
    /// The two names of a question about two entities stand for one.
    #[error(
        "'{a}' and '{b}' name the same entity, {entity}: there is nothing between them; give two different entities"
    )]
    SameEntity { a: String, b: String, entity: String },
    /// A query over the graph failed.
    #[error(transparent)]
    Sparql(#[from] crate::sparql::Error),
    /// A shape rule of `ontology/validation.toml` does not run.
    #[error("ontology/validation.toml: rule {rule}: {message}")]
    Rule { rule: String, message: String },
    /// The source could not be opened.
    #[error(transparent)]
    Source(#[from] crate::source::Error),
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        "; `policykg query 'SELECT ?e ?l WHERE { ?e a pk:Entity ; rdfs:label ?l }'` lists every name".to_string()
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    }
}

/// A source with its projection and name lookup, built once per run.
pub struct Analyzer {
    pub source: crate::source::Source,
    pub projection: graph::Projection,
    pub resolver: lookup::Resolver,
}

impl Analyzer {
    /// Projects `source` and indexes its names.
    pub fn new(source: crate::source::Source) -> Result<Self, Error> {
        let projection = graph::Projection::build(&source)?;
        let resolver = lookup::Resolver::new(&source, &projection)?;
        Ok(Self { source, projection, resolver })
    }

    /// The built-in graph.
    pub fn builtin() -> Result<Self, Error> {
        Self::new(crate::source::Source::builtin()?)
    }

    /// The projection node a person's name for it stands for.
    pub fn node(&self, name: &str) -> Result<petgraph::graph::NodeIndex, Error> {
        let iri = self.resolver.resolve(name)?;
        Ok(self.projection.node(&iri).expect("the resolver only gives projection nodes"))
    }

    /// The projection nodes of two names that must stand for two different entities.
    pub fn two_nodes(
        &self,
        a: &str,
        b: &str,
    ) -> Result<(petgraph::graph::NodeIndex, petgraph::graph::NodeIndex), Error> {
        let (a, b) = self.resolver.resolve_two(a, b)?;
        let node = |iri: &str| self.projection.node(iri).expect("the resolver only gives projection nodes");
        Ok((node(&a), node(&b)))
    }
}

/// The measures that connect the entities named `a` and `b` in `source`, with the projection they
/// were found in. Only what the answer needs is read: the entity layer (entities, containment and
/// overlap), then the measures that give a role to something on either side; so it stays fast on
/// a source holding many documents, local or remote.
pub fn connect_names(
    source: &(impl crate::sparql::QuerySource + ?Sized),
    a: &str,
    b: &str,
) -> Result<(connect::Connection, graph::Projection), Error> {
    let mut builder = graph::Builder::entities(source)?;
    let entities = builder.finish();
    let resolver = lookup::Resolver::new(source, &entities)?;
    let (a, b) = resolver.resolve_two(a, b)?;
    builder.add_measures_around(source, &connect::focus(&entities, &a, &b)?)?;
    let projection = builder.finish();
    Ok((connect::connect(source, &projection, &a, &b)?, projection))
}
