//! The service addresses on the interfaces: which are there (`/sbin/ip -o address show dev
//! IFNAME`), which to add (`ip address add … dev IFNAME [label IFNAME:LABEL]`, exit status 2
//! "already there" ignored) and which to delete, with the commands ExaBGP runs. The commands
//! go through an injected [`CommandRunner`], so tests never touch a real interface; this file
//! must not spawn anything itself (the real runner lives in `process.rs`).

use super::address::Network;
use std::io;

/// What a finished command reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandOutput {
    /// The exit status, `None` when killed by a signal.
    pub status: Option<i32>,
    pub stdout: String,
}

/// Runs one command (program and arguments, no shell) to completion.
pub trait CommandRunner {
    fn run(&mut self, arguments: &[String]) -> io::Result<CommandOutput>;
}

/// `ip address add` exits 2 when the address is already there.
const ALREADY_THERE: i32 = 2;

/// How addresses are placed on interfaces.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    /// `--ip-ifname`: networks that go on an interface other than `lo`.
    pub interfaces: Vec<(Network, String)>,
    pub label: Option<String>,
    pub label_exact_match: bool,
    pub sudo: bool,
}

impl Placement {
    /// The interfaces to look at: `lo` and every `--ip-ifname` interface.
    pub fn interface_names(&self) -> Vec<String> {
        let mut names = vec!["lo".to_string()];
        for (_, name) in &self.interfaces {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        names
    }

    /// The interface an address goes on: that of the `--ip-ifname` network holding it, else
    /// `lo`. (ExaBGP looks the host address up among the `--ip-ifname` networks themselves,
    /// so only a `/32` or `/128` ever leaves `lo` there; a wider network's hosts go on its
    /// interface here.)
    pub fn interface_of(&self, host: &Network) -> String {
        self.interfaces
            .iter()
            .find(|(network, _)| network.contains(host.address()))
            .map_or_else(|| "lo".to_string(), |(_, name)| name.clone())
    }

    /// `/sbin/ip -o address show dev IFNAME`.
    pub fn listing_command(interface: &str) -> Vec<String> {
        ["/sbin/ip", "-o", "address", "show", "dev", interface]
            .iter()
            .map(|word| word.to_string())
            .collect()
    }

    /// `[sudo] ip address add|delete HOST dev IFNAME [label IFNAME:LABEL]`.
    pub fn change_command(&self, verb: &str, host: &Network) -> Vec<String> {
        let interface = self.interface_of(host);
        let mut command = Vec::new();
        if self.sudo {
            command.push("sudo".to_string());
        }
        command.extend(["ip", "address", verb].iter().map(|word| word.to_string()));
        command.push(host.to_string());
        command.push("dev".into());
        command.push(interface.clone());
        if let Some(label) = &self.label {
            command.push("label".into());
            command.push(format!("{interface}:{label}"));
        }
        command
    }

    /// The non-loopback addresses listed on the interfaces that match the label (all of them
    /// without `--label`), in listing order.
    pub fn addresses_in(&self, listing: &str) -> Vec<Network> {
        let names = self.interface_names();
        let mut found = Vec::new();
        for line in listing.lines() {
            let line = line.trim();
            let Some(network) = listed_network(line) else {
                continue;
            };
            if network.is_loopback() {
                continue;
            }
            if let Some(wanted) = &self.label {
                let Some(label) = listed_label(line, &names) else {
                    continue;
                };
                let matches = if self.label_exact_match {
                    label == wanted
                } else {
                    label.starts_with(wanted.as_str())
                };
                if !matches {
                    continue;
                }
            }
            if !found.contains(&network) {
                found.push(network);
            }
        }
        found
    }
}

/// The network of one `ip -o address` line: `INDEX: NAME inet[6] ADDRESS/LENGTH …`. Like
/// ExaBGP, an address listed with host bits set (`10.0.0.1/24`) is skipped.
fn listed_network(line: &str) -> Option<Network> {
    let mut words = line.split_whitespace();
    let index = words.next()?.strip_suffix(':')?;
    if index.is_empty() || !index.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let _name = words.next()?;
    if !matches!(words.next()?, "inet" | "inet6") {
        return None;
    }
    let (address, length) = words.next()?.split_once('/')?;
    // ExaBGP's pattern needs more text after the address.
    words.next()?;
    let valid_address = address.bytes().all(|byte| {
        byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte) || byte == b'.' || byte == b':'
    });
    if !valid_address || length.is_empty() || !length.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    Network::parse(&format!("{address}/{length}"))
}

/// The label of a listed address: the last word `IFNAME:LABEL` (for one of our interfaces),
/// up to a backslash.
fn listed_label<'line>(line: &'line str, names: &[String]) -> Option<&'line str> {
    line.split_whitespace().rev().find_map(|word| {
        names.iter().find_map(|name| {
            let rest = word.strip_prefix(name.as_str())?.strip_prefix(':')?;
            let label = rest.split('\\').next()?;
            (!label.is_empty()).then_some(label)
        })
    })
}

/// The addresses present now on our interfaces.
pub fn present(runner: &mut dyn CommandRunner, placement: &Placement) -> Vec<Network> {
    let mut listing = String::new();
    for name in placement.interface_names() {
        if let Ok(output) = runner.run(&Placement::listing_command(&name)) {
            listing.push_str(&output.stdout);
            listing.push('\n');
        }
    }
    placement.addresses_in(&listing)
}

/// Every host address of the networks, in order, without repeats.
fn hosts(networks: &[Network]) -> Result<Vec<Network>, String> {
    let mut all: Vec<Network> = Vec::new();
    for network in networks {
        let hosts = network
            .hosts()
            .ok_or_else(|| format!("{network} is too wide to set up on an interface"))?;
        for host in hosts {
            if !all.contains(&host) {
                all.push(host);
            }
        }
    }
    Ok(all)
}

/// Adds every host address of `networks` that is not on its interface yet. A failure other
/// than "already there" is an error.
pub fn add(
    runner: &mut dyn CommandRunner,
    placement: &Placement,
    networks: &[Network],
) -> Result<(), String> {
    let existing = present(runner, placement);
    for host in hosts(networks)? {
        if existing.contains(&host) {
            continue;
        }
        let command = placement.change_command("add", &host);
        match runner.run(&command) {
            Ok(output) if output.status == Some(0) || output.status == Some(ALREADY_THERE) => {}
            Ok(output) => {
                return Err(format!(
                    "`{}` failed with status {:?}",
                    command.join(" "),
                    output.status
                ));
            }
            Err(error) => return Err(format!("`{}` failed: {error}", command.join(" "))),
        }
    }
    Ok(())
}

/// Deletes every host address of `networks` found on the interfaces; returns a warning for
/// each one that could not be deleted.
pub fn remove(
    runner: &mut dyn CommandRunner,
    placement: &Placement,
    networks: &[Network],
) -> Result<Vec<String>, String> {
    let existing = present(runner, placement);
    let mut warnings = Vec::new();
    for host in hosts(networks)? {
        if !existing.contains(&host) {
            continue;
        }
        let command = placement.change_command("delete", &host);
        let succeeded = matches!(runner.run(&command), Ok(output) if output.status == Some(0));
        if !succeeded {
            warnings.push(format!(
                "Unable to remove {} IP address {host} - is healthcheck running as root?",
                placement.interface_of(&host)
            ));
        }
    }
    Ok(warnings)
}

#[cfg(test)]
#[path = "interface_tests.rs"]
mod tests;
