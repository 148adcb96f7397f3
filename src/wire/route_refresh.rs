//! The ROUTE-REFRESH message (RFC 2918 §3) with the Message Subtype of RFC 7313 §3.
//!
//! Codec only: re-advertising, and marking routes stale between BoRR and EoRR, are the
//! session's and the RIB's business.

use super::error::NotificationError;
use super::family::{Afi, Family, Safi};
use super::header::encode_message;
use super::iana::message_type;
use super::iana::notification::ROUTE_REFRESH_MESSAGE_ERROR;
use super::iana::notification::route_refresh::INVALID_MESSAGE_LENGTH;
use super::iana::route_refresh_subtype as subtype_code;

/// Octets of a ROUTE-REFRESH body.
pub const BODY_LENGTH: usize = 4;

/// The ROUTE-REFRESH message body.
///
/// ```text
///  0       7      15      23      31
/// +-------+-------+-------+-------+
/// |      AFI      |Subtype| SAFI  |
/// +-------+-------+-------+-------+
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RouteRefresh {
    pub family: Family,
    pub subtype: RouteRefreshSubtype,
}

/// The Message Subtype (RFC 2918's Reserved octet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteRefreshSubtype {
    /// 0: a normal route refresh request.
    Normal,
    /// 1: Beginning of Route Refresh (BoRR).
    Begin,
    /// 2: End of Route Refresh (EoRR).
    End,
    /// Any other value. RFC 7313 §5: "When the BGP speaker receives a ROUTE-REFRESH message
    /// with a "Message Subtype" field other than 0, 1, or 2, it MUST ignore the received
    /// ROUTE-REFRESH message." Decoded so that the session can log it, then ignore it.
    Unknown(u8),
}

impl RouteRefreshSubtype {
    pub fn from_code(code: u8) -> RouteRefreshSubtype {
        match code {
            subtype_code::NORMAL => RouteRefreshSubtype::Normal,
            subtype_code::BEGIN => RouteRefreshSubtype::Begin,
            subtype_code::END => RouteRefreshSubtype::End,
            other => RouteRefreshSubtype::Unknown(other),
        }
    }

    pub fn code(self) -> u8 {
        match self {
            RouteRefreshSubtype::Normal => subtype_code::NORMAL,
            RouteRefreshSubtype::Begin => subtype_code::BEGIN,
            RouteRefreshSubtype::End => subtype_code::END,
            RouteRefreshSubtype::Unknown(code) => code,
        }
    }

    /// ExaBGP's name: "query", "begin", "end" or "invalid".
    pub fn name(self) -> &'static str {
        match self {
            RouteRefreshSubtype::Normal => "query",
            RouteRefreshSubtype::Begin => "begin",
            RouteRefreshSubtype::End => "end",
            RouteRefreshSubtype::Unknown(_) => "invalid",
        }
    }
}

impl RouteRefresh {
    pub fn new(family: Family, subtype: RouteRefreshSubtype) -> RouteRefresh {
        RouteRefresh { family, subtype }
    }

    /// A normal route refresh request for `family`.
    pub fn request(family: Family) -> RouteRefresh {
        RouteRefresh::new(family, RouteRefreshSubtype::Normal)
    }

    /// Decodes a ROUTE-REFRESH body (what follows the header).
    ///
    /// A body that is not 4 octets is a ROUTE-REFRESH Message Error / Invalid Message Length
    /// whose data is the whole message (RFC 7313 §5 requires it for subtypes 1 and 2; ExaBGP
    /// answers the same for subtype 0, whose length no RFC we implement lets vary). The one
    /// exception is an unknown subtype, which RFC 7313 §5 says to ignore whatever the length:
    /// it decodes with `RouteRefreshSubtype::Unknown`, missing fields read as zero.
    pub fn decode(body: &[u8]) -> Result<RouteRefresh, NotificationError> {
        let field = |index: usize| body.get(index).copied().unwrap_or(0);
        let subtype = RouteRefreshSubtype::from_code(field(2));
        let known_subtype = !matches!(subtype, RouteRefreshSubtype::Unknown(_));
        if body.len() != BODY_LENGTH && (known_subtype || body.len() <= 2) {
            // RFC 7313 §5: "If the length, excluding the fixed-size message header, of the
            // received ROUTE-REFRESH message with Message Subtype 1 and 2 is not 4, then the
            // BGP speaker MUST send a NOTIFICATION message with the Error Code of
            // "ROUTE-REFRESH Message Error" and the subcode of "Invalid Message Length". The
            // Data field of the NOTIFICATION message MUST contain the complete ROUTE-REFRESH
            // message."
            return Err(NotificationError::new(
                ROUTE_REFRESH_MESSAGE_ERROR,
                INVALID_MESSAGE_LENGTH,
                encode_message(message_type::ROUTE_REFRESH, body),
                format!(
                    "ROUTE-REFRESH body of {} octets instead of {BODY_LENGTH}",
                    body.len()
                ),
            ));
        }
        Ok(RouteRefresh {
            family: Family::new(
                Afi::from_code(u16::from_be_bytes([field(0), field(1)])),
                Safi::from_code(field(3)),
            ),
            subtype,
        })
    }

    /// Appends the ROUTE-REFRESH body (without the header).
    pub fn encode_body(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.family.afi.code().to_be_bytes());
        out.push(self.subtype.code());
        out.push(self.family.safi.code());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::header::test_support::hex;
    use proptest::prelude::*;

    #[test]
    fn bodies_both_ways() {
        let table = [
            // ExaBGP 5.0.13 in the lab: "afi": "ipv4", "safi": "unicast", "subtype": "query".
            ("00010001", RouteRefresh::request(Family::IPV4_UNICAST)),
            (
                "00020101",
                RouteRefresh::new(Family::IPV6_UNICAST, RouteRefreshSubtype::Begin),
            ),
            (
                "00010285",
                RouteRefresh::new(Family::from_codes(1, 133), RouteRefreshSubtype::End),
            ),
            (
                "00190041",
                RouteRefresh::request(Family::from_codes(25, 65)),
            ),
            (
                "00010701",
                RouteRefresh::new(Family::IPV4_UNICAST, RouteRefreshSubtype::Unknown(7)),
            ),
        ];
        for (body, value) in table {
            let bytes = hex(body);
            assert_eq!(RouteRefresh::decode(&bytes), Ok(value), "{body}");
            let mut out = Vec::new();
            value.encode_body(&mut out);
            assert_eq!(out, bytes, "{body}");
        }
        assert_eq!(RouteRefreshSubtype::Normal.name(), "query");
        assert_eq!(RouteRefreshSubtype::Unknown(9).name(), "invalid");
    }

    #[test]
    fn bad_lengths() {
        for body in ["0001010100", "000102", "0001000100", "0001", ""] {
            let bytes = hex(body);
            let error = RouteRefresh::decode(&bytes).unwrap_err();
            assert_eq!((error.code, error.subcode), (7, 1), "{body}");
            assert_eq!(error.data, encode_message(5, &bytes), "{body}");
        }
        let error = RouteRefresh::decode(&hex("000101")).unwrap_err();
        assert_eq!(
            error.data,
            hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 0016 05 000101")
        );
        // Unknown subtypes are ignored whatever the length: decoded, for the session to drop.
        assert_eq!(
            RouteRefresh::decode(&hex("000109")),
            Ok(RouteRefresh::new(
                Family::from_codes(1, 0),
                RouteRefreshSubtype::Unknown(9)
            ))
        );
        assert_eq!(
            RouteRefresh::decode(&hex("0001090102")).map(|refresh| refresh.subtype),
            Ok(RouteRefreshSubtype::Unknown(9))
        );
    }

    proptest! {
        #[test]
        fn round_trip(afi in any::<u16>(), subtype in any::<u8>(), safi in any::<u8>()) {
            let value = RouteRefresh::new(
                Family::from_codes(afi, safi),
                RouteRefreshSubtype::from_code(subtype),
            );
            let mut out = Vec::new();
            value.encode_body(&mut out);
            prop_assert_eq!(RouteRefresh::decode(&out), Ok(value));
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..16)) {
            let _ = RouteRefresh::decode(&bytes);
        }
    }
}
