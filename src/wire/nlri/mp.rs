//! The MP_REACH_NLRI and MP_UNREACH_NLRI attributes (RFC 4760 §3, §4): family, next hop and
//! NLRI of every family other than the classic IPv4 unicast fields.
//!
//! The attribute decoder hands over their raw values; this module decodes them and encodes
//! them back as whole attribute TLVs. Must not know about other attributes.

use super::{Nlri, NlriError, decode_nlri_list, encode_nlri_list, is_parsed_family};
use crate::wire::error::NotificationError;
use crate::wire::family::{Family, Safi};
use crate::wire::iana::attribute_flag::{EXTENDED_LENGTH, OPTIONAL};
use crate::wire::iana::attribute_type::{MP_REACH_NLRI, MP_UNREACH_NLRI};
use crate::wire::iana::notification::update::OPTIONAL_ATTRIBUTE_ERROR;
use crate::wire::negotiated::Negotiated;
use crate::wire::reader::Reader;
use std::net::{Ipv4Addr, Ipv6Addr};

/// The Network Address of Next Hop of MP_REACH_NLRI.
///
/// On the wire (by length): 0 (flowspec), 4 (IPv4), 16 (IPv6 global), 32 (IPv6 global then
/// link-local, RFC 2545 §3); for mpls-vpn each address is preceded by an 8-octet
/// Route Distinguisher of zero: 12, 24, 48 (RFC 4364 §4.3.2, RFC 4659 §3.2.1.1). An IPv6 next
/// hop for IPv4 NLRI is RFC 8950. The RD is not stored: it is written as zero and ignored
/// on receipt.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NextHop {
    /// Length 0 (flowspec without redirect-to-IP next hop).
    None,
    Ipv4(Ipv4Addr),
    Ipv6 {
        global: Ipv6Addr,
        link_local: Option<Ipv6Addr>,
    },
    /// A next hop of a family not parsed here, in a form not listed above, as received.
    Other(Vec<u8>),
}

/// Octets of the zero Route Distinguisher in a VPN next hop.
const NEXT_HOP_RD: usize = 8;

/// Whether the next hop of `family` carries Route Distinguishers.
fn next_hop_has_route_distinguisher(family: Family) -> bool {
    family.safi == Safi::MplsVpn
}

/// RFC 4760 §7: "The session SHOULD be terminated with the Notification message code/subcode
/// indicating "UPDATE Message Error"/"Optional Attribute Error"." (RFC 7606 §7.3 keeps
/// "session reset" for a next hop of unexpected length.)
fn optional_attribute_error(detail: String) -> NotificationError {
    NotificationError::update(OPTIONAL_ATTRIBUTE_ERROR, Vec::new(), detail)
}

impl NextHop {
    fn decode(family: Family, bytes: &[u8]) -> Result<NextHop, NotificationError> {
        let mut reader = Reader::new(bytes);
        let with_rd = next_hop_has_route_distinguisher(family);
        let rd = if with_rd { NEXT_HOP_RD } else { 0 };
        let parsed = is_parsed_family(family);
        let flowspec = matches!(family.safi, Safi::Flowspec | Safi::FlowspecVpn);
        let length = bytes.len();
        // Each read below stays within `bytes`, whose length was just matched.
        let next_hop = if length == 0 && (flowspec || !parsed) {
            Ok(NextHop::None)
        } else if length == rd + 4 && !(with_rd && family.afi == crate::wire::family::Afi::Ipv6) {
            reader
                .take(rd)
                .and_then(|_| reader.ipv4())
                .map(NextHop::Ipv4)
        } else if length == rd + 16 {
            reader
                .take(rd)
                .and_then(|_| reader.ipv6())
                .map(|global| NextHop::Ipv6 {
                    global,
                    link_local: None,
                })
        } else if length == 2 * (rd + 16) {
            (|| {
                reader.take(rd)?;
                let global = reader.ipv6()?;
                reader.take(rd)?;
                let link_local = reader.ipv6()?;
                Ok(NextHop::Ipv6 {
                    global,
                    link_local: Some(link_local),
                })
            })()
        } else if !parsed {
            return Ok(NextHop::Other(bytes.to_vec()));
        } else {
            return Err(optional_attribute_error(format!(
                "invalid next hop length {length} in MP_REACH_NLRI for {family}"
            )));
        };
        next_hop.map_err(|truncated| optional_attribute_error(truncated.to_string()))
    }

    /// Writes the length octet and the next hop.
    fn encode(&self, family: Family, out: &mut Vec<u8>) {
        let rd: &[u8] = if next_hop_has_route_distinguisher(family) {
            &[0; NEXT_HOP_RD]
        } else {
            &[]
        };
        let mut value = Vec::new();
        match self {
            NextHop::None => {}
            NextHop::Ipv4(address) => {
                value.extend_from_slice(rd);
                value.extend_from_slice(&address.octets());
            }
            NextHop::Ipv6 { global, link_local } => {
                value.extend_from_slice(rd);
                value.extend_from_slice(&global.octets());
                if let Some(link_local) = link_local {
                    value.extend_from_slice(rd);
                    value.extend_from_slice(&link_local.octets());
                }
            }
            NextHop::Other(bytes) => value.extend_from_slice(bytes),
        }
        value.truncate(usize::from(u8::MAX));
        out.push(value.len() as u8);
        out.extend_from_slice(&value);
    }
}

/// Appends a whole optional non-transitive attribute (flags, type, length, value).
fn encode_attribute(type_code: u8, value: &[u8], out: &mut Vec<u8>) {
    let value = value.get(..usize::from(u16::MAX)).unwrap_or(value);
    if value.len() > usize::from(u8::MAX) {
        out.extend_from_slice(&[OPTIONAL | EXTENDED_LENGTH, type_code]);
        out.extend_from_slice(&(value.len() as u16).to_be_bytes());
    } else {
        out.extend_from_slice(&[OPTIONAL, type_code, value.len() as u8]);
    }
    out.extend_from_slice(value);
}

/// MP_REACH_NLRI (type 14).
///
/// ```text
/// +---------------------------------------------------------+
/// | Address Family Identifier (2 octets)                    |
/// +---------------------------------------------------------+
/// | Subsequent Address Family Identifier (1 octet)          |
/// +---------------------------------------------------------+
/// | Length of Next Hop Network Address (1 octet)            |
/// +---------------------------------------------------------+
/// | Network Address of Next Hop (variable)                  |
/// +---------------------------------------------------------+
/// | Reserved (1 octet)                                      |
/// +---------------------------------------------------------+
/// | Network Layer Reachability Information (variable)       |
/// +---------------------------------------------------------+
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MpReach {
    pub family: Family,
    pub next_hop: NextHop,
    pub nlri: Vec<Nlri>,
}

impl MpReach {
    /// Decodes the attribute value. Structural faults are "Optional Attribute Error"
    /// (RFC 4760 §7), faulty NLRI "Invalid Network Field" (RFC 4271 §6.3).
    pub fn decode(value: &[u8], negotiated: &Negotiated) -> Result<MpReach, NotificationError> {
        let mut reader = Reader::new(value);
        let header = (|| {
            let family = Family::from_codes(reader.u16()?, reader.u8()?);
            let next_hop_length = reader.u8()?;
            let next_hop = reader.take(usize::from(next_hop_length))?;
            // RFC 4760 §3: Reserved "MUST be set to 0, and SHOULD be ignored upon receipt."
            reader.u8()?;
            Ok((family, next_hop))
        })()
        .map_err(|truncated: crate::wire::reader::Truncated| {
            optional_attribute_error(format!("MP_REACH_NLRI {truncated}"))
        })?;
        let (family, next_hop) = header;
        let next_hop = NextHop::decode(family, next_hop)?;
        let nlri = decode_nlri_list(
            family,
            reader.rest(),
            negotiated.path_id_on_receive(family),
            false,
        )
        .map_err(|error: NlriError| error.into_notification(family))?;
        Ok(MpReach {
            family,
            next_hop,
            nlri,
        })
    }

    /// Appends the attribute value.
    pub fn encode_value(&self, negotiated: &Negotiated, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.family.afi.code().to_be_bytes());
        out.push(self.family.safi.code());
        self.next_hop.encode(self.family, out);
        out.push(0);
        encode_nlri_list(&self.nlri, negotiated.path_id_on_send(self.family), out);
    }

    /// Appends the whole attribute (flags 0x80, or 0x90 past 255 octets; type 14; length).
    pub fn encode_attribute(&self, negotiated: &Negotiated, out: &mut Vec<u8>) {
        let mut value = Vec::new();
        self.encode_value(negotiated, &mut value);
        encode_attribute(MP_REACH_NLRI, &value, out);
    }
}

/// MP_UNREACH_NLRI (type 15).
///
/// ```text
/// +---------------------------------------------------------+
/// | Address Family Identifier (2 octets)                    |
/// +---------------------------------------------------------+
/// | Subsequent Address Family Identifier (1 octet)          |
/// +---------------------------------------------------------+
/// | Withdrawn Routes (variable)                             |
/// +---------------------------------------------------------+
/// ```
///
/// With no withdrawn routes it is the End-of-RIB marker of its family (RFC 4724 §2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MpUnreach {
    pub family: Family,
    pub nlri: Vec<Nlri>,
}

impl MpUnreach {
    /// Decodes the attribute value (errors as for [`MpReach::decode`]).
    pub fn decode(value: &[u8], negotiated: &Negotiated) -> Result<MpUnreach, NotificationError> {
        let mut reader = Reader::new(value);
        let family = (|| Ok(Family::from_codes(reader.u16()?, reader.u8()?)))().map_err(
            |truncated: crate::wire::reader::Truncated| {
                optional_attribute_error(format!("MP_UNREACH_NLRI {truncated}"))
            },
        )?;
        let nlri = decode_nlri_list(
            family,
            reader.rest(),
            negotiated.path_id_on_receive(family),
            true,
        )
        .map_err(|error| error.into_notification(family))?;
        Ok(MpUnreach { family, nlri })
    }

    pub fn encode_value(&self, negotiated: &Negotiated, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.family.afi.code().to_be_bytes());
        out.push(self.family.safi.code());
        encode_nlri_list(&self.nlri, negotiated.path_id_on_send(self.family), out);
    }

    /// Appends the whole attribute (flags 0x80, or 0x90 past 255 octets; type 15; length).
    pub fn encode_attribute(&self, negotiated: &Negotiated, out: &mut Vec<u8>) {
        let mut value = Vec::new();
        self.encode_value(negotiated, &mut value);
        encode_attribute(MP_UNREACH_NLRI, &value, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::family::Afi;
    use crate::wire::nlri::{
        FlowComponent, FlowPrefix, FlowspecNlri, Label, LabelledNlri, PrefixNlri,
        RouteDistinguisher, UnparsedNlri, VpnNlri,
    };
    use proptest::prelude::*;

    fn prefix(text: &str) -> crate::wire::nlri::Prefix {
        text.parse().expect("test prefix")
    }

    fn address6(text: &str) -> Ipv6Addr {
        text.parse().expect("test address")
    }

    #[test]
    fn mp_reach_both_ways() {
        let negotiated = Negotiated::default();
        let table: Vec<(Vec<u8>, MpReach)> = vec![
            // IPv6 unicast, global + link-local next hop
            (
                [
                    &[0, 2, 1, 32][..],
                    &address6("2001:db8::1").octets(),
                    &address6("fe80::1").octets(),
                    &[0, 32, 0x20, 0x01, 0x0d, 0xb8],
                ]
                .concat(),
                MpReach {
                    family: Family::IPV6_UNICAST,
                    next_hop: NextHop::Ipv6 {
                        global: address6("2001:db8::1"),
                        link_local: Some(address6("fe80::1")),
                    },
                    nlri: vec![Nlri::Unicast(PrefixNlri::new(prefix("2001:db8::/32")))],
                },
            ),
            // RFC 8950: IPv4 unicast NLRI with an IPv6 next hop
            (
                [
                    &[0, 1, 1, 16][..],
                    &address6("2001:db8::1").octets(),
                    &[0, 24, 10, 0, 0],
                ]
                .concat(),
                MpReach {
                    family: Family::IPV4_UNICAST,
                    next_hop: NextHop::Ipv6 {
                        global: address6("2001:db8::1"),
                        link_local: None,
                    },
                    nlri: vec![Nlri::Unicast(PrefixNlri::new(prefix("10.0.0.0/24")))],
                },
            ),
            // VPN-IPv4: next hop RD 0 + 1.2.3.4
            (
                vec![
                    0, 1, 128, 12, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 0, 112, 0, 0x06, 0x41, 0, 0,
                    0xfd, 0xe9, 0, 0, 0, 1, 10, 0, 0,
                ],
                MpReach {
                    family: Family::new(Afi::Ipv4, Safi::MplsVpn),
                    next_hop: NextHop::Ipv4(Ipv4Addr::new(1, 2, 3, 4)),
                    nlri: vec![Nlri::Vpn(VpnNlri {
                        path_id: None,
                        labels: vec![Label::new(100)],
                        route_distinguisher: RouteDistinguisher::As2 {
                            administrator: 65001,
                            assigned: 1,
                        },
                        prefix: prefix("10.0.0.0/24"),
                    })],
                },
            ),
            // VPN-IPv6: 24-octet next hop
            (
                [
                    &[0, 2, 128, 24, 0, 0, 0, 0, 0, 0, 0, 0][..],
                    &address6("2001:db8::1").octets(),
                    &[0],
                ]
                .concat(),
                MpReach {
                    family: Family::new(Afi::Ipv6, Safi::MplsVpn),
                    next_hop: NextHop::Ipv6 {
                        global: address6("2001:db8::1"),
                        link_local: None,
                    },
                    nlri: vec![],
                },
            ),
            // labelled unicast
            (
                vec![0, 1, 4, 4, 1, 2, 3, 4, 0, 48, 0, 0x06, 0x41, 10, 0, 0],
                MpReach {
                    family: Family::new(Afi::Ipv4, Safi::MplsLabel),
                    next_hop: NextHop::Ipv4(Ipv4Addr::new(1, 2, 3, 4)),
                    nlri: vec![Nlri::Labelled(LabelledNlri {
                        path_id: None,
                        labels: vec![Label::new(100)],
                        prefix: prefix("10.0.0.0/24"),
                    })],
                },
            ),
            // flowspec, next hop length 0
            (
                vec![0, 1, 133, 0, 0, 3, 1, 8, 10],
                MpReach {
                    family: Family::new(Afi::Ipv4, Safi::Flowspec),
                    next_hop: NextHop::None,
                    nlri: vec![Nlri::Flowspec(FlowspecNlri::new(
                        Afi::Ipv4,
                        None,
                        vec![FlowComponent::DestinationPrefix(FlowPrefix::new(prefix(
                            "10.0.0.0/8",
                        )))],
                    ))],
                },
            ),
            // unknown family: next hop and NLRI kept raw
            (
                vec![0x40, 0x04, 71, 3, 9, 9, 9, 0, 1, 2],
                MpReach {
                    family: Family::new(Afi::BgpLs, Safi::BgpLs),
                    next_hop: NextHop::Other(vec![9, 9, 9]),
                    nlri: vec![Nlri::Unparsed(UnparsedNlri {
                        family: Family::new(Afi::BgpLs, Safi::BgpLs),
                        bytes: vec![1, 2],
                    })],
                },
            ),
        ];
        for (bytes, value) in table {
            assert_eq!(
                MpReach::decode(&bytes, &negotiated).as_ref(),
                Ok(&value),
                "{bytes:?}"
            );
            let mut out = Vec::new();
            value.encode_value(&negotiated, &mut out);
            assert_eq!(out, bytes);
        }
    }

    #[test]
    fn mp_reach_attribute_headers() {
        let negotiated = Negotiated::default();
        let value = MpUnreach {
            family: Family::new(Afi::Ipv6, Safi::Unicast),
            nlri: vec![],
        };
        let mut out = Vec::new();
        value.encode_attribute(&negotiated, &mut out);
        assert_eq!(out, [0x80, 15, 3, 0, 2, 1]);
        let long = MpUnreach {
            family: Family::IPV4_UNICAST,
            nlri: (0..100u32)
                .map(|index| {
                    Nlri::Unicast(PrefixNlri::new(
                        crate::wire::nlri::Prefix::new(
                            std::net::IpAddr::V4(Ipv4Addr::from(index << 8)),
                            24,
                        )
                        .expect("prefix"),
                    ))
                })
                .collect(),
        };
        let mut out = Vec::new();
        long.encode_attribute(&negotiated, &mut out);
        assert_eq!(&out[..4], &[0x90, 15, 0x01, 0x93]);
        assert_eq!(out.len(), 4 + 3 + 400);
    }

    #[test]
    fn mp_unreach_with_add_path_both_ways() {
        let family = Family::IPV6_UNICAST;
        let negotiated = Negotiated {
            add_path_receive: vec![family],
            add_path_send: vec![family],
            ..Negotiated::default()
        };
        let bytes = [0, 2, 1, 0, 0, 0, 7, 32, 0x20, 0x01, 0x0d, 0xb8];
        let value = MpUnreach {
            family,
            nlri: vec![Nlri::Unicast(PrefixNlri {
                path_id: Some(7),
                prefix: prefix("2001:db8::/32"),
            })],
        };
        assert_eq!(MpUnreach::decode(&bytes, &negotiated), Ok(value.clone()));
        let mut out = Vec::new();
        value.encode_value(&negotiated, &mut out);
        assert_eq!(out, bytes);
    }

    #[test]
    fn bad_mp_attributes_are_errors() {
        let negotiated = Negotiated::default();
        let table: &[(&[u8], u8, &str)] = &[
            (
                &[0, 1, 1, 4, 1, 2, 3],
                9,
                "MP_REACH_NLRI truncated: needed 4 more byte(s), 3 left",
            ),
            (
                &[0, 1, 1, 4, 1, 2, 3, 4],
                9,
                "MP_REACH_NLRI truncated: needed 1 more byte(s), 0 left",
            ),
            (
                &[0, 1, 1, 5, 1, 2, 3, 4, 5, 0],
                9,
                "invalid next hop length 5 in MP_REACH_NLRI for ipv4 unicast",
            ),
            (
                &[0, 1, 1, 0, 0],
                9,
                "invalid next hop length 0 in MP_REACH_NLRI for ipv4 unicast",
            ),
            (
                &[0, 1, 128, 4, 1, 2, 3, 4, 0],
                9,
                "invalid next hop length 4 in MP_REACH_NLRI for ipv4 mpls-vpn",
            ),
            (
                &[0, 1, 1, 4, 1, 2, 3, 4, 0, 33, 1, 2, 3, 4, 5],
                10,
                "invalid ipv4 unicast NLRI: prefix length 33 is longer than 32 bits",
            ),
        ];
        for (bytes, subcode, detail) in table {
            let error = MpReach::decode(bytes, &negotiated).expect_err("malformed");
            assert_eq!((error.code, error.subcode), (3, *subcode), "{bytes:?}");
            assert_eq!(error.detail, *detail);
        }
        let error = MpUnreach::decode(&[0, 1], &negotiated).expect_err("short");
        assert_eq!((error.code, error.subcode), (3, 9));
        let error = MpUnreach::decode(&[0, 1, 1, 24, 10], &negotiated).expect_err("short");
        assert_eq!((error.code, error.subcode), (3, 10));
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(
            bytes in proptest::collection::vec(any::<u8>(), 0..80),
            afi in prop_oneof![Just(1u16), Just(2), Just(25), any::<u16>()],
            safi in prop_oneof![Just(1u8), Just(2), Just(4), Just(65), Just(128), Just(133), Just(134), any::<u8>()],
        ) {
            let negotiated = Negotiated::default();
            let mut value = Vec::new();
            value.extend_from_slice(&afi.to_be_bytes());
            value.push(safi);
            value.extend_from_slice(&bytes);
            if let Ok(reach) = MpReach::decode(&value, &negotiated) {
                let mut out = Vec::new();
                reach.encode_value(&negotiated, &mut out);
                prop_assert_eq!(MpReach::decode(&out, &negotiated), Ok(reach));
            }
            if let Ok(unreach) = MpUnreach::decode(&value, &negotiated) {
                let mut out = Vec::new();
                unreach.encode_value(&negotiated, &mut out);
                prop_assert_eq!(MpUnreach::decode(&out, &negotiated), Ok(unreach));
            }
        }
    }
}
