//! The recording peer of the differential tests: a BGP speaker on a loopback address that the
//! speaker under test (ExaBGP or ferrobgp) connects to. It answers the OPEN with the
//! capabilities a scenario needs (built with `ferrobgp::wire`), then records every UPDATE,
//! NOTIFICATION and ROUTE-REFRESH it receives, raw and in order, one list per session. It can
//! send scripted messages and close the connection; the speaker then reconnects and a new
//! session is recorded.
//!
//! Connections are accepted with `malformed_support::RawPeer::accept`; messages are split with
//! `wire::header::decode_frame`. One thread per peer; every wait is bounded.

use std::net::{IpAddr, Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ferrobgp::wire::capability::{AddPathDirection, AddPathFamily, Capability};
use ferrobgp::wire::family::Family;
use ferrobgp::wire::header::{decode_frame, encode_message};
use ferrobgp::wire::message::Message;
use ferrobgp::wire::negotiated::{EXTENDED_MESSAGE_SIZE, Negotiated};
use ferrobgp::wire::open::Open;

use crate::malformed_support::{KEEPALIVE, OPEN, RawPeer};

/// What the recording peer announces in its OPEN.
#[derive(Debug, Clone)]
pub struct PeerSetup {
    pub asn: u32,
    pub identifier: Ipv4Addr,
    pub families: Vec<Family>,
    /// Families with ADD-PATH send/receive.
    pub add_path: Vec<Family>,
}

impl PeerSetup {
    /// Our OPEN: multiprotocol per family, route refresh and enhanced route refresh, 4-octet
    /// AS, ADD-PATH when asked. Hold time 180, as both speakers default to.
    pub fn open(&self) -> Open {
        let mut capabilities: Vec<Capability> = self
            .families
            .iter()
            .map(|family| Capability::Multiprotocol(*family))
            .collect();
        capabilities.push(Capability::RouteRefresh);
        capabilities.push(Capability::EnhancedRouteRefresh);
        capabilities.push(Capability::FourOctetAs(self.asn));
        if !self.add_path.is_empty() {
            capabilities.push(Capability::AddPath(
                self.add_path
                    .iter()
                    .map(|family| AddPathFamily::new(*family, AddPathDirection::Both))
                    .collect(),
            ));
        }
        Open::new(self.asn, 180, self.identifier, capabilities)
    }
}

/// One session, from the speaker's OPEN to the close.
#[derive(Debug, Clone, Default)]
pub struct Session {
    /// The speaker's OPEN.
    pub open: Option<Open>,
    /// The speaker's KEEPALIVE after the OPENs arrived: the session is Established.
    pub established: bool,
    /// Every UPDATE, NOTIFICATION and ROUTE-REFRESH, whole (header included), in order.
    pub messages: Vec<Vec<u8>>,
    pub closed: bool,
}

impl Session {
    /// The codec context of this session, as the peer sees it.
    pub fn negotiated(&self, setup: &PeerSetup) -> Option<Negotiated> {
        let speaker = self.open.as_ref()?;
        Some(Negotiated::from_opens(&setup.open(), speaker))
    }
}

#[derive(Debug, Default)]
struct Record {
    sessions: Vec<Session>,
    problem: Option<String>,
}

type Shared = Arc<(Mutex<Record>, Condvar)>;

/// A listening recording peer.
pub struct RecordingPeer {
    pub address: Ipv4Addr,
    pub port: u16,
    pub setup: PeerSetup,
    shared: Shared,
    writer: Arc<Mutex<Option<TcpStream>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl RecordingPeer {
    /// Listens on `address`, on a port the system chooses.
    pub fn start(address: Ipv4Addr, setup: PeerSetup) -> RecordingPeer {
        let listener = TcpListener::bind(SocketAddr::new(IpAddr::V4(address), 0))
            .unwrap_or_else(|error| panic!("recording peer cannot listen on {address}: {error}"));
        let port = listener.local_addr().expect("listener address").port();
        let shared: Shared = Arc::default();
        let writer = Arc::new(Mutex::new(None));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (shared, writer, stop, setup) =
                (shared.clone(), writer.clone(), stop.clone(), setup.clone());
            std::thread::spawn(move || serve(listener, setup, shared, writer, stop))
        };
        RecordingPeer {
            address,
            port,
            setup,
            shared,
            writer,
            stop,
            thread: Some(thread),
        }
    }

    /// A copy of every session so far.
    pub fn sessions(&self) -> Vec<Session> {
        self.shared.0.lock().expect("record").sessions.clone()
    }

    /// Waits until `ready` holds for the sessions; the error names `what` and shows them.
    pub fn wait(
        &self,
        what: &str,
        timeout: Duration,
        ready: impl Fn(&[Session]) -> bool,
    ) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        let (lock, arrived) = &*self.shared;
        let mut record = lock.lock().expect("record");
        loop {
            if let Some(problem) = &record.problem {
                return Err(format!("recording peer {}: {problem}", self.address));
            }
            if ready(&record.sessions) {
                return Ok(());
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(format!(
                    "recording peer {}: {what} not within {timeout:?}; sessions: {}",
                    self.address,
                    describe(&record.sessions)
                ));
            }
            record = arrived
                .wait_timeout(record, deadline - now)
                .expect("record")
                .0;
        }
    }

    /// Sends a whole message on the current session.
    pub fn send(&self, bytes: &[u8]) -> Result<(), String> {
        use std::io::Write;
        let mut writer = self.writer.lock().expect("writer");
        let stream = writer
            .as_mut()
            .ok_or_else(|| format!("recording peer {}: no session to send on", self.address))?;
        stream
            .write_all(bytes)
            .map_err(|error| format!("recording peer {}: write: {error}", self.address))
    }

    /// Closes the current session's connection (no NOTIFICATION).
    pub fn close(&self) {
        if let Some(stream) = self.writer.lock().expect("writer").take() {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

impl Drop for RecordingPeer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.close();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// One line per session: its state and the messages as hex.
pub fn describe(sessions: &[Session]) -> String {
    let mut out = String::new();
    for (index, session) in sessions.iter().enumerate() {
        out.push_str(&format!(
            "\n  session {index}: established {}, closed {}",
            session.established, session.closed
        ));
        for message in &session.messages {
            out.push_str(&format!("\n    {}", hex(message)));
        }
    }
    out
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02X}")).collect()
}

fn update(shared: &Shared, change: impl FnOnce(&mut Record)) {
    let (lock, arrived) = &**shared;
    if let Ok(mut record) = lock.lock() {
        change(&mut record);
    }
    arrived.notify_all();
}

/// The peer's thread: accept, OPEN exchange, record, again after every close.
fn serve(
    listener: TcpListener,
    setup: PeerSetup,
    shared: Shared,
    writer: Arc<Mutex<Option<TcpStream>>>,
    stop: Arc<AtomicBool>,
) {
    let our_open = Message::Open(setup.open()).encode(&Negotiated::default());
    let keepalive = encode_message(KEEPALIVE, &[]);
    while !stop.load(Ordering::SeqCst) {
        let mut peer = match RawPeer::accept(&listener, Duration::from_millis(200)) {
            Ok(Some(peer)) => peer,
            Ok(None) => continue,
            Err(problem) => {
                update(&shared, |record| record.problem = Some(problem));
                return;
            }
        };
        let index = {
            let mut index = 0;
            update(&shared, |record| {
                record.sessions.push(Session::default());
                index = record.sessions.len() - 1;
            });
            index
        };
        if let Ok(clone) = peer.stream.try_clone() {
            *writer.lock().expect("writer") = Some(clone);
        }
        record_session(
            &mut peer, &shared, index, &stop, &writer, &our_open, &keepalive,
        );
        writer.lock().expect("writer").take();
        update(&shared, |record| record.sessions[index].closed = true);
    }
}

/// Reads one session until the connection closes (or `stop`): bytes are buffered and split
/// into messages with `wire::header::decode_frame`, so a message cut by a read timeout is
/// never lost.
fn record_session(
    peer: &mut RawPeer,
    shared: &Shared,
    index: usize,
    stop: &AtomicBool,
    writer: &Mutex<Option<TcpStream>>,
    our_open: &[u8],
    keepalive: &[u8],
) {
    use std::io::{Read, Write};
    // Every write goes through the writer's lock, so that messages the test sends and our
    // answers never interleave.
    let send = |bytes: &[u8]| -> bool {
        match writer.lock().expect("writer").as_mut() {
            Some(stream) => stream.write_all(bytes).is_ok(),
            None => false,
        }
    };
    if peer
        .stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .is_err()
    {
        return;
    }
    let mut buffer: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 65536];
    let mut opened = false;
    loop {
        loop {
            let (kind, length) = match decode_frame(&buffer, EXTENDED_MESSAGE_SIZE) {
                Ok(Some(frame)) => (frame.kind, frame.length),
                Ok(None) => break,
                // Not BGP any more: end the session as a peer would.
                Err(_) => return,
            };
            let whole: Vec<u8> = buffer.drain(..length).collect();
            match kind {
                OPEN => {
                    let open = Open::decode(&whole[19..]).ok();
                    update(shared, |record| record.sessions[index].open = open);
                    if !opened {
                        opened = true;
                        if !send(our_open) || !send(keepalive) {
                            return;
                        }
                    }
                }
                KEEPALIVE => {
                    update(shared, |record| record.sessions[index].established = true);
                    send(keepalive);
                }
                _ => update(shared, |record| record.sessions[index].messages.push(whole)),
            }
        }
        if stop.load(Ordering::SeqCst) {
            return;
        }
        match peer.stream.read(&mut chunk) {
            Ok(0) => return,
            Ok(count) => buffer.extend_from_slice(&chunk[..count]),
            Err(error)
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return,
        }
    }
}
