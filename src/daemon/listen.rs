//! The hub's listening sockets: bound from the configuration's `listen` addresses, keyed for
//! the neighbors' TCP-MD5 keys, and each served by an accept task that hands connections
//! from known neighbors to the hub (`HubCmd::Incoming`), which routes them to the peer task.
//!
//! The set of known addresses is published by the hub through a `watch` channel, so a reload
//! can change it without rebinding. Must not decide which peer gets a connection.

use std::collections::HashSet;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tracing::Instrument;

use crate::config::Listen;
use crate::peer::{Listener, TtlPolicy};

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
