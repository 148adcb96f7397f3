//! Starting a helper the way ExaBGP does (reference §1.2), minus its shell-free quirks: the
//! configured argv executed directly (no shell), its own process group (so a signal to the
//! daemon's group does not reach it, and `killpg` reaches its children), the configured
//! working directory, the daemon's environment without the variables that belong to the
//! daemon's own supervisor, plus the configured ones; stdin, stdout and stderr piped.
//! Also the shutdown notice helpers get before SIGTERM, in their encoder's format, and
//! [`unblock_signals_in_child`], which every program the daemon or the healthcheck starts needs.
//!
//! Must not wait for the helper or read its pipes: that is the task's job.

use std::time::{SystemTime, UNIX_EPOCH};

use tokio::process::{Child, Command};

use crate::api::json::{self, Envelope};
use crate::api::text;
use crate::config::model::{Encoder, Process};

/// Variables of the daemon's environment a helper must not inherit: they address the
/// daemon's own systemd notification socket and watchdog, and a helper using them would
/// speak for the daemon.
pub const REMOVED_VARIABLES: [&str; 3] = ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"];

/// Why a helper could not be started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpawnError {
    pub message: String,
}

/// The command that starts `process`, ready to spawn.
pub fn command(process: &Process) -> Result<Command, SpawnError> {
    let Some((program, arguments)) = process.run.split_first() else {
        return Err(SpawnError {
            message: "the helper has an empty `run` command".to_string(),
        });
    };
    let mut command = Command::new(program);
    command
        .args(arguments)
        .current_dir(&process.working_directory)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .process_group(0)
        .kill_on_drop(true);
    unblock_signals_in_child(command.as_std_mut());
    for variable in REMOVED_VARIABLES {
        command.env_remove(variable);
    }
    // ExaBGP sets TERM=dumb "to prevent termcap junk" at the start of the pipe.
    command.env("TERM", "dumb");
    command.envs(&process.environment);
    Ok(command)
}

/// Makes `command`'s child start with no signal blocked. The daemon (and the healthcheck)
/// block the signals they read synchronously (signalfd, sigwait), and a blocked mask
/// survives `exec`: without this a helper would never see the SIGTERM of an ordered stop
/// (it would always wait for SIGKILL), nor `Ctrl-C`, nor its own SIGHUP.
pub fn unblock_signals_in_child(command: &mut std::process::Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: between fork and exec the closure only calls pthread_sigmask with an empty set
    // on the stack; pthread_sigmask is async-signal-safe and nothing is allocated.
    unsafe {
        command.pre_exec(|| {
            nix::sys::signal::SigSet::empty()
                .thread_set_mask()
                .map_err(std::io::Error::from)
        });
    }
}

/// Starts `process`.
pub fn spawn(process: &Process) -> Result<Child, SpawnError> {
    let mut command = command(process)?;
    let mut result = command.spawn();
    // ETXTBSY: the program was just written (a deploy replacing the helper, or a test creating
    // it) and another thread's fork still holds a write descriptor for a moment. Linux's
    // well-known race; a few short retries are enough.
    for _ in 0..20 {
        match &result {
            Err(error) if error.raw_os_error() == Some(libc::ETXTBSY) => {
                std::thread::sleep(std::time::Duration::from_millis(10));
                result = command.spawn();
            }
            _ => break,
        }
    }
    result.map_err(|error| SpawnError {
        message: format!(
            "cannot start `{}` in {}: {error}",
            process.run.join(" "),
            process.working_directory.display()
        ),
    })
}

/// The shutdown notice for `process`, without the newline the writer adds: ExaBGP's JSON
/// `notification` line, or the text `shutdown <pid> <ppid>` line (which ends in its own
/// newline, so a text helper sees an empty line after it, as under ExaBGP).
pub fn shutdown_notice(process: &Process, host: &str) -> String {
    let pid = std::process::id();
    let ppid = u32::try_from(nix::unistd::getppid().as_raw()).unwrap_or(0);
    match process.encoder {
        Encoder::Text => text::events::shutdown(pid, ppid),
        Encoder::Json => {
            let time = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|elapsed| elapsed.as_secs_f64())
                .unwrap_or(0.0);
            let envelope = Envelope {
                version: process.api_version,
                time,
                host,
                pid,
                ppid,
                counter: None,
            };
            json::events::shutdown(&envelope)
        }
    }
}

/// This machine's host name, as ExaBGP writes it in JSON envelopes.
pub fn host_name() -> String {
    nix::unistd::gethostname()
        .ok()
        .and_then(|name| name.into_string().ok())
        .unwrap_or_else(|| "localhost".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::json::JsonVersion;
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    fn process(encoder: Encoder) -> Process {
        Process {
            name: "helper".to_string(),
            run: vec!["/bin/true".to_string()],
            encoder,
            api_version: JsonVersion::V5,
            respawn: true,
            environment: BTreeMap::new(),
            working_directory: PathBuf::from("/"),
            on_exit: crate::config::OnExit::Keep,
        }
    }

    #[test]
    fn text_notice_is_exabgp_s() {
        let notice = shutdown_notice(&process(Encoder::Text), "host");
        let ppid = nix::unistd::getppid().as_raw();
        assert_eq!(notice, format!("shutdown {} {ppid}\n", std::process::id()));
    }

    #[test]
    fn json_notice_is_exabgp_s() {
        let notice = shutdown_notice(&process(Encoder::Json), "router");
        assert!(
            notice.starts_with("{ \"exabgp\": \"5.0.0\", \"time\": "),
            "{notice}"
        );
        assert!(
            notice.ends_with("\"type\": \"notification\", \"notification\": \"shutdown\" }"),
            "{notice}"
        );
        assert!(notice.contains("\"host\" : \"router\""), "{notice}");
        assert!(!notice.contains("counter"), "{notice}");
    }

    #[test]
    fn an_empty_run_is_an_error() {
        let mut empty = process(Encoder::Json);
        empty.run.clear();
        assert!(command(&empty).is_err());
    }
}
