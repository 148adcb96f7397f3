//! The NOTIFICATION message (RFC 4271 §4.5), ExaBGP's names for its codes, and the RFC 9003
//! Shutdown Communication carried by Cease / Administrative Shutdown and Administrative Reset.
//!
//! This module does not decide when a NOTIFICATION is sent or what closing the session
//! involves. RFC 4271 §6.4 / §6.5: an error found in a *received* NOTIFICATION is never answered
//! with another NOTIFICATION; the session must close silently when `Notification::decode`
//! fails.

use super::capability::truncate_utf8;
use super::error::NotificationError;
use super::header::{HEADER_LENGTH, bad_message_length};
use super::iana::notification::{CEASE, cease};

/// The NOTIFICATION message body.
///
/// ```text
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Error code    | Error subcode |   Data (variable)             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Notification {
    pub code: u8,
    pub subcode: u8,
    pub data: Vec<u8>,
}

/// RFC 9003 §2: the Shutdown Communication is at most 255 octets (its length is one octet).
pub const MAX_SHUTDOWN_COMMUNICATION_LENGTH: usize = 255;

impl Notification {
    pub fn new(code: u8, subcode: u8, data: Vec<u8>) -> Notification {
        Notification {
            code,
            subcode,
            data,
        }
    }

    /// A Cease with this subcode and no data (see `iana::notification::cease`).
    pub fn cease(subcode: u8) -> Notification {
        Notification::new(CEASE, subcode, Vec::new())
    }

    /// A Cease carrying an RFC 9003 Shutdown Communication: a length octet and UTF-8 text.
    /// RFC 9003 defines it for subcodes 2 (Administrative Shutdown) and 4 (Administrative
    /// Reset). The text is cut on a character boundary to 255 octets.
    ///
    /// ```text
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// | Error code 6  |    Subcode    |    Length     |     ...       \
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+               /
    /// \                                                               \
    /// /                 ... Shutdown Communication ...                /
    /// \                                                               \
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// ```
    pub fn cease_with_message(subcode: u8, message: &str) -> Notification {
        let text = truncate_utf8(message, MAX_SHUTDOWN_COMMUNICATION_LENGTH);
        let mut data = Vec::with_capacity(text.len().saturating_add(1));
        data.push(u8::try_from(text.len()).unwrap_or(u8::MAX));
        data.extend_from_slice(text.as_bytes());
        Notification::new(CEASE, subcode, data)
    }

    /// The RFC 9003 Shutdown Communication of a Cease 2 or 4 whose data is well formed: the
    /// length octet fits the data and the text is valid UTF-8 (octets after it are ignored).
    /// `None` for other notifications, for empty data, and for malformed communications.
    pub fn shutdown_communication(&self) -> Option<String> {
        if self.code != CEASE
            || !(self.subcode == cease::ADMINISTRATIVE_SHUTDOWN
                || self.subcode == cease::ADMINISTRATIVE_RESET)
        {
            return None;
        }
        let (&length, rest) = self.data.split_first()?;
        let text = rest.get(..usize::from(length))?;
        std::str::from_utf8(text).ok().map(str::to_owned)
    }

    /// The data as text, invalid UTF-8 replaced by U+FFFD: ExaBGP 5's JSON `"message"` field
    /// (`data.decode('utf-8', 'replace')`), length octet of a Shutdown Communication included.
    pub fn data_text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }

    /// ExaBGP's name of the error code ("Cease"), if it has one.
    pub fn code_name(&self) -> Option<&'static str> {
        code_name(self.code)
    }

    /// ExaBGP's name of the subcode ("Administrative Reset"), if it has one.
    pub fn subcode_name(&self) -> Option<&'static str> {
        subcode_name(self.code, self.subcode)
    }

    /// Decodes a NOTIFICATION body (what follows the header).
    pub fn decode(body: &[u8]) -> Result<Notification, NotificationError> {
        match body {
            [code, subcode, data @ ..] => Ok(Notification::new(*code, *subcode, data.to_vec())),
            _ => Err(bad_message_length(
                body.len().saturating_add(HEADER_LENGTH),
                "NOTIFICATION shorter than 21 octets",
            )),
        }
    }

    /// Appends the NOTIFICATION body (without the header).
    pub fn encode_body(&self, out: &mut Vec<u8>) {
        out.push(self.code);
        out.push(self.subcode);
        out.extend_from_slice(&self.data);
    }
}

impl From<NotificationError> for Notification {
    fn from(error: NotificationError) -> Notification {
        Notification::new(error.code, error.subcode, error.data)
    }
}

impl From<&NotificationError> for Notification {
    fn from(error: &NotificationError) -> Notification {
        Notification::new(error.code, error.subcode, error.data.clone())
    }
}

/// ExaBGP's name of an error code (its `_str_code` table). ExaBGP has no name for code 7 and
/// prints "unknown error" for unnamed codes.
pub fn code_name(code: u8) -> Option<&'static str> {
    Some(match code {
        1 => "Message header error",
        2 => "OPEN message error",
        3 => "UPDATE message error",
        4 => "Hold timer expired",
        5 => "State machine error",
        6 => "Cease",
        _ => return None,
    })
}

/// ExaBGP's name of a (code, subcode) pair (its `_str_subcode` table). ExaBGP prints
/// "unknow reason" (sic) for unnamed pairs.
pub fn subcode_name(code: u8, subcode: u8) -> Option<&'static str> {
    Some(match (code, subcode) {
        (1..=6, 0) => "Unspecific",
        (1, 1) => "Connection Not Synchronized",
        (1, 2) => "Bad Message Length",
        (1, 3) => "Bad Message Type",
        (2, 1) => "Unsupported Version Number",
        (2, 2) => "Bad Peer AS",
        (2, 3) => "Bad BGP Identifier",
        (2, 4) => "Unsupported Optional Parameter",
        (2, 5) => "Authentication Notification (Deprecated)",
        (2, 6) => "Unacceptable Hold Time",
        (2, 7) => "Unsupported Capability",
        (2, 8) => "Grouping Conflict",
        (2, 9) => "Grouping Required",
        (2, 10) => "Capability Value Mismatch",
        (3, 1) => "Malformed Attribute List",
        (3, 2) => "Unrecognized Well-known Attribute",
        (3, 3) => "Missing Well-known Attribute",
        (3, 4) => "Attribute Flags Error",
        (3, 5) => "Attribute Length Error",
        (3, 6) => "Invalid ORIGIN Attribute",
        (3, 7) => "AS Routing Loop",
        (3, 8) => "Invalid NEXT_HOP Attribute",
        (3, 9) => "Optional Attribute Error",
        (3, 10) => "Invalid Network Field",
        (3, 11) => "Malformed AS_PATH",
        (5, 1) => "Receive Unexpected Message in OpenSent State",
        (5, 2) => "Receive Unexpected Message in OpenConfirm State",
        (5, 3) => "Receive Unexpected Message in Established State",
        (6, 1) => "Maximum Number of Prefixes Reached",
        (6, 2) => "Administrative Shutdown",
        (6, 3) => "Peer De-configured",
        (6, 4) => "Administrative Reset",
        (6, 5) => "Connection Rejected",
        (6, 6) => "Other Configuration Change",
        (6, 7) => "Connection Collision Resolution",
        (6, 8) => "Out of Resources",
        (7, 1) => "Invalid Message Length",
        (7, 2) => "Malformed Message Subtype",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::header::test_support::hex;
    use crate::wire::iana::notification::{OPEN_MESSAGE_ERROR, open};
    use proptest::prelude::*;

    /// Bodies captured from ExaBGP 5.0.13 in the lab (reference §3.2).
    #[test]
    fn real_notifications_both_ways() {
        let table = [
            (
                "06064F7468657220436F6E66696775726174696F6E204368616E6765",
                Notification::new(6, 6, b"Other Configuration Change".to_vec()),
            ),
            (
                "06041441646D696E697374726174697665205265736574",
                Notification::cease_with_message(4, "Administrative Reset"),
            ),
            ("0400", Notification::new(4, 0, Vec::new())),
            ("0201", Notification::new(2, 1, Vec::new())),
        ];
        for (body, value) in table {
            let bytes = hex(body);
            assert_eq!(Notification::decode(&bytes), Ok(value.clone()), "{body}");
            let mut out = Vec::new();
            value.encode_body(&mut out);
            assert_eq!(out, bytes, "{body}");
        }
    }

    #[test]
    fn names_and_texts_match_exabgp() {
        let reset = Notification::cease_with_message(4, "Administrative Reset");
        assert_eq!(reset.code_name(), Some("Cease"));
        assert_eq!(reset.subcode_name(), Some("Administrative Reset"));
        assert_eq!(reset.data_text(), "\u{14}Administrative Reset");
        assert_eq!(
            reset.shutdown_communication().as_deref(),
            Some("Administrative Reset")
        );
        let change = Notification::new(6, 6, b"Other Configuration Change".to_vec());
        assert_eq!(change.subcode_name(), Some("Other Configuration Change"));
        assert_eq!(change.shutdown_communication(), None);
        assert_eq!(code_name(7), None);
        assert_eq!(subcode_name(7, 1), Some("Invalid Message Length"));
        assert_eq!(subcode_name(6, 99), None);
    }

    #[test]
    fn shutdown_communication_parsing() {
        let cases: &[(&[u8], Option<&str>)] = &[
            (b"", None),
            (b"\x00", Some("")),
            (b"\x02hi", Some("hi")),
            (b"\x02hi trailing", Some("hi")),
            (b"\x05hi", None),
            (b"\x02\xFF\xFE", None),
        ];
        for (data, expected) in cases {
            let notification = Notification::new(6, 2, data.to_vec());
            assert_eq!(
                notification.shutdown_communication().as_deref(),
                *expected,
                "{data:?}"
            );
        }
        // Cut to 255 octets on a character boundary: 'é' is two octets.
        let long = "é".repeat(200);
        let notification = Notification::cease_with_message(2, &long);
        assert_eq!(notification.data[0], 254);
        assert_eq!(notification.data.len(), 255);
        assert_eq!(notification.shutdown_communication(), Some("é".repeat(127)));
    }

    #[test]
    fn short_body_is_bad_message_length_and_errors_convert() {
        let error = Notification::decode(&[6]).unwrap_err();
        assert_eq!((error.code, error.subcode, error.data), (1, 2, vec![0, 20]));
        let error =
            NotificationError::open(open::UNSUPPORTED_VERSION_NUMBER, vec![0, 4], "version 3");
        assert_eq!(
            Notification::from(error),
            Notification::new(OPEN_MESSAGE_ERROR, 1, vec![0, 4])
        );
    }

    proptest! {
        #[test]
        fn round_trip(code in any::<u8>(), subcode in any::<u8>(),
                      data in proptest::collection::vec(any::<u8>(), 0..64)) {
            let value = Notification::new(code, subcode, data);
            let mut out = Vec::new();
            value.encode_body(&mut out);
            prop_assert_eq!(Notification::decode(&out), Ok(value));
        }

        #[test]
        fn shutdown_text_round_trips(text in "\\PC{0,300}") {
            let notification = Notification::cease_with_message(2, &text);
            let decoded = notification.shutdown_communication().unwrap();
            prop_assert!(decoded.len() <= 255);
            prop_assert!(text.starts_with(&decoded));
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            if let Ok(notification) = Notification::decode(&bytes) {
                let _ = notification.shutdown_communication();
                let _ = notification.data_text();
            }
        }
    }
}
