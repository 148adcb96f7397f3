//! Compact keys for the route tables: an NLRI (Path Identifier included) in as few octets as
//! its family allows, and back.
//!
//! A million IPv4 routes make the key the largest part of a RIB, so IPv4 and IPv6 prefixes
//! (unicast and multicast) get fixed-size keys of 12 and 24 octets; every other family keeps
//! its whole [`Nlri`]. The family is not in the key: each family has its own table. Must not
//! know what a route's value is.

use crate::wire::family::{Afi, Family, Safi};
use crate::wire::nlri::{Nlri, Prefix, PrefixNlri};
use std::fmt::Debug;
use std::hash::Hash;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What a route table needs of its key.
pub trait RouteKey: Debug + Clone + Eq + Hash + Ord {
    /// The key of `nlri`, if it is of the kind this key type holds.
    fn from_nlri(nlri: &Nlri) -> Option<Self>;
    /// The NLRI back, in the table's `family`.
    fn to_nlri(&self, family: Family) -> Nlri;
}

/// Which key type a family's table uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    Ipv4,
    Ipv6,
    Whole,
}

impl KeyKind {
    pub fn of(family: Family) -> KeyKind {
        match (family.afi, family.safi) {
            (Afi::Ipv4, Safi::Unicast | Safi::Multicast) => KeyKind::Ipv4,
            (Afi::Ipv6, Safi::Unicast | Safi::Multicast) => KeyKind::Ipv6,
            _ => KeyKind::Whole,
        }
    }
}

/// An IPv4 unicast or multicast prefix with its optional Path Identifier: 12 octets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ipv4Key {
    address: u32,
    length: u8,
    has_path_id: bool,
    path_id: u32,
}

/// An IPv6 unicast or multicast prefix with its optional Path Identifier: 24 octets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ipv6Key {
    address: [u8; 16],
    length: u8,
    has_path_id: bool,
    path_id: u32,
}

/// The prefix of a unicast or multicast NLRI.
fn prefix_of(nlri: &Nlri) -> Option<&PrefixNlri> {
    match nlri {
        Nlri::Unicast(prefix) | Nlri::Multicast(prefix) => Some(prefix),
        _ => None,
    }
}

/// A unicast or multicast NLRI of `family` (multicast exactly when its SAFI says so).
fn prefix_nlri(family: Family, address: IpAddr, length: u8, path_id: Option<u32>) -> Nlri {
    let prefix = PrefixNlri {
        path_id,
        prefix: Prefix { address, length },
    };
    if family.safi == Safi::Multicast {
        Nlri::Multicast(prefix)
    } else {
        Nlri::Unicast(prefix)
    }
}

impl RouteKey for Ipv4Key {
    fn from_nlri(nlri: &Nlri) -> Option<Ipv4Key> {
        let prefix = prefix_of(nlri)?;
        let IpAddr::V4(address) = prefix.prefix.address else {
            return None;
        };
        Some(Ipv4Key {
            address: u32::from(address),
            length: prefix.prefix.length,
            has_path_id: prefix.path_id.is_some(),
            path_id: prefix.path_id.unwrap_or(0),
        })
    }

    fn to_nlri(&self, family: Family) -> Nlri {
        let path_id = self.has_path_id.then_some(self.path_id);
        let address = IpAddr::V4(Ipv4Addr::from(self.address));
        prefix_nlri(family, address, self.length, path_id)
    }
}

impl RouteKey for Ipv6Key {
    fn from_nlri(nlri: &Nlri) -> Option<Ipv6Key> {
        let prefix = prefix_of(nlri)?;
        let IpAddr::V6(address) = prefix.prefix.address else {
            return None;
        };
        Some(Ipv6Key {
            address: address.octets(),
            length: prefix.prefix.length,
            has_path_id: prefix.path_id.is_some(),
            path_id: prefix.path_id.unwrap_or(0),
        })
    }

    fn to_nlri(&self, family: Family) -> Nlri {
        let path_id = self.has_path_id.then_some(self.path_id);
        let address = IpAddr::V6(Ipv6Addr::from(self.address));
        prefix_nlri(family, address, self.length, path_id)
    }
}

/// Every other family: the NLRI itself.
impl RouteKey for Nlri {
    fn from_nlri(nlri: &Nlri) -> Option<Nlri> {
        Some(nlri.clone())
    }

    fn to_nlri(&self, _family: Family) -> Nlri {
        self.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::nlri::{LabelledNlri, UnparsedNlri};
    use proptest::prelude::*;

    fn prefix(text: &str, path_id: Option<u32>, multicast: bool) -> Nlri {
        let prefix = PrefixNlri {
            path_id,
            prefix: text.parse().expect("test prefix"),
        };
        if multicast {
            Nlri::Multicast(prefix)
        } else {
            Nlri::Unicast(prefix)
        }
    }

    #[test]
    fn keys_are_small() {
        assert_eq!(std::mem::size_of::<Ipv4Key>(), 12);
        assert_eq!(std::mem::size_of::<Ipv6Key>(), 24);
    }

    #[test]
    fn each_family_gets_its_key_kind() {
        let table = [
            (Family::IPV4_UNICAST, KeyKind::Ipv4),
            (Family::new(Afi::Ipv4, Safi::Multicast), KeyKind::Ipv4),
            (Family::IPV6_UNICAST, KeyKind::Ipv6),
            (Family::new(Afi::Ipv6, Safi::Multicast), KeyKind::Ipv6),
            (Family::new(Afi::Ipv4, Safi::MplsLabel), KeyKind::Whole),
            (Family::new(Afi::Ipv4, Safi::Flowspec), KeyKind::Whole),
            (Family::new(Afi::L2vpn, Safi::Vpls), KeyKind::Whole),
        ];
        for (family, kind) in table {
            assert_eq!(KeyKind::of(family), kind, "{family}");
        }
    }

    #[test]
    fn keys_round_trip_and_refuse_other_kinds() {
        for nlri in [
            prefix("10.0.0.0/24", None, false),
            prefix("10.0.0.0/24", Some(0), false),
            prefix("10.0.0.0/24", Some(7), true),
            prefix("0.0.0.0/0", None, false),
        ] {
            let key = Ipv4Key::from_nlri(&nlri).expect("an IPv4 prefix");
            assert_eq!(key.to_nlri(nlri.family()), nlri);
            assert_eq!(Ipv6Key::from_nlri(&nlri), None);
        }
        for nlri in [
            prefix("2001:db8::/32", None, false),
            prefix("2001:db8::/64", Some(3), true),
        ] {
            let key = Ipv6Key::from_nlri(&nlri).expect("an IPv6 prefix");
            assert_eq!(key.to_nlri(nlri.family()), nlri);
            assert_eq!(Ipv4Key::from_nlri(&nlri), None);
        }
        let labelled = Nlri::Labelled(LabelledNlri {
            path_id: None,
            labels: Vec::new(),
            prefix: "10.0.0.0/8".parse().expect("test prefix"),
        });
        assert_eq!(Ipv4Key::from_nlri(&labelled), None);
        let unparsed = Nlri::Unparsed(UnparsedNlri {
            family: Family::new(Afi::L2vpn, Safi::Evpn),
            bytes: vec![1, 2],
        });
        assert_eq!(
            Nlri::from_nlri(&unparsed).map(|key| key.to_nlri(unparsed.family())),
            Some(unparsed)
        );
    }

    #[test]
    fn none_and_zero_path_identifiers_are_different_keys() {
        let none = Ipv4Key::from_nlri(&prefix("10.0.0.0/24", None, false));
        let zero = Ipv4Key::from_nlri(&prefix("10.0.0.0/24", Some(0), false));
        assert_ne!(none, zero);
    }

    proptest! {
        #[test]
        fn prefix_keys_round_trip(
            v4: u32, v6: u128, length4 in 0u8..=32, length6 in 0u8..=128,
            path_id: Option<u32>, multicast: bool,
        ) {
            let make = |address: IpAddr, length: u8| {
                let prefix = PrefixNlri {
                    path_id,
                    prefix: Prefix::new(address, length).unwrap_or(Prefix { address, length: 0 }),
                };
                if multicast { Nlri::Multicast(prefix) } else { Nlri::Unicast(prefix) }
            };
            let nlri = make(IpAddr::V4(Ipv4Addr::from(v4)), length4);
            prop_assert_eq!(Ipv4Key::from_nlri(&nlri).map(|key| key.to_nlri(nlri.family())), Some(nlri.clone()));
            let nlri = make(IpAddr::V6(Ipv6Addr::from(v6)), length6);
            prop_assert_eq!(Ipv6Key::from_nlri(&nlri).map(|key| key.to_nlri(nlri.family())), Some(nlri.clone()));
        }
    }
}
