//! What one helper hears of the neighbors: [`HelperFeed`] turns a neighbor event into the
//! lines this helper subscribed to through the neighbors' `api` bindings, in its encoder
//! (ExaBGP JSON 5.0 / 4.x, or text), with the envelope's host, pid, ppid and a per-neighbor
//! counter. Pure apart from the clock: must not queue or write anything (the hub queues the
//! lines with `process::ProcessHandle::try_send_event`).
//!
//! Subscription rules (ExaBGP reference §1.1): a neighbor event reaches the helper only when
//! one of the neighbor's `api` blocks names it. `neighbor-changes` gives connected/up/down,
//! `negotiated` the negotiated line, `fsm` the state transitions. For a message received or
//! sent, the helper must subscribe to its kind (`update`, `open`, …) in that direction, and
//! the representation follows the neighbor-wide OR of `parsed`/`packets`/`consolidate` over
//! all its api blocks (as ExaBGP): `consolidate` gives one parsed line with `"header"` and
//! `"body"` (on send only when `packets` is also set); otherwise `packets` gives the raw line
//! and, with `parsed`, the parsed line too; otherwise `parsed` gives the parsed line; with
//! none of them nothing is sent. Departure from ExaBGP: the raw `packets` line goes only to
//! helpers subscribed to that message kind (ExaBGP sends it to every packets subscriber).

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::api::json::{self, Direction, Envelope, JsonVersion, NeighborView};
use crate::api::text;
use crate::config::Neighbor;
use crate::config::model::{ApiBinding, Encoder, MessageSubscription, Process};
use crate::peer::{MessageEvent, PeerEvent};
use crate::wire::iana::message_type;
use crate::wire::message::Message;
use crate::wire::negotiated::Negotiated;
use crate::wire::operational::Operational;

/// What one helper wants from one neighbor (the OR of the api blocks that name it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wanted {
    pub neighbor_changes: bool,
    pub negotiated: bool,
    pub fsm: bool,
    pub receive: MessageSubscription,
    pub send: MessageSubscription,
    /// The neighbor-wide representation flags (all api blocks, any helper).
    pub parsed: bool,
    pub packets: bool,
    pub consolidate: bool,
}

/// The subscription of helper `name` to `neighbor`; `None` when no api block names it.
pub fn wanted(name: &str, neighbor: &Neighbor) -> Option<Wanted> {
    let mine: Vec<&ApiBinding> = neighbor
        .api
        .iter()
        .filter(|binding| binding.processes.iter().any(|process| process == name))
        .collect();
    if mine.is_empty() {
        return None;
    }
    let mut wanted = Wanted::default();
    for binding in &mine {
        wanted.neighbor_changes |= binding.neighbor_changes;
        wanted.negotiated |= binding.negotiated;
        wanted.fsm |= binding.fsm;
        wanted.receive = or(wanted.receive, binding.receive);
        wanted.send = or(wanted.send, binding.send);
    }
    for binding in &neighbor.api {
        for subscription in [binding.receive, binding.send] {
            wanted.parsed |= subscription.parsed;
            wanted.packets |= subscription.packets;
            wanted.consolidate |= subscription.consolidate;
        }
    }
    Some(wanted)
}

fn or(left: MessageSubscription, right: MessageSubscription) -> MessageSubscription {
    MessageSubscription {
        parsed: left.parsed || right.parsed,
        packets: left.packets || right.packets,
        consolidate: left.consolidate || right.consolidate,
        open: left.open || right.open,
        update: left.update || right.update,
        notification: left.notification || right.notification,
        keepalive: left.keepalive || right.keepalive,
        refresh: left.refresh || right.refresh,
        operational: left.operational || right.operational,
    }
}

/// Whether any api block of `neighbor` asks for sent messages / received KEEPALIVEs (the
/// peer task reports them only on request).
pub fn reports_wanted(neighbor: &Neighbor) -> (bool, bool) {
    let keepalives = neighbor.api.iter().any(|binding| binding.receive.keepalive);
    let sent = neighbor.api.iter().any(|binding| {
        let send = binding.send;
        send.open
            || send.update
            || send.notification
            || send.keepalive
            || send.refresh
            || send.operational
    });
    (keepalives, sent)
}

/// One helper's encoder state.
#[derive(Debug, Clone, PartialEq)]
pub struct HelperFeed {
    pub name: String,
    encoder: Encoder,
    version: JsonVersion,
    host: String,
    pid: u32,
    ppid: u32,
    counters: HashMap<IpAddr, u64>,
    negotiated: HashMap<IpAddr, Negotiated>,
}

impl HelperFeed {
    pub fn new(process: &Process, host: &str) -> HelperFeed {
        HelperFeed {
            name: process.name.clone(),
            encoder: process.encoder,
            version: process.api_version,
            host: host.to_owned(),
            pid: std::process::id(),
            ppid: std::os::unix::process::parent_id(),
            counters: HashMap::new(),
            negotiated: HashMap::new(),
        }
    }

    /// Counts one more message about `address` (ExaBGP's counter is per neighbor).
    fn count(&mut self, address: IpAddr) -> u64 {
        let counter = self.counters.entry(address).or_insert(0);
        *counter = counter.saturating_add(1);
        *counter
    }

    /// The envelope of a message sent now, numbered `counter`.
    fn envelope(&self, counter: u64) -> Envelope<'_> {
        let time = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs_f64())
            .unwrap_or(0.0);
        Envelope {
            version: self.version,
            time,
            host: &self.host,
            pid: self.pid,
            ppid: self.ppid,
            counter: Some(counter),
        }
    }

    /// The lines (without their newline) this helper gets for `event`.
    pub fn encode(
        &mut self,
        neighbor: &Neighbor,
        view: &NeighborView,
        event: &PeerEvent,
    ) -> Vec<String> {
        if let PeerEvent::Negotiated { negotiated, .. } = event {
            self.negotiated
                .insert(neighbor.address, negotiated.as_ref().clone());
        }
        let Some(wanted) = wanted(&self.name, neighbor) else {
            return Vec::new();
        };
        let counter = self.count(neighbor.address);
        let envelope = self.envelope(counter);
        let json = self.encoder == Encoder::Json;
        let mut lines = Vec::new();
        match event {
            PeerEvent::Connected { .. } if wanted.neighbor_changes => lines.push(if json {
                json::events::state_connected(&envelope, view)
            } else {
                text::events::connected(view)
            }),
            PeerEvent::Up if wanted.neighbor_changes => lines.push(if json {
                json::events::state_up(&envelope, view)
            } else {
                text::events::up(view)
            }),
            PeerEvent::Down { cause, .. } if wanted.neighbor_changes => {
                let reason = exabgp_down_reason(cause);
                lines.push(if json {
                    json::events::state_down(&envelope, view, &reason)
                } else {
                    text::events::down(view, &reason)
                })
            }
            PeerEvent::StateChanged { to, .. } if wanted.fsm && json => {
                lines.push(json::events::fsm(&envelope, view, to.name()));
            }
            PeerEvent::Negotiated { negotiated, .. } if wanted.negotiated && json => {
                lines.push(json::events::negotiated(&envelope, view, negotiated));
            }
            PeerEvent::Received(message) => {
                self.message(
                    &envelope,
                    view,
                    &wanted,
                    Direction::Receive,
                    message,
                    &mut lines,
                );
            }
            PeerEvent::Sent(message) => {
                self.message(
                    &envelope,
                    view,
                    &wanted,
                    Direction::Send,
                    message,
                    &mut lines,
                );
            }
            _ => {}
        }
        lines
            .into_iter()
            .map(|line| line.trim_end_matches('\n').to_owned())
            .collect()
    }

    /// The `signal` line for `neighbor` when this helper subscribed to signals on it (an
    /// api block naming it has `signal`): JSON only, as ExaBGP's text encoder has none.
    /// `number` is the signal's number, `name` ExaBGP's name for it ("SIGUSR1").
    pub fn signal(
        &mut self,
        neighbor: &Neighbor,
        view: &NeighborView,
        number: i32,
        name: &str,
    ) -> Option<String> {
        let subscribed = neighbor
            .api
            .iter()
            .any(|binding| binding.signal && binding.processes.contains(&self.name));
        if !subscribed || self.encoder != Encoder::Json {
            return None;
        }
        let counter = self.count(neighbor.address);
        let envelope = self.envelope(counter);
        let line = json::events::signal(&envelope, view, number, name);
        Some(line.trim_end_matches('\n').to_owned())
    }

    fn message(
        &self,
        envelope: &Envelope,
        view: &NeighborView,
        wanted: &Wanted,
        direction: Direction,
        event: &MessageEvent,
        lines: &mut Vec<String>,
    ) {
        let subscription = match direction {
            Direction::Send => wanted.send,
            _ => wanted.receive,
        };
        let (kind_wanted, category) = match &event.message {
            Message::Open(_) => (subscription.open, 1),
            Message::Update(_) => (subscription.update, 2),
            Message::Notification(_) => (subscription.notification, 3),
            Message::Keepalive => (subscription.keepalive, 4),
            Message::RouteRefresh(_) => (subscription.refresh, 5),
            _ => (subscription.operational, 6),
        };
        if !kind_wanted {
            return;
        }
        let raw = (event.header.as_slice(), event.body.as_slice());
        let (parsed, parsed_raw) = if wanted.consolidate {
            let with_raw = direction == Direction::Receive || wanted.packets;
            (true, with_raw.then_some(raw))
        } else {
            if wanted.packets {
                lines.push(self.packets(envelope, view, direction, category, event));
            }
            (wanted.parsed, None)
        };
        if parsed && let Some(line) = self.parsed(envelope, view, direction, event, parsed_raw) {
            lines.push(line);
        }
    }

    fn packets(
        &self,
        envelope: &Envelope,
        view: &NeighborView,
        direction: Direction,
        category: u8,
        event: &MessageEvent,
    ) -> String {
        match self.encoder {
            Encoder::Json => json::events::packets(
                envelope,
                view,
                direction,
                category,
                &event.header,
                &event.body,
                None,
            ),
            Encoder::Text => {
                text::events::packets(view, direction, category, &event.header, &event.body)
            }
        }
    }

    fn parsed(
        &self,
        envelope: &Envelope,
        view: &NeighborView,
        direction: Direction,
        event: &MessageEvent,
        raw: Option<(&[u8], &[u8])>,
    ) -> Option<String> {
        let json = self.encoder == Encoder::Json;
        Some(match &event.message {
            Message::Update(update) => {
                if json {
                    let negotiated = self.negotiated.get(&view.peer_address)?;
                    json::update::update(envelope, view, direction, update, negotiated, raw, None)
                } else {
                    text::update::update(self.version, view.peer_address, direction, update, raw)
                }
            }
            Message::Open(open) if json => json::open::open(envelope, view, direction, open, raw),
            Message::Open(open) => text::events::open(view, direction, open, raw),
            Message::Notification(notification) if json => {
                json::events::notification(envelope, view, direction, notification, raw)
            }
            Message::Notification(notification) => {
                text::events::notification(view, direction, notification, raw)
            }
            Message::Keepalive if json => json::events::keepalive(envelope, view, direction, raw),
            Message::Keepalive => text::events::keepalive(view, direction, raw),
            Message::RouteRefresh(refresh) if json => {
                json::events::route_refresh(envelope, view, direction, refresh, raw)
            }
            Message::RouteRefresh(refresh) => {
                text::events::route_refresh(view, direction, refresh, raw)
            }
            Message::Raw { kind, body } if *kind == message_type::OPERATIONAL => {
                // The types ExaBGP does not decode are not shown either.
                let operational = Operational::decode(body)?;
                if json {
                    json::events::operational(envelope, view, direction, &operational, raw)
                } else {
                    text::events::operational(view, direction, &operational, raw)
                }
            }
            _ => return None,
        })
    }
}

/// The `reason` of a `down` event in ExaBGP 5.0's words (`reactor/peer.py`), which helpers
/// match on: "closing connection" (the TCP connection ended), "notification sent (6,2)",
/// "notification received (6,6)". The log keeps the longer text of `PeerEvent::Down`.
fn exabgp_down_reason(cause: &crate::session::DownReason) -> String {
    use crate::session::DownReason;
    match cause {
        DownReason::LocalNotification(notification) => format!(
            "notification sent ({},{})",
            notification.code, notification.subcode
        ),
        DownReason::PeerNotification(notification) => format!(
            "notification received ({},{})",
            notification.code, notification.subcode
        ),
        DownReason::ConnectionLost => "closing connection".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> crate::config::Config {
        let source = r#"
router-id "192.0.2.1"
local-as 65001
process "events" { run "/bin/true" }
process "raw" { run "/bin/true"; encoder "text" }
neighbor "192.0.2.2" {
    peer-as 65002
    api { processes "events"; neighbor-changes; receive { parsed; update; } }
    api { processes "raw"; send { packets; update; } }
}
neighbor "192.0.2.3" { peer-as 65003 }
"#;
        crate::config::decode("t.kdl", source).expect("valid")
    }

    fn view() -> NeighborView {
        NeighborView {
            local_address: "192.0.2.1".parse().expect("address"),
            peer_address: "192.0.2.2".parse().expect("address"),
            local_as: 65001,
            peer_as: 65002,
            router_id: Some("192.0.2.1".parse().expect("address")),
        }
    }

    #[test]
    fn subscriptions_follow_the_api_blocks() {
        let config = config();
        let events = wanted("events", &config.neighbors[0]).expect("bound");
        assert!(events.neighbor_changes && events.receive.update && !events.send.update);
        assert!(events.parsed && events.packets && !events.consolidate);
        assert_eq!(wanted("events", &config.neighbors[1]), None);
        assert_eq!(reports_wanted(&config.neighbors[0]), (false, true));
        assert_eq!(reports_wanted(&config.neighbors[1]), (false, false));
    }

    #[test]
    fn signal_lines_go_to_json_subscribers_only() {
        let source = r#"
router-id "192.0.2.1"
local-as 65001
process "watcher" { run "/bin/true" }
process "texter" { run "/bin/true"; encoder "text" }
neighbor "192.0.2.2" {
    peer-as 65002
    api { processes "watcher" "texter"; signal; }
}
neighbor "192.0.2.3" { peer-as 65003; api { processes "watcher"; neighbor-changes; } }
"#;
        let config = crate::config::decode("t.kdl", source).expect("valid");
        let mut watcher = HelperFeed::new(&config.processes[0], "host");
        let mut texter = HelperFeed::new(&config.processes[1], "host");
        let line = watcher
            .signal(&config.neighbors[0], &view(), 10, "SIGUSR1")
            .expect("subscribed");
        let parsed: serde_json::Value = serde_json::from_str(&line).expect("json");
        assert_eq!(parsed["type"], "signal");
        assert_eq!(parsed["neighbor"]["code"], "10");
        assert_eq!(parsed["neighbor"]["name"], "SIGUSR1");
        assert_eq!(parsed["counter"], 1);
        assert!(
            line.ends_with(r#""code": "10", "name": "SIGUSR1" } }"#),
            "{line}"
        );
        assert_eq!(
            watcher.signal(&config.neighbors[1], &view(), 10, "SIGUSR1"),
            None
        );
        assert_eq!(
            texter.signal(&config.neighbors[0], &view(), 10, "SIGUSR1"),
            None
        );
    }

    #[test]
    fn state_lines_in_each_encoder_with_a_counter() {
        let config = config();
        let neighbor = &config.neighbors[0];
        let mut json = HelperFeed::new(&config.processes[0], "host");
        let mut text = HelperFeed::new(&config.processes[1], "host");
        let up = json.encode(neighbor, &view(), &PeerEvent::Up);
        assert_eq!(up.len(), 1);
        let parsed: serde_json::Value = serde_json::from_str(&up[0]).expect("json");
        assert_eq!(parsed["type"], "state");
        assert_eq!(parsed["neighbor"]["state"], "up");
        assert_eq!(parsed["counter"], 1);
        assert_eq!(parsed["host"], "host");
        let down = PeerEvent::Down {
            reason: "connection lost".to_owned(),
            cause: crate::session::DownReason::ConnectionLost,
        };
        let lines = json.encode(neighbor, &view(), &down);
        let parsed: serde_json::Value = serde_json::from_str(&lines[0]).expect("json");
        assert_eq!(parsed["neighbor"]["reason"], "closing connection");
        assert_eq!(parsed["counter"], 2);
        let sent = PeerEvent::Down {
            reason: "notification sent: (6/2) Cease, Administrative Shutdown".to_owned(),
            cause: crate::session::DownReason::LocalNotification(
                crate::wire::notification::Notification::cease(2),
            ),
        };
        let lines = json.encode(neighbor, &view(), &sent);
        let parsed: serde_json::Value = serde_json::from_str(&lines[0]).expect("json");
        assert_eq!(parsed["neighbor"]["reason"], "notification sent (6,2)");
        assert!(
            text.encode(neighbor, &view(), &PeerEvent::Up).is_empty(),
            "raw did not ask for neighbor-changes"
        );
        let other = &config.neighbors[1];
        assert!(json.encode(other, &view(), &PeerEvent::Up).is_empty());
    }
}
