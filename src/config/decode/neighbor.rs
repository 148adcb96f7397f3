//! The body of a `neighbor` or `template` block: one setting per node, each checked for shape,
//! type and range, each at most once. `family`, `capability`, `api` and `announce` blocks are
//! decoded by their own modules.

use super::context::{Context, NEIGHBOR, Once, name};
use super::settings::{Settings, Spanned};
use super::{RouteParser, api, capability, routes, values};
use crate::config::diagnostic::Problem;
use crate::config::model::{Md5Key, Secret, Ttl};
use kdl::{KdlDocument, KdlNode};
use miette::SourceSpan;

/// Which kind of block is being decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Neighbor,
    Template,
}

/// TCP_MD5SIG_MAXKEYLEN in Linux's `uapi/linux/tcp.h`.
pub const MAXIMUM_MD5_KEY_LENGTH: usize = 80;

/// Decodes the block's settings; `inherit` names are returned with their spans.
pub fn decode(
    context: &mut Context,
    block: &KdlDocument,
    kind: Kind,
    parse_route: RouteParser<'_>,
) -> (Settings, Vec<Spanned<String>>) {
    let mut settings = Settings::default();
    let mut inherit = Vec::new();
    let mut once = Once::default();
    // The first of two settings that exclude each other, to label both when both are given.
    let mut md5_node: Option<(String, SourceSpan)> = None;
    let mut ttl_node: Option<(String, SourceSpan)> = None;
    for node in block.nodes() {
        let node_name = name(node);
        let repeatable = matches!(node_name, "api" | "announce");
        if NEIGHBOR.contains(&node_name) && !repeatable && !once.first(context, node) {
            continue;
        }
        let before = context.problems.len();
        match node_name {
            "inherit" => inherit = decode_inherit(context, node, kind),
            "peer-as" => {
                settings.peer_as = context
                    .single(node, "peer-as 65001")
                    .and_then(|entry| values::asn(context, node_name, entry));
            }
            "local-as" => {
                settings.local_as = context
                    .single(node, "local-as 65000")
                    .and_then(|entry| values::asn(context, node_name, entry));
            }
            "router-id" => {
                settings.router_id = context
                    .single(node, "router-id \"192.0.2.1\"")
                    .and_then(|entry| values::ipv4_address(context, node_name, entry));
            }
            "local-address" => {
                settings.local_address = context
                    .single(node, "local-address \"192.0.2.1\"")
                    .and_then(|entry| {
                        values::ip_address(context, node_name, entry)
                            .map(|address| Spanned::new(address, entry.span()))
                    });
            }
            "description" => {
                settings.description = context
                    .single(node, "description \"transit A\"")
                    .and_then(|entry| values::string(context, node_name, entry, "a quoted text"))
                    .map(String::from);
            }
            "hold-time" => settings.hold_time = decode_hold_time(context, node),
            "passive" => {
                settings.passive = context
                    .flag(node)
                    .map(|passive| Spanned::new(passive, node.span()));
            }
            "connect-port" => {
                settings.connect_port = context
                    .single(node, "connect-port 179")
                    .and_then(|entry| values::port(context, node_name, entry));
            }
            "md5-password" | "md5-password-file" => {
                exclusive(context, &mut md5_node, node);
                settings.md5 = decode_md5(context, node);
            }
            "ttl-security" | "outgoing-ttl" => {
                exclusive(context, &mut ttl_node, node);
                settings.ttl = decode_ttl(context, node);
            }
            "family" => settings.families = capability::decode_families(context, node),
            "capability" => capability::decode_capabilities(context, node, &mut settings),
            "group-updates" => settings.group_updates = context.flag(node),
            "manual-eor" => settings.manual_eor = context.flag(node),
            "adj-rib-in" => settings.adj_rib_in = context.flag(node),
            "adj-rib-out" => settings.adj_rib_out = context.flag(node),
            "api" => settings.api.extend(api::decode(context, node)),
            "announce" => {
                settings
                    .routes
                    .extend(routes::decode(context, node, parse_route));
            }
            _ => {
                let block_name = match kind {
                    Kind::Neighbor => "neighbor",
                    Kind::Template => "template",
                };
                context.unknown_node(node, block_name, NEIGHBOR);
            }
        }
        if context.problems.len() > before {
            settings.invalid.insert(node_name.to_string());
        }
    }
    (settings, inherit)
}

/// `inherit "a" "b"` (neighbors only).
fn decode_inherit(context: &mut Context, node: &KdlNode, kind: Kind) -> Vec<Spanned<String>> {
    if kind == Kind::Template {
        context.push(
            Problem::new(
                "config::nested-template",
                "a template cannot inherit another template",
                node.name().span(),
                "inherit inside a template",
            )
            .with_help(
                "list every template in the neighbor instead: `inherit \"base\" \"transit\"`",
            ),
        );
        return Vec::new();
    }
    let example = "inherit \"transit\" \"monitored\"";
    let shape =
        super::context::Shape::value(example).with_arguments(super::context::Arguments::AtLeastOne);
    let Some(parts) = context.parts(node, shape) else {
        return Vec::new();
    };
    parts
        .arguments
        .iter()
        .filter_map(|entry| {
            values::name(context, "inherit", entry, "template")
                .map(|template| Spanned::new(template.to_string(), entry.span()))
        })
        .collect()
}

/// RFC 4271 §4.2: "Hold Time MUST be either zero or at least three seconds."
fn decode_hold_time(context: &mut Context, node: &KdlNode) -> Option<u16> {
    let entry = context.single(node, "hold-time 90")?;
    let seconds = values::integer(
        context,
        "hold-time",
        entry,
        0..=65535,
        "0, or from 3 to 65535 seconds",
    )?;
    if seconds == 1 || seconds == 2 {
        context.push(
            Problem::new(
                "config::out-of-range",
                format!("`hold-time` {seconds} is out of range"),
                entry.span(),
                "must be 0, or from 3 to 65535 seconds",
            )
            .with_help(
                "RFC 4271 §4.2: \"Hold Time MUST be either zero or at least three seconds\"",
            ),
        );
        return None;
    }
    u16::try_from(seconds).ok()
}

/// Reports the second of two mutually exclusive settings (`md5-password` and
/// `md5-password-file`, `ttl-security` and `outgoing-ttl`).
fn exclusive(context: &mut Context, first: &mut Option<(String, SourceSpan)>, node: &KdlNode) {
    let node_name = name(node);
    match first {
        None => *first = Some((node_name.to_string(), node.name().span())),
        Some((first_name, first_span)) if first_name != node_name => {
            context.push(
                Problem::new(
                    "config::conflict",
                    format!("`{node_name}` and `{first_name}` exclude each other"),
                    node.name().span(),
                    "second one",
                )
                .with_related(*first_span, "first one")
                .with_help("keep one of them"),
            );
        }
        Some(_) => {}
    }
}

/// `md5-password "key"` or `md5-password-file "/path"`. The key is never put in a message.
fn decode_md5(context: &mut Context, node: &KdlNode) -> Option<Md5Key> {
    let node_name = name(node);
    if node_name == "md5-password-file" {
        let entry = context.single(
            node,
            "md5-password-file \"/run/credentials/ferrobgp.service/peer\"",
        )?;
        return values::absolute_path(context, node_name, entry, "file path").map(Md5Key::File);
    }
    let entry = context.single(node, "md5-password \"key\"")?;
    if entry
        .ty()
        .is_some_and(|annotation| annotation.value() == "redacted")
    {
        context.push(
            Problem::new(
                "config::redacted-secret",
                "this key was redacted by `ferrobgp check --print`",
                entry.span(),
                "not the real key",
            )
            .with_help(
                "write the real key, or better keep it out of the file with `md5-password-file`",
            ),
        );
        return None;
    }
    let key = values::string(context, node_name, entry, "a quoted key")?;
    if key.is_empty() || key.len() > MAXIMUM_MD5_KEY_LENGTH {
        context.push(
            Problem::new(
                "config::out-of-range",
                format!("the TCP-MD5 key has {} bytes", key.len()),
                entry.span(),
                format!("must have 1 to {MAXIMUM_MD5_KEY_LENGTH} bytes"),
            )
            .with_help("Linux accepts keys of up to 80 bytes (TCP_MD5SIG_MAXKEYLEN)"),
        );
        return None;
    }
    Some(Md5Key::Inline(Secret::new(key.to_string())))
}

/// `ttl-security HOPS` (GTSM, RFC 5082) or `outgoing-ttl TTL`.
fn decode_ttl(context: &mut Context, node: &KdlNode) -> Option<Ttl> {
    let node_name = name(node);
    if node_name == "ttl-security" {
        let entry = context.single(node, "ttl-security 1")?;
        let hops = values::integer(
            context,
            node_name,
            entry,
            1..=254,
            "a hop count from 1 to 254",
        )?;
        return u8::try_from(hops).ok().map(|hops| Ttl::Security { hops });
    }
    let entry = context.single(node, "outgoing-ttl 2")?;
    let ttl = values::integer(context, node_name, entry, 1..=255, "a TTL from 1 to 255")?;
    u8::try_from(ttl).ok().map(Ttl::Outgoing)
}
