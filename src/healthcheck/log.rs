//! The healthcheck's log, as ExaBGP's writes it: `LEVEL[healthcheck] message` on stderr unless
//! `--silent`, and syslog (`/dev/log`, `healthcheck[-NAME][PID]: message`) unless `--no-syslog`
//! or `--debug`. Debug lines only with `--debug`. It must never write on stdout, which carries
//! the commands.

use super::run::Level;
use std::io::Write;
use std::os::unix::net::UnixDatagram;

/// Syslog severities (RFC 5424) of the levels.
fn severity(level: Level) -> u32 {
    match level {
        Level::Debug => 7,
        Level::Info => 6,
        Level::Warning => 4,
        Level::Error => 3,
    }
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Debug => "DEBUG",
        Level::Info => "INFO",
        Level::Warning => "WARNING",
        Level::Error => "ERROR",
    }
}

/// The facility number of a syslog facility name, as Python's `SysLogHandler` knows them.
pub fn facility(name: &str) -> Option<u32> {
    let number = match name.to_ascii_lowercase().as_str() {
        "kern" => 0,
        "user" => 1,
        "mail" => 2,
        "daemon" => 3,
        "auth" => 4,
        "syslog" => 5,
        "lpr" => 6,
        "news" => 7,
        "uucp" => 8,
        "cron" => 9,
        "authpriv" => 10,
        "ftp" => 11,
        "local0" => 16,
        "local1" => 17,
        "local2" => 18,
        "local3" => 19,
        "local4" => 20,
        "local5" => 21,
        "local6" => 22,
        "local7" => 23,
        _ => return None,
    };
    Some(number)
}

/// Where log lines go.
#[derive(Debug)]
pub struct Logger {
    console: bool,
    debug: bool,
    syslog: Option<Syslog>,
}

#[derive(Debug)]
struct Syslog {
    socket: UnixDatagram,
    facility: u32,
    ident: String,
}

impl Logger {
    /// `facility_name` must be known (see [`facility`]); an unreachable `/dev/log` only loses
    /// the syslog copy (ExaBGP stops with an exception).
    pub fn new(
        silent: bool,
        debug: bool,
        syslog: bool,
        facility_name: &str,
        name: Option<&str>,
    ) -> Logger {
        let syslog = if syslog && !debug {
            let ident = match name {
                Some(name) => format!("healthcheck-{name}[{}]", std::process::id()),
                None => format!("healthcheck[{}]", std::process::id()),
            };
            UnixDatagram::unbound()
                .and_then(|socket| socket.connect("/dev/log").map(|()| socket))
                .ok()
                .map(|socket| Syslog {
                    socket,
                    facility: facility(facility_name).unwrap_or(3),
                    ident,
                })
        } else {
            None
        };
        Logger {
            console: !silent,
            debug,
            syslog,
        }
    }

    pub fn log(&self, level: Level, message: &str) {
        if level == Level::Debug && !self.debug {
            return;
        }
        if let Some(syslog) = &self.syslog {
            let priority = syslog
                .facility
                .saturating_mul(8)
                .saturating_add(severity(level));
            let packet = format!("<{priority}>{}: {message}\0", syslog.ident);
            let _ = syslog.socket.send(packet.as_bytes());
        }
        if self.console {
            let _ = writeln!(
                std::io::stderr().lock(),
                "{}[healthcheck] {message}",
                level_name(level)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facilities() {
        assert_eq!(facility("daemon"), Some(3));
        assert_eq!(facility("LOCAL7"), Some(23));
        assert_eq!(facility("nope"), None);
    }
}
