//! The `ferrobgp run` child of the malformed-input test: its stderr collected line by line,
//! and whether it is still running (the shared `daemon_support::Daemon` does not say).
//!
//! Test code only; the child is killed on drop.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Daemon {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Daemon {
    /// Starts `ferrobgp run CONFIG` logging at `info`.
    pub fn start(config: &str) -> Daemon {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ferrobgp"))
            .args(["run", config])
            .env_remove("FERROBGP_LOG")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ferrobgp starts");
        let stderr = child.stderr.take().expect("stderr");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let writer = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                eprintln!("[malformed] {line}");
                if let Ok(mut lines) = writer.lock() {
                    lines.push(line);
                }
            }
        });
        Daemon { child, lines }
    }

    /// Every line logged so far.
    pub fn lines(&self) -> Vec<String> {
        self.lines
            .lock()
            .map(|lines| lines.clone())
            .unwrap_or_default()
    }

    /// Waits up to `timeout` for a line containing every one of `parts`.
    pub fn wait_line(&self, parts: &[&str], timeout: Duration) -> Result<String, String> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(line) = self
                .lines()
                .into_iter()
                .find(|line| parts.iter().all(|part| line.contains(part)))
            {
                return Ok(line);
            }
            if Instant::now() >= deadline {
                return Err(format!("no log line with {parts:?} within {timeout:?}"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
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
