//! Property tests: every generated command reads back from its canonical line, and no text
//! makes the parser panic or report a byte range outside the line.

use super::*;
use crate::api::command::words::writable;
use crate::wire::family::{Afi, Safi};
use proptest::prelude::*;
use std::net::{Ipv4Addr, Ipv6Addr};

fn ip() -> impl Strategy<Value = IpAddr> {
    prop_oneof![
        any::<[u8; 4]>().prop_map(|octets| IpAddr::from(Ipv4Addr::from(octets))),
        any::<[u8; 16]>().prop_map(|octets| IpAddr::from(Ipv6Addr::from(octets))),
    ]
}

fn family() -> impl Strategy<Value = Family> {
    let afis = prop_oneof![
        Just(Afi::Ipv4),
        Just(Afi::Ipv6),
        Just(Afi::L2vpn),
        Just(Afi::BgpLs)
    ];
    let safis = proptest::sample::select(vec![
        Safi::Unicast,
        Safi::Multicast,
        Safi::MplsLabel,
        Safi::McastVpn,
        Safi::Vpls,
        Safi::Evpn,
        Safi::BgpLs,
        Safi::BgpLsVpn,
        Safi::Mup,
        Safi::MplsVpn,
        Safi::RouteTargetConstraint,
        Safi::Flowspec,
        Safi::FlowspecVpn,
    ]);
    (afis, safis).prop_map(|(afi, safi)| Family::new(afi, safi))
}

fn selector() -> impl Strategy<Value = Selector> {
    let family_allowed = prop_oneof![
        Just(None),
        Just(Some(FamilyAllowed::InOpen)),
        proptest::collection::vec(family(), 1..4).prop_map(|mut families| {
            let mut seen = Vec::new();
            families.retain(|family| {
                let new = !seen.contains(family);
                seen.push(*family);
                new
            });
            Some(FamilyAllowed::Families(families))
        }),
    ];
    (
        proptest::option::of(ip()),
        proptest::option::of(ip()),
        proptest::option::of(any::<u32>()),
        proptest::option::of(any::<u32>()),
        proptest::option::of(any::<[u8; 4]>()),
        family_allowed,
    )
        .prop_map(
            |(peer_address, local_address, local_as, peer_as, router_id, family_allowed)| {
                Selector {
                    peer_address,
                    local_address,
                    local_as,
                    peer_as,
                    router_id: router_id.map(Ipv4Addr::from),
                    family_allowed,
                }
            },
        )
}

fn selectors() -> impl Strategy<Value = Vec<Selector>> {
    proptest::collection::vec(selector(), 0..3)
}

/// A word a helper could write as a name or message (quoted when it needs to be).
fn free_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,.:'\"é-]{0,20}".prop_filter("writable", |text| writable(text))
}

fn trimmed_text() -> impl Strategy<Value = String> {
    "([a-z0-9#!]([a-z0-9 #!\"]{0,12}[a-z0-9#!])?)?"
}

fn operational() -> impl Strategy<Value = OperationalMessage> {
    let router_id = proptest::option::of(any::<[u8; 4]>().prop_map(Ipv4Addr::from));
    prop_oneof![
        (any::<bool>(), family(), free_text(), router_id.clone()).prop_map(
            |(asm, family, advisory, router_id)| OperationalMessage::Advisory {
                kind: if asm {
                    AdvisoryKind::Asm
                } else {
                    AdvisoryKind::Adm
                },
                family,
                advisory,
                router_id,
            }
        ),
        (
            proptest::sample::select(vec![QueryKind::Rpcq, QueryKind::Apcq, QueryKind::Lpcq]),
            family(),
            any::<u32>(),
            router_id.clone()
        )
            .prop_map(
                |(kind, family, sequence, router_id)| OperationalMessage::Query {
                    kind,
                    family,
                    sequence,
                    router_id,
                }
            ),
        (
            proptest::sample::select(vec![
                ResponseKind::Rpcp,
                ResponseKind::Apcp,
                ResponseKind::Lpcp
            ]),
            family(),
            any::<u32>(),
            any::<u64>(),
            router_id
        )
            .prop_map(|(kind, family, sequence, counter, router_id)| {
                OperationalMessage::Response {
                    kind,
                    family,
                    sequence,
                    counter,
                    router_id,
                }
            }),
    ]
}

/// Route text the grammar accepts, of each leading word.
fn route_text() -> impl Strategy<Value = (RouteAction, String)> {
    let v4 = any::<[u8; 4]>().prop_map(|octets| Ipv4Addr::from(octets).to_string());
    prop_oneof![
        (v4.clone(), v4.clone(), proptest::option::of(any::<u32>())).prop_map(
            |(prefix, next_hop, med)| {
                let med = med.map(|med| format!(" med {med}")).unwrap_or_default();
                (
                    RouteAction::Announce,
                    format!("route {prefix}/32 next-hop {next_hop}{med}"),
                )
            }
        ),
        (v4.clone(), v4.clone()).prop_map(|(first, second)| (
            RouteAction::Announce,
            format!("attributes  next-hop self community [ 1:2 ] nlri {first}/32   {second}/32")
        )),
        v4.clone()
            .prop_map(|prefix| (RouteAction::Withdraw, format!("ipv4 unicast {prefix}/32"))),
        (v4.clone(), 0..=65535u32).prop_map(|(source, port)| (
            RouteAction::Announce,
            format!("flow route source {source}/32 destination-port ={port} discard")
        )),
        (0..=65535u32, v4).prop_map(|(endpoint, next_hop)| (
            RouteAction::Withdraw,
            format!("vpls endpoint {endpoint} base 100 offset 1 size 8 rd 1:1 next-hop {next_hop}")
        )),
    ]
}

fn route_command_value() -> impl Strategy<Value = Command> {
    (selectors(), route_text()).prop_map(|(selectors, (action, text))| {
        let line = format!(
            "{}{} {text}",
            super::super::selector::selectors_text(&selectors),
            action.word()
        );
        parse_command(&line).unwrap_or_else(|error| panic!("{line}: {error:?}"))
    })
}

fn action() -> impl Strategy<Value = RouteAction> {
    prop_oneof![Just(RouteAction::Announce), Just(RouteAction::Withdraw)]
}

fn command() -> impl Strategy<Value = Command> {
    let nonempty = selectors().prop_filter("teardown needs a selector", |list| !list.is_empty());
    let teardown_message = (0u8..=255, proptest::option::of(free_text())).prop_map(
        |(subcode, message)| match message {
            Some(message) => (if subcode % 2 == 0 { 2 } else { 4 }, Some(message)),
            None => (subcode, None),
        },
    );
    let detail = proptest::option::of(proptest::sample::select(vec![
        NeighborDetail::Summary,
        NeighborDetail::Extensive,
        NeighborDetail::Configuration,
    ]));
    let kind = proptest::option::of(proptest::sample::select(vec![
        RouteKindFilter::Inet,
        RouteKindFilter::Flow,
        RouteKindFilter::L2vpn,
    ]));
    let direction = prop_oneof![Just(RibDirection::In), Just(RibDirection::Out)];
    prop_oneof![
        trimmed_text().prop_map(Command::Comment),
        trimmed_text()
            .prop_filter("debug needs text", |text| !text.is_empty())
            .prop_map(Command::Debug),
        route_command_value(),
        (selectors(), action(), proptest::option::of(free_text())).prop_map(
            |(selectors, action, name)| Command::Watchdog {
                selectors,
                action,
                name
            }
        ),
        (selectors(), family())
            .prop_map(|(selectors, family)| Command::EndOfRib { selectors, family }),
        (selectors(), family())
            .prop_map(|(selectors, family)| Command::RouteRefresh { selectors, family }),
        (selectors(), operational())
            .prop_map(|(selectors, message)| Command::Operational { selectors, message }),
        (nonempty, teardown_message).prop_map(|(selectors, (subcode, message))| {
            Command::Teardown {
                selectors,
                subcode,
                message,
            }
        }),
        (
            selectors(),
            detail,
            proptest::option::of(ip()),
            any::<bool>()
        )
            .prop_map(|(selectors, detail, address, json)| Command::ShowNeighbor {
                selectors,
                detail,
                address,
                json
            }),
        (
            selectors(),
            direction.clone(),
            any::<bool>(),
            kind,
            proptest::option::of(ip()),
            any::<bool>()
        )
            .prop_map(|(selectors, direction, extensive, kind, address, json)| {
                Command::ShowAdjRib {
                    selectors,
                    direction,
                    extensive,
                    kind,
                    address,
                    json,
                }
            }),
        selectors().prop_map(|selectors| Command::FlushAdjRibOut { selectors }),
        (selectors(), direction).prop_map(|(selectors, direction)| Command::ClearAdjRib {
            selectors,
            direction
        }),
        proptest::sample::select(vec![
            Command::Shutdown,
            Command::Reload,
            Command::Restart,
            Command::Reset,
            Command::Version,
            Command::Help,
            Command::EnableAck,
            Command::DisableAck,
            Command::SilenceAck,
        ]),
    ]
}

/// Lines made of command words, selector parts and junk: more likely to reach deep paths
/// than arbitrary text.
fn wordy_line() -> impl Strategy<Value = String> {
    let word = proptest::sample::select(vec![
        "neighbor",
        "*",
        "127.0.0.1",
        "2001:db8::1",
        ",",
        "local-as",
        "peer-as",
        "router-id",
        "local-ip",
        "family-allowed",
        "in-open",
        "ipv4-unicast",
        "announce",
        "withdraw",
        "route",
        "attributes",
        "nlri",
        "10.0.0.0/24",
        "next-hop",
        "self",
        "flow",
        "vpls",
        "watchdog",
        "eor",
        "route-refresh",
        "operational",
        "asm",
        "rpcp",
        "afi",
        "safi",
        "ipv4",
        "unicast",
        "advisory",
        "sequence",
        "counter",
        "\"",
        "'",
        "teardown",
        "2",
        "300",
        "show",
        "adj-rib",
        "in",
        "out",
        "extensive",
        "json",
        "summary",
        "flush",
        "clear",
        "#",
        "debug",
        "version",
        "help",
        "reset",
        "é",
        "\t",
        "{",
        "[",
        "]",
        ";",
    ]);
    proptest::collection::vec(word, 0..14).prop_map(|words| words.join(" "))
}

fn check_range(line: &str) -> Result<(), TestCaseError> {
    if let Err(error) = parse_command(line) {
        prop_assert!(error.start <= error.end, "{line:?}: {error:?}");
        prop_assert!(error.end <= line.len(), "{line:?}: {error:?}");
        prop_assert!(
            line.get(error.start..error.end).is_some(),
            "{line:?}: {error:?}"
        );
        prop_assert!(!error.message.is_empty());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn canonical_line_reads_back(command in command()) {
        let line = command.to_string();
        prop_assert_eq!(parse_command(&line), Ok(command), "{}", line);
    }

    #[test]
    fn any_text_never_panics(line in any::<String>()) {
        check_range(&line)?;
    }

    #[test]
    fn wordy_lines_never_panic(line in wordy_line()) {
        check_range(&line)?;
    }

    #[test]
    fn shortcuts_never_panic(words in proptest::collection::vec("[a-z ]{0,6}", 0..6)) {
        let line = expand_shortcuts(&words);
        check_range(&line)?;
    }
}
