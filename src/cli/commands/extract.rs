//! `policykg extract FILE…`: a cited, machine-extracted graph of each policy text, written whole.
//!
//! Exit codes: 0 the graph was written; 1 no file had a measure (nothing written); 2 a file could
//! not be read (missing, empty, binary, not UTF-8 or GB18030, over 1 MiB) or the output not written.

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{anyhow, bail};
use clap::{Args, ValueEnum};
use oxigraph::io::RdfFormat;

use crate::cli::ExitStatus;
use crate::cli::input::write_atomically;
use crate::extract::{self, Knowledge, Rules, decode, quads::SourceFile};
use crate::kg::Ontology;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// TriG: the document graphs and the background graph.
    Trig,
    /// N-Quads.
    Nq,
    /// The documented JSON summary (see the README).
    Json,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Policy texts: UTF-8, or GB18030/GBK (detected); damaged text (pinyin glosses, shifted GBK) is repaired.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Write here (atomically) instead of to standard output.
    #[arg(short, long, value_name = "OUT")]
    pub out: Option<PathBuf>,
    /// Output format; by default from the extension of --out (.trig, .nq, .json), else TriG.
    #[arg(long, value_enum)]
    pub format: Option<ExtractFormat>,
    /// The document id, the last segment of its graph and namespace IRIs (one file only); by
    /// default the file's stem.
    #[arg(long)]
    pub id: Option<String>,
}

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitStatus> {
    if args.id.is_some() && args.files.len() > 1 {
        bail!(
            "--id names one document, and {} files were given: leave --id out to name each by its file",
            args.files.len()
        );
    }
    let format = match (args.format, args.out.as_ref().and_then(|p| p.extension()).and_then(|e| e.to_str())) {
        (Some(f), _) => f,
        (None, Some("nq")) => ExtractFormat::Nq,
        (None, Some("json")) => ExtractFormat::Json,
        (None, _) => ExtractFormat::Trig,
    };
    let ontology = Ontology::builtin();
    let rules = Rules::builtin();
    let knowledge = Knowledge::builtin();
    let emendations = crate::builtin::emendations();

    let mut quads = Vec::new();
    let mut summaries = Vec::new();
    let mut ids = HashSet::new();
    let mut written_ids = Vec::new();
    let mut measures = 0;
    for path in &args.files {
        let fail = |why: String| anyhow!("{}: {why}", path.display());
        let size = std::fs::metadata(path).map_err(|e| fail(crate::source::io_reason(&e)))?.len();
        if size > decode::MAX_BYTES {
            return Err(fail(decode::DecodeError::TooLarge { size, max: decode::MAX_BYTES }.to_string()));
        }
        let bytes = std::fs::read(path).map_err(|e| fail(crate::source::io_reason(&e)))?;
        let (text, encoding) = decode(&bytes).map_err(|e| fail(e.to_string()))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let id = match &args.id {
            Some(id) => id.clone(),
            None => extract::id_from_stem(&path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default()),
        };
        if !ids.insert(id.clone()) {
            bail!("two files have the document id {id}: rename one, or extract them one at a time with --id");
        }
        let x = extract::extract(&id, &text, knowledge, rules, ontology, &emendations);
        let file = SourceFile { name, encoding: encoding.name(), bytes: bytes.len() };
        report(path, &x, &file);
        if x.measures.is_empty() {
            continue;
        }
        measures += x.measures.len();
        written_ids.push(id.clone());
        if format == ExtractFormat::Json {
            summaries.push(extract::summary(&x, &file));
        } else {
            quads.extend(extract::quads::quads(&x, &file, knowledge, ontology));
        }
    }
    if measures == 0 {
        eprintln!(
            "policykg: no measure found: no clause opens with a policy verb of the ontology (`policykg query` on pk:Action lists them); nothing written"
        );
        return Ok(ExitStatus::Failure);
    }
    // No blank nodes: sorting and dropping repeats is the whole of the stable order.
    extract::quads::sort_and_dedup(&mut quads);
    let mut bytes = Vec::new();
    match format {
        ExtractFormat::Trig => {
            // Prefixes for the documents' namespaces and graphs and for new entities, beside the usual ones.
            let mut serializer = crate::rdf::serializer(RdfFormat::TriG)
                .with_prefix("pkgdoc", format!("{}doc/", crate::rdf::vocab::GRAPH))?
                .with_prefix("pkent", extract::minted_iri(""))?;
            for (i, id) in written_ids.iter().enumerate() {
                let name = if written_ids.len() == 1 { "doc".to_string() } else { format!("doc{}", i + 1) };
                serializer = serializer.with_prefix(name, crate::rdf::vocab::document_namespace(id))?;
            }
            let mut writer = serializer.for_writer(&mut bytes);
            for q in &quads {
                writer.serialize_quad(q)?;
            }
            writer.finish()?;
        }
        ExtractFormat::Nq => crate::rdf::write_quads(&quads, RdfFormat::NQuads, &mut bytes)?,
        ExtractFormat::Json => {
            let value = serde_json::json!({ "extractor": extract::EXTRACTOR, "documents": summaries });
            serde_json::to_writer_pretty(&mut bytes, &value)?;
            bytes.push(b'\n');
        }
    }
    match &args.out {
        Some(path) => {
            write_atomically(path, &bytes)?;
            eprintln!("policykg: wrote {} ({} bytes)", path.display(), bytes.len());
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    Ok(ExitStatus::Success)
}

/// What was found in one file, on standard error.
fn report(path: &std::path::Path, x: &extract::Extraction, file: &SourceFile) {
    let c = x.counts();
    let r = &x.clean.report;
    let mut line = format!(
        "policykg: {}: read as {}; {} measure{} under {} pillar{}; entities: {} known ({} catalogue, {} gazetteer), {} new; {} role{}",
        path.display(),
        file.encoding,
        c["measures"],
        if c["measures"] == 1 { "" } else { "s" },
        c["pillars"],
        if c["pillars"] == 1 { "" } else { "s" },
        c["catalogue"] + c["gazetteer"],
        c["catalogue"],
        c["gazetteer"],
        c["new"],
        c["roles"],
        if c["roles"] == 1 { "" } else { "s" },
    );
    if !r.glosses.is_empty() || !r.repairs.is_empty() || !r.widened.is_empty() {
        line.push_str(&format!(
            "; repaired: {} pinyin glosses removed, {} GBK runs re-decoded, {} punctuation marks widened",
            r.glosses.len(),
            r.repairs.len(),
            r.widened.len()
        ));
    }
    eprintln!("{line}");
    if !r.suspicious.is_empty() {
        eprintln!(
            "policykg: {}: left as it was: {} suspicious spans (see --format json)",
            path.display(),
            r.suspicious.len()
        );
    }
    if !x.skipped.is_empty() {
        eprintln!("policykg: {}: skipped {} (see --format json):", path.display(), x.skipped.len());
        for s in x.skipped.iter().take(5) {
            let text = x.clean.slice(crate::text::Script::Hans, s.span.clone()).unwrap_or_default();
            let text: String = text.chars().take(24).collect();
            eprintln!("  [{}..{}] {text}: {}", s.span.start, s.span.end, s.why);
        }
    }
    if x.measures.is_empty() {
        eprintln!("policykg: {}: no clause opens with a policy verb; the file is left out", path.display());
    }
}
