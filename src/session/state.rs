//! The six states of the BGP FSM (RFC 4271 §8.2.2).
//!
//! Only the names live here; what each state does with each event is `fsm`'s business.

use std::fmt;

/// A BGP FSM state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// "In this state, BGP FSM refuses all incoming BGP connections for this peer."
    Idle,
    /// "In this state, BGP FSM is waiting for the TCP connection to be completed."
    Connect,
    /// "In this state, BGP FSM is trying to acquire a peer by listening for, and accepting, a
    /// TCP connection."
    Active,
    /// "In this state, BGP FSM waits for an OPEN message from its peer."
    OpenSent,
    /// "In this state, BGP waits for a KEEPALIVE or NOTIFICATION message."
    OpenConfirm,
    /// "In the Established state, the BGP FSM can exchange UPDATE, NOTIFICATION, and
    /// KEEPALIVE messages with its peer."
    Established,
}

impl State {
    /// Every state, in RFC order.
    pub const ALL: [State; 6] = [
        State::Idle,
        State::Connect,
        State::Active,
        State::OpenSent,
        State::OpenConfirm,
        State::Established,
    ];

    /// The lower-case name ExaBGP and most daemons print ("opensent").
    pub fn name(self) -> &'static str {
        match self {
            State::Idle => "idle",
            State::Connect => "connect",
            State::Active => "active",
            State::OpenSent => "opensent",
            State::OpenConfirm => "openconfirm",
            State::Established => "established",
        }
    }

    /// Whether a connection collision can be detected with a connection in this state.
    ///
    /// RFC 4271 §6.8: "Note that a connection collision cannot be detected with connections
    /// that are in Idle, Connect, or Active states."
    pub fn can_collide(self) -> bool {
        matches!(
            self,
            State::OpenSent | State::OpenConfirm | State::Established
        )
    }
}

impl fmt::Display for State {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_collision_states() {
        let names: Vec<String> = State::ALL.iter().map(State::to_string).collect();
        assert_eq!(
            names,
            [
                "idle",
                "connect",
                "active",
                "opensent",
                "openconfirm",
                "established"
            ]
        );
        let colliding: Vec<State> = State::ALL.into_iter().filter(|s| s.can_collide()).collect();
        assert_eq!(
            colliding,
            [State::OpenSent, State::OpenConfirm, State::Established]
        );
    }
}
