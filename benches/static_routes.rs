//! Issue 4, side by side: 1M IPv4 static routes from the configuration to the wire. ferrobgp
//! (the real binary, `ferrobgp run`) and BIRD 2 (a `static` protocol with the same routes)
//! each send their table to the same receiver, a minimal BGP peer built from `ferrobgp::wire`
//! (`bench_support::collector`), in the same run. Measured: time from Established to the
//! End-of-RIB read by the receiver, daemon start to Established, and the sender's peak RSS
//! (VmHWM from /proc/PID/status) per route.
//!
//! A measurement, not a timed test. Run it with:
//!
//! ```text
//! cargo test --release --bench static_routes -- --ignored --nocapture
//! ```
//!
//! `BENCH_ROUTES` (default 1048576, a multiple of 256) and `BENCH_ROUNDS` (default 1) change
//! the size and the repetitions; `BENCH_SKIP_SPLIT=1`, `BENCH_SKIP_BIRD=1` and
//! `BENCH_SKIP_LINES=1` leave a sender out. Results go to docs/performance.md by hand.

#[path = "../tests/daemon_support/mod.rs"]
mod daemon_support;

mod bench_support;

use std::net::Ipv4Addr;
use std::time::{Duration, Instant};

use bench_support::collector::{Collected, Collector};
use bench_support::{
    bird_static_protocol, bird_table_count, from_environment, machine, megabytes, peak_resident,
    poll_until, rate, seconds, slash24, status_bytes,
};
use daemon_support::bird::Bird;
use daemon_support::{Daemon, Scratch, free_port};

const COLLECTOR: Ipv4Addr = Ipv4Addr::new(127, 20, 0, 1);
const FERROBGP_ADDRESS: &str = "127.20.0.2";
const BIRD_ADDRESS: &str = "127.20.0.3";
const COLLECTOR_AS: u32 = 65000;
/// The longest one sender may take from its start to its End-of-RIB.
const LIMIT: Duration = Duration::from_secs(300);

/// How the routes are written in ferrobgp's configuration.
#[derive(Clone, Copy, Debug)]
enum Layout {
    /// `route "32.0.0.0/8 next-hop self split /24"`: 65536 routes per entry (256 when the size
    /// is not a multiple of 65536).
    Split,
    /// One `route "32.0.0.0/24 next-hop self"` entry per route, as a generated file would be.
    OnePerLine,
}

struct Row {
    sender: String,
    routes: u64,
    start_to_established: Option<Duration>,
    collected: Collected,
    peak_resident: u64,
    /// VmRSS once the End-of-RIB was read (the table held, the load's transients gone).
    resident: u64,
}

fn ferrobgp_config(port: u16, routes: u32, layout: Layout) -> String {
    let mut announce = String::with_capacity(routes as usize * 48);
    match layout {
        Layout::Split => {
            let (chunk, length) = if routes.is_multiple_of(65536) {
                (65536, 8)
            } else {
                (256, 16)
            };
            for start in (0..routes).step_by(chunk) {
                let first = slash24(start);
                let address = first.trim_end_matches("/24");
                announce.push_str(&format!(
                    "        route \"{address}/{length} next-hop self split /24\"\n"
                ));
            }
        }
        Layout::OnePerLine => {
            for index in 0..routes {
                announce.push_str("        route \"");
                announce.push_str(&slash24(index));
                announce.push_str(" next-hop self\"\n");
            }
        }
    }
    format!(
        r#"router-id "{FERROBGP_ADDRESS}"
local-as 65002
listen #false
control-fifo #false
neighbor "{COLLECTOR}" {{
    peer-as {COLLECTOR_AS}
    local-address "{FERROBGP_ADDRESS}"
    connect-port {port}
    hold-time 240
    family {{ ipv4 unicast; }}
    announce {{
{announce}    }}
}}
"#
    )
}

fn run_ferrobgp(routes: u32, layout: Layout) -> Row {
    let scratch = Scratch::new("bench-static-ferrobgp");
    let collector = Collector::start(COLLECTOR, COLLECTOR_AS, LIMIT);
    let config = scratch.write(
        "ferrobgp.kdl",
        &ferrobgp_config(collector.port, routes, layout),
    );
    let started = Instant::now();
    let daemon = Daemon::start("ferrobgp", &["run", &config], &[]);
    let collected = collector
        .finish()
        .unwrap_or_else(|error| panic!("ferrobgp {layout:?}: {error}"));
    let peak = peak_resident(daemon.pid());
    let resident = status_bytes(daemon.pid(), "VmRSS:");
    drop(daemon);
    Row {
        sender: format!("ferrobgp ({layout:?})"),
        routes: u64::from(routes),
        start_to_established: Some(collected.established.duration_since(started)),
        collected,
        peak_resident: peak,
        resident,
    }
}

fn run_bird(routes: u32) -> Row {
    let scratch = Scratch::new("bench-static-bird");
    let collector = Collector::start(COLLECTOR, COLLECTOR_AS, LIMIT);
    let bird_port = free_port(BIRD_ADDRESS);
    let config = format!(
        r#"router id {BIRD_ADDRESS};
protocol device {{}}
{static_protocol}
protocol bgp collector {{
  local {BIRD_ADDRESS} port {bird_port} as 65003;
  neighbor {COLLECTOR} port {collector_port} as {COLLECTOR_AS};
  multihop;
  strict bind yes;
  hold time 240;
  connect delay time 1;
  disabled;
  ipv4 {{ import none; export all; }};
}}
"#,
        static_protocol = bird_static_protocol(routes),
        collector_port = collector.port,
    );
    let started = Instant::now();
    let bird = Bird::start(&scratch.path, &config);
    // The session starts only once the static routes are all in BIRD's table, as ferrobgp's
    // are in its Adj-RIB-Out before it connects.
    let (loaded, count) = poll_until(LIMIT, Duration::from_millis(200), u64::from(routes), || {
        bird_table_count(&bird)
    });
    let loaded = loaded
        .unwrap_or_else(|| panic!("BIRD loaded {count} of {routes} static routes in {LIMIT:?}"));
    println!(
        "BIRD: {routes} static routes in its table {:.2} s after start",
        loaded.duration_since(started).as_secs_f64()
    );
    bird.birdc("enable collector");
    let collected = collector
        .finish()
        .unwrap_or_else(|error| panic!("BIRD: {error}"));
    let peak = peak_resident(bird.pid());
    let resident = status_bytes(bird.pid(), "VmRSS:");
    Row {
        sender: "BIRD 2 (static)".to_owned(),
        routes: u64::from(routes),
        start_to_established: None,
        collected,
        peak_resident: peak,
        resident,
    }
}

/// ferrobgp's peak RSS with one static route, to subtract.
fn ferrobgp_baseline() -> u64 {
    run_ferrobgp(256, Layout::Split).peak_resident
}

fn print_rows(rows: &[Row], baseline: u64) {
    println!(
        "| sender | routes | start → Established | Established → End-of-RIB | routes/s | \
         first UPDATE after Established | UPDATEs | octets | peak RSS | RSS/route | \
         (RSS − baseline)/route | RSS after End-of-RIB |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for row in rows {
        let collected = &row.collected;
        let wire = collected.end_of_rib.duration_since(collected.established);
        let first = collected
            .first_update
            .map(|first| first.duration_since(collected.established));
        let marginal = if row.sender.starts_with("ferrobgp") {
            format!(
                "{:.0} B",
                row.peak_resident.saturating_sub(baseline) as f64 / row.routes as f64
            )
        } else {
            "—".to_owned()
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.0} B | {} | {} ({:.0} B/route) |",
            row.sender,
            collected.routes,
            seconds(row.start_to_established),
            seconds(Some(wire)),
            rate(collected.routes, Some(wire)),
            seconds(first),
            collected.updates,
            collected.octets,
            megabytes(row.peak_resident),
            row.peak_resident as f64 / row.routes as f64,
            marginal,
            megabytes(row.resident),
            row.resident as f64 / row.routes as f64,
        );
        assert_eq!(
            collected.routes, row.routes,
            "{}: the receiver got {} routes, {} were configured",
            row.sender, collected.routes, row.routes
        );
    }
}

/// Whether the environment variable `name` is `1` (leave that sender out).
fn skip(name: &str) -> bool {
    std::env::var(name).is_ok_and(|value| value == "1")
}

#[test]
#[ignore = "a measurement: run with --ignored --nocapture in release mode"]
fn static_routes_to_the_wire() {
    let routes = u32::try_from(from_environment("BENCH_ROUTES", 1_048_576)).expect("routes");
    assert!(
        routes.is_multiple_of(256),
        "BENCH_ROUTES must be a multiple of 256"
    );
    let rounds = from_environment("BENCH_ROUNDS", 1);
    println!("machine: {}", machine());
    let baseline = ferrobgp_baseline();
    println!(
        "ferrobgp baseline (256 static routes): peak RSS {}",
        megabytes(baseline)
    );
    let mut rows = Vec::new();
    for round in 1..=rounds {
        println!("--- round {round} of {rounds}: {routes} IPv4 /24 routes ---");
        if !skip("BENCH_SKIP_SPLIT") {
            rows.push(run_ferrobgp(routes, Layout::Split));
        }
        if !skip("BENCH_SKIP_BIRD") {
            rows.push(run_bird(routes));
        }
        if !skip("BENCH_SKIP_LINES") {
            rows.push(run_ferrobgp(routes, Layout::OnePerLine));
        }
        println!("machine after round {round}: {}", machine());
    }
    print_rows(&rows, baseline);
}
