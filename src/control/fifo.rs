//! Creating and checking the control files before the daemon serves them: the FIFOs
//! `<base>.in` and `<base>.out` and the regular file `<base>.lock`, each owned by the daemon's
//! user with mode 0600 (only that user and root may drive the daemon).
//!
//! A path that exists must already be the right kind of file and belong to the daemon's user,
//! or the daemon refuses to start (it never deletes or takes over someone else's file); a
//! wrong mode on our own file is fixed and reported. Symbolic links are refused. The daemon
//! also takes an exclusive `flock` on `<base>.in`, so a second daemon configured with the same
//! path fails instead of stealing half of the commands.
//!
//! Must not read or write commands (that is `server`'s job).

use super::paths::ControlPaths;
use nix::sys::stat::Mode;
use std::fmt;
use std::fs::{File, FileType, OpenOptions, Permissions};
use std::io::ErrorKind;
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The only mode the control files may have.
pub const CONTROL_MODE: u32 = 0o600;
/// The mode of a runtime directory the daemon creates itself.
const DIRECTORY_MODE: u32 = 0o700;

/// Why a control file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupProblem {
    /// The path exists and is not a FIFO (`kind`: "a regular file", "a directory", …).
    NotFifo { kind: &'static str },
    /// The lock path exists and is not a regular file.
    NotRegularFile { kind: &'static str },
    /// The file belongs to another user than the daemon's.
    WrongOwner { owner: u32, expected: u32 },
    /// Another process (a second daemon) holds the lock on `<base>.in`.
    InUse,
    /// No tokio runtime to register the FIFO with (a programming error in the caller).
    NoRuntime,
    /// An operating-system error, with what was being done.
    System { action: &'static str, error: String },
}

/// A control file that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupError {
    pub path: PathBuf,
    pub problem: SetupProblem,
}

impl fmt::Display for SetupError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.problem {
            SetupProblem::NotFifo { kind } => write!(
                formatter,
                "cannot use {path} for the control FIFO: it exists and is {kind}, not a FIFO \
                 (remove it, or set control-fifo to another path)"
            ),
            SetupProblem::NotRegularFile { kind } => write!(
                formatter,
                "cannot use {path} as the control lock file: it exists and is {kind}, not a \
                 regular file (remove it, or set control-fifo to another path)"
            ),
            SetupProblem::WrongOwner { owner, expected } => write!(
                formatter,
                "cannot use {path} for the control FIFO: it belongs to uid {owner}, not to uid \
                 {expected} which runs ferrobgp (remove it, or set control-fifo to another path)"
            ),
            SetupProblem::InUse => write!(
                formatter,
                "cannot use {path} for the control FIFO: another process (a second ferrobgp?) \
                 is already serving it"
            ),
            SetupProblem::NoRuntime => write!(
                formatter,
                "cannot serve {path}: the control server must be started inside a tokio runtime"
            ),
            SetupProblem::System { action, error } => {
                write!(formatter, "cannot {action} {path}: {error}")
            }
        }
    }
}

impl std::error::Error for SetupError {}

/// A control file whose mode was not 0600 and has been set to 0600.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModeFixed {
    pub path: PathBuf,
    pub previous_mode: u32,
}

/// The checked control files: `<base>.in` open for reading and writing (so that reading it
/// never meets end-of-file), non-blocking, and locked against a second daemon.
#[derive(Debug)]
pub struct PreparedFiles {
    pub input: File,
    pub modes_fixed: Vec<ModeFixed>,
}

/// Creates what is missing and checks what exists (see the module documentation).
pub fn prepare(paths: &ControlPaths) -> Result<PreparedFiles, SetupError> {
    if let Some(directory) = paths.input.parent()
        && !directory.as_os_str().is_empty()
    {
        ensure_directory(directory)?;
    }
    let owner = nix::unistd::geteuid().as_raw();
    let mut modes_fixed = Vec::new();
    let input = open_fifo(&paths.input, owner, &mut modes_fixed)?;
    drop(open_fifo(&paths.output, owner, &mut modes_fixed)?);
    drop(open_lock_file(&paths.lock, owner, &mut modes_fixed)?);
    match input.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            return Err(SetupError {
                path: paths.input.clone(),
                problem: SetupProblem::InUse,
            });
        }
        Err(std::fs::TryLockError::Error(error)) => {
            return Err(system(&paths.input, "lock", &error));
        }
    }
    Ok(PreparedFiles { input, modes_fixed })
}

fn system(path: &Path, action: &'static str, error: &dyn fmt::Display) -> SetupError {
    SetupError {
        path: path.to_path_buf(),
        problem: SetupProblem::System {
            action,
            error: error.to_string(),
        },
    }
}

/// How a file type reads in an error message.
pub fn describe(file_type: FileType) -> &'static str {
    if file_type.is_dir() {
        "a directory"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_file() {
        "a regular file"
    } else if file_type.is_fifo() {
        "a FIFO"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else {
        "an unknown kind of file"
    }
}

/// The runtime directory itself is created (mode 0700) when missing, not its parents: a
/// missing `/run` means something else is wrong.
fn ensure_directory(directory: &Path) -> Result<(), SetupError> {
    match std::fs::symlink_metadata(directory) {
        Ok(metadata) if metadata.is_dir() => Ok(()),
        Ok(metadata) => Err(system(
            directory,
            "use the directory",
            &format!("it is {}", describe(metadata.file_type())),
        )),
        Err(error) if error.kind() == ErrorKind::NotFound => std::fs::DirBuilder::new()
            .mode(DIRECTORY_MODE)
            .create(directory)
            .or_else(|error| match error.kind() {
                ErrorKind::AlreadyExists => Ok(()),
                _ => Err(system(directory, "create the directory", &error)),
            }),
        Err(error) => Err(system(directory, "inspect", &error)),
    }
}

fn open_fifo(
    path: &Path,
    owner: u32,
    modes_fixed: &mut Vec<ModeFixed>,
) -> Result<File, SetupError> {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_fifo() => {}
        Ok(metadata) => {
            return Err(SetupError {
                path: path.to_path_buf(),
                problem: SetupProblem::NotFifo {
                    kind: describe(metadata.file_type()),
                },
            });
        }
        Err(error) if error.kind() == ErrorKind::NotFound => {
            match nix::unistd::mkfifo(path, Mode::from_bits_truncate(CONTROL_MODE)) {
                Ok(()) | Err(nix::errno::Errno::EEXIST) => {}
                Err(error) => return Err(system(path, "create the FIFO", &error)),
            }
        }
        Err(error) => return Err(system(path, "inspect", &error)),
    }
    // Opening a FIFO for reading and writing never blocks (Linux), and O_NOFOLLOW refuses a
    // symbolic link put there since the check above.
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path)
        .map_err(|error| system(path, "open", &error))?;
    check_open_file(path, &file, owner, true, modes_fixed)?;
    Ok(file)
}

fn open_lock_file(
    path: &Path,
    owner: u32,
    modes_fixed: &mut Vec<ModeFixed>,
) -> Result<File, SetupError> {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.is_file() => {}
        Ok(metadata) => {
            return Err(SetupError {
                path: path.to_path_buf(),
                problem: SetupProblem::NotRegularFile {
                    kind: describe(metadata.file_type()),
                },
            });
        }
        Err(error) if error.kind() == ErrorKind::NotFound => {}
        Err(error) => return Err(system(path, "inspect", &error)),
    }
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .mode(CONTROL_MODE)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .map_err(|error| system(path, "open", &error))?;
    check_open_file(path, &file, owner, false, modes_fixed)?;
    Ok(file)
}

/// Checks the opened file itself (not the path, which may have changed since).
fn check_open_file(
    path: &Path,
    file: &File,
    owner: u32,
    fifo: bool,
    modes_fixed: &mut Vec<ModeFixed>,
) -> Result<(), SetupError> {
    let metadata = file
        .metadata()
        .map_err(|error| system(path, "inspect", &error))?;
    let kind = describe(metadata.file_type());
    if fifo && !metadata.file_type().is_fifo() {
        return Err(SetupError {
            path: path.to_path_buf(),
            problem: SetupProblem::NotFifo { kind },
        });
    }
    if !fifo && !metadata.is_file() {
        return Err(SetupError {
            path: path.to_path_buf(),
            problem: SetupProblem::NotRegularFile { kind },
        });
    }
    if metadata.uid() != owner {
        return Err(SetupError {
            path: path.to_path_buf(),
            problem: SetupProblem::WrongOwner {
                owner: metadata.uid(),
                expected: owner,
            },
        });
    }
    let mode = metadata.mode() & 0o7777;
    if mode != CONTROL_MODE {
        file.set_permissions(Permissions::from_mode(CONTROL_MODE))
            .map_err(|error| system(path, "set the mode of", &error))?;
        modes_fixed.push(ModeFixed {
            path: path.to_path_buf(),
            previous_mode: mode,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_what_to_do() {
        let error = SetupError {
            path: PathBuf::from("/run/ferrobgp/ferrobgp.in"),
            problem: SetupProblem::NotFifo {
                kind: "a regular file",
            },
        };
        assert_eq!(
            error.to_string(),
            "cannot use /run/ferrobgp/ferrobgp.in for the control FIFO: it exists and is a \
             regular file, not a FIFO (remove it, or set control-fifo to another path)"
        );
        let error = SetupError {
            path: PathBuf::from("/x.in"),
            problem: SetupProblem::WrongOwner {
                owner: 1000,
                expected: 0,
            },
        };
        assert!(
            error
                .to_string()
                .contains("belongs to uid 1000, not to uid 0")
        );
    }
}
