//! Reading and writing files for the commands: RDF files in any format, and output written whole
//! or not at all.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Quad;

/// The RDF format of a file, from `--data-format` or else its extension.
pub fn rdf_format(path: &Path, forced: Option<&str>) -> anyhow::Result<RdfFormat> {
    let name = match forced {
        Some(f) => f.to_string(),
        None => path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase(),
    };
    let format = match name.as_str() {
        "ttl" | "turtle" => RdfFormat::Turtle,
        "nt" | "ntriples" | "n-triples" => RdfFormat::NTriples,
        "nq" | "nquads" | "n-quads" => RdfFormat::NQuads,
        "trig" => RdfFormat::TriG,
        "rdf" | "xml" | "rdfxml" | "owl" => RdfFormat::RdfXml,
        "n3" => RdfFormat::N3,
        "jsonld" | "json-ld" => RdfFormat::JsonLd { profile: Default::default() },
        other => bail!(
            "{}: cannot tell the RDF format from '{other}'; name it with --data-format (ttl, nt, nq, trig, rdf, n3, jsonld)",
            path.display()
        ),
    };
    Ok(format)
}

/// Parses RDF files; a syntax error names the file, line and column.
pub fn read_rdf(paths: &[PathBuf], forced: Option<&str>) -> anyhow::Result<Vec<Quad>> {
    let mut quads = Vec::new();
    for path in paths {
        let format = rdf_format(path, forced)?;
        let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        for quad in RdfParser::from_format(format).for_slice(&bytes) {
            quads.push(quad.map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?);
        }
    }
    Ok(crate::kg::relabel_blank_nodes(quads))
}

/// Writes `bytes` to `path` through a temporary file in the same folder, so that a failure never
/// leaves half a file behind.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    // The temporary file's own name means nothing to the reader, so errors name the target and
    // the kind of failure only.
    let fail = |e: std::io::Error| anyhow::anyhow!("cannot write {}: {}", path.display(), io_reason(&e));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(fail)?;
    // A temporary file is private (0600); the output is an ordinary file, readable as any other.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644)).map_err(fail)?;
    }
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "the folder does not exist".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.kind().to_string(),
    }
}
