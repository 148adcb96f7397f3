//! Bytes decoded by ExaBGP 5.0.15 (`exabgp decode <full UPDATE hex>`) and what it printed,
//! checked against our decoders and ExaBGP renderings.
//!
//! Test-only. Each MP_REACH_NLRI value below is the value of attribute 14 in an UPDATE built
//! as ORIGIN igp + empty AS_PATH + that attribute; the comment quotes ExaBGP's JSON.

use super::{MpReach, MpUnreach, NextHop, Nlri, label_stack_json, label_stack_text};
use crate::wire::family::{Afi, Family, Safi};
use crate::wire::negotiated::Negotiated;
use std::net::Ipv4Addr;

fn bytes(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|index| u8::from_str_radix(&hex[index..index + 2], 16).expect("hex"))
        .collect()
}

fn reach(hex: &str) -> MpReach {
    MpReach::decode(&bytes(hex), &Negotiated::default()).expect("ExaBGP decoded it")
}

/// Re-encoding gives back the bytes ExaBGP read.
fn assert_round_trip(hex: &str, value: &MpReach) {
    let mut out = Vec::new();
    value.encode_value(&Negotiated::default(), &mut out);
    assert_eq!(out, bytes(hex));
}

#[test]
fn labelled_unicast() {
    // "ipv4 nlri-mpls": {"1.2.3.4": [{"nlri": "10.0.0.0/24", "label": [[100]]},
    //                                {"nlri": "10.0.1.0/24", "label": [[100], [200]]}]}
    let hex = "000104040102030400300006410a000048000640000c810a0001";
    let value = reach(hex);
    assert_eq!(value.next_hop, NextHop::Ipv4(Ipv4Addr::new(1, 2, 3, 4)));
    let rendered: Vec<(String, String, String)> = value
        .nlri
        .iter()
        .map(|nlri| match nlri {
            Nlri::Labelled(nlri) => (
                nlri.prefix.to_string(),
                label_stack_json(&nlri.labels),
                label_stack_text(&nlri.labels),
            ),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        rendered,
        [
            (
                "10.0.0.0/24".to_string(),
                "\"label\": [ [100] ]".to_string(),
                " label 100".to_string()
            ),
            (
                "10.0.1.0/24".to_string(),
                "\"label\": [ [100], [200] ]".to_string(),
                " label [ 100 200 ]".to_string()
            ),
        ]
    );
    assert_round_trip(hex, &value);
}

#[test]
fn labelled_withdrawal_with_compatibility_label() {
    // ffffffffffffffffffffffffffffffff0025020000000e800f0b000104388000000a000001
    // "withdraw": {"ipv4 nlri-mpls": [{"nlri": "10.0.0.1/32", "label": [[524288]]}]}
    let value = MpUnreach::decode(&bytes("000104388000000a000001"), &Negotiated::default())
        .expect("decodes");
    match value.nlri.as_slice() {
        [Nlri::Labelled(nlri)] => {
            assert_eq!(nlri.prefix.to_string(), "10.0.0.1/32");
            assert_eq!(label_stack_json(&nlri.labels), "\"label\": [ [524288] ]");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn mpls_vpn() {
    // ffffffffffffffffffffffffffffffff005f020000004840010100400200800e3e + value:
    // "ipv4 mpls-vpn": {"1.2.3.4": [
    //   {"nlri": "10.0.0.0/24", "label": [[100]], "rd": "65001:1"},
    //   {"nlri": "10.0.1.0/24", "label": [[100]], "rd": "4200000000:1"},
    //   {"nlri": "10.0.2.0/24", "label": [[100]], "rd": "1.2.3.4:5"}]}
    let hex = "0001800c00000000000000000102030400700006410000fde9000000010a0000700006410002fa56ea0000010a00017000064100010102030400050a0002";
    let value = reach(hex);
    assert_eq!(value.family, Family::new(Afi::Ipv4, Safi::MplsVpn));
    assert_eq!(value.next_hop, NextHop::Ipv4(Ipv4Addr::new(1, 2, 3, 4)));
    let rendered: Vec<(String, String)> = value
        .nlri
        .iter()
        .map(|nlri| match nlri {
            Nlri::Vpn(nlri) => (
                nlri.prefix.to_string(),
                nlri.route_distinguisher.to_string(),
            ),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        rendered,
        [
            ("10.0.0.0/24".to_string(), "65001:1".to_string()),
            ("10.0.1.0/24".to_string(), "4200000000:1".to_string()),
            ("10.0.2.0/24".to_string(), "1.2.3.4:5".to_string()),
        ]
    );
    assert_round_trip(hex, &value);
}

#[test]
fn vpls() {
    // "l2vpn vpls": {"1.2.3.4": [{"rd": "1.2.3.4:5", "endpoint": 3, "base": 262145,
    //                             "offset": 1, "size": 8}]}
    let hex = "00194104010203040000110001010203040005000300010008400011";
    let value = reach(hex);
    match value.nlri.as_slice() {
        [Nlri::Vpls(nlri)] => assert_eq!(
            nlri.exabgp_text(),
            "vpls rd 1.2.3.4:5 endpoint 3 base 262145 offset 1 size 8"
        ),
        other => panic!("unexpected {other:?}"),
    }
    assert_round_trip(hex, &value);
}

/// (flow NLRI hex as it follows the 0-length next hop, ExaBGP's "string", its JSON rules)
/// ExaBGP's JSON rules of one flow: (component name, values).
type Rules = &'static [(&'static str, &'static [&'static str])];

const FLOWS: &[(Afi, &str, &str, Rules)] = &[
    (
        Afi::Ipv6,
        "1e016840123456789a02200020010db80381110b812e0c80020da100012345",
        "flow destination-ipv6 ::1234:5678:9a00:0/104/64 source-ipv6 2001:db8::/32/0 \
         next-header =udp traffic-class =46 fragment is-fragment flow-label =74565",
        &[
            ("destination-ipv6", &["::1234:5678:9a00:0/104/64"]),
            ("source-ipv6", &["2001:db8::/32/0"]),
            ("next-header", &["=udp"]),
            ("traffic-class", &["=46"]),
            ("fragment", &["is-fragment"]),
            ("flow-label", &["=74565"]),
        ],
    ),
    (
        Afi::Ipv4,
        "240118c00002030106811104030054ff07810808810009011280020a9205dc0b812e0c8109",
        "flow destination-ipv4 192.0.2.0/24 protocol [ =tcp =udp ] port [ >=0&<65287 =8 ] \
         icmp-code =0 tcp-flags [ =syn+ack syn ] packet-length >1500 dscp =46 \
         fragment =dont-fragment+last-fragment",
        &[
            ("destination-ipv4", &["192.0.2.0/24"]),
            ("protocol", &["=tcp", "=udp"]),
            ("port", &[">=0&<65287", "=8"]),
            ("icmp-code", &["=0"]),
            ("tcp-flags", &["=syn+ack", "syn"]),
            ("packet-length", &[">1500"]),
            ("dscp", &["=46"]),
            ("fragment", &["=dont-fragment+last-fragment"]),
        ],
    ),
    (
        Afi::Ipv4,
        "0a090112400480020c8000",
        "flow tcp-flags [ =syn+ack&rst syn ] fragment ",
        &[("tcp-flags", &["=syn+ack&rst", "syn"]), ("fragment", &[""])],
    ),
    (
        Afi::Ipv4,
        "080387060541508050",
        "flow protocol true destination-port [ =80 false ]",
        &[
            ("protocol", &["true"]),
            ("destination-port", &["=80", "false"]),
        ],
    ),
];

#[test]
fn flowspec_renders_as_exabgp() {
    for (afi, nlri_hex, text, rules) in FLOWS {
        let afi_hex = if *afi == Afi::Ipv6 { "0002" } else { "0001" };
        let hex = format!("{afi_hex}850000{nlri_hex}");
        let value = reach(&hex);
        let [Nlri::Flowspec(flow)] = value.nlri.as_slice() else {
            panic!("one flow expected in {nlri_hex}");
        };
        assert_eq!(flow.exabgp_text(), *text);
        let expected: Vec<(&str, Vec<String>)> = rules
            .iter()
            .map(|(name, values)| (*name, values.iter().map(|v| v.to_string()).collect()))
            .collect();
        assert_eq!(flow.exabgp_rules(), expected);
        // Not byte-for-byte: an AND bit on a first operator is dropped (RFC 8955 §4.2.1.1).
        let mut out = Vec::new();
        value.encode_value(&Negotiated::default(), &mut out);
        assert_eq!(MpReach::decode(&out, &Negotiated::default()), Ok(value));
    }
}

#[test]
fn flowspec_vpn() {
    // "ipv4 flow-vpn": {"no-nexthop": [{"destination-ipv4": ["10.0.0.0/8"], "rd": "65001:1",
    //                   "string": "flow destination-ipv4 10.0.0.0/8 rd 65001:1"}]}
    let hex = "00018600000b0000fde90000000101080a";
    let value = reach(hex);
    let [Nlri::Flowspec(flow)] = value.nlri.as_slice() else {
        panic!("one flow expected");
    };
    assert_eq!(
        flow.exabgp_text(),
        "flow destination-ipv4 10.0.0.0/8 rd 65001:1"
    );
    assert_round_trip(hex, &value);
}
