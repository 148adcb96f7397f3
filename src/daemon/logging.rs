//! The daemon's log: `tracing` lines on stderr, at the configuration's `log-level` unless the
//! `FERROBGP_LOG` environment variable gives a filter (`debug`, `ferrobgp=trace`, …).
//! Colours only for a person at a terminal (and never with `NO_COLOR`).
//!
//! Must not decide what is logged: callers do, through `tracing`'s macros.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::config::LogLevel;

/// The environment variable that overrides the configured level.
pub const FILTER_VARIABLE: &str = "FERROBGP_LOG";

/// Installs the process's log writer (once: later calls change nothing).
pub fn init(level: LogLevel) {
    let filter =
        EnvFilter::try_from_env(FILTER_VARIABLE).unwrap_or_else(|_| EnvFilter::new(level.name()));
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(colour)
        .try_init();
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
}
