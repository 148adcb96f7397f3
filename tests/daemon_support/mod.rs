//! Shared helpers of the daemon tests: the `ferrobgp` binary as a child process (optionally
//! inside a network namespace) whose log (stderr) is collected line by line, bounded waits on
//! that log and on the exit, signals, free ports and temporary configuration files; the one
//! family of bounded waits ([`wait_until`], [`wait_until_reporting`] and `Daemon::wait_for*`);
//! the real peers' wrappers (`bird` and its one-session setup `bird_session`, `frr`, `gobgp`,
//! `openbgpd`, `exabgp_peer`, their process handling `child_process`), the recording helper
//! (`relay_helper`), ferrobgp's side of an interop session (`speaker`), the GoBGP and ExaBGP
//! interop pairs (`gobgp_pair`, `exabgp_pair`), the FRR and OpenBGPD one
//! (`routing_daemon_pair`), and the BIRD peer and helper of the flooding tests (`bird_flood`).
//!
//! Test code only; every wait here is bounded, and a child still running is killed on drop.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

pub mod bird;
pub mod bird_flood;
pub mod bird_session;
pub mod child_process;
pub mod exabgp_pair;
pub mod exabgp_peer;
pub mod frr;
pub mod gobgp;
pub mod gobgp_pair;
pub mod openbgpd;
pub mod relay_helper;
pub mod routing_daemon_pair;
pub mod speaker;

/// The longest any single wait in these tests may take.
pub const WAIT: Duration = Duration::from_secs(20);

/// The log lines of a child, as they arrive.
#[derive(Default)]
struct Log {
    lines: Mutex<Vec<String>>,
    arrived: Condvar,
}

/// A running `ferrobgp run`.
pub struct Daemon {
    pub name: String,
    child: Child,
    log: Arc<Log>,
}

impl Daemon {
    /// Starts `ferrobgp` with `arguments`, logging at `info` unless `FERROBGP_LOG` is given
    /// in `environment`.
    pub fn start(name: &str, arguments: &[&str], environment: &[(&str, &str)]) -> Daemon {
        Daemon::spawn(None, name, arguments, environment, true)
    }

    /// As [`Daemon::start`], but the log is only collected, not echoed to the test's stderr
    /// (for daemons that log thousands of lines).
    pub fn start_quiet(name: &str, arguments: &[&str], environment: &[(&str, &str)]) -> Daemon {
        Daemon::spawn(None, name, arguments, environment, false)
    }

    /// [`Daemon::start`] inside the network namespace `namespace` (`ip netns exec`, which
    /// execs the program, so the child's pid is ferrobgp's own).
    pub fn start_in(
        namespace: Option<&str>,
        name: &str,
        arguments: &[&str],
        environment: &[(&str, &str)],
    ) -> Daemon {
        Daemon::spawn(namespace, name, arguments, environment, true)
    }

    fn spawn(
        namespace: Option<&str>,
        name: &str,
        arguments: &[&str],
        environment: &[(&str, &str)],
        echo: bool,
    ) -> Daemon {
        let program = env!("CARGO_BIN_EXE_ferrobgp");
        let mut command = match namespace {
            Some(namespace) => {
                let mut command = Command::new("ip");
                command.args(["netns", "exec", namespace, program]);
                command
            }
            None => Command::new(program),
        };
        command
            .args(arguments)
            .env_remove("FERROBGP_LOG")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (key, value) in environment {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("ferrobgp starts");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Log::default());
        let writer = log.clone();
        let label = name.to_owned();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if echo {
                    eprintln!("[{label}] {line}");
                }
                if let Ok(mut lines) = writer.lines.lock() {
                    lines.push(line);
                }
                writer.arrived.notify_all();
            }
        });
        Daemon {
            name: name.to_owned(),
            child,
            log,
        }
    }

    /// The daemon's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Every line logged so far.
    pub fn lines(&self) -> Vec<String> {
        self.log
            .lines
            .lock()
            .map(|lines| lines.clone())
            .unwrap_or_default()
    }

    /// Waits for a line containing every one of `parts`; panics with the log otherwise.
    pub fn wait_for(&self, parts: &[&str]) -> String {
        self.wait_for_from(0, parts, WAIT)
    }

    /// Waits up to `within` for a line containing every one of `parts`, among the lines
    /// logged from the `first`th on (`lines().len()` taken earlier: "a line after now").
    pub fn wait_for_from(&self, first: usize, parts: &[&str], within: Duration) -> String {
        let index = self.wait_position_from(first, parts, within);
        self.lines()[index].clone()
    }

    /// [`Daemon::wait_for_from`], giving the line's index (to wait for a later line from it).
    pub fn wait_position_from(&self, first: usize, parts: &[&str], within: Duration) -> usize {
        self.wait_lines(
            &format!("no line with {parts:?} from line {first} on"),
            within,
            |lines| {
                (first..lines.len())
                    .find(|&index| parts.iter().all(|part| lines[index].contains(part)))
            },
        )
    }

    /// How many lines logged so far contain every one of `parts`.
    pub fn count(&self, parts: &[&str]) -> usize {
        self.lines()
            .iter()
            .filter(|line| parts.iter().all(|part| line.contains(part)))
            .count()
    }

    /// How many times so far the session with `neighbor` came up (lines ending with
    /// `neighbor ADDRESS up`).
    pub fn times_up(&self, neighbor: &str) -> usize {
        let ending = format!("neighbor {neighbor} up");
        self.lines()
            .iter()
            .filter(|line| line.ends_with(&ending))
            .count()
    }

    /// The index of the first line logged so far that contains every one of `parts`.
    pub fn position(&self, parts: &[&str]) -> Option<usize> {
        self.lines()
            .iter()
            .position(|line| parts.iter().all(|part| line.contains(part)))
    }

    /// Waits up to `within` until at least `count` lines contain every one of `parts`;
    /// returns the last of them, panics with the log otherwise.
    pub fn wait_for_count(&self, parts: &[&str], count: usize, within: Duration) -> String {
        self.wait_lines(
            &format!("fewer than {count} lines with {parts:?}"),
            within,
            |lines| {
                lines
                    .iter()
                    .filter(|line| parts.iter().all(|part| line.contains(part)))
                    .nth(count - 1)
                    .cloned()
            },
        )
    }

    /// Waits up to `within` (woken by every new line) until `check` finds something in the
    /// log; panics with `failure` and the log otherwise.
    fn wait_lines<T>(
        &self,
        failure: &str,
        within: Duration,
        check: impl Fn(&[String]) -> Option<T>,
    ) -> T {
        let deadline = Instant::now() + within;
        let mut lines = self.log.lines.lock().expect("log");
        loop {
            if let Some(found) = check(&lines) {
                return found;
            }
            let now = Instant::now();
            if now >= deadline {
                panic!(
                    "{}: {failure} within {within:?}; log:\n{}",
                    self.name,
                    lines.join("\n")
                );
            }
            lines = self
                .log
                .arrived
                .wait_timeout(lines, deadline - now)
                .expect("log")
                .0;
        }
    }

    /// Sends `signal` to the daemon.
    pub fn signal(&self, signal: nix::sys::signal::Signal) {
        let pid = nix::unistd::Pid::from_raw(i32::try_from(self.child.id()).expect("pid"));
        nix::sys::signal::kill(pid, signal).expect("signal");
    }

    /// Waits (bounded) for the daemon to exit.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Let the reader thread take the last lines.
                std::thread::sleep(Duration::from_millis(100));
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "{} still running after {WAIT:?}; log:\n{}",
                self.name,
                self.lines().join("\n")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Polls `check` every 100 ms until it gives a value; panics after `within` with `what`.
pub fn wait_until<T>(what: &str, within: Duration, check: impl FnMut() -> Option<T>) -> T {
    wait_until_reporting(what, within, check, String::new)
}

/// [`wait_until`], with `report()` (what was seen instead, a peer's log…) in the panic message.
pub fn wait_until_reporting<T>(
    what: &str,
    within: Duration,
    mut check: impl FnMut() -> Option<T>,
    report: impl FnOnce() -> String,
) -> T {
    let deadline = Instant::now() + within;
    loop {
        if let Some(value) = check() {
            return value;
        }
        if Instant::now() >= deadline {
            panic!("{what}: not within {within:?}; {}", report());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// [`wait_until`] for a `condition` that is only true or false.
pub fn wait_until_true(what: &str, within: Duration, mut condition: impl FnMut() -> bool) {
    wait_until(what, within, || condition().then_some(()));
}

/// `ferrobgp ctl --pipe PIPE --timeout SECONDS WORDS…`, its output whatever its exit status.
pub fn ctl_output(pipe: &Path, timeout_seconds: u32, words: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ferrobgp"))
        .arg("ctl")
        .arg("--pipe")
        .arg(pipe)
        .args(["--timeout", &timeout_seconds.to_string()])
        .args(words)
        .stdin(Stdio::null())
        .output()
        .expect("ferrobgp ctl")
}

/// `ferrobgp ctl` on the control FIFO `pipe`; panics unless it succeeds.
pub fn ctl(pipe: &str, words: &[&str]) -> String {
    let output = ctl_output(Path::new(pipe), 10, words);
    assert!(
        output.status.success(),
        "ferrobgp ctl {words:?}: {output:?}"
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A free TCP port on `address` (bound then released).
pub fn free_port(address: &str) -> u16 {
    let address: IpAddr = address.parse().expect("address");
    std::net::TcpListener::bind(SocketAddr::new(address, 0))
        .expect("bind")
        .local_addr()
        .expect("address")
        .port()
}

/// A temporary directory, removed on drop.
pub struct Scratch {
    pub path: PathBuf,
}

impl Scratch {
    pub fn new(label: &str) -> Scratch {
        let path = std::env::temp_dir().join(format!(
            "ferrobgp-{label}-{}-{}",
            std::process::id(),
            Instant::now().elapsed().as_nanos()
        ));
        std::fs::create_dir_all(&path).expect("scratch directory");
        Scratch { path }
    }

    /// Writes `content` to `name` in the directory; returns the path as a string.
    pub fn write(&self, name: &str, content: &str) -> String {
        let path = self.path.join(name);
        std::fs::write(&path, content).expect("write");
        path.display().to_string()
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// The repository's file at `relative` (for config-examples/).
pub fn repository_file(relative: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(relative)
        .display()
        .to_string()
}
