//! The session's configuration as a plain value: who we are, who the peer must be, what to
//! announce, how to time retries.
//!
//! Filled by `config` from the KDL file; this module neither parses nor validates text. The
//! FSM reads it and changes only the Graceful Restart flags of its capabilities once a session
//! is up (`session::graceful`); a configuration change makes a new FSM.

use std::net::Ipv4Addr;
use std::time::Duration;

use crate::wire::capability::Capability;
use crate::wire::family::Family;

use super::timer::RetryPolicy;

/// RFC 4271 §10: "The suggested default value for the HoldTime is 90 seconds."
pub const DEFAULT_HOLD_TIME: u16 = 90;

/// Everything one session needs to know from the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionConfig {
    /// Our AS (sent as My Autonomous System, or AS_TRANS with the 4-octet AS capability).
    pub local_as: u32,
    /// The AS the peer must announce, else Bad Peer AS (2/2).
    pub peer_as: u32,
    /// Our BGP Identifier (router-id).
    pub local_identifier: Ipv4Addr,
    /// The Hold Time we propose, in seconds: 0 or at least 3 (1 and 2 are sent as 3).
    pub hold_time: u16,
    /// The smallest Hold Time we accept from the peer, else Unacceptable Hold Time (2/6).
    /// 0 accepts what RFC 4271 allows (0, or at least 3); any other value also refuses 0
    /// (a peer that would never send KEEPALIVEs).
    pub minimum_hold_time: u16,
    /// Never initiate a connection: wait for the peer's (RFC 4271 PassiveTcpEstablishment,
    /// without the ConnectRetryTimer-driven fallback to connecting).
    pub passive: bool,
    /// The capabilities to announce, in order (the 4-octet AS one included when wanted).
    pub capabilities: Vec<Capability>,
    /// Families the peer must support: if the OPENs do not agree on one of them, the
    /// session is refused with Unsupported Capability (2/7) and not restarted automatically
    /// (RFC 5492 §3).
    pub required_families: Vec<Family>,
    /// Connect-retry and restart backoff.
    pub retry: RetryPolicy,
    /// DelayOpenTime (RFC 4271 §8.1.1): when set, wait this long for the peer's OPEN before
    /// sending ours.
    pub delay_open: Option<Duration>,
    /// Retry without all capabilities when the peer closes the connection right after our
    /// OPEN without a NOTIFICATION (some old speakers do that instead of sending 2/4).
    pub fallback_on_close: bool,
    /// RFC 7311 §3.1 AIGP_SESSION: whether this session carries AIGP (copied into
    /// `Negotiated::aigp`).
    pub aigp: bool,
}

impl SessionConfig {
    /// A configuration with RFC 4271's suggested timers, announcing the 4-octet AS
    /// capability, actively connecting.
    pub fn new(local_as: u32, peer_as: u32, local_identifier: Ipv4Addr) -> SessionConfig {
        SessionConfig {
            local_as,
            peer_as,
            local_identifier,
            hold_time: DEFAULT_HOLD_TIME,
            minimum_hold_time: 0,
            passive: false,
            capabilities: vec![Capability::FourOctetAs(local_as)],
            required_families: Vec::new(),
            retry: RetryPolicy::default(),
            delay_open: None,
            fallback_on_close: false,
            aigp: false,
        }
    }

    /// Whether the peer is internal (same AS).
    pub fn is_internal(&self) -> bool {
        self.local_as == self.peer_as
    }

    /// The Hold Time we propose. RFC 4271 §4.2: "The Hold Time MUST be either zero or at
    /// least three seconds."
    pub fn proposed_hold_time(&self) -> u16 {
        match self.hold_time {
            1 | 2 => 3,
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_hold_time_floor() {
        let mut config = SessionConfig::new(65001, 65001, Ipv4Addr::new(192, 0, 2, 1));
        assert!(config.is_internal());
        assert_eq!(config.proposed_hold_time(), 90);
        assert_eq!(config.capabilities, vec![Capability::FourOctetAs(65001)]);
        for (configured, proposed) in [(0, 0), (1, 3), (2, 3), (3, 3), (u16::MAX, u16::MAX)] {
            config.hold_time = configured;
            assert_eq!(config.proposed_hold_time(), proposed);
        }
    }
}
