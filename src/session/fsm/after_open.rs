//! The FSM in OpenSent, OpenConfirm and Established (RFC 4271 §8.2.2): our OPEN is out.
//!
//! Only the handlers live here; the shared actions are in `fsm/mod.rs`. Unexpected messages
//! get RFC 6608's subcodes: "If a BGP speaker receives an unexpected message (e.g.,
//! KEEPALIVE/UPDATE/ROUTE-REFRESH message) on a session in OpenSent state, it MUST send to
//! the neighbor a NOTIFICATION message with the Error Code Finite State Machine Error and the
//! Error Subcode "Receive Unexpected Message in OpenSent State"" (likewise 2 for OpenConfirm
//! and 3 for Established).

use crate::wire::iana::notification::{HOLD_TIMER_EXPIRED, finite_state_machine};
use crate::wire::notification::Notification;
use crate::wire::route_refresh::{RouteRefresh, RouteRefreshSubtype};

use super::super::collision::collision_notification;
use super::super::input::{Input, is_version_error};
use super::super::negotiation::check_open;
use super::super::output::{DownReason, Output};
use super::super::state::State;
use super::super::timer::{Timer, hold_duration};
use super::before_open::refusal_restart;
use super::{Closing, Connection, Counter, Fsm, Restart, fsm_error};

/// RFC 4271 §6.5: "the NOTIFICATION message with the Hold Timer Expired Error Code is sent".
fn hold_timer_expired() -> Notification {
    Notification::new(HOLD_TIMER_EXPIRED, 0, Vec::new())
}

impl Fsm {
    /// OpenSent: waiting for the peer's OPEN.
    pub(super) fn open_sent(&mut self, input: Input, out: &mut Vec<Output>) {
        match input {
            Input::TcpConnectionFails => {
                // "closes the BGP connection, - restarts the ConnectRetryTimer, - continues
                // to listen for a connection that may be initiated by the remote BGP peer,
                // and - changes its state to Active."
                let learned = self.config.fallback_on_close
                    && self
                        .sent_open
                        .as_ref()
                        .is_some_and(|open| self.fallback.learn_from_close(&open.capabilities));
                for timer in Timer::ALL {
                    self.stop_timer(out, timer);
                }
                self.connection = Connection::None;
                out.push(Output::DropTcp);
                if !learned {
                    self.failures = self.failures.saturating_add(1);
                }
                if !self.config.passive {
                    self.start_connect_retry(out);
                }
                self.sent_open = None;
                self.last_close = Some(DownReason::ConnectionLost);
                self.state = State::Active;
            }
            Input::BgpOpen(open) => {
                // Event 19: "When an OPEN message is received, all fields are checked for
                // correctness." Collision detection ran in the peer task before this input.
                let checked = match &self.sent_open {
                    Some(sent) => check_open(&self.config, sent, &open),
                    None => Err(crate::wire::error::NotificationError::new(
                        crate::wire::iana::notification::FINITE_STATE_MACHINE_ERROR,
                        finite_state_machine::UNSPECIFIED,
                        Vec::new(),
                        "OpenSent without an OPEN sent",
                    )),
                };
                match checked {
                    Ok(negotiated) => self.enter_open_confirm(out, open, negotiated),
                    Err(error) => {
                        let restart = refusal_restart(&error);
                        self.close(
                            out,
                            Closing::notify(Notification::from(error)).restart(restart),
                        );
                    }
                }
            }
            other => self.after_open_common(
                other,
                out,
                finite_state_machine::UNEXPECTED_MESSAGE_IN_OPEN_SENT,
            ),
        }
    }

    /// OpenConfirm: waiting for the KEEPALIVE that acknowledges our OPEN.
    pub(super) fn open_confirm(&mut self, input: Input, out: &mut Vec<Output>) {
        match input {
            Input::KeepaliveTimerExpires => {
                // "sends a KEEPALIVE message, - restarts the KeepaliveTimer, and - remains in
                // the OpenConfirmed state."
                self.send_keepalive(out);
            }
            Input::KeepaliveMessage => {
                // "restarts the HoldTimer and - changes its state to Established."
                let Some(negotiated) = self.negotiated.clone() else {
                    self.close(
                        out,
                        Closing::notify(fsm_error(finite_state_machine::UNSPECIFIED)),
                    );
                    return;
                };
                if negotiated.hold_time == 0 {
                    // No keepalive timer will ever prove the session stable.
                    self.failures = 0;
                } else {
                    self.start_timer(out, Timer::Hold, hold_duration(negotiated.hold_time));
                }
                self.state = State::Established;
                // RFC 4724 §3: R says "the BGP speaker has restarted": true of this run's
                // first session only (see `session::graceful`).
                super::super::graceful::mark_established(&mut self.config.capabilities);
                out.push(Output::SessionEstablished(Box::new(negotiated)));
            }
            Input::TcpConnectionFails => {
                self.close(out, Closing::silent(DownReason::ConnectionLost));
            }
            other => self.after_open_common(
                other,
                out,
                finite_state_machine::UNEXPECTED_MESSAGE_IN_OPEN_CONFIRM,
            ),
        }
    }

    /// Established: exchanging UPDATEs.
    pub(super) fn established(&mut self, input: Input, out: &mut Vec<Output>) {
        match input {
            Input::KeepaliveTimerExpires => {
                // The session has lived one keepalive interval: the backoff starts over.
                self.failures = 0;
                self.send_keepalive(out);
            }
            Input::KeepaliveMessage => self.restart_hold_timer(out),
            Input::UpdateMessage(update) => {
                // "processes the message, - restarts its HoldTimer, if the negotiated
                // HoldTime value is non-zero, and - remains in the Established state."
                self.restart_hold_timer(out);
                out.push(Output::DeliverUpdate(update));
            }
            Input::RouteRefreshMessage(route_refresh) => {
                self.restart_hold_timer(out);
                if self.route_refresh_applies(&route_refresh) {
                    out.push(Output::RouteRefreshRequested(route_refresh));
                }
            }
            Input::UpdateMessageError(error) | Input::RouteRefreshMessageError(error) => {
                // Event 28: "sends a NOTIFICATION message with an Update error, ... -
                // deletes all routes associated with this connection, ... - changes its
                // state to Idle." RFC 7313 §5 likewise for a malformed ROUTE-REFRESH.
                self.close(out, Closing::notify(Notification::from(error)));
            }
            Input::TcpConnectionFails => {
                self.close(out, Closing::silent(DownReason::ConnectionLost));
            }
            Input::NotificationMessage(notification) => {
                // Events 24 and 25 alike here: counter + 1.
                self.close(
                    out,
                    Closing::silent(DownReason::PeerNotification(notification)),
                );
            }
            other => self.after_open_common(
                other,
                out,
                finite_state_machine::UNEXPECTED_MESSAGE_IN_ESTABLISHED,
            ),
        }
    }

    /// The cells OpenSent, OpenConfirm and Established share. `unexpected` is the RFC 6608
    /// subcode for a message this state does not expect.
    fn after_open_common(&mut self, input: Input, out: &mut Vec<Output>, unexpected: u8) {
        match input {
            // "The start events (Events 1, 3-7) are ignored"; Events 16 and 17 mean a second
            // connection, which has its own FSM (`Fsm::for_second_connection`).
            Input::ManualStart
            | Input::AutomaticStart
            | Input::ManualStartWithPassiveTcpEstablishment
            | Input::AutomaticStartWithPassiveTcpEstablishment
            | Input::TcpConnectionRequestAcknowledged
            | Input::TcpConnectionConfirmed => {}
            Input::ManualStop(notification) => self.manual_stop(out, notification),
            Input::AutomaticStop(notification) => {
                self.close(out, Closing::notify(notification));
            }
            Input::HoldTimerExpires => {
                // "sends a NOTIFICATION message with the error code Hold Timer Expired, ...
                // - increments the ConnectRetryCounter, ... - changes its state to Idle."
                self.close(out, Closing::notify(hold_timer_expired()));
            }
            Input::OpenCollisionDump => {
                // "sends a NOTIFICATION with a Cease, ... - increments the ConnectRetryCounter
                // by 1, ... - changes its state to Idle."
                self.close(out, Closing::notify(collision_notification()));
            }
            Input::BgpHeaderError(error) => {
                // RFC 4271 §6.1: "All errors detected while processing the Message Header MUST
                // be indicated by sending the NOTIFICATION message with the Error Code
                // Message Header Error." (in Established too, where the §8.2.2 table would
                // send an FSM Error instead).
                self.close(out, Closing::notify(Notification::from(error)));
            }
            Input::BgpOpenMessageError(error) if self.state != State::Established => {
                self.close(out, Closing::notify(Notification::from(error)));
            }
            Input::NotificationMessage(notification) => self.peer_refused(out, notification),
            input if input.is_message() => {
                // Event 19/20 on a connection past OpenSent, KEEPALIVE/UPDATE/ROUTE-REFRESH in
                // OpenSent, UPDATE/ROUTE-REFRESH in OpenConfirm, OPEN in Established.
                self.close(out, Closing::notify(fsm_error(unexpected)));
            }
            // Remaining: timer events of timers that run in no state past Active (9, 12, 13)
            // and Event 11 in OpenSent; they reach here only if running, which they never
            // are. "In response to any other event ... sends the NOTIFICATION with the Error
            // Code Finite State Machine Error".
            _ => self.close(
                out,
                Closing::notify(fsm_error(finite_state_machine::UNSPECIFIED)),
            ),
        }
    }

    /// A NOTIFICATION in OpenSent or OpenConfirm: close without answering, and learn from a
    /// refusal of our OPEN (RFC 5492 §3) so that the next attempt differs. Event 24 (version
    /// error) leaves ConnectRetryCounter alone.
    fn peer_refused(&mut self, out: &mut Vec<Output>, notification: Notification) {
        let learned = self.sent_open.as_ref().is_some_and(|open| {
            self.fallback
                .learn_from_notification(&notification, &open.capabilities)
        });
        let counter = if is_version_error(&notification) {
            Counter::Keep
        } else {
            Counter::Increment
        };
        let restart = if learned {
            Restart::Retry
        } else {
            Restart::Backoff
        };
        self.close(
            out,
            Closing::silent(DownReason::PeerNotification(notification))
                .counter(counter)
                .restart(restart),
        );
    }

    /// Sends a KEEPALIVE and restarts the KeepaliveTimer (it only runs with a nonzero hold
    /// time).
    fn send_keepalive(&mut self, out: &mut Vec<Output>) {
        out.push(Output::SendKeepalive);
        if let Some(negotiated) = &self.negotiated
            && negotiated.hold_time != 0
        {
            let duration = self
                .jitter
                .apply(super::super::timer::keepalive_time(negotiated.hold_time));
            self.start_timer(out, Timer::Keepalive, duration);
        }
    }

    /// "restarts its HoldTimer, if the negotiated HoldTime value is non-zero".
    fn restart_hold_timer(&mut self, out: &mut Vec<Output>) {
        if let Some(negotiated) = &self.negotiated
            && negotiated.hold_time != 0
        {
            let duration = hold_duration(negotiated.hold_time);
            self.start_timer(out, Timer::Hold, duration);
        }
    }

    /// Whether a ROUTE-REFRESH is to be acted on.
    ///
    /// RFC 2918 §4: "If a BGP speaker receives from its peer a ROUTE-REFRESH message with the
    /// <AFI, SAFI> that the speaker didn't advertise to the peer at the session establishment
    /// time via capability advertisement, the speaker shall ignore such a message." RFC 7313
    /// §5: "When the BGP speaker receives a ROUTE-REFRESH message with a "Message Subtype"
    /// field other than 0, 1, or 2, it MUST ignore the received ROUTE-REFRESH message."
    fn route_refresh_applies(&self, route_refresh: &RouteRefresh) -> bool {
        if matches!(route_refresh.subtype, RouteRefreshSubtype::Unknown(_)) {
            return false;
        }
        self.sent_open
            .as_ref()
            .is_some_and(|open| open.families().contains(&route_refresh.family))
    }
}
