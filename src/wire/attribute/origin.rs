//! ORIGIN (type code 1, RFC 4271 §4.3 and §5.1.1): how the route entered BGP.
//!
//! Value codec only: the attribute header, flags checks and RFC 7606 outcomes live in `mod.rs`
//! and `rfc7606.rs`. Must not know about other attributes.

use crate::wire::iana::origin as code;

/// The ORIGIN attribute: one octet.
///
/// ```text
///       Value      Meaning
///       0         IGP - Network Layer Reachability Information
///                    is interior to the originating AS
///       1         EGP - Network Layer Reachability Information
///                    learned via the EGP protocol [RFC904]
///       2         INCOMPLETE - Network Layer Reachability
///                    Information learned by some other means
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    Igp,
    Egp,
    Incomplete,
}

impl Origin {
    /// RFC 7606 §7.1: "The attribute is considered malformed if its length is not 1 or if it
    /// has an undefined value" (the caller applies treat-as-withdraw).
    pub fn decode(value: &[u8]) -> Result<Origin, String> {
        match value {
            [code::IGP] => Ok(Origin::Igp),
            [code::EGP] => Ok(Origin::Egp),
            [code::INCOMPLETE] => Ok(Origin::Incomplete),
            [other] => Err(format!("ORIGIN has undefined value {other}")),
            _ => Err(format!("ORIGIN length is {}, not 1", value.len())),
        }
    }

    pub fn code(self) -> u8 {
        match self {
            Origin::Igp => code::IGP,
            Origin::Egp => code::EGP,
            Origin::Incomplete => code::INCOMPLETE,
        }
    }

    pub fn encode_value(self, out: &mut Vec<u8>) {
        out.push(self.code());
    }

    /// ExaBGP's name: "igp", "egp", "incomplete".
    pub fn exabgp_name(self) -> &'static str {
        match self {
            Origin::Igp => "igp",
            Origin::Egp => "egp",
            Origin::Incomplete => "incomplete",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TABLE: &[(&[u8], Origin, &str)] = &[
        (&[0], Origin::Igp, "igp"),
        (&[1], Origin::Egp, "egp"),
        (&[2], Origin::Incomplete, "incomplete"),
    ];

    #[test]
    fn table_both_ways() {
        for (bytes, value, name) in TABLE {
            assert_eq!(Origin::decode(bytes).as_ref(), Ok(value));
            let mut out = Vec::new();
            value.encode_value(&mut out);
            assert_eq!(&out[..], *bytes);
            assert_eq!(value.exabgp_name(), *name);
        }
    }

    #[test]
    fn malformed() {
        assert_eq!(
            Origin::decode(&[3]),
            Err("ORIGIN has undefined value 3".to_string())
        );
        assert_eq!(
            Origin::decode(&[]),
            Err("ORIGIN length is 0, not 1".to_string())
        );
        assert_eq!(
            Origin::decode(&[0, 0]),
            Err("ORIGIN length is 2, not 1".to_string())
        );
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4)) {
            let _ = Origin::decode(&bytes);
        }
    }
}
