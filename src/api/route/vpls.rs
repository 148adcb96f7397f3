//! VPLS routes (RFC 4761): `vpls endpoint <n> base <label> offset <n> size <n> rd <rd>
//! next-hop <ip> <attr>*`, also as the configuration's `vpls <name> { endpoint 5; … }`.
//!
//! ExaBGP (`configuration/l2vpn/`) limits endpoint, offset, size and base to 16 bits and checks
//! that the label block fits in 20 bits; here base may use the label's full 20 bits. Must not
//! parse attribute values (`attributes.rs`).

use super::attributes::{ATTRIBUTE_KEYWORDS, Draft};
use super::tokens::{Cursor, Token, suggestion};
use super::values::decimal;
use super::{Action, Route, RouteNextHop, RouteSyntaxError};
use crate::wire::nlri::{Label, Nlri, VplsNlri};

const VPLS_KEYWORDS: [&str; 4] = ["endpoint", "base", "offset", "size"];

/// After `vpls`.
pub(super) fn vpls(
    cursor: &mut Cursor<'_>,
    keyword: &Token<'_>,
    action: Action,
) -> Result<Route, RouteSyntaxError> {
    let mut draft = Draft::new(action);
    // optional name, then optional `{ … }` block
    let mark = cursor.mark();
    if let Some(name) = cursor.next_token() {
        if !name.is("{") && cursor.peek_is("{") {
            draft.name = Some(name.text.to_string());
        } else {
            cursor.rewind(mark);
        }
    }
    let block = cursor.peek().filter(|token| token.is("{"));
    if block.is_some() {
        cursor.next_token();
    }
    let mut fields: [Option<u32>; 4] = [None; 4];
    loop {
        let Some(word) = cursor.peek() else {
            if let Some(open) = block {
                return Err(open.error_with("the `{` block is not closed", "end it with `}`"));
            }
            break;
        };
        if word.is(";") {
            if block.is_none() {
                break;
            }
            cursor.next_token();
            continue;
        }
        cursor.next_token();
        if word.is("}") && block.is_some() {
            break;
        }
        if let Some(index) = VPLS_KEYWORDS.iter().position(|known| word.is(known)) {
            let canonical = VPLS_KEYWORDS.get(index).copied().unwrap_or("endpoint");
            draft.once(canonical, &word)?;
            let value = cursor.value(&word, "a number")?;
            let maximum = if canonical == "base" {
                u64::from(Label::MAXIMUM)
            } else {
                u64::from(u16::MAX)
            };
            let number = decimal(&value, canonical, maximum)? as u32;
            if let Some(slot) = fields.get_mut(index) {
                *slot = Some(number);
            }
            continue;
        }
        if !draft.attribute(&word, cursor)? {
            let words: Vec<&str> = VPLS_KEYWORDS
                .iter()
                .chain(ATTRIBUTE_KEYWORDS.iter())
                .copied()
                .filter(|word| *word != "nlri")
                .collect();
            return Err(word.error_with(
                format!("`{}` is not valid in a vpls route", word.text),
                suggestion(word.text, &words),
            ));
        }
    }
    for (what, span) in [
        ("label", draft.labels.as_ref().map(|(_, span)| *span)),
        ("split", draft.split.map(|(_, span)| span)),
        ("path-information", draft.path_id.map(|(_, span)| span)),
    ] {
        if let Some((start, end)) = span {
            return Err(RouteSyntaxError::new(
                start,
                end,
                format!("{what} is not valid in a vpls route"),
                None,
            ));
        }
    }
    let [endpoint, base, offset, size] = fields;
    let missing = |what: &str| {
        keyword.error_with(
            format!("the vpls route has no {what}"),
            "a vpls route needs endpoint, base, offset, size and rd",
        )
    };
    let endpoint = endpoint.ok_or_else(|| missing("endpoint"))?;
    let base = base.ok_or_else(|| missing("base"))?;
    let offset = offset.ok_or_else(|| missing("offset"))?;
    let size = size.ok_or_else(|| missing("size"))?;
    let route_distinguisher = draft
        .route_distinguisher
        .map(|(rd, _)| rd)
        .ok_or_else(|| missing("rd"))?;
    if u64::from(base) + u64::from(size) > u64::from(Label::MAXIMUM) {
        return Err(keyword.error(format!(
            "the vpls label block base {base} size {size} does not fit in 20 bits"
        )));
    }
    if action == Action::Announce && draft.next_hop.is_none() {
        return Err(missing("next-hop"));
    }
    Ok(Route {
        nlri: Nlri::Vpls(VplsNlri {
            path_id: None,
            route_distinguisher,
            endpoint: endpoint as u16,
            offset: offset as u16,
            size: size as u16,
            base,
        }),
        next_hop: draft
            .next_hop
            .map_or(RouteNextHop::Absent, |(next_hop, _)| next_hop),
        attributes: draft.attributes,
        name: draft.name,
        watchdog: draft.watchdog,
        withdrawn: draft.withdrawn,
    })
}
