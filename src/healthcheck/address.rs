//! IP addresses and networks as ExaBGP's healthcheck reads and prints them (Python's
//! `ipaddress.ip_address` / `ip_network` in strict mode). Pure: parsing and formatting only;
//! it must not look at interfaces or run commands (see `interface.rs`).
//!
//! Python prints IPv6 addresses with RFC 5952 zero compression but never in the dotted
//! IPv4-mapped form (`::ffff:c000:201`, not `::ffff:192.0.2.1`), so IPv6 text is written here
//! rather than with `Ipv6Addr`'s `Display`.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The most addresses one `--ip` network may expand to, when every host address is needed
/// (`--deaggregate-networks` and the interface set-up). ExaBGP has no limit and tries to build
/// millions of routes for a wide network; ferrobgp refuses instead.
pub const MAXIMUM_HOST_ADDRESSES: u128 = 65_536;

/// An address as `--next-hop` and `--neighbor` take it: IPv4, or IPv6 with an optional scope
/// (`fe80::1%eth0`, which Python 3.9+ accepts and prints back unchanged).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IpAddress {
    Version4(Ipv4Addr),
    Version6 {
        address: Ipv6Addr,
        scope: Option<String>,
    },
}

impl IpAddress {
    /// Parses like Python's `ip_address`: dotted quads without leading zeros, IPv6 text with
    /// an optional `%scope`.
    pub fn parse(text: &str) -> Option<IpAddress> {
        if let Ok(address) = text.parse::<Ipv4Addr>() {
            return Some(IpAddress::Version4(address));
        }
        let (address_text, scope) = match text.split_once('%') {
            Some((address, scope)) if !scope.is_empty() && !scope.contains('%') => {
                (address, Some(scope.to_string()))
            }
            Some(_) => return None,
            None => (text, None),
        };
        let address = address_text.parse::<Ipv6Addr>().ok()?;
        Some(IpAddress::Version6 { address, scope })
    }
}

impl fmt::Display for IpAddress {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IpAddress::Version4(address) => write!(formatter, "{address}"),
            IpAddress::Version6 { address, scope } => {
                write!(formatter, "{}", ipv6_text(address))?;
                match scope {
                    Some(scope) => write!(formatter, "%{scope}"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// Python's IPv6 text: lower-case hextets without leading zeros, the longest run of two or
/// more zero hextets (the first of equal runs) replaced by `::`.
pub fn ipv6_text(address: &Ipv6Addr) -> String {
    let hextets = address.segments();
    // (start, length) of the longest run of zero hextets.
    let mut best: Option<(usize, usize)> = None;
    let mut run_start: Option<usize> = None;
    for (index, hextet) in hextets.iter().chain(std::iter::once(&1u16)).enumerate() {
        match (*hextet == 0 && index < hextets.len(), run_start) {
            (true, None) => run_start = Some(index),
            (false, Some(start)) => {
                let length = index.saturating_sub(start);
                if length >= 2 && best.is_none_or(|(_, best_length)| length > best_length) {
                    best = Some((start, length));
                }
                run_start = None;
            }
            _ => {}
        }
    }
    let words: Vec<String> = hextets.iter().map(|hextet| format!("{hextet:x}")).collect();
    match best {
        None => words.join(":"),
        Some((start, length)) => {
            let end = start.saturating_add(length).min(words.len());
            let head = words.get(..start).unwrap_or_default().join(":");
            let tail = words.get(end..).unwrap_or_default().join(":");
            format!("{head}::{tail}")
        }
    }
}

/// A network as `--ip` takes it: Python's `ip_network` in strict mode (no host bits set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Network {
    address: IpAddr,
    prefix_length: u8,
}

impl Network {
    /// The network `address/prefix_length`, or `None` when host bits are set or the length is
    /// too long for the family.
    pub fn new(address: IpAddr, prefix_length: u8) -> Option<Network> {
        let network = Network {
            address,
            prefix_length,
        };
        if prefix_length > network.maximum_length() {
            return None;
        }
        (network.host_bits() == 0).then_some(network)
    }

    /// The single-address network of `address` (`/32` or `/128`).
    pub fn host(address: IpAddr) -> Network {
        let prefix_length = match address {
            IpAddr::V4(_) => 32,
            IpAddr::V6(_) => 128,
        };
        Network {
            address,
            prefix_length,
        }
    }

    /// Parses `ADDRESS[/LENGTH]`; IPv4 also takes a netmask or a host mask after the slash
    /// (`/255.255.255.0`, `/0.0.0.255`), as Python does.
    pub fn parse(text: &str) -> Option<Network> {
        let (address_text, length_text) = match text.split_once('/') {
            Some((address, length)) => (address, Some(length)),
            None => (text, None),
        };
        if let Ok(address) = address_text.parse::<Ipv4Addr>() {
            let prefix_length = match length_text {
                None => 32,
                Some(length) => ipv4_prefix_length(length)?,
            };
            return Network::new(IpAddr::V4(address), prefix_length);
        }
        let address = address_text.parse::<Ipv6Addr>().ok()?;
        let prefix_length = match length_text {
            None => 128,
            Some(length) => decimal_prefix_length(length, 128)?,
        };
        Network::new(IpAddr::V6(address), prefix_length)
    }

    /// The first address of the network.
    pub fn address(&self) -> IpAddr {
        self.address
    }

    pub fn prefix_length(&self) -> u8 {
        self.prefix_length
    }

    fn maximum_length(&self) -> u8 {
        match self.address {
            IpAddr::V4(_) => 32,
            IpAddr::V6(_) => 128,
        }
    }

    fn as_number(&self) -> u128 {
        match self.address {
            IpAddr::V4(address) => u128::from(u32::from(address)),
            IpAddr::V6(address) => u128::from(address),
        }
    }

    fn host_mask(&self) -> u128 {
        let host_width = u32::from(self.maximum_length().saturating_sub(self.prefix_length));
        1u128
            .checked_shl(host_width)
            .map_or(u128::MAX, |value| value.wrapping_sub(1))
    }

    fn host_bits(&self) -> u128 {
        self.as_number() & self.host_mask()
    }

    /// How many addresses the network holds, saturating at `u128::MAX` for `::/0`.
    pub fn address_count(&self) -> u128 {
        self.host_mask().saturating_add(1)
    }

    /// Whether `address` lies inside this network.
    pub fn contains(&self, address: IpAddr) -> bool {
        let other = Network::host(address);
        self.address.is_ipv4() == address.is_ipv4()
            && (other.as_number() & !self.host_mask()) == self.as_number()
    }

    /// Every address of the network as a host network, first to last (Python iterates a
    /// network including its network and broadcast addresses). `None` past
    /// [`MAXIMUM_HOST_ADDRESSES`].
    pub fn hosts(&self) -> Option<Vec<Network>> {
        let count = self.address_count();
        if count > MAXIMUM_HOST_ADDRESSES {
            return None;
        }
        let first = self.as_number();
        let mut hosts = Vec::new();
        for offset in 0..count {
            let number = first.checked_add(offset)?;
            let address = match self.address {
                IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::from(u32::try_from(number).ok()?)),
                IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from(number)),
            };
            hosts.push(Network::host(address));
        }
        Some(hosts)
    }

    /// Python's `is_loopback` for a network: 127.0.0.0/8 (and its subnets) or `::1/128`.
    pub fn is_loopback(&self) -> bool {
        match self.address {
            IpAddr::V4(address) => address.is_loopback() && self.prefix_length >= 8,
            IpAddr::V6(address) => address.is_loopback() && self.prefix_length == 128,
        }
    }
}

impl fmt::Display for Network {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.address {
            IpAddr::V4(address) => write!(formatter, "{address}/{}", self.prefix_length),
            IpAddr::V6(address) => {
                write!(formatter, "{}/{}", ipv6_text(&address), self.prefix_length)
            }
        }
    }
}

/// A prefix length in decimal ASCII digits (leading zeros allowed, as in Python).
fn decimal_prefix_length(text: &str, maximum: u8) -> Option<u8> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let trimmed = text.trim_start_matches('0');
    if trimmed.len() > 3 {
        return None;
    }
    let value: u8 = if trimmed.is_empty() {
        0
    } else {
        trimmed.parse().ok()?
    };
    (value <= maximum).then_some(value)
}

/// An IPv4 prefix length: decimal, or a contiguous netmask, or a contiguous host mask.
fn ipv4_prefix_length(text: &str) -> Option<u8> {
    if let Some(length) = decimal_prefix_length(text, 32) {
        return Some(length);
    }
    let mask = u32::from(text.parse::<Ipv4Addr>().ok()?);
    let contiguous_netmask = |mask: u32| mask.leading_ones() + mask.trailing_zeros() == 32;
    if contiguous_netmask(mask) {
        return u8::try_from(mask.leading_ones()).ok();
    }
    if contiguous_netmask(!mask) {
        return u8::try_from((!mask).leading_ones()).ok();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_print_as_python_does() {
        // (input, Python 3.11's str(ip_network(input)))
        let table = [
            ("192.0.2.1", "192.0.2.1/32"),
            ("192.0.2.0/24", "192.0.2.0/24"),
            ("192.0.2.0/255.255.255.0", "192.0.2.0/24"),
            ("192.0.2.0/0.0.0.255", "192.0.2.0/24"),
            ("10.0.0.0/030", "10.0.0.0/30"),
            ("0.0.0.0/0", "0.0.0.0/0"),
            ("2001:DB8::1", "2001:db8::1/128"),
            ("2001:DB8:0:0:1::/80", "2001:db8:0:0:1::/80"),
            ("::ffff:192.0.2.1", "::ffff:c000:201/128"),
            ("::192.0.2.1/128", "::c000:201/128"),
            ("1:0:0:1:0:0:0:1", "1:0:0:1::1/128"),
            ("1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0/128"),
            ("::", "::/128"),
            ("1::", "1::/128"),
        ];
        for (input, expected) in table {
            let network = Network::parse(input).unwrap_or_else(|| panic!("{input} parses"));
            assert_eq!(network.to_string(), expected, "{input}");
        }
    }

    #[test]
    fn invalid_networks_are_refused() {
        for input in [
            "192.0.2.1/24",
            "192.0.2.0/33",
            "192.0.2.0/255.0.255.0",
            "01.2.3.4",
            "1.2.3",
            "2001:db8::1/64",
            "2001:db8::/129",
            "fe80::%eth0/64",
            "x",
            "192.0.2.0/",
            "192.0.2.0/-1",
        ] {
            assert_eq!(Network::parse(input), None, "{input}");
        }
    }

    #[test]
    fn addresses_print_as_python_does() {
        let table = [
            ("192.0.2.1", "192.0.2.1"),
            ("2001:DB8::5", "2001:db8::5"),
            ("fe80::1%eth0", "fe80::1%eth0"),
            ("::ffff:1.2.3.4", "::ffff:102:304"),
        ];
        for (input, expected) in table {
            let address = IpAddress::parse(input).unwrap_or_else(|| panic!("{input} parses"));
            assert_eq!(address.to_string(), expected);
        }
        for input in ["", "1.2.3.4%x", "fe80::1%", "300.1.1.1", "*"] {
            assert_eq!(IpAddress::parse(input), None, "{input}");
        }
    }

    #[test]
    fn hosts_cover_the_whole_network() {
        let hosts = Network::parse("192.0.2.0/30").and_then(|network| network.hosts());
        let texts: Vec<String> = hosts
            .unwrap_or_default()
            .iter()
            .map(|host| host.to_string())
            .collect();
        assert_eq!(
            texts,
            [
                "192.0.2.0/32",
                "192.0.2.1/32",
                "192.0.2.2/32",
                "192.0.2.3/32"
            ]
        );
        assert_eq!(
            Network::parse("10.0.0.0/8").and_then(|network| network.hosts()),
            None
        );
        assert_eq!(
            Network::parse("::/0").map(|network| network.address_count()),
            Some(u128::MAX)
        );
    }

    #[test]
    fn containment_and_loopback() {
        let network = Network::parse("192.0.2.0/24");
        let inside: IpAddr = "192.0.2.9"
            .parse()
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        assert_eq!(network.map(|network| network.contains(inside)), Some(true));
        let outside: IpAddr = "192.0.3.9"
            .parse()
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        assert_eq!(
            network.map(|network| network.contains(outside)),
            Some(false)
        );
        assert_eq!(
            Network::parse("127.0.0.1").map(|n| n.is_loopback()),
            Some(true)
        );
        assert_eq!(Network::parse("::1").map(|n| n.is_loopback()), Some(true));
        assert_eq!(
            Network::parse("192.0.2.1").map(|n| n.is_loopback()),
            Some(false)
        );
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics(text in "\\PC{0,40}") {
            let _ = Network::parse(&text);
            let _ = IpAddress::parse(&text);
        }

        #[test]
        fn ipv6_text_round_trips(value in proptest::prelude::any::<u128>()) {
            let address = Ipv6Addr::from(value);
            let text = ipv6_text(&address);
            proptest::prop_assert_eq!(text.parse::<Ipv6Addr>().ok(), Some(address));
        }
    }
}
