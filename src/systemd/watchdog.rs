//! `WATCHDOG=1`, driven by the hubs' own loops: each hub holds a [`HubWatchdog`] whose
//! [`HubWatchdog::tick`] is a branch of the hub's `select!`, so a hub that stops turning stops
//! beating. The ping goes out only once every live hub has beaten since the last ping: one
//! stuck speaker is enough for systemd to see the daemon as stuck.
//!
//! Ticks come every half of `WATCHDOG_USEC` (`sd_notify::watchdog_enabled`, which also checks
//! `WATCHDOG_PID`), and only when `NOTIFY_SOCKET` is set. Must not do anything else on the
//! hub's task: a beat is a lock, a set insert and at most one datagram.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::{Interval, MissedTickBehavior};

/// The hubs alive and those that beat since the last ping.
#[derive(Debug)]
struct Round {
    next: u64,
    live: BTreeSet<u64>,
    beaten: BTreeSet<u64>,
}

impl Round {
    /// `hub` beats; true when every live hub has beaten (a ping is due, the round restarts).
    fn beat(&mut self, hub: u64) -> bool {
        self.beaten.insert(hub);
        if self.live.is_subset(&self.beaten) {
            self.beaten.clear();
            true
        } else {
            false
        }
    }
}

static ROUND: Mutex<Round> = Mutex::new(Round {
    next: 0,
    live: BTreeSet::new(),
    beaten: BTreeSet::new(),
});

fn round() -> std::sync::MutexGuard<'static, Round> {
    ROUND
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The time between two beats of one hub: half the watchdog interval, when one is set and
/// systemd listens.
pub fn beat_interval() -> Option<Duration> {
    if !super::notify_enabled() {
        return None;
    }
    sd_notify::watchdog_enabled().map(|period| period / 2)
}

/// One hub's part in the watchdog (inert when there is no watchdog).
#[derive(Debug)]
pub struct HubWatchdog {
    hub: u64,
    interval: Option<Interval>,
}

impl HubWatchdog {
    /// Registers a hub. Must be called within a tokio runtime, on the hub's task.
    pub fn register() -> HubWatchdog {
        let interval = beat_interval().map(|period| {
            let mut interval = tokio::time::interval(period);
            interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
            interval
        });
        let mut round = round();
        let hub = round.next;
        round.next = round.next.wrapping_add(1);
        if interval.is_some() {
            round.live.insert(hub);
        }
        HubWatchdog { hub, interval }
    }

    /// Completes at the hub's next beat (never without a watchdog), after sending
    /// `WATCHDOG=1` when this beat completes the round.
    pub async fn tick(&mut self) {
        match self.interval.as_mut() {
            Some(interval) => {
                interval.tick().await;
                let due = round().beat(self.hub);
                if due {
                    super::notify::send(&[sd_notify::NotifyState::Watchdog]);
                }
            }
            None => std::future::pending().await,
        }
    }
}

impl Drop for HubWatchdog {
    fn drop(&mut self) {
        let mut round = round();
        round.live.remove(&self.hub);
        round.beaten.remove(&self.hub);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ping_needs_every_live_hub() {
        let mut round = Round {
            next: 3,
            live: [0, 1, 2].into_iter().collect(),
            beaten: BTreeSet::new(),
        };
        assert!(!round.beat(0));
        assert!(!round.beat(0));
        assert!(!round.beat(1));
        assert!(round.beat(2));
        // A hub that stops beating (1) holds the next ping back.
        assert!(!round.beat(0));
        assert!(!round.beat(2));
        assert!(!round.beat(0));
        round.live.remove(&1);
        assert!(round.beat(2));
    }

    #[tokio::test]
    async fn without_a_watchdog_the_tick_never_completes() {
        // NOTIFY_SOCKET is not set for unit tests.
        let mut watchdog = HubWatchdog {
            hub: u64::MAX,
            interval: None,
        };
        let ticked = tokio::time::timeout(Duration::from_millis(50), watchdog.tick())
            .await
            .is_ok();
        assert!(!ticked);
    }
}
