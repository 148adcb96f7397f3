//! Two peer tasks in one process peer over loopback (one active, one passive behind the
//! listener): Established, IPv4 and IPv6 routes with their attributes, End-of-RIB, changes
//! while up, enhanced route refresh, and a stop with an RFC 9003 Shutdown Communication.

mod peer_support;

use std::net::{Ipv4Addr, Ipv6Addr};
use std::time::{Duration, Instant};

use ferrobgp::peer::{Listener, PeerCmd, PeerEvent, RouteChange};
use ferrobgp::session::DownReason;
use ferrobgp::wire::family::Family;
use ferrobgp::wire::message::Message;
use ferrobgp::wire::nlri::mp::NextHop;
use ferrobgp::wire::route_refresh::RouteRefreshSubtype;
use ferrobgp::wire::update::Update;
use peer_support::*;

/// The UPDATE of a `Received` event.
fn received_update(event: &PeerEvent) -> Option<&Update> {
    match event {
        PeerEvent::Received(received) => match &received.message {
            Message::Update(update) => Some(update),
            _ => None,
        },
        _ => None,
    }
}

fn announces(event: &PeerEvent, prefix: &str) -> bool {
    let wanted = nlri(prefix);
    received_update(event).is_some_and(|update| {
        update.announced.contains(&wanted)
            || update
                .mp_reach
                .as_ref()
                .is_some_and(|reach| reach.nlri.contains(&wanted))
    })
}

fn refresh_marker(event: &PeerEvent, subtype: RouteRefreshSubtype) -> bool {
    matches!(event, PeerEvent::Received(received)
        if matches!(&received.message, Message::RouteRefresh(refresh) if refresh.subtype == subtype))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_peers_establish_exchange_routes_refresh_and_stop() {
    let started = Instant::now();
    let listener = Listener::bind("127.0.0.22:0".parse().expect("address")).expect("bind");
    let port = listener.local_address().expect("address").port();

    let mut passive = session(65002, 65001, [2, 2, 2, 2], 9);
    passive.passive = true;
    let (b, mut b_events) = spawn(peer(2, ip("127.0.0.21"), 0, passive));
    let hub = route_incoming(listener, ip("127.0.0.21"), b.commands());

    let mut active = peer(
        1,
        ip("127.0.0.22"),
        port,
        session(65001, 65002, [1, 1, 1, 1], 9),
    );
    active.local_address = Some(ip("127.0.0.21"));
    let (a, mut a_events) = spawn(active);

    let attributes = rich_attributes(65001);
    let v4_next_hop = Ipv4Addr::new(127, 0, 0, 21);
    let v6_next_hop: Ipv6Addr = "2001:db8::21".parse().expect("v6");
    // Routes given before the session: they go out with the full table.
    a.send(PeerCmd::Routes(vec![
        announce("10.1.0.0/24", &attributes, NextHop::Ipv4(v4_next_hop)),
        announce("10.1.1.0/24", &attributes, NextHop::Ipv4(v4_next_hop)),
        announce(
            "2001:db8:1::/48",
            &attributes,
            NextHop::Ipv6 {
                global: v6_next_hop,
                link_local: None,
            },
        ),
    ]))
    .await
    .expect("routes");
    b.send(PeerCmd::Start).await.expect("start b");
    a.send(PeerCmd::Start).await.expect("start a");

    a_events
        .wait_for("A up", WAIT, |event| matches!(event, PeerEvent::Up))
        .await;
    b_events
        .wait_for("B up", WAIT, |event| matches!(event, PeerEvent::Up))
        .await;
    let established = started.elapsed();

    // IPv4 routes, one UPDATE, attributes intact (NEXT_HOP is carried in the attributes).
    let event = b_events
        .wait_for("IPv4 UPDATE", WAIT, |event| announces(event, "10.1.0.0/24"))
        .await;
    let update = received_update(&event).expect("update");
    assert!(
        update.announced.contains(&nlri("10.1.1.0/24")),
        "{update:?}"
    );
    let mut expected = attributes.clone();
    expected.next_hop = Some(v4_next_hop);
    assert_eq!(update.attributes, expected);
    assert!(update.problems.is_empty());
    b_events
        .wait_for("IPv4 End-of-RIB", WAIT, |event| {
            *event == PeerEvent::EndOfRib(Family::IPV4_UNICAST)
        })
        .await;
    // IPv6 route in MP_REACH_NLRI with its next hop.
    let event = b_events
        .wait_for("IPv6 UPDATE", WAIT, |event| {
            announces(event, "2001:db8:1::/48")
        })
        .await;
    let update = received_update(&event).expect("update");
    assert_eq!(update.attributes, attributes);
    assert_eq!(
        update.mp_reach.as_ref().map(|reach| reach.next_hop.clone()),
        Some(NextHop::Ipv6 {
            global: v6_next_hop,
            link_local: None
        })
    );
    b_events
        .wait_for("IPv6 End-of-RIB", WAIT, |event| {
            *event == PeerEvent::EndOfRib(Family::IPV6_UNICAST)
        })
        .await;
    let full_table = started.elapsed();

    // A change while Established is sent at once; so is its withdrawal.
    a.send(PeerCmd::Routes(vec![announce(
        "10.2.0.0/24",
        &attributes,
        NextHop::Ipv4(v4_next_hop),
    )]))
    .await
    .expect("routes");
    b_events
        .wait_for("new route", WAIT, |event| announces(event, "10.2.0.0/24"))
        .await;
    a.send(PeerCmd::Routes(vec![RouteChange::Withdraw(nlri(
        "10.2.0.0/24",
    ))]))
    .await
    .expect("withdraw");
    b_events
        .wait_for("withdrawal", WAIT, |event| {
            received_update(event)
                .is_some_and(|update| update.withdrawn.contains(&nlri("10.2.0.0/24")))
        })
        .await;

    // Enhanced route refresh: B asks, A answers BoRR, the routes, EoRR.
    b.send(PeerCmd::RequestRefresh(Family::IPV4_UNICAST))
        .await
        .expect("refresh");
    b_events
        .wait_for("BoRR", WAIT, |event| {
            refresh_marker(event, RouteRefreshSubtype::Begin)
        })
        .await;
    b_events
        .wait_for("re-sent route", WAIT, |event| {
            announces(event, "10.1.0.0/24")
        })
        .await;
    b_events
        .wait_for("EoRR", WAIT, |event| {
            refresh_marker(event, RouteRefreshSubtype::End)
        })
        .await;

    // Stop: Cease 2 with the operator's text reaches B.
    a.send(PeerCmd::Stop {
        subcode: 2,
        message: "maintenance window".to_owned(),
    })
    .await
    .expect("stop");
    let event = b_events
        .wait_for("Cease", WAIT, |event| {
            matches!(event, PeerEvent::NotificationReceived(_))
        })
        .await;
    let PeerEvent::NotificationReceived(notification) = event else {
        unreachable!()
    };
    assert_eq!((notification.code, notification.subcode), (6, 2));
    assert_eq!(
        notification.shutdown_communication().as_deref(),
        Some("maintenance window")
    );
    let event = b_events
        .wait_for("B down", WAIT, |event| {
            matches!(event, PeerEvent::Down { .. })
        })
        .await;
    let PeerEvent::Down { reason, cause } = event else {
        unreachable!()
    };
    assert!(matches!(cause, DownReason::PeerNotification(_)));
    assert!(reason.contains("maintenance window"), "{reason}");
    a_events
        .wait_for("A down", WAIT, |event| {
            matches!(event, PeerEvent::Down { .. })
        })
        .await;

    for handle in [a, b] {
        handle
            .send(PeerCmd::Shutdown {
                subcode: 2,
                message: String::new(),
            })
            .await
            .expect("shutdown");
        tokio::time::timeout(WAIT, handle.join())
            .await
            .expect("ends in time")
            .expect("no panic");
    }
    hub.abort();
    eprintln!(
        "timings: established {established:?}, full table {full_table:?}, total {:?}",
        started.elapsed()
    );
}

/// Both sides connect to each other at once: the connection collision (RFC 4271 §6.8) is
/// resolved and one session stays up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_connections_settle_on_one_session() {
    for round in 0..3 {
        let a_listener = Listener::bind("127.0.0.61:0".parse().expect("address")).expect("bind");
        let b_listener = Listener::bind("127.0.0.62:0".parse().expect("address")).expect("bind");
        let a_port = a_listener.local_address().expect("address").port();
        let b_port = b_listener.local_address().expect("address").port();
        let mut a_config = peer(
            1,
            ip("127.0.0.62"),
            b_port,
            session(65001, 65002, [1, 1, 1, 1], 9),
        );
        a_config.local_address = Some(ip("127.0.0.61"));
        let mut b_config = peer(
            2,
            ip("127.0.0.61"),
            a_port,
            session(65002, 65001, [2, 2, 2, 2], 9),
        );
        b_config.local_address = Some(ip("127.0.0.62"));
        let (a, mut a_events) = spawn(a_config);
        let (b, mut b_events) = spawn(b_config);
        let a_hub = route_incoming(a_listener, ip("127.0.0.62"), a.commands());
        let b_hub = route_incoming(b_listener, ip("127.0.0.61"), b.commands());
        let (first, second) = tokio::join!(a.send(PeerCmd::Start), b.send(PeerCmd::Start));
        first.expect("start a");
        second.expect("start b");
        a_events
            .wait_for("A up", WAIT, |event| matches!(event, PeerEvent::Up))
            .await;
        b_events
            .wait_for("B up", WAIT, |event| matches!(event, PeerEvent::Up))
            .await;
        // Stable: nobody goes down afterwards.
        for events in [&mut a_events, &mut b_events] {
            let later = events.collect_for(Duration::from_millis(1500)).await;
            assert!(
                !later
                    .iter()
                    .any(|event| matches!(event, PeerEvent::Down { .. })),
                "round {round}: {later:?}"
            );
        }
        let collisions = a_events
            .seen
            .iter()
            .chain(b_events.seen.iter())
            .filter(|event| {
                matches!(event, PeerEvent::NotificationSent(notification)
                    if (notification.code, notification.subcode) == (6, 7))
            })
            .count();
        eprintln!("round {round}: {collisions} collision resolution NOTIFICATIONs");
        a_hub.abort();
        b_hub.abort();
    }
}
