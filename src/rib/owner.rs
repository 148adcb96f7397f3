//! Who asked for a route: the configuration, a helper program, or the control FIFO.
//!
//! The Adj-RIB-Out stores a 4-octet index per route and keeps the [`Owner`] values here, once.
//! Must not decide what happens to a helper's routes when it goes away: that policy belongs
//! to the daemon, which calls `AdjRibOut::withdraw_owner` (or does nothing) accordingly.

use std::collections::HashMap;
use std::fmt;

/// The source of a route in an Adj-RIB-Out.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    /// A static route of the configuration file.
    Static,
    /// A route announced by the helper program of this name.
    Helper(String),
    /// A route announced through the control FIFO (`ferrobgp ctl`).
    Control,
}

/// "static", "helper NAME", "control".
impl fmt::Display for Owner {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Owner::Static => formatter.write_str("static"),
            Owner::Helper(name) => write!(formatter, "helper {name}"),
            Owner::Control => formatter.write_str("control"),
        }
    }
}

/// The owners a RIB has seen, by index. Indices are never reused (owners are few).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct OwnerTable {
    owners: Vec<Owner>,
    index: HashMap<Owner, u32>,
    /// The owner found last: announcements come in runs from one owner.
    last: Option<u32>,
}

impl OwnerTable {
    /// The index of `owner`, adding it if new. `None` only past 2^32 - 1 owners.
    pub(crate) fn intern(&mut self, owner: &Owner) -> Option<u32> {
        if let Some(last) = self.last
            && self.get(last) == Some(owner)
        {
            return Some(last);
        }
        if let Some(index) = self.index.get(owner) {
            self.last = Some(*index);
            return Some(*index);
        }
        let index = u32::try_from(self.owners.len()).ok()?;
        self.owners.push(owner.clone());
        self.index.insert(owner.clone(), index);
        self.last = Some(index);
        Some(index)
    }

    /// The index of `owner` if it was ever seen.
    pub(crate) fn find(&self, owner: &Owner) -> Option<u32> {
        self.index.get(owner).copied()
    }

    /// Every owner seen, by index.
    pub(crate) fn all(&self) -> &[Owner] {
        &self.owners
    }

    pub(crate) fn get(&self, index: u32) -> Option<&Owner> {
        self.owners.get(usize::try_from(index).ok()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_get_stable_indices() {
        let mut table = OwnerTable::default();
        let helper = Owner::Helper("health".into());
        assert_eq!(table.find(&Owner::Static), None);
        assert_eq!(table.intern(&Owner::Static), Some(0));
        assert_eq!(table.intern(&helper), Some(1));
        assert_eq!(table.intern(&Owner::Static), Some(0));
        assert_eq!(table.find(&helper), Some(1));
        assert_eq!(table.get(1), Some(&helper));
        assert_eq!(table.get(2), None);
    }

    #[test]
    fn owners_display() {
        assert_eq!(Owner::Static.to_string(), "static");
        assert_eq!(Owner::Helper("dns".into()).to_string(), "helper dns");
        assert_eq!(Owner::Control.to_string(), "control");
    }
}
