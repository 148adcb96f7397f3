//! Hot reload of the real `ferrobgp run` against real BIRD 2 sessions on loopback
//! (127.19.x.y, free ports): only the neighbor whose session settings changed is reset (Cease
//! 6, seen by BIRD), the others keep their session (one `up` each, BIRD's `since`
//! unchanged); a changed static route is exactly one route update at BIRD with no withdraw;
//! removed neighbors get Cease 3, new ones come up; an invalid file changes nothing and
//! `ferrobgp ctl reload` prints its diagnostics with file:line:col and exits non-zero.
//! Helpers: unchanged ones keep their pid, changed ones restart, removed ones follow their
//! `on-exit`, SIGUSR2 restarts all. A reload while a helper announces 100,000 routes loses
//! none. Every wait is a bounded poll.

mod daemon_support;

use std::process::Output;
use std::time::Duration;

use daemon_support::bird::{Bird, preamble};
use daemon_support::{Daemon, Scratch, ctl_output, free_port, wait_until_true};
use nix::sys::signal::Signal;

/// Generous bound for anything a loaded machine may be slow at.
const LONG_WAIT: Duration = Duration::from_secs(90);

/// `ferrobgp ctl --pipe BASE WORDS…`.
fn ctl(base: &std::path::Path, words: &[&str]) -> Output {
    ctl_output(base, 60, words)
}

/// A number in BIRD's `Route change stats` table: `row` ("Import updates:"), first column
/// (received).
fn bird_stat(bird: &Bird, protocol: &str, row: &str) -> u64 {
    bird.statistics(protocol, row)
        .first()
        .copied()
        .unwrap_or_else(|| panic!("no {row:?} in `show protocols all {protocol}`"))
}

/// How many routes BIRD has from `protocol` ("N of M routes for …").
fn bird_routes(bird: &Bird, protocol: &str) -> u64 {
    let output = bird.birdc(&format!("show route protocol {protocol} count"));
    output
        .lines()
        .find(|line| line.contains(" of ") && line.contains(" routes"))
        .and_then(|line| line.split_whitespace().next())
        .and_then(|number| number.parse().ok())
        .unwrap_or(0)
}

/// One BGP protocol of BIRD per address, each towards its own address of ours (BIRD takes one
/// protocol per neighbor address), importing all.
fn bird_config(directory: &std::path::Path, peers: &[Peer]) -> String {
    let mut config = preamble(directory, &peers[0].address);
    for (index, peer) in peers.iter().enumerate() {
        let Peer {
            address,
            port,
            asn,
            ours,
            our_port,
        } = peer;
        config.push_str(&format!(
            "protocol bgp p{} {{\n  local {address} port {port} as {asn};\n  neighbor {ours} port \
             {our_port} as 65100;\n  multihop;\n  strict bind yes;\n  hold time 30;\n  connect \
             retry time 1;\n  error wait time 1, 2;\n  ipv4 {{ import all; export none; }};\n}}\n",
            index + 1
        ));
    }
    config
}

/// One BIRD protocol and our side of it.
#[derive(Debug, Clone)]
struct Peer {
    address: String,
    port: u16,
    asn: u32,
    ours: String,
    our_port: u16,
}

impl Peer {
    /// BIRD at `127.19.<block>.<index>`, we at `127.19.<block>.<10 + index>`, free ports.
    fn new(block: u8, index: u8) -> Peer {
        let address = format!("127.19.{block}.{index}");
        let ours = format!("127.19.{block}.{}", 10 + index);
        Peer {
            port: free_port(&address),
            our_port: free_port(&ours),
            asn: 65100 + u32::from(index),
            address,
            ours,
        }
    }

    /// Our neighbor towards it, with `extra` settings.
    fn neighbor(&self, extra: &str) -> String {
        format!(
            "neighbor \"{}\" {{\n    peer-as {}\n    local-address \"{}\"\n    connect-port \
             {}\n    family {{ ipv4 unicast; }}\n{extra}\n}}\n",
            self.address, self.asn, self.ours, self.port
        )
    }
}

/// Our global settings: a listener per peer, the control FIFO, no file watcher.
fn header(peers: &[Peer], control: &std::path::Path) -> String {
    let mut text = format!(
        "router-id \"192.0.2.10\"\nlocal-as 65100\ncontrol-fifo \"{}\"\nwatch-config #false\n",
        control.display()
    );
    for peer in peers {
        text.push_str(&format!(
            "listen \"{}\" port={}\n",
            peer.ours, peer.our_port
        ));
    }
    text
}

#[test]
fn only_what_changed_is_touched() {
    let all: Vec<Peer> = (1..=4).map(|index| Peer::new(1, index)).collect();
    let peers = ["127.19.1.1", "127.19.1.2", "127.19.1.3", "127.19.1.4"];
    let scratch = Scratch::new("reload-neighbors");
    let bird = Bird::start(&scratch.path, &bird_config(&scratch.path, &all));
    let control = scratch.file("control");
    let first = |hold: &str, med: u32, second: bool, fourth: bool| {
        let mut text = header(&all, &control);
        text.push_str(&all[0].neighbor(&format!(
            "    hold-time {hold}\n    announce {{ route \"10.19.1.0/24 next-hop self\" }}"
        )));
        if second {
            text.push_str(
                &all[1].neighbor("    announce { route \"10.19.2.0/24 next-hop self\" }"),
            );
        }
        // With p4, p3 loses its last route.
        let last = if fourth {
            ""
        } else {
            "route \"10.19.4.0/24 next-hop self\""
        };
        text.push_str(&all[2].neighbor(&format!(
            "    announce {{\n        route \"10.19.3.0/24 next-hop self med {med}\"\n        \
                 route \"10.19.3.1/32 next-hop self\"\n        {last}\n    }}"
        )));
        if fourth {
            text.push_str(
                &all[3].neighbor("    announce { route \"10.19.5.0/24 next-hop self\" }"),
            );
        }
        text
    };
    let config = scratch.write("ferrobgp.kdl", &first("30", 1, true, false));
    let mut daemon = Daemon::start("reload", &["run", &config], &[]);
    for protocol in ["p1", "p2", "p3"] {
        bird.wait_for_output(&format!("show protocols {protocol}"), &["Established"]);
    }
    wait_until_true("BIRD has the three routes of p3", LONG_WAIT, || {
        let routes = bird.birdc("show route protocol p3");
        ["10.19.3.0/24", "10.19.3.1/32", "10.19.4.0/24"]
            .iter()
            .all(|prefix| routes.contains(prefix))
    });
    let up = |address: &str| daemon.times_up(address);
    let since = [bird.since("p2"), bird.since("p3")];
    let updates = bird_stat(&bird, "p3", "Import updates:");
    let withdraws = bird_stat(&bird, "p3", "Import withdraws:");
    assert_eq!(updates, 3, "{}", bird.birdc("show protocols all p3"));

    // SIGHUP: p1's hold time (a session setting) and one static route of p3 change.
    scratch.write("ferrobgp.kdl", &first("60", 2, true, false));
    daemon.signal(Signal::SIGHUP);
    daemon.wait_for(&[
        "configuration reloaded (SIGHUP)",
        "1 reset, 1 updated in place, 1 unchanged",
    ]);
    wait_until_true("p3's route has med 2", LONG_WAIT, || {
        bird.birdc("show route all protocol p3")
            .contains("BGP.med: 2")
    });
    wait_until_true("p1 reset and up again", LONG_WAIT, || up(peers[0]) == 2);
    bird.wait_for_output("show protocols p1", &["Established"]);
    let bird_log = || std::fs::read_to_string(scratch.file("bird.log")).unwrap_or_default();
    wait_until_true("BIRD logs p1's Cease 6", LONG_WAIT, || {
        bird_log().contains("p1: Received: Other configuration change")
    });
    assert_eq!(bird_stat(&bird, "p3", "Import updates:"), updates + 1);
    assert_eq!(bird_stat(&bird, "p3", "Import withdraws:"), withdraws);
    assert_eq!(
        (up(peers[1]), up(peers[2])),
        (1, 1),
        "p2 and p3 kept their session"
    );
    assert_eq!([bird.since("p2"), bird.since("p3")], since);

    // ctl reload: p2 removed (Cease 3), p4 added.
    scratch.write("ferrobgp.kdl", &first("60", 2, false, true));
    let answer = ctl(&control, &["reload"]);
    let text = String::from_utf8_lossy(&answer.stdout);
    assert!(answer.status.success(), "{answer:?}");
    for part in [
        "configuration reloaded (ctl reload)",
        "neighbor 127.19.1.2: removed (Cease 3, Peer De-configured)",
        "neighbor 127.19.1.4: added",
    ] {
        assert!(text.contains(part), "no {part:?} in:\n{text}");
    }
    bird.wait_for_output("show protocols p4", &["Established"]);
    bird.wait_for_output("show route protocol p4", &["10.19.5.0/24"]);
    wait_until_true("BIRD logs p2's Cease 3", LONG_WAIT, || {
        bird_log().contains("p2: Received: Peer de-configured")
    });
    let p2 = bird.birdc("show protocols p2");
    assert!(!p2.contains("Established"), "{p2}");
    // The removed static route: one withdrawal, nothing else.
    wait_until_true("10.19.4.0/24 withdrawn from p3", LONG_WAIT, || {
        !bird
            .birdc("show route protocol p3")
            .contains("10.19.4.0/24")
    });
    assert_eq!(bird_stat(&bird, "p3", "Import withdraws:"), withdraws + 1);
    assert_eq!(bird_stat(&bird, "p3", "Import updates:"), updates + 1);
    assert_eq!((up(peers[0]), up(peers[2])), (2, 1));
    assert_eq!(bird.since("p3"), since[1]);

    // An invalid file: nothing changes; the diagnostics say where.
    let bad = first("60", 2, false, true).replace("peer-as 65103", "peer-as \"x\"");
    scratch.write("ferrobgp.kdl", &bad);
    let line = bad
        .lines()
        .position(|text| text.contains("peer-as \"x\""))
        .map(|index| index + 1)
        .expect("bad line");
    let answer = ctl(&control, &["reload"]);
    let text = String::from_utf8_lossy(&answer.stdout).into_owned()
        + &String::from_utf8_lossy(&answer.stderr);
    assert_eq!(answer.status.code(), Some(1), "{text}");
    assert!(text.contains("1 error, nothing changed"), "{text}");
    assert!(text.contains(&format!("ferrobgp.kdl:{line}:")), "{text}");
    daemon.wait_for(&["reload (ctl reload) failed"]);
    daemon.wait_for(&[&format!("ferrobgp.kdl:{line}:")]);
    let answer = ctl(&control, &["show", "neighbor", "summary"]);
    let summary = String::from_utf8_lossy(&answer.stdout);
    assert_eq!(summary.matches("established").count(), 3, "{summary}");
    assert_eq!((up(peers[0]), up(peers[2]), up(peers[3])), (2, 1, 1));
    assert_eq!(bird.since("p3"), since[1]);

    daemon.signal(Signal::SIGTERM);
    assert_eq!(daemon.wait_exit().code(), Some(0));
}

/// A helper that announces `$ROUTE`, then reads its stdin until it closes; with `$MARKER`,
/// it exits once that file exists instead.
const HELPER: &str = r#"
echo "announce route $ROUTE next-hop self"
if [ -n "$MARKER" ]; then
    while [ ! -e "$MARKER" ]; do sleep 0.1; done
    exit 0
fi
exec cat > /dev/null
"#;

fn helper(name: &str, script: &str, route: &str, extra: &str) -> String {
    format!(
        "process \"{name}\" {{\n    run \"/bin/sh\" \"{script}\"\n    environment \"ROUTE\" \
         \"{route}\"\n{extra}\n}}\n"
    )
}

/// The pids logged for helper `name` ("helper NAME: running, pid N"), in order.
fn pids(daemon: &Daemon, name: &str) -> Vec<u32> {
    let prefix = format!("helper {name}: running, pid ");
    daemon
        .lines()
        .iter()
        .filter_map(|line| {
            line.find(&prefix)
                .and_then(|at| line[at + prefix.len()..].trim().parse().ok())
        })
        .collect()
}

#[test]
fn helpers_follow_the_file_and_their_on_exit_policy() {
    const PEER: &str = "127.19.2.1";
    let peer = Peer::new(2, 1);
    let scratch = Scratch::new("reload-helpers");
    let bird = Bird::start(
        &scratch.path,
        &bird_config(&scratch.path, std::slice::from_ref(&peer)),
    );
    let script = scratch.write("helper.sh", HELPER);
    let control = scratch.file("control");
    let marker = scratch.file("oneshot-may-exit");
    let config = |after: bool| {
        let mut text = header(std::slice::from_ref(&peer), &control);
        text.push_str(&helper("same", &script, "10.19.50.0/24", ""));
        let version = if after { "2" } else { "1" };
        text.push_str(&helper(
            "changed",
            &script,
            "10.19.51.0/24",
            &format!("    environment \"VERSION\" \"{version}\""),
        ));
        let names = if after {
            text.push_str(&helper("new", &script, "10.19.54.0/24", ""));
            "\"same\" \"changed\" \"new\" \"oneshot\""
        } else {
            text.push_str(&helper(
                "gone-withdraw",
                &script,
                "10.19.52.0/24",
                "    on-exit \"withdraw\"",
            ));
            text.push_str(&helper("gone-keep", &script, "10.19.53.0/24", ""));
            "\"same\" \"changed\" \"gone-withdraw\" \"gone-keep\" \"oneshot\""
        };
        text.push_str(&helper(
            "oneshot",
            &script,
            "10.19.55.0/24",
            &format!(
                "    environment \"MARKER\" \"{}\"\n    respawn #false\n    on-exit \"withdraw\"",
                marker.display()
            ),
        ));
        text.push_str(&peer.neighbor(&format!(
            "    api {{ processes {names}; neighbor-changes }}"
        )));
        text
    };
    let path = scratch.write("ferrobgp.kdl", &config(false));
    let mut daemon = Daemon::start("reload-helpers", &["run", &path], &[]);
    bird.wait_for_output("show protocols p1", &["Established"]);
    let all = [
        "10.19.50.0/24",
        "10.19.51.0/24",
        "10.19.52.0/24",
        "10.19.53.0/24",
        "10.19.55.0/24",
    ];
    bird.wait_for_output("show route protocol p1", &all);
    let before: Vec<Vec<u32>> = ["same", "changed"]
        .iter()
        .map(|name| pids(&daemon, name))
        .collect();
    assert!(before.iter().all(|pids| pids.len() == 1), "{before:?}");

    scratch.write("ferrobgp.kdl", &config(true));
    let answer = ctl(&control, &["reload"]);
    let text = String::from_utf8_lossy(&answer.stdout);
    assert!(answer.status.success(), "{answer:?}");
    for part in [
        "neighbor 127.19.2.1: updated in place: api",
        "helper gone-withdraw: removed",
        "helper gone-keep: removed",
        "helper changed: restarted: environment",
        "helper new: added",
    ] {
        assert!(text.contains(part), "no {part:?} in:\n{text}");
    }
    bird.wait_for_output("show route protocol p1", &["10.19.54.0/24"]);
    wait_until_true("gone-withdraw's route withdrawn", LONG_WAIT, || {
        !bird
            .birdc("show route protocol p1")
            .contains("10.19.52.0/24")
    });
    wait_until_true("changed runs again", LONG_WAIT, || {
        pids(&daemon, "changed").len() == 2
    });
    let changed = pids(&daemon, "changed");
    assert_ne!(changed[0], changed[1]);
    assert_eq!(
        pids(&daemon, "same"),
        before[0],
        "the unchanged helper keeps its pid"
    );
    let routes = bird.birdc("show route protocol p1");
    for kept in [
        "10.19.50.0/24",
        "10.19.51.0/24",
        "10.19.53.0/24",
        "10.19.55.0/24",
    ] {
        assert!(routes.contains(kept), "{kept} kept:\n{routes}");
    }
    assert_eq!(daemon.times_up(PEER), 1);

    // A helper that exits without respawn: its on-exit "withdraw" applies.
    std::fs::write(&marker, "").expect("marker");
    wait_until_true("oneshot's route withdrawn", LONG_WAIT, || {
        !bird
            .birdc("show route protocol p1")
            .contains("10.19.55.0/24")
    });
    daemon.wait_for(&["helper oneshot: gone; withdrawing its routes"]);

    // SIGUSR2: reload and restart every helper.
    daemon.signal(Signal::SIGUSR2);
    daemon.wait_for(&["configuration reloaded (SIGUSR2)"]);
    wait_until_true("same restarted", LONG_WAIT, || {
        pids(&daemon, "same").len() == 2
    });
    wait_until_true("new restarted", LONG_WAIT, || {
        pids(&daemon, "new").len() == 2
    });
    let same = pids(&daemon, "same");
    assert_ne!(same[0], same[1]);
    bird.wait_for_output(
        "show route protocol p1",
        &[
            "10.19.50.0/24",
            "10.19.51.0/24",
            "10.19.54.0/24",
            "10.19.53.0/24",
        ],
    );
    assert_eq!(daemon.times_up(PEER), 1);
    daemon.signal(Signal::SIGTERM);
    assert_eq!(daemon.wait_exit().code(), Some(0));
}

/// 100,000 host routes in 100 commands of 1,000 prefixes each (`announce attributes … nlri`),
/// so that the test is about the reload and not about how many commands a peer's queue holds.
const BULK: &str = r#"
import sys
for block in range(100):
    prefixes = []
    for index in range(block * 1000, block * 1000 + 1000):
        prefixes.append("10.%d.%d.%d/32" % (100 + index // 65536, (index // 256) % 256, index % 256))
    sys.stdout.write("announce attributes next-hop self nlri " + " ".join(prefixes) + "\n")
    sys.stdout.flush()
for line in sys.stdin:
    pass
"#;

#[test]
fn a_reload_during_100k_announcements_loses_none() {
    const PEER: &str = "127.19.3.1";
    let peer = Peer::new(3, 1);
    let scratch = Scratch::new("reload-bulk");
    let bird = Bird::start(
        &scratch.path,
        &bird_config(&scratch.path, std::slice::from_ref(&peer)),
    );
    let script = scratch.write("bulk.py", BULK);
    let control = scratch.file("control");
    let config = |description: &str| {
        let mut text = header(std::slice::from_ref(&peer), &control);
        text.push_str(&format!(
            "process \"bulk\" {{ run \"/usr/bin/python3\" \"{script}\" }}\n"
        ));
        text.push_str(&peer.neighbor(&format!(
            "    description \"{description}\"\n    api {{ processes \"bulk\" }}"
        )));
        text
    };
    let path = scratch.write("ferrobgp.kdl", &config("before"));
    let mut daemon = Daemon::start("reload-bulk", &["run", &path], &[]);
    bird.wait_for_output("show protocols p1", &["Established"]);
    // Reload while the routes flow (some are already at BIRD, not all).
    wait_until_true("the first routes reach BIRD", LONG_WAIT, || {
        bird_routes(&bird, "p1") > 0
    });
    scratch.write("ferrobgp.kdl", &config("after"));
    eprintln!(
        "routes at BIRD when reloading: {}",
        bird_routes(&bird, "p1")
    );
    daemon.signal(Signal::SIGHUP);
    daemon.wait_for(&["configuration reloaded (SIGHUP)", "1 updated in place"]);
    // (A route command the hub could not hand to the peer is logged "not delivered".)
    wait_until_true("BIRD has all 100000 routes", LONG_WAIT, || {
        bird_routes(&bird, "p1") == 100_000 || daemon.count(&["not delivered"]) > 0
    });
    assert_eq!(
        daemon.count(&["not delivered"]),
        0,
        "route commands were dropped"
    );
    assert_eq!(bird_routes(&bird, "p1"), 100_000);
    assert_eq!(daemon.times_up(PEER), 1);
    assert_eq!(pids(&daemon, "bulk").len(), 1);
    assert_eq!(daemon.count(&["helper bulk: started"]), 1);
    daemon.signal(Signal::SIGTERM);
    assert_eq!(daemon.wait_exit().code(), Some(0));
}

/// The file watcher: a NixOS-style swap of the `/etc/static` symlink and an editor's
/// write-then-rename each cause exactly one reload; rewriting the same bytes causes none. A
/// reload parses only the top-level node that changed.
#[test]
fn file_changes_reload_once_each() {
    const OURS: &str = "127.19.4.1";
    let scratch = Scratch::new("reload-watch");
    let port = free_port(OURS);
    let content = |description: &str| {
        format!(
            "router-id \"192.0.2.10\"\nlocal-as 65100\nlisten \"{OURS}\" port={port}\n\
             control-fifo #false\nlog-level \"debug\"\nneighbor \"127.19.4.2\" {{ peer-as 65101; passive; \
             description \"{description}\" }}\n"
        )
    };
    let etc = scratch.file("etc");
    std::fs::create_dir_all(&etc).expect("etc");
    for (store, description) in [("store-1", "one"), ("store-2", "two")] {
        std::fs::create_dir_all(scratch.file(store)).expect("store");
        scratch.write(&format!("{store}/ferrobgp.kdl"), &content(description));
    }
    std::os::unix::fs::symlink(scratch.file("store-1"), etc.join("static")).expect("static");
    std::os::unix::fs::symlink("static/ferrobgp.kdl", etc.join("ferrobgp.kdl")).expect("link");
    let path = etc.join("ferrobgp.kdl").display().to_string();
    let mut daemon = Daemon::start("reload-watch", &["run", &path], &[]);
    daemon.wait_for(&["running 1 speaker"]);
    let reloads = |daemon: &Daemon| daemon.count(&["configuration reloaded (file changed)"]);

    // NixOS activation: a new /etc/static renamed over the old one.
    std::os::unix::fs::symlink(scratch.file("store-2"), etc.join("static.tmp")).expect("new link");
    std::fs::rename(etc.join("static.tmp"), etc.join("static")).expect("swap");
    daemon.wait_for(&[
        "configuration reloaded (file changed)",
        "1 updated in place",
    ]);
    daemon.wait_for(&["neighbor 127.19.4.2: updated in place: description"]);
    // Only the changed node was parsed again (config::blocks).
    daemon.wait_for(&["parsed 1 changed top-level blocks, reused the others"]);

    // An editor: the new text written aside, then renamed over the file (the symlink).
    std::fs::write(etc.join(".ferrobgp.kdl.swp"), content("three")).expect("write");
    std::fs::rename(etc.join(".ferrobgp.kdl.swp"), etc.join("ferrobgp.kdl")).expect("rename");
    wait_until_true("the editor's rename reloads", LONG_WAIT, || {
        reloads(&daemon) == 2
    });

    // The same bytes again (a `touch`, a rewrite): no reload.
    std::fs::write(etc.join(".ferrobgp.kdl.swp"), content("three")).expect("write");
    std::fs::rename(etc.join(".ferrobgp.kdl.swp"), etc.join("ferrobgp.kdl")).expect("rename");
    // A change after it: its reload is the third, so nothing came between.
    std::fs::write(etc.join("ferrobgp.kdl"), content("four")).expect("write in place");
    wait_until_true("the in-place write reloads", LONG_WAIT, || {
        reloads(&daemon) == 3
    });
    // SIGUSR1 (ExaBGP's reload signal) as the last event.
    daemon.signal(Signal::SIGUSR1);
    daemon.wait_for(&["configuration reloaded (SIGUSR1)", "1 unchanged"]);
    assert_eq!(reloads(&daemon), 3, "{:#?}", daemon.lines());
    daemon.signal(Signal::SIGTERM);
    assert_eq!(daemon.wait_exit().code(), Some(0));
}

/// A passive neighbor with a TCP-MD5 key added by a reload: the key is installed on the
/// listening socket (bound at start), so BIRD's signed connection is accepted.
#[test]
fn a_neighbor_added_with_md5_is_accepted_by_the_listener() {
    const SECRET: &str = "reload-secret";
    let peer = Peer::new(5, 1);
    let scratch = Scratch::new("reload-md5");
    let bird_config = bird_config(&scratch.path, std::slice::from_ref(&peer)).replace(
        "hold time 30;",
        &format!("hold time 30;\n  password \"{SECRET}\";"),
    );
    let bird = Bird::start(&scratch.path, &bird_config);
    let control = scratch.file("control");
    let placeholder = "neighbor \"127.19.5.2\" { peer-as 65199; passive }\n";
    let before = header(std::slice::from_ref(&peer), &control) + placeholder;
    let path = scratch.write("ferrobgp.kdl", &before);
    let mut daemon = Daemon::start("reload-md5", &["run", &path], &[]);
    daemon.wait_for(&["running 1 speaker"]);
    let after =
        before.clone() + &peer.neighbor(&format!("    passive\n    md5-password \"{SECRET}\""));
    scratch.write("ferrobgp.kdl", &after);
    let answer = ctl(&control, &["reload"]);
    assert!(answer.status.success(), "{answer:?}");
    bird.wait_for_output("show protocols p1", &["Established"]);
    daemon.wait_for(&[&format!("neighbor {} up", peer.address)]);
    daemon.signal(Signal::SIGTERM);
    assert_eq!(daemon.wait_exit().code(), Some(0));
}
