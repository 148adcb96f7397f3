//! Paths: the distinct (attribute set, next hop) pairs a RIB's routes use, each stored once
//! under a 4-octet index with a reference count, with its encoded attributes cached for the
//! current session.
//!
//! Routes with the same path share an UPDATE, so the index is also the grouping key of a
//! flush. Must not know about NLRI or about which routes hold which path.

use super::attributes::AttributeHandle;
use crate::wire::attribute::Attributes;
use crate::wire::builder::EncodedAttributes;
use crate::wire::negotiated::Negotiated;
use crate::wire::nlri::NextHop;
use std::collections::HashMap;

/// The index that means "no path" in a route entry.
pub(crate) const NO_PATH: u32 = u32::MAX;

/// One (attribute set, next hop) pair and the routes that hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Path {
    pub(crate) attributes: AttributeHandle,
    pub(crate) next_hop: NextHop,
    references: usize,
    /// The attributes encoded for `PathTable::encoded_for`, once a flush needed them.
    pub(crate) encoded: Option<EncodedAttributes>,
}

/// The paths of one RIB.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct PathTable {
    slots: Vec<Option<Path>>,
    free: Vec<u32>,
    index: HashMap<(AttributeHandle, NextHop), u32>,
    /// The path found last: consecutive routes usually share one, and this skips hashing
    /// the attribute set for them.
    last: Option<u32>,
    /// The session the cached encodings are valid for.
    encoded_for: Option<Negotiated>,
}

fn slot_index(path: u32) -> usize {
    usize::try_from(path).unwrap_or(usize::MAX)
}

impl PathTable {
    /// The path of `attributes` and `next_hop` with one more reference, added if new.
    /// `None` only when 2^32 - 1 paths are in use.
    pub(crate) fn acquire(
        &mut self,
        attributes: &AttributeHandle,
        next_hop: &NextHop,
    ) -> Option<u32> {
        if let Some(last) = self.last
            && let Some(Some(path)) = self.slots.get_mut(slot_index(last))
            && path.attributes.same(attributes)
            && path.next_hop == *next_hop
        {
            path.references = path.references.saturating_add(1);
            return Some(last);
        }
        let key = (attributes.clone(), next_hop.clone());
        if let Some(&found) = self.index.get(&key) {
            self.retain(found);
            self.last = Some(found);
            return Some(found);
        }
        let path = Path {
            attributes: key.0.clone(),
            next_hop: key.1.clone(),
            references: 1,
            encoded: None,
        };
        let index = match self.free.pop() {
            Some(index) => {
                if let Some(slot) = self.slots.get_mut(slot_index(index)) {
                    *slot = Some(path);
                }
                index
            }
            None => {
                let index = u32::try_from(self.slots.len())
                    .ok()
                    .filter(|index| *index != NO_PATH)?;
                self.slots.push(Some(path));
                index
            }
        };
        self.index.insert(key, index);
        self.last = Some(index);
        Some(index)
    }

    /// One more reference to `path` (ignored for `NO_PATH`).
    pub(crate) fn retain(&mut self, path: u32) {
        if let Some(Some(slot)) = self.slots.get_mut(slot_index(path)) {
            slot.references = slot.references.saturating_add(1);
        }
    }

    /// One reference fewer to `path`; the last one frees it (ignored for `NO_PATH`).
    pub(crate) fn release(&mut self, path: u32) {
        let Some(slot) = self.slots.get_mut(slot_index(path)) else {
            return;
        };
        let Some(held) = slot.as_mut() else {
            return;
        };
        held.references = held.references.saturating_sub(1);
        if held.references > 0 {
            return;
        }
        if let Some(freed) = slot.take() {
            self.index.remove(&(freed.attributes, freed.next_hop));
        }
        self.free.push(path);
        if self.last == Some(path) {
            self.last = None;
        }
    }

    pub(crate) fn get(&self, path: u32) -> Option<&Path> {
        self.slots.get(slot_index(path))?.as_ref()
    }

    /// Paths in use.
    pub(crate) fn len(&self) -> usize {
        self.index.len()
    }

    /// Makes the cached encodings those of `negotiated`, dropping them if they were made for
    /// another session.
    pub(crate) fn prepare(&mut self, negotiated: &Negotiated) {
        if self.encoded_for.as_ref() == Some(negotiated) {
            return;
        }
        for path in self.slots.iter_mut().flatten() {
            path.encoded = None;
        }
        self.encoded_for = Some(negotiated.clone());
    }

    /// Encodes the attributes of `path` for the prepared session if not done yet.
    pub(crate) fn encode(&mut self, path: u32) {
        let Some(negotiated) = &self.encoded_for else {
            return;
        };
        if let Some(Some(slot)) = self.slots.get_mut(slot_index(path))
            && slot.encoded.is_none()
        {
            // RFC 4271 §5.1.5: "A BGP speaker MUST NOT include this attribute in UPDATE
            // messages it sends to external peers". The daemon already leaves it out of
            // routes for external neighbors; this holds whatever the route source gave.
            let external = negotiated.local_as != negotiated.peer_as;
            slot.encoded = Some(if external && slot.attributes.local_preference.is_some() {
                let mut attributes = Attributes::clone(&slot.attributes);
                attributes.local_preference = None;
                EncodedAttributes::new(&attributes, negotiated)
            } else {
                EncodedAttributes::new(&slot.attributes, negotiated)
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::attribute::Origin;
    use std::net::Ipv4Addr;

    fn handle(med: u32) -> AttributeHandle {
        AttributeHandle::new(Attributes {
            origin: Some(Origin::Igp),
            med: Some(med),
            ..Attributes::default()
        })
    }

    fn hop(last: u8) -> NextHop {
        NextHop::Ipv4(Ipv4Addr::new(192, 0, 2, last))
    }

    #[test]
    fn equal_pairs_share_a_path_until_the_last_release() {
        let mut table = PathTable::default();
        let first = table.acquire(&handle(1), &hop(1));
        // Equal by value, other copy: same path.
        assert_eq!(table.acquire(&handle(1), &hop(1)), first);
        let other_hop = table.acquire(&handle(1), &hop(2));
        let other_set = table.acquire(&handle(2), &hop(1));
        assert_eq!((first, other_hop, other_set), (Some(0), Some(1), Some(2)));
        assert_eq!(table.len(), 3);
        table.release(0);
        assert!(table.get(0).is_some());
        table.release(0);
        assert!(table.get(0).is_none());
        assert_eq!(table.len(), 2);
        // The freed index is reused; releasing NO_PATH or a free index is harmless.
        assert_eq!(table.acquire(&handle(3), &hop(3)), Some(0));
        table.release(NO_PATH);
        table.release(7);
        table.retain(NO_PATH);
        assert_eq!(table.get(0).map(|path| path.attributes.med), Some(Some(3)));
    }

    #[test]
    fn encodings_follow_the_session() {
        let mut table = PathTable::default();
        let path = table.acquire(&handle(1), &hop(1)).unwrap_or(NO_PATH);
        table.encode(path);
        assert_eq!(table.get(path).and_then(|path| path.encoded.clone()), None);
        let two_octet = Negotiated::default();
        table.prepare(&two_octet);
        table.encode(path);
        let encoded = table.get(path).and_then(|path| path.encoded.clone());
        assert_eq!(
            encoded.as_ref().map(|encoded| encoded.as_bytes().to_vec()),
            Some(vec![0x40, 1, 1, 0, 0x80, 4, 4, 0, 0, 0, 1])
        );
        table.prepare(&two_octet);
        assert_eq!(
            table.get(path).and_then(|path| path.encoded.clone()),
            encoded
        );
        let four_octet = Negotiated {
            asn4: true,
            ..Negotiated::default()
        };
        table.prepare(&four_octet);
        assert_eq!(table.get(path).and_then(|path| path.encoded.clone()), None);
    }

    #[test]
    fn local_preference_never_reaches_an_external_peer() {
        let mut table = PathTable::default();
        let attributes = AttributeHandle::new(Attributes {
            origin: Some(Origin::Igp),
            local_preference: Some(300),
            ..Attributes::default()
        });
        let path = table.acquire(&attributes, &hop(1)).unwrap_or(NO_PATH);
        let encoded = |table: &mut PathTable, local_as: u32, peer_as: u32| {
            table.prepare(&Negotiated {
                local_as,
                peer_as,
                ..Negotiated::default()
            });
            table.encode(path);
            table
                .get(path)
                .and_then(|path| path.encoded.clone())
                .map(|encoded| encoded.as_bytes().to_vec())
                .unwrap_or_default()
        };
        // ORIGIN, then LOCAL_PREF (well-known, type 5) only on the internal session.
        assert_eq!(
            encoded(&mut table, 65001, 65001),
            vec![0x40, 1, 1, 0, 0x40, 5, 4, 0, 0, 1, 44]
        );
        assert_eq!(encoded(&mut table, 65001, 65002), vec![0x40, 1, 1, 0]);
    }
}
