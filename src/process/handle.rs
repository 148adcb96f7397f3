//! The hub's handle on a helper task: it charges events and answers to the helper's byte
//! budgets before queueing them (the flow-control policy of the `process` module docs), and
//! reads the task's state and counters.
//!
//! Dropping the handle closes the command channel: the task then stops the helper as
//! `stop()` does (notice, SIGTERM, SIGKILL) and ends. Must not hold helper state beyond the
//! shared counters.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use tokio::sync::{Semaphore, TryAcquireError, mpsc, watch};
use tokio::task::{JoinError, JoinHandle};

use super::channel::{AnswerTicket, HelperState, ProcCmd, QueuedAnswer, QueuedEvent};

/// Why an event was not queued; the line is given back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventRefused {
    /// The event budget is spent: the helper is not reading fast enough. Wait with
    /// [`ProcessHandle::wait_for_event_room`] (slowing the peers meanwhile) and retry.
    Full(String),
    /// The helper task has ended.
    Closed(String),
}

/// What became of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerOutcome {
    Queued,
    /// Nothing to write (no lines).
    Empty,
    /// The answer budget is spent (the helper does not read its stdin): dropped. `total`
    /// answers were dropped so far; `first_in_burst` is true for the first drop after an
    /// answer was queued, so the hub logs once per burst.
    Dropped {
        total: u64,
        first_in_burst: bool,
    },
    /// The helper task has ended.
    Closed,
}

/// Counters and queue sizes of one helper task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProcessStatistics {
    /// Starts made (successful or not).
    pub starts: u64,
    /// Lines read from stdout (parsed or not).
    pub lines_read: u64,
    pub unparsable_lines: u64,
    /// Bytes of events waiting to be written, and the budget.
    pub event_bytes_queued: usize,
    pub event_queue_capacity: usize,
    /// Bytes of answers waiting to be written, and the budget.
    pub answer_bytes_queued: usize,
    pub answer_queue_capacity: usize,
    /// Answers dropped because the answer budget was spent.
    pub answers_dropped: u64,
    /// Events and answers thrown away because their helper run had ended.
    pub lines_discarded: u64,
    /// The most bytes of one partial stdout line held at once.
    pub line_buffer_high_water: usize,
    /// Times an event was refused or had to wait for room.
    pub congestions: u64,
}

/// What the task and the handle share.
#[derive(Debug)]
pub(super) struct Shared {
    pub event_budget: Arc<Semaphore>,
    pub event_capacity: usize,
    pub answer_queued: Arc<AtomicUsize>,
    pub answer_capacity: usize,
    pub answers_dropped: AtomicU64,
    pub answer_burst: AtomicBool,
    pub starts: AtomicU64,
    pub lines_read: AtomicU64,
    pub unparsable_lines: AtomicU64,
    pub lines_discarded: AtomicU64,
    pub line_high_water: AtomicUsize,
    pub congestions: AtomicU64,
}

impl Shared {
    pub fn new(event_capacity: usize, answer_capacity: usize) -> Shared {
        // Semaphore permits are counted in u32 by `acquire_many`; a budget never needs more.
        let event_capacity = event_capacity.clamp(1, u32::MAX as usize);
        Shared {
            event_budget: Arc::new(Semaphore::new(event_capacity)),
            event_capacity,
            answer_queued: Arc::new(AtomicUsize::new(0)),
            answer_capacity,
            answers_dropped: AtomicU64::new(0),
            answer_burst: AtomicBool::new(false),
            starts: AtomicU64::new(0),
            lines_read: AtomicU64::new(0),
            unparsable_lines: AtomicU64::new(0),
            lines_discarded: AtomicU64::new(0),
            line_high_water: AtomicUsize::new(0),
            congestions: AtomicU64::new(0),
        }
    }

    /// The permits an event of `bytes` bytes takes: all of them at most, so that an event
    /// larger than the budget still goes, alone.
    fn event_cost(&self, bytes: usize) -> u32 {
        u32::try_from(bytes.clamp(1, self.event_capacity)).unwrap_or(u32::MAX)
    }
}

/// The hub's handle on a helper task.
#[derive(Debug)]
pub struct ProcessHandle {
    pub helper: Arc<str>,
    commands: mpsc::UnboundedSender<ProcCmd>,
    shared: Arc<Shared>,
    state: watch::Receiver<HelperState>,
    task: Option<JoinHandle<()>>,
}

impl ProcessHandle {
    pub(super) fn new(
        helper: Arc<str>,
        commands: mpsc::UnboundedSender<ProcCmd>,
        shared: Arc<Shared>,
        state: watch::Receiver<HelperState>,
        task: JoinHandle<()>,
    ) -> ProcessHandle {
        ProcessHandle {
            helper,
            commands,
            shared,
            state,
            task: Some(task),
        }
    }

    /// Queues an event line (encoded, without the newline the task adds) if the event
    /// budget has room; never waits.
    pub fn try_send_event(&self, line: String) -> Result<(), EventRefused> {
        let text = with_newline(line);
        let cost = self.shared.event_cost(text.len());
        match self
            .shared
            .event_budget
            .clone()
            .try_acquire_many_owned(cost)
        {
            Ok(permit) => self.queue_event(text, permit),
            Err(TryAcquireError::NoPermits) => {
                self.shared.congestions.fetch_add(1, Ordering::Relaxed);
                Err(EventRefused::Full(without_newline(text)))
            }
            Err(TryAcquireError::Closed) => Err(EventRefused::Closed(without_newline(text))),
        }
    }

    /// Queues an event line, waiting while the event budget is spent (backpressure: the
    /// caller is slowed to the helper's reading speed). If the future is dropped while it
    /// waits, the line is dropped with it; to wait in a `select!`, use
    /// [`ProcessHandle::wait_for_event_room`] then [`ProcessHandle::try_send_event`].
    pub async fn send_event(&self, line: String) -> Result<(), EventRefused> {
        let text = with_newline(line);
        let cost = self.shared.event_cost(text.len());
        let budget = self.shared.event_budget.clone();
        let permit = match budget.clone().try_acquire_many_owned(cost) {
            Ok(permit) => permit,
            Err(_) => {
                self.shared.congestions.fetch_add(1, Ordering::Relaxed);
                match budget.acquire_many_owned(cost).await {
                    Ok(permit) => permit,
                    Err(_) => return Err(EventRefused::Closed(without_newline(text))),
                }
            }
        };
        self.queue_event(text, permit)
    }

    /// Waits until an event of `length` bytes (without newline) would be accepted, without
    /// taking the room. Cancel safe.
    pub async fn wait_for_event_room(&self, length: usize) {
        let cost = self.shared.event_cost(length.saturating_add(1));
        // An error means the task ended: the next send says so.
        let _ = self.shared.event_budget.acquire_many(cost).await;
    }

    /// True while the event budget cannot take one more byte.
    pub fn is_congested(&self) -> bool {
        self.shared.event_budget.available_permits() == 0
    }

    fn queue_event(
        &self,
        text: String,
        permit: tokio::sync::OwnedSemaphorePermit,
    ) -> Result<(), EventRefused> {
        let event = QueuedEvent {
            text,
            _permit: permit,
        };
        self.commands
            .send(ProcCmd::Event(event))
            .map_err(|error| match error.0 {
                ProcCmd::Event(event) => EventRefused::Closed(without_newline(event.text)),
                _ => EventRefused::Closed(String::new()),
            })
    }

    /// Queues the answer to a command of helper run `incarnation`: its output lines, then the
    /// ack (the caller decides which, with `api::command::AckState`). Never waits: when the
    /// answer budget is already spent, the answer is dropped and counted.
    pub fn answer<S: AsRef<str>>(&self, incarnation: u64, lines: &[S]) -> AnswerOutcome {
        if lines.is_empty() {
            return AnswerOutcome::Empty;
        }
        if self.shared.answer_queued.load(Ordering::Relaxed) >= self.shared.answer_capacity {
            let total = self
                .shared
                .answers_dropped
                .fetch_add(1, Ordering::Relaxed)
                .saturating_add(1);
            let first_in_burst = !self.shared.answer_burst.swap(true, Ordering::Relaxed);
            return AnswerOutcome::Dropped {
                total,
                first_in_burst,
            };
        }
        self.shared.answer_burst.store(false, Ordering::Relaxed);
        let mut text = String::new();
        for line in lines {
            text.push_str(line.as_ref());
            text.push('\n');
        }
        let ticket = AnswerTicket::new(text.len(), self.shared.answer_queued.clone());
        let answer = QueuedAnswer {
            incarnation,
            text,
            _ticket: ticket,
        };
        match self.commands.send(ProcCmd::Answer(answer)) {
            Ok(()) => AnswerOutcome::Queued,
            Err(_) => AnswerOutcome::Closed,
        }
    }

    /// Stops the helper (shutdown notice, SIGTERM, SIGKILL after the grace period) and ends
    /// the task. Events queued before are written first, if the helper reads them.
    pub fn stop(&self) {
        let _ = self.commands.send(ProcCmd::Stop);
    }

    /// Restarts the helper with a fresh respawn budget (also after it was given up).
    pub fn restart(&self) {
        let _ = self.commands.send(ProcCmd::Restart);
    }

    /// The helper's state now.
    pub fn state(&self) -> HelperState {
        *self.state.borrow()
    }

    /// A receiver that sees every state change.
    pub fn state_changes(&self) -> watch::Receiver<HelperState> {
        self.state.clone()
    }

    pub fn statistics(&self) -> ProcessStatistics {
        let shared = &self.shared;
        ProcessStatistics {
            starts: shared.starts.load(Ordering::Relaxed),
            lines_read: shared.lines_read.load(Ordering::Relaxed),
            unparsable_lines: shared.unparsable_lines.load(Ordering::Relaxed),
            event_bytes_queued: shared
                .event_capacity
                .saturating_sub(shared.event_budget.available_permits()),
            event_queue_capacity: shared.event_capacity,
            answer_bytes_queued: shared.answer_queued.load(Ordering::Relaxed),
            answer_queue_capacity: shared.answer_capacity,
            answers_dropped: shared.answers_dropped.load(Ordering::Relaxed),
            lines_discarded: shared.lines_discarded.load(Ordering::Relaxed),
            line_buffer_high_water: shared.line_high_water.load(Ordering::Relaxed),
            congestions: shared.congestions.load(Ordering::Relaxed),
        }
    }

    /// Waits for the task to end (after `stop()`).
    pub async fn join(mut self) -> Result<(), JoinError> {
        match self.task.take() {
            Some(task) => task.await,
            None => Ok(()),
        }
    }
}

fn with_newline(mut line: String) -> String {
    line.push('\n');
    line
}

fn without_newline(mut text: String) -> String {
    text.pop();
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handle(
        event_bytes: usize,
        answer_bytes: usize,
    ) -> (ProcessHandle, mpsc::UnboundedReceiver<ProcCmd>) {
        let (sender, receiver) = mpsc::unbounded_channel();
        let (_state_sender, state) = watch::channel(HelperState::Starting);
        let handle = ProcessHandle::new(
            Arc::from("test"),
            sender,
            Arc::new(Shared::new(event_bytes, answer_bytes)),
            state,
            tokio::spawn(async {}),
        );
        (handle, receiver)
    }

    #[tokio::test]
    async fn events_wait_for_room_and_give_it_back_when_dropped() {
        let (handle, mut queue) = handle(10, 100);
        assert_eq!(handle.try_send_event("12345".into()), Ok(()));
        assert_eq!(handle.statistics().event_bytes_queued, 6);
        assert_eq!(
            handle.try_send_event("12345".into()),
            Err(EventRefused::Full("12345".into()))
        );
        assert!(!handle.is_congested());
        assert_eq!(handle.try_send_event("123".into()), Ok(()));
        assert!(handle.is_congested());
        assert_eq!(handle.statistics().congestions, 1);
        // Writing (here: dropping) the first event makes room.
        drop(queue.recv().await);
        assert_eq!(handle.statistics().event_bytes_queued, 4);
        handle.wait_for_event_room(5).await;
        // A line longer than the whole budget goes alone, once the queue is empty.
        drop(queue.recv().await);
        assert_eq!(handle.try_send_event("x".repeat(50)), Ok(()));
        assert_eq!(handle.statistics().event_bytes_queued, 10);
        drop(queue);
        assert!(matches!(
            handle.try_send_event("late".into()),
            Err(EventRefused::Full(_)) | Err(EventRefused::Closed(_))
        ));
    }

    #[tokio::test]
    async fn answers_past_the_budget_are_dropped_and_counted_per_burst() {
        let (handle, mut queue) = handle(10, 8);
        assert_eq!(handle.answer(1, &["done"]), AnswerOutcome::Queued);
        assert_eq!(handle.answer(1, &["line", "done"]), AnswerOutcome::Queued);
        assert_eq!(handle.statistics().answer_bytes_queued, 15);
        assert_eq!(
            handle.answer(1, &["done"]),
            AnswerOutcome::Dropped {
                total: 1,
                first_in_burst: true
            }
        );
        assert_eq!(
            handle.answer(1, &["done"]),
            AnswerOutcome::Dropped {
                total: 2,
                first_in_burst: false
            }
        );
        drop(queue.recv().await);
        drop(queue.recv().await);
        assert_eq!(handle.statistics().answer_bytes_queued, 0);
        assert_eq!(handle.answer(1, &["done"]), AnswerOutcome::Queued);
        drop(queue.recv().await);
        for _ in 0..2 {
            assert_eq!(handle.answer(1, &["0123456789"]), AnswerOutcome::Queued);
            drop(queue.recv().await);
        }
        assert_eq!(handle.statistics().answers_dropped, 2);
        drop(queue);
        assert_eq!(handle.answer(1, &["done"]), AnswerOutcome::Closed);
    }
}
