//! Subcommands that are not the daemon: each takes parsed options and returns what to print.

pub mod check;
pub mod decode;
