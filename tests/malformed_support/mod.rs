//! Shared helpers of the malformed-input test: BGP messages built byte by byte (so that they
//! can be wrong in exactly one place), and a scripted raw-socket peer that connects to the
//! daemon from its own loopback address, completes the OPEN exchange and reads NOTIFICATIONs.
//!
//! Test code only; every read here is bounded by a timeout.

#![allow(dead_code)]

pub mod daemon;

use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// Our AS: a 4-octet one, so the OPEN carries AS_TRANS and the 4-octet AS capability.
pub const PEER_AS: u32 = 4_200_000_001;
/// RFC 6793 AS_TRANS.
pub const AS_TRANS: u16 = 23456;
pub const OPEN: u8 = 1;
pub const UPDATE: u8 = 2;
pub const NOTIFICATION: u8 = 3;
pub const KEEPALIVE: u8 = 4;

/// A whole message: marker, length (of header and body), type, body.
pub fn message(kind: u8, body: &[u8]) -> Vec<u8> {
    let length = u16::try_from(19 + body.len()).expect("short message");
    let mut out = vec![0xFF; 16];
    out.extend_from_slice(&length.to_be_bytes());
    out.push(kind);
    out.extend_from_slice(body);
    out
}

/// A header with a length field that says `length` whatever follows.
pub fn header(length: u16, kind: u8) -> Vec<u8> {
    let mut out = vec![0xFF; 16];
    out.extend_from_slice(&length.to_be_bytes());
    out.push(kind);
    out
}

/// The capabilities optional parameter: multiprotocol IPv4 unicast, IPv6 unicast, IPv4
/// flowspec, and 4-octet AS `asn`.
pub fn capabilities(asn: u32) -> Vec<u8> {
    let mut capabilities = Vec::new();
    for (afi, safi) in [(1u16, 1u8), (2, 1), (1, 133)] {
        capabilities.extend_from_slice(&[1, 4]);
        capabilities.extend_from_slice(&afi.to_be_bytes());
        capabilities.extend_from_slice(&[0, safi]);
    }
    capabilities.extend_from_slice(&[65, 4]);
    capabilities.extend_from_slice(&asn.to_be_bytes());
    let mut parameter = vec![2, u8::try_from(capabilities.len()).expect("short")];
    parameter.extend_from_slice(&capabilities);
    parameter
}

/// An OPEN with these fields and optional parameters.
pub fn open(
    version: u8,
    my_as: u16,
    hold_time: u16,
    identifier: [u8; 4],
    parameters: &[u8],
) -> Vec<u8> {
    let mut body = vec![version];
    body.extend_from_slice(&my_as.to_be_bytes());
    body.extend_from_slice(&hold_time.to_be_bytes());
    body.extend_from_slice(&identifier);
    body.push(u8::try_from(parameters.len()).expect("short"));
    body.extend_from_slice(parameters);
    message(OPEN, &body)
}

/// The OPEN a well-behaved peer sends: version 4, AS_TRANS, hold time 30, our capabilities.
pub fn good_open() -> Vec<u8> {
    open(4, AS_TRANS, 30, [10, 0, 0, 2], &capabilities(PEER_AS))
}

/// An UPDATE body from its three raw fields (lengths computed).
pub fn update(withdrawn: &[u8], attributes: &[u8], nlri: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(&u16::try_from(withdrawn.len()).expect("short").to_be_bytes());
    body.extend_from_slice(withdrawn);
    body.extend_from_slice(
        &u16::try_from(attributes.len())
            .expect("short")
            .to_be_bytes(),
    );
    body.extend_from_slice(attributes);
    body.extend_from_slice(nlri);
    message(UPDATE, &body)
}

/// One path attribute (without the extended length bit).
pub fn attribute(flags: u8, type_code: u8, value: &[u8]) -> Vec<u8> {
    let mut out = vec![flags, type_code, u8::try_from(value.len()).expect("short")];
    out.extend_from_slice(value);
    out
}

pub fn origin_igp() -> Vec<u8> {
    attribute(0x40, 1, &[0])
}

/// AS_PATH: one AS_SEQUENCE of 4-octet ASes.
pub fn as_path(path: &[u32]) -> Vec<u8> {
    let mut value = vec![2, u8::try_from(path.len()).expect("short")];
    for asn in path {
        value.extend_from_slice(&asn.to_be_bytes());
    }
    attribute(0x40, 2, &value)
}

pub fn next_hop(address: Ipv4Addr) -> Vec<u8> {
    attribute(0x40, 3, &address.octets())
}

/// ORIGIN, AS_PATH and NEXT_HOP of a valid eBGP route from us.
pub fn mandatory(next: Ipv4Addr) -> Vec<u8> {
    [origin_igp(), as_path(&[PEER_AS]), next_hop(next)].concat()
}

/// An IPv4 prefix in NLRI encoding.
pub fn prefix(address: [u8; 4], length: u8) -> Vec<u8> {
    let octets = usize::from(length).div_ceil(8).min(4);
    let mut out = vec![length];
    out.extend_from_slice(&address[..octets]);
    out
}

/// A NOTIFICATION as read from the socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub code: u8,
    pub subcode: u8,
    pub data: Vec<u8>,
}

/// What reading the next message gave.
#[derive(Debug)]
pub enum Read1 {
    Message(u8, Vec<u8>),
    Closed,
    TimedOut,
}

/// A scripted peer on one TCP connection to the daemon.
pub struct RawPeer {
    pub stream: TcpStream,
    pub local: Ipv4Addr,
}

impl RawPeer {
    /// Connects from `local` to the daemon's listener at `target`.
    pub fn connect(local: Ipv4Addr, target: SocketAddr) -> Result<RawPeer, String> {
        let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)
            .map_err(|error| format!("socket: {error}"))?;
        socket
            .bind(&SocketAddr::new(local.into(), 0).into())
            .map_err(|error| format!("bind {local}: {error}"))?;
        socket
            .connect_timeout(&target.into(), Duration::from_secs(5))
            .map_err(|error| format!("connect from {local}: {error}"))?;
        let stream: TcpStream = socket.into();
        stream.set_nodelay(true).ok();
        Ok(RawPeer { stream, local })
    }

    /// Accepts the next connection on `listener` (a non-blocking one is polled) within
    /// `timeout`; `Ok(None)` when none came. For peers that the speaker under test connects
    /// to.
    pub fn accept(
        listener: &std::net::TcpListener,
        timeout: Duration,
    ) -> Result<Option<RawPeer>, String> {
        let deadline = Instant::now() + timeout;
        listener
            .set_nonblocking(true)
            .map_err(|error| format!("nonblocking: {error}"))?;
        loop {
            match listener.accept() {
                Ok((stream, _remote)) => {
                    stream
                        .set_nonblocking(false)
                        .map_err(|error| format!("blocking: {error}"))?;
                    stream.set_nodelay(true).ok();
                    let local = match stream.local_addr().map(|address| address.ip()) {
                        Ok(std::net::IpAddr::V4(address)) => address,
                        _ => Ipv4Addr::UNSPECIFIED,
                    };
                    return Ok(Some(RawPeer { stream, local }));
                }
                Err(error) if error.kind() == ErrorKind::WouldBlock => {
                    if Instant::now() >= deadline {
                        return Ok(None);
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(error) => return Err(format!("accept: {error}")),
            }
        }
    }

    pub fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.stream
            .write_all(bytes)
            .map_err(|error| format!("write: {error}"))
    }

    /// Reads exactly `buffer.len()` octets before `deadline`; `Ok(false)` on EOF at the start.
    fn read_exact_until(
        &mut self,
        buffer: &mut [u8],
        deadline: Instant,
    ) -> Result<Option<bool>, String> {
        let mut filled = 0;
        while filled < buffer.len() {
            let now = Instant::now();
            if now >= deadline {
                return Ok(None);
            }
            self.stream
                .set_read_timeout(Some(deadline - now))
                .map_err(|error| format!("timeout: {error}"))?;
            match self.stream.read(&mut buffer[filled..]) {
                Ok(0) => return Ok(Some(false)),
                Ok(count) => filled += count,
                Err(error)
                    if matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
                {
                    return Ok(None);
                }
                Err(error) if error.kind() == ErrorKind::ConnectionReset => {
                    return Ok(Some(false));
                }
                Err(error) => return Err(format!("read: {error}")),
            }
        }
        Ok(Some(true))
    }

    /// The next message (type and body), within `timeout`.
    pub fn read(&mut self, timeout: Duration) -> Result<Read1, String> {
        let deadline = Instant::now() + timeout;
        let mut head = [0u8; 19];
        match self.read_exact_until(&mut head, deadline)? {
            None => return Ok(Read1::TimedOut),
            Some(false) => return Ok(Read1::Closed),
            Some(true) => {}
        }
        let length = usize::from(u16::from_be_bytes([head[16], head[17]]));
        let mut body = vec![0u8; length.saturating_sub(19)];
        match self.read_exact_until(&mut body, deadline)? {
            None => Err("message body timed out".into()),
            Some(false) => Err("closed inside a message".into()),
            Some(true) => Ok(Read1::Message(head[18], body)),
        }
    }

    /// Reads until a message of `kind`, within `timeout`, skipping others.
    pub fn expect(&mut self, kind: u8, timeout: Duration) -> Result<Vec<u8>, String> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.read(left)? {
                Read1::Message(got, body) if got == kind => return Ok(body),
                Read1::Message(NOTIFICATION, body) => {
                    return Err(format!(
                        "NOTIFICATION {body:02X?} while waiting for type {kind}"
                    ));
                }
                Read1::Message(..) => {}
                Read1::Closed => return Err(format!("closed while waiting for type {kind}")),
                Read1::TimedOut => return Err(format!("no type {kind} within {timeout:?}")),
            }
        }
    }

    /// Reads the daemon's OPEN, sends ours and a KEEPALIVE, and reads its KEEPALIVE.
    pub fn establish(&mut self) -> Result<(), String> {
        self.expect(OPEN, Duration::from_secs(5))?;
        self.send(&good_open())?;
        self.send(&message(KEEPALIVE, &[]))?;
        self.expect(KEEPALIVE, Duration::from_secs(5))?;
        Ok(())
    }

    /// The NOTIFICATION the daemon sends next (other messages skipped), within `timeout`.
    pub fn notification(&mut self, timeout: Duration) -> Result<Notification, String> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.read(left)? {
                Read1::Message(NOTIFICATION, body) if body.len() >= 2 => {
                    return Ok(Notification {
                        code: body[0],
                        subcode: body[1],
                        data: body[2..].to_vec(),
                    });
                }
                Read1::Message(..) => {}
                Read1::Closed => return Err("closed without a NOTIFICATION".into()),
                Read1::TimedOut => return Err(format!("no NOTIFICATION within {timeout:?}")),
            }
        }
    }

    /// Checks that, for `duration`, nothing but KEEPALIVEs and UPDATEs arrives and the connection stays
    /// open.
    pub fn stays_up(&mut self, duration: Duration) -> Result<(), String> {
        let deadline = Instant::now() + duration;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(());
            }
            match self.read(left)? {
                Read1::TimedOut => return Ok(()),
                // KEEPALIVEs, and the daemon's End-of-RIB UPDATEs.
                Read1::Message(KEEPALIVE | UPDATE, _) => {}
                Read1::Message(kind, body) => {
                    return Err(format!("unexpected message type {kind}: {body:02X?}"));
                }
                Read1::Closed => return Err("the session was closed".into()),
            }
        }
    }
}
