//! One ExaBGP and one ferrobgp, peered, for tests/interop_exabgp*.rs (127.13.2.0/24 unless a
//! test gives its own network, free ports): [`start`] runs both from a [`Setup`]; both sides are watched the same way, by a
//! recording helper in ferrobgp and one in ExaBGP ([`RelayHelper`]).

use serde_json::Value;

use super::exabgp_peer::ExabgpPeer;
use super::relay_helper::{self, RelayHelper};
use super::speaker::{Addresses, SESSION, Speaker, wait_neighbor};
use super::{Daemon, Scratch};

/// One ExaBGP and one ferrobgp, peered.
pub struct Pair {
    pub exabgp: ExabgpPeer,
    pub daemon: Daemon,
    pub recorder: RelayHelper,
    pub exabgp_address: String,
    // Last: removed after both processes are gone.
    _scratch: Scratch,
}

/// What differs between the tests.
pub struct Setup<'a> {
    /// The first three octets of both addresses (127.13.2 unless set).
    pub network: &'a str,
    /// The fourth octets of ExaBGP's and ferrobgp's addresses.
    pub octets: (u8, u8),
    pub our_as: u32,
    pub exabgp_as: u32,
    /// The `peer-as` ExaBGP expects, when it is not `our_as` (AS_TRANS for a 2-octet ExaBGP).
    pub exabgp_peer_as: Option<u32>,
    pub ferrobgp_passive: bool,
    pub hold_time: u16,
    pub our_families: &'a str,
    /// ExaBGP's `family { … }` body.
    pub exabgp_families: &'a str,
    /// ExaBGP's `capability { … }` body.
    pub exabgp_capabilities: &'a str,
    /// The body of ExaBGP's helper's `receive { … }`: what it hears.
    pub exabgp_receive: &'a str,
    /// ExaBGP's `static { … }` and `flow { … }` sections (whole sections).
    pub exabgp_routes: &'a str,
    /// Both sides on ::1 (BGP Identifiers still from the octets).
    pub ipv6: bool,
    /// Extra settings in ferrobgp's neighbor (`capability { … }`, a second `api { … }`).
    pub our_extra: &'a str,
    pub announce: &'a [&'a str],
}

impl Default for Setup<'_> {
    fn default() -> Self {
        Setup {
            network: "127.13.2",
            octets: (0, 0),
            our_as: 65151,
            exabgp_as: 65152,
            exabgp_peer_as: None,
            ferrobgp_passive: false,
            hold_time: 30,
            our_families: "ipv4 unicast; ipv6 unicast;",
            exabgp_families: "ipv4 unicast; ipv6 unicast;",
            exabgp_capabilities: "route-refresh;",
            exabgp_receive: "parsed; update; refresh;",
            exabgp_routes: "",
            ipv6: false,
            our_extra: "",
            announce: &[],
        }
    }
}

/// Starts both sides as `setup` says; `label` names the test's directory and ferrobgp's log.
pub fn start(label: &str, setup: &Setup) -> Pair {
    let scratch = Scratch::new(&format!("interop-exabgp-{label}"));
    let addresses = Addresses::new(setup.network, setup.octets, setup.ipv6);
    let Addresses {
        peer_id: exabgp_id,
        peer: exabgp_address,
        ours: our_address,
        ..
    } = &addresses;
    let connect = if setup.ferrobgp_passive {
        format!("connect {};", addresses.our_port)
    } else {
        "passive;".to_owned()
    };
    let exabgp = ExabgpPeer::start(
        &scratch.path,
        exabgp_address,
        addresses.peer_port,
        &format!(
            r#"neighbor {our_address} {{
    router-id {exabgp_id};
    local-address {exabgp_address};
    local-as {exabgp_as};
    peer-as {our_as};
    hold-time {hold};
    {connect}
    family {{ {families} }}
    capability {{ {capabilities} }}
    api {{
        processes [ recorder ];
        neighbor-changes;
        receive {{ {receive} }}
    }}
    {routes}
}}
"#,
            exabgp_as = setup.exabgp_as,
            our_as = setup.exabgp_peer_as.unwrap_or(setup.our_as),
            hold = setup.hold_time,
            families = setup.exabgp_families,
            capabilities = setup.exabgp_capabilities,
            receive = setup.exabgp_receive,
            routes = setup.exabgp_routes,
        ),
    );
    let (recorder, daemon) = Speaker {
        passive: setup.ferrobgp_passive,
        hold_time: setup.hold_time,
        families: setup.our_families,
        extra: setup.our_extra,
        announce: setup.announce,
        ..Speaker::at(&addresses, setup.our_as, setup.exabgp_as)
    }
    .start(&scratch, label);
    Pair {
        exabgp,
        daemon,
        recorder,
        exabgp_address: addresses.peer,
        _scratch: scratch,
    }
}

impl Pair {
    /// Waits until ferrobgp logs the session up after log line `after`, and ExaBGP's helper
    /// has seen `ups` sessions come up.
    pub fn wait_up(&self, after: usize, ups: usize) -> usize {
        let line = wait_neighbor(&self.daemon, after, &self.exabgp_address, "up");
        self.exabgp
            .recorder
            .wait(&format!("{ups} session(s) up"), SESSION, |events| {
                (events
                    .iter()
                    .filter(|event| event["type"] == "state" && event["neighbor"]["state"] == "up")
                    .count()
                    >= ups)
                    .then_some(())
            });
        line
    }

    /// The AS number ExaBGP's helper saw ferrobgp's OPEN give, when the session first came up.
    pub fn exabgp_saw_our_as(&self) -> Value {
        let events = self.exabgp.recorder.events();
        let up = events
            .iter()
            .find(|event| event["neighbor"]["state"] == "up")
            .unwrap_or_else(|| panic!("no session up in {events:?}"));
        up["neighbor"]["asn"]["peer"].clone()
    }

    /// Waits until ExaBGP's helper has heard a ROUTE-REFRESH (`what` names it in a failure).
    pub fn wait_exabgp_refresh(&self, what: &str) {
        self.exabgp.recorder.wait(what, SESSION, |events| {
            events
                .iter()
                .any(|event| event["type"] == "refresh")
                .then_some(())
        });
    }

    /// Waits until ferrobgp's helper holds the route `key` (as in `relay_helper::routes`).
    pub fn our_route(&self, key: &str) -> relay_helper::Route {
        self.recorder.wait_for_route(key, SESSION)
    }

    /// Waits until ExaBGP's helper holds the route `key`.
    pub fn exabgp_route(&self, key: &str) -> relay_helper::Route {
        self.exabgp.recorder.wait_for_route(key, SESSION)
    }
}
