//! ExaBGP's route grammar (`announce route …`, `announce attributes … nlri …`,
//! `announce ipv4|ipv6 <safi> …`, `announce flow route …`, `announce vpls …`): one pure parser
//! shared by the helper API and the configuration's static routes, so the two can never
//! disagree. (Stub: the parser is being written.)

use std::fmt;

/// A route as the grammar describes it: what to announce (or withdraw) to a peer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Route {}

/// Canonical text that [`parse_announcement`] reads back to the same route.
impl fmt::Display for Route {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("route")
    }
}

/// A mistake in route text, with the byte range of the offending word(s) in the text given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteSyntaxError {
    /// Byte offset of the first offending byte in the text given to the parser.
    pub start: usize,
    /// Byte offset one past the last offending byte.
    pub end: usize,
    /// What is wrong ("unknown attribute `meed`").
    pub message: String,
    /// What to do about it ("did you mean `med`?").
    pub hint: Option<String>,
}

/// Parses what follows `announce ` (or a static route in the configuration): `route 10.0.0.0/24
/// next-hop self med 100`, `attributes next-hop … nlri 10.0.0.0/24 10.0.1.0/24`,
/// `ipv6 unicast 2001:db8::/32 next-hop …`, `flow route …`, `vpls …`. One text may yield several
/// routes (`split`, `attributes … nlri`).
pub fn parse_announcement(text: &str) -> Result<Vec<Route>, RouteSyntaxError> {
    let _ = text;
    Ok(vec![Route {}])
}
