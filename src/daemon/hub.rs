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
//! stops taking peer events only past the last-resort bound of `helpers`. Hot reload is in
//! `hub/reload.rs`. Must not speak BGP or parse text; the file is read only by
//! `daemon::reload::load`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;
use tracing::Instrument;

use crate::api::command::Command;
use crate::api::json::NeighborView;
use crate::config::{Config, Neighbor};
use crate::peer::{
    Accepted, NeighborEvent, NeighborId, PeerCmd, PeerEvent, PeerHandle, RouteChange, spawn_peer,
};
use crate::rib::{AdjRibOut, AttributeStore, Owner};

use super::commands::{
    CommandReply, HubCmd, PeerView, Plan, SHUTDOWN_MESSAGE, plan, shutdown_command,
};
use super::control::{ControlLink, start_control};
use super::fan_out::{EventSubscriber, fan_out};
use super::helper_feed::reports_wanted;
use super::helpers::Helpers;
use super::listen::{ListenError, ListenerNeighbor, RunningListener, bind_all};
use super::log::LogSubscriber;
use super::neighbor::{peer_config, read_md5_key, source_address_towards, system_host_name};
use super::peer_backlog::PeerBacklog;
use super::pressure::ReadHolds;
use super::reload::ConfigSource;
use super::routes::{each_static_route, static_routes_watched, uses_self_address};
use crate::process::{HelperEvent, ProcEvent};
use crate::session::State;

mod holds;
mod reload;
mod show;
mod signal;
mod watchdog;

pub use reload::ReloadReporter;

/// Events from all peers that the hub's channel holds.
pub const EVENT_CAPACITY: usize = 4096;
/// Commands (helper lines, accepted connections) the hub's channel holds.
pub const COMMAND_CAPACITY: usize = 1024;
/// How long the peers get to deliver their Cease and end, at shutdown.
pub const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(5);

/// Why a speaker could not start.
#[derive(Debug)]
pub enum StartError {
    /// A neighbor's `md5-password-file` could not be read.
    Md5Key {
        neighbor: IpAddr,
        error: std::io::Error,
    },
    Listen(ListenError),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Md5Key { neighbor, error } => {
                write!(formatter, "neighbor {neighbor}: {error}")
            }
            StartError::Listen(error) => error.fmt(formatter),
        }
    }
}

impl std::error::Error for StartError {}

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

/// A speaker whose listeners are bound and key files read, not yet running. Binding every
/// speaker's listeners before starting any peer lets speakers of one process connect to each
/// other at once.
#[derive(Debug)]
pub struct Prepared {
    name: String,
    config: Config,
    keys: Vec<Option<Vec<u8>>>,
    listeners: Vec<crate::peer::Listener>,
    span: tracing::Span,
    /// The file, for reloads; `None`: the speaker cannot be reloaded.
    source: Option<ConfigSource>,
    reporter: Option<Box<dyn reload::ReloadReporter>>,
}

/// Prepares the speaker described by `config`: reads MD5 key files and binds the listeners
/// (with the neighbors' keys). `name` labels its log lines.
pub fn prepare(name: &str, config: Config) -> Result<Prepared, StartError> {
    let span = tracing::info_span!("speaker", name = %name);
    let _entered = span.enter();
    let mut keys = Vec::with_capacity(config.neighbors.len());
    for neighbor in &config.neighbors {
        let key = match &neighbor.md5 {
            Some(key) => Some(read_md5_key(key).map_err(|error| StartError::Md5Key {
                neighbor: neighbor.address,
                error,
            })?),
            None => None,
        };
        keys.push(key);
    }
    let listener_neighbors: Vec<ListenerNeighbor> = config
        .neighbors
        .iter()
        .zip(&keys)
        .map(|(neighbor, key)| ListenerNeighbor {
            address: neighbor.address,
            md5_key: key.clone(),
            ttl: super::neighbor::ttl_policy(neighbor.ttl),
        })
        .collect();
    let listeners =
        bind_all(&config.global.listen, &listener_neighbors).map_err(StartError::Listen)?;
    drop(_entered);
    Ok(Prepared {
        name: name.to_owned(),
        config,
        keys,
        listeners,
        span,
        source: None,
        reporter: None,
    })
}

/// Prepares and starts a speaker at once (see [`prepare`] and [`Prepared::start`]).
pub async fn start(
    name: &str,
    config: Config,
    subscribers: Vec<Box<dyn EventSubscriber>>,
) -> Result<SpeakerHandle, StartError> {
    Ok(prepare(name, config)?.start(subscribers))
}

impl Prepared {
    /// Makes the speaker reloadable from `path` (whose content, `source`, gave its
    /// configuration), with the file watched for changes.
    pub fn reloadable(mut self, path: std::path::PathBuf, source: &str) -> Prepared {
        self.source = Some(ConfigSource::new(path, source));
        self
    }

    /// Tells `reporter` when a reload starts and how it ended (systemd's `RELOADING=1`,
    /// `READY=1`, `STATUS=`).
    pub fn report_reloads(mut self, reporter: Box<dyn reload::ReloadReporter>) -> Prepared {
        self.reporter = Some(reporter);
        self
    }

    /// Spawns one peer task per neighbor with its static routes, the accept loops and the
    /// hub. `subscribers` hear every neighbor event after the log. Must be called within a
    /// tokio runtime.
    pub fn start(self, subscribers: Vec<Box<dyn EventSubscriber>>) -> SpeakerHandle {
        let Prepared {
            name,
            config,
            keys,
            listeners,
            span,
            source,
            reporter,
        } = self;
        let _entered = span.enter();
        let (event_sender, events) = mpsc::channel(EVENT_CAPACITY);
        let (command_sender, commands) = mpsc::channel(COMMAND_CAPACITY);
        let host_name = system_host_name();
        let stop_recorder = super::graceful::StopRecorder {
            directory: super::graceful::process_state_directory(),
            name: name.clone(),
        };
        let restart = super::graceful::RestartMarker::take(&stop_recorder.directory, &name);
        let mut store = AttributeStore::new();
        let mut peers = BTreeMap::new();
        let mut handles = BTreeMap::new();
        let mut by_address = HashMap::new();
        let running_keys: BTreeMap<IpAddr, Vec<u8>> = config
            .neighbors
            .iter()
            .zip(&keys)
            .filter_map(|(neighbor, key)| Some((neighbor.address, key.clone()?)))
            .collect();
        for (index, (neighbor, key)) in config.neighbors.iter().zip(keys).enumerate() {
            let id = NeighborId(u32::try_from(index).unwrap_or(u32::MAX));
            let restarting = restart.restarting(neighbor);
            let (handle, state) = spawn_neighbor(
                id,
                neighbor,
                key,
                restarting,
                &host_name,
                &mut store,
                &event_sender,
            );
            send(&handle, PeerCmd::Start);
            by_address.insert(neighbor.address, id);
            handles.insert(id, handle);
            peers.insert(id, state);
        }
        let addresses: HashSet<IpAddr> = by_address.keys().copied().collect();
        let (known, known_receiver) = watch::channel(Arc::new(addresses));
        let mut accept_tasks = Vec::with_capacity(listeners.len());
        // `bind_all` bound the configured addresses in their order.
        for (address, listener) in super::listen::addresses(&config.global.listen)
            .iter()
            .zip(listeners)
        {
            accept_tasks.push(RunningListener::start(
                *address,
                listener,
                known_receiver.clone(),
                command_sender.clone(),
                span.clone(),
            ));
        }
        if accept_tasks.is_empty() {
            tracing::info!("not listening (listen #false): every neighbor is connected to");
        }
        let mut all_subscribers: Vec<Box<dyn EventSubscriber>> = vec![Box::new(LogSubscriber)];
        all_subscribers.extend(subscribers);
        let helpers = Helpers::start(&config, &host_name);
        let control = start_control(&config.global.control_fifo, command_sender.clone());
        let mut reload = reload::ReloadState::new(
            source,
            reporter,
            host_name,
            event_sender,
            &config,
            &command_sender,
            &span,
        );
        reload.keys = running_keys;
        let hub = Hub {
            reload,
            stop_recorder,
            helpers: Some(helpers),
            control,
            states: BTreeMap::new(),
            holds: ReadHolds::default(),
            backlog: PeerBacklog::default(),
            watchdogs: BTreeMap::new(),
            myself: command_sender.downgrade(),
            config,
            peers,
            handles,
            by_address,
            store,
            subscribers: all_subscribers,
            events,
            commands,
            listeners: accept_tasks,
            known,
        };
        let task = tokio::spawn(hub.run().instrument(span.clone()));
        SpeakerHandle {
            name,
            commands: command_sender,
            task: Some(task),
        }
    }
}

/// Spawns the peer task of `neighbor` as `id`, its static routes already in its
/// Adj-RIB-Out; the caller sends `PeerCmd::Start`.
fn spawn_neighbor(
    id: NeighborId,
    neighbor: &Neighbor,
    key: Option<Vec<u8>>,
    restarting: bool,
    host_name: &str,
    store: &mut AttributeStore,
    events: &mpsc::Sender<NeighborEvent>,
) -> (PeerHandle, PeerState) {
    let mut settings = peer_config(id, neighbor, key, host_name);
    if restarting {
        super::neighbor::restarting(&mut settings);
        tracing::info!(
            "neighbor {}: graceful restart (Restart State)",
            neighbor.address
        );
    }
    let (keepalives, sent) = reports_wanted(neighbor);
    settings.report_keepalives |= keepalives;
    settings.report_sent |= sent;
    let mut routes_out = AdjRibOut::with_settings(super::neighbor::send_settings(neighbor));
    let self_address = neighbor.local_address.or_else(|| {
        uses_self_address(neighbor)
            .then(|| source_address_towards(neighbor.address))
            .flatten()
    });
    // The static routes go straight into the Adj-RIB-Out the task will own: no list of every
    // route in between (a million routes would be ~100 MB more at the peak).
    let routes = each_static_route(neighbor, self_address, store, None, &mut |route| {
        routes_out.announce(
            &route.nlri,
            &route.attributes,
            &route.next_hop,
            &Owner::Static,
        );
    });
    let handle = spawn_peer(settings, Box::new(routes_out), events.clone());
    tracing::info!("{}", describe_neighbor(neighbor, routes.announced));
    if routes.waiting_for_local_address > 0 {
        tracing::info!(
            "neighbor {}: {} routes with next-hop self wait for the session's local address",
            neighbor.address,
            routes.waiting_for_local_address
        );
    }
    let state = PeerState {
        neighbor: neighbor.clone(),
        self_address,
        local: None,
    };
    (handle, state)
}

/// "neighbor 127.0.0.2: AS 65001 -> AS 65002, connects to 127.0.0.2:1790 from 127.0.0.1, 2
/// static routes".
fn describe_neighbor(neighbor: &Neighbor, routes: usize) -> String {
    let how = if neighbor.passive {
        "waits for its connection".to_owned()
    } else {
        let from = neighbor
            .local_address
            .map(|address| format!(" from {address}"))
            .unwrap_or_default();
        format!(
            "connects to {}{from}",
            SocketAddr::new(neighbor.address, neighbor.connect_port)
        )
    };
    format!(
        "neighbor {}: AS {} -> AS {}, {how}, {routes} static {}",
        neighbor.address,
        neighbor.local_as,
        neighbor.peer_as,
        if routes == 1 { "route" } else { "routes" }
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbors_are_described_for_the_log() {
        let source = r#"
router-id "192.0.2.1"
local-as 65001
neighbor "127.0.0.2" { peer-as 65002; local-address "127.0.0.1"; connect-port 1790 }
neighbor "127.0.0.3" { peer-as 65003; passive }
"#;
        let config = crate::config::decode("t.kdl", source).expect("valid");
        assert_eq!(
            describe_neighbor(&config.neighbors[0], 2),
            "neighbor 127.0.0.2: AS 65001 -> AS 65002, connects to 127.0.0.2:1790 from \
             127.0.0.1, 2 static routes"
        );
        assert_eq!(
            describe_neighbor(&config.neighbors[1], 1),
            "neighbor 127.0.0.3: AS 65001 -> AS 65003, waits for its connection, 1 static route"
        );
    }

    #[tokio::test]
    async fn a_speaker_starts_and_stops_without_neighbors_reachable() {
        let port = std::net::TcpListener::bind("127.0.0.93:0")
            .and_then(|listener| listener.local_addr())
            .expect("free port")
            .port();
        let source = format!(
            r#"
router-id "192.0.2.1"
local-as 65001
listen "127.0.0.93" port={port}
process "quiet" {{ run "/bin/true" }}
neighbor "127.0.0.94" {{ peer-as 65002; passive
    announce {{ route "198.51.100.0/24 next-hop self" }} }}
"#
        );
        let config = crate::config::decode("t.kdl", &source).expect("valid");
        let speaker = start("test", config, Vec::new()).await.expect("starts");
        assert_eq!(speaker.name(), "test");
        tokio::time::timeout(Duration::from_secs(10), speaker.stop("bye"))
            .await
            .expect("stops in time");
    }
}
