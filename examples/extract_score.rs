//! Prints how `policykg extract` scores against the curated graph of the built-in article, as a
//! Markdown table: `cargo run --example extract_score`. The method is described in
//! `tests/extract_score.rs`, which this example shares with the test suite.

#[allow(dead_code)]
#[path = "../tests/extract_score.rs"]
mod extract_score;

fn main() {
    if std::env::args().any(|a| a == "--json") {
        // The scored extraction itself, as `extract --format json` would give it.
        let (x, _) = extract_score::scored_extraction();
        let file = policykg::extract::quads::SourceFile { name: "scored.txt".into(), encoding: "UTF-8", bytes: 0 };
        println!("{}", serde_json::to_string_pretty(&policykg::extract::summary(&x, &file)).unwrap());
        return;
    }
    print!("{}", extract_score::scores().table());
}
