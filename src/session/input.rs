//! What can happen to a session: the events of RFC 4271 §8.1 as one enum.
//!
//! The peer task turns socket activity, decoded messages, fired timers and operator commands
//! into these values. Nothing here decides anything; see `fsm`.
//!
//! Left out on purpose: Events 6 and 7 (AutomaticStart_with_DampPeerOscillations…): every
//! automatic restart is already damped by the IdleHoldTimer backoff; Events 14 and 15
//! (TcpConnection_Valid, Tcp_CR_Invalid): whether an incoming connection belongs to this peer
//! is decided by the listener before any FSM sees it, and neither event changes a state.

use crate::wire::error::NotificationError;
use crate::wire::notification::Notification;
use crate::wire::open::Open;
use crate::wire::route_refresh::RouteRefresh;
use crate::wire::update::Update;

/// One FSM event. The RFC 4271 §8.1 event number is in each variant's documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Event 1: ManualStart. With `SessionConfig::passive`, handled as Event 4.
    ManualStart,
    /// Event 2: ManualStop. The Cease NOTIFICATION to send (Administrative Shutdown,
    /// Peer De-configured, ...); automatic restarts stop until the next start.
    ManualStop(Notification),
    /// Event 3: AutomaticStart. With `SessionConfig::passive`, handled as Event 5.
    AutomaticStart,
    /// Event 4: ManualStart_with_PassiveTcpEstablishment.
    ManualStartWithPassiveTcpEstablishment,
    /// Event 5: AutomaticStart_with_PassiveTcpEstablishment.
    AutomaticStartWithPassiveTcpEstablishment,
    /// Event 8: AutomaticStop, with the Cease to send (e.g. Maximum Number of Prefixes
    /// Reached). Unlike ManualStop, the session restarts automatically after the backoff.
    AutomaticStop(Notification),
    /// Event 9: ConnectRetryTimer_Expires.
    ConnectRetryTimerExpires,
    /// Event 10: HoldTimer_Expires.
    HoldTimerExpires,
    /// Event 11: KeepaliveTimer_Expires.
    KeepaliveTimerExpires,
    /// Event 12: DelayOpenTimer_Expires.
    DelayOpenTimerExpires,
    /// Event 13: IdleHoldTimer_Expires: the backoff after a failure is over.
    IdleHoldTimerExpires,
    /// Event 16: Tcp_CR_Acked: the connection we initiated is up.
    TcpConnectionRequestAcknowledged,
    /// Event 17: TcpConnectionConfirmed: a connection the peer initiated was accepted. In
    /// Connect, the peer task abandons its own attempt in progress: this one is used.
    TcpConnectionConfirmed,
    /// Event 18: TcpConnectionFails: the connection failed or the peer closed it.
    TcpConnectionFails,
    /// Event 19: BGPOpen, or Event 20 (BGPOpen with DelayOpenTimer running): the FSM knows
    /// whether its DelayOpenTimer runs. The OPEN passed the codec's checks (`Open::decode`).
    BgpOpen(Open),
    /// Event 21: BGPHeaderErr: the header of a received message is wrong (code 1).
    BgpHeaderError(NotificationError),
    /// Event 22: BGPOpenMsgErr: a received OPEN failed `Open::decode` (code 2).
    BgpOpenMessageError(NotificationError),
    /// Event 23: OpenCollisionDump: collision resolution (see `collision`) chose to close
    /// this connection.
    OpenCollisionDump,
    /// Event 24 (NotifMsgVerErr, when it is 2/1 Unsupported Version Number) or Event 25
    /// (NotifMsg): a NOTIFICATION was received.
    NotificationMessage(Notification),
    /// Event 26: KeepAliveMsg.
    KeepaliveMessage,
    /// Event 27: UpdateMsg: a decoded UPDATE. Its RFC 7606 outcome (treat-as-withdraw,
    /// attribute discard) travels on it to the RIB.
    UpdateMessage(Box<Update>),
    /// Event 28: UpdateMsgErr: the UPDATE must close the session with this NOTIFICATION.
    UpdateMessageError(NotificationError),
    /// A ROUTE-REFRESH message (RFC 2918, RFC 7313; no RFC 4271 event number).
    RouteRefreshMessage(RouteRefresh),
    /// A malformed ROUTE-REFRESH (RFC 7313 §5: code 7, Invalid Message Length).
    RouteRefreshMessageError(NotificationError),
}

impl Input {
    /// The RFC 4271 §8.1 event number (24 and 25 share a variant: 25 is returned unless the
    /// NOTIFICATION is a version error; 19 stands for 19 and 20). `None` for ROUTE-REFRESH,
    /// which RFC 4271 does not number.
    pub fn event_number(&self) -> Option<u8> {
        Some(match self {
            Input::ManualStart => 1,
            Input::ManualStop(_) => 2,
            Input::AutomaticStart => 3,
            Input::ManualStartWithPassiveTcpEstablishment => 4,
            Input::AutomaticStartWithPassiveTcpEstablishment => 5,
            Input::AutomaticStop(_) => 8,
            Input::ConnectRetryTimerExpires => 9,
            Input::HoldTimerExpires => 10,
            Input::KeepaliveTimerExpires => 11,
            Input::DelayOpenTimerExpires => 12,
            Input::IdleHoldTimerExpires => 13,
            Input::TcpConnectionRequestAcknowledged => 16,
            Input::TcpConnectionConfirmed => 17,
            Input::TcpConnectionFails => 18,
            Input::BgpOpen(_) => 19,
            Input::BgpHeaderError(_) => 21,
            Input::BgpOpenMessageError(_) => 22,
            Input::OpenCollisionDump => 23,
            Input::NotificationMessage(notification) => {
                if is_version_error(notification) {
                    24
                } else {
                    25
                }
            }
            Input::KeepaliveMessage => 26,
            Input::UpdateMessage(_) => 27,
            Input::UpdateMessageError(_) => 28,
            Input::RouteRefreshMessage(_) | Input::RouteRefreshMessageError(_) => return None,
        })
    }

    /// Whether this input reports a received BGP message (well formed or not).
    pub fn is_message(&self) -> bool {
        matches!(
            self,
            Input::BgpOpen(_)
                | Input::BgpHeaderError(_)
                | Input::BgpOpenMessageError(_)
                | Input::NotificationMessage(_)
                | Input::KeepaliveMessage
                | Input::UpdateMessage(_)
                | Input::UpdateMessageError(_)
                | Input::RouteRefreshMessage(_)
                | Input::RouteRefreshMessageError(_)
        )
    }
}

/// RFC 4271 §8.1.5, Event 24: "An event is generated when a NOTIFICATION message with
/// "version error" is received." That is OPEN Message Error / Unsupported Version Number.
pub fn is_version_error(notification: &Notification) -> bool {
    use crate::wire::iana::notification::{OPEN_MESSAGE_ERROR, open};
    notification.code == OPEN_MESSAGE_ERROR
        && notification.subcode == open::UNSUPPORTED_VERSION_NUMBER
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_numbers() {
        assert_eq!(Input::ManualStart.event_number(), Some(1));
        assert_eq!(
            Input::NotificationMessage(Notification::new(2, 1, vec![0, 4])).event_number(),
            Some(24)
        );
        assert_eq!(
            Input::NotificationMessage(Notification::cease(2)).event_number(),
            Some(25)
        );
        assert_eq!(
            Input::UpdateMessageError(NotificationError::malformed_attribute_list("x"))
                .event_number(),
            Some(28)
        );
        assert!(Input::KeepaliveMessage.is_message());
        assert!(!Input::HoldTimerExpires.is_message());
    }
}
