//! Tests of capability TLVs and Optional Parameters: byte tables both ways, malformed input,
//! property tests. Byte strings come from real OPENs (ExaBGP 5.0, BIRD 2.0.12, GoBGP 3.10,
//! FRR 8.4 captured on loopback) and were checked with `exabgp decode --open`.

use super::*;
use crate::wire::family::{Afi, Safi};
use crate::wire::header::test_support::hex;
use proptest::prelude::*;

fn tlv(capability: &Capability) -> Vec<u8> {
    let mut out = Vec::new();
    capability.encode(&mut out);
    out
}

#[test]
fn capability_tlvs_both_ways() {
    let table = vec![
        (
            "0104 00010001",
            Capability::Multiprotocol(Family::IPV4_UNICAST),
        ),
        (
            "0104 00020001",
            Capability::Multiprotocol(Family::IPV6_UNICAST),
        ),
        (
            "0104 00010085",
            Capability::Multiprotocol(Family::from_codes(1, 133)),
        ),
        ("0200", Capability::RouteRefresh),
        ("8000", Capability::RouteRefreshCisco),
        ("0600", Capability::ExtendedMessage),
        ("4600", Capability::EnhancedRouteRefresh),
        ("B900", Capability::Operational),
        ("4104 0000FDE9", Capability::FourOctetAs(65001)),
        // GoBGP with AS 4200000012.
        ("4104 FA56EA0C", Capability::FourOctetAs(4_200_000_012)),
        // BIRD: ipv4/unicast with an IPv6 next hop.
        (
            "0506 000100010002",
            Capability::ExtendedNextHop(vec![ExtendedNextHopEntry::new(
                Family::IPV4_UNICAST,
                Afi::Ipv6,
            )]),
        ),
        // GoBGP: ipv4/unicast and ipv4/flow with IPv6 next hops.
        (
            "050C 000100010002 000100850002",
            Capability::ExtendedNextHop(vec![
                ExtendedNextHopEntry::new(Family::IPV4_UNICAST, Afi::Ipv6),
                ExtendedNextHopEntry::new(Family::new(Afi::Ipv4, Safi::Flowspec), Afi::Ipv6),
            ]),
        ),
        // BIRD: restart time 120, no flags, ipv4 and ipv6 unicast without forwarding state.
        (
            "400A 0078 00010100 00020100",
            Capability::GracefulRestart(GracefulRestart {
                restart_flags: 0,
                restart_time: 120,
                families: vec![
                    GracefulRestartFamily {
                        family: Family::IPV4_UNICAST,
                        flags: 0,
                    },
                    GracefulRestartFamily {
                        family: Family::IPV6_UNICAST,
                        flags: 0,
                    },
                ],
            }),
        ),
        // FRR: R and N flags, time 120.
        (
            "4006 C078 00010180",
            Capability::GracefulRestart(GracefulRestart {
                restart_flags: 0xC,
                restart_time: 120,
                families: vec![GracefulRestartFamily {
                    family: Family::IPV4_UNICAST,
                    flags: 0x80,
                }],
            }),
        ),
        // GoBGP: time 90 and no families.
        (
            "4002 005A",
            Capability::GracefulRestart(GracefulRestart {
                restart_flags: 0,
                restart_time: 90,
                families: vec![],
            }),
        ),
        // BIRD: receive for ipv4/unicast, send for ipv6/unicast.
        (
            "4508 00010101 00020102",
            Capability::AddPath(vec![
                AddPathFamily::new(Family::IPV4_UNICAST, AddPathDirection::Receive),
                AddPathFamily::new(Family::IPV6_UNICAST, AddPathDirection::Send),
            ]),
        ),
        (
            "4504 00010103",
            Capability::AddPath(vec![AddPathFamily::new(
                Family::IPV4_UNICAST,
                AddPathDirection::Both,
            )]),
        ),
        // FRR's hostname capability.
        (
            "490A 086672727072 6F626500",
            Capability::Hostname(Hostname::new("frrprobe", "")),
        ),
        (
            "490F 02766D 0B6578616D706C652E6E6574",
            Capability::Hostname(Hostname::new("vm", "example.net")),
        ),
        (
            "4B0E 0D4578614247502F352E302E3135",
            Capability::SoftwareVersion("ExaBGP/5.0.15".into()),
        ),
        // BIRD's long-lived graceful restart, kept raw.
        (
            "470E 00010100000E1000020100000E10",
            Capability::LongLivedGracefulRestart(hex("00010100000E1000020100000E10")),
        ),
        ("4401 00", Capability::Multisession(vec![0])),
        (
            "0304 00010001",
            Capability::Unknown {
                code: 3,
                value: hex("00010001"),
            },
        ),
        (
            "8300",
            Capability::Unknown {
                code: 131,
                value: vec![],
            },
        ),
    ];
    for (bytes, value) in table {
        let bytes = hex(bytes);
        assert_eq!(
            Capability::decode_list(&bytes),
            Ok(vec![value.clone()]),
            "{value:?}"
        );
        assert_eq!(tlv(&value), bytes, "{value:?}");
    }
}

#[test]
fn lenient_decodings() {
    let cases = [
        // Empty capabilities ignore a value they should not have.
        ("0201 00", Capability::RouteRefresh),
        // An empty hostname value, and one without its domain part.
        ("4900", Capability::Hostname(Hostname::new("", ""))),
        ("4903 02766D", Capability::Hostname(Hostname::new("vm", ""))),
        // Invalid UTF-8 is replaced, not refused.
        ("4B02 01FF", Capability::SoftwareVersion("\u{FFFD}".into())),
        // An extended next hop entry with a SAFI above 255 is skipped.
        (
            "050C 000101010002 000100010002",
            Capability::ExtendedNextHop(vec![ExtendedNextHopEntry::new(
                Family::IPV4_UNICAST,
                Afi::Ipv6,
            )]),
        ),
        // An unknown ADD-PATH direction is kept.
        (
            "4504 00010107",
            Capability::AddPath(vec![AddPathFamily::new(
                Family::IPV4_UNICAST,
                AddPathDirection::Other(7),
            )]),
        ),
    ];
    for (bytes, value) in cases {
        assert_eq!(
            Capability::decode_list(&hex(bytes)),
            Ok(vec![value]),
            "{bytes}"
        );
    }
    assert_eq!(AddPathDirection::Both.name(), "send/receive");
    assert_eq!(AddPathDirection::Other(0).name(), "disabled");
    assert_eq!(AddPathDirection::Other(9).name(), "invalid (9)");
}

#[test]
fn malformed_capabilities_are_open_error_unspecific() {
    for bytes in [
        "0103 000100",     // multiprotocol too short
        "0105 0001000100", // multiprotocol too long
        "4102 FDE9",       // 4-octet AS too short
        "4001 00",         // graceful restart header cut
        "4004 00780001",   // graceful restart partial family
        "4503 000101",     // ADD-PATH partial entry
        "0504 00010001",   // extended next hop partial entry
        "4905 09766D",     // host name longer than the value
        "4904 02766D05",   // domain name longer than the value
        "4B00",            // software version without length
        "4B02 0541",       // software version longer than the value
        "0204",            // TLV longer than the parameter
        "02",              // TLV without length
    ] {
        let error = Capability::decode_list(&hex(bytes)).unwrap_err();
        assert_eq!(
            (error.code, error.subcode, error.data),
            (2, 0, vec![]),
            "{bytes}"
        );
    }
}

#[test]
fn long_values_are_cut_to_fit() {
    let hostname = Hostname::new("h".repeat(300), "d".repeat(300));
    let bytes = tlv(&Capability::Hostname(hostname));
    assert_eq!(bytes.len(), 2 + 255);
    assert_eq!(bytes[1], 255);
    let decoded = Capability::decode_list(&bytes);
    let Ok([Capability::Hostname(decoded)]) = decoded.as_deref() else {
        panic!("hostname did not decode");
    };
    assert_eq!(decoded.host_name, "h".repeat(253));
    assert_eq!(decoded.domain_name, "");

    let families: Vec<AddPathFamily> = (0..100)
        .map(|afi| AddPathFamily::new(Family::from_codes(afi, 1), AddPathDirection::Both))
        .collect();
    let bytes = tlv(&Capability::AddPath(families.clone()));
    assert_eq!(bytes[1], 252);
    assert_eq!(
        Capability::decode_list(&bytes),
        Ok(vec![Capability::AddPath(families[..63].to_vec())])
    );
}

#[test]
fn optional_parameters_both_ways() {
    let exabgp = hex("14 0206010400010001 020641040000FDE9 02020600");
    let capabilities = vec![
        Capability::Multiprotocol(Family::IPV4_UNICAST),
        Capability::FourOctetAs(65001),
        Capability::ExtendedMessage,
    ];
    assert_eq!(
        decode_optional_parameters(&exabgp),
        Ok(capabilities.clone())
    );
    let mut out = Vec::new();
    encode_optional_parameters(&capabilities, &mut out);
    assert_eq!(out, exabgp);

    // No parameters.
    assert_eq!(decode_optional_parameters(&[0]), Ok(vec![]));
    let mut out = Vec::new();
    encode_optional_parameters(&[], &mut out);
    assert_eq!(out, [0]);

    // Several capabilities in one parameter (as BIRD and GoBGP send them).
    assert_eq!(
        decode_optional_parameters(&hex("0A 0208 0200 4104 0000FDE9")),
        Ok(vec![
            Capability::RouteRefresh,
            Capability::FourOctetAs(65001)
        ])
    );
    // Two parameters of several capabilities each.
    assert_eq!(
        decode_optional_parameters(&hex("08 02020200 02020600")),
        Ok(vec![Capability::RouteRefresh, Capability::ExtendedMessage])
    );

    // RFC 9072 extended form, checked with ExaBGP's Capabilities.unpack.
    let extended = hex("FF FF 0009 02 0006 010400010001");
    assert_eq!(
        decode_optional_parameters(&extended),
        Ok(vec![Capability::Multiprotocol(Family::IPV4_UNICAST)])
    );
}

#[test]
fn extended_form_only_when_needed() {
    // 42 multiprotocol parameters of 8 octets: 336 > 255.
    let many: Vec<Capability> = (0..42u16)
        .map(|afi| Capability::Multiprotocol(Family::from_codes(afi, 1)))
        .collect();
    let mut out = Vec::new();
    encode_optional_parameters(&many, &mut out);
    assert_eq!(&out[..4], &[0xFF, 0xFF, 0x01, 0x7A]); // 42 * 9 = 378
    assert_eq!(&out[4..7], &[0x02, 0x00, 0x06]);
    assert_eq!(out.len(), 4 + 378);
    assert_eq!(decode_optional_parameters(&out), Ok(many.clone()));

    // 31 of them plus one route refresh: 31 * 8 + 4 = 252, the standard form.
    let mut fitting = many[..31].to_vec();
    fitting.push(Capability::RouteRefresh);
    let mut out = Vec::new();
    encode_optional_parameters(&fitting, &mut out);
    assert_eq!(out[0], 252);
    assert_eq!(decode_optional_parameters(&out), Ok(fitting));

    // 31 * 8 + 7 = 255 exactly: still standard (the first parameter type is 2, not 255).
    let mut exactly = many[..31].to_vec();
    exactly.push(Capability::Unknown {
        code: 200,
        value: vec![0, 0, 0],
    });
    let mut out = Vec::new();
    encode_optional_parameters(&exactly, &mut out);
    assert_eq!(&out[..2], &[0xFF, 0x02]);
    assert_eq!(decode_optional_parameters(&out), Ok(exactly));

    // 31 * 8 + 8 = 256: extended.
    let mut over = many[..32].to_vec();
    over.truncate(32);
    let mut out = Vec::new();
    encode_optional_parameters(&over, &mut out);
    assert_eq!(&out[..4], &[0xFF, 0xFF, 0x01, 0x20]); // 32 * 9 = 288
    assert_eq!(decode_optional_parameters(&out), Ok(over));
}

#[test]
fn optional_parameter_errors() {
    let cases: &[(&str, (u8, u8))] = &[
        // Unknown parameter types: 2/4 (type 1, deprecated authentication, included).
        ("04 01020000", (2, 4)),
        ("04 FF020000", (2, 4)),
        ("FF FF 0004 01 0001 00", (2, 4)),
        // Lengths that disagree with the message.
        ("05 02020200", (2, 0)),
        ("03 02020200", (2, 0)),
        ("04 02030200", (2, 0)),
        ("", (2, 0)),
        ("FF FF 00", (2, 0)),
        ("FF FF 0006 02 0002 0200", (2, 0)),
        ("FF FF 0004 02 0002 02", (2, 0)),
        // A malformed capability inside.
        ("04 02020201", (2, 0)),
    ];
    for (bytes, expected) in cases {
        let error = decode_optional_parameters(&hex(bytes)).unwrap_err();
        assert_eq!((error.code, error.subcode), *expected, "{bytes}");
    }
}

fn family_strategy() -> impl Strategy<Value = Family> {
    (any::<u16>(), any::<u8>()).prop_map(|(afi, safi)| Family::from_codes(afi, safi))
}

fn text_strategy() -> impl Strategy<Value = String> {
    "\\PC{0,30}"
}

/// Valid capabilities: every variant, values that fit their length fields.
pub(crate) fn capability_strategy() -> impl Strategy<Value = Capability> {
    let small_bytes = proptest::collection::vec(any::<u8>(), 0..40);
    prop_oneof![
        family_strategy().prop_map(Capability::Multiprotocol),
        Just(Capability::RouteRefresh),
        Just(Capability::RouteRefreshCisco),
        Just(Capability::ExtendedMessage),
        Just(Capability::EnhancedRouteRefresh),
        Just(Capability::Operational),
        any::<u32>().prop_map(Capability::FourOctetAs),
        proptest::collection::vec(
            (family_strategy(), any::<u16>()).prop_map(|(family, next_hop_afi)| {
                ExtendedNextHopEntry::new(family, Afi::from_code(next_hop_afi))
            }),
            0..10
        )
        .prop_map(Capability::ExtendedNextHop),
        (
            0u8..16,
            0u16..4096,
            proptest::collection::vec(
                (family_strategy(), any::<u8>())
                    .prop_map(|(family, flags)| GracefulRestartFamily { family, flags }),
                0..10
            )
        )
            .prop_map(|(restart_flags, restart_time, families)| {
                Capability::GracefulRestart(GracefulRestart {
                    restart_flags,
                    restart_time,
                    families,
                })
            }),
        proptest::collection::vec(
            (family_strategy(), any::<u8>()).prop_map(|(family, direction)| {
                AddPathFamily::new(family, AddPathDirection::from_code(direction))
            }),
            0..10
        )
        .prop_map(Capability::AddPath),
        small_bytes.clone().prop_map(Capability::Multisession),
        small_bytes
            .clone()
            .prop_map(Capability::LongLivedGracefulRestart),
        (text_strategy(), text_strategy())
            .prop_map(|(host, domain)| Capability::Hostname(Hostname::new(host, domain))),
        text_strategy().prop_map(Capability::SoftwareVersion),
        (any::<u8>(), small_bytes).prop_filter_map("kept raw", |(code, value)| {
            match Capability::decode(code, &value) {
                Ok(unknown @ Capability::Unknown { .. }) => Some(unknown),
                _ => None,
            }
        }),
    ]
}

proptest! {
    #[test]
    fn capability_round_trip(capabilities in proptest::collection::vec(capability_strategy(), 0..8)) {
        let mut bytes = Vec::new();
        for capability in &capabilities {
            capability.encode(&mut bytes);
        }
        prop_assert_eq!(Capability::decode_list(&bytes), Ok(capabilities.clone()));
        let mut parameters = Vec::new();
        encode_optional_parameters(&capabilities, &mut parameters);
        prop_assert_eq!(decode_optional_parameters(&parameters), Ok(capabilities));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = Capability::decode_list(&bytes);
        let _ = decode_optional_parameters(&bytes);
        if let Some((&code, value)) = bytes.split_first() {
            let _ = Capability::decode(code, value);
        }
    }
}
