//! `ferrobgp run` against a real OpenBGPD 7.7 on loopback (127.11.2.0/24, free ports):
//! sessions in both directions, IPv4 and IPv6 routes both ways with their attributes
//! (checked with `bgpctl show rib in … detail`, and in the ExaBGP JSON a real helper
//! receives), LOCAL_PREF on iBGP, a 4-octet local AS, ADD-PATH both ways, route refresh both
//! ways, the hold timer expiring while OpenBGPD is frozen (SIGSTOP to its process group),
//! OpenBGPD's restart, and a session over IPv6 (::1).
//!
//! OpenBGPD 7.7 facts the tests work with, each seen on this machine:
//! - It does not answer a ROUTE-REFRESH it receives: its RDE logs "route refresh: AID IPv4
//!   unicast not negotiated" although `bgpctl show neighbor` lists IPv4 unicast among the
//!   negotiated capabilities and routes flow. It does the same with BIRD 2.0.12's
//!   `birdc reload in`, so this is OpenBGPD, not ferrobgp: a known regression (the check in
//!   rde.c was inverted in revision 1.548 and fixed in 1.586, January 2023, after 7.7;
//!   openbgpd-portable issue #46). The test of `announce route-refresh` therefore checks
//!   that OpenBGPD received a well-formed request (its counter, and no NOTIFICATION), not
//!   that it re-sends its routes.
//! - `enforce neighbor-as` is on by default: an AS path we send must start with our AS
//!   (ExaBGP, and so ferrobgp, sends an `as-path` given in a route as it is).
//! - On eBGP it rewrites the next hop of the IPv6 routes it sends over an IPv4 session to an
//!   address of its own choice (`::1` here), so only their other attributes are checked.

mod daemon_support;

use daemon_support::openbgpd::OpenBgpd;
use daemon_support::relay_helper::assert_two_paths;
use daemon_support::routing_daemon_pair::{self, OUR_AS, OUR_ROUTES, Setup, start_over_ipv6};
use daemon_support::speaker::SESSION;
use daemon_support::{Scratch, wait_until_reporting};

const PEER_AS: u32 = 65106;

struct Options<'a> {
    label: &'a str,
    /// OpenBGPD is 127.11.2.`host`, ferrobgp 127.11.2.`host + 1`.
    host: u8,
    our_as: u32,
    peer_as: u32,
    ferrobgp_connects: bool,
    peer_connects: bool,
    /// More settings in ferrobgp's neighbor block.
    neighbor: &'a str,
    /// More lines in OpenBGPD's neighbor block for ferrobgp.
    peer_neighbor: &'a str,
    /// More lines at the end of OpenBGPD's configuration (another neighbor).
    peer_lines: &'a str,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            label: "openbgpd",
            host: 1,
            our_as: OUR_AS,
            peer_as: PEER_AS,
            ferrobgp_connects: true,
            peer_connects: false,
            neighbor: "",
            peer_neighbor: "",
            peer_lines: "",
        }
    }
}

/// A running OpenBGPD and ferrobgp, with the helper's log.
type Pair = routing_daemon_pair::Pair<OpenBgpd>;

fn address(host: u8) -> String {
    format!("127.11.2.{host}")
}

/// OpenBGPD's configuration: short timers, an IPv4 and an IPv6 network with MED,
/// communities, a prepended AS path and LOCAL_PREF 300 (sent on iBGP only).
fn peer_config(options: &Options, scratch: &Scratch, peer_port: u16, our_port: u16) -> String {
    let peer_address = address(options.host);
    let our_address = address(options.host + 1);
    let v4 = 100 + u16::from(options.host);
    let passive = if options.peer_connects {
        ""
    } else {
        "  passive\n"
    };
    format!(
        r#"AS {peer_as}
router-id {peer_address}
fib-update no
listen on {peer_address} port {peer_port}
socket "{socket}"
connect-retry 1
holdtime 9
holdtime min 3
network 10.{v4}.0.0/24 set {{ med 60 community {peer_as}:7 large-community {peer_as}:8:9 prepend-self 2 localpref 300 }}
network 2001:db8:{v4}::/48 set {{ med 60 community {peer_as}:7 large-community {peer_as}:8:9 prepend-self 2 localpref 300 }}
neighbor {our_address} {{
  remote-as {our_as}
  local-address {peer_address}
  port {our_port}
  multihop 2
  announce IPv4 unicast
  announce IPv6 unicast
{passive}{extra}
}}
{lines}
allow from any
allow to any
"#,
        peer_as = options.peer_as,
        our_as = options.our_as,
        socket = scratch.file("bgpd.sock").display(),
        extra = options.peer_neighbor,
        lines = options.peer_lines,
    )
}

fn start(options: Options) -> Pair {
    let setup = Setup {
        label: options.label,
        address,
        host: options.host,
        our_as: options.our_as,
        peer_as: options.peer_as,
        ferrobgp_connects: options.ferrobgp_connects,
        neighbor: options.neighbor,
    };
    routing_daemon_pair::start(&setup, |scratch, peer_port, our_port| {
        OpenBgpd::start(
            &scratch.path,
            &peer_config(&options, scratch, peer_port, our_port),
        )
    })
}

impl Pair {
    fn statistic(&self, section: &str, label: &str, column: usize) -> u64 {
        self.peer
            .statistic(&self.our_address, section, label, column)
    }

    fn assert_received(&self, prefix: &str, wanted: &[&str]) {
        self.peer.assert_received(&self.our_address, prefix, wanted);
    }

    /// `bgpctl show neighbor` for ferrobgp, and its part after "Negotiated capabilities:".
    fn neighbor_and_capabilities(&self) -> (String, String) {
        let neighbor = self
            .peer
            .bgpctl(&format!("show neighbor {}", self.our_address));
        let negotiated = neighbor
            .split("Negotiated capabilities:")
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        (neighbor, negotiated)
    }
}

#[test]
fn established_when_ferrobgp_connects() {
    let pair = start(Options {
        label: "openbgpd-active",
        host: 1,
        ..Options::default()
    });
    pair.wait_up(0);
    pair.daemon.wait_for(&[
        &format!("neighbor {} connected (outgoing)", pair.peer_address),
        &format!("-> {}:{}", pair.peer_address, pair.peer_port),
    ]);
}

#[test]
fn established_when_openbgpd_connects() {
    let pair = start(Options {
        label: "openbgpd-passive",
        host: 3,
        ferrobgp_connects: false,
        peer_connects: true,
        ..Options::default()
    });
    pair.wait_up(0);
    pair.daemon.wait_for(&[&format!(
        "neighbor {} connected (incoming)",
        pair.peer_address
    )]);
}

#[test]
fn routes_and_attributes_flow_both_ways() {
    let pair = start(Options {
        label: "openbgpd-routes",
        host: 5,
        neighbor: OUR_ROUTES,
        ..Options::default()
    });
    pair.wait_up(0);
    pair.assert_received(
        "10.201.0.0/24",
        &[
            "4200000001 65301 65302",
            "Nexthop 192.0.2.201 ",
            "metric 50,",
            "external",
            "Communities: 65200:1",
            "Large Communities: 65200:2:3",
        ],
    );
    pair.assert_received(
        "2001:db8:201::/48",
        &[
            "4200000001 65303",
            "Nexthop 2001:db8::201 ",
            "metric 51,",
            "Communities: 65200:4",
            "Large Communities: 65200:5:6",
        ],
    );
    let peer_as = u64::from(PEER_AS);
    pair.assert_peer_routes_seen(&[peer_as, peer_as, peer_as]);
}

#[test]
fn local_preference_on_ibgp() {
    let pair = start(Options {
        label: "openbgpd-ibgp",
        host: 7,
        our_as: 65100,
        peer_as: 65100,
        neighbor: r#"announce {
        route "10.207.0.0/24 next-hop 192.0.2.207 local-preference 250 med 5"
    }"#,
        ..Options::default()
    });
    pair.wait_up(0);
    pair.assert_received(
        "10.207.0.0/24",
        &["localpref 250,", "metric 5,", "internal"],
    );
    let seen = &pair.seen.wait_for_announced(&pair.peer_v4, 1, SESSION)[0];
    assert_eq!(seen.number("local-preference"), Some(300), "{seen:?}");
    // iBGP: OpenBGPD's prepend-self 2 without its AS added on the session.
    assert_eq!(seen.as_path(), vec![65100, 65100], "{seen:?}");
}

#[test]
fn four_octet_local_as() {
    let pair = start(Options {
        label: "openbgpd-asn4",
        host: 9,
        neighbor: r#"announce { route "10.209.0.0/24 next-hop 192.0.2.209"; }"#,
        ..Options::default()
    });
    pair.wait_up(0);
    let (neighbor, negotiated) = pair.neighbor_and_capabilities();
    assert!(
        neighbor.contains("remote AS 4200000001"),
        "OpenBGPD's view of us:\n{neighbor}"
    );
    assert!(
        negotiated.contains("4-byte AS numbers"),
        "OpenBGPD's view of us:\n{neighbor}"
    );
    // Our default AS path: our 4-octet AS alone (the entry's AS path line is "4200000001").
    let path = &pair
        .peer
        .wait_for_paths(&pair.our_address, "10.209.0.0/24", 1)[0];
    assert!(
        path.lines().any(|line| line.trim() == "4200000001"),
        "OpenBGPD's entry:{path}"
    );
    let seen = &pair.seen.wait_for_announced(&pair.peer_v4, 1, SESSION)[0];
    assert_eq!(seen.as_path()[0], u64::from(PEER_AS));
}

#[test]
fn add_path_both_ways() {
    // OpenBGPD holds two paths for its prefix 10.111.0.0/24: its `network` and the one a
    // second ferrobgp (AS 65113, 127.11.2.13) sends; with `add-path send all` it sends both
    // to us. We send two paths for 10.211.0.0/24.
    let second_address = address(13);
    let peer_lines = format!(
        "neighbor {second_address} {{\n  remote-as 65113\n  local-address 127.11.2.11\n  \
         multihop 2\n  passive\n}}\n"
    );
    let pair = start(Options {
        label: "openbgpd-addpath",
        host: 11,
        neighbor: r#"family { ipv4 unicast add-path=send-receive; ipv6 unicast; }
    announce {
        route "10.211.0.0/24 next-hop 192.0.2.211 med 1 path-information 1"
        route "10.211.0.0/24 next-hop 192.0.2.212 med 2 path-information 2"
    }"#,
        peer_neighbor: "  announce add-path recv yes\n  announce add-path send all",
        peer_lines: &peer_lines,
        ..Options::default()
    });
    let _second = pair.start_second_speaker(
        "openbgpd-addpath-second",
        &second_address,
        "10.111.0.0/24 next-hop self med 77",
    );

    let (neighbor, negotiated) = pair.neighbor_and_capabilities();
    assert!(
        negotiated.contains("Add-path: IPv4 unicast bidir"),
        "OpenBGPD's view of us:\n{neighbor}"
    );

    // Ours: both paths in OpenBGPD's Adj-RIB-In, each with its path identifier.
    let paths = pair
        .peer
        .wait_for_paths(&pair.our_address, "10.211.0.0/24", 2);
    for (next_hop, identifier) in [("192.0.2.211", "Path-Id: 1"), ("192.0.2.212", "Path-Id: 2")] {
        assert!(
            paths
                .iter()
                .any(|path| path.contains(&format!("Nexthop {next_hop} "))
                    && path.contains(identifier)),
            "no path via {next_hop} with {identifier}: {paths:#?}"
        );
    }

    // OpenBGPD's two paths, as our helper saw them: distinct path identifiers.
    let seen = pair.seen.wait_for_announced(&pair.peer_v4, 2, SESSION);
    let peer_as = u64::from(PEER_AS);
    assert_two_paths(
        &seen,
        vec![vec![peer_as, peer_as, peer_as], vec![peer_as, 65113]],
    );
}

#[test]
fn route_refresh_from_openbgpd_is_answered() {
    let pair = start(Options {
        label: "openbgpd-refresh-in",
        host: 15,
        neighbor: OUR_ROUTES,
        ..Options::default()
    });
    pair.wait_up(0);
    pair.assert_received("10.201.0.0/24", &["metric 50,"]);
    pair.assert_received("2001:db8:201::/48", &["metric 51,"]);
    let before = pair.statistic("Message statistics", "Updates", 1);
    let first = pair.daemon.lines().len();
    let answer = pair
        .peer
        .bgpctl(&format!("neighbor {} refresh", pair.our_address));
    assert!(answer.contains("request processed"), "bgpctl: {answer}");
    pair.wait_route_refresh_from_peer(first);
    // Our answer: the routes again (OpenBGPD counts the UPDATEs), so they are still there.
    wait_until_reporting(
        "OpenBGPD to receive an UPDATE after its ROUTE-REFRESH",
        SESSION,
        || (pair.statistic("Message statistics", "Updates", 1) >= before + 2).then_some(()),
        || format!("OpenBGPD's log:\n{}", pair.peer.log()),
    );
    pair.assert_received("10.201.0.0/24", &["metric 50,"]);
    pair.assert_received("2001:db8:201::/48", &["metric 51,"]);
}

#[test]
fn route_refresh_asked_by_a_helper_reaches_openbgpd() {
    // OpenBGPD 7.7 does not answer it (see the header): check that it received it.
    let pair = start(Options {
        label: "openbgpd-refresh-out",
        host: 17,
        ..Options::default()
    });
    pair.wait_up(0);
    pair.seen.wait_for_announced(&pair.peer_v4, 1, SESSION);
    pair.seen.send("announce route-refresh ipv4 unicast");
    wait_until_reporting(
        "OpenBGPD to count a ROUTE-REFRESH request from us",
        SESSION,
        || (pair.statistic("Route Refresh statistics", "Request", 1) >= 1).then_some(()),
        || format!("OpenBGPD's log:\n{}", pair.peer.log()),
    );
    // A malformed one would have closed the session with a NOTIFICATION.
    pair.peer.wait_established(&pair.our_address);
    assert!(
        !pair
            .daemon
            .lines()
            .iter()
            .any(|line| line.contains("notification received")),
        "{:#?}",
        pair.daemon.lines()
    );
}

#[test]
fn hold_timer_expires_while_openbgpd_is_frozen() {
    let pair = start(Options {
        label: "openbgpd-hold",
        host: 19,
        peer_connects: true,
        ..Options::default()
    });
    pair.wait_up(0);
    pair.freeze_until_hold_timer_expires();
}

#[test]
fn openbgpd_restart_reconverges() {
    let mut pair = start(Options {
        label: "openbgpd-restart",
        host: 21,
        peer_connects: true,
        neighbor: OUR_ROUTES,
        ..Options::default()
    });
    pair.wait_up(0);
    pair.assert_received("10.201.0.0/24", &["metric 50,"]);
    pair.seen.wait_for_announced(&pair.peer_v4, 1, SESSION);
    pair.restart_peer();
    // A new OpenBGPD starts with an empty RIB: these are our routes sent again.
    pair.assert_received("10.201.0.0/24", &["metric 50,"]);
    pair.assert_received("2001:db8:201::/48", &["metric 51,"]);
    pair.seen.wait_for_announced(&pair.peer_v4, 2, SESSION);
}

#[test]
fn session_over_ipv6_transport() {
    // Both on ::1 (different ports): OpenBGPD passive, IPv6 unicast only.
    let session = start_over_ipv6(
        "openbgpd-ipv6",
        "127.11.2.32",
        PEER_AS,
        |scratch, peer_port, our_port| {
            OpenBgpd::start(&scratch.path, &ipv6_config(scratch, peer_port, our_port))
        },
    );
    let path = &session.peer.wait_for_paths("::1", "2001:db8:231::/48", 1)[0];
    for part in ["4200000001", "Nexthop 2001:db8::231 ", "metric 9,"] {
        assert!(
            path.contains(part),
            "no {part:?} in OpenBGPD's entry:{path}"
        );
    }
    session.daemon.wait_for(&[
        "neighbor ::1 receive update announced 2001:db8:131::/48",
        &format!("as-path ( {PEER_AS} )"),
        "med 8",
    ]);
}

/// OpenBGPD's configuration for the session over ::1: passive, IPv6 unicast only, one network
/// with MED 8.
fn ipv6_config(scratch: &Scratch, peer_port: u16, our_port: u16) -> String {
    format!(
        r#"AS {PEER_AS}
router-id 127.11.2.31
fib-update no
listen on ::1 port {peer_port}
socket "{socket}"
connect-retry 1
holdtime 9
network 2001:db8:131::/48 set {{ med 8 }}
neighbor ::1 {{
  remote-as {OUR_AS}
  local-address ::1
  port {our_port}
  multihop 2
  passive
  announce IPv4 none
  announce IPv6 unicast
}}
allow from any
allow to any
"#,
        socket = scratch.file("bgpd.sock").display(),
    )
}
