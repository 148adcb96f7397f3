//! The helpers: one tokio task per configured helper program (ExaBGP's `process`), talking
//! to the hub through a [`ProcessHandle`] (events and answers in, stop and restart) and a
//! bounded channel of [`HelperEvent`]s out (commands, parse errors, stderr lines, starts,
//! exits, give-ups). Must not execute commands, look at peers or encode BGP events: the hub
//! (`daemon`) does that with `api`; this module moves lines and supervises processes.
//!
//! Files: `spawn` (argv, environment, process group, shutdown notice), `policy` (respawn
//! budget and timings), `lines` (bounded line splitting), `reader` (stdout and stderr tasks),
//! `writer` (the stdin task), `task` (the supervisor), `handle` (the hub's side, budgets),
//! `channel` (the values exchanged).
//!
//! # Lifecycle (ExaBGP reference §1.2, §1.3)
//!
//! - Started at once by [`spawn_process`]: argv executed without a shell, in the configured
//!   working directory, in its own process group, with the daemon's environment minus
//!   `NOTIFY_SOCKET`, `WATCHDOG_USEC`, `WATCHDOG_PID`, plus `TERM=dumb` (as ExaBGP) and the
//!   configured variables. stderr is read line by line and handed out as
//!   [`ProcEvent::Stderr`], tagged with the helper's name, for the hub to log.
//! - When it exits: `ProcEvent::Exited` (after every line it wrote), then, if `respawn` is on
//!   (the helper's setting AND [`RespawnPolicy::enabled`]), `Respawning` and a new start after
//!   the configured delay (ExaBGP: none). At most [`RespawnPolicy::max_starts`] starts (5) in
//!   any [`RespawnPolicy::window`] (64 s, sliding, where ExaBGP uses aligned buckets): the
//!   start that would be the 6th is not made, `ProcEvent::GaveUp` is sent and the state is
//!   `GivenUp` (ExaBGP stops the whole daemon instead; here sessions are untouched). With
//!   `respawn false` the state is `Exited`. Either way `restart()` starts it again with a
//!   fresh budget. A program that cannot be started (`StartFailed`) counts as a start.
//! - `stop()` (or dropping the handle): the shutdown notice in the helper's encoder format
//!   (JSON `{"type": "notification", "notification": "shutdown"}` envelope, or text
//!   `shutdown <pid> <ppid>`) is queued after the events already queued; once it is written
//!   (at most `notice_write_timeout`, 1 s) the helper has `notice_wait` (0.1 s, ExaBGP's
//!   sleep) to exit; then SIGTERM to its process group, SIGKILL to the group after `grace`
//!   (2 s, ExaBGP 5.0's timeout). `restart()` does the same without the notice (as ExaBGP's
//!   reload does). Signals go to the group only while the helper is not yet reaped, so a
//!   reused pid is never signalled. `Exited` then `Stopped` end the event stream.
//!
//! # Flow control (architecture.md, "Never block a session on a helper")
//!
//! Helper to hub (its stdout): lines of at most `line_limit` bytes (1 MiB, ExaBGP's
//! `MAX_COMMAND_SIZE`); a longer line becomes one `Unparsable` event quoting its beginning,
//! the rest of it is skipped as it is read (never held), and the next line parses normally
//! (ExaBGP 5.0 kills and respawns such a helper instead). A partial last line at the end of
//! the stream is dropped, as under ExaBGP.
//! Each line is parsed with `api::command::parse_command` and sent on the hub's bounded
//! channel with a waiting send. When the hub is slow the reader waits there and reads
//! nothing: the pipe fills (64 KiB) and the helper blocks in `write`. Backpressure, not
//! loss; memory per helper on this side is one 64 KiB read buffer, at most one partial line
//! (≤ the limit) and one event in hand.
//!
//! Hub to helper (its stdin): events and answers share one FIFO, written in the order the
//! hub queued them, by a writer task that is the only thing ever waiting on the stdin pipe.
//! The supervisor and the stdout reader never wait on it, so the helper's commands keep
//! flowing whatever happens to its stdin. The FIFO has two byte budgets:
//!
//! - Answers (`done`/`error` and `show` output, ExaBGP's acks): the hub queues them with
//!   [`ProcessHandle::answer`], which never waits. While the queued answers hold less than
//!   `answer_queue_bytes` (1 MiB), an answer is queued; once they hold that much, the answer
//!   is dropped and counted (`answers_dropped`; the first drop of a burst is flagged so the
//!   hub logs once per burst). So a helper that never reads its stdin, with acks on, can
//!   send any number of commands: after 64 KiB of acks in the pipe and 1 MiB queued, later
//!   acks are dropped instead of freezing everything (ExaBGP freezes near 13k routes here).
//!   Dropping acks is the right loss: the helper demonstrably does not read them, an ack
//!   carries no state (the command was executed either way), and the alternative (waiting)
//!   would stall the helper's own commands, or (unbounded queue) exhaust memory.
//! - Events (encoded BGP events): never dropped while the helper runs. Queued events may hold
//!   at most `event_queue_bytes` (4 MiB; an event larger than that goes alone). When the
//!   budget is spent, [`ProcessHandle::try_send_event`] refuses with
//!   [`EventRefused::Full`] (giving the line back) and [`ProcessHandle::send_event`] waits
//!   until the helper has read enough; [`ProcessHandle::wait_for_event_room`] waits for room
//!   without taking it, for a `select!`. The hub is expected to stop taking events from the
//!   peers feeding this helper meanwhile, so that their tasks stop reading their sockets and
//!   TCP pushes back on the BGP peers, while KEEPALIVEs still go out. The hub must keep
//!   draining the helper's `HelperEvent`s while it waits, or a helper that blocks writing
//!   commands while the hub blocks sending it events would deadlock them both.
//!
//! Events and answers queued for a helper run that has ended are discarded (counted as
//! `lines_discarded`), as are answers for an earlier run (each carries its run's
//! `incarnation`). The budgets are given back as lines are written or discarded.

mod channel;
mod handle;
mod lines;
mod policy;
mod reader;
mod spawn;
mod task;
mod writer;

pub use channel::{HelperEvent, HelperState, ProcCmd, ProcEvent, QueuedAnswer, QueuedEvent};
pub use handle::{AnswerOutcome, EventRefused, ProcessHandle, ProcessStatistics};
pub use lines::{LineItem, LineReader};
pub use policy::{
    DEFAULT_ANSWER_QUEUE_BYTES, DEFAULT_EVENT_QUEUE_BYTES, EXABGP_MAX_STARTS,
    EXABGP_RESPAWN_WINDOW, RespawnPolicy, RestartDelay, StartHistory, SupervisionOptions,
    TerminationPolicy,
};
pub use reader::EXIT_DRAIN_IDLE;
pub use spawn::{
    REMOVED_VARIABLES, SpawnError, host_name, shutdown_notice, unblock_signals_in_child,
};
pub use task::spawn_process;
