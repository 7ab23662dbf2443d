//! How deeply a query nests its brackets, found by a scan before parsing: Oxigraph's parser and
//! evaluator recurse once per level, and a query nested thousands of levels deep (`ASK {{{{…}}}}`)
//! would overflow the stack and abort the process instead of failing with a message.

use super::Error;
use super::syntax::{iri_end, skip_string};

/// The deepest nesting of `{`, `(` and `[` a query may have. Hand-written queries rarely pass
/// ten; the W3C test suite's deepest is under twenty.
pub const MAX_DEPTH: usize = 128;

/// Refuses `query` when its brackets nest deeper than [`MAX_DEPTH`]. Brackets inside strings,
/// IRIs and comments do not count; the scan never fails otherwise (the parser judges the rest).
pub fn check(query: &str) -> Result<(), Error> {
    let chars: Vec<char> = query.chars().collect();
    let (mut depth, mut i) = (0usize, 0usize);
    let line = |at: usize| 1 + chars[..at].iter().filter(|c| **c == '\n').count();
    while i < chars.len() {
        match chars[i] {
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '"' | '\'' => {
                i = skip_string(&chars, i);
                continue;
            }
            // An IRI runs to `>`; otherwise `<` is an operator.
            '<' => {
                if let Some(end) = iri_end(&chars, i) {
                    i = end;
                    continue;
                }
            }
            '{' | '(' | '[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Error::TooDeep { depth: depth_at_most(&chars[i..], depth), line: line(i) });
                }
            }
            '}' | ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// How deep the opening run that crossed the limit goes, for the message.
fn depth_at_most(rest: &[char], depth: usize) -> usize {
    depth
        + rest[1..]
            .iter()
            .take_while(|c| matches!(c, '{' | '(' | '[' | ' ' | '\n' | '\t'))
            .filter(|c| !c.is_whitespace())
            .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_queries_pass_and_brackets_in_strings_iris_and_comments_do_not_count() {
        check("SELECT * WHERE { ?s ?p ?o FILTER(?o < 3) }").unwrap();
        let quoted = format!("ASK {{ ?s ?p \"{}\" }} # {}", "{".repeat(500), "(".repeat(500));
        check(&quoted).unwrap();
        check(&format!("ASK {{ ?s ?p <http://e.org/{}> }}", "(".repeat(500))).unwrap();
        check(&format!("ASK {{ ?s ?p '''{}''' }}", "[".repeat(500))).unwrap();
    }

    #[test]
    fn five_thousand_groups_deep_is_refused_with_the_depth_and_line() {
        let deep = format!("ASK\n{}{}", "{".repeat(5000), "}".repeat(5000));
        let err = check(&deep).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the query nests 5000 levels of brackets deep (at line 2); policykg reads at most 128 levels"
        );
        let limit = format!("ASK {}{}", "{".repeat(MAX_DEPTH), "}".repeat(MAX_DEPTH));
        check(&limit).unwrap();
    }
}
