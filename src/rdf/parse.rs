//! RDF text as people have it: a byte-order mark at the start is skipped, text that is not UTF-8
//! is refused in one line that says how to convert it, relative IRIs resolve against a base (by
//! default the file's own `file:` URL), and the blank nodes of each call are its own.

use std::path::Path;

use oxigraph::io::{RdfFormat, RdfParser, RdfSyntaxError};
use oxigraph::model::Quad;

/// What can go wrong reading RDF or query text.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes are not UTF-8; `offset` is the byte offset of the first bad byte.
    #[error("{name}: not UTF-8 (bad byte at offset {offset}); convert it first, e.g. {}", iconv_hint(name))]
    NotUtf8 { name: String, offset: usize },
    /// The RDF does not parse; the message carries the line and column.
    #[error("{name}: {message}")]
    Syntax { name: String, message: String },
    /// The base IRI is not an absolute IRI.
    #[error("the base IRI <{base}> is not an absolute IRI: {message}")]
    Base { base: String, message: String },
    /// A format named with --data-format that policykg does not know.
    #[error("--data-format {0}: unknown RDF format; use ttl, nt, nq, trig, rdf, n3 or jsonld")]
    UnknownFormatName(String),
    /// The format cannot be told from the name.
    #[error(
        "{name}: cannot tell the RDF format from '{extension}'; name it with --data-format (ttl, nt, nq, trig, rdf, n3, jsonld)"
    )]
    UnknownFormat { name: String, extension: String },
}

/// How to convert `name` (a file, or standard input) from GBK, as a command to copy.
fn iconv_hint(name: &str) -> String {
    if name == "standard input" {
        "`iconv -f GBK -t UTF-8 FILE | policykg …`".to_string()
    } else if name.contains(|c: char| c.is_whitespace() || c == '\'') {
        format!("`iconv -f GBK -t UTF-8 '{}'`", name.replace('\'', "'\\''"))
    } else {
        format!("`iconv -f GBK -t UTF-8 {name}`")
    }
}

/// The RDF format a name stands for: a file extension or a format name (`ttl`, `turtle`, `nq`,
/// `n-quads`, `trig`, `rdf`, `owl`, `jsonld`, …), case-insensitive.
pub fn format_named(name: &str) -> Option<RdfFormat> {
    Some(match name.to_ascii_lowercase().as_str() {
        "ttl" | "turtle" => RdfFormat::Turtle,
        "nt" | "ntriples" | "n-triples" => RdfFormat::NTriples,
        "nq" | "nquads" | "n-quads" => RdfFormat::NQuads,
        "trig" => RdfFormat::TriG,
        "rdf" | "xml" | "rdfxml" | "owl" => RdfFormat::RdfXml,
        "n3" => RdfFormat::N3,
        "jsonld" | "json-ld" => RdfFormat::JsonLd { profile: Default::default() },
        _ => return None,
    })
}

/// The RDF format of a file, from `forced` (a format name) or else from its extension.
pub fn format_of(path: &Path, forced: Option<&str>) -> Result<RdfFormat, Error> {
    if let Some(f) = forced {
        return format_named(f).ok_or_else(|| Error::UnknownFormatName(f.to_string()));
    }
    let name = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_string();
    format_named(&name).ok_or_else(|| Error::UnknownFormat { name: path.display().to_string(), extension: name })
}

/// The `file:` URL of a path, made absolute against the working directory with `.` and `..`
/// resolved (RFC 3986 §5.2.4): the default base IRI of a data or query file, as a browser or
/// `rapper` would take it. Symbolic links are kept as named.
pub fn file_url(path: &Path) -> Option<String> {
    let absolute = std::path::absolute(path).ok()?;
    let mut url = url::Url::from_file_path(absolute).ok()?;
    // Setting the path again makes the URL parser remove its dot segments.
    let path = url.path().to_string();
    url.set_path(&path);
    Some(url.into())
}

/// `bytes` as text: without a leading UTF-8 byte-order mark, or an error naming `name` when the
/// bytes are not UTF-8.
pub fn text<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, Error> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| Error::NotUtf8 { name: name.to_string(), offset: e.valid_up_to() })
}

/// Parses RDF `bytes` of `format`, named `name` in errors, with relative IRIs resolved against
/// `base`. Blank nodes get fresh random ids, so that `_:x` of one call never meets `_:x` of
/// another (RDF 1.1 Semantics: each document's blank nodes are its own); callers that write the
/// quads out give them stable names with [`super::stable_order`].
pub fn parse(name: &str, bytes: &[u8], format: RdfFormat, base: Option<&str>) -> Result<Vec<Quad>, Error> {
    let text = text(name, bytes)?;
    let mut parser = RdfParser::from_format(format).rename_blank_nodes();
    if let Some(base) = base {
        parser =
            parser.with_base_iri(base).map_err(|e| Error::Base { base: base.to_string(), message: e.to_string() })?;
    }
    parser.for_slice(text.as_bytes()).collect::<Result<Vec<Quad>, _>>().map_err(|e| syntax(name, &e))
}

/// `message`, prefixed with the line and column when the parser knows them and its message does
/// not already say them.
fn syntax(name: &str, e: &RdfSyntaxError) -> Error {
    let message = e.to_string();
    let message = match e.location() {
        Some(at) if !message.contains("line") => {
            format!("{}:{}: {message}", at.start.line + 1, at.start.column + 1)
        }
        _ => message,
    };
    Error::Syntax { name: name.to_string(), message }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ttl(text: &[u8], base: Option<&str>) -> Result<Vec<Quad>, Error> {
        parse("a.ttl", text, RdfFormat::Turtle, base)
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let quads = ttl(b"\xef\xbb\xbf<http://e.org/s> <http://e.org/p> 1 .", None).unwrap();
        assert_eq!(quads.len(), 1);
    }

    #[test]
    fn text_that_is_not_utf8_says_where_and_how_to_convert() {
        // 赣州 in GBK: C9 CD D6 DD.
        let err = ttl(b"<http://e.org/s> <http://e.org/p> \"\xc9\xcd\xd6\xdd\" .", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.ttl: not UTF-8 (bad byte at offset 35); convert it first, e.g. `iconv -f GBK -t UTF-8 a.ttl`"
        );
    }

    #[test]
    fn relative_iris_resolve_against_the_base() {
        let quads = ttl(b"@prefix : <#> . <> :p :o .", Some("file:///data/a.ttl")).unwrap();
        assert_eq!(quads[0].to_string(), "<file:///data/a.ttl> <file:///data/a.ttl#p> <file:///data/a.ttl#o>");
        assert!(matches!(ttl(b"<> <p> <o> .", None), Err(Error::Syntax { .. })));
    }

    #[test]
    fn each_call_has_its_own_blank_nodes() {
        let a = ttl(b"_:x <http://e.org/p> 1 .", None).unwrap();
        let b = ttl(b"_:x <http://e.org/p> 1 .", None).unwrap();
        assert_ne!(a[0].subject, b[0].subject);
    }

    #[test]
    fn the_format_comes_from_the_extension_or_a_name() {
        assert_eq!(format_of(Path::new("x.NQ"), None).unwrap(), RdfFormat::NQuads);
        assert_eq!(format_of(Path::new("x.txt"), Some("trig")).unwrap(), RdfFormat::TriG);
        assert!(matches!(format_of(Path::new("x.txt"), None), Err(Error::UnknownFormat { .. })));
        assert_eq!(
            format_of(Path::new("x.ttl"), Some("xyz")).unwrap_err().to_string(),
            "--data-format xyz: unknown RDF format; use ttl, nt, nq, trig, rdf, n3 or jsonld"
        );
    }
}
