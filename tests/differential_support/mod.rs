//! The helper differential harness: one scenario (the lines a helper writes, what the peer
//! does in between) runs once under ExaBGP 5.0 and once under `ferrobgp run`, against the same
//! recording peer, and the two runs are compared: the messages the peer received (UPDATE,
//! NOTIFICATION, ROUTE-REFRESH, raw, per session) and what the helper read on its stdin (acks
//! and JSON, the JSON parsed and stripped of per-run fields).
//!
//! Synchronisation is by files in the run's directory, never by sleeping: the helper writes
//! `mark-N` where the scenario has peer-side steps, the harness carries them out (waiting, with
//! a deadline, for what the peer must have received, or sending/closing) and writes `go-N`.
//! Every run starts with the helper waiting for the `up` event and the harness waiting for the
//! speaker's End-of-RIB markers, so that nothing a helper sends races the initial table.

pub mod canonical;
pub mod peer;
pub mod speaker;

use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ferrobgp::wire::family::Family;

use peer::{PeerSetup, RecordingPeer, Session, hex};
use speaker::{Implementation, NeighborSpec, Speaker, SpeakerSpec};

/// The longest any single wait may take.
pub const WAIT: Duration = Duration::from_secs(60);

/// One step of a scenario.
#[derive(Debug, Clone)]
pub enum Step {
    /// The helper writes the line and reads until its ack (`done` or `error`).
    Send(&'static str),
    /// The helper writes the line and does not wait (after `disable-ack`, for lines that get
    /// no ack).
    Write(&'static str),
    /// The helper reads until a line containing this text.
    Until(&'static str),
    /// Peer `.0` has received, since the previous peer-side step, a message containing these
    /// octets (header included, so `[3, 6, 2]` is a NOTIFICATION Cease 2).
    Sees(usize, Vec<u8>),
    /// Peer `.0` has its `.1`-th session (1-based) up with every End-of-RIB marker in.
    SessionUp(usize, usize),
    /// Peer `.0` sends this whole message.
    PeerSends(usize, Vec<u8>),
    /// Peer `.0` closes its connection (no NOTIFICATION).
    PeerCloses(usize),
}

/// How the two runs must compare.
#[derive(Clone, Copy)]
pub enum Compare {
    /// Byte for byte on the wire, the same normalised lines at the helper.
    Exact,
    /// A documented difference (docs/compatibility.md): this check instead, given the ExaBGP
    /// run then the ferrobgp run.
    Custom(fn(&Outcome, &Outcome) -> Result<(), String>),
}

/// One scenario of the table.
#[derive(Clone)]
pub struct Scenario {
    pub name: &'static str,
    pub families: &'static [&'static str],
    pub add_path: bool,
    /// The peer is in our AS (65002).
    pub ibgp: bool,
    /// Two recording peers (two neighbors) instead of one.
    pub two_peers: bool,
    pub steps: Vec<Step>,
    pub compare: Compare,
}

pub const UNICAST: &[&str] = &["ipv4 unicast", "ipv6 unicast"];

impl Scenario {
    pub fn new(name: &'static str, steps: Vec<Step>) -> Scenario {
        Scenario {
            name,
            families: UNICAST,
            add_path: false,
            ibgp: false,
            two_peers: false,
            steps,
            compare: Compare::Exact,
        }
    }
}

/// What one run gave.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Per peer, per session, the messages as hex.
    pub wire: Vec<Vec<Vec<String>>>,
    /// The helper's stdin up to the end of its script: JSON lines parsed and normalised,
    /// other lines as strings.
    pub helper: Vec<serde_json::Value>,
}

fn family(name: &str) -> Family {
    Family::parse(name).unwrap_or_else(|| panic!("unknown family {name}"))
}

/// Parses a helper line: JSON events lose what differs between runs (time, host, pid, ppid,
/// counter); other lines stay strings.
pub fn normalise(line: &str) -> serde_json::Value {
    match serde_json::from_str::<serde_json::Value>(line) {
        Ok(mut value) if value.is_object() => {
            if let Some(object) = value.as_object_mut() {
                for key in ["time", "host", "pid", "ppid", "counter"] {
                    object.remove(key);
                }
            }
            value
        }
        _ => serde_json::Value::String(line.to_owned()),
    }
}

/// The helper-side steps and the peer-side groups of a scenario; `{peer}` and `{peer2}` in
/// helper lines become the peers' addresses.
fn split(steps: &[Step], addresses: &[String]) -> (String, Vec<Vec<Step>>) {
    let place = |line: &str| {
        let mut line = line.replace("{peer}", &addresses[0]);
        if let Some(second) = addresses.get(1) {
            line = line.replace("{peer2}", second);
        }
        line
    };
    let mut script = String::new();
    let mut groups: Vec<Vec<Step>> = Vec::new();
    let mut in_group = false;
    for step in steps {
        let helper_line = match step {
            Step::Send(line) => Some(format!("send {}", place(line))),
            Step::Write(line) => Some(format!("write {}", place(line))),
            Step::Until(text) => Some(format!("until {text}")),
            _ => None,
        };
        match helper_line {
            Some(line) => {
                if in_group {
                    script.push_str(&format!("await {}\n", groups.len() - 1));
                    in_group = false;
                }
                script.push_str(&line);
                script.push('\n');
            }
            None => {
                if !in_group {
                    groups.push(Vec::new());
                    script.push_str(&format!("mark {}\n", groups.len() - 1));
                    in_group = true;
                }
                groups.last_mut().expect("group").push(step.clone());
            }
        }
    }
    if in_group {
        script.push_str(&format!("await {}\n", groups.len() - 1));
    }
    (script, groups)
}

/// Every message of every session, flat.
fn flat(sessions: &[Session]) -> Vec<Vec<u8>> {
    sessions
        .iter()
        .flat_map(|session| session.messages.clone())
        .collect()
}

/// Whether `haystack` contains `needle`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty()
        || haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

/// Whether session `number` (1-based) is up and has an End-of-RIB for every family.
fn session_complete(sessions: &[Session], number: usize, setup: &PeerSetup) -> bool {
    let Some(session) = sessions.get(number - 1) else {
        return false;
    };
    let Some(negotiated) = session.negotiated(setup) else {
        return false;
    };
    if !session.established {
        return false;
    }
    let ends: Vec<Family> = session
        .messages
        .iter()
        .filter(|message| message.get(18) == Some(&2))
        .filter_map(|message| {
            ferrobgp::wire::update::decode(&message[19..], &negotiated)
                .ok()
                .and_then(|update| update.end_of_rib())
        })
        .collect();
    negotiated
        .families
        .iter()
        .all(|family| ends.contains(family))
}

fn wait_file(path: &Path, speaker: &mut Speaker) -> Result<(), String> {
    let deadline = Instant::now() + WAIT;
    while !path.exists() {
        if !speaker.alive() {
            return Err(format!(
                "{:?} exited while waiting for {}",
                speaker.implementation,
                path.display()
            ));
        }
        if Instant::now() >= deadline {
            return Err(format!("no {} within {WAIT:?}", path.display()));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(())
}

fn run_directory(index: usize, implementation: Implementation) -> PathBuf {
    let directory = std::env::temp_dir().join(format!(
        "ferrobgp-helper-differential-{}-{index}-{implementation:?}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).expect("temporary directory is writable");
    directory
}

/// Runs `scenario` (number `index`, which picks its loopback addresses 127.17.index.x) under
/// one implementation.
pub fn run(
    index: usize,
    scenario: &Scenario,
    implementation: Implementation,
) -> Result<Outcome, String> {
    let directory = run_directory(index, implementation);
    let octet = u8::try_from(index + 1).expect("at most 254 scenarios");
    let peer_count = if scenario.two_peers { 2 } else { 1 };
    let families: Vec<Family> = scenario.families.iter().map(|name| family(name)).collect();
    let peer_as = if scenario.ibgp {
        speaker::LOCAL_AS
    } else {
        65001
    };
    let peers: Vec<RecordingPeer> = (0..peer_count)
        .map(|number| {
            let setup = PeerSetup {
                asn: peer_as,
                identifier: Ipv4Addr::new(10, 0, 0, 1 + number as u8),
                families: families.clone(),
                add_path: if scenario.add_path {
                    families.clone()
                } else {
                    Vec::new()
                },
            };
            RecordingPeer::start(Ipv4Addr::new(127, 17, octet, 1 + 2 * number as u8), setup)
        })
        .collect();
    let spec = SpeakerSpec {
        neighbors: peers
            .iter()
            .map(|peer| NeighborSpec {
                peer: peer.address.to_string(),
                local: Ipv4Addr::new(127, 17, octet, 2).to_string(),
                peer_as,
                port: peer.port,
            })
            .collect(),
        families: scenario
            .families
            .iter()
            .map(|name| name.to_string())
            .collect(),
        add_path: scenario.add_path,
    };
    let mut steps = vec![Step::Until(r#""state": "up""#)];
    if scenario.two_peers {
        steps.push(Step::Until(r#""state": "up""#));
    }
    for number in 0..peer_count {
        steps.push(Step::SessionUp(number, 1));
    }
    steps.extend(scenario.steps.iter().cloned());
    let addresses: Vec<String> = peers.iter().map(|peer| peer.address.to_string()).collect();
    let (script, groups) = split(&steps, &addresses);
    std::fs::write(directory.join("steps"), script).expect("steps are written");
    let mut speaker = Speaker::start(implementation, &spec, &directory);
    let result = drive(&directory, &groups, &peers, &mut speaker);
    let sessions: Vec<Vec<Session>> = peers.iter().map(RecordingPeer::sessions).collect();
    speaker.stop();
    let received = std::fs::read_to_string(directory.join("received")).unwrap_or_default();
    if let Err(problem) = result {
        return Err(format!(
            "{implementation:?}: {problem}\nhelper read:\n{received}\nwire:{}\nspeaker log (end):\n{}",
            sessions
                .iter()
                .map(|sessions| peer::describe(sessions))
                .collect::<String>(),
            tail(&speaker.log_text(), 40)
        ));
    }
    let mut helper: Vec<serde_json::Value> = received
        .lines()
        .take_while(|line| *line != "#finished")
        .map(normalise)
        .collect();
    if scenario.two_peers {
        // The two sessions come up in either order: sort the events before the first ack.
        let leading = helper.iter().take_while(|line| line.is_object()).count();
        helper[..leading].sort_by_key(|line| line.to_string());
    }
    let wire = sessions
        .iter()
        .map(|sessions| {
            sessions
                .iter()
                .map(|session| {
                    session
                        .messages
                        .iter()
                        .map(|message| hex(message))
                        .collect()
                })
                .collect()
        })
        .collect();
    let _ = std::fs::remove_dir_all(&directory);
    Ok(Outcome { wire, helper })
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Carries out the peer-side groups as the helper reaches them, then waits for its end.
fn drive(
    directory: &Path,
    groups: &[Vec<Step>],
    peers: &[RecordingPeer],
    speaker: &mut Speaker,
) -> Result<(), String> {
    let mut cursors: Vec<usize> = vec![0; peers.len()];
    for (number, group) in groups.iter().enumerate() {
        wait_file(&directory.join(format!("mark-{number}")), speaker)?;
        for step in group {
            match step {
                Step::Sees(index, pattern) => {
                    let peer = &peers[*index];
                    let from = cursors[*index];
                    let found = |sessions: &[Session]| {
                        flat(sessions)
                            .iter()
                            .skip(from)
                            .position(|message| contains(message, pattern))
                            .map(|position| from + position)
                    };
                    peer.wait(
                        &format!("a message with {}", hex(pattern)),
                        WAIT,
                        |sessions| found(sessions).is_some(),
                    )?;
                    // The next wait of this group looks after the message found.
                    if let Some(position) = found(&peer.sessions()) {
                        cursors[*index] = position + 1;
                    }
                }
                Step::SessionUp(index, session) => {
                    let peer = &peers[*index];
                    peer.wait(&format!("session {session} up"), WAIT, |sessions| {
                        session_complete(sessions, *session, &peer.setup)
                    })?;
                }
                Step::PeerSends(index, message) => peers[*index].send(message)?,
                Step::PeerCloses(index) => peers[*index].close(),
                Step::Send(_) | Step::Write(_) | Step::Until(_) => {}
            }
        }
        for (index, peer) in peers.iter().enumerate() {
            cursors[index] = flat(&peer.sessions()).len();
        }
        std::fs::write(directory.join(format!("go-{number}")), "").expect("go file");
    }
    wait_file(&directory.join("finished"), speaker)
}

/// Both runs of one scenario, compared.
pub fn differential(index: usize, scenario: &Scenario) -> Result<(), String> {
    let exabgp = run(index, scenario, Implementation::Exabgp)?;
    let ferrobgp = run(index, scenario, Implementation::Ferrobgp)?;
    match scenario.compare {
        Compare::Exact => exact(&exabgp, &ferrobgp),
        Compare::Custom(check) => check(&exabgp, &ferrobgp),
    }
}

/// The two runs are identical.
pub fn exact(exabgp: &Outcome, ferrobgp: &Outcome) -> Result<(), String> {
    same_wire(exabgp, ferrobgp)?;
    same_helper(&exabgp.helper, &ferrobgp.helper)
}

/// The peers received the same messages (up to [`canonical::canonical_update`]).
pub fn same_wire(exabgp: &Outcome, ferrobgp: &Outcome) -> Result<(), String> {
    if canonical::canonical(&exabgp.wire) != canonical::canonical(&ferrobgp.wire) {
        return Err(format!(
            "the peers received different messages\nExaBGP:   {:#?}\nferrobgp: {:#?}",
            exabgp.wire, ferrobgp.wire
        ));
    }
    Ok(())
}

pub fn same_helper(
    exabgp: &[serde_json::Value],
    ferrobgp: &[serde_json::Value],
) -> Result<(), String> {
    if exabgp != ferrobgp {
        let show = |lines: &[serde_json::Value]| {
            lines
                .iter()
                .map(|line| format!("    {line}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        return Err(format!(
            "the helpers read different lines\nExaBGP:\n{}\nferrobgp:\n{}",
            show(exabgp),
            show(ferrobgp)
        ));
    }
    Ok(())
}

/// Runs every scenario, `parallel` at a time; returns the failures, each named.
pub fn run_all(scenarios: &[Scenario], parallel: usize) -> Vec<String> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..parallel {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(scenario) = scenarios.get(index) else {
                        return;
                    };
                    let started = Instant::now();
                    let result = differential(index, scenario);
                    eprintln!(
                        "[differential] {index} {} {} in {:.1?}",
                        scenario.name,
                        if result.is_ok() { "ok" } else { "FAILED" },
                        started.elapsed()
                    );
                    if let Err(problem) = result {
                        failures
                            .lock()
                            .expect("failures")
                            .push(format!("scenario {index} \"{}\": {problem}", scenario.name));
                    }
                }
            });
        }
    });
    failures.into_inner().expect("failures")
}
