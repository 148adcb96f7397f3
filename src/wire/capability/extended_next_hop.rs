//! The Extended Next Hop Encoding capability (code 5, RFC 8950 §3).
//!
//! Value decoding and encoding only; the pairs both sides announced are kept by `negotiated`.

use super::{MAX_VALUE_LENGTH, malformed};
use crate::wire::error::NotificationError;
use crate::wire::family::{Afi, Family, Safi};
use crate::wire::reader::Reader;

/// Octets of one entry: NLRI AFI (2), NLRI SAFI (2), Nexthop AFI (2).
const ENTRY_LENGTH: usize = 6;
const MAX_ENTRIES: usize = MAX_VALUE_LENGTH / ENTRY_LENGTH;

/// One entry of the Extended Next Hop Encoding capability.
///
/// ```text
/// +-----------------------------------------------------+
/// | NLRI AFI - 1 (2 octets)                             |
/// +-----------------------------------------------------+
/// | NLRI SAFI - 1 (2 octets)                            |
/// +-----------------------------------------------------+
/// | Nexthop AFI - 1 (2 octets)                          |
/// +-----------------------------------------------------+
/// | ....                                                |
/// +-----------------------------------------------------+
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExtendedNextHopEntry {
    /// NLRI AFI and SAFI.
    pub family: Family,
    /// The AFI the next hop may belong to.
    pub next_hop_afi: Afi,
}

impl ExtendedNextHopEntry {
    pub fn new(family: Family, next_hop_afi: Afi) -> ExtendedNextHopEntry {
        ExtendedNextHopEntry {
            family,
            next_hop_afi,
        }
    }

    /// Entries whose 2-octet NLRI SAFI is above 255 name no SAFI that exists (SAFIs are one
    /// octet everywhere else) and are skipped.
    pub(super) fn decode_list(
        value: &[u8],
    ) -> Result<Vec<ExtendedNextHopEntry>, NotificationError> {
        if !value.len().is_multiple_of(ENTRY_LENGTH) {
            return Err(malformed(
                "extended next hop capability is not a whole number of 6-octet entries",
            ));
        }
        let mut reader = Reader::new(value);
        let mut entries = Vec::with_capacity(value.len() / ENTRY_LENGTH);
        while let (Ok(afi), Ok([safi_high, safi]), Ok(next_hop_afi)) =
            (reader.u16(), reader.array::<2>(), reader.u16())
        {
            if safi_high != 0 {
                continue;
            }
            entries.push(ExtendedNextHopEntry {
                family: Family::new(Afi::from_code(afi), Safi::from_code(safi)),
                next_hop_afi: Afi::from_code(next_hop_afi),
            });
        }
        Ok(entries)
    }

    pub(super) fn encode_list(entries: &[ExtendedNextHopEntry], out: &mut Vec<u8>) {
        for entry in entries.iter().take(MAX_ENTRIES) {
            out.extend_from_slice(&entry.family.afi.code().to_be_bytes());
            out.extend_from_slice(&u16::from(entry.family.safi.code()).to_be_bytes());
            out.extend_from_slice(&entry.next_hop_afi.code().to_be_bytes());
        }
    }
}
