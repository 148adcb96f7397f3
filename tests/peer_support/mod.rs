//! Shared helpers of the peer tests: configurations, routes, an event waiter with timeouts,
//! a hub-like accept loop, and raw BGP message I/O for scripted peers.
//!
//! Test code only; every wait here is bounded by a timeout.

#![allow(dead_code)]

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use ferrobgp::peer::{
    Listener, NeighborEvent, NeighborId, PeerCmd, PeerConfig, PeerEvent, PeerHandle, RouteChange,
    spawn_peer,
};
use ferrobgp::rib::{AdjRibOut, AttributeHandle, Owner, Route};
use ferrobgp::session::{RetryPolicy, SessionConfig};
use ferrobgp::wire::attribute::{AsPath, Attributes, Community, LargeCommunity, Origin};
use ferrobgp::wire::capability::Capability;
use ferrobgp::wire::family::Family;
use ferrobgp::wire::nlri::Nlri;
use ferrobgp::wire::nlri::mp::NextHop;
use ferrobgp::wire::nlri::prefix::{Prefix, PrefixNlri};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// The longest any single wait in these tests may take.
pub const WAIT: Duration = Duration::from_secs(10);

/// A session announcing IPv4 and IPv6 unicast, 4-octet AS, route refresh and enhanced route
/// refresh, with short retries.
pub fn session(local_as: u32, peer_as: u32, identifier: [u8; 4], hold_time: u16) -> SessionConfig {
    let mut config = SessionConfig::new(local_as, peer_as, Ipv4Addr::from(identifier));
    config.hold_time = hold_time;
    config.capabilities = vec![
        Capability::Multiprotocol(Family::IPV4_UNICAST),
        Capability::Multiprotocol(Family::IPV6_UNICAST),
        Capability::RouteRefresh,
        Capability::EnhancedRouteRefresh,
        Capability::FourOctetAs(local_as),
    ];
    config.retry = RetryPolicy {
        initial: Duration::from_millis(200),
        maximum: Duration::from_millis(1600),
    };
    config
}

/// A peer configuration with exact timers and every message reported.
pub fn peer(id: u32, remote: IpAddr, port: u16, session: SessionConfig) -> PeerConfig {
    let mut config = PeerConfig::new(NeighborId(id), remote, session);
    config.remote_port = port;
    config.jitter = false;
    config.report_keepalives = true;
    config.linger = Duration::from_secs(1);
    config
}

pub fn ip(text: &str) -> IpAddr {
    text.parse().expect("address")
}

pub fn nlri(text: &str) -> Nlri {
    let (address, length) = text.split_once('/').expect("prefix");
    let prefix = Prefix::new(ip(address), length.parse().expect("length")).expect("valid");
    Nlri::Unicast(PrefixNlri::new(prefix))
}

/// Attributes with MED, AS path, communities and large communities.
pub fn rich_attributes(first_as: u32) -> Attributes {
    Attributes {
        origin: Some(Origin::Igp),
        as_path: Some(AsPath::sequence(vec![first_as, 4_200_000_001])),
        med: Some(42),
        communities: vec![Community(0xFDE9_0064), Community(0xFFFF_FF01)],
        large_communities: vec![LargeCommunity {
            global_administrator: 4_200_000_001,
            local_data_part_1: 1,
            local_data_part_2: 2,
        }],
        ..Attributes::default()
    }
}

pub fn announce(prefix: &str, attributes: &Attributes, next_hop: NextHop) -> RouteChange {
    RouteChange::Announce {
        route: Route {
            nlri: nlri(prefix),
            attributes: AttributeHandle::new(attributes.clone()),
            next_hop,
        },
        owner: Owner::Static,
    }
}

/// Spawns a peer with an empty Adj-RIB-Out; returns its handle and event receiver.
pub fn spawn(config: PeerConfig) -> (PeerHandle, Events) {
    spawn_with_capacity(config, 1024)
}

/// Spawns a peer whose event channel holds `capacity` events.
pub fn spawn_with_capacity(config: PeerConfig, capacity: usize) -> (PeerHandle, Events) {
    let (sender, receiver) = mpsc::channel(capacity);
    let handle = spawn_peer(config, Box::new(AdjRibOut::new()), sender);
    (
        handle,
        Events {
            receiver,
            seen: Vec::new(),
        },
    )
}

/// The events of one peer, with bounded waits.
pub struct Events {
    pub receiver: mpsc::Receiver<NeighborEvent>,
    /// Every event received so far.
    pub seen: Vec<PeerEvent>,
}

impl Events {
    /// Waits for the first event matching `wanted`, within `timeout`; panics with what was
    /// seen otherwise.
    pub async fn wait_for(
        &mut self,
        what: &str,
        timeout: Duration,
        wanted: impl Fn(&PeerEvent) -> bool,
    ) -> PeerEvent {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let next = tokio::time::timeout_at(deadline, self.receiver.recv()).await;
            match next {
                Ok(Some(tagged)) => {
                    self.seen.push(tagged.event.clone());
                    if wanted(&tagged.event) {
                        return tagged.event;
                    }
                }
                Ok(None) => panic!("event channel closed waiting for {what}"),
                Err(_) => panic!(
                    "no {what} within {timeout:?}; seen: {:#?}",
                    self.seen.iter().map(short).collect::<Vec<_>>()
                ),
            }
        }
    }

    /// Collects the events of the next `duration`.
    pub async fn collect_for(&mut self, duration: Duration) -> Vec<PeerEvent> {
        let deadline = tokio::time::Instant::now() + duration;
        let mut events = Vec::new();
        while let Ok(Some(tagged)) = tokio::time::timeout_at(deadline, self.receiver.recv()).await {
            self.seen.push(tagged.event.clone());
            events.push(tagged.event);
        }
        events
    }
}

/// A one-line summary of an event for failure messages.
pub fn short(event: &PeerEvent) -> String {
    let text = format!("{event:?}");
    text.chars().take(160).collect()
}

/// A hub stand-in: accepts on `listener` and hands every connection from `neighbor` to the
/// peer task behind `commands`.
pub fn route_incoming(
    mut listener: Listener,
    neighbor: IpAddr,
    commands: mpsc::Sender<PeerCmd>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        while let Ok(accepted) = listener.accept(|remote| remote.ip() == neighbor).await {
            let command = PeerCmd::Incoming {
                stream: accepted.stream,
                remote: accepted.remote,
            };
            if commands.send(command).await.is_err() {
                return;
            }
        }
    })
}

/// A free port on `address` (bound then released).
pub fn free_port(address: IpAddr) -> u16 {
    std::net::TcpListener::bind(SocketAddr::new(address, 0))
        .expect("bind")
        .local_addr()
        .expect("address")
        .port()
}

/// Reads one whole BGP message (header included) within `timeout`.
pub async fn read_message(stream: &mut TcpStream, timeout: Duration) -> Vec<u8> {
    tokio::time::timeout(timeout, async {
        let mut header = [0u8; 19];
        stream.read_exact(&mut header).await.expect("header");
        let length = usize::from(u16::from_be_bytes([header[16], header[17]]));
        let mut message = header.to_vec();
        message.resize(length, 0);
        stream.read_exact(&mut message[19..]).await.expect("body");
        message
    })
    .await
    .expect("a message in time")
}

pub async fn write_message(stream: &mut TcpStream, message: &ferrobgp::wire::message::Message) {
    let bytes = message.encode(&ferrobgp::wire::negotiated::Negotiated::default());
    stream.write_all(&bytes).await.expect("write");
}
