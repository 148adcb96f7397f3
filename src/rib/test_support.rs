//! Test helpers for the RIBs: sessions, attribute sets, and a model peer that decodes what
//! an Adj-RIB-Out sends and keeps the routes it would hold.
//!
//! Test-only; must not be used by non-test code.

use crate::wire::attribute::{AsPath, Attributes, Community, Origin};
use crate::wire::family::{Afi, Family, Safi};
use crate::wire::message::{Message, decode_message};
use crate::wire::negotiated::{Negotiated, RouteRefreshSupport};
use crate::wire::nlri::{NextHop, Nlri, PrefixNlri};
use crate::wire::route_refresh::RouteRefreshSubtype;
use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr};

/// A 4-octet-AS session with IPv4 and IPv6 unicast and IPv4 labelled unicast, ADD-PATH
/// sent in `add_path` families.
pub(crate) fn session(add_path: &[Family], refresh: RouteRefreshSupport) -> Negotiated {
    Negotiated {
        asn4: true,
        add_path_send: add_path.to_vec(),
        families: vec![
            Family::IPV4_UNICAST,
            Family::IPV6_UNICAST,
            Family::new(Afi::Ipv4, Safi::MplsLabel),
        ],
        route_refresh: refresh,
        ..Negotiated::default()
    }
}

/// The same session seen from the peer.
pub(crate) fn receiving_side(sender: &Negotiated) -> Negotiated {
    Negotiated {
        add_path_receive: sender.add_path_send.clone(),
        add_path_send: Vec::new(),
        ..sender.clone()
    }
}

pub(crate) fn attributes(med: u32) -> Attributes {
    Attributes {
        origin: Some(Origin::Igp),
        as_path: Some(AsPath::sequence(vec![65001, 4_200_000_001])),
        med: Some(med),
        communities: vec![Community(0xFDE9_0064)],
        ..Attributes::default()
    }
}

pub(crate) fn v4(text: &str, path_id: Option<u32>) -> Nlri {
    Nlri::Unicast(PrefixNlri {
        path_id,
        prefix: text.parse().unwrap_or_else(|_| unreachable_prefix()),
    })
}

fn unreachable_prefix() -> crate::wire::nlri::Prefix {
    crate::wire::nlri::Prefix {
        address: Ipv4Addr::UNSPECIFIED.into(),
        length: 0,
    }
}

pub(crate) fn hop4(last: u8) -> NextHop {
    NextHop::Ipv4(Ipv4Addr::new(192, 0, 2, last))
}

pub(crate) fn hop6(last: u16) -> NextHop {
    NextHop::Ipv6 {
        global: Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, last),
        link_local: None,
    }
}

/// One thing the peer learnt from a message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::large_enum_variant)] // test values, compared whole
pub(crate) enum Received {
    Announce(Nlri, Attributes, NextHop),
    Withdraw(Nlri),
    EndOfRib(Family),
    RouteRefresh(Family, RouteRefreshSubtype),
}

/// Decodes the messages a sink collected, in order.
pub(crate) fn decode_all(messages: &[Vec<u8>], sender: &Negotiated) -> Vec<Received> {
    let negotiated = receiving_side(sender);
    let mut received = Vec::new();
    for bytes in messages {
        let message = decode_message(bytes, &negotiated);
        assert!(bytes.len() <= sender.max_message_size());
        match message {
            Ok(Message::Update(update)) => {
                if let Some(family) = update.end_of_rib() {
                    received.push(Received::EndOfRib(family));
                    continue;
                }
                assert!(update.problems.is_empty(), "{:?}", update.problems);
                for nlri in update.withdrawn {
                    received.push(Received::Withdraw(nlri));
                }
                if let Some(unreach) = update.mp_unreach {
                    for nlri in unreach.nlri {
                        received.push(Received::Withdraw(nlri));
                    }
                }
                let mut attributes = update.attributes.clone();
                if let Some(address) = attributes.next_hop.take() {
                    for nlri in update.announced {
                        received.push(Received::Announce(
                            nlri,
                            attributes.clone(),
                            NextHop::Ipv4(address),
                        ));
                    }
                }
                if let Some(reach) = update.mp_reach {
                    for nlri in reach.nlri {
                        received.push(Received::Announce(
                            nlri,
                            attributes.clone(),
                            reach.next_hop.clone(),
                        ));
                    }
                }
            }
            Ok(Message::RouteRefresh(refresh)) => {
                received.push(Received::RouteRefresh(refresh.family, refresh.subtype));
            }
            other => panic!("unexpected message {other:?}"),
        }
    }
    received
}

/// The routes a peer holds from us, and what it noticed that it should not have received.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct ModelPeer {
    pub(crate) routes: BTreeMap<Nlri, (Attributes, NextHop)>,
    /// Announcements of a route exactly as the peer already had it.
    pub(crate) duplicates: Vec<Nlri>,
    /// Withdrawals of routes the peer did not have.
    pub(crate) spurious_withdrawals: Vec<Nlri>,
    /// NLRI touched twice in one batch.
    pub(crate) repeated: Vec<Nlri>,
    pub(crate) end_of_rib: Vec<Family>,
    /// Routes kept between BoRR and EoRR (RFC 7313: the others are purged at EoRR).
    refreshing: Option<(Family, Vec<Nlri>)>,
}

impl ModelPeer {
    /// Applies one batch of received messages.
    pub(crate) fn apply(&mut self, received: &[Received]) {
        let mut seen = std::collections::BTreeSet::new();
        for item in received {
            match item {
                Received::Announce(nlri, attributes, next_hop) => {
                    if !seen.insert(nlri.clone()) {
                        self.repeated.push(nlri.clone());
                    }
                    if let Some((family, refreshed)) = &mut self.refreshing
                        && *family == nlri.family()
                    {
                        refreshed.push(nlri.clone());
                    }
                    let route = (attributes.clone(), next_hop.clone());
                    if self.routes.insert(nlri.clone(), route.clone()) == Some(route) {
                        self.duplicates.push(nlri.clone());
                    }
                }
                Received::Withdraw(nlri) => {
                    if !seen.insert(nlri.clone()) {
                        self.repeated.push(nlri.clone());
                    }
                    if self.routes.remove(nlri).is_none() {
                        self.spurious_withdrawals.push(nlri.clone());
                    }
                }
                Received::EndOfRib(family) => self.end_of_rib.push(*family),
                Received::RouteRefresh(family, RouteRefreshSubtype::Begin) => {
                    self.refreshing = Some((*family, Vec::new()));
                }
                Received::RouteRefresh(family, RouteRefreshSubtype::End) => {
                    if let Some((refreshing, kept)) = self.refreshing.take()
                        && refreshing == *family
                    {
                        self.routes
                            .retain(|nlri, _| nlri.family() != *family || kept.contains(nlri));
                    }
                }
                Received::RouteRefresh(..) => {}
            }
        }
    }
}
