//! The match components of a flow route (ExaBGP `configuration/flow/parser.py`): prefixes,
//! `protocol`, ports, ICMP, `tcp-flags`, `packet-length`, `dscp`, `fragment`, `flow-label`,
//! with ExaBGP's operators and names — and the text each component is written back as.
//!
//! A value is one expression or a `[ … ]` list of them (OR); an expression is `<op><value>`
//! joined by `&` (AND), e.g. `>8080&<8088`. Numeric operators: `=` (the default), `>`, `<`,
//! `>=`, `<=`, `!=`, `true`, `false`; bitmask operators: none (any bit), `=` (all bits), `!`,
//! `!=`. Names join with `+` (`syn+ack`). A keyword given twice adds to the same component
//! (OR), as in ExaBGP. Must not deal with actions or the route around the components.

use super::RouteSyntaxError;
use super::attributes::Span;
use super::tokens::{Cursor, Token, is_delimiter, suggestion};
use super::values::number_text;
use crate::wire::nlri::flowspec::names::{icmp_type_name, protocol_name};
use crate::wire::nlri::{BitmaskMatch, FlowComponent, FlowPrefix, NumericMatch, Prefix};
use std::net::IpAddr;

/// Every match keyword.
pub(crate) const MATCH_KEYWORDS: [&str; 19] = [
    "source",
    "source-ipv4",
    "source-ipv6",
    "destination",
    "destination-ipv4",
    "destination-ipv6",
    "protocol",
    "next-header",
    "port",
    "destination-port",
    "source-port",
    "icmp-type",
    "icmp-code",
    "tcp-flags",
    "packet-length",
    "dscp",
    "traffic-class",
    "fragment",
    "flow-label",
];

const PROTOCOLS: [(&str, u64); 13] = [
    ("icmp", 1),
    ("igmp", 2),
    ("tcp", 6),
    ("egp", 8),
    ("udp", 17),
    ("rsvp", 46),
    ("gre", 47),
    ("esp", 50),
    ("ah", 51),
    ("ospf", 89),
    ("ipip", 94),
    ("pim", 103),
    ("sctp", 132),
];

const ICMP_TYPES: [(&str, u64); 16] = [
    ("echo-reply", 0),
    ("unreachable", 3),
    ("redirect", 5),
    ("echo-request", 8),
    ("router-advertisement", 9),
    ("router-solicit", 10),
    ("time-exceeded", 11),
    ("parameter-problem", 12),
    ("timestamp", 13),
    ("timestamp-reply", 14),
    ("photuris", 40),
    ("experimental-mobility", 41),
    ("extended-echo-request", 42),
    ("extended-echo-reply", 43),
    ("experimental-one", 253),
    ("experimental-two", 254),
];

const ICMP_CODES: [(&str, u64); 22] = [
    ("network-unreachable", 0),
    ("host-unreachable", 1),
    ("protocol-unreachable", 2),
    ("port-unreachable", 3),
    ("fragmentation-needed", 4),
    ("source-route-failed", 5),
    ("destination-network-unknown", 6),
    ("destination-host-unknown", 7),
    ("source-host-isolated", 8),
    ("destination-network-prohibited", 9),
    ("destination-host-prohibited", 10),
    ("network-unreachable-for-tos", 11),
    ("host-unreachable-for-tos", 12),
    ("communication-prohibited-by-filtering", 13),
    ("host-precedence-violation", 14),
    ("precedence-cutoff-in-effect", 15),
    ("redirect-for-network", 0),
    ("redirect-for-host", 1),
    ("redirect-for-tos-and-net", 2),
    ("redirect-for-tos-and-host", 3),
    ("ttl-eq-zero-during-transit", 0),
    ("ttl-eq-zero-during-reassembly", 1),
];

pub(crate) const TCP_FLAGS: [(&str, u64); 9] = [
    ("fin", 0x01),
    ("syn", 0x02),
    ("rst", 0x04),
    ("push", 0x08),
    ("ack", 0x10),
    ("urg", 0x20),
    ("ece", 0x40),
    ("cwr", 0x80),
    ("ns", 0x100),
];

pub(crate) const FRAGMENTS: [(&str, u64); 4] = [
    ("dont-fragment", 0x01),
    ("is-fragment", 0x02),
    ("first-fragment", 0x04),
    ("last-fragment", 0x08),
];

/// How one component's values are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ValueRule {
    what: &'static str,
    maximum: u64,
    names: &'static [(&'static str, u64)],
}

/// The components met so far, and what they say about the address family.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FlowMatch {
    pub components: Vec<FlowComponent>,
    /// An IPv6-only keyword (`flow-label`, `next-header`, `traffic-class`), when no prefix
    /// tells the family.
    pub ipv6_word: Option<(String, Span)>,
    /// The first IPv4 prefix and the first IPv6 prefix.
    pub ipv4_prefix: Option<(String, Span)>,
    pub ipv6_prefix: Option<(String, Span)>,
    /// Where `flow-label` and a `dont-fragment` bit were given (IPv6-only / IPv4-only checks).
    pub flow_label: Option<Span>,
    pub dont_fragment: Option<Span>,
}

impl FlowMatch {
    /// Parses the component `keyword` introduces; `Ok(false)`: not a match keyword.
    pub fn component(
        &mut self,
        keyword: &Token<'_>,
        cursor: &mut Cursor<'_>,
    ) -> Result<bool, RouteSyntaxError> {
        let word = keyword.keyword();
        let span = (keyword.start, keyword.end);
        match word.as_str() {
            "source" | "source-ipv4" | "source-ipv6" | "destination" | "destination-ipv4"
            | "destination-ipv6" => {
                let value = cursor.value(keyword, "a prefix")?;
                let prefix = self.flow_prefix(&value, &word)?;
                let component = if word.starts_with("source") {
                    FlowComponent::SourcePrefix(prefix)
                } else {
                    FlowComponent::DestinationPrefix(prefix)
                };
                if self
                    .components
                    .iter()
                    .any(|known| known.type_code() == component.type_code())
                {
                    return Err(keyword.error_with(
                        format!(
                            "a flow has one {} prefix",
                            if word.starts_with("source") {
                                "source"
                            } else {
                                "destination"
                            }
                        ),
                        "announce one flow route per prefix",
                    ));
                }
                self.components.push(component);
            }
            "protocol" | "next-header" => {
                if word == "next-header" {
                    self.ipv6_word.get_or_insert((word.clone(), span));
                }
                let rule = ValueRule {
                    what: "protocol",
                    maximum: 0xFF,
                    names: &PROTOCOLS,
                };
                let list = numeric_list(cursor, keyword, rule)?;
                self.add(FlowComponent::IpProtocol(list));
            }
            "port" | "destination-port" | "source-port" | "packet-length" => {
                let rule = ValueRule {
                    what: "port",
                    maximum: 0xFFFF,
                    names: &[],
                };
                let rule = if word == "packet-length" {
                    ValueRule {
                        what: "packet length",
                        ..rule
                    }
                } else {
                    rule
                };
                let list = numeric_list(cursor, keyword, rule)?;
                self.add(match word.as_str() {
                    "port" => FlowComponent::Port(list),
                    "destination-port" => FlowComponent::DestinationPort(list),
                    "source-port" => FlowComponent::SourcePort(list),
                    _ => FlowComponent::PacketLength(list),
                });
            }
            "icmp-type" => {
                let rule = ValueRule {
                    what: "icmp type",
                    maximum: 0xFF,
                    names: &ICMP_TYPES,
                };
                self.add(FlowComponent::IcmpType(numeric_list(
                    cursor, keyword, rule,
                )?));
            }
            "icmp-code" => {
                let rule = ValueRule {
                    what: "icmp code",
                    maximum: 0xFF,
                    names: &ICMP_CODES,
                };
                self.add(FlowComponent::IcmpCode(numeric_list(
                    cursor, keyword, rule,
                )?));
            }
            "dscp" => {
                let rule = ValueRule {
                    what: "dscp",
                    maximum: 0x3F,
                    names: &[],
                };
                self.add(FlowComponent::Dscp(numeric_list(cursor, keyword, rule)?));
            }
            "traffic-class" => {
                self.ipv6_word.get_or_insert((word.clone(), span));
                let rule = ValueRule {
                    what: "traffic class",
                    maximum: 0xFF,
                    names: &[],
                };
                self.add(FlowComponent::Dscp(numeric_list(cursor, keyword, rule)?));
            }
            "flow-label" => {
                self.ipv6_word.get_or_insert((word.clone(), span));
                self.flow_label.get_or_insert(span);
                let rule = ValueRule {
                    what: "flow label",
                    maximum: 0xF_FFFF,
                    names: &[],
                };
                self.add(FlowComponent::FlowLabel(numeric_list(
                    cursor, keyword, rule,
                )?));
            }
            "tcp-flags" => {
                let rule = ValueRule {
                    what: "tcp flag",
                    maximum: 0xFFFF,
                    names: &TCP_FLAGS,
                };
                self.add(FlowComponent::TcpFlags(bitmask_list(
                    cursor, keyword, rule,
                )?));
            }
            "fragment" => {
                let rule = ValueRule {
                    what: "fragment",
                    maximum: 0x0F,
                    names: &FRAGMENTS,
                };
                let list = bitmask_list(cursor, keyword, rule)?;
                if list.iter().any(|pair| pair.value & 0x01 != 0) {
                    self.dont_fragment.get_or_insert(span);
                }
                self.add(FlowComponent::Fragment(list));
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Appends the values of `component` to the component of the same type (OR), or adds it.
    fn add(&mut self, component: FlowComponent) {
        use FlowComponent::*;
        for known in &mut self.components {
            match (known, &component) {
                (IpProtocol(list), IpProtocol(more))
                | (Port(list), Port(more))
                | (DestinationPort(list), DestinationPort(more))
                | (SourcePort(list), SourcePort(more))
                | (IcmpType(list), IcmpType(more))
                | (IcmpCode(list), IcmpCode(more))
                | (PacketLength(list), PacketLength(more))
                | (Dscp(list), Dscp(more))
                | (FlowLabel(list), FlowLabel(more)) => {
                    list.extend(more.iter().copied());
                    return;
                }
                (TcpFlags(list), TcpFlags(more)) | (Fragment(list), Fragment(more)) => {
                    list.extend(more.iter().copied());
                    return;
                }
                _ => {}
            }
        }
        self.components.push(component);
    }

    /// `<ipv4>/<length>`, `<ipv6>/<length>` or `<ipv6>/<length>/<offset>` (RFC 8956).
    fn flow_prefix(
        &mut self,
        token: &Token<'_>,
        word: &str,
    ) -> Result<FlowPrefix, RouteSyntaxError> {
        let hint = "write <ipv4>/<length>, <ipv6>/<length> or <ipv6>/<length>/<offset>";
        let parts: Vec<&str> = token.text.split('/').collect();
        let (address_text, length_text, offset_text) = match parts.as_slice() {
            [address, length] => (*address, *length, None),
            [address, length, offset] => (*address, *length, Some(*offset)),
            _ => {
                return Err(
                    token.error_with(format!("`{}` is not a valid flow prefix", token.text), hint)
                );
            }
        };
        let address: IpAddr = address_text.parse().map_err(|_| {
            token.error_with(format!("`{}` is not a valid flow prefix", token.text), hint)
        })?;
        let maximum = if address.is_ipv4() { 32 } else { 128 };
        let length = super::values::decimal_text(length_text, maximum).ok_or_else(|| {
            token.error(format!(
                "invalid prefix length in `{}`: it must be 0 to {maximum}",
                token.text
            ))
        })? as u8;
        let prefix =
            Prefix::new(address, length).ok_or_else(|| token.error("invalid prefix length"))?;
        if prefix.address != address {
            return Err(token.error_with(
                format!("invalid network {address_text} for netmask {length}: host bits are set"),
                format!("did you mean {prefix}?"),
            ));
        }
        let span = (token.start, token.end);
        if address.is_ipv4() {
            if offset_text.is_some() {
                return Err(token.error("an offset is only for IPv6 flow prefixes"));
            }
            if word.ends_with("ipv6") {
                return Err(token.error(format!("`{word}` needs an IPv6 prefix")));
            }
            self.ipv4_prefix.get_or_insert((prefix.to_string(), span));
            return Ok(FlowPrefix::new(prefix));
        }
        if word.ends_with("ipv4") {
            return Err(token.error(format!("`{word}` needs an IPv4 prefix")));
        }
        self.ipv6_prefix.get_or_insert((prefix.to_string(), span));
        let offset = match offset_text {
            None => 0,
            Some(text) => super::values::decimal_text(text, 128).unwrap_or(u64::MAX) as u8,
        };
        FlowPrefix::with_offset(prefix, offset).ok_or_else(|| {
            token.error(format!(
                "offset in `{}` must be smaller than the prefix length ({length})",
                token.text
            ))
        })
    }
}

/// `value` or `[ value value … ]`: the expressions of one component.
fn expressions<'a>(
    cursor: &mut Cursor<'a>,
    keyword: &Token<'_>,
) -> Result<Vec<Token<'a>>, RouteSyntaxError> {
    let first = cursor.any(keyword, "a value")?;
    if !first.is("[") {
        if is_delimiter(first.text) && !first.quoted {
            return Err(first.error(format!(
                "`{}` needs a value, found `{}`",
                keyword.text, first.text
            )));
        }
        return Ok(vec![first]);
    }
    let mut list = Vec::new();
    loop {
        let Some(token) = cursor.next_token() else {
            return Err(first.error_with(
                format!("the list of `{}` is not closed", keyword.text),
                "end the list with `]`",
            ));
        };
        if token.is("]") {
            if list.is_empty() {
                return Err(token.error(format!("`{}` has an empty list", keyword.text)));
            }
            return Ok(list);
        }
        if token.is(",") {
            continue;
        }
        if is_delimiter(token.text) && !token.quoted {
            return Err(token.error(format!(
                "unexpected `{}` in the list of `{}`",
                token.text, keyword.text
            )));
        }
        list.push(token);
    }
}

/// The `&`-separated terms of one expression, each with its byte offset in the token.
fn terms<'a>(token: &Token<'a>) -> Result<Vec<(&'a str, usize)>, RouteSyntaxError> {
    let mut terms = Vec::new();
    let mut offset = 0;
    for term in token.text.split('&') {
        if term.is_empty() {
            return Err(token.error_with(
                format!("`{}` has an empty term around `&`", token.text),
                "join conditions as <op><value>&<op><value>, e.g. >1024&<2000",
            ));
        }
        terms.push((term, offset));
        offset += term.len() + 1;
    }
    Ok(terms)
}

fn named_value(text: &str, rule: ValueRule, token: &Token<'_>) -> Result<u64, RouteSyntaxError> {
    let mut total: u64 = 0;
    for part in text.split('+') {
        let lower = part.to_ascii_lowercase().replace('_', "-");
        let value = rule
            .names
            .iter()
            .find(|(name, _)| {
                *name == lower || (rule.what == "tcp flag" && lower == "urgent" && *name == "urg")
            })
            .map(|(_, value)| *value)
            .or_else(|| number_text(part, rule.maximum));
        let Some(value) = value else {
            let hint = if rule.names.is_empty() {
                format!("a {} is a number from 0 to {}", rule.what, rule.maximum)
            } else if lower == "not-a-fragment" {
                "`not-a-fragment` was removed: write `!is-fragment`".to_string()
            } else {
                let names: Vec<&str> = rule.names.iter().map(|(name, _)| *name).collect();
                format!(
                    "{} (or a number from 0 to {})",
                    suggestion(part, &names),
                    rule.maximum
                )
            };
            return Err(token.error_with(
                format!("invalid {} `{part}` in `{}`", rule.what, token.text),
                hint,
            ));
        };
        total = total
            .checked_add(value)
            .filter(|sum| *sum <= rule.maximum)
            .ok_or_else(|| {
                token.error(format!(
                    "{} `{}` is larger than {}",
                    rule.what, token.text, rule.maximum
                ))
            })?;
    }
    Ok(total)
}

fn numeric_list(
    cursor: &mut Cursor<'_>,
    keyword: &Token<'_>,
    rule: ValueRule,
) -> Result<Vec<NumericMatch>, RouteSyntaxError> {
    let mut list = Vec::new();
    for token in expressions(cursor, keyword)? {
        for (index, (term, _)) in terms(&token)?.into_iter().enumerate() {
            let lower = term.to_ascii_lowercase();
            let (less_than, greater_than, equal, rest) =
                if let Some(rest) = lower.strip_prefix("true") {
                    (true, true, true, rest)
                } else if let Some(rest) = lower.strip_prefix("false") {
                    (false, false, false, rest)
                } else if let Some(rest) = lower.strip_prefix("!=") {
                    (true, true, false, rest)
                } else if let Some(rest) = lower.strip_prefix(">=") {
                    (false, true, true, rest)
                } else if let Some(rest) = lower.strip_prefix("<=") {
                    (true, false, true, rest)
                } else if let Some(rest) = lower.strip_prefix('>') {
                    (false, true, false, rest)
                } else if let Some(rest) = lower.strip_prefix('<') {
                    (true, false, false, rest)
                } else if let Some(rest) = lower.strip_prefix('=') {
                    (false, false, true, rest)
                } else {
                    (false, false, true, lower.as_str())
                };
            let value = if rest.is_empty() && (less_than == greater_than && greater_than == equal) {
                0
            } else {
                named_value(rest, rule, &token)?
            };
            let and = index > 0;
            list.push(NumericMatch::new(
                and && !list.is_empty(),
                less_than,
                greater_than,
                equal,
                value,
            ));
        }
    }
    Ok(list)
}

fn bitmask_list(
    cursor: &mut Cursor<'_>,
    keyword: &Token<'_>,
    rule: ValueRule,
) -> Result<Vec<BitmaskMatch>, RouteSyntaxError> {
    let mut list = Vec::new();
    for token in expressions(cursor, keyword)? {
        for (index, (term, _)) in terms(&token)?.into_iter().enumerate() {
            let (not, match_all, rest) = if let Some(rest) = term.strip_prefix("!=") {
                (true, true, rest)
            } else if let Some(rest) = term.strip_prefix('!') {
                (true, false, rest)
            } else if let Some(rest) = term.strip_prefix('=') {
                (false, true, rest)
            } else {
                (false, false, term)
            };
            let value = named_value(rest, rule, &token)?;
            list.push(BitmaskMatch::new(
                index > 0 && !list.is_empty(),
                not,
                match_all,
                value,
            ));
        }
    }
    Ok(list)
}

/// The text of one numeric condition: operator and value (a name where one is known).
pub(crate) fn numeric_text(pair: &NumericMatch, value_text: &str) -> String {
    let and = if pair.and { "&" } else { "" };
    let operator = match (pair.less_than, pair.greater_than, pair.equal) {
        (false, false, true) => "=",
        (false, true, false) => ">",
        (false, true, true) => ">=",
        (true, false, false) => "<",
        (true, false, true) => "<=",
        (true, true, false) => "!=",
        (true, true, true) => "true",
        (false, false, false) => "false",
    };
    if operator.len() > 2 && pair.value == 0 {
        return format!("{and}{operator}");
    }
    format!("{and}{operator}{value_text}")
}

/// The text of one bitmask condition.
pub(crate) fn bitmask_text(pair: &BitmaskMatch, names: &[(&str, u64)]) -> String {
    let and = if pair.and { "&" } else { "" };
    let operator = match (pair.not, pair.match_all) {
        (false, false) => "",
        (true, false) => "!",
        (false, true) => "=",
        (true, true) => "!=",
    };
    let mut left = pair.value;
    let mut parts = Vec::new();
    for (name, bit) in names {
        if left & bit != 0 {
            parts.push(*name);
            left &= !bit;
        }
    }
    let value = if left != 0 || parts.is_empty() {
        format!("0x{:X}", pair.value)
    } else {
        parts.join("+")
    };
    format!("{and}{operator}{value}")
}

/// The text of a component's values: one expression, or a `[ … ]` list when there are several
/// OR-ed expressions.
pub(crate) fn component_values(component: &FlowComponent) -> String {
    let numeric = |list: &[NumericMatch], name: fn(u64) -> String| -> Vec<(bool, String)> {
        list.iter()
            .map(|pair| (pair.and, numeric_text(pair, &name(pair.value))))
            .collect()
    };
    let bitmask = |list: &[BitmaskMatch], names: &[(&str, u64)]| -> Vec<(bool, String)> {
        list.iter()
            .map(|pair| (pair.and, bitmask_text(pair, names)))
            .collect()
    };
    let number = |value: u64| value.to_string();
    let pairs = match component {
        FlowComponent::DestinationPrefix(prefix) | FlowComponent::SourcePrefix(prefix) => {
            return prefix.exabgp_text();
        }
        FlowComponent::IpProtocol(list) => numeric(list, protocol_name),
        FlowComponent::IcmpType(list) => numeric(list, icmp_type_name),
        FlowComponent::Port(list)
        | FlowComponent::DestinationPort(list)
        | FlowComponent::SourcePort(list)
        | FlowComponent::IcmpCode(list)
        | FlowComponent::PacketLength(list)
        | FlowComponent::Dscp(list)
        | FlowComponent::FlowLabel(list) => numeric(list, number),
        FlowComponent::TcpFlags(list) => bitmask(list, &TCP_FLAGS),
        FlowComponent::Fragment(list) => bitmask(list, &FRAGMENTS),
    };
    // AND-ed conditions stay in one expression ("&" glued), OR-ed ones are list entries
    let mut expressions: Vec<String> = Vec::new();
    for (and, text) in pairs {
        match expressions.last_mut() {
            Some(last) if and => last.push_str(&text),
            _ => expressions.push(text),
        }
    }
    if expressions.len() == 1 {
        expressions.pop().unwrap_or_default()
    } else {
        format!("[ {} ]", expressions.join(" "))
    }
}
