//! Interned attribute sets: one copy of each distinct [`Attributes`] value, shared by every
//! route (and every peer's RIB) that carries it.
//!
//! Pure data. Must not encode attributes (that is `wire::builder::EncodedAttributes`, cached
//! per session by the RIB's path table) nor know about routes.

use crate::wire::attribute::Attributes;
use std::borrow::Borrow;
use std::collections::HashSet;
use std::ops::Deref;
use std::sync::Arc;

/// A shared, immutable attribute set.
///
/// Cloning is a reference-count increment. Equality and hashing are by value (so a handle can
/// be looked up with a plain `&Attributes`), and equality first compares pointers, so two
/// handles from one [`AttributeStore`] compare in constant time. [`AttributeHandle::same`]
/// is the pointer comparison alone.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AttributeHandle(Arc<Attributes>);

impl AttributeHandle {
    /// A handle of its own (not interned: prefer [`AttributeStore::intern`]).
    pub fn new(attributes: Attributes) -> AttributeHandle {
        AttributeHandle(Arc::new(attributes))
    }

    /// Whether both handles point to the very same copy.
    pub fn same(&self, other: &AttributeHandle) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// How many handles share this copy (the store's own included).
    fn holders(&self) -> usize {
        Arc::strong_count(&self.0)
    }
}

impl Deref for AttributeHandle {
    type Target = Attributes;

    fn deref(&self) -> &Attributes {
        &self.0
    }
}

impl Borrow<Attributes> for AttributeHandle {
    fn borrow(&self) -> &Attributes {
        &self.0
    }
}

/// The set of distinct attribute sets in use, each held once.
///
/// One store can serve many RIBs (the daemon interns what a helper announces once, then hands
/// the handle to every peer). Entries nobody else holds any more are dropped by
/// [`AttributeStore::collect_unused`], which [`AttributeStore::intern`] also runs whenever
/// the store has doubled since the last collection, so a long-running daemon does not keep
/// every attribute set it ever saw.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AttributeStore {
    sets: HashSet<AttributeHandle>,
    /// Size of the store after the last collection.
    collected_at: usize,
}

/// Entries a store may hold before its first automatic collection.
const FIRST_COLLECTION: usize = 1024;

impl AttributeStore {
    pub fn new() -> AttributeStore {
        AttributeStore::default()
    }

    /// The shared handle of `attributes`, adding it if it is new.
    pub fn intern(&mut self, attributes: Attributes) -> AttributeHandle {
        if let Some(existing) = self.sets.get(&attributes) {
            return existing.clone();
        }
        self.insert(AttributeHandle::new(attributes))
    }

    /// The store's handle for the value of `handle` (which may come from elsewhere).
    pub fn intern_handle(&mut self, handle: &AttributeHandle) -> AttributeHandle {
        if let Some(existing) = self.sets.get(handle) {
            return existing.clone();
        }
        self.insert(handle.clone())
    }

    fn insert(&mut self, handle: AttributeHandle) -> AttributeHandle {
        if self.sets.len() >= self.collected_at.saturating_mul(2).max(FIRST_COLLECTION) {
            self.collect_unused();
        }
        self.sets.insert(handle.clone());
        handle
    }

    /// Drops the sets that only the store holds; returns how many.
    pub fn collect_unused(&mut self) -> usize {
        let before = self.sets.len();
        self.sets.retain(|handle| handle.holders() > 1);
        self.collected_at = self.sets.len();
        before.saturating_sub(self.sets.len())
    }

    /// Distinct attribute sets held.
    pub fn len(&self) -> usize {
        self.sets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::attribute::Origin;

    fn with_med(med: u32) -> Attributes {
        Attributes {
            origin: Some(Origin::Igp),
            med: Some(med),
            ..Attributes::default()
        }
    }

    #[test]
    fn equal_sets_share_one_copy() {
        let mut store = AttributeStore::new();
        let first = store.intern(with_med(1));
        let again = store.intern(with_med(1));
        let other = store.intern(with_med(2));
        assert!(first.same(&again));
        assert_eq!(first, again);
        assert!(!first.same(&other));
        assert_ne!(first, other);
        assert_eq!(store.len(), 2);
        assert_eq!(first.med, Some(1));

        // A handle made elsewhere is replaced by the store's copy.
        let foreign = AttributeHandle::new(with_med(1));
        assert_eq!(foreign, first);
        assert!(!foreign.same(&first));
        assert!(store.intern_handle(&foreign).same(&first));
        let new = AttributeHandle::new(with_med(3));
        assert!(store.intern_handle(&new).same(&new));
        assert_eq!(store.len(), 3);
    }

    #[test]
    fn unused_sets_are_collected() {
        let mut store = AttributeStore::new();
        let kept = store.intern(with_med(1));
        drop(store.intern(with_med(2)));
        assert_eq!(store.len(), 2);
        assert_eq!(store.collect_unused(), 1);
        assert_eq!(store.len(), 1);
        assert!(store.intern(with_med(1)).same(&kept));
        drop(kept);
        assert_eq!(store.collect_unused(), 1);
        assert!(store.is_empty());
    }

    #[test]
    fn the_store_collects_by_itself_when_it_doubles() {
        let mut store = AttributeStore::new();
        for med in 0..5000 {
            drop(store.intern(with_med(med)));
        }
        // Never more than the collection threshold plus what is held.
        assert!(store.len() <= 2 * FIRST_COLLECTION, "{}", store.len());
    }
}
