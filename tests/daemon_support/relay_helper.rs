//! The one recording helper of the daemon and interop tests, usable by ferrobgp and by ExaBGP
//! alike (they speak the same helper API): a small Python program that appends every line it
//! reads on stdin (ExaBGP JSON events, and the `done`/`error` acks) to an events file, and
//! relays every line the test appends to a commands file onto its stdout, so the test can make
//! the helper issue `announce …` commands at any time (not only at start-up; a test that needs
//! a command once some event arrived waits for the event, then [`RelayHelper::send`]s it).
//!
//! The recorded UPDATEs are read in one place: [`announced`] lists every route announced, in
//! order (with its family, next hop, attributes and peer), and [`routes`] folds the UPDATEs
//! into the routes currently held, keyed by family and route text, so a test checks what the
//! receiver holds, attribute by attribute.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use super::wait_until_reporting;

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
    name: String,
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
            name: name.to_owned(),
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

    /// The KDL `process` node that runs this helper under `name` (for ferrobgp's config).
    pub fn process_node(&self, name: &str) -> String {
        self.process_node_with(name, &[])
    }

    /// [`RelayHelper::process_node`] with more `lines` in the node (`encoder "text"`).
    pub fn process_node_with(&self, name: &str, lines: &[&str]) -> String {
        let run: Vec<String> = self.argv().iter().map(|word| format!("{word:?}")).collect();
        let mut node = format!("process {name:?} {{\n    run {}\n", run.join(" "));
        for line in lines {
            node.push_str(&format!("    {line}\n"));
        }
        node + "}\n"
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

    /// The JSON events of `kind` ("update", "refresh", "state", …), in order.
    pub fn events_of(&self, kind: &str) -> Vec<Value> {
        self.events()
            .into_iter()
            .filter(|event| event["type"] == kind)
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
        wait_until_reporting(
            &format!("the recording helper {} seeing {what}", self.name),
            timeout,
            || check(&self.events()),
            || format!("it received:\n{}", self.lines().join("\n")),
        )
    }

    /// Waits until the helper holds the received route `key` (as in [`routes`]); returns it.
    pub fn wait_for_route(&self, key: &str, timeout: Duration) -> Route {
        self.wait(&format!("received route {key}"), timeout, |events| {
            routes(events, "receive").remove(key)
        })
    }

    /// How many announcements of the route `key` (as in [`routes`]) the helper received so
    /// far.
    pub fn announcement_count(&self, key: &str) -> usize {
        announcements(&self.events(), "receive", key)
    }

    /// Waits until the helper received more than `before` announcements of the route `key`
    /// (it was sent again); `what` names the occasion.
    pub fn wait_for_more_announcements(
        &self,
        what: &str,
        key: &str,
        before: usize,
        timeout: Duration,
    ) {
        self.wait(what, timeout, |events| {
            (announcements(events, "receive", key) > before).then_some(())
        });
    }

    /// Waits until the helper received at least `count` announcements of the prefix `nlri`
    /// (any family, any peer); returns all of them, in order.
    pub fn wait_for_announced(&self, nlri: &str, count: usize, timeout: Duration) -> Vec<Route> {
        self.wait(
            &format!("{count} announcement(s) of {nlri}"),
            timeout,
            |events| {
                let found: Vec<Route> = announced(events, "receive")
                    .into_iter()
                    .filter(|route| route.nlri() == Some(nlri))
                    .collect();
                (found.len() >= count).then_some(found)
            },
        )
    }
}

/// One announced route as a receiver holds it.
#[derive(Debug, Clone)]
pub struct Route {
    /// The address of the peer that sent it (`neighbor.address.peer`).
    pub peer: String,
    /// Its family, as ExaBGP names it ("ipv4 unicast", "ipv6 flow", …).
    pub family: String,
    /// The route object of the JSON (`{ "nlri": …, "path-information": … }` or a flow).
    pub route: Value,
    /// The next hop it was announced with (`no-nexthop` for flows).
    pub next_hop: String,
    /// The UPDATE's attributes.
    pub attribute: Value,
}

impl Route {
    /// Its key in [`routes`]: `"FAMILY KEY"`.
    pub fn key(&self) -> String {
        format!("{} {}", self.family, route_key(&self.route))
    }

    /// Its prefix (unicast routes).
    pub fn nlri(&self) -> Option<&str> {
        self.route["nlri"].as_str().or_else(|| self.route.as_str())
    }

    /// Its ADD-PATH path identifier, when it has one.
    pub fn path_information(&self) -> Option<&str> {
        self.route["path-information"].as_str()
    }

    /// The AS numbers of its AS path, all segments in order.
    pub fn as_path(&self) -> Vec<u64> {
        as_path(&self.attribute)
    }

    /// A numeric attribute (`med`, `local-preference`).
    pub fn number(&self, attribute: &str) -> Option<u64> {
        self.attribute[attribute].as_u64()
    }

    /// `community` / `large-community` as lists of numbers.
    pub fn lists(&self, attribute: &str) -> Vec<Vec<u64>> {
        self.attribute[attribute]
            .as_array()
            .into_iter()
            .flatten()
            .map(|item| {
                item.as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_u64)
                    .collect()
            })
            .collect()
    }
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

/// The UPDATE events of `direction` ("receive" or "send") and the session-down events, in
/// order: what [`announced`] and [`routes`] walk.
fn updates<'a>(events: &'a [Value], direction: &'a str) -> impl Iterator<Item = &'a Value> {
    events.iter().filter(move |event| {
        (event["type"] == "state" && event["neighbor"]["state"] == "down")
            || (event["type"] == "update" && event["neighbor"]["direction"] == direction)
    })
}

/// The routes announced by one UPDATE event, in order.
fn announced_by(event: &Value) -> Vec<Route> {
    let update = &event["neighbor"]["message"]["update"];
    let mut found = Vec::new();
    for (family, next_hops) in update["announce"].as_object().into_iter().flatten() {
        for (next_hop, routes) in next_hops.as_object().into_iter().flatten() {
            for route in routes.as_array().into_iter().flatten() {
                found.push(Route {
                    peer: event["neighbor"]["address"]["peer"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                    family: family.clone(),
                    route: route.clone(),
                    next_hop: next_hop.clone(),
                    attribute: update["attribute"].clone(),
                });
            }
        }
    }
    found
}

/// Every route announced in the recorded UPDATEs of `direction`, in order (a route announced
/// twice is listed twice).
pub fn announced(events: &[Value], direction: &str) -> Vec<Route> {
    updates(events, direction).flat_map(announced_by).collect()
}

/// The routes held after the recorded UPDATEs of `direction` ("receive" or "send"), keyed by
/// `"FAMILY KEY"` (for example `"ipv4 unicast 10.0.0.0/24 path-information 0.0.0.1"`). A
/// session going down clears them, as it clears the receiver's Adj-RIB-In.
pub fn routes(events: &[Value], direction: &str) -> BTreeMap<String, Route> {
    let mut held = BTreeMap::new();
    for event in updates(events, direction) {
        if event["type"] == "state" {
            held.clear();
            continue;
        }
        let update = &event["neighbor"]["message"]["update"];
        for (family, routes) in update["withdraw"].as_object().into_iter().flatten() {
            for route in routes.as_array().into_iter().flatten() {
                held.remove(&format!("{family} {}", route_key(route)));
            }
        }
        for route in announced_by(event) {
            held.insert(route.key(), route);
        }
    }
    held
}

/// How many times the recorded UPDATEs of `direction` announced the route `key` (as in
/// [`routes`]).
fn announcements(events: &[Value], direction: &str, key: &str) -> usize {
    announced(events, direction)
        .iter()
        .filter(|route| route.key() == key)
        .count()
}

/// Checks that `routes` hold two paths for one prefix, with distinct path identifiers and
/// the AS paths `expected` (in any order).
pub fn assert_two_paths(routes: &[Route], mut expected: Vec<Vec<u64>>) {
    let mut identifiers: Vec<Option<&str>> = routes.iter().map(Route::path_information).collect();
    identifiers.sort();
    identifiers.dedup();
    assert_eq!(identifiers.len(), 2, "{routes:#?}");
    assert!(identifiers.iter().all(Option::is_some), "{routes:#?}");
    let mut paths: Vec<Vec<u64>> = routes.iter().map(Route::as_path).collect();
    paths.sort();
    paths.dedup();
    expected.sort();
    assert_eq!(paths, expected, "{routes:#?}");
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
