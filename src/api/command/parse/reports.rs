//! The reporting and RIB commands: `show neighbor …`, `show adj-rib …`, `flush adj-rib out`,
//! `clear adj-rib in|out`. Part of the command parser; must not know what is shown (the
//! daemon renders it).

use super::Parser;
use crate::api::command::words::{Word, suggestion};
use crate::api::command::{Command, CommandError, NeighborDetail, RibDirection, RouteKindFilter};
use std::net::IpAddr;

impl Parser<'_> {
    pub(super) fn show(mut self, verb: &Word<'_>) -> Result<Command, CommandError> {
        let Some(what) = self.words.next_word()? else {
            return Err(self.words.missing(
                "`show` needs what to show",
                Some("expected one of: neighbor, adj-rib".into()),
            ));
        };
        let direction = match (what.quoted, what.text) {
            (false, "neighbor") => return self.show_neighbor(),
            (false, "adj-rib") => {
                let Some(direction) = self.words.next_word()? else {
                    return Err(self.words.missing("`adj-rib` needs `in` or `out`", None));
                };
                match (direction.quoted, direction.text) {
                    (false, "in") => RibDirection::In,
                    (false, "out") => RibDirection::Out,
                    _ => {
                        return Err(direction.error(
                            format!("expected `in` or `out`, found `{}`", direction.text),
                            None,
                        ));
                    }
                }
            }
            (false, "adj-rib-in") => RibDirection::In,
            (false, "adj-rib-out") => RibDirection::Out,
            _ => {
                return Err(what.error(
                    format!("cannot {} `{}`", verb.text, what.text),
                    Some(suggestion(what.text, &["neighbor", "adj-rib"])),
                ));
            }
        };
        self.show_adj_rib(direction)
    }

    fn show_neighbor(mut self) -> Result<Command, CommandError> {
        let mut detail: Option<NeighborDetail> = None;
        let mut address: Option<IpAddr> = None;
        let mut json = false;
        while let Some(word) = self.words.next_word()? {
            let chosen = match (word.quoted, word.text) {
                (false, "summary") => Some(NeighborDetail::Summary),
                (false, "extensive") => Some(NeighborDetail::Extensive),
                (false, "configuration") => Some(NeighborDetail::Configuration),
                _ => None,
            };
            if let Some(chosen) = chosen {
                if detail.is_some() {
                    return Err(word.error("choose one of summary, extensive, configuration", None));
                }
                detail = Some(chosen);
            } else if word.is("json") {
                json = once(json, &word)?;
            } else if word.is("text") {
                // ExaBGP accepts and drops `text` (the default)
            } else {
                address = Some(filter_address(
                    address,
                    &word,
                    &["summary", "extensive", "configuration", "json"],
                )?);
            }
        }
        Ok(Command::ShowNeighbor {
            selectors: self.selectors,
            detail,
            address,
            json,
        })
    }

    fn show_adj_rib(mut self, direction: RibDirection) -> Result<Command, CommandError> {
        let mut extensive = false;
        let mut kind: Option<RouteKindFilter> = None;
        let mut address: Option<IpAddr> = None;
        let mut json = false;
        while let Some(word) = self.words.next_word()? {
            let chosen = match (word.quoted, word.text) {
                (false, "inet") => Some(RouteKindFilter::Inet),
                (false, "flow") => Some(RouteKindFilter::Flow),
                (false, "l2vpn") => Some(RouteKindFilter::L2vpn),
                _ => None,
            };
            if let Some(chosen) = chosen {
                if kind.is_some() {
                    return Err(word.error("choose one of inet, flow, l2vpn", None));
                }
                kind = Some(chosen);
            } else if word.is("extensive") {
                extensive = once(extensive, &word)?;
            } else if word.is("json") {
                json = once(json, &word)?;
            } else {
                address = Some(filter_address(
                    address,
                    &word,
                    &["extensive", "inet", "flow", "l2vpn", "json"],
                )?);
            }
        }
        Ok(Command::ShowAdjRib {
            selectors: self.selectors,
            direction,
            extensive,
            kind,
            address,
            json,
        })
    }

    pub(super) fn flush(mut self, verb: &Word<'_>) -> Result<Command, CommandError> {
        self.expect_adj_rib(verb, "flush adj-rib out")?;
        match self.words.next_word()? {
            Some(out) if out.is("out") => {}
            Some(other) => {
                return Err(other.error(
                    format!(
                        "only the Adj-RIB-Out can be flushed, found `{}`",
                        other.text
                    ),
                    Some("write flush adj-rib out".into()),
                ));
            }
            None => {
                return Err(self.words.missing("`flush adj-rib` needs `out`", None));
            }
        }
        self.words.finish("flush adj-rib out")?;
        Ok(Command::FlushAdjRibOut {
            selectors: self.selectors,
        })
    }

    pub(super) fn clear(mut self, verb: &Word<'_>) -> Result<Command, CommandError> {
        self.expect_adj_rib(verb, "clear adj-rib in|out")?;
        let direction = match self.words.next_word()? {
            None => RibDirection::Out,
            Some(word) if word.is("in") => RibDirection::In,
            Some(word) if word.is("out") => RibDirection::Out,
            Some(word) => {
                return Err(word.error(
                    format!("expected `in` or `out`, found `{}`", word.text),
                    None,
                ));
            }
        };
        self.words.finish("clear adj-rib in|out")?;
        Ok(Command::ClearAdjRib {
            selectors: self.selectors,
            direction,
        })
    }

    fn expect_adj_rib(&mut self, verb: &Word<'_>, usage: &str) -> Result<(), CommandError> {
        match self.words.next_word()? {
            Some(word) if word.is("adj-rib") => Ok(()),
            Some(word) => Err(word.error(
                format!(
                    "expected `adj-rib` after `{}`, found `{}`",
                    verb.text, word.text
                ),
                Some(format!("write {usage}")),
            )),
            None => Err(self.words.missing(
                format!("`{}` needs `adj-rib`", verb.text),
                Some(format!("write {usage}")),
            )),
        }
    }
}

/// A flag given once.
fn once(already: bool, word: &Word<'_>) -> Result<bool, CommandError> {
    if already {
        Err(word.error(format!("`{}` given twice", word.text), None))
    } else {
        Ok(true)
    }
}

/// The peer address filter of a `show` command (ExaBGP: the last word left over).
fn filter_address(
    already: Option<IpAddr>,
    word: &Word<'_>,
    flags: &[&str],
) -> Result<IpAddr, CommandError> {
    let parsed = (!word.quoted)
        .then(|| word.text.parse::<IpAddr>().ok())
        .flatten();
    match (already, parsed) {
        (None, Some(address)) => Ok(address),
        (Some(_), Some(_)) => Err(word.error(
            "only one peer address can be given",
            Some("use a selector for several: neighbor <ip>, neighbor <ip> show …".into()),
        )),
        (_, None) => Err(word.error(
            format!("expected a peer address or a flag, found `{}`", word.text),
            Some(suggestion(word.text, flags)),
        )),
    }
}
