//! What travels between the hub and a peer task: `PeerCmd` down, `PeerEvent` (tagged with the
//! neighbor as a `NeighborEvent`) up, both through bounded channels.
//!
//! Values only: no behaviour lives here. `PeerCmd` carries a live socket
//! (`PeerCmd::Incoming`), so it is neither `Clone` nor `PartialEq`.

use std::net::SocketAddr;

use tokio::net::TcpStream;
use tokio::sync::oneshot;

use crate::rib::StoredRoute;
use crate::session::{ConnectionDirection, DownReason, State};
use crate::wire::family::Family;
use crate::wire::iana::notification::cease;
use crate::wire::message::Message;
use crate::wire::negotiated::Negotiated;
use crate::wire::notification::Notification;
use crate::wire::open::Open;

use super::config::NeighborId;
use super::routes::RouteChange;

/// A command from the hub to one peer task.
#[derive(Debug)]
pub enum PeerCmd {
    /// Start the session (RFC 4271 ManualStart; passive neighbors wait for a connection).
    Start,
    /// Stop the session (ManualStop): a Cease with `subcode` and, for Administrative Shutdown
    /// (2) and Reset (4), the RFC 9003 Shutdown Communication `message` (may be empty). No
    /// automatic restart until the next `Start`.
    Stop { subcode: u8, message: String },
    /// Changes to the Adj-RIB-Out, applied in order and sent as one batch.
    Routes(Vec<RouteChange>),
    /// Ask the peer to send `family` again (ROUTE-REFRESH, RFC 2918), if it supports it.
    RequestRefresh(Family),
    /// Send the whole Adj-RIB-Out again (ExaBGP's `flush adj-rib out`), between BoRR and EoRR
    /// markers when enhanced route refresh was negotiated.
    Readvertise,
    /// A connection the listener accepted from this neighbor.
    Incoming {
        stream: TcpStream,
        remote: SocketAddr,
    },
    /// Change which messages are reported (see `PeerConfig::report_*`).
    ReportMessages { keepalives: bool, sent: bool },
    /// Stop (`true`) or resume (`false`) reading the socket, as a full outbox does: the hub
    /// holds the peers whose events go to a helper that reads slowly. Timers, KEEPALIVEs,
    /// commands and writes go on.
    HoldReading(bool),
    /// Answer with every route of the Adj-RIB-Out (`show adj-rib out`).
    ListRoutes(tokio::sync::oneshot::Sender<Vec<crate::rib::Route>>),
    /// Stop as `Stop` does, deliver the NOTIFICATION, report `PeerEvent::Stopped` and end
    /// the task. Closing the command channel does the same with Cease 2 and no message.
    Shutdown { subcode: u8, message: String },
    /// Send the End-of-RIB marker of `family` now (RFC 4724 §2; `announce eor`, needed with
    /// `manual-eor`), after the route changes already received; nothing unless the session is
    /// Established with `family`.
    EndOfRib(Family),
    /// Answer with every route of the Adj-RIB-In (sorted by family then NLRI); an empty list
    /// when the neighbor keeps none (`adj-rib-in #false`) or the session is down.
    ReceivedRoutes(oneshot::Sender<Vec<StoredRoute>>),
    /// Forget the routes the peer sent (`clear adj-rib in`).
    ClearReceivedRoutes,
    /// The daemon stops and means to come back (graceful restart, RFC 4724): when the
    /// session is Established and both OPENs carried the Graceful Restart capability, close
    /// the TCP connection without a NOTIFICATION, so that the peer keeps our routes as stale
    /// until our End-of-RIB; otherwise exactly as `Shutdown`. Ends the task either way.
    ShutdownForRestart { subcode: u8, message: String },
    /// Send this OPERATIONAL message (ExaBGP's `announce operational`) now, after the route
    /// changes already received; nothing unless the session is Established and both sides
    /// announced the operational capability.
    SendOperational(crate::wire::operational::Operational),
}

/// The Cease NOTIFICATION of a stop. RFC 9003 §2: the Shutdown Communication is defined for
/// "the Administrative Shutdown and Administrative Reset subcodes"; other subcodes carry none.
pub fn cease_notification(subcode: u8, message: &str) -> Notification {
    if subcode == cease::ADMINISTRATIVE_SHUTDOWN || subcode == cease::ADMINISTRATIVE_RESET {
        Notification::cease_with_message(subcode, message)
    } else {
        Notification::cease(subcode)
    }
}

/// A message as received or sent: decoded, and as raw header and body (for ExaBGP's
/// `"header"`/`"body"` fields and packet-level helpers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageEvent {
    pub message: Message,
    pub header: Vec<u8>,
    pub body: Vec<u8>,
}

/// Something that happened to a peer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerEvent {
    /// The FSM changed state.
    StateChanged { from: State, to: State },
    /// A TCP connection is up (ExaBGP's "connected").
    Connected {
        direction: ConnectionDirection,
        local: Option<SocketAddr>,
        remote: Option<SocketAddr>,
    },
    /// An outgoing connection attempt failed.
    ConnectFailed { error: String },
    /// The OPENs were exchanged; what they agreed on (ExaBGP's "negotiated").
    Negotiated {
        negotiated: Box<Negotiated>,
        sent_open: Box<Open>,
        received_open: Box<Open>,
    },
    /// Established (ExaBGP's "up").
    Up,
    /// The session left Established (ExaBGP's "down"): a readable `reason` and its cause.
    Down { reason: String, cause: DownReason },
    /// A message arrived (KEEPALIVEs only when reported). UPDATEs carry their RFC 7606
    /// outcome (`Update::problems`); a malformed message that resets the session is not
    /// reported here but as `NotificationSent`.
    Received(Box<MessageEvent>),
    /// A message was sent (when reported).
    Sent(Box<MessageEvent>),
    /// We sent this NOTIFICATION.
    NotificationSent(Notification),
    /// The peer sent this NOTIFICATION.
    NotificationReceived(Notification),
    /// The peer finished its initial table of `family` (RFC 4724 End-of-RIB).
    EndOfRib(Family),
    /// The task ended (after `PeerCmd::Shutdown`, `PeerCmd::ShutdownForRestart` or the
    /// command channel closing).
    Stopped,
}

/// A `PeerEvent` and the neighbor it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeighborEvent {
    pub neighbor: NeighborId,
    pub event: PeerEvent,
}

/// A readable reason for a session going down.
pub fn down_reason_text(reason: &DownReason) -> String {
    match reason {
        DownReason::LocalNotification(notification) => {
            format!("notification sent: {}", notification_text(notification))
        }
        DownReason::PeerNotification(notification) => {
            format!("notification received: {}", notification_text(notification))
        }
        DownReason::ConnectionLost => "connection lost".to_owned(),
    }
}

/// "(6/2) Cease, Administrative Shutdown: text".
pub fn notification_text(notification: &Notification) -> String {
    let mut text = format!(
        "({}/{}) {}, {}",
        notification.code,
        notification.subcode,
        notification.code_name().unwrap_or("unknown error"),
        notification.subcode_name().unwrap_or("unknown reason"),
    );
    if let Some(communication) = notification.shutdown_communication()
        && !communication.is_empty()
    {
        text.push_str(": ");
        text.push_str(&communication);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_carry_a_shutdown_communication_only_where_rfc_9003_defines_one() {
        assert_eq!(
            cease_notification(2, "maintenance"),
            Notification::cease_with_message(2, "maintenance")
        );
        assert_eq!(cease_notification(3, "gone"), Notification::cease(3));
    }

    #[test]
    fn reasons_read_well() {
        let table = [
            (
                DownReason::PeerNotification(Notification::cease_with_message(2, "bye")),
                "notification received: (6/2) Cease, Administrative Shutdown: bye",
            ),
            (
                DownReason::LocalNotification(Notification::new(4, 0, Vec::new())),
                "notification sent: (4/0) Hold timer expired, Unspecific",
            ),
            (DownReason::ConnectionLost, "connection lost"),
        ];
        for (reason, text) in table {
            assert_eq!(down_reason_text(&reason), text);
        }
    }
}
