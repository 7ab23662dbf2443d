//! Paragraphs, sentences and clauses of the clean text, as code-point ranges.
//!
//! A sentence ends after `。` (or `！` `？`) and keeps its end mark. A clause ends at `；` or `。`, and
//! at `，` when what follows opens with a policy verb (a new measure in the same sentence) or with a
//! prepositional lead-in. A lead-in is a stretch between commas that opens with a preposition
//! ([`PREPOSITIONS`]: 通过…平台, 在…框架下, 在符合条件基础上, 以…为载体, 从…方面) and has no verb of its
//! own at its end; it governs what follows it, so the `，` after it never ends a clause: in
//! 支持搭建…平台，通过…活动平台，开展…活动 the clauses are 支持搭建…平台 and 通过…活动平台，开展…活动. A
//! prepositional phrase that ends with a policy verb (在…方面给予支持) has its own predicate and is no
//! lead-in. A clause's range leaves out the punctuation that ends it, so its text can be quoted as is.

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

/// Prepositions (介词) that open an adverbial of means, basis, place, frame or scope when they stand
/// at the start of a stretch between commas, in Simplified, as the clean Simplified text has them.
pub const PREPOSITIONS: [&str; 8] = ["通过", "依托", "围绕", "按照", "根据", "在", "以", "从"];

/// Segments `text`; a `，` ends a clause when the text after it starts with one of `clause_openers`.
pub fn segment(text: &[char], clause_openers: &[String]) -> Vec<Segment> {
    let openers: Vec<Vec<char>> =
        clause_openers.iter().map(|o| o.chars().collect::<Vec<char>>()).filter(|o| !o.is_empty()).collect();
    let opens_clause = |at: usize| openers.iter().any(|opener| text[at..].starts_with(opener));
    let prepositions: Vec<Vec<char>> = PREPOSITIONS.iter().map(|p| p.chars().collect()).collect();
    // The `，` that closes a lead-in opening at `at`, if one does.
    let lead_in_end = |at: usize, end: usize| -> Option<usize> {
        if !prepositions.iter().any(|p| text[at..end].starts_with(p)) {
            return None;
        }
        let stop = (at..end).find(|&i| text[i] == '，' || text[i] == '；' || SENTENCE_END.contains(&text[i]))?;
        let own_verb = openers.iter().any(|opener| text[at..stop].ends_with(opener));
        (text[stop] == '，' && !own_verb).then_some(stop)
    };
    let mut segments = Vec::new();
    for (paragraph, range) in lines(text).into_iter().enumerate() {
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
        let mut held = lead_in_end(clause_start, trimmed.end);
        for at in trimmed.clone() {
            let c = text[at];
            let comma_ends =
                c == '，' && held != Some(at) && (opens_clause(at + 1) || lead_in_end(at + 1, trimmed.end).is_some());
            let ends = c == '；' || SENTENCE_END.contains(&c) || comma_ends;
            let last = at + 1 == trimmed.end;
            if ends || last {
                let end = if ends { at } else { at + 1 };
                if end > clause_start {
                    segments.push(Segment { kind: SegmentKind::Clause, paragraph, start: clause_start, end });
                }
                clause_start = at + 1;
                held = lead_in_end(clause_start, trimmed.end);
            }
        }
    }
    segments.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end), s.kind as u8));
    segments
}

/// The length of the numbering that opens `chars`: `一、` `（一）` `(1)` `1.` `1、` `一是`, else 0.
pub fn numbering_len(chars: &[char]) -> usize {
    let digits = |c: &char| "一二三四五六七八九十0123456789０１２３４５６７８９".contains(*c);
    if matches!(chars.first(), Some('（' | '(')) {
        let n = chars[1..].iter().take_while(|c| digits(c)).count();
        if n > 0 && matches!(chars.get(n + 1), Some('）' | ')')) {
            return n + 2;
        }
    }
    let n = chars.iter().take_while(|c| digits(c)).count();
    match chars.get(n) {
        Some('、' | '.' | '．') if n > 0 => n + 1,
        Some('是') if n > 0 && chars[..n].iter().all(|c| "一二三四五六七八九十".contains(*c)) => n + 1,
        _ => 0,
    }
}

/// The lines of `text`: split at each line break, and before a numbering marker ([`numbering_len`])
/// that follows spaces inside a line, as a text copied from a web page that lost its line breaks has
/// them (`…意见： 一、授予… （一）对法律…`).
fn lines(text: &[char]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut at) = (0, 0);
    while at < text.len() {
        if text[at] == '\n' {
            out.push(start..at);
            start = at + 1;
        } else if text[at].is_whitespace() && at > start && !text[at - 1].is_whitespace() {
            let next = (at..text.len()).find(|&j| !text[j].is_whitespace() || text[j] == '\n').unwrap_or(text.len());
            if next < text.len() && text[next] != '\n' && numbering_len(&text[next..]) > 0 {
                out.push(start..at);
                start = next;
                at = next;
                continue;
            }
        }
        at += 1;
    }
    out.push(start..text.len());
    out
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
    fn numbering_after_spaces_starts_a_paragraph_of_its_own() {
        // A text whose line breaks were lost: each 一、 or （一） after spaces opens a paragraph;
        // numbering inside running text (第一、, 2012-2016年) does not.
        check(
            "提出如下意见： 一、授予权限 （一）支持甲。 （三）2012-2016年，加快乙。\n丁 第一、二",
            &[],
            SegmentKind::Paragraph,
            &["提出如下意见：", "一、授予权限", "（一）支持甲。", "（三）2012-2016年，加快乙。", "丁 第一、二"],
        );
        assert_eq!(numbering_len(&"（十二）".chars().collect::<Vec<_>>()), 4);
        assert_eq!(numbering_len(&"2012-2016年".chars().collect::<Vec<_>>()), 0);
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
    fn a_prepositional_lead_in_opens_the_clause_it_governs() {
        // The shapes of the article's own sentences (its 通过…平台 and 在符合条件基础上).
        check(
            "支持搭建甲平台，通过乙平台，开展丙活动，支持丁。",
            &["支持", "开展"],
            SegmentKind::Clause,
            &["支持搭建甲平台", "通过乙平台，开展丙活动", "支持丁"],
        );
        check(
            "支持甲；在符合条件基础上，指导支持乙。",
            &["支持", "指导支持"],
            SegmentKind::Clause,
            &["支持甲", "在符合条件基础上，指导支持乙"],
        );
    }

    #[test]
    fn a_prepositional_phrase_with_its_own_verb_stays_with_its_clause() {
        // 加快建设稀土永磁电机产业园，在…等政策方面给予支持，加快建设…: the phrase ends with 支持.
        check(
            "加快建设甲，在乙方面给予支持，加快建设丙。",
            &["支持", "加快"],
            SegmentKind::Clause,
            &["加快建设甲，在乙方面给予支持", "加快建设丙"],
        );
    }

    #[test]
    fn paragraphs_skip_blank_lines() {
        check("甲\n\n乙\n", &[], SegmentKind::Paragraph, &["甲", "乙"]);
    }
}
