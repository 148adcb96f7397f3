//! RFC 7606 (and the attribute RFCs that refine it): which flags each known attribute must
//! carry, and what to do when one is malformed.
//!
//! A table and small helpers, no decoding of values: `mod.rs` walks the attributes and asks
//! here. Must not decide session-layer questions (LOCAL_PREF from eBGP, missing mandatory
//! attributes, next-hop semantics): those belong to `update` and `session`.

use crate::wire::error::ErrorAction;
use crate::wire::iana::attribute_flag::{OPTIONAL, TRANSITIVE};
use crate::wire::iana::attribute_type as code;

/// What the RFCs require of one attribute type this module knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The Optional and Transitive bits the attribute must carry (RFC 4271 §5, RFC 4760 §3-4,
    /// ...). The Partial and Extended Length bits are not compared.
    pub optional_transitive: u8,
    /// The RFC 7606 approach when the value is malformed (`None`: the session is reset).
    pub malformed: Option<ErrorAction>,
    /// The approach when the Optional/Transitive bits are wrong. RFC 7606 §3 (c): "If the
    /// value of either the Optional or Transitive bits in the Attribute Flags is in conflict
    /// with their specified values, then the attribute MUST be treated as malformed and the
    /// "treat-as-withdraw" approach used, unless the specification for the attribute mandates
    /// different handling for incorrect Attribute Flags."
    pub bad_flags: Option<ErrorAction>,
}

const WELL_KNOWN: u8 = TRANSITIVE;
const OPTIONAL_TRANSITIVE: u8 = OPTIONAL | TRANSITIVE;
const OPTIONAL_NON_TRANSITIVE: u8 = OPTIONAL;
const WITHDRAW: Option<ErrorAction> = Some(ErrorAction::TreatAsWithdraw);
const DISCARD: Option<ErrorAction> = Some(ErrorAction::AttributeDiscard);

const fn rule(optional_transitive: u8, malformed: Option<ErrorAction>) -> Rule {
    Rule {
        optional_transitive,
        malformed,
        bad_flags: WITHDRAW,
    }
}

/// The rule for `type_code`, or `None` for an attribute this module does not know.
pub fn rule_for(type_code: u8) -> Option<Rule> {
    Some(match type_code {
        // RFC 7606 §7.1 - §7.5: treat-as-withdraw.
        code::ORIGIN | code::AS_PATH | code::NEXT_HOP | code::LOCAL_PREF => {
            rule(WELL_KNOWN, WITHDRAW)
        }
        code::MULTI_EXIT_DISC => rule(OPTIONAL_NON_TRANSITIVE, WITHDRAW),
        // RFC 7606 §7.6 and §7.7: attribute discard.
        code::ATOMIC_AGGREGATE => rule(WELL_KNOWN, DISCARD),
        code::AGGREGATOR => rule(OPTIONAL_TRANSITIVE, DISCARD),
        // RFC 7606 §7.8, §7.14, §7.15, RFC 8092 §6: treat-as-withdraw.
        code::COMMUNITIES
        | code::EXTENDED_COMMUNITIES
        | code::IPV6_EXTENDED_COMMUNITIES
        | code::LARGE_COMMUNITIES => rule(OPTIONAL_TRANSITIVE, WITHDRAW),
        // RFC 7606 §7.9, §7.10: treat-as-withdraw.
        code::ORIGINATOR_ID | code::CLUSTER_LIST => rule(OPTIONAL_NON_TRANSITIVE, WITHDRAW),
        // RFC 7606 §3 (j) and §5.3: an MP_REACH_NLRI or MP_UNREACH_NLRI that cannot be
        // parsed (flags included) resets the session.
        code::MP_REACH_NLRI | code::MP_UNREACH_NLRI => Rule {
            optional_transitive: OPTIONAL_NON_TRANSITIVE,
            malformed: None,
            bad_flags: None,
        },
        // RFC 6793 §6: a malformed AS4_PATH or AS4_AGGREGATOR is discarded; both only refine
        // AS_PATH and AGGREGATOR, so losing them never loses a route.
        code::AS4_PATH | code::AS4_AGGREGATOR => Rule {
            optional_transitive: OPTIONAL_TRANSITIVE,
            malformed: DISCARD,
            bad_flags: DISCARD,
        },
        // RFC 6514 §5 defines PMSI_TUNNEL as optional transitive and no error handling; it only
        // describes how to reach the route's multicast tree, so a malformed one is discarded
        // (RFC 7606 §2) rather than losing the route.
        code::PMSI_TUNNEL => rule(OPTIONAL_TRANSITIVE, DISCARD),
        // RFC 7311 §3 (AIGP): attribute discard.
        code::AIGP => rule(OPTIONAL_NON_TRANSITIVE, DISCARD),
        // RFC 8669 §6: a malformed BGP Prefix-SID is discarded (ExaBGP and FRR agree).
        code::BGP_PREFIX_SID => rule(OPTIONAL_TRANSITIVE, DISCARD),
        _ => return None,
    })
}

/// Splits `value` into `N`-octet items, refusing a length that is "not a non-zero multiple
/// of N" (the wording RFC 7606 §7.8, §7.10, §7.14, §7.15 and RFC 8092 §6 share).
pub fn fixed_size_items<'a, const N: usize>(
    value: &'a [u8],
    name: &str,
) -> Result<impl Iterator<Item = [u8; N]> + 'a, String> {
    if value.is_empty() || !value.len().is_multiple_of(N) {
        return Err(format!(
            "{name} length {} is not a non-zero multiple of {N}",
            value.len()
        ));
    }
    Ok(value.chunks_exact(N).map(|chunk| {
        let mut item = [0u8; N];
        item.copy_from_slice(chunk);
        item
    }))
}

/// Refuses a value whose length is not exactly `expected`.
pub fn exact_length(value: &[u8], expected: usize, name: &str) -> Result<(), String> {
    if value.len() == expected {
        Ok(())
    } else {
        Err(format!("{name} length is {}, not {expected}", value.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_rfc_7606_section_7() {
        let withdraw = [1, 2, 3, 4, 5, 8, 9, 10, 16, 25, 32];
        for type_code in withdraw {
            assert_eq!(rule_for(type_code).and_then(|r| r.malformed), WITHDRAW);
        }
        let discard = [6, 7, 17, 18, 22, 26, 40];
        for type_code in discard {
            assert_eq!(rule_for(type_code).and_then(|r| r.malformed), DISCARD);
        }
        assert_eq!(rule_for(14).map(|r| r.malformed), Some(None));
        assert_eq!(rule_for(15).map(|r| r.bad_flags), Some(None));
        assert_eq!(rule_for(23), None);
        assert_eq!(rule_for(1).map(|r| r.optional_transitive), Some(0x40));
        assert_eq!(rule_for(4).map(|r| r.optional_transitive), Some(0x80));
        assert_eq!(rule_for(8).map(|r| r.optional_transitive), Some(0xC0));
    }

    #[test]
    fn fixed_size_items_checks_length() {
        let items: Vec<[u8; 2]> = fixed_size_items::<2>(&[1, 2, 3, 4], "X").unwrap().collect();
        assert_eq!(items, [[1, 2], [3, 4]]);
        assert!(fixed_size_items::<2>(&[], "X").is_err());
        assert!(fixed_size_items::<2>(&[1], "X").is_err());
        assert_eq!(exact_length(&[1], 1, "X"), Ok(()));
        assert_eq!(
            exact_length(&[1], 4, "X"),
            Err("X length is 1, not 4".to_string())
        );
    }
}
