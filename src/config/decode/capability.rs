//! The `family { … }` and `capability { … }` blocks of a neighbor or template.
//!
//! ```kdl
//! family { ipv4 unicast add-path=send-receive; ipv6 unicast; ipv4 flow }
//! capability { asn4 #true; route-refresh; graceful-restart 120; hostname "r1" domain="example.net" }
//! ```

use super::context::{Context, Once, Shape, name};
use super::settings::Settings;
use super::values;
use crate::config::diagnostic::Problem;
use crate::config::model::{AddPath, Hostname, MAXIMUM_RESTART_TIME};
use crate::config::suggest;
use crate::wire::family::{Afi, Family, Safi};
use kdl::{KdlNode, KdlValue};
use std::collections::BTreeMap;

const AFIS: &[&str] = &["ipv4", "ipv6", "l2vpn", "bgp-ls"];
const SAFIS: &[&str] = &[
    "unicast",
    "multicast",
    "nlri-mpls",
    "mpls-vpn",
    "flow",
    "flow-vpn",
    "vpls",
    "evpn",
    "mup",
    "mcast-vpn",
    "bgp-ls",
    "bgp-ls-vpn",
    "rtc",
];
const ADD_PATH: &[&str] = &["off", "send", "receive", "send-receive"];
const CAPABILITIES: &[&str] = &[
    "asn4",
    "route-refresh",
    "graceful-restart",
    "extended-message",
    "hostname",
    "software-version",
    "operational",
];

/// The `family` block: at least one family, each once.
/// The families the codec decodes and encodes.
const SUPPORTED_FAMILIES: &[Family] = &[
    Family::new(Afi::Ipv4, Safi::Unicast),
    Family::new(Afi::Ipv4, Safi::Multicast),
    Family::new(Afi::Ipv4, Safi::MplsLabel),
    Family::new(Afi::Ipv4, Safi::MplsVpn),
    Family::new(Afi::Ipv4, Safi::Flowspec),
    Family::new(Afi::Ipv4, Safi::FlowspecVpn),
    Family::new(Afi::Ipv6, Safi::Unicast),
    Family::new(Afi::Ipv6, Safi::Multicast),
    Family::new(Afi::Ipv6, Safi::MplsLabel),
    Family::new(Afi::Ipv6, Safi::MplsVpn),
    Family::new(Afi::Ipv6, Safi::Flowspec),
    Family::new(Afi::Ipv6, Safi::FlowspecVpn),
    Family::new(Afi::L2vpn, Safi::Vpls),
    Family::new(Afi::L2vpn, Safi::Evpn),
];

fn is_supported(family: Family) -> bool {
    SUPPORTED_FAMILIES.contains(&family)
}

pub fn decode_families(context: &mut Context, node: &KdlNode) -> Option<BTreeMap<Family, AddPath>> {
    let parts = context.parts(node, Shape::block("family { ipv4 unicast; ipv6 unicast }"))?;
    let block = parts.block?;
    let mut families = BTreeMap::new();
    let mut once = Once::default();
    let mut complete = true;
    for child in block.nodes() {
        let afi_name = name(child);
        let Some(afi) = Afi::parse(afi_name) else {
            context.unknown_node(child, "family", AFIS);
            complete = false;
            continue;
        };
        let shape =
            Shape::value("ipv4 unicast add-path=send-receive").with_properties(&["add-path"]);
        let Some(parts) = context.parts(child, shape) else {
            complete = false;
            continue;
        };
        let Some(safi_entry) = parts.first() else {
            continue;
        };
        let Some(safi_name) =
            values::string(context, afi_name, safi_entry, "a SAFI like `unicast`")
        else {
            complete = false;
            continue;
        };
        let Some(safi) = Safi::parse(safi_name) else {
            context.push(
                Problem::new(
                    "config::unknown-family",
                    format!("unknown family `{afi_name} {safi_name}`"),
                    safi_entry.span(),
                    "unknown SAFI",
                )
                .with_help(suggest::hint(safi_name, SAFIS)),
            );
            complete = false;
            continue;
        };
        let family = Family::new(afi, safi);
        if !is_supported(family) {
            context.push(
                Problem::new(
                    "config::unknown-family",
                    format!("`{afi_name} {safi_name}` is not a family ferrobgp speaks"),
                    child.span(),
                    "unsupported AFI/SAFI pair",
                )
                .with_help(format!(
                    "supported: {}",
                    SUPPORTED_FAMILIES
                        .iter()
                        .map(|family| family.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
            complete = false;
            continue;
        }
        let add_path = match parts.property("add-path") {
            None => AddPath::Off,
            Some(entry) => match decode_add_path(context, entry) {
                Some(mode) => mode,
                None => {
                    complete = false;
                    continue;
                }
            },
        };
        if once.first_key(context, &family.to_string(), child.span(), child.span()) {
            families.insert(family, add_path);
        }
    }
    if block.nodes().is_empty() {
        context.push(
            Problem::new(
                "config::no-family",
                "the `family` block lists no family",
                node.span(),
                "empty",
            )
            .with_help("list at least one, like `family { ipv4 unicast }`, or remove the block for the default (IPv4 and IPv6 unicast)"),
        );
        return None;
    }
    complete.then_some(families)
}

fn decode_add_path(context: &mut Context, entry: &kdl::KdlEntry) -> Option<AddPath> {
    let word = values::string(
        context,
        "add-path",
        entry,
        "send, receive, send-receive or off",
    )?;
    if let Some(mode) = AddPath::parse(word) {
        return Some(mode);
    }
    let help = match word {
        "send/receive" | "both" | "receive-send" => "write `add-path=send-receive`".to_string(),
        _ => suggest::hint(word, ADD_PATH),
    };
    context.push(
        Problem::new(
            "config::invalid-add-path",
            format!("`{word}` is not an ADD-PATH mode"),
            entry.span(),
            "expected send, receive, send-receive or off",
        )
        .with_help(help),
    );
    None
}

/// The `capability` block, setting by setting into `settings`.
pub fn decode_capabilities(context: &mut Context, node: &KdlNode, settings: &mut Settings) {
    let Some(parts) = context.parts(
        node,
        Shape::block("capability { route-refresh; graceful-restart 120 }"),
    ) else {
        return;
    };
    let Some(block) = parts.block else {
        return;
    };
    let mut once = Once::default();
    for child in block.nodes() {
        let child_name = name(child);
        if !CAPABILITIES.contains(&child_name) {
            context.unknown_node(child, "capability", CAPABILITIES);
            continue;
        }
        if !once.first(context, child) {
            continue;
        }
        let before = context.problems.len();
        let capabilities = &mut settings.capabilities;
        match child_name {
            "asn4" => capabilities.asn4 = context.flag(child),
            "route-refresh" => capabilities.route_refresh = context.flag(child),
            "extended-message" => capabilities.extended_message = context.flag(child),
            "software-version" => capabilities.software_version = context.flag(child),
            "operational" => capabilities.operational = context.flag(child),
            "graceful-restart" => {
                capabilities.graceful_restart = decode_graceful_restart(context, child)
            }
            _ => capabilities.hostname = decode_hostname(context, child),
        }
        if context.problems.len() > before {
            settings.invalid.insert(format!("capability {child_name}"));
        }
    }
}

/// `graceful-restart SECONDS` or `graceful-restart #false`.
fn decode_graceful_restart(context: &mut Context, node: &KdlNode) -> Option<Option<u16>> {
    let entry = context.single(node, "graceful-restart 120")?;
    match entry.value() {
        KdlValue::Bool(false) => Some(None),
        KdlValue::Bool(true) => {
            context.push(
                Problem::new(
                    "config::wrong-type",
                    "`graceful-restart` needs the restart time",
                    entry.span(),
                    "how many seconds?",
                )
                .with_help("give the restart time in seconds, like `graceful-restart 120`, or `#false` to turn it off"),
            );
            None
        }
        _ => {
            let range = 0..=i128::from(MAXIMUM_RESTART_TIME);
            let seconds = values::integer(
                context,
                "graceful-restart",
                entry,
                range,
                "a restart time from 0 to 4095 seconds, or #false",
            )?;
            u16::try_from(seconds).ok().map(Some)
        }
    }
}

/// `hostname #false`, `hostname #true` (the system's name) or `hostname "r1" domain="example.net"`.
fn decode_hostname(context: &mut Context, node: &KdlNode) -> Option<Hostname> {
    let shape = Shape::value("hostname \"r1\" domain=\"example.net\"").with_properties(&["domain"]);
    let parts = context.parts(node, shape)?;
    let entry = parts.first()?;
    let domain = match parts.property("domain") {
        None => None,
        Some(domain) => {
            Some(values::string(context, "domain", domain, "a quoted domain name")?.to_string())
        }
    };
    let hostname = match entry.value() {
        KdlValue::Bool(false) => Hostname::Off,
        KdlValue::Bool(true) => Hostname::System,
        _ => {
            let host = values::string(
                context,
                "hostname",
                entry,
                "#true, #false or a quoted host name",
            )?;
            Hostname::Named {
                host: host.to_string(),
                domain: domain.clone(),
            }
        }
    };
    let too_long = |text: &str| text.is_empty() || text.len() > 255;
    if let Hostname::Named { host, domain } = &hostname
        && (too_long(host) || domain.as_deref().is_some_and(too_long))
    {
        context.push(Problem::new(
            "config::out-of-range",
            "host and domain names must have 1 to 255 bytes",
            node.span(),
            "too long or empty",
        ));
        return None;
    }
    if domain.is_some() && !matches!(hostname, Hostname::Named { .. }) {
        if let Some(domain_entry) = parts.property("domain") {
            context.push(
                Problem::new(
                    "config::conflict",
                    "`domain` goes with an explicit host name",
                    domain_entry.span(),
                    "no host name given",
                )
                .with_help("write `hostname \"r1\" domain=\"example.net\"`"),
            );
        }
        return None;
    }
    Some(hostname)
}
