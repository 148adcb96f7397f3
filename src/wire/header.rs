//! Message framing (RFC 4271 §4.1): splitting a byte stream into messages, and writing headers.
//!
//! This module checks the 19-octet header only (marker, length, type) and answers with the
//! RFC 4271 §6.1 Message Header Error when it is wrong. It must not look inside a message body:
//! that is for `message` and the per-message modules. It does no I/O: the caller owns the
//! buffer and feeds it bytes as they arrive.

use super::error::NotificationError;
use super::iana::message_type;
use super::iana::notification::header as subcode;
use super::negotiated::STANDARD_MESSAGE_SIZE;

/// Length of the message header: marker (16), length (2), type (1).
pub const HEADER_LENGTH: usize = 19;

/// The marker: "This 16-octet field is included for compatibility; it MUST be set to all ones."
pub const MARKER: [u8; 16] = [0xFF; 16];

/// Smallest OPEN: header + version, My AS, Hold Time, BGP Identifier, Opt Parm Len.
pub const MINIMUM_OPEN_LENGTH: usize = 29;
/// Smallest UPDATE: header + Withdrawn Routes Length + Total Path Attribute Length.
pub const MINIMUM_UPDATE_LENGTH: usize = 23;
/// Smallest NOTIFICATION: header + Error code + Error subcode.
pub const MINIMUM_NOTIFICATION_LENGTH: usize = 21;
/// A KEEPALIVE is a header alone.
pub const KEEPALIVE_LENGTH: usize = HEADER_LENGTH;

/// One complete message found at the front of a buffer.
///
/// ```text
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// +                                                               +
/// |                                                               |
/// +                                                               +
/// |                           Marker                              |
/// +                                                               +
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Length               |      Type     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame<'a> {
    /// The Type octet (see `iana::message_type`).
    pub kind: u8,
    /// The 19 header octets as received (for ExaBGP's `"header"` field).
    pub header: &'a [u8],
    /// What follows the header, `length - 19` octets.
    pub body: &'a [u8],
    /// The Length field: header and body together; consume this many bytes from the buffer.
    pub length: usize,
}

/// The largest message of type `kind` when the session allows `max_message_size`.
///
/// RFC 8654 §4: "The BGP Extended Message Capability applies to all messages except for OPEN
/// and KEEPALIVE messages."
fn largest_allowed(kind: u8, max_message_size: usize) -> usize {
    if kind == message_type::OPEN || kind == message_type::KEEPALIVE {
        max_message_size.min(STANDARD_MESSAGE_SIZE)
    } else {
        max_message_size
    }
}

/// Whether `kind` is a message type this codec frames.
fn is_known_type(kind: u8) -> bool {
    matches!(
        kind,
        message_type::OPEN
            | message_type::UPDATE
            | message_type::NOTIFICATION
            | message_type::KEEPALIVE
            | message_type::ROUTE_REFRESH
            | message_type::OPERATIONAL
    )
}

/// Whether `length` fits the minimum (or exact) length of messages of type `kind`.
///
/// ROUTE-REFRESH is not judged here: RFC 7313 §5 answers a bad length with a ROUTE-REFRESH
/// Message Error or by ignoring the message depending on its subtype, which is in the body
/// (see `route_refresh`).
fn length_fits_type(kind: u8, length: usize) -> bool {
    match kind {
        message_type::OPEN => length >= MINIMUM_OPEN_LENGTH,
        message_type::UPDATE => length >= MINIMUM_UPDATE_LENGTH,
        message_type::NOTIFICATION => length >= MINIMUM_NOTIFICATION_LENGTH,
        message_type::KEEPALIVE => length == KEEPALIVE_LENGTH,
        _ => true,
    }
}

/// Looks for one complete message at the front of `buffer`.
///
/// Returns `Ok(None)` while more bytes are needed, `Ok(Some(frame))` when a whole message is
/// there (the buffer may hold more after it), or the Message Header Error to send. Header
/// errors are reported as soon as the 19 header octets are in, without waiting for the body.
/// `max_message_size` is `Negotiated::max_message_size()` (4096, or 65535 with RFC 8654).
pub fn decode_frame(
    buffer: &[u8],
    max_message_size: usize,
) -> Result<Option<Frame<'_>>, NotificationError> {
    // Check what is there of the marker already, so garbage is refused early.
    if buffer.iter().take(MARKER.len()).any(|&octet| octet != 0xFF) {
        // RFC 4271 §6.1: "If the Marker field of the message header is not as expected, then a
        // synchronization error has occurred and the Error Subcode MUST be set to Connection
        // Not Synchronized."
        return Err(NotificationError::header(
            subcode::CONNECTION_NOT_SYNCHRONIZED,
            Vec::new(),
            "message header marker is not all ones",
        ));
    }
    let Some(&[.., length_high, length_low, kind]) = buffer.get(..HEADER_LENGTH) else {
        return Ok(None);
    };
    let length_field = [length_high, length_low];
    let length = usize::from(u16::from_be_bytes(length_field));

    // RFC 4271 §6.1: "... then the Error Subcode MUST be set to Bad Message Length. The Data
    // field MUST contain the erroneous Length field."
    let bad_length = |detail: String| {
        NotificationError::header(subcode::BAD_MESSAGE_LENGTH, length_field.to_vec(), detail)
    };
    if length < HEADER_LENGTH {
        return Err(bad_length(format!(
            "message length {length} is shorter than the {HEADER_LENGTH}-octet header"
        )));
    }
    if !is_known_type(kind) {
        // RFC 4271 §6.1: "If the Type field of the message header is not recognized, then the
        // Error Subcode MUST be set to Bad Message Type. The Data field MUST contain the
        // erroneous Type field."
        return Err(NotificationError::header(
            subcode::BAD_MESSAGE_TYPE,
            vec![kind],
            format!("unknown message type {kind}"),
        ));
    }
    let largest = largest_allowed(kind, max_message_size);
    if length > largest {
        return Err(bad_length(format!(
            "message length {length} exceeds the maximum of {largest} for type {kind}"
        )));
    }
    if !length_fits_type(kind, length) {
        return Err(bad_length(format!(
            "message length {length} is invalid for message type {kind}"
        )));
    }
    let Some(message) = buffer.get(..length) else {
        return Ok(None);
    };
    let (header, body) = message.split_at(HEADER_LENGTH);
    Ok(Some(Frame {
        kind,
        header,
        body,
        length,
    }))
}

/// RFC 4271 §6.1 Bad Message Length for a message of `total_length` octets, with the Length
/// field as data; for length checks made after framing (a KEEPALIVE with a body, an OPEN body
/// decoded on its own).
pub fn bad_message_length(total_length: usize, detail: impl Into<String>) -> NotificationError {
    let field = u16::try_from(total_length).unwrap_or(u16::MAX);
    NotificationError::header(
        subcode::BAD_MESSAGE_LENGTH,
        field.to_be_bytes().to_vec(),
        detail,
    )
}

/// Appends a header for a message of type `kind` whose body is `body_length` octets.
///
/// A valid message is never longer than 65535 octets; a longer one (a bug in the caller) gets a
/// saturated Length field rather than a panic.
pub fn encode_header(kind: u8, body_length: usize, out: &mut Vec<u8>) {
    let total = body_length.saturating_add(HEADER_LENGTH);
    debug_assert!(total <= usize::from(u16::MAX), "BGP message too long");
    let length = u16::try_from(total).unwrap_or(u16::MAX);
    out.extend_from_slice(&MARKER);
    out.extend_from_slice(&length.to_be_bytes());
    out.push(kind);
}

/// Reserves a header at the end of `out`; returns its position for [`backfill_header`].
/// Lets encoders write the body in place and fill the Length field afterwards.
pub fn reserve_header(kind: u8, out: &mut Vec<u8>) -> usize {
    let at = out.len();
    encode_header(kind, 0, out);
    at
}

/// Writes into the header reserved at `at` the length of everything from `at` to the end.
pub fn backfill_header(out: &mut [u8], at: usize) {
    let total = out.len().saturating_sub(at);
    debug_assert!(total <= usize::from(u16::MAX), "BGP message too long");
    let length = u16::try_from(total).unwrap_or(u16::MAX);
    let field_start = at.saturating_add(MARKER.len());
    if let Some(field) = out.get_mut(field_start..field_start.saturating_add(2)) {
        field.copy_from_slice(&length.to_be_bytes());
    }
}

/// A whole message: header followed by `body`.
pub fn encode_message(kind: u8, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LENGTH.saturating_add(body.len()));
    encode_header(kind, body.len(), &mut out);
    out.extend_from_slice(body);
    out
}

/// Helpers shared by the tests of the message modules.
#[cfg(test)]
pub(crate) mod test_support {
    /// Bytes from hex text; spaces and line breaks are ignored.
    pub(crate) fn hex(text: &str) -> Vec<u8> {
        let digits: Vec<u8> = text
            .bytes()
            .filter(|byte| byte.is_ascii_hexdigit())
            .collect();
        digits
            .chunks(2)
            .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::header::test_support::hex;
    use crate::wire::negotiated::EXTENDED_MESSAGE_SIZE;
    use proptest::prelude::*;

    const KEEPALIVE: &str = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001304";
    /// ExaBGP 5.0's OPEN, captured in the lab.
    const OPEN: &str = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003101\
                        04FDE900B40A000001140206010400010001020641040000FDE902020600";

    #[test]
    fn frames_real_messages_both_ways() {
        let keepalive = hex(KEEPALIVE);
        let frame = decode_frame(&keepalive, STANDARD_MESSAGE_SIZE)
            .unwrap()
            .unwrap();
        assert_eq!(frame.kind, message_type::KEEPALIVE);
        assert_eq!(frame.length, 19);
        assert!(frame.body.is_empty());
        assert_eq!(encode_message(message_type::KEEPALIVE, &[]), keepalive);

        let open = hex(OPEN);
        let frame = decode_frame(&open, STANDARD_MESSAGE_SIZE).unwrap().unwrap();
        assert_eq!(frame.kind, message_type::OPEN);
        assert_eq!(frame.length, 0x31);
        assert_eq!(frame.header, &open[..19]);
        assert_eq!(frame.body, &open[19..]);
        assert_eq!(encode_message(message_type::OPEN, frame.body), open);
    }

    #[test]
    fn waits_for_partial_messages_and_splits_several() {
        let open = hex(OPEN);
        for cut in 0..open.len() {
            assert_eq!(decode_frame(&open[..cut], STANDARD_MESSAGE_SIZE), Ok(None));
        }
        let mut stream = hex(KEEPALIVE);
        stream.extend_from_slice(&open);
        let first = decode_frame(&stream, STANDARD_MESSAGE_SIZE)
            .unwrap()
            .unwrap();
        assert_eq!(first.kind, message_type::KEEPALIVE);
        let second = decode_frame(&stream[first.length..], STANDARD_MESSAGE_SIZE)
            .unwrap()
            .unwrap();
        assert_eq!(second.kind, message_type::OPEN);
        assert_eq!(first.length + second.length, stream.len());
    }

    #[test]
    fn reserved_header_is_backfilled() {
        let mut out = vec![0xAA];
        let at = reserve_header(message_type::UPDATE, &mut out);
        out.extend_from_slice(&[0, 0, 0, 0]);
        backfill_header(&mut out, at);
        let mut expected = vec![0xAA];
        expected.extend(hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00170200000000"));
        assert_eq!(out, expected);
    }

    fn error(bytes: &[u8], max: usize) -> (u8, u8, Vec<u8>) {
        let error = decode_frame(bytes, max).unwrap_err();
        (error.code, error.subcode, error.data)
    }

    #[test]
    fn header_errors_follow_rfc_4271_section_6_1() {
        // Bad marker, detected before the header is complete.
        assert_eq!(error(&hex("FFFF00"), STANDARD_MESSAGE_SIZE), (1, 1, vec![]));
        type Expected = (u8, u8, Vec<u8>);
        let cases: &[(&str, usize, Expected)] = &[
            // Length below 19.
            ("0012 04", STANDARD_MESSAGE_SIZE, (1, 2, vec![0x00, 0x12])),
            // Length above 4096 without extended messages.
            ("1001 02", STANDARD_MESSAGE_SIZE, (1, 2, vec![0x10, 0x01])),
            // OPEN above 4096 even with extended messages (RFC 8654 §4).
            ("1001 01", EXTENDED_MESSAGE_SIZE, (1, 2, vec![0x10, 0x01])),
            // OPEN shorter than 29.
            ("001C 01", STANDARD_MESSAGE_SIZE, (1, 2, vec![0x00, 0x1C])),
            // UPDATE shorter than 23.
            ("0016 02", STANDARD_MESSAGE_SIZE, (1, 2, vec![0x00, 0x16])),
            // NOTIFICATION shorter than 21.
            ("0014 03", STANDARD_MESSAGE_SIZE, (1, 2, vec![0x00, 0x14])),
            // KEEPALIVE not exactly 19.
            ("0014 04", STANDARD_MESSAGE_SIZE, (1, 2, vec![0x00, 0x14])),
            // Unknown type.
            ("0013 07", STANDARD_MESSAGE_SIZE, (1, 3, vec![0x07])),
            ("0017 FF", STANDARD_MESSAGE_SIZE, (1, 3, vec![0xFF])),
        ];
        for (tail, max, expected) in cases {
            let mut bytes = MARKER.to_vec();
            bytes.extend(hex(tail));
            assert_eq!(&error(&bytes, *max), expected, "{tail}");
        }
        let mut big_update = MARKER.to_vec();
        big_update.extend(hex("1001 02"));
        assert_eq!(decode_frame(&big_update, EXTENDED_MESSAGE_SIZE), Ok(None));
        // ROUTE-REFRESH lengths are judged by `route_refresh`, not here.
        let mut short_refresh = MARKER.to_vec();
        short_refresh.extend(hex("0013 05"));
        assert!(
            decode_frame(&short_refresh, STANDARD_MESSAGE_SIZE)
                .unwrap()
                .is_some()
        );
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64),
                                       marker in any::<bool>()) {
            let mut input = if marker { MARKER.to_vec() } else { Vec::new() };
            input.extend(bytes);
            let _ = decode_frame(&input, STANDARD_MESSAGE_SIZE);
            let _ = decode_frame(&input, EXTENDED_MESSAGE_SIZE);
        }

        #[test]
        fn encoded_messages_frame_back(kind in prop_oneof![Just(2u8), Just(5u8), Just(6u8)],
                                       body in proptest::collection::vec(any::<u8>(), 4..200)) {
            let message = encode_message(kind, &body);
            let frame = decode_frame(&message, STANDARD_MESSAGE_SIZE).unwrap().unwrap();
            prop_assert_eq!(frame.kind, kind);
            prop_assert_eq!(frame.body, &body[..]);
            prop_assert_eq!(frame.length, message.len());
        }
    }
}
