//! The canonical line of a [`Command`]: selectors in a fixed key order joined by `, `, single
//! spaces, flags in a fixed order, names quoted only when needed. [`super::parse_command`]
//! reads it back to the same command (a property test checks it); logs and `ctl` echo it.
//!
//! Must not parse.

use super::selector::selectors_text;
use super::words::quoted;
use super::{Command, RouteCommand};
use crate::wire::family::Family;
use std::fmt;

fn family_text(family: &Family) -> String {
    format!("{} {}", family.afi.name(), family.safi.name())
}

impl fmt::Display for Command {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&selectors_text(self.selectors()))?;
        match self {
            Command::Comment(text) if text.is_empty() => formatter.write_str("#"),
            Command::Comment(text) => write!(formatter, "# {text}"),
            Command::Debug(text) => write!(formatter, "debug {text}"),
            Command::Route(RouteCommand { action, text, .. }) => {
                write!(formatter, "{} {text}", action.word())
            }
            Command::Watchdog { action, name, .. } => {
                write!(formatter, "{} watchdog", action.word())?;
                if let Some(name) = name {
                    write!(formatter, " {}", quoted(name))?;
                }
                Ok(())
            }
            Command::EndOfRib { family, .. } => {
                write!(formatter, "announce eor {}", family_text(family))
            }
            Command::RouteRefresh { family, .. } => {
                write!(formatter, "announce route-refresh {}", family_text(family))
            }
            Command::Operational { message, .. } => {
                write!(formatter, "announce operational {message}")
            }
            Command::Teardown {
                subcode, message, ..
            } => {
                write!(formatter, "teardown {subcode}")?;
                if let Some(message) = message {
                    write!(formatter, " {}", quoted(message))?;
                }
                Ok(())
            }
            Command::ShowNeighbor {
                detail,
                address,
                json,
                ..
            } => {
                formatter.write_str("show neighbor")?;
                if let Some(detail) = detail {
                    write!(formatter, " {}", detail.word())?;
                }
                if let Some(address) = address {
                    write!(formatter, " {address}")?;
                }
                if *json {
                    formatter.write_str(" json")?;
                }
                Ok(())
            }
            Command::ShowAdjRib {
                direction,
                extensive,
                kind,
                address,
                json,
                ..
            } => {
                write!(formatter, "show adj-rib {}", direction.word())?;
                if *extensive {
                    formatter.write_str(" extensive")?;
                }
                if let Some(kind) = kind {
                    write!(formatter, " {}", kind.word())?;
                }
                if let Some(address) = address {
                    write!(formatter, " {address}")?;
                }
                if *json {
                    formatter.write_str(" json")?;
                }
                Ok(())
            }
            Command::FlushAdjRibOut { .. } => formatter.write_str("flush adj-rib out"),
            Command::ClearAdjRib { direction, .. } => {
                write!(formatter, "clear adj-rib {}", direction.word())
            }
            Command::Shutdown => formatter.write_str("shutdown"),
            Command::Reload => formatter.write_str("reload"),
            Command::Restart => formatter.write_str("restart"),
            Command::Reset => formatter.write_str("reset"),
            Command::Version => formatter.write_str("version"),
            Command::Help => formatter.write_str("help"),
            Command::EnableAck => formatter.write_str("enable-ack"),
            Command::DisableAck => formatter.write_str("disable-ack"),
            Command::SilenceAck => formatter.write_str("silence-ack"),
        }
    }
}
