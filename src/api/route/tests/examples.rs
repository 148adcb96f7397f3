//! Every example line of the reference (§2.4–2.8) and the corpus capture, with the canonical
//! text of each route it gives (the canonical text reads back to the same value, so it states
//! the value exactly).

use super::{Action, parse_checked};

/// (line, announce or withdraw, canonical text of each route).
const EXAMPLES: &[(&str, Action, &[&str])] = &[
    // §2.4
    (
        "route 10.1.0.0/24 next-hop 10.0.0.1 origin igp as-path [ 65001 65010 ] med 10 local-preference 200 community [ 65001:100 no-export ] large-community [ 65001:1:2 ] extended-community [ target:65001:10 origin:1.2.3.4:5 ] aggregator ( 65001:10.0.0.1 ) atomic-aggregate originator-id 10.0.0.9 cluster-list [ 10.0.0.8 10.0.0.7 ]",
        Action::Announce,
        &[
            "route 10.1.0.0/24 next-hop 10.0.0.1 origin igp as-path [ 65001 65010 ] med 10 local-preference 200 atomic-aggregate aggregator ( 65001:10.0.0.1 ) community [ 65001:100 no-export ] originator-id 10.0.0.9 cluster-list [ 10.0.0.8 10.0.0.7 ] extended-community [ target:65001:10 origin:1.2.3.4:5 ] large-community [ 65001:1:2 ]",
        ],
    ),
    (
        "route 10.2.0.0/24 next-hop self path-information 1.2.3.4",
        Action::Announce,
        &["route 10.2.0.0/24 path-information 16909060 next-hop self"],
    ),
    (
        "route 10.3.0.0/23 next-hop 10.0.0.1 split /24",
        Action::Announce,
        &[
            "route 10.3.0.0/24 next-hop 10.0.0.1",
            "route 10.3.1.0/24 next-hop 10.0.0.1",
        ],
    ),
    (
        "route 10.1.0.0/24 next-hop 10.0.0.1 as-path [ 65001 ] ( 65020 65021 )",
        Action::Announce,
        &["route 10.1.0.0/24 next-hop 10.0.0.1 as-path [ 65001 ] ( 65020 65021 )"],
    ),
    (
        "route 10.6.0.0/24 rd 65001:1 label 100 next-hop 10.0.0.1 extended-community [ target:65001:1 ]",
        Action::Announce,
        &[
            "route 10.6.0.0/24 rd 65001:1 label [ 100 ] next-hop 10.0.0.1 extended-community [ target:65001:1 ]",
        ],
    ),
    (
        "route 10.7.0.0/24 label [ 200 ] next-hop 10.0.0.1",
        Action::Announce,
        &["route 10.7.0.0/24 label [ 200 ] next-hop 10.0.0.1"],
    ),
    (
        "route 10.8.0.0/24 next-hop 10.0.0.1 aigp 100 attribute [ 0x63 0xc0 0x0102 ]",
        Action::Announce,
        &["route 10.8.0.0/24 next-hop 10.0.0.1 aigp 100 attribute [ 0x63 0xC0 0x0102 ]"],
    ),
    (
        "route 1.4.0.0/16 rd 65000:1 next-hop 101.1.101.1 community 100:1 extended-community 0x0002FDE900000001 label 1000",
        Action::Announce,
        &[
            "route 1.4.0.0/16 rd 65000:1 label [ 1000 ] next-hop 101.1.101.1 community [ 100:1 ] extended-community [ target:65001:1 ]",
        ],
    ),
    (
        "route 2001:db8::/32 next-hop 2001:db8::1",
        Action::Announce,
        &["route 2001:db8::/32 next-hop 2001:db8::1"],
    ),
    (
        "route 1.2.3.4 next-hop 5.6.7.8",
        Action::Announce,
        &["route 1.2.3.4/32 next-hop 5.6.7.8"],
    ),
    (
        "route 10.2.0.0/24 path-information 1.2.3.4",
        Action::Withdraw,
        &["route 10.2.0.0/24 path-information 16909060"],
    ),
    (
        "route 1.1.0.0/25 next-hop 0.0.0.0",
        Action::Withdraw,
        &["route 1.1.0.0/25 next-hop 0.0.0.0"],
    ),
    (
        "route 1.4.0.0/16 rd 65000:1 next-hop 101.1.101.1 community 100:1 extended-community 0x0002FDE900000001 label 1000",
        Action::Withdraw,
        &[
            "route 1.4.0.0/16 rd 65000:1 label [ 1000 ] next-hop 101.1.101.1 community [ 100:1 ] extended-community [ target:65001:1 ]",
        ],
    ),
    (
        "route 198.51.100.101/32 next-hop 198.51.100.2 label [ 800002 ] bgp-prefix-sid [ 300, [ ( 800000,4096 ), ( 1000000,5000 ) ] ]",
        Action::Announce,
        &[
            "route 198.51.100.101/32 label [ 800002 ] next-hop 198.51.100.2 bgp-prefix-sid [ 300, [ ( 800000,4096 ), ( 1000000,5000 ) ] ]",
        ],
    ),
    (
        "route 77.77.77.77 next-hop 1.2.3.4 watchdog dnsr withdraw",
        Action::Announce,
        &["route 77.77.77.77/32 next-hop 1.2.3.4 watchdog dnsr withdraw"],
    ),
    // the configuration's block form
    (
        "route 10.30.0.0/24 { next-hop 192.0.2.30; origin egp; med 30; }",
        Action::Announce,
        &["route 10.30.0.0/24 next-hop 192.0.2.30 origin egp med 30"],
    ),
    (
        "route 224.1.0.0/16 next-hop 192.0.2.30",
        Action::Announce,
        &["route 224.1.0.0/16 next-hop 192.0.2.30"],
    ),
    // §2.5
    (
        "attributes med 100 next-hop 101.1.101.1 nlri 1.0.0.1/32 1.0.0.2/32",
        Action::Announce,
        &[
            "route 1.0.0.1/32 next-hop 101.1.101.1 med 100",
            "route 1.0.0.2/32 next-hop 101.1.101.1 med 100",
        ],
    ),
    (
        "attributes local-preference 200 as-path [ 1 2 3 4 ] next-hop 202.2.202.2 nlri 2.0.0.1/32 2.0.0.2/32",
        Action::Announce,
        &[
            "route 2.0.0.1/32 next-hop 202.2.202.2 as-path [ 1 2 3 4 ] local-preference 200",
            "route 2.0.0.2/32 next-hop 202.2.202.2 as-path [ 1 2 3 4 ] local-preference 200",
        ],
    ),
    (
        "attributes path-information 1.2.3.4 next-hop 10.11.12.13 community [14:15] local-preference 16 nlri 16.17.18.19/32 20.21.22.23/32",
        Action::Announce,
        &[
            "route 16.17.18.19/32 path-information 16909060 next-hop 10.11.12.13 local-preference 16 community [ 14:15 ]",
            "route 20.21.22.23/32 path-information 16909060 next-hop 10.11.12.13 local-preference 16 community [ 14:15 ]",
        ],
    ),
    (
        "attribute route-distinguisher 63333:100 label [ 110 ] next-hop 10.0.99.12 origin igp as-path [100, 500] local-preference 100 extended-community 0:0 originator-id 10.0.99.12 nlri 128.0.64.0/18 128.0.0.0/18",
        Action::Announce,
        &[
            "route 128.0.64.0/18 rd 63333:100 label [ 110 ] next-hop 10.0.99.12 origin igp as-path [ 100 500 ] local-preference 100 originator-id 10.0.99.12 extended-community [ target:0:0 ]",
            "route 128.0.0.0/18 rd 63333:100 label [ 110 ] next-hop 10.0.99.12 origin igp as-path [ 100 500 ] local-preference 100 originator-id 10.0.99.12 extended-community [ target:0:0 ]",
        ],
    ),
    // §2.6
    (
        "ipv4 unicast 10.0.1.0/24 next-hop 10.0.1.254 local-preference 200",
        Action::Announce,
        &["route 10.0.1.0/24 next-hop 10.0.1.254 local-preference 200"],
    ),
    (
        "ipv6 unicast fc00:1::/64 next-hop 2001::11 local-preference 200",
        Action::Withdraw,
        &["route fc00:1::/64 next-hop 2001::11 local-preference 200"],
    ),
    (
        "ipv4 multicast 10.40.0.0/24 next-hop 192.0.2.1",
        Action::Announce,
        &["ipv4 multicast 10.40.0.0/24 next-hop 192.0.2.1"],
    ),
    (
        "ipv4 unicast 224.0.0.0/4 next-hop 192.0.2.1",
        Action::Announce,
        &["ipv4 unicast 224.0.0.0/4 next-hop 192.0.2.1"],
    ),
    (
        "ipv4 nlri-mpls 10.30.6.0/24 next-hop 192.0.2.30 label [ 600 ]",
        Action::Announce,
        &["route 10.30.6.0/24 label [ 600 ] next-hop 192.0.2.30"],
    ),
    (
        "ipv6 nlri-mpls 2001:db8:33::/48",
        Action::Withdraw,
        &["ipv6 nlri-mpls 2001:db8:33::/48"],
    ),
    (
        "ipv4 mpls-vpn 10.0.0.0/8 rd 1.2.3.4:5",
        Action::Withdraw,
        &["ipv4 mpls-vpn 10.0.0.0/8 rd 1.2.3.4:5"],
    ),
    (
        "ipv6 flow destination-port =53 discard",
        Action::Announce,
        &["ipv6 flow destination-port =53 discard"],
    ),
    (
        "ipv4 flow-vpn rd 65000:1 destination 10.0.0.0/8 discard",
        Action::Announce,
        &["flow route rd 65000:1 destination-ipv4 10.0.0.0/8 discard"],
    ),
    // §2.7
    (
        "flow route { match { source 10.0.0.1/32; destination 192.0.2.0/24; destination-port =80; protocol tcp; } then { discard; } }",
        Action::Announce,
        &[
            "flow route destination-ipv4 192.0.2.0/24 source-ipv4 10.0.0.1/32 protocol =tcp destination-port =80 discard",
        ],
    ),
    (
        "flow route source 10.0.0.2/32 destination-port >1024&<2000 rate-limit 9600",
        Action::Announce,
        &["flow route source-ipv4 10.0.0.2/32 destination-port >1024&<2000 rate-limit 9600"],
    ),
    (
        "flow route destination 133.130.1.19/32 interface-set [ transitive:input:1234:10 ] discard",
        Action::Announce,
        &[
            "flow route destination-ipv4 133.130.1.19/32 interface-set transitive:input:1234:10 discard",
        ],
    ),
    (
        "flow route { match { source 6.6.6.6/32; } scope { interface-set [ non-transitive:input:3405770241:1 ]; } then { discard; } }",
        Action::Announce,
        &[
            "flow route source-ipv4 6.6.6.6/32 interface-set non-transitive:input:3405770241:1 discard",
        ],
    ),
    (
        "flow route { match { source 0.0.0.0/32; destination 0.0.0.0/32; destination-port =3128; protocol tcp; } }",
        Action::Withdraw,
        &[
            "flow route destination-ipv4 0.0.0.0/32 source-ipv4 0.0.0.0/32 protocol =tcp destination-port =3128",
        ],
    ),
    (
        "flow route destination-port [ =80 =3128 >8080&<8088 ] tcp-flags [ syn+ack !=fin ] fragment [ !is-fragment first-fragment ] redirect 65000:100",
        Action::Announce,
        &[
            "flow route destination-port [ =80 =3128 >8080&<8088 ] tcp-flags [ syn+ack !=fin ] fragment [ !is-fragment first-fragment ] extended-community [ redirect:65000:100 ]",
        ],
    ),
    (
        "flow route f1 { rd 65030:6; next-hop 192.0.2.1; match { destination 2001:db8::/32/8; next-header udp; icmp-type echo-request; icmp-code 0; packet-length >=100; traffic-class !=3; flow-label 12345; } then { redirect-to-nexthop; mark 10; action sample; community [ 65000:1 ]; } }",
        Action::Announce,
        &[
            "flow route rd 65030:6 next-hop 192.0.2.1 destination-ipv6 1:db8::/32/8 next-header =udp icmp-type =echo-request icmp-code =0 packet-length >=100 traffic-class !=3 flow-label =12345 action sample mark 10 community [ 65000:1 ] extended-community [ redirect-to-nexthop ] name f1",
        ],
    ),
    (
        "flow route source 10.0.0.0/8 redirect 2001:db8::1 rate-limit 1000 packets",
        Action::Announce,
        &[
            "flow route next-hop 2001:db8::1 source-ipv4 10.0.0.0/8 rate-limit 1000 packets extended-community [ redirect-to-nexthop ]",
        ],
    ),
    (
        "flow route source 10.0.0.0/8 copy 192.0.2.7 redirect 1.2.3.4:5 redirect-to-nexthop-ietf 2001:db8::9",
        Action::Announce,
        &[
            "flow route copy 192.0.2.7 source-ipv4 10.0.0.0/8 redirect-to-nexthop-ietf 2001:db8::9 extended-community [ redirect:1.2.3.4:5 ]",
        ],
    ),
    (
        "flow route destination 10.0.0.0/8 port true dscp false",
        Action::Announce,
        &["flow route destination-ipv4 10.0.0.0/8 port true dscp false"],
    ),
    // the bits before an IPv6 offset are not matched: they are kept as zero
    (
        "flow route destination ::/0 source 2001:db8::/32/16",
        Action::Announce,
        &["flow route destination-ipv6 ::/0/0 source-ipv6 0:db8::/32/16"],
    ),
    // §2.8
    (
        "vpls endpoint 5 base 10702 offset 1 size 8 rd 192.168.201.1:123 next-hop 192.168.201.1 origin igp as-path [ 30740 30740 30740 30740 30740 30740 30740 ] local-preference 100 med 2000 community [ 54591:123] extended-community [ target:54591:6 l2info:19:0:1500:111] originator-id 192.168.22.1 cluster-list [ 3.3.3.3 192.168.201.1 ]",
        Action::Announce,
        &[
            "vpls endpoint 5 base 10702 offset 1 size 8 rd 192.168.201.1:123 next-hop 192.168.201.1 origin igp as-path [ 30740 30740 30740 30740 30740 30740 30740 ] med 2000 local-preference 100 community [ 54591:123 ] originator-id 192.168.22.1 cluster-list [ 3.3.3.3 192.168.201.1 ] extended-community [ target:54591:6 l2info:19:0:1500:111 ]",
        ],
    ),
    (
        "vpls endpoint 5 base 10702 offset 1 size 8 rd 192.168.201.1:123 next-hop 192.168.201.1",
        Action::Withdraw,
        &["vpls endpoint 5 base 10702 offset 1 size 8 rd 192.168.201.1:123 next-hop 192.168.201.1"],
    ),
    (
        "vpls site1 { endpoint 5; base 10702; offset 1; size 8; rd 192.0.2.30:123; next-hop 192.0.2.30; extended-community [ target:65030:7 ]; }",
        Action::Announce,
        &[
            "vpls endpoint 5 base 10702 offset 1 size 8 rd 192.0.2.30:123 next-hop 192.0.2.30 extended-community [ target:65030:7 ] name site1",
        ],
    ),
    // ExaBGP's normalisation: glued brackets, commas, case, quotes, trailing `;`
    (
        "ROUTE 10.0.0.0/24 Next-Hop 10.0.0.1 community [65001:1,NO_EXPORT] as-path [65001,65002] aggregator (65001:10.0.0.1) name \"my route\";",
        Action::Announce,
        &[
            "route 10.0.0.0/24 next-hop 10.0.0.1 as-path [ 65001 65002 ] aggregator ( 65001:10.0.0.1 ) community [ 65001:1 no-export ] name \"my route\"",
        ],
    ),
    (
        "route 10.0.0.0/24 next-hop 10.0.0.1 as-path [ { 65001 65002 } ] ( { 65003 } ) extended-community [ target:4200000001:7 origin:65001L:2 redirect-to-nexthop bandwidth:65001:1.5 ]",
        Action::Announce,
        &[
            "route 10.0.0.0/24 next-hop 10.0.0.1 as-path [ { 65001 65002 } ] ( { 65003 } ) extended-community [ target:4200000001:7 origin:65001L:2 redirect-to-nexthop bandwidth:65001:1.5 ]",
        ],
    ),
];

#[test]
fn every_reference_example_parses_to_its_routes() {
    let mut wrong = Vec::new();
    for (line, action, expected) in EXAMPLES {
        let texts: Vec<String> = parse_checked(line, *action)
            .iter()
            .map(ToString::to_string)
            .collect();
        if texts != *expected {
            wrong.push(format!("{line}\n  gives {texts:?}\n  not   {expected:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
