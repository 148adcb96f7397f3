//! `ferrobgp ctl log-level FILTER` through the real control FIFO, and the helpers count in
//! `STATUS=`: two speakers in one `ferrobgp run` on 127.18.3.1 ("a", one helper) and
//! 127.18.3.2 ("b"), at the default `info` level, under a real `NOTIFY_SOCKET` listener.
//! A received End-of-RIB is logged at debug level only: after `log-level debug` on b's FIFO,
//! `announce eor` on a's FIFO makes b log it. A filter that does not parse is refused.

mod daemon_support;
mod systemd_support;

use std::time::{Duration, Instant};

use daemon_support::{Daemon, Scratch, free_port};
use nix::sys::signal::Signal;
use systemd_support::daemon::NotifyListener;

const QUIET: &str = r#"
import sys
for line in sys.stdin:
    pass
"#;

fn ctl(pipe: &str, words: &[&str]) -> (Option<i32>, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_ferrobgp"))
        .args(["ctl", "--pipe", pipe, "--timeout", "10"])
        .args(words)
        .output()
        .expect("ferrobgp ctl");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn the_log_level_changes_at_run_time_and_status_counts_helpers() {
    let scratch = Scratch::new("log-level");
    let python = "/usr/bin/python3";
    let quiet = scratch.write("quiet.py", QUIET);
    let a_port = free_port("127.18.3.1");
    let b_port = free_port("127.18.3.2");
    let a_pipe = scratch.file("a").display().to_string();
    let b_pipe = scratch.file("b").display().to_string();
    let speaker = |name: &str, me: u8, other: u8, ports: (u16, u16), pipe: &str, extra: &str| {
        scratch.write(
            &format!("{name}.kdl"),
            &format!(
                r#"
router-id "192.0.2.3{me}"
local-as 6503{me}
listen "127.18.3.{me}" port={}
control-fifo "{pipe}"
{extra}
neighbor "127.18.3.{other}" {{
    peer-as 6503{other}
    local-address "127.18.3.{me}"
    connect-port {}
    family {{ ipv4 "unicast" }}
}}
"#,
                ports.0, ports.1
            ),
        )
    };
    let a = speaker(
        "a",
        1,
        2,
        (a_port, b_port),
        &a_pipe,
        &format!("process \"quiet\" {{ run \"{python}\" \"{quiet}\" }}"),
    );
    let b = speaker("b", 2, 1, (b_port, a_port), &b_pipe, "");
    let notify = NotifyListener::bind(&scratch.file("notify.sock"), Duration::from_secs(60));
    let mut daemon = Daemon::start(
        "log-level",
        &["run", &a, &b],
        &[("NOTIFY_SOCKET", notify.path.as_str())],
    );
    daemon.wait_for(&["speaker{name=a}", "neighbor 127.18.3.2 up"]);
    daemon.wait_for(&["speaker{name=b}", "neighbor 127.18.3.1 up"]);

    // STATUS= counts the running helper (one, in speaker a).
    notify.wait_for("2/2 peers established, 1 helper,");

    // `show adj-rib out` through the FIFO: answered apart from the hub, here with no route.
    let (code, output) = ctl(&b_pipe, &["show", "adj-rib", "out"]);
    assert_eq!((code, output.as_str()), (Some(0), ""));

    let (code, output) = ctl(&b_pipe, &["log-level", "=["]);
    assert_eq!(code, Some(1), "a bad filter is refused: {output}");
    assert!(output.contains("log-level =["), "{output}");

    let (code, output) = ctl(&b_pipe, &["log-level", "debug"]);
    assert_eq!((code, output.as_str()), (Some(0), "log level: debug\n"));
    daemon.wait_for(&["log filter set to \"debug\""]);

    let (code, output) = ctl(&a_pipe, &["announce", "eor"]);
    assert_eq!(code, Some(0), "{output}");
    daemon.wait_for(&["speaker{name=b}", "end-of-rib received for ipv4 unicast"]);

    // A route a announces is in a's Adj-RIB-Out and, once received, in b's Adj-RIB-In.
    let (code, output) = ctl(
        &a_pipe,
        &[
            "announce",
            "route",
            "10.77.0.0/24",
            "next-hop",
            "self",
            "med",
            "7",
        ],
    );
    assert_eq!(code, Some(0), "{output}");
    let (code, output) = ctl(&a_pipe, &["show", "adj-rib", "out"]);
    assert_eq!(
        (code, output.as_str()),
        (
            Some(0),
            "127.18.3.2 ipv4 unicast 10.77.0.0/24 next-hop 127.18.3.1\n"
        )
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    let received = loop {
        let (code, output) = ctl(&b_pipe, &["show", "adj-rib", "in", "extensive"]);
        assert_eq!(code, Some(0), "{output}");
        if !output.is_empty() {
            break output;
        }
        assert!(Instant::now() < deadline, "b's Adj-RIB-In stays empty");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        received
            .starts_with("neighbor 127.18.3.1 local-ip 127.18.3.2 local-as 65032 peer-as 65031")
            && received.contains("ipv4 unicast 10.77.0.0/24 next-hop 127.18.3.1")
            && received.contains("med 7"),
        "{received}"
    );

    daemon.signal(Signal::SIGTERM);
    let status = daemon.wait_exit();
    assert_eq!(status.code(), Some(0));
}
