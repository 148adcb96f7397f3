//! A helper that writes many `announce route` lines as fast as it can (one route per line, as
//! users' helpers do) must get every route to the peer: the hub may not turn lines into peer
//! commands faster than the peer task takes them and drop the rest ("command not delivered").
//! Found by the issue 5 benchmark (benches/helper_announce.rs): 2 of 10,000 routes were lost.
//! BIRD 2 on loopback is the receiver; its imported-route count is the check.

mod daemon_support;

use std::time::{Duration, Instant};

use daemon_support::bird::Bird;
use daemon_support::bird_flood::{FLOOD_HELPER, imported, passive_peer_config};
use daemon_support::{Daemon, Scratch, free_port};

const BIRD_ADDRESS: &str = "127.20.3.1";
const OUR_ADDRESS: &str = "127.20.3.2";
const ROUTES: u32 = 30_000;

#[test]
fn every_route_of_a_flooding_helper_reaches_the_peer() {
    let scratch = Scratch::new("daemon-helper-flood");
    let bird_port = free_port(BIRD_ADDRESS);
    let bird = Bird::start(
        &scratch.path,
        &passive_peer_config(
            "ferro",
            (BIRD_ADDRESS, bird_port, 65030),
            (OUR_ADDRESS, 65031),
            "import all; export none;",
            "",
        ),
    );
    bird.wait_for_output("show status", &["BIRD 2"]);
    let script = scratch.write("flood.py", FLOOD_HELPER);
    let python = "/usr/bin/python3";
    assert!(
        std::path::Path::new(python).is_file(),
        "{python} is missing: the helper of this test is a Python program"
    );
    let config = scratch.write(
        "ferrobgp.kdl",
        &format!(
            r#"router-id "{OUR_ADDRESS}"
local-as 65031
listen #false
control-fifo #false
process "flood" {{
    run "{python}" "{script}" "{ROUTES}"
}}
neighbor "{BIRD_ADDRESS}" {{
    peer-as 65030
    local-address "{OUR_ADDRESS}"
    connect-port {bird_port}
    hold-time 240
    family {{ ipv4 unicast; }}
    api {{
        processes "flood"
        neighbor-changes
    }}
}}
"#,
        ),
    );
    let daemon = Daemon::start("ferrobgp", &["run", &config], &[]);
    daemon.wait_for(&[&format!("neighbor {BIRD_ADDRESS} up")]);

    let deadline = Instant::now() + Duration::from_secs(120);
    let mut last = None;
    while Instant::now() < deadline {
        last = imported(&bird, "ferro");
        if last == Some(u64::from(ROUTES)) {
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    let dropped: Vec<String> = daemon
        .lines()
        .into_iter()
        .filter(|line| line.contains("not delivered"))
        .collect();
    assert!(dropped.is_empty(), "commands dropped: {dropped:#?}");
    assert_eq!(
        last,
        Some(u64::from(ROUTES)),
        "BIRD did not import every route of the helper"
    );
}
