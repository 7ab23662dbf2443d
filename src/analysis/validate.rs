//! Shape rules: the SPARQL rules in `ontology/validation.toml`, and the one check SPARQL cannot make,
//! that every quote stands in the clean text at its offsets.

use serde::Deserialize;

use super::Error;
use crate::builtin;
use crate::rdf::vocab::shorten;
use crate::sparql::{self, QuerySource};
use crate::text::{CleanText, Script};

#[derive(Debug, Clone, Deserialize)]
struct Rule {
    name: String,
    message: String,
    query: String,
}

#[derive(Debug, Deserialize)]
struct Rules {
    rule: Vec<Rule>,
}

/// One thing wrong with the graph.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Violation {
    /// The rule's name.
    pub rule: String,
    /// The offending node, shortened with the known prefixes.
    pub focus: String,
    pub message: String,
}

/// Checks every rule on `source`, and every quote against the text its annotation's source carries
/// (`rdf:value`), else `clean`; violations come sorted.
pub fn validate(source: &(impl QuerySource + ?Sized), clean: &CleanText) -> Result<Vec<Violation>, Error> {
    let rules: Rules = toml::from_str(builtin::VALIDATION).expect("the built-in validation rules parse");
    let mut violations = Vec::new();
    for rule in rules.rule {
        let rows = sparql::select(source, &rule.query, &["focus", "detail"])
            .map_err(|e| Error::Rule { rule: rule.name.clone(), message: e.to_string() })?;
        for row in rows {
            let focus = match &row[0] {
                Some(oxigraph::model::Term::NamedNode(n)) => shorten(n.as_str()),
                other => sparql::value(other),
            };
            let detail = sparql::value(&row[1]);
            let message = if detail.is_empty() { rule.message.clone() } else { format!("{} {detail}", rule.message) };
            violations.push(Violation { rule: rule.name.clone(), focus, message });
        }
    }
    violations.extend(check_quotes(source, clean)?);
    violations.sort();
    violations.dedup();
    Ok(violations)
}

/// Every annotation's quote selector against the clean text at its position selector: the text its
/// target's `oa:hasSource` carries as `rdf:value` (an extracted document's clean text), else `clean`.
fn check_quotes(source: &(impl QuerySource + ?Sized), clean: &CleanText) -> Result<Vec<Violation>, Error> {
    const TEXTS: &str = "SELECT ?src ?text WHERE { ?src a prov:Entity ; rdf:value ?text . FILTER(isLiteral(?text)) }";
    let texts: std::collections::HashMap<String, Vec<char>> = sparql::select(source, TEXTS, &["src", "text"])?
        .iter()
        .map(|row| (sparql::value(&row[0]), sparql::value(&row[1]).chars().collect()))
        .collect();
    const QUERY: &str = "SELECT ?a ?exact ?start ?end ?src WHERE {
        ?a oa:hasTarget ?t . ?t oa:hasSelector ?q , ?p .
        ?q a oa:TextQuoteSelector ; oa:exact ?exact .
        ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
        OPTIONAL { ?t oa:hasSource ?src } }";
    let rows = sparql::select(source, QUERY, &["a", "exact", "start", "end", "src"])?;
    let mut violations = Vec::new();
    for row in rows {
        let exact = sparql::value(&row[1]);
        let start = sparql::value(&row[2]).parse::<usize>().ok();
        let end = sparql::value(&row[3]).parse::<usize>().ok();
        let own = texts.get(&sparql::value(&row[4]));
        let found = match (start, end, own) {
            (Some(s), Some(e), Some(text)) if s <= e => text.get(s..e).map(|c| c.iter().collect()),
            (Some(s), Some(e), None) if s <= e => clean.slice(Script::Hans, s..e),
            _ => None,
        };
        if found.as_deref() != Some(exact.as_str()) {
            violations.push(Violation {
                rule: "quote".into(),
                focus: shorten(&sparql::value(&row[0])),
                message: format!(
                    "quotes \"{exact}\" but the text at {}..{} reads \"{}\"",
                    sparql::value(&row[2]),
                    sparql::value(&row[3]),
                    found.unwrap_or_else(|| "(out of range)".into())
                ),
            });
        }
    }
    Ok(violations)
}
