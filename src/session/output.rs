//! What the FSM asks the peer task to do, as values.
//!
//! The FSM never touches a socket or a clock: it returns these in the order they must be
//! carried out (a NOTIFICATION is written before the connection is dropped).

use std::time::Duration;

use crate::wire::capability::GracefulRestart;
use crate::wire::negotiated::Negotiated;
use crate::wire::notification::Notification;
use crate::wire::open::Open;
use crate::wire::route_refresh::RouteRefresh;
use crate::wire::update::Update;

use super::timer::Timer;

/// One action for the peer task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Initiate a TCP connection to the peer (its result comes back as Event 16 or 18).
    ConnectTcp,
    /// Close the TCP connection, or abandon the attempt in progress.
    DropTcp,
    /// Send this OPEN.
    SendOpen(Open),
    /// Send a KEEPALIVE.
    SendKeepalive,
    /// Send this NOTIFICATION (a `DropTcp` follows).
    SendNotification(Notification),
    /// Start `timer` to fire after `duration`, replacing it if it runs.
    StartTimer { timer: Timer, duration: Duration },
    /// Stop `timer`; it must not fire any more.
    StopTimer(Timer),
    /// The session reached Established with what the OPENs agreed on: the codec context,
    /// the families to send, when to send End-of-RIB.
    SessionEstablished(Box<Negotiated>),
    /// The session left Established: the RIB must delete the peer's routes, or, when
    /// `peer_graceful_restart` is present (both sides announced Graceful Restart, RFC 4724),
    /// may keep them as stale for its restart time and families (RFC 4724 §4.2). Which
    /// `reason`s allow that is the RIB's decision (RFC 4724 §4.2 or RFC 8538).
    SessionDown {
        reason: DownReason,
        peer_graceful_restart: Option<GracefulRestart>,
    },
    /// Hand this UPDATE to the RIB (Event 27 in Established).
    DeliverUpdate(Box<Update>),
    /// The peer asked for our routes of a family again (RFC 2918, RFC 7313 subtype 0), or
    /// marked the start or end of its own re-advertisement (subtypes 1 and 2).
    RouteRefreshRequested(RouteRefresh),
}

/// Why a connection was closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DownReason {
    /// We closed the connection; this NOTIFICATION says why. It was sent when the TCP
    /// connection was up (an attempt still connecting closes silently).
    LocalNotification(Notification),
    /// The peer sent this NOTIFICATION.
    PeerNotification(Notification),
    /// The TCP connection failed, or the peer closed it without a NOTIFICATION.
    ConnectionLost,
}
