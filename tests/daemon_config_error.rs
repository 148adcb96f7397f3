//! `ferrobgp run` with a broken configuration file: exit 1, every problem of the file shown
//! with its place (the same diagnostics as `ferrobgp check`), nothing started. Also a file
//! that does not exist, a listening address that cannot be bound, and no file at all.

mod daemon_support;

use daemon_support::{Daemon, Scratch, free_port};

#[test]
fn a_broken_file_is_refused_with_its_diagnostics() {
    let scratch = Scratch::new("config-error");
    let good = scratch.write(
        "good.kdl",
        "router-id \"192.0.2.1\"\nlocal-as 65001\nlisten #false\nneighbor \"127.0.0.51\" { peer-as 65002 }\n",
    );
    let bad = scratch.write("bad.kdl", "router-id 192.0.2.1\nlocal-as 10.0.0.1\n");
    let missing = scratch.file("missing.kdl").display().to_string();
    let mut daemon = Daemon::start("broken", &["run", &good, &bad, &missing], &[]);
    let status = daemon.wait_exit();
    assert_eq!(status.code(), Some(1));
    daemon.wait_for(&[&format!("[{bad}:1:11]")]);
    daemon.wait_for(&[&format!("[{bad}:2:10]")]);
    daemon.wait_for(&[&format!("{bad}: 2 errors")]);
    daemon.wait_for(&[&format!("cannot read {missing}")]);
    daemon.wait_for(&["ferrobgp run: not started"]);
    assert!(
        daemon.lines().iter().all(|line| !line.contains("running")),
        "{:#?}",
        daemon.lines()
    );
}

#[test]
fn an_address_in_use_stops_the_start() {
    let scratch = Scratch::new("address-in-use");
    let address = "127.0.0.52";
    let taken = std::net::TcpListener::bind((address, 0)).expect("bind");
    let port = taken.local_addr().expect("address").port();
    let config = scratch.write(
        "busy.kdl",
        &format!(
            "router-id \"192.0.2.1\"\nlocal-as 65001\nlisten \"{address}\" port={port}\n\
             control-fifo #false\nneighbor \"127.0.0.53\" {{ peer-as 65002; connect-port {} }}\n",
            free_port(address)
        ),
    );
    let mut daemon = Daemon::start("busy", &["run", &config], &[]);
    let status = daemon.wait_exit();
    assert_eq!(status.code(), Some(1));
    daemon.wait_for(&["busy: cannot listen on", &format!("{address}:{port}")]);
}

#[test]
fn no_file_is_a_usage_error() {
    let mut daemon = Daemon::start("usage", &["run"], &[]);
    assert_eq!(daemon.wait_exit().code(), Some(2));
    daemon.wait_for(&["run needs a configuration file"]);
}
