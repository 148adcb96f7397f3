//! Every BGP message as one enum, and whole-message decoding and encoding (header included).
//!
//! This module dispatches on the message type; the bodies are the per-message modules'
//! business (UPDATE bodies are `update`'s). It keeps no state: the `Negotiated` context is
//! passed in.

use super::error::NotificationError;
use super::header::{
    HEADER_LENGTH, backfill_header, bad_message_length, decode_frame, reserve_header,
};
use super::iana::message_type;
use super::iana::notification::header as header_subcode;
use super::negotiated::Negotiated;
use super::notification::Notification;
use super::open::Open;
use super::route_refresh::RouteRefresh;
use super::update::{self, Update};

/// A decoded BGP message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Type 1.
    Open(Open),
    /// Type 2 (boxed: an UPDATE is much larger than the other messages).
    Update(Box<Update>),
    /// Type 3.
    Notification(Notification),
    /// Type 4: a header alone.
    Keepalive,
    /// Type 5 (RFC 2918, RFC 7313).
    RouteRefresh(RouteRefresh),
    /// A message kept as bytes: OPERATIONAL (type 6, draft-ietf-idr-operational-message,
    /// ExaBGP's "operational") when decoded; any type when built to be sent as is.
    Raw { kind: u8, body: Vec<u8> },
}

impl Message {
    /// The Type octet of the header.
    pub fn kind(&self) -> u8 {
        match self {
            Message::Open(_) => message_type::OPEN,
            Message::Update(_) => message_type::UPDATE,
            Message::Notification(_) => message_type::NOTIFICATION,
            Message::Keepalive => message_type::KEEPALIVE,
            Message::RouteRefresh(_) => message_type::ROUTE_REFRESH,
            Message::Raw { kind, .. } => *kind,
        }
    }

    /// Decodes the body of a message of type `kind` (as framed by `header::decode_frame`).
    pub fn decode(
        kind: u8,
        body: &[u8],
        negotiated: &Negotiated,
    ) -> Result<Message, NotificationError> {
        Ok(match kind {
            message_type::OPEN => Message::Open(Open::decode(body)?),
            message_type::UPDATE => Message::Update(Box::new(update::decode(body, negotiated)?)),
            message_type::NOTIFICATION => Message::Notification(Notification::decode(body)?),
            message_type::KEEPALIVE => {
                if !body.is_empty() {
                    // RFC 4271 §6.1: "if the Length field of a KEEPALIVE message is not equal
                    // to 19, ... the Error Subcode MUST be set to Bad Message Length."
                    return Err(bad_message_length(
                        body.len().saturating_add(HEADER_LENGTH),
                        "KEEPALIVE with a body",
                    ));
                }
                Message::Keepalive
            }
            message_type::ROUTE_REFRESH => Message::RouteRefresh(RouteRefresh::decode(body)?),
            message_type::OPERATIONAL => Message::Raw {
                kind,
                body: body.to_vec(),
            },
            other => {
                return Err(NotificationError::header(
                    header_subcode::BAD_MESSAGE_TYPE,
                    vec![other],
                    format!("unknown message type {other}"),
                ));
            }
        })
    }

    /// Appends the body of this message (without the header).
    pub fn encode_body(&self, negotiated: &Negotiated, out: &mut Vec<u8>) {
        match self {
            Message::Open(open) => open.encode_body(out),
            Message::Update(update) => update.encode_body(negotiated, out),
            Message::Notification(notification) => notification.encode_body(out),
            Message::Keepalive => {}
            Message::RouteRefresh(route_refresh) => route_refresh.encode_body(out),
            Message::Raw { body, .. } => out.extend_from_slice(body),
        }
    }

    /// Appends the whole message, header included.
    pub fn encode_into(&self, negotiated: &Negotiated, out: &mut Vec<u8>) {
        let at = reserve_header(self.kind(), out);
        self.encode_body(negotiated, out);
        backfill_header(out, at);
    }

    /// The whole message, header included.
    pub fn encode(&self, negotiated: &Negotiated) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode_into(negotiated, &mut out);
        out
    }

    /// ExaBGP's name for the message type, as in its JSON `"type"` field.
    pub fn type_name(&self) -> &'static str {
        type_name(self.kind())
    }
}

/// ExaBGP's name for a message type: "open", "update", "notification", "keepalive",
/// "refresh", "operational", or "unknown".
pub fn type_name(kind: u8) -> &'static str {
    match kind {
        message_type::OPEN => "open",
        message_type::UPDATE => "update",
        message_type::NOTIFICATION => "notification",
        message_type::KEEPALIVE => "keepalive",
        message_type::ROUTE_REFRESH => "refresh",
        message_type::OPERATIONAL => "operational",
        _ => "unknown",
    }
}

/// Decodes exactly one complete message, header included (as `exabgp decode` takes it).
///
/// Bytes missing from, or left over after, the length the header announces are a Bad Message
/// Length.
pub fn decode_message(bytes: &[u8], negotiated: &Negotiated) -> Result<Message, NotificationError> {
    match decode_frame(bytes, negotiated.max_message_size())? {
        Some(frame) if frame.length == bytes.len() => {
            Message::decode(frame.kind, frame.body, negotiated)
        }
        Some(frame) => Err(bad_message_length(
            frame.length,
            format!(
                "message length {} but {} octets given",
                frame.length,
                bytes.len()
            ),
        )),
        None => {
            let announced = match bytes.get(16..18) {
                Some(&[high, low]) => usize::from(u16::from_be_bytes([high, low])),
                _ => bytes.len(),
            };
            Err(bad_message_length(
                announced,
                format!("message truncated: {} octets given", bytes.len()),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::capability::Capability;
    use crate::wire::family::Family;
    use crate::wire::header::test_support::hex;
    use crate::wire::route_refresh::RouteRefreshSubtype;
    use proptest::prelude::*;
    use std::net::Ipv4Addr;

    const EXABGP_OPEN: &str = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003101\
                               04FDE900B40A000001140206010400010001020641040000FDE902020600";

    #[test]
    fn whole_messages_both_ways() {
        let negotiated = Negotiated::default();
        let table = [
            (
                EXABGP_OPEN,
                Message::Open(Open::new(
                    65001,
                    180,
                    Ipv4Addr::new(10, 0, 0, 1),
                    vec![
                        Capability::Multiprotocol(Family::IPV4_UNICAST),
                        Capability::FourOctetAs(65001),
                        Capability::ExtendedMessage,
                    ],
                )),
            ),
            ("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001304", Message::Keepalive),
            (
                "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170500010001",
                Message::RouteRefresh(RouteRefresh::request(Family::IPV4_UNICAST)),
            ),
            (
                "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001703\
                 0604 0141",
                Message::Notification(Notification::cease_with_message(4, "A")),
            ),
            (
                "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001606 000102",
                Message::Raw {
                    kind: 6,
                    body: vec![0, 1, 2],
                },
            ),
        ];
        for (bytes, value) in table {
            let bytes = hex(bytes);
            assert_eq!(
                decode_message(&bytes, &negotiated),
                Ok(value.clone()),
                "{value:?}"
            );
            assert_eq!(value.encode(&negotiated), bytes, "{value:?}");
        }
        assert_eq!(Message::Keepalive.type_name(), "keepalive");
        assert_eq!(type_name(5), "refresh");
    }

    #[test]
    fn update_bodies_go_to_the_update_codec() {
        let negotiated = Negotiated::default();
        let bytes = hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170200000000");
        assert!(matches!(
            decode_message(&bytes, &negotiated),
            Ok(Message::Update(_))
        ));
    }

    fn error(bytes: &str) -> (u8, u8, Vec<u8>) {
        let error = decode_message(&hex(bytes), &Negotiated::default()).unwrap_err();
        (error.code, error.subcode, error.data)
    }

    #[test]
    fn message_errors() {
        // KEEPALIVE with a body: caught by the header check (length != 19).
        assert_eq!(
            error("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001404 00"),
            (1, 2, vec![0, 20])
        );
        // ... and by Message::decode when given the body directly.
        let error_value = Message::decode(4, &[0], &Negotiated::default()).unwrap_err();
        assert_eq!(
            (error_value.code, error_value.subcode, error_value.data),
            (1, 2, vec![0, 20])
        );
        // Truncated and over-long input.
        assert_eq!(
            error("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001705 0001"),
            (1, 2, vec![0, 0x17])
        );
        assert_eq!(
            error("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001304 00"),
            (1, 2, vec![0, 0x13])
        );
        assert_eq!(error("FFFF"), (1, 2, vec![0, 2]));
        // Unknown type.
        assert_eq!(
            error("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001309"),
            (1, 3, vec![9])
        );
        let error_value = Message::decode(9, &[], &Negotiated::default()).unwrap_err();
        assert_eq!((error_value.code, error_value.subcode), (1, 3));
        // Bodies' own errors come through: BoRR with 5 octets -> 7/1 with the whole message.
        let borr = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001805 0001010100";
        assert_eq!(error(borr), (7, 1, hex(borr)));
        // OPEN version 3 -> 2/1 with data 4.
        assert_eq!(
            error("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001D01 03FDE900B40A00000100"),
            (2, 1, vec![0, 4])
        );
    }

    fn message_strategy() -> impl Strategy<Value = Message> {
        prop_oneof![
            Just(Message::Keepalive),
            (
                any::<u8>(),
                any::<u8>(),
                proptest::collection::vec(any::<u8>(), 0..32)
            )
                .prop_map(|(code, subcode, data)| Message::Notification(
                    Notification::new(code, subcode, data)
                )),
            (any::<u16>(), 0u8..3, any::<u8>()).prop_map(|(afi, subtype, safi)| {
                Message::RouteRefresh(RouteRefresh::new(
                    Family::from_codes(afi, safi),
                    RouteRefreshSubtype::from_code(subtype),
                ))
            }),
            proptest::collection::vec(any::<u8>(), 0..32)
                .prop_map(|body| Message::Raw { kind: 6, body }),
            (1u32.., 3u16.., 1u32..).prop_map(|(asn, hold_time, identifier)| {
                Message::Open(Open::new(
                    asn,
                    hold_time,
                    Ipv4Addr::from(identifier),
                    vec![Capability::FourOctetAs(asn), Capability::RouteRefresh],
                ))
            }),
        ]
    }

    proptest! {
        #[test]
        fn round_trip(message in message_strategy()) {
            let negotiated = Negotiated::default();
            let bytes = message.encode(&negotiated);
            prop_assert_eq!(decode_message(&bytes, &negotiated), Ok(message));
        }

        #[test]
        fn arbitrary_bytes_never_panic(kind in 0u8..8,
                                       body in proptest::collection::vec(any::<u8>(), 0..80)) {
            let negotiated = Negotiated::default();
            let _ = Message::decode(kind, &body, &negotiated);
            let mut bytes = crate::wire::header::encode_message(kind, &body);
            let _ = decode_message(&bytes, &negotiated);
            bytes.truncate(bytes.len() / 2);
            let _ = decode_message(&bytes, &negotiated);
        }
    }
}
