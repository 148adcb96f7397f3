//! How a helper is supervised: the respawn budget, the delay between restarts, the
//! termination timings and the sizes of the queues to and from the helper. Pure values and
//! the pure respawn bookkeeping ([`StartHistory`]); the task in `task.rs` applies them.
//!
//! Must not spawn, signal or sleep: time is handed in as `Instant`s so the rules are tested
//! without waiting.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// ExaBGP's respawn budget: at most this many starts of one helper …
pub const EXABGP_MAX_STARTS: usize = 5;
/// … inside this window (ExaBGP: a 64-second bucket, `respawn_timemask`).
pub const EXABGP_RESPAWN_WINDOW: Duration = Duration::from_secs(64);

/// Bytes of events that may wait for a helper to read them (see the module docs of
/// `process`: past this, sending an event waits).
pub const DEFAULT_EVENT_QUEUE_BYTES: usize = 4 * 1024 * 1024;
/// Bytes of answers (`done`, `error`, `show` output) that may wait for a helper to read
/// them; past this, answers are dropped and counted.
pub const DEFAULT_ANSWER_QUEUE_BYTES: usize = 1024 * 1024;
/// The longest stderr line kept; the rest of a longer line is discarded.
pub const STDERR_LINE_LIMIT: usize = 16 * 1024;

/// The wait between a helper's exit and its automatic restart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RestartDelay {
    /// Restart at once (ExaBGP's behaviour, `_handle_problem`).
    Immediate,
    /// The same wait before every restart.
    Fixed(Duration),
    /// `initial` before the first restart inside the respawn window, doubled for each
    /// further start inside the window, never more than `maximum`.
    Exponential {
        initial: Duration,
        maximum: Duration,
    },
}

impl RestartDelay {
    /// The wait before a restart, when `recent_starts` starts (at least one) happened
    /// inside the respawn window.
    pub fn delay(self, recent_starts: usize) -> Duration {
        match self {
            RestartDelay::Immediate => Duration::ZERO,
            RestartDelay::Fixed(delay) => delay,
            RestartDelay::Exponential { initial, maximum } => {
                let doublings = u32::try_from(recent_starts.saturating_sub(1))
                    .unwrap_or(u32::MAX)
                    .min(31);
                initial
                    .checked_mul(1u32 << doublings)
                    .unwrap_or(maximum)
                    .min(maximum)
            }
        }
    }
}

/// When a helper that exited is started again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RespawnPolicy {
    /// Restart at all (ExaBGP's `respawn`, default true; false: the helper stays exited
    /// until a `ProcCmd::Restart`).
    pub enabled: bool,
    /// At most this many starts (the first one included) inside `window`; the start that
    /// would exceed it is not made and the helper is given up.
    pub max_starts: usize,
    pub window: Duration,
    pub delay: RestartDelay,
}

impl RespawnPolicy {
    /// ExaBGP's defaults: respawn on, 5 starts per 64 s, restart at once.
    pub fn exabgp() -> RespawnPolicy {
        RespawnPolicy {
            enabled: true,
            max_starts: EXABGP_MAX_STARTS,
            window: EXABGP_RESPAWN_WINDOW,
            delay: RestartDelay::Immediate,
        }
    }
}

impl Default for RespawnPolicy {
    fn default() -> RespawnPolicy {
        RespawnPolicy::exabgp()
    }
}

/// The timings of a stop: the shutdown notice, SIGTERM, then SIGKILL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TerminationPolicy {
    /// How long the shutdown notice may wait to be written (a helper that does not read
    /// its stdin never takes it).
    pub notice_write_timeout: Duration,
    /// After the notice is written, how long the helper may take to exit on its own before
    /// SIGTERM (ExaBGP sleeps 0.1 s).
    pub notice_wait: Duration,
    /// After SIGTERM, how long before SIGKILL (ExaBGP 5.0: 2 s).
    pub grace: Duration,
    /// After SIGKILL, how long to wait for the exit before leaving the process behind.
    pub kill_wait: Duration,
}

impl Default for TerminationPolicy {
    fn default() -> TerminationPolicy {
        TerminationPolicy {
            notice_write_timeout: Duration::from_secs(1),
            notice_wait: Duration::from_millis(100),
            grace: Duration::from_secs(2),
            kill_wait: Duration::from_secs(1),
        }
    }
}

/// Everything about supervision that is not in the helper's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupervisionOptions {
    /// `respawn.enabled` is combined (AND) with the helper's own `respawn` setting.
    pub respawn: RespawnPolicy,
    pub termination: TerminationPolicy,
    /// See [`DEFAULT_EVENT_QUEUE_BYTES`]; at least 1.
    pub event_queue_bytes: usize,
    /// See [`DEFAULT_ANSWER_QUEUE_BYTES`].
    pub answer_queue_bytes: usize,
    /// The longest command line (without its newline); ExaBGP's 1 MiB by default.
    pub line_limit: usize,
    /// The host name written in JSON shutdown notices (ExaBGP: `socket.gethostname()`);
    /// `None`: looked up at start.
    pub host_name: Option<String>,
}

impl Default for SupervisionOptions {
    fn default() -> SupervisionOptions {
        SupervisionOptions {
            respawn: RespawnPolicy::exabgp(),
            termination: TerminationPolicy::default(),
            event_queue_bytes: DEFAULT_EVENT_QUEUE_BYTES,
            answer_queue_bytes: DEFAULT_ANSWER_QUEUE_BYTES,
            line_limit: crate::api::command::MAX_LINE_LENGTH,
            host_name: None,
        }
    }
}

/// The recent starts of one helper, to enforce the respawn budget.
///
/// ExaBGP counts starts in 64-second buckets aligned on the wall clock, so up to twice the
/// budget fits across a bucket boundary; this is a sliding window over a monotonic clock:
/// never more than `max_starts` starts inside any `window`, and a clock change does not
/// reset it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StartHistory {
    starts: VecDeque<Instant>,
}

impl StartHistory {
    pub fn new() -> StartHistory {
        StartHistory::default()
    }

    /// Records a start made at `now`.
    pub fn record(&mut self, now: Instant) {
        self.starts.push_back(now);
    }

    /// Forgets every start (an operator's restart is not a death).
    pub fn clear(&mut self) {
        self.starts.clear();
    }

    /// The starts inside the window that ends at `now`.
    pub fn recent(&mut self, now: Instant, window: Duration) -> usize {
        while let Some(oldest) = self.starts.front() {
            if now.saturating_duration_since(*oldest) >= window {
                self.starts.pop_front();
            } else {
                break;
            }
        }
        self.starts.len()
    }

    /// What to do after the helper exited at `now` (respawn enabled): wait this long and
    /// start again, or `None`: give up, the budget is spent.
    pub fn next_start(&mut self, now: Instant, policy: &RespawnPolicy) -> Option<Duration> {
        let recent = self.recent(now, policy.window);
        if recent >= policy.max_starts {
            return None;
        }
        Some(policy.delay.delay(recent.max(1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_start_inside_the_window_is_refused() {
        let policy = RespawnPolicy::exabgp();
        let mut history = StartHistory::new();
        let origin = Instant::now();
        for second in 0..5u64 {
            let now = origin + Duration::from_secs(second);
            if second > 0 {
                assert_eq!(history.next_start(now, &policy), Some(Duration::ZERO));
            }
            history.record(now);
        }
        assert_eq!(
            history.next_start(origin + Duration::from_secs(10), &policy),
            None
        );
        // 64 s after the first start, one slot is free again (sliding window).
        assert_eq!(
            history.next_start(origin + Duration::from_secs(64), &policy),
            Some(Duration::ZERO)
        );
        assert_eq!(
            history.recent(origin + Duration::from_secs(64), policy.window),
            4
        );
    }

    #[test]
    fn clearing_restores_the_budget() {
        let policy = RespawnPolicy::exabgp();
        let mut history = StartHistory::new();
        let now = Instant::now();
        for _ in 0..5 {
            history.record(now);
        }
        assert_eq!(history.next_start(now, &policy), None);
        history.clear();
        assert_eq!(history.next_start(now, &policy), Some(Duration::ZERO));
    }

    #[test]
    fn delays() {
        let second = Duration::from_secs(1);
        let table = [
            (RestartDelay::Immediate, 1, Duration::ZERO),
            (RestartDelay::Immediate, 4, Duration::ZERO),
            (RestartDelay::Fixed(second), 1, second),
            (RestartDelay::Fixed(second), 4, second),
        ];
        for (delay, starts, expected) in table {
            assert_eq!(delay.delay(starts), expected, "{delay:?} {starts}");
        }
        let exponential = RestartDelay::Exponential {
            initial: Duration::from_millis(100),
            maximum: Duration::from_millis(500),
        };
        let expected = [100u64, 100, 200, 400, 500, 500];
        for (starts, milliseconds) in [0usize, 1, 2, 3, 4, 100].into_iter().zip(expected) {
            assert_eq!(
                exponential.delay(starts),
                Duration::from_millis(milliseconds),
                "{starts}"
            );
        }
        assert_eq!(exponential.delay(usize::MAX), Duration::from_millis(500));
    }
}
