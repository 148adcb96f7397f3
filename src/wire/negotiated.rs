//! What the two OPENs agreed on: the context every UPDATE is encoded and decoded with.
//!
//! Passed explicitly to the codec, never global. `decode` functions read the `*_receive` view
//! (what the peer may send us), `encode` functions the `*_send` view.

use super::capability::GracefulRestart;
use super::family::{Afi, Family};
use super::iana::capability_code;
use super::open::Open;

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
    /// RFC 4271 §4.2: the smaller of the two Hold Times (0: no keepalives, no hold timer).
    pub hold_time: u16,
    /// Our AS (the 4-octet AS capability's when we sent it).
    pub local_as: u32,
    /// The peer's AS (the 4-octet AS capability's when it sent it).
    pub peer_as: u32,
    /// Families both sides announced (RFC 4760; IPv4 unicast is implied by an OPEN without
    /// Multiprotocol capabilities), in the order the peer announced them, as ExaBGP lists them.
    pub families: Vec<Family>,
    /// Which ROUTE-REFRESH both sides support (ExaBGP's "refresh").
    pub route_refresh: RouteRefreshSupport,
    /// Both sides announced the multisession capability (code 68).
    pub multisession: bool,
    /// Both sides announced ExaBGP's operational capability (code 185).
    pub operational: bool,
    /// The peer's Graceful Restart capability, when it sent one (RFC 4724).
    pub peer_graceful_restart: Option<GracefulRestart>,
    /// RFC 7311 §3.1 AIGP_SESSION: whether this session carries AIGP. It is configured, not
    /// negotiated ("enabled by default on iBGP sessions" is for the session layer to decide);
    /// off, AIGP is neither sent nor accepted.
    pub aigp: bool,
}

/// Route refresh support both sides announced, ExaBGP's `"refresh"` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteRefreshSupport {
    /// Not both sides announced route refresh.
    Absent,
    /// Both announced route refresh (code 2, RFC 2918).
    Normal,
    /// Both announced enhanced route refresh (code 70, RFC 7313).
    Enhanced,
}

impl RouteRefreshSupport {
    /// "absent", "normal" or "enhanced".
    pub fn name(self) -> &'static str {
        match self {
            RouteRefreshSupport::Absent => "absent",
            RouteRefreshSupport::Normal => "normal",
            RouteRefreshSupport::Enhanced => "enhanced",
        }
    }
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
            hold_time: 0,
            local_as: 0,
            peer_as: 0,
            families: Vec::new(),
            route_refresh: RouteRefreshSupport::Absent,
            multisession: false,
            operational: false,
            peer_graceful_restart: None,
            aigp: false,
        }
    }
}

impl Negotiated {
    /// What the OPEN we sent (`local`) and the OPEN we received (`remote`) agree on.
    ///
    /// Pure: it refuses nothing. Whether the result is acceptable (peer AS, required
    /// families, hold time policy) is the session's decision.
    pub fn from_opens(local: &Open, remote: &Open) -> Negotiated {
        let both = |code: u8| local.announces(code) && remote.announces(code);

        let local_families = local.families();
        let families = remote
            .families()
            .into_iter()
            .filter(|family| local_families.contains(family))
            .collect();

        // RFC 7911 §4: receiving is enabled for a family when we announced "receive" (or both)
        // and the peer announced "send" (or both); sending is the mirror image.
        let local_add_path = local.add_path();
        let remote_add_path = remote.add_path();
        let mut add_path_receive = Vec::new();
        let mut add_path_send = Vec::new();
        for ours in &local_add_path {
            let Some(theirs) = remote_add_path
                .iter()
                .find(|theirs| theirs.family == ours.family)
            else {
                continue;
            };
            if ours.direction.can_receive() && theirs.direction.can_send() {
                add_path_receive.push(ours.family);
            }
            if ours.direction.can_send() && theirs.direction.can_receive() {
                add_path_send.push(ours.family);
            }
        }

        let local_next_hops = local.extended_next_hop();
        let extended_next_hop = remote
            .extended_next_hop()
            .into_iter()
            .filter(|entry| local_next_hops.contains(entry))
            .map(|entry| (entry.family, entry.next_hop_afi))
            .collect();

        let route_refresh = if both(capability_code::ENHANCED_ROUTE_REFRESH) {
            RouteRefreshSupport::Enhanced
        } else if both(capability_code::ROUTE_REFRESH) {
            RouteRefreshSupport::Normal
        } else {
            RouteRefreshSupport::Absent
        };

        Negotiated {
            asn4: both(capability_code::FOUR_OCTET_AS),
            extended_message: both(capability_code::EXTENDED_MESSAGE),
            add_path_receive,
            add_path_send,
            extended_next_hop,
            hold_time: local.hold_time.min(remote.hold_time),
            local_as: local.asn(),
            peer_as: remote.asn(),
            families,
            route_refresh,
            multisession: both(capability_code::MULTISESSION),
            operational: both(capability_code::OPERATIONAL),
            peer_graceful_restart: remote.graceful_restart().cloned(),
            // The session layer turns this on where AIGP is configured (RFC 7311 §3.1).
            aigp: false,
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::capability::{
        AddPathDirection, AddPathFamily, Capability, ExtendedNextHopEntry,
    };
    use crate::wire::family::Safi;
    use crate::wire::open::tests::{bird_open, exabgp_open, frr_open, gobgp_open};
    use std::net::Ipv4Addr;

    /// What an ExaBGP-like local speaker could announce.
    fn local_open() -> Open {
        Open::new(
            65002,
            180,
            Ipv4Addr::new(10, 0, 0, 2),
            vec![
                Capability::Multiprotocol(Family::IPV4_UNICAST),
                Capability::Multiprotocol(Family::IPV6_UNICAST),
                Capability::Multiprotocol(Family::new(Afi::Ipv4, Safi::Flowspec)),
                Capability::FourOctetAs(65002),
                Capability::AddPath(vec![
                    AddPathFamily::new(Family::IPV4_UNICAST, AddPathDirection::Both),
                    AddPathFamily::new(Family::IPV6_UNICAST, AddPathDirection::Receive),
                ]),
                Capability::ExtendedNextHop(vec![ExtendedNextHopEntry::new(
                    Family::IPV4_UNICAST,
                    Afi::Ipv6,
                )]),
                Capability::RouteRefresh,
                Capability::EnhancedRouteRefresh,
                Capability::ExtendedMessage,
                Capability::Operational,
            ],
        )
    }

    #[test]
    fn default_is_a_plain_rfc_4271_session() {
        let negotiated = Negotiated::default();
        assert!(!negotiated.asn4);
        assert_eq!(negotiated.max_message_size(), STANDARD_MESSAGE_SIZE);
        assert_eq!(negotiated.route_refresh.name(), "absent");
        assert!(negotiated.families.is_empty());
        assert_eq!(negotiated.hold_time, 0);
    }

    #[test]
    fn against_frr() {
        let negotiated = Negotiated::from_opens(&local_open(), &frr_open());
        assert_eq!(
            negotiated,
            Negotiated {
                asn4: true,
                extended_message: true,
                // RFC 7911: we receive where we said receive/both and FRR said send/both.
                add_path_receive: vec![Family::IPV4_UNICAST, Family::IPV6_UNICAST],
                add_path_send: vec![Family::IPV4_UNICAST],
                extended_next_hop: vec![],
                hold_time: 180,
                local_as: 65002,
                peer_as: 65013,
                families: vec![Family::IPV4_UNICAST, Family::IPV6_UNICAST],
                route_refresh: RouteRefreshSupport::Enhanced,
                multisession: false,
                operational: false,
                peer_graceful_restart: frr_open().graceful_restart().cloned(),
                aigp: false,
            }
        );
        assert_eq!(negotiated.max_message_size(), EXTENDED_MESSAGE_SIZE);
        assert!(negotiated.path_id_on_receive(Family::IPV6_UNICAST));
        assert!(!negotiated.path_id_on_send(Family::IPV6_UNICAST));
    }

    #[test]
    fn against_bird_and_gobgp() {
        let bird = Negotiated::from_opens(&local_open(), &bird_open());
        // BIRD: receive for IPv4 (so we may send), send for IPv6 (so we may receive).
        assert_eq!(bird.add_path_send, vec![Family::IPV4_UNICAST]);
        assert_eq!(bird.add_path_receive, vec![Family::IPV6_UNICAST]);
        assert_eq!(
            bird.extended_next_hop,
            vec![(Family::IPV4_UNICAST, Afi::Ipv6)]
        );
        assert_eq!(bird.hold_time, 180);

        let gobgp = Negotiated::from_opens(&local_open(), &gobgp_open());
        assert_eq!(gobgp.peer_as, 4_200_000_012);
        assert_eq!(gobgp.hold_time, 90);
        assert!(!gobgp.extended_message);
        assert_eq!(gobgp.route_refresh, RouteRefreshSupport::Normal);
        assert_eq!(
            gobgp.families,
            vec![
                Family::IPV4_UNICAST,
                Family::IPV6_UNICAST,
                Family::new(Afi::Ipv4, Safi::Flowspec)
            ]
        );
        assert_eq!(
            gobgp.extended_next_hop,
            vec![(Family::IPV4_UNICAST, Afi::Ipv6)]
        );
        assert_eq!(gobgp.add_path_receive, vec![Family::IPV4_UNICAST]);
        assert_eq!(gobgp.add_path_send, vec![Family::IPV4_UNICAST]);
    }

    #[test]
    fn families_without_multiprotocol() {
        let plain = Open::new(65000, 90, Ipv4Addr::new(1, 1, 1, 1), vec![]);
        let negotiated = Negotiated::from_opens(&plain, &plain);
        assert_eq!(negotiated.families, vec![Family::IPV4_UNICAST]);
        assert!(!negotiated.asn4);
        assert_eq!(negotiated.peer_as, 65000);
        // IPv4 unicast is implied on one side only: it is shared if the other announces it.
        let negotiated = Negotiated::from_opens(&plain, &exabgp_open());
        assert_eq!(negotiated.families, vec![Family::IPV4_UNICAST]);
        let ipv6_only = Open::new(
            65000,
            90,
            Ipv4Addr::new(1, 1, 1, 1),
            vec![Capability::Multiprotocol(Family::IPV6_UNICAST)],
        );
        assert!(
            Negotiated::from_opens(&plain, &ipv6_only)
                .families
                .is_empty()
        );
    }
}
