//! The helper API wired into `ferrobgp run`: two speakers in one process on 127.0.0.61 and
//! 127.0.0.62 (free ports). On the first, a python helper announces a route with
//! `next-hop self med 7`, then writes a bad line, and records its acks; a second helper that
//! never reads its stdin announces 10,000 routes. On the second speaker, a helper records
//! every event (ExaBGP 5.0 JSON). The control FIFO answers `show neighbor summary` and
//! announces a route. Every wait is bounded.

mod daemon_support;

use daemon_support::relay_helper::{PYTHON, RelayHelper};
use daemon_support::{Daemon, Scratch, WAIT, ctl, free_port, wait_until};
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

#[test]
fn helpers_announce_receive_and_the_control_fifo_works() {
    let scratch = Scratch::new("helper-api");
    let python = PYTHON;
    let announcer = scratch.write("announcer.py", ANNOUNCER);
    let flooder = scratch.write("flooder.py", FLOODER);
    let recorder = RelayHelper::new(&scratch.path, "recorder");
    let recorder_process = recorder.process_node("recorder");
    let acks = scratch.file("acks.txt").display().to_string();
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
{recorder_process}
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
    let acknowledged = wait_until("two acks", WAIT, || {
        let text = std::fs::read_to_string(&acks).unwrap_or_default();
        (text.lines().count() >= 2).then_some(text)
    });
    assert_eq!(acknowledged, "done\nerror\n");

    // The route reaches the other side's helper as ExaBGP 5.0 JSON.
    let route = recorder.wait("10.99.0.0/24", WAIT, |events| {
        announced(events)
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
    let states: Vec<serde_json::Value> = recorder
        .events_of("state")
        .into_iter()
        .map(|event| event["neighbor"]["state"].clone())
        .collect();
    assert!(states.contains(&serde_json::json!("up")), "{states:?}");

    // The control FIFO.
    let summary = ctl(&first_pipe, &["show", "neighbor", "summary"]);
    assert!(summary.contains("127.0.0.62"), "{summary}");
    assert!(summary.contains("65062"), "{summary}");
    assert!(summary.contains("established"), "{summary}");
    let version = ctl(&first_pipe, &["version"]);
    assert!(version.contains("ferrobgp "), "{version}");
    ctl(
        &first_pipe,
        &["announce", "route", "10.98.0.0/24", "next-hop", "self"],
    );
    // A reload of the same file changes nothing (the route just announced stays).
    let answer = ctl(&first_pipe, &["reload"]);
    assert!(
        answer.contains("configuration reloaded (ctl reload)"),
        "{answer}"
    );
    recorder.wait("10.98.0.0/24", WAIT, |events| {
        announced(events)
            .iter()
            .any(|(prefix, _)| prefix == "10.98.0.0/24")
            .then_some(())
    });

    // The helper that never reads its stdin: all 10,000 routes arrive.
    let count = recorder.wait("10,000 flooded routes", WAIT, |events| {
        let count = announced(events)
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
