//! Turning an Adj-RIB-Out's changes, or its whole content, into UPDATE messages through
//! `wire::builder::UpdateBuilder`, and the End-of-RIB and enhanced route refresh markers
//! around them.
//!
//! Routes go to the builder grouped by path (attribute set and next hop) within each family,
//! so each group fills whole messages; the attribute encoding of each path is cached for the
//! session. Must not decide what changed (the tables do) nor write to a socket (the sink
//! does).

use super::AdjRibOut;
use super::table::{Delta, Table, each_table};
use crate::rib::key::RouteKey;
use crate::rib::path::PathTable;
use crate::wire::builder::{DoesNotFit, UpdateBuilder};
use crate::wire::family::Family;
use crate::wire::message::Message;
use crate::wire::negotiated::{Negotiated, RouteRefreshSupport};
use crate::wire::route_refresh::{RouteRefresh, RouteRefreshSubtype};

/// What a flush, full table or refresh sent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FlushReport {
    /// Messages handed to the sink (UPDATEs, End-of-RIB markers, BoRR and EoRR).
    pub messages: usize,
    /// Routes announced.
    pub announced: usize,
    /// Routes withdrawn.
    pub withdrawn: usize,
    /// Routes that fit no message of this session (their attributes are too large): not
    /// sent, and recorded as not sent.
    pub not_sent: Vec<DoesNotFit>,
}

/// What to send for one family.
enum Scope {
    /// The queued changes.
    Changes,
    /// Everything desired (and the withdrawals still due).
    Everything,
}

impl AdjRibOut {
    /// Sends the queued changes, grouped so that routes sharing attributes and next hop share
    /// messages, and records them as sent. Families the session did not negotiate are never
    /// sent (their routes stay desired). Does nothing before [`AdjRibOut::full_table`].
    pub fn flush<S: FnMut(&[u8])>(&mut self, negotiated: &Negotiated, sink: &mut S) -> FlushReport {
        let mut report = FlushReport::default();
        if !self.established {
            return report;
        }
        let mut builder = UpdateBuilder::new(negotiated);
        self.paths.prepare(negotiated);
        for (family, table) in self.tables.iter_mut() {
            if !negotiated.families.contains(family) {
                each_table!(table, table => table.discard_changes());
                continue;
            }
            let paths = &mut self.paths;
            let group = self.settings.group_updates;
            each_table!(table, table => send_family(
                table, *family, Scope::Changes, group, paths, &mut builder, sink, &mut report
            ));
        }
        builder.flush(sink);
        report.messages = report.messages.saturating_add(builder.messages_emitted());
        report
    }

    /// Sends every desired route of every negotiated family, each family followed by its
    /// End-of-RIB marker (RFC 4724 §2), also for families without routes. For a new
    /// session; from then on changes are queued for [`AdjRibOut::flush`].
    pub fn full_table<S: FnMut(&[u8])>(
        &mut self,
        negotiated: &Negotiated,
        sink: &mut S,
    ) -> FlushReport {
        let mut report = FlushReport::default();
        let mut builder = UpdateBuilder::new(negotiated);
        self.paths.prepare(negotiated);
        for family in &negotiated.families {
            if let Some(table) = self.tables.get_mut(family) {
                let paths = &mut self.paths;
                let group = self.settings.group_updates;
                each_table!(table, table => send_family(
                    table, *family, Scope::Everything, group, paths, &mut builder, sink, &mut report
                ));
            }
            if self.settings.end_of_rib {
                builder.end_of_rib(*family, sink);
            }
        }
        for (family, table) in self.tables.iter_mut() {
            if !negotiated.families.contains(family) {
                each_table!(table, table => table.discard_changes());
            }
        }
        builder.flush(sink);
        report.messages = report.messages.saturating_add(builder.messages_emitted());
        self.established = true;
        report
    }

    /// Answers a ROUTE-REFRESH for `family`: sends every desired route of it again (and the
    /// withdrawals queued for it). With enhanced route refresh negotiated, RFC 7313 §4: "the
    /// BGP speaker MUST send a BoRR message before it starts re-advertising"; "after it
    /// completes the re-advertisement ... the BGP speaker MUST send an EoRR message". Nothing
    /// for a family the session did not negotiate, or before [`AdjRibOut::full_table`].
    pub fn refresh<S: FnMut(&[u8])>(
        &mut self,
        family: Family,
        negotiated: &Negotiated,
        sink: &mut S,
    ) -> FlushReport {
        let mut report = FlushReport::default();
        if !self.established || !negotiated.families.contains(&family) {
            return report;
        }
        let enhanced = negotiated.route_refresh == RouteRefreshSupport::Enhanced;
        if enhanced {
            send_route_refresh(family, RouteRefreshSubtype::Begin, negotiated, sink);
            report.messages = report.messages.saturating_add(1);
        }
        let mut builder = UpdateBuilder::new(negotiated);
        self.paths.prepare(negotiated);
        if let Some(table) = self.tables.get_mut(&family) {
            let paths = &mut self.paths;
            let group = self.settings.group_updates;
            each_table!(table, table => send_family(
                table, family, Scope::Everything, group, paths, &mut builder, sink, &mut report
            ));
        }
        builder.flush(sink);
        report.messages = report.messages.saturating_add(builder.messages_emitted());
        if enhanced {
            send_route_refresh(family, RouteRefreshSubtype::End, negotiated, sink);
            report.messages = report.messages.saturating_add(1);
        }
        report
    }
}

/// A ROUTE-REFRESH message (BoRR or EoRR) to the sink.
fn send_route_refresh<S: FnMut(&[u8])>(
    family: Family,
    subtype: RouteRefreshSubtype,
    negotiated: &Negotiated,
    sink: &mut S,
) {
    let message = Message::RouteRefresh(RouteRefresh::new(family, subtype)).encode(negotiated);
    sink(&message);
}

/// Sends one family's withdrawals then its announcements, path by path; without `grouped`,
/// each in a message of its own.
#[allow(clippy::too_many_arguments)]
fn send_family<K: RouteKey, S: FnMut(&[u8])>(
    table: &mut Table<K>,
    family: Family,
    scope: Scope,
    grouped: bool,
    paths: &mut PathTable,
    builder: &mut UpdateBuilder<'_>,
    sink: &mut S,
    report: &mut FlushReport,
) {
    let delta: Delta<K> = match scope {
        Scope::Changes => table.take_changes(paths),
        Scope::Everything => table.take_all(paths),
    };
    if !delta.withdrawals.is_empty() {
        let mut withdraw = |keys: &[K]| {
            let nlri = keys.iter().map(|key| key.to_nlri(family));
            if let Err(error) = builder.withdraw(nlri, sink) {
                // Only an NLRI longer than a message can get here; the peer cannot have it.
                report.not_sent.push(error);
            }
            if !grouped {
                builder.flush(sink);
            }
        };
        if grouped {
            withdraw(&delta.withdrawals);
        } else {
            for key in delta.withdrawals.chunks(1) {
                withdraw(key);
            }
        }
        report.withdrawn = report.withdrawn.saturating_add(delta.withdrawals.len());
    }
    for group in delta
        .announcements
        .chunk_by(|left, right| left.0 == right.0)
    {
        let Some((path_index, _)) = group.first() else {
            continue;
        };
        paths.encode(*path_index);
        let Some(path) = paths.get(*path_index) else {
            continue;
        };
        let Some(encoded) = &path.encoded else {
            continue;
        };
        let batches: Vec<&[(u32, K)]> = if grouped {
            vec![group]
        } else {
            group.chunks(1).collect()
        };
        let mut errors = Vec::new();
        for batch in batches {
            let nlri = batch.iter().map(|(_, key)| key.to_nlri(family));
            let result = builder.announce(encoded, &path.next_hop, nlri, sink);
            if !grouped {
                builder.flush(sink);
            }
            report.announced = report.announced.saturating_add(batch.len());
            if let Err(error) = result {
                errors.push(error);
            }
        }
        for error in errors {
            report.announced = report.announced.saturating_sub(error.rejected.len());
            for nlri in &error.rejected {
                if let Some(key) = K::from_nlri(nlri) {
                    table.not_sent(&key, paths);
                }
            }
            report.not_sent.push(error);
        }
    }
}
