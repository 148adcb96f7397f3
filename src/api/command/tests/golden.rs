//! Golden table: command lines (all the example lines of reference §2, every command, every
//! `ctl` shortcut) and the command each must give.

use super::*;
use crate::wire::family::{Afi, Safi};

fn family(afi: Afi, safi: Safi) -> Family {
    Family::new(afi, safi)
}

fn teardown(selectors: Vec<Selector>, subcode: u8, message: Option<&str>) -> Command {
    Command::Teardown {
        selectors,
        subcode,
        message: message.map(str::to_string),
    }
}

fn show_neighbor(detail: Option<NeighborDetail>, address: Option<&str>, json: bool) -> Command {
    Command::ShowNeighbor {
        selectors: vec![],
        detail,
        address: address.map(super::address),
        json,
    }
}

fn show_adj_rib(direction: RibDirection, extensive: bool, json: bool) -> Command {
    Command::ShowAdjRib {
        selectors: vec![],
        direction,
        extensive,
        kind: None,
        address: None,
        json,
    }
}

fn watchdog(selectors: Vec<Selector>, action: RouteAction, name: Option<&str>) -> Command {
    Command::Watchdog {
        selectors,
        action,
        name: name.map(str::to_string),
    }
}

fn operational(message: OperationalMessage) -> Command {
    Command::Operational {
        selectors: vec![],
        message,
    }
}

/// Everything but route changes.
fn control_lines() -> Vec<(&'static str, Command)> {
    use NeighborDetail::{Configuration, Extensive, Summary};
    use RibDirection::{In, Out};
    vec![
        // reference §2.3, verbatim
        ("shutdown", Command::Shutdown),
        ("reload", Command::Reload),
        ("restart", Command::Restart),
        ("version", Command::Version),
        ("help", Command::Help),
        ("reset", Command::Reset),
        (
            "# any comment text",
            Command::Comment("any comment text".into()),
        ),
        ("enable-ack", Command::EnableAck),
        ("disable-ack", Command::DisableAck),
        ("silence-ack", Command::SilenceAck),
        (
            "neighbor 127.0.0.1 teardown 4",
            teardown(vec![neighbor("127.0.0.1")], 4, None),
        ),
        (
            "show neighbor summary",
            show_neighbor(Some(Summary), None, false),
        ),
        (
            "show neighbor extensive 127.0.0.1",
            show_neighbor(Some(Extensive), Some("127.0.0.1"), false),
        ),
        (
            "show neighbor configuration",
            show_neighbor(Some(Configuration), None, false),
        ),
        (
            "show neighbor summary json",
            show_neighbor(Some(Summary), None, true),
        ),
        ("show adj-rib in", show_adj_rib(In, false, false)),
        ("show adj-rib out extensive", show_adj_rib(Out, true, false)),
        ("show adj-rib in json", show_adj_rib(In, false, true)),
        (
            "flush adj-rib out",
            Command::FlushAdjRibOut { selectors: vec![] },
        ),
        (
            "neighbor 127.0.0.1 flush adj-rib out",
            Command::FlushAdjRibOut {
                selectors: vec![neighbor("127.0.0.1")],
            },
        ),
        (
            "clear adj-rib out",
            Command::ClearAdjRib {
                selectors: vec![],
                direction: Out,
            },
        ),
        (
            "clear adj-rib in",
            Command::ClearAdjRib {
                selectors: vec![],
                direction: In,
            },
        ),
        // more forms ExaBGP accepts
        (
            "clear adj-rib",
            Command::ClearAdjRib {
                selectors: vec![],
                direction: Out,
            },
        ),
        (
            "neighbor * clear adj-rib in",
            Command::ClearAdjRib {
                selectors: vec![any_neighbor()],
                direction: In,
            },
        ),
        ("#comment", Command::Comment("comment".into())),
        ("#", Command::Comment(String::new())),
        ("  version  ", Command::Version),
        ("version\r", Command::Version),
        ("\tshutdown", Command::Shutdown),
        ("debug hello  world", Command::Debug("hello  world".into())),
        ("show neighbor", show_neighbor(None, None, false)),
        ("show neighbor json", show_neighbor(None, None, true)),
        (
            "show neighbor 127.0.0.1 summary",
            show_neighbor(Some(Summary), Some("127.0.0.1"), false),
        ),
        (
            "show neighbor text extensive",
            show_neighbor(Some(Extensive), None, false),
        ),
        (
            "show neighbor extensive json",
            show_neighbor(Some(Extensive), None, true),
        ),
        ("show adj-rib-in", show_adj_rib(In, false, false)),
        (
            "show adj-rib out extensive json",
            show_adj_rib(Out, true, true),
        ),
        (
            "show adj-rib out json flow extensive 2001:db8::1",
            Command::ShowAdjRib {
                selectors: vec![],
                direction: Out,
                extensive: true,
                kind: Some(RouteKindFilter::Flow),
                address: Some(address("2001:db8::1")),
                json: true,
            },
        ),
        (
            "neighbor 10.0.0.1 show adj-rib-out l2vpn",
            Command::ShowAdjRib {
                selectors: vec![neighbor("10.0.0.1")],
                direction: Out,
                extensive: false,
                kind: Some(RouteKindFilter::L2vpn),
                address: None,
                json: false,
            },
        ),
        (
            "show adj-rib in inet",
            Command::ShowAdjRib {
                selectors: vec![],
                direction: In,
                extensive: false,
                kind: Some(RouteKindFilter::Inet),
                address: None,
                json: false,
            },
        ),
        (
            "neighbor * teardown 2 \"maintenance window\"",
            teardown(vec![any_neighbor()], 2, Some("maintenance window")),
        ),
        (
            "neighbor 127.0.0.1 teardown 4 bye",
            teardown(vec![neighbor("127.0.0.1")], 4, Some("bye")),
        ),
        (
            "neighbor 10.0.0.1 local-as 65001 teardown 6",
            teardown(
                vec![Selector {
                    local_as: Some(65001),
                    ..neighbor("10.0.0.1")
                }],
                6,
                None,
            ),
        ),
        // §2.9
        (
            "announce eor",
            Command::EndOfRib {
                selectors: vec![],
                family: Family::IPV4_UNICAST,
            },
        ),
        (
            "announce eor ipv6 unicast",
            Command::EndOfRib {
                selectors: vec![],
                family: Family::IPV6_UNICAST,
            },
        ),
        (
            "neighbor 127.0.0.1 announce eor l2vpn vpls",
            Command::EndOfRib {
                selectors: vec![neighbor("127.0.0.1")],
                family: family(Afi::L2vpn, Safi::Vpls),
            },
        ),
        (
            "announce route-refresh ipv4 unicast",
            Command::RouteRefresh {
                selectors: vec![],
                family: Family::IPV4_UNICAST,
            },
        ),
        (
            "announce route-refresh ipv6 flow",
            Command::RouteRefresh {
                selectors: vec![],
                family: family(Afi::Ipv6, Safi::Flowspec),
            },
        ),
        (
            "announce operational asm afi ipv4 safi unicast advisory \"hello world\"",
            operational(OperationalMessage::Advisory {
                kind: AdvisoryKind::Asm,
                family: Family::IPV4_UNICAST,
                advisory: "hello world".into(),
                router_id: None,
            }),
        ),
        (
            "announce operational adm afi ipv6 safi unicast advisory short",
            operational(OperationalMessage::Advisory {
                kind: AdvisoryKind::Adm,
                family: Family::IPV6_UNICAST,
                advisory: "short".into(),
                router_id: None,
            }),
        ),
        (
            "announce operational rpcq afi ipv4 safi unicast sequence 1",
            operational(OperationalMessage::Query {
                kind: QueryKind::Rpcq,
                family: Family::IPV4_UNICAST,
                sequence: 1,
                router_id: None,
            }),
        ),
        (
            "announce operational apcq afi ipv4 safi flow router-id 1.2.3.4 sequence 7",
            operational(OperationalMessage::Query {
                kind: QueryKind::Apcq,
                family: family(Afi::Ipv4, Safi::Flowspec),
                sequence: 7,
                router_id: Some(router_id("1.2.3.4")),
            }),
        ),
        (
            "announce operational lpcq afi ipv6 safi unicast sequence 0",
            operational(OperationalMessage::Query {
                kind: QueryKind::Lpcq,
                family: Family::IPV6_UNICAST,
                sequence: 0,
                router_id: None,
            }),
        ),
        (
            "announce operational RPCP afi ipv4 safi unicast sequence 1 counter 18446744073709551615",
            operational(OperationalMessage::Response {
                kind: ResponseKind::Rpcp,
                family: Family::IPV4_UNICAST,
                sequence: 1,
                counter: u64::MAX,
                router_id: None,
            }),
        ),
        (
            "announce operational apcp afi ipv4 safi unicast sequence 2 counter 3 router-id 9.9.9.9",
            operational(OperationalMessage::Response {
                kind: ResponseKind::Apcp,
                family: Family::IPV4_UNICAST,
                sequence: 2,
                counter: 3,
                router_id: Some(router_id("9.9.9.9")),
            }),
        ),
        (
            "announce operational lpcp AFI ipv4 SAFI unicast sequence 4294967295 counter 0",
            operational(OperationalMessage::Response {
                kind: ResponseKind::Lpcp,
                family: Family::IPV4_UNICAST,
                sequence: u32::MAX,
                counter: 0,
                router_id: None,
            }),
        ),
        // §2.10
        (
            "announce watchdog dnsr",
            watchdog(vec![], RouteAction::Announce, Some("dnsr")),
        ),
        (
            "withdraw watchdog dnsr",
            watchdog(vec![], RouteAction::Withdraw, Some("dnsr")),
        ),
        (
            "announce watchdog",
            watchdog(vec![], RouteAction::Announce, None),
        ),
        (
            "neighbor 127.0.0.1 announce watchdog dns",
            watchdog(
                vec![neighbor("127.0.0.1")],
                RouteAction::Announce,
                Some("dns"),
            ),
        ),
    ]
}

#[test]
fn control_commands() {
    for (line, expected) in control_lines() {
        assert_eq!(parse_checked(line), expected, "{line:?}");
    }
}

/// Route changes: the line, its selectors and action, and the text the route grammar must
/// see (the line after `announce `/`withdraw `).
fn route_lines() -> Vec<(&'static str, Vec<Selector>, RouteAction, &'static str)> {
    use RouteAction::{Announce, Withdraw};
    let local = neighbor("127.0.0.1");
    vec![
        // §2.2
        (
            "neighbor 127.0.0.1 announce route 1.1.0.0/24 next-hop 101.1.101.1",
            vec![local.clone()],
            Announce,
            "route 1.1.0.0/24 next-hop 101.1.101.1",
        ),
        (
            "neighbor * announce route 1.1.0.0/24 next-hop 101.1.101.1",
            vec![any_neighbor()],
            Announce,
            "route 1.1.0.0/24 next-hop 101.1.101.1",
        ),
        (
            "neighbor 127.0.0.1 local-as 1 peer-as 1 local-ip 127.0.0.1 router-id 1.2.3.4 announce route 1.3.0.0/24 next-hop 101.1.101.1",
            vec![Selector {
                local_address: Some(address("127.0.0.1")),
                local_as: Some(1),
                peer_as: Some(1),
                router_id: Some(router_id("1.2.3.4")),
                ..local.clone()
            }],
            Announce,
            "route 1.3.0.0/24 next-hop 101.1.101.1",
        ),
        (
            "neighbor 127.0.0.1 local-as 1 family-allowed ipv4-unicast announce route 1.2.0.0/24 next-hop 101.1.101.1",
            vec![Selector {
                local_as: Some(1),
                family_allowed: Some(FamilyAllowed::Families(vec![Family::IPV4_UNICAST])),
                ..local.clone()
            }],
            Announce,
            "route 1.2.0.0/24 next-hop 101.1.101.1",
        ),
        (
            "neighbor 127.0.0.1 router-id 1.2.3.4, neighbor 127.0.0.1 announce route 1.1.0.0/25 next-hop 101.1.101.1",
            vec![
                Selector {
                    router_id: Some(router_id("1.2.3.4")),
                    ..local.clone()
                },
                local.clone(),
            ],
            Announce,
            "route 1.1.0.0/25 next-hop 101.1.101.1",
        ),
        (
            "neighbor 192.0.2.1, neighbor 192.0.2.2 announce route 198.51.100.1/32 next-hop self med 100",
            vec![neighbor("192.0.2.1"), neighbor("192.0.2.2")],
            Announce,
            "route 198.51.100.1/32 next-hop self med 100",
        ),
        (
            "announce                route 1.0.0.0/24 next-hop 101.1.101.1",
            vec![],
            Announce,
            "route 1.0.0.0/24 next-hop 101.1.101.1",
        ),
        // §2.4
        (
            "announce route 10.1.0.0/24 next-hop 10.0.0.1 origin igp as-path [ 65001 65010 ] med 10 local-preference 200 community [ 65001:100 no-export ] large-community [ 65001:1:2 ] extended-community [ target:65001:10 origin:1.2.3.4:5 ] aggregator ( 65001:10.0.0.1 ) atomic-aggregate originator-id 10.0.0.9 cluster-list [ 10.0.0.8 10.0.0.7 ]",
            vec![],
            Announce,
            "route 10.1.0.0/24 next-hop 10.0.0.1 origin igp as-path [ 65001 65010 ] med 10 local-preference 200 community [ 65001:100 no-export ] large-community [ 65001:1:2 ] extended-community [ target:65001:10 origin:1.2.3.4:5 ] aggregator ( 65001:10.0.0.1 ) atomic-aggregate originator-id 10.0.0.9 cluster-list [ 10.0.0.8 10.0.0.7 ]",
        ),
        (
            "announce route 10.2.0.0/24 next-hop self path-information 1.2.3.4",
            vec![],
            Announce,
            "route 10.2.0.0/24 next-hop self path-information 1.2.3.4",
        ),
        (
            "announce route 10.3.0.0/23 next-hop 10.0.0.1 split /24",
            vec![],
            Announce,
            "route 10.3.0.0/23 next-hop 10.0.0.1 split /24",
        ),
        (
            "announce route 10.1.0.0/24 next-hop 10.0.0.1 as-path [ 65001 ] ( 65020 65021 )",
            vec![],
            Announce,
            "route 10.1.0.0/24 next-hop 10.0.0.1 as-path [ 65001 ] ( 65020 65021 )",
        ),
        (
            "announce route 10.6.0.0/24 rd 65001:1 label 100 next-hop 10.0.0.1 extended-community [ target:65001:1 ]",
            vec![],
            Announce,
            "route 10.6.0.0/24 rd 65001:1 label 100 next-hop 10.0.0.1 extended-community [ target:65001:1 ]",
        ),
        (
            "announce route 10.7.0.0/24 label [ 200 ] next-hop 10.0.0.1",
            vec![],
            Announce,
            "route 10.7.0.0/24 label [ 200 ] next-hop 10.0.0.1",
        ),
        (
            "announce route 10.8.0.0/24 next-hop 10.0.0.1 aigp 100 attribute [ 0x63 0xc0 0x0102 ]",
            vec![],
            Announce,
            "route 10.8.0.0/24 next-hop 10.0.0.1 aigp 100 attribute [ 0x63 0xc0 0x0102 ]",
        ),
        (
            "announce route 1.4.0.0/16 rd 65000:1 next-hop 101.1.101.1 community 100:1 extended-community 0x0002FDE900000001 label 1000",
            vec![],
            Announce,
            "route 1.4.0.0/16 rd 65000:1 next-hop 101.1.101.1 community 100:1 extended-community 0x0002FDE900000001 label 1000",
        ),
        (
            "announce route 2001:db8::/32 next-hop 2001:db8::1",
            vec![],
            Announce,
            "route 2001:db8::/32 next-hop 2001:db8::1",
        ),
        (
            "announce route 1.2.3.4 next-hop 5.6.7.8",
            vec![],
            Announce,
            "route 1.2.3.4 next-hop 5.6.7.8",
        ),
        (
            "withdraw route 10.2.0.0/24 path-information 1.2.3.4",
            vec![],
            Withdraw,
            "route 10.2.0.0/24 path-information 1.2.3.4",
        ),
        (
            "withdraw route 1.1.0.0/25 next-hop 0.0.0.0",
            vec![],
            Withdraw,
            "route 1.1.0.0/25 next-hop 0.0.0.0",
        ),
        (
            "neighbor 127.0.0.1 withdraw route 1.4.0.0/16 rd 65000:1 next-hop 101.1.101.1 community 100:1 extended-community 0x0002FDE900000001 label 1000",
            vec![local.clone()],
            Withdraw,
            "route 1.4.0.0/16 rd 65000:1 next-hop 101.1.101.1 community 100:1 extended-community 0x0002FDE900000001 label 1000",
        ),
        // §2.5
        (
            "announce attributes med 100 next-hop 101.1.101.1 nlri 1.0.0.1/32 1.0.0.2/32",
            vec![],
            Announce,
            "attributes med 100 next-hop 101.1.101.1 nlri 1.0.0.1/32 1.0.0.2/32",
        ),
        (
            "announce attributes local-preference 200 as-path [ 1 2 3 4 ] next-hop 202.2.202.2 nlri 2.0.0.1/32 2.0.0.2/32",
            vec![],
            Announce,
            "attributes local-preference 200 as-path [ 1 2 3 4 ] next-hop 202.2.202.2 nlri 2.0.0.1/32 2.0.0.2/32",
        ),
        (
            "neighbor 127.0.0.1 announce attributes path-information 1.2.3.4 next-hop 10.11.12.13 community [14:15] local-preference 16 nlri 16.17.18.19/32 20.21.22.23/32",
            vec![local.clone()],
            Announce,
            "attributes path-information 1.2.3.4 next-hop 10.11.12.13 community [14:15] local-preference 16 nlri 16.17.18.19/32 20.21.22.23/32",
        ),
        (
            "announce attribute route-distinguisher 63333:100 label [ 110 ] next-hop 10.0.99.12 origin igp as-path [100, 500] local-preference 100 extended-community 0:0 originator-id 10.0.99.12 nlri 128.0.64.0/18 128.0.0.0/18",
            vec![],
            Announce,
            "attribute route-distinguisher 63333:100 label [ 110 ] next-hop 10.0.99.12 origin igp as-path [100, 500] local-preference 100 extended-community 0:0 originator-id 10.0.99.12 nlri 128.0.64.0/18 128.0.0.0/18",
        ),
        (
            "withdraw attribute next-hop 10.0.0.1 nlri 1.0.0.1/32",
            vec![],
            Withdraw,
            "attribute next-hop 10.0.0.1 nlri 1.0.0.1/32",
        ),
        // §2.6 (the supported sub-families)
        (
            "announce ipv4 unicast 10.0.1.0/24 next-hop 10.0.1.254 local-preference 200",
            vec![],
            Announce,
            "ipv4 unicast 10.0.1.0/24 next-hop 10.0.1.254 local-preference 200",
        ),
        (
            "withdraw ipv6 unicast fc00:1::/64 next-hop 2001::11 local-preference 200",
            vec![],
            Withdraw,
            "ipv6 unicast fc00:1::/64 next-hop 2001::11 local-preference 200",
        ),
        // §2.7
        (
            "announce flow route { match { source 10.0.0.1/32; destination 192.0.2.0/24; destination-port =80; protocol tcp; } then { discard; } }",
            vec![],
            Announce,
            "flow route { match { source 10.0.0.1/32; destination 192.0.2.0/24; destination-port =80; protocol tcp; } then { discard; } }",
        ),
        (
            "announce flow route source 10.0.0.2/32 destination-port >1024&<2000 rate-limit 9600",
            vec![],
            Announce,
            "flow route source 10.0.0.2/32 destination-port >1024&<2000 rate-limit 9600",
        ),
        (
            "announce flow route destination 133.130.1.19/32 interface-set [ transitive:input:1234:10 ] discard",
            vec![],
            Announce,
            "flow route destination 133.130.1.19/32 interface-set [ transitive:input:1234:10 ] discard",
        ),
        (
            "announce flow route { match { source 6.6.6.6/32; } scope { interface-set [ non-transitive:input:3405770241:1 ]; } then { discard; } }",
            vec![],
            Announce,
            "flow route { match { source 6.6.6.6/32; } scope { interface-set [ non-transitive:input:3405770241:1 ]; } then { discard; } }",
        ),
        (
            "withdraw flow route { match { source 0.0.0.0/32; destination 0.0.0.0/32; destination-port =3128; protocol tcp; } }",
            vec![],
            Withdraw,
            "flow route { match { source 0.0.0.0/32; destination 0.0.0.0/32; destination-port =3128; protocol tcp; } }",
        ),
        // §2.8
        (
            "neighbor 127.0.0.1 announce vpls endpoint 5 base 10702 offset 1 size 8 rd 192.168.201.1:123 next-hop 192.168.201.1 origin igp as-path [ 30740 30740 30740 30740 30740 30740 30740 ] local-preference 100 med 2000 community [ 54591:123] extended-community [ target:54591:6 l2info:19:0:1500:111] originator-id 192.168.22.1 cluster-list [ 3.3.3.3 192.168.201.1 ]",
            vec![local.clone()],
            Announce,
            "vpls endpoint 5 base 10702 offset 1 size 8 rd 192.168.201.1:123 next-hop 192.168.201.1 origin igp as-path [ 30740 30740 30740 30740 30740 30740 30740 ] local-preference 100 med 2000 community [ 54591:123] extended-community [ target:54591:6 l2info:19:0:1500:111] originator-id 192.168.22.1 cluster-list [ 3.3.3.3 192.168.201.1 ]",
        ),
        (
            "neighbor 127.0.0.1 withdraw vpls endpoint 5 base 10702 offset 1 size 8 rd 192.168.201.1:123 next-hop 192.168.201.1",
            vec![local.clone()],
            Withdraw,
            "vpls endpoint 5 base 10702 offset 1 size 8 rd 192.168.201.1:123 next-hop 192.168.201.1",
        ),
        // normalisation and ExaBGP's misreadings (reference §2.1, §8.7)
        (
            "\tannounce\troute 10.0.7.0/24 next-hop 1.1.1.1  ",
            vec![],
            Announce,
            "route 10.0.7.0/24 next-hop 1.1.1.1",
        ),
        (
            "neighbor 127.0.0.1,neighbor 127.0.0.2 announce route 10.0.8.0/24 next-hop 1.1.1.1",
            vec![local.clone(), neighbor("127.0.0.2")],
            Announce,
            "route 10.0.8.0/24 next-hop 1.1.1.1",
        ),
        (
            "announce route 10.0.0.0/24 next-hop 1.1.1.1 name reset",
            vec![],
            Announce,
            "route 10.0.0.0/24 next-hop 1.1.1.1 name reset",
        ),
        (
            "announce route 10.0.0.0/24 next-hop 10.0.0.1 name json",
            vec![],
            Announce,
            "route 10.0.0.0/24 next-hop 10.0.0.1 name json",
        ),
        (
            "withdraw route 10.99.0.0/24",
            vec![],
            Withdraw,
            "route 10.99.0.0/24",
        ),
    ]
}

#[test]
fn route_commands() {
    for (line, selectors, action, text) in route_lines() {
        assert_eq!(
            parse_checked(line),
            route_command(selectors, action, text),
            "{line:?}"
        );
    }
}

#[test]
fn enough_golden_lines() {
    assert!(control_lines().len() + route_lines().len() + shortcut_lines().len() >= 80);
}

#[test]
fn several_routes_keep_their_text() {
    let Command::Route(command) = parse_checked(
        "announce   attributes med 100 next-hop 101.1.101.1 nlri 1.0.0.1/32   1.0.0.2/32",
    ) else {
        panic!("not a route command");
    };
    assert_eq!(command.routes.len(), 2);
    assert_eq!(
        command.text,
        "attributes med 100 next-hop 101.1.101.1 nlri 1.0.0.1/32 1.0.0.2/32"
    );
    let Command::Route(split) =
        parse_checked("announce route 10.3.0.0/23 next-hop 10.0.0.1 split /24")
    else {
        panic!("not a route command");
    };
    assert_eq!(split.routes.len(), 2);
}

/// `ferrobgp ctl` words, and the line they expand to.
fn shortcut_lines() -> Vec<(&'static str, &'static str)> {
    vec![
        ("s n s", "show neighbor summary"),
        ("s n e 127.0.0.1", "show neighbor extensive 127.0.0.1"),
        ("s n c", "show neighbor configuration"),
        ("s a i", "show adj-rib in"),
        ("s a o e json", "show adj-rib out extensive json"),
        ("f a o", "flush adj-rib out"),
        ("h", "help"),
        ("a e ipv4 unicast", "announce eor ipv4 unicast"),
        ("a rr ipv6 unicast", "announce route-refresh ipv6 unicast"),
        (
            "a r 10.0.0.0/24 next-hop self",
            "announce route 10.0.0.0/24 next-hop self",
        ),
        ("w r 10.0.0.0/24", "withdraw route 10.0.0.0/24"),
        ("n 127.0.0.1 t 4", "neighbor 127.0.0.1 teardown 4"),
        ("a w dnsr", "announce watchdog dnsr"),
        ("w w dnsr", "withdraw watchdog dnsr"),
        (
            "a o rpcq afi ipv4 safi unicast sequence 1",
            "announce operational rpcq afi ipv4 safi unicast sequence 1",
        ),
    ]
}

#[test]
fn shortcuts_expand_to_commands() {
    for (typed, sent) in shortcut_lines() {
        let words: Vec<&str> = typed.split(' ').collect();
        let line = expand_shortcuts(&words);
        assert_eq!(line, sent, "{typed}");
        parse_checked(&line);
    }
}

#[test]
fn canonical_lines() {
    let table = [
        (
            "  neighbor  127.0.0.1 ,neighbor *   peer-as 2 local-as 1 teardown 4",
            "neighbor 127.0.0.1, neighbor * local-as 1 peer-as 2 teardown 4",
        ),
        ("announce eor", "announce eor ipv4 unicast"),
        ("clear adj-rib", "clear adj-rib out"),
        (
            "show adj-rib-in json extensive",
            "show adj-rib in extensive json",
        ),
        (
            "show neighbor text 10.0.0.1 json summary",
            "show neighbor summary 10.0.0.1 json",
        ),
        ("#   spaced  out  ", "# spaced  out"),
        (
            "neighbor * teardown 2 'say \"bye\"'",
            "neighbor * teardown 2 'say \"bye\"'",
        ),
        (
            "announce operational ASM router-id 1.1.1.1 afi ipv4 safi unicast advisory up",
            "announce operational asm afi ipv4 safi unicast advisory up router-id 1.1.1.1",
        ),
        (
            "neighbor 2001:DB8::1 announce route 2001:db8::/32 next-hop 2001:db8::1",
            "neighbor 2001:db8::1 announce route 2001:db8::/32 next-hop 2001:db8::1",
        ),
        (
            "announce ipv4 unicast 10.0.1.0/24 next-hop 10.0.1.254",
            "announce route 10.0.1.0/24 next-hop 10.0.1.254",
        ),
    ];
    for (line, canonical) in table {
        assert_eq!(parse_checked(line).to_string(), canonical, "{line:?}");
    }
}
