//! Shared by the side-by-side benchmarks (issues 4 and 5): a minimal receiving BGP peer built
//! from `ferrobgp::wire` (the collector), the machine's state for the record, peak RSS from
//! /proc, ExaBGP as a child process, BIRD configurations and bounded polls of BIRD.
//!
//! Measurement code only: every wait is bounded by a deadline, every child is killed on drop.

#![allow(dead_code)]

pub use crate::daemon_support::bird_flood;
pub mod collector;
pub mod exabgp;
pub use crate::daemon_support::exabgp_peer::exabgp_program;
pub mod speaker;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::daemon_support::bird::Bird;

/// The Python interpreter that runs the benchmark helpers (the same one for both daemons).
pub fn python() -> PathBuf {
    for candidate in ["/usr/bin/python3", "/usr/local/bin/python3"] {
        if Path::new(candidate).is_file() {
            return PathBuf::from(candidate);
        }
    }
    panic!("python3 is not installed: the benchmark helpers are Python programs");
}

/// `nproc`, the load average and the date, for the result tables.
pub fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load: Vec<&str> = load.split_whitespace().take(3).collect();
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with("MemTotal:"))
                .map(|line| line.split_whitespace().nth(1).unwrap_or("0").to_owned())
        })
        .and_then(|kilobytes| kilobytes.parse::<u64>().ok())
        .unwrap_or(0);
    format!(
        "nproc {cores}, load average {}, {:.1} GiB, unix time {}",
        load.join(" "),
        memory as f64 / 1024.0 / 1024.0,
        unix_seconds() as u64
    )
}

/// Seconds since the epoch, as Python's `time.time()` gives them to the helpers.
pub fn unix_seconds() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |elapsed| elapsed.as_secs_f64())
}

/// A `VmXXX:` field of /proc/PID/status, in bytes.
pub fn status_bytes(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with(field))
                .and_then(|line| line.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kilobytes| kilobytes * 1024)
}

/// Peak resident set (VmHWM) of a process, in bytes.
pub fn peak_resident(pid: u32) -> u64 {
    status_bytes(pid, "VmHWM:")
}

/// The i-th IPv4 /24 from 32.0.0.0: 32.0.0.0/24, 32.0.1.0/24, … (i < 2^22, so the routes
/// stay clear of 10/8 and 127/8).
pub fn slash24(index: u32) -> String {
    let address = std::net::Ipv4Addr::from((32u32 << 24) + (index << 8));
    format!("{address}/24")
}

/// The i-th IPv4 /32 from 10.0.0.0 (i < 2^24), as the announce helpers write them.
pub fn host_route(index: u32) -> String {
    let address = std::net::Ipv4Addr::from((10u32 << 24) + index);
    format!("{address}/32")
}

/// A BIRD static protocol holding `routes` /24 blackhole routes (`slash24`), to export.
pub fn bird_static_protocol(routes: u32) -> String {
    let mut text = String::with_capacity(routes as usize * 40 + 64);
    text.push_str("protocol static table_source {\n  ipv4;\n");
    for index in 0..routes {
        text.push_str("  route ");
        text.push_str(&slash24(index));
        text.push_str(" blackhole;\n");
    }
    text.push_str("}\n");
    text
}

/// A number from the line of `text` that contains `label`: the first word that parses.
fn number_on_line(text: &str, label: &str) -> Option<u64> {
    text.lines()
        .find(|line| line.contains(label))
        .and_then(|line| {
            line.split_whitespace()
                .find_map(|word| word.trim_end_matches(',').parse::<u64>().ok())
        })
}

/// How many routes the master4 table holds (`show route count`).
pub fn bird_table_count(bird: &Bird) -> Option<u64> {
    number_on_line(&bird.birdc("show route count"), "routes for")
}

/// Polls `probe` every `interval` until it returns at least `wanted`, or `limit` passes.
/// Returns when it was first seen (or `None`) and the last value seen.
pub fn poll_until(
    limit: Duration,
    interval: Duration,
    wanted: u64,
    mut probe: impl FnMut() -> Option<u64>,
) -> (Option<Instant>, u64) {
    let deadline = Instant::now() + limit;
    let mut last = 0;
    loop {
        if let Some(value) = probe() {
            last = value;
            if value >= wanted {
                return (Some(Instant::now()), value);
            }
        }
        if Instant::now() >= deadline {
            return (None, last);
        }
        std::thread::sleep(interval);
    }
}

/// Seconds, or "—".
pub fn seconds(value: Option<Duration>) -> String {
    value.map_or("—".to_owned(), |value| {
        format!("{:.2} s", value.as_secs_f64())
    })
}

/// Routes per second, or "—".
pub fn rate(routes: u64, elapsed: Option<Duration>) -> String {
    match elapsed {
        Some(elapsed) if elapsed.as_secs_f64() > 0.0 => {
            format!("{:.0}/s", routes as f64 / elapsed.as_secs_f64())
        }
        _ => "—".to_owned(),
    }
}

/// Megabytes, for RSS.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// A positive integer from the environment, else `default` (sizes of the benchmarks).
pub fn from_environment(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.replace('_', "").parse::<u64>().ok())
        .filter(|value| *value > 0)
        .unwrap_or(default)
}
