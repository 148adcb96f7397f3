//! The BGP wire codec: bytes <-> typed messages.
//!
//! Pure: no I/O, no async, no logging, no configuration. Decoding never panics: every read goes
//! through [`reader::Reader`], and a fault is either a [`error::NotificationError`] (the session
//! must close with that NOTIFICATION) or an RFC 7606 outcome recorded on the decoded UPDATE.
//! Encoding a valid value never fails.

pub mod error;
pub mod family;
pub mod iana;
pub mod negotiated;
pub mod reader;
pub mod writer;

// Framing, OPEN, capabilities, NOTIFICATION, KEEPALIVE, ROUTE-REFRESH and the message enum.
pub mod capability;
pub mod header;
pub mod message;
pub mod notification;
pub mod open;
pub mod operational;
pub mod route_refresh;

// Path attributes.
pub mod attribute;

// NLRI of every family, and the UPDATE message.
pub mod nlri;
pub mod update;

// Packing routes into UPDATE messages.
pub mod builder;

#[cfg(test)]
mod message_properties;
