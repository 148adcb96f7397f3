//! BGP's TCP sockets: the outgoing connection (local address and port, TCP-MD5, TTL) and the
//! socket options a listener and an accepted connection need.
//!
//! Linux only. The options that neither `socket2` nor `nix` wraps (TCP_MD5SIG, IP_MINTTL,
//! IPV6_MINHOPCOUNT) go through `libc::setsockopt` with the kernel's own structure. This
//! module knows nothing of BGP messages, sessions or timers: it makes and tunes sockets.

use std::io;
use std::mem::{size_of, zeroed};
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::os::fd::{AsFd, AsRawFd, RawFd};

use socket2::{SockAddr, SockRef};
use tokio::net::{TcpSocket, TcpStream};

/// The IANA port for BGP (RFC 4271 §8.2.1: "BGP uses TCP port 179").
pub const BGP_PORT: u16 = 179;

/// The largest key the kernel takes (`TCP_MD5SIG_MAXKEYLEN`).
pub const MAXIMUM_MD5_KEY_LENGTH: usize = 80;

/// The TTL (IPv4) or hop limit (IPv6) a session's packets are sent with and checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TtlPolicy {
    /// The system's default TTL, nothing checked on receipt.
    #[default]
    System,
    /// Send with this TTL (eBGP multihop: the number of hops the peer may be away; 1 for a
    /// directly connected eBGP peer).
    Outgoing(u8),
    /// RFC 5082 GTSM: send with TTL 255 and drop what arrives with a TTL below
    /// `256 - hops` (255 for a directly connected peer, `hops` = 1).
    Gtsm { hops: u8 },
}

impl TtlPolicy {
    /// The smallest TTL accepted on receipt, if the policy checks one.
    pub fn minimum_ttl(self) -> Option<u8> {
        match self {
            TtlPolicy::Gtsm { hops } => {
                // RFC 5082 §3: the receive policy admits only packets whose TTL is within
                // the trust radius of 255; `hops` 0 is read as 1 (directly connected).
                Some(u8::try_from(256u16.saturating_sub(u16::from(hops.max(1)))).unwrap_or(255))
            }
            TtlPolicy::System | TtlPolicy::Outgoing(_) => None,
        }
    }

    /// The TTL packets are sent with, if the policy sets one.
    pub fn outgoing_ttl(self) -> Option<u8> {
        match self {
            TtlPolicy::System => None,
            TtlPolicy::Outgoing(ttl) => Some(ttl.max(1)),
            // RFC 5082 §3: the outbound TTL of the protocol connection is set to 255.
            TtlPolicy::Gtsm { .. } => Some(255),
        }
    }
}

/// How to open an outgoing connection.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConnectOptions {
    /// The peer's address and port.
    pub remote: SocketAddr,
    /// Bind to this local address before connecting (the neighbor's `local-address`).
    pub local_address: Option<IpAddr>,
    /// Bind to this local port (with `SO_REUSEADDR`); the system picks one when `None`.
    pub local_port: Option<u16>,
    /// The RFC 2385 key shared with the peer.
    pub md5_key: Option<Vec<u8>>,
    pub ttl: TtlPolicy,
}

impl ConnectOptions {
    /// Plain options: no bind, no key, the system's TTL.
    pub fn new(remote: SocketAddr) -> ConnectOptions {
        ConnectOptions {
            remote,
            local_address: None,
            local_port: None,
            md5_key: None,
            ttl: TtlPolicy::System,
        }
    }
}

/// Opens a connection to the peer: a socket of the remote address's family, the MD5 key and
/// TTL options set, bound if asked, then connected.
///
/// RFC 2385 §2: "Every segment sent on a TCP connection to be protected against spoofing will
/// contain the 16-byte MD5 digest" — the SYN included, so the key is installed before
/// `connect`.
pub async fn connect(options: &ConnectOptions) -> io::Result<TcpStream> {
    let remote = options.remote;
    let socket = if remote.is_ipv6() {
        TcpSocket::new_v6()?
    } else {
        TcpSocket::new_v4()?
    };
    let ipv6 = remote.is_ipv6();
    if let Some(key) = &options.md5_key {
        set_md5_key(&socket, ipv6, remote.ip(), key)?;
    }
    apply_ttl_policy(&socket, ipv6, options.ttl)?;
    SockRef::from(&socket).set_tcp_nodelay(true)?;
    if options.local_address.is_some() || options.local_port.is_some() {
        let address = options.local_address.unwrap_or(if ipv6 {
            IpAddr::V6(Ipv6Addr::UNSPECIFIED)
        } else {
            IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED)
        });
        if options.local_port.is_some() {
            socket.set_reuseaddr(true)?;
        }
        socket.bind(SocketAddr::new(address, options.local_port.unwrap_or(0)))?;
    }
    socket.connect(remote).await
}

/// `struct tcp_md5sig` of linux/tcp.h (uapi), for TCP_MD5SIG.
#[repr(C)]
struct TcpMd5Signature {
    address: libc::sockaddr_storage,
    flags: u8,
    prefix_length: u8,
    key_length: u16,
    interface_index: libc::c_int,
    key: [u8; MAXIMUM_MD5_KEY_LENGTH],
}

/// Installs the RFC 2385 key for `peer` on a socket of family IPv6 (`socket_ipv6`) or IPv4;
/// an empty key removes it. On a listening socket it applies to the connections accepted
/// from `peer` (one call per peer); on an outgoing socket it must precede `connect`.
///
/// An IPv4 peer on an IPv6 socket (dual-stack listener) is keyed by its IPv4-mapped address,
/// as the kernel sees it.
pub fn set_md5_key(
    socket: &impl AsFd,
    socket_ipv6: bool,
    peer: IpAddr,
    key: &[u8],
) -> io::Result<()> {
    if key.len() > MAXIMUM_MD5_KEY_LENGTH {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "TCP-MD5 key of {} octets (at most {MAXIMUM_MD5_KEY_LENGTH})",
                key.len()
            ),
        ));
    }
    let peer = match (peer, socket_ipv6) {
        (IpAddr::V4(address), true) => IpAddr::V6(address.to_ipv6_mapped()),
        (address, _) => address,
    };
    let address = SockAddr::from(SocketAddr::new(peer, 0));
    // SAFETY: an all-zero tcp_md5sig is valid (it is what the kernel expects for unused
    // fields); the address is copied within both sizes.
    let mut signature: TcpMd5Signature = unsafe { zeroed() };
    let address_length = usize::try_from(address.len())
        .unwrap_or(usize::MAX)
        .min(size_of::<libc::sockaddr_storage>());
    // SAFETY: both pointers are valid for `address_length` bytes and do not overlap.
    unsafe {
        std::ptr::copy_nonoverlapping(
            address.as_ptr().cast::<u8>(),
            (&raw mut signature.address).cast::<u8>(),
            address_length,
        );
    }
    signature.key_length = u16::try_from(key.len()).unwrap_or(0);
    if let Some(slot) = signature.key.get_mut(..key.len()) {
        slot.copy_from_slice(key);
    }
    set_option(
        socket.as_fd().as_raw_fd(),
        libc::IPPROTO_TCP,
        libc::TCP_MD5SIG,
        &signature,
    )
}

/// Sets the TTL policy's outgoing TTL and minimum received TTL on a socket of family IPv6
/// (`ipv6`) or IPv4. `TtlPolicy::System` changes nothing.
pub fn apply_ttl_policy(socket: &impl AsFd, ipv6: bool, policy: TtlPolicy) -> io::Result<()> {
    if let Some(ttl) = policy.outgoing_ttl() {
        set_outgoing_ttl(socket, ipv6, ttl)?;
    }
    if let Some(minimum) = policy.minimum_ttl() {
        set_minimum_ttl(socket, ipv6, minimum)?;
    }
    Ok(())
}

/// The TTL (IPv4) or unicast hop limit (IPv6) of the packets sent.
pub fn set_outgoing_ttl(socket: &impl AsFd, ipv6: bool, ttl: u8) -> io::Result<()> {
    let socket = SockRef::from(socket);
    if ipv6 {
        socket.set_unicast_hops_v6(u32::from(ttl))
    } else {
        socket.set_ttl_v4(u32::from(ttl))
    }
}

/// The TTL (IPv4) or unicast hop limit (IPv6) of the packets sent, as the kernel reports it.
pub fn outgoing_ttl(socket: &impl AsFd, ipv6: bool) -> io::Result<u32> {
    let socket = SockRef::from(socket);
    if ipv6 {
        socket.unicast_hops_v6()
    } else {
        socket.ttl_v4()
    }
}

/// Drops received packets whose TTL (IP_MINTTL) or hop limit (IPV6_MINHOPCOUNT) is below
/// `minimum`; 0 turns the check off. On a listener it is inherited by accepted connections.
pub fn set_minimum_ttl(socket: &impl AsFd, ipv6: bool, minimum: u8) -> io::Result<()> {
    let (level, option) = minimum_ttl_option(ipv6);
    set_option(
        socket.as_fd().as_raw_fd(),
        level,
        option,
        &libc::c_int::from(minimum),
    )
}

/// The minimum received TTL or hop limit set on the socket (0: none).
pub fn minimum_ttl(socket: &impl AsFd, ipv6: bool) -> io::Result<u8> {
    let (level, option) = minimum_ttl_option(ipv6);
    let mut value: libc::c_int = 0;
    let mut length = socklen_of::<libc::c_int>();
    // SAFETY: `value` and `length` are valid for writing and `length` is their size.
    let result = unsafe {
        libc::getsockopt(
            socket.as_fd().as_raw_fd(),
            level,
            option,
            (&raw mut value).cast::<libc::c_void>(),
            &mut length,
        )
    };
    if result != 0 {
        return Err(io::Error::last_os_error());
    }
    u8::try_from(value).map_err(|_| io::Error::other(format!("minimum TTL {value}")))
}

fn minimum_ttl_option(ipv6: bool) -> (libc::c_int, libc::c_int) {
    if ipv6 {
        (libc::IPPROTO_IPV6, libc::IPV6_MINHOPCOUNT)
    } else {
        (libc::IPPROTO_IP, libc::IP_MINTTL)
    }
}

fn socklen_of<T>() -> libc::socklen_t {
    libc::socklen_t::try_from(size_of::<T>()).unwrap_or(libc::socklen_t::MAX)
}

/// `setsockopt` with a value of type `T`.
fn set_option<T>(fd: RawFd, level: libc::c_int, option: libc::c_int, value: &T) -> io::Result<()> {
    // SAFETY: `value` points to a live `T` of `size_of::<T>()` bytes for the call.
    let result = unsafe {
        libc::setsockopt(
            fd,
            level,
            option,
            (value as *const T).cast::<libc::c_void>(),
            socklen_of::<T>(),
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_policy_values() {
        let table = [
            (TtlPolicy::System, None, None),
            (TtlPolicy::Outgoing(2), Some(2), None),
            (TtlPolicy::Outgoing(0), Some(1), None),
            (TtlPolicy::Gtsm { hops: 1 }, Some(255), Some(255)),
            (TtlPolicy::Gtsm { hops: 0 }, Some(255), Some(255)),
            (TtlPolicy::Gtsm { hops: 3 }, Some(255), Some(253)),
            (TtlPolicy::Gtsm { hops: 255 }, Some(255), Some(1)),
        ];
        for (policy, outgoing, minimum) in table {
            assert_eq!(policy.outgoing_ttl(), outgoing, "{policy:?}");
            assert_eq!(policy.minimum_ttl(), minimum, "{policy:?}");
        }
    }

    #[test]
    fn the_md5_structure_has_the_kernel_layout() {
        // sockaddr_storage (128) + flags, prefixlen, keylen, ifindex (8) + key (80).
        assert_eq!(size_of::<TcpMd5Signature>(), 216);
    }

    #[test]
    fn an_overlong_md5_key_is_refused() {
        let socket = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let error = set_md5_key(&socket, false, "127.0.0.1".parse().expect("ip"), &[0; 81])
            .expect_err("refused");
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
        set_md5_key(&socket, false, "127.0.0.1".parse().expect("ip"), &[7; 80]).expect("80");
    }
}
