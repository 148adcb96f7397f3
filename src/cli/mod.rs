//! The subcommands: `run` starts the daemon; the others take parsed options and return what
//! to print.

pub mod check;
pub mod ctl;
pub mod decode;
pub mod healthcheck;
pub mod run;
