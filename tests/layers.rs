//! The layers of ARCHITECTURE.md point one way: a module of `src/` imports only modules below it.
//! The order is the architecture's own, written here by a person; the test reads every `crate::…`
//! path in the source.

use std::path::Path;

/// Bottom first: each module may use the ones before it in this list, never those after it.
const LAYERS: [&str; 11] =
    ["rdf", "text", "builtin", "sparql", "kg", "extract", "source", "analysis", "diagram", "serve", "cli"];

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_imports_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    for (level, module) in LAYERS.iter().enumerate() {
        let mut paths = Vec::new();
        let dir = src.join(module);
        if dir.is_dir() {
            files(&dir, &mut paths);
        } else {
            paths.push(src.join(format!("{module}.rs")));
        }
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            for above in &LAYERS[level + 1..] {
                if text.contains(&format!("crate::{above}::")) || text.contains(&format!("crate::{above};")) {
                    violations.push(format!("{} uses crate::{above}", path.strip_prefix(&src).unwrap().display()));
                }
            }
        }
    }
    assert!(violations.is_empty(), "layers pointing up:\n{}", violations.join("\n"));
}
