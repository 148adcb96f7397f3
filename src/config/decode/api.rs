//! A neighbor's `api { … }` block: which helpers hear about the neighbor and what they hear,
//! with ExaBGP's keywords. Whether the named helpers exist is checked later, once every
//! `process` node has been read.
//!
//! ```kdl
//! api {
//!     processes "monitor" "healthcheck"
//!     neighbor-changes
//!     receive { parsed; update; notification }
//!     send { packets }
//! }
//! ```

use super::context::{Arguments, Context, Once, Shape, name};
use super::settings::BindingDraft;
use super::values;
use crate::config::diagnostic::Problem;
use crate::config::model::{ApiBinding, MessageSubscription};
use kdl::KdlNode;

const SETTINGS: &[&str] = &[
    "processes",
    "neighbor-changes",
    "negotiated",
    "fsm",
    "signal",
    "receive",
    "send",
];

/// One `api` block.
pub fn decode(context: &mut Context, node: &KdlNode) -> Option<BindingDraft> {
    let parts = context.parts(
        node,
        Shape::block("api { processes \"monitor\"; receive { parsed; update } }"),
    )?;
    let block = parts.block?;
    let mut binding = ApiBinding {
        processes: Vec::new(),
        neighbor_changes: false,
        negotiated: false,
        fsm: false,
        signal: false,
        receive: MessageSubscription::default(),
        send: MessageSubscription::default(),
    };
    let mut process_spans = Vec::new();
    let mut once = Once::default();
    let mut processes_written = false;
    for child in block.nodes() {
        let child_name = name(child);
        if !SETTINGS.contains(&child_name) {
            if child_name == "processes-match" {
                processes_written = true;
                context.push(
                    Problem::new(
                        "config::unsupported",
                        "`processes-match` is not supported",
                        child.name().span(),
                        "regular expressions over helper names",
                    )
                    .with_help("list the helpers by name: `processes \"a\" \"b\"`"),
                );
            } else {
                context.unknown_node(child, "api", SETTINGS);
            }
            continue;
        }
        if !once.first(context, child) {
            continue;
        }
        match child_name {
            "processes" => {
                processes_written = true;
                let shape = Shape::value("processes \"monitor\" \"healthcheck\"")
                    .with_arguments(Arguments::AtLeastOne);
                let Some(parts) = context.parts(child, shape) else {
                    continue;
                };
                for entry in parts.arguments {
                    if let Some(process) = values::name(context, "processes", entry, "helper") {
                        binding.processes.push(process.to_string());
                        process_spans.push(entry.span());
                    }
                }
            }
            "neighbor-changes" => binding.neighbor_changes = context.flag(child).unwrap_or(false),
            "negotiated" => binding.negotiated = context.flag(child).unwrap_or(false),
            "fsm" => binding.fsm = context.flag(child).unwrap_or(false),
            "signal" => binding.signal = context.flag(child).unwrap_or(false),
            "receive" => binding.receive = decode_messages(context, child),
            _ => binding.send = decode_messages(context, child),
        }
    }
    if !processes_written {
        context.push(
            Problem::new(
                "config::api-without-processes",
                "this `api` block names no helper",
                node.name().span(),
                "no `processes`",
            )
            .with_help("say which helpers get these events: `processes \"monitor\"`"),
        );
        return None;
    }
    Some(BindingDraft {
        binding,
        process_spans,
    })
}

/// `receive { … }` or `send { … }`: the nine ExaBGP keywords, each a flag.
fn decode_messages(context: &mut Context, node: &KdlNode) -> MessageSubscription {
    let mut subscription = MessageSubscription::default();
    let example = format!("{} {{ parsed; update }}", name(node));
    let Some(block) = context
        .parts(node, Shape::block(&example))
        .and_then(|parts| parts.block)
    else {
        return subscription;
    };
    let mut once = Once::default();
    for child in block.nodes() {
        let keyword = name(child);
        let Some(value) = keyword_flag(context, &mut once, child, keyword) else {
            continue;
        };
        if let Some(flag) = subscription.flag_mut(keyword) {
            *flag = value;
        }
    }
    subscription
}

fn keyword_flag(
    context: &mut Context,
    once: &mut Once,
    child: &KdlNode,
    keyword: &str,
) -> Option<bool> {
    if !MessageSubscription::KEYWORDS.contains(&keyword) {
        let keyword_help = match keyword {
            "updates" => Some("ExaBGP's `updates` is written `update` here"),
            "neighbor-changes" | "negotiated" | "fsm" | "signal" => {
                Some("this keyword goes directly in the `api` block, not in `receive`/`send`")
            }
            _ => None,
        };
        match keyword_help {
            Some(help) => context.push(
                Problem::new(
                    "config::unknown-node",
                    format!("unknown setting `{keyword}` in `receive`/`send`"),
                    child.name().span(),
                    "not known here",
                )
                .with_help(help),
            ),
            None => context.unknown_node(child, "receive`/`send", &MessageSubscription::KEYWORDS),
        }
        return None;
    }
    if !once.first(context, child) {
        return None;
    }
    context.flag(child)
}
