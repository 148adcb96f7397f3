//! The loop against a scripted world: every outside effect lands in one transcript, so the
//! order of sends, acknowledgements and address changes is visible.

use super::*;
use crate::healthcheck::address::Network;
use crate::healthcheck::interface::CommandOutput;
use std::collections::VecDeque;

/// A world that answers from scripts and writes everything into `transcript`.
#[derive(Debug, Default)]
struct Scripted {
    checks: VecDeque<Waited<bool>>,
    acknowledgements: VecDeque<Waited<()>>,
    sleeps: VecDeque<Waited<()>>,
    disabled: VecDeque<bool>,
    transcript: Vec<String>,
    fail_send_after: Option<usize>,
    sent: usize,
    listing: String,
}

impl CommandRunner for Scripted {
    fn run(&mut self, arguments: &[String]) -> io::Result<CommandOutput> {
        self.transcript.push(arguments.join(" "));
        let stdout = if arguments.get(1).map(String::as_str) == Some("-o") {
            self.listing.clone()
        } else {
            String::new()
        };
        Ok(CommandOutput {
            status: Some(0),
            stdout,
        })
    }
}

impl World for Scripted {
    fn disabled(&mut self) -> bool {
        self.disabled.pop_front().unwrap_or(false)
    }
    fn check(&mut self) -> Waited<bool> {
        self.transcript.push("check".into());
        // The script running out stands for SIGTERM.
        self.checks.pop_front().unwrap_or(Waited::Interrupted)
    }
    fn send(&mut self, line: &str) -> io::Result<()> {
        if self.fail_send_after == Some(self.sent) {
            return Err(io::Error::from(io::ErrorKind::BrokenPipe));
        }
        self.sent += 1;
        self.transcript.push(format!("> {line}"));
        Ok(())
    }
    fn acknowledge(&mut self, limit: Option<Duration>) -> Waited<()> {
        self.transcript.push(match limit {
            None => "< done".into(),
            Some(limit) => format!("< done (within {}s)", limit.as_secs()),
        });
        self.acknowledgements
            .pop_front()
            .unwrap_or(Waited::Done(()))
    }
    fn sleep(&mut self, duration: Duration) -> Waited<()> {
        self.transcript
            .push(format!("sleep {}ms", duration.as_millis()));
        self.sleeps.pop_front().unwrap_or(Waited::Done(()))
    }
    fn execute(&mut self, command: &str, state: State) {
        self.transcript
            .push(format!("STATE={} {command}", state.name()));
    }
    fn runner(&mut self) -> &mut dyn CommandRunner {
        self
    }
    fn drop_privileges(&mut self) -> Result<(), String> {
        Ok(())
    }
    fn log(&mut self, level: Level, message: &str) {
        if level >= Level::Warning {
            self.transcript.push(format!("log {message}"));
        }
    }
}

fn options(extra: impl FnOnce(&mut Options)) -> Options {
    let mut options = Options {
        ips: Network::parse("192.0.2.1").into_iter().collect(),
        ip_setup: false,
        rise: 1,
        fall: 1,
        interval: Duration::from_millis(100),
        fast_interval: Duration::from_millis(10),
        ..Options::default()
    };
    extra(&mut options);
    options
}

const UP: &str = "> neighbor * announce route 192.0.2.1/32 next-hop self med 100";
const WITHDRAW: &str = "> neighbor * withdraw route 192.0.2.1/32 next-hop self";

#[test]
fn withdraw_is_acknowledged_before_the_address_goes() {
    // #993, with --dynamic-ip-setup --withdraw-on-down, and #908 on SIGTERM.
    let mut world = Scripted {
        checks: [Waited::Done(true), Waited::Done(false)].into(),
        listing: "1: lo    inet 192.0.2.1/32 scope global lo\\ valid_lft forever".into(),
        ..Scripted::default()
    };
    let options = options(|options| {
        options.dynamic_ip_setup = true;
        options.withdraw_on_down = true;
    });
    assert_eq!(run(&options, &mut world, true), Ending::Stopped);
    assert_eq!(
        world.transcript,
        [
            "check",
            "/sbin/ip -o address show dev lo",
            UP,
            "< done",
            "sleep 100ms",
            "check",
            WITHDRAW,
            "< done",
            "/sbin/ip -o address show dev lo",
            "ip address delete 192.0.2.1/32 dev lo",
            "sleep 100ms",
            "check",
            WITHDRAW,
            "< done (within 2s)",
            "/sbin/ip -o address show dev lo",
            "ip address delete 192.0.2.1/32 dev lo",
        ]
    );
}

#[test]
fn signals_during_sleep_or_acknowledgement_withdraw() {
    let mut world = Scripted {
        checks: [Waited::Done(true)].into(),
        sleeps: [Waited::Interrupted].into(),
        ..Scripted::default()
    };
    assert_eq!(run(&options(|_| {}), &mut world, true), Ending::Stopped);
    assert_eq!(
        world.transcript,
        [
            "check",
            UP,
            "< done",
            "sleep 100ms",
            WITHDRAW,
            "< done (within 2s)"
        ]
    );
    let mut world = Scripted {
        checks: [Waited::Done(true)].into(),
        acknowledgements: [Waited::Interrupted, Waited::Interrupted].into(),
        ..Scripted::default()
    };
    assert_eq!(run(&options(|_| {}), &mut world, true), Ending::Stopped);
    assert_eq!(
        world.transcript,
        ["check", UP, "< done", WITHDRAW, "< done (within 2s)"]
    );
}

#[test]
fn without_acknowledgements_nothing_is_read() {
    let mut world = Scripted {
        checks: [Waited::Done(true), Waited::Done(true), Waited::Done(false)].into(),
        ..Scripted::default()
    };
    let options = options(|options| options.fall = 2);
    assert_eq!(run(&options, &mut world, false), Ending::Stopped);
    // No storm: the second healthy check prints nothing (#1241).
    assert_eq!(
        world.transcript,
        [
            "check",
            UP,
            "sleep 100ms",
            "check",
            "sleep 100ms",
            "check",
            "sleep 10ms",
            "check",
            WITHDRAW
        ]
    );
}

#[test]
fn disabled_skips_the_check_and_hooks_run() {
    let mut world = Scripted {
        checks: [Waited::Done(true)].into(),
        disabled: [true, false].into(),
        ..Scripted::default()
    };
    let options = options(|options| {
        options.disable = Some("/flag".into());
        options.disabled_execute = vec!["echo off".into()];
        options.interval = Duration::ZERO;
    });
    assert_eq!(run(&options, &mut world, true), Ending::Stopped);
    assert_eq!(
        world.transcript,
        [
            "STATE=DISABLED echo off",
            "> neighbor * announce route 192.0.2.1/32 next-hop self med 500",
            "< done",
        ]
    );
}

#[test]
fn interval_zero_ends_without_withdrawing() {
    let mut world = Scripted {
        checks: [Waited::Done(true)].into(),
        ..Scripted::default()
    };
    let options = options(|options| options.interval = Duration::ZERO);
    assert_eq!(run(&options, &mut world, true), Ending::Stopped);
    assert_eq!(world.transcript, ["check", UP, "< done"]);
}

#[test]
fn failures() {
    let mut world = Scripted::default();
    let no_ip = Options {
        ip_setup: false,
        ..Options::default()
    };
    assert_eq!(run(&no_ip, &mut world, true), Ending::Failed);
    assert_eq!(
        world.transcript,
        ["/sbin/ip -o address show dev lo", "log No IP found"]
    );
    let mut world = Scripted {
        checks: [Waited::Done(true)].into(),
        fail_send_after: Some(0),
        ..Scripted::default()
    };
    assert_eq!(run(&options(|_| {}), &mut world, true), Ending::Failed);
    assert_eq!(
        world.transcript,
        ["check", "log cannot write on stdout: broken pipe"]
    );
}

#[test]
fn addresses_found_on_loopback_are_announced() {
    let mut world = Scripted {
        checks: [Waited::Done(true)].into(),
        listing: "1: lo    inet 198.51.100.7/32 scope global lo:web\\ valid_lft forever".into(),
        ..Scripted::default()
    };
    let options = options(|options| {
        options.ips.clear();
        options.label = Some("we".into());
        options.interval = Duration::ZERO;
    });
    assert_eq!(run(&options, &mut world, false), Ending::Stopped);
    assert_eq!(
        world.transcript,
        [
            "/sbin/ip -o address show dev lo",
            "check",
            "> neighbor * announce route 198.51.100.7/32 next-hop self med 100",
        ]
    );
}
