//! A fast keyed hash for the Adj-RIB-Out's route tables.
//!
//! The default SipHash costs more than the rest of an announcement for 12-octet keys. The
//! Adj-RIB-Out's keys come from our own configuration and helpers, not from peers, so a
//! multiply-xor hash (FxHash's step, with a random seed per table and a final avalanche so
//! that both the low bits, which pick the bucket, and the high bits, which hashbrown keeps as
//! tags, are mixed) is enough. The Adj-RIB-In, whose keys a peer chooses, keeps SipHash.
//! Must not be used for data an adversary controls.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

/// FxHash's multiplier.
const MULTIPLIER: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// Builds [`FastHasher`]s with the table's random seed.
#[derive(Debug, Clone)]
pub(crate) struct FastHash {
    seed: u64,
}

/// Tables built from the same seed compare equal whatever their seeds: the seed is not part
/// of a table's value.
impl PartialEq for FastHash {
    fn eq(&self, _other: &FastHash) -> bool {
        true
    }
}

impl Eq for FastHash {}

impl Default for FastHash {
    fn default() -> FastHash {
        FastHash {
            seed: RandomState::new().hash_one(0x6665_7272_6f62_6770_u64),
        }
    }
}

impl BuildHasher for FastHash {
    type Hasher = FastHasher;

    fn build_hasher(&self) -> FastHasher {
        FastHasher { state: self.seed }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct FastHasher {
    state: u64,
}

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.state = (self.state.rotate_left(5) ^ word).wrapping_mul(MULTIPLIER);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            for (slot, byte) in word.iter_mut().zip(rest) {
                *slot = *byte;
            }
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, value: u8) {
        self.add(u64::from(value));
    }

    fn write_u16(&mut self, value: u16) {
        self.add(u64::from(value));
    }

    fn write_u32(&mut self, value: u32) {
        self.add(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.add(value);
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    /// MurmurHash3's 64-bit finalizer.
    fn finish(&self) -> u64 {
        let mut hash = self.state;
        hash ^= hash >> 33;
        hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
        hash ^= hash >> 33;
        hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        hash ^ (hash >> 33)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn neighbouring_keys_spread_over_buckets_and_tags() {
        let hash = FastHash::default();
        let mut low = HashSet::new();
        let mut high = HashSet::new();
        for index in 0u32..4096 {
            let value = hash.hash_one(index << 8);
            low.insert(value & 0xfff);
            high.insert(value >> 57);
        }
        // 4096 keys into 4096 buckets: a good hash fills about 63 % of them.
        assert!(low.len() > 2400, "{}", low.len());
        assert_eq!(high.len(), 128);
    }

    #[test]
    fn bytes_of_any_length_hash_and_differ() {
        let hash = FastHash::default();
        let values: HashSet<u64> = (0..20usize)
            .map(|length| hash.hash_one(vec![7u8; length].as_slice()))
            .collect();
        assert_eq!(values.len(), 20);
        assert_eq!(hash.hash_one([1u8, 2, 3]), hash.hash_one([1u8, 2, 3]));
    }
}
