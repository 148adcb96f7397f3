//! `ferrobgp run` against a real BIRD 2 on loopback (high ports, `multihop`, BIRD killed at
//! the end): the session comes up, BIRD receives our static routes with their attributes
//! (`birdc show route all`), we log BIRD's route in ExaBGP's text form, and SIGTERM makes
//! BIRD see our Administrative Shutdown with its RFC 9003 message.

mod daemon_support;

use daemon_support::Daemon;
use daemon_support::bird::assert_contains_all;
use daemon_support::bird_session::BirdSession;
use nix::sys::signal::Signal;

const BIRD_ADDRESS: &str = "127.0.0.81";
const OUR_ADDRESS: &str = "127.0.0.82";

#[test]
fn bird_receives_our_static_routes_and_our_shutdown() {
    let setup = BirdSession::start(
        "daemon-bird",
        (BIRD_ADDRESS, 65081),
        (OUR_ADDRESS, 65082),
        "protocol static static1 { ipv4; route 10.99.0.0/24 blackhole; }",
        &[
            "multihop;",
            "strict bind yes;",
            "hold time 9;",
            "ipv4 { import all; export all; };",
        ],
    );
    let bird = &setup.bird;

    let config = setup.write_config(
        "192.0.2.82",
        &["control-fifo #false"],
        &[
            "hold-time 9",
            "family { ipv4 unicast; }",
            r#"announce {
        route "10.82.0.0/24 next-hop self med 7 community [ 65082:1 ] large-community [ 65082:2:3 ]"
        route "10.82.1.0/24 next-hop self origin incomplete"
    }"#,
        ],
    );
    let mut daemon = Daemon::start("ferrobgp", &["run", &config], &[]);
    daemon.wait_for(&[&format!("neighbor {BIRD_ADDRESS} up")]);
    daemon.wait_for(&[
        &format!(
            "neighbor {BIRD_ADDRESS} receive update announced 10.99.0.0/24 next-hop {BIRD_ADDRESS}"
        ),
        "as-path ( 65081 )",
    ]);
    bird.wait_for_output("show protocols ferro", &["Established"]);
    let routes = bird.wait_for_output(
        "show route all protocol ferro",
        &["10.82.0.0/24", "10.82.1.0/24"],
    );
    assert_contains_all(
        &routes,
        &[
            "BGP.as_path: 65082",
            "BGP.med: 7",
            "BGP.community: (65082,1)",
            "BGP.large_community: (65082, 2, 3)",
            &format!("BGP.next_hop: {OUR_ADDRESS}"),
            "BGP.origin: Incomplete",
        ],
    );

    daemon.signal(Signal::SIGTERM);
    assert_eq!(daemon.wait_exit().code(), Some(0), "{:#?}", daemon.lines());
    let status = bird.wait_for_output("show protocols all ferro", &["ferrobgp shutting down"]);
    eprintln!(
        "{}",
        status
            .lines()
            .filter(|line| line.contains("shutting down"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
