//! The configuration of one peer task: the session (`session::SessionConfig`), where and how
//! to connect, and the task's own limits.
//!
//! A plain value filled by the hub from `config`; this module neither parses nor validates
//! text. Changing any field of it means a new peer task (the hub decides when).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use crate::session::SessionConfig;

use super::socket::{BGP_PORT, ConnectOptions, TtlPolicy};

/// Which neighbor of the hub's registry a task serves (chosen by the hub; carried on every
/// event so one channel can serve all peers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NeighborId(pub u32);

/// Everything a peer task needs to run one neighbor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerConfig {
    pub neighbor: NeighborId,
    /// The neighbor's address.
    pub remote_address: IpAddr,
    /// The port to connect to (179 unless configured).
    pub remote_port: u16,
    /// Our address for the session (bind before connecting).
    pub local_address: Option<IpAddr>,
    /// Our port for outgoing connections (the system picks one when `None`).
    pub local_port: Option<u16>,
    /// The RFC 2385 key (also to be installed on the listener for incoming connections).
    pub md5_key: Option<Vec<u8>>,
    /// Outgoing TTL for multihop, or GTSM; applied to outgoing and accepted connections.
    pub ttl: TtlPolicy,
    pub session: SessionConfig,
    /// RFC 4271's CollisionDetectEstablishedState (see `session::CollisionCheck`).
    pub collision_detect_established: bool,
    /// Draw a random jitter factor for each timer (RFC 4271 §10); off gives exact timers.
    pub jitter: bool,
    /// Report every KEEPALIVE received as a `PeerEvent::Received` (off: only other messages).
    pub report_keepalives: bool,
    /// Report every message sent as a `PeerEvent::Sent`.
    pub report_sent: bool,
    /// Bytes of UPDATEs queued for the socket above which the task stops taking changes out
    /// of the route source (they wait there, coalescing) until the socket drains.
    pub write_buffer_limit: usize,
    /// How long a closing connection may take to deliver its last bytes (the NOTIFICATION).
    pub linger: Duration,
    /// Keep the routes the peer sends in an Adj-RIB-In (`adj-rib-in`, on by default).
    pub adj_rib_in: bool,
}

impl PeerConfig {
    /// A neighbor at `remote_address`:179 with defaults for everything else.
    pub fn new(neighbor: NeighborId, remote_address: IpAddr, session: SessionConfig) -> PeerConfig {
        PeerConfig {
            neighbor,
            remote_address,
            remote_port: BGP_PORT,
            local_address: None,
            local_port: None,
            md5_key: None,
            ttl: TtlPolicy::System,
            session,
            collision_detect_established: false,
            jitter: true,
            report_keepalives: false,
            report_sent: false,
            write_buffer_limit: 1 << 20,
            linger: Duration::from_secs(2),
            adj_rib_in: true,
        }
    }

    /// The options of an outgoing connection to the neighbor.
    pub fn connect_options(&self) -> ConnectOptions {
        ConnectOptions {
            remote: SocketAddr::new(self.remote_address, self.remote_port),
            local_address: self.local_address,
            local_port: self.local_port,
            md5_key: self.md5_key.clone(),
            ttl: self.ttl,
        }
    }
}
