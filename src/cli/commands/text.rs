//! `policykg text`: the cleaned source text.

use std::io::{BufWriter, Write};

use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::cli::ExitStatus;
use crate::text::{self, CleanText, Report, Script, SegmentKind};
use crate::{builtin, kg};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    /// The clean text; a summary of the repairs goes to stderr.
    Text,
    /// Segments with clean and raw offsets, and the full repair report.
    Json,
}

#[derive(Debug, Args)]
pub struct TextArgs {
    /// The script to give the text in.
    #[arg(long, value_enum, default_value = "hans")]
    pub script: Script,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextFormat,
}

/// The JSON document `--format json` writes; its shape is documented in the README.
#[derive(Serialize)]
struct TextJson<'a> {
    script: &'static str,
    raw_sha256: &'a str,
    /// Offsets are Unicode code points, end exclusive, in the clean text and in the raw text.
    segments: Vec<SegmentJson>,
    report: &'a Report,
}

#[derive(Serialize)]
struct SegmentJson {
    kind: SegmentKind,
    paragraph: usize,
    start: usize,
    end: usize,
    raw_start: usize,
    raw_end: usize,
    text: String,
}

pub fn run(args: TextArgs) -> anyhow::Result<ExitStatus> {
    let clean = text::clean(builtin::RAW_TEXT, &builtin::emendations());
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        TextFormat::Text => {
            writeln!(out, "{}", clean.text(args.script))?;
            out.flush()?;
            eprint!("{}", summary(&clean));
        }
        TextFormat::Json => {
            let metadata = builtin::metadata();
            let json = TextJson {
                script: args.script.tag(),
                raw_sha256: &metadata.sha256,
                segments: segments_json(&clean, args.script),
                report: &clean.report,
            };
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
            out.flush()?;
        }
    }
    Ok(ExitStatus::Success)
}

fn segments_json(clean: &CleanText, script: Script) -> Vec<SegmentJson> {
    let openers = kg::Ontology::builtin().clause_openers();
    text::segment(clean.chars(script), &openers)
        .into_iter()
        .map(|s| {
            let raw = clean.raw_span(s.range()).expect("segments lie inside the clean text");
            SegmentJson {
                kind: s.kind,
                paragraph: s.paragraph,
                start: s.start,
                end: s.end,
                raw_start: raw.start,
                raw_end: raw.end,
                text: clean.slice(script, s.range()).expect("segments lie inside the clean text"),
            }
        })
        .collect()
}

/// One line per repair and per doubt, so that no change is silent.
fn summary(clean: &CleanText) -> String {
    let r = &clean.report;
    let swallowed = r.glosses.iter().filter(|g| g.swallowed_paren).count();
    let mut s = format!(
        "policykg: removed {} pinyin glosses ({} whose '(' was lost in mojibake), widened {} punctuation marks, repaired {} mojibake runs\n",
        r.glosses.len(),
        swallowed,
        r.widened.len(),
        r.repairs.len()
    );
    for run in &r.repairs {
        s.push_str(&format!(
            "policykg: raw {}..{}: {} -> {}{}\n",
            run.raw_start,
            run.raw_end,
            run.repair.damaged,
            run.repair.restored,
            if run.repair.emendations.is_empty() {
                String::new()
            } else {
                format!(" (emended: {})", run.repair.emendations.join(", "))
            }
        ));
    }
    for doubt in &r.suspicious {
        s.push_str(&format!(
            "policykg: left as is, raw {}..{}: {}: {}\n",
            doubt.raw_start, doubt.raw_end, doubt.text, doubt.why
        ));
    }
    s
}
