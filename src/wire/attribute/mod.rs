//! Path attributes: the Path Attributes field of an UPDATE, decoded into one [`Attributes`]
//! value and encoded back, for both 2-octet and 4-octet AS sessions.
//!
//! Pure codec. Decoding applies RFC 7606 (each malformed attribute becomes an
//! [`AttributeProblem`] with its action, or a [`NotificationError`] when the session must be
//! reset) and RFC 6793 (AS4_PATH / AS4_AGGREGATOR folded into AS_PATH / AGGREGATOR on a
//! 2-octet session). It must not decide what depends on the NLRI or the session: missing
//! well-known attributes, LOCAL_PREF from an eBGP peer, next-hop validity and the content of
//! MP_REACH_NLRI / MP_UNREACH_NLRI (returned raw for `nlri`) belong to `update` and beyond.
//!
//! Unknown attributes: optional ones are kept in [`Attributes::unknown`], transitive or not
//! (ExaBGP shows transitive ones as "attribute-0xCC-0xFF"; non-transitive ones such as
//! BGP-LS (29) are kept so that a renderer or a later decoder can use them: a caller that
//! re-advertises a received route should drop those whose `is_transitive()` is false, RFC
//! 4271 §5: "If an optional non-transitive attribute is unrecognized, it is quietly
//! ignored"). An unrecognized well-known attribute resets the session (3/2).

pub mod aggregator;
pub mod aigp;
pub mod as_path;
pub mod community;
mod decode;
mod encode;
pub mod extended_community;
pub mod extended_community_ipv6;
pub mod extended_community_text;
pub mod four_octet;
pub mod origin;
pub mod pmsi_tunnel;
pub mod prefix_sid;
pub mod rfc7606;
pub mod unknown;

#[cfg(test)]
pub(crate) mod tests;

pub use aggregator::Aggregator;
pub use aigp::Aigp;
pub use as_path::{AsPath, AsPathSegment, SegmentKind};
pub use community::{Community, LargeCommunity};
pub use extended_community::{Administrator, ExtendedCommunity};
pub use extended_community_ipv6::Ipv6ExtendedCommunity;
pub use origin::Origin;
pub use pmsi_tunnel::PmsiTunnel;
pub use prefix_sid::{PrefixSid, PrefixSidTlv, SrgbRange};
pub use unknown::UnknownAttribute;

use super::error::{AttributeProblem, ErrorAction, NotificationError};
use super::negotiated::Negotiated;
use std::net::Ipv4Addr;

/// The path attributes of an UPDATE, without MP_REACH_NLRI and MP_UNREACH_NLRI.
///
/// ```text
///   Each path attribute is a triple <attribute type, attribute length, attribute value>
///    0                   1
///    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///    |  Attr. Flags  |Attr. Type Code|
///    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
///
/// `None` / empty / `false` means the attribute is absent. List attributes are `Vec`s because
/// an empty list is malformed on the wire (RFC 7606 §7.8, §7.10, §7.14, §7.15, RFC 8092), so
/// empty and absent are one state. AS numbers are always 4-octet values here, whatever the
/// session: on a 2-octet session `decode` has already merged AS4_PATH / AS4_AGGREGATOR in and
/// `encode` writes AS_TRANS plus AS4_PATH / AS4_AGGREGATOR.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Attributes {
    /// ORIGIN (1).
    pub origin: Option<Origin>,
    /// AS_PATH (2); `Some` with no segments is the empty path of an iBGP-originated route.
    pub as_path: Option<AsPath>,
    /// NEXT_HOP (3); the IPv4 next hop of the UPDATE's own NLRI field.
    pub next_hop: Option<Ipv4Addr>,
    /// MULTI_EXIT_DISC (4).
    pub med: Option<u32>,
    /// LOCAL_PREF (5).
    pub local_preference: Option<u32>,
    /// ATOMIC_AGGREGATE (6).
    pub atomic_aggregate: bool,
    /// AGGREGATOR (7), with a 4-octet AS number.
    pub aggregator: Option<Aggregator>,
    /// COMMUNITIES (8), in wire order.
    pub communities: Vec<Community>,
    /// ORIGINATOR_ID (9).
    pub originator_id: Option<Ipv4Addr>,
    /// CLUSTER_LIST (10).
    pub cluster_list: Vec<Ipv4Addr>,
    /// EXTENDED_COMMUNITIES (16), in wire order.
    pub extended_communities: Vec<ExtendedCommunity>,
    /// PMSI_TUNNEL (22), which EVPN Inclusive Multicast routes carry.
    pub pmsi_tunnel: Option<PmsiTunnel>,
    /// IPv6 Address Specific Extended Community (25), in wire order.
    pub ipv6_extended_communities: Vec<Ipv6ExtendedCommunity>,
    /// AIGP (26).
    pub aigp: Option<Aigp>,
    /// LARGE_COMMUNITIES (32), in wire order.
    pub large_communities: Vec<LargeCommunity>,
    /// BGP Prefix-SID (40).
    pub prefix_sid: Option<PrefixSid>,
    /// Optional attributes this crate does not decode, sorted by type code (decode keeps this
    /// order; `encode` sorts anyway). An entry whose type code is one of the typed fields
    /// above, 17, 18, or a code given in `extra` is not encoded.
    pub unknown: Vec<UnknownAttribute>,
}

/// The Path Attributes field, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedAttributes<'a> {
    pub attributes: Attributes,
    /// The value of MP_REACH_NLRI, left for `nlri` to decode.
    pub mp_reach: Option<&'a [u8]>,
    /// The value of MP_UNREACH_NLRI, left for `nlri` to decode.
    pub mp_unreach: Option<&'a [u8]>,
    /// RFC 7606 problems that did not reset the session, in the order met. A
    /// `TreatAsWithdraw` entry means every route of the UPDATE is withdrawn; after one caused
    /// by a broken attribute length (RFC 7606 §4) the attributes that followed were not read.
    pub problems: Vec<AttributeProblem>,
}

impl DecodedAttributes<'_> {
    /// Whether any problem requires "treat-as-withdraw" for the whole UPDATE.
    pub fn treat_as_withdraw(&self) -> bool {
        self.problems
            .iter()
            .any(|problem| problem.action == ErrorAction::TreatAsWithdraw)
    }
}

/// Decodes the Path Attributes field of an UPDATE.
pub fn decode<'a>(
    bytes: &'a [u8],
    negotiated: &Negotiated,
) -> Result<DecodedAttributes<'a>, NotificationError> {
    decode::decode(bytes, negotiated)
}

impl Attributes {
    /// Encodes every attribute in type-code order, merging in `extra` attributes already
    /// encoded as whole TLVs (flags, type, length, value) by type code: MP_REACH_NLRI and
    /// MP_UNREACH_NLRI come from `nlri`.
    ///
    /// Flags are those RFC 4271 and each attribute's RFC prescribe; the Extended Length bit
    /// is set exactly when a value exceeds 255 octets. On a 2-octet session (`!asn4`) AS
    /// numbers above 65535 are written as AS_TRANS and AS4_PATH / AS4_AGGREGATOR are added
    /// (RFC 6793 §4.2.2).
    pub fn encode(&self, negotiated: &Negotiated, extra: &[(u8, &[u8])], out: &mut Vec<u8>) {
        encode::encode(self, negotiated, extra, out);
    }
}
