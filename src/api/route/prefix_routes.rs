//! Routes to prefixes: `route <prefix> <attr>*`, `attribute(s) <attr>* nlri <prefix>…` and
//! `ipv4|ipv6 unicast|multicast|nlri-mpls|mpls-vpn <prefix> <attr>*`.
//!
//! Family selection (ExaBGP `configuration/static/__init__.py`): with `rd` the route is
//! mpls-vpn, else with `label` nlri-mpls, else unicast — or multicast for an IPv4 prefix in
//! 224.0.0.0/4. Unlike ExaBGP, the choice is made from the parsed keywords, not by looking for
//! the words anywhere in the line (`name rd` does not make a VPN route), and every announced
//! prefix route needs a next hop (ExaBGP only checks IPv4 unicast and multicast, and sends the
//! others with an empty next hop). Must not parse attribute values (`attributes.rs` does).

use super::attributes::{ATTRIBUTE_KEYWORDS, Draft, Span};
use super::tokens::{Cursor, Token, suggestion};
use super::values::prefix;
use super::{Action, Route, RouteNextHop, RouteSyntaxError, WrittenRoute};
use crate::wire::nlri::{LabelledNlri, Nlri, Prefix, PrefixNlri, VpnNlri};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// `split` may create at most 2^16 routes from one prefix.
const MAXIMUM_SPLIT_BITS: u8 = 16;

/// The family a text asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `route` / `attributes`: chosen from rd, label and the prefix.
    Automatic,
    Unicast,
    Multicast,
    Labelled,
    Vpn,
}

/// `route <prefix> <attr>*`, or the configuration's `route <prefix> { <attr>; … }`.
pub(super) fn route(
    cursor: &mut Cursor<'_>,
    keyword: &Token<'_>,
    action: Action,
) -> Result<Vec<WrittenRoute>, RouteSyntaxError> {
    let prefix_token = cursor.value(keyword, "a prefix")?;
    let parsed = prefix(&prefix_token)?;
    let mut draft = Draft::new(action);
    read_attributes(cursor, &mut draft, false)?;
    finish(draft, &[(parsed, prefix_token)], Kind::Automatic, None)
}

/// `attribute(s) <attr>* nlri <prefix> <prefix> …`: one attribute set (and rd, label,
/// path-information) for every prefix. All prefixes must be of one address family.
pub(super) fn attributes(
    cursor: &mut Cursor<'_>,
    keyword: &Token<'_>,
    action: Action,
) -> Result<Vec<WrittenRoute>, RouteSyntaxError> {
    let mut draft = Draft::new(action);
    let nlri_keyword = read_attributes(cursor, &mut draft, true)?.ok_or_else(|| {
        keyword.error_with(
            format!("`{}` without `nlri`", keyword.text),
            "end with nlri <prefix> <prefix> …",
        )
    })?;
    let mut prefixes: Vec<(Prefix, Token<'_>)> = Vec::new();
    while let Some(token) = cursor.peek() {
        if token.is(";") {
            break;
        }
        cursor.next_token();
        let parsed = prefix(&token)?;
        if let Some((first, _)) = prefixes.first()
            && first.afi() != parsed.afi()
        {
            return Err(token.error_with(
                format!("{parsed} is not of the address family of {first}"),
                "announce IPv4 and IPv6 prefixes in separate commands",
            ));
        }
        prefixes.push((parsed, token));
    }
    if prefixes.is_empty() {
        return Err(nlri_keyword.error("`nlri` needs at least one prefix"));
    }
    finish(draft, &prefixes, Kind::Automatic, None)
}

/// `ipv4|ipv6 <safi> <prefix> <attr>*` for unicast, multicast, nlri-mpls and mpls-vpn.
pub(super) fn family_route(
    cursor: &mut Cursor<'_>,
    safi: &Token<'_>,
    ipv6: bool,
    action: Action,
) -> Result<Vec<WrittenRoute>, RouteSyntaxError> {
    let kind = match safi.keyword().as_str() {
        "unicast" => Kind::Unicast,
        "multicast" => Kind::Multicast,
        "mpls-vpn" => Kind::Vpn,
        _ => Kind::Labelled,
    };
    let prefix_token = cursor.value(safi, "a prefix")?;
    let parsed = prefix(&prefix_token)?;
    if parsed.address.is_ipv6() != ipv6 {
        let afi = if ipv6 { "ipv6" } else { "ipv4" };
        return Err(prefix_token.error(format!("{parsed} is not an {afi} prefix")));
    }
    let mut draft = Draft::new(action);
    read_attributes(cursor, &mut draft, false)?;
    finish(draft, &[(parsed, prefix_token)], kind, Some(safi))
}

/// Reads attribute keywords until the end of the text (or `nlri`, when `until_nlri`); returns
/// the `nlri` keyword when it stopped there. A `{ … }` block with `;` separators is accepted
/// around the attributes (the configuration's form).
fn read_attributes<'a>(
    cursor: &mut Cursor<'a>,
    draft: &mut Draft,
    until_nlri: bool,
) -> Result<Option<Token<'a>>, RouteSyntaxError> {
    let block = cursor.peek().filter(|token| token.is("{"));
    if block.is_some() {
        cursor.next_token();
    }
    loop {
        let Some(keyword) = cursor.peek() else {
            if let Some(open) = block {
                return Err(open.error_with("the `{` block is not closed", "end it with `}`"));
            }
            return Ok(None);
        };
        if keyword.is(";") {
            if block.is_none() {
                return Ok(None);
            }
            cursor.next_token();
            continue;
        }
        if keyword.is("}") && block.is_some() {
            cursor.next_token();
            return Ok(None);
        }
        cursor.next_token();
        if until_nlri && keyword.is("nlri") {
            return Ok(Some(keyword));
        }
        if !draft.attribute(&keyword, cursor)? {
            let words: Vec<&str> = ATTRIBUTE_KEYWORDS
                .iter()
                .copied()
                .filter(|word| until_nlri || *word != "nlri")
                .collect();
            return Err(keyword.error_with(
                format!("unknown attribute `{}`", keyword.text),
                suggestion(keyword.text, &words),
            ));
        }
    }
}

fn is_ipv4_multicast(prefix: &Prefix) -> bool {
    matches!(prefix.address, IpAddr::V4(address) if address.octets()[0] & 0xF0 == 0xE0)
}

/// Checks what the family requires and builds one route per prefix as written, with the
/// `split` length that applies to it (checked here, expanded by [`WrittenRoute::expand`]).
fn finish(
    draft: Draft,
    prefixes: &[(Prefix, Token<'_>)],
    requested: Kind,
    safi: Option<&Token<'_>>,
) -> Result<Vec<WrittenRoute>, RouteSyntaxError> {
    let Some((first, first_token)) = prefixes.first() else {
        return Ok(Vec::new());
    };
    let kind = match requested {
        Kind::Automatic if draft.route_distinguisher.is_some() => Kind::Vpn,
        Kind::Automatic if draft.labels.is_some() => Kind::Labelled,
        Kind::Automatic if is_ipv4_multicast(first) => Kind::Multicast,
        Kind::Automatic => Kind::Unicast,
        other => other,
    };
    let family_name = safi.map_or("this route", |token| token.text);
    let refuse = |span: Span, what: &str, instead: &str| {
        RouteSyntaxError::new(
            span.0,
            span.1,
            format!("{what} is not valid in {family_name}"),
            Some(format!("use {instead}")),
        )
    };
    if matches!(kind, Kind::Unicast | Kind::Multicast | Kind::Labelled)
        && let Some((_, span)) = draft.route_distinguisher
    {
        return Err(refuse(
            span,
            "rd",
            "mpls-vpn (ipv4 mpls-vpn …, or route … rd … label …)",
        ));
    }
    if matches!(kind, Kind::Unicast | Kind::Multicast)
        && let Some((_, span)) = draft.labels
    {
        return Err(refuse(
            span,
            "label",
            "nlri-mpls (ipv4 nlri-mpls …, or route … label …)",
        ));
    }
    if draft.action == Action::Announce {
        if kind == Kind::Vpn && draft.route_distinguisher.is_none() {
            return Err(first_token.error_with(
                "an mpls-vpn route needs an rd",
                "add rd <asn>:<number> or rd <ipv4>:<number>",
            ));
        }
        if matches!(kind, Kind::Vpn | Kind::Labelled) && draft.labels.is_none() {
            let (start, end) = draft
                .route_distinguisher
                .map_or((first_token.start, first_token.end), |(_, span)| span);
            let message = if kind == Kind::Vpn {
                "a label is required with rd"
            } else {
                "an nlri-mpls route needs a label"
            };
            return Err(RouteSyntaxError::new(
                start,
                end,
                message,
                Some("add label <n> (or label [ <n> <n> ] for a stack)".into()),
            ));
        }
        if draft.next_hop.is_none() {
            return Err(first_token.error_with(
                format!("the route to {first} has no next-hop"),
                "add next-hop <ip> or next-hop self (only a withdrawal may leave it out)",
            ));
        }
    }
    let mut routes = Vec::with_capacity(prefixes.len());
    for (prefix, _) in prefixes {
        let split = split_length(prefix, draft.split)?;
        routes.push(WrittenRoute {
            route: build(&draft, kind, *prefix),
            split,
        });
    }
    Ok(routes)
}

fn build(draft: &Draft, kind: Kind, prefix: Prefix) -> Route {
    let path_id = draft.path_id.map(|(value, _)| value);
    let labels = draft
        .labels
        .as_ref()
        .map(|(labels, _)| labels.clone())
        .unwrap_or_default();
    let nlri = match kind {
        Kind::Multicast => Nlri::Multicast(PrefixNlri { path_id, prefix }),
        Kind::Labelled => Nlri::Labelled(LabelledNlri {
            path_id,
            labels,
            prefix,
        }),
        Kind::Vpn => Nlri::Vpn(VpnNlri {
            path_id,
            labels,
            route_distinguisher: draft
                .route_distinguisher
                .map(|(rd, _)| rd)
                .unwrap_or(crate::wire::nlri::RouteDistinguisher::ZERO),
            prefix,
        }),
        Kind::Unicast | Kind::Automatic => Nlri::Unicast(PrefixNlri { path_id, prefix }),
    };
    Route {
        nlri,
        next_hop: draft
            .next_hop
            .map_or(RouteNextHop::Absent, |(next_hop, _)| next_hop),
        attributes: draft.attributes.clone(),
        name: draft.name.clone(),
        watchdog: draft.watchdog.clone(),
        withdrawn: draft.withdrawn,
    }
}

/// `split /<length>` checked against `prefix`: the length to cut it into, or `None` when the
/// prefix stays whole (no `split`, or the prefix is already that long or longer, as in ExaBGP).
fn split_length(
    prefix: &Prefix,
    split: Option<(u8, Span)>,
) -> Result<Option<u8>, RouteSyntaxError> {
    let Some((length, span)) = split else {
        return Ok(None);
    };
    let maximum = if prefix.address.is_ipv4() { 32 } else { 128 };
    if length > maximum {
        return Err(RouteSyntaxError::new(
            span.0,
            span.1,
            format!("split /{length} is longer than /{maximum}"),
            None,
        ));
    }
    if length <= prefix.length {
        return Ok(None);
    }
    let bits = length - prefix.length;
    if bits > MAXIMUM_SPLIT_BITS {
        return Err(RouteSyntaxError::new(
            span.0,
            span.1,
            format!("split /{length} of {prefix} would make 2^{bits} routes"),
            Some(format!(
                "split into at most 2^{MAXIMUM_SPLIT_BITS} routes (/{})",
                prefix.length.saturating_add(MAXIMUM_SPLIT_BITS)
            )),
        ));
    }
    Ok(Some(length))
}

/// Every sub-prefix of `prefix` of `length` bits, in address order (`prefix` itself when it is
/// already that long or longer). At most 2^16 pieces.
pub(super) fn split_pieces(prefix: Prefix, length: u8) -> impl Iterator<Item = Prefix> {
    let maximum: u8 = if prefix.address.is_ipv4() { 32 } else { 128 };
    let length = length.clamp(prefix.length, maximum);
    let bits = u32::from(length - prefix.length).min(u32::from(MAXIMUM_SPLIT_BITS));
    let count = 1u32 << bits;
    let step_shift = u32::from(maximum - length);
    (0..count).filter_map(move |index| {
        let address = match prefix.address {
            IpAddr::V4(address) => {
                let offset = index.checked_shl(step_shift).unwrap_or(0);
                IpAddr::V4(Ipv4Addr::from(u32::from(address) | offset))
            }
            IpAddr::V6(address) => {
                let offset = u128::from(index).checked_shl(step_shift).unwrap_or(0);
                IpAddr::V6(Ipv6Addr::from(u128::from(address) | offset))
            }
        };
        Prefix::new(address, length)
    })
}

/// `nlri` with its prefix replaced by `prefix` (prefix families; any other NLRI unchanged).
pub(super) fn with_prefix(nlri: &Nlri, prefix: Prefix) -> Nlri {
    let mut copy = nlri.clone();
    match &mut copy {
        Nlri::Unicast(inner) | Nlri::Multicast(inner) => inner.prefix = prefix,
        Nlri::Labelled(inner) => inner.prefix = prefix,
        Nlri::Vpn(inner) => inner.prefix = prefix,
        _ => {}
    }
    copy
}

/// The prefix of a prefix-family NLRI.
pub(super) fn prefix_of(nlri: &Nlri) -> Option<Prefix> {
    match nlri {
        Nlri::Unicast(inner) | Nlri::Multicast(inner) => Some(inner.prefix),
        Nlri::Labelled(inner) => Some(inner.prefix),
        Nlri::Vpn(inner) => Some(inner.prefix),
        _ => None,
    }
}
