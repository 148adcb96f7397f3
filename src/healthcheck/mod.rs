//! `ferrobgp healthcheck`: the anycast health-check helper, option-compatible with ExaBGP 5.0's
//! `exabgp healthcheck`. It runs a check command every interval, moves through ExaBGP's states
//! (INIT, DISABLED, RISING, FALLING, UP, DOWN, EXIT, END) and prints `announce route` /
//! `withdraw route` commands on stdout, for ferrobgp or ExaBGP to carry out.
//!
//! Pure parts: `address` (IP text), `arguments` (argparse-compatible command line), `options`
//! (values and defaults), `announcement` (the printed lines), `state` (the state machine),
//! `interface` (the `ip` commands, through an injected runner), `run` (the loop, through the
//! `World` trait). Process parts: `events` (signals, stdin), `process` (check, hooks, `ip`),
//! `log`, `world`. This module must not speak BGP or know the daemon: its only output is text.
//!
//! Same options, short forms, defaults, `--config` files, states, hooks and lines as ExaBGP
//! 5.0.15 (tests/healthcheck_differential.rs compares them). Deliberate differences:
//! - By default a state's lines are printed only when they differ from the last lines
//!   printed (ExaBGP #1241: ExaBGP re-prints them every interval unless `--debounce`).
//!   `--resend` (ferrobgp's own option) restores ExaBGP's re-sending; `--debounce` is
//!   ExaBGP's (print on a state change). EXIT is always printed.
//! - SIGINT is handled like SIGTERM; a signal during a check kills the check's process group;
//!   EXIT waits at most 2 s per acknowledgement and a second signal does not cut it short.
//! - An error after the start (an `ip address add` failing with `--dynamic-ip-setup`)
//!   withdraws everything before exiting 1, where ExaBGP stops with a traceback.
//! - stdin is always drained, also with `--no-ack`, so a daemon that acknowledges anyway
//!   cannot block on a full pipe (ExaBGP #539); checks and hooks get /dev/null as stdin
//!   (ExaBGP's inherit the acknowledgement pipe).
//! - Refused at start, where ExaBGP fails later or never stops: negative, NaN or infinite
//!   intervals, a negative timeout, an unknown syslog facility, deaggregating or setting up a
//!   network of more than 65536 addresses. A missing /dev/log only loses the syslog copy.
//! - `--ip-ifname NET%IF` puts every host of a wider NET on IF (ExaBGP only a /32 or /128);
//!   addresses are added in `--ip` order (ExaBGP: set order); as root the privilege drop
//!   also resets the supplementary groups. Linux only (`ip`, no `ifconfig`).

pub mod address;
pub mod announcement;
pub mod arguments;
pub mod events;
pub mod interface;
pub mod log;
pub mod options;
pub mod process;
pub mod run;
pub mod state;
pub mod world;
