//! Path attributes this crate does not decode, kept whole so they can be shown (ExaBGP's
//! "attribute-0xCC-0xFF") and passed on.
//!
//! Holds no knowledge of any attribute type: `mod.rs` decides what is unknown.

use crate::wire::iana::attribute_flag::{EXTENDED_LENGTH, OPTIONAL, PARTIAL, TRANSITIVE};

/// An attribute kept as flags, type code and value.
///
/// ```text
///    0                   1
///    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    |  Attr. Flags  |Attr. Type Code|   then Attribute Length (1 or 2 octets), value
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
///
/// `flags` are the received flags, except that for an optional transitive attribute the
/// Partial bit is already set: RFC 4271 §5: "If an optional transitive attribute is
/// unrecognized, the Partial bit in the attribute flags octet is set to 1, and the attribute
/// is retained for propagation to other BGP speakers." (ExaBGP does the same, and shows these
/// flags in its JSON key.) The Extended Length bit is cleared: it describes the encoding, not
/// the attribute, and the encoder sets it exactly when the value exceeds 255 octets. (ExaBGP
/// keeps it, so its key reads 0xF0 rather than 0xE0 for an attribute a peer sent with an
/// unnecessary Extended Length bit.)
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UnknownAttribute {
    pub flags: u8,
    pub type_code: u8,
    pub value: Vec<u8>,
}

impl UnknownAttribute {
    /// The attribute as received from a peer: Partial is set if it is optional transitive.
    pub fn received(flags: u8, type_code: u8, value: &[u8]) -> UnknownAttribute {
        let flags = flags & !EXTENDED_LENGTH;
        let flags = if flags & (OPTIONAL | TRANSITIVE) == OPTIONAL | TRANSITIVE {
            flags | PARTIAL
        } else {
            flags
        };
        UnknownAttribute {
            flags,
            type_code,
            value: value.to_vec(),
        }
    }

    pub fn is_transitive(&self) -> bool {
        self.flags & TRANSITIVE != 0
    }

    /// The flags to encode with, Extended Length cleared (the encoder sets it when needed).
    pub fn flags_for_encoding(&self) -> u8 {
        self.flags & !EXTENDED_LENGTH
    }

    /// ExaBGP's JSON key: "attribute-0x<CODE>-0x<FLAGS>" in upper-case hex.
    pub fn exabgp_key(&self) -> String {
        format!("attribute-0x{:02X}-0x{:02X}", self.type_code, self.flags)
    }

    /// ExaBGP's JSON value: "0x" and the value in lower-case hex.
    pub fn exabgp_value(&self) -> String {
        let mut text = String::with_capacity(2 + 2 * self.value.len());
        text.push_str("0x");
        for byte in &self.value {
            text.push_str(&format!("{byte:02x}"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exabgp_forms() {
        // `exabgp decode`: c0c803010203 -> "attribute-0xC8-0xE0": "0x010203".
        let short = UnknownAttribute::received(0xc0, 0xc8, &[1, 2, 3]);
        assert_eq!(short.exabgp_key(), "attribute-0xC8-0xE0");
        assert_eq!(short.exabgp_value(), "0x010203");
        let extended = UnknownAttribute::received(0xd0, 0xc8, &[10, 11, 12]);
        assert_eq!(extended.exabgp_key(), "attribute-0xC8-0xE0");
        assert_eq!(extended.flags_for_encoding(), 0xe0);
        let non_transitive = UnknownAttribute::received(0x80, 0xc9, &[1]);
        assert_eq!(non_transitive.flags, 0x80);
        assert!(!non_transitive.is_transitive());
    }
}
