//! Connection collision resolution (RFC 4271 §6.8, RFC 6286 §2.3).
//!
//! When the peer and we connect to each other at the same time, two connections to the same
//! peer exist, each with its own `Fsm`. When an OPEN arrives on one of them, the peer task asks
//! [`CollisionCheck::resolve`] which one to keep, and feeds `Input::OpenCollisionDump` to the
//! FSM of the one to close (it sends Cease / Connection Collision Resolution). Pure: this
//! module compares values; it neither closes nor sends anything.

use std::net::Ipv4Addr;

use crate::wire::iana::notification::cease;
use crate::wire::notification::Notification;

use super::state::State;

/// Who initiated a TCP connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConnectionDirection {
    /// We connected to the peer (Event 16, Tcp_CR_Acked).
    Outgoing,
    /// The peer connected to us (Event 17, TcpConnectionConfirmed).
    Incoming,
}

/// What to do about two connections to the same peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CollisionVerdict {
    /// The other connection is in Idle, Connect or Active: nothing to resolve.
    NoCollision,
    /// Close the connection that already existed; go on with the one that received the OPEN.
    CloseExisting,
    /// Close the connection on which the OPEN was received; keep the existing one.
    CloseReceiving,
}

/// The facts collision resolution needs, taken when an OPEN arrives on one connection (the
/// "receiving" one) while another connection to the same peer exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CollisionCheck {
    pub local_identifier: Ipv4Addr,
    /// The BGP Identifier in the OPEN just received.
    pub remote_identifier: Ipv4Addr,
    pub local_as: u32,
    /// The AS in the OPEN just received.
    pub remote_as: u32,
    pub receiving_direction: ConnectionDirection,
    pub existing_direction: ConnectionDirection,
    pub existing_state: State,
    /// RFC 4271's CollisionDetectEstablishedState: also resolve collisions with an
    /// Established connection instead of always keeping it.
    pub collision_detect_established: bool,
}

impl CollisionCheck {
    /// Decides which connection to close.
    ///
    /// RFC 4271 §6.8: "The convention is to compare the BGP Identifiers of the peers involved
    /// in the collision and to retain only the connection initiated by the BGP speaker with
    /// the higher-valued BGP Identifier." Connections in OpenSent are examined too (RFC 4271
    /// §6.8: "A BGP speaker MAY also examine connections in an OpenSent state if it knows
    /// the BGP Identifier of the peer by means outside of the protocol"): both connections
    /// go to the same configured neighbor, so the OPEN just received tells us who it is.
    pub fn resolve(&self) -> CollisionVerdict {
        match self.existing_state {
            State::Idle | State::Connect | State::Active => return CollisionVerdict::NoCollision,
            // RFC 4271 §6.8: "Unless allowed via configuration, a connection collision with
            // an existing BGP connection that is in the Established state causes closing of
            // the newly created connection."
            State::Established if !self.collision_detect_established => {
                return CollisionVerdict::CloseReceiving;
            }
            State::OpenSent | State::OpenConfirm | State::Established => {}
        }
        if self.receiving_direction == self.existing_direction {
            // Not a collision in the §6.8 sense (the two connections are not each other's
            // mirror image): the older connection, further along, is kept.
            return CollisionVerdict::CloseReceiving;
        }
        let Some(preserved) = self.preserved_direction() else {
            return CollisionVerdict::CloseReceiving;
        };
        if preserved == self.receiving_direction {
            CollisionVerdict::CloseExisting
        } else {
            CollisionVerdict::CloseReceiving
        }
    }

    /// The direction of the connection to keep: the one initiated by the speaker with the
    /// higher BGP Identifier, or with equal identifiers the higher AS. `None` when both are
    /// equal (which `check_open` refuses on internal sessions before it can happen).
    fn preserved_direction(&self) -> Option<ConnectionDirection> {
        let local = identifier_value(self.local_identifier);
        let remote = identifier_value(self.remote_identifier);
        let local_initiated_wins = if local != remote {
            local > remote
        } else if self.local_as != self.remote_as {
            // RFC 6286 §2.3: "If the BGP Identifiers of the peers involved in the connection
            // collision are identical, then the connection initiated by the BGP speaker with
            // the larger AS number is preserved."
            self.local_as > self.remote_as
        } else {
            return None;
        };
        Some(if local_initiated_wins {
            ConnectionDirection::Outgoing
        } else {
            ConnectionDirection::Incoming
        })
    }
}

/// RFC 4271 §6.8: "Comparing BGP Identifiers is done by converting them to host byte order and
/// treating them as 4-octet unsigned integers." `Ipv4Addr` holds the octets in network order;
/// `u32::from` reads them as that integer.
pub fn identifier_value(identifier: Ipv4Addr) -> u32 {
    u32::from(identifier)
}

/// The NOTIFICATION that closes the losing connection. RFC 4271 §6.8: "Closing the BGP
/// connection (that results from the collision resolution procedure) is accomplished by
/// sending the NOTIFICATION message with the Error Code Cease"; RFC 4486 §4 names the
/// subcode: Connection Collision Resolution (7).
pub fn collision_notification() -> Notification {
    Notification::cease(cease::CONNECTION_COLLISION_RESOLUTION)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConnectionDirection::{Incoming, Outgoing};
    use State::*;

    fn check(
        local: [u8; 4],
        remote: [u8; 4],
        receiving: ConnectionDirection,
        existing: ConnectionDirection,
        existing_state: State,
    ) -> CollisionCheck {
        CollisionCheck {
            local_identifier: Ipv4Addr::from(local),
            remote_identifier: Ipv4Addr::from(remote),
            local_as: 65001,
            remote_as: 65002,
            receiving_direction: receiving,
            existing_direction: existing,
            existing_state,
            collision_detect_established: false,
        }
    }

    #[test]
    fn verdict_table() {
        use CollisionVerdict::*;
        // (local id, remote id, receiving, existing, existing state, verdict)
        let table = [
            // RFC 4271 §6.8 step 2: local < remote, existing (ours, OpenConfirm) is closed.
            (
                [1, 1, 1, 1],
                [2, 2, 2, 2],
                Incoming,
                Outgoing,
                OpenConfirm,
                CloseExisting,
            ),
            // Step 3: local > remote, the new connection is closed.
            (
                [2, 2, 2, 2],
                [1, 1, 1, 1],
                Incoming,
                Outgoing,
                OpenConfirm,
                CloseReceiving,
            ),
            // The OPEN arrives on our connection while theirs is in OpenConfirm.
            (
                [2, 2, 2, 2],
                [1, 1, 1, 1],
                Outgoing,
                Incoming,
                OpenConfirm,
                CloseExisting,
            ),
            (
                [1, 1, 1, 1],
                [2, 2, 2, 2],
                Outgoing,
                Incoming,
                OpenConfirm,
                CloseReceiving,
            ),
            // OpenSent is examined too.
            (
                [1, 1, 1, 1],
                [2, 2, 2, 2],
                Incoming,
                Outgoing,
                OpenSent,
                CloseExisting,
            ),
            // Host byte order: 10.0.0.1 > 9.255.255.255 although 1 < 255 in the last octet.
            (
                [10, 0, 0, 1],
                [9, 255, 255, 255],
                Incoming,
                Outgoing,
                OpenConfirm,
                CloseReceiving,
            ),
            (
                [128, 0, 0, 0],
                [127, 255, 255, 255],
                Outgoing,
                Incoming,
                OpenSent,
                CloseExisting,
            ),
            // No collision with a connection that has no OPEN exchange yet.
            (
                [1, 1, 1, 1],
                [2, 2, 2, 2],
                Incoming,
                Outgoing,
                Idle,
                NoCollision,
            ),
            (
                [1, 1, 1, 1],
                [2, 2, 2, 2],
                Incoming,
                Outgoing,
                Connect,
                NoCollision,
            ),
            (
                [1, 1, 1, 1],
                [2, 2, 2, 2],
                Incoming,
                Outgoing,
                Active,
                NoCollision,
            ),
            // Established wins unless configured otherwise.
            (
                [1, 1, 1, 1],
                [2, 2, 2, 2],
                Incoming,
                Outgoing,
                Established,
                CloseReceiving,
            ),
            // Same direction twice: keep the older.
            (
                [1, 1, 1, 1],
                [2, 2, 2, 2],
                Incoming,
                Incoming,
                OpenConfirm,
                CloseReceiving,
            ),
        ];
        for (local, remote, receiving, existing, state, verdict) in table {
            assert_eq!(
                check(local, remote, receiving, existing, state).resolve(),
                verdict,
                "{local:?} {remote:?} {receiving:?} {existing:?} {state:?}"
            );
        }
    }

    #[test]
    fn established_collision_when_configured() {
        let mut established = check([1, 1, 1, 1], [2, 2, 2, 2], Incoming, Outgoing, Established);
        established.collision_detect_established = true;
        assert_eq!(established.resolve(), CollisionVerdict::CloseExisting);
    }

    #[test]
    fn equal_identifiers_compare_as_numbers() {
        let mut same = check([1, 1, 1, 1], [1, 1, 1, 1], Incoming, Outgoing, OpenConfirm);
        // Remote AS 65002 is larger: the connection it initiated (incoming) stays.
        assert_eq!(same.resolve(), CollisionVerdict::CloseExisting);
        same.local_as = 65003;
        assert_eq!(same.resolve(), CollisionVerdict::CloseReceiving);
        same.local_as = 65002;
        assert_eq!(same.resolve(), CollisionVerdict::CloseReceiving);
    }

    #[test]
    fn both_sides_agree() {
        // Each speaker sees the other's view: the same TCP connection must survive on both.
        for (a, b) in [([1, 1, 1, 1], [2, 2, 2, 2]), ([9, 0, 0, 0], [8, 255, 0, 0])] {
            for state in [OpenSent, OpenConfirm] {
                // On A: OPEN arrives on A's incoming (B-initiated) connection.
                let on_a = check(a, b, Incoming, Outgoing, state).resolve();
                // On B: OPEN arrives on B's outgoing (B-initiated) connection.
                let on_b = check(b, a, Outgoing, Incoming, state).resolve();
                let a_keeps_b_initiated = on_a == CollisionVerdict::CloseExisting;
                let b_keeps_b_initiated = on_b == CollisionVerdict::CloseExisting;
                assert_eq!(a_keeps_b_initiated, b_keeps_b_initiated, "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn notification_is_cease_seven() {
        assert_eq!(collision_notification(), Notification::new(6, 7, vec![]));
        assert_eq!(identifier_value(Ipv4Addr::new(1, 2, 3, 4)), 0x0102_0304);
    }
}
