//! Per-peer back-pressure: which peers' socket reads the hub holds while a helper reads its
//! events slowly ([`peers_to_hold`]), and the record of what each peer was told
//! ([`ReadHolds`]), so that only changes are sent.
//!
//! The policy (docs/architecture.md, "Back-pressure"): while a helper has event lines
//! waiting for room in its pipe, the peers whose events go to it (their `api` blocks name
//! it) stop reading their sockets (`PeerCmd::HoldReading(true)`), so TCP pushes back on
//! those BGP peers only; their task still sends KEEPALIVEs and UPDATEs. Every other peer
//! and helper goes on. Once no congested helper needs a peer, it is released. Nothing is
//! dropped: the lines already in flight wait in the helper's queue (`helpers`).
//!
//! Pure: the hub sends the commands. Must not touch peers or helpers.

use std::collections::BTreeSet;

use crate::config::Neighbor;
use crate::peer::NeighborId;

use super::helper_feed::wanted;

/// The neighbors whose events go to one of the `congested` helpers.
pub fn peers_to_hold<'a>(
    congested: &[&str],
    neighbors: impl IntoIterator<Item = (NeighborId, &'a Neighbor)>,
) -> BTreeSet<NeighborId> {
    if congested.is_empty() {
        return BTreeSet::new();
    }
    neighbors
        .into_iter()
        .filter(|(_, neighbor)| {
            congested
                .iter()
                .any(|name| wanted(name, neighbor).is_some())
        })
        .map(|(id, _)| id)
        .collect()
}

/// What the peers were told, and which helpers were congested at the last look.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ReadHolds {
    held: BTreeSet<NeighborId>,
    congested: BTreeSet<String>,
}

/// What changed at one look.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct HoldChanges {
    /// Helpers congested now that were not at the last look.
    pub newly_congested: Vec<String>,
    /// Peers told to stop reading, and told to read again.
    pub held: Vec<NeighborId>,
    pub released: Vec<NeighborId>,
}

impl ReadHolds {
    /// True when nothing is held and no helper was congested (the common case: nothing to
    /// do until a helper congests).
    pub fn is_idle(&self) -> bool {
        self.held.is_empty() && self.congested.is_empty()
    }

    /// The peers currently held.
    pub fn held(&self) -> &BTreeSet<NeighborId> {
        &self.held
    }

    /// Brings the peers to `wanted` held given the `congested` helpers: `tell(id, hold)`
    /// sends the command (the hub's `peer_backlog` never drops one).
    pub fn update(
        &mut self,
        congested: &[&str],
        wanted: &BTreeSet<NeighborId>,
        mut tell: impl FnMut(NeighborId, bool),
    ) -> HoldChanges {
        let mut changes = HoldChanges::default();
        let now: BTreeSet<String> = congested.iter().map(|name| (*name).to_owned()).collect();
        changes.newly_congested = now.difference(&self.congested).cloned().collect();
        self.congested = now;
        for id in wanted.difference(&self.held).copied().collect::<Vec<_>>() {
            tell(id, true);
            self.held.insert(id);
            changes.held.push(id);
        }
        for id in self.held.difference(wanted).copied().collect::<Vec<_>>() {
            tell(id, false);
            self.held.remove(&id);
            changes.released.push(id);
        }
        changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn neighbors() -> Vec<Neighbor> {
        let source = r#"
router-id "192.0.2.1"
local-as 65001
process "slow" { run "/bin/true" }
process "fast" { run "/bin/true" }
neighbor "192.0.2.2" { peer-as 65002; api { processes "slow"; receive { parsed; update; } } }
neighbor "192.0.2.3" { peer-as 65003; api { processes "fast"; receive { parsed; update; } } }
neighbor "192.0.2.4" { peer-as 65004; api { processes "slow" "fast"; neighbor-changes; } }
neighbor "192.0.2.5" { peer-as 65005 }
"#;
        crate::config::decode("t.kdl", source)
            .expect("valid")
            .neighbors
    }

    fn hold(congested: &[&str]) -> Vec<u32> {
        let neighbors = neighbors();
        let indexed = neighbors
            .iter()
            .enumerate()
            .map(|(index, neighbor)| (NeighborId(index as u32), neighbor));
        peers_to_hold(congested, indexed)
            .into_iter()
            .map(|id| id.0)
            .collect()
    }

    #[test]
    fn only_the_peers_feeding_a_congested_helper_are_held() {
        assert_eq!(hold(&[]), Vec::<u32>::new());
        assert_eq!(hold(&["slow"]), vec![0, 2]);
        assert_eq!(hold(&["fast"]), vec![1, 2]);
        assert_eq!(hold(&["slow", "fast"]), vec![0, 1, 2]);
        assert_eq!(hold(&["unknown"]), Vec::<u32>::new());
    }

    #[test]
    fn only_changes_are_sent() {
        let mut holds = ReadHolds::default();
        assert!(holds.is_idle());
        let wanted: BTreeSet<NeighborId> = [NeighborId(0), NeighborId(2)].into();
        let mut told = Vec::new();
        let changes = holds.update(&["slow"], &[NeighborId(0)].into(), |id, hold| {
            told.push((id.0, hold))
        });
        assert_eq!(told, vec![(0, true)]);
        assert_eq!(changes.newly_congested, vec!["slow".to_owned()]);
        assert_eq!(changes.held, vec![NeighborId(0)]);
        // Another helper congests: only the new peer is told; "slow" is no longer new.
        told.clear();
        let changes = holds.update(&["fast", "slow"], &wanted, |id, hold| {
            told.push((id.0, hold))
        });
        assert_eq!(told, vec![(2, true)]);
        assert_eq!(changes.newly_congested, vec!["fast".to_owned()]);
        // Both caught up: both released.
        told.clear();
        holds.update(&[], &BTreeSet::new(), |id, hold| told.push((id.0, hold)));
        assert_eq!(told, vec![(0, false), (2, false)]);
        assert!(holds.is_idle());
    }
}
