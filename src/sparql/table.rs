//! SELECT results as an aligned text table, and RDF terms as a person reads them.
//!
//! Columns are aligned by display width, not by characters: 赣州 takes four terminal columns, as
//! wide as `Gan` plus one. Nothing here touches the terminal; [`render`] gives a `String`.

use oxigraph::model::Term;
use unicode_width::UnicodeWidthStr;

use crate::rdf::vocab::shorten;

/// Columns are separated by this many spaces.
const GAP: usize = 2;

/// A term as the table shows it: an IRI shortened with the known prefixes (`pkr:Ganzhou`), a
/// literal by its value, with `@lang` when it has a language tag (`赣州@zh-Hans`), a blank node as
/// `_:id`. Line breaks, tabs and other control characters are escaped so each row stays one line.
pub fn display(term: &Term) -> String {
    let text = match term {
        Term::NamedNode(n) => shorten(n.as_str()),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => match l.language() {
            Some(lang) => format!("{}@{}", l.value(), lang_case(lang)),
            None => l.value().to_string(),
        },
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    };
    escape_controls(&text)
}

/// The cell for a value that may be unbound: empty when it is.
pub fn cell(term: Option<&Term>) -> String {
    term.map(display).unwrap_or_default()
}

/// Oxigraph stores language tags in lower case; BCP 47 writes the script in title case and the
/// region in upper case (`zh-Hans`, `en-GB`), which is how the data files spell them.
pub fn lang_case(tag: &str) -> String {
    tag.split('-')
        .enumerate()
        .map(|(i, sub)| match sub.len() {
            _ if i == 0 => sub.to_ascii_lowercase(),
            4 if sub.chars().all(|c| c.is_ascii_alphabetic()) => {
                let lower = sub.to_ascii_lowercase();
                lower[..1].to_ascii_uppercase() + &lower[1..]
            }
            2 if sub.chars().all(|c| c.is_ascii_alphabetic()) => sub.to_ascii_uppercase(),
            _ => sub.to_ascii_lowercase(),
        })
        .collect::<Vec<_>>()
        .join("-")
}

fn escape_controls(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '\n' => "\\n".to_string(),
            '\r' => "\\r".to_string(),
            '\t' => "\\t".to_string(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// The display width of a cell, in terminal columns.
pub fn width(text: &str) -> usize {
    text.width()
}

/// Renders a header row, a rule of dashes and the rows, every column as wide as its widest cell,
/// separated by two spaces. The last column is not padded, so no line ends in spaces. Rows shorter
/// than the header are padded with empty cells.
pub fn render(header: &[String], rows: &[Vec<String>]) -> String {
    let layout = Layout::new(header, rows);
    let mut out = layout.head();
    for row in rows {
        out.push_str(&layout.line(row));
    }
    out
}

/// Column widths measured on a header and the first rows of a table, so that a long table can be
/// written as its rows come: a later cell wider than its column pushes the rest of its line right.
#[derive(Debug, Clone)]
pub struct Layout {
    header: Vec<String>,
    widths: Vec<usize>,
}

impl Layout {
    /// Widths for `header` and the `sample` rows.
    pub fn new(header: &[String], sample: &[Vec<String>]) -> Self {
        let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
        for row in sample {
            for (i, cell) in row.iter().enumerate().take(widths.len()) {
                widths[i] = widths[i].max(width(cell));
            }
        }
        Self { header: header.to_vec(), widths }
    }

    /// The header line and the rule of dashes under it.
    pub fn head(&self) -> String {
        let rule: Vec<String> = self.widths.iter().map(|w| "-".repeat(*w)).collect();
        self.line(&self.header) + &self.line(&rule)
    }

    /// One row as a line, with its line break.
    pub fn line(&self, row: &[String]) -> String {
        let mut line = String::new();
        for (i, w) in self.widths.iter().enumerate() {
            let cell = row.get(i).map(String::as_str).unwrap_or("");
            if i > 0 {
                line.push_str(&" ".repeat(GAP));
            }
            line.push_str(cell);
            line.push_str(&" ".repeat(w.saturating_sub(width(cell))));
        }
        let mut line = line.trim_end_matches(' ').to_string();
        line.push('\n');
        line
    }
}

#[cfg(test)]
mod tests {
    use oxigraph::model::{BlankNode, Literal, NamedNode};

    use super::*;

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn chinese_cells_align_with_ascii_ones() {
        let header = strings(&["region", "label"]);
        let rows = vec![
            strings(&["pkr:Ganzhou", "赣州"]),
            strings(&["pkr:Jiangxi", "Jiangxi"]),
            strings(&["pkr:GBA", "粤港澳大湾区"]),
        ];
        let table = render(&header, &rows);
        // 粤港澳大湾区 is six double-width characters: 12 columns, wider than `Jiangxi` (7).
        // The first column is `pkr:Ganzhou`, 11 columns, plus 2 of gap: labels start at column 14.
        assert_eq!(
            table,
            "region       label\n\
             -----------  ------------\n\
             pkr:Ganzhou  赣州\n\
             pkr:Jiangxi  Jiangxi\n\
             pkr:GBA      粤港澳大湾区\n"
        );
        // Every row's label starts at the same display column, 13 (counting from 0).
        for line in table.lines().skip(2) {
            assert_eq!(width(&line[..line.rfind(' ').unwrap() + 1]), 13, "{line}");
        }
    }

    #[test]
    fn a_chinese_first_column_pads_by_display_width() {
        let table = render(&strings(&["zh", "en"]), &[strings(&["赣州", "Ganzhou"]), strings(&["江西省", "Jiangxi"])]);
        // 江西省 is 6 columns wide, 赣州 4: 赣州 gets 2 more spaces of padding.
        assert_eq!(table, "zh      en\n------  -------\n赣州    Ganzhou\n江西省  Jiangxi\n");
    }

    #[test]
    fn unbound_values_and_short_rows_leave_empty_cells() {
        let table =
            render(&strings(&["a", "b", "c"]), &[vec!["1".into(), String::new(), "3".into()], vec!["x".into()]]);
        assert_eq!(table, "a  b  c\n-  -  -\n1     3\nx\n");
    }

    #[test]
    fn terms_show_as_a_person_reads_them() {
        let iri = |s: &str| Term::from(NamedNode::new_unchecked(s));
        assert_eq!(display(&iri("https://w3id.org/policykg/resource/Ganzhou")), "pkr:Ganzhou");
        assert_eq!(display(&iri("http://example.org/x")), "<http://example.org/x>");
        let zh = Literal::new_language_tagged_literal("赣州", "zh-Hans").unwrap();
        assert_eq!(display(&zh.into()), "赣州@zh-Hans");
        assert_eq!(display(&Literal::from(42).into()), "42");
        assert_eq!(display(&Literal::from("two\nlines\t!").into()), "two\\nlines\\t!");
        assert_eq!(display(&BlankNode::new_unchecked("b0").into()), "_:b0");
        assert_eq!(cell(None), "");
    }

    #[test]
    fn language_tags_get_their_usual_case() {
        assert_eq!(lang_case("zh-hans"), "zh-Hans");
        assert_eq!(lang_case("EN-gb"), "en-GB");
        assert_eq!(lang_case("zh-hant-tw"), "zh-Hant-TW");
        assert_eq!(lang_case("de-1996"), "de-1996");
    }
}
