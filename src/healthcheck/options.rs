//! The healthcheck's options with ExaBGP 5.0's defaults, and their values read and checked the
//! way ExaBGP's `argparse` types read them (`int`, `float`, `ip_address`, `ip_network`,
//! `attribute_value`). Pure apart from the injected file reader used for `--config`; it must
//! not touch interfaces, processes or the pid file.

use super::address::{IpAddress, Network};
use super::announcement::{Announcement, Neighbor};
use super::arguments::{self, Flag, Given};
use super::state::Emission;
use std::path::PathBuf;
use std::time::Duration;

/// Every option, after parsing. Field names follow the long option names.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub silent: bool,
    pub syslog_facility: String,
    pub no_syslog: bool,
    pub debug: bool,
    pub no_ack: bool,
    pub sudo: bool,
    pub name: Option<String>,
    pub config: Option<PathBuf>,
    pub pid: Option<PathBuf>,
    pub user: Option<String>,
    pub group: Option<String>,
    pub interval: Duration,
    pub fast_interval: Duration,
    /// Seconds; zero waits for ever (as in ExaBGP, where zero arms no alarm).
    pub timeout: u64,
    pub rise: i64,
    pub fall: i64,
    pub disable: Option<PathBuf>,
    pub command: Option<String>,
    pub next_hop: Option<IpAddress>,
    /// `--ip`, in the order given (empty: the addresses found on `lo`).
    pub ips: Vec<Network>,
    /// `--ip-ifname IP%IFNAME`: the interface of each listed `--ip`.
    pub ip_ifnames: Vec<(Network, String)>,
    pub local_preference: i64,
    pub deaggregate_networks: bool,
    pub ip_setup: bool,
    pub dynamic_ip_setup: bool,
    pub label: Option<String>,
    pub label_exact_match: bool,
    pub start_ip: i64,
    pub up_metric: i64,
    pub down_metric: i64,
    pub disabled_metric: i64,
    pub increase: i64,
    pub community: Option<String>,
    pub extended_community: Option<String>,
    pub large_community: Option<String>,
    pub disabled_community: Option<String>,
    pub as_path: Option<String>,
    pub up_as_path: Option<String>,
    pub down_as_path: Option<String>,
    pub disabled_as_path: Option<String>,
    pub withdraw_on_down: bool,
    pub path_id: Option<i64>,
    pub neighbors: Vec<Neighbor>,
    pub debounce: bool,
    /// ferrobgp's `--resend`.
    pub resend: bool,
    pub execute: Vec<String>,
    pub up_execute: Vec<String>,
    pub down_execute: Vec<String>,
    pub disabled_execute: Vec<String>,
}

impl Default for Options {
    /// ExaBGP 5.0's defaults.
    fn default() -> Options {
        Options {
            silent: false,
            syslog_facility: "daemon".into(),
            no_syslog: false,
            debug: false,
            no_ack: false,
            sudo: false,
            name: None,
            config: None,
            pid: None,
            user: None,
            group: None,
            interval: Duration::from_secs(5),
            fast_interval: Duration::from_secs(1),
            timeout: 5,
            rise: 3,
            fall: 3,
            disable: None,
            command: None,
            next_hop: None,
            ips: Vec::new(),
            ip_ifnames: Vec::new(),
            local_preference: -1,
            deaggregate_networks: false,
            ip_setup: true,
            dynamic_ip_setup: false,
            label: None,
            label_exact_match: false,
            start_ip: 0,
            up_metric: 100,
            down_metric: 1000,
            disabled_metric: 500,
            increase: 1,
            community: None,
            extended_community: None,
            large_community: None,
            disabled_community: None,
            as_path: None,
            up_as_path: None,
            down_as_path: None,
            disabled_as_path: None,
            withdraw_on_down: false,
            path_id: None,
            neighbors: Vec::new(),
            debounce: false,
            resend: false,
            execute: Vec::new(),
            up_execute: Vec::new(),
            down_execute: Vec::new(),
            disabled_execute: Vec::new(),
        }
    }
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Help,
    Run(Box<Options>),
}

/// Reads the command line; `read_file` reads a `--config` file. Errors are argparse-style
/// messages (the caller prints them after the usage line and exits 2).
pub fn parse(
    words: &[String],
    read_file: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Request, String> {
    let mut given = arguments::parse(words)?;
    if given.iter().any(|option| option.flag == Flag::Help) {
        return Ok(Request::Help);
    }
    // As ExaBGP does: the file's options first, then the whole command line again.
    if let Some(path) = given
        .iter()
        .rev()
        .find(|option| option.flag == Flag::Config)
        .and_then(|option| option.value.clone())
    {
        let text = read_file(&path)
            .map_err(|error| format!("argument --config/-F: can't open '{path}': {error}"))?;
        let mut combined = arguments::configuration_words(&text);
        combined.extend(words.iter().cloned());
        given = arguments::parse(&combined)?;
        if given.iter().any(|option| option.flag == Flag::Help) {
            return Ok(Request::Help);
        }
    }
    let mut options = Options::default();
    for option in &given {
        apply(&mut options, option)?;
    }
    check_ip_ifnames(&mut options, &given)?;
    Ok(Request::Run(Box::new(options)))
}

fn apply(options: &mut Options, option: &Given) -> Result<(), String> {
    let name = arguments::display_name(option.flag);
    let value = option.value.clone().unwrap_or_default();
    let invalid = |kind: &str| format!("argument {name}: invalid {kind} value: '{value}'");
    let integer = || python_integer(&value).ok_or_else(|| invalid("int"));
    let seconds = || {
        let number = python_float(&value).ok_or_else(|| invalid("float"))?;
        Duration::try_from_secs_f64(number).map_err(|_| {
            format!("argument {name}: a number of seconds, zero or more, is needed: '{value}'")
        })
    };
    let attribute = || attribute_value(&value).map_err(|error| format!("argument {name}: {error}"));
    match option.flag {
        Flag::Help | Flag::Config => {}
        Flag::Silent => options.silent = true,
        Flag::SyslogFacility => {
            options.syslog_facility = option.value.clone().unwrap_or_else(|| "daemon".into())
        }
        Flag::NoSyslog => options.no_syslog = true,
        Flag::Debug => options.debug = true,
        Flag::NoAck => options.no_ack = true,
        Flag::Sudo => options.sudo = true,
        Flag::Name => options.name = Some(value),
        Flag::Pid => options.pid = Some(PathBuf::from(value)),
        Flag::User => options.user = Some(value),
        Flag::Group => options.group = Some(value),
        Flag::Interval => options.interval = seconds()?,
        Flag::FastInterval => options.fast_interval = seconds()?,
        Flag::Timeout => {
            let number = integer()?;
            options.timeout = u64::try_from(number).map_err(|_| {
                format!("argument {name}: a number of seconds, zero or more, is needed: '{value}'")
            })?;
        }
        Flag::Rise => options.rise = integer()?,
        Flag::Fall => options.fall = integer()?,
        Flag::Disable => options.disable = Some(PathBuf::from(value)),
        Flag::Command => options.command = Some(value),
        Flag::NextHop => {
            options.next_hop = Some(IpAddress::parse(&value).ok_or_else(|| invalid("ip_address"))?)
        }
        Flag::Ip => options
            .ips
            .push(Network::parse(&value).ok_or_else(|| invalid("ip_network"))?),
        // Checked once every --ip is known.
        Flag::IpIfname => {}
        Flag::LocalPreference => options.local_preference = integer()?,
        Flag::DeaggregateNetworks => options.deaggregate_networks = true,
        Flag::NoIpSetup => options.ip_setup = false,
        Flag::DynamicIpSetup => options.dynamic_ip_setup = true,
        Flag::Label => options.label = Some(value),
        Flag::LabelExactMatch => options.label_exact_match = true,
        Flag::StartIp => options.start_ip = integer()?,
        Flag::UpMetric => options.up_metric = integer()?,
        Flag::DownMetric => options.down_metric = integer()?,
        Flag::DisabledMetric => options.disabled_metric = integer()?,
        Flag::Increase => options.increase = integer()?,
        Flag::Community => options.community = Some(attribute()?),
        Flag::ExtendedCommunity => options.extended_community = Some(attribute()?),
        Flag::LargeCommunity => options.large_community = Some(attribute()?),
        Flag::DisabledCommunity => options.disabled_community = Some(attribute()?),
        Flag::AsPath => options.as_path = Some(attribute()?),
        Flag::UpAsPath => options.up_as_path = Some(attribute()?),
        Flag::DownAsPath => options.down_as_path = Some(attribute()?),
        Flag::DisabledAsPath => options.disabled_as_path = Some(attribute()?),
        Flag::WithdrawOnDown => options.withdraw_on_down = true,
        Flag::PathId => options.path_id = Some(integer()?),
        Flag::Neighbor => {
            let neighbor = if value.trim() == "*" {
                Neighbor::Every
            } else {
                Neighbor::Address(
                    IpAddress::parse(&value).ok_or_else(|| invalid("neighbor_address"))?,
                )
            };
            options.neighbors.push(neighbor);
        }
        Flag::Debounce => options.debounce = true,
        Flag::Resend => options.resend = true,
        Flag::Execute => options.execute.push(value),
        Flag::UpExecute => options.up_execute.push(value),
        Flag::DownExecute => options.down_execute.push(value),
        Flag::DisabledExecute => options.disabled_execute.push(value),
    }
    Ok(())
}

/// `--ip-ifname IP%IFNAME`: the network must be one of the `--ip`s and the name a Linux
/// interface name.
fn check_ip_ifnames(options: &mut Options, given: &[Given]) -> Result<(), String> {
    for option in given.iter().filter(|option| option.flag == Flag::IpIfname) {
        let value = option.value.clone().unwrap_or_default();
        let parts: Vec<&str> = value.split('%').collect();
        let [network_text, interface] = parts.as_slice() else {
            return Err(format!(
                "Expected IP to IFNAME parameter: <ip_address>%<ifname>, got '{value}'"
            ));
        };
        let network = Network::parse(network_text).ok_or_else(|| {
            format!("'{network_text}' does not appear to be an IPv4 or IPv6 network")
        })?;
        if !options.ips.contains(&network) {
            return Err(format!(
                "No 'ip' parameter has been defined for the ip_ifname pair '{value}'"
            ));
        }
        let valid_name = (1..=15).contains(&interface.len())
            && interface
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || b"._:-".contains(&byte));
        if !valid_name {
            return Err(format!("Expected NIC interface name but got '{interface}'"));
        }
        options.ip_ifnames.retain(|(known, _)| *known != network);
        options.ip_ifnames.push((network, interface.to_string()));
    }
    Ok(())
}

impl Options {
    /// When the lines are sent again (see [`Emission`]).
    pub fn emission(&self) -> Emission {
        if self.debounce {
            Emission::StateChanges
        } else if self.resend {
            Emission::EveryIteration
        } else {
            Emission::Changes
        }
    }

    /// What shapes the printed lines, for the final list of routes.
    pub fn announcement(&self, networks: Vec<Network>) -> Announcement {
        Announcement {
            neighbors: self.neighbors.clone(),
            networks,
            next_hop: self.next_hop.clone(),
            local_preference: self.local_preference,
            community: self.community.clone(),
            disabled_community: self.disabled_community.clone(),
            extended_community: self.extended_community.clone(),
            large_community: self.large_community.clone(),
            as_path: self.as_path.clone(),
            up_as_path: self.up_as_path.clone(),
            down_as_path: self.down_as_path.clone(),
            disabled_as_path: self.disabled_as_path.clone(),
            withdraw_on_down: self.withdraw_on_down,
            path_id: self.path_id,
            up_metric: self.up_metric,
            down_metric: self.down_metric,
            disabled_metric: self.disabled_metric,
            increase: self.increase,
        }
    }
}

/// The routes to announce: deaggregated into host routes if asked, then rotated left by
/// `--start-ip` (Python's `deque.rotate(-start_ip)`).
pub fn routes(
    networks: &[Network],
    deaggregate: bool,
    start_ip: i64,
) -> Result<Vec<Network>, String> {
    let mut routes = Vec::new();
    for network in networks {
        if deaggregate {
            let hosts = network.hosts().ok_or_else(|| {
                format!("{network} is too wide to deaggregate (more than 65536 addresses)")
            })?;
            routes.extend(hosts);
        } else {
            routes.push(*network);
        }
    }
    if let Ok(length) = i64::try_from(routes.len())
        && length > 0
    {
        let shift = usize::try_from(start_ip.rem_euclid(length)).unwrap_or(0);
        routes.rotate_left(shift);
    }
    Ok(routes)
}

/// Python's `int()` of a string: surrounding white space, a sign, digits with single `_`
/// between them.
pub fn python_integer(text: &str) -> Option<i64> {
    let trimmed = text.trim();
    let (negative, digits) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, trimmed.get(1..)?),
        Some(b'+') => (false, trimmed.get(1..)?),
        _ => (false, trimmed),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits
            .bytes()
            .all(|byte| byte.is_ascii_digit() || byte == b'_')
    {
        return None;
    }
    let magnitude: i128 = digits.replace('_', "").parse().ok()?;
    let value = if negative { -magnitude } else { magnitude };
    i64::try_from(value).ok()
}

/// Python's `float()` of a string, as far as Rust's parser agrees (decimal and exponent forms,
/// `inf`, `nan`), after trimming white space.
pub fn python_float(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok()
}

/// ExaBGP's `attribute_value`: the text is spliced into a one-line command, so it must hold
/// no control character (a tab is allowed). Python's `isprintable` is approximated: control
/// characters, white space other than the space, and the common invisible format characters
/// are refused.
pub fn attribute_value(value: &str) -> Result<String, String> {
    for character in value.chars() {
        let format = matches!(character,
            '\u{ad}' | '\u{61c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}');
        let printable =
            !character.is_control() && (character == ' ' || !character.is_whitespace()) && !format;
        if character != '\t' && !printable {
            return Err(format!(
                "'{}' contains the control character '{}'",
                value.escape_default(),
                character.escape_default()
            ));
        }
    }
    Ok(value.to_string())
}

#[cfg(test)]
#[path = "options_tests.rs"]
mod tests;
