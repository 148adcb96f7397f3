//! The `ferrobgp check` command as a user runs it: exit codes, where output goes, no colours
//! when stderr is not a terminal.

use std::process::Command;

fn ferrobgp(arguments: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_ferrobgp"))
        .args(arguments)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_valid_file_exits_zero() {
    let file = "tests/config/valid/full.kdl";
    let (code, stdout, stderr) = ferrobgp(&["check", file]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(stdout, format!("{file}: ok (2 neighbors, 2 helpers)\n"));
}

#[test]
fn print_shows_the_effective_configuration_without_secrets() {
    let (code, stdout, _) = ferrobgp(&["check", "--print", "tests/config/valid/full.kdl"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("md5-password (redacted)\"\""), "{stdout}");
    assert!(!stdout.contains("hunter2"), "{stdout}");
    assert!(stdout.contains("    hold-time 180\n"), "{stdout}");
}

#[test]
fn an_invalid_file_exits_one_with_every_error_on_stderr_in_plain_text() {
    let file = "tests/config/invalid/many-errors-at-once.kdl";
    let (code, stdout, stderr) = ferrobgp(&["check", file]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(stderr.contains(&format!("[{file}:11:15]")), "{stderr}");
    assert!(stderr.ends_with(&format!("{file}: 6 errors\n")), "{stderr}");
    assert!(
        !stderr.contains('\u{1b}'),
        "no colours into a pipe: {stderr}"
    );
}

#[test]
fn usage_mistakes() {
    let (code, _, stderr) = ferrobgp(&["check"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("exactly one configuration file"),
        "{stderr}"
    );
    let (code, _, stderr) = ferrobgp(&["check", "--colour", "x.kdl"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown check option '--colour'"),
        "{stderr}"
    );
    let (code, _, stderr) = ferrobgp(&["check", "/nonexistent/ferrobgp.kdl"]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("ferrobgp check: cannot read /nonexistent/ferrobgp.kdl"),
        "{stderr}"
    );
}
