//! Where the control FIFO pair and its lock file live: `<base>.in`, `<base>.out` and
//! `<base>.lock`, where `<base>` is `$RUNTIME_DIRECTORY/ferrobgp` (systemd's
//! `RuntimeDirectory=`), `/run/ferrobgp/ferrobgp` outside systemd, or the path configured with
//! `control-fifo "/path/name"`. Shared by the daemon (`server`) and `ferrobgp ctl` (`client`).
//!
//! Pure: must not touch the file system (creating and checking the files is `fifo`'s job).

use crate::config::model::ControlFifo;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// The runtime directory outside systemd.
pub const DEFAULT_RUNTIME_DIRECTORY: &str = "/run/ferrobgp";
/// The file name (without extension) of the FIFOs in the runtime directory.
pub const BASE_NAME: &str = "ferrobgp";
/// The environment variable systemd sets from `RuntimeDirectory=`.
pub const RUNTIME_DIRECTORY_VARIABLE: &str = "RUNTIME_DIRECTORY";

/// The three files of one control channel.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ControlPaths {
    /// `<base>`, without extension (what `control-fifo "…"` and `ctl --pipe` name).
    pub base: PathBuf,
    /// `<base>.in`: commands, client → daemon.
    pub input: PathBuf,
    /// `<base>.out`: answers, daemon → client.
    pub output: PathBuf,
    /// `<base>.lock`: the lock a client holds for its whole request and answer.
    pub lock: PathBuf,
}

impl ControlPaths {
    /// The files `<base>.in`, `<base>.out`, `<base>.lock`. A `base` that already names one of
    /// them (`…/ferrobgp.in`) is taken without that extension.
    pub fn from_base(base: impl Into<PathBuf>) -> ControlPaths {
        let base = strip_known_extension(base.into());
        ControlPaths {
            input: with_extension(&base, ".in"),
            output: with_extension(&base, ".out"),
            lock: with_extension(&base, ".lock"),
            base,
        }
    }

    /// `<directory>/ferrobgp.{in,out,lock}`.
    pub fn in_directory(directory: &Path) -> ControlPaths {
        ControlPaths::from_base(directory.join(BASE_NAME))
    }

    /// The files for a `control-fifo` setting; `None` for `control-fifo #false`.
    /// `runtime_directory` is the value of `$RUNTIME_DIRECTORY`, if set.
    pub fn for_setting(
        setting: &ControlFifo,
        runtime_directory: Option<&OsStr>,
    ) -> Option<ControlPaths> {
        match setting {
            ControlFifo::RuntimeDirectory => Some(ControlPaths::in_directory(
                &runtime_directory_of(runtime_directory),
            )),
            ControlFifo::Path(base) => Some(ControlPaths::from_base(base.clone())),
            ControlFifo::Off => None,
        }
    }

    /// The files of the default setting (`control-fifo #true`), as the daemon started with
    /// this environment would use them: what `ferrobgp ctl` talks to without options.
    pub fn default_for(runtime_directory: Option<&OsStr>) -> ControlPaths {
        ControlPaths::in_directory(&runtime_directory_of(runtime_directory))
    }
}

/// The runtime directory: the first entry of `$RUNTIME_DIRECTORY` (systemd separates several
/// directories with `:`), or `/run/ferrobgp` when unset or empty.
pub fn runtime_directory_of(variable: Option<&OsStr>) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    let first = variable
        .map(|value| value.as_bytes())
        .and_then(|bytes| bytes.split(|byte| *byte == b':').next())
        .filter(|first| !first.is_empty());
    match first {
        Some(bytes) => PathBuf::from(OsStr::from_bytes(bytes)),
        None => PathBuf::from(DEFAULT_RUNTIME_DIRECTORY),
    }
}

fn with_extension(base: &Path, extension: &str) -> PathBuf {
    let mut text = OsString::from(base.as_os_str());
    text.push(extension);
    PathBuf::from(text)
}

fn strip_known_extension(base: PathBuf) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    let bytes = base.as_os_str().as_bytes();
    for extension in [".in", ".out", ".lock"] {
        if let Some(stem) = bytes.strip_suffix(extension.as_bytes())
            && !stem.is_empty()
            && !stem.ends_with(b"/")
        {
            return PathBuf::from(OsStr::from_bytes(stem));
        }
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_of_a_base() {
        let paths = ControlPaths::from_base("/run/x/name");
        assert_eq!(paths.input, PathBuf::from("/run/x/name.in"));
        assert_eq!(paths.output, PathBuf::from("/run/x/name.out"));
        assert_eq!(paths.lock, PathBuf::from("/run/x/name.lock"));
        assert_eq!(ControlPaths::from_base("/run/x/name.in"), paths);
        assert_eq!(ControlPaths::from_base("/run/x/name.out"), paths);
        assert_eq!(ControlPaths::from_base("/run/x/name.lock"), paths);
        // a bare extension is a name, not an extension
        assert_eq!(
            ControlPaths::from_base("/run/x/.in").input,
            PathBuf::from("/run/x/.in.in")
        );
    }

    #[test]
    fn runtime_directory_rules() {
        assert_eq!(runtime_directory_of(None), PathBuf::from("/run/ferrobgp"));
        assert_eq!(
            runtime_directory_of(Some(OsStr::new(""))),
            PathBuf::from("/run/ferrobgp")
        );
        assert_eq!(
            runtime_directory_of(Some(OsStr::new("/run/a:/run/b"))),
            PathBuf::from("/run/a")
        );
        assert_eq!(
            runtime_directory_of(Some(OsStr::new("/run/ferrobgp-x"))),
            PathBuf::from("/run/ferrobgp-x")
        );
    }

    #[test]
    fn settings() {
        assert_eq!(ControlPaths::for_setting(&ControlFifo::Off, None), None);
        assert_eq!(
            ControlPaths::for_setting(&ControlFifo::RuntimeDirectory, Some(OsStr::new("/run/q"))),
            Some(ControlPaths::from_base("/run/q/ferrobgp"))
        );
        assert_eq!(
            ControlPaths::for_setting(&ControlFifo::Path("/srv/control".into()), None),
            Some(ControlPaths::from_base("/srv/control"))
        );
        assert_eq!(
            ControlPaths::default_for(None),
            ControlPaths::from_base("/run/ferrobgp/ferrobgp")
        );
    }
}
