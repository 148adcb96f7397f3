//! `ferrobgp run` against a real BIRD 2, the session's life: TCP-MD5 (a wrong key never comes
//! up), hold-timer expiry while BIRD is frozen (SIGSTOP) and the session's return, and a BIRD
//! restart after which the routes converge again (seen by BIRD and by a real helper).
//!
//! Addresses are in 127.15.0.0/16 (one /24 per test, as in tests/interop_bird.rs), ports from
//! `free_port`. Every wait is a bounded poll; BIRD and ferrobgp are killed on drop.

mod daemon_support;

use std::time::Duration;

use daemon_support::bird::{Bird, SESSION_OPTIONS, preamble};
use daemon_support::bird_session::BirdSession;
use daemon_support::relay_helper::RelayHelper;
use daemon_support::{Daemon, Scratch, WAIT, free_port, wait_until};
use nix::sys::signal::Signal;

/// How long a session may take to come back after it was broken (BIRD's error wait and
/// ferrobgp's connect-retry backoff on a loaded machine).
const RECONNECT: Duration = Duration::from_secs(60);

#[test]
fn tcp_md5_with_the_right_key_comes_up_and_with_a_wrong_key_never() {
    let scratch = Scratch::new("interop-bird-md5");
    let our_address = "127.15.4.2";
    let (good_address, bad_address) = ("127.15.4.1", "127.15.4.11");
    let good_port = free_port(good_address);
    let bad_port = free_port(bad_address);
    let our_port = free_port(our_address);
    let mut bird_config = preamble(&scratch.path, good_address);
    bird_config.push_str(&format!(
        r#"protocol static v4 {{ ipv4; route 10.151.5.0/24 blackhole; }}
protocol bgp good {{
  local {good_address} port {good_port} as 65001;
  neighbor {our_address} port {our_port} as 65004;
  {SESSION_OPTIONS}
  password "s3cret-key";
  ipv4 {{ import all; export all; }};
}}
protocol bgp bad {{
  local {bad_address} port {bad_port} as 65001;
  neighbor {our_address} port {our_port} as 65004;
  {SESSION_OPTIONS}
  password "s3cret-key";
  ipv4 {{ import all; export all; }};
}}
"#
    ));
    let bird = Bird::start_ready(&scratch.path, &bird_config);

    let config = scratch.write(
        "ferrobgp.kdl",
        &format!(
            r#"
router-id "{our_address}"
local-as 65004
listen "{our_address}" port={our_port}
control-fifo #false
log-level "debug"
neighbor "{good_address}" {{
    peer-as 65001
    local-address "{our_address}"
    connect-port {good_port}
    md5-password "s3cret-key"
    family {{ ipv4 unicast; }}
    announce {{ route "10.152.5.0/24 next-hop self"; }}
}}
neighbor "{bad_address}" {{
    peer-as 65001
    local-address "{our_address}"
    connect-port {bad_port}
    md5-password "not-the-key"
    family {{ ipv4 unicast; }}
    announce {{ route "10.152.5.0/24 next-hop self"; }}
}}
"#
        ),
    );
    let daemon = Daemon::start("ferrobgp", &["run", &config], &[]);

    daemon.wait_for(&[&format!("neighbor {good_address} up")]);
    bird.wait_for_output("show protocols good", &["Established"]);
    bird.wait_for_output("show route protocol good", &["10.152.5.0/24"]);
    daemon.wait_for(&[&format!(
        "neighbor {good_address} receive update announced 10.151.5.0/24"
    )]);

    // Both sides keep trying the session with the wrong key (BIRD retries every 2 s,
    // ferrobgp connects too); for this whole window it must never come up.
    let window = std::time::Instant::now() + Duration::from_secs(10);
    while std::time::Instant::now() < window {
        let status = bird.birdc("show protocols bad");
        assert!(!status.contains("Established"), "{status}");
        assert_eq!(
            daemon.count(&[&format!("neighbor {bad_address} up")]),
            0,
            "the session with the wrong key came up"
        );
        assert_eq!(
            daemon.count(&[&format!("neighbor {bad_address} receive open")]),
            0
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    let routes = bird.birdc("show route protocol bad");
    assert!(!routes.contains("10.152.5.0/24"), "{routes}");
}

#[test]
fn hold_timer_expires_while_bird_is_frozen_and_the_session_returns_after() {
    let setup = BirdSession::start(
        "interop-bird-hold",
        ("127.15.5.1", 65001),
        ("127.15.5.2", 65005),
        "protocol static v4 { ipv4; route 10.151.6.0/24 blackhole; }",
        &[
            SESSION_OPTIONS,
            "hold time 3; keepalive time 1;",
            "ipv4 { import all; export all; };",
        ],
    );
    let (bird, bird_address) = (&setup.bird, setup.bird_side.address);
    let config = setup.write_interop_config(
        &["control-fifo #false"],
        &[
            "hold-time 3",
            "family { ipv4 unicast; }",
            r#"announce { route "10.152.6.0/24 next-hop self"; }"#,
        ],
    );
    let daemon = Daemon::start("ferrobgp", &["run", &config], &[]);
    let up = format!("neighbor {bird_address} up");
    let received = format!("neighbor {bird_address} receive update announced 10.151.6.0/24");
    daemon.wait_for(&[&up]);
    daemon.wait_for(&[&received]);
    daemon.wait_for(&[
        &format!("neighbor {bird_address} negotiated"),
        "hold time 3 s",
    ]);
    bird.wait_for_output("show route protocol ferro", &["10.152.6.0/24"]);

    // Frozen, BIRD sends no keepalive: our hold timer expires (NOTIFICATION 4/0).
    bird.signal(Signal::SIGSTOP);
    let thaw = Thaw(bird);
    daemon.wait_for(&[
        &format!("neighbor {bird_address} notification sent: (4/0)"),
        "Hold timer expired",
    ]);
    daemon.wait_for(&[&format!("neighbor {bird_address} down")]);
    drop(thaw);

    // Thawed, BIRD notices the dead session; the session comes back and the routes flow again.
    daemon.wait_for_count(&[&up], 2, RECONNECT);
    daemon.wait_for_count(&[&received], 2, RECONNECT);
    bird.wait_for_output_within("show protocols ferro", &["Established"], RECONNECT);
    bird.wait_for_output("show route protocol ferro", &["10.152.6.0/24"]);
}

/// Sends SIGCONT to BIRD when dropped, so that a failing wait never leaves it frozen.
struct Thaw<'bird>(&'bird Bird);

impl Drop for Thaw<'_> {
    fn drop(&mut self) {
        self.0.signal(Signal::SIGCONT);
    }
}

#[test]
fn bird_restart_and_the_routes_converge_again() {
    let setup = BirdSession::start(
        "interop-bird-restart",
        ("127.15.6.1", 65001),
        ("127.15.6.2", 65006),
        "protocol static v4 { ipv4; route 10.151.7.0/24 blackhole; }",
        &[SESSION_OPTIONS, "ipv4 { import all; export all; };"],
    );
    let recorder = RelayHelper::new(&setup.scratch.path, "events");
    let config = setup.write_interop_config(
        &["control-fifo #false", &recorder.process_node("recorder")],
        &[
            "family { ipv4 unicast; }",
            r#"api { processes "recorder"; neighbor-changes; receive { parsed; update; } }"#,
            r#"announce { route "10.152.7.0/24 next-hop self med 70"; }"#,
        ],
    );
    let BirdSession {
        scratch,
        bird,
        config: bird_config,
        bird_side,
        ..
    } = setup;
    let bird_address = bird_side.address;
    let daemon = Daemon::start("ferrobgp", &["run", &config], &[]);
    let up = format!("neighbor {bird_address} up");
    daemon.wait_for(&[&up]);
    bird.wait_for_output(
        "show route all protocol ferro",
        &["10.152.7.0/24", "BGP.med: 70"],
    );
    recorder.wait_for_announced("10.151.7.0/24", 1, WAIT);

    // BIRD stops (SIGTERM: it closes the session with a Cease) and starts again.
    bird.stop();
    daemon.wait_for(&[&format!(
        "neighbor {bird_address} notification received: (6/"
    )]);
    daemon.wait_for(&[&format!("neighbor {bird_address} down")]);
    wait_until("the helper heard the session go down", WAIT, || {
        recorder
            .events_of("state")
            .into_iter()
            .find(|event| event["neighbor"]["state"] == "down")
    });
    let bird = Bird::start(&scratch.path, &bird_config);

    daemon.wait_for_count(&[&up], 2, RECONNECT);
    bird.wait_for_output_within("show protocols ferro", &["Established"], RECONNECT);
    bird.wait_for_output(
        "show route all protocol ferro",
        &["10.152.7.0/24", "BGP.med: 70"],
    );
    recorder.wait_for_announced("10.151.7.0/24", 2, WAIT);
    let states: Vec<String> = recorder
        .events_of("state")
        .iter()
        .filter_map(|event| event["neighbor"]["state"].as_str().map(str::to_owned))
        .filter(|state| state == "up" || state == "down")
        .collect();
    assert_eq!(states, ["up", "down", "up"], "{states:?}");
}
