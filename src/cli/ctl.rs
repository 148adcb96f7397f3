//! `ferrobgp ctl [options] <command words…>`: sends one command to the running daemon through
//! its control FIFOs, like ExaBGP's `exabgpcli`, and prints the answer. Reads the options,
//! expands ExaBGP's CLI shortcuts (`s n s` → `show neighbor summary`), and hands the line to
//! `control::client`, which holds the protocol; must not hold any of it itself.
//!
//! Exit status: 0 when the daemon answered `done`, 1 when it answered `error`, 2 for a bad
//! command line, 3 when there was no answer (no daemon, no FIFO, timeout, permissions).

use crate::api::command::{AckOutcome, expand_shortcuts};
use crate::control::client::{self, ClientOptions};
use crate::control::paths::{ControlPaths, RUNTIME_DIRECTORY_VARIABLE};
use std::ffi::OsStr;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

pub const USAGE: &str = "\
usage: ferrobgp ctl [--pipe PATH | --runtime-dir DIR] [--timeout SECONDS] COMMAND WORDS…

Sends one helper-API command to the running ferrobgp (ExaBGP's CLI shortcuts work:
`ferrobgp ctl s n s` is `show neighbor summary`) and prints the answer.

options:
      --pipe PATH          the FIFOs PATH.in and PATH.out (the control-fifo setting)
      --runtime-dir DIR    the FIFOs DIR/ferrobgp.in and DIR/ferrobgp.out
                           (default: $RUNTIME_DIRECTORY, else /run/ferrobgp)
      --timeout SECONDS    how long to wait for the daemon (default 10)

exit status: 0 done, 1 error, 2 bad command line, 3 no answer
";

/// The longest accepted `--timeout`, in seconds (a day).
const MAX_TIMEOUT_SECONDS: f64 = 86_400.0;

const EXIT_ERROR_ANSWER: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_NO_ANSWER: u8 = 3;

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CtlRequest {
    Help,
    Send {
        paths: ControlPaths,
        timeout: Duration,
        /// The line to send, shortcuts expanded.
        line: String,
    },
}

/// Reads the words after `ctl`. `runtime_directory` is `$RUNTIME_DIRECTORY`.
pub fn parse_arguments(
    words: &[String],
    runtime_directory: Option<&OsStr>,
) -> Result<CtlRequest, String> {
    let mut paths = None;
    let mut timeout = ClientOptions::default().timeout;
    let mut index = 0;
    while let Some(word) = words.get(index) {
        let value = words.get(index.saturating_add(1));
        match word.as_str() {
            "-h" | "--help" => return Ok(CtlRequest::Help),
            "--pipe" | "--runtime-dir" => {
                let Some(value) = value else {
                    return Err(format!("{word} needs a path"));
                };
                if paths.is_some() {
                    return Err("give at most one of --pipe and --runtime-dir".into());
                }
                paths = Some(if word == "--pipe" {
                    ControlPaths::from_base(PathBuf::from(value))
                } else {
                    ControlPaths::in_directory(&PathBuf::from(value))
                });
                index = index.saturating_add(2);
            }
            "--timeout" => {
                let Some(value) = value else {
                    return Err("--timeout needs a number of seconds".into());
                };
                timeout = parse_timeout(value)?;
                index = index.saturating_add(2);
            }
            "--" => {
                index = index.saturating_add(1);
                break;
            }
            flag if flag.starts_with("--") => return Err(format!("unknown ctl option '{flag}'")),
            _ => break,
        }
    }
    let command_words = words.get(index..).unwrap_or_default();
    let line = expand_shortcuts(command_words);
    if line.is_empty() {
        return Err("ctl needs a command, like `ferrobgp ctl show neighbor summary`".into());
    }
    Ok(CtlRequest::Send {
        paths: paths.unwrap_or_else(|| ControlPaths::default_for(runtime_directory)),
        timeout,
        line,
    })
}

fn parse_timeout(text: &str) -> Result<Duration, String> {
    match text.parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds <= MAX_TIMEOUT_SECONDS => {
            Ok(Duration::from_secs_f64(seconds))
        }
        _ => Err(format!(
            "--timeout takes a number of seconds above 0 and at most {MAX_TIMEOUT_SECONDS}, not '{text}'"
        )),
    }
}

/// Runs `ferrobgp ctl` with the words after `ctl`; returns the exit status.
pub fn main(words: &[String]) -> ExitCode {
    let runtime_directory = std::env::var_os(RUNTIME_DIRECTORY_VARIABLE);
    let (paths, timeout, line) = match parse_arguments(words, runtime_directory.as_deref()) {
        Ok(CtlRequest::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(CtlRequest::Send {
            paths,
            timeout,
            line,
        }) => (paths, timeout, line),
        Err(message) => {
            eprintln!("ferrobgp ctl: {message}\n\n{USAGE}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("ferrobgp ctl: cannot start: {error}");
            return ExitCode::from(EXIT_NO_ANSWER);
        }
    };
    let stdout = std::io::stdout();
    let mut output = std::io::BufWriter::new(stdout.lock());
    let options = ClientOptions { timeout };
    let result = runtime.block_on(client::request(&paths, &line, &options, |text| {
        // A closed stdout (`| head`) must not stop us from reading to the terminator.
        let _ = writeln!(output, "{text}");
    }));
    let _ = output.flush();
    match result {
        Ok(AckOutcome::Done) => ExitCode::SUCCESS,
        Ok(AckOutcome::Error) => {
            eprintln!(
                "ferrobgp ctl: the daemon answered error to `{line}` \
                 (`ferrobgp ctl help` lists the commands)"
            );
            ExitCode::from(EXIT_ERROR_ANSWER)
        }
        Err(error) => {
            eprintln!("ferrobgp ctl: {error}");
            ExitCode::from(EXIT_NO_ANSWER)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(String::from).collect()
    }

    fn send(paths: ControlPaths, seconds: u64, line: &str) -> CtlRequest {
        CtlRequest::Send {
            paths,
            timeout: Duration::from_secs(seconds),
            line: line.into(),
        }
    }

    #[test]
    fn arguments() {
        let default = ControlPaths::from_base("/run/ferrobgp/ferrobgp");
        assert_eq!(
            parse_arguments(&words("s n s"), None),
            Ok(send(default.clone(), 10, "show neighbor summary"))
        );
        assert_eq!(
            parse_arguments(&words("s n s"), Some(OsStr::new("/run/x"))),
            Ok(send(
                ControlPaths::from_base("/run/x/ferrobgp"),
                10,
                "show neighbor summary"
            ))
        );
        assert_eq!(
            parse_arguments(&words("--pipe /tmp/p.in --timeout 2 version"), None),
            Ok(send(ControlPaths::from_base("/tmp/p"), 2, "version"))
        );
        assert_eq!(
            parse_arguments(&words("--runtime-dir /tmp/d -- version"), None),
            Ok(send(
                ControlPaths::from_base("/tmp/d/ferrobgp"),
                10,
                "version"
            ))
        );
        assert_eq!(
            parse_arguments(&words("neighbor 10.0.0.1 t 2"), None),
            Ok(send(default, 10, "neighbor 10.0.0.1 teardown 2"))
        );
        assert_eq!(
            parse_arguments(&words("--help"), None),
            Ok(CtlRequest::Help)
        );
    }

    #[test]
    fn bad_arguments() {
        let error = |text: &str| {
            parse_arguments(&words(text), None)
                .err()
                .unwrap_or_default()
        };
        assert!(error("").contains("ctl needs a command"));
        assert!(error("--pipe").contains("--pipe needs a path"));
        assert!(error("--pipe a --runtime-dir b version").contains("at most one"));
        assert!(error("--timeout 0 version").contains("--timeout takes"));
        assert!(error("--timeout x version").contains("--timeout takes"));
        assert!(error("--timeout NaN version").contains("--timeout takes"));
        assert!(error("--frobnicate version").contains("unknown ctl option"));
    }
}
