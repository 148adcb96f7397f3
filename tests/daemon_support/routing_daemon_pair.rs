//! One routing daemon (FRR or OpenBGPD) and one ferrobgp, peered on loopback, for
//! tests/interop_frr.rs and tests/interop_openbgpd.rs: [`start`] runs ferrobgp, with a
//! recording helper ([`RelayHelper`]) on its neighbor, against the peer the test starts from
//! its own configuration; [`Pair`] holds both and makes the checks the two tests make the same
//! way (the session up on both sides, the hold timer expiring while the peer is frozen, the
//! peer's restart, the peer's routes as the helper saw them); [`start_over_ipv6`] is
//! ferrobgp's side of the session over ::1.

use nix::sys::signal::Signal;

use super::frr::Frr;
use super::openbgpd::OpenBgpd;
use super::relay_helper::{RelayHelper, Route};
use super::speaker::{SESSION, start_second_speaker};
use super::{Daemon, Scratch, free_port};

/// Our AS in the eBGP tests: a 4-octet one (RFC 6793).
pub const OUR_AS: u32 = 4_200_000_001;

/// ferrobgp's IPv4 and IPv6 routes with MED, communities and an AS path that starts with our
/// AS (ferrobgp, like ExaBGP, sends an `as-path` given in a route as it is).
pub const OUR_ROUTES: &str = r#"announce {
        route "10.201.0.0/24 next-hop 192.0.2.201 med 50 as-path [ 4200000001 65301 65302 ] community [ 65200:1 ] large-community [ 65200:2:3 ]"
        ipv6 "unicast 2001:db8:201::/48 next-hop 2001:db8::201 med 51 as-path [ 4200000001 65303 ] community [ 65200:4 ] large-community [ 65200:5:6 ]"
    }"#;

/// What the pair needs of the peer's wrapper.
pub trait RoutingDaemon {
    /// Waits until the session with `neighbor` is Established.
    fn wait_established(&self, neighbor: &str);
    /// SIGSTOP freezes the peer, SIGCONT thaws it.
    fn signal(&self, signal: Signal);
    /// Kills the peer (no NOTIFICATION) and starts it again with the same configuration.
    fn restart(&mut self);
}

/// Both wrappers have the three methods under these names: the impl only forwards to them.
macro_rules! routing_daemon {
    ($wrapper:ty) => {
        impl RoutingDaemon for $wrapper {
            fn wait_established(&self, neighbor: &str) {
                <$wrapper>::wait_established(self, neighbor);
            }
            fn signal(&self, signal: Signal) {
                <$wrapper>::signal(self, signal);
            }
            fn restart(&mut self) {
                <$wrapper>::restart(self);
            }
        }
    };
}

routing_daemon!(Frr);
routing_daemon!(OpenBgpd);

/// ferrobgp's side of one test's pair, and where both sides are.
pub struct Setup<'a> {
    /// The scratch directory is `interop-LABEL`; ferrobgp's log is labelled `label`.
    pub label: &'a str,
    /// The test's addresses by their last octet: the peer is `address(host)`, ferrobgp
    /// `address(host + 1)`.
    pub address: fn(u8) -> String,
    /// The peer's prefixes are 10.(100 + host).0.0/24 and 2001:db8:(100 + host)::/48.
    pub host: u8,
    /// ferrobgp's AS (`local-as`).
    pub our_as: u32,
    /// The peer's AS, which ferrobgp expects (`peer-as`).
    pub peer_as: u32,
    /// ferrobgp connects; else it is passive.
    pub ferrobgp_connects: bool,
    /// More settings in ferrobgp's neighbor block (family, capability, announce).
    pub neighbor: &'a str,
}

/// A running peer and ferrobgp, with the helper's log.
pub struct Pair<P> {
    pub peer: P,
    pub daemon: Daemon,
    pub seen: RelayHelper,
    pub peer_address: String,
    pub peer_port: u16,
    pub peer_as: u32,
    pub our_address: String,
    /// The peer's prefixes: IPv4 and IPv6.
    pub peer_v4: String,
    pub peer_v6: String,
    /// Last: removed after both processes are gone.
    pub scratch: Scratch,
}

/// Starts the peer with `start_peer(scratch, peer_port, our_port)`, then ferrobgp (log level
/// debug, hold time 9) with one neighbor, the peer, whose UPDATEs the helper `seen` receives.
pub fn start<P>(setup: &Setup, start_peer: impl FnOnce(&Scratch, u16, u16) -> P) -> Pair<P> {
    let scratch = Scratch::new(&format!("interop-{}", setup.label));
    let peer_address = (setup.address)(setup.host);
    let our_address = (setup.address)(setup.host + 1);
    let peer_port = free_port(&peer_address);
    let our_port = free_port(&our_address);
    let peer = start_peer(&scratch, peer_port, our_port);
    let passive = if setup.ferrobgp_connects {
        ""
    } else {
        "passive"
    };
    let seen = RelayHelper::new(&scratch.path, "seen");
    let config = format!(
        r#"router-id "{our_address}"
local-as {our_as}
listen "{our_address}" port={our_port}
control-fifo #false
{helper}
neighbor "{peer_address}" {{
    peer-as {peer_as}
    local-address "{our_address}"
    connect-port {peer_port}
    hold-time 9
    {passive}
    api {{ processes "seen"; receive {{ parsed; update; }}; }}
    {neighbor}
}}
"#,
        our_as = setup.our_as,
        peer_as = setup.peer_as,
        helper = seen.process_node("seen"),
        neighbor = setup.neighbor,
    );
    let config_path = scratch.write("ferrobgp.kdl", &config);
    let daemon = Daemon::start(
        setup.label,
        &["run", &config_path],
        &[("FERROBGP_LOG", "debug")],
    );
    let v4 = 100 + u16::from(setup.host);
    Pair {
        peer,
        daemon,
        seen,
        peer_address,
        peer_port,
        peer_as: setup.peer_as,
        our_address,
        peer_v4: format!("10.{v4}.0.0/24"),
        peer_v6: format!("2001:db8:{v4}::/48"),
        scratch,
    }
}

impl<P: RoutingDaemon> Pair<P> {
    /// Waits (60 s) for the session to be up on both sides, in ferrobgp's log from line
    /// `first_line` on.
    pub fn wait_up(&self, first_line: usize) {
        self.daemon.wait_for_from(
            first_line,
            &[&format!("neighbor {} up", self.peer_address)],
            SESSION,
        );
        self.peer.wait_established(&self.our_address);
    }

    /// Starts a second ferrobgp (AS 65113, at `address`, labelled `label`) that sends the peer
    /// `route`, for ADD-PATH; waits until both ferrobgp's sessions with the peer are up.
    pub fn start_second_speaker(&self, label: &str, address: &str, route: &str) -> Daemon {
        let second = start_second_speaker(
            &self.scratch,
            label,
            address,
            (&self.peer_address, self.peer_as, self.peer_port),
            route,
        );
        self.wait_up(0);
        self.peer.wait_established(address);
        second
    }

    /// Waits for ferrobgp to log a ROUTE-REFRESH from the peer, from log line `first` on.
    pub fn wait_route_refresh_from_peer(&self, first: usize) {
        self.daemon.wait_for_from(
            first,
            &[&format!(
                "neighbor {} receive route-refresh",
                self.peer_address
            )],
            SESSION,
        );
    }

    /// Freezes the peer (SIGSTOP) until ferrobgp's hold timer expires and it sends its
    /// NOTIFICATION, thaws it and waits for the session to come back. (Whether the peer logs
    /// our NOTIFICATION depends on whether, once thawed, it reads its socket before its own
    /// hold timer fires: not checked.)
    pub fn freeze_until_hold_timer_expires(&self) {
        let first = self.daemon.lines().len();
        self.peer.signal(Signal::SIGSTOP);
        self.daemon.wait_for_from(
            first,
            &[
                &format!("neighbor {} notification sent", self.peer_address),
                "(4/0) Hold timer expired",
            ],
            SESSION,
        );
        let expired = self.daemon.lines().len();
        self.peer.signal(Signal::SIGCONT);
        self.wait_up(expired);
    }

    /// Restarts the peer; waits for ferrobgp to see the session go down and come back up.
    pub fn restart_peer(&mut self) {
        let first = self.daemon.lines().len();
        self.peer.restart();
        self.daemon.wait_for_from(
            first,
            &[&format!("neighbor {} down", self.peer_address)],
            SESSION,
        );
        self.wait_up(first);
    }

    /// The peer's two routes (eBGP), as the helper saw them: each with `as_path`, MED 60,
    /// community PEER_AS:7, large community PEER_AS:8:9 and no LOCAL_PREF (RFC 4271
    /// §5.1.5); the IPv4 one with the peer's address as next hop. Returns the IPv6 one.
    pub fn assert_peer_routes_seen(&self, as_path: &[u64]) -> Route {
        let peer_as = u64::from(self.peer_as);
        for prefix in [&self.peer_v4, &self.peer_v6] {
            let seen = &self.seen.wait_for_announced(prefix, 1, SESSION)[0];
            assert_eq!(seen.as_path(), as_path, "{seen:?}");
            assert_eq!(seen.number("med"), Some(60), "{seen:?}");
            assert_eq!(seen.lists("community"), vec![vec![peer_as, 7]]);
            assert_eq!(seen.lists("large-community"), vec![vec![peer_as, 8, 9]]);
            assert_eq!(seen.number("local-preference"), None, "{seen:?}");
        }
        let seen_v4 = &self.seen.wait_for_announced(&self.peer_v4, 1, SESSION)[0];
        assert_eq!(seen_v4.family, "ipv4 unicast");
        assert_eq!(seen_v4.next_hop, self.peer_address);
        let seen_v6 = self.seen.wait_for_announced(&self.peer_v6, 1, SESSION)[0].clone();
        assert_eq!(seen_v6.family, "ipv6 unicast");
        seen_v6
    }
}

/// A peer and ferrobgp in session over ::1.
pub struct Ipv6Session<P> {
    pub daemon: Daemon,
    pub peer: P,
    /// Last: removed after both processes are gone.
    pub scratch: Scratch,
}

/// Both on ::1 (different ports): starts the peer with `start_peer(scratch, peer_port,
/// our_port)` (it is passive), then ferrobgp (router id `router_id`, IPv6 unicast only,
/// announcing 2001:db8:231::/48 with MED 9), and waits until the session is up, ferrobgp logged
/// its outgoing connection and the peer sees it Established.
pub fn start_over_ipv6<P: RoutingDaemon>(
    label: &str,
    router_id: &str,
    peer_as: u32,
    start_peer: impl FnOnce(&Scratch, u16, u16) -> P,
) -> Ipv6Session<P> {
    let scratch = Scratch::new(&format!("interop-{label}"));
    let peer_port = free_port("::1");
    let our_port = free_port("::1");
    let peer = start_peer(&scratch, peer_port, our_port);
    let config = scratch.write(
        "ferrobgp.kdl",
        &format!(
            r#"router-id "{router_id}"
local-as {OUR_AS}
listen "::1" port={our_port}
control-fifo #false
neighbor "::1" {{
    peer-as {peer_as}
    local-address "::1"
    connect-port {peer_port}
    hold-time 9
    family {{ ipv6 unicast; }}
    announce {{ ipv6 "unicast 2001:db8:231::/48 next-hop 2001:db8::231 med 9"; }}
}}
"#
        ),
    );
    let daemon = Daemon::start(label, &["run", &config], &[("FERROBGP_LOG", "debug")]);
    daemon.wait_for_from(0, &["neighbor ::1 up"], SESSION);
    daemon.wait_for(&[
        "neighbor ::1 connected (outgoing) [::1]:",
        &format!("-> [::1]:{peer_port}"),
    ]);
    peer.wait_established("::1");
    Ipv6Session {
        daemon,
        peer,
        scratch,
    }
}
