//! `ferrobgp run` against a real ExaBGP 5.0 on loopback (127.13.2.0/24, free ports). Each test
//! starts its own pair (`daemon_support::exabgp_pair`), so they run in parallel. Both sides are
//! watched the same way: a recording helper in ferrobgp and one in ExaBGP write what each
//! received (and ferrobgp's what it sent) as ExaBGP JSON, and take commands from the test
//! (`announce route-refresh …`).
//!
//! Cases: Established with ferrobgp active and passive; IPv4 and IPv6 unicast both ways with
//! MED, AS path, communities and large communities (eBGP), local preference (iBGP); 4-octet AS
//! 4200000001, also toward an ExaBGP with `asn4 disable` (AS_TRANS and AS4_PATH); ADD-PATH both
//! ways; route refresh asked by either side; hold timer expiry while ExaBGP is frozen (SIGSTOP)
//! and recovery (SIGCONT); ExaBGP restart and reconvergence; a session over ::1 carrying IPv6
//! routes; routes a helper announces and withdraws. FlowSpec both ways, component by component,
//! is in tests/interop_exabgp_flowspec.rs.
//!
//! Not here: TCP-MD5, which tests/interop_gobgp.rs covers with GoBGP (the key is the kernel's
//! business on both sides; ExaBGP adds nothing to check).
//!
//! ExaBGP facts the tests rely on: as root it must be told `exabgp.daemon.user=root` or it
//! drops to `nobody`; it sends a configured `as-path` as written (no prepending), so the
//! routes it announces start with its own AS; it accepts 127/8 next hops.

mod daemon_support;

use daemon_support::exabgp_pair::{Setup, start};
use daemon_support::relay_helper;
use daemon_support::speaker::{
    SESSION, Unicast, assert_as_path, assert_unicast, wait_hold_timer_expiry, wait_neighbor,
};
use nix::sys::signal::Signal;
use serde_json::json;

#[test]
fn established_with_ferrobgp_active() {
    let pair = start(
        "active",
        &Setup {
            octets: (1, 2),
            ..Setup::default()
        },
    );
    pair.wait_up(0, 1);
    pair.daemon.wait_position_from(
        0,
        &[
            &format!("neighbor {} negotiated", pair.exabgp_address),
            "families [ipv4 unicast, ipv6 unicast]",
            "route refresh",
        ],
        SESSION,
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
    pair.wait_up(0, 1);
}

#[test]
fn unicast_routes_both_ways_keep_their_attributes() {
    let pair = start(
        "unicast",
        &Setup {
            octets: (5, 6),
            announce: &[
                r#"route "10.151.0.0/24 next-hop self med 7 as-path [ 65151 65100 ] community [ 65151:1 65151:2 ] large-community [ 65151:2:3 ] origin egp""#,
                r#"ipv6 "unicast 2001:db8:151::/48 next-hop 2001:db8::6 med 8 community [ 65151:6 ] large-community [ 65151:7:8 ]""#,
            ],
            exabgp_routes: "static {
        route 10.152.0.0/24 next-hop 127.13.2.5 med 20 as-path [ 65152 65200 ] community [ 65152:5 ] large-community [ 65152:6:7 ] origin incomplete;
        route 2001:db8:152::/48 next-hop 2001:db8::5 med 21 as-path [ 65152 ] community [ 65152:8 ] large-community [ 65152:9:10 ];
    }",
            ..Setup::default()
        },
    );
    pair.wait_up(0, 1);

    // ferrobgp -> ExaBGP.
    assert_unicast(
        &pair.exabgp_route("ipv4 unicast 10.151.0.0/24"),
        &Unicast {
            next_hop: "127.13.2.6",
            as_path: &[65151, 65100],
            med: 7,
            origin: Some("egp"),
            communities: &[[65151, 1], [65151, 2]],
            large_communities: &[[65151, 2, 3]],
        },
    );
    assert_unicast(
        &pair.exabgp_route("ipv6 unicast 2001:db8:151::/48"),
        &Unicast {
            next_hop: "2001:db8::6",
            as_path: &[65151],
            med: 8,
            origin: None,
            communities: &[[65151, 6]],
            large_communities: &[[65151, 7, 8]],
        },
    );

    // ExaBGP -> ferrobgp.
    assert_unicast(
        &pair.our_route("ipv4 unicast 10.152.0.0/24"),
        &Unicast {
            next_hop: "127.13.2.5",
            as_path: &[65152, 65200],
            med: 20,
            origin: Some("incomplete"),
            communities: &[[65152, 5]],
            large_communities: &[[65152, 6, 7]],
        },
    );
    assert_unicast(
        &pair.our_route("ipv6 unicast 2001:db8:152::/48"),
        &Unicast {
            next_hop: "2001:db8::5",
            as_path: &[65152],
            med: 21,
            origin: None,
            communities: &[[65152, 8]],
            large_communities: &[[65152, 9, 10]],
        },
    );
}

#[test]
fn ibgp_carries_local_preference_both_ways() {
    let pair = start(
        "ibgp",
        &Setup {
            octets: (7, 8),
            our_as: 65153,
            exabgp_as: 65153,
            announce: &[r#"route "10.153.0.0/24 next-hop self local-preference 200 med 3""#],
            exabgp_routes: "static { route 10.154.0.0/24 next-hop 127.13.2.7 local-preference 300; }",
            ..Setup::default()
        },
    );
    pair.wait_up(0, 1);
    let route = pair.exabgp_route("ipv4 unicast 10.153.0.0/24");
    assert_eq!(route.attribute["local-preference"], 200, "{route:?}");
    assert_eq!(route.attribute["med"], 3, "{route:?}");
    assert_as_path(&route, &[]);
    let route = pair.our_route("ipv4 unicast 10.154.0.0/24");
    assert_eq!(route.attribute["local-preference"], 300, "{route:?}");
    assert_as_path(&route, &[]);
}

#[test]
fn four_octet_as_numbers() {
    let pair = start(
        "asn4",
        &Setup {
            octets: (9, 10),
            our_as: 4_200_000_001,
            exabgp_as: 65155,
            announce: &[r#"route "10.155.0.0/24 next-hop self""#],
            exabgp_routes: "static { route 10.156.0.0/24 next-hop 127.13.2.9 as-path [ 65155 4200000009 ]; }",
            ..Setup::default()
        },
    );
    pair.wait_up(0, 1);
    pair.daemon.wait_position_from(
        0,
        &["negotiated: AS 4200000001 -> AS 65155", "asn4 true"],
        SESSION,
    );
    let route = pair.exabgp_route("ipv4 unicast 10.155.0.0/24");
    assert_as_path(&route, &[4_200_000_001]);
    assert_eq!(pair.exabgp_saw_our_as(), 4_200_000_001u64);
    let route = pair.our_route("ipv4 unicast 10.156.0.0/24");
    assert_as_path(&route, &[65155, 4_200_000_009]);
}

/// RFC 6793 §4.2.2: toward a peer without the 4-octet AS capability, "the NEW BGP speaker
/// MUST ... use AS_TRANS" in the OPEN, and send the real path in AS4_PATH.
#[test]
fn four_octet_as_toward_a_two_octet_peer() {
    let pair = start(
        "as-trans",
        &Setup {
            octets: (23, 24),
            our_as: 4_200_000_001,
            exabgp_as: 65165,
            exabgp_peer_as: Some(23456),
            exabgp_capabilities: "route-refresh; asn4 disable;",
            announce: &[r#"route "10.165.0.0/24 next-hop self as-path [ 4200000001 65100 ]""#],
            exabgp_routes: "static { route 10.166.0.0/24 next-hop 127.13.2.23 as-path [ 65165 65200 ]; }",
            ..Setup::default()
        },
    );
    pair.wait_up(0, 1);
    pair.daemon.wait_position_from(
        0,
        &["negotiated: AS 4200000001 -> AS 65165", "asn4 false"],
        SESSION,
    );
    assert_eq!(pair.exabgp_saw_our_as(), 23456);
    // ExaBGP, on its 2-octet session, rebuilds the path from AS_PATH (AS_TRANS) and AS4_PATH.
    let route = pair.exabgp_route("ipv4 unicast 10.165.0.0/24");
    assert_as_path(&route, &[4_200_000_001, 65100]);
    let route = pair.our_route("ipv4 unicast 10.166.0.0/24");
    assert_as_path(&route, &[65165, 65200]);
}

#[test]
fn add_path_carries_two_paths_each_way() {
    let pair = start(
        "addpath",
        &Setup {
            octets: (11, 12),
            our_families: "ipv4 unicast add-path=send-receive;",
            exabgp_families: "ipv4 unicast;",
            exabgp_capabilities: "route-refresh; add-path send/receive;",
            announce: &[
                r#"route "10.157.0.0/24 next-hop 192.0.2.1 path-information 1 med 1""#,
                r#"route "10.157.0.0/24 next-hop 192.0.2.2 path-information 2 med 2""#,
            ],
            exabgp_routes: "static {
        route 10.158.0.0/24 next-hop 192.0.2.11 path-information 11 med 11;
        route 10.158.0.0/24 next-hop 192.0.2.12 path-information 12 med 12;
    }",
            ..Setup::default()
        },
    );
    pair.wait_up(0, 1);
    for (path, next_hop, med) in [("0.0.0.1", "192.0.2.1", 1), ("0.0.0.2", "192.0.2.2", 2)] {
        let route = pair.exabgp_route(&format!(
            "ipv4 unicast 10.157.0.0/24 path-information {path}"
        ));
        assert_eq!(route.next_hop, next_hop, "{route:?}");
        assert_eq!(route.attribute["med"], med, "{route:?}");
    }
    for (path, next_hop, med) in [
        ("0.0.0.11", "192.0.2.11", 11),
        ("0.0.0.12", "192.0.2.12", 12),
    ] {
        let route = pair.our_route(&format!(
            "ipv4 unicast 10.158.0.0/24 path-information {path}"
        ));
        assert_eq!(route.next_hop, next_hop, "{route:?}");
        assert_eq!(route.attribute["med"], med, "{route:?}");
    }
}

#[test]
fn route_refresh_asked_by_either_side() {
    let pair = start(
        "refresh",
        &Setup {
            octets: (13, 14),
            announce: &[r#"route "10.159.0.0/24 next-hop self""#],
            exabgp_routes: "static { route 10.160.0.0/24 next-hop 127.13.2.13; }",
            ..Setup::default()
        },
    );
    pair.wait_up(0, 1);
    pair.exabgp_route("ipv4 unicast 10.159.0.0/24");
    pair.our_route("ipv4 unicast 10.160.0.0/24");

    // ExaBGP asks; ferrobgp's helper sees the ROUTE-REFRESH and ExaBGP gets our route again.
    let ours = "ipv4 unicast 10.159.0.0/24";
    let before = pair.exabgp.recorder.announcement_count(ours);
    pair.exabgp
        .recorder
        .send("announce route-refresh ipv4 unicast");
    pair.exabgp
        .recorder
        .wait_for_more_announcements("our route sent again", ours, before, SESSION);
    pair.recorder
        .wait("ExaBGP's ROUTE-REFRESH", SESSION, |events| {
            events
                .iter()
                .find(|event| {
                    event["type"] == "refresh"
                        && event["neighbor"]["route-refresh"]
                            == json!({"afi": "ipv4", "safi": "unicast", "subtype": "query"})
                })
                .cloned()
        });

    // ferrobgp's helper asks; ExaBGP sends its route again and saw the ROUTE-REFRESH.
    let theirs = "ipv4 unicast 10.160.0.0/24";
    let before = pair.recorder.announcement_count(theirs);
    pair.recorder.send("announce route-refresh ipv4 unicast");
    pair.recorder
        .wait_for_more_announcements("ExaBGP's route sent again", theirs, before, SESSION);
    pair.wait_exabgp_refresh("our ROUTE-REFRESH");
}

#[test]
fn hold_timer_expires_while_exabgp_is_frozen() {
    let pair = start(
        "hold",
        &Setup {
            octets: (15, 16),
            hold_time: 6,
            ..Setup::default()
        },
    );
    let up = pair.wait_up(0, 1);
    pair.exabgp.signal(Signal::SIGSTOP);
    let expired = wait_hold_timer_expiry(&pair.daemon, up, &pair.exabgp_address);
    pair.exabgp.signal(Signal::SIGCONT);
    pair.wait_up(expired, 2);
}

#[test]
fn exabgp_restart_reconverges() {
    let mut pair = start(
        "restart",
        &Setup {
            octets: (17, 18),
            announce: &[r#"route "10.161.0.0/24 next-hop self med 61""#],
            exabgp_routes: "static { route 10.162.0.0/24 next-hop 127.13.2.17 med 62; }",
            ..Setup::default()
        },
    );
    let up = pair.wait_up(0, 1);
    pair.exabgp_route("ipv4 unicast 10.161.0.0/24");
    pair.our_route("ipv4 unicast 10.162.0.0/24");
    let ours = "ipv4 unicast 10.161.0.0/24";
    let theirs = "ipv4 unicast 10.162.0.0/24";
    let sent_before = pair.exabgp.recorder.announcement_count(ours);
    let received_before = pair.recorder.announcement_count(theirs);

    pair.exabgp.restart();
    let down = wait_neighbor(&pair.daemon, up, &pair.exabgp_address, "down");
    pair.wait_up(down, 2);
    // The new ExaBGP learns ferrobgp's route again; ferrobgp gets ExaBGP's again.
    pair.exabgp.recorder.wait_for_more_announcements(
        "our route after the restart",
        ours,
        sent_before,
        SESSION,
    );
    let route = pair.exabgp_route(ours);
    assert_eq!(route.attribute["med"], 61, "{route:?}");
    pair.recorder.wait_for_more_announcements(
        "ExaBGP's route after the restart",
        theirs,
        received_before,
        SESSION,
    );
    let route = pair.our_route(theirs);
    assert_eq!(route.attribute["med"], 62, "{route:?}");
}

#[test]
fn ipv6_session_on_loopback() {
    let pair = start(
        "ipv6",
        &Setup {
            octets: (21, 22),
            ipv6: true,
            our_families: "ipv6 unicast;",
            exabgp_families: "ipv6 unicast;",
            announce: &[r#"route "2001:db8:163::/48 next-hop self med 63""#],
            exabgp_routes: "static { route 2001:db8:164::/48 next-hop self med 64; }",
            ..Setup::default()
        },
    );
    pair.wait_up(0, 1);
    let route = pair.exabgp_route("ipv6 unicast 2001:db8:163::/48");
    assert_eq!(route.next_hop, "::1", "{route:?}");
    assert_eq!(route.attribute["med"], 63, "{route:?}");
    let route = pair.our_route("ipv6 unicast 2001:db8:164::/48");
    assert_eq!(route.next_hop, "::1", "{route:?}");
    assert_eq!(route.attribute["med"], 64, "{route:?}");
}

#[test]
fn helper_routes_and_their_withdrawals_reach_exabgp() {
    let pair = start(
        "withdraw",
        &Setup {
            octets: (25, 26),
            ..Setup::default()
        },
    );
    pair.wait_up(0, 1);
    pair.recorder
        .send("announce route 10.167.0.0/24 next-hop self med 67");
    pair.recorder
        .send("announce ipv6 unicast 2001:db8:167::/48 next-hop 2001:db8::26 med 68");
    let route = pair.exabgp_route("ipv4 unicast 10.167.0.0/24");
    assert_eq!(route.attribute["med"], 67, "{route:?}");
    let route = pair.exabgp_route("ipv6 unicast 2001:db8:167::/48");
    assert_eq!(route.attribute["med"], 68, "{route:?}");

    pair.recorder
        .send("withdraw route 10.167.0.0/24 next-hop self");
    pair.recorder
        .send("withdraw ipv6 unicast 2001:db8:167::/48 next-hop 2001:db8::26");
    pair.exabgp
        .recorder
        .wait("both withdrawals", SESSION, |events| {
            let held = relay_helper::routes(events, "receive");
            (!held.contains_key("ipv4 unicast 10.167.0.0/24")
                && !held.contains_key("ipv6 unicast 2001:db8:167::/48"))
            .then_some(())
        });
}
