//! Escaping for the two notations. graphviz-rust prints identifiers exactly as it is given them,
//! quoting and escaping nothing, so a label with a space, `"`, `\`, `(` or a line break would break
//! `dot`; every identifier and value policykg writes goes through these functions first.

/// A DOT quoted string that Graphviz shows as `s`, character for character. The DOT language
/// escapes only `"` (as `\"`) in a quoted string, but what reads it does more:
/// - a label is an escString, where `\N`, `\G`, `\E`, `\T`, `\H`, `\L` stand for names and `\n`,
///   `\l`, `\r` end lines, and `\\` is one backslash: so every `\` is doubled, and a line break
///   (LF, CR LF, CR, NEL, U+2028, U+2029) is written `\n`, a centred line;
/// - Graphviz decodes HTML character entities (`&amp;`, `&#x8D63;`) in strings: so every `&` is
///   written `&amp;`, and `R&amp;D` stays `R&amp;D` instead of becoming `R&D`;
/// - other control characters are written as spaces.
///
/// No node has a record shape, so `{`, `}`, `|` and `<…>` are plain characters.
pub fn dot_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '&' => out.push_str("&amp;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            c if is_line_break(c) => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A line break: LF, CR (CR LF is one), NEL, and the Unicode line and paragraph separators.
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// A Mermaid label, to be written inside `["…"]` or `|"…"|`. Mermaid reads `#…;` as an entity
/// code and some characters as markup, so those are written as entity codes, and a line break as
/// `<br>`. `%` is written as a code too: Mermaid strips `%%{…}%%` (a directive) and `%%` comments
/// wherever they stand before it parses, which would leave `[""]`. Mermaid refuses an empty label
/// (`[""]`), and a blank one draws nothing: a label with nothing visible is written as a no-break
/// space, which Mermaid accepts and draws as an empty shape, as Graphviz does.
pub fn mermaid_label(s: &str) -> String {
    if s.chars().all(|c| c.is_whitespace() || c.is_control()) {
        return "#160;".to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '%' => out.push_str("#37;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            c if is_line_break(c) => out.push_str("<br>"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A YAML double-quoted scalar, for the title in a Mermaid front matter.
pub fn yaml_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{2028}' | '\u{2029}' => out.push_str("\\n"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(f: fn(&str) -> String, input: &str, expect: &str) {
        assert_eq!(f(input), expect, "input: {input:?}");
    }

    #[test]
    fn dot_strings_escape_quotes_backslashes_and_line_breaks() {
        check(dot_quoted, "赣州", r#""赣州""#);
        check(dot_quoted, "a b (c)", r#""a b (c)""#);
        check(dot_quoted, r#"say "hi""#, r#""say \"hi\"""#);
        check(dot_quoted, r"C:\dir\", r#""C:\\dir\\""#);
        check(dot_quoted, "one\ntwo\r\nthree", r#""one\ntwo\nthree""#);
        check(dot_quoted, "tab\there", r#""tab here""#);
        check(dot_quoted, "", r#""""#);
        check(dot_quoted, "->{}[];=", r#""->{}[];=""#);
    }

    #[test]
    fn dot_strings_keep_entities_and_escapes_as_text() {
        // Graphviz decodes entities in strings: the `&` of each is written `&amp;`.
        check(dot_quoted, "R&amp;D", r#""R&amp;amp;D""#);
        check(dot_quoted, "a & b", r#""a &amp; b""#);
        check(dot_quoted, "&#x8D63;州", r#""&amp;#x8D63;州""#);
        // escString sequences are text: the backslash is doubled.
        check(dot_quoted, r"\N \G \l", r#""\\N \\G \\l""#);
        // Every line break is a centred line.
        check(dot_quoted, "a\u{2028}b\u{2029}c\u{85}d", r#""a\nb\nc\nd""#);
    }

    #[test]
    fn mermaid_labels_use_entity_codes() {
        check(mermaid_label, "赣州", "赣州");
        check(mermaid_label, r#"say "hi""#, "say #quot;hi#quot;");
        check(mermaid_label, "a#b;c", "a#35;b;c");
        check(mermaid_label, "<b>&", "#lt;b#gt;#amp;");
        check(mermaid_label, "one\ntwo", "one<br>two");
        check(mermaid_label, "end", "end");
        check(mermaid_label, r"back\slash (x)", r"back\slash (x)");
        check(mermaid_label, "`md`", "#96;md#96;");
    }

    #[test]
    fn mermaid_labels_are_never_empty_and_never_hold_a_directive() {
        // Mermaid 11 refuses `[""]`; nothing visible is written as a no-break space.
        for blank in ["", " ", "  \t ", "\n", "\u{3000}", "\u{2028}"] {
            check(mermaid_label, blank, "#160;");
        }
        // Mermaid strips `%%{…}%%` and `%%…` before parsing; `%` as a code cannot be stripped.
        check(mermaid_label, "%%{init: {}}%%", "#37;#37;{init: {}}#37;#37;");
        check(mermaid_label, "100%", "100#37;");
        // Every line break, Unicode's separators and NEL included, is a `<br>`; a typed `<br>` is text.
        check(mermaid_label, "a\u{2028}b\u{2029}c\u{85}d\r\ne", "a<br>b<br>c<br>d<br>e");
        check(mermaid_label, "<br>", "#lt;br#gt;");
        check(mermaid_label, "「赣州」 [x] {y} (z) 'q'", "「赣州」 [x] {y} (z) 'q'");
    }

    #[test]
    fn yaml_titles_are_double_quoted() {
        check(yaml_quoted, r#"a "b" \c"#, r#""a \"b\" \\c""#);
        check(yaml_quoted, "x: y\nz", r#""x: y\nz""#);
        check(yaml_quoted, "x\u{2028}y", r#""x\ny""#);
    }
}
