//! What one `neighbor` or `template` block says, before templates are applied: every setting
//! optional, with the spans that later checks point at. Also the merge rule of templates.

use crate::config::model::{AddPath, ApiBinding, Hostname, Md5Key, StaticRoute, Ttl};
use crate::wire::family::Family;
use miette::SourceSpan;
use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr};

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: SourceSpan,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: SourceSpan) -> Spanned<T> {
        Spanned { value, span }
    }
}

/// An `api` block and where each helper name was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingDraft {
    pub binding: ApiBinding,
    pub process_spans: Vec<SourceSpan>,
}

/// The capability settings of one block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CapabilitySettings {
    pub asn4: Option<bool>,
    pub route_refresh: Option<bool>,
    pub graceful_restart: Option<Option<u16>>,
    pub extended_message: Option<bool>,
    pub hostname: Option<Hostname>,
    pub software_version: Option<bool>,
    pub operational: Option<bool>,
}

/// The settings of one block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub peer_as: Option<u32>,
    pub local_as: Option<u32>,
    pub router_id: Option<Ipv4Addr>,
    pub local_address: Option<Spanned<IpAddr>>,
    pub description: Option<String>,
    pub hold_time: Option<u16>,
    pub passive: Option<Spanned<bool>>,
    pub connect_port: Option<u16>,
    pub md5: Option<Md5Key>,
    pub ttl: Option<Ttl>,
    pub families: Option<BTreeMap<Family, AddPath>>,
    pub capabilities: CapabilitySettings,
    pub group_updates: Option<bool>,
    pub manual_eor: Option<bool>,
    pub adj_rib_in: Option<bool>,
    pub adj_rib_out: Option<bool>,
    pub api: Vec<BindingDraft>,
    /// Each with the span of its node, for checks made once templates are applied.
    pub routes: Vec<Spanned<StaticRoute>>,
    /// Settings that were written but invalid (already reported): not "missing".
    pub invalid: BTreeSet<String>,
}

impl Settings {
    /// Applies `later` on top of `self` (templates in `inherit` order, then the neighbor's own
    /// block). Single settings: the later one wins. `family`: the later block replaces the
    /// whole set. `capability`: setting by setting. `api` blocks and `announce` routes: added
    /// after the earlier ones.
    pub fn overlay(&mut self, later: Settings) {
        // Destructured completely so that a new setting cannot be forgotten here.
        let Settings {
            peer_as,
            local_as,
            router_id,
            local_address,
            description,
            hold_time,
            passive,
            connect_port,
            md5,
            ttl,
            families,
            capabilities,
            group_updates,
            manual_eor,
            adj_rib_in,
            adj_rib_out,
            api,
            routes,
            invalid,
        } = later;
        let CapabilitySettings {
            asn4,
            route_refresh,
            graceful_restart,
            extended_message,
            hostname,
            software_version,
            operational,
        } = capabilities;
        replace(&mut self.peer_as, peer_as);
        replace(&mut self.local_as, local_as);
        replace(&mut self.router_id, router_id);
        replace(&mut self.local_address, local_address);
        replace(&mut self.description, description);
        replace(&mut self.hold_time, hold_time);
        replace(&mut self.passive, passive);
        replace(&mut self.connect_port, connect_port);
        replace(&mut self.md5, md5);
        replace(&mut self.ttl, ttl);
        replace(&mut self.families, families);
        replace(&mut self.capabilities.asn4, asn4);
        replace(&mut self.capabilities.route_refresh, route_refresh);
        replace(&mut self.capabilities.graceful_restart, graceful_restart);
        replace(&mut self.capabilities.extended_message, extended_message);
        replace(&mut self.capabilities.hostname, hostname);
        replace(&mut self.capabilities.software_version, software_version);
        replace(&mut self.capabilities.operational, operational);
        replace(&mut self.group_updates, group_updates);
        replace(&mut self.manual_eor, manual_eor);
        replace(&mut self.adj_rib_in, adj_rib_in);
        replace(&mut self.adj_rib_out, adj_rib_out);
        self.api.extend(api);
        // Moved, not copied, when there is nothing before them (no template routes).
        if self.routes.is_empty() {
            self.routes = routes;
        } else {
            self.routes.extend(routes);
        }
        self.invalid.extend(invalid);
    }
}

fn replace<T>(slot: &mut Option<T>, later: Option<T>) {
    if later.is_some() {
        *slot = later;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_single_settings_win_and_lists_accumulate() {
        let mut template = Settings {
            peer_as: Some(65001),
            hold_time: Some(90),
            families: Some(BTreeMap::from([(Family::IPV4_UNICAST, AddPath::Off)])),
            ..Settings::default()
        };
        template.capabilities.asn4 = Some(false);
        let mut own = Settings {
            hold_time: Some(30),
            families: Some(BTreeMap::from([(Family::IPV6_UNICAST, AddPath::Send)])),
            ..Settings::default()
        };
        own.capabilities.route_refresh = Some(false);
        template.overlay(own);
        assert_eq!(template.peer_as, Some(65001));
        assert_eq!(template.hold_time, Some(30));
        assert_eq!(
            template.families,
            Some(BTreeMap::from([(Family::IPV6_UNICAST, AddPath::Send)]))
        );
        assert_eq!(template.capabilities.asn4, Some(false));
        assert_eq!(template.capabilities.route_refresh, Some(false));
    }
}
