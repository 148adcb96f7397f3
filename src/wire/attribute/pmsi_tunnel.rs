//! The PMSI Tunnel attribute (type 22, RFC 6514 §5), which EVPN Inclusive Multicast
//! Ethernet Tag routes carry (RFC 7432 §11.2), and ExaBGP's text for it.
//!
//! Must not know about NLRI or sessions.

use crate::wire::nlri::Label;
use std::fmt::Write;
use std::net::Ipv4Addr;

/// Tunnel Type 6, Ingress Replication (RFC 6514 §5): the Tunnel Identifier is the unicast
/// address of the sender.
const INGRESS_REPLICATION: u8 = 6;
/// Tunnel Type 0: no tunnel information.
const NO_TUNNEL: u8 = 0;
/// Octets before the Tunnel Identifier.
const HEADER_LENGTH: usize = 5;

/// The value of a PMSI Tunnel attribute.
///
/// ```text
/// +---------------------------------+
/// |  Flags (1 octet)                |
/// +---------------------------------+
/// |  Tunnel Type (1 octet)          |
/// +---------------------------------+
/// |  MPLS Label (3 octets)          |
/// +---------------------------------+
/// |  Tunnel Identifier (variable)   |
/// +---------------------------------+
/// ```
///
/// ExaBGP shows it as "pmsi:ingressreplication:0:187(3001):10.28.0.2" (see
/// [`PmsiTunnel::exabgp_string`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PmsiTunnel {
    pub flags: u8,
    pub tunnel_type: u8,
    /// The MPLS Label field: a label, or a VNI for VXLAN (RFC 8365 §5.1.3).
    pub label: Label,
    pub tunnel_identifier: Vec<u8>,
}

impl PmsiTunnel {
    /// Reads the attribute value; shorter than the 5-octet header is malformed.
    pub fn decode(value: &[u8]) -> Result<PmsiTunnel, String> {
        match value {
            [flags, tunnel_type, a, b, c, tunnel_identifier @ ..] => Ok(PmsiTunnel {
                flags: *flags,
                tunnel_type: *tunnel_type,
                label: Label::from_raw(u32::from_be_bytes([0, *a, *b, *c])),
                tunnel_identifier: tunnel_identifier.to_vec(),
            }),
            _ => Err(format!(
                "PMSI_TUNNEL length is {}, at least {HEADER_LENGTH} expected",
                value.len()
            )),
        }
    }

    /// Appends the attribute value.
    pub fn encode_value(&self, out: &mut Vec<u8>) {
        out.push(self.flags);
        out.push(self.tunnel_type);
        self.label.encode(out);
        out.extend_from_slice(&self.tunnel_identifier);
    }

    /// ExaBGP's form (attribute/pmsi.py `__repr__`), "pmsi:<type>:<flags>:<label>:<tunnel>":
    /// the type name without spaces in lower case ("unknown" past type 7); the label, with the
    /// whole 3-octet field in parentheses for an Ingress Replication tunnel whose field is not
    /// zero; the tunnel as an IPv4 address for Ingress Replication with 4 octets, nothing for
    /// "No tunnel" without octets, "0x" and upper-case hexadecimal otherwise.
    pub fn exabgp_string(&self) -> String {
        let name = match self.tunnel_type {
            NO_TUNNEL => "notunnel",
            1 => "rsvp-tep2mplsp",
            2 => "mldpp2mplsp",
            3 => "pim-ssmtree",
            4 => "pim-smtree",
            5 => "bidir-pimtree",
            INGRESS_REPLICATION => "ingressreplication",
            7 => "mldpmp2mplsp",
            _ => "unknown",
        };
        let ingress_address = match (self.tunnel_type, self.tunnel_identifier.as_slice()) {
            (INGRESS_REPLICATION, [a, b, c, d]) => Some(Ipv4Addr::new(*a, *b, *c, *d)),
            _ => None,
        };
        let label = match (ingress_address, self.label.raw()) {
            (Some(_), raw) if raw != 0 => format!("{}({raw})", self.label.value),
            _ => self.label.value.to_string(),
        };
        let tunnel = match ingress_address {
            Some(address) => address.to_string(),
            None if self.tunnel_identifier.is_empty() => String::new(),
            None => {
                let mut text = String::from("0x");
                for byte in &self.tunnel_identifier {
                    let _ = write!(text, "{byte:02X}");
                }
                text
            }
        };
        format!("pmsi:{name}:{}:{label}:{tunnel}", self.flags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn bytes(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|at| u8::from_str_radix(&text[at..at + 2], 16).expect("hex"))
            .collect()
    }

    /// (value, ExaBGP 5.0.15's repr of `PMSI.unpack(value)`); the first is GoBGP's, from
    /// tests/corpus/gobgp/ebgp-21-update-l2vpn-evpn.txt.
    const EXABGP: &[(&str, &str)] = &[
        (
            "0006000BB90A1C0002",
            "pmsi:ingressreplication:0:187(3001):10.28.0.2",
        ),
        (
            "00060000000A1C0002",
            "pmsi:ingressreplication:0:0:10.28.0.2",
        ),
        (
            "00060006410A1C0002",
            "pmsi:ingressreplication:0:100(1601):10.28.0.2",
        ),
        ("0100000641", "pmsi:notunnel:1:100:"),
        ("0000000000", "pmsi:notunnel:0:0:"),
        ("00000006410102", "pmsi:notunnel:0:100:0x0102"),
        ("01020006410102", "pmsi:mldpp2mplsp:1:100:0x0102"),
        ("0109000641AB", "pmsi:unknown:1:100:0xAB"),
        ("0106000BB90A1C00", "pmsi:ingressreplication:1:187:0x0A1C00"),
        ("0007000000", "pmsi:mldpmp2mplsp:0:0:"),
        (
            "FF06000BB90A1C0002",
            "pmsi:ingressreplication:255:187(3001):10.28.0.2",
        ),
    ];

    #[test]
    fn values_both_ways_and_as_exabgp_shows_them() {
        for (hex, exabgp) in EXABGP {
            let value = bytes(hex);
            let decoded = PmsiTunnel::decode(&value).expect("decodes");
            assert_eq!(decoded.exabgp_string(), *exabgp);
            let mut out = Vec::new();
            decoded.encode_value(&mut out);
            assert_eq!(out, value);
        }
        assert_eq!(
            PmsiTunnel::decode(&bytes("0006000BB9")),
            Ok(PmsiTunnel {
                flags: 0,
                tunnel_type: 6,
                label: Label::from_raw(3001),
                tunnel_identifier: vec![],
            })
        );
        assert_eq!(
            PmsiTunnel::decode(&bytes("00060000")),
            Err("PMSI_TUNNEL length is 4, at least 5 expected".to_string())
        );
    }

    proptest! {
        #[test]
        fn round_trip(flags: u8, tunnel_type: u8, raw in 0u32..=0xFF_FFFF, tunnel_identifier in proptest::collection::vec(any::<u8>(), 0..20)) {
            let value = PmsiTunnel { flags, tunnel_type, label: Label::from_raw(raw), tunnel_identifier };
            let mut out = Vec::new();
            value.encode_value(&mut out);
            prop_assert_eq!(PmsiTunnel::decode(&out), Ok(value));
        }

        #[test]
        fn arbitrary_bytes_never_panic(value in proptest::collection::vec(any::<u8>(), 0..20)) {
            if let Ok(pmsi) = PmsiTunnel::decode(&value) {
                let _ = pmsi.exabgp_string();
            }
        }
    }
}
