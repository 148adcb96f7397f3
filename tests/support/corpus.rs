//! Reads tests/corpus: real BGP messages captured from BIRD, GoBGP, ExaBGP, FRR and OpenBGPD
//! sessions, each with what `exabgp decode` printed for it (see tests/corpus/README.md).

use std::path::{Path, PathBuf};

/// One captured message.
#[derive(Debug, Clone)]
pub struct Sample {
    pub path: PathBuf,
    pub source: String,
    /// The `--family` given to `exabgp decode`, if any.
    pub family: Option<String>,
    pub add_path: bool,
    /// Whether the session negotiated 4-octet AS numbers.
    pub asn4: bool,
    pub hex: String,
    /// What `exabgp decode` printed: a JSON line, or its refusal ("unknown type 4 | invalid
    /// payload") for messages it cannot show.
    pub exabgp: String,
    /// Where ferrobgp deliberately differs from ExaBGP: its expected JSON line (or `refused`),
    /// and why (docs/compatibility.md).
    pub ferrobgp: Option<(String, String)>,
}

fn field<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    text.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
        .map(str::trim)
}

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// Every sample, sorted by path. Panics (failing the test) on a malformed corpus file.
pub fn samples() -> Vec<Sample> {
    let mut paths = Vec::new();
    for source in std::fs::read_dir(corpus_dir()).expect("tests/corpus exists") {
        let source = source.expect("readable corpus directory").path();
        if !source.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&source).expect("readable source directory") {
            let path = entry.expect("readable corpus entry").path();
            if path.extension().is_some_and(|extension| extension == "txt") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable corpus file");
            let get = |name: &str| {
                field(&text, name)
                    .unwrap_or_else(|| panic!("{}: no '{name}:' line", path.display()))
                    .to_string()
            };
            let family = get("family");
            let ferrobgp = field(&text, "ferrobgp").map(|json| {
                let reason = field(&text, "difference").unwrap_or_else(|| {
                    panic!(
                        "{}: a 'ferrobgp:' line needs a 'difference:' reason",
                        path.display()
                    )
                });
                (json.to_string(), reason.to_string())
            });
            Sample {
                source: get("source"),
                family: (family != "-").then_some(family),
                add_path: get("add-path") == "true",
                asn4: get("asn4") == "true",
                hex: get("hex"),
                exabgp: get("exabgp"),
                ferrobgp,
                path,
            }
        })
        .collect()
}

impl Sample {
    /// Whether ExaBGP could show the message at all.
    pub fn exabgp_decoded(&self) -> bool {
        self.exabgp.starts_with('{')
    }
}

/// Parses a JSON event line and removes what differs between any two runs: time, host, pid,
/// ppid and counter.
pub fn normalise(line: &str) -> serde_json::Value {
    let mut value: serde_json::Value =
        serde_json::from_str(line).unwrap_or_else(|error| panic!("not JSON ({error}): {line}"));
    if let Some(object) = value.as_object_mut() {
        for key in ["time", "host", "pid", "ppid", "counter"] {
            object.remove(key);
        }
    }
    value
}
