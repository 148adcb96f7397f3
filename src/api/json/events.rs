//! JSON events other than UPDATE and OPEN (exabgp-api reference §3.2): state, fsm, signal,
//! shutdown, notification, keepalive, route-refresh, negotiated, raw packets, operational.
//!
//! Each function returns the whole line (without the newline), built with the shared
//! `Envelope::wrap` and `envelope::neighbor`, spacing as ExaBGP 5.0 (`"5.0.0"`) or 4.2
//! (`"4.0.1"`) writes it. Where 4.2 writes invalid JSON (route-refresh, operational) or crashes
//! (negotiated with ADD-PATH send), we write valid JSON in 4.2's layout. Pure: no I/O.

use super::envelope::{Direction, Envelope, JsonVersion, NeighborView, neighbor};
use super::text::{hex, quote};
use crate::wire::family::Family;
use crate::wire::iana::message_type;
use crate::wire::iana::notification::{CEASE, cease};
use crate::wire::negotiated::Negotiated;
use crate::wire::notification::Notification;
use crate::wire::route_refresh::RouteRefresh;

fn state_line(
    envelope: &Envelope,
    view: &NeighborView,
    message_type: &str,
    content: &str,
) -> String {
    envelope.wrap(
        message_type,
        None,
        &neighbor(envelope.version, view, None, content),
    )
}

/// `"type": "state"`, `"state": "connected"`: the TCP connection is up.
pub fn state_connected(envelope: &Envelope, view: &NeighborView) -> String {
    state_line(envelope, view, "state", "\"state\": \"connected\"")
}

/// `"type": "state"`, `"state": "up"`: the session reached ESTABLISHED.
pub fn state_up(envelope: &Envelope, view: &NeighborView) -> String {
    state_line(envelope, view, "state", "\"state\": \"up\"")
}

/// `"type": "state"`, `"state": "down"` with the reason. In the 4.x format ExaBGP turned
/// brackets and braces of the reason into parentheses; we do the same.
pub fn state_down(envelope: &Envelope, view: &NeighborView, reason: &str) -> String {
    let reason = match envelope.version {
        JsonVersion::V5 => reason.to_string(),
        JsonVersion::V4 => reason.replace(['[', '{'], "(").replace([']', '}'], ")"),
    };
    let content = format!("\"state\": \"down\", \"reason\": {}", quote(&reason));
    state_line(envelope, view, "state", &content)
}

/// The line every helper gets when the daemon stops: no neighbor and no counter.
pub fn shutdown(envelope: &Envelope) -> String {
    let envelope = Envelope {
        counter: None,
        ..envelope.clone()
    };
    envelope.wrap("notification", None, "\"notification\": \"shutdown\"")
}

/// `"type": "fsm"` with the state name (`IDLE`, `ACTIVE`, `CONNECT`, `OPENSENT`,
/// `OPENCONFIRM`, `ESTABLISHED`).
pub fn fsm(envelope: &Envelope, view: &NeighborView, state: &str) -> String {
    state_line(
        envelope,
        view,
        "fsm",
        &format!("\"state\": {}", quote(state)),
    )
}

/// `"type": "signal"`: `code` is written as a string, as ExaBGP does (`"code": "10"`).
pub fn signal(envelope: &Envelope, view: &NeighborView, code: i32, name: &str) -> String {
    let content = format!("\"code\": \"{code}\", \"name\": {}", quote(name));
    state_line(envelope, view, "signal", &content)
}

fn message_line(
    envelope: &Envelope,
    view: &NeighborView,
    direction: Direction,
    message_type: &str,
    raw: Option<(&[u8], &[u8])>,
    content: &str,
) -> String {
    envelope.wrap(
        message_type,
        raw,
        &neighbor(envelope.version, view, Some(direction.name()), content),
    )
}

/// What ExaBGP 5.0 shows as `"message"` for a NOTIFICATION: the data as UTF-8 (invalid
/// sequences replaced). For a received Cease 2 or 4 ExaBGP first rewrites the data into a
/// sentence about the RFC 9003 Shutdown Communication; we show the same sentence, but accept
/// communications up to 255 octets (RFC 9003) where ExaBGP stops at RFC 8203's 128.
pub fn notification_message(direction: Direction, notification: &Notification) -> String {
    let shutdown = notification.code == CEASE
        && (notification.subcode == cease::ADMINISTRATIVE_SHUTDOWN
            || notification.subcode == cease::ADMINISTRATIVE_RESET);
    if direction == Direction::Send || !shutdown {
        return notification.data_text();
    }
    let Some((&length, rest)) = notification.data.split_first() else {
        return String::new();
    };
    if length == 0 {
        return "empty Shutdown Communication.".into();
    }
    let Some(text) = rest.get(..usize::from(length)) else {
        return format!(
            "invalid Shutdown Communication (buffer underrun) length : {length} [{}]",
            hex(rest)
        );
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return format!(
            "invalid Shutdown Communication (invalid UTF-8) length : {length} [{}]",
            hex(rest)
        );
    };
    let mut message = format!(
        "Shutdown Communication: \"{}\"",
        text.replace(['\r', '\n'], " ")
    );
    if let Some(trailer) = rest.get(usize::from(length)..).filter(|t| !t.is_empty()) {
        message.push_str(", trailing data: ");
        message.push_str(&hex(trailer));
    }
    message
}

/// `"type": "notification"`. `"data"` is always the data as on the wire; `"message"` is in the
/// 5.0 format only.
pub fn notification(
    envelope: &Envelope,
    view: &NeighborView,
    direction: Direction,
    notification: &Notification,
    raw: Option<(&[u8], &[u8])>,
) -> String {
    let mut inner = format!(
        "\"code\": {}, \"subcode\": {}, \"data\": \"{}\"",
        notification.code,
        notification.subcode,
        hex(&notification.data)
    );
    if envelope.version == JsonVersion::V5 {
        inner.push_str(", \"message\": ");
        inner.push_str(&quote(&notification_message(direction, notification)));
    }
    let content = format!("\"notification\": {{ {inner} }} ");
    message_line(envelope, view, direction, "notification", raw, &content)
}

/// `"type": "keepalive"`: nothing but the neighbor and direction.
pub fn keepalive(
    envelope: &Envelope,
    view: &NeighborView,
    direction: Direction,
    raw: Option<(&[u8], &[u8])>,
) -> String {
    message_line(envelope, view, direction, "keepalive", raw, "")
}

/// `"type": "refresh"`. ExaBGP 4.2.25 doubled the quotes here (`""ipv4""`, invalid JSON); we
/// write valid JSON in both formats.
pub fn route_refresh(
    envelope: &Envelope,
    view: &NeighborView,
    direction: Direction,
    route_refresh: &RouteRefresh,
    raw: Option<(&[u8], &[u8])>,
) -> String {
    let content = format!(
        "\"route-refresh\": {{ \"afi\": {}, \"safi\": {}, \"subtype\": \"{}\" }}",
        quote(&route_refresh.family.afi.name()),
        quote(&route_refresh.family.safi.name()),
        route_refresh.subtype.name()
    );
    message_line(envelope, view, direction, "refresh", raw, &content)
}

fn quoted_list(items: &[String], version: JsonVersion) -> String {
    let quoted: Vec<String> = items.iter().map(|item| quote(item)).collect();
    match version {
        JsonVersion::V5 => format!("[{}]", quoted.join(", ")),
        JsonVersion::V4 => format!("[ {} ]", quoted.join(" ,")),
    }
}

/// The `negotiated` object ExaBGP appends to update and packets lines and sends alone in the
/// `negotiated` event, without the space ExaBGP writes after it (add `" "` after it when
/// placing it as `"negotiated": <object> `, as [`negotiated`] and [`packets`] do).
/// ADD-PATH lists follow the order of `families`. The 4.x format spaces its lists as
/// 4.2 does (`[ "ipv4 unicast" ,"ipv6 unicast" ]`); 4.2.25 crashed when ADD-PATH send was
/// negotiated, we write its send list like its receive list.
pub fn negotiated_object(version: JsonVersion, negotiated: &Negotiated) -> String {
    let families: Vec<String> = negotiated.families.iter().map(Family::to_string).collect();
    let next_hops: Vec<String> = negotiated
        .extended_next_hop
        .iter()
        .map(|(family, afi)| format!("{family} {}", afi.name()))
        .collect();
    let add_path = |list: &[Family]| -> Vec<String> {
        negotiated
            .families
            .iter()
            .filter(|family| list.contains(family))
            .map(Family::to_string)
            .collect()
    };
    let send = add_path(&negotiated.add_path_send);
    let receive = add_path(&negotiated.add_path_receive);
    let add_path = match version {
        JsonVersion::V5 => format!(
            "{{\"send\": {}, \"receive\": {}}}",
            quoted_list(&send, version),
            quoted_list(&receive, version)
        ),
        JsonVersion::V4 => {
            let spaced = |list: &[String]| {
                let quoted: Vec<String> = list.iter().map(|item| quote(item)).collect();
                format!("[ {} ]", quoted.join(", "))
            };
            format!(
                "{{ \"send\": {}, \"receive\": {} }}",
                spaced(&send),
                spaced(&receive)
            )
        }
    };
    format!(
        "{{ \"message_size\": {}, \"hold_time\": {}, \"asn4\": {}, \"multisession\": {}, \"operational\": {}, \"refresh\": \"{}\", \"families\": {}, \"nexthop\": {}, \"add_path\": {add_path} }}",
        negotiated.max_message_size(),
        negotiated.hold_time,
        negotiated.asn4,
        negotiated.multisession,
        negotiated.operational,
        negotiated.route_refresh.name(),
        quoted_list(&families, version),
        quoted_list(&next_hops, version),
    )
}

/// `"type": "negotiated"`: sent after the peer's OPEN is accepted.
pub fn negotiated(envelope: &Envelope, view: &NeighborView, negotiated: &Negotiated) -> String {
    let content = format!(
        "\"negotiated\": {} ",
        negotiated_object(envelope.version, negotiated)
    );
    state_line(envelope, view, "negotiated", &content)
}

/// ExaBGP's `Message.string(category)`, the `type` of a raw packets line.
pub fn packet_type_name(version: JsonVersion, category: u8) -> &'static str {
    match category {
        message_type::OPEN => "open",
        message_type::UPDATE => "update",
        message_type::NOTIFICATION => "notification",
        message_type::KEEPALIVE => "keepalive",
        message_type::ROUTE_REFRESH => match version {
            JsonVersion::V5 => "route-refresh",
            JsonVersion::V4 => "route refresh",
        },
        message_type::OPERATIONAL => "operational",
        _ => "unknown",
    }
}

/// A raw packet (`packets` without `consolidate`): the message is shown only as hex; an empty
/// body prints `"0x"`. `negotiated_object` is [`negotiated_object`]'s output when the helper
/// asked for `negotiated`.
pub fn packets(
    envelope: &Envelope,
    view: &NeighborView,
    direction: Direction,
    category: u8,
    header: &[u8],
    body: &[u8],
    negotiated_object: Option<&str>,
) -> String {
    let mut content = format!(
        "\"message\": {{ \"category\": {category}, \"header\": \"{}\", \"body\": \"{}\" }} ",
        hex(header),
        hex(body)
    );
    if let Some(object) = negotiated_object {
        content.push_str(&format!(", \"negotiated\": {object} "));
    }
    message_line(
        envelope,
        view,
        direction,
        packet_type_name(envelope.version, category),
        None,
        &content,
    )
}

// OPERATIONAL messages (type 6): ExaBGP's view of them and their event.
mod operational;
pub use operational::{Operational, OperationalContent, operational};

/// Envelope, neighbor and comparison helpers shared by the event encoders' tests.
#[cfg(test)]
pub(crate) mod test_support {
    use super::super::envelope::{Envelope, JsonVersion, NeighborView};
    use std::net::Ipv4Addr;

    /// The neighbor of the lab captures and of the ground-truth runs (local AS 65002, peer
    /// AS 65001 on loopback, local router-id 10.0.0.2).
    pub(crate) fn lab_view() -> NeighborView {
        NeighborView {
            local_address: "127.0.0.1".parse().unwrap(),
            peer_address: "127.0.0.1".parse().unwrap(),
            local_as: 65002,
            peer_as: 65001,
            router_id: Some(Ipv4Addr::new(10, 0, 0, 2)),
        }
    }

    pub(crate) fn lab_envelope(version: JsonVersion) -> Envelope<'static> {
        Envelope {
            version,
            time: 1.5,
            host: "vm",
            pid: 1,
            ppid: 2,
            counter: Some(3),
        }
    }

    /// The line without the per-run fields (`time`, `host`, `pid`, `ppid`, `counter`), so it
    /// can be compared byte for byte with a line ExaBGP printed in another run.
    pub(crate) fn strip(line: &str) -> String {
        match (line.find("\"time\": "), line.find("\"type\": ")) {
            (Some(start), Some(end)) if start < end => {
                format!("{}{}", &line[..start], &line[end..])
            }
            _ => line.to_string(),
        }
    }

    /// Parses the line as JSON (it must be valid) after stripping the per-run fields.
    pub(crate) fn parsed(line: &str) -> serde_json::Value {
        serde_json::from_str(&strip(line)).unwrap_or_else(|error| panic!("{error}: {line}"))
    }
}

#[cfg(test)]
mod tests;
