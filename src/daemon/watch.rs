//! The configuration file watcher: asks the hub to reload (`HubCmd::Reload`, trigger
//! `FileChanged`) when the file may have changed. The hub then hashes the bytes and does
//! nothing when they are the same, so a touch, a rename of the same content or a burst of
//! events costs one read.
//!
//! What is watched (inotify, on directories, never on the file itself, whose inode an editor
//! or a deployment replaces): the file's directory, and the directory holding every symlink
//! met while resolving the path. So an editor's write-then-rename, a `cp` over the file, and
//! NixOS's swap of `/etc/static` (the file is `/etc/ferrobgp/x.kdl` -> `/etc/static/...`,
//! and activation renames a new `/etc/static` symlink into `/etc`) are all seen. Only events
//! naming a file or symlink of that chain count. The chain is computed again after every
//! burst, since a swap can move it. Events are debounced: the reload is asked for once the
//! directory has been quiet for [`QUIET`] (at most [`LONGEST_WAIT`] after the first event).
//!
//! Must not read or decode the file: the hub does (`reload::read`, `reload::load`).

use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};
use std::ffi::OsString;
use std::os::fd::{AsFd, AsRawFd, RawFd};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use nix::sys::inotify::{AddWatchFlags, InitFlags, Inotify, WatchDescriptor};
use tokio::io::unix::AsyncFd;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tracing::Instrument;

use super::commands::HubCmd;
use super::reload::ReloadTrigger;

/// How long the directories must be quiet before the reload is asked for.
pub const QUIET: Duration = Duration::from_millis(300);
/// The longest a burst of events delays the reload.
pub const LONGEST_WAIT: Duration = Duration::from_secs(3);
/// Symlinks followed at most while resolving the path (as the kernel's limit).
const MAXIMUM_SYMLINKS: usize = 40;

/// The directories to watch for `path`, and the (directory, name) pairs whose events count.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WatchSet {
    pub directories: BTreeSet<PathBuf>,
    pub names: HashSet<(PathBuf, OsString)>,
}

/// Resolves `path` (absolute) component by component, as the kernel does, recording the
/// directory and name of every symlink on the way and of the file itself.
pub fn watch_set(path: &Path) -> WatchSet {
    let mut set = WatchSet::default();
    let mut pending: VecDeque<OsString> = VecDeque::new();
    let mut resolved = PathBuf::from("/");
    let mut symlinks = 0usize;
    let push_components = |pending: &mut VecDeque<OsString>, path: &Path, front: bool| {
        let parts: Vec<OsString> = path
            .components()
            .filter_map(|component| match component {
                Component::Normal(name) => Some(name.to_owned()),
                Component::ParentDir => Some(OsString::from("..")),
                _ => None,
            })
            .collect();
        if front {
            for part in parts.into_iter().rev() {
                pending.push_front(part);
            }
        } else {
            pending.extend(parts);
        }
    };
    push_components(&mut pending, path, false);
    while let Some(name) = pending.pop_front() {
        if name == ".." {
            resolved.pop();
            continue;
        }
        let candidate = resolved.join(&name);
        let is_last = pending.is_empty();
        match std::fs::symlink_metadata(&candidate) {
            Ok(metadata) if metadata.file_type().is_symlink() && symlinks < MAXIMUM_SYMLINKS => {
                symlinks = symlinks.saturating_add(1);
                set.directories.insert(resolved.clone());
                set.names.insert((resolved.clone(), name));
                match std::fs::read_link(&candidate) {
                    Ok(target) => {
                        if target.is_absolute() {
                            resolved = PathBuf::from("/");
                        }
                        push_components(&mut pending, &target, true);
                    }
                    Err(_) => resolved = candidate,
                }
            }
            _ => {
                if is_last {
                    set.directories.insert(resolved.clone());
                    set.names.insert((resolved.clone(), name));
                }
                resolved = candidate;
            }
        }
    }
    set
}

/// The events a directory watch asks for.
fn mask() -> AddWatchFlags {
    AddWatchFlags::IN_CLOSE_WRITE
        | AddWatchFlags::IN_MOVED_TO
        | AddWatchFlags::IN_MOVED_FROM
        | AddWatchFlags::IN_CREATE
        | AddWatchFlags::IN_DELETE
        | AddWatchFlags::IN_ATTRIB
        | AddWatchFlags::IN_DELETE_SELF
        | AddWatchFlags::IN_MOVE_SELF
        | AddWatchFlags::IN_ONLYDIR
}

/// The inotify descriptor, readable from tokio.
struct Descriptor(Inotify);

impl AsRawFd for Descriptor {
    fn as_raw_fd(&self) -> RawFd {
        self.0.as_fd().as_raw_fd()
    }
}

struct Watcher {
    descriptor: AsyncFd<Descriptor>,
    path: PathBuf,
    set: WatchSet,
    watches: BTreeMap<PathBuf, WatchDescriptor>,
    directories: BTreeMap<WatchDescriptor, PathBuf>,
}

impl Watcher {
    /// Watches the directories of the current chain and no others.
    fn rewatch(&mut self) {
        self.set = watch_set(&self.path);
        let stale: Vec<PathBuf> = self
            .watches
            .keys()
            .filter(|directory| !self.set.directories.contains(*directory))
            .cloned()
            .collect();
        for directory in stale {
            if let Some(descriptor) = self.watches.remove(&directory) {
                let _ = self.descriptor.get_ref().0.rm_watch(descriptor);
                self.directories.remove(&descriptor);
            }
        }
        for directory in &self.set.directories {
            if self.watches.contains_key(directory) {
                continue;
            }
            match self.descriptor.get_ref().0.add_watch(directory, mask()) {
                Ok(descriptor) => {
                    self.watches.insert(directory.clone(), descriptor);
                    self.directories.insert(descriptor, directory.clone());
                }
                Err(error) => tracing::debug!("cannot watch {}: {error}", directory.display()),
            }
        }
    }

    /// Reads the pending events; true when one concerns the file's chain.
    fn drain(&mut self) -> bool {
        let mut relevant = false;
        loop {
            match self.descriptor.get_ref().0.read_events() {
                Ok(events) if events.is_empty() => return relevant,
                Ok(events) => {
                    for event in events {
                        let structural = event.mask.intersects(
                            AddWatchFlags::IN_DELETE_SELF
                                | AddWatchFlags::IN_MOVE_SELF
                                | AddWatchFlags::IN_IGNORED
                                | AddWatchFlags::IN_Q_OVERFLOW,
                        );
                        let named = match (self.directories.get(&event.wd), &event.name) {
                            (Some(directory), Some(name)) => {
                                self.set.names.contains(&(directory.clone(), name.clone()))
                            }
                            _ => false,
                        };
                        relevant |= structural || named;
                    }
                }
                Err(_) => return relevant,
            }
        }
    }

    /// Waits for the next burst of relevant events, and for it to end.
    async fn next_change(&mut self) -> std::io::Result<()> {
        loop {
            let mut guard = self.descriptor.readable().await?;
            guard.clear_ready();
            drop(guard);
            if self.drain() {
                break;
            }
        }
        let deadline = tokio::time::Instant::now() + LONGEST_WAIT;
        loop {
            let quiet = tokio::time::sleep(QUIET);
            tokio::select! {
                () = quiet => break,
                () = tokio::time::sleep_until(deadline) => break,
                guard = self.descriptor.readable() => {
                    let mut guard = guard?;
                    guard.clear_ready();
                    drop(guard);
                    self.drain();
                }
            }
        }
        self.rewatch();
        Ok(())
    }
}

/// Starts watching `path` for the hub; `None` (logged) when inotify is not available.
pub fn spawn(
    path: &Path,
    hub: mpsc::Sender<HubCmd>,
    span: &tracing::Span,
) -> Option<JoinHandle<()>> {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let descriptor = Inotify::init(InitFlags::IN_NONBLOCK | InitFlags::IN_CLOEXEC)
        .map_err(std::io::Error::from)
        .and_then(|inotify| {
            // SAFETY: the Inotify owns its descriptor (an OwnedFd), which stays open and the
            // same until the AsyncFd, its owner, is dropped.
            unsafe {
                AsyncFd::register_with_interest(Descriptor(inotify), tokio::io::Interest::READABLE)
            }
            .map_err(std::io::Error::from)
        });
    let descriptor = match descriptor {
        Ok(descriptor) => descriptor,
        Err(error) => {
            tracing::warn!(
                "{}: not watched for changes ({error}); reload with SIGHUP or `ferrobgp ctl reload`",
                path.display()
            );
            return None;
        }
    };
    let mut watcher = Watcher {
        descriptor,
        path,
        set: WatchSet::default(),
        watches: BTreeMap::new(),
        directories: BTreeMap::new(),
    };
    watcher.rewatch();
    tracing::debug!(
        "watching {} ({} directories)",
        watcher.path.display(),
        watcher.watches.len()
    );
    let task = async move {
        loop {
            if let Err(error) = watcher.next_change().await {
                tracing::warn!("{}: watching stopped: {error}", watcher.path.display());
                return;
            }
            let request = HubCmd::Reload {
                trigger: ReloadTrigger::FileChanged,
                restart_helpers: false,
                reply: None,
            };
            if hub.send(request).await.is_err() {
                return;
            }
        }
    };
    Some(tokio::spawn(task.instrument(span.clone())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn directory(name: &str) -> PathBuf {
        let directory =
            std::env::temp_dir().join(format!("ferrobgp-watch-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&directory);
        std::fs::create_dir_all(&directory).expect("directory");
        std::fs::canonicalize(&directory).expect("canonical")
    }

    #[test]
    fn a_plain_file_is_watched_in_its_directory() {
        let root = directory("plain");
        let file = root.join("a.kdl");
        std::fs::write(&file, "x").expect("write");
        let set = watch_set(&file);
        let _ = std::fs::remove_dir_all(&root);
        assert_eq!(set.directories, BTreeSet::from([root.clone()]));
        assert_eq!(set.names, HashSet::from([(root, OsString::from("a.kdl"))]));
    }

    /// NixOS: etc/ferrobgp/a.kdl -> etc/static/ferrobgp/a.kdl, etc/static -> store-1/etc.
    #[test]
    fn every_symlink_of_a_nixos_chain_is_watched_where_it_lives() {
        let root = directory("nixos");
        let store = root.join("store-1/etc/ferrobgp");
        std::fs::create_dir_all(&store).expect("store");
        std::fs::write(store.join("a.kdl"), "x").expect("write");
        std::fs::create_dir_all(root.join("etc/ferrobgp")).expect("etc");
        symlink(root.join("store-1/etc"), root.join("etc/static")).expect("static");
        symlink("../static/ferrobgp/a.kdl", root.join("etc/ferrobgp/a.kdl")).expect("file link");
        let set = watch_set(&root.join("etc/ferrobgp/a.kdl"));
        let _ = std::fs::remove_dir_all(&root);
        assert_eq!(
            set.directories,
            BTreeSet::from([root.join("etc/ferrobgp"), root.join("etc"), store.clone()])
        );
        assert!(
            set.names
                .contains(&(root.join("etc"), OsString::from("static")))
        );
        assert!(set.names.contains(&(store, OsString::from("a.kdl"))));
    }
}
