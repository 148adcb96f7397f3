//! AIGP, the Accumulated IGP Metric attribute (type code 26, RFC 7311).
//!
//! Value codec only. Whether AIGP may be sent to or accepted from a peer (RFC 7311 §3.1,
//! "AIGP_SESSION") is a session decision, not made here.

use crate::wire::iana::aigp_tlv;
use crate::wire::reader::Reader;

/// The AIGP attribute: a sequence of TLVs of which only type 1 (AIGP) is defined.
///
/// ```text
///     0                   1                   2                   3
///     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    |     Type      |         Length                |               |
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+               |
///    ~                                                               ~
///    |                           Value                               |
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    Type 1 (AIGP TLV): Length 11, Value an 8-octet accumulated metric.
/// ```
///
/// Only the metric is kept: RFC 7311 §3 says of more than one AIGP TLV that "all but the
/// first MUST be disregarded", and TLVs of other types are skipped; encoding writes exactly
/// one AIGP TLV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Aigp {
    pub metric: u64,
}

/// Length of the AIGP TLV, its 3-octet header included.
const AIGP_TLV_LENGTH: u16 = 11;

impl Aigp {
    /// RFC 7311 §3: a malformed attribute (TLV overrun, AIGP TLV of the wrong length, no AIGP
    /// TLV) is discarded by the caller.
    pub fn decode(value: &[u8]) -> Result<Aigp, String> {
        let mut reader = Reader::new(value);
        let mut metric = None;
        while !reader.is_empty() {
            let malformed = |error| format!("AIGP: {error}");
            let tlv_type = reader.u8().map_err(malformed)?;
            let length = reader.u16().map_err(malformed)?;
            let body_length = length.checked_sub(3).ok_or_else(|| {
                format!("AIGP TLV length {length} is smaller than its own header")
            })?;
            let body = reader.take(usize::from(body_length)).map_err(malformed)?;
            if tlv_type == aigp_tlv::AIGP {
                if length != AIGP_TLV_LENGTH {
                    return Err(format!("AIGP TLV length is {length}, not 11"));
                }
                if metric.is_none() {
                    let mut body = Reader::new(body);
                    metric = Some(body.u64().map_err(malformed)?);
                }
            }
        }
        metric
            .map(|metric| Aigp { metric })
            .ok_or_else(|| "AIGP attribute has no AIGP TLV".to_string())
    }

    pub fn encode_value(&self, out: &mut Vec<u8>) {
        out.push(aigp_tlv::AIGP);
        out.extend_from_slice(&AIGP_TLV_LENGTH.to_be_bytes());
        out.extend_from_slice(&self.metric.to_be_bytes());
    }

    /// ExaBGP's string: the metric as "0x" and 16 lowercase hex digits.
    pub fn exabgp_string(&self) -> String {
        format!("0x{:016x}", self.metric)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn table_both_ways() {
        let bytes = [1, 0, 11, 0, 0, 0, 0, 0, 0, 0, 100];
        let value = Aigp { metric: 100 };
        assert_eq!(Aigp::decode(&bytes), Ok(value));
        let mut out = Vec::new();
        value.encode_value(&mut out);
        assert_eq!(out, bytes);
        assert_eq!(value.exabgp_string(), "0x0000000000000064");
    }

    #[test]
    fn skips_other_tlvs_and_later_aigp_tlvs() {
        let bytes = [
            9, 0, 4, 0xaa, // unknown TLV
            1, 0, 11, 0, 0, 0, 0, 0, 0, 0, 7, // first AIGP TLV
            1, 0, 11, 0, 0, 0, 0, 0, 0, 0, 8, // disregarded
        ];
        assert_eq!(Aigp::decode(&bytes), Ok(Aigp { metric: 7 }));
    }

    #[test]
    fn malformed() {
        assert_eq!(
            Aigp::decode(&[]),
            Err("AIGP attribute has no AIGP TLV".to_string())
        );
        assert_eq!(
            Aigp::decode(&[1, 0, 2]),
            Err("AIGP TLV length 2 is smaller than its own header".to_string())
        );
        assert_eq!(
            Aigp::decode(&[1, 0, 7, 0, 0, 0, 0]),
            Err("AIGP TLV length is 7, not 11".to_string())
        );
        assert_eq!(
            Aigp::decode(&[1, 0, 11, 0]),
            Err("AIGP: truncated: needed 8 more byte(s), 1 left".to_string())
        );
        assert_eq!(
            Aigp::decode(&[1, 0]),
            Err("AIGP: truncated: needed 2 more byte(s), 1 left".to_string())
        );
    }

    proptest! {
        #[test]
        fn round_trip(metric in any::<u64>()) {
            let value = Aigp { metric };
            let mut out = Vec::new();
            value.encode_value(&mut out);
            prop_assert_eq!(Aigp::decode(&out), Ok(value));
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let _ = Aigp::decode(&bytes);
        }
    }
}
