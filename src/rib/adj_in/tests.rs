//! Unit tests of the Adj-RIB-In: UPDATEs applied, treat-as-withdraw, stale routes.

use super::*;
use crate::rib::test_support::{attributes, hop4, hop6, v4};
use crate::wire::attribute::Attributes;
use crate::wire::error::{AttributeProblem, ErrorAction};
use crate::wire::family::{Afi, Safi};
use crate::wire::header::test_support::hex;
use crate::wire::message::{Message, decode_message};
use crate::wire::negotiated::Negotiated;
use crate::wire::nlri::{MpReach, MpUnreach, PrefixNlri, UnparsedNlri};

fn v6(text: &str) -> Nlri {
    Nlri::Unicast(PrefixNlri {
        path_id: None,
        prefix: text.parse().expect("test prefix"),
    })
}

/// An UPDATE announcing `ipv4` (classic fields, next hop 192.0.2.1) and `ipv6` (MP_REACH,
/// next hop 2001:db8::1) with `attributes(med)`.
fn announce(med: u32, ipv4: &[&str], ipv6: &[&str]) -> Update {
    let mut update = Update::end_of_rib_marker(Family::IPV4_UNICAST);
    update.attributes = Attributes {
        next_hop: Some(std::net::Ipv4Addr::new(192, 0, 2, 1)),
        ..attributes(med)
    };
    update.announced = ipv4.iter().map(|text| v4(text, None)).collect();
    if !ipv6.is_empty() {
        update.mp_reach = Some(MpReach {
            family: Family::IPV6_UNICAST,
            next_hop: hop6(1),
            nlri: ipv6.iter().map(|text| v6(text)).collect(),
        });
    }
    update
}

fn withdraw(ipv4: &[&str], ipv6: &[&str]) -> Update {
    let mut update = Update::end_of_rib_marker(Family::IPV4_UNICAST);
    update.withdrawn = ipv4.iter().map(|text| v4(text, None)).collect();
    if !ipv6.is_empty() {
        update.mp_unreach = Some(MpUnreach {
            family: Family::IPV6_UNICAST,
            nlri: ipv6.iter().map(|text| v6(text)).collect(),
        });
    }
    update
}

fn listed(rib: &AdjRibIn) -> Vec<(Nlri, Option<u32>, NextHop, bool)> {
    rib.sorted_routes()
        .into_iter()
        .map(|route| {
            (
                route.nlri,
                route.attributes.med,
                route.next_hop.clone(),
                route.stale,
            )
        })
        .collect()
}

#[test]
fn announcements_and_withdrawals_of_both_kinds_of_field() {
    let mut rib = AdjRibIn::new();
    let applied = rib.apply(&announce(
        1,
        &["10.0.0.0/24", "10.0.1.0/24"],
        &["2001:db8::/32"],
    ));
    assert_eq!((applied.announced, applied.withdrawn), (3, 0));
    // Replaced with other attributes: still one route per NLRI.
    rib.apply(&announce(2, &["10.0.1.0/24"], &[]));
    assert_eq!(
        listed(&rib),
        vec![
            (v4("10.0.0.0/24", None), Some(1), hop4(1), false),
            (v4("10.0.1.0/24", None), Some(2), hop4(1), false),
            (v6("2001:db8::/32"), Some(1), hop6(1), false),
        ]
    );
    // NEXT_HOP is kept apart from the attribute set, which is shared.
    let route = rib.get(&v4("10.0.0.0/24", None));
    assert_eq!(route.map(|route| route.attributes.next_hop), Some(None));
    assert_eq!(rib.attribute_sets(), 2);

    let applied = rib.apply(&withdraw(
        &["10.0.0.0/24", "10.9.0.0/24"],
        &["2001:db8::/32"],
    ));
    assert_eq!((applied.announced, applied.withdrawn), (0, 2));
    assert_eq!(rib.len(), 1);
    assert_eq!(rib.counts(), vec![(Family::IPV4_UNICAST, 1)]);
    assert_eq!(rib.attribute_sets(), 2);
    rib.clear();
    assert!(rib.is_empty());
    assert_eq!(rib.attribute_sets(), 0);
}

#[test]
fn treat_as_withdraw_removes_every_route_of_the_update() {
    let mut rib = AdjRibIn::new();
    rib.apply(&announce(1, &["10.0.0.0/24"], &["2001:db8::/32"]));
    let mut broken = announce(2, &["10.0.0.0/24", "10.0.1.0/24"], &["2001:db8::/32"]);
    broken.problems.push(AttributeProblem {
        type_code: 8,
        action: ErrorAction::TreatAsWithdraw,
        detail: "COMMUNITIES length 3 is not a multiple of 4".into(),
    });
    let applied = rib.apply(&broken);
    assert!(applied.treated_as_withdraw);
    assert_eq!((applied.announced, applied.withdrawn), (0, 2));
    assert!(rib.is_empty());
}

#[test]
fn an_update_missing_origin_from_the_wire_is_treated_as_withdraw() {
    // AS_PATH (empty), NEXT_HOP 192.0.2.1, NLRI 10.0.0.0/24 and no ORIGIN: RFC 7606 §3 (d).
    // (ExaBGP 5.0 decodes it as an announcement of 10.0.0.0/24 next hop 192.0.2.1.)
    let bytes =
        hex("ffffffffffffffffffffffffffffffff 0025 02 0000 000a 400200 400304c0000201 180a0000");
    let negotiated = Negotiated::default();
    let Ok(Message::Update(update)) = decode_message(&bytes, &negotiated) else {
        panic!("not an UPDATE");
    };
    let mut rib = AdjRibIn::new();
    rib.apply(&announce(1, &["10.0.0.0/24"], &[]));
    let applied = rib.apply(&update);
    assert!(applied.treated_as_withdraw);
    assert_eq!(applied.withdrawn, 1);
    assert!(rib.is_empty());
}

#[test]
fn stale_routes_are_swept_at_end_of_rib() {
    let mut rib = AdjRibIn::new();
    rib.apply(&announce(
        1,
        &["10.0.0.0/24", "10.0.1.0/24"],
        &["2001:db8::/32"],
    ));
    rib.mark_stale();
    assert_eq!(rib.stale(), 3);
    // Received again after the restart: no longer stale.
    rib.apply(&announce(1, &["10.0.0.0/24"], &[]));
    assert_eq!(rib.stale(), 2);
    let applied = rib.apply(&Update::end_of_rib_marker(Family::IPV4_UNICAST));
    assert_eq!(
        (applied.end_of_rib, applied.swept),
        (Some(Family::IPV4_UNICAST), 1)
    );
    assert_eq!(
        listed(&rib),
        vec![
            (v4("10.0.0.0/24", None), Some(1), hop4(1), false),
            (v6("2001:db8::/32"), Some(1), hop6(1), true),
        ]
    );
    assert_eq!(rib.sweep_all_stale(), 1);
    assert_eq!(rib.len(), 1);
}

#[test]
fn enhanced_refresh_marks_one_family_stale() {
    let mut rib = AdjRibIn::new();
    rib.apply(&announce(
        1,
        &["10.0.0.0/24", "10.0.1.0/24"],
        &["2001:db8::/32"],
    ));
    rib.mark_stale_family(Family::IPV4_UNICAST);
    rib.mark_stale_family(Family::new(Afi::Ipv4, Safi::Flowspec));
    rib.apply(&announce(1, &["10.0.1.0/24"], &[]));
    assert_eq!(rib.sweep_stale(Family::IPV4_UNICAST), 1);
    assert_eq!(rib.sweep_stale(Family::IPV4_UNICAST), 0);
    assert_eq!(rib.len(), 2);
    assert_eq!(rib.routes().count(), 2);
}

#[test]
fn unparsed_nlri_fields_are_not_stored() {
    let mut rib = AdjRibIn::new();
    let mut update = announce(1, &[], &[]);
    update.mp_reach = Some(MpReach {
        family: Family::new(Afi::L2vpn, Safi::Evpn),
        next_hop: hop4(1),
        nlri: vec![Nlri::Unparsed(UnparsedNlri {
            family: Family::new(Afi::L2vpn, Safi::Evpn),
            bytes: vec![1, 2, 3],
        })],
    });
    let applied = rib.apply(&update);
    assert_eq!((applied.announced, applied.ignored), (0, 1));
    assert!(rib.is_empty());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Operation {
        Announce(u32, Vec<usize>, Vec<usize>),
        Withdraw(Vec<usize>, Vec<usize>),
        TreatAsWithdraw(Vec<usize>),
        MarkStale,
        EndOfRib(bool),
    }

    const IPV4: [&str; 4] = ["10.0.0.0/24", "10.0.1.0/24", "10.1.0.0/16", "0.0.0.0/0"];
    const IPV6: [&str; 3] = ["2001:db8::/32", "2001:db8:1::/48", "::/0"];

    fn operation() -> impl Strategy<Value = Operation> {
        let ipv4 = proptest::collection::vec(0..IPV4.len(), 0..4);
        let ipv6 = proptest::collection::vec(0..IPV6.len(), 0..3);
        prop_oneof![
            4 => (0u32..3, ipv4.clone(), ipv6.clone())
                .prop_map(|(med, ipv4, ipv6)| Operation::Announce(med, ipv4, ipv6)),
            2 => (ipv4.clone(), ipv6).prop_map(|(ipv4, ipv6)| Operation::Withdraw(ipv4, ipv6)),
            1 => ipv4.prop_map(Operation::TreatAsWithdraw),
            1 => Just(Operation::MarkStale),
            1 => any::<bool>().prop_map(Operation::EndOfRib),
        ]
    }

    fn texts<'a>(indices: &[usize], table: &[&'a str]) -> Vec<&'a str> {
        indices
            .iter()
            .filter_map(|index| table.get(*index).copied())
            .collect()
    }

    proptest! {
        /// The Adj-RIB-In holds exactly what a map applying the same UPDATEs holds.
        #[test]
        fn the_rib_matches_a_model(operations in proptest::collection::vec(operation(), 0..40)) {
            let mut rib = AdjRibIn::new();
            // NLRI -> (MED, next hop, stale)
            let mut model: BTreeMap<Nlri, (u32, NextHop, bool)> = BTreeMap::new();
            for operation in operations {
                match operation {
                    Operation::Announce(med, ipv4, ipv6) => {
                        let (ipv4, ipv6) = (texts(&ipv4, &IPV4), texts(&ipv6, &IPV6));
                        rib.apply(&announce(med, &ipv4, &ipv6));
                        for text in ipv4 {
                            model.insert(v4(text, None), (med, hop4(1), false));
                        }
                        for text in ipv6 {
                            model.insert(v6(text), (med, hop6(1), false));
                        }
                    }
                    Operation::Withdraw(ipv4, ipv6) => {
                        let (ipv4, ipv6) = (texts(&ipv4, &IPV4), texts(&ipv6, &IPV6));
                        rib.apply(&withdraw(&ipv4, &ipv6));
                        if ipv4.is_empty() && ipv6.is_empty() {
                            // An empty UPDATE is the IPv4 unicast End-of-RIB marker.
                            let family = Family::IPV4_UNICAST;
                            model.retain(|nlri, value| nlri.family() != family || !value.2);
                        }
                        for text in ipv4 {
                            model.remove(&v4(text, None));
                        }
                        for text in ipv6 {
                            model.remove(&v6(text));
                        }
                    }
                    Operation::TreatAsWithdraw(ipv4) => {
                        let ipv4 = texts(&ipv4, &IPV4);
                        let mut update = announce(9, &ipv4, &[]);
                        update.attributes.origin = None;
                        update.problems = crate::wire::update::missing_well_known_attributes(
                            false, true, true, !ipv4.is_empty(), false,
                        );
                        rib.apply(&update);
                        for text in ipv4 {
                            model.remove(&v4(text, None));
                        }
                    }
                    Operation::MarkStale => {
                        rib.mark_stale();
                        for value in model.values_mut() {
                            value.2 = true;
                        }
                    }
                    Operation::EndOfRib(ipv6) => {
                        let family = if ipv6 { Family::IPV6_UNICAST } else { Family::IPV4_UNICAST };
                        rib.apply(&Update::end_of_rib_marker(family));
                        model.retain(|nlri, value| nlri.family() != family || !value.2);
                    }
                }
                let held: BTreeMap<Nlri, (u32, NextHop, bool)> = listed(&rib)
                    .into_iter()
                    .map(|(nlri, med, next_hop, stale)| (nlri, (med.unwrap_or(0), next_hop, stale)))
                    .collect();
                prop_assert_eq!(&held, &model);
                prop_assert!(rib.attribute_sets() <= 1024 + 3);
            }
        }
    }
}

#[test]
fn local_preference_from_an_external_peer_is_ignored() {
    let mut update = announce(5, &["198.51.100.0/24"], &[]);
    update.attributes.local_preference = Some(300);
    let local_preference = |rib: &AdjRibIn| {
        rib.snapshot()
            .first()
            .map(|route| route.attributes.local_preference)
    };

    let mut internal = AdjRibIn::new();
    internal.apply(&update);
    assert_eq!(local_preference(&internal), Some(Some(300)));

    let mut external = AdjRibIn::for_external_peer();
    assert!(external.is_external());
    external.apply(&update);
    assert_eq!(local_preference(&external), Some(None));
    // The other attributes are kept.
    let routes = external.snapshot();
    assert_eq!(routes.len(), 1);
    assert_eq!(routes[0].attributes.med, Some(5));
    assert_eq!(routes[0].next_hop, hop4(1));
    // Clearing keeps the peer external.
    external.clear();
    assert!(external.is_empty() && external.is_external());
}

#[test]
fn a_snapshot_owns_what_a_listing_shows() {
    let mut rib = AdjRibIn::new();
    rib.apply(&announce(
        1,
        &["198.51.100.0/24", "192.0.2.0/24"],
        &["2001:db8::/32"],
    ));
    let listed: Vec<(Nlri, bool)> = rib
        .sorted_routes()
        .into_iter()
        .map(|route| (route.nlri, route.stale))
        .collect();
    let snapshot: Vec<(Nlri, bool)> = rib
        .snapshot()
        .into_iter()
        .map(|route| (route.nlri, route.stale))
        .collect();
    assert_eq!(listed, snapshot);
    assert_eq!(snapshot.len(), 3);
}
