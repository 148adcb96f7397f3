//! Typed values out of KDL entries: integers in range, strings, booleans, IP addresses, AS
//! numbers, names and paths. Each reports a problem labelled on the entry (with a hint when
//! the mistake is a common one) and returns `None`; none of them stops the walk.

use super::context::Context;
use crate::config::diagnostic::Problem;
use kdl::{KdlEntry, KdlValue};
use std::net::{IpAddr, Ipv4Addr};
use std::ops::RangeInclusive;
use std::path::PathBuf;

/// "a string", "an integer", … for messages.
pub fn describe(value: &KdlValue) -> &'static str {
    match value {
        KdlValue::String(_) => "a string",
        KdlValue::Integer(_) => "an integer",
        KdlValue::Float(_) => "a decimal number",
        KdlValue::Bool(_) => "a boolean",
        KdlValue::Null => "#null",
    }
}

fn wrong_type(
    context: &mut Context,
    node: &str,
    entry: &KdlEntry,
    expected: &str,
    help: Option<String>,
) {
    context.push(
        Problem::new(
            "config::wrong-type",
            format!("`{node}` expects {expected}"),
            entry.span(),
            format!("this is {}", describe(entry.value())),
        )
        .with_optional_help(help),
    );
}

/// An integer within `range`; `expected` describes the range ("a port, 1 to 65535").
pub fn integer(
    context: &mut Context,
    node: &str,
    entry: &KdlEntry,
    range: RangeInclusive<i128>,
    expected: &str,
) -> Option<i128> {
    let KdlValue::Integer(number) = entry.value() else {
        let help = match entry.value() {
            KdlValue::String(text) if text.trim().parse::<i128>().is_ok() => Some(format!(
                "numbers are written without quotes: `{node} {}`",
                text.trim()
            )),
            _ => None,
        };
        wrong_type(context, node, entry, expected, help);
        return None;
    };
    if range.contains(number) {
        return Some(*number);
    }
    context.push(Problem::new(
        "config::out-of-range",
        format!("`{node}` {number} is out of range"),
        entry.span(),
        format!("must be {expected}"),
    ));
    None
}

/// An AS number, 1 to 4294967295 (0 is reserved, RFC 7607).
pub fn asn(context: &mut Context, node: &str, entry: &KdlEntry) -> Option<u32> {
    const EXPECTED: &str = "an AS number from 1 to 4294967295";
    if let KdlValue::String(text) = entry.value()
        && let Some((high, low)) = text.split_once('.')
        && let (Ok(high), Ok(low)) = (high.parse::<u16>(), low.parse::<u16>())
    {
        let plain = u32::from(high)
            .saturating_mul(65536)
            .saturating_add(u32::from(low));
        wrong_type(
            context,
            node,
            entry,
            EXPECTED,
            Some(format!(
                "write AS numbers as plain integers: `{node} {plain}`"
            )),
        );
        return None;
    }
    if matches!(entry.value(), KdlValue::Integer(0)) {
        context.push(
            Problem::new(
                "config::out-of-range",
                format!("`{node}` 0 is out of range"),
                entry.span(),
                "AS 0 is reserved",
            )
            .with_help("RFC 7607: AS 0 MUST NOT be used as a peer or local AS"),
        );
        return None;
    }
    integer(context, node, entry, 1..=i128::from(u32::MAX), EXPECTED)
        .and_then(|number| u32::try_from(number).ok())
}

/// A TCP port, 1 to 65535.
pub fn port(context: &mut Context, node: &str, entry: &KdlEntry) -> Option<u16> {
    integer(context, node, entry, 1..=65535, "a port from 1 to 65535")
        .and_then(|number| u16::try_from(number).ok())
}

/// A string (quoted or a bare word).
pub fn string<'e>(
    context: &mut Context,
    node: &str,
    entry: &'e KdlEntry,
    expected: &str,
) -> Option<&'e str> {
    if let KdlValue::String(text) = entry.value() {
        return Some(text);
    }
    let help = match entry.value() {
        KdlValue::Integer(_) | KdlValue::Float(_) | KdlValue::Bool(_) => {
            Some("quote it to make it a string".to_string())
        }
        _ => None,
    };
    wrong_type(context, node, entry, expected, help);
    None
}

/// `#true` or `#false`.
pub fn boolean(context: &mut Context, node: &str, entry: &KdlEntry) -> Option<bool> {
    if let KdlValue::Bool(value) = entry.value() {
        return Some(*value);
    }
    let help = match entry.value() {
        KdlValue::String(word) => match word.as_str() {
            "true" | "yes" | "on" | "enable" | "enabled" => Some(format!(
                "KDL writes booleans as `#true` and `#false`: `{node} #true`"
            )),
            "false" | "no" | "off" | "disable" | "disabled" => Some(format!(
                "KDL writes booleans as `#true` and `#false`: `{node} #false`"
            )),
            _ => None,
        },
        _ => None,
    }
    .or_else(|| Some("write `#true` or `#false`".into()));
    wrong_type(context, node, entry, "#true or #false", help);
    None
}

/// An IP address in a quoted string.
pub fn ip_address(context: &mut Context, node: &str, entry: &KdlEntry) -> Option<IpAddr> {
    let text = string(context, node, entry, "a quoted IP address")?;
    if let Ok(address) = text.parse::<IpAddr>() {
        return Some(address);
    }
    let help = match text.split_once('/') {
        Some((address, _)) if address.parse::<IpAddr>().is_ok() => {
            format!("give one address, without a prefix length: \"{address}\"")
        }
        _ => "write an IPv4 address like \"192.0.2.1\" or an IPv6 address like \"2001:db8::1\""
            .into(),
    };
    context.push(
        Problem::new(
            "config::invalid-address",
            format!("`{node}` expects an IP address"),
            entry.span(),
            "not an IP address",
        )
        .with_help(help),
    );
    None
}

/// An IPv4 address (BGP Identifiers are four octets, RFC 4271 §4.2).
pub fn ipv4_address(context: &mut Context, node: &str, entry: &KdlEntry) -> Option<Ipv4Addr> {
    match ip_address(context, node, entry)? {
        IpAddr::V4(address) => Some(address),
        IpAddr::V6(_) => {
            context.push(
                Problem::new(
                    "config::router-id-not-ipv4",
                    format!("`{node}` must be an IPv4 address"),
                    entry.span(),
                    "an IPv6 address",
                )
                .with_help(
                    "the BGP Identifier is 4 octets (RFC 4271 §4.2); IPv6-only hosts still \
                     pick a unique IPv4-looking value such as \"192.0.2.1\"",
                ),
            );
            None
        }
    }
}

/// A name for a helper, template or watchdog: `[A-Za-z0-9._-]+`, at most 64 bytes.
pub fn name<'e>(
    context: &mut Context,
    node: &str,
    entry: &'e KdlEntry,
    what: &str,
) -> Option<&'e str> {
    let text = string(context, node, entry, &format!("a {what} name"))?;
    let valid = !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-'));
    if valid {
        return Some(text);
    }
    context.push(
        Problem::new(
            "config::invalid-name",
            format!("`{text}` is not a valid {what} name"),
            entry.span(),
            "invalid name",
        )
        .with_help("names use letters, digits, `.`, `_` and `-` (1 to 64 of them)"),
    );
    None
}

/// An absolute path.
pub fn absolute_path(
    context: &mut Context,
    node: &str,
    entry: &KdlEntry,
    what: &str,
) -> Option<PathBuf> {
    let text = string(context, node, entry, &format!("a quoted {what}"))?;
    if text.starts_with('/') {
        return Some(PathBuf::from(text));
    }
    context.push(
        Problem::new(
            "config::relative-path",
            format!("`{node}` needs an absolute path"),
            entry.span(),
            "relative path",
        )
        .with_help(format!(
            "the daemon runs from `/`; write the full path, like \"/{}\"",
            text.trim_start_matches("./")
        )),
    );
    None
}
