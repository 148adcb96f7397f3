//! What the two OPENs agreed on: the context every UPDATE is encoded and decoded with.
//!
//! Passed explicitly to the codec, never global. `decode` functions read the `*_receive` view
//! (what the peer may send us), `encode` functions the `*_send` view.

use super::family::{Afi, Family};

/// Message size without RFC 8654 extended messages.
pub const STANDARD_MESSAGE_SIZE: usize = 4096;
/// Message size with RFC 8654 extended messages.
pub const EXTENDED_MESSAGE_SIZE: usize = 65535;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Negotiated {
    /// RFC 6793: both sides announced the 4-octet AS capability, so AS_PATH and AGGREGATOR carry
    /// 4-octet AS numbers.
    pub asn4: bool,
    /// RFC 8654: both sides announced extended messages (maximum message size 65535).
    pub extended_message: bool,
    /// RFC 7911: families in which the peer sends us Path Identifiers.
    pub add_path_receive: Vec<Family>,
    /// RFC 7911: families in which we send Path Identifiers to the peer.
    pub add_path_send: Vec<Family>,
    /// RFC 8950: (family, next-hop AFI) pairs where the next hop may be of another AFI.
    pub extended_next_hop: Vec<(Family, Afi)>,
}

impl Default for Negotiated {
    /// A 2-octet-AS session with no optional capabilities, as RFC 4271 alone defines it.
    fn default() -> Self {
        Negotiated {
            asn4: false,
            extended_message: false,
            add_path_receive: Vec::new(),
            add_path_send: Vec::new(),
            extended_next_hop: Vec::new(),
        }
    }
}

impl Negotiated {
    /// The largest message either side may send.
    pub fn max_message_size(&self) -> usize {
        if self.extended_message {
            EXTENDED_MESSAGE_SIZE
        } else {
            STANDARD_MESSAGE_SIZE
        }
    }

    /// Whether NLRI of `family` that we receive carry a Path Identifier.
    pub fn path_id_on_receive(&self, family: Family) -> bool {
        self.add_path_receive.contains(&family)
    }

    /// Whether NLRI of `family` that we send carry a Path Identifier.
    pub fn path_id_on_send(&self, family: Family) -> bool {
        self.add_path_send.contains(&family)
    }
}
