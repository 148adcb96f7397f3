//! ExaBGP's route grammar (`announce route …`, `announce attributes … nlri …`,
//! `announce ipv4|ipv6 <safi> …`, `announce flow route …`, `announce vpls …`): one pure parser
//! shared by the helper API and the configuration's static routes, so the two can never
//! disagree, and the canonical text of a route ([`Route`]'s `Display`), which the parser reads
//! back to the same route.
//!
//! Pure: text in, codec values out. Must not know about sessions (a `next-hop self` stays
//! [`RouteNextHop::SelfAddress`] until a peer resolves it), selectors (`neighbor … announce`)
//! or the other API commands (`eor`, `watchdog`, …): the command parser strips those and hands
//! the rest here. Never panics, on any input.
//!
//! Grammar decisions (ExaBGP 5.0's words and defaults, its bugs not copied) are listed in
//! docs of the parse functions and in `prefix_routes.rs`, `flow.rs`, `vpls.rs`.

mod attributes;
mod communities;
mod display;
mod flow;
mod flow_match;
mod prefix_routes;
mod tokens;
mod values;
mod vpls;

#[cfg(test)]
mod tests;

use crate::wire::attribute::Attributes;
use crate::wire::family::Family;
use crate::wire::nlri::{MpReach, NextHop, Nlri};
use std::fmt;
use std::net::IpAddr;
use tokens::{Cursor, suggestion};

/// The next hop a route asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RouteNextHop {
    /// None given: a withdrawal, or a flow route without redirect.
    Absent,
    /// `next-hop <ip>` (also set by a flow's `redirect <ip>` and `copy <ip>`).
    Address(IpAddr),
    /// `next-hop self`: the session's local address, resolved per peer.
    SelfAddress,
}

/// A route as the grammar describes it: what to announce (or withdraw) to a peer.
///
/// `nlri` carries the route's identity (prefix, path identifier, route distinguisher, labels,
/// flow components, VPLS block). `attributes` never holds `next_hop` (the NEXT_HOP attribute
/// is derived from `next_hop` when encoding, see [`Route::wire_next_hop`]); communities and
/// extended communities are sorted by wire value without duplicates, as ExaBGP sends them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Route {
    pub nlri: Nlri,
    pub next_hop: RouteNextHop,
    pub attributes: Attributes,
    /// `name <word>`: a label for logs, never sent.
    pub name: Option<String>,
    /// `watchdog <name>`: the watchdog group of a configuration route.
    pub watchdog: Option<String>,
    /// `withdraw`: a configuration route that starts withdrawn (until `announce watchdog`).
    pub withdrawn: bool,
}

impl Route {
    pub fn family(&self) -> Family {
        self.nlri.family()
    }

    /// The next hop to encode for this route on a session whose local address is `local`:
    /// `self` becomes `local`; no next hop is 0.0.0.0 for IPv4 unicast/multicast (ExaBGP's
    /// choice for withdrawals), none for every other family.
    pub fn wire_next_hop(&self, local: IpAddr) -> NextHop {
        let address = match self.next_hop {
            RouteNextHop::Address(address) => Some(address),
            RouteNextHop::SelfAddress => Some(local),
            RouteNextHop::Absent => None,
        };
        match address {
            Some(IpAddr::V4(address)) => NextHop::Ipv4(address),
            Some(IpAddr::V6(address)) => NextHop::Ipv6 {
                global: address,
                link_local: None,
            },
            None if self.family() == Family::IPV4_UNICAST => {
                NextHop::Ipv4(std::net::Ipv4Addr::UNSPECIFIED)
            }
            None => NextHop::None,
        }
    }

    /// The MP_REACH_NLRI value for this route alone (convenience for tests and tools).
    pub fn mp_reach(&self, local: IpAddr) -> MpReach {
        MpReach {
            family: self.family(),
            next_hop: self.wire_next_hop(local),
            nlri: vec![self.nlri.clone()],
        }
    }
}

/// Canonical text that [`parse_announcement`] (or [`parse_withdrawal`], for a route it
/// produced) reads back to the same route.
impl fmt::Display for Route {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&display::route_text(self))
    }
}

/// A mistake in route text, with the byte range of the offending word(s) in the text given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteSyntaxError {
    /// Byte offset of the first offending byte in the text given to the parser.
    pub start: usize,
    /// Byte offset one past the last offending byte.
    pub end: usize,
    /// What is wrong ("unknown attribute `meed`").
    pub message: String,
    /// What to do about it ("did you mean `med`?").
    pub hint: Option<String>,
}

impl RouteSyntaxError {
    pub fn new(
        start: usize,
        end: usize,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> RouteSyntaxError {
        RouteSyntaxError {
            start,
            end: end.max(start),
            message: message.into(),
            hint,
        }
    }
}

impl fmt::Display for RouteSyntaxError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(formatter, " ({hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for RouteSyntaxError {}

/// Whether the text announces or withdraws: only the checks differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    Announce,
    Withdraw,
}

/// Parses what follows `announce ` (or a static route in the configuration): `route 10.0.0.0/24
/// next-hop self med 100`, `attributes next-hop … nlri 10.0.0.0/24 10.0.1.0/24`,
/// `ipv6 unicast 2001:db8::/32 next-hop …`, `flow route …`, `vpls …`. One text may yield several
/// routes (`split`, `attributes … nlri`).
///
/// An announcement must be complete: a next hop for every prefix family and VPLS, a label for
/// `nlri-mpls`, a label and an rd for `mpls-vpn`, at least one match for a flow.
pub fn parse_announcement(text: &str) -> Result<Vec<Route>, RouteSyntaxError> {
    Ok(expand_all(parse(text, Action::Announce)?))
}

/// Parses an announcement as [`parse_announcement`] does, but keeps each route as written: a
/// `split` stays one [`WrittenRoute`] (the configuration holds it so, and expands it only
/// when handing it to a peer).
pub fn parse_written_announcement(text: &str) -> Result<Vec<WrittenRoute>, RouteSyntaxError> {
    parse(text, Action::Announce)
}

/// Parses what follows `withdraw `: the same grammar, but nothing beyond the NLRI is required
/// (no next hop, no label; a next hop or attributes given are kept but only the NLRI — the
/// route's identity — matters for withdrawing). ExaBGP fills in 0.0.0.0 as next hop; here the
/// next hop stays [`RouteNextHop::Absent`] and [`Route::wire_next_hop`] supplies it.
pub fn parse_withdrawal(text: &str) -> Result<Vec<Route>, RouteSyntaxError> {
    Ok(expand_all(parse(text, Action::Withdraw)?))
}

fn expand_all(written: Vec<WrittenRoute>) -> Vec<Route> {
    let count = written.iter().map(WrittenRoute::len).sum();
    let mut routes = Vec::with_capacity(count);
    for one in written {
        match one.split {
            None => routes.push(one.route),
            Some(_) => routes.extend(one.expand()),
        }
    }
    routes
}

/// How many NLRI `split /<length>` makes of `nlri` (1 without split, or for a family without
/// prefixes).
pub fn split_count(nlri: &Nlri, split: Option<u8>) -> usize {
    match (split, prefix_routes::prefix_of(nlri)) {
        (Some(length), Some(prefix)) if length > prefix.length => {
            1usize << u32::from(length - prefix.length).min(16)
        }
        _ => 1,
    }
}

/// Every NLRI `split /<length>` makes of `nlri`, in address order: `nlri` itself without split
/// (or for a family without prefixes), else one per sub-prefix, the rest of the NLRI (path
/// identifier, labels, rd) kept.
pub fn split_nlris(nlri: &Nlri, split: Option<u8>) -> impl Iterator<Item = Nlri> + '_ {
    let pieces = match (split, prefix_routes::prefix_of(nlri)) {
        (Some(length), Some(prefix)) => Some(prefix_routes::split_pieces(prefix, length)),
        _ => None,
    };
    let whole = pieces.is_none().then(|| nlri.clone());
    whole.into_iter().chain(
        pieces
            .into_iter()
            .flatten()
            .map(|piece| prefix_routes::with_prefix(nlri, piece)),
    )
}

/// One route as written in a text: a [`Route`] whose prefix may still be cut by `split`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WrittenRoute {
    pub route: Route,
    /// `split /<length>`: the route stands for every sub-prefix of this length of its prefix.
    /// `None` when there is no split, or the prefix is already that long.
    pub split: Option<u8>,
}

impl WrittenRoute {
    fn whole(route: Route) -> WrittenRoute {
        WrittenRoute { route, split: None }
    }

    /// How many routes this stands for.
    pub fn len(&self) -> usize {
        split_count(&self.route.nlri, self.split)
    }

    /// Never empty: at least the route itself.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The NLRI of every route this stands for, in address order.
    pub fn nlris(&self) -> impl Iterator<Item = Nlri> + '_ {
        split_nlris(&self.route.nlri, self.split)
    }

    /// Every route this stands for, in address order (what the helper API's parser returns
    /// for the same text).
    pub fn expand(&self) -> impl Iterator<Item = Route> + '_ {
        self.nlris().map(|nlri| Route {
            nlri,
            ..self.route.clone()
        })
    }
}

/// The words that may start a route text.
const LEADING_WORDS: [&str; 7] = [
    "route",
    "attribute",
    "attributes",
    "ipv4",
    "ipv6",
    "flow",
    "vpls",
];

fn parse(text: &str, action: Action) -> Result<Vec<WrittenRoute>, RouteSyntaxError> {
    let mut cursor = Cursor::new(text)?;
    let Some(first) = cursor.next_token() else {
        return Err(RouteSyntaxError::new(
            0,
            text.len(),
            "no route given",
            Some(format!("start with one of: {}", LEADING_WORDS.join(", "))),
        ));
    };
    let routes = match first.keyword().as_str() {
        "route" => prefix_routes::route(&mut cursor, &first, action)?,
        "attribute" | "attributes" => prefix_routes::attributes(&mut cursor, &first, action)?,
        "ipv4" | "ipv6" => family(&mut cursor, &first, action)?,
        "flow" => {
            let route_word = cursor.value(&first, "`route`")?;
            if !route_word.is("route") {
                return Err(route_word.error_with(
                    format!("expected `flow route`, found `flow {}`", route_word.text),
                    "write flow route { match { … } then { … } } or flow route <match> <action>",
                ));
            }
            vec![WrittenRoute::whole(flow::flow_route(
                &mut cursor,
                &route_word,
                action,
            )?)]
        }
        "vpls" => vec![WrittenRoute::whole(vpls::vpls(
            &mut cursor,
            &first,
            action,
        )?)],
        _ => {
            return Err(first.error_with(
                format!("`{}` does not start a route", first.text),
                suggestion(first.text, &LEADING_WORDS),
            ));
        }
    };
    // a trailing `;` (ExaBGP appends one to every API line) is harmless
    while cursor.eat(";") {}
    if let Some(extra) = cursor.next_token() {
        return Err(extra.error(format!("unexpected `{}` after the route", extra.text)));
    }
    Ok(routes)
}

/// `ipv4|ipv6 <safi> …` (ExaBGP 5.0's family syntax).
fn family(
    cursor: &mut Cursor<'_>,
    afi_word: &tokens::Token<'_>,
    action: Action,
) -> Result<Vec<WrittenRoute>, RouteSyntaxError> {
    let ipv6 = afi_word.is("ipv6");
    let safi = cursor.value(
        afi_word,
        "a sub-family (unicast, multicast, nlri-mpls, mpls-vpn, flow, flow-vpn)",
    )?;
    let safis = [
        "unicast",
        "multicast",
        "nlri-mpls",
        "labeled-unicast",
        "mpls-vpn",
        "flow",
        "flow-vpn",
        "mup",
        "mcast-vpn",
    ];
    match safi.keyword().as_str() {
        "unicast" | "multicast" | "nlri-mpls" | "labeled-unicast" | "mpls-vpn" => {
            prefix_routes::family_route(cursor, &safi, ipv6, action)
        }
        "flow" | "flow-vpn" => Ok(vec![WrittenRoute::whole(flow::family_flow(
            cursor, &safi, ipv6, action,
        )?)]),
        "mup" | "mcast-vpn" => Err(safi.error_with(
            format!("{} {} routes are not supported", afi_word.text, safi.text),
            "ferrobgp does not originate MUP or MCAST-VPN routes yet",
        )),
        _ => Err(safi.error_with(
            format!("unknown sub-family `{}`", safi.text),
            suggestion(safi.text, &safis),
        )),
    }
}
