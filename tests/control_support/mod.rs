//! Shared by the control FIFO tests: a scratch directory, a tiny hub that answers commands
//! (the real hub is the daemon's), and a control server on its own runtime.
//!
//! Test commands (comments, so that they parse): `# lines N TEXT [DELAY_MS]` answers N lines
//! `TEXT i`; `# sleep MS` answers after MS milliseconds; `# big N` answers N long lines;
//! `# done-line` answers a line reading `done`. `version` answers one line; a line that does
//! not parse answers its error message, then `error`; anything else answers `done`.

#![allow(dead_code)]

use ferrobgp::api::command::{AckOutcome, Command};
use ferrobgp::control::{
    ControlNotice, ControlPaths, ControlRequest, ControlServer, DropReason, NoticeSink, Reply,
    ServerOptions,
};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// The line `version` answers.
pub const VERSION_LINE: &str = "ferrobgp test-hub";

/// A directory removed when dropped.
pub struct Scratch {
    pub path: PathBuf,
}

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "ferrobgp-control-{}-{name}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("scratch directory");
        Scratch { path }
    }

    pub fn paths(&self) -> ControlPaths {
        ControlPaths::in_directory(&self.path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// What the hub and the server reported.
#[derive(Default)]
pub struct Record {
    pub notices: Mutex<Vec<ControlNotice>>,
    /// Replies the hub saw refused (`ReplyGone`).
    pub replies_gone: AtomicUsize,
    /// Requests the hub received.
    pub requests: AtomicUsize,
}

impl Record {
    pub fn notices(&self) -> Vec<ControlNotice> {
        self.notices
            .lock()
            .map(|list| list.clone())
            .unwrap_or_default()
    }

    /// How many answers were dropped for a reason `matches` accepts.
    pub fn dropped_answers(&self, matches: impl Fn(&DropReason) -> bool) -> usize {
        self.notices()
            .iter()
            .filter(|notice| {
                matches!(notice, ControlNotice::AnswerDropped { reason, .. } if matches(reason))
            })
            .count()
    }

    /// How many replies the hub saw refused so far.
    pub fn replies_refused(&self) -> usize {
        self.replies_gone.load(Ordering::Relaxed)
    }

    /// How many requests the hub received so far.
    pub fn requests_received(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    pub fn sink(self: &Arc<Record>) -> NoticeSink {
        let record = Arc::clone(self);
        Arc::new(move |notice| {
            if let Ok(mut list) = record.notices.lock() {
                list.push(notice);
            }
        })
    }
}

/// A control server and its test hub, on a runtime of their own.
pub struct Daemon {
    pub runtime: tokio::runtime::Runtime,
    pub server: Option<ControlServer>,
    pub record: Arc<Record>,
}

impl Daemon {
    pub fn start(paths: &ControlPaths, options: ServerOptions) -> Daemon {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let record = Arc::new(Record::default());
        let (sender, receiver) = mpsc::channel(8);
        let server = {
            let _entered = runtime.enter();
            ControlServer::start(paths.clone(), options, sender, record.sink())
                .expect("control server starts")
        };
        runtime.spawn(hub(receiver, Arc::clone(&record)));
        Daemon {
            runtime,
            server: Some(server),
            record,
        }
    }

    /// A scratch directory named after `name`, its control paths, and a server on them (keep
    /// the scratch directory: it is removed when dropped).
    pub fn in_scratch(name: &str, options: ServerOptions) -> (Scratch, ControlPaths, Daemon) {
        let scratch = Scratch::new(name);
        let paths = scratch.paths();
        let daemon = Daemon::start(&paths, options);
        (scratch, paths, daemon)
    }

    /// Waits up to `limit` for an answer dropped for a reason `matches` accepts.
    pub fn saw_dropped_answer(
        &self,
        limit: Duration,
        matches: impl Fn(&DropReason) -> bool,
    ) -> bool {
        wait_until(limit, || self.record.dropped_answers(&matches) > 0)
    }

    /// Stops the server (the FIFOs stay).
    pub fn stop(&mut self) {
        self.server = None;
        // Let the runtime drop the aborted task and its file descriptors.
        self.runtime.block_on(async {
            tokio::time::sleep(Duration::from_millis(50)).await;
        });
    }
}

/// The test hub: each request answered in a task of its own, as the real hub should for
/// anything slow.
pub async fn hub(mut requests: mpsc::Receiver<ControlRequest>, record: Arc<Record>) {
    while let Some(request) = requests.recv().await {
        record.requests.fetch_add(1, Ordering::Relaxed);
        let record = Arc::clone(&record);
        tokio::spawn(async move {
            let mut reply = request.reply;
            let outcome = answer(request.command, &mut reply).await;
            match outcome {
                Some(outcome) => reply.finish(outcome),
                None => {
                    record.replies_gone.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
    }
}

/// Writes the answer's lines; `None` when the server refused a line.
async fn answer(
    command: Result<Command, ferrobgp::api::command::CommandError>,
    reply: &mut Reply,
) -> Option<AckOutcome> {
    let command = match command {
        Ok(command) => command,
        Err(error) => {
            reply.line(error.to_string()).await.ok()?;
            return Some(AckOutcome::Error);
        }
    };
    match command {
        Command::Version => {
            reply.line(VERSION_LINE).await.ok()?;
        }
        Command::Comment(text) => {
            let words: Vec<&str> = text.split_whitespace().collect();
            match words.as_slice() {
                ["lines", count, label, rest @ ..] => {
                    let count: usize = count.parse().unwrap_or(0);
                    let delay: u64 = rest.first().and_then(|d| d.parse().ok()).unwrap_or(0);
                    for index in 0..count {
                        if delay > 0 {
                            tokio::time::sleep(Duration::from_millis(delay)).await;
                        }
                        reply.line(format!("{label} {index}")).await.ok()?;
                    }
                }
                ["sleep", milliseconds] => {
                    let milliseconds: u64 = milliseconds.parse().unwrap_or(0);
                    tokio::time::sleep(Duration::from_millis(milliseconds)).await;
                    reply.line("slept").await.ok()?;
                }
                ["big", count] => {
                    let count: usize = count.parse().unwrap_or(0);
                    let filler = "x".repeat(100);
                    for index in 0..count {
                        reply.line(format!("{index} {filler}")).await.ok()?;
                    }
                }
                ["done-line"] => {
                    reply.line("done").await.ok()?;
                    reply.line("error").await.ok()?;
                }
                _ => {}
            }
        }
        other => {
            reply.line(other.to_string()).await.ok()?;
        }
    }
    Some(AckOutcome::Done)
}

/// Polls `condition` every 10 ms for at most `limit`.
pub fn wait_until(limit: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if condition() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    condition()
}

/// The mode bits and owner of a file.
pub fn mode_and_owner(path: &Path) -> (u32, u32) {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::symlink_metadata(path).expect("metadata");
    (metadata.mode() & 0o7777, metadata.uid())
}
