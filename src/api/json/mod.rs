//! ExaBGP's JSON event format (exabgp-api reference §3), in its 5.0 form ("5.0.0") and its 4.x
//! form ("4.0.1").
//!
//! ExaBGP builds these lines by string concatenation rather than with a JSON library, and its
//! spacing (`"host" : `, the space before the comma after `router-id`) is part of what helpers
//! have seen for years. We build the same strings, so byte-level diffs against ExaBGP stay small;
//! consumers only ever need a JSON parser.

pub mod envelope;
pub mod text;

// Events other than UPDATE: state, fsm, signal, shutdown, open, notification, keepalive,
// route-refresh, negotiated, raw packets, operational.
pub mod events;
pub mod open;

// UPDATE: attributes, NLRI of every family, and the announce/withdraw grouping.
pub mod attributes;
pub mod nlri;
pub mod update;

pub use envelope::{Direction, Envelope, JsonVersion, NeighborView};
