//! The shell around the pure state machine: start-up (find and set up the addresses), then
//! one iteration after another — observe, step, carry out the actions in order, sleep — and
//! the EXIT path on a signal or an error. Everything outside the process goes through the
//! [`World`] trait, so the loop itself is tested with a scripted world; this file must not
//! spawn processes, read stdin or handle signals directly (see `process.rs`, `events.rs`).

use super::interface::{self, CommandRunner, Placement};
use super::options::{self, Options};
use super::state::{Action, After, Lines, Machine, Observation, Settings, State};
use std::io;
use std::time::Duration;

/// How long EXIT waits for each acknowledgement: the daemon may be going away itself, and a
/// helper told to stop must stop (ExaBGP waits for ever).
pub const EXIT_ACKNOWLEDGEMENT_WAIT: Duration = Duration::from_secs(2);

/// Whether a wait ended normally or because a terminating signal (SIGTERM, SIGINT) arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Waited<T> {
    Done(T),
    Interrupted,
}

/// Log levels, as ExaBGP's healthcheck logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    Debug,
    Info,
    Warning,
    Error,
}

/// Everything the loop needs from outside.
pub trait World {
    /// Whether the `--disable` file exists now.
    fn disabled(&mut self) -> bool;
    /// Runs the check command (`None`: always healthy); `Done(true)` when it succeeded.
    fn check(&mut self) -> Waited<bool>;
    /// Writes one line on stdout and flushes it.
    fn send(&mut self, line: &str) -> io::Result<()>;
    /// Waits for one acknowledgement line on stdin (at most `limit` when given). End of input
    /// counts as acknowledged, as ExaBGP's `readline` returns at once then.
    fn acknowledge(&mut self, limit: Option<Duration>) -> Waited<()>;
    fn sleep(&mut self, duration: Duration) -> Waited<()>;
    /// Runs a hook with `STATE=<state>`, its output discarded, and waits for it.
    fn execute(&mut self, command: &str, state: State);
    /// Runs the `ip` commands.
    fn runner(&mut self) -> &mut dyn CommandRunner;
    /// `--user` / `--group`, after the addresses are set up.
    fn drop_privileges(&mut self) -> Result<(), String>;
    fn log(&mut self, level: Level, message: &str);
}

/// How the run ended: the process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ending {
    /// EXIT after a signal, or END: status 0.
    Stopped,
    /// An error (logged): status 1.
    Failed,
}

/// The loop's view of the options.
struct Shell<'world> {
    world: &'world mut dyn World,
    placement: Placement,
    routes: Vec<super::address::Network>,
    acknowledgements: bool,
}

/// Runs the healthcheck until a signal, END or an error. `acknowledgements`: wait for an
/// acknowledgement after each line (not `--no-ack`, and stdout not a terminal).
pub fn run(options: &Options, world: &mut dyn World, acknowledgements: bool) -> Ending {
    let placement = Placement {
        interfaces: options.ip_ifnames.clone(),
        label: options.label.clone(),
        label_exact_match: options.label_exact_match,
        sudo: options.sudo,
    };
    let networks = if options.ips.is_empty() {
        let discovery = Placement {
            interfaces: Vec::new(),
            ..placement.clone()
        };
        interface::present(world.runner(), &discovery)
    } else {
        options.ips.clone()
    };
    if networks.is_empty() {
        world.log(Level::Error, "No IP found");
        return Ending::Failed;
    }
    if options.ip_setup
        && let Err(error) = interface::add(world.runner(), &placement, &networks)
    {
        world.log(Level::Error, &error);
        return Ending::Failed;
    }
    if let Err(error) = world.drop_privileges() {
        world.log(Level::Error, &error);
        return Ending::Failed;
    }
    let routes = match options::routes(&networks, options.deaggregate_networks, options.start_ip) {
        Ok(routes) => routes,
        Err(error) => {
            world.log(Level::Error, &error);
            return Ending::Failed;
        }
    };
    let announcement = options.announcement(routes.clone());
    let lines = |state| announcement.lines(state).unwrap_or_default();
    let settings = Settings {
        rise: options.rise,
        fall: options.fall,
        interval: options.interval,
        fast_interval: options.fast_interval,
        emission: options.emission(),
        hooks: super::state::Hooks {
            every: options.execute.clone(),
            up: options.up_execute.clone(),
            down: options.down_execute.clone(),
            disabled: options.disabled_execute.clone(),
        },
        lines: Lines {
            up: lines(State::Up),
            down: lines(State::Down),
            disabled: lines(State::Disabled),
            exit: lines(State::Exit),
        },
        ip_setup: options.ip_setup,
        dynamic_ip_setup: options.dynamic_ip_setup,
    };
    let mut shell = Shell {
        world,
        placement,
        routes: networks,
        acknowledgements,
    };
    let mut machine = Machine::new(settings);
    let disable_file = options.disable.is_some();
    loop {
        let observation = if disable_file && shell.world.disabled() {
            Observation::Disabled
        } else {
            match shell.world.check() {
                Waited::Done(true) => Observation::Healthy,
                Waited::Done(false) => Observation::Unhealthy,
                Waited::Interrupted => return shell.exit(&mut machine, Ending::Stopped),
            }
        };
        let step = machine.step(observation);
        match shell.carry_out(step.actions, None) {
            Carried::Done => {}
            Carried::Interrupted => return shell.exit(&mut machine, Ending::Stopped),
            Carried::Failed(Some(error)) => {
                shell.world.log(Level::Error, &error);
                return shell.exit(&mut machine, Ending::Failed);
            }
            // stdout is gone: nothing can be withdrawn any more.
            Carried::Failed(None) => return Ending::Failed,
        }
        match step.after {
            After::End => {
                shell.world.log(
                    Level::Info,
                    "interval set to zero, exiting after the announcement",
                );
                return Ending::Stopped;
            }
            After::Sleep(duration) => {
                if shell.world.sleep(duration) == Waited::Interrupted {
                    return shell.exit(&mut machine, Ending::Stopped);
                }
            }
        }
    }
}

/// How carrying out a list of actions went.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Carried {
    Done,
    Interrupted,
    /// With the message to log; `None` when stdout failed (logged already).
    Failed(Option<String>),
}

impl Shell<'_> {
    /// Carries out the actions in order. `limit` bounds each acknowledgement wait; while
    /// exiting (`limit` given) a signal no longer interrupts.
    fn carry_out(&mut self, actions: Vec<Action>, limit: Option<Duration>) -> Carried {
        for action in actions {
            match action {
                Action::Transition(state) => self
                    .world
                    .log(Level::Debug, &format!("Transition to {}", state.name())),
                Action::Execute { command, state } => {
                    self.world.log(
                        Level::Debug,
                        &format!("Transition to {}, execute `{command}`", state.name()),
                    );
                    self.world.execute(&command, state);
                }
                Action::AddAddresses => {
                    self.world.log(
                        Level::Info,
                        "service up, restoring loopback and ip-ifname ips",
                    );
                    if let Err(error) =
                        interface::add(self.world.runner(), &self.placement, &self.routes)
                    {
                        return Carried::Failed(Some(error));
                    }
                }
                Action::Announce(state) => self.world.log(
                    Level::Info,
                    &format!("send announces for {} state to ExaBGP", state.name()),
                ),
                Action::Send(line) => {
                    self.world.log(Level::Debug, &format!("exabgp: {line}"));
                    if let Err(error) = self.world.send(&line) {
                        self.world
                            .log(Level::Error, &format!("cannot write on stdout: {error}"));
                        return Carried::Failed(None);
                    }
                    if self.acknowledgements
                        && self.world.acknowledge(limit) == Waited::Interrupted
                        && limit.is_none()
                    {
                        return Carried::Interrupted;
                    }
                }
                Action::RemoveAddresses => {
                    self.world.log(Level::Info, "deleting setup ips");
                    match interface::remove(self.world.runner(), &self.placement, &self.routes) {
                        Ok(warnings) => {
                            for warning in warnings {
                                self.world.log(Level::Warning, &warning);
                            }
                        }
                        Err(error) => self.world.log(Level::Warning, &error),
                    }
                }
            }
        }
        Carried::Done
    }

    /// EXIT: withdraw everything, acknowledgements bounded, a second signal not stopping it.
    fn exit(&mut self, machine: &mut Machine, ending: Ending) -> Ending {
        let actions = machine.exit();
        match self.carry_out(actions, Some(EXIT_ACKNOWLEDGEMENT_WAIT)) {
            Carried::Done | Carried::Interrupted => ending,
            Carried::Failed(Some(error)) => {
                self.world.log(Level::Error, &error);
                Ending::Failed
            }
            Carried::Failed(None) => Ending::Failed,
        }
    }
}

#[cfg(test)]
#[path = "run_tests.rs"]
mod tests;
