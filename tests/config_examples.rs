//! Every example configuration in config-examples/ is valid: `ferrobgp check FILE` (the real
//! binary, as an operator runs it) exits 0, and the effective configuration that
//! `ferrobgp check --print FILE` shows is itself a valid file that prints the same way again.
//! Examples with an inline TCP-MD5 key are exempt from the second check: `--print` redacts the
//! key, and the decoder refuses a redacted key on purpose.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What `--print` writes in place of an inline key (see `config::print`).
const REDACTED_KEY: &str = "md5-password (redacted)\"\"";

fn examples_directory() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("config-examples")
}

/// Every `*.kdl` file of config-examples/, sorted; fails if there is none.
fn examples() -> Vec<PathBuf> {
    let directory = examples_directory();
    let entries = std::fs::read_dir(&directory)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", directory.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "kdl"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "{} holds no example configuration (*.kdl)",
        directory.display()
    );
    files
}

/// Runs `ferrobgp check [--print] FILE`: exit code, stdout, stderr.
fn check(file: &Path, print: bool) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ferrobgp"));
    command.arg("check");
    if print {
        command.arg("--print");
    }
    let output = command
        .arg(file)
        .env_remove("NO_COLOR")
        .output()
        .expect("the ferrobgp binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The printed configuration without its first line (a comment naming the file).
fn body(printed: &str) -> &str {
    printed.split_once('\n').map_or("", |(_, rest)| rest)
}

#[test]
fn every_example_passes_check() {
    let mut failures = Vec::new();
    for file in examples() {
        let (code, stdout, stderr) = check(&file, false);
        let expected_start = format!("{}: ok (", file.display());
        if code != 0 || !stderr.is_empty() || !stdout.starts_with(&expected_start) {
            failures.push(format!(
                "{}: exit {code}\nstdout: {stdout}\nstderr:\n{stderr}",
                file.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_printed_configuration_of_every_example_checks_again_and_is_stable() {
    let scratch =
        std::env::temp_dir().join(format!("ferrobgp-config-examples-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("a scratch directory");
    let mut failures = Vec::new();
    let mut rechecked = 0;
    for file in examples() {
        let (code, printed, stderr) = check(&file, true);
        if code != 0 || !stderr.is_empty() {
            failures.push(format!("{} --print: exit {code}\n{stderr}", file.display()));
            continue;
        }
        if printed.contains(REDACTED_KEY) {
            // An inline key: the printout cannot be checked again (by design).
            continue;
        }
        let name = file.file_name().expect("a file name");
        let copy = scratch.join(name);
        std::fs::write(&copy, &printed).expect("the scratch file is writable");
        let (code, reprinted, stderr) = check(&copy, true);
        if code != 0 || !stderr.is_empty() {
            failures.push(format!(
                "the --print output of {} does not check:\n{stderr}\n{printed}",
                file.display()
            ));
            continue;
        }
        if body(&reprinted) != body(&printed) {
            failures.push(format!(
                "the --print output of {} prints differently:\nfirst:\n{printed}\nsecond:\n{reprinted}",
                file.display()
            ));
            continue;
        }
        rechecked += 1;
    }
    let _ = std::fs::remove_dir_all(&scratch);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(rechecked > 0, "no example was checked again after --print");
}

#[test]
fn every_example_explains_itself() {
    for file in examples() {
        let text = std::fs::read_to_string(&file).expect("a readable example");
        assert!(
            text.starts_with("//"),
            "{} should start with a comment saying what it is for",
            file.display()
        );
    }
}

/// The `kdl` code blocks of docs/config.md.
fn documentation_snippets() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/config.md");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let mut snippets = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("```kdl\n") {
        let after = &rest[start + "```kdl\n".len()..];
        let end = after.find("```").expect("every ```kdl block is closed");
        snippets.push(after[..end].to_string());
        rest = &after[end..];
    }
    snippets
}

/// What a snippet may rely on without writing it: a router-id and local-as, the helpers
/// "monitor" and "healthcheck", the template "transit" (each unless the snippet defines it).
fn context_for(snippet: &str) -> String {
    let top_level = |name: &str| snippet.lines().any(|line| line.starts_with(name));
    let mut context = String::new();
    if !top_level("router-id") {
        context.push_str("router-id \"192.0.2.1\"\n");
    }
    if !top_level("local-as") {
        context.push_str("local-as 65000\n");
    }
    for helper in ["monitor", "healthcheck"] {
        if !snippet.contains(&format!("process \"{helper}\"")) {
            context.push_str(&format!("process \"{helper}\" {{ run \"/bin/true\"; }}\n"));
        }
    }
    if !snippet.contains("template \"transit\"") {
        context.push_str("template \"transit\" { hold-time 90; }\n");
    }
    context
}

/// Each KDL example of the reference is valid: as a whole file, at the top level of a file,
/// or inside a neighbor block.
#[test]
fn every_kdl_snippet_of_the_reference_is_valid() {
    let snippets = documentation_snippets();
    assert!(
        snippets.len() >= 10,
        "docs/config.md has too few ```kdl examples"
    );
    let mut failures = Vec::new();
    for snippet in &snippets {
        let candidates = [
            snippet.clone(),
            format!("{}{snippet}", context_for(snippet)),
            format!(
                "{}neighbor \"192.0.2.2\" {{\npeer-as 65001\n{}{snippet}\n}}\n",
                context_for(""),
                if snippet.contains("family") {
                    ""
                } else {
                    // Routes of every family an example may announce must be negotiated.
                    "family { ipv4 unicast; ipv6 unicast; ipv4 flow; ipv6 flow; l2vpn vpls; }\n"
                }
            ),
        ];
        let errors: Vec<String> = candidates
            .iter()
            .map(|candidate| ferrobgp::config::decode("snippet.kdl", candidate))
            .filter_map(|decoded| decoded.err())
            .map(|diagnostics| diagnostics.render(ferrobgp::config::Style::Plain))
            .collect();
        if errors.len() == candidates.len() {
            failures.push(format!("{snippet}\n{}", errors.join("\n")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n---\n"));
}
