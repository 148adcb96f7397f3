//! A peer daemon of the interop tests (ExaBGP, GoBGP) as a child process: its stdout and stderr
//! appended to a log file in the test's directory, stopped on request (killed: its sessions drop
//! without a NOTIFICATION) or on drop, signalled, and its log read back. Loaded (by path) as
//! `speaker::child_process`; used by `exabgp_peer` and `gobgp`.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// A child process and its log file.
pub struct ChildProcess {
    /// The program's name, for messages.
    name: &'static str,
    child: Option<Child>,
    log: PathBuf,
}

impl Drop for ChildProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

impl ChildProcess {
    /// Nothing running yet; `name` names the program in messages, `log` is where its output goes.
    pub fn new(name: &'static str, log: PathBuf) -> ChildProcess {
        ChildProcess {
            name,
            child: None,
            log,
        }
    }

    /// Starts `command` with stdin closed and its stdout and stderr appended to the log.
    pub fn spawn(&mut self, command: &mut Command) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap_or_else(|error| panic!("{}: {error}", self.log.display()));
        let child = command
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|error| panic!("{} starts: {error}", self.name));
        self.child = Some(child);
    }

    /// Kills the process, if it runs, and reaps it.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Sends `signal` to the process (SIGSTOP freezes it, SIGCONT wakes it).
    pub fn signal(&self, signal: nix::sys::signal::Signal) {
        let child = self
            .child
            .as_ref()
            .unwrap_or_else(|| panic!("{} is running", self.name));
        let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).expect("pid"));
        nix::sys::signal::kill(pid, signal)
            .unwrap_or_else(|error| panic!("signal {}: {error}", self.name));
    }

    /// The log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}
