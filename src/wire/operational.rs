//! OPERATIONAL messages (ExaBGP's message type 6, draft-ietf-idr-operational-message): the
//! advisories (ADM, ASM), prefix count queries (RPCQ, APCQ, LPCQ) and their replies (RPCP,
//! APCP, LPCP), as ExaBGP 5.0 encodes and decodes them. Pure: bytes <-> [`Operational`].
//!
//! The message body is one TLV (the message header is the usual BGP one, type 6):
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |             Type              |            Length             |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |              AFI              |     SAFI      |   Value ...   |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//!
//! Length counts AFI, SAFI and Value. Value, by type:
//!   1 ADM, 2 ASM:           advisory text (UTF-8, at most 2048 bytes)
//!   3 RPCQ, 5 APCQ, 7 LPCQ: Router-ID (4) | Sequence (4)
//!   4 RPCP, 6 APCP, 8 LPCP: Router-ID (4) | Sequence (4) | Counter (4)
//! ```
//!
//! Decoding follows ExaBGP's `Operational.unpack_message`: an advisory takes the bytes its
//! Length covers (or what is there, when shorter); queries and replies need their fixed
//! fields; the other types (SSQ, DUP, …, NS) are not decoded (`None`), as ExaBGP ignores them.

use crate::wire::family::{Afi, Family, Safi};
use crate::wire::reader::Reader;
use std::net::Ipv4Addr;

/// The longest advisory, in bytes (ExaBGP's `MAX_ADVISORY`).
pub const MAX_ADVISORY_LENGTH: usize = 2048;

/// The TLV types ExaBGP handles, with its names.
const KINDS: [(u16, &str); 8] = [
    (1, "ADM"),
    (2, "ASM"),
    (3, "RPCQ"),
    (4, "RPCP"),
    (5, "APCQ"),
    (6, "APCP"),
    (7, "LPCQ"),
    (8, "LPCP"),
];

/// One OPERATIONAL message, as far as ExaBGP decodes it.
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

/// The TLV type of ExaBGP's `name` (upper case), if it is one of the eight.
pub fn kind_code(name: &str) -> Option<u16> {
    KINDS
        .iter()
        .find(|(_, known)| known.eq_ignore_ascii_case(name))
        .map(|(code, _)| *code)
}

/// ExaBGP's name of TLV type `code`.
fn kind_name(code: u16) -> Option<&'static str> {
    KINDS
        .iter()
        .find(|(known, _)| *known == code)
        .map(|(_, name)| *name)
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
        let name = kind_name(kind)?;
        let content = match kind {
            1 | 2 => {
                let end = length.saturating_add(4).min(body.len());
                OperationalContent::Advisory(body.get(7..end).unwrap_or_default().to_vec())
            }
            3 | 5 | 7 => OperationalContent::Query {
                router_id: reader.ipv4().ok()?,
                sequence: reader.u32().ok()?,
            },
            _ => OperationalContent::Counter {
                router_id: reader.ipv4().ok()?,
                sequence: reader.u32().ok()?,
                counter: reader.u32().ok()?,
            },
        };
        Some(Operational {
            name,
            family,
            content,
        })
    }

    /// The message body (without the BGP header). `None` when `name` is not one of the eight
    /// kinds, the content does not fit the kind (an advisory for a query), or an advisory is
    /// longer than [`MAX_ADVISORY_LENGTH`].
    pub fn encode_body(&self) -> Option<Vec<u8>> {
        let kind = kind_code(self.name)?;
        let mut value = Vec::new();
        match (&self.content, kind) {
            (OperationalContent::Advisory(text), 1 | 2) => {
                if text.len() > MAX_ADVISORY_LENGTH {
                    return None;
                }
                value.extend_from_slice(text);
            }
            (
                OperationalContent::Query {
                    router_id,
                    sequence,
                },
                3 | 5 | 7,
            ) => {
                value.extend_from_slice(&router_id.octets());
                value.extend_from_slice(&sequence.to_be_bytes());
            }
            (
                OperationalContent::Counter {
                    router_id,
                    sequence,
                    counter,
                },
                4 | 6 | 8,
            ) => {
                value.extend_from_slice(&router_id.octets());
                value.extend_from_slice(&sequence.to_be_bytes());
                value.extend_from_slice(&counter.to_be_bytes());
            }
            _ => return None,
        }
        // AFI (2) + SAFI (1) + at most 12 or 2048 bytes: always fits in 16 bits.
        let length = u16::try_from(value.len() + 3).ok()?;
        let mut body = Vec::with_capacity(value.len() + 7);
        body.extend_from_slice(&kind.to_be_bytes());
        body.extend_from_slice(&length.to_be_bytes());
        body.extend_from_slice(&self.family.afi.code().to_be_bytes());
        body.push(self.family.safi.code());
        body.extend_from_slice(&value);
        Some(body)
    }
}

#[cfg(test)]
mod tests;
