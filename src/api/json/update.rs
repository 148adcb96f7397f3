//! ExaBGP's JSON event for an UPDATE: `"message": { "update": { "attribute": {…},
//! "announce": { "<afi> <safi>": { "<next-hop>": [ … ] } }, "withdraw": { "<afi> <safi>":
//! [ … ] } } }`, or `"message": { "eor": { "afi" : …, "safi" : … } }` for End-of-RIB, and
//! the whole line around it (exabgp-api reference §3.2).
//!
//! Pure rendering of a decoded `wire::update::Update`; must not decode bytes. Attributes come
//! from `attributes.rs`, each NLRI object from `nlri.rs`; this module groups and orders them
//! as ExaBGP does: NLRI are taken in the order ExaBGP lists them (Withdrawn Routes, NLRI
//! field, MP_UNREACH_NLRI, MP_REACH_NLRI), families and next hops keep the order in which
//! they first appear.

use super::attributes::attributes;
use super::envelope::{Direction, Envelope, JsonVersion, NeighborView, neighbor};
use super::nlri::nlri_with_next_hop;
use crate::wire::family::{Family, Safi};
use crate::wire::negotiated::Negotiated;
use crate::wire::nlri::{NextHop, Nlri};
use crate::wire::update::Update;

/// The whole `"type": "update"` line.
///
/// `raw` is the (header, body) pair shown for consolidated messages; `negotiated_object`,
/// when given, is the already rendered `"negotiated"` object that ExaBGP appends after the
/// message when the `negotiated` API option is set.
///
/// A received UPDATE with an RFC 7606 treat-as-withdraw problem lists its announced routes
/// under `"withdraw"`, as the ExaBGP daemon does (`Direction::Decoded` keeps them under
/// `"announce"`, as `exabgp decode` does); `"error": "treat-as-withdraw"` is shown either way.
pub fn update(
    envelope: &Envelope,
    neighbor_view: &NeighborView,
    direction: Direction,
    update: &Update,
    negotiated: &Negotiated,
    raw: Option<(&[u8], &[u8])>,
    negotiated_object: Option<&str>,
) -> String {
    let mut content = update_message_for(envelope.version, update, negotiated, direction);
    if let Some(object) = negotiated_object {
        content.push_str(", \"negotiated\": ");
        content.push_str(object);
    }
    envelope.wrap(
        "update",
        raw,
        &neighbor(
            envelope.version,
            neighbor_view,
            Some(direction.name()),
            &content,
        ),
    )
}

/// The `"message": { … }` member as `exabgp decode` prints it (routes of a treat-as-withdraw
/// UPDATE stay under `"announce"`; Path Identifiers as received).
pub fn update_message(version: JsonVersion, update: &Update, negotiated: &Negotiated) -> String {
    update_message_for(version, update, negotiated, Direction::Decoded)
}

/// One route as ExaBGP sorts it: family, next hop (announcements only), NLRI.
struct Route<'a> {
    family: Family,
    next_hop: Option<String>,
    nlri: &'a Nlri,
}

/// The `"message": { … }` member for a message that went in `direction`.
pub fn update_message_for(
    version: JsonVersion,
    update: &Update,
    negotiated: &Negotiated,
    direction: Direction,
) -> String {
    if let Some(family) = update.end_of_rib() {
        return format!(
            "\"message\": {{ \"eor\": {{ \"afi\" : \"{}\", \"safi\" : \"{}\" }} }}",
            family.afi.name(),
            family.safi.name()
        );
    }
    let with_path_information = |family: Family| match direction {
        Direction::Send => negotiated.path_id_on_send(family),
        Direction::Receive | Direction::Decoded => negotiated.path_id_on_receive(family),
    };
    let withdraw_announced = direction == Direction::Receive && update.treat_as_withdraw();

    let mut announced: Vec<Route<'_>> = Vec::new();
    let mut withdrawn: Vec<Route<'_>> = Vec::new();
    for nlri in &update.withdrawn {
        withdrawn.push(Route {
            family: nlri.family(),
            next_hop: None,
            nlri,
        });
    }
    let classic_next_hop = update
        .attributes
        .next_hop
        .map_or_else(|| NO_NEXT_HOP.to_string(), |address| address.to_string());
    let mp_reach = update.mp_reach.iter().flat_map(|reach| {
        let next_hop = next_hop_key(&reach.next_hop);
        reach.nlri.iter().map(move |nlri| (nlri, next_hop.clone()))
    });
    let mp_unreach = update
        .mp_unreach
        .iter()
        .flat_map(|unreach| unreach.nlri.iter());
    let classic = update
        .announced
        .iter()
        .map(|nlri| (nlri, classic_next_hop.clone()));
    // ExaBGP's order: Withdrawn Routes, NLRI field, MP_UNREACH_NLRI, MP_REACH_NLRI.
    let mut announcements: Vec<(&Nlri, String)> = classic.collect();
    for nlri in mp_unreach {
        withdrawn.push(Route {
            family: nlri.family(),
            next_hop: None,
            nlri,
        });
    }
    announcements.extend(mp_reach);
    for (nlri, next_hop) in announcements {
        let route = Route {
            family: nlri.family(),
            next_hop: Some(next_hop),
            nlri,
        };
        if withdraw_announced {
            withdrawn.push(route);
        } else {
            announced.push(route);
        }
    }

    let render = |route: &Route<'_>| {
        // Only flow routes show their next hop inside the NLRI object, and only a real one.
        let next_hop = route
            .next_hop
            .as_deref()
            .filter(|next_hop| *next_hop != NO_NEXT_HOP && is_flow(route.family));
        nlri_with_next_hop(
            version,
            route.nlri,
            with_path_information(route.family),
            next_hop,
        )
    };

    let mut parts: Vec<String> = Vec::new();
    if !announced.is_empty() {
        let families: Vec<String> = group_by(&announced, |route| route.family)
            .into_iter()
            .map(|(family, routes)| {
                let next_hops: Vec<String> =
                    group_by(&routes, |route| route.next_hop.clone().unwrap_or_default())
                        .into_iter()
                        .map(|(next_hop, routes)| {
                            let objects: Vec<String> =
                                routes.iter().map(|route| render(route)).collect();
                            format!("\"{next_hop}\": [ {} ]", objects.join(", "))
                        })
                        .collect();
                format!("\"{family}\": {{ {} }}", next_hops.join(", "))
            })
            .collect();
        parts.push(format!("\"announce\": {{ {} }}", families.join(", ")));
    }
    if !withdrawn.is_empty() {
        let families: Vec<String> = group_by(&withdrawn, |route| route.family)
            .into_iter()
            .map(|(family, routes)| {
                let objects: Vec<String> = routes.iter().map(|route| render(route)).collect();
                format!("\"{family}\": [ {} ]", objects.join(", "))
            })
            .collect();
        parts.push(format!("\"withdraw\": {{ {} }}", families.join(", ")));
    }
    let attribute_members = attributes(version, &update.attributes, &update.problems);
    // ExaBGP shows the object whenever it kept an attribute, NEXT_HOP alone included
    // (`"attribute": {  }`).
    if !attribute_members.is_empty() || update.attributes.next_hop.is_some() {
        parts.insert(0, format!("\"attribute\": {{ {attribute_members} }}"));
    }
    format!("\"message\": {{ \"update\": {{ {} }} }}", parts.join(", "))
}

/// ExaBGP's key for routes without a next hop (flow routes, NLRI without NEXT_HOP).
const NO_NEXT_HOP: &str = "no-nexthop";

/// The `"announce"` key of an MP_REACH_NLRI next hop.
///
/// For an IPv6 global + link-local pair ExaBGP lists every route twice, once under each
/// address; we list it once, under the global address (see docs/compatibility.md).
fn next_hop_key(next_hop: &NextHop) -> String {
    match next_hop {
        NextHop::None => NO_NEXT_HOP.to_string(),
        NextHop::Ipv4(address) => address.to_string(),
        NextHop::Ipv6 { global, .. } => global.to_string(),
        // Only for families not parsed here; ExaBGP's key for a next hop it cannot show.
        NextHop::Other(_) => "null".to_string(),
    }
}

fn is_flow(family: Family) -> bool {
    matches!(family.safi, Safi::Flowspec | Safi::FlowspecVpn)
}

/// Groups `items` by `key`, groups in order of first appearance, items in order.
fn group_by<'a, T, K: PartialEq>(items: &'a [T], key: impl Fn(&T) -> K) -> Vec<(K, Vec<&'a T>)> {
    let mut groups: Vec<(K, Vec<&'a T>)> = Vec::new();
    for item in items {
        let item_key = key(item);
        match groups
            .iter_mut()
            .find(|(group_key, _)| *group_key == item_key)
        {
            Some((_, members)) => members.push(item),
            None => groups.push((item_key, vec![item])),
        }
    }
    groups
}

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;
