//! The ADD-PATH capability (code 69, RFC 7911 §4): per family, send and/or receive.
//!
//! Value decoding and encoding only; which families end up with Path Identifiers is computed
//! by `negotiated` from both OPENs.

use super::{MAX_VALUE_LENGTH, malformed};
use crate::wire::error::NotificationError;
use crate::wire::family::Family;
use crate::wire::reader::Reader;

/// Octets of one entry: AFI (2), SAFI (1), Send/Receive (1).
const ENTRY_LENGTH: usize = 4;
const MAX_ENTRIES: usize = MAX_VALUE_LENGTH / ENTRY_LENGTH;

/// One entry of the ADD-PATH capability.
///
/// ```text
/// +------------------------------------------------+
/// | Address Family Identifier (2 octets)           |
/// +------------------------------------------------+
/// | Subsequent Address Family Identifier (1 octet) |
/// +------------------------------------------------+
/// | Send/Receive (1 octet)                         |
/// +------------------------------------------------+
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AddPathFamily {
    pub family: Family,
    pub direction: AddPathDirection,
}

/// The Send/Receive field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AddPathDirection {
    /// 1: "the sender is able to receive multiple paths from its peer".
    Receive,
    /// 2: "the sender is able to send multiple paths to its peer".
    Send,
    /// 3: both.
    Both,
    /// Any other value. RFC 7911 §4: "If any other value is received, then the capability
    /// SHOULD be treated as not understood and ignored." Kept so it can be shown.
    Other(u8),
}

impl AddPathDirection {
    pub fn from_code(code: u8) -> AddPathDirection {
        match code {
            1 => AddPathDirection::Receive,
            2 => AddPathDirection::Send,
            3 => AddPathDirection::Both,
            other => AddPathDirection::Other(other),
        }
    }

    pub fn code(self) -> u8 {
        match self {
            AddPathDirection::Receive => 1,
            AddPathDirection::Send => 2,
            AddPathDirection::Both => 3,
            AddPathDirection::Other(code) => code,
        }
    }

    /// Whether this announces the ability to receive multiple paths.
    pub fn can_receive(self) -> bool {
        matches!(self, AddPathDirection::Receive | AddPathDirection::Both)
    }

    /// Whether this announces the ability to send multiple paths.
    pub fn can_send(self) -> bool {
        matches!(self, AddPathDirection::Send | AddPathDirection::Both)
    }

    /// ExaBGP's name: "receive", "send", "send/receive", "disabled" (0) or "invalid (N)".
    pub fn name(self) -> String {
        match self {
            AddPathDirection::Receive => "receive".into(),
            AddPathDirection::Send => "send".into(),
            AddPathDirection::Both => "send/receive".into(),
            AddPathDirection::Other(0) => "disabled".into(),
            AddPathDirection::Other(code) => format!("invalid ({code})"),
        }
    }
}

impl AddPathFamily {
    pub fn new(family: Family, direction: AddPathDirection) -> AddPathFamily {
        AddPathFamily { family, direction }
    }

    pub(super) fn decode_list(value: &[u8]) -> Result<Vec<AddPathFamily>, NotificationError> {
        if !value.len().is_multiple_of(ENTRY_LENGTH) {
            return Err(malformed(
                "ADD-PATH capability is not a whole number of 4-octet entries",
            ));
        }
        let mut reader = Reader::new(value);
        let mut entries = Vec::with_capacity(value.len() / ENTRY_LENGTH);
        while let Ok([afi_high, afi_low, safi, direction]) = reader.array::<4>() {
            entries.push(AddPathFamily {
                family: Family::from_codes(u16::from_be_bytes([afi_high, afi_low]), safi),
                direction: AddPathDirection::from_code(direction),
            });
        }
        Ok(entries)
    }

    pub(super) fn encode_list(entries: &[AddPathFamily], out: &mut Vec<u8>) {
        for entry in entries.iter().take(MAX_ENTRIES) {
            out.extend_from_slice(&entry.family.afi.code().to_be_bytes());
            out.push(entry.family.safi.code());
            out.push(entry.direction.code());
        }
    }
}
