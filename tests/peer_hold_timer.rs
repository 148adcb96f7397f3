//! Hold timer expiry against a frozen peer, and reconnection after a peer vanishes.
//!
//! The frozen peer is a raw socket that completes OPEN/KEEPALIVE and then sends nothing: the
//! peer task must keep sending KEEPALIVEs and send NOTIFICATION 4/0 once the hold time (3 s)
//! has passed, then connect again after its backoff.

mod peer_support;

use std::net::Ipv4Addr;
use std::time::{Duration, Instant};

use ferrobgp::peer::{Listener, PeerCmd, PeerEvent};
use ferrobgp::session::{DownReason, State};
use ferrobgp::wire::capability::Capability;
use ferrobgp::wire::family::Family;
use ferrobgp::wire::message::{Message, decode_message};
use ferrobgp::wire::negotiated::Negotiated;
use ferrobgp::wire::notification::Notification;
use ferrobgp::wire::open::Open;
use peer_support::*;
use tokio::net::TcpListener;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frozen_peer_gets_hold_timer_expired_within_the_hold_time() {
    let raw = TcpListener::bind("127.0.0.31:0").await.expect("bind");
    let port = raw.local_addr().expect("address").port();
    let mut config = peer(
        1,
        ip("127.0.0.31"),
        port,
        session(65001, 65002, [1, 1, 1, 1], 3),
    );
    config.local_address = Some(ip("127.0.0.32"));
    let (handle, mut events) = spawn(config);
    handle.send(PeerCmd::Start).await.expect("start");

    let (mut stream, _) = tokio::time::timeout(WAIT, raw.accept())
        .await
        .expect("connects in time")
        .expect("accept");
    let negotiated = Negotiated::default();
    let open = decode_message(&read_message(&mut stream, WAIT).await, &negotiated).expect("open");
    assert!(
        matches!(open, Message::Open(ref open) if open.hold_time == 3),
        "{open:?}"
    );
    let ours = Open::new(
        65002,
        3,
        Ipv4Addr::new(2, 2, 2, 2),
        vec![
            Capability::Multiprotocol(Family::IPV4_UNICAST),
            Capability::FourOctetAs(65002),
        ],
    );
    write_message(&mut stream, &Message::Open(ours)).await;
    write_message(&mut stream, &Message::Keepalive).await;
    // From here on the raw peer is frozen: it only reads.
    let frozen_at = Instant::now();
    let mut keepalives = 0;
    let notification = loop {
        let bytes = read_message(&mut stream, Duration::from_secs(6)).await;
        match decode_message(&bytes, &negotiated).expect("message") {
            Message::Keepalive => keepalives += 1,
            Message::Notification(notification) => break notification,
            // The End-of-RIB marker after Established.
            Message::Update(update) if update.end_of_rib().is_some() => {}
            other => panic!("unexpected {other:?}"),
        }
    };
    let elapsed = frozen_at.elapsed();
    assert_eq!(notification, Notification::new(4, 0, Vec::new()));
    assert!(
        elapsed >= Duration::from_millis(2900) && elapsed <= Duration::from_millis(4000),
        "NOTIFICATION 4/0 after {elapsed:?}"
    );
    // One KEEPALIVE for the OPEN, then one per second while frozen.
    assert!(keepalives >= 3, "{keepalives} KEEPALIVEs");
    let event = events
        .wait_for("down", WAIT, |event| {
            matches!(event, PeerEvent::Down { .. })
        })
        .await;
    assert!(
        matches!(event, PeerEvent::Down { cause: DownReason::LocalNotification(ref n), .. } if n.code == 4),
        "{event:?}"
    );
    // The task connects again after its backoff.
    let again = Instant::now();
    let (_second, _) = tokio::time::timeout(WAIT, raw.accept())
        .await
        .expect("reconnects in time")
        .expect("accept");
    eprintln!(
        "timings: hold timer fired after {elapsed:?} ({keepalives} keepalives), reconnected after {:?}",
        again.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vanished_peer_brings_the_session_down_and_reconnects_with_backoff() {
    let listener = Listener::bind("127.0.0.42:0".parse().expect("address")).expect("bind");
    let port = listener.local_address().expect("address").port();
    let mut passive = session(65002, 65001, [2, 2, 2, 2], 30);
    passive.passive = true;
    let (b, mut b_events) = spawn(peer(2, ip("127.0.0.41"), 0, passive));
    let hub = route_incoming(listener, ip("127.0.0.41"), b.commands());
    let mut active = peer(
        1,
        ip("127.0.0.42"),
        port,
        session(65001, 65002, [1, 1, 1, 1], 30),
    );
    active.local_address = Some(ip("127.0.0.41"));
    let (a, mut a_events) = spawn(active);
    b.send(PeerCmd::Start).await.expect("start b");
    a.send(PeerCmd::Start).await.expect("start a");
    a_events
        .wait_for("up", WAIT, |event| matches!(event, PeerEvent::Up))
        .await;
    b_events
        .wait_for("B up", WAIT, |event| matches!(event, PeerEvent::Up))
        .await;

    // B vanishes: its task and the listener are gone, its sockets closed without a word.
    hub.abort();
    let _ = hub.await;
    // Keep the command channel open, so that the task is cancelled, not told to stop.
    let _commands = b.commands();
    drop(b);
    let vanished = Instant::now();
    let event = a_events
        .wait_for("down", WAIT, |event| {
            matches!(event, PeerEvent::Down { .. })
        })
        .await;
    assert!(
        matches!(
            event,
            PeerEvent::Down {
                cause: DownReason::ConnectionLost,
                ..
            }
        ),
        "{event:?}"
    );
    let detected = vanished.elapsed();
    // Then attempts, refused, each after a longer wait (200 ms doubling, at most 1.6 s).
    let mut attempts = Vec::new();
    while attempts.len() < 4 {
        a_events
            .wait_for("a connection attempt", WAIT, |event| {
                matches!(
                    event,
                    PeerEvent::StateChanged {
                        to: State::Connect,
                        ..
                    }
                )
            })
            .await;
        attempts.push(Instant::now());
        a_events
            .wait_for("a refusal", WAIT, |event| {
                matches!(event, PeerEvent::ConnectFailed { .. })
            })
            .await;
    }
    let gaps: Vec<Duration> = attempts
        .windows(2)
        .map(|pair| pair[1].duration_since(pair[0]))
        .collect();
    assert!(gaps[0] >= Duration::from_millis(150), "{gaps:?}");
    assert!(gaps[2] > gaps[0], "backoff grows: {gaps:?}");
    eprintln!("timings: down detected after {detected:?}, attempt gaps {gaps:?}");
    a.send(PeerCmd::Shutdown {
        subcode: 2,
        message: String::new(),
    })
    .await
    .expect("shutdown");
    tokio::time::timeout(WAIT, a.join())
        .await
        .expect("ends")
        .expect("no panic");
}
