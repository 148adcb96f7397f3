//! Everything the healthcheck waits for arrives as one [`Event`] on one channel: SIGTERM and
//! SIGINT (taken by a thread in `sigwait`, so no handler runs inside the loop), lines on stdin
//! (acknowledgements; stdin is always drained, so a daemon that acknowledges a `--no-ack` helper
//! can never block on a full pipe, ExaBGP #539), and the end of a check command. This file
//! owns the threads and the waits; it must not decide what the events mean for the state
//! machine (see `run.rs`).

use super::run::Waited;
use nix::sys::signal::{SigSet, SigmaskHow, Signal, pthread_sigmask};
use std::io::BufRead;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

/// Something that happened outside the loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// SIGTERM or SIGINT.
    Terminate,
    /// One line on stdin.
    Line,
    /// stdin reached its end (or failed).
    InputClosed,
    /// Check number `sequence` ended, with its exit status (`None`: killed by a signal) and
    /// the first bytes of its output.
    CheckFinished {
        sequence: u64,
        status: Option<i32>,
        output: Vec<u8>,
    },
}

/// How waiting for a check ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckWait {
    Finished {
        status: Option<i32>,
        output: Vec<u8>,
    },
    TimedOut,
    Interrupted,
}

/// The receiving end, with the stdin lines counted but not yet used as acknowledgements.
#[derive(Debug)]
pub struct Events {
    sender: Sender<Event>,
    receiver: Receiver<Event>,
    unused_lines: usize,
    input_closed: bool,
}

impl Events {
    /// Blocks SIGTERM and SIGINT in this thread (and so in every thread started after it)
    /// and starts the signal and stdin threads. Call it before starting any other thread.
    /// Child processes start with an empty signal mask (the standard library resets it).
    pub fn start() -> Result<Events, String> {
        let mut signals = SigSet::empty();
        signals.add(Signal::SIGTERM);
        signals.add(Signal::SIGINT);
        pthread_sigmask(SigmaskHow::SIG_BLOCK, Some(&signals), None)
            .map_err(|error| format!("cannot block SIGTERM and SIGINT: {error}"))?;
        let (sender, receiver) = mpsc::channel();
        let signal_sender = sender.clone();
        std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                while signals.wait().is_ok() {
                    if signal_sender.send(Event::Terminate).is_err() {
                        break;
                    }
                }
            })
            .map_err(|error| format!("cannot start the signal thread: {error}"))?;
        let input_sender = sender.clone();
        std::thread::Builder::new()
            .name("stdin".into())
            .spawn(move || {
                let mut input = std::io::stdin().lock();
                let mut line = Vec::new();
                loop {
                    line.clear();
                    match input.read_until(b'\n', &mut line) {
                        Ok(0) | Err(_) => {
                            let _ = input_sender.send(Event::InputClosed);
                            break;
                        }
                        Ok(_) => {
                            if input_sender.send(Event::Line).is_err() {
                                break;
                            }
                        }
                    }
                }
            })
            .map_err(|error| format!("cannot start the stdin thread: {error}"))?;
        Ok(Events {
            sender,
            receiver,
            unused_lines: 0,
            input_closed: false,
        })
    }

    /// A sender for the threads that report finished checks.
    pub fn sender(&self) -> Sender<Event> {
        self.sender.clone()
    }

    /// The next event before `deadline` (`None`: no deadline); stdin bookkeeping is done here.
    fn next(&mut self, deadline: Option<Instant>) -> Option<Event> {
        let event = match deadline {
            None => self.receiver.recv().ok(),
            Some(deadline) => {
                let remaining = deadline.saturating_duration_since(Instant::now());
                self.receiver.recv_timeout(remaining).ok()
            }
        };
        match &event {
            Some(Event::Line) => self.unused_lines = self.unused_lines.saturating_add(1),
            Some(Event::InputClosed) => self.input_closed = true,
            _ => {}
        }
        event
    }

    /// Sleeps, unless a terminating signal comes first.
    pub fn sleep(&mut self, duration: Duration) -> Waited<()> {
        let deadline = Instant::now().checked_add(duration);
        loop {
            match self.next(deadline) {
                None => return Waited::Done(()),
                Some(Event::Terminate) => return Waited::Interrupted,
                Some(_) => {}
            }
        }
    }

    /// Uses one stdin line as an acknowledgement, waiting for it at most `limit`. The end of
    /// stdin acknowledges everything.
    pub fn acknowledge(&mut self, limit: Option<Duration>) -> Waited<()> {
        let deadline = limit.and_then(|limit| Instant::now().checked_add(limit));
        loop {
            if self.unused_lines > 0 {
                self.unused_lines -= 1;
                return Waited::Done(());
            }
            if self.input_closed {
                return Waited::Done(());
            }
            match self.next(deadline) {
                None if deadline.is_some() => return Waited::Done(()),
                None => {
                    // Every sender gone: nothing more can arrive.
                    self.input_closed = true;
                }
                Some(Event::Terminate) => return Waited::Interrupted,
                Some(_) => {}
            }
        }
    }

    /// Waits for check `sequence` to finish, until `deadline`, or a signal.
    pub fn wait_check(&mut self, sequence: u64, deadline: Option<Instant>) -> CheckWait {
        loop {
            match self.next(deadline) {
                None => return CheckWait::TimedOut,
                Some(Event::Terminate) => return CheckWait::Interrupted,
                Some(Event::CheckFinished {
                    sequence: finished,
                    status,
                    output,
                }) if finished == sequence => return CheckWait::Finished { status, output },
                Some(_) => {}
            }
        }
    }
}
