//! One GoBGP and one ferrobgp, peered, for tests/interop_gobgp*.rs (127.13.1.0/24, free ports,
//! GoBGP's gRPC API on its own address and port): [`start`] runs both from a [`Setup`];
//! ferrobgp's side is watched by a recording helper ([`RelayHelper`]), GoBGP's with
//! `gobgp … -j`.

use serde_json::Value;

use super::gobgp::{Gobgp, GobgpNeighbor, config, paths};
use super::relay_helper::{self, RelayHelper};
use super::speaker::{Addresses, SESSION, Speaker, wait_neighbor};
use super::{Daemon, Scratch};

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
    let addresses = Addresses::new("127.13.1", setup.octets, setup.ipv6);
    let gobgp = Gobgp::start(
        &scratch.path,
        &addresses.peer_id,
        &config(
            setup.gobgp_as,
            &addresses.peer_id,
            &addresses.peer,
            addresses.peer_port,
            &[GobgpNeighbor {
                address: &addresses.ours,
                peer_as: setup.our_as,
                remote_port: addresses.our_port,
                local_address: &addresses.peer,
                passive: !setup.ferrobgp_passive,
                hold_time: setup.hold_time,
                families: setup.gobgp_families,
                add_path: setup.add_path,
                password: setup.gobgp_key,
            }],
        ),
    );
    let extra = setup
        .our_key
        .map(|key| format!("md5-password \"{key}\""))
        .unwrap_or_default();
    let (recorder, daemon) = Speaker {
        passive: setup.ferrobgp_passive,
        hold_time: setup.hold_time,
        families: setup.our_families,
        extra: &extra,
        announce: setup.announce,
        ..Speaker::at(&addresses, setup.our_as, setup.gobgp_as)
    }
    .start(&scratch, label);
    Pair {
        gobgp,
        daemon,
        recorder,
        gobgp_address: addresses.peer,
        our_address: addresses.ours,
        _scratch: scratch,
    }
}

impl Pair {
    /// Waits until both sides see the session Established.
    pub fn wait_up(&self) {
        wait_neighbor(&self.daemon, 0, &self.gobgp_address, "up");
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
