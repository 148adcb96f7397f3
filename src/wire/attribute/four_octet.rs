//! RFC 6793 on a session where the peer did not announce the 4-octet AS capability: what to
//! send beside AS_PATH and AGGREGATOR (§4.2.2), and how to rebuild the 4-octet path from
//! AS_PATH and AS4_PATH on receipt (§4.2.3).
//!
//! Pure functions over decoded values; no wire reading or writing beyond the AS4_PATH value.

use super::aggregator::Aggregator;
use super::as_path::{AsPath, AsPathSegment, SegmentKind};
use crate::wire::iana::asn::AS_TRANS;

/// Decodes an AS4_PATH value: always 4-octet (RFC 6793 §3). RFC 6793 §6: "the path segment
/// types AS_CONFED_SEQUENCE and AS_CONFED_SET ... MUST NOT be carried in the AS4_PATH
/// attribute", and a receiver that finds them discards those segments and keeps the rest.
pub fn decode_as4_path(value: &[u8]) -> Result<AsPath, String> {
    let mut path =
        AsPath::decode(value, true).map_err(|detail| detail.replacen("AS path", "AS4_PATH", 1))?;
    path.segments
        .retain(|segment| !segment.kind.is_confederation());
    Ok(path)
}

/// The AS4_PATH to send beside `path` on a 2-octet session, if one is needed.
///
/// RFC 6793 §4.2.2: "whenever the AS path information contains an AS number that is
/// non-mappable to a 2-octet AS number, the NEW BGP speaker ... MUST send the AS4_PATH
/// attribute"; confederation segments are left out of it (§6), and a path with nothing else
/// sends none.
pub fn as4_path_segments(path: &AsPath) -> Option<impl Iterator<Item = &AsPathSegment>> {
    if !path.has_four_octet_numbers() {
        return None;
    }
    let mut outside = path
        .segments
        .iter()
        .filter(|segment| !segment.kind.is_confederation() && !segment.numbers.is_empty())
        .peekable();
    outside.peek()?;
    Some(outside)
}

/// The AGGREGATOR to send on a 2-octet session and the AS4_AGGREGATOR to send beside it.
///
/// RFC 6793 §4.2.2: "if the aggregating AS number is non-mappable, the AGGREGATOR attribute
/// ... MUST carry AS_TRANS, and the AS4_AGGREGATOR attribute ... MUST be sent with the
/// 4-octet AS number".
pub fn two_octet_aggregator(aggregator: &Aggregator) -> (Aggregator, Option<Aggregator>) {
    if aggregator.asn > u32::from(u16::MAX) {
        (
            Aggregator {
                asn: AS_TRANS,
                address: aggregator.address,
            },
            Some(*aggregator),
        )
    } else {
        (*aggregator, None)
    }
}

/// RFC 6793 §4.2.3, for an UPDATE received from a 2-octet speaker. Replaces `as_path` and
/// `aggregator` with the reconstructed 4-octet information.
///
/// "When both the attributes [AGGREGATOR and AS4_AGGREGATOR] are received, if the AS number
/// in the AGGREGATOR attribute is not AS_TRANS, then: the AS4_AGGREGATOR attribute and the
/// AS4_PATH attribute SHALL be ignored, the AGGREGATOR attribute SHALL be taken as the
/// information about the aggregating node, and the AS_PATH attribute SHALL be taken as the AS
/// path information. Otherwise, the AS4_AGGREGATOR attribute SHALL be taken as the
/// information about the aggregating node, and the AS path information would need to be
/// constructed, as in all other cases."
pub fn reconcile(
    as_path: &mut Option<AsPath>,
    aggregator: &mut Option<Aggregator>,
    as4_path: Option<AsPath>,
    as4_aggregator: Option<Aggregator>,
) {
    if let (Some(two_octet), Some(four_octet)) = (aggregator.as_ref(), as4_aggregator) {
        if two_octet.asn != AS_TRANS {
            return;
        }
        *aggregator = Some(four_octet);
    }
    if let (Some(path), Some(path4)) = (as_path.as_mut(), as4_path) {
        *path = merge(path, &path4);
    }
}

/// RFC 6793 §4.2.3: "If the number of AS numbers in the AS_PATH attribute is less than the
/// number of AS numbers in the AS4_PATH attribute, then the AS4_PATH attribute SHALL be
/// ignored, and the AS_PATH attribute SHALL be taken as the AS path information. If the
/// number of AS numbers in the AS_PATH attribute is larger than or equal to the number of AS
/// numbers in the AS4_PATH attribute, then the AS path information SHALL be constructed by
/// taking as many AS numbers and path segments as necessary from the leading part of the
/// AS_PATH attribute, and then prepending them to the AS4_PATH attribute so that the AS path
/// information has a number of AS numbers identical to that of the AS_PATH attribute. Note
/// that a valid AS_CONFED_SEQUENCE or AS_CONFED_SET path segment SHALL be prepended if it is
/// either the leading path segment or is adjacent to a path segment that is prepended."
///
/// Numbers are counted as in route selection ([`AsPath::number_count`]). Where the prepended
/// part ends in an AS_SEQUENCE and the AS4_PATH starts with one, the two are joined into one
/// segment (they are one sequence of the path; ExaBGP shows them joined too).
pub fn merge(as_path: &AsPath, as4_path: &AsPath) -> AsPath {
    let count = as_path.number_count();
    let count4 = as4_path.number_count();
    if count < count4 {
        return as_path.clone();
    }
    let mut wanted = count - count4;
    let mut leading: Vec<AsPathSegment> = Vec::new();
    for segment in &as_path.segments {
        if segment.kind.is_confederation() {
            leading.push(segment.clone());
            continue;
        }
        if wanted == 0 {
            break;
        }
        match segment.kind {
            SegmentKind::Sequence if segment.numbers.len() > wanted => {
                leading.push(AsPathSegment {
                    kind: SegmentKind::Sequence,
                    numbers: segment.numbers.iter().take(wanted).copied().collect(),
                });
                break;
            }
            SegmentKind::Sequence => {
                wanted -= segment.numbers.len();
                leading.push(segment.clone());
            }
            _ => {
                wanted = wanted.saturating_sub(1);
                leading.push(segment.clone());
            }
        }
    }
    let mut tail = as4_path.segments.iter().cloned();
    if let (Some(last), Some(first)) = (leading.last_mut(), as4_path.segments.first())
        && last.kind == SegmentKind::Sequence
        && first.kind == SegmentKind::Sequence
    {
        last.numbers.extend_from_slice(&first.numbers);
        tail.next();
    }
    leading.extend(tail);
    AsPath { segments: leading }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SegmentKind::*;
    use std::net::Ipv4Addr;

    fn path(segments: &[(SegmentKind, &[u32])]) -> AsPath {
        AsPath {
            segments: segments
                .iter()
                .map(|(kind, numbers)| AsPathSegment {
                    kind: *kind,
                    numbers: numbers.to_vec(),
                })
                .collect(),
        }
    }

    #[test]
    fn merge_cases() {
        let cases: &[(AsPath, AsPath, AsPath)] = &[
            // One old speaker prepended its own AS: take one number from AS_PATH.
            (
                path(&[(Sequence, &[65001, 23456, 23456])]),
                path(&[(Sequence, &[4_200_000_000, 4_200_000_001])]),
                path(&[(Sequence, &[65001, 4_200_000_000, 4_200_000_001])]),
            ),
            // Equal counts: AS4_PATH is the path.
            (
                path(&[(Sequence, &[23456, 2])]),
                path(&[(Sequence, &[70000, 2])]),
                path(&[(Sequence, &[70000, 2])]),
            ),
            // AS_PATH shorter than AS4_PATH: AS4_PATH is ignored.
            (
                path(&[(Sequence, &[23456])]),
                path(&[(Sequence, &[70000, 2])]),
                path(&[(Sequence, &[23456])]),
            ),
            // A leading confederation segment is prepended even when no number is needed.
            (
                path(&[(ConfederationSequence, &[64512]), (Sequence, &[23456])]),
                path(&[(Sequence, &[70000])]),
                path(&[(ConfederationSequence, &[64512]), (Sequence, &[70000])]),
            ),
            // An AS_SET counts as one number; a confederation segment adjacent to a
            // prepended segment comes along.
            (
                path(&[
                    (Set, &[1, 2, 3]),
                    (ConfederationSet, &[64512]),
                    (Sequence, &[23456]),
                ]),
                path(&[(Sequence, &[70000])]),
                path(&[
                    (Set, &[1, 2, 3]),
                    (ConfederationSet, &[64512]),
                    (Sequence, &[70000]),
                ]),
            ),
        ];
        for (two_octet, four_octet, expected) in cases {
            assert_eq!(&merge(two_octet, four_octet), expected, "{two_octet:?}");
        }
    }

    #[test]
    fn aggregator_rules() {
        let address = Ipv4Addr::new(192, 0, 2, 1);
        let trans = Aggregator {
            asn: AS_TRANS,
            address,
        };
        let real = Aggregator {
            asn: 4_200_000_000,
            address,
        };
        // AGGREGATOR is AS_TRANS: AS4_AGGREGATOR wins and the path is rebuilt.
        let mut as_path = Some(path(&[(Sequence, &[23456])]));
        let mut aggregator = Some(trans);
        reconcile(
            &mut as_path,
            &mut aggregator,
            Some(path(&[(Sequence, &[70000])])),
            Some(real),
        );
        assert_eq!(aggregator, Some(real));
        assert_eq!(as_path, Some(path(&[(Sequence, &[70000])])));
        // AGGREGATOR is a real AS: both AS4 attributes are ignored.
        let plain = Aggregator {
            asn: 65001,
            address,
        };
        let mut as_path = Some(path(&[(Sequence, &[23456])]));
        let mut aggregator = Some(plain);
        reconcile(
            &mut as_path,
            &mut aggregator,
            Some(path(&[(Sequence, &[70000])])),
            Some(real),
        );
        assert_eq!(aggregator, Some(plain));
        assert_eq!(as_path, Some(path(&[(Sequence, &[23456])])));
        // AS4_PATH without AS_PATH is ignored.
        let mut as_path = None;
        reconcile(
            &mut as_path,
            &mut None,
            Some(path(&[(Sequence, &[1])])),
            None,
        );
        assert_eq!(as_path, None);
    }

    #[test]
    fn what_to_send() {
        let big = Aggregator {
            asn: 70000,
            address: Ipv4Addr::new(1, 2, 3, 4),
        };
        assert_eq!(
            two_octet_aggregator(&big),
            (
                Aggregator {
                    asn: AS_TRANS,
                    address: big.address
                },
                Some(big)
            )
        );
        let small = Aggregator { asn: 65000, ..big };
        assert_eq!(two_octet_aggregator(&small), (small, None));
        assert!(as4_path_segments(&path(&[(Sequence, &[1, 2])])).is_none());
        let only_confederation = path(&[(ConfederationSequence, &[70000])]);
        assert!(as4_path_segments(&only_confederation).is_none());
        let mixed = path(&[(ConfederationSequence, &[70000]), (Sequence, &[70001])]);
        let kept: Vec<_> = as4_path_segments(&mixed).into_iter().flatten().collect();
        assert_eq!(kept, [&mixed.segments[1]]);
    }

    #[test]
    fn as4_path_drops_confederation_segments() {
        let bytes = [3, 1, 0, 0, 0, 1, 2, 1, 0, 1, 0, 0];
        assert_eq!(decode_as4_path(&bytes), Ok(path(&[(Sequence, &[65536])])));
        assert_eq!(
            decode_as4_path(&[2, 0]),
            Err("AS4_PATH segment length is zero".to_string())
        );
    }
}
