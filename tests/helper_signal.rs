//! Signals reported to helpers, through the real daemon and real signals: a speaker on
//! 127.18.2.1 with two neighbors (no session is needed: ExaBGP reports to every peer) and a
//! JSON helper subscribed with `signal` on one of them; a text helper subscribed too gets
//! nothing (ExaBGP's text encoder has no signal line). SIGUSR1 and SIGALRM leave the daemon
//! running; SIGTERM is reported before the helpers are stopped.

mod daemon_support;

use std::time::Duration;

use daemon_support::relay_helper::RelayHelper;
use daemon_support::{Daemon, Scratch, free_port};
use nix::sys::signal::Signal;

/// Waits until `watcher` recorded at least `count` signal lines; returns them.
fn wait_for_signals(watcher: &RelayHelper, count: usize) -> Vec<serde_json::Value> {
    watcher.wait(
        &format!("{count} signal lines"),
        Duration::from_secs(60),
        |events| {
            let signals: Vec<serde_json::Value> = events
                .iter()
                .filter(|event| event["type"] == "signal")
                .cloned()
                .collect();
            (signals.len() >= count).then_some(signals)
        },
    )
}

#[test]
fn signals_reach_the_subscribed_helpers_as_exabgp_json() {
    let scratch = Scratch::new("helper-signal");
    let port = free_port("127.18.2.1");
    let watcher = RelayHelper::new(&scratch.path, "watcher");
    let texter = RelayHelper::new(&scratch.path, "texter");
    let processes = watcher.process_node("watcher")
        + &texter.process_node_with("texter", &["encoder \"text\""]);
    let config = scratch.write(
        "signals.kdl",
        &format!(
            r#"
router-id "192.0.2.21"
local-as 65021
listen "127.18.2.1" port={port}
{processes}
neighbor "127.18.2.2" {{
    peer-as 65022
    local-address "127.18.2.1"
    passive
    api {{ processes "watcher" "texter"; signal; }}
}}
neighbor "127.18.2.3" {{ peer-as 65023; local-address "127.18.2.1"; passive }}
"#
        ),
    );
    let mut daemon = Daemon::start("signal", &["run", &config], &[]);
    daemon.wait_for(&["helper watcher: running"]);
    daemon.wait_for(&["helper texter: running"]);

    daemon.signal(Signal::SIGUSR1);
    let signals = wait_for_signals(&watcher, 1);
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
    let signals = wait_for_signals(&watcher, 2);
    assert_eq!(signals[1]["neighbor"]["name"], "SIGALRM");
    assert_eq!(signals[1]["neighbor"]["code"], "14");
    daemon.wait_for(&["SIGALRM received: restarting every session"]);

    daemon.signal(Signal::SIGTERM);
    let status = daemon.wait_exit();
    assert_eq!(status.code(), Some(0));
    let signals = watcher.events_of("signal");
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
    let text_lines = texter.lines().join("\n");
    assert!(
        !text_lines.contains("SIG"),
        "the text helper gets no signal line: {text_lines:?}"
    );
}
