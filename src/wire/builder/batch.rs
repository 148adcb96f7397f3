//! One batch of pending changes to UPDATE messages: groups the routes by attribute set, next
//! hop and family (so that each group fills whole messages), encodes each distinct attribute
//! set once, and feeds the groups to [`UpdateBuilder`].
//!
//! Must not decide what to send: the batch is the caller's (the Adj-RIB-Out's).

use super::{DoesNotFit, EncodedAttributes, UpdateBuilder};
use crate::wire::attribute::Attributes;
use crate::wire::family::Family;
use crate::wire::negotiated::Negotiated;
use crate::wire::nlri::{NextHop, Nlri};
use std::collections::HashMap;

/// One route to announce: the NLRI, its attribute set (shared by many routes: pass the same
/// reference, e.g. from one `Arc`, so that grouping is a pointer comparison) and its next hop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Announcement<'a> {
    pub nlri: &'a Nlri,
    pub attributes: &'a Attributes,
    pub next_hop: &'a NextHop,
}

/// The routes of one group, all sharing attributes, next hop and family.
struct Group<'a> {
    attributes: usize,
    next_hop: &'a NextHop,
    nlri: Vec<&'a Nlri>,
}

/// Encodes a batch: first every withdrawal (grouped by family), then every announcement
/// (grouped by attribute set, next hop and family, groups in order of first appearance).
/// Withdrawals go first so that a route both withdrawn and announced in the batch ends up
/// announced, as it would if they had been sent in that order one at a time.
///
/// Routes with equal attribute sets share messages whether or not they share the reference.
/// Each complete message goes to `sink`; returns how many. NLRI that cannot fit any message
/// are left out and reported, one [`DoesNotFit`] per group; all the others are sent.
pub fn build_updates<S: FnMut(&[u8])>(
    negotiated: &Negotiated,
    withdrawals: &[Nlri],
    announcements: &[Announcement<'_>],
    sink: &mut S,
) -> Result<usize, Vec<DoesNotFit>> {
    let mut builder = UpdateBuilder::new(negotiated);
    let mut errors = Vec::new();

    let mut by_family: Vec<(Family, Vec<&Nlri>)> = Vec::new();
    for nlri in withdrawals {
        let family = nlri.family();
        match by_family.iter_mut().find(|(known, _)| *known == family) {
            Some((_, list)) => list.push(nlri),
            None => by_family.push((family, vec![nlri])),
        }
    }
    for (_, list) in &by_family {
        if let Err(error) = builder.withdraw(list.iter().copied(), sink) {
            errors.push(error);
        }
    }

    let (encoded, groups) = group(negotiated, announcements);
    for group in &groups {
        let Some(attributes) = encoded.get(group.attributes) else {
            continue;
        };
        if let Err(error) =
            builder.announce(attributes, group.next_hop, group.nlri.iter().copied(), sink)
        {
            errors.push(error);
        }
    }
    builder.flush(sink);
    if errors.is_empty() {
        Ok(builder.messages_emitted())
    } else {
        Err(errors)
    }
}

/// Splits the announcements into groups; returns the distinct attribute sets, encoded, and
/// the groups (each pointing into the first).
fn group<'a>(
    negotiated: &Negotiated,
    announcements: &[Announcement<'a>],
) -> (Vec<EncodedAttributes>, Vec<Group<'a>>) {
    let mut encoded = Vec::new();
    let mut by_pointer: HashMap<*const Attributes, usize> = HashMap::new();
    let mut by_value: HashMap<&'a Attributes, usize> = HashMap::new();
    let mut groups: Vec<Group<'a>> = Vec::new();
    let mut by_key: HashMap<(usize, Family, &'a NextHop), usize> = HashMap::new();
    // Consecutive routes usually share everything: skip the maps for them.
    let mut last: Option<(*const Attributes, *const NextHop, Family, usize)> = None;

    for announcement in announcements {
        let pointer: *const Attributes = announcement.attributes;
        let next_hop_pointer: *const NextHop = announcement.next_hop;
        let family = announcement.nlri.family();
        if let Some((last_pointer, last_next_hop, last_family, index)) = last
            && last_pointer == pointer
            && last_next_hop == next_hop_pointer
            && last_family == family
            && let Some(group) = groups.get_mut(index)
        {
            group.nlri.push(announcement.nlri);
            continue;
        }
        let attributes = *by_pointer.entry(pointer).or_insert_with(|| {
            *by_value.entry(announcement.attributes).or_insert_with(|| {
                encoded.push(EncodedAttributes::new(announcement.attributes, negotiated));
                encoded.len() - 1
            })
        });
        let index = *by_key
            .entry((attributes, family, announcement.next_hop))
            .or_insert_with(|| {
                groups.push(Group {
                    attributes,
                    next_hop: announcement.next_hop,
                    nlri: Vec::new(),
                });
                groups.len() - 1
            });
        if let Some(group) = groups.get_mut(index) {
            group.nlri.push(announcement.nlri);
        }
        last = Some((pointer, next_hop_pointer, family, index));
    }
    (encoded, groups)
}
