//! The session's timers as values: which timer, how long, and the connect-retry backoff.
//!
//! Pure arithmetic: no clock is read here and nothing sleeps. The FSM asks for a timer with
//! `Output::StartTimer` and learns that it fired from an `Input::*TimerExpires`; the peer task
//! owns the real clock. Randomness is injected as a [`Jitter`] value, never drawn here.

use std::time::Duration;

/// RFC 4271 §10: "During some portions of the state machine (see Section 8), the HoldTimer is
/// set to a large value. The suggested default for this large value is 4 minutes."
pub const LARGE_HOLD_TIME: Duration = Duration::from_secs(240);

/// The timers of RFC 4271 §8 and §10 that the FSM runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timer {
    /// ConnectRetryTimer: how long a connection attempt may take (and, in Active, how long to
    /// wait for the peer before connecting ourselves).
    ConnectRetry,
    /// HoldTimer: the peer must send something within this time.
    Hold,
    /// KeepaliveTimer: when we must send a KEEPALIVE.
    Keepalive,
    /// DelayOpenTimer (optional, RFC 4271 §8.1.1): how long to wait for the peer's OPEN before
    /// sending ours.
    DelayOpen,
    /// IdleHoldTimer (RFC 4271 §8.1.1, DampPeerOscillations): how long to stay Idle after a
    /// failure before starting again automatically; this is where the backoff applies.
    IdleHold,
}

impl Timer {
    /// Every timer, in the order the FSM stops them when it releases its resources.
    pub const ALL: [Timer; 5] = [
        Timer::ConnectRetry,
        Timer::DelayOpen,
        Timer::Hold,
        Timer::Keepalive,
        Timer::IdleHold,
    ];
}

/// Which timers the FSM believes are running.
///
/// An expiry of a timer that is not running is stale (it raced with a stop) and is ignored: RFC
/// 4271 defines timer events only for running timers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RunningTimers {
    connect_retry: bool,
    hold: bool,
    keepalive: bool,
    delay_open: bool,
    idle_hold: bool,
}

impl RunningTimers {
    pub fn is_running(&self, timer: Timer) -> bool {
        match timer {
            Timer::ConnectRetry => self.connect_retry,
            Timer::Hold => self.hold,
            Timer::Keepalive => self.keepalive,
            Timer::DelayOpen => self.delay_open,
            Timer::IdleHold => self.idle_hold,
        }
    }

    pub fn set(&mut self, timer: Timer, running: bool) {
        let slot = match timer {
            Timer::ConnectRetry => &mut self.connect_retry,
            Timer::Hold => &mut self.hold,
            Timer::Keepalive => &mut self.keepalive,
            Timer::DelayOpen => &mut self.delay_open,
            Timer::IdleHold => &mut self.idle_hold,
        };
        *slot = running;
    }

    /// The running timers, in [`Timer::ALL`] order.
    pub fn running(&self) -> Vec<Timer> {
        Timer::ALL
            .into_iter()
            .filter(|timer| self.is_running(*timer))
            .collect()
    }
}

/// A factor applied to a timer's base value, in thousandths, within 0.75 to 1.0.
///
/// RFC 4271 §10: "The suggested default amount of jitter SHALL be determined by multiplying
/// the base value of the appropriate timer by a random factor, which is uniformly distributed
/// in the range from 0.75 to 1.0. A new random value SHOULD be picked each time the timer is
/// set." The peer task draws the value and hands it to the FSM (`Fsm::set_jitter`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Jitter {
    per_mille: u16,
}

impl Jitter {
    /// The smallest factor, 0.75.
    pub const MINIMUM_PER_MILLE: u16 = 750;
    /// The factor 1.0: no jitter (what tests use).
    pub const NONE: Jitter = Jitter { per_mille: 1000 };

    /// A factor of `per_mille` thousandths, clamped into 750..=1000.
    pub fn from_per_mille(per_mille: u16) -> Jitter {
        Jitter {
            per_mille: per_mille.clamp(Self::MINIMUM_PER_MILLE, 1000),
        }
    }

    pub fn per_mille(self) -> u16 {
        self.per_mille
    }

    /// `base` multiplied by the factor, to the millisecond.
    pub fn apply(self, base: Duration) -> Duration {
        let milliseconds = base.as_millis().saturating_mul(u128::from(self.per_mille)) / 1000;
        Duration::from_millis(u64::try_from(milliseconds).unwrap_or(u64::MAX))
    }
}

impl Default for Jitter {
    fn default() -> Self {
        Jitter::NONE
    }
}

/// Exponential backoff of connection attempts: `initial`, doubled after each consecutive
/// failure, never above `maximum`.
///
/// RFC 1771 §8 (the text RFC 4271 replaced with the optional DampPeerOscillations): "the time
/// between consecutive generation of Start events, if such events are generated automatically,
/// shall exponentially increase."
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RetryPolicy {
    pub initial: Duration,
    pub maximum: Duration,
}

impl Default for RetryPolicy {
    /// 5 seconds, doubling up to RFC 4271 §10's suggested ConnectRetryTime of 120 seconds.
    fn default() -> Self {
        RetryPolicy {
            initial: Duration::from_secs(5),
            maximum: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// The delay after `failures` consecutive failures: `initial * 2^failures`, at most
    /// `maximum`, then multiplied by `jitter`.
    pub fn delay(&self, failures: u32, jitter: Jitter) -> Duration {
        let factor = 1u32.checked_shl(failures).unwrap_or(u32::MAX);
        let base = self.initial.saturating_mul(factor).min(self.maximum);
        jitter.apply(base)
    }
}

/// RFC 4271 §10: "The suggested default value for the KeepaliveTime is 1/3 of the HoldTime."
/// Zero when the hold time is zero (no keepalives are sent).
pub fn keepalive_time(hold_time: u16) -> Duration {
    Duration::from_millis(u64::from(hold_time).saturating_mul(1000) / 3)
}

/// The hold time as a duration.
pub fn hold_duration(hold_time: u16) -> Duration {
    Duration::from_secs(u64::from(hold_time))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn backoff_doubles_up_to_the_maximum() {
        let policy = RetryPolicy {
            initial: Duration::from_secs(5),
            maximum: Duration::from_secs(60),
        };
        let table = [
            (0, 5),
            (1, 10),
            (2, 20),
            (3, 40),
            (4, 60),
            (5, 60),
            (40, 60),
        ];
        for (failures, seconds) in table {
            assert_eq!(
                policy.delay(failures, Jitter::NONE),
                Duration::from_secs(seconds),
                "{failures}"
            );
        }
        assert_eq!(
            policy.delay(1, Jitter::from_per_mille(750)),
            Duration::from_millis(7500)
        );
    }

    #[test]
    fn jitter_is_clamped_to_the_rfc_range() {
        assert_eq!(Jitter::from_per_mille(0).per_mille(), 750);
        assert_eq!(Jitter::from_per_mille(900).per_mille(), 900);
        assert_eq!(Jitter::from_per_mille(5000).per_mille(), 1000);
        assert_eq!(
            Jitter::from_per_mille(800).apply(Duration::from_secs(30)),
            Duration::from_secs(24)
        );
    }

    #[test]
    fn keepalive_is_a_third_of_hold() {
        assert_eq!(keepalive_time(90), Duration::from_secs(30));
        assert_eq!(keepalive_time(3), Duration::from_secs(1));
        assert_eq!(keepalive_time(4), Duration::from_millis(1333));
        assert_eq!(keepalive_time(0), Duration::ZERO);
        assert_eq!(keepalive_time(u16::MAX), Duration::from_secs(21845));
    }

    #[test]
    fn running_timers_track_each_timer() {
        let mut timers = RunningTimers::default();
        assert!(timers.running().is_empty());
        timers.set(Timer::Hold, true);
        timers.set(Timer::IdleHold, true);
        assert_eq!(timers.running(), vec![Timer::Hold, Timer::IdleHold]);
        timers.set(Timer::Hold, false);
        assert!(!timers.is_running(Timer::Hold));
    }

    proptest! {
        #[test]
        fn delay_stays_within_bounds(initial in 0u64..1_000_000, maximum in 0u64..1_000_000,
                                     failures in any::<u32>(), per_mille in any::<u16>()) {
            let policy = RetryPolicy {
                initial: Duration::from_millis(initial),
                maximum: Duration::from_millis(maximum),
            };
            let delay = policy.delay(failures, Jitter::from_per_mille(per_mille));
            prop_assert!(delay <= policy.maximum);
        }
    }
}
