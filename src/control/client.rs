//! The client end of the control FIFOs, used by `ferrobgp ctl`: sends one command and reads
//! its answer up to the terminator.
//!
//! Locking: `<base>.out` is one pipe shared by every reader, and the kernel hands each byte to
//! whichever reader asks first, so two clients reading it at once would steal each other's
//! lines. A client therefore holds an exclusive `flock` on `<base>.lock` from before it opens
//! `<base>.out` until it has read its terminator (or given up). The lock is released by the
//! kernel when the client exits, however it dies, so a killed client never wedges the others.
//!
//! Tagging: the command goes out as `@<tag> <command>` with a tag unique to this request
//! (process id, time, counter); the answer starts with the line `@<tag>`. Lines before it belong to
//! someone else (an earlier client that gave up waiting while the daemon was still answering,
//! or a `socat` user who ignores the lock) and are skipped, so they are never printed as ours.
//!
//! Must not parse or expand the command: the caller does (`api::command::expand_shortcuts`).

use super::framing::{self, LineSplitter, SplitLine};
use super::paths::ControlPaths;
use crate::api::command::{AckOutcome, MAX_LINE_LENGTH};
use std::fmt;
use std::fs::{File, OpenOptions};
use std::io::ErrorKind;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::unix::pipe;
use tokio::time::{sleep, timeout};

/// The longest answer line kept; longer lines are replaced by a note.
const MAX_ANSWER_LINE: usize = 16 * 1024 * 1024;
/// The longest pause between two attempts to take the lock.
const LOCK_RETRY_MAX: Duration = Duration::from_millis(20);

/// Limits of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientOptions {
    /// How long to wait for the lock, and for each part of the answer.
    pub timeout: Duration,
}

impl Default for ClientOptions {
    fn default() -> ClientOptions {
        ClientOptions {
            timeout: Duration::from_secs(10),
        }
    }
}

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientError {
    /// The command has a newline, or is longer than the daemon accepts.
    BadCommand(String),
    /// The FIFO does not exist.
    NoFifo { path: PathBuf },
    /// The path exists and is not a FIFO.
    NotFifo { path: PathBuf },
    /// Nobody has `<base>.in` open for reading: no daemon serves it.
    NoDaemon { path: PathBuf },
    /// Another client held the lock for the whole timeout.
    LockTimeout { path: PathBuf, timeout: Duration },
    /// The daemon said nothing (more) for the whole timeout.
    NoAnswer { path: PathBuf, timeout: Duration },
    /// An operating-system error, with what was being done.
    System {
        action: &'static str,
        path: PathBuf,
        error: String,
        permission: bool,
    },
}

impl fmt::Display for ClientError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::BadCommand(message) => formatter.write_str(message),
            ClientError::NoFifo { path } => write!(
                formatter,
                "no control FIFO at {}: is ferrobgp running, with control-fifo on? \
                 (--pipe PATH or --runtime-dir DIR choose another)",
                path.display()
            ),
            ClientError::NotFifo { path } => {
                write!(formatter, "{} is not a FIFO", path.display())
            }
            ClientError::NoDaemon { path } => write!(
                formatter,
                "nothing reads {}: is ferrobgp running and using it?",
                path.display()
            ),
            ClientError::LockTimeout { path, timeout } => write!(
                formatter,
                "another ferrobgp ctl held {} for {} s: try again later",
                path.display(),
                seconds(*timeout)
            ),
            ClientError::NoAnswer { path, timeout } => write!(
                formatter,
                "no answer from the daemon within {} s: is ferrobgp running and using {}?",
                seconds(*timeout),
                path.display()
            ),
            ClientError::System {
                action,
                path,
                error,
                permission,
            } => {
                write!(formatter, "cannot {action} {}: {error}", path.display())?;
                if *permission {
                    formatter.write_str(" (run ferrobgp ctl as root or as the daemon's user)")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ClientError {}

fn seconds(duration: Duration) -> String {
    let value = duration.as_secs_f64();
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

fn system(action: &'static str, path: &Path, error: &std::io::Error) -> ClientError {
    ClientError::System {
        action,
        path: path.to_path_buf(),
        error: error.to_string(),
        permission: error.kind() == ErrorKind::PermissionDenied,
    }
}

/// Sends `command` to the daemon serving `paths` and passes each line of the answer to
/// `on_line`; returns how the answer ended. Every wait is bounded by `options.timeout`.
/// Must run inside a tokio runtime (a current-thread one is enough).
pub async fn request(
    paths: &ControlPaths,
    command: &str,
    options: &ClientOptions,
    mut on_line: impl FnMut(&str),
) -> Result<AckOutcome, ClientError> {
    if command.contains(['\n', '\r']) {
        return Err(ClientError::BadCommand(
            "a command is one line: it cannot hold a newline".into(),
        ));
    }
    let tag = new_tag();
    let line = framing::tagged_request(&tag, command);
    if line.len() > MAX_LINE_LENGTH {
        return Err(ClientError::BadCommand(format!(
            "the command is longer than the daemon accepts ({MAX_LINE_LENGTH} bytes)"
        )));
    }
    check_fifo(&paths.input)?;
    check_fifo(&paths.output)?;
    let _lock = take_lock(&paths.lock, options.timeout).await?;
    // Open the answer pipe first: the daemon writes only when a reader is there. Reading and
    // writing, so that a daemon closing its end between two answers is no end-of-file.
    let mut answers = pipe::OpenOptions::new()
        .read_write(true)
        .open_receiver(&paths.output)
        .map_err(|error| system("open", &paths.output, &error))?;
    let mut commands = match pipe::OpenOptions::new().open_sender(&paths.input) {
        Ok(sender) => sender,
        Err(error) if error.raw_os_error() == Some(libc::ENXIO) => {
            return Err(ClientError::NoDaemon {
                path: paths.input.clone(),
            });
        }
        Err(error) => return Err(system("open", &paths.input, &error)),
    };
    let no_answer = || ClientError::NoAnswer {
        path: paths.input.clone(),
        timeout: options.timeout,
    };
    let mut bytes = line.into_bytes();
    bytes.push(b'\n');
    match timeout(options.timeout, commands.write_all(&bytes)).await {
        Ok(Ok(())) => {}
        Ok(Err(error)) if error.kind() == ErrorKind::BrokenPipe => {
            return Err(ClientError::NoDaemon {
                path: paths.input.clone(),
            });
        }
        Ok(Err(error)) => return Err(system("write to", &paths.input, &error)),
        Err(_) => return Err(no_answer()),
    }
    drop(commands);

    let begin = framing::begin_line(&tag);
    let mut ours = false;
    let mut splitter = LineSplitter::new(MAX_ANSWER_LINE);
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        while let Some(item) = splitter.next_line() {
            let text = match &item {
                SplitLine::Line(bytes) => String::from_utf8_lossy(bytes),
                SplitLine::TooLong => "(a line too long to show)".into(),
            };
            if !ours {
                ours = text == begin;
                continue;
            }
            if let Some(outcome) = framing::parse_terminator(&text) {
                return Ok(outcome);
            }
            on_line(&text);
        }
        match timeout(options.timeout, answers.read(&mut chunk)).await {
            Ok(Ok(0)) => return Err(no_answer()),
            Ok(Ok(count)) => splitter.push(chunk.get(..count).unwrap_or_default()),
            Ok(Err(error)) if error.kind() == ErrorKind::Interrupted => {}
            Ok(Err(error)) => return Err(system("read", &paths.output, &error)),
            Err(_) => return Err(no_answer()),
        }
    }
}

fn check_fifo(path: &Path) -> Result<(), ClientError> {
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.file_type().is_fifo() => Ok(()),
        Ok(_) => Err(ClientError::NotFifo {
            path: path.to_path_buf(),
        }),
        Err(error) if error.kind() == ErrorKind::NotFound => Err(ClientError::NoFifo {
            path: path.to_path_buf(),
        }),
        Err(error) => Err(system("inspect", path, &error)),
    }
}

/// Takes the exclusive lock on `<base>.lock`, retrying until `limit`. The lock goes with the
/// returned file (closing it, or exiting, releases it).
async fn take_lock(path: &Path, limit: Duration) -> Result<File, ClientError> {
    let file = match OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
    {
        Ok(file) => file,
        Err(error) if error.kind() == ErrorKind::NotFound => {
            return Err(ClientError::NoFifo {
                path: path.to_path_buf(),
            });
        }
        Err(error) => return Err(system("open", path, &error)),
    };
    let start = Instant::now();
    let deadline = start.checked_add(limit).unwrap_or(start);
    let mut pause = Duration::from_millis(1);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(error)) => return Err(system("lock", path, &error)),
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(ClientError::LockTimeout {
                path: path.to_path_buf(),
                timeout: limit,
            });
        }
        sleep(pause.min(deadline.saturating_duration_since(now))).await;
        pause = pause.saturating_mul(2).min(LOCK_RETRY_MAX);
    }
}

/// A tag no other request (of this or another process) uses at the same time.
fn new_tag() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanoseconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos() % 1_000_000_000_000)
        .unwrap_or(0);
    format!("ctl-{}-{nanoseconds}-{count}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_valid_and_distinct() {
        let first = new_tag();
        let second = new_tag();
        assert!(framing::is_valid_tag(&first), "{first}");
        assert_ne!(first, second);
    }

    #[test]
    fn messages() {
        let error = ClientError::NoAnswer {
            path: PathBuf::from("/run/ferrobgp/ferrobgp.in"),
            timeout: Duration::from_secs(5),
        };
        assert_eq!(
            error.to_string(),
            "no answer from the daemon within 5 s: is ferrobgp running and using \
             /run/ferrobgp/ferrobgp.in?"
        );
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5");
    }
}
