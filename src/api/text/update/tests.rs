//! The UPDATE text block compared with ExaBGP's own output (`exabgp_cases.rs`), and the
//! pieces (attribute string, NLRI text) on values ExaBGP cannot be fed or prints wrongly.

use super::*;
use crate::wire::attribute::{
    AsPath, AsPathSegment, Attributes, Ipv6ExtendedCommunity, LargeCommunity, Origin, PrefixSid,
    PrefixSidTlv, SegmentKind, SrgbRange, UnknownAttribute,
};
use crate::wire::family::{Afi, Safi};
use crate::wire::negotiated::Negotiated;
use crate::wire::nlri::{PrefixNlri, RouteDistinguisher, UnparsedNlri, VplsNlri};
use proptest::prelude::*;
use std::net::Ipv6Addr;

mod exabgp_cases;

fn bytes(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|index| u8::from_str_radix(&hex[index..index + 2], 16).expect("hex"))
        .collect()
}

/// The session `exabgp decode` pretends: 4-octet AS, every family, ADD-PATH on request.
fn negotiated(add_path: bool) -> Negotiated {
    let families: Vec<Family> = [
        (Afi::Ipv4, Safi::Unicast),
        (Afi::Ipv4, Safi::Multicast),
        (Afi::Ipv4, Safi::MplsLabel),
        (Afi::Ipv4, Safi::MplsVpn),
        (Afi::Ipv4, Safi::Flowspec),
        (Afi::Ipv4, Safi::FlowspecVpn),
        (Afi::Ipv6, Safi::Unicast),
        (Afi::Ipv6, Safi::Multicast),
        (Afi::Ipv6, Safi::MplsLabel),
        (Afi::Ipv6, Safi::MplsVpn),
        (Afi::Ipv6, Safi::Flowspec),
        (Afi::L2vpn, Safi::Vpls),
    ]
    .into_iter()
    .map(|(afi, safi)| Family::new(afi, safi))
    .collect();
    Negotiated {
        asn4: true,
        aigp: true,
        add_path_receive: if add_path {
            families.clone()
        } else {
            Vec::new()
        },
        families,
        ..Negotiated::default()
    }
}

/// Splits a whole message into (header, body) and decodes the body.
fn decode(message: &[u8], add_path: bool) -> (Update, &[u8], &[u8]) {
    let (header, body) = message.split_at(19);
    let update = crate::wire::update::decode(body, &negotiated(add_path)).expect("decodes");
    (update, header, body)
}

fn localhost() -> IpAddr {
    IpAddr::V4(Ipv4Addr::LOCALHOST)
}

#[test]
fn blocks_match_exabgp() {
    for case in exabgp_cases::CASES {
        let message = bytes(case.message);
        let (update, header, body) = decode(&message, case.add_path);
        let raw = Some((header, body));
        let ours = super::update(
            JsonVersion::V5,
            localhost(),
            Direction::Receive,
            &update,
            raw,
        );
        assert_eq!(ours, case.exabgp_5, "5.0 form of {}", case.name);
        if let Some(expected) = case.exabgp_4 {
            let ours = super::update(
                JsonVersion::V4,
                localhost(),
                Direction::Receive,
                &update,
                raw,
            );
            assert_eq!(ours, expected, "4.x form of {}", case.name);
        }
    }
}

#[test]
fn sent_end_of_rib_without_raw_bytes() {
    // exabgp-api reference §4, ExaBGP 5.0.13.
    let marker = Update::end_of_rib_marker(Family::new(Afi::L2vpn, Safi::Vpls));
    assert_eq!(
        super::update(JsonVersion::V5, localhost(), Direction::Send, &marker, None),
        "neighbor 127.0.0.1 send update start\n\
         neighbor 127.0.0.1 send update route eor 25/65 (l2vpn vpls)\n\
         neighbor 127.0.0.1 send update end\n"
    );
    // Empty raw bytes print no raw line.
    let marker = Update::end_of_rib_marker(Family::IPV4_UNICAST);
    let peer = IpAddr::V6(Ipv6Addr::LOCALHOST);
    assert_eq!(
        super::update(
            JsonVersion::V4,
            peer,
            Direction::Receive,
            &marker,
            Some((&[], &[]))
        ),
        "neighbor ::1 receive update start\n\
         neighbor ::1 receive update route eor 1/1 (ipv4 unicast)\n\
         neighbor ::1 receive update end\n"
    );
}

#[test]
fn missing_next_hop_is_treated_as_withdraw() {
    // ORIGIN + AS_PATH, no NEXT_HOP, NLRI 10.1.0.0/24. Deliberate difference: ExaBGP 5.0
    // prints "announced 10.1.0.0/24 origin igp as-path ( 65001 )"; RFC 7606 §3 (d) makes the
    // route withdrawn, and so do we.
    let message =
        bytes("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0028020000000D4001010040020602010000FDE9180A0100");
    let (update, _, _) = decode(&message, false);
    assert_eq!(
        super::update(
            JsonVersion::V5,
            localhost(),
            Direction::Receive,
            &update,
            None
        ),
        "neighbor 127.0.0.1 receive update start\n\
         neighbor 127.0.0.1 receive update withdrawn 10.1.0.0/24\n\
         neighbor 127.0.0.1 receive update end\n"
    );
}

/// Segments as (kind, AS numbers).
type Segments<'a> = &'a [(SegmentKind, &'a [u32])];

fn path(segments: Segments<'_>) -> AsPath {
    AsPath {
        segments: segments
            .iter()
            .map(|(kind, numbers)| AsPathSegment {
                kind: *kind,
                numbers: numbers.to_vec(),
            })
            .collect(),
    }
}

#[test]
fn as_path_forms() {
    use SegmentKind::{ConfederationSequence, ConfederationSet, Sequence, Set};
    // (segments, 5.0 text, 4.x text); the 4.x forms follow ExaBGP 4.2.25's ASPath.string.
    let table: &[(Segments<'_>, &str, &str)] = &[
        (&[(Sequence, &[1])], "( 1 )", "[ 1 ]"),
        (&[(Set, &[1, 2])], "[ 1 2 ]", "[ ( 1 2 )]"),
        (
            &[(Sequence, &[1]), (Set, &[2])],
            "( 1 ) [ 2 ]",
            "[ 1 ( 2 ) ]",
        ),
        (
            &[(Sequence, &[1, 2]), (Set, &[3]), (Sequence, &[4])],
            "( 1 2 ) [ 3 ] ( 4 )",
            "[ 1 2 4 ( 3 ) ]",
        ),
        (
            &[(ConfederationSequence, &[7]), (Sequence, &[1])],
            "{( 7 )} ( 1 )",
            "[ 1 ][ 7 ]",
        ),
        (&[(ConfederationSet, &[8, 9])], "{[ 8 9 ]}", "[ ][ ( 8 9 )]"),
    ];
    for (segments, five, four) in table {
        let attributes = Attributes {
            as_path: Some(path(segments)),
            ..Attributes::default()
        };
        assert_eq!(
            attributes_text(JsonVersion::V5, &attributes),
            format!(" as-path {five}")
        );
        assert_eq!(
            attributes_text(JsonVersion::V4, &attributes),
            format!(" as-path {four}")
        );
    }
    // ExaBGP decodes an empty AS_PATH as no attribute and shows nothing.
    let attributes = Attributes {
        origin: Some(Origin::Igp),
        as_path: Some(AsPath::default()),
        ..Attributes::default()
    };
    assert_eq!(attributes_text(JsonVersion::V5, &attributes), " origin igp");
}

#[test]
fn attribute_forms() {
    let redirect = bytes("000c20010db80000000000000000000000010000");
    let unnamed = bytes("000220010db80000000000000000000000010064");
    let large = |g, a, b| LargeCommunity {
        global_administrator: g,
        local_data_part_1: a,
        local_data_part_2: b,
    };
    let attributes = Attributes {
        aigp: Some(crate::wire::attribute::Aigp { metric: 100 }),
        ipv6_extended_communities: vec![
            Ipv6ExtendedCommunity(unnamed.try_into().expect("20 octets")),
            Ipv6ExtendedCommunity(redirect.try_into().expect("20 octets")),
        ],
        large_communities: vec![large(2, 0, 0), large(1, 5, 6), large(2, 0, 0)],
        unknown: vec![UnknownAttribute {
            flags: 0xe0,
            type_code: 30,
            value: vec![0xab, 0xcd],
        }],
        ..Attributes::default()
    };
    // The IPv6 ones sorted by octets, the unnamed kind as hex (as ExaBGP 5.0.15 prints
    // them); repeated large communities once; the unknown attribute placed by its code.
    assert_eq!(
        attributes_text(JsonVersion::V5, &attributes),
        " extended-community-ipv6 [ 0x000220010DB80000000000000000000000010064 \
         redirect-to-nexthop-ietf 2001:db8::1 ] aigp 0x0000000000000064 \
         attribute [ 0x1E 0xE0 0xabcd ] large-community [ 1:5:6 2:0:0 ]"
    );
}

#[test]
fn prefix_sid_forms() {
    let label_index = PrefixSidTlv::LabelIndex {
        flags: 0,
        label_index: 100,
    };
    let srgb = PrefixSidTlv::OriginatorSrgb {
        flags: 0,
        ranges: vec![
            SrgbRange {
                base: 16000,
                range: 8000,
            },
            SrgbRange { base: 1, range: 2 },
        ],
    };
    let other = PrefixSidTlv::Other {
        tlv_type: 9,
        value: vec![1],
    };
    // (TLVs, 5.0 text, 4.x text), from the two versions' PrefixSid.__str__.
    let table = [
        (vec![label_index.clone()], "[ 100 ]", "[ 100 ]"),
        (
            vec![srgb.clone(), label_index.clone()],
            "[ 100, [ ( 16000,8000 ), ( 1,2 ) ] ]",
            "[ 100, [ ( 16000,8000 ), ( 1,2 ) ] ]",
        ),
        (
            vec![srgb.clone(), other.clone()],
            "[ [ ( 16000,8000 ), ( 1,2 ) ], Attribute with code [ 9 ] not implemented ]",
            "[ None, [ ( 16000,8000 ), ( 1,2 ) ] ]",
        ),
        (
            vec![other],
            "[ Attribute with code [ 9 ] not implemented ]",
            "[ None ]",
        ),
    ];
    for (tlvs, five, four) in table {
        let attributes = Attributes {
            prefix_sid: Some(PrefixSid { tlvs }),
            ..Attributes::default()
        };
        assert_eq!(
            attributes_text(JsonVersion::V5, &attributes),
            format!(" bgp-prefix-sid {five}")
        );
        assert_eq!(
            attributes_text(JsonVersion::V4, &attributes),
            format!(" bgp-prefix-sid {four}")
        );
    }
}

#[test]
fn nlri_forms() {
    let unicast = Nlri::Unicast(PrefixNlri {
        path_id: Some(0x01020304),
        prefix: "2001:db8::/32".parse().expect("prefix"),
    });
    let global: Ipv6Addr = "2001:db8::1".parse().expect("address");
    let next_hop = NextHop::Ipv6 {
        global,
        link_local: Some("fe80::1".parse().expect("address")),
    };
    assert_eq!(
        nlri_text(&unicast, Some(&next_hop)),
        "2001:db8::/32 path-information 1.2.3.4 next-hop 2001:db8::1"
    );
    assert_eq!(
        nlri_text(&unicast, Some(&NextHop::None)),
        "2001:db8::/32 path-information 1.2.3.4"
    );
    let vpls = Nlri::Vpls(VplsNlri {
        path_id: Some(7),
        route_distinguisher: RouteDistinguisher::As2 {
            administrator: 65001,
            assigned: 1,
        },
        endpoint: 1,
        offset: 2,
        size: 3,
        base: 4,
    });
    assert_eq!(
        nlri_text(&vpls, None),
        "vpls rd 65001:1 endpoint 1 base 4 offset 2 size 3 "
    );
    let unparsed = Nlri::Unparsed(UnparsedNlri {
        family: Family::new(Afi::BgpLs, Safi::BgpLs),
        bytes: vec![1, 2],
    });
    assert_eq!(
        nlri_text(&unparsed, Some(&NextHop::Ipv4(Ipv4Addr::new(1, 2, 3, 4)))),
        "bgp-ls bgp-ls 0x0102 next-hop 1.2.3.4"
    );
    assert_eq!(
        end_of_rib_text(Family::new(Afi::Ipv6, Safi::Flowspec)),
        "eor 2/133 (ipv6 flow)"
    );
}

/// GoBGP's EVPN UPDATEs (tests/corpus/gobgp/ebgp-2*-l2vpn-evpn.txt, ebgp-39) and the line
/// ExaBGP 5.0.15's text encoder printed for each route. ExaBGP's EVPN routes have no
/// `extensive()`, so it prints "afi l2vpn safi evpn" and no next hop; we print the route as
/// its `str()` shows it and the next hop, and the rest of the line (attributes, PMSI
/// included) exactly as ExaBGP does.
#[test]
fn evpn_lines_are_exabgp_lines_with_the_route() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF006A0200000053400101024002060201FA56EA01800E30001946047F0000140002250000FDFC0000012C000000000000000000000000000030AABBCCDDEEFF200A1C0001000BB8C010100002FDFC0000012C030C000000000008",
            "announced afi l2vpn safi evpn origin incomplete as-path ( 4200000001 ) extended-community [ target:65020:300 encap:VXLAN ]",
            "evpn:macadv::65020:300:-:0:AA:BB:CC:DD:EE:FF/48:10.28.0.1: label 187 (3000) next-hop 127.0.0.20",
        ),
        (
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0062020000004B400101024002060201FA56EA01800E1C001946047F0000140003110000FDFC0000012D00000000200A1C0002C010100002FDFC0000012D030C000000000008C016090006000BB90A1C0002",
            "announced afi l2vpn safi evpn origin incomplete as-path ( 4200000001 ) extended-community [ target:65020:301 encap:VXLAN ] pmsi pmsi:ingressreplication:0:187(3001):10.28.0.2",
            "evpn:multicast::65020:301:0:10.28.0.2 next-hop 127.0.0.20",
        ),
        (
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00670200000050400101024002060201FA56EA01800E2D001946047F0000140005220000FDFC0000012E0000000000000000000000000000180A1D00000A1D0001000BBAC010100002FDFC0000012E0603AABBCC000001",
            "announced afi l2vpn safi evpn origin incomplete as-path ( 4200000001 ) extended-community [ target:65020:302 0x0603AABBCC000001 ]",
            "evpn:prfxadv::65020:302:-:0:10.29.0.0/24:10.29.0.1: label 187 (3002) next-hop 127.0.0.20",
        ),
        (
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF005C0200000045400101024002060201FA56EA01800E22001946047F0000140004170000FDFC0000012F03AABBCCDDEE01000001200A1C0003C010100002FDFC0000012F0602AABBCCDDEE01",
            "announced afi l2vpn safi evpn origin incomplete as-path ( 4200000001 ) extended-community [ target:65020:303 0x0602AABBCCDDEE01 ]",
            "evpn:segment::65020:303:03:aa:bb:cc:dd:ee:01:00:00:01:10.28.0.3 next-hop 127.0.0.20",
        ),
        (
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0056020000003F400101024002060201FA56EA01800E24001946047F0000140001190000FDFC0000013001AABBCCDDEE0200020000000000000BBBC010080002FDFC00000130",
            "announced afi l2vpn safi evpn origin incomplete as-path ( 4200000001 ) extended-community target:65020:304",
            "evpn:ethernetad::65020:304:01:aa:bb:cc:dd:ee:02:00:02:00:0: label 187 (3003) next-hop 127.0.0.20",
        ),
        (
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00300200000019800F1600194603110000FDFC0000012D00000000200A1C0002",
            "withdrawn afi l2vpn safi evpn",
            "evpn:multicast::65020:301:0:10.28.0.2",
        ),
    ];
    for (message, exabgp, route) in cases {
        let message = bytes(message);
        let (header, body) = message.split_at(19);
        let update = crate::wire::update::decode(body, &negotiated(false)).expect("decodes");
        let ours = super::update(
            JsonVersion::V5,
            localhost(),
            Direction::Receive,
            &update,
            Some((header, body)),
        );
        let (verb, rest) = exabgp
            .split_once(" afi l2vpn safi evpn")
            .expect("ExaBGP form");
        let line = match verb {
            "announced" => {
                let (route, next_hop) = route.split_once(" next-hop ").expect("next hop");
                format!("announced {route} next-hop {next_hop}{rest}")
            }
            _ => format!("{verb} {route}{rest}"),
        };
        let expected = format!(
            "neighbor 127.0.0.1 receive update start\n\
             neighbor 127.0.0.1 receive update {line}\n \
             header {} body {}\n\
             neighbor 127.0.0.1 receive update end\n",
            crate::api::json::text::hex(header),
            crate::api::json::text::hex(body)
        );
        assert_eq!(ours, expected);
    }
}

#[test]
fn evpn_route_text_shows_path_information_before_the_next_hop() {
    use crate::wire::nlri::evpn::{EthernetSegmentIdentifier, EthernetSegmentRoute};
    use crate::wire::nlri::{EvpnNlri, EvpnRoute};
    let route = Nlri::Evpn(EvpnNlri {
        path_id: Some(1),
        route: EvpnRoute::EthernetSegment(EthernetSegmentRoute {
            route_distinguisher: RouteDistinguisher::As2 {
                administrator: 65001,
                assigned: 1,
            },
            ethernet_segment: EthernetSegmentIdentifier::ZERO,
            originating_router: "2001:db8::1".parse().expect("address"),
        }),
    });
    assert_eq!(
        nlri_text(&route, Some(&NextHop::Ipv4(Ipv4Addr::new(10, 0, 0, 1)))),
        "evpn:segment::65001:1:-:2001:db8::1 path-information 0.0.0.1 next-hop 10.0.0.1"
    );
}

proptest! {
    #[test]
    fn any_decodable_update_renders(
        body in proptest::collection::vec(any::<u8>(), 0..120),
        add_path: bool,
    ) {
        if let Ok(update) = crate::wire::update::decode(&body, &negotiated(add_path)) {
            for version in [JsonVersion::V4, JsonVersion::V5] {
                let text =
                    super::update(version, localhost(), Direction::Receive, &update, Some((&[], &body)));
                prop_assert!(text.starts_with("neighbor 127.0.0.1 receive update start\n"));
                prop_assert!(text.ends_with("neighbor 127.0.0.1 receive update end\n"));
                for line in text.lines() {
                    prop_assert!(line.starts_with("neighbor ") || line.starts_with(" body 0x"));
                }
            }
        }
    }
}
