//! What the peer task needs from an Adj-RIB-Out, as a trait, and its implementation for
//! `rib::AdjRibOut`.
//!
//! The peer task owns one route source: it applies the hub's route changes to it, asks it for
//! the whole table when a session reaches Established, for the net changes after each batch
//! of commands, and for one family again on ROUTE-REFRESH. The trait keeps the source
//! swappable (a test double, a shared table later). This module must not touch sockets:
//! messages go to the sink the task passes.

use crate::rib::{AdjRibOut, Owner, Route};
use crate::wire::family::Family;
use crate::wire::negotiated::Negotiated;
use crate::wire::nlri::Nlri;

/// A change to what the peer should have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteChange {
    /// Want the peer to have `route`, on behalf of `owner`.
    Announce { route: Route, owner: Owner },
    /// No longer want the peer to have this NLRI, whoever announced it.
    Withdraw(Nlri),
    /// Withdraw every route `owner` announced (a helper gone, when that is the policy).
    WithdrawOwner(Owner),
    /// Make `routes` the complete set of `owner`'s routes (a configuration reload).
    ReplaceOwner { owner: Owner, routes: Vec<Route> },
    /// Withdraw everything (`clear adj-rib out`).
    WithdrawAll,
    /// Send every route the peer has again (`flush adj-rib out`).
    ResendAll,
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
    /// Every route the peer should have, sorted by family then NLRI (`show adj-rib out`).
    /// Nothing by default (a source that cannot list).
    fn listing(&self) -> Vec<Route> {
        Vec::new()
    }
}

impl RouteSource for AdjRibOut {
    fn apply(&mut self, change: RouteChange) {
        match change {
            RouteChange::Announce { route, owner } => {
                self.announce(&route.nlri, &route.attributes, &route.next_hop, &owner);
            }
            RouteChange::Withdraw(nlri) => {
                self.withdraw(&nlri);
            }
            RouteChange::WithdrawOwner(owner) => {
                self.withdraw_owner(&owner);
            }
            RouteChange::ReplaceOwner { owner, routes } => {
                self.replace_owner(&owner, routes);
            }
            RouteChange::WithdrawAll => {
                self.withdraw_all();
            }
            RouteChange::ResendAll => self.resend_all(),
        }
    }

    fn full_table(&mut self, negotiated: &Negotiated, mut sink: &mut Sink<'_>) {
        AdjRibOut::full_table(self, negotiated, &mut sink);
    }

    fn flush(&mut self, negotiated: &Negotiated, mut sink: &mut Sink<'_>) {
        AdjRibOut::flush(self, negotiated, &mut sink);
    }

    fn refresh(&mut self, family: Family, negotiated: &Negotiated, mut sink: &mut Sink<'_>) {
        AdjRibOut::refresh(self, family, negotiated, &mut sink);
    }

    fn session_down(&mut self) {
        AdjRibOut::session_down(self);
    }

    fn has_pending(&self) -> bool {
        self.pending() > 0
    }

    fn listing(&self) -> Vec<Route> {
        self.sorted_routes()
            .into_iter()
            .map(|route| Route {
                nlri: route.nlri,
                attributes: route.attributes.clone(),
                next_hop: route.next_hop.clone(),
            })
            .collect()
    }
}
