//! The attribute keywords of a route (ExaBGP's `configuration/static/parser.py` and `mpls.py`):
//! `next-hop`, `origin`, `as-path`, `med`, …, `rd`, `label`, `name`, `split`, `watchdog`,
//! `withdraw`, gathered into a [`Draft`] before the route's NLRI is built.
//!
//! Must not decide the family or check what a family requires: `prefix_routes.rs`, `flow.rs`
//! and `vpls.rs` do that with the draft.

use super::communities::{
    community, extended_community, insert_extended, insert_sorted, large_community,
};
use super::tokens::{Cursor, Token, is_delimiter};
use super::values::{
    asn, decimal, ip, ipv4, labels, list, number, path_information, route_distinguisher,
};
use super::{Action, RouteNextHop, RouteSyntaxError};
use crate::wire::attribute::{
    Aggregator, Aigp, AsPath, AsPathSegment, Attributes, Origin, PrefixSid, PrefixSidTlv,
    SegmentKind, SrgbRange, UnknownAttribute,
};
use crate::wire::iana::attribute_flag::EXTENDED_LENGTH;
use crate::wire::iana::attribute_type as code;
use crate::wire::nlri::{Label, RouteDistinguisher};

/// A byte range in the parsed text.
pub(crate) type Span = (usize, usize);

/// Every attribute keyword a route accepts (for "did you mean" hints).
pub(crate) const ATTRIBUTE_KEYWORDS: [&str; 24] = [
    "next-hop",
    "origin",
    "as-path",
    "med",
    "local-preference",
    "atomic-aggregate",
    "aggregator",
    "originator-id",
    "cluster-list",
    "community",
    "large-community",
    "extended-community",
    "aigp",
    "attribute",
    "path-information",
    "rd",
    "route-distinguisher",
    "label",
    "bgp-prefix-sid",
    "name",
    "split",
    "watchdog",
    "withdraw",
    "nlri",
];

/// Type codes that have their own keyword: a generic `attribute [ … ]` may not use them (the
/// codec would silently drop it).
const TYPED_CODES: [u8; 19] = [
    code::ORIGIN,
    code::AS_PATH,
    code::NEXT_HOP,
    code::MULTI_EXIT_DISC,
    code::LOCAL_PREF,
    code::ATOMIC_AGGREGATE,
    code::AGGREGATOR,
    code::COMMUNITIES,
    code::ORIGINATOR_ID,
    code::CLUSTER_LIST,
    code::MP_REACH_NLRI,
    code::MP_UNREACH_NLRI,
    code::EXTENDED_COMMUNITIES,
    code::AS4_PATH,
    code::AS4_AGGREGATOR,
    code::IPV6_EXTENDED_COMMUNITIES,
    code::AIGP,
    code::LARGE_COMMUNITIES,
    code::BGP_PREFIX_SID,
];

/// What the keywords of one route said, before the NLRI is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Draft {
    pub action: Action,
    pub next_hop: Option<(RouteNextHop, Span)>,
    pub attributes: Attributes,
    pub path_id: Option<(u32, Span)>,
    pub route_distinguisher: Option<(RouteDistinguisher, Span)>,
    pub labels: Option<(Vec<Label>, Span)>,
    pub name: Option<String>,
    pub watchdog: Option<String>,
    pub withdrawn: bool,
    pub split: Option<(u8, Span)>,
    /// Keywords met so far (canonical spelling), to refuse repeats.
    seen: Vec<&'static str>,
}

impl Draft {
    pub fn new(action: Action) -> Draft {
        Draft {
            action,
            next_hop: None,
            attributes: Attributes::default(),
            path_id: None,
            route_distinguisher: None,
            labels: None,
            name: None,
            watchdog: None,
            withdrawn: false,
            split: None,
            seen: Vec::new(),
        }
    }

    /// Records `keyword` and refuses a second occurrence.
    pub fn once(
        &mut self,
        canonical: &'static str,
        keyword: &Token<'_>,
    ) -> Result<(), RouteSyntaxError> {
        if self.seen.contains(&canonical) {
            return Err(keyword.error_with(
                format!("`{canonical}` is given twice"),
                "give each attribute once (put several values in one `[ … ]` list)",
            ));
        }
        self.seen.push(canonical);
        Ok(())
    }

    /// Parses the attribute that `keyword` introduces. `Ok(false)`: not an attribute keyword
    /// (nothing consumed).
    pub fn attribute(
        &mut self,
        keyword: &Token<'_>,
        cursor: &mut Cursor<'_>,
    ) -> Result<bool, RouteSyntaxError> {
        let word = keyword.keyword();
        match word.as_str() {
            "next-hop" => {
                self.once("next-hop", keyword)?;
                let value = cursor.value(keyword, "an IP address or `self`")?;
                let next_hop = if value.is("self") {
                    RouteNextHop::SelfAddress
                } else {
                    RouteNextHop::Address(ip(&value, "next-hop")?)
                };
                self.next_hop = Some((next_hop, (keyword.start, value.end)));
            }
            "origin" => {
                self.once("origin", keyword)?;
                let value = cursor.value(keyword, "igp, egp or incomplete")?;
                self.attributes.origin = Some(match value.keyword().as_str() {
                    "igp" => Origin::Igp,
                    "egp" => Origin::Egp,
                    "incomplete" => Origin::Incomplete,
                    _ => {
                        return Err(value.error_with(
                            format!("unknown origin `{}`", value.text),
                            super::tokens::suggestion(value.text, &["igp", "egp", "incomplete"]),
                        ));
                    }
                });
            }
            "as-path" => {
                self.once("as-path", keyword)?;
                self.attributes.as_path = Some(as_path(cursor, keyword)?);
            }
            "med" => {
                self.once("med", keyword)?;
                let value = cursor.value(keyword, "a number")?;
                self.attributes.med = Some(decimal(&value, "med", u64::from(u32::MAX))? as u32);
            }
            "local-preference" => {
                self.once("local-preference", keyword)?;
                let value = cursor.value(keyword, "a number")?;
                self.attributes.local_preference =
                    Some(decimal(&value, "local-preference", u64::from(u32::MAX))? as u32);
            }
            "atomic-aggregate" => {
                self.once("atomic-aggregate", keyword)?;
                self.attributes.atomic_aggregate = true;
            }
            "aggregator" => {
                self.once("aggregator", keyword)?;
                self.attributes.aggregator = Some(aggregator(cursor, keyword)?);
            }
            "originator-id" => {
                self.once("originator-id", keyword)?;
                let value = cursor.value(keyword, "an IPv4 address")?;
                self.attributes.originator_id = Some(ipv4(&value, "originator-id")?);
            }
            "cluster-list" => {
                self.once("cluster-list", keyword)?;
                let ids = list(cursor, keyword, "an IPv4 address", |token| {
                    ipv4(token, "a cluster id")
                })?;
                if ids.is_empty() {
                    return Err(keyword.error("`cluster-list [ ]` holds no cluster id"));
                }
                self.attributes.cluster_list = ids;
            }
            "community" => {
                self.once("community", keyword)?;
                for value in list(cursor, keyword, "a community", community)? {
                    insert_sorted(&mut self.attributes.communities, value);
                }
            }
            "large-community" => {
                self.once("large-community", keyword)?;
                for value in list(cursor, keyword, "a large community", large_community)? {
                    insert_sorted(&mut self.attributes.large_communities, value);
                }
            }
            "extended-community" => {
                // several lists merge, as in ExaBGP (flow actions add to the same set)
                for value in list(cursor, keyword, "an extended community", extended_community)? {
                    insert_extended(&mut self.attributes.extended_communities, value);
                }
            }
            "aigp" => {
                self.once("aigp", keyword)?;
                let value = cursor.value(keyword, "a number")?;
                self.attributes.aigp = Some(Aigp {
                    metric: number(&value, "aigp", u64::MAX)?,
                });
            }
            "attribute" => self.generic_attribute(cursor, keyword)?,
            "path-information" => {
                self.once("path-information", keyword)?;
                let value = cursor.value(keyword, "a number or an IPv4 address")?;
                self.path_id = Some((path_information(&value)?, (keyword.start, value.end)));
            }
            "rd" | "route-distinguisher" => {
                self.once("rd", keyword)?;
                let value = cursor.value(keyword, "a route distinguisher")?;
                self.route_distinguisher =
                    Some((route_distinguisher(&value)?, (keyword.start, value.end)));
            }
            "label" => {
                self.once("label", keyword)?;
                let stack = labels(cursor, keyword)?;
                self.labels = Some((stack, (keyword.start, keyword.end)));
            }
            "bgp-prefix-sid" => {
                self.once("bgp-prefix-sid", keyword)?;
                self.attributes.prefix_sid = Some(prefix_sid(cursor, keyword)?);
            }
            "name" => {
                self.once("name", keyword)?;
                self.name = Some(cursor.value(keyword, "a name")?.text.to_string());
            }
            "watchdog" => {
                self.once("watchdog", keyword)?;
                let value = cursor.value(keyword, "a watchdog name")?;
                if value.is("announce") || value.is("withdraw") {
                    return Err(value.error_with(
                        format!("invalid watchdog name `{}`", value.text),
                        "`announce` and `withdraw` are commands, not names: quote it to use it anyway",
                    ));
                }
                self.watchdog = Some(value.text.to_string());
            }
            "withdraw" | "withdrawn" => {
                self.once("withdraw", keyword)?;
                self.withdrawn = true;
            }
            "split" => {
                self.once("split", keyword)?;
                let value = cursor.value(keyword, "/<length>")?;
                let length = value
                    .text
                    .strip_prefix('/')
                    .and_then(|digits| super::values::decimal_text(digits, 128))
                    .ok_or_else(|| {
                        value.error_with(
                            format!("invalid split `{}`", value.text),
                            "write split /<length>, e.g. split /24",
                        )
                    })?;
                self.split = Some((length as u8, (value.start, value.end)));
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn generic_attribute(
        &mut self,
        cursor: &mut Cursor<'_>,
        keyword: &Token<'_>,
    ) -> Result<(), RouteSyntaxError> {
        let hint = "write attribute [ 0x<type code> 0x<flags> 0x<value hex> ], e.g. attribute [ 0x63 0xc0 0x0102 ]";
        let open = cursor.any(keyword, "[ 0x<code> 0x<flags> 0x<data> ]")?;
        if !open.is("[") {
            return Err(open.error_with("invalid attribute: it does not start with `[`", hint));
        }
        let type_token = cursor.value(keyword, "a type code")?;
        let type_code = hex_byte(&type_token, "type code", hint)?;
        let flags_token = cursor.value(keyword, "flags")?;
        let flags = hex_byte(&flags_token, "flags", hint)?;
        let data = cursor.value(keyword, "the value in hexadecimal")?;
        let value = hex_bytes(&data).ok_or_else(|| {
            data.error_with(
                format!(
                    "invalid attribute value `{}`: not 0x and an even number of hex digits",
                    data.text
                ),
                hint,
            )
        })?;
        cursor.expect("]", keyword)?;
        if TYPED_CODES.contains(&type_code) {
            return Err(type_token.error_with(
                format!("attribute code {type_code} has its own keyword"),
                "use the keyword (community, med, …) instead of a generic attribute",
            ));
        }
        let list = &mut self.attributes.unknown;
        match list.binary_search_by_key(&type_code, |attribute| attribute.type_code) {
            Ok(_) => Err(type_token.error(format!("attribute code {type_code} is given twice"))),
            Err(position) => {
                list.insert(
                    position,
                    UnknownAttribute {
                        flags: flags & !EXTENDED_LENGTH,
                        type_code,
                        value,
                    },
                );
                Ok(())
            }
        }
    }
}

fn hex_byte(token: &Token<'_>, what: &str, hint: &str) -> Result<u8, RouteSyntaxError> {
    let digits = token
        .text
        .strip_prefix("0x")
        .or_else(|| token.text.strip_prefix("0X"));
    digits
        .filter(|digits| !digits.is_empty() && digits.len() <= 2)
        .and_then(|digits| u8::from_str_radix(digits, 16).ok())
        .ok_or_else(|| {
            token.error_with(
                format!(
                    "invalid attribute {what} `{}`: not 0x and one byte in hexadecimal",
                    token.text
                ),
                hint,
            )
        })
}

/// `0x` and an even number of hex digits (possibly none).
pub(crate) fn hex_bytes(token: &Token<'_>) -> Option<Vec<u8>> {
    let digits = token
        .text
        .strip_prefix("0x")
        .or_else(|| token.text.strip_prefix("0X"))?;
    if digits.len() % 2 != 0 {
        return None;
    }
    digits
        .as_bytes()
        .chunks(2)
        .map(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|text| u8::from_str_radix(text, 16).ok())
        })
        .collect()
}

/// `as-path <asn>` or segments `[ … ]` (AS_SEQUENCE), `( … )` (AS_SET), `[ { … } ]`
/// (AS_CONFED_SEQUENCE), `( { … } )` (AS_CONFED_SET), juxtaposed; commas are ignored. The
/// 4.x form with a set inside the brackets is refused, as in ExaBGP 5.0.
fn as_path(cursor: &mut Cursor<'_>, keyword: &Token<'_>) -> Result<AsPath, RouteSyntaxError> {
    let first = cursor.any(keyword, "an AS number or a [ … ] list")?;
    if !first.is("[") && !first.is("(") {
        if is_delimiter(first.text) && !first.quoted {
            return Err(first.error(format!(
                "`as-path` needs an AS number or a [ … ] list, found `{}`",
                first.text
            )));
        }
        return Ok(AsPath::sequence(vec![asn(&first, "AS number in as-path")?]));
    }
    let mut path = AsPath::default();
    let mut open = first;
    loop {
        let closing = if open.is("[") { "]" } else { ")" };
        let confederation = cursor.eat("{");
        let kind = match (open.is("["), confederation) {
            (true, false) => SegmentKind::Sequence,
            (false, false) => SegmentKind::Set,
            (true, true) => SegmentKind::ConfederationSequence,
            (false, true) => SegmentKind::ConfederationSet,
        };
        let mut numbers = Vec::new();
        loop {
            let Some(token) = cursor.next_token() else {
                return Err(open.error_with(
                    "the as-path segment is not closed",
                    format!(
                        "end it with `{}{closing}`",
                        if confederation { "} " } else { "" }
                    ),
                ));
            };
            if token.is(",") {
                continue;
            }
            if confederation && token.is("}") {
                cursor.expect(closing, &open)?;
                break;
            }
            if !confederation && token.is(closing) {
                break;
            }
            if token.is("(") || token.is("[") {
                return Err(token.error_with(
                    "a segment inside a segment is the ExaBGP 4 as-path syntax",
                    "write the segments one after the other: as-path [ 65001 ] ( 65020 65021 )",
                ));
            }
            if is_delimiter(token.text) && !token.quoted {
                return Err(token.error(format!("unexpected `{}` in as-path", token.text)));
            }
            numbers.push(asn(&token, "AS number in as-path")?);
        }
        if !numbers.is_empty() {
            path.segments.push(AsPathSegment { kind, numbers });
        }
        match cursor.peek() {
            Some(next) if next.is("[") || next.is("(") => {
                open = next;
                cursor.next_token();
            }
            _ => return Ok(path),
        }
    }
}

/// `aggregator ( <asn>:<ipv4> )`, parentheses optional.
fn aggregator(
    cursor: &mut Cursor<'_>,
    keyword: &Token<'_>,
) -> Result<Aggregator, RouteSyntaxError> {
    let opened = cursor.eat("(");
    let value = cursor.value(keyword, "( <asn>:<ipv4> )")?;
    let invalid = || {
        value.error_with(
            format!("invalid aggregator `{}`", value.text),
            "write aggregator ( <asn>:<ipv4> ), e.g. aggregator ( 65001:192.0.2.1 )",
        )
    };
    let (asn_text, address) = value.text.split_once(':').ok_or_else(invalid)?;
    let asn = super::values::asn_text(asn_text).ok_or_else(invalid)?;
    let address = address.parse().map_err(|_| invalid())?;
    if opened {
        cursor.expect(")", keyword)?;
    }
    Ok(Aggregator { asn, address })
}

/// `bgp-prefix-sid [ <label-index> ]` or `[ <label-index>, [ ( <base>,<range> ) … ] ]`.
fn prefix_sid(cursor: &mut Cursor<'_>, keyword: &Token<'_>) -> Result<PrefixSid, RouteSyntaxError> {
    let hint =
        "write bgp-prefix-sid [ <label-index> ] or [ <label-index>, [ ( <base>,<range> ), … ] ]";
    let open = cursor.any(keyword, "[ <label-index> ]")?;
    if !open.is("[") {
        return Err(open.error_with(format!("invalid bgp-prefix-sid `{}`", open.text), hint));
    }
    let index = cursor.value(keyword, "a label index")?;
    let label_index = decimal(&index, "label index", u64::from(u32::MAX))? as u32;
    let mut tlvs = vec![PrefixSidTlv::LabelIndex {
        flags: 0,
        label_index,
    }];
    cursor.eat(",");
    if cursor.eat("[") {
        let mut ranges = Vec::new();
        loop {
            if cursor.eat("]") {
                break;
            }
            if cursor.eat(",") {
                continue;
            }
            let group = cursor.expect("(", keyword)?;
            let base = cursor.value(&group, "an SRGB base")?;
            cursor.eat(",");
            let range = cursor.value(&group, "an SRGB range")?;
            cursor.expect(")", &group)?;
            ranges.push(SrgbRange {
                base: decimal(&base, "SRGB base", 0xFF_FFFF)? as u32,
                range: decimal(&range, "SRGB range", 0xFF_FFFF)? as u32,
            });
        }
        if ranges.is_empty() {
            return Err(keyword.error_with("the SRGB list of bgp-prefix-sid is empty", hint));
        }
        tlvs.push(PrefixSidTlv::OriginatorSrgb { flags: 0, ranges });
    }
    cursor.expect("]", keyword)?;
    Ok(PrefixSid { tlvs })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::attribute::SegmentKind::*;

    fn parse(text: &str) -> Result<Draft, RouteSyntaxError> {
        let mut cursor = Cursor::new(text)?;
        let mut draft = Draft::new(Action::Announce);
        while let Some(keyword) = cursor.next_token() {
            if !draft.attribute(&keyword, &mut cursor)? {
                return Err(keyword.error("not an attribute"));
            }
        }
        Ok(draft)
    }

    fn path(text: &str) -> Vec<(SegmentKind, Vec<u32>)> {
        parse(text)
            .expect(text)
            .attributes
            .as_path
            .expect("as-path")
            .segments
            .into_iter()
            .map(|segment| (segment.kind, segment.numbers))
            .collect()
    }

    #[test]
    fn as_paths() {
        assert_eq!(path("as-path 65001"), vec![(Sequence, vec![65001])]);
        assert_eq!(path("as-path 1.1"), vec![(Sequence, vec![65537])]);
        assert_eq!(path("as-path [100, 500]"), vec![(Sequence, vec![100, 500])]);
        assert_eq!(
            path("as-path [ 65001 ] ( 65020 65021 )"),
            vec![(Sequence, vec![65001]), (Set, vec![65020, 65021])]
        );
        assert_eq!(
            path("as-path [ { 1 2 } ] ( { 3 } ) [ 4 ]"),
            vec![
                (ConfederationSequence, vec![1, 2]),
                (ConfederationSet, vec![3]),
                (Sequence, vec![4])
            ]
        );
        assert_eq!(path("as-path [ ]"), vec![]);
        let error = parse("as-path [ 65001 ( 65020 65021 ) ]").expect_err("4.x syntax");
        assert_eq!((error.start, error.end), (16, 17));
        assert!(parse("as-path [ 65001").is_err());
        assert!(parse("as-path [ x ]").is_err());
        assert!(parse("as-path").is_err());
    }

    #[test]
    fn aggregators() {
        for text in [
            "aggregator ( 65001:10.0.0.1 )",
            "aggregator (65001:10.0.0.1)",
            "aggregator 65001:10.0.0.1",
        ] {
            assert_eq!(
                parse(text).expect(text).attributes.aggregator,
                Some(Aggregator {
                    asn: 65001,
                    address: "10.0.0.1".parse().expect("address")
                })
            );
        }
        assert!(parse("aggregator ( 65001:10.0.0.1").is_err());
        assert!(parse("aggregator 65001").is_err());
    }

    #[test]
    fn generic_attributes() {
        let draft =
            parse("attribute [ 0x63 0xd0 0x0102 ] attribute [0x21 0xc0 0x]").expect("parses");
        assert_eq!(
            draft.attributes.unknown,
            vec![
                UnknownAttribute {
                    flags: 0xc0,
                    type_code: 0x21,
                    value: vec![]
                },
                UnknownAttribute {
                    flags: 0xc0,
                    type_code: 0x63,
                    value: vec![1, 2]
                },
            ]
        );
        let error = parse("attribute [ 0x08 0xc0 0x00000001 ]").expect_err("typed code");
        assert_eq!(error.message, "attribute code 8 has its own keyword");
        assert!(parse("attribute [ 0x63 0xc0 0x010 ]").is_err());
        assert!(parse("attribute [ 63 0xc0 0x01 ]").is_err());
        assert!(parse("attribute 0x63 0xc0 0x01").is_err());
        assert!(parse("attribute [ 0x63 0xc0 0x01 ] attribute [ 0x63 0xc0 0x01 ]").is_err());
    }

    #[test]
    fn prefix_sids() {
        let draft =
            parse("bgp-prefix-sid [ 300, [ ( 800000,4096 ), ( 1000000,5000 ) ] ]").expect("parses");
        assert_eq!(
            draft.attributes.prefix_sid,
            Some(PrefixSid {
                tlvs: vec![
                    PrefixSidTlv::LabelIndex {
                        flags: 0,
                        label_index: 300
                    },
                    PrefixSidTlv::OriginatorSrgb {
                        flags: 0,
                        ranges: vec![
                            SrgbRange {
                                base: 800000,
                                range: 4096
                            },
                            SrgbRange {
                                base: 1000000,
                                range: 5000
                            }
                        ],
                    },
                ],
            })
        );
        assert_eq!(
            parse("bgp-prefix-sid [ 55 ]")
                .expect("parses")
                .attributes
                .prefix_sid,
            Some(PrefixSid {
                tlvs: vec![PrefixSidTlv::LabelIndex {
                    flags: 0,
                    label_index: 55
                }]
            })
        );
        let error = parse("bgp-prefix-sid 300").expect_err("bare");
        assert_eq!(error.message, "invalid bgp-prefix-sid `300`");
    }

    #[test]
    fn repeats_and_names() {
        let error = parse("med 1 med 2").expect_err("twice");
        assert_eq!(
            (error.start, error.end, error.message.as_str()),
            (6, 9, "`med` is given twice")
        );
        let error = parse("rd 1:1 route-distinguisher 1:2").expect_err("twice");
        assert_eq!(error.message, "`rd` is given twice");
        let draft = parse("name \"my route\" watchdog dnsr withdraw split /24").expect("parses");
        assert_eq!(draft.name.as_deref(), Some("my route"));
        assert_eq!(draft.watchdog.as_deref(), Some("dnsr"));
        assert!(draft.withdrawn);
        assert_eq!(draft.split.map(|(length, _)| length), Some(24));
        assert!(parse("watchdog announce").is_err());
        assert!(parse("split 24").is_err());
        assert!(parse("origin IGP").is_ok());
        assert_eq!(
            parse("origin igpp").map_err(|error| error.hint),
            Err(Some("did you mean `igp`?".into()))
        );
    }
}
