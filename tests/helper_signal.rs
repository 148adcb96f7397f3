//! Signals reported to helpers, through the real daemon and real signals: a speaker on
//! 127.18.2.1 with two neighbors (no session is needed: ExaBGP reports to every peer) and a
//! JSON helper subscribed with `signal` on one of them; a text helper subscribed too gets
//! nothing (ExaBGP's text encoder has no signal line). SIGUSR1 and SIGALRM leave the daemon
//! running; SIGTERM is reported before the helpers are stopped.

mod daemon_support;

use std::time::{Duration, Instant};

use daemon_support::{Daemon, Scratch, free_port};
use nix::sys::signal::Signal;

const RECORDER: &str = r#"
import sys
out = open(sys.argv[1], "a", buffering=1)
for line in sys.stdin:
    out.write(line)
"#;

fn recorded(path: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .filter(|event: &serde_json::Value| event["type"] == "signal")
        .collect()
}

fn wait_for_signals(
    daemon: &Daemon,
    path: &std::path::Path,
    count: usize,
) -> Vec<serde_json::Value> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let signals = recorded(path);
        if signals.len() >= count {
            return signals;
        }
        assert!(
            Instant::now() < deadline,
            "{count} signal lines not recorded: {signals:?}; log:\n{}",
            daemon.lines().join("\n")
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn signals_reach_the_subscribed_helpers_as_exabgp_json() {
    let scratch = Scratch::new("helper-signal");
    let python = "/usr/bin/python3";
    let recorder = scratch.write("recorder.py", RECORDER);
    let json = scratch.file("json.txt");
    let text = scratch.file("text.txt");
    let port = free_port("127.18.2.1");
    let config = scratch.write(
        "signals.kdl",
        &format!(
            r#"
router-id "192.0.2.21"
local-as 65021
listen "127.18.2.1" port={port}
process "watcher" {{ run "{python}" "{recorder}" "{}" }}
process "texter" {{ run "{python}" "{recorder}" "{}"; encoder "text" }}
neighbor "127.18.2.2" {{
    peer-as 65022
    local-address "127.18.2.1"
    passive
    api {{ processes "watcher" "texter"; signal; }}
}}
neighbor "127.18.2.3" {{ peer-as 65023; local-address "127.18.2.1"; passive }}
"#,
            json.display(),
            text.display()
        ),
    );
    let mut daemon = Daemon::start("signal", &["run", &config], &[]);
    daemon.wait_for(&["helper watcher: running"]);
    daemon.wait_for(&["helper texter: running"]);

    daemon.signal(Signal::SIGUSR1);
    let signals = wait_for_signals(&daemon, &json, 1);
    let first = &signals[0];
    assert_eq!(first["exabgp"], "5.0.0");
    assert_eq!(first["neighbor"]["code"], "10");
    assert_eq!(first["neighbor"]["name"], "SIGUSR1");
    assert_eq!(first["neighbor"]["address"]["peer"], "127.18.2.2");
    assert_eq!(first["neighbor"]["address"]["local"], "127.18.2.1");
    assert_eq!(first["neighbor"]["asn"]["peer"], 65022);
    assert!(first["counter"].as_u64().is_some(), "{first}");
    daemon.wait_for(&["SIGUSR1 received"]);

    daemon.signal(Signal::SIGALRM);
    let signals = wait_for_signals(&daemon, &json, 2);
    assert_eq!(signals[1]["neighbor"]["name"], "SIGALRM");
    assert_eq!(signals[1]["neighbor"]["code"], "14");
    daemon.wait_for(&["SIGALRM received: restarting every session"]);

    daemon.signal(Signal::SIGTERM);
    let status = daemon.wait_exit();
    assert_eq!(status.code(), Some(0));
    let signals = recorded(&json);
    let names: Vec<&str> = signals
        .iter()
        .filter_map(|signal| signal["neighbor"]["name"].as_str())
        .collect();
    assert_eq!(
        names,
        vec!["SIGUSR1", "SIGALRM", "SIGTERM"],
        "one line per signal, one neighbor"
    );
    assert_eq!(signals[2]["neighbor"]["code"], "15");
    let text_lines = std::fs::read_to_string(&text).unwrap_or_default();
    assert!(
        !text_lines.contains("SIG"),
        "the text helper gets no signal line: {text_lines:?}"
    );
}
