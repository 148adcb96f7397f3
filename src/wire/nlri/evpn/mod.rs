//! The EVPN NLRI (RFC 7432 §7, AFI 25 SAFI 70, ExaBGP "l2vpn evpn"): route types 1 to 4 of
//! RFC 7432 and type 5 of RFC 9136 decoded, any other type kept as its octets.
//!
//! Also ExaBGP's text forms of an EVPN route ([`EvpnRoute::exabgp_string`], the label forms);
//! the JSON object is built in `api::json::nlri` from these values. Must not know about next
//! hops or UPDATEs.

pub mod fields;
pub mod routes;
#[cfg(test)]
pub(crate) mod tests;

pub use fields::{EthernetSegmentIdentifier, MacAddress};
pub use routes::{
    EthernetAutoDiscoveryRoute, EthernetSegmentRoute, InclusiveMulticastEthernetTagRoute,
    IpPrefixRoute, MacIpAdvertisementRoute,
};

use super::NlriError;
use super::label::Label;
use crate::wire::iana::evpn_route_type as route_type;
use crate::wire::reader::Reader;
use crate::wire::writer::{backfill_u8, reserve_u8};
use std::fmt::Write;

/// One EVPN NLRI: the RFC 7911 Path Identifier and the route.
///
/// ```text
/// +-----------------------------------+
/// |    Route Type (1 octet)           |
/// +-----------------------------------+
/// |     Length (1 octet)              |
/// +-----------------------------------+
/// | Route Type specific (variable)    |
/// +-----------------------------------+
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EvpnNlri {
    pub path_id: Option<u32>,
    pub route: EvpnRoute,
}

/// An EVPN route of one of the route types.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EvpnRoute {
    /// Route type 1.
    EthernetAutoDiscovery(EthernetAutoDiscoveryRoute),
    /// Route type 2.
    MacIpAdvertisement(MacIpAdvertisementRoute),
    /// Route type 3.
    InclusiveMulticastEthernetTag(InclusiveMulticastEthernetTagRoute),
    /// Route type 4.
    EthernetSegment(EthernetSegmentRoute),
    /// Route type 5.
    IpPrefix(IpPrefixRoute),
    /// Any other route type (RFC 9251's multicast routes, …), as received.
    Unknown(UnknownEvpnRoute),
}

/// An EVPN route of a type not decoded here: its type and its Route Type specific octets.
///
/// Decoding never produces this for types 1 to 5. Valid when `value` is at most 255 octets
/// (longer values are cut to 255 when encoded).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownEvpnRoute {
    pub route_type: u8,
    pub value: Vec<u8>,
}

impl EvpnNlri {
    pub(crate) fn decode(
        reader: &mut Reader<'_>,
        path_id: Option<u32>,
    ) -> Result<EvpnNlri, NlriError> {
        Ok(EvpnNlri {
            path_id,
            route: EvpnRoute::decode(reader)?,
        })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        self.route.encode(out);
    }
}

impl EvpnRoute {
    /// Reads Route Type, Length and the Route Type specific field. A field longer or
    /// shorter than its route type defines is an error (RFC 7606 §5.3: the NLRI is
    /// syntactically incorrect).
    pub(crate) fn decode(reader: &mut Reader<'_>) -> Result<EvpnRoute, NlriError> {
        let code = reader.u8()?;
        let length = reader.u8()?;
        let mut field = Reader::new(reader.take(usize::from(length))?);
        let route = match code {
            route_type::ETHERNET_AUTO_DISCOVERY => {
                EvpnRoute::EthernetAutoDiscovery(EthernetAutoDiscoveryRoute::decode(&mut field)?)
            }
            route_type::MAC_IP_ADVERTISEMENT => {
                EvpnRoute::MacIpAdvertisement(MacIpAdvertisementRoute::decode(&mut field)?)
            }
            route_type::INCLUSIVE_MULTICAST_ETHERNET_TAG => {
                EvpnRoute::InclusiveMulticastEthernetTag(
                    InclusiveMulticastEthernetTagRoute::decode(&mut field)?,
                )
            }
            route_type::ETHERNET_SEGMENT => {
                EvpnRoute::EthernetSegment(EthernetSegmentRoute::decode(&mut field)?)
            }
            route_type::IP_PREFIX => {
                EvpnRoute::IpPrefix(IpPrefixRoute::decode(&mut field, length)?)
            }
            _ => EvpnRoute::Unknown(UnknownEvpnRoute {
                route_type: code,
                value: field.rest().to_vec(),
            }),
        };
        if !field.is_empty() {
            return Err(NlriError::new(format!(
                "{} route has {} octet(s) more than its fields",
                route.name(),
                field.remaining()
            )));
        }
        Ok(route)
    }

    /// Writes Route Type, Length and the Route Type specific field.
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.route_type());
        let at = reserve_u8(out);
        match self {
            EvpnRoute::EthernetAutoDiscovery(route) => route.encode(out),
            EvpnRoute::MacIpAdvertisement(route) => route.encode(out),
            EvpnRoute::InclusiveMulticastEthernetTag(route) => route.encode(out),
            EvpnRoute::EthernetSegment(route) => route.encode(out),
            EvpnRoute::IpPrefix(route) => route.encode(out),
            EvpnRoute::Unknown(route) => {
                let value = route.value.get(..usize::from(u8::MAX));
                out.extend_from_slice(value.unwrap_or(&route.value));
            }
        }
        backfill_u8(out, at);
    }

    /// The route as it is on the wire, Route Type and Length included (ExaBGP's "raw").
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(&mut out);
        out
    }

    pub fn route_type(&self) -> u8 {
        match self {
            EvpnRoute::EthernetAutoDiscovery(_) => route_type::ETHERNET_AUTO_DISCOVERY,
            EvpnRoute::MacIpAdvertisement(_) => route_type::MAC_IP_ADVERTISEMENT,
            EvpnRoute::InclusiveMulticastEthernetTag(_) => {
                route_type::INCLUSIVE_MULTICAST_ETHERNET_TAG
            }
            EvpnRoute::EthernetSegment(_) => route_type::ETHERNET_SEGMENT,
            EvpnRoute::IpPrefix(_) => route_type::IP_PREFIX,
            EvpnRoute::Unknown(route) => route.route_type,
        }
    }

    /// The route type's name for error messages.
    fn name(&self) -> String {
        match self.exabgp_name() {
            Some(name) => name.to_string(),
            None => format!("EVPN type {}", self.route_type()),
        }
    }

    /// ExaBGP's `"name"` of the route type ("MAC/IP advertisement", …); `None` for the
    /// types ExaBGP does not parse either.
    pub fn exabgp_name(&self) -> Option<&'static str> {
        Some(match self {
            EvpnRoute::EthernetAutoDiscovery(_) => "Ethernet Auto-Discovery",
            EvpnRoute::MacIpAdvertisement(_) => "MAC/IP advertisement",
            EvpnRoute::InclusiveMulticastEthernetTag(_) => "Inclusive Multicast Ethernet Tag",
            EvpnRoute::EthernetSegment(_) => "Ethernet Segment",
            EvpnRoute::IpPrefix(_) => "IP Prefix Advertisement",
            EvpnRoute::Unknown(_) => return None,
        })
    }

    /// ExaBGP's one-line form of an EVPN route (its `str()`, what `show adj-rib` prints),
    /// e.g. "evpn:macadv::65020:300:-:0:AA:BB:CC:DD:EE:FF/48:10.28.0.1: label 187 (3000)",
    /// "evpn:multicast::65020:301:0:10.28.0.2", "evpn:unknown:0xaabbcc".
    pub fn exabgp_string(&self) -> String {
        match self {
            EvpnRoute::EthernetAutoDiscovery(route) => format!(
                "evpn:ethernetad::{}:{}:{}:{}",
                route.route_distinguisher,
                route.ethernet_segment,
                route.ethernet_tag,
                evpn_label_text(&[route.label])
            ),
            EvpnRoute::MacIpAdvertisement(route) => format!(
                "evpn:macadv::{}:{}:{}:{}/{}:{}:{}",
                route.route_distinguisher,
                route.ethernet_segment,
                route.ethernet_tag,
                route.mac,
                fields::MAC_ADDRESS_BITS,
                route.ip.map(|ip| ip.to_string()).unwrap_or_default(),
                evpn_label_text(&route.labels())
            ),
            EvpnRoute::InclusiveMulticastEthernetTag(route) => format!(
                "evpn:multicast::{}:{}:{}",
                route.route_distinguisher, route.ethernet_tag, route.originating_router
            ),
            EvpnRoute::EthernetSegment(route) => format!(
                "evpn:segment::{}:{}:{}",
                route.route_distinguisher, route.ethernet_segment, route.originating_router
            ),
            EvpnRoute::IpPrefix(route) => format!(
                "evpn:prfxadv::{}:{}:{}:{}/{}:{}:{}",
                route.route_distinguisher,
                route.ethernet_segment,
                route.ethernet_tag,
                route.prefix,
                route.prefix_length,
                route.gateway,
                evpn_label_text(&[route.label])
            ),
            EvpnRoute::Unknown(route) => {
                let mut text = String::from("evpn:unknown:0x");
                for byte in &route.value {
                    let _ = write!(text, "{byte:02x}");
                }
                text
            }
        }
    }
}

/// ExaBGP's text for the labels of an EVPN route, each with its whole 3-octet field in
/// parentheses unless that is zero: " label 187 (3000)", " label 0",
/// " label [ 187 (3000) 188 (3009) ]", "" for none.
pub fn evpn_label_text(labels: &[Label]) -> String {
    let one = |label: &Label| match label.raw() {
        0 => label.value.to_string(),
        raw => format!("{} ({raw})", label.value),
    };
    match labels {
        [] => String::new(),
        [label] => format!(" label {}", one(label)),
        _ => {
            let items: Vec<String> = labels.iter().map(one).collect();
            format!(" label [ {} ]", items.join(" "))
        }
    }
}

/// ExaBGP's JSON member for the labels of an EVPN route: `"label": [ [187, 3000] ]` (the
/// 20-bit label, then the whole 3-octet field unless it is zero: `[ [0] ]`); "" for none.
pub fn evpn_label_json(labels: &[Label]) -> String {
    if labels.is_empty() {
        return String::new();
    }
    let items: Vec<String> = labels
        .iter()
        .map(|label| match label.raw() {
            0 => format!("[{}]", label.value),
            raw => format!("[{}, {raw}]", label.value),
        })
        .collect();
    format!("\"label\": [ {} ]", items.join(", "))
}
