//! Hot reload of what the daemon listens on, against the real `ferrobgp run` and real BIRD 2
//! on loopback (127.23.x.y, free ports):
//!
//! - a changed `listen` is applied: BIRD, whose neighbor is passive on our side, comes up
//!   through the new address once the reload bound it, the removed address stops accepting,
//!   and a session that came in through the removed address stays up (BIRD's `since`
//!   unchanged); `listen #false` closes every listener and leaves the sessions alone;
//! - an address that cannot be bound fails the whole reload (`ctl reload` exits 1, says
//!   which address) and changes nothing, not even the control FIFO of the same file; a
//!   control FIFO that cannot be created fails it too (the address it bound is closed again);
//! - a changed `control-fifo` is applied: the `ctl reload` that moved it gets its answer
//!   through the old FIFO, the old FIFO files are removed, `ctl` works through the new path;
//! - a new key in the same `md5-password-file` resets that session only (BIRD logs Cease 6),
//!   which comes up again with the new key once BIRD has it; the key is in no log line.
//!
//! Every wait is a bounded poll.

mod daemon_support;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use daemon_support::bird::{Bird, preamble};
use daemon_support::{Daemon, Scratch, ctl_output, free_port, wait_until_true};
use nix::sys::signal::Signal;

/// Generous bound for anything a loaded machine may be slow at.
const LONG_WAIT: Duration = Duration::from_secs(90);

/// `ferrobgp ctl --pipe BASE WORDS…`.
fn ctl(base: &Path, words: &[&str]) -> Output {
    ctl_output(base, 60, words)
}

/// `ctl` output, stdout then stderr.
fn text(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

/// Whether something accepts TCP connections at `address`.
fn accepts(address: &str) -> bool {
    let address = address.parse().expect("address");
    std::net::TcpStream::connect_timeout(&address, Duration::from_secs(5)).is_ok()
}

/// A BIRD protocol `name` at `address` (its own port `port`) towards our `ours:our_port`,
/// with an optional TCP-MD5 password.
fn bird_protocol(
    name: &str,
    address: &str,
    port: u16,
    asn: u32,
    ours: &str,
    our_port: u16,
    password: Option<&str>,
) -> String {
    let password = password
        .map(|password| format!("  password \"{password}\";\n"))
        .unwrap_or_default();
    format!(
        "protocol bgp {name} {{\n  local {address} port {port} as {asn};\n  neighbor {ours} port \
         {our_port} as 65100;\n  multihop;\n  strict bind yes;\n  hold time 30;\n  connect retry \
         time 1;\n  error wait time 1, 2;\n{password}  ipv4 {{ import all; export none; }};\n}}\n"
    )
}

#[test]
fn listen_and_control_fifo_move_without_touching_sessions() {
    let scratch = Scratch::new("reload-listen");
    let ours = "127.23.1.10";
    let (first_port, second_port) = (free_port(ours), free_port(ours));
    assert_ne!(first_port, second_port);
    // p1 connects to the second port (not listened on at first), p2 to the first one.
    let mut bird_config = preamble(&scratch.path, "127.23.1.1");
    bird_config.push_str(&bird_protocol(
        "p1",
        "127.23.1.1",
        free_port("127.23.1.1"),
        65101,
        ours,
        second_port,
        None,
    ));
    bird_config.push_str(&bird_protocol(
        "p2",
        "127.23.1.2",
        free_port("127.23.1.2"),
        65102,
        ours,
        first_port,
        None,
    ));
    let bird = Bird::start(&scratch.path, &bird_config);
    let config = |listen: &str, control: &Path| {
        let mut text = format!(
            "router-id \"192.0.2.23\"\nlocal-as 65100\ncontrol-fifo \"{}\"\nwatch-config \
             #false\n{listen}\n",
            control.display()
        );
        for (address, asn) in [("127.23.1.1", 65101), ("127.23.1.2", 65102)] {
            text.push_str(&format!(
                "neighbor \"{address}\" {{\n    peer-as {asn}\n    local-address \"{ours}\"\n    \
                 passive\n    family {{ ipv4 unicast; }}\n    announce {{ route \"10.23.{}.0/24 \
                 next-hop self\" }}\n}}\n",
                asn - 65100
            ));
        }
        text
    };
    let listen = |port: u16| format!("listen \"{ours}\" port={port}");
    let (first_fifo, second_fifo, third_fifo) = (
        scratch.file("first"),
        scratch.file("second"),
        scratch.file("third"),
    );
    let path = scratch.write("ferrobgp.kdl", &config(&listen(first_port), &first_fifo));
    let mut daemon = Daemon::start("reload-listen", &["run", &path], &[]);
    bird.wait_for_output("show protocols p2", &["Established"]);
    assert!(!accepts(&format!("{ours}:{second_port}")));
    let since = bird.since("p2");

    // Listen on the second port instead, control FIFO moved: asked through the old FIFO.
    scratch.write("ferrobgp.kdl", &config(&listen(second_port), &second_fifo));
    let answer = ctl(&first_fifo, &["reload"]);
    let answer_text = text(&answer);
    assert!(answer.status.success(), "{answer_text}");
    for part in ["listen: applied", "control-fifo: applied"] {
        assert!(answer_text.contains(part), "no {part:?} in:\n{answer_text}");
    }
    bird.wait_for_output("show protocols p1", &["Established"]);
    bird.wait_for_output("show route protocol p1", &["10.23.1.0/24"]);
    daemon.wait_for(&[&format!("no longer listening on {ours}:{first_port}")]);
    wait_until_true("the first port stops accepting", LONG_WAIT, || {
        !accepts(&format!("{ours}:{first_port}"))
    });
    wait_until_true("the old FIFO files are removed", LONG_WAIT, || {
        !scratch.file("first.in").exists() && !scratch.file("first.out").exists()
    });
    let summary = ctl(&second_fifo, &["show", "neighbor", "summary"]);
    let summary_text = text(&summary);
    assert!(summary.status.success(), "{summary_text}");
    assert_eq!(
        summary_text.matches("established").count(),
        2,
        "{summary_text}"
    );
    // The session that came in through the removed address is untouched.
    assert_eq!(bird.since("p2"), since);
    assert_eq!(daemon.times_up("127.23.1.2"), 1);

    // An address that cannot be bound: nothing changes, not even the control FIFO.
    let occupied = std::net::TcpListener::bind((ours, 0)).expect("occupy a port");
    let occupied_port = occupied.local_addr().expect("address").port();
    scratch.write(
        "ferrobgp.kdl",
        &config(
            &format!("{}\n{}", listen(second_port), listen(occupied_port)),
            &third_fifo,
        ),
    );
    let answer = ctl(&second_fifo, &["reload"]);
    let answer_text = text(&answer);
    assert_eq!(answer.status.code(), Some(1), "{answer_text}");
    for part in [
        &format!("cannot listen on {ours}:{occupied_port}"),
        "nothing changed",
    ] {
        assert!(answer_text.contains(part), "no {part:?} in:\n{answer_text}");
    }
    daemon.wait_for(&["failed, the running configuration is kept"]);
    assert!(!scratch.file("third.in").exists());
    assert!(accepts(&format!("{ours}:{second_port}")));
    let summary = ctl(&second_fifo, &["show", "neighbor", "summary"]);
    assert_eq!(text(&summary).matches("established").count(), 2);
    drop(occupied);

    // A control FIFO that cannot be created (its directory is a file): nothing changes, not
    // even the new listen address, bound before and closed again.
    let third_port = free_port(ours);
    let impossible = scratch.file("ferrobgp.kdl").join("control");
    scratch.write(
        "ferrobgp.kdl",
        &config(
            &format!("{}\n{}", listen(second_port), listen(third_port)),
            &impossible,
        ),
    );
    let answer = ctl(&second_fifo, &["reload"]);
    let answer_text = text(&answer);
    assert_eq!(answer.status.code(), Some(1), "{answer_text}");
    for part in ["control FIFO", "nothing changed"] {
        assert!(answer_text.contains(part), "no {part:?} in:\n{answer_text}");
    }
    wait_until_true(
        "the port bound by the failed reload is closed again",
        LONG_WAIT,
        || !accepts(&format!("{ours}:{third_port}")),
    );
    let summary = ctl(&second_fifo, &["show", "neighbor", "summary"]);
    assert_eq!(text(&summary).matches("established").count(), 2);
    assert_eq!(bird.since("p2"), since);
    assert_eq!(
        (daemon.times_up("127.23.1.1"), daemon.times_up("127.23.1.2")),
        (1, 1)
    );

    daemon.signal(Signal::SIGTERM);
    assert_eq!(daemon.wait_exit().code(), Some(0));
}

#[test]
fn a_new_key_in_the_same_file_resets_only_that_session() {
    let scratch = Scratch::new("reload-key");
    let peers = [
        ("p1", "127.23.2.1", 65101u32, "127.23.2.11"),
        ("p2", "127.23.2.2", 65102, "127.23.2.12"),
    ];
    let ports: Vec<(u16, u16)> = peers
        .iter()
        .map(|(_, address, _, ours)| (free_port(address), free_port(ours)))
        .collect();
    let (old_key, new_key, other_key) = ("k-old-7f3a", "k-new-91c2", "k-other-55d0");
    let bird_config = |first_password: &str| {
        let mut text = preamble(&scratch.path, "127.23.2.1");
        for (((name, address, asn, ours), (port, our_port)), password) in
            peers.iter().zip(&ports).zip([first_password, other_key])
        {
            text.push_str(&bird_protocol(
                name,
                address,
                *port,
                *asn,
                ours,
                *our_port,
                Some(password),
            ));
        }
        text
    };
    let bird = Bird::start(&scratch.path, &bird_config(old_key));
    let first_key = scratch.write("first.key", &format!("{old_key}\n"));
    let second_key = scratch.write("second.key", other_key);
    let config = |listen: bool| {
        let mut text =
            "router-id \"192.0.2.23\"\nlocal-as 65100\ncontrol-fifo \"CONTROL\"\nwatch-config \
             #false\n"
                .replace("CONTROL", &scratch.file("control").display().to_string());
        for ((_, _, _, ours), (_, our_port)) in peers.iter().zip(&ports) {
            if listen {
                text.push_str(&format!("listen \"{ours}\" port={our_port}\n"));
            }
        }
        if !listen {
            text.push_str("listen #false\n");
        }
        for (((_, address, asn, ours), (port, _)), key) in
            peers.iter().zip(&ports).zip([&first_key, &second_key])
        {
            text.push_str(&format!(
                "neighbor \"{address}\" {{\n    peer-as {asn}\n    local-address \"{ours}\"\n    \
                 connect-port {port}\n    md5-password-file \"{key}\"\n    family {{ ipv4 \
                 unicast; }}\n}}\n"
            ));
        }
        text
    };
    let path = scratch.write("ferrobgp.kdl", &config(true));
    let mut daemon = Daemon::start("reload-key", &["run", &path], &[]);
    for (name, ..) in peers {
        bird.wait_for_output(&format!("show protocols {name}"), &["Established"]);
    }
    let since = bird.since("p2");
    let control = scratch.file("control");

    // A new key under the same path: only p1 is reset.
    scratch.write("first.key", new_key);
    let answer = ctl(&control, &["reload"]);
    let answer_text = text(&answer);
    assert!(answer.status.success(), "{answer_text}");
    assert!(
        answer_text.contains(
            "neighbor 127.23.2.1: reset (Cease 6, Other Configuration Change): \
             md5-password-file (the key in it changed)"
        ),
        "{answer_text}"
    );
    assert!(!answer_text.contains("127.23.2.2"), "{answer_text}");
    let bird_log = || std::fs::read_to_string(scratch.file("bird.log")).unwrap_or_default();
    wait_until_true("BIRD logs p1's Cease 6", LONG_WAIT, || {
        bird_log().contains("p1: Received: Other configuration change")
    });
    // BIRD learns the new key: the session comes up with it (we connect with it, and our
    // listener takes it).
    std::fs::write(scratch.path.join("bird.conf"), bird_config(new_key)).expect("bird.conf");
    let reconfigured = bird.birdc("configure");
    assert!(reconfigured.contains("Reconfigur"), "{reconfigured}");
    bird.wait_for_output("show protocols p1", &["Established"]);
    wait_until_true("p1 up twice on our side", LONG_WAIT, || {
        daemon.times_up("127.23.2.1") == 2
    });
    assert_eq!(bird.since("p2"), since);
    assert_eq!(daemon.times_up("127.23.2.2"), 1);

    // listen #false: the listeners close, the sessions stay.
    scratch.write("ferrobgp.kdl", &config(false));
    let answer = ctl(&control, &["reload"]);
    let answer_text = text(&answer);
    assert!(answer.status.success(), "{answer_text}");
    assert!(answer_text.contains("listen: applied"), "{answer_text}");
    for ((_, _, _, ours), (_, our_port)) in peers.iter().zip(&ports) {
        wait_until_true("our listener closes", LONG_WAIT, || {
            !accepts(&format!("{ours}:{our_port}"))
        });
    }
    bird.wait_for_output("show protocols p1", &["Established"]);
    assert_eq!(bird.since("p2"), since);
    assert_eq!(
        (daemon.times_up("127.23.2.1"), daemon.times_up("127.23.2.2")),
        (2, 1)
    );

    daemon.signal(Signal::SIGTERM);
    assert_eq!(daemon.wait_exit().code(), Some(0));
    let log = daemon.lines().join("\n");
    for key in [old_key, new_key, other_key] {
        assert!(!log.contains(key), "a key in the log");
    }
}
