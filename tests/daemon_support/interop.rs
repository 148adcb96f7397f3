//! What the interop tests (tests/interop_*.rs) share besides the peers' wrappers: a real
//! helper program (a small Python script run as a `process`) that appends every event it
//! reads, ExaBGP JSON, to a file and, once, writes a command when it sees a given text; and
//! the reading of that file (the routes it saw, with their attributes and path identifiers).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::Scratch;

/// The helper: `seen.py LOG [TRIGGER COMMAND]`. ExaBGP's API contract: events arrive one
/// JSON object per line on stdin; commands go on stdout, one per line, flushed.
const SEEN_HELPER: &str = r#"import sys
log = open(sys.argv[1], "a", buffering=1)
trigger = sys.argv[2] if len(sys.argv) > 3 else None
command = sys.argv[3] if len(sys.argv) > 3 else None
for line in sys.stdin:
    log.write(line)
    if trigger is not None and trigger in line:
        trigger = None
        sys.stdout.write(command + "\n")
        sys.stdout.flush()
"#;

/// The Python interpreter that runs the helper.
pub fn python() -> &'static str {
    let python = "/usr/bin/python3";
    assert!(
        Path::new(python).is_file(),
        "{python} is not installed: run scripts/install-test-tools (Debian package python3-venv)"
    );
    python
}

/// Writes the helper into `scratch`; returns the KDL `process` node that runs it (named
/// `seen`), logging to `scratch`/seen.log and, when `trigger` is given, writing `command`
/// the first time an event contains `trigger`.
pub fn seen_helper(scratch: &Scratch, trigger: Option<(&str, &str)>) -> String {
    let script = scratch.write("seen.py", SEEN_HELPER);
    let log = scratch.file("seen.log").display().to_string();
    let mut arguments = format!("{:?} {script:?} {log:?}", python());
    if let Some((trigger, command)) = trigger {
        arguments.push_str(&format!(" {trigger:?} {command:?}"));
    }
    format!("process \"seen\" {{\n    run {arguments}\n}}\n")
}

/// One announced route as the helper saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub family: String,
    pub next_hop: String,
    pub path_id: Option<String>,
    /// The update's `attribute` object.
    pub attributes: Value,
}

impl Seen {
    /// The AS path as a list of numbers (every segment, in order).
    pub fn as_path(&self) -> Vec<u64> {
        let mut path = Vec::new();
        if let Some(segments) = self.attributes.get("as-path").and_then(Value::as_object) {
            for segment in segments.values() {
                if let Some(numbers) = segment.get("value").and_then(Value::as_array) {
                    path.extend(numbers.iter().filter_map(Value::as_u64));
                }
            }
        }
        path
    }

    pub fn number(&self, attribute: &str) -> Option<u64> {
        self.attributes.get(attribute).and_then(Value::as_u64)
    }

    /// `community` / `large-community` as lists of numbers.
    pub fn lists(&self, attribute: &str) -> Vec<Vec<u64>> {
        self.attributes
            .get(attribute)
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .map(|item| {
                        item.as_array()
                            .map(|numbers| numbers.iter().filter_map(Value::as_u64).collect())
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The helper's log.
pub struct SeenLog {
    pub path: PathBuf,
}

impl SeenLog {
    pub fn new(scratch: &Scratch) -> SeenLog {
        SeenLog {
            path: scratch.file("seen.log"),
        }
    }

    pub fn text(&self) -> String {
        std::fs::read_to_string(&self.path).unwrap_or_default()
    }

    /// Every announcement of `prefix` the helper saw, in order.
    pub fn announcements(&self, prefix: &str) -> Vec<Seen> {
        let mut found = Vec::new();
        for line in self.text().lines() {
            let Ok(event) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            let Some(update) = event.pointer("/neighbor/message/update") else {
                continue;
            };
            let attributes = update.get("attribute").cloned().unwrap_or(Value::Null);
            let Some(families) = update.get("announce").and_then(Value::as_object) else {
                continue;
            };
            for (family, next_hops) in families {
                let Some(next_hops) = next_hops.as_object() else {
                    continue;
                };
                for (next_hop, routes) in next_hops {
                    for route in routes.as_array().into_iter().flatten() {
                        if route.get("nlri").and_then(Value::as_str) == Some(prefix) {
                            found.push(Seen {
                                family: family.clone(),
                                next_hop: next_hop.clone(),
                                path_id: route
                                    .get("path-information")
                                    .and_then(Value::as_str)
                                    .map(str::to_owned),
                                attributes: attributes.clone(),
                            });
                        }
                    }
                }
            }
        }
        found
    }

    /// Waits (60 s at most) until the helper saw `prefix` announced at least `count` times.
    pub fn wait_for(&self, prefix: &str, count: usize) -> Vec<Seen> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let found = self.announcements(prefix);
            if found.len() >= count {
                return found;
            }
            assert!(
                Instant::now() < deadline,
                "the helper saw {prefix} {} times, not {count}; its log:\n{}",
                found.len(),
                self.text()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// A second `ferrobgp` speaker (AS 65113, at `address`, connecting to `peer`) announcing
/// `route`: gives the peer a second path for one of its own prefixes, for ADD-PATH.
pub fn start_second_speaker(
    scratch: &Scratch,
    label: &str,
    address: &str,
    peer: (&str, u32, u16),
    route: &str,
) -> super::Daemon {
    let (peer_address, peer_as, peer_port) = peer;
    let port = super::free_port(address);
    let config = scratch.write(
        "second.kdl",
        &format!(
            r#"router-id "{address}"
local-as 65113
listen "{address}" port={port}
control-fifo #false
neighbor "{peer_address}" {{
    peer-as {peer_as}
    local-address "{address}"
    connect-port {peer_port}
    family {{ ipv4 unicast; }}
    announce {{ route "{route}"; }}
}}
"#
        ),
    );
    super::Daemon::start(label, &["run", &config], &[])
}

/// Checks that `seen` holds two paths for one prefix, with distinct path identifiers and
/// the AS paths `expected` (in any order).
pub fn assert_two_paths(seen: &[Seen], mut expected: Vec<Vec<u64>>) {
    let mut identifiers: Vec<Option<String>> =
        seen.iter().map(|route| route.path_id.clone()).collect();
    identifiers.sort();
    identifiers.dedup();
    assert_eq!(identifiers.len(), 2, "{seen:#?}");
    assert!(identifiers.iter().all(Option::is_some), "{seen:#?}");
    let mut paths: Vec<Vec<u64>> = seen.iter().map(Seen::as_path).collect();
    paths.sort();
    paths.dedup();
    expected.sort();
    assert_eq!(paths, expected, "{seen:#?}");
}

/// Polls `done` (every 200 ms, 60 s at most); panics with `what()` if it never holds.
pub fn wait_until(mut done: impl FnMut() -> bool, what: impl Fn() -> String) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "{}", what());
        std::thread::sleep(Duration::from_millis(200));
    }
}
