//! Bad lines and the exact error each gives: byte range, message, hint.

use super::super::{parse_announcement, parse_withdrawal};

/// (line, start, end, message, hint).
const ANNOUNCE_ERRORS: &[(&str, usize, usize, &str, Option<&str>)] = &[
    (
        "",
        0,
        0,
        "no route given",
        Some("start with one of: route, attribute, attributes, ipv4, ipv6, flow, vpls"),
    ),
    (
        "rout 10.0.0.0/24",
        0,
        4,
        "`rout` does not start a route",
        Some("did you mean `route`?"),
    ),
    (
        "route 10.0.0.0/24 next-hop 10.0.0.1 meed 100",
        36,
        40,
        "unknown attribute `meed`",
        Some("did you mean `med`?"),
    ),
    (
        "route 10.0.0.1/24 next-hop 10.0.0.1",
        6,
        17,
        "invalid network 10.0.0.1 for netmask 24: host bits are set",
        Some("did you mean 10.0.0.0/24?"),
    ),
    (
        "route 999.0.0.0/8 next-hop 10.0.0.1",
        6,
        17,
        "`999.0.0.0/8` is not a valid prefix",
        Some("write <ip>/<length>, e.g. 192.0.2.0/24 or 2001:db8::/32"),
    ),
    (
        "route 10.0.0.0/24",
        6,
        17,
        "the route to 10.0.0.0/24 has no next-hop",
        Some("add next-hop <ip> or next-hop self (only a withdrawal may leave it out)"),
    ),
    (
        "route 10.0.0.0/24 rd 65000:1 next-hop 10.0.0.1",
        18,
        28,
        "a label is required with rd",
        Some("add label <n> (or label [ <n> <n> ] for a stack)"),
    ),
    (
        "ipv4 nlri-mpls 10.0.0.0/24 next-hop 10.0.0.1",
        15,
        26,
        "an nlri-mpls route needs a label",
        Some("add label <n> (or label [ <n> <n> ] for a stack)"),
    ),
    (
        "ipv4 unicast 10.0.0.0/24 next-hop 10.0.0.1 label 5",
        43,
        48,
        "label is not valid in unicast",
        Some("use nlri-mpls (ipv4 nlri-mpls …, or route … label …)"),
    ),
    (
        "ipv4 unicast 2001:db8::/32 next-hop ::1",
        13,
        26,
        "2001:db8::/32 is not an ipv4 prefix",
        None,
    ),
    (
        "route 10.0.0.0/24 next-hop 10.0.0.1 med -1",
        40,
        42,
        "med must be a decimal number, not `-1`",
        None,
    ),
    (
        "route 10.0.0.0/24 next-hop 10.0.0.1 med 4294967296",
        40,
        50,
        "med `4294967296` is too large: at most 4294967295",
        None,
    ),
    (
        "route 10.0.0.0/24 next-hop 10.0.0.1 med",
        39,
        39,
        "`med` needs a number",
        None,
    ),
    (
        "route 10.0.0.0/24 next-hop 10.0.0.1 med 1 med 2",
        42,
        45,
        "`med` is given twice",
        Some("give each attribute once (put several values in one `[ … ]` list)"),
    ),
    (
        "route 10.0.0.0/24 next-hop 10.0.0.1 community [ 65001:1",
        46,
        47,
        "the list of `community` is not closed",
        Some("end the list with `]`"),
    ),
    (
        "route 10.0.0.0/24 next-hop 10.0.0.1 community no-exprt",
        46,
        54,
        "invalid community `no-exprt`",
        Some("did you mean `no-export`?"),
    ),
    (
        "route 10.0.0.0/24 next-hop 10.0.0.1 as-path [ 65001 ( 65020 ) ]",
        52,
        53,
        "a segment inside a segment is the ExaBGP 4 as-path syntax",
        Some("write the segments one after the other: as-path [ 65001 ] ( 65020 65021 )"),
    ),
    (
        "route 10.0.0.0/24 next-hop 10.0.0.1 bgp-prefix-sid 300",
        51,
        54,
        "invalid bgp-prefix-sid `300`",
        Some(
            "write bgp-prefix-sid [ <label-index> ] or [ <label-index>, [ ( <base>,<range> ), … ] ]",
        ),
    ),
    (
        "route 10.0.0.0/24 next-hop 10.0.0.1 name \"x",
        41,
        43,
        "the quote \" is never closed",
        Some("end the quoted value with \""),
    ),
    (
        "route 10.0.0.0/24 next-hop 10.0.0.1 split /33",
        42,
        45,
        "split /33 is longer than /32",
        None,
    ),
    (
        "route 10.0.0.0/8 next-hop 10.0.0.1 split /32",
        41,
        44,
        "split /32 of 10.0.0.0/8 would make 2^24 routes",
        Some("split into at most 2^16 routes (/24)"),
    ),
    (
        "route 10.0.0.0/24 next-hop 10.0.0.1 extra",
        36,
        41,
        "unknown attribute `extra`",
        Some(
            "expected one of: next-hop, origin, as-path, med, local-preference, atomic-aggregate, aggregator, originator-id, cluster-list, community, large-community, extended-community, aigp, attribute, path-information, rd, route-distinguisher, label, bgp-prefix-sid, name, split, watchdog, withdraw",
        ),
    ),
    (
        "route 10.0.0.0/24 next-hop 10.0.0.1 ; med 5",
        38,
        41,
        "unexpected `med` after the route",
        None,
    ),
    (
        "attributes next-hop 10.0.0.1 nlri 10.0.0.0/8 2001:db8::/32",
        45,
        58,
        "2001:db8::/32 is not of the address family of 10.0.0.0/8",
        Some("announce IPv4 and IPv6 prefixes in separate commands"),
    ),
    (
        "attributes next-hop 10.0.0.1 med 5",
        0,
        10,
        "`attributes` without `nlri`",
        Some("end with nlri <prefix> <prefix> …"),
    ),
    (
        "ipv4 mup mup-isd 10.0.1.0/24 rd 100:100",
        5,
        8,
        "ipv4 mup routes are not supported",
        Some("ferrobgp does not originate MUP or MCAST-VPN routes yet"),
    ),
    (
        "flow route discard",
        0,
        18,
        "a flow route needs at least one match, or it matches every packet",
        Some("add e.g. destination <prefix> or destination-port =80"),
    ),
    (
        "flow route destination 10.0.0.0/8 redirect 1.2.3.4:70000",
        43,
        56,
        "in redirect `1.2.3.4:70000` the number after an IPv4 address is 0 to 65535",
        None,
    ),
    (
        "flow route destination 10.0.0.0/8 destination-port >80&",
        51,
        55,
        "`>80&` has an empty term around `&`",
        Some("join conditions as <op><value>&<op><value>, e.g. >1024&<2000"),
    ),
    (
        "flow route destination 10.0.0.0/8 fragment not-a-fragment",
        43,
        57,
        "invalid fragment `not-a-fragment` in `not-a-fragment`",
        Some("`not-a-fragment` was removed: write `!is-fragment`"),
    ),
    (
        "flow route destination 10.0.0.0/8 protocol tcpp",
        43,
        47,
        "invalid protocol `tcpp` in `tcpp`",
        Some("did you mean `tcp`? (or a number from 0 to 255)"),
    ),
    (
        "flow route destination 10.0.0.0/8 source 2001:db8::/32",
        41,
        54,
        "2001:db8::/32 is not of the flow's address family (ipv4)",
        Some("announce separate IPv4 and IPv6 flow routes"),
    ),
    (
        "flow route destination 10.0.0.0/8 flow-label 5",
        34,
        44,
        "flow-label exists only in IPv6 flows",
        None,
    ),
    (
        "flow route { match { destination 10.0.0.0/8; } then { discrd; } }",
        54,
        60,
        "`discrd` is not valid in `then`",
        Some("did you mean `discard`?"),
    ),
    (
        "flow route destination 10.0.0.0/8 redirect [ 2001:db8::1 ]:100",
        58,
        62,
        "redirect to an IPv6 route target is not supported",
        Some("redirect to the IPv6 next hop instead: redirect [<ipv6>]"),
    ),
    (
        "flow route destination 10.0.0.0/8 mark 64",
        39,
        41,
        "mark (a DSCP value) `64` is too large: at most 63",
        None,
    ),
    (
        "vpls endpoint 5 base 10702 offset 1 size 8 next-hop 192.0.2.1",
        0,
        4,
        "the vpls route has no rd",
        Some("a vpls route needs endpoint, base, offset, size and rd"),
    ),
    (
        "vpls endpoint 5 base 10702 offset 1 size 8 rd 1:1",
        0,
        4,
        "the vpls route has no next-hop",
        Some("a vpls route needs endpoint, base, offset, size and rd"),
    ),
];

#[test]
fn bad_announcements_give_exact_errors() {
    let mut wrong = Vec::new();
    for (line, start, end, message, hint) in ANNOUNCE_ERRORS {
        let error = parse_announcement(line).expect_err(line);
        let got = (
            error.start,
            error.end,
            error.message.as_str(),
            error.hint.as_deref(),
        );
        if got != (*start, *end, *message, *hint) {
            wrong.push(format!("{line}\n  gives {got:?}"));
        }
        assert!(error.end <= line.len(), "{line}");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn withdrawals_need_less_but_not_nothing() {
    assert!(parse_withdrawal("route 10.0.0.0/24").is_ok());
    assert!(parse_withdrawal("route 10.0.0.0/24 rd 65000:1").is_ok());
    assert!(parse_withdrawal("ipv4 nlri-mpls 10.0.0.0/24").is_ok());
    let error = parse_withdrawal("route 10.0.0.1/24").expect_err("host bits");
    assert_eq!((error.start, error.end), (6, 17));
    let error = parse_withdrawal("flow route { match { } }").expect_err("no match");
    assert_eq!(
        error.message,
        "a flow route needs at least one match, or it matches every packet"
    );
}
