//! The control FIFO of one speaker (`ferrobgp ctl`): starts `control::ControlServer` per the
//! `control-fifo` setting (runtime directory, a path, or off) and forwards each
//! `ControlRequest` to the hub as `HubCmd::Command { origin: Owner::Control, … }`, then
//! writes the hub's reply lines and outcome back through the request's `Reply`. A reload that
//! changes `control-fifo` retires the running link ([`ControlLink::retire`]: the answer being
//! written is finished, then the old FIFOs are removed) and starts a new one. Must not
//! execute commands (the hub does) nor set up or serve the FIFOs itself (`control` does).
//!
//! One ferrobgp extension is answered here, as it concerns the process rather than a
//! speaker: `log-level FILTER` (`ferrobgp ctl log-level debug`) replaces the log filter of the
//! running daemon (`logging::set_filter`; the filter is an `EnvFilter`: `debug`,
//! `ferrobgp=trace,warn`). Helpers cannot send it: it is not part of ExaBGP's language.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::api::command::AckOutcome;
use crate::config::model::ControlFifo;
use crate::control::{ControlPaths, ControlRequest, ControlServer, ServerOptions};
use crate::rib::Owner;

use super::commands::HubCmd;

/// Requests the server may queue ahead of the hub.
const REQUEST_CAPACITY: usize = 64;
/// How long a retired link may take to finish the answer it is writing.
const RETIRE_TIMEOUT: Duration = Duration::from_secs(60);

/// The running control server and its forwarding task; dropping it stops both.
#[derive(Debug)]
pub struct ControlLink {
    server: Option<ControlServer>,
    forwarder: Option<JoinHandle<()>>,
    paths: ControlPaths,
}

impl Drop for ControlLink {
    fn drop(&mut self) {
        if let Some(forwarder) = self.forwarder.take() {
            forwarder.abort();
        }
    }
}

impl ControlLink {
    /// The files it serves.
    pub fn paths(&self) -> &ControlPaths {
        &self.paths
    }

    /// Stops serving once the answer being written (the `reload` that retires this link,
    /// say) is finished, bounded by [`RETIRE_TIMEOUT`]; then removes its FIFOs, so that a
    /// `ctl` aimed at the old path says the FIFO is missing instead of waiting for its
    /// timeout. Runs in the background.
    pub fn retire(mut self) {
        let server = self.server.take();
        let forwarder = self.forwarder.take();
        let paths = self.paths.clone();
        tokio::spawn(async move {
            if let Some(server) = server
                && tokio::time::timeout(RETIRE_TIMEOUT, server.finish())
                    .await
                    .is_err()
            {
                tracing::warn!(
                    "control FIFO {}: an answer was still being written after {RETIRE_TIMEOUT:?}: \
                     dropped",
                    paths.base.display()
                );
            }
            if let Some(forwarder) = forwarder {
                forwarder.abort();
            }
            for path in [&paths.input, &paths.output] {
                remove_fifo(path);
            }
            tracing::info!("control FIFO {}: stopped", paths.base.display());
        });
    }
}

/// Removes `path` if it is a FIFO (never another kind of file someone put there).
fn remove_fifo(path: &Path) {
    use std::os::unix::fs::FileTypeExt;
    let is_fifo =
        std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_fifo());
    if is_fifo && let Err(error) = std::fs::remove_file(path) {
        tracing::warn!("control FIFO {}: not removed: {error}", path.display());
    }
}

/// The files a `control-fifo` setting names in this environment; `None` when it is off.
pub fn control_paths(setting: &ControlFifo) -> Option<ControlPaths> {
    let runtime_directory = std::env::var_os(crate::control::paths::RUNTIME_DIRECTORY_VARIABLE);
    ControlPaths::for_setting(setting, runtime_directory.as_deref())
}

/// Starts the control FIFO for `setting`, sending commands to `hub`; `None` when it is off
/// or cannot be set up (logged: the daemon runs without it).
pub fn start_control(setting: &ControlFifo, hub: mpsc::Sender<HubCmd>) -> Option<ControlLink> {
    match try_start_control(setting, hub) {
        Ok(link) => link,
        Err(error) => {
            tracing::warn!("{error}");
            None
        }
    }
}

/// Starts the control FIFO for `setting`; `Ok(None)` when it is off, `Err` with the reason
/// when it cannot be set up (a reload then changes nothing).
pub fn try_start_control(
    setting: &ControlFifo,
    hub: mpsc::Sender<HubCmd>,
) -> Result<Option<ControlLink>, String> {
    let Some(paths) = control_paths(setting) else {
        return Ok(None);
    };
    let (requests, mut receiver) = mpsc::channel::<ControlRequest>(REQUEST_CAPACITY);
    let notices = Arc::new(|notice| tracing::warn!("{notice}"));
    let server = ControlServer::start(paths.clone(), ServerOptions::default(), requests, notices)
        .map_err(|error| {
        format!(
            "control FIFO {}: not available: {error}",
            paths.base.display()
        )
    })?;
    tracing::info!("control FIFO: {}.{{in,out}}", paths.base.display());
    let forwarder = tokio::spawn(async move {
        while let Some(request) = receiver.recv().await {
            forward(request, &hub).await;
        }
    });
    Ok(Some(ControlLink {
        server: Some(server),
        forwarder: Some(forwarder),
        paths,
    }))
}

/// The filter of a `log-level FILTER` line (the words after `log-level`, joined by one
/// space); `None` for any other line.
fn log_level_filter(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix("log-level")?;
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    Some(rest.trim())
}

/// Hands one request to the hub and writes its answer back.
async fn forward(request: ControlRequest, hub: &mpsc::Sender<HubCmd>) {
    let ControlRequest {
        line,
        command,
        mut reply,
    } = request;
    if let Some(filter) = log_level_filter(&line) {
        let set = if filter.is_empty() {
            Err("no filter given".to_owned())
        } else {
            super::logging::set_filter(filter)
        };
        let outcome = match set {
            Ok(()) => {
                tracing::info!("log filter set to \"{filter}\" from the control FIFO");
                let _ = reply.line(format!("log level: {filter}")).await;
                AckOutcome::Done
            }
            Err(error) => {
                let _ = reply
                    .line(format!(
                        "log-level {filter}: {error} (give a level: error, warn, info, debug, \
                         trace, or a filter such as ferrobgp=debug,warn)"
                    ))
                    .await;
                AckOutcome::Error
            }
        };
        reply.finish(outcome);
        return;
    }
    let command = match command {
        Ok(command) => command,
        Err(error) => {
            let _ = reply
                .line(format!("cannot understand \"{line}\": {error}"))
                .await;
            reply.finish(AckOutcome::Error);
            return;
        }
    };
    let (answer, answered) = oneshot::channel();
    let sent = hub
        .send(HubCmd::Command {
            origin: Owner::Control,
            command,
            reply: Some(answer),
        })
        .await;
    if sent.is_err() {
        let _ = reply.line("the daemon is stopping").await;
        reply.finish(AckOutcome::Error);
        return;
    }
    match answered.await {
        Ok(answer) => {
            for text in answer.lines {
                if reply.line(text).await.is_err() {
                    break;
                }
            }
            reply.finish(answer.outcome);
        }
        Err(_) => reply.finish(AckOutcome::Error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_level_lines() {
        assert_eq!(log_level_filter("log-level debug"), Some("debug"));
        assert_eq!(
            log_level_filter("  log-level ferrobgp=trace,warn "),
            Some("ferrobgp=trace,warn")
        );
        assert_eq!(log_level_filter("log-level"), Some(""));
        assert_eq!(log_level_filter("log-levels debug"), None);
        assert_eq!(log_level_filter("show neighbor summary"), None);
    }
}
