//! Cleaning the damaged source text.
//!
//! The article reached us in Traditional characters, with pinyin glosses after most characters and
//! three runs of GBK mojibake. [`clean`] repairs the mojibake, strips the glosses, widens the
//! punctuation the damage narrowed, and gives the text in Traditional and Simplified with an exact
//! map from every clean character to the raw code points it came from.
//!
//! Cleaning never fails: what it cannot put right stays in the text as it was and is listed in the
//! report, beside every change it did make.

mod gloss;
mod mojibake;
mod script;
mod segment;

use std::ops::Range;

use serde::Serialize;

pub use mojibake::{Emendation, Repair};
pub use script::{Script, to_simplified, to_traditional};
pub use segment::{PREPOSITIONS, Segment, SegmentKind, numbering_len, segment};

/// A pinyin gloss that was removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gloss {
    /// The reading, as written.
    pub reading: String,
    /// The character it glosses.
    pub of: char,
    /// Clean-text offset of that character.
    pub clean_offset: usize,
    /// Raw code points of the gloss, parentheses included; where the `(` was swallowed, the `?`
    /// that took its place belongs to the repaired run and the gloss starts after it.
    pub raw_start: usize,
    pub raw_end: usize,
    /// The gloss's `(` was swallowed by a mojibake run.
    pub swallowed_paren: bool,
}

/// A repaired mojibake run with where it lies in both texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepairedRun {
    pub raw_start: usize,
    pub raw_end: usize,
    pub clean_start: usize,
    pub clean_end: usize,
    #[serde(flatten)]
    pub repair: Repair,
}

/// Half-width punctuation made full-width.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Widened {
    pub from: char,
    pub to: char,
    pub raw_offset: usize,
    pub clean_offset: usize,
}

/// Something that looks damaged and was left as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suspicious {
    pub raw_start: usize,
    pub raw_end: usize,
    pub text: String,
    pub why: String,
}

/// Every change cleaning made, and every doubt it left.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub glosses: Vec<Gloss>,
    pub repairs: Vec<RepairedRun>,
    pub widened: Vec<Widened>,
    pub suspicious: Vec<Suspicious>,
}

/// The clean text in both scripts, with its map back to the raw text.
#[derive(Debug, Clone)]
pub struct CleanText {
    hant: Vec<char>,
    hans: Vec<char>,
    raw_spans: Vec<Range<usize>>,
    pub report: Report,
}

impl CleanText {
    /// Length in code points (the same in both scripts).
    pub fn len(&self) -> usize {
        self.hant.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hant.is_empty()
    }

    pub fn chars(&self, script: Script) -> &[char] {
        match script {
            Script::Hant => &self.hant,
            Script::Hans => &self.hans,
        }
    }

    pub fn text(&self, script: Script) -> String {
        self.chars(script).iter().collect()
    }

    /// The clean text in `range` (code points), or `None` when the range is out of bounds.
    pub fn slice(&self, script: Script, range: Range<usize>) -> Option<String> {
        self.chars(script).get(range).map(|chars| chars.iter().collect())
    }

    /// The raw code points each clean character came from; monotone in both ends.
    pub fn raw_spans(&self) -> &[Range<usize>] {
        &self.raw_spans
    }

    /// The raw span of a clean range: from its first character's start to its last one's end.
    pub fn raw_span(&self, range: Range<usize>) -> Option<Range<usize>> {
        if range.is_empty() {
            return None;
        }
        let first = self.raw_spans.get(range.start)?;
        let last = self.raw_spans.get(range.end - 1)?;
        Some(first.start..last.end)
    }
}

/// Cleans `raw`, applying `emendations` where a mojibake run has lost bytes for good.
pub fn clean(raw: &str, emendations: &[Emendation]) -> CleanText {
    let raw: Vec<char> = raw.chars().collect();
    let counts = mojibake::char_counts(&raw);
    let mut hant: Vec<char> = Vec::with_capacity(raw.len());
    let mut raw_spans: Vec<Range<usize>> = Vec::with_capacity(raw.len());
    let mut report = Report::default();

    let mut at = 0;
    while at < raw.len() {
        let c = raw[at];
        if c == '?'
            && let Some(run) = mojibake::find_run(&raw, at)
        {
            match mojibake::repair(&raw, &run, &counts, emendations) {
                Ok((chars, repair)) => {
                    let clean_start = hant.len();
                    for rc in chars {
                        hant.push(rc.ch);
                        raw_spans.push(rc.raw);
                    }
                    report.repairs.push(RepairedRun {
                        raw_start: run.raw.start,
                        raw_end: run.raw.end,
                        clean_start,
                        clean_end: hant.len(),
                        repair,
                    });
                    at = run.raw.end;
                    if let Some((reading, span)) = run.swallowed_gloss {
                        report.glosses.push(Gloss {
                            reading,
                            of: *hant.last().expect("a repaired run decodes to something"),
                            clean_offset: hant.len() - 1,
                            raw_start: span.start,
                            raw_end: span.end,
                            swallowed_paren: true,
                        });
                        at = span.end;
                    }
                    continue;
                }
                Err(why) => report.suspicious.push(Suspicious {
                    raw_start: run.raw.start,
                    raw_end: run.raw.end,
                    text: raw[run.raw.clone()].iter().collect(),
                    why: format!("looks like GBK mojibake but was not repaired: {why}"),
                }),
            }
        }
        if let Some((reading, len)) = gloss::parse(&raw[at..]) {
            match hant.last() {
                Some(&of) if gloss::is_reading_of(of, &reading) => {
                    report.glosses.push(Gloss {
                        reading,
                        of,
                        clean_offset: hant.len() - 1,
                        raw_start: at,
                        raw_end: at + len,
                        swallowed_paren: false,
                    });
                    at += len;
                    continue;
                }
                _ => report.suspicious.push(Suspicious {
                    raw_start: at,
                    raw_end: at + len,
                    text: raw[at..at + len].iter().collect(),
                    why: "parenthesised pinyin that is not a reading of the character before it".to_string(),
                }),
            }
        }
        let widened = script::full_width(c).filter(|_| {
            let before = hant.iter().rev().find(|c| !c.is_whitespace());
            let after = raw[at + 1..].iter().find(|c| !c.is_whitespace());
            before.is_some_and(|c| script::is_cjk(*c)) || after.is_some_and(|c| script::is_cjk(*c))
        });
        if c == '?' {
            report.suspicious.push(Suspicious {
                raw_start: at,
                raw_end: at + 1,
                text: "?".to_string(),
                why: "a stray question mark, often the trace of a decoding error".to_string(),
            });
        } else if let Some(to) = widened {
            report.widened.push(Widened { from: c, to, raw_offset: at, clean_offset: hant.len() });
        }
        hant.push(widened.unwrap_or(c));
        raw_spans.push(at..at + 1);
        at += 1;
    }

    let hans: Vec<char> = script::to_simplified(&hant.iter().collect::<String>()).chars().collect();
    debug_assert_eq!(hans.len(), hant.len());
    CleanText { hant, hans, raw_spans, report }
}
