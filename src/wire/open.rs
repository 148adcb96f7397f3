//! The OPEN message (RFC 4271 §4.2) and its codec-level checks (RFC 4271 §6.2, RFC 6286).
//!
//! Checks that need configuration (the peer's AS, our own BGP Identifier, acceptable hold
//! times beyond the RFC's 1-2 second rule, required capabilities) belong to the session, not
//! here.

use std::net::Ipv4Addr;

use super::capability::{
    AddPathFamily, Capability, ExtendedNextHopEntry, GracefulRestart, decode_optional_parameters,
    encode_optional_parameters,
};
use super::error::NotificationError;
use super::family::Family;
use super::header::{HEADER_LENGTH, bad_message_length};
use super::iana::notification::open as subcode;
use super::iana::open::{AS_TRANS, BGP_VERSION};
use super::reader::Reader;

/// The OPEN message body.
///
/// ```text
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+
/// |    Version    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     My Autonomous System      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Hold Time           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         BGP Identifier                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Opt Parm Len  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// |             Optional Parameters (variable)                    |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
///
/// Capabilities are kept flat and in order, whatever Optional Parameters carried them; they
/// are encoded one per Capabilities parameter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Open {
    /// Always 4 once decoded.
    pub version: u8,
    /// The 2-octet "My Autonomous System" field as sent (AS_TRANS, 23456, when the AS needs
    /// 4 octets). Use [`Open::asn`] for the speaker's AS.
    pub my_as: u16,
    /// Seconds; 0 or at least 3 once decoded.
    pub hold_time: u16,
    /// Nonzero once decoded.
    pub bgp_identifier: Ipv4Addr,
    pub capabilities: Vec<Capability>,
}

impl Open {
    /// An OPEN for AS `asn`: "My Autonomous System" is `asn` when it fits in 2 octets, else
    /// AS_TRANS (RFC 6793 §4.1). The caller includes `Capability::FourOctetAs(asn)` in
    /// `capabilities` when it wants to announce the 4-octet AS capability (it must, when `asn`
    /// does not fit in 2 octets).
    pub fn new(
        asn: u32,
        hold_time: u16,
        bgp_identifier: Ipv4Addr,
        capabilities: Vec<Capability>,
    ) -> Open {
        Open {
            version: BGP_VERSION,
            my_as: u16::try_from(asn).unwrap_or(AS_TRANS),
            hold_time,
            bgp_identifier,
            capabilities,
        }
    }

    /// The speaker's AS: the 4-octet AS capability when present (RFC 6793 §4.1), else My AS.
    pub fn asn(&self) -> u32 {
        self.four_octet_as().unwrap_or(u32::from(self.my_as))
    }

    /// The AS of the first 4-octet AS capability, if any.
    pub fn four_octet_as(&self) -> Option<u32> {
        self.capabilities
            .iter()
            .find_map(|capability| match capability {
                Capability::FourOctetAs(asn) => Some(*asn),
                _ => None,
            })
    }

    /// Whether a capability with this code was announced.
    pub fn announces(&self, code: u8) -> bool {
        self.capabilities
            .iter()
            .any(|capability| capability.code() == code)
    }

    /// The families of the Multiprotocol capabilities, in order, without repeats.
    pub fn multiprotocol_families(&self) -> Vec<Family> {
        let mut families = Vec::new();
        for capability in &self.capabilities {
            if let Capability::Multiprotocol(family) = capability
                && !families.contains(family)
            {
                families.push(*family);
            }
        }
        families
    }

    /// The families this OPEN offers: its Multiprotocol families, or IPv4 unicast when it has
    /// none (RFC 4760 §7: without the capability, a speaker is assumed to support IPv4
    /// unicast only).
    pub fn families(&self) -> Vec<Family> {
        let families = self.multiprotocol_families();
        if families.is_empty() {
            vec![Family::IPV4_UNICAST]
        } else {
            families
        }
    }

    /// Every ADD-PATH entry, across all ADD-PATH capabilities; the first entry for a family
    /// wins.
    pub fn add_path(&self) -> Vec<AddPathFamily> {
        let mut entries: Vec<AddPathFamily> = Vec::new();
        for capability in &self.capabilities {
            if let Capability::AddPath(list) = capability {
                for entry in list {
                    if !entries.iter().any(|seen| seen.family == entry.family) {
                        entries.push(*entry);
                    }
                }
            }
        }
        entries
    }

    /// Every extended next hop entry, across all such capabilities, without repeats.
    pub fn extended_next_hop(&self) -> Vec<ExtendedNextHopEntry> {
        let mut entries: Vec<ExtendedNextHopEntry> = Vec::new();
        for capability in &self.capabilities {
            if let Capability::ExtendedNextHop(list) = capability {
                for entry in list {
                    if !entries.contains(entry) {
                        entries.push(*entry);
                    }
                }
            }
        }
        entries
    }

    /// The first Graceful Restart capability, if any.
    pub fn graceful_restart(&self) -> Option<&GracefulRestart> {
        self.capabilities
            .iter()
            .find_map(|capability| match capability {
                Capability::GracefulRestart(graceful_restart) => Some(graceful_restart),
                _ => None,
            })
    }

    /// Decodes an OPEN body (what follows the header) and applies the RFC 4271 §6.2 checks
    /// that need no configuration: version, hold time, BGP Identifier, Optional Parameters.
    pub fn decode(body: &[u8]) -> Result<Open, NotificationError> {
        let mut reader = Reader::new(body);
        let too_short = || {
            bad_message_length(
                body.len().saturating_add(HEADER_LENGTH),
                "OPEN shorter than 29 octets",
            )
        };
        let version = reader.u8().map_err(|_| too_short())?;
        if version != BGP_VERSION {
            // RFC 4271 §6.2: "If the version number in the Version field of the received OPEN
            // message is not supported, then the Error Subcode MUST be set to Unsupported
            // Version Number. The Data field is a 2-octet unsigned integer, which indicates
            // the largest, locally-supported version number less than the version the remote
            // BGP peer bid ..., or if the smallest, locally-supported version number is
            // greater than the version the remote BGP peer bid, then the smallest,
            // locally-supported version number."
            return Err(NotificationError::open(
                subcode::UNSUPPORTED_VERSION_NUMBER,
                u16::from(BGP_VERSION).to_be_bytes().to_vec(),
                format!("unsupported BGP version {version}"),
            ));
        }
        let my_as = reader.u16().map_err(|_| too_short())?;
        let hold_time = reader.u16().map_err(|_| too_short())?;
        let bgp_identifier = reader.ipv4().map_err(|_| too_short())?;
        if hold_time == 1 || hold_time == 2 {
            // RFC 4271 §4.2: "An implementation MUST reject Hold Time values of one or two
            // seconds." §6.2: "If the Hold Time field of the OPEN message is unacceptable,
            // then the Error Subcode MUST be set to Unacceptable Hold Time."
            return Err(NotificationError::open(
                subcode::UNACCEPTABLE_HOLD_TIME,
                Vec::new(),
                format!("unacceptable hold time {hold_time}"),
            ));
        }
        if bgp_identifier.is_unspecified() {
            // RFC 6286 §2.2: "If the BGP Identifier field of the OPEN message is zero, ...,
            // then the Error Subcode is set to "Bad BGP Identifier"."
            return Err(NotificationError::open(
                subcode::BAD_BGP_IDENTIFIER,
                Vec::new(),
                "BGP Identifier is 0.0.0.0",
            ));
        }
        if reader.is_empty() {
            return Err(too_short());
        }
        let capabilities = decode_optional_parameters(reader.rest())?;
        Ok(Open {
            version,
            my_as,
            hold_time,
            bgp_identifier,
            capabilities,
        })
    }

    /// Appends the OPEN body (without the header).
    pub fn encode_body(&self, out: &mut Vec<u8>) {
        out.push(self.version);
        out.extend_from_slice(&self.my_as.to_be_bytes());
        out.extend_from_slice(&self.hold_time.to_be_bytes());
        out.extend_from_slice(&self.bgp_identifier.octets());
        encode_optional_parameters(&self.capabilities, out);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::wire::capability::tests::capability_strategy;
    use crate::wire::capability::{AddPathDirection, GracefulRestartFamily, Hostname};
    use crate::wire::family::{Afi, Safi};
    use crate::wire::header::test_support::hex;
    use proptest::prelude::*;

    /// Real OPEN messages captured on loopback; each decodes in `exabgp decode --open` to the
    /// same values as below.
    pub(crate) const EXABGP_OPEN: &str = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003101\
        04FDE900B40A000001140206010400010001020641040000FDE902020600";
    /// BIRD 2.0.12: every capability in a single Optional Parameter.
    pub(crate) const BIRD_OPEN: &str = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF006501\
        04FDF300F0C000020B480246010400010001010400020001020005060001000100020600\
        400A0078000101000002010041040000FDF3450800010101000201024600\
        470E00010100000E1000020100000E10";
    /// GoBGP 3.10 with AS 4200000012 (My AS is AS_TRANS).
    pub(crate) const GOBGP_OPEN: &str = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF005701\
        045BA0005AC000020C3A02380200490402766D000104000100010104000200010104000100854104\
        FA56EA0C4002005A050C000100010002000100850002450400010103";
    /// FRR 8.4: one capability per Optional Parameter, like ExaBGP.
    pub(crate) const FRR_OPEN: &str = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF007F01\
        04FDF500B4C000020D6202060104000100010206010400020001020280000202020002024600\
        020641040000FDF502020600020A45080001010300020103020C490A0866727270726F626500\
        020C400AC07800010100000201000210470E0001018000000000020180000000";

    fn body(message: &str) -> Vec<u8> {
        hex(message).split_off(HEADER_LENGTH)
    }

    /// The OPEN ExaBGP 5.0.13 sent in the lab (exabgp-api reference §3.2 and §4): six
    /// families, ADD-PATH on four, graceful restart, refresh, operational, extended message.
    pub(crate) fn exabgp_lab_sent_open() -> Open {
        use crate::wire::capability::{
            AddPathDirection, AddPathFamily, GracefulRestart, GracefulRestartFamily,
        };
        use crate::wire::family::{Afi, Safi};
        let families = [
            Family::IPV4_UNICAST,
            Family::new(Afi::Ipv4, Safi::MplsLabel),
            Family::new(Afi::Ipv4, Safi::MplsVpn),
            Family::new(Afi::Ipv4, Safi::Flowspec),
            Family::IPV6_UNICAST,
            Family::new(Afi::L2vpn, Safi::Vpls),
        ];
        let mut capabilities: Vec<Capability> = families
            .iter()
            .map(|family| Capability::Multiprotocol(*family))
            .collect();
        capabilities.push(Capability::FourOctetAs(65002));
        capabilities.push(Capability::AddPath(
            [0, 4, 1, 2]
                .iter()
                .map(|index| AddPathFamily::new(families[*index], AddPathDirection::Both))
                .collect(),
        ));
        capabilities.push(Capability::GracefulRestart(GracefulRestart {
            restart_flags: 0x8,
            restart_time: 120,
            families: families
                .iter()
                .map(|family| GracefulRestartFamily {
                    family: *family,
                    flags: 0x80,
                })
                .collect(),
        }));
        capabilities.extend([
            Capability::RouteRefresh,
            Capability::EnhancedRouteRefresh,
            Capability::Operational,
            Capability::ExtendedMessage,
        ]);
        Open::new(65002, 180, Ipv4Addr::new(10, 0, 0, 2), capabilities)
    }

    pub(crate) fn exabgp_open() -> Open {
        Open::new(
            65001,
            180,
            Ipv4Addr::new(10, 0, 0, 1),
            vec![
                Capability::Multiprotocol(Family::IPV4_UNICAST),
                Capability::FourOctetAs(65001),
                Capability::ExtendedMessage,
            ],
        )
    }

    fn graceful(flags: u8, time: u16, families: &[Family]) -> Capability {
        Capability::GracefulRestart(GracefulRestart {
            restart_flags: flags,
            restart_time: time,
            families: families
                .iter()
                .map(|family| GracefulRestartFamily {
                    family: *family,
                    flags: 0,
                })
                .collect(),
        })
    }

    pub(crate) fn frr_open() -> Open {
        use Family as F;
        Open::new(
            65013,
            180,
            Ipv4Addr::new(192, 0, 2, 13),
            vec![
                Capability::Multiprotocol(F::IPV4_UNICAST),
                Capability::Multiprotocol(F::IPV6_UNICAST),
                Capability::RouteRefreshCisco,
                Capability::RouteRefresh,
                Capability::EnhancedRouteRefresh,
                Capability::FourOctetAs(65013),
                Capability::ExtendedMessage,
                Capability::AddPath(vec![
                    AddPathFamily::new(F::IPV4_UNICAST, AddPathDirection::Both),
                    AddPathFamily::new(F::IPV6_UNICAST, AddPathDirection::Both),
                ]),
                Capability::Hostname(Hostname::new("frrprobe", "")),
                graceful(0xC, 120, &[F::IPV4_UNICAST, F::IPV6_UNICAST]),
                Capability::LongLivedGracefulRestart(hex("0001018000000000020180000000")),
            ],
        )
    }

    pub(crate) fn bird_open() -> Open {
        use Family as F;
        Open::new(
            65011,
            240,
            Ipv4Addr::new(192, 0, 2, 11),
            vec![
                Capability::Multiprotocol(F::IPV4_UNICAST),
                Capability::Multiprotocol(F::IPV6_UNICAST),
                Capability::RouteRefresh,
                Capability::ExtendedNextHop(vec![ExtendedNextHopEntry::new(
                    F::IPV4_UNICAST,
                    Afi::Ipv6,
                )]),
                Capability::ExtendedMessage,
                graceful(0, 120, &[F::IPV4_UNICAST, F::IPV6_UNICAST]),
                Capability::FourOctetAs(65011),
                Capability::AddPath(vec![
                    AddPathFamily::new(F::IPV4_UNICAST, AddPathDirection::Receive),
                    AddPathFamily::new(F::IPV6_UNICAST, AddPathDirection::Send),
                ]),
                Capability::EnhancedRouteRefresh,
                Capability::LongLivedGracefulRestart(hex("00010100000E1000020100000E10")),
            ],
        )
    }

    pub(crate) fn gobgp_open() -> Open {
        use Family as F;
        let flow = F::new(Afi::Ipv4, Safi::Flowspec);
        Open::new(
            4_200_000_012,
            90,
            Ipv4Addr::new(192, 0, 2, 12),
            vec![
                Capability::RouteRefresh,
                Capability::Hostname(Hostname::new("vm", "")),
                Capability::Multiprotocol(F::IPV4_UNICAST),
                Capability::Multiprotocol(F::IPV6_UNICAST),
                Capability::Multiprotocol(flow),
                Capability::FourOctetAs(4_200_000_012),
                graceful(0, 90, &[]),
                Capability::ExtendedNextHop(vec![
                    ExtendedNextHopEntry::new(F::IPV4_UNICAST, Afi::Ipv6),
                    ExtendedNextHopEntry::new(flow, Afi::Ipv6),
                ]),
                Capability::AddPath(vec![AddPathFamily::new(
                    F::IPV4_UNICAST,
                    AddPathDirection::Both,
                )]),
            ],
        )
    }

    #[test]
    fn real_opens_decode() {
        for (message, value, encodes_back) in [
            (EXABGP_OPEN, exabgp_open(), true),
            (FRR_OPEN, frr_open(), true),
            (BIRD_OPEN, bird_open(), false),
            (GOBGP_OPEN, gobgp_open(), false),
        ] {
            let bytes = body(message);
            assert_eq!(Open::decode(&bytes), Ok(value.clone()), "{message}");
            let mut out = Vec::new();
            value.encode_body(&mut out);
            if encodes_back {
                assert_eq!(out, bytes, "{message}");
            }
            assert_eq!(Open::decode(&out), Ok(value), "{message}");
        }
    }

    #[test]
    fn helpers() {
        let gobgp = gobgp_open();
        assert_eq!(gobgp.my_as, AS_TRANS);
        assert_eq!(gobgp.asn(), 4_200_000_012);
        assert_eq!(gobgp.four_octet_as(), Some(4_200_000_012));
        assert_eq!(
            gobgp.families(),
            vec![
                Family::IPV4_UNICAST,
                Family::IPV6_UNICAST,
                Family::new(Afi::Ipv4, Safi::Flowspec)
            ]
        );
        assert_eq!(gobgp.graceful_restart().map(|gr| gr.restart_time), Some(90));
        assert_eq!(gobgp.extended_next_hop().len(), 2);
        assert!(gobgp.announces(73));
        assert!(!gobgp.announces(6));

        let bare = Open::new(65000, 0, Ipv4Addr::new(1, 1, 1, 1), vec![]);
        assert_eq!(bare.asn(), 65000);
        assert_eq!(bare.families(), vec![Family::IPV4_UNICAST]);
        assert!(bare.multiprotocol_families().is_empty());
        assert!(bare.graceful_restart().is_none());
        let frr = frr_open();
        assert!(frr.graceful_restart().unwrap().restart_state());
        assert!(frr.graceful_restart().unwrap().notification());
        assert_eq!(frr.add_path().len(), 2);
    }

    fn error(body: &str) -> (u8, u8, Vec<u8>) {
        let error = Open::decode(&hex(body)).unwrap_err();
        (error.code, error.subcode, error.data)
    }

    #[test]
    fn open_errors() {
        // RFC 4271 §6.2 version: data is the largest supported version, 2 octets.
        assert_eq!(error("03FDE900B40A00000100"), (2, 1, vec![0, 4]));
        assert_eq!(error("05"), (2, 1, vec![0, 4]));
        // Hold times 1 and 2 are unacceptable; 0 and 3 are fine.
        assert_eq!(error("04FDE900010A00000100"), (2, 6, vec![]));
        assert_eq!(error("04FDE900020A00000100"), (2, 6, vec![]));
        assert!(Open::decode(&hex("04FDE900000A00000100")).is_ok());
        assert!(Open::decode(&hex("04FDE900030A00000100")).is_ok());
        // BGP Identifier 0.0.0.0.
        assert_eq!(error("04FDE900B40000000000"), (2, 3, vec![]));
        // Unknown Optional Parameter.
        assert_eq!(error("04FDE900B40A00000104 01020000"), (2, 4, vec![]));
        // Bodies too short for the fixed fields: Bad Message Length with the length.
        assert_eq!(error(""), (1, 2, vec![0, 19]));
        assert_eq!(error("04FDE9"), (1, 2, vec![0, 22]));
        assert_eq!(error("04FDE900B40A000001"), (1, 2, vec![0, 28]));
        // Optional Parameters Length disagreeing with the message.
        assert_eq!(error("04FDE900B40A00000103 0202"), (2, 0, vec![]));
    }

    proptest! {
        #[test]
        fn round_trip(asn in any::<u32>(), hold_time in any::<u16>(), identifier in 1u32..,
                      capabilities in proptest::collection::vec(capability_strategy(), 0..12)) {
            let hold_time = if hold_time == 1 || hold_time == 2 { 0 } else { hold_time };
            let value = Open::new(asn, hold_time, Ipv4Addr::from(identifier), capabilities);
            let mut out = Vec::new();
            value.encode_body(&mut out);
            prop_assert_eq!(Open::decode(&out), Ok(value));
        }

        #[test]
        fn arbitrary_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..120)) {
            let mut body = hex("04FDE900B40A000001");
            body.extend(&tail);
            let _ = Open::decode(&body);
            let _ = Open::decode(&tail);
        }
    }
}
