//! Byte tables of OPERATIONAL messages, checked against ExaBGP 5.0.15.

use super::*;
use crate::wire::header::test_support::hex;
use crate::wire::message::{Message, decode_message};
use crate::wire::negotiated::Negotiated;
use proptest::prelude::*;

/// Whole messages (header included) as ExaBGP 5.0.15 writes them: `Advisory.ADM(1, 1,
/// "hello \"wörld\"\n").message(…)` and so on, router-id and sequence given.
fn table() -> Vec<(&'static str, Operational)> {
    let router_id = Ipv4Addr::new(10, 0, 0, 1);
    vec![
        (
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 0029 06 0001 0012 0001 01 68656C6C6F202277C3B6726C64220A",
            Operational {
                name: "ADM",
                family: Family::IPV4_UNICAST,
                content: OperationalContent::Advisory("hello \"wörld\"\n".as_bytes().to_vec()),
            },
        ),
        (
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 001C 06 0002 0005 0002 01 7570",
            Operational {
                name: "ASM",
                family: Family::IPV6_UNICAST,
                content: OperationalContent::Advisory(b"up".to_vec()),
            },
        ),
        (
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 0022 06 0003 000B 0001 01 0A000001 00000007",
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
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 0022 06 0005 000B 0001 85 01020304 00000007",
            Operational {
                name: "APCQ",
                family: Family::new(Afi::Ipv4, Safi::from_code(133)),
                content: OperationalContent::Query {
                    router_id: Ipv4Addr::new(1, 2, 3, 4),
                    sequence: 7,
                },
            },
        ),
        (
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 0022 06 0007 000B 0002 01 0A000001 FFFFFFFF",
            Operational {
                name: "LPCQ",
                family: Family::IPV6_UNICAST,
                content: OperationalContent::Query {
                    router_id,
                    sequence: u32::MAX,
                },
            },
        ),
        (
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 0026 06 0004 000F 0002 01 0A000001 00000001 000000C8",
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
        (
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 0026 06 0006 000F 0001 01 09090909 00000002 00000003",
            Operational {
                name: "APCP",
                family: Family::IPV4_UNICAST,
                content: OperationalContent::Counter {
                    router_id: Ipv4Addr::new(9, 9, 9, 9),
                    sequence: 2,
                    counter: 3,
                },
            },
        ),
        (
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 0026 06 0008 000F 0001 01 0A000001 FFFFFFFF FFFFFFFF",
            Operational {
                name: "LPCP",
                family: Family::IPV4_UNICAST,
                content: OperationalContent::Counter {
                    router_id,
                    sequence: u32::MAX,
                    counter: u32::MAX,
                },
            },
        ),
    ]
}

#[test]
fn encodes_and_decodes_as_exabgp() {
    let negotiated = Negotiated::default();
    for (bytes, value) in table() {
        let expected = hex(bytes);
        let body = value.encode_body().expect("encodable");
        let message = Message::Raw {
            kind: crate::wire::iana::message_type::OPERATIONAL,
            body: body.clone(),
        };
        assert_eq!(message.encode(&negotiated), expected, "{}", value.name);
        assert_eq!(Operational::decode(&body), Some(value.clone()));
        match decode_message(&expected, &negotiated) {
            Ok(Message::Raw { kind: 6, body }) => {
                assert_eq!(Operational::decode(&body), Some(value))
            }
            other => panic!("{}: {other:?}", value.name),
        }
    }
}

#[test]
fn refuses_what_it_cannot_encode() {
    let advisory = |name, length| Operational {
        name,
        family: Family::IPV4_UNICAST,
        content: OperationalContent::Advisory(vec![b'a'; length]),
    };
    assert!(advisory("ASM", MAX_ADVISORY_LENGTH).encode_body().is_some());
    assert_eq!(advisory("ASM", MAX_ADVISORY_LENGTH + 1).encode_body(), None);
    assert_eq!(advisory("RPCQ", 1).encode_body(), None);
    assert_eq!(advisory("SSQ", 1).encode_body(), None);
    assert_eq!(kind_code("lpcp"), Some(8));
}

#[test]
fn decode_refuses_what_exabgp_refuses() {
    assert_eq!(Operational::decode(&[]), None);
    assert_eq!(
        Operational::decode(&hex("0003 000B 0001 01 0A000001")),
        None
    );
    assert_eq!(
        Operational::decode(&hex("0004 000F 0001 01 0A000001 00000001")),
        None
    );
    assert_eq!(Operational::decode(&hex("0009 0003 0001 01")), None);
    // An advisory shorter than its length field takes what is there.
    let short = Operational::decode(&hex("0002 00FF 0001 01 41")).unwrap();
    assert_eq!(short.name, "ASM");
    assert_eq!(short.content, OperationalContent::Advisory(b"A".to_vec()));
}

proptest! {
    #[test]
    fn arbitrary_bodies_never_panic(body in proptest::collection::vec(any::<u8>(), 0..64)) {
        if let Some(value) = Operational::decode(&body) {
            // What decodes encodes again, and decodes to the same value.
            if let Some(again) = value.encode_body() {
                prop_assert_eq!(Operational::decode(&again), Some(value));
            }
        }
    }
}
