//! The MPLS-labelled VPN NLRI: VPN-IPv4 (RFC 4364 §4.3.4) and VPN-IPv6 (RFC 4659 §3.2),
//! SAFI 128, ExaBGP "mpls-vpn".
//!
//! Must not know about next hops (see `mp`) or UPDATEs.

use super::NlriError;
use super::label::{Label, decode_labelled, encode_labelled};
use super::prefix::Prefix;
use super::route_distinguisher::RouteDistinguisher;
use crate::wire::family::Afi;
use crate::wire::reader::Reader;

/// A VPN NLRI.
///
/// ```text
/// +---------------------------+
/// |   Length (1 octet)        |  bits of label(s) + RD + prefix
/// +---------------------------+
/// |   Label (3 octets)        |  repeated until the S bit
/// +---------------------------+
/// |   Route Distinguisher (8) |
/// +---------------------------+
/// |   Prefix (variable)       |
/// +---------------------------+
/// ```
///
/// Valid when 24 × labels + 64 + prefix length ≤ 255. ExaBGP shows the RD as " rd 65001:1"
/// in text and `"rd": "65001:1"` in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VpnNlri {
    pub path_id: Option<u32>,
    pub labels: Vec<Label>,
    pub route_distinguisher: RouteDistinguisher,
    pub prefix: Prefix,
}

impl VpnNlri {
    pub(crate) fn decode(
        reader: &mut Reader<'_>,
        afi: Afi,
        path_id: Option<u32>,
        withdrawal: bool,
    ) -> Result<VpnNlri, NlriError> {
        let parts = decode_labelled(reader, afi, true, withdrawal)?;
        Ok(VpnNlri {
            path_id,
            labels: parts.labels,
            route_distinguisher: parts
                .route_distinguisher
                .unwrap_or(RouteDistinguisher::ZERO),
            prefix: parts.prefix,
        })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        encode_labelled(
            &self.labels,
            Some(&self.route_distinguisher),
            &self.prefix,
            out,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::nlri::label::tests::any_label_stack;
    use crate::wire::nlri::prefix::tests::any_prefix;
    use crate::wire::nlri::route_distinguisher::tests::any_route_distinguisher;
    use proptest::prelude::*;
    use std::net::Ipv4Addr;

    fn prefix(text: &str) -> Prefix {
        text.parse().expect("test prefix")
    }

    #[test]
    fn vpn_nlri_both_ways() {
        let table: &[(&[u8], bool, VpnNlri)] = &[
            // 10.0.0.0/24 label 100 rd 65001:1, as ExaBGP decodes it (see exabgp_differential.rs)
            (
                &[
                    112, 0x00, 0x06, 0x41, 0, 0, 0xfd, 0xe9, 0, 0, 0, 1, 10, 0, 0,
                ],
                false,
                VpnNlri {
                    path_id: None,
                    labels: vec![Label::new(100)],
                    route_distinguisher: RouteDistinguisher::As2 {
                        administrator: 65001,
                        assigned: 1,
                    },
                    prefix: prefix("10.0.0.0/24"),
                },
            ),
            // withdrawal, RD 1.2.3.4:5, IPv6 2001:db8::/32
            (
                &[
                    120, 0x80, 0x00, 0x00, 0, 1, 1, 2, 3, 4, 0, 5, 0x20, 0x01, 0x0d, 0xb8,
                ],
                true,
                VpnNlri {
                    path_id: None,
                    labels: vec![Label::WITHDRAW_COMPATIBILITY],
                    route_distinguisher: RouteDistinguisher::Ipv4 {
                        administrator: Ipv4Addr::new(1, 2, 3, 4),
                        assigned: 5,
                    },
                    prefix: prefix("2001:db8::/32"),
                },
            ),
        ];
        for (bytes, withdrawal, value) in table {
            let mut reader = Reader::new(bytes);
            let decoded = VpnNlri::decode(&mut reader, value.prefix.afi(), None, *withdrawal)
                .expect("decodes");
            assert_eq!(&decoded, value);
            assert!(reader.is_empty());
            let mut out = Vec::new();
            value.encode(&mut out);
            assert_eq!(out, *bytes);
        }
    }

    #[test]
    fn bad_vpn_nlri_are_errors() {
        // label fits but no room for the RD
        let mut reader = Reader::new(&[48, 0, 0x06, 0x41, 10, 0, 0]);
        assert_eq!(
            VpnNlri::decode(&mut reader, Afi::Ipv4, None, false),
            Err(NlriError::new("labelled NLRI too short for a label"))
        );
        let mut reader = Reader::new(&[112, 0, 0x06, 0x41, 0, 0, 0xfd]);
        assert_eq!(
            VpnNlri::decode(&mut reader, Afi::Ipv4, None, false),
            Err(NlriError::new("truncated: needed 8 more byte(s), 3 left"))
        );
    }

    proptest! {
        #[test]
        fn round_trip(labels in any_label_stack(), route_distinguisher in any_route_distinguisher(), prefix in any_prefix()) {
            prop_assume!(24 * labels.len() + 64 + usize::from(prefix.length) <= 255);
            let value = VpnNlri { path_id: None, labels, route_distinguisher, prefix };
            let mut out = Vec::new();
            value.encode(&mut out);
            let mut reader = Reader::new(&out);
            prop_assert_eq!(VpnNlri::decode(&mut reader, prefix.afi(), None, false), Ok(value));
        }
    }
}
