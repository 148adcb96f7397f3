//! The `announce { … }` block: static routes written as the text of an ExaBGP `announce`
//! command, one node per route, parsed by the route grammar shared with the helper API. A
//! grammar error points at the offending word inside the quoted text in the file.
//!
//! ```kdl
//! announce {
//!     route "10.0.0.0/24 next-hop self med 100"
//!     route "192.0.2.0/24 next-hop self" watchdog="web" withdrawn=#true
//!     flow "route { match { destination 10.0.0.0/24; } then { discard; } }"
//! }
//! ```
//! `route "TEXT"` is the command `announce route TEXT`; the node name is the command's first
//! word.

use super::RouteParser;
use super::context::{Context, Shape, name};
use super::settings::Spanned;
use super::values;
use crate::config::diagnostic::Problem;
use crate::config::model::StaticRoute;
use kdl::{KdlEntry, KdlNode};
use miette::SourceSpan;

/// The first words of `announce` commands that describe routes.
pub const KINDS: &[&str] = &["route", "attributes", "ipv4", "ipv6", "flow", "vpls"];

/// Every route of one `announce` block.
pub fn decode(
    context: &mut Context,
    node: &KdlNode,
    parse_route: RouteParser<'_>,
) -> Vec<Spanned<StaticRoute>> {
    let mut routes = Vec::new();
    let Some(block) = context
        .parts(
            node,
            Shape::block("announce { route \"10.0.0.0/24 next-hop self\" }"),
        )
        .and_then(|parts| parts.block)
    else {
        return routes;
    };
    for child in block.nodes() {
        let kind = name(child);
        if !KINDS.contains(&kind) {
            context.unknown_node(child, "announce", KINDS);
            continue;
        }
        let example = format!("{kind} \"…\" watchdog=\"name\" withdrawn=#true");
        let shape = Shape::value(&example).with_properties(&["watchdog", "withdrawn"]);
        let Some(parts) = context.parts(child, shape) else {
            continue;
        };
        let Some(entry) = parts.first() else {
            continue;
        };
        let watchdog = match parts.property("watchdog") {
            None => None,
            Some(watchdog) => match values::name(context, "watchdog", watchdog, "watchdog") {
                Some(watchdog) => Some(watchdog.to_string()),
                None => continue,
            },
        };
        let withdrawn = match parts.property("withdrawn") {
            None => false,
            Some(withdrawn_entry) => {
                let Some(withdrawn) = values::boolean(context, "withdrawn", withdrawn_entry) else {
                    continue;
                };
                if withdrawn && watchdog.is_none() {
                    context.push(
                        Problem::new(
                            "config::withdrawn-without-watchdog",
                            "a route that starts withdrawn needs a watchdog",
                            withdrawn_entry.span(),
                            "nothing could ever announce it",
                        )
                        .with_help("add `watchdog=\"name\"`; a helper then announces it with `announce watchdog name`"),
                    );
                    continue;
                }
                withdrawn
            }
        };
        let Some(content) = values::string(context, kind, entry, "the route in quotes") else {
            continue;
        };
        let text = if content.is_empty() {
            kind.to_string()
        } else {
            format!("{kind} {content}")
        };
        match parse_route(&text) {
            Ok(parsed)
                if parsed
                    .iter()
                    .any(|written| written.route.watchdog.is_some() || written.route.withdrawn) =>
            {
                // The grammar's `watchdog NAME` and `withdraw` words would bypass the checks
                // made on the properties (a withdrawn route needs a watchdog).
                context.push(
                    Problem::new(
                        "config::watchdog-in-route-text",
                        format!(
                            "`watchdog` and `withdraw` are properties of the `{kind}` node here"
                        ),
                        entry.span(),
                        "remove them from the text",
                    )
                    .with_help(format!(
                        "write them as `{kind} \"…\" watchdog=\"name\" withdrawn=#true`"
                    )),
                );
            }
            Ok(parsed) => routes.extend(parsed.into_iter().map(|written| {
                Spanned::new(
                    StaticRoute {
                        route: written.route,
                        split: written.split,
                        watchdog: watchdog.clone(),
                        withdrawn,
                    },
                    child.span(),
                )
            })),
            Err(error) => {
                let prefix = kind.len().saturating_add(1);
                let span = if error.start < prefix {
                    child.name().span()
                } else {
                    content_span(
                        entry,
                        error.start.saturating_sub(prefix),
                        error.end.saturating_sub(prefix),
                        content.len(),
                    )
                };
                context.push(
                    Problem::new(
                        "config::route-syntax",
                        format!("invalid `{kind}`: {}", error.message),
                        span,
                        "here",
                    )
                    .with_optional_help(error.hint),
                );
            }
        }
    }
    routes
}

/// The place in the file of bytes `start..end` of the string value of `entry` (`length`
/// bytes long once decoded). Exact for one-line strings, quoted (escapes included) or raw;
/// for multi-line strings (whose indentation is removed) the whole value.
pub fn content_span(entry: &KdlEntry, start: usize, end: usize, length: usize) -> SourceSpan {
    let whole = entry.span();
    let Some(representation) = entry.format().map(|format| format.value_repr.as_str()) else {
        return whole;
    };
    let Some(offsets) =
        source_offsets(representation).filter(|offsets| offsets.len() == length.saturating_add(1))
    else {
        return whole;
    };
    let whole_end = whole.offset().saturating_add(whole.len());
    let value_start = whole_end.saturating_sub(representation.len());
    let start = start.min(length);
    let end = end.clamp(start, length);
    match (offsets.get(start), offsets.get(end)) {
        (Some(first), Some(last)) => SourceSpan::from((
            value_start.saturating_add(*first),
            last.saturating_sub(*first),
        )),
        _ => whole,
    }
}

/// For a one-line KDL string as written (`"a\"b"`, `#"raw"#`), the offset in the written text
/// of every byte of the decoded string, plus one past the last. `None` for other forms.
fn source_offsets(representation: &str) -> Option<Vec<usize>> {
    let hashes = representation
        .bytes()
        .take_while(|byte| *byte == b'#')
        .count();
    let body = representation.get(hashes..)?;
    if !body.starts_with('"') || body.starts_with("\"\"\"") {
        return None;
    }
    let content_start = hashes.saturating_add(1);
    let content_end = representation.len().checked_sub(content_start)?;
    let content = representation.get(content_start..content_end)?;
    let mut offsets = Vec::with_capacity(content.len().saturating_add(1));
    let mut characters = content.char_indices().peekable();
    while let Some((index, character)) = characters.next() {
        let at = content_start.saturating_add(index);
        if hashes > 0 || character != '\\' {
            offsets.extend((0..character.len_utf8()).map(|byte| at.saturating_add(byte)));
            continue;
        }
        match characters.next().map(|(_, escaped)| escaped) {
            Some('n' | 'r' | 't' | '\\' | '"' | 'b' | 'f' | 's') => offsets.push(at),
            Some('u') => {
                let mut digits = String::new();
                for (_, next) in characters.by_ref() {
                    if next == '}' {
                        break;
                    }
                    if next != '{' {
                        digits.push(next);
                    }
                }
                let decoded = u32::from_str_radix(&digits, 16)
                    .ok()
                    .and_then(char::from_u32)?;
                offsets.extend(std::iter::repeat_n(at, decoded.len_utf8()));
            }
            Some(blank) if blank.is_whitespace() => {
                while characters
                    .next_if(|(_, next)| next.is_whitespace())
                    .is_some()
                {}
            }
            _ => return None,
        }
    }
    offsets.push(content_end);
    Some(offsets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_follow_escapes() {
        assert_eq!(source_offsets("\"ab\""), Some(vec![1, 2, 3]));
        assert_eq!(source_offsets("\"a\\\"b\""), Some(vec![1, 2, 4, 5]));
        assert_eq!(source_offsets("#\"a\\b\"#"), Some(vec![2, 3, 4, 5]));
        assert_eq!(source_offsets("\"\\u{e9}x\""), Some(vec![1, 1, 7, 8]));
        assert_eq!(source_offsets("\"a\\   b\""), Some(vec![1, 6, 7]));
        assert_eq!(source_offsets("\"\"\"\nab\n\"\"\""), None);
        assert_eq!(source_offsets("bare"), None);
    }
}
