//! Walks the Path Attributes field: attribute headers, RFC 7606 framing rules (§3, §4),
//! flags checks, duplicates, then each value's own codec; finally RFC 6793 reconciliation.
//!
//! Decides outcomes only through `rfc7606::rule_for`; must not interpret MP_REACH_NLRI or
//! MP_UNREACH_NLRI (returned raw).

use super::aggregator::Aggregator;
use super::aigp::Aigp;
use super::as_path::AsPath;
use super::community::{decode_communities, decode_large_communities};
use super::extended_community::decode_extended_communities;
use super::extended_community_ipv6::decode_ipv6_extended_communities;
use super::four_octet::{decode_as4_path, reconcile};
use super::origin::Origin;
use super::pmsi_tunnel::PmsiTunnel;
use super::prefix_sid::PrefixSid;
use super::rfc7606::{Rule, exact_length, fixed_size_items, rule_for};
use super::unknown::UnknownAttribute;
use super::{Attributes, DecodedAttributes};
use crate::wire::error::{AttributeProblem, ErrorAction, NotificationError};
use crate::wire::iana::attribute_flag::{EXTENDED_LENGTH, OPTIONAL, TRANSITIVE};
use crate::wire::iana::attribute_type as code;
use crate::wire::iana::notification::update as subcode;
use crate::wire::negotiated::Negotiated;
use std::net::Ipv4Addr;

/// One attribute as framed on the wire.
struct Framed<'a> {
    flags: u8,
    type_code: u8,
    value: &'a [u8],
    /// Flags, type, length and value: the NOTIFICATION data RFC 4271 §6.3 asks for.
    whole: &'a [u8],
}

/// Why the walk over the field stops early.
enum Framing {
    /// RFC 7606 §4, treat-as-withdraw for the UPDATE.
    Broken(AttributeProblem),
    Reset(NotificationError),
}

/// The AS4_* attributes, held until the end (RFC 6793 §4.2.3 needs all four).
#[derive(Default)]
struct FourOctetParts {
    as4_path: Option<AsPath>,
    as4_aggregator: Option<Aggregator>,
}

pub(super) fn decode<'a>(
    bytes: &'a [u8],
    negotiated: &Negotiated,
) -> Result<DecodedAttributes<'a>, NotificationError> {
    let mut decoded = DecodedAttributes {
        attributes: Attributes::default(),
        mp_reach: None,
        mp_unreach: None,
        problems: Vec::new(),
    };
    let mut parts = FourOctetParts::default();
    let mut seen = [false; 256];
    let mut rest = bytes;
    while !rest.is_empty() {
        let framed = match frame(&mut rest) {
            Ok(framed) => framed,
            Err(Framing::Broken(problem)) => {
                decoded.problems.push(problem);
                break;
            }
            Err(Framing::Reset(error)) => return Err(error),
        };
        let type_code = framed.type_code;
        let already_seen = &mut seen[usize::from(type_code)];
        if *already_seen {
            // RFC 7606 §3 (g): "If the MP_REACH_NLRI attribute or the MP_UNREACH_NLRI
            // [RFC4760] attribute appears more than once in the UPDATE message, then a
            // NOTIFICATION message MUST be sent with the Error Subcode "Malformed Attribute
            // List". If any other attribute (whether recognized or unrecognized) appears more
            // than once in an UPDATE message, then all the occurrences of the attribute other
            // than the first one SHALL be discarded and the UPDATE message will continue to
            // be processed."
            if type_code == code::MP_REACH_NLRI || type_code == code::MP_UNREACH_NLRI {
                return Err(NotificationError::malformed_attribute_list(format!(
                    "attribute {type_code} appears more than once"
                )));
            }
            decoded.problems.push(AttributeProblem {
                type_code,
                action: ErrorAction::AttributeDiscard,
                detail: format!(
                    "attribute {type_code} appears more than once: later copy discarded"
                ),
            });
            continue;
        }
        *already_seen = true;
        decode_one(&framed, negotiated, &mut decoded, &mut parts)?;
    }
    if !negotiated.asn4 {
        let attributes = &mut decoded.attributes;
        reconcile(
            &mut attributes.as_path,
            &mut attributes.aggregator,
            parts.as4_path,
            parts.as4_aggregator,
        );
    }
    decoded
        .attributes
        .unknown
        .sort_by_key(|attribute| attribute.type_code);
    Ok(decoded)
}

/// Reads one attribute header and value off the front of `rest`.
///
/// RFC 7606 §4: "There are two error cases in which the Total Attribute Length value can be
/// in conflict with the enclosed path attributes, which themselves carry length values: In
/// the first case, the length of the last encountered path attribute would cause the Total
/// Attribute Length to be exceeded when parsing the enclosed path attributes. In the second
/// case, fewer than three octets remain (or fewer than four octets, if the Attribute Flags
/// field has the Extended Length bit set) when beginning to parse the attribute. [...] In
/// either of these cases, an error condition exists and the "treat-as-withdraw" approach
/// MUST be used (unless some other, more severe error is encountered dictating a stronger
/// approach), and the Total Attribute Length MUST be relied upon to enable the beginning of
/// the NLRI field to be located."
///
/// The stronger approach applies when the attribute that overruns is MP_REACH_NLRI or
/// MP_UNREACH_NLRI: its NLRI cannot be found, and RFC 7606 §3 (j) resets the session when
/// those cannot be parsed.
fn frame<'a>(rest: &mut &'a [u8]) -> Result<Framed<'a>, Framing> {
    let input = *rest;
    let flags = input.first().copied().unwrap_or_default();
    let type_code = input.get(1).copied().unwrap_or_default();
    let header_length = if flags & EXTENDED_LENGTH != 0 { 4 } else { 3 };
    let broken = |detail: String| {
        Framing::Broken(AttributeProblem {
            type_code,
            action: ErrorAction::TreatAsWithdraw,
            detail,
        })
    };
    let (Some(header), Some(after_header)) =
        (input.get(..header_length), input.get(header_length..))
    else {
        return Err(broken(format!(
            "{} octet(s) left, too few for an attribute header",
            input.len()
        )));
    };
    let length = match header {
        [_, _, high, low] => usize::from(u16::from_be_bytes([*high, *low])),
        [_, _, length] => usize::from(*length),
        _ => 0,
    };
    let Some(value) = after_header.get(..length) else {
        let detail = format!(
            "attribute {type_code} length {length} runs past the {} octet(s) left",
            after_header.len()
        );
        if type_code == code::MP_REACH_NLRI || type_code == code::MP_UNREACH_NLRI {
            return Err(Framing::Reset(NotificationError::update(
                subcode::MALFORMED_ATTRIBUTE_LIST,
                Vec::new(),
                detail,
            )));
        }
        return Err(broken(detail));
    };
    let total = header_length + length;
    let whole = input.get(..total).unwrap_or(input);
    *rest = input.get(total..).unwrap_or_default();
    Ok(Framed {
        flags,
        type_code,
        value,
        whole,
    })
}

/// Checks flags and decodes one attribute that is not a duplicate.
fn decode_one<'a>(
    framed: &Framed<'a>,
    negotiated: &Negotiated,
    decoded: &mut DecodedAttributes<'a>,
    parts: &mut FourOctetParts,
) -> Result<(), NotificationError> {
    let Framed {
        flags,
        type_code,
        value,
        whole,
    } = *framed;
    let Some(rule) = rule_for(type_code) else {
        if flags & OPTIONAL == 0 {
            // RFC 4271 §6.3: "If any of the well-known mandatory attributes are not
            // recognized, then the Error Subcode MUST be set to Unrecognized Well-known
            // Attribute. The Data field MUST contain the unrecognized attribute (type,
            // length, and value)."
            return Err(NotificationError::update(
                subcode::UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
                whole.to_vec(),
                format!("unrecognized well-known attribute {type_code}"),
            ));
        }
        let attributes = &mut decoded.attributes;
        attributes
            .unknown
            .push(UnknownAttribute::received(flags, type_code, value));
        return Ok(());
    };
    if flags & (OPTIONAL | TRANSITIVE) != rule.optional_transitive {
        let detail = format!(
            "attribute {type_code} has flags 0x{flags:02X}, expected 0x{:02X}",
            rule.optional_transitive
        );
        return match rule.bad_flags {
            Some(action) => {
                decoded.problems.push(AttributeProblem {
                    type_code,
                    action,
                    detail,
                });
                Ok(())
            }
            // RFC 4271 §6.3: "If any recognized attribute has Attribute Flags that conflict
            // with the Attribute Type Code, then the Error Subcode MUST be set to Attribute
            // Flags Error. The Data field MUST contain the erroneous attribute".
            None => Err(NotificationError::update(
                subcode::ATTRIBUTE_FLAGS_ERROR,
                whole.to_vec(),
                detail,
            )),
        };
    }
    let mut outcome = Outcome {
        type_code,
        rule,
        problems: &mut decoded.problems,
    };
    let asn4 = negotiated.asn4;
    let attributes = &mut decoded.attributes;
    match type_code {
        code::ORIGIN => attributes.origin = outcome.keep(Origin::decode(value)),
        code::AS_PATH => attributes.as_path = outcome.keep(AsPath::decode(value, asn4)),
        code::NEXT_HOP => attributes.next_hop = outcome.keep(ipv4(value, "NEXT_HOP")),
        code::MULTI_EXIT_DISC => attributes.med = outcome.keep(number(value, "MULTI_EXIT_DISC")),
        code::LOCAL_PREF => {
            attributes.local_preference = outcome.keep(number(value, "LOCAL_PREF"));
        }
        code::ATOMIC_AGGREGATE => {
            attributes.atomic_aggregate = outcome
                .keep(exact_length(value, 0, "ATOMIC_AGGREGATE"))
                .is_some();
        }
        code::AGGREGATOR => attributes.aggregator = outcome.keep(Aggregator::decode(value, asn4)),
        code::COMMUNITIES => {
            attributes.communities = outcome.keep(decode_communities(value)).unwrap_or_default();
        }
        code::ORIGINATOR_ID => {
            attributes.originator_id = outcome.keep(ipv4(value, "ORIGINATOR_ID"));
        }
        code::CLUSTER_LIST => {
            // RFC 7606 §7.10: "considered malformed if its length is not a non-zero multiple
            // of 4".
            let list = fixed_size_items::<4>(value, "CLUSTER_LIST")
                .map(|items| items.map(Ipv4Addr::from).collect());
            attributes.cluster_list = outcome.keep(list).unwrap_or_default();
        }
        code::MP_REACH_NLRI => decoded.mp_reach = Some(value),
        code::MP_UNREACH_NLRI => decoded.mp_unreach = Some(value),
        code::EXTENDED_COMMUNITIES => {
            attributes.extended_communities = outcome
                .keep(decode_extended_communities(value))
                .unwrap_or_default();
        }
        code::AS4_PATH | code::AS4_AGGREGATOR if asn4 => {
            // RFC 6793 §4.1: "A NEW BGP speaker MUST NOT send the AS4_AGGREGATOR or AS4_PATH
            // attribute to another NEW speaker [...]. If it receives them, it MUST discard
            // them".
            outcome.keep::<()>(Err(format!(
                "attribute {type_code} received on a 4-octet AS session"
            )));
        }
        code::AS4_PATH => parts.as4_path = outcome.keep(decode_as4_path(value)),
        code::AS4_AGGREGATOR => {
            let aggregator = Aggregator::decode(value, true)
                .map_err(|detail| detail.replacen("AGGREGATOR", "AS4_AGGREGATOR", 1));
            parts.as4_aggregator = outcome.keep(aggregator);
        }
        code::IPV6_EXTENDED_COMMUNITIES => {
            attributes.ipv6_extended_communities = outcome
                .keep(decode_ipv6_extended_communities(value))
                .unwrap_or_default();
        }
        code::AIGP if !negotiated.aigp => {
            // RFC 7311 §3.1: "When an AIGP attribute is received on a BGP session for which
            // AIGP_SESSION is disabled, the attribute MUST be treated exactly as if it were an
            // unrecognized non-transitive attribute. That is, it MUST be quietly ignored and
            // not passed along to other BGP peers."
        }
        code::AIGP => attributes.aigp = outcome.keep(Aigp::decode(value)),
        code::PMSI_TUNNEL => {
            attributes.pmsi_tunnel = outcome.keep(PmsiTunnel::decode(value));
        }
        code::LARGE_COMMUNITIES => {
            attributes.large_communities = outcome
                .keep(decode_large_communities(value))
                .unwrap_or_default();
        }
        code::BGP_PREFIX_SID => attributes.prefix_sid = outcome.keep(PrefixSid::decode(value)),
        _ => {}
    }
    Ok(())
}

/// Records a malformed value with the action its rule names.
struct Outcome<'p> {
    type_code: u8,
    rule: Rule,
    problems: &'p mut Vec<AttributeProblem>,
}

impl Outcome<'_> {
    fn keep<T>(&mut self, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(detail) => {
                // Every rule with a decoder here names an action; MP attributes never fail.
                let action = self.rule.malformed.unwrap_or(ErrorAction::TreatAsWithdraw);
                self.problems.push(AttributeProblem {
                    type_code: self.type_code,
                    action,
                    detail,
                });
                None
            }
        }
    }
}

/// NEXT_HOP and ORIGINATOR_ID: RFC 7606 §7.3 and §7.9, malformed unless 4 octets.
fn ipv4(value: &[u8], name: &str) -> Result<Ipv4Addr, String> {
    let octets: [u8; 4] = value
        .try_into()
        .map_err(|_| format!("{name} length is {}, not 4", value.len()))?;
    Ok(Ipv4Addr::from(octets))
}

/// MULTI_EXIT_DISC and LOCAL_PREF: RFC 7606 §7.4 and §7.5, malformed unless 4 octets.
fn number(value: &[u8], name: &str) -> Result<u32, String> {
    let octets: [u8; 4] = value
        .try_into()
        .map_err(|_| format!("{name} length is {}, not 4", value.len()))?;
    Ok(u32::from_be_bytes(octets))
}
