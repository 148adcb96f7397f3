//! ExaBGP's text event format (`encoder text`, exabgp-api reference §4): one line per event (an
//! UPDATE is a `start` … `end` block), no timestamps, no counters.

// Events other than UPDATE.
pub mod events;

// UPDATE blocks and the attribute string they share with `show adj-rib … extensive`.
pub mod update;
