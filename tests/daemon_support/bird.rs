//! A BIRD 2 for the daemon tests: started in the foreground from a temporary directory with
//! its own control socket, queried with `birdc`, killed (and its directory removed) on drop.
//! Fails loudly when BIRD is not installed (scripts/install-test-tools installs `bird2`).
//! It may run inside a network namespace (`ip netns exec`, which execs BIRD, so the child's
//! pid is BIRD's own and signals such as SIGSTOP reach it).

// Each test binary uses a different part of it (tests/peer_bird.rs includes it alone).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::WAIT;

/// BIRD's binary: on PATH, else where Debian puts it.
pub fn binary(name: &str) -> PathBuf {
    let candidates = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/usr/bin")])
        .map(|directory| directory.join(name));
    for candidate in candidates {
        if candidate.is_file() {
            return candidate;
        }
    }
    panic!("`{name}` is not installed: run scripts/install-test-tools (Debian package bird2)");
}

pub struct Bird {
    child: Child,
    socket: PathBuf,
}

impl Drop for Bird {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Bird {
    /// Writes `config` to `directory`/bird.conf, checks it (`bird -p`) and starts BIRD.
    pub fn start(directory: &Path, config: &str) -> Bird {
        Bird::start_in(None, directory, config)
    }

    /// [`Bird::start`], then waits until BIRD answers `birdc show status`.
    pub fn start_ready(directory: &Path, config: &str) -> Bird {
        let bird = Bird::start(directory, config);
        bird.wait_for_output("show status", &["BIRD 2"]);
        bird
    }

    /// [`Bird::start`] inside the network namespace `namespace`. The control socket is a file
    /// in `directory`, so `birdc` works from outside the namespace.
    pub fn start_in(namespace: Option<&str>, directory: &Path, config: &str) -> Bird {
        let config_path = directory.join("bird.conf");
        std::fs::write(&config_path, config).expect("bird.conf");
        let socket = directory.join("bird.ctl");
        let parse = Command::new(binary("bird"))
            .arg("-p")
            .arg("-c")
            .arg(&config_path)
            .output()
            .expect("bird -p");
        assert!(parse.status.success(), "bird -p: {parse:?}");
        let mut command = match namespace {
            Some(namespace) => {
                let mut command = Command::new("ip");
                command
                    .args(["netns", "exec", namespace])
                    .arg(binary("bird"));
                command
            }
            None => Command::new(binary("bird")),
        };
        let child = command
            .arg("-f")
            .arg("-c")
            .arg(&config_path)
            .arg("-s")
            .arg(&socket)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("bird");
        Bird { child, socket }
    }

    /// BIRD's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends `signal` to BIRD (SIGSTOP freezes it, SIGCONT thaws it).
    pub fn signal(&self, signal: nix::sys::signal::Signal) {
        let pid = nix::unistd::Pid::from_raw(i32::try_from(self.child.id()).expect("pid"));
        nix::sys::signal::kill(pid, signal).expect("signal");
    }

    /// Stops BIRD with SIGTERM (it closes its sessions with a Cease) and waits, bounded, for
    /// it to exit; kills it if it does not.
    pub fn stop(mut self) {
        self.signal(nix::sys::signal::Signal::SIGTERM);
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("BIRD did not exit within {WAIT:?} of SIGTERM");
    }

    pub fn birdc(&self, command: &str) -> String {
        let output = Command::new(binary("birdc"))
            .arg("-s")
            .arg(&self.socket)
            .args(command.split_whitespace())
            .output()
            .expect("birdc");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Polls `birdc command` until its output contains every one of `wanted`.
    pub fn wait_for_output(&self, command: &str, wanted: &[&str]) -> String {
        self.wait_for_output_within(command, wanted, WAIT)
    }

    /// [`Bird::wait_for_output`] with its own deadline.
    pub fn wait_for_output_within(
        &self,
        command: &str,
        wanted: &[&str],
        within: Duration,
    ) -> String {
        self.wait_until_output(command, within, &format!("showed {wanted:?}"), |output| {
            wanted.iter().all(|part| output.contains(part))
        })
    }

    /// Polls `birdc command` until its output no longer contains `unwanted`.
    pub fn wait_for_absence(&self, command: &str, unwanted: &str) -> String {
        self.wait_until_output(command, WAIT, &format!("dropped {unwanted:?}"), |output| {
            output.contains("BIRD") && !output.contains(unwanted)
        })
    }

    /// Polls `birdc command` until `accept` takes its output; panics after `within`, saying
    /// that the output never `what`.
    pub fn wait_until_output(
        &self,
        command: &str,
        within: Duration,
        what: &str,
        accept: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + within;
        loop {
            let output = self.birdc(command);
            if accept(&output) {
                return output;
            }
            assert!(
                Instant::now() < deadline,
                "`birdc {command}` never {what} within {within:?}; last output:\n{output}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The `Since` column of `birdc show protocols PROTOCOL` (it changes when the session is
    /// reset).
    pub fn since(&self, protocol: &str) -> String {
        let output = self.birdc(&format!("show protocols {protocol}"));
        output
            .lines()
            .find(|line| line.starts_with(protocol))
            .map(|line| {
                line.split_whitespace()
                    .skip(4)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_else(|| panic!("no {protocol} in:\n{output}"))
    }

    /// The numbers of BIRD's `show protocols all PROTOCOL` statistics line `row` (such as
    /// "Import updates:") of the first channel: received, rejected, filtered, ignored,
    /// accepted (a `---` counts as 0).
    pub fn statistics(&self, protocol: &str, row: &str) -> Vec<u64> {
        let output = self.birdc(&format!("show protocols all {protocol}"));
        output
            .lines()
            .find_map(|line| line.trim().strip_prefix(row))
            .map(|numbers| {
                numbers
                    .split_whitespace()
                    .map(|number| number.parse().unwrap_or(0))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The start of an interop test's BIRD configuration: router id, a log file in `directory`
/// and the device protocol.
pub fn preamble(directory: &Path, router_id: &str) -> String {
    format!(
        r#"router id {router_id};
log "{log}" all;
protocol device {{}}
"#,
        log = directory.join("bird.log").display()
    )
}

/// Options every interop test's BIRD `protocol bgp` shares: short retry timers, so that a
/// broken session is retried within seconds.
pub const SESSION_OPTIONS: &str = "multihop; strict bind yes; \
    connect delay time 1; connect retry time 2; error wait time 1, 3;";

/// Panics unless `text` (`birdc` output) contains every one of `wanted`.
pub fn assert_contains_all(text: &str, wanted: &[&str]) {
    for part in wanted {
        assert!(text.contains(part), "no {part:?} in:\n{text}");
    }
}

/// The part of `birdc show route [all]` output that belongs to `prefix`: its first line (which
/// starts with the prefix) and every following line up to the next route's, so every path of
/// the prefix (ADD-PATH, several protocols) with its attribute lines. `None` when absent.
pub fn route_block(output: &str, prefix: &str) -> Option<String> {
    let mut lines = output
        .lines()
        .skip_while(|line| line.split_whitespace().next() != Some(prefix));
    let first = lines.next()?;
    let mut block = vec![first];
    block.extend(lines.take_while(|line| line.starts_with(char::is_whitespace)));
    Some(block.join("\n"))
}
