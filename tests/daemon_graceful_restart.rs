//! Graceful restart (RFC 4724) of `ferrobgp run` as the restarting speaker, against a real
//! BIRD 2 with `graceful restart on`:
//! - with `capability { graceful-restart 120 }`, SIGTERM closes the session without a
//!   NOTIFICATION: BIRD keeps our routes (stale) while the daemon is down; the next start
//!   announces Restart State, re-announces and sends End-of-RIB: the route still configured
//!   is the very route BIRD kept (same import time), the one removed from the configuration
//!   meanwhile is gone, and BIRD's graceful restart is over;
//! - without it, SIGTERM sends Cease 2 with the RFC 9003 message and BIRD drops the routes.

mod daemon_support;
mod peer_support;

use daemon_support::bird_session::BirdSession;
use daemon_support::{Daemon, WAIT};
use nix::sys::signal::Signal;

const KEPT: &str = "10.16.0.0/24";
const REMOVED: &str = "10.16.1.0/24";

/// BIRD with `graceful restart on` for our routes (it exports none), at `bird_address`
/// towards `our_address`.
fn setup(label: &str, bird_address: &'static str, our_address: &'static str) -> BirdSession {
    BirdSession::start(
        label,
        (bird_address, 65161),
        (our_address, 65162),
        "timeformat route iso long us;",
        &[
            "multihop;",
            "strict bind yes;",
            "hold time 9;",
            "graceful restart on;",
            "ipv4 { import all; export none; };",
        ],
    )
}

/// Writes ferrobgp's configuration announcing `routes`, with `capability` settings.
fn write_config(setup: &BirdSession, capability: &str, routes: &[&str]) -> String {
    let routes: String = routes
        .iter()
        .map(|prefix| format!("        route \"{prefix} next-hop self\"\n"))
        .collect();
    setup.write_config(
        "192.0.2.162",
        &["control-fifo #false"],
        &[
            "hold-time 9",
            "family { ipv4 unicast; }",
            &format!("capability {{ {capability} }}"),
            &format!("announce {{\n{routes}    }}"),
        ],
    )
}

fn start_daemon(setup: &BirdSession, config: &str, name: &str) -> Daemon {
    let state = setup.scratch.file("state");
    let state = state.display().to_string();
    let daemon = Daemon::start(name, &["run", config], &[("STATE_DIRECTORY", &state)]);
    daemon.wait_for(&[&format!("neighbor {} up", setup.bird_side.address)]);
    daemon
}

/// Starts ferrobgp (`name`, with `capability` settings) announcing [`KEPT`] and [`REMOVED`];
/// waits until BIRD has both.
fn start_with_both_routes(setup: &BirdSession, capability: &str, name: &str) -> Daemon {
    let config = write_config(setup, capability, &[KEPT, REMOVED]);
    let daemon = start_daemon(setup, &config, name);
    wait_routes(setup, "both routes", |routes| {
        routes.contains(KEPT) && routes.contains(REMOVED)
    });
    daemon
}

fn bird_routes(setup: &BirdSession) -> String {
    setup.bird.birdc("show route protocol ferro")
}

/// BIRD's line for `prefix` (it holds the import time).
fn route_line(setup: &BirdSession, prefix: &str) -> Option<String> {
    let output = bird_routes(setup);
    output
        .lines()
        .find(|line| line.starts_with(prefix))
        .map(str::to_owned)
}

/// Polls BIRD until `condition` holds on `show protocols all ferro`.
fn wait_protocol(setup: &BirdSession, what: &str, condition: impl Fn(&str) -> bool) -> String {
    setup.bird.wait_until_output(
        "show protocols all ferro",
        WAIT,
        &format!("showed {what}"),
        condition,
    )
}

/// Polls BIRD until `condition` holds on `show route protocol ferro`.
fn wait_routes(setup: &BirdSession, what: &str, condition: impl Fn(&str) -> bool) -> String {
    setup.bird.wait_until_output(
        "show route protocol ferro",
        WAIT,
        &format!("showed {what}"),
        condition,
    )
}

/// The import time of a `birdc show route` line ("[ferro 2026-11-26 03:37:15.611669 from
/// …]", `timeformat route iso long us`) in seconds of the day.
fn import_time(line: &str) -> f64 {
    let time = line
        .split_whitespace()
        .find(|word| word.len() > 8 && word.as_bytes().get(2) == Some(&b':'))
        .unwrap_or_else(|| panic!("no time in {line:?}"));
    time.split(':')
        .map(|part| part.parse::<f64>().expect("time field"))
        .fold(0.0, |seconds, part| seconds * 60.0 + part)
}

/// The "Neighbor capabilities" part of `birdc show protocols all`.
fn neighbor_capabilities(status: &str) -> String {
    status
        .split("Neighbor capabilities")
        .nth(1)
        .and_then(|rest| rest.split("Session:").next())
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn bird_keeps_our_routes_across_a_graceful_restart() {
    let setup = setup("graceful-restart", "127.16.0.1", "127.16.0.2");
    let mut daemon = start_with_both_routes(&setup, "graceful-restart 120;", "ferrobgp-1");
    let first_status = wait_protocol(&setup, "the session established", |status| {
        status.contains("Established")
    });
    // A fresh start: neither Restart State nor Forwarding State.
    let first_capabilities = neighbor_capabilities(&first_status);
    assert!(
        first_capabilities.contains("Graceful restart")
            && !first_capabilities.contains("Restart recovery")
            && !first_capabilities.contains("AF preserved: ipv4"),
        "a fresh start announced R or F:\n{first_status}"
    );

    daemon.signal(Signal::SIGTERM);
    assert_eq!(daemon.wait_exit().code(), Some(0), "{:#?}", daemon.lines());
    daemon.wait_for(&["graceful restart: connection closed without NOTIFICATION"]);
    daemon.wait_for(&["graceful restart: stop recorded in"]);
    assert!(
        setup
            .scratch
            .file("state/graceful-restart.ferrobgp")
            .is_file(),
        "no marker in the state directory"
    );
    // BIRD saw the connection go without a NOTIFICATION: it runs its graceful restart for
    // us and keeps both routes, stale, while we are down.
    let status = wait_protocol(&setup, "graceful restart active", |status| {
        status.contains("Neighbor graceful restart active")
    });
    assert!(
        !status.contains("Administrative shutdown"),
        "BIRD received a Cease:\n{status}"
    );
    let routes = bird_routes(&setup);
    assert!(
        routes.contains(KEPT) && routes.contains(REMOVED),
        "BIRD dropped our routes during the restart:\n{routes}"
    );
    // The route as BIRD holds it while we are down (its import time included).
    let before = route_line(&setup, KEPT).expect("route kept");
    drop(daemon);

    // The next start: one route fewer in the configuration.
    let config = write_config(&setup, "graceful-restart 120;", &[KEPT]);
    let daemon = start_daemon(&setup, &config, "ferrobgp-2");
    daemon.wait_for(&["neighbor 127.16.0.1: graceful restart (Restart State)"]);
    assert!(
        !setup
            .scratch
            .file("state/graceful-restart.ferrobgp")
            .exists(),
        "the marker is taken at start"
    );
    // After our End-of-RIB, BIRD's graceful restart is over: the stale route we no longer
    // announce is gone, and the one we announce again is the one it kept all along.
    wait_routes(&setup, "the removed route flushed", |routes| {
        !routes.contains(REMOVED)
    });
    let final_status = wait_protocol(&setup, "graceful restart over", |status| {
        status.contains("Established") && !status.contains("graceful restart active")
    });
    let after = route_line(&setup, KEPT).expect("route kept after the restart");
    // Our OPEN as BIRD read it: Restart State ("Restart recovery") and Forwarding State.
    let neighbor_capabilities = neighbor_capabilities(&final_status);
    assert!(
        neighbor_capabilities.contains("Restart recovery")
            && neighbor_capabilities.contains("AF preserved: ipv4"),
        "no R and F bits in our OPEN:\n{final_status}"
    );
    // BIRD shows the import time converted from its monotonic clock, a few microseconds
    // off from one `birdc` call to the next; a re-import would be at least the 100 ms the
    // first daemon took to exit later.
    let (before_time, after_time) = (import_time(&before), import_time(&after));
    assert!(
        (after_time - before_time).abs() < 0.05,
        "the kept route was replaced instead of refreshed (its import time changed):\n\
         {before}\n{after}"
    );
    let log = std::fs::read_to_string(setup.scratch.file("bird.log")).unwrap_or_default();
    eprintln!(
        "{}",
        log.lines()
            .filter(|line| line.contains("raceful") || line.contains("End-of-RIB"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn without_graceful_restart_bird_drops_our_routes_and_hears_the_cease() {
    let setup = setup("no-graceful-restart", "127.16.0.3", "127.16.0.4");
    let mut daemon = start_with_both_routes(&setup, "", "ferrobgp");

    daemon.signal(Signal::SIGTERM);
    assert_eq!(daemon.wait_exit().code(), Some(0), "{:#?}", daemon.lines());
    let status = wait_protocol(&setup, "our Cease", |status| {
        status.contains("ferrobgp shutting down")
    });
    assert!(
        status.contains("Administrative shutdown"),
        "not a Cease 2:\n{status}"
    );
    assert!(
        !status.contains("graceful restart active"),
        "BIRD runs a graceful restart after a Cease:\n{status}"
    );
    wait_routes(&setup, "our routes dropped", |routes| {
        !routes.contains(KEPT) && !routes.contains(REMOVED)
    });
    assert!(
        !setup
            .scratch
            .file("state/graceful-restart.ferrobgp")
            .exists(),
        "a stop without graceful restart leaves no marker"
    );
}

/// Two peer tasks in this process: A stops with `ShutdownForRestart`. Where both OPENs
/// carried Graceful Restart, B sees the connection close without a NOTIFICATION; where
/// only A's did, B receives Cease 2 with A's message.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_stop_is_silent_only_where_both_sides_announced_graceful_restart() {
    use ferrobgp::peer::{Listener, PeerCmd, PeerEvent};
    use ferrobgp::session::DownReason;
    use ferrobgp::wire::capability::{Capability, GracefulRestart};
    use peer_support::{WAIT as PEER_WAIT, ip, peer, route_incoming, session, spawn};

    let graceful = || {
        Capability::GracefulRestart(GracefulRestart {
            restart_flags: 0,
            restart_time: 120,
            families: Vec::new(),
        })
    };
    for (b_announces, a_address) in [(true, "127.16.4.1"), (false, "127.16.4.3")] {
        let listener = Listener::bind("127.16.4.2:0".parse().expect("address")).expect("bind");
        let port = listener.local_address().expect("address").port();
        let mut passive = session(65002, 65001, [2, 2, 2, 2], 9);
        passive.passive = true;
        if b_announces {
            passive.capabilities.push(graceful());
        }
        let (b, mut b_events) = spawn(peer(2, ip(a_address), 0, passive));
        let accept = route_incoming(listener, ip(a_address), b.commands());
        let mut active_session = session(65001, 65002, [1, 1, 1, 1], 9);
        active_session.capabilities.push(graceful());
        let mut active = peer(1, ip("127.16.4.2"), port, active_session);
        active.local_address = Some(ip(a_address));
        let (a, mut a_events) = spawn(active);
        a.send(PeerCmd::Start).await.expect("start");
        b.send(PeerCmd::Start).await.expect("start");
        a_events
            .wait_for("A up", PEER_WAIT, |event| matches!(event, PeerEvent::Up))
            .await;
        b_events
            .wait_for("B up", PEER_WAIT, |event| matches!(event, PeerEvent::Up))
            .await;

        a.send(PeerCmd::ShutdownForRestart {
            subcode: 2,
            message: "restarting".into(),
        })
        .await
        .expect("stop");
        let down = b_events
            .wait_for("B down", PEER_WAIT, |event| {
                matches!(event, PeerEvent::Down { .. })
            })
            .await;
        let PeerEvent::Down { cause, .. } = down else {
            unreachable!()
        };
        if b_announces {
            assert_eq!(cause, DownReason::ConnectionLost, "B heard a NOTIFICATION");
        } else {
            let DownReason::PeerNotification(notification) = cause else {
                panic!("no Cease: {cause:?}");
            };
            assert_eq!((notification.code, notification.subcode), (6, 2));
            assert_eq!(
                notification.shutdown_communication().as_deref(),
                Some("restarting")
            );
        }
        a_events
            .wait_for("A stopped", PEER_WAIT, |event| {
                matches!(event, PeerEvent::Stopped)
            })
            .await;
        accept.abort();
    }
}
