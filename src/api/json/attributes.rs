//! ExaBGP's JSON for the path attributes of an UPDATE: the members of the `"attribute"`
//! object, in attribute type-code order, in the 5.0.0 and 4.0.1 formats (exabgp-api
//! reference §3.1, §3.2), and the `"error"` member that marks an RFC 7606 outcome.
//!
//! Pure rendering of decoded `wire::attribute` values; must not decode bytes nor decide
//! what a problem means for the routes (that is `update.rs` and the session's business).
//! NEXT_HOP is not an attribute here: it keys the routes under `"announce"`.

use super::envelope::JsonVersion;
use super::text::{hex, quote};
use crate::wire::attribute::{
    AsPath, Attributes, Community, LargeCommunity, PrefixSid, PrefixSidTlv, SegmentKind,
};
use crate::wire::error::{AttributeProblem, ErrorAction};
use crate::wire::iana::attribute_type as code;
use crate::wire::iana::prefix_sid_tlv;

/// The members of the `"attribute"` object (without the braces), e.g.
/// `"origin": "igp", "as-path": {"0": {"element": "as-sequence", "value": [65001]}}, "med": 10`.
///
/// Empty when there is nothing to show. `problems` are the UPDATE's RFC 7606 problems: any
/// "treat-as-withdraw" one gives `"error": "treat-as-withdraw"`, otherwise a discarded
/// attribute gives `"error": "discard"` (ExaBGP prints both keys when both happen; we print
/// the one that decides the routes' fate, which is also what a JSON parser keeps of
/// ExaBGP's line).
pub fn attributes(
    version: JsonVersion,
    attributes: &Attributes,
    problems: &[AttributeProblem],
) -> String {
    let mut members: Vec<(u8, String)> = Vec::new();
    let mut push = |type_code: u8, member: String| members.push((type_code, member));
    if let Some(origin) = attributes.origin {
        push(
            code::ORIGIN,
            format!("\"origin\": \"{}\"", origin.exabgp_name()),
        );
    }
    if let Some(as_path) = attributes.as_path.as_ref() {
        // ExaBGP keeps no AS_PATH attribute for an empty one: no key at all.
        if !as_path.segments.is_empty() {
            push(code::AS_PATH, as_path_members(version, as_path));
        }
    }
    if let Some(med) = attributes.med {
        push(code::MULTI_EXIT_DISC, format!("\"med\": {med}"));
    }
    if let Some(local_preference) = attributes.local_preference {
        push(
            code::LOCAL_PREF,
            format!("\"local-preference\": {local_preference}"),
        );
    }
    if attributes.atomic_aggregate {
        push(
            code::ATOMIC_AGGREGATE,
            "\"atomic-aggregate\": true".to_string(),
        );
    }
    if let Some(aggregator) = attributes.aggregator {
        push(
            code::AGGREGATOR,
            format!("\"aggregator\": \"{}\"", aggregator.exabgp_string()),
        );
    }
    if !attributes.communities.is_empty() {
        push(
            code::COMMUNITIES,
            format!(
                "\"community\": {}",
                communities(version, &attributes.communities)
            ),
        );
    }
    if let Some(originator_id) = attributes.originator_id {
        push(
            code::ORIGINATOR_ID,
            format!("\"originator-id\": \"{originator_id}\""),
        );
    }
    if !attributes.cluster_list.is_empty() {
        let ids: Vec<String> = attributes
            .cluster_list
            .iter()
            .map(|id| format!("\"{id}\""))
            .collect();
        push(
            code::CLUSTER_LIST,
            format!("\"cluster-list\": [ {} ]", ids.join(", ")),
        );
    }
    if !attributes.extended_communities.is_empty() {
        let mut list: Vec<([u8; 8], String)> = attributes
            .extended_communities
            .iter()
            .map(|community| {
                (
                    community.to_bytes(),
                    value_string(
                        &community.exabgp_value().to_string(),
                        &community.exabgp_string(),
                    ),
                )
            })
            .collect();
        sort_for(version, &mut list);
        push(
            code::EXTENDED_COMMUNITIES,
            format!("\"extended-community\": {}", spaced_list(list)),
        );
    }
    if !attributes.ipv6_extended_communities.is_empty() {
        let mut list: Vec<([u8; 20], String)> = attributes
            .ipv6_extended_communities
            .iter()
            .map(|community| {
                (
                    community.0,
                    value_string(
                        &community.exabgp_value_decimal(),
                        &community.exabgp_string(),
                    ),
                )
            })
            .collect();
        sort_for(version, &mut list);
        push(
            code::IPV6_EXTENDED_COMMUNITIES,
            format!("\"extended-community-ipv6\": {}", spaced_list(list)),
        );
    }
    if let Some(pmsi) = &attributes.pmsi_tunnel {
        push(
            code::PMSI_TUNNEL,
            format!("\"pmsi\": {}", quote(&pmsi.exabgp_string())),
        );
    }
    if let Some(aigp) = attributes.aigp {
        // Quoted in both formats: ExaBGP 4.x printed the 0x… unquoted, which is not JSON.
        push(
            code::AIGP,
            format!("\"aigp\": \"{}\"", aigp.exabgp_string()),
        );
    }
    if !attributes.large_communities.is_empty() {
        push(
            code::LARGE_COMMUNITIES,
            format!(
                "\"large-community\": {}",
                large_communities(version, &attributes.large_communities)
            ),
        );
    }
    if let Some(prefix_sid) = attributes.prefix_sid.as_ref() {
        push(
            code::BGP_PREFIX_SID,
            format!("\"bgp-prefix-sid\": {}", prefix_sid_object(prefix_sid)),
        );
    }
    // RFC 4271 §5: "If an optional non-transitive attribute is unrecognized, it is quietly
    // ignored" — ExaBGP shows only the transitive ones.
    for unknown in &attributes.unknown {
        if unknown.is_transitive() {
            push(
                unknown.type_code,
                format!(
                    "\"{}\": \"{}\"",
                    unknown.exabgp_key(),
                    unknown.exabgp_value()
                ),
            );
        }
    }
    // Stable: the typed attributes were pushed in type-code order already.
    members.sort_by_key(|(type_code, _)| *type_code);
    let mut out: Vec<String> = members.into_iter().map(|(_, member)| member).collect();
    if let Some(error) = error_marker(attributes, problems) {
        out.push(format!("\"error\": \"{error}\""));
    }
    out.join(", ")
}

/// The `"error"` value for the UPDATE's problems, if any is shown.
///
/// A discarded copy of a repeated attribute is not shown (ExaBGP skips repeats silently):
/// it is recognised by the first copy still being present.
fn error_marker(attributes: &Attributes, problems: &[AttributeProblem]) -> Option<&'static str> {
    if problems
        .iter()
        .any(|problem| problem.action == ErrorAction::TreatAsWithdraw)
    {
        return Some("treat-as-withdraw");
    }
    problems
        .iter()
        .any(|problem| {
            problem.action == ErrorAction::AttributeDiscard
                && !is_present(attributes, problem.type_code)
        })
        .then_some("discard")
}

/// Whether the attribute of `type_code` was kept in `attributes`.
fn is_present(attributes: &Attributes, type_code: u8) -> bool {
    match type_code {
        code::ORIGIN => attributes.origin.is_some(),
        code::AS_PATH => attributes.as_path.is_some(),
        code::NEXT_HOP => attributes.next_hop.is_some(),
        code::MULTI_EXIT_DISC => attributes.med.is_some(),
        code::LOCAL_PREF => attributes.local_preference.is_some(),
        code::ATOMIC_AGGREGATE => attributes.atomic_aggregate,
        code::AGGREGATOR => attributes.aggregator.is_some(),
        code::COMMUNITIES => !attributes.communities.is_empty(),
        code::ORIGINATOR_ID => attributes.originator_id.is_some(),
        code::CLUSTER_LIST => !attributes.cluster_list.is_empty(),
        code::EXTENDED_COMMUNITIES => !attributes.extended_communities.is_empty(),
        code::IPV6_EXTENDED_COMMUNITIES => !attributes.ipv6_extended_communities.is_empty(),
        code::AIGP => attributes.aigp.is_some(),
        code::LARGE_COMMUNITIES => !attributes.large_communities.is_empty(),
        code::BGP_PREFIX_SID => attributes.prefix_sid.is_some(),
        other => attributes
            .unknown
            .iter()
            .any(|unknown| unknown.type_code == other),
    }
}

/// AS_PATH. 5.0: `"as-path": {"0": {"element": "as-sequence", "value": [1, 2]}, …}`, one
/// entry per segment, confederation segments labelled "as-sequence" too (as ExaBGP does).
/// 4.x: every AS_SEQUENCE number in `"as-path"`, every AS_SET number in `"as-set"`, the
/// confederation ones in `"confederation-path"` (always present) and `"confederation-set"`.
fn as_path_members(version: JsonVersion, as_path: &AsPath) -> String {
    let numbers = |list: &[u32]| -> Vec<String> { list.iter().map(u32::to_string).collect() };
    match version {
        JsonVersion::V5 => {
            let segments: Vec<String> = as_path
                .segments
                .iter()
                .enumerate()
                .map(|(position, segment)| {
                    format!(
                        "\"{position}\": {{\"element\": \"{}\", \"value\": [{}]}}",
                        segment.kind.exabgp_element(),
                        numbers(&segment.numbers).join(", ")
                    )
                })
                .collect();
            format!("\"as-path\": {{{}}}", segments.join(", "))
        }
        JsonVersion::V4 => {
            let of_kind = |kind: SegmentKind| -> Vec<String> {
                as_path
                    .segments
                    .iter()
                    .filter(|segment| segment.kind == kind)
                    .flat_map(|segment| numbers(&segment.numbers))
                    .collect()
            };
            // (key, numbers, shown when empty)
            let parts = [
                ("as-path", of_kind(SegmentKind::Sequence), true),
                ("as-set", of_kind(SegmentKind::Set), false),
                (
                    "confederation-path",
                    of_kind(SegmentKind::ConfederationSequence),
                    true,
                ),
                (
                    "confederation-set",
                    of_kind(SegmentKind::ConfederationSet),
                    false,
                ),
            ];
            let members: Vec<String> = parts
                .into_iter()
                .filter(|(_, list, always)| *always || !list.is_empty())
                .map(|(key, list, _)| {
                    if list.is_empty() {
                        format!("\"{key}\": []")
                    } else {
                        format!("\"{key}\": [ {} ]", list.join(", "))
                    }
                })
                .collect();
            members.join(", ")
        }
    }
}

/// ExaBGP 5.0 sorts every community list by value; 4.x keeps the order received.
fn sort_for<K: Ord, V>(version: JsonVersion, list: &mut [(K, V)]) {
    if version == JsonVersion::V5 {
        list.sort_by(|left, right| left.0.cmp(&right.0));
    }
}

/// `[ a, b ]` with ExaBGP's spaces, `[  ]` never happens (lists are non-empty).
fn spaced_list<K>(list: Vec<(K, String)>) -> String {
    let items: Vec<String> = list.into_iter().map(|(_, item)| item).collect();
    format!("[ {} ]", items.join(", "))
}

/// `{ "value": <number>, "string": "<text>" }` of an extended community.
fn value_string(value: &str, string: &str) -> String {
    format!("{{ \"value\": {value}, \"string\": {} }}", quote(string))
}

/// COMMUNITIES: `[ [ 65001, 100 ], [ 65535, 65281 ] ]`, duplicates kept (as ExaBGP does).
fn communities(version: JsonVersion, list: &[Community]) -> String {
    let mut list: Vec<(u32, String)> = list
        .iter()
        .map(|community| {
            (
                community.0,
                format!("[ {}, {} ]", community.high(), community.low()),
            )
        })
        .collect();
    sort_for(version, &mut list);
    spaced_list(list)
}

/// LARGE_COMMUNITIES: `[ [ 65001, 1 , 2 ] ]` (ExaBGP's space before the second comma),
/// duplicates removed as ExaBGP does.
fn large_communities(version: JsonVersion, list: &[LargeCommunity]) -> String {
    let mut unique: Vec<(LargeCommunity, String)> = Vec::new();
    for community in list {
        if unique.iter().all(|(seen, _)| seen != community) {
            unique.push((
                *community,
                format!(
                    "[ {}, {} , {} ]",
                    community.global_administrator,
                    community.local_data_part_1,
                    community.local_data_part_2
                ),
            ));
        }
    }
    sort_for(version, &mut unique);
    spaced_list(unique)
}

/// BGP Prefix-SID: `{ "sr-label-index": 300, "sr-srgbs": [[16000, 100]] }`, TLVs in the
/// order received, a repeated Label-Index or SRGB TLV ignored (as ExaBGP does), any other
/// TLV as `"attribute-not-implemented-<type>": "0x…"`.
fn prefix_sid_object(prefix_sid: &PrefixSid) -> String {
    let mut members: Vec<String> = Vec::new();
    let (mut label_index_seen, mut srgb_seen) = (false, false);
    for tlv in &prefix_sid.tlvs {
        match tlv {
            PrefixSidTlv::LabelIndex { label_index, .. } => {
                if !std::mem::replace(&mut label_index_seen, true) {
                    members.push(format!("\"sr-label-index\": {label_index}"));
                }
            }
            PrefixSidTlv::OriginatorSrgb { ranges, .. } => {
                if !std::mem::replace(&mut srgb_seen, true) {
                    let ranges: Vec<String> = ranges
                        .iter()
                        .map(|range| format!("[{}, {}]", range.base, range.range))
                        .collect();
                    members.push(format!("\"sr-srgbs\": [{}]", ranges.join(", ")));
                }
            }
            PrefixSidTlv::Other { tlv_type, value } => {
                // A Label-Index TLV with a non-zero RESERVED octet is kept whole by the
                // decoder; ExaBGP ignores that octet and shows the index.
                if let (prefix_sid_tlv::LABEL_INDEX, [_, _, _, a, b, c, d]) =
                    (*tlv_type, value.as_slice())
                {
                    if !std::mem::replace(&mut label_index_seen, true) {
                        let label_index = u32::from_be_bytes([*a, *b, *c, *d]);
                        members.push(format!("\"sr-label-index\": {label_index}"));
                    }
                    continue;
                }
                members.push(format!(
                    "\"attribute-not-implemented-{tlv_type}\": \"{}\"",
                    hex(value)
                ));
            }
        }
    }
    format!("{{ {} }}", members.join(", "))
}

#[cfg(test)]
#[path = "attributes_tests.rs"]
mod tests;
