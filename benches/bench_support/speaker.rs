//! The speaker under test in issue 5's benchmarks, ferrobgp or ExaBGP 5.0, given the same
//! session to BIRD and the same helper program (a Python script run by the same interpreter),
//! and the two helper scripts: one writes `announce route` lines, one reads update JSON.

use std::path::Path;

use super::exabgp::ExaBgp;
use super::python;
use crate::daemon_support::{Daemon, Scratch, free_port};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Ferrobgp,
    ExaBgp,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Ferrobgp => "ferrobgp",
            Kind::ExaBgp => "ExaBGP 5.0",
        }
    }
}

pub enum Running {
    Ferrobgp(Daemon),
    ExaBgp(ExaBgp),
}

impl Running {
    pub fn id(&self) -> u32 {
        match self {
            Running::Ferrobgp(daemon) => daemon.pid(),
            Running::ExaBgp(exabgp) => exabgp.id(),
        }
    }

    /// The end of its log, for failures.
    pub fn tail(&self) -> String {
        match self {
            Running::Ferrobgp(daemon) => {
                let lines = daemon.lines();
                lines[lines.len().saturating_sub(20)..].join("\n")
            }
            Running::ExaBgp(exabgp) => exabgp.tail(20),
        }
    }
}

/// The session and the helper of one run.
pub struct Session<'a> {
    pub local_address: &'a str,
    pub local_as: u32,
    pub peer_address: &'a str,
    pub peer_port: u16,
    pub peer_as: u32,
    /// The helper's script and its arguments (run by `python()`).
    pub script: &'a Path,
    pub arguments: &'a [String],
    /// `receive { parsed; update; }` as well as `neighbor-changes`.
    pub receive_updates: bool,
}

/// Starts `kind` with one neighbor (it connects to the peer) and one helper.
pub fn start(kind: Kind, scratch: &Scratch, session: &Session) -> Running {
    let python = python();
    match kind {
        Kind::Ferrobgp => {
            let mut run = format!("\"{}\" \"{}\"", python.display(), session.script.display());
            for argument in session.arguments {
                run.push_str(&format!(" \"{argument}\""));
            }
            let receive = if session.receive_updates {
                "receive { parsed; update; }"
            } else {
                ""
            };
            // `BENCH_FERROBGP_LOG_LEVEL` (default info, the daemon's default) for variants.
            let log_level =
                std::env::var("BENCH_FERROBGP_LOG_LEVEL").unwrap_or_else(|_| "info".to_owned());
            let config = format!(
                r#"router-id "{local}"
local-as {local_as}
log-level "{log_level}"
listen #false
control-fifo #false
process "helper" {{
    run {run}
}}
neighbor "{peer}" {{
    peer-as {peer_as}
    local-address "{local}"
    connect-port {peer_port}
    hold-time 240
    family {{ ipv4 unicast; }}
    api {{
        processes "helper"
        neighbor-changes
        {receive}
    }}
}}
"#,
                local = session.local_address,
                local_as = session.local_as,
                peer = session.peer_address,
                peer_as = session.peer_as,
                peer_port = session.peer_port,
            );
            let path = scratch.write("ferrobgp.kdl", &config);
            Running::Ferrobgp(Daemon::start("ferrobgp", &["run", &path], &[]))
        }
        Kind::ExaBgp => {
            let receive = if session.receive_updates {
                "receive { parsed; update; }"
            } else {
                ""
            };
            let config = format!(
                r#"process helper {{
    run {python} {script} {arguments};
    encoder json;
}}
neighbor {peer} {{
    router-id {local};
    local-address {local};
    local-as {local_as};
    peer-as {peer_as};
    connect {peer_port};
    hold-time 240;
    family {{ ipv4 unicast; }}
    api {{
        processes [ helper ];
        neighbor-changes;
        {receive}
    }}
}}
"#,
                python = python.display(),
                script = session.script.display(),
                arguments = session.arguments.join(" "),
                local = session.local_address,
                local_as = session.local_as,
                peer = session.peer_address,
                peer_as = session.peer_as,
                peer_port = session.peer_port,
            );
            let port = free_port(session.local_address);
            Running::ExaBgp(ExaBgp::start(
                &scratch.path,
                &config,
                session.local_address,
                port,
            ))
        }
    }
}

/// Waits for the session to come up, then writes `announce route 10.x.y.z/32 next-hop self`
/// lines, one route per line (the text is built before the session is up), while a thread
/// drains the acks. Writes "started written" (Unix times) to the result file.
pub const ANNOUNCE_HELPER: &str = r#"import json, os, sys, threading, time

count = int(sys.argv[1])
result = sys.argv[2]
text = "".join(
    "announce route 10.%d.%d.%d/32 next-hop self\n" % (i >> 16 & 255, i >> 8 & 255, i & 255)
    for i in range(count)
)
up = threading.Event()


def read():
    for line in sys.stdin:
        if not up.is_set() and '"state"' in line:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if message.get("type") == "state" and message["neighbor"].get("state") == "up":
                up.set()
    os._exit(0)


threading.Thread(target=read, daemon=True).start()
up.wait()
started = time.time()
sys.stdout.write(text)
sys.stdout.flush()
written = time.time()
with open(result + ".tmp", "w") as output:
    output.write("%r %r\n" % (started, written))
os.replace(result + ".tmp", result)
threading.Event().wait()
"#;

/// Reads the JSON events as a monitoring helper would (`json.loads` per line), counting the
/// announced routes. Writes "up now count done" (Unix times) to the result file when the
/// session comes up, about once a second, and when `count` routes have arrived.
pub const RECEIVE_HELPER: &str = r#"import json, os, sys, time

wanted = int(sys.argv[1])
result = sys.argv[2]
count = 0
up = None
last = 0.0
done = False


def save(finished):
    with open(result + ".tmp", "w") as output:
        output.write("%r %r %d %d\n" % (up, time.time(), count, finished))
    os.replace(result + ".tmp", result)


for line in sys.stdin:
    if done:
        continue
    try:
        message = json.loads(line)
    except ValueError:
        continue
    kind = message.get("type")
    if kind == "state":
        if up is None and message["neighbor"].get("state") == "up":
            up = time.time()
            save(0)
    elif kind == "update":
        announce = message["neighbor"]["message"]["update"].get("announce")
        if announce:
            for by_next_hop in announce.values():
                for routes in by_next_hop.values():
                    count += len(routes)
        if count >= wanted:
            done = True
            save(1)
        elif time.time() - last >= 1.0:
            last = time.time()
            save(0)
"#;
