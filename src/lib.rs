//! ferrobgp: a BGP speaker for hosts, driven by ExaBGP-compatible helper programs.
//!
//! See docs/architecture.md for the module map. `wire` is the pure codec everything stands on.

pub mod api;
pub mod cli;
pub mod config;
pub mod control;
pub mod daemon;
pub mod healthcheck;
pub mod peer;
pub mod process;
pub mod rib;
pub mod session;
pub mod systemd;
pub mod wire;
