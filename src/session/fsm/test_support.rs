//! Shared vocabulary of the FSM tests: a configuration, the two OPENs, the notifications,
//! an FSM brought to each state by real inputs, and one representative of every event.

use std::net::Ipv4Addr;
use std::time::Duration;

use crate::wire::capability::Capability;
use crate::wire::error::NotificationError;
use crate::wire::family::Family;
use crate::wire::negotiated::Negotiated;
use crate::wire::notification::Notification;
use crate::wire::open::Open;
use crate::wire::route_refresh::{RouteRefresh, RouteRefreshSubtype};
use crate::wire::update::Update;

use super::super::config::SessionConfig;
use super::super::input::Input;
use super::super::output::{DownReason, Output};
use super::super::state::State;
use super::super::timer::Timer;
use super::Fsm;

pub(super) fn config() -> SessionConfig {
    let mut config = SessionConfig::new(65001, 65002, Ipv4Addr::new(192, 0, 2, 1));
    config.capabilities = vec![
        Capability::Multiprotocol(Family::IPV4_UNICAST),
        Capability::FourOctetAs(65001),
    ];
    config
}

/// The OPEN `config()` sends.
pub(super) fn our_open() -> Open {
    Open::new(
        65001,
        90,
        Ipv4Addr::new(192, 0, 2, 1),
        vec![
            Capability::Multiprotocol(Family::IPV4_UNICAST),
            Capability::FourOctetAs(65001),
        ],
    )
}

pub(super) fn peer_open() -> Open {
    Open::new(
        65002,
        90,
        Ipv4Addr::new(192, 0, 2, 2),
        vec![
            Capability::Multiprotocol(Family::IPV4_UNICAST),
            Capability::FourOctetAs(65002),
        ],
    )
}

pub(super) fn seconds(value: u64) -> Duration {
    Duration::from_secs(value)
}

pub(super) fn start(timer: Timer, duration: u64) -> Output {
    Output::StartTimer {
        timer,
        duration: seconds(duration),
    }
}

pub(super) fn stop(timer: Timer) -> Output {
    Output::StopTimer(timer)
}

pub(super) fn send(notification: &Notification) -> Output {
    Output::SendNotification(notification.clone())
}

pub(super) fn down(reason: DownReason) -> Output {
    Output::SessionDown {
        reason,
        peer_graceful_restart: None,
    }
}

pub(super) fn local(notification: &Notification) -> DownReason {
    DownReason::LocalNotification(notification.clone())
}

pub(super) fn administrative_shutdown() -> Notification {
    Notification::cease(2)
}

pub(super) fn maximum_prefixes() -> Notification {
    Notification::cease(1)
}

pub(super) fn header_error() -> NotificationError {
    NotificationError::header(2, vec![0, 18], "length 18")
}

pub(super) fn open_error() -> NotificationError {
    NotificationError::open(1, vec![0, 4], "version 3")
}

pub(super) fn update_error() -> NotificationError {
    NotificationError::malformed_attribute_list("broken")
}

pub(super) fn route_refresh_error() -> NotificationError {
    NotificationError::new(7, 1, vec![0, 1, 0], "length 3")
}

pub(super) fn version_error() -> Notification {
    Notification::new(2, 1, vec![0, 4])
}

pub(super) fn peer_cease() -> Notification {
    Notification::cease(4)
}

pub(super) fn end_of_rib() -> Box<Update> {
    Box::new(Update::end_of_rib_marker(Family::IPV4_UNICAST))
}

pub(super) fn refresh() -> RouteRefresh {
    RouteRefresh::new(Family::IPV4_UNICAST, RouteRefreshSubtype::Normal)
}

pub(super) fn negotiated() -> Negotiated {
    Negotiated::from_opens(&our_open(), &peer_open())
}

/// An FSM brought to `state` by the usual inputs: Connect by ManualStart, Active by the
/// passive ManualStart, OpenSent by our connection completing, OpenConfirm by the peer's
/// OPEN, Established by its KEEPALIVE.
pub(super) fn fsm_in(state: State, config: SessionConfig) -> Fsm {
    let mut fsm = Fsm::new(config);
    let path: &[Input] = match state {
        State::Idle => &[],
        State::Connect => &[Input::ManualStart],
        State::Active => &[Input::ManualStartWithPassiveTcpEstablishment],
        State::OpenSent => &[Input::ManualStart, Input::TcpConnectionRequestAcknowledged],
        State::OpenConfirm => &[
            Input::ManualStart,
            Input::TcpConnectionRequestAcknowledged,
            Input::BgpOpen(peer_open()),
        ],
        State::Established => &[
            Input::ManualStart,
            Input::TcpConnectionRequestAcknowledged,
            Input::BgpOpen(peer_open()),
            Input::KeepaliveMessage,
        ],
    };
    for input in path {
        fsm.handle(input.clone());
    }
    assert_eq!(fsm.state(), state);
    fsm
}

/// One representative of every event, named.
pub(super) fn every_input() -> Vec<(&'static str, Input)> {
    vec![
        ("1 ManualStart", Input::ManualStart),
        ("2 ManualStop", Input::ManualStop(administrative_shutdown())),
        ("3 AutomaticStart", Input::AutomaticStart),
        (
            "4 ManualStart_with_PassiveTcpEstablishment",
            Input::ManualStartWithPassiveTcpEstablishment,
        ),
        (
            "5 AutomaticStart_with_PassiveTcpEstablishment",
            Input::AutomaticStartWithPassiveTcpEstablishment,
        ),
        ("8 AutomaticStop", Input::AutomaticStop(maximum_prefixes())),
        (
            "9 ConnectRetryTimer_Expires",
            Input::ConnectRetryTimerExpires,
        ),
        ("10 HoldTimer_Expires", Input::HoldTimerExpires),
        ("11 KeepaliveTimer_Expires", Input::KeepaliveTimerExpires),
        ("12 DelayOpenTimer_Expires", Input::DelayOpenTimerExpires),
        ("13 IdleHoldTimer_Expires", Input::IdleHoldTimerExpires),
        ("16 Tcp_CR_Acked", Input::TcpConnectionRequestAcknowledged),
        ("17 TcpConnectionConfirmed", Input::TcpConnectionConfirmed),
        ("18 TcpConnectionFails", Input::TcpConnectionFails),
        ("19 BGPOpen", Input::BgpOpen(peer_open())),
        ("21 BGPHeaderErr", Input::BgpHeaderError(header_error())),
        ("22 BGPOpenMsgErr", Input::BgpOpenMessageError(open_error())),
        ("23 OpenCollisionDump", Input::OpenCollisionDump),
        (
            "24 NotifMsgVerErr",
            Input::NotificationMessage(version_error()),
        ),
        ("25 NotifMsg", Input::NotificationMessage(peer_cease())),
        ("26 KeepAliveMsg", Input::KeepaliveMessage),
        ("27 UpdateMsg", Input::UpdateMessage(end_of_rib())),
        ("28 UpdateMsgErr", Input::UpdateMessageError(update_error())),
        ("ROUTE-REFRESH", Input::RouteRefreshMessage(refresh())),
        (
            "ROUTE-REFRESH error",
            Input::RouteRefreshMessageError(route_refresh_error()),
        ),
    ]
}
