//! Graceful restart (RFC 4724) across a stop and a start of the daemon: the marker a graceful
//! stop leaves in the state directory, and the decision, at the next start, to send the
//! Restart State and Forwarding State bits.
//!
//! At a stop (SIGTERM, SIGINT, the `shutdown` command) of a speaker where some neighbor has
//! `capability { graceful-restart SECONDS }`, the hub writes `graceful-restart.<speaker>` in
//! the state directory with the time of the stop, and asks each such neighbor's task for
//! [`PeerCmd::ShutdownForRestart`] (no NOTIFICATION where Graceful Restart was negotiated:
//! the peer keeps our routes). At the next start the marker is read and removed; a neighbor
//! whose restart time has not run out since the stop is started with R and F set
//! (`session::graceful`). The state directory is `$STATE_DIRECTORY` (systemd's
//! `StateDirectory=`, first entry), else `/var/lib/ferrobgp`.
//!
//! The decision ([`RestartMarker::restarting`]) and the marker's text are pure; only
//! [`RestartMarker::take`] and [`record_stop`] touch the file system. Must not decide what a
//! peer task does with the command (that is `peer`'s).

use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::config::{Config, Neighbor};
use crate::peer::PeerCmd;
use crate::wire::iana::notification::cease;

use super::commands::shutdown_command;

/// The variable systemd sets to the `StateDirectory=` path(s), colon-separated.
pub const STATE_DIRECTORY_VARIABLE: &str = "STATE_DIRECTORY";
/// The state directory when `$STATE_DIRECTORY` is not set.
pub const DEFAULT_STATE_DIRECTORY: &str = "/var/lib/ferrobgp";
/// The first word of the marker's only line.
const MARKER_KEYWORD: &str = "stopped-at";

/// What a start knows of the last stop: when the last graceful stop was (seconds since the
/// Unix epoch), if one was recorded, and the time now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestartMarker {
    pub stopped_at: Option<u64>,
    pub now: u64,
}

impl RestartMarker {
    /// Reads and removes the marker of speaker `name` in `directory`. An unreadable or
    /// malformed marker counts as none (a fresh start), and is logged.
    pub fn take(directory: &Path, name: &str) -> RestartMarker {
        let path = marker_path(directory, name);
        let stopped_at = match std::fs::read_to_string(&path) {
            Ok(text) => {
                if let Err(error) = std::fs::remove_file(&path) {
                    tracing::warn!(
                        "cannot remove the graceful restart marker {}: {error}",
                        path.display()
                    );
                }
                let parsed = parse_marker(&text);
                if parsed.is_none() {
                    tracing::warn!(
                        "ignoring the malformed graceful restart marker {}",
                        path.display()
                    );
                }
                parsed
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => None,
            Err(error) => {
                tracing::warn!(
                    "cannot read the graceful restart marker {}: {error}",
                    path.display()
                );
                None
            }
        };
        RestartMarker {
            stopped_at,
            now: unix_seconds(),
        }
    }

    /// Whether `neighbor` starts as a restarting speaker: it announces Graceful Restart and
    /// the last graceful stop was at most its restart time ago. Past the restart time the
    /// peer has deleted our routes (RFC 4724 §4.2: "If the session does not get
    /// re-established within the "Restart Time" that the peer advertised previously, the
    /// Receiving Speaker MUST delete all the stale routes"). A stop "in the future" (the
    /// clock was set back) counts as no stop.
    pub fn restarting(&self, neighbor: &Neighbor) -> bool {
        let (Some(stopped_at), Some(restart_time)) =
            (self.stopped_at, neighbor.capabilities.graceful_restart)
        else {
            return false;
        };
        self.now
            .checked_sub(stopped_at)
            .is_some_and(|elapsed| elapsed <= u64::from(restart_time))
    }
}

/// The state directory: the first entry of `state_directory` (the value of
/// `$STATE_DIRECTORY`), else [`DEFAULT_STATE_DIRECTORY`].
pub fn state_directory(state_directory: Option<&std::ffi::OsStr>) -> PathBuf {
    state_directory
        .and_then(|value| std::env::split_paths(value).next())
        .filter(|path| !path.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from(DEFAULT_STATE_DIRECTORY))
}

/// The state directory of this process (see [`state_directory`]).
pub fn process_state_directory() -> PathBuf {
    state_directory(std::env::var_os(STATE_DIRECTORY_VARIABLE).as_deref())
}

/// `graceful-restart.<name>` with every character of the speaker's name other than ASCII
/// letters, digits, `-` and `_` replaced by `_` (a name may be a path).
pub fn marker_path(directory: &Path, name: &str) -> PathBuf {
    let safe: String = name
        .chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() || character == '-' || character == '_' {
                character
            } else {
                '_'
            }
        })
        .collect();
    directory.join(format!("graceful-restart.{safe}"))
}

/// The marker's text: `stopped-at SECONDS`.
pub fn marker_text(stopped_at: u64) -> String {
    format!("{MARKER_KEYWORD} {stopped_at}\n")
}

/// The time of the stop a marker records, if it is well formed.
pub fn parse_marker(text: &str) -> Option<u64> {
    let mut words = text.split_whitespace();
    if words.next()? != MARKER_KEYWORD {
        return None;
    }
    let seconds = words.next()?.parse().ok()?;
    words.next().is_none().then_some(seconds)
}

/// Where a speaker records its graceful stops: the state directory and the speaker's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopRecorder {
    pub directory: PathBuf,
    pub name: String,
}

impl StopRecorder {
    /// Records a graceful stop of this speaker now (see [`record_stop`]).
    pub fn record(&self, config: &Config) {
        record_stop(&self.directory, &self.name, config);
    }
}

/// Whether a stop of this configuration is a graceful one (some neighbor announces Graceful
/// Restart).
pub fn any_graceful_neighbor(config: &Config) -> bool {
    config
        .neighbors
        .iter()
        .any(|neighbor| neighbor.capabilities.graceful_restart.is_some())
}

/// Records a graceful stop of speaker `name` now, when `config` has a neighbor with Graceful
/// Restart (written to a temporary file then renamed, so a start never reads half a
/// marker). Failures are logged with what to do; the stop goes on (the next start is then a
/// fresh one: the peer drops our routes when the session comes back).
pub fn record_stop(directory: &Path, name: &str, config: &Config) {
    if !any_graceful_neighbor(config) {
        return;
    }
    let path = marker_path(directory, name);
    let temporary = path.with_extension("new");
    let written = std::fs::create_dir_all(directory)
        .and_then(|()| std::fs::write(&temporary, marker_text(unix_seconds())))
        .and_then(|()| std::fs::rename(&temporary, &path));
    match written {
        Ok(()) => tracing::info!(
            "graceful restart: stop recorded in {} (a start within the restart time \
             announces Restart State)",
            path.display()
        ),
        Err(error) => tracing::warn!(
            "graceful restart: cannot record the stop in {}: {error}; the next start will \
             not announce Restart State (set StateDirectory= in the unit, or make {} \
             writable)",
            path.display(),
            directory.display()
        ),
    }
}

/// The command that stops `neighbor`'s task at a daemon stop: with Graceful Restart
/// configured, [`PeerCmd::ShutdownForRestart`] (Cease 2 with `message` only if the session
/// did not negotiate it); otherwise Cease 2 with `message`.
pub fn stop_command(neighbor: &Neighbor, message: &str) -> PeerCmd {
    if neighbor.capabilities.graceful_restart.is_some() {
        PeerCmd::ShutdownForRestart {
            subcode: cease::ADMINISTRATIVE_SHUTDOWN,
            message: message.to_owned(),
        }
    } else {
        shutdown_command(message)
    }
}

fn unix_seconds() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(graceful_restart: &str) -> Config {
        let source = format!(
            r#"
router-id "192.0.2.1"
local-as 65001
neighbor "192.0.2.2" {{ peer-as 65002; capability {{ graceful-restart {graceful_restart}; }} }}
neighbor "192.0.2.3" {{ peer-as 65003 }}
"#
        );
        crate::config::decode("t.kdl", &source).expect("valid")
    }

    #[test]
    fn restart_state_only_within_the_restart_time_and_with_graceful_restart() {
        let config = config("120");
        let [graceful, plain] = [&config.neighbors[0], &config.neighbors[1]];
        let marker = |stopped_at, now| RestartMarker { stopped_at, now };
        let table = [
            (marker(Some(1000), 1000), true),
            (marker(Some(1000), 1120), true),
            (marker(Some(1000), 1121), false),
            (marker(Some(1000), 999), false),
            (marker(None, 1000), false),
        ];
        for (marker, expected) in table {
            assert_eq!(marker.restarting(graceful), expected, "{marker:?}");
            assert!(!marker.restarting(plain), "{marker:?}");
        }
    }

    #[test]
    fn a_restart_time_of_zero_honours_only_the_same_second() {
        let config = config("0");
        let neighbor = &config.neighbors[0];
        let marker = |now| RestartMarker {
            stopped_at: Some(50),
            now,
        };
        assert!(marker(50).restarting(neighbor));
        assert!(!marker(51).restarting(neighbor));
    }

    #[test]
    fn marker_text_round_trips_and_garbage_is_refused() {
        assert_eq!(
            parse_marker(&marker_text(1_700_000_000)),
            Some(1_700_000_000)
        );
        for garbage in [
            "",
            "stopped-at",
            "stopped-at x",
            "stopped-at 1 2",
            "started-at 1",
            "stopped-at -1",
        ] {
            assert_eq!(parse_marker(garbage), None, "{garbage:?}");
        }
    }

    #[test]
    fn state_directory_from_systemd_or_the_default() {
        use std::ffi::OsStr;
        assert_eq!(
            state_directory(Some(OsStr::new("/var/lib/ferrobgp:/var/lib/other"))),
            PathBuf::from("/var/lib/ferrobgp")
        );
        assert_eq!(
            state_directory(Some(OsStr::new("/srv/state"))),
            PathBuf::from("/srv/state")
        );
        assert_eq!(
            state_directory(Some(OsStr::new(""))),
            PathBuf::from(DEFAULT_STATE_DIRECTORY)
        );
        assert_eq!(
            state_directory(None),
            PathBuf::from(DEFAULT_STATE_DIRECTORY)
        );
    }

    #[test]
    fn speaker_names_become_safe_file_names() {
        let directory = Path::new("/state");
        assert_eq!(
            marker_path(directory, "ferrobgp"),
            PathBuf::from("/state/graceful-restart.ferrobgp")
        );
        assert_eq!(
            marker_path(directory, "../a/x.kdl"),
            PathBuf::from("/state/graceful-restart.___a_x_kdl")
        );
    }

    #[test]
    fn a_recorded_stop_is_taken_once() {
        let directory = std::env::temp_dir().join(format!(
            "ferrobgp-graceful-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&directory);
        record_stop(&directory, "speaker", &config("120"));
        let first = RestartMarker::take(&directory, "speaker");
        assert!(first.stopped_at.is_some_and(|at| at <= first.now));
        assert!(first.restarting(&config("120").neighbors[0]));
        assert_eq!(RestartMarker::take(&directory, "speaker").stopped_at, None);
        // No neighbor with graceful restart: nothing recorded.
        let plain = crate::config::decode(
            "t.kdl",
            "router-id \"192.0.2.1\"\nlocal-as 65001\nneighbor \"192.0.2.3\" { peer-as 65003 }\n",
        )
        .expect("valid");
        record_stop(&directory, "speaker", &plain);
        assert!(!marker_path(&directory, "speaker").exists());
        let _ = std::fs::remove_dir_all(&directory);
    }

    #[test]
    fn stop_commands_follow_the_configuration() {
        let config = config("120");
        assert!(matches!(
            stop_command(&config.neighbors[0], "bye"),
            PeerCmd::ShutdownForRestart { subcode: 2, ref message } if message == "bye"
        ));
        assert!(matches!(
            stop_command(&config.neighbors[1], "bye"),
            PeerCmd::Shutdown { subcode: 2, ref message } if message == "bye"
        ));
    }
}
