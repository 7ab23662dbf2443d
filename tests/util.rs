//! Helpers shared by the test modules.

use std::sync::LazyLock;

use policykg::text::CleanText;

/// The built-in text, cleaned once for all tests.
pub static CLEAN: LazyLock<CleanText> =
    LazyLock::new(|| policykg::text::clean(policykg::builtin::RAW_TEXT, &policykg::builtin::emendations()));

/// The `policykg` binary, ready to run.
pub fn policykg() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("policykg").expect("the policykg binary is built")
}

/// The built-in graph, built once for all tests.
pub fn kg() -> &'static policykg::source::Source {
    static KG: LazyLock<policykg::source::Source> =
        LazyLock::new(|| policykg::source::Source::builtin().expect("the built-in graph builds"));
    &KG
}

/// The namespace of the built-in document's own resources (its measures, pillars, evidence), as
/// the scheme `pkr:doc/{id}/` gives it for the id in `data/source/metadata.toml`.
pub const DOC: &str = "https://w3id.org/policykg/resource/doc/ganzhou-measures-2020/";

/// The built-in document's named graph, `pkg:doc/{id}`.
pub const DOC_GRAPH: &str = "https://w3id.org/policykg/graph/doc/ganzhou-measures-2020";

/// `query` with the prefix `doc:` declared for [`DOC`], so that a measure is `doc:M31`.
pub fn with_doc(query: &str) -> String {
    format!("PREFIX doc: <{DOC}>\n{query}")
}

/// The answer of an ASK over the built-in graph; `doc:` names the built-in document's resources.
pub fn ask(query: &str) -> bool {
    use policykg::sparql::QuerySource;
    match kg().run(&with_doc(query)).expect("the query runs") {
        policykg::sparql::Results::Boolean(b) => b,
        _ => panic!("not an ASK query"),
    }
}
