//! The speaker under test in issue 5's benchmarks, ferrobgp or ExaBGP 5.0, given the same
//! session to BIRD and the same helper program (a Python script run by the same interpreter);
//! where each benchmark's BIRD and speakers are ([`Peering`]); and the helper that reads update
//! JSON (the one that writes `announce route` lines is `bird_flood::FLOOD_HELPER`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::bird_flood::passive_peer_config;
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

/// How long the helper may wait for its session to come up.
pub const SESSION_LIMIT: Duration = Duration::from_secs(90);

/// Where one benchmark's BIRD and speakers are: BIRD at NETWORK.1, ferrobgp at NETWORK.2 and
/// ExaBGP at NETWORK.3 (all the speakers in one AS).
pub struct Peering {
    pub network: &'static str,
    pub bird_as: u32,
    pub speaker_as: u32,
}

impl Peering {
    pub fn bird_address(&self) -> String {
        format!("{}.1", self.network)
    }

    pub fn speaker_address(&self, kind: Kind) -> String {
        match kind {
            Kind::Ferrobgp => format!("{}.2", self.network),
            Kind::ExaBgp => format!("{}.3", self.network),
        }
    }

    /// BIRD's configuration: `extra` (a static protocol, or nothing) and the passive BGP
    /// protocol `speaker` for `kind`'s address, with the IPv4 channel `ipv4`.
    pub fn bird_config(&self, kind: Kind, bird_port: u16, ipv4: &str, extra: &str) -> String {
        passive_peer_config(
            "speaker",
            (&self.bird_address(), bird_port, self.bird_as),
            (&self.speaker_address(kind), self.speaker_as),
            ipv4,
            extra,
        )
    }

    /// Writes `helper` (its name and program) to SCRATCH/NAME.py and starts `kind`, connecting
    /// to BIRD on `bird_port`, with that helper run with `routes` and SCRATCH/NAME.result (and
    /// `receive { parsed; update; }` if `receive_updates`). Returns the speaker and that file.
    pub fn start_speaker(
        &self,
        kind: Kind,
        scratch: &Scratch,
        bird_port: u16,
        helper: (&str, &str),
        routes: u64,
        receive_updates: bool,
    ) -> (Running, PathBuf) {
        let (name, program) = helper;
        let script = scratch.path.join(format!("{name}.py"));
        std::fs::write(&script, program).expect("helper script");
        let result = scratch.file(&format!("{name}.result"));
        let arguments = [routes.to_string(), result.display().to_string()];
        let running = start(
            kind,
            scratch,
            &Session {
                local_address: &self.speaker_address(kind),
                local_as: self.speaker_as,
                peer_address: &self.bird_address(),
                peer_port: bird_port,
                peer_as: self.bird_as,
                script: &script,
                arguments: &arguments,
                receive_updates,
            },
        );
        (running, result)
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
