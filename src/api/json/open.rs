//! The JSON `open` event and ExaBGP's view of an OPEN's capabilities (exabgp-api reference
//! §3.2 "open").
//!
//! ExaBGP keeps an OPEN's capabilities in a dictionary keyed by capability code: repeated
//! capabilities of one code are merged into the first one's slot (Multiprotocol families are
//! appended, ADD-PATH and Graceful Restart families are merged, most others are replaced by the
//! last one). [`capability_groups`] reproduces that grouping from our flat, ordered list; the
//! JSON forms live here and the text forms in `api::text::events`.
//!
//! Quirk kept on purpose: a *sent* OPEN's capabilities are keyed by name (`"multiprotocol"`),
//! a received or decoded one's by decimal code (`"1"`). Pure: no I/O, no decoding of bytes.

use super::envelope::{Direction, Envelope, NeighborView, neighbor};
use super::text::quote;
use crate::wire::capability::{AddPathDirection, Capability};
use crate::wire::family::{Afi, Family};
use crate::wire::iana::capability_code as code;
use crate::wire::negotiated::EXTENDED_MESSAGE_SIZE;
use crate::wire::open::Open;
use std::fmt::Write;

/// The Cisco pre-standard multisession capability, which ExaBGP decodes as multisession.
pub const MULTISESSION_CISCO: u8 = 131;

/// The capabilities of `open` grouped by code, in order of first appearance, as ExaBGP's
/// `Capabilities` dictionary holds them.
pub fn capability_groups(open: &Open) -> Vec<(u8, Vec<&Capability>)> {
    let mut groups: Vec<(u8, Vec<&Capability>)> = Vec::new();
    for capability in &open.capabilities {
        let code = capability.code();
        match groups.iter_mut().find(|(seen, _)| *seen == code) {
            Some((_, members)) => members.push(capability),
            None => groups.push((code, vec![capability])),
        }
    }
    groups
}

/// Graceful Restart as ExaBGP merges it: flags and time of the last capability, families of
/// all of them in first-seen order with the last flags, each masked to the Forwarding State bit.
pub(crate) struct MergedGracefulRestart {
    pub restart_flags: u8,
    pub restart_time: u16,
    pub families: Vec<(Family, u8)>,
}

pub(crate) fn merged_graceful_restart(group: &[&Capability]) -> MergedGracefulRestart {
    let mut merged = MergedGracefulRestart {
        restart_flags: 0,
        restart_time: 0,
        families: Vec::new(),
    };
    for capability in group {
        if let Capability::GracefulRestart(graceful_restart) = capability {
            merged.restart_flags = graceful_restart.restart_flags;
            merged.restart_time = graceful_restart.restart_time;
            for entry in &graceful_restart.families {
                let flags = entry.flags & 0x80;
                match merged.families.iter_mut().find(|(f, _)| *f == entry.family) {
                    Some(slot) => slot.1 = flags,
                    None => merged.families.push((entry.family, flags)),
                }
            }
        }
    }
    merged
}

/// ADD-PATH entries merged across capabilities: first-seen order, last direction wins.
pub(crate) fn merged_add_path(group: &[&Capability]) -> Vec<(Family, AddPathDirection)> {
    let mut merged: Vec<(Family, AddPathDirection)> = Vec::new();
    for capability in group {
        if let Capability::AddPath(entries) = capability {
            for entry in entries {
                match merged.iter_mut().find(|(f, _)| *f == entry.family) {
                    Some(slot) => slot.1 = entry.direction,
                    None => merged.push((entry.family, entry.direction)),
                }
            }
        }
    }
    merged
}

/// Extended next hop entries across capabilities, without repeats.
pub(crate) fn merged_next_hops(group: &[&Capability]) -> Vec<(Family, Afi)> {
    let mut merged = Vec::new();
    for capability in group {
        if let Capability::ExtendedNextHop(entries) = capability {
            for entry in entries {
                let pair = (entry.family, entry.next_hop_afi);
                if !merged.contains(&pair) {
                    merged.push(pair);
                }
            }
        }
    }
    merged
}

/// Multiprotocol families across capabilities, repeats kept (ExaBGP appends).
pub(crate) fn merged_families(group: &[&Capability]) -> Vec<Family> {
    group
        .iter()
        .filter_map(|capability| match capability {
            Capability::Multiprotocol(family) => Some(*family),
            _ => None,
        })
        .collect()
}

/// The capability codes listed by a multisession capability (its first capability's value,
/// after the flags octet, multisession codes themselves left out), as ExaBGP reads them.
pub(crate) fn multisession_codes(group: &[&Capability]) -> Vec<u8> {
    let value = match group.first() {
        Some(Capability::Multisession(value)) => value.as_slice(),
        Some(Capability::Unknown { value, .. }) => value.as_slice(),
        _ => &[],
    };
    value
        .iter()
        .skip(1)
        .copied()
        .filter(|&listed| listed != code::MULTISESSION && listed != MULTISESSION_CISCO)
        .collect()
}

/// ExaBGP's `str(Capability.CODE(code))`: the capability's name, or `unassigned-0x..` /
/// `reserved-0x..` / `capability-0x..`.
pub(crate) fn code_label(capability: u8) -> String {
    match name_of_code(capability) {
        Some(name) => name.to_string(),
        None if (70..128).contains(&capability) => format!("unassigned-{capability:#x}"),
        None if capability >= 128 => format!("reserved-{capability:#x}"),
        None => format!("capability-{capability:#x}"),
    }
}

/// ExaBGP's name table for capability codes (the keys of a sent OPEN's capabilities).
fn name_of_code(capability: u8) -> Option<&'static str> {
    Some(match capability {
        0 => "reserved",
        code::MULTIPROTOCOL => "multiprotocol",
        code::ROUTE_REFRESH => "route-refresh",
        code::OUTBOUND_ROUTE_FILTERING => "outbound-route-filtering",
        4 => "multiple-routes",
        code::EXTENDED_NEXT_HOP => "nexthop",
        code::EXTENDED_MESSAGE => "extended-message",
        code::GRACEFUL_RESTART => "graceful-restart",
        code::FOUR_OCTET_AS => "asn4",
        67 => "dynamic-capability",
        code::MULTISESSION => "multi-session",
        code::ADD_PATH => "add-path",
        code::ENHANCED_ROUTE_REFRESH => "enhanced-route-refresh",
        code::OPERATIONAL => "operational",
        code::ROUTE_REFRESH_CISCO => "cisco-route-refresh",
        MULTISESSION_CISCO => "cisco-multi-sesion",
        code::FQDN => "hostname",
        code::SOFTWARE_VERSION => "software-version",
        _ => return None,
    })
}

/// The key of a capability in a sent OPEN (ExaBGP's `_CapabilityCode` string).
fn sent_key(capability: u8) -> String {
    match name_of_code(capability) {
        Some(name) => name.to_string(),
        None => format!("unknown capability {capability:#x}"),
    }
}

/// The IANA registry range ExaBGP reports for a capability it does not know.
pub(crate) fn iana_range(capability: u8) -> &'static str {
    if capability >= 128 {
        "reserved"
    } else if capability >= 70 {
        "unassigned"
    } else {
        "unknown"
    }
}

/// The raw value of the last capability of a group (what ExaBGP keeps for unknown codes).
pub(crate) fn last_raw_value(group: &[&Capability]) -> Vec<u8> {
    let mut value = Vec::new();
    if let Some(capability) = group.last() {
        capability.encode_value(&mut value);
    }
    value
}

/// One capability group's JSON object, as ExaBGP's `Capability.json()`. Codes ExaBGP does
/// not know (long-lived graceful restart, 71, among them) print its "unknown" form.
pub fn capability_json(capability: u8, group: &[&Capability]) -> String {
    match capability {
        code::MULTIPROTOCOL => {
            let families: String = merged_families(group)
                .iter()
                .map(|family| format!(" \"{}\"", family.slash_name()))
                .collect::<Vec<_>>()
                .join(",");
            format!("{{ \"name\": \"multiprotocol\", \"families\": [{families} ] }}")
        }
        code::ROUTE_REFRESH => "{ \"name\": \"route-refresh\", \"variant\": \"RFC\" }".into(),
        code::ROUTE_REFRESH_CISCO => {
            "{ \"name\": \"route-refresh\", \"variant\": \"Cisco\" }".into()
        }
        code::EXTENDED_NEXT_HOP => {
            let conversions = merged_next_hops(group)
                .iter()
                .map(|(family, afi)| format!(" \"{}/{}\"", family.slash_name(), afi.name()))
                .collect::<Vec<_>>()
                .join(",");
            format!("{{ \"name\": \"nexthop\", \"conversion\": [{conversions} ] }}")
        }
        code::EXTENDED_MESSAGE => {
            format!("{{ \"name\": \"extended-message\", \"size\": {EXTENDED_MESSAGE_SIZE} }}")
        }
        code::GRACEFUL_RESTART => graceful_restart_json(group),
        code::FOUR_OCTET_AS => {
            let asn = group
                .iter()
                .rev()
                .find_map(|capability| match capability {
                    Capability::FourOctetAs(asn) => Some(*asn),
                    _ => None,
                })
                .unwrap_or(0);
            format!("{{ \"name\": \"asn4\", \"asn4\": {asn} }}")
        }
        code::MULTISESSION | MULTISESSION_CISCO => {
            let variant = if capability == code::MULTISESSION {
                "RFC"
            } else {
                "Cisco"
            };
            let listed = multisession_codes(group)
                .iter()
                .map(|listed| format!(" \"{}\"", code_label(*listed)))
                .collect::<Vec<_>>()
                .join(",");
            format!(
                "{{ \"name\": \"multisession\", \"variant\": \"{variant}\", \"capabilities\": [{listed} ] }}"
            )
        }
        code::ADD_PATH => {
            let families = merged_add_path(group)
                .iter()
                .map(|(family, direction)| {
                    format!("\"{}\": \"{}\"", family.slash_name(), direction.name())
                })
                .collect::<Vec<_>>()
                .join(",");
            let separator = if families.is_empty() { "" } else { ", " };
            format!("{{ \"name\": \"addpath\"{separator}{families} }}")
        }
        code::ENHANCED_ROUTE_REFRESH => "{ \"name\": \"enhanced-route-refresh\" }".into(),
        code::FQDN => match group.last() {
            Some(Capability::Hostname(hostname)) => format!(
                "{{ \"host-name\": {}, \"domain-name\": {} }}",
                quote(&hostname.host_name),
                quote(&hostname.domain_name)
            ),
            _ => unknown_json(capability, group),
        },
        code::SOFTWARE_VERSION => match group.last() {
            Some(Capability::SoftwareVersion(version)) => {
                format!("{{ \"software\": {} }}", quote(version))
            }
            _ => unknown_json(capability, group),
        },
        code::OPERATIONAL => "{ \"name\": \"operational\" }".into(),
        _ => unknown_json(capability, group),
    }
}

fn unknown_json(capability: u8, group: &[&Capability]) -> String {
    let mut raw = String::new();
    for byte in last_raw_value(group) {
        let _ = write!(raw, "{byte:02X}");
    }
    format!(
        "{{ \"name\": \"unknown\", \"iana\": \"{}\", \"value\": {capability}, \"raw\": \"{raw}\" }}",
        iana_range(capability)
    )
}

/// ExaBGP labels the Restart State bit (0x8) "forwarding" and each family's Forwarding State
/// bit (0x80) "restart"; the labels are kept as helpers have seen them.
fn graceful_restart_json(group: &[&Capability]) -> String {
    let merged = merged_graceful_restart(group);
    let families: String = merged
        .families
        .iter()
        .map(|(family, flags)| {
            let restart = if flags & 0x80 != 0 {
                " \"restart\""
            } else {
                ""
            };
            format!("\"{}\": [{restart} ] ", family.slash_name())
        })
        .collect::<Vec<_>>()
        .join(", ");
    let restart_flags = if merged.restart_flags & 0x8 != 0 {
        " \"forwarding\" "
    } else {
        " "
    };
    format!(
        "{{ \"name\": \"graceful restart\", \"time\": {}, \"address-family-flags\": {{ {families}}}, \"restart-flags\": [{restart_flags}]  }}",
        merged.restart_time
    )
}

/// The `"capabilities"` object of an OPEN: keyed by name for a sent OPEN, by decimal code
/// otherwise.
pub fn capabilities_json(open: &Open, keyed_by_name: bool) -> String {
    let members: Vec<String> = capability_groups(open)
        .iter()
        .map(|(capability, group)| {
            let key = if keyed_by_name {
                sent_key(*capability)
            } else {
                capability.to_string()
            };
            format!("\"{key}\": {}", capability_json(*capability, group))
        })
        .collect();
    format!("{{ {} }}", members.join(", "))
}

/// The whole `open` event line. `raw` is the (header, body) pair when the message went through
/// the consolidate path. `"asn"` is the 2-octet My AS field (AS_TRANS for 4-octet speakers),
/// as ExaBGP shows it.
pub fn open(
    envelope: &Envelope,
    neighbor_view: &NeighborView,
    direction: Direction,
    open: &Open,
    raw: Option<(&[u8], &[u8])>,
) -> String {
    let capabilities = capabilities_json(open, direction == Direction::Send);
    let content = format!(
        "\"open\": {{ \"version\": {}, \"asn\": {}, \"hold_time\": {}, \"router_id\": \"{}\", \"capabilities\": {capabilities} }}",
        open.version, open.my_as, open.hold_time, open.bgp_identifier
    );
    envelope.wrap(
        "open",
        raw,
        &neighbor(
            envelope.version,
            neighbor_view,
            Some(direction.name()),
            &content,
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::json::envelope::JsonVersion;
    use crate::api::json::events::test_support::{lab_envelope, lab_view, parsed, strip};
    use crate::wire::capability::Hostname;
    use crate::wire::capability::tests::capability_strategy;
    use crate::wire::header::HEADER_LENGTH;
    use crate::wire::header::test_support::hex;
    use crate::wire::open::tests::{
        BIRD_OPEN, EXABGP_OPEN, FRR_OPEN, GOBGP_OPEN, bird_open, exabgp_open, frr_open, gobgp_open,
    };
    use proptest::prelude::*;
    use std::net::Ipv4Addr;

    // Ground truth: ExaBGP 5.0.15's and 4.2.25's own `JSON.open` run on these OPENs (decoded
    // by their `Open.unpack_message`; for the sent form the capabilities re-keyed by
    // `_CapabilityCode` as `Capabilities.new` keys them), time/host/pid/counter stripped.
    // The received 5.0 lines equal `exabgp decode` of the same messages but for "in".
    const V5_RECEIVE_EXABGP: &str = r#"{ "exabgp": "5.0.0", "type": "open", "header": "0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003101", "body": "0x04FDE900B40A000001140206010400010001020641040000FDE902020600", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65002, "peer": 65001 }, "router-id": "10.0.0.2" , "direction": "receive", "open": { "version": 4, "asn": 65001, "hold_time": 180, "router_id": "10.0.0.1", "capabilities": { "1": { "name": "multiprotocol", "families": [ "ipv4/unicast" ] }, "65": { "name": "asn4", "asn4": 65001 }, "6": { "name": "extended-message", "size": 65535 } } } } }"#;
    const V5_RECEIVE_BIRD: &str = r#"{ "exabgp": "5.0.0", "type": "open", "header": "0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF006501", "body": "0x04FDF300F0C000020B480246010400010001010400020001020005060001000100020600400A0078000101000002010041040000FDF3450800010101000201024600470E00010100000E1000020100000E10", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65002, "peer": 65001 }, "router-id": "10.0.0.2" , "direction": "receive", "open": { "version": 4, "asn": 65011, "hold_time": 240, "router_id": "192.0.2.11", "capabilities": { "1": { "name": "multiprotocol", "families": [ "ipv4/unicast", "ipv6/unicast" ] }, "2": { "name": "route-refresh", "variant": "RFC" }, "5": { "name": "nexthop", "conversion": [ "ipv4/unicast/ipv6" ] }, "6": { "name": "extended-message", "size": 65535 }, "64": { "name": "graceful restart", "time": 120, "address-family-flags": { "ipv4/unicast": [ ] , "ipv6/unicast": [ ] }, "restart-flags": [ ]  }, "65": { "name": "asn4", "asn4": 65011 }, "69": { "name": "addpath", "ipv4/unicast": "receive","ipv6/unicast": "send" }, "70": { "name": "enhanced-route-refresh" }, "71": { "name": "unknown", "iana": "unassigned", "value": 71, "raw": "00010100000E1000020100000E10" } } } } }"#;
    const V5_RECEIVE_GOBGP: &str = r#"{ "exabgp": "5.0.0", "type": "open", "header": "0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF005701", "body": "0x045BA0005AC000020C3A02380200490402766D000104000100010104000200010104000100854104FA56EA0C4002005A050C000100010002000100850002450400010103", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65002, "peer": 65001 }, "router-id": "10.0.0.2" , "direction": "receive", "open": { "version": 4, "asn": 23456, "hold_time": 90, "router_id": "192.0.2.12", "capabilities": { "2": { "name": "route-refresh", "variant": "RFC" }, "73": { "host-name": "vm", "domain-name": "" }, "1": { "name": "multiprotocol", "families": [ "ipv4/unicast", "ipv6/unicast", "ipv4/flow" ] }, "65": { "name": "asn4", "asn4": 4200000012 }, "64": { "name": "graceful restart", "time": 90, "address-family-flags": { }, "restart-flags": [ ]  }, "5": { "name": "nexthop", "conversion": [ "ipv4/unicast/ipv6", "ipv4/flow/ipv6" ] }, "69": { "name": "addpath", "ipv4/unicast": "send/receive" } } } } }"#;
    const V5_RECEIVE_FRR: &str = r#"{ "exabgp": "5.0.0", "type": "open", "header": "0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF007F01", "body": "0x04FDF500B4C000020D6202060104000100010206010400020001020280000202020002024600020641040000FDF502020600020A45080001010300020103020C490A0866727270726F626500020C400AC07800010100000201000210470E0001018000000000020180000000", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65002, "peer": 65001 }, "router-id": "10.0.0.2" , "direction": "receive", "open": { "version": 4, "asn": 65013, "hold_time": 180, "router_id": "192.0.2.13", "capabilities": { "1": { "name": "multiprotocol", "families": [ "ipv4/unicast", "ipv6/unicast" ] }, "128": { "name": "route-refresh", "variant": "Cisco" }, "2": { "name": "route-refresh", "variant": "RFC" }, "70": { "name": "enhanced-route-refresh" }, "65": { "name": "asn4", "asn4": 65013 }, "6": { "name": "extended-message", "size": 65535 }, "69": { "name": "addpath", "ipv4/unicast": "send/receive","ipv6/unicast": "send/receive" }, "73": { "host-name": "frrprobe", "domain-name": "" }, "64": { "name": "graceful restart", "time": 120, "address-family-flags": { "ipv4/unicast": [ ] , "ipv6/unicast": [ ] }, "restart-flags": [ "forwarding" ]  }, "71": { "name": "unknown", "iana": "unassigned", "value": 71, "raw": "0001018000000000020180000000" } } } } }"#;
    const V5_SEND_FRR: &str = r#"{ "exabgp": "5.0.0", "type": "open", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65002, "peer": 65001 }, "router-id": "10.0.0.2" , "direction": "send", "open": { "version": 4, "asn": 65013, "hold_time": 180, "router_id": "192.0.2.13", "capabilities": { "multiprotocol": { "name": "multiprotocol", "families": [ "ipv4/unicast", "ipv6/unicast" ] }, "cisco-route-refresh": { "name": "route-refresh", "variant": "Cisco" }, "route-refresh": { "name": "route-refresh", "variant": "RFC" }, "enhanced-route-refresh": { "name": "enhanced-route-refresh" }, "asn4": { "name": "asn4", "asn4": 65013 }, "extended-message": { "name": "extended-message", "size": 65535 }, "add-path": { "name": "addpath", "ipv4/unicast": "send/receive","ipv6/unicast": "send/receive" }, "hostname": { "host-name": "frrprobe", "domain-name": "" }, "graceful-restart": { "name": "graceful restart", "time": 120, "address-family-flags": { "ipv4/unicast": [ ] , "ipv6/unicast": [ ] }, "restart-flags": [ "forwarding" ]  }, "unknown capability 0x47": { "name": "unknown", "iana": "unassigned", "value": 71, "raw": "0001018000000000020180000000" } } } } }"#;
    const V5_SEND_BIRD: &str = r#"{ "exabgp": "5.0.0", "type": "open", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65002, "peer": 65001 }, "router-id": "10.0.0.2" , "direction": "send", "open": { "version": 4, "asn": 65011, "hold_time": 240, "router_id": "192.0.2.11", "capabilities": { "multiprotocol": { "name": "multiprotocol", "families": [ "ipv4/unicast", "ipv6/unicast" ] }, "route-refresh": { "name": "route-refresh", "variant": "RFC" }, "nexthop": { "name": "nexthop", "conversion": [ "ipv4/unicast/ipv6" ] }, "extended-message": { "name": "extended-message", "size": 65535 }, "graceful-restart": { "name": "graceful restart", "time": 120, "address-family-flags": { "ipv4/unicast": [ ] , "ipv6/unicast": [ ] }, "restart-flags": [ ]  }, "asn4": { "name": "asn4", "asn4": 65011 }, "add-path": { "name": "addpath", "ipv4/unicast": "receive","ipv6/unicast": "send" }, "enhanced-route-refresh": { "name": "enhanced-route-refresh" }, "unknown capability 0x47": { "name": "unknown", "iana": "unassigned", "value": 71, "raw": "00010100000E1000020100000E10" } } } } }"#;
    const V5_SEND_GOBGP: &str = r#"{ "exabgp": "5.0.0", "type": "open", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65002, "peer": 65001 }, "router-id": "10.0.0.2" , "direction": "send", "open": { "version": 4, "asn": 23456, "hold_time": 90, "router_id": "192.0.2.12", "capabilities": { "route-refresh": { "name": "route-refresh", "variant": "RFC" }, "hostname": { "host-name": "vm", "domain-name": "" }, "multiprotocol": { "name": "multiprotocol", "families": [ "ipv4/unicast", "ipv6/unicast", "ipv4/flow" ] }, "asn4": { "name": "asn4", "asn4": 4200000012 }, "graceful-restart": { "name": "graceful restart", "time": 90, "address-family-flags": { }, "restart-flags": [ ]  }, "nexthop": { "name": "nexthop", "conversion": [ "ipv4/unicast/ipv6", "ipv4/flow/ipv6" ] }, "add-path": { "name": "addpath", "ipv4/unicast": "send/receive" } } } } }"#;
    const V4_RECEIVE_EXABGP: &str = r#"{ "exabgp": "4.0.1", "type": "open", "header": "0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF003101", "body": "0x04FDE900B40A000001140206010400010001020641040000FDE902020600", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65002, "peer": 65001 } , "direction": "receive", "open": { "version": 4, "asn": 65001, "hold_time": 180, "router_id": "10.0.0.1", "capabilities": { "1": { "name": "multiprotocol", "families": [ "ipv4/unicast" ] }, "65": { "name": "asn4", "asn4": 65001 }, "6": { "name": "extended-message", "size": 65535 } } } } }"#;
    const V4_RECEIVE_BIRD: &str = r#"{ "exabgp": "4.0.1", "type": "open", "header": "0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF006501", "body": "0x04FDF300F0C000020B480246010400010001010400020001020005060001000100020600400A0078000101000002010041040000FDF3450800010101000201024600470E00010100000E1000020100000E10", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65002, "peer": 65001 } , "direction": "receive", "open": { "version": 4, "asn": 65011, "hold_time": 240, "router_id": "192.0.2.11", "capabilities": { "1": { "name": "multiprotocol", "families": [ "ipv4/unicast", "ipv6/unicast" ] }, "2": { "name": "route-refresh", "variant": "RFC" }, "5": { "name": "nexthop", "conversion": [ "ipv4/unicast/ipv6" ] }, "6": { "name": "extended-message", "size": 65535 }, "64": { "name": "graceful restart", "time": 120, "address-family-flags": { "ipv4/unicast": [ ] , "ipv6/unicast": [ ] }, "restart-flags": [ ] }, "65": { "name": "asn4", "asn4": 65011 }, "69": { "name": "addpath", "ipv4/unicast": "receive","ipv6/unicast": "send" }, "70": { "name": "enhanced-route-refresh" }, "71": { "name": "unknown", "iana": "unassigned", "value": 71, "raw": "00010100000E1000020100000E10" } } } } }"#;

    fn split(message: &str) -> (Vec<u8>, Vec<u8>) {
        let mut header = hex(message);
        let body = header.split_off(HEADER_LENGTH);
        (header, body)
    }

    fn line(version: JsonVersion, direction: Direction, value: &Open, message: &str) -> String {
        let (header, body) = split(message);
        let raw = (direction != Direction::Send).then_some((header.as_slice(), body.as_slice()));
        open(&lab_envelope(version), &lab_view(), direction, value, raw)
    }

    #[test]
    fn received_opens_match_exabgp_5_byte_for_byte() {
        for (message, value, expected) in [
            (EXABGP_OPEN, exabgp_open(), V5_RECEIVE_EXABGP),
            (BIRD_OPEN, bird_open(), V5_RECEIVE_BIRD),
            (GOBGP_OPEN, gobgp_open(), V5_RECEIVE_GOBGP),
            (FRR_OPEN, frr_open(), V5_RECEIVE_FRR),
        ] {
            let ours = line(JsonVersion::V5, Direction::Receive, &value, message);
            assert_eq!(strip(&ours), expected);
            // The decoded value from the bytes renders the same.
            let (_, body) = split(message);
            let decoded = Open::decode(&body).unwrap();
            assert_eq!(
                line(JsonVersion::V5, Direction::Receive, &decoded, message),
                ours
            );
        }
    }

    #[test]
    fn sent_opens_are_keyed_by_name_like_exabgp_5() {
        for (message, value, expected) in [
            (FRR_OPEN, frr_open(), V5_SEND_FRR),
            (BIRD_OPEN, bird_open(), V5_SEND_BIRD),
            (GOBGP_OPEN, gobgp_open(), V5_SEND_GOBGP),
        ] {
            assert_eq!(
                strip(&line(JsonVersion::V5, Direction::Send, &value, message)),
                expected
            );
        }
    }

    #[test]
    fn version_4_format() {
        let ours = line(
            JsonVersion::V4,
            Direction::Receive,
            &exabgp_open(),
            EXABGP_OPEN,
        );
        assert_eq!(strip(&ours), V4_RECEIVE_EXABGP);
        // 4.2 writes one space less before the end of the graceful restart object; the
        // parsed objects are equal.
        let ours = line(JsonVersion::V4, Direction::Receive, &bird_open(), BIRD_OPEN);
        assert_eq!(parsed(&ours), parsed(V4_RECEIVE_BIRD));
    }

    /// ExaBGP 5.0.13's own OPEN as captured live (exabgp-api reference §3.2), without its
    /// `"hostname": { "host-name": null, "domain-name": null }` member: ExaBGP lists a
    /// hostname capability it did not send; we list what is on the wire.
    #[test]
    fn exabgp_own_sent_open_captured_live() {
        let value = crate::wire::open::tests::exabgp_lab_sent_open();
        let envelope = Envelope {
            time: 1795645916.1971233,
            pid: 16779,
            ppid: 16778,
            counter: Some(6),
            ..lab_envelope(JsonVersion::V5)
        };
        assert_eq!(
            open(&envelope, &lab_view(), Direction::Send, &value, None),
            r#"{ "exabgp": "5.0.0", "time": 1795645916.1971233, "host" : "vm", "pid" : 16779, "ppid" : 16778, "counter": 6, "type": "open", "neighbor": { "address": { "local": "127.0.0.1", "peer": "127.0.0.1" }, "asn": { "local": 65002, "peer": 65001 }, "router-id": "10.0.0.2" , "direction": "send", "open": { "version": 4, "asn": 65002, "hold_time": 180, "router_id": "10.0.0.2", "capabilities": { "multiprotocol": { "name": "multiprotocol", "families": [ "ipv4/unicast", "ipv4/nlri-mpls", "ipv4/mpls-vpn", "ipv4/flow", "ipv6/unicast", "l2vpn/vpls" ] }, "asn4": { "name": "asn4", "asn4": 65002 }, "add-path": { "name": "addpath", "ipv4/unicast": "send/receive","ipv6/unicast": "send/receive","ipv4/nlri-mpls": "send/receive","ipv4/mpls-vpn": "send/receive" }, "graceful-restart": { "name": "graceful restart", "time": 120, "address-family-flags": { "ipv4/unicast": [ "restart" ] , "ipv4/nlri-mpls": [ "restart" ] , "ipv4/mpls-vpn": [ "restart" ] , "ipv4/flow": [ "restart" ] , "ipv6/unicast": [ "restart" ] , "l2vpn/vpls": [ "restart" ] }, "restart-flags": [ "forwarding" ]  }, "route-refresh": { "name": "route-refresh", "variant": "RFC" }, "enhanced-route-refresh": { "name": "enhanced-route-refresh" }, "operational": { "name": "operational" }, "extended-message": { "name": "extended-message", "size": 65535 } } } } }"#
        );
    }

    /// Forms checked against ExaBGP 5.0's classes: software version (its qa file
    /// `bgp-open-sofware-version`), multisession, merged repeats, unknown codes.
    #[test]
    fn other_capability_forms() {
        let single = |capability: Capability| {
            let code = capability.code();
            capability_json(code, &[&capability])
        };
        assert_eq!(
            single(Capability::SoftwareVersion(
                "ExaBGP/main-c2a2ea8ebd-20240715".into()
            )),
            r#"{ "software": "ExaBGP/main-c2a2ea8ebd-20240715" }"#
        );
        assert_eq!(
            single(Capability::Multisession(vec![0, 1])),
            r#"{ "name": "multisession", "variant": "RFC", "capabilities": [ "multiprotocol" ] }"#
        );
        assert_eq!(
            single(Capability::Unknown {
                code: 131,
                value: vec![0, 1, 200]
            }),
            r#"{ "name": "multisession", "variant": "Cisco", "capabilities": [ "multiprotocol", "reserved-0xc8" ] }"#
        );
        assert_eq!(
            single(Capability::Unknown {
                code: 3,
                value: vec![0xAB]
            }),
            r#"{ "name": "unknown", "iana": "unknown", "value": 3, "raw": "AB" }"#
        );
        assert_eq!(
            single(Capability::Unknown {
                code: 200,
                value: vec![]
            }),
            r#"{ "name": "unknown", "iana": "reserved", "value": 200, "raw": "" }"#
        );
        assert_eq!(
            single(Capability::Hostname(Hostname::new("r\"1", "é"))),
            r#"{ "host-name": "r\"1", "domain-name": "\u00e9" }"#
        );
        assert_eq!(
            single(Capability::AddPath(vec![])),
            r#"{ "name": "addpath" }"#
        );
        // Repeats merge into the first one's slot, as ExaBGP's dictionary does.
        let repeated = Open::new(
            65001,
            90,
            Ipv4Addr::new(1, 2, 3, 4),
            vec![
                Capability::Multiprotocol(Family::IPV4_UNICAST),
                Capability::FourOctetAs(1),
                Capability::Multiprotocol(Family::IPV6_UNICAST),
                Capability::FourOctetAs(2),
            ],
        );
        assert_eq!(
            capabilities_json(&repeated, false),
            r#"{ "1": { "name": "multiprotocol", "families": [ "ipv4/unicast", "ipv6/unicast" ] }, "65": { "name": "asn4", "asn4": 2 } }"#
        );
        let bare = Open::new(65001, 90, Ipv4Addr::new(1, 2, 3, 4), vec![]);
        assert_eq!(capabilities_json(&bare, true), "{  }");
        assert_eq!(sent_key(71), "unknown capability 0x47");
    }

    proptest! {
        #[test]
        fn any_open_renders_valid_json(
            asn in any::<u32>(),
            capabilities in proptest::collection::vec(capability_strategy(), 0..12),
            send in any::<bool>(),
            v4 in any::<bool>(),
        ) {
            let value = Open::new(asn, 180, Ipv4Addr::new(10, 0, 0, 1), capabilities);
            let version = if v4 { JsonVersion::V4 } else { JsonVersion::V5 };
            let direction = if send { Direction::Send } else { Direction::Receive };
            let line = open(&lab_envelope(version), &lab_view(), direction, &value, None);
            prop_assert!(serde_json::from_str::<serde_json::Value>(&line).is_ok(), "{}", line);
            prop_assert!(!line.contains('\n'));
        }
    }
}
