//! AGGREGATOR (type code 7, RFC 4271 §5.1.7) and AS4_AGGREGATOR (type code 18, RFC 6793 §3).
//!
//! Value codec only. Which of the two is sent, and how they are reconciled on a 2-octet-AS
//! session, is `four_octet.rs`'s and `mod.rs`'s business.

use super::rfc7606::exact_length;
use crate::wire::reader::Reader;
use std::net::Ipv4Addr;

/// The aggregating AS and BGP speaker.
///
/// ```text
///    AGGREGATOR is an optional transitive attribute of length 6 [2-octet AS sessions] or 8
///    [RFC 6793, 4-octet AS sessions and AS4_AGGREGATOR]:
///    +---------------------------------+
///    |  AS number (2 or 4 octets)      |
///    +---------------------------------+
///    |  IP address (4 octets)          |
///    +---------------------------------+
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Aggregator {
    pub asn: u32,
    pub address: Ipv4Addr,
}

impl Aggregator {
    /// RFC 7606 §7.7: "The error handling of [RFC4271] is revised to specify that the
    /// attribute is considered malformed if its length is not 6 [or 8 with 4-octet AS]"
    /// (attribute discard).
    pub fn decode(value: &[u8], four_octet: bool) -> Result<Aggregator, String> {
        let name = "AGGREGATOR";
        exact_length(value, if four_octet { 8 } else { 6 }, name)?;
        let mut reader = Reader::new(value);
        let asn = if four_octet {
            reader.u32()
        } else {
            reader.u16().map(u32::from)
        };
        let asn = asn.map_err(|error| format!("{name}: {error}"))?;
        let address = reader.ipv4().map_err(|error| format!("{name}: {error}"))?;
        Ok(Aggregator { asn, address })
    }

    /// Writes the value; with `four_octet` false the AS number must already fit in 2 octets
    /// (the caller substitutes AS_TRANS).
    pub fn encode_value(&self, four_octet: bool, out: &mut Vec<u8>) {
        if four_octet {
            out.extend_from_slice(&self.asn.to_be_bytes());
        } else {
            out.extend_from_slice(&(self.asn as u16).to_be_bytes());
        }
        out.extend_from_slice(&self.address.octets());
    }

    /// ExaBGP's string: "<asn>:<address>".
    pub fn exabgp_string(&self) -> String {
        format!("{}:{}", self.asn, self.address)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn table_both_ways() {
        // `exabgp decode` (4-octet session): c0070800010001c0a80001 ->
        // "aggregator": "65537:192.168.0.1".
        let table: &[(&[u8], bool, Aggregator, &str)] = &[
            (
                &[0x00, 0x01, 0x00, 0x01, 192, 168, 0, 1],
                true,
                Aggregator {
                    asn: 65537,
                    address: Ipv4Addr::new(192, 168, 0, 1),
                },
                "65537:192.168.0.1",
            ),
            (
                &[0xfd, 0xe9, 10, 0, 0, 1],
                false,
                Aggregator {
                    asn: 65001,
                    address: Ipv4Addr::new(10, 0, 0, 1),
                },
                "65001:10.0.0.1",
            ),
        ];
        for (bytes, four_octet, value, text) in table {
            assert_eq!(Aggregator::decode(bytes, *four_octet), Ok(*value));
            let mut out = Vec::new();
            value.encode_value(*four_octet, &mut out);
            assert_eq!(&out[..], *bytes);
            assert_eq!(value.exabgp_string(), *text);
        }
    }

    #[test]
    fn malformed_lengths() {
        // `exabgp decode` of a 6-octet AGGREGATOR on a 4-octet session: "error": "discard".
        assert_eq!(
            Aggregator::decode(&[0xfd, 0xe9, 1, 2, 3, 4], true),
            Err("AGGREGATOR length is 6, not 8".to_string())
        );
        assert_eq!(
            Aggregator::decode(&[0; 8], false),
            Err("AGGREGATOR length is 8, not 6".to_string())
        );
    }

    proptest! {
        #[test]
        fn round_trip(asn in any::<u32>(), address in any::<u32>(), four_octet in any::<bool>()) {
            let asn = if four_octet { asn } else { asn & 0xffff };
            let value = Aggregator { asn, address: Ipv4Addr::from(address) };
            let mut out = Vec::new();
            value.encode_value(four_octet, &mut out);
            prop_assert_eq!(Aggregator::decode(&out, four_octet), Ok(value));
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..12)) {
            let _ = Aggregator::decode(&bytes, true);
            let _ = Aggregator::decode(&bytes, false);
        }
    }
}
