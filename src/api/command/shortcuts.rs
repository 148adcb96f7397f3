//! The shortcuts of `exabgpcli` / `exabgp cli` (reference §5.1), for `ferrobgp ctl`: the
//! command words typed on the command line are expanded before the line is sent, so
//! `ferrobgp ctl s n s` sends `show neighbor summary`. Helpers' lines are never expanded
//! (ExaBGP does not expand them either).
//!
//! A word expands when it is the shortcut letter or any prefix of the full word (`sh` →
//! `show`), in the place where that word can stand. ExaBGP 5.0's table, with its bugs fixed:
//! its tests on the previous word compared a list with a string, so `a r` never became
//! `announce route`, and after a selector (`neighbor 10.0.0.1 a r …`) nothing expanded; `v`
//! gave `vps` and `o` gave `operation` (both unknown commands); `c`, `s` and `n` expanded
//! anywhere, also inside route text. Here expansion happens only where the word is expected.
//!
//! Must not parse the result: the daemon parses the line like any other.

/// Where in the line the next word falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// The first word, or the first word after complete selectors.
    CommandStart,
    /// After a `,` between selectors: `neighbor` comes next.
    AfterComma,
    /// The value of a selector key.
    SelectorValue,
    /// Inside the command, whose words start at this index.
    Command(usize),
}

const SELECTOR_KEYS: [&str; 6] = [
    "neighbor",
    "local-ip",
    "local-as",
    "peer-as",
    "router-id",
    "family-allowed",
];

fn place(expanded: &[String]) -> Place {
    if expanded.first().is_none_or(|first| first != "neighbor") {
        return if expanded.is_empty() {
            Place::CommandStart
        } else {
            Place::Command(0)
        };
    }
    let mut index = 0;
    let mut after_comma = false;
    loop {
        let Some(word) = expanded.get(index) else {
            return if after_comma {
                Place::AfterComma
            } else {
                Place::CommandStart
            };
        };
        if word == "," {
            after_comma = true;
            index += 1;
        } else if SELECTOR_KEYS.contains(&word.as_str()) {
            if index + 1 >= expanded.len() {
                return Place::SelectorValue;
            }
            after_comma = false;
            index += 2;
        } else {
            return Place::Command(index);
        }
    }
}

/// `(shortcut, word)`: the shortcut, or any prefix of the word, stands for the word.
type Rule = (&'static str, &'static str);

const NEIGHBOR: [Rule; 4] = [
    ("n", "neighbor"),
    ("neighbour", "neighbor"),
    ("neigbour", "neighbor"),
    ("neigbor", "neighbor"),
];

const COMMAND_START: [Rule; 7] = [
    ("a", "announce"),
    ("f", "flush"),
    ("h", "help"),
    ("s", "show"),
    ("t", "teardown"),
    ("w", "withdraw"),
    ("n", "neighbor"),
];

const AFTER_ANNOUNCE: [Rule; 8] = [
    ("a", "attributes"),
    ("e", "eor"),
    ("f", "flow"),
    ("r", "route"),
    ("rr", "route-refresh"),
    ("o", "operational"),
    ("v", "vpls"),
    ("w", "watchdog"),
];

const AFTER_WITHDRAW: [Rule; 5] = [
    ("a", "attributes"),
    ("f", "flow"),
    ("r", "route"),
    ("v", "vpls"),
    ("w", "watchdog"),
];

const AFTER_SHOW: [Rule; 2] = [("n", "neighbor"), ("a", "adj-rib")];
const AFTER_CLEAR_OR_FLUSH: [Rule; 1] = [("a", "adj-rib")];
const AFTER_ADJ_RIB: [Rule; 2] = [("i", "in"), ("o", "out")];
const SHOW_FLAGS: [Rule; 3] = [("e", "extensive"), ("s", "summary"), ("c", "configuration")];

fn expand(word: &str, rules: &[Rule]) -> Option<&'static str> {
    // exact shortcuts first, so `rr` is route-refresh and not a prefix of nothing
    rules
        .iter()
        .find(|(shortcut, _)| *shortcut == word)
        .or_else(|| rules.iter().find(|(_, full)| full.starts_with(word)))
        .map(|(_, full)| *full)
}

/// The line `ctl` sends for the words typed: shortcuts expanded, words joined by one space.
/// Words holding whitespace (a quoted argument) and empty words are passed through as they
/// are (empty ones dropped).
pub fn expand_shortcuts<S: AsRef<str>>(words: &[S]) -> String {
    let mut expanded: Vec<String> = Vec::with_capacity(words.len());
    for word in words {
        let word = word.as_ref();
        if word.is_empty() {
            continue;
        }
        if word.chars().any(char::is_whitespace) {
            expanded.push(word.to_string());
            continue;
        }
        let rules: &[Rule] = match place(&expanded) {
            Place::CommandStart => &COMMAND_START,
            Place::AfterComma => &NEIGHBOR,
            Place::SelectorValue => &[],
            Place::Command(start) => {
                let command = expanded.get(start..).unwrap_or_default();
                match command.last().map(String::as_str) {
                    Some("announce") if command.len() == 1 => &AFTER_ANNOUNCE,
                    Some("withdraw") if command.len() == 1 => &AFTER_WITHDRAW,
                    Some("show") if command.len() == 1 => &AFTER_SHOW,
                    Some("clear" | "flush") if command.len() == 1 => &AFTER_CLEAR_OR_FLUSH,
                    Some("adj-rib") if command.len() == 2 => &AFTER_ADJ_RIB,
                    _ if command.first().is_some_and(|first| first == "show") => &SHOW_FLAGS,
                    _ => &[],
                }
            }
        };
        let misspelt = NEIGHBOR
            .iter()
            .skip(1)
            .any(|(shortcut, _)| *shortcut == word);
        let result = if misspelt && rules.iter().any(|(_, full)| *full == "neighbor") {
            "neighbor"
        } else {
            expand(word, rules).unwrap_or(word)
        };
        expanded.push(result.to_string());
    }
    expanded.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansions() {
        let table = [
            ("s n s", "show neighbor summary"),
            ("s n e 127.0.0.1", "show neighbor extensive 127.0.0.1"),
            ("s n c", "show neighbor configuration"),
            ("sh neighbour summary json", "show neighbor summary json"),
            ("s a i", "show adj-rib in"),
            ("s a o e", "show adj-rib out extensive"),
            ("f a o", "flush adj-rib out"),
            ("clear a i", "clear adj-rib in"),
            ("h", "help"),
            ("version", "version"),
            ("shutdown", "shutdown"),
            ("reload", "reload"),
            (
                "a r 10.0.0.0/24 next-hop self",
                "announce route 10.0.0.0/24 next-hop self",
            ),
            ("w r 10.0.0.0/24", "withdraw route 10.0.0.0/24"),
            ("a rr ipv4 unicast", "announce route-refresh ipv4 unicast"),
            ("a e", "announce eor"),
            ("a e ipv6 unicast", "announce eor ipv6 unicast"),
            (
                "a a next-hop 1.1.1.1 nlri 1.0.0.0/24",
                "announce attributes next-hop 1.1.1.1 nlri 1.0.0.0/24",
            ),
            (
                "a f route source 1.1.1.1/32 discard",
                "announce flow route source 1.1.1.1/32 discard",
            ),
            ("a v endpoint 5", "announce vpls endpoint 5"),
            ("w w dns", "withdraw watchdog dns"),
            ("a w dns", "announce watchdog dns"),
            ("a o asm", "announce operational asm"),
            ("n 127.0.0.1 t 4", "neighbor 127.0.0.1 teardown 4"),
            (
                "n 127.0.0.1 a r 1.0.0.0/24 next-hop self",
                "neighbor 127.0.0.1 announce route 1.0.0.0/24 next-hop self",
            ),
            (
                "neigbor 10.0.0.1 , n 10.0.0.2 w r 1.0.0.0/24",
                "neighbor 10.0.0.1 , neighbor 10.0.0.2 withdraw route 1.0.0.0/24",
            ),
            (
                "n * local-as 65001 f a o",
                "neighbor * local-as 65001 flush adj-rib out",
            ),
            // route text is not expanded: `n`, `c`, `s` stay as they are there
            (
                "a r 1.0.0.0/24 name s community c",
                "announce route 1.0.0.0/24 name s community c",
            ),
            ("teardown", "teardown"),
        ];
        for (typed, sent) in table {
            let words: Vec<&str> = typed.split(' ').collect();
            assert_eq!(expand_shortcuts(&words), sent, "{typed}");
        }
        assert_eq!(
            expand_shortcuts(&["n", "10.0.0.1", "t", "2", "\"going down\"", ""]),
            "neighbor 10.0.0.1 teardown 2 \"going down\""
        );
        assert_eq!(expand_shortcuts::<&str>(&[]), "");
    }

    #[test]
    fn every_expansion_parses() {
        for typed in [
            "s n s",
            "s a i e json",
            "f a o",
            "h",
            "a e",
            "a rr ipv4 unicast",
        ] {
            let words: Vec<&str> = typed.split(' ').collect();
            let line = expand_shortcuts(&words);
            assert!(super::super::parse_command(&line).is_ok(), "{line}");
        }
    }
}
