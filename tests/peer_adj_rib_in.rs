//! The Adj-RIB-In of a peer task, fed by a scripted peer over loopback: received routes are
//! kept with their attributes, LOCAL_PREF from an external peer left out (RFC 4271 §5.1.5)
//! while the `Received` event still carries it (as ExaBGP shows it), withdrawals and RFC 7606
//! treat-as-withdraw remove routes, `PeerCmd::ReceivedRoutes` answers with them,
//! `PeerCmd::ClearReceivedRoutes` forgets them, the session going down empties the table, an
//! internal peer's LOCAL_PREF is kept, and `adj_rib_in: false` keeps nothing.

mod peer_support;

use std::net::Ipv4Addr;
use std::time::Duration;

use ferrobgp::peer::{PeerCmd, PeerEvent, PeerHandle};
use ferrobgp::rib::StoredRoute;
use ferrobgp::wire::attribute::{AsPath, Attributes, Origin};
use ferrobgp::wire::capability::Capability;
use ferrobgp::wire::family::Family;
use ferrobgp::wire::message::Message;
use ferrobgp::wire::nlri::mp::NextHop;
use ferrobgp::wire::open::Open;
use ferrobgp::wire::update::Update;
use peer_support::*;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

const SCRIPTED: &str = "127.16.2.1";

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

/// Polls the Adj-RIB-In until `wanted` holds (bounded).
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

/// A peer task (AS `local_as`, from `local`) connected to a scripted peer of AS 65002 and
/// Established; 2-octet AS numbers (the scripted OPEN has no 4-octet AS capability).
async fn scripted(local: &str, local_as: u32, adj_rib_in: bool) -> (PeerHandle, Events, TcpStream) {
    let raw = TcpListener::bind(format!("{SCRIPTED}:0"))
        .await
        .expect("bind");
    let port = raw.local_addr().expect("address").port();
    let mut config = peer(
        1,
        ip(SCRIPTED),
        port,
        session(local_as, 65002, [1, 1, 1, 1], 30),
    );
    config.local_address = Some(ip(local));
    config.adj_rib_in = adj_rib_in;
    let (handle, mut events) = spawn(config);
    handle.send(PeerCmd::Start).await.expect("start");
    let (mut stream, _) = tokio::time::timeout(WAIT, raw.accept())
        .await
        .expect("connects in time")
        .expect("accept");
    read_message(&mut stream, WAIT).await;
    let open = Open::new(
        65002,
        30,
        Ipv4Addr::new(2, 2, 2, 2),
        vec![Capability::Multiprotocol(Family::IPV4_UNICAST)],
    );
    write_message(&mut stream, &Message::Open(open)).await;
    write_message(&mut stream, &Message::Keepalive).await;
    events
        .wait_for("up", WAIT, |event| matches!(event, PeerEvent::Up))
        .await;
    (handle, events, stream)
}

fn attributes(local_preference: u32) -> Attributes {
    Attributes {
        origin: Some(Origin::Igp),
        as_path: Some(AsPath::sequence(vec![65002])),
        next_hop: Some(Ipv4Addr::new(127, 16, 2, 1)),
        med: Some(42),
        local_preference: Some(local_preference),
        ..Attributes::default()
    }
}

fn announcement(prefixes: &[&str], attributes: &Attributes) -> Message {
    let mut update = Update::end_of_rib_marker(Family::IPV4_UNICAST);
    update.attributes = attributes.clone();
    update.announced = prefixes.iter().map(|prefix| nlri(prefix)).collect();
    Message::Update(Box::new(update))
}

fn withdrawal(prefixes: &[&str]) -> Message {
    let mut update = Update::end_of_rib_marker(Family::IPV4_UNICAST);
    update.withdrawn = prefixes.iter().map(|prefix| nlri(prefix)).collect();
    Message::Update(Box::new(update))
}

/// An UPDATE announcing 10.16.3.0/24 whose MED has 3 octets instead of 4: RFC 7606 §7.4,
/// treat-as-withdraw.
fn malformed_med_announcement() -> Vec<u8> {
    let attributes: [u8; 24] = [
        0x40, 1, 1, 0, // ORIGIN IGP
        0x40, 2, 4, 2, 1, 0xFD, 0xEA, // AS_PATH 65002
        0x40, 3, 4, 127, 16, 2, 1, // NEXT_HOP
        0x80, 4, 3, 0, 0, 7, // MED, one octet short
    ];
    let mut body = vec![0, 0, 0, 24];
    body.extend_from_slice(&attributes);
    body.extend_from_slice(&[24, 10, 16, 3]);
    let mut message = vec![0xFF; 16];
    let length = u16::try_from(19 + body.len()).expect("short");
    message.extend_from_slice(&length.to_be_bytes());
    message.push(2);
    message.extend_from_slice(&body);
    message
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_external_peers_routes_are_kept_without_local_preference_and_go_with_the_session() {
    let (handle, mut events, mut stream) = scripted("127.16.2.2", 65001, true).await;
    let sent = attributes(300);
    write_message(
        &mut stream,
        &announcement(&["10.16.2.0/24", "10.16.3.0/24"], &sent),
    )
    .await;
    let routes = wait_routes(&handle, "two routes", |routes| routes.len() == 2).await;
    assert_eq!(routes[0].nlri, nlri("10.16.2.0/24"));
    assert_eq!(routes[1].nlri, nlri("10.16.3.0/24"));
    for route in &routes {
        assert_eq!(route.family, Family::IPV4_UNICAST);
        assert_eq!(route.next_hop, NextHop::Ipv4(Ipv4Addr::new(127, 16, 2, 1)));
        assert!(!route.stale);
        assert_eq!(route.attributes.local_preference, None, "LOCAL_PREF kept");
        assert_eq!(route.attributes.med, Some(42));
        assert_eq!(route.attributes.as_path, sent.as_path);
        assert_eq!(
            route.attributes.next_hop, None,
            "the next hop is kept apart"
        );
    }
    // Both routes share one interned attribute set.
    assert!(routes[0].attributes.same(&routes[1].attributes));
    // The event shows the UPDATE as received, LOCAL_PREF included.
    events
        .wait_for("the UPDATE event with LOCAL_PREF", WAIT, |event| {
            matches!(event, PeerEvent::Received(message)
                if matches!(&message.message, Message::Update(update)
                    if update.attributes.local_preference == Some(300)))
        })
        .await;

    write_message(&mut stream, &withdrawal(&["10.16.2.0/24"])).await;
    let routes = wait_routes(&handle, "the withdrawal", |routes| routes.len() == 1).await;
    assert_eq!(routes[0].nlri, nlri("10.16.3.0/24"));

    stream
        .write_all(&malformed_med_announcement())
        .await
        .expect("write");
    wait_routes(&handle, "treat-as-withdraw", <[StoredRoute]>::is_empty).await;

    write_message(&mut stream, &announcement(&["10.16.4.0/24"], &sent)).await;
    wait_routes(&handle, "a new route", |routes| routes.len() == 1).await;
    handle
        .send(PeerCmd::ClearReceivedRoutes)
        .await
        .expect("clear");
    assert!(received_routes(&handle).await.is_empty());

    write_message(&mut stream, &announcement(&["10.16.5.0/24"], &sent)).await;
    wait_routes(&handle, "a route after the clear", |routes| {
        routes.len() == 1
    })
    .await;
    // The peer closes the connection: the session and its routes go.
    drop(stream);
    events
        .wait_for("down", WAIT, |event| {
            matches!(event, PeerEvent::Down { .. })
        })
        .await;
    assert!(received_routes(&handle).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_internal_peers_local_preference_is_kept_and_adj_rib_in_off_keeps_nothing() {
    let (handle, _events, mut stream) = scripted("127.16.2.3", 65002, true).await;
    write_message(
        &mut stream,
        &announcement(&["10.16.6.0/24"], &attributes(300)),
    )
    .await;
    let routes = wait_routes(&handle, "the route", |routes| routes.len() == 1).await;
    assert_eq!(routes[0].attributes.local_preference, Some(300));

    let (handle, mut events, mut stream) = scripted("127.16.2.4", 65001, false).await;
    write_message(
        &mut stream,
        &announcement(&["10.16.7.0/24"], &attributes(300)),
    )
    .await;
    events
        .wait_for("the UPDATE", WAIT, |event| {
            matches!(event, PeerEvent::Received(message)
                if matches!(&message.message, Message::Update(_)))
        })
        .await;
    assert!(received_routes(&handle).await.is_empty());
}
