//! The one integration-test binary. Each module covers one feature; every expected value in them was
//! read off the source text by a person, not copied from policykg's own output.

// The explorer in headless Chromium, through `policykg serve`.
mod browser;
// connect, paths, neighbors, rank and name lookup.
mod analysis;
// `diagram`: every view through Graphviz, escaping, Mermaid, determinism, missing Graphviz.
mod diagram;
// GraphML read back by networkx, and rank's centralities checked against networkx's.
mod graphml;
// The example queries of examples/queries against their expected rows.
mod examples;
// A close reading: the lead paragraph's commitments, clause boundaries, roles, labels and sources.
mod fidelity;
// `extract`: new texts into cited graphs, bad input, connect on an extracted file.
mod extract;
// Scoring extract against the curated graph of the built-in article.
mod extract_score;
// The layers of ARCHITECTURE.md: no module imports one above it.
mod layers;
// Hubs summarised: `diagram entity` and `neighbors` group many measures by pillar.
mod hubs;
// Every input the fuzzers kept, through the fuzz targets' properties.
mod fuzz;
// What the fuzz targets check, shared with fuzz/fuzz_targets.
mod fuzz_properties;
// The ontology, the knowledge graph, build and validate.
mod kg;
// Shell completions and manual pages generated from the clap definitions.
mod manual;
// SPARQL queries, prefixes, and loading and exporting RDF.
mod query;
// `serve`: the SPARQL 1.1 Protocol in-process, and the explorer's JSON API.
mod serve;
// Where the graph comes from: --data, --store, --base, FROM, the default graph, input checks, streaming.
mod sources;
// The source text, its cleaning and the `text` command.
mod text;
// Helpers shared by the modules.
mod util;
// A real Virtuoso 7 as a remote SPARQL server: the harness that starts one, and the built-in graph in it.
mod virtuoso;
// The W3C SPARQL 1.0 and 1.1 query test suites (POLICYKG_W3C_TESTS names the w3c-rdf-tests folder).
mod w3c;
