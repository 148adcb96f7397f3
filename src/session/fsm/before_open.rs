//! The FSM in Idle, Connect and Active (RFC 4271 §8.2.2): starting, connecting, waiting.
//!
//! No OPEN has been sent in these states, except that with DelayOpen a connection can be up
//! and the peer's OPEN can arrive first (Event 20). Only the handlers live here; the shared
//! actions are in `fsm/mod.rs`.

use crate::wire::notification::Notification;
use crate::wire::open::Open;

use super::super::collision::ConnectionDirection;
use super::super::input::{Input, is_version_error};
use super::super::negotiation::check_open;
use super::super::output::{DownReason, Output};
use super::super::state::State;
use super::super::timer::{Timer, hold_duration, keepalive_time};
use super::{Closing, Connection, Counter, Fsm, Restart};

impl Fsm {
    /// Idle: only start events (and our restart timer) do anything.
    pub(super) fn idle(&mut self, input: Input, out: &mut Vec<Output>) {
        match input {
            Input::ManualStart => self.start(out, false, true),
            Input::AutomaticStart => self.start(out, false, false),
            Input::ManualStartWithPassiveTcpEstablishment => self.start(out, true, true),
            Input::AutomaticStartWithPassiveTcpEstablishment => self.start(out, true, false),
            Input::IdleHoldTimerExpires if self.automatic_restart => {
                self.start(out, self.passive_start, false);
            }
            Input::ManualStop(_) => {
                // RFC 4271: "The ManualStop event (Event 2) and AutomaticStop (Event 8) event
                // are ignored in the Idle state." The state does not change, but the pending
                // automatic restart is cancelled: the operator wants the session down.
                self.automatic_restart = false;
                self.stop_timer(out, Timer::IdleHold);
            }
            // "Any other event (Events 9-12, 15-28) received in the Idle state does not cause
            // change in the state of the local system."
            _ => {}
        }
    }

    /// Connect: waiting for our TCP connection (or, with DelayOpen, for the peer's OPEN).
    pub(super) fn connect(&mut self, input: Input, out: &mut Vec<Output>) {
        match input {
            // "The start events (Events 1, 3-7) are ignored in the Connect state."
            Input::ManualStart
            | Input::AutomaticStart
            | Input::ManualStartWithPassiveTcpEstablishment
            | Input::AutomaticStartWithPassiveTcpEstablishment => {}
            Input::ManualStop(notification) => self.manual_stop(out, notification),
            Input::ConnectRetryTimerExpires => {
                // "drops the TCP connection, - restarts the ConnectRetryTimer, - stops the
                // DelayOpenTimer and resets the timer to zero, - initiates a TCP connection
                // to the other BGP peer, ... and - stays in the Connect state."
                if self.connection != Connection::None {
                    out.push(Output::DropTcp);
                }
                self.failures = self.failures.saturating_add(1);
                self.start_connect_retry(out);
                self.stop_timer(out, Timer::DelayOpen);
                self.initiate_connection(out);
            }
            Input::TcpConnectionFails if self.timers.is_running(Timer::DelayOpen) => {
                // "restarts the ConnectRetryTimer with the initial value, - stops the
                // DelayOpenTimer ..., - continues to listen ..., and - changes its state to
                // Active."
                self.connection = Connection::None;
                out.push(Output::DropTcp);
                self.failures = self.failures.saturating_add(1);
                self.stop_timer(out, Timer::DelayOpen);
                if !self.config.passive {
                    self.start_connect_retry(out);
                }
                self.last_close = Some(DownReason::ConnectionLost);
                self.state = State::Active;
            }
            Input::TcpConnectionFails => {
                // "stops the ConnectRetryTimer to zero, - drops the TCP connection, -
                // releases all BGP resources, and - changes its state to Idle." (no
                // increment of ConnectRetryCounter in this cell)
                self.close(
                    out,
                    Closing::silent(DownReason::ConnectionLost).counter(Counter::Keep),
                );
            }
            other => self.before_open_common(other, out),
        }
    }

    /// Active: listening for the peer's connection (or, with DelayOpen, for its OPEN).
    pub(super) fn active(&mut self, input: Input, out: &mut Vec<Output>) {
        match input {
            // "The start events (Events 1, 3-7) are ignored in the Active state."
            Input::ManualStart
            | Input::AutomaticStart
            | Input::ManualStartWithPassiveTcpEstablishment
            | Input::AutomaticStartWithPassiveTcpEstablishment => {}
            Input::ManualStop(notification) => self.manual_stop(out, notification),
            Input::ConnectRetryTimerExpires if self.config.passive => {
                // Passive: we never connect (the timer does not run then; kept for safety).
            }
            Input::ConnectRetryTimerExpires => {
                // "restarts the ConnectRetryTimer (with initial value), - initiates a TCP
                // connection to the other BGP peer, ... and - changes its state to Connect."
                self.start_connect_retry(out);
                self.initiate_connection(out);
                self.state = State::Connect;
            }
            Input::TcpConnectionFails => {
                // "restarts the ConnectRetryTimer ..., - stops and clears the DelayOpenTimer
                // ..., - releases all BGP resource, - increments the ConnectRetryCounter by
                // 1, ... and - changes its state to Idle." The ConnectRetryTimer would be
                // meaningless in Idle: the restart timer takes its place.
                self.close(out, Closing::silent(DownReason::ConnectionLost));
            }
            other => self.before_open_common(other, out),
        }
    }

    /// The cells Connect and Active share.
    fn before_open_common(&mut self, input: Input, out: &mut Vec<Output>) {
        let delay_open_running = self.timers.is_running(Timer::DelayOpen);
        match input {
            Input::DelayOpenTimerExpires => {
                // "sends an OPEN message to its peer, - sets the HoldTimer to a large value,
                // and - changes its state to OpenSent."
                self.open_and_wait(out);
            }
            Input::TcpConnectionRequestAcknowledged => {
                self.connection_up(out, ConnectionDirection::Outgoing);
            }
            Input::TcpConnectionConfirmed => {
                // An attempt of ours still in progress is abandoned by the peer task.
                self.connection_up(out, ConnectionDirection::Incoming);
            }
            Input::BgpOpen(open) if delay_open_running => self.delayed_open(open, out),
            Input::BgpHeaderError(error) | Input::BgpOpenMessageError(error) => {
                // "(optionally) If the SendNOTIFICATIONwithoutOPEN attribute is set to TRUE,
                // then the local system first sends a NOTIFICATION message with the
                // appropriate error code" (it is TRUE here), then Idle, counter + 1.
                self.close(out, Closing::notify(Notification::from(error)));
            }
            Input::NotificationMessage(notification) if is_version_error(&notification) => {
                // Event 24: with the DelayOpenTimer running, no increment of the counter.
                let counter = if delay_open_running {
                    Counter::Keep
                } else {
                    Counter::Increment
                };
                self.close(
                    out,
                    Closing::silent(DownReason::PeerNotification(notification)).counter(counter),
                );
            }
            Input::NotificationMessage(notification) => {
                self.close(
                    out,
                    Closing::silent(DownReason::PeerNotification(notification)),
                );
            }
            Input::AutomaticStop(notification) => {
                // Sent only if a connection is up (DelayOpen), as for any NOTIFICATION.
                self.close(out, Closing::notify(notification));
            }
            // "In response to any other events (Events 8, 10-11, 13, 19, 23, 25-28), the
            // local system: ... - increments the ConnectRetryCounter by 1, ... - changes its
            // state to Idle."
            _ => self.close(out, Closing::unexpected_before_open()),
        }
    }

    /// Event 20: the peer's OPEN while our DelayOpenTimer runs.
    ///
    /// "stops the ConnectRetryTimer (if running) ..., - stops and clears the DelayOpenTimer
    /// ..., - sends an OPEN message, - sends a KEEPALIVE message, - if the HoldTimer initial
    /// value is non-zero, - starts the KeepaliveTimer with the initial value and - resets the
    /// HoldTimer to the negotiated value, ... - and changes its state to OpenConfirm." The
    /// OPEN is checked first (Event 22 when it fails: our NOTIFICATION, without our OPEN).
    fn delayed_open(&mut self, open: Open, out: &mut Vec<Output>) {
        let ours = self.local_open();
        match check_open(&self.config, &ours, &open) {
            Err(error) => {
                let restart = refusal_restart(&error);
                self.close(
                    out,
                    Closing::notify(Notification::from(error)).restart(restart),
                );
            }
            Ok(negotiated) => {
                self.stop_timer(out, Timer::ConnectRetry);
                self.stop_timer(out, Timer::DelayOpen);
                self.sent_open = Some(ours.clone());
                out.push(Output::SendOpen(ours));
                self.enter_open_confirm(out, open, negotiated);
            }
        }
    }

    /// Sends the KEEPALIVE that acknowledges the peer's OPEN, starts the negotiated timers
    /// and goes to OpenConfirm. RFC 4271 §8.2.2 OpenSent: "If the negotiated hold time value
    /// is zero, then the HoldTimer and KeepaliveTimer are not started."
    pub(super) fn enter_open_confirm(
        &mut self,
        out: &mut Vec<Output>,
        open: Open,
        negotiated: crate::wire::negotiated::Negotiated,
    ) {
        self.stop_timer(out, Timer::ConnectRetry);
        self.stop_timer(out, Timer::DelayOpen);
        out.push(Output::SendKeepalive);
        if negotiated.hold_time == 0 {
            self.stop_timer(out, Timer::Keepalive);
            self.stop_timer(out, Timer::Hold);
        } else {
            let keepalive = self.jitter.apply(keepalive_time(negotiated.hold_time));
            self.start_timer(out, Timer::Keepalive, keepalive);
            self.start_timer(out, Timer::Hold, hold_duration(negotiated.hold_time));
        }
        self.received_open = Some(open);
        self.negotiated = Some(negotiated);
        self.state = State::OpenConfirm;
    }
}

/// After refusing a peer's OPEN: RFC 5492 §3 on a missing capability: "If terminated, such
/// peering SHOULD NOT be re-established automatically." Other refusals retry after the
/// backoff (the peer's configuration may be fixed meanwhile).
pub(super) fn refusal_restart(error: &crate::wire::error::NotificationError) -> Restart {
    use crate::wire::iana::notification::{OPEN_MESSAGE_ERROR, open};
    if error.code == OPEN_MESSAGE_ERROR && error.subcode == open::UNSUPPORTED_CAPABILITY {
        Restart::Never
    } else {
        Restart::Backoff
    }
}
