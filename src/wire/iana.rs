//! IANA code points used on the wire, in one place.
//!
//! Names follow the IANA registries ("BGP Message Types", "BGP Path Attributes", "Capability
//! Codes", "BGP Error (Notification) Codes", "Address Family Numbers", "SAFI Values").

/// BGP message types (RFC 4271 §4.1, RFC 2918).
pub mod message_type {
    pub const OPEN: u8 = 1;
    pub const UPDATE: u8 = 2;
    pub const NOTIFICATION: u8 = 3;
    pub const KEEPALIVE: u8 = 4;
    pub const ROUTE_REFRESH: u8 = 5;
    /// draft-ietf-idr-operational-message; ExaBGP's "operational".
    pub const OPERATIONAL: u8 = 6;
}

/// Path attribute type codes.
pub mod attribute_type {
    pub const ORIGIN: u8 = 1;
    pub const AS_PATH: u8 = 2;
    pub const NEXT_HOP: u8 = 3;
    pub const MULTI_EXIT_DISC: u8 = 4;
    pub const LOCAL_PREF: u8 = 5;
    pub const ATOMIC_AGGREGATE: u8 = 6;
    pub const AGGREGATOR: u8 = 7;
    pub const COMMUNITIES: u8 = 8;
    pub const ORIGINATOR_ID: u8 = 9;
    pub const CLUSTER_LIST: u8 = 10;
    pub const MP_REACH_NLRI: u8 = 14;
    pub const MP_UNREACH_NLRI: u8 = 15;
    pub const EXTENDED_COMMUNITIES: u8 = 16;
    pub const AS4_PATH: u8 = 17;
    pub const AS4_AGGREGATOR: u8 = 18;
    pub const PMSI_TUNNEL: u8 = 22;
    pub const IPV6_EXTENDED_COMMUNITIES: u8 = 25;
    pub const AIGP: u8 = 26;
    pub const BGP_LS: u8 = 29;
    pub const LARGE_COMMUNITIES: u8 = 32;
    pub const BGP_PREFIX_SID: u8 = 40;
}

/// Path attribute flag bits (RFC 4271 §4.3).
pub mod attribute_flag {
    pub const OPTIONAL: u8 = 0x80;
    pub const TRANSITIVE: u8 = 0x40;
    pub const PARTIAL: u8 = 0x20;
    pub const EXTENDED_LENGTH: u8 = 0x10;
}

/// Capability codes (RFC 5492 registry).
pub mod capability_code {
    pub const MULTIPROTOCOL: u8 = 1;
    pub const ROUTE_REFRESH: u8 = 2;
    pub const OUTBOUND_ROUTE_FILTERING: u8 = 3;
    pub const EXTENDED_NEXT_HOP: u8 = 5;
    pub const EXTENDED_MESSAGE: u8 = 6;
    pub const GRACEFUL_RESTART: u8 = 64;
    pub const FOUR_OCTET_AS: u8 = 65;
    pub const MULTISESSION: u8 = 68;
    pub const ADD_PATH: u8 = 69;
    pub const ENHANCED_ROUTE_REFRESH: u8 = 70;
    pub const LONG_LIVED_GRACEFUL_RESTART: u8 = 71;
    pub const FQDN: u8 = 73;
    pub const SOFTWARE_VERSION: u8 = 75;
    /// Cisco's pre-standard route refresh.
    pub const ROUTE_REFRESH_CISCO: u8 = 128;
    /// ExaBGP's operational capability.
    pub const OPERATIONAL: u8 = 185;
}

/// NOTIFICATION error codes and subcodes (RFC 4271 §4.5, §6; RFC 4486; RFC 7313; RFC 8203).
pub mod notification {
    pub const MESSAGE_HEADER_ERROR: u8 = 1;
    pub const OPEN_MESSAGE_ERROR: u8 = 2;
    pub const UPDATE_MESSAGE_ERROR: u8 = 3;
    pub const HOLD_TIMER_EXPIRED: u8 = 4;
    pub const FINITE_STATE_MACHINE_ERROR: u8 = 5;
    pub const CEASE: u8 = 6;
    pub const ROUTE_REFRESH_MESSAGE_ERROR: u8 = 7;

    /// Message Header Error subcodes.
    pub mod header {
        pub const CONNECTION_NOT_SYNCHRONIZED: u8 = 1;
        pub const BAD_MESSAGE_LENGTH: u8 = 2;
        pub const BAD_MESSAGE_TYPE: u8 = 3;
    }

    /// OPEN Message Error subcodes.
    pub mod open {
        /// RFC 4271 §6.2: a recognized Optional Parameter that is malformed.
        pub const UNSPECIFIC: u8 = 0;
        pub const UNSUPPORTED_VERSION_NUMBER: u8 = 1;
        pub const BAD_PEER_AS: u8 = 2;
        pub const BAD_BGP_IDENTIFIER: u8 = 3;
        pub const UNSUPPORTED_OPTIONAL_PARAMETER: u8 = 4;
        pub const UNACCEPTABLE_HOLD_TIME: u8 = 6;
        pub const UNSUPPORTED_CAPABILITY: u8 = 7;
        pub const ROLE_MISMATCH: u8 = 11;
    }

    /// UPDATE Message Error subcodes.
    pub mod update {
        pub const MALFORMED_ATTRIBUTE_LIST: u8 = 1;
        pub const UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE: u8 = 2;
        pub const MISSING_WELL_KNOWN_ATTRIBUTE: u8 = 3;
        pub const ATTRIBUTE_FLAGS_ERROR: u8 = 4;
        pub const ATTRIBUTE_LENGTH_ERROR: u8 = 5;
        pub const INVALID_ORIGIN_ATTRIBUTE: u8 = 6;
        pub const INVALID_NEXT_HOP_ATTRIBUTE: u8 = 8;
        pub const OPTIONAL_ATTRIBUTE_ERROR: u8 = 9;
        pub const INVALID_NETWORK_FIELD: u8 = 10;
        pub const MALFORMED_AS_PATH: u8 = 11;
    }

    /// Cease subcodes (RFC 4486, RFC 8538).
    pub mod cease {
        pub const MAXIMUM_PREFIXES_REACHED: u8 = 1;
        pub const ADMINISTRATIVE_SHUTDOWN: u8 = 2;
        pub const PEER_DECONFIGURED: u8 = 3;
        pub const ADMINISTRATIVE_RESET: u8 = 4;
        pub const CONNECTION_REJECTED: u8 = 5;
        pub const OTHER_CONFIGURATION_CHANGE: u8 = 6;
        pub const CONNECTION_COLLISION_RESOLUTION: u8 = 7;
        pub const OUT_OF_RESOURCES: u8 = 8;
        pub const HARD_RESET: u8 = 9;
        pub const BFD_DOWN: u8 = 10;
    }

    /// ROUTE-REFRESH Message Error subcodes (RFC 7313).
    pub mod route_refresh {
        pub const INVALID_MESSAGE_LENGTH: u8 = 1;
    }

    /// Finite State Machine Error subcodes (RFC 6608 §3).
    pub mod finite_state_machine {
        pub const UNSPECIFIED: u8 = 0;
        pub const UNEXPECTED_MESSAGE_IN_OPEN_SENT: u8 = 1;
        pub const UNEXPECTED_MESSAGE_IN_OPEN_CONFIRM: u8 = 2;
        pub const UNEXPECTED_MESSAGE_IN_ESTABLISHED: u8 = 3;
    }
}

/// Address Family Identifiers.
pub mod afi {
    pub const IPV4: u16 = 1;
    pub const IPV6: u16 = 2;
    pub const L2VPN: u16 = 25;
    pub const BGP_LS: u16 = 16388;
}

/// Subsequent Address Family Identifiers.
pub mod safi {
    pub const UNICAST: u8 = 1;
    pub const MULTICAST: u8 = 2;
    /// RFC 8277 labelled unicast; ExaBGP calls it "nlri-mpls".
    pub const MPLS_LABEL: u8 = 4;
    pub const MCAST_VPN: u8 = 5;
    pub const VPLS: u8 = 65;
    pub const EVPN: u8 = 70;
    pub const BGP_LS: u8 = 71;
    pub const BGP_LS_VPN: u8 = 72;
    pub const MUP: u8 = 85;
    /// RFC 4364 MPLS-labelled VPN; ExaBGP calls it "mpls-vpn".
    pub const MPLS_VPN: u8 = 128;
    pub const ROUTE_TARGET_CONSTRAINT: u8 = 132;
    pub const FLOWSPEC: u8 = 133;
    pub const FLOWSPEC_VPN: u8 = 134;
}

/// OPEN Optional Parameter types (RFC 5492, RFC 9072).
pub mod optional_parameter {
    pub const CAPABILITIES: u8 = 2;
    /// RFC 9072: the Non-Ext OP Type value that marks the extended format.
    pub const EXTENDED_LENGTH: u8 = 255;
}

/// Fixed values of the OPEN message (RFC 4271 §4.2, RFC 6793).
pub mod open {
    /// The only BGP version spoken.
    pub const BGP_VERSION: u8 = 4;
    /// RFC 6793: the 2-octet AS placed in "My Autonomous System" when the real AS needs 4.
    pub const AS_TRANS: u16 = super::asn::AS_TRANS as u16;
}

/// ROUTE-REFRESH Message Subtypes (RFC 7313 §3).
pub mod route_refresh_subtype {
    pub const NORMAL: u8 = 0;
    /// Beginning of Route Refresh.
    pub const BEGIN: u8 = 1;
    /// End of Route Refresh.
    pub const END: u8 = 2;
}

/// Reserved AS numbers (RFC 6793).
pub mod asn {
    /// RFC 6793 §2: the 2-octet placeholder for an AS number that does not fit in 2 octets.
    pub const AS_TRANS: u32 = 23456;
}

/// AS_PATH segment types (RFC 4271 §4.3, RFC 5065 §3).
pub mod as_path_segment {
    pub const AS_SET: u8 = 1;
    pub const AS_SEQUENCE: u8 = 2;
    pub const AS_CONFED_SEQUENCE: u8 = 3;
    pub const AS_CONFED_SET: u8 = 4;
}

/// ORIGIN values (RFC 4271 §4.3).
pub mod origin {
    pub const IGP: u8 = 0;
    pub const EGP: u8 = 1;
    pub const INCOMPLETE: u8 = 2;
}

/// Well-known COMMUNITIES values (RFC 1997, RFC 3765, RFC 7999).
pub mod community {
    pub const NO_EXPORT: u32 = 0xFFFF_FF01;
    pub const NO_ADVERTISE: u32 = 0xFFFF_FF02;
    pub const NO_EXPORT_SUBCONFED: u32 = 0xFFFF_FF03;
    pub const NO_PEER: u32 = 0xFFFF_FF04;
    pub const BLACKHOLE: u32 = 0xFFFF_029A;
}

/// Extended community type and sub-type octets ("BGP Extended Communities" registry).
pub mod extended_community {
    /// Transitive Two-Octet AS-Specific (RFC 7153).
    pub const TYPE_TWO_OCTET_AS: u8 = 0x00;
    /// Transitive IPv4-Address-Specific (RFC 7153).
    pub const TYPE_IPV4_ADDRESS: u8 = 0x01;
    /// Transitive Four-Octet AS-Specific (RFC 7153).
    pub const TYPE_FOUR_OCTET_AS: u8 = 0x02;
    /// Transitive Opaque (RFC 7153).
    pub const TYPE_OPAQUE: u8 = 0x03;
    /// Flow spec redirect/mirror to IP next-hop (draft-simpson-idr-flowspec-redirect).
    pub const TYPE_FLOWSPEC_REDIRECT_TO_IP: u8 = 0x08;
    /// Non-transitive Two-Octet AS-Specific (RFC 7153).
    pub const TYPE_NON_TRANSITIVE_TWO_OCTET_AS: u8 = 0x40;
    /// Generic Transitive Experimental Use, Two-Octet AS form (RFC 8955, RFC 7674).
    pub const TYPE_FLOWSPEC_TWO_OCTET_AS: u8 = 0x80;
    /// Generic Transitive Experimental Use, IPv4 form (RFC 7674).
    pub const TYPE_FLOWSPEC_IPV4_ADDRESS: u8 = 0x81;
    /// Generic Transitive Experimental Use, Four-Octet AS form (RFC 7674).
    pub const TYPE_FLOWSPEC_FOUR_OCTET_AS: u8 = 0x82;

    pub const SUBTYPE_ROUTE_TARGET: u8 = 0x02;
    pub const SUBTYPE_ROUTE_ORIGIN: u8 = 0x03;
    /// Link bandwidth (draft-ietf-idr-link-bandwidth), under type 0x40.
    pub const SUBTYPE_LINK_BANDWIDTH: u8 = 0x04;
    /// RFC 8955 §7.1 traffic-rate-bytes.
    pub const SUBTYPE_TRAFFIC_RATE: u8 = 0x06;
    /// RFC 8955 §7.3 traffic-action.
    pub const SUBTYPE_TRAFFIC_ACTION: u8 = 0x07;
    /// RFC 8955 §7.4 redirect (and RFC 7674).
    pub const SUBTYPE_REDIRECT: u8 = 0x08;
    /// RFC 8955 §7.5 traffic-marking.
    pub const SUBTYPE_TRAFFIC_MARKING: u8 = 0x09;
    /// RFC 4761 §3.2.4 Layer2 Info.
    pub const SUBTYPE_LAYER2_INFO: u8 = 0x0A;
    /// RFC 9012 §4.1 Encapsulation, under type 0x03.
    pub const SUBTYPE_ENCAPSULATION: u8 = 0x0C;
    /// draft-simpson-idr-flowspec-redirect, under type 0x08.
    pub const SUBTYPE_REDIRECT_TO_IP: u8 = 0x00;

    /// Flow spec interface-set (draft-ietf-idr-flowspec-interfaceset), transitive form.
    pub const TYPE_FLOWSPEC_INTERFACE_SET: u8 = 0x07;
    /// Flow spec interface-set, non-transitive form.
    pub const TYPE_FLOWSPEC_INTERFACE_SET_NON_TRANSITIVE: u8 = 0x47;
    /// Interface-set sub-type, under types 0x07 / 0x47.
    pub const SUBTYPE_INTERFACE_SET: u8 = 0x02;
    /// RFC 8955 §7.2 traffic-rate-packets, under type 0x80.
    pub const SUBTYPE_TRAFFIC_RATE_PACKETS: u8 = 0x0C;
    /// draft-ietf-idr-flowspec-redirect-ip: redirect to an IPv4 next hop, under type 0x01
    /// (and the same sub-type for IPv6 in the IPv6 Address Specific attribute, type 0x00).
    pub const SUBTYPE_REDIRECT_TO_IP_IETF: u8 = 0x0C;
    /// BGP-MUP direct segment identifier (draft-mpmz-bess-mup-safi), type 0x0C sub-type 0x00.
    pub const TYPE_MUP: u8 = 0x0C;
    pub const SUBTYPE_MUP_DIRECT_SEGMENT: u8 = 0x00;
}

/// BGP Prefix-SID TLV types (RFC 8669 §3, RFC 9252 §2).
pub mod prefix_sid_tlv {
    pub const LABEL_INDEX: u8 = 1;
    pub const ORIGINATOR_SRGB: u8 = 3;
    pub const SRV6_L3_SERVICE: u8 = 5;
    pub const SRV6_L2_SERVICE: u8 = 6;
}

/// AIGP TLV types (RFC 7311 §3).
pub mod aigp_tlv {
    pub const AIGP: u8 = 1;
}

/// EVPN Route Types (RFC 7432 §7, RFC 9136 §3).
pub mod evpn_route_type {
    pub const ETHERNET_AUTO_DISCOVERY: u8 = 1;
    pub const MAC_IP_ADVERTISEMENT: u8 = 2;
    pub const INCLUSIVE_MULTICAST_ETHERNET_TAG: u8 = 3;
    pub const ETHERNET_SEGMENT: u8 = 4;
    pub const IP_PREFIX: u8 = 5;
}
