//! The fields EVPN routes share (RFC 7432 §7): Ethernet Segment Identifier, MAC address and
//! the IP address fields whose length is given in bits.
//!
//! Each has ExaBGP's text form as its `Display`. Must not know which route type carries it.

use super::super::NlriError;
use crate::wire::reader::Reader;
use std::fmt;
use std::net::IpAddr;

/// The length in bits of a MAC address (RFC 7432 §7.2: "The MAC Address Length field is in
/// bits, and it is set to 48.").
pub const MAC_ADDRESS_BITS: u8 = 48;
/// The length in bits of an IPv4 address field.
pub const IPV4_BITS: u8 = 32;
/// The length in bits of an IPv6 address field.
pub const IPV6_BITS: u8 = 128;

/// The Ethernet Segment Identifier (RFC 7432 §5), 10 octets.
///
/// ```text
/// +---+---+---+---+---+---+---+---+---+---+
/// | T |          ESI Value (9 octets)     |
/// +---+---+---+---+---+---+---+---+---+---+
/// ```
///
/// Shown as ExaBGP shows it: "-" for the all-zero ESI of a single-homed site, otherwise the
/// 10 octets in lower-case hexadecimal separated by colons ("01:aa:bb:cc:dd:ee:02:00:02:00").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct EthernetSegmentIdentifier(pub [u8; 10]);

impl EthernetSegmentIdentifier {
    /// The zero ESI ("-"): the route is not tied to a multi-homed segment.
    pub const ZERO: EthernetSegmentIdentifier = EthernetSegmentIdentifier([0; 10]);

    pub fn is_zero(&self) -> bool {
        self.0 == [0; 10]
    }

    pub(crate) fn decode(reader: &mut Reader<'_>) -> Result<EthernetSegmentIdentifier, NlriError> {
        Ok(EthernetSegmentIdentifier(reader.array()?))
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.0);
    }
}

/// ExaBGP's form (qualifier/esi.py `__str__`).
impl fmt::Display for EthernetSegmentIdentifier {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            return formatter.write_str("-");
        }
        for (index, byte) in self.0.iter().enumerate() {
            if index > 0 {
                formatter.write_str(":")?;
            }
            write!(formatter, "{byte:02x}")?;
        }
        Ok(())
    }
}

/// A 6-octet IEEE 802 MAC address, shown as ExaBGP shows it: upper-case hexadecimal
/// separated by colons ("AA:BB:CC:DD:EE:FF").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct MacAddress(pub [u8; 6]);

impl fmt::Display for MacAddress {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, byte) in self.0.iter().enumerate() {
            if index > 0 {
                formatter.write_str(":")?;
            }
            write!(formatter, "{byte:02X}")?;
        }
        Ok(())
    }
}

/// The length in bits of `address` as the IP Address Length fields carry it.
pub fn address_bits(address: &IpAddr) -> u8 {
    match address {
        IpAddr::V4(_) => IPV4_BITS,
        IpAddr::V6(_) => IPV6_BITS,
    }
}

/// Reads the address announced by an IP Address Length field of `bits` (32 or 128).
pub(crate) fn decode_address(
    reader: &mut Reader<'_>,
    bits: u8,
    route: &str,
) -> Result<IpAddr, NlriError> {
    match bits {
        IPV4_BITS => Ok(IpAddr::V4(reader.ipv4()?)),
        IPV6_BITS => Ok(IpAddr::V6(reader.ipv6()?)),
        _ => Err(NlriError::new(format!(
            "{route} route IP address length is {bits} bits, expecting {IPV4_BITS} or {IPV6_BITS}"
        ))),
    }
}

/// Writes the octets of `address` (without its length).
pub(crate) fn encode_address(address: &IpAddr, out: &mut Vec<u8>) {
    match address {
        IpAddr::V4(address) => out.extend_from_slice(&address.octets()),
        IpAddr::V6(address) => out.extend_from_slice(&address.octets()),
    }
}

/// Writes an IP Address Length field (in bits) and the address.
pub(crate) fn encode_address_with_length(address: &IpAddr, out: &mut Vec<u8>) {
    out.push(address_bits(address));
    encode_address(address, out);
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    #[test]
    fn identifiers_show_as_exabgp_does() {
        // From the GoBGP Ethernet Segment route of tests/corpus (ExaBGP: "03:aa:…:01").
        let esi = EthernetSegmentIdentifier([3, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 1, 0, 0, 1]);
        assert_eq!(esi.to_string(), "03:aa:bb:cc:dd:ee:01:00:00:01");
        assert_eq!(EthernetSegmentIdentifier::ZERO.to_string(), "-");
        assert!(EthernetSegmentIdentifier::default().is_zero());
        let mac = MacAddress([0xfc, 0x15, 0xb4, 0x78, 0x7b, 0x8f]);
        assert_eq!(mac.to_string(), "FC:15:B4:78:7B:8F");
    }

    #[test]
    fn addresses_both_ways() {
        let table: &[(&[u8], IpAddr)] = &[
            (&[32, 10, 28, 0, 2], IpAddr::V4(Ipv4Addr::new(10, 28, 0, 2))),
            (
                &[128, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
                IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)),
            ),
        ];
        for (bytes, address) in table {
            let mut reader = Reader::new(bytes);
            let bits = reader.u8().expect("length");
            assert_eq!(decode_address(&mut reader, bits, "test"), Ok(*address));
            assert!(reader.is_empty());
            let mut out = Vec::new();
            encode_address_with_length(address, &mut out);
            assert_eq!(out, *bytes);
        }
        let mut reader = Reader::new(&[10, 0, 0]);
        assert_eq!(
            decode_address(&mut reader, 24, "Ethernet Segment"),
            Err(NlriError::new(
                "Ethernet Segment route IP address length is 24 bits, expecting 32 or 128"
            ))
        );
        assert_eq!(
            decode_address(&mut reader, 32, "test"),
            Err(NlriError::new("truncated: needed 4 more byte(s), 3 left"))
        );
    }

    pub(crate) fn any_address() -> impl Strategy<Value = IpAddr> {
        prop_oneof![
            any::<u32>().prop_map(|bits| IpAddr::V4(Ipv4Addr::from(bits))),
            any::<u128>().prop_map(|bits| IpAddr::V6(Ipv6Addr::from(bits))),
        ]
    }

    proptest! {
        #[test]
        fn address_round_trip(address in any_address()) {
            let mut out = Vec::new();
            encode_address_with_length(&address, &mut out);
            let mut reader = Reader::new(&out);
            let bits = reader.u8().expect("length");
            prop_assert_eq!(decode_address(&mut reader, bits, "test"), Ok(address));
        }
    }
}
