//! One TCP connection of a peer and the FSM that drives it: the socket (or the connection
//! attempt in progress), the read and write buffers, and the FSM's timers as deadlines.
//!
//! A peer has one link, two while a collision (RFC 4271 §6.8) is being resolved. Only
//! non-blocking primitives live here (`try_read`, `try_write`, deadline arithmetic); the task
//! decides when to call them. Must not decide anything about BGP.

use std::io;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::session::{ConnectionDirection, Fsm, Input, Timer};

/// Bytes asked of the socket per read.
const READ_CHUNK: usize = 64 * 1024;

/// The FSM's running timers, as the instants they fire at.
///
/// Restarting a timer only moves its deadline: a hold timer restarted by every UPDATE of a
/// burst costs an assignment, not a new timer (the task sleeps until the earliest deadline).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Deadlines {
    at: [Option<Instant>; 5],
}

fn timer_index(timer: Timer) -> usize {
    match timer {
        Timer::ConnectRetry => 0,
        Timer::Hold => 1,
        Timer::Keepalive => 2,
        Timer::DelayOpen => 3,
        Timer::IdleHold => 4,
    }
}

/// The FSM input of a timer that fired.
pub fn expiry_input(timer: Timer) -> Input {
    match timer {
        Timer::ConnectRetry => Input::ConnectRetryTimerExpires,
        Timer::Hold => Input::HoldTimerExpires,
        Timer::Keepalive => Input::KeepaliveTimerExpires,
        Timer::DelayOpen => Input::DelayOpenTimerExpires,
        Timer::IdleHold => Input::IdleHoldTimerExpires,
    }
}

impl Deadlines {
    pub fn start(&mut self, timer: Timer, now: Instant, duration: Duration) {
        if let Some(slot) = self.at.get_mut(timer_index(timer)) {
            *slot = Some(now.checked_add(duration).unwrap_or(now));
        }
    }

    pub fn stop(&mut self, timer: Timer) {
        if let Some(slot) = self.at.get_mut(timer_index(timer)) {
            *slot = None;
        }
    }

    pub fn deadline(&self, timer: Timer) -> Option<Instant> {
        self.at.get(timer_index(timer)).copied().flatten()
    }

    /// The earliest deadline, if any timer runs.
    pub fn earliest(&self) -> Option<Instant> {
        self.at.iter().flatten().min().copied()
    }

    /// The timers due at `now`, in `Timer::ALL` order, no longer running.
    pub fn take_expired(&mut self, now: Instant) -> Vec<Timer> {
        let mut expired = Vec::new();
        for timer in Timer::ALL {
            if self.deadline(timer).is_some_and(|at| at <= now) {
                self.stop(timer);
                expired.push(timer);
            }
        }
        expired
    }
}

/// What one read from the socket gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadOutcome {
    /// This many bytes were added to the read buffer.
    Data(usize),
    /// Nothing yet (spurious readiness).
    Nothing,
    /// The peer closed the connection, or it failed.
    Closed,
}

/// One connection to the peer with its FSM.
#[derive(Debug)]
pub struct Link {
    pub fsm: Fsm,
    pub stream: Option<TcpStream>,
    /// Our connection attempt in progress.
    pub connecting: Option<JoinHandle<io::Result<TcpStream>>>,
    pub direction: Option<ConnectionDirection>,
    pub timers: Deadlines,
    /// Received bytes not yet framed start at `read_start`.
    pub read_buffer: Vec<u8>,
    pub read_start: usize,
    /// Bytes to send start at `written`.
    pub write_buffer: Vec<u8>,
    pub written: usize,
    /// Set after a header error: the stream is out of sync, nothing more is framed.
    pub reading_stopped: bool,
}

impl Link {
    pub fn new(fsm: Fsm) -> Link {
        Link {
            fsm,
            stream: None,
            connecting: None,
            direction: None,
            timers: Deadlines::default(),
            read_buffer: Vec::new(),
            read_start: 0,
            write_buffer: Vec::new(),
            written: 0,
            reading_stopped: false,
        }
    }

    /// Takes `stream` as this link's connection (buffers start empty).
    pub fn attach(&mut self, stream: TcpStream, direction: ConnectionDirection) {
        self.abort_connecting();
        self.stream = Some(stream);
        self.direction = Some(direction);
        self.read_buffer.clear();
        self.read_start = 0;
        self.write_buffer.clear();
        self.written = 0;
        self.reading_stopped = false;
    }

    pub fn abort_connecting(&mut self) {
        if let Some(attempt) = self.connecting.take() {
            attempt.abort();
        }
    }

    /// Bytes queued and not yet written.
    pub fn unwritten(&self) -> usize {
        self.write_buffer.len().saturating_sub(self.written)
    }

    /// Whether the link has neither a connection nor an attempt.
    pub fn is_closed(&self) -> bool {
        self.stream.is_none() && self.connecting.is_none()
    }

    /// Reads once from the socket into the read buffer.
    pub fn read(&mut self) -> ReadOutcome {
        let Some(stream) = &self.stream else {
            return ReadOutcome::Closed;
        };
        let filled = self.read_buffer.len();
        self.read_buffer
            .resize(filled.saturating_add(READ_CHUNK), 0);
        let result = match self.read_buffer.get_mut(filled..) {
            Some(space) => stream.try_read(space),
            None => Ok(0),
        };
        match result {
            Ok(0) => {
                self.read_buffer.truncate(filled);
                ReadOutcome::Closed
            }
            Ok(count) => {
                self.read_buffer.truncate(filled.saturating_add(count));
                ReadOutcome::Data(count)
            }
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                self.read_buffer.truncate(filled);
                ReadOutcome::Nothing
            }
            Err(_) => {
                self.read_buffer.truncate(filled);
                ReadOutcome::Closed
            }
        }
    }

    /// Drops the bytes already framed from the front of the read buffer.
    pub fn compact_read_buffer(&mut self) {
        if self.read_start > 0 {
            let start = self.read_start.min(self.read_buffer.len());
            self.read_buffer.drain(..start);
            self.read_start = 0;
        }
    }

    /// Writes as much of the write buffer as the socket takes now. `Err` when the connection
    /// failed.
    pub fn write(&mut self) -> io::Result<()> {
        let Some(stream) = &self.stream else {
            return Ok(());
        };
        while let Some(pending) = self.write_buffer.get(self.written..)
            && !pending.is_empty()
        {
            match stream.try_write(pending) {
                Ok(0) => return Err(io::Error::from(io::ErrorKind::WriteZero)),
                Ok(count) => self.written = self.written.saturating_add(count),
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => break,
                Err(error) => return Err(error),
            }
        }
        if self.written >= self.write_buffer.len() {
            self.write_buffer.clear();
            self.written = 0;
        } else if self.written > self.write_buffer.len() / 2 {
            self.write_buffer.drain(..self.written);
            self.written = 0;
        }
        Ok(())
    }

    /// Gives up the connection: what is still unwritten (a NOTIFICATION last) is delivered by
    /// a background task within `linger`, then the connection is shut down.
    pub fn close(&mut self, linger: Duration) {
        self.abort_connecting();
        if let Some(mut stream) = self.stream.take() {
            let rest = self
                .write_buffer
                .split_off(self.written.min(self.write_buffer.len()));
            tokio::spawn(async move {
                let _ = tokio::time::timeout(linger, async {
                    stream.write_all(&rest).await?;
                    stream.shutdown().await
                })
                .await;
            });
        }
        self.direction = None;
        self.read_buffer = Vec::new();
        self.read_start = 0;
        self.write_buffer = Vec::new();
        self.written = 0;
        self.reading_stopped = false;
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        self.abort_connecting();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_move_and_expire_in_order() {
        let now = Instant::now();
        let mut deadlines = Deadlines::default();
        assert_eq!(deadlines.earliest(), None);
        deadlines.start(Timer::Hold, now, Duration::from_secs(3));
        deadlines.start(Timer::Keepalive, now, Duration::from_secs(1));
        assert_eq!(deadlines.earliest(), Some(now + Duration::from_secs(1)));
        // A restart moves the deadline; nothing accumulates.
        deadlines.start(Timer::Keepalive, now, Duration::from_secs(5));
        assert_eq!(deadlines.earliest(), Some(now + Duration::from_secs(3)));
        assert_eq!(
            deadlines.take_expired(now + Duration::from_secs(4)),
            vec![Timer::Hold]
        );
        assert_eq!(
            deadlines.take_expired(now + Duration::from_secs(10)),
            vec![Timer::Keepalive]
        );
        assert_eq!(deadlines.earliest(), None);
        deadlines.start(Timer::IdleHold, now, Duration::from_secs(1));
        deadlines.stop(Timer::IdleHold);
        assert!(
            deadlines
                .take_expired(now + Duration::from_secs(9))
                .is_empty()
        );
    }
}
