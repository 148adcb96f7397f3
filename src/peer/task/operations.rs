//! The peer task's stops and on-demand messages: the stop with a Cease, the silent close of a
//! graceful restart, ROUTE-REFRESH requests, End-of-RIB and OPERATIONAL messages on demand and
//! re-sending the whole Adj-RIB-Out (a locally initiated route refresh).
//!
//! Part of the peer task (`task`): methods on its state, carried out at once, never awaiting.

use crate::session::{Input, State};
use crate::wire::message::Message;
use crate::wire::negotiated::{Negotiated, RouteRefreshSupport};
use crate::wire::notification::Notification;
use crate::wire::route_refresh::{RouteRefresh, RouteRefreshSubtype};

use super::super::channel::{PeerEvent, cease_notification};
use super::super::drive::{queue, send_routes};
use super::{PeerTask, Which};

/// The `Down` reason of a connection closed for a graceful restart.
pub const GRACEFUL_CLOSE_REASON: &str =
    "graceful restart: connection closed without NOTIFICATION, the peer keeps our routes";
impl PeerTask {
    /// Ends the task leaving the peer our routes: the Established connection is closed
    /// without a NOTIFICATION. RFC 4724 §4.2: "When the Receiving Speaker detects termination
    /// of the TCP session for a BGP session with a peer that has advertised the Graceful
    /// Restart Capability, it MUST retain the routes received from the peer for all the
    /// address families that were previously received in the Graceful Restart Capability
    /// and MUST mark them as stale routing information." (A NOTIFICATION would make it
    /// delete them: RFC 8538's N bit, which would change that, is not announced.) A second
    /// connection, never Established, gets its Cease as usual.
    pub(super) fn close_for_graceful_restart(&mut self) {
        let cease = cease_notification(
            crate::wire::iana::notification::cease::ADMINISTRATIVE_SHUTDOWN,
            "",
        );
        self.feed(Which::Secondary, Input::ManualStop(cease));
        self.secondary = None;
        let first_new_event = self.shared.outbox.len();
        self.feed(Which::Primary, Input::TcpConnectionFails);
        for event in self.shared.outbox.iter_mut().skip(first_new_event) {
            if let PeerEvent::Down { reason, .. } = event {
                *reason = GRACEFUL_CLOSE_REASON.to_owned();
            }
        }
        self.primary.close(self.shared.config.linger);
        self.stopping = true;
    }

    pub(super) fn shutdown(&mut self, notification: Notification) {
        self.feed(Which::Secondary, Input::ManualStop(notification.clone()));
        self.feed(Which::Primary, Input::ManualStop(notification));
        self.secondary = None;
        self.primary.close(self.shared.config.linger);
        self.stopping = true;
    }

    /// Sends a ROUTE-REFRESH for `family` when the session is up and the peer supports it
    /// (RFC 2918 §3: "A BGP speaker that is willing to receive the ROUTE-REFRESH message from
    /// its peer SHOULD advertise the Route Refresh Capability to the peer").
    pub(super) fn request_refresh(&mut self, family: crate::wire::family::Family) {
        let Some(negotiated) = self.established_negotiated() else {
            return;
        };
        if negotiated.route_refresh == RouteRefreshSupport::Absent
            || !negotiated.families.contains(&family)
        {
            return;
        }
        let message = Message::RouteRefresh(RouteRefresh::request(family));
        queue(&mut self.shared, &mut self.primary, &message);
    }

    /// Sends an OPERATIONAL message when the session is up and both OPENs carried the
    /// operational capability (ExaBGP sends them only to such peers), after the route changes
    /// already applied.
    pub(super) fn send_operational(&mut self, operational: &crate::wire::operational::Operational) {
        let Some(negotiated) = self.established_negotiated() else {
            return;
        };
        if !negotiated.operational {
            return;
        }
        let Some(body) = operational.encode_body() else {
            return;
        };
        let message = Message::Raw {
            kind: crate::wire::iana::message_type::OPERATIONAL,
            body,
        };
        send_routes(
            &mut self.shared,
            &mut self.primary,
            &negotiated,
            |routes, negotiated, sink| {
                routes.flush(negotiated, sink);
                sink(&message.encode(negotiated));
            },
        );
    }

    pub(super) fn established_negotiated(&self) -> Option<Negotiated> {
        if self.primary.fsm.state() == State::Established {
            self.primary.fsm.negotiated().cloned()
        } else {
            None
        }
    }

    /// Sends the End-of-RIB marker of `family` after the route changes already applied (so
    /// the peer's stale routes are swept only once they are out), when the session is up
    /// with that family.
    pub(super) fn send_end_of_rib(&mut self, family: crate::wire::family::Family) {
        let Some(negotiated) = self.established_negotiated() else {
            return;
        };
        if !negotiated.families.contains(&family) {
            return;
        }
        send_routes(
            &mut self.shared,
            &mut self.primary,
            &negotiated,
            |routes, negotiated, sink| {
                routes.flush(negotiated, sink);
                sink(&crate::wire::builder::end_of_rib_message(
                    family, negotiated,
                ));
            },
        );
    }

    /// Sends every route again: a route refresh initiated locally. RFC 7313 §4: "Before the
    /// speaker starts a route refresh that is either initiated locally, or in response to a
    /// "normal route refresh request" from the peer, the speaker MUST send a BoRR message.
    /// After the speaker completes the re-advertisement of the entire Adj-RIB-Out to the
    /// peer, it MUST send an EoRR message." Markers for every negotiated family, BoRRs first
    /// and EoRRs last, as ExaBGP sends them. While the session is down nothing is sent: the
    /// next session gets the whole table anyway.
    pub(super) fn readvertise(&mut self) {
        let Some(negotiated) = self.established_negotiated() else {
            return;
        };
        self.shared
            .routes
            .apply(super::super::routes::RouteChange::ResendAll);
        let enhanced = negotiated.route_refresh == RouteRefreshSupport::Enhanced;
        let markers = |subtype: RouteRefreshSubtype| -> Vec<Message> {
            if !enhanced {
                return Vec::new();
            }
            negotiated
                .families
                .iter()
                .map(|family| Message::RouteRefresh(RouteRefresh::new(*family, subtype)))
                .collect()
        };
        for marker in markers(RouteRefreshSubtype::Begin) {
            queue(&mut self.shared, &mut self.primary, &marker);
        }
        send_routes(
            &mut self.shared,
            &mut self.primary,
            &negotiated,
            |routes, negotiated, sink| routes.flush(negotiated, sink),
        );
        for marker in markers(RouteRefreshSubtype::End) {
            queue(&mut self.shared, &mut self.primary, &marker);
        }
    }
}
