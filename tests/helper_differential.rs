//! Differential test of the helper API: each scenario (the lines a helper writes, and what
//! the BGP peer does in between) runs once under ExaBGP 5.0 and once under `ferrobgp run`,
//! against the same recording peer (tests/differential_support). The UPDATEs (and
//! NOTIFICATIONs, ROUTE-REFRESHes) the peer receives must be the same byte for byte, and the
//! helper must read the same acks and the same JSON (per-run fields removed). Where the two
//! differ on purpose (docs/compatibility.md, "Helper commands, side by side"), the scenario
//! says how, and the test checks exactly that difference.
//!
//! Scenarios run a few at a time; scenario N uses the loopback addresses 127.17.N+1.x.

mod differential_support;
mod malformed_support;
mod support;

use Step::{PeerCloses, PeerSends, Send, SessionUp, Until, Write};
use differential_support::{Compare, Outcome, Scenario, Step, run_all, same_helper, same_wire};

/// An IPv4 or IPv6 prefix as NLRI octets (length, then the significant octets).
fn nlri(text: &str) -> Vec<u8> {
    let (address, length) = text.split_once('/').expect("prefix");
    let length: u8 = length.parse().expect("length");
    let octets: Vec<u8> = match address.parse::<std::net::IpAddr>().expect("address") {
        std::net::IpAddr::V4(address) => address.octets().to_vec(),
        std::net::IpAddr::V6(address) => address.octets().to_vec(),
    };
    let mut out = vec![length];
    out.extend_from_slice(&octets[..usize::from(length).div_ceil(8)]);
    out
}

/// Peer 0 received a message with this prefix.
fn sees(prefix: &str) -> Step {
    Step::Sees(0, nlri(prefix))
}

/// The IPv4 unicast End-of-RIB marker (an empty UPDATE), from its length on.
const EOR_IPV4: &[u8] = &[0x00, 0x17, 0x02, 0, 0, 0, 0];

/// Peer 0 received an MP_REACH/MP_UNREACH (or End-of-RIB) of this family.
fn family(afi: u16, safi: u8) -> Step {
    let mut octets = afi.to_be_bytes().to_vec();
    octets.push(safi);
    Step::Sees(0, octets)
}

/// An UPDATE the peer sends: ORIGIN IGP, AS_PATH 65001, NEXT_HOP 192.0.2.1, `extra`
/// attributes, and these IPv4 prefixes.
fn received(prefixes: &[&str], extra: &[Vec<u8>]) -> Vec<u8> {
    use malformed_support::{as_path, next_hop, origin_igp, update};
    let mut attributes = [
        origin_igp(),
        as_path(&[65001]),
        next_hop([192, 0, 2, 1].into()),
    ]
    .concat();
    for attribute in extra {
        attributes.extend_from_slice(attribute);
    }
    let announced: Vec<u8> = prefixes.iter().flat_map(|prefix| nlri(prefix)).collect();
    update(&[], &attributes, &announced)
}

fn with_families(mut scenario: Scenario, families: &'static [&'static str]) -> Scenario {
    scenario.families = families;
    scenario
}

fn ibgp(mut scenario: Scenario) -> Scenario {
    scenario.ibgp = true;
    scenario
}

fn two_peers(mut scenario: Scenario) -> Scenario {
    scenario.two_peers = true;
    scenario
}

fn differs(
    mut scenario: Scenario,
    check: fn(&Outcome, &Outcome) -> Result<(), String>,
) -> Scenario {
    scenario.compare = Compare::Custom(check);
    scenario
}

/// One route announcement and the UPDATE it gives.
fn announce(name: &'static str, line: &'static str, prefix: &str) -> Scenario {
    Scenario::new(name, vec![Send(line), sees(prefix)])
}

const FLOW: &[&str] = &["ipv4 unicast", "ipv4 flow"];
const FLOW6: &[&str] = &["ipv4 unicast", "ipv6 flow"];

#[rustfmt::skip]
fn scenarios() -> Vec<Scenario> {
    vec![
        // announce route, one attribute at a time
        announce("next-hop self", "announce route 10.1.0.0/24 next-hop self", "10.1.0.0/24"),
        announce("next-hop address", "announce route 10.2.0.0/24 next-hop 192.0.2.1", "10.2.0.0/24"),
        announce("med", "announce route 10.3.0.0/24 next-hop self med 100", "10.3.0.0/24"),
        ibgp(announce("local-preference on iBGP", "announce route 10.4.0.0/24 next-hop self local-preference 200", "10.4.0.0/24")),
        announce("local-preference on eBGP is not sent", "announce route 10.4.1.0/24 next-hop self local-preference 200", "10.4.1.0/24"),
        announce("as-path sequence", "announce route 10.5.0.0/24 next-hop self as-path [ 65010 65020 ]", "10.5.0.0/24"),
        announce("as-path sequence and set", "announce route 10.5.1.0/24 next-hop self as-path [ 65010 ] ( 65020 65021 )", "10.5.1.0/24"),
        announce("community", "announce route 10.6.0.0/24 next-hop self community [ 65000:1 no-export no-advertise ]", "10.6.0.0/24"),
        announce("large-community", "announce route 10.7.0.0/24 next-hop self large-community [ 65000:1:2 65000:3:4 ]", "10.7.0.0/24"),
        announce("extended-community", "announce route 10.8.0.0/24 next-hop self extended-community [ target:65000:10 origin:1.2.3.4:5 ]", "10.8.0.0/24"),
        announce("origin", "announce route 10.9.0.0/24 next-hop self origin egp", "10.9.0.0/24"),
        announce("atomic-aggregate and aggregator", "announce route 10.10.0.0/24 next-hop self atomic-aggregate aggregator ( 65010:10.0.0.9 )", "10.10.0.0/24"),
        ibgp(announce("every attribute", "announce route 10.11.0.0/24 next-hop 10.0.0.1 origin igp as-path [ 65001 65010 ] med 10 local-preference 200 community [ 65001:100 no-export ] large-community [ 65001:1:2 ] extended-community [ target:65001:10 origin:1.2.3.4:5 ] aggregator ( 65001:10.0.0.1 ) atomic-aggregate originator-id 10.0.0.9 cluster-list [ 10.0.0.8 10.0.0.7 ]", "10.11.0.0/24")),
        Scenario { add_path: true, families: &["ipv4 unicast"], ..announce("path-information", "announce route 10.12.0.0/24 next-hop self path-information 1.2.3.4", "10.12.0.0/24") },
        with_families(Scenario::new("label", vec![Send("announce route 10.13.0.0/24 next-hop self label 100"), family(1, 4)]), &["ipv4 unicast", "ipv4 nlri-mpls"]),
        with_families(Scenario::new("rd and label (VPN)", vec![Send("announce route 10.14.0.0/24 rd 65000:1 label 100 next-hop self extended-community [ target:65000:1 ]"), family(1, 128)]), &["ipv4 unicast", "ipv4 mpls-vpn"]),
        announce("split", "announce route 10.15.0.0/23 next-hop self split /24", "10.15.1.0/24"),
        announce("IPv6 route", "announce route 2001:db8:2::/48 next-hop 2001:db8::2 med 5", "2001:db8:2::/48"),
        // other announce forms
        Scenario::new("announce attributes … nlri", vec![Send("announce attributes next-hop self med 10 nlri 10.20.0.0/24 10.20.1.0/24"), sees("10.20.1.0/24")]),
        Scenario::new("withdraw attributes … nlri", vec![
            Send("announce attributes next-hop self nlri 10.21.0.0/24 10.21.1.0/24"), sees("10.21.1.0/24"),
            Send("withdraw attributes next-hop self nlri 10.21.0.0/24 10.21.1.0/24"), sees("10.21.1.0/24"),
        ]),
        announce("announce ipv4 unicast", "announce ipv4 unicast 10.22.0.0/24 next-hop self med 3", "10.22.0.0/24"),
        announce("announce ipv6 unicast", "announce ipv6 unicast 2001:db8:1::/48 next-hop 2001:db8::1", "2001:db8:1::/48"),
        Scenario::new("withdraw route", vec![
            Send("announce route 10.23.0.0/24 next-hop self"), sees("10.23.0.0/24"),
            Send("withdraw route 10.23.0.0/24"), sees("10.23.0.0/24"),
        ]),
        Scenario::new("withdraw ipv6 unicast", vec![
            Send("announce ipv6 unicast 2001:db8:3::/48 next-hop 2001:db8::3"), sees("2001:db8:3::/48"),
            Send("withdraw ipv6 unicast 2001:db8:3::/48 next-hop 2001:db8::3"), sees("2001:db8:3::/48"),
        ]),
        Scenario::new("replace a route's attributes", vec![
            Send("announce route 10.24.0.0/24 next-hop self med 1"), sees("10.24.0.0/24"),
            Send("announce route 10.24.0.0/24 next-hop self med 2"), sees("10.24.0.0/24"),
        ]),
        Scenario::new("withdraw of a route never announced", vec![
            Send("withdraw route 10.25.0.0/24"),
            Send("announce route 10.25.1.0/24 next-hop self"), sees("10.25.1.0/24"),
        ]),
        // flow, vpls
        with_families(Scenario::new("flow discard", vec![Send("announce flow route { match { source 10.0.0.1/32; destination 192.0.2.0/24; destination-port =80; protocol tcp; } then { discard; } }"), family(1, 133)]), FLOW),
        with_families(Scenario::new("flow rate-limit, one line", vec![Send("announce flow route source 10.0.0.2/32 destination-port >1024&<2000 rate-limit 9600"), family(1, 133)]), FLOW),
        with_families(Scenario::new("flow redirect to a VRF", vec![Send("announce flow route { match { destination 192.0.2.1/32; source-port =53; protocol udp; } then { redirect 65000:100; } }"), family(1, 133)]), FLOW),
        with_families(Scenario::new("flow mark and community", vec![Send("announce flow route { match { destination 192.0.2.2/32; packet-length >100; } then { mark 10; community [ 65000:1 ]; } }"), family(1, 133)]), FLOW),
        with_families(Scenario::new("flow tcp-flags and fragment", vec![Send("announce flow route { match { destination 192.0.2.3/32; tcp-flags [ syn ]; fragment [ is-fragment ]; } then { discard; } }"), family(1, 133)]), FLOW),
        with_families(Scenario::new("withdraw flow", vec![
            Send("announce flow route { match { destination 192.0.2.4/32; protocol tcp; } then { discard; } }"), family(1, 133),
            Send("withdraw flow route { match { destination 192.0.2.4/32; protocol tcp; } }"), family(1, 133),
        ]), FLOW),
        with_families(Scenario::new("IPv6 flow", vec![Send("announce flow route { match { destination 2001:db8::/32; next-header tcp; } then { discard; } }"), family(2, 133)]), FLOW6),
        with_families(Scenario::new("vpls", vec![Send("announce vpls endpoint 5 base 10702 offset 1 size 8 rd 192.168.201.1:123 next-hop 192.168.201.1 origin igp med 2000 extended-community [ target:54591:6 l2info:19:0:1500:111 ]"), family(25, 65)]), &["ipv4 unicast", "l2vpn vpls"]),
        with_families(Scenario::new("withdraw vpls", vec![
            Send("announce vpls endpoint 6 base 10702 offset 1 size 8 rd 192.168.201.1:124 next-hop 192.168.201.1"), family(25, 65),
            Send("withdraw vpls endpoint 6 base 10702 offset 1 size 8 rd 192.168.201.1:124 next-hop 192.168.201.1"), family(25, 65),
        ]), &["ipv4 unicast", "l2vpn vpls"]),
        // End-of-RIB, route refresh, sessions
        Scenario::new("announce eor", vec![
            Send("announce route 10.30.0.0/24 next-hop self"), sees("10.30.0.0/24"),
            Send("announce eor ipv4 unicast"), Step::Sees(0, EOR_IPV4.to_vec()),
        ]),
        Scenario::new("announce eor ipv6 unicast", vec![Send("announce eor ipv6 unicast"), family(2, 1)]),
        Scenario::new("announce route-refresh", vec![Send("announce route-refresh ipv4 unicast"), Step::Sees(0, vec![0x00, 0x17, 0x05, 0, 1, 0, 1])]),
        differs(Scenario::new("teardown, reconnect, routes sent again", vec![
            Send("announce route 10.31.0.0/24 next-hop self med 31"), sees("10.31.0.0/24"),
            Send("neighbor {peer} teardown 2"), Step::Sees(0, vec![3, 6, 2]),
            Until(r#""state": "down""#), Until(r#""state": "up""#), SessionUp(0, 2),
        ]), teardown),
        Scenario::new("the peer closes, reconnect", vec![
            Send("announce route 10.32.0.0/24 next-hop self"), sees("10.32.0.0/24"),
            PeerCloses(0), Until(r#""state": "down""#), Until(r#""state": "up""#), SessionUp(0, 2),
        ]),
        Scenario::new("the peer asks for a route refresh", vec![
            Send("announce route 10.33.0.0/24 next-hop self"), sees("10.33.0.0/24"),
            // The answer ends with the EoRR marker.
            PeerSends(0, malformed_support::message(5, &[0, 1, 0, 1])), Step::Sees(0, vec![0x00, 0x17, 0x05, 0, 1, 2, 1]), Until(r#""type": "refresh""#),
        ]),
        Scenario::new("flush adj-rib out", vec![
            Send("announce route 10.34.0.0/24 next-hop self"), sees("10.34.0.0/24"),
            Send("announce ipv6 unicast 2001:db8:34::/48 next-hop 2001:db8::34"), sees("2001:db8:34::/48"),
            Send("flush adj-rib out"), Step::Sees(0, vec![0x00, 0x17, 0x05, 0, 2, 2, 1]),
        ]),
        Scenario::new("clear adj-rib out", vec![
            Send("announce route 10.35.0.0/24 next-hop self"), sees("10.35.0.0/24"),
            Send("clear adj-rib out"), sees("10.35.0.0/24"),
        ]),
        // selectors
        announce("neighbor selector", "neighbor {peer} announce route 10.40.0.0/24 next-hop self", "10.40.0.0/24"),
        announce("selector with local-as and peer-as", "neighbor {peer} local-as 65002 peer-as 65001 announce route 10.41.0.0/24 next-hop self", "10.41.0.0/24"),
        Scenario::new("selector matching no neighbor", vec![
            Send("neighbor 127.17.255.1 announce route 10.42.0.0/24 next-hop self"),
            Send("announce route 10.42.1.0/24 next-hop self"), sees("10.42.1.0/24"),
        ]),
        two_peers(Scenario::new("two selectors, comma-OR", vec![
            Send("neighbor {peer}, neighbor {peer2} announce route 10.43.0.0/24 next-hop self"),
            sees("10.43.0.0/24"), Step::Sees(1, nlri("10.43.0.0/24")),
        ])),
        two_peers(Scenario::new("one of two peers", vec![
            Send("neighbor {peer2} announce route 10.44.0.0/24 next-hop self"), Step::Sees(1, nlri("10.44.0.0/24")),
            Send("announce route 10.44.1.0/24 next-hop self"), sees("10.44.1.0/24"), Step::Sees(1, nlri("10.44.1.0/24")),
        ])),
        // control commands and acks
        differs(Scenario::new("show neighbor summary", vec![Send("show neighbor summary")]), neighbor_summary),
        differs(Scenario::new("version", vec![Send("version")]), version),
        Scenario::new("disable-ack and enable-ack", vec![
            Send("disable-ack"), Write("announce route 10.50.0.0/24 next-hop self"), sees("10.50.0.0/24"),
            Send("enable-ack"), Send("announce route 10.50.1.0/24 next-hop self"), sees("10.50.1.0/24"),
        ]),
        Scenario::new("silence-ack", vec![
            Write("silence-ack"), Write("announce route 10.51.0.0/24 next-hop self"), sees("10.51.0.0/24"),
            Send("enable-ack"),
        ]),
        differs(Scenario::new("comments and blank lines", vec![
            Send("# a comment"), Send(""), Send("#without a space"), Send("announce route 10.52.0.0/24 next-hop self"), sees("10.52.0.0/24"),
        ]), comment_without_space),
        announce("extra spaces are normalised", "announce    route   10.53.0.0/24    next-hop   self  med  7  ", "10.53.0.0/24"),
        Scenario::new("errors: garbage and bad routes", vec![
            Send("this is not a command"),
            Send("announce route 300.1.1.1/32 next-hop self"),
            Send("announce route 10.54.0.0/24"),
            Send("announce route 10.54.1.0/24 next-hop self med"),
            Send("announce route 10.54.2.0/24 next-hop self"), sees("10.54.2.0/24"),
        ]),
        Scenario::new("reset and debug lines get no answer", vec![
            Write("reset"), Write("debug hello"), Send("announce route 10.55.0.0/24 next-hop self"), sees("10.55.0.0/24"),
        ]),
        differs(Scenario::new("teardown without a selector", vec![
            Send("teardown 2"),
            Send("announce route 10.56.0.0/24 next-hop self"), sees("10.56.0.0/24"),
        ]), teardown_without_selector),
        Scenario::new("ExaBGP 4 as-path set syntax is refused", vec![
            Send("announce route 10.57.0.0/24 next-hop self as-path [ 65001 ( 65020 65021 ) ]"),
            Send("announce route 10.57.1.0/24 next-hop self"), sees("10.57.1.0/24"),
        ]),
        Scenario { add_path: true, families: &["ipv4 unicast"], ..Scenario::new("withdraw with path-information", vec![
            Send("announce route 10.58.0.0/24 next-hop self path-information 7"), sees("10.58.0.0/24"),
            Send("announce route 10.58.0.0/24 next-hop self path-information 8"), sees("10.58.0.0/24"),
            Send("withdraw route 10.58.0.0/24 path-information 7"), sees("10.58.0.0/24"),
        ]) },
        ibgp(announce("originator-id and cluster-list", "announce route 10.59.0.0/24 next-hop self originator-id 10.0.0.9 cluster-list [ 10.0.0.8 10.0.0.7 ]", "10.59.0.0/24")),
        announce("community numbers and names", "announce route 10.63.0.0/24 next-hop self community [ 65000:1 0x12345678 305419897 nopeer blackhole no-export-subconfed ]", "10.63.0.0/24"),
        differs(announce("a community given twice", "announce route 10.63.0.0/24 next-hop self community [ 65000:1 0x12345678 305419896 nopeer blackhole no-export-subconfed ]", "10.63.0.0/24"), community_twice),
        announce("extended-community in hexadecimal", "announce route 10.64.0.0/24 next-hop self extended-community [ 0x0002FDE900000001 redirect:65000:7 ]", "10.64.0.0/24"),
        announce("announce attribute (singular)", "announce attribute next-hop self community [ 65000:64 ] nlri 10.65.0.0/24", "10.65.0.0/24"),
        announce("generic attribute", "announce route 10.66.0.0/24 next-hop self attribute [ 0x63 0xc0 0x0102 ]", "10.66.0.0/24"),
        // received UPDATEs as JSON
        Scenario::new("received UPDATE as JSON", vec![
            PeerSends(0, received(&["10.60.0.0/24", "10.60.1.0/24"], &[malformed_support::attribute(0x80, 4, &[0, 0, 0, 5])])),
            Until(r#""type": "update""#),
        ]),
        Scenario::new("received withdrawal and End-of-RIB as JSON", vec![
            PeerSends(0, malformed_support::update(&nlri("10.61.0.0/24"), &[], &[])),
            Until(r#""type": "update""#),
            PeerSends(0, malformed_support::update(&[], &[], &[])),
            Until(r#""eor""#),
        ]),
        Scenario::new("received IPv6 UPDATE as JSON", vec![
            PeerSends(0, malformed_support::update(&[], &[
                malformed_support::origin_igp(),
                malformed_support::as_path(&[65001]),
                malformed_support::attribute(0x80, 14, &[
                    0, 2, 1, 16, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
                    0, 48, 0x20, 0x01, 0x0d, 0xb8, 0, 0x67,
                ]),
            ].concat(), &[])),
            Until(r#""type": "update""#),
        ]),
        Scenario::new("the peer sends a NOTIFICATION, reconnect", vec![
            Send("announce route 10.68.0.0/24 next-hop self"), sees("10.68.0.0/24"),
            PeerSends(0, malformed_support::message(3, &[6, 4])), PeerCloses(0),
            Until(r#""state": "down""#), Until(r#""state": "up""#), SessionUp(0, 2),
        ]),
        ibgp(Scenario::new("received attributes of every kind as JSON", vec![
            PeerSends(0, malformed_support::update(&[], &[
                malformed_support::origin_igp(),
                // AS_SEQUENCE 65001, AS_SET { 65020 65021 }
                malformed_support::attribute(0x40, 2, &[
                    2, 1, 0, 0, 0xFD, 0xE9, 1, 2, 0, 0, 0xFD, 0xFC, 0, 0, 0xFD, 0xFD,
                ]),
                malformed_support::next_hop([192, 0, 2, 1].into()),
                malformed_support::attribute(0x80, 4, &[0, 0, 0, 5]),
                malformed_support::attribute(0x40, 5, &[0, 0, 0, 200]),
                malformed_support::attribute(0x40, 6, &[]),
                malformed_support::attribute(0xC0, 7, &[0, 0, 0xFD, 0xE9, 10, 0, 0, 9]),
                malformed_support::attribute(0x80, 9, &[10, 0, 0, 9]),
                malformed_support::attribute(0x80, 10, &[10, 0, 0, 8, 10, 0, 0, 7]),
            ].concat(), &nlri("10.69.0.0/24"))),
            Until(r#""type": "update""#),
        ])),
        with_families(Scenario::new("received flow route as JSON", vec![
            PeerSends(0, malformed_support::update(&[], &[
                malformed_support::origin_igp(),
                malformed_support::as_path(&[65001]),
                malformed_support::attribute(0xC0, 16, &[0x80, 0x06, 0, 0, 0, 0, 0, 0]),
                // destination 192.0.2.0/24, protocol =tcp, destination-port =80
                malformed_support::attribute(0x80, 14, &[
                    0, 1, 133, 0, 0, 11, 1, 24, 192, 0, 2, 3, 0x81, 6, 5, 0x81, 80,
                ]),
            ].concat(), &[])),
            Until(r#""type": "update""#),
        ]), FLOW),
        Scenario::new("received communities as JSON", vec![
            PeerSends(0, received(&["10.62.0.0/24"], &[
                malformed_support::attribute(0xC0, 8, &[0xFD, 0xE8, 0, 1, 0xFF, 0xFF, 0xFF, 0x01]),
                malformed_support::attribute(0xC0, 32, &[0, 0, 0xFD, 0xE8, 0, 0, 0, 1, 0, 0, 0, 2]),
                malformed_support::attribute(0xC0, 16, &[0, 2, 0xFD, 0xE8, 0, 0, 0, 10]),
            ])),
            Until(r#""type": "update""#),
        ]),
    ]
}

/// `teardown 2`: ExaBGP's Cease carries the Shutdown Communication "Administrative
/// Shutdown", ferrobgp's an empty one (RFC 9003 §2 makes the text optional).
fn teardown(exabgp: &Outcome, ferrobgp: &Outcome) -> Result<(), String> {
    same_helper(&exabgp.helper, &ferrobgp.helper)?;
    let exabgp_cease = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF002D0306021741646D696E6973747261746976652053687574646F776E";
    let ferrobgp_cease = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001603060200";
    let first = &exabgp.wire[0][0];
    if !first.iter().any(|message| message == exabgp_cease) {
        return Err(format!("ExaBGP sent no Cease with its text: {first:#?}"));
    }
    let mut expected = exabgp.clone();
    for message in &mut expected.wire[0][0] {
        if message == exabgp_cease {
            *message = ferrobgp_cease.to_owned();
        }
    }
    same_wire(&expected, ferrobgp)
}

/// `teardown 2` without a selector: ExaBGP 5.0 answers `done` and tears nothing down
/// (reference §8.7); ferrobgp answers `error`. Nothing reaches the peer in either.
fn teardown_without_selector(exabgp: &Outcome, ferrobgp: &Outcome) -> Result<(), String> {
    same_wire(exabgp, ferrobgp)?;
    let mut expected = exabgp.helper.clone();
    let first_ack = expected
        .iter()
        .position(|line| line == "done")
        .ok_or_else(|| format!("ExaBGP did not answer done: {expected:?}"))?;
    expected[first_ack] = serde_json::json!("error");
    same_helper(&expected, &ferrobgp.helper)
}

/// A community given twice (`0x12345678` is `305419896`): ExaBGP sends it twice, ferrobgp
/// once (a set of communities; RFC 1997 gives a repeated value no meaning).
fn community_twice(exabgp: &Outcome, ferrobgp: &Outcome) -> Result<(), String> {
    same_helper(&exabgp.helper, &ferrobgp.helper)?;
    let twice = "C008181234567812345678";
    let mut expected = exabgp.clone();
    let messages = &mut expected.wire[0][0];
    let route = messages
        .iter_mut()
        .find(|message| message.contains(twice))
        .ok_or_else(|| format!("ExaBGP did not repeat the community: {:#?}", exabgp.wire))?;
    // Four octets fewer: the message and attribute lengths, then the community attribute.
    *route = route
        .replacen("004A020000002F", "0046020000002B", 1)
        .replacen(twice, "C0081412345678", 1);
    same_wire(&expected, ferrobgp)
}

/// `#comment` without a space after `#`: ExaBGP answers `error` (its `#` command needs
/// `# `), ferrobgp `done`. A blank line is an `error` in both.
fn comment_without_space(exabgp: &Outcome, ferrobgp: &Outcome) -> Result<(), String> {
    same_wire(exabgp, ferrobgp)?;
    let acks = |lines: &[serde_json::Value]| -> Vec<String> {
        lines
            .iter()
            .filter_map(|line| line.as_str().map(str::to_owned))
            .collect()
    };
    let (left, right) = (acks(&exabgp.helper), acks(&ferrobgp.helper));
    if left != ["done", "error", "error", "done"] || right != ["done", "error", "done", "done"] {
        return Err(format!("acks: ExaBGP {left:?}, ferrobgp {right:?}"));
    }
    Ok(())
}

/// The helper's lines, the one starting with `prefix` replaced by `prefix`.
fn masked(lines: &[serde_json::Value], prefix: &str) -> Vec<serde_json::Value> {
    lines
        .iter()
        .map(|line| match line.as_str() {
            Some(text) if text.starts_with(prefix) => serde_json::Value::String(prefix.to_owned()),
            _ => line.clone(),
        })
        .collect()
}

/// `version` names the program: `exabgp 5.0.15` and `ferrobgp 0.1.0`.
fn version(exabgp: &Outcome, ferrobgp: &Outcome) -> Result<(), String> {
    same_wire(exabgp, ferrobgp)?;
    let exabgp_lines = masked(&exabgp.helper, "exabgp 5.0");
    let ferrobgp_lines = masked(&ferrobgp.helper, "ferrobgp ");
    let renamed: Vec<serde_json::Value> = exabgp_lines
        .iter()
        .map(|line| {
            if line == "exabgp 5.0" {
                serde_json::json!("ferrobgp ")
            } else {
                line.clone()
            }
        })
        .collect();
    if !renamed.contains(&serde_json::json!("ferrobgp ")) {
        return Err(format!("no version line from ExaBGP: {exabgp_lines:?}"));
    }
    same_helper(&renamed, &ferrobgp_lines)
}

/// `show neighbor summary`: the same header and row, except that ferrobgp has no sent and
/// received message counts, and the up/down time may differ by the run's timing.
fn neighbor_summary(exabgp: &Outcome, ferrobgp: &Outcome) -> Result<(), String> {
    same_wire(exabgp, ferrobgp)?;
    let columns = |lines: &[serde_json::Value]| -> Vec<String> {
        lines
            .iter()
            .map(|line| match line.as_str() {
                Some(text) => {
                    let words: Vec<&str> = text.split_whitespace().collect();
                    match words.as_slice() {
                        ["Peer", "AS", "up/down", "state", ..] => "Peer AS up/down state".into(),
                        [address, asn, _time, state, ..] if address.starts_with("127.") => {
                            format!("{address} {asn} {state}")
                        }
                        _ => text.to_owned(),
                    }
                }
                None => line.to_string(),
            })
            .collect()
    };
    let (left, right) = (columns(&exabgp.helper), columns(&ferrobgp.helper));
    if left != right {
        return Err(format!(
            "summaries differ:\nExaBGP:   {left:#?}\nferrobgp: {right:#?}"
        ));
    }
    Ok(())
}

/// The canonical form takes ExaBGP's encoding choices to ferrobgp's (messages captured from
/// both), and leaves real differences alone.
#[test]
fn the_canonical_form_sets_aside_encoding_choices_only() {
    use differential_support::canonical::canonical_update;
    // IPv6 End-of-RIB: the Extended Length bit.
    assert_eq!(
        canonical_update("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001E0200000007900F0003000201"),
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001D0200000006800F03000201"
    );
    // An IPv6 route: attribute order.
    let exabgp = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0043020000002C4001010040020602010000FDEA800E1C0002011020010DB8000000000000000000000001003020010DB80001";
    let ferrobgp = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0043020000002C800E1C0002011020010DB8000000000000000000000001003020010DB800014001010040020602010000FDEA";
    assert_eq!(canonical_update(exabgp), canonical_update(ferrobgp));
    // A VPLS withdrawal: ExaBGP's ORIGIN and AS_PATH next to MP_UNREACH_NLRI.
    assert_eq!(
        canonical_update(
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003D02000000264001010040020602010000FDEA800F1600194100110001C0A8C901007C000600010008029CE1"
        ),
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00300200000019800F1600194100110001C0A8C901007C000600010008029CE1"
    );
    // A labelled route: ExaBGP's NEXT_HOP next to MP_REACH_NLRI.
    assert_eq!(
        canonical_update(
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003E02000000274001010040020602010000FDEA4003047F110F02800E10000104047F110F0200300006410A0D00"
        ),
        canonical_update(
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00370200000020800E10000104047F110F0200300006410A0D004001010040020602010000FDEA"
        )
    );
    // A different MED stays different; an IPv4 route keeps its NEXT_HOP.
    let med_5 = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0036020000001B4001010040020602010000FDEA4003047F1127028004040000000518 0A1F00".replace(' ', "");
    let med_6 = med_5.replace("0400000005", "0400000006");
    assert_ne!(canonical_update(&med_5), canonical_update(&med_6));
    assert_eq!(canonical_update(&med_5), med_5);
}

#[test]
fn helpers_see_the_same_under_exabgp_and_ferrobgp() {
    let scenarios = scenarios();
    assert!(scenarios.len() >= 40, "{} scenarios", scenarios.len());
    assert!(
        std::path::Path::new("/usr/bin/python3").exists(),
        "the helper script needs /usr/bin/python3: run scripts/install-test-tools"
    );
    // Fails loudly, with what to do, when ExaBGP is not installed.
    support::exabgp::program();
    let only = std::env::var("DIFFERENTIAL_ONLY").ok();
    let chosen: Vec<Scenario> = scenarios
        .into_iter()
        .filter(|scenario| {
            only.as_ref()
                .is_none_or(|only| scenario.name.contains(only.as_str()))
        })
        .collect();
    let failures = run_all(&chosen, 4);
    assert!(
        failures.is_empty(),
        "{} of {} scenarios differ:\n\n{}",
        failures.len(),
        chosen.len(),
        failures.join("\n\n")
    );
}
