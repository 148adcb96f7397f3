//! Helpers start with no signal blocked. The daemon blocks the signals it reads through
//! signalfd, and a blocked mask survives `exec`: a helper that inherited it would ignore the
//! SIGTERM of an ordered stop or restart and always wait for SIGKILL.
//!
//! The real `ferrobgp run` starts a shell helper that `exec`s into `grep` (so no shell can
//! reset the mask on the way) and, once restarted with SIGUSR2, into `cat`, which must end
//! on the restart's SIGTERM (exit status 15), not on the SIGKILL after the grace period (9).

mod daemon_support;

use daemon_support::{Daemon, Scratch};

#[test]
fn helpers_start_with_no_signal_blocked_and_end_on_sigterm() {
    let scratch = Scratch::new("helper-signals");
    let marker = scratch.file("started-once");
    let script = scratch.write(
        "helper.sh",
        &format!(
            "if [ -e {marker} ]; then exec cat >/dev/null; fi\n\
             touch {marker}\n\
             exec grep -E '^SigBlk' /proc/self/status >&2\n",
            marker = marker.display()
        ),
    );
    let config = scratch.write(
        "ferrobgp.kdl",
        &format!(
            r#"router-id "192.0.2.1"
local-as 65001
listen #false
control-fifo #false
watch-config #false
process "probe" {{ run "/bin/sh" "{script}"; }}
"#
        ),
    );
    let mut daemon = Daemon::start("signals", &["run", &config], &[]);
    let line = daemon.wait_for(&["helper probe", "SigBlk:"]);
    assert!(
        line.ends_with("SigBlk:\t0000000000000000"),
        "the helper inherited blocked signals: {line}"
    );
    // The second run is `cat`, waiting on its stdin; SIGUSR2 restarts every helper.
    daemon_support::wait_until("second run", daemon_support::WAIT, || {
        (daemon.count(&["helper probe", "running, pid"]) >= 2).then_some(())
    });
    let before = daemon.lines().len();
    daemon.signal(nix::sys::signal::Signal::SIGUSR2);
    let exited = daemon.wait_for_from(before, &["helper probe", "exited"], daemon_support::WAIT);
    assert!(
        exited.contains("unix_wait_status(15)"),
        "the restart's SIGTERM did not end the helper: {exited}"
    );
    daemon.signal(nix::sys::signal::Signal::SIGTERM);
    assert!(daemon.wait_exit().success());
}
