//! Every query in `examples/queries/` runs, and where a `.tsv` of expected rows stands beside it —
//! written by reading the article and the catalogue, not by running the query — the rows match.

use std::path::Path;

use policykg::source::Source;
use policykg::sparql::{self, QuerySource, Results};

/// Rows as tab-separated lexical values, sorted, with the header of projected variables first.
fn run(kg: &(impl QuerySource + ?Sized), query: &str) -> Vec<String> {
    let Results::Solutions { variables, rows } = kg.run(query).unwrap() else {
        panic!("example queries are SELECTs");
    };
    let vars: Vec<String> = variables.iter().map(|v| v.as_str().to_string()).collect();
    let mut lines: Vec<String> =
        rows.map(|row| row.unwrap().iter().map(sparql::value).collect::<Vec<_>>().join("\t")).collect();
    lines.sort();
    lines.insert(0, vars.join("\t"));
    lines
}

#[test]
fn every_example_query_gives_the_rows_a_reader_expects() {
    let failures = check(&Source::builtin().unwrap(), false);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Runs every example query on `kg` and gives what differs from the expected rows, one message a
/// query; used on the built-in graph here and on a remote server in `virtuoso.rs`. With `distinct`,
/// repeated rows count once, on both sides.
pub fn check(kg: &(impl QuerySource + ?Sized), distinct: bool) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/queries");
    let mut queries: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    queries.retain(|p| p.extension().is_some_and(|e| e == "rq"));
    queries.sort();
    assert!(queries.len() >= 12, "{} example queries", queries.len());
    let mut failures = Vec::new();
    for path in &queries {
        let query = std::fs::read_to_string(path).unwrap();
        assert!(query.starts_with('#'), "{} opens with a comment saying what it asks", path.display());
        let mut got = run(kg, &query);
        if distinct {
            got.dedup();
        }
        assert!(got.len() > 1, "{} gives no rows", path.display());
        let expected_path = path.with_extension("tsv");
        let Ok(expected) = std::fs::read_to_string(&expected_path) else {
            failures.push(format!("{} has no expected rows; it gives:\n{}", path.display(), got.join("\n")));
            continue;
        };
        let mut expected: Vec<String> = expected.lines().map(str::to_string).collect();
        let header = expected.remove(0);
        expected.sort();
        if distinct {
            expected.dedup();
        }
        expected.insert(0, header);
        if got != expected {
            failures.push(format!("{}:\nexpected\n{}\ngot\n{}", path.display(), expected.join("\n"), got.join("\n")));
        }
    }
    failures
}
