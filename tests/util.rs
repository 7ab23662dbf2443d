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

/// The answer of an ASK over the built-in graph.
pub fn ask(query: &str) -> bool {
    use policykg::sparql::QuerySource;
    match kg().run(query).expect("the query runs") {
        policykg::sparql::Results::Boolean(b) => b,
        _ => panic!("not an ASK query"),
    }
}
