//! The path attributes of an announcement, encoded once and copied into every UPDATE that
//! carries them.
//!
//! Encoding goes through `Attributes::encode` (flags, type-code order, RFC 6793 on 2-octet
//! sessions); this module only removes the attributes the UPDATE builder writes itself
//! (NEXT_HOP, MP_REACH_NLRI, MP_UNREACH_NLRI) and remembers where NEXT_HOP belongs. Must not
//! know about NLRI or message sizes.

use crate::wire::attribute::Attributes;
use crate::wire::iana::attribute_flag::EXTENDED_LENGTH;
use crate::wire::iana::attribute_type::{MP_REACH_NLRI, MP_UNREACH_NLRI, NEXT_HOP};
use crate::wire::negotiated::Negotiated;
use crate::wire::reader::Reader;

/// The Path Attributes of one attribute set, as whole TLVs in type-code order, without
/// NEXT_HOP, MP_REACH_NLRI and MP_UNREACH_NLRI (the builder writes those per message, from
/// the route's next hop and NLRI).
///
/// ```text
/// +---------------------------------------------+----------------------------------+
/// | TLVs with type code < 3 (ORIGIN, AS_PATH)   | TLVs with type code > 3, sorted  |
/// +---------------------------------------------+----------------------------------+
///                                               ^ next_hop_at: NEXT_HOP goes here
/// ```
///
/// Valid for the session whose `Negotiated` encoded it (AS numbers depend on `asn4`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EncodedAttributes {
    bytes: Vec<u8>,
    next_hop_at: usize,
}

impl EncodedAttributes {
    /// Encodes `attributes` for the session `negotiated`. `attributes.next_hop` is ignored:
    /// the next hop is given with the routes.
    pub fn new(attributes: &Attributes, negotiated: &Negotiated) -> EncodedAttributes {
        let mut all = Vec::with_capacity(64);
        attributes.encode(negotiated, &[], &mut all);
        let mut bytes = Vec::with_capacity(all.len());
        let mut next_hop_at = None;
        let mut rest = all.as_slice();
        while let Some((type_code, whole)) = split_attribute(&mut rest) {
            if matches!(type_code, NEXT_HOP | MP_REACH_NLRI | MP_UNREACH_NLRI) {
                continue;
            }
            if type_code > NEXT_HOP && next_hop_at.is_none() {
                next_hop_at = Some(bytes.len());
            }
            bytes.extend_from_slice(whole);
        }
        let next_hop_at = next_hop_at.unwrap_or(bytes.len());
        EncodedAttributes { bytes, next_hop_at }
    }

    /// The TLVs, NEXT_HOP left out.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Octets of the TLVs.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The TLVs that go before NEXT_HOP, and those after it.
    pub(super) fn around_next_hop(&self) -> (&[u8], &[u8]) {
        self.bytes
            .split_at_checked(self.next_hop_at)
            .unwrap_or((&self.bytes, &[]))
    }
}

/// Takes one attribute TLV from the front of `rest`: its type code and its whole bytes.
/// `None` at the end (or on bytes that are not TLVs, which `Attributes::encode` never writes).
fn split_attribute<'a>(rest: &mut &'a [u8]) -> Option<(u8, &'a [u8])> {
    let mut reader = Reader::new(rest);
    let flags = reader.u8().ok()?;
    let type_code = reader.u8().ok()?;
    let (header, length) = if flags & EXTENDED_LENGTH != 0 {
        (4, usize::from(reader.u16().ok()?))
    } else {
        (3, usize::from(reader.u8().ok()?))
    };
    let (whole, tail) = rest.split_at_checked(header + length)?;
    *rest = tail;
    Some((type_code, whole))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::attribute::{AsPath, Community, Origin};
    use crate::wire::header::test_support::hex;
    use std::net::Ipv4Addr;

    #[test]
    fn next_hop_is_left_out_and_its_place_kept() {
        let negotiated = Negotiated {
            asn4: true,
            ..Negotiated::default()
        };
        let attributes = Attributes {
            origin: Some(Origin::Igp),
            as_path: Some(AsPath::sequence(vec![65001])),
            next_hop: Some(Ipv4Addr::new(192, 0, 2, 1)),
            med: Some(100),
            communities: vec![Community(0xFDE9_0064)],
            ..Attributes::default()
        };
        let encoded = EncodedAttributes::new(&attributes, &negotiated);
        let before = hex("40010100 40020602010000fde9");
        let after = hex("80040400000064 c00804fde90064");
        assert_eq!(encoded.around_next_hop(), (&before[..], &after[..]));
        assert_eq!(encoded.as_bytes(), [before, after].concat());
        assert_eq!(encoded.len(), 13 + 14);

        // Nothing after NEXT_HOP's place; nothing at all.
        let only_origin = Attributes {
            origin: Some(Origin::Egp),
            ..Attributes::default()
        };
        let encoded = EncodedAttributes::new(&only_origin, &negotiated);
        assert_eq!(encoded.around_next_hop(), (&hex("40010101")[..], &[][..]));
        let empty = EncodedAttributes::new(&Attributes::default(), &negotiated);
        assert!(empty.is_empty());
        assert_eq!(empty.around_next_hop(), (&[][..], &[][..]));
    }

    #[test]
    fn split_attribute_reads_both_length_forms_and_stops_on_garbage() {
        let bytes = hex("40010100 9010 0002 aabb 40");
        let mut rest = bytes.as_slice();
        assert_eq!(split_attribute(&mut rest), Some((1, &bytes[..4])));
        assert_eq!(split_attribute(&mut rest), Some((0x10, &bytes[4..10])));
        assert_eq!(split_attribute(&mut rest), None);
        let mut short: &[u8] = &[0x40, 1, 5, 0];
        assert_eq!(split_attribute(&mut short), None);
    }
}
