//! `ferrobgp healthcheck [options]`: reads the options, writes the pid file, sets up the
//! logger, the signal and stdin threads, and runs the loop. It must not hold any of the
//! healthcheck's logic (see `crate::healthcheck`).

use crate::healthcheck::arguments;
use crate::healthcheck::events::Events;
use crate::healthcheck::log::{self, Logger};
use crate::healthcheck::options::{self, Request};
use crate::healthcheck::process::SystemRunner;
use crate::healthcheck::run::{self, Ending, Level};
use crate::healthcheck::world::ProcessWorld;
use std::io::IsTerminal;
use std::process::ExitCode;

/// Runs the healthcheck with the words after `healthcheck`; returns the exit status: 0 after
/// a signal or END, 1 on an error, 2 on a bad command line (as argparse).
pub fn main(words: &[String]) -> ExitCode {
    let read_file = |path: &str| std::fs::read_to_string(path).map_err(|error| error.to_string());
    let options = match options::parse(words, &read_file) {
        Ok(Request::Help) => {
            print!("{}", arguments::help());
            return ExitCode::SUCCESS;
        }
        Ok(Request::Run(options)) => options,
        Err(message) => return usage_error(&message),
    };
    if log::facility(&options.syslog_facility).is_none() {
        return usage_error(&format!(
            "argument --syslog-facility/-sF: unknown facility '{}'",
            options.syslog_facility
        ));
    }
    // Before any thread starts, so that every thread has SIGTERM and SIGINT blocked.
    let events = match Events::start() {
        Ok(events) => events,
        Err(message) => {
            eprintln!("ferrobgp healthcheck: {message}");
            return ExitCode::FAILURE;
        }
    };
    let logger = Logger::new(
        options.silent,
        options.debug,
        !options.no_syslog,
        &options.syslog_facility,
        options.name.as_deref(),
    );
    if let Some(path) = &options.pid
        && let Err(error) = std::fs::write(path, format!("{}\n", std::process::id()))
    {
        logger.log(
            Level::Error,
            &format!("cannot write the pid file {}: {error}", path.display()),
        );
        return ExitCode::FAILURE;
    }
    // As ExaBGP: no acknowledgement is read when a person runs it at a terminal.
    let acknowledgements = !options.no_ack && !std::io::stdout().is_terminal();
    let mut world = ProcessWorld {
        events,
        logger,
        command: options.command.clone(),
        timeout: options.timeout,
        disable: options.disable.clone(),
        user: options.user.clone(),
        group: options.group.clone(),
        runner: SystemRunner,
        sequence: 0,
    };
    match run::run(&options, &mut world, acknowledgements) {
        Ending::Stopped => ExitCode::SUCCESS,
        Ending::Failed => ExitCode::FAILURE,
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!(
        "usage: ferrobgp healthcheck [options] (see --help)\nferrobgp healthcheck: error: {message}"
    );
    ExitCode::from(2)
}
