//! EVPN routes both ways, their errors and ExaBGP's text forms. The first five byte strings
//! are the routes GoBGP 3.10 sent in tests/corpus/gobgp/ebgp-2*-update-l2vpn-evpn.txt; the
//! ExaBGP strings were printed by ExaBGP 5.0.15 (`str()` of the route it decoded from the
//! same bytes).

use super::fields::tests::any_address;
use super::*;
use crate::wire::nlri::route_distinguisher::RouteDistinguisher;
use crate::wire::nlri::route_distinguisher::tests::any_route_distinguisher;
use proptest::prelude::*;
use std::net::IpAddr;

fn bytes(text: &str) -> Vec<u8> {
    let text: String = text.split_whitespace().collect();
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&text[at..at + 2], 16).expect("hex"))
        .collect()
}

fn ip(text: &str) -> IpAddr {
    text.parse().expect("test address")
}

fn as2(administrator: u16, assigned: u32) -> RouteDistinguisher {
    RouteDistinguisher::As2 {
        administrator,
        assigned,
    }
}

/// (route bytes, value, ExaBGP's str() of the route)
fn table() -> Vec<(&'static str, EvpnRoute, &'static str)> {
    let esi = |bytes: [u8; 10]| EthernetSegmentIdentifier(bytes);
    vec![
        (
            "01 19 0000FDFC00000130 01AABBCCDDEE02000200 00000000 000BBB",
            EvpnRoute::EthernetAutoDiscovery(EthernetAutoDiscoveryRoute {
                route_distinguisher: as2(65020, 304),
                ethernet_segment: esi([1, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 2, 0, 2, 0]),
                ethernet_tag: 0,
                label: Label::from_raw(3003),
            }),
            "evpn:ethernetad::65020:304:01:aa:bb:cc:dd:ee:02:00:02:00:0: label 187 (3003)",
        ),
        (
            "02 25 0000FDFC0000012C 00000000000000000000 00000000 30 AABBCCDDEEFF 20 0A1C0001 000BB8",
            EvpnRoute::MacIpAdvertisement(MacIpAdvertisementRoute {
                route_distinguisher: as2(65020, 300),
                ethernet_segment: EthernetSegmentIdentifier::ZERO,
                ethernet_tag: 0,
                mac: MacAddress([0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff]),
                ip: Some(ip("10.28.0.1")),
                label: Label::from_raw(3000),
                second_label: None,
            }),
            "evpn:macadv::65020:300:-:0:AA:BB:CC:DD:EE:FF/48:10.28.0.1: label 187 (3000)",
        ),
        (
            "03 11 0000FDFC0000012D 00000000 20 0A1C0002",
            EvpnRoute::InclusiveMulticastEthernetTag(InclusiveMulticastEthernetTagRoute {
                route_distinguisher: as2(65020, 301),
                ethernet_tag: 0,
                originating_router: ip("10.28.0.2"),
            }),
            "evpn:multicast::65020:301:0:10.28.0.2",
        ),
        (
            "04 17 0000FDFC0000012F 03AABBCCDDEE01000001 20 0A1C0003",
            EvpnRoute::EthernetSegment(EthernetSegmentRoute {
                route_distinguisher: as2(65020, 303),
                ethernet_segment: esi([3, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 1, 0, 0, 1]),
                originating_router: ip("10.28.0.3"),
            }),
            "evpn:segment::65020:303:03:aa:bb:cc:dd:ee:01:00:00:01:10.28.0.3",
        ),
        (
            "05 22 0000FDFC0000012E 00000000000000000000 00000000 18 0A1D0000 0A1D0001 000BBA",
            EvpnRoute::IpPrefix(IpPrefixRoute {
                route_distinguisher: as2(65020, 302),
                ethernet_segment: EthernetSegmentIdentifier::ZERO,
                ethernet_tag: 0,
                prefix: ip("10.29.0.0"),
                prefix_length: 24,
                gateway: ip("10.29.0.1"),
                label: Label::from_raw(3002),
            }),
            "evpn:prfxadv::65020:302:-:0:10.29.0.0/24:10.29.0.1: label 187 (3002)",
        ),
        // MAC only (IP Address Length 0), MPLS label 100 with the S bit
        (
            "02 21 0001010203040005 00112233445566778899 0000076D 30 FC15B4787B8F 00 000641",
            EvpnRoute::MacIpAdvertisement(MacIpAdvertisementRoute {
                route_distinguisher: RouteDistinguisher::Ipv4 {
                    administrator: "1.2.3.4".parse().expect("address"),
                    assigned: 5,
                },
                ethernet_segment: esi([0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99]),
                ethernet_tag: 1901,
                mac: MacAddress([0xfc, 0x15, 0xb4, 0x78, 0x7b, 0x8f]),
                ip: None,
                label: Label::new(100),
                second_label: None,
            }),
            "evpn:macadv::1.2.3.4:5:00:11:22:33:44:55:66:77:88:99:1901:FC:15:B4:78:7B:8F/48:: label 100 (1601)",
        ),
        // IPv6 and two labels; ExaBGP shows Label1 only ("…:2001:db8::1: label 100 (1601)")
        (
            "02 34 0002FA56EA000001 00000000000000000000 00000000 30 001122334455 \
             80 20010DB8000000000000000000000001 000641 000C81",
            EvpnRoute::MacIpAdvertisement(MacIpAdvertisementRoute {
                route_distinguisher: RouteDistinguisher::As4 {
                    administrator: 4_200_000_000,
                    assigned: 1,
                },
                ethernet_segment: EthernetSegmentIdentifier::ZERO,
                ethernet_tag: 0,
                mac: MacAddress([0, 0x11, 0x22, 0x33, 0x44, 0x55]),
                ip: Some(ip("2001:db8::1")),
                label: Label::new(100),
                second_label: Some(Label::new(200)),
            }),
            "evpn:macadv::4200000000:1:-:0:00:11:22:33:44:55/48:2001:db8::1: label [ 100 (1601) 200 (3201) ]",
        ),
        (
            "03 1D 0000FDE900000001 0000000A 80 20010DB8000000000000000000000002",
            EvpnRoute::InclusiveMulticastEthernetTag(InclusiveMulticastEthernetTagRoute {
                route_distinguisher: as2(65001, 1),
                ethernet_tag: 10,
                originating_router: ip("2001:db8::2"),
            }),
            "evpn:multicast::65001:1:10:2001:db8::2",
        ),
        (
            "05 3A 0000FDE900000001 00000000000000000000 00000000 28 \
             20010DB8000100000000000000000000 20010DB8000000000000000000000001 000000",
            EvpnRoute::IpPrefix(IpPrefixRoute {
                route_distinguisher: as2(65001, 1),
                ethernet_segment: EthernetSegmentIdentifier::ZERO,
                ethernet_tag: 0,
                prefix: ip("2001:db8:1::"),
                prefix_length: 40,
                gateway: ip("2001:db8::1"),
                label: Label::from_raw(0),
            }),
            "evpn:prfxadv::65001:1:-:0:2001:db8:1::/40:2001:db8::1: label 0",
        ),
        // MAX-ET and an all-ones ESI
        (
            "01 19 0000FDE900000001 FFFFFFFFFFFFFFFFFFFF FFFFFFFF 000000",
            EvpnRoute::EthernetAutoDiscovery(EthernetAutoDiscoveryRoute {
                route_distinguisher: as2(65001, 1),
                ethernet_segment: esi([0xff; 10]),
                ethernet_tag: u32::MAX,
                label: Label::from_raw(0),
            }),
            "evpn:ethernetad::65001:1:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:4294967295: label 0",
        ),
        (
            "08 03 AABBCC",
            EvpnRoute::Unknown(UnknownEvpnRoute {
                route_type: 8,
                value: vec![0xaa, 0xbb, 0xcc],
            }),
            "evpn:unknown:0xaabbcc",
        ),
    ]
}

#[test]
fn routes_both_ways() {
    for (hex, value, exabgp) in table() {
        let wire = bytes(hex);
        let mut reader = Reader::new(&wire);
        assert_eq!(EvpnRoute::decode(&mut reader), Ok(value.clone()), "{hex}");
        assert!(reader.is_empty());
        assert_eq!(value.to_bytes(), wire, "{hex}");
        assert_eq!(value.exabgp_string(), exabgp);
        assert_eq!(value.route_type(), wire[0]);
    }
}

#[test]
fn path_identifier_is_kept_beside_the_route() {
    let wire = bytes("03 11 0000FDFC0000012D 00000000 20 0A1C0002");
    let mut reader = Reader::new(&wire);
    let nlri = EvpnNlri::decode(&mut reader, Some(7)).expect("decodes");
    assert_eq!(nlri.path_id, Some(7));
    let mut out = Vec::new();
    nlri.encode(&mut out);
    assert_eq!(out, wire);
}

#[test]
fn malformed_routes_are_errors() {
    let table: &[(&str, &str)] = &[
        ("03", "truncated: needed 1 more byte(s), 0 left"),
        (
            "03 11 0000FDFC",
            "truncated: needed 17 more byte(s), 4 left",
        ),
        (
            "01 18 0000FDFC00000130 01AABBCCDDEE02000200 00000000 000B",
            "truncated: needed 3 more byte(s), 2 left",
        ),
        (
            "01 1C 0000FDFC00000130 01AABBCCDDEE02000200 00000000 000BBB 000BBB",
            "Ethernet Auto-Discovery route has 3 octet(s) more than its fields",
        ),
        (
            "02 21 0000FDFC0000012C 00000000000000000000 00000000 18 AABBCCDDEEFF 00 000BB8",
            "MAC/IP Advertisement route MAC address length is 24 bits, it must be 48",
        ),
        (
            "02 24 0000FDFC0000012C 00000000000000000000 00000000 30 AABBCCDDEEFF 18 0A1C00 000BB8",
            "MAC/IP Advertisement route IP address length is 24 bits, expecting 32 or 128",
        ),
        (
            "02 29 0000FDFC0000012C 00000000000000000000 00000000 30 AABBCCDDEEFF 20 0A1C0001 000BB8 000BB8 01",
            "MAC/IP advertisement route has 1 octet(s) more than its fields",
        ),
        (
            "03 12 0000FDFC0000012D 00000000 20 0A1C0002 00",
            "Inclusive Multicast Ethernet Tag route has 1 octet(s) more than its fields",
        ),
        (
            "03 0D 0000FDFC0000012D 00000000 00",
            "Inclusive Multicast Ethernet Tag route IP address length is 0 bits, expecting 32 or 128",
        ),
        (
            "04 15 0000FDFC0000012F 03AABBCCDDEE01000001 10 0A1C",
            "Ethernet Segment route IP address length is 16 bits, expecting 32 or 128",
        ),
        (
            "05 21 0000FDFC0000012E 00000000000000000000 00000000 18 0A1D0000 0A1D0001 000B",
            "IP Prefix route length is 33, it must be 34 (IPv4) or 58 (IPv6)",
        ),
        (
            "05 22 0000FDFC0000012E 00000000000000000000 00000000 21 0A1D0000 0A1D0001 000BBA",
            "IP Prefix route prefix length 33 is longer than its 32-bit address",
        ),
    ];
    for (hex, error) in table {
        let wire = bytes(hex);
        let mut reader = Reader::new(&wire);
        assert_eq!(
            EvpnRoute::decode(&mut reader),
            Err(NlriError::new(*error)),
            "{hex}"
        );
    }
}

#[test]
fn labels_show_as_exabgp_does() {
    assert_eq!(evpn_label_text(&[]), "");
    assert_eq!(evpn_label_json(&[]), "");
    assert_eq!(evpn_label_text(&[Label::from_raw(0)]), " label 0");
    assert_eq!(
        evpn_label_json(&[Label::from_raw(0)]),
        r#""label": [ [0] ]"#
    );
    assert_eq!(
        evpn_label_json(&[Label::from_raw(3000)]),
        r#""label": [ [187, 3000] ]"#
    );
    assert_eq!(
        evpn_label_json(&[Label::new(100), Label::new(200)]),
        r#""label": [ [100, 1601], [200, 3201] ]"#
    );
}

fn any_label() -> impl Strategy<Value = Label> {
    (0u32..=0xFF_FFFF).prop_map(Label::from_raw)
}

fn any_esi() -> impl Strategy<Value = EthernetSegmentIdentifier> {
    any::<[u8; 10]>().prop_map(EthernetSegmentIdentifier)
}

/// Valid EVPN routes of every kind.
pub(crate) fn any_evpn_route() -> impl Strategy<Value = EvpnRoute> {
    let auto_discovery = (
        any_route_distinguisher(),
        any_esi(),
        any::<u32>(),
        any_label(),
    )
        .prop_map(
            |(route_distinguisher, ethernet_segment, ethernet_tag, label)| {
                EvpnRoute::EthernetAutoDiscovery(EthernetAutoDiscoveryRoute {
                    route_distinguisher,
                    ethernet_segment,
                    ethernet_tag,
                    label,
                })
            },
        );
    let mac_ip = (
        (any_route_distinguisher(), any_esi(), any::<u32>()),
        any::<[u8; 6]>(),
        proptest::option::of(any_address()),
        any_label(),
        proptest::option::of(any_label()),
    )
        .prop_map(
            |((route_distinguisher, ethernet_segment, ethernet_tag), mac, ip, label, second)| {
                EvpnRoute::MacIpAdvertisement(MacIpAdvertisementRoute {
                    route_distinguisher,
                    ethernet_segment,
                    ethernet_tag,
                    mac: MacAddress(mac),
                    ip,
                    label,
                    second_label: second,
                })
            },
        );
    let multicast = (any_route_distinguisher(), any::<u32>(), any_address()).prop_map(
        |(route_distinguisher, ethernet_tag, originating_router)| {
            EvpnRoute::InclusiveMulticastEthernetTag(InclusiveMulticastEthernetTagRoute {
                route_distinguisher,
                ethernet_tag,
                originating_router,
            })
        },
    );
    let segment = (any_route_distinguisher(), any_esi(), any_address()).prop_map(
        |(route_distinguisher, ethernet_segment, originating_router)| {
            EvpnRoute::EthernetSegment(EthernetSegmentRoute {
                route_distinguisher,
                ethernet_segment,
                originating_router,
            })
        },
    );
    let prefix = (
        (any_route_distinguisher(), any_esi(), any::<u32>()),
        any::<bool>(),
        any::<(u128, u128)>(),
        any::<u8>(),
        any_label(),
    )
        .prop_map(
            |((route_distinguisher, ethernet_segment, ethernet_tag), v6, (a, b), length, label)| {
                let (prefix, gateway, bits) = if v6 {
                    (
                        IpAddr::from(a.to_be_bytes()),
                        IpAddr::from(b.to_be_bytes()),
                        129,
                    )
                } else {
                    (
                        IpAddr::from((a as u32).to_be_bytes()),
                        IpAddr::from((b as u32).to_be_bytes()),
                        33,
                    )
                };
                EvpnRoute::IpPrefix(IpPrefixRoute {
                    route_distinguisher,
                    ethernet_segment,
                    ethernet_tag,
                    prefix,
                    prefix_length: (u16::from(length) % bits) as u8,
                    gateway,
                    label,
                })
            },
        );
    let unknown = (6u8.., proptest::collection::vec(any::<u8>(), 0..40))
        .prop_map(|(route_type, value)| EvpnRoute::Unknown(UnknownEvpnRoute { route_type, value }));
    prop_oneof![
        auto_discovery,
        mac_ip,
        multicast,
        segment,
        prefix,
        unknown,
        Just(EvpnRoute::Unknown(UnknownEvpnRoute {
            route_type: 0,
            value: vec![]
        }))
    ]
}

proptest! {
    #[test]
    fn round_trip(route in any_evpn_route(), path_id: Option<u32>) {
        let nlri = EvpnNlri { path_id, route };
        let mut out = Vec::new();
        nlri.encode(&mut out);
        let mut reader = Reader::new(&out);
        prop_assert_eq!(EvpnNlri::decode(&mut reader, path_id), Ok(nlri));
        prop_assert!(reader.is_empty());
    }

    #[test]
    fn arbitrary_bytes_never_panic(
        route_type in 0u8..8,
        bytes in proptest::collection::vec(any::<u8>(), 0..70),
    ) {
        let mut wire = vec![route_type];
        wire.extend_from_slice(&bytes);
        let mut reader = Reader::new(&wire);
        if let Ok(route) = EvpnRoute::decode(&mut reader) {
            // Whatever decodes encodes back to the same octets.
            let used = wire.len() - reader.remaining();
            prop_assert_eq!(route.to_bytes(), wire.get(..used).unwrap_or_default().to_vec());
            let _ = route.exabgp_string();
        }
    }
}
