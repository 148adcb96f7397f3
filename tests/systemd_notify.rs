//! `ferrobgp run` under a real `NOTIFY_SOCKET` listener (a `UnixDatagram` in a temporary
//! directory), as systemd would run it with `Type=notify-reload` and `WatchdogSec=`.
//!
//! - READY=1 comes once the listeners accept connections (connected to right after), and
//!   never when a listener cannot be bound (the port is held busy: exit 1, no READY=1).
//! - STATUS= lines follow the sessions ("2/2 peers established").
//! - With WATCHDOG_USEC=200000, WATCHDOG=1 arrives repeatedly (every ~100 ms).
//! - SIGTERM: STOPPING=1, then a clean exit.

mod daemon_support;
mod systemd_support;

use std::net::TcpStream;
use std::time::Duration;

use daemon_support::{Daemon, Scratch, WAIT, free_port};
use nix::sys::signal::Signal;
use systemd_support::daemon::{NotifyListener, Speaker, write_speaker_pair};

const ACTIVE: &str = "127.0.0.61";
const PASSIVE: &str = "127.0.0.62";

/// A listener on `notify.sock` in `scratch`.
fn listen(scratch: &Scratch) -> NotifyListener {
    NotifyListener::bind(&scratch.file("notify.sock"), WAIT)
}

/// `ferrobgp ARGUMENTS` under `notify`, with a 200 ms watchdog (`WATCHDOG_USEC=200000`).
fn start_watched(name: &str, arguments: &[&str], notify: &NotifyListener) -> Daemon {
    Daemon::start(
        name,
        arguments,
        &[
            ("NOTIFY_SOCKET", notify.path.as_str()),
            ("WATCHDOG_USEC", "200000"),
        ],
    )
}

#[test]
fn ready_status_watchdog_and_stopping() {
    let scratch = Scratch::new("systemd-notify");
    let notify = listen(&scratch);
    let active_port = free_port(ACTIVE);
    let passive_port = free_port(PASSIVE);
    let (active, passive) = write_speaker_pair(
        &scratch.path,
        Speaker {
            address: ACTIVE,
            port: active_port,
            number: 61,
        },
        Speaker {
            address: PASSIVE,
            port: passive_port,
            number: 62,
        },
    );
    let mut daemon = start_watched("notify", &["run", &active, &passive], &notify);

    let ready = notify.wait_for("READY=1");
    // Listening at READY=1: both listeners accept a connection right away.
    for (address, port) in [(ACTIVE, active_port), (PASSIVE, passive_port)] {
        TcpStream::connect((address, port))
            .unwrap_or_else(|error| panic!("{address}:{port} after READY=1: {error}"));
    }
    let datagrams = notify.datagrams();
    assert!(
        datagrams[ready].starts_with("READY=1\nSTATUS=running: ")
            && datagrams[ready].contains("/2 peers established, last reload: none"),
        "{datagrams:?}"
    );
    // Nothing but watchdog pings before READY=1.
    assert!(
        datagrams[..ready].iter().all(|text| text == "WATCHDOG=1\n"),
        "{datagrams:?}"
    );

    notify.wait_for("STATUS=running: 2/2 peers established, last reload: none");
    daemon.wait_for(&[&format!("neighbor {PASSIVE} up")]);

    // WATCHDOG_USEC=200000: a ping every ~100 ms, from the hubs' loops.
    let before = notify.count("WATCHDOG=1");
    std::thread::sleep(Duration::from_millis(1000));
    let pings = notify.count("WATCHDOG=1") - before;
    assert!((4..=20).contains(&pings), "{pings} pings in 1 s");

    daemon.signal(Signal::SIGTERM);
    let stopping = notify.wait_for("STOPPING=1");
    assert!(daemon.wait_exit().success());
    let datagrams = notify.datagrams();
    assert_eq!(
        datagrams[stopping],
        "STOPPING=1\nSTATUS=stopping: SIGTERM\n"
    );
    assert_eq!(notify.count("READY=1"), 1, "{datagrams:?}");
    assert!(
        datagrams[stopping + 1..]
            .iter()
            .all(|text| text == "WATCHDOG=1\n"),
        "nothing but pings after STOPPING=1: {datagrams:?}"
    );
    // The Ceases went out after STOPPING=1 (the log says so after the signal).
    daemon.wait_for(&["Cease, Administrative Shutdown"]);
}

#[test]
fn no_ready_when_a_listener_cannot_be_bound() {
    const ADDRESS: &str = "127.0.0.63";
    let scratch = Scratch::new("systemd-notify-busy");
    let notify = listen(&scratch);
    let busy = std::net::TcpListener::bind((ADDRESS, 0)).expect("hold a port");
    let port = busy.local_addr().expect("address").port();
    let config = scratch.write(
        "busy.kdl",
        &format!(
            r#"
router-id "192.0.2.63"
local-as 65063
listen "{ADDRESS}" port={port}
control-fifo #false
neighbor "127.0.0.64" {{ peer-as 65064; passive }}
"#
        ),
    );
    let mut daemon = start_watched("busy", &["run", &config], &notify);
    let status = daemon.wait_exit();
    assert_eq!(status.code(), Some(1), "{:?}", daemon.lines());
    // Let a late datagram (there must be none) arrive.
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(notify.count("READY=1"), 0, "{:?}", notify.datagrams());
    drop(busy);
}

/// `Type=notify-reload`: systemd sends SIGHUP and waits for `RELOADING=1` with
/// `MONOTONIC_USEC=` (systemd 253+ requires it in the same datagram), then `READY=1`; the
/// status line carries the reload's result, also when the new file is invalid.
#[test]
fn sighup_reports_reloading_then_ready_with_the_result() {
    const ADDRESS: &str = "127.19.9.1";
    let scratch = Scratch::new("systemd-notify-reload");
    let notify = listen(&scratch);
    let port = free_port(ADDRESS);
    let good = format!(
        r#"
router-id "192.0.2.65"
local-as 65065
listen "{ADDRESS}" port={port}
control-fifo #false
watch-config #false
neighbor "127.19.9.2" {{ peer-as 65066; passive }}
"#
    );
    let config = scratch.write("reload.kdl", &good);
    let mut daemon = Daemon::start(
        "notify-reload",
        &["run", &config],
        &[("NOTIFY_SOCKET", notify.path.as_str())],
    );
    notify.wait_for("READY=1");
    let added = "neighbor \"127.19.9.3\" { peer-as 65068; passive }\n";
    scratch.write(
        "reload.kdl",
        &(good.replace("65066; passive", "65067; passive") + added),
    );
    daemon.signal(Signal::SIGHUP);
    let reloading = notify.wait_for("RELOADING=1");
    let datagrams = notify.datagrams();
    let monotonic = datagrams[reloading]
        .lines()
        .find_map(|line| line.strip_prefix("MONOTONIC_USEC="))
        .unwrap_or_else(|| panic!("no MONOTONIC_USEC= with RELOADING=1: {datagrams:?}"));
    assert!(
        monotonic.parse::<u64>().is_ok_and(|usec| usec > 0),
        "{monotonic}"
    );
    let ready = notify.wait_for("last reload: ok");
    // The neighbor the reload added is counted.
    assert!(
        notify.datagrams()[ready].contains("/2 peers established"),
        "{:?}",
        notify.datagrams()
    );
    let datagrams = notify.datagrams();
    assert!(ready > reloading, "{datagrams:?}");
    assert!(datagrams[ready].starts_with("READY=1\n"), "{datagrams:?}");
    daemon.wait_for(&["configuration reloaded (SIGHUP)", "1 added, 1 reset"]);

    // An invalid file: nothing changes, and READY=1 still ends the reload.
    scratch.write("reload.kdl", "router-id 1\n");
    daemon.signal(Signal::SIGHUP);
    let failed = notify.wait_for("last reload: failed");
    let datagrams = notify.datagrams();
    assert!(datagrams[failed].starts_with("READY=1\n"), "{datagrams:?}");
    assert_eq!(notify.count("RELOADING=1"), 2, "{datagrams:?}");
    daemon.signal(Signal::SIGTERM);
    assert!(daemon.wait_exit().success());
}
