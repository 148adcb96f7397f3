//! The canonical text of a [`Route`]: `route 10.0.0.0/24 next-hop self med 100 …`,
//! `ipv4 multicast …` when `route` would pick another family, `flow route …` (or
//! `ipv6 flow …` for an IPv6 flow without prefix), `vpls …`. The parser reads it back to the
//! same route; that is the contract (checked by a property test), readability comes second.
//!
//! Must not parse, and must not lose anything the parser can produce.

use super::communities::extended_community_text;
use super::flow_match::component_values;
use super::tokens::DELIMITERS;
use super::{Route, RouteNextHop};
use crate::wire::attribute::{Attributes, ExtendedCommunity, PrefixSidTlv, SegmentKind};
use crate::wire::family::Afi;
use crate::wire::iana::extended_community as iana;
use crate::wire::nlri::{FlowComponent, FlowspecNlri, Label, Nlri, Prefix};
use std::fmt::Write;
use std::net::IpAddr;

pub(super) fn route_text(route: &Route) -> String {
    let mut text = String::new();
    let mut skip_extended: Vec<ExtendedCommunity> = Vec::new();
    match &route.nlri {
        Nlri::Unicast(nlri) => {
            if is_ipv4_multicast(&nlri.prefix) {
                let _ = write!(text, "ipv4 unicast {}", nlri.prefix);
            } else {
                let _ = write!(text, "route {}", nlri.prefix);
            }
            path_id(&mut text, nlri.path_id);
            next_hop(&mut text, route.next_hop);
        }
        Nlri::Multicast(nlri) => {
            if is_ipv4_multicast(&nlri.prefix) {
                let _ = write!(text, "route {}", nlri.prefix);
            } else {
                let _ = write!(
                    text,
                    "{} multicast {}",
                    nlri.prefix.afi().name(),
                    nlri.prefix
                );
            }
            path_id(&mut text, nlri.path_id);
            next_hop(&mut text, route.next_hop);
        }
        Nlri::Labelled(nlri) => {
            if nlri.labels.is_empty() {
                let _ = write!(
                    text,
                    "{} nlri-mpls {}",
                    nlri.prefix.afi().name(),
                    nlri.prefix
                );
            } else {
                let _ = write!(text, "route {}", nlri.prefix);
                labels(&mut text, &nlri.labels);
            }
            path_id(&mut text, nlri.path_id);
            next_hop(&mut text, route.next_hop);
        }
        Nlri::Vpn(nlri) => {
            if nlri.labels.is_empty() {
                let _ = write!(
                    text,
                    "{} mpls-vpn {} rd {}",
                    nlri.prefix.afi().name(),
                    nlri.prefix,
                    nlri.route_distinguisher
                );
            } else {
                let _ = write!(
                    text,
                    "route {} rd {}",
                    nlri.prefix, nlri.route_distinguisher
                );
                labels(&mut text, &nlri.labels);
            }
            path_id(&mut text, nlri.path_id);
            next_hop(&mut text, route.next_hop);
        }
        Nlri::Flowspec(nlri) => {
            skip_extended = flow_text(&mut text, nlri, route);
        }
        Nlri::Vpls(nlri) => {
            let _ = write!(
                text,
                "vpls endpoint {} base {} offset {} size {} rd {}",
                nlri.endpoint, nlri.base, nlri.offset, nlri.size, nlri.route_distinguisher
            );
            next_hop(&mut text, route.next_hop);
        }
        // The grammar has no syntax for these families (nor has ExaBGP's): such routes only
        // come from the wire, never from text, so there is nothing to read back.
        Nlri::Evpn(_) | Nlri::Unparsed(_) => {
            let _ = write!(text, "{} (no route syntax)", route.nlri.family());
        }
    }
    attributes(&mut text, &route.attributes, &skip_extended);
    if let Some(name) = &route.name {
        let _ = write!(text, " name {}", quoted(name));
    }
    if let Some(watchdog) = &route.watchdog {
        let _ = write!(text, " watchdog {}", quoted(watchdog));
    }
    if route.withdrawn {
        text.push_str(" withdraw");
    }
    text
}

fn is_ipv4_multicast(prefix: &Prefix) -> bool {
    matches!(prefix.address, IpAddr::V4(address) if address.octets()[0] & 0xF0 == 0xE0)
}

fn path_id(text: &mut String, path_id: Option<u32>) {
    if let Some(path_id) = path_id {
        let _ = write!(text, " path-information {path_id}");
    }
}

fn next_hop(text: &mut String, next_hop: RouteNextHop) {
    match next_hop {
        RouteNextHop::Absent => {}
        RouteNextHop::Address(address) => {
            let _ = write!(text, " next-hop {address}");
        }
        RouteNextHop::SelfAddress => text.push_str(" next-hop self"),
    }
}

fn labels(text: &mut String, labels: &[Label]) {
    let values: Vec<String> = labels.iter().map(|label| label.value.to_string()).collect();
    let _ = write!(text, " label [ {} ]", values.join(" "));
}

/// A word as written: bare when the tokeniser reads it back whole, quoted otherwise.
fn quoted(word: &str) -> String {
    let bare = !word.is_empty()
        && !word.chars().any(|character| {
            character.is_whitespace()
                || DELIMITERS.contains(&character)
                || character == '"'
                || character == '\''
        })
        && !word.eq_ignore_ascii_case("announce")
        && !word.eq_ignore_ascii_case("withdraw");
    if bare {
        word.to_string()
    } else if word.contains('"') {
        format!("'{word}'")
    } else {
        format!("\"{word}\"")
    }
}

/// Writes the flow head, components and actions; returns the extended communities written as
/// actions (left out of `extended-community`).
fn flow_text(text: &mut String, nlri: &FlowspecNlri, route: &Route) -> Vec<ExtendedCommunity> {
    let has_prefix = nlri.components.iter().any(|component| {
        matches!(
            component,
            FlowComponent::DestinationPrefix(_) | FlowComponent::SourcePrefix(_)
        )
    });
    if nlri.afi == Afi::Ipv6 && !has_prefix {
        let safi = if nlri.route_distinguisher.is_some() {
            "flow-vpn"
        } else {
            "flow"
        };
        let _ = write!(text, "ipv6 {safi}");
    } else {
        text.push_str("flow route");
    }
    if let Some(route_distinguisher) = &nlri.route_distinguisher {
        let _ = write!(text, " rd {route_distinguisher}");
    }
    let mut written = Vec::new();
    let copy = ExtendedCommunity::RedirectToNextHop { copy: true };
    match route.next_hop {
        RouteNextHop::Address(address) if route.attributes.extended_communities.contains(&copy) => {
            let _ = write!(text, " copy {address}");
            written.push(copy);
        }
        other => next_hop(text, other),
    }
    for component in &nlri.components {
        let _ = write!(
            text,
            " {} {}",
            component.exabgp_name(nlri.afi),
            component_values(component)
        );
    }
    for community in &route.attributes.extended_communities {
        if let Some(action) = flow_action_text(community) {
            text.push(' ');
            text.push_str(&action);
            written.push(*community);
        }
    }
    for community in &route.attributes.ipv6_extended_communities {
        let bytes = community.0;
        if bytes[0] == 0 && bytes[1] == iana::SUBTYPE_REDIRECT_TO_IP_IETF && bytes[18..] == [0, 0] {
            let _ = write!(
                text,
                " redirect-to-nexthop-ietf {}",
                community.global_administrator()
            );
        }
    }
    written
}

/// The action word for a flow extended community that has no `extended-community` text.
fn flow_action_text(community: &ExtendedCommunity) -> Option<String> {
    match *community {
        ExtendedCommunity::TrafficRate { asn: 0, rate_bits } => {
            if rate_bits == 0 {
                return Some("discard".to_string());
            }
            rate_text(rate_bits).map(|rate| format!("rate-limit {rate}"))
        }
        ExtendedCommunity::TrafficMarking { dscp } => Some(format!("mark {dscp}")),
        ExtendedCommunity::TrafficAction { sample, terminal } => match (sample, terminal) {
            (true, true) => Some("action sample-terminal".into()),
            (true, false) => Some("action sample".into()),
            (false, true) => Some("action terminal".into()),
            (false, false) => None,
        },
        ExtendedCommunity::Other(bytes)
            if matches!(
                bytes[0],
                iana::TYPE_FLOWSPEC_INTERFACE_SET
                    | iana::TYPE_FLOWSPEC_INTERFACE_SET_NON_TRANSITIVE
            ) && bytes[1] == iana::SUBTYPE_INTERFACE_SET
                && bytes[6] >> 6 != 0 =>
        {
            let transitivity = if bytes[0] == iana::TYPE_FLOWSPEC_INTERFACE_SET {
                "transitive"
            } else {
                "non-transitive"
            };
            let direction = ["", "input", "output", "input-output"]
                .get(usize::from(bytes[6] >> 6))
                .copied()
                .unwrap_or("input");
            let asn = u32::from_be_bytes([bytes[2], bytes[3], bytes[4], bytes[5]]);
            let group = u16::from_be_bytes([bytes[6] & 0x3F, bytes[7]]);
            Some(format!(
                "interface-set {transitivity}:{direction}:{asn}:{group}"
            ))
        }
        ExtendedCommunity::Other(bytes)
            if bytes[..4]
                == [
                    iana::TYPE_FLOWSPEC_TWO_OCTET_AS,
                    iana::SUBTYPE_TRAFFIC_RATE_PACKETS,
                    0,
                    0,
                ] =>
        {
            let bits = u32::from_be_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]);
            rate_text(bits).map(|rate| format!("rate-limit {rate} packets"))
        }
        _ => None,
    }
}

/// The integer `rate-limit` reads back to exactly these float bits, if any.
fn rate_text(bits: u32) -> Option<u64> {
    let rate = f32::from_bits(bits);
    if !rate.is_finite() || rate.is_sign_negative() || rate.fract() != 0.0 || rate > 1e12 {
        return None;
    }
    let integer = rate as u64;
    ((integer as f32).to_bits() == bits).then_some(integer)
}

fn attributes(text: &mut String, attributes: &Attributes, skip_extended: &[ExtendedCommunity]) {
    if let Some(origin) = attributes.origin {
        let _ = write!(text, " origin {}", origin.exabgp_name());
    }
    if let Some(path) = &attributes.as_path {
        text.push_str(" as-path");
        if path.segments.is_empty() {
            text.push_str(" [ ]");
        }
        for segment in &path.segments {
            let numbers: Vec<String> = segment.numbers.iter().map(u32::to_string).collect();
            let (open, close) = match segment.kind {
                SegmentKind::Sequence => ("[", "]"),
                SegmentKind::Set => ("(", ")"),
                SegmentKind::ConfederationSequence => ("[ {", "} ]"),
                SegmentKind::ConfederationSet => ("( {", "} )"),
            };
            let _ = write!(text, " {open} {} {close}", numbers.join(" "));
        }
    }
    if let Some(med) = attributes.med {
        let _ = write!(text, " med {med}");
    }
    if let Some(local_preference) = attributes.local_preference {
        let _ = write!(text, " local-preference {local_preference}");
    }
    if attributes.atomic_aggregate {
        text.push_str(" atomic-aggregate");
    }
    if let Some(aggregator) = &attributes.aggregator {
        let _ = write!(
            text,
            " aggregator ( {}:{} )",
            aggregator.asn, aggregator.address
        );
    }
    if !attributes.communities.is_empty() {
        let values: Vec<String> = attributes
            .communities
            .iter()
            .map(|community| community.exabgp_string())
            .collect();
        let _ = write!(text, " community [ {} ]", values.join(" "));
    }
    if let Some(originator_id) = attributes.originator_id {
        let _ = write!(text, " originator-id {originator_id}");
    }
    if !attributes.cluster_list.is_empty() {
        let values: Vec<String> = attributes
            .cluster_list
            .iter()
            .map(ToString::to_string)
            .collect();
        let _ = write!(text, " cluster-list [ {} ]", values.join(" "));
    }
    let extended: Vec<String> = attributes
        .extended_communities
        .iter()
        .filter(|community| !skip_extended.contains(community))
        .map(extended_community_text)
        .collect();
    if !extended.is_empty() {
        let _ = write!(text, " extended-community [ {} ]", extended.join(" "));
    }
    if let Some(aigp) = attributes.aigp {
        let _ = write!(text, " aigp {}", aigp.metric);
    }
    if !attributes.large_communities.is_empty() {
        let values: Vec<String> = attributes
            .large_communities
            .iter()
            .map(|community| community.exabgp_string())
            .collect();
        let _ = write!(text, " large-community [ {} ]", values.join(" "));
    }
    if let Some(prefix_sid) = &attributes.prefix_sid {
        let index = prefix_sid.tlvs.iter().find_map(|tlv| match tlv {
            PrefixSidTlv::LabelIndex { label_index, .. } => Some(*label_index),
            _ => None,
        });
        let _ = write!(text, " bgp-prefix-sid [ {}", index.unwrap_or(0));
        if let Some(ranges) = prefix_sid.srgb_ranges() {
            let values: Vec<String> = ranges
                .iter()
                .map(|range| format!("( {},{} )", range.base, range.range))
                .collect();
            let _ = write!(text, ", [ {} ]", values.join(", "));
        }
        text.push_str(" ]");
    }
    for unknown in &attributes.unknown {
        let _ = write!(
            text,
            " attribute [ 0x{:02X} 0x{:02X} {} ]",
            unknown.type_code,
            unknown.flags,
            unknown.exabgp_value()
        );
    }
}
