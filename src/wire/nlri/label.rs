//! MPLS labels and the labelled-unicast NLRI (RFC 8277, SAFI 4, ExaBGP "nlri-mpls").
//!
//! Also the label-stack reader shared with the VPN NLRI. Must not know about route
//! distinguishers' meaning or about UPDATEs.

use super::NlriError;
use super::prefix::Prefix;
use super::route_distinguisher::RouteDistinguisher;
use crate::wire::family::Afi;
use crate::wire::reader::Reader;

/// One 3-octet label stack entry of an NLRI.
///
/// ```text
///  0                   1                   2
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                Label                  | TC  |S|
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
///
/// ExaBGP shows the 20-bit `value`: text " label 100" (one) or " label [ 100 200 ]" (several),
/// JSON `"label": [ [100], [200] ]` (see [`label_stack_text`], [`label_stack_json`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label {
    /// The 20-bit label.
    pub value: u32,
    /// The 3 Traffic Class bits (formerly EXP); zero when we originate.
    pub traffic_class: u8,
    /// The S bit: this is the last entry of the stack.
    pub bottom_of_stack: bool,
}

impl Label {
    /// The largest 20-bit label.
    pub const MAXIMUM: u32 = 0xF_FFFF;

    /// RFC 8277 §2.4: "the Compatibility field ... SHOULD be set to 0x800000" in a withdrawal.
    pub const WITHDRAW_COMPATIBILITY: Label = Label {
        value: 0x80000,
        traffic_class: 0,
        bottom_of_stack: false,
    };

    /// A label that ends the stack (what we send for a single label).
    pub fn new(value: u32) -> Label {
        Label {
            value: value & Label::MAXIMUM,
            traffic_class: 0,
            bottom_of_stack: true,
        }
    }

    /// From the 24-bit entry as it is on the wire.
    pub fn from_raw(raw: u32) -> Label {
        Label {
            value: (raw >> 4) & Label::MAXIMUM,
            traffic_class: ((raw >> 1) & 0x7) as u8,
            bottom_of_stack: raw & 1 == 1,
        }
    }

    /// The 24-bit entry as it is on the wire.
    pub fn raw(&self) -> u32 {
        ((self.value & Label::MAXIMUM) << 4)
            | (u32::from(self.traffic_class & 0x7) << 1)
            | u32::from(self.bottom_of_stack)
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.raw().to_be_bytes()[1..]);
    }
}

/// ExaBGP's text for a label stack: "" (none), " label 100", " label [ 100 200 ]".
pub fn label_stack_text(labels: &[Label]) -> String {
    match labels {
        [] => String::new(),
        [label] => format!(" label {}", label.value),
        _ => {
            let values: Vec<String> = labels.iter().map(|label| label.value.to_string()).collect();
            format!(" label [ {} ]", values.join(" "))
        }
    }
}

/// ExaBGP's JSON member for a decoded label stack: `"label": [ [100], [200] ]` ("" if none).
pub fn label_stack_json(labels: &[Label]) -> String {
    if labels.is_empty() {
        return String::new();
    }
    let values: Vec<String> = labels
        .iter()
        .map(|label| format!("[{}]", label.value))
        .collect();
    format!("\"label\": [ {} ]", values.join(", "))
}

/// Bits one label stack entry takes in the NLRI length.
const LABEL_BITS: u16 = 24;
/// Bits a Route Distinguisher takes in the NLRI length.
const ROUTE_DISTINGUISHER_BITS: u16 = 64;
/// The RFC 3107 withdrawal value, and the other value RFC 8277 §2.4 mentions.
const COMPATIBILITY_VALUES: [u32; 2] = [0x80_0000, 0x00_0000];

/// What a labelled or VPN NLRI carries after its Path Identifier.
pub(crate) struct LabelledParts {
    pub labels: Vec<Label>,
    pub route_distinguisher: Option<RouteDistinguisher>,
    pub prefix: Prefix,
}

/// Reads `<length, label stack, [RD,] prefix>`, where length counts the bits of all three.
///
/// The stack ends at the entry with the S bit. In a withdrawal it also ends at a
/// Compatibility field of 0x800000 or 0x000000 (RFC 8277 §2.4: "upon reception, the value
/// of the Compatibility field MUST be ignored"), which RFC 3107 speakers send without S bit.
pub(crate) fn decode_labelled(
    reader: &mut Reader<'_>,
    afi: Afi,
    with_route_distinguisher: bool,
    withdrawal: bool,
) -> Result<LabelledParts, NlriError> {
    let mut bits = u16::from(reader.u8()?);
    let reserved = if with_route_distinguisher {
        ROUTE_DISTINGUISHER_BITS
    } else {
        0
    };
    let mut labels = Vec::new();
    loop {
        if bits < LABEL_BITS + reserved {
            return Err(NlriError::new(if labels.is_empty() {
                "labelled NLRI too short for a label"
            } else {
                "label stack without bottom-of-stack bit"
            }));
        }
        let raw = reader.u24()?;
        bits -= LABEL_BITS;
        let label = Label::from_raw(raw);
        labels.push(label);
        if label.bottom_of_stack || (withdrawal && COMPATIBILITY_VALUES.contains(&raw)) {
            break;
        }
    }
    let route_distinguisher = if with_route_distinguisher {
        bits -= ROUTE_DISTINGUISHER_BITS;
        Some(RouteDistinguisher::decode(reader)?)
    } else {
        None
    };
    // `bits` is at most 255 here, the length octet minus what was read.
    let prefix_bits = u8::try_from(bits).unwrap_or(u8::MAX);
    let prefix = Prefix::decode_address(reader, afi, prefix_bits)?;
    Ok(LabelledParts {
        labels,
        route_distinguisher,
        prefix,
    })
}

/// Writes `<length, label stack, [RD,] prefix>`. An empty stack is written as the
/// withdrawal Compatibility field 0x800000 (RFC 8277 §2.4).
pub(crate) fn encode_labelled(
    labels: &[Label],
    route_distinguisher: Option<&RouteDistinguisher>,
    prefix: &Prefix,
    out: &mut Vec<u8>,
) {
    let compatibility = [Label::WITHDRAW_COMPATIBILITY];
    let labels = if labels.is_empty() {
        &compatibility[..]
    } else {
        labels
    };
    let label_bits = labels.len().saturating_mul(usize::from(LABEL_BITS));
    let rd_bits = if route_distinguisher.is_some() {
        usize::from(ROUTE_DISTINGUISHER_BITS)
    } else {
        0
    };
    let total = label_bits
        .saturating_add(rd_bits)
        .saturating_add(usize::from(prefix.valid_length()));
    out.push(u8::try_from(total).unwrap_or(u8::MAX));
    for label in labels {
        label.encode(out);
    }
    if let Some(route_distinguisher) = route_distinguisher {
        route_distinguisher.encode(out);
    }
    prefix.encode_address(out);
}

/// A labelled-unicast NLRI (RFC 8277 §2.2, SAFI 4).
///
/// ```text
/// +---------------------------+
/// |   Length (1 octet)        |  bits of label(s) + prefix
/// +---------------------------+
/// |   Label (3 octets)        |  repeated until the S bit
/// +---------------------------+
/// .............................
/// +---------------------------+
/// |   Prefix (variable)       |
/// +---------------------------+
/// ```
///
/// Valid when 24 × labels + prefix length ≤ 255. An empty `labels` is encoded as the
/// withdrawal Compatibility field 0x800000.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LabelledNlri {
    pub path_id: Option<u32>,
    pub labels: Vec<Label>,
    pub prefix: Prefix,
}

impl LabelledNlri {
    pub(crate) fn decode(
        reader: &mut Reader<'_>,
        afi: Afi,
        path_id: Option<u32>,
        withdrawal: bool,
    ) -> Result<LabelledNlri, NlriError> {
        let parts = decode_labelled(reader, afi, false, withdrawal)?;
        Ok(LabelledNlri {
            path_id,
            labels: parts.labels,
            prefix: parts.prefix,
        })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        encode_labelled(&self.labels, None, &self.prefix, out);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::wire::nlri::prefix::tests::any_prefix;
    use proptest::prelude::*;

    fn prefix(text: &str) -> Prefix {
        text.parse().expect("test prefix")
    }

    #[test]
    fn labels_both_ways() {
        assert_eq!(Label::from_raw(0x00_0641), Label::new(100));
        assert_eq!(Label::new(100).raw(), 0x641);
        assert_eq!(Label::WITHDRAW_COMPATIBILITY.raw(), 0x80_0000);
        let label = Label::from_raw(0xff_fffb);
        assert_eq!(
            (label.value, label.traffic_class, label.bottom_of_stack),
            (0xfffff, 5, true)
        );
        assert_eq!(label.raw(), 0xff_fffb);
        assert_eq!(label_stack_text(&[]), "");
        assert_eq!(label_stack_text(&[Label::new(100)]), " label 100");
        assert_eq!(
            label_stack_text(&[Label::from_raw(100 << 4), Label::new(200)]),
            " label [ 100 200 ]"
        );
        assert_eq!(
            label_stack_json(&[Label::from_raw(100 << 4), Label::new(200)]),
            "\"label\": [ [100], [200] ]"
        );
    }

    #[test]
    fn labelled_nlri_both_ways() {
        let table: &[(&[u8], bool, LabelledNlri)] = &[
            // 10.0.0.0/24 label 100, as ExaBGP decodes it (see exabgp_differential.rs)
            (
                &[48, 0x00, 0x06, 0x41, 10, 0, 0],
                false,
                LabelledNlri {
                    path_id: None,
                    labels: vec![Label::new(100)],
                    prefix: prefix("10.0.0.0/24"),
                },
            ),
            // two labels: 100 (no S bit), 200
            (
                &[72, 0x00, 0x06, 0x40, 0x00, 0x0c, 0x81, 10, 0, 0],
                false,
                LabelledNlri {
                    path_id: None,
                    labels: vec![Label::from_raw(0x640), Label::new(200)],
                    prefix: prefix("10.0.0.0/24"),
                },
            ),
            // withdrawal with the RFC 3107 compatibility value 0x800000
            (
                &[56, 0x80, 0x00, 0x00, 10, 0, 0, 1],
                true,
                LabelledNlri {
                    path_id: None,
                    labels: vec![Label::WITHDRAW_COMPATIBILITY],
                    prefix: prefix("10.0.0.1/32"),
                },
            ),
            // IPv6
            (
                &[24 + 32, 0x00, 0x06, 0x41, 0x20, 0x01, 0x0d, 0xb8],
                false,
                LabelledNlri {
                    path_id: None,
                    labels: vec![Label::new(100)],
                    prefix: prefix("2001:db8::/32"),
                },
            ),
        ];
        for (bytes, withdrawal, value) in table {
            let mut reader = Reader::new(bytes);
            let decoded = LabelledNlri::decode(&mut reader, value.prefix.afi(), None, *withdrawal)
                .expect("decodes");
            assert_eq!(&decoded, value);
            assert!(reader.is_empty());
            let mut out = Vec::new();
            value.encode(&mut out);
            assert_eq!(out, *bytes);
        }
        // An empty stack goes out as the compatibility field.
        let mut out = Vec::new();
        LabelledNlri {
            path_id: None,
            labels: vec![],
            prefix: prefix("10.0.0.1/32"),
        }
        .encode(&mut out);
        assert_eq!(out, [56, 0x80, 0, 0, 10, 0, 0, 1]);
    }

    #[test]
    fn bad_labelled_nlri_are_errors() {
        let table: &[(&[u8], bool, &str)] = &[
            (&[16, 10, 0], false, "labelled NLRI too short for a label"),
            // 0x800000 is not a terminator in an announcement: the stack runs out of bits
            (
                &[56, 0x80, 0, 0, 10, 0, 0, 1],
                false,
                "label stack without bottom-of-stack bit",
            ),
            (
                &[24 + 33, 0, 0x06, 0x41, 10, 0, 0, 1, 0],
                false,
                "prefix length 33 is longer than 32 bits",
            ),
            (
                &[48, 0, 0x06, 0x41, 10],
                false,
                "truncated: needed 3 more byte(s), 1 left",
            ),
        ];
        for (bytes, withdrawal, error) in table {
            let mut reader = Reader::new(bytes);
            assert_eq!(
                LabelledNlri::decode(&mut reader, Afi::Ipv4, None, *withdrawal),
                Err(NlriError::new(*error)),
                "{bytes:?}"
            );
        }
    }

    pub(crate) fn any_label_stack() -> impl Strategy<Value = Vec<Label>> {
        proptest::collection::vec((0u32..=Label::MAXIMUM, 0u8..8), 1..4).prop_map(|entries| {
            let count = entries.len();
            entries
                .into_iter()
                .enumerate()
                .map(|(index, (value, traffic_class))| Label {
                    value,
                    traffic_class,
                    bottom_of_stack: index + 1 == count,
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn round_trip(labels in any_label_stack(), prefix in any_prefix(), withdrawal: bool) {
            let value = LabelledNlri { path_id: None, labels, prefix };
            let mut out = Vec::new();
            value.encode(&mut out);
            let mut reader = Reader::new(&out);
            let bits = 24 * value.labels.len() + usize::from(prefix.length);
            prop_assume!(bits <= 255);
            // A compatibility value before the last entry legitimately ends a withdrawn stack.
            prop_assume!(!withdrawal || value.labels.iter().all(|label| label.bottom_of_stack || ![0x80_0000, 0].contains(&label.raw())));
            prop_assert_eq!(LabelledNlri::decode(&mut reader, prefix.afi(), None, withdrawal), Ok(value));
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..40), withdrawal: bool) {
            for afi in [Afi::Ipv4, Afi::Ipv6] {
                let mut reader = Reader::new(&bytes);
                let _ = LabelledNlri::decode(&mut reader, afi, None, withdrawal);
                let mut reader = Reader::new(&bytes);
                let _ = decode_labelled(&mut reader, afi, true, withdrawal);
            }
        }
    }
}
