//! Rendering DOT to SVG or PNG by running Graphviz's `dot`.
//!
//! graphviz-rust's own `exec` always runs the program called `dot` and reports a missing one as a
//! bare "No such file or directory", so policykg runs the program itself: the caller names it
//! (the command line lets `POLICYKG_DOT` override it) and a missing program is its own error.

use std::ffi::OsStr;
use std::io::Write;
use std::process::{Command, Stdio};

use super::Error;

/// An image format Graphviz writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Image {
    Svg,
    Png,
}

impl Image {
    pub fn name(self) -> &'static str {
        match self {
            Image::Svg => "SVG",
            Image::Png => "PNG",
        }
    }

    fn flag(self) -> &'static str {
        match self {
            Image::Svg => "-Tsvg",
            Image::Png => "-Tpng",
        }
    }
}

/// Runs `program` (Graphviz's `dot`) on `dot` and gives the image it writes.
pub fn render(dot: &str, image: Image, program: &OsStr) -> Result<Vec<u8>, Error> {
    let shown = program.to_string_lossy().into_owned();
    let mut child = Command::new(program)
        .arg(image.flag())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::GraphvizMissing { program: shown.clone(), reason: e.to_string() })?;
    // Write on another thread, so that a full stdout or stderr pipe cannot stall both processes.
    let mut stdin =
        child.stdin.take().ok_or_else(|| Error::Graphviz { message: "no pipe to dot's input".to_string() })?;
    let input = dot.as_bytes().to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().map_err(|e| Error::Graphviz { message: e.to_string() })?;
    let written = writer.join().map_err(|_| Error::Graphviz { message: "writing to dot failed".to_string() })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let message = stderr.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("; ");
        let message = if message.is_empty() { format!("{shown} exited with {}", output.status) } else { message };
        return Err(Error::Graphviz { message });
    }
    written.map_err(|e| Error::Graphviz { message: e.to_string() })?;
    Ok(output.stdout)
}
