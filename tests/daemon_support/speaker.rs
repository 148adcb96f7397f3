//! ferrobgp's side of the interop tests against real peers (tests/interop_gobgp.rs,
//! tests/interop_exabgp.rs): a `ferrobgp run` configuration with one neighbor and a
//! [`RelayHelper`] bound to it (it hears the neighbor's state changes, received UPDATEs and
//! ROUTE-REFRESHes, and the UPDATEs sent, as ExaBGP 5.0 JSON, and issues the test's commands),
//! and bounded waits on the daemon's log that can start after a given line (to see a second
//! `up`).

use std::time::{Duration, Instant};

use super::Daemon;
use super::relay_helper::RelayHelper;

/// How long a session may take to come up (or come back) on a loaded machine.
pub const SESSION: Duration = Duration::from_secs(60);

/// ferrobgp's side of one session.
pub struct Speaker<'a> {
    /// ferrobgp's address (listen and local address).
    pub address: &'a str,
    pub router_id: &'a str,
    pub port: u16,
    pub local_as: u32,
    pub peer: &'a str,
    pub peer_port: u16,
    pub peer_as: u32,
    pub passive: bool,
    pub hold_time: u16,
    /// The body of the `family { … }` block.
    pub families: &'a str,
    /// Extra neighbor settings (`md5-password "…"`, `capability { … }`).
    pub extra: &'a str,
    /// The `announce { … }` entries (`route "…"`, `ipv6 "…"`, `flow "…"`).
    pub announce: &'a [&'a str],
}

impl Speaker<'_> {
    /// The KDL configuration, with `recorder` as the neighbor's helper.
    pub fn config(&self, recorder: &RelayHelper) -> String {
        let run: Vec<String> = recorder
            .argv()
            .iter()
            .map(|word| format!("\"{word}\""))
            .collect();
        let announce: Vec<String> = self
            .announce
            .iter()
            .map(|entry| format!("        {entry}\n"))
            .collect();
        format!(
            r#"router-id "{router_id}"
local-as {local_as}
listen "{address}" port={port}
control-fifo #false
process "recorder" {{
    run {run}
}}
neighbor "{peer}" {{
    peer-as {peer_as}
    local-address "{address}"
    connect-port {peer_port}
    hold-time {hold_time}
    passive {passive}
    family {{ {families} }}
    {extra}
    api {{
        processes "recorder"
        neighbor-changes
        receive {{ parsed; update; refresh; }}
        send {{ parsed; update; }}
    }}
    announce {{
{announce}    }}
}}
"#,
            address = self.address,
            router_id = self.router_id,
            local_as = self.local_as,
            port = self.port,
            run = run.join(" "),
            peer = self.peer,
            peer_as = self.peer_as,
            peer_port = self.peer_port,
            hold_time = self.hold_time,
            passive = if self.passive { "#true" } else { "#false" },
            families = self.families,
            extra = self.extra,
            announce = announce.concat(),
        )
    }
}

/// Waits for a log line after the first `after` lines that contains every one of `parts`;
/// returns its index. Panics with the log after `timeout`.
pub fn wait_log(daemon: &Daemon, after: usize, parts: &[&str], timeout: Duration) -> usize {
    let deadline = Instant::now() + timeout;
    loop {
        let lines = daemon.lines();
        if let Some(index) = lines
            .iter()
            .enumerate()
            .skip(after)
            .find(|(_, line)| parts.iter().all(|part| line.contains(part)))
            .map(|(index, _)| index)
        {
            return index;
        }
        assert!(
            Instant::now() < deadline,
            "{}: no line with {parts:?} after line {after} within {timeout:?}; log:\n{}",
            daemon.name,
            lines.join("\n")
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
