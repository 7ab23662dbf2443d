//! Load on `policykg serve`: `cargo bench --bench load [-- CONNECTIONS SECONDS]` (64 and 30 by
//! default). Starts the server (release build) on an ephemeral port with `--timeout 5`; each
//! connection is a thread with its own keep-alive HTTP client sending, in turn, `connect` requests
//! to the JSON API and the thirteen example SPARQL queries. One more connection sends a query that
//! never finishes in time, to show that a timed-out query does not stall the others (unless
//! POLICYKG_BENCH_NO_SLOW is set). Prints the
//! request count, errors (by status), throughput, p50/p99 latency by kind and the server's resident
//! memory (Linux `/proc`) every 5 seconds.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let connections: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(64);
    let seconds: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(30);

    let mut server = Command::new(env!("CARGO_BIN_EXE_policykg"))
        .args(["serve", "--bind", "127.0.0.1:0", "--timeout", "5"])
        .stderr(Stdio::piped())
        .spawn()
        .expect("policykg starts");
    let pid = server.id();
    let mut lines = BufReader::new(server.stderr.take().expect("stderr is piped")).lines();
    let base = loop {
        let line = lines.next().expect("the server says where it listens").expect("stderr is text");
        if let Some(rest) = line.split("serving at ").nth(1) {
            break rest.split('/').take(3).collect::<Vec<_>>().join("/");
        }
    };
    std::thread::spawn(move || lines.for_each(drop));

    let mut requests: Vec<(&str, String)> =
        [("赣州", "粤港澳大湾区"), ("南康", "深圳"), ("赣州", "广东"), ("赣南", "泛珠三角")]
            .iter()
            .map(|(a, b)| ("connect", format!("{base}/api/connect?a={}&b={}", encode(a), encode(b))))
            .collect();
    let mut files: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/queries"))
        .expect("examples/queries")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    files.sort();
    for file in files {
        let query = std::fs::read_to_string(&file).expect("a query file");
        requests.push(("sparql", format!("{base}/sparql?query={}", encode(&query))));
    }
    let requests = Arc::new(requests);

    let agent = || -> ureq::Agent { ureq::Agent::config_builder().http_status_as_error(false).build().into() };
    // Warm up: every request once.
    for (_, url) in requests.iter() {
        let _ = agent().get(url).call().map(|mut r| r.body_mut().read_to_vec());
    }
    let rss_start = rss_kib(pid);

    let stop = Arc::new(AtomicBool::new(false));
    let rss_max = Arc::new(AtomicU64::new(rss_start));
    let sampler = {
        let (stop, rss_max) = (Arc::clone(&stop), Arc::clone(&rss_max));
        std::thread::spawn(move || {
            let mut samples = Vec::new();
            let mut tick = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let rss = rss_kib(pid);
                rss_max.fetch_max(rss, Ordering::Relaxed);
                if tick.is_multiple_of(5) {
                    samples.push(rss / 1024);
                }
                tick += 1;
                std::thread::sleep(Duration::from_secs(1));
            }
            samples
        })
    };
    let slow = {
        let stop = Arc::clone(&stop);
        let url = format!(
            "{base}/sparql?query={}",
            encode("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?c ?e ?f . ?f ?h ?i . ?i ?k ?l }")
        );
        let client = agent();
        std::thread::spawn(move || {
            let mut answers = Vec::new();
            while !stop.load(Ordering::Relaxed) && std::env::var_os("POLICYKG_BENCH_NO_SLOW").is_none() {
                let started = Instant::now();
                let status = client.get(&url).call().map(|r| r.status().as_u16()).unwrap_or(0);
                answers.push((status, started.elapsed()));
            }
            answers
        })
    };

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let workers: Vec<_> = (0..connections)
        .map(|t| {
            let requests = Arc::clone(&requests);
            let client = agent();
            std::thread::spawn(move || {
                let mut timings: Vec<(&'static str, Duration, u16)> = Vec::new();
                let mut i = t;
                while Instant::now() < deadline {
                    let (kind, url) = &requests[i % requests.len()];
                    i += 1;
                    let begun = Instant::now();
                    // 0 for a failed connection or an unreadable body.
                    let status = match client.get(url).call() {
                        Ok(mut r) => {
                            if r.body_mut().read_to_vec().is_ok() {
                                r.status().as_u16()
                            } else {
                                0
                            }
                        }
                        Err(_) => 0,
                    };
                    timings.push((kind, begun.elapsed(), status));
                }
                timings
            })
        })
        .collect();
    let timings: Vec<(&str, Duration, u16)> = workers.into_iter().flat_map(|w| w.join().expect("a worker")).collect();
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let slow = slow.join().expect("the slow client");
    let samples = sampler.join().expect("the sampler");
    let rss_end = rss_kib(pid);
    let _ = server.kill();
    let _ = server.wait();

    let errors = timings.iter().filter(|t| t.2 != 200).count();
    let mut by_status = std::collections::BTreeMap::new();
    for t in timings.iter().filter(|t| t.2 != 200) {
        *by_status.entry(t.2).or_insert(0) += 1;
    }
    println!(
        "{connections} connections, {:.1} s: {} requests, {errors} errors {by_status:?}, {:.0} requests/s",
        elapsed.as_secs_f64(),
        timings.len(),
        timings.len() as f64 / elapsed.as_secs_f64()
    );
    for kind in ["connect", "sparql", "all"] {
        let mut d: Vec<Duration> = timings.iter().filter(|t| kind == "all" || t.0 == kind).map(|t| t.1).collect();
        d.sort();
        println!(
            "{kind:<8} {:>7} requests  p50 {:>8.1} ms  p99 {:>8.1} ms",
            d.len(),
            percentile(&d, 0.5),
            percentile(&d, 0.99)
        );
    }
    let mut slow_statuses = std::collections::BTreeMap::new();
    for (status, _) in &slow {
        *slow_statuses.entry(*status).or_insert(0) += 1;
    }
    let mut slow_times: Vec<Duration> = slow.iter().map(|(_, d)| *d).collect();
    slow_times.sort();
    println!(
        "slow query: {} sent, answered {slow_statuses:?} (status: count) after p50 {:.0} ms",
        slow.len(),
        percentile(&slow_times, 0.5)
    );
    println!(
        "server RSS: {} MiB after warm-up; every 5 s under load {samples:?} MiB; {} MiB peak, {} MiB at the end",
        rss_start / 1024,
        rss_max.load(Ordering::Relaxed) / 1024,
        rss_end / 1024
    );
}
