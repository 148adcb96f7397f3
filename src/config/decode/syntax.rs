//! KDL syntax errors as our own problems: each of the parser's diagnostics becomes one
//! [`Problem`] (so it is shown with the file name, like every other problem), and the usual
//! mistakes get a targeted hint: an unquoted IP address or prefix, a bare `true`, a unit on a
//! number.

use crate::config::diagnostic::Problem;
use crate::config::redact::mask_secrets;
use kdl::KdlError;
use std::net::IpAddr;

/// One problem per KDL diagnostic.
pub fn problems(error: &KdlError, source: &str) -> Vec<Problem> {
    let masked = mask_secrets(source);
    error
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let span = diagnostic.span;
            let range = span.offset()..span.offset().saturating_add(span.len());
            let text = source.get(range.clone()).unwrap_or("");
            if masked.get(range).is_some_and(|shown| shown != text) {
                // The mistake is in a secret: say so without repeating it.
                return Problem::new(
                    "config::kdl-syntax",
                    "the key is not a valid KDL value",
                    span,
                    "here",
                )
                .with_help("write the key in quotes: `md5-password \"…\"`");
            }
            if let Some(problem) = known_mistake(text, span) {
                return problem;
            }
            Problem::new(
                "config::kdl-syntax",
                diagnostic
                    .message
                    .clone()
                    .unwrap_or_else(|| "invalid KDL".into()),
                span,
                diagnostic.label.clone().unwrap_or_else(|| "here".into()),
            )
            .with_optional_help(diagnostic.help.clone())
        })
        .collect()
}

fn known_mistake(text: &str, span: miette::SourceSpan) -> Option<Problem> {
    if looks_like_address(text) {
        let what = if text.contains('/') {
            "prefix"
        } else {
            "IP address"
        };
        return Some(
            Problem::new(
                "config::unquoted-address",
                format!("the {what} `{text}` must be quoted"),
                span,
                "unquoted",
            )
            .with_help(format!(
                "KDL reads a bare {what} as a broken number; write \"{text}\""
            )),
        );
    }
    let boolean = match text {
        "true" | "yes" | "on" | "enable" | "enabled" => Some("#true"),
        "false" | "no" | "off" | "disable" | "disabled" => Some("#false"),
        "null" | "none" => Some("#null"),
        _ => None,
    };
    if let Some(keyword) = boolean {
        return Some(
            Problem::new(
                "config::bare-keyword",
                format!("`{text}` is not a KDL value"),
                span,
                format!("write `{keyword}`"),
            )
            .with_help("KDL v2 writes booleans as `#true` and `#false`"),
        );
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let unit = text.get(digits..).unwrap_or("");
    if digits > 0 && !unit.is_empty() && unit.bytes().all(|byte| byte.is_ascii_alphabetic()) {
        let number = text.get(..digits).unwrap_or("");
        return Some(
            Problem::new(
                "config::number-with-unit",
                format!("`{text}` is not a number"),
                span,
                "number with a unit",
            )
            .with_help(format!(
                "times are plain numbers of seconds, without a unit: `{number}`"
            )),
        );
    }
    None
}

/// An IP address or prefix: what KDL rejects as a malformed number.
fn looks_like_address(text: &str) -> bool {
    let address = text.split_once('/').map_or(text, |(address, _)| address);
    address.parse::<IpAddr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(source: &str) -> Problem {
        let error = source
            .parse::<kdl::KdlDocument>()
            .expect_err("the test source is invalid KDL");
        problems(&error, source)
            .into_iter()
            .next()
            .expect("at least one diagnostic")
    }

    #[test]
    fn targeted_hints() {
        assert_eq!(
            first("neighbor 192.0.2.2 { }").code,
            "config::unquoted-address"
        );
        assert_eq!(
            first("neighbor 2001:db8::1 { }").code,
            "config::unquoted-address"
        );
        assert_eq!(first("route 10.0.0.0/8").code, "config::unquoted-address");
        assert_eq!(first("x { passive true; }").code, "config::bare-keyword");
        assert_eq!(first("hold-time 90s").code, "config::number-with-unit");
        assert_eq!(first("a \"open\nb 1").code, "config::kdl-syntax");
    }

    #[test]
    fn every_diagnostic_is_kept() {
        let source = "a 192.0.2.1\nb 10.0.0.1\n";
        let error = source.parse::<kdl::KdlDocument>().expect_err("invalid KDL");
        assert_eq!(problems(&error, source).len(), 2);
    }
}
