//! The thirteen flowspec component types (RFC 8955 §4.2.2, RFC 8956 §3) and ExaBGP's names
//! and value renderings for them.
//!
//! Must not know about the NLRI length, route distinguishers or component ordering (see
//! `flowspec`).

use super::names::{fragment_name, icmp_type_name, protocol_name, tcp_flags_name};
use super::operator::{
    BitmaskMatch, NumericMatch, decode_bitmask_list, decode_numeric_list, encode_bitmask_list,
    encode_numeric_list, exabgp_list_text, exabgp_list_values,
};
use crate::wire::family::Afi;
use crate::wire::nlri::NlriError;
use crate::wire::nlri::prefix::{Prefix, keep_leading_bits, octets_for_bits};
use crate::wire::reader::Reader;
use std::net::{IpAddr, Ipv6Addr};

/// A destination or source prefix component.
///
/// ```text
/// IPv4 (RFC 8955 §4.2.2.1): <type (1 octet), length (1 octet), prefix (variable)>
/// IPv6 (RFC 8956 §3.1):     <type (1 octet), length (1 octet), offset (1 octet), pattern>
/// ```
///
/// The IPv6 pattern holds bits `offset..length` of the address; the address kept here has
/// the bits before `offset` and from `length` on cleared. `offset` is always 0 for IPv4.
/// ExaBGP shows "192.0.2.0/24" (IPv4) and "2001:db8::/32/0" (IPv6: prefix/offset).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FlowPrefix {
    pub prefix: Prefix,
    pub offset: u8,
}

impl FlowPrefix {
    /// A prefix without offset.
    pub fn new(prefix: Prefix) -> FlowPrefix {
        FlowPrefix { prefix, offset: 0 }
    }

    /// An IPv6 prefix matching only bits `offset..prefix.length`; `None` unless
    /// offset < length (or both are 0) and the prefix is IPv6 (or offset is 0).
    pub fn with_offset(prefix: Prefix, offset: u8) -> Option<FlowPrefix> {
        if offset == 0 {
            return Some(FlowPrefix::new(prefix));
        }
        let IpAddr::V6(address) = prefix.address else {
            return None;
        };
        if offset >= prefix.length {
            return None;
        }
        let kept = u128::from(address) & (u128::MAX >> offset);
        Some(FlowPrefix {
            prefix: Prefix {
                address: IpAddr::V6(Ipv6Addr::from(kept)),
                length: prefix.length,
            },
            offset,
        })
    }

    /// ExaBGP's rendering: "192.0.2.0/24", or for IPv6 "2001:db8::/32/0".
    pub fn exabgp_text(&self) -> String {
        match self.prefix.address {
            IpAddr::V4(_) => self.prefix.to_string(),
            IpAddr::V6(_) => format!("{}/{}", self.prefix, self.offset),
        }
    }

    fn decode(reader: &mut Reader<'_>, afi: Afi) -> Result<FlowPrefix, NlriError> {
        if afi != Afi::Ipv6 {
            return Ok(FlowPrefix::new(Prefix::decode(reader, Afi::Ipv4)?));
        }
        let length = reader.u8()?;
        let offset = reader.u8()?;
        // RFC 8956 §3.1: "If length = 0 and offset = 0, this component matches every
        // address; otherwise, length MUST be in the range offset < length < 129".
        if (length, offset) != (0, 0) && !(offset < length && length <= 128) {
            return Err(NlriError::new(format!(
                "flowspec IPv6 prefix of length {length} and offset {offset} is invalid"
            )));
        }
        let matched_bits = length.saturating_sub(offset);
        let pattern = reader.take(octets_for_bits(matched_bits))?;
        let mut aligned = [0u8; 16];
        for (slot, byte) in aligned.iter_mut().zip(pattern) {
            *slot = *byte;
        }
        let value = u128::from_be_bytes(aligned)
            .checked_shr(u32::from(offset))
            .unwrap_or(0);
        let address = keep_leading_bits(IpAddr::V6(Ipv6Addr::from(value)), length);
        Ok(FlowPrefix {
            prefix: Prefix { address, length },
            offset,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        match self.prefix.address {
            IpAddr::V4(_) => self.prefix.encode(out),
            IpAddr::V6(address) => {
                let length = self.prefix.valid_length();
                let offset = self.offset.min(length);
                out.push(length);
                out.push(offset);
                let matched_bits = length - offset;
                let pattern = u128::from(address)
                    .checked_shl(u32::from(offset))
                    .unwrap_or(0);
                out.extend(
                    pattern
                        .to_be_bytes()
                        .iter()
                        .take(octets_for_bits(matched_bits)),
                );
            }
        }
    }
}

/// One component of a flow specification; the type code is the variant.
///
/// Numeric components carry [`NumericMatch`] lists, TCP flags and fragment [`BitmaskMatch`]
/// lists (non-empty; the end-of-list bit is implied).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FlowComponent {
    /// Type 1.
    DestinationPrefix(FlowPrefix),
    /// Type 2.
    SourcePrefix(FlowPrefix),
    /// Type 3: IP protocol (IPv4) / next header (IPv6).
    IpProtocol(Vec<NumericMatch>),
    /// Type 4: source or destination port.
    Port(Vec<NumericMatch>),
    /// Type 5.
    DestinationPort(Vec<NumericMatch>),
    /// Type 6.
    SourcePort(Vec<NumericMatch>),
    /// Type 7.
    IcmpType(Vec<NumericMatch>),
    /// Type 8.
    IcmpCode(Vec<NumericMatch>),
    /// Type 9: bitmask over the TCP flags (2 octets with the data offset nibble).
    TcpFlags(Vec<BitmaskMatch>),
    /// Type 10.
    PacketLength(Vec<NumericMatch>),
    /// Type 11: DSCP (IPv4) / traffic class (IPv6).
    Dscp(Vec<NumericMatch>),
    /// Type 12: bitmask over the fragment bits (DF IsF FF LF for IPv4, no DF for IPv6).
    Fragment(Vec<BitmaskMatch>),
    /// Type 13, IPv6 only (RFC 8956 §3.7).
    FlowLabel(Vec<NumericMatch>),
}

/// Fragment bits RFC 8955 §4.2.2.12 defines (DF, IsF, FF, LF).
const FRAGMENT_BITS_IPV4: u64 = 0x0f;
/// Fragment bits RFC 8956 §3.6 defines (IsF, FF, LF).
const FRAGMENT_BITS_IPV6: u64 = 0x0e;

impl FlowComponent {
    pub fn type_code(&self) -> u8 {
        match self {
            FlowComponent::DestinationPrefix(_) => 1,
            FlowComponent::SourcePrefix(_) => 2,
            FlowComponent::IpProtocol(_) => 3,
            FlowComponent::Port(_) => 4,
            FlowComponent::DestinationPort(_) => 5,
            FlowComponent::SourcePort(_) => 6,
            FlowComponent::IcmpType(_) => 7,
            FlowComponent::IcmpCode(_) => 8,
            FlowComponent::TcpFlags(_) => 9,
            FlowComponent::PacketLength(_) => 10,
            FlowComponent::Dscp(_) => 11,
            FlowComponent::Fragment(_) => 12,
            FlowComponent::FlowLabel(_) => 13,
        }
    }

    /// ExaBGP's name of the component in `afi` ("destination-ipv4", "protocol",
    /// "next-header", "destination-port", "tcp-flags", "traffic-class", "flow-label", …).
    pub fn exabgp_name(&self, afi: Afi) -> &'static str {
        let ipv6 = afi == Afi::Ipv6;
        match self {
            FlowComponent::DestinationPrefix(_) if ipv6 => "destination-ipv6",
            FlowComponent::DestinationPrefix(_) => "destination-ipv4",
            FlowComponent::SourcePrefix(_) if ipv6 => "source-ipv6",
            FlowComponent::SourcePrefix(_) => "source-ipv4",
            FlowComponent::IpProtocol(_) if ipv6 => "next-header",
            FlowComponent::IpProtocol(_) => "protocol",
            FlowComponent::Port(_) => "port",
            FlowComponent::DestinationPort(_) => "destination-port",
            FlowComponent::SourcePort(_) => "source-port",
            FlowComponent::IcmpType(_) => "icmp-type",
            FlowComponent::IcmpCode(_) => "icmp-code",
            FlowComponent::TcpFlags(_) => "tcp-flags",
            FlowComponent::PacketLength(_) => "packet-length",
            FlowComponent::Dscp(_) if ipv6 => "traffic-class",
            FlowComponent::Dscp(_) => "dscp",
            FlowComponent::Fragment(_) => "fragment",
            FlowComponent::FlowLabel(_) => "flow-label",
        }
    }

    /// The rendered {operator, value} pairs with their AND bit, ExaBGP style.
    fn rendered_pairs(&self) -> Vec<(bool, String)> {
        let numeric = |list: &[NumericMatch], name: fn(u64) -> String| {
            list.iter()
                .map(|pair| (pair.and, pair.exabgp_text(&name(pair.value))))
                .collect()
        };
        let bitmask = |list: &[BitmaskMatch], name: fn(u64) -> String| {
            list.iter()
                .map(|pair| (pair.and, pair.exabgp_text(&name(pair.value))))
                .collect()
        };
        match self {
            FlowComponent::DestinationPrefix(prefix) | FlowComponent::SourcePrefix(prefix) => {
                vec![(false, prefix.exabgp_text())]
            }
            FlowComponent::IpProtocol(list) => numeric(list, protocol_name),
            FlowComponent::IcmpType(list) => numeric(list, icmp_type_name),
            FlowComponent::Port(list)
            | FlowComponent::DestinationPort(list)
            | FlowComponent::SourcePort(list)
            | FlowComponent::IcmpCode(list)
            | FlowComponent::PacketLength(list)
            | FlowComponent::Dscp(list)
            | FlowComponent::FlowLabel(list) => numeric(list, |value| value.to_string()),
            FlowComponent::TcpFlags(list) => bitmask(list, tcp_flags_name),
            FlowComponent::Fragment(list) => bitmask(list, fragment_name),
        }
    }

    /// ExaBGP's text for the component's value(s), after its name: "192.0.2.0/24", "=tcp",
    /// "[ =80 >1024&<2000 ]".
    pub fn exabgp_text(&self) -> String {
        exabgp_list_text(&self.rendered_pairs())
    }

    /// ExaBGP's JSON array for the component: ["192.0.2.0/24"], ["=80", ">1024&<2000"].
    pub fn exabgp_values(&self) -> Vec<String> {
        exabgp_list_values(&self.rendered_pairs())
    }

    /// Reads one component, type octet included.
    pub(crate) fn decode(reader: &mut Reader<'_>, afi: Afi) -> Result<FlowComponent, NlriError> {
        let type_code = reader.u8()?;
        let numeric = |reader: &mut Reader<'_>, limit: u64| -> Result<_, NlriError> {
            decode_numeric_list(reader, limit, type_code)
        };
        let fragment_bits = if afi == Afi::Ipv6 {
            FRAGMENT_BITS_IPV6
        } else {
            FRAGMENT_BITS_IPV4
        };
        Ok(match type_code {
            1 => FlowComponent::DestinationPrefix(FlowPrefix::decode(reader, afi)?),
            2 => FlowComponent::SourcePrefix(FlowPrefix::decode(reader, afi)?),
            3 => FlowComponent::IpProtocol(numeric(reader, 0xff)?),
            4 => FlowComponent::Port(numeric(reader, 0xffff)?),
            5 => FlowComponent::DestinationPort(numeric(reader, 0xffff)?),
            6 => FlowComponent::SourcePort(numeric(reader, 0xffff)?),
            7 => FlowComponent::IcmpType(numeric(reader, 0xff)?),
            8 => FlowComponent::IcmpCode(numeric(reader, 0xff)?),
            9 => FlowComponent::TcpFlags(decode_bitmask_list(reader, 0xffff, 0xffff, type_code)?),
            10 => FlowComponent::PacketLength(numeric(reader, 0xffff)?),
            11 => FlowComponent::Dscp(numeric(reader, 0xff)?),
            12 => FlowComponent::Fragment(decode_bitmask_list(
                reader,
                0xffff,
                fragment_bits,
                type_code,
            )?),
            13 if afi == Afi::Ipv6 => FlowComponent::FlowLabel(numeric(reader, 0xffff_ffff)?),
            other => {
                return Err(NlriError::new(format!(
                    "unknown flowspec component type {other} for {}",
                    afi.name()
                )));
            }
        })
    }

    /// Writes the component, type octet included.
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.type_code());
        match self {
            FlowComponent::DestinationPrefix(prefix) | FlowComponent::SourcePrefix(prefix) => {
                prefix.encode(out)
            }
            FlowComponent::IpProtocol(list)
            | FlowComponent::Port(list)
            | FlowComponent::DestinationPort(list)
            | FlowComponent::SourcePort(list)
            | FlowComponent::IcmpType(list)
            | FlowComponent::IcmpCode(list)
            | FlowComponent::PacketLength(list)
            | FlowComponent::Dscp(list)
            | FlowComponent::FlowLabel(list) => encode_numeric_list(list, out),
            FlowComponent::TcpFlags(list) | FlowComponent::Fragment(list) => {
                encode_bitmask_list(list, out)
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::operator::tests::{any_bitmask_list, any_numeric_list};
    use super::*;
    use crate::wire::nlri::prefix::tests::any_prefix;
    use proptest::prelude::*;

    fn prefix(text: &str) -> Prefix {
        text.parse().expect("test prefix")
    }

    #[test]
    fn components_both_ways() {
        let table: &[(Afi, &[u8], FlowComponent, &str, &str)] = &[
            (
                Afi::Ipv4,
                &[1, 24, 192, 0, 2],
                FlowComponent::DestinationPrefix(FlowPrefix::new(prefix("192.0.2.0/24"))),
                "destination-ipv4",
                "192.0.2.0/24",
            ),
            (
                Afi::Ipv4,
                &[3, 0x81, 6],
                FlowComponent::IpProtocol(vec![NumericMatch::equal_to(6)]),
                "protocol",
                "=tcp",
            ),
            (
                Afi::Ipv6,
                &[3, 0x81, 58],
                FlowComponent::IpProtocol(vec![NumericMatch::equal_to(58)]),
                "next-header",
                "=58",
            ),
            (
                Afi::Ipv4,
                &[7, 0x81, 8],
                FlowComponent::IcmpType(vec![NumericMatch::equal_to(8)]),
                "icmp-type",
                "=echo-request",
            ),
            (
                Afi::Ipv4,
                &[9, 0x01, 0x12, 0x80, 0x02],
                FlowComponent::TcpFlags(vec![
                    BitmaskMatch::new(false, false, true, 0x12),
                    BitmaskMatch::new(false, false, false, 0x02),
                ]),
                "tcp-flags",
                "[ =syn+ack syn ]",
            ),
            (
                Afi::Ipv4,
                &[12, 0x80, 0x02],
                FlowComponent::Fragment(vec![BitmaskMatch::new(false, false, false, 0x02)]),
                "fragment",
                "is-fragment",
            ),
            (
                Afi::Ipv6,
                &[11, 0x81, 46],
                FlowComponent::Dscp(vec![NumericMatch::equal_to(46)]),
                "traffic-class",
                "=46",
            ),
            (
                Afi::Ipv6,
                &[13, 0xa1, 0, 0x01, 0x23, 0x45],
                FlowComponent::FlowLabel(vec![NumericMatch {
                    value_length: super::super::operator::ValueLength::Four,
                    ..NumericMatch::equal_to(0x12345)
                }]),
                "flow-label",
                "=74565",
            ),
            // RFC 8956 §3.8.1 style: bits 64..104 of 2001:db8::/… with offset 64
            (
                Afi::Ipv6,
                &[1, 104, 64, 0x12, 0x34, 0x56, 0x78, 0x9a],
                FlowComponent::DestinationPrefix(FlowPrefix {
                    prefix: prefix("::1234:5678:9a00:0/104"),
                    offset: 64,
                }),
                "destination-ipv6",
                "::1234:5678:9a00:0/104/64",
            ),
            (
                Afi::Ipv6,
                &[2, 32, 0, 0x20, 0x01, 0x0d, 0xb8],
                FlowComponent::SourcePrefix(FlowPrefix::new(prefix("2001:db8::/32"))),
                "source-ipv6",
                "2001:db8::/32/0",
            ),
        ];
        for (afi, bytes, value, name, text) in table {
            let mut reader = Reader::new(bytes);
            assert_eq!(FlowComponent::decode(&mut reader, *afi).as_ref(), Ok(value));
            assert!(reader.is_empty(), "{bytes:?}");
            let mut out = Vec::new();
            value.encode(&mut out);
            assert_eq!(out, *bytes);
            assert_eq!(value.exabgp_name(*afi), *name);
            assert_eq!(value.exabgp_text(), *text);
        }
    }

    #[test]
    fn bad_components_are_errors() {
        let table: &[(Afi, &[u8], &str)] = &[
            (
                Afi::Ipv4,
                &[13, 0x81, 1],
                "unknown flowspec component type 13 for ipv4",
            ),
            (
                Afi::Ipv6,
                &[14, 0x81, 1],
                "unknown flowspec component type 14 for ipv6",
            ),
            (
                Afi::Ipv4,
                &[0],
                "unknown flowspec component type 0 for ipv4",
            ),
            (
                Afi::Ipv6,
                &[1, 64, 64],
                "flowspec IPv6 prefix of length 64 and offset 64 is invalid",
            ),
            (
                Afi::Ipv6,
                &[1, 129, 0],
                "flowspec IPv6 prefix of length 129 and offset 0 is invalid",
            ),
            (
                Afi::Ipv4,
                &[1, 33],
                "prefix length 33 is longer than 32 bits",
            ),
            (
                Afi::Ipv4,
                &[5, 0x01, 80],
                "truncated: needed 1 more byte(s), 0 left",
            ),
        ];
        for (afi, bytes, error) in table {
            let mut reader = Reader::new(bytes);
            assert_eq!(
                FlowComponent::decode(&mut reader, *afi),
                Err(NlriError::new(*error)),
                "{bytes:?}"
            );
        }
    }

    /// Valid components of `afi` (IPv4 or IPv6).
    pub(crate) fn any_component(afi: Afi) -> BoxedStrategy<FlowComponent> {
        let flow_prefix = any_prefix()
            .prop_filter("same family", move |prefix| prefix.afi() == afi)
            .prop_flat_map(|prefix| {
                let maximum = if prefix.length == 0 || prefix.afi() == Afi::Ipv4 {
                    0
                } else {
                    prefix.length - 1
                };
                (Just(prefix), 0..=maximum)
            })
            .prop_map(|(prefix, offset)| {
                FlowPrefix::with_offset(prefix, offset).expect("valid offset")
            })
            .boxed();
        let fragment_bits = if afi == Afi::Ipv6 {
            FRAGMENT_BITS_IPV6
        } else {
            FRAGMENT_BITS_IPV4
        };
        let mut choices = vec![
            flow_prefix
                .clone()
                .prop_map(FlowComponent::DestinationPrefix)
                .boxed(),
            flow_prefix.prop_map(FlowComponent::SourcePrefix).boxed(),
            any_numeric_list(0xff)
                .prop_map(FlowComponent::IpProtocol)
                .boxed(),
            any_numeric_list(0xffff)
                .prop_map(FlowComponent::Port)
                .boxed(),
            any_numeric_list(0xffff)
                .prop_map(FlowComponent::DestinationPort)
                .boxed(),
            any_numeric_list(0xffff)
                .prop_map(FlowComponent::SourcePort)
                .boxed(),
            any_numeric_list(0xff)
                .prop_map(FlowComponent::IcmpType)
                .boxed(),
            any_numeric_list(0xff)
                .prop_map(FlowComponent::IcmpCode)
                .boxed(),
            any_bitmask_list(0xffff)
                .prop_map(FlowComponent::TcpFlags)
                .boxed(),
            any_numeric_list(0xffff)
                .prop_map(FlowComponent::PacketLength)
                .boxed(),
            any_numeric_list(0xff).prop_map(FlowComponent::Dscp).boxed(),
            any_bitmask_list(fragment_bits)
                .prop_map(FlowComponent::Fragment)
                .boxed(),
        ];
        if afi == Afi::Ipv6 {
            choices.push(
                any_numeric_list(0xffff)
                    .prop_map(FlowComponent::FlowLabel)
                    .boxed(),
            );
        }
        proptest::strategy::Union::new(choices).boxed()
    }

    proptest! {
        #[test]
        fn round_trip(component in prop_oneof![Just(Afi::Ipv4), Just(Afi::Ipv6)].prop_flat_map(|afi| (Just(afi), any_component(afi)))) {
            let (afi, component) = component;
            let mut out = Vec::new();
            component.encode(&mut out);
            let mut reader = Reader::new(&out);
            prop_assert_eq!(FlowComponent::decode(&mut reader, afi), Ok(component));
            prop_assert!(reader.is_empty());
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            for afi in [Afi::Ipv4, Afi::Ipv6] {
                let mut reader = Reader::new(&bytes);
                let _ = FlowComponent::decode(&mut reader, afi);
            }
        }
    }
}
