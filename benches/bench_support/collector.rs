//! A minimal receiving BGP peer for the benchmarks, built from `ferrobgp::wire`: it listens on
//! one loopback address, accepts one connection, answers the OPEN (4-octet AS, IPv4 unicast,
//! standard 4096-octet messages, hold time 240 s) and a KEEPALIVE, then reads and decodes every
//! UPDATE until the IPv4 unicast End-of-RIB, counting the announced routes.
//!
//! It is the receiver of issue 4's benchmark, for ferrobgp and BIRD alike: the clock starts
//! when the sender's KEEPALIVE confirms our OPEN (Established on this side) and stops when the
//! End-of-RIB has been read. Bounded: the whole exchange must finish within `limit`.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ferrobgp::wire::capability::Capability;
use ferrobgp::wire::family::Family;
use ferrobgp::wire::header::decode_frame;
use ferrobgp::wire::iana::message_type;
use ferrobgp::wire::message::Message;
use ferrobgp::wire::negotiated::Negotiated;
use ferrobgp::wire::open::Open;

/// What one session delivered.
#[derive(Debug, Clone)]
pub struct Collected {
    /// The sender's KEEPALIVE after our OPEN was read.
    pub established: Instant,
    /// The first UPDATE was read.
    pub first_update: Option<Instant>,
    /// The IPv4 unicast End-of-RIB was read.
    pub end_of_rib: Instant,
    /// Announced IPv4 unicast routes (NLRI field and MP_REACH_NLRI).
    pub routes: u64,
    pub updates: u64,
    pub octets: u64,
}

/// A collector running in its own thread.
pub struct Collector {
    pub port: u16,
    thread: JoinHandle<Result<Collected, String>>,
}

impl Collector {
    /// Listens on `address` (a free port) as AS `local_as`; the session must reach its
    /// End-of-RIB within `limit`.
    pub fn start(address: Ipv4Addr, local_as: u32, limit: Duration) -> Collector {
        let listener = TcpListener::bind(SocketAddr::from((address, 0))).expect("collector bind");
        let port = listener.local_addr().expect("collector address").port();
        let thread = std::thread::spawn(move || run(listener, address, local_as, limit));
        Collector { port, thread }
    }

    /// Waits for the thread (itself bounded by its limit).
    pub fn finish(self) -> Result<Collected, String> {
        self.thread
            .join()
            .unwrap_or_else(|_| Err("collector thread panicked".to_owned()))
    }
}

fn accept(listener: &TcpListener, deadline: Instant) -> Result<TcpStream, String> {
    listener
        .set_nonblocking(true)
        .map_err(|error| error.to_string())?;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                stream
                    .set_nonblocking(false)
                    .map_err(|error| error.to_string())?;
                return Ok(stream);
            }
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {
                if Instant::now() >= deadline {
                    return Err("no connection to the collector in time".to_owned());
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(error) => return Err(format!("accept: {error}")),
        }
    }
}

/// The stream's bytes, read in large chunks, framed one message at a time.
struct Reader {
    stream: TcpStream,
    buffer: Vec<u8>,
    start: usize,
    deadline: Instant,
    octets: u64,
}

impl Reader {
    /// The next whole message: (type, body).
    fn next(&mut self, max_message_size: usize) -> Result<(u8, Vec<u8>), String> {
        loop {
            let available = &self.buffer[self.start..];
            if let Some(frame) =
                decode_frame(available, max_message_size).map_err(|error| error.to_string())?
            {
                let result = (frame.kind, frame.body.to_vec());
                self.start += frame.length;
                self.octets += frame.length as u64;
                return Ok(result);
            }
            if Instant::now() >= self.deadline {
                return Err(format!(
                    "collector: limit reached after {} octets",
                    self.octets
                ));
            }
            // Keep the unread tail, then read more.
            self.buffer.drain(..self.start);
            self.start = 0;
            let filled = self.buffer.len();
            self.buffer.resize(filled + 256 * 1024, 0);
            let read = self.stream.read(&mut self.buffer[filled..]);
            match read {
                Ok(0) => {
                    self.buffer.truncate(filled);
                    return Err("collector: the sender closed the connection".to_owned());
                }
                Ok(count) => self.buffer.truncate(filled + count),
                Err(error)
                    if matches!(
                        error.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    self.buffer.truncate(filled);
                }
                Err(error) => return Err(format!("collector read: {error}")),
            }
        }
    }
}

fn run(
    listener: TcpListener,
    address: Ipv4Addr,
    local_as: u32,
    limit: Duration,
) -> Result<Collected, String> {
    let deadline = Instant::now() + limit;
    let mut stream = accept(&listener, deadline)?;
    stream
        .set_read_timeout(Some(Duration::from_millis(500)))
        .map_err(|error| error.to_string())?;
    let _ = stream.set_nodelay(true);
    let mut reader = Reader {
        stream: stream.try_clone().map_err(|error| error.to_string())?,
        buffer: Vec::with_capacity(512 * 1024),
        start: 0,
        deadline,
        octets: 0,
    };
    let standard = Negotiated::default();

    let (kind, body) = reader.next(4096)?;
    if kind != message_type::OPEN {
        return Err(format!("collector: expected an OPEN, got type {kind}"));
    }
    let remote = Open::decode(&body).map_err(|error| error.to_string())?;
    let local = Open::new(
        local_as,
        240,
        address,
        vec![
            Capability::Multiprotocol(Family::IPV4_UNICAST),
            Capability::RouteRefresh,
            Capability::FourOctetAs(local_as),
        ],
    );
    let mut out = Message::Open(local.clone()).encode(&standard);
    Message::Keepalive.encode_into(&standard, &mut out);
    stream.write_all(&out).map_err(|error| error.to_string())?;
    let negotiated = Negotiated::from_opens(&local, &remote);

    let mut established = None;
    let mut first_update = None;
    let mut routes = 0u64;
    let mut updates = 0u64;
    loop {
        let (kind, body) = reader.next(negotiated.max_message_size())?;
        match Message::decode(kind, &body, &negotiated).map_err(|error| error.to_string())? {
            Message::Keepalive => {
                established.get_or_insert_with(Instant::now);
            }
            Message::Update(update) => {
                let now = Instant::now();
                let Some(established) = established else {
                    return Err("collector: UPDATE before the KEEPALIVE".to_owned());
                };
                first_update.get_or_insert(now);
                updates += 1;
                if update.end_of_rib() == Some(Family::IPV4_UNICAST) {
                    let collected = Collected {
                        established,
                        first_update,
                        end_of_rib: now,
                        routes,
                        updates,
                        octets: reader.octets,
                    };
                    // Close politely enough: a Cease would do, dropping the socket is enough.
                    return Ok(collected);
                }
                routes += update.announced.len() as u64;
                if let Some(reach) = &update.mp_reach
                    && reach.family == Family::IPV4_UNICAST
                {
                    routes += reach.nlri.len() as u64;
                }
            }
            Message::Notification(notification) => {
                return Err(format!("collector: NOTIFICATION {notification:?}"));
            }
            _ => {}
        }
    }
}
