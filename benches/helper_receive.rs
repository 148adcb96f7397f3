//! Issue 5, receive side by side: BIRD 2 sends N IPv4 routes (a `static` protocol, generated)
//! to the speaker under test, whose helper (a Python program subscribed to `receive { parsed;
//! update; }` and `neighbor-changes`, which `json.loads` every line and counts the announced
//! routes) reports when it has read the last one. The time runs from the helper's `up` event to
//! its reading the N-th route. ferrobgp and ExaBGP 5.0 get the same BIRD table, helper and
//! interpreter, in one run. ExaBGP is given up after `BENCH_EXABGP_LIMIT` seconds (default
//! 300) and its partial rate reported.
//!
//! A measurement, not a timed test. Run it with:
//!
//! ```text
//! cargo test --release --bench helper_receive -- --ignored --nocapture
//! ```
//!
//! `BENCH_ROUTES` (default 1000000) chooses N; `BENCH_SKIP_EXABGP=1` runs ferrobgp alone and
//! `BENCH_FERROBGP_LOG_LEVEL` sets its `log-level` (default `info`, which logs every received
//! route).

#[path = "../tests/daemon_support/mod.rs"]
mod daemon_support;

mod bench_support;

use std::time::{Duration, Instant};

use bench_support::speaker::{Kind, Peering, RECEIVE_HELPER, SESSION_LIMIT};
use bench_support::{
    bird_static_protocol, bird_table_count, from_environment, machine, megabytes, peak_resident,
    poll_until,
};
use daemon_support::bird::Bird;
use daemon_support::{Scratch, free_port};

/// BIRD at 127.20.2.1 (AS 65020), ferrobgp at .2 and ExaBGP at .3 (AS 65021).
const PEERING: Peering = Peering {
    network: "127.20.2",
    bird_as: 65020,
    speaker_as: 65021,
};

struct Outcome {
    kind: Kind,
    routes: u64,
    /// Seconds from the helper's `up` to its last progress report, and the routes by then.
    elapsed: Option<f64>,
    received: u64,
    finished: bool,
    limit: Duration,
    peak_resident: u64,
}

/// The helper's report: up, now, count, finished.
fn report(path: &std::path::Path) -> Option<(Option<f64>, f64, u64, bool)> {
    let text = std::fs::read_to_string(path).ok()?;
    let words: Vec<&str> = text.split_whitespace().collect();
    let [up, now, count, finished] = words.as_slice() else {
        return None;
    };
    Some((
        up.parse::<f64>().ok(),
        now.parse().ok()?,
        count.parse().ok()?,
        *finished == "1",
    ))
}

fn run(kind: Kind, routes: u32, limit: Duration) -> Outcome {
    let scratch = Scratch::new("bench-receive");
    let bird_port = free_port(&PEERING.bird_address());
    let started = Instant::now();
    let bird = Bird::start(
        &scratch.path,
        &PEERING.bird_config(
            kind,
            bird_port,
            "import none; export all;",
            &bird_static_protocol(routes),
        ),
    );
    let (loaded, count) = poll_until(
        Duration::from_secs(300),
        Duration::from_millis(200),
        u64::from(routes),
        || bird_table_count(&bird),
    );
    assert!(
        loaded.is_some(),
        "BIRD loaded {count} of {routes} static routes"
    );
    println!(
        "BIRD: {routes} static routes in its table after {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let (running, result) = PEERING.start_speaker(
        kind,
        &scratch,
        bird_port,
        ("receive", RECEIVE_HELPER),
        u64::from(routes),
        true,
    );
    let (up, _) = poll_until(SESSION_LIMIT, Duration::from_millis(50), 1, || {
        report(&result).map(|(up, ..)| u64::from(up.is_some()))
    });
    assert!(
        up.is_some(),
        "{}: the helper never saw the session up; log:\n{}",
        kind.name(),
        running.tail()
    );
    poll_until(limit, Duration::from_millis(100), 1, || {
        report(&result).map(|(.., finished)| u64::from(finished))
    });
    let peak = peak_resident(running.id());
    let (up, now, received, finished) = report(&result).expect("the helper's report");
    Outcome {
        kind,
        routes: u64::from(routes),
        elapsed: up.map(|up| now - up),
        received,
        finished,
        limit,
        peak_resident: peak,
    }
}

fn print(outcomes: &[Outcome]) {
    println!("| daemon | N | helper read the N-th route | routes/s | peak RSS of the daemon |");
    println!("|---|---|---|---|---|");
    for outcome in outcomes {
        let elapsed = outcome.elapsed.unwrap_or(0.0);
        let time = if outcome.finished {
            format!("{elapsed:.2} s")
        } else {
            format!(
                "did not finish: {} of {} read {elapsed:.0} s after up (limit {} s)",
                outcome.received,
                outcome.routes,
                outcome.limit.as_secs()
            )
        };
        let rate = if elapsed > 0.0 {
            format!("{:.0}/s", outcome.received as f64 / elapsed)
        } else {
            "—".to_owned()
        };
        println!(
            "| {} | {} | {time} | {rate} | {} |",
            outcome.kind.name(),
            outcome.routes,
            megabytes(outcome.peak_resident),
        );
    }
    let rate = |kind: Kind| {
        outcomes
            .iter()
            .find(|outcome| outcome.kind == kind)
            .and_then(|outcome| {
                outcome
                    .elapsed
                    .filter(|elapsed| *elapsed > 0.0)
                    .map(|elapsed| outcome.received as f64 / elapsed)
            })
    };
    if let (Some(ours), Some(theirs)) = (rate(Kind::Ferrobgp), rate(Kind::ExaBgp)) {
        println!(
            "ratio of rates: ferrobgp {:.1}× ExaBGP (ExaBGP's partial rate if it did not finish)",
            ours / theirs
        );
    }
}

#[test]
#[ignore = "a measurement: run with --ignored --nocapture in release mode"]
fn receive_routes_into_a_helper() {
    let routes = u32::try_from(from_environment("BENCH_ROUTES", 1_000_000)).expect("routes");
    let exabgp_limit = Duration::from_secs(from_environment("BENCH_EXABGP_LIMIT", 300));
    println!("machine: {}", machine());
    let ours = run(Kind::Ferrobgp, routes, Duration::from_secs(300));
    println!("machine: {}", machine());
    if std::env::var("BENCH_SKIP_EXABGP").is_ok_and(|value| value == "1") {
        print(&[ours]);
        return;
    }
    let theirs = run(Kind::ExaBgp, routes, exabgp_limit);
    println!("machine: {}", machine());
    print(&[ours, theirs]);
}
