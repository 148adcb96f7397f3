//! The BGP finite state machine of RFC 4271 §8.2.2, for one connection to one peer.
//!
//! `Fsm::handle(Input) -> Vec<Output>`: no socket, no clock, no randomness, no logging. The
//! peer task turns what happens into `Input`s and carries out the `Output`s in order. The
//! handlers per state are in `before_open` (Idle, Connect, Active) and `after_open`
//! (OpenSent, OpenConfirm, Established); this file holds the machine's data and the actions
//! they share (starting, sending our OPEN, closing).
//!
//! Choices where RFC 4271 leaves room or says something unworkable (each also noted where
//! it is made):
//! - An expiry of a timer that is not running is stale and ignored (`handle`).
//! - SendNOTIFICATIONwithoutOPEN is TRUE: a NOTIFICATION is sent whenever the TCP connection
//!   is up, even before our OPEN.
//! - A received NOTIFICATION is never answered with one (RFC 4271's OpenSent table would
//!   send an FSM Error for Event 25).
//! - Automatic restarts are the FSM's: after a failure it requests the IdleHoldTimer with
//!   an exponential backoff, and starts again when it fires (Event 13), until ManualStop.

mod after_open;
mod before_open;

use crate::wire::capability::GracefulRestart;
use crate::wire::iana::capability_code;
use crate::wire::iana::notification::{FINITE_STATE_MACHINE_ERROR, finite_state_machine};
use crate::wire::negotiated::Negotiated;
use crate::wire::notification::Notification;
use crate::wire::open::Open;

use super::collision::ConnectionDirection;
use super::config::SessionConfig;
use super::fallback::CapabilityFallback;
use super::input::Input;
use super::negotiation::local_open;
use super::output::{DownReason, Output};
use super::state::State;
use super::timer::{Jitter, LARGE_HOLD_TIME, RunningTimers, Timer};

/// The TCP connection as the FSM knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Connection {
    None,
    /// `Output::ConnectTcp` was requested and has not completed.
    Connecting,
    Connected(ConnectionDirection),
}

/// One BGP FSM: the state, RFC 4271's session attributes, and what it remembers between
/// connection attempts (the capability fallback and the backoff).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fsm {
    config: SessionConfig,
    state: State,
    /// RFC 4271's ConnectRetryCounter, updated as §8.2.2 says.
    connect_retry_counter: u32,
    /// Consecutive failed attempts: the backoff exponent. Unlike ConnectRetryCounter it is
    /// reset when a session has lived one keepalive interval in Established.
    failures: u32,
    /// Started and not stopped by ManualStop: failures lead to a restart after the backoff.
    automatic_restart: bool,
    /// The last start was a PassiveTcpEstablishment one (Event 4 or 5).
    passive_start: bool,
    jitter: Jitter,
    timers: RunningTimers,
    connection: Connection,
    fallback: CapabilityFallback,
    sent_open: Option<Open>,
    received_open: Option<Open>,
    negotiated: Option<Negotiated>,
    last_close: Option<DownReason>,
}

/// How ConnectRetryCounter changes when a connection closes (RFC 4271 §8.2.2 per cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Counter {
    Zero,
    Increment,
    Keep,
}

/// What happens after a close.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Restart {
    /// Start again after the backoff, counting one more failure.
    Backoff,
    /// Start again after the current backoff without counting a failure: the capability
    /// fallback learned something, the next attempt differs.
    Retry,
    /// No automatic restart (ManualStop; RFC 5492 §3 after refusing a missing capability).
    Never,
}

/// A close: the NOTIFICATION to send (if the connection is up), why, and what follows.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Closing {
    notification: Option<Notification>,
    reason: DownReason,
    counter: Counter,
    restart: Restart,
}

impl Closing {
    /// We close with this NOTIFICATION; the counter is incremented and a restart follows.
    fn notify(notification: Notification) -> Closing {
        Closing {
            notification: Some(notification.clone()),
            reason: DownReason::LocalNotification(notification),
            counter: Counter::Increment,
            restart: Restart::Backoff,
        }
    }

    /// A close without a NOTIFICATION of ours.
    fn silent(reason: DownReason) -> Closing {
        Closing {
            notification: None,
            reason,
            counter: Counter::Increment,
            restart: Restart::Backoff,
        }
    }

    /// An event the state does not expect, closing without a NOTIFICATION (Connect and
    /// Active: no OPEN was exchanged). The reason names it as an FSM error.
    fn unexpected_before_open() -> Closing {
        Closing::silent(DownReason::LocalNotification(fsm_error(
            finite_state_machine::UNSPECIFIED,
        )))
    }

    fn counter(mut self, counter: Counter) -> Closing {
        self.counter = counter;
        self
    }

    fn restart(mut self, restart: Restart) -> Closing {
        self.restart = restart;
        self
    }
}

/// A Finite State Machine Error NOTIFICATION (RFC 4271 §6.6) with an RFC 6608 subcode.
fn fsm_error(subcode: u8) -> Notification {
    Notification::new(FINITE_STATE_MACHINE_ERROR, subcode, Vec::new())
}

/// The timer an input reports as expired, if it is a timer event.
fn expired_timer(input: &Input) -> Option<Timer> {
    match input {
        Input::ConnectRetryTimerExpires => Some(Timer::ConnectRetry),
        Input::HoldTimerExpires => Some(Timer::Hold),
        Input::KeepaliveTimerExpires => Some(Timer::Keepalive),
        Input::DelayOpenTimerExpires => Some(Timer::DelayOpen),
        Input::IdleHoldTimerExpires => Some(Timer::IdleHold),
        _ => None,
    }
}

impl Fsm {
    /// A new FSM in Idle; nothing happens until a start event.
    pub fn new(config: SessionConfig) -> Fsm {
        Fsm {
            config,
            state: State::Idle,
            connect_retry_counter: 0,
            failures: 0,
            automatic_restart: false,
            passive_start: false,
            jitter: Jitter::NONE,
            timers: RunningTimers::default(),
            connection: Connection::None,
            fallback: CapabilityFallback::default(),
            sent_open: None,
            received_open: None,
            negotiated: None,
            last_close: None,
        }
    }

    /// An FSM for a second connection the peer opens while this one is past Active
    /// (RFC 4271 §8.2.2: "the second connection SHALL be tracked until it sends an OPEN
    /// message"). It starts in Active with the same configuration, counters and fallback
    /// memory (and the same active or passive restarts, should it become the peer's only
    /// connection); feed it `TcpConnectionConfirmed`, then resolve the collision (see
    /// `collision`) when an OPEN arrives on either connection.
    pub fn for_second_connection(&self) -> Fsm {
        Fsm {
            state: State::Active,
            timers: RunningTimers::default(),
            connection: Connection::None,
            sent_open: None,
            received_open: None,
            negotiated: None,
            last_close: None,
            ..self.clone()
        }
    }

    /// The jitter factor for the timers the next inputs start (RFC 4271 §10: "A new random
    /// value SHOULD be picked each time the timer is set"). The peer task draws it.
    pub fn set_jitter(&mut self, jitter: Jitter) {
        self.jitter = jitter;
    }

    /// Handles one event; returns what to do, in order.
    pub fn handle(&mut self, input: Input) -> Vec<Output> {
        let mut out = Vec::new();
        if let Some(timer) = expired_timer(&input) {
            if !self.timers.is_running(timer) {
                // Stale: the timer was stopped or restarted after it fired.
                return out;
            }
            self.timers.set(timer, false);
        }
        match self.state {
            State::Idle => self.idle(input, &mut out),
            State::Connect => self.connect(input, &mut out),
            State::Active => self.active(input, &mut out),
            State::OpenSent => self.open_sent(input, &mut out),
            State::OpenConfirm => self.open_confirm(input, &mut out),
            State::Established => self.established(input, &mut out),
        }
        out
    }

    pub fn state(&self) -> State {
        self.state
    }

    pub fn config(&self) -> &SessionConfig {
        &self.config
    }

    /// What the OPENs agreed on, from OpenConfirm on.
    pub fn negotiated(&self) -> Option<&Negotiated> {
        self.negotiated.as_ref()
    }

    /// The peer's OPEN, from OpenConfirm on.
    pub fn peer_open(&self) -> Option<&Open> {
        self.received_open.as_ref()
    }

    /// The OPEN we sent on this connection.
    pub fn sent_open(&self) -> Option<&Open> {
        self.sent_open.as_ref()
    }

    pub fn connection(&self) -> Connection {
        self.connection
    }

    /// RFC 4271's ConnectRetryCounter.
    pub fn connect_retry_counter(&self) -> u32 {
        self.connect_retry_counter
    }

    /// Consecutive failed attempts (the backoff exponent).
    pub fn failures(&self) -> u32 {
        self.failures
    }

    pub fn fallback(&self) -> &CapabilityFallback {
        &self.fallback
    }

    pub fn running_timers(&self) -> &RunningTimers {
        &self.timers
    }

    /// Why the last connection closed.
    pub fn last_close(&self) -> Option<&DownReason> {
        self.last_close.as_ref()
    }

    /// Whether the session is Established and both OPENs carried the Graceful Restart
    /// capability: closing the connection without a NOTIFICATION then lets the peer keep our
    /// routes as stale (RFC 4724 §4.2: "when the Receiving Speaker detects termination of the
    /// TCP session for a BGP session with a peer that has advertised the Graceful Restart
    /// Capability", it retains the routes).
    pub fn graceful_restart_negotiated(&self) -> bool {
        self.state == State::Established && self.graceful_restart().is_some()
    }

    /// Whether the FSM restarts by itself after a failure.
    pub fn automatic_restart(&self) -> bool {
        self.automatic_restart
    }

    /// Whether an incoming connection from the peer may be accepted: not in Idle (RFC 4271
    /// §8.2.2: "BGP FSM refuses all incoming BGP connections for this peer"). Past Active it
    /// is a second connection (`for_second_connection`).
    pub fn accepts_connection(&self) -> bool {
        self.state != State::Idle
    }

    // ----- actions shared by the states -----

    fn start_timer(&mut self, out: &mut Vec<Output>, timer: Timer, duration: std::time::Duration) {
        self.timers.set(timer, true);
        out.push(Output::StartTimer { timer, duration });
    }

    fn stop_timer(&mut self, out: &mut Vec<Output>, timer: Timer) {
        if self.timers.is_running(timer) {
            self.timers.set(timer, false);
            out.push(Output::StopTimer(timer));
        }
    }

    /// The ConnectRetryTimer, with the backoff and jitter.
    fn start_connect_retry(&mut self, out: &mut Vec<Output>) {
        let duration = self.config.retry.delay(self.failures, self.jitter);
        self.start_timer(out, Timer::ConnectRetry, duration);
    }

    fn initiate_connection(&mut self, out: &mut Vec<Output>) {
        self.connection = Connection::Connecting;
        out.push(Output::ConnectTcp);
    }

    /// Events 1, 3, 4, 5 in Idle (and Event 13, our automatic restart).
    ///
    /// RFC 4271 §8.2.2 Idle: "the local system: - initializes all BGP resources for the peer
    /// connection, - sets ConnectRetryCounter to zero, - starts the ConnectRetryTimer with
    /// the initial value, - initiates a TCP connection to the other BGP peer, - listens for
    /// a connection that may be initiated by the remote BGP peer, and - changes its state to
    /// Connect." The passive variants do not connect and go to Active. With
    /// `SessionConfig::passive` the ConnectRetryTimer, whose only role in Active is to make
    /// us connect, is not run.
    fn start(&mut self, out: &mut Vec<Output>, passive: bool, manual: bool) {
        if manual {
            // An operator's start tries everything again.
            self.failures = 0;
            self.fallback = CapabilityFallback::default();
        }
        self.stop_timer(out, Timer::IdleHold);
        self.connect_retry_counter = 0;
        self.automatic_restart = true;
        self.passive_start = passive;
        if self.config.passive {
            self.state = State::Active;
        } else if passive {
            self.start_connect_retry(out);
            self.state = State::Active;
        } else {
            self.start_connect_retry(out);
            self.initiate_connection(out);
            self.state = State::Connect;
        }
    }

    /// Sends our OPEN (capabilities filtered by the fallback memory).
    fn send_open(&mut self, out: &mut Vec<Output>) {
        let open = self.local_open();
        self.sent_open = Some(open.clone());
        out.push(Output::SendOpen(open));
    }

    fn local_open(&self) -> Open {
        local_open(
            &self.config,
            self.fallback.announce(&self.config.capabilities),
        )
    }

    /// TCP connection up (Events 16, 17) in Connect or Active: wait for the peer's OPEN if
    /// DelayOpen is configured, else send ours and go to OpenSent.
    fn connection_up(&mut self, out: &mut Vec<Output>, direction: ConnectionDirection) {
        self.connection = Connection::Connected(direction);
        self.stop_timer(out, Timer::ConnectRetry);
        if let Some(delay) = self.config.delay_open {
            self.start_timer(out, Timer::DelayOpen, delay);
        } else {
            self.open_and_wait(out);
        }
    }

    /// Sends our OPEN, sets the HoldTimer to the large value, goes to OpenSent.
    fn open_and_wait(&mut self, out: &mut Vec<Output>) {
        self.stop_timer(out, Timer::ConnectRetry);
        self.stop_timer(out, Timer::DelayOpen);
        self.send_open(out);
        self.start_timer(out, Timer::Hold, LARGE_HOLD_TIME);
        self.state = State::OpenSent;
    }

    /// The peer's Graceful Restart capability, when both OPENs carried one.
    fn graceful_restart(&self) -> Option<GracefulRestart> {
        let sent = self.sent_open.as_ref()?;
        if !sent.announces(capability_code::GRACEFUL_RESTART) {
            return None;
        }
        self.received_open.as_ref()?.graceful_restart().cloned()
    }

    /// Closes the connection and goes to Idle: the NOTIFICATION (if any, and if the
    /// connection is up), all timers stopped, the connection dropped, SessionDown when
    /// leaving Established, ConnectRetryCounter updated, then the restart timer.
    fn close(&mut self, out: &mut Vec<Output>, closing: Closing) {
        if let (Some(notification), Connection::Connected(_)) =
            (&closing.notification, self.connection)
        {
            out.push(Output::SendNotification(notification.clone()));
        }
        for timer in Timer::ALL {
            self.stop_timer(out, timer);
        }
        if self.connection != Connection::None {
            self.connection = Connection::None;
            out.push(Output::DropTcp);
        }
        if self.state == State::Established {
            // RFC 4271 §8.2.2 Established: "deletes all routes associated with this
            // connection" (the RIB does, on SessionDown).
            out.push(Output::SessionDown {
                reason: closing.reason.clone(),
                peer_graceful_restart: self.graceful_restart(),
            });
        }
        self.connect_retry_counter = match closing.counter {
            Counter::Zero => 0,
            Counter::Increment => self.connect_retry_counter.saturating_add(1),
            Counter::Keep => self.connect_retry_counter,
        };
        self.state = State::Idle;
        self.sent_open = None;
        self.received_open = None;
        self.negotiated = None;
        self.last_close = Some(closing.reason);
        match closing.restart {
            Restart::Never => self.automatic_restart = false,
            Restart::Backoff | Restart::Retry if self.automatic_restart => {
                let duration = self.config.retry.delay(self.failures, self.jitter);
                if closing.restart == Restart::Backoff {
                    self.failures = self.failures.saturating_add(1);
                }
                self.start_timer(out, Timer::IdleHold, duration);
            }
            Restart::Backoff | Restart::Retry => {}
        }
    }

    /// ManualStop (Event 2) in any state but Idle: the Cease is sent if the connection is
    /// up, ConnectRetryCounter is set to zero, and automatic restarts end.
    fn manual_stop(&mut self, out: &mut Vec<Output>, notification: Notification) {
        self.close(
            out,
            Closing::notify(notification)
                .counter(Counter::Zero)
                .restart(Restart::Never),
        );
    }
}

#[cfg(test)]
mod test_support;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod scenarios;

#[cfg(test)]
mod properties;
