//! The daemon (`ferrobgp run`): one hub per configuration file (a *speaker*), each owning
//! its running `Config`, its peer tasks, its listeners and its event subscribers.
//!
//! - [`hub`]: prepare ([`prepare`]: keys, listeners) and start a speaker ([`start`]), route connections, hand static routes to peers,
//!   carry out commands, stop with Cease 2 and an RFC 9003 message.
//! - [`commands`]: [`HubCmd`], the hub's one input (helper and control-FIFO commands arrive
//!   there as parsed `api::command::Command`s), and the pure planning of a command.
//! - [`fan_out`]: the one function every neighbor event passes through, to every
//!   [`EventSubscriber`] (the log first; helpers' subscriptions plug in there).
//! - [`helpers`], [`helper_feed`]: the helper programs (start, commands and acks, events in
//!   their encoder with back-pressure, ordered stop); [`pressure`]: which peers' reads are
//!   held for a slow helper; [`peer_backlog`]: commands waiting for a busy peer;
//!   [`control`]: the control FIFO.
//! - [`neighbor`], [`routes`]: configuration to peer settings and Adj-RIB-Out routes (pure).
//! - [`graceful`]: graceful restart across a stop and a start (the state directory marker).
//! - [`listen`], [`signals`], [`logging`], [`log`]: sockets, signals, the log.
//! - [`reload`], [`watch`]: hot reload (triggers, loading the file again, the file watcher);
//!   the hub applies it (`hub/reload.rs`, with the pure `config::diff`).
//!
//! Must not parse text or speak BGP: `config`, `api` and `peer` do.

pub mod adj_rib;
pub mod commands;
pub mod control;
pub mod fan_out;
pub mod graceful;
pub mod help;
pub mod helper_feed;
pub mod helpers;
pub mod hub;
pub mod listen;
pub mod log;
pub mod logging;
pub mod neighbor;
pub mod operational;
pub mod peer_backlog;
pub mod pressure;
pub mod reload;
pub mod routes;
pub mod signals;
pub mod watch;

pub use commands::{CommandReply, HubCmd, SHUTDOWN_MESSAGE};
pub use fan_out::{EventSubscriber, fan_out};
pub use hub::{Prepared, SpeakerHandle, StartError, prepare, start};
