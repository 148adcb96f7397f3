//! `ferrobgp healthcheck` as a process: the fixes that only show with real processes and
//! signals — a hanging check is killed with its whole process group, SIGTERM withdraws
//! whether it arrives during a sleep, a check or an acknowledgement wait, and a `--no-ack`
//! helper drains stdin so a daemon that acknowledges anyway never blocks. No interface is
//! touched (`--no-ip-setup` everywhere).

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const ANNOUNCE: &str = "neighbor * announce route 192.0.2.1/32 next-hop self med 100";
const DOWN: &str = "neighbor * announce route 192.0.2.1/32 next-hop self med 1000";
const WITHDRAW: &str = "neighbor * withdraw route 192.0.2.1/32 next-hop self";

fn directory(name: &str) -> PathBuf {
    let directory = std::env::temp_dir().join(format!(
        "ferrobgp-healthcheck-process-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).expect("temporary directory is writable");
    directory
}

fn start(arguments: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_ferrobgp"))
        .arg("healthcheck")
        .args(["--ip", "192.0.2.1", "--no-ip-setup", "--no-syslog"])
        .args(arguments)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("ferrobgp starts")
}

/// Reads stdout lines on a thread, so that waits can have deadlines.
fn lines(stdout: ChildStdout) -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

fn next_line(receiver: &mpsc::Receiver<String>, within: Duration) -> String {
    receiver
        .recv_timeout(within)
        .unwrap_or_else(|error| panic!("no line within {within:?}: {error}"))
}

fn terminate(child: &Child) {
    let pid = i32::try_from(child.id()).expect("pid fits");
    kill(Pid::from_raw(pid), Signal::SIGTERM).expect("SIGTERM delivered");
}

/// Waits for the exit; panics after `within`.
fn wait(child: &mut Child, within: Duration) -> i32 {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status.code().unwrap_or(-1);
        }
        if started.elapsed() > within {
            let _ = child.kill();
            panic!("the healthcheck did not exit within {within:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Whether a process is gone (or a zombie nobody reaped yet).
fn gone(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

fn read_pid(path: &Path) -> i32 {
    let started = Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && let Ok(pid) = text.trim().parse()
        {
            return pid;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{} never written",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_hanging_check_is_killed_with_its_whole_group() {
    let directory = directory("hang");
    let orphan = directory.join("orphan");
    let check = format!("sleep 60 & echo $! > {}; sleep 60", orphan.display());
    let mut child = start(&[
        "--cmd",
        &check,
        "--timeout",
        "1",
        "--rise",
        "1",
        "--fall",
        "1",
        "-i",
        "0.05",
        "--no-ack",
    ]);
    let receiver = lines(child.stdout.take().expect("stdout"));
    assert_eq!(next_line(&receiver, Duration::from_secs(5)), DOWN);
    let grandchild = read_pid(&orphan);
    let started = Instant::now();
    while !gone(grandchild) && started.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        gone(grandchild),
        "the check's background process {grandchild} survived the timeout"
    );
    terminate(&child);
    assert_eq!(next_line(&receiver, Duration::from_secs(5)), WITHDRAW);
    assert_eq!(wait(&mut child, Duration::from_secs(5)), 0);
    let _ = std::fs::remove_dir_all(directory);
}

#[test]
fn sigterm_during_a_check_kills_it_and_withdraws() {
    let directory = directory("term-check");
    let marker = directory.join("checking");
    // Healthy once, then a check that never ends and has no timeout.
    let check = format!(
        "if [ -e {marker} ]; then sleep 60 & echo $! > {marker}; sleep 60; else touch {marker}; fi",
        marker = marker.display()
    );
    let mut child = start(&[
        "--cmd",
        &check,
        "--timeout",
        "0",
        "--rise",
        "1",
        "-i",
        "0.05",
        "--no-ack",
    ]);
    let receiver = lines(child.stdout.take().expect("stdout"));
    assert_eq!(next_line(&receiver, Duration::from_secs(5)), ANNOUNCE);
    let started = Instant::now();
    let grandchild = loop {
        if let Ok(text) = std::fs::read_to_string(&marker)
            && let Ok(pid) = text.trim().parse::<i32>()
        {
            break pid;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the hanging check never started"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    terminate(&child);
    assert_eq!(next_line(&receiver, Duration::from_secs(5)), WITHDRAW);
    assert_eq!(wait(&mut child, Duration::from_secs(5)), 0);
    let started = Instant::now();
    while !gone(grandchild) && started.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(gone(grandchild), "the interrupted check's group survived");
    let _ = std::fs::remove_dir_all(directory);
}

#[test]
fn sigterm_while_waiting_for_an_acknowledgement_withdraws_and_exits() {
    // Acknowledgements expected, none given: ExaBGP would wait for ever, also on EXIT.
    let mut child = start(&["--rise", "1", "-i", "0.05"]);
    let receiver = lines(child.stdout.take().expect("stdout"));
    assert_eq!(next_line(&receiver, Duration::from_secs(5)), ANNOUNCE);
    terminate(&child);
    assert_eq!(next_line(&receiver, Duration::from_secs(5)), WITHDRAW);
    // The EXIT acknowledgement wait is bounded.
    assert_eq!(wait(&mut child, Duration::from_secs(5)), 0);
}

#[test]
fn sigterm_during_the_sleep_withdraws_at_once() {
    let mut child = start(&["--rise", "1", "-i", "3600"]);
    let mut stdin = child.stdin.take().expect("stdin");
    let receiver = lines(child.stdout.take().expect("stdout"));
    assert_eq!(next_line(&receiver, Duration::from_secs(5)), ANNOUNCE);
    stdin.write_all(b"done\n").expect("acknowledge");
    std::thread::sleep(Duration::from_millis(100));
    terminate(&child);
    assert_eq!(next_line(&receiver, Duration::from_secs(2)), WITHDRAW);
    stdin.write_all(b"done\n").expect("acknowledge");
    assert_eq!(wait(&mut child, Duration::from_secs(5)), 0);
}

#[test]
fn no_ack_drains_acknowledgements_it_does_not_wait_for() {
    // A daemon that acknowledges although the helper says --no-ack: 1 MiB of "done" must
    // not fill the pipe (ExaBGP's healthcheck never reads it and the daemon blocks).
    let mut child = start(&["--rise", "1", "-i", "0.05", "--no-ack"]);
    let mut stdin = child.stdin.take().expect("stdin");
    let _receiver = lines(child.stdout.take().expect("stdout"));
    let (sender, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let block = b"done\n".repeat(1024);
        let mut written = 0usize;
        while written < 1024 * 1024 {
            if stdin.write_all(&block).is_err() {
                break;
            }
            written += block.len();
        }
        let _ = sender.send(written);
    });
    let written = finished
        .recv_timeout(Duration::from_secs(10))
        .expect("the acknowledgements were drained");
    assert!(written >= 1024 * 1024);
    terminate(&child);
    assert_eq!(wait(&mut child, Duration::from_secs(5)), 0);
}

#[test]
fn help_and_usage_errors() {
    let output = Command::new(env!("CARGO_BIN_EXE_ferrobgp"))
        .args(["healthcheck", "--help"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).contains("--withdraw-on-down"));
    let output = Command::new(env!("CARGO_BIN_EXE_ferrobgp"))
        .args(["healthcheck", "--co", "x"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("ambiguous option: --co could match --config, --command, --community")
    );
}
