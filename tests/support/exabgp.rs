//! Finds the ExaBGP 5.0 that scripts/install-test-tools installs, and runs `exabgp decode`.

use std::path::PathBuf;
use std::process::Command;

/// The `exabgp` program: `<repo>/.venv/bin/exabgp`, else the one on PATH. A missing ExaBGP
/// fails the test: the test suite installs it (scripts/install-test-tools).
pub fn program() -> PathBuf {
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/exabgp");
    if venv.exists() {
        return venv;
    }
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|directory| directory.join("exabgp"))
            .find(|candidate| candidate.exists())
    });
    on_path.unwrap_or_else(|| {
        panic!("ExaBGP is not installed: run scripts/install-test-tools (or scripts/test)")
    })
}

/// What `exabgp decode [-f FAMILY] [-i] HEX` prints, its lines joined with " | " as the corpus
/// stores them. `exabgp decode` assumes 4-octet AS numbers; for a 2-octet session it is given a
/// neighbor configuration with `asn4 disable` instead, as tests/corpus/capture.py does.
pub fn decode(family: Option<&str>, path_information: bool, asn4: bool, hex: &str) -> String {
    let mut command = Command::new(program());
    command.arg("decode");
    let mut configuration = None;
    if asn4 {
        if let Some(family) = family {
            command.args(["-f", family]);
        }
        if path_information {
            command.arg("-i");
        }
    } else {
        let words: Vec<&str> = family
            .unwrap_or("ipv4 unicast")
            .split_whitespace()
            .collect();
        let families: Vec<String> = words.chunks(2).map(|pair| pair.join(" ")).collect();
        let text = format!(
            "neighbor 127.0.0.1 {{\n router-id 10.0.0.2;\n local-address 127.0.0.1;\n local-as 65533;\n peer-as 65533;\n family {{ {}; }}\n capability {{ asn4 disable; {}}}\n}}\n",
            families.join("; "),
            if path_information {
                "add-path send/receive; "
            } else {
                ""
            }
        );
        let path = std::env::temp_dir().join(format!(
            "ferrobgp-exabgp-decode-{}-{}.conf",
            std::process::id(),
            hex.len()
                ^ hex.bytes().fold(0usize, |sum, byte| sum
                    .wrapping_mul(31)
                    .wrapping_add(usize::from(byte)))
        ));
        std::fs::write(&path, text).expect("temporary directory is writable");
        command.arg("-c").arg(&path);
        configuration = Some(path);
    }
    let output = command
        .arg(hex)
        .output()
        .unwrap_or_else(|error| panic!("cannot run exabgp: {error}"));
    if let Some(path) = configuration {
        let _ = std::fs::remove_file(path);
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" | ")
}
