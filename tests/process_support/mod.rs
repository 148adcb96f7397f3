//! Shared by the `process_*` tests: temporary directories, helper scripts written into
//! them, a helper configuration, and bounded waits on the event channel. Every wait has a
//! deadline; a test that would hang fails instead.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use ferrobgp::api::json::JsonVersion;
use ferrobgp::config::model::{Encoder, Process};
use ferrobgp::process::{HelperEvent, ProcEvent};
use tokio::sync::mpsc;

/// A directory removed when dropped.
pub struct TemporaryDirectory {
    pub path: PathBuf,
}

impl TemporaryDirectory {
    pub fn new(label: &str) -> TemporaryDirectory {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let path = std::env::temp_dir().join(format!(
            "ferrobgp-process-{label}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).expect("temporary directory");
        TemporaryDirectory { path }
    }

    /// Writes an executable `/bin/sh` script and returns its path.
    pub fn script(&self, name: &str, body: &str) -> PathBuf {
        let path = self.path.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("script written");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .expect("script made executable");
        path
    }
}

impl Drop for TemporaryDirectory {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A helper running `program arguments…` in `directory`, JSON encoder, respawn on.
pub fn helper(name: &str, program: &Path, arguments: &[&str], directory: &Path) -> Process {
    let mut run = vec![program.display().to_string()];
    run.extend(arguments.iter().map(|argument| argument.to_string()));
    Process {
        name: name.to_string(),
        run,
        encoder: Encoder::Json,
        api_version: JsonVersion::V5,
        respawn: true,
        environment: BTreeMap::new(),
        working_directory: directory.to_path_buf(),
        on_exit: ferrobgp::config::OnExit::Keep,
    }
}

/// The next event, or a failure after `limit`.
pub async fn next_event(events: &mut mpsc::Receiver<HelperEvent>, limit: Duration) -> ProcEvent {
    match tokio::time::timeout(limit, events.recv()).await {
        Ok(Some(event)) => event.event,
        Ok(None) => panic!("the event channel closed"),
        Err(_) => panic!("no event within {limit:?}"),
    }
}

/// Events up to and including the first one `last` accepts; fails after `limit`.
pub async fn events_until(
    events: &mut mpsc::Receiver<HelperEvent>,
    limit: Duration,
    last: impl Fn(&ProcEvent) -> bool,
) -> Vec<ProcEvent> {
    let deadline = tokio::time::Instant::now() + limit;
    let mut seen = Vec::new();
    loop {
        let event = match tokio::time::timeout_at(deadline, events.recv()).await {
            Ok(Some(event)) => event.event,
            Ok(None) => panic!("the event channel closed; seen: {seen:?}"),
            Err(_) => panic!("timed out after {limit:?}; seen: {seen:?}"),
        };
        let done = last(&event);
        seen.push(event);
        if done {
            return seen;
        }
    }
}

/// The text of the comment commands (`# …`) among `events`.
pub fn comments(events: &[ProcEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|event| match event {
            ProcEvent::Command { command, .. } => match command.as_ref() {
                ferrobgp::api::command::Command::Comment(text) => Some(text.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}
