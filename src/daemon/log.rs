//! What the daemon's log says about a neighbor event: pure text and a level per line, and the
//! [`LogSubscriber`] that writes them with `tracing`.
//!
//! Every line starts with `neighbor <address>`; received UPDATEs are shown in ExaBGP's text
//! encoder form (`neighbor 127.0.0.1 receive update announced 10.0.0.0/24 next-hop …`), one
//! line per route, so that a newcomer sees routes flow. Must not decide anything about the
//! session: it only describes.

use std::net::IpAddr;

use crate::api::json::{Direction, JsonVersion, NeighborView};
use crate::config::{LogLevel, Neighbor};
use crate::peer::PeerEvent;
use crate::peer::channel::notification_text;
use crate::session::ConnectionDirection;
use crate::wire::message::Message;

use super::fan_out::EventSubscriber;

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub level: LogLevel,
    pub text: String,
}

impl LogLine {
    fn new(level: LogLevel, text: String) -> LogLine {
        LogLine { level, text }
    }
}

/// The log lines of `event`, for the neighbor at `address`.
pub fn describe(address: IpAddr, event: &PeerEvent) -> Vec<LogLine> {
    let prefix = format!("neighbor {address}");
    let line = |level, text: String| vec![LogLine::new(level, format!("{prefix} {text}"))];
    match event {
        PeerEvent::StateChanged { from, to } => {
            line(LogLevel::Info, format!("state {from} -> {to}"))
        }
        PeerEvent::Connected {
            direction,
            local,
            remote,
        } => {
            let way = match direction {
                ConnectionDirection::Outgoing => "outgoing",
                ConnectionDirection::Incoming => "incoming",
            };
            let show = |address: &Option<std::net::SocketAddr>| {
                address.map_or_else(|| "?".to_owned(), |address| address.to_string())
            };
            line(
                LogLevel::Debug,
                format!("connected ({way}) {} -> {}", show(local), show(remote)),
            )
        }
        PeerEvent::ConnectFailed { error } => line(
            LogLevel::Debug,
            format!("connection attempt failed: {error}"),
        ),
        PeerEvent::Negotiated { negotiated, .. } => {
            let families: Vec<String> = negotiated
                .families
                .iter()
                .map(|family| family.to_string())
                .collect();
            line(
                LogLevel::Info,
                format!(
                    "negotiated: AS {} -> AS {}, hold time {} s, families [{}], route refresh {}, asn4 {}",
                    negotiated.local_as,
                    negotiated.peer_as,
                    negotiated.hold_time,
                    families.join(", "),
                    negotiated.route_refresh.name(),
                    negotiated.asn4,
                ),
            )
        }
        PeerEvent::Up => line(LogLevel::Info, "up".to_owned()),
        PeerEvent::Down { reason, .. } => line(LogLevel::Warn, format!("down: {reason}")),
        PeerEvent::Received(received) => match &received.message {
            Message::Update(update) => {
                let block = crate::api::text::update::update(
                    JsonVersion::V5,
                    address,
                    Direction::Receive,
                    update,
                    None,
                );
                block
                    .lines()
                    .filter(|text| {
                        !text.ends_with(" update start") && !text.ends_with(" update end")
                    })
                    .map(|text| LogLine::new(LogLevel::Info, text.to_owned()))
                    .collect()
            }
            Message::Keepalive => line(LogLevel::Trace, "receive keepalive".to_owned()),
            other => line(LogLevel::Debug, format!("receive {}", message_name(other))),
        },
        PeerEvent::Sent(sent) => line(
            LogLevel::Trace,
            format!("send {}", message_name(&sent.message)),
        ),
        PeerEvent::NotificationSent(notification) => line(
            LogLevel::Warn,
            format!("notification sent: {}", notification_text(notification)),
        ),
        PeerEvent::NotificationReceived(notification) => line(
            LogLevel::Warn,
            format!("notification received: {}", notification_text(notification)),
        ),
        PeerEvent::EndOfRib(family) => {
            line(LogLevel::Debug, format!("end-of-rib received for {family}"))
        }
        PeerEvent::Stopped => line(LogLevel::Debug, "peer task stopped".to_owned()),
    }
}

/// A message's kind, in lower case ("open", "notification").
fn message_name(message: &Message) -> &'static str {
    match message {
        Message::Open(_) => "open",
        Message::Update(_) => "update",
        Message::Notification(_) => "notification",
        Message::Keepalive => "keepalive",
        Message::RouteRefresh(_) => "route-refresh",
        _ => "message",
    }
}

/// Writes a line with `tracing` at its level.
pub fn emit(line: &LogLine) {
    let text = line.text.as_str();
    match line.level {
        LogLevel::Error => tracing::error!("{text}"),
        LogLevel::Warn => tracing::warn!("{text}"),
        LogLevel::Info => tracing::info!("{text}"),
        LogLevel::Debug => tracing::debug!("{text}"),
        LogLevel::Trace => tracing::trace!("{text}"),
    }
}

/// The subscriber that logs every event (always present, first in the hub's list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LogSubscriber;

impl EventSubscriber for LogSubscriber {
    fn neighbor_event(&mut self, _neighbor: &Neighbor, view: &NeighborView, event: &PeerEvent) {
        for line in describe(view.peer_address, event) {
            // With the event's structured fields (journald: PEER=, EVENT=, …).
            crate::systemd::journal::emit_event(line.level, &line.text, view, event);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::peer::MessageEvent;
    use crate::session::State;
    use crate::wire::notification::Notification;

    fn texts(event: &PeerEvent) -> Vec<(LogLevel, String)> {
        describe("127.0.0.2".parse().expect("address"), event)
            .into_iter()
            .map(|line| (line.level, line.text))
            .collect()
    }

    #[test]
    fn received_updates_read_as_exabgp_text() {
        // 10.1.0.0/24, ORIGIN IGP, AS_PATH 65001, NEXT_HOP 127.0.0.1, MED 50.
        let body = [
            0x00, 0x00, 0x00, 0x1b, 0x40, 0x01, 0x01, 0x00, 0x40, 0x02, 0x06, 0x02, 0x01, 0x00,
            0x00, 0xfd, 0xe9, 0x40, 0x03, 0x04, 0x7f, 0x00, 0x00, 0x01, 0x80, 0x04, 0x04, 0x00,
            0x00, 0x00, 0x32, 0x18, 0x0a, 0x01, 0x00,
        ];
        let negotiated = crate::wire::negotiated::Negotiated {
            asn4: true,
            ..Default::default()
        };
        let update = crate::wire::update::decode(&body, &negotiated).expect("update");
        let event = PeerEvent::Received(Box::new(MessageEvent {
            message: Message::Update(Box::new(update)),
            header: Vec::new(),
            body: Vec::new(),
        }));
        assert_eq!(
            texts(&event),
            vec![(
                LogLevel::Info,
                "neighbor 127.0.0.2 receive update announced 10.1.0.0/24 next-hop 127.0.0.1 \
                 origin igp as-path ( 65001 ) med 50"
                    .to_owned()
            )]
        );
    }

    #[test]
    fn session_events() {
        let table = [
            (
                PeerEvent::StateChanged {
                    from: State::OpenConfirm,
                    to: State::Established,
                },
                LogLevel::Info,
                "neighbor 127.0.0.2 state openconfirm -> established",
            ),
            (PeerEvent::Up, LogLevel::Info, "neighbor 127.0.0.2 up"),
            (
                PeerEvent::NotificationReceived(Notification::cease_with_message(
                    2,
                    "ferrobgp shutting down",
                )),
                LogLevel::Warn,
                "neighbor 127.0.0.2 notification received: (6/2) Cease, Administrative \
                 Shutdown: ferrobgp shutting down",
            ),
            (
                PeerEvent::EndOfRib(crate::wire::family::Family::IPV6_UNICAST),
                LogLevel::Debug,
                "neighbor 127.0.0.2 end-of-rib received for ipv6 unicast",
            ),
        ];
        for (event, level, text) in table {
            assert_eq!(texts(&event), vec![(level, text.to_owned())], "{event:?}");
        }
    }
}
