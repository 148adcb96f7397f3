//! The Graceful Restart capability (code 64, RFC 4724; N bit from RFC 8538).
//!
//! Decoding and encoding of the value only; what a restart means for the session and the RIB
//! is decided elsewhere.

use super::{MAX_VALUE_LENGTH, malformed};
use crate::wire::error::NotificationError;
use crate::wire::family::Family;
use crate::wire::reader::Reader;

/// Octets of one per-family entry: AFI (2), SAFI (1), Flags (1).
const FAMILY_ENTRY_LENGTH: usize = 4;
/// Octets of the Restart Flags and Restart Time.
const HEADER_LENGTH: usize = 2;
/// Entries that fit in one capability value.
const MAX_FAMILIES: usize = (MAX_VALUE_LENGTH - HEADER_LENGTH) / FAMILY_ENTRY_LENGTH;

/// The Graceful Restart capability value.
///
/// ```text
/// +--------------------------------------------------+
/// | Restart Flags (4 bits)                           |
/// +--------------------------------------------------+
/// | Restart Time in seconds (12 bits)                |
/// +--------------------------------------------------+
/// | Address Family Identifier (16 bits)              |
/// +--------------------------------------------------+
/// | Subsequent Address Family Identifier (8 bits)    |
/// +--------------------------------------------------+
/// | Flags for Address Family (8 bits)                |
/// +--------------------------------------------------+
/// | ...                                              |
/// +--------------------------------------------------+
///
///  Restart Flags:     0 1 2 3
///                    +-+-+-+-+
///                    |R|N|   |
///                    +-+-+-+-+
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GracefulRestart {
    /// The four Restart Flags bits as a number 0..=15 (R = 0x8, N = 0x4); ExaBGP prints it as
    /// "flags 0x8".
    pub restart_flags: u8,
    /// Restart Time in seconds, 0..=4095.
    pub restart_time: u16,
    pub families: Vec<GracefulRestartFamily>,
}

/// One family of the Graceful Restart capability.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GracefulRestartFamily {
    pub family: Family,
    /// Flags for Address Family (F = 0x80); ExaBGP prints it as "ipv4/unicast=0x80".
    pub flags: u8,
}

impl GracefulRestart {
    /// R: "the BGP speaker has restarted".
    pub const RESTART_STATE: u8 = 0x8;
    /// N (RFC 8538): the speaker supports Graceful Restart for NOTIFICATION messages.
    pub const NOTIFICATION: u8 = 0x4;
    /// The largest Restart Time (12 bits).
    pub const MAX_RESTART_TIME: u16 = 0x0FFF;

    pub fn restart_state(&self) -> bool {
        self.restart_flags & Self::RESTART_STATE != 0
    }

    pub fn notification(&self) -> bool {
        self.restart_flags & Self::NOTIFICATION != 0
    }

    pub(super) fn decode(value: &[u8]) -> Result<GracefulRestart, NotificationError> {
        let mut reader = Reader::new(value);
        let header = reader
            .u16()
            .map_err(|_| malformed("graceful restart capability shorter than 2 octets"))?;
        if !reader.remaining().is_multiple_of(FAMILY_ENTRY_LENGTH) {
            return Err(malformed(
                "graceful restart capability families are not a whole number of 4-octet entries",
            ));
        }
        let mut families = Vec::with_capacity(reader.remaining() / FAMILY_ENTRY_LENGTH);
        while let Ok([afi_high, afi_low, safi, flags]) = reader.array::<4>() {
            families.push(GracefulRestartFamily {
                family: Family::from_codes(u16::from_be_bytes([afi_high, afi_low]), safi),
                flags,
            });
        }
        Ok(GracefulRestart {
            restart_flags: (header >> 12) as u8,
            restart_time: header & Self::MAX_RESTART_TIME,
            families,
        })
    }

    pub(super) fn encode(&self, out: &mut Vec<u8>) {
        let header = (u16::from(self.restart_flags & 0x0F) << 12)
            | (self.restart_time & Self::MAX_RESTART_TIME);
        out.extend_from_slice(&header.to_be_bytes());
        for entry in self.families.iter().take(MAX_FAMILIES) {
            out.extend_from_slice(&entry.family.afi.code().to_be_bytes());
            out.push(entry.family.safi.code());
            out.push(entry.flags);
        }
    }
}

impl GracefulRestartFamily {
    /// F: "the forwarding state for routes ... has indeed been preserved".
    pub const FORWARDING_STATE: u8 = 0x80;

    pub fn forwarding_state(&self) -> bool {
        self.flags & Self::FORWARDING_STATE != 0
    }
}
