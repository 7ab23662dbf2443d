//! Timings of each pipeline stage on the built-in data: `cargo bench`.
//!
//! A plain bench binary (no harness): each stage runs a fixed number of times and the minimum and
//! median wall-clock times are printed. Numbers depend on the machine; compare runs on one machine.

use std::hint::black_box;
use std::time::{Duration, Instant};

use policykg::analysis::Analyzer;
use policykg::analysis::connect::connect;
use policykg::source::Source;

fn measure(name: &str, runs: usize, mut f: impl FnMut()) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    println!("{name:<32} min {:>9.3} ms   median {:>9.3} ms   ({runs} runs)", ms(times[0]), ms(times[runs / 2]));
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let emendations = policykg::builtin::emendations();
    measure("text::clean", 50, || {
        black_box(policykg::text::clean(policykg::builtin::RAW_TEXT, &emendations));
    });
    let clean = policykg::text::clean(policykg::builtin::RAW_TEXT, &emendations);
    measure("parse data/*.toml", 20, || {
        use policykg::kg::annotations::{Annotations, Catalogue, parse};
        black_box(parse::<Catalogue>("data/entities.toml", policykg::builtin::ENTITIES).unwrap());
        black_box(parse::<Annotations>("data/measures.toml", policykg::builtin::MEASURES).unwrap());
    });
    measure("parse ontology", 20, || {
        black_box(policykg::kg::Ontology::builtin());
    });
    measure("kg::builtin_quads", 20, || {
        black_box(policykg::kg::builtin_quads(&clean).unwrap());
    });
    measure("Source::builtin", 20, || {
        black_box(Source::builtin().unwrap());
    });
    let analyzer = Analyzer::builtin().unwrap();
    measure("Projection::build", 20, || {
        black_box(policykg::analysis::graph::Projection::build(&analyzer.source).unwrap());
    });
    let (a, b) = (analyzer.resolver.resolve("赣州").unwrap(), analyzer.resolver.resolve("粤港澳大湾区").unwrap());
    measure("connect 赣州 粤港澳大湾区", 50, || {
        black_box(connect(&analyzer.source, &analyzer.projection, &a, &b).unwrap());
    });
    let (ga, gb) = (analyzer.node("赣州").unwrap(), analyzer.node("粤港澳大湾区").unwrap());
    measure("paths (max-len 4, limit 100)", 20, || {
        black_box(policykg::analysis::paths::paths(&analyzer.projection, ga, gb, 4, 100));
    });
    measure("rank by betweenness", 10, || {
        black_box(policykg::analysis::paths::rank(
            &analyzer.projection,
            policykg::analysis::paths::Centrality::Betweenness,
            None,
        ));
    });
}
