//! ExaBGP 5.0 as a BGP peer for the interop tests: `exabgp server` with the test's neighbor
//! blocks, listening on the test's loopback address and a free port (`exabgp.tcp.bind`,
//! `exabgp.tcp.port`), run as root (`exabgp.daemon.user=root`: as root ExaBGP otherwise drops
//! to `nobody` and cannot write into the test's directory), without its CLI FIFOs. A
//! [`RelayHelper`] helper named `recorder` is always configured: the neighbor blocks bind it with
//! `api { processes [ recorder ]; … }`, so the test reads what ExaBGP received (ExaBGP JSON)
//! and makes ExaBGP announce or refresh through the recorder's commands. Killed on drop.
//! Fails loudly when ExaBGP is missing (scripts/install-test-tools installs it into .venv).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::relay_helper::RelayHelper;

#[path = "../support/exabgp.rs"]
pub mod exabgp_program;
use exabgp_program::program;

/// A running ExaBGP.
pub struct ExabgpPeer {
    child: Option<Child>,
    config: PathBuf,
    log: PathBuf,
    address: String,
    port: u16,
    /// The helper inside ExaBGP: what ExaBGP received, and commands for it.
    pub recorder: RelayHelper,
}

impl Drop for ExabgpPeer {
    fn drop(&mut self) {
        self.stop();
    }
}

impl ExabgpPeer {
    /// Starts ExaBGP listening on `address`:`port` with `neighbors` (ExaBGP configuration text:
    /// one or more `neighbor … { … }` blocks) after the `recorder` process.
    pub fn start(directory: &Path, address: &str, port: u16, neighbors: &str) -> ExabgpPeer {
        let recorder = RelayHelper::new(directory, "exabgp-recorder");
        let run = recorder.argv().join(" ");
        let config = directory.join("exabgp.conf");
        std::fs::write(
            &config,
            format!("process recorder {{\n    run {run};\n    encoder json;\n}}\n{neighbors}"),
        )
        .expect("exabgp.conf");
        let mut peer = ExabgpPeer {
            child: None,
            config,
            log: directory.join("exabgp.log"),
            address: address.to_owned(),
            port,
            recorder,
        };
        peer.spawn();
        peer
    }

    fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("exabgp.log");
        let child = Command::new(program())
            .arg("server")
            .arg(&self.config)
            .env("exabgp.daemon.user", "root")
            .env("exabgp.api.cli", "false")
            .env("exabgp.tcp.bind", &self.address)
            .env("exabgp.tcp.port", self.port.to_string())
            .env("exabgp.log.level", "INFO")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("exabgp starts");
        self.child = Some(child);
    }

    /// Kills ExaBGP (its sessions drop without a NOTIFICATION) and its helper.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts ExaBGP again with the same configuration; the recorder keeps appending.
    pub fn restart(&mut self) {
        self.stop();
        self.spawn();
    }

    /// Sends `signal` to ExaBGP (SIGSTOP freezes it, SIGCONT wakes it).
    pub fn signal(&self, signal: nix::sys::signal::Signal) {
        let child = self.child.as_ref().expect("exabgp is running");
        let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).expect("pid"));
        nix::sys::signal::kill(pid, signal).expect("signal exabgp");
    }

    /// ExaBGP's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}
