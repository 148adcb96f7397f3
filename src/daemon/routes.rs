//! Routes for a peer's Adj-RIB-Out, from the grammar's [`api::route::Route`]: `next-hop self`
//! resolved to the session's local address, the session's default attributes filled in as
//! ExaBGP does ([`session_defaults`]), attributes interned once for every peer.
//!
//! Pure: the hub decides when to (re)compute and send them. Must not talk to peer tasks.
//!
//! [`api::route::Route`]: crate::api::route::Route

use std::net::IpAddr;

use crate::api::route::{Route as GrammarRoute, RouteNextHop};
use crate::config::{Neighbor, StaticRoute};
use crate::rib::{AttributeStore, Route};
use crate::wire::attribute::{AsPath, Attributes, Origin};

/// LOCAL_PREF of an iBGP route that gives none (ExaBGP's default, and most routers').
pub const DEFAULT_LOCAL_PREFERENCE: u32 = 100;

/// The attributes as sent on a session from `local_as` to `peer_as`, with ExaBGP's defaults
/// for what the route leaves out: ORIGIN IGP; AS_PATH empty on iBGP and our AS alone on
/// eBGP; LOCAL_PREF 100 on iBGP. LOCAL_PREF is removed on eBGP (RFC 4271 §5.1.5: "A BGP
/// speaker MUST NOT include this attribute in UPDATE messages it sends to external peers").
///
/// RFC 4271 §5.1.2: "When a given BGP speaker advertises the route to an external peer, the
/// advertising speaker updates the AS_PATH attribute" — for a route given without AS_PATH,
/// that is our AS; a route given with one is sent as written (ExaBGP's rule: the helper
/// decides).
pub fn session_defaults(attributes: &Attributes, local_as: u32, peer_as: u32) -> Attributes {
    let internal = local_as == peer_as;
    let mut result = attributes.clone();
    result.origin.get_or_insert(Origin::Igp);
    result.as_path.get_or_insert_with(|| {
        if internal {
            AsPath::default()
        } else {
            AsPath::sequence(vec![local_as])
        }
    });
    if internal {
        result
            .local_preference
            .get_or_insert(DEFAULT_LOCAL_PREFERENCE);
    } else {
        result.local_preference = None;
    }
    result
}

/// A neighbor's static routes, ready for its Adj-RIB-Out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticRoutes {
    pub routes: Vec<Route>,
    /// Routes left out because they say `next-hop self` and the session's local address is
    /// not known yet (no `local-address` and no route to the neighbor).
    pub waiting_for_local_address: usize,
    /// Routes configured `withdrawn=#true`, left out until a watchdog announces them.
    pub withdrawn: usize,
}

/// The rib form of one grammar route for `neighbor`, on a session whose local address is
/// `self_address`; `None` when it needs `next-hop self` and the address is unknown.
pub fn resolve(
    route: &GrammarRoute,
    neighbor: &Neighbor,
    self_address: Option<IpAddr>,
    store: &mut AttributeStore,
) -> Option<Route> {
    let local = match (route.next_hop, self_address) {
        (RouteNextHop::SelfAddress, None) => return None,
        (_, Some(address)) => address,
        // Not used: the route carries its own next hop (or none).
        (_, None) => IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED),
    };
    Some(Route {
        nlri: route.nlri.clone(),
        attributes: store.intern(session_defaults(
            &route.attributes,
            neighbor.local_as,
            neighbor.peer_as,
        )),
        next_hop: route.wire_next_hop(local),
    })
}

/// The configured routes of `neighbor` that start announced.
pub fn static_routes(
    neighbor: &Neighbor,
    self_address: Option<IpAddr>,
    store: &mut AttributeStore,
) -> StaticRoutes {
    static_routes_watched(neighbor, self_address, store, None)
}

/// The configured routes of `neighbor` that are announced now: as [`static_routes`], except
/// that a watchdog group named in `watchdogs` is announced (`true`) or withdrawn (`false`)
/// whole, whatever its routes' `withdrawn` setting (ExaBGP's `announce|withdraw watchdog`).
pub fn static_routes_watched(
    neighbor: &Neighbor,
    self_address: Option<IpAddr>,
    store: &mut AttributeStore,
    watchdogs: Option<&std::collections::BTreeMap<String, bool>>,
) -> StaticRoutes {
    let mut routes = Vec::with_capacity(neighbor.routes.iter().map(StaticRoute::len).sum());
    let counts = each_static_route(neighbor, self_address, store, watchdogs, &mut |route| {
        routes.push(route)
    });
    StaticRoutes {
        routes,
        waiting_for_local_address: counts.waiting_for_local_address,
        withdrawn: counts.withdrawn,
    }
}

/// How many configured routes [`each_static_route`] gave, and left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StaticCounts {
    pub announced: usize,
    /// Left out: `next-hop self` with the session's local address unknown.
    pub waiting_for_local_address: usize,
    /// Left out: withdrawn (configured so, or their watchdog group withdrawn).
    pub withdrawn: usize,
}

/// Hands every configured route of `neighbor` that is announced now to `each`, one at a time
/// (a `split` entry expanded here, never held as a list): the routes of
/// [`static_routes_watched`], in the same order.
pub fn each_static_route(
    neighbor: &Neighbor,
    self_address: Option<IpAddr>,
    store: &mut AttributeStore,
    watchdogs: Option<&std::collections::BTreeMap<String, bool>>,
    each: &mut dyn FnMut(Route),
) -> StaticCounts {
    let mut counts = StaticCounts::default();
    for configured in neighbor.routes.iter() {
        let group = configured
            .watchdog
            .as_ref()
            .or(configured.route.watchdog.as_ref());
        let forced = group.and_then(|name| watchdogs.and_then(|states| states.get(name)));
        let withdrawn = match forced {
            Some(announced) => !announced,
            None => configured.withdrawn || configured.route.withdrawn,
        };
        let count = configured.len();
        if withdrawn {
            counts.withdrawn = counts.withdrawn.saturating_add(count);
            continue;
        }
        // One resolution (and one interned attribute set) for the entry; a `split` entry is
        // expanded here, its pieces differing only in their NLRI.
        match resolve(&configured.route, neighbor, self_address, store) {
            Some(route) if configured.split.is_none() => each(route),
            Some(route) => {
                for nlri in configured.nlris() {
                    each(Route {
                        nlri,
                        attributes: route.attributes.clone(),
                        next_hop: route.next_hop.clone(),
                    });
                }
            }
            None => {
                counts.waiting_for_local_address =
                    counts.waiting_for_local_address.saturating_add(count);
                continue;
            }
        }
        counts.announced = counts.announced.saturating_add(count);
    }
    counts
}

/// Whether any configured route of `neighbor` depends on the session's local address.
pub fn uses_self_address(neighbor: &Neighbor) -> bool {
    neighbor
        .routes
        .iter()
        .any(|configured| configured.route.next_hop == RouteNextHop::SelfAddress)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::route::parse_announcement;
    use crate::wire::nlri::NextHop;
    use std::net::Ipv4Addr;

    fn configured(text: &str, withdrawn: bool) -> StaticRoute {
        let route = parse_announcement(text)
            .expect("route")
            .into_iter()
            .next()
            .expect("one route");
        StaticRoute {
            route,
            split: None,
            watchdog: None,
            withdrawn,
        }
    }

    fn neighbor(routes: Vec<StaticRoute>) -> Neighbor {
        let source =
            "router-id \"192.0.2.1\"\nlocal-as 65001\nneighbor \"192.0.2.2\" { peer-as 65002 }\n";
        let mut neighbor = crate::config::decode("t.kdl", source)
            .expect("valid")
            .neighbors
            .remove(0);
        neighbor.routes = std::sync::Arc::new(routes);
        neighbor
    }

    #[test]
    fn next_hop_self_becomes_the_session_address() {
        let neighbor = neighbor(vec![
            configured("route 198.51.100.0/24 next-hop self med 5", false),
            configured("route 203.0.113.0/24 next-hop 192.0.2.9 med 5", false),
            configured("route 192.0.2.128/25 next-hop self", true),
        ]);
        let mut store = AttributeStore::new();
        let local = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1));
        let routes = static_routes(&neighbor, Some(local), &mut store);
        assert_eq!(routes.withdrawn, 1);
        assert_eq!(routes.waiting_for_local_address, 0);
        let next_hops: Vec<NextHop> = routes
            .routes
            .iter()
            .map(|route| route.next_hop.clone())
            .collect();
        assert_eq!(
            next_hops,
            vec![
                NextHop::Ipv4(Ipv4Addr::new(192, 0, 2, 1)),
                NextHop::Ipv4(Ipv4Addr::new(192, 0, 2, 9)),
            ]
        );
        // Same attributes: one interned copy.
        assert!(
            routes.routes[0]
                .attributes
                .same(&routes.routes[1].attributes)
        );
        assert!(uses_self_address(&neighbor));
    }

    #[test]
    fn next_hop_self_waits_for_an_unknown_address() {
        let neighbor = neighbor(vec![
            configured("route 198.51.100.0/24 next-hop self", false),
            configured("route 203.0.113.0/24 next-hop 192.0.2.9", false),
        ]);
        let routes = static_routes(&neighbor, None, &mut AttributeStore::new());
        assert_eq!(routes.waiting_for_local_address, 1);
        assert_eq!(routes.routes.len(), 1);
        let plain = neighbor_without_self();
        assert!(!uses_self_address(&plain));
    }

    #[test]
    fn session_defaults_follow_exabgp() {
        let bare = Attributes::default();
        let external = session_defaults(&bare, 65001, 65002);
        assert_eq!(external.origin, Some(Origin::Igp));
        assert_eq!(external.as_path, Some(AsPath::sequence(vec![65001])));
        assert_eq!(external.local_preference, None);
        let internal = session_defaults(&bare, 65001, 65001);
        assert_eq!(internal.as_path, Some(AsPath::default()));
        assert_eq!(internal.local_preference, Some(100));
        let given = Attributes {
            origin: Some(Origin::Incomplete),
            as_path: Some(AsPath::sequence(vec![65001, 65009])),
            local_preference: Some(300),
            ..Attributes::default()
        };
        let external = session_defaults(&given, 65001, 65002);
        assert_eq!(external.origin, Some(Origin::Incomplete));
        assert_eq!(external.as_path, given.as_path);
        assert_eq!(external.local_preference, None);
        assert_eq!(session_defaults(&given, 65001, 65001), given);
    }

    fn neighbor_without_self() -> Neighbor {
        neighbor(vec![configured(
            "route 203.0.113.0/24 next-hop 192.0.2.9",
            false,
        )])
    }

    #[test]
    fn watchdog_groups_are_announced_or_withdrawn_whole() {
        let source = r#"
router-id "192.0.2.1"
local-as 65001
neighbor "192.0.2.2" {
    peer-as 65002
    announce {
        route "10.0.1.0/24 next-hop 192.0.2.1" watchdog="dns"
        route "10.0.2.0/24 next-hop 192.0.2.1" watchdog="dns" withdrawn=#true
        route "10.0.3.0/24 next-hop 192.0.2.1"
    }
}
"#;
        let config = crate::config::decode("t.kdl", source).expect("valid");
        let neighbor = &config.neighbors[0];
        let mut store = AttributeStore::new();
        let prefixes = |routes: StaticRoutes| -> Vec<String> {
            routes
                .routes
                .iter()
                .map(|route| crate::api::text::update::nlri_text(&route.nlri, None))
                .collect()
        };
        let initial = static_routes(neighbor, None, &mut store);
        assert_eq!(prefixes(initial), vec!["10.0.1.0/24", "10.0.3.0/24"]);
        let mut states = std::collections::BTreeMap::new();
        states.insert("dns".to_owned(), true);
        let announced = static_routes_watched(neighbor, None, &mut store, Some(&states));
        assert_eq!(
            prefixes(announced),
            vec!["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
        );
        states.insert("dns".to_owned(), false);
        let withdrawn = static_routes_watched(neighbor, None, &mut store, Some(&states));
        assert_eq!(prefixes(withdrawn), vec!["10.0.3.0/24"]);
    }

    fn decoded_neighbor(announce: &str) -> Neighbor {
        let source = format!(
            "router-id \"192.0.2.1\"\nlocal-as 65001\nneighbor \"192.0.2.2\" {{\n    peer-as 65002\n    \
             family {{ ipv4 unicast; ipv6 unicast; }}\n    announce {{\n{announce}    }}\n}}\n"
        );
        crate::config::decode("t.kdl", &source)
            .unwrap_or_else(|diagnostics| panic!("{diagnostics:?}"))
            .neighbors
            .remove(0)
    }

    #[test]
    fn a_split_entry_gives_the_peer_the_routes_written_out_by_hand() {
        let split = decoded_neighbor(
            "        route \"10.0.0.0/22 next-hop self med 5 split /24\"\n\
             route \"10.9.0.0/31 next-hop 192.0.2.9 split /32\" watchdog=\"w\" withdrawn=#true\n\
             route \"2001:db8::/47 next-hop 2001:db8::1 split /48\"\n",
        );
        assert_eq!(split.routes.len(), 3, "one entry per line, unexpanded");
        assert_eq!(
            split
                .routes
                .iter()
                .map(StaticRoute::len)
                .collect::<Vec<_>>(),
            vec![4, 2, 2]
        );
        let mut by_hand = String::new();
        for third in 0..4 {
            by_hand.push_str(&format!(
                "        route \"10.0.{third}.0/24 next-hop self med 5\"\n"
            ));
        }
        for last in 0..2 {
            by_hand.push_str(&format!(
                "        route \"10.9.0.{last}/32 next-hop 192.0.2.9\" watchdog=\"w\" withdrawn=#true\n"
            ));
        }
        by_hand.push_str("        route \"2001:db8::/48 next-hop 2001:db8::1\"\n");
        by_hand.push_str("        route \"2001:db8:1::/48 next-hop 2001:db8::1\"\n");
        let written_out = decoded_neighbor(&by_hand);
        assert_eq!(written_out.routes.len(), 8);
        let local = Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)));
        let mut store = AttributeStore::new();
        let from_split = static_routes(&split, local, &mut store);
        let from_lines = static_routes(&written_out, local, &mut store);
        assert_eq!(from_split, from_lines);
        assert_eq!(from_split.routes.len(), 6);
        assert_eq!(from_split.withdrawn, 2);
        // The pieces of one entry share one interned attribute set.
        assert!(
            from_split.routes[0]
                .attributes
                .same(&from_split.routes[3].attributes)
        );
        let mut states = std::collections::BTreeMap::new();
        states.insert("w".to_owned(), true);
        let announced = static_routes_watched(&split, local, &mut store, Some(&states));
        let by_hand = static_routes_watched(&written_out, local, &mut store, Some(&states));
        assert_eq!(announced, by_hand);
        assert_eq!(announced.routes.len(), 8);
        let waiting = static_routes(&split, None, &mut store);
        assert_eq!(waiting.waiting_for_local_address, 4);
    }
}
