//! The backpressure policy: a hub that does not read a peer's events makes the peer stop
//! reading its socket (TCP pushes back on the sender), but KEEPALIVEs keep flowing both ways
//! so neither side's hold timer expires, and once the hub reads again every route arrives.

mod peer_support;

use std::net::Ipv4Addr;
use std::time::{Duration, Instant};

use ferrobgp::peer::{Listener, PeerCmd, PeerEvent};
use ferrobgp::wire::message::Message;
use ferrobgp::wire::nlri::mp::NextHop;
use peer_support::*;

const ROUTES: usize = 20_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_hub_never_stops_keepalives_and_loses_nothing() {
    let listener = Listener::bind("127.0.0.82:0".parse().expect("address")).expect("bind");
    let port = listener.local_address().expect("address").port();
    let mut passive = session(65002, 65001, [2, 2, 2, 2], 3);
    passive.passive = true;
    // B's hub takes at most 4 events at a time, and stops reading after Up.
    let (b, mut b_events) = spawn_with_capacity(peer(2, ip("127.0.0.81"), 0, passive), 4);
    let hub = route_incoming(listener, ip("127.0.0.81"), b.commands());
    let mut active = peer(
        1,
        ip("127.0.0.82"),
        port,
        session(65001, 65002, [1, 1, 1, 1], 3),
    );
    active.local_address = Some(ip("127.0.0.81"));
    let (a, mut a_events) = spawn(active);
    b.send(PeerCmd::Start).await.expect("start");
    a.send(PeerCmd::Start).await.expect("start");
    b_events
        .wait_for("B up", WAIT, |event| matches!(event, PeerEvent::Up))
        .await;

    // 20k routes, one per UPDATE (distinct MEDs): far more events than B's hub takes.
    let changes = (0..ROUTES)
        .map(|index| {
            let attributes = ferrobgp::wire::attribute::Attributes {
                med: Some(u32::try_from(index).expect("small")),
                ..rich_attributes(65001)
            };
            announce(
                &format!("10.{}.{}.0/24", index / 256, index % 256),
                &attributes,
                NextHop::Ipv4(Ipv4Addr::new(127, 0, 0, 81)),
            )
        })
        .collect();
    a.send(PeerCmd::Routes(changes)).await.expect("routes");

    // Two hold times without reading B's events: A hears B's KEEPALIVEs all along.
    let events = a_events.collect_for(Duration::from_secs(7)).await;
    assert!(
        !events
            .iter()
            .any(|event| matches!(event, PeerEvent::Down { .. })),
        "A went down: {:?}",
        events.iter().map(short).collect::<Vec<_>>()
    );
    let keepalives = events
        .iter()
        .filter(|event| {
            matches!(event, PeerEvent::Received(received) if received.message == Message::Keepalive)
        })
        .count();
    assert!(keepalives >= 5, "{keepalives} KEEPALIVEs from B in 7 s");

    // The hub reads again: every route arrives, and B never went down.
    let draining = Instant::now();
    let mut received = 0usize;
    while received < ROUTES {
        let event = b_events
            .wait_for("routes", WAIT, |event| {
                matches!(event, PeerEvent::Received(_) | PeerEvent::Down { .. })
            })
            .await;
        match event {
            PeerEvent::Received(message) => {
                if let Message::Update(update) = &message.message {
                    received += update.announced.len();
                }
            }
            other => panic!("B went down: {other:?}"),
        }
    }
    eprintln!(
        "timings: {keepalives} keepalives while the hub slept; {ROUTES} routes drained in {:?}",
        draining.elapsed()
    );
    hub.abort();
}
