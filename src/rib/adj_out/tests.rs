//! Unit tests of the Adj-RIB-Out: each operation, the coalescing rules, and the messages.

use super::*;
use crate::rib::attributes::AttributeStore;
mod settings;

use crate::rib::test_support::{
    ModelPeer, Received, attributes, decode_all, hop4, hop6, session, v4,
};
use crate::wire::family::{Afi, Safi};
use crate::wire::negotiated::{Negotiated, RouteRefreshSupport};
use crate::wire::nlri::{LabelledNlri, PrefixNlri};
use crate::wire::route_refresh::RouteRefreshSubtype;

fn v6(text: &str) -> Nlri {
    Nlri::Unicast(PrefixNlri {
        path_id: None,
        prefix: text.parse().expect("test prefix"),
    })
}

fn helper(name: &str) -> Owner {
    Owner::Helper(name.into())
}

/// Runs `send` with a sink and decodes what it sent.
fn sent<F>(negotiated: &Negotiated, send: F) -> (FlushReport, Vec<Received>, Vec<Vec<u8>>)
where
    F: FnOnce(&mut dyn FnMut(&[u8])) -> FlushReport,
{
    let mut messages: Vec<Vec<u8>> = Vec::new();
    let report = send(&mut |message: &[u8]| messages.push(message.to_vec()));
    let received = decode_all(&messages, negotiated);
    (report, received, messages)
}

fn flush(rib: &mut AdjRibOut, negotiated: &Negotiated) -> (FlushReport, Vec<Received>) {
    let (report, received, _) = sent(negotiated, |mut sink| rib.flush(negotiated, &mut sink));
    (report, received)
}

fn full_table(rib: &mut AdjRibOut, negotiated: &Negotiated) -> (FlushReport, Vec<Received>) {
    let (report, received, _) = sent(negotiated, |mut sink| rib.full_table(negotiated, &mut sink));
    (report, received)
}

fn plain() -> Negotiated {
    session(&[], RouteRefreshSupport::Normal)
}

/// A RIB with a session up and nothing sent.
fn established() -> (AdjRibOut, Negotiated) {
    let negotiated = plain();
    let mut rib = AdjRibOut::new();
    full_table(&mut rib, &negotiated);
    (rib, negotiated)
}

#[test]
fn before_the_session_nothing_is_queued_and_the_full_table_sends_everything() {
    let negotiated = plain();
    let mut store = AttributeStore::new();
    let first = store.intern(attributes(1));
    let mut rib = AdjRibOut::new();
    assert!(rib.announce(&v4("10.0.0.0/24", None), &first, &hop4(1), &Owner::Static));
    assert!(rib.announce(&v4("10.0.1.0/24", None), &first, &hop4(1), &Owner::Static));
    assert!(rib.announce(&v6("2001:db8::/32"), &first, &hop6(1), &Owner::Static));
    assert!(rib.withdraw(&v4("10.0.1.0/24", None)));
    assert_eq!(rib.pending(), 0);
    assert!(!rib.is_established());
    assert_eq!(
        flush(&mut rib, &negotiated),
        (FlushReport::default(), vec![])
    );

    let (report, received) = full_table(&mut rib, &negotiated);
    assert!(rib.is_established());
    assert_eq!(
        received,
        vec![
            Received::Announce(v4("10.0.0.0/24", None), attributes(1), hop4(1)),
            Received::EndOfRib(Family::IPV4_UNICAST),
            Received::Announce(v6("2001:db8::/32"), attributes(1), hop6(1)),
            Received::EndOfRib(Family::IPV6_UNICAST),
            Received::EndOfRib(Family::new(Afi::Ipv4, Safi::MplsLabel)),
        ]
    );
    assert_eq!(
        (report.messages, report.announced, report.withdrawn),
        (5, 2, 0)
    );
    assert_eq!(flush(&mut rib, &negotiated).1, vec![]);
}

#[test]
fn announce_then_withdraw_before_a_flush_sends_nothing() {
    let (mut rib, negotiated) = established();
    let set = AttributeHandle::new(attributes(1));
    let nlri = v4("10.0.0.0/24", None);
    assert!(rib.announce(&nlri, &set, &hop4(1), &Owner::Static));
    assert_eq!(rib.pending(), 1);
    assert!(rib.withdraw(&nlri));
    assert!(!rib.withdraw(&nlri));
    assert_eq!(
        flush(&mut rib, &negotiated),
        (FlushReport::default(), vec![])
    );
    assert!(rib.is_empty());
    assert_eq!(rib.pending(), 0);
    assert_eq!(rib.path_count(), 0);
}

#[test]
fn reannouncing_what_the_peer_has_sends_nothing() {
    let (mut rib, negotiated) = established();
    let nlri = v4("10.0.0.0/24", None);
    let set = AttributeHandle::new(attributes(1));
    rib.announce(&nlri, &set, &hop4(1), &Owner::Static);
    assert_eq!(flush(&mut rib, &negotiated).1.len(), 1);

    // The same value through another handle, and by another owner: nothing on the wire.
    let copy = AttributeHandle::new(attributes(1));
    assert!(!rib.announce(&nlri, &copy, &hop4(1), &helper("a")));
    assert_eq!(rib.pending(), 0);
    assert_eq!(
        rib.get(&nlri).map(|route| route.owner.clone()),
        Some(helper("a"))
    );
    assert_eq!(flush(&mut rib, &negotiated).1, vec![]);

    // Changed and changed back before the flush: nothing either.
    let other = AttributeHandle::new(attributes(2));
    assert!(rib.announce(&nlri, &other, &hop4(1), &Owner::Static));
    assert!(rib.announce(&nlri, &set, &hop4(1), &Owner::Static));
    assert_eq!(flush(&mut rib, &negotiated).1, vec![]);

    // Withdrawn and announced again as it was: nothing.
    assert!(rib.withdraw(&nlri));
    assert!(rib.announce(&nlri, &set, &hop4(1), &Owner::Static));
    assert_eq!(flush(&mut rib, &negotiated).1, vec![]);

    // A new next hop is a change.
    rib.announce(&nlri, &set, &hop4(2), &Owner::Static);
    assert_eq!(
        flush(&mut rib, &negotiated).1,
        vec![Received::Announce(nlri.clone(), attributes(1), hop4(2))]
    );
}

#[test]
fn only_routes_the_peer_has_are_withdrawn() {
    let (mut rib, negotiated) = established();
    let set = AttributeHandle::new(attributes(1));
    let kept = v4("10.0.0.0/24", None);
    let gone = v4("10.0.1.0/24", None);
    rib.announce(&kept, &set, &hop4(1), &Owner::Static);
    rib.announce(&gone, &set, &hop4(1), &Owner::Static);
    flush(&mut rib, &negotiated);
    assert!(rib.withdraw(&gone));
    assert!(!rib.withdraw(&v4("10.9.9.0/24", None)));
    assert!(!rib.withdraw(&v6("2001:db8::/32")));
    let (report, received) = flush(&mut rib, &negotiated);
    assert_eq!(received, vec![Received::Withdraw(gone)]);
    assert_eq!(
        (report.announced, report.withdrawn, report.messages),
        (0, 1, 1)
    );
    assert_eq!(rib.len(), 1);
}

#[test]
fn routes_sharing_attributes_share_messages_in_every_family() {
    let (mut rib, negotiated) = established();
    let mut store = AttributeStore::new();
    let first = store.intern(attributes(1));
    let second = store.intern(attributes(2));
    for index in 0..4u8 {
        // Interleaved: the flush regroups them.
        let prefix = |third: u8| v4(&format!("10.{index}.{third}.0/24"), None);
        rib.announce(&prefix(1), &first, &hop4(1), &Owner::Static);
        rib.announce(&prefix(2), &second, &hop4(1), &Owner::Static);
        rib.announce(
            &v6(&format!("2001:db8:{index}::/48")),
            &first,
            &hop6(1),
            &Owner::Static,
        );
    }
    let labelled = Nlri::Labelled(LabelledNlri {
        path_id: None,
        labels: vec![crate::wire::nlri::Label::new(100)],
        prefix: "10.8.0.0/16".parse().expect("test prefix"),
    });
    rib.announce(&labelled, &first, &hop4(1), &Owner::Static);
    assert_eq!(rib.path_count(), 3);
    let (report, received) = flush(&mut rib, &negotiated);
    // One UPDATE per (family, attribute set, next hop).
    assert_eq!((report.messages, report.announced), (4, 13));
    assert_eq!(received.len(), 13);
    let mut model = ModelPeer::default();
    model.apply(&received);
    assert_eq!(model.routes.len(), 13);
    assert_eq!(model.routes.get(&labelled), Some(&(attributes(1), hop4(1))));
}

#[test]
fn large_batches_fill_messages_of_the_session_size() {
    let (mut rib, negotiated) = established();
    let set = AttributeHandle::new(attributes(1));
    for index in 0..2000u32 {
        let [_, second, third, _] = (index << 8).to_be_bytes();
        let nlri = v4(&format!("10.{second}.{third}.0/24"), None);
        rib.announce(&nlri, &set, &hop4(1), &Owner::Static);
    }
    let (report, received, messages) =
        sent(&negotiated, |mut sink| rib.flush(&negotiated, &mut sink));
    assert_eq!(received.len(), 2000);
    // 4 octets per /24: about 1000 per 4096-octet message.
    assert_eq!(report.messages, 2);
    assert!(messages.iter().all(|message| message.len() <= 4096));
    assert!(messages.first().is_some_and(|message| message.len() > 4000));
}

#[test]
fn path_identifiers_are_part_of_the_key() {
    let negotiated = session(&[Family::IPV4_UNICAST], RouteRefreshSupport::Normal);
    let mut rib = AdjRibOut::new();
    full_table(&mut rib, &negotiated);
    let set = AttributeHandle::new(attributes(1));
    rib.announce(&v4("10.0.0.0/24", Some(1)), &set, &hop4(1), &Owner::Static);
    rib.announce(&v4("10.0.0.0/24", Some(2)), &set, &hop4(2), &Owner::Static);
    assert_eq!(rib.len(), 2);
    let (_, received) = flush(&mut rib, &negotiated);
    assert_eq!(received.len(), 2);
    rib.withdraw(&v4("10.0.0.0/24", Some(1)));
    assert_eq!(
        flush(&mut rib, &negotiated).1,
        vec![Received::Withdraw(v4("10.0.0.0/24", Some(1)))]
    );
}

#[test]
fn withdrawing_an_owner_leaves_the_others() {
    let (mut rib, negotiated) = established();
    let set = AttributeHandle::new(attributes(1));
    rib.announce(&v4("10.0.0.0/24", None), &set, &hop4(1), &helper("a"));
    rib.announce(&v4("10.0.1.0/24", None), &set, &hop4(1), &helper("a"));
    rib.announce(&v4("10.0.2.0/24", None), &set, &hop4(1), &helper("b"));
    rib.announce(&v6("2001:db8::/32"), &set, &hop6(1), &helper("a"));
    flush(&mut rib, &negotiated);
    // Never sent: gone without a withdrawal.
    rib.announce(&v4("10.0.3.0/24", None), &set, &hop4(1), &helper("a"));

    assert_eq!(rib.withdraw_owner(&helper("a")), 4);
    assert_eq!(rib.withdraw_owner(&helper("never")), 0);
    let (report, received) = flush(&mut rib, &negotiated);
    assert_eq!(report.withdrawn, 3);
    assert_eq!(
        received,
        vec![
            Received::Withdraw(v4("10.0.0.0/24", None)),
            Received::Withdraw(v4("10.0.1.0/24", None)),
            Received::Withdraw(v6("2001:db8::/32")),
        ]
    );
    assert_eq!(
        rib.counts(),
        vec![RouteCount {
            family: Family::IPV4_UNICAST,
            owner: helper("b"),
            routes: 1
        }]
    );
    assert_eq!(rib.withdraw_all(), 1);
    assert_eq!(flush(&mut rib, &negotiated).1.len(), 1);
    assert!(rib.is_empty());
    assert_eq!(rib.path_count(), 0);
}

#[test]
fn replacing_an_owner_set_sends_the_minimal_difference() {
    let (mut rib, negotiated) = established();
    let mut store = AttributeStore::new();
    let first = store.intern(attributes(1));
    let second = store.intern(attributes(2));
    let route = |text: &str, set: &AttributeHandle| Route {
        nlri: v4(text, None),
        attributes: set.clone(),
        next_hop: hop4(1),
    };
    let old = vec![
        route("10.0.0.0/24", &first),
        route("10.0.1.0/24", &first),
        route("10.0.2.0/24", &first),
    ];
    let report = rib.replace_owner(&Owner::Static, old);
    assert_eq!(
        (report.announced, report.withdrawn, report.unchanged),
        (3, 0, 0)
    );
    rib.announce(&v4("10.9.0.0/24", None), &first, &hop4(1), &helper("a"));
    flush(&mut rib, &negotiated);

    // Reload: one kept, one changed, one removed, one added; the helper's route stays.
    let new = vec![
        route("10.0.0.0/24", &first),
        route("10.0.1.0/24", &second),
        route("10.0.3.0/24", &first),
    ];
    let report = rib.replace_owner(&Owner::Static, new);
    assert_eq!(
        (report.announced, report.withdrawn, report.unchanged),
        (2, 1, 1)
    );
    let (_, received) = flush(&mut rib, &negotiated);
    assert_eq!(
        received,
        vec![
            Received::Withdraw(v4("10.0.2.0/24", None)),
            Received::Announce(v4("10.0.3.0/24", None), attributes(1), hop4(1)),
            Received::Announce(v4("10.0.1.0/24", None), attributes(2), hop4(1)),
        ]
    );
    assert!(rib.get(&v4("10.9.0.0/24", None)).is_some());
    assert_eq!(rib.len(), 4);
}

#[test]
fn a_route_of_another_owner_is_taken_over_by_a_replacement() {
    let (mut rib, _) = established();
    let set = AttributeHandle::new(attributes(1));
    rib.announce(&v4("10.0.0.0/24", None), &set, &hop4(1), &helper("a"));
    let route = Route {
        nlri: v4("10.0.0.0/24", None),
        attributes: set.clone(),
        next_hop: hop4(1),
    };
    let report = rib.replace_owner(&Owner::Static, vec![route]);
    assert_eq!((report.announced, report.unchanged), (0, 1));
    assert_eq!(rib.withdraw_owner(&helper("a")), 0);
    assert_eq!(rib.withdraw_owner(&Owner::Static), 1);
}

#[test]
fn the_session_going_down_forgets_what_was_sent() {
    let (mut rib, negotiated) = established();
    let set = AttributeHandle::new(attributes(1));
    rib.announce(&v4("10.0.0.0/24", None), &set, &hop4(1), &Owner::Static);
    rib.announce(&v4("10.0.1.0/24", None), &set, &hop4(1), &Owner::Static);
    flush(&mut rib, &negotiated);
    rib.withdraw(&v4("10.0.1.0/24", None));
    rib.session_down();
    assert!(!rib.is_established());
    assert_eq!(rib.pending(), 0);
    // No withdrawal for a peer that has nothing; the route that stays is sent again.
    let (_, received) = full_table(&mut rib, &negotiated);
    assert_eq!(
        received,
        vec![
            Received::Announce(v4("10.0.0.0/24", None), attributes(1), hop4(1)),
            Received::EndOfRib(Family::IPV4_UNICAST),
            Received::EndOfRib(Family::IPV6_UNICAST),
            Received::EndOfRib(Family::new(Afi::Ipv4, Safi::MplsLabel)),
        ]
    );
}

#[test]
fn families_the_session_did_not_negotiate_are_never_sent() {
    let negotiated = Negotiated {
        families: vec![Family::IPV4_UNICAST],
        ..plain()
    };
    let mut rib = AdjRibOut::new();
    let set = AttributeHandle::new(attributes(1));
    rib.announce(&v6("2001:db8::/32"), &set, &hop6(1), &Owner::Static);
    let (_, received) = full_table(&mut rib, &negotiated);
    assert_eq!(received, vec![Received::EndOfRib(Family::IPV4_UNICAST)]);
    rib.announce(&v6("2001:db8:1::/48"), &set, &hop6(1), &Owner::Static);
    rib.withdraw(&v6("2001:db8::/32"));
    assert_eq!(flush(&mut rib, &negotiated).1, vec![]);
    assert_eq!(rib.pending(), 0);
    assert_eq!(rib.len(), 1);
    let (report, _) = {
        let mut messages = Vec::new();
        let report = rib.refresh(
            Family::IPV6_UNICAST,
            &negotiated,
            &mut |message: &[u8]| messages.push(message.to_vec()),
        );
        (report, messages)
    };
    assert_eq!(report, FlushReport::default());
}

#[test]
fn route_refresh_resends_the_family_with_borr_and_eorr_when_enhanced() {
    for enhanced in [false, true] {
        let support = if enhanced {
            RouteRefreshSupport::Enhanced
        } else {
            RouteRefreshSupport::Normal
        };
        let negotiated = session(&[], support);
        let mut rib = AdjRibOut::new();
        full_table(&mut rib, &negotiated);
        let set = AttributeHandle::new(attributes(1));
        rib.announce(&v4("10.0.0.0/24", None), &set, &hop4(1), &Owner::Static);
        rib.announce(&v4("10.0.1.0/24", None), &set, &hop4(1), &Owner::Static);
        rib.announce(&v6("2001:db8::/32"), &set, &hop6(1), &Owner::Static);
        flush(&mut rib, &negotiated);
        // A queued withdrawal of the family goes out with the refresh.
        rib.withdraw(&v4("10.0.1.0/24", None));
        let (report, received, _) = sent(&negotiated, |mut sink| {
            rib.refresh(Family::IPV4_UNICAST, &negotiated, &mut sink)
        });
        let mut expected = vec![
            Received::Withdraw(v4("10.0.1.0/24", None)),
            Received::Announce(v4("10.0.0.0/24", None), attributes(1), hop4(1)),
        ];
        if enhanced {
            expected.insert(
                0,
                Received::RouteRefresh(Family::IPV4_UNICAST, RouteRefreshSubtype::Begin),
            );
            expected.push(Received::RouteRefresh(
                Family::IPV4_UNICAST,
                RouteRefreshSubtype::End,
            ));
        }
        assert_eq!(received, expected, "enhanced: {enhanced}");
        assert_eq!(report.messages, expected.len());
        assert_eq!(flush(&mut rib, &negotiated).1, vec![]);
    }
}

#[test]
fn resend_all_sends_every_route_again() {
    let (mut rib, negotiated) = established();
    let set = AttributeHandle::new(attributes(1));
    rib.announce(&v4("10.0.0.0/24", None), &set, &hop4(1), &Owner::Static);
    flush(&mut rib, &negotiated);
    rib.resend_all();
    assert_eq!(
        flush(&mut rib, &negotiated).1,
        vec![Received::Announce(
            v4("10.0.0.0/24", None),
            attributes(1),
            hop4(1)
        )]
    );
}

#[test]
fn attributes_too_large_for_any_message_are_reported_and_not_recorded_as_sent() {
    let (mut rib, negotiated) = established();
    let mut huge = attributes(1);
    huge.communities = (0..1100).map(crate::wire::attribute::Community).collect();
    let set = AttributeHandle::new(huge);
    let nlri = v4("10.0.0.0/24", None);
    rib.announce(&nlri, &set, &hop4(1), &Owner::Static);
    let (report, received) = flush(&mut rib, &negotiated);
    assert_eq!(received, vec![]);
    assert_eq!((report.announced, report.not_sent.len()), (0, 1));
    assert_eq!(rib.get(&nlri).map(|route| route.sent), Some(false));
    // Withdrawing it sends nothing: the peer never had it.
    rib.withdraw(&nlri);
    assert_eq!(flush(&mut rib, &negotiated).1, vec![]);
}

#[test]
fn listing_and_counting() {
    let (mut rib, negotiated) = established();
    let set = AttributeHandle::new(attributes(1));
    rib.announce(&v4("10.0.1.0/24", None), &set, &hop4(1), &helper("a"));
    rib.announce(&v4("10.0.0.0/24", None), &set, &hop4(1), &Owner::Static);
    rib.announce(&v6("2001:db8::/32"), &set, &hop6(1), &Owner::Control);
    flush(&mut rib, &negotiated);
    rib.announce(&v4("10.0.2.0/24", None), &set, &hop4(1), &Owner::Static);

    let listed: Vec<(Nlri, Owner, bool)> = rib
        .sorted_routes()
        .into_iter()
        .map(|route| (route.nlri, route.owner.clone(), route.sent))
        .collect();
    assert_eq!(
        listed,
        vec![
            (v4("10.0.0.0/24", None), Owner::Static, true),
            (v4("10.0.1.0/24", None), helper("a"), true),
            (v4("10.0.2.0/24", None), Owner::Static, false),
            (v6("2001:db8::/32"), Owner::Control, true),
        ]
    );
    assert_eq!(rib.routes().count(), 4);
    let route = rib.get(&v6("2001:db8::/32"));
    assert_eq!(route.as_ref().map(|route| route.next_hop), Some(&hop6(1)));
    assert_eq!(route.map(|route| route.attributes.med), Some(Some(1)));
    assert_eq!(rib.get(&v6("2001:db8:1::/48")), None);
    let count = |family, owner, routes| RouteCount {
        family,
        owner,
        routes,
    };
    assert_eq!(
        rib.counts(),
        vec![
            count(Family::IPV4_UNICAST, Owner::Static, 2),
            count(Family::IPV4_UNICAST, helper("a"), 1),
            count(Family::IPV6_UNICAST, Owner::Control, 1),
        ]
    );
}

#[test]
fn a_few_changes_in_a_large_table_are_found_by_key() {
    // Fewer than a quarter of the routes queued: the flush looks them up one by one.
    let (mut rib, negotiated) = established();
    let set = AttributeHandle::new(attributes(1));
    let other = AttributeHandle::new(attributes(2));
    let prefix = |index: u32| v4(&format!("10.0.{index}.0/24"), None);
    for index in 0..100 {
        rib.announce(&prefix(index), &set, &hop4(1), &Owner::Static);
    }
    let mut model = ModelPeer::default();
    model.apply(&flush(&mut rib, &negotiated).1);
    rib.announce(&prefix(1), &other, &hop4(1), &Owner::Static);
    rib.announce(&prefix(2), &other, &hop4(1), &Owner::Static);
    rib.announce(&prefix(2), &set, &hop4(1), &Owner::Static);
    rib.withdraw(&prefix(3));
    rib.announce(&prefix(200), &set, &hop4(1), &Owner::Static);
    rib.withdraw(&prefix(200));
    rib.withdraw(&prefix(201));
    let (_, received) = flush(&mut rib, &negotiated);
    assert_eq!(
        received,
        vec![
            Received::Withdraw(prefix(3)),
            Received::Announce(prefix(1), attributes(2), hop4(1)),
        ]
    );
    model.apply(&received);
    rib.announce(&prefix(4), &other, &hop4(2), &Owner::Static);
    rib.withdraw(&prefix(5));
    assert_eq!(rib.pending(), 2);
    let (_, received) = flush(&mut rib, &negotiated);
    assert_eq!(
        received,
        vec![
            Received::Withdraw(prefix(5)),
            Received::Announce(prefix(4), attributes(2), hop4(2)),
        ]
    );
    model.apply(&received);
    assert_eq!(model.spurious_withdrawals, Vec::<Nlri>::new());
    assert_eq!(rib.len(), 98);
    assert_eq!(model.routes.len(), 98);
    assert_eq!(rib.pending(), 0);
}
