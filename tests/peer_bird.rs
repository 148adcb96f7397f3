//! A peer task against a real BIRD 2 on loopback: the session reaches Established, BIRD's
//! route arrives as an UPDATE, and BIRD shows ours (`birdc show route`).
//!
//! BIRD runs in the foreground from a temporary directory on high ports and is killed at the
//! end (also when the test fails). The test fails loudly when `bird` is not installed
//! (scripts/install-test-tools installs it).

mod peer_support;

// The BIRD wrapper the daemon tests use (it waits with this file's `WAIT`).
#[path = "daemon_support/bird.rs"]
mod bird;

use std::net::Ipv4Addr;
use std::path::PathBuf;
use std::time::Instant;

use bird::Bird;
use ferrobgp::peer::{PeerCmd, PeerEvent};
use ferrobgp::wire::attribute::{AsPath, Attributes, Origin};
use ferrobgp::wire::message::Message;
use ferrobgp::wire::nlri::mp::NextHop;
use peer_support::*;

/// Removes the test's directory when dropped (after BIRD, declared later, is killed).
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Polls `birdc command` without stalling the runtime's other worker.
fn wait_for_output(bird: &Bird, command: &str, wanted: &str) -> String {
    tokio::task::block_in_place(|| bird.wait_for_output(command, &[wanted]))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn established_with_bird_and_routes_both_ways() {
    let started = Instant::now();
    let bird_port = free_port(ip("127.0.0.71"));
    let our_port = free_port(ip("127.0.0.72"));
    let directory = std::env::temp_dir().join(format!(
        "ferrobgp-bird-{}-{}",
        std::process::id(),
        bird_port
    ));
    let config = format!(
        r#"router id 127.0.0.71;
log "{log}" all;
protocol device {{}}
protocol static static1 {{ ipv4; route 10.99.0.0/24 blackhole; }}
protocol bgp ferro {{
  local 127.0.0.71 port {bird_port} as 65071;
  neighbor 127.0.0.72 port {our_port} as 65072;
  multihop;
  strict bind yes;
  hold time 9;
  ipv4 {{ import all; export all; }};
}}
"#,
        log = directory.join("bird.log").display(),
    );
    std::fs::create_dir_all(&directory).expect("directory");
    let _directory = RemoveOnDrop(directory.clone());
    let bird = Bird::start(&directory, &config);
    wait_for_output(&bird, "show status", "BIRD 2");

    let mut config = peer(
        1,
        ip("127.0.0.71"),
        bird_port,
        session(65072, 65071, [127, 0, 0, 72], 9),
    );
    config.local_address = Some(ip("127.0.0.72"));
    let (handle, mut events) = spawn(config);
    let attributes = Attributes {
        origin: Some(Origin::Igp),
        as_path: Some(AsPath::sequence(vec![65072])),
        med: Some(7),
        ..Attributes::default()
    };
    handle
        .send(PeerCmd::Routes(vec![announce(
            "10.72.0.0/24",
            &attributes,
            NextHop::Ipv4(Ipv4Addr::new(127, 0, 0, 72)),
        )]))
        .await
        .expect("routes");
    handle.send(PeerCmd::Start).await.expect("start");

    events
        .wait_for("up", WAIT, |event| matches!(event, PeerEvent::Up))
        .await;
    let established = started.elapsed();
    let wanted = nlri("10.99.0.0/24");
    events
        .wait_for("BIRD's route", WAIT, |event| {
            matches!(event, PeerEvent::Received(received)
                if matches!(&received.message, Message::Update(update) if update.announced.contains(&wanted)))
        })
        .await;
    wait_for_output(&bird, "show protocols ferro", "Established");
    let routes = wait_for_output(&bird, "show route all protocol ferro", "10.72.0.0/24");
    assert!(routes.contains("AS65072"), "{routes}");
    assert!(routes.contains("BGP.med: 7"), "{routes}");

    handle
        .send(PeerCmd::Shutdown {
            subcode: 2,
            message: "test over".to_owned(),
        })
        .await
        .expect("shutdown");
    tokio::time::timeout(WAIT, handle.join())
        .await
        .expect("ends")
        .expect("no panic");
    let status = wait_for_output(&bird, "show protocols all ferro", "test over");
    eprintln!(
        "timings: established with BIRD after {established:?}, total {:?}\n{}",
        started.elapsed(),
        status
            .lines()
            .filter(|line| line.contains("test over"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
