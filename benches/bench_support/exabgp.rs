//! ExaBGP 5.0 as a child process for the side-by-side benchmarks: `exabgp server CONFIG`
//! with the environment the reference runs use (its own listen address and port, no CLI pipe,
//! running as the current user), output to a file, killed on drop.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::exabgp_program;

pub struct ExaBgp {
    child: Child,
    pub log: PathBuf,
}

impl ExaBgp {
    /// Writes `config` to `directory`/exabgp.conf and starts ExaBGP listening on
    /// `address`:`port` (ExaBGP always listens when `exabgp.tcp.bind` is set).
    pub fn start(directory: &Path, config: &str, address: &str, port: u16) -> ExaBgp {
        let config_path = directory.join("exabgp.conf");
        std::fs::write(&config_path, config).expect("exabgp.conf");
        let log = directory.join("exabgp.log");
        let output = std::fs::File::create(&log).expect("exabgp.log");
        let errors = output.try_clone().expect("exabgp.log");
        let user = std::env::var("USER").unwrap_or_else(|_| "root".to_owned());
        let child = Command::new(exabgp_program::program())
            .arg("server")
            .arg(&config_path)
            .env("exabgp.tcp.bind", address)
            .env("exabgp.tcp.port", port.to_string())
            .env("exabgp.daemon.user", user)
            .env("exabgp.api.cli", "false")
            .env("exabgp.daemon.daemonize", "false")
            .stdin(Stdio::null())
            .stdout(output)
            .stderr(errors)
            .spawn()
            .expect("exabgp starts");
        ExaBgp { child, log }
    }

    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// The last `lines` lines of its output (for failures).
    pub fn tail(&self, lines: usize) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let all: Vec<&str> = text.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }
}

impl Drop for ExaBgp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
