//! ferrobgp's side of the interop tests against real peers: a `ferrobgp run` configuration
//! with one neighbor and a [`RelayHelper`] bound to it (it hears the neighbor's state changes,
//! received UPDATEs and ROUTE-REFRESHes, and the UPDATEs sent, as ExaBGP 5.0 JSON, and issues
//! the test's commands; tests/interop_gobgp.rs, tests/interop_exabgp.rs), both sides'
//! [`Addresses`], waits on ferrobgp's log for a neighbor's events, [`assert_unicast`] and
//! [`assert_as_path`] on a route a recording helper holds, and a second ferrobgp speaker that
//! gives a peer a second path for ADD-PATH (tests/interop_frr.rs, tests/interop_openbgpd.rs).
//! The peers' own process handling (ExaBGP's, GoBGP's) is `daemon_support::child_process`.

use std::time::Duration;

use serde_json::json;

use super::relay_helper::{self, RelayHelper, Route};
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

/// Both sides' BGP Identifiers, addresses and free ports, for a peer and ferrobgp on loopback.
pub struct Addresses {
    pub peer_id: String,
    pub our_id: String,
    pub peer: String,
    pub ours: String,
    pub peer_port: u16,
    pub our_port: u16,
}

impl Addresses {
    /// The peer's BGP Identifier is `network`.`octets.0` and ferrobgp's `network`.`octets.1`;
    /// so are their addresses, unless `ipv6` puts both on ::1.
    pub fn new(network: &str, octets: (u8, u8), ipv6: bool) -> Addresses {
        let peer_id = format!("{network}.{}", octets.0);
        let our_id = format!("{network}.{}", octets.1);
        let (peer, ours) = if ipv6 {
            ("::1".to_owned(), "::1".to_owned())
        } else {
            (peer_id.clone(), our_id.clone())
        };
        let peer_port = free_port(&peer);
        let our_port = free_port(&ours);
        Addresses {
            peer_id,
            our_id,
            peer,
            ours,
            peer_port,
            our_port,
        }
    }
}

impl<'a> Speaker<'a> {
    /// ferrobgp on `addresses`' own side, toward the peer's: active, hold time 30, IPv4 and
    /// IPv6 unicast, nothing extra and nothing announced.
    pub fn at(addresses: &'a Addresses, local_as: u32, peer_as: u32) -> Speaker<'a> {
        Speaker {
            address: &addresses.ours,
            router_id: &addresses.our_id,
            port: addresses.our_port,
            local_as,
            peer: &addresses.peer,
            peer_port: addresses.peer_port,
            peer_as,
            passive: false,
            hold_time: 30,
            families: "ipv4 unicast; ipv6 unicast;",
            extra: "",
            announce: &[],
        }
    }

    /// Starts `ferrobgp run` with this configuration (written into `scratch`) and its recording
    /// helper; `label` names ferrobgp's log.
    pub fn start(&self, scratch: &Scratch, label: &str) -> (RelayHelper, Daemon) {
        let recorder = RelayHelper::new(&scratch.path, "ferrobgp-recorder");
        let config_path = scratch.write("ferrobgp.kdl", &self.config(&recorder));
        let daemon = Daemon::start(&format!("ferrobgp-{label}"), &["run", &config_path], &[]);
        (recorder, daemon)
    }

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

/// Waits until ferrobgp logs `neighbor PEER EVENT` (`up`, `down`, `negotiated`…) at or after
/// log line `after`; returns that line's position.
pub fn wait_neighbor(daemon: &Daemon, after: usize, peer: &str, event: &str) -> usize {
    daemon.wait_position_from(after, &[&format!("neighbor {peer} {event}")], SESSION)
}

/// Waits until ferrobgp, at or after log line `after`, sends `peer` the NOTIFICATION of its
/// hold timer's expiry (4/0) and then logs the session down; returns the NOTIFICATION's line.
pub fn wait_hold_timer_expiry(daemon: &Daemon, after: usize, peer: &str) -> usize {
    let expired = daemon.wait_position_from(
        after,
        &[
            &format!("neighbor {peer} notification sent: (4/0)"),
            "Hold timer expired",
        ],
        SESSION,
    );
    wait_neighbor(daemon, expired, peer, "down");
    expired
}

/// What a unicast route carries, as a recording helper shows it (ExaBGP JSON); checked by
/// [`assert_unicast`].
pub struct Unicast<'a> {
    pub next_hop: &'a str,
    pub as_path: &'a [u64],
    pub med: u64,
    /// Not checked when `None`.
    pub origin: Option<&'a str>,
    pub communities: &'a [[u32; 2]],
    pub large_communities: &'a [[u32; 3]],
}

/// Asserts that `route` carries what `expected` says.
pub fn assert_unicast(route: &Route, expected: &Unicast) {
    let attribute = &route.attribute;
    assert_eq!(route.next_hop, expected.next_hop, "{route:?}");
    assert_as_path(route, expected.as_path);
    assert_eq!(attribute["med"], expected.med, "{route:?}");
    if let Some(origin) = expected.origin {
        assert_eq!(attribute["origin"], origin, "{route:?}");
    }
    assert_eq!(
        attribute["community"],
        json!(expected.communities),
        "{route:?}"
    );
    assert_eq!(
        attribute["large-community"],
        json!(expected.large_communities),
        "{route:?}"
    );
}

/// Asserts that `route`'s AS path is `expected` (empty: no AS path, as in iBGP).
pub fn assert_as_path(route: &Route, expected: &[u64]) {
    assert_eq!(
        relay_helper::as_path(&route.attribute),
        expected,
        "{route:?}"
    );
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
