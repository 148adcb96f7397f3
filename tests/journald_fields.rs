//! `ferrobgp run` logging to a real journald socket listener: the daemon runs in a private
//! mount namespace (`unshare --mount --propagation private`, as root) where a tmpfs covers
//! `/run/systemd` and `/run/systemd/journal/socket` is a symbolic link to a `UnixDatagram`
//! bound by this test (tracing-journald cannot be given another path). `JOURNAL_STREAM` names
//! the daemon's stderr (a file), as systemd does when stderr is the journal.
//!
//! The datagrams carry MESSAGE plus the structured fields, unprefixed and upper-cased:
//! PEER, PEER_AS, LOCAL_AS, EVENT, STATE, NOTIFICATION_CODE/SUBCODE, REASON. Nothing goes to
//! stderr then. A `JOURNAL_STREAM` that names another file leaves the log on stderr.
//!
//! Fails (does not skip) when `unshare` is missing or not permitted.

mod daemon_support;
mod systemd_support;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use daemon_support::{Scratch, WAIT, free_port};
use systemd_support::daemon::{DatagramListener, Speaker, write_speaker_pair};

/// One journal entry: field name to values (a field may repeat).
type Entry = BTreeMap<String, Vec<String>>;

/// Parses the native journal protocol: `KEY=value\n`, or `KEY\n<u64 LE length><bytes>\n`.
fn parse_entry(mut bytes: &[u8]) -> Result<Entry, String> {
    let mut entry = Entry::new();
    while !bytes.is_empty() {
        let end = bytes
            .iter()
            .position(|byte| *byte == b'=' || *byte == b'\n')
            .ok_or("field name without end")?;
        let name = String::from_utf8_lossy(&bytes[..end]).into_owned();
        let value;
        if bytes[end] == b'=' {
            let rest = &bytes[end + 1..];
            let stop = rest
                .iter()
                .position(|byte| *byte == b'\n')
                .ok_or("value without newline")?;
            value = rest[..stop].to_vec();
            bytes = &rest[stop + 1..];
        } else {
            let rest = &bytes[end + 1..];
            let length: [u8; 8] = rest
                .get(..8)
                .ok_or("truncated length")?
                .try_into()
                .map_err(|_| "length")?;
            let length = usize::try_from(u64::from_le_bytes(length)).map_err(|_| "length")?;
            let data = rest.get(8..8 + length).ok_or("truncated value")?;
            if rest.get(8 + length) != Some(&b'\n') {
                return Err(format!("no newline after {name}"));
            }
            value = data.to_vec();
            bytes = &rest[8 + length + 1..];
        }
        entry
            .entry(name)
            .or_default()
            .push(String::from_utf8_lossy(&value).into_owned());
    }
    Ok(entry)
}

#[test]
fn the_parser_reads_both_forms() {
    let mut bytes = b"CODE_LINE=17\nPEER\n".to_vec();
    bytes.extend_from_slice(&9_u64.to_le_bytes());
    bytes.extend_from_slice(b"192.0.2.1\n");
    let entry = parse_entry(&bytes).expect("valid");
    assert_eq!(entry["CODE_LINE"], vec!["17"]);
    assert_eq!(entry["PEER"], vec!["192.0.2.1"]);
    assert!(parse_entry(b"PEER\n\x05").is_err());
}

/// The journal entries received on the test's socket.
struct Journal {
    entries: DatagramListener<Entry>,
}

impl Journal {
    fn bind(path: &Path) -> Journal {
        let entries = DatagramListener::bind(path, WAIT, |bytes| {
            if bytes.is_empty() {
                return None; // tracing-journald's probe
            }
            match parse_entry(bytes) {
                Ok(entry) => Some(entry),
                Err(error) => panic!("unparsable journal datagram: {error}"),
            }
        });
        Journal { entries }
    }

    fn entries(&self) -> Vec<Entry> {
        self.entries.received()
    }

    /// Waits for an entry having every `(field, value)`.
    fn wait_for(&self, fields: &[(&str, &str)]) -> Entry {
        let index = self
            .entries
            .wait_for(&format!("journal entry with {fields:?}"), |entry| {
                fields.iter().all(|(name, value)| {
                    entry
                        .get(*name)
                        .is_some_and(|values| values.iter().any(|v| v == value))
                })
            });
        self.entries().swap_remove(index)
    }
}

/// The journal socket `journal.sock` in `scratch`, bound, and an empty `stderr.log` there.
fn journal_and_stderr(scratch: &Scratch) -> (PathBuf, Journal, PathBuf) {
    let socket = scratch.file("journal.sock");
    let journal = Journal::bind(&socket);
    let stderr_file = scratch.file("stderr.log");
    std::fs::write(&stderr_file, "").expect("stderr file");
    (socket, journal, stderr_file)
}

const ACTIVE: &str = "127.0.0.71";
const PASSIVE: &str = "127.0.0.72";
/// The pair of the second test (tests run in parallel).
const OTHER_ACTIVE: &str = "127.0.0.73";
const OTHER_PASSIVE: &str = "127.0.0.74";

/// Starts `ferrobgp run` with two speakers that peer, in a private mount namespace whose
/// journald socket is `socket`, stderr into `stderr_file`, `JOURNAL_STREAM=journal_stream`.
fn start_in_namespace(
    (active_address, passive_address): (&str, &str),
    scratch: &Scratch,
    socket: &Path,
    stderr_file: &Path,
    journal_stream: &str,
) -> Child {
    let (active, passive) = write_speaker_pair(
        &scratch.path,
        Speaker {
            address: active_address,
            port: free_port(active_address),
            number: 71,
        },
        Speaker {
            address: passive_address,
            port: free_port(passive_address),
            number: 72,
        },
    );
    let script = format!(
        "mount -t tmpfs tmpfs /run/systemd && mkdir /run/systemd/journal && \
         ln -s '{}' /run/systemd/journal/socket && exec \"$0\" run '{active}' '{passive}'",
        socket.display()
    );
    let stderr = std::fs::OpenOptions::new()
        .append(true)
        .open(stderr_file)
        .expect("stderr file");
    Command::new("unshare")
        .args(["--mount", "--propagation", "private", "sh", "-c", &script])
        .arg(env!("CARGO_BIN_EXE_ferrobgp"))
        .env_remove("FERROBGP_LOG")
        .env_remove("NOTIFY_SOCKET")
        .env("NO_COLOR", "1")
        .env("JOURNAL_STREAM", journal_stream)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .unwrap_or_else(|error| {
            panic!("`unshare` (util-linux) is needed for this test and could not run: {error}")
        })
}

/// `<device>:<inode>` of `path`.
fn stream_of(path: &Path) -> String {
    let metadata = std::fs::metadata(path).expect("metadata");
    format!("{}:{}", metadata.dev(), metadata.ino())
}

fn stop(child: &mut Child) -> std::process::ExitStatus {
    let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).expect("pid"));
    let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            panic!("ferrobgp did not stop within {WAIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn structured_fields_reach_a_journald_socket() {
    let scratch = Scratch::new("journald");
    let (socket, journal, stderr_file) = journal_and_stderr(&scratch);
    let mut child = start_in_namespace(
        (ACTIVE, PASSIVE),
        &scratch,
        &socket,
        &stderr_file,
        &stream_of(&stderr_file),
    );

    let up = journal.wait_for(&[("PEER", PASSIVE), ("EVENT", "up")]);
    let log = || std::fs::read_to_string(&stderr_file).unwrap_or_default();
    assert_eq!(up["PEER_AS"], vec!["65072"], "{up:#?}\nstderr: {}", log());
    assert_eq!(up["LOCAL_AS"], vec!["65071"]);
    assert_eq!(up["MESSAGE"], vec![format!("neighbor {PASSIVE} up")]);
    assert_eq!(up["SYSLOG_IDENTIFIER"], vec!["ferrobgp"]);
    assert_eq!(up["PRIORITY"], vec!["6"], "info is syslog's informational");
    journal.wait_for(&[("PEER", ACTIVE), ("EVENT", "up"), ("PEER_AS", "65071")]);
    journal.wait_for(&[
        ("PEER", PASSIVE),
        ("EVENT", "state"),
        ("STATE", "established"),
    ]);

    let status = stop(&mut child);
    // Both speakers stop at once: whichever Cease goes out first, one is sent.
    let sent = journal.wait_for(&[("EVENT", "notification-sent")]);
    assert_eq!(sent["NOTIFICATION_CODE"], vec!["6"]);
    assert_eq!(sent["NOTIFICATION_SUBCODE"], vec!["2"]);
    assert_eq!(sent["PRIORITY"], vec!["4"]);
    let down = journal.wait_for(&[("EVENT", "down")]);
    assert!(down["REASON"][0].contains("Cease"), "{down:#?}");
    assert!(status.success(), "exit {status:?}; stderr: {}", log());
    // The log went to the journal, not to stderr.
    assert!(!log().contains(" up"), "stderr: {}", log());
}

#[test]
fn a_journal_stream_of_another_file_keeps_the_log_on_stderr() {
    let scratch = Scratch::new("journald-other");
    let (socket, journal, stderr_file) = journal_and_stderr(&scratch);
    let other = scratch.file("other");
    std::fs::write(&other, "").expect("other file");
    let mut child = start_in_namespace(
        (OTHER_ACTIVE, OTHER_PASSIVE),
        &scratch,
        &socket,
        &stderr_file,
        &stream_of(&other),
    );
    let deadline = Instant::now() + WAIT;
    let up = format!("neighbor {OTHER_PASSIVE} up");
    while !std::fs::read_to_string(&stderr_file)
        .unwrap_or_default()
        .contains(&up)
    {
        assert!(Instant::now() < deadline, "no '{up}' on stderr");
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = stop(&mut child);
    assert!(status.success());
    let log = std::fs::read_to_string(&stderr_file).unwrap_or_default();
    // Under systemd (JOURNAL_STREAM set) stderr lines carry no time stamp of their own.
    assert!(log.lines().any(|line| line.starts_with(" INFO")), "{log}");
    assert!(journal.entries().is_empty(), "{:#?}", journal.entries());
}
