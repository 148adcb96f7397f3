//! Writes [`Attributes`] as the Path Attributes field: type-code order, RFC 4271 flags,
//! Extended Length only when needed, RFC 6793 §4.2.2 on 2-octet sessions.
//!
//! Infallible for valid values; must not reorder or inspect the `extra` TLVs it is given.

use super::Attributes;
use super::as_path::encode_segments;
use super::community::{encode_communities, encode_large_communities};
use super::extended_community::encode_extended_communities;
use super::extended_community_ipv6::encode_ipv6_extended_communities;
use super::four_octet::{as4_path_segments, two_octet_aggregator};
use super::rfc7606::rule_for;
use crate::wire::iana::attribute_flag::EXTENDED_LENGTH;
use crate::wire::iana::attribute_type as code;
use crate::wire::negotiated::Negotiated;

/// One attribute to write, and where its bytes come from.
enum Source<'a> {
    Typed,
    Extra(&'a [u8]),
    Unknown(usize),
}

pub(super) fn encode(
    attributes: &Attributes,
    negotiated: &Negotiated,
    extra: &[(u8, &[u8])],
    out: &mut Vec<u8>,
) {
    let asn4 = negotiated.asn4;
    let mut items: Vec<(u8, Source)> = Vec::with_capacity(16 + extra.len());
    let mut typed_present = [false; 256];
    for type_code in present_typed_codes(attributes, negotiated) {
        typed_present[usize::from(type_code)] = true;
        items.push((type_code, Source::Typed));
    }
    for &(type_code, bytes) in extra {
        typed_present[usize::from(type_code)] = true;
        items.push((type_code, Source::Extra(bytes)));
    }
    for (index, unknown) in attributes.unknown.iter().enumerate() {
        let type_code = unknown.type_code;
        // A code this module types (or the AS4_* it derives) is never taken from `unknown`.
        let reserved = rule_for(type_code).is_some() || typed_present[usize::from(type_code)];
        if !reserved {
            typed_present[usize::from(type_code)] = true;
            items.push((type_code, Source::Unknown(index)));
        }
    }
    items.sort_by_key(|(type_code, _)| *type_code);
    for (type_code, source) in items {
        match source {
            Source::Typed => encode_typed(attributes, asn4, type_code, out),
            Source::Extra(bytes) => out.extend_from_slice(bytes),
            Source::Unknown(index) => {
                if let Some(unknown) = attributes.unknown.get(index) {
                    write_attribute(out, unknown.flags_for_encoding(), type_code, |out| {
                        out.extend_from_slice(&unknown.value);
                    });
                }
            }
        }
    }
}

/// Type codes of the typed attributes present, in ascending order.
fn present_typed_codes(attributes: &Attributes, negotiated: &Negotiated) -> Vec<u8> {
    let asn4 = negotiated.asn4;
    let mut codes = Vec::with_capacity(16);
    let mut add = |present: bool, type_code: u8| {
        if present {
            codes.push(type_code);
        }
    };
    add(attributes.origin.is_some(), code::ORIGIN);
    add(attributes.as_path.is_some(), code::AS_PATH);
    add(attributes.next_hop.is_some(), code::NEXT_HOP);
    add(attributes.med.is_some(), code::MULTI_EXIT_DISC);
    add(attributes.local_preference.is_some(), code::LOCAL_PREF);
    add(attributes.atomic_aggregate, code::ATOMIC_AGGREGATE);
    add(attributes.aggregator.is_some(), code::AGGREGATOR);
    add(!attributes.communities.is_empty(), code::COMMUNITIES);
    add(attributes.originator_id.is_some(), code::ORIGINATOR_ID);
    add(!attributes.cluster_list.is_empty(), code::CLUSTER_LIST);
    add(
        !attributes.extended_communities.is_empty(),
        code::EXTENDED_COMMUNITIES,
    );
    let as4_path = !asn4
        && attributes
            .as_path
            .as_ref()
            .is_some_and(|path| as4_path_segments(path).is_some());
    add(as4_path, code::AS4_PATH);
    let as4_aggregator = !asn4
        && attributes
            .aggregator
            .as_ref()
            .is_some_and(|aggregator| two_octet_aggregator(aggregator).1.is_some());
    add(as4_aggregator, code::AS4_AGGREGATOR);
    add(attributes.pmsi_tunnel.is_some(), code::PMSI_TUNNEL);
    add(
        !attributes.ipv6_extended_communities.is_empty(),
        code::IPV6_EXTENDED_COMMUNITIES,
    );
    // RFC 7311 §3.1: AIGP is only sent on sessions where AIGP_SESSION is enabled.
    add(attributes.aigp.is_some() && negotiated.aigp, code::AIGP);
    add(
        !attributes.large_communities.is_empty(),
        code::LARGE_COMMUNITIES,
    );
    add(attributes.prefix_sid.is_some(), code::BGP_PREFIX_SID);
    codes
}

/// Writes the typed attribute `type_code` (known to be present).
fn encode_typed(attributes: &Attributes, asn4: bool, type_code: u8, out: &mut Vec<u8>) {
    let flags = rule_for(type_code)
        .map(|rule| rule.optional_transitive)
        .unwrap_or_default();
    write_attribute(out, flags, type_code, |out| match type_code {
        code::ORIGIN => {
            if let Some(origin) = attributes.origin {
                origin.encode_value(out);
            }
        }
        code::AS_PATH => {
            if let Some(path) = &attributes.as_path {
                path.encode_value(asn4, out);
            }
        }
        code::NEXT_HOP => {
            if let Some(next_hop) = attributes.next_hop {
                out.extend_from_slice(&next_hop.octets());
            }
        }
        code::MULTI_EXIT_DISC => {
            if let Some(med) = attributes.med {
                out.extend_from_slice(&med.to_be_bytes());
            }
        }
        code::LOCAL_PREF => {
            if let Some(local_preference) = attributes.local_preference {
                out.extend_from_slice(&local_preference.to_be_bytes());
            }
        }
        code::AGGREGATOR => {
            if let Some(aggregator) = &attributes.aggregator {
                if asn4 {
                    aggregator.encode_value(true, out);
                } else {
                    two_octet_aggregator(aggregator).0.encode_value(false, out);
                }
            }
        }
        code::COMMUNITIES => encode_communities(&attributes.communities, out),
        code::ORIGINATOR_ID => {
            if let Some(originator_id) = attributes.originator_id {
                out.extend_from_slice(&originator_id.octets());
            }
        }
        code::CLUSTER_LIST => {
            for cluster in &attributes.cluster_list {
                out.extend_from_slice(&cluster.octets());
            }
        }
        code::EXTENDED_COMMUNITIES => {
            encode_extended_communities(&attributes.extended_communities, out);
        }
        code::AS4_PATH => {
            if let Some(segments) = attributes.as_path.as_ref().and_then(as4_path_segments) {
                encode_segments(segments, true, out);
            }
        }
        code::AS4_AGGREGATOR => {
            if let Some((_, Some(four_octet))) =
                attributes.aggregator.as_ref().map(two_octet_aggregator)
            {
                four_octet.encode_value(true, out);
            }
        }
        code::PMSI_TUNNEL => {
            if let Some(pmsi_tunnel) = &attributes.pmsi_tunnel {
                pmsi_tunnel.encode_value(out);
            }
        }
        code::IPV6_EXTENDED_COMMUNITIES => {
            encode_ipv6_extended_communities(&attributes.ipv6_extended_communities, out);
        }
        code::AIGP => {
            if let Some(aigp) = &attributes.aigp {
                aigp.encode_value(out);
            }
        }
        code::LARGE_COMMUNITIES => encode_large_communities(&attributes.large_communities, out),
        code::BGP_PREFIX_SID => {
            if let Some(prefix_sid) = &attributes.prefix_sid {
                prefix_sid.encode_value(out);
            }
        }
        // ATOMIC_AGGREGATE has an empty value.
        _ => {}
    });
}

/// Writes flags, type code, length and the value `write_value` appends. RFC 4271 §4.3:
/// "The fourth high-order bit (bit 3) of the Attribute Flags octet is the Extended Length
/// bit. It defines whether the Attribute Length is one octet (if set to 0) or two octets (if
/// set to 1)." It is set only when the value needs it. A value over 65535 octets cannot be
/// encoded; its length field saturates (such a value could not fit in any message).
pub(super) fn write_attribute(
    out: &mut Vec<u8>,
    flags: u8,
    type_code: u8,
    write_value: impl FnOnce(&mut Vec<u8>),
) {
    let start = out.len();
    out.extend_from_slice(&[flags & !EXTENDED_LENGTH, type_code, 0]);
    write_value(out);
    let length = out.len() - start - 3;
    if let Ok(short) = u8::try_from(length) {
        if let Some(field) = out.get_mut(start + 2) {
            *field = short;
        }
        return;
    }
    let long = u16::try_from(length).unwrap_or(u16::MAX).to_be_bytes();
    if let Some(first) = out.get_mut(start) {
        *first |= EXTENDED_LENGTH;
    }
    out.insert(start + 2, 0);
    if let Some(field) = out.get_mut(start + 2..start + 4) {
        field.copy_from_slice(&long);
    }
}
