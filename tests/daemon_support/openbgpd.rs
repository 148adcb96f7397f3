//! An OpenBGPD 7.7 `bgpd` for the interop tests: started in the foreground (`-d -v`, its log
//! on stderr into a file) from a temporary directory with its own control socket, queried
//! with `bgpctl -s SOCKET`, frozen and thawed with SIGSTOP/SIGCONT on its whole process group
//! (the parent, the session engine and the RDE), killed on drop. Fails loudly when OpenBGPD
//! is not installed (scripts/install-test-tools installs the Debian package `openbgpd`).
//!
//! OpenBGPD facts these tests rely on (7.7, Debian 12): the RDE chroots into
//! `/run/openbgpd`, which must exist; the configuration file must not be readable by others;
//! the default `connect-retry` is 120 s, so the configurations written by the tests lower it.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::Signal;
use nix::unistd::Pid;

use super::wait_until_reporting;

const BGPD: &str = "/usr/sbin/bgpd";
const BGPCTL: &str = "/usr/sbin/bgpctl";
const CHROOT: &str = "/run/openbgpd";

fn installed(path: &str) -> &str {
    assert!(
        Path::new(path).is_file(),
        "`{path}` is not installed: run scripts/install-test-tools (Debian package openbgpd)"
    );
    path
}

/// A running OpenBGPD.
pub struct OpenBgpd {
    child: Option<Child>,
    directory: PathBuf,
}

impl OpenBgpd {
    /// Writes `config` to `directory`/bgpd.conf (mode 0600), checks it (`bgpd -n`) and starts
    /// `bgpd`; returns once `bgpctl` answers. The configuration must say
    /// `socket "<directory>/bgpd.sock"`.
    pub fn start(directory: &Path, config: &str) -> OpenBgpd {
        let config_path = directory.join("bgpd.conf");
        std::fs::write(&config_path, config).expect("bgpd.conf");
        std::fs::set_permissions(&config_path, std::fs::Permissions::from_mode(0o600))
            .expect("chmod bgpd.conf");
        if !Path::new(CHROOT).is_dir() {
            std::fs::create_dir_all(CHROOT).unwrap_or_else(|error| {
                panic!("OpenBGPD needs {CHROOT} ({error}): run scripts/install-test-tools")
            });
        }
        let check = Command::new(installed(BGPD))
            .arg("-n")
            .arg("-f")
            .arg(&config_path)
            .output()
            .expect("bgpd -n");
        assert!(
            check.status.success(),
            "bgpd -n refused the configuration: {check:?}\n{config}"
        );
        let mut openbgpd = OpenBgpd {
            child: None,
            directory: directory.to_owned(),
        };
        openbgpd.spawn();
        openbgpd
    }

    fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.directory.join("bgpd.log"))
            .expect("bgpd.log");
        let child = Command::new(installed(BGPD))
            .arg("-d")
            .arg("-v")
            .arg("-f")
            .arg(self.directory.join("bgpd.conf"))
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("bgpd starts");
        self.child = Some(child);
        self.wait_for("show summary", &["Neighbor"]);
    }

    /// Sends `signal` to every process of this OpenBGPD (SIGSTOP freezes it, SIGCONT thaws it).
    pub fn signal(&self, signal: Signal) {
        let child = self.child.as_ref().expect("bgpd is running");
        let group = Pid::from_raw(i32::try_from(child.id()).expect("pid"));
        nix::sys::signal::killpg(group, signal).expect("signal bgpd");
    }

    /// Kills every process of this OpenBGPD (SIGKILL: no NOTIFICATION is sent).
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let group = Pid::from_raw(i32::try_from(child.id()).expect("pid"));
            let _ = nix::sys::signal::killpg(group, Signal::SIGKILL);
            let _ = child.wait();
            // The session engine and the RDE are not our children: wait (bounded) until
            // the group is gone, so a restart can bind the same address and port.
            let deadline = Instant::now() + Duration::from_secs(20);
            while group_alive(group.as_raw()) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = std::fs::remove_file(self.directory.join("bgpd.sock"));
        }
    }

    /// Starts `bgpd` again with the same configuration.
    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }

    /// The output of `bgpctl -s SOCKET arguments…` (split on spaces).
    pub fn bgpctl(&self, arguments: &str) -> String {
        let output = Command::new(installed(BGPCTL))
            .arg("-s")
            .arg(self.directory.join("bgpd.sock"))
            .args(arguments.split_whitespace())
            .output()
            .expect("bgpctl");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Polls `bgpctl arguments` until its output contains every one of `wanted`.
    pub fn wait_for(&self, arguments: &str, wanted: &[&str]) -> String {
        self.wait_until(arguments, |output| {
            wanted.iter().all(|part| output.contains(part))
        })
    }

    /// Polls `bgpctl arguments` until `accept` says yes; returns that output.
    pub fn wait_until(&self, arguments: &str, accept: impl Fn(&str) -> bool) -> String {
        wait_until_reporting(
            &format!("`bgpctl {arguments}` showing what the test waits for"),
            Duration::from_secs(60),
            || {
                let output = self.bgpctl(arguments);
                accept(&output).then_some(output)
            },
            || format!("output:\n{}\nlog:\n{}", self.bgpctl(arguments), self.log()),
        )
    }

    /// Waits until the session with `neighbor` is Established.
    pub fn wait_established(&self, neighbor: &str) -> String {
        self.wait_for(
            &format!("show neighbor {neighbor}"),
            &["BGP state = Established"],
        )
    }

    /// The Adj-RIB-In entries received from `neighbor` for `prefix`, in `bgpctl`'s detail
    /// form, one string per path, once there are at least `count`.
    pub fn wait_for_paths(&self, neighbor: &str, prefix: &str, count: usize) -> Vec<String> {
        let arguments = format!("show rib in neighbor {neighbor} detail {prefix}");
        let output = self.wait_until(&arguments, |output| {
            output.matches("BGP routing table entry").count() >= count
        });
        output
            .split("BGP routing table entry")
            .skip(1)
            .map(str::to_owned)
            .collect()
    }

    /// Waits for `prefix` from `neighbor` in the Adj-RIB-In; checks that the (first) entry
    /// contains every one of `wanted`.
    pub fn assert_received(&self, neighbor: &str, prefix: &str, wanted: &[&str]) {
        let path = &self.wait_for_paths(neighbor, prefix, 1)[0];
        for part in wanted {
            assert!(
                path.contains(part),
                "no {part:?} in OpenBGPD's entry:{path}"
            );
        }
    }

    /// A number from `bgpctl show neighbor NEIGHBOR`: the `column`th (0 sent, 1 received)
    /// of the first line that starts with `label` after the line that starts with `section`
    /// ("Message statistics", "Updates"); 0 when there is none.
    pub fn statistic(&self, neighbor: &str, section: &str, label: &str, column: usize) -> u64 {
        self.bgpctl(&format!("show neighbor {neighbor}"))
            .lines()
            .skip_while(|line| !line.trim_start().starts_with(section))
            .find(|line| line.trim_start().starts_with(label))
            .and_then(|line| {
                line.trim_start()[label.len()..]
                    .split_whitespace()
                    .nth(column)
                    .and_then(|number| number.parse().ok())
            })
            .unwrap_or(0)
    }

    /// OpenBGPD's log (its stderr with `-d -v`).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.directory.join("bgpd.log")).unwrap_or_default()
    }
}

/// Whether a process of group `group` is still running (zombies, which may wait for a
/// reaper that never comes in a container, do not count).
fn group_alive(group: i32) -> bool {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return false;
    };
    entries.flatten().any(|entry| {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            return false;
        };
        // pid (comm) state ppid pgrp …: comm may hold spaces, so split after the last ')'.
        let Some((_, rest)) = stat.rsplit_once(')') else {
            return false;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        fields.len() > 2 && fields[0] != "Z" && fields[2] == group.to_string()
    })
}

impl Drop for OpenBgpd {
    fn drop(&mut self) {
        self.kill();
    }
}
