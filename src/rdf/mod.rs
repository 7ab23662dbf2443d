//! The bottom layer: RDF namespaces and terms (`vocab`), the stable order quads are written in
//! (`order`), and parsing RDF text as people have it (`parse`). Every module above may use it; it
//! uses none of them.

pub mod order;
pub mod parse;
pub mod vocab;

pub use order::{relabel_blank_nodes, sort_quads, stable_order, stable_rows};

use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Quad;

/// Writes `quads` (already in order, see [`stable_order`]) in `format`, with the known prefixes
/// where the format has prefixes; a format without graphs gets the triples.
pub fn write_quads(quads: &[Quad], format: RdfFormat, out: impl Write) -> std::io::Result<()> {
    let mut writer = serializer(format).for_writer(out);
    for q in quads {
        if format.supports_datasets() {
            writer.serialize_quad(q)?;
        } else {
            writer.serialize_triple(q.as_ref())?;
        }
    }
    writer.finish()?;
    Ok(())
}

/// A serializer for `format` with the known prefixes declared.
pub fn serializer(format: RdfFormat) -> RdfSerializer {
    vocab::PREFIXES.iter().fold(RdfSerializer::from_format(format), |s, (prefix, ns)| {
        s.with_prefix(*prefix, *ns).expect("the built-in prefixes are valid")
    })
}
