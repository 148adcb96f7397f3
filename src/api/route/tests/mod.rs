//! Tests of the route grammar: every example line of the reference (§2.4–2.8) with the route
//! it must give, bad lines with the exact error, property tests (round trip through `Display`,
//! no panic on any text), and UPDATEs built from parsed routes compared with what ExaBGP sent
//! for the same lines (tests/corpus/exabgp).

mod errors;
mod exabgp_corpus;
mod examples;
mod properties;
mod written;

use super::*;
use crate::wire::attribute::{
    Administrator, Aggregator, AsPath, AsPathSegment, Community, ExtendedCommunity, LargeCommunity,
    Origin, SegmentKind,
};
use crate::wire::nlri::{Label, Prefix, PrefixNlri, RouteDistinguisher};

pub(super) fn prefix(text: &str) -> Prefix {
    text.parse().expect("test prefix")
}

pub(super) fn address(text: &str) -> IpAddr {
    text.parse().expect("test address")
}

/// A unicast route with nothing but a next hop.
pub(super) fn unicast(prefix_text: &str, next_hop: &str) -> Route {
    Route {
        nlri: Nlri::Unicast(PrefixNlri::new(prefix(prefix_text))),
        next_hop: RouteNextHop::Address(address(next_hop)),
        attributes: Attributes::default(),
        name: None,
        watchdog: None,
        withdrawn: false,
    }
}

/// Parses, checks that each route's text reads back to it, returns the routes.
pub(super) fn parse_checked(line: &str, action: Action) -> Vec<Route> {
    let parse = |text: &str| match action {
        Action::Announce => parse_announcement(text),
        Action::Withdraw => parse_withdrawal(text),
    };
    let routes = parse(line).unwrap_or_else(|error| panic!("{line}: {error:?}"));
    for route in &routes {
        let text = route.to_string();
        assert_eq!(parse(&text), Ok(vec![route.clone()]), "{line} -> {text}");
    }
    routes
}

#[test]
fn full_values_of_the_first_reference_example() {
    let line = "route 10.1.0.0/24 next-hop 10.0.0.1 origin igp as-path [ 65001 65010 ] med 10 \
                local-preference 200 community [ 65001:100 no-export ] large-community [ 65001:1:2 ] \
                extended-community [ target:65001:10 origin:1.2.3.4:5 ] aggregator ( 65001:10.0.0.1 ) \
                atomic-aggregate originator-id 10.0.0.9 cluster-list [ 10.0.0.8 10.0.0.7 ]";
    let mut expected = unicast("10.1.0.0/24", "10.0.0.1");
    let attributes = &mut expected.attributes;
    attributes.origin = Some(Origin::Igp);
    attributes.as_path = Some(AsPath {
        segments: vec![AsPathSegment {
            kind: SegmentKind::Sequence,
            numbers: vec![65001, 65010],
        }],
    });
    attributes.med = Some(10);
    attributes.local_preference = Some(200);
    attributes.communities = vec![Community(0xFDE9_0064), Community(0xFFFF_FF01)];
    attributes.large_communities = vec![LargeCommunity {
        global_administrator: 65001,
        local_data_part_1: 1,
        local_data_part_2: 2,
    }];
    attributes.extended_communities = vec![
        ExtendedCommunity::RouteTarget(Administrator::TwoOctetAs {
            asn: 65001,
            number: 10,
        }),
        ExtendedCommunity::RouteOrigin(Administrator::Ipv4 {
            address: "1.2.3.4".parse().expect("address"),
            number: 5,
        }),
    ];
    attributes.aggregator = Some(Aggregator {
        asn: 65001,
        address: "10.0.0.1".parse().expect("address"),
    });
    attributes.atomic_aggregate = true;
    attributes.originator_id = Some("10.0.0.9".parse().expect("address"));
    attributes.cluster_list = vec![
        "10.0.0.8".parse().expect("address"),
        "10.0.0.7".parse().expect("address"),
    ];
    assert_eq!(parse_checked(line, Action::Announce), vec![expected]);
}

#[test]
fn full_values_of_vpn_and_labelled_examples() {
    let routes = parse_checked(
        "route 1.4.0.0/16 rd 65000:1 next-hop 101.1.101.1 community 100:1 extended-community 0x0002FDE900000001 label 1000",
        Action::Announce,
    );
    let mut expected = unicast("1.4.0.0/16", "101.1.101.1");
    expected.nlri = Nlri::Vpn(crate::wire::nlri::VpnNlri {
        path_id: None,
        labels: vec![Label::new(1000)],
        route_distinguisher: RouteDistinguisher::As2 {
            administrator: 65000,
            assigned: 1,
        },
        prefix: prefix("1.4.0.0/16"),
    });
    expected.attributes.communities = vec![Community((100 << 16) | 1)];
    expected.attributes.extended_communities =
        vec![ExtendedCommunity::RouteTarget(Administrator::TwoOctetAs {
            asn: 65001,
            number: 1,
        })];
    assert_eq!(routes, vec![expected.clone()]);
    assert_eq!(routes[0].family().to_string(), "ipv4 mpls-vpn");

    let routes = parse_checked(
        "route 10.30.5.0/24 next-hop 192.0.2.30 label [ 301 302 ]",
        Action::Announce,
    );
    let Nlri::Labelled(nlri) = &routes[0].nlri else {
        panic!("labelled")
    };
    assert_eq!(
        nlri.labels,
        vec![
            Label {
                value: 301,
                traffic_class: 0,
                bottom_of_stack: false
            },
            Label::new(302)
        ]
    );
    assert_eq!(routes[0].family().to_string(), "ipv4 nlri-mpls");
}

#[test]
fn next_hops_on_the_wire() {
    let local = address("192.0.2.1");
    let route = &parse_checked("route 10.2.0.0/24 next-hop self", Action::Announce)[0];
    assert_eq!(route.next_hop, RouteNextHop::SelfAddress);
    assert_eq!(
        route.wire_next_hop(local),
        NextHop::Ipv4("192.0.2.1".parse().expect("address"))
    );
    let route = &parse_checked("route 10.99.0.0/24", Action::Withdraw)[0];
    assert_eq!(
        route.wire_next_hop(local),
        NextHop::Ipv4(std::net::Ipv4Addr::UNSPECIFIED)
    );
    let route = &parse_checked(
        "flow route destination 10.0.0.0/8 discard",
        Action::Announce,
    )[0];
    assert_eq!(route.wire_next_hop(local), NextHop::None);
    assert_eq!(route.mp_reach(local).family.to_string(), "ipv4 flow");
    let route = &parse_checked("route 2001:db8::/32 next-hop 2001:db8::1", Action::Announce)[0];
    assert_eq!(
        route.wire_next_hop(local),
        NextHop::Ipv6 {
            global: "2001:db8::1".parse().expect("address"),
            link_local: None
        }
    );
}
