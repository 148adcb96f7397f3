//! The 8-octet Route Distinguisher of VPN NLRI (RFC 4364 §4.2).
//!
//! Knows the three standard types and keeps any other as bytes. Must not know which NLRI
//! carry it.

use super::NlriError;
use crate::wire::reader::Reader;
use std::fmt;
use std::net::Ipv4Addr;

/// A Route Distinguisher.
///
/// ```text
/// +--------------------+--------------------------------------------+
/// | Type (2 octets)    | Value (6 octets)                           |
/// +--------------------+--------------------------------------------+
/// type 0: Administrator = 2-octet AS number,  Assigned Number = 4 octets
/// type 1: Administrator = IPv4 address,       Assigned Number = 2 octets
/// type 2: Administrator = 4-octet AS number,  Assigned Number = 2 octets
/// ```
///
/// Displayed as ExaBGP shows it: "65001:1", "1.2.3.4:5", "4200000000:1", and for other
/// types "0x" followed by the 8 octets in upper-case hexadecimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RouteDistinguisher {
    /// Type 0.
    As2 { administrator: u16, assigned: u32 },
    /// Type 1.
    Ipv4 {
        administrator: Ipv4Addr,
        assigned: u16,
    },
    /// Type 2.
    As4 { administrator: u32, assigned: u16 },
    /// Any other type, as the 8 octets received (type included). Decoding never produces this
    /// for types 0, 1 and 2.
    Other([u8; 8]),
}

impl RouteDistinguisher {
    /// The all-zero RD carried before the address of a VPN next hop (RFC 4364 §4.3.2).
    pub const ZERO: RouteDistinguisher = RouteDistinguisher::As2 {
        administrator: 0,
        assigned: 0,
    };

    pub fn from_bytes(bytes: [u8; 8]) -> RouteDistinguisher {
        let [t0, t1, a, b, c, d, e, f] = bytes;
        match u16::from_be_bytes([t0, t1]) {
            0 => RouteDistinguisher::As2 {
                administrator: u16::from_be_bytes([a, b]),
                assigned: u32::from_be_bytes([c, d, e, f]),
            },
            1 => RouteDistinguisher::Ipv4 {
                administrator: Ipv4Addr::new(a, b, c, d),
                assigned: u16::from_be_bytes([e, f]),
            },
            2 => RouteDistinguisher::As4 {
                administrator: u32::from_be_bytes([a, b, c, d]),
                assigned: u16::from_be_bytes([e, f]),
            },
            _ => RouteDistinguisher::Other(bytes),
        }
    }

    pub fn to_bytes(&self) -> [u8; 8] {
        let mut out = [0u8; 8];
        match *self {
            RouteDistinguisher::As2 {
                administrator,
                assigned,
            } => {
                out[2..4].copy_from_slice(&administrator.to_be_bytes());
                out[4..8].copy_from_slice(&assigned.to_be_bytes());
            }
            RouteDistinguisher::Ipv4 {
                administrator,
                assigned,
            } => {
                out[1] = 1;
                out[2..6].copy_from_slice(&administrator.octets());
                out[6..8].copy_from_slice(&assigned.to_be_bytes());
            }
            RouteDistinguisher::As4 {
                administrator,
                assigned,
            } => {
                out[1] = 2;
                out[2..6].copy_from_slice(&administrator.to_be_bytes());
                out[6..8].copy_from_slice(&assigned.to_be_bytes());
            }
            RouteDistinguisher::Other(bytes) => out = bytes,
        }
        out
    }

    pub(crate) fn decode(reader: &mut Reader<'_>) -> Result<RouteDistinguisher, NlriError> {
        Ok(RouteDistinguisher::from_bytes(reader.array()?))
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_bytes());
    }
}

/// ExaBGP's form (qualifier/rd.py `_str`).
impl fmt::Display for RouteDistinguisher {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteDistinguisher::As2 {
                administrator,
                assigned,
            } => write!(formatter, "{administrator}:{assigned}"),
            RouteDistinguisher::Ipv4 {
                administrator,
                assigned,
            } => write!(formatter, "{administrator}:{assigned}"),
            RouteDistinguisher::As4 {
                administrator,
                assigned,
            } => write!(formatter, "{administrator}:{assigned}"),
            RouteDistinguisher::Other(bytes) => {
                formatter.write_str("0x")?;
                for byte in bytes {
                    write!(formatter, "{byte:02X}")?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn route_distinguishers_both_ways() {
        let table: &[([u8; 8], RouteDistinguisher, &str)] = &[
            (
                [0, 0, 0xfd, 0xe9, 0, 0, 0, 1],
                RouteDistinguisher::As2 {
                    administrator: 65001,
                    assigned: 1,
                },
                "65001:1",
            ),
            (
                [0, 1, 1, 2, 3, 4, 0, 5],
                RouteDistinguisher::Ipv4 {
                    administrator: Ipv4Addr::new(1, 2, 3, 4),
                    assigned: 5,
                },
                "1.2.3.4:5",
            ),
            (
                [0, 2, 0xfa, 0x56, 0xea, 0, 0, 1],
                RouteDistinguisher::As4 {
                    administrator: 4_200_000_000,
                    assigned: 1,
                },
                "4200000000:1",
            ),
            (
                [0, 9, 1, 2, 3, 4, 5, 0xab],
                RouteDistinguisher::Other([0, 9, 1, 2, 3, 4, 5, 0xab]),
                "0x00090102030405AB",
            ),
        ];
        for (bytes, value, text) in table {
            let mut reader = Reader::new(bytes);
            assert_eq!(RouteDistinguisher::decode(&mut reader), Ok(*value));
            assert_eq!(value.to_bytes(), *bytes);
            assert_eq!(value.to_string(), *text);
        }
        let mut reader = Reader::new(&[0, 0, 1]);
        assert!(RouteDistinguisher::decode(&mut reader).is_err());
    }

    pub(crate) fn any_route_distinguisher() -> impl Strategy<Value = RouteDistinguisher> {
        any::<[u8; 8]>().prop_map(RouteDistinguisher::from_bytes)
    }

    proptest! {
        #[test]
        fn round_trip(value in any_route_distinguisher()) {
            prop_assert_eq!(RouteDistinguisher::from_bytes(value.to_bytes()), value);
        }
    }
}
