//! The damaged source text and its cleaning (the foundation issue).

use policykg::text::{self, Script, SegmentKind};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

use crate::util::{CLEAN, policykg};

const RAW_SHA256: &str = "9a149042255abd579dd9398f63ccaebdba2f2a411bcfc678c6445aebe58a4d84";

#[test]
fn the_raw_source_is_kept_byte_for_byte() {
    let on_disk = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/source/ganzhou-measures-2020.raw.txt"))
        .expect("data/source holds the raw text");
    assert_eq!(format!("{:x}", Sha256::digest(&on_disk)), RAW_SHA256);
    assert_eq!(on_disk, policykg::builtin::RAW_TEXT.as_bytes());
    assert_eq!(policykg::builtin::metadata().sha256, RAW_SHA256);
}

#[test]
fn the_metadata_names_the_issuer_and_reporters() {
    let m = policykg::builtin::metadata();
    assert_eq!(m.document.issuer, "江西省工业和信息化厅");
    assert_eq!(m.report.reporters, ["杨涛", "李华"]);
    assert_eq!(m.document.title, "关于新时代支持赣南等原中央苏区新一轮产业高质量发展的若干措施");
}

#[test]
fn the_three_mojibake_sentences_read_as_the_original() {
    let hans = CLEAN.text(Script::Hans);
    for sentence in [
        "加快特色优势产业做大做强。《若干措施》提出将重点支持稀土和钨产业加快发展",
        "大力提升创新发展能力。《若干措施》提出加强科创平台建设",
        "强化规划政策衔接支持。《若干措施》提出加强“十四五”规划衔接",
    ] {
        assert!(hans.contains(sentence), "missing: {sentence}");
    }
    // In Traditional, as published.
    assert!(CLEAN.text(Script::Hant).contains("加快特色優勢產業做大做強。《若干措施》提出將重點支持稀土"));
}

#[test]
fn every_repair_is_reported_with_its_emendation() {
    let repairs = &CLEAN.report.repairs;
    assert_eq!(repairs.len(), 3);
    for run in repairs {
        assert!(run.repair.damaged.starts_with("?!度舾纱胧诽岢"), "{}", run.repair.damaged);
        assert!(run.repair.restored.starts_with("。《若干措施》提出"), "{}", run.repair.restored);
        assert_eq!(run.repair.lead_byte, "0xA1");
        assert_eq!(run.repair.emendations, ["措史"]);
        assert_eq!(run.repair.equally_good_alternatives, 0);
    }
    // The two runs that swallowed a gloss's `(` lost the trail byte of 強 (GBK 8F8A).
    let trails: Vec<_> = repairs.iter().map(|r| r.repair.trail_byte.as_deref()).collect();
    assert_eq!(trails, [None, Some("0x8A"), Some("0x8A")]);
    assert!(CLEAN.report.suspicious.is_empty(), "{:?}", CLEAN.report.suspicious);
}

#[test]
fn all_353_glosses_are_accounted_for_and_none_remain() {
    let glosses = &CLEAN.report.glosses;
    assert_eq!(glosses.len(), 353);
    assert_eq!(glosses.iter().filter(|g| g.swallowed_paren).count(), 2);
    // Every `(` followed by a lowercase letter in the raw text is a gloss the report lists.
    let raw: Vec<char> = policykg::builtin::RAW_TEXT.chars().collect();
    let gloss_opens = raw.windows(2).filter(|w| w[0] == '(' && w[1].is_ascii_lowercase()).count();
    assert_eq!(gloss_opens, 351);
    for script in [Script::Hant, Script::Hans] {
        let clean = CLEAN.text(script);
        assert!(!clean.contains('?'), "a stray ? is left");
        assert!(!clean.chars().any(|c| c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ".contains(c)));
        assert!(!clean.contains('(') && !clean.contains(',') && !clean.contains(';'));
    }
}

#[test]
fn real_parentheses_survive_as_full_width() {
    let hans = CLEAN.text(Script::Hans);
    for kept in [
        "中国（赣州）纺织服装博览会",
        "京九（江西）电子信息产业带",
        "职业（技工）院校",
        "各县（市、区）",
        "（杨涛 记者 李华）",
    ] {
        assert!(hans.contains(kept), "missing: {kept}");
    }
}

#[test]
fn both_scripts_align_one_for_one() {
    let hant = CLEAN.chars(Script::Hant);
    let hans = CLEAN.chars(Script::Hans);
    assert_eq!(hant.len(), hans.len());
    let at = CLEAN.text(Script::Hans).chars().collect::<Vec<_>>().windows(2).position(|w| w == ['赣', '州']).unwrap();
    assert_eq!(&hant[at..at + 2], ['贛', '州']);
}

#[test]
fn every_clean_character_maps_into_the_raw_text_monotonically() {
    let raw_len = policykg::builtin::RAW_TEXT.chars().count();
    let spans = CLEAN.raw_spans();
    assert_eq!(spans.len(), CLEAN.len());
    for pair in spans.windows(2) {
        assert!(pair[0].start <= pair[1].start && pair[0].end <= pair[1].end, "{pair:?}");
    }
    assert!(spans.iter().all(|s| s.start < s.end && s.end <= raw_len));
}

/// Rebuilds a clean range from the raw text and the report alone: drop the glosses, put in the
/// repaired runs, widen what the report says was widened. It must give the clean text exactly.
fn rebuild_from_raw(range: std::ops::Range<usize>) -> String {
    let raw: Vec<char> = policykg::builtin::RAW_TEXT.chars().collect();
    let report = &CLEAN.report;
    let span = CLEAN.raw_span(range.clone()).unwrap();
    let mut out = String::new();
    let mut at = span.start;
    while at < span.end {
        // A sentence may begin or end inside a repaired run: keep the restored characters in range.
        if let Some(run) = report.repairs.iter().find(|r| (r.raw_start..r.raw_end).contains(&at)) {
            let restored = run.repair.restored.chars().enumerate();
            out.extend(restored.filter(|(i, _)| range.contains(&(run.clean_start + i))).map(|(_, c)| c));
            at = run.raw_end;
        } else if let Some(g) = report.glosses.iter().find(|g| g.raw_start == at) {
            at = g.raw_end;
        } else if let Some(w) = report.widened.iter().find(|w| w.raw_offset == at) {
            out.push(w.to);
            at += 1;
        } else {
            out.push(raw[at]);
            at += 1;
        }
    }
    out
}

#[test]
fn every_sentence_is_its_raw_span_less_the_reported_changes() {
    let segments = text::segment(CLEAN.chars(Script::Hant), &policykg::kg::Ontology::builtin().clause_openers());
    let sentences: Vec<_> = segments.iter().filter(|s| s.kind == SegmentKind::Sentence).collect();
    assert!(sentences.len() >= 10);
    for s in sentences {
        assert_eq!(rebuild_from_raw(s.range()), CLEAN.slice(Script::Hant, s.range()).unwrap());
    }
}

#[test]
fn the_article_has_six_paragraphs_and_measure_clauses() {
    let segments = text::segment(CLEAN.chars(Script::Hans), &policykg::kg::Ontology::builtin().clause_openers());
    let paragraphs = segments.iter().filter(|s| s.kind == SegmentKind::Paragraph).count();
    assert_eq!(paragraphs, 6);
    let clauses: Vec<String> = segments
        .iter()
        .filter(|s| s.kind == SegmentKind::Clause)
        .map(|s| CLEAN.slice(Script::Hans, s.range()).unwrap())
        .collect();
    for clause in ["支持建设对接粤港澳大湾区产业合作区", "支持赣州市与中国赛宝实验室合作", "打造赣粤协作产业链"]
    {
        assert!(clauses.iter().any(|c| c == clause), "not a clause: {clause}");
    }
}

#[test]
fn the_text_command_prints_the_clean_text_and_reports_repairs() {
    let out = policykg().arg("text").assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stdout.contains("大力提升创新发展能力。《若干措施》提出加强科创平台建设"));
    assert!(stderr.contains("353 pinyin glosses"), "{stderr}");
    assert_eq!(stderr.matches("emended: 措史").count(), 3);
}

#[test]
fn the_json_format_gives_segments_with_both_offsets() {
    let out = policykg().args(["text", "--format", "json", "--script", "hant"]).assert().success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json["script"], "zh-Hant");
    let segments = json["segments"].as_array().unwrap();
    let first = &segments[0];
    assert_eq!(first["kind"], "paragraph");
    assert_eq!(first["raw_start"], 0);
    assert!(first["text"].as_str().unwrap().starts_with("本報訊"));
    assert_eq!(json["report"]["glosses"].as_array().unwrap().len(), 353);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary text mixing Chinese, glosses, stray `?`, Latin and mojibake-like runs.
    #[test]
    fn cleaning_never_panics_and_keeps_the_map_monotone(
        pieces in prop::collection::vec(
            prop_oneof![
                Just("?".to_string()),
                Just("(chǎn)".to_string()),
                Just("?qiáng)".to_string()),
                Just("!度舾纱".to_string()),
                Just("攸c".to_string()),
                "[a-zǎ()?!,;]{1,4}",
                "[\u{4e00}-\u{9fff}]{1,3}",
                "[\u{0}-\u{10ffff}]{1,2}",
            ],
            0..40,
        )
    ) {
        let raw: String = pieces.concat();
        let raw_len = raw.chars().count();
        let clean = text::clean(&raw, &policykg::builtin::emendations());
        prop_assert_eq!(clean.chars(Script::Hant).len(), clean.chars(Script::Hans).len());
        prop_assert_eq!(clean.raw_spans().len(), clean.len());
        for pair in clean.raw_spans().windows(2) {
            prop_assert!(pair[0].start <= pair[1].start && pair[0].end <= pair[1].end);
        }
        prop_assert!(clean.raw_spans().iter().all(|s| s.start < s.end && s.end <= raw_len));
        let _ = text::segment(clean.chars(Script::Hans), &policykg::kg::Ontology::builtin().clause_openers());
    }
}
