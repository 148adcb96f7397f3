//! Starting a speaker: [`prepare`] reads the neighbors' TCP-MD5 key files and binds the
//! listeners (every speaker of a process is prepared before any starts, so they can connect to
//! each other at once), then [`Prepared::start`] spawns one peer task per neighbor with its
//! static routes already in its Adj-RIB-Out, the accept loops, the helpers, the control FIFO
//! and the hub's task. Must not run the hub's loop (`hub`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use tokio::sync::{mpsc, watch};
use tracing::Instrument;

use crate::config::{Config, Neighbor};
use crate::peer::{NeighborEvent, NeighborId, PeerCmd, PeerHandle, spawn_peer};
use crate::rib::{AdjRibOut, AttributeStore, Owner};

use super::super::control::start_control;
use super::super::fan_out::EventSubscriber;
use super::super::helper_feed::reports_wanted;
use super::super::helpers::Helpers;
use super::super::listen::{ListenError, ListenerNeighbor, RunningListener, bind_all};
use super::super::log::LogSubscriber;
use super::super::neighbor::{peer_config, read_md5_key, source_address_towards, system_host_name};
use super::super::peer_backlog::PeerBacklog;
use super::super::pressure::ReadHolds;
use super::super::reload::ConfigSource;
use super::super::routes::{each_static_route, uses_self_address};
use super::{COMMAND_CAPACITY, EVENT_CAPACITY, Hub, PeerState, SpeakerHandle, reload, send};

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
            ttl: super::super::neighbor::ttl_policy(neighbor.ttl),
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
    /// configuration, keeping `blocks`), with the file watched for changes.
    pub fn reloadable(
        mut self,
        path: std::path::PathBuf,
        source: &str,
        blocks: crate::config::ParsedBlocks,
    ) -> Prepared {
        self.source = Some(ConfigSource::new(path, source, blocks));
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
        let stop_recorder = super::super::graceful::StopRecorder {
            directory: super::super::graceful::process_state_directory(),
            name: name.clone(),
        };
        let restart = super::super::graceful::RestartMarker::take(&stop_recorder.directory, &name);
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
        for (address, listener) in super::super::listen::addresses(&config.global.listen)
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
pub(super) fn spawn_neighbor(
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
        super::super::neighbor::restarting(&mut settings);
        tracing::info!(
            "neighbor {}: graceful restart (Restart State)",
            neighbor.address
        );
    }
    let (keepalives, sent) = reports_wanted(neighbor);
    settings.report_keepalives |= keepalives;
    settings.report_sent |= sent;
    let mut routes_out = AdjRibOut::with_settings(super::super::neighbor::send_settings(neighbor));
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
        tokio::time::timeout(std::time::Duration::from_secs(10), speaker.stop("bye"))
            .await
            .expect("stops in time");
    }
}
