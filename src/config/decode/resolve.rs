//! From drafts to the model: applies templates in `inherit` order, fills the global
//! router-id and local-as and the defaults, and checks what needs the whole file (helpers and
//! templates that exist, required settings, settings that contradict each other).

use super::context::Context;
use super::global::{NeighborDraft, TopLevel};
use super::settings::{Settings, Spanned};
use crate::config::diagnostic::Problem;
use crate::config::model::{
    AddPath, BGP_PORT, Capabilities, DEFAULT_HOLD_TIME, Listen, Neighbor, Ttl,
};
use crate::config::suggest;
use crate::wire::family::Family;
use std::collections::BTreeMap;

/// Every neighbor that resolves completely; problems for the others.
///
/// The drafts are taken out of `top` and consumed: a neighbor's own settings move into the
/// result instead of being copied, which matters for large `announce` blocks (each static
/// route is a few hundred bytes, and a generated file may hold a million of them).
pub fn neighbors(context: &mut Context, top: &mut TopLevel) -> Vec<Neighbor> {
    let drafts = std::mem::take(&mut top.neighbors);
    drafts
        .into_iter()
        .filter_map(|draft| neighbor(context, top, draft))
        .collect()
}

fn neighbor(context: &mut Context, top: &TopLevel, draft: NeighborDraft) -> Option<Neighbor> {
    let mut settings = Settings::default();
    let template_names: Vec<&str> = top.templates.keys().map(String::as_str).collect();
    for inherit in &draft.inherit {
        match top.templates.get(&inherit.value) {
            Some(template) => settings.overlay(template.clone()),
            None => {
                let help = if template_names.is_empty() {
                    format!("define it with `template \"{}\" {{ … }}`", inherit.value)
                } else {
                    suggest::hint(&inherit.value, &template_names)
                };
                context.push(
                    Problem::new(
                        "config::unknown-template",
                        format!("there is no template `{}`", inherit.value),
                        inherit.span,
                        "unknown template",
                    )
                    .with_help(help),
                );
                // Its settings are unknown: do not report them as missing.
                settings.invalid.insert("inherit".into());
            }
        }
    }
    settings.overlay(draft.settings);
    let address = draft.address.value;
    let missing_context = settings.invalid.contains("inherit");

    let mut complete = true;
    let mut require = |context: &mut Context, value: bool, setting: &str, global: bool| {
        if value
            || missing_context
            || settings.invalid.contains(setting)
            || (global && top.invalid.contains(setting))
        {
            complete &= value;
            return;
        }
        complete = false;
        let (example, place) = match setting {
            "peer-as" => (
                "peer-as 65001",
                "in this neighbor or in a template it inherits",
            ),
            "local-as" => (
                "local-as 65000",
                "at the top level of the file, or in this neighbor",
            ),
            _ => (
                "router-id \"192.0.2.1\"",
                "at the top level of the file, or in this neighbor",
            ),
        };
        context.push(
            Problem::new(
                "config::missing-setting",
                format!("neighbor {address} has no `{setting}`"),
                draft.name_span,
                format!("`{setting}` missing"),
            )
            .with_help(format!("add `{example}` {place}")),
        );
    };
    let local_as = settings.local_as.or(top.global.local_as);
    let router_id = settings.router_id.or(top.global.router_id);
    require(context, settings.peer_as.is_some(), "peer-as", false);
    require(context, local_as.is_some(), "local-as", true);
    require(context, router_id.is_some(), "router-id", true);

    if let Some(local_address) = &settings.local_address
        && local_address.value.is_ipv4() != address.is_ipv4()
    {
        complete = false;
        context.push(
            Problem::new(
                "config::address-family-mismatch",
                "the local address and the neighbor address are of different IP versions",
                local_address.span,
                "local address",
            )
            .with_related(draft.address.span, "neighbor address")
            .with_help("a TCP connection has both ends in the same IP version"),
        );
    }

    if let (Some(passive), Some(off)) = (&settings.passive, top.listen_off)
        && passive.value
        && top.global.listen == Listen::Off
    {
        complete = false;
        context.push(
            Problem::new(
                "config::passive-without-listen",
                "this neighbor is passive, but listening is turned off",
                passive.span,
                "never connects",
            )
            .with_related(off, "never accepts")
            .with_help("the session could never come up: remove `passive` or `listen #false`"),
        );
    }

    let mut api = Vec::new();
    for draft_binding in &settings.api {
        for (process, span) in draft_binding
            .binding
            .processes
            .iter()
            .zip(&draft_binding.process_spans)
        {
            if top.process_names.contains(process) {
                continue;
            }
            complete = false;
            let known: Vec<&str> = top.process_names.iter().map(String::as_str).collect();
            let help = match suggest::closest(process, &known) {
                Some(candidate) => format!("did you mean `{candidate}`?"),
                None => {
                    format!("define it with `process \"{process}\" {{ run \"/path/to/program\" }}`")
                }
            };
            context.push(
                Problem::new(
                    "config::unknown-process",
                    format!("there is no helper `{process}`"),
                    *span,
                    "not defined by any `process`",
                )
                .with_help(help),
            );
        }
        api.push(draft_binding.binding.clone());
    }

    if !complete || !settings.invalid.is_empty() {
        return None;
    }
    let defaults = Capabilities::default();
    let capabilities = Capabilities {
        asn4: settings.capabilities.asn4.unwrap_or(defaults.asn4),
        route_refresh: settings
            .capabilities
            .route_refresh
            .unwrap_or(defaults.route_refresh),
        graceful_restart: settings
            .capabilities
            .graceful_restart
            .unwrap_or(defaults.graceful_restart),
        extended_message: settings
            .capabilities
            .extended_message
            .unwrap_or(defaults.extended_message),
        hostname: settings
            .capabilities
            .hostname
            .clone()
            .unwrap_or(defaults.hostname),
        software_version: settings
            .capabilities
            .software_version
            .unwrap_or(defaults.software_version),
        operational: settings
            .capabilities
            .operational
            .unwrap_or(defaults.operational),
    };
    let families = settings.families.unwrap_or_else(default_families);
    // Collected in place (same allocation as the spanned list): a generated file may hold a
    // million entries.
    let mut routes: Vec<_> = settings
        .routes
        .into_iter()
        .filter_map(|Spanned { value: route, span }| {
            let family = route.route.family();
            if families.contains_key(&family) {
                return Some(route);
            }
            context.push(
                Problem::new(
                    "config::family-not-negotiated",
                    format!(
                        "this route is {family}, a family neighbor {address} does not negotiate"
                    ),
                    span,
                    "never sent",
                )
                .with_help(format!("add `{family}` to the neighbor's `family` block")),
            );
            complete = false;
            None
        })
        .collect();
    routes.shrink_to_fit();
    if !complete {
        return None;
    }
    Some(Neighbor {
        address,
        peer_as: settings.peer_as?,
        local_as: local_as?,
        router_id: router_id?,
        local_address: settings.local_address.map(|spanned| spanned.value),
        description: settings.description,
        hold_time: settings.hold_time.unwrap_or(DEFAULT_HOLD_TIME),
        passive: settings.passive.is_some_and(|passive| passive.value),
        connect_port: settings.connect_port.unwrap_or(BGP_PORT),
        md5: settings.md5,
        ttl: settings.ttl.unwrap_or(Ttl::SystemDefault),
        families,
        capabilities,
        group_updates: settings.group_updates.unwrap_or(true),
        manual_eor: settings.manual_eor.unwrap_or(false),
        adj_rib_in: settings.adj_rib_in.unwrap_or(true),
        adj_rib_out: settings.adj_rib_out.unwrap_or(true),
        api,
        routes: std::sync::Arc::new(routes),
    })
}

/// IPv4 unicast and IPv6 unicast, whatever the neighbor's address.
pub fn default_families() -> BTreeMap<Family, AddPath> {
    BTreeMap::from([
        (Family::IPV4_UNICAST, AddPath::Off),
        (Family::IPV6_UNICAST, AddPath::Off),
    ])
}
