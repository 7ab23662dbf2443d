//! Reading queries and writing files for the commands: output is written whole or not at all.

use std::path::Path;

use std::io::Read;

use anyhow::{Context, anyhow, bail};

use crate::rdf::parse;
use crate::source::io_reason;
use crate::sparql::{self, Query};

/// Reads a query from `path` (`-` for standard input) and parses it, relative IRIs resolved
/// against `base` or else the file's own `file:` URL. Errors name the file and show the caret.
pub fn read_query(path: &Path, base: Option<&str>) -> anyhow::Result<Query> {
    let (bytes, origin, url) = if path == Path::new("-") {
        (read_stdin()?, "standard input".to_string(), None)
    } else {
        let bytes = std::fs::read(path)
            .map_err(|e| anyhow!("cannot read the query file {}: {}", path.display(), io_reason(&e)))?;
        (bytes, path.display().to_string(), parse::file_url(path))
    };
    parse_query(&bytes, Some(&origin), base.or(url.as_deref()))
}

/// Reads all of standard input.
pub fn read_stdin() -> anyhow::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes).context("cannot read standard input")?;
    Ok(bytes)
}

/// Parses query `bytes` from `origin` (a file name, for messages), with a leading byte-order mark
/// skipped; a syntax error comes with the offending line and a caret. The query's warnings
/// ([`Query::warnings`]) go to standard error, one line each.
pub fn parse_query(bytes: &[u8], origin: Option<&str>, base: Option<&str>) -> anyhow::Result<Query> {
    let prefix = origin.map(|o| format!("{o}: ")).unwrap_or_default();
    let text = parse::text(origin.unwrap_or("the query"), bytes)?;
    if text.trim().is_empty() {
        bail!("{prefix}the query is empty");
    }
    let query = Query::parse(text, base).map_err(|e| match e {
        sparql::Error::Syntax(e) => anyhow!("{prefix}{e}\n{}", e.snippet()),
        other => anyhow!("{prefix}{other}"),
    })?;
    for warning in query.warnings() {
        eprintln!("policykg: warning: {prefix}{warning}");
    }
    Ok(query)
}

/// Writes `bytes` to `path` through a temporary file in the same folder, so that a failure never
/// leaves half a file behind.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    // The temporary file's own name means nothing to the reader, so errors name the target and
    // the kind of failure only.
    let fail = |e: std::io::Error| anyhow!("cannot write {}: {}", path.display(), write_reason(&e));
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

fn write_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "the folder does not exist".to_string(),
        _ => io_reason(e),
    }
}
