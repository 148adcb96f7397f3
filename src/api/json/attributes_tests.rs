//! Unit tests of the attribute members; whole lines against ExaBGP are in `update_tests.rs`.

use super::*;
use crate::wire::attribute::{
    Aggregator, Aigp, AsPathSegment, ExtendedCommunity, Ipv6ExtendedCommunity, Origin, SrgbRange,
    UnknownAttribute,
};
use crate::wire::negotiated::Negotiated;
use proptest::prelude::*;

fn path(segments: &[(SegmentKind, &[u32])]) -> AsPath {
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

fn problem(type_code: u8, action: ErrorAction) -> AttributeProblem {
    AttributeProblem {
        type_code,
        action,
        detail: String::new(),
    }
}

#[test]
fn nothing_renders_as_nothing() {
    for version in [JsonVersion::V4, JsonVersion::V5] {
        assert_eq!(attributes(version, &Attributes::default(), &[]), "");
        // An empty AS_PATH and NEXT_HOP have no key (ExaBGP keeps no empty AS_PATH).
        let only = Attributes {
            as_path: Some(AsPath::default()),
            next_hop: Some("10.0.0.1".parse().expect("address")),
            ..Attributes::default()
        };
        assert_eq!(attributes(version, &only, &[]), "");
    }
}

#[test]
fn as_path_forms() {
    use SegmentKind::*;
    let value = Attributes {
        as_path: Some(path(&[
            (ConfederationSet, &[7]),
            (Set, &[3, 2]),
            (Sequence, &[1]),
            (Set, &[4]),
        ])),
        ..Attributes::default()
    };
    assert_eq!(
        attributes(JsonVersion::V5, &value, &[]),
        r#""as-path": {"0": {"element": "as-sequence", "value": [7]}, "1": {"element": "as-set", "value": [3, 2]}, "2": {"element": "as-sequence", "value": [1]}, "3": {"element": "as-set", "value": [4]}}"#
    );
    assert_eq!(
        attributes(JsonVersion::V4, &value, &[]),
        r#""as-path": [ 1 ], "as-set": [ 3, 2, 4 ], "confederation-path": [], "confederation-set": [ 7 ]"#
    );
    let sets_only = Attributes {
        as_path: Some(path(&[(Set, &[1])])),
        ..Attributes::default()
    };
    assert_eq!(
        attributes(JsonVersion::V4, &sets_only, &[]),
        r#""as-path": [], "as-set": [ 1 ], "confederation-path": []"#
    );
}

#[test]
fn community_lists_are_sorted_in_5_and_kept_in_4() {
    let value = Attributes {
        origin: Some(Origin::Egp),
        aggregator: Some(Aggregator {
            asn: 4_200_000_000,
            address: "10.0.0.1".parse().expect("address"),
        }),
        communities: vec![Community(0xffff_ff01), Community(0x000a_0001)],
        extended_communities: vec![
            ExtendedCommunity::from_bytes([0x80, 6, 0, 0, 0, 0, 0, 0]),
            ExtendedCommunity::from_bytes([0, 2, 0xfd, 0xe9, 0, 0, 0, 10]),
        ],
        ipv6_extended_communities: vec![
            Ipv6ExtendedCommunity([0x40; 20]),
            Ipv6ExtendedCommunity([0; 20]),
        ],
        aigp: Some(Aigp { metric: 10 }),
        large_communities: vec![
            LargeCommunity {
                global_administrator: 3,
                local_data_part_1: 1,
                local_data_part_2: 1,
            },
            LargeCommunity {
                global_administrator: 1,
                local_data_part_1: 2,
                local_data_part_2: 3,
            },
            LargeCommunity {
                global_administrator: 3,
                local_data_part_1: 1,
                local_data_part_2: 1,
            },
        ],
        ..Attributes::default()
    };
    assert_eq!(
        attributes(JsonVersion::V5, &value, &[]),
        concat!(
            r#""origin": "egp", "aggregator": "4200000000:10.0.0.1", "community": [ [ 10, 1 ], [ 65535, 65281 ] ], "#,
            r#""extended-community": [ { "value": 842127122628618, "string": "target:65001:10" }, { "value": 9225060886715039744, "string": "rate-limit:0" } ], "#,
            r#""extended-community-ipv6": [ { "value": 0, "string": "" }, { "value": 366808254075207006921709134485655346109724246080, "string": "" } ], "#,
            r#""aigp": "0x000000000000000a", "large-community": [ [ 1, 2 , 3 ], [ 3, 1 , 1 ] ]"#
        )
    );
    assert_eq!(
        attributes(JsonVersion::V4, &value, &[]),
        concat!(
            r#""origin": "egp", "aggregator": "4200000000:10.0.0.1", "community": [ [ 65535, 65281 ], [ 10, 1 ] ], "#,
            r#""extended-community": [ { "value": 9225060886715039744, "string": "rate-limit:0" }, { "value": 842127122628618, "string": "target:65001:10" } ], "#,
            r#""extended-community-ipv6": [ { "value": 366808254075207006921709134485655346109724246080, "string": "" }, { "value": 0, "string": "" } ], "#,
            r#""aigp": "0x000000000000000a", "large-community": [ [ 3, 1 , 1 ], [ 1, 2 , 3 ] ]"#
        )
    );
}

#[test]
fn prefix_sid_tlvs() {
    let value = Attributes {
        prefix_sid: Some(PrefixSid {
            tlvs: vec![
                PrefixSidTlv::Other {
                    tlv_type: prefix_sid_tlv::LABEL_INDEX,
                    value: vec![1, 0, 0, 0, 0, 1, 0x2c],
                },
                PrefixSidTlv::LabelIndex {
                    flags: 0,
                    label_index: 5,
                },
                PrefixSidTlv::OriginatorSrgb {
                    flags: 0,
                    ranges: vec![SrgbRange {
                        base: 16000,
                        range: 100,
                    }],
                },
                PrefixSidTlv::OriginatorSrgb {
                    flags: 0,
                    ranges: vec![],
                },
                PrefixSidTlv::Other {
                    tlv_type: 5,
                    value: vec![0, 0xab],
                },
            ],
        }),
        ..Attributes::default()
    };
    assert_eq!(
        attributes(JsonVersion::V4, &value, &[]),
        r#""bgp-prefix-sid": { "sr-label-index": 300, "sr-srgbs": [[16000, 100]], "attribute-not-implemented-5": "0x00AB" }"#
    );
}

#[test]
fn unknown_attributes_only_transitive_ones_in_code_order() {
    let value = Attributes {
        med: Some(0),
        unknown: vec![
            UnknownAttribute::received(0xc0, 3, &[]),
            UnknownAttribute::received(0x80, 0xc9, &[1]),
            UnknownAttribute::received(0xc0, 0xca, &[0xaa, 0xbb]),
        ],
        ..Attributes::default()
    };
    assert_eq!(
        attributes(JsonVersion::V5, &value, &[]),
        r#""attribute-0x03-0xE0": "0x", "med": 0, "attribute-0xCA-0xE0": "0xaabb""#
    );
}

#[test]
fn pmsi_tunnel_shows_as_exabgp_does() {
    // The attribute of tests/corpus/gobgp/ebgp-21-update-l2vpn-evpn.txt, where `exabgp decode`
    // printed "pmsi": "pmsi:ingressreplication:0:187(3001):10.28.0.2" after the extended
    // communities.
    let value = Attributes {
        extended_communities: vec![ExtendedCommunity::TrafficMarking { dscp: 46 }],
        pmsi_tunnel: Some(
            crate::wire::attribute::PmsiTunnel::decode(&[0, 6, 0, 0x0b, 0xb9, 10, 28, 0, 2])
                .expect("valid PMSI Tunnel"),
        ),
        ..Attributes::default()
    };
    let line = attributes(JsonVersion::V5, &value, &[]);
    assert!(
        line.ends_with(r#", "pmsi": "pmsi:ingressreplication:0:187(3001):10.28.0.2""#),
        "{line}"
    );
}

#[test]
fn error_marker() {
    let kept_med = Attributes {
        med: Some(10),
        ..Attributes::default()
    };
    let table: &[(&[AttributeProblem], &str)] = &[
        // a repeated MED whose first copy is kept: ExaBGP says nothing
        (
            &[problem(
                code::MULTI_EXIT_DISC,
                ErrorAction::AttributeDiscard,
            )],
            r#""med": 10"#,
        ),
        (
            &[problem(code::AGGREGATOR, ErrorAction::AttributeDiscard)],
            r#""med": 10, "error": "discard""#,
        ),
        (
            &[
                problem(code::AGGREGATOR, ErrorAction::AttributeDiscard),
                problem(code::COMMUNITIES, ErrorAction::TreatAsWithdraw),
            ],
            r#""med": 10, "error": "treat-as-withdraw""#,
        ),
    ];
    for (problems, expected) in table {
        assert_eq!(attributes(JsonVersion::V5, &kept_med, problems), *expected);
    }
}

proptest! {
    #[test]
    fn decoded_attributes_render_valid_json(
        bytes in proptest::collection::vec(any::<u8>(), 0..120),
        asn4: bool,
    ) {
        let negotiated = Negotiated { asn4, ..Negotiated::default() };
        if let Ok(decoded) = crate::wire::attribute::decode(&bytes, &negotiated) {
            for version in [JsonVersion::V4, JsonVersion::V5] {
                let text = format!(
                    "{{ {} }}",
                    attributes(version, &decoded.attributes, &decoded.problems)
                );
                let parsed: Result<serde_json::Value, _> = serde_json::from_str(&text);
                prop_assert!(parsed.is_ok(), "{}", text);
            }
        }
    }
}
