//! The README's main command: `ferrobgp run config-examples/quickstart.kdl
//! config-examples/quickstart-peer.kdl` runs two speakers in one process on 127.0.0.1 and
//! 127.0.0.2 port 1790. Both sessions reach Established, the first speaker's two static
//! routes appear in the second's log with their attributes, its helper is started, and Ctrl-C (SIGINT) stops both with Cease 2 and exit 0.
//!
//! It uses the example files as they are (fixed addresses and port 1790): nothing else on
//! this machine may be running the quickstart meanwhile.

mod daemon_support;

use daemon_support::{Daemon, repository_file};
use nix::sys::signal::Signal;

#[test]
fn the_quickstart_runs_in_one_command() {
    let first = repository_file("config-examples/quickstart.kdl");
    let second = repository_file("config-examples/quickstart-peer.kdl");
    let mut daemon = Daemon::start("quickstart", &["run", &first, &second], &[]);

    daemon.wait_for(&["speaker{name=quickstart}", "neighbor 127.0.0.2 up"]);
    daemon.wait_for(&["speaker{name=quickstart-peer}", "neighbor 127.0.0.1 up"]);
    daemon.wait_for(&[
        "speaker{name=quickstart-peer}",
        "neighbor 127.0.0.1 receive update announced 198.51.100.0/24 next-hop 127.0.0.1",
        "origin igp as-path ( 65001 ) community 65001:100",
    ]);
    daemon.wait_for(&[
        "neighbor 127.0.0.1 receive update announced 203.0.113.0/25 next-hop 127.0.0.1",
        "med 50",
    ]);
    daemon.wait_for(&["neighbor 127.0.0.1 receive update route eor 1/1 (ipv4 unicast)"]);
    daemon.wait_for(&["neighbor 127.0.0.2 receive update route eor 2/1 (ipv6 unicast)"]);
    daemon.wait_for(&["speaker{name=quickstart-peer}", "helper events: running"]);

    daemon.signal(Signal::SIGINT);
    // Both speakers stop at once: whichever is first sends the Cease.
    daemon.wait_for(&[
        "notification sent: (6/2) Cease, Administrative Shutdown: ferrobgp shutting down",
    ]);
    let status = daemon.wait_exit();
    assert_eq!(status.code(), Some(0), "{:#?}", daemon.lines());
}
