//! A two-way helper for the interop tests, usable by ferrobgp and by ExaBGP alike (they speak
//! the same helper API): a small Python program that appends every line it reads on stdin
//! (ExaBGP JSON events, and the `done`/`error` acks) to an events file, and relays every line
//! the test appends to a commands file onto its stdout, so the test can make the helper issue
//! `announce …` commands at any time (not only at start-up).
//!
//! [`routes`] folds the recorded UPDATEs into the routes currently announced, keyed by family
//! and route text, so a test checks what the receiver holds, attribute by attribute.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The helper program: stdin to the events file, the commands file to stdout.
const SCRIPT: &str = r#"
import sys, threading, time
events = open(sys.argv[1], "a", buffering=1)
commands_path = sys.argv[2]

def forward():
    offset = 0
    pending = b""
    while True:
        try:
            with open(commands_path, "rb") as commands:
                commands.seek(offset)
                data = commands.read()
        except FileNotFoundError:
            data = b""
        offset += len(data)
        pending += data
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            sys.stdout.write(line.decode() + "\n")
            sys.stdout.flush()
        time.sleep(0.05)

threading.Thread(target=forward, daemon=True).start()
for line in sys.stdin:
    events.write(line)
"#;

/// The Python interpreter that runs the helper (Debian's; ExaBGP needs it too).
pub const PYTHON: &str = "/usr/bin/python3";

/// One relay helper: its script, events file and commands file in a test's directory.
pub struct RelayHelper {
    script: PathBuf,
    events: PathBuf,
    commands: PathBuf,
}

impl RelayHelper {
    /// Writes the helper's script into `directory`; `name` tells several recorders apart.
    pub fn new(directory: &Path, name: &str) -> RelayHelper {
        assert!(
            Path::new(PYTHON).is_file(),
            "{PYTHON} is missing: run scripts/install-test-tools"
        );
        let script = directory.join(format!("{name}.py"));
        std::fs::write(&script, SCRIPT).expect("recorder script");
        RelayHelper {
            script,
            events: directory.join(format!("{name}.events")),
            commands: directory.join(format!("{name}.commands")),
        }
    }

    /// The helper's argv: interpreter, script, events file, commands file.
    pub fn argv(&self) -> [String; 4] {
        [
            PYTHON.to_owned(),
            self.script.display().to_string(),
            self.events.display().to_string(),
            self.commands.display().to_string(),
        ]
    }

    /// Makes the helper write `command` on its stdout (within about 50 ms).
    pub fn send(&self, command: &str) {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.commands)
            .expect("commands file");
        file.write_all(format!("{command}\n").as_bytes())
            .expect("write command");
    }

    /// Every line the helper received (JSON events and acks).
    pub fn lines(&self) -> Vec<String> {
        std::fs::read_to_string(&self.events)
            .unwrap_or_default()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    /// The JSON events received so far, in order.
    pub fn events(&self) -> Vec<Value> {
        self.lines()
            .iter()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect()
    }

    /// Polls the events until `check` returns something, for at most `timeout`; panics with
    /// `what` and the events otherwise.
    pub fn wait<T>(
        &self,
        what: &str,
        timeout: Duration,
        check: impl Fn(&[Value]) -> Option<T>,
    ) -> T {
        let deadline = Instant::now() + timeout;
        loop {
            let events = self.events();
            if let Some(found) = check(&events) {
                return found;
            }
            assert!(
                Instant::now() < deadline,
                "the recording helper never saw {what} within {timeout:?}; it received:\n{}",
                self.lines().join("\n")
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// One announced route as a receiver holds it.
#[derive(Debug, Clone)]
pub struct Route {
    /// The route object of the JSON (`{ "nlri": …, "path-information": … }` or a flow).
    pub route: Value,
    /// The next hop it was announced with (`no-nexthop` for flows).
    pub next_hop: String,
    /// The UPDATE's attributes.
    pub attribute: Value,
}

/// The key of a route object: its flow text, else its prefix and path identifier.
fn route_key(route: &Value) -> String {
    if let Some(text) = route["string"].as_str() {
        return text.to_owned();
    }
    let prefix = route["nlri"]
        .as_str()
        .or_else(|| route.as_str())
        .unwrap_or("?");
    match route["path-information"].as_str() {
        Some(path) => format!("{prefix} path-information {path}"),
        None => prefix.to_owned(),
    }
}

/// The routes held after the recorded UPDATEs of `direction` ("receive" or "send"), keyed by
/// `"FAMILY KEY"` (for example `"ipv4 unicast 10.0.0.0/24 path-information 0.0.0.1"`). A
/// session going down clears them, as it clears the receiver's Adj-RIB-In.
pub fn routes(events: &[Value], direction: &str) -> BTreeMap<String, Route> {
    let mut held = BTreeMap::new();
    for event in events {
        if event["type"] == "state" && event["neighbor"]["state"] == "down" {
            held.clear();
        }
        if event["type"] != "update" || event["neighbor"]["direction"] != direction {
            continue;
        }
        let update = &event["neighbor"]["message"]["update"];
        if let Some(families) = update["withdraw"].as_object() {
            for (family, routes) in families {
                for route in routes.as_array().into_iter().flatten() {
                    held.remove(&format!("{family} {}", route_key(route)));
                }
            }
        }
        if let Some(families) = update["announce"].as_object() {
            for (family, next_hops) in families {
                for (next_hop, routes) in next_hops.as_object().into_iter().flatten() {
                    for route in routes.as_array().into_iter().flatten() {
                        held.insert(
                            format!("{family} {}", route_key(route)),
                            Route {
                                route: route.clone(),
                                next_hop: next_hop.clone(),
                                attribute: update["attribute"].clone(),
                            },
                        );
                    }
                }
            }
        }
    }
    held
}

/// How many UPDATEs of `direction` announced the route `key` (as in [`routes`]).
pub fn announcements(events: &[Value], direction: &str, key: &str) -> usize {
    events
        .iter()
        .filter(|event| {
            event["type"] == "update"
                && event["neighbor"]["direction"] == direction
                && event["neighbor"]["message"]["update"]["announce"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .any(|(family, next_hops)| {
                        next_hops
                            .as_object()
                            .into_iter()
                            .flatten()
                            .flat_map(|(_, routes)| routes.as_array().into_iter().flatten())
                            .any(|route| format!("{family} {}", route_key(route)) == key)
                    })
        })
        .count()
}

/// The AS numbers of an ExaBGP 5.0 `as-path` attribute, all segments in order.
pub fn as_path(attribute: &Value) -> Vec<u64> {
    let path = &attribute["as-path"];
    if let Some(list) = path.as_array() {
        return list.iter().filter_map(Value::as_u64).collect();
    }
    let mut segments: Vec<(u64, &Value)> = path
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(index, segment)| Some((index.parse().ok()?, segment)))
        .collect();
    segments.sort_by_key(|(index, _)| *index);
    segments
        .iter()
        .flat_map(|(_, segment)| segment["value"].as_array().into_iter().flatten())
        .filter_map(Value::as_u64)
        .collect()
}
