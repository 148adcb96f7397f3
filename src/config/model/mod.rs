//! The typed configuration: what `ferrobgp.kdl` says once it has been decoded, templates
//! applied and defaults filled. Plain values only: no spans, no I/O, no knowledge of KDL (the
//! decoder and the printer are the only places that know the file format).
//!
//! Every type derives `PartialEq`, so a reload can compare the running configuration with the
//! new one (neighbors are keyed by address, helpers by name).

mod neighbor;
mod process;
mod secret;

pub use neighbor::{
    AddPath, ApiBinding, Capabilities, DEFAULT_HOLD_TIME, Hostname, MAXIMUM_RESTART_TIME, Md5Key,
    MessageSubscription, Neighbor, StaticRoute, Ttl,
};
pub use process::{Encoder, OnExit, Process};
pub use secret::Secret;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

/// The whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub global: Global,
    /// Helper programs (`process "name" { … }`), in file order; names are unique.
    pub processes: Vec<Process>,
    /// Neighbors in file order; addresses are unique.
    pub neighbors: Vec<Neighbor>,
}

impl Config {
    /// The helper called `name`, if the file defines one.
    pub fn process(&self, name: &str) -> Option<&Process> {
        self.processes.iter().find(|process| process.name == name)
    }

    /// The neighbor at `address`, if the file defines one.
    pub fn neighbor(&self, address: IpAddr) -> Option<&Neighbor> {
        self.neighbors
            .iter()
            .find(|neighbor| neighbor.address == address)
    }
}

/// Settings outside any block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Global {
    /// The default BGP Identifier of every neighbor (each may override it).
    pub router_id: Option<Ipv4Addr>,
    /// The default local AS of every neighbor (each may override it).
    pub local_as: Option<u32>,
    /// Where to accept incoming BGP connections.
    pub listen: Listen,
    /// The control FIFO pair (`<path>.in`, `<path>.out`) used by `ferrobgp ctl`.
    pub control_fifo: ControlFifo,
    pub log_level: LogLevel,
    /// Reload when the file changes (`watch-config`, default on; docs/reload.md).
    pub watch_config: bool,
}

impl Default for Global {
    fn default() -> Global {
        Global {
            router_id: None,
            local_as: None,
            listen: Listen::default(),
            control_fifo: ControlFifo::RuntimeDirectory,
            log_level: LogLevel::Info,
            watch_config: true,
        }
    }
}

/// The well-known BGP port (RFC 4271 §8.2.1: "TCP port 179").
pub const BGP_PORT: u16 = 179;

/// Listening sockets for incoming BGP connections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listen {
    /// `listen #false`: never accept; every neighbor must be connected to actively.
    Off,
    /// One socket per address, in file order (no duplicates).
    On(Vec<SocketAddr>),
}

/// Without any `listen` node: every IPv4 and IPv6 address on port 179.
impl Default for Listen {
    fn default() -> Listen {
        Listen::On(vec![
            SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), BGP_PORT),
            SocketAddr::new(IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED), BGP_PORT),
        ])
    }
}

/// Where the control FIFO pair lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ControlFifo {
    /// `control-fifo #true` (the default): `$RUNTIME_DIRECTORY/ferrobgp.{in,out}`, or
    /// `/run/ferrobgp/ferrobgp.{in,out}` outside systemd. Resolved by the daemon, not here.
    RuntimeDirectory,
    /// `control-fifo "/path/name"`: `/path/name.in` and `/path/name.out`.
    Path(PathBuf),
    /// `control-fifo #false`: no control FIFO.
    Off,
}

/// How much the daemon logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LogLevel {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    pub const ALL: [LogLevel; 5] = [
        LogLevel::Error,
        LogLevel::Warn,
        LogLevel::Info,
        LogLevel::Debug,
        LogLevel::Trace,
    ];

    /// The word used in the file: "error", "warn", "info", "debug", "trace".
    pub fn name(self) -> &'static str {
        match self {
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
            LogLevel::Trace => "trace",
        }
    }

    pub fn parse(word: &str) -> Option<LogLevel> {
        LogLevel::ALL.into_iter().find(|level| level.name() == word)
    }
}
