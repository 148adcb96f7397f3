//! One ExaBGP and one ferrobgp, peered, for tests/interop_exabgp*.rs (127.13.2.0/24, free
//! ports): [`start`] runs both from a [`Setup`]; both sides are watched the same way, by a
//! recording helper in ferrobgp and one in ExaBGP ([`RelayHelper`]).

use super::exabgp_peer::ExabgpPeer;
use super::relay_helper::{self, RelayHelper};
use super::speaker::{SESSION, Speaker};
use super::{Daemon, Scratch, free_port};

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
    /// Third octet is 2; the fourth octets of ExaBGP's and ferrobgp's addresses.
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
    /// ExaBGP's `static { … }` and `flow { … }` sections (whole sections).
    pub exabgp_routes: &'a str,
    /// Both sides on ::1 (BGP Identifiers still from the octets).
    pub ipv6: bool,
    pub announce: &'a [&'a str],
}

impl Default for Setup<'_> {
    fn default() -> Self {
        Setup {
            octets: (0, 0),
            our_as: 65151,
            exabgp_as: 65152,
            exabgp_peer_as: None,
            ferrobgp_passive: false,
            hold_time: 30,
            our_families: "ipv4 unicast; ipv6 unicast;",
            exabgp_families: "ipv4 unicast; ipv6 unicast;",
            exabgp_capabilities: "route-refresh;",
            exabgp_routes: "",
            ipv6: false,
            announce: &[],
        }
    }
}

/// Starts both sides as `setup` says; `label` names the test's directory and ferrobgp's log.
pub fn start(label: &str, setup: &Setup) -> Pair {
    let scratch = Scratch::new(&format!("interop-exabgp-{label}"));
    let exabgp_id = format!("127.13.2.{}", setup.octets.0);
    let our_id = format!("127.13.2.{}", setup.octets.1);
    let (exabgp_address, our_address) = if setup.ipv6 {
        ("::1".to_owned(), "::1".to_owned())
    } else {
        (exabgp_id.clone(), our_id.clone())
    };
    let exabgp_port = free_port(&exabgp_address);
    let our_port = free_port(&our_address);
    let connect = if setup.ferrobgp_passive {
        format!("connect {our_port};")
    } else {
        "passive;".to_owned()
    };
    let exabgp = ExabgpPeer::start(
        &scratch.path,
        &exabgp_address,
        exabgp_port,
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
        receive {{ parsed; update; refresh; }}
    }}
    {routes}
}}
"#,
            exabgp_as = setup.exabgp_as,
            our_as = setup.exabgp_peer_as.unwrap_or(setup.our_as),
            hold = setup.hold_time,
            families = setup.exabgp_families,
            capabilities = setup.exabgp_capabilities,
            routes = setup.exabgp_routes,
        ),
    );
    let recorder = RelayHelper::new(&scratch.path, "ferrobgp-recorder");
    let speaker = Speaker {
        address: &our_address,
        router_id: &our_id,
        port: our_port,
        local_as: setup.our_as,
        peer: &exabgp_address,
        peer_port: exabgp_port,
        peer_as: setup.exabgp_as,
        passive: setup.ferrobgp_passive,
        hold_time: setup.hold_time,
        families: setup.our_families,
        extra: "",
        announce: setup.announce,
    };
    let config_path = scratch.write("ferrobgp.kdl", &speaker.config(&recorder));
    let daemon = Daemon::start(&format!("ferrobgp-{label}"), &["run", &config_path], &[]);
    Pair {
        exabgp,
        daemon,
        recorder,
        exabgp_address,
        _scratch: scratch,
    }
}

impl Pair {
    /// Waits until ferrobgp logs the session up after log line `after`, and ExaBGP's helper
    /// has seen `ups` sessions come up.
    pub fn wait_up(&self, after: usize, ups: usize) -> usize {
        let line = self.daemon.wait_position_from(
            after,
            &[&format!("neighbor {} up", self.exabgp_address)],
            SESSION,
        );
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

    /// Waits until ferrobgp's helper holds the route `key` (as in `relay_helper::routes`).
    pub fn our_route(&self, key: &str) -> relay_helper::Route {
        self.recorder.wait_for_route(key, SESSION)
    }

    /// Waits until ExaBGP's helper holds the route `key`.
    pub fn exabgp_route(&self, key: &str) -> relay_helper::Route {
        self.exabgp.recorder.wait_for_route(key, SESSION)
    }
}
