//! Warnings about queries that parse but cannot mean what they say, found on the parsed algebra
//! (spargebra), never by matching the text.
//!
//! The one known so far: Oxigraph stores language tags in lower case (RDF 1.1 §3.3 makes tags
//! case-insensitive, and Oxigraph normalises them), so `lang(?l)` gives `"zh-hans"` and
//! `FILTER(lang(?l) = "zh-Hans")` matches nothing. `langMatches(lang(?l), "zh-Hans")` compares
//! without regard to case (SPARQL 1.1 §17.4.3.2, RFC 4647 basic filtering).

use spargebra::algebra::{AggregateExpression, Expression, Function, GraphPattern, OrderExpression};

/// One-line warnings for `query`, in the order they occur, each said once: every comparison
/// (`=`, `!=`, `sameTerm`, `IN`, `NOT IN`) of `lang(…)` with a literal holding an upper-case letter,
/// in either operand order, anywhere in the query (FILTER, BIND, OPTIONAL, EXISTS, ORDER BY,
/// aggregates, sub-queries).
pub fn warnings(query: &spargebra::Query) -> Vec<String> {
    let pattern = match query {
        spargebra::Query::Select { pattern, .. }
        | spargebra::Query::Construct { pattern, .. }
        | spargebra::Query::Describe { pattern, .. }
        | spargebra::Query::Ask { pattern, .. } => pattern,
    };
    let mut found = Vec::new();
    pattern_warnings(pattern, &mut found);
    found
}

fn pattern_warnings(p: &GraphPattern, out: &mut Vec<String>) {
    match p {
        GraphPattern::Join { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right } => {
            pattern_warnings(left, out);
            pattern_warnings(right, out);
        }
        GraphPattern::LeftJoin { left, right, expression } => {
            pattern_warnings(left, out);
            pattern_warnings(right, out);
            if let Some(e) = expression {
                expression_warnings(e, out);
            }
        }
        GraphPattern::Filter { expr, inner } => {
            expression_warnings(expr, out);
            pattern_warnings(inner, out);
        }
        GraphPattern::Extend { inner, expression, .. } => {
            pattern_warnings(inner, out);
            expression_warnings(expression, out);
        }
        GraphPattern::OrderBy { inner, expression } => {
            pattern_warnings(inner, out);
            for e in expression {
                match e {
                    OrderExpression::Asc(e) | OrderExpression::Desc(e) => expression_warnings(e, out),
                }
            }
        }
        GraphPattern::Group { inner, aggregates, .. } => {
            pattern_warnings(inner, out);
            for (_, a) in aggregates {
                if let AggregateExpression::FunctionCall { expr, .. } = a {
                    expression_warnings(expr, out);
                }
            }
        }
        GraphPattern::Graph { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. }
        | GraphPattern::Service { inner, .. } => pattern_warnings(inner, out),
        // Triple patterns, paths and VALUES hold no expression; a lateral join (SEP-0006, when
        // enabled) is not SPARQL 1.1.
        #[allow(unreachable_patterns)]
        _ => {}
    }
}

/// The language tag a literal operand compares `lang(…)` with, when it has an upper-case letter.
fn upper_case_tag(e: &Expression) -> Option<&str> {
    match e {
        Expression::Literal(l) if l.value().chars().any(|c| c.is_ascii_uppercase()) => Some(l.value()),
        _ => None,
    }
}

/// The variable (or `…`) a `lang(…)` call is applied to.
fn lang_call(e: &Expression) -> Option<String> {
    match e {
        Expression::FunctionCall(Function::Lang, args) => Some(match args.first() {
            Some(Expression::Variable(v)) => v.to_string(),
            _ => "…".to_string(),
        }),
        _ => None,
    }
}

fn warn(arg: &str, tag: &str, out: &mut Vec<String>) {
    let message = format!(
        "lang({arg}) is compared with \"{tag}\", but language tags come back in lower case (\"{}\"), so it never matches; write langMatches(lang({arg}), \"{tag}\")",
        tag.to_ascii_lowercase()
    );
    if !out.contains(&message) {
        out.push(message);
    }
}

fn expression_warnings(e: &Expression, out: &mut Vec<String>) {
    match e {
        Expression::Equal(a, b) | Expression::SameTerm(a, b) => {
            for (x, y) in [(a, b), (b, a)] {
                if let (Some(arg), Some(tag)) = (lang_call(x), upper_case_tag(y)) {
                    warn(&arg, tag, out);
                }
            }
            expression_warnings(a, out);
            expression_warnings(b, out);
        }
        Expression::In(a, list) => {
            if let Some(arg) = lang_call(a) {
                for tag in list.iter().filter_map(upper_case_tag) {
                    warn(&arg, tag, out);
                }
            }
            expression_warnings(a, out);
            list.iter().for_each(|x| expression_warnings(x, out));
        }
        Expression::Or(a, b)
        | Expression::And(a, b)
        | Expression::Greater(a, b)
        | Expression::GreaterOrEqual(a, b)
        | Expression::Less(a, b)
        | Expression::LessOrEqual(a, b)
        | Expression::Add(a, b)
        | Expression::Subtract(a, b)
        | Expression::Multiply(a, b)
        | Expression::Divide(a, b) => {
            expression_warnings(a, out);
            expression_warnings(b, out);
        }
        Expression::UnaryPlus(a) | Expression::UnaryMinus(a) | Expression::Not(a) => expression_warnings(a, out),
        Expression::If(a, b, c) => {
            expression_warnings(a, out);
            expression_warnings(b, out);
            expression_warnings(c, out);
        }
        Expression::Coalesce(list) | Expression::FunctionCall(_, list) => {
            list.iter().for_each(|x| expression_warnings(x, out));
        }
        Expression::Exists(p) => pattern_warnings(p, out),
        Expression::NamedNode(_) | Expression::Literal(_) | Expression::Variable(_) | Expression::Bound(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::warnings;

    fn check(query: &str) -> Vec<String> {
        let parsed = spargebra::SparqlParser::new().parse_query(query).expect("the test query parses");
        warnings(&parsed)
    }

    #[test]
    fn comparing_lang_with_an_upper_case_tag_is_caught_in_every_form() {
        let caught = [
            r#"SELECT ?l WHERE { ?s ?p ?l FILTER(lang(?l) = "zh-Hans") }"#,
            r#"SELECT ?l WHERE { ?s ?p ?l FILTER("zh-Hans" = lang(?l)) }"#,
            r#"SELECT ?l WHERE { ?s ?p ?l FILTER(lang(?l) != "zh-Hans") }"#,
            r#"SELECT ?l WHERE { ?s ?p ?l FILTER(sameTerm(lang(?l), "zh-Hans")) }"#,
            r#"SELECT ?l WHERE { ?s ?p ?l FILTER(lang(?l) IN ("en", "zh-Hans")) }"#,
            r#"SELECT ?l WHERE { ?s ?p ?l FILTER(lang(?l) NOT IN ("zh-Hans")) }"#,
            r#"SELECT ?l WHERE { ?s ?p ?l OPTIONAL { ?s ?q ?l2 FILTER(lang(?l) = "zh-Hans") } }"#,
            r#"SELECT ?l WHERE { ?s ?p ?l FILTER EXISTS { ?s ?p ?l FILTER(lang(?l) = "zh-Hans") } }"#,
            r#"SELECT ?l WHERE { { SELECT ?l WHERE { ?s ?p ?l BIND(lang(?l) = "zh-Hans" AS ?z) } } }"#,
            r#"ASK { ?s ?p ?l FILTER(?x || !(lang(?l) = "zh-Hans")) }"#,
        ];
        for q in caught {
            let w = check(q);
            assert_eq!(w.len(), 1, "{q}: {w:?}");
            assert!(w[0].contains(r#"langMatches(lang(?l), "zh-Hans")"#), "{q}: {}", w[0]);
        }
    }

    #[test]
    fn correct_comparisons_and_words_in_strings_are_left_alone() {
        let fine = [
            r#"SELECT ?l WHERE { ?s ?p ?l FILTER(langMatches(lang(?l), "zh-Hans")) }"#,
            r#"SELECT ?l WHERE { ?s ?p ?l FILTER(lang(?l) = "zh-hans") }"#,
            r#"SELECT ?l WHERE { ?s ?p ?l FILTER(lang(?l) = "en") }"#,
            r#"SELECT ?l WHERE { ?s ?p ?l FILTER(?l = "lang(?l) = \"zh-Hans\"") }"#,
            r#"SELECT ?l WHERE { ?s ?p ?l FILTER(str(?l) = "zh-Hans") }"#,
            "SELECT * WHERE { ?s ?p ?o } # FILTER(lang(?l) = \"zh-Hans\")",
        ];
        for q in fine {
            assert!(check(q).is_empty(), "{q}: {:?}", check(q));
        }
    }

    #[test]
    fn each_warning_is_given_once() {
        let w = check(r#"SELECT ?l WHERE { ?s ?p ?l FILTER(lang(?l) = "zh-Hans" || lang(?l) = "zh-Hans") }"#);
        assert_eq!(w.len(), 1, "{w:?}");
    }
}
