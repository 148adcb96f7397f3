//! A helper program (`process "name" { … }`): what to run and how to talk to it. Mirrors
//! ExaBGP's `process` section (run, encoder, respawn) plus what a systemd-era daemon needs
//! (environment, working directory, what becomes of its routes when it is gone). Starting it is `process/`'s job, not this file's.

use crate::api::json::JsonVersion;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One helper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Process {
    /// Unique name, `[A-Za-z0-9._-]+` (ExaBGP's rule); API bindings refer to it.
    pub name: String,
    /// argv: an absolute program path, then its arguments, passed unchanged (no shell).
    pub run: Vec<String>,
    /// How events are written to the helper's stdin. Default: JSON.
    pub encoder: Encoder,
    /// Which ExaBGP release's format (JSON and text both differ between 4.x and 5.0).
    /// Default: 5.
    pub api_version: JsonVersion,
    /// Restart the helper when it exits. Default: true (ExaBGP's default).
    pub respawn: bool,
    /// Extra environment variables, on top of the daemon's own.
    pub environment: BTreeMap<String, String>,
    /// The helper's working directory. Default: `/` (where ExaBGP runs its helpers).
    pub working_directory: PathBuf,
    /// What becomes of the routes the helper announced once it is gone for good (removed
    /// by a reload, given up by the respawn policy, or exited with `respawn #false`).
    /// Default: keep them (ExaBGP's behaviour).
    pub on_exit: OnExit,
}

/// `on-exit`: the fate of a departed helper's routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OnExit {
    /// The routes stay announced (ExaBGP keeps them in the Adj-RIB-Out).
    #[default]
    Keep,
    /// The routes are withdrawn from every neighbor.
    Withdraw,
}

impl OnExit {
    pub const ALL: [OnExit; 2] = [OnExit::Keep, OnExit::Withdraw];

    /// The word in the file: "keep" or "withdraw".
    pub fn name(self) -> &'static str {
        match self {
            OnExit::Keep => "keep",
            OnExit::Withdraw => "withdraw",
        }
    }

    pub fn parse(word: &str) -> Option<OnExit> {
        OnExit::ALL.into_iter().find(|choice| choice.name() == word)
    }
}

/// ExaBGP's `encoder`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoder {
    Json,
    Text,
}

impl Encoder {
    pub fn name(self) -> &'static str {
        match self {
            Encoder::Json => "json",
            Encoder::Text => "text",
        }
    }

    pub fn parse(word: &str) -> Option<Encoder> {
        match word {
            "json" => Some(Encoder::Json),
            "text" => Some(Encoder::Text),
            _ => None,
        }
    }
}
