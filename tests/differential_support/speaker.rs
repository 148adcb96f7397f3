//! The two speakers under test, started the same way from one scenario description: ExaBGP
//! 5.0 (`exabgp server FILE.conf`) and `ferrobgp run FILE.kdl`, each running the same helper
//! script (python3) and connecting to the same kind of recording peer.
//!
//! Both configurations say the same thing: router-id 10.0.0.2, AS 65002, the scenario's
//! families, route refresh, an `api` block with `neighbor-changes` and
//! `receive { parsed; update; refresh; }` for the helper, no listening socket (the speaker
//! connects to the peer's port).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The helper program: runs `DIR/steps` (one step a line), records every line it reads on
/// its stdin in `DIR/received`.
///
/// Steps: `send LINE` (write, then read until an ack `done`/`error`), `write LINE` (write
/// only), `until TEXT` (read until a line containing TEXT), `mark N` (create `DIR/mark-N`),
/// `await N` (wait for `DIR/go-N`, at most 90 s). After the last step it writes `#finished`
/// into the record, creates `DIR/finished` and keeps recording until its stdin closes.
pub const HELPER: &str = r##"
import os, sys, time
directory = sys.argv[1]
record = open(os.path.join(directory, "received"), "a", buffering=1)

def read_line():
    line = sys.stdin.readline()
    if not line:
        record.write("#eof\n")
        sys.exit(0)
    record.write(line if line.endswith("\n") else line + "\n")
    return line.rstrip("\n")

def write(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()

for step in open(os.path.join(directory, "steps")).read().split("\n"):
    if not step:
        continue
    operation, _, argument = step.partition(" ")
    if operation == "send":
        write(argument)
        while read_line() not in ("done", "error"):
            pass
    elif operation == "write":
        write(argument)
    elif operation == "until":
        while argument not in read_line():
            pass
    elif operation == "mark":
        open(os.path.join(directory, "mark-" + argument), "w").close()
    elif operation == "await":
        deadline = time.time() + 90
        while not os.path.exists(os.path.join(directory, "go-" + argument)):
            if time.time() > deadline:
                record.write("#timeout\n")
                sys.exit(1)
            time.sleep(0.02)
record.write("#finished\n")
open(os.path.join(directory, "finished"), "w").close()
for line in sys.stdin:
    record.write(line)
"##;

/// Which speaker runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Implementation {
    Exabgp,
    Ferrobgp,
}

/// One neighbor of the speaker under test.
#[derive(Debug, Clone)]
pub struct NeighborSpec {
    pub peer: String,
    pub local: String,
    pub peer_as: u32,
    pub port: u16,
}

/// What both configurations are written from.
#[derive(Debug, Clone)]
pub struct SpeakerSpec {
    pub neighbors: Vec<NeighborSpec>,
    /// ExaBGP's family names, `ipv4 unicast`.
    pub families: Vec<String>,
    /// ADD-PATH send/receive on every family.
    pub add_path: bool,
}

pub const LOCAL_AS: u32 = 65002;
pub const ROUTER_ID: &str = "10.0.0.2";
const PYTHON: &str = "/usr/bin/python3";

/// The ExaBGP configuration.
pub fn exabgp_config(spec: &SpeakerSpec, directory: &Path) -> String {
    let dir = directory.display();
    let mut text = format!(
        "process helper {{\n    run {PYTHON} {dir}/helper.py {dir};\n    encoder json;\n}}\n"
    );
    for neighbor in &spec.neighbors {
        let families: String = spec
            .families
            .iter()
            .map(|family| format!("{family}; "))
            .collect();
        let add_path = if spec.add_path {
            "add-path send/receive; "
        } else {
            ""
        };
        text.push_str(&format!(
            "neighbor {peer} {{\n    router-id {ROUTER_ID};\n    local-address {local};\n    local-as {LOCAL_AS};\n    peer-as {peer_as};\n    connect {port};\n    family {{ {families}}}\n    capability {{ route-refresh; {add_path}}}\n    api {{\n        processes [ helper ];\n        neighbor-changes;\n        receive {{ parsed; update; refresh; }}\n    }}\n}}\n",
            peer = neighbor.peer,
            local = neighbor.local,
            peer_as = neighbor.peer_as,
            port = neighbor.port,
        ));
    }
    text
}

/// The ferrobgp configuration.
pub fn ferrobgp_config(spec: &SpeakerSpec, directory: &Path) -> String {
    let dir = directory.display();
    let mut text = format!(
        "router-id \"{ROUTER_ID}\"\nlocal-as {LOCAL_AS}\nlisten #false\ncontrol-fifo #false\nprocess \"helper\" {{ run \"{PYTHON}\" \"{dir}/helper.py\" \"{dir}\" }}\n"
    );
    for neighbor in &spec.neighbors {
        let add_path = if spec.add_path {
            " add-path=send-receive"
        } else {
            ""
        };
        let families: String = spec
            .families
            .iter()
            .map(|family| format!("        {family}{add_path}\n"))
            .collect();
        text.push_str(&format!(
            "neighbor \"{peer}\" {{\n    peer-as {peer_as}\n    local-address \"{local}\"\n    connect-port {port}\n    family {{\n{families}    }}\n    api {{\n        processes \"helper\"\n        neighbor-changes\n        receive {{ parsed; update; refresh; }}\n    }}\n}}\n",
            peer = neighbor.peer,
            local = neighbor.local,
            peer_as = neighbor.peer_as,
            port = neighbor.port,
        ));
    }
    text
}

/// The `exabgp` program of the repository's virtual environment, or on PATH.
fn exabgp_program() -> PathBuf {
    crate::support::exabgp::program()
}

/// A running speaker; killed on drop.
pub struct Speaker {
    pub implementation: Implementation,
    child: Child,
    pub log: PathBuf,
}

impl Speaker {
    /// Writes the configuration and the helper into `directory` and starts the speaker.
    pub fn start(implementation: Implementation, spec: &SpeakerSpec, directory: &Path) -> Speaker {
        std::fs::write(directory.join("helper.py"), HELPER).expect("helper is written");
        let log = directory.join("speaker.log");
        let output = File::create(&log).expect("log file");
        let errors = output.try_clone().expect("log file");
        let mut command = match implementation {
            Implementation::Exabgp => {
                let path = directory.join("exabgp.conf");
                std::fs::write(&path, exabgp_config(spec, directory)).expect("config");
                let mut command = Command::new(exabgp_program());
                command
                    .arg("server")
                    .arg(&path)
                    .env("exabgp.daemon.user", "root")
                    .env("exabgp.api.cli", "false")
                    .env("exabgp.api.ack", "true")
                    .env("exabgp.log.destination", "stdout");
                command
            }
            Implementation::Ferrobgp => {
                let path = directory.join("ferrobgp.kdl");
                std::fs::write(&path, ferrobgp_config(spec, directory)).expect("config");
                let mut command = Command::new(env!("CARGO_BIN_EXE_ferrobgp"));
                command
                    .arg("run")
                    .arg(&path)
                    .env_remove("FERROBGP_LOG")
                    .env("NO_COLOR", "1");
                command
            }
        };
        let child = command
            .stdin(Stdio::null())
            .stdout(output)
            .stderr(errors)
            .spawn()
            .unwrap_or_else(|error| {
                panic!("cannot start {implementation:?} ({error}); run scripts/install-test-tools")
            });
        Speaker {
            implementation,
            child,
            log,
        }
    }

    /// Whether the speaker still runs.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// The speaker's output so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGTERM, then SIGKILL if it has not exited within 10 s.
    pub fn stop(&mut self) {
        if !self.alive() {
            return;
        }
        if let Ok(pid) = i32::try_from(self.child.id()) {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(pid),
                nix::sys::signal::Signal::SIGTERM,
            );
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if !self.alive() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Speaker {
    fn drop(&mut self) {
        if self.alive() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
