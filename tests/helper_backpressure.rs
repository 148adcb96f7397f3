//! Per-peer back-pressure through the real daemon: one `ferrobgp run` with three speakers on
//! 127.18.0.1 ("hub"), 127.18.0.2 ("left") and 127.18.0.3 ("right"). The hub's helper
//! "slow" hears left's UPDATEs but reads nothing until the test opens its gate; its helper
//! "fast" hears right's UPDATEs. Left floods 30,000 routes (one UPDATE each): far more than
//! the slow helper's pipe and event budget. While the slow helper is stuck, right's 2,000
//! routes must all reach the fast helper (with the old whole-speaker pause they never
//! would); then the slow helper reads and must count every one of left's 30,000 routes, and
//! no session went down (hold time 6 s, so KEEPALIVEs kept flowing while reads were held).

mod daemon_support;

use std::collections::HashSet;
use std::time::Duration;

use daemon_support::{Daemon, Scratch, ctl, free_port, wait_until_reporting};
use nix::sys::signal::Signal;

const LEFT_ROUTES: usize = 30_000;
const RIGHT_ROUTES: usize = 2_000;
/// Generous bound for each wait on a loaded machine.
const LONG_WAIT: Duration = Duration::from_secs(90);

/// Announces `count` /32s under `prefix` (distinct MEDs: one UPDATE each) once `gate`
/// exists, then stays.
const FLOODER: &str = r#"
import os, sys, time
gate, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
while gate != "-" and not os.path.exists(gate):
    time.sleep(0.05)
for index in range(count):
    sys.stdout.write("announce route %s.%d.%d/32 next-hop self med %d\n"
                     % (prefix, index // 256, index % 256, index + 1))
sys.stdout.flush()
time.sleep(600)
"#;

/// Copies its stdin to a file, but reads nothing before `gate` exists.
const GATED_RECORDER: &str = r#"
import os, sys, time
gate, path = sys.argv[1], sys.argv[2]
while gate != "-" and not os.path.exists(gate):
    time.sleep(0.05)
out = open(path, "a", buffering=1)
for line in sys.stdin:
    out.write(line)
"#;

/// The /32s announced under `prefix` in the recorded UPDATEs, and how many there were in
/// all (duplicates included).
fn announced(path: &std::path::Path, prefix: &str) -> (HashSet<String>, usize) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut seen = HashSet::new();
    let mut total = 0;
    for line in text.lines() {
        let Ok(event) = serde_json::from_str::<serde_json::Value>(line) else {
            eprintln!("unparsable line in {}: {line:?}", path.display());
            continue;
        };
        if event["type"] != "update" {
            continue;
        }
        let announce = &event["neighbor"]["message"]["update"]["announce"]["ipv4 unicast"];
        for routes in announce
            .as_object()
            .into_iter()
            .flat_map(|hops| hops.values())
        {
            for route in routes.as_array().into_iter().flatten() {
                if let Some(nlri) = route["nlri"].as_str()
                    && nlri.starts_with(prefix)
                {
                    seen.insert(nlri.to_owned());
                    total += 1;
                }
            }
        }
    }
    (seen, total)
}

/// Waits for `check` at most `LONG_WAIT`, with the daemon's log in the panic message.
fn wait_until<T>(what: &str, daemon: &Daemon, check: impl FnMut() -> Option<T>) -> T {
    wait_until_reporting(what, LONG_WAIT, check, || {
        format!("log:\n{}", daemon.lines().join("\n"))
    })
}

fn neighbor(address: &str, peer_as: u32, local: &str, port: u16, extra: &str) -> String {
    format!(
        r#"neighbor "{address}" {{
    peer-as {peer_as}
    local-address "{local}"
    connect-port {port}
    hold-time 6
    family {{ ipv4 "unicast" }}
    {extra}
}}
"#
    )
}

#[test]
fn a_slow_helper_holds_only_its_own_peers_and_loses_nothing() {
    let scratch = Scratch::new("helper-backpressure");
    let python = "/usr/bin/python3";
    let flooder = scratch.write("flooder.py", FLOODER);
    let recorder = scratch.write("recorder.py", GATED_RECORDER);
    let slow_gate = scratch.file("slow-gate").display().to_string();
    let right_gate = scratch.file("right-gate").display().to_string();
    let slow_file = scratch.file("slow.json");
    let fast_file = scratch.file("fast.json");
    let ports = [
        free_port("127.18.0.1"),
        free_port("127.18.0.2"),
        free_port("127.18.0.3"),
    ];
    let pipe = scratch.file("hub").display().to_string();
    let updates = "api { processes \"%s\"; neighbor-changes; receive { parsed; update; } }";
    let hub = scratch.write(
        "hub.kdl",
        &format!(
            "router-id \"192.0.2.1\"\nlocal-as 65001\nlisten \"127.18.0.1\" port={}\n\
             control-fifo \"{pipe}\"\n\
             process \"slow\" {{ run \"{python}\" \"{recorder}\" \"{slow_gate}\" \"{}\" }}\n\
             process \"fast\" {{ run \"{python}\" \"{recorder}\" \"-\" \"{}\" }}\n{}{}",
            ports[0],
            slow_file.display(),
            fast_file.display(),
            neighbor(
                "127.18.0.2",
                65002,
                "127.18.0.1",
                ports[1],
                &updates.replace("%s", "slow")
            ),
            neighbor(
                "127.18.0.3",
                65003,
                "127.18.0.1",
                ports[2],
                &updates.replace("%s", "fast")
            ),
        ),
    );
    let side = |name: &str, index: usize, gate: &str, prefix: &str, count: usize| {
        let address = format!("127.18.0.{}", index + 1);
        scratch.write(
            &format!("{name}.kdl"),
            &format!(
                "router-id \"192.0.2.{}\"\nlocal-as {}\nlisten \"{address}\" port={}\n\
                 process \"flood\" {{ run \"{python}\" \"{flooder}\" \"{gate}\" \"{prefix}\" \"{count}\" }}\n{}",
                index + 1,
                65001 + index,
                ports[index],
                neighbor(
                    "127.18.0.1",
                    65001,
                    &address,
                    ports[0],
                    "passive\n    api { processes \"flood\" }"
                ),
            ),
        )
    };
    let left = side("left", 1, "-", "10.2", LEFT_ROUTES);
    let right = side("right", 2, &right_gate, "10.3", RIGHT_ROUTES);
    let mut daemon = Daemon::start(
        "backpressure",
        &["run", &hub, &left, &right],
        &[("FERROBGP_LOG", "info,ferrobgp::daemon::hub=debug")],
    );
    daemon.wait_for(&["speaker{name=hub}", "neighbor 127.18.0.2 up"]);
    daemon.wait_for(&["speaker{name=hub}", "neighbor 127.18.0.3 up"]);

    // Left's flood fills the slow helper: its peer is held.
    daemon.wait_for(&["helper slow: reads its events slower than they come"]);

    // Right floods now: every route reaches the fast helper while "slow" reads nothing.
    std::fs::write(&right_gate, "").expect("gate");
    let (fast, fast_total) = wait_until("right's routes at the fast helper", &daemon, || {
        let (seen, total) = announced(&fast_file, "10.3.");
        (seen.len() >= RIGHT_ROUTES).then_some((seen, total))
    });
    assert_eq!((fast.len(), fast_total), (RIGHT_ROUTES, RIGHT_ROUTES));
    assert!(
        !slow_file.exists(),
        "the slow helper was still stuck while right's routes flowed"
    );

    // The slow helper reads: every one of left's routes arrives, once.
    std::fs::write(&slow_gate, "").expect("gate");
    let (slow, slow_total) = wait_until("left's routes at the slow helper", &daemon, || {
        let (seen, total) = announced(&slow_file, "10.2.");
        (seen.len() >= LEFT_ROUTES).then_some((seen, total))
    });
    assert_eq!((slow.len(), slow_total), (LEFT_ROUTES, LEFT_ROUTES));

    // No session went down, and both are established.
    let downs: Vec<String> = daemon
        .lines()
        .into_iter()
        .filter(|line| line.contains(" down: "))
        .collect();
    assert!(downs.is_empty(), "sessions went down: {downs:?}");
    let summary = ctl(&pipe, &["show", "neighbor", "summary"]);
    assert_eq!(
        summary.matches("established").count(),
        2,
        "both sessions up: {summary}"
    );

    daemon.signal(Signal::SIGTERM);
    let status = daemon.wait_exit();
    assert_eq!(status.code(), Some(0));
}
