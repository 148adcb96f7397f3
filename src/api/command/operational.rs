//! `announce operational …` (draft-ietf-idr-operational-message, ExaBGP's "operational"):
//! advisories (ASM, ADM), queries (RPCQ, APCQ, LPCQ) and responses (RPCP, APCP, LPCP).
//!
//! ```text
//! announce operational asm|adm afi <afi> safi <safi> advisory "<text ≤ 2048 bytes>"
//! announce operational rpcq|apcq|lpcq afi <afi> safi <safi> sequence <u32>
//! announce operational rpcp|apcp|lpcp afi <afi> safi <safi> sequence <u32> counter <u64>
//!                        ('router-id <ipv4>' may come between the pairs)
//! ```
//!
//! ExaBGP folds the kind and the keys to lower case, so they are case-insensitive here too.
//! Unlike ExaBGP 5.0, an unknown kind is an error (it answers `done` and sends nothing) and a
//! quoted advisory keeps its spaces (it kept only `"hello` of `"hello world"`). Parsing only:
//! must not encode the message (the wire layer's business).

use super::CommandError;
use super::words::{Word, Words, quoted, suggestion};
use crate::wire::family::{Afi, Family, Safi};
use std::fmt;
use std::net::Ipv4Addr;

/// The longest advisory, in bytes of UTF-8 (ExaBGP's `MAX_ADVISORY`).
pub const MAX_ADVISORY_LENGTH: usize = 2048;

/// An advisory: state (ASM) or demand (ADM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdvisoryKind {
    /// Advisory State Message.
    Asm,
    /// Advisory Demand Message.
    Adm,
}

/// A query for a prefix count: received (RPCQ), advertised (APCQ) or local (LPCQ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueryKind {
    Rpcq,
    Apcq,
    Lpcq,
}

/// The answer to a query, with the count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResponseKind {
    Rpcp,
    Apcp,
    Lpcp,
}

/// One operational message to send.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OperationalMessage {
    Advisory {
        kind: AdvisoryKind,
        family: Family,
        /// At most [`MAX_ADVISORY_LENGTH`] bytes.
        advisory: String,
        router_id: Option<Ipv4Addr>,
    },
    Query {
        kind: QueryKind,
        family: Family,
        sequence: u32,
        router_id: Option<Ipv4Addr>,
    },
    Response {
        kind: ResponseKind,
        family: Family,
        sequence: u32,
        counter: u64,
        router_id: Option<Ipv4Addr>,
    },
}

const KINDS: [&str; 8] = ["asm", "adm", "rpcq", "apcq", "lpcq", "rpcp", "apcp", "lpcp"];

impl OperationalMessage {
    /// ExaBGP's name of the kind ("asm", "rpcq", …).
    pub fn kind_name(&self) -> &'static str {
        match self {
            OperationalMessage::Advisory { kind, .. } => match kind {
                AdvisoryKind::Asm => "asm",
                AdvisoryKind::Adm => "adm",
            },
            OperationalMessage::Query { kind, .. } => match kind {
                QueryKind::Rpcq => "rpcq",
                QueryKind::Apcq => "apcq",
                QueryKind::Lpcq => "lpcq",
            },
            OperationalMessage::Response { kind, .. } => match kind {
                ResponseKind::Rpcp => "rpcp",
                ResponseKind::Apcp => "apcp",
                ResponseKind::Lpcp => "lpcp",
            },
        }
    }
}

/// The values read from the `key value` pairs.
#[derive(Default)]
struct Values {
    afi: Option<Afi>,
    safi: Option<Safi>,
    advisory: Option<String>,
    sequence: Option<u32>,
    counter: Option<u64>,
    router_id: Option<Ipv4Addr>,
}

/// Parses what follows `announce operational`.
pub(super) fn parse_operational(words: &mut Words<'_>) -> Result<OperationalMessage, CommandError> {
    let Some(kind) = words.next_word()? else {
        return Err(words.missing(
            "`operational` needs a message kind",
            Some(format!("expected one of: {}", KINDS.join(", "))),
        ));
    };
    let kind_name = if kind.quoted {
        String::new()
    } else {
        kind.text.to_ascii_lowercase()
    };
    let keys: &[&str] = match kind_name.as_str() {
        "asm" | "adm" => &["afi", "safi", "advisory"],
        "rpcq" | "apcq" | "lpcq" => &["afi", "safi", "sequence"],
        "rpcp" | "apcp" | "lpcp" => &["afi", "safi", "sequence", "counter"],
        _ => {
            return Err(kind.error(
                format!("unknown operational message `{}`", kind.text),
                Some(suggestion(kind.text, &KINDS)),
            ));
        }
    };
    let mut values = Values::default();
    let mut expected = keys.iter();
    let mut next_key = expected.next();
    while let Some(key) = words.next_word()? {
        let key_name = if key.quoted {
            String::new()
        } else {
            key.text.to_ascii_lowercase()
        };
        let value = match words.next_word()? {
            Some(value) => value,
            None => return Err(words.missing(format!("`{}` needs a value", key.text), None)),
        };
        if key_name == "router-id" {
            if values.router_id.is_some() {
                return Err(key.error("`router-id` given twice", None));
            }
            values.router_id = Some(router_id(&value)?);
            continue;
        }
        let Some(wanted) = next_key else {
            return Err(key.error(
                format!("unexpected `{}` after the {kind_name} message", key.text),
                None,
            ));
        };
        if key_name != *wanted {
            return Err(key.error(
                format!("expected `{wanted}`, found `{}`", key.text),
                Some(format!("write {kind_name} {}", pairs(keys))),
            ));
        }
        read_value(&mut values, wanted, &value)?;
        next_key = expected.next();
    }
    if let Some(wanted) = next_key {
        return Err(words.missing(
            format!("`{kind_name}` needs `{wanted}`"),
            Some(format!("write {kind_name} {}", pairs(keys))),
        ));
    }
    build(&kind_name, values).ok_or_else(|| kind.error("incomplete operational message", None))
}

fn pairs(keys: &[&str]) -> String {
    let pairs: Vec<String> = keys.iter().map(|key| format!("{key} <{key}>")).collect();
    pairs.join(" ")
}

fn read_value(values: &mut Values, key: &str, value: &Word<'_>) -> Result<(), CommandError> {
    match key {
        "afi" => {
            values.afi = Some(
                (!value.quoted)
                    .then(|| Afi::parse(value.text))
                    .flatten()
                    .ok_or_else(|| {
                        value.error(
                            format!("unknown afi `{}`", value.text),
                            Some(suggestion(value.text, &["ipv4", "ipv6", "l2vpn", "bgp-ls"])),
                        )
                    })?,
            );
        }
        "safi" => {
            values.safi = Some(
                (!value.quoted)
                    .then(|| Safi::parse(value.text))
                    .flatten()
                    .ok_or_else(|| value.error(format!("unknown safi `{}`", value.text), None))?,
            );
        }
        "advisory" => {
            if value.text.len() > MAX_ADVISORY_LENGTH {
                return Err(value.error(
                    format!(
                        "the advisory is {} bytes, longer than {MAX_ADVISORY_LENGTH}",
                        value.text.len()
                    ),
                    None,
                ));
            }
            values.advisory = Some(value.text.to_string());
        }
        "sequence" => {
            let sequence = number(value, "sequence", u64::from(u32::MAX))?;
            values.sequence = Some(u32::try_from(sequence).unwrap_or(u32::MAX));
        }
        _ => values.counter = Some(number(value, "counter", u64::MAX)?),
    }
    Ok(())
}

fn number(value: &Word<'_>, key: &str, maximum: u64) -> Result<u64, CommandError> {
    let digits = !value.quoted
        && !value.text.is_empty()
        && value.text.bytes().all(|byte| byte.is_ascii_digit());
    match value.text.parse::<u64>() {
        Ok(number) if digits && number <= maximum => Ok(number),
        _ => Err(value.error(
            format!(
                "`{key}` needs a number from 0 to {maximum}, found `{}`",
                value.text
            ),
            None,
        )),
    }
}

fn router_id(value: &Word<'_>) -> Result<Ipv4Addr, CommandError> {
    match value.text.parse::<Ipv4Addr>() {
        Ok(id) if !value.quoted => Ok(id),
        _ => Err(value.error(
            format!("`router-id` needs an IPv4 address, found `{}`", value.text),
            None,
        )),
    }
}

fn build(kind: &str, values: Values) -> Option<OperationalMessage> {
    let family = Family::new(values.afi?, values.safi?);
    let router_id = values.router_id;
    Some(match kind {
        "asm" | "adm" => OperationalMessage::Advisory {
            kind: if kind == "asm" {
                AdvisoryKind::Asm
            } else {
                AdvisoryKind::Adm
            },
            family,
            advisory: values.advisory?,
            router_id,
        },
        "rpcq" | "apcq" | "lpcq" => OperationalMessage::Query {
            kind: match kind {
                "rpcq" => QueryKind::Rpcq,
                "apcq" => QueryKind::Apcq,
                _ => QueryKind::Lpcq,
            },
            family,
            sequence: values.sequence?,
            router_id,
        },
        _ => OperationalMessage::Response {
            kind: match kind {
                "rpcp" => ResponseKind::Rpcp,
                "apcp" => ResponseKind::Apcp,
                _ => ResponseKind::Lpcp,
            },
            family,
            sequence: values.sequence?,
            counter: values.counter?,
            router_id,
        },
    })
}

/// `asm afi ipv4 safi unicast advisory "text"` (what follows `announce operational `).
impl fmt::Display for OperationalMessage {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (family, router_id) = match self {
            OperationalMessage::Advisory {
                family, router_id, ..
            }
            | OperationalMessage::Query {
                family, router_id, ..
            }
            | OperationalMessage::Response {
                family, router_id, ..
            } => (family, router_id),
        };
        write!(
            formatter,
            "{} afi {} safi {}",
            self.kind_name(),
            family.afi.name(),
            family.safi.name()
        )?;
        match self {
            OperationalMessage::Advisory { advisory, .. } => {
                write!(formatter, " advisory {}", quoted(advisory))?;
            }
            OperationalMessage::Query { sequence, .. } => {
                write!(formatter, " sequence {sequence}")?;
            }
            OperationalMessage::Response {
                sequence, counter, ..
            } => write!(formatter, " sequence {sequence} counter {counter}")?,
        }
        if let Some(id) = router_id {
            write!(formatter, " router-id {id}")?;
        }
        Ok(())
    }
}
