//! ExaBGP's control commands through a real helper of `ferrobgp run`: two speakers in one
//! process on 127.18.1.1 ("a") and 127.18.1.2 ("b"). On a, the helper "ops" waits for a
//! gate (opened once the session is up), then writes `announce watchdog web`, `withdraw
//! watchdog web` (after `show adj-rib out` in its three forms), `announce eor`, `help`,
//! `reset`, `version` and `restart`, copying every
//! line it reads back into a transcript. On b, a helper records the UPDATEs and state
//! changes it receives. Checks the acks and outputs (reset answers nothing), that the
//! watchdog route (configured `withdrawn=#true`) is announced then withdrawn, that a second
//! End-of-RIB arrives, and that `restart` takes the session down and up again.

mod daemon_support;

use std::time::Duration;

use daemon_support::relay_helper::{PYTHON, RelayHelper};
use daemon_support::{Daemon, Scratch, free_port, wait_until_reporting};
use nix::sys::signal::Signal;

const LONG_WAIT: Duration = Duration::from_secs(60);

const OPS: &str = r#"
import os, sys, time
gate, path = sys.argv[1], sys.argv[2]
while not os.path.exists(gate):
    time.sleep(0.05)
out = open(path, "a", buffering=1)
def send(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
    out.write(">> " + line + "\n")
def read_until_ack():
    while True:
        line = sys.stdin.readline()
        out.write(line)
        if line.strip() in ("done", "error"):
            return
def wait_for(name):
    while not os.path.exists(gate + "." + name):
        time.sleep(0.05)
send("announce watchdog web"); read_until_ack()
wait_for("announced")
send("show adj-rib out"); read_until_ack()
send("show adj-rib out extensive"); read_until_ack()
send("show adj-rib out json"); read_until_ack()
send("withdraw watchdog web"); read_until_ack()
wait_for("withdrawn")
send("announce eor"); read_until_ack()
send("help"); read_until_ack()
send("reset")
send("version"); read_until_ack()
send("restart"); read_until_ack()
out.write("finished\n")
for line in sys.stdin:
    pass
"#;

/// How many UPDATEs announce (`true`) or withdraw `prefix`.
fn updates_for(events: &[serde_json::Value], prefix: &str, announce: bool) -> usize {
    events
        .iter()
        .filter(|event| event["type"] == "update")
        .filter(|event| {
            let update = &event["neighbor"]["message"]["update"];
            if announce {
                update["announce"]["ipv4 unicast"]
                    .as_object()
                    .into_iter()
                    .flat_map(|hops| hops.values())
                    .flat_map(|routes| routes.as_array().into_iter().flatten())
                    .any(|route| route["nlri"] == prefix)
            } else {
                update["withdraw"]["ipv4 unicast"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|route| route["nlri"] == prefix)
            }
        })
        .count()
}

fn end_of_ribs(events: &[serde_json::Value]) -> usize {
    events
        .iter()
        .filter(|event| event["neighbor"]["message"]["eor"].is_object())
        .count()
}

fn states(events: &[serde_json::Value]) -> Vec<String> {
    events
        .iter()
        .filter(|event| event["type"] == "state")
        .filter_map(|event| event["neighbor"]["state"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn control_commands_answer_as_exabgp_does() {
    let scratch = Scratch::new("helper-commands");
    let python = PYTHON;
    let ops = scratch.write("ops.py", OPS);
    let recorder = RelayHelper::new(&scratch.path, "recorder");
    let recorder_process = recorder.process_node("recorder");
    let gate = scratch.file("gate").display().to_string();
    let transcript = scratch.file("transcript.txt");
    let a_port = free_port("127.18.1.1");
    let b_port = free_port("127.18.1.2");
    let a = scratch.write(
        "a.kdl",
        &format!(
            r#"
router-id "192.0.2.11"
local-as 65011
listen "127.18.1.1" port={a_port}
process "ops" {{ run "{python}" "{ops}" "{gate}" "{}" }}
neighbor "127.18.1.2" {{
    peer-as 65012
    local-address "127.18.1.1"
    connect-port {b_port}
    family {{ ipv4 "unicast" }}
    api {{ processes "ops" }}
    announce {{
        route "192.0.2.80/32 next-hop self" watchdog="web" withdrawn=#true
        route "192.0.2.81/32 next-hop self"
    }}
}}
"#,
            transcript.display()
        ),
    );
    let b = scratch.write(
        "b.kdl",
        &format!(
            r#"
router-id "192.0.2.12"
local-as 65012
listen "127.18.1.2" port={b_port}
{recorder_process}
neighbor "127.18.1.1" {{
    peer-as 65011
    local-address "127.18.1.2"
    connect-port {a_port}
    passive
    family {{ ipv4 "unicast" }}
    api {{ processes "recorder"; neighbor-changes; receive {{ parsed; update; }} }}
}}
"#
        ),
    );
    let mut daemon = Daemon::start("commands", &["run", &a, &b], &[]);
    daemon.wait_for(&["speaker{name=a}", "neighbor 127.18.1.2 up"]);
    // The static route that is not withdrawn arrives, and the first End-of-RIB.
    recorder.wait(
        "the static route and the first End-of-RIB",
        LONG_WAIT,
        |seen| {
            (updates_for(seen, "192.0.2.81/32", true) == 1 && end_of_ribs(seen) >= 1).then_some(())
        },
    );
    assert_eq!(
        updates_for(&recorder.events(), "192.0.2.80/32", true),
        0,
        "the watchdog route starts withdrawn"
    );
    std::fs::write(&gate, "").expect("gate");

    recorder.wait("the watchdog route announced", LONG_WAIT, |seen| {
        (updates_for(seen, "192.0.2.80/32", true) == 1).then_some(())
    });
    std::fs::write(format!("{gate}.announced"), "").expect("gate");
    recorder.wait("the watchdog route withdrawn", LONG_WAIT, |seen| {
        (updates_for(seen, "192.0.2.80/32", false) == 1).then_some(())
    });
    std::fs::write(format!("{gate}.withdrawn"), "").expect("gate");

    let text = wait_until_reporting(
        "the ops helper's transcript",
        LONG_WAIT,
        || {
            let text = std::fs::read_to_string(&transcript).unwrap_or_default();
            text.contains("finished\n").then_some(text)
        },
        || format!("log:\n{}", daemon.lines().join("\n")),
    );
    let help: String = ferrobgp_help_lines().join("\n");
    let key = "neighbor 127.18.1.2 local-ip 127.18.1.1 local-as 65011 peer-as 65012 router-id \
               192.0.2.11 family-allowed in-open ipv4 unicast";
    let expected = format!(
        ">> announce watchdog web\ndone\n\
         >> show adj-rib out\n\
         127.18.1.2 ipv4 unicast 192.0.2.80/32 next-hop 127.18.1.1\n\
         127.18.1.2 ipv4 unicast 192.0.2.81/32 next-hop 127.18.1.1\ndone\n\
         >> show adj-rib out extensive\n\
         {key} 192.0.2.80/32 next-hop 127.18.1.1 origin igp as-path ( 65011 )\n\
         {key} 192.0.2.81/32 next-hop 127.18.1.1 origin igp as-path ( 65011 )\ndone\n\
         >> show adj-rib out json\n\
         {{\"127.18.1.2\": {{\"routes\": [{{\"prefix\": \"192.0.2.80/32\", \"family\": \"ipv4 unicast\"}}]}}}}\n\
         {{\"127.18.1.2\": {{\"routes\": [{{\"prefix\": \"192.0.2.81/32\", \"family\": \"ipv4 unicast\"}}]}}}}\ndone\n\
         >> withdraw watchdog web\ndone\n>> announce eor\ndone\n\
         >> help\n{help}\ndone\n>> reset\n>> version\nferrobgp {}\ndone\n>> restart\n\
         restart in progress\ndone\nfinished\n",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(text, expected);

    // The second End-of-RIB (announce eor), then restart: down, up, and the table again.
    recorder.wait("the session down and up again", LONG_WAIT, |seen| {
        let states = states(seen);
        let restarted = states
            .iter()
            .skip_while(|state| *state != "down")
            .any(|state| state == "up");
        (end_of_ribs(seen) >= 2 && restarted).then_some(())
    });
    daemon.wait_for(&["speaker{name=a}", "restart"]);

    daemon.signal(Signal::SIGTERM);
    let status = daemon.wait_exit();
    assert_eq!(status.code(), Some(0));
}

/// ExaBGP 5.0's `help` answer (reference §2.3) without `crash`.
fn ferrobgp_help_lines() -> Vec<String> {
    let mut lines = vec![
        String::new(),
        "available API commands are listed here:".to_owned(),
        "=======================================".to_owned(),
        String::new(),
        "filter can be: [local-ip <ip>][local-as <asn>][peer-as <asn>][router-id <router-id>]"
            .to_owned(),
        String::new(),
        "command are:".to_owned(),
        "------------".to_owned(),
        String::new(),
        "# ".to_owned(),
    ];
    for command in [
        "announce attribute",
        "announce attributes",
        "announce eor",
        "announce flow",
        "announce ipv4",
        "announce ipv6",
        "announce operational",
        "announce route",
        "announce route-refresh",
        "announce vpls",
        "announce watchdog",
        "clear adj-rib",
        "flush adj-rib out",
        "teardown",
        "withdraw attribute",
        "withdraw attributes",
        "withdraw flow",
        "withdraw ipv4",
        "withdraw ipv6",
        "withdraw route",
        "withdraw vpls",
        "withdraw watchdog",
    ] {
        lines.push(format!("[neighbor <ip> [filters]] {command}"));
    }
    for command in [
        "disable-ack ",
        "enable-ack ",
        "help ",
        "reload ",
        "reset ",
        "restart ",
        "show adj-rib in [ extensive ] ",
        "show adj-rib out [ extensive ] ",
        "show neighbor [ summary | extensive | configuration ] ",
        "shutdown ",
        "silence-ack ",
        "version ",
    ] {
        lines.push(command.to_owned());
    }
    lines.push(String::new());
    lines
}
