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
