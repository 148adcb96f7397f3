//! Two `ferrobgp run` processes peer over loopback on a free high port: the active one
//! (inline TCP-MD5 key, `--config`) announces IPv4 and IPv6 static routes, the passive one
//! (key read from `md5-password-file`) logs them with their attributes. SIGTERM to the
//! active one: the passive one logs Cease 2 with the RFC 9003 text, the active one exits 0;
//! then SIGINT stops the passive one, exit 0.

mod daemon_support;

use daemon_support::{Daemon, Scratch, free_port};
use nix::sys::signal::Signal;

const ACTIVE: &str = "127.0.0.41";
const PASSIVE: &str = "127.0.0.42";
const KEY: &str = "loopback-secret";

#[test]
fn two_processes_exchange_routes_and_stop_with_an_administrative_shutdown() {
    let scratch = Scratch::new("two-processes");
    let port = free_port(PASSIVE);
    let active_port = free_port(ACTIVE);
    let key_file = scratch.write("md5.key", &format!("{KEY}\n"));
    let active = scratch.write(
        "active.kdl",
        &format!(
            r#"
router-id "192.0.2.41"
local-as 65041
listen "{ACTIVE}" port={active_port}
control-fifo #false
neighbor "{PASSIVE}" {{
    peer-as 4200000042
    local-address "{ACTIVE}"
    connect-port {port}
    hold-time 9
    md5-password "{KEY}"
    announce {{
        route "198.51.100.0/24 next-hop self med 7 community [ 65041:1 ] large-community [ 4200000042:1:2 ]"
        route "203.0.113.0/25 next-hop 192.0.2.99 as-path [ 65041 65009 ] origin egp"
        ipv6 "unicast 2001:db8:41::/48 next-hop 2001:db8::41 med 8"
        route "192.0.2.128/25 next-hop self" watchdog="dns" withdrawn=#true
    }}
}}
"#
        ),
    );
    let passive = scratch.write(
        "passive.kdl",
        &format!(
            r#"
router-id "192.0.2.42"
local-as 4200000042
listen "{PASSIVE}" port={port}
control-fifo #false
neighbor "{ACTIVE}" {{
    peer-as 65041
    passive
    hold-time 9
    md5-password-file "{key_file}"
}}
"#
        ),
    );
    let mut receiver = Daemon::start("passive", &["run", &passive], &[]);
    receiver.wait_for(&["listening on", PASSIVE]);
    let mut sender = Daemon::start("active", &["run", "--config", &active], &[]);

    sender.wait_for(&[&format!("neighbor {PASSIVE} up")]);
    receiver.wait_for(&[&format!("neighbor {ACTIVE} up")]);
    receiver.wait_for(&[
        &format!("neighbor {ACTIVE} receive update announced 198.51.100.0/24 next-hop {ACTIVE}"),
        "origin igp as-path ( 65041 ) med 7 community 65041:1 large-community 4200000042:1:2",
    ]);
    receiver.wait_for(&[
        "receive update announced 203.0.113.0/25 next-hop 192.0.2.99",
        "origin egp as-path ( 65041 65009 )",
    ]);
    receiver.wait_for(&[
        "receive update announced 2001:db8:41::/48 next-hop 2001:db8::41",
        "med 8",
    ]);
    receiver.wait_for(&["receive update route eor 2/1 (ipv6 unicast)"]);
    assert!(
        !receiver
            .lines()
            .iter()
            .any(|line| line.contains("192.0.2.128/25")),
        "a withdrawn=#true route was sent"
    );
    // TCP-MD5 really is on: the passive side's key came from the file.
    assert!(
        sender
            .lines()
            .iter()
            .all(|line| !line.contains("md5") && !line.contains(KEY)),
        "the key must not be logged"
    );

    sender.signal(Signal::SIGTERM);
    receiver.wait_for(&[
        &format!("neighbor {ACTIVE} notification received"),
        "(6/2) Cease, Administrative Shutdown: ferrobgp shutting down",
    ]);
    let status = sender.wait_exit();
    assert_eq!(status.code(), Some(0), "{:#?}", sender.lines());
    sender.wait_for(&["SIGTERM received: stopping"]);

    receiver.signal(Signal::SIGINT);
    let status = receiver.wait_exit();
    assert_eq!(status.code(), Some(0), "{:#?}", receiver.lines());
}

/// A connection attempt without the key is not accepted: the listener carries the key of
/// the configured neighbor (RFC 2385 §2, the kernel drops unsigned segments).
#[test]
fn an_unsigned_connection_gets_no_answer() {
    let scratch = Scratch::new("md5-listener");
    let address = "127.0.0.43";
    let port = free_port(address);
    let config = scratch.write(
        "keyed.kdl",
        &format!(
            r#"
router-id "192.0.2.43"
local-as 65043
listen "{address}" port={port}
control-fifo #false
neighbor "127.0.0.44" {{ peer-as 65044; passive; md5-password "{KEY}" }}
"#
        ),
    );
    let daemon = Daemon::start("keyed", &["run", &config], &[]);
    daemon.wait_for(&["listening on", address]);
    let socket =
        socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).expect("socket");
    socket
        .bind(
            &"127.0.0.44:0"
                .parse::<std::net::SocketAddr>()
                .expect("address")
                .into(),
        )
        .expect("bind");
    let target: std::net::SocketAddr = format!("{address}:{port}").parse().expect("address");
    let outcome = socket.connect_timeout(&target.into(), std::time::Duration::from_secs(2));
    assert!(outcome.is_err(), "an unsigned SYN was answered");
}
