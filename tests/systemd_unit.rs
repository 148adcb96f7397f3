//! systemd/ferrobgp.service and systemd/ferrobgp-legacy.service: `systemd-analyze verify` is
//! clean, `systemd-analyze security --offline=true` gives an exposure of at most 1.5, the
//! legacy unit differs from the main one only where systemd 252 needs it, and the settings
//! issue 7 asks for are there.

mod systemd_support;

use systemd_support::{
    assert_exposure_at_most_limit, assert_verify_clean, binary, scratch_directory, service_lines,
    verify_messages, write_unit,
};

const UNIT: &str = include_str!("../systemd/ferrobgp.service");
const LEGACY_UNIT: &str = include_str!("../systemd/ferrobgp-legacy.service");

/// The unit with /usr/bin/ferrobgp replaced by the built binary, in a scratch directory.
fn installed(name: &str, text: &str) -> std::path::PathBuf {
    assert!(
        text.contains("/usr/bin/ferrobgp "),
        "the unit runs /usr/bin/ferrobgp"
    );
    let directory = scratch_directory(name);
    write_unit(&directory, &text.replace("/usr/bin/ferrobgp", binary()))
}

#[test]
fn unit_verifies_clean() {
    assert_verify_clean(&installed("unit-verify", UNIT));
}

#[test]
fn legacy_unit_verifies_clean() {
    assert_verify_clean(&installed("legacy-verify", LEGACY_UNIT));
}

#[test]
fn unit_exposure_is_at_most_1_5() {
    assert_exposure_at_most_limit(&installed("unit-security", UNIT));
}

#[test]
fn legacy_unit_exposure_is_at_most_1_5() {
    assert_exposure_at_most_limit(&installed("legacy-security", LEGACY_UNIT));
}

/// The verify filter lets only the notify-reload message through: a misspelt key, which
/// systemd-analyze reports but still exits 0 for, fails the check.
#[test]
fn verify_filter_still_catches_unknown_keys() {
    let broken = UNIT.replace("KillMode=mixed", "KilMode=mixed");
    let messages = verify_messages(&installed("unit-typo", &broken));
    assert!(
        messages
            .iter()
            .any(|message| message.contains("Unknown key") && message.contains("KilMode")),
        "expected an `Unknown key` message, got {messages:?}"
    );
}

/// A missing program is an error of verify itself (non-zero exit), which the tests treat as a
/// failure: the unit's ExecStart= must point at a real binary.
#[test]
#[should_panic(expected = "systemd-analyze verify")]
fn verify_fails_for_a_missing_program() {
    let directory = scratch_directory("unit-missing-binary");
    let unit = write_unit(
        &directory,
        &UNIT.replace("/usr/bin/ferrobgp", "/nonexistent/ferrobgp"),
    );
    verify_messages(&unit);
}

/// ferrobgp-legacy.service is ferrobgp.service with Type=notify and ExecReload= instead of
/// Type=notify-reload, between `# legacy:` markers; nothing else differs below the header.
#[test]
fn legacy_unit_differs_only_in_the_reload_mechanism() {
    let body = |text: &str| -> Vec<String> {
        let start = text.find("[Unit]").expect("a [Unit] section");
        let mut lines = Vec::new();
        let mut skipping = false;
        for line in text[start..].lines() {
            match line {
                "# legacy: begin" => skipping = true,
                "# legacy: end" => skipping = false,
                "Type=notify-reload" => {}
                _ if !skipping => lines.push(line.to_string()),
                _ => {}
            }
        }
        lines
    };
    assert_eq!(body(UNIT), body(LEGACY_UNIT));
    let legacy = service_lines(LEGACY_UNIT);
    assert!(legacy.contains(&("Type".into(), "notify".into())));
    assert!(legacy.contains(&("ExecReload".into(), "/bin/kill -HUP $MAINPID".into())));
    assert!(
        !service_lines(UNIT)
            .iter()
            .any(|(key, _)| key == "ExecReload")
    );
}

#[test]
fn unit_has_the_settings_issue_7_asks_for() {
    let lines = service_lines(UNIT);
    let value = |key: &str| -> Vec<&str> {
        lines
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    for (key, expected) in [
        ("Type", "notify-reload"),
        ("NotifyAccess", "main"),
        (
            "ExecStartPre",
            "/usr/bin/ferrobgp check /etc/ferrobgp/ferrobgp.kdl",
        ),
        (
            "ExecStart",
            "/usr/bin/ferrobgp run --config /etc/ferrobgp/ferrobgp.kdl",
        ),
        ("Restart", "on-failure"),
        ("KillMode", "mixed"),
        ("WatchdogSec", "30s"),
        ("RuntimeDirectory", "ferrobgp"),
        ("StateDirectory", "ferrobgp"),
        ("ConfigurationDirectory", "ferrobgp"),
        ("DynamicUser", "yes"),
        ("AmbientCapabilities", "CAP_NET_BIND_SERVICE"),
        ("CapabilityBoundingSet", "CAP_NET_BIND_SERVICE"),
        ("NoNewPrivileges", "yes"),
        ("ProtectSystem", "strict"),
        ("PrivateTmp", "yes"),
        ("PrivateDevices", "yes"),
        ("ProtectKernelTunables", "yes"),
        ("ProtectKernelModules", "yes"),
        ("ProtectKernelLogs", "yes"),
        ("MemoryDenyWriteExecute", "yes"),
        ("LockPersonality", "yes"),
        ("SystemCallArchitectures", "native"),
        (
            "RestrictAddressFamilies",
            "AF_INET AF_INET6 AF_UNIX AF_NETLINK",
        ),
    ] {
        assert_eq!(value(key), vec![expected], "{key}");
    }
    assert_eq!(
        value("SystemCallFilter"),
        vec!["@system-service", "~@privileged @resources"]
    );
    // PrivateUsers would make CAP_NET_BIND_SERVICE useless in the host's network namespace.
    assert!(value("PrivateUsers").is_empty());
}
