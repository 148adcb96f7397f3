//! One family's routes in an Adj-RIB-Out: for each NLRI what we want the peer to have
//! (`desired`), what we last sent it (`sent`), and whether that pair changed since the last
//! flush (`dirty`, with the key queued once in `dirty`).
//!
//! Generic over the key type so that IPv4 and IPv6 prefixes take 12 and 24 octets. Holds
//! path references (each non-`NO_PATH` desired and sent index is one reference in the
//! [`PathTable`]). Must not build messages: it only says what to withdraw and announce.

use crate::rib::hash::FastHash;
use crate::rib::key::{Ipv4Key, Ipv6Key, KeyKind, RouteKey};
use crate::rib::path::{NO_PATH, PathTable};
use crate::wire::family::Family;
use crate::wire::nlri::Nlri;
use std::collections::HashMap;

/// The entry's key is queued in `Table::dirty`.
const DIRTY: u8 = 1;
/// Set by `mark_owner`, cleared by an announcement: what `withdraw_marked` removes.
const MARKED: u8 = 2;
/// Send the desired route at the next flush even if the peer has it (`resend`).
const RESEND: u8 = 4;

/// One NLRI's state: 16 octets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The path we want the peer to have, or `NO_PATH` (to be withdrawn).
    pub(crate) desired: u32,
    /// The path the peer has from us, or `NO_PATH`.
    pub(crate) sent: u32,
    /// The owner index of `desired`.
    pub(crate) owner: u32,
    flags: u8,
}

/// What a flush of one family must send, sorted: announcements by path then NLRI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Delta<K> {
    pub(crate) withdrawals: Vec<K>,
    pub(crate) announcements: Vec<(u32, K)>,
}

/// The routes of one family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Table<K: RouteKey> {
    routes: HashMap<K, Entry, FastHash>,
    dirty: Vec<K>,
    /// Desired routes per owner index.
    owner_counts: Vec<usize>,
    desired: usize,
}

fn owner_slot(owner: u32) -> usize {
    usize::try_from(owner).unwrap_or(usize::MAX)
}

impl<K: RouteKey> Table<K> {
    fn new() -> Table<K> {
        Table {
            routes: HashMap::default(),
            dirty: Vec::new(),
            owner_counts: Vec::new(),
            desired: 0,
        }
    }

    fn count(&mut self, owner: u32, added: bool) {
        let slot = owner_slot(owner);
        if self.owner_counts.len() <= slot {
            self.owner_counts.resize(slot.saturating_add(1), 0);
        }
        if let Some(count) = self.owner_counts.get_mut(slot) {
            *count = if added {
                count.saturating_add(1)
            } else {
                count.saturating_sub(1)
            };
        }
        self.desired = if added {
            self.desired.saturating_add(1)
        } else {
            self.desired.saturating_sub(1)
        };
    }

    /// Sets the desired path of `key`, taking over one reference to `path`. Returns whether
    /// the desired path changed (an owner change alone changes nothing on the wire).
    pub(crate) fn announce(
        &mut self,
        key: K,
        path: u32,
        owner: u32,
        paths: &mut PathTable,
        tracking: bool,
    ) -> bool {
        let previous = match self.routes.entry(key) {
            std::collections::hash_map::Entry::Occupied(mut occupied) => {
                let entry = occupied.get_mut();
                let previous = (entry.desired, entry.owner);
                entry.desired = path;
                entry.owner = owner;
                entry.flags &= !MARKED;
                if tracking && entry.flags & DIRTY == 0 && previous.0 != path {
                    entry.flags |= DIRTY;
                    self.dirty.push(occupied.key().clone());
                }
                Some(previous)
            }
            std::collections::hash_map::Entry::Vacant(vacant) => {
                let flags = if tracking { DIRTY } else { 0 };
                if tracking {
                    self.dirty.push(vacant.key().clone());
                }
                vacant.insert(Entry {
                    desired: path,
                    sent: NO_PATH,
                    owner,
                    flags,
                });
                None
            }
        };
        if let Some((old_path, old_owner)) = previous {
            if old_path != NO_PATH {
                self.count(old_owner, false);
            }
            paths.release(old_path);
            if old_path == path {
                self.count(owner, true);
                return false;
            }
        }
        self.count(owner, true);
        true
    }

    fn set_dirty(&mut self, key: K) {
        if let Some(entry) = self.routes.get_mut(&key) {
            entry.flags |= DIRTY;
            self.dirty.push(key);
        }
    }

    /// Withdraws `key` whoever owns it. Returns whether it was desired.
    pub(crate) fn withdraw(&mut self, key: &K, paths: &mut PathTable, tracking: bool) -> bool {
        let Some(entry) = self.routes.get_mut(key) else {
            return false;
        };
        if entry.desired == NO_PATH {
            return false;
        }
        let (path, owner, sent, flags) = (entry.desired, entry.owner, entry.sent, entry.flags);
        entry.desired = NO_PATH;
        entry.flags &= !MARKED;
        paths.release(path);
        self.count(owner, false);
        if sent == NO_PATH && flags & DIRTY == 0 {
            // Never sent, not queued: forget it.
            self.routes.remove(key);
        } else if tracking && flags & DIRTY == 0 {
            self.set_dirty(key.clone());
        }
        true
    }

    /// Marks the desired routes of `owner` (every desired route when `None`).
    pub(crate) fn mark_owner(&mut self, owner: Option<u32>) -> usize {
        let mut marked = 0usize;
        for entry in self.routes.values_mut() {
            if entry.desired != NO_PATH && owner.is_none_or(|owner| entry.owner == owner) {
                entry.flags |= MARKED;
                marked = marked.saturating_add(1);
            }
        }
        marked
    }

    /// Withdraws every route still marked; returns how many.
    pub(crate) fn withdraw_marked(&mut self, paths: &mut PathTable, tracking: bool) -> usize {
        let mut withdrawn = 0usize;
        let mut released = Vec::new();
        for (key, entry) in self.routes.iter_mut() {
            if entry.flags & MARKED == 0 {
                continue;
            }
            entry.flags &= !MARKED;
            if entry.desired == NO_PATH {
                continue;
            }
            released.push((entry.desired, entry.owner));
            entry.desired = NO_PATH;
            withdrawn = withdrawn.saturating_add(1);
            if tracking && entry.sent != NO_PATH && entry.flags & DIRTY == 0 {
                entry.flags |= DIRTY;
                self.dirty.push(key.clone());
            }
        }
        for (path, owner) in released {
            paths.release(path);
            self.count(owner, false);
        }
        self.routes.retain(|_, entry| !entry.is_empty());
        self.tidy();
        withdrawn
    }

    /// Forgets what was sent: the peer has nothing from us any more.
    pub(crate) fn forget_sent(&mut self, paths: &mut PathTable) {
        for entry in self.routes.values_mut() {
            paths.release(entry.sent);
            entry.sent = NO_PATH;
            entry.flags = 0;
        }
        self.dirty = Vec::new();
        self.routes.retain(|_, entry| entry.desired != NO_PATH);
        self.tidy();
    }

    /// Queues every sent route for sending again.
    pub(crate) fn resend(&mut self) {
        for (key, entry) in self.routes.iter_mut() {
            if entry.desired == NO_PATH || entry.sent == NO_PATH {
                continue;
            }
            // What the peer has is still known: a withdrawal before the flush must go out.
            entry.flags |= RESEND;
            if entry.flags & DIRTY == 0 {
                entry.flags |= DIRTY;
                self.dirty.push(key.clone());
            }
        }
    }

    /// Takes the queued changes, records them as sent, and returns what to send.
    /// Announce-then-withdraw and re-announcing what was sent cancel out here.
    pub(crate) fn take_changes(&mut self, paths: &mut PathTable) -> Delta<K> {
        let mut delta = Delta {
            withdrawals: Vec::new(),
            announcements: Vec::new(),
        };
        let dirty = std::mem::take(&mut self.dirty);
        if dirty.len().saturating_mul(4) > self.routes.len() {
            // Most of the table changed: one pass in memory order beats a lookup per key.
            drop(dirty);
            for (key, entry) in self.routes.iter_mut() {
                if entry.flags & DIRTY != 0 {
                    take_entry(key, entry, paths, &mut delta);
                }
            }
            self.routes.retain(|_, entry| !entry.is_empty());
        } else {
            for key in dirty {
                if let Some(entry) = self.routes.get_mut(&key) {
                    take_entry(&key, entry, paths, &mut delta);
                    if entry.is_empty() {
                        self.routes.remove(&key);
                    }
                }
            }
        }
        self.tidy();
        delta.sort();
        delta
    }

    /// Records the whole desired table as sent and returns it, with the withdrawals still
    /// due (for the initial table and route refresh).
    pub(crate) fn take_all(&mut self, paths: &mut PathTable) -> Delta<K> {
        let mut delta = Delta {
            withdrawals: Vec::new(),
            announcements: Vec::with_capacity(self.desired),
        };
        for (key, entry) in self.routes.iter_mut() {
            entry.flags &= !(DIRTY | RESEND);
            if entry.desired == NO_PATH {
                if entry.sent != NO_PATH {
                    delta.withdrawals.push(key.clone());
                }
            } else {
                delta.announcements.push((entry.desired, key.clone()));
            }
            paths.retain(entry.desired);
            paths.release(entry.sent);
            entry.sent = entry.desired;
        }
        self.dirty.clear();
        self.routes.retain(|_, entry| entry.desired != NO_PATH);
        delta.sort();
        delta
    }

    /// Drops the queue without sending (a family the session did not negotiate: nothing of
    /// it is ever sent, so `sent` stays `NO_PATH`).
    pub(crate) fn discard_changes(&mut self) {
        for key in std::mem::take(&mut self.dirty) {
            if let Some(entry) = self.routes.get_mut(&key) {
                entry.flags &= !(DIRTY | RESEND);
                if entry.is_empty() {
                    self.routes.remove(&key);
                }
            }
        }
    }

    /// Records that `key` did not reach the peer after all (it fitted no message).
    pub(crate) fn not_sent(&mut self, key: &K, paths: &mut PathTable) {
        if let Some(entry) = self.routes.get_mut(key) {
            paths.release(entry.sent);
            entry.sent = NO_PATH;
        }
    }

    /// Gives memory back once most routes are gone (a hash table never shrinks by itself).
    fn tidy(&mut self) {
        if self.routes.capacity() > self.routes.len().saturating_mul(4).max(64) {
            self.routes.shrink_to_fit();
        }
    }

    pub(crate) fn get(&self, key: &K) -> Option<&Entry> {
        self.routes
            .get(key)
            .filter(|entry| entry.desired != NO_PATH)
    }

    /// The desired routes, in no particular order.
    pub(crate) fn desired(&self) -> impl Iterator<Item = (&K, &Entry)> {
        self.routes
            .iter()
            .filter(|(_, entry)| entry.desired != NO_PATH)
    }

    pub(crate) fn owner_counts(&self) -> &[usize] {
        &self.owner_counts
    }

    pub(crate) fn len(&self) -> usize {
        self.desired
    }

    pub(crate) fn pending(&self) -> usize {
        self.dirty.len()
    }
}

/// Moves one queued entry's change into `delta` and records it as sent.
fn take_entry<K: RouteKey>(
    key: &K,
    entry: &mut Entry,
    paths: &mut PathTable,
    delta: &mut Delta<K>,
) {
    let resend = entry.flags & RESEND != 0 && entry.desired != NO_PATH;
    entry.flags &= !(DIRTY | RESEND);
    if entry.desired == entry.sent && !resend {
        return;
    }
    paths.retain(entry.desired);
    paths.release(entry.sent);
    entry.sent = entry.desired;
    if entry.desired == NO_PATH {
        delta.withdrawals.push(key.clone());
    } else {
        delta.announcements.push((entry.desired, key.clone()));
    }
}

impl Entry {
    /// Neither desired nor sent, nor queued: nothing to remember.
    fn is_empty(&self) -> bool {
        self.desired == NO_PATH && self.sent == NO_PATH && self.flags & DIRTY == 0
    }
}

impl<K: RouteKey> Delta<K> {
    fn sort(&mut self) {
        self.withdrawals.sort_unstable();
        self.announcements.sort_unstable();
    }
}

/// A family's table with the key type the family needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FamilyTable {
    Ipv4(Table<Ipv4Key>),
    Ipv6(Table<Ipv6Key>),
    Whole(Table<Nlri>),
}

/// Runs `$body` with `$table` bound to the typed table inside a [`FamilyTable`].
macro_rules! each_table {
    ($family_table:expr, $table:ident => $body:expr) => {
        match $family_table {
            $crate::rib::adj_out::table::FamilyTable::Ipv4($table) => $body,
            $crate::rib::adj_out::table::FamilyTable::Ipv6($table) => $body,
            $crate::rib::adj_out::table::FamilyTable::Whole($table) => $body,
        }
    };
}
pub(crate) use each_table;

impl FamilyTable {
    pub(crate) fn new(family: Family) -> FamilyTable {
        match KeyKind::of(family) {
            KeyKind::Ipv4 => FamilyTable::Ipv4(Table::new()),
            KeyKind::Ipv6 => FamilyTable::Ipv6(Table::new()),
            KeyKind::Whole => FamilyTable::Whole(Table::new()),
        }
    }
}
