//! Message-level property tests: whole `Message` values of every type round-trip through
//! `encode` and `message::decode_message` on 2-octet and 4-octet AS sessions, with and without
//! extended messages and ADD-PATH; arbitrary and mutated bytes never panic; header faults give
//! the RFC 4271 §6.1 codes.
//!
//! Test-only. Generated values are canonical (what the decoder produces), so equality is the
//! check: UPDATE `problems` are the missing-attribute outcomes the decoder derives, NLRI carry
//! a Path Identifier exactly where ADD-PATH is on, unparsed NLRI are one per field.

use super::attribute::tests::attributes_strategy;
use super::capability::tests::capability_strategy;
use super::error::NotificationError;
use super::family::{Afi, Family, Safi};
use super::header::HEADER_LENGTH;
use super::message::{Message, decode_message};
use super::negotiated::Negotiated;
use super::nlri::evpn::tests::any_evpn_route;
use super::nlri::flowspec::component::tests::any_component;
use super::nlri::label::tests::any_label_stack;
use super::nlri::route_distinguisher::tests::any_route_distinguisher;
use super::nlri::{
    EvpnNlri, FlowComponent, FlowspecNlri, LabelledNlri, MpReach, MpUnreach, NextHop, Nlri, Prefix,
    PrefixNlri, UnparsedNlri, VplsNlri, VpnNlri, is_parsed_family,
};
use super::notification::Notification;
use super::open::Open;
use super::route_refresh::{RouteRefresh, RouteRefreshSubtype};
use super::update::{Update, missing_well_known_attributes};
use proptest::prelude::*;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The families MP attributes are generated for (BGP-LS stands for the unparsed ones).
const MP_FAMILIES: [(Afi, Safi); 15] = [
    (Afi::Ipv4, Safi::Unicast),
    (Afi::Ipv4, Safi::Multicast),
    (Afi::Ipv4, Safi::MplsLabel),
    (Afi::Ipv4, Safi::MplsVpn),
    (Afi::Ipv4, Safi::Flowspec),
    (Afi::Ipv4, Safi::FlowspecVpn),
    (Afi::Ipv6, Safi::Unicast),
    (Afi::Ipv6, Safi::Multicast),
    (Afi::Ipv6, Safi::MplsLabel),
    (Afi::Ipv6, Safi::MplsVpn),
    (Afi::Ipv6, Safi::Flowspec),
    (Afi::Ipv6, Safi::FlowspecVpn),
    (Afi::L2vpn, Safi::Vpls),
    (Afi::L2vpn, Safi::Evpn),
    (Afi::BgpLs, Safi::BgpLs),
];

fn any_family() -> impl Strategy<Value = Family> {
    proptest::sample::select(MP_FAMILIES.to_vec()).prop_map(|(afi, safi)| Family::new(afi, safi))
}

/// Sessions: 2- or 4-octet AS, extended messages or not, ADD-PATH (both ways) in some
/// families.
pub(crate) fn any_negotiated() -> impl Strategy<Value = Negotiated> {
    (
        any::<bool>(),
        any::<bool>(),
        proptest::sample::subsequence(MP_FAMILIES.to_vec(), 0..=4),
    )
        .prop_map(|(asn4, extended_message, add_path)| {
            let add_path: Vec<Family> = add_path
                .into_iter()
                .map(|(afi, safi)| Family::new(afi, safi))
                .collect();
            Negotiated {
                asn4,
                aigp: true,
                extended_message,
                add_path_send: add_path.clone(),
                add_path_receive: add_path,
                ..Negotiated::default()
            }
        })
}

fn prefix_of(afi: Afi) -> BoxedStrategy<Prefix> {
    if afi == Afi::Ipv6 {
        (any::<u128>(), 0u8..=128)
            .prop_filter_map("valid", |(address, length)| {
                Prefix::new(IpAddr::V6(Ipv6Addr::from(address)), length)
            })
            .boxed()
    } else {
        (any::<u32>(), 0u8..=32)
            .prop_filter_map("valid", |(address, length)| {
                Prefix::new(IpAddr::V4(Ipv4Addr::from(address)), length)
            })
            .boxed()
    }
}

/// One NLRI of `family` (parsed families only), without Path Identifier.
fn nlri_of(family: Family, withdrawal: bool) -> BoxedStrategy<Nlri> {
    let afi = family.afi;
    // In a withdrawal a Compatibility value ends the stack early (RFC 8277 §2.4).
    let stack_ok = move |labels: &Vec<super::nlri::Label>| {
        !withdrawal
            || labels
                .iter()
                .all(|label| label.bottom_of_stack || ![0x80_0000, 0].contains(&label.raw()))
    };
    match family.safi {
        Safi::Unicast => prefix_of(afi)
            .prop_map(|prefix| Nlri::Unicast(PrefixNlri::new(prefix)))
            .boxed(),
        Safi::Multicast => prefix_of(afi)
            .prop_map(|prefix| Nlri::Multicast(PrefixNlri::new(prefix)))
            .boxed(),
        Safi::MplsLabel => (any_label_stack(), prefix_of(afi))
            .prop_filter("fits", move |(labels, prefix)| {
                24 * labels.len() + usize::from(prefix.length) <= 255 && stack_ok(labels)
            })
            .prop_map(|(labels, prefix)| {
                Nlri::Labelled(LabelledNlri {
                    path_id: None,
                    labels,
                    prefix,
                })
            })
            .boxed(),
        Safi::MplsVpn => (any_label_stack(), any_route_distinguisher(), prefix_of(afi))
            .prop_filter("fits", move |(labels, _, prefix)| {
                24 * labels.len() + 64 + usize::from(prefix.length) <= 255 && stack_ok(labels)
            })
            .prop_map(|(labels, route_distinguisher, prefix)| {
                Nlri::Vpn(VpnNlri {
                    path_id: None,
                    labels,
                    route_distinguisher,
                    prefix,
                })
            })
            .boxed(),
        Safi::Flowspec | Safi::FlowspecVpn => {
            let route_distinguisher = if family.safi == Safi::FlowspecVpn {
                any_route_distinguisher().prop_map(Some).boxed()
            } else {
                Just(None).boxed()
            };
            (
                route_distinguisher,
                proptest::collection::vec(any_component(afi), 1..5),
            )
                .prop_map(move |(route_distinguisher, mut components)| {
                    components.sort_by_key(FlowComponent::type_code);
                    components.dedup_by_key(|component| component.type_code());
                    Nlri::Flowspec(FlowspecNlri {
                        path_id: None,
                        afi,
                        route_distinguisher,
                        components,
                    })
                })
                .boxed()
        }
        Safi::Evpn => any_evpn_route()
            .prop_map(|route| {
                Nlri::Evpn(EvpnNlri {
                    path_id: None,
                    route,
                })
            })
            .boxed(),
        _ => (
            any_route_distinguisher(),
            any::<(u16, u16, u16)>(),
            0u32..=0xF_FFFF,
        )
            .prop_map(|(route_distinguisher, (endpoint, offset, size), base)| {
                Nlri::Vpls(VplsNlri {
                    path_id: None,
                    route_distinguisher,
                    endpoint,
                    offset,
                    size,
                    base,
                })
            })
            .boxed(),
    }
}

/// A whole NLRI list of `family` as the decoder returns it.
fn nlri_list(family: Family, withdrawal: bool, path_id: bool) -> BoxedStrategy<Vec<Nlri>> {
    if !is_parsed_family(family) {
        // Unparsed: the whole field is one value (and an empty field is no value).
        return proptest::option::of(proptest::collection::vec(any::<u8>(), 1..40))
            .prop_map(move |bytes| {
                bytes
                    .map(|bytes| Nlri::Unparsed(UnparsedNlri { family, bytes }))
                    .into_iter()
                    .collect()
            })
            .boxed();
    }
    proptest::collection::vec((nlri_of(family, withdrawal), any::<u32>()), 0..8)
        .prop_map(move |list| {
            list.into_iter()
                .map(|(nlri, id)| set_path_id(nlri, path_id.then_some(id)))
                .collect()
        })
        .boxed()
}

fn set_path_id(nlri: Nlri, path_id: Option<u32>) -> Nlri {
    match nlri {
        Nlri::Unicast(inner) => Nlri::Unicast(PrefixNlri { path_id, ..inner }),
        Nlri::Multicast(inner) => Nlri::Multicast(PrefixNlri { path_id, ..inner }),
        Nlri::Labelled(inner) => Nlri::Labelled(LabelledNlri { path_id, ..inner }),
        Nlri::Vpn(inner) => Nlri::Vpn(VpnNlri { path_id, ..inner }),
        Nlri::Flowspec(inner) => Nlri::Flowspec(FlowspecNlri { path_id, ..inner }),
        Nlri::Vpls(inner) => Nlri::Vpls(VplsNlri { path_id, ..inner }),
        Nlri::Evpn(inner) => Nlri::Evpn(EvpnNlri { path_id, ..inner }),
        other => other,
    }
}

/// A next hop the decoder returns unchanged for `family`.
fn next_hop_of(family: Family) -> BoxedStrategy<NextHop> {
    let ipv4 = any::<u32>().prop_map(|address| NextHop::Ipv4(Ipv4Addr::from(address)));
    let ipv6 =
        (any::<u128>(), proptest::option::of(any::<u128>())).prop_map(|(global, link_local)| {
            NextHop::Ipv6 {
                global: Ipv6Addr::from(global),
                link_local: link_local.map(Ipv6Addr::from),
            }
        });
    match (family.afi, family.safi) {
        (_, Safi::Flowspec | Safi::FlowspecVpn) => Just(NextHop::None).boxed(),
        (Afi::Ipv6, Safi::MplsVpn) => ipv6.boxed(),
        (Afi::L2vpn, Safi::Vpls) => ipv4.boxed(),
        _ => prop_oneof![ipv4, ipv6].boxed(),
    }
}

fn any_mp_reach(negotiated: Negotiated) -> impl Strategy<Value = MpReach> {
    any_family().prop_flat_map(move |family| {
        let path_id = negotiated.path_id_on_send(family);
        (next_hop_of(family), nlri_list(family, false, path_id)).prop_map(
            move |(next_hop, nlri)| MpReach {
                family,
                next_hop,
                nlri,
            },
        )
    })
}

fn any_mp_unreach(negotiated: Negotiated) -> impl Strategy<Value = MpUnreach> {
    any_family().prop_flat_map(move |family| {
        let path_id = negotiated.path_id_on_send(family);
        nlri_list(family, true, path_id).prop_map(move |nlri| MpUnreach { family, nlri })
    })
}

/// An UPDATE whose encoding decodes back to itself on `negotiated`.
fn any_update(negotiated: Negotiated) -> impl Strategy<Value = Update> {
    let classic_path_id = negotiated.path_id_on_send(Family::IPV4_UNICAST);
    (
        nlri_list(Family::IPV4_UNICAST, true, classic_path_id),
        attributes_strategy(negotiated.asn4),
        nlri_list(Family::IPV4_UNICAST, false, classic_path_id),
        proptest::option::of(any_mp_reach(negotiated.clone())),
        proptest::option::of(any_mp_unreach(negotiated)),
    )
        .prop_map(|(withdrawn, attributes, announced, mp_reach, mp_unreach)| {
            let problems = missing_well_known_attributes(
                attributes.origin.is_some(),
                attributes.as_path.is_some(),
                attributes.next_hop.is_some(),
                !announced.is_empty(),
                mp_reach.is_some(),
            );
            Update {
                withdrawn,
                attributes,
                announced,
                mp_reach,
                mp_unreach,
                problems,
            }
        })
}

fn any_open() -> impl Strategy<Value = Open> {
    (
        any::<u32>(),
        any::<u16>(),
        1u32..,
        proptest::collection::vec(capability_strategy(), 0..12),
    )
        .prop_map(|(asn, hold_time, identifier, capabilities)| {
            let hold_time = if hold_time == 1 || hold_time == 2 {
                0
            } else {
                hold_time
            };
            Open::new(asn, hold_time, Ipv4Addr::from(identifier), capabilities)
        })
}

/// A session and a message valid on it.
fn any_session_and_message() -> impl Strategy<Value = (Negotiated, Message)> {
    any_negotiated().prop_flat_map(|negotiated| {
        let message = prop_oneof![
            4 => any_update(negotiated.clone()).prop_map(|update| Message::Update(Box::new(update))),
            1 => any_open().prop_map(Message::Open),
            1 => (any::<u8>(), any::<u8>(), proptest::collection::vec(any::<u8>(), 0..64))
                .prop_map(|(code, subcode, data)| {
                    Message::Notification(Notification::new(code, subcode, data))
                }),
            1 => Just(Message::Keepalive),
            1 => (any::<u16>(), any::<u8>(), 0u8..3).prop_map(|(afi, safi, subtype)| {
                Message::RouteRefresh(RouteRefresh::new(
                    Family::from_codes(afi, safi),
                    RouteRefreshSubtype::from_code(subtype),
                ))
            }),
            1 => proptest::collection::vec(any::<u8>(), 0..64)
                .prop_map(|body| Message::Raw { kind: 6, body }),
        ];
        (Just(negotiated), message)
    })
}

/// Decoding must give a message or a NOTIFICATION error, never panic; a message decoded
/// from bytes must re-encode to a message that decodes to the same value (unless RFC 7606
/// problems were found: what was discarded is not encoded again).
fn decode_is_total(bytes: &[u8], negotiated: &Negotiated) -> Result<(), TestCaseError> {
    if let Ok(message) = decode_message(bytes, negotiated) {
        if let Message::Update(update) = &message
            && !update.problems.is_empty()
        {
            return Ok(());
        }
        let again = message.encode(negotiated);
        if again.len() <= negotiated.max_message_size() {
            prop_assert_eq!(decode_message(&again, negotiated), Ok(message));
        }
    }
    Ok(())
}

fn error_codes(result: Result<Message, NotificationError>) -> Option<(u8, u8)> {
    result.err().map(|error| (error.code, error.subcode))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_message_round_trips((negotiated, message) in any_session_and_message()) {
        let bytes = message.encode(&negotiated);
        prop_assume!(bytes.len() <= negotiated.max_message_size());
        prop_assert_eq!(decode_message(&bytes, &negotiated), Ok(message));
    }

    #[test]
    fn arbitrary_bytes_never_panic(
        negotiated in any_negotiated(),
        kind in 0u8..8,
        body in proptest::collection::vec(any::<u8>(), 0..300),
        raw in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let bytes = super::header::encode_message(kind, &body);
        decode_is_total(&bytes, &negotiated)?;
        decode_is_total(&raw, &negotiated)?;
    }

    #[test]
    fn mutated_messages_never_panic(
        (negotiated, message) in any_session_and_message(),
        edits in proptest::collection::vec((0u8..3, any::<usize>(), any::<u8>()), 1..4),
    ) {
        let mut bytes = message.encode(&negotiated);
        for (operation, position, value) in edits {
            let at = position % (bytes.len() + 1);
            match operation {
                0 => if let Some(byte) = bytes.get_mut(at) { *byte ^= value.max(1) },
                1 => bytes.insert(at, value),
                _ => if at < bytes.len() { bytes.remove(at); },
            }
        }
        // Keep the header consistent now and then, so that bodies get exercised too.
        let length = u16::try_from(bytes.len()).unwrap_or(u16::MAX).to_be_bytes();
        let mut consistent = bytes.clone();
        if let Some(field) = consistent.get_mut(16..18) {
            field.copy_from_slice(&length);
        }
        if let Some(marker) = consistent.get_mut(..16) {
            marker.fill(0xFF);
        }
        decode_is_total(&bytes, &negotiated)?;
        decode_is_total(&consistent, &negotiated)?;
    }

    #[test]
    fn header_faults_get_the_rfc_4271_codes(
        (negotiated, message) in any_session_and_message(),
        position in 0usize..16,
        value in 0u8..0xFF,
        kind in prop_oneof![Just(0u8), 7u8..=255],
        short_length in 0u16..19,
    ) {
        let bytes = message.encode(&negotiated);
        prop_assume!(bytes.len() <= negotiated.max_message_size());
        // RFC 4271 §6.1: marker not all ones -> Connection Not Synchronized (1/1).
        let mut bad_marker = bytes.clone();
        bad_marker[position] = value;
        prop_assert_eq!(error_codes(decode_message(&bad_marker, &negotiated)), Some((1, 1)));
        // Length below 19, or not the number of octets given -> Bad Message Length (1/2).
        let mut bad_length = bytes.clone();
        bad_length[16..18].copy_from_slice(&short_length.to_be_bytes());
        prop_assert_eq!(error_codes(decode_message(&bad_length, &negotiated)), Some((1, 2)));
        let mut longer = bytes.clone();
        longer.push(0);
        prop_assert_eq!(error_codes(decode_message(&longer, &negotiated)), Some((1, 2)));
        prop_assert_eq!(
            error_codes(decode_message(&bytes[..bytes.len() - 1], &negotiated)),
            Some((1, 2))
        );
        // Unknown type -> Bad Message Type (1/3), with the type as data.
        let mut bad_type = bytes.clone();
        bad_type[HEADER_LENGTH - 1] = kind;
        let error = decode_message(&bad_type, &negotiated).expect_err("bad type");
        prop_assert_eq!((error.code, error.subcode, error.data), (1, 3, vec![kind]));
    }
}
