//! The BGP session as a pure state machine: RFC 4271 §8 FSM, OPEN negotiation, capability
//! fallback, connection collision resolution, connect-retry backoff.
//!
//! `Fsm::handle(Input) -> Vec<Output>`. This module must not do I/O, read a clock, draw
//! random numbers, log, or import anything async: the peer task owns sockets and timers,
//! turns what happens into `Input`s and carries out the `Output`s. Time is an input (timers
//! are requested as outputs and fire as inputs); jitter is a value the peer task supplies.

pub mod collision;
pub mod config;
pub mod fallback;
pub mod fsm;
pub mod graceful;
pub mod input;
pub mod negotiation;
pub mod output;
pub mod state;
pub mod timer;

pub use collision::{CollisionCheck, CollisionVerdict, ConnectionDirection};
pub use config::SessionConfig;
pub use fallback::CapabilityFallback;
pub use fsm::{Connection, Fsm};
pub use input::Input;
pub use output::{DownReason, Output};
pub use state::State;
pub use timer::{Jitter, RetryPolicy, Timer};
