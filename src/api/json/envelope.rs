//! The envelope every JSON event shares: `{ "exabgp": …, "time": …, "host" : …, "pid" : …,
//! "ppid" : …, "counter": …, "type": …, ["header": …, "body": …,] <content> }`, and the
//! `"neighbor": { … }` object most events carry.

use super::text::{hex, quote};
use std::net::{IpAddr, Ipv4Addr};

/// Which JSON format a helper asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum JsonVersion {
    /// ExaBGP 4.0.1 to 4.2.x (`"exabgp": "4.0.1"`).
    V4,
    /// ExaBGP 5.0.x (`"exabgp": "5.0.0"`).
    #[default]
    V5,
}

impl JsonVersion {
    /// The value of the `exabgp` field: the format version, not a software version.
    pub fn tag(self) -> &'static str {
        match self {
            JsonVersion::V4 => "4.0.1",
            JsonVersion::V5 => "5.0.0",
        }
    }
}

/// Which way a message went, as ExaBGP names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Received from the peer.
    Receive,
    /// Sent to the peer.
    Send,
    /// What `exabgp decode` prints: a message decoded from the command line.
    Decoded,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Direction::Receive => "receive",
            Direction::Send => "send",
            Direction::Decoded => "in",
        }
    }
}

/// The per-line facts of the envelope that are not about the message.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope<'a> {
    pub version: JsonVersion,
    /// Seconds since the Unix epoch.
    pub time: f64,
    pub host: &'a str,
    pub pid: u32,
    pub ppid: u32,
    /// Per-neighbor message counter; absent on events without a neighbor (shutdown).
    pub counter: Option<u64>,
}

/// The neighbor as the helper sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeighborView {
    pub local_address: IpAddr,
    pub peer_address: IpAddr,
    pub local_as: u32,
    pub peer_as: u32,
    /// Our router-id (ExaBGP 5.0 shows the local one; 4.x shows none).
    pub router_id: Option<Ipv4Addr>,
}

impl NeighborView {
    /// The neighbor `exabgp decode` pretends the message came from.
    pub fn decode_placeholder() -> NeighborView {
        let loopback = IpAddr::V4(Ipv4Addr::LOCALHOST);
        NeighborView {
            local_address: loopback,
            peer_address: loopback,
            local_as: 65533,
            peer_as: 65533,
            router_id: Some(Ipv4Addr::new(10, 0, 0, 2)),
        }
    }
}

/// Formats `time` as Python's `repr(float)` would: shortest round-trip digits, always with a
/// fractional part.
fn python_float(time: f64) -> String {
    let text = format!("{time}");
    if text.contains('.') || text.contains('e') || !time.is_finite() {
        text
    } else {
        format!("{text}.0")
    }
}

impl Envelope<'_> {
    /// Wraps `content` (already-encoded `"key": value` pairs) in the envelope.
    /// `raw` is the (header, body) pair shown for consolidated messages.
    pub fn wrap(&self, message_type: &str, raw: Option<(&[u8], &[u8])>, content: &str) -> String {
        let mut out = format!(
            "{{ \"exabgp\": \"{}\", \"time\": {}, \"host\" : {}, \"pid\" : {}, \"ppid\" : {}, ",
            self.version.tag(),
            python_float(self.time),
            quote(self.host),
            self.pid,
            self.ppid
        );
        if let Some(counter) = self.counter {
            out.push_str(&format!("\"counter\": {counter}, "));
        }
        out.push_str(&format!("\"type\": \"{message_type}\", "));
        if let Some((header, body)) = raw {
            if !header.is_empty() {
                out.push_str(&format!("\"header\": \"{}\", ", hex(header)));
            }
            if !body.is_empty() {
                out.push_str(&format!("\"body\": \"{}\", ", hex(body)));
            }
        }
        out.push_str(content);
        out.push_str(" }");
        out
    }
}

/// `"neighbor": { "address": …, "asn": …[, "router-id": …] [, "direction": …], <content> }`.
/// The 4.x format has no router-id.
pub fn neighbor(
    version: JsonVersion,
    view: &NeighborView,
    direction: Option<&str>,
    content: &str,
) -> String {
    let router_id = match (version, view.router_id) {
        (JsonVersion::V5, Some(router_id)) => format!(", \"router-id\": \"{router_id}\""),
        _ => String::new(),
    };
    let direction = match direction {
        Some(direction) => format!(", \"direction\": \"{direction}\""),
        None => String::new(),
    };
    let separator = if content.is_empty() { " " } else { ", " };
    format!(
        "\"neighbor\": {{ \"address\": {{ \"local\": \"{}\", \"peer\": \"{}\" }}, \"asn\": {{ \"local\": {}, \"peer\": {} }}{router_id} {direction}{separator}{content} }}",
        view.local_address, view.peer_address, view.local_as, view.peer_as
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab_view() -> NeighborView {
        NeighborView {
            local_address: "127.0.0.1".parse().unwrap(),
            peer_address: "127.0.0.1".parse().unwrap(),
            local_as: 65002,
            peer_as: 65001,
            router_id: Some(Ipv4Addr::new(10, 0, 0, 2)),
        }
    }

    #[test]
    fn state_event_matches_exabgp_5_byte_for_byte() {
        let envelope = Envelope {
            version: JsonVersion::V5,
            time: 1795645916.182411,
            host: "vm",
            pid: 16779,
            ppid: 16778,
            counter: Some(1),
        };
        let line = envelope.wrap(
            "state",
            None,
            &neighbor(
                JsonVersion::V5,
                &lab_view(),
                None,
                "\"state\": \"connected\"",
            ),
        );
        // Captured from ExaBGP 5.0.13 (exabgp-api reference §3.2).
        assert_eq!(
            line,
            r#"{ "exabgp": "5.0.0", "time": 1795645916.182411, "host" : "vm", "pid" : 16779, "ppid" : 16778, "counter": 1, "type": "state", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65002, "peer": 65001 }, "router-id": "10.0.0.2" , "state": "connected" } }"#
        );
    }

    #[test]
    fn keepalive_with_empty_content_has_two_spaces() {
        let envelope = Envelope {
            version: JsonVersion::V5,
            time: 1795645916.2239566,
            host: "vm",
            pid: 16779,
            ppid: 16778,
            counter: Some(15),
        };
        let line = envelope.wrap(
            "keepalive",
            None,
            &neighbor(JsonVersion::V5, &lab_view(), Some("send"), ""),
        );
        assert_eq!(
            line,
            r#"{ "exabgp": "5.0.0", "time": 1795645916.2239566, "host" : "vm", "pid" : 16779, "ppid" : 16778, "counter": 15, "type": "keepalive", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65002, "peer": 65001 }, "router-id": "10.0.0.2" , "direction": "send"  } }"#
        );
    }

    #[test]
    fn whole_seconds_keep_a_fraction() {
        assert_eq!(python_float(1795645916.0), "1795645916.0");
    }
}
