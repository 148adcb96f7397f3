//! The real [`World`]: stdout, the event channel (signals, stdin), the check command, hooks,
//! the disable file and the `ip` commands. It carries out what `run.rs` asks and logs what
//! ExaBGP logs; it must not make decisions of its own about states or lines.

use super::events::Events;
use super::interface::CommandRunner;
use super::log::Logger;
use super::process::{self, CheckOutcome, SystemRunner};
use super::run::{Level, Waited, World};
use super::state::State;
use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Duration;

/// The process's world.
#[derive(Debug)]
pub struct ProcessWorld {
    pub events: Events,
    pub logger: Logger,
    pub command: Option<String>,
    pub timeout: u64,
    pub disable: Option<PathBuf>,
    pub user: Option<String>,
    pub group: Option<String>,
    pub runner: SystemRunner,
    /// Numbers the checks, so a late report from a killed one is ignored.
    pub sequence: u64,
}

impl World for ProcessWorld {
    fn disabled(&mut self) -> bool {
        self.disable.as_ref().is_some_and(|path| path.exists())
    }

    fn check(&mut self) -> Waited<bool> {
        let Some(command) = self.command.clone() else {
            return Waited::Done(true);
        };
        self.sequence = self.sequence.wrapping_add(1);
        self.logger
            .log(Level::Debug, &format!("Checking command {command:?}"));
        match process::check(&mut self.events, self.sequence, &command, self.timeout) {
            CheckOutcome::Succeeded => {
                self.logger
                    .log(Level::Debug, "Command was executed successfully");
                Waited::Done(true)
            }
            CheckOutcome::Failed { status, output } => {
                let status = status.map_or_else(|| "killed".to_string(), |code| code.to_string());
                self.logger.log(
                    Level::Warning,
                    &format!("Check command was unsuccessful: {status}"),
                );
                if !output.trim().is_empty() {
                    self.logger
                        .log(Level::Info, &format!("Output of check command: {output}"));
                }
                Waited::Done(false)
            }
            CheckOutcome::TimedOut => {
                self.logger.log(
                    Level::Warning,
                    &format!(
                        "Timeout ({}) while running check command {command}",
                        self.timeout
                    ),
                );
                Waited::Done(false)
            }
            CheckOutcome::NotStarted(error) => {
                self.logger.log(
                    Level::Warning,
                    &format!("Check command not started: {error}"),
                );
                Waited::Done(false)
            }
            CheckOutcome::Interrupted => Waited::Interrupted,
        }
    }

    fn send(&mut self, line: &str) -> io::Result<()> {
        let mut stdout = io::stdout().lock();
        stdout.write_all(line.as_bytes())?;
        stdout.write_all(b"\n")?;
        stdout.flush()
    }

    fn acknowledge(&mut self, limit: Option<Duration>) -> Waited<()> {
        self.events.acknowledge(limit)
    }

    fn sleep(&mut self, duration: Duration) -> Waited<()> {
        self.events.sleep(duration)
    }

    fn execute(&mut self, command: &str, state: State) {
        if let Err(error) = process::execute(command, state.name()) {
            self.logger
                .log(Level::Warning, &format!("cannot run `{command}`: {error}"));
        }
    }

    fn runner(&mut self) -> &mut dyn CommandRunner {
        &mut self.runner
    }

    fn drop_privileges(&mut self) -> Result<(), String> {
        process::drop_privileges(self.user.as_deref(), self.group.as_deref())
    }

    fn log(&mut self, level: Level, message: &str) {
        self.logger.log(level, message);
    }
}
