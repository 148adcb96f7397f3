//! nix/module.nix evaluated with `lib.evalModules` (nix/tests/eval.nix), offline, with
//! Debian's nix-instantiate:
//!
//! - always with nix/tests/lib-stub.nix, our small stand-in for nixpkgs' lib (the repository
//!   carries no copy of nixpkgs and no registry ships it);
//! - also with the real nixpkgs lib when FERROBGP_NIXPKGS_LIB names its `lib/` directory
//!   (docs/nix.md records such a run: the same output as the stub's).
//!
//! The outputs are compared with nix/tests/expected/, the generated KDL goes through
//! `ferrobgp check` (and through the module's own build-time check script), and the generated
//! unit through `systemd-analyze verify` and `security`.

mod systemd_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use systemd_support::{
    assert_exposure_at_most_limit, assert_verify_clean, binary, scratch_directory, service_lines,
    write_unit,
};

const PLACEHOLDER_PACKAGE: &str = "/nix/store/00000000000000000000000000000000-ferrobgp-0.1.0";

fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The libs to evaluate with: the stub, and the real lib if FERROBGP_NIXPKGS_LIB is set.
fn libraries() -> Vec<(String, PathBuf)> {
    let mut libraries = vec![(
        "lib-stub".to_string(),
        repository().join("nix/tests/lib-stub.nix"),
    )];
    match std::env::var("FERROBGP_NIXPKGS_LIB") {
        Ok(path) if !path.is_empty() => {
            libraries.push((format!("nixpkgs lib at {path}"), PathBuf::from(path)))
        }
        _ => eprintln!(
            "note: FERROBGP_NIXPKGS_LIB is not set: evaluating with nix/tests/lib-stub.nix only"
        ),
    }
    libraries
}

/// `nix-instantiate --eval --strict --json nix/tests/eval.nix --argstr example EXAMPLE`:
/// the JSON result, or the error text.
fn evaluate_with(lib: &Path, example: &str, extra: &[(&str, &str)]) -> Result<Value, String> {
    let mut command = Command::new("nix-instantiate");
    command
        .args(["--eval", "--strict", "--json"])
        .arg(repository().join("nix/tests/eval.nix"))
        .args(["--argstr", "example", example])
        // No store is needed to evaluate: nothing is written under /nix.
        .env("NIX_REMOTE", "dummy://")
        .env("FERROBGP_NIXPKGS_LIB", lib);
    for (name, value) in extra {
        command.args(["--argstr", name, value]);
    }
    let output = command.output().unwrap_or_else(|error| {
        panic!("cannot run nix-instantiate ({error}): run scripts/install-test-tools (nix-bin)")
    });
    if output.status.success() {
        Ok(serde_json::from_slice(&output.stdout).expect("nix-instantiate prints JSON"))
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

fn evaluate_all(example: &str, extra: &[(&str, &str)]) -> Vec<(String, Value)> {
    libraries()
        .into_iter()
        .map(|(label, lib)| {
            let value = evaluate_with(&lib, example, extra)
                .unwrap_or_else(|error| panic!("{label}: `{example}` does not evaluate:\n{error}"));
            (label, value)
        })
        .collect()
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("no string `{key}` in {value}"))
}

/// Runs the module's build-time script (the runCommand that produces the store file) the way
/// Nix would: in an empty directory, with $textPath or $source, $out, and the package's bin/ on
/// PATH.
fn run_build_script(name: &str, evaluated: &Value) -> (bool, String, PathBuf) {
    let directory = scratch_directory(name);
    let bin = directory.join("bin");
    std::fs::create_dir_all(&bin).expect("create bin/");
    std::os::unix::fs::symlink(binary(), bin.join("ferrobgp")).expect("link the binary");
    let work = directory.join("build");
    std::fs::create_dir_all(&work).expect("create the build directory");
    let out = directory.join("out");
    let mut command = Command::new("bash");
    command
        .args(["-euo", "pipefail", "-c", text(evaluated, "buildCommand")])
        .current_dir(&work)
        .env("out", &out)
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        );
    if let Some(kdl) = evaluated["kdl"].as_str() {
        let text_path = directory.join("text");
        std::fs::write(&text_path, kdl).expect("write $textPath");
        command.env("textPath", &text_path);
    }
    if let Some(source) = evaluated["configSource"].as_str() {
        command.env("source", source);
    }
    let output = command.output().expect("bash runs");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), log, out)
}

/// The generated unit with the placeholder package replaced by a directory whose
/// bin/ferrobgp is the built binary, written as ferrobgp.service.
fn installed_unit(name: &str, evaluated: &Value) -> PathBuf {
    let directory = scratch_directory(name);
    let package = directory.join("package");
    std::fs::create_dir_all(package.join("bin")).expect("create package/bin");
    std::os::unix::fs::symlink(binary(), package.join("bin/ferrobgp")).expect("link the binary");
    let unit = text(evaluated, "unit")
        .replace(PLACEHOLDER_PACKAGE, package.to_str().expect("a UTF-8 path"));
    write_unit(&directory, &unit)
}

#[test]
fn evaluation_matches_the_recorded_real_lib_output() {
    let expected_kdl = include_str!("../nix/tests/expected/example.kdl");
    let expected_unit = include_str!("../nix/tests/expected/example.service");
    for (label, evaluated) in evaluate_all("example", &[]) {
        assert_eq!(text(&evaluated, "kdl"), expected_kdl, "{label}: KDL");
        assert_eq!(text(&evaluated, "unit"), expected_unit, "{label}: unit");
        assert_eq!(
            evaluated["firewall"],
            serde_json::json!([179, 1179]),
            "{label}"
        );
        assert_eq!(
            evaluated["systemPackages"],
            serde_json::json!([PLACEHOLDER_PACKAGE]),
            "{label}"
        );
    }
}

#[test]
fn generated_configuration_passes_ferrobgp_check() {
    for example in ["example", "reloaded", "newPackage", "minimal"] {
        for (label, evaluated) in evaluate_all(example, &[]) {
            let kdl = text(&evaluated, "kdl");
            let directory = scratch_directory(&format!("check-{example}"));
            let file = directory.join("ferrobgp.kdl");
            std::fs::write(&file, kdl).expect("write the KDL");
            let output = Command::new(binary())
                .arg("check")
                .arg(&file)
                .output()
                .expect("ferrobgp runs");
            assert!(
                output.status.success(),
                "{label}: `{example}` generates a configuration that ferrobgp check refuses:\n{}\n{kdl}",
                String::from_utf8_lossy(&output.stderr)
            );

            let (success, log, out) = run_build_script(&format!("build-{example}"), &evaluated);
            assert!(
                success,
                "{label}: the build-time check of `{example}` failed:\n{log}"
            );
            assert!(log.contains("ferrobgp.kdl: ok"), "{log}");
            assert_eq!(std::fs::read_to_string(out).expect("$out"), kdl);
        }
    }
}

#[test]
fn build_time_check_refuses_an_invalid_configuration() {
    for (label, evaluated) in evaluate_all("badHoldTime", &[]) {
        let (success, log, _) = run_build_script("build-bad-hold-time", &evaluated);
        assert!(!success, "{label}: hold-time 1 was accepted");
        assert!(log.contains("config::out-of-range"), "{label}: {log}");
    }
}

#[test]
fn a_config_file_is_checked_and_installed_as_it_is() {
    let example = repository().join("config-examples/quickstart.kdl");
    let example = example.to_str().expect("a UTF-8 path");
    for (label, evaluated) in evaluate_all("configFile", &[("configFile", example)]) {
        assert_eq!(evaluated["kdl"], Value::Null, "{label}");
        assert_eq!(text(&evaluated, "configSource"), example, "{label}");
        let (success, log, out) = run_build_script("build-config-file", &evaluated);
        assert!(success, "{label}: {log}");
        assert_eq!(
            std::fs::read_to_string(out).expect("$out"),
            std::fs::read_to_string(example).expect("the example")
        );
    }

    let directory = scratch_directory("broken-config-file");
    let broken = directory.join("broken.kdl");
    std::fs::write(
        &broken,
        "router-id \"192.0.2.1\"\nlocal-as 65000\nneighbor \"192.0.2.2\" {\n    remote-as 65001\n}\n",
    )
    .expect("write");
    let broken = broken.to_str().expect("a UTF-8 path");
    for (label, evaluated) in evaluate_all("configFile", &[("configFile", broken)]) {
        let (success, log, _) = run_build_script("build-broken-config-file", &evaluated);
        assert!(!success, "{label}: a broken configFile was accepted");
        assert!(log.contains("config::unknown-node"), "{label}: {log}");
    }
}

/// What `nixos-rebuild switch` does (rust-and-nix §6.4): a unit whose only difference is
/// `[Unit] X-Reload-Triggers` is reloaded; any other difference restarts it.
#[test]
fn a_configuration_change_alone_reloads_instead_of_restarting() {
    let differing = |a: &str, b: &str| -> Vec<(String, String)> {
        let a: Vec<&str> = a.lines().collect();
        let b: Vec<&str> = b.lines().collect();
        assert_eq!(
            a.len(),
            b.len(),
            "same number of lines:\n{}\n---\n{}",
            a.join("\n"),
            b.join("\n")
        );
        a.iter()
            .zip(&b)
            .filter(|(x, y)| x != y)
            .map(|(x, y)| (x.to_string(), y.to_string()))
            .collect()
    };
    let key = |line: &str| line.split('=').next().unwrap_or("").to_string();
    for (label, example) in evaluate_all("example", &[]) {
        let lib = libraries()
            .into_iter()
            .find(|(l, _)| *l == label)
            .map(|(_, path)| path)
            .expect("the same lib");
        let reloaded = evaluate_with(&lib, "reloaded", &[]).expect("reloaded evaluates");
        assert_ne!(text(&example, "kdl"), text(&reloaded, "kdl"));
        let changes = differing(text(&example, "unit"), text(&reloaded, "unit"));
        assert_eq!(changes.len(), 1, "{label}: {changes:?}");
        assert_eq!(key(&changes[0].0), "X-Reload-Triggers", "{label}");
        assert!(changes[0].1.ends_with(text(&reloaded, "configPath")));

        let restarted = evaluate_with(&lib, "restarted", &[]).expect("restarted evaluates");
        let unit = text(&restarted, "unit");
        assert!(!unit.contains("X-Reload-Triggers"), "{label}: {unit}");
        assert!(unit.contains(&format!(
            "X-Restart-Triggers={}",
            text(&restarted, "configPath")
        )));

        let upgraded = evaluate_with(&lib, "newPackage", &[]).expect("newPackage evaluates");
        let changed: Vec<String> = differing(text(&example, "unit"), text(&upgraded, "unit"))
            .iter()
            .map(|(line, _)| key(line))
            .collect();
        assert!(
            changed.contains(&"ExecStart".to_string()),
            "{label}: {changed:?}"
        );
    }
}

#[test]
fn generated_unit_passes_systemd_analyze() {
    for (label, evaluated) in evaluate_all("example", &[]) {
        let unit = installed_unit("module-unit", &evaluated);
        assert_verify_clean(&unit);
        assert_exposure_at_most_limit(&unit);
        eprintln!("{label}: generated unit verified");
    }
}

/// The module's serviceConfig is the standalone unit's [Service] section, setting for setting
/// (apart from the program's path, credentials and NixOS's own X- keys).
#[test]
fn generated_unit_matches_the_standalone_unit() {
    let normalise = |lines: Vec<(String, String)>| -> Vec<(String, String)> {
        let mut normalised: Vec<(String, String)> = lines
            .into_iter()
            .filter(|(key, _)| {
                !key.starts_with("X-") && !key.starts_with("Exec") && key != "LoadCredential"
            })
            .flat_map(|(key, value)| {
                let value = match value.as_str() {
                    "yes" => "true".to_string(),
                    "no" => "false".to_string(),
                    _ => value,
                };
                if key == "RestrictAddressFamilies" {
                    value
                        .split_whitespace()
                        .map(|family| (key.clone(), family.to_string()))
                        .collect()
                } else {
                    vec![(key, value)]
                }
            })
            .collect();
        normalised.sort();
        normalised
    };
    let standalone = normalise(service_lines(include_str!("../systemd/ferrobgp.service")));
    for (label, evaluated) in evaluate_all("example", &[]) {
        let generated = normalise(service_lines(text(&evaluated, "unit")));
        assert_eq!(generated, standalone, "{label}");
    }
}

#[test]
fn module_refuses_mistakes() {
    let configuration_file = repository().join("config-examples/quickstart.kdl");
    let configuration_file = configuration_file.to_str().expect("a UTF-8 path");
    for (label, lib) in libraries() {
        for (example, expected) in [
            (
                "typo",
                "The option `services.ferrobgp.enabel' does not exist",
            ),
            (
                "wrongType",
                "A definition for option `services.ferrobgp.settings.local-as' is not of type `null or integer between 1 and 4294967295",
            ),
            (
                "unknownNeighbor",
                "`stray` is bound to a neighbor that settings.neighbor does not define (192.0.2.99)",
            ),
            (
                "helpersWithConfigFile",
                "helpers and healthChecks cannot be combined with configFile",
            ),
        ] {
            let error = evaluate_with(&lib, example, &[("configFile", configuration_file)])
                .expect_err(example);
            assert!(
                error.contains(expected),
                "{label}: `{example}` should fail with {expected:?}, got:\n{error}"
            );
        }
    }
}

#[test]
fn firewall_and_disabled_service() {
    for (label, lib) in libraries() {
        let minimal = evaluate_with(&lib, "minimal", &[]).expect("minimal");
        assert_eq!(
            minimal["firewall"],
            serde_json::json!([]),
            "{label}: openFirewall is off"
        );
        let disabled = evaluate_with(&lib, "disabled", &[]).expect("disabled");
        assert_eq!(
            disabled,
            serde_json::json!({ "enabled": false, "etc": [] }),
            "{label}"
        );
    }
}
