//! Golden snapshots of `ferrobgp check` on invalid files: for every
//! tests/config/invalid/NAME.kdl, the plain-mode diagnostics must equal NAME.expected byte for
//! byte. `UPDATE_GOLDEN=1 cargo test --test config_diagnostics` rewrites the .expected files
//! (review the diff before committing).
//!
//! Files whose name starts with `route-syntax` are checked with a stand-in route grammar that
//! rejects the word `meed` (the real grammar is written elsewhere); it shows how a grammar
//! error's byte range lands on the word inside the quoted route in the file.

use ferrobgp::api::route::{RouteSyntaxError, WrittenRoute, parse_written_announcement};
use ferrobgp::cli::check::{CheckOptions, check_with};
use ferrobgp::config::Style;
use std::path::Path;

fn stand_in_grammar(text: &str) -> Result<Vec<WrittenRoute>, RouteSyntaxError> {
    match text.find("meed") {
        Some(start) => Err(RouteSyntaxError {
            start,
            end: start + 4,
            message: "unknown attribute `meed`".into(),
            hint: Some("did you mean `med`?".into()),
        }),
        None => parse_written_announcement(text),
    }
}

#[test]
fn invalid_files_match_their_golden_diagnostics() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/config/invalid");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut files: Vec<_> = std::fs::read_dir(&directory)
        .expect("tests/config/invalid exists")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "kdl"))
        .collect();
    files.sort();
    assert!(files.len() >= 30, "only {} invalid files", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .expect("UTF-8 file name");
        let source = std::fs::read_to_string(path).expect("readable test file");
        let options = CheckOptions {
            print: false,
            style: Style::Plain,
        };
        let outcome = check_with(name, &source, options, &stand_in_grammar);
        if outcome.valid || !outcome.stdout.is_empty() {
            failures.push(format!("{name}: accepted"));
            continue;
        }
        if ["hunter2", "s3cr3t", "10.1.2.3"]
            .iter()
            .any(|secret| outcome.stderr.contains(secret))
        {
            failures.push(format!("{name}: a secret appears in the output"));
        }
        let expected_path = path.with_extension("expected");
        if update {
            std::fs::write(&expected_path, &outcome.stderr).expect("writable golden file");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != outcome.stderr {
            failures.push(format!(
                "{name}: diagnostics differ from {}\n--- got:\n{}\n--- expected:\n{}",
                expected_path.display(),
                outcome.stderr,
                expected
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files failed (UPDATE_GOLDEN=1 regenerates):\n\n{}",
        failures.len(),
        files.len(),
        failures.join("\n\n")
    );
}

/// Every `.kdl` file under tests/config and config-examples, sorted.
fn every_file() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for directory in [
        "tests/config/invalid",
        "tests/config/valid",
        "config-examples",
    ] {
        files.extend(
            std::fs::read_dir(root.join(directory))
                .expect("directory exists")
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|path| path.extension().is_some_and(|extension| extension == "kdl")),
        );
    }
    files.sort();
    files
}

/// A reload parses only the top-level blocks that changed (`config::decode_reusing`): it
/// must decode to what a whole parse gives, with every diagnostic at the same place. Each
/// file is decoded after the one before it (an edit of it), then again with a line added
/// at the top (every block of valid KDL reused, one line further down).
#[test]
fn decoding_with_reused_blocks_equals_a_whole_decode() {
    use ferrobgp::config::{ParsedBlocks, decode, decode_reusing};
    let files = every_file();
    assert!(files.len() >= 40, "only {} files", files.len());
    let mut blocks = ParsedBlocks::default();
    let mut failures = Vec::new();
    for path in &files {
        let name = path.display().to_string();
        let original = std::fs::read_to_string(path).expect("readable test file");
        for source in [original.clone(), format!("// moved down\n{original}")] {
            let whole = decode(&name, &source);
            let reused = decode_reusing(&name, &source, &mut blocks);
            let same = match (&whole, &reused) {
                (Ok(whole), Ok(reused)) => whole == reused,
                (Err(whole), Err(reused)) => {
                    whole.render(Style::Plain) == reused.render(Style::Plain)
                }
                _ => false,
            };
            if !same {
                failures.push(format!(
                    "{name}:\n{whole:?}\n--- reusing blocks:\n{reused:?}"
                ));
            }
        }
        if original.parse::<kdl::KdlDocument>().is_ok() {
            assert_eq!(blocks.parsed, 1, "{name}: moved down, yet parsed again");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
