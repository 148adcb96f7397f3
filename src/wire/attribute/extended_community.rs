//! EXTENDED_COMMUNITIES (type code 16, RFC 4360) with the kinds ExaBGP users rely on typed:
//! route target/origin (RFC 4360, RFC 5668), flowspec actions (RFC 8955 §7, RFC 7674),
//! redirect-to-IP (draft-simpson), Layer2 Info (RFC 4761), link bandwidth, encapsulation
//! (RFC 9012). Everything else, and any typed kind whose octets are not in canonical form,
//! is kept as its 8 octets, so decoding then encoding gives back the same bytes.
//!
//! Value codec only; ExaBGP's text for each community is in `extended_community_text.rs`.

use super::extended_community_text::exabgp_string;
use super::rfc7606::fixed_size_items;
use crate::wire::iana::extended_community as iana;
use std::net::Ipv4Addr;

/// The Global/Local Administrator pair shared by route target, route origin and redirect.
///
/// ```text
///   Two-Octet AS Specific (type 0x00/0x80):  | type | sub | AS (2) | Local Administrator (4) |
///   IPv4 Address Specific (type 0x01/0x81):  | type | sub | IPv4 (4)         | Local Adm. (2) |
///   Four-Octet AS Specific (type 0x02/0x82): | type | sub | AS (4)           | Local Adm. (2) |
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Administrator {
    TwoOctetAs { asn: u16, number: u32 },
    Ipv4 { address: Ipv4Addr, number: u16 },
    FourOctetAs { asn: u32, number: u16 },
}

impl Administrator {
    /// The low nibble of the type octet: 0, 1 or 2.
    fn form(&self) -> u8 {
        match self {
            Administrator::TwoOctetAs { .. } => 0,
            Administrator::Ipv4 { .. } => 1,
            Administrator::FourOctetAs { .. } => 2,
        }
    }

    fn write(&self, out: &mut [u8; 8]) {
        match *self {
            Administrator::TwoOctetAs { asn, number } => {
                out[2..4].copy_from_slice(&asn.to_be_bytes());
                out[4..8].copy_from_slice(&number.to_be_bytes());
            }
            Administrator::Ipv4 { address, number } => {
                out[2..6].copy_from_slice(&address.octets());
                out[6..8].copy_from_slice(&number.to_be_bytes());
            }
            Administrator::FourOctetAs { asn, number } => {
                out[2..6].copy_from_slice(&asn.to_be_bytes());
                out[6..8].copy_from_slice(&number.to_be_bytes());
            }
        }
    }

    fn read(form: u8, bytes: &[u8; 8]) -> Option<Administrator> {
        let [_, _, a, b, c, d, e, f] = *bytes;
        match form {
            0 => Some(Administrator::TwoOctetAs {
                asn: u16::from_be_bytes([a, b]),
                number: u32::from_be_bytes([c, d, e, f]),
            }),
            1 => Some(Administrator::Ipv4 {
                address: Ipv4Addr::new(a, b, c, d),
                number: u16::from_be_bytes([e, f]),
            }),
            2 => Some(Administrator::FourOctetAs {
                asn: u32::from_be_bytes([a, b, c, d]),
                number: u16::from_be_bytes([e, f]),
            }),
            _ => None,
        }
    }
}

/// One extended community.
///
/// ```text
///    Each Extended Community is encoded as an 8-octet quantity, as follows:
///       - Type Field  : 1 or 2 octets
///       - Value Field : Remaining octets
///     0                   1                   2                   3
///     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    |  Type high    |  Type low(*)  |                               |
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+          Value                |
///    |                                                               |
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExtendedCommunity {
    /// Route Target, sub-type 0x02 of types 0x00/0x01/0x02 (RFC 4360 §4, RFC 5668).
    RouteTarget(Administrator),
    /// Route Origin, sub-type 0x03 of types 0x00/0x01/0x02 (RFC 4360 §5, RFC 5668).
    RouteOrigin(Administrator),
    /// RFC 8955 §7.1 traffic-rate-bytes (0x8006): 2-octet AS, IEEE float rate in bytes per
    /// second (kept as its bit pattern so the value stays `Eq`/`Hash`; see `rate`).
    TrafficRate { asn: u16, rate_bits: u32 },
    /// RFC 8955 §7.3 traffic-action (0x8007): the Sample (S) and Terminal Action (T) bits of
    /// the last octet; all other bits zero.
    TrafficAction { sample: bool, terminal: bool },
    /// RFC 8955 §7.4 / RFC 7674 redirect: 0x8008 (2-octet AS), 0x8108 (IPv4), 0x8208
    /// (4-octet AS) route target to redirect into.
    Redirect(Administrator),
    /// RFC 8955 §7.5 traffic-marking (0x8009): the DSCP value (6 bits) in the last octet.
    TrafficMarking { dscp: u8 },
    /// draft-simpson-idr-flowspec-redirect (0x0800): redirect to the IP next hop; `copy`
    /// is the C bit of the last octet.
    RedirectToNextHop { copy: bool },
    /// RFC 4761 §3.2.4 Layer2 Info (0x800A).
    Layer2Info {
        encapsulation: u8,
        control_flags: u8,
        mtu: u16,
        reserved: u16,
    },
    /// Link bandwidth (0x4004, draft-ietf-idr-link-bandwidth): 2-octet AS and an IEEE float
    /// in bytes per second, kept as its bit pattern.
    LinkBandwidth { asn: u16, bandwidth_bits: u32 },
    /// RFC 9012 §4.1 Encapsulation (0x030C): the tunnel type in the last two octets.
    Encapsulation { tunnel_type: u16 },
    /// Any other community, as its 8 octets.
    Other([u8; 8]),
}

impl ExtendedCommunity {
    /// A traffic-rate community from a rate in bytes per second.
    pub fn traffic_rate(asn: u16, rate: f32) -> ExtendedCommunity {
        ExtendedCommunity::TrafficRate {
            asn,
            rate_bits: rate.to_bits(),
        }
    }

    /// The rate of a traffic-rate community, or the bandwidth of a link bandwidth one.
    pub fn rate(&self) -> Option<f32> {
        match *self {
            ExtendedCommunity::TrafficRate { rate_bits, .. } => Some(f32::from_bits(rate_bits)),
            ExtendedCommunity::LinkBandwidth { bandwidth_bits, .. } => {
                Some(f32::from_bits(bandwidth_bits))
            }
            _ => None,
        }
    }

    /// The 8 octets on the wire.
    pub fn to_bytes(&self) -> [u8; 8] {
        let mut out = [0u8; 8];
        let header = |type_high: u8, type_low: u8, out: &mut [u8; 8]| {
            out[0] = type_high;
            out[1] = type_low;
        };
        match *self {
            ExtendedCommunity::RouteTarget(administrator) => {
                header(administrator.form(), iana::SUBTYPE_ROUTE_TARGET, &mut out);
                administrator.write(&mut out);
            }
            ExtendedCommunity::RouteOrigin(administrator) => {
                header(administrator.form(), iana::SUBTYPE_ROUTE_ORIGIN, &mut out);
                administrator.write(&mut out);
            }
            ExtendedCommunity::TrafficRate { asn, rate_bits } => {
                header(
                    iana::TYPE_FLOWSPEC_TWO_OCTET_AS,
                    iana::SUBTYPE_TRAFFIC_RATE,
                    &mut out,
                );
                out[2..4].copy_from_slice(&asn.to_be_bytes());
                out[4..8].copy_from_slice(&rate_bits.to_be_bytes());
            }
            ExtendedCommunity::TrafficAction { sample, terminal } => {
                header(
                    iana::TYPE_FLOWSPEC_TWO_OCTET_AS,
                    iana::SUBTYPE_TRAFFIC_ACTION,
                    &mut out,
                );
                out[7] = (u8::from(sample) << 1) | u8::from(terminal);
            }
            ExtendedCommunity::Redirect(administrator) => {
                header(
                    iana::TYPE_FLOWSPEC_TWO_OCTET_AS | administrator.form(),
                    iana::SUBTYPE_REDIRECT,
                    &mut out,
                );
                administrator.write(&mut out);
            }
            ExtendedCommunity::TrafficMarking { dscp } => {
                header(
                    iana::TYPE_FLOWSPEC_TWO_OCTET_AS,
                    iana::SUBTYPE_TRAFFIC_MARKING,
                    &mut out,
                );
                out[7] = dscp & 0x3f;
            }
            ExtendedCommunity::RedirectToNextHop { copy } => {
                header(
                    iana::TYPE_FLOWSPEC_REDIRECT_TO_IP,
                    iana::SUBTYPE_REDIRECT_TO_IP,
                    &mut out,
                );
                out[7] = u8::from(copy);
            }
            ExtendedCommunity::Layer2Info {
                encapsulation,
                control_flags,
                mtu,
                reserved,
            } => {
                header(
                    iana::TYPE_FLOWSPEC_TWO_OCTET_AS,
                    iana::SUBTYPE_LAYER2_INFO,
                    &mut out,
                );
                out[2] = encapsulation;
                out[3] = control_flags;
                out[4..6].copy_from_slice(&mtu.to_be_bytes());
                out[6..8].copy_from_slice(&reserved.to_be_bytes());
            }
            ExtendedCommunity::LinkBandwidth {
                asn,
                bandwidth_bits,
            } => {
                header(
                    iana::TYPE_NON_TRANSITIVE_TWO_OCTET_AS,
                    iana::SUBTYPE_LINK_BANDWIDTH,
                    &mut out,
                );
                out[2..4].copy_from_slice(&asn.to_be_bytes());
                out[4..8].copy_from_slice(&bandwidth_bits.to_be_bytes());
            }
            ExtendedCommunity::Encapsulation { tunnel_type } => {
                header(iana::TYPE_OPAQUE, iana::SUBTYPE_ENCAPSULATION, &mut out);
                out[6..8].copy_from_slice(&tunnel_type.to_be_bytes());
            }
            ExtendedCommunity::Other(bytes) => out = bytes,
        }
        out
    }

    /// The typed community for these octets, or `Other` when the kind is not typed here or
    /// the octets are not exactly what the typed value would encode to (reserved bits set,
    /// ...), so that `from_bytes(b).to_bytes() == b` always.
    pub fn from_bytes(bytes: [u8; 8]) -> ExtendedCommunity {
        let typed = Self::typed(&bytes);
        match typed {
            Some(community) if community.to_bytes() == bytes => community,
            _ => ExtendedCommunity::Other(bytes),
        }
    }

    fn typed(bytes: &[u8; 8]) -> Option<ExtendedCommunity> {
        let [type_high, type_low, a, b, c, d, e, f] = *bytes;
        Some(match (type_high, type_low) {
            (0x00..=0x02, iana::SUBTYPE_ROUTE_TARGET) => {
                ExtendedCommunity::RouteTarget(Administrator::read(type_high, bytes)?)
            }
            (0x00..=0x02, iana::SUBTYPE_ROUTE_ORIGIN) => {
                ExtendedCommunity::RouteOrigin(Administrator::read(type_high, bytes)?)
            }
            (iana::TYPE_FLOWSPEC_TWO_OCTET_AS, iana::SUBTYPE_TRAFFIC_RATE) => {
                ExtendedCommunity::TrafficRate {
                    asn: u16::from_be_bytes([a, b]),
                    rate_bits: u32::from_be_bytes([c, d, e, f]),
                }
            }
            (iana::TYPE_FLOWSPEC_TWO_OCTET_AS, iana::SUBTYPE_TRAFFIC_ACTION) => {
                ExtendedCommunity::TrafficAction {
                    sample: f & 0x02 != 0,
                    terminal: f & 0x01 != 0,
                }
            }
            (
                iana::TYPE_FLOWSPEC_TWO_OCTET_AS
                | iana::TYPE_FLOWSPEC_IPV4_ADDRESS
                | iana::TYPE_FLOWSPEC_FOUR_OCTET_AS,
                iana::SUBTYPE_REDIRECT,
            ) => ExtendedCommunity::Redirect(Administrator::read(type_high & 0x0f, bytes)?),
            (iana::TYPE_FLOWSPEC_TWO_OCTET_AS, iana::SUBTYPE_TRAFFIC_MARKING) => {
                ExtendedCommunity::TrafficMarking { dscp: f }
            }
            (iana::TYPE_FLOWSPEC_REDIRECT_TO_IP, iana::SUBTYPE_REDIRECT_TO_IP) => {
                ExtendedCommunity::RedirectToNextHop {
                    copy: f & 0x01 != 0,
                }
            }
            (iana::TYPE_FLOWSPEC_TWO_OCTET_AS, iana::SUBTYPE_LAYER2_INFO) => {
                ExtendedCommunity::Layer2Info {
                    encapsulation: a,
                    control_flags: b,
                    mtu: u16::from_be_bytes([c, d]),
                    reserved: u16::from_be_bytes([e, f]),
                }
            }
            (iana::TYPE_NON_TRANSITIVE_TWO_OCTET_AS, iana::SUBTYPE_LINK_BANDWIDTH) => {
                ExtendedCommunity::LinkBandwidth {
                    asn: u16::from_be_bytes([a, b]),
                    bandwidth_bits: u32::from_be_bytes([c, d, e, f]),
                }
            }
            (iana::TYPE_OPAQUE, iana::SUBTYPE_ENCAPSULATION) => ExtendedCommunity::Encapsulation {
                tunnel_type: u16::from_be_bytes([e, f]),
            },
            _ => return None,
        })
    }

    /// ExaBGP's JSON "value": the 8 octets as one unsigned integer.
    pub fn exabgp_value(&self) -> u64 {
        u64::from_be_bytes(self.to_bytes())
    }

    /// ExaBGP's JSON "string", exactly as `exabgp decode` prints it: "target:65001:10",
    /// "origin:65001:1.2.3.4", "rate-limit:0", "redirect:65000:100", "mark 46",
    /// "action sample-terminal", "redirect-to-nexthop", "l2info:19:0:1500:0", "encap:VXLAN",
    /// and "" for kinds ExaBGP does not name. See `extended_community_text.rs`.
    pub fn exabgp_string(&self) -> String {
        exabgp_string(&self.to_bytes())
    }
}

/// RFC 7606 §7.14: "The error handling of [RFC4360] is revised as follows. The Extended
/// Communities attribute SHALL be considered malformed if its length is not a non-zero
/// multiple of 8" (treat-as-withdraw).
pub fn decode_extended_communities(value: &[u8]) -> Result<Vec<ExtendedCommunity>, String> {
    Ok(fixed_size_items::<8>(value, "EXTENDED_COMMUNITIES")?
        .map(ExtendedCommunity::from_bytes)
        .collect())
}

pub fn encode_extended_communities(communities: &[ExtendedCommunity], out: &mut Vec<u8>) {
    for community in communities {
        out.extend_from_slice(&community.to_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hex(text: &str) -> [u8; 8] {
        let mut out = [0u8; 8];
        for (index, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[index * 2..index * 2 + 2], 16).unwrap();
        }
        out
    }

    /// (octets, typed value, ExaBGP's JSON "string" as printed by `exabgp decode`).
    #[test]
    fn table_both_ways_with_exabgp_strings() {
        use Administrator::*;
        use ExtendedCommunity::*;
        let table: &[(&str, ExtendedCommunity, &str)] = &[
            (
                "0002fde900000064",
                RouteTarget(TwoOctetAs {
                    asn: 65001,
                    number: 100,
                }),
                "target:65001:100",
            ),
            (
                "0102010203040005",
                RouteTarget(Ipv4 {
                    address: Ipv4Addr::new(1, 2, 3, 4),
                    number: 5,
                }),
                "target:1.2.3.4:5",
            ),
            (
                "0202000100010007",
                RouteTarget(FourOctetAs {
                    asn: 65537,
                    number: 7,
                }),
                "target:65537:7",
            ),
            (
                "0003fde901020304",
                RouteOrigin(TwoOctetAs {
                    asn: 65001,
                    number: 0x0102_0304,
                }),
                "origin:65001:1.2.3.4",
            ),
            (
                "0103010203040009",
                RouteOrigin(Ipv4 {
                    address: Ipv4Addr::new(1, 2, 3, 4),
                    number: 9,
                }),
                "origin:9:1.2.3.4",
            ),
            (
                "020300010001000a",
                RouteOrigin(FourOctetAs {
                    asn: 65537,
                    number: 10,
                }),
                "origin:65537:10",
            ),
            (
                "8006000000000000",
                TrafficRate {
                    asn: 0,
                    rate_bits: 0,
                },
                "rate-limit:0",
            ),
            (
                "8006fde947c35000",
                TrafficRate {
                    asn: 65001,
                    rate_bits: 100_000f32.to_bits(),
                },
                "rate-limit:100000",
            ),
            (
                "8007000000000002",
                TrafficAction {
                    sample: true,
                    terminal: false,
                },
                "action sample",
            ),
            (
                "8007000000000003",
                TrafficAction {
                    sample: true,
                    terminal: true,
                },
                "action sample-terminal",
            ),
            (
                "8008fde900000064",
                Redirect(TwoOctetAs {
                    asn: 65001,
                    number: 100,
                }),
                "redirect:65001:100",
            ),
            (
                "8108010203040064",
                Redirect(Ipv4 {
                    address: Ipv4Addr::new(1, 2, 3, 4),
                    number: 100,
                }),
                "",
            ),
            (
                "8208000100010064",
                Redirect(FourOctetAs {
                    asn: 65537,
                    number: 100,
                }),
                "0x8208000100010064",
            ),
            ("800900000000002e", TrafficMarking { dscp: 46 }, "mark 46"),
            (
                "0800000000000000",
                RedirectToNextHop { copy: false },
                "redirect-to-nexthop",
            ),
            (
                "0800000000000001",
                RedirectToNextHop { copy: true },
                "copy-to-nexthop",
            ),
            (
                "800a130000050000",
                Layer2Info {
                    encapsulation: 19,
                    control_flags: 0,
                    mtu: 5,
                    reserved: 0,
                },
                "l2info:19:0:5:0",
            ),
            // ExaBGP 5.0.15 never loads its bandwidth class, so it prints "".
            (
                "4004fde94b189680",
                LinkBandwidth {
                    asn: 65001,
                    bandwidth_bits: 10_000_000f32.to_bits(),
                },
                "",
            ),
            (
                "030c000000000008",
                Encapsulation { tunnel_type: 8 },
                "encap:VXLAN",
            ),
            (
                "030c00000000ffff",
                Encapsulation {
                    tunnel_type: 0xffff,
                },
                "encap:encap:UNKNOWN-65535",
            ),
        ];
        for (text, value, exabgp) in table {
            let bytes = hex(text);
            assert_eq!(ExtendedCommunity::from_bytes(bytes), *value, "{text}");
            assert_eq!(value.to_bytes(), bytes, "{text}");
            assert_eq!(value.exabgp_string(), *exabgp, "{text}");
            assert_eq!(value.exabgp_value(), u64::from_be_bytes(bytes));
        }
    }

    #[test]
    fn non_canonical_octets_stay_raw() {
        // Reserved bits set: kept whole so re-encoding gives the same octets. ExaBGP still
        // names them (it masks), and so does exabgp_string.
        for (text, exabgp) in [
            ("80090000000000c1", "mark 1"),
            ("8007010000000003", "action sample-terminal"),
            ("0800000000000003", "copy-to-nexthop"),
            ("4102010203040005", "target:1.2.3.4:5"),
            ("ffffffffffffffff", ""),
        ] {
            let bytes = hex(text);
            let value = ExtendedCommunity::from_bytes(bytes);
            assert_eq!(value, ExtendedCommunity::Other(bytes));
            assert_eq!(value.exabgp_string(), exabgp, "{text}");
        }
    }

    #[test]
    fn malformed_lengths() {
        assert_eq!(
            decode_extended_communities(&[0; 7]),
            Err("EXTENDED_COMMUNITIES length 7 is not a non-zero multiple of 8".to_string())
        );
        assert!(decode_extended_communities(&[]).is_err());
    }

    proptest! {
        #[test]
        fn bytes_round_trip(bytes in any::<[u8; 8]>()) {
            prop_assert_eq!(ExtendedCommunity::from_bytes(bytes).to_bytes(), bytes);
            let _ = ExtendedCommunity::from_bytes(bytes).exabgp_string();
        }

        #[test]
        fn list_round_trip(list in proptest::collection::vec(any::<[u8; 8]>(), 1..10)) {
            let communities: Vec<_> = list.into_iter().map(ExtendedCommunity::from_bytes).collect();
            let mut out = Vec::new();
            encode_extended_communities(&communities, &mut out);
            prop_assert_eq!(decode_extended_communities(&out), Ok(communities));
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let _ = decode_extended_communities(&bytes);
        }
    }
}
