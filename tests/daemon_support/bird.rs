//! A BIRD 2 for the daemon tests: started in the foreground from a temporary directory with
//! its own control socket, queried with `birdc`, killed (and its directory removed) on drop.
//! Fails loudly when BIRD is not installed (scripts/install-test-tools installs `bird2`).

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
        let child = Command::new(binary("bird"))
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
        let deadline = Instant::now() + WAIT;
        loop {
            let output = self.birdc(command);
            if wanted.iter().all(|part| output.contains(part)) {
                return output;
            }
            assert!(
                Instant::now() < deadline,
                "`birdc {command}` never showed {wanted:?}; last output:\n{output}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}
