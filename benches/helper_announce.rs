//! Issue 5, announce side by side: a helper program writes N `announce route 10.x.y.z/32
//! next-hop self` lines, one route per line, as users' helpers do; the time is measured from
//! the moment the helper starts writing (it waits for the session's `up` event) until BIRD 2
//! holds all N routes (`birdc show protocols all`, polled). Under ferrobgp and under ExaBGP
//! 5.0 with the same helper, the same interpreter and the same BIRD configuration, in one run.
//! ExaBGP is given up after `BENCH_EXABGP_LIMIT` seconds (default 300) and reported as "did
//! not finish", with the routes it had delivered by then.
//!
//! A measurement, not a timed test. Run it with:
//!
//! ```text
//! cargo test --release --bench helper_announce -- --ignored --nocapture
//! ```
//!
//! `BENCH_SIZES` (default `10000,100000,1000000`) chooses the sizes; `BENCH_SKIP_EXABGP=1`
//! runs ferrobgp alone.

#[path = "../tests/daemon_support/mod.rs"]
mod daemon_support;

mod bench_support;

use std::time::Duration;

use bench_support::bird_flood::{FLOOD_HELPER, imported};
use bench_support::speaker::{Kind, Peering, SESSION_LIMIT};
use bench_support::{
    from_environment, machine, megabytes, peak_resident, poll_until, rate, unix_seconds,
};
use daemon_support::bird::Bird;
use daemon_support::{Scratch, free_port};

/// BIRD at 127.20.1.1 (AS 65010), ferrobgp at .2 and ExaBGP at .3 (AS 65011).
const PEERING: Peering = Peering {
    network: "127.20.1",
    bird_as: 65010,
    speaker_as: 65011,
};

struct Outcome {
    kind: Kind,
    routes: u64,
    /// The helper's start of writing to its last line written (pipe drained by the daemon).
    written: Option<f64>,
    /// The helper's start of writing to all N routes in BIRD.
    in_bird: Option<f64>,
    /// Routes in BIRD when it finished or was given up.
    reached: u64,
    limit: Duration,
    peak_resident: u64,
}

fn read_times(path: &std::path::Path) -> Option<Vec<f64>> {
    let text = std::fs::read_to_string(path).ok()?;
    text.split_whitespace()
        .map(|word| word.parse::<f64>().ok())
        .collect()
}

fn run(kind: Kind, routes: u64, limit: Duration) -> Outcome {
    let scratch = Scratch::new("bench-announce");
    let bird_port = free_port(&PEERING.bird_address());
    let bird = Bird::start(
        &scratch.path,
        &PEERING.bird_config(kind, bird_port, "import all; export none;", ""),
    );
    bird.wait_for_output("show status", &["BIRD 2"]);
    let (running, result) = PEERING.start_speaker(
        kind,
        &scratch,
        bird_port,
        ("announce", FLOOD_HELPER),
        routes,
        false,
    );
    // The helper writes its start time once the session is up and it has written every line.
    // Meanwhile poll BIRD: the clock starts when the helper starts writing, which the result
    // file gives afterwards.
    let (established, _) = poll_until(SESSION_LIMIT, Duration::from_millis(50), 1, || {
        Some(u64::from(
            bird.birdc("show protocols speaker").contains("Established"),
        ))
    });
    assert!(
        established.is_some(),
        "{}: no session with BIRD within {SESSION_LIMIT:?}; log:\n{}",
        kind.name(),
        running.tail()
    );
    let (in_bird_at, reached) = poll_until(limit, Duration::from_millis(100), routes, || {
        imported(&bird, "speaker")
    });
    let seen = unix_seconds();
    let in_bird_at = in_bird_at.map(|_| seen);
    let times = read_times(&result);
    let peak = peak_resident(running.id());
    if times.is_none() && reached == 0 {
        panic!(
            "{}: the helper never started writing; log:\n{}",
            kind.name(),
            running.tail()
        );
    }
    let (started, written) = match times.as_deref() {
        Some([started, written]) => (Some(*started), Some(*written)),
        _ => (None, None),
    };
    Outcome {
        kind,
        routes,
        written: started.zip(written).map(|(start, end)| end - start),
        in_bird: started.zip(in_bird_at).map(|(start, end)| end - start),
        reached,
        limit,
        peak_resident: peak,
    }
}

fn print(outcomes: &[Outcome]) {
    println!(
        "| daemon | N | helper's lines all read | all N in BIRD | routes/s | peak RSS of the daemon |"
    );
    println!("|---|---|---|---|---|---|");
    for outcome in outcomes {
        let in_bird = match outcome.in_bird {
            Some(seconds) => format!("{seconds:.2} s"),
            None => format!(
                "did not finish: {} of {} in BIRD after {} s",
                outcome.reached,
                outcome.routes,
                outcome.limit.as_secs()
            ),
        };
        let routes_per_second = match outcome.in_bird {
            Some(seconds) => rate(outcome.routes, Some(Duration::from_secs_f64(seconds))),
            None => format!(
                "≤ {:.0}/s",
                outcome.reached as f64 / outcome.limit.as_secs_f64()
            ),
        };
        println!(
            "| {} | {} | {} | {} | {} | {} |",
            outcome.kind.name(),
            outcome.routes,
            outcome
                .written
                .map_or("—".to_owned(), |seconds| format!("{seconds:.2} s")),
            in_bird,
            routes_per_second,
            megabytes(outcome.peak_resident),
        );
    }
    for routes in [100_000, 10_000] {
        let time = |kind: Kind| {
            outcomes
                .iter()
                .find(|outcome| outcome.kind == kind && outcome.routes == routes)
                .and_then(|outcome| outcome.in_bird)
        };
        if let (Some(ours), Some(theirs)) = (time(Kind::Ferrobgp), time(Kind::ExaBgp)) {
            println!(
                "ratio at {routes}: ferrobgp is {:.1}× ExaBGP's rate",
                theirs / ours
            );
        }
    }
}

#[test]
#[ignore = "a measurement: run with --ignored --nocapture in release mode"]
fn announce_lines_into_bird() {
    let sizes: Vec<u64> = std::env::var("BENCH_SIZES")
        .unwrap_or_else(|_| "10000,100000,1000000".to_owned())
        .split(',')
        .filter_map(|word| word.trim().replace('_', "").parse().ok())
        .collect();
    let exabgp_limit = Duration::from_secs(from_environment("BENCH_EXABGP_LIMIT", 300));
    println!("machine: {}", machine());
    let mut outcomes = Vec::new();
    let mut exabgp_gave_up = false;
    for &routes in &sizes {
        println!("--- {routes} routes ---");
        outcomes.push(run(Kind::Ferrobgp, routes, Duration::from_secs(300)));
        if std::env::var("BENCH_SKIP_EXABGP").is_ok_and(|value| value == "1") {
            continue;
        }
        if exabgp_gave_up {
            println!("ExaBGP: not tried at {routes}, it did not finish a smaller size");
            continue;
        }
        let outcome = run(Kind::ExaBgp, routes, exabgp_limit);
        exabgp_gave_up = outcome.in_bird.is_none();
        outcomes.push(outcome);
        println!("machine: {}", machine());
    }
    print(&outcomes);
}
