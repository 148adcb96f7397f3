//! ExaBGP's JSON object for one NLRI of any family: the items of the lists under `"announce"`
//! and `"withdraw"` (exabgp-api reference §3.2).
//!
//! Pure rendering from decoded `wire::nlri` values; must not decode bytes nor decide where
//! an NLRI goes (that is `update.rs`). The 4.0.1 and 5.0.0 formats are the same for NLRI.
//!
//! Forms, checked against `exabgp decode` (5.0.15) and `exabgp --decode` (4.2.25):
//! - unicast, multicast: `{ "nlri": "10.0.0.0/24", "path-information": "0.0.0.1" }`;
//! - labelled: `{ "nlri": …, ["path-information": …, ]"label": [ [100], [200] ] }`;
//! - VPN: the labelled form then `"rd": "65001:1"`;
//! - flow: `{ "<component>": [ "<value>", … ], …, ["rd": …, ]["next-hop": …, ]"string": … }`
//!   (no path-information: ExaBGP never shows it for flow routes);
//! - VPLS: `{ "rd": …, "endpoint": 3, "base": 262145, "offset": 1, "size": 8 }`;
//! - EVPN: `{ "code": 3, "parsed": true, "raw": "0311…", "name": "Inclusive Multicast Ethernet
//!   Tag", "rd": …, "ethernet-tag": 0, "ip": "10.28.0.2" }` with the members of the route type
//!   (see [`evpn_object`]); `{ "code": 8, "parsed": false, "raw": "…" }` for other types; never
//!   path-information (ExaBGP does not show it for EVPN);
//! - a family ferrobgp does not parse: `{ "parsed": false, "raw": "0x…" }` (ferrobgp's own
//!   form, shaped like ExaBGP's unparsed EVPN/BGP-LS routes).

use super::envelope::JsonVersion;
use super::text::{hex, quote};
use crate::wire::nlri::evpn::{evpn_label_json, fields::address_bits};
use crate::wire::nlri::{EvpnRoute, FlowspecNlri, Nlri, label_stack_json};
use std::net::Ipv4Addr;

/// The JSON object of one NLRI, without a next hop.
///
/// `with_path_information`: ADD-PATH is negotiated for this family in the direction the
/// message travelled, so `"path-information"` is shown ("0.0.0.0" when the NLRI carries no
/// Path Identifier, as it would be sent). An NLRI that carries one shows it in any case.
pub fn nlri(version: JsonVersion, nlri: &Nlri, with_path_information: bool) -> String {
    nlri_with_next_hop(version, nlri, with_path_information, None)
}

/// [`nlri`] with the route's next hop, which only flow routes show inside the object
/// (`"next-hop": "10.0.0.1"` and " next-hop 10.0.0.1" at the end of `"string"`), as ExaBGP
/// does for a flow announced with a redirect-to-IP next hop.
pub fn nlri_with_next_hop(
    _version: JsonVersion,
    nlri: &Nlri,
    with_path_information: bool,
    next_hop: Option<&str>,
) -> String {
    let path_information = || -> Option<String> {
        let path_id = match (nlri.path_id(), with_path_information) {
            (Some(path_id), _) => path_id,
            (None, true) => 0,
            (None, false) => return None,
        };
        Some(format!(
            "\"path-information\": \"{}\"",
            Ipv4Addr::from(path_id)
        ))
    };
    match nlri {
        Nlri::Unicast(prefix) | Nlri::Multicast(prefix) => {
            prefix_object(&prefix.prefix.to_string(), path_information(), [])
        }
        Nlri::Labelled(labelled) => prefix_object(
            &labelled.prefix.to_string(),
            path_information(),
            [label_stack_json(&labelled.labels)],
        ),
        Nlri::Vpn(vpn) => prefix_object(
            &vpn.prefix.to_string(),
            path_information(),
            [
                label_stack_json(&vpn.labels),
                format!("\"rd\": \"{}\"", vpn.route_distinguisher),
            ],
        ),
        Nlri::Flowspec(flow) => flow_object(flow, next_hop),
        Nlri::Vpls(vpls) => format!(
            "{{ \"rd\": \"{}\", \"endpoint\": {}, \"base\": {}, \"offset\": {}, \"size\": {} }}",
            vpls.route_distinguisher, vpls.endpoint, vpls.base, vpls.offset, vpls.size
        ),
        Nlri::Evpn(evpn) => evpn_object(&evpn.route),
        Nlri::Unparsed(unparsed) => format!(
            "{{ \"parsed\": false, \"raw\": \"{}\" }}",
            hex(&unparsed.bytes)
        ),
    }
}

/// ExaBGP's object for an EVPN route: `"code"`, `"parsed"`, `"raw"` (the route's octets from
/// Route Type on, upper-case hexadecimal without "0x") and `"name"`, then by route type:
///
/// - 1: `"rd"`, `"esi"`, `"ethernet-tag"`, `"label"`;
/// - 2: `"rd"`, `"esi"`, `"ethernet-tag"`, `"mac"`, `"label"`, `"ip"` (when present);
/// - 3: `"rd"`, `"ethernet-tag"`, `"ip"`;
/// - 4: `"rd"`, `"esi"`, `"ip"`;
/// - 5: `"rd"`, `"esi"`, `"ethernet-tag"`, `"label"`, `"ip"`, `"iplen"`, `"gateway"`;
/// - others: `{ "code": 8, "parsed": false, "raw": "…" }`.
///
/// ESI "-" is the zero ESI; labels are `[label, whole 3-octet field]` (`[0]` when the field is
/// zero). ExaBGP shows only Label1 of a MAC/IP route; we show Label2 too when it is present.
pub fn evpn_object(route: &EvpnRoute) -> String {
    let raw: String = route
        .to_bytes()
        .iter()
        .map(|byte| format!("{byte:02X}"))
        .collect();
    let Some(name) = route.exabgp_name() else {
        return format!(
            "{{ \"code\": {}, \"parsed\": false, \"raw\": \"{raw}\" }}",
            route.route_type()
        );
    };
    let mut members = vec![
        format!("\"code\": {}", route.route_type()),
        "\"parsed\": true".to_string(),
        format!("\"raw\": \"{raw}\""),
        format!("\"name\": {}", quote(name)),
    ];
    let rd = |value: &dyn std::fmt::Display| format!("\"rd\": \"{value}\"");
    let esi = |value: &dyn std::fmt::Display| format!("\"esi\": \"{value}\"");
    let tag = |value: u32| format!("\"ethernet-tag\": {value}");
    let ip = |value: &dyn std::fmt::Display| format!("\"ip\": \"{value}\"");
    match route {
        EvpnRoute::EthernetAutoDiscovery(route) => members.extend([
            rd(&route.route_distinguisher),
            esi(&route.ethernet_segment),
            tag(route.ethernet_tag),
            evpn_label_json(&[route.label]),
        ]),
        EvpnRoute::MacIpAdvertisement(route) => {
            members.extend([
                rd(&route.route_distinguisher),
                esi(&route.ethernet_segment),
                tag(route.ethernet_tag),
                format!("\"mac\": \"{}\"", route.mac),
                evpn_label_json(&route.labels()),
            ]);
            members.extend(route.ip.as_ref().map(|address| ip(address)));
        }
        EvpnRoute::InclusiveMulticastEthernetTag(route) => members.extend([
            rd(&route.route_distinguisher),
            tag(route.ethernet_tag),
            ip(&route.originating_router),
        ]),
        EvpnRoute::EthernetSegment(route) => members.extend([
            rd(&route.route_distinguisher),
            esi(&route.ethernet_segment),
            ip(&route.originating_router),
        ]),
        EvpnRoute::IpPrefix(route) => members.extend([
            rd(&route.route_distinguisher),
            esi(&route.ethernet_segment),
            tag(route.ethernet_tag),
            evpn_label_json(&[route.label]),
            ip(&route.prefix),
            format!(
                "\"iplen\": {}",
                route.prefix_length.min(address_bits(&route.prefix))
            ),
            format!("\"gateway\": \"{}\"", route.gateway),
        ]),
        EvpnRoute::Unknown(_) => {}
    }
    members.retain(|member| !member.is_empty());
    format!("{{ {} }}", members.join(", "))
}

/// `{ "nlri": "<prefix>"[, <members>] }`; empty members are left out.
fn prefix_object<const N: usize>(
    prefix: &str,
    path_information: Option<String>,
    members: [String; N],
) -> String {
    let members: Vec<String> = path_information
        .into_iter()
        .chain(members)
        .filter(|member| !member.is_empty())
        .collect();
    if members.is_empty() {
        format!("{{ \"nlri\": \"{prefix}\" }}")
    } else {
        format!("{{ \"nlri\": \"{prefix}\", {} }}", members.join(", "))
    }
}

/// A flow route: its rules, RD, next hop and ExaBGP's one-line text.
fn flow_object(flow: &FlowspecNlri, next_hop: Option<&str>) -> String {
    let mut members: Vec<String> = flow
        .exabgp_rules()
        .into_iter()
        .map(|(name, values)| {
            let values: Vec<String> = values.iter().map(|value| quote(value)).collect();
            format!("\"{name}\": [ {} ]", values.join(", "))
        })
        .collect();
    if let Some(route_distinguisher) = &flow.route_distinguisher {
        members.push(format!("\"rd\": \"{route_distinguisher}\""));
    }
    let mut text = flow.exabgp_text();
    if let Some(next_hop) = next_hop {
        members.push(format!("\"next-hop\": {}", quote(next_hop)));
        text.push_str(" next-hop ");
        text.push_str(next_hop);
    }
    members.push(format!("\"string\": {}", quote(&text)));
    format!("{{ {} }}", members.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::family::{Afi, Family, Safi};
    use crate::wire::negotiated::Negotiated;
    use crate::wire::nlri::{
        Label, LabelledNlri, MpReach, MpUnreach, PrefixNlri, RouteDistinguisher, UnparsedNlri,
        VpnNlri,
    };
    use proptest::prelude::*;

    fn bytes(text: &str) -> Vec<u8> {
        let text: String = text.split_whitespace().collect();
        (0..text.len())
            .step_by(2)
            .map(|at| u8::from_str_radix(&text[at..at + 2], 16).expect("hex"))
            .collect()
    }

    fn reach(value: &str, add_path: bool) -> MpReach {
        let mut negotiated = Negotiated::default();
        if add_path {
            let family = Family::from_codes(
                u16::from_be_bytes([bytes(value)[0], bytes(value)[1]]),
                bytes(value)[2],
            );
            negotiated.add_path_receive.push(family);
        }
        MpReach::decode(&bytes(value), &negotiated).expect("ExaBGP decoded it")
    }

    fn rendered(list: &[Nlri], with_path_information: bool) -> Vec<String> {
        list.iter()
            .map(|item| nlri(JsonVersion::V5, item, with_path_information))
            .collect()
    }

    /// (MP_REACH_NLRI value, ADD-PATH, the NLRI objects `exabgp decode` printed for it).
    #[test]
    fn announced_nlri_match_exabgp() {
        let table: &[(&str, bool, &[&str])] = &[
            (
                "0001 02 04 0a000001 00 100a02",
                false,
                &[r#"{ "nlri": "10.2.0.0/16" }"#],
            ),
            (
                "0002 01 10 20010db8000000000000000000000001 00 2020010db8 3020010db80001",
                false,
                &[
                    r#"{ "nlri": "2001:db8::/32" }"#,
                    r#"{ "nlri": "2001:db8:1::/48" }"#,
                ],
            ),
            (
                "0002 01 10 20010db8000000000000000000000001 00 000000012020010db8",
                true,
                &[r#"{ "nlri": "2001:db8::/32", "path-information": "0.0.0.1" }"#],
            ),
            (
                "0001 04 04 01020304 00 300006410a0000 48000640000c810a0001",
                false,
                &[
                    r#"{ "nlri": "10.0.0.0/24", "label": [ [100] ] }"#,
                    r#"{ "nlri": "10.0.1.0/24", "label": [ [100], [200] ] }"#,
                ],
            ),
            (
                "0001 04 04 01020304 00 00000005300006410a0000",
                true,
                &[
                    r#"{ "nlri": "10.0.0.0/24", "path-information": "0.0.0.5", "label": [ [100] ] }"#,
                ],
            ),
            (
                "0001 80 0c 000000000000000001020304 00 700006410000fde9000000010a0000 \
                 700006410002fa56ea0000010a0001 7000064100010102030400050a0002",
                false,
                &[
                    r#"{ "nlri": "10.0.0.0/24", "label": [ [100] ], "rd": "65001:1" }"#,
                    r#"{ "nlri": "10.0.1.0/24", "label": [ [100] ], "rd": "4200000000:1" }"#,
                    r#"{ "nlri": "10.0.2.0/24", "label": [ [100] ], "rd": "1.2.3.4:5" }"#,
                ],
            ),
            (
                "0001 80 0c 000000000000000001020304 00 00000007700006410000fde9000000010a0000",
                true,
                &[
                    r#"{ "nlri": "10.0.0.0/24", "path-information": "0.0.0.7", "label": [ [100] ], "rd": "65001:1" }"#,
                ],
            ),
            (
                "0002 80 18 000000000000000020010db8000000000000000000000001 00 \
                 780006410000fde90000000120010db8",
                false,
                &[r#"{ "nlri": "2001:db8::/32", "label": [ [100] ], "rd": "65001:1" }"#],
            ),
            (
                "0019 41 04 01020304 00 0011 0001010203040005 0003 0001 0008 400011",
                false,
                &[
                    r#"{ "rd": "1.2.3.4:5", "endpoint": 3, "base": 262145, "offset": 1, "size": 8 }"#,
                ],
            ),
            (
                "0001 85 00 00 0a090112400480020c8000 080387060541508050",
                false,
                &[
                    r#"{ "tcp-flags": [ "=syn+ack&rst", "syn" ], "fragment": [ "" ], "string": "flow tcp-flags [ =syn+ack&rst syn ] fragment " }"#,
                    r#"{ "protocol": [ "true" ], "destination-port": [ "=80", "false" ], "string": "flow protocol true destination-port [ =80 false ]" }"#,
                ],
            ),
            (
                "0002 85 00 00 1e016840123456789a02200020010db80381110b812e0c80020da100012345",
                false,
                &[
                    r#"{ "destination-ipv6": [ "::1234:5678:9a00:0/104/64" ], "source-ipv6": [ "2001:db8::/32/0" ], "next-header": [ "=udp" ], "traffic-class": [ "=46" ], "fragment": [ "is-fragment" ], "flow-label": [ "=74565" ], "string": "flow destination-ipv6 ::1234:5678:9a00:0/104/64 source-ipv6 2001:db8::/32/0 next-header =udp traffic-class =46 fragment is-fragment flow-label =74565" }"#,
                ],
            ),
            (
                "0001 86 00 00 0b0000fde90000000101080a",
                false,
                &[
                    r#"{ "destination-ipv4": [ "10.0.0.0/8" ], "rd": "65001:1", "string": "flow destination-ipv4 10.0.0.0/8 rd 65001:1" }"#,
                ],
            ),
            (
                "0002 86 00 00 0f0000fde900000001012000 20010db8",
                false,
                &[
                    r#"{ "destination-ipv6": [ "2001:db8::/32/0" ], "rd": "65001:1", "string": "flow destination-ipv6 2001:db8::/32/0 rd 65001:1" }"#,
                ],
            ),
        ];
        for (value, add_path, expected) in table {
            let decoded = reach(value, *add_path);
            assert_eq!(rendered(&decoded.nlri, *add_path), *expected, "{value}");
        }
    }

    #[test]
    fn withdrawn_nlri_match_exabgp() {
        // (MP_UNREACH_NLRI value, what `exabgp decode` printed)
        let table: &[(&str, &str)] = &[
            (
                "0001 04 388000000a000001",
                r#"{ "nlri": "10.0.0.1/32", "label": [ [524288] ] }"#,
            ),
            (
                "0002 04 3800000120010db8",
                r#"{ "nlri": "2001:db8::/32", "label": [ [0] ] }"#,
            ),
            (
                "0001 80 708000000000fde9000000010a0000",
                r#"{ "nlri": "10.0.0.0/24", "label": [ [524288] ], "rd": "65001:1" }"#,
            ),
            (
                "0002 80 788000000000fde90000000120010db8",
                r#"{ "nlri": "2001:db8::/32", "label": [ [524288] ], "rd": "65001:1" }"#,
            ),
            (
                "0002 85 0a01200020010db8038106",
                r#"{ "destination-ipv6": [ "2001:db8::/32/0" ], "next-header": [ "=tcp" ], "string": "flow destination-ipv6 2001:db8::/32/0 next-header =tcp" }"#,
            ),
            (
                "0019 41 0011 0001010203040005 0003 0001 0008 400011",
                r#"{ "rd": "1.2.3.4:5", "endpoint": 3, "base": 262145, "offset": 1, "size": 8 }"#,
            ),
        ];
        for (value, expected) in table {
            let decoded =
                MpUnreach::decode(&bytes(value), &Negotiated::default()).expect("decodes");
            assert_eq!(rendered(&decoded.nlri, false), [*expected], "{value}");
        }
    }

    #[test]
    fn flow_with_next_hop_matches_exabgp() {
        // ipv4 flow with a 4-octet next hop and a redirect-to-nexthop action.
        let decoded = reach("0001 85 04 0a000001 00 0501180a0000", false);
        let [flow] = decoded.nlri.as_slice() else {
            panic!("one flow expected");
        };
        assert_eq!(
            nlri_with_next_hop(JsonVersion::V5, flow, false, Some("10.0.0.1")),
            r#"{ "destination-ipv4": [ "10.0.0.0/24" ], "next-hop": "10.0.0.1", "string": "flow destination-ipv4 10.0.0.0/24 next-hop 10.0.0.1" }"#
        );
    }

    #[test]
    fn path_information_follows_the_flag() {
        let plain = Nlri::Unicast(PrefixNlri::new("10.1.0.0/24".parse().expect("prefix")));
        let with_zero = Nlri::Unicast(PrefixNlri {
            path_id: Some(0),
            prefix: "10.1.0.0/24".parse().expect("prefix"),
        });
        // `exabgp decode -i`: { "nlri": "10.1.0.0/24", "path-information": "0.0.0.0" }
        let expected = r#"{ "nlri": "10.1.0.0/24", "path-information": "0.0.0.0" }"#;
        assert_eq!(nlri(JsonVersion::V5, &with_zero, false), expected);
        assert_eq!(nlri(JsonVersion::V4, &plain, true), expected);
        assert_eq!(
            nlri(JsonVersion::V4, &plain, false),
            r#"{ "nlri": "10.1.0.0/24" }"#
        );
        let labelled = Nlri::Labelled(LabelledNlri {
            path_id: None,
            labels: vec![],
            prefix: "10.1.0.0/24".parse().expect("prefix"),
        });
        assert_eq!(
            nlri(JsonVersion::V5, &labelled, false),
            r#"{ "nlri": "10.1.0.0/24" }"#
        );
        let vpn = Nlri::Vpn(VpnNlri {
            path_id: Some(u32::MAX),
            labels: vec![Label::new(16)],
            route_distinguisher: RouteDistinguisher::Other([0, 9, 1, 2, 3, 4, 5, 6]),
            prefix: "2001:db8::/32".parse().expect("prefix"),
        });
        assert_eq!(
            nlri(JsonVersion::V5, &vpn, true),
            r#"{ "nlri": "2001:db8::/32", "path-information": "255.255.255.255", "label": [ [16] ], "rd": "0x0009010203040506" }"#
        );
    }

    #[test]
    fn unparsed_families_show_their_bytes() {
        let link_state = Nlri::Unparsed(UnparsedNlri {
            family: Family::new(Afi::BgpLs, Safi::BgpLs),
            bytes: vec![2, 0xab],
        });
        let line = nlri(JsonVersion::V5, &link_state, true);
        assert_eq!(line, r#"{ "parsed": false, "raw": "0x02AB" }"#);
    }

    /// (MP_REACH_NLRI value, ADD-PATH, the EVPN objects ExaBGP 5.0.15 printed: `exabgp
    /// decode` for the GoBGP routes of tests/corpus, the route's `json()` for the others).
    /// ExaBGP never shows path-information for EVPN.
    #[test]
    fn evpn_routes_match_exabgp() {
        let table: &[(&str, bool, &str)] = &[
            (
                "0019 46 04 7F000014 00 01190000FDFC0000013001AABBCCDDEE0200020000000000000BBB",
                false,
                r#"{ "code": 1, "parsed": true, "raw": "01190000FDFC0000013001AABBCCDDEE0200020000000000000BBB", "name": "Ethernet Auto-Discovery", "rd": "65020:304", "esi": "01:aa:bb:cc:dd:ee:02:00:02:00", "ethernet-tag": 0, "label": [ [187, 3003] ] }"#,
            ),
            (
                "0019 46 04 7F000014 00 02250000FDFC0000012C000000000000000000000000000030AABBCCDDEEFF200A1C0001000BB8",
                false,
                r#"{ "code": 2, "parsed": true, "raw": "02250000FDFC0000012C000000000000000000000000000030AABBCCDDEEFF200A1C0001000BB8", "name": "MAC/IP advertisement", "rd": "65020:300", "esi": "-", "ethernet-tag": 0, "mac": "AA:BB:CC:DD:EE:FF", "label": [ [187, 3000] ], "ip": "10.28.0.1" }"#,
            ),
            (
                "0019 46 04 7F000014 00 00000007 03110000FDFC0000012D00000000200A1C0002",
                true,
                r#"{ "code": 3, "parsed": true, "raw": "03110000FDFC0000012D00000000200A1C0002", "name": "Inclusive Multicast Ethernet Tag", "rd": "65020:301", "ethernet-tag": 0, "ip": "10.28.0.2" }"#,
            ),
            (
                "0019 46 04 7F000014 00 04170000FDFC0000012F03AABBCCDDEE01000001200A1C0003",
                false,
                r#"{ "code": 4, "parsed": true, "raw": "04170000FDFC0000012F03AABBCCDDEE01000001200A1C0003", "name": "Ethernet Segment", "rd": "65020:303", "esi": "03:aa:bb:cc:dd:ee:01:00:00:01", "ip": "10.28.0.3" }"#,
            ),
            (
                "0019 46 04 7F000014 00 05220000FDFC0000012E0000000000000000000000000000180A1D00000A1D0001000BBA",
                false,
                r#"{ "code": 5, "parsed": true, "raw": "05220000FDFC0000012E0000000000000000000000000000180A1D00000A1D0001000BBA", "name": "IP Prefix Advertisement", "rd": "65020:302", "esi": "-", "ethernet-tag": 0, "label": [ [187, 3002] ], "ip": "10.29.0.0", "iplen": 24, "gateway": "10.29.0.1" }"#,
            ),
            (
                "0019 46 04 7F000014 00 02210001010203040005001122334455667788990000076D30FC15B4787B8F00000641",
                false,
                r#"{ "code": 2, "parsed": true, "raw": "02210001010203040005001122334455667788990000076D30FC15B4787B8F00000641", "name": "MAC/IP advertisement", "rd": "1.2.3.4:5", "esi": "00:11:22:33:44:55:66:77:88:99", "ethernet-tag": 1901, "mac": "FC:15:B4:78:7B:8F", "label": [ [100, 1601] ] }"#,
            ),
            (
                "0019 46 10 20010DB8000000000000000000000001 00 031D0000FDE9000000010000000A8020010DB8000000000000000000000002",
                false,
                r#"{ "code": 3, "parsed": true, "raw": "031D0000FDE9000000010000000A8020010DB8000000000000000000000002", "name": "Inclusive Multicast Ethernet Tag", "rd": "65001:1", "ethernet-tag": 10, "ip": "2001:db8::2" }"#,
            ),
            (
                "0019 46 04 7F000014 00 053A0000FDE90000000100000000000000000000000000002820010DB800010000000000000000000020010DB8000000000000000000000001000000",
                false,
                r#"{ "code": 5, "parsed": true, "raw": "053A0000FDE90000000100000000000000000000000000002820010DB800010000000000000000000020010DB8000000000000000000000001000000", "name": "IP Prefix Advertisement", "rd": "65001:1", "esi": "-", "ethernet-tag": 0, "label": [ [0] ], "ip": "2001:db8:1::", "iplen": 40, "gateway": "2001:db8::1" }"#,
            ),
            (
                "0019 46 04 7F000014 00 01190000FDE900000001FFFFFFFFFFFFFFFFFFFFFFFFFFFF000000",
                false,
                r#"{ "code": 1, "parsed": true, "raw": "01190000FDE900000001FFFFFFFFFFFFFFFFFFFFFFFFFFFF000000", "name": "Ethernet Auto-Discovery", "rd": "65001:1", "esi": "ff:ff:ff:ff:ff:ff:ff:ff:ff:ff", "ethernet-tag": 4294967295, "label": [ [0] ] }"#,
            ),
            (
                "0019 46 04 7F000014 00 0803AABBCC",
                false,
                r#"{ "code": 8, "parsed": false, "raw": "0803AABBCC" }"#,
            ),
            // Deliberate difference: ExaBGP shows Label1 only ("label": [ [100, 1601] ]).
            (
                "0019 46 04 7F000014 00 02340002FA56EA0000010000000000000000000000000000300011223344558020010DB8000000000000000000000001000641000C81",
                false,
                r#"{ "code": 2, "parsed": true, "raw": "02340002FA56EA0000010000000000000000000000000000300011223344558020010DB8000000000000000000000001000641000C81", "name": "MAC/IP advertisement", "rd": "4200000000:1", "esi": "-", "ethernet-tag": 0, "mac": "00:11:22:33:44:55", "label": [ [100, 1601], [200, 3201] ], "ip": "2001:db8::1" }"#,
            ),
        ];
        for (value, add_path, expected) in table {
            let decoded = reach(value, *add_path);
            assert_eq!(rendered(&decoded.nlri, *add_path), [*expected], "{value}");
        }
        // A withdrawal, as `exabgp decode` printed it for tests/corpus/gobgp/ebgp-39.
        let decoded = MpUnreach::decode(
            &bytes("0019 46 03110000FDFC0000012D00000000200A1C0002"),
            &Negotiated::default(),
        )
        .expect("decodes");
        assert_eq!(
            rendered(&decoded.nlri, false),
            [
                r#"{ "code": 3, "parsed": true, "raw": "03110000FDFC0000012D00000000200A1C0002", "name": "Inclusive Multicast Ethernet Tag", "rd": "65020:301", "ethernet-tag": 0, "ip": "10.28.0.2" }"#
            ]
        );
    }

    proptest! {
        #[test]
        fn every_decodable_nlri_renders_valid_json(
            bytes in proptest::collection::vec(any::<u8>(), 0..60),
            afi in prop_oneof![Just(1u16), Just(2), Just(25)],
            safi in prop_oneof![Just(1u8), Just(2), Just(4), Just(65), Just(70), Just(128), Just(133), Just(134)],
            with_path_id: bool,
        ) {
            let family = Family::from_codes(afi, safi);
            if let Ok(list) = crate::wire::nlri::decode_nlri_list(family, &bytes, with_path_id, false) {
                for item in &list {
                    for version in [JsonVersion::V4, JsonVersion::V5] {
                        let text = nlri_with_next_hop(version, item, with_path_id, Some("10.0.0.1"));
                        let parsed: Result<serde_json::Value, _> = serde_json::from_str(&text);
                        prop_assert!(parsed.is_ok(), "{}", text);
                    }
                }
            }
        }
    }
}
