//! Shared by tests/systemd_unit.rs and tests/nix_module.rs: run `systemd-analyze verify` and
//! `systemd-analyze security --offline=true` on a unit file, the way CI gates on them.
//!
//! Both fail loudly when systemd-analyze is missing (scripts/install-test-tools installs
//! Debian's `systemd` package, which ships it). The only tolerated `verify` message is the one
//! systemd 252 prints for `Type=notify-reload` (new in systemd 253): it falls back to
//! Type=simple there, while every real target of this unit (NixOS, current distributions) has
//! systemd >= 253. On systemd >= 253 nothing at all is tolerated.
//!
//! [`daemon`]: `ferrobgp run` as systemd runs it (the notify and journal sockets' listeners,
//! a pair of peering speakers), for tests/systemd_notify.rs, tests/journald_fields.rs and
//! tests/control_log_level.rs.

#![allow(dead_code)]

pub mod daemon;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The exposure `systemd-analyze security` may give the unit at most.
pub const MAXIMUM_EXPOSURE: f64 = 1.5;

pub fn systemd_analyze(arguments: &[&str]) -> Output {
    Command::new("systemd-analyze")
        .args(arguments)
        .output()
        .unwrap_or_else(|error| {
            panic!(
                "cannot run systemd-analyze ({error}): it is in Debian's `systemd` package; \
                 run scripts/install-test-tools"
            )
        })
}

/// The systemd version, from `systemd-analyze --version` ("systemd 252 (252.38-1~deb12u1)").
pub fn systemd_version() -> u32 {
    let output = systemd_analyze(&["--version"]);
    let text = String::from_utf8_lossy(&output.stdout);
    text.split_whitespace()
        .nth(1)
        .and_then(|word| word.parse().ok())
        .unwrap_or_else(|| panic!("cannot read the systemd version from {text:?}"))
}

/// A fresh directory for one test, under the system's temporary directory.
pub fn scratch_directory(name: &str) -> PathBuf {
    let directory =
        std::env::temp_dir().join(format!("ferrobgp-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).expect("create a scratch directory");
    directory
}

/// Writes `text` as `DIRECTORY/ferrobgp.service` (the name matters: it appears in the
/// credentials path and in systemd-analyze's messages).
pub fn write_unit(directory: &Path, text: &str) -> PathBuf {
    let path = directory.join("ferrobgp.service");
    std::fs::write(&path, text).expect("write the unit");
    path
}

/// Every message of `systemd-analyze verify --man=no UNIT`, without the tolerated
/// notify-reload one; panics unless it exits 0.
pub fn verify_messages(unit: &Path) -> Vec<String> {
    let unit_text = unit.to_str().expect("a UTF-8 path");
    let output = systemd_analyze(&["verify", "--man=no", unit_text]);
    let mut messages = Vec::new();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let tolerated = systemd_version() < 253;
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let notify_reload = line.starts_with(unit_text)
            && line.ends_with(": Failed to parse service type, ignoring: notify-reload");
        if !(tolerated && notify_reload) {
            messages.push(line.to_string());
        }
    }
    assert!(
        output.status.success(),
        "systemd-analyze verify {unit_text} failed ({}):\n{text}",
        output.status
    );
    messages
}

pub fn assert_verify_clean(unit: &Path) {
    let messages = verify_messages(unit);
    assert!(
        messages.is_empty(),
        "systemd-analyze verify {} is not clean:\n{}",
        unit.display(),
        messages.join("\n")
    );
}

/// The overall exposure from `systemd-analyze security --offline=true UNIT`, read from its
/// last line: "→ Overall exposure level for ferrobgp.service: 1.5 OK 🙂".
pub fn exposure(unit: &Path) -> f64 {
    let unit_text = unit.to_str().expect("a UTF-8 path");
    let output = systemd_analyze(&["security", "--offline=true", "--no-pager", unit_text]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "systemd-analyze security {unit_text} failed ({}):\n{text}{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let marker = "Overall exposure level for ferrobgp.service:";
    let line = text
        .lines()
        .find(|line| line.contains(marker))
        .unwrap_or_else(|| panic!("no `{marker}` line in:\n{text}"));
    let after = line.split(marker).nth(1).unwrap_or("");
    after
        .split_whitespace()
        .next()
        .and_then(|word| word.parse().ok())
        .unwrap_or_else(|| panic!("cannot read the exposure from {line:?}"))
}

/// Exposure at most 1.5, read from the output and also enforced by systemd-analyze's own
/// `--threshold` (on its 0-100 scale), which does not round.
pub fn assert_exposure_at_most_limit(unit: &Path) {
    let score = exposure(unit);
    assert!(
        score <= MAXIMUM_EXPOSURE,
        "{}: exposure {score} is above {MAXIMUM_EXPOSURE}",
        unit.display()
    );
    let threshold = format!("--threshold={}", (MAXIMUM_EXPOSURE * 10.0).round() as u32);
    let unit_text = unit.to_str().expect("a UTF-8 path");
    let output = systemd_analyze(&["security", "--offline=true", &threshold, unit_text]);
    assert!(
        output.status.success(),
        "systemd-analyze security {threshold} {unit_text} failed: {}",
        String::from_utf8_lossy(&output.stdout)
    );
}

/// The built binary, standing in for /usr/bin/ferrobgp or the Nix package's bin/ferrobgp
/// (verify refuses an ExecStart= program that does not exist).
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_ferrobgp")
}

/// The `Key=value` lines of a unit's `[Service]` section, without comments.
pub fn service_lines(unit_text: &str) -> Vec<(String, String)> {
    let mut in_service = false;
    let mut lines = Vec::new();
    for line in unit_text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_service = line == "[Service]";
        } else if in_service
            && !line.starts_with('#')
            && let Some((key, value)) = line.split_once('=')
        {
            lines.push((key.to_string(), value.to_string()));
        }
    }
    lines
}
