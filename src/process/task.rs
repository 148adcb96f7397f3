//! The supervisor of one helper: starts it, wires its three pipes to the writer and reader
//! tasks, forwards the hub's events and answers to the writer, restarts it by the respawn
//! policy, and stops it in order (shutdown notice, SIGTERM, SIGKILL).
//!
//! The supervisor never waits on the helper's pipes nor on the hub while a helper runs: its
//! own events to the hub wait in a small outbox that is emptied in the same `select!` that
//! takes the hub's commands, so the hub's answers always reach the writer's queue at once.
//! Must not parse commands or encode events (readers and `api` do).

use std::collections::VecDeque;
use std::process::ExitStatus;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use tokio::process::Child;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;

use super::channel::{HelperEvent, HelperState, ProcCmd, ProcEvent};
use super::handle::{ProcessHandle, Shared};
use super::policy::{StartHistory, SupervisionOptions};
use super::reader::{StdoutContext, read_stderr, read_stdout};
use super::spawn;
use super::writer::{Outgoing, write_stdin};
use crate::config::model::Process;

/// How long the lines a stopped helper wrote may take to reach the hub before the reader is
/// abandoned (the hub may itself be stopping and no longer reading).
const STOP_DRAIN: Duration = Duration::from_secs(1);

/// Starts supervising `process`: it is started at once. Events go to `events` (shared by
/// every helper; the hub tells them apart by [`HelperEvent::helper`]).
pub fn spawn_process(
    process: Process,
    options: SupervisionOptions,
    events: mpsc::Sender<HelperEvent>,
) -> ProcessHandle {
    let helper: Arc<str> = Arc::from(process.name.as_str());
    let shared = Arc::new(Shared::new(
        options.event_queue_bytes,
        options.answer_queue_bytes,
    ));
    let (sender, commands) = mpsc::unbounded_channel();
    let (state_sender, state) = watch::channel(HelperState::Starting);
    let host = options.host_name.clone().unwrap_or_else(spawn::host_name);
    let supervisor = Supervisor {
        helper: helper.clone(),
        process,
        options,
        host,
        commands,
        events,
        outbox: VecDeque::new(),
        shared: shared.clone(),
        state: state_sender,
        history: StartHistory::new(),
        incarnation: 0,
    };
    let task = tokio::spawn(supervisor.run());
    ProcessHandle::new(helper, sender, shared, state, task)
}

/// What the supervisor does next.
enum Next {
    /// Wait this long (handling commands), then start the helper.
    Start(Duration),
    /// Not running; wait for `Restart` or `Stop`.
    Idle,
    Finish,
}

/// What woke the running loop.
enum Wake<'a> {
    Command(Option<ProcCmd>),
    Exited(Option<ExitStatus>),
    ReaderDone,
    /// Room in the hub's channel for the outbox's first event (`None`: the hub is gone).
    Outbox(Option<mpsc::Permit<'a, HelperEvent>>),
    /// The restart delay is over.
    Timer,
}

/// A task handle that aborts its task when dropped.
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

struct Supervisor {
    helper: Arc<str>,
    process: Process,
    options: SupervisionOptions,
    host: String,
    commands: mpsc::UnboundedReceiver<ProcCmd>,
    events: mpsc::Sender<HelperEvent>,
    outbox: VecDeque<ProcEvent>,
    shared: Arc<Shared>,
    state: watch::Sender<HelperState>,
    history: StartHistory,
    incarnation: u64,
}

impl Supervisor {
    async fn run(mut self) {
        let mut next = Next::Start(Duration::ZERO);
        loop {
            next = match next {
                Next::Start(delay) => match self.between_runs(Some(delay)).await {
                    Next::Start(_) => self.run_once().await,
                    other => other,
                },
                Next::Idle => self.between_runs(None).await,
                Next::Finish => break,
            };
        }
        self.state.send_replace(HelperState::Stopped);
        self.shared.event_budget.close();
        self.commands.close();
        while let Ok(command) = self.commands.try_recv() {
            self.discard(command);
        }
        self.outbox.push_back(ProcEvent::Stopped);
        while let Some(event) = self.outbox.pop_front() {
            let event = HelperEvent {
                helper: self.helper.clone(),
                event,
            };
            if self.events.send(event).await.is_err() {
                break;
            }
        }
    }

    /// The helper is not running: wait `delay` (`None`: until told), handling commands and
    /// emptying the outbox, which must be empty before a start (so that the last run's
    /// `Exited` comes before the next `Started`).
    async fn between_runs(&mut self, delay: Option<Duration>) -> Next {
        let deadline = delay.map(|delay| tokio::time::Instant::now() + delay);
        let mut restart = false;
        // A local sender, so that a reserved slot does not borrow `self`.
        let hub = self.events.clone();
        loop {
            let due = restart || deadline.is_some_and(|at| tokio::time::Instant::now() >= at);
            if due && self.outbox.is_empty() {
                return Next::Start(Duration::ZERO);
            }
            let sleep_until = deadline.unwrap_or_else(far_future);
            let wake = tokio::select! {
                command = self.commands.recv() => Wake::Command(command),
                permit = hub.reserve(), if !self.outbox.is_empty() => {
                    Wake::Outbox(permit.ok())
                }
                _ = tokio::time::sleep_until(sleep_until), if !due => Wake::Timer,
            };
            match wake {
                Wake::Command(None | Some(ProcCmd::Stop)) => return Next::Finish,
                Wake::Command(Some(ProcCmd::Restart)) => {
                    self.history.clear();
                    restart = true;
                }
                Wake::Command(Some(other)) => self.discard(other),
                Wake::Outbox(permit) => send_from_outbox(&mut self.outbox, &self.helper, permit),
                Wake::Exited(_) | Wake::ReaderDone | Wake::Timer => {}
            }
        }
    }

    /// One run of the helper, from its start to its exit (or a stop or restart).
    async fn run_once(&mut self) -> Next {
        self.incarnation = self.incarnation.saturating_add(1);
        let incarnation = self.incarnation;
        self.history.record(Instant::now());
        self.shared.starts.fetch_add(1, Ordering::Relaxed);
        self.state.send_replace(HelperState::Starting);
        let mut child = match spawn::spawn(&self.process) {
            Ok(child) => child,
            Err(error) => {
                self.outbox.push_back(ProcEvent::StartFailed {
                    error: error.message,
                });
                return self.after_exit();
            }
        };
        let pid = child.id().unwrap_or(0);
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            // Cannot happen: all three are piped. Dropping the child kills it.
            self.outbox.push_back(ProcEvent::StartFailed {
                error: "the helper's pipes could not be set up".to_string(),
            });
            return self.after_exit();
        };
        self.state
            .send_replace(HelperState::Running { incarnation, pid });
        let (to_writer, writer_queue) = mpsc::unbounded_channel();
        let _writer = AbortOnDrop(tokio::spawn(write_stdin(stdin, writer_queue)));
        let (exited_sender, exited) = watch::channel(false);
        let context = StdoutContext {
            helper: self.helper.clone(),
            incarnation,
            pid,
            limit: self.options.line_limit,
            events: self.events.clone(),
            shared: self.shared.clone(),
        };
        let mut reader = AbortOnDrop(tokio::spawn(read_stdout(stdout, context, exited)));
        // Ends by itself at the end of the stream.
        tokio::spawn(read_stderr(
            stderr,
            self.helper.clone(),
            self.events.clone(),
        ));

        let mut status = None;
        let mut collected = false;
        let mut reader_done = false;
        let hub = self.events.clone();
        while !(collected && reader_done) {
            let wake = tokio::select! {
                command = self.commands.recv() => Wake::Command(command),
                result = child.wait(), if !collected => Wake::Exited(result.ok()),
                _ = &mut reader.0, if !reader_done => Wake::ReaderDone,
                permit = hub.reserve(), if !self.outbox.is_empty() => {
                    Wake::Outbox(permit.ok())
                }
            };
            match wake {
                Wake::Command(Some(ProcCmd::Event(event))) => {
                    self.forward(&to_writer, Outgoing::Event(event));
                }
                Wake::Command(Some(ProcCmd::Answer(answer))) => {
                    if answer.incarnation == incarnation {
                        self.forward(&to_writer, Outgoing::Answer(answer));
                    } else {
                        self.shared.lines_discarded.fetch_add(1, Ordering::Relaxed);
                    }
                }
                Wake::Command(None | Some(ProcCmd::Stop)) => {
                    let notice = spawn::shutdown_notice(&self.process, &self.host);
                    let status = self.terminate(&mut child, Some(notice), &to_writer).await;
                    self.finish_reader(&exited_sender, reader, reader_done)
                        .await;
                    self.outbox.push_back(ProcEvent::Exited {
                        incarnation,
                        status,
                    });
                    return Next::Finish;
                }
                Wake::Command(Some(ProcCmd::Restart)) => {
                    let status = self.terminate(&mut child, None, &to_writer).await;
                    self.finish_reader(&exited_sender, reader, reader_done)
                        .await;
                    self.outbox.push_back(ProcEvent::Exited {
                        incarnation,
                        status,
                    });
                    self.history.clear();
                    return Next::Start(Duration::ZERO);
                }
                Wake::Exited(result) => {
                    collected = true;
                    status = result;
                    let _ = exited_sender.send(true);
                }
                Wake::ReaderDone => reader_done = true,
                Wake::Timer => {}
                Wake::Outbox(permit) => send_from_outbox(&mut self.outbox, &self.helper, permit),
            }
        }
        self.outbox.push_back(ProcEvent::Exited {
            incarnation,
            status,
        });
        self.after_exit()
    }

    /// After a run ended by itself: respawn, or not.
    fn after_exit(&mut self) -> Next {
        let policy = self.options.respawn;
        if !(policy.enabled && self.process.respawn) {
            self.state.send_replace(HelperState::Exited);
            return Next::Idle;
        }
        match self.history.next_start(Instant::now(), &policy) {
            Some(delay) => {
                self.state.send_replace(HelperState::Respawning);
                self.outbox.push_back(ProcEvent::Respawning { delay });
                Next::Start(delay)
            }
            None => {
                self.state.send_replace(HelperState::GivenUp);
                self.outbox.push_back(ProcEvent::GaveUp {
                    starts: policy.max_starts,
                    window: policy.window,
                });
                Next::Idle
            }
        }
    }

    fn forward(&self, to_writer: &mpsc::UnboundedSender<Outgoing>, item: Outgoing) {
        if to_writer.send(item).is_err() {
            // The writer ended (the helper closed its stdin): the line is dropped, its bytes
            // given back.
            self.shared.lines_discarded.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn discard(&self, command: ProcCmd) {
        if matches!(command, ProcCmd::Event(_) | ProcCmd::Answer(_)) {
            self.shared.lines_discarded.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Stops the helper: the notice (if any), then SIGTERM to its process group, then
    /// SIGKILL after the grace period. Returns its exit status when it could be collected.
    async fn terminate(
        &mut self,
        child: &mut Child,
        notice: Option<String>,
        to_writer: &mpsc::UnboundedSender<Outgoing>,
    ) -> Option<ExitStatus> {
        self.state.send_replace(HelperState::Stopping);
        let timing = self.options.termination;
        if let Some(mut text) = notice {
            // The writer adds the newline, as ExaBGP's `write()` does.
            text.push('\n');
            let (written, was_written) = oneshot::channel();
            if to_writer.send(Outgoing::Notice { text, written }).is_ok() {
                tokio::select! {
                    result = child.wait() => return result.ok(),
                    _ = tokio::time::timeout(timing.notice_write_timeout, was_written) => {}
                }
                if let Ok(result) = tokio::time::timeout(timing.notice_wait, child.wait()).await {
                    return result.ok();
                }
            }
        }
        signal_group(child, Signal::SIGTERM);
        if let Ok(result) = tokio::time::timeout(timing.grace, child.wait()).await {
            return result.ok();
        }
        signal_group(child, Signal::SIGKILL);
        match tokio::time::timeout(timing.kill_wait, child.wait()).await {
            Ok(result) => result.ok(),
            Err(_) => None,
        }
    }

    /// Lets the stdout reader hand over what the helper wrote before it stopped, for at most
    /// [`STOP_DRAIN`], emptying the outbox meanwhile.
    async fn finish_reader(
        &mut self,
        exited: &watch::Sender<bool>,
        mut reader: AbortOnDrop,
        reader_done: bool,
    ) {
        let _ = exited.send(true);
        if reader_done {
            return;
        }
        let _ = tokio::time::timeout(STOP_DRAIN, &mut reader.0).await;
    }
}

/// Sends `signal` to the helper's process group, if the helper has not been reaped (its
/// pid, which is also the group's id, cannot have been reused before that).
fn signal_group(child: &mut Child, signal: Signal) {
    let Some(pid) = child.id().and_then(|pid| i32::try_from(pid).ok()) else {
        return;
    };
    if killpg(Pid::from_raw(pid), signal).is_err() && signal == Signal::SIGKILL {
        let _ = child.start_kill();
    }
}

/// Sends the outbox's first event with `permit`; without one (the hub is gone) the events
/// are moot and dropped.
fn send_from_outbox(
    outbox: &mut VecDeque<ProcEvent>,
    helper: &Arc<str>,
    permit: Option<mpsc::Permit<'_, HelperEvent>>,
) {
    match permit {
        Some(permit) => {
            if let Some(event) = outbox.pop_front() {
                permit.send(HelperEvent {
                    helper: helper.clone(),
                    event,
                });
            }
        }
        None => outbox.clear(),
    }
}

fn far_future() -> tokio::time::Instant {
    tokio::time::Instant::now() + Duration::from_secs(86_400 * 365)
}
