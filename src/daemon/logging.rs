//! The daemon's log: `tracing` events to journald when stderr is the journal
//! (`JOURNAL_STREAM`, see `systemd::journal`), to stderr otherwise, at the configuration's
//! `log-level` unless the `FERROBGP_LOG` environment variable gives a filter (`debug`,
//! `ferrobgp=trace`, …). The filter can be replaced at run time ([`set_filter`]). Colours only
//! for a person at a terminal (and never with `NO_COLOR`).
//!
//! Must not decide what is logged: callers do, through `tracing`'s macros.

use std::io::IsTerminal;
use std::sync::OnceLock;

use tracing_subscriber::Layer as _;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Registry, fmt, reload};

use crate::config::LogLevel;
use crate::systemd::journal;

/// The environment variable that overrides the configured level.
pub const FILTER_VARIABLE: &str = "FERROBGP_LOG";

/// The handle on the installed filter, for [`set_filter`].
static FILTER: OnceLock<reload::Handle<EnvFilter, Registry>> = OnceLock::new();

/// Installs the process's log writer (once: later calls change nothing).
pub fn init(level: LogLevel) {
    let filter =
        EnvFilter::try_from_env(FILTER_VARIABLE).unwrap_or_else(|_| EnvFilter::new(level.name()));
    let (filter, handle) = reload::Layer::new(filter);
    let journald = if journal::stderr_is_journal() {
        journal::journald_layer()
    } else {
        None
    };
    // Under systemd without a journald socket, stderr still reaches the journal, which
    // stamps lines itself.
    let under_journal = std::env::var_os("JOURNAL_STREAM").is_some();
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let stderr = journald.is_none().then(|| {
        let layer = fmt::layer()
            .with_writer(std::io::stderr)
            .with_target(false)
            .with_ansi(colour)
            .fmt_fields(journal::StderrFields);
        if under_journal {
            layer.without_time().boxed()
        } else {
            layer.boxed()
        }
    });
    let installed = tracing_subscriber::registry()
        .with(filter)
        .with(journald)
        .with(stderr)
        .try_init();
    if installed.is_ok() {
        let _ = FILTER.set(handle);
    }
}

/// Replaces the log filter ("debug", "ferrobgp=trace,warn", …) of the running daemon, for a
/// later `ctl` command. An error when the filter does not parse or no log is installed.
pub fn set_filter(directives: &str) -> Result<(), String> {
    let filter = EnvFilter::try_new(directives).map_err(|error| error.to_string())?;
    let handle = FILTER.get().ok_or("the log is not installed")?;
    handle.reload(filter).map_err(|error| error.to_string())
}

/// The most verbose of several levels (several speakers share one log).
pub fn most_verbose(levels: impl IntoIterator<Item = LogLevel>) -> LogLevel {
    levels.into_iter().max().unwrap_or(LogLevel::Info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_verbose_level_wins() {
        assert_eq!(most_verbose([]), LogLevel::Info);
        assert_eq!(
            most_verbose([LogLevel::Warn, LogLevel::Debug, LogLevel::Info]),
            LogLevel::Debug
        );
    }

    #[test]
    fn a_bad_filter_is_refused() {
        assert!(set_filter("=[").is_err());
    }
}
