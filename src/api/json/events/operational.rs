//! The OPERATIONAL message (ExaBGP's message type 6) as far as ExaBGP decodes it, and its JSON
//! event. The wire codec keeps these messages raw (`Message::Raw`); this is the read-only view
//! the JSON and text encoders need. It must not be used to accept or answer messages.

use super::message_line;
use crate::api::json::envelope::{Direction, Envelope, NeighborView};
use crate::api::json::text::quote;
use crate::wire::family::{Afi, Family, Safi};
use crate::wire::reader::Reader;
use std::net::Ipv4Addr;

/// An OPERATIONAL message (ExaBGP's message type 6, draft-ietf-idr-operational-message), as
/// far as ExaBGP decodes it: advisories, prefix count queries and their replies. The wire
/// codec keeps these messages raw (`Message::Raw`); this is the view the encoders need.
///
/// ```text
/// +-------------------------------+-------------------------------+
/// |          Type (2)             |          Length (2)           |
/// +-------------------------------+---------------+---------------+
/// |           AFI (2)             |   SAFI (1)    |  Value ...
/// +-------------------------------+---------------+----------------
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Operational {
    /// ExaBGP's name: ADM, ASM, RPCQ, RPCP, APCQ, APCP, LPCQ, LPCP.
    pub name: &'static str,
    pub family: Family,
    pub content: OperationalContent,
}

/// What follows the family in an OPERATIONAL message.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OperationalContent {
    /// ADM/ASM: free text (UTF-8 expected).
    Advisory(Vec<u8>),
    /// RPCQ/APCQ/LPCQ.
    Query { router_id: Ipv4Addr, sequence: u32 },
    /// RPCP/APCP/LPCP.
    Counter {
        router_id: Ipv4Addr,
        sequence: u32,
        counter: u32,
    },
}

impl Operational {
    /// Reads an OPERATIONAL body; `None` for the types ExaBGP does not decode (it then
    /// reports nothing either) and for bodies too short for their type.
    pub fn decode(body: &[u8]) -> Option<Operational> {
        let mut reader = Reader::new(body);
        let kind = reader.u16().ok()?;
        let length = usize::from(reader.u16().ok()?);
        let afi = Afi::from_code(reader.u16().ok()?);
        let safi = Safi::from_code(reader.u8().ok()?);
        let family = Family::new(afi, safi);
        let (name, content) = match kind {
            1 | 2 => {
                let end = length.saturating_add(4).min(body.len());
                let text = body.get(7..end).unwrap_or_default().to_vec();
                let name = if kind == 1 { "ADM" } else { "ASM" };
                (name, OperationalContent::Advisory(text))
            }
            3 | 5 | 7 => {
                let router_id = reader.ipv4().ok()?;
                let sequence = reader.u32().ok()?;
                let name = match kind {
                    3 => "RPCQ",
                    5 => "APCQ",
                    _ => "LPCQ",
                };
                (
                    name,
                    OperationalContent::Query {
                        router_id,
                        sequence,
                    },
                )
            }
            4 | 6 | 8 => {
                let router_id = reader.ipv4().ok()?;
                let sequence = reader.u32().ok()?;
                let counter = reader.u32().ok()?;
                let name = match kind {
                    4 => "RPCP",
                    6 => "APCP",
                    _ => "LPCP",
                };
                let content = OperationalContent::Counter {
                    router_id,
                    sequence,
                    counter,
                };
                (name, content)
            }
            _ => return None,
        };
        Some(Operational {
            name,
            family,
            content,
        })
    }
}

/// `"type": "operational"`. Queries show only name and family, as ExaBGP does. 4.2.25 doubled
/// the quotes (invalid JSON); we write valid JSON in both formats.
pub fn operational(
    envelope: &Envelope,
    view: &NeighborView,
    direction: Direction,
    operational: &Operational,
    raw: Option<(&[u8], &[u8])>,
) -> String {
    let mut inner = format!(
        "\"name\": \"{}\", \"afi\": {}, \"safi\": {}",
        operational.name,
        quote(&operational.family.afi.name()),
        quote(&operational.family.safi.name())
    );
    match &operational.content {
        OperationalContent::Advisory(text) => {
            inner.push_str(", \"advisory\": ");
            inner.push_str(&quote(&String::from_utf8_lossy(text)));
        }
        OperationalContent::Query { .. } => {}
        OperationalContent::Counter {
            router_id,
            sequence,
            counter,
        } => inner.push_str(&format!(
            ", \"router-id\": \"{router_id}\", \"sequence\": {sequence}, \"counter\": {counter}"
        )),
    }
    let content = format!("\"operational\": {{ {inner} }}");
    message_line(envelope, view, direction, "operational", raw, &content)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::json::envelope::JsonVersion;
    use crate::api::json::events::test_support::{lab_envelope, lab_view, parsed, strip};
    use crate::wire::header::test_support::hex as bytes;
    use proptest::prelude::*;

    // Ground truth: ExaBGP 5.0.15's own `JSON.operational` on these messages as decoded by its
    // `Operational.unpack_message` (time/host/pid/counter stripped).
    const V5_OPERATIONAL_ADM: &str = r#"{ "exabgp": "5.0.0", "type": "operational", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65002, "peer": 65001 }, "router-id": "10.0.0.2" , "direction": "receive", "operational": { "name": "ADM", "afi": "ipv4", "safi": "unicast", "advisory": "hello \"w\u00f6rld\"\n" } } }"#;
    const V5_OPERATIONAL_RPCQ: &str = r#"{ "exabgp": "5.0.0", "type": "operational", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65002, "peer": 65001 }, "router-id": "10.0.0.2" , "direction": "receive", "operational": { "name": "RPCQ", "afi": "ipv4", "safi": "unicast" } } }"#;
    const V5_OPERATIONAL_RPCP: &str = r#"{ "exabgp": "5.0.0", "type": "operational", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65002, "peer": 65001 }, "router-id": "10.0.0.2" , "direction": "receive", "operational": { "name": "RPCP", "afi": "ipv6", "safi": "unicast", "router-id": "10.0.0.1", "sequence": 1, "counter": 200 } } }"#;

    fn operational_body(kind: u16, afi: u16, safi: u8, rest: &[u8]) -> Vec<u8> {
        let mut body = kind.to_be_bytes().to_vec();
        let length = u16::try_from(rest.len() + 3).unwrap();
        body.extend_from_slice(&length.to_be_bytes());
        body.extend_from_slice(&afi.to_be_bytes());
        body.push(safi);
        body.extend_from_slice(rest);
        body
    }

    fn operational_table() -> Vec<(Vec<u8>, Operational)> {
        let router_id = Ipv4Addr::new(10, 0, 0, 1);
        vec![
            (
                operational_body(1, 1, 1, "hello \"wörld\"\n".as_bytes()),
                Operational {
                    name: "ADM",
                    family: Family::IPV4_UNICAST,
                    content: OperationalContent::Advisory("hello \"wörld\"\n".as_bytes().to_vec()),
                },
            ),
            (
                operational_body(3, 1, 1, &bytes("0A000001 00000007")),
                Operational {
                    name: "RPCQ",
                    family: Family::IPV4_UNICAST,
                    content: OperationalContent::Query {
                        router_id,
                        sequence: 7,
                    },
                },
            ),
            (
                operational_body(4, 2, 1, &bytes("0A000001 00000001 000000C8")),
                Operational {
                    name: "RPCP",
                    family: Family::IPV6_UNICAST,
                    content: OperationalContent::Counter {
                        router_id,
                        sequence: 1,
                        counter: 200,
                    },
                },
            ),
        ]
    }

    #[test]
    fn operational_against_exabgp_5() {
        let expected = [V5_OPERATIONAL_ADM, V5_OPERATIONAL_RPCQ, V5_OPERATIONAL_RPCP];
        for ((body, value), expected) in operational_table().into_iter().zip(expected) {
            assert_eq!(Operational::decode(&body), Some(value.clone()));
            let line = operational(
                &lab_envelope(JsonVersion::V5),
                &lab_view(),
                Direction::Receive,
                &value,
                None,
            );
            assert_eq!(strip(&line), expected);
        }
    }

    #[test]
    fn operational_decode_refuses_what_exabgp_refuses() {
        assert_eq!(Operational::decode(&[]), None);
        assert_eq!(
            Operational::decode(&bytes("0003 000B 0001 01 0A000001")),
            None
        );
        assert_eq!(
            Operational::decode(&bytes("0004 000F 0001 01 0A000001 00000001")),
            None
        );
        assert_eq!(Operational::decode(&bytes("0009 0003 0001 01")), None);
        // An advisory shorter than its length field takes what is there.
        let short = Operational::decode(&bytes("0002 00FF 0001 01 41")).unwrap();
        assert_eq!(short.name, "ASM");
        assert_eq!(short.content, OperationalContent::Advisory(b"A".to_vec()));
    }

    proptest! {
        #[test]
        fn arbitrary_operational_bodies_never_panic(body in proptest::collection::vec(any::<u8>(), 0..40)) {
            if let Some(value) = Operational::decode(&body) {
                let line = operational(&lab_envelope(JsonVersion::V4), &lab_view(), Direction::Receive, &value, None);
                parsed(&line);
            }
        }
    }
}
