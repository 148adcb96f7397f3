//! Socket options on real loopback sockets: TCP-MD5 (RFC 2385) between a listener and an
//! outgoing connection, and in a whole session; GTSM (RFC 5082) and outgoing TTL, read back
//! and enforced. Every wait is bounded.

mod peer_support;

use std::net::SocketAddr;
use std::time::Duration;

use ferrobgp::peer::socket::{
    ConnectOptions, TtlPolicy, apply_ttl_policy, connect, minimum_ttl, outgoing_ttl,
};
use ferrobgp::peer::{Listener, PeerCmd, PeerEvent};
use peer_support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A silently dropped SYN shows as no connection within this time.
const NO_CONNECTION: Duration = Duration::from_secs(2);

async fn try_connect(
    options: &ConnectOptions,
) -> Result<std::io::Result<tokio::net::TcpStream>, tokio::time::error::Elapsed> {
    tokio::time::timeout(NO_CONNECTION, connect(options)).await
}

fn options(remote: SocketAddr, local: &str) -> ConnectOptions {
    let mut options = ConnectOptions::new(remote);
    options.local_address = Some(ip(local));
    options
}

#[tokio::test]
async fn md5_keys_must_match_for_a_connection() {
    let mut listener = Listener::bind("127.0.0.51:0".parse().expect("address")).expect("bind");
    let address = listener.local_address().expect("address");
    listener
        .set_md5_key(ip("127.0.0.52"), b"s3cret")
        .expect("listener key");

    let mut matching = options(address, "127.0.0.52");
    matching.md5_key = Some(b"s3cret".to_vec());
    let mut stream = try_connect(&matching)
        .await
        .expect("in time")
        .expect("connected");
    let mut accepted = tokio::time::timeout(WAIT, listener.accept(|_| true))
        .await
        .expect("accepted in time")
        .expect("accept");
    stream.write_all(b"signed").await.expect("write");
    let mut buffer = [0u8; 6];
    tokio::time::timeout(WAIT, accepted.stream.read_exact(&mut buffer))
        .await
        .expect("data in time")
        .expect("read");
    assert_eq!(&buffer, b"signed");

    let mut wrong = options(address, "127.0.0.52");
    wrong.md5_key = Some(b"wrong".to_vec());
    assert!(try_connect(&wrong).await.is_err(), "a wrong key connected");
    let unsigned = options(address, "127.0.0.52");
    assert!(try_connect(&unsigned).await.is_err(), "no key connected");
}

#[tokio::test]
async fn gtsm_and_ttl_options_read_back() {
    for (socket, ipv6) in [
        (tokio::net::TcpSocket::new_v4().expect("v4"), false),
        (tokio::net::TcpSocket::new_v6().expect("v6"), true),
    ] {
        apply_ttl_policy(&socket, ipv6, TtlPolicy::Gtsm { hops: 1 }).expect("gtsm");
        assert_eq!(minimum_ttl(&socket, ipv6).expect("read"), 255);
        assert_eq!(outgoing_ttl(&socket, ipv6).expect("read"), 255);
        apply_ttl_policy(&socket, ipv6, TtlPolicy::Gtsm { hops: 2 }).expect("gtsm 2");
        assert_eq!(minimum_ttl(&socket, ipv6).expect("read"), 254);
        apply_ttl_policy(&socket, ipv6, TtlPolicy::Outgoing(5)).expect("multihop");
        assert_eq!(outgoing_ttl(&socket, ipv6).expect("read"), 5);
    }
}

#[tokio::test]
async fn gtsm_drops_a_peer_that_sends_with_a_lower_ttl() {
    for (listen, local) in [("127.0.0.53:0", "127.0.0.54"), ("[::1]:0", "::1")] {
        let mut listener = Listener::bind(listen.parse().expect("address")).expect("bind");
        let address = listener.local_address().expect("address");
        listener
            .set_ttl_policy(TtlPolicy::Gtsm { hops: 1 })
            .expect("gtsm");

        let mut far = options(address, local);
        far.ttl = TtlPolicy::Outgoing(64);
        assert!(
            try_connect(&far).await.is_err(),
            "{listen}: TTL 64 got through"
        );

        let mut near = options(address, local);
        near.ttl = TtlPolicy::Gtsm { hops: 1 };
        let stream = try_connect(&near)
            .await
            .expect("in time")
            .expect("connected");
        assert_eq!(minimum_ttl(&stream, address.is_ipv6()).expect("read"), 255);
        let accepted = tokio::time::timeout(WAIT, listener.accept(|_| true))
            .await
            .expect("accepted in time")
            .expect("accept");
        // The accepted connection inherited the listener's minimum.
        assert_eq!(
            minimum_ttl(&accepted.stream, address.is_ipv6()).expect("read"),
            255
        );
    }
}

/// A whole session with TCP-MD5 on both sides (the passive one's key on the listener), and
/// the same with a wrong key, which never connects.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn md5_sessions() {
    for (key, expect_up) in [(&b"s3cret"[..], true), (&b"other"[..], false)] {
        let listener = Listener::bind("127.0.0.56:0".parse().expect("address")).expect("bind");
        let port = listener.local_address().expect("address").port();
        listener
            .set_md5_key(ip("127.0.0.55"), b"s3cret")
            .expect("key");
        let mut passive = session(65002, 65001, [2, 2, 2, 2], 9);
        passive.passive = true;
        let mut passive = peer(2, ip("127.0.0.55"), 0, passive);
        passive.md5_key = Some(b"s3cret".to_vec());
        let (b, mut b_events) = spawn(passive);
        let hub = route_incoming(listener, ip("127.0.0.55"), b.commands());
        let mut active = peer(
            1,
            ip("127.0.0.56"),
            port,
            session(65001, 65002, [1, 1, 1, 1], 9),
        );
        active.local_address = Some(ip("127.0.0.55"));
        active.md5_key = Some(key.to_vec());
        let (a, mut a_events) = spawn(active);
        b.send(PeerCmd::Start).await.expect("start");
        a.send(PeerCmd::Start).await.expect("start");
        if expect_up {
            a_events
                .wait_for("up", WAIT, |event| matches!(event, PeerEvent::Up))
                .await;
            b_events
                .wait_for("B up", WAIT, |event| matches!(event, PeerEvent::Up))
                .await;
        } else {
            let events = a_events.collect_for(Duration::from_secs(2)).await;
            assert!(
                !events
                    .iter()
                    .any(|event| matches!(event, PeerEvent::Connected { .. } | PeerEvent::Up)),
                "{events:?}"
            );
            // It kept trying (the ConnectRetry timer abandons each silent attempt).
            assert!(
                events
                    .iter()
                    .filter(|event| matches!(event, PeerEvent::StateChanged { .. }))
                    .count()
                    >= 1
            );
        }
        hub.abort();
    }
}
