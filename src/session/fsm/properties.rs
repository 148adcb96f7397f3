//! Property: any sequence of inputs, under any configuration and jitter, never panics, and
//! the FSM stays consistent with what it said (timers, connection, messages, state).

use std::net::Ipv4Addr;
use std::time::Duration;

use proptest::prelude::*;

use crate::wire::capability::{Capability, GracefulRestart};
use crate::wire::error::NotificationError;
use crate::wire::family::Family;
use crate::wire::notification::Notification;
use crate::wire::open::Open;
use crate::wire::route_refresh::{RouteRefresh, RouteRefreshSubtype};

use super::super::input::Input;
use super::super::output::Output;
use super::super::state::State;
use super::super::timer::{Jitter, RunningTimers, Timer};
use super::test_support::{config, end_of_rib, peer_open};
use super::{Connection, Fsm};

fn open_strategy() -> impl Strategy<Value = Open> {
    (
        prop_oneof![Just(65002u32), Just(65001), any::<u32>()],
        prop_oneof![Just(90u16), Just(0), Just(3), Just(5), any::<u16>()],
        prop_oneof![Just([192, 0, 2, 2]), Just([192, 0, 2, 1]), any::<[u8; 4]>()],
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(asn, hold_time, identifier, ipv6, graceful)| {
            let mut open = peer_open();
            open = Open::new(asn, hold_time, Ipv4Addr::from(identifier), {
                let mut capabilities = open.capabilities.clone();
                capabilities.retain(|capability| !matches!(capability, Capability::FourOctetAs(_)));
                capabilities.push(Capability::FourOctetAs(asn));
                capabilities
            });
            if ipv6 {
                open.capabilities
                    .push(Capability::Multiprotocol(Family::IPV6_UNICAST));
            }
            if graceful {
                open.capabilities
                    .push(Capability::GracefulRestart(GracefulRestart {
                        restart_flags: 0,
                        restart_time: 90,
                        families: vec![],
                    }));
            }
            open
        })
}

fn notification_strategy() -> impl Strategy<Value = Notification> {
    prop_oneof![
        (
            any::<u8>(),
            any::<u8>(),
            proptest::collection::vec(any::<u8>(), 0..8)
        )
            .prop_map(|(code, subcode, data)| Notification::new(code, subcode, data)),
        proptest::collection::vec(any::<u8>(), 0..8).prop_map(|data| Notification::new(2, 7, data)),
        Just(Notification::new(2, 4, vec![])),
        Just(Notification::new(2, 1, vec![0, 4])),
    ]
}

fn error_strategy() -> impl Strategy<Value = NotificationError> {
    (any::<u8>(), any::<u8>())
        .prop_map(|(code, subcode)| NotificationError::new(code, subcode, vec![], "generated"))
}

/// Every event, with the happy path's events more likely so that sequences reach
/// OpenConfirm and Established often.
fn input_strategy() -> impl Strategy<Value = Input> {
    prop_oneof![
        10 => Just(Input::IdleHoldTimerExpires),
        3 => Just(Input::ManualStart),
        6 => Just(Input::TcpConnectionRequestAcknowledged),
        6 => Just(Input::TcpConnectionConfirmed),
        12 => Just(Input::BgpOpen(peer_open())),
        12 => Just(Input::KeepaliveMessage),
        16 => any_input_strategy(),
    ]
}

fn any_input_strategy() -> impl Strategy<Value = Input> {
    prop_oneof![
        Just(Input::ManualStart),
        notification_strategy().prop_map(Input::ManualStop),
        Just(Input::AutomaticStart),
        Just(Input::ManualStartWithPassiveTcpEstablishment),
        Just(Input::AutomaticStartWithPassiveTcpEstablishment),
        notification_strategy().prop_map(Input::AutomaticStop),
        Just(Input::ConnectRetryTimerExpires),
        Just(Input::HoldTimerExpires),
        Just(Input::KeepaliveTimerExpires),
        Just(Input::DelayOpenTimerExpires),
        Just(Input::IdleHoldTimerExpires),
        Just(Input::TcpConnectionRequestAcknowledged),
        Just(Input::TcpConnectionConfirmed),
        Just(Input::TcpConnectionFails),
        open_strategy().prop_map(Input::BgpOpen),
        open_strategy().prop_map(Input::BgpOpen),
        error_strategy().prop_map(Input::BgpHeaderError),
        error_strategy().prop_map(Input::BgpOpenMessageError),
        Just(Input::OpenCollisionDump),
        notification_strategy().prop_map(Input::NotificationMessage),
        Just(Input::KeepaliveMessage),
        Just(Input::KeepaliveMessage),
        Just(Input::UpdateMessage(end_of_rib())),
        error_strategy().prop_map(Input::UpdateMessageError),
        any::<u8>().prop_map(|subtype| Input::RouteRefreshMessage(RouteRefresh::new(
            Family::IPV4_UNICAST,
            RouteRefreshSubtype::from_code(subtype)
        ))),
        error_strategy().prop_map(Input::RouteRefreshMessageError),
    ]
}

/// What an observer of the outputs alone believes, checked against the FSM after each step.
#[derive(Default)]
struct Observer {
    timers: RunningTimers,
    open_sent_on_this_connection: bool,
    established_count: u32,
    down_count: u32,
}

impl Observer {
    fn step(&mut self, fsm: &mut Fsm, input: Input) -> Result<(), TestCaseError> {
        let before = fsm.state();
        let connected_before = matches!(fsm.connection(), Connection::Connected(_));
        let answering_notification = matches!(input, Input::NotificationMessage(_));
        let expired = match input {
            Input::ConnectRetryTimerExpires => Some(Timer::ConnectRetry),
            Input::HoldTimerExpires => Some(Timer::Hold),
            Input::KeepaliveTimerExpires => Some(Timer::Keepalive),
            Input::DelayOpenTimerExpires => Some(Timer::DelayOpen),
            Input::IdleHoldTimerExpires => Some(Timer::IdleHold),
            _ => None,
        };
        let keepalive_input = matches!(input, Input::KeepaliveMessage);
        let outputs = fsm.handle(input);
        if let Some(timer) = expired {
            self.timers.set(timer, false);
        }
        let after = fsm.state();
        let connected_after = matches!(fsm.connection(), Connection::Connected(_));
        let may_send = connected_before || connected_after;
        for output in &outputs {
            match output {
                Output::StartTimer { timer, duration } => {
                    prop_assert!(*duration <= Duration::from_secs(u64::from(u16::MAX)));
                    self.timers.set(*timer, true);
                }
                Output::StopTimer(timer) => {
                    prop_assert!(
                        self.timers.is_running(*timer),
                        "stop of a stopped {timer:?}"
                    );
                    self.timers.set(*timer, false);
                }
                Output::SendOpen(_) => {
                    prop_assert!(may_send);
                    prop_assert!(!self.open_sent_on_this_connection, "two OPENs");
                    self.open_sent_on_this_connection = true;
                }
                Output::SendKeepalive => prop_assert!(may_send),
                Output::SendNotification(_) => {
                    prop_assert!(connected_before);
                    prop_assert!(!answering_notification, "NOTIFICATION answered");
                }
                Output::DropTcp => self.open_sent_on_this_connection = false,
                Output::SessionEstablished(_) => {
                    prop_assert_eq!(before, State::OpenConfirm);
                    prop_assert!(keepalive_input);
                    self.established_count += 1;
                }
                Output::SessionDown { .. } => {
                    prop_assert_eq!(before, State::Established);
                    self.down_count += 1;
                }
                Output::DeliverUpdate(_) | Output::RouteRefreshRequested(_) => {
                    prop_assert_eq!(before, State::Established);
                }
                Output::ConnectTcp => {}
            }
        }
        prop_assert_eq!(&self.timers, fsm.running_timers());
        // Never Established without an OPEN and a KEEPALIVE received.
        if after == State::Established && before != State::Established {
            prop_assert_eq!(before, State::OpenConfirm);
            prop_assert!(keepalive_input);
        }
        prop_assert!(self.established_count >= self.down_count);
        prop_assert!(self.established_count <= self.down_count + 1);
        prop_assert_eq!(
            after == State::Established,
            self.established_count == self.down_count + 1
        );
        match after {
            State::Idle => {
                prop_assert_eq!(fsm.connection(), Connection::None);
                prop_assert!(fsm.sent_open().is_none() && fsm.peer_open().is_none());
                let running = fsm.running_timers().running();
                prop_assert!(running.iter().all(|timer| *timer == Timer::IdleHold));
            }
            State::Connect | State::Active => {
                prop_assert!(fsm.peer_open().is_none());
                prop_assert!(!fsm.running_timers().is_running(Timer::Hold));
            }
            State::OpenSent => {
                prop_assert!(connected_after && fsm.sent_open().is_some());
                prop_assert!(fsm.peer_open().is_none());
            }
            State::OpenConfirm | State::Established => {
                prop_assert!(connected_after);
                prop_assert!(fsm.sent_open().is_some() && fsm.peer_open().is_some());
                let hold_time = fsm.negotiated().map(|negotiated| negotiated.hold_time);
                prop_assert!(hold_time.is_some());
                if hold_time == Some(0) {
                    prop_assert!(!fsm.running_timers().is_running(Timer::Hold));
                    prop_assert!(!fsm.running_timers().is_running(Timer::Keepalive));
                }
            }
        }
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_input_sequence_keeps_the_fsm_consistent(
        delay_open in proptest::option::of(0u64..30),
        passive in any::<bool>(),
        fallback_on_close in any::<bool>(),
        require_ipv6 in proptest::bool::weighted(0.2),
        minimum_hold_time in prop_oneof![Just(0u16), Just(10)],
        steps in proptest::collection::vec((input_strategy(), any::<u16>()), 0..60),
    ) {
        let mut configured = config();
        configured.delay_open = delay_open.map(Duration::from_secs);
        configured.passive = passive;
        configured.fallback_on_close = fallback_on_close;
        configured.minimum_hold_time = minimum_hold_time;
        if require_ipv6 {
            configured.required_families = vec![Family::IPV6_UNICAST];
            configured.capabilities.push(Capability::Multiprotocol(Family::IPV6_UNICAST));
        }
        let mut fsm = Fsm::new(configured);
        let mut observer = Observer::default();
        // Mostly a start first, so that sequences get somewhere.
        observer.step(&mut fsm, Input::ManualStart)?;
        for (input, jitter) in steps {
            fsm.set_jitter(Jitter::from_per_mille(jitter));
            observer.step(&mut fsm, input)?;
        }
    }

    /// The happy path interleaved with noise that must not disturb it (stale timers, start
    /// events, second-connection TCP events) always reaches Established.
    #[test]
    fn harmless_noise_does_not_stop_establishment(
        noise in proptest::collection::vec(prop_oneof![
            Just(Input::ManualStart),
            Just(Input::AutomaticStart),
            Just(Input::ConnectRetryTimerExpires),
            Just(Input::IdleHoldTimerExpires),
            Just(Input::DelayOpenTimerExpires),
        ], 0..4),
    ) {
        let mut fsm = Fsm::new(config());
        let mut observer = Observer::default();
        for input in [
            Input::ManualStart,
            Input::TcpConnectionRequestAcknowledged,
            Input::BgpOpen(peer_open()),
            Input::KeepaliveMessage,
        ] {
            observer.step(&mut fsm, input)?;
            if fsm.state() != State::Connect {
                for extra in &noise {
                    observer.step(&mut fsm, extra.clone())?;
                }
            }
        }
        prop_assert_eq!(fsm.state(), State::Established);
    }
}
