//! The hub of one speaker (one configuration file): it owns the running [`Config`], the
//! registry of peer tasks and the listeners' view of known neighbors, routes accepted
//! connections to their peer, hands static routes to each peer's Adj-RIB-Out (re-resolving
//! `next-hop self` when the session's local address becomes known), fans neighbor events out
//! to the subscribers, carries out commands, and stops every peer with Cease 2 and an
//! RFC 9003 message (or, where graceful restart was negotiated, by closing the connection:
//! `daemon::graceful`).
//!
//! One task, one owner: nothing here is shared behind a lock. The hub never waits on a peer
//! (commands go with `try_send` into bounded channels; what a full one cannot take waits in
//! `peer_backlog`) and never on a subscriber (they queue); while a helper's event queue is
//! full it holds the socket reads of the peers that feed that helper (see `pressure`), and
//! stops taking peer events only past the last-resort bound of `helpers`. Starting a speaker
//! is in `hub/start.rs`, hot reload in `hub/reload.rs`. Must not speak BGP or parse text;
//! the file is read only by `daemon::reload` (`read`, `load`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::api::command::Command;
use crate::api::json::NeighborView;
use crate::config::{Config, Neighbor};
use crate::peer::{
    Accepted, NeighborEvent, NeighborId, PeerCmd, PeerEvent, PeerHandle, RouteChange,
};
use crate::rib::{AttributeStore, Owner};

use super::commands::{
    CommandReply, HubCmd, PeerView, Plan, SHUTDOWN_MESSAGE, plan, shutdown_command,
};
use super::control::ControlLink;
use super::fan_out::{EventSubscriber, fan_out};
use super::helpers::Helpers;
use super::listen::RunningListener;
use super::peer_backlog::PeerBacklog;
use super::pressure::ReadHolds;
use super::routes::{static_routes_watched, uses_self_address};
use crate::process::{HelperEvent, ProcEvent};
use crate::session::State;

mod holds;
mod reload;
mod show;
mod signal;
mod start;
mod watchdog;

use start::spawn_neighbor;
pub use start::{Prepared, StartError, prepare, start};

pub use reload::ReloadReporter;

/// Events from all peers that the hub's channel holds.
pub const EVENT_CAPACITY: usize = 4096;
/// Commands (helper lines, accepted connections) the hub's channel holds.
pub const COMMAND_CAPACITY: usize = 1024;
/// How long the peers get to deliver their Cease and end, at shutdown.
pub const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(5);

/// The handle on a running speaker. Dropping it aborts the hub (the peer tasks then stop
/// with Cease 2 as their command channels close); [`SpeakerHandle::stop`] stops it cleanly.
#[derive(Debug)]
pub struct SpeakerHandle {
    name: String,
    commands: mpsc::Sender<HubCmd>,
    task: Option<JoinHandle<()>>,
}

impl SpeakerHandle {
    /// The speaker's name (the configuration file's name, in logs).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where helper and control-FIFO commands go.
    pub fn commands(&self) -> mpsc::Sender<HubCmd> {
        self.commands.clone()
    }

    /// Waits until the hub has ended (after a shutdown, or the `shutdown` command).
    pub async fn finished(&mut self) {
        if let Some(task) = self.task.as_mut() {
            let _ = task.await;
            self.task = None;
        }
    }

    /// Stops every peer with Cease 2 and `message` (RFC 9003), and waits for the hub to end
    /// (bounded by [`SHUTDOWN_TIMEOUT`] inside the hub).
    pub async fn stop(mut self, message: &str) {
        let _ = self
            .commands
            .send(HubCmd::Shutdown {
                message: message.to_owned(),
            })
            .await;
        self.finished().await;
    }
}

impl Drop for SpeakerHandle {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// What the hub knows of one neighbor besides its task.
struct PeerState {
    neighbor: Neighbor,
    /// The address `next-hop self` stands for (the configured or current local address).
    self_address: Option<IpAddr>,
    /// The local end of the current or last connection.
    local: Option<SocketAddr>,
}

impl PeerState {
    fn view(&self) -> NeighborView {
        let local_address = self
            .local
            .map(|local| local.ip())
            .or(self.neighbor.local_address)
            .or(self.self_address)
            .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
        NeighborView {
            local_address,
            peer_address: self.neighbor.address,
            local_as: self.neighbor.local_as,
            peer_as: self.neighbor.peer_as,
            router_id: Some(self.neighbor.router_id),
        }
    }
}

struct Hub {
    /// The running configuration (kept for reloads, which will diff against it).
    config: Config,
    peers: BTreeMap<NeighborId, PeerState>,
    handles: BTreeMap<NeighborId, PeerHandle>,
    by_address: HashMap<IpAddr, NeighborId>,
    store: AttributeStore,
    subscribers: Vec<Box<dyn EventSubscriber>>,
    events: mpsc::Receiver<NeighborEvent>,
    commands: mpsc::Receiver<HubCmd>,
    listeners: Vec<RunningListener>,
    /// Publishes the neighbors' addresses to the listeners.
    known: watch::Sender<Arc<HashSet<IpAddr>>>,
    /// The helper programs (taken at shutdown to stop them).
    helpers: Option<Helpers>,
    /// The control FIFO, while the hub runs.
    control: Option<ControlLink>,
    /// Each neighbor's FSM state and since when, for `show neighbor summary`.
    states: BTreeMap<NeighborId, (State, Instant)>,
    /// What a reload needs (hub/reload.rs).
    reload: reload::ReloadState,
    /// Where a stop is recorded for graceful restart (`graceful`).
    stop_recorder: super::graceful::StopRecorder,
    /// Which peers' socket reads are held for a congested helper.
    holds: ReadHolds,
    /// Commands the peers' channels could not take yet.
    backlog: PeerBacklog,
    /// The watchdog groups announced (`true`) or withdrawn by command, per neighbor.
    watchdogs: BTreeMap<NeighborId, BTreeMap<String, bool>>,
    /// The hub's own command channel, for answers prepared apart (`show`).
    myself: mpsc::WeakSender<HubCmd>,
}

/// The next helper event (never, without helpers).
async fn recv_helper(helpers: &mut Option<Helpers>) -> Option<HelperEvent> {
    match helpers {
        Some(helpers) => helpers.events.recv().await,
        None => std::future::pending().await,
    }
}

/// Sends a command to a peer without waiting; a full channel is logged. Used only at start,
/// on fresh channels: later commands go through `backlog`, which never drops one.
fn send(handle: &PeerHandle, command: PeerCmd) {
    if let Err(error) = handle.try_send(command) {
        tracing::warn!("peer {:?}: command not delivered: {error}", handle.neighbor);
    }
}

impl Hub {
    async fn run(mut self) {
        // WATCHDOG=1 is driven by this loop (systemd integration: src/systemd/watchdog.rs).
        let mut watchdog = crate::systemd::HubWatchdog::register();
        let message = loop {
            // While a helper's event queue is full, the peers that feed it are held (see
            // `pressure`) and the hub waits for room in any congested helper, still taking
            // the other peers' events, helper events and commands. Past the last-resort
            // bound (`helpers::PENDING_BYTES_LIMIT`) it takes no peer event at all.
            self.hold_peers();
            let (congested, overflowing, room) = match &self.helpers {
                Some(helpers) => (helpers.congested(), helpers.overflowing(), helpers.room()),
                None => (false, false, Box::pin(std::future::pending()) as _),
            };
            // Commands a peer's channel could not take wait in `backlog`; while it is full,
            // helper lines and commands wait in their own bounded channels.
            let backlogged = self.backlog.is_waiting();
            let accepting = !self.backlog.is_full();
            let peer_room = self.backlog.room(&self.handles);
            tokio::select! {
                () = watchdog.tick() => {}
                () = peer_room, if backlogged => self.backlog.flush(&self.handles),
                command = self.commands.recv(), if accepting => match command {
                    None => break SHUTDOWN_MESSAGE.to_owned(),
                    Some(HubCmd::Shutdown { message }) => break message,
                    Some(HubCmd::Incoming(accepted)) => self.incoming(accepted),
                    Some(HubCmd::Reload { trigger, restart_helpers, reply }) => {
                        let outcome = self.reload(trigger, restart_helpers);
                        if let Some(reply) = reply {
                            let _ = reply.send(outcome);
                        }
                    }
                    Some(HubCmd::Signal { number, name }) => self.signal(number, &name),
                    Some(HubCmd::HelperAnswer { command, reply }) => {
                        if let Some(helpers) = self.helpers.as_mut() {
                            helpers.answer(&command, &reply);
                        }
                    }
                    Some(HubCmd::Command { origin, command, reply }) => {
                        if self.command(&origin, &command, reply).shutdown {
                            break SHUTDOWN_MESSAGE.to_owned();
                        }
                    }
                },
                Some(helper_event) = recv_helper(&mut self.helpers), if accepting => {
                    if self.helper_event(helper_event) {
                        break SHUTDOWN_MESSAGE.to_owned();
                    }
                }
                () = room, if congested => {
                    if let Some(helpers) = self.helpers.as_mut() {
                        helpers.flush_pending();
                    }
                }
                Some(event) = self.events.recv(), if !overflowing => self.event(event),
            }
        };
        self.shutdown(&message).await;
    }

    /// Routes an accepted connection to its neighbor's task.
    fn incoming(&mut self, accepted: Accepted) {
        let Accepted { stream, remote } = accepted;
        let handle = self
            .by_address
            .get(&remote.ip())
            .and_then(|id| self.handles.get(id));
        match handle {
            Some(handle) => self
                .backlog
                .send(handle, PeerCmd::Incoming { stream, remote }),
            None => tracing::debug!("connection from {remote} closed: no such neighbor"),
        }
    }

    /// A helper event; true when its command asks the hub to stop.
    fn helper_event(&mut self, event: HelperEvent) -> bool {
        let lifecycle = !matches!(
            event.event,
            ProcEvent::Command { .. } | ProcEvent::Unparsable { .. } | ProcEvent::Stderr { .. }
        );
        let command = self
            .helpers
            .as_mut()
            .and_then(|helpers| helpers.event(event));
        if lifecycle {
            self.report_helpers();
        }
        let Some(command) = command else {
            self.helper_departures();
            return false;
        };
        let origin = Owner::Helper(command.helper.clone());
        if show::is_show_adj_rib(&command.command) {
            let asked = command.command.clone();
            self.show_adj_rib(&origin, &asked, show::AnswerTo::Helper(command));
            return false;
        }
        let plan = self.command(&origin, &command.command, None);
        if let Some(helpers) = self.helpers.as_mut() {
            helpers.answer(&command, &plan.reply);
        }
        self.helper_departures();
        plan.shutdown
    }

    /// Carries out a command, answers `reply` and returns the plan.
    fn command(
        &mut self,
        origin: &Owner,
        command: &Command,
        reply: Option<tokio::sync::oneshot::Sender<CommandReply>>,
    ) -> Plan {
        if let Some(plan) = self.reload_command(origin, command) {
            if let Some(reply) = reply {
                let _ = reply.send(plan.reply.clone());
            }
            return plan;
        }
        if show::is_show_adj_rib(command) {
            self.show_adj_rib(origin, command, show::AnswerTo::Control(reply));
            return Plan {
                actions: Vec::new(),
                shutdown: false,
                reply: CommandReply::done(),
            };
        }
        if let Command::Watchdog { action, name, .. } = command {
            let answer = self.watchdog(origin, *action, name.as_deref());
            if let Some(reply) = reply {
                let _ = reply.send(answer.clone());
            }
            return Plan {
                actions: Vec::new(),
                shutdown: false,
                reply: answer,
            };
        }
        let now = Instant::now();
        let views: Vec<PeerView<'_>> = self
            .peers
            .iter()
            .map(|(id, peer)| {
                let (state, since) = self
                    .states
                    .get(id)
                    .map(|(state, since)| (*state, now.saturating_duration_since(*since)))
                    .unwrap_or((State::Idle, Duration::ZERO));
                PeerView {
                    id: *id,
                    neighbor: &peer.neighbor,
                    self_address: peer.self_address,
                    state,
                    since,
                }
            })
            .collect();
        let plan = plan(origin, command, &views, &mut self.store);
        for (id, action) in plan.actions.iter().cloned() {
            if let Some(handle) = self.handles.get(&id) {
                for peer_command in action.commands() {
                    self.backlog.send(handle, peer_command);
                }
            }
        }
        if let Some(reply) = reply {
            let _ = reply.send(plan.reply.clone());
        }
        Plan {
            actions: Vec::new(),
            ..plan
        }
    }

    fn event(&mut self, tagged: NeighborEvent) {
        let NeighborEvent {
            neighbor: id,
            event,
        } = tagged;
        if let PeerEvent::Connected {
            local: Some(local), ..
        } = &event
        {
            self.local_address_known(id, *local);
        }
        if let PeerEvent::StateChanged { to, .. } = &event {
            self.states.insert(id, (*to, Instant::now()));
        }
        // A peer stopped by a reload still reports its last events.
        let retiring = self.reload.retiring.get(&id);
        if let Some(peer) = self.peers.get(&id).or(retiring) {
            let view = peer.view();
            fan_out(&mut self.subscribers, &peer.neighbor, &view, &event);
            if let Some(helpers) = self.helpers.as_mut() {
                helpers.neighbor_event(&peer.neighbor, &view, &event);
            }
        }
        if matches!(event, PeerEvent::Stopped) {
            self.reload.retired(id, &mut self.states);
        }
    }

    /// A connection is up from `local`: if `next-hop self` stood for another address, the
    /// static routes are resolved again and replace the old ones.
    fn local_address_known(&mut self, id: NeighborId, local: SocketAddr) {
        let Some(peer) = self.peers.get_mut(&id) else {
            return;
        };
        peer.local = Some(local);
        if peer.self_address == Some(local.ip()) || !uses_self_address(&peer.neighbor) {
            return;
        }
        peer.self_address = Some(local.ip());
        let routes = static_routes_watched(
            &peer.neighbor,
            peer.self_address,
            &mut self.store,
            self.watchdogs.get(&id),
        );
        tracing::debug!(
            "neighbor {}: next-hop self is {} on this session",
            peer.neighbor.address,
            local.ip()
        );
        if let Some(handle) = self.handles.get(&id) {
            self.backlog.send(
                handle,
                PeerCmd::Routes(vec![RouteChange::ReplaceOwner {
                    owner: Owner::Static,
                    routes: routes.routes,
                }]),
            );
        }
    }

    /// Stops listening, sends every peer Cease 2 with `message`, and waits (bounded) for the
    /// peer tasks to end while still logging their last events.
    async fn shutdown(mut self, message: &str) {
        for listener in self.listeners.drain(..) {
            listener.abort();
        }
        self.known.send_replace(Arc::new(HashSet::new()));
        let count = self.config.neighbors.len();
        tracing::info!(
            "stopping {count} {}: Cease, Administrative Shutdown \"{message}\"{}",
            if count == 1 { "neighbor" } else { "neighbors" },
            if super::graceful::any_graceful_neighbor(&self.config) {
                " (none where graceful restart was negotiated)"
            } else {
                ""
            }
        );
        self.stop_recorder.record(&self.config);
        let deadline = Instant::now() + SHUTDOWN_TIMEOUT;
        let handles = std::mem::take(&mut self.handles);
        for (id, handle) in &handles {
            let command = match self.peers.get(id) {
                Some(peer) => super::graceful::stop_command(&peer.neighbor, message),
                None => shutdown_command(message),
            };
            let delivered = tokio::time::timeout_at(deadline, handle.send(command)).await;
            if !matches!(delivered, Ok(Ok(()))) {
                tracing::warn!("peer {:?}: shutdown not delivered", handle.neighbor);
            }
        }
        let mut joining = tokio::spawn(async move {
            for (_, handle) in handles {
                let _ = handle.join().await;
            }
        });
        loop {
            tokio::select! {
                _ = &mut joining => break,
                Some(event) = self.events.recv() => self.event(event),
                () = tokio::time::sleep_until(deadline) => {
                    tracing::warn!("peers still running after {SHUTDOWN_TIMEOUT:?}: aborted");
                    joining.abort();
                    break;
                }
            }
        }
        while let Ok(event) = self.events.try_recv() {
            self.event(event);
        }
        self.control = None;
        if let Some(helpers) = self.helpers.take() {
            helpers.stop().await;
        }
        tracing::info!("stopped");
    }
}
