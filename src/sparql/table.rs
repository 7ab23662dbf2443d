//! SELECT results as an aligned text table, and RDF terms as a person reads them.
//!
//! Columns are aligned by display width, not by characters: 赣州 takes four terminal columns, as
//! wide as `Gan` plus one. Nothing here touches the terminal; [`render`] gives a `String`.
//!
//! A language tag is shown where it tells something ([`Columns`]): a column whose literals all
//! carry one tag shows it once, in its header (`platform@zh-Hans`), and its cells bare; a column
//! that mixes languages shows the tag of every cell. Numbers are right-aligned when a whole column
//! holds them, and a string that reads as a number is quoted (`"42"`), so the two never look alike.

use oxigraph::model::{Literal, Term};
use unicode_width::UnicodeWidthStr;

use crate::rdf::vocab::shorten;

/// Columns are separated by this many spaces.
const GAP: usize = 2;

/// A term as the table shows it: an IRI shortened with the known prefixes (`pkr:Ganzhou`), a
/// literal by its value, with `@lang` when it has a language tag (`赣州@zh-Hans`), a blank node as
/// `_:id`. Line breaks, tabs and other control characters are escaped so each row stays one line.
pub fn display(term: &Term) -> String {
    display_in(term, None)
}

/// A term as [`display`] shows it, in a column whose header carries `column_tag` (lower case, as
/// Oxigraph gives tags): a literal with that tag shows bare, one with another tag shows it, and a
/// plain string in such a column shows its datatype (`^^xsd:string`) so that it cannot pass for
/// one in the header's language.
pub fn display_in(term: &Term, column_tag: Option<&str>) -> String {
    let text = match term {
        Term::NamedNode(n) => shorten(n.as_str()),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => {
            let value = if is_string(l) && looks_numeric(l.value()) {
                format!("\"{}\"", l.value())
            } else {
                l.value().to_string()
            };
            match (l.language(), column_tag) {
                (Some(lang), Some(tag)) if lang.eq_ignore_ascii_case(tag) => value,
                (Some(lang), _) => format!("{value}@{}", lang_case(lang)),
                (None, Some(_)) if is_string(l) => format!("{value}^^xsd:string"),
                (None, _) => value,
            }
        }
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    };
    escape_controls(&text)
}

/// Whether a literal is a string: `xsd:string` or language-tagged.
fn is_string(l: &Literal) -> bool {
    l.language().is_some() || l.datatype().as_str() == "http://www.w3.org/2001/XMLSchema#string"
}

/// Whether a literal has one of the XSD numeric datatypes (SPARQL 1.1 §17.1, integer and its
/// derived types, decimal, float, double).
pub fn is_numeric(l: &Literal) -> bool {
    const NUMERIC: [&str; 16] = [
        "integer",
        "decimal",
        "float",
        "double",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
        "positiveInteger",
    ];
    l.datatype()
        .as_str()
        .strip_prefix("http://www.w3.org/2001/XMLSchema#")
        .is_some_and(|local| NUMERIC.contains(&local))
}

/// Whether a string would read as a number in a table (`42`, `-1.5`, `1e3`).
fn looks_numeric(value: &str) -> bool {
    let v = value.trim();
    !v.is_empty() && v.chars().any(|c| c.is_ascii_digit()) && v.parse::<f64>().is_ok()
}

/// How the columns of a SELECT show their terms, decided on the first rows of the answer.
#[derive(Debug, Clone)]
pub struct Columns {
    /// The one language tag (lower case) of every literal in the column, shown in its header.
    tags: Vec<Option<String>>,
    /// Whether every value in the column is a number.
    numeric: Vec<bool>,
}

impl Columns {
    /// Looks at the `sample` rows of a table of `width` columns. With `all_tags`, every literal
    /// shows its own tag and no header carries one.
    pub fn new(width: usize, sample: &[Vec<Option<Term>>], all_tags: bool) -> Self {
        let mut tags = Vec::with_capacity(width);
        let mut numeric = Vec::with_capacity(width);
        for i in 0..width {
            let column = || sample.iter().filter_map(|row| row.get(i).and_then(Option::as_ref));
            let mut langs = column().map(|t| match t {
                Term::Literal(l) => l.language().map(str::to_ascii_lowercase),
                _ => None,
            });
            let first = langs.next().flatten();
            let one_tag = first.filter(|t| langs.all(|l| l.as_deref() == Some(t.as_str())));
            tags.push(one_tag.filter(|_| !all_tags));
            let mut terms = column().peekable();
            let any = terms.peek().is_some();
            numeric.push(any && terms.all(|t| matches!(t, Term::Literal(l) if is_numeric(l))));
        }
        Self { tags, numeric }
    }

    /// The header: each variable, with its column's language tag when it has one (`zh@zh-Hans`).
    pub fn header(&self, names: &[String]) -> Vec<String> {
        names
            .iter()
            .enumerate()
            .map(|(i, name)| match self.tags.get(i).and_then(Option::as_deref) {
                Some(tag) => format!("{name}@{}", lang_case(tag)),
                None => name.clone(),
            })
            .collect()
    }

    /// The cells of a row.
    pub fn cells(&self, row: &[Option<Term>]) -> Vec<String> {
        row.iter()
            .enumerate()
            .map(|(i, t)| {
                t.as_ref().map(|t| display_in(t, self.tags.get(i).and_then(Option::as_deref))).unwrap_or_default()
            })
            .collect()
    }

    /// Which columns are right-aligned: those that hold only numbers.
    pub fn right_aligned(&self) -> Vec<bool> {
        self.numeric.clone()
    }
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
    right: Vec<bool>,
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
        Self { header: header.to_vec(), right: vec![false; widths.len()], widths }
    }

    /// The same layout with the columns marked `true` right-aligned (numbers), header included.
    pub fn right_aligned(mut self, right: Vec<bool>) -> Self {
        self.right = right;
        self.right.resize(self.widths.len(), false);
        self
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
            let pad = " ".repeat(w.saturating_sub(width(cell)));
            if self.right[i] {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
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

    fn zh(s: &str) -> Option<Term> {
        Some(Literal::new_language_tagged_literal(s, "zh-Hans").unwrap().into())
    }

    fn en(s: &str) -> Option<Term> {
        Some(Literal::new_language_tagged_literal(s, "en").unwrap().into())
    }

    #[test]
    fn a_column_of_one_language_names_it_in_the_header_and_a_mixed_one_in_every_cell() {
        let rows = vec![
            vec![zh("赣州"), zh("赣州"), Some(Literal::from(3).into())],
            vec![zh("江西"), en("Jiangxi"), Some(Literal::from(12).into())],
        ];
        let columns = Columns::new(3, &rows, false);
        let header = columns.header(&strings(&["a", "b", "n"]));
        assert_eq!(header, ["a@zh-Hans", "b", "n"]);
        assert_eq!(columns.cells(&rows[0]), ["赣州", "赣州@zh-Hans", "3"]);
        assert_eq!(columns.cells(&rows[1]), ["江西", "Jiangxi@en", "12"]);
        let cells: Vec<Vec<String>> = rows.iter().map(|r| columns.cells(r)).collect();
        let table = Layout::new(&header, &cells).right_aligned(columns.right_aligned());
        let mut out = table.head();
        cells.iter().for_each(|r| out.push_str(&table.line(r)));
        // 赣州@zh-Hans is 12 columns wide (two double-width characters and 8 ASCII); the numbers
        // sit flush right under their header.
        assert_eq!(
            out,
            "a@zh-Hans  b              n\n---------  ------------  --\n赣州       赣州@zh-Hans   3\n江西       Jiangxi@en    12\n"
        );
        // --lang-tags: every cell keeps its tag, no header carries one.
        let all = Columns::new(3, &rows, true);
        assert_eq!(all.header(&strings(&["a", "b", "n"])), ["a", "b", "n"]);
        assert_eq!(all.cells(&rows[0])[0], "赣州@zh-Hans");
    }

    #[test]
    fn a_later_cell_unlike_its_column_still_shows_what_it_is() {
        let columns = Columns::new(1, &[vec![zh("赣州")]], false);
        assert_eq!(columns.cells(&[en("Ganzhou")]), ["Ganzhou@en"]);
        assert_eq!(columns.cells(&[Some(Literal::from("Ganzhou").into())]), ["Ganzhou^^xsd:string"]);
        assert_eq!(columns.cells(&[None]), [""]);
    }

    #[test]
    fn strings_that_read_as_numbers_are_quoted() {
        assert_eq!(display(&Literal::from("42").into()), "\"42\"");
        assert_eq!(display(&Literal::from(42).into()), "42");
        assert_eq!(display(&Literal::from("M42").into()), "M42");
        assert_eq!(display(&Literal::new_language_tagged_literal("5", "en").unwrap().into()), "\"5\"@en");
        // A column of numbers and a string: not all numbers, so left-aligned.
        let mixed =
            Columns::new(1, &[vec![Some(Literal::from(1).into())], vec![Some(Literal::from("a").into())]], false);
        assert_eq!(mixed.right_aligned(), [false]);
    }

    #[test]
    fn language_tags_get_their_usual_case() {
        assert_eq!(lang_case("zh-hans"), "zh-Hans");
        assert_eq!(lang_case("EN-gb"), "en-GB");
        assert_eq!(lang_case("zh-hant-tw"), "zh-Hant-TW");
        assert_eq!(lang_case("de-1996"), "de-1996");
    }
}
