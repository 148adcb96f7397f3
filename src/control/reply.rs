//! What the control server hands the hub: one [`ControlRequest`] per command line, carrying the
//! parsed command and a [`Reply`] through which the hub answers. Must not know what commands
//! mean: the hub executes them, exactly as it does a helper's.
//!
//! The hub writes output lines with [`Reply::line`] (waits while the server's bounded queue is
//! full, which a reader of `<base>.out` drains) or [`Reply::try_line`] (never waits), then
//! ends the answer with [`Reply::finish`]. A `Reply` dropped without `finish` ends the answer
//! with `error`. Once the server has given up on an answer (its reader went away, or it read
//! too slowly), every call returns [`ReplyGone`] at once: the hub never blocks on a client.

use crate::api::command::{AckOutcome, Command, CommandError};
use tokio::sync::{mpsc, oneshot};

/// One command from the control FIFO.
#[derive(Debug)]
pub struct ControlRequest {
    /// The command text as received (tag removed).
    pub line: String,
    /// What `api::command::parse_command` made of it. For an error, the hub should answer
    /// with a line explaining it (the `ctl` user sees it), then `error`.
    pub command: Result<Command, CommandError>,
    pub reply: Reply,
}

/// The server no longer wants lines for this answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReplyGone;

/// Why [`Reply::try_line`] did not take a line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TryLineError {
    /// The server's queue for this answer is full: the line is handed back.
    Full(String),
    Gone,
}

/// The handle through which the hub answers one request.
#[derive(Debug)]
pub struct Reply {
    lines: mpsc::Sender<String>,
    outcome: oneshot::Sender<AckOutcome>,
}

/// The server's end of a [`Reply`].
#[derive(Debug)]
pub(super) struct ReplyReceiver {
    pub lines: mpsc::Receiver<String>,
    pub outcome: oneshot::Receiver<AckOutcome>,
}

impl Reply {
    /// A reply whose lines queue holds at most `capacity` lines (at least one).
    pub(super) fn channel(capacity: usize) -> (Reply, ReplyReceiver) {
        let (lines, line_receiver) = mpsc::channel(capacity.max(1));
        let (outcome, outcome_receiver) = oneshot::channel();
        (
            Reply { lines, outcome },
            ReplyReceiver {
                lines: line_receiver,
                outcome: outcome_receiver,
            },
        )
    }

    /// Queues one output line (newlines inside it become several lines), waiting while the
    /// queue is full.
    pub async fn line(&mut self, text: impl Into<String>) -> Result<(), ReplyGone> {
        self.lines.send(text.into()).await.map_err(|_| ReplyGone)
    }

    /// Queues one output line if there is room now.
    pub fn try_line(&mut self, text: impl Into<String>) -> Result<(), TryLineError> {
        self.lines
            .try_send(text.into())
            .map_err(|error| match error {
                mpsc::error::TrySendError::Full(text) => TryLineError::Full(text),
                mpsc::error::TrySendError::Closed(_) => TryLineError::Gone,
            })
    }

    /// Whether the server has given up on this answer.
    pub fn is_gone(&self) -> bool {
        self.lines.is_closed()
    }

    /// Ends the answer: its last line is `done` or `error`.
    pub fn finish(self, outcome: AckOutcome) {
        // The server may have gone already; then there is nobody to tell.
        let _ = self.outcome.send(outcome);
    }
}
