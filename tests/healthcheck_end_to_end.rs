//! `ferrobgp healthcheck` end to end: `ferrobgp run` starts the built-in health checker as a
//! `process`, and a real BIRD 2 shows what the routers would see. The check command reads a
//! file the test flips; the route appears in BIRD, changes MED when the check fails (or is
//! withdrawn with `--withdraw-on-down`), comes back, follows the `--disable` file, is
//! withdrawn when the helper gets SIGTERM (ExaBGP #908), and goes away with a Cease when the
//! daemon gets SIGTERM. The `--ip` set-up runs in a network namespace of its own
//! (`fbgp-hc-*`, removed on drop): the service address is on `lo` while the route is up, and
//! is removed only after the withdrawal was sent and acknowledged (ExaBGP #993), as the
//! helper's own log shows.
//!
//! The checker runs every second with `--rise 2 --fall 2`; every wait is a bounded poll with a
//! deadline many times that, and nothing asserts a duration. Addresses are in 127.15.100.0/22.

mod daemon_support;

use std::process::Command;
use std::time::Duration;

use daemon_support::bird::{Bird, route_block};
use daemon_support::{Daemon, Scratch, WAIT, free_port};
use nix::sys::signal::Signal;

/// The checker's timing: a check every second, two in a row to change state.
const TIMING: [&str; 8] = [
    "--interval",
    "1",
    "--fast-interval",
    "1",
    "--rise",
    "2",
    "--fall",
    "2",
];

/// A `process` node running `ferrobgp healthcheck` with `arguments` (and the test timing).
fn healthcheck_process(name: &str, respawn: bool, arguments: &[&str]) -> String {
    let words: Vec<String> = [env!("CARGO_BIN_EXE_ferrobgp"), "healthcheck"]
        .iter()
        .chain(TIMING.iter())
        .chain(["--no-syslog"].iter())
        .chain(arguments.iter())
        .map(|word| format!("{word:?}"))
        .collect();
    format!(
        "process \"{name}\" {{\n    run {}\n    respawn {}\n}}\n",
        words.join(" "),
        if respawn { "#true" } else { "#false" }
    )
}

/// BIRD importing everything from ferrobgp at `our_address`.
fn bird_config(scratch: &Scratch, bird: (&str, u16), ours: (&str, u16)) -> String {
    let ((bird_address, bird_port), (our_address, our_port)) = (bird, ours);
    format!(
        r#"router id {bird_address};
log "{log}" all;
protocol device {{}}
protocol bgp ferro {{
  local {bird_address} port {bird_port} as 65001;
  neighbor {our_address} port {our_port} as 65100;
  multihop; strict bind yes;
  connect delay time 1; connect retry time 2; error wait time 1, 3;
  ipv4 {{ import all; export none; }};
}}
"#,
        log = scratch.file("bird.log").display()
    )
}

/// ferrobgp towards BIRD, with `processes` defined and bound to the neighbor.
fn daemon_config(bird: (&str, u16), ours: (&str, u16), processes: &[(&str, String)]) -> String {
    let ((bird_address, bird_port), (our_address, our_port)) = (bird, ours);
    let names: Vec<String> = processes
        .iter()
        .map(|(name, _)| format!("{name:?}"))
        .collect();
    let nodes: String = processes.iter().map(|(_, node)| node.as_str()).collect();
    format!(
        r#"
router-id "{our_address}"
local-as 65100
listen "{our_address}" port={our_port}
control-fifo #false
{nodes}
neighbor "{bird_address}" {{
    peer-as 65001
    local-address "{our_address}"
    connect-port {bird_port}
    family {{ ipv4 unicast; }}
    api {{ processes {names}; }}
}}
"#,
        names = names.join(" ")
    )
}

/// Polls BIRD until the route `prefix` from ferrobgp has this MED.
fn wait_for_med(bird: &Bird, prefix: &str, med: u32) {
    let wanted = format!("BGP.med: {med}\n");
    bird.wait_until_output(
        "show route all protocol ferro",
        WAIT,
        &format!("showed {prefix} with MED {med}"),
        |output| {
            route_block(&format!("{output}\n"), prefix)
                .is_some_and(|block| format!("{block}\n").contains(&wanted))
        },
    );
}

/// Polls BIRD until it has no route `prefix` from ferrobgp any more.
fn wait_for_withdrawal(bird: &Bird, prefix: &str) {
    bird.wait_for_absence("show route protocol ferro", &format!("{prefix} "));
}

/// The pid of helper `name`, from the daemon's "helper NAME: running, pid N" line.
fn helper_pid(daemon: &Daemon, name: &str) -> nix::unistd::Pid {
    let line = daemon.wait_for(&[&format!("helper {name}: running, pid ")]);
    let pid = line
        .rsplit(' ')
        .next()
        .and_then(|pid| pid.trim().parse::<i32>().ok())
        .unwrap_or_else(|| panic!("no pid in {line:?}"));
    nix::unistd::Pid::from_raw(pid)
}

#[test]
fn the_route_follows_the_check_and_the_disable_file() {
    let scratch = Scratch::new("healthcheck-e2e-check");
    let bird = ("127.15.100.1", free_port("127.15.100.1"));
    let ours = ("127.15.100.2", free_port("127.15.100.2"));
    let health = scratch.write("health", "0\n");
    let disable = scratch.file("disabled").display().to_string();
    let check = format!("exit \"$(cat '{health}')\"");
    let common = ["--no-ip-setup", "--cmd", &check, "--disable", &disable];
    let metric = healthcheck_process(
        "hc-metric",
        true,
        &[
            &common[..],
            &[
                "--ip",
                "192.0.2.53/32",
                "--up-metric",
                "10",
                "--down-metric",
                "900",
                "--disabled-metric",
                "500",
            ],
        ]
        .concat(),
    );
    let withdraw = healthcheck_process(
        "hc-withdraw",
        true,
        &[
            &common[..],
            &["--ip", "192.0.2.54/32", "--withdraw-on-down"],
        ]
        .concat(),
    );
    let bird_process = Bird::start(&scratch.path, &bird_config(&scratch, bird, ours));
    let config = scratch.write(
        "ferrobgp.kdl",
        &daemon_config(
            bird,
            ours,
            &[("hc-metric", metric), ("hc-withdraw", withdraw)],
        ),
    );
    let daemon = Daemon::start("ferrobgp", &["run", &config], &[]);
    daemon.wait_for(&[&format!("neighbor {} up", bird.0)]);

    // Healthy: both routes, with the up metrics (ExaBGP's default up metric is 100).
    wait_for_med(&bird_process, "192.0.2.53/32", 10);
    wait_for_med(&bird_process, "192.0.2.54/32", 100);

    // The check fails: the MED becomes the down metric; --withdraw-on-down withdraws.
    std::fs::write(&health, "1\n").expect("flip the check");
    wait_for_med(&bird_process, "192.0.2.53/32", 900);
    wait_for_withdrawal(&bird_process, "192.0.2.54/32");

    // It recovers.
    std::fs::write(&health, "0\n").expect("flip the check");
    wait_for_med(&bird_process, "192.0.2.53/32", 10);
    wait_for_med(&bird_process, "192.0.2.54/32", 100);

    // The disable file: the disabled metric, or withdrawn; and back when it goes away.
    std::fs::write(&disable, "").expect("disable");
    wait_for_med(&bird_process, "192.0.2.53/32", 500);
    wait_for_withdrawal(&bird_process, "192.0.2.54/32");
    std::fs::remove_file(&disable).expect("enable");
    wait_for_med(&bird_process, "192.0.2.53/32", 10);
    wait_for_med(&bird_process, "192.0.2.54/32", 100);
}

#[test]
fn sigterm_of_the_helper_withdraws_and_sigterm_of_the_daemon_closes_with_a_cease() {
    let scratch = Scratch::new("healthcheck-e2e-signals");
    let bird = ("127.15.101.1", free_port("127.15.101.1"));
    let ours = ("127.15.101.2", free_port("127.15.101.2"));
    let stopped = healthcheck_process(
        "hc-stopped",
        false,
        &["--no-ip-setup", "--cmd", "true", "--ip", "192.0.2.55/32"],
    );
    let staying = healthcheck_process(
        "hc-staying",
        false,
        &["--no-ip-setup", "--cmd", "true", "--ip", "192.0.2.56/32"],
    );
    let bird_process = Bird::start(&scratch.path, &bird_config(&scratch, bird, ours));
    let config = scratch.write(
        "ferrobgp.kdl",
        &daemon_config(
            bird,
            ours,
            &[("hc-stopped", stopped), ("hc-staying", staying)],
        ),
    );
    let mut daemon = Daemon::start("ferrobgp", &["run", &config], &[]);
    wait_for_med(&bird_process, "192.0.2.55/32", 100);
    wait_for_med(&bird_process, "192.0.2.56/32", 100);

    // SIGTERM to one helper: it withdraws its route before it exits (the daemon itself
    // keeps a helper's routes when the helper exits, as ExaBGP does).
    let pid = helper_pid(&daemon, "hc-stopped");
    nix::sys::signal::kill(pid, Signal::SIGTERM).expect("SIGTERM to the helper");
    wait_for_withdrawal(&bird_process, "192.0.2.55/32");
    daemon.wait_for(&["helper hc-stopped: exited"]);
    wait_for_med(&bird_process, "192.0.2.56/32", 100);

    // SIGTERM to the daemon: the session closes with a Cease and BIRD drops the route.
    daemon.signal(Signal::SIGTERM);
    assert_eq!(daemon.wait_exit().code(), Some(0), "{:#?}", daemon.lines());
    let status =
        bird_process.wait_for_output("show protocols all ferro", &["Administrative shutdown"]);
    assert!(!status.contains("Established"), "{status}");
    wait_for_withdrawal(&bird_process, "192.0.2.56/32");
}

/// A network namespace of this test, with `lo` up; deleted on drop.
struct Namespace {
    name: String,
}

impl Namespace {
    fn create(label: &str) -> Namespace {
        let name = format!("fbgp-hc-{}-{label}", std::process::id());
        let _ = Command::new("ip").args(["netns", "del", &name]).output();
        let created = Command::new("ip")
            .args(["netns", "add", &name])
            .output()
            .expect("`ip` runs (package iproute2)");
        assert!(
            created.status.success(),
            "cannot create a network namespace (needs CAP_SYS_ADMIN and CAP_NET_ADMIN): {created:?}"
        );
        let namespace = Namespace { name };
        let up = Command::new("ip")
            .args(["-n", &namespace.name, "link", "set", "lo", "up"])
            .output()
            .expect("ip link");
        assert!(up.status.success(), "{up:?}");
        namespace
    }

    /// `ip -o address show dev lo` inside the namespace.
    fn loopback_addresses(&self) -> String {
        let output = Command::new("ip")
            .args(["-n", &self.name, "-o", "address", "show", "dev", "lo"])
            .output()
            .expect("ip address");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }
}

impl Drop for Namespace {
    fn drop(&mut self) {
        let _ = Command::new("ip")
            .args(["netns", "del", &self.name])
            .output();
    }
}

#[test]
fn the_service_address_is_set_up_in_a_namespace_and_removed_after_the_withdrawal() {
    // Declared first, so dropped last: BIRD and the daemon are killed before it goes.
    let namespace = Namespace::create("ip");
    let scratch = Scratch::new("healthcheck-e2e-ip");
    let bird = ("127.15.102.1", 1790);
    let ours = ("127.15.102.2", 1791);
    let service = "192.0.2.77/32";
    let checker = healthcheck_process(
        "hc-ip",
        false,
        &["--debug", "--cmd", "true", "--ip", service],
    );
    let bird_process = Bird::start_in(
        Some(&namespace.name),
        &scratch.path,
        &bird_config(&scratch, bird, ours),
    );
    let config = scratch.write(
        "ferrobgp.kdl",
        &daemon_config(bird, ours, &[("hc-ip", checker)]),
    );
    let daemon = Daemon::start_in(Some(&namespace.name), "ferrobgp", &["run", &config], &[]);
    daemon.wait_for(&[&format!("neighbor {} up", bird.0)]);

    // Up: the address is on the namespace's `lo` and the route is in BIRD.
    wait_for_med(&bird_process, "192.0.2.77/32", 100);
    let addresses = namespace.loopback_addresses();
    assert!(
        addresses.contains(&format!("inet {service} ")),
        "{addresses}"
    );
    assert!(
        !Command::new("ip")
            .args(["-o", "address", "show", "dev", "lo"])
            .output()
            .map(|output| String::from_utf8_lossy(&output.stdout).contains("192.0.2.77"))
            .unwrap_or(false),
        "the address leaked into the test's own namespace"
    );

    // SIGTERM: the helper withdraws (and waits for the daemon's acknowledgement), then
    // removes the address.
    let pid = helper_pid(&daemon, "hc-ip");
    nix::sys::signal::kill(pid, Signal::SIGTERM).expect("SIGTERM to the helper");
    wait_for_withdrawal(&bird_process, "192.0.2.77/32");
    daemon.wait_for(&["helper hc-ip: exited"]);
    let deadline = std::time::Instant::now() + WAIT;
    while namespace.loopback_addresses().contains("192.0.2.77") {
        assert!(
            std::time::Instant::now() < deadline,
            "the helper never removed {service}: {}",
            namespace.loopback_addresses()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let withdrawal = daemon
        .position(&[
            "helper hc-ip: DEBUG[healthcheck] exabgp: neighbor * withdraw route 192.0.2.77/32",
        ])
        .expect("the helper logged its withdrawal");
    let removal = daemon
        .position(&["helper hc-ip: INFO[healthcheck] deleting setup ips"])
        .expect("the helper logged the address removal");
    assert!(
        withdrawal < removal,
        "the address was removed before the withdrawal was sent:\n{}",
        daemon.lines().join("\n")
    );
}
