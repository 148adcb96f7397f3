//! Neighbor selectors (reference §2.2): `neighbor <ip>|* [local-ip <ip>] [local-as <asn>]
//! [peer-as <asn>] [router-id <id>] [family-allowed <families>]`, several joined by `,`
//! (OR; the items of one selector are AND), and the pure test of a selector against the facts
//! of one configured neighbor.
//!
//! ExaBGP matches each `key value` as a whole-word substring of the neighbor's key string
//! (`neighbor 127.0.0.1 local-ip … family-allowed in-open`); here values are typed and
//! compared as values, so `2001:DB8::1` selects `2001:db8::1`. Must not know which peers
//! exist: the daemon asks [`Selector::matches`] for each.

use super::CommandError;
use super::words::{Word, Words, suggestion};
use crate::wire::family::{Afi, Family, Safi};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr};

/// What a selector can be compared with: one configured neighbor.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NeighborFacts {
    pub peer_address: IpAddr,
    /// `None` while the local address is chosen by the operating system (ExaBGP's `auto`).
    pub local_address: Option<IpAddr>,
    pub local_as: u32,
    pub peer_as: u32,
    pub router_id: Ipv4Addr,
    /// The configured families.
    pub families: Vec<Family>,
    /// Whether the multi-session capability is on (ExaBGP then names the families in the
    /// neighbor's key instead of `in-open`).
    pub multi_session: bool,
}

/// The value of `family-allowed`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FamilyAllowed {
    /// `in-open`: the families are negotiated in the OPEN (no multi-session), ExaBGP's value
    /// for every neighbor without multi-session.
    InOpen,
    /// `ipv4-unicast/ipv6-unicast`: a multi-session neighbor with exactly these families.
    Families(Vec<Family>),
}

/// One selector: every item given must hold (AND). `None` items are not constrained.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Selector {
    /// `neighbor <ip>`; `None` for `neighbor *`.
    pub peer_address: Option<IpAddr>,
    pub local_address: Option<IpAddr>,
    pub local_as: Option<u32>,
    pub peer_as: Option<u32>,
    pub router_id: Option<Ipv4Addr>,
    pub family_allowed: Option<FamilyAllowed>,
}

/// The selector keys, as ExaBGP's `extract_neighbors` lists them.
const KEYS: [&str; 6] = [
    "neighbor",
    "local-ip",
    "local-as",
    "peer-as",
    "router-id",
    "family-allowed",
];

impl Selector {
    /// Whether the neighbor described by `facts` is selected.
    pub fn matches(&self, facts: &NeighborFacts) -> bool {
        let peer = self
            .peer_address
            .is_none_or(|address| address == facts.peer_address);
        let local = self
            .local_address
            .is_none_or(|address| facts.local_address == Some(address));
        let local_as = self.local_as.is_none_or(|asn| asn == facts.local_as);
        let peer_as = self.peer_as.is_none_or(|asn| asn == facts.peer_as);
        let router_id = self.router_id.is_none_or(|id| id == facts.router_id);
        let families = match &self.family_allowed {
            None => true,
            Some(FamilyAllowed::InOpen) => !facts.multi_session,
            Some(FamilyAllowed::Families(families)) => {
                facts.multi_session
                    && families
                        .iter()
                        .all(|family| facts.families.contains(family))
                    && facts
                        .families
                        .iter()
                        .all(|family| families.contains(family))
            }
        };
        peer && local && local_as && peer_as && router_id && families
    }
}

/// Whether a line's selectors designate the neighbor: any of them (OR), or all neighbors when
/// the line has none.
pub fn selects(selectors: &[Selector], facts: &NeighborFacts) -> bool {
    selectors.is_empty() || selectors.iter().any(|selector| selector.matches(facts))
}

/// `neighbor 10.0.0.1 local-as 65001`: the keys in a fixed order.
impl fmt::Display for Selector {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.peer_address {
            Some(address) => write!(formatter, "neighbor {address}")?,
            None => formatter.write_str("neighbor *")?,
        }
        if let Some(address) = self.local_address {
            write!(formatter, " local-ip {address}")?;
        }
        if let Some(asn) = self.local_as {
            write!(formatter, " local-as {asn}")?;
        }
        if let Some(asn) = self.peer_as {
            write!(formatter, " peer-as {asn}")?;
        }
        if let Some(id) = self.router_id {
            write!(formatter, " router-id {id}")?;
        }
        match &self.family_allowed {
            None => {}
            Some(FamilyAllowed::InOpen) => formatter.write_str(" family-allowed in-open")?,
            Some(FamilyAllowed::Families(families)) => {
                let names: Vec<String> = families
                    .iter()
                    .map(|family| format!("{}-{}", family.afi.name(), family.safi.name()))
                    .collect();
                write!(formatter, " family-allowed {}", names.join("/"))?;
            }
        }
        Ok(())
    }
}

/// The selectors written before a command: `neighbor … , neighbor … ` (with the trailing
/// space), or nothing.
pub(super) fn selectors_text(selectors: &[Selector]) -> String {
    if selectors.is_empty() {
        return String::new();
    }
    let texts: Vec<String> = selectors.iter().map(Selector::to_string).collect();
    format!("{} ", texts.join(", "))
}

/// The selectors of a line and the byte range they cover (none when there are none).
pub(super) type ParsedSelectors = (Vec<Selector>, Option<(usize, usize)>);

/// Selectors at the start of the line, if the line starts with `neighbor`; the cursor is left
/// on the first word of the command. Also returns the byte range the selectors cover.
pub(super) fn parse_selectors(words: &mut Words<'_>) -> Result<ParsedSelectors, CommandError> {
    let mut selectors = Vec::new();
    let Some(first) = words.peek_word()? else {
        return Ok((selectors, None));
    };
    if !first.is("neighbor") {
        return Ok((selectors, None));
    }
    let mut end;
    loop {
        // a selector starts with `neighbor`
        let Some(neighbor) = words.next_word()? else {
            return Err(words.missing(
                "a `,` must be followed by another selector",
                Some("write neighbor <ip> after the comma".into()),
            ));
        };
        if !neighbor.is("neighbor") {
            return Err(neighbor.error(
                format!(
                    "a selector starts with `neighbor`, found `{}`",
                    neighbor.text
                ),
                Some("write neighbor <ip> after the comma".into()),
            ));
        }
        let mut selector = Selector::default();
        let value = value_of(words, &neighbor)?;
        end = value.end;
        if !value.is("*") {
            selector.peer_address = Some(address(&value, "neighbor")?);
        }
        loop {
            let Some(key) = words.peek_word()? else {
                return Err(words.missing(
                    "the selector is not followed by a command",
                    Some("e.g. neighbor 192.0.2.1 announce route …".into()),
                ));
            };
            if key.is(",") {
                words.next_word()?;
                break;
            }
            if key.quoted || !KEYS.contains(&key.text) {
                selectors.push(selector);
                return Ok((selectors, Some((first.start, end))));
            }
            words.next_word()?;
            let value = value_of(words, &key)?;
            end = value.end;
            set_key(&mut selector, &key, &value)?;
        }
        selectors.push(selector);
    }
}

fn value_of<'a>(words: &mut Words<'a>, key: &Word<'_>) -> Result<Word<'a>, CommandError> {
    match words.next_word()? {
        Some(value) if !value.is(",") => Ok(value),
        Some(comma) => Err(comma.error(format!("`{}` needs a value", key.text), None)),
        None => Err(words.missing(format!("`{}` needs a value", key.text), None)),
    }
}

fn set_key(selector: &mut Selector, key: &Word<'_>, value: &Word<'_>) -> Result<(), CommandError> {
    let twice = || {
        let hint = if key.is("neighbor") {
            "separate selectors with a comma: neighbor <ip>, neighbor <ip> …"
        } else {
            "give each key once per selector"
        };
        Err(key.error(
            format!("`{}` given twice in one selector", key.text),
            Some(hint.into()),
        ))
    };
    match key.text {
        "local-ip" if selector.local_address.is_some() => twice(),
        "local-ip" => {
            selector.local_address = Some(address(value, "local-ip")?);
            Ok(())
        }
        "local-as" if selector.local_as.is_some() => twice(),
        "local-as" => {
            selector.local_as = Some(asn(value, "local-as")?);
            Ok(())
        }
        "peer-as" if selector.peer_as.is_some() => twice(),
        "peer-as" => {
            selector.peer_as = Some(asn(value, "peer-as")?);
            Ok(())
        }
        "router-id" if selector.router_id.is_some() => twice(),
        "router-id" => match value.text.parse::<Ipv4Addr>() {
            Ok(id) if !value.quoted => {
                selector.router_id = Some(id);
                Ok(())
            }
            _ => Err(value.error(
                format!("`router-id` needs an IPv4 address, found `{}`", value.text),
                None,
            )),
        },
        "family-allowed" if selector.family_allowed.is_some() => twice(),
        "family-allowed" => {
            selector.family_allowed = Some(family_allowed(value)?);
            Ok(())
        }
        // `neighbor` inside a selector: ExaBGP ANDs it with the first one, which can only
        // select the same address again or nothing.
        _ => twice(),
    }
}

fn address(value: &Word<'_>, key: &str) -> Result<IpAddr, CommandError> {
    match value.text.parse::<IpAddr>() {
        Ok(address) if !value.quoted => Ok(address),
        _ => {
            let extra = if key == "neighbor" { " or `*`" } else { "" };
            Err(value.error(
                format!("`{key}` needs an IP address{extra}, found `{}`", value.text),
                None,
            ))
        }
    }
}

fn asn(value: &Word<'_>, key: &str) -> Result<u32, CommandError> {
    let digits = !value.quoted
        && !value.text.is_empty()
        && value.text.bytes().all(|byte| byte.is_ascii_digit());
    match value.text.parse::<u32>() {
        Ok(number) if digits => Ok(number),
        _ => Err(value.error(
            format!(
                "`{key}` needs an AS number (0 to 4294967295), found `{}`",
                value.text
            ),
            None,
        )),
    }
}

fn family_allowed(value: &Word<'_>) -> Result<FamilyAllowed, CommandError> {
    if value.is("in-open") {
        return Ok(FamilyAllowed::InOpen);
    }
    let mut families = Vec::new();
    for name in value.text.split('/') {
        let family = (!value.quoted).then(|| hyphen_family(name)).flatten();
        let Some(family) = family else {
            return Err(value.error(
                format!("unknown family `{name}` in `family-allowed`"),
                Some("write in-open, or families as ipv4-unicast/ipv6-unicast".into()),
            ));
        };
        if !families.contains(&family) {
            families.push(family);
        }
    }
    Ok(FamilyAllowed::Families(families))
}

/// `ipv4-unicast`, `l2vpn-vpls`, `bgp-ls-bgp-ls` (ExaBGP's `<afi>-<safi>`).
fn hyphen_family(name: &str) -> Option<Family> {
    ["ipv4", "ipv6", "l2vpn", "bgp-ls"].iter().find_map(|afi| {
        let safi = name.strip_prefix(afi)?.strip_prefix('-')?;
        Some(Family::new(Afi::parse(afi)?, Safi::parse(safi)?))
    })
}

/// "did you mean" for a word where a selector key or command was expected.
pub(super) fn key_suggestion(word: &str) -> String {
    suggestion(word, &KEYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> NeighborFacts {
        NeighborFacts {
            peer_address: "127.0.0.1".parse().expect("address"),
            local_address: Some("127.0.0.2".parse().expect("address")),
            local_as: 65001,
            peer_as: 65002,
            router_id: Ipv4Addr::new(10, 0, 0, 1),
            families: vec![Family::IPV4_UNICAST, Family::IPV6_UNICAST],
            multi_session: false,
        }
    }

    fn selector(line: &str) -> Vec<Selector> {
        let text = format!("{line} version");
        let mut words = Words::new(&text);
        parse_selectors(&mut words)
            .unwrap_or_else(|error| panic!("{line}: {error:?}"))
            .0
    }

    #[test]
    fn matching_table() {
        let multi = NeighborFacts {
            multi_session: true,
            ..facts()
        };
        let v6 = NeighborFacts {
            peer_address: "2001:db8::1".parse().expect("address"),
            local_address: None,
            ..facts()
        };
        let table: [(&str, [bool; 3]); 17] = [
            ("neighbor 127.0.0.1", [true, true, false]),
            ("neighbor *", [true, true, true]),
            ("neighbor 127.0.0.9", [false, false, false]),
            ("neighbor 2001:DB8::1", [false, false, true]),
            ("neighbor * local-ip 127.0.0.2", [true, true, false]),
            ("neighbor * local-as 65001", [true, true, true]),
            ("neighbor * local-as 65002", [false, false, false]),
            ("neighbor * peer-as 65002", [true, true, true]),
            ("neighbor * router-id 10.0.0.1", [true, true, true]),
            ("neighbor * router-id 10.0.0.2", [false, false, false]),
            ("neighbor * family-allowed in-open", [true, false, true]),
            (
                "neighbor * family-allowed ipv6-unicast/ipv4-unicast",
                [false, true, false],
            ),
            (
                "neighbor * family-allowed ipv4-unicast",
                [false, false, false],
            ),
            (
                "neighbor 127.0.0.1 local-as 65001 peer-as 65002 local-ip 127.0.0.2 router-id 10.0.0.1",
                [true, true, false],
            ),
            // ExaBGP's `neighbor *` ignores the other keys; here they still have to hold
            ("neighbor * local-as 1", [false, false, false]),
            (
                "neighbor 127.0.0.9, neighbor 2001:db8::1",
                [false, false, true],
            ),
            (
                "neighbor 127.0.0.1 peer-as 1,neighbor 127.0.0.1 router-id 10.0.0.1",
                [true, true, false],
            ),
        ];
        for (line, expected) in table {
            let selectors = selector(line);
            let got = [facts(), multi.clone(), v6.clone()].map(|facts| selects(&selectors, &facts));
            assert_eq!(got, expected, "{line}");
        }
        assert!(selects(&[], &facts()));
    }

    #[test]
    fn display_reads_back() {
        for line in [
            "neighbor 127.0.0.1",
            "neighbor *",
            "neighbor 2001:db8::1 local-ip 2001:db8::2 local-as 1 peer-as 4294967295 router-id 1.2.3.4 family-allowed in-open",
            "neighbor * family-allowed ipv4-unicast/l2vpn-vpls/bgp-ls-bgp-ls-vpn",
        ] {
            let selectors = selector(line);
            assert_eq!(selectors_text(&selectors), format!("{line} "));
        }
        assert_eq!(
            selectors_text(&selector("neighbor 10.0.0.1 , neighbor *")),
            "neighbor 10.0.0.1, neighbor * "
        );
    }

    #[test]
    fn no_selector() {
        let mut words = Words::new("announce route");
        assert_eq!(parse_selectors(&mut words), Ok((vec![], None)));
        assert_eq!(
            words.next_word().expect("reads").map(|w| w.text),
            Some("announce")
        );
    }
}
