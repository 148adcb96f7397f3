//! What a reload changes: [`diff`] compares the running [`Config`] with a new one and says,
//! per neighbor (keyed by address), per helper (keyed by name) and per global setting, what
//! must happen so that nothing that did not change is disturbed.
//!
//! - A neighbor whose *session identity* changed (anything its OPEN, its TCP connection or its
//!   peer task is built from) is **reset**: Cease 6 (Other Configuration Change, RFC 4486
//!   §4) and a new session with the new settings. One that only changed what can be changed
//!   on a running session (its static routes, description, API bindings) is **updated in
//!   place**, with no flap. A neighbor that left the file is **removed** (Cease 3, Peer
//!   De-configured); a new one is **added**.
//! - A neighbor whose key file holds a new key under the same path is reset too
//!   ([`key_changes`], from the key bytes the reload read).
//! - A helper whose program or the way it is spoken to changed is **restarted**; one whose
//!   only change is a hub-side policy (`on-exit`) is updated in place; the others keep
//!   running (same pid).
//!
//! Every field is classified by destructuring the structs completely (no `..`), so a field
//! added to [`Neighbor`], [`Capabilities`], [`Process`] or [`Global`] does not compile until
//! it is classified here. Pure: the hub carries the result out.

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;

use super::model::{Capabilities, Config, Global, Neighbor, Process};

/// What becomes of one neighbor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeighborChange {
    /// New in the file: start its session.
    Added,
    /// Gone from the file: Cease 3 (Peer De-configured), then forget it.
    Removed,
    /// A session setting changed: Cease 6 (Other Configuration Change) and a new session.
    Reset,
    /// Only settings a running session can take changed: no flap.
    UpdatedInPlace,
    Unchanged,
}

/// One neighbor's fate, with the settings (as written in the file) that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeighborDiff {
    pub address: IpAddr,
    pub change: NeighborChange,
    /// For `Reset`, the session settings that changed; for `UpdatedInPlace`, the others.
    pub fields: Vec<&'static str>,
}

/// What becomes of one helper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcessChange {
    Added,
    /// Stopped; its routes follow its `on-exit` policy (the running one).
    Removed,
    /// Stopped and started again with the new settings (a new pid).
    Restarted,
    /// A hub-side setting changed; the program keeps running.
    UpdatedInPlace,
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessDiff {
    pub name: String,
    pub change: ProcessChange,
    pub fields: Vec<&'static str>,
}

/// How a changed global setting is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlobalChange {
    /// Applied by the reload.
    Applied,
    /// Only through the neighbors it is the default of (their diffs say what happens).
    ThroughNeighbors,
    /// Kept as it is until the daemon restarts (logged as a warning).
    NeedsRestart,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobalDiff {
    pub setting: &'static str,
    pub change: GlobalChange,
}

/// Everything a reload changes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConfigDiff {
    /// Removed first, then the neighbors of the new file in its order.
    pub neighbors: Vec<NeighborDiff>,
    /// Removed first, then the helpers of the new file in its order.
    pub processes: Vec<ProcessDiff>,
    pub global: Vec<GlobalDiff>,
}

impl ConfigDiff {
    /// True when the new file changes nothing.
    pub fn is_empty(&self) -> bool {
        self.global.is_empty()
            && self
                .neighbors
                .iter()
                .all(|neighbor| neighbor.change == NeighborChange::Unchanged)
            && self
                .processes
                .iter()
                .all(|process| process.change == ProcessChange::Unchanged)
    }

    /// The neighbors with this fate.
    pub fn neighbors_with(&self, change: NeighborChange) -> impl Iterator<Item = &NeighborDiff> {
        self.neighbors
            .iter()
            .filter(move |neighbor| neighbor.change == change)
    }

    /// The helpers with this fate.
    pub fn processes_with(&self, change: ProcessChange) -> impl Iterator<Item = &ProcessDiff> {
        self.processes
            .iter()
            .filter(move |process| process.change == change)
    }

    /// One line per change ("neighbor 127.0.0.2: reset (Cease 6): peer-as"), nothing for
    /// what is unchanged.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for neighbor in &self.neighbors {
            let what = match neighbor.change {
                NeighborChange::Added => "added",
                NeighborChange::Removed => "removed (Cease 3, Peer De-configured)",
                NeighborChange::Reset => "reset (Cease 6, Other Configuration Change)",
                NeighborChange::UpdatedInPlace => "updated in place",
                NeighborChange::Unchanged => continue,
            };
            lines.push(with_fields(
                format!("neighbor {}: {what}", neighbor.address),
                &neighbor.fields,
            ));
        }
        for process in &self.processes {
            let what = match process.change {
                ProcessChange::Added => "added",
                ProcessChange::Removed => "removed",
                ProcessChange::Restarted => "restarted",
                ProcessChange::UpdatedInPlace => "updated in place",
                ProcessChange::Unchanged => continue,
            };
            lines.push(with_fields(
                format!("helper {}: {what}", process.name),
                &process.fields,
            ));
        }
        for global in &self.global {
            let how = match global.change {
                GlobalChange::Applied => "applied",
                GlobalChange::ThroughNeighbors => "applied through the neighbors using it",
                GlobalChange::NeedsRestart => "NOT applied: takes effect when ferrobgp restarts",
            };
            lines.push(format!("{}: {how}", global.setting));
        }
        lines
    }
}

fn with_fields(line: String, fields: &[&str]) -> String {
    if fields.is_empty() {
        line
    } else {
        format!("{line}: {}", fields.join(", "))
    }
}

/// "2 neighbors added, 1 reset, 1 removed, 3 unchanged; helpers: 1 restarted, 2 unchanged".
impl fmt::Display for ConfigDiff {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let neighbor_counts = [
            (NeighborChange::Added, "added"),
            (NeighborChange::Removed, "removed"),
            (NeighborChange::Reset, "reset"),
            (NeighborChange::UpdatedInPlace, "updated in place"),
            (NeighborChange::Unchanged, "unchanged"),
        ]
        .map(|(change, word)| (self.neighbors_with(change).count(), word));
        let process_counts = [
            (ProcessChange::Added, "added"),
            (ProcessChange::Removed, "removed"),
            (ProcessChange::Restarted, "restarted"),
            (ProcessChange::UpdatedInPlace, "updated in place"),
            (ProcessChange::Unchanged, "unchanged"),
        ]
        .map(|(change, word)| (self.processes_with(change).count(), word));
        let join = |counts: &[(usize, &str)]| {
            let parts: Vec<String> = counts
                .iter()
                .filter(|(count, _)| *count > 0)
                .map(|(count, word)| format!("{count} {word}"))
                .collect();
            if parts.is_empty() {
                "none".to_owned()
            } else {
                parts.join(", ")
            }
        };
        write!(
            formatter,
            "neighbors: {}; helpers: {}",
            join(&neighbor_counts),
            join(&process_counts)
        )
    }
}

/// Compares the running configuration with a new one.
pub fn diff(old: &Config, new: &Config) -> ConfigDiff {
    let Config {
        global: old_global,
        processes: old_processes,
        neighbors: old_neighbors,
    } = old;
    let Config {
        global: new_global,
        processes: new_processes,
        neighbors: new_neighbors,
    } = new;
    let mut result = ConfigDiff::default();
    for neighbor in old_neighbors {
        if new.neighbor(neighbor.address).is_none() {
            result.neighbors.push(NeighborDiff {
                address: neighbor.address,
                change: NeighborChange::Removed,
                fields: Vec::new(),
            });
        }
    }
    for neighbor in new_neighbors {
        result.neighbors.push(match old.neighbor(neighbor.address) {
            None => NeighborDiff {
                address: neighbor.address,
                change: NeighborChange::Added,
                fields: Vec::new(),
            },
            Some(running) => neighbor_diff(running, neighbor),
        });
    }
    for process in old_processes {
        if new.process(&process.name).is_none() {
            result.processes.push(ProcessDiff {
                name: process.name.clone(),
                change: ProcessChange::Removed,
                fields: Vec::new(),
            });
        }
    }
    for process in new_processes {
        result.processes.push(match old.process(&process.name) {
            None => ProcessDiff {
                name: process.name.clone(),
                change: ProcessChange::Added,
                fields: Vec::new(),
            },
            Some(running) => process_diff(running, process),
        });
    }
    result.global = global_diff(old_global, new_global);
    result
}

/// Collects the names of changed fields into one of two lists.
struct Fields {
    reset: Vec<&'static str>,
    in_place: Vec<&'static str>,
}

impl Fields {
    fn new() -> Fields {
        Fields {
            reset: Vec::new(),
            in_place: Vec::new(),
        }
    }

    fn reset_if<T: PartialEq>(&mut self, name: &'static str, old: &T, new: &T) {
        if old != new {
            self.reset.push(name);
        }
    }

    fn in_place_if<T: PartialEq>(&mut self, name: &'static str, old: &T, new: &T) {
        if old != new {
            self.in_place.push(name);
        }
    }
}

/// The fate of a neighbor present in both files.
pub fn neighbor_diff(old: &Neighbor, new: &Neighbor) -> NeighborDiff {
    let Neighbor {
        address,
        peer_as,
        local_as,
        router_id,
        local_address,
        description,
        hold_time,
        passive,
        connect_port,
        md5,
        ttl,
        families,
        capabilities,
        group_updates,
        manual_eor,
        adj_rib_in,
        adj_rib_out,
        api,
        routes,
    } = new;
    let mut fields = Fields::new();
    // The session's identity: the OPEN, the TCP connection and the peer task's settings.
    fields.reset_if("peer-as", &old.peer_as, peer_as);
    fields.reset_if("local-as", &old.local_as, local_as);
    fields.reset_if("router-id", &old.router_id, router_id);
    fields.reset_if("local-address", &old.local_address, local_address);
    fields.reset_if("hold-time", &old.hold_time, hold_time);
    fields.reset_if("passive", &old.passive, passive);
    fields.reset_if("connect-port", &old.connect_port, connect_port);
    fields.reset_if("md5-password", &old.md5, md5);
    fields.reset_if("ttl", &old.ttl, ttl);
    fields.reset_if("family", &old.families, families);
    capability_fields(&mut fields, &old.capabilities, capabilities);
    fields.reset_if("group-updates", &old.group_updates, group_updates);
    fields.reset_if("manual-eor", &old.manual_eor, manual_eor);
    fields.reset_if("adj-rib-in", &old.adj_rib_in, adj_rib_in);
    fields.reset_if("adj-rib-out", &old.adj_rib_out, adj_rib_out);
    // What a running session takes without a flap.
    fields.in_place_if("description", &old.description, description);
    fields.in_place_if("api", &old.api, api);
    fields.in_place_if("announce", &old.routes, routes);
    let (change, fields) = if !fields.reset.is_empty() {
        (NeighborChange::Reset, fields.reset)
    } else if !fields.in_place.is_empty() {
        (NeighborChange::UpdatedInPlace, fields.in_place)
    } else {
        (NeighborChange::Unchanged, Vec::new())
    };
    NeighborDiff {
        address: *address,
        change,
        fields,
    }
}

/// Every capability is part of the OPEN: a change resets the session.
fn capability_fields(fields: &mut Fields, old: &Capabilities, new: &Capabilities) {
    let Capabilities {
        asn4,
        route_refresh,
        graceful_restart,
        extended_message,
        hostname,
        software_version,
        operational,
    } = new;
    fields.reset_if("capability asn4", &old.asn4, asn4);
    fields.reset_if(
        "capability route-refresh",
        &old.route_refresh,
        route_refresh,
    );
    fields.reset_if(
        "capability graceful-restart",
        &old.graceful_restart,
        graceful_restart,
    );
    fields.reset_if(
        "capability extended-message",
        &old.extended_message,
        extended_message,
    );
    fields.reset_if("capability hostname", &old.hostname, hostname);
    fields.reset_if(
        "capability software-version",
        &old.software_version,
        software_version,
    );
    fields.reset_if("capability operational", &old.operational, operational);
}

/// The fate of a helper present in both files.
pub fn process_diff(old: &Process, new: &Process) -> ProcessDiff {
    let Process {
        name,
        run,
        encoder,
        api_version,
        respawn,
        environment,
        working_directory,
        on_exit,
    } = new;
    let mut fields = Fields::new();
    // What the program is started with, or how it is spoken to: a new run of it.
    fields.reset_if("run", &old.run, run);
    fields.reset_if("encoder", &old.encoder, encoder);
    fields.reset_if("api-version", &old.api_version, api_version);
    fields.reset_if("respawn", &old.respawn, respawn);
    fields.reset_if("environment", &old.environment, environment);
    fields.reset_if(
        "working-directory",
        &old.working_directory,
        working_directory,
    );
    // The hub's policy: no restart.
    fields.in_place_if("on-exit", &old.on_exit, on_exit);
    let (change, fields) = if !fields.reset.is_empty() {
        (ProcessChange::Restarted, fields.reset)
    } else if !fields.in_place.is_empty() {
        (ProcessChange::UpdatedInPlace, fields.in_place)
    } else {
        (ProcessChange::Unchanged, Vec::new())
    };
    ProcessDiff {
        name: name.clone(),
        change,
        fields,
    }
}

/// The field named when only the content of a neighbor's key file changed.
pub const KEY_CHANGED: &str = "md5-password-file (the key in it changed)";

/// Resets the neighbors whose TCP-MD5 key bytes changed while their setting did not (the
/// same `md5-password-file` path with a new key in it): their session and the listeners need
/// the new key. `old` and `new` are the keys read from the running and the new files, by
/// neighbor address. Never logs or returns the keys.
pub fn key_changes(
    plan: &mut ConfigDiff,
    old: &BTreeMap<IpAddr, Vec<u8>>,
    new: &BTreeMap<IpAddr, Vec<u8>>,
) {
    for neighbor in &mut plan.neighbors {
        if !matches!(
            neighbor.change,
            NeighborChange::Unchanged | NeighborChange::UpdatedInPlace
        ) {
            continue;
        }
        if old.get(&neighbor.address) != new.get(&neighbor.address) {
            neighbor.change = NeighborChange::Reset;
            neighbor.fields = vec![KEY_CHANGED];
        }
    }
}

/// The global settings that changed, and how each is taken.
pub fn global_diff(old: &Global, new: &Global) -> Vec<GlobalDiff> {
    let Global {
        router_id,
        local_as,
        listen,
        control_fifo,
        log_level,
        watch_config,
    } = new;
    let mut result = Vec::new();
    let mut check = |setting: &'static str, changed: bool, change: GlobalChange| {
        if changed {
            result.push(GlobalDiff { setting, change });
        }
    };
    check(
        "router-id",
        old.router_id != *router_id,
        GlobalChange::ThroughNeighbors,
    );
    check(
        "local-as",
        old.local_as != *local_as,
        GlobalChange::ThroughNeighbors,
    );
    // New listeners are bound before anything changes (a failed bind fails the reload);
    // sessions are never touched by it.
    check("listen", old.listen != *listen, GlobalChange::Applied);
    check(
        "control-fifo",
        old.control_fifo != *control_fifo,
        GlobalChange::Applied,
    );
    check(
        "log-level",
        old.log_level != *log_level,
        GlobalChange::Applied,
    );
    check(
        "watch-config",
        old.watch_config != *watch_config,
        GlobalChange::Applied,
    );
    result
}

#[cfg(test)]
#[path = "diff_tests.rs"]
mod tests;
