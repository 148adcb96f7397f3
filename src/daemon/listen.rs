//! The hub's listening sockets: bound from the configuration's `listen` addresses, keyed for
//! the neighbors' TCP-MD5 keys, and each served by an accept task that hands connections
//! from known neighbors to the hub (`HubCmd::Incoming`), which routes them to the peer task.
//!
//! The set of known addresses is published by the hub through a `watch` channel, so a reload
//! can change it without rebinding. A reload that changes `listen` binds the new addresses
//! first ([`bind_all`] on [`ListenPlan::added`]; a failure changes nothing), then stops the
//! accept loops of the removed ones ([`RunningListener`]) and starts the new ones; the others
//! keep their socket. Must not decide which peer gets a connection.

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tracing::Instrument;

use crate::config::Config;
use crate::config::Listen;
use crate::peer::{Listener, ListenerKeys, TtlPolicy};

use super::commands::HubCmd;

/// The addresses connections are accepted from.
pub type KnownAddresses = Arc<HashSet<IpAddr>>;

/// A neighbor as the listeners need it: address, key, TTL policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListenerNeighbor {
    pub address: IpAddr,
    pub md5_key: Option<Vec<u8>>,
    pub ttl: TtlPolicy,
}

/// A listening socket that could not be set up.
#[derive(Debug)]
pub struct ListenError {
    pub address: SocketAddr,
    pub error: io::Error,
}

impl std::fmt::Display for ListenError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            formatter,
            "cannot listen on {}: {}",
            self.address, self.error
        )
    }
}

/// Binds every configured address, installing each neighbor's MD5 key (for the neighbors of
/// the socket's family, or IPv4 ones on a dual-stack IPv6 socket) and, when every neighbor
/// has the same non-default TTL policy, that policy (the kernel takes one per socket).
pub fn bind_all(
    listen: &Listen,
    neighbors: &[ListenerNeighbor],
) -> Result<Vec<Listener>, ListenError> {
    let addresses = match listen {
        Listen::Off => return Ok(Vec::new()),
        Listen::On(addresses) => addresses,
    };
    let shared_ttl = common_ttl(neighbors);
    let mut listeners = Vec::with_capacity(addresses.len());
    for address in addresses {
        let fail = |error| ListenError {
            address: *address,
            error,
        };
        let listener = Listener::bind(*address).map_err(fail)?;
        for neighbor in neighbors {
            let Some(key) = &neighbor.md5_key else {
                continue;
            };
            if address.is_ipv4() && neighbor.address.is_ipv6() {
                continue;
            }
            listener.set_md5_key(neighbor.address, key).map_err(fail)?;
        }
        if let Some(policy) = shared_ttl {
            listener.set_ttl_policy(policy).map_err(fail)?;
        }
        listeners.push(listener);
    }
    Ok(listeners)
}

/// The addresses a `listen` setting names (none for `listen #false`).
pub fn addresses(listen: &Listen) -> &[SocketAddr] {
    match listen {
        Listen::Off => &[],
        Listen::On(addresses) => addresses,
    }
}

/// What a reload does to the listeners: addresses to bind and to stop; the others are kept.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListenPlan {
    pub added: Vec<SocketAddr>,
    pub removed: Vec<SocketAddr>,
}

impl ListenPlan {
    pub fn new(old: &Listen, new: &Listen) -> ListenPlan {
        let old = addresses(old);
        let new = addresses(new);
        ListenPlan {
            added: new
                .iter()
                .filter(|address| !old.contains(address))
                .copied()
                .collect(),
            removed: old
                .iter()
                .filter(|address| !new.contains(address))
                .copied()
                .collect(),
        }
    }
}

/// The neighbors of `config` as the listeners need them, with the keys read for them.
pub fn listener_neighbors(
    config: &Config,
    keys: &BTreeMap<IpAddr, Vec<u8>>,
) -> Vec<ListenerNeighbor> {
    config
        .neighbors
        .iter()
        .map(|neighbor| ListenerNeighbor {
            address: neighbor.address,
            md5_key: keys.get(&neighbor.address).cloned(),
            ttl: super::neighbor::ttl_policy(neighbor.ttl),
        })
        .collect()
}

/// One listening address being served: its accept loop, and a handle on the socket for its
/// TCP-MD5 keys. Dropping it (or [`RunningListener::abort`]) closes the socket.
#[derive(Debug)]
pub struct RunningListener {
    /// The address as configured (port 0 stays 0: the bound port is in the log).
    pub address: SocketAddr,
    task: JoinHandle<()>,
    keys: Option<ListenerKeys>,
}

impl RunningListener {
    /// Starts accepting on `listener`, bound for the configured `address`.
    pub fn start(
        address: SocketAddr,
        listener: Listener,
        known: watch::Receiver<KnownAddresses>,
        hub: mpsc::Sender<HubCmd>,
        span: tracing::Span,
    ) -> RunningListener {
        if let Ok(bound) = listener.local_address() {
            tracing::info!("listening on {bound}");
        }
        let keys = match listener.keys() {
            Ok(keys) => Some(keys),
            Err(error) => {
                tracing::warn!("a reload cannot change this listener's keys: {error}");
                None
            }
        };
        RunningListener {
            address,
            task: spawn_accept_loop(listener, known, hub, span),
            keys,
        }
    }

    /// Installs (or, with an empty key, removes) the TCP-MD5 key for `peer`.
    pub fn set_md5_key(&self, peer: IpAddr, key: &[u8]) -> io::Result<()> {
        match &self.keys {
            Some(keys) => keys.set_md5_key(peer, key),
            None => Ok(()),
        }
    }

    /// Stops accepting and closes the socket (the accept loop's and the keys' descriptors:
    /// a descriptor left open would keep the kernel accepting into the backlog).
    pub fn abort(mut self) {
        self.task.abort();
        self.keys = None;
    }
}

impl Drop for RunningListener {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The TTL policy every neighbor shares, if it is not the system's default.
pub fn common_ttl(neighbors: &[ListenerNeighbor]) -> Option<TtlPolicy> {
    let first = neighbors.first()?.ttl;
    let shared = neighbors.iter().all(|neighbor| neighbor.ttl == first);
    (shared && first != TtlPolicy::System).then_some(first)
}

/// Accepts on `listener` until the hub goes away, handing connections from known addresses
/// to the hub. An `accept` error (out of file descriptors, …) is logged and retried after a
/// pause, so that it cannot spin.
pub fn spawn_accept_loop(
    mut listener: Listener,
    known: watch::Receiver<KnownAddresses>,
    hub: mpsc::Sender<HubCmd>,
    span: tracing::Span,
) -> JoinHandle<()> {
    let address = listener
        .local_address()
        .map_or_else(|_| "?".to_owned(), |address| address.to_string());
    let task = async move {
        loop {
            let accepted = listener
                .accept(|remote| known.borrow().contains(&remote.ip()))
                .await;
            match accepted {
                Ok(accepted) => {
                    if hub.send(HubCmd::Incoming(accepted)).await.is_err() {
                        return;
                    }
                }
                Err(error) => {
                    tracing::warn!("accepting on {address}: {error}");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            }
        }
    };
    tokio::spawn(task.instrument(span))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn neighbor(address: &str, ttl: TtlPolicy) -> ListenerNeighbor {
        ListenerNeighbor {
            address: address.parse().expect("address"),
            md5_key: None,
            ttl,
        }
    }

    #[test]
    fn a_ttl_policy_goes_on_the_listener_only_when_all_share_it() {
        let gtsm = TtlPolicy::Gtsm { hops: 1 };
        assert_eq!(common_ttl(&[]), None);
        assert_eq!(
            common_ttl(&[neighbor("192.0.2.2", gtsm), neighbor("192.0.2.3", gtsm)]),
            Some(gtsm)
        );
        assert_eq!(
            common_ttl(&[
                neighbor("192.0.2.2", gtsm),
                neighbor("192.0.2.3", TtlPolicy::System)
            ]),
            None
        );
        assert_eq!(
            common_ttl(&[neighbor("192.0.2.2", TtlPolicy::System)]),
            None
        );
    }

    #[test]
    fn a_listen_change_binds_only_new_addresses_and_stops_only_removed_ones() {
        let on = |addresses: &[&str]| {
            Listen::On(
                addresses
                    .iter()
                    .map(|address| address.parse().expect("address"))
                    .collect(),
            )
        };
        let parse = |address: &str| address.parse::<SocketAddr>().expect("address");
        let plan = ListenPlan::new(
            &on(&["127.0.0.1:179", "[::1]:179"]),
            &on(&["127.0.0.1:179", "127.0.0.1:1790"]),
        );
        assert_eq!(plan.added, vec![parse("127.0.0.1:1790")]);
        assert_eq!(plan.removed, vec![parse("[::1]:179")]);
        let off = ListenPlan::new(&on(&["127.0.0.1:179"]), &Listen::Off);
        assert_eq!((off.added.len(), off.removed.len()), (0, 1));
        let back = ListenPlan::new(&Listen::Off, &on(&["127.0.0.1:179"]));
        assert_eq!((back.added.len(), back.removed.len()), (1, 0));
        assert_eq!(
            ListenPlan::new(&Listen::Off, &Listen::Off),
            ListenPlan::default()
        );
    }

    #[tokio::test]
    async fn an_aborted_listener_closes_its_socket() {
        let listener = Listener::bind("127.0.0.1:0".parse().expect("address")).expect("bind");
        let bound = listener.local_address().expect("address");
        let (_known_sender, known) = watch::channel(KnownAddresses::default());
        let (hub, _hub_receiver) = mpsc::channel(1);
        let running = RunningListener::start(bound, listener, known, hub, tracing::Span::none());
        running.abort();
        // Bound again once both descriptors are closed (the aborted task drops its socket
        // when the runtime next polls it): a bounded poll.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            if Listener::bind(bound).is_ok() {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "{bound} still bound");
            tokio::task::yield_now().await;
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }

    #[tokio::test]
    async fn binding_keys_and_off() {
        assert!(bind_all(&Listen::Off, &[]).expect("off").is_empty());
        let mut keyed = neighbor("127.0.0.2", TtlPolicy::System);
        keyed.md5_key = Some(b"secret".to_vec());
        let listen = Listen::On(vec!["127.0.0.1:0".parse().expect("address")]);
        let listeners =
            bind_all(&listen, &[keyed, neighbor("::1", TtlPolicy::System)]).expect("bound");
        assert_eq!(listeners.len(), 1);
        let taken = listeners[0].local_address().expect("address");
        let again = bind_all(&Listen::On(vec![taken]), &[]);
        // SO_REUSEADDR does not allow two listeners on one address.
        let error = again.expect_err("in use");
        assert!(
            error
                .to_string()
                .starts_with(&format!("cannot listen on {taken}")),
            "{error}"
        );
    }
}
