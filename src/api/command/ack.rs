//! Acknowledgements (reference §1.5): after each command line, ExaBGP writes `done` or
//! `error` on the issuing helper's stdin, unless acks are off for that helper. This is the
//! pure rule: which line (if any) answers a command, and how `enable-ack`, `disable-ack` and
//! `silence-ack` change it. Must not write anything: the helper task writes what it returns,
//! after the command's own output (`show`, `version`, `help` lines).
//!
//! ExaBGP 5.0 (observed, and in `reactor/api/processes.py`):
//! - acks are always text, even for JSON helpers;
//! - `enable-ack` turns acks on, then answers `done`;
//! - `disable-ack` answers `done` even when acks were already off (forced), then turns them
//!   off; `silence-ack` turns them off without answering;
//! - `reset` and `debug …` lines are never answered;
//! - a line that does not parse is answered `error`.
//!
//! ExaBGP 4.2 has one daemon-wide switch (`exabgp.api.ack`) and no ack commands: it answers
//! `error` to `enable-ack`/`disable-ack`/`silence-ack` (unknown commands) and otherwise the
//! same `done`/`error`. Here the three commands work for every helper, as in 5.0.

use super::Command;

/// The acknowledgement of a command that worked.
pub const DONE: &str = "done";
/// The acknowledgement of a command that failed (did not parse, matched no peer, …).
pub const ERROR: &str = "error";

/// How a command ended, as the daemon saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AckOutcome {
    Done,
    Error,
}

/// Whether one helper gets acks, and why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AckState {
    /// Answers are written (ExaBGP's default, `exabgp.api.ack = true`).
    Enabled,
    /// Off by configuration or by `disable-ack`.
    Disabled,
    /// Off by `silence-ack`.
    Silenced,
}

impl AckState {
    /// The initial state from the configuration (ExaBGP's `exabgp.api.ack`).
    pub fn new(enabled: bool) -> AckState {
        if enabled {
            AckState::Enabled
        } else {
            AckState::Disabled
        }
    }

    pub fn is_enabled(self) -> bool {
        self == AckState::Enabled
    }

    /// The answer to a command that ended with `outcome`, in this state (not for the ack
    /// commands themselves, `reset` or `debug`: see [`AckState::respond`]).
    pub fn ack(self, outcome: AckOutcome) -> Option<&'static str> {
        match (self, outcome) {
            (AckState::Enabled, AckOutcome::Done) => Some(DONE),
            (AckState::Enabled, AckOutcome::Error) => Some(ERROR),
            (AckState::Disabled | AckState::Silenced, _) => None,
        }
    }

    /// The answer to a parsed command that ended with `outcome`, applying the ack commands to
    /// the state first. For a line that did not parse, use `ack(AckOutcome::Error)`.
    pub fn respond(&mut self, command: &Command, outcome: AckOutcome) -> Option<&'static str> {
        match command {
            Command::EnableAck => {
                *self = AckState::Enabled;
                Some(DONE)
            }
            Command::DisableAck => {
                *self = AckState::Disabled;
                Some(DONE)
            }
            Command::SilenceAck => {
                *self = AckState::Silenced;
                None
            }
            Command::Reset | Command::Debug(_) => None,
            _ => self.ack(outcome),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::command::parse_command;

    /// Replays ExaBGP 5.0.15's answers to this sequence, captured from a helper
    /// (`version` answers "exabgp 5.0.15" before the ack; only the acks are compared).
    #[test]
    fn exabgp_5_sequence() {
        let mut state = AckState::new(true);
        let sequence: [(&str, AckOutcome, Option<&str>); 12] = [
            ("# comment", AckOutcome::Done, Some("done")),
            ("nonsense command here", AckOutcome::Error, Some("error")),
            ("reset", AckOutcome::Done, None),
            ("debug hello", AckOutcome::Done, None),
            ("disable-ack", AckOutcome::Done, Some("done")),
            ("version", AckOutcome::Done, None),
            ("disable-ack", AckOutcome::Done, Some("done")),
            ("enable-ack", AckOutcome::Done, Some("done")),
            ("version", AckOutcome::Done, Some("done")),
            ("silence-ack", AckOutcome::Done, None),
            ("version", AckOutcome::Done, None),
            ("enable-ack", AckOutcome::Done, Some("done")),
        ];
        for (line, outcome, expected) in sequence {
            let answer = match parse_command(line) {
                Ok(command) => state.respond(&command, outcome),
                Err(_) => state.ack(AckOutcome::Error),
            };
            assert_eq!(answer, expected, "{line}");
        }
        assert_eq!(state, AckState::Enabled);
    }

    #[test]
    fn states() {
        assert_eq!(AckState::new(false).ack(AckOutcome::Error), None);
        assert_eq!(AckState::Silenced.ack(AckOutcome::Done), None);
        assert_eq!(AckState::Enabled.ack(AckOutcome::Error), Some("error"));
        let mut state = AckState::new(false);
        assert_eq!(state.respond(&Command::SilenceAck, AckOutcome::Done), None);
        assert_eq!(state, AckState::Silenced);
        assert!(!state.is_enabled());
        assert_eq!(
            state.respond(&Command::Reset, AckOutcome::Done),
            None,
            "reset is never answered"
        );
    }
}
