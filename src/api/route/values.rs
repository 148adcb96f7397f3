//! The scalar values of the route grammar: numbers, AS numbers, addresses, prefixes, route
//! distinguishers, label stacks, path identifiers.
//!
//! Each function reads one word (or a bracketed list) and returns a codec value or an error
//! pointing at the word. Must not know which keyword it serves beyond the name it is given for
//! messages.

use super::RouteSyntaxError;
use super::tokens::{Cursor, Token};
use crate::wire::nlri::{Label, Prefix, RouteDistinguisher};
use std::net::{IpAddr, Ipv4Addr};

/// A decimal number made of ASCII digits only (no sign, no spaces), at most `maximum`.
pub(crate) fn decimal(
    token: &Token<'_>,
    what: &str,
    maximum: u64,
) -> Result<u64, RouteSyntaxError> {
    decimal_text(token.text, maximum).ok_or_else(|| range_error(token, what, maximum, false))
}

/// A decimal number, or hexadecimal with `0x`, at most `maximum`.
pub(crate) fn number(token: &Token<'_>, what: &str, maximum: u64) -> Result<u64, RouteSyntaxError> {
    number_text(token.text, maximum).ok_or_else(|| range_error(token, what, maximum, true))
}

fn range_error(token: &Token<'_>, what: &str, maximum: u64, hexadecimal: bool) -> RouteSyntaxError {
    let form = if hexadecimal {
        "a decimal or 0x-hexadecimal number"
    } else {
        "a decimal number"
    };
    let is_number = if hexadecimal {
        number_text(token.text, u64::MAX).is_some()
    } else {
        decimal_text(token.text, u64::MAX).is_some()
    };
    if is_number {
        token.error(format!(
            "{what} `{}` is too large: at most {maximum}",
            token.text
        ))
    } else {
        token.error(format!("{what} must be {form}, not `{}`", token.text))
    }
}

pub(crate) fn decimal_text(text: &str, maximum: u64) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse::<u64>().ok().filter(|value| *value <= maximum)
}

pub(crate) fn number_text(text: &str, maximum: u64) -> Option<u64> {
    let hexadecimal = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X"));
    match hexadecimal {
        Some(digits) => {
            if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {
                return None;
            }
            u64::from_str_radix(digits, 16)
                .ok()
                .filter(|value| *value <= maximum)
        }
        None => decimal_text(text, maximum),
    }
}

/// An AS number: `asplain` (0 to 4294967295) or `asdot` `X.Y` (each 0 to 65535).
pub(crate) fn asn_text(text: &str) -> Option<u32> {
    match text.split_once('.') {
        Some((high, low)) => {
            let high = decimal_text(high, u64::from(u16::MAX))?;
            let low = decimal_text(low, u64::from(u16::MAX))?;
            u32::try_from((high << 16) | low).ok()
        }
        None => decimal_text(text, u64::from(u32::MAX)).and_then(|value| u32::try_from(value).ok()),
    }
}

pub(crate) fn asn(token: &Token<'_>, what: &str) -> Result<u32, RouteSyntaxError> {
    asn_text(token.text).ok_or_else(|| {
        token.error_with(
            format!("invalid {what} `{}`", token.text),
            "an AS number is 0 to 4294967295, or <high>.<low> with each part 0 to 65535",
        )
    })
}

pub(crate) fn ipv4(token: &Token<'_>, what: &str) -> Result<Ipv4Addr, RouteSyntaxError> {
    token.text.parse::<Ipv4Addr>().map_err(|_| {
        token.error(format!(
            "{what} must be an IPv4 address, not `{}`",
            token.text
        ))
    })
}

pub(crate) fn ip(token: &Token<'_>, what: &str) -> Result<IpAddr, RouteSyntaxError> {
    token.text.parse::<IpAddr>().map_err(|_| {
        token.error(format!(
            "{what} must be an IPv4 or IPv6 address, not `{}`",
            token.text
        ))
    })
}

/// A prefix `<ip>[/<length>]`: without a length it is a host route (/32 or /128). Host bits
/// must be zero, as in ExaBGP ("invalid network").
pub(crate) fn prefix(token: &Token<'_>) -> Result<Prefix, RouteSyntaxError> {
    let (address_text, length_text) = match token.text.split_once('/') {
        Some((address, length)) => (address, Some(length)),
        None => (token.text, None),
    };
    let address: IpAddr = address_text.parse().map_err(|_| {
        token.error_with(
            format!("`{}` is not a valid prefix", token.text),
            "write <ip>/<length>, e.g. 192.0.2.0/24 or 2001:db8::/32",
        )
    })?;
    let maximum: u8 = if address.is_ipv4() { 32 } else { 128 };
    let length = match length_text {
        None => maximum,
        Some(text) => decimal_text(text, u64::from(maximum))
            .and_then(|value| u8::try_from(value).ok())
            .ok_or_else(|| {
                token.error(format!(
                    "invalid prefix length in `{}`: it must be 0 to {maximum}",
                    token.text
                ))
            })?,
    };
    let prefix = Prefix::new(address, length)
        .ok_or_else(|| token.error(format!("invalid prefix length in `{}`", token.text)))?;
    if prefix.address != address {
        return Err(token.error_with(
            format!("invalid network {address_text} for netmask {length}: host bits are set"),
            format!("did you mean {prefix}?"),
        ));
    }
    Ok(prefix)
}

/// A route distinguisher: `<16-bit>:<32-bit>` (type 0), `<ipv4>:<16-bit>` (type 1) or
/// `<32-bit>:<16-bit>` (type 2), chosen as ExaBGP chooses.
pub(crate) fn route_distinguisher(
    token: &Token<'_>,
) -> Result<RouteDistinguisher, RouteSyntaxError> {
    let hint = "write ASN:number or IPv4:number, e.g. 65000:100 or 192.0.2.1:100";
    let invalid = |detail: &str| {
        token.error_with(
            format!(
                "`{}` is not a valid route distinguisher{detail}",
                token.text
            ),
            hint,
        )
    };
    let Some((administrator, assigned)) = token.text.split_once(':') else {
        return Err(invalid(""));
    };
    if administrator.contains('.') {
        let address: Ipv4Addr = administrator
            .parse()
            .map_err(|_| invalid(": the administrator is not an IPv4 address"))?;
        let assigned = decimal_text(assigned, u64::from(u16::MAX))
            .ok_or_else(|| invalid(": after an IPv4 address the number is 0 to 65535"))?;
        return Ok(RouteDistinguisher::Ipv4 {
            administrator: address,
            assigned: assigned as u16,
        });
    }
    let administrator = decimal_text(administrator, u64::from(u32::MAX))
        .ok_or_else(|| invalid(": the administrator is not an AS number or IPv4 address"))?;
    let assigned = decimal_text(assigned, u64::from(u32::MAX))
        .ok_or_else(|| invalid(": the assigned number is not a 32-bit number"))?;
    if administrator <= u64::from(u16::MAX) {
        Ok(RouteDistinguisher::As2 {
            administrator: administrator as u16,
            assigned: assigned as u32,
        })
    } else if assigned <= u64::from(u16::MAX) {
        Ok(RouteDistinguisher::As4 {
            administrator: administrator as u32,
            assigned: assigned as u16,
        })
    } else {
        Err(invalid(
            ": with a 4-octet AS the assigned number is 0 to 65535",
        ))
    }
}

/// `label <n>` or `label [ <n> … ]`: a stack whose last entry has the bottom-of-stack bit.
pub(crate) fn labels(
    cursor: &mut Cursor<'_>,
    keyword: &Token<'_>,
) -> Result<Vec<Label>, RouteSyntaxError> {
    let values = list(cursor, keyword, "a label (0 to 1048575)", |token| {
        decimal(token, "a label", u64::from(Label::MAXIMUM))
    })?;
    if values.is_empty() {
        return Err(keyword.error("`label [ ]` holds no label"));
    }
    let count = values.len();
    Ok(values
        .into_iter()
        .enumerate()
        .map(|(index, value)| Label {
            value: value as u32,
            traffic_class: 0,
            bottom_of_stack: index + 1 == count,
        })
        .collect())
}

/// `path-information <n>` or `path-information <a.b.c.d>`: the RFC 7911 Path Identifier.
pub(crate) fn path_information(token: &Token<'_>) -> Result<u32, RouteSyntaxError> {
    if let Some(value) = decimal_text(token.text, u64::from(u32::MAX)) {
        return Ok(value as u32);
    }
    token.text.parse::<Ipv4Addr>().map(u32::from).map_err(|_| {
        token.error_with(
            format!("invalid path-information `{}`", token.text),
            "a path identifier is 0 to 4294967295 or written as an IPv4 address",
        )
    })
}

/// One value, or `[ value value … ]` (commas allowed between values): the list form shared by
/// community, cluster-list, label, ….
pub(crate) fn list<T>(
    cursor: &mut Cursor<'_>,
    keyword: &Token<'_>,
    what: &str,
    mut parse: impl FnMut(&Token<'_>) -> Result<T, RouteSyntaxError>,
) -> Result<Vec<T>, RouteSyntaxError> {
    let first = cursor.any(keyword, what)?;
    if !first.is("[") {
        if first.is(",")
            || first.is("]")
            || first.is("(")
            || first.is(")")
            || first.is("{")
            || first.is("}")
            || first.is(";")
        {
            return Err(first.error(format!(
                "`{}` needs {what}, found `{}`",
                keyword.text, first.text
            )));
        }
        return Ok(vec![parse(&first)?]);
    }
    let mut values = Vec::new();
    loop {
        let token = match cursor.next_token() {
            Some(token) => token,
            None => {
                return Err(first.error_with(
                    format!("the list of `{}` is not closed", keyword.text),
                    "end the list with `]`",
                ));
            }
        };
        if token.is("]") {
            return Ok(values);
        }
        if token.is(",") {
            continue;
        }
        if super::tokens::is_delimiter(token.text) && !token.quoted {
            return Err(token.error(format!(
                "unexpected `{}` in the list of `{}`",
                token.text, keyword.text
            )));
        }
        values.push(parse(&token)?);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(text: &str) -> Token<'_> {
        Token {
            text,
            start: 0,
            end: text.len(),
            quoted: false,
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(number_text("0x1F", 255), Some(31));
        assert_eq!(number_text("0x", 255), None);
        assert_eq!(number_text("256", 255), None);
        assert_eq!(decimal_text("+1", 9), None);
        assert_eq!(decimal_text("99999999999999999999999", u64::MAX), None);
        assert_eq!(asn_text("1.1"), Some(65537));
        assert_eq!(asn_text("4294967295"), Some(u32::MAX));
        assert_eq!(asn_text("4294967296"), None);
        assert_eq!(asn_text("1.65536"), None);
        assert_eq!(
            decimal(&token("12a"), "MED", 9).map_err(|error| error.message),
            Err("MED must be a decimal number, not `12a`".to_string())
        );
        assert_eq!(
            decimal(&token("4294967296"), "MED", u64::from(u32::MAX))
                .map_err(|error| error.message),
            Err("MED `4294967296` is too large: at most 4294967295".to_string())
        );
    }

    #[test]
    fn prefixes() {
        assert_eq!(
            prefix(&token("1.2.3.4")).map(|p| p.to_string()),
            Ok("1.2.3.4/32".into())
        );
        assert_eq!(
            prefix(&token("2001:db8::")).map(|p| p.to_string()),
            Ok("2001:db8::/128".into())
        );
        let error = prefix(&token("10.0.0.1/24")).expect_err("host bits");
        assert_eq!(
            error.message,
            "invalid network 10.0.0.1 for netmask 24: host bits are set"
        );
        assert_eq!(error.hint.as_deref(), Some("did you mean 10.0.0.0/24?"));
        assert!(prefix(&token("10.0.0.0/33")).is_err());
        assert!(prefix(&token("999.0.0.0/8")).is_err());
    }

    #[test]
    fn route_distinguishers() {
        let table = [
            (
                "65000:1",
                RouteDistinguisher::As2 {
                    administrator: 65000,
                    assigned: 1,
                },
            ),
            (
                "65000:4294967295",
                RouteDistinguisher::As2 {
                    administrator: 65000,
                    assigned: u32::MAX,
                },
            ),
            (
                "65536:1",
                RouteDistinguisher::As4 {
                    administrator: 65536,
                    assigned: 1,
                },
            ),
            (
                "192.168.201.1:123",
                RouteDistinguisher::Ipv4 {
                    administrator: Ipv4Addr::new(192, 168, 201, 1),
                    assigned: 123,
                },
            ),
        ];
        for (text, value) in table {
            assert_eq!(route_distinguisher(&token(text)), Ok(value), "{text}");
            assert_eq!(value.to_string(), text);
        }
        for bad in [
            "65000",
            ":1",
            "65536:65536",
            "1.2.3:1",
            "1.2.3.4:65536",
            "a:1",
        ] {
            assert!(route_distinguisher(&token(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn path_identifiers() {
        assert_eq!(path_information(&token("1.2.3.4")), Ok(0x0102_0304));
        assert_eq!(path_information(&token("7")), Ok(7));
        assert!(path_information(&token("-1")).is_err());
    }
}
