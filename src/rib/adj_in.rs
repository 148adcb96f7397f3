//! The Adj-RIB-In of one peer (optional per neighbor): the routes it sent us, by family and
//! NLRI, with interned attribute sets, and the Graceful Restart / enhanced route refresh
//! stale marks.
//!
//! Pure data. Applies decoded UPDATEs, with RFC 7606 "treat-as-withdraw" already decided by
//! the decoder (`Update::treat_as_withdraw`); from an external peer, LOCAL_PREF is not kept
//! (RFC 4271 §5.1.5, see [`AdjRibIn::for_external_peer`]). Must not validate or filter routes (policy),
//! nor run the Graceful Restart timers (the peer task calls [`AdjRibIn::sweep_stale`] when
//! they fire or at End-of-RIB).

use super::attributes::{AttributeHandle, AttributeStore};
use super::key::{Ipv4Key, Ipv6Key, KeyKind, RouteKey};
use super::path::PathTable;
use crate::wire::family::Family;
use crate::wire::nlri::{NextHop, Nlri};
use crate::wire::update::Update;
use std::collections::{BTreeMap, HashMap};

/// One received route's state: 8 octets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    path: u32,
    /// Received before a restart or a BoRR and not received again since.
    stale: bool,
}

/// The routes of one family.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Routes<K: RouteKey> {
    routes: HashMap<K, Entry>,
}

impl<K: RouteKey> Routes<K> {
    fn new() -> Routes<K> {
        Routes {
            routes: HashMap::new(),
        }
    }

    fn announce(&mut self, key: K, path: u32, paths: &mut PathTable) {
        let fresh = Entry { path, stale: false };
        if let Some(previous) = self.routes.insert(key, fresh) {
            paths.release(previous.path);
        }
    }

    fn withdraw(&mut self, key: &K, paths: &mut PathTable) -> bool {
        match self.routes.remove(key) {
            Some(previous) => {
                paths.release(previous.path);
                true
            }
            None => false,
        }
    }

    fn mark_stale(&mut self) {
        for entry in self.routes.values_mut() {
            entry.stale = true;
        }
    }

    /// Removes the stale routes (all of them with `everything`); returns how many.
    fn sweep(&mut self, paths: &mut PathTable, everything: bool) -> usize {
        let before = self.routes.len();
        self.routes.retain(|_, entry| {
            let keep = !everything && !entry.stale;
            if !keep {
                paths.release(entry.path);
            }
            keep
        });
        before.saturating_sub(self.routes.len())
    }

    fn stale(&self) -> usize {
        self.routes.values().filter(|entry| entry.stale).count()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Table {
    Ipv4(Routes<Ipv4Key>),
    Ipv6(Routes<Ipv6Key>),
    Whole(Routes<Nlri>),
}

/// Runs `$body` with `$routes` bound to the typed routes inside a [`Table`].
macro_rules! each_routes {
    ($table:expr, $routes:ident => $body:expr) => {
        match $table {
            Table::Ipv4($routes) => $body,
            Table::Ipv6($routes) => $body,
            Table::Whole($routes) => $body,
        }
    };
}

impl Table {
    fn new(family: Family) -> Table {
        match KeyKind::of(family) {
            KeyKind::Ipv4 => Table::Ipv4(Routes::new()),
            KeyKind::Ipv6 => Table::Ipv6(Routes::new()),
            KeyKind::Whole => Table::Whole(Routes::new()),
        }
    }

    fn len(&self) -> usize {
        each_routes!(self, routes => routes.routes.len())
    }
}

/// What one UPDATE did to the Adj-RIB-In.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AppliedUpdate {
    /// Routes added or replaced.
    pub announced: usize,
    /// Routes removed (withdrawn, or announced by an UPDATE treated as withdraw).
    pub withdrawn: usize,
    /// The UPDATE was handled as a withdrawal of all its routes (RFC 7606).
    pub treated_as_withdraw: bool,
    /// The UPDATE was this family's End-of-RIB marker; its stale routes were swept.
    pub end_of_rib: Option<Family>,
    /// Stale routes removed by the End-of-RIB marker.
    pub swept: usize,
    /// NLRI fields of families not parsed here: not stored (their routes cannot be told
    /// apart).
    pub ignored: usize,
}

/// A received route, as `show adj-rib in` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedRoute<'a> {
    pub family: Family,
    pub nlri: Nlri,
    /// The path attributes, NEXT_HOP left out (it is `next_hop`).
    pub attributes: &'a AttributeHandle,
    pub next_hop: &'a NextHop,
    pub stale: bool,
}

/// A received route as an owned value (attributes shared, not copied), for a reader in
/// another task: the hub answering `show adj-rib in`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRoute {
    pub family: Family,
    pub nlri: Nlri,
    /// The path attributes, NEXT_HOP left out (it is `next_hop`).
    pub attributes: AttributeHandle,
    pub next_hop: NextHop,
    pub stale: bool,
}

/// A received route in the form the Adj-RIB-Out's routes are listed (`show adj-rib in`).
impl From<StoredRoute> for super::Route {
    fn from(route: StoredRoute) -> super::Route {
        super::Route {
            nlri: route.nlri,
            attributes: route.attributes,
            next_hop: route.next_hop,
        }
    }
}

impl From<ReceivedRoute<'_>> for StoredRoute {
    fn from(route: ReceivedRoute<'_>) -> StoredRoute {
        StoredRoute {
            family: route.family,
            nlri: route.nlri,
            attributes: route.attributes.clone(),
            next_hop: route.next_hop.clone(),
            stale: route.stale,
        }
    }
}

/// The Adj-RIB-In of one peer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AdjRibIn {
    tables: BTreeMap<Family, Table>,
    paths: PathTable,
    store: AttributeStore,
    /// The peer is external: its LOCAL_PREF is ignored.
    external: bool,
}

impl AdjRibIn {
    /// The Adj-RIB-In of an internal peer: every attribute is kept.
    pub fn new() -> AdjRibIn {
        AdjRibIn::default()
    }

    /// The Adj-RIB-In of an external peer. RFC 4271 §5.1.5: "If it [LOCAL_PREF] is contained
    /// in an UPDATE message that is received from an external peer, then this attribute MUST
    /// be ignored by the receiving speaker, except for the case of BGP Confederations". The
    /// routes are kept without it.
    pub fn for_external_peer() -> AdjRibIn {
        AdjRibIn {
            external: true,
            ..AdjRibIn::default()
        }
    }

    /// Whether LOCAL_PREF is ignored (the peer is external).
    pub fn is_external(&self) -> bool {
        self.external
    }

    /// Applies a decoded UPDATE: withdrawals, then announcements, or withdrawals only when
    /// RFC 7606 §2 "treat-as-withdraw" applies: "In this approach, the UPDATE message
    /// containing the path attribute in question MUST be treated as though all contained
    /// routes had been withdrawn just as if they had been listed in the WITHDRAWN ROUTES
    /// field (or in the MP_UNREACH_NLRI attribute if appropriate) of the UPDATE message".
    /// An End-of-RIB marker sweeps the family's stale routes (RFC 4724 §4.2).
    pub fn apply(&mut self, update: &Update) -> AppliedUpdate {
        let mut applied = AppliedUpdate::default();
        if let Some(family) = update.end_of_rib() {
            applied.end_of_rib = Some(family);
            applied.swept = self.sweep_stale(family);
            return applied;
        }
        let treat_as_withdraw = update.treat_as_withdraw();
        applied.treated_as_withdraw = treat_as_withdraw;
        let unreach = update.mp_unreach.iter().flat_map(|unreach| &unreach.nlri);
        for nlri in update.withdrawn.iter().chain(unreach) {
            self.withdraw(nlri, &mut applied);
        }
        let reach = update.mp_reach.iter().flat_map(|reach| {
            reach
                .nlri
                .iter()
                .map(move |nlri| (nlri, reach.next_hop.clone()))
        });
        let classic_next_hop = update
            .attributes
            .next_hop
            .map_or(NextHop::None, NextHop::Ipv4);
        let classic = update
            .announced
            .iter()
            .map(|nlri| (nlri, classic_next_hop.clone()));
        if treat_as_withdraw {
            for (nlri, _) in classic.chain(reach) {
                self.withdraw(nlri, &mut applied);
            }
            return applied;
        }
        if update.announced.is_empty() && update.mp_reach.is_none() {
            return applied;
        }
        let mut attributes = update.attributes.clone();
        attributes.next_hop = None;
        if self.external {
            attributes.local_preference = None;
        }
        let handle = self.store.intern(attributes);
        for (nlri, next_hop) in classic.chain(reach) {
            if matches!(nlri, Nlri::Unparsed(_)) {
                applied.ignored = applied.ignored.saturating_add(1);
                continue;
            }
            let Some(path) = self.paths.acquire(&handle, &next_hop) else {
                continue;
            };
            let family = nlri.family();
            let paths = &mut self.paths;
            let table = self
                .tables
                .entry(family)
                .or_insert_with(|| Table::new(family));
            each_routes!(table, routes => match RouteKey::from_nlri(nlri) {
                Some(key) => {
                    routes.announce(key, path, paths);
                    applied.announced = applied.announced.saturating_add(1);
                }
                None => paths.release(path),
            });
        }
        applied
    }

    fn withdraw(&mut self, nlri: &Nlri, applied: &mut AppliedUpdate) {
        if matches!(nlri, Nlri::Unparsed(_)) {
            applied.ignored = applied.ignored.saturating_add(1);
            return;
        }
        let paths = &mut self.paths;
        let Some(table) = self.tables.get_mut(&nlri.family()) else {
            return;
        };
        let removed = each_routes!(table, routes => match RouteKey::from_nlri(nlri) {
            Some(key) => routes.withdraw(&key, paths),
            None => false,
        });
        if removed {
            applied.withdrawn = applied.withdrawn.saturating_add(1);
        }
    }

    /// Marks every route stale (the session went down and the peer may be restarting
    /// gracefully, RFC 4724 §4.2).
    pub fn mark_stale(&mut self) {
        for table in self.tables.values_mut() {
            each_routes!(table, routes => routes.mark_stale());
        }
    }

    /// Marks the routes of `family` stale (a BoRR was received, RFC 7313 §4).
    pub fn mark_stale_family(&mut self, family: Family) {
        if let Some(table) = self.tables.get_mut(&family) {
            each_routes!(table, routes => routes.mark_stale());
        }
    }

    /// Removes the stale routes of `family` (End-of-RIB, EoRR, or a timer); returns how many.
    pub fn sweep_stale(&mut self, family: Family) -> usize {
        let paths = &mut self.paths;
        let swept = match self.tables.get_mut(&family) {
            Some(table) => each_routes!(table, routes => routes.sweep(paths, false)),
            None => 0,
        };
        self.tidy();
        swept
    }

    /// Removes the stale routes of every family; returns how many.
    pub fn sweep_all_stale(&mut self) -> usize {
        let mut swept = 0usize;
        for table in self.tables.values_mut() {
            let paths = &mut self.paths;
            swept = swept.saturating_add(each_routes!(table, routes => routes.sweep(paths, false)));
        }
        self.tidy();
        swept
    }

    /// Removes every route (session down without Graceful Restart, `clear adj-rib in`).
    pub fn clear(&mut self) {
        *self = AdjRibIn {
            external: self.external,
            ..AdjRibIn::default()
        };
    }

    fn tidy(&mut self) {
        self.tables.retain(|_, table| table.len() > 0);
        self.store.collect_unused();
    }

    /// Routes held.
    pub fn len(&self) -> usize {
        self.tables
            .values()
            .map(Table::len)
            .fold(0, usize::saturating_add)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Stale routes held.
    pub fn stale(&self) -> usize {
        self.tables
            .values()
            .map(|table| each_routes!(table, routes => routes.stale()))
            .fold(0, usize::saturating_add)
    }

    /// Routes per family, in family order, without zeros.
    pub fn counts(&self) -> Vec<(Family, usize)> {
        self.tables
            .iter()
            .map(|(family, table)| (*family, table.len()))
            .filter(|(_, routes)| *routes > 0)
            .collect()
    }

    /// Distinct attribute sets held.
    pub fn attribute_sets(&self) -> usize {
        self.store.len()
    }

    /// The route of `nlri`, if received.
    pub fn get(&self, nlri: &Nlri) -> Option<ReceivedRoute<'_>> {
        let family = nlri.family();
        let table = self.tables.get(&family)?;
        each_routes!(table, routes => {
            let key = RouteKey::from_nlri(nlri)?;
            let entry = routes.routes.get(&key)?;
            self.view(family, nlri.clone(), entry)
        })
    }

    /// Every route, family by family, in no particular order within a family.
    pub fn routes(&self) -> impl Iterator<Item = ReceivedRoute<'_>> {
        self.tables.iter().flat_map(move |(family, table)| {
            let family = *family;
            let routes: Box<dyn Iterator<Item = ReceivedRoute<'_>>> =
                each_routes!(table, routes => Box::new(routes.routes.iter().filter_map(
                    move |(key, entry)| self.view(family, key.to_nlri(family), entry)
                )));
            routes
        })
    }

    /// Every route, sorted by family then NLRI.
    pub fn sorted_routes(&self) -> Vec<ReceivedRoute<'_>> {
        let mut routes: Vec<ReceivedRoute<'_>> = self.routes().collect();
        routes.sort_by(|left, right| (left.family, &left.nlri).cmp(&(right.family, &right.nlri)));
        routes
    }

    /// Every route as owned values, sorted by family then NLRI.
    pub fn snapshot(&self) -> Vec<StoredRoute> {
        self.sorted_routes()
            .into_iter()
            .map(StoredRoute::from)
            .collect()
    }

    fn view(&self, family: Family, nlri: Nlri, entry: &Entry) -> Option<ReceivedRoute<'_>> {
        let path = self.paths.get(entry.path)?;
        Some(ReceivedRoute {
            family,
            nlri,
            attributes: &path.attributes,
            next_hop: &path.next_hop,
            stale: entry.stale,
        })
    }
}

#[cfg(test)]
mod tests;
