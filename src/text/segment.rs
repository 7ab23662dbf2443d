//! Paragraphs, sentences and clauses of the clean text, as code-point ranges.
//!
//! A sentence ends after `。` (or `！` `？`) and keeps its end mark. A clause ends at `；` or `。`, and
//! at `，` when what follows opens with a policy verb (a new measure in the same sentence); a
//! clause's range leaves out the punctuation that ends it, so its text can be quoted as is.

use std::ops::Range;

use serde::Serialize;

/// What a segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SegmentKind {
    Paragraph,
    Sentence,
    Clause,
}

/// A span of the clean text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub kind: SegmentKind,
    /// 0-based paragraph the segment lies in.
    pub paragraph: usize,
    /// Clean-text code points, end exclusive.
    pub start: usize,
    pub end: usize,
}

impl Segment {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

const SENTENCE_END: [char; 3] = ['。', '！', '？'];

/// Segments `text`; a `，` ends a clause when the text after it starts with one of `clause_openers`.
pub fn segment(text: &[char], clause_openers: &[String]) -> Vec<Segment> {
    let opens_clause = |at: usize| {
        clause_openers.iter().any(|opener| {
            let opener: Vec<char> = opener.chars().collect();
            !opener.is_empty() && text[at..].starts_with(&opener)
        })
    };
    let mut segments = Vec::new();
    let mut start = 0;
    for (paragraph, line) in text.split(|c| *c == '\n').enumerate() {
        let range = start..start + line.len();
        start = range.end + 1;
        let trimmed = trim(text, range);
        if trimmed.is_empty() {
            continue;
        }
        segments.push(Segment { kind: SegmentKind::Paragraph, paragraph, start: trimmed.start, end: trimmed.end });

        let mut sentence_start = trimmed.start;
        for at in trimmed.clone() {
            let last = at + 1 == trimmed.end;
            if SENTENCE_END.contains(&text[at]) || last {
                segments.push(Segment { kind: SegmentKind::Sentence, paragraph, start: sentence_start, end: at + 1 });
                sentence_start = at + 1;
            }
        }

        let mut clause_start = trimmed.start;
        for at in trimmed.clone() {
            let c = text[at];
            let ends = c == '；' || SENTENCE_END.contains(&c) || (c == '，' && opens_clause(at + 1));
            let last = at + 1 == trimmed.end;
            if ends || last {
                let end = if ends { at } else { at + 1 };
                if end > clause_start {
                    segments.push(Segment { kind: SegmentKind::Clause, paragraph, start: clause_start, end });
                }
                clause_start = at + 1;
            }
        }
    }
    segments.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end), s.kind as u8));
    segments
}

fn trim(text: &[char], range: Range<usize>) -> Range<usize> {
    let mut r = range;
    while r.start < r.end && text[r.start].is_whitespace() {
        r.start += 1;
    }
    while r.end > r.start && text[r.end - 1].is_whitespace() {
        r.end -= 1;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, openers: &[&str], kind: SegmentKind, expect: &[&str]) {
        let chars: Vec<char> = text.chars().collect();
        let openers: Vec<String> = openers.iter().map(|s| s.to_string()).collect();
        let got: Vec<String> = segment(&chars, &openers)
            .into_iter()
            .filter(|s| s.kind == kind)
            .map(|s| chars[s.range()].iter().collect())
            .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn sentences_keep_their_end_mark() {
        check("甲乙。丙丁。\n戊", &[], SegmentKind::Sentence, &["甲乙。", "丙丁。", "戊"]);
    }

    #[test]
    fn clauses_split_at_semicolons_and_at_commas_before_a_verb() {
        check(
            "支持甲，重点支持乙，丙丁；加快戊。",
            &["支持", "重点支持"],
            SegmentKind::Clause,
            &["支持甲", "重点支持乙，丙丁", "加快戊"],
        );
    }

    #[test]
    fn paragraphs_skip_blank_lines() {
        check("甲\n\n乙\n", &[], SegmentKind::Paragraph, &["甲", "乙"]);
    }
}
