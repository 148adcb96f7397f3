//! Input sequences beyond single cells: DelayOpen, capability fallback, backoff and
//! automatic restart, OPEN refusals, hold time 0, passive peers, collisions with two FSMs,
//! graceful restart on SessionDown, route refresh filtering.

use std::net::Ipv4Addr;
use std::time::Duration;

use crate::wire::capability::{Capability, GracefulRestart};
use crate::wire::family::{Afi, Family, Safi};
use crate::wire::header::test_support::hex;
use crate::wire::notification::Notification;
use crate::wire::open::Open;
use crate::wire::route_refresh::{RouteRefresh, RouteRefreshSubtype};

use super::super::collision::{CollisionCheck, CollisionVerdict, ConnectionDirection};
use super::super::input::Input;
use super::super::output::{DownReason, Output};
use super::super::state::State;
use super::super::timer::{Jitter, Timer};
use super::Fsm;
use super::test_support::{
    administrative_shutdown, config, fsm_in, local, our_open, peer_open, send, start, stop,
};

fn run(fsm: &mut Fsm, inputs: Vec<Input>) -> Vec<Output> {
    inputs
        .into_iter()
        .flat_map(|input| fsm.handle(input))
        .collect()
}

fn sent_notifications(outputs: &[Output]) -> Vec<Notification> {
    outputs
        .iter()
        .filter_map(|output| match output {
            Output::SendNotification(notification) => Some(notification.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn delay_open_waits_for_the_peer() {
    let mut configured = config();
    configured.delay_open = Some(Duration::from_secs(10));
    // Connection up: DelayOpenTimer instead of our OPEN.
    let mut fsm = fsm_in(State::Connect, configured.clone());
    assert_eq!(
        fsm.handle(Input::TcpConnectionRequestAcknowledged),
        vec![stop(Timer::ConnectRetry), start(Timer::DelayOpen, 10)]
    );
    assert_eq!(fsm.state(), State::Connect);
    // Event 20: the peer's OPEN first: OPEN, KEEPALIVE, OpenConfirm.
    assert_eq!(
        fsm.handle(Input::BgpOpen(peer_open())),
        vec![
            stop(Timer::DelayOpen),
            Output::SendOpen(our_open()),
            Output::SendKeepalive,
            start(Timer::Keepalive, 30),
            start(Timer::Hold, 90),
        ]
    );
    assert_eq!(fsm.state(), State::OpenConfirm);

    // DelayOpenTimer fires: our OPEN, OpenSent.
    let mut fsm = fsm_in(State::Active, configured.clone());
    fsm.handle(Input::TcpConnectionConfirmed);
    assert_eq!(
        fsm.handle(Input::DelayOpenTimerExpires),
        vec![Output::SendOpen(our_open()), start(Timer::Hold, 240)]
    );
    assert_eq!(fsm.state(), State::OpenSent);

    // Connection fails while waiting: Connect goes to Active (RFC 4271 Event 18 in Connect
    // with the DelayOpenTimer running).
    let mut fsm = fsm_in(State::Connect, configured.clone());
    fsm.handle(Input::TcpConnectionRequestAcknowledged);
    assert_eq!(
        fsm.handle(Input::TcpConnectionFails),
        vec![
            Output::DropTcp,
            stop(Timer::DelayOpen),
            start(Timer::ConnectRetry, 10)
        ]
    );
    assert_eq!(fsm.state(), State::Active);

    // A bad OPEN while waiting: our NOTIFICATION without our OPEN (SendNOTIFICATIONwithoutOPEN).
    let mut fsm = fsm_in(State::Connect, configured.clone());
    fsm.handle(Input::TcpConnectionRequestAcknowledged);
    let mut wrong_as = peer_open();
    wrong_as.capabilities = vec![];
    wrong_as.my_as = 64999;
    let outputs = fsm.handle(Input::BgpOpen(wrong_as));
    assert_eq!(
        sent_notifications(&outputs),
        vec![Notification::new(2, 2, vec![])]
    );
    assert!(
        !outputs
            .iter()
            .any(|output| matches!(output, Output::SendOpen(_)))
    );
    assert_eq!(fsm.state(), State::Idle);

    // ManualStop while waiting: the Cease goes out, the connection being up.
    let mut fsm = fsm_in(State::Active, configured);
    fsm.handle(Input::TcpConnectionConfirmed);
    assert_eq!(
        fsm.handle(Input::ManualStop(administrative_shutdown())),
        vec![
            send(&administrative_shutdown()),
            stop(Timer::DelayOpen),
            Output::DropTcp
        ]
    );
}

#[test]
fn open_refusals_send_the_right_notification() {
    let mut wrong_identifier = peer_open();
    wrong_identifier.bgp_identifier = Ipv4Addr::new(192, 0, 2, 1);
    let mut short_hold = peer_open();
    short_hold.hold_time = 5;
    let mut internal = config();
    internal.peer_as = 65001;
    let mut strict = config();
    strict.minimum_hold_time = 10;
    let mut requiring = config();
    requiring.required_families = vec![Family::IPV6_UNICAST];
    requiring
        .capabilities
        .push(Capability::Multiprotocol(Family::IPV6_UNICAST));
    let mut internal_open = wrong_identifier.clone();
    internal_open.my_as = 65001;
    internal_open.capabilities = vec![Capability::Multiprotocol(Family::IPV4_UNICAST)];

    // (configuration, peer OPEN, NOTIFICATION, automatic restart afterwards)
    let table = [
        (
            config(),
            Open {
                my_as: 65003,
                capabilities: vec![],
                ..peer_open()
            },
            Notification::new(2, 2, vec![]),
            true,
        ),
        (
            internal,
            internal_open,
            Notification::new(2, 3, vec![]),
            true,
        ),
        (strict, short_hold, Notification::new(2, 6, vec![]), true),
        // RFC 5492 §3: "such peering SHOULD NOT be re-established automatically".
        (
            requiring,
            peer_open(),
            Notification::new(2, 7, hex("0104 0002 0001")),
            false,
        ),
    ];
    for (configured, open, notification, restarts) in table {
        let mut fsm = fsm_in(State::OpenSent, configured);
        let outputs = fsm.handle(Input::BgpOpen(open));
        assert_eq!(sent_notifications(&outputs), vec![notification.clone()]);
        assert_eq!(fsm.state(), State::Idle);
        assert_eq!(fsm.automatic_restart(), restarts, "{notification:?}");
        assert_eq!(
            outputs.contains(&start(Timer::IdleHold, 5)),
            restarts,
            "{notification:?}"
        );
        assert_eq!(fsm.last_close(), Some(&local(&notification)));
    }
}

#[test]
fn unsupported_capability_is_omitted_on_the_next_attempt() {
    let flow = Family::new(Afi::Ipv4, Safi::Flowspec);
    let mut configured = config();
    configured
        .capabilities
        .push(Capability::Multiprotocol(flow));
    configured.capabilities.push(Capability::ExtendedMessage);
    let mut fsm = fsm_in(State::OpenSent, configured.clone());
    // The peer refuses flowspec and extended messages after its own OPEN.
    fsm.handle(Input::BgpOpen(peer_open()));
    let refusal = Notification::new(2, 7, hex("0104 0001 0085 0600"));
    let outputs = fsm.handle(Input::NotificationMessage(refusal.clone()));
    assert!(sent_notifications(&outputs).is_empty(), "never answered");
    assert_eq!(
        fsm.last_close(),
        Some(&DownReason::PeerNotification(refusal))
    );
    // Learned something: the restart does not count as a failure.
    assert_eq!(fsm.failures(), 0);
    assert!(outputs.contains(&start(Timer::IdleHold, 5)));
    let outputs = run(
        &mut fsm,
        vec![
            Input::IdleHoldTimerExpires,
            Input::TcpConnectionRequestAcknowledged,
        ],
    );
    assert!(
        outputs.contains(&Output::SendOpen(our_open())),
        "{outputs:?}"
    );

    // 2/4: the next OPEN has no Optional Parameters at all.
    let refusal = Notification::new(2, 4, vec![]);
    fsm.handle(Input::NotificationMessage(refusal));
    let outputs = run(
        &mut fsm,
        vec![
            Input::IdleHoldTimerExpires,
            Input::TcpConnectionRequestAcknowledged,
        ],
    );
    let bare = Open::new(65001, 90, Ipv4Addr::new(192, 0, 2, 1), vec![]);
    assert!(outputs.contains(&Output::SendOpen(bare)), "{outputs:?}");

    // An operator's start tries everything again.
    fsm.handle(Input::ManualStop(administrative_shutdown()));
    let outputs = run(
        &mut fsm,
        vec![Input::ManualStart, Input::TcpConnectionRequestAcknowledged],
    );
    let full = Open::new(
        65001,
        90,
        Ipv4Addr::new(192, 0, 2, 1),
        configured.capabilities,
    );
    assert!(outputs.contains(&Output::SendOpen(full)), "{outputs:?}");
}

#[test]
fn close_after_open_fallback_is_optional() {
    for (fallback_on_close, capabilities_next) in [(false, true), (true, false)] {
        let mut configured = config();
        configured.fallback_on_close = fallback_on_close;
        let mut fsm = fsm_in(State::OpenSent, configured);
        fsm.handle(Input::TcpConnectionFails);
        assert_eq!(fsm.state(), State::Active);
        let outputs = run(
            &mut fsm,
            vec![
                Input::ConnectRetryTimerExpires,
                Input::TcpConnectionRequestAcknowledged,
            ],
        );
        let sent = outputs.iter().find_map(|output| match output {
            Output::SendOpen(open) => Some(open.clone()),
            _ => None,
        });
        assert_eq!(
            sent.map(|open| !open.capabilities.is_empty()),
            Some(capabilities_next)
        );
    }
}

#[test]
fn failures_back_off_until_a_session_lives() {
    let mut fsm = fsm_in(State::Connect, config());
    fsm.set_jitter(Jitter::NONE);
    // Connection refused, again and again: 5, 10, 20, 40, 80, 120, 120 seconds of Idle.
    let mut waits = Vec::new();
    for _ in 0..7 {
        let outputs = fsm.handle(Input::TcpConnectionFails);
        assert_eq!(fsm.state(), State::Idle);
        waits.extend(outputs.into_iter().filter_map(|output| match output {
            Output::StartTimer {
                timer: Timer::IdleHold,
                duration,
            } => Some(duration.as_secs()),
            _ => None,
        }));
        fsm.handle(Input::IdleHoldTimerExpires);
        assert_eq!(fsm.state(), State::Connect);
    }
    assert_eq!(waits, vec![5, 10, 20, 40, 80, 120, 120]);
    // Jitter shortens the next timer.
    fsm.set_jitter(Jitter::from_per_mille(750));
    let outputs = fsm.handle(Input::TcpConnectionFails);
    assert!(outputs.contains(&Output::StartTimer {
        timer: Timer::IdleHold,
        duration: Duration::from_secs(90),
    }));
    fsm.set_jitter(Jitter::NONE);
    // A session that reaches Established and lives one keepalive interval resets the backoff.
    run(
        &mut fsm,
        vec![
            Input::IdleHoldTimerExpires,
            Input::TcpConnectionRequestAcknowledged,
            Input::BgpOpen(peer_open()),
            Input::KeepaliveMessage,
        ],
    );
    assert_eq!(fsm.state(), State::Established);
    assert_eq!(fsm.failures(), 8);
    fsm.handle(Input::KeepaliveTimerExpires);
    assert_eq!(fsm.failures(), 0);
    let outputs = fsm.handle(Input::HoldTimerExpires);
    assert!(outputs.contains(&start(Timer::IdleHold, 5)));
}

#[test]
fn manual_stop_in_idle_cancels_the_restart() {
    let mut fsm = fsm_in(State::Connect, config());
    fsm.handle(Input::TcpConnectionFails);
    assert!(fsm.running_timers().is_running(Timer::IdleHold));
    assert_eq!(
        fsm.handle(Input::ManualStop(administrative_shutdown())),
        vec![stop(Timer::IdleHold)]
    );
    assert_eq!(fsm.handle(Input::IdleHoldTimerExpires), vec![]);
    assert_eq!(fsm.state(), State::Idle);
    assert!(!fsm.accepts_connection());
}

#[test]
fn hold_time_zero_runs_no_timers() {
    let mut zero = peer_open();
    zero.hold_time = 0;
    let mut fsm = fsm_in(State::OpenSent, config());
    assert_eq!(
        fsm.handle(Input::BgpOpen(zero)),
        vec![Output::SendKeepalive, stop(Timer::Hold)]
    );
    let outputs = fsm.handle(Input::KeepaliveMessage);
    assert!(matches!(
        outputs.as_slice(),
        [Output::SessionEstablished(negotiated)] if negotiated.hold_time == 0
    ));
    assert!(fsm.running_timers().running().is_empty());
    assert_eq!(fsm.handle(Input::KeepaliveMessage), vec![]);
    assert_eq!(fsm.handle(Input::HoldTimerExpires), vec![]);
    assert_eq!(fsm.state(), State::Established);
}

#[test]
fn passive_never_connects() {
    let mut configured = config();
    configured.passive = true;
    let mut fsm = Fsm::new(configured);
    assert_eq!(fsm.handle(Input::ManualStart), vec![]);
    assert_eq!(fsm.state(), State::Active);
    assert!(fsm.accepts_connection());
    assert_eq!(
        fsm.handle(Input::TcpConnectionConfirmed),
        vec![Output::SendOpen(our_open()), start(Timer::Hold, 240)]
    );
    let outputs = fsm.handle(Input::TcpConnectionFails);
    assert_eq!(outputs, vec![stop(Timer::Hold), Output::DropTcp]);
    assert_eq!(fsm.state(), State::Active);
}

#[test]
fn session_down_carries_the_peer_graceful_restart() {
    let graceful = GracefulRestart {
        restart_flags: 0,
        restart_time: 120,
        families: vec![],
    };
    let mut configured = config();
    configured
        .capabilities
        .push(Capability::GracefulRestart(graceful.clone()));
    let mut open = peer_open();
    open.capabilities
        .push(Capability::GracefulRestart(graceful.clone()));
    let mut fsm = fsm_in(State::OpenSent, configured);
    run(
        &mut fsm,
        vec![Input::BgpOpen(open), Input::KeepaliveMessage],
    );
    let outputs = fsm.handle(Input::TcpConnectionFails);
    assert!(outputs.contains(&Output::SessionDown {
        reason: DownReason::ConnectionLost,
        peer_graceful_restart: Some(graceful),
    }));
}

#[test]
fn route_refresh_for_a_family_we_did_not_announce_is_ignored() {
    let mut fsm = fsm_in(State::Established, config());
    for route_refresh in [
        RouteRefresh::new(Family::IPV6_UNICAST, RouteRefreshSubtype::Normal),
        RouteRefresh::new(Family::IPV4_UNICAST, RouteRefreshSubtype::Unknown(9)),
    ] {
        assert_eq!(
            fsm.handle(Input::RouteRefreshMessage(route_refresh)),
            vec![start(Timer::Hold, 90)]
        );
    }
    let end = RouteRefresh::new(Family::IPV4_UNICAST, RouteRefreshSubtype::End);
    assert!(
        fsm.handle(Input::RouteRefreshMessage(end))
            .contains(&Output::RouteRefreshRequested(end))
    );
}

#[test]
fn collision_resolved_with_two_fsms() {
    // We are 192.0.2.1, the peer 192.0.2.2 (higher): its connection must survive.
    let mut ours = fsm_in(State::OpenSent, config());
    ours.handle(Input::BgpOpen(peer_open()));
    assert_eq!(ours.state(), State::OpenConfirm);
    // The peer connects too; its OPEN arrives on the second connection.
    let mut theirs = ours.for_second_connection();
    let outputs = theirs.handle(Input::TcpConnectionConfirmed);
    assert_eq!(
        outputs,
        vec![Output::SendOpen(our_open()), start(Timer::Hold, 240)]
    );
    let received = peer_open();
    let check = CollisionCheck {
        local_identifier: ours.config().local_identifier,
        remote_identifier: received.bgp_identifier,
        local_as: ours.config().local_as,
        remote_as: received.asn(),
        receiving_direction: ConnectionDirection::Incoming,
        existing_direction: ConnectionDirection::Outgoing,
        existing_state: ours.state(),
        collision_detect_established: false,
    };
    assert_eq!(check.resolve(), CollisionVerdict::CloseExisting);
    let outputs = ours.handle(Input::OpenCollisionDump);
    assert_eq!(sent_notifications(&outputs), vec![Notification::cease(7)]);
    assert_eq!(ours.state(), State::Idle);
    run(
        &mut theirs,
        vec![Input::BgpOpen(received), Input::KeepaliveMessage],
    );
    assert_eq!(theirs.state(), State::Established);

    // Seen from the other side: we win, the new connection is dumped in OpenSent.
    let mut winner = config();
    winner.local_identifier = Ipv4Addr::new(192, 0, 2, 3);
    let existing = fsm_in(State::OpenConfirm, winner);
    let mut second = existing.for_second_connection();
    second.handle(Input::TcpConnectionConfirmed);
    let check = CollisionCheck {
        local_identifier: existing.config().local_identifier,
        remote_identifier: Ipv4Addr::new(192, 0, 2, 2),
        local_as: 65001,
        remote_as: 65002,
        receiving_direction: ConnectionDirection::Incoming,
        existing_direction: ConnectionDirection::Outgoing,
        existing_state: existing.state(),
        collision_detect_established: false,
    };
    assert_eq!(check.resolve(), CollisionVerdict::CloseReceiving);
    let outputs = second.handle(Input::OpenCollisionDump);
    assert_eq!(
        outputs,
        vec![
            send(&Notification::cease(7)),
            stop(Timer::Hold),
            Output::DropTcp,
            start(Timer::IdleHold, 5),
        ]
    );
}

#[test]
fn hold_timer_expiry_sends_4_0_from_every_state_that_runs_it() {
    for state in [State::OpenSent, State::OpenConfirm, State::Established] {
        let mut fsm = fsm_in(state, config());
        let outputs = fsm.handle(Input::HoldTimerExpires);
        assert_eq!(
            sent_notifications(&outputs),
            vec![Notification::new(4, 0, vec![])],
            "{state:?}"
        );
        assert_eq!(fsm.state(), State::Idle);
    }
}

#[test]
fn a_second_connection_inherits_the_restart_mode() {
    let mut primary = fsm_in(State::OpenSent, config());
    primary.handle(Input::BgpOpen(peer_open()));
    let mut second = primary.for_second_connection();
    assert_eq!(second.state(), State::Active);
    assert!(second.running_timers().running().is_empty());
    second.handle(Input::TcpConnectionConfirmed);
    // The second connection, now the peer's only one, fails: its automatic restart connects
    // actively, as the primary's would.
    let outputs = second.handle(Input::HoldTimerExpires);
    assert!(outputs.contains(&start(Timer::IdleHold, 5)), "{outputs:?}");
    let outputs = second.handle(Input::IdleHoldTimerExpires);
    assert_eq!(
        outputs,
        vec![start(Timer::ConnectRetry, 10), Output::ConnectTcp]
    );
    assert_eq!(second.state(), State::Connect);
}

#[test]
fn restart_state_is_announced_until_the_first_session_is_up() {
    use crate::wire::capability::{GracefulRestart, GracefulRestartFamily};
    let graceful_restart = |flags: u8, family_flags: u8| {
        Capability::GracefulRestart(GracefulRestart {
            restart_flags: flags,
            restart_time: 120,
            families: vec![GracefulRestartFamily {
                family: Family::IPV4_UNICAST,
                flags: family_flags,
            }],
        })
    };
    let mut restarting = config();
    restarting.capabilities.push(graceful_restart(0, 0));
    crate::session::graceful::mark_restarting(&mut restarting.capabilities);
    let mut peer = peer_open();
    peer.capabilities.push(graceful_restart(0, 0));
    let sent_graceful_restart = |outputs: &[Output]| {
        outputs.iter().find_map(|output| match output {
            Output::SendOpen(open) => open.graceful_restart().cloned(),
            _ => None,
        })
    };

    let mut fsm = Fsm::new(restarting);
    fsm.handle(Input::ManualStart);
    let outputs = fsm.handle(Input::TcpConnectionRequestAcknowledged);
    let first = sent_graceful_restart(&outputs).expect("graceful restart capability");
    assert!(first.restart_state());
    assert!(
        first
            .families
            .iter()
            .all(GracefulRestartFamily::forwarding_state)
    );
    assert!(!fsm.graceful_restart_negotiated());
    fsm.handle(Input::BgpOpen(peer));
    fsm.handle(Input::KeepaliveMessage);
    assert_eq!(fsm.state(), State::Established);
    assert!(fsm.graceful_restart_negotiated());

    // The session fails; the next OPEN is not that of a restarted speaker any more.
    fsm.handle(Input::TcpConnectionFails);
    fsm.handle(Input::IdleHoldTimerExpires);
    let outputs = fsm.handle(Input::TcpConnectionRequestAcknowledged);
    let second = sent_graceful_restart(&outputs).expect("graceful restart capability");
    assert!(!second.restart_state());
    assert!(
        second
            .families
            .iter()
            .all(GracefulRestartFamily::forwarding_state)
    );
}

#[test]
fn graceful_restart_needs_both_opens() {
    use crate::wire::capability::GracefulRestart;
    let mut ours = config();
    ours.capabilities
        .push(Capability::GracefulRestart(GracefulRestart {
            restart_flags: 0,
            restart_time: 120,
            families: Vec::new(),
        }));
    // The peer's OPEN has no Graceful Restart capability.
    let fsm = fsm_in(State::Established, ours);
    assert!(!fsm.graceful_restart_negotiated());
}
