//! Driving one link's FSM: feeding it an input and carrying out the outputs it returns
//! (sockets, timers, messages, the route source, events), and turning received frames into
//! FSM inputs.
//!
//! The rules the RFC gives live in `session`; this module only executes them. Must not
//! await: everything here is immediate, so keepalives and timers are never delayed by it.

use std::collections::VecDeque;
use std::time::{SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

use crate::rib::AdjRibIn;
use crate::session::{Input, Jitter, Output};
use crate::wire::header::{HEADER_LENGTH, bad_message_length};
use crate::wire::iana::message_type;
use crate::wire::message::{Message, decode_message};
use crate::wire::negotiated::Negotiated;
use crate::wire::open::Open;
use crate::wire::route_refresh::{RouteRefresh, RouteRefreshSubtype};
use crate::wire::update;

use super::channel::{MessageEvent, PeerEvent, down_reason_text};
use super::config::PeerConfig;
use super::link::Link;
use super::routes::RouteSource;
use super::socket;

/// What a peer task's links share: the configuration, the route source, the events not yet
/// handed to the hub.
pub struct Shared {
    pub config: PeerConfig,
    pub routes: Box<dyn RouteSource>,
    /// The routes the peer sent, when kept (`PeerConfig::adj_rib_in`); emptied when the
    /// session goes down.
    pub received: Option<AdjRibIn>,
    pub outbox: VecDeque<PeerEvent>,
    /// State of the jitter generator (xorshift).
    random: u64,
    /// Header and body of the UPDATE being fed, for its `Received` event.
    update_frame: Option<(Vec<u8>, Vec<u8>)>,
}

impl Shared {
    pub fn new(config: PeerConfig, routes: Box<dyn RouteSource>) -> Shared {
        let clock = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos() as u64);
        let seed = clock ^ u64::from(config.neighbor.0).rotate_left(32) ^ 0x9E37_79B9_7F4A_7C15;
        let received = config.adj_rib_in.then(|| {
            if config.session.is_internal() {
                AdjRibIn::new()
            } else {
                AdjRibIn::for_external_peer()
            }
        });
        Shared {
            config,
            routes,
            received,
            outbox: VecDeque::new(),
            random: seed.max(1),
            update_frame: None,
        }
    }

    pub fn emit(&mut self, event: PeerEvent) {
        self.outbox.push_back(event);
    }

    /// RFC 4271 §10: a factor "uniformly distributed in the range from 0.75 to 1.0", drawn
    /// anew for each input (so for each timer set).
    fn jitter(&mut self) -> Jitter {
        if !self.config.jitter {
            return Jitter::NONE;
        }
        self.random ^= self.random << 13;
        self.random ^= self.random >> 7;
        self.random ^= self.random << 17;
        let spread = u16::try_from(self.random % 251).unwrap_or(0);
        Jitter::from_per_mille(Jitter::MINIMUM_PER_MILLE.saturating_add(spread))
    }

    /// Reports a message we sent, decoded again from its bytes (UPDATEs with the session's
    /// sending view).
    fn report_sent(&mut self, bytes: &[u8], negotiated: Option<&Negotiated>) {
        let view = negotiated.map(sending_view).unwrap_or_default();
        let message = decode_message(bytes, &view).unwrap_or_else(|_| Message::Raw {
            kind: bytes.get(HEADER_LENGTH - 1).copied().unwrap_or(0),
            body: bytes.get(HEADER_LENGTH..).unwrap_or_default().to_vec(),
        });
        self.emit(PeerEvent::Sent(Box::new(MessageEvent {
            message,
            header: bytes.get(..HEADER_LENGTH).unwrap_or_default().to_vec(),
            body: bytes.get(HEADER_LENGTH..).unwrap_or_default().to_vec(),
        })));
    }
}

/// The codec context that decodes what we send: ADD-PATH in our sending direction.
fn sending_view(negotiated: &Negotiated) -> Negotiated {
    let mut view = negotiated.clone();
    view.add_path_receive = negotiated.add_path_send.clone();
    view
}

/// Feeds `input` to the link's FSM and carries out the outputs in order. `primary`: the
/// link's state changes are the peer's (a second connection's are not reported).
pub fn feed(shared: &mut Shared, link: &mut Link, input: Input, primary: bool) {
    let jitter = shared.jitter();
    link.fsm.set_jitter(jitter);
    let before = link.fsm.state();
    let outputs = link.fsm.handle(input);
    let after = link.fsm.state();
    if primary && before != after {
        shared.emit(PeerEvent::StateChanged {
            from: before,
            to: after,
        });
    }
    for output in outputs {
        carry_out(shared, link, output);
    }
}

fn carry_out(shared: &mut Shared, link: &mut Link, output: Output) {
    match output {
        Output::ConnectTcp => {
            link.abort_connecting();
            let options = shared.config.connect_options();
            link.connecting = Some(tokio::spawn(async move { socket::connect(&options).await }));
        }
        Output::DropTcp => link.close(shared.config.linger),
        Output::SendOpen(open) => queue(shared, link, &Message::Open(open)),
        Output::SendKeepalive => queue(shared, link, &Message::Keepalive),
        Output::SendNotification(notification) => {
            queue(shared, link, &Message::Notification(notification.clone()));
            shared.emit(PeerEvent::NotificationSent(notification));
        }
        Output::StartTimer { timer, duration } => {
            link.timers.start(timer, Instant::now(), duration);
        }
        Output::StopTimer(timer) => link.timers.stop(timer),
        Output::SessionEstablished(negotiated) => {
            if let (Some(sent), Some(received)) = (link.fsm.sent_open(), link.fsm.peer_open()) {
                let event = PeerEvent::Negotiated {
                    negotiated: negotiated.clone(),
                    sent_open: Box::new(sent.clone()),
                    received_open: Box::new(received.clone()),
                };
                shared.emit(event);
            }
            shared.emit(PeerEvent::Up);
            send_routes(shared, link, &negotiated, |routes, negotiated, sink| {
                routes.full_table(negotiated, sink);
            });
        }
        Output::SessionDown { reason, .. } => {
            shared.routes.session_down();
            // The peer's routes go with the session (they serve `show adj-rib in` only:
            // nothing here selects routes, so none are kept stale for a restarting peer).
            if let Some(received) = shared.received.as_mut() {
                received.clear();
            }
            shared.emit(PeerEvent::Down {
                reason: down_reason_text(&reason),
                cause: reason,
            });
        }
        Output::DeliverUpdate(update) => {
            let end_of_rib = update.end_of_rib();
            if let Some(received) = shared.received.as_mut() {
                received.apply(&update);
            }
            let (header, body) = shared.update_frame.take().unwrap_or_default();
            shared.emit(PeerEvent::Received(Box::new(MessageEvent {
                message: Message::Update(update),
                header,
                body,
            })));
            if let Some(family) = end_of_rib {
                shared.emit(PeerEvent::EndOfRib(family));
            }
        }
        Output::RouteRefreshRequested(RouteRefresh { family, subtype }) => {
            // Subtypes 1 and 2 (BoRR, EoRR) mark the peer's own re-advertisement: they
            // concern the Adj-RIB-In, and were reported as received messages. RFC 7313 §4:
            // at the BoRR the speaker "MUST ... mark all the routes, previously received
            // from that peer, as stale"; at the EoRR it "MUST ... purge all stale routes".
            if let Some(received) = shared.received.as_mut() {
                match subtype {
                    RouteRefreshSubtype::Begin => received.mark_stale_family(family),
                    RouteRefreshSubtype::End => {
                        received.sweep_stale(family);
                    }
                    _ => {}
                }
            }
            if subtype == RouteRefreshSubtype::Normal
                && let Some(negotiated) = link.fsm.negotiated().cloned()
            {
                send_routes(shared, link, &negotiated, |routes, negotiated, sink| {
                    routes.refresh(family, negotiated, sink);
                });
            }
        }
    }
}

/// Lets the route source write into the link's write buffer (and reports what it wrote).
pub fn send_routes(
    shared: &mut Shared,
    link: &mut Link,
    negotiated: &Negotiated,
    produce: impl FnOnce(&mut dyn RouteSource, &Negotiated, &mut super::routes::Sink<'_>),
) {
    let report = shared.config.report_sent;
    let mut copies: Vec<Vec<u8>> = Vec::new();
    {
        let buffer = &mut link.write_buffer;
        let mut sink = |bytes: &[u8]| {
            buffer.extend_from_slice(bytes);
            if report {
                copies.push(bytes.to_vec());
            }
        };
        produce(shared.routes.as_mut(), negotiated, &mut sink);
    }
    for bytes in copies {
        shared.report_sent(&bytes, Some(negotiated));
    }
}

/// Appends a whole message to the link's write buffer.
pub fn queue(shared: &mut Shared, link: &mut Link, message: &Message) {
    let negotiated = link.fsm.negotiated().cloned().unwrap_or_default();
    let start = link.write_buffer.len();
    message.encode_into(&negotiated, &mut link.write_buffer);
    if shared.config.report_sent {
        let bytes = link.write_buffer.get(start..).unwrap_or_default().to_vec();
        shared.report_sent(&bytes, Some(&negotiated));
    }
}

/// What a received frame asks of the task.
pub enum Interpretation {
    /// An OPEN: collision resolution first, then `Input::BgpOpen`.
    Open(Open),
    /// An UPDATE input; its `Received` event is emitted when the FSM delivers it.
    Update(Input),
    /// Any other input.
    Input(Input),
    /// No FSM input (an OPERATIONAL message).
    Nothing,
}

/// Decodes one framed message into the FSM input it is, reporting it (except UPDATEs,
/// reported on delivery) as received.
pub fn interpret(
    shared: &mut Shared,
    kind: u8,
    header: &[u8],
    body: &[u8],
    negotiated: &Negotiated,
) -> Interpretation {
    let received = |message: Message| {
        PeerEvent::Received(Box::new(MessageEvent {
            message,
            header: header.to_vec(),
            body: body.to_vec(),
        }))
    };
    match kind {
        message_type::UPDATE => {
            return Interpretation::Update(match update::decode(body, negotiated) {
                Ok(update) => Input::UpdateMessage(Box::new(update)),
                Err(error) => Input::UpdateMessageError(error),
            });
        }
        message_type::KEEPALIVE if body.is_empty() => {
            if shared.config.report_keepalives {
                shared.emit(received(Message::Keepalive));
            }
            return Interpretation::Input(Input::KeepaliveMessage);
        }
        message_type::KEEPALIVE => {
            // RFC 4271 §6.1: "if the Length field of a KEEPALIVE message is not equal to 19,
            // ... the Error Subcode MUST be set to Bad Message Length."
            return Interpretation::Input(Input::BgpHeaderError(bad_message_length(
                body.len().saturating_add(HEADER_LENGTH),
                "KEEPALIVE with a body",
            )));
        }
        _ => {}
    }
    match Message::decode(kind, body, negotiated) {
        Ok(Message::Open(open)) => {
            shared.emit(received(Message::Open(open.clone())));
            Interpretation::Open(open)
        }
        Ok(Message::Notification(notification)) => {
            shared.emit(received(Message::Notification(notification.clone())));
            shared.emit(PeerEvent::NotificationReceived(notification.clone()));
            Interpretation::Input(Input::NotificationMessage(notification))
        }
        Ok(Message::RouteRefresh(route_refresh)) => {
            shared.emit(received(Message::RouteRefresh(route_refresh)));
            Interpretation::Input(Input::RouteRefreshMessage(route_refresh))
        }
        Ok(message) => {
            shared.emit(received(message));
            Interpretation::Nothing
        }
        Err(error) => Interpretation::Input(match kind {
            message_type::OPEN => Input::BgpOpenMessageError(error),
            message_type::ROUTE_REFRESH => Input::RouteRefreshMessageError(error),
            _ => Input::BgpHeaderError(error),
        }),
    }
}

/// Feeds an UPDATE input with its raw bytes at hand for the `Received` event.
pub fn feed_update(
    shared: &mut Shared,
    link: &mut Link,
    input: Input,
    header: Vec<u8>,
    body: Vec<u8>,
    primary: bool,
) {
    shared.update_frame = Some((header, body));
    feed(shared, link, input, primary);
    shared.update_frame = None;
}
