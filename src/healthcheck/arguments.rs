//! The healthcheck's command line, read the way Python's `argparse` reads ExaBGP's: the same
//! long and short option names, `--name value`, `--name=value`, `-xVALUE`, clustered short
//! flags (`-ds`), unique prefixes of long names (`--inter 5`), and `--config` files holding one
//! `long-option[ = value]` per line. Pure: it turns words into `(Flag, value)` pairs and must
//! not interpret the values (see `options.rs`) or open files.

/// Every option. [`Flag::Resend`] is ferrobgp's own; the rest are ExaBGP 5.0's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flag {
    Help,
    Silent,
    SyslogFacility,
    NoSyslog,
    Debug,
    NoAck,
    Sudo,
    Name,
    Config,
    Pid,
    User,
    Group,
    Interval,
    FastInterval,
    Timeout,
    Rise,
    Fall,
    Disable,
    Command,
    NextHop,
    Ip,
    IpIfname,
    LocalPreference,
    DeaggregateNetworks,
    NoIpSetup,
    DynamicIpSetup,
    Label,
    LabelExactMatch,
    StartIp,
    UpMetric,
    DownMetric,
    DisabledMetric,
    Increase,
    Community,
    ExtendedCommunity,
    LargeCommunity,
    DisabledCommunity,
    AsPath,
    UpAsPath,
    DownAsPath,
    DisabledAsPath,
    WithdrawOnDown,
    PathId,
    Neighbor,
    Debounce,
    Execute,
    UpExecute,
    DownExecute,
    DisabledExecute,
    Resend,
}

/// Whether an option takes a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Arity {
    None,
    One,
    /// Takes the next word unless it looks like an option (`--syslog-facility`).
    Optional,
}

/// One option: its names (long ones with `--`, short ones with `-`), arity and help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Specification {
    pub flag: Flag,
    pub names: &'static [&'static str],
    pub arity: Arity,
    pub metavar: &'static str,
    pub help: &'static str,
    /// ExaBGP's option (true) or ferrobgp's extension, which is never matched by a prefix so
    /// that every abbreviation ExaBGP accepts keeps its meaning.
    pub exabgp: bool,
}

const fn option(
    flag: Flag,
    names: &'static [&'static str],
    arity: Arity,
    metavar: &'static str,
    help: &'static str,
) -> Specification {
    Specification {
        flag,
        names,
        arity,
        metavar,
        help,
        exabgp: true,
    }
}

use Arity::{None as Switch, One, Optional};

/// The options, in ExaBGP's `--help` order.
#[rustfmt::skip]
pub const SPECIFICATIONS: &[Specification] = &[
    option(Flag::Help, &["-h", "--help"], Switch, "", "show this help message and exit"),
    option(Flag::Silent, &["--silent", "-s"], Switch, "", "don't log to console"),
    option(Flag::SyslogFacility, &["--syslog-facility", "-sF"], Optional, "FACILITY", "log to syslog using FACILITY, default FACILITY is daemon"),
    option(Flag::NoSyslog, &["--no-syslog"], Switch, "", "disable syslog logging"),
    option(Flag::Debug, &["--debug", "-d"], Switch, "", "enable debugging"),
    option(Flag::NoAck, &["--no-ack", "-a"], Switch, "", "do not wait for an acknowledgement line after each command (exabgp.api.ack=false)"),
    option(Flag::Sudo, &["--sudo"], Switch, "", "use sudo to setup ip addresses"),
    option(Flag::Name, &["--name", "-n"], One, "NAME", "name for this healthchecker"),
    option(Flag::Config, &["--config", "-F"], One, "FILE", "read configuration from a file"),
    option(Flag::Pid, &["--pid", "-p"], One, "FILE", "write PID to the provided file"),
    option(Flag::User, &["--user"], One, "USER", "set user after setting ip addresses"),
    option(Flag::Group, &["--group"], One, "GROUP", "set group after setting ip addresses"),
    option(Flag::Interval, &["--interval", "-i"], One, "N", "wait N seconds between each healthcheck (zero to exit after first announcement)"),
    option(Flag::FastInterval, &["--fast-interval", "-f"], One, "N", "when a state change is about to occur, wait N seconds between each healthcheck"),
    option(Flag::Timeout, &["--timeout", "-t"], One, "N", "wait N seconds for the check command to execute"),
    option(Flag::Rise, &["--rise"], One, "N", "check N times before considering the service up"),
    option(Flag::Fall, &["--fall"], One, "N", "check N times before considering the service down"),
    option(Flag::Disable, &["--disable"], One, "FILE", "if FILE exists, the service is considered disabled"),
    option(Flag::Command, &["--command", "--cmd", "-c"], One, "CMD", "command to use for healthcheck"),
    option(Flag::NextHop, &["--next-hop", "-N"], One, "IP", "self IP address to use as next hop"),
    option(Flag::Ip, &["--ip"], One, "IP", "advertise this IP address or network (CIDR notation)"),
    option(Flag::IpIfname, &["--ip-ifname"], One, "IP%IFNAME", "bind this IP address or network (CIDR) to the given physical or logical interface (i.e. 192.165.14.1%eth0)"),
    option(Flag::LocalPreference, &["--local-preference"], One, "P", "advertise with local preference P"),
    option(Flag::DeaggregateNetworks, &["--deaggregate-networks"], Switch, "", "Deaggregate Networks specified in --ip"),
    option(Flag::NoIpSetup, &["--no-ip-setup"], Switch, "", "don't setup missing IP addresses"),
    option(Flag::DynamicIpSetup, &["--dynamic-ip-setup"], Switch, "", "delete setup ips on state down and disabled, then restore them when up"),
    option(Flag::Label, &["--label"], One, "LABEL", "use the provided label to match setup ip addresses"),
    option(Flag::LabelExactMatch, &["--label-exact-match"], Switch, "", "use the provided label to exactly match setup ip addresses, not a prefix match"),
    option(Flag::StartIp, &["--start-ip"], One, "N", "index of the first IP in the list of IP addresses"),
    option(Flag::UpMetric, &["--up-metric"], One, "M", "first IP get the metric M when the service is up"),
    option(Flag::DownMetric, &["--down-metric"], One, "M", "first IP get the metric M when the service is down"),
    option(Flag::DisabledMetric, &["--disabled-metric"], One, "M", "first IP get the metric M when the service is disabled"),
    option(Flag::Increase, &["--increase"], One, "M", "for each additional IP address, increase metric value by M"),
    option(Flag::Community, &["--community"], One, "COMMUNITY", "announce IPs with the supplied community"),
    option(Flag::ExtendedCommunity, &["--extended-community"], One, "EXTENDEDCOMMUNITY", "announce IPs with the supplied extended community"),
    option(Flag::LargeCommunity, &["--large-community"], One, "LARGECOMMUNITY", "announce IPs with the supplied large community"),
    option(Flag::DisabledCommunity, &["--disabled-community"], One, "DISABLEDCOMMUNITY", "announce IPs with the supplied community when disabled"),
    option(Flag::AsPath, &["--as-path"], One, "ASPATH", "announce IPs with the supplied as-path"),
    option(Flag::UpAsPath, &["--up-as-path"], One, "ASPATH", "announce IPs with the supplied as-path when the service is up"),
    option(Flag::DownAsPath, &["--down-as-path"], One, "ASPATH", "announce IPs with the supplied as-path when the service is down"),
    option(Flag::DisabledAsPath, &["--disabled-as-path"], One, "ASPATH", "announce IPs with the supplied as-path when the service is disabled"),
    option(Flag::WithdrawOnDown, &["--withdraw-on-down"], Switch, "", "Instead of increasing the metric on health failure, withdraw the route"),
    option(Flag::PathId, &["--path-id"], One, "PATHID", "path ID to advertise for the route"),
    option(Flag::Neighbor, &["--neighbor"], One, "NEIGHBOR", "advertise the route to the selected neighbors (* for all)"),
    option(Flag::Debounce, &["--debounce"], Switch, "", "announce only on state changes, instead of every iteration"),
    option(Flag::Execute, &["--execute"], One, "CMD", "execute CMD on state change"),
    option(Flag::UpExecute, &["--up-execute"], One, "CMD", "execute CMD when the service becomes available"),
    option(Flag::DownExecute, &["--down-execute"], One, "CMD", "execute CMD when the service becomes unavailable"),
    option(Flag::DisabledExecute, &["--disabled-execute"], One, "CMD", "execute CMD when the service is disabled"),
    Specification {
        flag: Flag::Resend,
        names: &["--resend"],
        arity: Switch,
        metavar: "",
        help: "(ferrobgp) re-send the announcements every interval even when they did not change, as ExaBGP does without --debounce",
        exabgp: false,
    },
];

/// The options that exclude each other (an `argparse` mutually exclusive group).
pub const EXCLUSIVE: &[Flag] = &[Flag::Silent, Flag::SyslogFacility, Flag::NoSyslog];

/// One option as given, with its value (`None` for a switch or an absent optional value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given {
    pub flag: Flag,
    /// The name as written by the user, for messages.
    pub name: String,
    pub value: Option<String>,
}

/// The specification of `flag`.
pub fn specification(flag: Flag) -> Option<&'static Specification> {
    SPECIFICATIONS
        .iter()
        .find(|candidate| candidate.flag == flag)
}

/// `--a/-b` as argparse names an option in its messages.
pub fn display_name(flag: Flag) -> String {
    specification(flag).map_or_else(String::new, |found| found.names.join("/"))
}

/// Whether a word is taken as an option rather than a value, decided in argparse's order: a
/// known name (or a known name before `=`, or a prefix of a long name) is an option; else a
/// negative number or a word with a space is a value; else a word starting with `-` is an
/// (unknown) option.
fn looks_like_option(word: &str) -> bool {
    if !word.starts_with('-') || word.len() < 2 {
        return false;
    }
    let name = word.split_once('=').map_or(word, |(name, _)| name);
    if find_short(word).is_some() || find_short(name).is_some() {
        return true;
    }
    if word.starts_with("--")
        && !matches!(find_long(name), Err(message) if message.starts_with("unrecognized"))
    {
        return true;
    }
    let rest = &word[1..];
    let negative_number = match rest.split_once('.') {
        None => rest.bytes().all(|byte| byte.is_ascii_digit()),
        Some((whole, fraction)) => {
            whole.bytes().all(|byte| byte.is_ascii_digit())
                && !fraction.is_empty()
                && fraction.bytes().all(|byte| byte.is_ascii_digit())
        }
    };
    !negative_number && !word.contains(' ')
}

/// Finds the option a `--long` name (or unique prefix of one) designates.
fn find_long(name: &str) -> Result<&'static Specification, String> {
    let exact = SPECIFICATIONS
        .iter()
        .find(|candidate| candidate.names.contains(&name));
    if let Some(found) = exact {
        return Ok(found);
    }
    let matches: Vec<(&'static str, &'static Specification)> = SPECIFICATIONS
        .iter()
        .filter(|candidate| candidate.exabgp)
        .flat_map(|candidate| candidate.names.iter().map(move |long| (*long, candidate)))
        .filter(|(long, _)| long.starts_with("--") && long.starts_with(name))
        .collect();
    match matches.as_slice() {
        [(_, found)] => Ok(found),
        [] => Err(format!("unrecognized arguments: {name}")),
        several => {
            let names: Vec<&str> = several.iter().map(|(long, _)| *long).collect();
            Err(format!(
                "ambiguous option: {name} could match {}",
                names.join(", ")
            ))
        }
    }
}

/// Finds the option of a short name such as `-i` or `-sF`.
fn find_short(name: &str) -> Option<&'static Specification> {
    SPECIFICATIONS
        .iter()
        .find(|candidate| candidate.names.contains(&name))
}

/// Splits words into options and values. Errors are argparse's messages.
pub fn parse(words: &[String]) -> Result<Vec<Given>, String> {
    let mut given = Vec::new();
    let mut index = 0;
    while let Some(word) = words.get(index) {
        index += 1;
        if !looks_like_option(word) {
            return Err(format!("unrecognized arguments: {word}"));
        }
        // (specification, name as written, value attached to the word)
        let (found, name, attached): (&Specification, String, Option<String>) =
            if word.starts_with("--") {
                let (name, attached) = match word.split_once('=') {
                    Some((name, value)) => (name, Some(value.to_string())),
                    None => (word.as_str(), None),
                };
                (find_long(name)?, name.to_string(), attached)
            } else if let Some(found) = find_short(word) {
                (found, word.clone(), None)
            } else if let Some((name, value)) = word.split_once('=')
                && let Some(found) = find_short(name)
            {
                (found, name.to_string(), Some(value.to_string()))
            } else {
                // `-i5`, or a cluster of switches `-ds`.
                let name = word.get(..2).unwrap_or(word);
                let rest = word.get(2..).unwrap_or("");
                let found = find_short(name).ok_or(format!("unrecognized arguments: {word}"))?;
                if found.arity == Arity::None {
                    given.push(Given {
                        flag: found.flag,
                        name: name.to_string(),
                        value: None,
                    });
                    let mut cluster = vec![format!("-{rest}")];
                    cluster.extend(words.get(index..).unwrap_or_default().iter().cloned());
                    let mut remainder = parse(&cluster)?;
                    given.append(&mut remainder);
                    return Ok(given);
                }
                (found, name.to_string(), Some(rest.to_string()))
            };
        let value = match (found.arity, attached) {
            (Arity::None, Some(value)) => {
                return Err(format!(
                    "argument {}: ignored explicit argument '{value}'",
                    display_name(found.flag)
                ));
            }
            (Arity::None, None) => None,
            (_, Some(value)) => Some(value),
            (arity, None) => match words.get(index) {
                Some(next) if !looks_like_option(next) => {
                    index += 1;
                    Some(next.clone())
                }
                _ if arity == Arity::Optional => None,
                _ => {
                    return Err(format!(
                        "argument {}: expected one argument",
                        display_name(found.flag)
                    ));
                }
            },
        };
        given.push(Given {
            flag: found.flag,
            name,
            value,
        });
    }
    let mut seen: Vec<&Given> = Vec::new();
    for option in &given {
        if EXCLUSIVE.contains(&option.flag) {
            if let Some(other) = seen.iter().find(|other| other.flag != option.flag) {
                return Err(format!(
                    "argument {}: not allowed with argument {}",
                    display_name(option.flag),
                    display_name(other.flag)
                ));
            }
            seen.push(option);
        }
    }
    Ok(given)
}

/// The words a `--config` file stands for: each line that is neither empty nor a `#` comment
/// becomes `--` + the line, split at its first `=`, both halves trimmed.
pub fn configuration_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let option = format!("--{line}");
        match option.split_once('=') {
            Some((name, value)) => {
                words.push(name.trim().to_string());
                words.push(value.trim().to_string());
            }
            None => words.push(option.trim().to_string()),
        }
    }
    words
}

/// The `--help` text.
pub fn help() -> String {
    let mut text = String::from(
        "usage: ferrobgp healthcheck [options]\n\n\
         Announces service addresses while a check command succeeds: a helper process for\n\
         ferrobgp (or ExaBGP) that prints `announce route` / `withdraw route` commands.\n\
         Option-compatible with `exabgp healthcheck`. A --config FILE holds one\n\
         `long-option[ = value]` per line; `#` starts a comment line.\n\noptions:\n",
    );
    for entry in SPECIFICATIONS {
        let mut names = entry.names.join(", ");
        if !entry.metavar.is_empty() {
            let metavar = if entry.arity == Arity::Optional {
                format!(" [{}]", entry.metavar)
            } else {
                format!(" {}", entry.metavar)
            };
            names.push_str(&metavar);
        }
        text.push_str(&format!("  {names}\n        {}\n", entry.help));
    }
    text
}

#[cfg(test)]
#[path = "arguments_tests.rs"]
mod tests;
