//! The annotation files in `data/`: the entity catalogue with its background facts
//! (`entities.toml`) and the document's pillars, measures and mentions (`measures.toml`).
//!
//! They are parsed here and only here; every quote is checked against the clean text at its
//! offsets, and a mismatch names the file and the line.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::Error;
use crate::text::{CleanText, Script};

/// `entities.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    #[serde(default)]
    pub entity: Vec<EntityRecord>,
    #[serde(default)]
    pub fact: Vec<FactRecord>,
}

/// An entity. Its Traditional label is not written here: the build derives it from `zh_hans` with
/// [`crate::text::to_traditional`] (OpenCC `s2tw`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityRecord {
    pub id: Spanned<String>,
    pub class: String,
    #[serde(rename = "zh-Hans")]
    pub zh_hans: String,
    pub en: String,
    #[serde(rename = "alt-zh-Hans", default)]
    pub alt_zh_hans: Vec<String>,
    #[serde(rename = "alt-en", default)]
    pub alt_en: Vec<String>,
    pub wikidata: Option<String>,
    pub comment: Option<String>,
}

/// A background statement with its source.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactRecord {
    pub subject: Spanned<String>,
    pub predicate: String,
    pub object: String,
    /// `wikidata:Q…` or a source named in words.
    pub source: String,
}

/// `measures.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotations {
    #[serde(default)]
    pub beneficiary: Vec<Mention>,
    #[serde(default)]
    pub pillar: Vec<PillarRecord>,
    #[serde(default)]
    pub measure: Vec<MeasureRecord>,
    #[serde(default)]
    pub mention: Vec<Mention>,
}

/// An entity named at a place in the text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mention {
    pub entity: Spanned<String>,
    pub quote: Spanned<String>,
    pub start: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PillarRecord {
    pub id: Spanned<String>,
    pub order: u32,
    pub en: String,
    pub quote: Spanned<String>,
    pub start: usize,
    pub heading_quote: Spanned<String>,
    pub heading_start: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureRecord {
    pub id: Spanned<String>,
    /// The pillar the measure is listed under; none for a commitment of the lead paragraph
    /// (a `pk:LeadCommitment`).
    pub pillar: Option<String>,
    pub action: String,
    pub quote: Spanned<String>,
    pub start: usize,
    pub en: String,
    #[serde(default)]
    pub involves: Vec<Involvement>,
}

/// An entity a measure names, in its role.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Involvement {
    pub role: String,
    pub entity: Spanned<String>,
    pub quote: Spanned<String>,
    pub start: usize,
}

/// A parsed data file, remembered with its name and text so that later checks can give line numbers.
#[derive(Debug, Clone)]
pub struct Source<T> {
    pub file: String,
    text: String,
    pub value: T,
}

impl<T> Source<T> {
    /// The 1-based line of a byte offset in the file.
    pub fn line(&self, span: Range<usize>) -> usize {
        self.text[..span.start.min(self.text.len())].matches('\n').count() + 1
    }

    /// An error about what lies at `span`.
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> Error {
        Error::Data { file: self.file.clone(), line: self.line(span), message: message.into() }
    }
}

/// Parses a TOML data file.
pub fn parse<T: for<'de> Deserialize<'de>>(file: &str, text: &str) -> Result<Source<T>, Error> {
    match toml::from_str::<T>(text) {
        Ok(value) => Ok(Source { file: file.to_string(), text: text.to_string(), value }),
        Err(e) => {
            let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1).unwrap_or(1);
            Err(Error::Data { file: file.to_string(), line, message: e.message().to_string() })
        }
    }
}

/// Checks that `quote` stands in the clean (Simplified) text at `start`; gives its range.
pub fn check_quote<T>(
    source: &Source<T>,
    clean: &CleanText,
    quote: &Spanned<String>,
    start: usize,
) -> Result<Range<usize>, Error> {
    let range = start..start + quote.get_ref().chars().count();
    match clean.slice(Script::Hans, range.clone()) {
        Some(found) if found == *quote.get_ref() => Ok(range),
        Some(found) => Err(source.error(
            quote.span(),
            format!(
                "quote \"{}\" does not match the text at {}..{}, which reads \"{found}\"",
                quote.get_ref(),
                range.start,
                range.end
            ),
        )),
        None => Err(source.error(
            quote.span(),
            format!(
                "quote \"{}\" at {}..{} lies past the end of the text ({} characters)",
                quote.get_ref(),
                range.start,
                range.end,
                clean.len()
            ),
        )),
    }
}
