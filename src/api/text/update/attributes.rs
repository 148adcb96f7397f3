//! The attribute string of ExaBGP's text UPDATE lines (the `show adj-rib … extensive`
//! syntax): " origin igp as-path ( 65001 ) med 10 community [ 65001:100 no-export ] …".
//!
//! Pure rendering of an already-decoded [`Attributes`] value, in ExaBGP's order (by type
//! code) and with its quirks (sorted community lists, brackets only around lists of two or
//! more). Must not decide anything about the routes; the NEXT_HOP is shown with each NLRI by
//! the caller, never here.

use crate::api::json::JsonVersion;
use crate::wire::attribute::{
    AsPath, Attributes, Ipv6ExtendedCommunity, PrefixSid, PrefixSidTlv, SegmentKind,
    UnknownAttribute,
};
use crate::wire::iana::attribute_type;
use std::fmt::Write;

/// ExaBGP's attribute string: every attribute but NEXT_HOP (and the MP ones), each as
/// " <name> <value>", in type-code order, with the leading space.
///
/// `version` chooses the AS_PATH form: 5.0 prints "( 65001 65010 ) [ 65020 ]" (sequence in
/// round brackets, set in square ones), 4.x "[ 65001 65010 ( 65020 ) ]".
pub fn attributes_text(version: JsonVersion, attributes: &Attributes) -> String {
    // (type code, rendered " name value") pairs, merged with the unknown attributes by code.
    let mut parts: Vec<(u8, String)> = Vec::new();
    if let Some(origin) = attributes.origin {
        parts.push((
            attribute_type::ORIGIN,
            format!(" origin {}", origin.exabgp_name()),
        ));
    }
    // ExaBGP decodes an empty AS_PATH to "no attribute", so it shows nothing for it.
    if let Some(as_path) = attributes
        .as_path
        .as_ref()
        .filter(|path| !path.segments.is_empty())
    {
        let text = match version {
            JsonVersion::V5 => as_path.exabgp_text(),
            JsonVersion::V4 => as_path_text_4(as_path),
        };
        parts.push((attribute_type::AS_PATH, format!(" as-path {text}")));
    }
    if let Some(med) = attributes.med {
        parts.push((attribute_type::MULTI_EXIT_DISC, format!(" med {med}")));
    }
    if let Some(local_preference) = attributes.local_preference {
        parts.push((
            attribute_type::LOCAL_PREF,
            format!(" local-preference {local_preference}"),
        ));
    }
    if attributes.atomic_aggregate {
        parts.push((
            attribute_type::ATOMIC_AGGREGATE,
            " atomic-aggregate".to_string(),
        ));
    }
    if let Some(aggregator) = &attributes.aggregator {
        parts.push((
            attribute_type::AGGREGATOR,
            format!(" aggregator ( {} )", aggregator.exabgp_string()),
        ));
    }
    if !attributes.communities.is_empty() {
        let mut communities = attributes.communities.clone();
        communities.sort();
        let items: Vec<String> = communities.iter().map(|c| c.exabgp_string()).collect();
        parts.push((
            attribute_type::COMMUNITIES,
            format!(" community {}", list(&items)),
        ));
    }
    if let Some(originator_id) = attributes.originator_id {
        parts.push((
            attribute_type::ORIGINATOR_ID,
            format!(" originator-id {originator_id}"),
        ));
    }
    if !attributes.cluster_list.is_empty() {
        // Always bracketed: ExaBGP compares the length in octets, not in entries, with 1.
        let items: Vec<String> = attributes
            .cluster_list
            .iter()
            .map(|id| id.to_string())
            .collect();
        parts.push((
            attribute_type::CLUSTER_LIST,
            format!(" cluster-list [ {} ]", items.join(" ")),
        ));
    }
    if !attributes.extended_communities.is_empty() {
        let mut octets: Vec<[u8; 8]> = attributes
            .extended_communities
            .iter()
            .map(|community| community.to_bytes())
            .collect();
        octets.sort();
        let items: Vec<String> = octets
            .iter()
            .map(|bytes| {
                or_hex(
                    crate::wire::attribute::extended_community_text::exabgp_string(bytes),
                    bytes,
                )
            })
            .collect();
        parts.push((
            attribute_type::EXTENDED_COMMUNITIES,
            format!(" extended-community {}", list(&items)),
        ));
    }
    if !attributes.ipv6_extended_communities.is_empty() {
        let mut communities = attributes.ipv6_extended_communities.clone();
        communities.sort_by_key(|community| community.0);
        let text = match version {
            JsonVersion::V5 => {
                let items: Vec<String> = communities
                    .iter()
                    .map(|community| or_hex(community.exabgp_string(), &community.0))
                    .collect();
                format!(" extended-community-ipv6 {}", list(&items))
            }
            JsonVersion::V4 => {
                let items: Vec<String> =
                    communities.iter().map(ipv6_extended_community_4).collect();
                // 4.x has no text name for this attribute: it prints it as an unknown one.
                format!(" attribute [ 0x19 0xC0 {} ]", list(&items))
            }
        };
        parts.push((attribute_type::IPV6_EXTENDED_COMMUNITIES, text));
    }
    if let Some(aigp) = &attributes.aigp {
        parts.push((
            attribute_type::AIGP,
            format!(" aigp {}", aigp.exabgp_string()),
        ));
    }
    if !attributes.large_communities.is_empty() {
        // ExaBGP drops repeated values (RFC 8092 §5 asks the receiver to) and sorts the rest.
        let mut communities = attributes.large_communities.clone();
        communities.sort();
        communities.dedup();
        let items: Vec<String> = communities.iter().map(|c| c.exabgp_string()).collect();
        parts.push((
            attribute_type::LARGE_COMMUNITIES,
            format!(" large-community {}", list(&items)),
        ));
    }
    if let Some(prefix_sid) = &attributes.prefix_sid {
        parts.push((
            attribute_type::BGP_PREFIX_SID,
            format!(" bgp-prefix-sid {}", prefix_sid_text(version, prefix_sid)),
        ));
    }
    if let Some(pmsi) = &attributes.pmsi_tunnel {
        // " pmsi pmsi:ingressreplication:0:187(3001):…", as ExaBGP shows PMSI_TUNNEL (22).
        parts.push((
            attribute_type::PMSI_TUNNEL,
            format!(" pmsi {}", pmsi.exabgp_string()),
        ));
    }
    for unknown in &attributes.unknown {
        if shown(unknown) {
            parts.push((unknown.type_code, unknown_text(unknown)));
        }
    }
    // Stable: for one type code the typed field (there can be only one) comes first.
    parts.sort_by_key(|(code, _)| *code);
    parts.into_iter().map(|(_, text)| text).collect()
}

/// ExaBGP ignores an unknown optional non-transitive attribute altogether ("quietly ignored",
/// RFC 4271 §5), so it never reaches its text. Ours are kept for other consumers.
fn shown(unknown: &UnknownAttribute) -> bool {
    unknown.is_transitive()
}

/// " attribute [ 0x63 0xE0 0x0102 ]": code and flags in upper case, value in lower case.
fn unknown_text(unknown: &UnknownAttribute) -> String {
    format!(
        " attribute [ 0x{:02X} 0x{:02X} {} ]",
        unknown.type_code,
        unknown.flags,
        unknown.exabgp_value()
    )
}

/// ExaBGP's list form: the single item alone, several as "[ a b ]".
fn list(items: &[String]) -> String {
    match items {
        [single] => single.clone(),
        _ => format!("[ {} ]", items.join(" ")),
    }
}

/// A community ExaBGP has no class for prints as "0x" and its octets in upper-case hex.
fn or_hex(text: String, bytes: &[u8]) -> String {
    if !text.is_empty() {
        return text;
    }
    let mut out = String::from("0x");
    for byte in bytes {
        let _ = write!(out, "{byte:02X}");
    }
    out
}

/// ExaBGP 4.x's text for one IPv6 address specific extended community: the IPv6 next-hop
/// redirect by name, anything else as the 160-bit value in hexadecimal without leading
/// zeros, but at least 16 digits (Python's "0x%016X").
fn ipv6_extended_community_4(community: &Ipv6ExtendedCommunity) -> String {
    if community.type_high() & 0x0f == 0 && community.sub_type() == 0x0c {
        return community.exabgp_string();
    }
    let mut digits = String::new();
    for byte in community.0 {
        let _ = write!(digits, "{byte:02X}");
    }
    let significant = digits.trim_start_matches('0');
    format!("0x{significant:0>16}")
}

/// ExaBGP 4.x's AS_PATH text: all AS_SEQUENCE numbers, then the AS_SET ones in round
/// brackets, inside one pair of square brackets; the confederation segments follow the same
/// way with no space between ("[ 65001 ][ 100 200 ]"). Its spacing quirks are kept: "[ ( 1 2
/// )]" for a lone set, "[ ]" for nothing.
fn as_path_text_4(as_path: &AsPath) -> String {
    let numbers = |wanted: SegmentKind| -> Vec<String> {
        as_path
            .segments
            .iter()
            .filter(|segment| segment.kind == wanted)
            .flat_map(|segment| segment.numbers.iter().map(u32::to_string))
            .collect()
    };
    let sequence = numbers(SegmentKind::Sequence);
    let set = numbers(SegmentKind::Set);
    let confederation_sequence = numbers(SegmentKind::ConfederationSequence);
    let confederation_set = numbers(SegmentKind::ConfederationSet);
    let mut text = sequence_and_set_4(&sequence, &set);
    if !confederation_sequence.is_empty() || !confederation_set.is_empty() {
        text.push_str(&sequence_and_set_4(
            &confederation_sequence,
            &confederation_set,
        ));
    }
    text
}

fn sequence_and_set_4(sequence: &[String], set: &[String]) -> String {
    match (sequence.is_empty(), set.is_empty()) {
        (true, true) => "[ ]".to_string(),
        (true, false) => format!("[ ( {} )]", set.join(" ")),
        (false, true) => format!("[ {} ]", sequence.join(" ")),
        (false, false) => format!("[ {} ( {} ) ]", sequence.join(" "), set.join(" ")),
    }
}

/// ExaBGP's Prefix-SID text. 5.0: "[ <label index> ]", "[ <label index>, <srgb> ]" when both
/// are present, otherwise every TLV joined by ", " in brackets; 4.x: the label index (or
/// "None") and the SRGB only.
fn prefix_sid_text(version: JsonVersion, prefix_sid: &PrefixSid) -> String {
    let label_index = prefix_sid.tlvs.iter().find_map(|tlv| match tlv {
        PrefixSidTlv::LabelIndex { label_index, .. } => Some(label_index.to_string()),
        _ => None,
    });
    let srgb = prefix_sid.tlvs.iter().find_map(|tlv| match tlv {
        PrefixSidTlv::OriginatorSrgb { .. } => Some(prefix_sid_tlv_text(tlv)),
        _ => None,
    });
    match (version, label_index, srgb) {
        (_, Some(label_index), Some(srgb)) => format!("[ {label_index}, {srgb} ]"),
        (_, Some(label_index), None) => format!("[ {label_index} ]"),
        (JsonVersion::V4, None, Some(srgb)) => format!("[ None, {srgb} ]"),
        (JsonVersion::V4, None, None) => "[ None ]".to_string(),
        (JsonVersion::V5, None, _) => {
            let items: Vec<String> = prefix_sid.tlvs.iter().map(prefix_sid_tlv_text).collect();
            format!("[ {} ]", items.join(", "))
        }
    }
}

fn prefix_sid_tlv_text(tlv: &PrefixSidTlv) -> String {
    match tlv {
        PrefixSidTlv::LabelIndex { label_index, .. } => label_index.to_string(),
        PrefixSidTlv::OriginatorSrgb { ranges, .. } => {
            let items: Vec<String> = ranges
                .iter()
                .map(|range| format!("( {},{} )", range.base, range.range))
                .collect();
            format!("[ {} ]", items.join(", "))
        }
        PrefixSidTlv::Other { tlv_type, .. } => {
            format!("Attribute with code [ {tlv_type} ] not implemented")
        }
    }
}
