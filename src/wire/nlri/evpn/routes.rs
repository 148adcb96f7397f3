//! The route-type-specific part of the five EVPN route types ferrobgp decodes: Ethernet
//! Auto-Discovery, MAC/IP Advertisement, Inclusive Multicast Ethernet Tag, Ethernet Segment
//! (RFC 7432 §7.1–7.4) and IP Prefix (RFC 9136 §3.1).
//!
//! Each `decode` reads exactly the Route Type specific field (the caller has already taken
//! the Route Type and Length octets and checks that nothing is left over); each `encode`
//! writes that field only. Must not know about the framing, Path Identifiers or UPDATEs.

use super::super::NlriError;
use super::super::label::Label;
use super::super::route_distinguisher::RouteDistinguisher;
use super::fields::{
    EthernetSegmentIdentifier, IPV4_BITS, IPV6_BITS, MAC_ADDRESS_BITS, MacAddress, address_bits,
    decode_address, encode_address, encode_address_with_length,
};
use crate::wire::reader::Reader;
use std::net::IpAddr;

/// Reads a 3-octet MPLS Label field (a label, or a 24-bit VNI, RFC 8365 §5.1.3).
fn decode_label(reader: &mut Reader<'_>) -> Result<Label, NlriError> {
    Ok(Label::from_raw(reader.u24()?))
}

/// An Ethernet Auto-Discovery route (route type 1, RFC 7432 §7.1).
///
/// ```text
/// +---------------------------------------+
/// |  Route Distinguisher (RD) (8 octets)  |
/// +---------------------------------------+
/// |Ethernet Segment Identifier (10 octets)|
/// +---------------------------------------+
/// |  Ethernet Tag ID (4 octets)           |
/// +---------------------------------------+
/// |  MPLS Label (3 octets)                |
/// +---------------------------------------+
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EthernetAutoDiscoveryRoute {
    pub route_distinguisher: RouteDistinguisher,
    pub ethernet_segment: EthernetSegmentIdentifier,
    pub ethernet_tag: u32,
    pub label: Label,
}

impl EthernetAutoDiscoveryRoute {
    pub(crate) fn decode(reader: &mut Reader<'_>) -> Result<Self, NlriError> {
        Ok(EthernetAutoDiscoveryRoute {
            route_distinguisher: RouteDistinguisher::decode(reader)?,
            ethernet_segment: EthernetSegmentIdentifier::decode(reader)?,
            ethernet_tag: reader.u32()?,
            label: decode_label(reader)?,
        })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        self.route_distinguisher.encode(out);
        self.ethernet_segment.encode(out);
        out.extend_from_slice(&self.ethernet_tag.to_be_bytes());
        self.label.encode(out);
    }
}

/// A MAC/IP Advertisement route (route type 2, RFC 7432 §7.2).
///
/// ```text
/// +---------------------------------------+
/// |  RD (8 octets)                        |
/// +---------------------------------------+
/// |Ethernet Segment Identifier (10 octets)|
/// +---------------------------------------+
/// |  Ethernet Tag ID (4 octets)           |
/// +---------------------------------------+
/// |  MAC Address Length (1 octet)         |  always 48 (bits)
/// +---------------------------------------+
/// |  MAC Address (6 octets)               |
/// +---------------------------------------+
/// |  IP Address Length (1 octet)          |  0, 32 or 128 (bits)
/// +---------------------------------------+
/// |  IP Address (0, 4, or 16 octets)      |
/// +---------------------------------------+
/// |  MPLS Label1 (3 octets)               |
/// +---------------------------------------+
/// |  MPLS Label2 (0 or 3 octets)          |
/// +---------------------------------------+
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MacIpAdvertisementRoute {
    pub route_distinguisher: RouteDistinguisher,
    pub ethernet_segment: EthernetSegmentIdentifier,
    pub ethernet_tag: u32,
    pub mac: MacAddress,
    /// `None` when the IP Address Length is 0.
    pub ip: Option<IpAddr>,
    pub label: Label,
    /// MPLS Label2, e.g. the IP-VRF label or L3 VNI of symmetric IRB (RFC 9135).
    pub second_label: Option<Label>,
}

impl MacIpAdvertisementRoute {
    pub(crate) fn decode(reader: &mut Reader<'_>) -> Result<Self, NlriError> {
        let route_distinguisher = RouteDistinguisher::decode(reader)?;
        let ethernet_segment = EthernetSegmentIdentifier::decode(reader)?;
        let ethernet_tag = reader.u32()?;
        let mac_bits = reader.u8()?;
        // RFC 7432 §7.2: "The MAC Address Length field is in bits, and it is set to 48."
        // Other values are "outside the scope of this document": nothing says how to read them.
        if mac_bits != MAC_ADDRESS_BITS {
            return Err(NlriError::new(format!(
                "MAC/IP Advertisement route MAC address length is {mac_bits} bits, \
                 it must be {MAC_ADDRESS_BITS}"
            )));
        }
        let mac = MacAddress(reader.array()?);
        let ip_bits = reader.u8()?;
        let ip = match ip_bits {
            0 => None,
            _ => Some(decode_address(reader, ip_bits, "MAC/IP Advertisement")?),
        };
        let label = decode_label(reader)?;
        let second_label = if reader.is_empty() {
            None
        } else {
            Some(decode_label(reader)?)
        };
        Ok(MacIpAdvertisementRoute {
            route_distinguisher,
            ethernet_segment,
            ethernet_tag,
            mac,
            ip,
            label,
            second_label,
        })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        self.route_distinguisher.encode(out);
        self.ethernet_segment.encode(out);
        out.extend_from_slice(&self.ethernet_tag.to_be_bytes());
        out.push(MAC_ADDRESS_BITS);
        out.extend_from_slice(&self.mac.0);
        match &self.ip {
            Some(ip) => encode_address_with_length(ip, out),
            None => out.push(0),
        }
        self.label.encode(out);
        if let Some(second_label) = &self.second_label {
            second_label.encode(out);
        }
    }

    /// Label1 then Label2 when present.
    pub fn labels(&self) -> Vec<Label> {
        std::iter::once(self.label)
            .chain(self.second_label)
            .collect()
    }
}

/// An Inclusive Multicast Ethernet Tag route (route type 3, RFC 7432 §7.3).
///
/// ```text
/// +---------------------------------------+
/// |  RD (8 octets)                        |
/// +---------------------------------------+
/// |  Ethernet Tag ID (4 octets)           |
/// +---------------------------------------+
/// |  IP Address Length (1 octet)          |  32 or 128 (bits)
/// +---------------------------------------+
/// |  Originating Router's IP Address      |
/// |          (4 or 16 octets)             |
/// +---------------------------------------+
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InclusiveMulticastEthernetTagRoute {
    pub route_distinguisher: RouteDistinguisher,
    pub ethernet_tag: u32,
    pub originating_router: IpAddr,
}

impl InclusiveMulticastEthernetTagRoute {
    pub(crate) fn decode(reader: &mut Reader<'_>) -> Result<Self, NlriError> {
        let route_distinguisher = RouteDistinguisher::decode(reader)?;
        let ethernet_tag = reader.u32()?;
        let bits = reader.u8()?;
        let originating_router = decode_address(reader, bits, "Inclusive Multicast Ethernet Tag")?;
        Ok(InclusiveMulticastEthernetTagRoute {
            route_distinguisher,
            ethernet_tag,
            originating_router,
        })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        self.route_distinguisher.encode(out);
        out.extend_from_slice(&self.ethernet_tag.to_be_bytes());
        encode_address_with_length(&self.originating_router, out);
    }
}

/// An Ethernet Segment route (route type 4, RFC 7432 §7.4).
///
/// ```text
/// +---------------------------------------+
/// |  RD (8 octets)                        |
/// +---------------------------------------+
/// |Ethernet Segment Identifier (10 octets)|
/// +---------------------------------------+
/// |  IP Address Length (1 octet)          |  32 or 128 (bits)
/// +---------------------------------------+
/// |  Originating Router's IP Address      |
/// |          (4 or 16 octets)             |
/// +---------------------------------------+
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EthernetSegmentRoute {
    pub route_distinguisher: RouteDistinguisher,
    pub ethernet_segment: EthernetSegmentIdentifier,
    pub originating_router: IpAddr,
}

impl EthernetSegmentRoute {
    pub(crate) fn decode(reader: &mut Reader<'_>) -> Result<Self, NlriError> {
        let route_distinguisher = RouteDistinguisher::decode(reader)?;
        let ethernet_segment = EthernetSegmentIdentifier::decode(reader)?;
        let bits = reader.u8()?;
        let originating_router = decode_address(reader, bits, "Ethernet Segment")?;
        Ok(EthernetSegmentRoute {
            route_distinguisher,
            ethernet_segment,
            originating_router,
        })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        self.route_distinguisher.encode(out);
        self.ethernet_segment.encode(out);
        encode_address_with_length(&self.originating_router, out);
    }
}

/// The Length of an IP Prefix route carrying IPv4 addresses (RFC 9136 §3.1).
pub const IP_PREFIX_IPV4_LENGTH: u8 = 34;
/// The Length of an IP Prefix route carrying IPv6 addresses (RFC 9136 §3.1).
pub const IP_PREFIX_IPV6_LENGTH: u8 = 58;

/// An IP Prefix route (route type 5, RFC 9136 §3.1).
///
/// ```text
/// +---------------------------------------+
/// |      RD   (8 octets)                  |
/// +---------------------------------------+
/// |Ethernet Segment Identifier (10 octets)|
/// +---------------------------------------+
/// |  Ethernet Tag ID (4 octets)           |
/// +---------------------------------------+
/// |  IP Prefix Length (1 octet, 0 to 32)  |  0 to 128 for IPv6
/// +---------------------------------------+
/// |  IP Prefix (4 octets)                 |  16 for IPv6
/// +---------------------------------------+
/// |  GW IP Address (4 octets)             |  16 for IPv6
/// +---------------------------------------+
/// |  MPLS Label (3 octets)                |
/// +---------------------------------------+
/// ```
///
/// Valid when `prefix` and `gateway` are of the same family and `prefix_length` fits the
/// prefix's address. The prefix keeps the address as received (bits past the length
/// included), as ExaBGP shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IpPrefixRoute {
    pub route_distinguisher: RouteDistinguisher,
    pub ethernet_segment: EthernetSegmentIdentifier,
    pub ethernet_tag: u32,
    pub prefix: IpAddr,
    pub prefix_length: u8,
    pub gateway: IpAddr,
    pub label: Label,
}

impl IpPrefixRoute {
    /// Decodes the Route Type specific field, whose `length` the caller read.
    pub(crate) fn decode(reader: &mut Reader<'_>, length: u8) -> Result<Self, NlriError> {
        // RFC 9136 §3.1: "The Length field of the BGP EVPN NLRI for an EVPN IP Prefix route
        // MUST be either 34 (if IPv4 addresses are carried) or 58 (if IPv6 addresses are
        // carried).  The IP prefix and gateway IP address MUST be from the same IP address
        // family."
        let address_bits = match length {
            IP_PREFIX_IPV4_LENGTH => IPV4_BITS,
            IP_PREFIX_IPV6_LENGTH => IPV6_BITS,
            _ => {
                return Err(NlriError::new(format!(
                    "IP Prefix route length is {length}, it must be \
                     {IP_PREFIX_IPV4_LENGTH} (IPv4) or {IP_PREFIX_IPV6_LENGTH} (IPv6)"
                )));
            }
        };
        let route_distinguisher = RouteDistinguisher::decode(reader)?;
        let ethernet_segment = EthernetSegmentIdentifier::decode(reader)?;
        let ethernet_tag = reader.u32()?;
        let prefix_length = reader.u8()?;
        if prefix_length > address_bits {
            return Err(NlriError::new(format!(
                "IP Prefix route prefix length {prefix_length} is longer than its \
                 {address_bits}-bit address"
            )));
        }
        let prefix = decode_address(reader, address_bits, "IP Prefix")?;
        let gateway = decode_address(reader, address_bits, "IP Prefix")?;
        let label = decode_label(reader)?;
        Ok(IpPrefixRoute {
            route_distinguisher,
            ethernet_segment,
            ethernet_tag,
            prefix,
            prefix_length,
            gateway,
            label,
        })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        self.route_distinguisher.encode(out);
        self.ethernet_segment.encode(out);
        out.extend_from_slice(&self.ethernet_tag.to_be_bytes());
        out.push(self.prefix_length.min(address_bits(&self.prefix)));
        encode_address(&self.prefix, out);
        encode_address(&self.gateway, out);
        self.label.encode(out);
    }
}
