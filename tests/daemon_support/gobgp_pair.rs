//! One GoBGP and one ferrobgp, peered, for tests/interop_gobgp*.rs (127.13.1.0/24, free ports,
//! GoBGP's gRPC API on its own address and port): [`start`] runs both from a [`Setup`];
//! ferrobgp's side is watched by a recording helper ([`RelayHelper`]), GoBGP's with
//! `gobgp … -j`.

use serde_json::Value;

use super::gobgp::{Gobgp, GobgpNeighbor, config, paths};
use super::relay_helper::{self, RelayHelper};
use super::speaker::{SESSION, Speaker};
use super::{Daemon, Scratch, free_port};

/// One GoBGP and one ferrobgp, peered.
pub struct Pair {
    pub gobgp: Gobgp,
    pub daemon: Daemon,
    pub recorder: RelayHelper,
    pub gobgp_address: String,
    pub our_address: String,
    // Last: removed after both processes are gone.
    _scratch: Scratch,
}

/// What differs between the tests.
pub struct Setup<'a> {
    /// Third octet is 1; the fourth octets of GoBGP's and ferrobgp's addresses.
    pub octets: (u8, u8),
    pub our_as: u32,
    pub gobgp_as: u32,
    pub ferrobgp_passive: bool,
    pub hold_time: u16,
    pub our_families: &'a str,
    pub gobgp_families: &'a [&'a str],
    pub add_path: bool,
    /// Both sides on ::1 (BGP Identifiers still from the octets).
    pub ipv6: bool,
    pub our_key: Option<&'a str>,
    pub gobgp_key: Option<&'a str>,
    pub announce: &'a [&'a str],
}

impl Default for Setup<'_> {
    fn default() -> Self {
        Setup {
            octets: (0, 0),
            our_as: 65131,
            gobgp_as: 65132,
            ferrobgp_passive: false,
            hold_time: 30,
            our_families: "ipv4 unicast; ipv6 unicast;",
            gobgp_families: &["ipv4-unicast", "ipv6-unicast"],
            add_path: false,
            ipv6: false,
            our_key: None,
            gobgp_key: None,
            announce: &[],
        }
    }
}

/// Starts both sides as `setup` says; `label` names the test's directory and ferrobgp's log.
pub fn start(label: &str, setup: &Setup) -> Pair {
    let scratch = Scratch::new(&format!("interop-gobgp-{label}"));
    let gobgp_id = format!("127.13.1.{}", setup.octets.0);
    let our_id = format!("127.13.1.{}", setup.octets.1);
    let (gobgp_address, our_address) = if setup.ipv6 {
        ("::1".to_owned(), "::1".to_owned())
    } else {
        (gobgp_id.clone(), our_id.clone())
    };
    let gobgp_port = free_port(&gobgp_address);
    let our_port = free_port(&our_address);
    let gobgp = Gobgp::start(
        &scratch.path,
        &gobgp_id,
        &config(
            setup.gobgp_as,
            &gobgp_id,
            &gobgp_address,
            gobgp_port,
            &[GobgpNeighbor {
                address: &our_address,
                peer_as: setup.our_as,
                remote_port: our_port,
                local_address: &gobgp_address,
                passive: !setup.ferrobgp_passive,
                hold_time: setup.hold_time,
                families: setup.gobgp_families,
                add_path: setup.add_path,
                password: setup.gobgp_key,
            }],
        ),
    );
    let recorder = RelayHelper::new(&scratch.path, "ferrobgp-recorder");
    let extra = setup
        .our_key
        .map(|key| format!("md5-password \"{key}\""))
        .unwrap_or_default();
    let speaker = Speaker {
        address: &our_address,
        router_id: &our_id,
        port: our_port,
        local_as: setup.our_as,
        peer: &gobgp_address,
        peer_port: gobgp_port,
        peer_as: setup.gobgp_as,
        passive: setup.ferrobgp_passive,
        hold_time: setup.hold_time,
        families: setup.our_families,
        extra: &extra,
        announce: setup.announce,
    };
    let config_path = scratch.write("ferrobgp.kdl", &speaker.config(&recorder));
    let daemon = Daemon::start(&format!("ferrobgp-{label}"), &["run", &config_path], &[]);
    Pair {
        gobgp,
        daemon,
        recorder,
        gobgp_address,
        our_address,
        _scratch: scratch,
    }
}

impl Pair {
    /// Waits until both sides see the session Established.
    pub fn wait_up(&self) {
        self.daemon.wait_position_from(
            0,
            &[&format!("neighbor {} up", self.gobgp_address)],
            SESSION,
        );
        self.gobgp.wait_established(&self.our_address, SESSION);
    }

    /// Waits until GoBGP's RIB of `family` holds `count` paths for `prefix`; returns them.
    pub fn gobgp_paths(&self, family: &str, prefix: &str, count: usize) -> Vec<Value> {
        self.gobgp
            .wait(&["global", "rib", "-a", family], SESSION, |rib| {
                let found = paths(rib, prefix);
                (found.len() == count).then(|| found.into_iter().cloned().collect())
            })
    }

    /// Waits until ferrobgp's helper holds the route `key` (as in `relay_helper::routes`).
    pub fn our_route(&self, key: &str) -> relay_helper::Route {
        self.recorder.wait_for_route(key, SESSION)
    }
}
