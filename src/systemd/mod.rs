//! systemd integration: readiness, status, watchdog and stopping notifications over
//! `NOTIFY_SOCKET` ([`notify`], [`status`], [`watchdog`]), and structured logging to journald
//! when stderr is the journal ([`journal`]).
//!
//! Everything here is inert when the process does not run under systemd: no `NOTIFY_SOCKET`
//! means no datagram is ever sent, no `JOURNAL_STREAM` (or one that does not match stderr)
//! means logs go to stderr. Must not decide when the daemon is ready or stops: `cli::run`
//! and the hub call in here at those moments.

pub mod journal;
pub mod notify;
pub mod status;
pub mod watchdog;

pub use notify::{notify_enabled, ready, reload_finished, reloading, stopping};
pub use status::{StatusBoard, Summary};
pub use watchdog::HubWatchdog;
