//! The JSON event of an OPERATIONAL message (ExaBGP's message type 6). The message itself is
//! decoded by `wire::operational` (the wire codec keeps these messages raw, `Message::Raw`).

use super::message_line;
use crate::api::json::envelope::{Direction, Envelope, NeighborView};
use crate::api::json::text::quote;
pub use crate::wire::operational::{Operational, OperationalContent};

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
    use crate::wire::family::Family;
    use crate::wire::header::test_support::hex as bytes;
    use proptest::prelude::*;
    use std::net::Ipv4Addr;

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
