//! `ferrobgp run` against a real ExaBGP 5.0 on loopback, FlowSpec: three IPv4 rules from
//! ferrobgp's configuration and one from ExaBGP's, each checked component by component (and
//! its action) in the other side's recording helper. The pair is `exabgp_pair`'s, as in
//! tests/interop_exabgp.rs (addresses 127.13.2.19–20).

mod daemon_support;

use daemon_support::exabgp_pair::{Setup, start};
use daemon_support::relay_helper;
use daemon_support::speaker::SESSION;
use serde_json::{Value, json};

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

/// Asserts that the flow route `route` has these components (name and ExaBGP JSON value) and
/// exactly these actions (the `string` forms of its extended communities).
fn assert_flow(route: &relay_helper::Route, components: &[(&str, Value)], actions: &[&str]) {
    for (name, value) in components {
        assert_eq!(&route.route[*name], value, "{route:?}");
    }
    assert_eq!(extended_communities(route), actions, "{route:?}");
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

    assert_flow(
        &flow(&held, "192.0.2.0/24").expect("the discard rule"),
        &[
            ("protocol", json!(["=tcp"])),
            ("destination-port", json!(["=80"])),
        ],
        &["rate-limit:0"],
    );
    assert_flow(
        &flow(&held, "198.51.100.0/24").expect("the rate-limit rule"),
        &[
            ("source-ipv4", json!(["203.0.113.0/24"])),
            ("protocol", json!(["=udp"])),
            ("source-port", json!(["=53"])),
        ],
        &["rate-limit:1000"],
    );
    assert_flow(
        &flow(&held, "203.0.113.5/32").expect("the redirect rule"),
        &[
            ("protocol", json!(["=tcp"])),
            ("destination-port", json!(["=443", ">=8000&<=8080"])),
        ],
        &["redirect:65151:666"],
    );

    // ExaBGP -> ferrobgp.
    let route = pair
        .recorder
        .wait("ExaBGP's flow route", SESSION, |events| {
            flow(&flows(events), "192.0.2.128/25")
        });
    assert_flow(
        &route,
        &[
            ("source-ipv4", json!(["10.0.0.0/8"])),
            ("protocol", json!(["=udp"])),
            ("destination-port", json!([">=1000&<=2000"])),
        ],
        &["rate-limit:500"],
    );
}
