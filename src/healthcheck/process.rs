//! The processes the healthcheck starts: the check command (`/bin/sh -c CMD` in a process
//! group of its own, killed with the whole group after `--timeout`), the hooks, the `ip`
//! commands ([`SystemRunner`]), and the privilege drop. It must not decide anything about
//! states or lines; it reports outcomes to `world.rs`.

use super::events::{CheckWait, Event, Events};
use super::interface::{CommandOutput, CommandRunner};
use crate::process::unblock_signals_in_child;
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use std::io::{self, Read};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

/// How much of a failed check's output is kept for the log.
const OUTPUT_KEPT: usize = 64 * 1024;

/// How long to wait for a killed check's group to go before giving up on it.
const AFTER_KILL_WAIT: Duration = Duration::from_secs(1);

/// How a check ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckOutcome {
    /// Exit status 0.
    Succeeded,
    /// Another status (`None`: killed by a signal) with the output (stdout and stderr).
    Failed { status: Option<i32>, output: String },
    /// Still running after the timeout: killed with its process group.
    TimedOut,
    /// Could not be started.
    NotStarted(String),
    /// SIGTERM or SIGINT arrived meanwhile; the check's group was killed.
    Interrupted,
}

/// Runs `command` through `/bin/sh -c` with stdin from /dev/null and stdout and stderr on one
/// pipe, in a new process group; `timeout` zero means no limit.
pub fn check(events: &mut Events, sequence: u64, command: &str, timeout: u64) -> CheckOutcome {
    let pid = match start_check(events.sender(), sequence, command) {
        Ok(pid) => pid,
        Err(error) => return CheckOutcome::NotStarted(error.to_string()),
    };
    let deadline = (timeout > 0)
        .then(|| Instant::now().checked_add(Duration::from_secs(timeout)))
        .flatten();
    match events.wait_check(sequence, deadline) {
        CheckWait::Finished {
            status: Some(0), ..
        } => CheckOutcome::Succeeded,
        CheckWait::Finished { status, output } => CheckOutcome::Failed {
            status,
            output: String::from_utf8_lossy(&output).into_owned(),
        },
        CheckWait::TimedOut => {
            kill_group(pid);
            // Reap it if it goes quickly; a process that left the group may hold the pipe.
            let _ = events.wait_check(sequence, Instant::now().checked_add(AFTER_KILL_WAIT));
            CheckOutcome::TimedOut
        }
        CheckWait::Interrupted => {
            kill_group(pid);
            CheckOutcome::Interrupted
        }
    }
}

/// SIGKILL to the whole process group `pid` leads.
fn kill_group(pid: u32) {
    if let Ok(pid) = i32::try_from(pid) {
        let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
    }
}

/// Starts the check and a thread that collects its output, reaps it and reports.
fn start_check(sender: Sender<Event>, sequence: u64, command: &str) -> io::Result<u32> {
    let (mut reader, writer) = io::pipe()?;
    let mut check = Command::new("/bin/sh");
    check
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(writer.try_clone()?)
        .stderr(writer)
        .process_group(0);
    unblock_signals_in_child(&mut check);
    let mut child = check.spawn()?;
    let pid = child.id();
    std::thread::Builder::new()
        .name("check".into())
        .spawn(move || {
            let mut output = Vec::new();
            let mut buffer = [0u8; 4096];
            loop {
                match reader.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(count) => {
                        let room = OUTPUT_KEPT.saturating_sub(output.len());
                        output.extend_from_slice(buffer.get(..count.min(room)).unwrap_or(&[]));
                    }
                }
            }
            let status = child.wait().ok().and_then(|status| status.code());
            let _ = sender.send(Event::CheckFinished {
                sequence,
                status,
                output,
            });
        })?;
    Ok(pid)
}

/// Runs a hook: `/bin/sh -c CMD` with `STATE` set, output discarded, waited for.
pub fn execute(command: &str, state: &str) -> io::Result<()> {
    let mut hook = Command::new("/bin/sh");
    hook.arg("-c")
        .arg(command)
        .env("STATE", state)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    unblock_signals_in_child(&mut hook);
    hook.status().map(|_| ())
}

/// Runs the `ip` commands for real.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SystemRunner;

impl CommandRunner for SystemRunner {
    fn run(&mut self, arguments: &[String]) -> io::Result<CommandOutput> {
        let Some((program, rest)) = arguments.split_first() else {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "no command"));
        };
        let mut ip = Command::new(program);
        ip.args(rest).stdin(Stdio::null()).stderr(Stdio::null());
        unblock_signals_in_child(&mut ip);
        let output = ip.output()?;
        Ok(CommandOutput {
            status: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        })
    }
}

/// `--group` then `--user`, as ExaBGP does; as root the supplementary groups are also
/// reduced to the new group (ExaBGP keeps root's).
pub fn drop_privileges(user: Option<&str>, group: Option<&str>) -> Result<(), String> {
    use nix::unistd::{Gid, Group, User, getuid, setgroups, setresgid, setresuid};
    let root = getuid().is_root();
    if let Some(name) = group {
        let found = Group::from_name(name)
            .map_err(|error| format!("cannot look group {name} up: {error}"))?
            .ok_or_else(|| format!("no group named {name}"))?;
        let gid: Gid = found.gid;
        if root {
            setgroups(&[gid]).map_err(|error| format!("setgroups: {error}"))?;
        }
        setresgid(gid, gid, gid).map_err(|error| format!("cannot become group {name}: {error}"))?;
    }
    if let Some(name) = user {
        let found = User::from_name(name)
            .map_err(|error| format!("cannot look user {name} up: {error}"))?
            .ok_or_else(|| format!("no user named {name}"))?;
        if root && group.is_none() {
            setgroups(&[found.gid]).map_err(|error| format!("setgroups: {error}"))?;
        }
        setresuid(found.uid, found.uid, found.uid)
            .map_err(|error| format!("cannot become user {name}: {error}"))?;
    }
    Ok(())
}
