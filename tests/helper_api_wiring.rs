//! The helper API wired into `ferrobgp run`: two speakers in one process on 127.0.0.61 and
//! 127.0.0.62 (free ports). On the first, a python helper announces a route with
//! `next-hop self med 7`, then writes a bad line, and records its acks; a second helper that
//! never reads its stdin announces 10,000 routes. On the second speaker, a helper records
//! every event (ExaBGP 5.0 JSON). The control FIFO answers `show neighbor summary` and
//! announces a route. Every wait is bounded.

mod daemon_support;

use std::time::{Duration, Instant};

use daemon_support::{Daemon, Scratch, WAIT, free_port};
use nix::sys::signal::Signal;

const ANNOUNCER: &str = r#"
import sys
out = open(sys.argv[1], "a", buffering=1)
sys.stdout.write("announce route 10.99.0.0/24 next-hop self med 7\n")
sys.stdout.flush()
out.write(sys.stdin.readline())
sys.stdout.write("this is not a command\n")
sys.stdout.flush()
out.write(sys.stdin.readline())
for line in sys.stdin:
    pass
"#;

const FLOODER: &str = r#"
import sys, time
time.sleep(1)
for index in range(10000):
    sys.stdout.write("announce route 10.100.%d.%d/32 next-hop self\n" % (index // 256, index % 256))
sys.stdout.flush()
time.sleep(60)
"#;

const RECORDER: &str = r#"
import sys
out = open(sys.argv[1], "a", buffering=1)
for line in sys.stdin:
    out.write(line)
"#;

/// The recorded JSON lines of the receiving helper.
fn recorded(scratch: &Scratch) -> Vec<serde_json::Value> {
    std::fs::read_to_string(scratch.file("events.json"))
        .unwrap_or_default()
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}

/// The IPv4 unicast prefixes announced in the recorded UPDATEs.
fn announced(events: &[serde_json::Value]) -> Vec<(String, serde_json::Value)> {
    let mut prefixes = Vec::new();
    for event in events {
        if event["type"] != "update" {
            continue;
        }
        let message = &event["neighbor"]["message"]["update"];
        let Some(next_hops) = message["announce"]["ipv4 unicast"].as_object() else {
            continue;
        };
        for (next_hop, routes) in next_hops {
            for route in routes.as_array().into_iter().flatten() {
                if let Some(prefix) = route["nlri"].as_str() {
                    prefixes.push((
                        prefix.to_owned(),
                        serde_json::json!({
                            "next-hop": next_hop,
                            "attribute": message["attribute"].clone(),
                            "event": event.clone(),
                        }),
                    ));
                }
            }
        }
    }
    prefixes
}

fn wait_until<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(Instant::now() < deadline, "{what}: not within {WAIT:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn ctl(pipe: &str, words: &[&str]) -> (bool, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ferrobgp"))
        .args(["ctl", "--pipe", pipe, "--timeout", "10"])
        .args(words)
        .output()
        .expect("ferrobgp ctl");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn helpers_announce_receive_and_the_control_fifo_works() {
    let scratch = Scratch::new("helper-api");
    let python = "/usr/bin/python3";
    let announcer = scratch.write("announcer.py", ANNOUNCER);
    let flooder = scratch.write("flooder.py", FLOODER);
    let recorder = scratch.write("recorder.py", RECORDER);
    let acks = scratch.file("acks.txt").display().to_string();
    let events = scratch.file("events.json").display().to_string();
    let first_port = free_port("127.0.0.61");
    let second_port = free_port("127.0.0.62");
    let first_pipe = scratch.file("first").display().to_string();
    let second_pipe = scratch.file("second").display().to_string();
    let first = scratch.write(
        "first.kdl",
        &format!(
            r#"
router-id "192.0.2.61"
local-as 65061
listen "127.0.0.61" port={first_port}
control-fifo "{first_pipe}"
process "announcer" {{ run "{python}" "{announcer}" "{acks}" }}
process "flooder" {{ run "{python}" "{flooder}" }}
neighbor "127.0.0.62" {{
    peer-as 65062
    local-address "127.0.0.61"
    connect-port {second_port}
    family {{ ipv4 "unicast" }}
    api {{ processes "announcer" "flooder" }}
}}
"#
        ),
    );
    let second = scratch.write(
        "second.kdl",
        &format!(
            r#"
router-id "192.0.2.62"
local-as 65062
listen "127.0.0.62" port={second_port}
control-fifo "{second_pipe}"
process "recorder" {{ run "{python}" "{recorder}" "{events}" }}
neighbor "127.0.0.61" {{
    peer-as 65061
    local-address "127.0.0.62"
    connect-port {first_port}
    passive
    family {{ ipv4 "unicast" }}
    api {{
        processes "recorder"
        neighbor-changes
        receive {{ parsed; update; }}
    }}
}}
"#
        ),
    );
    let mut daemon = Daemon::start("helper-api", &["run", &first, &second], &[]);
    daemon.wait_for(&["speaker{name=first}", "neighbor 127.0.0.62 up"]);

    // The announcer's acks: `done` for the route, `error` for the bad line.
    let acknowledged = wait_until("two acks", || {
        let text = std::fs::read_to_string(&acks).unwrap_or_default();
        (text.lines().count() >= 2).then_some(text)
    });
    assert_eq!(acknowledged, "done\nerror\n");

    // The route reaches the other side's helper as ExaBGP 5.0 JSON.
    let route = wait_until("10.99.0.0/24 at the recorder", || {
        announced(&recorded(&scratch))
            .into_iter()
            .find(|(prefix, _)| prefix == "10.99.0.0/24")
            .map(|(_, route)| route)
    });
    assert_eq!(route["next-hop"], "127.0.0.61");
    assert_eq!(route["attribute"]["med"], 7);
    assert_eq!(route["attribute"]["origin"], "igp");
    assert_eq!(
        route["attribute"]["as-path"]["0"],
        serde_json::json!({ "element": "as-sequence", "value": [65061] })
    );
    assert_eq!(route["event"]["exabgp"], "5.0.0");
    assert_eq!(route["event"]["neighbor"]["address"]["peer"], "127.0.0.61");
    assert_eq!(route["event"]["neighbor"]["direction"], "receive");
    assert!(route["event"]["counter"].as_u64().is_some());
    let states: Vec<serde_json::Value> = recorded(&scratch)
        .into_iter()
        .filter(|event| event["type"] == "state")
        .map(|event| event["neighbor"]["state"].clone())
        .collect();
    assert!(states.contains(&serde_json::json!("up")), "{states:?}");

    // The control FIFO.
    let (worked, summary) = ctl(&first_pipe, &["show", "neighbor", "summary"]);
    assert!(worked, "{summary}");
    assert!(summary.contains("127.0.0.62"), "{summary}");
    assert!(summary.contains("65062"), "{summary}");
    assert!(summary.contains("established"), "{summary}");
    let (worked, version) = ctl(&first_pipe, &["version"]);
    assert!(worked && version.contains("ferrobgp "), "{version}");
    let (worked, answer) = ctl(
        &first_pipe,
        &["announce", "route", "10.98.0.0/24", "next-hop", "self"],
    );
    assert!(worked, "{answer}");
    // A reload of the same file changes nothing (the route just announced stays).
    let (worked, answer) = ctl(&first_pipe, &["reload"]);
    assert!(
        worked && answer.contains("configuration reloaded (ctl reload)"),
        "{answer}"
    );
    wait_until("10.98.0.0/24 at the recorder", || {
        announced(&recorded(&scratch))
            .iter()
            .any(|(prefix, _)| prefix == "10.98.0.0/24")
            .then_some(())
    });

    // The helper that never reads its stdin: all 10,000 routes arrive.
    let count = wait_until("10,000 flooded routes", || {
        let count = announced(&recorded(&scratch))
            .iter()
            .filter(|(prefix, _)| prefix.starts_with("10.100."))
            .count();
        (count >= 10_000).then_some(count)
    });
    assert_eq!(count, 10_000);

    daemon.signal(Signal::SIGTERM);
    daemon.wait_for(&["helper recorder: stopped"]);
    let status = daemon.wait_exit();
    assert_eq!(status.code(), Some(0));
}
