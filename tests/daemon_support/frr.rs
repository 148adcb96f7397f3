//! An FRR 8.4 `bgpd` for the interop tests: started in the foreground without zebra (`-Z`),
//! without dropping privileges (`-S`), listening on one loopback address and port, with its
//! vty socket, pid file and log in a temporary directory; queried with `vtysh -c "… json"`;
//! frozen and thawed with SIGSTOP/SIGCONT; killed on drop. Fails loudly when FRR is not
//! installed (scripts/install-test-tools installs the Debian package `frr`).
//!
//! FRR facts these tests rely on (FRR 8.4.4, Debian 12): without zebra every next hop is
//! accepted but a 127/8 one is "martian" and refused with a NOTIFICATION, so the routes we
//! send carry documentation next hops (192.0.2.x, 2001:db8::x); `bgpd` also creates
//! `/var/tmp/frr/bgpd.<pid>/`, removed here on drop.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use super::wait_until_reporting;

/// How long FRR may take to show what a test waits for, on a loaded machine.
const PATIENCE: Duration = Duration::from_secs(60);

const BGPD: &str = "/usr/lib/frr/bgpd";
const VTYSH: &str = "/usr/bin/vtysh";

fn installed(path: &str) -> &str {
    assert!(
        Path::new(path).is_file(),
        "`{path}` is not installed: run scripts/install-test-tools (Debian package frr)"
    );
    path
}

/// The value at `pointer` in FRR's JSON, as text ("" when absent): `text(path, "/metric")`.
pub fn text(value: &Value, pointer: &str) -> String {
    match value.pointer(pointer) {
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// Removes the directory every `bgpd` run (even `-C`) creates for itself.
fn remove_runtime_directory(pid: u32) {
    let _ = std::fs::remove_dir_all(format!("/var/tmp/frr/bgpd.{pid}"));
}

/// A running FRR `bgpd`.
pub struct Frr {
    child: Option<Child>,
    directory: PathBuf,
    address: String,
    port: u16,
}

impl Frr {
    /// Writes `config` to `directory`/bgpd.conf, checks it (`bgpd -C`) and starts `bgpd`
    /// listening on `address`:`port`; returns once its vty answers.
    pub fn start(directory: &Path, address: &str, port: u16, config: &str) -> Frr {
        let config_path = directory.join("bgpd.conf");
        std::fs::write(&config_path, config).expect("bgpd.conf");
        let check = Command::new(installed(BGPD))
            .args(["-C", "-Z", "-S", "-f"])
            .arg(&config_path)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("bgpd -C");
        let check_pid = check.id();
        let check = check.wait_with_output().expect("bgpd -C");
        remove_runtime_directory(check_pid);
        assert!(
            check.status.success(),
            "bgpd -C refused the configuration: {check:?}\n{config}"
        );
        let mut frr = Frr {
            child: None,
            directory: directory.to_owned(),
            address: address.to_owned(),
            port,
        };
        frr.spawn();
        frr
    }

    fn spawn(&mut self) {
        let child = Command::new(installed(BGPD))
            .arg("-f")
            .arg(self.directory.join("bgpd.conf"))
            .arg("-i")
            .arg(self.directory.join("bgpd.pid"))
            .arg("--vty_socket")
            .arg(&self.directory)
            .args(["-Z", "-S", "-P", "0", "-l", &self.address])
            .args(["-p", &self.port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("bgpd starts");
        self.child = Some(child);
        self.wait_for("show bgp summary", &["local AS"]);
    }

    /// The process id of `bgpd`.
    pub fn pid(&self) -> nix::unistd::Pid {
        let child = self.child.as_ref().expect("bgpd is running");
        nix::unistd::Pid::from_raw(i32::try_from(child.id()).expect("pid"))
    }

    /// Sends `signal` to `bgpd` (SIGSTOP freezes it, SIGCONT thaws it).
    pub fn signal(&self, signal: nix::sys::signal::Signal) {
        nix::sys::signal::kill(self.pid(), signal).expect("signal bgpd");
    }

    /// Kills `bgpd` (SIGKILL: no NOTIFICATION is sent) and waits for it.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let pid = child.id();
            let _ = child.kill();
            let _ = child.wait();
            remove_runtime_directory(pid);
        }
    }

    /// Starts `bgpd` again with the same configuration, address and port.
    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }

    /// The output of `vtysh -c command` (the history goes to /dev/null, not ~/.history_frr).
    pub fn vtysh(&self, command: &str) -> String {
        let output = Command::new(installed(VTYSH))
            .arg("--vty_socket")
            .arg(&self.directory)
            .args(["-H", "/dev/null", "-d", "bgpd", "-c", command])
            .output()
            .expect("vtysh");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// `vtysh -c command` parsed as JSON (`Value::Null` when it is not JSON yet).
    pub fn json(&self, command: &str) -> Value {
        serde_json::from_str(&self.vtysh(command)).unwrap_or(Value::Null)
    }

    /// Polls `vtysh -c command` until its output contains every one of `wanted`.
    pub fn wait_for(&self, command: &str, wanted: &[&str]) -> String {
        wait_until_reporting(
            &format!("`vtysh -c '{command}'` showing {wanted:?}"),
            PATIENCE,
            || {
                let output = self.vtysh(command);
                wanted
                    .iter()
                    .all(|part| output.contains(part))
                    .then_some(output)
            },
            || format!("output:\n{}\nlog:\n{}", self.vtysh(command), self.log()),
        )
    }

    /// Polls `vtysh -c command` (JSON) until `accept` returns a value.
    pub fn wait_for_json<T>(&self, command: &str, accept: impl Fn(&Value) -> Option<T>) -> T {
        wait_until_reporting(
            &format!("`vtysh -c '{command}'` showing what the test waits for"),
            PATIENCE,
            || accept(&self.json(command)),
            || format!("output:\n{:#}\nlog:\n{}", self.json(command), self.log()),
        )
    }

    /// `show bgp neighbors NEIGHBOR json`, the neighbor's object.
    pub fn neighbor(&self, neighbor: &str) -> Value {
        self.json(&format!("show bgp neighbors {neighbor} json"))
            .get(neighbor)
            .cloned()
            .unwrap_or(Value::Null)
    }

    /// Waits until the session with `neighbor` is Established; returns its neighbor object.
    pub fn wait_established(&self, neighbor: &str) -> Value {
        self.wait_for_json(&format!("show bgp neighbors {neighbor} json"), |value| {
            let object = value.get(neighbor)?;
            (object.get("bgpState")? == "Established").then(|| object.clone())
        })
    }

    /// The paths FRR holds for `prefix` (`show bgp ipv4|ipv6 unicast PREFIX json`), once it
    /// holds at least `count` of them.
    pub fn wait_for_paths(&self, prefix: &str, count: usize) -> Vec<Value> {
        let family = if prefix.contains(':') { "ipv6" } else { "ipv4" };
        self.wait_for_json(
            &format!("show bgp {family} unicast {prefix} json"),
            |value| {
                let paths = value.get("paths")?.as_array()?;
                (paths.len() >= count).then(|| paths.clone())
            },
        )
    }

    /// Polls FRR's log until it has a line containing every one of `wanted`.
    pub fn wait_for_log(&self, wanted: &[&str]) -> String {
        wait_until_reporting(
            &format!("FRR logging {wanted:?}"),
            PATIENCE,
            || {
                self.log()
                    .lines()
                    .find(|line| wanted.iter().all(|part| line.contains(part)))
                    .map(str::to_owned)
            },
            || format!("its log:\n{}", self.log()),
        )
    }

    /// FRR's log file (`log file` in the configuration written by the tests).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.directory.join("bgpd.log")).unwrap_or_default()
    }
}

impl Drop for Frr {
    fn drop(&mut self) {
        self.kill();
    }
}
