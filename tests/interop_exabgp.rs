//! `ferrobgp run` against a real ExaBGP 5.0 on loopback (127.13.2.0/24, free ports). Each test
//! starts its own pair, so they run in parallel. Both sides are watched the same way: a
//! recording helper in ferrobgp and one in ExaBGP write what each received (and ferrobgp's
//! what it sent) as ExaBGP JSON, and take commands from the test (`announce route-refresh …`).
//!
//! Cases: Established with ferrobgp active and passive; IPv4 and IPv6 unicast both ways with
//! MED, AS path, communities and large communities (eBGP), local preference (iBGP); 4-octet AS
//! 4200000001, also toward an ExaBGP with `asn4 disable` (AS_TRANS and AS4_PATH); ADD-PATH both
//! ways; route refresh asked by either side; hold timer expiry while ExaBGP is frozen (SIGSTOP)
//! and recovery (SIGCONT); ExaBGP restart and reconvergence; FlowSpec both ways, component by
//! component; a session over ::1 carrying IPv6 routes; routes a helper announces and withdraws.
//!
//! Not here: TCP-MD5, which tests/interop_gobgp.rs covers with GoBGP (the key is the kernel's
//! business on both sides; ExaBGP adds nothing to check).
//!
//! ExaBGP facts the tests rely on: as root it must be told `exabgp.daemon.user=root` or it
//! drops to `nobody`; it sends a configured `as-path` as written (no prepending), so the
//! routes it announces start with its own AS; it accepts 127/8 next hops.

mod daemon_support;

use daemon_support::exabgp_peer::ExabgpPeer;
use daemon_support::relay_helper::{self, RelayHelper};
use daemon_support::speaker::{SESSION, Speaker};
use daemon_support::{Daemon, Scratch, free_port};
use nix::sys::signal::Signal;
use serde_json::{Value, json};

/// One ExaBGP and one ferrobgp, peered.
struct Pair {
    exabgp: ExabgpPeer,
    daemon: Daemon,
    recorder: RelayHelper,
    exabgp_address: String,
    // Last: removed after both processes are gone.
    _scratch: Scratch,
}

/// What differs between the tests.
struct Setup<'a> {
    /// Third octet is 2; the fourth octets of ExaBGP's and ferrobgp's addresses.
    octets: (u8, u8),
    our_as: u32,
    exabgp_as: u32,
    /// The `peer-as` ExaBGP expects, when it is not `our_as` (AS_TRANS for a 2-octet ExaBGP).
    exabgp_peer_as: Option<u32>,
    ferrobgp_passive: bool,
    hold_time: u16,
    our_families: &'a str,
    /// ExaBGP's `family { … }` body.
    exabgp_families: &'a str,
    /// ExaBGP's `capability { … }` body.
    exabgp_capabilities: &'a str,
    /// ExaBGP's `static { … }` and `flow { … }` sections (whole sections).
    exabgp_routes: &'a str,
    /// Both sides on ::1 (BGP Identifiers still from the octets).
    ipv6: bool,
    announce: &'a [&'a str],
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

fn start(label: &str, setup: &Setup) -> Pair {
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
    fn wait_up(&self, after: usize, ups: usize) -> usize {
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
    fn our_route(&self, key: &str) -> relay_helper::Route {
        self.recorder.wait_for_route(key, SESSION)
    }

    /// Waits until ExaBGP's helper holds the route `key`.
    fn exabgp_route(&self, key: &str) -> relay_helper::Route {
        self.exabgp.recorder.wait_for_route(key, SESSION)
    }
}

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
    let route = pair.exabgp_route("ipv4 unicast 10.151.0.0/24");
    let attribute = &route.attribute;
    assert_eq!(route.next_hop, "127.13.2.6", "{route:?}");
    assert_eq!(
        relay_helper::as_path(attribute),
        [65151, 65100],
        "{attribute}"
    );
    assert_eq!(attribute["med"], 7, "{attribute}");
    assert_eq!(attribute["origin"], "egp", "{attribute}");
    assert_eq!(
        attribute["community"],
        json!([[65151, 1], [65151, 2]]),
        "{attribute}"
    );
    assert_eq!(
        attribute["large-community"],
        json!([[65151, 2, 3]]),
        "{attribute}"
    );
    let route = pair.exabgp_route("ipv6 unicast 2001:db8:151::/48");
    let attribute = &route.attribute;
    assert_eq!(route.next_hop, "2001:db8::6", "{route:?}");
    assert_eq!(relay_helper::as_path(attribute), [65151], "{attribute}");
    assert_eq!(attribute["med"], 8, "{attribute}");
    assert_eq!(attribute["community"], json!([[65151, 6]]), "{attribute}");
    assert_eq!(
        attribute["large-community"],
        json!([[65151, 7, 8]]),
        "{attribute}"
    );

    // ExaBGP -> ferrobgp.
    let route = pair.our_route("ipv4 unicast 10.152.0.0/24");
    let attribute = &route.attribute;
    assert_eq!(route.next_hop, "127.13.2.5", "{route:?}");
    assert_eq!(
        relay_helper::as_path(attribute),
        [65152, 65200],
        "{attribute}"
    );
    assert_eq!(attribute["med"], 20, "{attribute}");
    assert_eq!(attribute["origin"], "incomplete", "{attribute}");
    assert_eq!(attribute["community"], json!([[65152, 5]]), "{attribute}");
    assert_eq!(
        attribute["large-community"],
        json!([[65152, 6, 7]]),
        "{attribute}"
    );
    let route = pair.our_route("ipv6 unicast 2001:db8:152::/48");
    let attribute = &route.attribute;
    assert_eq!(route.next_hop, "2001:db8::5", "{route:?}");
    assert_eq!(relay_helper::as_path(attribute), [65152], "{attribute}");
    assert_eq!(attribute["med"], 21, "{attribute}");
    assert_eq!(attribute["community"], json!([[65152, 8]]), "{attribute}");
    assert_eq!(
        attribute["large-community"],
        json!([[65152, 9, 10]]),
        "{attribute}"
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
    assert!(
        relay_helper::as_path(&route.attribute).is_empty(),
        "{route:?}"
    );
    let route = pair.our_route("ipv4 unicast 10.154.0.0/24");
    assert_eq!(route.attribute["local-preference"], 300, "{route:?}");
    assert!(
        relay_helper::as_path(&route.attribute).is_empty(),
        "{route:?}"
    );
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
    assert_eq!(
        relay_helper::as_path(&route.attribute),
        [4_200_000_001],
        "{route:?}"
    );
    let events = pair.exabgp.recorder.events();
    let up = events
        .iter()
        .find(|event| event["neighbor"]["state"] == "up")
        .unwrap();
    assert_eq!(up["neighbor"]["asn"]["peer"], 4_200_000_001u64, "{up}");
    let route = pair.our_route("ipv4 unicast 10.156.0.0/24");
    assert_eq!(
        relay_helper::as_path(&route.attribute),
        [65155, 4_200_000_009],
        "{route:?}"
    );
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
    let up = pair
        .exabgp
        .recorder
        .events()
        .into_iter()
        .find(|event| event["neighbor"]["state"] == "up")
        .unwrap();
    assert_eq!(up["neighbor"]["asn"]["peer"], 23456, "{up}");
    // ExaBGP, on its 2-octet session, rebuilds the path from AS_PATH (AS_TRANS) and AS4_PATH.
    let route = pair.exabgp_route("ipv4 unicast 10.165.0.0/24");
    assert_eq!(
        relay_helper::as_path(&route.attribute),
        [4_200_000_001, 65100],
        "{route:?}"
    );
    let route = pair.our_route("ipv4 unicast 10.166.0.0/24");
    assert_eq!(
        relay_helper::as_path(&route.attribute),
        [65165, 65200],
        "{route:?}"
    );
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
    pair.exabgp
        .recorder
        .wait("our ROUTE-REFRESH", SESSION, |events| {
            events
                .iter()
                .any(|event| event["type"] == "refresh")
                .then_some(())
        });
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
    let expired = pair.daemon.wait_position_from(
        up,
        &[
            &format!("neighbor {} notification sent: (4/0)", pair.exabgp_address),
            "Hold timer expired",
        ],
        SESSION,
    );
    pair.daemon.wait_position_from(
        expired,
        &[&format!("neighbor {} down", pair.exabgp_address)],
        SESSION,
    );
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
    let down = pair.daemon.wait_position_from(
        up,
        &[&format!("neighbor {} down", pair.exabgp_address)],
        SESSION,
    );
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

/// The flow route among `routes` whose destination is `destination`.
fn flow(routes: &[relay_helper::Route], destination: &str) -> Option<relay_helper::Route> {
    routes
        .iter()
        .find(|route| route.route["destination-ipv4"] == json!([destination]))
        .cloned()
}

/// The held flow routes of a recorder's events.
fn flows(events: &[Value]) -> Vec<relay_helper::Route> {
    relay_helper::routes(events, "receive")
        .into_iter()
        .filter(|(key, _)| key.starts_with("ipv4 flow "))
        .map(|(_, route)| route)
        .collect()
}

/// The `string` forms of a route's extended communities.
fn extended_communities(route: &relay_helper::Route) -> Vec<String> {
    route.attribute["extended-community"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|community| community["string"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn flowspec_both_ways() {
    let pair = start(
        "flow",
        &Setup {
            octets: (19, 20),
            our_families: "ipv4 unicast; ipv4 flow;",
            exabgp_families: "ipv4 unicast; ipv4 flow;",
            announce: &[
                r#"flow "route { match { destination 192.0.2.0/24; protocol tcp; destination-port =80; } then { discard; } }""#,
                r#"flow "route { match { destination 198.51.100.0/24; source 203.0.113.0/24; protocol udp; source-port =53; } then { rate-limit 1000; } }""#,
                r#"flow "route { match { destination 203.0.113.5/32; protocol tcp; destination-port [ =443 >=8000&<=8080 ]; } then { redirect 65151:666; } }""#,
            ],
            exabgp_routes: "flow {
        route exabgp-rule {
            match { destination 192.0.2.128/25; source 10.0.0.0/8; protocol udp; destination-port >=1000&<=2000; }
            then { rate-limit 500; }
        }
    }",
            ..Setup::default()
        },
    );
    pair.wait_up(0, 1);
    let held = pair
        .exabgp
        .recorder
        .wait("our three flow routes", SESSION, |events| {
            let held = flows(events);
            (held.len() == 3).then_some(held)
        });

    let discard = flow(&held, "192.0.2.0/24").expect("the discard rule");
    assert_eq!(discard.route["protocol"], json!(["=tcp"]), "{discard:?}");
    assert_eq!(
        discard.route["destination-port"],
        json!(["=80"]),
        "{discard:?}"
    );
    assert_eq!(
        extended_communities(&discard),
        ["rate-limit:0"],
        "{discard:?}"
    );

    let limited = flow(&held, "198.51.100.0/24").expect("the rate-limit rule");
    assert_eq!(
        limited.route["source-ipv4"],
        json!(["203.0.113.0/24"]),
        "{limited:?}"
    );
    assert_eq!(limited.route["protocol"], json!(["=udp"]), "{limited:?}");
    assert_eq!(limited.route["source-port"], json!(["=53"]), "{limited:?}");
    assert_eq!(
        extended_communities(&limited),
        ["rate-limit:1000"],
        "{limited:?}"
    );

    let redirected = flow(&held, "203.0.113.5/32").expect("the redirect rule");
    assert_eq!(
        redirected.route["protocol"],
        json!(["=tcp"]),
        "{redirected:?}"
    );
    assert_eq!(
        redirected.route["destination-port"],
        json!(["=443", ">=8000&<=8080"]),
        "{redirected:?}"
    );
    assert_eq!(
        extended_communities(&redirected),
        ["redirect:65151:666"],
        "{redirected:?}"
    );

    // ExaBGP -> ferrobgp.
    let route = pair
        .recorder
        .wait("ExaBGP's flow route", SESSION, |events| {
            flow(&flows(events), "192.0.2.128/25")
        });
    assert_eq!(
        route.route["source-ipv4"],
        json!(["10.0.0.0/8"]),
        "{route:?}"
    );
    assert_eq!(route.route["protocol"], json!(["=udp"]), "{route:?}");
    assert_eq!(
        route.route["destination-port"],
        json!([">=1000&<=2000"]),
        "{route:?}"
    );
    assert_eq!(
        extended_communities(&route),
        ["rate-limit:500"],
        "{route:?}"
    );
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
