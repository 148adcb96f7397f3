//! The {operator, value} pairs of flowspec components: numeric (RFC 8955 §4.2.1.1) and
//! bitmask (RFC 8955 §4.2.1.2), and ExaBGP's rendering of their operators.
//!
//! Must not know which component a list belongs to (the caller gives the value limit).

use crate::wire::nlri::NlriError;
use crate::wire::reader::Reader;

/// End-of-list bit of an operator octet.
const END_OF_LIST: u8 = 0x80;
/// AND bit of an operator octet.
const AND: u8 = 0x40;
/// The two length bits of an operator octet.
const LENGTH_MASK: u8 = 0x30;
const LESS_THAN: u8 = 0x04;
const GREATER_THAN: u8 = 0x02;
const EQUAL: u8 = 0x01;
const NOT: u8 = 0x02;
const MATCH: u8 = 0x01;

/// The width of a value, from the `len` bits of its operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ValueLength {
    One,
    Two,
    Four,
    Eight,
}

impl ValueLength {
    /// The smallest width that holds `value`.
    pub fn minimal_for(value: u64) -> ValueLength {
        if value <= u64::from(u8::MAX) {
            ValueLength::One
        } else if value <= u64::from(u16::MAX) {
            ValueLength::Two
        } else if value <= u64::from(u32::MAX) {
            ValueLength::Four
        } else {
            ValueLength::Eight
        }
    }

    pub fn octets(self) -> usize {
        match self {
            ValueLength::One => 1,
            ValueLength::Two => 2,
            ValueLength::Four => 4,
            ValueLength::Eight => 8,
        }
    }

    fn from_operator(operator: u8) -> ValueLength {
        match (operator & LENGTH_MASK) >> 4 {
            0 => ValueLength::One,
            1 => ValueLength::Two,
            2 => ValueLength::Four,
            _ => ValueLength::Eight,
        }
    }

    fn operator_bits(self) -> u8 {
        match self {
            ValueLength::One => 0x00,
            ValueLength::Two => 0x10,
            ValueLength::Four => 0x20,
            ValueLength::Eight => 0x30,
        }
    }
}

/// One numeric {operator, value} pair (RFC 8955 §4.2.1.1).
///
/// ```text
///   0   1   2   3   4   5   6   7
/// +---+---+---+---+---+---+---+---+
/// | e | a |  len  | 0 |lt |gt |eq |   followed by a value of 1, 2, 4 or 8 octets
/// +---+---+---+---+---+---+---+---+
/// ```
///
/// The end-of-list bit is not stored: it is set on the last pair of a list when encoding.
/// Valid when `value` fits `value_length`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NumericMatch {
    /// ANDed with the previous pair (else ORed). Always false on the first pair of a list.
    pub and: bool,
    pub less_than: bool,
    pub greater_than: bool,
    pub equal: bool,
    pub value: u64,
    pub value_length: ValueLength,
}

impl NumericMatch {
    /// A pair with the smallest value width.
    pub fn new(and: bool, less_than: bool, greater_than: bool, equal: bool, value: u64) -> Self {
        NumericMatch {
            and,
            less_than,
            greater_than,
            equal,
            value,
            value_length: ValueLength::minimal_for(value),
        }
    }

    /// "= value", ORed with the previous pair.
    pub fn equal_to(value: u64) -> Self {
        NumericMatch::new(false, false, false, true, value)
    }

    /// ExaBGP's rendering of the operator and value (`value_text` is the value already
    /// rendered, e.g. "tcp" or "80"): "=80", ">=1024", "&<2000", "!=0"; an OR-ed always-true
    /// or always-false pair is just "true" / "false".
    pub fn exabgp_text(&self, value_text: &str) -> String {
        let comparison = match (self.less_than, self.greater_than, self.equal) {
            (true, true, true) => "true",
            (true, false, false) => "<",
            (false, true, false) => ">",
            (false, false, true) => "=",
            (true, false, true) => "<=",
            (false, true, true) => ">=",
            (true, true, false) => "!=",
            (false, false, false) => "false",
        };
        if !self.and && (comparison == "true" || comparison == "false") {
            return comparison.to_string();
        }
        let and = if self.and { "&" } else { "" };
        format!("{and}{comparison}{value_text}")
    }
}

/// One bitmask {operator, value} pair (RFC 8955 §4.2.1.2).
///
/// ```text
///   0   1   2   3   4   5   6   7
/// +---+---+---+---+---+---+---+---+
/// | e | a |  len  | 0 | 0 |not| m |   followed by a value of 1, 2, 4 or 8 octets
/// +---+---+---+---+---+---+---+---+
/// ```
///
/// Valid when `value` fits `value_length`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BitmaskMatch {
    /// ANDed with the previous pair (else ORed). Always false on the first pair of a list.
    pub and: bool,
    /// The result of the test is negated.
    pub not: bool,
    /// The `m` bit: (data AND value) == value; unset, any bit of value set in data matches.
    pub match_all: bool,
    pub value: u64,
    pub value_length: ValueLength,
}

impl BitmaskMatch {
    /// A pair with the smallest value width.
    pub fn new(and: bool, not: bool, match_all: bool, value: u64) -> Self {
        BitmaskMatch {
            and,
            not,
            match_all,
            value,
            value_length: ValueLength::minimal_for(value),
        }
    }

    /// ExaBGP's rendering: "" / "!" / "=" / "!=" (with "&" in front when ANDed), then
    /// `value_text` (e.g. "syn+ack", "is-fragment").
    pub fn exabgp_text(&self, value_text: &str) -> String {
        let and = if self.and { "&" } else { "" };
        let operator = match (self.not, self.match_all) {
            (false, false) => "",
            (true, false) => "!",
            (false, true) => "=",
            (true, true) => "!=",
        };
        format!("{and}{operator}{value_text}")
    }
}

/// Reads one operator octet and its value; returns (operator, value, width, end of list).
fn decode_pair(
    reader: &mut Reader<'_>,
    limit: u64,
    type_code: u8,
) -> Result<(u8, u64, ValueLength, bool), NlriError> {
    let operator = reader.u8()?;
    let value_length = ValueLength::from_operator(operator);
    let value = reader
        .take(value_length.octets())?
        .iter()
        .fold(0u64, |value, byte| (value << 8) | u64::from(*byte));
    if value > limit {
        return Err(NlriError::new(format!(
            "flowspec component {type_code} has a value of {value}, too large for its field"
        )));
    }
    Ok((operator, value, value_length, operator & END_OF_LIST != 0))
}

/// Reads numeric pairs up to the one with the end-of-list bit. Values above `limit` are
/// malformed. RFC 8955 §4.2.1.1: the AND bit "MUST be treated as always unset" on the first
/// pair; the reserved bit is ignored.
pub(crate) fn decode_numeric_list(
    reader: &mut Reader<'_>,
    limit: u64,
    type_code: u8,
) -> Result<Vec<NumericMatch>, NlriError> {
    let mut list = Vec::new();
    loop {
        let (operator, value, value_length, end) = decode_pair(reader, limit, type_code)?;
        list.push(NumericMatch {
            and: !list.is_empty() && operator & AND != 0,
            less_than: operator & LESS_THAN != 0,
            greater_than: operator & GREATER_THAN != 0,
            equal: operator & EQUAL != 0,
            value,
            value_length,
        });
        if end {
            return Ok(list);
        }
    }
}

/// Reads bitmask pairs up to the one with the end-of-list bit. Value bits outside
/// `defined_bits` are reserved and dropped ("MUST be ignored during decoding").
pub(crate) fn decode_bitmask_list(
    reader: &mut Reader<'_>,
    limit: u64,
    defined_bits: u64,
    type_code: u8,
) -> Result<Vec<BitmaskMatch>, NlriError> {
    let mut list = Vec::new();
    loop {
        let (operator, value, value_length, end) = decode_pair(reader, limit, type_code)?;
        list.push(BitmaskMatch {
            and: !list.is_empty() && operator & AND != 0,
            not: operator & NOT != 0,
            match_all: operator & MATCH != 0,
            value: value & defined_bits,
            value_length,
        });
        if end {
            return Ok(list);
        }
    }
}

fn encode_pair(operator: u8, last: bool, value: u64, value_length: ValueLength, out: &mut Vec<u8>) {
    let end = if last { END_OF_LIST } else { 0 };
    out.push(end | value_length.operator_bits() | operator);
    let bytes = value.to_be_bytes();
    out.extend_from_slice(&bytes[bytes.len() - value_length.octets()..]);
}

pub(crate) fn encode_numeric_list(list: &[NumericMatch], out: &mut Vec<u8>) {
    for (index, pair) in list.iter().enumerate() {
        let mut operator = 0;
        if pair.and && index > 0 {
            operator |= AND;
        }
        if pair.less_than {
            operator |= LESS_THAN;
        }
        if pair.greater_than {
            operator |= GREATER_THAN;
        }
        if pair.equal {
            operator |= EQUAL;
        }
        encode_pair(
            operator,
            index + 1 == list.len(),
            pair.value,
            pair.value_length,
            out,
        );
    }
}

pub(crate) fn encode_bitmask_list(list: &[BitmaskMatch], out: &mut Vec<u8>) {
    for (index, pair) in list.iter().enumerate() {
        let mut operator = 0;
        if pair.and && index > 0 {
            operator |= AND;
        }
        if pair.not {
            operator |= NOT;
        }
        if pair.match_all {
            operator |= MATCH;
        }
        encode_pair(
            operator,
            index + 1 == list.len(),
            pair.value,
            pair.value_length,
            out,
        );
    }
}

/// ExaBGP's list rendering for the text form: pairs joined by " " unless ANDed, in
/// "[ … ]" when there is more than one pair. `texts` are the rendered pairs.
pub(crate) fn exabgp_list_text(pairs: &[(bool, String)]) -> String {
    let mut line = String::new();
    for (index, (and, text)) in pairs.iter().enumerate() {
        if index > 0 && !and {
            line.push(' ');
        }
        line.push_str(text);
    }
    if pairs.len() > 1 {
        format!("[ {line} ]")
    } else {
        line
    }
}

/// ExaBGP's JSON values: each ANDed pair is glued to the previous one.
pub(crate) fn exabgp_list_values(pairs: &[(bool, String)]) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    for (and, text) in pairs {
        match values.last_mut() {
            Some(last) if *and => last.push_str(text),
            _ => values.push(text.clone()),
        }
    }
    values
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numeric_lists_both_ways() {
        // RFC 8955 §4.2.2.5 style: =80 OR (>1024 AND <2000), as exabgp decodes it
        let bytes: &[u8] = &[0x01, 80, 0x12, 0x04, 0x00, 0xd4, 0x07, 0xd0];
        let list = vec![
            NumericMatch::equal_to(80),
            NumericMatch::new(false, false, true, false, 1024),
            NumericMatch::new(true, true, false, false, 2000),
        ];
        let mut reader = Reader::new(bytes);
        assert_eq!(
            decode_numeric_list(&mut reader, 0xffff, 5),
            Ok(list.clone())
        );
        let mut out = Vec::new();
        encode_numeric_list(&list, &mut out);
        assert_eq!(out, bytes);
        let pairs: Vec<(bool, String)> = list
            .iter()
            .map(|pair| (pair.and, pair.exabgp_text(&pair.value.to_string())))
            .collect();
        assert_eq!(exabgp_list_text(&pairs), "[ =80 >1024&<2000 ]");
        assert_eq!(exabgp_list_values(&pairs), ["=80", ">1024&<2000"]);
    }

    #[test]
    fn operators_render_as_exabgp() {
        let table = [
            ((false, true, true, true), "true"),
            ((false, false, false, false), "false"),
            ((true, true, true, true), "&true5"),
            ((false, true, true, false), "!=5"),
            ((false, true, false, true), "<=5"),
            ((true, false, true, true), "&>=5"),
        ];
        for ((and, less_than, greater_than, equal), text) in table {
            let pair = NumericMatch::new(and, less_than, greater_than, equal, 5);
            assert_eq!(pair.exabgp_text("5"), text);
        }
        assert_eq!(
            BitmaskMatch::new(false, false, false, 2).exabgp_text("syn"),
            "syn"
        );
        assert_eq!(
            BitmaskMatch::new(true, true, true, 2).exabgp_text("syn"),
            "&!=syn"
        );
    }

    #[test]
    fn first_and_bit_and_reserved_bits_are_ignored() {
        // AND set on the first pair, reserved bit 0x08 set, 2-octet value 6
        let mut reader = Reader::new(&[0xc9, 6, 0x00][..2]);
        assert_eq!(
            decode_numeric_list(&mut reader, 0xff, 3),
            Ok(vec![NumericMatch::equal_to(6)])
        );
        let mut reader = Reader::new(&[0x91, 0x00, 0x06]);
        let list = decode_numeric_list(&mut reader, 0xff, 3).expect("decodes");
        assert_eq!(list[0].value_length, ValueLength::Two);
        // Fragment bits outside the defined ones are dropped.
        let mut reader = Reader::new(&[0x81, 0xf5]);
        assert_eq!(
            decode_bitmask_list(&mut reader, 0xffff, 0x0f, 12),
            Ok(vec![BitmaskMatch::new(false, false, true, 0x05)])
        );
    }

    #[test]
    fn bad_lists_are_errors() {
        let mut reader = Reader::new(&[0x91, 0x01, 0x06]);
        assert_eq!(
            decode_numeric_list(&mut reader, 0xff, 3),
            Err(NlriError::new(
                "flowspec component 3 has a value of 262, too large for its field"
            ))
        );
        let mut reader = Reader::new(&[0x01, 6]);
        assert_eq!(
            decode_numeric_list(&mut reader, 0xff, 3),
            Err(NlriError::new("truncated: needed 1 more byte(s), 0 left"))
        );
        let mut reader = Reader::new(&[0xa1, 0, 0]);
        assert_eq!(
            decode_numeric_list(&mut reader, 0xff, 3),
            Err(NlriError::new("truncated: needed 4 more byte(s), 2 left"))
        );
    }

    fn value_with_length() -> impl Strategy<Value = (u64, ValueLength)> {
        prop_oneof![
            (0u64..=0xff).prop_map(|value| (value, ValueLength::One)),
            (0u64..=0xffff).prop_map(|value| (value, ValueLength::Two)),
            (0u64..=0xffff).prop_map(|value| (value, ValueLength::Four)),
            (0u64..=0xffff).prop_map(|value| (value, ValueLength::Eight)),
        ]
    }

    /// Numeric lists whose values are at most `limit` (which must be at least 0xff).
    pub(crate) fn any_numeric_list(limit: u64) -> impl Strategy<Value = Vec<NumericMatch>> {
        proptest::collection::vec((any::<[bool; 4]>(), value_with_length()), 1..4).prop_map(
            move |pairs| {
                pairs
                    .into_iter()
                    .enumerate()
                    .map(
                        |(
                            index,
                            ([and, less_than, greater_than, equal], (value, value_length)),
                        )| {
                            NumericMatch {
                                and: and && index > 0,
                                less_than,
                                greater_than,
                                equal,
                                value: value.min(limit),
                                value_length,
                            }
                        },
                    )
                    .collect()
            },
        )
    }

    /// Bitmask lists whose values only use `defined_bits`.
    pub(crate) fn any_bitmask_list(defined_bits: u64) -> impl Strategy<Value = Vec<BitmaskMatch>> {
        proptest::collection::vec((any::<[bool; 3]>(), value_with_length()), 1..4).prop_map(
            move |pairs| {
                pairs
                    .into_iter()
                    .enumerate()
                    .map(
                        |(index, ([and, not, match_all], (value, value_length)))| BitmaskMatch {
                            and: and && index > 0,
                            not,
                            match_all,
                            value: value & defined_bits,
                            value_length,
                        },
                    )
                    .collect()
            },
        )
    }

    proptest! {
        #[test]
        fn numeric_round_trip(list in any_numeric_list(0xffff)) {
            let mut out = Vec::new();
            encode_numeric_list(&list, &mut out);
            let mut reader = Reader::new(&out);
            prop_assert_eq!(decode_numeric_list(&mut reader, 0xffff, 4), Ok(list));
            prop_assert!(reader.is_empty());
        }

        #[test]
        fn bitmask_round_trip(list in any_bitmask_list(0xfff)) {
            let mut out = Vec::new();
            encode_bitmask_list(&list, &mut out);
            let mut reader = Reader::new(&out);
            prop_assert_eq!(decode_bitmask_list(&mut reader, 0xffff, 0xfff, 9), Ok(list));
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let mut reader = Reader::new(&bytes);
            let _ = decode_numeric_list(&mut reader, u64::MAX, 3);
            let mut reader = Reader::new(&bytes);
            let _ = decode_bitmask_list(&mut reader, u64::MAX, u64::MAX, 9);
        }
    }
}
