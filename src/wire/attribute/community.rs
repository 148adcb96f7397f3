//! COMMUNITIES (type code 8, RFC 1997) and LARGE_COMMUNITIES (type code 32, RFC 8092).
//!
//! Value codecs only; the attribute header and the RFC 7606 outcome are applied by `mod.rs`.
//! Order on the wire is kept as received (ExaBGP sorts when it renders; that is the renderer's
//! business).

use super::rfc7606::fixed_size_items;
use crate::wire::iana::community as well_known;

/// One RFC 1997 community: four octets, by convention `<AS>:<value>` as two 2-octet halves.
///
/// ```text
///    The attribute consists of a set of four octet values, each of which
///    specify a community.
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Community(pub u32);

impl Community {
    /// The high half (usually an AS number).
    pub fn high(self) -> u16 {
        (self.0 >> 16) as u16
    }

    /// The low half.
    pub fn low(self) -> u16 {
        self.0 as u16
    }

    /// ExaBGP's text form: "no-export", "no-advertise", "no-export-subconfed", "no-peer",
    /// "blackhole" for the well-known values, "<high>:<low>" otherwise. (ExaBGP's JSON form
    /// is `[high, low]`.)
    pub fn exabgp_string(self) -> String {
        match self.0 {
            well_known::NO_EXPORT => "no-export".to_string(),
            well_known::NO_ADVERTISE => "no-advertise".to_string(),
            well_known::NO_EXPORT_SUBCONFED => "no-export-subconfed".to_string(),
            well_known::NO_PEER => "no-peer".to_string(),
            well_known::BLACKHOLE => "blackhole".to_string(),
            _ => format!("{}:{}", self.high(), self.low()),
        }
    }
}

/// RFC 7606 §7.8: "The COMMUNITIES attribute SHALL be considered malformed if its length is
/// not a non-zero multiple of 4."
pub fn decode_communities(value: &[u8]) -> Result<Vec<Community>, String> {
    Ok(fixed_size_items::<4>(value, "COMMUNITIES")?
        .map(|item| Community(u32::from_be_bytes(item)))
        .collect())
}

pub fn encode_communities(communities: &[Community], out: &mut Vec<u8>) {
    for community in communities {
        out.extend_from_slice(&community.0.to_be_bytes());
    }
}

/// One RFC 8092 large community.
///
/// ```text
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Global Administrator                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       Local Data Part 1                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       Local Data Part 2                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LargeCommunity {
    pub global_administrator: u32,
    pub local_data_part_1: u32,
    pub local_data_part_2: u32,
}

impl LargeCommunity {
    /// ExaBGP's text form "<global>:<local1>:<local2>" (its JSON form is `[g, l1, l2]`).
    pub fn exabgp_string(self) -> String {
        format!(
            "{}:{}:{}",
            self.global_administrator, self.local_data_part_1, self.local_data_part_2
        )
    }
}

/// RFC 8092 §6: the attribute is malformed "if the length of the LARGE_COMMUNITIES Attribute
/// Value, expressed in octets, is not a non-zero multiple of 12" (treat-as-withdraw).
pub fn decode_large_communities(value: &[u8]) -> Result<Vec<LargeCommunity>, String> {
    Ok(fixed_size_items::<12>(value, "LARGE_COMMUNITIES")?
        .map(|item| {
            let word = |at: usize| {
                u32::from_be_bytes([item[at], item[at + 1], item[at + 2], item[at + 3]])
            };
            LargeCommunity {
                global_administrator: word(0),
                local_data_part_1: word(4),
                local_data_part_2: word(8),
            }
        })
        .collect())
}

pub fn encode_large_communities(communities: &[LargeCommunity], out: &mut Vec<u8>) {
    for community in communities {
        out.extend_from_slice(&community.global_administrator.to_be_bytes());
        out.extend_from_slice(&community.local_data_part_1.to_be_bytes());
        out.extend_from_slice(&community.local_data_part_2.to_be_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn communities_both_ways() {
        // Checked with `exabgp decode`: c0080cfde90064ffffff01ffff029a ->
        // "community": [[65001, 100], [65535, 666], [65535, 65281]] (ExaBGP sorts).
        let bytes = [
            0xfd, 0xe9, 0x00, 0x64, 0xff, 0xff, 0xff, 0x01, 0xff, 0xff, 0x02, 0x9a,
        ];
        let value = vec![
            Community(0xfde9_0064),
            Community(0xffff_ff01),
            Community(0xffff_029a),
        ];
        assert_eq!(decode_communities(&bytes), Ok(value.clone()));
        let mut out = Vec::new();
        encode_communities(&value, &mut out);
        assert_eq!(out, bytes);
        let names: Vec<String> = value.iter().map(|c| c.exabgp_string()).collect();
        assert_eq!(names, ["65001:100", "no-export", "blackhole"]);
        assert_eq!(Community(0xffff_ff02).exabgp_string(), "no-advertise");
        assert_eq!(
            Community(0xffff_ff03).exabgp_string(),
            "no-export-subconfed"
        );
        assert_eq!(Community(0xffff_ff04).exabgp_string(), "no-peer");
    }

    #[test]
    fn large_communities_both_ways() {
        // `exabgp decode`: c0200c000000010000000200000003 -> "large-community": [[1, 2, 3]]
        let bytes = [0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3];
        let value = vec![LargeCommunity {
            global_administrator: 1,
            local_data_part_1: 2,
            local_data_part_2: 3,
        }];
        assert_eq!(decode_large_communities(&bytes), Ok(value.clone()));
        let mut out = Vec::new();
        encode_large_communities(&value, &mut out);
        assert_eq!(out, bytes);
        assert_eq!(value[0].exabgp_string(), "1:2:3");
    }

    #[test]
    fn malformed_lengths() {
        assert_eq!(
            decode_communities(&[]),
            Err("COMMUNITIES length 0 is not a non-zero multiple of 4".to_string())
        );
        assert_eq!(
            decode_communities(&[1, 2, 3, 4, 5]),
            Err("COMMUNITIES length 5 is not a non-zero multiple of 4".to_string())
        );
        // `exabgp decode` of a 9-octet LARGE_COMMUNITIES: "error": "treat-as-withdraw".
        assert_eq!(
            decode_large_communities(&[0; 9]),
            Err("LARGE_COMMUNITIES length 9 is not a non-zero multiple of 12".to_string())
        );
    }

    proptest! {
        #[test]
        fn round_trip(values in proptest::collection::vec(any::<u32>(), 1..50)) {
            let communities: Vec<Community> = values.iter().copied().map(Community).collect();
            let mut out = Vec::new();
            encode_communities(&communities, &mut out);
            prop_assert_eq!(decode_communities(&out), Ok(communities));
        }

        #[test]
        fn large_round_trip(values in proptest::collection::vec(any::<(u32, u32, u32)>(), 1..20)) {
            let communities: Vec<LargeCommunity> = values
                .iter()
                .map(|&(a, b, c)| LargeCommunity { global_administrator: a, local_data_part_1: b, local_data_part_2: c })
                .collect();
            let mut out = Vec::new();
            encode_large_communities(&communities, &mut out);
            prop_assert_eq!(decode_large_communities(&out), Ok(communities));
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = decode_communities(&bytes);
            let _ = decode_large_communities(&bytes);
        }
    }
}
