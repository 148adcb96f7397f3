//! Subcommands that are not the daemon: each takes parsed options and returns what to print.

pub mod check;
pub mod ctl;
pub mod decode;
pub mod healthcheck;
