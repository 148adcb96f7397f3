//! Signals reported to the helpers (ExaBGP's `signal` event, reference §3.2): one JSON line
//! per neighbor whose `api` block names the helper with `signal`, for every signal the daemon
//! reports (`daemon::signals::REPORTED_SIGNALS`). Text helpers get nothing, as under ExaBGP.
//! What the signal then does (stop, restart, reload) is decided by `cli::run`.

use super::Hub;

impl Hub {
    /// Queues the `signal` line of signal `number` (`name`) for every subscribed helper.
    pub(super) fn signal(&mut self, number: i32, name: &str) {
        let Some(helpers) = self.helpers.as_mut() else {
            return;
        };
        let peers = &self.peers;
        helpers.queue_lines(|feed| {
            peers
                .values()
                .filter_map(|peer| feed.signal(&peer.neighbor, &peer.view(), number, name))
                .collect()
        });
    }
}
