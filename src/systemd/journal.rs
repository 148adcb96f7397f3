//! Logs for journald: whether stderr is the journal ([`stderr_is_journal`], the
//! `JOURNAL_STREAM` convention of systemd.exec(5)), the `tracing-journald` layer
//! ([`journald_layer`]), the structured fields of neighbor events ([`EventFields`], emitted by
//! [`emit_event`]) and the stderr formatting that leaves those fields out of the text (the
//! text already says the same).
//!
//! Field names are lower-case `tracing` fields; `tracing-journald` (no prefix) upper-cases
//! them: `peer` becomes `PEER`. Must not decide what is logged: the daemon's log calls do.

use std::fmt::Debug;
use std::net::IpAddr;
use std::os::fd::AsFd;
use std::os::unix::fs::MetadataExt;

use tracing::field::{Field, Visit};
use tracing_subscriber::field::RecordFields;
use tracing_subscriber::fmt::FormatFields;
use tracing_subscriber::fmt::format::Writer;

use crate::api::json::NeighborView;
use crate::config::LogLevel;
use crate::peer::PeerEvent;
use crate::peer::channel::notification_text;
use crate::session::DownReason;
use crate::wire::message::Message;

/// The structured fields the daemon's log lines may carry (as `tracing` names; journald sees
/// them upper-cased). Listed in docs/operations.md.
pub const FIELDS: [&str; 10] = [
    "peer",
    "peer_as",
    "local_as",
    "helper",
    "family",
    "event",
    "state",
    "notification_code",
    "notification_subcode",
    "reason",
];

/// The journal's name for this program (`journalctl -t ferrobgp`).
pub const SYSLOG_IDENTIFIER: &str = "ferrobgp";

/// True when `JOURNAL_STREAM` (`<device>:<inode>`, decimal) names the file stderr is: systemd
/// connected stderr to the journal.
pub fn stderr_is_journal() -> bool {
    let Some(value) = std::env::var_os("JOURNAL_STREAM") else {
        return false;
    };
    let Some((device, inode)) = value.to_str().and_then(parse_stream) else {
        return false;
    };
    let Ok(descriptor) = std::io::stderr().as_fd().try_clone_to_owned() else {
        return false;
    };
    std::fs::File::from(descriptor)
        .metadata()
        .is_ok_and(|metadata| metadata.dev() == device && metadata.ino() == inode)
}

/// `"<device>:<inode>"` as numbers.
pub fn parse_stream(value: &str) -> Option<(u64, u64)> {
    let (device, inode) = value.split_once(':')?;
    Some((device.parse().ok()?, inode.parse().ok()?))
}

/// The journald layer (fields unprefixed, identifier "ferrobgp", `info` as syslog's
/// informational), or `None` when journald's socket does not answer.
pub fn journald_layer() -> Option<tracing_journald::Layer> {
    let layer = tracing_journald::layer().ok()?;
    Some(
        layer
            .with_field_prefix(None)
            .with_syslog_identifier(SYSLOG_IDENTIFIER.to_owned())
            .with_priority_mappings(tracing_journald::PriorityMappings {
                info: tracing_journald::Priority::Informational,
                debug: tracing_journald::Priority::Debug,
                ..tracing_journald::PriorityMappings::new()
            }),
    )
}

/// The structured fields of one neighbor event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFields {
    pub peer: IpAddr,
    pub peer_as: u32,
    pub local_as: u32,
    /// What happened: "state", "connected", "connect-failed", "negotiated", "up", "down",
    /// "update", "receive", "send", "notification-sent", "notification-received",
    /// "end-of-rib", "stopped".
    pub event: &'static str,
    /// The new session state (state changes).
    pub state: Option<String>,
    /// The family (end-of-rib), or the negotiated families separated by ", ".
    pub family: Option<String>,
    pub notification_code: Option<u8>,
    pub notification_subcode: Option<u8>,
    /// Why a session went down or an attempt failed.
    pub reason: Option<String>,
}

/// The fields of `event` for the neighbor seen as `view`.
pub fn event_fields(view: &NeighborView, event: &PeerEvent) -> EventFields {
    let mut fields = EventFields {
        peer: view.peer_address,
        peer_as: view.peer_as,
        local_as: view.local_as,
        event: "",
        state: None,
        family: None,
        notification_code: None,
        notification_subcode: None,
        reason: None,
    };
    let notification = |fields: &mut EventFields, code: u8, subcode: u8| {
        fields.notification_code = Some(code);
        fields.notification_subcode = Some(subcode);
    };
    fields.event = match event {
        PeerEvent::StateChanged { to, .. } => {
            fields.state = Some(to.to_string());
            "state"
        }
        PeerEvent::Connected { .. } => "connected",
        PeerEvent::ConnectFailed { error } => {
            fields.reason = Some(error.to_string());
            "connect-failed"
        }
        PeerEvent::Negotiated { negotiated, .. } => {
            let families: Vec<String> = negotiated
                .families
                .iter()
                .map(|family| family.to_string())
                .collect();
            fields.family = Some(families.join(", "));
            "negotiated"
        }
        PeerEvent::Up => "up",
        PeerEvent::Down { reason, cause } => {
            fields.reason = Some(reason.clone());
            match cause {
                DownReason::LocalNotification(sent) | DownReason::PeerNotification(sent) => {
                    notification(&mut fields, sent.code, sent.subcode);
                }
                DownReason::ConnectionLost => {}
            }
            "down"
        }
        PeerEvent::Received(received) => match &received.message {
            Message::Update(_) => "update",
            _ => "receive",
        },
        PeerEvent::Sent(_) => "send",
        PeerEvent::NotificationSent(sent) => {
            notification(&mut fields, sent.code, sent.subcode);
            fields.reason = Some(notification_text(sent));
            "notification-sent"
        }
        PeerEvent::NotificationReceived(received) => {
            notification(&mut fields, received.code, received.subcode);
            fields.reason = Some(notification_text(received));
            "notification-received"
        }
        PeerEvent::EndOfRib(family) => {
            fields.family = Some(family.to_string());
            "end-of-rib"
        }
        PeerEvent::Stopped => "stopped",
    };
    fields
}

/// Writes `text` at `level` with the fields of `event`.
pub fn emit_event(level: LogLevel, text: &str, view: &NeighborView, event: &PeerEvent) {
    let fields = event_fields(view, event);
    macro_rules! at {
        ($macro:ident) => {
            tracing::$macro!(
                peer = %fields.peer,
                peer_as = fields.peer_as,
                local_as = fields.local_as,
                event = fields.event,
                state = fields.state.as_deref(),
                family = fields.family.as_deref(),
                notification_code = fields.notification_code,
                notification_subcode = fields.notification_subcode,
                reason = fields.reason.as_deref(),
                "{text}"
            )
        };
    }
    match level {
        LogLevel::Error => at!(error),
        LogLevel::Warn => at!(warn),
        LogLevel::Info => at!(info),
        LogLevel::Debug => at!(debug),
        LogLevel::Trace => at!(trace),
    }
}

/// Formats fields for stderr: the message, then other fields as `name=value`, leaving out
/// the journal fields of [`FIELDS`] (the text says the same).
#[derive(Debug, Clone, Copy, Default)]
pub struct StderrFields;

impl<'writer> FormatFields<'writer> for StderrFields {
    fn format_fields<R: RecordFields>(
        &self,
        writer: Writer<'writer>,
        fields: R,
    ) -> std::fmt::Result {
        let mut visitor = StderrVisitor {
            writer,
            first: true,
            result: Ok(()),
        };
        fields.record(&mut visitor);
        visitor.result
    }
}

struct StderrVisitor<'writer> {
    writer: Writer<'writer>,
    first: bool,
    result: std::fmt::Result,
}

impl Visit for StderrVisitor<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        if self.result.is_err() || FIELDS.contains(&field.name()) {
            return;
        }
        let separator = if self.first { "" } else { " " };
        self.first = false;
        self.result = if field.name() == "message" {
            write!(self.writer, "{separator}{value:?}")
        } else {
            write!(self.writer, "{separator}{}={value:?}", field.name())
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::State;
    use crate::wire::notification::Notification;

    fn view() -> NeighborView {
        NeighborView {
            local_address: "192.0.2.1".parse().expect("address"),
            peer_address: "192.0.2.2".parse().expect("address"),
            local_as: 65001,
            peer_as: 65002,
            router_id: None,
        }
    }

    #[test]
    fn journal_streams_are_parsed() {
        assert_eq!(parse_stream("8:1234"), Some((8, 1234)));
        assert_eq!(parse_stream("8"), None);
        assert_eq!(parse_stream("x:1"), None);
        assert_eq!(parse_stream("1:-1"), None);
    }

    #[test]
    fn events_have_their_fields() {
        let up = event_fields(&view(), &PeerEvent::Up);
        assert_eq!(
            (up.peer.to_string(), up.peer_as, up.local_as, up.event),
            ("192.0.2.2".to_owned(), 65002, 65001, "up")
        );
        let cease = Notification::cease_with_message(2, "bye");
        let down = event_fields(
            &view(),
            &PeerEvent::Down {
                reason: "peer sent Cease".to_owned(),
                cause: DownReason::PeerNotification(cease.clone()),
            },
        );
        assert_eq!(
            (
                down.event,
                down.notification_code,
                down.notification_subcode,
                down.reason.as_deref()
            ),
            ("down", Some(6), Some(2), Some("peer sent Cease"))
        );
        let received = event_fields(&view(), &PeerEvent::NotificationReceived(cease));
        assert_eq!(received.event, "notification-received");
        assert_eq!(received.notification_code, Some(6));
        let state = event_fields(
            &view(),
            &PeerEvent::StateChanged {
                from: State::OpenConfirm,
                to: State::Established,
            },
        );
        assert_eq!(
            (state.event, state.state.as_deref()),
            ("state", Some("established"))
        );
        let end = event_fields(
            &view(),
            &PeerEvent::EndOfRib(crate::wire::family::Family::IPV6_UNICAST),
        );
        assert_eq!(
            (end.event, end.family.as_deref()),
            ("end-of-rib", Some("ipv6 unicast"))
        );
    }

    #[test]
    fn without_journald_there_is_no_layer() {
        // This host has no /run/systemd/journal/socket (see the journald integration test
        // for a real listener).
        if !std::path::Path::new("/run/systemd/journal/socket").exists() {
            assert!(journald_layer().is_none());
        }
    }
}
