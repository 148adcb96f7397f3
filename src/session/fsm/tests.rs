//! The RFC 4271 §8.2.2 table: every state × every event, from a state reached by real inputs,
//! to the exact outputs, the next state and ConnectRetryCounter.

use crate::wire::notification::Notification;

use super::super::output::{DownReason, Output};
use super::super::state::State;
use super::super::timer::Timer;
use super::test_support::*;

/// (event name, outputs, next state, ConnectRetryCounter after).
type Cell = (&'static str, Vec<Output>, State, u32);

fn idle_cells() -> Vec<Cell> {
    use State::*;
    let connect = vec![start(Timer::ConnectRetry, 5), Output::ConnectTcp];
    let active = vec![start(Timer::ConnectRetry, 5)];
    let mut cells = vec![
        ("1 ManualStart", connect.clone(), Connect, 0),
        ("3 AutomaticStart", connect, Connect, 0),
        (
            "4 ManualStart_with_PassiveTcpEstablishment",
            active.clone(),
            Active,
            0,
        ),
        (
            "5 AutomaticStart_with_PassiveTcpEstablishment",
            active,
            Active,
            0,
        ),
    ];
    // Events 2 and 8 are ignored; "Any other event (Events 9-12, 15-28) received in the Idle
    // state does not cause change in the state of the local system."
    for (name, _) in every_input().into_iter().skip(5) {
        cells.push((name, vec![], Idle, 0));
    }
    cells.push(("2 ManualStop", vec![], Idle, 0));
    cells
}

fn connect_cells() -> Vec<Cell> {
    use State::*;
    let open_sent = vec![
        stop(Timer::ConnectRetry),
        Output::SendOpen(our_open()),
        start(Timer::Hold, 240),
    ];
    let to_idle = vec![
        stop(Timer::ConnectRetry),
        Output::DropTcp,
        start(Timer::IdleHold, 5),
    ];
    let mut cells = vec![
        ("1 ManualStart", vec![], Connect, 0),
        ("3 AutomaticStart", vec![], Connect, 0),
        (
            "4 ManualStart_with_PassiveTcpEstablishment",
            vec![],
            Connect,
            0,
        ),
        (
            "5 AutomaticStart_with_PassiveTcpEstablishment",
            vec![],
            Connect,
            0,
        ),
        (
            "2 ManualStop",
            vec![stop(Timer::ConnectRetry), Output::DropTcp],
            Idle,
            0,
        ),
        // Backoff: the second attempt gets twice the time.
        (
            "9 ConnectRetryTimer_Expires",
            vec![
                Output::DropTcp,
                start(Timer::ConnectRetry, 10),
                Output::ConnectTcp,
            ],
            Connect,
            0,
        ),
        // Stale: these timers do not run in Connect.
        ("10 HoldTimer_Expires", vec![], Connect, 0),
        ("11 KeepaliveTimer_Expires", vec![], Connect, 0),
        ("12 DelayOpenTimer_Expires", vec![], Connect, 0),
        ("13 IdleHoldTimer_Expires", vec![], Connect, 0),
        ("16 Tcp_CR_Acked", open_sent.clone(), OpenSent, 0),
        ("17 TcpConnectionConfirmed", open_sent, OpenSent, 0),
        // No increment of the counter in this cell.
        ("18 TcpConnectionFails", to_idle.clone(), Idle, 0),
    ];
    // Events 8, 19, 21-28 (no DelayOpen): Idle, counter + 1, nothing sent (not connected).
    for name in [
        "8 AutomaticStop",
        "19 BGPOpen",
        "21 BGPHeaderErr",
        "22 BGPOpenMsgErr",
        "23 OpenCollisionDump",
        "24 NotifMsgVerErr",
        "25 NotifMsg",
        "26 KeepAliveMsg",
        "27 UpdateMsg",
        "28 UpdateMsgErr",
        "ROUTE-REFRESH",
        "ROUTE-REFRESH error",
    ] {
        cells.push((name, to_idle.clone(), Idle, 1));
    }
    cells
}

fn active_cells() -> Vec<Cell> {
    use State::*;
    let open_sent = vec![
        stop(Timer::ConnectRetry),
        Output::SendOpen(our_open()),
        start(Timer::Hold, 240),
    ];
    let to_idle = vec![stop(Timer::ConnectRetry), start(Timer::IdleHold, 5)];
    let mut cells = vec![
        ("1 ManualStart", vec![], Active, 0),
        ("3 AutomaticStart", vec![], Active, 0),
        (
            "4 ManualStart_with_PassiveTcpEstablishment",
            vec![],
            Active,
            0,
        ),
        (
            "5 AutomaticStart_with_PassiveTcpEstablishment",
            vec![],
            Active,
            0,
        ),
        ("2 ManualStop", vec![stop(Timer::ConnectRetry)], Idle, 0),
        (
            "9 ConnectRetryTimer_Expires",
            vec![start(Timer::ConnectRetry, 5), Output::ConnectTcp],
            Connect,
            0,
        ),
        ("10 HoldTimer_Expires", vec![], Active, 0),
        ("11 KeepaliveTimer_Expires", vec![], Active, 0),
        ("12 DelayOpenTimer_Expires", vec![], Active, 0),
        ("13 IdleHoldTimer_Expires", vec![], Active, 0),
        ("16 Tcp_CR_Acked", open_sent.clone(), OpenSent, 0),
        ("17 TcpConnectionConfirmed", open_sent, OpenSent, 0),
        ("18 TcpConnectionFails", to_idle.clone(), Idle, 1),
    ];
    for name in [
        "8 AutomaticStop",
        "19 BGPOpen",
        "21 BGPHeaderErr",
        "22 BGPOpenMsgErr",
        "23 OpenCollisionDump",
        "24 NotifMsgVerErr",
        "25 NotifMsg",
        "26 KeepAliveMsg",
        "27 UpdateMsg",
        "28 UpdateMsgErr",
        "ROUTE-REFRESH",
        "ROUTE-REFRESH error",
    ] {
        cells.push((name, to_idle.clone(), Idle, 1));
    }
    cells
}

/// Closing from OpenSent (the large HoldTimer runs) with `notification` sent.
fn open_sent_closed(notification: Option<&Notification>) -> Vec<Output> {
    let mut outputs: Vec<Output> = notification.map(send).into_iter().collect();
    outputs.extend([
        stop(Timer::Hold),
        Output::DropTcp,
        start(Timer::IdleHold, 5),
    ]);
    outputs
}

fn open_sent_cells() -> Vec<Cell> {
    use State::*;
    let hold_expired = Notification::new(4, 0, vec![]);
    let unexpected = Notification::new(5, 1, vec![]);
    let mut cells = vec![
        ("1 ManualStart", vec![], OpenSent, 0),
        ("3 AutomaticStart", vec![], OpenSent, 0),
        (
            "4 ManualStart_with_PassiveTcpEstablishment",
            vec![],
            OpenSent,
            0,
        ),
        (
            "5 AutomaticStart_with_PassiveTcpEstablishment",
            vec![],
            OpenSent,
            0,
        ),
        ("16 Tcp_CR_Acked", vec![], OpenSent, 0),
        ("17 TcpConnectionConfirmed", vec![], OpenSent, 0),
        (
            "2 ManualStop",
            vec![
                send(&administrative_shutdown()),
                stop(Timer::Hold),
                Output::DropTcp,
            ],
            Idle,
            0,
        ),
        (
            "8 AutomaticStop",
            open_sent_closed(Some(&maximum_prefixes())),
            Idle,
            1,
        ),
        ("9 ConnectRetryTimer_Expires", vec![], OpenSent, 0),
        // The HoldTimer fired, so it is not stopped.
        (
            "10 HoldTimer_Expires",
            vec![
                send(&hold_expired),
                Output::DropTcp,
                start(Timer::IdleHold, 5),
            ],
            Idle,
            1,
        ),
        ("11 KeepaliveTimer_Expires", vec![], OpenSent, 0),
        ("12 DelayOpenTimer_Expires", vec![], OpenSent, 0),
        ("13 IdleHoldTimer_Expires", vec![], OpenSent, 0),
        (
            "18 TcpConnectionFails",
            vec![
                stop(Timer::Hold),
                Output::DropTcp,
                start(Timer::ConnectRetry, 10),
            ],
            Active,
            0,
        ),
        (
            "19 BGPOpen",
            vec![
                Output::SendKeepalive,
                start(Timer::Keepalive, 30),
                start(Timer::Hold, 90),
            ],
            OpenConfirm,
            0,
        ),
        (
            "21 BGPHeaderErr",
            open_sent_closed(Some(&header_error().into())),
            Idle,
            1,
        ),
        (
            "22 BGPOpenMsgErr",
            open_sent_closed(Some(&open_error().into())),
            Idle,
            1,
        ),
        (
            "23 OpenCollisionDump",
            open_sent_closed(Some(&Notification::cease(7))),
            Idle,
            1,
        ),
        ("24 NotifMsgVerErr", open_sent_closed(None), Idle, 0),
        ("25 NotifMsg", open_sent_closed(None), Idle, 1),
    ];
    for name in [
        "26 KeepAliveMsg",
        "27 UpdateMsg",
        "28 UpdateMsgErr",
        "ROUTE-REFRESH",
        "ROUTE-REFRESH error",
    ] {
        cells.push((name, open_sent_closed(Some(&unexpected)), Idle, 1));
    }
    cells
}

/// Closing from OpenConfirm or Established (HoldTimer and KeepaliveTimer run) with
/// `notification` sent, and SessionDown with `down` when leaving Established.
fn confirmed_closed(
    notification: Option<&Notification>,
    down_reason: Option<DownReason>,
    restart: bool,
) -> Vec<Output> {
    let mut outputs: Vec<Output> = notification.map(send).into_iter().collect();
    outputs.extend([stop(Timer::Hold), stop(Timer::Keepalive), Output::DropTcp]);
    outputs.extend(down_reason.map(down));
    if restart {
        outputs.push(start(Timer::IdleHold, 5));
    }
    outputs
}

fn open_confirm_cells() -> Vec<Cell> {
    use State::*;
    let hold_expired = Notification::new(4, 0, vec![]);
    let unexpected = Notification::new(5, 2, vec![]);
    let mut cells = vec![
        ("1 ManualStart", vec![], OpenConfirm, 0),
        ("3 AutomaticStart", vec![], OpenConfirm, 0),
        (
            "4 ManualStart_with_PassiveTcpEstablishment",
            vec![],
            OpenConfirm,
            0,
        ),
        (
            "5 AutomaticStart_with_PassiveTcpEstablishment",
            vec![],
            OpenConfirm,
            0,
        ),
        ("16 Tcp_CR_Acked", vec![], OpenConfirm, 0),
        ("17 TcpConnectionConfirmed", vec![], OpenConfirm, 0),
        (
            "2 ManualStop",
            confirmed_closed(Some(&administrative_shutdown()), None, false),
            Idle,
            0,
        ),
        (
            "8 AutomaticStop",
            confirmed_closed(Some(&maximum_prefixes()), None, true),
            Idle,
            1,
        ),
        ("9 ConnectRetryTimer_Expires", vec![], OpenConfirm, 0),
        (
            "10 HoldTimer_Expires",
            vec![
                send(&hold_expired),
                stop(Timer::Keepalive),
                Output::DropTcp,
                start(Timer::IdleHold, 5),
            ],
            Idle,
            1,
        ),
        (
            "11 KeepaliveTimer_Expires",
            vec![Output::SendKeepalive, start(Timer::Keepalive, 30)],
            OpenConfirm,
            0,
        ),
        ("12 DelayOpenTimer_Expires", vec![], OpenConfirm, 0),
        ("13 IdleHoldTimer_Expires", vec![], OpenConfirm, 0),
        (
            "18 TcpConnectionFails",
            confirmed_closed(None, None, true),
            Idle,
            1,
        ),
        // A second OPEN on the same connection.
        (
            "19 BGPOpen",
            confirmed_closed(Some(&unexpected), None, true),
            Idle,
            1,
        ),
        (
            "21 BGPHeaderErr",
            confirmed_closed(Some(&header_error().into()), None, true),
            Idle,
            1,
        ),
        (
            "22 BGPOpenMsgErr",
            confirmed_closed(Some(&open_error().into()), None, true),
            Idle,
            1,
        ),
        (
            "23 OpenCollisionDump",
            confirmed_closed(Some(&Notification::cease(7)), None, true),
            Idle,
            1,
        ),
        (
            "24 NotifMsgVerErr",
            confirmed_closed(None, None, true),
            Idle,
            0,
        ),
        ("25 NotifMsg", confirmed_closed(None, None, true), Idle, 1),
        (
            "26 KeepAliveMsg",
            vec![
                start(Timer::Hold, 90),
                Output::SessionEstablished(Box::new(negotiated())),
            ],
            Established,
            0,
        ),
    ];
    for name in [
        "27 UpdateMsg",
        "28 UpdateMsgErr",
        "ROUTE-REFRESH",
        "ROUTE-REFRESH error",
    ] {
        cells.push((
            name,
            confirmed_closed(Some(&unexpected), None, true),
            Idle,
            1,
        ));
    }
    cells
}

fn established_cells() -> Vec<Cell> {
    use State::*;
    let hold_expired = Notification::new(4, 0, vec![]);
    let unexpected = Notification::new(5, 3, vec![]);
    let shutdown = administrative_shutdown();
    let prefixes = maximum_prefixes();
    let header: Notification = header_error().into();
    let update: Notification = update_error().into();
    let refresh_error: Notification = route_refresh_error().into();
    let collision = Notification::cease(7);
    let closed_with = |notification: &Notification| {
        confirmed_closed(Some(notification), Some(local(notification)), true)
    };
    vec![
        ("1 ManualStart", vec![], Established, 0),
        ("3 AutomaticStart", vec![], Established, 0),
        (
            "4 ManualStart_with_PassiveTcpEstablishment",
            vec![],
            Established,
            0,
        ),
        (
            "5 AutomaticStart_with_PassiveTcpEstablishment",
            vec![],
            Established,
            0,
        ),
        ("16 Tcp_CR_Acked", vec![], Established, 0),
        ("17 TcpConnectionConfirmed", vec![], Established, 0),
        (
            "2 ManualStop",
            confirmed_closed(Some(&shutdown), Some(local(&shutdown)), false),
            Idle,
            0,
        ),
        ("8 AutomaticStop", closed_with(&prefixes), Idle, 1),
        ("9 ConnectRetryTimer_Expires", vec![], Established, 0),
        (
            "10 HoldTimer_Expires",
            vec![
                send(&hold_expired),
                stop(Timer::Keepalive),
                Output::DropTcp,
                down(local(&hold_expired)),
                start(Timer::IdleHold, 5),
            ],
            Idle,
            1,
        ),
        (
            "11 KeepaliveTimer_Expires",
            vec![Output::SendKeepalive, start(Timer::Keepalive, 30)],
            Established,
            0,
        ),
        ("12 DelayOpenTimer_Expires", vec![], Established, 0),
        ("13 IdleHoldTimer_Expires", vec![], Established, 0),
        (
            "18 TcpConnectionFails",
            confirmed_closed(None, Some(DownReason::ConnectionLost), true),
            Idle,
            1,
        ),
        ("19 BGPOpen", closed_with(&unexpected), Idle, 1),
        ("21 BGPHeaderErr", closed_with(&header), Idle, 1),
        ("22 BGPOpenMsgErr", closed_with(&unexpected), Idle, 1),
        ("23 OpenCollisionDump", closed_with(&collision), Idle, 1),
        (
            "24 NotifMsgVerErr",
            confirmed_closed(
                None,
                Some(DownReason::PeerNotification(version_error())),
                true,
            ),
            Idle,
            1,
        ),
        (
            "25 NotifMsg",
            confirmed_closed(None, Some(DownReason::PeerNotification(peer_cease())), true),
            Idle,
            1,
        ),
        (
            "26 KeepAliveMsg",
            vec![start(Timer::Hold, 90)],
            Established,
            0,
        ),
        (
            "27 UpdateMsg",
            vec![start(Timer::Hold, 90), Output::DeliverUpdate(end_of_rib())],
            Established,
            0,
        ),
        ("28 UpdateMsgErr", closed_with(&update), Idle, 1),
        (
            "ROUTE-REFRESH",
            vec![
                start(Timer::Hold, 90),
                Output::RouteRefreshRequested(refresh()),
            ],
            Established,
            0,
        ),
        ("ROUTE-REFRESH error", closed_with(&refresh_error), Idle, 1),
    ]
}

fn table() -> Vec<(State, Vec<Cell>)> {
    vec![
        (State::Idle, idle_cells()),
        (State::Connect, connect_cells()),
        (State::Active, active_cells()),
        (State::OpenSent, open_sent_cells()),
        (State::OpenConfirm, open_confirm_cells()),
        (State::Established, established_cells()),
    ]
}

#[test]
fn the_table_covers_every_state_and_event() {
    let names: Vec<&str> = every_input().into_iter().map(|(name, _)| name).collect();
    for (state, cells) in table() {
        let mut covered: Vec<&str> = cells.iter().map(|(name, ..)| *name).collect();
        covered.sort_unstable();
        let mut expected = names.clone();
        expected.sort_unstable();
        assert_eq!(covered, expected, "{state:?}");
    }
}

#[test]
fn every_state_and_event() {
    for (state, cells) in table() {
        for (name, outputs, next, counter) in cells {
            let input = every_input()
                .into_iter()
                .find(|(candidate, _)| *candidate == name)
                .map(|(_, input)| input)
                .unwrap();
            let mut fsm = fsm_in(state, config());
            let actual = fsm.handle(input);
            assert_eq!(actual, outputs, "{state:?} × {name}");
            assert_eq!(fsm.state(), next, "{state:?} × {name}: state");
            assert_eq!(
                fsm.connect_retry_counter(),
                counter,
                "{state:?} × {name}: ConnectRetryCounter"
            );
        }
    }
}
