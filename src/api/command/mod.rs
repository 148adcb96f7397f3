//! ExaBGP's text command language, pure: one line a helper writes on its stdout (or one line
//! from the control FIFO) becomes a typed [`Command`], or a [`CommandError`] pointing at the
//! offending bytes. Also the acknowledgement rules ([`AckState`]: what is answered, `done` or
//! `error` or nothing) and the `exabgpcli` shortcuts ([`expand_shortcuts`]).
//!
//! The route grammar itself (`announce route …`, `attributes … nlri`, `ipv4 unicast …`,
//! `flow route …`, `vpls …`) is not here: the text after `announce `/`withdraw ` is handed to
//! [`crate::api::route`], the one parser shared with the configuration.
//!
//! Must not do I/O, look at sessions or decide which peers a selector designates at run time
//! (that is [`Selector::matches`] over facts the daemon hands in). Never panics, on any input.
//!
//! Grammar (ExaBGP 4.2 ∪ 5.0, reference §2): `[selector {, selector}] command`. Unlike ExaBGP,
//! which finds the command by a substring search anywhere in the line (so `… name reset`
//! runs `reset`), the line is read left to right: selectors first, then the command words.
//! Deliberate differences from ExaBGP are listed on [`parse_command`].

mod ack;
mod display;
mod operational;
mod parse;
mod selector;
mod shortcuts;
mod words;

#[cfg(test)]
mod tests;

pub use ack::{AckOutcome, AckState, DONE, ERROR};
pub use operational::{AdvisoryKind, OperationalMessage, QueryKind, ResponseKind};
pub use parse::parse_command;
pub use selector::{FamilyAllowed, NeighborFacts, Selector, selects};
pub use shortcuts::expand_shortcuts;

use crate::api::route::{Route, RouteSyntaxError};
use crate::wire::family::Family;
use std::fmt;
use std::net::IpAddr;

/// The longest line accepted, in bytes, without its newline: ExaBGP 5.0's `MAX_COMMAND_SIZE`
/// (1 MiB). The line reader enforces it while reading (ExaBGP kills and respawns a helper
/// whose partial line grows past it); [`parse_command`] refuses longer input.
pub const MAX_LINE_LENGTH: usize = 1024 * 1024;

/// Announce or withdraw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteAction {
    Announce,
    Withdraw,
}

impl RouteAction {
    /// The command word: `announce` or `withdraw`.
    pub fn word(self) -> &'static str {
        match self {
            RouteAction::Announce => "announce",
            RouteAction::Withdraw => "withdraw",
        }
    }
}

/// `[sel] announce|withdraw route|attribute|attributes|ipv4|ipv6|flow|vpls …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteCommand {
    /// Empty: every peer of the issuing helper.
    pub selectors: Vec<Selector>,
    pub action: RouteAction,
    /// The route text after the action word: the route's canonical text when the line gave
    /// one route; the line's own text (whitespace collapsed) when it gave several (`split`,
    /// `attributes … nlri`), which the route grammar cannot write as one canonical route.
    pub text: String,
    /// What the route grammar made of `text`.
    pub routes: Vec<Route>,
}

/// Which detail `show neighbor` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NeighborDetail {
    Summary,
    Extensive,
    Configuration,
}

impl NeighborDetail {
    pub fn word(self) -> &'static str {
        match self {
            NeighborDetail::Summary => "summary",
            NeighborDetail::Extensive => "extensive",
            NeighborDetail::Configuration => "configuration",
        }
    }
}

/// Which Adj-RIB (`in`: routes received, `out`: routes to send).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RibDirection {
    In,
    Out,
}

impl RibDirection {
    pub fn word(self) -> &'static str {
        match self {
            RibDirection::In => "in",
            RibDirection::Out => "out",
        }
    }
}

/// `show adj-rib`'s optional kind filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteKindFilter {
    /// `inet`: prefix routes (unicast, multicast, labelled, VPN).
    Inet,
    /// `flow`: flow specifications.
    Flow,
    /// `l2vpn`: VPLS and EVPN.
    L2vpn,
}

impl RouteKindFilter {
    pub fn word(self) -> &'static str {
        match self {
            RouteKindFilter::Inet => "inet",
            RouteKindFilter::Flow => "flow",
            RouteKindFilter::L2vpn => "l2vpn",
        }
    }
}

/// One command line, parsed. `selectors` empty means "no selector given": every peer of the
/// issuing helper (route commands) or every peer (reporting commands).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `# text`: logged, answered `done`.
    Comment(String),
    /// `debug text` (ExaBGP 5.0): logged as a warning, never executed, never answered.
    Debug(String),
    /// `announce|withdraw route|attributes|ipv4|ipv6|flow|vpls …`.
    Route(RouteCommand),
    /// `announce|withdraw watchdog [name]`: announce or withdraw the configured routes of a
    /// watchdog group; no name means the group named after the issuing helper.
    Watchdog {
        selectors: Vec<Selector>,
        action: RouteAction,
        name: Option<String>,
    },
    /// `announce eor [<afi> <safi>]` (ipv4 unicast when no family is given).
    EndOfRib {
        selectors: Vec<Selector>,
        family: Family,
    },
    /// `announce route-refresh <afi> <safi>`.
    RouteRefresh {
        selectors: Vec<Selector>,
        family: Family,
    },
    /// `announce operational asm|adm|rpcq|rpcp|apcq|apcp|lpcq|lpcp …`.
    Operational {
        selectors: Vec<Selector>,
        message: OperationalMessage,
    },
    /// `neighbor … teardown <subcode> [message]`: a Cease NOTIFICATION with this subcode (and
    /// RFC 9003 shutdown communication) to the selected established peers. Never empty
    /// `selectors`: use `neighbor *` for every peer.
    Teardown {
        selectors: Vec<Selector>,
        subcode: u8,
        message: Option<String>,
    },
    /// `show neighbor [summary|extensive|configuration] [<ip>] [json]`. No detail: ExaBGP
    /// answers with two lines asking for one, then `done`.
    ShowNeighbor {
        selectors: Vec<Selector>,
        detail: Option<NeighborDetail>,
        address: Option<IpAddr>,
        json: bool,
    },
    /// `show adj-rib in|out [extensive] [inet|flow|l2vpn] [<ip>] [json]`.
    ShowAdjRib {
        selectors: Vec<Selector>,
        direction: RibDirection,
        extensive: bool,
        kind: Option<RouteKindFilter>,
        address: Option<IpAddr>,
        json: bool,
    },
    /// `flush adj-rib out`: send the whole Adj-RIB-Out again.
    FlushAdjRibOut {
        selectors: Vec<Selector>,
    },
    /// `clear adj-rib in|out` (`out` when not given): forget received routes, or withdraw
    /// every route sent.
    ClearAdjRib {
        selectors: Vec<Selector>,
        direction: RibDirection,
    },
    Shutdown,
    Reload,
    Restart,
    /// Drop the issuing helper's queued commands; never answered.
    Reset,
    Version,
    Help,
    EnableAck,
    DisableAck,
    SilenceAck,
}

impl Command {
    /// The selectors of the line (empty for commands that take none).
    pub fn selectors(&self) -> &[Selector] {
        match self {
            Command::Route(route) => &route.selectors,
            Command::Watchdog { selectors, .. }
            | Command::EndOfRib { selectors, .. }
            | Command::RouteRefresh { selectors, .. }
            | Command::Operational { selectors, .. }
            | Command::Teardown { selectors, .. }
            | Command::ShowNeighbor { selectors, .. }
            | Command::ShowAdjRib { selectors, .. }
            | Command::FlushAdjRibOut { selectors }
            | Command::ClearAdjRib { selectors, .. } => selectors,
            Command::Comment(_)
            | Command::Debug(_)
            | Command::Shutdown
            | Command::Reload
            | Command::Restart
            | Command::Reset
            | Command::Version
            | Command::Help
            | Command::EnableAck
            | Command::DisableAck
            | Command::SilenceAck => &[],
        }
    }
}

/// A line that is not a command, with the byte range of the offending word(s) in the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandError {
    /// Byte offset of the first offending byte in the line given to [`parse_command`].
    pub start: usize,
    /// Byte offset one past the last offending byte.
    pub end: usize,
    /// What is wrong ("unknown command `anounce`").
    pub message: String,
    /// What to do about it ("did you mean `announce`?").
    pub hint: Option<String>,
}

impl CommandError {
    pub fn new(
        start: usize,
        end: usize,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> CommandError {
        CommandError {
            start,
            end: end.max(start),
            message: message.into(),
            hint,
        }
    }

    /// A route grammar error found in the text that starts at byte `offset` of the line.
    pub fn from_route(error: RouteSyntaxError, offset: usize) -> CommandError {
        CommandError::new(
            error.start.saturating_add(offset),
            error.end.saturating_add(offset),
            error.message,
            error.hint,
        )
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(formatter, " ({hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for CommandError {}
