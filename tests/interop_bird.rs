//! `ferrobgp run` against a real BIRD 2, routes, for what tests/daemon_bird.rs does not cover:
//! the session with ferrobgp active (BIRD `passive on`, ferrobgp `listen #false`) and passive
//! (ferrobgp `passive`), IPv4 and IPv6 unicast both ways with their attributes (checked in
//! `birdc show route all` and, from BIRD, in the ExaBGP JSON a real helper receives), a
//! 4-octet local AS, iBGP local preference, ADD-PATH both ways and route refresh in both
//! directions. The session's life (TCP-MD5, hold timer, BIRD's restart) is in
//! tests/interop_bird_sessions.rs, FlowSpec in tests/interop_bird_flowspec.rs.
//!
//! Addresses are in 127.15.0.0/16 (one /24 per test) and ::1, ports from `free_port`. Every
//! wait is a bounded poll; BIRD and ferrobgp are killed on drop.

mod daemon_support;

use daemon_support::bird::{Bird, SESSION_OPTIONS, assert_contains_all, preamble, route_block};
use daemon_support::bird_session::BirdSession;
use daemon_support::relay_helper::{RelayHelper, Route};
use daemon_support::{Daemon, Scratch, WAIT, ctl, free_port, wait_until};
use serde_json::{Value, json};

/// The 4-octet AS ferrobgp uses towards BIRD's eBGP sessions.
const FOUR_OCTET_AS: u32 = 4_200_000_001;

#[test]
fn ferrobgp_active_with_a_four_octet_as_exchanges_ipv4_and_ipv6_routes_with_attributes() {
    let scratch = Scratch::new("interop-bird-active");
    let (bird_address, our_address) = ("127.15.1.1", "127.15.1.2");
    let bird_port = free_port(bird_address);
    let bird_port6 = free_port("::1");
    let mut bird_config = preamble(&scratch.path, bird_address);
    bird_config.push_str(&format!(
        r#"protocol static v4 {{ ipv4; route 10.151.1.0/24 blackhole; route 10.151.2.0/24 blackhole; }}
protocol static v6 {{ ipv6; route 2001:db8:151:1::/64 blackhole; }}
# BIRD sends a MED to an eBGP peer only when its export filter set it.
filter to_ferro {{
  if net = 10.151.1.0/24 then {{
    bgp_med = 33; bgp_community.add((65001,7)); bgp_large_community.add((65001,8,9));
  }}
  if net = 10.151.2.0/24 then bgp_path.prepend(65099);
  if net = 2001:db8:151:1::/64 then {{
    bgp_med = 66; bgp_community.add((65001,6)); bgp_large_community.add((65001,6,6));
  }}
  accept;
}}
protocol bgp ferro {{
  local {bird_address} port {bird_port} as 65001;
  neighbor {our_address} as {FOUR_OCTET_AS};
  {SESSION_OPTIONS}
  passive on;
  ipv4 {{ import all; export filter to_ferro; }};
}}
protocol bgp ferro6 {{
  local ::1 port {bird_port6} as 65001;
  neighbor ::1 as {FOUR_OCTET_AS};
  {SESSION_OPTIONS}
  passive on;
  # BIRD refuses its own next hop when it equals the neighbor's address (both ::1).
  ipv6 {{ import all; export filter to_ferro; next hop address 2001:db8:ffff::1; }};
}}
"#
    ));
    let bird = Bird::start_ready(&scratch.path, &bird_config);

    let recorder = RelayHelper::new(&scratch.path, "events");
    let config = scratch.write(
        "ferrobgp.kdl",
        &format!(
            r#"
router-id "{our_address}"
local-as {FOUR_OCTET_AS}
listen #false
control-fifo #false
log-level "debug"
{recorder}
neighbor "{bird_address}" {{
    peer-as 65001
    local-address "{our_address}"
    connect-port {bird_port}
    family {{ ipv4 unicast; }}
    api {{ processes "recorder"; receive {{ parsed; update; }} }}
    announce {{
        route "10.152.1.0/24 next-hop self med 7 community [ 65082:1 65082:2 ] large-community [ 65082:2:3 ]"
        route "10.152.2.0/24 next-hop self as-path [ {FOUR_OCTET_AS} 65010 ] origin incomplete"
    }}
}}
neighbor "::1" {{
    peer-as 65001
    local-address "::1"
    connect-port {bird_port6}
    family {{ ipv6 unicast; }}
    api {{ processes "recorder"; receive {{ parsed; update; }} }}
    announce {{
        ipv6 "unicast 2001:db8:152:1::/64 next-hop self med 9 community [ 65082:6 ] large-community [ 65082:6:6 ]"
    }}
}}
"#,
            recorder = recorder.process_node("recorder"),
        ),
    );
    let daemon = Daemon::start("ferrobgp", &["run", &config], &[]);

    // BIRD is passive and ferrobgp does not listen: only ferrobgp can have connected.
    for neighbor in [bird_address, "::1"] {
        daemon.wait_for(&[&format!("neighbor {neighbor} up")]);
        daemon.wait_for(&[&format!("neighbor {neighbor} connected (outgoing)")]);
        daemon.wait_for(&[
            &format!("neighbor {neighbor} negotiated: AS {FOUR_OCTET_AS} -> AS 65001"),
            "asn4 true",
        ]);
    }
    let status = bird.wait_for_output("show protocols all ferro", &["Established"]);
    assert!(
        status
            .lines()
            .any(|line| line.trim_start().starts_with("Neighbor AS:")
                && line.trim_end().ends_with(&format!(" {FOUR_OCTET_AS}"))),
        "BIRD does not show the 4-octet neighbor AS:\n{status}"
    );
    bird.wait_for_output("show protocols ferro6", &["Established"]);

    // ferrobgp -> BIRD, IPv4.
    let routes = bird.wait_for_output(
        "show route all protocol ferro",
        &["10.152.1.0/24", "10.152.2.0/24"],
    );
    let first = route_block(&routes, "10.152.1.0/24").expect("10.152.1.0/24");
    assert_contains_all(
        &first,
        &[
            &format!("BGP.as_path: {FOUR_OCTET_AS}\n"),
            &format!("BGP.next_hop: {our_address}"),
            "BGP.med: 7",
            "BGP.community: (65082,1) (65082,2)",
            "BGP.large_community: (65082, 2, 3)",
            "BGP.origin: IGP",
        ],
    );
    let second = route_block(&routes, "10.152.2.0/24").expect("10.152.2.0/24");
    assert_contains_all(
        &second,
        &[
            &format!("BGP.as_path: {FOUR_OCTET_AS} 65010"),
            "BGP.origin: Incomplete",
        ],
    );
    assert!(!second.contains("BGP.med"), "{second}");

    // ferrobgp -> BIRD, IPv6.
    let routes6 = bird.wait_for_output("show route all protocol ferro6", &["2001:db8:152:1::/64"]);
    let route6 = route_block(&routes6, "2001:db8:152:1::/64").expect("IPv6 route");
    assert_contains_all(
        &route6,
        &[
            &format!("BGP.as_path: {FOUR_OCTET_AS}"),
            "BGP.next_hop: ::1",
            "BGP.med: 9",
            "BGP.community: (65082,6)",
            "BGP.large_community: (65082, 6, 6)",
        ],
    );

    // BIRD -> ferrobgp, as the helper reads it.
    let received = recorder.wait_for_announced("10.151.1.0/24", 1, WAIT);
    let route = &received[0];
    assert_eq!(
        (route.peer.as_str(), route.family.as_str()),
        (bird_address, "ipv4 unicast")
    );
    assert_eq!(route.next_hop, bird_address);
    assert_attributes(
        route,
        &json!({ "med": 33, "community": [[65001, 7]], "large-community": [[65001, 8, 9]] }),
    );
    assert_eq!(route.as_path(), vec![65001], "{route:?}");
    let received = recorder.wait_for_announced("10.151.2.0/24", 1, WAIT);
    assert_eq!(received[0].family, "ipv4 unicast");
    assert_eq!(received[0].as_path(), vec![65001, 65099]);
    let received6 = recorder.wait_for_announced("2001:db8:151:1::/64", 1, WAIT);
    let route6 = &received6[0];
    assert_eq!(
        (route6.peer.as_str(), route6.family.as_str()),
        ("::1", "ipv6 unicast")
    );
    assert_eq!(route6.next_hop, "2001:db8:ffff::1", "{route6:?}");
    assert_attributes(
        route6,
        &json!({ "med": 66, "community": [[65001, 6]], "large-community": [[65001, 6, 6]] }),
    );
    assert_eq!(route6.as_path(), vec![65001]);
    let update = recorder
        .events_of("update")
        .into_iter()
        .next()
        .expect("an update");
    assert_eq!(update["neighbor"]["asn"]["local"], json!(FOUR_OCTET_AS));
}

/// Panics unless `route` (as the helper read it) has every attribute of `expected` (a JSON
/// object) with that value.
fn assert_attributes(route: &Route, expected: &Value) {
    for (name, value) in expected.as_object().expect("attributes") {
        assert_eq!(&route.attribute[name], value, "{name} of {route:?}");
    }
}

#[test]
fn ferrobgp_passive_on_ibgp_carries_local_preference_and_route_refresh_both_ways() {
    let setup = BirdSession::start(
        "interop-bird-passive",
        ("127.15.2.1", 65000),
        ("127.15.2.2", 65000),
        "protocol static v4 {
  ipv4;
  route 10.151.3.0/24 blackhole { bgp_local_pref = 321; bgp_community.add((65000,33)); };
}",
        &[SESSION_OPTIONS, "ipv4 { import all; export all; };"],
    );
    let (scratch, bird) = (&setup.scratch, &setup.bird);
    let (bird_address, our_address) = (setup.bird_side.address, setup.our_side.address);
    let our_port = setup.our_side.port;

    let recorder = RelayHelper::new(&scratch.path, "events");
    let pipe = scratch.file("control").display().to_string();
    let config = scratch.write(
        "ferrobgp.kdl",
        &format!(
            r#"
router-id "{our_address}"
local-as 65000
listen "{our_address}" port={our_port}
control-fifo "{pipe}"
log-level "debug"
{recorder}
neighbor "{bird_address}" {{
    peer-as 65000
    passive
    family {{ ipv4 unicast; }}
    api {{ processes "recorder"; receive {{ parsed; update; refresh; }} }}
    announce {{
        route "10.152.3.0/24 next-hop self local-preference 250 med 5 community [ 65000:3 ]"
    }}
}}
"#,
            recorder = recorder.process_node("recorder"),
        ),
    );
    let daemon = Daemon::start("ferrobgp", &["run", &config], &[]);

    // ferrobgp is passive: BIRD made the connection.
    daemon.wait_for(&[&format!("neighbor {bird_address} up")]);
    daemon.wait_for(&[&format!("neighbor {bird_address} connected (incoming)")]);
    assert_eq!(
        daemon.count(&[&format!("neighbor {bird_address} connected (outgoing)")]),
        0
    );
    bird.wait_for_output("show protocols ferro", &["Established"]);

    // ferrobgp -> BIRD: iBGP keeps our local preference and adds no AS.
    let routes = bird.wait_for_output("show route all protocol ferro", &["10.152.3.0/24"]);
    let route = route_block(&routes, "10.152.3.0/24").expect("our route");
    assert_contains_all(
        &route,
        &[
            "Type: BGP univ",
            "BGP.local_pref: 250",
            "BGP.med: 5",
            "BGP.community: (65000,3)",
            &format!("BGP.next_hop: {our_address}"),
        ],
    );
    assert!(
        route
            .lines()
            .any(|line| line.trim_end() == "\tBGP.as_path:" || line.trim() == "BGP.as_path:"),
        "the iBGP route should have an empty AS path:\n{route}"
    );

    // BIRD -> ferrobgp: its local preference, as the helper reads it.
    let received = recorder.wait_for_announced("10.151.3.0/24", 1, WAIT);
    assert_eq!(
        received[0].attribute["local-preference"],
        json!(321),
        "{:?}",
        received[0]
    );
    assert_eq!(received[0].attribute["community"], json!([[65000, 33]]));
    assert!(received[0].as_path().is_empty());

    // `birdc reload in`: BIRD asks (ROUTE-REFRESH), ferrobgp sends its routes again.
    let before = wait_until("BIRD counted our first update", WAIT, || {
        let counts = bird.statistics("ferro", "Import updates:");
        counts.first().copied().filter(|received| *received >= 1)
    });
    assert!(bird.birdc("reload in ferro").contains("reloading"));
    wait_until("the helper saw BIRD's route-refresh request", WAIT, || {
        recorder
            .events_of("refresh")
            .into_iter()
            .find(|event| event["neighbor"]["route-refresh"]["subtype"] == "query")
    });
    wait_until("ferrobgp re-sent its routes to BIRD", WAIT, || {
        let counts = bird.statistics("ferro", "Import updates:");
        counts
            .first()
            .copied()
            .filter(|received| *received > before)
    });

    // `birdc reload out`: BIRD sends its routes again; the helper sees the route twice.
    assert!(bird.birdc("reload out ferro").contains("reloading"));
    recorder.wait_for_announced("10.151.3.0/24", 2, WAIT);

    // ferrobgp asks (ROUTE-REFRESH from the control FIFO): BIRD sends its route once more.
    let exported = bird.statistics("ferro", "Export updates:");
    ctl(&pipe, &["announce", "route-refresh", "ipv4", "unicast"]);
    recorder.wait_for_announced("10.151.3.0/24", 3, WAIT);
    wait_until("BIRD counted the re-sent export", WAIT, || {
        let now = bird.statistics("ferro", "Export updates:");
        (now.first() > exported.first()).then_some(())
    });
}

#[test]
fn add_path_carries_several_paths_per_prefix_both_ways() {
    // Two routes for one prefix (two static protocols); with `add paths` BIRD sends both.
    let setup = BirdSession::start(
        "interop-bird-add-path",
        ("127.15.3.1", 65001),
        ("127.15.3.2", 65003),
        "protocol static static_a { ipv4; route 10.151.4.0/24 blackhole { bgp_community.add((65001,41)); }; }
protocol static static_b { ipv4 { preference 50; }; route 10.151.4.0/24 blackhole { bgp_community.add((65001,42)); }; }",
        &[
            SESSION_OPTIONS,
            "# `add paths on` is `tx` and `rx` together.",
            "ipv4 { import all; export all; add paths on; };",
        ],
    );
    let (bird, bird_address) = (&setup.bird, setup.bird_side.address);

    let recorder = RelayHelper::new(&setup.scratch.path, "events");
    let config = setup.write_interop_config(
        &["control-fifo #false", &recorder.process_node("recorder")],
        &[
            "family { ipv4 unicast add-path=send-receive; }",
            r#"api { processes "recorder"; receive { parsed; update; } }"#,
            r#"announce {
        route "10.152.4.0/24 next-hop self med 1 path-information 1"
        route "10.152.4.0/24 next-hop self med 2 path-information 2"
    }"#,
        ],
    );
    let daemon = Daemon::start("ferrobgp", &["run", &config], &[]);
    daemon.wait_for(&[&format!("neighbor {bird_address} up")]);
    let status = bird.wait_for_output("show protocols all ferro", &["Established"]);
    assert!(
        status.contains("ADD-PATH"),
        "BIRD negotiated no ADD-PATH:\n{status}"
    );

    // ferrobgp -> BIRD: both paths of the prefix.
    let routes = bird.wait_until_output(
        "show route all protocol ferro",
        WAIT,
        "showed both paths of 10.152.4.0/24",
        |output| {
            route_block(output, "10.152.4.0/24")
                .is_some_and(|block| block.contains("BGP.med: 1") && block.contains("BGP.med: 2"))
        },
    );
    let block = route_block(&routes, "10.152.4.0/24").expect("both paths");
    assert_eq!(block.matches("[ferro ").count(), 2, "{block}");

    // BIRD -> ferrobgp: both paths, with distinct path identifiers.
    let received = recorder.wait_for_announced("10.151.4.0/24", 2, WAIT);
    let mut communities: Vec<String> = received
        .iter()
        .map(|route| route.attribute["community"].to_string())
        .collect();
    communities.sort();
    assert_eq!(
        communities,
        ["[[65001,41]]", "[[65001,42]]"],
        "{received:?}"
    );
    let identifiers: Vec<Option<&str>> = received
        .iter()
        .map(|route| route.path_information())
        .collect();
    assert!(
        identifiers.iter().all(|identifier| identifier.is_some())
            && identifiers[0] != identifiers[1],
        "{received:?}"
    );
}
