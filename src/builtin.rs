//! The built-in data, compiled into the binary so that policykg runs with no files beside it.
//! The files themselves live in `data/` and `ontology/`; this module only names them.

use serde::Deserialize;

use crate::text::Emendation;

/// The damaged article, byte for byte as it reached us.
pub const RAW_TEXT: &str = include_str!("../data/source/ganzhou-measures-2020.raw.txt");
/// The article's metadata.
pub const METADATA: &str = include_str!("../data/source/metadata.toml");
/// Corrections for bytes lost for good.
pub const EMENDATIONS: &str = include_str!("../data/emendations.toml");

/// An error in one of the data files.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct DataError {
    pub file: String,
    pub message: String,
}

#[derive(Deserialize)]
struct EmendationsFile {
    emendation: Vec<Emendation>,
}

/// Parses an emendations file; `file` names it in errors.
pub fn parse_emendations(file: &str, toml_text: &str) -> Result<Vec<Emendation>, DataError> {
    toml::from_str::<EmendationsFile>(toml_text)
        .map(|f| f.emendation)
        .map_err(|e| DataError { file: file.to_string(), message: e.to_string().trim_end().replace('\n', " ") })
}

/// The document's metadata.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Metadata {
    pub file: String,
    /// The document's id in IRIs (`pkr:doc/{id}/…`, `pkg:doc/{id}`).
    pub id: String,
    pub sha256: String,
    pub report: ReportMetadata,
    pub document: DocumentMetadata,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ReportMetadata {
    pub kind: String,
    pub reporters: Vec<String>,
    pub published: String,
    pub published_note: String,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct DocumentMetadata {
    pub title: String,
    pub short_title: String,
    pub title_en: String,
    pub issuer: String,
    pub issuer_as_reported: String,
    pub issuer_en: String,
}

/// Parses the metadata file.
pub fn parse_metadata(file: &str, toml_text: &str) -> Result<Metadata, DataError> {
    toml::from_str(toml_text)
        .map_err(|e| DataError { file: file.to_string(), message: e.to_string().trim_end().replace('\n', " ") })
}

/// The built-in emendations. The file is part of the binary, so a syntax error in it is caught by
/// the test suite, not by users.
pub fn emendations() -> Vec<Emendation> {
    parse_emendations("data/emendations.toml", EMENDATIONS).expect("the built-in emendations parse")
}

/// The built-in metadata.
pub fn metadata() -> Metadata {
    parse_metadata("data/source/metadata.toml", METADATA).expect("the built-in metadata parses")
}

/// The OWL ontology.
pub const ONTOLOGY: &str = include_str!("../ontology/policykg.ttl");

/// The entity catalogue and background facts.
pub const ENTITIES: &str = include_str!("../data/entities.toml");
/// The document's pillars, measures and mentions.
pub const MEASURES: &str = include_str!("../data/measures.toml");
/// The shape rules `policykg validate` checks.
pub const VALIDATION: &str = include_str!("../ontology/validation.toml");

/// China's administrative divisions down to county level (GB/T 2260 codes), for `policykg extract`;
/// the file's header names its source and licence.
pub const DIVISIONS: &str = include_str!("../data/divisions.csv");

/// The one-character short names (简称) of the provincial-level divisions, with their source.
pub const PROVINCE_SHORT_NAMES: &str = include_str!("../data/province-short-names.csv");
/// The rules `policykg extract` reads a policy text by.
pub const EXTRACT_RULES: &str = include_str!("../data/extract-rules.toml");
