//! The Adj-RIB-Out of one peer: the routes we want it to have, who asked for each, what it
//! already has from us, and the changes still to send.
//!
//! Pure data. Changes coalesce until [`AdjRibOut::flush`]: a route announced then withdrawn
//! before a flush sends nothing, re-announcing a route with the attributes and next hop the
//! peer already has sends nothing, and a route the peer never received is never withdrawn
//! (ExaBGP's update storms and spurious withdrawals, ExaBGP issues #972 and #1241, come from
//! sending every command as it arrives). Must not touch sockets or timers, nor decide the
//! policy for a departed helper's routes (the daemon calls [`AdjRibOut::withdraw_owner`]).
//!
//! Life cycle, driven by the peer task:
//! ```text
//! new ──announce/withdraw (recorded, nothing queued)──┐
//!      session Established: full_table(negotiated) ◄──┘  (every route, End-of-RIB per family)
//!      announce/withdraw … flush(negotiated)               (only the net changes)
//!      ROUTE-REFRESH from the peer: refresh(family)        (BoRR … EoRR when enhanced)
//!      session down: session_down()                        (the peer has nothing from us)
//! ```
//!
//! Routes are keyed by (family, NLRI with its Path Identifier). Without ADD-PATH for a
//! family, NLRI differing only by Path Identifier are the same route on the wire: the caller
//! should not give Path Identifiers for such a family.

#[cfg(test)]
mod model_tests;
mod send;
mod table;
#[cfg(test)]
mod tests;

pub use send::FlushReport;

use super::attributes::AttributeHandle;
use super::key::RouteKey;
use super::owner::{Owner, OwnerTable};
use super::path::{NO_PATH, PathTable};
use crate::wire::family::Family;
use crate::wire::nlri::{NextHop, Nlri};
use std::collections::BTreeMap;
use table::{Entry, FamilyTable, each_table};

/// A route as given to [`AdjRibOut::replace_owner`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Route {
    pub nlri: Nlri,
    pub attributes: AttributeHandle,
    pub next_hop: NextHop,
}

/// A desired route, as `show adj-rib out` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutRoute<'a> {
    pub family: Family,
    pub nlri: Nlri,
    pub attributes: &'a AttributeHandle,
    pub next_hop: &'a NextHop,
    pub owner: &'a Owner,
    /// Whether the peer has this route, with these attributes, from us.
    pub sent: bool,
}

/// How many desired routes of `family` `owner` has.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RouteCount {
    pub family: Family,
    pub owner: Owner,
    pub routes: usize,
}

/// What [`AdjRibOut::replace_owner`] changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReplaceReport {
    /// Routes added or changed.
    pub announced: usize,
    /// Routes of the owner that the new set no longer has.
    pub withdrawn: usize,
    /// Routes of the new set already desired as they are.
    pub unchanged: usize,
}

/// How an Adj-RIB-Out sends, from the neighbor's configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendSettings {
    /// Routes sharing attributes and next hop share UPDATEs (ExaBGP's `group-updates`, the
    /// default); off, every route and every withdrawal goes in an UPDATE of its own.
    pub group_updates: bool,
    /// The full table ends each family with its End-of-RIB marker (the default); off
    /// (`manual-eor`), End-of-RIB is sent only when asked (`announce eor`).
    pub end_of_rib: bool,
    /// The routes of helpers and of the control FIFO outlive a session and go to the next
    /// one (`adj-rib-out`, the default); off, they are forgotten when the session goes down
    /// (ExaBGP's `adj-rib-out false`: helpers announce again on `up`). Static routes are
    /// sent on every session either way.
    pub keep_after_session: bool,
}

impl Default for SendSettings {
    fn default() -> SendSettings {
        SendSettings {
            group_updates: true,
            end_of_rib: true,
            keep_after_session: true,
        }
    }
}

/// The Adj-RIB-Out of one peer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AdjRibOut {
    tables: BTreeMap<Family, FamilyTable>,
    paths: PathTable,
    owners: OwnerTable,
    /// A session is up and has received the full table: changes are queued for `flush`.
    /// Otherwise only the desired state is kept.
    established: bool,
    settings: SendSettings,
}

impl AdjRibOut {
    pub fn new() -> AdjRibOut {
        AdjRibOut::default()
    }

    /// An Adj-RIB-Out that sends as `settings` say.
    pub fn with_settings(settings: SendSettings) -> AdjRibOut {
        AdjRibOut {
            settings,
            ..AdjRibOut::default()
        }
    }

    pub fn settings(&self) -> SendSettings {
        self.settings
    }

    /// Wants the peer to have `nlri` with `attributes` and `next_hop` (which must suit the
    /// NLRI's family), on behalf of `owner`, replacing any route of that NLRI whoever owned
    /// it. Returns whether anything is to be sent for it (false when the route was already
    /// desired so, the owner aside).
    pub fn announce(
        &mut self,
        nlri: &Nlri,
        attributes: &AttributeHandle,
        next_hop: &NextHop,
        owner: &Owner,
    ) -> bool {
        let Some(owner) = self.owners.intern(owner) else {
            return false;
        };
        let Some(path) = self.paths.acquire(attributes, next_hop) else {
            return false;
        };
        let family = nlri.family();
        let tracking = self.established;
        let paths = &mut self.paths;
        let table = self
            .tables
            .entry(family)
            .or_insert_with(|| FamilyTable::new(family));
        each_table!(table, table => match RouteKey::from_nlri(nlri) {
            Some(key) => table.announce(key, path, owner, paths, tracking),
            None => {
                paths.release(path);
                false
            }
        })
    }

    /// No longer wants the peer to have `nlri`, whoever announced it. Returns whether it was
    /// desired. The peer is sent a withdrawal only if it has the route.
    pub fn withdraw(&mut self, nlri: &Nlri) -> bool {
        let tracking = self.established;
        let paths = &mut self.paths;
        let Some(table) = self.tables.get_mut(&nlri.family()) else {
            return false;
        };
        each_table!(table, table => match RouteKey::from_nlri(nlri) {
            Some(key) => table.withdraw(&key, paths, tracking),
            None => false,
        })
    }

    /// Withdraws every route `owner` announced (a helper given up or removed, when that is
    /// the configured policy). Returns how many.
    pub fn withdraw_owner(&mut self, owner: &Owner) -> usize {
        match self.owners.find(owner) {
            Some(index) => self.withdraw_marked(Some(index)),
            None => 0,
        }
    }

    /// Withdraws every route (`clear adj-rib out`). Returns how many.
    pub fn withdraw_all(&mut self) -> usize {
        self.withdraw_marked(None)
    }

    fn withdraw_marked(&mut self, owner: Option<u32>) -> usize {
        let tracking = self.established;
        let mut withdrawn = 0usize;
        for table in self.tables.values_mut() {
            let paths = &mut self.paths;
            each_table!(table, table => {
                if table.mark_owner(owner) > 0 {
                    withdrawn = withdrawn.saturating_add(table.withdraw_marked(paths, tracking));
                }
            });
        }
        withdrawn
    }

    /// Makes `routes` the complete set of `owner`'s routes (a configuration reload: the
    /// static routes of the new file), queueing only the difference: routes of the set that
    /// are already desired as they are send nothing, routes of `owner` missing from the set
    /// are withdrawn. A route of the set currently announced by another owner is taken over.
    pub fn replace_owner<I>(&mut self, owner: &Owner, routes: I) -> ReplaceReport
    where
        I: IntoIterator<Item = Route>,
    {
        let index = self.owners.find(owner);
        if index.is_some() {
            for table in self.tables.values_mut() {
                each_table!(table, table => table.mark_owner(index));
            }
        }
        let mut report = ReplaceReport::default();
        for route in routes {
            if self.announce(&route.nlri, &route.attributes, &route.next_hop, owner) {
                report.announced = report.announced.saturating_add(1);
            } else {
                report.unchanged = report.unchanged.saturating_add(1);
            }
        }
        if index.is_some() {
            let tracking = self.established;
            for table in self.tables.values_mut() {
                let paths = &mut self.paths;
                // Only `owner`'s routes were marked; those of the new set were unmarked by
                // their announcement.
                let withdrawn = each_table!(table, table => table.withdraw_marked(paths, tracking));
                report.withdrawn = report.withdrawn.saturating_add(withdrawn);
            }
        }
        report
    }

    /// Queues every route the peer has for sending again (`flush adj-rib out`).
    pub fn resend_all(&mut self) {
        if !self.established {
            return;
        }
        for table in self.tables.values_mut() {
            each_table!(table, table => table.resend());
        }
    }

    /// The session went down: the peer has nothing from us, nothing is queued, and the next
    /// session starts with [`AdjRibOut::full_table`]. The desired routes stay (without
    /// [`SendSettings::keep_after_session`], only the static ones).
    pub fn session_down(&mut self) {
        for table in self.tables.values_mut() {
            let paths = &mut self.paths;
            each_table!(table, table => table.forget_sent(paths));
        }
        self.established = false;
        if !self.settings.keep_after_session {
            let forgotten: Vec<Owner> = self
                .owners
                .all()
                .iter()
                .filter(|owner| **owner != Owner::Static)
                .cloned()
                .collect();
            for owner in &forgotten {
                // Not established: removed from the desired routes, nothing is queued.
                self.withdraw_owner(owner);
            }
        }
    }

    /// Whether a session received the full table and changes are being queued.
    pub fn is_established(&self) -> bool {
        self.established
    }

    /// Routes with a change queued for the next flush (some may cancel out).
    pub fn pending(&self) -> usize {
        self.tables
            .values()
            .map(|table| each_table!(table, table => table.pending()))
            .fold(0, usize::saturating_add)
    }

    /// Desired routes.
    pub fn len(&self) -> usize {
        self.tables
            .values()
            .map(|table| each_table!(table, table => table.len()))
            .fold(0, usize::saturating_add)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Distinct (attribute set, next hop) pairs in use.
    pub fn path_count(&self) -> usize {
        self.paths.len()
    }

    /// Desired routes per family and owner (families in order, then owners), without zeros.
    pub fn counts(&self) -> Vec<RouteCount> {
        let mut counts = Vec::new();
        for (family, table) in &self.tables {
            let per_owner = each_table!(table, table => table.owner_counts());
            for (index, routes) in per_owner.iter().enumerate() {
                let owner = u32::try_from(index)
                    .ok()
                    .and_then(|index| self.owners.get(index));
                if let Some(owner) = owner
                    && *routes > 0
                {
                    counts.push(RouteCount {
                        family: *family,
                        owner: owner.clone(),
                        routes: *routes,
                    });
                }
            }
        }
        counts.sort();
        counts
    }

    /// The desired route of `nlri`, if any.
    pub fn get(&self, nlri: &Nlri) -> Option<OutRoute<'_>> {
        let family = nlri.family();
        let table = self.tables.get(&family)?;
        each_table!(table, table => {
            let key = RouteKey::from_nlri(nlri)?;
            let entry = table.get(&key)?;
            self.view(family, nlri.clone(), entry)
        })
    }

    /// Every desired route, family by family (in family order), in no particular order
    /// within a family. See [`AdjRibOut::sorted_routes`] for a stable listing.
    pub fn routes(&self) -> impl Iterator<Item = OutRoute<'_>> {
        self.tables.iter().flat_map(move |(family, table)| {
            let family = *family;
            let routes: Box<dyn Iterator<Item = OutRoute<'_>>> = each_table!(table, table => {
                Box::new(table.desired().filter_map(move |(key, entry)| {
                    self.view(family, key.to_nlri(family), entry)
                }))
            });
            routes
        })
    }

    /// Every desired route, sorted by family then NLRI.
    pub fn sorted_routes(&self) -> Vec<OutRoute<'_>> {
        let mut routes: Vec<OutRoute<'_>> = self.routes().collect();
        routes.sort_by(|left, right| (left.family, &left.nlri).cmp(&(right.family, &right.nlri)));
        routes
    }

    fn view(&self, family: Family, nlri: Nlri, entry: &Entry) -> Option<OutRoute<'_>> {
        let path = self.paths.get(entry.desired)?;
        Some(OutRoute {
            family,
            nlri,
            attributes: &path.attributes,
            next_hop: &path.next_hop,
            owner: self.owners.get(entry.owner)?,
            sent: entry.sent == entry.desired && entry.sent != NO_PATH,
        })
    }
}
