//! `ferrobgp run` against a real GoBGP 3.10 (`gobgpd`) on loopback (127.13.1.0/24, free ports,
//! GoBGP's gRPC API on its own address and port). Each test starts its own pair
//! (`daemon_support::gobgp_pair`), so they run in parallel. ferrobgp's side is checked through a recording helper (ExaBGP JSON of what
//! ferrobgp received and sent) and its log; GoBGP's side with `gobgp … -j`.
//!
//! Cases: Established with ferrobgp active and passive; IPv4 and IPv6 unicast both ways with
//! MED, AS path, communities and large communities (eBGP), local preference (iBGP); 4-octet AS
//! 4200000001; ADD-PATH both ways; TCP-MD5 (right key up, wrong key never up); route refresh
//! asked by ferrobgp's helper; hold timer expiry while GoBGP is frozen (SIGSTOP) and recovery
//! (SIGCONT); GoBGP restart and reconvergence; a session over ::1 carrying IPv6 routes; routes a
//! helper announces and withdraws. FlowSpec both ways, component by component, is in
//! tests/interop_gobgp_flowspec.rs.
//!
//! GoBGP facts the tests work around (observed with 3.10.0):
//! - GoBGP refuses a 127/8 NEXT_HOP ("invalid nexthop address", the route becomes a withdraw),
//!   so ferrobgp's routes carry 192.0.2.x / 2001:db8:: next hops.
//! - With ADD-PATH negotiated for IPv4 unicast only (both OPENs say so), GoBGP 3.10 changes its
//!   IPv4 FlowSpec NLRI coding as if ADD-PATH applied there too: the rule it sends is 4 bytes
//!   longer (length 15 for an 11-byte rule; tshark cannot decode it), so ferrobgp (rightly)
//!   resets the session with NOTIFICATION 3/10 (Invalid Network Field); and it misreads
//!   ferrobgp's well-formed rule as `[destination: 128.0.0.0/3][unknown:…]` (tshark decodes it
//!   fine; `gobgp global rib -a ipv4-flowspec` without `-j` then crashes). Without ADD-PATH both
//!   directions work. So the FlowSpec test runs without ADD-PATH, and the ADD-PATH test
//!   without FlowSpec.
//! - GoBGP cannot be made to ask for a route refresh: `gobgp neighbor X softresetin` re-applies
//!   its policy to the Adj-RIB-In it keeps and sends no ROUTE-REFRESH (its `messages.sent`
//!   counters do not move). So only ferrobgp asks here (`announce route-refresh ipv4 unicast`
//!   from the helper); the other direction is tested with ExaBGP (tests/interop_exabgp.rs).

mod daemon_support;

use daemon_support::gobgp::{as_path, attribute, community};
use daemon_support::gobgp_pair::{Setup, start};
use daemon_support::relay_helper;
use daemon_support::speaker::{
    SESSION, Unicast, assert_as_path, assert_unicast, wait_hold_timer_expiry, wait_neighbor,
};
use nix::sys::signal::Signal;
use std::time::Duration;

#[test]
fn established_with_ferrobgp_active() {
    let pair = start(
        "active",
        &Setup {
            octets: (1, 2),
            ..Setup::default()
        },
    );
    pair.wait_up();
    // ferrobgp connected out: GoBGP is passive-mode and never connects.
    let line = pair.daemon.wait_position_from(
        0,
        &[&format!("neighbor {} negotiated", pair.gobgp_address)],
        SESSION,
    );
    let text = &pair.daemon.lines()[line];
    assert!(
        text.contains("families [ipv4 unicast, ipv6 unicast]") && text.contains("asn4 true"),
        "{text}"
    );
}

#[test]
fn established_with_ferrobgp_passive() {
    let pair = start(
        "passive",
        &Setup {
            octets: (3, 4),
            ferrobgp_passive: true,
            ..Setup::default()
        },
    );
    pair.wait_up();
    let events = pair.recorder.events();
    assert!(
        events
            .iter()
            .any(|event| event["neighbor"]["state"] == "up"),
        "{events:?}"
    );
}

#[test]
fn unicast_routes_both_ways_keep_their_attributes() {
    let pair = start(
        "unicast",
        &Setup {
            octets: (5, 6),
            announce: &[
                r#"route "10.131.0.0/24 next-hop 192.0.2.6 med 7 as-path [ 65131 65100 ] community [ 65131:1 65131:2 ] large-community [ 65131:2:3 ]""#,
                r#"ipv6 "unicast 2001:db8:131::/48 next-hop 2001:db8::6 med 8 community [ 65131:6 ] large-community [ 65131:7:8 ]""#,
            ],
            ..Setup::default()
        },
    );
    pair.wait_up();

    // ferrobgp -> GoBGP, IPv4.
    let path = &pair.gobgp_paths("ipv4", "10.131.0.0/24", 1)[0];
    assert_eq!(as_path(path), [65131, 65100], "{path}");
    assert_eq!(
        attribute(path, 3).unwrap()["nexthop"],
        "192.0.2.6",
        "{path}"
    );
    assert_eq!(attribute(path, 4).unwrap()["metric"], 7, "{path}");
    assert_eq!(
        attribute(path, 8).unwrap()["communities"],
        serde_json::json!([community(65131, 1), community(65131, 2)]),
        "{path}"
    );
    assert_eq!(
        attribute(path, 32).unwrap()["value"],
        serde_json::json!([{"ASN": 65131, "LocalData1": 2, "LocalData2": 3}]),
        "{path}"
    );
    // IPv6.
    let path = &pair.gobgp_paths("ipv6", "2001:db8:131::/48", 1)[0];
    assert_eq!(as_path(path), [65131], "{path}");
    assert_eq!(
        attribute(path, 14).unwrap()["nexthop"],
        "2001:db8::6",
        "{path}"
    );
    assert_eq!(attribute(path, 4).unwrap()["metric"], 8, "{path}");
    assert_eq!(
        attribute(path, 8).unwrap()["communities"],
        serde_json::json!([community(65131, 6)]),
        "{path}"
    );
    assert_eq!(
        attribute(path, 32).unwrap()["value"],
        serde_json::json!([{"ASN": 65131, "LocalData1": 7, "LocalData2": 8}]),
        "{path}"
    );

    // GoBGP -> ferrobgp.
    pair.gobgp.add_route(
        "ipv4",
        concat!(
            "10.132.0.0/24 origin egp nexthop 192.0.2.5 med 20 aspath 65200",
            " community 65132:5 large-community 65132:6:7"
        ),
    );
    pair.gobgp.add_route(
        "ipv6",
        "2001:db8:132::/48 nexthop 2001:db8::5 med 21 community 65132:8 large-community 65132:9:10",
    );
    assert_unicast(
        &pair.our_route("ipv4 unicast 10.132.0.0/24"),
        &Unicast {
            next_hop: "192.0.2.5",
            as_path: &[65132, 65200],
            med: 20,
            origin: Some("egp"),
            communities: &[[65132, 5]],
            large_communities: &[[65132, 6, 7]],
        },
    );
    assert_unicast(
        &pair.our_route("ipv6 unicast 2001:db8:132::/48"),
        &Unicast {
            next_hop: "2001:db8::5",
            as_path: &[65132],
            med: 21,
            origin: None,
            communities: &[[65132, 8]],
            large_communities: &[[65132, 9, 10]],
        },
    );
}

#[test]
fn ibgp_carries_local_preference_both_ways() {
    let pair = start(
        "ibgp",
        &Setup {
            octets: (7, 8),
            our_as: 65133,
            gobgp_as: 65133,
            announce: &[r#"route "10.133.0.0/24 next-hop 192.0.2.8 local-preference 200 med 3""#],
            ..Setup::default()
        },
    );
    pair.wait_up();
    let path = &pair.gobgp_paths("ipv4", "10.133.0.0/24", 1)[0];
    assert_eq!(attribute(path, 5).unwrap()["value"], 200, "{path}");
    assert_eq!(attribute(path, 4).unwrap()["metric"], 3, "{path}");
    assert!(as_path(path).is_empty(), "{path}");

    pair.gobgp
        .add_route("ipv4", "10.134.0.0/24 nexthop 192.0.2.7 local-pref 300");
    let route = pair.our_route("ipv4 unicast 10.134.0.0/24");
    assert_eq!(route.attribute["local-preference"], 300, "{route:?}");
    assert_eq!(route.next_hop, "192.0.2.7", "{route:?}");
    assert_as_path(&route, &[]);
}

#[test]
fn four_octet_as_numbers() {
    let pair = start(
        "asn4",
        &Setup {
            octets: (9, 10),
            our_as: 4_200_000_001,
            gobgp_as: 65135,
            announce: &[r#"route "10.135.0.0/24 next-hop 192.0.2.10""#],
            ..Setup::default()
        },
    );
    pair.wait_up();
    pair.daemon.wait_position_from(
        0,
        &["negotiated: AS 4200000001 -> AS 65135", "asn4 true"],
        SESSION,
    );
    assert_eq!(
        pair.gobgp.neighbor_state(&pair.our_address)["peer_asn"],
        4_200_000_001u64
    );
    let path = &pair.gobgp_paths("ipv4", "10.135.0.0/24", 1)[0];
    assert_eq!(as_path(path), [4_200_000_001], "{path}");

    pair.gobgp
        .add_route("ipv4", "10.136.0.0/24 nexthop 192.0.2.9 aspath 4200000009");
    let route = pair.our_route("ipv4 unicast 10.136.0.0/24");
    assert_as_path(&route, &[65135, 4_200_000_009]);
}

#[test]
fn add_path_carries_two_paths_each_way() {
    let pair = start(
        "addpath",
        &Setup {
            octets: (11, 12),
            our_families: "ipv4 unicast add-path=send-receive;",
            gobgp_families: &["ipv4-unicast"],
            add_path: true,
            announce: &[
                r#"route "10.137.0.0/24 next-hop 192.0.2.1 path-information 1 med 1""#,
                r#"route "10.137.0.0/24 next-hop 192.0.2.2 path-information 2 med 2""#,
            ],
            ..Setup::default()
        },
    );
    pair.wait_up();
    let found = pair.gobgp_paths("ipv4", "10.137.0.0/24", 2);
    let mut seen: Vec<(String, u64)> = found
        .iter()
        .map(|path| {
            (
                attribute(path, 3).unwrap()["nexthop"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
                attribute(path, 4).unwrap()["metric"].as_u64().unwrap(),
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [("192.0.2.1".to_owned(), 1), ("192.0.2.2".to_owned(), 2)],
        "{found:?}"
    );

    for (identifier, med) in [("1", "11"), ("2", "12")] {
        pair.gobgp.add_route(
            "ipv4",
            &format!(
                "10.138.0.0/24 identifier {identifier} nexthop 192.0.2.{identifier} med {med}"
            ),
        );
    }
    let received = pair
        .recorder
        .wait("two paths of 10.138.0.0/24", SESSION, |events| {
            let held: Vec<relay_helper::Route> = relay_helper::routes(events, "receive")
                .into_iter()
                .filter(|(key, _)| key.starts_with("ipv4 unicast 10.138.0.0/24 "))
                .map(|(_, route)| route)
                .collect();
            (held.len() == 2).then_some(held)
        });
    let mut identifiers: Vec<&str> = received
        .iter()
        .map(|route| route.route["path-information"].as_str().unwrap())
        .collect();
    identifiers.dedup();
    assert_eq!(identifiers.len(), 2, "{received:?}");
    let mut meds: Vec<u64> = received
        .iter()
        .map(|route| route.attribute["med"].as_u64().unwrap())
        .collect();
    meds.sort_unstable();
    assert_eq!(meds, [11, 12], "{received:?}");
}

#[test]
fn tcp_md5_with_the_right_key_comes_up() {
    let pair = start(
        "md5",
        &Setup {
            octets: (13, 14),
            our_key: Some("interop-s3cret"),
            gobgp_key: Some("interop-s3cret"),
            announce: &[r#"route "10.139.0.0/24 next-hop 192.0.2.14""#],
            ..Setup::default()
        },
    );
    pair.wait_up();
    pair.gobgp_paths("ipv4", "10.139.0.0/24", 1);
}

#[test]
fn tcp_md5_with_a_wrong_key_never_comes_up() {
    let pair = start(
        "md5-wrong",
        &Setup {
            octets: (15, 16),
            our_key: Some("interop-right"),
            gobgp_key: Some("interop-wrong"),
            ..Setup::default()
        },
    );
    // Both sides try (ferrobgp connects, GoBGP is passive-mode); the kernel drops every
    // segment whose signature does not match, so no OPEN ever arrives. A negative result needs
    // a time window: several of ferrobgp's connection attempts (5 s backoff) fit in it.
    pair.daemon.wait_position_from(
        0,
        &[&format!(
            "neighbor {} state idle -> connect",
            pair.gobgp_address
        )],
        SESSION,
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(12);
    while std::time::Instant::now() < deadline {
        let state = pair.gobgp.neighbor_state(&pair.our_address);
        assert_ne!(state["session_state"], 6, "up with a wrong key: {state}");
        // Not even an OPEN got through: the kernel dropped the unsigned-for-it segments.
        assert!(
            state["messages"]["received"]["open"].as_u64().unwrap_or(0) == 0,
            "GoBGP received an OPEN despite the wrong key: {state}"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    let up = format!("neighbor {} up", pair.gobgp_address);
    let lines = pair.daemon.lines();
    assert!(
        !lines
            .iter()
            .any(|line| line.ends_with(&up) || line.contains("state opensent -> openconfirm")),
        "{lines:#?}"
    );
}

#[test]
fn route_refresh_asked_by_our_helper() {
    let pair = start(
        "refresh",
        &Setup {
            octets: (17, 18),
            announce: &[r#"route "10.141.0.0/24 next-hop 192.0.2.18""#],
            ..Setup::default()
        },
    );
    pair.wait_up();
    pair.gobgp_paths("ipv4", "10.141.0.0/24", 1);
    pair.gobgp
        .add_route("ipv4", "10.142.0.0/24 nexthop 192.0.2.17");
    pair.our_route("ipv4 unicast 10.142.0.0/24");

    // ferrobgp's helper asks; GoBGP sends its route again.
    let theirs = "ipv4 unicast 10.142.0.0/24";
    let received_before = pair.recorder.announcement_count(theirs);
    pair.recorder.send("announce route-refresh ipv4 unicast");
    pair.recorder.wait_for_more_announcements(
        "GoBGP's route sent again",
        theirs,
        received_before,
        SESSION,
    );
    let received = &pair.gobgp.neighbor_state(&pair.our_address)["messages"]["received"];
    assert_eq!(received["refresh"], 1, "{received}");
}

#[test]
fn hold_timer_expires_while_gobgp_is_frozen() {
    let pair = start(
        "hold",
        &Setup {
            octets: (19, 20),
            hold_time: 6,
            announce: &[r#"route "10.143.0.0/24 next-hop 192.0.2.20""#],
            ..Setup::default()
        },
    );
    pair.wait_up();
    let mark = pair.daemon.lines().len();
    pair.gobgp.signal(Signal::SIGSTOP);
    let expired = wait_hold_timer_expiry(&pair.daemon, mark, &pair.gobgp_address);
    pair.gobgp.signal(Signal::SIGCONT);
    wait_neighbor(&pair.daemon, expired, &pair.gobgp_address, "up");
    pair.gobgp.wait_established(&pair.our_address, SESSION);
    pair.gobgp_paths("ipv4", "10.143.0.0/24", 1);
}

#[test]
fn gobgp_restart_reconverges() {
    let mut pair = start(
        "restart",
        &Setup {
            octets: (21, 22),
            announce: &[r#"route "10.144.0.0/24 next-hop 192.0.2.22 med 44""#],
            ..Setup::default()
        },
    );
    pair.wait_up();
    pair.gobgp_paths("ipv4", "10.144.0.0/24", 1);
    let add = "10.145.0.0/24 nexthop 192.0.2.21";
    pair.gobgp.add_route("ipv4", add);
    pair.our_route("ipv4 unicast 10.145.0.0/24");

    let mark = pair.daemon.lines().len();
    pair.gobgp.restart();
    let down = wait_neighbor(&pair.daemon, mark, &pair.gobgp_address, "down");
    wait_neighbor(&pair.daemon, down, &pair.gobgp_address, "up");
    pair.gobgp.wait_established(&pair.our_address, SESSION);
    // The new GoBGP learns ferrobgp's route again, attributes included.
    let path = &pair.gobgp_paths("ipv4", "10.144.0.0/24", 1)[0];
    assert_eq!(attribute(path, 4).unwrap()["metric"], 44, "{path}");
    // ferrobgp's helper saw the session go down (its routes from GoBGP gone) and gets the
    // route again from the new GoBGP.
    let events = pair.recorder.events();
    assert!(
        events
            .iter()
            .any(|event| event["neighbor"]["state"] == "down"),
        "{events:?}"
    );
    pair.gobgp.add_route("ipv4", add);
    pair.our_route("ipv4 unicast 10.145.0.0/24");
}

#[test]
fn ipv6_session_on_loopback() {
    let pair = start(
        "ipv6",
        &Setup {
            octets: (25, 26),
            ipv6: true,
            our_families: "ipv6 unicast;",
            gobgp_families: &["ipv6-unicast"],
            announce: &[r#"route "2001:db8:148::/48 next-hop 2001:db8::26 med 48""#],
            ..Setup::default()
        },
    );
    pair.wait_up();
    let path = &pair.gobgp_paths("ipv6", "2001:db8:148::/48", 1)[0];
    assert_eq!(
        attribute(path, 14).unwrap()["nexthop"],
        "2001:db8::26",
        "{path}"
    );
    assert_eq!(attribute(path, 4).unwrap()["metric"], 48, "{path}");
    pair.gobgp
        .add_route("ipv6", "2001:db8:149::/48 nexthop 2001:db8::25 med 49");
    let route = pair.our_route("ipv6 unicast 2001:db8:149::/48");
    assert_eq!(route.attribute["med"], 49, "{route:?}");
}

#[test]
fn helper_routes_and_their_withdrawals_reach_gobgp() {
    let pair = start(
        "withdraw",
        &Setup {
            octets: (27, 28),
            ..Setup::default()
        },
    );
    pair.wait_up();
    pair.recorder
        .send("announce route 10.150.0.0/24 next-hop 192.0.2.28 med 50");
    pair.recorder
        .send("announce ipv6 unicast 2001:db8:150::/48 next-hop 2001:db8::28 med 51");
    let path = &pair.gobgp_paths("ipv4", "10.150.0.0/24", 1)[0];
    assert_eq!(attribute(path, 4).unwrap()["metric"], 50, "{path}");
    let path = &pair.gobgp_paths("ipv6", "2001:db8:150::/48", 1)[0];
    assert_eq!(attribute(path, 4).unwrap()["metric"], 51, "{path}");

    pair.recorder
        .send("withdraw route 10.150.0.0/24 next-hop 192.0.2.28");
    pair.recorder
        .send("withdraw ipv6 unicast 2001:db8:150::/48 next-hop 2001:db8::28");
    pair.gobgp_paths("ipv4", "10.150.0.0/24", 0);
    pair.gobgp_paths("ipv6", "2001:db8:150::/48", 0);
}
