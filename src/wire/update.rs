//! The UPDATE message (stub: to be written).

use super::error::NotificationError;
use super::negotiated::Negotiated;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {}

/// Decodes the body of an UPDATE (what follows the 19-octet header).
pub fn decode(body: &[u8], negotiated: &Negotiated) -> Result<Update, NotificationError> {
    let _ = (body, negotiated);
    Ok(Update {})
}

impl Update {
    /// Appends the body of this UPDATE (without the header) to `out`.
    pub fn encode_body(&self, negotiated: &Negotiated, out: &mut Vec<u8>) {
        let _ = (negotiated, out);
    }
}
