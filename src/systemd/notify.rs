//! The `sd_notify(3)` messages the daemon sends, built as values (testable) and sent only when
//! `NOTIFY_SOCKET` is set.
//!
//! Sequence: `READY=1` + `STATUS=` once every speaker's listeners are bound and its peers are
//! spawned; `STATUS=` on session changes ([`super::status`]); `WATCHDOG=1` from the hubs'
//! loops ([`super::watchdog`]); `STOPPING=1` + `STATUS=` before the Ceases go out. For a reload
//! (`Type=notify-reload`): `RELOADING=1` + `MONOTONIC_USEC=` + `STATUS=`, then `READY=1` +
//! `STATUS=` whatever the outcome. Must not send anything when `NOTIFY_SOCKET` is unset.

use std::sync::atomic::{AtomicBool, Ordering};

use sd_notify::NotifyState;

/// Set by [`stopping`]: no status update follows STOPPING=1.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// True once [`stopping`] was called.
pub fn is_stopping() -> bool {
    STOPPING.load(Ordering::Relaxed)
}

use super::status::Summary;

/// True when the service manager listens (`NOTIFY_SOCKET` is set and not empty).
pub fn notify_enabled() -> bool {
    std::env::var_os("NOTIFY_SOCKET").is_some_and(|value| !value.is_empty())
}

/// Sends `states` in one datagram; a failure is logged (once per call), never fatal.
pub fn send(states: &[NotifyState<'_>]) {
    if !notify_enabled() {
        return;
    }
    if let Err(error) = sd_notify::notify(states) {
        tracing::warn!("sd_notify: {error}");
    }
}

/// The datagram's text, as `sd_notify` writes it (one `KEY=VALUE` line per state).
pub fn render(states: &[NotifyState<'_>]) -> String {
    states.iter().map(|state| format!("{state}\n")).collect()
}

/// `READY=1` and the status line.
pub fn ready_message(status: &str) -> Vec<NotifyState<'_>> {
    vec![NotifyState::Ready, NotifyState::Status(status)]
}

/// `STOPPING=1` and a status line saying why.
pub fn stopping_message(status: &str) -> Vec<NotifyState<'_>> {
    vec![NotifyState::Stopping, NotifyState::Status(status)]
}

/// `RELOADING=1`, `MONOTONIC_USEC=` (required by systemd 253 and later, in the same
/// datagram) and a status line.
pub fn reloading_message(monotonic_usec: i128) -> Vec<NotifyState<'static>> {
    vec![
        NotifyState::Reloading,
        NotifyState::MonotonicUsec(monotonic_usec),
        NotifyState::Status("reloading configuration"),
    ]
}

/// The end of a reload, successful or not: `READY=1` and the status line (which carries the
/// reload's result).
pub fn reload_finished_message(status: &str) -> Vec<NotifyState<'_>> {
    ready_message(status)
}

/// Tells the service manager the daemon is ready.
pub fn ready(summary: &Summary) {
    let status = summary.status_line();
    send(&ready_message(&status));
}

/// Tells the service manager the daemon is stopping, before the Ceases go out.
pub fn stopping(why: &str) {
    STOPPING.store(true, Ordering::Relaxed);
    let status = format!("stopping: {why}");
    send(&stopping_message(&status));
}

/// Starts a reload (for the reload command and SIGHUP, not wired yet).
pub fn reloading() {
    if !notify_enabled() {
        return;
    }
    match NotifyState::monotonic_usec_now() {
        Ok(NotifyState::MonotonicUsec(now)) => send(&reloading_message(now)),
        Ok(_) | Err(_) => send(&[
            NotifyState::Reloading,
            NotifyState::Status("reloading configuration"),
        ]),
    }
}

/// Ends a reload: `summary.last_reload` should already say how it went.
pub fn reload_finished(summary: &Summary) {
    let status = summary.status_line();
    send(&reload_finished_message(&status));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_rendered_as_systemd_reads_them() {
        let table: [(Vec<NotifyState<'_>>, &str); 4] = [
            (
                ready_message("running: 0/1 peers established, last reload: none"),
                "READY=1\nSTATUS=running: 0/1 peers established, last reload: none\n",
            ),
            (
                stopping_message("stopping: SIGTERM"),
                "STOPPING=1\nSTATUS=stopping: SIGTERM\n",
            ),
            (
                reloading_message(2_289_330_983),
                "RELOADING=1\nMONOTONIC_USEC=2289330983\nSTATUS=reloading configuration\n",
            ),
            (
                reload_finished_message("running: 1/1 peers established, last reload: failed"),
                "READY=1\nSTATUS=running: 1/1 peers established, last reload: failed\n",
            ),
        ];
        for (states, text) in table {
            assert_eq!(render(&states), text);
        }
    }

    #[test]
    fn the_reload_carries_the_current_monotonic_time() {
        let Ok(NotifyState::MonotonicUsec(now)) = NotifyState::monotonic_usec_now() else {
            panic!("CLOCK_MONOTONIC readable");
        };
        let text = render(&reloading_message(now));
        assert!(text.starts_with("RELOADING=1\nMONOTONIC_USEC="), "{text}");
        assert!(now > 0);
    }
}
