//! The control FIFO pair and its client (`ferrobgp ctl`): operators and scripts send helper
//! commands to the running daemon, as with ExaBGP's `exabgpcli` (reference §5.1). The commands
//! go down the same path as a helper's: parsed by `api::command`, executed by the hub.
//!
//! Files, beside each other (`paths`): `<base>.in` (commands), `<base>.out` (answers), both
//! FIFOs, and `<base>.lock` (a regular file); all owned by the daemon's user, mode 0600,
//! created by the daemon (`fifo`; unlike ExaBGP, which needs them made by hand). `<base>` is
//! `$RUNTIME_DIRECTORY/ferrobgp`, `/run/ferrobgp/ferrobgp`, or `control-fifo "/path/name"`.
//! They stay when the daemon stops (systemd removes its runtime directory itself).
//!
//! Protocol (`framing`): one command per line; the answer is its output lines then `done` or
//! `error`, as ExaBGP writes them, so ExaBGP's CLI and `socat` work. `ferrobgp ctl` tags its
//! command (`@<tag> <command>`) and its answer starts with an empty line and `@<tag>`.
//!
//! Concurrency: clients hold an exclusive `flock` on `<base>.lock` for the whole request and
//! answer (`client`), so two `ctl` calls never read each other's output; the tag makes a
//! client skip an answer left over from a client that gave up. The daemon answers one
//! command at a time (`server`), and never waits on a client: see `server` for the limits.
//!
//! How the hub plugs in: create a bounded `tokio::sync::mpsc::channel::<ControlRequest>`, start
//! [`ControlServer::start`] with its sender, receive [`ControlRequest`]s in the hub's loop,
//! execute `request.command`, write output with [`Reply::line`]/[`Reply::try_line`] and end
//! with [`Reply::finish`]. Must not execute commands itself.

pub mod client;
pub mod fifo;
pub mod framing;
pub mod paths;
pub mod reply;
pub mod server;

pub use client::{ClientError, ClientOptions, request};
pub use fifo::{SetupError, SetupProblem};
pub use paths::ControlPaths;
pub use reply::{ControlRequest, Reply, ReplyGone, TryLineError};
pub use server::{ControlNotice, ControlServer, DropReason, NoticeSink, ServerOptions};
