//! Flow specification NLRI: IPv4 and IPv6 (RFC 8955, RFC 8956, SAFI 133 "flow") and their VPN
//! form (SAFI 134 "flow-vpn"), with ExaBGP's rendering of a whole rule.
//!
//! Must not know about next hops, actions (extended communities) or UPDATEs.

pub mod component;
pub mod names;
pub mod operator;

pub use component::{FlowComponent, FlowPrefix};
pub use operator::{BitmaskMatch, NumericMatch, ValueLength};

use super::NlriError;
use super::route_distinguisher::RouteDistinguisher;
use crate::wire::family::{Afi, Family, Safi};
use crate::wire::reader::Reader;

/// Lengths from this value on take two octets (RFC 8955 §4.1).
const EXTENDED_LENGTH_FROM: usize = 0xf0;
/// The largest length the 12-bit extended form holds.
const EXTENDED_LENGTH_MAXIMUM: usize = 0x0fff;

/// A flow specification.
///
/// ```text
/// +--------------------------------+
/// | length (0xnn or 0xfnnn)        |  1 octet below 240, else 2 (high nibble all ones)
/// +--------------------------------+
/// | Route Distinguisher (8 octets) |  flow-vpn only (RFC 8955 §8)
/// +--------------------------------+
/// | NLRI value (variable)          |  components in increasing type order
/// +--------------------------------+
/// ```
///
/// Valid when `afi` is IPv4 or IPv6, `components` is non-empty, in strictly increasing
/// type order, holds only components of `afi`, and the encoding is at most 4095 octets.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FlowspecNlri {
    pub path_id: Option<u32>,
    /// Afi::Ipv4 or Afi::Ipv6.
    pub afi: Afi,
    /// Present exactly for flow-vpn (SAFI 134).
    pub route_distinguisher: Option<RouteDistinguisher>,
    pub components: Vec<FlowComponent>,
}

impl FlowspecNlri {
    /// A rule with its components sorted into the order RFC 8955 requires.
    pub fn new(
        afi: Afi,
        route_distinguisher: Option<RouteDistinguisher>,
        mut components: Vec<FlowComponent>,
    ) -> FlowspecNlri {
        components.sort_by_key(FlowComponent::type_code);
        FlowspecNlri {
            path_id: None,
            afi,
            route_distinguisher,
            components,
        }
    }

    pub fn family(&self) -> Family {
        let safi = if self.route_distinguisher.is_some() {
            Safi::FlowspecVpn
        } else {
            Safi::Flowspec
        };
        Family::new(self.afi, safi)
    }

    /// Reads one flow specification after its Path Identifier.
    pub(crate) fn decode(
        reader: &mut Reader<'_>,
        afi: Afi,
        vpn: bool,
        path_id: Option<u32>,
    ) -> Result<FlowspecNlri, NlriError> {
        let first = reader.u8()?;
        let length = if usize::from(first) >= EXTENDED_LENGTH_FROM {
            (usize::from(first & 0x0f) << 8) | usize::from(reader.u8()?)
        } else {
            usize::from(first)
        };
        let mut value = Reader::new(reader.take(length)?);
        let route_distinguisher = if vpn {
            Some(RouteDistinguisher::decode(&mut value)?)
        } else {
            None
        };
        let mut components: Vec<FlowComponent> = Vec::new();
        while !value.is_empty() {
            let component = FlowComponent::decode(&mut value, afi)?;
            if let Some(previous) = components.last() {
                // RFC 8955 §4.2: "Flow specification components must follow strict type
                // ordering by increasing numerical order. A given component type may or may
                // not be present in the specification, but if present, it MUST precede any
                // component of higher numeric type value."
                if component.type_code() <= previous.type_code() {
                    return Err(NlriError::new(format!(
                        "flowspec component type {} follows type {}: components must be in \
                         strictly increasing type order",
                        component.type_code(),
                        previous.type_code()
                    )));
                }
            }
            components.push(component);
        }
        // RFC 8955 §4.2: the value is "<[component]+>"; an empty rule would match every packet.
        if components.is_empty() {
            return Err(NlriError::new("flowspec NLRI without any component"));
        }
        Ok(FlowspecNlri {
            path_id,
            afi,
            route_distinguisher,
            components,
        })
    }

    /// Writes the flow specification after its Path Identifier.
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        let mut value = Vec::new();
        if let Some(route_distinguisher) = &self.route_distinguisher {
            route_distinguisher.encode(&mut value);
        }
        for component in &self.components {
            component.encode(&mut value);
        }
        // RFC 8955 §4.1: "If the NLRI length is smaller than 240 (0xf0 hex) octets, the length
        // field can be encoded as a single octet. Otherwise, it is encoded as an
        // extended-length 2-octet value in which the most significant nibble of the first
        // octet is all ones."
        let length = value.len().min(EXTENDED_LENGTH_MAXIMUM);
        if length < EXTENDED_LENGTH_FROM {
            out.push(length as u8);
        } else {
            out.extend_from_slice(&(0xf000 | length as u16).to_be_bytes());
        }
        out.extend_from_slice(value.get(..length).unwrap_or(&value));
    }

    /// ExaBGP's JSON rules: (component name, values) in order, e.g.
    /// [("destination-ipv4", ["192.0.2.0/24"]), ("destination-port", ["=80", ">1024&<2000"])].
    pub fn exabgp_rules(&self) -> Vec<(&'static str, Vec<String>)> {
        self.components
            .iter()
            .map(|component| (component.exabgp_name(self.afi), component.exabgp_values()))
            .collect()
    }

    /// ExaBGP's text (its `"string"` JSON member) without the next hop:
    /// "flow destination-ipv4 192.0.2.0/24 protocol =tcp destination-port [ =80 >1024&<2000 ]",
    /// with " rd 65001:1" appended for flow-vpn. ExaBGP appends " next-hop …" when the route
    /// has one.
    pub fn exabgp_text(&self) -> String {
        let mut text = String::from("flow");
        for component in &self.components {
            text.push(' ');
            text.push_str(component.exabgp_name(self.afi));
            text.push(' ');
            text.push_str(&component.exabgp_text());
        }
        if let Some(route_distinguisher) = &self.route_distinguisher {
            text.push_str(&format!(" rd {route_distinguisher}"));
        }
        text
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::component::tests::any_component;
    use super::*;
    use crate::wire::nlri::prefix::Prefix;
    use crate::wire::nlri::route_distinguisher::tests::any_route_distinguisher;
    use proptest::prelude::*;

    fn prefix(text: &str) -> Prefix {
        text.parse().expect("test prefix")
    }

    /// The NLRI of the UPDATE below, checked with
    /// `exabgp decode ffffffffffffffffffffffffffffffff003e020000002740010100400200800e1d0001850000170118c0000202200a000001038106050150120400d407d0`:
    /// "flow destination-ipv4 192.0.2.0/24 source-ipv4 10.0.0.1/32 protocol =tcp
    /// destination-port [ =80 >1024&<2000 ]".
    const EXABGP_FLOW: &[u8] = &[
        0x17, 0x01, 0x18, 0xc0, 0x00, 0x02, 0x02, 0x20, 0x0a, 0x00, 0x00, 0x01, 0x03, 0x81, 0x06,
        0x05, 0x01, 0x50, 0x12, 0x04, 0x00, 0xd4, 0x07, 0xd0,
    ];

    fn exabgp_flow() -> FlowspecNlri {
        FlowspecNlri::new(
            Afi::Ipv4,
            None,
            vec![
                FlowComponent::DestinationPrefix(FlowPrefix::new(prefix("192.0.2.0/24"))),
                FlowComponent::SourcePrefix(FlowPrefix::new(prefix("10.0.0.1/32"))),
                FlowComponent::IpProtocol(vec![NumericMatch::equal_to(6)]),
                FlowComponent::DestinationPort(vec![
                    NumericMatch::equal_to(80),
                    NumericMatch::new(false, false, true, false, 1024),
                    NumericMatch::new(true, true, false, false, 2000),
                ]),
            ],
        )
    }

    #[test]
    fn flow_both_ways() {
        let mut reader = Reader::new(EXABGP_FLOW);
        let decoded = FlowspecNlri::decode(&mut reader, Afi::Ipv4, false, None).expect("decodes");
        assert!(reader.is_empty());
        assert_eq!(decoded, exabgp_flow());
        let mut out = Vec::new();
        decoded.encode(&mut out);
        assert_eq!(out, EXABGP_FLOW);
        assert_eq!(
            decoded.exabgp_text(),
            "flow destination-ipv4 192.0.2.0/24 source-ipv4 10.0.0.1/32 protocol =tcp \
             destination-port [ =80 >1024&<2000 ]"
        );
        assert_eq!(
            decoded.exabgp_rules(),
            vec![
                ("destination-ipv4", vec!["192.0.2.0/24".to_string()]),
                ("source-ipv4", vec!["10.0.0.1/32".to_string()]),
                ("protocol", vec!["=tcp".to_string()]),
                (
                    "destination-port",
                    vec!["=80".to_string(), ">1024&<2000".to_string()]
                ),
            ]
        );
        assert_eq!(decoded.family(), Family::new(Afi::Ipv4, Safi::Flowspec));
    }

    #[test]
    fn flow_vpn_and_ipv6_both_ways() {
        // flow-vpn, RD 65001:1, destination 10.0.0.0/8
        let bytes: &[u8] = &[11, 0, 0, 0xfd, 0xe9, 0, 0, 0, 1, 1, 8, 10];
        let value = FlowspecNlri::new(
            Afi::Ipv4,
            Some(RouteDistinguisher::As2 {
                administrator: 65001,
                assigned: 1,
            }),
            vec![FlowComponent::DestinationPrefix(FlowPrefix::new(prefix(
                "10.0.0.0/8",
            )))],
        );
        let mut reader = Reader::new(bytes);
        assert_eq!(
            FlowspecNlri::decode(&mut reader, Afi::Ipv4, true, None),
            Ok(value.clone())
        );
        let mut out = Vec::new();
        value.encode(&mut out);
        assert_eq!(out, bytes);
        assert_eq!(
            value.exabgp_text(),
            "flow destination-ipv4 10.0.0.0/8 rd 65001:1"
        );
        assert_eq!(value.family(), Family::new(Afi::Ipv4, Safi::FlowspecVpn));

        // IPv6: destination 2001:db8::/32 offset 0, next-header =udp
        let bytes: &[u8] = &[10, 1, 32, 0, 0x20, 0x01, 0x0d, 0xb8, 3, 0x81, 17];
        let value = FlowspecNlri::new(
            Afi::Ipv6,
            None,
            vec![
                FlowComponent::DestinationPrefix(FlowPrefix::new(prefix("2001:db8::/32"))),
                FlowComponent::IpProtocol(vec![NumericMatch::equal_to(17)]),
            ],
        );
        let mut reader = Reader::new(bytes);
        assert_eq!(
            FlowspecNlri::decode(&mut reader, Afi::Ipv6, false, None),
            Ok(value.clone())
        );
        let mut out = Vec::new();
        value.encode(&mut out);
        assert_eq!(out, bytes);
        assert_eq!(
            value.exabgp_text(),
            "flow destination-ipv6 2001:db8::/32/0 next-header =udp"
        );
    }

    #[test]
    fn long_flow_uses_two_length_octets() {
        // 80 port matches of 3 octets each: 1 + 240 octets of value
        let ports: Vec<NumericMatch> = (0..80u64)
            .map(|port| NumericMatch::new(false, false, false, true, 1000 + port))
            .collect();
        let value = FlowspecNlri::new(Afi::Ipv4, None, vec![FlowComponent::Port(ports)]);
        let mut out = Vec::new();
        value.encode(&mut out);
        assert_eq!(&out[..2], &[0xf0, 241]);
        assert_eq!(out.len(), 2 + 241);
        let mut reader = Reader::new(&out);
        assert_eq!(
            FlowspecNlri::decode(&mut reader, Afi::Ipv4, false, None),
            Ok(value)
        );
    }

    #[test]
    fn bad_flows_are_errors() {
        let table: &[(&[u8], bool, &str)] = &[
            (
                &[6, 3, 0x81, 6, 3, 0x81, 17],
                false,
                "flowspec component type 3 follows type 3: components must be in strictly \
                 increasing type order",
            ),
            (
                &[6, 3, 0x81, 6, 1, 8, 10],
                false,
                "flowspec component type 1 follows type 3: components must be in strictly \
                 increasing type order",
            ),
            (&[0], false, "flowspec NLRI without any component"),
            (
                &[8, 0, 0, 0, 1, 0, 0, 0, 1],
                true,
                "flowspec NLRI without any component",
            ),
            (
                &[5, 1, 8, 10],
                false,
                "truncated: needed 5 more byte(s), 3 left",
            ),
            (&[0xf0], false, "truncated: needed 1 more byte(s), 0 left"),
            (
                &[4, 1, 8, 10, 14],
                false,
                "unknown flowspec component type 14 for ipv4",
            ),
        ];
        for (bytes, vpn, error) in table {
            let mut reader = Reader::new(bytes);
            let result = FlowspecNlri::decode(&mut reader, Afi::Ipv4, *vpn, None);
            assert_eq!(result, Err(NlriError::new(*error)), "{bytes:?}");
        }
    }

    pub(crate) fn any_flow() -> impl Strategy<Value = FlowspecNlri> {
        (
            prop_oneof![Just(Afi::Ipv4), Just(Afi::Ipv6)],
            proptest::option::of(any_route_distinguisher()),
        )
            .prop_flat_map(|(afi, route_distinguisher)| {
                (
                    Just(afi),
                    Just(route_distinguisher),
                    proptest::collection::vec(any_component(afi), 1..6),
                )
            })
            .prop_map(|(afi, route_distinguisher, mut components)| {
                components.sort_by_key(FlowComponent::type_code);
                components.dedup_by_key(|component| component.type_code());
                FlowspecNlri {
                    path_id: None,
                    afi,
                    route_distinguisher,
                    components,
                }
            })
    }

    proptest! {
        #[test]
        fn round_trip(value in any_flow()) {
            let mut out = Vec::new();
            value.encode(&mut out);
            let mut reader = Reader::new(&out);
            prop_assert_eq!(
                FlowspecNlri::decode(&mut reader, value.afi, value.route_distinguisher.is_some(), None),
                Ok(value.clone())
            );
            prop_assert!(reader.is_empty());
            let _ = value.exabgp_text();
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..60), vpn: bool) {
            for afi in [Afi::Ipv4, Afi::Ipv6] {
                let mut reader = Reader::new(&bytes);
                if let Ok(value) = FlowspecNlri::decode(&mut reader, afi, vpn, None) {
                    let _ = value.exabgp_text();
                }
            }
        }
    }
}
