//! Decode failures that end a session, as the NOTIFICATION the RFCs require.
//!
//! RFC 4271 §6: "When any of the conditions described here are detected, a NOTIFICATION
//! message, with the indicated Error Code, Error Subcode, and Data fields, is sent, and the BGP
//! connection is closed". Milder RFC 7606 outcomes (attribute discard, treat-as-withdraw) are
//! not errors: they are values on the decoded UPDATE (see `update`).

use super::iana::notification as code;
use super::reader::Truncated;
use std::fmt;

/// A fault that must close the session with this NOTIFICATION.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationError {
    pub code: u8,
    pub subcode: u8,
    /// The Data field of the NOTIFICATION.
    pub data: Vec<u8>,
    /// What was wrong, for logs and for the user.
    pub detail: String,
}

impl NotificationError {
    pub fn new(code: u8, subcode: u8, data: Vec<u8>, detail: impl Into<String>) -> Self {
        NotificationError {
            code,
            subcode,
            data,
            detail: detail.into(),
        }
    }

    /// Message Header Error (code 1).
    pub fn header(subcode: u8, data: Vec<u8>, detail: impl Into<String>) -> Self {
        Self::new(code::MESSAGE_HEADER_ERROR, subcode, data, detail)
    }

    /// OPEN Message Error (code 2).
    pub fn open(subcode: u8, data: Vec<u8>, detail: impl Into<String>) -> Self {
        Self::new(code::OPEN_MESSAGE_ERROR, subcode, data, detail)
    }

    /// UPDATE Message Error (code 3).
    pub fn update(subcode: u8, data: Vec<u8>, detail: impl Into<String>) -> Self {
        Self::new(code::UPDATE_MESSAGE_ERROR, subcode, data, detail)
    }

    /// UPDATE Message Error / Malformed Attribute List, the catch-all for a broken UPDATE.
    pub fn malformed_attribute_list(detail: impl Into<String>) -> Self {
        Self::update(code::update::MALFORMED_ATTRIBUTE_LIST, Vec::new(), detail)
    }
}

impl fmt::Display for NotificationError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{} (NOTIFICATION {}/{})",
            self.detail, self.code, self.subcode
        )
    }
}

impl std::error::Error for NotificationError {}

/// Short input inside an UPDATE is a malformed attribute list unless a more precise rule applies.
impl From<Truncated> for NotificationError {
    fn from(truncated: Truncated) -> Self {
        NotificationError::malformed_attribute_list(truncated.to_string())
    }
}

/// The RFC 7606 reaction to a malformed attribute that does not reset the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorAction {
    /// RFC 7606 §2: "the malformed attribute MUST be discarded, and the UPDATE message
    /// continues to be processed."
    AttributeDiscard,
    /// RFC 7606 §2: "the routes carried in the UPDATE message are treated as withdrawn."
    TreatAsWithdraw,
}

/// One malformed attribute and what was done about it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AttributeProblem {
    pub type_code: u8,
    pub action: ErrorAction,
    pub detail: String,
}
