//! The peers: one tokio task per configured neighbor, and the sockets it uses.
//!
//! A peer task (`task`) owns its `session::Fsm`, its TCP connection(s) (`link`, `socket`),
//! its timers and its Adj-RIB-Out (`routes`), and talks to the hub through bounded channels
//! (`channel`: `PeerCmd` in, `PeerEvent` out). The `listener` accepts connections for the hub
//! to route to the right task. Must not parse configuration, helper commands or JSON: those
//! are `config`'s and `api`'s; the hub (`daemon`) wires them to this module.

pub mod channel;
pub mod config;
mod drive;
pub mod handle;
mod link;
pub mod listener;
pub mod routes;
pub mod socket;
pub mod task;

pub use channel::{MessageEvent, NeighborEvent, PeerCmd, PeerEvent, cease_notification};
pub use config::{NeighborId, PeerConfig};
pub use handle::PeerHandle;
pub use listener::{Accepted, Listener, ListenerKeys};
pub use routes::{RouteChange, RouteSource};
pub use socket::{ConnectOptions, TtlPolicy};
pub use task::{OUTBOX_LIMIT, spawn_peer};
