//! The peer task: one tokio task per configured neighbor, owning its FSM(s), socket(s),
//! timers and Adj-RIB-Out, talking to the hub through two bounded channels.
//!
//! Backpressure policy (see docs/architecture.md, "Never block a session on a helper"):
//! - Events go to the hub through a bounded channel. The task keeps the events it could not
//!   hand over yet in a small outbox; while the outbox holds `OUTBOX_LIMIT` events or more,
//!   the task stops reading the socket, so TCP pushes back on the peer. Nothing is dropped.
//! - The hub can hold reading too (`PeerCmd::HoldReading`), for the peers whose events go to
//!   a helper that reads slowly; the same rules apply while held.
//! - Timers, KEEPALIVEs, commands and socket writes go on meanwhile: a slow helper never
//!   delays a KEEPALIVE. The hold timer is re-armed rather than fired while reading is
//!   paused: the peer cannot be judged silent while we are not listening to it.
//! - UPDATEs are taken out of the route source only while less than
//!   `PeerConfig::write_buffer_limit` bytes wait for the socket; until then changes stay in
//!   the route source, where they coalesce. (The full table at Established is produced in
//!   one go.)
//!
//! Must not parse configuration or helper commands, nor encode JSON: it speaks `PeerCmd` and
//! `PeerEvent` only.

use std::io;

use tokio::io::{Interest, Ready};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio::task::{JoinError, JoinHandle};
use tokio::time::Instant;

use crate::session::{
    CollisionCheck, CollisionVerdict, ConnectionDirection, Fsm, Input, State, Timer,
};
use crate::wire::header::decode_frame;
use crate::wire::negotiated::Negotiated;

use super::channel::{NeighborEvent, PeerCmd, PeerEvent, cease_notification};
use super::config::PeerConfig;
use super::drive::{Interpretation, Shared, feed, feed_update, interpret, send_routes};
use super::handle::PeerHandle;
use super::link::{Link, ReadOutcome, expiry_input};
use super::routes::RouteSource;
use super::socket::apply_ttl_policy;

mod operations;

pub use operations::GRACEFUL_CLOSE_REASON;

/// Commands a peer task's channel holds.
pub const COMMAND_CAPACITY: usize = 1024;
/// Events waiting in a task's outbox above which it stops reading its socket.
pub const OUTBOX_LIMIT: usize = 256;
/// Commands taken in one batch (their route changes are flushed together).
const COMMAND_BATCH: usize = 256;
/// How long a stopping task waits for the hub to take its last events.
const FINAL_EVENTS_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(1);

/// Starts the task of one neighbor. It waits for `PeerCmd::Start`; its events go to
/// `events`, tagged with `config.neighbor`. Must be called within a tokio runtime.
pub fn spawn_peer(
    config: PeerConfig,
    routes: Box<dyn RouteSource>,
    events: mpsc::Sender<NeighborEvent>,
) -> PeerHandle {
    let neighbor = config.neighbor;
    let (sender, commands) = mpsc::channel(COMMAND_CAPACITY);
    let task = PeerTask {
        primary: Link::new(Fsm::new(config.session.clone())),
        secondary: None,
        shared: Shared::new(config, routes),
        events,
        commands,
        stopping: false,
        held: false,
    };
    PeerHandle::new(neighbor, sender, tokio::spawn(task.run()))
}

/// Which of the peer's links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Primary,
    /// A connection the peer opened while the primary was past Active (RFC 4271 §6.8).
    Secondary,
}

/// What woke the task.
enum Wake {
    Timers,
    Command(Option<PeerCmd>),
    Connected(Result<io::Result<TcpStream>, JoinError>),
    Ready(Which, io::Result<Ready>),
    EventsHandedOver,
}

struct PeerTask {
    shared: Shared,
    primary: Link,
    secondary: Option<Link>,
    events: mpsc::Sender<NeighborEvent>,
    commands: mpsc::Receiver<PeerCmd>,
    stopping: bool,
    /// Reading held by the hub (`PeerCmd::HoldReading`).
    held: bool,
}

/// Waits until the link's socket is ready for `interest`; never, without a socket.
async fn ready(stream: Option<&TcpStream>, interest: Interest) -> io::Result<Ready> {
    match stream {
        Some(stream) => stream.ready(interest).await,
        None => std::future::pending().await,
    }
}

/// Waits for the link's connection attempt; never, without one.
async fn attempt(
    connecting: &mut Option<JoinHandle<io::Result<TcpStream>>>,
) -> Result<io::Result<TcpStream>, JoinError> {
    match connecting.as_mut() {
        Some(handle) => handle.await,
        None => std::future::pending().await,
    }
}

/// What the link waits for on its socket: reading unless paused, writing when bytes wait.
fn interest(link: Option<&Link>, reading: bool) -> Option<Interest> {
    let link = link.filter(|link| link.stream.is_some())?;
    let read = reading && !link.reading_stopped;
    let write = link.unwritten() > 0;
    match (read, write) {
        (true, true) => Some(Interest::READABLE | Interest::WRITABLE),
        (true, false) => Some(Interest::READABLE),
        (false, true) => Some(Interest::WRITABLE),
        (false, false) => None,
    }
}

impl PeerTask {
    async fn run(mut self) {
        loop {
            self.flush_routes();
            if self.stopping {
                break;
            }
            let wake = self.wait().await;
            match wake {
                Wake::Timers => self.fire_timers(),
                Wake::Command(Some(command)) => self.commands_batch(command),
                Wake::Command(None) => self.shutdown(cease_notification(
                    crate::wire::iana::notification::cease::ADMINISTRATIVE_SHUTDOWN,
                    "",
                )),
                Wake::Connected(result) => self.connected(result),
                Wake::Ready(which, ready) => self.socket_ready(which, ready),
                Wake::EventsHandedOver => {}
            }
            self.tidy();
        }
        self.shared.emit(PeerEvent::Stopped);
        let neighbor = self.shared.config.neighbor;
        while let Some(event) = self.shared.outbox.pop_front() {
            let sent = self
                .events
                .send_timeout(NeighborEvent { neighbor, event }, FINAL_EVENTS_TIMEOUT)
                .await;
            if sent.is_err() {
                break;
            }
        }
    }

    fn reading_paused(&self) -> bool {
        self.held || self.shared.outbox.len() >= OUTBOX_LIMIT
    }

    async fn wait(&mut self) -> Wake {
        let reading = !self.reading_paused();
        let deadline = [
            self.primary.timers.earliest(),
            self.secondary
                .as_ref()
                .and_then(|link| link.timers.earliest()),
        ]
        .into_iter()
        .flatten()
        .min();
        let primary_interest = interest(Some(&self.primary), reading);
        let secondary_interest = interest(self.secondary.as_ref(), reading);
        let neighbor = self.shared.config.neighbor;
        let connecting = self.primary.connecting.is_some();
        tokio::select! {
            biased;
            permit = self.events.reserve(), if !self.shared.outbox.is_empty() => {
                match permit {
                    Ok(permit) => {
                        if let Some(event) = self.shared.outbox.pop_front() {
                            permit.send(NeighborEvent { neighbor, event });
                        }
                        // Hand over whatever else fits without waiting.
                        while let Some(event) = self.shared.outbox.pop_front() {
                            match self.events.try_send(NeighborEvent { neighbor, event }) {
                                Ok(()) => {}
                                Err(mpsc::error::TrySendError::Full(returned)) => {
                                    self.shared.outbox.push_front(returned.event);
                                    break;
                                }
                                Err(mpsc::error::TrySendError::Closed(_)) => {
                                    self.shared.outbox.clear();
                                }
                            }
                        }
                    }
                    // Nobody listens any more: the hub is gone.
                    Err(_) => self.shared.outbox.clear(),
                }
                Wake::EventsHandedOver
            }
            () = sleep_until_option(deadline), if deadline.is_some() => Wake::Timers,
            command = self.commands.recv() => Wake::Command(command),
            result = attempt(&mut self.primary.connecting), if connecting => {
                Wake::Connected(result)
            }
            ready = ready(self.primary.stream.as_ref(), primary_interest.unwrap_or(Interest::READABLE)),
                if primary_interest.is_some() => Wake::Ready(Which::Primary, ready),
            ready = ready(
                self.secondary.as_ref().and_then(|link| link.stream.as_ref()),
                secondary_interest.unwrap_or(Interest::READABLE),
            ), if secondary_interest.is_some() => Wake::Ready(Which::Secondary, ready),
        }
    }

    fn link(&mut self, which: Which) -> Option<&mut Link> {
        match which {
            Which::Primary => Some(&mut self.primary),
            Which::Secondary => self.secondary.as_mut(),
        }
    }

    fn feed(&mut self, which: Which, input: Input) {
        let primary = which == Which::Primary;
        let link = match which {
            Which::Primary => &mut self.primary,
            Which::Secondary => match self.secondary.as_mut() {
                Some(link) => link,
                None => return,
            },
        };
        feed(&mut self.shared, link, input, primary);
    }

    fn fire_timers(&mut self) {
        let now = Instant::now();
        for which in [Which::Primary, Which::Secondary] {
            let paused = self.reading_paused();
            let Some(link) = self.link(which) else {
                continue;
            };
            let expired = link.timers.take_expired(now);
            for timer in expired {
                if timer == Timer::Hold && paused {
                    // Reading is paused by backpressure: the peer's KEEPALIVEs may be
                    // waiting in the socket. Try again one hold time later.
                    if let Some(link) = self.link(which)
                        && let Some(negotiated) = link.fsm.negotiated()
                    {
                        let hold = crate::session::timer::hold_duration(negotiated.hold_time);
                        link.timers.start(Timer::Hold, now, hold);
                        continue;
                    }
                }
                self.feed(which, expiry_input(timer));
            }
        }
    }

    fn commands_batch(&mut self, first: PeerCmd) {
        self.command(first);
        for _ in 1..COMMAND_BATCH {
            if self.stopping {
                return;
            }
            match self.commands.try_recv() {
                Ok(command) => self.command(command),
                Err(_) => return,
            }
        }
    }

    fn command(&mut self, command: PeerCmd) {
        match command {
            PeerCmd::Start => self.feed(Which::Primary, Input::ManualStart),
            PeerCmd::Stop { subcode, message } => {
                let notification = cease_notification(subcode, &message);
                self.feed(Which::Secondary, Input::ManualStop(notification.clone()));
                self.feed(Which::Primary, Input::ManualStop(notification));
            }
            PeerCmd::Routes(changes) => {
                for change in changes {
                    self.shared.routes.apply(change);
                }
            }
            PeerCmd::RequestRefresh(family) => self.request_refresh(family),
            PeerCmd::EndOfRib(family) => self.send_end_of_rib(family),
            PeerCmd::SendOperational(operational) => self.send_operational(&operational),
            PeerCmd::Readvertise => self.readvertise(),
            PeerCmd::Incoming { stream, remote } => self.incoming(stream, remote),
            PeerCmd::ReportMessages { keepalives, sent } => {
                self.shared.config.report_keepalives = keepalives;
                self.shared.config.report_sent = sent;
            }
            PeerCmd::Shutdown { subcode, message } => {
                self.shutdown(cease_notification(subcode, &message));
            }
            PeerCmd::ReceivedRoutes(reply) => {
                let routes = self
                    .shared
                    .received
                    .as_ref()
                    .map(crate::rib::AdjRibIn::snapshot)
                    .unwrap_or_default();
                let _ = reply.send(routes);
            }
            PeerCmd::ClearReceivedRoutes => {
                if let Some(received) = self.shared.received.as_mut() {
                    received.clear();
                }
            }
            PeerCmd::ShutdownForRestart { subcode, message } => {
                if self.primary.fsm.graceful_restart_negotiated() {
                    self.close_for_graceful_restart();
                } else {
                    self.shutdown(cease_notification(subcode, &message));
                }
            }
            PeerCmd::HoldReading(held) => self.held = held,
            PeerCmd::ListRoutes(answer) => {
                let _ = answer.send(self.shared.routes.listing());
            }
        }
    }

    /// Sends the route source's pending changes when the session is up and the write buffer
    /// has room.
    fn flush_routes(&mut self) {
        if !self.shared.routes.has_pending()
            || self.primary.unwritten() >= self.shared.config.write_buffer_limit
        {
            return;
        }
        let Some(negotiated) = self.established_negotiated() else {
            return;
        };
        send_routes(
            &mut self.shared,
            &mut self.primary,
            &negotiated,
            |routes, negotiated, sink| routes.flush(negotiated, sink),
        );
    }

    /// A connection the listener accepted from this neighbor.
    ///
    /// RFC 4271 §8.2.2 Idle: "BGP FSM refuses all incoming BGP connections for this peer."
    /// In Connect and Active it becomes the connection (an attempt of ours is abandoned);
    /// past Active it is a second connection, tracked until its OPEN resolves the collision.
    fn incoming(&mut self, stream: TcpStream, remote: std::net::SocketAddr) {
        let ipv6 = stream
            .local_addr()
            .map_or(remote.is_ipv6(), |local| local.is_ipv6());
        if apply_ttl_policy(&stream, ipv6, self.shared.config.ttl).is_err() {
            return;
        }
        let state = self.primary.fsm.state();
        let connected = PeerEvent::Connected {
            direction: ConnectionDirection::Incoming,
            local: stream.local_addr().ok(),
            remote: Some(remote),
        };
        match state {
            State::Idle => drop(stream),
            State::Connect | State::Active if self.primary.stream.is_none() => {
                self.primary.attach(stream, ConnectionDirection::Incoming);
                self.shared.emit(connected);
                self.feed(Which::Primary, Input::TcpConnectionConfirmed);
            }
            _ if self.secondary.is_none() && self.primary.fsm.accepts_connection() => {
                let mut second = Link::new(self.primary.fsm.for_second_connection());
                second.attach(stream, ConnectionDirection::Incoming);
                self.secondary = Some(second);
                self.shared.emit(connected);
                self.feed(Which::Secondary, Input::TcpConnectionConfirmed);
            }
            // A third connection: refused.
            _ => drop(stream),
        }
    }

    fn connected(&mut self, result: Result<io::Result<TcpStream>, JoinError>) {
        self.primary.connecting = None;
        match result {
            Ok(Ok(stream)) => {
                let connected = PeerEvent::Connected {
                    direction: ConnectionDirection::Outgoing,
                    local: stream.local_addr().ok(),
                    remote: stream.peer_addr().ok(),
                };
                self.primary.attach(stream, ConnectionDirection::Outgoing);
                self.shared.emit(connected);
                self.feed(Which::Primary, Input::TcpConnectionRequestAcknowledged);
            }
            Ok(Err(error)) => {
                self.shared.emit(PeerEvent::ConnectFailed {
                    error: error.to_string(),
                });
                self.feed(Which::Primary, Input::TcpConnectionFails);
            }
            // Aborted: a DropTcp superseded the attempt; nothing to tell the FSM.
            Err(_) => {}
        }
    }

    fn socket_ready(&mut self, which: Which, ready: io::Result<Ready>) {
        let Ok(ready) = ready else {
            self.feed(which, Input::TcpConnectionFails);
            return;
        };
        if ready.is_writable() {
            let failed = self.link(which).is_some_and(|link| link.write().is_err());
            if failed {
                self.feed(which, Input::TcpConnectionFails);
                return;
            }
        }
        if ready.is_readable() || ready.is_read_closed() {
            let outcome = match self.link(which) {
                Some(link) => link.read(),
                None => return,
            };
            self.receive(which);
            if outcome == ReadOutcome::Closed
                && self.link(which).is_some_and(|link| link.stream.is_some())
            {
                self.feed(which, Input::TcpConnectionFails);
            }
        }
    }

    /// The shared state and one link, borrowed together.
    fn parts(&mut self, which: Which) -> Option<(&mut Shared, &mut Link)> {
        match which {
            Which::Primary => Some((&mut self.shared, &mut self.primary)),
            Which::Secondary => Some((&mut self.shared, self.secondary.as_mut()?)),
        }
    }

    /// Frames, decodes and feeds every complete message in the link's read buffer.
    fn receive(&mut self, which: Which) {
        let fallback = Negotiated::default();
        let primary = which == Which::Primary;
        loop {
            let Some((shared, link)) = self.parts(which) else {
                return;
            };
            if link.stream.is_none() || link.reading_stopped {
                break;
            }
            let negotiated = link.fsm.negotiated().unwrap_or(&fallback);
            let available = link.read_buffer.get(link.read_start..).unwrap_or_default();
            let (header, body, interpretation, length) =
                match decode_frame(available, negotiated.max_message_size()) {
                    Ok(None) => break,
                    Ok(Some(frame)) => (
                        frame.header.to_vec(),
                        frame.body.to_vec(),
                        interpret(shared, frame.kind, frame.header, frame.body, negotiated),
                        frame.length,
                    ),
                    Err(error) => {
                        link.reading_stopped = true;
                        self.feed(which, Input::BgpHeaderError(error));
                        break;
                    }
                };
            link.read_start = link.read_start.saturating_add(length);
            match interpretation {
                Interpretation::Open(open) => self.receive_open(which, open),
                Interpretation::Update(input) => {
                    feed_update(shared, link, input, header, body, primary);
                }
                Interpretation::Input(input) => self.feed(which, input),
                Interpretation::Nothing => {}
            }
        }
        if let Some(link) = self.link(which) {
            link.compact_read_buffer();
        }
    }

    /// An OPEN arrived on `which`: resolve a collision with the other link first (RFC 4271
    /// §6.8, "Upon receipt of an OPEN message, the local system MUST examine all of its
    /// connections that are in the OpenConfirm state").
    fn receive_open(&mut self, which: Which, open: crate::wire::open::Open) {
        let receiving_direction = self
            .link(which)
            .and_then(|link| link.direction)
            .unwrap_or(ConnectionDirection::Incoming);
        let other = match which {
            Which::Primary => self.secondary.as_ref(),
            Which::Secondary => Some(&self.primary),
        };
        let verdict = match other.filter(|other| other.stream.is_some()) {
            Some(other) => CollisionCheck {
                local_identifier: self.shared.config.session.local_identifier,
                remote_identifier: open.bgp_identifier,
                local_as: self.shared.config.session.local_as,
                remote_as: open.asn(),
                receiving_direction,
                existing_direction: other.direction.unwrap_or(ConnectionDirection::Outgoing),
                existing_state: other.fsm.state(),
                collision_detect_established: self.shared.config.collision_detect_established,
            }
            .resolve(),
            None => CollisionVerdict::NoCollision,
        };
        let other_which = match which {
            Which::Primary => Which::Secondary,
            Which::Secondary => Which::Primary,
        };
        match verdict {
            CollisionVerdict::NoCollision => self.feed(which, Input::BgpOpen(open)),
            CollisionVerdict::CloseExisting => {
                self.feed(other_which, Input::OpenCollisionDump);
                self.feed(which, Input::BgpOpen(open));
            }
            CollisionVerdict::CloseReceiving => self.feed(which, Input::OpenCollisionDump),
        }
    }

    /// After each wake: a closed second connection is forgotten; a second connection that
    /// outlived the primary becomes the primary.
    fn tidy(&mut self) {
        let Some(second) = &self.secondary else {
            return;
        };
        let primary_gone = self.primary.fsm.state() == State::Idle && self.primary.is_closed();
        if primary_gone && !second.is_closed() {
            if let Some(second) = self.secondary.take() {
                let from = self.primary.fsm.state();
                self.primary = second;
                let to = self.primary.fsm.state();
                if from != to {
                    self.shared.emit(PeerEvent::StateChanged { from, to });
                }
            }
        } else if second.is_closed() {
            self.secondary = None;
        }
    }
}

async fn sleep_until_option(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}
