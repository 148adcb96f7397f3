//! Tests of the UPDATE builder: exact packing numbers, every family decoded back to exactly the
//! routes given (via `message::decode_message`), RFC 7606 §5.1 layout, errors, and a property
//! test over random route sets.

use super::*;
use crate::wire::attribute::{AsPath, Attributes, Origin, UnknownAttribute};
use crate::wire::family::{Afi, Safi};
use crate::wire::header::test_support::hex;
use crate::wire::message::decode_message;
use crate::wire::negotiated::EXTENDED_MESSAGE_SIZE;
use crate::wire::nlri::{
    FlowComponent, FlowPrefix, FlowspecNlri, Label, LabelledNlri, Prefix, PrefixNlri,
    RouteDistinguisher, UnparsedNlri, VplsNlri, VpnNlri,
};
use std::net::{IpAddr, Ipv6Addr};

/// What came back out of the messages.
#[derive(Debug, Default)]
pub(super) struct Decoded {
    /// (NLRI, next hop, attributes without NEXT_HOP)
    pub(super) announced: Vec<(Nlri, NextHop, Attributes)>,
    pub(super) withdrawn: Vec<Nlri>,
}

/// Decodes every message, checking what every message must satisfy.
pub(super) fn decode_all(messages: &[Vec<u8>], negotiated: &Negotiated) -> Decoded {
    let mut decoded = Decoded::default();
    for bytes in messages {
        assert!(bytes.len() <= negotiated.max_message_size(), "too long");
        let Ok(Message::Update(update)) = decode_message(bytes, negotiated) else {
            panic!("not an UPDATE: {bytes:02x?}");
        };
        let update = *update;
        assert_eq!(update.problems, vec![], "{bytes:02x?}");
        // RFC 7606 §5.1: exactly one of the four (End-of-RIB markers are not built here).
        let parts = [
            !update.withdrawn.is_empty(),
            !update.announced.is_empty(),
            update.mp_reach.is_some(),
            update.mp_unreach.is_some(),
        ];
        assert_eq!(parts.iter().filter(|part| **part).count(), 1, "{update:?}");
        // ... and MP_REACH_NLRI / MP_UNREACH_NLRI is the very first attribute.
        if update.mp_reach.is_some() || update.mp_unreach.is_some() {
            assert_eq!(bytes[19..21], [0, 0]);
            assert!(matches!(bytes.get(24), Some(14 | 15)), "{bytes:02x?}");
        }
        let mut attributes = update.attributes;
        if !update.announced.is_empty() {
            let next_hop = NextHop::Ipv4(attributes.next_hop.take().expect("NEXT_HOP"));
            for nlri in update.announced {
                decoded
                    .announced
                    .push((nlri, next_hop.clone(), attributes.clone()));
            }
        }
        if let Some(reach) = update.mp_reach {
            assert_eq!(attributes.next_hop, None);
            for nlri in reach.nlri {
                decoded
                    .announced
                    .push((nlri, reach.next_hop.clone(), attributes.clone()));
            }
        }
        decoded.withdrawn.extend(update.withdrawn);
        if let Some(unreach) = update.mp_unreach {
            assert_eq!(attributes, Attributes::default());
            decoded.withdrawn.extend(unreach.nlri);
        }
    }
    decoded
}

fn collect<F: FnOnce(&mut dyn FnMut(&[u8]))>(run: F) -> Vec<Vec<u8>> {
    let mut messages = Vec::new();
    run(&mut |bytes: &[u8]| messages.push(bytes.to_vec()));
    messages
}

fn prefix(text: &str) -> Prefix {
    text.parse().expect("test prefix")
}

fn unicast(text: &str) -> Nlri {
    Nlri::Unicast(PrefixNlri::new(prefix(text)))
}

/// 10.<i / 256>.<i % 256>.0/24 and friends.
fn ipv4_slash_24(count: u32) -> Vec<Nlri> {
    (0..count)
        .map(|index| {
            let address = std::net::Ipv4Addr::from((10 << 24) | (index << 8));
            Nlri::Unicast(PrefixNlri::new(
                Prefix::new(IpAddr::V4(address), 24).expect("prefix"),
            ))
        })
        .collect()
}

fn basic_attributes() -> Attributes {
    Attributes {
        origin: Some(Origin::Igp),
        as_path: Some(AsPath::sequence(vec![65001])),
        local_preference: Some(100),
        ..Attributes::default()
    }
}

fn four_octet() -> Negotiated {
    Negotiated {
        asn4: true,
        ..Negotiated::default()
    }
}

fn v4_next_hop() -> NextHop {
    NextHop::Ipv4(std::net::Ipv4Addr::new(192, 0, 2, 1))
}

fn v6_next_hop(link_local: bool) -> NextHop {
    NextHop::Ipv6 {
        global: "2001:db8::1".parse().expect("address"),
        link_local: link_local.then(|| "fe80::1".parse().expect("address")),
    }
}

/// Builds with `build_updates`; returns the messages.
fn build(
    negotiated: &Negotiated,
    withdrawals: &[Nlri],
    announcements: &[(Nlri, &Attributes, NextHop)],
) -> Vec<Vec<u8>> {
    let list: Vec<Announcement<'_>> = announcements
        .iter()
        .map(|(nlri, attributes, next_hop)| Announcement {
            nlri,
            attributes,
            next_hop,
        })
        .collect();
    let mut count = 0;
    let messages = collect(|sink| {
        count = build_updates(negotiated, withdrawals, &list, &mut |bytes| sink(bytes))
            .expect("everything fits");
    });
    assert_eq!(count, messages.len());
    messages
}

/// Sorted (NLRI, next hop, attributes debug text) triples, for multiset comparison.
pub(super) fn sorted_announced(
    list: Vec<(Nlri, NextHop, Attributes)>,
) -> Vec<(Nlri, NextHop, String)> {
    let mut list: Vec<_> = list
        .into_iter()
        .map(|(nlri, next_hop, mut attributes)| {
            attributes.next_hop = None;
            (nlri, next_hop, format!("{attributes:?}"))
        })
        .collect();
    list.sort();
    list
}

fn check_round_trip(
    negotiated: &Negotiated,
    withdrawals: &[Nlri],
    announcements: &[(Nlri, &Attributes, NextHop)],
) -> Vec<Vec<u8>> {
    let messages = build(negotiated, withdrawals, announcements);
    let decoded = decode_all(&messages, negotiated);
    let expected: Vec<_> = announcements
        .iter()
        .map(|(nlri, attributes, next_hop)| (nlri.clone(), next_hop.clone(), (*attributes).clone()))
        .collect();
    assert_eq!(
        sorted_announced(decoded.announced),
        sorted_announced(expected)
    );
    let mut withdrawn = decoded.withdrawn;
    withdrawn.sort();
    let mut expected = withdrawals.to_vec();
    expected.sort();
    assert_eq!(withdrawn, expected);
    messages
}

#[test]
fn ipv4_unicast_packing_is_exact() {
    let attributes = basic_attributes();
    let routes: Vec<_> = ipv4_slash_24(1000)
        .into_iter()
        .map(|nlri| (nlri, &attributes, v4_next_hop()))
        .collect();
    let negotiated = four_octet();
    let attribute_length = EncodedAttributes::new(&attributes, &negotiated).len();
    // ORIGIN (4) + AS_PATH with one 4-octet AS (3 + 6) + LOCAL_PREF (7).
    assert_eq!(attribute_length, 20);
    // 4096 - 19 - 4 - 20 - 7 (NEXT_HOP) = 4046 octets for NLRI of 4 octets each.
    let per_message = (4096 - 19 - 4 - attribute_length - 7) / 4;
    assert_eq!(per_message, 1011);
    let messages = check_round_trip(&negotiated, &[], &routes);
    assert_eq!(messages.len(), 1);

    let routes: Vec<_> = ipv4_slash_24(10_000)
        .into_iter()
        .map(|nlri| (nlri, &attributes, v4_next_hop()))
        .collect();
    let messages = check_round_trip(&negotiated, &[], &routes);
    assert_eq!(messages.len(), 10_000usize.div_ceil(per_message));
    assert_eq!(messages.len(), 10);
    for message in &messages[..9] {
        assert_eq!(message.len(), 19 + 4 + 20 + 7 + 4 * per_message);
    }

    // RFC 8654: 65535-octet messages.
    let extended = Negotiated {
        extended_message: true,
        ..four_octet()
    };
    let per_extended = (EXTENDED_MESSAGE_SIZE - 19 - 4 - attribute_length - 7) / 4;
    assert_eq!(per_extended, 16371);
    let messages = check_round_trip(&extended, &[], &routes);
    assert_eq!(messages.len(), 1);
    let routes: Vec<_> = ipv4_slash_24(100_000)
        .into_iter()
        .map(|nlri| (nlri, &attributes, v4_next_hop()))
        .collect();
    let messages = build(&extended, &[], &routes);
    assert_eq!(messages.len(), 100_000usize.div_ceil(per_extended));
    assert_eq!(messages.len(), 7);
    assert!(messages.iter().all(|message| message.len() <= 65535));

    // Withdrawals need no attributes: (4096 - 23) / 4 per message.
    let withdrawals = ipv4_slash_24(10_000);
    let messages = check_round_trip(&negotiated, &withdrawals, &[]);
    assert_eq!(messages.len(), 10_000usize.div_ceil((4096 - 23) / 4));
}

#[test]
fn classic_message_bytes() {
    // exabgp decode of this message: "announce": { "ipv4 unicast": { "192.0.2.1":
    // [ { "nlri": "10.0.0.0/24" }, { "nlri": "10.0.1.0/24" } ] } }, origin igp,
    // as-path [ 65001 ], local-preference 100.
    let attributes = basic_attributes();
    let routes: Vec<_> = ipv4_slash_24(2)
        .into_iter()
        .map(|nlri| (nlri, &attributes, v4_next_hop()))
        .collect();
    let messages = build(&four_octet(), &[], &routes);
    assert_eq!(
        messages,
        vec![hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 003A 02 0000 001B
             40010100 400206020100 00FDE9 400304C0000201 40050400000064
             180A0000 180A0001")]
    );
}

#[test]
fn mp_message_bytes_and_extended_length() {
    // exabgp decode: "announce": { "ipv6 unicast": { "2001:db8::1": [ { "nlri":
    // "2001:db8::/32" } ] } } with origin igp, as-path [ 65001 ], local-preference 100.
    let attributes = basic_attributes();
    let routes = vec![(unicast("2001:db8::/32"), &attributes, v6_next_hop(false))];
    let messages = build(&four_octet(), &[], &routes);
    assert_eq!(
        messages,
        vec![hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 0048 02 0000 0031
             800E1A 0002 01 10 20010DB8000000000000000000000001 00 2020010DB8
             40010100 400206020100 00FDE9 40050400000064")]
    );
    // 60 /48s: 60 * 7 + 37 (AFI, SAFI, two next hops, Reserved) = 457 octets: Extended Length.
    let routes: Vec<_> = (0..60u16)
        .map(|index| {
            let address = Ipv6Addr::new(0x2001, 0xdb8, index, 0, 0, 0, 0, 0);
            let nlri = Nlri::Unicast(PrefixNlri::new(
                Prefix::new(IpAddr::V6(address), 48).expect("prefix"),
            ));
            (nlri, &attributes, v6_next_hop(true))
        })
        .collect();
    let messages = check_round_trip(&four_octet(), &[], &routes);
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0][23..27], [0x90, 14, 0x01, 0xC9]);
    // And withdrawn: 60 * 7 + 3 = 423.
    let withdrawals: Vec<Nlri> = routes.iter().map(|(nlri, _, _)| nlri.clone()).collect();
    let messages = check_round_trip(&four_octet(), &withdrawals, &[]);
    assert_eq!(messages.len(), 1);
    assert_eq!(
        messages[0][19..27],
        [0, 0, 0x01, 0xAB, 0x90, 15, 0x01, 0xA7]
    );
}

fn every_family_routes() -> Vec<(Nlri, NextHop)> {
    let rd = RouteDistinguisher::As2 {
        administrator: 65001,
        assigned: 1,
    };
    vec![
        (unicast("10.0.0.0/8"), v4_next_hop()),
        (unicast("10.1.0.0/16"), v6_next_hop(false)), // RFC 8950
        (unicast("2001:db8::/32"), v6_next_hop(true)),
        (
            Nlri::Multicast(PrefixNlri::new(prefix("2001:db8:1::/48"))),
            v6_next_hop(false),
        ),
        (
            Nlri::Labelled(LabelledNlri {
                path_id: None,
                labels: vec![Label::new(100)],
                prefix: prefix("10.2.0.0/16"),
            }),
            v4_next_hop(),
        ),
        (
            Nlri::Vpn(VpnNlri {
                path_id: None,
                labels: vec![Label::new(200)],
                route_distinguisher: rd,
                prefix: prefix("10.3.0.0/16"),
            }),
            v4_next_hop(),
        ),
        (
            Nlri::Vpn(VpnNlri {
                path_id: None,
                labels: vec![Label::new(300)],
                route_distinguisher: rd,
                prefix: prefix("2001:db8:3::/48"),
            }),
            v6_next_hop(false),
        ),
        (
            Nlri::Flowspec(FlowspecNlri::new(
                Afi::Ipv4,
                None,
                vec![FlowComponent::DestinationPrefix(FlowPrefix::new(prefix(
                    "10.4.0.0/16",
                )))],
            )),
            NextHop::None,
        ),
        (
            Nlri::Flowspec(FlowspecNlri::new(
                Afi::Ipv6,
                Some(rd),
                vec![FlowComponent::SourcePrefix(FlowPrefix::new(prefix(
                    "2001:db8:5::/48",
                )))],
            )),
            NextHop::None,
        ),
        (
            Nlri::Vpls(VplsNlri {
                path_id: None,
                route_distinguisher: rd,
                endpoint: 3,
                offset: 1,
                size: 8,
                base: 262_145,
            }),
            v4_next_hop(),
        ),
    ]
}

#[test]
fn every_family_round_trips_mixed() {
    let first = basic_attributes();
    let second = Attributes {
        med: Some(5),
        ..basic_attributes()
    };
    let families = every_family_routes();
    let mut announcements = Vec::new();
    for (index, (nlri, next_hop)) in families.iter().enumerate() {
        let attributes = if index % 2 == 0 { &first } else { &second };
        announcements.push((nlri.clone(), attributes, next_hop.clone()));
    }
    let withdrawals: Vec<Nlri> = families.iter().map(|(nlri, _)| nlri.clone()).collect();
    let messages = check_round_trip(&four_octet(), &withdrawals, &announcements);
    // One per family for the withdrawals (IPv4 unicast appears twice but is one family:
    // 9 families), one per (attributes, next hop, family) for the announcements.
    assert_eq!(messages.len(), 9 + 10);
    // Withdrawals first.
    let negotiated = four_octet();
    let first_nine = decode_all(&messages[..9], &negotiated);
    assert_eq!(first_nine.withdrawn.len(), 10);
}

#[test]
fn add_path_ids_are_written_per_family() {
    let negotiated = Negotiated {
        asn4: true,
        add_path_send: vec![Family::IPV4_UNICAST, Family::new(Afi::Ipv4, Safi::MplsVpn)],
        add_path_receive: vec![Family::IPV4_UNICAST, Family::new(Afi::Ipv4, Safi::MplsVpn)],
        ..Negotiated::default()
    };
    let attributes = basic_attributes();
    let with_id = |path_id| {
        Nlri::Unicast(PrefixNlri {
            path_id: Some(path_id),
            prefix: prefix("10.0.0.0/24"),
        })
    };
    let vpn = Nlri::Vpn(VpnNlri {
        path_id: Some(9),
        labels: vec![Label::new(16)],
        route_distinguisher: RouteDistinguisher::ZERO,
        prefix: prefix("10.9.0.0/16"),
    });
    let announcements = vec![
        (with_id(1), &attributes, v4_next_hop()),
        (with_id(2), &attributes, v4_next_hop()),
        (vpn.clone(), &attributes, v4_next_hop()),
        (unicast("2001:db8::/32"), &attributes, v6_next_hop(false)),
    ];
    let messages = check_round_trip(&negotiated, &[with_id(3), vpn], &announcements);
    assert_eq!(messages.len(), 2 + 3);
    // An NLRI without a Path Identifier is sent with 0 where ADD-PATH is on.
    let messages = build(&negotiated, &[unicast("10.0.0.0/24")], &[]);
    let decoded = decode_all(&messages, &negotiated);
    assert_eq!(decoded.withdrawn, vec![with_id(0)]);
}

#[test]
fn calls_share_messages_and_keep_their_order() {
    let negotiated = four_octet();
    let mut builder = UpdateBuilder::new(&negotiated);
    let attributes = builder.encode_attributes(&basic_attributes());
    let other = builder.encode_attributes(&Attributes {
        med: Some(1),
        ..basic_attributes()
    });
    let routes = ipv4_slash_24(3000);
    let messages = collect(|sink| {
        let mut sink = |bytes: &[u8]| sink(bytes);
        // One route per call, as an Adj-RIB-Out walk would do.
        for nlri in &routes {
            builder
                .announce(&attributes, &v4_next_hop(), [nlri], &mut sink)
                .expect("fits");
        }
        builder
            .withdraw([unicast("192.168.0.0/16")], &mut sink)
            .expect("fits");
        builder
            .announce(&other, &v4_next_hop(), &routes[..1], &mut sink)
            .expect("fits");
        builder.end_of_rib(Family::IPV4_UNICAST, &mut sink);
        builder.flush(&mut sink);
    });
    // 3000 routes at 1011 per message, then the withdrawal, the re-announcement, the marker.
    assert_eq!(messages.len(), 3 + 3);
    assert_eq!(builder.messages_emitted(), 6);
    let decoded = decode_all(&messages[3..4], &negotiated);
    assert_eq!(decoded.withdrawn, vec![unicast("192.168.0.0/16")]);
    let decoded = decode_all(&messages[4..5], &negotiated);
    assert_eq!(decoded.announced[0].2.med, Some(1));
    assert_eq!(
        messages[5],
        end_of_rib_message(Family::IPV4_UNICAST, &negotiated)
    );
    // Nothing open: flushing again sends nothing.
    let messages = collect(|sink| builder.flush(&mut |bytes| sink(bytes)));
    assert!(messages.is_empty());
}

#[test]
fn end_of_rib_messages() {
    let negotiated = Negotiated::default();
    // exabgp decode: "eor": { "afi" : "ipv4", "safi" : "unicast" }
    assert_eq!(
        end_of_rib_message(Family::IPV4_UNICAST, &negotiated),
        hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 0017 02 0000 0000")
    );
    // exabgp decode: "eor": { "afi" : "ipv6", "safi" : "unicast" }
    assert_eq!(
        end_of_rib_message(Family::IPV6_UNICAST, &negotiated),
        hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 001D 02 0000 0006 800F03 000201")
    );
}

#[test]
fn what_cannot_fit_is_an_error_not_a_panic() {
    let negotiated = four_octet();
    // 23 + 4 (ORIGIN) + 4069 (the unknown attribute) + 7 (NEXT_HOP) = 4103 > 4096.
    let huge = Attributes {
        origin: Some(Origin::Igp),
        unknown: vec![UnknownAttribute {
            flags: 0xC0,
            type_code: 200,
            value: vec![0; 4065],
        }],
        ..Attributes::default()
    };
    let routes = ipv4_slash_24(3);
    let mut builder = UpdateBuilder::new(&negotiated);
    let encoded = builder.encode_attributes(&huge);
    assert_eq!(encoded.len(), 4 + 4069);
    let mut messages = Vec::new();
    let mut sink = |bytes: &[u8]| messages.push(bytes.to_vec());
    let error = builder
        .announce(&encoded, &v4_next_hop(), &routes, &mut sink)
        .expect_err("too large");
    assert_eq!(
        error,
        DoesNotFit {
            family: Family::IPV4_UNICAST,
            rejected: routes.clone(),
            fixed_length: 4103,
            max_message_size: 4096,
        }
    );
    assert_eq!(
        error.to_string(),
        "3 ipv4 unicast NLRI cannot fit in an UPDATE of at most 4096 octets (4103 octets \
         taken before the NLRI)"
    );
    // The builder still works afterwards; an NLRI too long on its own is refused alone.
    let attributes = builder.encode_attributes(&basic_attributes());
    let family = Family::new(Afi::BgpLs, Safi::BgpLs);
    let long = Nlri::Unparsed(UnparsedNlri {
        family,
        bytes: vec![1; 5000],
    });
    let short = Nlri::Unparsed(UnparsedNlri {
        family,
        bytes: vec![2; 10],
    });
    let error = builder
        .announce(
            &attributes,
            &NextHop::Other(vec![1, 2, 3, 4]),
            [&short, &long, &short],
            &mut sink,
        )
        .expect_err("too large");
    assert_eq!(error.rejected, vec![long]);
    builder.flush(&mut sink);
    // Each unparsed NLRI travels alone (the decoder cannot split them).
    assert_eq!(messages.len(), 2);
    let decoded = decode_all(&messages, &negotiated);
    assert_eq!(decoded.announced.len(), 2);
    assert_eq!(decoded.announced[0].0, short);
}

#[test]
fn attributes_that_just_fit_leave_room_for_one_route() {
    let negotiated = four_octet();
    // 4096 - 23 - 7 - 4 - 4 (one /24) = 4058 for the unknown attribute TLV: value 4054.
    let big = Attributes {
        origin: Some(Origin::Igp),
        as_path: None,
        unknown: vec![UnknownAttribute {
            flags: 0xC0,
            type_code: 200,
            value: vec![0; 4054],
        }],
        ..Attributes::default()
    };
    let routes: Vec<_> = ipv4_slash_24(3)
        .into_iter()
        .map(|nlri| (nlri, &big, v4_next_hop()))
        .collect();
    let messages = build(&negotiated, &[], &routes);
    assert_eq!(messages.len(), 3);
    assert!(messages.iter().all(|message| message.len() == 4096));
}
