//! The BGP listener: binds an address and port, accepts connections, closes those from
//! addresses that are no configured neighbor, and hands the others (stream and peer address)
//! to the caller, which routes each to its peer task (`PeerCmd::Incoming`).
//!
//! Per-peer TCP-MD5 keys and the GTSM minimum TTL are set on the listening socket, so that the
//! kernel checks the very first segment (an accepted socket inherits them). This module must
//! not know which peer task gets a connection nor speak BGP on it.

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::os::fd::{AsFd, OwnedFd};

use socket2::{Domain, Protocol, Socket, Type};
use tokio::net::{TcpListener, TcpStream};

use super::socket::{TtlPolicy, apply_ttl_policy, set_md5_key};

/// Pending connections the kernel keeps before `accept`.
const BACKLOG: i32 = 128;

/// A listening socket for BGP connections.
#[derive(Debug)]
pub struct Listener {
    listener: TcpListener,
    ipv6: bool,
    /// Connections closed because they came from no known neighbor.
    refused: u64,
}

/// A connection from a known neighbor.
#[derive(Debug)]
pub struct Accepted {
    pub stream: TcpStream,
    /// The neighbor's address and port (an IPv4-mapped IPv6 address is given as IPv4).
    pub remote: SocketAddr,
}

impl Listener {
    /// Binds `address` (port 0 picks a free port, see [`Listener::local_address`]) with
    /// `SO_REUSEADDR`. An IPv6 wildcard address also accepts IPv4 (dual stack).
    pub fn bind(address: SocketAddr) -> io::Result<Listener> {
        let ipv6 = address.is_ipv6();
        let domain = if ipv6 { Domain::IPV6 } else { Domain::IPV4 };
        let socket = Socket::new(domain, Type::STREAM, Some(Protocol::TCP))?;
        if ipv6 {
            socket.set_only_v6(false)?;
        }
        socket.set_reuse_address(true)?;
        socket.set_nonblocking(true)?;
        socket.bind(&address.into())?;
        socket.listen(BACKLOG)?;
        let listener = TcpListener::from_std(std::net::TcpListener::from(socket))?;
        Ok(Listener {
            listener,
            ipv6,
            refused: 0,
        })
    }

    /// The address actually bound.
    pub fn local_address(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Installs (or, with an empty key, removes) the RFC 2385 key for connections from `peer`.
    pub fn set_md5_key(&self, peer: IpAddr, key: &[u8]) -> io::Result<()> {
        set_md5_key(&self.listener, self.ipv6, peer, key)
    }

    /// Applies a TTL policy to the listening socket, inherited by every connection accepted
    /// from now on: for GTSM (RFC 5082) the minimum received TTL, so that the kernel drops a
    /// SYN from further away, and the outgoing TTL 255, which the SYN-ACK already needs for
    /// a peer that checks it. The kernel applies one value per listening socket: neighbors
    /// with different settings need their own listener (the peer task also sets its policy
    /// on each connection it is handed).
    pub fn set_ttl_policy(&self, policy: TtlPolicy) -> io::Result<()> {
        apply_ttl_policy(&self.listener, self.ipv6, policy)
    }

    /// A second handle on this socket for changing its TCP-MD5 keys once the accept loop
    /// owns the listener (a reload adds and removes neighbors).
    pub fn keys(&self) -> io::Result<ListenerKeys> {
        Ok(ListenerKeys {
            socket: self.listener.as_fd().try_clone_to_owned()?,
            ipv6: self.ipv6,
        })
    }

    /// How many connections were closed because no neighbor has their address.
    pub fn refused(&self) -> u64 {
        self.refused
    }

    /// Accepts the next connection whose peer address `is_known` approves, closing the others
    /// at once. Errors of `accept` itself are returned (the caller decides whether to go on).
    pub async fn accept(&mut self, is_known: impl Fn(&SocketAddr) -> bool) -> io::Result<Accepted> {
        loop {
            let (stream, remote) = self.listener.accept().await?;
            let remote = canonical(remote);
            if is_known(&remote) {
                stream.set_nodelay(true)?;
                return Ok(Accepted { stream, remote });
            }
            self.refused = self.refused.saturating_add(1);
            drop(stream);
        }
    }
}

/// A duplicate descriptor of a listening socket, only for its TCP-MD5 keys.
#[derive(Debug)]
pub struct ListenerKeys {
    socket: OwnedFd,
    ipv6: bool,
}

impl ListenerKeys {
    /// Installs (or, with an empty key, removes) the RFC 2385 key for connections from
    /// `peer`. An IPv4 socket takes no IPv6 peer: nothing to do then.
    pub fn set_md5_key(&self, peer: IpAddr, key: &[u8]) -> io::Result<()> {
        if !self.ipv6 && peer.is_ipv6() {
            return Ok(());
        }
        set_md5_key(&self.socket, self.ipv6, peer, key)
    }
}

/// An IPv4-mapped IPv6 address (from a dual-stack socket) as the IPv4 address it is.
pub fn canonical(address: SocketAddr) -> SocketAddr {
    match address {
        SocketAddr::V6(v6) => match v6.ip().to_ipv4_mapped() {
            Some(v4) => SocketAddr::new(IpAddr::V4(v4), v6.port()),
            None => address,
        },
        SocketAddr::V4(_) => address,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapped_addresses_become_ipv4() {
        let table = [
            ("[::ffff:127.0.0.2]:1790", "127.0.0.2:1790"),
            ("[::1]:179", "[::1]:179"),
            ("127.0.0.1:5", "127.0.0.1:5"),
        ];
        for (given, expected) in table {
            let given: SocketAddr = given.parse().expect("address");
            assert_eq!(canonical(given).to_string(), expected);
        }
    }

    #[tokio::test]
    async fn unknown_peers_are_closed_and_known_ones_handed_over() {
        use tokio::io::AsyncReadExt;
        let mut listener = Listener::bind("127.0.0.1:0".parse().expect("address")).expect("bind");
        let address = listener.local_address().expect("address");
        let known: IpAddr = "127.0.0.3".parse().expect("ip");
        let stranger = std::net::TcpStream::connect(address).expect("connect");
        let friend_socket = tokio::net::TcpSocket::new_v4().expect("socket");
        friend_socket
            .bind(SocketAddr::new(known, 0))
            .expect("bind friend");
        let friend = tokio::spawn(async move { friend_socket.connect(address).await });
        let accepted = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            listener.accept(|remote| remote.ip() == known),
        )
        .await
        .expect("in time")
        .expect("accepted");
        assert_eq!(accepted.remote.ip(), known);
        assert_eq!(listener.refused(), 1);
        let _friend = friend.await.expect("join").expect("connected");
        // The stranger sees its connection closed.
        let mut stranger = tokio::net::TcpStream::from_std({
            stranger.set_nonblocking(true).expect("nonblocking");
            stranger
        })
        .expect("tokio");
        let mut buffer = [0u8; 1];
        let read = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            stranger.read(&mut buffer),
        )
        .await
        .expect("in time");
        assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
    }
}
