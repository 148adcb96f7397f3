//! Hot reload, the parts outside the hub's task: what asked for a reload ([`ReloadTrigger`]),
//! what it answers ([`ReloadOutcome`]), and loading the file again ([`read`]: read and
//! hash, so that the same bytes are not decoded again; [`load`]: decode, read the MD5 key
//! files it names) so that a file that cannot be used changes nothing. The hub carries out the plan (`hub/reload.rs`); the file watcher is `watch`.
//!
//! Every trigger (SIGHUP, SIGUSR1, SIGUSR2, `ferrobgp ctl reload`, a helper's `reload`,
//! `systemctl reload`, a change of the file) becomes one `HubCmd::Reload` and takes the same
//! path. Must not touch peers or helpers.

use std::collections::BTreeMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use crate::config::{self, Config, ParsedBlocks, Style};
use crate::rib::Owner;

use super::neighbor::read_md5_key;

/// What asked for the reload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReloadTrigger {
    /// A signal (SIGHUP, SIGUSR1, SIGUSR2), by name.
    Signal(&'static str),
    /// A `reload` or `restart` command from the control FIFO or a helper.
    Command(Owner),
    /// The file watcher saw the file (or a symlink on its way) change.
    FileChanged,
}

impl fmt::Display for ReloadTrigger {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReloadTrigger::Signal(name) => formatter.write_str(name),
            ReloadTrigger::Command(Owner::Control) => formatter.write_str("ctl reload"),
            ReloadTrigger::Command(owner) => write!(formatter, "reload command from {owner}"),
            ReloadTrigger::FileChanged => formatter.write_str("file changed"),
        }
    }
}

/// How a reload went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReloadOutcome {
    /// False when the file could not be used: nothing was changed.
    pub applied: bool,
    /// True when the file's content was the same as the running one's (a file-change
    /// trigger then does nothing at all).
    pub same_content: bool,
    /// The summary and one line per change, or the diagnostics.
    pub lines: Vec<String>,
    /// How many more neighbors are configured than before (negative: fewer).
    pub neighbors_added: isize,
}

impl ReloadOutcome {
    pub fn failed(lines: Vec<String>) -> ReloadOutcome {
        ReloadOutcome {
            applied: false,
            same_content: false,
            lines,
            neighbors_added: 0,
        }
    }

    /// The short form for `STATUS=` ("ok: …" or "failed: …").
    pub fn status(&self) -> String {
        let first = self.lines.first().map(String::as_str).unwrap_or("");
        if self.applied {
            format!("ok ({first})")
        } else {
            format!("failed ({first})")
        }
    }
}

/// Where the running configuration came from, to load it again.
#[derive(Debug)]
pub struct ConfigSource {
    pub path: PathBuf,
    /// The hash of the bytes the running configuration was decoded from.
    pub hash: u64,
    /// The file last read, parsed by top-level block: a reload parses only the blocks that
    /// changed.
    pub blocks: ParsedBlocks,
}

impl ConfigSource {
    /// `source` is the file's content, `blocks` what decoding it kept.
    pub fn new(path: PathBuf, source: &str, blocks: ParsedBlocks) -> ConfigSource {
        ConfigSource {
            path,
            hash: content_hash(source),
            blocks,
        }
    }
}

/// The hash of a file's content (to tell a real change from a touch or a rename of the same
/// bytes).
pub fn content_hash(source: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    source.hash(&mut hasher);
    hasher.finish()
}

/// A configuration ready to be applied.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    pub hash: u64,
    /// The MD5 key of every neighbor that has one, read now (so that an unreadable key file
    /// fails the reload before anything changes).
    pub keys: BTreeMap<IpAddr, Vec<u8>>,
}

/// Why a file could not be loaded: its content hash when it was read (so that the watcher
/// does not retry the same bad bytes), and the lines to report.
#[derive(Debug)]
pub struct LoadError {
    pub hash: Option<u64>,
    pub lines: Vec<String>,
}

/// A configuration file's content, as read, and its hash.
#[derive(Debug)]
pub struct ReadFile {
    pub source: String,
    pub hash: u64,
}

/// Reads `path` (to compare its hash with the last content read before decoding it).
pub fn read(path: &Path) -> Result<ReadFile, LoadError> {
    let source = std::fs::read_to_string(path).map_err(|error| LoadError {
        hash: None,
        lines: vec![format!("cannot read {}: {error}", path.display())],
    })?;
    let hash = content_hash(&source);
    Ok(ReadFile { source, hash })
}

/// Decodes `file`, read from `path` (parsing only the top-level blocks that are not in
/// `blocks`, the file as last read), and reads its neighbors' key files. Diagnostics carry
/// `file:line:col`, rendered without colour (they go to the log and through the FIFO).
pub fn load(path: &Path, file: ReadFile, blocks: &mut ParsedBlocks) -> Result<Loaded, LoadError> {
    let name = path.display().to_string();
    let ReadFile { source, hash } = file;
    let config = config::decode_reusing(&name, &source, blocks).map_err(|diagnostics| {
        let count = diagnostics.problems.len();
        let mut lines = vec![format!(
            "{name}: {count} {}, nothing changed",
            if count == 1 { "error" } else { "errors" }
        )];
        lines.extend(
            diagnostics
                .render(Style::Plain)
                .lines()
                .map(str::to_owned)
                .filter(|line| !line.trim().is_empty()),
        );
        LoadError {
            hash: Some(hash),
            lines,
        }
    })?;
    tracing::debug!(
        "{name}: parsed {} changed top-level blocks, reused the others",
        blocks.parsed
    );
    let mut keys = BTreeMap::new();
    for neighbor in &config.neighbors {
        if let Some(key) = &neighbor.md5 {
            let key = read_md5_key(key).map_err(|error| LoadError {
                hash: Some(hash),
                lines: vec![format!(
                    "{name}: neighbor {}: {error}; nothing changed",
                    neighbor.address
                )],
            })?;
            keys.insert(neighbor.address, key);
        }
    }
    Ok(Loaded { config, hash, keys })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directory(name: &str) -> PathBuf {
        let directory =
            std::env::temp_dir().join(format!("ferrobgp-reload-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&directory).expect("directory");
        directory
    }

    #[test]
    fn a_bad_file_gives_its_diagnostics_with_their_place() {
        let directory = directory("bad");
        let path = directory.join("bad.kdl");
        std::fs::write(
            &path,
            "router-id \"192.0.2.1\"\nlocal-as 65001\nneighbor \"192.0.2.2\" { peer-as \"x\" }\n",
        )
        .expect("write");
        let error = read(&path)
            .and_then(|file| load(&path, file, &mut ParsedBlocks::default()))
            .expect_err("invalid");
        let _ = std::fs::remove_dir_all(&directory);
        let text = error.lines.join("\n");
        assert!(
            text.starts_with(&format!("{}: 1 error, nothing changed", path.display())),
            "{text}"
        );
        assert!(text.contains("bad.kdl:3:"), "{text}");
        assert!(error.hash.is_some());
    }

    #[test]
    fn a_good_file_loads_with_its_hash_and_keys() {
        let directory = directory("good");
        let path = directory.join("good.kdl");
        let source = "router-id \"192.0.2.1\"\nlocal-as 65001\nneighbor \"192.0.2.2\" { peer-as 65002; md5-password \"k1\" }\n";
        std::fs::write(&path, source).expect("write");
        let loaded = read(&path)
            .and_then(|file| load(&path, file, &mut ParsedBlocks::default()))
            .expect("valid");
        let missing = read(&directory.join("missing.kdl")).expect_err("missing");
        let _ = std::fs::remove_dir_all(&directory);
        assert_eq!(loaded.hash, content_hash(source));
        assert_eq!(
            loaded
                .keys
                .get(&"192.0.2.2".parse::<IpAddr>().expect("address")),
            Some(&b"k1".to_vec())
        );
        assert!(
            missing.lines[0].starts_with("cannot read"),
            "{:?}",
            missing.lines
        );
        assert_eq!(missing.hash, None);
    }

    #[test]
    fn triggers_are_named_for_the_log() {
        assert_eq!(ReloadTrigger::Signal("SIGHUP").to_string(), "SIGHUP");
        assert_eq!(
            ReloadTrigger::Command(Owner::Control).to_string(),
            "ctl reload"
        );
        assert_eq!(ReloadTrigger::FileChanged.to_string(), "file changed");
    }
}
