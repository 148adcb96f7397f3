//! Path attributes (stub: to be written).

use super::error::{AttributeProblem, NotificationError};
use super::negotiated::Negotiated;

/// The path attributes of an UPDATE, without MP_REACH_NLRI and MP_UNREACH_NLRI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Attributes {}

/// The Path Attributes field, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedAttributes<'a> {
    pub attributes: Attributes,
    /// The value of MP_REACH_NLRI, left for `nlri` to decode.
    pub mp_reach: Option<&'a [u8]>,
    /// The value of MP_UNREACH_NLRI, left for `nlri` to decode.
    pub mp_unreach: Option<&'a [u8]>,
    /// RFC 7606 problems that did not reset the session.
    pub problems: Vec<AttributeProblem>,
}

/// Decodes the Path Attributes field of an UPDATE.
pub fn decode<'a>(
    bytes: &'a [u8],
    negotiated: &Negotiated,
) -> Result<DecodedAttributes<'a>, NotificationError> {
    let _ = (bytes, negotiated);
    Ok(DecodedAttributes {
        attributes: Attributes {},
        mp_reach: None,
        mp_unreach: None,
        problems: Vec::new(),
    })
}

impl Attributes {
    /// Encodes every attribute in type-code order, merging in `extra` attributes already
    /// encoded as whole TLVs (flags, type, length, value) by type code: MP_REACH_NLRI and
    /// MP_UNREACH_NLRI come from `nlri`.
    pub fn encode(&self, negotiated: &Negotiated, extra: &[(u8, &[u8])], out: &mut Vec<u8>) {
        let _ = (negotiated, extra, out);
    }
}
