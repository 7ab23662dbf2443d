//! SPARQL syntax errors a person can act on: what is wrong in one line, where (1-based line and
//! column, in characters), the offending line with a caret under that column, and, for an unknown
//! prefix, the prefixes that are known.
//!
//! Oxigraph's parser (rust-peg) reports the furthest position any grammar rule reached and what the
//! rules expected there. Two quirks make that report misleading as it stands:
//! - a case-insensitive keyword is matched by reading as many characters as it has and then
//!   comparing them, so a failed keyword is reported *after* those characters (`SELEC ?x` fails at
//!   column 9, expecting `DESCRIBE`); the real position is found by subtracting the keyword's length;
//! - the expected set lists character classes and keywords of the grammar, which say little to a
//!   reader; they are dropped, and the message names what was found instead.
//!
//! A prefixed name whose prefix is not declared is found by scanning the query (skipping strings,
//! IRIs and comments), since the parser reports it after the whole name or not at all.

use std::fmt;

use unicode_width::UnicodeWidthStr;

/// More spaces than the longest SPARQL keyword (`ENCODE_FOR_URI`) has characters.
const PADDING: usize = 32;

/// A query that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    message: String,
    location: Option<Location>,
}

/// Where a syntax error is, and the line of the query it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The text of that line, without its line break.
    pub text: String,
}

impl SyntaxError {
    /// Explains why `query` does not parse; `known` are the predeclared prefixes, and `parse` is
    /// the parser that refused the query, giving its error. It is run again on the query followed
    /// by spaces, so that keywords tried near the end are read whole and reported where they
    /// were tried, instead of all failing at the end of the text.
    pub fn new<E: fmt::Display>(query: &str, known: &[&str], parse: impl Fn(&str) -> Option<E>) -> Self {
        let Some(report) = parse(&format!("{query}{}", " ".repeat(PADDING))).or_else(|| parse(query)) else {
            return Self { message: "the query does not parse".to_string(), location: None };
        };
        let report = report.to_string();
        let chars: Vec<char> = query.chars().collect();
        let parsed = parse_report(&report, &chars)
            .map(|(at, tokens)| (corrected_position(at, &tokens).min(chars.len()), tokens));
        if let Some((prefix, at, declared)) = undeclared_prefix(&chars, known) {
            // Trust the scan when the parser complains about a prefix, or fails no earlier, or when
            // the query with the prefix declared gets past the name: the parser may report a
            // keyword it tried before the name as the furthest point (`?x 地:名 ?y`, a name shorter
            // than `OPTIONAL`), hiding its "Prefix not found".
            let relevant = match &parsed {
                Some((position, tokens)) => {
                    at <= *position
                        || tokens.iter().any(|t| matches!(t, Token::Message(m) if m == "Prefix not found"))
                        || {
                            let header = format!("PREFIX {prefix}: <urn:policykg:undeclared#>\n");
                            let shift = header.chars().count();
                            furthest(&format!("{header}{query}"), &parse).is_none_or(|p| p.saturating_sub(shift) > at)
                        }
                }
                None => true,
            };
            if relevant {
                let message = unknown_prefix_message(&prefix, known, &declared);
                return Self { message, location: Some(locate(&chars, at)) };
            }
        }
        if let Some((position, _)) = &parsed
            && let Some(bind) = overriding_bind(query, &chars, *position, &parse)
        {
            let message = format!(
                "BIND(… AS ?{0}) binds ?{0}, which is already in scope here; BIND must introduce a new \
                     variable (SPARQL 1.1 §18.2.1): choose another name, or compare with FILTER(?{0} = …)",
                bind.variable
            );
            return Self { message, location: Some(locate(&chars, bind.start)) };
        }
        match parsed {
            Some((mut at, tokens)) => {
                // A bad IRI is reported after its `>`; point at its `<`.
                if tokens.iter().any(|t| matches!(t, Token::Message(m) if m == "IRI parsing failed")) {
                    at = chars[..at].iter().rposition(|c| *c == '<').unwrap_or(at);
                }
                Self { message: describe(&chars, at, &tokens), location: Some(locate(&chars, at)) }
            }
            None => Self { message: report, location: None },
        }
    }

    /// What is wrong, in one line.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where it is wrong, when the parser said.
    pub fn location(&self) -> Option<&Location> {
        self.location.as_ref()
    }

    /// The offending line with a caret under the offending column, in the style of rustc:
    ///
    /// ```text
    ///   |
    /// 4 |  FILTER(?l = "赣州" &&& 1)
    ///   |                      ^
    /// ```
    ///
    /// The caret accounts for double-width characters. Empty when the location is unknown.
    pub fn snippet(&self) -> String {
        let Some(loc) = &self.location else { return String::new() };
        let text: String = loc.text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        let before: String = text.chars().take(loc.column.saturating_sub(1)).collect();
        let number = loc.line.to_string();
        let gutter = " ".repeat(number.len());
        format!("{gutter} |\n{number} | {text}\n{gutter} | {}^", " ".repeat(before.width()))
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(loc) => write!(f, "SPARQL syntax error at line {}, column {}: {}", loc.line, loc.column, self.message),
            None => write!(f, "SPARQL syntax error: {}", self.message),
        }
    }
}

impl std::error::Error for SyntaxError {}

/// Where the parser gets to in `text` (a character index, corrected as in [`SyntaxError::new`]),
/// or `None` when it parses.
fn furthest<E: fmt::Display>(text: &str, parse: &impl Fn(&str) -> Option<E>) -> Option<usize> {
    let report = parse(&format!("{text}{}", " ".repeat(PADDING)))?.to_string();
    let chars: Vec<char> = text.chars().collect();
    Some(parse_report(&report, &chars).map_or(0, |(at, tokens)| corrected_position(at, &tokens)))
}

/// A `BIND(… AS ?v)` of the query.
#[derive(Debug, PartialEq, Eq)]
struct Bind {
    /// The character index of `BIND`.
    start: usize,
    /// The variable's name, without `?` or `$`.
    variable: String,
    /// The character indexes of the variable after `AS`, its `?` included.
    at: std::ops::Range<usize>,
}

/// Every `BIND(… AS ?v)` in the query, strings, IRIs and comments skipped.
fn binds(chars: &[char]) -> Vec<Bind> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '#' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '"' || c == '\'' {
            i = skip_string(chars, i);
        } else if c == '<' {
            i = iri_end(chars, i).unwrap_or(i + 1);
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && (is_name_char(chars[i]) || chars[i] == '.') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let after_space = chars[i..].iter().position(|c| !c.is_whitespace()).map_or(chars.len(), |p| i + p);
            if word.eq_ignore_ascii_case("BIND")
                && chars.get(after_space) == Some(&'(')
                && let Some(bind) = bind_variable(chars, start, after_space)
            {
                out.push(bind);
            }
        } else {
            i += 1;
        }
    }
    out
}

/// The variable after the last top-level `AS` of the `BIND` at `start` whose `(` is at `open`.
fn bind_variable(chars: &[char], start: usize, open: usize) -> Option<Bind> {
    let mut depth = 0usize;
    let mut last_as = None;
    let mut j = open;
    while j < chars.len() {
        match chars[j] {
            '"' | '\'' => {
                j = skip_string(chars, j);
                continue;
            }
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            c if depth == 1
                && c.eq_ignore_ascii_case(&'a')
                && chars.get(j + 1).is_some_and(|n| n.eq_ignore_ascii_case(&'s'))
                && chars[j - 1].is_whitespace()
                && chars.get(j + 2).is_some_and(|n| n.is_whitespace()) =>
            {
                last_as = Some(j + 2);
            }
            _ => {}
        }
        j += 1;
    }
    let from = last_as?;
    let sigil = chars[from..j].iter().position(|c| !c.is_whitespace()).map(|p| from + p)?;
    if !matches!(chars[sigil], '?' | '$') {
        return None;
    }
    let end = chars[sigil + 1..j].iter().position(|c| !(c.is_alphanumeric() || *c == '_')).map_or(j, |p| sigil + 1 + p);
    let variable: String = chars[sigil + 1..end].iter().collect();
    (!variable.is_empty()).then_some(Bind { start, variable, at: sigil..end })
}

/// The first `BIND` that binds a variable already in scope, which SPARQL 1.1 forbids (§18.2.1)
/// and the parser reports (if at all) at the end of the group. A `BIND` whose variable was written
/// before it is a suspect; it is the fault when the query with that variable renamed gets further
/// than `position`, where the query as written stops.
fn overriding_bind<E: fmt::Display>(
    query: &str,
    chars: &[char],
    position: usize,
    parse: &impl Fn(&str) -> Option<E>,
) -> Option<Bind> {
    binds(chars).into_iter().take(32).find(|bind| {
        let earlier: String = chars[..bind.start].iter().collect();
        let used = ['?', '$'].iter().any(|sigil| {
            earlier
                .match_indices(&format!("{sigil}{}", bind.variable))
                .any(|(k, m)| !earlier[k + m.len()..].chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_'))
        });
        if !used {
            return false;
        }
        let mut fresh = format!("{}_", bind.variable);
        while query.contains(&fresh) {
            fresh.push('_');
        }
        let delta = fresh.chars().count() - bind.variable.chars().count();
        let renamed: String = chars[..bind.at.start + 1]
            .iter()
            .chain(fresh.chars().collect::<Vec<_>>().iter())
            .chain(chars[bind.at.end..].iter())
            .collect();
        furthest(&renamed, parse).is_none_or(|p| p.saturating_sub(delta) > position)
    })
}

/// One entry of the parser's expected set.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// A literal token, with its quotes: `"}"`.
    Quoted(String),
    /// A case-insensitive keyword of the grammar: `DESCRIBE`, `isLITERAL`.
    Keyword(String),
    /// A character class: `['A' ..= 'Z']`.
    Class,
    /// Any character (`[_]`).
    Any,
    /// A message from a grammar action: `Prefix not found`.
    Message(String),
}

/// Reads `error at LINE:COLUMN: expected …` into a character index and the expected set.
fn parse_report(report: &str, chars: &[char]) -> Option<(usize, Vec<Token>)> {
    let rest = report.strip_prefix("error at ")?;
    let (position, expected) = rest.split_once(": expected ")?;
    let (line, column) = position.split_once(':')?;
    let (line, column) = (line.parse::<usize>().ok()?, column.parse::<usize>().ok()?);
    let expected = expected.strip_prefix("one of ").unwrap_or(expected);
    Some((index_of(chars, line, column), tokens(expected)))
}

/// Splits a peg expected set (`"(", IF, ['a' ..= 'z'], Prefix not found`) into tokens.
fn tokens(expected: &str) -> Vec<Token> {
    let chars: Vec<char> = expected.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            ' ' | ',' | '\n' => i += 1,
            '"' => {
                let start = i;
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                i = (i + 1).min(chars.len());
                out.push(Token::Quoted(chars[start..i].iter().collect()));
            }
            '[' => {
                let start = i;
                i += 1;
                while i < chars.len() && chars[i] != ']' {
                    if chars[i] == '\'' {
                        // A quoted character, which may be `']'` or an escape such as `'\\'`.
                        i += 1;
                        while i < chars.len() && chars[i] != '\'' {
                            i += if chars[i] == '\\' { 2 } else { 1 };
                        }
                    }
                    i += 1;
                }
                i = (i + 1).min(chars.len());
                let class: String = chars[start..i].iter().collect();
                out.push(if class == "[_]" { Token::Any } else { Token::Class });
            }
            _ => {
                let start = i;
                while i < chars.len() && !(chars[i] == ',' && chars.get(i + 1) == Some(&' ')) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect::<String>().trim().to_string();
                // rust-peg writes an empty expected set as `<unreported>`: it says nothing.
                if word == "<unreported>" {
                    continue;
                }
                let keyword = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                out.push(if keyword { Token::Keyword(word) } else { Token::Message(word) });
            }
        }
    }
    out
}

/// The position the parser really got to. A failed keyword is reported after the characters read
/// to compare with it, so it was tried that many characters earlier; any other token was tried where
/// it is reported. The furthest of these is where the query stops making sense.
fn corrected_position(reported: usize, tokens: &[Token]) -> usize {
    tokens
        .iter()
        .filter_map(|t| match t {
            Token::Keyword(k) => Some(reported.saturating_sub(k.chars().count())),
            Token::Any => None,
            _ => Some(reported),
        })
        .max()
        .unwrap_or(reported)
}

/// One line on what is wrong at `at`.
fn describe(chars: &[char], at: usize, tokens: &[Token]) -> String {
    let messages: Vec<String> = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Message(m) if m == "IRI parsing failed" => Some("invalid IRI".to_string()),
            Token::Message(m) => Some(lowercase_first(m)),
            _ => None,
        })
        .collect();
    if !messages.is_empty() {
        return messages.join("; ");
    }
    let found = if chars[at.min(chars.len())..].iter().all(|c| c.is_whitespace()) {
        "unexpected end of query".to_string()
    } else {
        let word: String = chars[at..].iter().take_while(|c| is_name_char(**c)).collect();
        let found = if word.is_empty() { chars[at].to_string() } else { word };
        format!("unexpected '{found}'")
    };
    let quoted: Vec<&str> = tokens
        .iter()
        .filter_map(|t| match t {
            Token::Quoted(q) => Some(q.as_str()),
            _ => None,
        })
        .collect();
    match quoted.as_slice() {
        [] => found,
        [one] => format!("{found}; expected {one}"),
        many => format!("{found}; expected one of {}", many.join(", ")),
    }
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        // Keep acronyms (`SELECT * is not …`, `IRI …`) as they are.
        Some(c) if !chars.clone().next().is_some_and(|n| n.is_uppercase()) => c.to_lowercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

/// `declared` are the prefixes the query itself declares, which may be what was meant, too.
fn unknown_prefix_message(prefix: &str, known: &[&str], declared: &[String]) -> String {
    let list: Vec<String> = known.iter().map(|p| format!("{p}:")).collect();
    // One typo in a short prefix, two in a longer one (a swap of neighbours, rdsf for rdfs, is one);
    // among equals, those of the same length.
    let length = prefix.chars().count();
    let allowed = if length <= 3 { 1 } else { 2 };
    let candidates: Vec<(usize, usize, &str)> = known
        .iter()
        .copied()
        .chain(declared.iter().map(String::as_str))
        .map(|k| (strsim::osa_distance(prefix, k), k.chars().count().abs_diff(length), k))
        .filter(|(d, _, _)| *d <= allowed)
        .collect();
    let best = candidates.iter().map(|(d, l, _)| (*d, *l)).min();
    let mut closest: Vec<String> =
        candidates.iter().filter(|(d, l, _)| Some((*d, *l)) == best).map(|(_, _, k)| format!("{k}:")).collect();
    closest.dedup();
    let hint = if closest.is_empty() { String::new() } else { format!(" (did you mean {}?)", closest.join(" or ")) };
    format!(
        "unknown prefix '{prefix}:'{hint}; the predeclared prefixes are {}; declare others with PREFIX {prefix}: <IRI>",
        list.join(" ")
    )
}

/// The character index of a 1-based line and column. The column may run past the end of the text,
/// into the spaces the query was parsed with.
fn index_of(chars: &[char], line: usize, column: usize) -> usize {
    let mut index = 0;
    let mut current = 1;
    while current < line && index < chars.len() {
        if chars[index] == '\n' {
            current += 1;
        }
        index += 1;
    }
    index + column.saturating_sub(1)
}

/// The line and column of a character index. At the end of the query it points just after the
/// last thing written, not at a blank line below it.
fn locate(chars: &[char], at: usize) -> Location {
    let mut at = at.min(chars.len());
    if chars[at..].iter().all(|c| c.is_whitespace()) {
        while at > 0 && chars[at - 1].is_whitespace() {
            at -= 1;
        }
    }
    let start = chars[..at].iter().rposition(|c| *c == '\n').map_or(0, |i| i + 1);
    let end = chars[at..].iter().position(|c| *c == '\n').map_or(chars.len(), |i| at + i);
    let text: String = chars[start..end].iter().collect();
    Location {
        line: chars[..start].iter().filter(|c| **c == '\n').count() + 1,
        column: at - start + 1,
        text: text.strip_suffix('\r').unwrap_or(&text).to_string(),
    }
}

/// The first prefixed name whose prefix is neither in `known` nor declared by the query, with the
/// character index where the name starts, and the prefixes the query declares before it. Strings, IRIs, comments, variables and language tags
/// are skipped.
fn undeclared_prefix(chars: &[char], known: &[&str]) -> Option<(String, usize, Vec<String>)> {
    let mut declared: Vec<String> = Vec::new();
    let mut previous = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '#' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '"' || c == '\'' {
            i = skip_string(chars, i);
            previous.clear();
        } else if c == '<' {
            i = match iri_end(chars, i) {
                Some(end) => end,
                // An invalid IRI such as `<http://a b>` (the parser says what is wrong with it);
                // `<` before a space, `=`, `?` or `(` is an operator.
                None if chars.get(i + 1).is_some_and(|n| n.is_alphanumeric()) => {
                    chars[i..].iter().position(|c| *c == '>' || c.is_whitespace()).map_or(chars.len(), |p| i + p)
                }
                None => i + 1,
            };
            previous.clear();
        } else if c == '?' || c == '$' || c == '@' {
            i += 1;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '-') {
                i += 1;
            }
            previous.clear();
        } else if c.is_alphabetic() || c == '_' || c == ':' {
            let start = i;
            while i < chars.len() && (is_name_char(chars[i]) || chars[i] == '.') {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i = i.min(chars.len());
            // A final dot ends the triple, not the name.
            while i > start + 1 && chars[i - 1] == '.' {
                i -= 1;
            }
            let word: String = chars[start..i].iter().collect();
            if let Some((prefix, _)) = word.split_once(':') {
                if previous.eq_ignore_ascii_case("PREFIX") {
                    declared.push(prefix.to_string());
                } else if prefix != "_" && !known.contains(&prefix) && !declared.iter().any(|d| d == prefix) {
                    return Some((prefix.to_string(), start, declared));
                }
            }
            previous = word;
        } else {
            if !c.is_whitespace() {
                previous.clear();
            }
            i += 1;
        }
    }
    None
}

/// A character that may stand in a prefixed name (besides a dot, which may not end one).
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '%' | '\\' | '\u{00B7}')
}

/// The index just after the string literal that starts at `i`.
pub(super) fn skip_string(chars: &[char], i: usize) -> usize {
    let quote = chars[i];
    let long = chars.get(i + 1) == Some(&quote) && chars.get(i + 2) == Some(&quote);
    let mut j = if long { i + 3 } else { i + 1 };
    while j < chars.len() {
        match chars[j] {
            '\\' => j += 2,
            c if c == quote && !long => return j + 1,
            c if c == quote && chars.get(j + 1) == Some(&quote) && chars.get(j + 2) == Some(&quote) => return j + 3,
            '\n' if !long => return j,
            _ => j += 1,
        }
    }
    chars.len()
}

/// The index just after the IRI `<…>` that starts at `i`, or `None` when the `<` is an operator.
pub(super) fn iri_end(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < chars.len() {
        match chars[j] {
            '>' => return Some(j + 1),
            c if c <= ' ' || matches!(c, '<' | '"' | '{' | '}' | '|' | '^' | '`') => return None,
            _ => j += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreported_expected_set_gives_what_was_found() {
        let chars: Vec<char> = "SELECT * WHERE { ?s ?p ?o } garbage".chars().collect();
        let (at, tokens) = parse_report("error at 1:29: expected <unreported>", &chars).unwrap();
        assert!(tokens.is_empty(), "{tokens:?}");
        assert_eq!(describe(&chars, at, &tokens), "unexpected 'garbage'");
    }
    use crate::rdf::vocab::PREFIXES;

    /// Parses `query` with the policykg prefixes and gives the error's line, column, message and snippet.
    fn check(query: &str) -> (usize, usize, String, String) {
        let known: Vec<&str> = PREFIXES.iter().map(|(p, _)| *p).collect();
        let err = SyntaxError::new(query, &known, |q| crate::sparql::parser(None).ok()?.parse_query(q).err());
        let loc = err.location().expect("a location");
        (loc.line, loc.column, err.message().to_string(), err.snippet())
    }

    #[test]
    fn a_misspelt_keyword_is_placed_where_it_starts() {
        let (line, column, message, _) = check("SELEC ?x WHERE { ?x ?p ?o }");
        assert_eq!((line, column), (1, 1));
        assert_eq!(message, "unexpected 'SELEC'");
    }

    #[test]
    fn a_stray_character_gets_the_caret_under_it_past_chinese_text() {
        let query = "SELECT ?x WHERE {\n  ?x rdfs:label ?l .\n  FILTER(?l = \"赣州\" &&& true)\n}";
        let (line, column, message, snippet) = check(query);
        // `  FILTER(?l = "赣州" &&` is 21 characters; the third & is the 22nd.
        assert_eq!((line, column), (3, 22));
        assert_eq!(message, "unexpected '&'");
        // 赣州 is two double-width characters, so the caret sits 23 columns in, not 21.
        assert_eq!(snippet, format!("  |\n3 |   FILTER(?l = \"赣州\" &&& true)\n  | {}^", " ".repeat(23)));
    }

    #[test]
    fn errors_near_the_end_are_placed_where_they_are() {
        // The parser alone reports all three at the end of the text, expecting "any character".
        let (line, column, message, _) = check("SELECT ?r WHERE {\n  ?r pk:partOf pkr:Ganzhou ..\n}");
        assert_eq!((line, column, message.as_str()), (2, 29, "unexpected '.'"));
        let (line, column, message, _) = check("SELECT ?r WHERE { ?r pk:partOf pkr:Ganzhou } }");
        assert_eq!((line, column, message.as_str()), (1, 46, "unexpected '}'"));
        let (line, column, message, _) = check("SELECT ?r WHERE { ?r pk:partOf pkr:Ganzhou FILTER(?r = ) }");
        assert_eq!((line, column, message.as_str()), (1, 56, "unexpected ')'"));
    }

    #[test]
    fn a_query_cut_short_points_after_its_last_word() {
        let (line, column, message, _) = check("SELECT ?x WHERE {\n  ?x ?p ?o\n\n");
        assert_eq!((line, column), (2, 11));
        assert!(message.starts_with("unexpected end of query; expected one of "), "{message}");
        assert!(message.contains("\"}\""), "{message}");
    }

    #[test]
    fn an_unknown_prefix_names_the_known_ones() {
        let (line, column, message, snippet) = check("SELECT ?x WHERE { ?x a foo:bar . ?x ?p ?o }");
        assert_eq!((line, column), (1, 24));
        assert!(
            message.starts_with("unknown prefix 'foo:'; the predeclared prefixes are pk: pkr: pkg: rdf:"),
            "{message}"
        );
        assert!(message.ends_with("declare others with PREFIX foo: <IRI>"), "{message}");
        assert!(snippet.ends_with(&format!("| {}^", " ".repeat(23))), "{snippet}");
    }

    #[test]
    fn a_near_miss_prefix_gets_a_suggestion() {
        let (_, _, message, _) = check("SELECT ?l WHERE { ?x rdsf:label ?l }");
        assert!(message.starts_with("unknown prefix 'rdsf:' (did you mean rdfs:?)"), "{message}");
        let (_, _, message, _) = check("SELECT ?l WHERE { ?x pkx:partOf ?l }");
        assert!(message.starts_with("unknown prefix 'pkx:' (did you mean pkr: or pkg:?)"), "{message}");
        let (_, _, message, _) = check("PREFIX ex: <http://example.org/> SELECT ?z WHERE { ?x ex:p ?y . ?y exx:q ?z }");
        assert!(message.starts_with("unknown prefix 'exx:' (did you mean ex:?)"), "{message}");
    }

    #[test]
    fn declared_prefixes_strings_iris_and_comments_are_not_unknown_prefixes() {
        let query = "PREFIX ex: <http://example.org/a:b>\n# foo:bar in a comment\nSELECT ?x WHERE { ?x ex:p \"x:y\", 'z:w'@en, \"\"\"u:v\"\"\" ; ex:q _:b . FILTER(?x < 3) }";
        let chars: Vec<char> = query.chars().collect();
        assert_eq!(undeclared_prefix(&chars, &["pk"]), None);
        let chars: Vec<char> = "SELECT * { ?s ex:p ?o }".chars().collect();
        assert_eq!(undeclared_prefix(&chars, &["pk"]), Some(("ex".to_string(), 14, vec![])));
    }

    #[test]
    fn an_undeclared_prefix_shorter_than_a_keyword_is_named() {
        // The parser reports `OPTIONAL`, tried at the `?x` before the name, as its furthest point.
        for (query, prefix, column) in [
            ("SELECT ?x WHERE { ?x 地:名 ?y }", "地", 22),
            ("SELECT ?x WHERE { ?x a:b ?y }", "a", 22),
            ("SELECT ?x WHERE {\n  ?x 地名:名 ?y .\n}", "地名", 6),
        ] {
            let (_, col, message, _) = check(query);
            assert!(message.starts_with(&format!("unknown prefix '{prefix}:'")), "{query}: {message}");
            assert_eq!(col, column, "{query}");
        }
        // A syntax error before the name is still the one reported.
        let (_, column, message, _) = check("SELECT ?x WHERE { ?x ?p ?o ) . ?x 地:名 ?y }");
        assert_eq!((column, message.as_str()), (28, "unexpected ')'"));
    }

    #[test]
    fn a_bind_of_a_variable_in_scope_is_explained_at_the_bind() {
        let (line, column, message, _) = check("SELECT * { ?s ?p ?o . BIND(?o AS ?s) }");
        // `SELECT * { ?s ?p ?o . ` is 22 characters: BIND is the 23rd.
        assert_eq!((line, column), (1, 23));
        assert!(message.starts_with("BIND(… AS ?s) binds ?s, which is already in scope here"), "{message}");
        assert!(message.contains("§18.2.1"), "{message}");
        // On a later line, `$` for `?`, lower case, a nested expression, a group inside.
        let query = "SELECT * WHERE {\n  { ?s ?p $o }\n  bind(concat(str(?o), \" AS \") as $o)\n}";
        let (line, column, message, _) = check(query);
        assert_eq!((line, column), (3, 3));
        assert!(message.starts_with("BIND(… AS ?o) binds ?o"), "{message}");
        // A variable that is only used later, or in another group, is new: those parse.
        for fine in [
            "SELECT * { BIND(1 AS ?s) ?s ?p ?o }",
            "SELECT * { { ?s ?p ?o } UNION { BIND(1 AS ?t) } }",
            "SELECT * { ?s ?p ?o MINUS { ?x ?y ?z BIND(1 AS ?w) } }",
        ] {
            assert!(crate::sparql::parser(None).unwrap().parse_query(fine).is_ok(), "{fine}");
        }
        // An error after a BIND of a new variable is not blamed on the BIND.
        let (_, _, message, _) = check("SELECT * { ?s ?p ?o . FILTER(?t) BIND(?o AS ?t) } garbage");
        assert_eq!(message, "unexpected 'garbage'");
    }

    #[test]
    fn a_semantic_error_keeps_the_parser_message() {
        let (_, _, message, _) = check("SELECT * WHERE { ?s ?p ?o } GROUP BY ?s");
        assert_eq!(message, "SELECT * is not authorized with GROUP BY");
        let (_, column, message, _) = check("ASK { ?s <http://a b> ?o }");
        assert_eq!((column, message.as_str()), (10, "invalid IRI"));
    }

    #[test]
    fn a_swapped_or_extra_letter_suggests_the_prefix_meant() {
        let known = ["pk", "rdfs", "oa", "wd"];
        assert!(unknown_prefix_message("rdsf", &known, &[]).contains("(did you mean rdfs:?)"));
        assert!(unknown_prefix_message("pkx", &known, &[]).contains("(did you mean pk:?)"));
        assert!(!unknown_prefix_message("zzz", &known, &[]).contains("did you mean"));
    }

    #[test]
    fn expected_sets_split_into_tokens() {
        let got = tokens(r#"",", IF, ['a' ..= 'z' | ']'], [_], Prefix not found, isIRI"#);
        assert_eq!(
            got,
            [
                Token::Quoted("\",\"".into()),
                Token::Keyword("IF".into()),
                Token::Class,
                Token::Any,
                Token::Message("Prefix not found".into()),
                Token::Keyword("isIRI".into()),
            ]
        );
    }

    #[test]
    fn a_report_that_is_not_understood_is_kept_whole() {
        let err = SyntaxError::new("x", &[], |_| Some("something else"));
        assert_eq!(err.to_string(), "SPARQL syntax error: something else");
        assert_eq!(err.snippet(), "");
    }
}
