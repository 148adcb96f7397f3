//! Tests of the whole Path Attributes field: tables checked against `exabgp decode`, RFC 7606
//! negative cases, RFC 6793 on 2-octet sessions, and property tests.

use super::*;
use crate::wire::iana::notification::update as subcode;
use proptest::prelude::*;
use std::collections::BTreeMap;

fn hex(text: &str) -> Vec<u8> {
    let text: String = text.split_whitespace().collect();
    (0..text.len() / 2)
        .map(|index| u8::from_str_radix(&text[index * 2..index * 2 + 2], 16).unwrap())
        .collect()
}

/// Decodes hex text; returns what does not borrow the input.
fn decode_text(
    text: &str,
    negotiated: &Negotiated,
) -> Result<(Attributes, Vec<AttributeProblem>), NotificationError> {
    let bytes = hex(text);
    decode(&bytes, negotiated).map(|decoded| (decoded.attributes, decoded.problems))
}

fn four_octet() -> Negotiated {
    Negotiated {
        asn4: true,
        aigp: true,
        ..Negotiated::default()
    }
}

fn two_octet() -> Negotiated {
    Negotiated {
        aigp: true,
        ..Negotiated::default()
    }
}

fn encoded(attributes: &Attributes, negotiated: &Negotiated) -> Vec<u8> {
    let mut out = Vec::new();
    attributes.encode(negotiated, &[], &mut out);
    out
}

/// Wrapped in an UPDATE with NLRI 10.0.0.0/8, `exabgp decode` prints for these octets:
/// origin igp, as-path [65001, 4200000000], next hop 192.0.2.1, med 100, local-preference
/// 200, atomic-aggregate, aggregator "65537:10.0.0.1", community [[65001,100],[65535,65281]],
/// originator-id 1.1.1.1, cluster-list ["2.2.2.2"], extended-community target:65001:100 and
/// rate-limit:0, large-community [[1,2,3]], bgp-prefix-sid sr-label-index 100,
/// "attribute-0xC8-0xE0": "0x010203".
const FULL: &str = "40010100 40020a02020000fde9fa56ea00 400304c0000201 80040400000064
    400504000000c8 400600 c00708000100010a000001 c00808fde90064ffffff01 80090401010101
    800a0402020202 c010100002fde9000000648006000000000000 c0200c000000010000000200000003
    c0280a01000700000000000064 e0c803010203";

fn full_value() -> Attributes {
    Attributes {
        origin: Some(Origin::Igp),
        as_path: Some(AsPath::sequence(vec![65001, 4_200_000_000])),
        next_hop: Some(Ipv4Addr::new(192, 0, 2, 1)),
        med: Some(100),
        local_preference: Some(200),
        atomic_aggregate: true,
        aggregator: Some(Aggregator {
            asn: 65537,
            address: Ipv4Addr::new(10, 0, 0, 1),
        }),
        communities: vec![Community(0xfde9_0064), Community(0xffff_ff01)],
        originator_id: Some(Ipv4Addr::new(1, 1, 1, 1)),
        cluster_list: vec![Ipv4Addr::new(2, 2, 2, 2)],
        extended_communities: vec![
            ExtendedCommunity::RouteTarget(Administrator::TwoOctetAs {
                asn: 65001,
                number: 100,
            }),
            ExtendedCommunity::traffic_rate(0, 0.0),
        ],
        large_communities: vec![LargeCommunity {
            global_administrator: 1,
            local_data_part_1: 2,
            local_data_part_2: 3,
        }],
        prefix_sid: Some(PrefixSid {
            tlvs: vec![PrefixSidTlv::LabelIndex {
                flags: 0,
                label_index: 100,
            }],
        }),
        unknown: vec![UnknownAttribute {
            flags: 0xe0,
            type_code: 0xc8,
            value: vec![1, 2, 3],
        }],
        ..Attributes::default()
    }
}

#[test]
fn full_set_both_ways_on_a_four_octet_session() {
    let bytes = hex(FULL);
    let decoded = decode(&bytes, &four_octet()).unwrap();
    assert_eq!(decoded.problems, []);
    assert_eq!(decoded.attributes, full_value());
    assert_eq!(encoded(&full_value(), &four_octet()), bytes);
    let extended = &decoded.attributes.extended_communities;
    assert_eq!(extended[0].exabgp_string(), "target:65001:100");
    assert_eq!(extended[1].exabgp_string(), "rate-limit:0");
    assert_eq!(
        decoded.attributes.unknown[0].exabgp_key(),
        "attribute-0xC8-0xE0"
    );
}

#[test]
fn two_octet_session_writes_as_trans_and_as4_attributes() {
    let value = Attributes {
        origin: Some(Origin::Igp),
        as_path: Some(AsPath::sequence(vec![65001, 4_200_000_000])),
        aggregator: Some(Aggregator {
            asn: 65537,
            address: Ipv4Addr::new(10, 0, 0, 1),
        }),
        ..Attributes::default()
    };
    let bytes = hex("40010100 400206 0202 fde9 5ba0 c00706 5ba0 0a000001
         c0110a 0202 0000fde9 fa56ea00 c01208 00010001 0a000001");
    assert_eq!(encoded(&value, &two_octet()), bytes);
    let decoded = decode(&bytes, &two_octet()).unwrap();
    assert_eq!(decoded.problems, []);
    assert_eq!(decoded.attributes, value);
}

#[test]
fn rfc_6793_merge_from_the_wire() {
    // An OLD speaker (AS 65002) prepended itself to a path that carried AS4_PATH:
    // AS_PATH (65002 23456 65001), AS4_PATH (4200000000 65001) -> (65002 4200000000 65001).
    let bytes = hex("40020802 03 fdea 5ba0 fde9 c0110a 0202 fa56ea00 0000fde9");
    let decoded = decode(&bytes, &two_octet()).unwrap();
    assert_eq!(
        decoded.attributes.as_path,
        Some(AsPath::sequence(vec![65002, 4_200_000_000, 65001]))
    );
    // AS_PATH with fewer numbers than AS4_PATH: AS4_PATH is ignored.
    let bytes = hex("40020402 01 5ba0 c0110a 0202 fa56ea00 0000fde9");
    let decoded = decode(&bytes, &two_octet()).unwrap();
    assert_eq!(
        decoded.attributes.as_path,
        Some(AsPath::sequence(vec![23456]))
    );
    // AGGREGATOR not AS_TRANS: AS4_AGGREGATOR and AS4_PATH are ignored.
    let bytes =
        hex("40020402 01 5ba0 c00706 fde9 01020304 c0110602 01 fa56ea00 c01208 fa56ea00 01020304");
    let decoded = decode(&bytes, &two_octet()).unwrap();
    assert_eq!(
        decoded.attributes.as_path,
        Some(AsPath::sequence(vec![23456]))
    );
    assert_eq!(decoded.attributes.aggregator.map(|a| a.asn), Some(65001));
}

#[test]
fn four_octet_session_discards_as4_attributes() {
    let bytes = hex("400206 0201 0000fde9 c0110602 01 fa56ea00 c01208 fa56ea00 01020304");
    let decoded = decode(&bytes, &four_octet()).unwrap();
    assert_eq!(
        decoded.attributes.as_path,
        Some(AsPath::sequence(vec![65001]))
    );
    let actions: Vec<(u8, ErrorAction)> = decoded
        .problems
        .iter()
        .map(|problem| (problem.type_code, problem.action))
        .collect();
    assert_eq!(
        actions,
        [
            (17, ErrorAction::AttributeDiscard),
            (18, ErrorAction::AttributeDiscard)
        ]
    );
    assert!(!decoded.treat_as_withdraw());
}

#[test]
fn extra_attributes_are_merged_by_type_code() {
    let value = Attributes {
        origin: Some(Origin::Igp),
        cluster_list: vec![Ipv4Addr::new(2, 2, 2, 2)],
        extended_communities: vec![ExtendedCommunity::TrafficMarking { dscp: 46 }],
        ..Attributes::default()
    };
    let mp_reach = hex("900e0002aabb");
    let mp_unreach = hex("800f03000102");
    let mut out = Vec::new();
    value.encode(
        &four_octet(),
        &[(15, &mp_unreach), (14, &mp_reach)],
        &mut out,
    );
    assert_eq!(
        out,
        hex("40010100 800a0402020202 900e0002aabb 800f03000102 c01008800900000000002e")
    );
    let decoded = decode(&out, &four_octet()).unwrap();
    assert_eq!(decoded.mp_reach, Some(&[0xaa, 0xbb][..]));
    assert_eq!(decoded.mp_unreach, Some(&[0, 1, 2][..]));
    assert_eq!(decoded.attributes, value);
}

#[test]
fn extended_length_only_when_needed_and_accepted_either_way() {
    let value = Attributes {
        communities: (0..70).map(Community).collect(),
        ..Attributes::default()
    };
    let out = encoded(&value, &four_octet());
    assert_eq!(&out[..4], &[0xd0, 8, 1, 24]);
    assert_eq!(decode(&out, &four_octet()).unwrap().attributes, value);
    // A short value sent with the Extended Length bit decodes the same.
    let (attributes, _) = decode_text("50010001 00", &four_octet()).unwrap();
    assert_eq!(attributes.origin, Some(Origin::Igp));
    assert_eq!(encoded(&attributes, &four_octet()), hex("40010100"));
}

/// (attribute octets, the problems RFC 7606 requires).
#[test]
fn rfc_7606_attribute_outcomes() {
    use ErrorAction::{AttributeDiscard as Discard, TreatAsWithdraw as Withdraw};
    let cases: &[(&str, &[(u8, ErrorAction)])] = &[
        ("40010103", &[(1, Withdraw)]),       // ORIGIN undefined value
        ("4001020000", &[(1, Withdraw)]),     // ORIGIN length 2
        ("c0010100", &[(1, Withdraw)]),       // ORIGIN flagged optional
        ("40020102", &[(2, Withdraw)]),       // AS_PATH underrun
        ("40020402020001", &[(2, Withdraw)]), // AS_PATH segment overrun
        ("4002020200", &[(2, Withdraw)]),     // AS_PATH zero-length segment
        ("40030301020304"[..12].as_ref(), &[(3, Withdraw)]), // NEXT_HOP length 3
        ("800403000000", &[(4, Withdraw)]),   // MED length 3
        ("4005050000000000", &[(5, Withdraw)]), // LOCAL_PREF length 5
        ("40060100", &[(6, Discard)]),        // ATOMIC_AGGREGATE length 1
        ("c00706fde901020304", &[(7, Discard)]), // AGGREGATOR length 6 on a 4-octet session
        ("c0080300000000"[..12].as_ref(), &[(8, Withdraw)]), // COMMUNITIES length 3
        ("c00800", &[(8, Withdraw)]),         // COMMUNITIES length 0
        ("800905010203040506"[..14].as_ref(), &[(9, Withdraw)]), // ORIGINATOR_ID length 5
        ("800a03010203", &[(10, Withdraw)]),  // CLUSTER_LIST length 3
        ("c0100700000000000000", &[(16, Withdraw)]), // EXTENDED_COMMUNITIES length 7
        ("c0190800000000 00000000", &[(25, Withdraw)]), // IPv6 ext. communities length 8
        ("801a03010003", &[(26, Discard)]),   // AIGP TLV shorter than its header
        ("c0200400000001", &[(32, Withdraw)]), // LARGE_COMMUNITIES length 4
        ("c028050100020000", &[(40, Discard)]), // Prefix-SID Label-Index length 2
        ("c0110102", &[(17, Discard)]),       // AS4_PATH underrun (ignored: no AS_PATH)
        ("c0120401020304", &[(18, Discard)]), // AS4_AGGREGATOR length 4
        // Duplicates: the first is kept, later ones discarded.
        ("40010100 40010101", &[(1, Discard)]),
        // RFC 7606 §4: attribute length past the field, and a header cut short.
        ("c0080800000001", &[(8, Withdraw)]),
        ("40010100 40", &[(0, Withdraw)]),
        ("40010100 5001", &[(1, Withdraw)]),
    ];
    for (text, expected) in cases {
        let negotiated = if text.starts_with("c011") || text.starts_with("c012") {
            two_octet()
        } else {
            four_octet()
        };
        let (_, problems) = decode_text(text, &negotiated)
            .unwrap_or_else(|error| panic!("{text}: unexpected reset {error}"));
        let actions: Vec<(u8, ErrorAction)> = problems
            .iter()
            .map(|problem| (problem.type_code, problem.action))
            .collect();
        assert_eq!(&actions[..], *expected, "{text}");
    }
}

#[test]
fn rfc_7606_outcome_details() {
    let bytes = hex("40010100 c0080800000001");
    let decoded = decode(&bytes, &four_octet()).unwrap();
    assert_eq!(
        decoded.problems,
        [AttributeProblem {
            type_code: 8,
            action: ErrorAction::TreatAsWithdraw,
            detail: "attribute 8 length 8 runs past the 4 octet(s) left".into(),
        }]
    );
    // The attributes before the broken one are kept.
    assert_eq!(decoded.attributes.origin, Some(Origin::Igp));
    assert!(decoded.treat_as_withdraw());
    // A duplicate keeps the first value.
    let (attributes, _) = decode_text("40010100 40010102", &four_octet()).unwrap();
    assert_eq!(attributes.origin, Some(Origin::Igp));
    // Unknown optional non-transitive attributes are kept as received.
    let (attributes, _) = decode_text("80c90101", &four_octet()).unwrap();
    assert_eq!(
        attributes.unknown,
        [UnknownAttribute {
            flags: 0x80,
            type_code: 0xc9,
            value: vec![1]
        }]
    );
}

#[test]
fn session_resets() {
    let cases: &[(&str, u8, &str)] = &[
        // RFC 7606 §3 (g): MP_REACH_NLRI twice.
        ("800e0100 800e0100", subcode::MALFORMED_ATTRIBUTE_LIST, ""),
        ("800f0100 800f0100", subcode::MALFORMED_ATTRIBUTE_LIST, ""),
        // RFC 4271 §6.3: unrecognized well-known attribute, with the attribute as data.
        (
            "40c90101",
            subcode::UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
            "40c90101",
        ),
        // MP_REACH_NLRI flagged transitive: it cannot be trusted, RFC 7606 §5.3.
        ("c00e0100", subcode::ATTRIBUTE_FLAGS_ERROR, "c00e0100"),
        // MP_UNREACH_NLRI running past the field: its NLRI cannot be located.
        ("800f0500", subcode::MALFORMED_ATTRIBUTE_LIST, ""),
    ];
    for (text, expected_subcode, data) in cases {
        let error = decode(&hex(text), &four_octet()).unwrap_err();
        assert_eq!(
            (error.code, error.subcode),
            (3, *expected_subcode),
            "{text}"
        );
        assert_eq!(error.data, hex(data), "{text}");
    }
}

fn as_path_strategy(asn4: bool) -> impl Strategy<Value = AsPath> {
    use as_path::tests::segment_strategy;
    if asn4 {
        proptest::collection::vec(segment_strategy(true, true), 0..4)
            .prop_map(|segments| AsPath { segments })
            .boxed()
    } else {
        // On a 2-octet session confederation segments only lead the path and hold 2-octet
        // numbers (RFC 6793 §4.2.3 can only put them back there).
        (
            proptest::collection::vec(segment_strategy(false, true), 0..2),
            proptest::collection::vec(segment_strategy(true, false), 0..4),
        )
            .prop_map(|(leading, rest)| {
                let leading = leading.into_iter().map(|mut segment| {
                    if !segment.kind.is_confederation() {
                        segment.kind = SegmentKind::ConfederationSequence;
                    }
                    segment
                });
                AsPath {
                    segments: leading.chain(rest).collect(),
                }
            })
            .boxed()
    }
}

fn unknown_strategy() -> impl Strategy<Value = Vec<UnknownAttribute>> {
    proptest::collection::btree_map(
        any::<u8>().prop_filter("not typed here", |code| rfc7606::rule_for(*code).is_none()),
        (
            any::<bool>(),
            proptest::collection::vec(any::<u8>(), 0..300),
        ),
        0..3,
    )
    .prop_map(|map: BTreeMap<u8, (bool, Vec<u8>)>| {
        map.into_iter()
            .map(|(type_code, (transitive, value))| UnknownAttribute {
                flags: if transitive { 0xe0 } else { 0x80 },
                type_code,
                value,
            })
            .collect()
    })
}

pub(crate) fn attributes_strategy(asn4: bool) -> impl Strategy<Value = Attributes> {
    let ipv4 = || any::<u32>().prop_map(Ipv4Addr::from);
    let first = (
        proptest::option::of(prop_oneof![
            Just(Origin::Igp),
            Just(Origin::Egp),
            Just(Origin::Incomplete)
        ]),
        proptest::option::of(as_path_strategy(asn4)),
        proptest::option::of(ipv4()),
        proptest::option::of(any::<u32>()),
        proptest::option::of(any::<u32>()),
        any::<bool>(),
        proptest::option::of(
            (any::<u32>(), ipv4()).prop_map(|(asn, address)| Aggregator { asn, address }),
        ),
        proptest::collection::vec(any::<u32>().prop_map(Community), 0..80),
    );
    let second = (
        proptest::option::of(ipv4()),
        proptest::collection::vec(ipv4(), 0..4),
        proptest::collection::vec(
            any::<[u8; 8]>().prop_map(ExtendedCommunity::from_bytes),
            0..4,
        ),
        proptest::collection::vec(any::<[u8; 20]>().prop_map(Ipv6ExtendedCommunity), 0..3),
        proptest::option::of(any::<u64>().prop_map(|metric| Aigp { metric })),
        proptest::collection::vec(
            any::<(u32, u32, u32)>().prop_map(|(a, b, c)| LargeCommunity {
                global_administrator: a,
                local_data_part_1: b,
                local_data_part_2: c,
            }),
            0..4,
        ),
        proptest::option::of(prefix_sid::tests::prefix_sid_strategy()),
        unknown_strategy(),
        proptest::option::of(
            (
                any::<u8>(),
                any::<u8>(),
                0u32..=0xFF_FFFF,
                proptest::collection::vec(any::<u8>(), 0..20),
            )
                .prop_map(|(flags, tunnel_type, raw, tunnel_identifier)| PmsiTunnel {
                    flags,
                    tunnel_type,
                    label: crate::wire::nlri::Label::from_raw(raw),
                    tunnel_identifier,
                }),
        ),
    );
    (first, second).prop_map(
        |(
            (
                origin,
                as_path,
                next_hop,
                med,
                local_preference,
                atomic_aggregate,
                aggregator,
                communities,
            ),
            (
                originator_id,
                cluster_list,
                extended_communities,
                ipv6_extended_communities,
                aigp,
                large_communities,
                prefix_sid,
                unknown,
                pmsi_tunnel,
            ),
        )| Attributes {
            origin,
            as_path,
            next_hop,
            med,
            local_preference,
            atomic_aggregate,
            aggregator,
            communities,
            originator_id,
            cluster_list,
            extended_communities,
            ipv6_extended_communities,
            aigp,
            large_communities,
            prefix_sid,
            unknown,
            pmsi_tunnel,
        },
    )
}

proptest! {
    #[test]
    fn round_trip_four_octet(value in attributes_strategy(true)) {
        let bytes = encoded(&value, &four_octet());
        let decoded = decode(&bytes, &four_octet()).unwrap();
        prop_assert_eq!(decoded.problems, vec![]);
        prop_assert_eq!(decoded.attributes, value);
    }

    #[test]
    fn round_trip_two_octet(value in attributes_strategy(false)) {
        let bytes = encoded(&value, &two_octet());
        let decoded = decode(&bytes, &two_octet()).unwrap();
        prop_assert_eq!(decoded.problems, vec![]);
        prop_assert_eq!(decoded.attributes, value);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = decode(&bytes, &four_octet());
        let _ = decode(&bytes, &two_octet());
    }

    #[test]
    fn mutated_valid_bytes_never_panic(
        value in attributes_strategy(true),
        position in any::<usize>(),
        byte in any::<u8>(),
    ) {
        let mut bytes = encoded(&value, &four_octet());
        if !bytes.is_empty() {
            let index = position % bytes.len();
            bytes[index] = byte;
        }
        let _ = decode(&bytes, &four_octet());
        let _ = decode(&bytes, &two_octet());
    }
}

#[test]
fn aigp_is_ignored_and_not_sent_where_the_session_has_no_aigp() {
    let without_aigp = Negotiated {
        asn4: true,
        ..Negotiated::default()
    };
    // ORIGIN igp, then AIGP with one AIGP TLV (type 1, length 11, metric 150).
    let bytes = [
        0x40, 1, 1, 0, 0x80, 26, 11, 1, 0, 11, 0, 0, 0, 0, 0, 0, 0, 150,
    ];
    let decoded = super::decode(&bytes, &without_aigp).expect("no reset");
    assert_eq!(decoded.attributes.aigp, None);
    assert!(decoded.problems.is_empty(), "{:?}", decoded.problems);
    let with_aigp = super::decode(&bytes, &four_octet()).expect("no reset");
    assert_eq!(with_aigp.attributes.aigp, Some(Aigp { metric: 150 }));
    assert_eq!(
        encoded(&with_aigp.attributes, &without_aigp),
        vec![0x40, 1, 1, 0]
    );
    assert_eq!(
        encoded(&with_aigp.attributes, &four_octet()),
        bytes.to_vec()
    );
}

#[test]
fn pmsi_tunnel_is_typed_and_a_short_one_is_discarded() {
    // ORIGIN igp, then PMSI_TUNNEL: ingress replication, label 187 (VNI 3001), 10.28.0.2.
    let bytes = [
        0x40, 1, 1, 0, 0xc0, 22, 9, 0, 6, 0, 0x0b, 0xb9, 10, 28, 0, 2,
    ];
    let decoded = decode(&bytes, &four_octet()).expect("no reset");
    let pmsi = decoded.attributes.pmsi_tunnel.as_ref().expect("typed");
    assert_eq!(
        pmsi.exabgp_string(),
        "pmsi:ingressreplication:0:187(3001):10.28.0.2"
    );
    assert!(decoded.attributes.unknown.is_empty());
    assert_eq!(encoded(&decoded.attributes, &four_octet()), bytes.to_vec());

    let short = [0x40, 1, 1, 0, 0xc0, 22, 2, 0, 6];
    let decoded = decode(&short, &four_octet()).expect("no reset");
    assert_eq!(decoded.attributes.pmsi_tunnel, None);
    assert_eq!(decoded.problems.len(), 1);
    assert_eq!(decoded.problems[0].type_code, 22);
    assert_eq!(decoded.problems[0].action, ErrorAction::AttributeDiscard);
}
