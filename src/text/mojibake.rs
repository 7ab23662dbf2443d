//! GBK mojibake: runs where a decoder lost one byte of a GBK stream and read every following pair
//! one byte off, e.g. `?!度舾纱胧诽岢` for `。《若干措施》提出`.
//!
//! The decoder replaced the orphaned lead byte with `?`, so a run starts at an ASCII `?` in the
//! middle of Chinese text. It ends where the stream resynchronised: at the next pinyin gloss, or at a
//! second `?` that swallowed the last trail byte together with a gloss's `(` (`黾訌?qiáng)`).
//! Repair re-encodes the run to GBK, puts a lead byte back in front (and, for a swallowed gloss, a
//! trail byte at the end), and decodes again. Which byte was lost is not in the text; of all bytes
//! that decode cleanly, the one whose decoding uses the characters of the rest of the document most
//! wins, and the swallowed trail byte must give a character the following gloss is a reading of.

use std::collections::HashMap;
use std::ops::Range;

use encoding_rs::GBK;
use serde::{Deserialize, Serialize};

use super::gloss;

/// A damaged run of the raw text, in code points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// From the leading `?` to the end of the run, exclusive. For a swallowed gloss it includes
    /// the second `?` but not the reading that follows it.
    pub raw: Range<usize>,
    /// Set when the run ends in `?reading)`: the reading and the raw span of `reading)`.
    pub swallowed_gloss: Option<(String, Range<usize>)>,
}

/// A correction for bytes that are lost for good, read from the emendations file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Emendation {
    /// The text a repaired run decodes to where bytes are missing.
    pub damaged: String,
    /// What the document reads there.
    pub reading: String,
    /// Why the reading is right.
    pub reason: String,
}

/// One character of repaired text with the raw code points its bytes came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepairedChar {
    pub ch: char,
    pub raw: Range<usize>,
}

/// A run put right, for the repair report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Repair {
    /// The damaged raw text.
    pub damaged: String,
    /// What re-decoding gives, before emendations.
    pub decoded: String,
    /// The final reading.
    pub restored: String,
    /// The lead byte put back, as `0xA1`.
    pub lead_byte: String,
    /// The trail byte put back where a gloss's `(` was swallowed.
    pub trail_byte: Option<String>,
    /// Other byte choices that decoded as well as the chosen one (0 means the choice was unique).
    pub equally_good_alternatives: usize,
    /// Emendations applied, by their `damaged` text.
    pub emendations: Vec<String>,
}

/// Where a run that starts at `start` (an ASCII `?`) ends. `None` when the `?` is not followed by
/// anything that could be a slipped GBK stream.
pub fn find_run(raw: &[char], start: usize) -> Option<Run> {
    if raw.get(start) != Some(&'?') {
        return None;
    }
    let mut end = start + 1;
    while end < raw.len() {
        let c = raw[end];
        if c == '\n' || gloss::parse(&raw[end..]).is_some() {
            break;
        }
        if c == '?' {
            if let Some((reading, len)) = gloss::reading_then_close(&raw[end + 1..]) {
                return (end > start + 1)
                    .then(|| Run { raw: start..end + 1, swallowed_gloss: Some((reading, end + 1..end + 1 + len)) });
            }
            break;
        }
        end += 1;
    }
    (end > start + 1).then_some(Run { raw: start..end, swallowed_gloss: None })
}

/// The decoder narrowed full-width punctuation (`！` to `!`) as it did elsewhere in the text; the
/// bytes were those of the full-width form.
fn widen(c: char) -> char {
    match c {
        '!' | ',' | ';' | ':' | '(' | ')' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c),
        _ => c,
    }
}

/// Counts of each Chinese character and CJK punctuation mark in the text: the evidence a candidate
/// decoding is scored on. Latin letters do not count, or the tone-marked vowels of the glosses
/// (`ǎ` is GBK A8A3, one lead byte away from `。` A1A3) would outvote the Chinese text.
pub fn char_counts(raw: &[char]) -> HashMap<char, usize> {
    let mut counts = HashMap::new();
    for c in raw.iter().filter(|c| super::script::is_cjk(**c)) {
        *counts.entry(*c).or_insert(0) += 1;
    }
    counts
}

/// Repairs `run`, or says why it cannot.
pub fn repair(
    raw: &[char],
    run: &Run,
    document_counts: &HashMap<char, usize>,
    emendations: &[Emendation],
) -> Result<(Vec<RepairedChar>, Repair), String> {
    let body_end = if run.swallowed_gloss.is_some() { run.raw.end - 1 } else { run.raw.end };
    let body = run.raw.start + 1..body_end;

    // The run's bytes, each remembered with the raw code point it came from.
    let mut bytes: Vec<(u8, usize)> = vec![(0, run.raw.start)];
    for at in body.clone() {
        let ch = widen(raw[at]);
        let mut buf = [0u8; 4];
        let (encoded, _, unmappable) = GBK.encode(ch.encode_utf8(&mut buf));
        if unmappable {
            return Err(format!("{ch} has no GBK encoding"));
        }
        bytes.extend(encoded.iter().map(|b| (*b, at)));
    }
    if run.swallowed_gloss.is_some() {
        bytes.push((0, run.raw.end - 1));
    }

    // Characters of the run itself do not count as support for a decoding.
    let mut counts = document_counts.clone();
    for c in &raw[run.raw.clone()] {
        if let Some(n) = counts.get_mut(c) {
            *n -= 1;
        }
    }
    let score = |text: &str| -> usize { text.chars().map(|c| counts.get(&c).copied().unwrap_or(0)).sum() };

    // The swallowed trail byte completes the run's last character, which the gloss after it reads:
    // only trail bytes that give a character with that reading are worth trying.
    let trail_choices: Vec<Option<u8>> = match &run.swallowed_gloss {
        Some((reading, _)) => {
            let last_lead = bytes[bytes.len() - 2].0;
            (0x40..=0xFE_u8)
                .filter(|t| *t != 0x7F)
                .filter(|t| {
                    GBK.decode_without_bom_handling_and_without_replacement(&[last_lead, *t])
                        .and_then(|s| s.chars().next())
                        .is_some_and(|c| gloss::is_reading_of(c, reading))
                })
                .map(Some)
                .collect()
        }
        None => vec![None],
    };
    let mut best: Option<(usize, u8, Option<u8>, String)> = None;
    let mut ties = 0;
    for lead in 0x81..=0xFE_u8 {
        for trail in &trail_choices {
            let mut candidate: Vec<u8> = bytes.iter().map(|(b, _)| *b).collect();
            candidate[0] = lead;
            if let Some(t) = trail {
                *candidate.last_mut().expect("a swallowed gloss adds a byte") = *t;
            }
            let Some(text) = GBK.decode_without_bom_handling_and_without_replacement(&candidate) else {
                continue;
            };
            if let Some((reading, _)) = &run.swallowed_gloss {
                let last = text.chars().last().unwrap_or(' ');
                if !gloss::is_reading_of(last, reading) {
                    continue;
                }
            }
            let s = score(&text);
            match &best {
                Some((b, ..)) if s < *b => {}
                Some((b, ..)) if s == *b => ties += 1,
                _ => {
                    best = Some((s, lead, *trail, text.into_owned()));
                    ties = 0;
                }
            }
        }
    }
    let Some((_, lead, trail, decoded)) = best else {
        return Err("no lead byte makes the run decode as GBK".to_string());
    };

    // Map each decoded character back to the raw code points of its bytes.
    let mut chars = Vec::new();
    let mut at = 0;
    for ch in decoded.chars() {
        let mut buf = [0u8; 4];
        let (encoded, _, _) = GBK.encode(ch.encode_utf8(&mut buf));
        let from = bytes[at].1;
        let to = bytes[(at + encoded.len() - 1).min(bytes.len() - 1)].1;
        chars.push(RepairedChar { ch, raw: from..to + 1 });
        at += encoded.len();
    }

    let mut applied = Vec::new();
    for emendation in emendations {
        if emend(&mut chars, emendation) {
            applied.push(emendation.damaged.clone());
        }
    }
    let repair = Repair {
        damaged: raw[run.raw.clone()].iter().collect(),
        decoded,
        restored: chars.iter().map(|c| c.ch).collect(),
        lead_byte: format!("0x{lead:02X}"),
        trail_byte: trail.map(|t| format!("0x{t:02X}")),
        equally_good_alternatives: ties,
        emendations: applied,
    };
    Ok((chars, repair))
}

/// Replaces every occurrence of the emendation's damaged text; the new characters take the raw
/// span of all the characters they replace, so the map stays monotone.
fn emend(chars: &mut Vec<RepairedChar>, emendation: &Emendation) -> bool {
    let damaged: Vec<char> = emendation.damaged.chars().collect();
    if damaged.is_empty() {
        return false;
    }
    let mut applied = false;
    let mut at = 0;
    while at + damaged.len() <= chars.len() {
        if chars[at..at + damaged.len()].iter().map(|c| c.ch).eq(damaged.iter().copied()) {
            let raw = chars[at].raw.start..chars[at + damaged.len() - 1].raw.end;
            let reading: Vec<RepairedChar> =
                emendation.reading.chars().map(|ch| RepairedChar { ch, raw: raw.clone() }).collect();
            let len = reading.len();
            chars.splice(at..at + damaged.len(), reading);
            at += len;
            applied = true;
        } else {
            at += 1;
        }
    }
    applied
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn a_run_ends_at_the_next_gloss() {
        let raw = chars("強(qiáng)?!度舾纱胧诽岢鰧⒅攸c(diǎn)支持");
        let run = find_run(&raw, 8).expect("a run");
        assert_eq!(run.raw, 8..20);
        assert_eq!(run.swallowed_gloss, None);
    }

    #[test]
    fn a_run_can_end_in_a_swallowed_gloss() {
        let raw = chars("力?!度舾纱胧诽岢黾訌?qiáng)科");
        let run = find_run(&raw, 1).expect("a run");
        assert_eq!(run.raw, 1..12);
        assert_eq!(run.swallowed_gloss, Some(("qiáng".to_string(), 12..18)));
    }

    #[test]
    fn a_lone_question_mark_is_no_run() {
        assert_eq!(find_run(&chars("?"), 0), None);
        assert_eq!(find_run(&chars("?\n"), 0), None);
    }
}
