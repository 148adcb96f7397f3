//! The hub's side of a hot reload: load the file again (`daemon::reload::read` and `load`;
//! a file that cannot be used changes nothing), compare it with the running configuration
//! (`config::diff`), and apply the plan in a fixed order so that nothing that did not change
//! is disturbed:
//!
//! 1. neighbors gone from the file: Cease 3 (Peer De-configured), task ended;
//! 2. neighbors whose session settings changed: Cease 6 (Other Configuration Change), and a
//!    new task with the new settings, started once the old one has ended;
//! 3. neighbors changed in place: new static routes as one `ReplaceOwner` (the Adj-RIB-Out
//!    sends only the difference), new API bindings, new description; no flap, helpers'
//!    routes kept;
//! 4. new neighbors started; the listeners' known addresses updated;
//! 5. helpers: removed ones stopped (their routes follow their `on-exit`), changed ones
//!    started again, new ones started, unchanged ones left running (SIGUSR2 restarts them);
//! 6. `listen`: the accept loops of removed addresses stopped, the new ones (bound before
//!    step 1, with the new keys: a bind that fails fails the whole reload) started; the
//!    others keep their socket; sessions are not touched. `control-fifo`: the old FIFO
//!    finishes the answer it is writing and is removed, the new one starts.
//!
//! The key files are read again at each reload: a neighbor whose key changed under the same
//! `md5-password-file` path is reset like one whose setting changed (`diff::key_changes`).
//!
//! Also applies a helper's `on-exit` policy when it departs by itself (given up by the
//! respawn policy, or exited without `respawn`).

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::api::command::{AckOutcome, Command};
use crate::config::diff::{
    ConfigDiff, GlobalChange, NeighborChange, ProcessChange, diff, key_changes,
};
use crate::config::{Config, OnExit};
use crate::peer::{NeighborEvent, NeighborId, PeerCmd, PeerHandle, RouteChange};
use crate::rib::Owner;
use crate::session::State;
use crate::wire::iana::notification::cease;

use super::super::commands::{CommandReply, HubCmd, Plan};
use super::super::helper_feed::reports_wanted;
use super::super::neighbor::source_address_towards;
use super::super::reload::{ConfigSource, Loaded, ReloadOutcome, ReloadTrigger, load, read};
use super::super::routes::{static_routes, uses_self_address};
use super::{Hub, PeerState, SHUTDOWN_TIMEOUT, spawn_neighbor};

#[path = "reload_global.rs"]
mod global;

use global::PreparedGlobal;

/// Hears about reloads (systemd's `RELOADING=1` / `READY=1` / `STATUS=`).
pub trait ReloadReporter: Send + std::fmt::Debug {
    /// A reload is about to change the running configuration.
    fn started(&self);
    /// The reload ended (applied or not).
    fn finished(&self, outcome: &ReloadOutcome);
}

/// What the hub keeps for reloads.
pub(super) struct ReloadState {
    source: Option<ConfigSource>,
    /// The hash of the last content read by a reload, good or bad: a file-change trigger
    /// with the same content does nothing.
    seen_hash: Option<u64>,
    reporter: Option<Box<dyn ReloadReporter>>,
    host_name: String,
    /// For the peer tasks a reload starts.
    events: mpsc::Sender<NeighborEvent>,
    next_id: u32,
    /// Peers stopped by a reload, until their task reports `Stopped`.
    pub(super) retiring: BTreeMap<NeighborId, PeerState>,
    watcher: Option<JoinHandle<()>>,
    /// The TCP-MD5 key of every neighbor that has one, as last read (a reload reads the key
    /// files again and resets the neighbors whose key changed).
    pub(super) keys: BTreeMap<std::net::IpAddr, Vec<u8>>,
    /// For a watcher started by a reload (`watch-config` turned on).
    commands: mpsc::Sender<HubCmd>,
    span: tracing::Span,
}

impl Drop for ReloadState {
    fn drop(&mut self) {
        if let Some(watcher) = self.watcher.take() {
            watcher.abort();
        }
    }
}

impl ReloadState {
    pub(super) fn new(
        source: Option<ConfigSource>,
        reporter: Option<Box<dyn ReloadReporter>>,
        host_name: String,
        events: mpsc::Sender<NeighborEvent>,
        config: &Config,
        commands: &mpsc::Sender<HubCmd>,
        span: &tracing::Span,
    ) -> ReloadState {
        let mut state = ReloadState {
            seen_hash: source.as_ref().map(|source| source.hash),
            source,
            reporter,
            host_name,
            events,
            next_id: u32::try_from(config.neighbors.len()).unwrap_or(u32::MAX),
            retiring: BTreeMap::new(),
            watcher: None,
            keys: BTreeMap::new(),
            commands: commands.clone(),
            span: span.clone(),
        };
        state.watch(config.global.watch_config);
        state
    }

    /// Starts or stops the file watcher.
    fn watch(&mut self, on: bool) {
        match (on, &self.source, self.watcher.take()) {
            (true, Some(source), None) => {
                self.watcher =
                    super::super::watch::spawn(&source.path, self.commands.clone(), &self.span);
            }
            (true, _, running) => self.watcher = running,
            (false, _, Some(running)) => running.abort(),
            (false, _, None) => {}
        }
    }

    /// A peer stopped by a reload has ended.
    pub(super) fn retired(
        &mut self,
        id: NeighborId,
        states: &mut BTreeMap<NeighborId, (State, tokio::time::Instant)>,
    ) {
        if self.retiring.remove(&id).is_some() {
            states.remove(&id);
        }
    }
}

impl Hub {
    /// The `reload` and `restart` commands (control FIFO or helper) take the reload path;
    /// the answer, or `None` for every other command and for a `restart` whose reload worked
    /// (its sessions are then started again by the plan).
    pub(super) fn reload_command(&mut self, origin: &Owner, command: &Command) -> Option<Plan> {
        let restart = match command {
            Command::Reload => false,
            Command::Restart => true,
            _ => return None,
        };
        // `restart` keeps the helpers running (one of them may be the one asking; SIGUSR2
        // restarts them), unlike ExaBGP's: docs/compatibility.md.
        let outcome = self.reload(ReloadTrigger::Command(origin.clone()), false);
        if restart && outcome.applied {
            // The sessions start again as `commands::plan` has it.
            return None;
        }
        Some(Plan {
            actions: Vec::new(),
            shutdown: false,
            reply: CommandReply {
                outcome: if outcome.applied {
                    AckOutcome::Done
                } else {
                    AckOutcome::Error
                },
                lines: outcome.lines,
            },
        })
    }

    /// Loads the file again and applies what changed; a file that cannot be used changes
    /// nothing.
    pub(super) fn reload(
        &mut self,
        trigger: ReloadTrigger,
        restart_helpers: bool,
    ) -> ReloadOutcome {
        let Some(source) = self.reload.source.as_mut() else {
            return ReloadOutcome::failed(vec![
                "this speaker was not started from a file: nothing to reload".to_owned(),
            ]);
        };
        let path = source.path.clone();
        let file = read(&path);
        let hash = match &file {
            Ok(file) => Some(file.hash),
            Err(error) => error.hash,
        };
        if trigger == ReloadTrigger::FileChanged && hash.is_some() && hash == self.reload.seen_hash
        {
            tracing::debug!("{}: same content, nothing to reload", path.display());
            return ReloadOutcome {
                applied: true,
                same_content: true,
                lines: vec!["same content: nothing to do".to_owned()],
                neighbors_added: 0,
            };
        }
        let loaded = file.and_then(|file| load(&path, file, &mut source.blocks));
        self.reload.seen_hash = hash;
        if let Some(reporter) = &self.reload.reporter {
            reporter.started();
        }
        let outcome = match loaded {
            Err(error) => {
                tracing::error!(
                    "reload ({trigger}) failed, the running configuration is kept: {}",
                    error.lines.first().map(String::as_str).unwrap_or("")
                );
                for line in error.lines.iter().skip(1) {
                    tracing::error!("{line}");
                }
                ReloadOutcome::failed(error.lines)
            }
            Ok(loaded) => {
                let mut plan = diff(&self.config, &loaded.config);
                key_changes(&mut plan, &self.reload.keys, &loaded.keys);
                // New listeners and control FIFO first: one that cannot be set up fails the
                // reload before anything changed.
                match self.prepare_global(&loaded) {
                    Err(error) => {
                        let line = format!("{}: {error}; nothing changed", path.display());
                        tracing::error!(
                            "reload ({trigger}) failed, the running configuration is kept: {line}"
                        );
                        ReloadOutcome::failed(vec![line])
                    }
                    Ok(prepared) => {
                        let before = self.config.neighbors.len();
                        let lines = self.apply(loaded, plan, prepared, &trigger, restart_helpers);
                        let count = |count: usize| isize::try_from(count).unwrap_or(isize::MAX);
                        ReloadOutcome {
                            applied: true,
                            same_content: false,
                            lines,
                            neighbors_added: count(self.config.neighbors.len())
                                .saturating_sub(count(before)),
                        }
                    }
                }
            }
        };
        if let Some(reporter) = &self.reload.reporter {
            reporter.finished(&outcome);
        }
        outcome
    }

    /// Carries out the plan; returns the summary and one line per change.
    fn apply(
        &mut self,
        loaded: Loaded,
        plan: ConfigDiff,
        prepared: PreparedGlobal,
        trigger: &ReloadTrigger,
        restart_helpers: bool,
    ) -> Vec<String> {
        let Loaded {
            config: new,
            hash,
            keys,
        } = loaded;
        // The listeners kept; the new ones were bound with the new keys.
        self.update_listener_keys(&plan, &new, &keys);
        let summary = format!("configuration reloaded ({trigger}): {plan}");
        tracing::info!("{summary}");
        let changes = plan.lines();
        for line in &changes {
            tracing::info!("reload: {line}");
        }
        for change in plan.neighbors_with(NeighborChange::Removed) {
            if let Some(old) = self.retire(change.address, cease::PEER_DECONFIGURED) {
                tokio::spawn(stop_and_then(old, cease::PEER_DECONFIGURED, None));
            }
        }
        for change in plan.neighbors_with(NeighborChange::Reset) {
            let old = self.retire(change.address, cease::OTHER_CONFIGURATION_CHANGE);
            let Some(neighbor) = new.neighbor(change.address) else {
                continue;
            };
            let key = keys.get(&change.address).cloned();
            let started = self.add_neighbor(neighbor, key);
            match old {
                // The new session starts once the old one has sent its Cease and ended.
                Some(old) => {
                    tokio::spawn(stop_and_then(
                        old,
                        cease::OTHER_CONFIGURATION_CHANGE,
                        Some(started),
                    ));
                }
                None => {
                    let _ = started.try_send(PeerCmd::Start);
                }
            }
        }
        for change in plan.neighbors_with(NeighborChange::UpdatedInPlace) {
            if let Some(neighbor) = new.neighbor(change.address) {
                self.update_in_place(neighbor, &change.fields);
            }
        }
        for change in plan.neighbors_with(NeighborChange::Added) {
            let Some(neighbor) = new.neighbor(change.address) else {
                continue;
            };
            let key = keys.get(&change.address).cloned();
            let started = self.add_neighbor(neighbor, key);
            let _ = started.try_send(PeerCmd::Start);
        }
        let addresses: HashSet<_> = self.by_address.keys().copied().collect();
        self.known.send_replace(Arc::new(addresses));
        self.apply_helpers(&plan, &new, restart_helpers);
        self.apply_global(&plan, &new);
        self.switch_global(prepared);
        self.config = new;
        self.reload.keys = keys;
        if let Some(source) = self.reload.source.as_mut() {
            source.hash = hash;
        }
        let mut lines = vec![summary];
        lines.extend(changes);
        lines
    }

    /// The listeners accept exactly the keys of the new file: removed for neighbors gone or
    /// reset, installed for neighbors added or reset.
    fn update_listener_keys(
        &self,
        plan: &ConfigDiff,
        new: &Config,
        keys: &BTreeMap<std::net::IpAddr, Vec<u8>>,
    ) {
        for change in &plan.neighbors {
            let address = change.address;
            let had_key = self
                .config
                .neighbor(address)
                .is_some_and(|neighbor| neighbor.md5.is_some());
            let key = new.neighbor(address).and_then(|_| keys.get(&address));
            let (remove, install) = match change.change {
                NeighborChange::Removed => (had_key, None),
                NeighborChange::Reset => (had_key, key),
                NeighborChange::Added => (false, key),
                NeighborChange::UpdatedInPlace | NeighborChange::Unchanged => (false, None),
            };
            for listener in &self.listeners {
                let outcome = match (remove, install) {
                    (_, Some(key)) => listener.set_md5_key(address, key),
                    (true, None) => listener.set_md5_key(address, &[]),
                    (false, None) => Ok(()),
                };
                if let Err(error) = outcome {
                    tracing::warn!("neighbor {address}: TCP-MD5 key on a listener: {error}");
                }
            }
        }
    }

    /// Takes the peer at `address` out of service (its last events are still reported);
    /// returns its handle, for the caller to stop it.
    fn retire(&mut self, address: std::net::IpAddr, subcode: u8) -> Option<PeerHandle> {
        let id = self.by_address.remove(&address)?;
        let handle = self.handles.remove(&id)?;
        if let Some(state) = self.peers.remove(&id) {
            self.reload.retiring.insert(id, state);
        }
        tracing::info!("neighbor {address}: stopping with Cease subcode {subcode}");
        Some(handle)
    }

    /// Spawns a new peer task (not started) for `neighbor`; returns its command sender.
    fn add_neighbor(
        &mut self,
        neighbor: &crate::config::Neighbor,
        key: Option<Vec<u8>>,
    ) -> mpsc::Sender<PeerCmd> {
        let id = NeighborId(self.reload.next_id);
        self.reload.next_id = self.reload.next_id.saturating_add(1);
        let (handle, state) = spawn_neighbor(
            id,
            neighbor,
            key,
            false,
            &self.reload.host_name,
            &mut self.store,
            &self.reload.events,
        );
        let commands = handle.commands();
        self.by_address.insert(neighbor.address, id);
        self.handles.insert(id, handle);
        self.peers.insert(id, state);
        commands
    }

    /// New static routes, API bindings and description on a running session.
    fn update_in_place(&mut self, neighbor: &crate::config::Neighbor, fields: &[&str]) {
        let Some(id) = self.by_address.get(&neighbor.address).copied() else {
            return;
        };
        let (Some(peer), Some(handle)) = (self.peers.get_mut(&id), self.handles.get(&id)) else {
            return;
        };
        peer.neighbor = neighbor.clone();
        if fields.contains(&"announce") {
            if peer.self_address.is_none() && uses_self_address(neighbor) {
                peer.self_address = source_address_towards(neighbor.address);
            }
            let routes = static_routes(neighbor, peer.self_address, &mut self.store);
            self.backlog.send(
                handle,
                PeerCmd::Routes(vec![RouteChange::ReplaceOwner {
                    owner: Owner::Static,
                    routes: routes.routes,
                }]),
            );
        }
        if fields.contains(&"api") {
            let (keepalives, sent) = reports_wanted(neighbor);
            self.backlog
                .send(handle, PeerCmd::ReportMessages { keepalives, sent });
        }
    }

    fn apply_helpers(&mut self, plan: &ConfigDiff, new: &Config, restart_helpers: bool) {
        let mut departed = Vec::new();
        if let Some(helpers) = self.helpers.as_mut() {
            for change in plan.processes_with(ProcessChange::Removed) {
                if helpers.remove(&change.name) {
                    departed.push(change.name.clone());
                }
            }
            for change in plan.processes_with(ProcessChange::Restarted) {
                helpers.remove(&change.name);
            }
            if restart_helpers {
                helpers.restart_all();
            }
            for change in plan.processes.iter().filter(|change| {
                matches!(
                    change.change,
                    ProcessChange::Restarted | ProcessChange::Added
                )
            }) {
                if let Some(process) = new.process(&change.name) {
                    helpers.add(process);
                }
            }
        }
        // The running configuration still holds the removed helpers' policy.
        for name in departed {
            self.helper_gone(&name);
        }
    }

    fn apply_global(&mut self, plan: &ConfigDiff, new: &Config) {
        for change in &plan.global {
            match (change.setting, change.change) {
                ("log-level", GlobalChange::Applied) => {
                    if std::env::var_os(super::super::logging::FILTER_VARIABLE).is_none()
                        && let Err(error) =
                            super::super::logging::set_filter(new.global.log_level.name())
                    {
                        tracing::warn!("log-level not applied: {error}");
                    }
                }
                ("watch-config", GlobalChange::Applied) => {
                    self.reload.watch(new.global.watch_config);
                }
                // `listen` and `control-fifo`: `switch_global`.
                (setting, GlobalChange::NeedsRestart) => {
                    tracing::warn!("{setting} changed: kept as it is until ferrobgp restarts");
                }
                _ => {}
            }
        }
    }

    /// Applies the `on-exit` policy of helpers that departed by themselves.
    pub(super) fn helper_departures(&mut self) {
        let departed = match self.helpers.as_mut() {
            Some(helpers) => helpers.take_departed(),
            None => return,
        };
        for name in departed {
            self.helper_gone(&name);
        }
    }

    /// A helper is gone for good: keep or withdraw its routes, as its `on-exit` says.
    fn helper_gone(&mut self, name: &str) {
        let policy = self
            .config
            .process(name)
            .map_or(OnExit::Keep, |process| process.on_exit);
        match policy {
            OnExit::Keep => {
                tracing::info!("helper {name}: gone; its routes stay announced (on-exit \"keep\")")
            }
            OnExit::Withdraw => {
                tracing::info!(
                    "helper {name}: gone; withdrawing its routes (on-exit \"withdraw\")"
                );
                for handle in self.handles.values() {
                    self.backlog.send(
                        handle,
                        PeerCmd::Routes(vec![RouteChange::WithdrawOwner(Owner::Helper(
                            name.to_owned(),
                        ))]),
                    );
                }
            }
        }
    }
}

/// Sends the Cease to a retired peer, waits (bounded) for its task to end, then starts its
/// successor, if any.
async fn stop_and_then(old: PeerHandle, subcode: u8, successor: Option<mpsc::Sender<PeerCmd>>) {
    let stop = async {
        let _ = old
            .send(PeerCmd::Shutdown {
                subcode,
                message: String::new(),
            })
            .await;
        let _ = old.join().await;
    };
    if tokio::time::timeout(SHUTDOWN_TIMEOUT, stop).await.is_err() {
        tracing::warn!(
            "a neighbor stopped by a reload did not end in {SHUTDOWN_TIMEOUT:?}: aborted"
        );
    }
    if let Some(successor) = successor {
        let _ = successor.send(PeerCmd::Start).await;
    }
}
