//! Property test of the Adj-RIB-Out against a model: random sequences of announcements,
//! withdrawals, owner operations, flushes, refreshes and reconnections. After every flush
//! (and every initial table) a peer that decodes and applies all the messages it received
//! holds exactly the desired routes of the negotiated families, and no flush ever sends a
//! duplicate announcement, a withdrawal of a route the peer does not have, or two changes of
//! one NLRI.

use super::*;
use crate::rib::attributes::AttributeStore;
use crate::rib::test_support::{
    ModelPeer, Received, attributes, decode_all, hop4, hop6, session, v4,
};
use crate::wire::attribute::Attributes;
use crate::wire::family::{Afi, Safi};
use crate::wire::negotiated::{Negotiated, RouteRefreshSupport};
use crate::wire::nlri::{Label, LabelledNlri, PrefixNlri};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// The NLRI the operations pick from: IPv4 with and without Path Identifiers (ADD-PATH is
/// on for IPv4 unicast), IPv6, labelled IPv4, and IPv4 multicast (not negotiated).
fn universe() -> Vec<Nlri> {
    let prefix = |text: &str| text.parse().expect("test prefix");
    vec![
        v4("10.0.0.0/24", None),
        v4("10.0.1.0/24", None),
        v4("10.0.1.0/24", Some(1)),
        v4("10.0.1.0/24", Some(2)),
        v4("10.128.0.0/9", None),
        v4("0.0.0.0/0", None),
        Nlri::Unicast(PrefixNlri {
            path_id: None,
            prefix: prefix("2001:db8::/32"),
        }),
        Nlri::Unicast(PrefixNlri {
            path_id: None,
            prefix: prefix("2001:db8:1::/48"),
        }),
        Nlri::Labelled(LabelledNlri {
            path_id: None,
            labels: vec![Label::new(16)],
            prefix: prefix("10.1.0.0/16"),
        }),
        Nlri::Labelled(LabelledNlri {
            path_id: None,
            labels: vec![Label::new(17)],
            prefix: prefix("10.2.0.0/16"),
        }),
        Nlri::Multicast(PrefixNlri {
            path_id: None,
            prefix: prefix("10.3.0.0/16"),
        }),
    ]
}

const ATTRIBUTE_SETS: usize = 3;

fn owners() -> Vec<Owner> {
    vec![
        Owner::Static,
        Owner::Helper("a".into()),
        Owner::Helper("b".into()),
        Owner::Control,
        // Holds BACKGROUND routes; no generated operation names it.
        Owner::Helper("background".into()),
    ]
}

/// Routes announced before the operations, so that a flush usually queues fewer than a
/// quarter of a family's routes (the tables then look changes up by key rather than scan).
const BACKGROUND: u32 = 40;
const BACKGROUND_OWNER: usize = 4;

fn next_hop(nlri: &Nlri, choice: u8) -> NextHop {
    if nlri.family().afi == Afi::Ipv6 {
        hop6(u16::from(choice) + 1)
    } else {
        hop4(choice + 1)
    }
}

#[derive(Debug, Clone)]
enum Operation {
    Announce {
        route: usize,
        attributes: usize,
        next_hop: u8,
        owner: usize,
    },
    Withdraw(usize),
    WithdrawOwner(usize),
    WithdrawAll,
    Replace {
        owner: usize,
        routes: Vec<(usize, usize, u8)>,
    },
    ResendAll,
    Flush,
    Refresh(usize),
    /// The session goes down and comes back: session_down, then full_table.
    Reconnect,
}

fn operation() -> impl Strategy<Value = Operation> {
    let route = 0..universe().len();
    let owner = 0..BACKGROUND_OWNER;
    prop_oneof![
        6 => (route.clone(), 0..ATTRIBUTE_SETS, 0u8..2, owner.clone()).prop_map(
            |(route, attributes, next_hop, owner)| Operation::Announce {
                route,
                attributes,
                next_hop,
                owner
            }
        ),
        3 => route.clone().prop_map(Operation::Withdraw),
        1 => owner.clone().prop_map(Operation::WithdrawOwner),
        1 => Just(Operation::WithdrawAll),
        1 => (
            owner,
            proptest::collection::vec((route, 0..ATTRIBUTE_SETS, 0u8..2), 0..6)
        )
            .prop_map(|(owner, routes)| Operation::Replace { owner, routes }),
        1 => Just(Operation::ResendAll),
        4 => Just(Operation::Flush),
        1 => (0usize..3).prop_map(Operation::Refresh),
        1 => Just(Operation::Reconnect),
    ]
}

/// The desired state: NLRI -> (attribute set, next hop, owner).
type Model = BTreeMap<Nlri, (usize, NextHop, usize)>;

struct Harness {
    rib: AdjRibOut,
    model: Model,
    peer: ModelPeer,
    negotiated: Negotiated,
    connected: bool,
    /// `resend_all` was called: the next flush repeats routes the peer has, on purpose.
    resending: bool,
    sets: Vec<AttributeHandle>,
}

impl Harness {
    fn send<F>(&mut self, send: F) -> Vec<Received>
    where
        F: FnOnce(&mut AdjRibOut, &Negotiated, &mut dyn FnMut(&[u8])),
    {
        let mut messages: Vec<Vec<u8>> = Vec::new();
        send(&mut self.rib, &self.negotiated, &mut |message: &[u8]| {
            messages.push(message.to_vec())
        });
        let received = decode_all(&messages, &self.negotiated);
        self.peer.apply(&received);
        received
    }

    /// What the peer must hold once everything is flushed.
    fn expected(&self) -> BTreeMap<Nlri, (Attributes, NextHop)> {
        if !self.connected {
            return BTreeMap::new();
        }
        self.model
            .iter()
            .filter(|(nlri, _)| self.negotiated.families.contains(&nlri.family()))
            .map(|(nlri, (set, next_hop, _))| {
                (
                    self.on_the_wire(nlri),
                    (attributes(*set as u32), next_hop.clone()),
                )
            })
            .collect()
    }

    /// The NLRI as the peer decodes it: with ADD-PATH, no Path Identifier is sent as 0.
    fn on_the_wire(&self, nlri: &Nlri) -> Nlri {
        match nlri {
            Nlri::Unicast(prefix)
                if prefix.path_id.is_none() && self.negotiated.path_id_on_send(nlri.family()) =>
            {
                Nlri::Unicast(PrefixNlri {
                    path_id: Some(0),
                    prefix: prefix.prefix,
                })
            }
            _ => nlri.clone(),
        }
    }

    fn check_counts(&self) -> Result<(), TestCaseError> {
        prop_assert_eq!(self.rib.len(), self.model.len());
        let mut counts: BTreeMap<(Family, Owner), usize> = BTreeMap::new();
        for (nlri, (_, _, owner)) in &self.model {
            *counts
                .entry((nlri.family(), owners()[*owner].clone()))
                .or_default() += 1;
        }
        let actual: BTreeMap<(Family, Owner), usize> = self
            .rib
            .counts()
            .into_iter()
            .map(|count| ((count.family, count.owner), count.routes))
            .collect();
        prop_assert_eq!(actual, counts);
        Ok(())
    }
}

fn run(operations: Vec<Operation>, enhanced: bool) -> Result<(), TestCaseError> {
    let universe = universe();
    let owners = owners();
    let mut store = AttributeStore::new();
    let refresh = if enhanced {
        RouteRefreshSupport::Enhanced
    } else {
        RouteRefreshSupport::Normal
    };
    let mut harness = Harness {
        rib: AdjRibOut::new(),
        model: Model::new(),
        peer: ModelPeer::default(),
        negotiated: session(&[Family::IPV4_UNICAST], refresh),
        connected: false,
        resending: false,
        sets: (0..ATTRIBUTE_SETS)
            .map(|set| store.intern(attributes(set as u32)))
            .collect(),
    };
    let background = harness.sets[0].clone();
    for index in 0..BACKGROUND {
        let nlri = v4(&format!("10.200.{index}.0/24"), None);
        let owner = &owners[BACKGROUND_OWNER];
        harness.rib.announce(&nlri, &background, &hop4(1), owner);
        harness.model.insert(nlri, (0, hop4(1), BACKGROUND_OWNER));
    }
    let families = [
        Family::IPV4_UNICAST,
        Family::IPV6_UNICAST,
        Family::new(Afi::Ipv4, Safi::MplsLabel),
    ];
    for operation in operations {
        match operation {
            Operation::Announce {
                route,
                attributes,
                next_hop: choice,
                owner,
            } => {
                let nlri = &universe[route];
                let hop = next_hop(nlri, choice);
                harness
                    .rib
                    .announce(nlri, &harness.sets[attributes], &hop, &owners[owner]);
                harness.model.insert(nlri.clone(), (attributes, hop, owner));
            }
            Operation::Withdraw(route) => {
                let was = harness.model.remove(&universe[route]).is_some();
                prop_assert_eq!(harness.rib.withdraw(&universe[route]), was);
            }
            Operation::WithdrawOwner(owner) => {
                let before = harness.model.len();
                harness.model.retain(|_, (_, _, holder)| *holder != owner);
                let removed = before - harness.model.len();
                prop_assert_eq!(harness.rib.withdraw_owner(&owners[owner]), removed);
            }
            Operation::WithdrawAll => {
                let removed = harness.model.len();
                harness.model.clear();
                prop_assert_eq!(harness.rib.withdraw_all(), removed);
            }
            Operation::Replace { owner, routes } => {
                let routes: Vec<Route> = routes
                    .into_iter()
                    .map(|(route, set, choice)| Route {
                        nlri: universe[route].clone(),
                        attributes: harness.sets[set].clone(),
                        next_hop: next_hop(&universe[route], choice),
                    })
                    .collect();
                harness.model.retain(|nlri, (_, _, holder)| {
                    *holder != owner || routes.iter().any(|route| route.nlri == *nlri)
                });
                for route in &routes {
                    let set = harness
                        .sets
                        .iter()
                        .position(|set| set.same(&route.attributes))
                        .unwrap_or(0);
                    harness
                        .model
                        .insert(route.nlri.clone(), (set, route.next_hop.clone(), owner));
                }
                harness.rib.replace_owner(&owners[owner], routes);
            }
            Operation::ResendAll => {
                harness.rib.resend_all();
                harness.resending = true;
            }
            Operation::Flush => {
                let peer_before = harness.peer.clone();
                harness.send(|rib, negotiated, mut sink| {
                    rib.flush(negotiated, &mut sink);
                });
                prop_assert_eq!(harness.rib.pending(), 0);
                prop_assert_eq!(&harness.peer.routes, &harness.expected());
                if harness.resending {
                    harness.resending = false;
                    harness.peer.duplicates.clear();
                }
                prop_assert_eq!(&harness.peer.duplicates, &peer_before.duplicates);
                prop_assert_eq!(&harness.peer.repeated, &peer_before.repeated);
                prop_assert_eq!(&harness.peer.spurious_withdrawals, &Vec::<Nlri>::new());
            }
            Operation::Refresh(index) => {
                let family = families[index];
                let received = harness.send(|rib, negotiated, mut sink| {
                    rib.refresh(family, negotiated, &mut sink);
                });
                if !harness.connected {
                    prop_assert!(received.is_empty());
                }
                // The refreshed family is now exactly as desired.
                let expected: BTreeMap<_, _> = harness
                    .expected()
                    .into_iter()
                    .filter(|(nlri, _)| nlri.family() == family)
                    .collect();
                let held: BTreeMap<_, _> = harness
                    .peer
                    .routes
                    .clone()
                    .into_iter()
                    .filter(|(nlri, _)| nlri.family() == family)
                    .collect();
                prop_assert_eq!(held, expected);
                prop_assert_eq!(&harness.peer.spurious_withdrawals, &Vec::<Nlri>::new());
                harness.peer.duplicates.clear();
                harness.peer.repeated.clear();
            }
            Operation::Reconnect => {
                harness.rib.session_down();
                prop_assert_eq!(harness.rib.pending(), 0);
                harness.peer = ModelPeer::default();
                harness.connected = true;
                harness.send(|rib, negotiated, mut sink| {
                    rib.full_table(negotiated, &mut sink);
                });
                prop_assert_eq!(&harness.peer.routes, &harness.expected());
                prop_assert_eq!(&harness.peer.end_of_rib, &harness.negotiated.families);
                prop_assert_eq!(&harness.peer.duplicates, &Vec::<Nlri>::new());
                prop_assert_eq!(&harness.peer.spurious_withdrawals, &Vec::<Nlri>::new());
                prop_assert_eq!(harness.rib.pending(), 0);
            }
        }
        harness.check_counts()?;
        // Every path in use belongs to a desired or a sent route.
        prop_assert!(harness.rib.path_count() <= 2 * ATTRIBUTE_SETS * 2);
    }
    // Draining everything leaves no path behind.
    harness.rib.withdraw_all();
    harness.send(|rib, negotiated, mut sink| {
        rib.flush(negotiated, &mut sink);
    });
    prop_assert_eq!(&harness.peer.routes, &BTreeMap::new());
    prop_assert_eq!(harness.rib.path_count(), 0);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_peer_ends_with_exactly_the_desired_routes(
        operations in proptest::collection::vec(operation(), 0..60),
        enhanced: bool,
    ) {
        run(operations, enhanced)?;
    }
}
