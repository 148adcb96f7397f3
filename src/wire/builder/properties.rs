//! Property test of the UPDATE builder over random route sets: every message fits, decodes
//! cleanly, follows RFC 7606 §5.1, no route is lost or duplicated, and no two consecutive
//! messages of one group could have been merged (greedy packing is tight).

use super::tests::{decode_all, sorted_announced};
use super::*;
use crate::wire::attribute::tests::attributes_strategy;
use crate::wire::attribute::{AsPath, Attributes, Origin};
use crate::wire::family::{Afi, Safi};
use crate::wire::message::decode_message;
use crate::wire::nlri::evpn::tests::any_evpn_route;
use crate::wire::nlri::flowspec::tests::any_flow;
use crate::wire::nlri::label::tests::any_label_stack;
use crate::wire::nlri::prefix::tests::any_prefix;
use crate::wire::nlri::route_distinguisher::tests::any_route_distinguisher;
use crate::wire::nlri::{EvpnNlri, Label, LabelledNlri, PrefixNlri, VplsNlri, VpnNlri};
use proptest::prelude::*;

/// NLRI of every parsed family, with or without a Path Identifier.
fn any_nlri() -> impl Strategy<Value = Nlri> {
    let compatible = |labels: &Vec<Label>| {
        // A Compatibility value before the end legitimately ends a withdrawn stack early.
        labels
            .iter()
            .all(|label| label.bottom_of_stack || ![0x80_0000, 0].contains(&label.raw()))
    };
    let nlri = prop_oneof![
        4 => any_prefix().prop_map(|prefix| Nlri::Unicast(PrefixNlri::new(prefix))),
        1 => any_prefix().prop_map(|prefix| Nlri::Multicast(PrefixNlri::new(prefix))),
        1 => (any_label_stack(), any_prefix())
            .prop_filter("fits the length octet", move |(labels, prefix)| {
                24 * labels.len() + usize::from(prefix.length) <= 255 && compatible(labels)
            })
            .prop_map(|(labels, prefix)| Nlri::Labelled(LabelledNlri {
                path_id: None,
                labels,
                prefix,
            })),
        1 => (any_label_stack(), any_route_distinguisher(), any_prefix())
            .prop_filter("fits the length octet", move |(labels, _, prefix)| {
                24 * labels.len() + 64 + usize::from(prefix.length) <= 255 && compatible(labels)
            })
            .prop_map(|(labels, route_distinguisher, prefix)| Nlri::Vpn(VpnNlri {
                path_id: None,
                labels,
                route_distinguisher,
                prefix,
            })),
        1 => any_flow().prop_map(Nlri::Flowspec),
        1 => any_evpn_route().prop_map(|route| Nlri::Evpn(EvpnNlri { path_id: None, route })),
        1 => (any_route_distinguisher(), any::<(u16, u16, u16)>(), 0u32..=0xF_FFFF).prop_map(
            |(route_distinguisher, (endpoint, offset, size), base)| Nlri::Vpls(VplsNlri {
                path_id: None,
                route_distinguisher,
                endpoint,
                offset,
                size,
                base,
            })
        ),
    ];
    (nlri, proptest::option::of(any::<u32>()))
        .prop_map(|(nlri, path_id)| with_path_id(nlri, path_id))
}

fn with_path_id(nlri: Nlri, path_id: Option<u32>) -> Nlri {
    match nlri {
        Nlri::Unicast(inner) => Nlri::Unicast(PrefixNlri { path_id, ..inner }),
        Nlri::Multicast(inner) => Nlri::Multicast(PrefixNlri { path_id, ..inner }),
        Nlri::Labelled(inner) => Nlri::Labelled(LabelledNlri { path_id, ..inner }),
        Nlri::Vpn(inner) => Nlri::Vpn(VpnNlri { path_id, ..inner }),
        Nlri::Flowspec(mut inner) => {
            inner.path_id = path_id;
            Nlri::Flowspec(inner)
        }
        Nlri::Vpls(inner) => Nlri::Vpls(VplsNlri { path_id, ..inner }),
        Nlri::Evpn(inner) => Nlri::Evpn(EvpnNlri { path_id, ..inner }),
        other => other,
    }
}

/// The NLRI as the peer decodes it: a Path Identifier (0 if none) exactly where ADD-PATH is on.
fn as_received(nlri: &Nlri, negotiated: &Negotiated) -> Nlri {
    let path_id = negotiated
        .path_id_on_send(nlri.family())
        .then(|| nlri.path_id().unwrap_or(0));
    with_path_id(nlri.clone(), path_id)
}

/// One of two next hops that suit the family of `nlri`.
fn next_hop_for(nlri: &Nlri, choice: u8) -> NextHop {
    let family = nlri.family();
    let ipv6 = |link_local: bool| NextHop::Ipv6 {
        global: std::net::Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, u16::from(choice) + 1),
        link_local: link_local.then(|| std::net::Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1)),
    };
    match (family.afi, family.safi) {
        (_, Safi::Flowspec | Safi::FlowspecVpn) => NextHop::None,
        // RFC 8950: IPv4 unicast with an IPv6 next hop, in MP_REACH_NLRI.
        (Afi::Ipv4, Safi::Unicast) if choice == 2 => ipv6(false),
        (Afi::Ipv6, _) => ipv6(choice == 1),
        _ => NextHop::Ipv4(std::net::Ipv4Addr::new(192, 0, 2, choice + 1)),
    }
}

fn any_negotiated() -> impl Strategy<Value = Negotiated> {
    let families = [
        Family::IPV4_UNICAST,
        Family::IPV6_UNICAST,
        Family::new(Afi::Ipv4, Safi::MplsVpn),
        Family::new(Afi::Ipv6, Safi::MplsLabel),
        Family::new(Afi::Ipv4, Safi::Flowspec),
        Family::new(Afi::L2vpn, Safi::Vpls),
        Family::new(Afi::L2vpn, Safi::Evpn),
    ];
    (
        any::<bool>(),
        any::<bool>(),
        proptest::sample::subsequence(families.to_vec(), 0..=7),
    )
        .prop_map(|(asn4, extended_message, add_path)| Negotiated {
            asn4,
            aigp: true,
            extended_message,
            add_path_send: add_path.clone(),
            add_path_receive: add_path,
            ..Negotiated::default()
        })
}

/// A session, a pool of attribute sets (with the mandatory ORIGIN and AS_PATH), routes as
/// (NLRI, attribute index, next hop choice), and withdrawals.
type Case = (
    Negotiated,
    Vec<Attributes>,
    Vec<(Nlri, usize, u8)>,
    Vec<Nlri>,
);

fn any_case() -> impl Strategy<Value = Case> {
    any_negotiated().prop_flat_map(|negotiated| {
        let attributes = proptest::collection::vec(attributes_strategy(negotiated.asn4), 1..4)
            .prop_map(|list| {
                list.into_iter()
                    .map(|mut attributes| {
                        attributes.origin.get_or_insert(Origin::Igp);
                        attributes.as_path.get_or_insert_with(AsPath::default);
                        attributes.next_hop = None;
                        attributes
                    })
                    .collect::<Vec<_>>()
            });
        (
            Just(negotiated),
            attributes,
            proptest::collection::vec((any_nlri(), 0usize..3, 0u8..3), 0..300),
            proptest::collection::vec(any_nlri(), 0..200),
        )
    })
}

/// Which group a message belongs to, for the tightness check.
fn group_key(bytes: &[u8], negotiated: &Negotiated) -> Option<(String, Nlri)> {
    let Ok(Message::Update(update)) = decode_message(bytes, negotiated) else {
        return None;
    };
    let update = *update;
    let attributes = format!("{:?}", update.attributes);
    if let Some(first) = update.withdrawn.first() {
        return Some(("withdrawn".into(), first.clone()));
    }
    if let Some(first) = update.announced.first() {
        return Some((format!("announced {attributes}"), first.clone()));
    }
    if let Some(reach) = &update.mp_reach {
        let key = format!("reach {} {:?} {attributes}", reach.family, reach.next_hop);
        return reach.nlri.first().map(|first| (key, first.clone()));
    }
    let unreach = update.mp_unreach?;
    let key = format!("unreach {}", unreach.family);
    unreach.nlri.first().map(|first| (key, first.clone()))
}

/// Builds the case and checks every property.
fn check(
    negotiated: &Negotiated,
    pool: &[Attributes],
    routes: &[(Nlri, usize, u8)],
    withdrawals: &[Nlri],
) -> Result<(), TestCaseError> {
    let next_hops: Vec<NextHop> = routes
        .iter()
        .map(|(nlri, _, choice)| next_hop_for(nlri, *choice))
        .collect();
    let announcements: Vec<Announcement<'_>> = routes
        .iter()
        .zip(&next_hops)
        .map(|((nlri, index, _), next_hop)| Announcement {
            nlri,
            attributes: &pool[index % pool.len()],
            next_hop,
        })
        .collect();
    let mut messages = Vec::new();
    let count = build_updates(
        negotiated,
        withdrawals,
        &announcements,
        &mut |bytes: &[u8]| messages.push(bytes.to_vec()),
    );
    prop_assert_eq!(count, Ok(messages.len()));

    let decoded = decode_all(&messages, negotiated);
    let expected: Vec<_> = announcements
        .iter()
        .map(|announcement| {
            (
                as_received(announcement.nlri, negotiated),
                announcement.next_hop.clone(),
                announcement.attributes.clone(),
            )
        })
        .collect();
    prop_assert_eq!(
        sorted_announced(decoded.announced),
        sorted_announced(expected)
    );
    let mut withdrawn = decoded.withdrawn;
    withdrawn.sort();
    let mut expected: Vec<Nlri> = withdrawals
        .iter()
        .map(|nlri| as_received(nlri, negotiated))
        .collect();
    expected.sort();
    prop_assert_eq!(withdrawn, expected);

    // Tight: a message followed by one of the same group was too full for its first NLRI.
    for pair in messages.windows(2) {
        let (Some((first_key, _)), Some((second_key, next))) = (
            group_key(&pair[0], negotiated),
            group_key(&pair[1], negotiated),
        ) else {
            continue;
        };
        if first_key == second_key {
            let mut encoded = Vec::new();
            next.encode(negotiated.path_id_on_send(next.family()), &mut encoded);
            prop_assert!(
                pair[0].len() + encoded.len() > negotiated.max_message_size(),
                "{} + {} could have shared a message",
                pair[0].len(),
                encoded.len()
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_route_sets_round_trip_tightly((negotiated, pool, routes, withdrawals) in any_case()) {
        check(&negotiated, &pool, &routes, &withdrawals)?;
    }

    /// Few groups, many routes: groups span several messages.
    #[test]
    fn large_groups_are_packed_tightly(
        negotiated in any_negotiated(),
        prefixes in proptest::collection::vec((any_prefix(), any::<u32>()), 1000..3000),
    ) {
        let pool = vec![Attributes {
            origin: Some(Origin::Igp),
            as_path: Some(AsPath::sequence(vec![65001, 4_200_000_000])),
            ..Attributes::default()
        }];
        let nlri: Vec<Nlri> = prefixes
            .iter()
            .map(|(prefix, path_id)| with_path_id(Nlri::Unicast(PrefixNlri::new(*prefix)), Some(*path_id)))
            .collect();
        let routes: Vec<(Nlri, usize, u8)> = nlri.iter().map(|nlri| (nlri.clone(), 0, 0)).collect();
        check(&negotiated, &pool, &routes, &nlri)?;
    }
}
