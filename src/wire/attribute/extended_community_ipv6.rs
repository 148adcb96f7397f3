//! IPv6 Address Specific Extended Community attribute (type code 25, RFC 5701), kept raw.
//!
//! Value codec only: each community is its 20 octets with accessors; ExaBGP's text comes
//! from `extended_community_text.rs`.

use super::extended_community_text::exabgp_ipv6_string;
use super::rfc7606::fixed_size_items;
use std::net::Ipv6Addr;

/// One IPv6 address specific extended community.
///
/// ```text
///     0                   1                   2                   3
///     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    | 0x00 or 0x40  |    Sub-Type   |    Global Administrator       |
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    |          Global Administrator (cont.)                         |
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    |          Global Administrator (cont.)                         |
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    |          Global Administrator (cont.)                         |
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    | Global Administrator (cont.)  |    Local Administrator        |
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ipv6ExtendedCommunity(pub [u8; 20]);

impl Ipv6ExtendedCommunity {
    pub fn type_high(&self) -> u8 {
        self.0[0]
    }

    pub fn sub_type(&self) -> u8 {
        self.0[1]
    }

    pub fn global_administrator(&self) -> Ipv6Addr {
        let mut address = [0u8; 16];
        address.copy_from_slice(&self.0[2..18]);
        Ipv6Addr::from(address)
    }

    pub fn local_administrator(&self) -> u16 {
        u16::from_be_bytes([self.0[18], self.0[19]])
    }

    /// ExaBGP's JSON "string" (checked against `exabgp decode`).
    pub fn exabgp_string(&self) -> String {
        exabgp_ipv6_string(&self.0)
    }

    /// ExaBGP's JSON "value": the 20 octets as one 160-bit unsigned integer, in decimal.
    pub fn exabgp_value_decimal(&self) -> String {
        let mut number = self.0;
        let mut digits = Vec::new();
        while number.iter().any(|&byte| byte != 0) {
            let mut remainder = 0u16;
            for byte in number.iter_mut() {
                let current = (remainder << 8) | u16::from(*byte);
                *byte = (current / 10) as u8;
                remainder = current % 10;
            }
            digits.push(b'0' + remainder as u8);
        }
        if digits.is_empty() {
            digits.push(b'0');
        }
        digits.reverse();
        String::from_utf8(digits).unwrap_or_default()
    }
}

/// RFC 7606 §7.15: "The IPv6 Address Specific Extended Community attribute SHALL be
/// considered malformed if its length is not a non-zero multiple of 20" (treat-as-withdraw).
pub fn decode_ipv6_extended_communities(
    value: &[u8],
) -> Result<Vec<Ipv6ExtendedCommunity>, String> {
    Ok(fixed_size_items::<20>(value, "IPV6_EXTENDED_COMMUNITIES")?
        .map(Ipv6ExtendedCommunity)
        .collect())
}

pub fn encode_ipv6_extended_communities(communities: &[Ipv6ExtendedCommunity], out: &mut Vec<u8>) {
    for community in communities {
        out.extend_from_slice(&community.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn table_both_ways() {
        // `exabgp decode` of this community (type code 25): "value":
        // 270396894049897293703898678829571923249266689, "string":
        // "copy-to-nexthop-ietf 2001:db8::1 (with copy)".
        let bytes: [u8; 20] = [
            0x00, 0x0c, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1,
        ];
        let value = vec![Ipv6ExtendedCommunity(bytes)];
        assert_eq!(decode_ipv6_extended_communities(&bytes), Ok(value.clone()));
        let mut out = Vec::new();
        encode_ipv6_extended_communities(&value, &mut out);
        assert_eq!(out, bytes);
        assert_eq!(
            value[0].exabgp_value_decimal(),
            "270396894049897293703898678829571923249266689"
        );
        assert_eq!(
            value[0].exabgp_string(),
            "copy-to-nexthop-ietf 2001:db8::1 (with copy)"
        );
        assert_eq!(value[0].global_administrator().to_string(), "2001:db8::1");
        assert_eq!(value[0].local_administrator(), 1);
        assert_eq!((value[0].type_high(), value[0].sub_type()), (0, 0x0c));
        assert_eq!(Ipv6ExtendedCommunity([0; 20]).exabgp_value_decimal(), "0");
    }

    #[test]
    fn malformed_lengths() {
        assert_eq!(
            decode_ipv6_extended_communities(&[0; 8]),
            Err("IPV6_EXTENDED_COMMUNITIES length 8 is not a non-zero multiple of 20".into())
        );
    }

    proptest! {
        #[test]
        fn round_trip(list in proptest::collection::vec(any::<[u8; 20]>(), 1..5)) {
            let communities: Vec<_> = list.into_iter().map(Ipv6ExtendedCommunity).collect();
            let mut out = Vec::new();
            encode_ipv6_extended_communities(&communities, &mut out);
            prop_assert_eq!(decode_ipv6_extended_communities(&out), Ok(communities));
        }

        #[test]
        fn decimal_matches_u128_for_small_values(value in any::<u128>()) {
            let mut bytes = [0u8; 20];
            bytes[4..].copy_from_slice(&value.to_be_bytes());
            prop_assert_eq!(Ipv6ExtendedCommunity(bytes).exabgp_value_decimal(), value.to_string());
        }
    }
}
