//! ferrobgp's side of the interop tests against real peers: a `ferrobgp run` configuration
//! with one neighbor and a [`RelayHelper`] bound to it (it hears the neighbor's state changes,
//! received UPDATEs and ROUTE-REFRESHes, and the UPDATEs sent, as ExaBGP 5.0 JSON, and issues
//! the test's commands; tests/interop_gobgp.rs, tests/interop_exabgp.rs), and a second
//! ferrobgp speaker that gives a peer a second path for ADD-PATH (tests/interop_frr.rs,
//! tests/interop_openbgpd.rs).

use std::time::Duration;

use super::relay_helper::RelayHelper;
use super::{Daemon, Scratch, free_port};

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
{process}neighbor "{peer}" {{
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
            process = recorder.process_node("recorder"),
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

/// A second `ferrobgp` speaker (AS 65113, at `address`, connecting to `peer`) announcing
/// `route`: gives the peer a second path for one of its own prefixes, for ADD-PATH.
pub fn start_second_speaker(
    scratch: &Scratch,
    label: &str,
    address: &str,
    peer: (&str, u32, u16),
    route: &str,
) -> Daemon {
    let (peer_address, peer_as, peer_port) = peer;
    let port = free_port(address);
    let config = scratch.write(
        "second.kdl",
        &format!(
            r#"router-id "{address}"
local-as 65113
listen "{address}" port={port}
control-fifo #false
neighbor "{peer_address}" {{
    peer-as {peer_as}
    local-address "{address}"
    connect-port {peer_port}
    family {{ ipv4 unicast; }}
    announce {{ route "{route}"; }}
}}
"#
        ),
    );
    Daemon::start(label, &["run", &config], &[])
}
