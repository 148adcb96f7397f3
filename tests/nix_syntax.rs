//! Every Nix file in the repository parses (`nix-instantiate --parse`, from Debian's nix-bin,
//! installed by scripts/install-test-tools).

use std::path::{Path, PathBuf};
use std::process::Command;

fn nix_files(directory: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(directory).expect("readable directory") {
        let path = entry.expect("readable entry").path();
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("");
        if path.is_dir() {
            if !matches!(name, "target" | ".git" | ".venv") {
                nix_files(&path, found);
            }
        } else if name.ends_with(".nix") {
            found.push(path);
        }
    }
}

#[test]
fn every_nix_file_parses() {
    let mut files = Vec::new();
    nix_files(Path::new(env!("CARGO_MANIFEST_DIR")), &mut files);
    assert!(
        files.len() >= 2,
        "expected flake.nix and nix/*.nix, found {files:?}"
    );
    for file in files {
        let output = Command::new("nix-instantiate")
            .arg("--parse")
            .arg(&file)
            .output()
            .unwrap_or_else(|error| {
                panic!("cannot run nix-instantiate ({error}): run scripts/install-test-tools")
            });
        assert!(
            output.status.success(),
            "{} does not parse:\n{}",
            file.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
