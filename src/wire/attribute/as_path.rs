//! AS_PATH (type code 2, RFC 4271 §4.3, RFC 5065) and the value of AS4_PATH (type code 17,
//! RFC 6793), as a list of segments.
//!
//! Value codec only. 2-octet/4-octet choice comes from the caller; reconciling AS_PATH with
//! AS4_PATH (RFC 6793 §4.2.3) is in `four_octet.rs`.

use crate::wire::iana::as_path_segment as segment_type;
use crate::wire::iana::asn::AS_TRANS;
use crate::wire::reader::Reader;

/// RFC 4271 §4.3: "The path segment length is a 1-octet length field, containing the number
/// of ASes (not the number of octets) in the path segment value field."
const MAX_SEGMENT_LENGTH: usize = 255;

/// The type of one path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SegmentKind {
    /// 1: "unordered set of ASes a route in the UPDATE message has traversed".
    Set,
    /// 2: "ordered set of ASes a route in the UPDATE message has traversed".
    Sequence,
    /// 3 (RFC 5065): "ordered set of Member Autonomous Systems in the local confederation".
    ConfederationSequence,
    /// 4 (RFC 5065): "unordered set of Member Autonomous Systems in the local confederation".
    ConfederationSet,
}

impl SegmentKind {
    pub fn from_code(code: u8) -> Option<SegmentKind> {
        match code {
            segment_type::AS_SET => Some(SegmentKind::Set),
            segment_type::AS_SEQUENCE => Some(SegmentKind::Sequence),
            segment_type::AS_CONFED_SEQUENCE => Some(SegmentKind::ConfederationSequence),
            segment_type::AS_CONFED_SET => Some(SegmentKind::ConfederationSet),
            _ => None,
        }
    }

    pub fn code(self) -> u8 {
        match self {
            SegmentKind::Set => segment_type::AS_SET,
            SegmentKind::Sequence => segment_type::AS_SEQUENCE,
            SegmentKind::ConfederationSequence => segment_type::AS_CONFED_SEQUENCE,
            SegmentKind::ConfederationSet => segment_type::AS_CONFED_SET,
        }
    }

    pub fn is_confederation(self) -> bool {
        matches!(
            self,
            SegmentKind::ConfederationSequence | SegmentKind::ConfederationSet
        )
    }

    /// ExaBGP's JSON "element": "as-set" for AS_SET, "as-sequence" for the three others
    /// (ExaBGP names both confederation kinds "as-sequence" too).
    pub fn exabgp_element(self) -> &'static str {
        match self {
            SegmentKind::Set => "as-set",
            _ => "as-sequence",
        }
    }

    /// ExaBGP's text brackets: "( )", "[ ]", "{( )}", "{[ ]}".
    pub fn exabgp_brackets(self) -> (&'static str, &'static str) {
        match self {
            SegmentKind::Sequence => ("(", ")"),
            SegmentKind::Set => ("[", "]"),
            SegmentKind::ConfederationSequence => ("{(", ")}"),
            SegmentKind::ConfederationSet => ("{[", "]}"),
        }
    }
}

/// One path segment.
///
/// ```text
///    Each AS path segment is represented by a triple
///    <path segment type, path segment length, path segment value>.
///    The path segment length is a 1-octet length field, containing the number of ASes
///    (not the number of octets) in the path segment value field.
///    The path segment value field contains one or more AS numbers, each encoded as a
///    2-octet length field [4-octet with RFC 6793].
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AsPathSegment {
    pub kind: SegmentKind,
    pub numbers: Vec<u32>,
}

/// The whole AS_PATH (or AS4_PATH): possibly empty (a route originated in iBGP).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct AsPath {
    pub segments: Vec<AsPathSegment>,
}

impl AsPath {
    /// A path of one AS_SEQUENCE.
    pub fn sequence(numbers: Vec<u32>) -> AsPath {
        AsPath {
            segments: vec![AsPathSegment {
                kind: SegmentKind::Sequence,
                numbers,
            }],
        }
    }

    /// RFC 7606 §7.2: "An AS_PATH is considered malformed if an unrecognized segment type is
    /// encountered or if it contains a malformed segment. A segment is considered malformed
    /// if any of the following are true: There is an overrun where the Path Segment Length
    /// field of the last segment encountered would cause the Attribute Length to be exceeded.
    /// There is an underrun where after the last successfully parsed segment there is only a
    /// single octet remaining (that is, there is not enough unconsumed data to provide even
    /// an empty segment header). It has a Path Segment Length field of zero."
    pub fn decode(value: &[u8], four_octet: bool) -> Result<AsPath, String> {
        let mut reader = Reader::new(value);
        let mut segments = Vec::new();
        let width = if four_octet { 4 } else { 2 };
        while !reader.is_empty() {
            if reader.remaining() == 1 {
                return Err("AS path underrun: a single octet after the last segment".into());
            }
            let header: [u8; 2] = reader
                .array()
                .map_err(|error| format!("AS path: {error}"))?;
            let [type_code, count] = header;
            let kind = SegmentKind::from_code(type_code)
                .ok_or_else(|| format!("AS path segment type {type_code} is not defined"))?;
            if count == 0 {
                return Err("AS path segment length is zero".into());
            }
            let body = reader
                .take(usize::from(count) * width)
                .map_err(|error| format!("AS path segment overrun: {error}"))?;
            let numbers = if four_octet {
                body.chunks_exact(4)
                    .map(|chunk| u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
                    .collect()
            } else {
                body.chunks_exact(2)
                    .map(|chunk| u32::from(u16::from_be_bytes([chunk[0], chunk[1]])))
                    .collect()
            };
            segments.push(AsPathSegment { kind, numbers });
        }
        Ok(AsPath { segments })
    }

    /// Writes the segments; a segment longer than 255 AS numbers is split, an empty one is
    /// left out. With `four_octet` false an AS number above 65535 is written as AS_TRANS
    /// (RFC 6793 §4.2.2).
    pub fn encode_value(&self, four_octet: bool, out: &mut Vec<u8>) {
        encode_segments(self.segments.iter(), four_octet, out);
    }

    /// Whether any AS number does not fit in 2 octets.
    pub fn has_four_octet_numbers(&self) -> bool {
        self.segments
            .iter()
            .flat_map(|segment| segment.numbers.iter())
            .any(|&number| number > u32::from(u16::MAX))
    }

    /// The path length for route selection, RFC 4271 §9.1.2.2 (a): "an AS_SET counts as 1,
    /// no matter how many ASes are in the set", and RFC 5065 §5.3: confederation segments
    /// count as 0. RFC 6793 §4.2.3 compares paths with this count.
    pub fn number_count(&self) -> usize {
        self.segments
            .iter()
            .map(|segment| match segment.kind {
                SegmentKind::Sequence => segment.numbers.len(),
                SegmentKind::Set => usize::from(!segment.numbers.is_empty()),
                _ => 0,
            })
            .sum()
    }

    /// ExaBGP's text form, e.g. "( 65001 65002 ) [ 1 2 ]"; empty for an empty path.
    pub fn exabgp_text(&self) -> String {
        let parts: Vec<String> = self
            .segments
            .iter()
            .map(|segment| {
                let (head, tail) = segment.kind.exabgp_brackets();
                let numbers: Vec<String> = segment.numbers.iter().map(u32::to_string).collect();
                format!("{head} {} {tail}", numbers.join(" "))
            })
            .collect();
        parts.join(" ")
    }
}

/// Writes `segments` as AS_PATH/AS4_PATH segments (see [`AsPath::encode_value`]).
pub fn encode_segments<'a>(
    segments: impl Iterator<Item = &'a AsPathSegment>,
    four_octet: bool,
    out: &mut Vec<u8>,
) {
    for segment in segments {
        for chunk in segment.numbers.chunks(MAX_SEGMENT_LENGTH) {
            out.push(segment.kind.code());
            out.push(chunk.len() as u8);
            for &number in chunk {
                if four_octet {
                    out.extend_from_slice(&number.to_be_bytes());
                } else {
                    let two_octet = u16::try_from(number).unwrap_or(AS_TRANS as u16);
                    out.extend_from_slice(&two_octet.to_be_bytes());
                }
            }
        }
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use proptest::prelude::*;

    fn segment(kind: SegmentKind, numbers: &[u32]) -> AsPathSegment {
        AsPathSegment {
            kind,
            numbers: numbers.to_vec(),
        }
    }

    #[test]
    fn table_both_ways() {
        use SegmentKind::*;
        let table: Vec<(Vec<u8>, bool, AsPath, &str)> = vec![
            (vec![], true, AsPath::default(), ""),
            // `exabgp decode`: 40020602010000fde9 ->
            // "as-path": {"0": {"element": "as-sequence", "value": [65001]}}
            (
                vec![2, 1, 0, 0, 0xfd, 0xe9],
                true,
                AsPath::sequence(vec![65001]),
                "( 65001 )",
            ),
            (
                vec![2, 2, 0xfd, 0xe9, 0xfd, 0xea, 1, 1, 0, 7],
                false,
                AsPath {
                    segments: vec![segment(Sequence, &[65001, 65002]), segment(Set, &[7])],
                },
                "( 65001 65002 ) [ 7 ]",
            ),
            (
                vec![3, 1, 0, 0, 0, 1, 4, 1, 0, 0, 0, 2, 2, 1, 0, 1, 0, 0],
                true,
                AsPath {
                    segments: vec![
                        segment(ConfederationSequence, &[1]),
                        segment(ConfederationSet, &[2]),
                        segment(Sequence, &[65536]),
                    ],
                },
                "{( 1 )} {[ 2 ]} ( 65536 )",
            ),
        ];
        for (bytes, four_octet, value, text) in table {
            assert_eq!(AsPath::decode(&bytes, four_octet), Ok(value.clone()));
            let mut out = Vec::new();
            value.encode_value(four_octet, &mut out);
            assert_eq!(out, bytes);
            assert_eq!(value.exabgp_text(), text);
        }
    }

    #[test]
    fn two_octet_encoding_writes_as_trans() {
        let mut out = Vec::new();
        AsPath::sequence(vec![1, 4_200_000_000]).encode_value(false, &mut out);
        assert_eq!(out, [2, 2, 0, 1, 0x5b, 0xa0]);
    }

    #[test]
    fn long_segments_are_split() {
        let path = AsPath::sequence((0..300).collect());
        let mut out = Vec::new();
        path.encode_value(true, &mut out);
        assert_eq!(out.len(), 2 + 255 * 4 + 2 + 45 * 4);
        let decoded = AsPath::decode(&out, true).unwrap();
        assert_eq!(decoded.segments.len(), 2);
        assert_eq!(decoded.number_count(), 300);
    }

    #[test]
    fn malformed() {
        let cases: &[(&[u8], &str)] = &[
            (
                &[2],
                "AS path underrun: a single octet after the last segment",
            ),
            (&[5, 1, 0, 1], "AS path segment type 5 is not defined"),
            (&[2, 0], "AS path segment length is zero"),
            (
                &[2, 2, 0, 1],
                "AS path segment overrun: truncated: needed 4 more byte(s), 2 left",
            ),
        ];
        for (bytes, error) in cases {
            assert_eq!(AsPath::decode(bytes, false), Err(error.to_string()));
        }
    }

    #[test]
    fn counts_sets_as_one_and_confederations_as_none() {
        use SegmentKind::*;
        let path = AsPath {
            segments: vec![
                segment(ConfederationSequence, &[1, 2]),
                segment(Sequence, &[3, 4]),
                segment(Set, &[5, 6, 7]),
            ],
        };
        assert_eq!(path.number_count(), 3);
    }

    /// Valid segments: 1..=255 numbers (what `decode` can return).
    pub fn segment_strategy(
        four_octet: bool,
        allow_confederation: bool,
    ) -> impl Strategy<Value = AsPathSegment> {
        let kinds = if allow_confederation { 4u8 } else { 2 };
        let max = if four_octet { u32::MAX } else { 65535 };
        (1..=kinds, proptest::collection::vec(0..=max, 1..20)).prop_map(|(code, numbers)| {
            AsPathSegment {
                kind: SegmentKind::from_code(code).unwrap_or(SegmentKind::Sequence),
                numbers,
            }
        })
    }

    proptest! {
        #[test]
        fn round_trip(
            four_octet in any::<bool>(),
            segments in proptest::collection::vec(segment_strategy(true, true), 0..5),
        ) {
            let mut path = AsPath { segments };
            if !four_octet {
                for segment in &mut path.segments {
                    for number in &mut segment.numbers {
                        *number &= 0xffff;
                    }
                }
            }
            let mut out = Vec::new();
            path.encode_value(four_octet, &mut out);
            prop_assert_eq!(AsPath::decode(&out, four_octet), Ok(path));
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = AsPath::decode(&bytes, true);
            let _ = AsPath::decode(&bytes, false);
        }
    }
}
