//! `ferrobgp run` against a real BIRD 2, FlowSpec: IPv4 and IPv6 rules from ferrobgp's
//! configuration checked component by component in BIRD's `flow4`/`flow6` tables, with their
//! actions as extended communities, and one withdrawn from the control FIFO.
//!
//! Addresses are in 127.15.0.0/16 (one /24 per test, as in tests/interop_bird.rs), ports from
//! `free_port`. Every wait is a bounded poll; BIRD and ferrobgp are killed on drop.

mod daemon_support;

use daemon_support::bird::{SESSION_OPTIONS, assert_contains_all};
use daemon_support::bird_session::BirdSession;
use daemon_support::{Daemon, ctl};

#[test]
fn flowspec_rules_reach_bird_flow_tables_component_by_component() {
    let setup = BirdSession::start(
        "interop-bird-flow",
        ("127.15.7.1", 65001),
        ("127.15.7.2", 65007),
        "flow4 table flowtab4;\nflow6 table flowtab6;",
        &[
            SESSION_OPTIONS,
            "flow4 { table flowtab4; import all; export none; };",
            "flow6 { table flowtab6; import all; export none; };",
        ],
    );
    let (bird, bird_address) = (&setup.bird, setup.bird_side.address);
    let pipe = setup.scratch.file("control").display().to_string();
    let config = setup.write_interop_config(
        &[&format!("control-fifo \"{pipe}\"")],
        &[
            "family { ipv4 flow; ipv6 flow; }",
            r#"announce {
        flow """
            route {
                match {
                    source 10.0.0.0/8; destination 192.0.2.0/24; protocol tcp;
                    destination-port [ =80 =443 ]; source-port >1024;
                    packet-length >=100&<=1500; tcp-flags syn; fragment is-fragment; dscp 10;
                }
                then { discard; }
            }
            """
        flow "route { match { destination 2001:db8:1::/48; next-header udp; destination-port =53; } then { rate-limit 1000; community [ 65007:53 ]; } }"
    }"#,
        ],
    );
    let daemon = Daemon::start("ferrobgp", &["run", &config], &[]);
    daemon.wait_for(&[&format!("neighbor {bird_address} up")]);
    daemon.wait_for(&[
        &format!("neighbor {bird_address} negotiated"),
        "ipv4 flow, ipv6 flow",
    ]);

    let flow4 = bird.wait_for_output("show route all table flowtab4", &["flow4 {", "[ferro "]);
    let rule = line_starting(&flow4, "flow4 {");
    let components: Vec<&str> = rule
        .trim_start_matches("flow4 {")
        .split('}')
        .next()
        .expect("components")
        .split(';')
        .map(str::trim)
        .filter(|component| !component.is_empty())
        .collect();
    assert_eq!(
        components,
        [
            "dst 192.0.2.0/24",
            "src 10.0.0.0/8",
            "proto 6",
            "dport 80,443",
            "sport > 1024",
            "tcp flags !0x0/0x2",
            "length 100..1500",
            "dscp 10",
            "fragment !!is_fragment",
        ],
        "{flow4}"
    );
    // discard: traffic-rate 0 (RFC 8955 §7.3), extended community type 0x8006.
    assert_contains_all(
        &flow4,
        &[
            "BGP.ext_community: (generic, 0x80060000, 0x0)",
            "BGP.as_path: 65007",
        ],
    );

    let flow6 = bird.wait_for_output("show route all table flowtab6", &["flow6 {", "[ferro "]);
    let rule6 = line_starting(&flow6, "flow6 {");
    assert!(
        rule6.starts_with("flow6 { dst 2001:db8:1::/48; next header 17; dport 53; }"),
        "{flow6}"
    );
    // rate-limit 1000: traffic-rate as an IEEE float, 1000.0 = 0x447a0000.
    assert_contains_all(
        &flow6,
        &[
            "BGP.ext_community: (generic, 0x80060000, 0x447a0000)",
            "BGP.community: (65007,53)",
        ],
    );

    // Withdrawn from the control FIFO (MP_UNREACH_NLRI of IPv6 FlowSpec): BIRD drops it and
    // keeps the IPv4 rule.
    ctl(
        &pipe,
        &[
            "withdraw",
            "flow",
            "route",
            "{",
            "match",
            "{",
            "destination",
            "2001:db8:1::/48;",
            "next-header",
            "udp;",
            "destination-port",
            "=53;",
            "}",
            "}",
        ],
    );
    bird.wait_for_absence("show route table flowtab6", "flow6 {");
    bird.wait_for_output("show route table flowtab4", &["flow4 { dst 192.0.2.0/24;"]);
}

/// The first line of `output` that starts with `start` (a rule in `birdc show route`).
fn line_starting<'a>(output: &'a str, start: &str) -> &'a str {
    output
        .lines()
        .find(|line| line.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting with {start:?} in:\n{output}"))
}
