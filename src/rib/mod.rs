//! Routing Information Bases: what we want each peer to have (Adj-RIB-Out), what each peer
//! sent us (Adj-RIB-In), and the shared, interned attribute sets both are made of.
//!
//! Pure data: no I/O, no async, no timers, no logging, no configuration. A peer task owns one
//! [`AdjRibOut`] (and optionally one [`AdjRibIn`]) and drives it: it applies route changes,
//! calls [`AdjRibOut::flush`] after each batch and writes the messages handed to its sink.
//! UPDATE messages are packed by `wire::builder`; this module decides *what* to send, never
//! how the bytes look.
//!
//! Memory layout, chosen for a million routes per peer (see `benches/rib_adj_out.rs`):
//! - an attribute set is stored once and shared through an [`AttributeHandle`] (an `Arc`);
//! - each RIB interns the pairs (attribute set, next hop) it uses as *paths* with a 4-octet
//!   index and a reference count ([`path`]), and caches their encoded form per session;
//! - routes live in one hash table per family, keyed by a compact form of the NLRI
//!   ([`key`]): 12 octets for IPv4 and 24 for IPv6 prefixes, the whole [`Nlri`] otherwise.
//!
//! [`Nlri`]: crate::wire::nlri::Nlri

pub mod adj_in;
pub mod adj_out;
pub mod attributes;
mod hash;
mod key;
pub mod owner;
mod path;
#[cfg(test)]
pub(crate) mod test_support;

pub use adj_in::{AdjRibIn, AppliedUpdate, ReceivedRoute, StoredRoute};
pub use adj_out::{
    AdjRibOut, FlushReport, OutRoute, ReplaceReport, Route, RouteCount, SendSettings,
};
pub use attributes::{AttributeHandle, AttributeStore};
pub use owner::Owner;
