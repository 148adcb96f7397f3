//! Property tests: every route the parser produces reads back from its text, and no text makes
//! the parser panic.

use super::super::{parse_announcement, parse_withdrawal};
use proptest::prelude::*;

/// Attribute snippets with random values (some invalid on purpose: out-of-range numbers).
fn attribute() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<u32>().prop_map(|value| format!("med {value}")),
        any::<u32>().prop_map(|value| format!("local-preference {value}")),
        prop_oneof![Just("igp"), Just("EGP"), Just("incomplete")]
            .prop_map(|value| format!("origin {value}")),
        proptest::collection::vec(
            (
                any::<bool>(),
                any::<bool>(),
                proptest::collection::vec(any::<u32>(), 0..4)
            ),
            0..4
        )
        .prop_map(|segments| {
            let mut text = String::from("as-path");
            if segments.is_empty() {
                text.push_str(" [ ]");
            }
            for (sequence, confederation, numbers) in segments {
                let numbers: Vec<String> = numbers.iter().map(u32::to_string).collect();
                let (open, close) = if sequence { ("[", "]") } else { ("(", ")") };
                if confederation {
                    text.push_str(&format!(" {open} {{ {} }} {close}", numbers.join(",")));
                } else {
                    text.push_str(&format!(" {open}{}{close}", numbers.join(" ")));
                }
            }
            text
        }),
        Just("atomic-aggregate".to_string()),
        (any::<u32>(), any::<[u8; 4]>()).prop_map(|(asn, ip)| format!(
            "aggregator ({asn}:{}.{}.{}.{})",
            ip[0], ip[1], ip[2], ip[3]
        )),
        any::<[u8; 4]>()
            .prop_map(|ip| format!("originator-id {}.{}.{}.{}", ip[0], ip[1], ip[2], ip[3])),
        proptest::collection::vec(any::<u32>(), 1..4).prop_map(|ids| {
            let ids: Vec<String> = ids
                .iter()
                .map(|id| std::net::Ipv4Addr::from(*id).to_string())
                .collect();
            format!("cluster-list [ {} ]", ids.join(" "))
        }),
        proptest::collection::vec(
            prop_oneof![
                any::<u32>().prop_map(|value| value.to_string()),
                (any::<u16>(), any::<u16>()).prop_map(|(high, low)| format!("{high}:{low}")),
                Just("no-export".to_string()),
                Just("blackhole".to_string()),
                Just("nopeer".to_string()),
            ],
            1..4
        )
        .prop_map(|values| format!("community [ {} ]", values.join(" "))),
        proptest::collection::vec((any::<u32>(), any::<u32>(), any::<u32>()), 1..3).prop_map(
            |values| format!(
                "large-community [ {} ]",
                values
                    .iter()
                    .map(|(a, b, c)| format!("{a}:{b}:{c}"))
                    .collect::<Vec<_>>()
                    .join(",")
            )
        ),
        proptest::collection::vec(
            prop_oneof![
                any::<u64>().prop_map(|value| format!("0x{value:016x}")),
                (any::<u32>(), any::<u32>())
                    .prop_map(|(asn, number)| format!("target:{asn}:{number}")),
                (any::<u16>(), any::<u16>())
                    .prop_map(|(asn, number)| format!("origin:{asn}L:{number}")),
                (any::<[u8; 4]>(), any::<u16>()).prop_map(|(ip, number)| format!(
                    "redirect:{}:{number}",
                    std::net::Ipv4Addr::from(ip)
                )),
                (any::<u8>(), any::<u8>(), any::<u16>(), any::<u16>())
                    .prop_map(|(a, b, c, d)| format!("l2info:{a}:{b}:{c}:{d}")),
                (any::<u16>(), 0u32..100_000).prop_map(|(asn, rate)| format!(
                    "bandwidth:{asn}:{}.{}",
                    rate / 10,
                    rate % 10
                )),
                Just("redirect-to-nexthop".to_string()),
            ],
            1..4
        )
        .prop_map(|values| format!("extended-community [ {} ]", values.join(" "))),
        any::<u64>().prop_map(|value| format!("aigp {value}")),
        (
            0x21u8..0x28,
            any::<u8>(),
            proptest::collection::vec(any::<u8>(), 0..4)
        )
            .prop_map(|(code, flags, data)| {
                let data: String = data.iter().map(|byte| format!("{byte:02x}")).collect();
                format!("attribute [ 0x{code:02x} 0x{flags:02x} 0x{data} ]")
            }),
        (
            any::<u32>(),
            proptest::collection::vec((0u32..0xFF_FFFF, 0u32..0xFF_FFFF), 0..3)
        )
            .prop_map(|(index, ranges)| {
                if ranges.is_empty() {
                    format!("bgp-prefix-sid [ {index} ]")
                } else {
                    let ranges: Vec<String> = ranges
                        .iter()
                        .map(|(base, range)| format!("({base},{range})"))
                        .collect();
                    format!("bgp-prefix-sid [ {index}, [ {} ] ]", ranges.join(","))
                }
            }),
        "[a-zA-Z0-9 _\\-\\[]{1,8}".prop_map(|name| format!("name \"{name}\"")),
        "[a-z]{1,6}".prop_map(|name| format!("watchdog {name}")),
        Just("withdraw".to_string()),
    ]
}

fn prefix_route() -> impl Strategy<Value = String> {
    let prefix = prop_oneof![
        (any::<u32>(), 0u8..=32).prop_map(|(address, length)| {
            let mask = u32::MAX.checked_shl(32 - u32::from(length)).unwrap_or(0);
            format!("{}/{length}", std::net::Ipv4Addr::from(address & mask))
        }),
        (any::<u128>(), 0u8..=128).prop_map(|(address, length)| {
            let mask = u128::MAX.checked_shl(128 - u32::from(length)).unwrap_or(0);
            format!("{}/{length}", std::net::Ipv6Addr::from(address & mask))
        }),
    ];
    let head = prop_oneof![
        Just(String::new()),
        (any::<u16>(), any::<u32>()).prop_map(|(asn, number)| format!(" rd {asn}:{number}")),
        any::<[u8; 4]>().prop_map(|ip| format!(" rd {}:7", std::net::Ipv4Addr::from(ip))),
    ];
    let labels = prop_oneof![
        Just(String::new()),
        proptest::collection::vec(0u32..=0xF_FFFF, 1..3).prop_map(|labels| {
            format!(
                " label [ {} ]",
                labels
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        })
    ];
    let next_hop = prop_oneof![
        Just(" next-hop self".to_string()),
        any::<u32>().prop_map(|ip| format!(" next-hop {}", std::net::Ipv4Addr::from(ip))),
        any::<u128>().prop_map(|ip| format!(" next-hop {}", std::net::Ipv6Addr::from(ip))),
    ];
    let path = prop_oneof![
        Just(String::new()),
        any::<u32>().prop_map(|id| format!(" path-information {id}"))
    ];
    (
        prefix,
        head,
        labels,
        next_hop,
        path,
        proptest::collection::vec(attribute(), 0..6),
        0u8..4,
    )
        .prop_map(|(prefix, rd, labels, next_hop, path, attributes, form)| {
            let tail = format!("{rd}{labels}{next_hop}{path} {}", attributes.join(" "));
            match form {
                0 => format!("route {prefix}{tail}"),
                1 => format!("attributes{tail} nlri {prefix}"),
                2 if prefix.contains(':') => format!("ipv6 multicast {prefix}{tail}"),
                _ => format!("route {prefix}{tail} split /{}", prefix.len() % 40),
            }
        })
}

fn flow_route() -> impl Strategy<Value = String> {
    let operator = prop_oneof![
        Just("="),
        Just(">"),
        Just("<"),
        Just(">="),
        Just("<="),
        Just("!="),
        Just("true"),
        Just("false")
    ];
    let bit_operator = prop_oneof![Just(""), Just("="), Just("!"), Just("!=")];
    let numeric = (
        operator.clone(),
        0u32..70000,
        proptest::option::of((operator, 0u32..70000)),
    )
        .prop_map(|(op, value, and)| match and {
            Some((second, other)) => format!("{op}{value}&{second}{other}"),
            None => format!("{op}{value}"),
        });
    let component = prop_oneof![
        (
            prop_oneof![
                Just("port"),
                Just("destination-port"),
                Just("source-port"),
                Just("packet-length"),
                Just("protocol"),
                Just("icmp-type"),
                Just("icmp-code"),
                Just("dscp"),
                Just("flow-label"),
                Just("next-header"),
                Just("traffic-class")
            ],
            proptest::collection::vec(numeric, 1..3)
        )
            .prop_map(|(keyword, values)| format!("{keyword} [ {} ]", values.join(" "))),
        (
            prop_oneof![Just("tcp-flags"), Just("fragment")],
            bit_operator,
            prop_oneof![
                Just("syn+ack"),
                Just("fin"),
                Just("0x1"),
                Just("is-fragment"),
                Just("first-fragment+last-fragment"),
                Just("0")
            ]
        )
            .prop_map(|(keyword, op, value)| format!("{keyword} {op}{value}")),
        (any::<u32>(), 0u8..=32, any::<bool>()).prop_map(|(address, length, source)| {
            let mask = u32::MAX.checked_shl(32 - u32::from(length)).unwrap_or(0);
            format!(
                "{} {}/{length}",
                if source { "source" } else { "destination" },
                std::net::Ipv4Addr::from(address & mask)
            )
        }),
        (any::<u128>(), 1u8..=128, any::<u8>()).prop_map(|(address, length, offset)| {
            let mask = u128::MAX.checked_shl(128 - u32::from(length)).unwrap_or(0);
            format!(
                "destination {}/{length}/{}",
                std::net::Ipv6Addr::from(address & mask),
                offset % length
            )
        }),
    ];
    let action = prop_oneof![
        Just("discard".to_string()),
        Just("accept".to_string()),
        (0u64..2_000_000_000_000).prop_map(|rate| format!("rate-limit {rate}")),
        (0u64..100_000).prop_map(|rate| format!("rate-limit {rate} packets")),
        (any::<u32>(), any::<u16>()).prop_map(|(asn, number)| format!("redirect {asn}:{number}")),
        any::<u32>().prop_map(|ip| format!("redirect {}", std::net::Ipv4Addr::from(ip))),
        any::<u128>().prop_map(|ip| format!("copy {}", std::net::Ipv6Addr::from(ip))),
        Just("redirect-to-nexthop".to_string()),
        any::<u32>()
            .prop_map(|ip| format!("redirect-to-nexthop-ietf {}", std::net::Ipv4Addr::from(ip))),
        any::<u128>()
            .prop_map(|ip| format!("redirect-to-nexthop-ietf {}", std::net::Ipv6Addr::from(ip))),
        (0u8..70).prop_map(|dscp| format!("mark {dscp}")),
        prop_oneof![Just("sample"), Just("terminal"), Just("sample-terminal")]
            .prop_map(|value| format!("action {value}")),
        (any::<bool>(), 1u8..4, any::<u32>(), 0u16..0x4000).prop_map(
            |(transitive, direction, asn, group)| {
                let direction = ["", "input", "output", "input-output"][usize::from(direction)];
                format!(
                    "interface-set {}:{direction}:{asn}:{group}",
                    if transitive {
                        "transitive"
                    } else {
                        "non-transitive"
                    }
                )
            }
        ),
        attribute(),
    ];
    let head = prop_oneof![
        Just("flow route".to_string()),
        Just("flow route rd 65000:1".to_string()),
        Just("ipv6 flow".to_string()),
        Just("ipv4 flow".to_string())
    ];
    (
        head,
        proptest::collection::vec(component, 0..4),
        proptest::collection::vec(action, 0..4),
    )
        .prop_map(|(head, components, actions)| {
            format!("{head} {} {}", components.join(" "), actions.join(" "))
        })
}

fn vpls_route() -> impl Strategy<Value = String> {
    (any::<u16>(), 0u32..0x10_0000, any::<u16>(), any::<u16>(), proptest::collection::vec(attribute(), 0..3))
        .prop_map(|(endpoint, base, offset, size, attributes)| {
            format!("vpls endpoint {endpoint} base {base} offset {offset} size {size} rd 65000:1 next-hop 192.0.2.1 {}", attributes.join(" "))
        })
}

/// The words of the grammar, to build texts that get deep into the parser.
const WORDS: &[&str] = &[
    "route",
    "flow",
    "vpls",
    "attributes",
    "nlri",
    "ipv4",
    "ipv6",
    "unicast",
    "flow-vpn",
    "nlri-mpls",
    "mpls-vpn",
    "multicast",
    "next-hop",
    "self",
    "med",
    "as-path",
    "community",
    "extended-community",
    "large-community",
    "label",
    "rd",
    "split",
    "name",
    "aggregator",
    "attribute",
    "bgp-prefix-sid",
    "match",
    "then",
    "scope",
    "source",
    "destination",
    "port",
    "tcp-flags",
    "fragment",
    "redirect",
    "copy",
    "rate-limit",
    "interface-set",
    "endpoint",
    "base",
    "offset",
    "size",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    ",",
    ";",
    "\"",
    "'",
    "10.0.0.0/8",
    "2001:db8::/32/8",
    "65000:1",
    "1.2.3.4:5",
    "0x0102",
    "/24",
    ">1&<2",
    "=80",
    "!=syn",
    "4294967296",
    "0",
    "é",
    "&",
    "+",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parsed_routes_read_back_from_their_text(text in prop_oneof![prefix_route(), flow_route(), vpls_route()]) {
        for parse in [parse_announcement, parse_withdrawal] {
            if let Ok(routes) = parse(&text) {
                for route in routes {
                    let canonical = route.to_string();
                    prop_assert_eq!(parse(&canonical), Ok(vec![route]), "{} -> {}", text, canonical);
                }
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        for parse in [parse_announcement, parse_withdrawal] {
            if let Err(error) = parse(&text) {
                prop_assert!(error.start <= error.end && error.end <= text.len());
                prop_assert!(text.is_char_boundary(error.start) && text.is_char_boundary(error.end));
            }
        }
    }

    #[test]
    fn grammar_words_in_any_order_never_panic(words in proptest::collection::vec(proptest::sample::select(WORDS), 0..16)) {
        let text = words.join(" ");
        for parse in [parse_announcement, parse_withdrawal] {
            match parse(&text) {
                Ok(routes) => {
                    for route in routes {
                        prop_assert_eq!(parse(&route.to_string()), Ok(vec![route]));
                    }
                }
                Err(error) => prop_assert!(error.start <= error.end && error.end <= text.len()),
            }
        }
    }
}

#[test]
fn the_generators_produce_valid_routes_often_enough() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut parsed = [0usize; 3];
    for _ in 0..300 {
        let texts = [
            prefix_route()
                .new_tree(&mut runner)
                .expect("tree")
                .current(),
            flow_route().new_tree(&mut runner).expect("tree").current(),
            vpls_route().new_tree(&mut runner).expect("tree").current(),
        ];
        for (count, text) in parsed.iter_mut().zip(texts) {
            if parse_announcement(&text).is_ok() {
                *count += 1;
            }
        }
    }
    assert!(parsed.iter().all(|count| *count > 30), "{parsed:?}");
}
