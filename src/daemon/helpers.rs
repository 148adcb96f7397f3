//! The hub's side of its helper programs: starts every configured `process` with
//! `process::spawn_process`, turns their [`HelperEvent`]s into commands for the hub (and
//! logs their stderr, starts and exits), answers commands with acks per helper
//! ([`AckState`]), feeds them the neighbor events they subscribed to ([`HelperFeed`]) and
//! stops them in order. Must not plan commands or touch peers: the hub does.
//!
//! Back-pressure (process/mod.rs, "Flow control"; docs/architecture.md, "Back-pressure"):
//! events are queued with `try_send_event`. When a helper's event budget is full, the
//! refused line and every later line for that helper wait here, in order, in its `pending`
//! queue: the helper is *congested* ([`Helpers::congested_helpers`]). The hub then holds
//! the socket reads of the peers whose events go to that helper (`hold`), and only those,
//! while it keeps taking every peer's events, so the other peers and helpers go on; it
//! waits with [`Helpers::room`] until a congested helper has read enough, and releases the
//! peers once no congested helper needs them held. Memory stays bounded: a held peer stops
//! producing events within one socket read, so `pending` holds at most what was already in
//! flight; should a helper's `pending` still pass [`PENDING_BYTES_LIMIT`], the hub stops
//! taking any peer event ([`Helpers::overflowing`]) until it is back under the limit.

use std::collections::{BTreeMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;

use crate::api::command::{AckOutcome, AckState, Command};
use crate::api::json::NeighborView;
use crate::config::{Config, Neighbor, Process};
use crate::peer::PeerEvent;
use crate::process::{
    AnswerOutcome, EventRefused, HelperEvent, ProcEvent, ProcessHandle, SupervisionOptions,
    spawn_process,
};

use super::commands::CommandReply;
use super::helper_feed::HelperFeed;

/// How many helper events the hub's channel holds.
pub const HELPER_EVENT_CAPACITY: usize = 1024;
/// How long each helper gets to stop at shutdown, beyond its own grace period.
pub const HELPER_STOP_TIMEOUT: Duration = Duration::from_secs(5);
/// Bytes of lines waiting for one helper's room above which the hub stops taking any peer
/// event (the last resort of the back-pressure; holding the helper's peers comes first).
pub const PENDING_BYTES_LIMIT: usize = 16 * 1024 * 1024;

struct Helper {
    handle: Arc<ProcessHandle>,
    feed: HelperFeed,
    ack: AckState,
    pending: VecDeque<String>,
    /// The helper's `respawn`: without it, an exit is final.
    respawn: bool,
    /// Restarted on request: the next exit is not a departure.
    restarting: bool,
    /// The bytes of `pending`.
    pending_bytes: usize,
    /// Whether this helper has been congested before (the first time is logged at info).
    congested_before: bool,
    /// Started and not exited since (from its events).
    running: bool,
}

/// A command a helper wrote, for the hub to execute.
#[derive(Debug)]
pub struct HelperCommand {
    pub helper: String,
    pub incarnation: u64,
    pub command: Command,
}

/// Every helper of one speaker.
pub struct Helpers {
    helpers: BTreeMap<String, Helper>,
    pub events: mpsc::Receiver<HelperEvent>,
    /// For helpers started later (a reload).
    sender: mpsc::Sender<HelperEvent>,
    host: String,
    /// Helpers gone for good (given up, or exited without `respawn`), for the hub's
    /// `on-exit` policy.
    departed: Vec<String>,
}

impl Helpers {
    /// Starts every helper of `config`.
    pub fn start(config: &Config, host: &str) -> Helpers {
        let (sender, events) = mpsc::channel(HELPER_EVENT_CAPACITY);
        let mut helpers = Helpers {
            helpers: BTreeMap::new(),
            events,
            sender,
            host: host.to_owned(),
            departed: Vec::new(),
        };
        for process in &config.processes {
            helpers.add(process);
        }
        helpers
    }

    /// Starts one helper (a new one, or a new run of a changed one: [`Helpers::remove`] it
    /// first).
    pub fn add(&mut self, process: &Process) {
        let options = SupervisionOptions {
            host_name: Some(self.host.clone()),
            ..SupervisionOptions::default()
        };
        let handle = spawn_process(process.clone(), options, self.sender.clone());
        tracing::info!("helper {}: started {:?}", process.name, process.run);
        self.helpers.insert(
            process.name.clone(),
            Helper {
                handle: Arc::new(handle),
                feed: HelperFeed::new(process, &self.host),
                ack: AckState::new(true),
                pending: VecDeque::new(),
                respawn: process.respawn,
                restarting: false,
                pending_bytes: 0,
                congested_before: false,
                running: false,
            },
        );
    }

    /// Stops a helper (shutdown notice, SIGTERM, SIGKILL, in its task) and forgets it: its
    /// last events are still logged, its commands no longer executed. False when no helper
    /// has that name.
    pub fn remove(&mut self, name: &str) -> bool {
        match self.helpers.remove(name) {
            Some(helper) => {
                helper.handle.stop();
                true
            }
            None => false,
        }
    }

    /// Restarts every helper (SIGUSR2): a new run of each, with a fresh respawn budget.
    pub fn restart_all(&mut self) {
        for (name, helper) in &mut self.helpers {
            tracing::info!("helper {name}: restarting");
            helper.pending.clear();
            helper.pending_bytes = 0;
            helper.restarting = true;
            helper.handle.restart();
        }
    }

    /// The helpers gone for good since the last call.
    pub fn take_departed(&mut self) -> Vec<String> {
        std::mem::take(&mut self.departed)
    }

    /// Handles one helper event: logs it, answers unparsable lines, and returns the command
    /// to execute, if any. Events of a run that was stopped or replaced (by a reload) are
    /// only logged.
    pub fn event(&mut self, event: HelperEvent) -> Option<HelperCommand> {
        let name = event.helper.to_string();
        let current = self
            .helpers
            .get(&name)
            .is_some_and(|helper| Arc::ptr_eq(&helper.handle.helper, &event.helper));
        if !current {
            match event.event {
                ProcEvent::Command { command, .. } => {
                    tracing::debug!("helper {name} (stopped run): `{command}` ignored")
                }
                ProcEvent::Stderr { line } => {
                    tracing::info!(helper = %name, "helper {name}: {line}")
                }
                ProcEvent::Stopped => tracing::info!("helper {name}: stopped"),
                other => tracing::debug!("helper {name} (stopped run): {other:?}"),
            }
            return None;
        }
        if let ProcEvent::GaveUp { .. } = event.event {
            self.departed.push(name.clone());
        }
        if let Some(helper) = self.helpers.get_mut(&name) {
            match event.event {
                ProcEvent::Exited { .. } if !helper.respawn && !helper.restarting => {
                    self.departed.push(name.clone());
                }
                ProcEvent::Started { .. } => helper.restarting = false,
                _ => {}
            }
        }
        let running = match &event.event {
            ProcEvent::Started { .. } => Some(true),
            ProcEvent::StartFailed { .. }
            | ProcEvent::Exited { .. }
            | ProcEvent::GaveUp { .. }
            | ProcEvent::Stopped => Some(false),
            _ => None,
        };
        if let (Some(running), Some(helper)) = (running, self.helpers.get_mut(&name)) {
            helper.running = running;
        }
        match event.event {
            ProcEvent::Command {
                incarnation,
                command,
                ..
            } => {
                return Some(HelperCommand {
                    helper: name,
                    incarnation,
                    command: *command,
                });
            }
            ProcEvent::Unparsable {
                incarnation,
                line,
                error,
            } => {
                tracing::warn!("helper {name}: cannot understand \"{line}\": {error}");
                if let Some(helper) = self.helpers.get(&name)
                    && let Some(ack) = helper.ack.ack(AckOutcome::Error)
                {
                    log_answer(&name, helper.handle.answer(incarnation, &[ack]));
                }
            }
            // The name is in the text too: on stderr the `helper` field is not printed.
            ProcEvent::Stderr { line } => tracing::info!(helper = %name, "helper {name}: {line}"),
            ProcEvent::Started { pid, .. } => tracing::info!("helper {name}: running, pid {pid}"),
            ProcEvent::StartFailed { error } => {
                tracing::error!("helper {name}: cannot start: {error}")
            }
            ProcEvent::Exited { status, .. } => {
                tracing::warn!("helper {name}: exited ({status:?})")
            }
            ProcEvent::Respawning { delay } => {
                tracing::info!("helper {name}: restarting in {delay:?}")
            }
            ProcEvent::GaveUp { starts, window } => tracing::error!(
                "helper {name}: given up after {starts} starts within {window:?}; sessions stay up"
            ),
            ProcEvent::Stopped => tracing::info!("helper {name}: stopped"),
        }
        None
    }

    /// Sends the answer to a command of `helper`: its output lines, then the ack its
    /// [`AckState`] asks for (the ack commands change that state first).
    pub fn answer(&mut self, command: &HelperCommand, reply: &CommandReply) {
        let Some(helper) = self.helpers.get_mut(&command.helper) else {
            return;
        };
        let mut lines: Vec<&str> = reply.lines.iter().map(String::as_str).collect();
        if reply.outcome == AckOutcome::Error {
            // The reason goes to the log; ExaBGP writes only the ack.
            tracing::warn!(
                "helper {}: `{}` failed: {}",
                command.helper,
                command.command,
                reply.lines.join("; ")
            );
            lines.clear();
        }
        if let Some(ack) = helper.ack.respond(&command.command, reply.outcome) {
            lines.push(ack);
        }
        log_answer(
            &command.helper,
            helper.handle.answer(command.incarnation, &lines),
        );
    }

    /// Encodes `event` for every helper and queues the lines (see the module's notes on
    /// back-pressure).
    pub fn neighbor_event(&mut self, neighbor: &Neighbor, view: &NeighborView, event: &PeerEvent) {
        for helper in self.helpers.values_mut() {
            let lines = helper.feed.encode(neighbor, view, event);
            helper.pending_bytes = lines.iter().fold(helper.pending_bytes, |bytes, line| {
                bytes.saturating_add(line.len())
            });
            helper.pending.extend(lines);
            flush(helper);
        }
    }

    /// Queues lines that are not neighbor events (a `signal`) for every helper, as
    /// [`Helpers::neighbor_event`] does.
    pub fn queue_lines(&mut self, mut encode: impl FnMut(&mut HelperFeed) -> Vec<String>) {
        for helper in self.helpers.values_mut() {
            let lines = encode(&mut helper.feed);
            helper.pending_bytes = lines.iter().fold(helper.pending_bytes, |bytes, line| {
                bytes.saturating_add(line.len())
            });
            helper.pending.extend(lines);
            flush(helper);
        }
    }

    /// True while some helper has lines waiting for room.
    pub fn congested(&self) -> bool {
        self.helpers
            .values()
            .any(|helper| !helper.pending.is_empty())
    }

    /// The names of the helpers with lines waiting for room.
    pub fn congested_helpers(&self) -> Vec<&str> {
        self.helpers
            .iter()
            .filter(|(_, helper)| !helper.pending.is_empty())
            .map(|(name, _)| name.as_str())
            .collect()
    }

    /// True while some helper has more than [`PENDING_BYTES_LIMIT`] bytes waiting: the hub
    /// then takes no peer event at all.
    pub fn overflowing(&self) -> bool {
        self.helpers
            .values()
            .any(|helper| helper.pending_bytes > PENDING_BYTES_LIMIT)
    }

    /// How many helper programs are running now (as their events told).
    pub fn running(&self) -> usize {
        self.helpers
            .values()
            .filter(|helper| helper.running)
            .count()
    }

    /// The first time `name` is congested: true once (for a log line at info level).
    pub fn first_congestion(&mut self, name: &str) -> bool {
        match self.helpers.get_mut(name) {
            Some(helper) if !helper.congested_before => {
                helper.congested_before = true;
                true
            }
            _ => false,
        }
    }

    /// A future that ends when any congested helper has room for its next line (pending
    /// forever when none is congested). Owns what it needs, for a `select!`.
    pub fn room(&self) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        let mut waiting: Vec<Pin<Box<dyn Future<Output = ()> + Send>>> = self
            .helpers
            .values()
            .filter_map(|helper| {
                let length = helper.pending.front()?.len();
                let handle = helper.handle.clone();
                Some(Box::pin(async move { handle.wait_for_event_room(length).await }) as _)
            })
            .collect();
        if waiting.is_empty() {
            return Box::pin(std::future::pending());
        }
        Box::pin(std::future::poll_fn(move |context| {
            for future in waiting.iter_mut() {
                if future.as_mut().poll(context).is_ready() {
                    return std::task::Poll::Ready(());
                }
            }
            std::task::Poll::Pending
        }))
    }

    /// Queues what the congested helpers have room for now.
    pub fn flush_pending(&mut self) {
        for helper in self.helpers.values_mut() {
            flush(helper);
        }
    }

    /// Stops every helper in order (shutdown notice, SIGTERM, SIGKILL), logging their last
    /// events, each bounded by [`HELPER_STOP_TIMEOUT`].
    pub async fn stop(mut self) {
        let helpers = std::mem::take(&mut self.helpers);
        for (name, helper) in helpers {
            helper.handle.stop();
            let Ok(handle) = Arc::try_unwrap(helper.handle) else {
                continue;
            };
            let joining = handle.join();
            tokio::pin!(joining);
            let deadline = tokio::time::sleep(HELPER_STOP_TIMEOUT);
            tokio::pin!(deadline);
            loop {
                tokio::select! {
                    _ = &mut joining => break,
                    Some(event) = self.events.recv() => { self.event(event); }
                    () = &mut deadline => {
                        tracing::warn!("helper {name}: still running after {HELPER_STOP_TIMEOUT:?}");
                        break;
                    }
                }
            }
        }
        while let Ok(event) = self.events.try_recv() {
            self.event(event);
        }
    }
}

/// Queues pending lines while the helper takes them.
fn flush(helper: &mut Helper) {
    while let Some(line) = helper.pending.pop_front() {
        let length = line.len();
        match helper.handle.try_send_event(line) {
            Ok(()) => helper.pending_bytes = helper.pending_bytes.saturating_sub(length),
            Err(EventRefused::Full(line)) => {
                helper.pending.push_front(line);
                return;
            }
            Err(EventRefused::Closed(_)) => {
                helper.pending.clear();
                helper.pending_bytes = 0;
                return;
            }
        }
    }
}

fn log_answer(name: &str, outcome: AnswerOutcome) {
    if let AnswerOutcome::Dropped {
        total,
        first_in_burst: true,
    } = outcome
    {
        tracing::warn!("helper {name}: does not read its acks; answers dropped ({total} so far)");
    }
}
