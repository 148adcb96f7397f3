//! `show adj-rib in|out [extensive] [inet|flow|l2vpn] [<ip>] [json]`: the lines ExaBGP 5.0
//! prints for one neighbor's Adj-RIB-In or Adj-RIB-Out (reference §2.3), from the routes its
//! peer task lists. Pure: the hub asks the peers and sends the answer.
//!
//! - plain: `127.0.0.1 ipv4 unicast 10.1.0.0/24 next-hop 10.0.0.1`
//! - `extensive`: the neighbor's selector key (`neighbor 127.0.0.1 local-ip 127.0.0.1 local-as
//!   65001 peer-as 65002 router-id 10.0.0.1 family-allowed in-open`), the family, the route
//!   and its attributes in ExaBGP's text form.
//! - `json` (ExaBGP's default "v1" format): `{"127.0.0.1": {"routes": [{"prefix":
//!   "10.1.0.0/24", "family": "ipv4 unicast"}]}}`, one line per route that has a prefix (flow
//!   and VPLS routes are left out, as ExaBGP does).

use crate::api::command::RouteKindFilter;
use crate::api::json::JsonVersion;
use crate::api::text::update::{attributes_text, nlri_text};
use crate::config::Neighbor;
use crate::rib::Route;
use crate::wire::nlri::Nlri;

/// What the command asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShowOptions {
    pub extensive: bool,
    pub kind: Option<RouteKindFilter>,
    pub json: bool,
}

/// Whether `nlri` is of the kind asked for (every kind without a filter).
pub fn of_kind(nlri: &Nlri, kind: Option<RouteKindFilter>) -> bool {
    match kind {
        None => true,
        Some(RouteKindFilter::Inet) => matches!(
            nlri,
            Nlri::Unicast(_) | Nlri::Multicast(_) | Nlri::Labelled(_) | Nlri::Vpn(_)
        ),
        Some(RouteKindFilter::Flow) => matches!(nlri, Nlri::Flowspec(_)),
        Some(RouteKindFilter::L2vpn) => matches!(nlri, Nlri::Vpls(_) | Nlri::Evpn(_)),
    }
}

/// ExaBGP's key of a neighbor, as `extensive` prints it and selectors match it.
pub fn neighbor_key(neighbor: &Neighbor) -> String {
    let local = neighbor
        .local_address
        .map_or_else(|| "auto".to_owned(), |address| address.to_string());
    format!(
        "neighbor {} local-ip {local} local-as {} peer-as {} router-id {} family-allowed in-open",
        neighbor.address, neighbor.local_as, neighbor.peer_as, neighbor.router_id
    )
}

/// The lines for one neighbor's routes.
pub fn lines(neighbor: &Neighbor, routes: &[Route], options: ShowOptions) -> Vec<String> {
    let key = options.extensive.then(|| neighbor_key(neighbor));
    routes
        .iter()
        .filter(|route| of_kind(&route.nlri, options.kind))
        .filter_map(|route| {
            let family = route.nlri.family();
            if options.json {
                let prefix = match &route.nlri {
                    Nlri::Unicast(nlri) | Nlri::Multicast(nlri) => nlri.prefix.to_string(),
                    Nlri::Labelled(nlri) => nlri.prefix.to_string(),
                    Nlri::Vpn(nlri) => nlri.prefix.to_string(),
                    _ => return None,
                };
                return Some(format!(
                    "{{\"{}\": {{\"routes\": [{{\"prefix\": \"{prefix}\", \"family\": \"{family}\"}}]}}}}",
                    neighbor.address
                ));
            }
            let route_text = nlri_text(&route.nlri, Some(&route.next_hop));
            Some(match &key {
                Some(key) => format!(
                    "{key} {family} {route_text}{}",
                    attributes_text(JsonVersion::V5, &route.attributes)
                ),
                None => format!("{} {family} {route_text}", neighbor.address),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rib::AttributeStore;

    fn neighbor_and_routes() -> (Neighbor, Vec<Route>) {
        let source = r#"
router-id "10.0.0.1"
local-as 65001
neighbor "127.0.0.1" {
    peer-as 65002
    local-address "127.0.0.1"
    family { ipv4 "unicast"; ipv4 "flow" }
    announce {
        route "10.1.0.0/24 next-hop 10.0.0.1 med 10"
        flow "route { match { destination 192.0.2.0/24; } then { discard; } }"
    }
}
"#;
        let config = crate::config::decode("t.kdl", source).expect("valid");
        let neighbor = config.neighbors[0].clone();
        let mut store = AttributeStore::new();
        let mut routes = super::super::routes::static_routes(&neighbor, None, &mut store).routes;
        routes.sort_by(|left, right| left.nlri.cmp(&right.nlri));
        (neighbor, routes)
    }

    #[test]
    fn plain_extensive_and_json_lines() {
        let (neighbor, routes) = neighbor_and_routes();
        let plain = ShowOptions {
            extensive: false,
            kind: None,
            json: false,
        };
        let shown = lines(&neighbor, &routes, plain);
        assert!(
            shown.contains(&"127.0.0.1 ipv4 unicast 10.1.0.0/24 next-hop 10.0.0.1".to_owned()),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|line| line
                    .starts_with("127.0.0.1 ipv4 flow flow destination-ipv4 192.0.2.0/24")),
            "{shown:?}"
        );
        let inet = lines(
            &neighbor,
            &routes,
            ShowOptions {
                kind: Some(RouteKindFilter::Inet),
                ..plain
            },
        );
        assert_eq!(
            inet,
            vec!["127.0.0.1 ipv4 unicast 10.1.0.0/24 next-hop 10.0.0.1"]
        );
        let extensive = lines(
            &neighbor,
            &routes,
            ShowOptions {
                extensive: true,
                kind: Some(RouteKindFilter::Inet),
                ..plain
            },
        );
        assert_eq!(
            extensive,
            vec![
                "neighbor 127.0.0.1 local-ip 127.0.0.1 local-as 65001 peer-as 65002 router-id \
                 10.0.0.1 family-allowed in-open ipv4 unicast 10.1.0.0/24 next-hop 10.0.0.1 \
                 origin igp as-path ( 65001 ) med 10"
            ]
        );
        let json = lines(
            &neighbor,
            &routes,
            ShowOptions {
                json: true,
                ..plain
            },
        );
        assert_eq!(
            json,
            vec![
                r#"{"127.0.0.1": {"routes": [{"prefix": "10.1.0.0/24", "family": "ipv4 unicast"}]}}"#
            ]
        );
    }
}
