//! `community`, `large-community` and `extended-community` values: parsing ExaBGP's forms and
//! writing the canonical text that parses back to the same value.
//!
//! Lists are kept sorted by wire value without duplicates, as ExaBGP sorts them on the wire, so
//! that the same set written in another order is the same route. Must not know about the rest
//! of the route.

use super::RouteSyntaxError;
use super::tokens::Token;
use super::values::{asn_text, decimal_text, number_text};
use crate::wire::attribute::{Administrator, Community, ExtendedCommunity, LargeCommunity};
use crate::wire::iana::community as well_known;
use crate::wire::iana::extended_community as iana;
use std::net::Ipv4Addr;

/// The well-known community names ExaBGP accepts (lower case; `_` reads as `-`).
const COMMUNITY_NAMES: [(&str, u32); 7] = [
    ("no-export", well_known::NO_EXPORT),
    ("no-advertise", well_known::NO_ADVERTISE),
    ("no-export-subconfed", well_known::NO_EXPORT_SUBCONFED),
    ("nopeer", well_known::NO_PEER),
    ("no-peer", well_known::NO_PEER),
    ("blackhole", well_known::BLACKHOLE),
    ("no_export", well_known::NO_EXPORT),
];

/// One RFC 1997 community: `A:B` (16 bits each), a 32-bit number (decimal or 0x), or a name.
pub(crate) fn community(token: &Token<'_>) -> Result<Community, RouteSyntaxError> {
    let text = token.text;
    if let Some((high, low)) = text.split_once(':') {
        let high = decimal_text(high, u64::from(u16::MAX));
        let low = decimal_text(low, u64::from(u16::MAX));
        return match (high, low) {
            (Some(high), Some(low)) => Ok(Community(((high as u32) << 16) | low as u32)),
            _ => Err(token.error_with(
                format!("invalid community `{text}`"),
                "a community is <0-65535>:<0-65535>, a 32-bit number or a name (no-export, no-advertise, no-export-subconfed, no-peer, blackhole)",
            )),
        };
    }
    if let Some(value) = number_text(text, u64::from(u32::MAX)) {
        return Ok(Community(value as u32));
    }
    let name = text.to_ascii_lowercase().replace('_', "-");
    if let Some((_, value)) = COMMUNITY_NAMES.iter().find(|(known, _)| *known == name) {
        return Ok(Community(*value));
    }
    let names: Vec<&str> = COMMUNITY_NAMES
        .iter()
        .map(|(known, _)| *known)
        .filter(|known| !known.contains('_'))
        .collect();
    Err(token.error_with(
        format!("invalid community `{text}`"),
        super::tokens::suggestion(text, &names),
    ))
}

/// One RFC 8092 large community: `A:B:C` (32 bits each) or a 96-bit number.
pub(crate) fn large_community(token: &Token<'_>) -> Result<LargeCommunity, RouteSyntaxError> {
    let text = token.text;
    let invalid = || {
        token.error_with(
            format!("invalid large-community `{text}`"),
            "a large community is <global>:<local1>:<local2>, each 0 to 4294967295",
        )
    };
    let parts: Vec<&str> = text.split(':').collect();
    if let [global, first, second] = parts.as_slice() {
        let field = |part: &str| decimal_text(part, u64::from(u32::MAX)).map(|value| value as u32);
        return match (field(global), field(first), field(second)) {
            (Some(global), Some(first), Some(second)) => Ok(LargeCommunity {
                global_administrator: global,
                local_data_part_1: first,
                local_data_part_2: second,
            }),
            _ => Err(invalid()),
        };
    }
    if parts.len() != 1 {
        return Err(invalid());
    }
    let value = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(digits)
            if !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_hexdigit()) =>
        {
            u128::from_str_radix(digits, 16).ok()
        }
        Some(_) => None,
        None if !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()) => {
            text.parse::<u128>().ok()
        }
        None => None,
    };
    match value {
        Some(value) if value >> 96 == 0 => Ok(LargeCommunity {
            global_administrator: (value >> 64) as u32,
            local_data_part_1: (value >> 32) as u32,
            local_data_part_2: value as u32,
        }),
        _ => Err(invalid()),
    }
}

/// The extended community words ExaBGP accepts before the first `:`.
const EXTENDED_KINDS: [&str; 7] = [
    "target",
    "origin",
    "redirect",
    "l2info",
    "bandwidth",
    "mup",
    "redirect-to-nexthop",
];

/// One extended community: `target:ASN:NN`, `target:IP:NN`, `ASN:NN` (a target),
/// `origin:…`, `redirect:…`, `l2info:enc:ctrl:mtu:site`, `bandwidth:ASN:bytes`, `mup:ASN:NN`,
/// `redirect-to-nexthop`, or the 8 octets as `0x` and 16 hex digits.
///
/// Target, origin and redirect take the 4-octet-AS form when the AS is above 65535 or written
/// with an `L` suffix (`65001L:1`), and the IPv4 form when it is an address.
pub(crate) fn extended_community(token: &Token<'_>) -> Result<ExtendedCommunity, RouteSyntaxError> {
    let text = token.text;
    let lower = text.to_ascii_lowercase();
    if !text.contains(':') {
        if let Some(digits) = lower.strip_prefix("0x") {
            if digits.len() != 16 || !digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {
                return Err(token.error_with(
                    format!("invalid extended-community `{text}`"),
                    "an extended community in hexadecimal is 0x and exactly 16 hex digits",
                ));
            }
            let value = u64::from_str_radix(digits, 16).unwrap_or(0);
            return Ok(ExtendedCommunity::from_bytes(value.to_be_bytes()));
        }
        if lower == "redirect-to-nexthop" {
            return Ok(ExtendedCommunity::RedirectToNextHop { copy: false });
        }
        return Err(token.error_with(
            format!("invalid extended-community `{text}`"),
            "expected <kind>:<values> (kinds: target, origin, redirect, l2info, bandwidth, mup), ASN:NN, redirect-to-nexthop or 0x and 16 hex digits",
        ));
    }
    let mut parts: Vec<&str> = text.split(':').collect();
    let kind = if parts.len() == 2 {
        "target".to_string()
    } else {
        parts.remove(0).to_ascii_lowercase()
    };
    let invalid = |detail: String| {
        token.error_with(
            format!("invalid extended-community `{text}`: {detail}"),
            format!("{kind} takes {}", kind_syntax(&kind)),
        )
    };
    match kind.as_str() {
        "target" | "origin" | "redirect" => {
            let [global, local] = parts.as_slice() else {
                return Err(invalid(format!("{kind} has two fields")));
            };
            let administrator = administrator(global, local).map_err(invalid)?;
            Ok(match kind.as_str() {
                "target" => ExtendedCommunity::RouteTarget(administrator),
                "origin" => ExtendedCommunity::RouteOrigin(administrator),
                _ => ExtendedCommunity::Redirect(administrator),
            })
        }
        "l2info" => {
            let [encapsulation, control, mtu, site] = parts.as_slice() else {
                return Err(invalid("l2info has four fields".into()));
            };
            let field = |part: &str, maximum: u16| {
                decimal_text(part, u64::from(maximum))
                    .ok_or_else(|| invalid(format!("`{part}` is not 0 to {maximum}")))
            };
            Ok(ExtendedCommunity::Layer2Info {
                encapsulation: field(encapsulation, 255)? as u8,
                control_flags: field(control, 255)? as u8,
                mtu: field(mtu, u16::MAX)? as u16,
                reserved: field(site, u16::MAX)? as u16,
            })
        }
        "bandwidth" => {
            let [asn, rate] = parts.as_slice() else {
                return Err(invalid("bandwidth has two fields".into()));
            };
            let asn = decimal_text(asn, u64::from(u16::MAX))
                .ok_or_else(|| invalid(format!("`{asn}` is not a 2-octet AS number")))?;
            let rate = non_negative_float(rate).ok_or_else(|| {
                invalid(format!("`{rate}` is not a bandwidth in bytes per second"))
            })?;
            Ok(ExtendedCommunity::LinkBandwidth {
                asn: asn as u16,
                bandwidth_bits: rate.to_bits(),
            })
        }
        "mup" => {
            let [asn, number] = parts.as_slice() else {
                return Err(invalid("mup has two fields".into()));
            };
            let asn = decimal_text(asn, u64::from(u16::MAX))
                .ok_or_else(|| invalid(format!("`{asn}` is not 0 to 65535")))?;
            let number = decimal_text(number, u64::from(u32::MAX))
                .ok_or_else(|| invalid(format!("`{number}` is not 0 to 4294967295")))?;
            let mut bytes = [0u8; 8];
            bytes[0] = iana::TYPE_MUP;
            bytes[1] = iana::SUBTYPE_MUP_DIRECT_SEGMENT;
            bytes[2..4].copy_from_slice(&(asn as u16).to_be_bytes());
            bytes[4..8].copy_from_slice(&(number as u32).to_be_bytes());
            Ok(ExtendedCommunity::from_bytes(bytes))
        }
        _ => Err(token.error_with(
            format!("invalid extended-community `{text}`: unknown kind `{kind}`"),
            super::tokens::suggestion(&kind, &EXTENDED_KINDS),
        )),
    }
}

fn kind_syntax(kind: &str) -> &'static str {
    match kind {
        "target" | "origin" | "redirect" => {
            "<asn>:<number> or <ipv4>:<number> (a 4-octet AS or an address leaves 16 bits for the number)"
        }
        "l2info" => "<encapsulation>:<control flags>:<mtu>:<site preference>",
        "bandwidth" => "<2-octet asn>:<bytes per second>",
        "mup" => "<2-octet asn>:<number>",
        _ => "values separated by `:`",
    }
}

/// The administrator of target/origin/redirect: `ASN:NN` (2-octet, or 4-octet when the AS
/// does not fit or ends in `L`), `IPv4:NN`, or ExaBGP's `ASN:IPv4` for a 2-octet AS whose
/// 32-bit number is written as an address.
fn administrator(global: &str, local: &str) -> Result<Administrator, String> {
    if global.contains('.') {
        let address: Ipv4Addr = global
            .parse()
            .map_err(|_| format!("`{global}` is not an IPv4 address"))?;
        let number = decimal_text(local, u64::from(u16::MAX)).ok_or_else(|| {
            format!("after an IPv4 address the number is 0 to 65535, not `{local}`")
        })?;
        return Ok(Administrator::Ipv4 {
            address,
            number: number as u16,
        });
    }
    let (asn_part, four_octet) = match global.strip_suffix('L') {
        Some(asn) => (asn, true),
        None => (global, false),
    };
    let asn = asn_text(asn_part).ok_or_else(|| format!("`{global}` is not an AS number"))?;
    let number = decimal_text(local, u64::from(u32::MAX))
        .or_else(|| {
            local
                .parse::<Ipv4Addr>()
                .ok()
                .map(|address| u64::from(u32::from(address)))
        })
        .ok_or_else(|| format!("`{local}` is not a number"))?;
    if four_octet || asn > u32::from(u16::MAX) {
        let number = u16::try_from(number)
            .map_err(|_| format!("with a 4-octet AS the number is 0 to 65535, not {number}"))?;
        Ok(Administrator::FourOctetAs { asn, number })
    } else {
        Ok(Administrator::TwoOctetAs {
            asn: asn as u16,
            number: number as u32,
        })
    }
}

/// A non-negative decimal number, possibly with a fraction (`1000`, `1.5`).
pub(crate) fn non_negative_float(text: &str) -> Option<f32> {
    let mut dots = 0;
    for byte in text.bytes() {
        match byte {
            b'0'..=b'9' => {}
            b'.' => dots += 1,
            _ => return None,
        }
    }
    if dots > 1 || !text.bytes().any(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse::<f32>().ok().filter(|value| value.is_finite())
}

/// The text of a float that [`non_negative_float`] reads back to the same bits, if any.
pub(crate) fn float_text(bits: u32) -> Option<String> {
    let value = f32::from_bits(bits);
    if !value.is_finite() || value.is_sign_negative() {
        return None;
    }
    let text = format!("{value}");
    (non_negative_float(&text).map(f32::to_bits) == Some(bits)).then_some(text)
}

/// The canonical text of one extended community (what [`extended_community`] reads back).
pub(crate) fn extended_community_text(community: &ExtendedCommunity) -> String {
    let administrator_text = |administrator: &Administrator| -> Option<String> {
        Some(match *administrator {
            Administrator::TwoOctetAs { asn, number } => format!("{asn}:{number}"),
            Administrator::Ipv4 { address, number } => format!("{address}:{number}"),
            Administrator::FourOctetAs { asn, number } if asn > u32::from(u16::MAX) => {
                format!("{asn}:{number}")
            }
            Administrator::FourOctetAs { asn, number } => format!("{asn}L:{number}"),
        })
    };
    let typed = match community {
        ExtendedCommunity::RouteTarget(administrator) => {
            administrator_text(administrator).map(|text| format!("target:{text}"))
        }
        ExtendedCommunity::RouteOrigin(administrator) => {
            administrator_text(administrator).map(|text| format!("origin:{text}"))
        }
        ExtendedCommunity::Redirect(administrator) => {
            administrator_text(administrator).map(|text| format!("redirect:{text}"))
        }
        ExtendedCommunity::Layer2Info {
            encapsulation,
            control_flags,
            mtu,
            reserved,
        } => Some(format!(
            "l2info:{encapsulation}:{control_flags}:{mtu}:{reserved}"
        )),
        ExtendedCommunity::LinkBandwidth {
            asn,
            bandwidth_bits,
        } => float_text(*bandwidth_bits).map(|rate| format!("bandwidth:{asn}:{rate}")),
        ExtendedCommunity::RedirectToNextHop { copy: false } => {
            Some("redirect-to-nexthop".to_string())
        }
        _ => None,
    };
    typed.unwrap_or_else(|| format!("0x{:016X}", u64::from_be_bytes(community.to_bytes())))
}

/// Adds `community` to a set kept sorted by wire value, without duplicates.
pub(crate) fn insert_sorted<T: Ord>(list: &mut Vec<T>, item: T) {
    if let Err(position) = list.binary_search(&item) {
        list.insert(position, item);
    }
}

/// Adds an extended community to a list kept sorted by its octets, without duplicates.
pub(crate) fn insert_extended(list: &mut Vec<ExtendedCommunity>, item: ExtendedCommunity) {
    let key = item.to_bytes();
    if let Err(position) = list.binary_search_by_key(&key, ExtendedCommunity::to_bytes) {
        list.insert(position, item);
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
    fn communities() {
        let table = [
            ("65001:100", 0xFDE9_0064),
            ("4259840100", 4_259_840_100),
            ("0xFFFFFF01", well_known::NO_EXPORT),
            ("NO_EXPORT", well_known::NO_EXPORT),
            ("no-advertise", well_known::NO_ADVERTISE),
            ("no-export-subconfed", well_known::NO_EXPORT_SUBCONFED),
            ("nopeer", well_known::NO_PEER),
            ("blackhole", well_known::BLACKHOLE),
        ];
        for (text, value) in table {
            assert_eq!(community(&token(text)), Ok(Community(value)), "{text}");
        }
        let error = community(&token("no-exprt")).expect_err("near miss");
        assert_eq!(error.hint.as_deref(), Some("did you mean `no-export`?"));
        for bad in ["65536:1", "1:65536", "4294967296", "a:b", ""] {
            assert!(community(&token(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn large_communities() {
        let value = LargeCommunity {
            global_administrator: 65001,
            local_data_part_1: 1,
            local_data_part_2: 2,
        };
        assert_eq!(large_community(&token("65001:1:2")), Ok(value));
        assert_eq!(
            large_community(&token(&((65001u128 << 64) | (1 << 32) | 2).to_string())),
            Ok(value)
        );
        assert_eq!(large_community(&token("0xFDE90000000100000002")), Ok(value));
        for bad in [
            "1:2",
            "1:2:3:4",
            "4294967296:1:1",
            "0x1000000000000000000000000",
        ] {
            assert!(large_community(&token(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn extended_communities_both_ways() {
        let table: [(&str, [u8; 8], &str); 12] = [
            (
                "target:65001:10",
                [0, 2, 0xfd, 0xe9, 0, 0, 0, 10],
                "target:65001:10",
            ),
            (
                "65001:10",
                [0, 2, 0xfd, 0xe9, 0, 0, 0, 10],
                "target:65001:10",
            ),
            (
                "target:4200000001:7",
                [2, 2, 0xfa, 0x56, 0xea, 0x01, 0, 7],
                "target:4200000001:7",
            ),
            (
                "target:65001L:7",
                [2, 2, 0, 0, 0xfd, 0xe9, 0, 7],
                "target:65001L:7",
            ),
            (
                "target:192.0.2.30:3",
                [1, 2, 192, 0, 2, 30, 0, 3],
                "target:192.0.2.30:3",
            ),
            (
                "origin:1.2.3.4:5",
                [1, 3, 1, 2, 3, 4, 0, 5],
                "origin:1.2.3.4:5",
            ),
            (
                "origin:65001:1.2.3.4",
                [0, 3, 0xfd, 0xe9, 1, 2, 3, 4],
                "origin:65001:16909060",
            ),
            (
                "redirect:65000:100",
                [0x80, 8, 0xfd, 0xe8, 0, 0, 0, 100],
                "redirect:65000:100",
            ),
            (
                "l2info:19:0:1500:111",
                [0x80, 0x0a, 19, 0, 0x05, 0xdc, 0, 111],
                "l2info:19:0:1500:111",
            ),
            (
                "bandwidth:65001:1000",
                [0x40, 4, 0xfd, 0xe9, 0x44, 0x7a, 0, 0],
                "bandwidth:65001:1000",
            ),
            (
                "redirect-to-nexthop",
                [8, 0, 0, 0, 0, 0, 0, 0],
                "redirect-to-nexthop",
            ),
            (
                "0x0002FDE900000001",
                [0, 2, 0xfd, 0xe9, 0, 0, 0, 1],
                "target:65001:1",
            ),
        ];
        for (text, bytes, canonical) in table {
            let value = extended_community(&token(text)).expect(text);
            assert_eq!(value.to_bytes(), bytes, "{text}");
            assert_eq!(extended_community_text(&value), canonical, "{text}");
            assert_eq!(extended_community(&token(canonical)), Ok(value));
        }
        let mup = extended_community(&token("mup:10:10")).expect("mup");
        assert_eq!(mup.to_bytes(), [0x0c, 0, 0, 10, 0, 0, 0, 10]);
        assert_eq!(extended_community_text(&mup), "0x0C00000A0000000A");
        for bad in [
            "target:65536:65536",
            "target:1.2.3.4:65536",
            "origin:1:2:3",
            "colour:1:2",
            "0x0102",
            "bandwidth:1:-1",
            "bandwidth:1:inf",
            "l2info:256:0:0:0",
        ] {
            assert!(extended_community(&token(bad)).is_err(), "{bad}");
        }
        assert_eq!(
            extended_community(&token("targt:1:2")).map_err(|error| error.hint),
            Err(Some("did you mean `target`?".to_string()))
        );
    }

    #[test]
    fn floats() {
        assert_eq!(float_text(1.5f32.to_bits()).as_deref(), Some("1.5"));
        assert_eq!(float_text(f32::NAN.to_bits()), None);
        assert_eq!(float_text((-0.0f32).to_bits()), None);
        assert_eq!(
            float_text(1e30f32.to_bits()).map(|text| non_negative_float(&text).map(f32::to_bits)),
            Some(Some(1e30f32.to_bits()))
        );
    }
}
