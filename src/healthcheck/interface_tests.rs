//! The interface set-up against a recording fake runner: no real interface is touched.

use super::*;

/// Answers listings with fixed text and records every command.
#[derive(Debug, Default)]
pub(crate) struct FakeRunner {
    pub listings: Vec<(String, String)>,
    pub commands: Vec<String>,
    pub add_status: i32,
}

impl CommandRunner for FakeRunner {
    fn run(&mut self, arguments: &[String]) -> io::Result<CommandOutput> {
        self.commands.push(arguments.join(" "));
        if arguments.get(1).map(String::as_str) == Some("-o") {
            let interface = arguments.last().cloned().unwrap_or_default();
            let stdout = self
                .listings
                .iter()
                .find(|(name, _)| *name == interface)
                .map(|(_, text)| text.clone())
                .unwrap_or_default();
            return Ok(CommandOutput {
                status: Some(0),
                stdout,
            });
        }
        let status = if arguments.contains(&"add".to_string()) {
            self.add_status
        } else {
            0
        };
        Ok(CommandOutput {
            status: Some(status),
            stdout: String::new(),
        })
    }
}

const LOOPBACK: &str = "\
1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
1: lo    inet 192.0.2.1/32 scope global lo:web1\\       valid_lft forever preferred_lft forever
1: lo    inet 192.0.2.2/32 scope global lo:webfront\\       valid_lft forever preferred_lft forever
1: lo    inet 10.1.1.1/24 scope global lo\\       valid_lft forever preferred_lft forever
1: lo    inet6 2001:db8::7/128 scope global \\       valid_lft forever preferred_lft forever
1: lo    inet6 ::1/128 scope host noprefixroute \\       valid_lft forever preferred_lft forever";

fn networks(texts: &[&str]) -> Vec<Network> {
    texts
        .iter()
        .filter_map(|text| Network::parse(text))
        .collect()
}

fn strings(networks: &[Network]) -> Vec<String> {
    networks.iter().map(ToString::to_string).collect()
}

#[test]
fn listing_is_read_as_exabgp_reads_it() {
    let placement = Placement::default();
    assert_eq!(
        strings(&placement.addresses_in(LOOPBACK)),
        ["192.0.2.1/32", "192.0.2.2/32", "2001:db8::7/128"]
    );
    let labelled = Placement {
        label: Some("web".into()),
        ..Placement::default()
    };
    assert_eq!(
        strings(&labelled.addresses_in(LOOPBACK)),
        ["192.0.2.1/32", "192.0.2.2/32"]
    );
    let exact = Placement {
        label: Some("web1".into()),
        label_exact_match: true,
        ..Placement::default()
    };
    assert_eq!(strings(&exact.addresses_in(LOOPBACK)), ["192.0.2.1/32"]);
}

#[test]
fn set_up_adds_only_missing_hosts() {
    let mut runner = FakeRunner {
        listings: vec![("lo".into(), LOOPBACK.into())],
        ..FakeRunner::default()
    };
    let placement = Placement {
        interfaces: networks(&["198.51.100.0/31"])
            .into_iter()
            .map(|network| (network, "eth0".to_string()))
            .collect(),
        label: None,
        label_exact_match: false,
        sudo: true,
    };
    let result = add(
        &mut runner,
        &placement,
        &networks(&["192.0.2.1", "198.51.100.0/31"]),
    );
    assert_eq!(result, Ok(()));
    assert_eq!(
        runner.commands,
        [
            "/sbin/ip -o address show dev lo",
            "/sbin/ip -o address show dev eth0",
            "sudo ip address add 198.51.100.0/32 dev eth0",
            "sudo ip address add 198.51.100.1/32 dev eth0",
        ]
    );
}

#[test]
fn already_there_is_fine_other_failures_are_not() {
    let placement = Placement {
        label: Some("svc".into()),
        ..Placement::default()
    };
    let mut runner = FakeRunner {
        add_status: 2,
        ..FakeRunner::default()
    };
    assert_eq!(
        add(&mut runner, &placement, &networks(&["192.0.2.9"])),
        Ok(())
    );
    assert_eq!(
        runner.commands.last().map(String::as_str),
        Some("ip address add 192.0.2.9/32 dev lo label lo:svc")
    );
    let mut runner = FakeRunner {
        add_status: 1,
        ..FakeRunner::default()
    };
    assert_eq!(
        add(&mut runner, &placement, &networks(&["192.0.2.9"])),
        Err("`ip address add 192.0.2.9/32 dev lo label lo:svc` failed with status Some(1)".into())
    );
}

#[test]
fn removal_deletes_only_present_hosts() {
    let mut runner = FakeRunner {
        listings: vec![("lo".into(), LOOPBACK.into())],
        ..FakeRunner::default()
    };
    let warnings = remove(
        &mut runner,
        &Placement::default(),
        &networks(&["192.0.2.1", "192.0.2.3"]),
    );
    assert_eq!(warnings, Ok(Vec::new()));
    assert_eq!(
        runner.commands,
        [
            "/sbin/ip -o address show dev lo",
            "ip address delete 192.0.2.1/32 dev lo"
        ]
    );
}
