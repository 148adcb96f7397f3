//! NLRI of every family ferrobgp understands, and the MP_REACH_NLRI / MP_UNREACH_NLRI
//! attributes that carry them outside IPv4 unicast.
//!
//! Pure codec: decoding never panics and reports a malformed NLRI as an [`NlriError`] (the
//! UPDATE decoder turns it into the NOTIFICATION the RFCs require). Families we do not parse
//! are kept as raw bytes ([`UnparsedNlri`]), never rejected here. Must not know about path
//! attributes other than the two MP ones, nor about sessions.

pub mod evpn;
pub mod flowspec;
pub mod label;
pub mod mp;
pub mod prefix;
pub mod route_distinguisher;
pub mod vpls;
pub mod vpn;

#[cfg(test)]
mod exabgp_differential;

pub use evpn::{EvpnNlri, EvpnRoute};
pub use flowspec::{
    BitmaskMatch, FlowComponent, FlowPrefix, FlowspecNlri, NumericMatch, ValueLength,
};
pub use label::{Label, LabelledNlri, label_stack_json, label_stack_text};
pub use mp::{MpReach, MpUnreach, NextHop};
pub use prefix::{Prefix, PrefixNlri};
pub use route_distinguisher::RouteDistinguisher;
pub use vpls::VplsNlri;
pub use vpn::VpnNlri;

use super::error::NotificationError;
use super::family::{Afi, Family, Safi};
use super::iana::notification::update::INVALID_NETWORK_FIELD;
use super::reader::{Reader, Truncated};
use std::fmt;

/// A syntactically incorrect NLRI (RFC 7606 §5.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NlriError {
    pub detail: String,
}

impl NlriError {
    pub fn new(detail: impl Into<String>) -> NlriError {
        NlriError {
            detail: detail.into(),
        }
    }

    /// RFC 4271 §6.3: "The NLRI field in the UPDATE message is checked for syntactic
    /// validity. If the field is syntactically incorrect, then the Error Subcode MUST be set
    /// to Invalid Network Field." Used for every NLRI list (withdrawn, NLRI, MP attributes).
    pub fn into_notification(self, family: Family) -> NotificationError {
        NotificationError::update(
            INVALID_NETWORK_FIELD,
            Vec::new(),
            format!("invalid {family} NLRI: {}", self.detail),
        )
    }
}

impl From<Truncated> for NlriError {
    fn from(truncated: Truncated) -> NlriError {
        NlriError::new(truncated.to_string())
    }
}

impl fmt::Display for NlriError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.detail)
    }
}

impl std::error::Error for NlriError {}

/// The NLRI field of a family we do not parse (BGP-LS, MUP, RTC, MCAST-VPN, unknown
/// AFI/SAFI), kept whole as received (Path Identifiers included) so that it can be shown or
/// ignored.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnparsedNlri {
    pub family: Family,
    pub bytes: Vec<u8>,
}

/// One NLRI of any family. Every parsed kind carries its RFC 7911 Path Identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nlri {
    /// IPv4/IPv6 unicast (SAFI 1).
    Unicast(PrefixNlri),
    /// IPv4/IPv6 multicast (SAFI 2).
    Multicast(PrefixNlri),
    /// Labelled unicast (SAFI 4, "nlri-mpls").
    Labelled(LabelledNlri),
    /// MPLS VPN (SAFI 128, "mpls-vpn").
    Vpn(VpnNlri),
    /// Flowspec (SAFI 133 "flow", SAFI 134 "flow-vpn" when it has an RD).
    Flowspec(FlowspecNlri),
    /// VPLS (AFI 25 SAFI 65).
    Vpls(VplsNlri),
    /// EVPN (AFI 25 SAFI 70).
    Evpn(EvpnNlri),
    /// A whole NLRI field of a family not parsed here.
    Unparsed(UnparsedNlri),
}

impl Nlri {
    pub fn family(&self) -> Family {
        match self {
            Nlri::Unicast(nlri) => Family::new(nlri.prefix.afi(), Safi::Unicast),
            Nlri::Multicast(nlri) => Family::new(nlri.prefix.afi(), Safi::Multicast),
            Nlri::Labelled(nlri) => Family::new(nlri.prefix.afi(), Safi::MplsLabel),
            Nlri::Vpn(nlri) => Family::new(nlri.prefix.afi(), Safi::MplsVpn),
            Nlri::Flowspec(nlri) => nlri.family(),
            Nlri::Vpls(_) => Family::new(Afi::L2vpn, Safi::Vpls),
            Nlri::Evpn(_) => Family::new(Afi::L2vpn, Safi::Evpn),
            Nlri::Unparsed(nlri) => nlri.family,
        }
    }

    /// The RFC 7911 Path Identifier (always `None` for unparsed NLRI).
    pub fn path_id(&self) -> Option<u32> {
        match self {
            Nlri::Unicast(nlri) | Nlri::Multicast(nlri) => nlri.path_id,
            Nlri::Labelled(nlri) => nlri.path_id,
            Nlri::Vpn(nlri) => nlri.path_id,
            Nlri::Flowspec(nlri) => nlri.path_id,
            Nlri::Vpls(nlri) => nlri.path_id,
            Nlri::Evpn(nlri) => nlri.path_id,
            Nlri::Unparsed(_) => None,
        }
    }

    /// Appends the NLRI. With `with_path_id` (RFC 7911 negotiated for sending in this
    /// family) the 4-octet Path Identifier goes first, 0 when the NLRI has none.
    pub fn encode(&self, with_path_id: bool, out: &mut Vec<u8>) {
        if with_path_id && !matches!(self, Nlri::Unparsed(_)) {
            out.extend_from_slice(&self.path_id().unwrap_or(0).to_be_bytes());
        }
        match self {
            Nlri::Unicast(nlri) | Nlri::Multicast(nlri) => nlri.encode(out),
            Nlri::Labelled(nlri) => nlri.encode(out),
            Nlri::Vpn(nlri) => nlri.encode(out),
            Nlri::Flowspec(nlri) => nlri.encode(out),
            Nlri::Vpls(nlri) => nlri.encode(out),
            Nlri::Evpn(nlri) => nlri.encode(out),
            Nlri::Unparsed(nlri) => out.extend_from_slice(&nlri.bytes),
        }
    }
}

/// Whether NLRI of `family` are decoded into typed values (others become [`UnparsedNlri`]).
pub fn is_parsed_family(family: Family) -> bool {
    match family.afi {
        Afi::Ipv4 | Afi::Ipv6 => matches!(
            family.safi,
            Safi::Unicast
                | Safi::Multicast
                | Safi::MplsLabel
                | Safi::MplsVpn
                | Safi::Flowspec
                | Safi::FlowspecVpn
        ),
        Afi::L2vpn => matches!(family.safi, Safi::Vpls | Safi::Evpn),
        _ => false,
    }
}

/// Decodes a whole NLRI list of `family` (the Withdrawn Routes or NLRI field of an UPDATE, or
/// the NLRI of an MP attribute). `with_path_id`: the peer sends RFC 7911 Path Identifiers
/// in this family; `withdrawal`: the list withdraws routes (RFC 8277 §2.4 label handling).
pub fn decode_nlri_list(
    family: Family,
    bytes: &[u8],
    with_path_id: bool,
    withdrawal: bool,
) -> Result<Vec<Nlri>, NlriError> {
    if !is_parsed_family(family) {
        if bytes.is_empty() {
            return Ok(Vec::new());
        }
        return Ok(vec![Nlri::Unparsed(UnparsedNlri {
            family,
            bytes: bytes.to_vec(),
        })]);
    }
    let mut reader = Reader::new(bytes);
    let mut list = Vec::new();
    while !reader.is_empty() {
        let path_id = if with_path_id {
            Some(reader.u32()?)
        } else {
            None
        };
        let afi = family.afi;
        let nlri = match family.safi {
            Safi::Unicast => Nlri::Unicast(PrefixNlri::decode(&mut reader, afi, path_id)?),
            Safi::Multicast => Nlri::Multicast(PrefixNlri::decode(&mut reader, afi, path_id)?),
            Safi::MplsLabel => {
                Nlri::Labelled(LabelledNlri::decode(&mut reader, afi, path_id, withdrawal)?)
            }
            Safi::MplsVpn => Nlri::Vpn(VpnNlri::decode(&mut reader, afi, path_id, withdrawal)?),
            Safi::Flowspec => {
                Nlri::Flowspec(FlowspecNlri::decode(&mut reader, afi, false, path_id)?)
            }
            Safi::FlowspecVpn => {
                Nlri::Flowspec(FlowspecNlri::decode(&mut reader, afi, true, path_id)?)
            }
            Safi::Evpn => Nlri::Evpn(EvpnNlri::decode(&mut reader, path_id)?),
            _ => Nlri::Vpls(VplsNlri::decode(&mut reader, path_id)?),
        };
        list.push(nlri);
    }
    Ok(list)
}

/// Appends every NLRI of `list`, each with a Path Identifier when `with_path_id`.
pub fn encode_nlri_list(list: &[Nlri], with_path_id: bool, out: &mut Vec<u8>) {
    for nlri in list {
        nlri.encode(with_path_id, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unicast(text: &str, path_id: Option<u32>) -> Nlri {
        Nlri::Unicast(PrefixNlri {
            path_id,
            prefix: text.parse().expect("test prefix"),
        })
    }

    #[test]
    fn lists_both_ways() {
        let table: &[(Family, bool, &[u8], Vec<Nlri>)] = &[
            (
                Family::IPV4_UNICAST,
                false,
                &[24, 10, 0, 0, 32, 10, 0, 0, 1],
                vec![unicast("10.0.0.0/24", None), unicast("10.0.0.1/32", None)],
            ),
            // ADD-PATH (RFC 7911): 4-octet Path Identifier before each prefix
            (
                Family::IPV4_UNICAST,
                true,
                &[0, 0, 0, 1, 24, 10, 0, 0, 0, 0, 0, 2, 24, 10, 0, 0],
                vec![
                    unicast("10.0.0.0/24", Some(1)),
                    unicast("10.0.0.0/24", Some(2)),
                ],
            ),
            (
                Family::new(Afi::Ipv6, Safi::Multicast),
                false,
                &[32, 0x20, 0x01, 0x0d, 0xb8],
                vec![Nlri::Multicast(PrefixNlri::new(
                    "2001:db8::/32".parse().expect("prefix"),
                ))],
            ),
            (
                Family::new(Afi::BgpLs, Safi::BgpLs),
                false,
                &[1, 2, 3],
                vec![Nlri::Unparsed(UnparsedNlri {
                    family: Family::new(Afi::BgpLs, Safi::BgpLs),
                    bytes: vec![1, 2, 3],
                })],
            ),
            // EVPN (RFC 7432 §7), ADD-PATH: an Ethernet Segment route then an unknown type
            (
                Family::new(Afi::L2vpn, Safi::Evpn),
                true,
                &[
                    0, 0, 0, 9, 4, 23, 0, 0, 0xfd, 0xfc, 0, 0, 1, 0x2f, 3, 0xaa, 0xbb, 0xcc, 0xdd,
                    0xee, 1, 0, 0, 1, 32, 10, 28, 0, 3, 0, 0, 0, 0, 8, 1, 0xab,
                ],
                vec![
                    Nlri::Evpn(EvpnNlri {
                        path_id: Some(9),
                        route: EvpnRoute::EthernetSegment(evpn::EthernetSegmentRoute {
                            route_distinguisher: RouteDistinguisher::As2 {
                                administrator: 65020,
                                assigned: 303,
                            },
                            ethernet_segment: evpn::EthernetSegmentIdentifier([
                                3, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 1, 0, 0, 1,
                            ]),
                            originating_router: "10.28.0.3".parse().expect("address"),
                        }),
                    }),
                    Nlri::Evpn(EvpnNlri {
                        path_id: Some(0),
                        route: EvpnRoute::Unknown(evpn::UnknownEvpnRoute {
                            route_type: 8,
                            value: vec![0xab],
                        }),
                    }),
                ],
            ),
            (
                Family::new(Afi::Unknown(99), Safi::Unicast),
                false,
                &[],
                vec![],
            ),
        ];
        for (family, with_path_id, bytes, list) in table {
            assert_eq!(
                decode_nlri_list(*family, bytes, *with_path_id, false).as_ref(),
                Ok(list),
                "{family}"
            );
            let mut out = Vec::new();
            encode_nlri_list(list, *with_path_id, &mut out);
            assert_eq!(out, *bytes);
            for nlri in list {
                assert_eq!(nlri.family(), *family);
            }
        }
    }

    #[test]
    fn bad_lists_are_errors() {
        assert_eq!(
            decode_nlri_list(Family::IPV4_UNICAST, &[24, 10, 0], false, false),
            Err(NlriError::new("truncated: needed 3 more byte(s), 2 left"))
        );
        assert_eq!(
            decode_nlri_list(Family::IPV4_UNICAST, &[0, 0, 1], true, false),
            Err(NlriError::new("truncated: needed 4 more byte(s), 3 left"))
        );
        // A malformed EVPN route of a known type is an NLRI error like any other.
        let evpn = Family::new(Afi::L2vpn, Safi::Evpn);
        let error = decode_nlri_list(evpn, &[3, 5, 0, 0, 0, 0, 0], false, false)
            .expect_err("truncated route")
            .into_notification(evpn);
        assert_eq!((error.code, error.subcode), (3, 10));
        assert_eq!(
            error.detail,
            "invalid l2vpn evpn NLRI: truncated: needed 8 more byte(s), 5 left"
        );
        let error = NlriError::new("x").into_notification(Family::IPV4_UNICAST);
        assert_eq!((error.code, error.subcode), (3, 10));
        assert_eq!(error.detail, "invalid ipv4 unicast NLRI: x");
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(
            bytes in proptest::collection::vec(any::<u8>(), 0..80),
            afi in prop_oneof![Just(1u16), Just(2), Just(25)],
            safi in prop_oneof![Just(1u8), Just(2), Just(4), Just(65), Just(70), Just(128), Just(133), Just(134)],
            with_path_id: bool,
            withdrawal: bool,
        ) {
            let family = Family::from_codes(afi, safi);
            if let Ok(list) = decode_nlri_list(family, &bytes, with_path_id, withdrawal) {
                let mut out = Vec::new();
                encode_nlri_list(&list, with_path_id, &mut out);
                prop_assert_eq!(decode_nlri_list(family, &out, with_path_id, withdrawal), Ok(list));
            }
        }
    }
}
