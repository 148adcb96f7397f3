//! ExaBGP's "string" for extended communities, computed from the octets.
//!
//! ExaBGP 5.0.15 looks a community up by (low nibble of the type octet, sub-type), so it names
//! for example a non-transitive 0x4002 route target "target:..." too, and prints "" for a
//! kind it has no class for, or "0x<HEX>" for the two kinds whose class only defines
//! `__str__` (4-octet-AS redirect 0x8208 and IPv6 redirect). Every string here was checked
//! against `exabgp decode`. Text only: no decoding decisions are made here.

use std::net::{Ipv4Addr, Ipv6Addr};

/// ExaBGP's JSON "string" for an 8-octet extended community.
pub fn exabgp_string(bytes: &[u8; 8]) -> String {
    let [type_high, type_low, a, b, c, d, e, f] = *bytes;
    let u16_at = |x: u8, y: u8| u16::from_be_bytes([x, y]);
    let two_octet_as = u16_at(a, b);
    let four_octet_number = u32::from_be_bytes([c, d, e, f]);
    let four_octet_as = u32::from_be_bytes([a, b, c, d]);
    let trailing_number = u16_at(e, f);
    let address = Ipv4Addr::new(a, b, c, d);
    let local_address = Ipv4Addr::new(c, d, e, f);
    let rate = || f32::from_bits(four_octet_number);
    match (type_high & 0x0f, type_low) {
        (0, 0x02) => format!("target:{two_octet_as}:{four_octet_number}"),
        (1, 0x02) => format!("target:{address}:{trailing_number}"),
        (2, 0x02) => format!("target:{four_octet_as}:{trailing_number}"),
        (0, 0x13) => format!("rtrecord:{two_octet_as}:{four_octet_number}"),
        (1, 0x13) => format!("rtrecord:{address}:{trailing_number}"),
        (2, 0x13) => format!("rtrecord:{four_octet_as}:{trailing_number}"),
        (0, 0x03) => format!("origin:{two_octet_as}:{local_address}"),
        // ExaBGP prints the number first for the IPv4 form ("origin:9:1.2.3.4").
        (1, 0x03) => format!("origin:{trailing_number}:{address}"),
        (2, 0x03) => format!("origin:{four_octet_as}:{trailing_number}"),
        (0, 0x06) => format!("rate-limit:{}", python_integer(rate())),
        (0, 0x0c) => format!("rate-limit:{}:packets", python_integer(rate())),
        (0, 0x07) => {
            let mut words = Vec::new();
            if f & 0x02 != 0 {
                words.push("sample");
            }
            if f & 0x01 != 0 {
                words.push("terminal");
            }
            format!("action {}", words.join("-"))
        }
        (0, 0x08) => format!("redirect:{two_octet_as}:{four_octet_number}"),
        (2, 0x08) => raw_hex(bytes),
        (0, 0x09) => format!("mark {}", f & 0x3f),
        (0, 0x0a) => format!("l2info:{a}:{b}:{}:{trailing_number}", u16_at(c, d)),
        (1, 0x0c) => next_hop_ietf(&address.to_string(), trailing_number),
        (3, 0x0c) => format!("encap:{}", encapsulation_name(trailing_number)),
        (3, 0x14) => format!("consistentHashSortOrder:{four_octet_as}"),
        (6, 0x00) => {
            let sticky = if a == 1 { ":sticky" } else { "" };
            format!("mac-mobility:{four_octet_number}{sticky}")
        }
        (7, 0x02) => {
            let direction = match trailing_number >> 14 {
                1 => "input".to_string(),
                2 => "output".to_string(),
                3 => "input-output".to_string(),
                other => other.to_string(),
            };
            format!(
                "interface-set:{direction}:{four_octet_as}:{}",
                trailing_number & 0x1fff
            )
        }
        (8, 0x00) => {
            if f & 0x01 != 0 {
                "copy-to-nexthop".to_string()
            } else {
                "redirect-to-nexthop".to_string()
            }
        }
        (0x0c, 0x00) => format!("mup:{two_octet_as}:{four_octet_number}"),
        _ => String::new(),
    }
}

/// ExaBGP's JSON "string" for a 20-octet IPv6 address specific extended community.
pub fn exabgp_ipv6_string(bytes: &[u8; 20]) -> String {
    let mut address = [0u8; 16];
    address.copy_from_slice(&bytes[2..18]);
    let address = Ipv6Addr::from(address);
    let trailing_number = u16::from_be_bytes([bytes[18], bytes[19]]);
    match (bytes[0] & 0x0f, bytes[1]) {
        (0, 0x0b) => raw_hex(bytes),
        (0, 0x0c) => next_hop_ietf(&address.to_string(), trailing_number),
        _ => String::new(),
    }
}

fn next_hop_ietf(address: &str, flags: u16) -> String {
    if flags & 0x01 != 0 {
        format!("copy-to-nexthop-ietf {address} (with copy)")
    } else {
        format!("redirect-to-nexthop-ietf {address}")
    }
}

/// "0x" and the octets in upper-case hex, ExaBGP's fallback rendering.
fn raw_hex(bytes: &[u8]) -> String {
    let mut text = String::from("0x");
    for byte in bytes {
        text.push_str(&format!("{byte:02X}"));
    }
    text
}

/// RFC 9012 tunnel type names as ExaBGP spells them; an unknown type reads
/// "encap:UNKNOWN-<n>" (so the whole string is "encap:encap:UNKNOWN-<n>", as ExaBGP prints).
fn encapsulation_name(tunnel_type: u16) -> String {
    match tunnel_type {
        0 => "Default".into(),
        1 => "L2TPv3".into(),
        2 => "GRE".into(),
        7 => "IP-in-IP".into(),
        8 => "VXLAN".into(),
        9 => "NVGRE".into(),
        10 => "MPLS".into(),
        12 => "VXLAN-GPE".into(),
        13 => "MPLS-in-UDP".into(),
        other => format!("encap:UNKNOWN-{other}"),
    }
}

/// Python's `'%d' % max(rate, 0.0)`: the float truncated toward zero; RFC 8955 §7.1 "On
/// decoding, negative values MUST be treated as zero". (ExaBGP refuses NaN and infinities
/// with a NOTIFICATION; here NaN reads 0 and infinity saturates.)
fn python_integer(rate: f32) -> u128 {
    if rate.is_nan() || rate <= 0.0 {
        0
    } else {
        rate as u128
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex<const N: usize>(text: &str) -> [u8; N] {
        let mut out = [0u8; N];
        for (index, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[index * 2..index * 2 + 2], 16).unwrap();
        }
        out
    }

    /// Each string below is what `exabgp decode` printed for these octets.
    #[test]
    fn strings_match_exabgp() {
        let table = [
            ("0013fde900000001", "rtrecord:65001:1"),
            (
                "010c010203040001",
                "copy-to-nexthop-ietf 1.2.3.4 (with copy)",
            ),
            ("800c000044fa0000", "rate-limit:2000:packets"),
            ("0600010000000005", "mac-mobility:5:sticky"),
            ("0c00000100000002", "mup:1:2"),
            ("070200010001c005", "interface-set:input-output:65537:5"),
            ("0314000000050000", "consistentHashSortOrder:5"),
            ("8007000000000000", "action "),
            ("8006fde9c2c80000", "rate-limit:0"),
            ("8006fde94f000000", "rate-limit:2147483648"),
            ("8006fde93fc00000", "rate-limit:1"),
        ];
        for (text, expected) in table {
            assert_eq!(exabgp_string(&hex::<8>(text)), expected, "{text}");
        }
    }

    #[test]
    fn ipv6_strings() {
        let redirect = hex::<20>("000c20010db80000000000000000000000010000");
        assert_eq!(
            exabgp_ipv6_string(&redirect),
            "redirect-to-nexthop-ietf 2001:db8::1"
        );
        let copy = hex::<20>("000c20010db80000000000000000000000010001");
        assert_eq!(
            exabgp_ipv6_string(&copy),
            "copy-to-nexthop-ietf 2001:db8::1 (with copy)"
        );
        let other = hex::<20>("000220010db80000000000000000000000010001");
        assert_eq!(exabgp_ipv6_string(&other), "");
        let redirect_ipv6 = hex::<20>("000b20010db80000000000000000000000010064");
        assert_eq!(
            exabgp_ipv6_string(&redirect_ipv6),
            "0x000B20010DB80000000000000000000000010064"
        );
    }
}
