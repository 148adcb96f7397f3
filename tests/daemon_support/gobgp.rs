//! A GoBGP 3 (`gobgpd`) for the interop tests: a TOML configuration written into the test's
//! directory and checked with `gobgpd --dry-run`, a gRPC API on the test's own loopback
//! address and a free port (`--api-hosts`), pprof off, queried with the `gobgp` CLI (`-j`
//! JSON). Killed on drop. Fails loudly when GoBGP is not installed (scripts/install-test-tools
//! installs the Debian package `gobgpd`).
//!
//! Facts this relies on (measured, see the interop test headers): GoBGP refuses a 127/8
//! NEXT_HOP ("invalid nexthop address", treated as a withdraw), so routes sent to it carry a
//! documentation next hop; `session_state` 6 in `gobgp neighbor ADDRESS -j` is Established.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use super::{free_port, wait_until_reporting};

use super::child_process::ChildProcess;

/// One `[[neighbors]]` entry of the configuration.
pub struct GobgpNeighbor<'a> {
    pub address: &'a str,
    pub peer_as: u32,
    /// ferrobgp's port, where GoBGP connects.
    pub remote_port: u16,
    /// GoBGP's own address on the session.
    pub local_address: &'a str,
    /// GoBGP waits for ferrobgp to connect.
    pub passive: bool,
    pub hold_time: u16,
    /// GoBGP's names: `ipv4-unicast`, `ipv6-unicast`, `ipv4-flowspec`.
    pub families: &'a [&'a str],
    /// ADD-PATH send (up to 8 paths) and receive, on every family listed.
    pub add_path: bool,
    /// TCP-MD5 key (`auth-password`).
    pub password: Option<&'a str>,
}

impl GobgpNeighbor<'_> {
    fn toml(&self) -> String {
        let mut text = format!(
            r#"[[neighbors]]
  [neighbors.config]
    neighbor-address = "{address}"
    peer-as = {peer_as}
{password}  [neighbors.transport.config]
    remote-port = {remote_port}
    local-address = "{local}"
    passive-mode = {passive}
  [neighbors.ebgp-multihop.config]
    enabled = true
    multihop-ttl = 2
  [neighbors.timers.config]
    hold-time = {hold}
    keepalive-interval = {keepalive}
    connect-retry = 1
    idle-hold-time-after-reset = 1
"#,
            address = self.address,
            peer_as = self.peer_as,
            password = self
                .password
                .map(|key| format!("    auth-password = \"{key}\"\n"))
                .unwrap_or_default(),
            remote_port = self.remote_port,
            local = self.local_address,
            passive = self.passive,
            hold = self.hold_time,
            keepalive = (self.hold_time / 3).max(1),
        );
        for family in self.families {
            text.push_str(&format!(
                "  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n      afi-safi-name = \"{family}\"\n"
            ));
            if self.add_path {
                text.push_str(
                    "    [neighbors.afi-safis.add-paths.config]\n      receive = true\n      send-max = 8\n",
                );
            }
        }
        text
    }
}

/// A whole configuration: AS `asn`, BGP Identifier `router_id`, listening on
/// `address`:`port`, with these neighbors.
pub fn config(
    asn: u32,
    router_id: &str,
    address: &str,
    port: u16,
    neighbors: &[GobgpNeighbor],
) -> String {
    let mut text = format!(
        "[global.config]\n  as = {asn}\n  router-id = \"{router_id}\"\n  port = {port}\n  local-address-list = [\"{address}\"]\n"
    );
    for neighbor in neighbors {
        text.push_str(&neighbor.toml());
    }
    text
}

/// A running `gobgpd`.
pub struct Gobgp {
    process: ChildProcess,
    config: PathBuf,
    api_address: String,
    api_port: u16,
}

impl Gobgp {
    /// Writes `config` to `directory`/gobgpd.toml, checks it and starts gobgpd with its API on
    /// `api_address` (a free port).
    pub fn start(directory: &Path, api_address: &str, config: &str) -> Gobgp {
        let path = directory.join("gobgpd.toml");
        std::fs::write(&path, config).expect("gobgpd.toml");
        let check = Command::new(gobgpd())
            .arg("-f")
            .arg(&path)
            .arg("--dry-run")
            .output()
            .expect("gobgpd --dry-run");
        assert!(
            check.status.success(),
            "gobgpd --dry-run refused the configuration: {check:?}\n{config}"
        );
        let mut gobgp = Gobgp {
            process: ChildProcess::new("gobgpd", directory.join("gobgpd.log")),
            config: path,
            api_address: api_address.to_owned(),
            api_port: free_port(api_address),
        };
        gobgp.spawn();
        gobgp.wait_for_api();
        gobgp
    }

    fn spawn(&mut self) {
        self.process.spawn(
            Command::new(gobgpd())
                .arg("-f")
                .arg(&self.config)
                .arg("--log-plain")
                .arg(format!(
                    "--api-hosts={}:{}",
                    self.api_address, self.api_port
                ))
                .arg("--pprof-disable"),
        );
    }

    /// Waits until the gRPC API answers.
    fn wait_for_api(&self) {
        wait_until_reporting(
            "gobgpd's API answering",
            Duration::from_secs(30),
            || self.command(&["global"]).status.success().then_some(()),
            || format!("{:?}\n{}", self.command(&["global"]), self.log()),
        );
    }

    /// Kills gobgpd (its sessions drop without a NOTIFICATION).
    pub fn stop(&mut self) {
        self.process.stop();
    }

    /// Starts gobgpd again with the same configuration and API port.
    pub fn restart(&mut self) {
        self.stop();
        self.spawn();
        self.wait_for_api();
    }

    /// Sends `signal` to gobgpd (SIGSTOP freezes it, SIGCONT wakes it).
    pub fn signal(&self, signal: nix::sys::signal::Signal) {
        self.process.signal(signal);
    }

    /// gobgpd's log so far.
    pub fn log(&self) -> String {
        self.process.log()
    }

    fn command(&self, arguments: &[&str]) -> std::process::Output {
        Command::new(binary("gobgp"))
            .arg("-p")
            .arg(self.api_port.to_string())
            .arg("-u")
            .arg(&self.api_address)
            .args(arguments)
            .output()
            .expect("gobgp runs")
    }

    /// Runs `gobgp ARGUMENTS`; panics with its output if it fails.
    pub fn cli(&self, arguments: &[&str]) -> String {
        let output = self.command(arguments);
        assert!(
            output.status.success(),
            "`gobgp {}` failed: {output:?}",
            arguments.join(" ")
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Runs `gobgp global rib -a FAMILY add WORDS…` (`words` split on whitespace).
    pub fn add_route(&self, family: &str, words: &str) {
        let mut arguments = vec!["global", "rib", "-a", family, "add"];
        arguments.extend(words.split_whitespace());
        self.cli(&arguments);
    }

    /// Runs `gobgp ARGUMENTS -j`: its JSON, or Null if it printed none.
    pub fn json(&self, arguments: &[&str]) -> Value {
        let mut arguments = arguments.to_vec();
        arguments.push("-j");
        let output = self.command(&arguments);
        serde_json::from_slice(&output.stdout).unwrap_or(Value::Null)
    }

    /// Polls `gobgp ARGUMENTS -j` until `check` returns something, for at most `timeout`.
    pub fn wait<T>(
        &self,
        arguments: &[&str],
        timeout: Duration,
        check: impl Fn(&Value) -> Option<T>,
    ) -> T {
        wait_until_reporting(
            &format!(
                "`gobgp {}` showing what the test waits for",
                arguments.join(" ")
            ),
            timeout,
            || check(&self.json(arguments)),
            || {
                format!(
                    "output:\n{}\ngobgpd log:\n{}",
                    self.json(arguments),
                    self.log()
                )
            },
        )
    }

    /// The neighbor's `state` object (`session_state` 6 is Established; `messages`).
    pub fn neighbor_state(&self, address: &str) -> Value {
        self.json(&["neighbor", address])["state"].clone()
    }

    /// Waits until the session with `address` is Established.
    pub fn wait_established(&self, address: &str, timeout: Duration) {
        self.wait(&["neighbor", address], timeout, |value| {
            (value["state"]["session_state"] == 6).then_some(())
        });
    }
}

/// gobgpd's binary.
fn gobgpd() -> PathBuf {
    binary("gobgpd")
}

/// A GoBGP program: on PATH, else where Debian puts it.
fn binary(name: &str) -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default();
    on_path
        .into_iter()
        .chain([PathBuf::from("/usr/bin"), PathBuf::from("/usr/sbin")])
        .map(|directory| directory.join(name))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!(
                "`{name}` is not installed: run scripts/install-test-tools (Debian package gobgpd)"
            )
        })
}

/// The paths of `prefix` in a `gobgp global rib -a FAMILY -j` answer.
pub fn paths<'a>(rib: &'a Value, prefix: &str) -> Vec<&'a Value> {
    rib[prefix].as_array().into_iter().flatten().collect()
}

/// The attribute of `type_code` in a path of a `-j` answer.
pub fn attribute(path: &Value, type_code: u64) -> Option<&Value> {
    path["attrs"]
        .as_array()?
        .iter()
        .find(|attribute| attribute["type"] == type_code)
}

/// The AS numbers of a GoBGP path's AS_PATH.
pub fn as_path(path: &Value) -> Vec<u64> {
    attribute(path, 2)
        .and_then(|value| value["as_paths"].as_array())
        .into_iter()
        .flatten()
        .flat_map(|segment| segment["asns"].as_array().into_iter().flatten())
        .filter_map(Value::as_u64)
        .collect()
}

/// A community as GoBGP's JSON shows it (one 32-bit number).
pub fn community(high: u32, low: u32) -> u64 {
    u64::from(high) << 16 | u64::from(low)
}

/// GoBGP's FlowSpec path whose destination component is `destination`.
pub fn flow_path<'a>(rib: &'a Value, destination: &str) -> Option<&'a Value> {
    rib.as_object()?
        .values()
        .flat_map(|paths| paths.as_array().into_iter().flatten())
        .find(|path| {
            path["nlri"]["value"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|component| {
                    component["type"] == 1 && component["value"]["prefix"] == destination
                })
        })
}

/// The FlowSpec components of a GoBGP path, as (type, value) pairs.
pub fn flow_components(path: &Value) -> Vec<(u64, Value)> {
    path["nlri"]["value"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|component| {
            (
                component["type"].as_u64().unwrap_or(0),
                component["value"].clone(),
            )
        })
        .collect()
}
