//! `ferrobgp run` against a real BIRD 2, for what tests/daemon_bird.rs does not cover: the
//! session with ferrobgp active (BIRD `passive on`, ferrobgp `listen #false`) and passive
//! (ferrobgp `passive`), IPv4 and IPv6 unicast both ways with their attributes (checked in
//! `birdc show route all` and, from BIRD, in the ExaBGP JSON a real helper receives), a
//! 4-octet local AS, iBGP local preference, ADD-PATH both ways, TCP-MD5 (a wrong key never
//! comes up), route refresh in both directions, hold-timer expiry while BIRD is frozen
//! (SIGSTOP), a BIRD restart, and FlowSpec rules checked component by component in BIRD's
//! `flow4`/`flow6` tables.
//!
//! Addresses are in 127.15.0.0/16 (one /24 per test) and ::1, ports from `free_port`. Every
//! wait is a bounded poll; BIRD and ferrobgp are killed on drop.

mod daemon_support;

use std::time::Duration;

use daemon_support::bird::{Bird, route_block};
use daemon_support::recorder::Recorder;
use daemon_support::{Daemon, Scratch, WAIT, free_port, wait_until};
use nix::sys::signal::Signal;
use serde_json::json;

/// How long a session may take to come back after it was broken (BIRD's error wait and
/// ferrobgp's connect-retry backoff on a loaded machine).
const RECONNECT: Duration = Duration::from_secs(60);

/// The 4-octet AS ferrobgp uses towards BIRD's eBGP sessions.
const FOUR_OCTET_AS: u32 = 4_200_000_001;

/// BIRD's global settings: router id, log, device protocol and short retry timers so that a
/// broken session is retried within seconds.
fn bird_preamble(scratch: &Scratch, router_id: &str) -> String {
    format!(
        r#"router id {router_id};
log "{log}" all;
protocol device {{}}
"#,
        log = scratch.file("bird.log").display()
    )
}

/// Options every BIRD `protocol bgp` here shares.
const BIRD_SESSION_OPTIONS: &str = "multihop; strict bind yes; \
    connect delay time 1; connect retry time 2; error wait time 1, 3;";

/// Panics unless `text` contains every one of `wanted`.
fn assert_contains_all(text: &str, wanted: &[&str]) {
    for part in wanted {
        assert!(text.contains(part), "no {part:?} in:\n{text}");
    }
}

/// The AS numbers of an ExaBGP JSON `as-path` attribute (its segments in order).
fn as_path_numbers(attribute: &serde_json::Value) -> Vec<u64> {
    let mut numbers = Vec::new();
    if let Some(segments) = attribute["as-path"].as_object() {
        let mut keys: Vec<&String> = segments.keys().collect();
        keys.sort_by_key(|key| key.parse::<u32>().unwrap_or(u32::MAX));
        for key in keys {
            for number in segments[key]["value"].as_array().into_iter().flatten() {
                numbers.extend(number.as_u64());
            }
        }
    }
    numbers
}

#[test]
fn ferrobgp_active_with_a_four_octet_as_exchanges_ipv4_and_ipv6_routes_with_attributes() {
    let scratch = Scratch::new("interop-bird-active");
    let (bird_address, our_address) = ("127.15.1.1", "127.15.1.2");
    let bird_port = free_port(bird_address);
    let bird_port6 = free_port("::1");
    let mut bird_config = bird_preamble(&scratch, bird_address);
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
  {BIRD_SESSION_OPTIONS}
  passive on;
  ipv4 {{ import all; export filter to_ferro; }};
}}
protocol bgp ferro6 {{
  local ::1 port {bird_port6} as 65001;
  neighbor ::1 as {FOUR_OCTET_AS};
  {BIRD_SESSION_OPTIONS}
  passive on;
  # BIRD refuses its own next hop when it equals the neighbor's address (both ::1).
  ipv6 {{ import all; export filter to_ferro; next hop address 2001:db8:ffff::1; }};
}}
"#
    ));
    let bird = Bird::start(&scratch.path, &bird_config);
    bird.wait_for_output("show status", &["BIRD 2"]);

    let recorder = Recorder::new(&scratch, "events");
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
        status.lines().any(|line| line.trim_start().starts_with("Neighbor AS:")
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
    let received = recorder.wait_for_announced(bird_address, "ipv4 unicast", "10.151.1.0/24", 1, WAIT);
    let route = &received[0];
    assert_eq!(route.next_hop, bird_address);
    assert_eq!(route.attribute["med"], json!(33), "{route:?}");
    assert_eq!(route.attribute["community"], json!([[65001, 7]]), "{route:?}");
    assert_eq!(route.attribute["large-community"], json!([[65001, 8, 9]]), "{route:?}");
    assert_eq!(as_path_numbers(&route.attribute), vec![65001], "{route:?}");
    let received = recorder.wait_for_announced(bird_address, "ipv4 unicast", "10.151.2.0/24", 1, WAIT);
    assert_eq!(as_path_numbers(&received[0].attribute), vec![65001, 65099]);
    let received6 = recorder.wait_for_announced("::1", "ipv6 unicast", "2001:db8:151:1::/64", 1, WAIT);
    let route6 = &received6[0];
    assert_eq!(route6.next_hop, "2001:db8:ffff::1", "{route6:?}");
    assert_eq!(route6.attribute["med"], json!(66), "{route6:?}");
    assert_eq!(route6.attribute["community"], json!([[65001, 6]]), "{route6:?}");
    assert_eq!(route6.attribute["large-community"], json!([[65001, 6, 6]]), "{route6:?}");
    assert_eq!(as_path_numbers(&route6.attribute), vec![65001]);
    let update = recorder.events_of("update").into_iter().next().expect("an update");
    assert_eq!(update["neighbor"]["asn"]["local"], json!(FOUR_OCTET_AS));
}
