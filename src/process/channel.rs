//! What travels between the hub and a helper task: `ProcCmd` down (built by
//! [`super::ProcessHandle`], which charges each event and answer to its byte budget),
//! `ProcEvent` up (tagged with the helper's name as a [`HelperEvent`]), and the helper's
//! state as the hub's status shows it.
//!
//! Values only: no behaviour lives here except giving bytes back to the budget when a queued
//! line is dropped (written, or discarded because the helper went away).

use std::process::ExitStatus;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::OwnedSemaphorePermit;

use crate::api::command::{Command, CommandError};

/// A command from the hub to one helper task. Events and answers are made by
/// [`super::ProcessHandle::try_send_event`] / [`super::ProcessHandle::answer`], which charge
/// them to the helper's queues; `Stop` and `Restart` by the handle's methods.
#[derive(Debug)]
pub enum ProcCmd {
    /// An encoded event line for the helper's stdin.
    Event(QueuedEvent),
    /// The answer to one of the helper's commands: output lines and the ack.
    Answer(QueuedAnswer),
    /// The shutdown notice, SIGTERM, SIGKILL after the grace period; then the task ends.
    Stop,
    /// SIGTERM (SIGKILL after the grace period), then start again with a fresh respawn
    /// budget. Also starts a helper that exited without respawn or was given up.
    Restart,
}

/// An event line and the share of the event budget it holds until it is written.
#[derive(Debug)]
pub struct QueuedEvent {
    /// The text written, newline included.
    pub(super) text: String,
    /// Given back to the budget when the event is written or discarded.
    pub(super) _permit: OwnedSemaphorePermit,
}

/// An answer and the share of the answer budget it holds until it is written.
#[derive(Debug)]
pub struct QueuedAnswer {
    /// The helper run the answered command came from.
    pub(super) incarnation: u64,
    /// The lines, each with its newline.
    pub(super) text: String,
    pub(super) _ticket: AnswerTicket,
}

/// Bytes of the answer budget, given back on drop.
#[derive(Debug)]
pub struct AnswerTicket {
    bytes: usize,
    queued: Arc<AtomicUsize>,
}

impl AnswerTicket {
    pub(super) fn new(bytes: usize, queued: Arc<AtomicUsize>) -> AnswerTicket {
        queued.fetch_add(bytes, Ordering::Relaxed);
        AnswerTicket { bytes, queued }
    }
}

impl Drop for AnswerTicket {
    fn drop(&mut self) {
        self.queued.fetch_sub(self.bytes, Ordering::Relaxed);
    }
}

/// Something that happened to a helper. `incarnation` counts the starts of this helper task
/// (1 for the first): answers carry it back so that an answer to a helper that has since been
/// restarted is not written to its successor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProcEvent {
    /// The helper runs, with this process id (also its process group id).
    Started { incarnation: u64, pid: u32 },
    /// The program could not be started (not found, not executable, …). Counts as a start
    /// for the respawn budget.
    StartFailed { error: String },
    /// A line of the helper's stdout that parsed. The hub executes it and answers with
    /// [`super::ProcessHandle::answer`] (see `api::command::AckState`).
    Command {
        incarnation: u64,
        line: String,
        command: Box<Command>,
    },
    /// A line that did not parse, was not UTF-8, or was longer than the limit (then `line`
    /// is its beginning and the rest was discarded). The hub answers `error`.
    Unparsable {
        incarnation: u64,
        line: String,
        error: CommandError,
    },
    /// A line the helper wrote on its stderr, for the log.
    Stderr { line: String },
    /// The helper exited (`status` is `None` when it could not be collected). Every line it
    /// wrote before exiting has been reported before this event.
    Exited {
        incarnation: u64,
        status: Option<ExitStatus>,
    },
    /// The helper will be started again after `delay`.
    Respawning { delay: Duration },
    /// The helper died too often (`starts` starts inside `window`): it is not started again
    /// until a `ProcCmd::Restart`. Sessions are not affected.
    GaveUp { starts: usize, window: Duration },
    /// The task ended (after `ProcCmd::Stop` or the handle was dropped).
    Stopped,
}

/// A `ProcEvent` and the helper it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelperEvent {
    pub helper: Arc<str>,
    pub event: ProcEvent,
}

/// Where a helper is in its life, for status displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HelperState {
    Starting,
    Running {
        incarnation: u64,
        pid: u32,
    },
    /// Exited; waiting before the restart.
    Respawning,
    /// Exited and not restarted (`respawn false`).
    Exited,
    /// Died too often; not restarted.
    GivenUp,
    /// Being terminated.
    Stopping,
    /// The task ended.
    Stopped,
}

impl HelperState {
    /// A word for status output.
    pub fn name(self) -> &'static str {
        match self {
            HelperState::Starting => "starting",
            HelperState::Running { .. } => "running",
            HelperState::Respawning => "respawning",
            HelperState::Exited => "exited",
            HelperState::GivenUp => "given up",
            HelperState::Stopping => "stopping",
            HelperState::Stopped => "stopped",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_give_their_bytes_back() {
        let queued = Arc::new(AtomicUsize::new(0));
        let first = AnswerTicket::new(5, queued.clone());
        let second = AnswerTicket::new(7, queued.clone());
        assert_eq!(queued.load(Ordering::Relaxed), 12);
        drop(first);
        assert_eq!(queued.load(Ordering::Relaxed), 7);
        drop(second);
        assert_eq!(queued.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn state_names() {
        assert_eq!(
            HelperState::Running {
                incarnation: 1,
                pid: 2
            }
            .name(),
            "running"
        );
        assert_eq!(HelperState::GivenUp.name(), "given up");
    }
}
