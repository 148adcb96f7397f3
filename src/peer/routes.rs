//! What the peer task needs from an Adj-RIB-Out, as a trait, and a small table that provides
//! it.
//!
//! The peer task owns one route source: it applies the hub's route changes to it, asks it for
//! the whole table when a session reaches Established, for the net changes after each batch
//! of commands, and for one family again on ROUTE-REFRESH. Any Adj-RIB-Out with these
//! operations can be plugged in (`rib::AdjRibOut` is the intended one). This module must not
//! touch sockets: messages go to the sink the task passes.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::wire::attribute::Attributes;
use crate::wire::builder::{Announcement, build_updates, end_of_rib_message};
use crate::wire::family::Family;
use crate::wire::message::Message;
use crate::wire::negotiated::{Negotiated, RouteRefreshSupport};
use crate::wire::nlri::{NextHop, Nlri};
use crate::wire::route_refresh::{RouteRefresh, RouteRefreshSubtype};

/// One route we want the peer to have.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OutgoingRoute {
    pub nlri: Nlri,
    /// Shared by every route with the same attributes (one `Arc` per set).
    pub attributes: Arc<Attributes>,
    /// Must suit the NLRI's family (as for `MpReach`).
    pub next_hop: NextHop,
}

/// A change to what the peer should have.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RouteChange {
    Announce(OutgoingRoute),
    Withdraw(Nlri),
}

/// The messages a route source hands over, each complete (header included).
pub type Sink<'a> = dyn FnMut(&[u8]) + 'a;

/// The Adj-RIB-Out operations the peer task drives.
pub trait RouteSource: Send + 'static {
    /// Records a change (queued for [`RouteSource::flush`] while a session is up).
    fn apply(&mut self, change: RouteChange);
    /// A session reached Established: every route of each negotiated family, then that
    /// family's End-of-RIB (RFC 4724 §2).
    fn full_table(&mut self, negotiated: &Negotiated, sink: &mut Sink<'_>);
    /// The net changes since the last call (nothing before `full_table`).
    fn flush(&mut self, negotiated: &Negotiated, sink: &mut Sink<'_>);
    /// The peer asked for `family` again: its routes, between BoRR and EoRR when enhanced
    /// route refresh was negotiated (RFC 7313 §4).
    fn refresh(&mut self, family: Family, negotiated: &Negotiated, sink: &mut Sink<'_>);
    /// The session went down: the peer has nothing from us any more.
    fn session_down(&mut self);
    /// Whether changes wait for `flush`.
    fn has_pending(&self) -> bool;
}

/// A plain Adj-RIB-Out: the desired routes in a map, the changes in a list. Enough for tests
/// and small tables; it does not intern attributes nor suppress changes the peer already has.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RouteTable {
    desired: BTreeMap<Nlri, (Arc<Attributes>, NextHop)>,
    pending: Vec<RouteChange>,
    established: bool,
}

impl RouteTable {
    pub fn new() -> RouteTable {
        RouteTable::default()
    }

    /// A table holding `routes`.
    pub fn with_routes(routes: impl IntoIterator<Item = OutgoingRoute>) -> RouteTable {
        let mut table = RouteTable::new();
        for route in routes {
            table.apply(RouteChange::Announce(route));
        }
        table
    }

    pub fn len(&self) -> usize {
        self.desired.len()
    }

    pub fn is_empty(&self) -> bool {
        self.desired.is_empty()
    }

    /// Sends the desired routes of `family`.
    fn send_family(&self, family: Family, negotiated: &Negotiated, sink: &mut Sink<'_>) {
        let announcements: Vec<Announcement<'_>> = self
            .desired
            .iter()
            .filter(|(nlri, _)| nlri.family() == family)
            .map(|(nlri, (attributes, next_hop))| Announcement {
                nlri,
                attributes,
                next_hop,
            })
            .collect();
        // Routes that fit no message (attributes too large) are left out; nothing else to do
        // with them here.
        let mut sink = sink;
        let _ = build_updates(negotiated, &[], &announcements, &mut sink);
    }
}

impl RouteSource for RouteTable {
    fn apply(&mut self, change: RouteChange) {
        match &change {
            RouteChange::Announce(route) => {
                self.desired.insert(
                    route.nlri.clone(),
                    (route.attributes.clone(), route.next_hop.clone()),
                );
            }
            RouteChange::Withdraw(nlri) => {
                self.desired.remove(nlri);
            }
        }
        if self.established {
            self.pending.push(change);
        }
    }

    fn full_table(&mut self, negotiated: &Negotiated, sink: &mut Sink<'_>) {
        self.pending.clear();
        for family in &negotiated.families {
            self.send_family(*family, negotiated, sink);
            sink(&end_of_rib_message(*family, negotiated));
        }
        self.established = true;
    }

    fn flush(&mut self, negotiated: &Negotiated, sink: &mut Sink<'_>) {
        let pending = std::mem::take(&mut self.pending);
        // One batch per run of announcements or withdrawals, so the order of changes holds.
        for run in pending.chunk_by(|left, right| {
            matches!(left, RouteChange::Announce(_)) == matches!(right, RouteChange::Announce(_))
        }) {
            let mut withdrawals = Vec::new();
            let mut announcements = Vec::new();
            for change in run {
                match change {
                    RouteChange::Announce(route)
                        if negotiated.families.contains(&route.nlri.family()) =>
                    {
                        announcements.push(Announcement {
                            nlri: &route.nlri,
                            attributes: &route.attributes,
                            next_hop: &route.next_hop,
                        });
                    }
                    RouteChange::Withdraw(nlri) if negotiated.families.contains(&nlri.family()) => {
                        withdrawals.push(nlri.clone());
                    }
                    _ => {}
                }
            }
            let _ = build_updates(negotiated, &withdrawals, &announcements, &mut &mut *sink);
        }
    }

    fn refresh(&mut self, family: Family, negotiated: &Negotiated, sink: &mut Sink<'_>) {
        if !self.established || !negotiated.families.contains(&family) {
            return;
        }
        let enhanced = negotiated.route_refresh == RouteRefreshSupport::Enhanced;
        let marker = |subtype| {
            Message::RouteRefresh(RouteRefresh::new(family, subtype)).encode(negotiated)
        };
        if enhanced {
            // RFC 7313 §4: "the BGP speaker MUST send a BoRR message before it starts
            // re-advertising".
            sink(&marker(RouteRefreshSubtype::Begin));
        }
        self.send_family(family, negotiated, sink);
        if enhanced {
            // RFC 7313 §4: "after it completes the re-advertisement ... the BGP speaker MUST
            // send an EoRR message".
            sink(&marker(RouteRefreshSubtype::End));
        }
    }

    fn session_down(&mut self) {
        self.pending.clear();
        self.established = false;
    }

    fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }
}
