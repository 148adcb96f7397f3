//! Shared helpers of the daemon tests: the `ferrobgp` binary as a child process whose log
//! (stderr) is collected line by line, bounded waits on that log and on the exit, signals,
//! free ports and temporary configuration files.
//!
//! Test code only; every wait here is bounded, and a child still running is killed on drop.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

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
        Daemon::spawn(name, arguments, environment, true)
    }

    /// As [`Daemon::start`], but the log is only collected, not echoed to the test's stderr
    /// (for daemons that log thousands of lines).
    pub fn start_quiet(name: &str, arguments: &[&str], environment: &[(&str, &str)]) -> Daemon {
        Daemon::spawn(name, arguments, environment, false)
    }

    fn spawn(name: &str, arguments: &[&str], environment: &[(&str, &str)], echo: bool) -> Daemon {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ferrobgp"));
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
        let deadline = Instant::now() + WAIT;
        let mut lines = self.log.lines.lock().expect("log");
        loop {
            if let Some(line) = lines
                .iter()
                .find(|line| parts.iter().all(|part| line.contains(part)))
            {
                return line.clone();
            }
            let now = Instant::now();
            if now >= deadline {
                panic!(
                    "{}: no line with {parts:?} within {WAIT:?}; log:\n{}",
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

pub mod bird;
