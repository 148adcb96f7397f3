//! The command parser: one line in, one [`Command`] (or a [`CommandError`]) out.
//!
//! Reads left to right: line checks and normalisation, comment and `debug` lines, selectors,
//! the command words, and the command's own arguments; route text goes to the route grammar.
//! Must not decide anything about peers or sessions (what "no peer matched" answers is the
//! daemon's business), and never panics.

mod reports;

use super::operational::parse_operational;
use super::selector::{key_suggestion, parse_selectors};
use super::words::{Word, Words, collapse_whitespace, suggestion};
use super::{Command, CommandError, MAX_LINE_LENGTH, RouteAction, RouteCommand, Selector};
use crate::api::route::{parse_announcement, parse_withdrawal};
use crate::wire::family::{Afi, Family, Safi};

/// The words that may start a command.
const COMMANDS: [&str; 15] = [
    "announce",
    "withdraw",
    "teardown",
    "show",
    "flush",
    "clear",
    "shutdown",
    "reload",
    "restart",
    "reset",
    "version",
    "help",
    "enable-ack",
    "disable-ack",
    "silence-ack",
];

/// What may follow `announce`.
const ANNOUNCE_WORDS: [&str; 11] = [
    "route",
    "attribute",
    "attributes",
    "ipv4",
    "ipv6",
    "flow",
    "vpls",
    "watchdog",
    "eor",
    "route-refresh",
    "operational",
];

/// What may follow `withdraw`.
const WITHDRAW_WORDS: [&str; 8] = [
    "route",
    "attribute",
    "attributes",
    "ipv4",
    "ipv6",
    "flow",
    "vpls",
    "watchdog",
];

/// The longest RFC 9003 shutdown communication, in bytes.
const MAX_SHUTDOWN_COMMUNICATION: usize = 255;

/// Parses one line (without its newline) into a command.
///
/// Accepted: every command of ExaBGP 4.2 and 5.0 (reference §2), with ExaBGP's normalisation:
/// leading and trailing whitespace (and `\r`) ignored, runs of spaces and tabs are one
/// separator, `,` separates selectors with or without spaces. Command words are
/// case-sensitive, as in ExaBGP (`ANNOUNCE` is an error, with a hint).
///
/// Deliberate differences from ExaBGP (each one a line that ExaBGP misreads, ignores or
/// crashes on):
/// - the command is read after the selectors, not found anywhere in the line: `announce route
///   … name reset` announces a route named `reset`, and a route named `json` is just a name
///   (ExaBGP 5.0 exits on any line holding the word `json` whose command has no JSON form;
///   `help json` and `version json` are errors here);
/// - extra words are errors (`version extra`, `announce watchdog a b`), and so is a selector
///   in front of a daemon-wide command (`neighbor 10.0.0.1 shutdown` stops ExaBGP);
/// - `teardown` needs a selector (ExaBGP answers `done` and tears nothing down), a subcode
///   0–255, and may carry an RFC 9003 message (subcodes 2 and 4);
/// - `neighbor * local-as 1` requires local-as 1 (ExaBGP ignores every key after `*`); a
///   selector names one neighbor, so a second `neighbor` key needs a comma before it;
/// - `announce operational` with an unknown kind is an error (ExaBGP: `done`, nothing sent);
///   quoted advisories keep their spaces; `announce watchdog <name>` after a selector reads
///   the name (ExaBGP takes the third word of the line);
/// - `#comment` without a space is a comment (ExaBGP: `error`); `show adj-rib-in` and the
///   flags of `show` in any order work (ExaBGP only sees `extensive` as the last word);
/// - a selector may precede `show neighbor` and `show adj-rib` to limit the peers shown;
/// - an empty line is an error, as in ExaBGP, with a message; `crash` (ExaBGP's test aid) is
///   an error.
pub fn parse_command(line: &str) -> Result<Command, CommandError> {
    check_line(line)?;
    let trimmed_start = line.len() - line.trim_start().len();
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Err(CommandError::new(
            0,
            line.len(),
            "empty line",
            Some("write a command, or `# …` for a comment".into()),
        ));
    }
    if let Some(comment) = trimmed.strip_prefix('#') {
        return Ok(Command::Comment(comment.trim().to_string()));
    }
    if let Some(rest) = trimmed.strip_prefix("debug") {
        if rest.is_empty() {
            return Err(CommandError::new(
                trimmed_start,
                trimmed_start + trimmed.len(),
                "`debug` needs a message to log",
                None,
            ));
        }
        if rest.starts_with(char::is_whitespace) {
            return Ok(Command::Debug(rest.trim().to_string()));
        }
    }
    let mut parser = Parser {
        words: Words::new(line),
        selectors: Vec::new(),
        selector_span: None,
    };
    let (selectors, span) = parse_selectors(&mut parser.words)?;
    parser.selectors = selectors;
    parser.selector_span = span;
    parser.command()
}

/// The length cap and the characters no command may hold.
fn check_line(line: &str) -> Result<(), CommandError> {
    if line.len() > MAX_LINE_LENGTH {
        return Err(CommandError::new(
            0,
            line.len(),
            format!(
                "the line is {} bytes, longer than the limit of {MAX_LINE_LENGTH} bytes (1 MiB)",
                line.len()
            ),
            Some("split the routes over several lines".into()),
        ));
    }
    if let Some((position, character)) = line.char_indices().find(|(_, character)| {
        *character == '\n' || (character.is_control() && !character.is_whitespace())
    }) {
        let what = if character == '\n' {
            "a newline inside the line".to_string()
        } else {
            format!(
                "control character U+{:04X} in the line",
                u32::from(character)
            )
        };
        return Err(CommandError::new(
            position,
            position + character.len_utf8(),
            what,
            None,
        ));
    }
    Ok(())
}

struct Parser<'a> {
    words: Words<'a>,
    selectors: Vec<Selector>,
    selector_span: Option<(usize, usize)>,
}

impl Parser<'_> {
    fn command(mut self) -> Result<Command, CommandError> {
        let Some(verb) = self.words.next_word()? else {
            return Err(self.words.missing(
                "the selector is not followed by a command",
                Some("e.g. neighbor 192.0.2.1 announce route …".into()),
            ));
        };
        if verb.quoted {
            return Err(verb.error(
                format!("unknown command `\"{}\"`", verb.text),
                Some("command words are not quoted".into()),
            ));
        }
        let global = match verb.text {
            "announce" => return self.change(RouteAction::Announce, &verb),
            "withdraw" => return self.change(RouteAction::Withdraw, &verb),
            "teardown" => return self.teardown(&verb),
            "show" => return self.show(&verb),
            "flush" => return self.flush(&verb),
            "clear" => return self.clear(&verb),
            "shutdown" => Command::Shutdown,
            "reload" => Command::Reload,
            "restart" => Command::Restart,
            "reset" => Command::Reset,
            "version" => Command::Version,
            "help" => Command::Help,
            "enable-ack" => Command::EnableAck,
            "disable-ack" => Command::DisableAck,
            "silence-ack" => Command::SilenceAck,
            "crash" => {
                return Err(verb.error("`crash` is ExaBGP's test aid and is not supported", None));
            }
            _ => return Err(self.unknown(&verb)),
        };
        if let Some((start, end)) = self.selector_span {
            return Err(CommandError::new(
                start,
                end,
                format!("`{}` takes no neighbor selector", verb.text),
                Some("it applies to the whole daemon: remove the selector".into()),
            ));
        }
        match self.words.next_word()? {
            None => Ok(global),
            Some(extra) if extra.is("json") => Err(extra.error(
                format!("`{}` has no JSON output", verb.text),
                Some("remove `json`".into()),
            )),
            Some(extra) => Err(extra.error(
                format!("unexpected `{}` after `{}`", extra.text, verb.text),
                None,
            )),
        }
    }

    fn unknown(&self, verb: &Word<'_>) -> CommandError {
        if verb.text.starts_with('#') {
            return verb.error(
                "a comment must start the line",
                Some("write the comment on a line of its own: # …".into()),
            );
        }
        if self.selectors.is_empty() {
            return verb.error(
                format!("unknown command `{}`", verb.text),
                Some(suggestion(verb.text, &COMMANDS)),
            );
        }
        // after selectors the word may be a misspelt key or a misspelt command
        let command_hint = suggestion(verb.text, &COMMANDS);
        let hint = if command_hint.starts_with("did you mean") {
            command_hint
        } else {
            let key_hint = key_suggestion(verb.text);
            if key_hint.starts_with("did you mean") {
                key_hint
            } else {
                command_hint
            }
        };
        verb.error(
            format!("unknown selector key or command `{}`", verb.text),
            Some(hint),
        )
    }

    fn change(mut self, action: RouteAction, verb: &Word<'_>) -> Result<Command, CommandError> {
        let words: &[&str] = match action {
            RouteAction::Announce => &ANNOUNCE_WORDS,
            RouteAction::Withdraw => &WITHDRAW_WORDS,
        };
        let Some(what) = self.words.next_word()? else {
            return Err(self.words.missing(
                format!("`{}` needs what to {}", verb.text, verb.text),
                Some(format!("expected one of: {}", words.join(", "))),
            ));
        };
        let keyword = if what.quoted { "" } else { what.text };
        match (keyword, action) {
            ("route" | "attribute" | "attributes" | "ipv4" | "ipv6" | "flow" | "vpls", _) => {
                self.route(action, &what)
            }
            ("watchdog", _) => {
                let name = self.optional_value()?;
                self.words.finish("watchdog <name>")?;
                Ok(Command::Watchdog {
                    selectors: self.selectors,
                    action,
                    name,
                })
            }
            ("eor", RouteAction::Announce) => {
                let family = match self.words.next_word()? {
                    None => Family::IPV4_UNICAST,
                    Some(afi) => self.family_from(&afi)?,
                };
                self.words.finish("eor <afi> <safi>")?;
                Ok(Command::EndOfRib {
                    selectors: self.selectors,
                    family,
                })
            }
            ("route-refresh", RouteAction::Announce) => {
                let Some(afi) = self.words.next_word()? else {
                    return Err(self.words.missing(
                        "`route-refresh` needs a family",
                        Some("e.g. announce route-refresh ipv4 unicast".into()),
                    ));
                };
                let family = self.family_from(&afi)?;
                self.words.finish("route-refresh <afi> <safi>")?;
                Ok(Command::RouteRefresh {
                    selectors: self.selectors,
                    family,
                })
            }
            ("operational", RouteAction::Announce) => {
                let message = parse_operational(&mut self.words)?;
                Ok(Command::Operational {
                    selectors: self.selectors,
                    message,
                })
            }
            ("eor" | "route-refresh" | "operational", RouteAction::Withdraw) => Err(what.error(
                format!("there is no `withdraw {}`", what.text),
                Some(format!("write announce {}", what.text)),
            )),
            _ => Err(what.error(
                format!("cannot {} `{}`", verb.text, what.text),
                Some(suggestion(what.text, words)),
            )),
        }
    }

    /// Route text: everything from `what` to the end of the line, for the route grammar.
    fn route(self, action: RouteAction, what: &Word<'_>) -> Result<Command, CommandError> {
        let text = self.words.rest_from(what.start);
        let parsed = match action {
            RouteAction::Announce => parse_announcement(text),
            RouteAction::Withdraw => parse_withdrawal(text),
        };
        let routes = parsed.map_err(|error| CommandError::from_route(error, what.start))?;
        let text = match routes.as_slice() {
            [route] => route.to_string(),
            _ => collapse_whitespace(text),
        };
        Ok(Command::Route(RouteCommand {
            selectors: self.selectors,
            action,
            text,
            routes,
        }))
    }

    /// One more word, if any (a name or a message), but not a `,`.
    fn optional_value(&mut self) -> Result<Option<String>, CommandError> {
        match self.words.next_word()? {
            None => Ok(None),
            Some(comma) if comma.is(",") => Err(comma.error("unexpected `,`", None)),
            Some(word) => Ok(Some(word.text.to_string())),
        }
    }

    /// `<afi> <safi>`, `afi` already read.
    fn family_from(&mut self, afi_word: &Word<'_>) -> Result<Family, CommandError> {
        let afis = ["ipv4", "ipv6", "l2vpn", "bgp-ls"];
        let afi = (!afi_word.quoted)
            .then(|| Afi::parse(afi_word.text))
            .flatten()
            .ok_or_else(|| {
                afi_word.error(
                    format!("unknown afi `{}`", afi_word.text),
                    Some(suggestion(afi_word.text, &afis)),
                )
            })?;
        let Some(safi_word) = self.words.next_word()? else {
            return Err(self.words.missing(
                format!("`{}` needs a safi after it", afi_word.text),
                Some(format!("e.g. {} unicast", afi_word.text)),
            ));
        };
        let safi = (!safi_word.quoted)
            .then(|| Safi::parse(safi_word.text))
            .flatten()
            .ok_or_else(|| {
                safi_word.error(
                    format!("unknown safi `{}`", safi_word.text),
                    Some(suggestion(
                        safi_word.text,
                        &[
                            "unicast",
                            "multicast",
                            "nlri-mpls",
                            "mpls-vpn",
                            "flow",
                            "flow-vpn",
                            "vpls",
                            "evpn",
                            "mup",
                            "mcast-vpn",
                            "bgp-ls",
                            "bgp-ls-vpn",
                            "rtc",
                        ],
                    )),
                )
            })?;
        Ok(Family::new(afi, safi))
    }

    fn teardown(mut self, verb: &Word<'_>) -> Result<Command, CommandError> {
        if self.selectors.is_empty() {
            return Err(verb.error(
                "`teardown` needs a neighbor selector",
                Some(
                    "e.g. neighbor 192.0.2.1 teardown 2, or neighbor * teardown 2 for every peer"
                        .into(),
                ),
            ));
        }
        let Some(code) = self.words.next_word()? else {
            return Err(self.words.missing(
                "`teardown` needs a Cease subcode",
                Some(
                    "e.g. teardown 2 (administrative shutdown) or 4 (administrative reset)".into(),
                ),
            ));
        };
        let digits = !code.quoted
            && !code.text.is_empty()
            && code.text.bytes().all(|byte| byte.is_ascii_digit());
        let subcode = match code.text.parse::<u8>() {
            Ok(subcode) if digits => subcode,
            _ => {
                return Err(code.error(
                    format!(
                        "the Cease subcode must be a number from 0 to 255, found `{}`",
                        code.text
                    ),
                    None,
                ));
            }
        };
        let message_word = self.words.peek_word()?;
        let message = self.optional_value()?;
        if let (Some(message), Some(word)) = (&message, message_word) {
            // RFC 9003 §2: the Shutdown Communication goes with "Administrative Shutdown" (2)
            // or "Administrative Reset" (4).
            if subcode != 2 && subcode != 4 {
                return Err(word.error(
                    "a teardown message needs subcode 2 (administrative shutdown) or 4 (administrative reset)",
                    None,
                ));
            }
            if message.len() > MAX_SHUTDOWN_COMMUNICATION {
                return Err(word.error(
                    format!(
                        "the teardown message is {} bytes, longer than {MAX_SHUTDOWN_COMMUNICATION}",
                        message.len()
                    ),
                    None,
                ));
            }
        }
        self.words
            .finish("teardown <subcode> <message>")
            .map_err(|error| CommandError {
                hint: Some("quote a message of several words: teardown 2 \"going down\"".into()),
                ..error
            })?;
        Ok(Command::Teardown {
            selectors: self.selectors,
            subcode,
            message,
        })
    }
}
