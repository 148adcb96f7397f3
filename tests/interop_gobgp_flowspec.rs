//! `ferrobgp run` against a real GoBGP 3.10, FlowSpec both ways: three IPv4 rules from
//! ferrobgp's configuration checked component by component in GoBGP's RIB (`gobgp global rib
//! -a ipv4-flowspec -j`), and one GoBGP rule as ferrobgp's helper receives it. Without ADD-PATH:
//! see tests/interop_gobgp.rs for GoBGP 3.10's FlowSpec coding under ADD-PATH. The pair is
//! `gobgp_pair`'s (addresses 127.13.1.23–24).

mod daemon_support;

use daemon_support::gobgp::{attribute, flow_components, flow_path};
use daemon_support::gobgp_pair::{Setup, start};
use daemon_support::relay_helper;
use daemon_support::speaker::SESSION;
use serde_json::Value;

/// GoBGP's rule for `destination` in `rib`, asserted to have exactly `components`; with its
/// first extended community (the action).
fn rule<'a>(
    rib: &'a Value,
    destination: &str,
    components: &[(u64, Value)],
) -> (&'a Value, &'a Value) {
    let path = flow_path(rib, destination).unwrap();
    assert_eq!(flow_components(path), components, "{path}");
    (path, &attribute(path, 16).unwrap()["value"][0])
}

#[test]
fn flowspec_both_ways() {
    let pair = start(
        "flow",
        &Setup {
            octets: (23, 24),
            our_families: "ipv4 unicast; ipv4 flow;",
            gobgp_families: &["ipv4-unicast", "ipv4-flowspec"],
            announce: &[
                r#"flow "route { match { destination 192.0.2.0/24; protocol tcp; destination-port =80; } then { discard; } }""#,
                r#"flow "route { match { destination 198.51.100.0/24; source 203.0.113.0/24; protocol udp; source-port =53; } then { rate-limit 1000; } }""#,
                r#"flow "route { match { destination 203.0.113.5/32; protocol tcp; destination-port [ =443 >=8000&<=8080 ]; } then { redirect 65147:666; } }""#,
            ],
            ..Setup::default()
        },
    );
    pair.wait_up();
    let rib = pair
        .gobgp
        .wait(&["global", "rib", "-a", "ipv4-flowspec"], SESSION, |rib| {
            ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.5/32"]
                .iter()
                .all(|destination| flow_path(rib, destination).is_some())
                .then(|| rib.clone())
        });
    let numeric = |pairs: &[(u64, u64)]| {
        Value::Array(
            pairs
                .iter()
                .map(|(op, value)| serde_json::json!({"op": op, "value": value}))
                .collect(),
        )
    };
    // Operator byte: 0x80 end of list, 0x40 AND, 0x01 =, 0x02 >, 0x04 <.
    let (discard, action) = rule(
        &rib,
        "192.0.2.0/24",
        &[
            (1, serde_json::json!({"prefix": "192.0.2.0/24"})),
            (3, numeric(&[(0x81, 6)])),
            (5, numeric(&[(0x81, 80)])),
        ],
    );
    assert_eq!(action["subtype"], 6, "{discard}");
    assert_eq!(action["rate"], 0.0, "{discard}");

    let (limited, action) = rule(
        &rib,
        "198.51.100.0/24",
        &[
            (1, serde_json::json!({"prefix": "198.51.100.0/24"})),
            (2, serde_json::json!({"prefix": "203.0.113.0/24"})),
            (3, numeric(&[(0x81, 17)])),
            (6, numeric(&[(0x81, 53)])),
        ],
    );
    assert_eq!(action["subtype"], 6, "{limited}");
    assert_eq!(action["rate"], 1000.0, "{limited}");

    let (redirected, action) = rule(
        &rib,
        "203.0.113.5/32",
        &[
            (1, serde_json::json!({"prefix": "203.0.113.5/32"})),
            (3, numeric(&[(0x81, 6)])),
            // Two-octet values: length bits 0x10.
            (5, numeric(&[(0x11, 443), (0x13, 8000), (0xd5, 8080)])),
        ],
    );
    assert_eq!(action["subtype"], 8, "{redirected}");
    assert_eq!(action["value"], "65147:666", "{redirected}");

    // GoBGP -> ferrobgp.
    pair.gobgp.add_route(
        "ipv4-flowspec",
        concat!(
            "match destination 192.0.2.128/25 source 10.0.0.0/8 protocol udp",
            " destination-port >=1000&<=2000 then rate-limit 500"
        ),
    );
    let route = pair.recorder.wait("GoBGP's flow route", SESSION, |events| {
        relay_helper::routes(events, "receive")
            .into_values()
            .find(|route| route.route["destination-ipv4"][0] == "192.0.2.128/25")
    });
    let flow = &route.route;
    assert_eq!(
        flow["source-ipv4"],
        serde_json::json!(["10.0.0.0/8"]),
        "{flow}"
    );
    assert_eq!(flow["protocol"], serde_json::json!(["=udp"]), "{flow}");
    assert_eq!(
        flow["destination-port"],
        serde_json::json!([">=1000&<=2000"]),
        "{flow}"
    );
    assert_eq!(
        route.attribute["extended-community"][0]["string"], "rate-limit:500",
        "{route:?}"
    );
}
