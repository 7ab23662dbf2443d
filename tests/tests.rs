//! The one integration-test binary. Each module covers one feature; every expected value in them was
//! read off the source text by a person, not copied from policykg's own output.

// `diagram`: every view through Graphviz, escaping, Mermaid, determinism, missing Graphviz.
mod diagram;
// The source text, its cleaning and the `text` command.
mod text;
// Helpers shared by the modules.
mod util;
