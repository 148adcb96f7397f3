//! Flow routes (RFC 8955/8956): `flow route { [rd …;] [next-hop …;] match { … } [scope { … }]
//! [then { … }] }`, the one-line `flow route <match>* <action>*`, and 5.0's
//! `ipv4|ipv6 flow|flow-vpn <match>* <action>*`.
//!
//! Actions become extended communities, as in ExaBGP: `discard` (traffic-rate 0 from AS 0),
//! `rate-limit <bytes/s>` (`packets` for RFC 8955 traffic-rate-packets), `redirect <asn>:<nn>`,
//! `redirect <ipv4>:<nn>` (RFC 7674; ExaBGP refuses it as deprecated), `redirect <ip>` /
//! `redirect [<ipv6>]` (the next hop, plus redirect-to-nexthop), `redirect-to-nexthop`,
//! `redirect-to-nexthop-ietf <ip>`, `copy <ip>`, `mark <dscp>`, `action sample|terminal|
//! sample-terminal`, `interface-set …`; `accept` does nothing. Route attributes (community,
//! as-path, …) are accepted too. Differences from ExaBGP: `rd` and `next-hop` work in the
//! one-line form; IPv6 `redirect [<ip>]:<nn>` is refused (ExaBGP encodes it as a route target);
//! one source and one destination prefix at most. Must not parse match values (`flow_match.rs`).

use super::attributes::{ATTRIBUTE_KEYWORDS, Draft, Span};
use super::communities::insert_extended;
use super::flow_match::{FlowMatch, MATCH_KEYWORDS};
use super::tokens::{Cursor, Token, suggestion};
use super::values::{decimal, decimal_text, ip};
use super::{Action, Route, RouteNextHop, RouteSyntaxError};
use crate::wire::attribute::{Administrator, ExtendedCommunity, Ipv6ExtendedCommunity};
use crate::wire::family::Afi;
use crate::wire::iana::extended_community as iana;
use crate::wire::nlri::{FlowspecNlri, Nlri};
use std::net::IpAddr;

/// ExaBGP caps `rate-limit` at one terabyte per second.
const MAXIMUM_RATE: u64 = 1_000_000_000_000;

/// The action keywords.
pub(crate) const ACTION_KEYWORDS: [&str; 11] = [
    "accept",
    "discard",
    "rate-limit",
    "redirect",
    "redirect-to-nexthop",
    "redirect-to-nexthop-ietf",
    "copy",
    "mark",
    "action",
    "interface-set",
    "community",
];

/// Where a statement may appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// The one-line form or the route block: everything.
    Any,
    Match,
    Then,
    Scope,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct FlowDraft {
    draft: Draft,
    matches: FlowMatch,
}

/// After `flow route`: the block form (with an optional name before `{`) or the one-line form.
pub(super) fn flow_route(
    cursor: &mut Cursor<'_>,
    route_word: &Token<'_>,
    action: Action,
) -> Result<Route, RouteSyntaxError> {
    let mut flow = FlowDraft {
        draft: Draft::new(action),
        matches: FlowMatch::default(),
    };
    let mark = cursor.mark();
    let name = cursor.next_token();
    let block = match name {
        Some(token) if token.is("{") => true,
        Some(token) if !token.is(";") && cursor.peek_is("{") => {
            flow.draft.name = Some(token.text.to_string());
            cursor.next_token();
            true
        }
        _ => {
            cursor.rewind(mark);
            false
        }
    };
    if block {
        statements(cursor, &mut flow, Section::Any, true)?;
    } else {
        statements(cursor, &mut flow, Section::Any, false)?;
    }
    finish(flow, None, route_word, cursor)
}

/// After `ipv4|ipv6 flow|flow-vpn`: the one-line form with the address family given.
pub(super) fn family_flow(
    cursor: &mut Cursor<'_>,
    safi: &Token<'_>,
    ipv6: bool,
    action: Action,
) -> Result<Route, RouteSyntaxError> {
    let mut flow = FlowDraft {
        draft: Draft::new(action),
        matches: FlowMatch::default(),
    };
    statements(cursor, &mut flow, Section::Any, false)?;
    let vpn = safi.is("flow-vpn");
    match (&flow.draft.route_distinguisher, vpn) {
        (None, true) => {
            return Err(safi.error_with("a flow-vpn route needs an rd", "add rd <asn>:<number>"));
        }
        (Some((_, span)), false) => {
            return Err(RouteSyntaxError::new(
                span.0,
                span.1,
                "rd is not valid in a flow route of SAFI flow",
                Some("use flow-vpn".into()),
            ));
        }
        _ => {}
    }
    finish(
        flow,
        Some(if ipv6 { Afi::Ipv6 } else { Afi::Ipv4 }),
        safi,
        cursor,
    )
}

/// Reads statements until the end of the text (one-line form) or the `}` closing the block.
fn statements(
    cursor: &mut Cursor<'_>,
    flow: &mut FlowDraft,
    section: Section,
    block: bool,
) -> Result<(), RouteSyntaxError> {
    loop {
        let Some(keyword) = cursor.peek() else {
            if block {
                return Err(RouteSyntaxError::new(
                    cursor.text_length(),
                    cursor.text_length(),
                    "the `{` block is not closed",
                    Some("end it with `}`".into()),
                ));
            }
            return Ok(());
        };
        if keyword.is(";") {
            if !block {
                return Ok(());
            }
            cursor.next_token();
            continue;
        }
        cursor.next_token();
        if keyword.is("}") && block {
            return Ok(());
        }
        if section == Section::Any && block {
            let inner = match keyword.keyword().as_str() {
                "match" => Some(Section::Match),
                "then" => Some(Section::Then),
                "scope" => Some(Section::Scope),
                _ => None,
            };
            if let Some(inner) = inner {
                cursor.expect("{", &keyword)?;
                statements(cursor, flow, inner, true)?;
                continue;
            }
        }
        statement(cursor, flow, section, &keyword)?;
    }
}

fn statement(
    cursor: &mut Cursor<'_>,
    flow: &mut FlowDraft,
    section: Section,
    keyword: &Token<'_>,
) -> Result<(), RouteSyntaxError> {
    if matches!(section, Section::Any | Section::Match)
        && flow.matches.component(keyword, cursor)?
    {
        return Ok(());
    }
    if matches!(section, Section::Any | Section::Then | Section::Scope)
        && flow_action(cursor, flow, keyword, section)?
    {
        return Ok(());
    }
    if matches!(section, Section::Any | Section::Then) && flow.draft.attribute(keyword, cursor)? {
        return Ok(());
    }
    let words: Vec<&str> = match section {
        Section::Match => MATCH_KEYWORDS.to_vec(),
        Section::Scope => vec!["interface-set"],
        Section::Then => ACTION_KEYWORDS
            .iter()
            .chain(ATTRIBUTE_KEYWORDS.iter())
            .copied()
            .collect(),
        Section::Any => MATCH_KEYWORDS
            .iter()
            .chain(ACTION_KEYWORDS.iter())
            .chain(ATTRIBUTE_KEYWORDS.iter())
            .copied()
            .chain(["match", "then", "scope"])
            .collect(),
    };
    let place = match section {
        Section::Match => "in `match`",
        Section::Then => "in `then`",
        Section::Scope => "in `scope`",
        Section::Any => "in a flow route",
    };
    Err(keyword.error_with(
        format!("`{}` is not valid {place}", keyword.text),
        suggestion(keyword.text, &words),
    ))
}

/// Parses the action `keyword` introduces; `Ok(false)`: not an action.
fn flow_action(
    cursor: &mut Cursor<'_>,
    flow: &mut FlowDraft,
    keyword: &Token<'_>,
    section: Section,
) -> Result<bool, RouteSyntaxError> {
    let word = keyword.keyword();
    if section == Section::Scope && word != "interface-set" {
        return Ok(false);
    }
    let communities = &mut flow.draft.attributes.extended_communities;
    match word.as_str() {
        "accept" => {}
        "discard" => insert_extended(communities, ExtendedCommunity::traffic_rate(0, 0.0)),
        "rate-limit" => {
            let value = cursor.value(keyword, "a rate in bytes per second")?;
            let rate = decimal(&value, "rate-limit", u64::MAX)?.min(MAXIMUM_RATE);
            let packets = cursor.peek_is("packets");
            if packets || cursor.peek_is("bytes") {
                cursor.next_token();
            }
            let community = if packets {
                let mut bytes = [0u8; 8];
                bytes[0] = iana::TYPE_FLOWSPEC_TWO_OCTET_AS;
                bytes[1] = iana::SUBTYPE_TRAFFIC_RATE_PACKETS;
                bytes[4..8].copy_from_slice(&(rate as f32).to_be_bytes());
                ExtendedCommunity::from_bytes(bytes)
            } else {
                ExtendedCommunity::traffic_rate(0, rate as f32)
            };
            insert_extended(communities, community);
        }
        "redirect" => redirect(cursor, flow, keyword)?,
        "redirect-to-nexthop" | "redirect-next-hop" => {
            insert_extended(
                communities,
                ExtendedCommunity::RedirectToNextHop { copy: false },
            );
        }
        "redirect-to-nexthop-ietf" => {
            let value = cursor.value(keyword, "an IP address")?;
            match ip(&value, "redirect-to-nexthop-ietf")? {
                IpAddr::V4(address) => {
                    let mut bytes = [0u8; 8];
                    bytes[0] = iana::TYPE_IPV4_ADDRESS;
                    bytes[1] = iana::SUBTYPE_REDIRECT_TO_IP_IETF;
                    bytes[2..6].copy_from_slice(&address.octets());
                    insert_extended(communities, ExtendedCommunity::from_bytes(bytes));
                }
                IpAddr::V6(address) => {
                    let mut bytes = [0u8; 20];
                    bytes[1] = iana::SUBTYPE_REDIRECT_TO_IP_IETF;
                    bytes[2..18].copy_from_slice(&address.octets());
                    let list = &mut flow.draft.attributes.ipv6_extended_communities;
                    let community = Ipv6ExtendedCommunity(bytes);
                    if let Err(position) = list.binary_search_by_key(&bytes, |known| known.0) {
                        list.insert(position, community);
                    }
                }
            }
        }
        "copy" => {
            let value = cursor.value(keyword, "an IP address")?;
            let address = ip(&value, "copy")?;
            set_next_hop(flow, keyword, address, value.end)?;
            insert_extended(
                &mut flow.draft.attributes.extended_communities,
                ExtendedCommunity::RedirectToNextHop { copy: true },
            );
        }
        "mark" => {
            let value = cursor.value(keyword, "a DSCP value (0 to 63)")?;
            let dscp = decimal(&value, "mark (a DSCP value)", 63)? as u8;
            insert_extended(communities, ExtendedCommunity::TrafficMarking { dscp });
        }
        "action" => {
            let value = cursor.value(keyword, "sample, terminal or sample-terminal")?;
            let (sample, terminal) = match value.keyword().as_str() {
                "sample" => (true, false),
                "terminal" => (false, true),
                "sample-terminal" | "terminal-sample" => (true, true),
                _ => {
                    return Err(value.error_with(
                        format!("invalid flow action `{}`", value.text),
                        suggestion(value.text, &["sample", "terminal", "sample-terminal"]),
                    ));
                }
            };
            insert_extended(
                communities,
                ExtendedCommunity::TrafficAction { sample, terminal },
            );
        }
        "interface-set" => {
            for value in super::values::list(
                cursor,
                keyword,
                "transitive|non-transitive:<direction>:<asn>:<group>",
                interface_set,
            )? {
                insert_extended(&mut flow.draft.attributes.extended_communities, value);
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn set_next_hop(
    flow: &mut FlowDraft,
    keyword: &Token<'_>,
    address: IpAddr,
    end: usize,
) -> Result<(), RouteSyntaxError> {
    flow.draft.once("next-hop", keyword)?;
    flow.draft.next_hop = Some((RouteNextHop::Address(address), (keyword.start, end)));
    Ok(())
}

/// `redirect <asn>:<nn>`, `redirect <ipv4>:<nn>`, `redirect <ip>`, `redirect [<ipv6>]`.
fn redirect(
    cursor: &mut Cursor<'_>,
    flow: &mut FlowDraft,
    keyword: &Token<'_>,
) -> Result<(), RouteSyntaxError> {
    let hint = "write redirect <asn>:<number>, redirect <ipv4>:<number>, redirect <ip> or redirect [<ipv6>]";
    let communities_of = |flow: &mut FlowDraft, community| {
        insert_extended(&mut flow.draft.attributes.extended_communities, community)
    };
    if cursor.eat("[") {
        let value = cursor.value(keyword, "an IPv6 address")?;
        let address = ip(&value, "redirect")?;
        let close = cursor.expect("]", keyword)?;
        if let Some(number) = cursor
            .peek()
            .filter(|token| token.text.starts_with(':') && token.start == close.end)
        {
            return Err(number.error_with(
                "redirect to an IPv6 route target is not supported",
                "redirect to the IPv6 next hop instead: redirect [<ipv6>]",
            ));
        }
        set_next_hop(flow, keyword, address, close.end)?;
        communities_of(flow, ExtendedCommunity::RedirectToNextHop { copy: false });
        return Ok(());
    }
    let value = cursor.value(keyword, "a target")?;
    if let Ok(address) = value.text.parse::<IpAddr>() {
        set_next_hop(flow, keyword, address, value.end)?;
        communities_of(flow, ExtendedCommunity::RedirectToNextHop { copy: false });
        return Ok(());
    }
    let Some((global, local)) = value.text.rsplit_once(':') else {
        return Err(value.error_with(format!("invalid redirect `{}`", value.text), hint));
    };
    let administrator = if global.contains('.') {
        let address = global
            .parse()
            .map_err(|_| value.error_with(format!("invalid redirect `{}`", value.text), hint))?;
        let number = decimal_text(local, u64::from(u16::MAX)).ok_or_else(|| {
            value.error(format!(
                "in redirect `{}` the number after an IPv4 address is 0 to 65535",
                value.text
            ))
        })?;
        Administrator::Ipv4 {
            address,
            number: number as u16,
        }
    } else {
        let asn = decimal_text(global, u64::from(u32::MAX))
            .ok_or_else(|| value.error_with(format!("invalid redirect `{}`", value.text), hint))?;
        let number = decimal_text(local, u64::from(u32::MAX))
            .ok_or_else(|| value.error_with(format!("invalid redirect `{}`", value.text), hint))?;
        if asn > u64::from(u16::MAX) {
            let number = u16::try_from(number).map_err(|_| {
                value.error(format!(
                    "in redirect `{}` a 4-octet AS leaves 16 bits for the number (0 to 65535)",
                    value.text
                ))
            })?;
            Administrator::FourOctetAs {
                asn: asn as u32,
                number,
            }
        } else {
            Administrator::TwoOctetAs {
                asn: asn as u16,
                number: number as u32,
            }
        }
    };
    communities_of(flow, ExtendedCommunity::Redirect(administrator));
    Ok(())
}

/// `transitive|non-transitive:input|output|input-output:<asn>:<group>` (14-bit group).
fn interface_set(token: &Token<'_>) -> Result<ExtendedCommunity, RouteSyntaxError> {
    let hint = "write transitive|non-transitive:input|output|input-output:<asn>:<group>";
    let invalid = |detail: &str| {
        token.error_with(
            format!("invalid interface-set `{}`: {detail}", token.text),
            hint,
        )
    };
    let parts: Vec<&str> = token.text.split(':').collect();
    let [transitivity, direction, asn, group] = parts.as_slice() else {
        return Err(invalid("four fields are needed"));
    };
    let type_high = match transitivity.to_ascii_lowercase().as_str() {
        "transitive" => iana::TYPE_FLOWSPEC_INTERFACE_SET,
        "non-transitive" => iana::TYPE_FLOWSPEC_INTERFACE_SET_NON_TRANSITIVE,
        _ => return Err(invalid("the first field is transitive or non-transitive")),
    };
    let direction: u16 = match direction.to_ascii_lowercase().as_str() {
        "input" => 1,
        "output" => 2,
        "input-output" => 3,
        _ => return Err(invalid("the direction is input, output or input-output")),
    };
    let asn = decimal_text(asn, u64::from(u32::MAX))
        .ok_or_else(|| invalid("the AS number is 0 to 4294967295"))? as u32;
    let group =
        decimal_text(group, 0x3FFF).ok_or_else(|| invalid("the group is 0 to 16383"))? as u16;
    let mut bytes = [0u8; 8];
    bytes[0] = type_high;
    bytes[1] = iana::SUBTYPE_INTERFACE_SET;
    bytes[2..6].copy_from_slice(&asn.to_be_bytes());
    bytes[6..8].copy_from_slice(&((direction << 14) | group).to_be_bytes());
    Ok(ExtendedCommunity::from_bytes(bytes))
}

fn refuse(span: Option<Span>, what: &str) -> Result<(), RouteSyntaxError> {
    match span {
        Some((start, end)) => Err(RouteSyntaxError::new(
            start,
            end,
            format!("{what} is not valid in a flow route"),
            None,
        )),
        None => Ok(()),
    }
}

/// Decides the address family, checks the draft and builds the route.
fn finish(
    flow: FlowDraft,
    forced: Option<Afi>,
    context: &Token<'_>,
    cursor: &Cursor<'_>,
) -> Result<Route, RouteSyntaxError> {
    let FlowDraft { draft, matches } = flow;
    refuse(draft.labels.as_ref().map(|(_, span)| *span), "label")?;
    refuse(draft.split.map(|(_, span)| span), "split")?;
    refuse(draft.path_id.map(|(_, span)| span), "path-information")?;
    if draft.attributes.prefix_sid.is_some() {
        return Err(context.error("bgp-prefix-sid is not valid in a flow route"));
    }
    if matches.components.is_empty() {
        let (start, end) = cursor.whole();
        return Err(RouteSyntaxError::new(
            start,
            end,
            "a flow route needs at least one match, or it matches every packet",
            Some("add e.g. destination <prefix> or destination-port =80".into()),
        ));
    }
    let afi = match forced {
        Some(afi) => afi,
        None if matches.ipv4_prefix.is_some() => Afi::Ipv4,
        None if matches.ipv6_prefix.is_some() || matches.ipv6_word.is_some() => Afi::Ipv6,
        None => Afi::Ipv4,
    };
    let wrong_prefix = match afi {
        Afi::Ipv6 => matches.ipv4_prefix.as_ref(),
        _ => matches.ipv6_prefix.as_ref(),
    };
    if let Some((word, (start, end))) = wrong_prefix {
        return Err(RouteSyntaxError::new(
            *start,
            *end,
            format!(
                "{word} is not of the flow's address family ({})",
                afi.name()
            ),
            Some("announce separate IPv4 and IPv6 flow routes".into()),
        ));
    }
    if afi == Afi::Ipv4 {
        if let Some((start, end)) = matches.flow_label {
            return Err(RouteSyntaxError::new(
                start,
                end,
                "flow-label exists only in IPv6 flows",
                None,
            ));
        }
    } else if let Some((start, end)) = matches.dont_fragment {
        return Err(RouteSyntaxError::new(
            start,
            end,
            "dont-fragment does not exist in IPv6 flows (RFC 8956)",
            None,
        ));
    }
    let route_distinguisher = draft.route_distinguisher.map(|(rd, _)| rd);
    Ok(Route {
        nlri: Nlri::Flowspec(FlowspecNlri::new(
            afi,
            route_distinguisher,
            matches.components,
        )),
        next_hop: draft
            .next_hop
            .map_or(RouteNextHop::Absent, |(next_hop, _)| next_hop),
        attributes: draft.attributes,
        name: draft.name,
        watchdog: draft.watchdog,
        withdrawn: draft.withdrawn,
    })
}
