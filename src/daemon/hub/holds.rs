//! The hub's side of per-peer back-pressure and of the helpers count: holds and releases the
//! socket reads of the peers that feed a congested helper (`daemon::pressure` decides which;
//! commands go through `peer_backlog`, which never drops one), and tells the subscribers how
//! many helpers run (`STATUS=`).

use crate::peer::{NeighborId, PeerCmd};

use super::super::helpers::Helpers;
use super::super::pressure::peers_to_hold;
use super::Hub;

impl Hub {
    /// Holds the socket reads of the peers whose events go to a congested helper and
    /// releases the others (see `pressure`); an undelivered change is sent again later.
    pub(super) fn hold_peers(&mut self) {
        let Some(helpers) = self.helpers.as_mut() else {
            return;
        };
        if self.holds.is_idle() && !helpers.congested() {
            return;
        }
        let congested = helpers.congested_helpers();
        let wanted = peers_to_hold(
            &congested,
            self.peers.iter().map(|(id, peer)| (*id, &peer.neighbor)),
        );
        let (handles, backlog) = (&self.handles, &mut self.backlog);
        let changes = self.holds.update(&congested, &wanted, |id, hold| {
            if let Some(handle) = handles.get(&id) {
                backlog.send(handle, PeerCmd::HoldReading(hold));
            }
        });
        let addresses = |ids: &[NeighborId]| {
            ids.iter()
                .filter_map(|id| self.peers.get(id))
                .map(|peer| peer.neighbor.address.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        };
        for name in &changes.newly_congested {
            let first = helpers.first_congestion(name);
            let message = format!(
                "helper {name}: reads its events slower than they come; holding the socket \
                 reads of its neighbors until it catches up (nothing is lost)"
            );
            if first {
                tracing::info!("{message}");
            } else {
                tracing::debug!("{message}");
            }
        }
        if !changes.held.is_empty() {
            tracing::debug!("holding the reads of {}", addresses(&changes.held));
        }
        if !changes.released.is_empty() {
            tracing::debug!("reading again from {}", addresses(&changes.released));
        }
    }

    /// Tells the subscribers how many helpers run now (`STATUS=`).
    pub(super) fn report_helpers(&mut self) {
        let running = self.helpers.as_ref().map_or(0, Helpers::running);
        for subscriber in &mut self.subscribers {
            subscriber.helpers_running(running);
        }
    }
}
