//! The Adj-RIB-In of a peer task, over a real loopback session between two peer tasks:
//! received routes are kept (attributes as received, LOCAL_PREF from an external peer left
//! out, RFC 4271 §5.1.5), withdrawals remove them, `PeerCmd::ReceivedRoutes` answers with
//! them, `PeerCmd::ClearReceivedRoutes` forgets them, the session going down empties it, and
//! `adj_rib_in: false` keeps nothing.

mod peer_support;

use std::net::Ipv4Addr;
use std::time::Duration;

use ferrobgp::peer::{Listener, PeerCmd, PeerEvent, PeerHandle, RouteChange};
use ferrobgp::rib::StoredRoute;
use ferrobgp::wire::family::Family;
use ferrobgp::wire::nlri::mp::NextHop;
use peer_support::*;

async fn received_routes(handle: &PeerHandle) -> Vec<StoredRoute> {
    let (reply, answer) = tokio::sync::oneshot::channel();
    handle
        .send(PeerCmd::ReceivedRoutes(reply))
        .await
        .expect("command delivered");
    tokio::time::timeout(WAIT, answer)
        .await
        .expect("answered in time")
        .expect("answered")
}

/// Polls B's Adj-RIB-In until `wanted` holds (bounded).
async fn wait_routes(
    handle: &PeerHandle,
    what: &str,
    wanted: impl Fn(&[StoredRoute]) -> bool,
) -> Vec<StoredRoute> {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let routes = received_routes(handle).await;
        if wanted(&routes) {
            return routes;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "never {what}; routes: {routes:#?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A (active, 127.16.2.1, AS 65001) and B (passive, 127.16.2.2, AS 65002 or 65001).
async fn pair(
    b_as: u32,
    b_adj_rib_in: bool,
) -> (
    PeerHandle,
    Events,
    PeerHandle,
    Events,
    tokio::task::JoinHandle<()>,
) {
    let a_address = if b_adj_rib_in {
        "127.16.2.1"
    } else {
        "127.16.2.3"
    };
    let listener = Listener::bind("127.16.2.2:0".parse().expect("address")).expect("bind");
    let port = listener.local_address().expect("address").port();
    let mut passive = session(b_as, 65001, [2, 2, 2, 2], 9);
    passive.passive = true;
    let mut b_config = peer(2, ip(a_address), 0, passive);
    b_config.adj_rib_in = b_adj_rib_in;
    let (b, b_events) = spawn(b_config);
    let accept = route_incoming(listener, ip(a_address), b.commands());
    let mut active = peer(
        1,
        ip("127.16.2.2"),
        port,
        session(65001, b_as, [1, 1, 1, 1], 9),
    );
    active.local_address = Some(ip(a_address));
    let (a, a_events) = spawn(active);
    (a, a_events, b, b_events, accept)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn received_routes_are_kept_withdrawn_cleared_and_dropped_with_the_session() {
    let (a, mut a_events, b, mut b_events, accept) = pair(65002, true).await;
    let mut attributes = rich_attributes(65001);
    attributes.local_preference = Some(300);
    let next_hop = NextHop::Ipv4(Ipv4Addr::new(127, 16, 2, 1));
    a.send(PeerCmd::Routes(vec![
        announce("10.16.2.0/24", &attributes, next_hop.clone()),
        announce("10.16.3.0/24", &attributes, next_hop.clone()),
    ]))
    .await
    .expect("routes");
    a.send(PeerCmd::Start).await.expect("start");
    b.send(PeerCmd::Start).await.expect("start");
    b_events
        .wait_for("B's End-of-RIB from A", WAIT, |event| {
            matches!(event, PeerEvent::EndOfRib(Family::IPV4_UNICAST))
        })
        .await;

    let routes = wait_routes(&b, "two routes", |routes| routes.len() == 2).await;
    assert_eq!(routes[0].nlri, nlri("10.16.2.0/24"));
    assert_eq!(routes[1].nlri, nlri("10.16.3.0/24"));
    for route in &routes {
        assert_eq!(route.family, Family::IPV4_UNICAST);
        assert_eq!(route.next_hop, next_hop);
        assert!(!route.stale);
        // Sent by the peer task as given, received from an external peer: ignored.
        assert_eq!(route.attributes.local_preference, None);
        assert_eq!(route.attributes.med, Some(42));
        assert_eq!(route.attributes.communities, attributes.communities);
        assert_eq!(route.attributes.as_path, attributes.as_path);
    }
    // Both routes share one interned attribute set.
    assert!(routes[0].attributes.same(&routes[1].attributes));

    // The event still shows what the peer sent (as ExaBGP's JSON does).
    let sent_local_preference = b_events.seen.iter().any(|event| {
        matches!(event, PeerEvent::Received(message)
            if matches!(&message.message, ferrobgp::wire::message::Message::Update(update)
                if update.attributes.local_preference == Some(300)))
    });
    assert!(sent_local_preference, "the received UPDATE lost LOCAL_PREF");

    a.send(PeerCmd::Routes(vec![RouteChange::Withdraw(nlri(
        "10.16.2.0/24",
    ))]))
    .await
    .expect("withdraw");
    let routes = wait_routes(&b, "the withdrawal", |routes| routes.len() == 1).await;
    assert_eq!(routes[0].nlri, nlri("10.16.3.0/24"));

    b.send(PeerCmd::ClearReceivedRoutes).await.expect("clear");
    assert!(received_routes(&b).await.is_empty());
    a.send(PeerCmd::Routes(vec![announce(
        "10.16.4.0/24",
        &attributes,
        next_hop.clone(),
    )]))
    .await
    .expect("announce");
    wait_routes(&b, "a new route after the clear", |routes| {
        routes.len() == 1
    })
    .await;

    // A stops: B's session goes down and its Adj-RIB-In with it.
    a.send(PeerCmd::Stop {
        subcode: 2,
        message: String::new(),
    })
    .await
    .expect("stop");
    b_events
        .wait_for("B down", WAIT, |event| {
            matches!(event, PeerEvent::Down { .. })
        })
        .await;
    assert!(received_routes(&b).await.is_empty());
    let _ = a_events.collect_for(Duration::ZERO).await;
    accept.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn internal_peers_keep_local_preference_and_adj_rib_in_off_keeps_nothing() {
    // iBGP: LOCAL_PREF is kept.
    let (a, _a_events, b, mut b_events, accept) = pair(65001, true).await;
    let mut attributes = rich_attributes(65001);
    attributes.local_preference = Some(300);
    let next_hop = NextHop::Ipv4(Ipv4Addr::new(127, 16, 2, 1));
    a.send(PeerCmd::Routes(vec![announce(
        "10.16.5.0/24",
        &attributes,
        next_hop.clone(),
    )]))
    .await
    .expect("routes");
    a.send(PeerCmd::Start).await.expect("start");
    b.send(PeerCmd::Start).await.expect("start");
    b_events
        .wait_for("B's End-of-RIB", WAIT, |event| {
            matches!(event, PeerEvent::EndOfRib(Family::IPV4_UNICAST))
        })
        .await;
    let routes = wait_routes(&b, "the route", |routes| routes.len() == 1).await;
    assert_eq!(routes[0].attributes.local_preference, Some(300));
    accept.abort();
    drop((a, b));

    // adj_rib_in off: the route arrives (event) but is not kept.
    let (a, _a_events, b, mut b_events, accept) = pair(65002, false).await;
    a.send(PeerCmd::Routes(vec![announce(
        "10.16.6.0/24",
        &attributes,
        NextHop::Ipv4(Ipv4Addr::new(127, 16, 2, 3)),
    )]))
    .await
    .expect("routes");
    a.send(PeerCmd::Start).await.expect("start");
    b.send(PeerCmd::Start).await.expect("start");
    b_events
        .wait_for("B's End-of-RIB", WAIT, |event| {
            matches!(event, PeerEvent::EndOfRib(Family::IPV4_UNICAST))
        })
        .await;
    assert!(received_routes(&b).await.is_empty());
    accept.abort();
}
