//! The bottom layer: RDF namespaces and terms (`vocab`), the stable order quads are written in
//! (`order`), and parsing RDF text as people have it (`parse`). Every module above may use it; it
//! uses none of them.

pub mod order;
pub mod parse;
pub mod vocab;

pub use order::{relabel_blank_nodes, sort_quads, stable_order, stable_rows};

use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer, WriterQuadSerializer};
use oxigraph::model::{NamedNodeRef, Quad, QuadRef};
use oxjsonld::{JsonLdSerializer, WriterJsonLdSerializer};

/// Writes `quads` (already in order, see [`stable_order`]) in `format`, with the known prefixes
/// where the format has prefixes (JSON-LD: as its `@context`); a format without graphs gets the
/// triples. RDF/XML is refused before anything is written when a predicate cannot be written in
/// it (see [`QuadWriter::write`]).
pub fn write_quads(quads: &[Quad], format: RdfFormat, out: impl Write) -> std::io::Result<()> {
    if format == RdfFormat::RdfXml
        && let Some(q) = quads.iter().find(|q| xml_local_name(q.predicate.as_ref()).is_none())
    {
        return Err(no_xml_name(q.predicate.as_ref()));
    }
    let mut writer = QuadWriter::new(format, out);
    for q in quads {
        writer.write(q.as_ref())?;
    }
    writer.finish()?;
    Ok(())
}

/// A serializer for `format` with the known prefixes declared. JSON-LD's `@context` needs
/// [`QuadWriter`], which this serializer does not give.
pub fn serializer(format: RdfFormat) -> RdfSerializer {
    vocab::PREFIXES.iter().fold(RdfSerializer::from_format(format), |s, (prefix, ns)| {
        s.with_prefix(*prefix, *ns).expect("the built-in prefixes are valid")
    })
}

/// Writes quads one at a time in any RDF format, with the known prefixes declared (as JSON-LD's
/// `@context` too, which Oxigraph's generic serializer leaves out).
pub enum QuadWriter<W: Write> {
    /// Every format but JSON-LD, through Oxigraph's serializer.
    Rdf { writer: WriterQuadSerializer<W>, datasets: bool, xml: bool },
    /// JSON-LD, through oxjsonld's serializer, which writes the prefixes as `@context`.
    JsonLd(WriterJsonLdSerializer<W>),
}

impl<W: Write> QuadWriter<W> {
    /// A writer of `format` into `out`.
    pub fn new(format: RdfFormat, out: W) -> Self {
        if matches!(format, RdfFormat::JsonLd { .. }) {
            let serializer = vocab::PREFIXES.iter().fold(JsonLdSerializer::new(), |s, (prefix, ns)| {
                s.with_prefix(*prefix, *ns).expect("the built-in prefixes are valid")
            });
            Self::JsonLd(serializer.for_writer(out))
        } else {
            Self::Rdf {
                writer: serializer(format).for_writer(out),
                datasets: format.supports_datasets(),
                xml: format == RdfFormat::RdfXml,
            }
        }
    }

    /// Writes one quad (its triple, in a format without graphs). In RDF/XML a predicate must end
    /// in an XML name (RDF 1.1 XML Syntax §2.2: it is written as an element name); one that does
    /// not, such as `http://example.org/p/123`, is an `InvalidInput` error saying which formats
    /// can write it, and nothing of it is written.
    pub fn write(&mut self, q: QuadRef<'_>) -> std::io::Result<()> {
        match self {
            Self::Rdf { writer, datasets: true, .. } => writer.serialize_quad(q),
            Self::Rdf { writer, xml, .. } => {
                if *xml && xml_local_name(q.predicate).is_none() {
                    return Err(no_xml_name(q.predicate));
                }
                writer.serialize_triple(q)
            }
            Self::JsonLd(writer) => writer.serialize_quad(q),
        }
    }

    /// Ends the document (closing brackets and elements) and gives the output back.
    pub fn finish(self) -> std::io::Result<W> {
        match self {
            Self::Rdf { writer, .. } => writer.finish(),
            Self::JsonLd(writer) => writer.finish(),
        }
    }
}

fn no_xml_name(predicate: NamedNodeRef<'_>) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!(
            "RDF/XML cannot write the predicate {predicate}, which does not end in an XML name; write ttl, nt, nq, trig or jsonld"
        ),
    )
}

/// The XML name `iri` ends in, as RDF/XML writes a predicate: the longest tail of name
/// characters without `:`, from its first name-start character (XML 1.0 §2.3 `NameStartChar` and
/// `NameChar`, the split Oxigraph's RDF/XML serializer makes). `None` when there is none.
pub fn xml_local_name(iri: NamedNodeRef<'_>) -> Option<&str> {
    let iri = iri.as_str();
    let tail = iri.rfind(|c| !is_xml_name_char(c) || c == ':').map_or(iri, |i| &iri[i..]);
    let start = tail.find(|c| is_xml_name_start_char(c) && c != ':')?;
    Some(&tail[start..])
}

/// XML 1.0 §2.3 `NameStartChar`.
fn is_xml_name_start_char(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 §2.3 `NameChar`.
fn is_xml_name_char(c: char) -> bool {
    is_xml_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

#[cfg(test)]
mod tests {
    use oxigraph::model::NamedNode;

    use super::*;

    #[test]
    fn a_predicate_ends_in_an_xml_name_or_has_none() {
        let name = |iri: &str| xml_local_name(NamedNode::new(iri).unwrap().as_ref()).map(str::to_string);
        assert_eq!(name("http://example.org/a#b").as_deref(), Some("b"));
        assert_eq!(name("https://w3id.org/policykg/ontology#inPillar").as_deref(), Some("inPillar"));
        // A digit may not start an XML name, but may follow a letter.
        assert_eq!(name("http://example.org/p/123"), None);
        assert_eq!(name("http://example.org/p/x123").as_deref(), Some("x123"));
        assert_eq!(name("http://example.org/p/1x").as_deref(), Some("x"));
        // CJK ideographs are name characters.
        assert_eq!(name("http://example.org/属于").as_deref(), Some("属于"));
        assert_eq!(name("http://example.org/p/"), None);
    }
}
