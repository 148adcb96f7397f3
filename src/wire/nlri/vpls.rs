//! The VPLS NLRI (RFC 4761 §3.2.2, AFI 25 SAFI 65, ExaBGP "l2vpn vpls").
//!
//! Must not know about next hops or UPDATEs.

use super::NlriError;
use super::route_distinguisher::RouteDistinguisher;
use crate::wire::reader::Reader;

/// The value of the Length field: the 17 octets that follow it.
const VPLS_LENGTH: u16 = 17;

/// A VPLS NLRI.
///
/// ```text
/// +------------------------------------+
/// |  Length (2 octets)                 |  always 17
/// +------------------------------------+
/// |  Route Distinguisher  (8 octets)   |
/// +------------------------------------+
/// |  VE ID (2 octets)                  |
/// +------------------------------------+
/// |  VE Block Offset (2 octets)        |
/// +------------------------------------+
/// |  VE Block Size (2 octets)          |
/// +------------------------------------+
/// |  Label Base (3 octets)             |  20-bit label, then 4 bits (S bit set when sent)
/// +------------------------------------+
/// ```
///
/// ExaBGP names the VE ID "endpoint" and the label base "base": JSON `{ "rd": "1.2.3.4:5",
/// "endpoint": 3, "base": 262145, "offset": 1, "size": 8 }`, text
/// "vpls rd 1.2.3.4:5 endpoint 3 base 262145 offset 1 size 8" (see [`VplsNlri::exabgp_text`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VplsNlri {
    pub path_id: Option<u32>,
    pub route_distinguisher: RouteDistinguisher,
    /// VE ID.
    pub endpoint: u16,
    /// VE Block Offset.
    pub offset: u16,
    /// VE Block Size.
    pub size: u16,
    /// Label Base, 20 bits. The four low bits of the field are ignored on receipt and sent
    /// with the bottom-of-stack bit set, as ExaBGP does.
    pub base: u32,
}

impl VplsNlri {
    pub(crate) fn decode(
        reader: &mut Reader<'_>,
        path_id: Option<u32>,
    ) -> Result<VplsNlri, NlriError> {
        let length = reader.u16()?;
        if length != VPLS_LENGTH {
            return Err(NlriError::new(format!(
                "VPLS NLRI length is {length}, it must be {VPLS_LENGTH}"
            )));
        }
        let route_distinguisher = RouteDistinguisher::decode(reader)?;
        let endpoint = reader.u16()?;
        let offset = reader.u16()?;
        let size = reader.u16()?;
        let base = reader.u24()? >> 4;
        Ok(VplsNlri {
            path_id,
            route_distinguisher,
            endpoint,
            offset,
            size,
            base,
        })
    }

    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&VPLS_LENGTH.to_be_bytes());
        self.route_distinguisher.encode(out);
        out.extend_from_slice(&self.endpoint.to_be_bytes());
        out.extend_from_slice(&self.offset.to_be_bytes());
        out.extend_from_slice(&self.size.to_be_bytes());
        let base = ((self.base & 0xF_FFFF) << 4) | 1;
        out.extend_from_slice(&base.to_be_bytes()[1..]);
    }

    /// ExaBGP's text without the next hop: "vpls rd 1.2.3.4:5 endpoint 3 base 262145 offset 1
    /// size 8" (ExaBGP appends " next-hop …" when it knows one).
    pub fn exabgp_text(&self) -> String {
        format!(
            "vpls rd {} endpoint {} base {} offset {} size {}",
            self.route_distinguisher, self.endpoint, self.base, self.offset, self.size
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::nlri::route_distinguisher::tests::any_route_distinguisher;
    use proptest::prelude::*;
    use std::net::Ipv4Addr;

    #[test]
    fn vpls_both_ways() {
        // as ExaBGP decodes it (see exabgp_differential.rs): rd 1.2.3.4:5 endpoint 3 base 262145 offset 1 size 8
        let bytes: &[u8] = &[
            0, 17, 0, 1, 1, 2, 3, 4, 0, 5, 0, 3, 0, 1, 0, 8, 0x40, 0x00, 0x11,
        ];
        let value = VplsNlri {
            path_id: None,
            route_distinguisher: RouteDistinguisher::Ipv4 {
                administrator: Ipv4Addr::new(1, 2, 3, 4),
                assigned: 5,
            },
            endpoint: 3,
            offset: 1,
            size: 8,
            base: 262_145,
        };
        let mut reader = Reader::new(bytes);
        assert_eq!(VplsNlri::decode(&mut reader, None), Ok(value.clone()));
        assert!(reader.is_empty());
        let mut out = Vec::new();
        value.encode(&mut out);
        assert_eq!(out, bytes);
        assert_eq!(
            value.exabgp_text(),
            "vpls rd 1.2.3.4:5 endpoint 3 base 262145 offset 1 size 8"
        );
    }

    #[test]
    fn bad_vpls_are_errors() {
        let mut reader = Reader::new(&[0, 16, 0, 1, 1, 2, 3, 4, 0, 5, 0, 3, 0, 1, 0, 8, 0x40, 0]);
        assert_eq!(
            VplsNlri::decode(&mut reader, None),
            Err(NlriError::new("VPLS NLRI length is 16, it must be 17"))
        );
        let mut reader = Reader::new(&[0, 17, 0, 1, 1, 2, 3, 4, 0, 5, 0, 3]);
        assert_eq!(
            VplsNlri::decode(&mut reader, None),
            Err(NlriError::new("truncated: needed 2 more byte(s), 0 left"))
        );
    }

    proptest! {
        #[test]
        fn round_trip(route_distinguisher in any_route_distinguisher(), endpoint: u16, offset: u16, size: u16, base in 0u32..=0xF_FFFF) {
            let value = VplsNlri { path_id: None, route_distinguisher, endpoint, offset, size, base };
            let mut out = Vec::new();
            value.encode(&mut out);
            let mut reader = Reader::new(&out);
            prop_assert_eq!(VplsNlri::decode(&mut reader, None), Ok(value));
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let mut reader = Reader::new(&bytes);
            let _ = VplsNlri::decode(&mut reader, None);
        }
    }
}
