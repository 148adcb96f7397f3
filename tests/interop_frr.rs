//! `ferrobgp run` against a real FRR 8.4 `bgpd` on loopback (127.11.1.0/24, free ports,
//! FRR without zebra): sessions in both directions, IPv4 and IPv6 routes both ways with their
//! attributes (checked in FRR's RIB with `vtysh … json`, and in the ExaBGP JSON a real helper
//! receives), LOCAL_PREF on iBGP, a 4-octet local AS, ADD-PATH both ways, route refresh both
//! ways, the hold timer expiring while FRR is frozen (SIGSTOP), FRR's restart, and a session
//! over IPv6 (::1).
//!
//! FRR 8.4 facts the tests work with, each seen on this machine:
//! - FRR ignores a ROUTE-REFRESH that arrives before it has sent its End-of-RIB for the
//!   family (its log: "rcvd route-refresh (REQUEST) for IPv4/unicast before EoR"), and it
//!   sends End-of-RIB only to a peer that advertised graceful restart (also reported for
//!   FRR 10.0 as FRRouting/frr issue #16126). So the test of
//!   `announce route-refresh` gives ferrobgp `graceful-restart 120` and has the helper ask
//!   once it saw FRR's IPv4 End-of-RIB.
//! - FRR refuses a 127/8 NEXT_HOP ("martian"), so our routes carry 192.0.2.x / 2001:db8::x.
//! - ExaBGP (and so ferrobgp) sends an `as-path` given in a route as it is, without
//!   prepending the local AS: the routes here spell it out, starting with our AS.

mod daemon_support;

use daemon_support::Scratch;
use daemon_support::frr::{Frr, text};
use daemon_support::relay_helper::assert_two_paths;
use daemon_support::routing_daemon_pair::{self, OUR_AS, OUR_ROUTES, Setup, start_over_ipv6};
use daemon_support::speaker::SESSION;
use serde_json::{Value, json};

const FRR_AS: u32 = 65101;

/// How one test's pair is set up.
struct Options<'a> {
    label: &'a str,
    /// FRR is 127.11.1.`host`, ferrobgp 127.11.1.`host + 1` (and `host + 2` for a second
    /// speaker).
    host: u8,
    our_as: u32,
    frr_as: u32,
    /// ferrobgp connects (FRR passive) / FRR connects (ferrobgp passive) / both may.
    ferrobgp_connects: bool,
    frr_connects: bool,
    /// More settings in ferrobgp's neighbor block (family, capability, announce).
    neighbor: &'a str,
    /// More lines for FRR's neighbor (`neighbor ADDRESS …` is prefixed), in `router bgp`.
    frr_neighbor: &'a [&'a str],
    /// The same, in FRR's `address-family ipv4 unicast`.
    frr_neighbor_ipv4: &'a [&'a str],
    /// More lines, as they are, in `router bgp` (another neighbor).
    frr_lines: &'a str,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            label: "frr",
            host: 1,
            our_as: OUR_AS,
            frr_as: FRR_AS,
            ferrobgp_connects: true,
            frr_connects: false,
            neighbor: "",
            frr_neighbor: &[],
            frr_neighbor_ipv4: &[],
            frr_lines: "",
        }
    }
}

/// A running FRR and ferrobgp, with the helper's log.
type Pair = routing_daemon_pair::Pair<Frr>;

fn address(host: u8) -> String {
    format!("127.11.1.{host}")
}

/// FRR's configuration: one neighbor (ferrobgp), short timers, an IPv4 and an IPv6 network
/// with MED, communities, a prepended AS path and (iBGP only) LOCAL_PREF 300.
fn frr_config(options: &Options, scratch: &Scratch, our_port: u16) -> String {
    let frr_address = address(options.host);
    let our_address = address(options.host + 1);
    let neighbor = |line: &str| format!(" neighbor {our_address} {line}\n");
    let mut extra = String::new();
    if !options.frr_connects {
        extra.push_str(&neighbor("passive"));
    }
    for line in options.frr_neighbor {
        extra.push_str(&neighbor(line));
    }
    extra.push_str(options.frr_lines);
    let mut ipv4 = String::new();
    for line in options.frr_neighbor_ipv4 {
        ipv4.push_str(&format!(" {}", neighbor(line)));
    }
    let host = options.host;
    format!(
        r#"frr defaults traditional
hostname frr{host}
log file {log} debugging
debug bgp neighbor-events
route-map ORIGIN permit 10
 set metric 60
 set community {frr_as_low}:7
 set large-community {frr_as}:8:9
 set as-path prepend 65201 65202
 set local-preference 300
exit
route-map IPV6-NEXT-HOP permit 10
 set ipv6 next-hop global 2001:db8::{host}
exit
router bgp {frr_as}
 bgp router-id {frr_address}
 bgp log-neighbor-changes
 no bgp ebgp-requires-policy
 no bgp network import-check
 timers bgp 3 9
 neighbor {our_address} remote-as {our_as}
 neighbor {our_address} port {our_port}
 neighbor {our_address} update-source {frr_address}
 neighbor {our_address} disable-connected-check
 neighbor {our_address} timers connect 1
{extra} address-family ipv4 unicast
  network 10.{v4}.0.0/24 route-map ORIGIN
{ipv4} exit-address-family
 address-family ipv6 unicast
  neighbor {our_address} activate
  neighbor {our_address} route-map IPV6-NEXT-HOP out
  network 2001:db8:{v4}::/48 route-map ORIGIN
 exit-address-family
"#,
        log = scratch.file("bgpd.log").display(),
        frr_as = options.frr_as,
        frr_as_low = options.frr_as % 65536,
        our_as = options.our_as,
        v4 = 100 + u16::from(host),
    )
}

fn start(options: Options) -> Pair {
    let setup = Setup {
        label: options.label,
        address,
        host: options.host,
        our_as: options.our_as,
        peer_as: options.frr_as,
        ferrobgp_connects: options.ferrobgp_connects,
        neighbor: options.neighbor,
    };
    routing_daemon_pair::start(&setup, |scratch, frr_port, our_port| {
        Frr::start(
            &scratch.path,
            &address(options.host),
            frr_port,
            &frr_config(&options, scratch, our_port),
        )
    })
}

impl Pair {
    fn updates_received_by_frr(&self) -> u64 {
        self.peer
            .neighbor(&self.our_address)
            .pointer("/messageStats/updatesRecv")
            .and_then(Value::as_u64)
            .unwrap_or(0)
    }
}

#[test]
fn established_when_ferrobgp_connects() {
    let pair = start(Options {
        label: "frr-active",
        host: 1,
        ..Options::default()
    });
    pair.wait_up(0);
    let neighbor = pair.peer.neighbor(&pair.our_address);
    // FRR accepted the connection: its local port is the one it listens on.
    assert_eq!(text(&neighbor, "/bgpState"), "Established", "{neighbor:#}");
    pair.daemon.wait_for(&[
        &format!("neighbor {} connected (outgoing)", pair.peer_address),
        &format!("-> {}:", pair.peer_address),
    ]);
}

#[test]
fn established_when_frr_connects() {
    let pair = start(Options {
        label: "frr-passive",
        host: 3,
        ferrobgp_connects: false,
        frr_connects: true,
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
        label: "frr-routes",
        host: 5,
        neighbor: OUR_ROUTES,
        ..Options::default()
    });
    pair.wait_up(0);

    // Ours, in FRR's RIB.
    let v4 = &pair.peer.wait_for_paths("10.201.0.0/24", 1)[0];
    assert_eq!(
        text(v4, "/aspath/string"),
        "4200000001 65301 65302",
        "{v4:#}"
    );
    assert_eq!(text(v4, "/metric"), "50", "{v4:#}");
    assert_eq!(text(v4, "/community/string"), "65200:1", "{v4:#}");
    assert_eq!(text(v4, "/largeCommunity/string"), "65200:2:3", "{v4:#}");
    assert_eq!(text(v4, "/nexthops/0/ip"), "192.0.2.201", "{v4:#}");
    let v6 = &pair.peer.wait_for_paths("2001:db8:201::/48", 1)[0];
    assert_eq!(text(v6, "/aspath/string"), "4200000001 65303", "{v6:#}");
    assert_eq!(text(v6, "/metric"), "51", "{v6:#}");
    assert_eq!(text(v6, "/community/string"), "65200:4", "{v6:#}");
    assert_eq!(text(v6, "/largeCommunity/string"), "65200:5:6", "{v6:#}");
    assert_eq!(text(v6, "/nexthops/0/ip"), "2001:db8::201", "{v6:#}");

    // FRR's, as the helper saw them.
    let seen_v6 = pair.assert_peer_routes_seen(&[u64::from(FRR_AS), 65201, 65202]);
    assert_eq!(seen_v6.next_hop, "2001:db8::5");
}

#[test]
fn local_preference_on_ibgp() {
    let pair = start(Options {
        label: "frr-ibgp",
        host: 7,
        our_as: 65100,
        frr_as: 65100,
        neighbor: r#"announce {
        route "10.207.0.0/24 next-hop 192.0.2.207 local-preference 250 med 5"
    }"#,
        ..Options::default()
    });
    pair.wait_up(0);
    let path = &pair.peer.wait_for_paths("10.207.0.0/24", 1)[0];
    assert_eq!(text(path, "/locPrf"), "250", "{path:#}");
    assert_eq!(text(path, "/peer/type"), "internal", "{path:#}");
    let seen = &pair.seen.wait_for_announced(&pair.peer_v4, 1, SESSION)[0];
    assert_eq!(seen.number("local-preference"), Some(300), "{seen:?}");
    // iBGP: FRR does not prepend its AS.
    assert_eq!(seen.as_path(), vec![65201, 65202], "{seen:?}");
}

#[test]
fn four_octet_local_as() {
    let pair = start(Options {
        label: "frr-asn4",
        host: 9,
        neighbor: r#"announce { route "10.209.0.0/24 next-hop 192.0.2.209"; }"#,
        ..Options::default()
    });
    pair.wait_up(0);
    let neighbor = pair.peer.neighbor(&pair.our_address);
    assert_eq!(text(&neighbor, "/remoteAs"), "4200000001", "{neighbor:#}");
    assert_eq!(
        text(&neighbor, "/neighborCapabilities/4byteAs"),
        "advertisedAndReceived",
        "{neighbor:#}"
    );
    // RFC 6793 §4.1: our OPEN carries AS_TRANS in "My Autonomous System".
    pair.peer.wait_for_log(&[
        &format!("{} rcv OPEN", pair.our_address),
        "remote-as (in open) 23456",
    ]);
    // The AS path we build by default: our 4-octet AS alone.
    let path = &pair.peer.wait_for_paths("10.209.0.0/24", 1)[0];
    assert_eq!(text(path, "/aspath/string"), "4200000001", "{path:#}");
    // FRR's route comes back with FRR's AS first, our AS nowhere.
    let seen = &pair.seen.wait_for_announced(&pair.peer_v4, 1, SESSION)[0];
    assert_eq!(seen.as_path()[0], u64::from(FRR_AS));
}

#[test]
fn add_path_both_ways() {
    // FRR holds two paths for its own prefix 10.111.0.0/24: its `network` and the one a
    // second ferrobgp (AS 65113, 127.11.1.13) sends; with addpath-tx-all-paths it sends both
    // to us. We send two paths for 10.211.0.0/24.
    let second_address = address(13);
    let frr_lines = format!(
        " neighbor {second_address} remote-as 65113\n neighbor {second_address} passive\n \
         neighbor {second_address} update-source 127.11.1.11\n \
         neighbor {second_address} disable-connected-check\n"
    );
    let pair = start(Options {
        label: "frr-addpath",
        host: 11,
        neighbor: r#"family { ipv4 unicast add-path=send-receive; ipv6 unicast; }
    announce {
        route "10.211.0.0/24 next-hop 192.0.2.211 med 1 path-information 1"
        route "10.211.0.0/24 next-hop 192.0.2.212 med 2 path-information 2"
    }"#,
        frr_neighbor_ipv4: &["addpath-tx-all-paths"],
        frr_lines: &frr_lines,
        ..Options::default()
    });
    let _second = pair.start_second_speaker(
        "frr-addpath-second",
        &second_address,
        "10.111.0.0/24 next-hop 192.0.2.113 med 77",
    );

    let neighbor = pair.peer.neighbor(&pair.our_address);
    let add_path = neighbor
        .pointer("/neighborCapabilities/addPath/ipv4Unicast")
        .cloned()
        .unwrap_or(Value::Null);
    for flag in ["txAdvertisedAndReceived", "rxAdvertisedAndReceived"] {
        assert_eq!(add_path.get(flag), Some(&Value::Bool(true)), "{add_path:#}");
    }

    // Ours: both paths in FRR, each with its path identifier.
    let paths = pair.peer.wait_for_paths("10.211.0.0/24", 2);
    let mut received: Vec<(String, String)> = paths
        .iter()
        .map(|path| (text(path, "/nexthops/0/ip"), text(path, "/addpathRxId")))
        .collect();
    received.sort();
    assert_eq!(
        received,
        vec![
            ("192.0.2.211".to_owned(), "1".to_owned()),
            ("192.0.2.212".to_owned(), "2".to_owned())
        ],
        "{paths:#?}"
    );

    // FRR's two paths, as our helper saw them: distinct path identifiers.
    let seen = pair.seen.wait_for_announced(&pair.peer_v4, 2, SESSION);
    assert_two_paths(
        &seen,
        vec![
            vec![u64::from(FRR_AS), 65113],
            vec![u64::from(FRR_AS), 65201, 65202],
        ],
    );
}

#[test]
fn route_refresh_from_frr_is_answered() {
    let pair = start(Options {
        label: "frr-refresh-in",
        host: 15,
        neighbor: OUR_ROUTES,
        ..Options::default()
    });
    pair.wait_up(0);
    pair.peer.wait_for_paths("10.201.0.0/24", 1);
    pair.peer.wait_for_paths("2001:db8:201::/48", 1);
    let before = pair.updates_received_by_frr();
    let first = pair.daemon.lines().len();
    pair.peer
        .vtysh(&format!("clear bgp {} soft in", pair.our_address));
    pair.wait_route_refresh_from_peer(first);
    // Our answer: the routes again (FRR counts the UPDATEs), so they are still there.
    pair.peer.wait_for_json(
        &format!("show bgp neighbors {} json", pair.our_address),
        |value| {
            let received = value
                .get(&pair.our_address)?
                .pointer("/messageStats/updatesRecv")?
                .as_u64()?;
            (received >= before + 2).then_some(received)
        },
    );
    pair.peer.wait_for_paths("10.201.0.0/24", 1);
    pair.peer.wait_for_paths("2001:db8:201::/48", 1);
    // Enhanced route refresh (RFC 7313) was negotiated: the answer is framed by BoRR/EoRR.
    for family in ["IPv4/unicast", "IPv6/unicast"] {
        for marker in ["(BoRR)", "(EoRR)"] {
            pair.peer.wait_for_log(&[&format!(
                "{}(Unknown) rcvd route-refresh {marker} for {family}",
                pair.our_address
            )]);
        }
    }
}

#[test]
fn route_refresh_asked_by_a_helper() {
    // Graceful restart, so that FRR sends End-of-RIB and then honours the refresh (see the
    // header); the helper asks once it saw FRR's IPv4 End-of-RIB.
    let pair = start(Options {
        label: "frr-refresh-out",
        host: 17,
        neighbor: "capability { graceful-restart 120; }",
        ..Options::default()
    });
    pair.wait_up(0);
    pair.seen.wait("FRR's IPv4 End-of-RIB", SESSION, |events| {
        events
            .iter()
            .any(|event| {
                event["neighbor"]["message"]["eor"] == json!({"afi": "ipv4", "safi": "unicast"})
            })
            .then_some(())
    });
    pair.seen.send("announce route-refresh ipv4 unicast");
    // FRR's route, then the same route again: FRR's answer to our ROUTE-REFRESH.
    let seen = pair.seen.wait_for_announced(&pair.peer_v4, 2, SESSION);
    assert_eq!(seen[0].attribute, seen[1].attribute, "{seen:#?}");
    let neighbor = pair.peer.neighbor(&pair.our_address);
    assert!(
        neighbor
            .pointer("/messageStats/routeRefreshRecv")
            .and_then(Value::as_u64)
            .unwrap_or(0)
            >= 1,
        "{neighbor:#}"
    );
}

#[test]
fn hold_timer_expires_while_frr_is_frozen() {
    let pair = start(Options {
        label: "frr-hold",
        host: 19,
        frr_connects: true,
        ..Options::default()
    });
    pair.wait_up(0);
    pair.freeze_until_hold_timer_expires();
}

#[test]
fn frr_restart_reconverges() {
    let pair = {
        let mut pair = start(Options {
            label: "frr-restart",
            host: 21,
            frr_connects: true,
            neighbor: OUR_ROUTES,
            ..Options::default()
        });
        pair.wait_up(0);
        pair.peer.wait_for_paths("10.201.0.0/24", 1);
        pair.seen.wait_for_announced(&pair.peer_v4, 1, SESSION);
        pair.restart_peer();
        pair
    };
    // A new FRR starts with an empty RIB: these are our routes sent again.
    pair.peer.wait_for_paths("10.201.0.0/24", 1);
    pair.peer.wait_for_paths("2001:db8:201::/48", 1);
    pair.seen.wait_for_announced(&pair.peer_v4, 2, SESSION);
}

#[test]
fn session_over_ipv6_transport() {
    // Both on ::1 (different ports): FRR passive, IPv6 unicast only.
    let session = start_over_ipv6(
        "frr-ipv6",
        "127.11.1.32",
        FRR_AS,
        |scratch, frr_port, our_port| {
            Frr::start(
                &scratch.path,
                "::1",
                frr_port,
                &ipv6_config(scratch, our_port),
            )
        },
    );
    let path = &session.peer.wait_for_paths("2001:db8:231::/48", 1)[0];
    assert_eq!(text(path, "/nexthops/0/ip"), "2001:db8::231", "{path:#}");
    assert_eq!(text(path, "/metric"), "9", "{path:#}");
    session.daemon.wait_for(&[
        "neighbor ::1 receive update announced 2001:db8:131::/48",
        &format!("as-path ( {FRR_AS} )"),
    ]);
}

/// FRR's configuration for the session over ::1: passive, IPv6 unicast only, one network.
fn ipv6_config(scratch: &Scratch, our_port: u16) -> String {
    format!(
        r#"frr defaults traditional
hostname frr-ipv6
log file {log} debugging
debug bgp neighbor-events
router bgp {FRR_AS}
 bgp router-id 127.11.1.31
 no bgp ebgp-requires-policy
 no bgp network import-check
 timers bgp 3 9
 neighbor ::1 remote-as {OUR_AS}
 neighbor ::1 port {our_port}
 neighbor ::1 passive
 neighbor ::1 disable-connected-check
 address-family ipv6 unicast
  neighbor ::1 activate
  network 2001:db8:131::/48
 exit-address-family
"#,
        log = scratch.file("bgpd.log").display(),
    )
}
