//! The one-line `STATUS=` summary ("running: 1/2 peers established, 1 helper, last reload:
//! none"), kept up to date by an [`EventSubscriber`] per speaker and sent, rate-limited, by a
//! task of its own.
//!
//! A `watch` channel holds the summary: subscribers change it on the hub's task without
//! waiting; the reporter task sends the latest value at most once per [`STATUS_INTERVAL`], so
//! a burst of session changes ends with the right line. Must not change peers.

use std::collections::HashSet;
use std::net::IpAddr;
use std::time::Duration;

use tokio::sync::watch;

use crate::api::json::NeighborView;
use crate::config::Neighbor;
use crate::daemon::EventSubscriber;
use crate::peer::PeerEvent;

/// The shortest time between two `STATUS=` updates.
pub const STATUS_INTERVAL: Duration = Duration::from_millis(500);

/// What the status line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Neighbors configured, over every speaker.
    pub configured: usize,
    /// Neighbors whose session is established.
    pub established: usize,
    /// Helper processes running, when the daemon counts them.
    pub helpers: Option<usize>,
    /// How the last reload went ("none" before the first).
    pub last_reload: String,
}

impl Summary {
    /// A summary before any session is up.
    pub fn new(configured: usize) -> Summary {
        Summary {
            configured,
            established: 0,
            helpers: None,
            last_reload: "none".to_owned(),
        }
    }

    /// "running: 1/2 peers established, 3 helpers, last reload: none".
    pub fn status_line(&self) -> String {
        let helpers = match self.helpers {
            Some(1) => ", 1 helper".to_owned(),
            Some(count) => format!(", {count} helpers"),
            None => String::new(),
        };
        format!(
            "running: {}/{} peers established{helpers}, last reload: {}",
            self.established, self.configured, self.last_reload
        )
    }
}

/// The shared summary of every speaker of the process.
#[derive(Debug, Clone)]
pub struct StatusBoard {
    summary: watch::Sender<Summary>,
}

impl StatusBoard {
    /// A board for `configured` neighbors in all.
    pub fn new(configured: usize) -> StatusBoard {
        let (summary, _) = watch::channel(Summary::new(configured));
        StatusBoard { summary }
    }

    /// The current summary.
    pub fn summary(&self) -> Summary {
        self.summary.borrow().clone()
    }

    /// Records how many helper processes run.
    pub fn set_helpers(&self, count: usize) {
        self.summary.send_if_modified(|summary| {
            let changed = summary.helpers != Some(count);
            summary.helpers = Some(count);
            changed
        });
    }

    /// A reload added (or, negative, removed) configured neighbors.
    pub fn add_configured(&self, count: isize) {
        self.summary.send_if_modified(|summary| {
            summary.configured = summary.configured.saturating_add_signed(count);
            count != 0
        });
    }

    /// Records the outcome of a reload ("ok", "failed: …").
    pub fn set_last_reload(&self, outcome: &str) {
        self.summary.send_if_modified(|summary| {
            let changed = summary.last_reload != outcome;
            summary.last_reload = outcome.to_owned();
            changed
        });
    }

    /// A subscriber for one speaker's neighbor events.
    pub fn subscriber(&self) -> Box<dyn EventSubscriber> {
        Box::new(StatusSubscriber {
            summary: self.summary.clone(),
            established: HashSet::new(),
            helpers: 0,
        })
    }

    /// Sends `STATUS=` whenever the summary changes, at most once per [`STATUS_INTERVAL`]
    /// (nothing without `NOTIFY_SOCKET`, nothing after STOPPING=1). Must be called within a tokio runtime.
    pub fn spawn_reporter(&self) -> Option<tokio::task::JoinHandle<()>> {
        if !super::notify_enabled() {
            return None;
        }
        let mut changes = self.summary.subscribe();
        changes.mark_unchanged();
        Some(tokio::spawn(async move {
            while changes.changed().await.is_ok() {
                if super::notify::is_stopping() {
                    break;
                }
                let line = changes.borrow_and_update().status_line();
                super::notify::send(&[sd_notify::NotifyState::Status(&line)]);
                tokio::time::sleep(STATUS_INTERVAL).await;
            }
        }))
    }
}

/// Counts one speaker's established sessions and running helpers into the board.
struct StatusSubscriber {
    summary: watch::Sender<Summary>,
    established: HashSet<IpAddr>,
    /// This speaker's share of `Summary::helpers`.
    helpers: usize,
}

impl EventSubscriber for StatusSubscriber {
    fn neighbor_event(&mut self, _neighbor: &Neighbor, view: &NeighborView, event: &PeerEvent) {
        let address = view.peer_address;
        let change: isize = match event {
            PeerEvent::Up => isize::from(self.established.insert(address)),
            PeerEvent::Down { .. } | PeerEvent::Stopped => {
                -isize::from(self.established.remove(&address))
            }
            _ => 0,
        };
        if change != 0 {
            self.summary.send_modify(|summary| {
                summary.established = summary.established.saturating_add_signed(change);
            });
        }
    }

    fn helpers_running(&mut self, count: usize) {
        let previous = std::mem::replace(&mut self.helpers, count);
        self.summary.send_if_modified(|summary| {
            let total = summary
                .helpers
                .unwrap_or(0)
                .saturating_sub(previous)
                .saturating_add(count);
            let changed = summary.helpers != Some(total);
            summary.helpers = Some(total);
            changed
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(address: &str) -> NeighborView {
        NeighborView {
            local_address: "192.0.2.1".parse().expect("address"),
            peer_address: address.parse().expect("address"),
            local_as: 65001,
            peer_as: 65002,
            router_id: None,
        }
    }

    #[test]
    fn status_lines() {
        let mut summary = Summary::new(2);
        assert_eq!(
            summary.status_line(),
            "running: 0/2 peers established, last reload: none"
        );
        summary.helpers = Some(1);
        summary.established = 2;
        assert_eq!(
            summary.status_line(),
            "running: 2/2 peers established, 1 helper, last reload: none"
        );
        summary.helpers = Some(3);
        summary.last_reload = "ok".to_owned();
        assert_eq!(
            summary.status_line(),
            "running: 2/2 peers established, 3 helpers, last reload: ok"
        );
    }

    #[test]
    fn helpers_of_every_speaker_are_summed() {
        let board = StatusBoard::new(2);
        let mut first = board.subscriber();
        let mut second = board.subscriber();
        first.helpers_running(2);
        second.helpers_running(1);
        assert_eq!(board.summary().helpers, Some(3));
        first.helpers_running(1);
        assert_eq!(board.summary().helpers, Some(2));
        assert!(board.summary().status_line().contains(", 2 helpers,"));
    }

    #[test]
    fn sessions_going_up_and_down_are_counted_once() {
        let source =
            "router-id \"192.0.2.1\"\nlocal-as 65001\nneighbor \"192.0.2.2\" { peer-as 65002 }\n";
        let neighbor = crate::config::decode("t.kdl", source)
            .expect("valid")
            .neighbors
            .remove(0);
        let board = StatusBoard::new(2);
        let mut first = board.subscriber();
        let mut second = board.subscriber();
        let down = PeerEvent::Down {
            reason: "hold timer expired".to_owned(),
            cause: crate::session::DownReason::ConnectionLost,
        };
        first.neighbor_event(&neighbor, &view("192.0.2.2"), &PeerEvent::Up);
        first.neighbor_event(&neighbor, &view("192.0.2.2"), &PeerEvent::Up);
        second.neighbor_event(&neighbor, &view("192.0.2.3"), &PeerEvent::Up);
        assert_eq!(board.summary().established, 2);
        first.neighbor_event(&neighbor, &view("192.0.2.2"), &down);
        first.neighbor_event(&neighbor, &view("192.0.2.2"), &PeerEvent::Stopped);
        assert_eq!(board.summary().established, 1);
        board.set_helpers(2);
        board.set_last_reload("ok");
        assert_eq!(
            board.summary().status_line(),
            "running: 1/2 peers established, 2 helpers, last reload: ok"
        );
    }
}
