//! BGP Prefix-SID attribute (type code 40, RFC 8669): Label-Index and Originator SRGB TLVs
//! typed, every other TLV (SRv6 services of RFC 9252, ...) kept raw.
//!
//! Value codec only; the attribute discard on a malformed value is applied by `mod.rs`.

use crate::wire::iana::prefix_sid_tlv;
use crate::wire::reader::Reader;

/// The attribute: a sequence of TLVs (1-octet type, 2-octet length, value), in wire order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct PrefixSid {
    pub tlvs: Vec<PrefixSidTlv>,
}

/// One SRGB range of the Originator SRGB TLV: a 3-octet first label and 3-octet size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SrgbRange {
    pub base: u32,
    pub range: u32,
}

/// One Prefix-SID TLV.
///
/// ```text
///  Label-Index TLV (RFC 8669 §3.1):
///     0                   1                   2                   3
///     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    |       Type    |             Length            |   RESERVED    |
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    |            Flags              |       Label Index             |
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    |          Label Index          |
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///
///  Originator SRGB TLV (RFC 8669 §3.2):
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    |     Type      |          Length               |    Flags      |
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    |     Flags     |
///    +-+-+-+-+-+-+-+-+
///    |  SRGB 1 (6 octets)                                            |
///    ~  ...                                                          ~
///    |  SRGB n (6 octets)                                            |
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PrefixSidTlv {
    /// Type 1 with its RESERVED octet zero (otherwise kept as `Other`).
    LabelIndex { flags: u16, label_index: u32 },
    /// Type 3.
    OriginatorSrgb { flags: u16, ranges: Vec<SrgbRange> },
    /// Any other TLV (SRv6 L3/L2 Service TLVs 5 and 6 included), as type and value.
    Other { tlv_type: u8, value: Vec<u8> },
}

/// The Label-Index TLV's Length: "Length: 7 octets".
const LABEL_INDEX_LENGTH: usize = 7;

impl PrefixSid {
    /// RFC 8669 §6 calls an attribute malformed when a TLV does not fit or has the wrong
    /// length; the caller then discards it ("Attribute Discard").
    pub fn decode(value: &[u8]) -> Result<PrefixSid, String> {
        if value.is_empty() {
            return Err("BGP Prefix-SID attribute carries no TLV".into());
        }
        let mut reader = Reader::new(value);
        let mut tlvs = Vec::new();
        while !reader.is_empty() {
            let truncated = |error| format!("BGP Prefix-SID TLV: {error}");
            let tlv_type = reader.u8().map_err(truncated)?;
            let length = reader.u16().map_err(truncated)?;
            let body = reader.take(usize::from(length)).map_err(truncated)?;
            tlvs.push(Self::decode_tlv(tlv_type, body)?);
        }
        Ok(PrefixSid { tlvs })
    }

    fn decode_tlv(tlv_type: u8, body: &[u8]) -> Result<PrefixSidTlv, String> {
        let other = || PrefixSidTlv::Other {
            tlv_type,
            value: body.to_vec(),
        };
        match tlv_type {
            prefix_sid_tlv::LABEL_INDEX => {
                let [reserved, f1, f2, l1, l2, l3, l4] = <[u8; LABEL_INDEX_LENGTH]>::try_from(body)
                    .map_err(|_| format!("Label-Index TLV length is {}, not 7", body.len()))?;
                if reserved != 0 {
                    return Ok(other());
                }
                Ok(PrefixSidTlv::LabelIndex {
                    flags: u16::from_be_bytes([f1, f2]),
                    label_index: u32::from_be_bytes([l1, l2, l3, l4]),
                })
            }
            prefix_sid_tlv::ORIGINATOR_SRGB => {
                let ranges_octets = body.len().saturating_sub(2);
                if body.len() < 8 || !ranges_octets.is_multiple_of(6) {
                    return Err(format!(
                        "Originator SRGB TLV length is {}, not 2 + 6n",
                        body.len()
                    ));
                }
                let flags = u16::from_be_bytes([body[0], body[1]]);
                let ranges = body
                    .get(2..)
                    .unwrap_or_default()
                    .chunks_exact(6)
                    .map(|chunk| SrgbRange {
                        base: u32::from_be_bytes([0, chunk[0], chunk[1], chunk[2]]),
                        range: u32::from_be_bytes([0, chunk[3], chunk[4], chunk[5]]),
                    })
                    .collect();
                Ok(PrefixSidTlv::OriginatorSrgb { flags, ranges })
            }
            _ => Ok(other()),
        }
    }

    /// Writes the TLVs. SRGB bases and ranges are 24-bit: higher bits are dropped.
    pub fn encode_value(&self, out: &mut Vec<u8>) {
        for tlv in &self.tlvs {
            match tlv {
                PrefixSidTlv::LabelIndex { flags, label_index } => {
                    out.push(prefix_sid_tlv::LABEL_INDEX);
                    out.extend_from_slice(&(LABEL_INDEX_LENGTH as u16).to_be_bytes());
                    out.push(0);
                    out.extend_from_slice(&flags.to_be_bytes());
                    out.extend_from_slice(&label_index.to_be_bytes());
                }
                PrefixSidTlv::OriginatorSrgb { flags, ranges } => {
                    out.push(prefix_sid_tlv::ORIGINATOR_SRGB);
                    let length = 2 + 6 * ranges.len();
                    out.extend_from_slice(
                        &(length.min(usize::from(u16::MAX)) as u16).to_be_bytes(),
                    );
                    out.extend_from_slice(&flags.to_be_bytes());
                    for range in ranges {
                        out.extend_from_slice(&range.base.to_be_bytes()[1..]);
                        out.extend_from_slice(&range.range.to_be_bytes()[1..]);
                    }
                }
                PrefixSidTlv::Other { tlv_type, value } => {
                    out.push(*tlv_type);
                    out.extend_from_slice(
                        &(value.len().min(usize::from(u16::MAX)) as u16).to_be_bytes(),
                    );
                    out.extend_from_slice(value);
                }
            }
        }
    }

    /// The label index, if a Label-Index TLV is present (ExaBGP's "sr-label-index").
    pub fn label_index(&self) -> Option<u32> {
        self.tlvs.iter().find_map(|tlv| match tlv {
            PrefixSidTlv::LabelIndex { label_index, .. } => Some(*label_index),
            _ => None,
        })
    }

    /// The SRGB ranges, if an Originator SRGB TLV is present (ExaBGP's "sr-srgbs").
    pub fn srgb_ranges(&self) -> Option<&[SrgbRange]> {
        self.tlvs.iter().find_map(|tlv| match tlv {
            PrefixSidTlv::OriginatorSrgb { ranges, .. } => Some(ranges.as_slice()),
            _ => None,
        })
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn table_both_ways() {
        // `exabgp decode`: c0280a01000700000000000064 -> "bgp-prefix-sid": {"sr-label-index": 100}
        let table: Vec<(Vec<u8>, PrefixSid)> = vec![
            (
                vec![1, 0, 7, 0, 0, 0, 0, 0, 0, 100],
                PrefixSid {
                    tlvs: vec![PrefixSidTlv::LabelIndex {
                        flags: 0,
                        label_index: 100,
                    }],
                },
            ),
            (
                vec![
                    1, 0, 7, 0, 0, 0, 0, 0, 0, 100, 3, 0, 8, 0, 0, 0, 0x3e, 0x80, 0, 0x1f, 0x40, 5,
                    0, 2, 0xab, 0xcd,
                ],
                PrefixSid {
                    tlvs: vec![
                        PrefixSidTlv::LabelIndex {
                            flags: 0,
                            label_index: 100,
                        },
                        PrefixSidTlv::OriginatorSrgb {
                            flags: 0,
                            ranges: vec![SrgbRange {
                                base: 16000,
                                range: 8000,
                            }],
                        },
                        PrefixSidTlv::Other {
                            tlv_type: 5,
                            value: vec![0xab, 0xcd],
                        },
                    ],
                },
            ),
        ];
        for (bytes, value) in table {
            assert_eq!(PrefixSid::decode(&bytes), Ok(value.clone()));
            let mut out = Vec::new();
            value.encode_value(&mut out);
            assert_eq!(out, bytes);
        }
    }

    #[test]
    fn accessors() {
        let bytes = [
            1, 0, 7, 0, 0, 0, 0, 0, 0, 100, 3, 0, 8, 0, 0, 0, 0x3e, 0x80, 0, 0x1f, 0x40,
        ];
        let value = PrefixSid::decode(&bytes).unwrap();
        assert_eq!(value.label_index(), Some(100));
        assert_eq!(
            value.srgb_ranges(),
            Some(
                &[SrgbRange {
                    base: 16000,
                    range: 8000
                }][..]
            )
        );
    }

    #[test]
    fn malformed() {
        let cases: &[(&[u8], &str)] = &[
            (&[], "BGP Prefix-SID attribute carries no TLV"),
            (
                &[1, 0, 6, 0, 0, 0, 0, 0, 0],
                "Label-Index TLV length is 6, not 7",
            ),
            (
                &[3, 0, 2, 0, 0],
                "Originator SRGB TLV length is 2, not 2 + 6n",
            ),
            (
                &[3, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0],
                "Originator SRGB TLV length is 9, not 2 + 6n",
            ),
            (
                &[1, 0, 7, 0],
                "BGP Prefix-SID TLV: truncated: needed 7 more byte(s), 1 left",
            ),
            (
                &[1, 0],
                "BGP Prefix-SID TLV: truncated: needed 2 more byte(s), 1 left",
            ),
        ];
        for (bytes, error) in cases {
            assert_eq!(PrefixSid::decode(bytes), Err(error.to_string()));
        }
    }

    fn tlv_strategy() -> impl Strategy<Value = PrefixSidTlv> {
        prop_oneof![
            (any::<u16>(), any::<u32>())
                .prop_map(|(flags, label_index)| PrefixSidTlv::LabelIndex { flags, label_index }),
            (
                any::<u16>(),
                proptest::collection::vec((0..0x0100_0000u32, 0..0x0100_0000u32), 1..4)
            )
                .prop_map(|(flags, ranges)| PrefixSidTlv::OriginatorSrgb {
                    flags,
                    ranges: ranges
                        .into_iter()
                        .map(|(base, range)| SrgbRange { base, range })
                        .collect(),
                }),
            (4..=255u8, proptest::collection::vec(any::<u8>(), 0..10))
                .prop_map(|(tlv_type, value)| PrefixSidTlv::Other { tlv_type, value }),
        ]
    }

    pub fn prefix_sid_strategy() -> impl Strategy<Value = PrefixSid> {
        proptest::collection::vec(tlv_strategy(), 1..4).prop_map(|tlvs| PrefixSid { tlvs })
    }

    proptest! {
        #[test]
        fn round_trip(value in prefix_sid_strategy()) {
            let mut out = Vec::new();
            value.encode_value(&mut out);
            prop_assert_eq!(PrefixSid::decode(&out), Ok(value));
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let _ = PrefixSid::decode(&bytes);
        }
    }
}
