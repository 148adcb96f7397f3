//! The recording peer of the differential tests: a BGP speaker on a loopback address that the
//! speaker under test (ExaBGP or ferrobgp) connects to. It answers the OPEN with the
//! capabilities a scenario needs (built with `ferrobgp::wire`), then records every UPDATE,
//! NOTIFICATION and ROUTE-REFRESH it receives, raw and in order, one list per session. It can
//! send scripted messages and close the connection; the speaker then reconnects and a new
//! session is recorded.
//!
//! The socket work is `malformed_support::RawPeer` (accept, framed reads with timeouts). One
//! thread per peer; every wait is bounded.

use std::net::{IpAddr, Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ferrobgp::wire::capability::{AddPathDirection, AddPathFamily, Capability};
use ferrobgp::wire::family::Family;
use ferrobgp::wire::header::encode_message;
use ferrobgp::wire::message::Message;
use ferrobgp::wire::negotiated::Negotiated;
use ferrobgp::wire::open::Open;

use crate::malformed_support::{KEEPALIVE, OPEN, RawPeer, Read1};

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
        let mut opened = false;
        loop {
            if stop.load(Ordering::SeqCst) {
                return;
            }
            let next = match peer.read(Duration::from_millis(200)) {
                Ok(next) => next,
                Err(_) => Read1::Closed,
            };
            match next {
                Read1::TimedOut => {}
                Read1::Closed => break,
                Read1::Message(OPEN, body) => {
                    let open = Open::decode(&body).ok();
                    update(&shared, |record| record.sessions[index].open = open);
                    if !opened {
                        opened = true;
                        if peer.send(&our_open).is_err() || peer.send(&keepalive).is_err() {
                            break;
                        }
                    }
                }
                Read1::Message(KEEPALIVE, _) => {
                    update(&shared, |record| record.sessions[index].established = true);
                    let _ = peer.send(&keepalive);
                }
                Read1::Message(kind, body) => {
                    let whole = encode_message(kind, &body);
                    update(&shared, |record| {
                        record.sessions[index].messages.push(whole)
                    });
                }
            }
        }
        writer.lock().expect("writer").take();
        update(&shared, |record| record.sessions[index].closed = true);
    }
}
