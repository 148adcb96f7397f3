//! The top level of the file: global settings, and the `process`, `template` and `neighbor`
//! nodes, collected in any order (references between them are resolved afterwards, so a
//! neighbor may come before the helper or template it names).

use super::context::{Context, Once, Shape, TOP_LEVEL, name};
use super::neighbor::{self, Kind};
use super::settings::{Settings, Spanned};
use super::{RouteParser, process, values};
use crate::config::diagnostic::Problem;
use crate::config::model::{BGP_PORT, ControlFifo, Global, Listen, LogLevel, Process};
use crate::config::suggest;
use kdl::{KdlNode, KdlValue};
use miette::SourceSpan;
use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, SocketAddr};

/// A neighbor before templates are applied.
#[derive(Debug)]
pub struct NeighborDraft {
    pub address: Spanned<IpAddr>,
    pub name_span: SourceSpan,
    pub settings: Settings,
    pub inherit: Vec<Spanned<String>>,
}

/// Everything at the top level.
#[derive(Debug, Default)]
pub struct TopLevel {
    pub global: Global,
    /// Global settings that were written but invalid (already reported).
    pub invalid: BTreeSet<String>,
    /// Where `listen #false` was written.
    pub listen_off: Option<SourceSpan>,
    /// Valid helpers, in file order.
    pub processes: Vec<Process>,
    /// The name of every `process` node, valid or not.
    pub process_names: Vec<String>,
    /// Templates by name (invalid ones included, with what could be read).
    pub templates: BTreeMap<String, Settings>,
    pub neighbors: Vec<NeighborDraft>,
}

/// Walks the top-level nodes.
pub fn decode<'n>(
    context: &mut Context,
    nodes: impl IntoIterator<Item = &'n KdlNode>,
    parse_route: RouteParser<'_>,
) -> TopLevel {
    let mut top = TopLevel::default();
    let mut once = Once::default();
    let mut process_names = Once::default();
    let mut template_names = Once::default();
    let mut neighbor_addresses = Once::default();
    let mut listen_addresses = Once::default();
    let mut listening: Vec<SocketAddr> = Vec::new();
    let mut listen_spans: Vec<SourceSpan> = Vec::new();
    for node in nodes {
        let node_name = name(node);
        let repeatable = matches!(node_name, "listen" | "process" | "template" | "neighbor");
        if TOP_LEVEL.contains(&node_name) && !repeatable && !once.first(context, node) {
            continue;
        }
        let before = context.problems.len();
        match node_name {
            "router-id" => {
                top.global.router_id = context
                    .single(node, "router-id \"192.0.2.1\"")
                    .and_then(|entry| values::ipv4_address(context, node_name, entry));
            }
            "local-as" => {
                top.global.local_as = context
                    .single(node, "local-as 65000")
                    .and_then(|entry| values::asn(context, node_name, entry));
            }
            "listen" => {
                listen_spans.push(node.span());
                let span = node.span();
                match decode_listen(context, node) {
                    Some(None)
                        if listen_addresses.first_key(context, "listen #false", span, span) =>
                    {
                        top.listen_off = Some(span);
                    }
                    Some(Some(address))
                        if listen_addresses.first_key(
                            context,
                            &address.to_string(),
                            span,
                            span,
                        ) =>
                    {
                        listening.push(address);
                    }
                    _ => {}
                }
            }
            "control-fifo" => {
                if let Some(fifo) = decode_control_fifo(context, node) {
                    top.global.control_fifo = fifo;
                }
            }
            "log-level" => {
                if let Some(level) = decode_log_level(context, node) {
                    top.global.log_level = level;
                }
            }
            "watch-config" => {
                if let Some(watch) = context.flag(node) {
                    top.global.watch_config = watch;
                }
            }
            "process" => {
                let decoded = process::decode(context, node);
                if let Some(found) = &decoded.name {
                    if !process_names.first_key(context, &found.value, found.span, found.span) {
                        continue;
                    }
                    top.process_names.push(found.value.clone());
                }
                top.processes.extend(decoded.process);
            }
            "template" => {
                decode_template(context, node, &mut template_names, &mut top, parse_route)
            }
            "neighbor" => {
                if let Some(draft) = decode_neighbor(context, node, parse_route)
                    && neighbor_addresses.first_key(
                        context,
                        &draft.address.value.to_string(),
                        draft.address.span,
                        draft.address.span,
                    )
                {
                    top.neighbors.push(draft);
                }
            }
            _ => context.unknown_node(node, "the top level", TOP_LEVEL),
        }
        if context.problems.len() > before && !repeatable {
            top.invalid.insert(node_name.to_string());
        }
    }
    if let Some(off) = top.listen_off {
        if listening.is_empty() {
            top.global.listen = Listen::Off;
        } else if let Some(other) = listen_spans.iter().find(|span| **span != off) {
            context.push(
                Problem::new(
                    "config::conflict",
                    "listening is turned off, but an address to listen on is given",
                    off,
                    "listening off",
                )
                .with_related(*other, "listening on")
                .with_help("remove `listen #false`, or every other `listen`"),
            );
        }
    } else if !listening.is_empty() {
        top.global.listen = Listen::On(listening);
    }
    top
}

/// `listen "ADDRESS" port=179` (Some(Some)) or `listen #false` (Some(None)).
fn decode_listen(context: &mut Context, node: &KdlNode) -> Option<Option<SocketAddr>> {
    let shape =
        Shape::value("listen \"0.0.0.0\" port=179` or `listen #false").with_properties(&["port"]);
    let parts = context.parts(node, shape)?;
    let entry = parts.first()?;
    if let KdlValue::Bool(false) = entry.value() {
        if let Some(port) = parts.property("port") {
            context.push(Problem::new(
                "config::conflict",
                "`listen #false` takes no port",
                port.span(),
                "not listening anywhere",
            ));
            return None;
        }
        return Some(None);
    }
    let address = values::ip_address(context, "listen", entry);
    let port = match parts.property("port") {
        None => Some(BGP_PORT),
        Some(port) => values::port(context, "port", port),
    };
    Some(Some(SocketAddr::new(address?, port?)))
}

/// `control-fifo #true` (runtime directory), `#false`, or `"/path/name"`.
fn decode_control_fifo(context: &mut Context, node: &KdlNode) -> Option<ControlFifo> {
    let entry = context.single(node, "control-fifo \"/run/ferrobgp/ferrobgp\"")?;
    match entry.value() {
        KdlValue::Bool(true) => Some(ControlFifo::RuntimeDirectory),
        KdlValue::Bool(false) => Some(ControlFifo::Off),
        _ => values::absolute_path(context, "control-fifo", entry, "path (or #true / #false)")
            .map(ControlFifo::Path),
    }
}

fn decode_log_level(context: &mut Context, node: &KdlNode) -> Option<LogLevel> {
    let entry = context.single(node, "log-level \"info\"")?;
    let word = values::string(context, "log-level", entry, "a quoted level like \"info\"")?;
    if let Some(level) = LogLevel::parse(word) {
        return Some(level);
    }
    let names: Vec<&str> = LogLevel::ALL.iter().map(|level| level.name()).collect();
    let help = match word {
        "warning" => "write \"warn\"".to_string(),
        _ => suggest::hint(word, &names),
    };
    context.push(
        Problem::new(
            "config::invalid-choice",
            format!("`{word}` is not a log level"),
            entry.span(),
            "expected error, warn, info, debug or trace",
        )
        .with_help(help),
    );
    None
}

fn decode_template(
    context: &mut Context,
    node: &KdlNode,
    names: &mut Once,
    top: &mut TopLevel,
    parse_route: RouteParser<'_>,
) {
    let shape = Shape::block("template \"transit\" { peer-as 65001 }")
        .with_arguments(super::context::Arguments::One);
    let Some(parts) = context.parts(node, shape) else {
        return;
    };
    let (Some(name_entry), Some(block)) = (parts.first(), parts.block) else {
        return;
    };
    let template_name = values::name(context, "template", name_entry, "template");
    let (settings, _) = neighbor::decode(context, block, Kind::Template, parse_route);
    if let Some(template_name) = template_name
        && names.first_key(context, template_name, name_entry.span(), name_entry.span())
    {
        top.templates.insert(template_name.to_string(), settings);
    }
}

fn decode_neighbor(
    context: &mut Context,
    node: &KdlNode,
    parse_route: RouteParser<'_>,
) -> Option<NeighborDraft> {
    let shape = Shape::block("neighbor \"192.0.2.2\" { peer-as 65001 }")
        .with_arguments(super::context::Arguments::One);
    let parts = context.parts(node, shape)?;
    let address_entry = parts.first()?;
    let block = parts.block?;
    let address = values::ip_address(context, "neighbor", address_entry);
    let (settings, inherit) = neighbor::decode(context, block, Kind::Neighbor, parse_route);
    Some(NeighborDraft {
        address: Spanned::new(address?, address_entry.span()),
        name_span: node.name().span(),
        settings,
        inherit,
    })
}
