//! ExaBGP 5.0 as a BGP peer for the interop tests: `exabgp server` with the test's neighbor
//! blocks, listening on the test's loopback address and a free port (`exabgp.tcp.bind`,
//! `exabgp.tcp.port`), run as root (`exabgp.daemon.user=root`: as root ExaBGP otherwise drops
//! to `nobody` and cannot write into the test's directory), without its CLI FIFOs. A
//! [`RelayHelper`] helper named `recorder` is always configured: the neighbor blocks bind it with
//! `api { processes [ recorder ]; … }`, so the test reads what ExaBGP received (ExaBGP JSON)
//! and makes ExaBGP announce or refresh through the recorder's commands. Killed on drop.
//! Fails loudly when ExaBGP is missing (scripts/install-test-tools installs it into .venv).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::relay_helper::RelayHelper;

#[path = "../support/exabgp.rs"]
pub mod exabgp_program;
use exabgp_program::program;

use super::child_process::ChildProcess;

/// A running ExaBGP.
pub struct ExabgpPeer {
    // First: ExaBGP is killed before its helper goes.
    process: ChildProcess,
    config: PathBuf,
    address: String,
    port: u16,
    /// The helper inside ExaBGP: what ExaBGP received, and commands for it.
    pub recorder: RelayHelper,
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
            process: ChildProcess::new("exabgp", directory.join("exabgp.log")),
            config,
            address: address.to_owned(),
            port,
            recorder,
        };
        peer.spawn();
        peer
    }

    fn spawn(&mut self) {
        self.process.spawn(
            Command::new(program())
                .arg("server")
                .arg(&self.config)
                .env("exabgp.daemon.user", "root")
                .env("exabgp.api.cli", "false")
                .env("exabgp.tcp.bind", &self.address)
                .env("exabgp.tcp.port", self.port.to_string())
                .env("exabgp.log.level", "INFO"),
        );
    }

    /// Kills ExaBGP (its sessions drop without a NOTIFICATION) and its helper.
    pub fn stop(&mut self) {
        self.process.stop();
    }

    /// Starts ExaBGP again with the same configuration; the recorder keeps appending.
    pub fn restart(&mut self) {
        self.stop();
        self.spawn();
    }

    /// Sends `signal` to ExaBGP (SIGSTOP freezes it, SIGCONT wakes it).
    pub fn signal(&self, signal: nix::sys::signal::Signal) {
        self.process.signal(signal);
    }

    /// ExaBGP's log so far.
    pub fn log(&self) -> String {
        self.process.log()
    }
}
