//! The daemon's signals as values: SIGTERM and SIGINT (stop), SIGHUP and SIGUSR1 (reload),
//! SIGUSR2 (reload and restart every helper), SIGALRM; all but SIGINT are also reported to
//! the helpers that subscribed to `signal`, as ExaBGP does. They are blocked in every thread
//! (call [`block`] before the runtime starts its threads) and read from a `signalfd`, so the
//! hub hears them as ordinary events instead of being interrupted.
//!
//! Linux only. Children inherit the blocked mask across `exec`: every program the daemon
//! starts goes through `process::unblock_signals_in_child`.
//! Must not decide what a signal means: the caller does.

use std::io;

use nix::sys::signal::{SigSet, Signal};
use nix::sys::signalfd::{SfdFlags, SignalFd};
use tokio::io::unix::AsyncFd;

/// The signals that stop the daemon.
pub const SHUTDOWN_SIGNALS: [Signal; 2] = [Signal::SIGTERM, Signal::SIGINT];

/// The signals that reload the configuration (SIGHUP is what `systemctl reload` sends to a
/// `Type=notify-reload` service; SIGUSR1 is ExaBGP's reload; SIGUSR2 also restarts every
/// helper, as ExaBGP's).
pub const RELOAD_SIGNALS: [Signal; 3] = [Signal::SIGHUP, Signal::SIGUSR1, Signal::SIGUSR2];

/// The signals ExaBGP reports to helpers with `signal` in an api block (SIGINT is not one:
/// ExaBGP stops on it without telling them).
pub const REPORTED_SIGNALS: [Signal; 5] = [
    Signal::SIGTERM,
    Signal::SIGHUP,
    Signal::SIGALRM,
    Signal::SIGUSR1,
    Signal::SIGUSR2,
];

/// Blocks the signals the daemon reads ([`SHUTDOWN_SIGNALS`] and [`REPORTED_SIGNALS`]) in
/// the calling thread (and so in every thread started after).
pub fn block() -> io::Result<SigSet> {
    let mut set = SigSet::empty();
    for signal in SHUTDOWN_SIGNALS.into_iter().chain(REPORTED_SIGNALS) {
        set.add(signal);
    }
    set.thread_block().map_err(io::Error::from)?;
    Ok(set)
}

/// The blocked signals, readable as they arrive.
#[derive(Debug)]
pub struct Signals {
    descriptor: AsyncFd<SignalFd>,
}

impl Signals {
    /// Reads the signals of `set` (blocked with [`block`]). Must be called within a tokio
    /// runtime.
    pub fn new(set: &SigSet) -> io::Result<Signals> {
        let descriptor = SignalFd::with_flags(set, SfdFlags::SFD_NONBLOCK | SfdFlags::SFD_CLOEXEC)
            .map_err(io::Error::from)?;
        // SAFETY: the SignalFd owns its descriptor (an OwnedFd), which stays open and the
        // same until the AsyncFd, its owner, is dropped.
        let descriptor =
            unsafe { AsyncFd::register_with_interest(descriptor, tokio::io::Interest::READABLE) }
                .map_err(io::Error::from)?;
        Ok(Signals { descriptor })
    }

    /// The next signal.
    pub async fn next(&mut self) -> io::Result<Signal> {
        loop {
            let mut guard = self.descriptor.readable().await?;
            match guard.get_inner().read_signal() {
                Ok(Some(information)) => {
                    let number = i32::try_from(information.ssi_signo).unwrap_or(0);
                    match Signal::try_from(number) {
                        Ok(signal) => return Ok(signal),
                        Err(_) => continue,
                    }
                }
                Ok(None) => guard.clear_ready(),
                Err(errno) => return Err(io::Error::from(errno)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks SIGINT in a thread of its own, raises it at that thread and reads it back.
    #[test]
    fn a_blocked_signal_is_read_from_the_descriptor() {
        let outcome = std::thread::spawn(|| {
            let mut set = SigSet::empty();
            set.add(Signal::SIGINT);
            set.thread_block().expect("block");
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                let mut signals = Signals::new(&set).expect("signalfd");
                // raise(3) signals the calling thread, where SIGINT is blocked: it stays
                // pending for the descriptor.
                nix::sys::signal::raise(Signal::SIGINT).expect("raise");
                tokio::time::timeout(std::time::Duration::from_secs(5), signals.next())
                    .await
                    .expect("in time")
                    .expect("read")
            })
        })
        .join()
        .expect("thread");
        assert_eq!(outcome, Signal::SIGINT);
    }
}
