//! The healthcheck's state machine, as a pure core: one [`Observation`] per iteration (was the
//! disable file there, did the check succeed) in, the ordered [`Action`]s to carry out and how
//! long to sleep out. It must not run commands, read files, sleep or print: the shell in
//! `run.rs` does that, in exactly the order given here.
//!
//! The transitions are ExaBGP 5.0's (`exabgp-api.md` §6):
//!
//! | from | condition | to |
//! |---|---|---|
//! | any ≠ DISABLED | disable file present | DISABLED |
//! | INIT | healthy, rise ≤ 1 | UP |
//! | INIT | healthy | RISING (checks = 1) |
//! | INIT | unhealthy | FALLING (checks = 1) |
//! | DISABLED | disable file gone | INIT |
//! | RISING | healthy: checks + 1 ≥ rise | UP |
//! | RISING | unhealthy | FALLING (checks = 1) |
//! | FALLING | unhealthy: checks + 1 ≥ fall | DOWN |
//! | FALLING | healthy | RISING (checks = 1) |
//! | UP | unhealthy | FALLING (checks = 1) |
//! | DOWN | healthy | RISING (checks = 1) |
//!
//! Entering RISING with rise ≤ 1 enters UP instead, and FALLING with fall ≤ 1 enters DOWN.
//! Only UP, DOWN, DISABLED and EXIT print lines. The order of the actions carries two fixes:
//! an address is added *before* the announcement that needs it, and removed only *after* the
//! withdrawal (or lowered preference) has been sent and acknowledged (ExaBGP #993); every exit
//! but END withdraws (ExaBGP #908).

use std::time::Duration;

/// The states, named as ExaBGP names them (the `STATE` variable of the hooks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    Init,
    Disabled,
    Rising,
    Falling,
    Up,
    Down,
    /// Exiting: withdraw everything and remove the addresses that were set up.
    Exit,
    /// Exiting after the first announcement (`--interval 0`): nothing is withdrawn.
    End,
}

impl State {
    /// The upper-case name ExaBGP logs and passes to hooks as `STATE`.
    pub fn name(self) -> &'static str {
        match self {
            State::Init => "INIT",
            State::Disabled => "DISABLED",
            State::Rising => "RISING",
            State::Falling => "FALLING",
            State::Up => "UP",
            State::Down => "DOWN",
            State::Exit => "EXIT",
            State::End => "END",
        }
    }
}

/// What one iteration saw. When the disable file is present the check is not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Observation {
    Disabled,
    Healthy,
    Unhealthy,
}

/// When the lines of a state that prints are sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Emission {
    /// ferrobgp's default: only when they differ from the lines sent last (no UPDATE storm
    /// while nothing changes, ExaBGP #1241). EXIT is always sent.
    Changes,
    /// `--debounce`, as in ExaBGP: only on an iteration whose state differs from the last.
    StateChanges,
    /// `--resend`: every iteration, as ExaBGP does without `--debounce`.
    EveryIteration,
}

/// The hooks run on a transition (`--execute`, `--up-execute`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hooks {
    pub every: Vec<String>,
    pub up: Vec<String>,
    pub down: Vec<String>,
    pub disabled: Vec<String>,
}

/// The lines each printing state sends, rendered once (see `announcement.rs`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lines {
    pub up: Vec<String>,
    pub down: Vec<String>,
    pub disabled: Vec<String>,
    pub exit: Vec<String>,
}

impl Lines {
    fn of(&self, state: State) -> Option<&Vec<String>> {
        match state {
            State::Up => Some(&self.up),
            State::Down => Some(&self.down),
            State::Disabled => Some(&self.disabled),
            State::Exit => Some(&self.exit),
            State::Init | State::Rising | State::Falling | State::End => None,
        }
    }
}

/// The options the machine depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub rise: i64,
    pub fall: i64,
    /// Zero: END after the first iteration that is neither RISING nor FALLING.
    pub interval: Duration,
    pub fast_interval: Duration,
    pub emission: Emission,
    pub hooks: Hooks,
    pub lines: Lines,
    /// `--no-ip-setup` not given: remove the addresses on EXIT.
    pub ip_setup: bool,
    /// `--dynamic-ip-setup`: add on UP, remove on DOWN and DISABLED, remove on EXIT.
    pub dynamic_ip_setup: bool,
}

/// One thing for the shell to do; the shell does them in order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Action {
    /// The machine entered `0` (for the log).
    Transition(State),
    /// Run `command` through `/bin/sh -c` with `STATE=<state>` (a hook).
    Execute { command: String, state: State },
    /// Add the addresses missing from the interfaces.
    AddAddresses,
    /// The lines of `0` are about to be sent (for the log).
    Announce(State),
    /// Print one line and, unless `--no-ack`, wait for the acknowledgement.
    Send(String),
    /// Remove the addresses from the interfaces.
    RemoveAddresses,
}

/// What follows an iteration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum After {
    Sleep(Duration),
    /// `--interval 0`: stop without withdrawing.
    End,
}

/// The result of one iteration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub actions: Vec<Action>,
    pub after: After,
}

/// The machine. Construct with [`Machine::new`], feed [`Machine::step`] once per iteration and
/// call [`Machine::exit`] on a signal or any other exit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Machine {
    settings: Settings,
    state: State,
    checks: i64,
    last_sent: Option<Vec<String>>,
}

impl Machine {
    pub fn new(settings: Settings) -> Machine {
        Machine {
            settings,
            state: State::Init,
            checks: 0,
            last_sent: None,
        }
    }

    pub fn state(&self) -> State {
        self.state
    }

    /// Consecutive checks counted towards rise or fall.
    pub fn checks(&self) -> i64 {
        self.checks
    }

    /// One iteration: transition, hooks, then (unless suppressed) the lines of the new state.
    pub fn step(&mut self, observation: Observation) -> Step {
        let before = self.state;
        let mut actions = Vec::new();
        let disabled = observation == Observation::Disabled;
        let healthy = observation != Observation::Unhealthy;
        match self.state {
            state if state != State::Disabled && disabled => {
                self.enter(State::Disabled, &mut actions)
            }
            State::Init => {
                if healthy && self.settings.rise <= 1 {
                    self.enter(State::Up, &mut actions);
                } else if healthy {
                    self.enter(State::Rising, &mut actions);
                    self.checks = 1;
                } else {
                    self.enter(State::Falling, &mut actions);
                    self.checks = 1;
                }
            }
            State::Disabled => {
                if !disabled {
                    self.enter(State::Init, &mut actions);
                }
            }
            State::Rising => {
                if healthy {
                    self.checks = self.checks.saturating_add(1);
                    if self.checks >= self.settings.rise {
                        self.enter(State::Up, &mut actions);
                    }
                } else {
                    self.enter(State::Falling, &mut actions);
                    self.checks = 1;
                }
            }
            State::Falling => {
                if !healthy {
                    self.checks = self.checks.saturating_add(1);
                    if self.checks >= self.settings.fall {
                        self.enter(State::Down, &mut actions);
                    }
                } else {
                    self.enter(State::Rising, &mut actions);
                    self.checks = 1;
                }
            }
            State::Up => {
                if !healthy {
                    self.enter(State::Falling, &mut actions);
                    self.checks = 1;
                }
            }
            State::Down => {
                if healthy {
                    self.enter(State::Rising, &mut actions);
                    self.checks = 1;
                }
            }
            // Never stepped once exiting; the shell stops calling `step`.
            State::Exit | State::End => {}
        }
        let changed = self.state != before;
        let send = match self.settings.emission {
            Emission::EveryIteration => true,
            Emission::StateChanges => changed,
            Emission::Changes => self.settings.lines.of(self.state) != self.last_sent.as_ref(),
        };
        if send {
            self.emit(self.state, &mut actions);
        }
        let after = match self.state {
            State::Rising | State::Falling => After::Sleep(self.settings.fast_interval),
            _ if self.settings.interval.is_zero() => {
                self.state = State::End;
                After::End
            }
            _ => After::Sleep(self.settings.interval),
        };
        Step { actions, after }
    }

    /// EXIT: withdraw every route, then remove the addresses that were set up. Always sent,
    /// whatever the emission policy. Hooks are not run (as in ExaBGP).
    pub fn exit(&mut self) -> Vec<Action> {
        let mut actions = Vec::new();
        self.state = State::Exit;
        self.emit(State::Exit, &mut actions);
        actions
    }

    /// Enters `target` (or UP/DOWN for RISING/FALLING when rise/fall ≤ 1) and queues its hooks:
    /// the state's own hooks first, then `--execute`.
    fn enter(&mut self, target: State, actions: &mut Vec<Action>) {
        let target = match target {
            State::Rising if self.settings.rise <= 1 => State::Up,
            State::Falling if self.settings.fall <= 1 => State::Down,
            other => other,
        };
        actions.push(Action::Transition(target));
        let hooks = &self.settings.hooks;
        let own: &[String] = match target {
            State::Up => &hooks.up,
            State::Down => &hooks.down,
            State::Disabled => &hooks.disabled,
            _ => &[],
        };
        for command in own.iter().chain(hooks.every.iter()) {
            actions.push(Action::Execute {
                command: command.clone(),
                state: target,
            });
        }
        self.state = target;
    }

    /// The lines of `state` with the address changes around them.
    fn emit(&mut self, state: State, actions: &mut Vec<Action>) {
        let Some(lines) = self.settings.lines.of(state) else {
            return;
        };
        let dynamic = self.settings.dynamic_ip_setup;
        if state == State::Up && dynamic {
            actions.push(Action::AddAddresses);
        }
        actions.push(Action::Announce(state));
        actions.extend(lines.iter().cloned().map(Action::Send));
        let remove = match state {
            State::Exit => dynamic || self.settings.ip_setup,
            State::Down | State::Disabled => dynamic,
            _ => false,
        };
        if remove {
            actions.push(Action::RemoveAddresses);
        }
        self.last_sent = Some(lines.clone());
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
