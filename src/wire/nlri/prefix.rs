//! IPv4 and IPv6 prefixes, and the plain `<length, prefix>` NLRI of the unicast and multicast
//! families (RFC 4271 §4.3, RFC 4760 §5).
//!
//! Also the shared helpers that read and write the address part of a prefix for the labelled,
//! VPN and flowspec encodings. Must not know about labels, route distinguishers or UPDATEs.

use super::NlriError;
use crate::wire::family::Afi;
use crate::wire::reader::Reader;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

/// An IP prefix: an address and how many of its leading bits matter.
///
/// Built by [`Prefix::new`] (or decoded) the address has every bit past `length` set to zero,
/// so two prefixes that route the same addresses compare equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Prefix {
    pub address: IpAddr,
    /// 0..=32 for IPv4, 0..=128 for IPv6.
    pub length: u8,
}

impl Prefix {
    /// A prefix with the bits past `length` cleared; `None` if `length` is longer than the
    /// address.
    pub fn new(address: IpAddr, length: u8) -> Option<Prefix> {
        if length > maximum_length(&address) {
            return None;
        }
        Some(Prefix {
            address: keep_leading_bits(address, length),
            length,
        })
    }

    /// The address family of the prefix (IPv4 or IPv6).
    pub fn afi(&self) -> Afi {
        match self.address {
            IpAddr::V4(_) => Afi::Ipv4,
            IpAddr::V6(_) => Afi::Ipv6,
        }
    }

    /// Reads a `<length (1 octet), prefix (variable)>` pair of `afi` (IPv4 unless `afi` is IPv6).
    ///
    /// RFC 4271 §4.3: "the Prefix field contains an IP address prefix, followed by enough
    /// trailing bits to make the end of the field fall on an octet boundary. Note that the
    /// value of trailing bits is irrelevant." They are zeroed here.
    pub fn decode(reader: &mut Reader<'_>, afi: Afi) -> Result<Prefix, NlriError> {
        let length = reader.u8()?;
        Prefix::decode_address(reader, afi, length)
    }

    /// Appends the `<length, prefix>` form.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.valid_length());
        self.encode_address(out);
    }

    /// Reads the address part of a prefix of `length` bits (its length octet already read).
    pub(crate) fn decode_address(
        reader: &mut Reader<'_>,
        afi: Afi,
        length: u8,
    ) -> Result<Prefix, NlriError> {
        let maximum = if afi == Afi::Ipv6 { 128 } else { 32 };
        if length > maximum {
            return Err(NlriError::new(format!(
                "prefix length {length} is longer than {maximum} bits"
            )));
        }
        let octets = reader.take(octets_for_bits(length))?;
        let address = if afi == Afi::Ipv6 {
            let mut full = [0u8; 16];
            for (slot, byte) in full.iter_mut().zip(octets) {
                *slot = *byte;
            }
            IpAddr::V6(Ipv6Addr::from(full))
        } else {
            let mut full = [0u8; 4];
            for (slot, byte) in full.iter_mut().zip(octets) {
                *slot = *byte;
            }
            IpAddr::V4(Ipv4Addr::from(full))
        };
        Ok(Prefix {
            address: keep_leading_bits(address, length),
            length,
        })
    }

    /// Appends the leading `ceil(length / 8)` octets of the address.
    pub(crate) fn encode_address(&self, out: &mut Vec<u8>) {
        let count = octets_for_bits(self.valid_length());
        match self.address {
            IpAddr::V4(address) => out.extend(address.octets().iter().take(count)),
            IpAddr::V6(address) => out.extend(address.octets().iter().take(count)),
        }
    }

    /// The length, clamped to the address size so that a hand-built invalid value still
    /// encodes without panicking.
    pub(crate) fn valid_length(&self) -> u8 {
        self.length.min(maximum_length(&self.address))
    }
}

/// "10.0.0.0/24", "2001:db8::/32".
impl fmt::Display for Prefix {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}/{}", self.address, self.length)
    }
}

/// Parses "10.0.0.0/24" (host bits are cleared) or a bare address (a host route).
impl FromStr for Prefix {
    type Err = String;

    fn from_str(text: &str) -> Result<Prefix, String> {
        let (address_text, length_text) = match text.split_once('/') {
            Some((address, length)) => (address, Some(length)),
            None => (text, None),
        };
        let address: IpAddr = address_text
            .parse()
            .map_err(|_| format!("invalid address in prefix {text:?}"))?;
        let length = match length_text {
            Some(length) => length
                .parse::<u8>()
                .map_err(|_| format!("invalid length in prefix {text:?}"))?,
            None => maximum_length(&address),
        };
        Prefix::new(address, length).ok_or_else(|| format!("prefix length too long in {text:?}"))
    }
}

/// 32 for IPv4, 128 for IPv6.
pub(crate) fn maximum_length(address: &IpAddr) -> u8 {
    match address {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    }
}

/// Octets needed to hold `bits` bits.
pub(crate) fn octets_for_bits(bits: u8) -> usize {
    usize::from(bits).div_ceil(8)
}

/// The address with every bit from position `length` on cleared.
pub(crate) fn keep_leading_bits(address: IpAddr, length: u8) -> IpAddr {
    match address {
        IpAddr::V4(address) => {
            let mask = u32::MAX
                .checked_shl(32u32.saturating_sub(u32::from(length)))
                .unwrap_or(0);
            IpAddr::V4(Ipv4Addr::from(u32::from(address) & mask))
        }
        IpAddr::V6(address) => {
            let mask = u128::MAX
                .checked_shl(128u32.saturating_sub(u32::from(length)))
                .unwrap_or(0);
            IpAddr::V6(Ipv6Addr::from(u128::from(address) & mask))
        }
    }
}

/// A plain prefix NLRI: unicast or multicast (SAFI 1 and 2), IPv4 or IPv6.
///
/// ```text
/// +---------------------------+
/// |   Path Identifier (4 octets, RFC 7911, only with ADD-PATH)
/// +---------------------------+
/// |   Length (1 octet)        |
/// +---------------------------+
/// |   Prefix (variable)       |
/// +---------------------------+
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PrefixNlri {
    /// RFC 7911 Path Identifier; ExaBGP shows it as a dotted quad ("path-information": "0.0.0.1").
    pub path_id: Option<u32>,
    pub prefix: Prefix,
}

impl PrefixNlri {
    pub fn new(prefix: Prefix) -> PrefixNlri {
        PrefixNlri {
            path_id: None,
            prefix,
        }
    }

    /// Reads one NLRI after its Path Identifier.
    pub(crate) fn decode(
        reader: &mut Reader<'_>,
        afi: Afi,
        path_id: Option<u32>,
    ) -> Result<PrefixNlri, NlriError> {
        Ok(PrefixNlri {
            path_id,
            prefix: Prefix::decode(reader, afi)?,
        })
    }

    /// Appends the NLRI after its Path Identifier.
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        self.prefix.encode(out);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    fn prefix(text: &str) -> Prefix {
        text.parse().expect("test prefix")
    }

    #[test]
    fn prefixes_both_ways() {
        let table: &[(Afi, &[u8], &str)] = &[
            (Afi::Ipv4, &[0], "0.0.0.0/0"),
            (Afi::Ipv4, &[8, 10], "10.0.0.0/8"),
            (Afi::Ipv4, &[24, 192, 0, 2], "192.0.2.0/24"),
            (Afi::Ipv4, &[25, 192, 0, 2, 128], "192.0.2.128/25"),
            (Afi::Ipv4, &[32, 10, 0, 0, 1], "10.0.0.1/32"),
            (Afi::Ipv6, &[0], "::/0"),
            (Afi::Ipv6, &[32, 0x20, 0x01, 0x0d, 0xb8], "2001:db8::/32"),
            (
                Afi::Ipv6,
                &[
                    128, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
                ],
                "2001:db8::1/128",
            ),
        ];
        for (afi, bytes, text) in table {
            let mut reader = Reader::new(bytes);
            let decoded = Prefix::decode(&mut reader, *afi).expect("decodes");
            assert!(reader.is_empty());
            assert_eq!(decoded, prefix(text));
            assert_eq!(decoded.to_string(), *text);
            let mut out = Vec::new();
            decoded.encode(&mut out);
            assert_eq!(out, *bytes);
        }
    }

    #[test]
    fn trailing_bits_are_irrelevant_and_zeroed() {
        let mut reader = Reader::new(&[20, 10, 1, 0xff]);
        let decoded = Prefix::decode(&mut reader, Afi::Ipv4).expect("decodes");
        assert_eq!(decoded.to_string(), "10.1.240.0/20");
        assert_eq!(prefix("10.1.255.255/20").to_string(), "10.1.240.0/20");
    }

    #[test]
    fn bad_prefixes_are_errors() {
        let mut reader = Reader::new(&[33, 1, 2, 3, 4, 5]);
        assert_eq!(
            Prefix::decode(&mut reader, Afi::Ipv4),
            Err(NlriError::new("prefix length 33 is longer than 32 bits"))
        );
        let mut reader = Reader::new(&[129]);
        assert!(Prefix::decode(&mut reader, Afi::Ipv6).is_err());
        let mut reader = Reader::new(&[24, 10, 0]);
        assert_eq!(
            Prefix::decode(&mut reader, Afi::Ipv4),
            Err(NlriError::new("truncated: needed 3 more byte(s), 2 left"))
        );
        assert_eq!(Prefix::new("10.0.0.0".parse().expect("address"), 33), None);
        assert!("10.0.0.0/33".parse::<Prefix>().is_err());
    }

    pub(crate) fn any_prefix() -> impl Strategy<Value = Prefix> {
        prop_oneof![
            (any::<u32>(), 0u8..=32).prop_map(|(address, length)| Prefix::new(
                IpAddr::V4(Ipv4Addr::from(address)),
                length
            )
            .expect("valid length")),
            (any::<u128>(), 0u8..=128).prop_map(|(address, length)| Prefix::new(
                IpAddr::V6(Ipv6Addr::from(address)),
                length
            )
            .expect("valid length")),
        ]
    }

    proptest! {
        #[test]
        fn round_trip(prefix in any_prefix()) {
            let mut out = Vec::new();
            prefix.encode(&mut out);
            let mut reader = Reader::new(&out);
            prop_assert_eq!(Prefix::decode(&mut reader, prefix.afi()), Ok(prefix));
            prop_assert!(reader.is_empty());
            prop_assert_eq!(prefix.to_string().parse::<Prefix>(), Ok(prefix));
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let mut reader = Reader::new(&bytes);
            let _ = Prefix::decode(&mut reader, Afi::Ipv4);
            let mut reader = Reader::new(&bytes);
            let _ = Prefix::decode(&mut reader, Afi::Ipv6);
        }
    }
}
