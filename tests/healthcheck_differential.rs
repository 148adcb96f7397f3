//! Differential test: `ferrobgp healthcheck` against `exabgp healthcheck` 5.0.15 (from
//! scripts/install-test-tools) for a matrix of option sets and scripted check results.
//!
//! The check command is `sh DIR/check.sh`: each run of it takes the next word of DIR/results
//! (`ok`, `fail`, `disable` = healthy and create the disable file, `hang` = sleep past
//! `--timeout`) and, once the script is used up, sends SIGTERM to the healthcheck (its pid
//! comes from `--pid DIR/pid`), so every run has the same number of iterations whatever the
//! timing. The disable file is removed by a `--disabled-execute` hook. The harness answers
//! `done` to every line unless the option set has `--no-ack`; every run is bounded by a
//! timeout.
//!
//! Three runs per option set, compared:
//! 1. ExaBGP with the options;
//! 2. ferrobgp with the options plus `--resend` (ExaBGP's re-sending every interval): the
//!    printed lines must be identical;
//! 3. ferrobgp with the options alone (its default: nothing re-sent that did not change):
//!    the lines must equal ExaBGP's after normalisation — consecutive identical groups of
//!    lines (one group = one line per route) collapsed into one, the final EXIT group kept.
//!
//! With `--debounce` runs 2 and 3 are both plain ferrobgp `--debounce` and must equal ExaBGP
//! exactly. The states written by an `--execute 'echo $STATE >> DIR/states'` hook must agree
//! in all three runs.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest any single run may take.
const RUN_LIMIT: Duration = Duration::from_secs(40);

/// The check script, shared by both implementations.
const CHECK_SCRIPT: &str = r#"#!/bin/sh
dir="$(dirname "$0")"
count=$(cat "$dir/counter" 2>/dev/null || echo 0)
count=$((count + 1))
echo "$count" > "$dir/counter"
result=$(sed -n "${count}p" "$dir/results")
case "$result" in
  ok) exit 0 ;;
  fail) echo "failing on purpose"; exit 1 ;;
  disable) touch "$dir/disabled"; exit 0 ;;
  hang) sleep 30 & echo $! > "$dir/orphan"; sleep 30; exit 0 ;;
  *) kill -TERM "$(cat "$dir/pid")"; sleep 2; exit 0 ;;
esac
"#;

/// One option set with its scripted results.
struct Scenario {
    name: &'static str,
    /// Options besides the common ones (`--cmd`, `--pid`, intervals, `--no-ip-setup`,
    /// `--no-syslog`); `{dir}` stands for the run's directory.
    options: &'static [&'static str],
    /// The check results, one word per check.
    results: &'static [&'static str],
    /// Lines per emission (routes after deaggregation).
    routes: usize,
    /// Ends with END (`--interval 0`) rather than SIGTERM.
    ends: bool,
    /// The disable file exists before the start.
    starts_disabled: bool,
    /// A `--config` file's text (`{dir}` replaced), passed as `--config {dir}/config`.
    config: Option<&'static str>,
}

const fn scenario(
    name: &'static str,
    options: &'static [&'static str],
    results: &'static [&'static str],
    routes: usize,
) -> Scenario {
    Scenario {
        name,
        options,
        results,
        routes,
        ends: false,
        starts_disabled: false,
        config: None,
    }
}

const FLAP: &[&str] = &[
    "ok", "ok", "ok", "ok", "fail", "ok", "fail", "fail", "fail", "fail", "ok", "ok", "ok", "ok",
];
const QUICK_FLAP: &[&str] = &["ok", "ok", "fail", "fail", "ok", "fail", "ok", "ok", "ok"];
const WITH_DISABLE: &[&str] = &[
    "ok", "ok", "ok", "disable", "ok", "ok", "ok", "ok", "fail", "fail", "fail",
];
const STATES_HOOK: &str = "--execute=echo $STATE >> {dir}/states";
const REMOVE_DISABLE: &str = "--disabled-execute=rm -f {dir}/disabled";

#[rustfmt::skip]
fn scenarios() -> Vec<Scenario> {
    vec![
        scenario("defaults, one address", &["--ip", "192.0.2.1/32", STATES_HOOK], FLAP, 1),
        scenario(
            "the reference capture: two addresses, communities",
            &["--ip", "192.0.2.1/32", "--ip", "192.0.2.2/32", "--community", "65000:1", "--disabled-community", "65000:666", "--disable", "{dir}/disabled", REMOVE_DISABLE, STATES_HOOK],
            WITH_DISABLE,
            2,
        ),
        scenario(
            "withdraw on down, rise 2, fall 2",
            &["--ip", "192.0.2.1", "--withdraw-on-down", "--rise", "2", "--fall", "2", STATES_HOOK],
            QUICK_FLAP,
            1,
        ),
        scenario(
            "rise 1 fall 1 without acknowledgements",
            &["--ip", "192.0.2.1", "--rise", "1", "--fall", "1", "--no-ack"],
            QUICK_FLAP,
            1,
        ),
        scenario(
            "metrics, increase, start-ip, disable",
            &["--ip", "192.0.2.1", "--ip", "192.0.2.2", "--ip", "192.0.2.3", "--up-metric", "10", "--down-metric", "20000", "--disabled-metric", "0", "--increase", "10", "--start-ip", "1", "--disable", "{dir}/disabled", REMOVE_DISABLE, STATES_HOOK],
            WITH_DISABLE,
            3,
        ),
        scenario(
            "deaggregate, negative start-ip",
            &["--ip", "192.0.2.0/30", "--ip", "198.51.100.7", "--deaggregate-networks", "--start-ip", "-1", "--rise", "2"],
            QUICK_FLAP,
            5,
        ),
        scenario(
            "next-hop, local-preference, path-id, neighbors",
            &["--ip", "192.0.2.1", "--next-hop", "198.51.100.1", "--local-preference", "250", "--path-id", "42", "--neighbor", "10.0.0.1", "--neighbor", "2001:DB8::99", "--rise", "1"],
            QUICK_FLAP,
            1,
        ),
        scenario(
            "IPv6 with every community kind",
            &["--ip", "2001:db8::1", "--ip", "2001:DB8:0:0:1::/80", "--next-hop", "2001:db8::fe", "--large-community", "65000:1:2 65000:3:4", "--extended-community", "target:65000:1", "--community", "65000:1 65000:2", "--fall", "1"],
            FLAP,
            2,
        ),
        scenario(
            "AS paths per state with the disable file",
            &["--ip", "192.0.2.1", "--as-path", "65000", "--up-as-path", "65000 65001", "--down-as-path", "65000 65000 65000", "--disabled-as-path", "65000 65000", "--disable", "{dir}/disabled", REMOVE_DISABLE, "--rise", "2", "--fall", "2"],
            WITH_DISABLE,
            1,
        ),
        scenario(
            "debounce",
            &["--ip", "192.0.2.1", "--ip", "192.0.2.2", "--debounce", "--rise", "1", "--fall", "1", STATES_HOOK],
            FLAP,
            2,
        ),
        Scenario {
            config: Some("# healthcheck configuration\nname = web\nip = 192.0.2.10\nip=192.0.2.11\nrise = 2\n  fall = 1\nlocal-preference = 90\ncommunity = 65000:10\nwithdraw-on-down\n"),
            ..scenario("configuration file and command line", &["--ip", "192.0.2.12", "--increase", "5"], QUICK_FLAP, 3)
        },
        Scenario {
            ends: true,
            ..scenario("interval 0 ends after the first announcement", &["--ip", "192.0.2.1", "--interval", "0", "--rise", "2"], &["fail", "ok", "ok", "ok"], 1)
        },
        scenario(
            "a hanging check is killed after the timeout",
            &["--ip", "192.0.2.1", "--timeout", "1", "--rise", "1", "--fall", "1", STATES_HOOK],
            &["ok", "hang", "ok", "ok"],
            1,
        ),
        scenario(
            "per-state hooks",
            &["--ip", "192.0.2.1", "--up-execute", "echo up >> {dir}/states", "--down-execute=echo down >> {dir}/states", "--disabled-execute", "echo disabled $STATE >> {dir}/states", REMOVE_DISABLE, STATES_HOOK, "--disable", "{dir}/disabled", "--rise", "2", "--fall", "2"],
            WITH_DISABLE,
            1,
        ),
        scenario(
            "path-id 0, local-preference 0, neighbor *",
            &["--ip", "192.0.2.1", "--path-id", "0", "--local-preference", "0", "--neighbor", "10.0.0.1", "--neighbor", "*", "--rise", "1", "--fall", "1"],
            QUICK_FLAP,
            1,
        ),
        scenario(
            "empty attributes are omitted",
            &["--ip", "192.0.2.1", "--community", "", "--disabled-community", "65000:666", "--as-path", "65000", "--up-as-path", "", "--rise", "1", "--fall", "1"],
            QUICK_FLAP,
            1,
        ),
        scenario(
            "short options",
            &["--ip", "192.0.2.1", "-N", "198.51.100.2", "-a", "-n", "short", "-t", "3", "--rise", "1", "--fall", "1"],
            QUICK_FLAP,
            1,
        ),
        scenario(
            "abbreviated long options",
            &["--ip", "192.0.2.1", "--loc", "7", "--ri", "2", "--fal", "2", "--withdraw", "--up-m", "1"],
            FLAP,
            1,
        ),
        Scenario {
            starts_disabled: true,
            ..scenario("disabled from the start", &["--ip", "192.0.2.1", "--disable", "{dir}/disabled", REMOVE_DISABLE, STATES_HOOK, "--withdraw-on-down"], &["ok", "ok", "ok", "fail", "ok"], 1)
        },
    ]
}

/// Which program runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Implementation {
    Exabgp,
    Ferrobgp,
}

/// What one run printed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Transcript {
    lines: Vec<String>,
    states: String,
    directory: PathBuf,
}

fn run_directory(scenario: usize, label: &str) -> PathBuf {
    let directory = std::env::temp_dir().join(format!(
        "ferrobgp-healthcheck-differential-{}-{scenario}-{label}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).expect("temporary directory is writable");
    directory
}

/// Runs one implementation on one scenario and returns what it printed.
fn run(
    index: usize,
    scenario: &Scenario,
    implementation: Implementation,
    extra: &[&str],
) -> Transcript {
    let label = format!("{implementation:?}{}", extra.join(""));
    let directory = run_directory(index, &label);
    let dir = directory.display().to_string();
    let write = |name: &str, text: &str| {
        std::fs::write(directory.join(name), text).expect("temporary directory is writable")
    };
    write("check.sh", CHECK_SCRIPT);
    write("results", &(scenario.results.join("\n") + "\n"));
    if scenario.starts_disabled {
        write("disabled", "");
    }
    let mut arguments: Vec<String> = Vec::new();
    if let Some(config) = scenario.config {
        write("config", &config.replace("{dir}", &dir));
        arguments.extend(["--config".to_string(), format!("{dir}/config")]);
    }
    arguments.extend(
        [
            "--cmd",
            &format!("sh {dir}/check.sh"),
            "--pid",
            &format!("{dir}/pid"),
            "--interval",
            "0.05",
            "--fast-interval",
            "0.05",
            "--no-ip-setup",
            "--no-syslog",
        ]
        .iter()
        .map(|word| word.to_string()),
    );
    arguments.extend(
        scenario
            .options
            .iter()
            .map(|word| word.replace("{dir}", &dir)),
    );
    arguments.extend(extra.iter().map(|word| word.to_string()));
    let mut command = match implementation {
        Implementation::Exabgp => {
            let mut command = Command::new(support::exabgp::program());
            command.arg("healthcheck");
            command
        }
        Implementation::Ferrobgp => {
            let mut command = Command::new(env!("CARGO_BIN_EXE_ferrobgp"));
            command.arg("healthcheck");
            command
        }
    };
    let stderr = std::fs::File::create(directory.join("stderr")).expect("stderr file");
    let mut child = command
        .args(&arguments)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {implementation:?}: {error}"));
    let acknowledge = !arguments
        .iter()
        .any(|word| word == "--no-ack" || word == "-a");
    let mut stdin = child.stdin.take();
    let stdout = child.stdout.take().expect("stdout is piped");
    let lines = Arc::new(Mutex::new(Vec::new()));
    let collected = Arc::clone(&lines);
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            collected.lock().expect("lines lock").push(line);
            if acknowledge && let Some(input) = stdin.as_mut() {
                let _ = input.write_all(b"done\n").and_then(|()| input.flush());
            }
        }
        drop(stdin);
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the healthcheck") {
            break status;
        }
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{implementation:?} on '{}' did not finish within {RUN_LIMIT:?}; stderr in {dir}/stderr",
                scenario.name
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    reader.join().expect("reader thread");
    assert!(
        status.success(),
        "{implementation:?} on '{}' exited with {status}; stderr in {dir}/stderr",
        scenario.name
    );
    let states = std::fs::read_to_string(directory.join("states")).unwrap_or_default();
    let lines = lines.lock().expect("lines lock").clone();
    // Kept for reading when a comparison fails.
    write("stdout", &lines.join("\n"));
    Transcript {
        lines,
        states,
        directory,
    }
}

/// ExaBGP's lines with consecutive identical groups collapsed, the final EXIT group kept.
fn normalise(lines: &[String], routes: usize, ends_with_exit: bool) -> Vec<String> {
    let groups: Vec<&[String]> = lines.chunks(routes.max(1)).collect();
    let (body, exit) = match groups.split_last() {
        Some((last, body)) if ends_with_exit => (body.to_vec(), Some(*last)),
        _ => (groups.clone(), None),
    };
    let mut kept: Vec<&[String]> = Vec::new();
    for group in body {
        if kept.last() != Some(&group) {
            kept.push(group);
        }
    }
    kept.extend(exit);
    kept.concat()
}

/// Runs the three runs of one scenario and compares them; returns the failures.
fn compare(index: usize, scenario: &Scenario) -> Vec<String> {
    let mut failures = Vec::new();
    let debounce = scenario.options.contains(&"--debounce");
    let exabgp = run(index, scenario, Implementation::Exabgp, &[]);
    let compatible_flags: &[&str] = if debounce { &[] } else { &["--resend"] };
    let compatible = run(index, scenario, Implementation::Ferrobgp, compatible_flags);
    let default = run(index, scenario, Implementation::Ferrobgp, &[]);
    if exabgp.lines.is_empty() {
        failures.push(format!("'{}': ExaBGP printed nothing", scenario.name));
    }
    if !exabgp.lines.len().is_multiple_of(scenario.routes.max(1)) {
        failures.push(format!(
            "'{}': ExaBGP printed {} lines, not groups of {}",
            scenario.name,
            exabgp.lines.len(),
            scenario.routes
        ));
    }
    if compatible.lines != exabgp.lines {
        failures.push(format!(
            "'{}' with {compatible_flags:?}:\n  exabgp:   {:#?}\n  ferrobgp: {:#?}",
            scenario.name, exabgp.lines, compatible.lines
        ));
    }
    let expected = if debounce {
        exabgp.lines.clone()
    } else {
        normalise(&exabgp.lines, scenario.routes, !scenario.ends)
    };
    if default.lines != expected {
        failures.push(format!(
            "'{}' by default:\n  exabgp normalised: {expected:#?}\n  ferrobgp:          {:#?}",
            scenario.name, default.lines
        ));
    }
    for (label, transcript) in [("--resend", &compatible), ("default", &default)] {
        if transcript.states != exabgp.states {
            failures.push(format!(
                "'{}' {label}: hook states differ:\n  exabgp:   {:?}\n  ferrobgp: {:?}",
                scenario.name, exabgp.states, transcript.states
            ));
        }
    }
    if failures.is_empty() {
        for transcript in [exabgp, compatible, default] {
            let _ = std::fs::remove_dir_all(transcript.directory);
        }
    }
    failures
}

#[test]
fn ferrobgp_prints_what_exabgp_prints() {
    let program = support::exabgp::program();
    assert!(
        Path::new(&program).exists(),
        "ExaBGP is not installed: run scripts/install-test-tools"
    );
    let scenarios = Arc::new(scenarios());
    assert!(
        scenarios.len() >= 15,
        "the matrix needs at least 15 option sets"
    );
    let started = Instant::now();
    let next = Arc::new(Mutex::new(0usize));
    let failures = Arc::new(Mutex::new(Vec::new()));
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let scenarios = Arc::clone(&scenarios);
            let next = Arc::clone(&next);
            let failures = Arc::clone(&failures);
            std::thread::spawn(move || {
                loop {
                    let index = {
                        let mut next = next.lock().expect("index lock");
                        let index = *next;
                        *next += 1;
                        index
                    };
                    let Some(scenario) = scenarios.get(index) else {
                        break;
                    };
                    let found = compare(index, scenario);
                    failures.lock().expect("failures lock").extend(found);
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("worker thread");
    }
    let failures = failures.lock().expect("failures lock");
    eprintln!(
        "{} option sets compared in {:.1}s",
        scenarios.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn normalisation_collapses_repeats_and_keeps_exit() {
    let lines: Vec<String> = ["a1", "a2", "a1", "a2", "b1", "b2", "b1", "b2", "w1", "w2"]
        .iter()
        .map(|line| line.to_string())
        .collect();
    assert_eq!(
        normalise(&lines, 2, true),
        ["a1", "a2", "b1", "b2", "w1", "w2"]
    );
    let repeated: Vec<String> = ["w", "w", "w"]
        .iter()
        .map(|line| line.to_string())
        .collect();
    assert_eq!(normalise(&repeated, 1, true), ["w", "w"]);
    assert_eq!(normalise(&repeated, 1, false), ["w"]);
}

/// The option names in a `--help` text's option list.
fn option_names(help: &str) -> Vec<String> {
    let start = help.find("options:").unwrap_or(0);
    let mut names: Vec<String> = help[start..]
        .split(|character: char| character.is_whitespace() || character == ',')
        .filter(|word| {
            word.starts_with('-')
                && word.len() > 1
                && word
                    .chars()
                    .nth(1)
                    .is_some_and(|next| next == '-' || next.is_ascii_alphabetic())
                && word
                    .chars()
                    .all(|character| character == '-' || character.is_ascii_alphanumeric())
        })
        .map(str::to_string)
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn every_exabgp_option_and_short_form_is_accepted() {
    let help = |program: &Path| {
        let output = Command::new(program)
            .args(["healthcheck", "--help"])
            .output()
            .expect("--help runs");
        assert!(
            output.status.success(),
            "{} healthcheck --help failed",
            program.display()
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let exabgp = option_names(&help(&support::exabgp::program()));
    let ours = option_names(&help(Path::new(env!("CARGO_BIN_EXE_ferrobgp"))));
    assert!(
        exabgp.len() > 55,
        "ExaBGP's option list was not found: {exabgp:?}"
    );
    let missing: Vec<&String> = exabgp.iter().filter(|name| !ours.contains(name)).collect();
    assert!(
        missing.is_empty(),
        "options ExaBGP has and ferrobgp lacks: {missing:?}"
    );
    let extra: Vec<&String> = ours.iter().filter(|name| !exabgp.contains(name)).collect();
    assert_eq!(extra, ["--resend"], "ferrobgp's own options");
}
