//! Address families (AFI, SAFI) and their ExaBGP names.
//!
//! ExaBGP names families "<afi> <safi>" in JSON keys and commands ("ipv4 unicast",
//! "ipv4 nlri-mpls", "ipv6 flow", "l2vpn vpls") and "<afi>/<safi>" inside OPEN capabilities.
//! Unknown values are kept, never rejected here: whether a family is acceptable is for the
//! session to decide.

use super::iana;
use std::fmt;

/// Address Family Identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Afi {
    Ipv4,
    Ipv6,
    L2vpn,
    BgpLs,
    Unknown(u16),
}

impl Afi {
    pub fn from_code(code: u16) -> Afi {
        match code {
            iana::afi::IPV4 => Afi::Ipv4,
            iana::afi::IPV6 => Afi::Ipv6,
            iana::afi::L2VPN => Afi::L2vpn,
            iana::afi::BGP_LS => Afi::BgpLs,
            other => Afi::Unknown(other),
        }
    }

    pub fn code(self) -> u16 {
        match self {
            Afi::Ipv4 => iana::afi::IPV4,
            Afi::Ipv6 => iana::afi::IPV6,
            Afi::L2vpn => iana::afi::L2VPN,
            Afi::BgpLs => iana::afi::BGP_LS,
            Afi::Unknown(code) => code,
        }
    }

    /// ExaBGP's name ("ipv4", "ipv6", "l2vpn", "bgp-ls"); unknown ones print as their number.
    pub fn name(self) -> String {
        match self {
            Afi::Ipv4 => "ipv4".into(),
            Afi::Ipv6 => "ipv6".into(),
            Afi::L2vpn => "l2vpn".into(),
            Afi::BgpLs => "bgp-ls".into(),
            Afi::Unknown(code) => code.to_string(),
        }
    }

    pub fn parse(name: &str) -> Option<Afi> {
        Some(match name {
            "ipv4" => Afi::Ipv4,
            "ipv6" => Afi::Ipv6,
            "l2vpn" => Afi::L2vpn,
            "bgp-ls" => Afi::BgpLs,
            _ => return None,
        })
    }
}

/// Subsequent Address Family Identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Safi {
    Unicast,
    Multicast,
    MplsLabel,
    McastVpn,
    Vpls,
    Evpn,
    BgpLs,
    BgpLsVpn,
    Mup,
    MplsVpn,
    RouteTargetConstraint,
    Flowspec,
    FlowspecVpn,
    Unknown(u8),
}

impl Safi {
    pub fn from_code(code: u8) -> Safi {
        use iana::safi;
        match code {
            safi::UNICAST => Safi::Unicast,
            safi::MULTICAST => Safi::Multicast,
            safi::MPLS_LABEL => Safi::MplsLabel,
            safi::MCAST_VPN => Safi::McastVpn,
            safi::VPLS => Safi::Vpls,
            safi::EVPN => Safi::Evpn,
            safi::BGP_LS => Safi::BgpLs,
            safi::BGP_LS_VPN => Safi::BgpLsVpn,
            safi::MUP => Safi::Mup,
            safi::MPLS_VPN => Safi::MplsVpn,
            safi::ROUTE_TARGET_CONSTRAINT => Safi::RouteTargetConstraint,
            safi::FLOWSPEC => Safi::Flowspec,
            safi::FLOWSPEC_VPN => Safi::FlowspecVpn,
            other => Safi::Unknown(other),
        }
    }

    pub fn code(self) -> u8 {
        use iana::safi;
        match self {
            Safi::Unicast => safi::UNICAST,
            Safi::Multicast => safi::MULTICAST,
            Safi::MplsLabel => safi::MPLS_LABEL,
            Safi::McastVpn => safi::MCAST_VPN,
            Safi::Vpls => safi::VPLS,
            Safi::Evpn => safi::EVPN,
            Safi::BgpLs => safi::BGP_LS,
            Safi::BgpLsVpn => safi::BGP_LS_VPN,
            Safi::Mup => safi::MUP,
            Safi::MplsVpn => safi::MPLS_VPN,
            Safi::RouteTargetConstraint => safi::ROUTE_TARGET_CONSTRAINT,
            Safi::Flowspec => safi::FLOWSPEC,
            Safi::FlowspecVpn => safi::FLOWSPEC_VPN,
            Safi::Unknown(code) => code,
        }
    }

    /// ExaBGP's name ("unicast", "nlri-mpls", "mpls-vpn", "flow", "flow-vpn", …).
    pub fn name(self) -> String {
        match self {
            Safi::Unicast => "unicast".into(),
            Safi::Multicast => "multicast".into(),
            Safi::MplsLabel => "nlri-mpls".into(),
            Safi::McastVpn => "mcast-vpn".into(),
            Safi::Vpls => "vpls".into(),
            Safi::Evpn => "evpn".into(),
            Safi::BgpLs => "bgp-ls".into(),
            Safi::BgpLsVpn => "bgp-ls-vpn".into(),
            Safi::Mup => "mup".into(),
            Safi::MplsVpn => "mpls-vpn".into(),
            Safi::RouteTargetConstraint => "rtc".into(),
            Safi::Flowspec => "flow".into(),
            Safi::FlowspecVpn => "flow-vpn".into(),
            Safi::Unknown(code) => code.to_string(),
        }
    }

    pub fn parse(name: &str) -> Option<Safi> {
        Some(match name {
            "unicast" => Safi::Unicast,
            "multicast" => Safi::Multicast,
            "nlri-mpls" | "labeled-unicast" => Safi::MplsLabel,
            "mcast-vpn" => Safi::McastVpn,
            "vpls" => Safi::Vpls,
            "evpn" => Safi::Evpn,
            "bgp-ls" => Safi::BgpLs,
            "bgp-ls-vpn" => Safi::BgpLsVpn,
            "mup" => Safi::Mup,
            "mpls-vpn" => Safi::MplsVpn,
            "rtc" => Safi::RouteTargetConstraint,
            "flow" => Safi::Flowspec,
            "flow-vpn" => Safi::FlowspecVpn,
            _ => return None,
        })
    }
}

/// An (AFI, SAFI) pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Family {
    pub afi: Afi,
    pub safi: Safi,
}

impl Family {
    pub const IPV4_UNICAST: Family = Family::new(Afi::Ipv4, Safi::Unicast);
    pub const IPV6_UNICAST: Family = Family::new(Afi::Ipv6, Safi::Unicast);

    pub const fn new(afi: Afi, safi: Safi) -> Family {
        Family { afi, safi }
    }

    pub fn from_codes(afi: u16, safi: u8) -> Family {
        Family::new(Afi::from_code(afi), Safi::from_code(safi))
    }

    /// "ipv4/unicast", the form ExaBGP uses inside OPEN capabilities.
    pub fn slash_name(self) -> String {
        format!("{}/{}", self.afi.name(), self.safi.name())
    }

    /// Parses "ipv4 unicast" (or "ipv4/unicast").
    pub fn parse(text: &str) -> Option<Family> {
        let mut words = text.split([' ', '/']).filter(|word| !word.is_empty());
        let afi = Afi::parse(words.next()?)?;
        let safi = Safi::parse(words.next()?)?;
        if words.next().is_some() {
            return None;
        }
        Some(Family::new(afi, safi))
    }
}

/// "ipv4 unicast", the form ExaBGP uses in JSON keys and commands.
impl fmt::Display for Family {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{} {}", self.afi.name(), self.safi.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_for_every_known_family() {
        for (afi, safi) in [
            (1, 1),
            (1, 2),
            (1, 4),
            (1, 128),
            (1, 133),
            (1, 134),
            (2, 1),
            (25, 65),
        ] {
            let family = Family::from_codes(afi, safi);
            assert_eq!(Family::parse(&family.to_string()), Some(family));
            assert_eq!(Family::parse(&family.slash_name()), Some(family));
            assert_eq!((family.afi.code(), family.safi.code()), (afi, safi));
        }
        assert_eq!(Family::IPV4_UNICAST.to_string(), "ipv4 unicast");
        assert_eq!(Family::from_codes(1, 4).to_string(), "ipv4 nlri-mpls");
        assert_eq!(Family::from_codes(7, 99).to_string(), "7 99");
    }
}
