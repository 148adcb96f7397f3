//! Tests of the command parser: every example line of the reference (§2) and every command
//! and shortcut with the command it must give, bad lines with the exact error, and property
//! tests (the canonical line reads back to the same command; no text makes the parser panic
//! or point outside the line).

mod errors;
mod exabgp_answers;
mod golden;
mod properties;

use super::*;
use crate::api::route::{parse_announcement, parse_withdrawal};
use std::net::Ipv4Addr;

pub(super) fn address(text: &str) -> IpAddr {
    text.parse().expect("test address")
}

/// `neighbor <ip>`.
pub(super) fn neighbor(text: &str) -> Selector {
    Selector {
        peer_address: Some(address(text)),
        ..Selector::default()
    }
}

/// `neighbor *`.
pub(super) fn any_neighbor() -> Selector {
    Selector::default()
}

pub(super) fn router_id(text: &str) -> Ipv4Addr {
    text.parse().expect("test router id")
}

/// The route command the grammar makes of `text` (what follows the action word).
pub(super) fn route_command(selectors: Vec<Selector>, action: RouteAction, text: &str) -> Command {
    let routes = match action {
        RouteAction::Announce => parse_announcement(text),
        RouteAction::Withdraw => parse_withdrawal(text),
    }
    .unwrap_or_else(|error| panic!("{text}: {error:?}"));
    let text = match routes.as_slice() {
        [route] => route.to_string(),
        _ => text.to_string(),
    };
    Command::Route(RouteCommand {
        selectors,
        action,
        text,
        routes,
    })
}

/// Parses, checks that the canonical line reads back to the same command, returns it.
pub(super) fn parse_checked(line: &str) -> Command {
    let command = parse_command(line).unwrap_or_else(|error| panic!("{line:?}: {error:?}"));
    let canonical = command.to_string();
    assert_eq!(
        parse_command(&canonical).as_ref(),
        Ok(&command),
        "{line:?} -> {canonical:?}"
    );
    command
}
