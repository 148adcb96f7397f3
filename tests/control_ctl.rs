//! The real `ferrobgp ctl` binary against a control server (and test hub) running in this test
//! process: output, exit statuses, shortcuts, errors without a daemon, timeouts, 20 concurrent
//! calls, and a call killed in the middle of an answer. Every wait is bounded.

mod control_support;

use control_support::{Daemon, Scratch, VERSION_LINE};
use ferrobgp::control::{ControlPaths, DropReason, ServerOptions};
use std::io::Read;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(20);

fn ctl(paths: &ControlPaths, words: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ferrobgp"));
    command
        .arg("ctl")
        .arg("--pipe")
        .arg(&paths.base)
        .args(words)
        .env_remove("RUNTIME_DIRECTORY")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Waits for the child for at most `LIMIT`, killing it past that.
fn finish(mut child: Child) -> Output {
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() < LIMIT => std::thread::sleep(Duration::from_millis(5)),
            _ => {
                let _ = child.kill();
                break;
            }
        }
    }
    child.wait_with_output().expect("output")
}

fn run(paths: &ControlPaths, words: &[&str]) -> Output {
    finish(ctl(paths, words).spawn().expect("spawn ferrobgp ctl"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

#[test]
fn prints_the_answer_and_exits_by_outcome() {
    let (scratch, paths, _daemon) = Daemon::in_scratch("ctl-outcome", ServerOptions::default());

    let output = run(&paths, &["version"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), format!("{VERSION_LINE}\n"));
    assert_eq!(text(&output.stderr), "");

    // shortcuts are expanded before sending (the hub echoes the parsed command)
    let output = run(&paths, &["s", "n", "s"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stdout), "show neighbor summary\n");
    let output = run(&paths, &["n", "10.0.0.1", "t", "2"]);
    assert_eq!(text(&output.stdout), "neighbor 10.0.0.1 teardown 2\n");

    let output = run(&paths, &["shutdownx"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stdout).contains("shutdownx"),
        "{}",
        text(&output.stdout)
    );
    assert_eq!(
        text(&output.stderr),
        "ferrobgp ctl: the daemon answered error to `shutdownx` (`ferrobgp ctl help` lists \
         the commands)\n"
    );

    // also found through --runtime-dir
    let output = finish(
        Command::new(env!("CARGO_BIN_EXE_ferrobgp"))
            .args(["ctl", "--runtime-dir"])
            .arg(&scratch.path)
            .arg("version")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn"),
    );
    assert_eq!(output.status.code(), Some(0));
    // and through $RUNTIME_DIRECTORY, as in the systemd unit
    let output = finish(
        Command::new(env!("CARGO_BIN_EXE_ferrobgp"))
            .args(["ctl", "version"])
            .env("RUNTIME_DIRECTORY", &scratch.path)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn"),
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stdout), format!("{VERSION_LINE}\n"));
}

#[test]
fn clear_errors_without_a_daemon() {
    let scratch = Scratch::new("ctl-no-daemon");
    let paths = scratch.paths();
    let output = run(&paths, &["version"]);
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(
        text(&output.stderr),
        format!(
            "ferrobgp ctl: no control FIFO at {}: is ferrobgp running, with control-fifo on? \
             (--pipe PATH or --runtime-dir DIR choose another)\n",
            paths.input.display()
        )
    );
    let mut daemon = Daemon::start(&paths, ServerOptions::default());
    daemon.stop();
    let start = Instant::now();
    let output = run(&paths, &["version"]);
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(
        text(&output.stderr),
        format!(
            "ferrobgp ctl: nothing reads {}: is ferrobgp running and using it?\n",
            paths.input.display()
        )
    );
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "no waiting when nothing reads"
    );

    let output = run(&paths, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("ctl needs a command"));
}

#[test]
fn times_out_with_a_clear_message() {
    let (_scratch, paths, _daemon) = Daemon::in_scratch("ctl-timeout", ServerOptions::default());
    let start = Instant::now();
    let output = run(&paths, &["--timeout", "0.5", "#", "sleep", "1500"]);
    let elapsed = start.elapsed();
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(
        text(&output.stderr),
        format!(
            "ferrobgp ctl: no answer from the daemon within 0.5 s: is ferrobgp running and \
             using {}?\n",
            paths.input.display()
        )
    );
    assert!(
        elapsed >= Duration::from_millis(500) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
    // the next call skips the late answer and gets its own
    let output = run(&paths, &["version"]);
    assert_eq!(text(&output.stdout), format!("{VERSION_LINE}\n"));
}

#[test]
fn twenty_concurrent_ctl_calls_each_print_only_their_own_answer() {
    let (_scratch, paths, _daemon) = Daemon::in_scratch("ctl-concurrent", ServerOptions::default());
    let start = Instant::now();
    let labels: Vec<String> = (0..20).map(|number| format!("client-{number}")).collect();
    let children: Vec<Child> = labels
        .iter()
        .map(|label| {
            // 5 lines 3 ms apart: without the lock, answers would interleave
            ctl(&paths, &["#", "lines", "5", label, "3"])
                .spawn()
                .expect("spawn")
        })
        .collect();
    let outputs: Vec<Output> = children.into_iter().map(finish).collect();
    for (label, output) in labels.iter().zip(&outputs) {
        assert_eq!(
            output.status.code(),
            Some(0),
            "{label}: {}",
            text(&output.stderr)
        );
        let expected: String = (0..5).map(|index| format!("{label} {index}\n")).collect();
        assert_eq!(text(&output.stdout), expected);
    }
    eprintln!("20 concurrent ferrobgp ctl calls: {:?}", start.elapsed());
}

#[test]
fn a_ctl_killed_mid_answer_does_not_wedge_the_server() {
    let (_scratch, paths, daemon) = Daemon::in_scratch("ctl-killed", ServerOptions::default());
    let start = Instant::now();
    let mut child = ctl(&paths, &["#", "big", "200000"]).spawn().expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 4096];
    stdout.read_exact(&mut first).expect("the answer starts");
    child.kill().expect("kill");
    let _ = child.wait();
    drop(stdout);
    assert!(daemon.saw_dropped_answer(LIMIT, |reason| *reason == DropReason::ReaderLeft));
    let output = run(&paths, &["version"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), format!("{VERSION_LINE}\n"));
    eprintln!(
        "killed ctl noticed and next ctl served: {:?}",
        start.elapsed()
    );
}
