//! The control FIFO of one speaker (`ferrobgp ctl`): starts `control::ControlServer` per the
//! `control-fifo` setting (runtime directory, a path, or off) and forwards each
//! `ControlRequest` to the hub as `HubCmd::Command { origin: Owner::Control, … }`, then
//! writes the hub's reply lines and outcome back through the request's `Reply`. Must not
//! execute commands (the hub does) nor touch the FIFOs itself (`control` does).
//!
//! One ferrobgp extension is answered here, as it concerns the process rather than a
//! speaker: `log-level FILTER` (`ferrobgp ctl log-level debug`) replaces the log filter of the
//! running daemon (`logging::set_filter`; the filter is an `EnvFilter`: `debug`,
//! `ferrobgp=trace,warn`). Helpers cannot send it: it is not part of ExaBGP's language.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use crate::api::command::AckOutcome;
use crate::config::model::ControlFifo;
use crate::control::{ControlPaths, ControlRequest, ControlServer, ServerOptions};
use crate::rib::Owner;

use super::commands::HubCmd;

/// Requests the server may queue ahead of the hub.
const REQUEST_CAPACITY: usize = 64;

/// The running control server and its forwarding task; dropping it stops both.
#[derive(Debug)]
pub struct ControlLink {
    _server: ControlServer,
    forwarder: JoinHandle<()>,
}

impl Drop for ControlLink {
    fn drop(&mut self) {
        self.forwarder.abort();
    }
}

/// Starts the control FIFO for `setting`, sending commands to `hub`; `None` when it is off
/// or cannot be set up (logged: the daemon runs without it).
pub fn start_control(setting: &ControlFifo, hub: mpsc::Sender<HubCmd>) -> Option<ControlLink> {
    let runtime_directory = std::env::var_os(crate::control::paths::RUNTIME_DIRECTORY_VARIABLE);
    let paths = ControlPaths::for_setting(setting, runtime_directory.as_deref())?;
    let (requests, mut receiver) = mpsc::channel::<ControlRequest>(REQUEST_CAPACITY);
    let notices = Arc::new(|notice| tracing::warn!("{notice}"));
    let server =
        match ControlServer::start(paths.clone(), ServerOptions::default(), requests, notices) {
            Ok(server) => server,
            Err(error) => {
                tracing::warn!(
                    "control FIFO {}: not available: {error}",
                    paths.base.display()
                );
                return None;
            }
        };
    tracing::info!("control FIFO: {}.{{in,out}}", paths.base.display());
    let forwarder = tokio::spawn(async move {
        while let Some(request) = receiver.recv().await {
            forward(request, &hub).await;
        }
    });
    Some(ControlLink {
        _server: server,
        forwarder,
    })
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
