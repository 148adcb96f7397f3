//! A scripted raw peer sends malformed messages on an Established session; each gets the
//! NOTIFICATION RFC 4271 §6 asks for, the session resets, and the peer task reconnects.

mod peer_support;

use std::net::Ipv4Addr;
use std::time::Duration;

use ferrobgp::peer::{PeerCmd, PeerEvent};
use ferrobgp::wire::capability::Capability;
use ferrobgp::wire::family::Family;
use ferrobgp::wire::message::{Message, decode_message};
use ferrobgp::wire::negotiated::Negotiated;
use ferrobgp::wire::open::Open;
use peer_support::*;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

fn hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).expect("ascii"), 16).expect("hex"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_messages_get_the_rfc_4271_notification() {
    const MARKER: &str = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";
    let cases = [
        // Marker not all ones: 1/1 Connection Not Synchronized.
        (
            "bad marker",
            "00FFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001304".to_owned(),
            (1, 1),
        ),
        // Length below 19: 1/2 Bad Message Length.
        ("short length", format!("{MARKER}001204"), (1, 2)),
        // Unknown type 9: 1/3 Bad Message Type.
        ("unknown type", format!("{MARKER}001309"), (1, 3)),
        // A KEEPALIVE with a body: 1/2.
        ("long keepalive", format!("{MARKER}00140400"), (1, 2)),
        // UPDATE whose Withdrawn Routes Length overruns the message: 3/1.
        (
            "withdrawn overrun",
            format!("{MARKER}0017020010 0000"),
            (3, 1),
        ),
        // OPEN in Established: 5/3 (RFC 6608 unexpected message in Established).
        (
            "open in established",
            format!("{MARKER}001D01 04FDEA0003 02020202 00"),
            (5, 3),
        ),
    ];
    let raw = TcpListener::bind("127.0.0.91:0").await.expect("bind");
    let port = raw.local_addr().expect("address").port();
    let mut config = peer(
        1,
        ip("127.0.0.91"),
        port,
        session(65001, 65002, [1, 1, 1, 1], 30),
    );
    config.local_address = Some(ip("127.0.0.92"));
    let (handle, mut events) = spawn(config);
    handle.send(PeerCmd::Start).await.expect("start");
    let negotiated = Negotiated::default();
    for (name, bytes, (code, subcode)) in cases {
        let (mut stream, _) = tokio::time::timeout(WAIT, raw.accept())
            .await
            .expect("connects in time")
            .expect("accept");
        read_message(&mut stream, WAIT).await;
        let open = Open::new(
            65002,
            30,
            Ipv4Addr::new(2, 2, 2, 2),
            vec![
                Capability::Multiprotocol(Family::IPV4_UNICAST),
                Capability::FourOctetAs(65002),
            ],
        );
        write_message(&mut stream, &Message::Open(open)).await;
        write_message(&mut stream, &Message::Keepalive).await;
        events
            .wait_for("up", WAIT, |event| matches!(event, PeerEvent::Up))
            .await;
        stream.write_all(&hex(&bytes)).await.expect("write");
        let notification = loop {
            let message = read_message(&mut stream, Duration::from_secs(5)).await;
            if let Ok(Message::Notification(notification)) = decode_message(&message, &negotiated) {
                break notification;
            }
        };
        assert_eq!(
            (notification.code, notification.subcode),
            (code, subcode),
            "{name}: {notification:?}"
        );
    }
}
